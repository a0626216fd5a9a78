//! The zoom controls shared by the charts: the exact interval typed in (from, to), zoom in,
//! zoom out and the whole run. The same moves have keys (+ − [ ] 0) and mouse gestures.

use crate::i18n::{tr, Key, Lang};
use threadlab_share::decimal::{self, Short};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ZoomBarProps {
    pub window: (f64, f64),
    pub end: u64,
    pub lang: Lang,
    pub on_window: Callback<(f64, f64)>,
    pub on_zoom: Callback<(f64, Option<f64>)>,
    pub on_all: Callback<()>,
}

#[component]
pub fn ZoomBar(props: &ZoomBarProps) -> Html {
    let l = props.lang;
    let (t0, t1) = props.window;
    // An edited bound applies on change (Enter or leaving the field); the other bound stays.
    let bound = |first: bool| {
        let cb = props.on_window.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(v) = decimal::parse(&input.value()) {
                cb.emit(if first { (v, t1) } else { (t0, v) });
            }
        })
    };
    let zoom = |f: f64| {
        let cb = props.on_zoom.clone();
        Callback::from(move |_: MouseEvent| cb.emit((f, None)))
    };
    let all = {
        let cb = props.on_all.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <div class="zoombar" role="group" aria-label={tr(l, Key::Interval)}>
            <span>{ tr(l, Key::Interval) }</span>
            <label for="win-from">{ tr(l, Key::From) }</label>
            <input id="win-from" type="number" min="0" max={props.end.to_string()} step="1"
                value={Short(t0.round()).to_string()} onchange={bound(true)} />
            <label for="win-to">{ tr(l, Key::To) }</label>
            <input id="win-to" type="number" min="0" max={props.end.to_string()} step="1"
                value={Short(t1.round()).to_string()} onchange={bound(false)} />
            <button id="zoom-in" onclick={zoom(0.5)} title={tr(l, Key::ZoomIn)} aria-label={tr(l, Key::ZoomIn)}>{ "+" }</button>
            <button id="zoom-out" onclick={zoom(2.0)} title={tr(l, Key::ZoomOut)} aria-label={tr(l, Key::ZoomOut)}>{ "−" }</button>
            <button id="zoom-all" onclick={all} title={tr(l, Key::WholeRun)}>{ tr(l, Key::WholeRun) }</button>
        </div>
    }
}
