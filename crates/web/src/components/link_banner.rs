//! The banner shown when the page was opened with a bad link: what went wrong in plain words,
//! and what became of the scenario (the recovered text in the editor, the charts on the last
//! valid scenario). The problem is text, never HTML.

use crate::i18n::{link_problem, tr, Key, Lang};
use threadlab_share::link::Problem;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LinkBannerProps {
    pub problem: Option<Problem>,
    pub lang: Lang,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn LinkBanner(props: &LinkBannerProps) -> Html {
    let Some(p) = &props.problem else { return html! {} };
    let l = props.lang;
    let dismiss = {
        let cb = props.on_dismiss.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <section id="link-problem" class="link-problem" role="alert">
            <strong>{ tr(l, Key::LinkProblem) }{ ": " }</strong>{ link_problem(l, p) }
            <p>{ tr(l, Key::Recovered) }</p>
            <button id="dismiss-link-problem" onclick={dismiss}>{ tr(l, Key::Dismiss) }</button>
        </section>
    }
}
