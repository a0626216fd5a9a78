//! The experiments' buttons (issue 13), shown by the extras module under the charts: "Sweep a
//! parameter" and "Compare variants" open (or close) an experiment. The open experiment's
//! panel is the lab module's ([`ExperimentPanel`](crate::components::experiment_panel)),
//! loaded the first time one is opened and mounted into `lab-root`, which this bar renders.
//! The open experiment is the app's (it is in the link): the buttons ask the app to change it
//! (`threadlab:experiment`), and the bar passes what the app says on to the lab.

use crate::extras::{send, show, Panel, EXPERIMENT_EVENT};
use crate::i18n::{experiment_toggle, tr, BarButton, Key, Lang};
use threadlab_share::link::LinkExperiment;
use wasm_bindgen::JsValue;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ExperimentBarProps {
    pub text: AttrValue,
    pub lang: Lang,
    /// The open experiment as a link's header lines (`""`: none).
    pub experiment: AttrValue,
    /// Run it at once (it came with a link or a ready-made experiment).
    pub run: bool,
}

/// What an experiment opens with when none was run of its kind yet.
const FIRST_SWEEP: &str = "cores=1..8";
const FIRST_COMPARE: &str = "cores=1,2,4";

#[component]
pub fn ExperimentBar(props: &ExperimentBarProps) -> Html {
    let open = LinkExperiment::from_lines(&props.experiment);
    // The last parameter of each kind: closing and opening again brings it back.
    let last = use_mut_ref(|| (FIRST_SWEEP.to_string(), FIRST_COMPARE.to_string()));
    match &open {
        Some(LinkExperiment::Sweep(s)) => last.borrow_mut().0 = s.clone(),
        Some(LinkExperiment::Compare(s)) => last.borrow_mut().1 = s.clone(),
        _ => {}
    }
    // The lab shows the open experiment (loaded the first time one is open).
    {
        use_effect_with(props.clone(), |p| {
            if !p.experiment.is_empty() {
                show(Panel::Experiment {
                    lab: true,
                    text: p.text.to_string(),
                    lang: p.lang,
                    experiment: p.experiment.to_string(),
                    run: p.run,
                });
            }
        });
    }
    // The OSTEP import box: open or not is this bar's own (the imported text is the link's).
    let ostep_open = use_state(|| false);
    {
        let lang = props.lang;
        use_effect_with((*ostep_open, lang), move |(open, lang)| {
            if *open {
                show(Panel::Ostep { lang: *lang });
            }
        });
    }
    let toggle_ostep = {
        let ostep_open = ostep_open.clone();
        Callback::from(move |_: MouseEvent| ostep_open.set(!*ostep_open))
    };
    // You are the scheduler: `picks` added to the text (its panel, shown by the app above the
    // charts while the text has `picks`, is the classroom module's `drive_panel`).
    let tree = use_memo(props.text.clone(), |t| threadlab_sim::parse(t).ok());
    let can_drive = tree.as_ref().as_ref().is_some_and(|t| t.settings.picks.is_none());
    let start_drive = {
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            send(crate::extras::EDIT_EVENT, &JsValue::from_str(&format!("{}\npicks\n", text.trim_end())));
        })
    };
    let sweep_open = matches!(open, Some(LinkExperiment::Sweep(_)));
    let compare_open = matches!(open, Some(LinkExperiment::Compare(_) | LinkExperiment::Texts(_)));
    let toggle = |compare: bool, is_open: bool| {
        let last = last.clone();
        Callback::from(move |_: MouseEvent| {
            let lines = if is_open {
                String::new()
            } else {
                let l = last.borrow();
                if compare { LinkExperiment::Compare(l.1.clone()) } else { LinkExperiment::Sweep(l.0.clone()) }
                    .to_lines()
            };
            send(EXPERIMENT_EVENT, &JsValue::from_str(&lines));
        })
    };
    html! {
        <>
            <div class="experiment-bar">
                <button id="sweep-toggle" type="button" aria-expanded={sweep_open.to_string()} aria-controls="lab-root"
                    onclick={toggle(false, sweep_open)}>{ experiment_toggle(props.lang, BarButton::Sweep) }</button>
                <button id="compare-toggle" type="button" aria-expanded={compare_open.to_string()} aria-controls="lab-root"
                    onclick={toggle(true, compare_open)}>{ experiment_toggle(props.lang, BarButton::Compare) }</button>
                <button id="ostep-toggle" type="button" aria-expanded={ostep_open.to_string()} aria-controls="ostep-root"
                    onclick={toggle_ostep}>{ experiment_toggle(props.lang, BarButton::Ostep) }</button>
                if can_drive {
                    <button id="drive-toggle" type="button" aria-controls="drive-root" onclick={start_drive}>
                        { experiment_toggle(props.lang, BarButton::Drive) }
                    </button>
                }
            </div>
            <div id="ostep-root" class="lab-root" hidden={!*ostep_open} data-loading={tr(props.lang, Key::Loading)}></div>
            <div id="lab-root" class="lab-root" hidden={open.is_none()} data-loading={tr(props.lang, Key::Loading)}></div>
        </>
    }
}
