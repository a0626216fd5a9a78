//! The open experiment (issue 13), the lab module's panel (`lab_main.rs`): the ready-made
//! experiments of the notes' claims (`share::claims`), then the sweep
//! ([`SweepPanel`](crate::components::sweep_panel)) or the comparison
//! ([`ComparePanel`](crate::components::compare_panel)) that is open. Choosing a ready-made
//! experiment opens its scenario in the app and opens and runs its experiment.

use crate::components::compare_panel::ComparePanel;
use crate::components::sweep_panel::SweepPanel;
use crate::i18n::{sweep_words, Lang, SweepWord};
use threadlab_share::claims::{self, Claim};
use threadlab_share::link::LinkExperiment;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ExperimentPanelProps {
    pub text: AttrValue,
    pub lang: Lang,
    /// The open experiment as a link's header lines.
    pub experiment: AttrValue,
    /// Run it at once.
    pub run: bool,
    /// Opens a text in the app.
    pub on_open: Callback<String>,
    /// The experiment to keep open (in the link), and whether it should run at once.
    pub on_experiment: Callback<(LinkExperiment, bool)>,
}

#[component]
pub fn ExperimentPanel(props: &ExperimentPanelProps) -> Html {
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    let open = LinkExperiment::from_lines(&props.experiment);
    let claim = use_state(|| None::<&'static Claim>);
    let on_claim = {
        let (claim, on_open, on_experiment) = (claim.clone(), props.on_open.clone(), props.on_experiment.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let Some(c) = claims::find(&select.value()) else { return };
            claim.set(Some(c));
            on_open.emit(c.text.to_string());
            on_experiment.emit((c.experiment(), true));
        })
    };
    // The claim's sentence stays while its experiment is the one open.
    let shown = claim.filter(|c| open.as_ref() == Some(&c.experiment()));
    let on_run = |compare: bool| {
        let on_experiment = props.on_experiment.clone();
        Callback::from(move |spec: String| {
            let e = if compare { LinkExperiment::Compare(spec) } else { LinkExperiment::Sweep(spec) };
            on_experiment.emit((e, false));
        })
    };
    let body = match open {
        Some(LinkExperiment::Sweep(spec)) => html! {
            <SweepPanel text={props.text.clone()} lang={props.lang} spec={AttrValue::from(spec)} run={props.run}
                on_open={props.on_open.clone()} on_run={on_run(false)} />
        },
        Some(e @ (LinkExperiment::Compare(_) | LinkExperiment::Texts(_))) => html! {
            <ComparePanel text={props.text.clone()} lang={props.lang} experiment={e} run={props.run}
                on_open={props.on_open.clone()} on_run={on_run(true)} />
        },
        None => html! {},
    };
    html! {
        <div class="experiment-panel">
            <div class="sweep-form">
                <label for="sweep-ready">{ sweep_words(lang, SweepWord::Ready) }</label>
                <select id="sweep-ready" onchange={on_claim}>
                    <option value="" selected={shown.is_none()}>{ "—" }</option>
                    { for claims::ALL.iter().map(|c| {
                        let title = if lang == Lang::Zh { c.title_zh } else { c.title };
                        html! { <option value={c.id} selected={shown.is_some_and(|k| k.id == c.id)}>{ format!("{}. {title}", c.concept) }</option> }
                    }) }
                </select>
            </div>
            if let Some(c) = shown {
                <p id="sweep-claim" class="hint">{ if lang == Lang::Zh { c.see_zh } else { c.see } }</p>
            }
            { body }
        </div>
    }
}
