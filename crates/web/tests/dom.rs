//! Component tests in a real browser: each test mounts real components into a fresh `<div>` of
//! headless Chromium's page (wasm-bindgen-test), lets Yew render and run the effects (the
//! canvas drawing, which the native SSR tests of `components.rs` cannot reach), and checks
//! the DOM against the simulation core's result for the same scenario, computed here.
//!
//! Run by `cargo xtask test` ("component tests"), or by hand:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver
//! cargo test -p threadlab-web --target wasm32-unknown-unknown --test dom`
//! (the browser's options are in `crates/web/webdriver.json`).

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use threadlab_sim::trace::{Segment, State};
use threadlab_sim::RunResult;
use threadlab_web::app::App;
use threadlab_web::components::editor::{Editor, EditorProps};
use threadlab_web::components::gantt::{ChartData, ChartKind, Gantt, GanttProps};
use threadlab_web::components::legend::{self, Legend, LegendProps};
use threadlab_web::components::lifecycle::{last_transition, Lifecycle, LifecycleProps};
use threadlab_web::i18n::Lang;
use threadlab_web::palette::{key_of, legend_keys};
use threadlab_web::state::{LegendKey, LegendSet, Model, Shared};
use threadlab_web::timeline::state_at;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlTextAreaElement, InputEvent, InputEventInit, MouseEvent,
    MouseEventInit,
};
use yew::{AppHandle, BaseComponent, Callback, Renderer};

wasm_bindgen_test_configure!(run_in_browser);

/// How long a test waits for the DOM to show what it expects before failing.
const PATIENCE: Duration = Duration::from_secs(10);

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a document")
}

/// A component mounted into its own fresh `<div>` at the end of `<body>`; unmounted (and the
/// `<div>` removed) by [`Mounted::unmount`].
struct Mounted<C: BaseComponent> {
    root: Element,
    handle: AppHandle<C>,
}

fn mount<C: BaseComponent>(props: C::Properties) -> Mounted<C> {
    let doc = document();
    let root = doc.create_element("div").expect("a div");
    doc.body().expect("a body").append_child(&root).expect("the div goes into the body");
    let handle = Renderer::<C>::with_root_and_props(root.clone(), props).render();
    Mounted { root, handle }
}

impl<C: BaseComponent> Mounted<C> {
    /// The first element under the root matching `selector`.
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("a valid selector")
    }

    /// Every element under the root matching `selector`.
    fn find_all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("a valid selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).collect()
    }

    fn attr(&self, selector: &str, name: &str) -> Option<String> {
        self.find(selector)?.get_attribute(name)
    }

    /// Waits (yielding to the browser, so that Yew renders and runs its effects) until
    /// `probe` gives something, and returns it; fails the test after [`PATIENCE`].
    async fn wait_for<T>(&self, what: &str, mut probe: impl FnMut(&Self) -> Option<T>) -> T {
        let start = js_sys::Date::now();
        loop {
            if let Some(found) = probe(self) {
                return found;
            }
            if js_sys::Date::now() - start > PATIENCE.as_millis() as f64 {
                panic!("waited {PATIENCE:?} for {what}; the DOM is:\n{}", self.root.inner_html());
            }
            yew::platform::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits until the attribute `name` of `selector` is there and equals `want`.
    async fn wait_for_attr(&self, selector: &str, name: &str, want: &str) {
        let what = format!("{selector}[{name}={want:?}]");
        self.wait_for(&what, |m| m.attr(selector, name).filter(|v| v == want)).await;
    }

    fn unmount(self) {
        self.handle.destroy();
        self.root.remove();
    }
}

/// An attribute read as a number.
fn number(value: Option<String>, what: &str) -> usize {
    let value = value.unwrap_or_else(|| panic!("{what} is missing"));
    value.parse().unwrap_or_else(|e| panic!("{what} = {value:?} is not a number: {e}"))
}

fn preset(name: &str) -> &'static str {
    threadlab_sim::presets::find(name).expect("preset").text
}

fn run(text: &str) -> Rc<RunResult> {
    Rc::new(threadlab_sim::run(text).expect("a valid test scenario"))
}

/// Thread segments drawn at full zoom when the legend entries `hidden` are left out.
fn drawable(lanes: &[Vec<Segment>], hidden: &LegendSet) -> usize {
    lanes.iter().flatten().filter(|s| key_of(s).is_some_and(|k| !hidden.contains(k))).count()
}

