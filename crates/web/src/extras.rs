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
//! - app → extras, `threadlab:panel`, detail `{panel: "experiment", root, text, lang,
//!   experiment, run}`: the experiments' buttons (sweep, compare) and, when one is open, its
//!   panel: `experiment` is the open experiment as a link's header lines
//!   ([`LinkExperiment::to_lines`](threadlab_share::link::LinkExperiment::to_lines), `""`
//!   when none is open), `run` "1" to run it at once (it came with a link);
//! - extras → app, `threadlab:experiment`, detail: the experiment opened, run or closed, as
//!   header lines (`""`: closed); it goes into the page's link;
//! - extras → app, `threadlab:extras-ready` once it listens: the app sends its panels again.
//!
//! The experiments' panels are a third wasm, the **lab** module (`lab_main.rs`, bin
//! `threadlab-lab`), which the extras module loads the same way, with this file, the first
//! time an experiment is opened: `{panel: "lab", root: "lab-root", …}` (the same fields as
//! `experiment`) to it, `threadlab:lab-ready` from it; the lab sends `threadlab:experiment` and
//! `threadlab:open` to the app itself.

use crate::i18n::Lang;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub const PANEL_EVENT: &str = "threadlab:panel";
pub const EDIT_EVENT: &str = "threadlab:edit";
pub const OPEN_EVENT: &str = "threadlab:open";
pub const EXPERIMENT_EVENT: &str = "threadlab:experiment";
/// Predict mode's panel → app: an answer or a button (`predict_view::message`).
pub const PREDICT_EVENT: &str = "threadlab:predict";

/// A module loaded on demand into the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Module {
    /// The form's thread list, the share bar, the experiments' buttons (loaded by the app).
    Extras,
    /// The sweep and comparison panels (loaded by the extras module).
    Lab,
    /// The classroom's panels: the OSTEP import box (loaded by the extras module when it is
    /// opened: it holds the reimplemented homework simulators, which nothing else needs) and
    /// predict mode and you are the scheduler (loaded by the app when one of them starts).
    Ostep,
}

impl Module {
    /// The module's JS glue and the classic script that starts it (`web/*-loader.js`).
    fn scripts(self) -> (&'static str, &'static str) {
        match self {
            Module::Extras => ("./threadlab-extras.js", "./extras-loader.js"),
            Module::Lab => ("./threadlab-lab.js", "./lab-loader.js"),
            Module::Ostep => ("./threadlab-ostep.js", "./ostep-loader.js"),
        }
    }

    /// The event the module sends once it listens.
    pub fn ready_event(self) -> &'static str {
        match self {
            Module::Extras => "threadlab:extras-ready",
            Module::Lab => "threadlab:lab-ready",
            Module::Ostep => "threadlab:ostep-ready",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A panel the extras module shows, with its inputs.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    /// The form's thread list, in the element `form-root`.
    Form { text: String, lang: Lang },
    /// The settings bar, in the element `settings-root`.
    Settings { text: String, lang: Lang },
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
    /// The experiments' buttons (extras module), in the element `experiment-root`, or the
    /// open experiment's panel (lab module), in `lab-root`: `experiment` as a link's header
    /// lines (`""`: none open), `run` to run it at once.
    Experiment { lab: bool, text: String, lang: Lang, experiment: String, run: bool },
    /// The OSTEP import box (lab module), in `ostep-root`.
    Ostep { lang: Lang },
    /// You are the scheduler (`drive_panel`), in `drive-root`: the text, and where its run
    /// waits as `classroom::encode_drive` writes it.
    Drive { text: String, view: String, lang: Lang },
    /// Predict mode's panel (`predict_panel`), in `predict-root`: the app's state of it as
    /// `predict_view::encode` writes it.
    Predict { view: String, lang: Lang },
}

impl Panel {
    pub fn root(&self) -> &'static str {
        match self {
            Panel::Form { .. } => "form-root",
            Panel::Settings { .. } => "settings-root",
            Panel::Share { .. } => "share-root",
            Panel::Experiment { lab: false, .. } => "experiment-root",
            Panel::Experiment { lab: true, .. } => "lab-root",
            Panel::Ostep { .. } => "ostep-root",
            Panel::Drive { .. } => "drive-root",
            Panel::Predict { .. } => "predict-root",
        }
    }

