//! The zoom controls shared by the charts: the exact interval typed in (from, to), zoom in,
//! zoom out and the whole run. The same moves have keys (+ − [ ] 0) and mouse gestures.
//! And the time scale: fitted to the charts' width, or fixed at so many ticks per pixel (so
//! that two runs at the same scale compare at a glance; zooming then changes the scale).

use crate::i18n::{tr, Key, Lang};
use crate::state::MIN_SCALE;
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
    /// Ticks per pixel, or `None` when the window fits the charts' width.
    pub scale: Option<f64>,
    pub on_scale: Callback<Option<f64>>,
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
    // A number of ticks per pixel applies on change; an empty field fits again.
    let on_scale = {
        let cb = props.on_scale.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let v = input.value();
            if v.trim().is_empty() {
                cb.emit(None);
            } else if let Some(x) = decimal::parse(&v).filter(|x| *x > 0.0) {
                cb.emit(Some(x));
            }
        })
    };
    let fit = {
        let cb = props.on_scale.clone();
        Callback::from(move |_: MouseEvent| cb.emit(None))
    };
    let fitted = props.scale.is_none();
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
            <span class="scale">
                <label for="scale" title={tr(l, Key::ScaleHint)}>{ tr(l, Key::TicksPerPixel) }</label>
                <input id="scale" type="number" min={Short(MIN_SCALE).to_string()} step="any"
                    placeholder={tr(l, Key::Fit)} title={tr(l, Key::ScaleHint)}
                    value={props.scale.map(|s| Short(s).to_string()).unwrap_or_default()} onchange={on_scale} />
                <button id="scale-fit" aria-pressed={fitted.to_string()} onclick={fit}>{ tr(l, Key::Fit) }</button>
            </span>
        </div>
    }
}
