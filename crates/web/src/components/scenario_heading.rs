//! The scenario's own `title` (the heading) and `note` (the explanation), whatever the text
//! came from: a preset, a link, a file or an edit. While the text has an error the last valid
//! ones stay. A preset's words are shown in 简体中文 when the interface is (the text still
//! holding the preset's English title or note), and an edited preset (a text that came from
//! a preset and still has its title or note) is marked "edited". On a phone the note shows
//! its first lines until tapped or focused (the charts stay in the first screen).

use crate::i18n::{tr, Key, Lang};
use threadlab_sim::presets;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScenarioHeadingProps {
    /// The title and note of the last text that parsed.
    pub title: Option<AttrValue>,
    pub note: Option<AttrValue>,
    /// The preset the text came from, and whether it was changed since (it is still shown as
    /// that preset's, marked, while the text keeps the preset's title or note).
    pub origin: Option<&'static str>,
    pub edited: bool,
    /// The note shown (an embed's `note=0` hides it).
    #[prop_or(true)]
    pub show_note: bool,
    pub lang: Lang,
}

/// A preset's title and note in `lang`, `None` where there is no translation (the English
/// ones are the text's own). The one way to the Chinese words, which may come to be loaded
/// on demand.
pub fn preset_words(lang: Lang, name: &str) -> (Option<String>, Option<String>) {
    match lang {
        Lang::Zh => (crate::presets_zh::title(name), crate::presets_zh::note(name)),
        Lang::En => (None, None),
    }
}

#[component]
pub fn ScenarioHeading(props: &ScenarioHeadingProps) -> Html {
    // The preset's own words (its English title, its note's fingerprint: the app does not hold
    // the presets' texts), and their translation.
    let preset = props.origin.and_then(presets::info_of);
    let (zh_title, zh_note) = preset.map(|p| preset_words(props.lang, p.name)).unwrap_or_default();
    // The text's words; the preset's own read in the interface's language.
    let mut from_preset = false;
    let mut pick = |text: &Option<AttrValue>, own: &dyn Fn(&str) -> bool, zh: Option<String>| {
        let shown = text.clone()?;
        let same = own(&shown);
        from_preset |= same;
        Some(zh.filter(|_| same).map(AttrValue::from).unwrap_or(shown))
    };
    let title = pick(&props.title, &|t| preset.is_some_and(|p| p.title() == t), zh_title);
    let note = pick(&props.note, &|n| preset.is_some_and(|p| p.note_fingerprint == presets::fingerprint(n)), zh_note)
        .filter(|_| props.show_note);
    let edited = props.edited && from_preset;
    if title.is_none() && note.is_none() {
        return html! {};
    }
    html! {
        <header class="scenario-heading">
            <div class="scenario-title-row">
                if let Some(t) = title { <h2 id="scenario-title">{ t }</h2> }
                if edited {
                    <span id="scenario-edited" class="tag">{ tr(props.lang, Key::Edited) }</span>
                }
            </div>
            if let Some(n) = note {
                <p id="scenario-note" class="note" tabindex="0">{ n }</p>
            }
        </header>
    }
}
