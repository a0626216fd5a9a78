//! The scenario text editor, with the error of the text shown at its line and column.

use crate::i18n::{tr, Key, Lang};
use threadlab_sim::ScenarioError;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub error: Option<ScenarioError>,
    pub lang: Lang,
    pub on_edit: Callback<String>,
}

#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let on_input = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit(area.value());
        })
    };
    let error = props.error.as_ref().map(|e| {
        let line = props.text.lines().nth(e.pos.line.saturating_sub(1) as usize).unwrap_or("");
        let caret = format!("{}^", " ".repeat(e.pos.col.saturating_sub(1) as usize));
        html! {
            <div id="editor-error" class="editor-error" role="alert">
                <strong>{ format!("{}:{}: {}", e.pos.line, e.pos.col, e.message) }</strong>
                <pre>{ line }{ "\n" }{ caret }</pre>
                <p>{ tr(props.lang, Key::TextError) }</p>
            </div>
        }
    });
    html! {
        <section class="editor" aria-label={tr(props.lang, Key::Scenario)}>
            <h2>{ tr(props.lang, Key::Scenario) }</h2>
            <textarea id="editor" spellcheck="false" rows="16" value={props.text.clone()} oninput={on_input}
                aria-invalid={if props.error.is_some() { "true" } else { "false" }} />
            { for error }
        </section>
    }
}
