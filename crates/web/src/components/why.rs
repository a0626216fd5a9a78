//! The line that says *why* at the cursor: the events of the last tick at which something
//! happened, as sentences ("t=12: core 1 takes b: head of ready queue").

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use crate::timeline::{describe, events_at};
use threadlab_sim::RunResult;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub run: Shared<RunResult>,
    pub tick: u64,
    pub lang: Lang,
}

#[component]
pub fn Why(props: &WhyProps) -> Html {
    let (t, events) = events_at(&props.run, props.tick);
    let lines: Vec<String> = events.iter().map(|e| describe(&props.run, e, props.lang)).collect();
    html! {
        <section id="why" class="why" aria-live="polite">
            <strong>{ tr(props.lang, Key::Why) }{ format!(" (t={t}): ") }</strong>
            { lines.join("; ") }
        </section>
    }
}
