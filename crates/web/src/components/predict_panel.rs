//! Predict mode's panel (issue 14, "predict, then reveal"), in the classroom (OSTEP) module:
//! the current question (each thread's state at a tick, or each thread's turnaround and
//! response at the end), Check (each answer graded ✓/✗ with the right one), Next, the score,
//! and a seeded new problem (`problem.rs`). The questions, answers and grades are the app's
//! (`state::Predict`, graded from `timeline` through `state::states_at` and the run's own
//! numbers: nothing here applies a rule of the core); it sends them here as a
//! text (`classroom.rs`), and every answer and button goes back as a `threadlab:predict`
//! event, so that the panel is not part of the first load.
//!
//! Every control's input and every button's click is handled by one listener on the panel,
//! which reads the control's `data-t` (thread) and `data-f` (what it answers) or the button's
//! id.

use crate::classroom::PredictView;
use crate::components::lifecycle::state_word;
use crate::i18n::{predict_words, Lang, PredictWord as W};
use threadlab_sim::trace::State;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

/// A number as typed: whole ticks, or nothing.
fn number(v: &str) -> Option<u64> {
    let v = v.trim();
    if v.is_empty() || v.len() > 15 {
        return None;
    }
    v.bytes().try_fold(0u64, |n, b| b.is_ascii_digit().then(|| n * 10 + u64::from(b - b'0')))
}

fn shown(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "–".into())
}

/// A grade's cell: ✓, or ✗ with the right answer.
fn grade(right: bool, answer: String, lang: Lang) -> Html {
    let words = if right { "✓".to_string() } else { format!("✗ {}: {answer}", predict_words(lang, W::Answer)) };
    html! { <td class={if right { "predict-grade right" } else { "predict-grade wrong" }} data-right={right.to_string()}>{ words }</td> }
}

/// The message of a control's new value (`data-t`, `data-f`: `s` a state, `t` a turnaround,
/// `r` a response), as the app reads it (`classroom::message`).
fn answer(el: &Element, value: &str) -> Option<String> {
    let t = number(&el.get_attribute("data-t")?)?;
    let f = el.get_attribute("data-f")?;
    // A state as its word (the app reads it: `classroom::message`), a number as digits.
    let v = match f.as_str() {
        "s" => value.to_string(),
        _ => number(value).map(|n| n.to_string()).unwrap_or_default(),
    };
    Some(format!("{f} {t} {v}"))
}

fn send(msg: &str) {
    crate::extras::send(crate::extras::PREDICT_EVENT, &wasm_bindgen::JsValue::from_str(msg));
}

#[derive(Properties, PartialEq, Clone)]
pub struct PredictPanelProps {
    pub view: PredictView,
    pub lang: Lang,
}

