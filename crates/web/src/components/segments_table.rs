//! The segments of the threads chart as an HTML table, for screen readers (and tests): the
//! same data the canvas draws. Long runs show the first rows and say how many are left out.

use crate::i18n::{tr, Key, Lang};
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
    let rows = r.segments.iter().take(MAX_ROWS).map(|s| {
        let what = match (s.cause, s.object) {
            (Some(c), Some(o)) => format!("{} {}", c.as_str(), r.object_name(o)),
            (Some(c), None) => c.as_str().to_string(),
            _ => s.core.map(|c| format!("core {c}")).unwrap_or_default(),
        };
        html! {
            <tr class="seg" data-thread={r.thread_name(s.thread).to_string()} data-state={s.state.as_str()}>
                <td>{ r.thread_name(s.thread) }</td><td>{ s.state.as_str() }</td><td>{ what }</td><td>{ s.start }</td><td>{ s.end }</td>
            </tr>
        }
    });
    let left_out = r.segments.len().saturating_sub(MAX_ROWS);
    html! {
        <details class="segments">
            <summary>{ tr(props.lang, Key::Table) }{ format!(" ({})", r.segments.len()) }</summary>
            <table id="segments-table">
                <thead><tr><th>{ tr(props.lang, Key::Thread) }</th><th>{ tr(props.lang, Key::State) }</th><th>{ tr(props.lang, Key::CauseOrCore) }</th><th>{ tr(props.lang, Key::Start) }</th><th>{ tr(props.lang, Key::End) }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            if left_out > 0 { <p>{ format!("… {left_out} more") }</p> }
        </details>
    }
}