    /// The module that shows the panel.
    pub fn module(&self) -> Module {
        match self {
            Panel::Experiment { lab: true, .. } => Module::Lab,
            Panel::Ostep { .. } | Panel::Drive { .. } | Panel::Predict { .. } => Module::Ostep,
            _ => Module::Extras,
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
            Panel::Settings { text, lang } => {
                set("panel", "settings");
                set("text", text);
                set("lang", lang.code());
            }
            Panel::Form { text, lang } => {
                set("panel", "form");
                set("text", text);
                set("lang", lang.code());
            }
            Panel::Ostep { lang } => {
                set("panel", "ostep");
                set("lang", lang.code());
            }
            Panel::Predict { view, lang } => {
                set("panel", "predict");
                set("text", view);
                set("lang", lang.code());
            }
            Panel::Drive { text, view, lang } => {
                set("panel", "drive");
                set("text", text);
                set("view", view);
                set("lang", lang.code());
            }
            Panel::Experiment { lab, text, lang, experiment, run } => {
                set("panel", if *lab { "lab" } else { "experiment" });
                set("text", text);
                set("lang", lang.code());
                set("experiment", experiment);
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
    /// Each module's loading (by [`Module::index`]).
    static STATE: RefCell<[State; 3]> = RefCell::new(Default::default());
}

/// The page-wide count of Yew roots: the number the next app mounted by any module gets.
const ROOTS: &str = "__threadlabYewRoots";

thread_local! {
    /// The number Yew, in this module, gives the next root it makes.
    static NEXT_ROOT: Cell<u32> = const { Cell::new(1) };
}

#[yew::function_component]
fn Nothing() -> yew::Html {
    yew::Html::default()
}

/// Mounts the app `C` into `root` with `props`, its Yew root numbered apart from every
/// other module's.
///
/// Yew numbers the roots of the apps it mounts 1, 2, 3… in each wasm module, and tells which
/// app an event is for by that number on the elements: an app of one module mounted inside
/// another module's app with the same number would take the other's events as its own and
/// run its own listeners for them (a click in the lab ran the extras module's "Sweep"
/// button). So every app of the page is mounted here: the page keeps one count
/// (`window.__threadlabYewRoots`), and a module that is behind it first mounts and drops
/// empty apps until Yew's count in this module reaches it (a few, once per module).
pub fn render_in<C: yew::BaseComponent>(root: web_sys::Element, props: C::Properties) -> yew::AppHandle<C> {
    catch_up();
    render_first(root, props)
}

/// The number of the next Yew root in the page's count.
fn page_roots() -> u32 {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str(ROOTS)).ok())
        .and_then(|v| v.as_f64())
        .map_or(1, |n| n as u32)
}

/// Mounts and drops empty apps until this module's Yew count reaches the page's.
fn catch_up() {
    let page = page_roots();
    let doc = web_sys::window().and_then(|w| w.document());
    while NEXT_ROOT.get() < page {
        let Some(el) = doc.as_ref().and_then(|d| d.create_element("div").ok()) else { break };
        yew::Renderer::<Nothing>::with_root(el).render().destroy();
        NEXT_ROOT.set(NEXT_ROOT.get() + 1);
    }
}

/// [`render_in`] for the page's first app (the first-load module's: no module mounted one
/// before it, so there is nothing to catch up with, and the empty app's code stays out of
/// the first load).
pub fn render_first<C: yew::BaseComponent>(root: web_sys::Element, props: C::Properties) -> yew::AppHandle<C> {
    let app = yew::Renderer::<C>::with_root_and_props(root, props).render();
    let next = NEXT_ROOT.get().max(page_roots()) + 1;
    NEXT_ROOT.set(next);
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &JsValue::from_str(ROOTS), &JsValue::from(next));
    }
    app
}

