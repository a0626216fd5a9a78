//! The events of the run as a list, filtered by thread and by kind: each row says the tick,
//! the thread and what happened (the sentences of `timeline::describe`); clicking a row moves
//! the cursor to its tick. A long run shows at most [`MAX_ROWS`] rows from just before the
//! cursor on, with how many come before and after: the DOM never holds a node per event of a
//! huge run.

use crate::i18n::{self, tr, Key, Lang};
use crate::state::Shared;
use crate::timeline::{describe, event, first_event_at};
use std::rc::Rc;
use threadlab_sim::trace::{EventKind, ThreadId};
use threadlab_sim::RunResult;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventsListProps {
    pub run: Shared<RunResult>,
    pub tick: u64,
    pub lang: Lang,
    pub on_seek: Callback<f64>,
}

/// At most this many rows at once.
pub const MAX_ROWS: usize = 200;
/// Rows shown before the cursor's.
const BEFORE: usize = 3;

/// The rows `[start, end)` shown out of `count` matching events when the `pos`-th is the first
/// at or after the cursor: at most [`MAX_ROWS`], the cursor's near the top.
pub fn window(count: usize, pos: usize) -> (usize, usize) {
    let start = pos.saturating_sub(BEFORE).min(count.saturating_sub(MAX_ROWS));
    (start, (start + MAX_ROWS).min(count))
}

/// The indices of the events of thread `thread` (all threads: `None`) and of kind `kind` (all
/// kinds: `None`), in order; `None` when neither filter is set (every event matches).
pub fn matching(r: &RunResult, thread: Option<ThreadId>, kind: Option<EventKind>) -> Option<Vec<u32>> {
    (thread.is_some() || kind.is_some()).then(|| {
        (0..r.events.len() as u32)
            .filter(|&i| {
                event(r, i as usize)
                    .is_some_and(|e| thread.is_none_or(|t| e.thread == t) && kind.is_none_or(|k| e.kind == k))
            })
            .collect()
    })
}

