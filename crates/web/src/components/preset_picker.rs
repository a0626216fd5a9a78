//! The presets gallery: every preset of the core, grouped by the 12 concepts, with the
//! explanation (`note`) of the chosen one; titles and note in 简体中文 (from
//! [`crate::presets_zh`], downloaded the first time) when the interface is in Chinese.

use crate::i18n::{concept, tr, Key, Lang};
use crate::presets_zh;
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
    // The app gives `Lang::Zh` once the Chinese texts are here (`zh_texts`).
    let zh = props.lang == Lang::Zh;
    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = presets::find(&sel.value()) {
                on_pick.emit(p.name);
            }
        })
    };
    let groups = (1..=12u8).map(|c| {
        let items = presets::all().iter().filter(|p| p.concept == c).map(|p| {
            let title = zh.then(|| presets_zh::title(p.name)).flatten().unwrap_or_else(|| {
                threadlab_sim::parse(p.text).ok().and_then(|s| s.settings.title).unwrap_or_else(|| p.name.to_string())
            });
            html! { <option value={p.name} selected={props.current == Some(p.name)}>{ title }</option> }
        });
        html! { <optgroup label={format!("{c}. {}", concept(props.lang, c))}>{ for items }</optgroup> }
    });
    let note = props.current.and_then(presets::find).and_then(|p| {
        zh.then(|| presets_zh::note(p.name))
            .flatten()
            .or_else(|| threadlab_sim::parse(p.text).ok().and_then(|s| s.settings.note))
    });
    html! {
        <section class="presets">
            <label for="preset-select">{ tr(props.lang, Key::Presets) }</label>
            <select id="preset-select" onchange={on_change}>
                if props.current.is_none() { <option value="" selected=true>{ "—" }</option> }
                { for groups }
            </select>
            if let Some(note) = note { <p class="note">{ note }</p> }
        </section>
    }
}
