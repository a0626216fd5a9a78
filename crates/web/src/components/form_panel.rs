//! The form's thread list as the extras module shows it (`extras_main.rs`): given the scenario
//! text, it parses it and shows [`ThreadList`]; an edit is applied to the parsed text and
//! printed back (`format::to_text`), and the new text goes to the app (`threadlab:edit`),
//! which takes it as it takes a typed one. The text stays the one source of truth.

use crate::components::thread_list::ThreadList;
use crate::form::{apply_all, Edit};
use crate::i18n::Lang;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct FormPanelProps {
    pub text: AttrValue,
    pub lang: Lang,
}

/// Applies a form edit to the parsed text and sends the printed text to the app
/// (`threadlab:edit`); nothing while the text does not parse or when the edit does not apply.
pub fn send_edit(tree: Option<&threadlab_sim::Scenario>, edit: Edit) {
    let Some(tree) = tree else { return };
    let mut tree = tree.clone();
    if apply_all(&mut tree, edit) {
        let text = threadlab_sim::format::to_text(&tree);
        crate::extras::send(crate::extras::EDIT_EVENT, &wasm_bindgen::JsValue::from_str(&text));
    }
}

#[component]
pub fn FormPanel(props: &FormPanelProps) -> Html {
    // Chinese once its words are here (this module downloads its own copy).
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    let parsed = use_memo(props.text.clone(), |text| {
        let tree = threadlab_sim::parse(text).ok().map(Rc::new);
        let error = threadlab_sim::check(text).err();
        (tree, error)
    });
    let on_edit = {
        let tree = parsed.0.clone();
        Callback::from(move |edit: Edit| send_edit(tree.as_deref(), edit))
    };
    html! { <ThreadList tree={parsed.0.clone()} error={parsed.1.clone()} {lang} {on_edit} /> }
}
