//! The classroom panels between the app and the classroom (OSTEP) module, which holds them so
//! that they are not part of the first load: what the app sends each panel, as text (written
//! in the first load, read by the panel), and what comes back.
//!
//! **Predict mode** (`components/predict_panel.rs`): the app's state of a question ([`encode`],
//! read back by [`decode`]), and the panel's answers and buttons as the app's messages
//! ([`message`]). The text is six lines: `current questions tick revealed pending has_run right total done`
//! (the tick `-` at the end, flags 0/1); the thread names; the learner's states; the learner's
//! figures `turnaround/response`; the right states; the right figures (lists comma separated,
//! an unanswered value empty). Names never hold a comma, a slash or a newline.
//! The panel's messages: `s THREAD STATE`, `t THREAD N`, `r THREAD N` (an empty value: no
//! answer), `check`, `next`, `leave`, `new TEXT` (a new problem's scenario).

use crate::state::{Figure, Msg, Predict};
use std::fmt::Write;
use threadlab_sim::trace::State;
use threadlab_sim::Outcome;
use threadlab_sim::RunResult;

/// What predict mode's panel shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PredictView {
    pub current: usize,
    /// Questions in all (the one at the end included).
    pub questions: usize,
    /// The tick of the current question (`None`: the question at the end).
    pub tick: Option<u64>,
    pub revealed: bool,
    /// A newer text's run is on its way: no checking yet.
    pub pending: bool,
    /// A run is on screen (the panel lists its threads).
    pub has_run: bool,
    pub right: u32,
    pub total: u32,
    pub done: bool,
    pub names: Vec<String>,
    pub states: Vec<Option<State>>,
    pub figures: Vec<(Option<u64>, Option<u64>)>,
    pub truth: Vec<State>,
    pub truth_figures: Vec<(Option<u64>, Option<u64>)>,
}

fn state(v: &str) -> Option<State> {
    State::ALL.into_iter().find(|s| s.as_str() == v)
}

fn num(v: &str) -> Option<u64> {
    v.parse().ok()
}

fn list<T>(out: &mut String, items: &[T], f: impl Fn(&mut String, &T)) {
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        f(out, x);
    }
    out.push('\n');
}

fn figure(out: &mut String, &(t, r): &(Option<u64>, Option<u64>)) {
    if let Some(t) = t {
        let _ = write!(out, "{t}");
    }
    out.push('/');
    if let Some(r) = r {
        let _ = write!(out, "{r}");
    }
}

/// The text of predict mode `p` about the run on screen (`pending`: a newer one is coming).
pub fn encode(p: &Predict, run: Option<&RunResult>, pending: bool) -> String {
    let mut out = String::new();
    let flag = |b: bool| if b { 1 } else { 0 };
    let _ = write!(out, "{} {} ", p.current, p.ticks.len() + 1);
    match p.tick() {
        Some(t) => {
            let _ = write!(out, "{t}");
        }
        None => out.push('-'),
    }
    let _ = writeln!(
        out,
        " {} {} {} {} {} {}",
        flag(p.revealed),
        flag(pending),
        flag(run.is_some()),
        p.right,
        p.total,
        flag(p.done())
    );
    let names: &[threadlab_sim::result::ThreadStats] = run.map_or(&[], |r| &r.threads);
    list(&mut out, names, |o, t| o.push_str(&t.name));
    list(&mut out, &p.states, |o, s| o.push_str(s.map_or("", State::as_str)));
    list(&mut out, &p.figures, figure);
    list(&mut out, &p.truth, |o, s| o.push_str(s.as_str()));
    list(&mut out, &p.truth_figures, figure);
    out
}

