//! The line that says *why* at the cursor: what changed at exactly the cursor's tick, as
//! sentences ("t = 12: core 1 takes b: head of ready queue"), with the threads that start at
//! once in one phrase; a tick at which nothing changes says so (and when the last change was).

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use crate::timeline::{changes_at, event, first_event_at};
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
    let (l, tick) = (props.lang, props.tick);
    let phrases = changes_at(&props.run, tick, l);
    let text = if phrases.is_empty() {
        // The last tick before this one at which something happened, if any.
        let r = &props.run;
        let before = first_event_at(r, tick + 1).checked_sub(1).and_then(|i| event(r, i));
        let last = before.map(|e| match l {
            Lang::En => format!(" ({}: t = {})", tr(l, Key::LastChange), e.tick),
            Lang::Zh => format!("（{}：t = {}）", tr(l, Key::LastChange), e.tick),
        });
        let last = last.unwrap_or_default();
        format!("{}{last}", tr(l, Key::NothingChanges))
    } else {
        phrases.join("; ")
    };
    html! {
        <section id="why" class="why" aria-live="polite" data-tick={tick.to_string()}
            data-changes={phrases.len().to_string()}>
            <strong>{ tr(l, Key::Why) }</strong>{ format!(" t = {tick}: ") }{ text }
        </section>
    }
}
