//! The settings bar of the form: cores (a slider for 1–16, a field for more), the scheduler
//! and its quantum, the context-switch cost, the GIL and its interval, the spawn costs. Each
//! change is a [`form::Edit`](crate::form::Edit) sent up; the values come from the parsed text.
//! The number fields are [`Field`]s: checked as typed (a whole number in the language's
//! range), applied after a pause, their problem said beside them.

use crate::components::field::{problem_words, Field};
use crate::form::{read_number, Edit, Setting};
use crate::i18n::{tr, Key, Lang};
use std::rc::Rc;
use threadlab_sim::ast::{Policy, Settings};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SettingsBarProps {
    /// The header of the parsed text; `None` while the text does not parse (the bar is off).
    pub settings: Option<Rc<Settings>>,
    pub lang: Lang,
    pub on_edit: Callback<Edit>,
}

const POLICIES: [Policy; 6] = [Policy::Fifo, Policy::Rr, Policy::Priority, Policy::Sjf, Policy::Stcf, Policy::Ostep];

/// A field (id `id`) of a whole number from `lo` to `hi`, making the setting `make`.
#[allow(clippy::too_many_arguments)]
fn number(
    id: &'static str,
    l: Lang,
    value: u64,
    (lo, hi): (u64, u64),
    disabled: bool,
    make: fn(u64) -> Setting,
    on_edit: &Callback<Edit>,
) -> Html {
    let check = Callback::from(move |v: String| {
        read_number(&v, lo, hi).map(|n| Edit::Setting(make(n))).map_err(|p| problem_words(l, p))
    });
    html! {
        <Field id={id} class="" mode="numeric" value={value.to_string()} {disabled} {check}
            on_edit={on_edit.clone()} />
    }
}

#[component]
pub fn SettingsBar(props: &SettingsBarProps) -> Html {
    let l = props.lang;
    let off = props.settings.is_none();
    let st = props.settings.as_deref().cloned().unwrap_or_default();
    let cores_live = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<u32>() {
                on_edit.emit(Edit::Setting(Setting::Cores(v)));
            }
        })
    };
    let on_policy = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = POLICIES.iter().find(|p| p.keyword() == sel.value()) {
                on_edit.emit(Edit::Setting(Setting::Policy(*p)));
            }
        })
    };
    let on_gil = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_edit.emit(Edit::Setting(Setting::Gil(input.checked())));
        })
    };
    let quantum_used = matches!(st.policy, Policy::Rr | Policy::Priority);
    let big = threadlab_sim::limits::MAX_NUMBER;
    let e = &props.on_edit;
    html! {
        <fieldset id="settings-bar" class="settings-bar" disabled={off} aria-label={tr(l, Key::Settings)}>
            <label class="field">{ tr(l, Key::CoresCount) }
                <input id="set-cores-slider" type="range" min="1" max="16" value={st.cores.min(16).to_string()} oninput={cores_live} />
                { number("set-cores", l, st.cores.into(), (1, threadlab_sim::limits::MAX_CORES.into()), false,
                    |v| Setting::Cores(v as u32), e) }
            </label>
            <label class="field">{ tr(l, Key::Scheduler) }
                <select id="set-policy" onchange={on_policy}>
                    { for POLICIES.iter().map(|p| html! { <option value={p.keyword()} selected={*p == st.policy}>{ p.keyword() }</option> }) }
                </select>
            </label>
            <label class="field">{ tr(l, Key::Quantum) }
                { number("set-quantum", l, st.quantum, (1, big), !quantum_used, Setting::Quantum, e) }
            </label>
            <label class="field">{ tr(l, Key::SwitchCost) }
                { number("set-switch", l, st.switch_cost, (0, big), false, Setting::Switch, e) }
            </label>
            <label class="field">
                <input id="set-gil" type="checkbox" checked={st.gil} onchange={on_gil} />{ " " }{ tr(l, Key::Gil) }
            </label>
            <label class="field">{ tr(l, Key::GilInterval) }
                { number("set-gil-interval", l, st.gil_interval, (1, big), !st.gil, Setting::GilInterval, e) }
            </label>
            <label class="field">{ tr(l, Key::SpawnCost) }{ " (" }{ tr(l, Key::SpawnThread) }{ ")" }
                { number("set-spawn-thread", l, st.spawn_cost_thread, (0, big), false, Setting::SpawnCostThread, e) }
            </label>
            <label class="field">{ tr(l, Key::SpawnCost) }{ " (" }{ tr(l, Key::SpawnProcess) }{ ")" }
                { number("set-spawn-process", l, st.spawn_cost_process, (0, big), false, Setting::SpawnCostProcess, e) }
            </label>
        </fieldset>
    }
}
