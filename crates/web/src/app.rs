//! The app: holds the [`Model`] in a reducer, drives playback with a timer (never blocking
//! the page), handles the keyboard shortcuts and remembers the language; lays out the
//! components and passes state down, messages up.

use crate::components::editor::Editor;
use crate::components::events_list::EventsList;
use crate::components::gantt::{ChartData, ChartKind, Gantt};
use crate::components::legend::Legend;
use crate::components::lifecycle::Lifecycle;
use crate::components::link_banner::LinkBanner;
use crate::components::locks_panel::LocksPanel;
use crate::components::numbers::Numbers;
use crate::components::outcome::OutcomeBanner;
use crate::components::playback::Playback;
use crate::components::preset_picker::PresetPicker;
use crate::components::scenario_heading::ScenarioHeading;
use crate::components::segments_table::SegmentsTable;
use crate::components::thread_table::ThreadTable;
use crate::components::why::Why;
use crate::components::zoom_bar::ZoomBar;
use crate::i18n::{tr, Key, Lang};
use crate::state::{Model, Msg, Shared, Theme, View};
use gloo_timers::callback::Interval;
use std::rc::Rc;
use threadlab_share::decimal::Fixed;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, KeyboardEvent};
use yew::prelude::*;

impl Reducible for Model {
    type Action = Msg;
    fn reduce(self: Rc<Self>, action: Msg) -> Rc<Self> {
        // The time from a new text to its run on screen goes on <html data-sim-ms> (read by
        // the browser tests for docs/PERFORMANCE.md).
        let now = || web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0);
        let started =
            matches!(action, Msg::Edit(_) | Msg::Open(_) | Msg::Preset(..) | Msg::FormText(_) | Msg::OpenLink(_));
        let t0 = now();
        let next = Rc::new((*self).clone().update(action));
        if started && next.generation != self.generation {
            SIM_STARTED.with(|c| c.set(t0));
        }
        if next.run.as_ref().map(Rc::as_ptr) != self.run.as_ref().map(Rc::as_ptr) {
            let ms = now() - SIM_STARTED.with(|c| c.get());
            if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = el.set_attribute("data-sim-ms", &Fixed(ms, 1).to_string());
            }
        }
        next
    }
}

const LANG_KEY: &str = "threadlab.lang";
/// Local storage: the page's last state, as its link's fragment (written with the address).
const LAST_KEY: &str = "threadlab.last";

thread_local! {
    /// When the text of the pending run was set (`performance.now()`, ms).
    static SIM_STARTED: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
}

/// Milliseconds of simulation per slice: the rest of each frame stays for the page.
const SLICE_MS: f64 = 12.0;

