//! One field of the form: it applies what is typed after a pause (debounced) or when it is
//! left, and never a value that does not read: then it keeps the typed text and says what is
//! wrong beside it (`.field-error#err-<id>`). What is typed stays in the field while the form
//! re-renders (the app re-renders every frame while playing), so no character is lost.

use crate::form::{Edit, Problem};
use crate::i18n::{tr, Key, Lang};
use gloo_timers::callback::Timeout;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How long typing must pause before the value applies.
pub const DEBOUNCE_MS: u32 = 300;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub id: AttrValue,
    pub class: &'static str,
    /// `numeric` for whole numbers (a phone's keypad), `text` for the rest.
    #[prop_or("text")]
    pub mode: &'static str,
    /// The value in the scenario.
    pub value: AttrValue,
    /// The field's name for screen readers, where no `<label>` wraps it.
    #[prop_or_default]
    pub label: Option<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
    /// The scenario's error at this field (a name used twice in the text, say).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The edit a typed value makes, or what is wrong with it, in words.
    pub check: Callback<String, Result<Edit, String>>,
    pub on_edit: Callback<Edit>,
}

/// What is wrong with a typed value, in words.
pub fn problem_words(l: Lang, p: Problem) -> String {
    match p {
        Problem::Number => tr(l, Key::FieldNumber).to_string(),
        Problem::Range(lo, hi) => format!("{} {lo}–{hi}", tr(l, Key::FieldRange)),
        Problem::Amount => tr(l, Key::FieldAmount).to_string(),
        Problem::Name => tr(l, Key::FieldName).to_string(),
        Problem::Taken => tr(l, Key::FieldTaken).to_string(),
        Problem::Text(m) => m,
    }
}

fn focused(id: &str) -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).is_some_and(|e| e.id() == id)
}

#[component]
pub fn Field(props: &FieldProps) -> Html {
    // What was typed and not yet shown by the scenario, and what is wrong with it.
    let draft = use_state_eq(|| None::<String>);
    let problem = use_state_eq(|| None::<String>);
    let timer = use_mut_ref(|| None::<Timeout>);
    // A new value from the scenario (the text was edited) replaces what was left in the field,
    // unless the user is typing in it.
    {
        let (draft, problem, id) = (draft.clone(), problem.clone(), props.id.clone());
        use_effect_with(props.value.clone(), move |_| {
            if !focused(&id) {
                draft.set(None);
                problem.set(None);
            }
        });
    }
    let apply = {
        let (check, on_edit, problem, value) =
            (props.check.clone(), props.on_edit.clone(), problem.clone(), props.value.clone());
        Rc::new(move |v: String| match check.emit(v.clone()) {
            Ok(edit) => {
                problem.set(None);
                if v.trim() != value.as_str() {
                    on_edit.emit(edit);
                }
            }
            Err(m) => problem.set(Some(m)),
        })
    };
    let oninput = {
        let (draft, timer, apply) = (draft.clone(), timer.clone(), apply.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(Some(v.clone()));
            let apply = apply.clone();
            *timer.borrow_mut() = Some(Timeout::new(DEBOUNCE_MS, move || apply(v)));
        })
    };
    let onchange = {
        let timer = timer.clone();
        Callback::from(move |e: Event| {
            drop(timer.borrow_mut().take());
            apply(e.target_unchecked_into::<HtmlInputElement>().value());
        })
    };
    // Left with a good value: the field shows the scenario's again.
    let onblur = {
        let (draft, check) = (draft.clone(), props.check.clone());
        Callback::from(move |e: FocusEvent| {
            if check.emit(e.target_unchecked_into::<HtmlInputElement>().value()).is_ok() {
                draft.set(None);
            }
        })
    };
    let shown = (*problem).clone().map(AttrValue::from).or_else(|| props.error.clone());
    let err_id = shown.as_ref().map(|_| format!("err-{}", props.id));
    html! {
        <>
            <input id={props.id.clone()} class={props.class} type="text" inputmode={props.mode}
                value={(*draft).clone().map(AttrValue::from).unwrap_or_else(|| props.value.clone())}
                aria-label={props.label.clone()} aria-invalid={shown.is_some().then_some("true")}
                aria-describedby={err_id.clone()} disabled={props.disabled} {oninput} {onchange} {onblur} />
            if let Some(m) = shown { <span class="field-error" id={err_id} role="alert">{ m }</span> }
        </>
    }
}