/// The panel of predict mode as the app's `view` of it says.
#[component]
pub fn PredictPanel(props: &PredictPanelProps) -> Html {
    let (p, l) = (&props.view, props.lang);
    let question = predict_words(l, W::Question)
        .replace("{0}", &(p.current + 1).min(p.questions).to_string())
        .replace("{1}", &p.questions.to_string());
    let ask = match p.tick {
        Some(t) => predict_words(l, W::AskAt).replace("{0}", &t.to_string()),
        None => predict_words(l, W::AskEnd).to_string(),
    };
    let revealed = p.revealed;
    let rows = p.has_run.then(|| {
        let input = |i: usize, name: &str, f: &str, v: Option<u64>| {
            html! {
                <td><input id={format!("predict-{name}-{}", if f == "t" { "turnaround" } else { "response" })} type="number"
                    min="0" data-t={i.to_string()} data-f={f.to_string()} value={v.map(|v| v.to_string()).unwrap_or_default()}
                    disabled={revealed} /></td>
            }
        };
        html! {
            <table class="predict-table">
                if p.tick.is_none() {
                    <tr><th></th><th>{ predict_words(l, W::Turnaround) }</th><th>{ predict_words(l, W::Response) }</th></tr>
                }
                { for p.names.iter().enumerate().map(|(i, name)| {
                    match p.tick {
                        Some(_) => {
                            let mine = p.states.get(i).copied().flatten();
                            let id = format!("predict-{name}");
                            html! {
                                <tr>
                                    <th><label for={id.clone()}>{ name }</label></th>
                                    <td><select {id} data-t={i.to_string()} data-f="s" disabled={revealed}>
                                        <option value="" selected={mine.is_none()}>{ "?" }</option>
                                        { for State::ALL.into_iter().map(|s| html! {
                                            <option value={s.as_str()} selected={mine == Some(s)}>{ state_word(l, s) }</option>
                                        }) }
                                    </select></td>
                                    if let (true, Some(s)) = (revealed, p.truth.get(i)) {
                                        { grade(mine == Some(*s), state_word(l, *s).to_string(), l) }
                                    }
                                </tr>
                            }
                        }
                        None => {
                            let mine = p.figures.get(i).copied().unwrap_or((None, None));
                            html! {
                                <tr>
                                    <th>{ name }</th>
                                    { input(i, name, "t", mine.0) }
                                    { input(i, name, "r", mine.1) }
                                    if let (true, Some(f)) = (revealed, p.truth_figures.get(i)) {
                                        { grade(mine == *f, format!("{} / {}", shown(f.0), shown(f.1)), l) }
                                    }
                                </tr>
                            }
                        }
                    }
                }) }
            </table>
        }
    });
    // `input` as typed, `change` as a select is set (an option clicked may fire only that);
    // a select's value is read by the same getter (`value`, looked up by name).
    let oninput = Callback::from(move |e: Event| {
        let el: HtmlInputElement = e.target_unchecked_into();
        if let Some(m) = answer(&el, &el.value()) {
            send(&m);
        }
    });
    let onclick = Callback::from(move |e: MouseEvent| {
        let el: Element = e.target_unchecked_into();
        match el.id().as_str() {
            "predict-check" => send("check"),
            "predict-next" => send("next"),
            "predict-leave" => send("leave"),
            "predict-new" => {
                let seed = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("predict-seed"))
                    .map(|s| s.unchecked_into::<HtmlInputElement>().value());
                if let Some(s) = seed.as_deref().and_then(number) {
                    send(&format!("new {}", crate::problem::text(&crate::problem::problem(s))));
                }
            }
            _ => {}
        }
    });
    let score = predict_words(l, W::Score).replace("{0}", &p.right.to_string()).replace("{1}", &p.total.to_string());
    html! {
        <section id="predict" class="predict" data-question={p.current.to_string()} data-revealed={revealed.to_string()}
            oninput={oninput.reform(|e: InputEvent| Event::from(e))} onchange={oninput} {onclick}>
            <h2>{ predict_words(l, W::Title) }</h2>
            <p id="predict-question"><b>{ question }</b>{ " " }{ ask }</p>
            if let Some(rows) = rows { { rows } }
            <p>
                <button id="predict-check" type="button" disabled={revealed || p.pending || !p.has_run}>{ predict_words(l, W::Check) }</button>
                <button id="predict-next" type="button" disabled={!revealed || p.tick.is_none()}>{ predict_words(l, W::Next) }</button>
                <button id="predict-leave" type="button">{ predict_words(l, W::Leave) }</button>
            </p>
            <p id="predict-score" role="status" data-right={p.right.to_string()} data-total={p.total.to_string()}>
                { score }
                if p.done { { " " }{ predict_words(l, W::Done) } }
            </p>
            <p>
                <label for="predict-seed">{ predict_words(l, W::Seed) }</label>
                <input id="predict-seed" type="number" min="0" value="1" />
                <button id="predict-new" type="button">{ predict_words(l, W::NewProblem) }</button>
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_whole_ticks_or_nothing() {
        assert_eq!(number(" 42 "), Some(42));
        assert_eq!(number("0"), Some(0));
        for bad in ["", "-1", "1.5", "4e2", "x", "9999999999999999"] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }
}