#[component]
pub fn EventsList(props: &EventsListProps) -> Html {
    let r = &props.run;
    let l = props.lang;
    // The filters, as 0 (all) or the thread's id + 1, the kind's index + 1.
    let thread_f = use_state(|| 0u32);
    let kind_f = use_state(|| 0u32);
    let thread = thread_f.checked_sub(1).filter(|&t| (t as usize) < r.threads.len());
    let kind = kind_f.checked_sub(1).and_then(|k| EventKind::ALL.get(k as usize).copied());
    let scroller = use_node_ref();
    let matches = {
        let r = r.clone();
        use_memo((Rc::as_ptr(&r.0) as usize, thread, kind), move |&(_, t, k)| matching(&r, t, k))
    };
    let m = matches.as_ref().as_deref();
    let count = m.map_or(r.events.len(), <[u32]>::len);
    let index = |i: usize| m.map_or(i, |m| m[i] as usize);
    let tick = props.tick;
    // The first matching event at or after the cursor (binary search either way).
    let pos = match m {
        Some(m) => m.partition_point(|&i| event(r, i as usize).is_some_and(|e| e.tick < tick)),
        None => first_event_at(r, tick),
    };
    let (start, end) = window(count, pos);
    // The cursor's rows are near the top: a new window shows from its top.
    {
        let scroller = scroller.clone();
        use_effect_with(start, move |_| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                el.set_scroll_top(0);
            }
        });
    }
    // A select's chosen option, as 0 (the first: all) or the index of the thread or kind + 1.
    let pick = |state: &UseStateHandle<u32>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            state.set(sel.selected_index().max(0) as u32);
        })
    };
    // One listener for every row and line: its `data-tick` says where the cursor goes.
    let on_click = {
        let seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            let row = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("[data-tick]").ok().flatten());
            if let Some(t) = row.and_then(|r| r.get_attribute("data-tick")).and_then(|t| t.parse::<u64>().ok()) {
                seek.emit(t as f64);
            }
        })
    };
    // Before and after the rows, a line for the rows left out ("N earlier events", "N more
    // events") that moves the cursor to the nearest event it hides.
    let line = |n: usize, i: Option<usize>, before: bool| {
        (n > 0).then(|| {
            let t = i.and_then(|i| event(r, index(i))).map_or(0, |e| e.tick);
            html! {
                <li class="events-more" data-tick={t.to_string()} data-hidden={n.to_string()}>
                    <button type="button">{ i18n::more(l, n, before, false) }</button>
                </li>
            }
        })
    };
    let rows = (start..end).filter_map(|i| event(r, index(i))).map(|e| {
        let who = r.thread_name(e.thread);
        html! {
            <li data-tick={e.tick.to_string()} data-kind={e.kind.as_str()} data-thread={who.to_string()}
                class={classes!((e.tick == tick).then_some("now"))}>
                <button type="button">{ format!("t = {} · {who} · {}", e.tick, describe(r, &e, l)) }</button>
            </li>
        }
    });
    html! {
        <section id="events" class="events-panel" data-count={count.to_string()}>
            <h2>{ tr(l, Key::Events) }</h2>
            <select id="events-thread" onchange={pick(&thread_f)} aria-label={tr(l, Key::Thread)}>
                <option value="" selected={*thread_f == 0}>{ tr(l, Key::AllThreads) }</option>
                { for r.threads.iter().enumerate().map(|(i, th)| html! {
                    <option value={i.to_string()} selected={thread == Some(i as ThreadId)}>{ th.name.clone() }</option>
                }) }
            </select>
            <select id="events-kind" onchange={pick(&kind_f)} aria-label={tr(l, Key::Kind)}>
                <option value="" selected={*kind_f == 0}>{ tr(l, Key::AllKinds) }</option>
                { for EventKind::ALL.iter().map(|&k| html! {
                    <option value={k.as_str()} selected={kind == Some(k)}>{ i18n::event_kind(l, k) }</option>
                }) }
            </select>
            <ol id="events-rows" ref={scroller} onclick={on_click} title={tr(l, Key::EventsHint)}>
                { for line(start, start.checked_sub(1), true) }
                { for rows }
                { for line(count - end, Some(end), false) }
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_holds_the_cursor_and_at_most_max_rows() {
        assert_eq!(window(10, 0), (0, 10));
        assert_eq!(window(10, 10), (0, 10));
        assert_eq!(window(1_000_000, 0), (0, MAX_ROWS));
        for pos in [0, 1, 3, 4, 777, 123_456, 999_999, 1_000_000] {
            let (s, e) = window(1_000_000, pos);
            assert_eq!(e - s, MAX_ROWS, "pos {pos}");
            assert!(s <= pos && pos <= e, "pos {pos} in {s}..{e}");
            assert!(
                pos - s == BEFORE.min(pos) || e == 1_000_000,
                "pos {pos}: the cursor's row near the top ({s}..{e})"
            );
        }
        assert_eq!(window(1_000_000, 1_000), (997, 1_197));
    }

    #[test]
    fn filters_keep_the_events_of_a_thread_and_a_kind() {
        let r =
            threadlab_sim::run("cores 1\nthread a { lock m; cpu 2; unlock m }\nthread b { lock m; cpu 1; unlock m }")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(matching(&r, None, None), None);
        let b = r.thread_id("b").unwrap();
        let of_b = matching(&r, Some(b), None).unwrap();
        assert!(!of_b.is_empty());
        assert!(of_b.iter().all(|&i| r.events.get(i as usize).unwrap().thread == b));
        assert_eq!(of_b.len(), r.events.iter().filter(|e| e.thread == b).count());
        let locks = matching(&r, None, Some(EventKind::Lock)).unwrap();
        let ticks: Vec<(u64, u32)> =
            locks.iter().map(|&i| r.events.get(i as usize).unwrap()).map(|e| (e.tick, e.thread)).collect();
        assert_eq!(ticks, [(0, 0), (2, b)]);
        assert_eq!(matching(&r, Some(b), Some(EventKind::Lock)).unwrap().len(), 1);
    }
}
