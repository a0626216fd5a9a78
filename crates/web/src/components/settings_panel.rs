//! The settings bar as the extras module shows it (`extras_main.rs`), like the thread list
//! (`form_panel`): given the scenario text, it parses it and shows [`SettingsBar`]; an edit is
//! applied to the parsed text and printed back (`format::to_text`), and the new text goes to
//! the app (`threadlab:edit`). The bar is shown only while the editing panel is open, so it
//! is not part of the first load.

use crate::components::form_panel::send_edit;
use crate::components::settings_bar::SettingsBar;
use crate::form::Edit;
use crate::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct SettingsPanelProps {
    pub text: AttrValue,
    pub lang: Lang,
}

#[component]
pub fn SettingsPanel(props: &SettingsPanelProps) -> Html {
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    // The parsed text (none while it does not parse: the bar is off, nothing typed is lost).
    let tree = use_memo(props.text.clone(), |text| threadlab_sim::parse(text).ok().map(Rc::new));
    let current = (*tree).clone();
    let on_edit = {
        let tree = current.clone();
        Callback::from(move |edit: Edit| send_edit(tree.as_deref(), edit))
    };
    html! { <SettingsBar settings={current.map(|t| Rc::new(t.settings.clone()))} {lang} {on_edit} /> }
}