/// Runs one slice of a pending run, then schedules the next (a zero timeout: input, drawing
/// and playback go in between), until the run is over or a newer text cancels it.
fn run_slices(
    job: Rc<std::cell::RefCell<crate::job::Job>>,
    generation: u64,
    dispatch: UseReducerDispatcher<Model>,
    cancelled: Rc<std::cell::Cell<bool>>,
) {
    if cancelled.get() {
        return;
    }
    let perf = web_sys::window().and_then(|w| w.performance());
    let now = move || perf.as_ref().map(|p| p.now()).unwrap_or(f64::INFINITY);
    let deadline = now() + SLICE_MS;
    let done = job.borrow_mut().slice(deadline, now);
    match done {
        Some(r) => dispatch.dispatch(Msg::Finished(generation, Shared(Rc::new(r)))),
        None => {
            let (tick, limit) = job.borrow().progress();
            dispatch.dispatch(Msg::Progress(generation, tick, limit));
            gloo_timers::callback::Timeout::new(0, move || run_slices(job, generation, dispatch, cancelled)).forget();
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn stored(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

fn stored_lang() -> Lang {
    stored(LANG_KEY).and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::En)
}

/// Whether the charts draw dark: forced, or the system's preference.
fn is_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::Auto => web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
            .map(|m| m.matches())
            .unwrap_or(false),
    }
}

fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// The model the page opens with: the default preset, then the link in the fragment (or its
/// problem) or, without one, the page as it was left (local storage; not in an embed), then
/// the options of embed mode.
fn initial_model() -> Model {
    let mut m = Model::with_default_preset(stored_lang());
    // From now on texts run in slices between frames (`job.rs`): the page never freezes.
    m.sliced = true;
    let hash = crate::browser::hash();
    let embed = crate::url_state::embed_options(&crate::browser::query());
    let decode = |f: &str| threadlab_share::link::decode(f);
    let opened = if hash.len() > 1 {
        Some(decode(&hash))
    } else if embed.is_none() {
        // A stored state that no longer reads is dropped without a word (it was no link).
        stored(LAST_KEY).map(|f| decode(&f)).filter(|d| d.problem.is_none())
    } else {
        None
    };
    if let Some(d) = opened {
        m = m.update(Msg::OpenLink(d));
    }
    if let Some(o) = embed {
        if let Some(v) = o.view {
            m = m.update(Msg::View(v));
        }
        if let Some(t) = o.theme {
            m = m.update(Msg::Theme(t));
        }
        if let Some(l) = o.lang {
            m = m.update(Msg::Lang(l));
        }
        if let Some(t) = o.t {
            m = m.update(Msg::Seek(t));
        }
        if let Some(s) = o.speed {
            m = m.update(Msg::Speed(s));
        }
        if let Some(s) = o.scale {
            m = m.update(Msg::Scale(Some(s)));
        }
        if let Some(p) = &o.predict {
            m = m.update(Msg::PredictStart(Some(p.clone())));
        }
        m.embed = Some(o);
    }
    m
}

/// How long the address waits after the last change before it is rewritten.
const FRAGMENT_DEBOUNCE_MS: u32 = 300;

#[component]
pub fn App() -> Html {
    let model = use_reducer(initial_model);
    // The language shown: Chinese once its texts are downloaded (`zh_texts`, asked for by the
    // effect on <html lang> below), English until then.
    let lang = if crate::zh_texts::loaded() { model.lang } else { Lang::En };
    let rerender = use_force_update();

    // Playback: a 30 ms timer while playing, advancing by the real time elapsed.
    {
        let dispatch = model.dispatcher();
        use_effect_with(model.playing, move |&playing| {
            let timer = playing.then(|| {
                let mut last = now_seconds();
                Interval::new(30, move || {
                    let now = now_seconds();
                    dispatch.dispatch(Msg::Frame(now - last));
                    last = now;
                })
            });
            move || drop(timer)
        });
    }
    // Time to first render, for docs/PERFORMANCE.md (read by the browser tests).
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            let ms = w.performance().map(|p| p.now()).unwrap_or(0.0);
            if let Some(el) = w.document().and_then(|d| d.document_element()) {
                let _ = el.set_attribute("data-first-render-ms", &Fixed(ms, 0).to_string());
            }
        }
    });
    // The language: the one shown on <html lang>, the one chosen remembered (not by an embed,
    // whose `lang` is the course page's choice, not the reader's).
    let embedded = model.embed.is_some();
    use_effect_with((model.lang, lang), move |&(chosen, lang)| {
        if chosen != lang {
            crate::zh_texts::request(rerender);
        }
        if let Some(w) = web_sys::window() {
            if let Some(s) = w.local_storage().ok().flatten().filter(|_| !embedded) {
                let _ = s.set_item(LANG_KEY, chosen.code());
            }
            if let Some(el) = w.document().and_then(|d| d.document_element()) {
                let _ = el.set_attribute("lang", lang.code());
            }
        }
    });
    // A pending run goes in slices (a newer text cancels the older run).
    {
        let dispatch = model.dispatcher();
        let pending = model.pending.clone();
        use_effect_with(pending.as_ref().map(|(g, _)| *g), move |_| {
            let cancelled = Rc::new(std::cell::Cell::new(false));
            if let Some((generation, program)) = pending {
                let job = Rc::new(std::cell::RefCell::new(crate::job::Job::new(program.0.clone())));
                run_slices(job, generation, dispatch, cancelled.clone());
            }
            move || cancelled.set(true)
        });
    }
    // The address follows the state (debounced; replacing the history entry, never adding).
    {
        let link = crate::url_state::link_state(&model);
        let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
        let key = (
            link.text.clone(),
            model.view,
            model.window.0.to_bits(),
            model.window.1.to_bits(),
            model.lang,
            (!model.playing).then_some(model.tick()),
            model.scale.map(f64::to_bits),
        );
        use_effect_with(key, move |_| {
            let fragment = threadlab_share::link::encode(&link);
            *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(FRAGMENT_DEBOUNCE_MS, move || {
                crate::browser::replace_fragment(&fragment);
                // Kept for the next visit without a link (an embed's state is its page's).
                if let Some(s) = storage().filter(|_| !embedded) {
                    let _ = s.set_item(LAST_KEY, &fragment);
                }
            }));
        });
    }
    // A link pasted into the address bar of the open page opens too.
    {
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                dispatch.dispatch(Msg::OpenLink(threadlab_share::link::decode(&crate::browser::hash())));
            });
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ = w.add_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = w {
                    let _ = w.remove_event_listener_with_callback("hashchange", listener.as_ref().unchecked_ref());
                }
            }
        });
    }
    // Embed mode: autoplay when the frame comes into view (a frame further down a course page
    // waits for its reader; never when the user asked for reduced motion), and the height the
    // content needs, told to the embedding page after every render that changes it.
    {
        let dispatch = model.dispatcher();
        let autoplay = model.embed.as_ref().is_some_and(|o| o.autoplay);
        use_effect_with((), move |_| {
            let watch = (autoplay && !crate::browser::reduced_motion())
                .then(|| crate::browser::when_in_view("app", move || dispatch.dispatch(Msg::Play)))
                .flatten();
            move || drop(watch)
        });
    }
    {
        let last = use_mut_ref(|| 0.0f64);
        let embedded = model.embed.is_some();
        use_effect(move || {
            if embedded && crate::browser::in_frame() {
                let h = crate::browser::content_height();
                if (h - *last.borrow()).abs() >= 1.0 {
                    *last.borrow_mut() = h;
                    crate::browser::post_height(h);
                }
            }
        });
    }
    // The theme: on <html data-theme> (the CSS follows it; "auto" follows the system).
    use_effect_with(model.theme, |&theme| {
        if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = el.set_attribute("data-theme", theme.code());
        }
    });
    // Keyboard: space play/pause, arrows step, Home restart, + - [ ] 0 zoom and pan
    // (never while the key goes to a control or the focus is in one: typing, choosing).
    {
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                let control = |el: Option<web_sys::Element>| {
                    el.is_some_and(|el| matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"))
                };
                let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
                if control(target) || control(focused) || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let msg = match e.key().as_str() {
                    " " => Some(Msg::TogglePlay),
                    "ArrowRight" => Some(Msg::StepForward),
                    "ArrowLeft" => Some(Msg::StepBack),
                    "Home" => Some(Msg::Restart),
                    "+" | "=" => Some(Msg::Zoom(0.5, None)),
                    "-" => Some(Msg::Zoom(2.0, None)),
                    "[" => Some(Msg::Pan(-0.25)),
                    "]" => Some(Msg::Pan(0.25)),
                    "0" => Some(Msg::ZoomAll),
                    _ => None,
                };
                if let Some(m) = msg {
                    e.prevent_default();
                    dispatch.dispatch(m);
                }
            });
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &doc {
                let _ = d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(d) = doc {
                    let _ = d.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
                }
            }
        });
    }

    let send = |f: fn(()) -> Msg| {
        let d = model.dispatcher();
        Callback::from(move |_: ()| d.dispatch(f(())))
    };
    let on_edit = {
        let d = model.dispatcher();
        Callback::from(move |t: String| d.dispatch(Msg::Edit(t)))
    };
    // Which editor the side panel shows (both edit the same scenario).
    let form_tab = use_state(|| false);
    // The editing panel (text, form, settings) is open, except on a phone at first: there the
    // charts come first.
    let editing = use_state(|| {
        web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|w| w.as_f64()).is_none_or(|w| w >= 600.0)
    });
    let toggle_editing = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let tab = |form: bool| {
        let form_tab = form_tab.clone();
        Callback::from(move |_: MouseEvent| form_tab.set(form))
    };
    // The form's thread list lives in the extras module: it gets the text while shown, and
    // its edits come back as texts.
    {
        let shown = *form_tab && *editing && model.embed.is_none();
        let text = model.text.clone();
        use_effect_with((shown, text, lang), move |(shown, text, lang)| {
            if *shown {
                crate::extras::show(crate::extras::Panel::Form { text: text.clone(), lang: *lang });
            }
        });
        // The settings bar too (shown with the editing panel).
        let shown = *editing && model.embed.is_none();
        let text = model.text.clone();
        use_effect_with((shown, text, lang), move |(shown, text, lang)| {
            if *shown {
                crate::extras::show(crate::extras::Panel::Settings { text: text.clone(), lang: *lang });
            }
        });
        let d = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = crate::extras::listen(crate::extras::EDIT_EVENT, move |t| {
                if let Some(t) = t.as_string() {
                    d.dispatch(Msg::FormText(t));
                }
            });
            move || drop(listener)
        });
    }
    // A preset's text is fetched when it is picked (`presets/NAME.tl`, copied into the site
    // from crates/sim/presets): the app holds the default one only (docs/PERFORMANCE.md).
    let preset_failed = use_state(|| false);
    let on_pick = {
        let (d, failed) = (model.dispatcher(), preset_failed.clone());
        Callback::from(move |p: &'static str| {
            if p == threadlab_sim::presets::DEFAULT {
                failed.set(false);
                return d.dispatch(Msg::Preset(p, threadlab_sim::presets::default_text().to_string()));
            }
            let (d, failed) = (d.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::zh_texts::fetch_text(&format!("presets/{p}.tl")).await {
                    Some(text) => {
                        failed.set(false);
                        d.dispatch(Msg::Preset(p, text));
                    }
                    None => failed.set(true),
                }
            });
        })
    };
    let on_seek = {
        let d = model.dispatcher();
        Callback::from(move |t: f64| d.dispatch(Msg::Seek(t)))
    };
    let on_speed = {
        let d = model.dispatcher();
        Callback::from(move |s: f64| d.dispatch(Msg::Speed(s)))
    };
    let on_legend = {
        let d = model.dispatcher();
        Callback::from(move |k| d.dispatch(Msg::ToggleLegend(k)))
    };
    let on_lang = {
        let d = model.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(l) = Lang::from_code(&sel.value()) {
                d.dispatch(Msg::Lang(l));
            }
        })
    };
    let on_open_text = {
        let d = model.dispatcher();
        Callback::from(move |t: String| d.dispatch(Msg::Open(t)))
    };
    let file_notice = use_state(|| None::<f64>);
    let on_open_error = {
        let file_notice = file_notice.clone();
        Callback::from(move |size: f64| file_notice.set(Some(size)))
    };
    // A .tl file dropped anywhere on the page opens.
    let on_dragover = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let on_open = on_open_text.clone();
        let on_err = on_open_error.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let Some(f) = e.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) else { return };
            let (on_open, on_err) = (on_open.clone(), on_err.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match crate::browser::read_file(f, threadlab_sim::limits::MAX_TEXT_BYTES).await {
                    Ok(t) => on_open.emit(t),
                    Err(size) => on_err.emit(size),
                }
            });
        })
    };
    let on_dismiss = send(|_| Msg::DismissLinkProblem);
    let on_window = {
        let d = model.dispatcher();
        Callback::from(move |(a, b): (f64, f64)| d.dispatch(Msg::Window(a, b)))
    };
    let on_zoom = {
        let d = model.dispatcher();
        Callback::from(move |(f, at): (f64, Option<f64>)| d.dispatch(Msg::Zoom(f, at)))
    };
    let on_scale = {
        let d = model.dispatcher();
        Callback::from(move |s: Option<f64>| d.dispatch(Msg::Scale(s)))
    };
    let on_theme = {
        let d = model.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(t) = Theme::from_code(&sel.value()) {
                d.dispatch(Msg::Theme(t));
            }
        })
    };
    let on_view = {
        let d = model.dispatcher();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let v = match sel.value().as_str() {
                "cores" => View::Cores,
                "threads" => View::Threads,
                _ => View::Both,
            };
            d.dispatch(Msg::View(v))
        })
    };

    let run = model.run.clone();
    let data = {
        let run = run.clone();
        use_memo(run.as_ref().map(|r| Rc::as_ptr(r) as usize), move |_| {
            run.as_ref().map(|r| Rc::new(ChartData::new(r.clone(), Rc::new(r.thread_lanes()))))
        })
    };
    let tick = model.tick();
    let dark = is_dark(model.theme);
    // Predict mode: the charts end at the last revealed tick, and what tells the rest of the
    // run (outcome, events, tables, numbers) waits until everything is revealed.
    let hide_after = model.shown_until();
    let hiding = hide_after.is_some();
    let on_predict = {
        let (d, on) = (model.dispatcher(), model.predict.is_some());
        Callback::from(move |_: MouseEvent| d.dispatch(if on { Msg::PredictLeave } else { Msg::PredictStart(None) }))
    };
    // The classroom panels (issue 14) are in the classroom module (`classroom.rs`): predict
    // mode's gets the state of the question (its answers and buttons come back as messages);
    // with `picks` in the text, the drive panel (you are the scheduler) gets where the run
    // waits (a pick comes back as a text).
    let driving = model.tree.as_ref().is_some_and(|t| t.settings.picks.is_some());
    {
        let pending = model.pending.is_some();
        let run = model.run.as_deref();
        let predict = model.predict.as_ref().map(|p| crate::classroom::encode(p, run, pending));
        let drive = run.filter(|_| driving).map(|r| crate::classroom::encode_drive(r, pending));
        use_effect_with((predict, drive, model.text.clone(), lang), move |(predict, drive, text, lang)| {
            use crate::extras::{show, Panel};
            if let Some(view) = predict {
                show(Panel::Predict { view: view.clone(), lang: *lang });
            }
            if let Some(view) = drive {
                show(Panel::Drive { text: text.clone(), view: view.clone(), lang: *lang });
            }
        });
        let d = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = crate::extras::listen(crate::extras::PREDICT_EVENT, move |m| {
                for msg in crate::classroom::message(&m.as_string().unwrap_or_default()) {
                    d.dispatch(msg);
                }
            });
            move || drop(listener)
        });
    }
    let drive_root = driving.then(|| html! { <section id="drive-root" class="drive-root"></section> });
    let predict_panel =
        model.predict.is_some().then(|| html! { <section id="predict-root" class="predict-root"></section> });
    let embed = model.embed.clone();
    let chart = |data: &Rc<ChartData>, kind: ChartKind, title: Key| {
        html! {
            <section class="chart">
                <h2>{ tr(lang, title) }</h2>
                <Gantt data={data.clone()} {kind} cursor={model.cursor} window={model.window} scale={model.scale} {dark} {lang}
                    hidden={model.hidden} on_seek={on_seek.clone()} on_window={on_window.clone()}
                    on_zoom={on_zoom.clone()} {hide_after} />
            </section>
        }
    };
    let playback = |r: &Rc<threadlab_sim::RunResult>| {
        html! {
            <Playback cursor={model.cursor} end={r.makespan} playing={model.playing} speed={model.speed}
                unit={r.unit.clone()} {lang} on_toggle={send(|_| Msg::TogglePlay)}
                on_step_back={send(|_| Msg::StepBack)} on_step_forward={send(|_| Msg::StepForward)}
                on_restart={send(|_| Msg::Restart)} on_seek={on_seek.clone()} on_speed={on_speed.clone()} />
        }
    };
    let views = |data: &Rc<ChartData>| {
        html! {
            <>
                if model.view != View::Threads { { chart(data, ChartKind::Cores, Key::Cores) } }
                if model.view != View::Cores { { chart(data, ChartKind::Threads, Key::Threads) } }
                if model.view != View::Cores && !data.locks.is_empty() { { chart(data, ChartKind::Locks, Key::Locks) } }
                <Legend hidden={model.hidden} {lang} on_toggle={on_legend.clone()} />
            </>
        }
    };
    let banner = html! { <LinkBanner problem={model.link_problem.clone()} {lang} on_dismiss={on_dismiss.clone()} /> };
    // The scenario's own title and note (an embed's `note=0` hides the note).
    let heading = html! {
        <ScenarioHeading title={model.title.clone().map(AttrValue::from)} note={model.note.clone().map(AttrValue::from)}
            origin={model.origin} edited={model.origin.is_some() && model.preset != model.origin}
            show_note={embed.as_ref().is_none_or(|o| o.note)} {lang} />
    };
    // The experiments (issue 13): their buttons come with the extras module, their panels
    // with the lab module (which the extras module loads when one is opened), their runs go
    // to the worker. The app keeps the open experiment for the link. An embed shows the
    // experiment of its link, without the buttons: the app loads the lab module itself.
    {
        let embedded = model.embed.is_some();
        let key = (model.experiment.clone(), model.text.clone(), lang);
        use_effect_with(key, move |(experiment, text, lang)| {
            if embedded && experiment.is_none() {
                return;
            }
            crate::extras::show(crate::extras::Panel::Experiment {
                lab: embedded,
                text: text.clone(),
                lang: *lang,
                experiment: experiment.as_ref().map(|e| e.0.to_lines()).unwrap_or_default(),
                run: experiment.as_ref().is_some_and(|e| e.1),
            });
        });
        let dispatch = model.dispatcher();
        use_effect_with((), move |_| {
            let listener = crate::extras::listen(crate::extras::EXPERIMENT_EVENT, move |v| {
                // Header lines; a first line `run=1`: run it at once (a ready-made experiment).
                let lines = v.as_string().unwrap_or_default();
                let run = lines.starts_with("run=1\n");
                let e = threadlab_share::link::LinkExperiment::from_lines(&lines);
                dispatch.dispatch(Msg::Experiment(e.map(|e| (e, run))));
            });
            move || drop(listener)
        });
    }
    if let Some(o) = &embed {
        // Embed mode: the charts and the playback controls, optionally the editor, and a link
        // to the full playground with the same scenario.
        let full = format!(
            "{}#{}",
            crate::browser::base_url(),
            threadlab_share::link::encode(&crate::url_state::link_state(&model))
        );
        return html! {
            <main id="app" class="embed" data-ready="true" data-embed="true" ondragover={on_dragover} ondrop={on_drop}>
                { banner }
                { heading }
                if let Some(data) = (*data).as_ref() {
                    if !hiding { <OutcomeBanner run={Shared(data.run.clone())} {lang} /> }
                    if o.controls { { playback(&data.run) } }
                    if let Some(p) = predict_panel.clone() { { p } }
                    { drive_root.clone() }
                    { views(data) }
                }
                if model.experiment.is_some() { <section id="lab-root" class="sweep-root"></section> }
                if o.editor && !o.readonly {
                    <Editor text={model.text.clone()} error={model.error.clone()} {lang} on_edit={on_edit} />
                }
                <p class="open-full"><a id="open-full" href={full} target="_blank" rel="noopener">{ tr(lang, Key::OpenInThreadlab) }</a></p>
            </main>
        };
    }
    let charts = (*data).as_ref().map(|data| {
        let r = &data.run;
        html! {
            <>
                if !hiding { <OutcomeBanner run={Shared(r.clone())} {lang} /> }
                { playback(r) }
                if let Some(p) = predict_panel.clone() { { p } }
                { drive_root.clone() }
                <Why run={Shared(r.clone())} {tick} {lang} />
                <ZoomBar window={model.window} end={data.extent} {lang} on_window={on_window.clone()}
                    on_zoom={on_zoom.clone()} on_all={send(|_| Msg::ZoomAll)} scale={model.scale} on_scale={on_scale.clone()} />
                { views(data) }
                if !hiding {
                    <div class="explain">
                        <Lifecycle run={Shared(r.clone())} lanes={data.lanes.clone()} {tick} {lang} />
                        <LocksPanel data={data.clone()} {tick} {lang} />
                        <EventsList run={Shared(r.clone())} {tick} {lang} on_seek={on_seek.clone()} />
                    </div>
                    <ThreadTable data={data.clone()} {tick} {lang} />
                    <Numbers run={Shared(r.clone())} {lang} />
                    <SegmentsTable run={Shared(r.clone())} {lang} />
                }
            </>
        }
    });
    let link = Rc::new(crate::url_state::link_state(&model));
    let title = model.tree.as_ref().and_then(|t| t.settings.title.clone()).map(AttrValue::from);
    // The share and export bar comes with the extras module (`extras.rs`), which starts
    // loading once the first screen is drawn.
    {
        // Encoded (deflated) only when what the bar shows changes, not at every render.
        let key = (link.clone(), model.run_text.clone(), title.clone(), lang, model.window, model.scale);
        use_effect_with(key, |(link, run_text, title, lang, window, scale)| {
            crate::extras::show(crate::extras::Panel::Share {
                fragment: threadlab_share::link::encode(link),
                text: link.text.clone(),
                run_text: run_text.clone(),
                title: title.as_ref().map(|t| t.to_string()),
                lang: *lang,
                window: *window,
                scale: *scale,
            })
        });
        let (on_open, on_err) = (on_open_text.clone(), on_open_error.clone());
        use_effect_with((), move |_| {
            let listener =
                crate::extras::listen(crate::extras::OPEN_EVENT, move |v| match (v.as_string(), v.as_f64()) {
                    (Some(text), _) => on_open.emit(text),
                    (None, Some(size)) => on_err.emit(size),
                    _ => {}
                });
            move || drop(listener)
        });
    }
    let share = html! {
        <section id="share-root" class="extras-root share-root" data-loading={tr(lang, Key::Loading)}></section>
    };
    let sweep = html! { <section id="experiment-root" class="sweep-root"></section> };
    let progress = model.progress.map(|(tick, limit)| {
        html! {
            <div id="sim-progress" class="sim-progress" role="status">
                { format!("{} t = {tick} / {limit}", tr(lang, Key::Simulating)) }
                <progress max={limit.max(1).to_string()} value={tick.to_string()} />
            </div>
        }
    });
    let notice = match (*file_notice, *preset_failed) {
        (_, true) => {
            Some(html! { <p id="preset-notice" class="editor-error" role="alert">{ tr(lang, Key::PresetFailed) }</p> })
        }
        (Some(size), _) => Some(html! {
            <p id="file-notice" class="editor-error" role="alert">{ format!("{} ({} bytes)", tr(lang, Key::FileTooBig), Fixed(size, 0)) }</p>
        }),
        _ => None,
    };

    html! {
        <main id="app" data-ready="true" ondragover={on_dragover} ondrop={on_drop}>
            { banner }
            <header class="top">
                <h1>{ "Threadlab" }<small>{ " — " }{ tr(lang, Key::Tagline) }</small></h1>
                <label for="view">{ tr(lang, Key::View) }</label>
                <select id="view" onchange={on_view}>
                    <option value="both" selected={model.view == View::Both}>{ tr(lang, Key::Both) }</option>
                    <option value="cores" selected={model.view == View::Cores}>{ tr(lang, Key::Cores) }</option>
                    <option value="threads" selected={model.view == View::Threads}>{ tr(lang, Key::Threads) }</option>
                </select>
                <label for="lang">{ tr(lang, Key::Language) }</label>
                <select id="lang" onchange={on_lang}>
                    <option value="en" selected={model.lang == Lang::En}>{ "English" }</option>
                    <option value="zh" selected={model.lang == Lang::Zh}>{ "简体中文" }</option>
                </select>
                <label for="theme">{ tr(lang, Key::Theme) }</label>
                <select id="theme" onchange={on_theme}>
                    { for [Theme::Auto, Theme::Light, Theme::Dark].into_iter().map(|t| {
                        let k = match t { Theme::Auto => Key::ThemeAuto, Theme::Light => Key::ThemeLight, Theme::Dark => Key::ThemeDark };
                        html! { <option value={t.code()} selected={model.theme == t}>{ tr(lang, k) }</option> }
                    }) }
                </select>
            </header>
            <div class="layout">
                <aside class="side">
                    <PresetPicker current={model.preset} {lang} on_pick={on_pick} />
                    <button id="editor-toggle" type="button" class="editor-toggle" aria-controls="side-edit"
                        aria-expanded={editing.to_string()} onclick={toggle_editing}>{ tr(lang, Key::EditScenario) }</button>
                    // Predict mode (issue 14): beside the editing panel's button (a row of its own
                    // on a phone would push the first chart out of the first screen).
                    <button id="predict-toggle" type="button" class="editor-toggle" aria-pressed={model.predict.is_some().to_string()}
                        onclick={on_predict}>
                        { tr(lang, Key::Predict) }
                    </button>
                    <div id="side-edit" hidden={!*editing}>
                        <div class="tabs" role="tablist">
                            <button id="tab-text" role="tab" aria-selected={(!*form_tab).to_string()} onclick={tab(false)}>{ tr(lang, Key::TextTab) }</button>
                            <button id="tab-form" role="tab" aria-selected={form_tab.to_string()} onclick={tab(true)}>{ tr(lang, Key::FormTab) }</button>
                        </div>
                        <div hidden={*form_tab}>
                            <Editor text={model.text.clone()} error={model.error.clone()} {lang} on_edit={on_edit} />
                        </div>
                        <div hidden={!*form_tab}>
                            // The thread list comes with the extras module (`extras.rs`), loaded
                            // the first time the form is shown.
                            <div id="form-root" class="extras-root" data-loading={tr(lang, Key::Loading)}></div>
                        </div>
                    </div>
                    <p class="keys">{ tr(lang, Key::KeyboardHelp) }</p>
                </aside>
                // Every optional child is an `if`, one node whether shown or not: a child list
                // that changed length would rebuild its neighbours (Yew matches unkeyed children
                // from the end), and with them the focus of a field being typed in.
                <div class="main">
                    { heading }
                    <div hidden={!*editing}>
                        // The settings bar comes with the extras module (`extras.rs`).
                        <div id="settings-root" class="extras-root" data-loading={tr(lang, Key::Loading)}></div>
                    </div>
                    if let Some(n) = notice { { n } }
                    if let Some(p) = progress { { p } }
                    if let Some(c) = charts { { c } }
                    { sweep }
                    { share }
                </div>
            </div>
        </main>
    }
}
