//! The thread lifecycle diagram, live at the cursor: New → Runnable → Running → Blocked →
//! Dead, each state with how many threads are in it, the chosen thread's state highlighted
//! and the transition it took last drawn bold, with the core's reason for it.

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use crate::timeline::{describe, state_at};
use std::rc::Rc;
use threadlab_share::decimal::Short;
use threadlab_sim::trace::{Segment, State, ThreadId};
use threadlab_sim::RunResult;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LifecycleProps {
    pub run: Shared<RunResult>,
    pub lanes: Rc<Vec<Vec<Segment>>>,
    pub tick: u64,
    pub lang: Lang,
}

const STATES: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

/// Centre of a state's box in the diagram.
fn node(s: State) -> (f64, f64) {
    match s {
        State::New => (45.0, 40.0),
        State::Runnable => (165.0, 40.0),
        State::Running => (295.0, 40.0),
        State::Blocked => (230.0, 118.0),
        State::Dead => (415.0, 40.0),
    }
}

/// The arrows of the diagram: every transition the engine makes.
const EDGES: [(State, State); 8] = [
    (State::New, State::Runnable),
    (State::Runnable, State::Running),
    (State::Running, State::Runnable),
    (State::Running, State::Blocked),
    (State::Blocked, State::Runnable),
    (State::Running, State::Dead),
    (State::Blocked, State::Dead),
    (State::Runnable, State::Dead),
];

/// The last transition of thread `t` at or before `tick`: (from, to, when).
pub fn last_transition(lanes: &[Vec<Segment>], r: &RunResult, t: ThreadId, tick: u64) -> Option<(State, State, u64)> {
    let lane = &lanes[t as usize];
    let now = state_at(lanes, r, t, tick);
    if now == State::Dead {
        let end = r.threads[t as usize].end?;
        let before = lane.iter().rev().find(|s| s.start < end).map(|s| s.state).unwrap_or(State::New);
        return Some((before, State::Dead, end));
    }
    let i = lane.partition_point(|s| s.end <= tick);
    let seg = lane.get(i).filter(|s| s.start <= tick)?;
    // Merged segments of the same state (e.g. blocked on I/O, then on a lock) are one state.
    let mut j = i;
    while j > 0 && lane[j - 1].state == seg.state && lane[j - 1].end == lane[j].start {
        j -= 1;
    }
    let from = if j == 0 { State::New } else { lane[j - 1].state };
    Some((from, seg.state, lane[j].start))
}

/// A state's name in `l` ("Running", "运行").
pub fn state_word(l: Lang, s: State) -> &'static str {
    match (l, s) {
        (Lang::En, _) => match s {
            State::New => "New",
            State::Runnable => "Runnable",
            State::Running => "Running",
            State::Blocked => "Blocked",
            State::Dead => "Dead",
        },
        (Lang::Zh, State::New) => "新建",
        (Lang::Zh, State::Runnable) => "就绪",
        (Lang::Zh, State::Running) => "运行",
        (Lang::Zh, State::Blocked) => "阻塞",
        (Lang::Zh, State::Dead) => "终止",
    }
}

