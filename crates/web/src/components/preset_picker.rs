//! The presets gallery: every preset of the core (its index: the texts are fetched when one
//! is picked, see `app.rs`), grouped by the 12 concepts; titles in 简体中文 when the interface
//! is in Chinese (through
//! [`preset_words`](crate::components::scenario_heading::preset_words)). The chosen
//! scenario's title and note are the [`ScenarioHeading`](crate::components::scenario_heading)'s.

use crate::components::scenario_heading::preset_words;
use crate::i18n::{concept, tr, Key, Lang};
use threadlab_sim::presets;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    pub current: Option<&'static str>,
    pub lang: Lang,
    pub on_pick: Callback<&'static str>,
}

#[component]
pub fn PresetPicker(props: &PresetPickerProps) -> Html {
    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = presets::info_of(&sel.value()) {
                on_pick.emit(p.name);
            }
        })
    };
    let groups = (1..=12u8).map(|c| {
        let items = presets::INDEX.iter().filter(|p| p.concept == c).map(|p| {
            let title = preset_words(props.lang, p.name).0.unwrap_or_else(|| p.title().to_string());
            html! { <option value={p.name} selected={props.current == Some(p.name)}>{ title }</option> }
        });
        html! { <optgroup label={format!("{c}. {}", concept(props.lang, c))}>{ for items }</optgroup> }
    });
    html! {
        <section class="presets">
            <label for="preset-select">{ tr(props.lang, Key::Presets) }</label>
            <select id="preset-select" onchange={on_change}>
                if props.current.is_none() { <option value="" selected=true>{ "—" }</option> }
                { for groups }
            </select>
        </section>
    }
}