/// The detail of a `threadlab:panel` event, as a module reads it.
pub struct PanelDetail(JsValue);

impl PanelDetail {
    /// A string field.
    pub fn get(&self, key: &str) -> Option<String> {
        crate::browser::prop(&self.0, key).as_string()
    }

    /// A string field, empty when missing.
    pub fn text(&self, key: &str) -> String {
        self.get(key).unwrap_or_default()
    }

    /// A number field.
    pub fn num(&self, key: &str) -> Option<f64> {
        crate::browser::prop(&self.0, key).as_f64()
    }

    /// A flag field (`"1"`).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| v == "1")
    }

    pub fn lang(&self) -> Lang {
        self.get("lang").and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::En)
    }
}

/// A module's entry point: calls `on(panel, its element, the detail)` for each
/// `threadlab:panel` event whose element is on the page, then says the module listens.
pub fn serve(module: Module, on: impl Fn(&str, web_sys::Element, &PanelDetail) + 'static) {
    let on_panel = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        let d = PanelDetail(e.detail());
        let root = d.get("root").and_then(|id| web_sys::window()?.document()?.get_element_by_id(&id));
        if let (Some(panel), Some(root)) = (d.get("panel"), root) {
            on(&panel, root, &d);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(PANEL_EVENT, on_panel.as_ref().unchecked_ref());
    }
    on_panel.forget();
    send(module.ready_event(), &JsValue::NULL);
}

/// A panel a module mounted: its element and its app.
pub struct Mounted<C: yew::BaseComponent> {
    root: web_sys::Element,
    app: yew::AppHandle<C>,
}

/// Gives `props` to the panel in `root` (a module's entry point keeps each panel in a
/// `slot`): a new app when none is there (or the app's element was replaced), new props
/// otherwise.
pub fn mount<C: yew::BaseComponent>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Mounted<C>>>>,
    root: web_sys::Element,
    props: C::Properties,
) {
    slot.with_borrow_mut(|m| match m {
        Some(m) if m.root == root => m.app.update(props),
        _ => {
            if let Some(old) = m.take() {
                old.app.destroy();
            }
            let app = render_in::<C>(root.clone(), props);
            *m = Some(Mounted { root, app });
        }
    });
}

/// Dispatches `name` on `window` with `detail`.
pub fn send(name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_detail(detail);
    if let (Some(w), Ok(e)) = (web_sys::window(), web_sys::CustomEvent::new_with_event_init_dict(name, &init)) {
        let _ = w.dispatch_event(&e);
    }
}

/// Shows `panel` (loading its module the first time): its inputs go to the module now, or
/// when it is ready.
pub fn show(panel: Panel) {
    let module = panel.module();
    let (send_now, load) = STATE.with_borrow_mut(|s| {
        let s = &mut s[module.index()];
        match s.panels.iter_mut().find(|p| p.root() == panel.root()) {
            Some(p) => *p = panel.clone(),
            None => s.panels.push(panel.clone()),
        }
        let load = !s.started;
        s.started = true;
        (s.ready, load)
    });
    if load {
        start(module);
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
fn start(module: Module) {
    let on_ready = Closure::<dyn Fn()>::new(move || {
        let panels = STATE.with_borrow_mut(|s| {
            let s = &mut s[module.index()];
            s.ready = true;
            s.panels.clone()
        });
        for p in panels {
            send(PANEL_EVENT, &p.detail());
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(module.ready_event(), on_ready.as_ref().unchecked_ref());
    }
    on_ready.forget();
    let (glue, loader) = module.scripts();
    add_script(glue, Some(Box::new(move || add_script(loader, None))));
}

/// Calls `on` with the detail of every `event` (`threadlab:edit`, `threadlab:open`,
/// `threadlab:experiment`) the modules send; the listener lives as long as the returned guard.
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
