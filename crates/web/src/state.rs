//! The playground's state and every change to it, as a pure reducer (no DOM): the scenario
//! text, the last good run, the text's error, playback (cursor, playing, speed), the view
//! and the language. Components send [`Msg`]s up; the state flows down.

use crate::i18n::Lang;
use std::rc::Rc;
use threadlab_share::link::LinkExperiment;
use threadlab_sim::trace::State;
use threadlab_sim::{RunResult, Scenario, ScenarioError};

/// A shared value that compares by identity: components' props holding a run compare in O(1)
/// (an `Rc` of a type that is not `Eq` would compare a whole run, segment by segment, on
/// every render).
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Which Gantt chart(s) to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Cores,
    Threads,
    Both,
}

/// A legend entry that can be hidden by clicking it (a state, or a blocking cause).
pub use threadlab_share::palette::{LegendKey, LegendSet};

/// The colour theme: follow the system, or force one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
    pub fn from_code(c: &str) -> Option<Theme> {
        match c {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The narrowest zoom window, in ticks.
pub const MIN_SPAN: f64 = 1.0;

/// `x` brought into `[lo, hi]` (`hi` when `lo > hi`, `lo` when `x` is NaN). Unlike
/// `f64::clamp` it never panics, and it keeps `f64`'s formatting code (which `clamp`'s panic
/// message pulls in) out of the wasm.
pub fn within(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

/// `(t0, t1)` moved inside `[0, end]`, at least [`MIN_SPAN`] wide (as wide as the run at most).
pub fn clamp_window(t0: f64, t1: f64, end: f64) -> (f64, f64) {
    let end = end.max(MIN_SPAN);
    let (t0, t1) = if t0.is_finite() && t1.is_finite() { (t0.min(t1), t0.max(t1)) } else { (0.0, end) };
    let span = within(t1 - t0, MIN_SPAN, end);
    let t0 = within(t0, 0.0, end - span);
    (t0, t0 + span)
}

/// The finest and the coarsest fixed time scales, in ticks per pixel (a link keeps a scale to a
/// thousandth of a tick).
pub const MIN_SCALE: f64 = 0.01;
pub const MAX_SCALE: f64 = 1_000_000.0;

/// Playback speeds offered (multiples of the base rate, which plays a run in about 10 s).
pub const SPEEDS: [f64; 7] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// A number asked at the end of predict mode, per thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Turnaround,
    Response,
}

/// Predict mode (issue 14, "predict, then reveal"): questions at ticks, then one at the end.
/// While a question is not revealed, the run past the last revealed tick is hidden (the
/// cursor cannot go there, the charts draw nothing past it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Predict {
    /// The ticks asked about, in order; the question at the end follows them.
    pub ticks: Vec<u64>,
    /// The current question (`ticks.len()`: the one at the end).
    pub current: usize,
    /// The learner's answer for each thread (by id) at the current tick.
    pub states: Vec<Option<State>>,
    /// At the end: each thread's turnaround and response as typed.
    pub figures: Vec<(Option<u64>, Option<u64>)>,
    /// The current question was checked: graded, and the run shown up to it.
    pub revealed: bool,
    /// Once checked, the right answers: every thread's state at the tick, or its turnaround
    /// and response at the end.
    pub truth: Vec<State>,
    pub truth_figures: Vec<(Option<u64>, Option<u64>)>,
    /// Right answers and graded answers, over all questions checked.
    pub right: u32,
    pub total: u32,
    /// Its ticks are to be chosen from the run that is pending (a new problem's).
    pub choose: bool,
}

impl Predict {
    pub fn new(ticks: Vec<u64>) -> Self {
        Predict { ticks, ..Predict::default() }
    }
    /// The tick of the current question (`None`: the question at the end).
    pub fn tick(&self) -> Option<u64> {
        self.ticks.get(self.current).copied()
    }
    /// Every question answered and revealed: nothing is hidden any more.
    pub fn done(&self) -> bool {
        self.tick().is_none() && self.revealed
    }
}

/// The state of every thread of a run at `tick` (what a question at that tick is graded
/// against: the thread table's and the lifecycle's reading, `timeline::state_at`).
pub fn states_at(r: &RunResult, tick: u64) -> Vec<State> {
    let lanes = r.thread_lanes();
    (0..r.threads.len()).map(|t| crate::timeline::state_at(&lanes, r, t as u32, tick)).collect()
}

/// Every thread's turnaround and response in a run (the numbers table's).
pub fn figures_of(r: &RunResult) -> Vec<(Option<u64>, Option<u64>)> {
    r.threads.iter().map(|t| (t.turnaround(), t.response())).collect()
}

/// The questions predict mode asks by default (the "Predict, then reveal" button): up to 3
/// event ticks spread evenly over the run (at a quarter, half and three quarters of its
/// event ticks, past 0 and before the end), then the end.
pub fn default_asks(r: &RunResult) -> Vec<u64> {
    let mut v: Vec<u64> = r.events.iter().map(|e| e.tick).filter(|&t| t > 0 && t < r.makespan).collect();
    v.dedup();
    let n = v.len();
    let mut asks: Vec<u64> = if n == 0 { Vec::new() } else { (1..=3).map(|k| v[(k * n / 4).min(n - 1)]).collect() };
    asks.dedup();
    asks
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub text: String,
    /// The last run of a valid text (kept on screen while the text has an error).
    pub run: Option<Rc<RunResult>>,
    /// (Shared: passed down and compared by identity, not field by field.)
    pub error: Option<Shared<ScenarioError>>,
    /// The parsed tree of the text, when it parses: what the form shows and edits (the form
    /// is off while the text does not parse, so that nothing typed is lost).
    pub tree: Option<Rc<Scenario>>,
    pub preset: Option<&'static str>,
    /// The preset the text came from, kept through edits (typed or with the form); a link or
    /// a file whose text is no preset clears it. With `preset` it tells an edited preset.
    pub origin: Option<&'static str>,
    /// The `title` and `note` of the last text that parsed: shown while the text has an error.
    pub title: Option<String>,
    pub note: Option<String>,
    /// Playback position in ticks (fractional while animating).
    pub cursor: f64,
    pub playing: bool,
    pub speed: f64,
    pub view: View,
    pub lang: Lang,
    pub hidden: LegendSet,
    /// The zoom window shared by the charts, in ticks.
    pub window: (f64, f64),
    /// A fixed time scale, in ticks per pixel: every chart draws at it (runs of different
    /// lengths then compare at a glance) and scrolls sideways when wider than its box; its
    /// window starts at `window.0`. `None`: the window fits the chart's width.
    pub scale: Option<f64>,
    pub theme: Theme,
    /// What was wrong with the link the page was opened with (shown until dismissed).
    pub link_problem: Option<threadlab_share::link::Problem>,
    /// The open experiment (a sweep or a comparison, kept in links), and whether it runs as
    /// soon as it is shown (one that came with a link).
    pub experiment: Option<(LinkExperiment, bool)>,
    /// Embed mode (`?embed…`) and its options.
    pub embed: Option<crate::url_state::EmbedOptions>,
    /// Run new texts in slices between frames (the browser, see `job.rs`) rather than at once
    /// (native tests).
    pub sliced: bool,
    /// A checked text waiting for its run (when `sliced`), with its generation: a newer text
    /// makes an older run's result stale.
    pub pending: Option<(u64, Shared<threadlab_sim::Program>)>,
    pub generation: u64,
    /// The tick reached by the pending run, and the scenario's limit.
    pub progress: Option<(u64, u64)>,
    /// A position and a zoom window asked for while a run was pending (by a link, an embed
    /// option or the user): applied to that run when it arrives.
    pub seek_after: Option<f64>,
    /// The text of the run on screen (exports run it again in the worker, see
    /// `worker_client.rs`), and of the pending run.
    pub run_text: Option<Rc<str>>,
    pub pending_text: Option<Rc<str>>,
    pub window_after: Option<(f64, f64)>,
    /// Predict mode (`None`: the ordinary playground).
    pub predict: Option<Predict>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The scenario text changed (typed).
    Edit(String),
    /// A text was opened (a file): like [`Msg::Edit`], but it comes from no preset unless it is one.
    Open(String),
    /// The text after a change made with the form (the settings bar or the thread list: the
    /// extras module applies the change to the parsed text and prints the tree).
    FormText(String),
    /// A preset picked, with its text (fetched by the app: it holds the default one only).
    Preset(&'static str, String),
    TogglePlay,
    Restart,
    /// To the next (or previous) tick at which an event happens.
    StepForward,
    StepBack,
    Seek(f64),
    Speed(f64),
    /// Animation frame: seconds since the previous one.
    Frame(f64),
    Lang(Lang),
    View(View),
    ToggleLegend(LegendKey),
    /// Show exactly this interval (typed in, or dragged); clamped to the run.
    Window(f64, f64),
    /// Zoom by `factor` (< 1 zooms in) around tick `at` (the window's middle when `None`).
    Zoom(f64, Option<f64>),
    /// Move the window by this fraction of its width (negative: to the left).
    Pan(f64),
    /// Show the whole run.
    ZoomAll,
    /// Draw at this many ticks per pixel (`None`: fit the window to the chart's width).
    Scale(Option<f64>),
    /// Start playing (nothing when already playing): an embed's autoplay.
    Play,
    Theme(Theme),
    /// A link was opened: its state, or its problem and what could be recovered.
    OpenLink(threadlab_share::link::Decoded),
    DismissLinkProblem,
    /// Open this experiment (run at once when `.1`), or close it.
    Experiment(Option<(LinkExperiment, bool)>),
    /// The pending run of generation `.0` reached tick `.1` of limit `.2`.
    Progress(u64, u64, u64),
    /// The pending run of generation `.0` is over.
    Finished(u64, Shared<RunResult>),
    /// Start predict mode with questions at these ticks (then the end); `None`: at ticks
    /// chosen from the run ([`default_asks`]).
    PredictStart(Option<Vec<u64>>),
    /// The learner's answer: thread `.0` is in state `.1` at the current question's tick.
    PredictState(u32, Option<State>),
    /// The learner's answer at the end: a number of thread `.0`.
    PredictFigure(u32, Figure, Option<u64>),
    /// Grade the current question and reveal the run up to its tick.
    PredictCheck,
    /// On to the next question.
    PredictNext,
    /// Back to the ordinary playground.
    PredictLeave,
}

impl Model {
    pub fn new(text: String, lang: Lang) -> Self {
        let mut m = Model {
            text: String::new(),
            run: None,
            error: None,
            tree: None,
            preset: None,
            origin: None,
            title: None,
            note: None,
            cursor: 0.0,
            playing: false,
            speed: 1.0,
            view: View::Both,
            lang,
            hidden: LegendSet::default(),
            window: (0.0, 1.0),
            scale: None,
            theme: Theme::Auto,
            link_problem: None,
            experiment: None,
            embed: None,
            sliced: false,
            pending: None,
            generation: 0,
            progress: None,
            seek_after: None,
            window_after: None,
            run_text: None,
            pending_text: None,
            predict: None,
        };
        m.set_text(text);
        m
    }

    /// The model with the default preset loaded (the one preset text the app holds).
    pub fn with_default_preset(lang: Lang) -> Self {
        let mut m = Model::new(threadlab_sim::presets::default_text().to_string(), lang);
        m.preset = Some(threadlab_sim::presets::DEFAULT);
        m.origin = m.preset;
        m
    }

    pub fn makespan(&self) -> u64 {
        self.run.as_ref().map(|r| r.makespan).unwrap_or(0)
    }

    /// How far the charts' time axis goes (the whole-run view): the makespan, or past it when
    /// waits never end (a deadlock's or a stall's "forever" tails). Playback ends at the makespan.
    pub fn extent(&self) -> u64 {
        self.run.as_ref().map(|r| threadlab_share::chart::extent(r)).unwrap_or(0)
    }

    /// Ticks per second of playback at speed 1×: a whole run in about ten seconds.
    pub fn base_rate(&self) -> f64 {
        (self.makespan() as f64 / 10.0).max(1.0)
    }

    /// How far the run may be shown in predict mode: the last revealed tick (`None`: all of it).
    pub fn shown_until(&self) -> Option<f64> {
        let p = self.predict.as_ref().filter(|p| !p.done())?;
        let last = if p.revealed { p.tick() } else { p.current.checked_sub(1).and_then(|i| p.ticks.get(i).copied()) };
        Some((last.unwrap_or(0) as f64).min(self.makespan() as f64))
    }

    fn predict_update(&mut self, msg: Msg) {
        if let Msg::PredictStart(ticks) = msg {
            let choose = ticks.is_none();
            let ticks = match (ticks, &self.run) {
                (Some(t), _) => t,
                (None, Some(r)) if self.pending.is_none() => default_asks(r),
                _ => Vec::new(),
            };
            self.predict = Some(Predict { choose: choose && self.pending.is_some(), ..Predict::new(ticks) });
            self.playing = false;
            self.cursor = 0.0;
            return;
        }
        let threads = self.run.as_ref().map_or(0, |r| r.threads.len());
        let Some(p) = self.predict.as_mut() else { return };
        match msg {
            Msg::PredictState(t, s) if (t as usize) < threads && !p.revealed => {
                p.states.resize(threads, None);
                p.states[t as usize] = s;
            }
            Msg::PredictFigure(t, f, v) if (t as usize) < threads && !p.revealed => {
                p.figures.resize(threads, (None, None));
                let slot = &mut p.figures[t as usize];
                match f {
                    Figure::Turnaround => slot.0 = v,
                    Figure::Response => slot.1 = v,
                }
            }
            Msg::PredictCheck if !p.revealed && self.pending.is_none() => {
                let Some(r) = &self.run else { return };
                let (right, total) = match p.tick() {
                    Some(tick) => {
                        let truth = states_at(r, tick);
                        let right =
                            truth.iter().enumerate().filter(|(i, s)| p.states.get(*i) == Some(&Some(**s))).count();
                        (right, truth.len())
                    }
                    None => {
                        let truth = figures_of(r);
                        let right: usize = truth
                            .iter()
                            .enumerate()
                            .map(|(i, (ta, re))| {
                                let (a, b) = p.figures.get(i).copied().unwrap_or((None, None));
                                usize::from(a == *ta) + usize::from(b == *re)
                            })
                            .sum();
                        (right, 2 * truth.len())
                    }
                };
                p.right += right as u32;
                p.total += total as u32;
                match p.tick() {
                    Some(tick) => p.truth = states_at(r, tick),
                    None => p.truth_figures = figures_of(r),
                }
                p.revealed = true;
                self.cursor = p.tick().unwrap_or(r.makespan).min(r.makespan) as f64;
            }
            Msg::PredictNext if p.revealed && p.tick().is_some() => {
                p.current += 1;
                p.revealed = false;
                p.states.clear();
                p.truth.clear();
            }
            Msg::PredictLeave => self.predict = None,
            _ => {}
        }
    }

    /// The cursor as a whole tick.
    pub fn tick(&self) -> u64 {
        self.cursor.floor() as u64
    }

    fn set_text(&mut self, text: String) {
        self.text = text;
        let parsed = threadlab_sim::parse(&self.text);
        self.tree = parsed.as_ref().ok().map(|t| Rc::new(t.clone()));
        if let Some(t) = &self.tree {
            self.title = t.settings.title.clone();
            self.note = t.settings.note.clone();
        }
        match parsed.and_then(|tree| threadlab_sim::compile(&tree)) {
            Ok(program) => {
                self.error = None;
                self.generation += 1;
                self.pending_text = Some(Rc::from(self.text.as_str()));
                if self.sliced {
                    self.progress = Some((0, program.settings.limit));
                    self.pending = Some((self.generation, Shared(Rc::new(program))));
                } else {
                    self.pending = None;
                    self.accept(Rc::new(threadlab_sim::simulate(&program, &crate::job::browser_options())));
                }
            }
            Err(e) => self.error = Some(Shared(Rc::new(e))),
        }
    }

    /// A finished run becomes the run on screen.
    fn accept(&mut self, r: Rc<RunResult>) {
        let end = r.makespan as f64;
        let extent = threadlab_share::chart::extent(&r) as f64;
        let old_extent = self.extent() as f64;
        let whole = self.run.is_none() || self.window.1 >= old_extent;
        // You are the scheduler: a run paused for a pick is watched at its pause.
        let paused = matches!(r.outcome, threadlab_sim::Outcome::Pick { .. });
        self.run = Some(r);
        self.run_text = self.pending_text.take();
        self.cursor = if paused { end } else { self.cursor.min(end) };
        // A window showing the whole run keeps showing the whole (new) run.
        let (t0, t1) = if whole { (0.0, extent) } else { self.window };
        self.window = clamp_window(t0, t1, extent);
    }

    /// Event ticks of the current run, in order, without repeats.
    fn event_ticks(&self) -> Vec<u64> {
        let mut v: Vec<u64> = self.run.as_ref().map(|r| r.events.iter().map(|e| e.tick).collect()).unwrap_or_default();
        v.push(self.makespan());
        v.dedup();
        v
    }

    pub fn update(mut self, msg: Msg) -> Self {
        self = self.update_all(msg);
        // Predict mode: nothing past the last revealed tick is shown, playback stops there.
        if let Some(limit) = self.shown_until() {
            if self.cursor >= limit {
                self.cursor = limit;
                self.playing = false;
            }
        }
        self
    }

    fn update_all(mut self, msg: Msg) -> Self {
        // The cursor moves within the run; the zoom window within the charts' extent.
        let end = self.makespan() as f64;
        let extent = self.extent() as f64;
        match msg {
            Msg::Edit(text) => {
                // A preset's text, typed or opened from a link, is that preset.
                let f = threadlab_sim::presets::fingerprint(&text);
                self.preset = threadlab_sim::presets::INDEX.iter().find(|p| p.text_fingerprint == f).map(|p| p.name);
                if self.preset.is_some() {
                    self.origin = self.preset;
                }
                self.set_text(text);
            }
            Msg::Open(text) => {
                self.origin = None;
                self = self.update(Msg::Edit(text));
            }
            Msg::FormText(text) => {
                self.preset = None;
                self.set_text(text);
            }
            Msg::Preset(name, text) => {
                if let Some(p) = threadlab_sim::presets::info_of(name) {
                    self.preset = Some(p.name);
                    self.origin = Some(p.name);
                    self.cursor = 0.0;
                    self.playing = false;
                    self.set_text(text);
                    // A preset shows its whole run (now, or when its run arrives).
                    let extent = self.extent() as f64;
                    self.window = clamp_window(0.0, extent, extent);
                    if self.pending.is_some() {
                        self.window_after = Some((0.0, f64::INFINITY));
                        self.seek_after = Some(0.0);
                    }
                }
            }
            Msg::TogglePlay => {
                if !self.playing && self.cursor >= end {
                    self.cursor = 0.0;
                }
                self.playing = !self.playing;
            }
            Msg::Restart => {
                self.cursor = 0.0;
                self.playing = true;
            }
            Msg::StepForward => {
                self.playing = false;
                let now = self.tick();
                let next = self.event_ticks().into_iter().find(|&t| t > now).unwrap_or(now);
                self.cursor = next as f64;
            }
            Msg::StepBack => {
                self.playing = false;
                let now = self.cursor.ceil() as u64;
                let prev = self.event_ticks().into_iter().rev().find(|&t| t < now).unwrap_or(0);
                self.cursor = prev as f64;
            }
            Msg::Seek(t) => {
                self.cursor = within(t, 0.0, end);
                if self.pending.is_some() {
                    self.seek_after = Some(t);
                }
            }
            Msg::Speed(s) => self.speed = within(s, SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Msg::Frame(dt) => {
                if self.playing {
                    self.cursor = (self.cursor + dt.max(0.0) * self.base_rate() * self.speed).min(end);
                    if self.cursor >= end {
                        self.playing = false;
                    }
                }
            }
            Msg::Lang(l) => self.lang = l,
            Msg::View(v) => self.view = v,
            Msg::ToggleLegend(k) => {
                if !self.hidden.remove(k) {
                    self.hidden.insert(k);
                }
            }
            Msg::Window(t0, t1) => {
                self.window = clamp_window(t0, t1, extent);
                if self.pending.is_some() {
                    self.window_after = Some((t0, t1));
                }
            }
            Msg::Zoom(factor, at) => {
                let (t0, t1) = self.window;
                let at = within(at.unwrap_or((t0 + t1) / 2.0), t0, t1);
                let mut f = if factor.is_finite() && factor > 0.0 { factor } else { 1.0 };
                // At a fixed scale, zooming changes the scale (the window follows it).
                if let Some(s) = self.scale {
                    let scaled = within(s * f, MIN_SCALE, MAX_SCALE);
                    f = scaled / s;
                    self.scale = Some(scaled);
                }
                self.window = clamp_window(at - (at - t0) * f, at + (t1 - at) * f, extent);
            }
            Msg::Pan(fraction) => {
                let (t0, t1) = self.window;
                let dt = (t1 - t0) * if fraction.is_finite() { fraction } else { 0.0 };
                self.window = clamp_window(t0 + dt, t1 + dt, extent);
            }
            Msg::ZoomAll => self.window = clamp_window(0.0, extent, extent),
            Msg::Scale(s) => {
                self.scale = s.filter(|s| s.is_finite() && *s > 0.0).map(|s| within(s, MIN_SCALE, MAX_SCALE));
            }
            Msg::Play => {
                if !self.playing {
                    self = self.update(Msg::TogglePlay);
                }
            }
            Msg::Theme(t) => self.theme = t,
            Msg::OpenLink(d) => {
                // A link's text is its own (a preset's only when it is that preset's text).
                self.origin = None;
                match d.problem {
                    None => {
                        self.link_problem = None;
                        self.playing = false;
                        for m in crate::url_state::messages(&d.state) {
                            self = self.update(m);
                        }
                    }
                    Some(p) => {
                        // Keep what could be recovered in the editor; the last good run (or the
                        // default scenario) stays on the charts.
                        if !d.state.text.trim().is_empty() {
                            self = self.update(Msg::Edit(d.state.text));
                        }
                        self.link_problem = Some(p);
                    }
                }
            }
            Msg::DismissLinkProblem => self.link_problem = None,
            Msg::Experiment(e) => self.experiment = e,
            Msg::Progress(g, now, limit) => {
                if self.pending.as_ref().is_some_and(|(p, _)| *p == g) {
                    self.progress = Some((now, limit));
                }
            }
            Msg::Finished(g, r) => {
                if self.pending.as_ref().is_some_and(|(p, _)| *p == g) {
                    self.pending = None;
                    self.progress = None;
                    self.accept(r.0);
                    // Links and embeds may ask for a position in the run that just arrived.
                    if let Some(t) = self.seek_after.take() {
                        self.cursor = within(t, 0.0, self.makespan() as f64);
                    }
                    if let Some((a, b)) = self.window_after.take() {
                        self.window = clamp_window(a, b, self.extent() as f64);
                    }
                    // A new problem's questions are chosen from its run.
                    if let (Some(p), Some(run)) = (self.predict.as_mut(), &self.run) {
                        if p.choose {
                            *p = Predict::new(default_asks(run));
                        }
                    }
                }
            }
            m @ (Msg::PredictStart(_)
            | Msg::PredictState(..)
            | Msg::PredictFigure(..)
            | Msg::PredictCheck
            | Msg::PredictNext
            | Msg::PredictLeave) => self.predict_update(m),
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Picking the preset `name` (its text as the app fetches it).
    fn preset(name: &'static str) -> Msg {
        Msg::Preset(name, threadlab_sim::presets::find(name).expect("a preset").text.to_string())
    }

    fn model(text: &str) -> Model {
        Model::new(text.to_string(), Lang::En)
    }

    #[test]
    fn a_run_paused_for_a_pick_is_watched_at_its_pause() {
        let text = "scheduler rr quantum 1\nthread a { cpu 3 }\nthread b { cpu 3 }\n";
        let m = model(text).update(Msg::Seek(1.0)).update(Msg::FormText(format!("{text}picks a b")));
        assert_eq!((m.cursor, m.makespan()), (2.0, 2));
        // Without picks the cursor stays where it was.
        let m = m.update(Msg::Seek(1.0)).update(Msg::FormText(text.to_string()));
        assert_eq!((m.cursor, m.makespan()), (1.0, 6));
    }

    #[test]
    fn predict_mode_hides_the_future_grades_and_reveals() {
        let m = model("cores 1\nthread a { cpu 4 }\nthread b { cpu 3 }").update(Msg::Seek(6.0));
        let m = m.update(Msg::PredictStart(Some(vec![2, 5])));
        assert_eq!((m.cursor, m.shown_until()), (0.0, Some(0.0)), "nothing of the run is shown");
        // The cursor and playback stop at the last revealed tick.
        let m = m.update(Msg::Seek(3.0)).update(Msg::StepForward).update(Msg::TogglePlay).update(Msg::Frame(1.0));
        assert_eq!((m.cursor, m.playing), (0.0, false));
        assert_eq!(states_at(m.run.as_ref().unwrap(), 2), vec![State::Running, State::Runnable]);
        // One right, one wrong; answers for threads that do not exist are ignored.
        let m = m
            .update(Msg::PredictState(0, Some(State::Running)))
            .update(Msg::PredictState(1, Some(State::Blocked)))
            .update(Msg::PredictState(7, Some(State::Dead)));
        assert_eq!(m.predict.as_ref().unwrap().states, vec![Some(State::Running), Some(State::Blocked)]);
        let m = m.update(Msg::PredictNext);
        assert_eq!(m.predict.as_ref().unwrap().current, 0, "no next before checking");
        let m = m.update(Msg::PredictCheck);
        let p = m.predict.clone().unwrap();
        assert_eq!((p.right, p.total, p.revealed), (1, 2, true));
        assert_eq!(p.truth, vec![State::Running, State::Runnable], "the right answers, for the panel");
        assert_eq!((m.cursor, m.shown_until()), (2.0, Some(2.0)), "revealed up to the question");
        let m = m.update(Msg::PredictCheck).update(Msg::PredictState(0, Some(State::Dead)));
        assert_eq!(m.predict.as_ref().unwrap().total, 2, "checked once; answers closed");
        // The next question: the cursor may go back, not on.
        let m = m.update(Msg::PredictNext).update(Msg::Seek(1.0)).update(Msg::Seek(4.0));
        assert_eq!((m.cursor, m.shown_until()), (2.0, Some(2.0)));
        let m = m.update(Msg::PredictState(0, Some(State::Dead))).update(Msg::PredictState(1, Some(State::Running)));
        let m = m.update(Msg::PredictCheck).update(Msg::PredictNext);
        let p = m.predict.clone().unwrap();
        assert_eq!((p.right, p.total, p.tick()), (3, 4, None));
        assert_eq!(m.cursor, 5.0);
        // The end: turnaround and response of each (a: 4 and 0, b: 7 and 4).
        assert_eq!(figures_of(m.run.as_ref().unwrap()), vec![(Some(4), Some(0)), (Some(7), Some(4))]);
        let m = m
            .update(Msg::PredictFigure(0, Figure::Turnaround, Some(4)))
            .update(Msg::PredictFigure(0, Figure::Response, Some(0)))
            .update(Msg::PredictFigure(1, Figure::Turnaround, Some(3)))
            .update(Msg::PredictCheck);
        let p = m.predict.clone().unwrap();
        assert_eq!((p.right, p.total, p.done()), (5, 8, true));
        assert_eq!(p.truth_figures, figures_of(m.run.as_ref().unwrap()));
        assert_eq!((m.cursor, m.shown_until()), (7.0, None), "everything revealed");
        let m = m.update(Msg::PredictNext).update(Msg::Seek(1.0)).update(Msg::PredictLeave);
        assert_eq!((m.predict, m.cursor), (None, 1.0));
    }

    #[test]
    fn predict_mode_chooses_its_questions_from_the_run() {
        let m = model("cores 1\nthread a { cpu 4 }\nthread b { cpu 3 }\nthread c { cpu 2; io 2; cpu 1 }");
        let asks = default_asks(m.run.as_ref().unwrap());
        assert!(!asks.is_empty() && asks.len() <= 3 && asks.windows(2).all(|w| w[0] < w[1]), "{asks:?}");
        assert!(asks.iter().all(|&t| t > 0 && t < m.makespan()));
        let m = m.update(Msg::PredictStart(None));
        assert_eq!(m.predict.as_ref().unwrap().ticks, asks);
        // A run that is pending (a new problem): chosen when it arrives.
        let mut m = m;
        m.sliced = true;
        let m = m.update(Msg::Open("thread a { cpu 2; io 3; cpu 2 }\nthread b { cpu 4 }".into()));
        let m = m.update(Msg::PredictStart(None));
        assert!(m.predict.as_ref().unwrap().choose);
        let (g, p) = m.pending.clone().expect("pending");
        let r = Rc::new(threadlab_sim::simulate(&p.0, &crate::job::browser_options()));
        let want = default_asks(&r);
        let m = m.update(Msg::Finished(g, Shared(r)));
        assert_eq!(m.predict.as_ref().unwrap().ticks, want);
        assert!(!m.predict.as_ref().unwrap().choose);
    }

    #[test]
    fn an_error_keeps_the_last_good_run() {
        let m = model("thread a { cpu 3 }");
        assert_eq!(m.makespan(), 3);
        let m = m.update(Msg::Edit("thread a { cpu x }".into()));
        let e = m.error.as_ref().expect("an error");
        assert_eq!((e.pos.line, e.pos.col), (1, 16));
        assert_eq!(m.makespan(), 3, "the last good run stays");
        let m = m.update(Msg::Edit("thread a { cpu 5 }".into()));
        assert!(m.error.is_none());
        assert_eq!(m.makespan(), 5);
    }

    #[test]
    fn the_text_of_the_run_on_screen_is_kept_for_the_exports() {
        let m = model("thread a { cpu 3 }");
        assert_eq!(m.run_text.as_deref(), Some("thread a { cpu 3 }"));
        let m = m.update(Msg::Edit("thread a { cpu x }".into()));
        assert_eq!(m.run_text.as_deref(), Some("thread a { cpu 3 }"), "the run on screen is still the old one");
        let mut m = m;
        m.sliced = true;
        let m = m.update(Msg::Edit("thread a { cpu 4 }".into()));
        assert_eq!(m.run_text.as_deref(), Some("thread a { cpu 3 }"), "until the new run arrives");
        let (g, p) = m.pending.clone().expect("pending");
        let r = threadlab_sim::simulate(&p.0, &crate::job::browser_options());
        let m = m.update(Msg::Finished(g, Shared(Rc::new(r))));
        assert_eq!(m.run_text.as_deref(), Some("thread a { cpu 4 }"));
    }

    #[test]
    fn playback_runs_to_the_end_and_stops() {
        let mut m = model("thread a { cpu 20 }").update(Msg::TogglePlay);
        assert!(m.playing);
        for _ in 0..100 {
            m = m.update(Msg::Frame(0.5));
        }
        assert_eq!(m.cursor, 20.0);
        assert!(!m.playing);
        // Play again from the end restarts.
        let m = m.update(Msg::TogglePlay);
        assert!(m.playing);
        assert_eq!(m.cursor, 0.0);
    }

    #[test]
    fn steps_go_from_event_to_event() {
        let m = model("thread a { cpu 3; io 4; cpu 2 }");
        let m = m.update(Msg::StepForward);
        assert_eq!(m.cursor, 3.0);
        let m = m.update(Msg::StepForward);
        assert_eq!(m.cursor, 7.0);
        let m = m.update(Msg::StepBack);
        assert_eq!(m.cursor, 3.0);
        let m = m.update(Msg::StepBack).update(Msg::StepBack);
        assert_eq!(m.cursor, 0.0);
    }

    #[test]
    fn speed_is_clamped_and_scales_playback() {
        let m = model("thread a { cpu 100 }").update(Msg::Speed(100.0));
        assert_eq!(m.speed, 16.0);
        let m = m.update(Msg::Speed(2.0)).update(Msg::TogglePlay).update(Msg::Frame(1.0));
        // base rate: 100 ticks / 10 s = 10 ticks/s; at 2x, one second is 20 ticks.
        assert_eq!(m.cursor, 20.0);
    }

    #[test]
    fn the_zoom_window_stays_inside_the_run() {
        let m = model("thread a { cpu 100 }");
        assert_eq!(m.window, (0.0, 100.0));
        let m = m.update(Msg::Zoom(0.5, Some(100.0)));
        assert_eq!(m.window, (50.0, 100.0));
        let m = m.update(Msg::Pan(0.5));
        assert_eq!(m.window, (50.0, 100.0), "cannot pan past the end");
        let m = m.update(Msg::Pan(-0.5));
        assert_eq!(m.window, (25.0, 75.0));
        let m = m.update(Msg::Window(90.0, 10.0));
        assert_eq!(m.window, (10.0, 90.0), "a reversed interval is put in order");
        let m = m.update(Msg::Window(-5.0, 500.0));
        assert_eq!(m.window, (0.0, 100.0));
        let m = m.update(Msg::Window(40.0, 40.0));
        assert_eq!(m.window, (40.0, 41.0), "at least one tick wide");
        let m = m.update(Msg::Window(f64::NAN, 3.0)).update(Msg::Zoom(0.0, None));
        assert_eq!(m.window, (0.0, 100.0), "nonsense is ignored, not propagated");
        let m = m.update(Msg::Zoom(0.1, None)).update(Msg::ZoomAll);
        assert_eq!(m.window, (0.0, 100.0));
    }

    #[test]
    fn a_fixed_scale_is_kept_within_bounds_and_zooming_changes_it() {
        let m = model("thread a { cpu 100 }").update(Msg::Scale(Some(0.5)));
        assert_eq!(m.scale, Some(0.5));
        // The charts set the window to what a box shows at that scale (here 40 ticks).
        let m = m.update(Msg::Window(20.0, 60.0));
        // Zooming in around tick 40 halves the ticks per pixel and keeps tick 40 in place.
        let m = m.update(Msg::Zoom(0.5, Some(40.0)));
        assert_eq!((m.scale, m.window), (Some(0.25), (30.0, 50.0)));
        let m = m.update(Msg::Zoom(1e-9, None));
        assert_eq!(m.scale, Some(MIN_SCALE));
        let m = m.update(Msg::Scale(Some(1e12)));
        assert_eq!(m.scale, Some(MAX_SCALE));
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert_eq!(m.clone().update(Msg::Scale(Some(bad))).scale, None, "{bad}");
        }
        let m = m.update(Msg::Scale(None));
        assert_eq!(m.scale, None);
        // Fitted again, zooming changes the window only.
        let m = m.update(Msg::Window(0.0, 100.0)).update(Msg::Zoom(0.5, Some(0.0)));
        assert_eq!((m.scale, m.window), (None, (0.0, 50.0)));
    }

    #[test]
    fn play_starts_and_never_pauses() {
        let m = model("thread a { cpu 10 }").update(Msg::Play);
        assert!(m.playing);
        let m = m.update(Msg::Play);
        assert!(m.playing, "autoplay after the reader pressed play keeps playing");
    }

    #[test]
    fn a_new_run_keeps_a_zoomed_window_and_follows_a_whole_one() {
        let m = model("thread a { cpu 100 }");
        let m = m.update(Msg::Edit("thread a { cpu 200 }".into()));
        assert_eq!(m.window, (0.0, 200.0), "whole run follows");
        let m = m.update(Msg::Window(20.0, 40.0)).update(Msg::Edit("thread a { cpu 300 }".into()));
        assert_eq!(m.window, (20.0, 40.0), "a zoomed window stays");
        let m = m.update(Msg::Edit("thread a { cpu 30 }".into()));
        assert_eq!(m.window, (10.0, 30.0), "clamped into a shorter run");
        let m = m.update(preset("deadlock-two-locks"));
        assert_eq!(m.window, (0.0, m.extent() as f64), "a preset shows its whole run");
        // A deadlock's view goes past the makespan (its waits never end); playback does not.
        assert!(m.extent() > m.makespan());
        let m = m.update(Msg::Window(0.0, 1e9)).update(Msg::Seek(1e9));
        assert_eq!((m.window.1, m.cursor), (m.extent() as f64, m.makespan() as f64));
        let m = m.update(Msg::Zoom(0.5, None)).update(Msg::ZoomAll);
        assert_eq!(m.window, (0.0, m.extent() as f64));
    }

    /// A form edit as the extras module makes it: applied to the parsed text, printed back
    /// (nothing when the text does not parse: the form is off then).
    fn form(m: &Model, edit: crate::form::Edit) -> Msg {
        let Some(tree) = &m.tree else { return Msg::FormText(m.text.clone()) };
        let mut tree = (**tree).clone();
        assert!(crate::form::apply_all(&mut tree, edit), "the edit applies");
        Msg::FormText(threadlab_sim::format::to_text(&tree))
    }

    #[test]
    fn the_form_edits_the_text_and_is_off_while_the_text_does_not_parse() {
        use crate::form::{Edit, Setting};
        let m = model("thread a { cpu 3 }");
        let m = m.clone().update(form(&m, Edit::Setting(Setting::Cores(2))));
        assert_eq!(m.text, "cores 2\nthread a { cpu 3 }\n");
        assert_eq!(m.run.as_ref().unwrap().cores.len(), 2);
        let m = m.clone().update(form(&m, Edit::AddThread(0)));
        assert_eq!(m.run.as_ref().unwrap().threads.len(), 2);
        // A text that does not parse: the form does nothing, the typed text stays.
        let m = m.update(Msg::Edit("thread a { cpu".into()));
        assert!(m.tree.is_none());
        let m = m.clone().update(form(&m, Edit::Setting(Setting::Cores(4))));
        assert_eq!(m.text, "thread a { cpu");
        // A form edit that makes the scenario invalid shows the core's error, like typing.
        let m = m.update(Msg::Edit("thread a { cpu 3 }".into()));
        let m = m.clone().update(form(&m, Edit::Attr((0, 0), crate::form::Attr::Name("a b".into()))));
        let e = m.error.as_ref().unwrap_or_else(|| panic!("a name with a space: {}", m.text));
        assert_eq!((e.pos.line, e.pos.col), (1, 10), "{}", **e);
        assert_eq!(m.makespan(), 3, "the last good run stays");
    }

    #[test]
    fn a_bad_link_keeps_the_recovered_text_and_the_last_good_run() {
        use threadlab_share::link::{decode, encode, LinkState};
        let m = Model::with_default_preset(Lang::En);
        let default_makespan = m.makespan();
        let text: String =
            (0..40).map(|i| format!("thread t{i} {{ cpu {}; io {} }}\n", i % 7 + 1, i % 3 + 1)).collect();
        let f = encode(&LinkState { text: text.clone(), ..LinkState::default() });
        let m = m.update(Msg::OpenLink(decode(&f[..f.len() / 2])));
        assert!(m.link_problem.is_some());
        assert!(!m.text.is_empty() && text.starts_with(&m.text), "the recovered start of the text: {:?}", m.text);
        assert_eq!(m.makespan(), default_makespan, "a cut text does not parse: the default run stays");
        let m = m.update(Msg::DismissLinkProblem);
        assert!(m.link_problem.is_none());
        // A whole link opens, and a preset's text is that preset.
        let p = threadlab_sim::presets::find("deadlock-two-locks").unwrap();
        let m = m.update(Msg::OpenLink(decode(&encode(&LinkState { text: p.text.into(), ..LinkState::default() }))));
        assert_eq!(m.preset, Some("deadlock-two-locks"));
        assert!(m.error.is_none() && m.link_problem.is_none());
    }

    #[test]
    fn sliced_runs_arrive_later_and_stale_ones_are_dropped() {
        let mut m = model("thread a { cpu 3 }");
        m.sliced = true;
        let m =
            m.update(Msg::Edit("thread a { cpu 50 }".into())).update(Msg::Seek(40.0)).update(Msg::Window(10.0, 30.0));
        assert_eq!(m.makespan(), 3, "the old run stays until the new one arrives");
        let (g1, p1) = m.pending.clone().expect("a pending run");
        let m = m.update(Msg::Edit("thread a { cpu 60 }".into()));
        let (g2, p2) = m.pending.clone().expect("a newer pending run");
        assert!(g2 > g1);
        // The stale run's result is ignored; progress of the current one shows.
        let stale = Shared(Rc::new(threadlab_sim::simulate(&p1, &crate::job::browser_options())));
        let m = m.update(Msg::Finished(g1, stale)).update(Msg::Progress(g2, 7, 100_000));
        assert_eq!((m.makespan(), m.progress), (3, Some((7, 100_000))));
        let r = Shared(Rc::new(threadlab_sim::simulate(&p2, &crate::job::browser_options())));
        let m = m.update(Msg::Finished(g2, r));
        assert_eq!((m.makespan(), m.progress, m.pending.is_none()), (60, None, true));
        assert_eq!((m.cursor, m.window), (40.0, (10.0, 30.0)), "what was asked meanwhile applies to the new run");
    }

    #[test]
    fn the_title_and_note_are_the_texts_and_stay_while_it_has_an_error() {
        let m = model("title \"Mine\"\nnote \"Look at a.\"\nthread a { cpu 3 }");
        assert_eq!((m.title.as_deref(), m.note.as_deref(), m.origin), (Some("Mine"), Some("Look at a."), None));
        let m = m.update(Msg::Edit("title \"Mine\"\nthread a { cpu".into()));
        assert!(m.error.is_some());
        assert_eq!((m.title.as_deref(), m.note.as_deref()), (Some("Mine"), Some("Look at a.")), "the last valid ones");
        let m = m.update(Msg::Edit("title \"Other\"\nthread a { cpu 3 }".into()));
        assert_eq!((m.title.as_deref(), m.note), (Some("Other"), None));
    }

    #[test]
    fn a_preset_stays_the_origin_through_edits_but_not_through_a_link_or_a_file() {
        let p = threadlab_sim::presets::find("lost-wakeup").unwrap();
        let m = Model::with_default_preset(Lang::En).update(preset(p.name));
        assert_eq!((m.preset, m.origin), (Some(p.name), Some(p.name)));
        // Typed: still that preset's, no more the preset itself (edited).
        let m = m.update(Msg::Edit(format!("{}thread extra {{ cpu 1 }}\n", p.text)));
        assert_eq!((m.preset, m.origin), (None, Some(p.name)));
        let m = m.clone().update(form(&m, crate::form::Edit::Setting(crate::form::Setting::Cores(2))));
        assert_eq!((m.preset, m.origin), (None, Some(p.name)), "a form edit too");
        // Typed back to the preset's text: the preset again.
        let m = m.update(Msg::Edit(p.text.into()));
        assert_eq!((m.preset, m.origin), (Some(p.name), Some(p.name)));
        // A file of its own: no preset; a file holding a preset's text: that preset.
        let m = m.update(Msg::Open("thread a { cpu 1 }".into()));
        assert_eq!((m.preset, m.origin), (None, None));
        let m = m.update(Msg::Open(p.text.into()));
        assert_eq!((m.preset, m.origin), (Some(p.name), Some(p.name)));
        // A link of its own.
        use threadlab_share::link::{decode, encode, LinkState};
        let link = encode(&LinkState { text: "thread b { cpu 2 }".into(), ..LinkState::default() });
        let m = m.update(Msg::OpenLink(decode(&link)));
        assert_eq!((m.preset, m.origin, m.title), (None, None, None));
    }

    #[test]
    fn presets_load_and_legend_entries_toggle() {
        let m = Model::with_default_preset(Lang::En).update(preset("deadlock-two-locks"));
        assert_eq!(m.preset, Some("deadlock-two-locks"));
        assert_eq!(m.run.as_ref().unwrap().outcome.kind(), "deadlock");
        let m = m.update(Msg::ToggleLegend(LegendKey::Running));
        assert!(m.hidden.contains(LegendKey::Running));
        let m = m.update(Msg::ToggleLegend(LegendKey::Running));
        assert!(m.hidden.is_empty());
    }
}