/// The panel's reading of [`encode`]'s text.
pub fn decode(text: &str) -> Option<PredictView> {
    let mut lines = text.split('\n');
    let head: Vec<&str> = lines.next()?.split(' ').collect();
    let [current, questions, tick, revealed, pending, has_run, right, total, done] = head[..] else { return None };
    // An empty line is an empty list (a list of one unanswered state reads as no answer).
    let mut items = || -> Vec<String> {
        match lines.next().unwrap_or("") {
            "" => Vec::new(),
            l => l.split(',').map(str::to_string).collect(),
        }
    };
    let names = items();
    let states = items().iter().map(|s| state(s)).collect();
    let figs = |v: Vec<String>| -> Vec<(Option<u64>, Option<u64>)> {
        v.iter()
            .map(|f| {
                let (t, r) = f.split_once('/').unwrap_or((f, ""));
                (num(t), num(r))
            })
            .collect()
    };
    let figures = figs(items());
    let truth = items().iter().filter_map(|s| state(s)).collect();
    let truth_figures = figs(items());
    Some(PredictView {
        current: current.parse().ok()?,
        questions: questions.parse().ok()?,
        tick: num(tick),
        revealed: revealed == "1",
        pending: pending == "1",
        has_run: has_run == "1",
        right: right.parse().ok()?,
        total: total.parse().ok()?,
        done: done == "1",
        names,
        states,
        figures,
        truth,
        truth_figures,
    })
}

/// The app's messages for one of the panel's (none when it is not one of them).
pub fn message(m: &str) -> Vec<Msg> {
    let (word, rest) = m.split_once(' ').unwrap_or((m, ""));
    let answer = |f: &dyn Fn(u32, &str) -> Msg| {
        let (t, v) = rest.split_once(' ').unwrap_or((rest, ""));
        t.parse().ok().map(|t| f(t, v)).into_iter().collect()
    };
    match word {
        "s" => answer(&|t, v| Msg::PredictState(t, state(v))),
        "t" => answer(&|t, v| Msg::PredictFigure(t, Figure::Turnaround, num(v))),
        "r" => answer(&|t, v| Msg::PredictFigure(t, Figure::Response, num(v))),
        "check" => vec![Msg::PredictCheck],
        "next" => vec![Msg::PredictNext],
        "leave" => vec![Msg::PredictLeave],
        "new" => vec![Msg::Open(rest.to_string()), Msg::PredictStart(None)],
        _ => vec![],
    }
}

/// **You are the scheduler** (`components/drive_panel.rs`; a pick comes back as the text with
/// the new `picks`, `threadlab:edit`): where the run on screen waits, as the panel shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DriveView {
    /// The run's outcome kind (`pick` while it waits for one).
    pub kind: String,
    pub tick: u64,
    pub core: u32,
    /// The waiting threads, in queue order.
    pub threads: Vec<String>,
    /// The pick that named a thread not waiting (empty: none).
    pub wrong: String,
    /// Picks used so far.
    pub made: usize,
    /// The goal's status (`met`, `open`, `missed`; empty without a goal).
    pub goal: String,
    /// A newer text's run is on its way: no pick until it is here.
    pub pending: bool,
}

/// The text of where `r` waits: `kind tick core made goal pending wrong` (`-` for an empty
/// word), then the waiting threads, comma separated.
pub fn encode_drive(r: &RunResult, pending: bool) -> String {
    let made = r.picks_made;
    let goal = r.goal.map_or("-", |g| g.status.as_str());
    let (mut tick, mut core, mut wrong, mut threads) = (0, 0, "-", String::new());
    if let Outcome::Pick { tick: t, core: c, threads: ts, wrong: w, .. } = &r.outcome {
        (tick, core) = (*t, *c);
        wrong = w.map_or("-", |w| r.thread_name(w));
        list(&mut threads, ts, |o, &t| o.push_str(r.thread_name(t)));
    }
    format!("{} {tick} {core} {made} {goal} {} {wrong}\n{threads}", r.outcome.kind(), u8::from(pending))
}