/// A bubbling event, as the browser sends it (Yew listens on the root and lets events bubble).
fn click(el: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_button(0);
    let event = MouseEvent::new_with_mouse_event_init_dict("click", &init).expect("a click event");
    el.dispatch_event(&event).expect("the click is dispatched");
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_draws_the_default_preset() {
    let text = preset(threadlab_sim::presets::DEFAULT);
    let r = run(text);
    let lanes = r.thread_lanes();
    let model = Model::with_default_preset(Lang::En);
    assert!(r.threads.len() > 1, "the default preset has threads to show");

    let app = mount::<App>(());
    // Drawn: the threads chart's effect has run (it sets data-rects after drawing).
    let rects = app.wait_for("#gantt-threads[data-rects]", |m| m.attr("#gantt-threads", "data-rects")).await;
    assert_eq!(app.attr("#app", "data-ready").as_deref(), Some("true"));
    let canvas = "#gantt-threads";
    assert_eq!(number(app.attr(canvas, "data-lanes"), "data-lanes"), r.threads.len(), "a lane per thread");
    assert_eq!(number(app.attr(canvas, "data-segments"), "data-segments"), lanes.iter().map(Vec::len).sum::<usize>());
    assert_eq!(number(app.attr(canvas, "data-drawn"), "data-drawn"), drawable(&lanes, &model.hidden));
    assert!(number(Some(rects), "data-rects") > 0, "bars are painted");
    assert_eq!(app.attr(canvas, "data-window"), Some(format!("{}-{}", model.window.0, model.window.1)));
    assert_eq!(number(app.attr("#gantt-cores", "data-lanes"), "cores' data-lanes"), r.cores.len(), "a lane per core");
    // The editor holds the preset's text.
    let editor: HtmlTextAreaElement = app.find("#editor").expect("#editor").dyn_into().expect("a textarea");
    assert_eq!(editor.value(), text);
    assert!(app.find("#editor-error").is_none());
    app.unmount();
}

#[wasm_bindgen_test]
async fn the_gantt_chart_draws_bars_and_redraws_when_the_legend_hides_them() {
    let r = run(preset("playground"));
    let lanes = Rc::new(r.thread_lanes());
    let data = Rc::new(ChartData::new(r.clone(), lanes.clone()));
    let end = r.makespan as f64;
    let props = |hidden: LegendSet, window: (f64, f64)| GanttProps {
        data: data.clone(),
        kind: ChartKind::Threads,
        cursor: 0.0,
        hidden,
        window,
        scale: None,
        hide_after: None,
        dark: false,
        lang: threadlab_web::i18n::Lang::En,
        on_seek: Callback::noop(),
        on_window: Callback::noop(),
        on_zoom: Callback::noop(),
    };
    let mut chart = mount::<Gantt>(props(LegendSet::default(), (0.0, end)));
    let canvas = "#gantt-threads";
    // `data-ready` comes with the first draw (it is not in the markup).
    let ready = chart.wait_for("data-ready", |m| m.attr(canvas, "data-ready")).await;
    assert_eq!(ready, "true");
    let rects = number(chart.attr(canvas, "data-rects"), "data-rects");
    let drawn = number(chart.attr(canvas, "data-drawn"), "data-drawn");
    assert_eq!(drawn, drawable(&lanes, &LegendSet::default()));
    // Bars next to each other in one pixel are merged: never more rectangles than segments.
    assert!(rects > 0 && rects <= drawn, "data-rects = {rects}, data-drawn = {drawn}");
    assert_eq!(chart.attr(canvas, "data-window"), Some(format!("0-{}", r.makespan)));
    assert_eq!(number(chart.attr(canvas, "data-lanes"), "data-lanes"), r.threads.len());
    // Something is painted on the canvas, not only counted.
    let el: HtmlCanvasElement = chart.find(canvas).expect("the canvas").dyn_into().expect("a canvas");
    assert!(el.width() > 0 && el.height() > 0);
    let ctx: CanvasRenderingContext2d =
        el.get_context("2d").expect("2d").expect("a context").dyn_into().expect("a 2d context");
    let pixels = ctx.get_image_data(0.0, 0.0, el.width() as f64, el.height() as f64).expect("pixels").data();
    let inked = pixels.chunks(4).filter(|p| p[3] != 0).count();
    assert!(inked > 100, "{inked} pixels painted");

    // Every legend entry hidden: the effect redraws with no bar.
    let all: LegendSet = legend_keys().into_iter().collect();
    chart.handle.update(props(all, (0.0, end)));
    chart.wait_for_attr(canvas, "data-rects", "0").await;
    assert_eq!(chart.attr(canvas, "data-drawn").as_deref(), Some("0"));

    // Only running hidden, zoomed on the first half: the window follows.
    let running: LegendSet = [LegendKey::Running].into_iter().collect();
    let half = (end / 2.0).floor();
    chart.handle.update(props(running, (0.0, half)));
    chart.wait_for_attr(canvas, "data-window", &format!("0-{half}")).await;
    let rects = chart.wait_for("bars again", |m| m.attr(canvas, "data-rects").filter(|v| v != "0")).await;
    let drawn = number(chart.attr(canvas, "data-drawn"), "data-drawn");
    assert_eq!(drawn, drawable(&lanes, &running));
    assert!(drawn < drawable(&lanes, &LegendSet::default()), "the running segments are left out");
    assert!(number(Some(rects), "data-rects") <= drawn);
    chart.unmount();
}

#[wasm_bindgen_test]
async fn clicking_a_legend_entry_toggles_that_entry() {
    let clicked: Rc<RefCell<Vec<LegendKey>>> = Rc::default();
    let on_toggle = {
        let clicked = clicked.clone();
        Callback::from(move |k: LegendKey| clicked.borrow_mut().push(k))
    };
    let keys = legend_keys();
    let hidden: LegendSet = [keys[1]].into_iter().collect();
    let props = LegendProps { hidden, lang: Lang::En, on_toggle };
    let legend = mount::<Legend>(props);
    let buttons = legend
        .wait_for("the legend's buttons", |m| Some(m.find_all("button.legend-item")).filter(|b| !b.is_empty()))
        .await;
    assert_eq!(buttons.len(), keys.len(), "an entry per legend key");
    for (button, &k) in buttons.iter().zip(&keys) {
        let text = button.text_content().unwrap_or_default();
        assert!(text.contains(legend::label(Lang::En, k)), "{k:?}: {text:?}");
        let pressed = if k == keys[1] { "false" } else { "true" };
        assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some(pressed), "{k:?}");
    }
    assert!(clicked.borrow().is_empty());
    let lock = keys.iter().position(|&k| k == LegendKey::Blocked(threadlab_sim::trace::Cause::Lock)).expect("lock");
    click(&buttons[lock]);
    click(&buttons[1]);
    assert_eq!(*clicked.borrow(), vec![keys[lock], keys[1]]);
    legend.unmount();
}

