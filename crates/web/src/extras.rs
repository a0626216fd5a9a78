//! The extras module, the app's side: parts of the page the first screen does not need (the
//! form's thread list; the share and export bar with the embed panel) are a second wasm (`extras_main.rs`, bin
//! `threadlab-extras`), loaded the first time one of them is shown and mounted into an empty
//! element the app renders for it. So they are not part of the first load
//! (docs/PERFORMANCE.md). The two modules talk by DOM events on `window`:
//!
//! - app → extras, `threadlab:panel`, detail `{panel: "form", root, text, lang}` or
//!   `{panel: "share", root, fragment, text, runText?, title?, lang, t0, t1, scale?}`: the
//!   panel's inputs, every time they change;
//! - extras → app, `threadlab:edit`, detail: the scenario text after a form edit (the form
//!   applies its edit to the parsed text and prints it with `format::to_text`, as the app did);
//! - extras → app, `threadlab:open`, detail: a `.tl` file's text, or its size in bytes (a
//!   number) when it is too big to be a scenario;
//! - app → extras, `threadlab:panel`, detail `{panel: "sweep", root, text, lang, spec, run}`:
//!   the sweep panel (`spec` its `NAME=VALUES`, `run` "1" to run it at once);
//! - extras → app, `threadlab:sweep`, detail: the `NAME=VALUES` of a sweep the user ran (it
//!   goes into the page's link);
//! - extras → app, `threadlab:extras-ready` once it listens: the app sends its panels again.

use crate::i18n::Lang;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The module's JS glue and the classic script that starts it (`web/extras-loader.js`).
const GLUE: &str = "./threadlab-extras.js";
const LOADER: &str = "./extras-loader.js";
pub const PANEL_EVENT: &str = "threadlab:panel";
pub const EDIT_EVENT: &str = "threadlab:edit";
pub const OPEN_EVENT: &str = "threadlab:open";
pub const READY_EVENT: &str = "threadlab:extras-ready";
pub const SWEEP_EVENT: &str = "threadlab:sweep";

/// A panel the extras module shows, with its inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    /// The form's thread list, in the element `form-root`.
    Form { text: String, lang: Lang },
    /// The share and export bar (with the embed panel), in the element `share-root`.
    Share {
        fragment: String,
        text: String,
        run_text: Option<std::rc::Rc<str>>,
        title: Option<String>,
        lang: Lang,
        window: (f64, f64),
        scale: Option<f64>,
    },
    /// The sweep panel, in the element `experiment-root`.
    Sweep { text: String, lang: Lang, spec: String, run: bool },
}

impl Panel {
    pub fn root(&self) -> &'static str {
        match self {
            Panel::Form { .. } => "form-root",
            Panel::Share { .. } => "share-root",
            Panel::Sweep { .. } => "experiment-root",
        }
    }

    /// The detail of the `threadlab:panel` event.
    fn detail(&self) -> JsValue {
        let o = js_sys::Object::new();
        let set = |k: &str, v: &str| {
            let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
        };
        set("root", self.root());
        match self {
            Panel::Form { text, lang } => {
                set("panel", "form");
                set("text", text);
                set("lang", lang.code());
            }
            Panel::Sweep { text, lang, spec, run } => {
                set("panel", "sweep");
                set("text", text);
                set("lang", lang.code());
                set("spec", spec);
                set("run", if *run { "1" } else { "" });
            }
            Panel::Share { fragment, text, run_text, title, lang, window, scale } => {
                set("panel", "share");
                set("fragment", fragment);
                set("text", text);
                if let Some(t) = run_text {
                    set("runText", t);
                }
                if let Some(t) = title {
                    set("title", t);
                }
                set("lang", lang.code());
                let num = |k: &str, v: f64| {
                    let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_f64(v));
                };
                num("t0", window.0);
                num("t1", window.1);
                if let Some(s) = scale {
                    num("scale", *s);
                }
            }
        }
        o.into()
    }
}

#[derive(Default)]
struct State {
    /// Loading started.
    started: bool,
    /// The module listens.
    ready: bool,
    /// The latest inputs of each panel shown (sent again when the module is ready).
    panels: Vec<Panel>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Dispatches `name` on `window` with `detail`.
pub fn send(name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::CustomEvent::new_with_event_init_dict(name, &init)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Shows `panel` (loading the module the first time): its inputs go to the module now, or
/// when it is ready.
pub fn show(panel: Panel) {
    let (send_now, load) = STATE.with_borrow_mut(|s| {
        match s.panels.iter_mut().find(|p| p.root() == panel.root()) {
            Some(p) => *p = panel.clone(),
            None => s.panels.push(panel.clone()),
        }
        let load = !s.started;
        s.started = true;
        (s.ready, load)
    });
    if load {
        start();
    }
    if send_now {
        send(PANEL_EVENT, &panel.detail());
    }
}

/// Adds a classic script to the page; `then` runs when it has loaded.
fn add_script(src: &str, then: Option<Box<dyn FnOnce()>>) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(el) = doc.create_element("script") else { return };
    let _ = el.set_attribute("src", src);
    if let Some(then) = then {
        let cb = Closure::once_into_js(then);
        let _ = el.add_event_listener_with_callback("load", cb.unchecked_ref());
    }
    if let Some(head) = doc.head() {
        let _ = head.append_child(&el);
    }
}

/// Listens for the module's `ready` and loads its glue, then its loader.
fn start() {
    let on_ready = Closure::<dyn Fn()>::new(|| {
        let panels = STATE.with_borrow_mut(|s| {
            s.ready = true;
            s.panels.clone()
        });
        for p in panels {
            send(PANEL_EVENT, &p.detail());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(READY_EVENT, on_ready.as_ref().unchecked_ref());
    }
    on_ready.forget();
    add_script(GLUE, Some(Box::new(|| add_script(LOADER, None))));
}

/// Calls `on` with the detail of every `event` (`threadlab:edit`, `threadlab:open`) the
/// module sends; the listener lives as long as the returned guard.
pub fn listen(event: &'static str, on: impl Fn(JsValue) + 'static) -> Listener {
    let cb = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| on(e.detail()));
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
    }
    Listener(event, Some(cb))
}

/// Removes its event listener when dropped.
pub struct Listener(&'static str, Option<Closure<dyn Fn(web_sys::CustomEvent)>>);

impl Drop for Listener {
    fn drop(&mut self) {
        if let (Some(cb), Some(w)) = (self.1.take(), web_sys::window()) {
            let _ = w.remove_event_listener_with_callback(self.0, cb.as_ref().unchecked_ref());
        }
    }
}