/// The panel's reading of [`encode_drive`]'s text.
pub fn decode_drive(text: &str) -> Option<DriveView> {
    let (head, threads) = text.split_once('\n')?;
    let w: Vec<&str> = head.split(' ').collect();
    let [kind, tick, core, made, goal, pending, wrong] = w[..] else { return None };
    let word = |s: &str| if s == "-" { String::new() } else { s.to_string() };
    Some(DriveView {
        kind: kind.to_string(),
        tick: tick.parse().ok()?,
        core: core.parse().ok()?,
        threads: threads.trim_end().split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        wrong: word(wrong),
        made: made.parse().ok()?,
        goal: word(goal),
        pending: pending == "1",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_panel_reads_what_the_app_sends() {
        let run = threadlab_sim::run("thread a { cpu 2 }\nthread b { cpu 1; io 2 }").expect("valid");
        let mut p = Predict::new(vec![1, 3]);
        p.current = 1;
        p.states = vec![Some(State::Running), None];
        p.figures = vec![(Some(4), None), (None, Some(0))];
        p.revealed = true;
        p.truth = vec![State::Dead, State::Blocked];
        p.truth_figures = vec![(Some(2), Some(0)), (None, None)];
        p.right = 3;
        p.total = 5;
        let v = decode(&encode(&p, Some(&run), true)).expect("decodes");
        assert_eq!(
            v,
            PredictView {
                current: 1,
                questions: 3,
                tick: Some(3),
                revealed: true,
                pending: true,
                has_run: true,
                right: 3,
                total: 5,
                done: false,
                names: vec!["a".into(), "b".into()],
                states: vec![Some(State::Running), None],
                figures: vec![(Some(4), None), (None, Some(0))],
                truth: vec![State::Dead, State::Blocked],
                truth_figures: vec![(Some(2), Some(0)), (None, None)],
            }
        );
        let none = decode(&encode(&Predict::new(vec![]), None, false)).expect("decodes");
        assert_eq!((none.tick, none.has_run, none.names.len(), none.questions), (None, false, 0, 1));
        assert_eq!(decode("1 2"), None);
    }

    #[test]
    fn the_app_reads_the_panels_messages() {
        assert_eq!(message("s 1 blocked"), [Msg::PredictState(1, Some(State::Blocked))]);
        assert_eq!(message("s 0 "), [Msg::PredictState(0, None)]);
        assert_eq!(message("t 2 14"), [Msg::PredictFigure(2, Figure::Turnaround, Some(14))]);
        assert_eq!(message("r 2 "), [Msg::PredictFigure(2, Figure::Response, None)]);
        assert_eq!(message("check"), [Msg::PredictCheck]);
        assert_eq!(
            message("new thread a { cpu 1 }"),
            [Msg::Open("thread a { cpu 1 }".into()), Msg::PredictStart(None)]
        );
        assert_eq!(message("s x running"), []);
        assert_eq!(message("bogus"), []);
    }

    #[test]
    fn the_drive_panel_reads_where_the_run_waits() {
        let text = "scheduler fifo\npicks a a\ngoal deadlock\nthread a { cpu 1; sleep 5; cpu 1 }\nthread b { cpu 3 }\nthread c { cpu 3 }";
        let r = threadlab_sim::run(text).expect("valid");
        let v = decode_drive(&encode_drive(&r, true)).expect("decodes");
        let want = DriveView {
            kind: "pick".into(),
            tick: 1,
            core: 0,
            threads: vec!["b".into(), "c".into()],
            wrong: "a".into(),
            made: 1,
            goal: "open".into(),
            pending: true,
        };
        assert_eq!(v, want);
        let done = threadlab_sim::run("picks\nthread a { cpu 1 }").expect("valid");
        let v = decode_drive(&encode_drive(&done, false)).expect("decodes");
        assert_eq!((v.kind.as_str(), v.threads.len(), v.goal.as_str(), v.wrong.as_str()), ("completed", 0, "", ""));
        assert_eq!(decode_drive("pick 1 0"), None);
    }
}
