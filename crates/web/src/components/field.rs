//! One field of the form: it applies what is typed after a pause (debounced) or at once when
//! it is left, and never a value that does not read: then it keeps the typed text and says what is
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
        Problem::Text(k) => crate::i18n::scenario_error(l, &k),
    }
}

fn focused(id: &str) -> bool {
    web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element()).is_some_and(|e| e.id() == id)
}

/// What a field holds between renders.
#[derive(Default)]
struct Typed {
    /// What was typed and is not (yet) the scenario's value.
    draft: Option<String>,
    /// What is wrong with it, in words.
    problem: Option<String>,
    /// The scenario's value at the last render.
    seen: AttrValue,
    timer: Option<Timeout>,
}

#[component]
pub fn Field(props: &FieldProps) -> Html {
    // One cell and a re-render on demand (fewer hooks: every hook costs the page wasm).
    let typed = use_mut_ref(Typed::default);
    let redraw = use_force_update();
    {
        // A new value from the scenario (the text was edited) replaces what was left in the
        // field, unless the user is typing in it.
        let mut t = typed.borrow_mut();
        if t.seen != props.value {
            t.seen = props.value.clone();
            if !focused(&props.id) {
                t.draft = None;
                t.problem = None;
            }
        }
    }
    let apply = {
        let (check, on_edit, typed, redraw) =
            (props.check.clone(), props.on_edit.clone(), typed.clone(), redraw.clone());
        Rc::new(move |v: String| {
            let result = check.emit(v.clone());
            let mut t = typed.borrow_mut();
            match result {
                Ok(edit) => {
                    t.problem = None;
                    if v.trim() != t.seen.as_str() {
                        drop(t);
                        on_edit.emit(edit);
                    }
                }
                Err(m) => t.problem = Some(m),
            }
            redraw.force_update();
        })
    };
    let oninput = {
        let (typed, apply, redraw) = (typed.clone(), apply.clone(), redraw.clone());
        Callback::from(move |e: InputEvent| {
            let v = e.target_unchecked_into::<HtmlInputElement>().value();
            let apply = apply.clone();
            let mut t = typed.borrow_mut();
            t.draft = Some(v.clone());
            t.timer = Some(Timeout::new(DEBOUNCE_MS, move || apply(v)));
            drop(t);
            redraw.force_update();
        })
    };
    // Left: what waits applies now, and a good value gives way to the scenario's.
    let onblur = {
        let typed = typed.clone();
        Callback::from(move |e: FocusEvent| {
            drop(typed.borrow_mut().timer.take());
            apply(e.target_unchecked_into::<HtmlInputElement>().value());
            let mut t = typed.borrow_mut();
            if t.problem.is_none() && t.draft.take().is_some() {
                drop(t);
                redraw.force_update();
            }
        })
    };
    let t = typed.borrow();
    let shown = t.problem.clone().map(AttrValue::from).or_else(|| props.error.clone());
    let err_id = shown.as_ref().map(|_| format!("err-{}", props.id));
    html! {
        <>
            <input id={props.id.clone()} class={props.class} type="text" inputmode={props.mode}
                value={t.draft.clone().map(AttrValue::from).unwrap_or_else(|| props.value.clone())}
                aria-label={props.label.clone()} aria-invalid={shown.is_some().then_some("true")}
                aria-describedby={err_id.clone()} disabled={props.disabled} {oninput} {onblur} />
            if let Some(m) = shown { <span class="field-error" id={err_id} role="alert">{ m }</span> }
        </>
    }
}
