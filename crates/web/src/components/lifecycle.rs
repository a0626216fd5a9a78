//! The thread lifecycle diagram, live at the cursor: New → Runnable → Running → Blocked →
//! Dead, each state with how many threads are in it, the chosen thread's state highlighted
//! and the transition it took last lit (class `lit`), with the core's reason for it. Every
//! transition a thread can take has its arrow (with `data-from`/`data-to`), routed around the
//! boxes, so the one the caption names is always the one lit.

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use crate::timeline::{describe, event, events_range, state_at};
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

/// Half the width and height of a state's box.
const HALF: (f64, f64) = (45.0, 14.0);

/// Centre of a state's box in the diagram (viewBox 520 × 190): New, Runnable, Running and
/// Dead in a row, Blocked below between Runnable and Running.
pub fn node(s: State) -> (f64, f64) {
    match s {
        State::New => (55.0, 70.0),
        State::Runnable => (185.0, 70.0),
        State::Running => (335.0, 70.0),
        State::Blocked => (260.0, 160.0),
        State::Dead => (470.0, 70.0),
    }
}

/// A state's box: (left, top, right, bottom).
pub fn rect(s: State) -> (f64, f64, f64, f64) {
    let (x, y) = node(s);
    (x - HALF.0, y - HALF.1, x + HALF.0, y + HALF.1)
}

/// One arrow of the diagram: its transition, whether it is one of the textbook's (the others,
/// drawn dashed, are the shortcuts the engine takes within one tick: started and dispatched
/// at once, woken and dispatched at once, killed while waiting…) and its route as SVG path
/// data: a polyline ("M x y L x y …") from the edge of the first box to the edge of the second
/// that goes around every other box.
pub struct Edge {
    pub from: State,
    pub to: State,
    pub classic: bool,
    pub d: &'static str,
}

use State::{Blocked as B, Dead as D, New as N, Runnable as Q, Running as R};

