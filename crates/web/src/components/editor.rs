//! The scenario text editor, with the error of the text shown at its line and column.
//!
//! The textarea must stay the same element through every re-render (its focus, caret and
//! undo history live in it): Yew's unkeyed children are matched from the end of the list,
//! and a `{ for … }` or an `Option` written among them is flattened into it, so an error
//! appearing after the textarea would shift it and have it rebuilt. Everything optional
//! here is an `if`, which is always exactly one child. Yew writes `.value` only when the
//! text differs from what the element holds, so typing never resets it.

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use threadlab_sim::ScenarioError;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub text: AttrValue,
    pub error: Option<Shared<ScenarioError>>,
    pub lang: Lang,
    pub on_edit: Callback<String>,
}

/// An error of the text as the editor and the form show it: `line:col: message`, the message
/// in `l`.
pub fn error_line(l: Lang, e: &ScenarioError) -> String {
    format!("{}:{}: {}", e.pos.line, e.pos.col, crate::i18n::scenario_error(l, &e.kind))
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
    html! {
        <section class="editor" aria-label={tr(props.lang, Key::Scenario)}>
            <h2>{ tr(props.lang, Key::Scenario) }</h2>
            <textarea id="editor" spellcheck="false" rows="16" value={props.text.clone()} oninput={on_input}
                aria-invalid={if props.error.is_some() { "true" } else { "false" }} />
            if let Some(e) = &props.error {
                <div id="editor-error" class="editor-error" role="alert">
                    <strong>{ error_line(props.lang, e) }</strong>
                    <pre>
                        { props.text.lines().nth(e.pos.line.saturating_sub(1) as usize).unwrap_or("") }{ "\n" }
                        { format!("{}^", " ".repeat(e.pos.col.saturating_sub(1) as usize)) }
                    </pre>
                    <p>{ tr(props.lang, Key::TextError) }</p>
                </div>
            }
        </section>
    }
}
