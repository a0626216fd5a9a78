//! The settings bar of the form: cores (a slider for 1–16, a field for more), the scheduler
//! and its quantum, the context-switch cost, the GIL and its interval, the spawn costs. Each
//! change is a [`form::Edit`](crate::form::Edit) sent up; the values come from the parsed text.

use crate::form::{Edit, Setting};
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

const POLICIES: [Policy; 5] = [Policy::Fifo, Policy::Rr, Policy::Priority, Policy::Sjf, Policy::Stcf];

/// A callback reading a whole number from an input and sending the setting it makes.
fn number(on_edit: &Callback<Edit>, make: fn(u64) -> Setting) -> Callback<Event> {
    let on_edit = on_edit.clone();
    Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Ok(v) = input.value().trim().parse::<u64>() {
            on_edit.emit(Edit::Setting(make(v)));
        }
    })
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
    html! {
        <fieldset id="settings-bar" class="settings-bar" disabled={off} aria-label={tr(l, Key::Settings)}>
            <label class="field">{ tr(l, Key::CoresCount) }
                <input id="set-cores-slider" type="range" min="1" max="16" value={st.cores.min(16).to_string()} oninput={cores_live} />
                <input id="set-cores" type="number" min="1" max={threadlab_sim::limits::MAX_CORES.to_string()}
                    value={st.cores.to_string()} onchange={number(&props.on_edit, |v| Setting::Cores(v.min(u32::MAX as u64) as u32))} />
            </label>
            <label class="field">{ tr(l, Key::Scheduler) }
                <select id="set-policy" onchange={on_policy}>
                    { for POLICIES.iter().map(|p| html! { <option value={p.keyword()} selected={*p == st.policy}>{ p.keyword() }</option> }) }
                </select>
            </label>
            <label class="field">{ tr(l, Key::Quantum) }
                <input id="set-quantum" type="number" min="1" value={st.quantum.to_string()} disabled={!quantum_used}
                    onchange={number(&props.on_edit, Setting::Quantum)} />
            </label>
            <label class="field">{ tr(l, Key::SwitchCost) }
                <input id="set-switch" type="number" min="0" value={st.switch_cost.to_string()} onchange={number(&props.on_edit, Setting::Switch)} />
            </label>
            <label class="field">
                <input id="set-gil" type="checkbox" checked={st.gil} onchange={on_gil} />{ " " }{ tr(l, Key::Gil) }
            </label>
            <label class="field">{ tr(l, Key::GilInterval) }
                <input id="set-gil-interval" type="number" min="1" value={st.gil_interval.to_string()} disabled={!st.gil}
                    onchange={number(&props.on_edit, Setting::GilInterval)} />
            </label>
            <label class="field">{ tr(l, Key::SpawnCost) }{ " (" }{ tr(l, Key::SpawnThread) }{ ")" }
                <input id="set-spawn-thread" type="number" min="0" value={st.spawn_cost_thread.to_string()}
                    onchange={number(&props.on_edit, Setting::SpawnCostThread)} />
            </label>
            <label class="field">{ tr(l, Key::SpawnCost) }{ " (" }{ tr(l, Key::SpawnProcess) }{ ")" }
                <input id="set-spawn-process" type="number" min="0" value={st.spawn_cost_process.to_string()}
                    onchange={number(&props.on_edit, Setting::SpawnCostProcess)} />
            </label>
        </fieldset>
    }
}