/// Every transition a thread can take (any state to any other, except back to New or out of
/// Dead: 13 arrows), so whatever the trace does, the caption's transition has an arrow.
pub const EDGES: [Edge; 13] = [
    Edge { from: N, to: Q, classic: true, d: "M 100 70 L 140 70" },
    Edge { from: Q, to: R, classic: true, d: "M 230 63 L 290 63" },
    Edge { from: R, to: Q, classic: true, d: "M 290 77 L 230 77" },
    Edge { from: R, to: B, classic: true, d: "M 320 84 L 285 146" },
    Edge { from: B, to: Q, classic: true, d: "M 230 146 L 195 84" },
    Edge { from: R, to: D, classic: true, d: "M 380 70 L 425 70" },
    // Shortcuts, routed around the boxes in between.
    Edge { from: N, to: R, classic: false, d: "M 75 56 L 75 32 L 315 32 L 315 56" },
    Edge { from: B, to: R, classic: false, d: "M 300 146 L 335 84" },
    Edge { from: Q, to: B, classic: false, d: "M 210 84 L 245 146" },
    Edge { from: N, to: B, classic: false, d: "M 55 84 L 55 160 L 215 160" },
    Edge { from: B, to: D, classic: false, d: "M 305 160 L 455 160 L 455 84" },
    Edge { from: Q, to: D, classic: false, d: "M 200 56 L 200 20 L 480 20 L 480 56" },
    Edge { from: N, to: D, classic: false, d: "M 35 56 L 35 8 L 495 8 L 495 56" },
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
            c[state_at(&props.lanes, r, th, props.tick) as usize] += 1;
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
    let taken = last.map(|(f, to, _)| (f, to));
    let arrow = |e: &Edge| {
        let lit = taken == Some((e.from, e.to));
        let id = format!("edge-{}-{}", e.from.as_str(), e.to.as_str());
        html! {
            <path {id} class={classes!("edge", (!e.classic).then_some("shortcut"), lit.then_some("lit"))}
                data-from={e.from.as_str()} data-to={e.to.as_str()} d={e.d}
                marker-end={if lit { "url(#arrow-lit)" } else { "url(#arrow)" }}>
                <title>{ format!("{} → {}", state_word(l, e.from), state_word(l, e.to)) }</title>
            </path>
        }
    };
    // The edge just taken is drawn last, over any edge it crosses.
    let edges = EDGES
        .iter()
        .filter(|e| taken != Some((e.from, e.to)))
        .chain(EDGES.iter().filter(|e| taken == Some((e.from, e.to))));
    let nodes = State::ALL.iter().zip(&counts).map(|(&s, &n)| {
        let (x, y) = node(s);
        html! {
            <g class={classes!("node", (s == now).then_some("now"))} data-state={s.as_str()} data-count={n.to_string()}>
                <rect x={Short(x - HALF.0).to_string()} y={Short(y - HALF.1).to_string()} width="90" height="28" rx="6" />
                <text x={Short(x).to_string()} y={Short(y + 5.0).to_string()} text-anchor="middle">
                    { format!("{} ({n})", state_word(l, s)) }
                </text>
            </g>
        }
    });
    // The reason of the last transition: that thread's events at that tick (binary search).
    let why = last.map(|(f, to, when)| {
        let reason = events_range(r, when)
            .filter_map(|i| event(r, i))
            .filter(|e| e.thread == t)
            .map(|e| describe(r, &e, l))
            .collect::<Vec<_>>()
            .join("; ");
        format!(
            "t = {when}: {} → {}{}",
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
            <svg id="lifecycle" viewBox="0 0 520 190" role="img" data-now={now.as_str()}
                data-last={last.map(|(f, to, _)| format!("{}-{}", f.as_str(), to.as_str())).unwrap_or_default()}
                aria-label={format!("{}: {}", r.thread_name(t), state_word(l, now))}>
                <defs>
                    <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                    <marker id="arrow-lit" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                { for edges.map(arrow) }
                { for nodes }
            </svg>
            <p id="lifecycle-why" class="note" data-from={last.map(|x| x.0.as_str())} data-to={last.map(|x| x.1.as_str())}
                data-tick={last.map(|x| x.2.to_string())}>{ why.unwrap_or_default() }</p>
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

    /// The points of an edge's path data ("M 100 70 L 140 70").
    fn route(e: &Edge) -> Vec<(f64, f64)> {
        let words: Vec<&str> = e.d.split(' ').collect();
        assert!(words.len().is_multiple_of(3) && words.len() >= 6, "{:?}", e.d);
        words
            .chunks(3)
            .enumerate()
            .map(|(i, w)| {
                assert_eq!(w[0], if i == 0 { "M" } else { "L" }, "{:?}", e.d);
                (w[1].parse().unwrap(), w[2].parse().unwrap())
            })
            .collect()
    }

    /// Whether `p` is inside box `s`, not on its border.
    fn inside(s: State, (x, y): (f64, f64)) -> bool {
        let (l, t, r, b) = rect(s);
        x > l + 0.01 && x < r - 0.01 && y > t + 0.01 && y < b - 0.01
    }

    /// Whether `p` lies on the border of box `s`.
    fn on_border(s: State, (x, y): (f64, f64)) -> bool {
        let (l, t, r, b) = rect(s);
        let near = |a: f64, b: f64| (a - b).abs() < 0.01;
        let (in_x, in_y) = (x >= l - 0.01 && x <= r + 0.01, y >= t - 0.01 && y <= b + 0.01);
        ((near(x, l) || near(x, r)) && in_y) || ((near(y, t) || near(y, b)) && in_x)
    }

    /// Points every half pixel along a route, ends included.
    fn samples(route: &[(f64, f64)]) -> Vec<(f64, f64)> {
        let mut out = vec![route[0]];
        for w in route.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let n = ((x1 - x0).hypot(y1 - y0) * 2.0).ceil().max(1.0) as usize;
            out.extend((1..=n).map(|i| (x0 + (x1 - x0) * i as f64 / n as f64, y0 + (y1 - y0) * i as f64 / n as f64)));
        }
        out
    }

    /// Distance from `p` to the polyline `route`.
    fn distance(route: &[(f64, f64)], (px, py): (f64, f64)) -> f64 {
        route
            .windows(2)
            .map(|w| {
                let ((x0, y0), (x1, y1)) = (w[0], w[1]);
                let (dx, dy) = (x1 - x0, y1 - y0);
                let k = (((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
                (px - x0 - k * dx).hypot(py - y0 - k * dy)
            })
            .fold(f64::INFINITY, f64::min)
    }

    #[test]
    fn every_transition_has_one_arrow_from_box_to_box() {
        let mut seen = Vec::new();
        for e in &EDGES {
            assert!(e.from != e.to && e.to != State::New && e.from != State::Dead);
            assert!(!seen.contains(&(e.from, e.to)), "two arrows {:?} → {:?}", e.from, e.to);
            seen.push((e.from, e.to));
            let route = route(e);
            let (first, last) = (route[0], route[route.len() - 1]);
            assert!(on_border(e.from, first), "{:?} → {:?} starts at {first:?}, off its box", e.from, e.to);
            assert!(on_border(e.to, last), "{:?} → {:?} ends at {last:?}, off its box", e.from, e.to);
        }
        // Any state to any other, except back to New or out of Dead.
        assert_eq!(seen.len(), 4 * 4 - 3);
    }

    #[test]
    fn no_arrow_is_drawn_behind_a_box() {
        for e in &EDGES {
            for p in samples(&route(e)) {
                for s in State::ALL {
                    assert!(!inside(s, p), "{:?} → {:?} passes behind the {s:?} box at {p:?}", e.from, e.to);
                }
                let (x, y) = p;
                assert!((0.0..=520.0).contains(&x) && (0.0..=190.0).contains(&y), "{p:?} is outside the picture");
            }
        }
        // Checked on a route that does go behind a box: New → Running straight through Runnable.
        assert!(samples(&[(100.0, 70.0), (290.0, 70.0)]).into_iter().any(|p| inside(State::Runnable, p)));
    }

    #[test]
    fn arrows_never_run_along_each_other() {
        for a in &EDGES {
            for b in EDGES.iter().filter(|b| !std::ptr::eq(*b, a)) {
                // A crossing is a few points close to the other arrow; running alongside is many.
                let close = samples(&route(a)).into_iter().filter(|&p| distance(&route(b), p) < 3.0).count();
                assert!(close < 30, "{:?} → {:?} runs along {:?} → {:?} ({close} points)", a.from, a.to, b.from, b.to);
            }
        }
    }

    /// Every state change of every thread, read off its segments: (thread, from, to, tick).
    fn transitions(r: &RunResult) -> Vec<(ThreadId, State, State, u64)> {
        let mut out = Vec::new();
        for (t, lane) in r.thread_lanes().iter().enumerate() {
            let mut prev = State::New;
            for s in lane {
                if s.state != prev {
                    out.push((t as ThreadId, prev, s.state, s.start));
                }
                prev = s.state;
            }
            if let Some(end) = r.threads[t].end {
                out.push((t as ThreadId, prev, State::Dead, end));
            }
        }
        out
    }

    #[test]
    fn every_transition_of_every_preset_lights_its_arrow() {
        let mut all: Vec<(State, State)> = Vec::new();
        for p in threadlab_sim::presets::all() {
            let r = threadlab_sim::run(p.text).unwrap_or_else(|e| panic!("{}: {e}", p.name));
            let lanes = r.thread_lanes();
            for (t, from, to, tick) in transitions(&r) {
                assert!(
                    EDGES.iter().any(|e| (e.from, e.to) == (from, to)),
                    "{}: {} goes {from:?} → {to:?} at {tick}: no arrow",
                    p.name,
                    r.thread_name(t)
                );
                // The caption at that tick names that very transition.
                assert_eq!(
                    last_transition(&lanes, &r, t, tick),
                    Some((from, to, tick)),
                    "{} {}",
                    p.name,
                    r.thread_name(t)
                );
                if !all.contains(&(from, to)) {
                    all.push((from, to));
                }
            }
        }
        // The shortcuts of the issue are among them.
        for x in [(State::New, State::Running), (State::Blocked, State::Running)] {
            assert!(all.contains(&x), "no preset goes {x:?}: {all:?}");
        }
        eprintln!("transitions in the presets: {all:?}");
    }
}