#[component]
pub fn Lifecycle(props: &LifecycleProps) -> Html {
    let chosen = use_state(|| 0u32);
    let r = &props.run;
    let t = (*chosen).min(r.threads.len().saturating_sub(1) as u32);
    let l = props.lang;
    let counts: Vec<usize> = {
        let mut c = [0usize; 5];
        for th in 0..r.threads.len() as u32 {
            c[STATES.iter().position(|&s| s == state_at(&props.lanes, r, th, props.tick)).unwrap_or(0)] += 1;
        }
        c.to_vec()
    };
    let now = state_at(&props.lanes, r, t, props.tick);
    let last = last_transition(&props.lanes, r, t, props.tick);
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(v) = sel.value().parse::<u32>() {
                chosen.set(v);
            }
        })
    };
    let edges = EDGES.iter().map(|&(a, b)| {
        let ((x0, y0), (x1, y1)) = (node(a), node(b));
        // Two arrows between Runnable and Running: above for dispatch, below for preemption.
        let off = match (a, b) {
            (State::Runnable, State::Running) => -7.0,
            (State::Running, State::Runnable) => 7.0,
            _ => 0.0,
        };
        let taken = last.is_some_and(|(f, to, _)| (f, to) == (a, b));
        let (dx, dy) = (x1 - x0, y1 - y0);
        let len = (dx * dx + dy * dy).sqrt().max(1.0);
        // Stop at the boxes' edges (boxes are 90 × 28).
        let k0 = (45.0 / dx.abs().max(1e-9)).min(14.0 / dy.abs().max(1e-9)).min(1.0) * len;
        let (ux, uy) = (dx / len, dy / len);
        let (sx, sy) = (x0 + ux * k0, y0 + uy * k0 + off);
        let (ex, ey) = (x1 - ux * k0, y1 - uy * k0 + off);
        let id = format!("edge-{}-{}", a.as_str(), b.as_str());
        html! {
            <line {id} class={classes!("edge", taken.then_some("taken"))} x1={Short(sx).to_string()} y1={Short(sy).to_string()}
                x2={Short(ex).to_string()} y2={Short(ey).to_string()} marker-end="url(#arrow)" />
        }
    });
    let nodes = STATES.iter().zip(&counts).map(|(&s, &n)| {
        let (x, y) = node(s);
        html! {
            <g class={classes!("node", (s == now).then_some("now"))} data-state={s.as_str()} data-count={n.to_string()}>
                <rect x={Short(x - 45.0).to_string()} y={Short(y - 14.0).to_string()} width="90" height="28" rx="6" />
                <text x={Short(x).to_string()} y={Short(y + 5.0).to_string()} text-anchor="middle">
                    { format!("{} ({n})", state_word(l, s)) }
                </text>
            </g>
        }
    });
    // The reason of the last transition, from the core's events of that thread at that tick.
    let why = last.map(|(f, to, when)| {
        let reason = r
            .events
            .iter()
            .filter(|e| e.tick == when && e.thread == t)
            .map(|e| describe(r, &e, l))
            .collect::<Vec<_>>()
            .join("; ");
        format!(
            "t={when}: {} → {}{}",
            state_word(l, f),
            state_word(l, to),
            if reason.is_empty() { String::new() } else { format!(" — {reason}") }
        )
    });
    html! {
        <section class="lifecycle-panel">
            <h2>{ tr(l, Key::Lifecycle) }</h2>
            <label for="lifecycle-thread">{ tr(l, Key::LifecycleOf) }{ " " }</label>
            <select id="lifecycle-thread" onchange={on_pick}>
                { for r.threads.iter().enumerate().map(|(i, th)| html! {
                    <option value={i.to_string()} selected={i as u32 == t}>{ th.name.clone() }</option>
                }) }
            </select>
            <svg id="lifecycle" viewBox="0 0 470 140" role="img" data-now={now.as_str()}
                data-last={last.map(|(f, to, _)| format!("{}-{}", f.as_str(), to.as_str())).unwrap_or_default()}
                aria-label={format!("{}: {}", r.thread_name(t), state_word(l, now))}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for edges }
                { for nodes }
            </svg>
            <p id="lifecycle-why" class="note">{ why.unwrap_or_default() }</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_transition_follows_the_trace() {
        let r = threadlab_sim::run("cores 1\nthread a { cpu 3; io 4; cpu 2 }\nthread b { cpu 2 }").unwrap();
        let lanes = r.thread_lanes();
        let b = r.thread_id("b").unwrap();
        // a runs 0-3 (New → Running at 0: it starts and is dispatched at once).
        assert_eq!(last_transition(&lanes, &r, 0, 1).map(|x| (x.0, x.1)), Some((State::New, State::Running)));
        assert_eq!(last_transition(&lanes, &r, 0, 4), Some((State::Running, State::Blocked, 3)));
        assert_eq!(last_transition(&lanes, &r, b, 1), Some((State::New, State::Runnable, 0)));
        assert_eq!(last_transition(&lanes, &r, b, 3), Some((State::Runnable, State::Running, 3)));
        let end = r.threads[0].end.unwrap();
        assert_eq!(last_transition(&lanes, &r, 0, end + 5), Some((State::Running, State::Dead, end)));
    }
}