#[wasm_bindgen_test]
async fn the_editor_shows_the_error_at_its_line_and_column_and_sends_edits() {
    let text = "thread a { cpu x }";
    let error = threadlab_sim::run(text).expect_err("`cpu x` is an error");
    assert_eq!((error.pos.line, error.pos.col), (1, 16));
    let edits: Rc<RefCell<Vec<String>>> = Rc::default();
    let on_edit = {
        let edits = edits.clone();
        Callback::from(move |t: String| edits.borrow_mut().push(t))
    };
    let error = threadlab_web::state::Shared(Rc::new(error));
    let props = EditorProps { text: text.into(), error: Some(error.clone()), lang: Lang::En, on_edit };
    let editor = mount::<Editor>(props);
    let shown = editor.wait_for("#editor-error", |m| m.find("#editor-error")).await;
    let words = shown.text_content().unwrap_or_default();
    assert!(words.contains(&format!("1:16: {}", error.message())), "{words}");
    let caret = editor.find("#editor-error pre").and_then(|p| p.text_content()).unwrap_or_default();
    assert_eq!(caret, format!("{text}\n{}^", " ".repeat(15)), "the caret under column 16");
    assert_eq!(editor.attr("#editor", "aria-invalid").as_deref(), Some("true"));

    // Typing sends the new text up.
    let area: HtmlTextAreaElement = editor.find("#editor").expect("#editor").dyn_into().expect("a textarea");
    area.set_value("thread a { cpu 1 }");
    let init = InputEventInit::new();
    init.set_bubbles(true);
    area.dispatch_event(&InputEvent::new_with_event_init_dict("input", &init).expect("an input event"))
        .expect("the input is dispatched");
    assert_eq!(*edits.borrow(), vec!["thread a { cpu 1 }".to_string()]);
    editor.unmount();
}

#[wasm_bindgen_test]
async fn the_lifecycle_highlights_the_state_at_the_tick() {
    let r = run("cores 1\nthread a { cpu 3; io 4; cpu 2 }\nthread b { cpu 2 }");
    let lanes = Rc::new(r.thread_lanes());
    let end = r.threads[0].end.expect("a ends");
    let props = |tick: u64| LifecycleProps { run: Shared(r.clone()), lanes: lanes.clone(), tick, lang: Lang::En };
    let mut diagram = mount::<Lifecycle>(props(4));
    let mut seen = Vec::new();
    // Thread a (the one shown first): running, then blocked on I/O, then dead.
    for tick in [4, 1, end + 1] {
        let now = state_at(&lanes, &r, 0, tick);
        seen.push(now);
        diagram.handle.update(props(tick));
        diagram.wait_for_attr("#lifecycle", "data-now", now.as_str()).await;
        let lit = diagram.find_all("#lifecycle g.node.now");
        assert_eq!(lit.len(), 1, "one state lit at tick {tick}");
        assert_eq!(lit[0].get_attribute("data-state").as_deref(), Some(now.as_str()), "tick {tick}");
        let last = last_transition(&lanes, &r, 0, tick).map(|(f, t, _)| format!("{}-{}", f.as_str(), t.as_str()));
        assert_eq!(diagram.attr("#lifecycle", "data-last"), Some(last.unwrap_or_default()), "tick {tick}");
        // Each state's box counts the threads in it.
        for node in diagram.find_all("#lifecycle g.node") {
            let state = node.get_attribute("data-state").unwrap_or_default();
            let n = (0..r.threads.len() as u32).filter(|&t| state_at(&lanes, &r, t, tick).as_str() == state).count();
            assert_eq!(number(node.get_attribute("data-count"), "data-count"), n, "{state} at tick {tick}");
        }
    }
    assert_eq!(seen, [State::Blocked, State::Running, State::Dead]);
    diagram.unmount();
}
