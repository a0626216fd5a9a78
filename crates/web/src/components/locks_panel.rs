//! The locks and monitors at the cursor: each object's holder, the threads queued for it
//! (lock, semaphore) and the threads waiting on it as a monitor (`wait`), read off the lock
//! lanes and thread segments of the core's trace.

use crate::components::gantt::ChartData;
use crate::i18n::{tr, Key, Lang};
use crate::timeline::{blocked_on, span_at};
use std::rc::Rc;
use threadlab_sim::trace::Cause;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LocksPanelProps {
    pub data: Rc<ChartData>,
    pub tick: u64,
    pub lang: Lang,
}

#[component]
pub fn LocksPanel(props: &LocksPanelProps) -> Html {
    let r = &props.data.run;
    let l = props.lang;
    if props.data.locks.is_empty() {
        return html! {};
    }
    let rows = props.data.locks.iter().map(|lane| {
        let holder = span_at(&lane.holds, props.tick).map(|s| r.thread_name(s.who).to_string());
        let blocked = if span_at(&lane.queue, props.tick).is_some() {
            blocked_on(&props.data.lanes, lane.object, props.tick)
        } else {
            Vec::new()
        };
        let (mut queue, mut waiters) = (Vec::new(), Vec::new());
        for (t, cause) in blocked {
            let name = r.thread_name(t).to_string();
            if cause == Cause::Wait {
                waiters.push(name);
            } else {
                queue.push(name);
            }
        }
        html! {
            <tr data-object={r.object_name(lane.object).to_string()}>
                <th scope="row">{ r.object_name(lane.object) }</th>
                <td class="holder">{ holder.unwrap_or_else(|| format!("({})", tr(l, Key::Free))) }</td>
                <td class="queue">{ queue.join(", ") }</td>
                <td class="waiters">{ waiters.join(", ") }</td>
            </tr>
        }
    });
    html! {
        <section class="locks-panel">
            <h2>{ tr(l, Key::LocksTitle) }<small>{ format!(" t={}", props.tick) }</small></h2>
            <div class="scroll">
            <table id="locks-table">
                <thead><tr><th>{ tr(l, Key::Object) }</th><th>{ tr(l, Key::Holder) }</th><th>{ tr(l, Key::Queue) }</th><th>{ tr(l, Key::Waiters) }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            </div>
        </section>
    }
}
