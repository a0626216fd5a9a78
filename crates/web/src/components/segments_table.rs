//! The segments of the threads chart as an HTML table, for screen readers (and tests): the
//! same data the canvas draws. Long runs show the first rows and say how many are left out.

use crate::components::lifecycle::state_word;
use crate::i18n::{cause_word, tr, Key, Lang};
use crate::state::Shared;
use threadlab_sim::RunResult;
use yew::prelude::*;

/// Most rows shown (the rest is summarised in one line).
pub const MAX_ROWS: usize = 2_000;

#[derive(Properties, PartialEq)]
pub struct SegmentsTableProps {
    pub run: Shared<RunResult>,
    pub lang: Lang,
}

#[component]
pub fn SegmentsTable(props: &SegmentsTableProps) -> Html {
    let r = &props.run;
    let l = props.lang;
    let rows = r.segments.iter().take(MAX_ROWS).map(|s| {
        let what = match (s.cause, s.object) {
            (Some(c), Some(o)) => format!("{} {}", cause_word(l, c), r.object_name(o)),
            (Some(c), None) => cause_word(l, c).to_string(),
            _ => s.core.map(|c| format!("{} {c}", tr(l, Key::Core))).unwrap_or_default(),
        };
        html! {
            <tr class="seg" data-thread={r.thread_name(s.thread).to_string()} data-state={s.state.as_str()}>
                <td>{ r.thread_name(s.thread) }</td><td>{ state_word(l, s.state) }</td><td>{ what }</td><td>{ s.start }</td><td>{ s.end }</td>
            </tr>
        }
    });
    let left_out = r.segments.len().saturating_sub(MAX_ROWS);
    html! {
        <details class="segments">
            <summary>{ tr(l, Key::Table) }{ format!(" ({})", r.segments.len()) }</summary>
            <table id="segments-table">
                <thead><tr><th>{ tr(l, Key::Thread) }</th><th>{ tr(l, Key::State) }</th><th>{ tr(l, Key::CauseOrCore) }</th><th>{ tr(l, Key::Start) }</th><th>{ tr(l, Key::End) }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if left_out > 0 { <p>{ format!("… {left_out} {}", tr(l, Key::MoreRows)) }</p> }
        </details>
    }
}
