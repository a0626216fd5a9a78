//! The outcome banner: completed, or a deadlock with its cycle, a stall with who waits for
//! what, a limit or a run-time error, explained in words; and, whatever the outcome, the
//! crashes (with the process that died) and the daemons killed when their process ended.

use crate::i18n::{self, tr, Key, Lang};
use crate::state::Shared;
use threadlab_sim::trace::{EventKind, Reason};
use threadlab_sim::{Outcome, RunResult};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    pub run: Shared<RunResult>,
    pub lang: Lang,
}

/// What the fates of the run say, in sentences: one per crash ("worker_bug crashed at t = 5,
/// its process (worker) died: 2 threads crashed") and one per group of daemons killed at once
/// ("daemon logger killed at t = 13 (last non-daemon thread ended)"). Read off the crash and
/// kill events (the fates they give are `crashed` and `killed`).
pub fn fate_notes(r: &RunResult, l: Lang) -> Vec<String> {
    let mut out = Vec::new();
    // Daemons killed at the same tick in the same process, gathered as they come.
    let mut killed: Vec<(u64, &str, Vec<&str>)> = Vec::new();
    let mut crashes: Vec<(u64, u32, usize)> = Vec::new();
    for e in r.events.iter().filter(|e| matches!(e.kind, EventKind::Crash | EventKind::Kill)) {
        let th = &r.threads[e.thread as usize];
        match (e.kind, e.reason) {
            (EventKind::Crash, _) => crashes.push((e.tick, e.thread, 1)),
            (EventKind::Kill, Reason::ProcessCrashed) => {
                if let Some(c) = crashes.iter_mut().rev().find(|c| Some(c.1) == e.other) {
                    c.2 += 1;
                }
            }
            (EventKind::Kill, _) => match killed.last_mut() {
                Some((tick, p, names)) if *tick == e.tick && *p == th.process => names.push(&th.name),
                _ => killed.push((e.tick, &th.process, vec![&th.name])),
            },
            _ => {}
        }
    }
    for (tick, t, n) in crashes {
        let (who, p) = (r.thread_name(t), &r.threads[t as usize].process);
        out.push(match l {
            Lang::En => {
                let s = if n == 1 { "" } else { "s" };
                format!("{who} crashed at t = {tick}, its process ({p}) died: {n} thread{s} crashed")
            }
            Lang::Zh => format!("{who} 在 t = {tick} 崩溃，它的进程（{p}）随之终止：{n} 个线程崩溃"),
        });
    }
    for (tick, _, names) in killed {
        let list = i18n::names(l, &names, 8);
        out.push(match l {
            Lang::En => {
                let s = if names.len() == 1 { "" } else { "s" };
                format!("daemon{s} {list} killed at t = {tick} (last non-daemon thread ended)")
            }
            Lang::Zh => format!("守护线程 {list} 在 t = {tick} 被终止（最后一个非守护线程结束了）"),
        });
    }
    out
}

#[component]
pub fn OutcomeBanner(props: &OutcomeProps) -> Html {
    let l = props.lang;
    let r = &props.run;
    let names = |ids: &[u32]| ids.iter().map(|&t| r.thread_name(t).to_string()).collect::<Vec<_>>();
    // What a stuck thread waits for: the core's sentence, or built from its fields in 简体中文.
    let wait = |w: &threadlab_sim::result::Wait| match l {
        Lang::En => w.text.clone(),
        Lang::Zh => {
            let t = r.thread_name(w.thread);
            match (w.cause, w.object) {
                (None, _) => format!("{t} 从未启动"),
                (Some(c), o) => {
                    let obj = o.map(|o| format!(" {}", r.object_name(o))).unwrap_or_default();
                    let on = w.on.map(|x| format!("（取决于 {}）", r.thread_name(x))).unwrap_or_default();
                    format!("{t} 永远等待 {}{obj}{on}", c.as_str())
                }
            }
        }
    };
    let (headline, mut details): (String, Vec<String>) = match &r.outcome {
        Outcome::Completed => (tr(l, Key::Completed).to_string(), vec![]),
        Outcome::Deadlock { cycle, tick, waits } => {
            let mut c = names(cycle);
            c.push(c[0].clone());
            (format!("{} t={tick}: {}", tr(l, Key::Deadlock), c.join(" → ")), waits.iter().map(wait).collect())
        }
        Outcome::Stalled { tick, waits, .. } => {
            (format!("{} t={tick}", tr(l, Key::Stalled)), waits.iter().map(wait).collect())
        }
        Outcome::Limit { tick, reason } => {
            (format!("{} t={tick}", tr(l, Key::Limit)), vec![i18n::limit_reason(l, reason)])
        }
        Outcome::Pick { tick, core, threads, wrong, .. } => (
            format!(
                "{} t={tick}, {} {core}: {}",
                tr(l, Key::WaitingPick),
                tr(l, Key::Core),
                names(threads).join(" | ")
            ),
            wrong.iter().map(|&w| format!("{} {}", r.thread_name(w), tr(l, Key::NotRunnableThen))).collect(),
        ),
        Outcome::Error { thread, tick, reason } => {
            (format!("{} t={tick}, {}", tr(l, Key::Error), r.thread_name(*thread)), vec![i18n::run_error(l, reason)])
        }
    };
    let kind = r.outcome.kind();
    // Whatever the outcome: the crashes and the daemons killed.
    details.extend(fate_notes(r, l));
    html! {
        <div id="outcome" class={classes!("outcome", kind)} data-kind={kind} role="status">
            <strong>{ tr(l, Key::Outcome) }{ ": " }{ headline }</strong>
            if !details.is_empty() { <ul>{ for details.iter().map(|d| html! { <li>{ d }</li> }) }</ul> }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preset(name: &str) -> RunResult {
        threadlab_sim::run(threadlab_sim::presets::find(name).expect("a preset").text).expect("a valid preset")
    }

    #[test]
    fn the_crash_preset_names_the_crash_and_its_process() {
        let r = preset("crash-isolation");
        assert_eq!(
            fate_notes(&r, Lang::En),
            ["worker_bug crashed at t = 5, its process (worker) died: 2 threads crashed"]
        );
        assert_eq!(fate_notes(&r, Lang::Zh), ["worker_bug 在 t = 5 崩溃，它的进程（worker）随之终止：2 个线程崩溃"]);
    }

    #[test]
    fn the_daemon_preset_names_the_killed_daemon() {
        let r = preset("daemon-cutoff");
        assert_eq!(fate_notes(&r, Lang::En), ["daemon logger killed at t = 13 (last non-daemon thread ended)"]);
        assert_eq!(fate_notes(&r, Lang::Zh), ["守护线程 logger 在 t = 13 被终止（最后一个非守护线程结束了）"]);
    }

    #[test]
    fn daemons_killed_together_are_one_sentence() {
        let r = threadlab_sim::run("cores 4\nthread main { cpu 2 }\nthread d daemon x 3 { cpu 10 }").expect("valid");
        assert_eq!(fate_notes(&r, Lang::En), ["daemons d.1, d.2, d.3 killed at t = 2 (last non-daemon thread ended)"]);
        let quiet = threadlab_sim::run("thread a { cpu 2 }").expect("valid");
        assert!(fate_notes(&quiet, Lang::En).is_empty());
    }
}
