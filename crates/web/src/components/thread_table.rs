//! A table of threads at the cursor, like a process control block: state (with the
//! lifecycle New → Runnable → Running → Blocked → Dead), core, held locks, what it waits
//! for, CPU time so far.

use crate::components::gantt::ChartData;
use crate::components::lifecycle::state_word;
use crate::i18n::{cause_word, tr, Key, Lang};
use crate::timeline::{at, cpu_until, owners_at, state_at};
use std::rc::Rc;
use threadlab_sim::trace::State;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThreadTableProps {
    /// The run with its lanes and lock lanes, computed once by the app.
    pub data: Rc<ChartData>,
    pub tick: u64,
    pub lang: Lang,
}

const LIFECYCLE: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

#[component]
pub fn ThreadTable(props: &ThreadTableProps) -> Html {
    let r = &props.data.run;
    let lanes = &props.data.lanes;
    let owners = owners_at(&props.data.locks, props.tick);
    let l = props.lang;
    let rows = (0..r.threads.len() as u32).map(|t| {
        let st = state_at(lanes, r, t, props.tick);
        let seg = at(&lanes[t as usize], props.tick);
        let core = seg.and_then(|s| s.core).map(|c| c.to_string()).unwrap_or_default();
        let waits = seg
            .and_then(|s| {
                s.cause.map(|c| format!("{} {}", cause_word(l, c), s.object.map(|o| r.object_name(o)).unwrap_or("")))
            })
            .unwrap_or_default();
        let held: Vec<&str> = owners.iter().filter(|(_, o)| *o == t).map(|(m, _)| r.object_name(*m)).collect();
        let life = LIFECYCLE.iter().map(|&s| {
            html! { <span class={classes!("life", (s == st).then_some("now"))}>{ state_word(l, s) }</span> }
        });
        html! {
            <tr data-state={st.as_str()}>
                <th scope="row">{ r.thread_name(t) }</th>
                <td class="lifecycle">{ for life }</td>
                <td>{ core }</td><td>{ held.join(", ") }</td><td>{ waits }</td>
                <td>{ cpu_until(&lanes[t as usize], props.tick) }</td>
            </tr>
        }
    });
    html! {
        <section class="pcb">
            <div class="scroll">
            <table id="thread-table">
                <thead><tr><th>{ tr(l, Key::Thread) }</th><th>{ tr(l, Key::State) }</th><th>{ tr(l, Key::Core) }</th><th>{ tr(l, Key::Holds) }</th><th>{ tr(l, Key::WaitsFor) }</th><th>{ tr(l, Key::Cpu) }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            </div>
        </section>
    }
}
