//! Playback controls: play/pause, step back/forward (event to event), restart, speed, and a
//! scrubber to drag the cursor; the current tick as an `<output>`.

use crate::i18n::{tr, Key, Lang};
use crate::state::SPEEDS;
use threadlab_share::decimal::{self, Short};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PlaybackProps {
    pub cursor: f64,
    pub end: u64,
    pub playing: bool,
    pub speed: f64,
    pub unit: AttrValue,
    pub lang: Lang,
    pub on_toggle: Callback<()>,
    pub on_step_back: Callback<()>,
    pub on_step_forward: Callback<()>,
    pub on_restart: Callback<()>,
    pub on_seek: Callback<f64>,
    pub on_speed: Callback<f64>,
}

#[component]
pub fn Playback(props: &PlaybackProps) -> Html {
    let l = props.lang;
    let click = |cb: &Callback<()>| {
        let cb = cb.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let on_scrub = {
        let cb = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = decimal::parse(&input.value()) {
                cb.emit(v);
            }
        })
    };
    let on_speed = {
        let cb = props.on_speed.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = decimal::parse(&sel.value()) {
                cb.emit(v);
            }
        })
    };
    let tick = props.cursor.floor() as u64;
    let play_label = if props.playing { tr(l, Key::Pause) } else { tr(l, Key::Play) };
    html! {
        <div class="playback" role="toolbar" aria-label={tr(l, Key::Time)}>
            <button id="restart" onclick={click(&props.on_restart)} title={tr(l, Key::Restart)} aria-label={tr(l, Key::Restart)}>{ "|◀◀" }</button>
            <button id="step-back" onclick={click(&props.on_step_back)} title={tr(l, Key::StepBack)} aria-label={tr(l, Key::StepBack)}>{ "◀" }</button>
            <button id="play" class="primary" onclick={click(&props.on_toggle)} aria-pressed={if props.playing { "true" } else { "false" }} aria-label={play_label}>
                { if props.playing { "⏸ " } else { "▶ " } }{ play_label }
            </button>
            <button id="step-forward" onclick={click(&props.on_step_forward)} title={tr(l, Key::StepForward)} aria-label={tr(l, Key::StepForward)}>{ "▶|" }</button>
            <label for="speed">{ tr(l, Key::Speed) }</label>
            <select id="speed" onchange={on_speed}>
                { for SPEEDS.iter().map(|&s| html! { <option value={Short(s).to_string()} selected={s == props.speed}>{ format!("{}×", Short(s)) }</option> }) }
            </select>
            <input type="range" id="scrub" min="0" max={props.end.to_string()} step="1" value={tick.to_string()}
                oninput={on_scrub} aria-label={tr(l, Key::Time)} />
            <output id="time" data-tick={tick.to_string()} data-end={props.end.to_string()}>
                { format!("t = {tick} / {} {}", props.end, props.unit) }
            </output>
        </div>
    }
}
