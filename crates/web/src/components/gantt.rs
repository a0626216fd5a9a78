//! A Gantt chart on a `<canvas>`, drawn from the chart model of `threadlab_share::chart` (the
//! SVG and PNG exports and the command line's chart read the same model): one lane per core
//! (each thread in its identity colour, switches hatched), one lane per thread (coloured by
//! state, each blocking cause its own colour and pattern, labels such as "lock m"), grouped
//! by process under a heading, with an event loop's task slices inside its lane and its tasks
//! as rows under it (collapsible), or one lane per lock (who holds it, who queues); with a
//! time axis, wake-up arrows from waker to woken, waits that never end drawn as a hatched
//! "forever" tail up to the chart's extent with the detection tick marked, an end mark per
//! thread (finished, crashed, killed, stuck) and markers (lost notifies, crashes, kills, GIL
//! drops).
//!
//! Drawing stays cheap for any run: only the rows scrolled into view are drawn, each lane is
//! binary-searched for the zoom window and then cut into one column per pixel, each showing
//! the activity that took most of its time (`chart::bin`), so a redraw paints about (visible
//! rows × width in pixels) bars at most, whatever the number of segments. The bars are
//! redrawn only when what they depend on changes; the cursor, the tooltip (placed in the page,
//! never clipped by the chart's box) and the task toggles are light DOM elements over the
//! canvas. The zoom window belongs to the app state (both charts share it); Ctrl+wheel zooms
//! around the mouse (plain wheel too when the lanes fit), Shift+wheel and drag pan, a click
//! moves the cursor, double-click shows the whole run.

use crate::i18n::{tr, Key, Lang};
use crate::palette::{identity_colour, ink_on, style, Pattern};
use crate::state::{within, LegendKey, LegendSet};
use crate::timeline::{at, blocked_on, span_at, LockLane};
use std::rc::Rc;
use threadlab_share::chart::{self, Bar, Columns, CoreKey, EndMark, Marker, MarkerKind, Row, Tail};
use threadlab_share::decimal::{Fixed, Short};
use threadlab_share::locks::{span_bars, Span};
use threadlab_share::tasks::{task_lanes, TaskLane, TaskSpan, TaskState};
use threadlab_sim::trace::{Cause, CoreActivity, CoreSegment, EventKind, Segment, State, ThreadId};
use threadlab_sim::RunResult;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MouseEvent, WheelEvent};
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Cores,
    Threads,
    Locks,
}

impl ChartKind {
    fn id(self) -> &'static str {
        match self {
            ChartKind::Cores => "gantt-cores",
            ChartKind::Threads => "gantt-threads",
            ChartKind::Locks => "gantt-locks",
        }
    }
}

/// Everything the charts read off a run, computed once per run by the app. Compares by
/// identity (it is built once per run).
#[derive(Debug)]
pub struct ChartData {
    pub run: Rc<RunResult>,
    /// Thread segments per thread, in time order.
    pub lanes: Rc<Vec<Vec<Segment>>>,
    /// Core segments per core, in time order.
    pub cores: Vec<Vec<CoreSegment>>,
    pub locks: Vec<LockLane>,
    /// The threads chart's rows: threads grouped by process, a heading per process.
    pub rows: Vec<Row>,
    /// The rows of the event loops' tasks, in task order (loop after loop).
    pub tasks: Vec<TaskLane>,
    /// Waits that never end (deadlock, stall), drawn past the end of the run.
    pub tails: Vec<Tail>,
    /// Each thread's end mark (finished, crashed, killed, stuck), in thread order.
    pub marks: Vec<EndMark>,
    /// Lost notifies, crashes, kills and GIL drops, in time order.
    pub markers: Vec<Marker>,
    /// How far the time axis goes: the makespan, or past it when waits never end.
    pub extent: u64,
    /// The tick a deadlock or stall was detected, and which.
    pub detection: Option<(u64, &'static str)>,
}

impl PartialEq for ChartData {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.run, &other.run) && Rc::ptr_eq(&self.lanes, &other.lanes)
    }
}

impl ChartData {
    pub fn new(run: Rc<RunResult>, lanes: Rc<Vec<Vec<Segment>>>) -> Self {
        let cores = run.core_lanes();
        let locks = crate::timeline::lock_lanes(&run);
        let rows = chart::thread_rows(&run);
        let tasks = task_lanes(&run);
        let tails = chart::forever_tails(&run);
        let marks = chart::end_marks(&run);
        let markers = chart::markers(&run);
        let extent = chart::extent(&run);
        let detection = chart::detection(&run);
        ChartData { run, lanes, cores, locks, rows, tasks, tails, marks, markers, extent, detection }
    }
}

#[derive(Properties, PartialEq)]
pub struct GanttProps {
    pub data: Rc<ChartData>,
    pub kind: ChartKind,
    pub cursor: f64,
    pub hidden: LegendSet,
    /// The zoom window `(t0, t1)` in ticks.
    pub window: (f64, f64),
    /// A fixed time scale in ticks per pixel: the chart is as wide as the run at that scale
    /// (scrolling sideways in its box), and its window starts at `window.0` and is as wide as
    /// the box shows. `None`: the window fits the box.
    #[prop_or_default]
    pub scale: Option<f64>,
    pub dark: bool,
    /// The language of the tooltips.
    pub lang: Lang,
    pub on_seek: Callback<f64>,
    /// Show exactly this window (drag, double-click).
    pub on_window: Callback<(f64, f64)>,
    /// Zoom by a factor around a tick (wheel).
    pub on_zoom: Callback<(f64, Option<f64>)>,
    /// Predict mode: nothing is drawn past this tick (bars, marks, arrows, tooltips; the lanes'
    /// names and the axis stay).
    #[prop_or_default]
    pub hide_after: Option<f64>,
}

const LABEL_W: f64 = 110.0;
const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 22.0;
/// The tallest a chart gets before its lanes scroll (the axis stays in view).
const MAX_VIEW_H: f64 = AXIS_H + LANE_H * 18.0;
/// The side of an end mark's square.
const MARK: f64 = 14.0;
/// The radius of a marker's circle.
const PIN: f64 = 6.0;
/// The visible time window, the canvas geometry and the first lane in view.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    t0: f64,
    t1: f64,
    width: f64,
    height: f64,
    scroll: f64,
}

impl Frame {
    fn x(&self, t: f64) -> f64 {
        LABEL_W + (t - self.t0) / (self.t1 - self.t0).max(1e-9) * (self.width - LABEL_W)
    }
    fn t(&self, x: f64) -> f64 {
        self.t0 + (x - LABEL_W) / (self.width - LABEL_W).max(1.0) * (self.t1 - self.t0)
    }
    /// Top of lane `i` on the canvas.
    fn y(&self, i: usize) -> f64 {
        AXIS_H + LANE_H * i as f64 - self.scroll
    }
    /// The lanes at least partly in view.
    fn lanes(&self, n: usize) -> std::ops::Range<usize> {
        let first = (self.scroll / LANE_H).floor().max(0.0) as usize;
        let last = ((self.scroll + self.height - AXIS_H) / LANE_H).ceil().max(0.0) as usize;
        first.min(n)..last.min(n)
    }
    /// The lane under canvas height `y`.
    fn lane_at(&self, y: f64) -> Option<usize> {
        (y >= AXIS_H).then(|| ((y - AXIS_H + self.scroll) / LANE_H).floor() as usize)
    }
}

/// The widest a chart is laid out, in pixels (browsers stop laying out at about 33 million): a
/// finer scale for a longer run draws at the finest that fits.
const MAX_CHART_PX: f64 = 30_000_000.0;

/// The frame drawn and the chart's full width in pixels. Fitted, the window fills the box;
/// at a fixed scale (ticks per pixel) the box shows as many ticks as fit from the window's
/// start, and the whole run is laid out (as wide as it takes, for a sideways scroll).
fn geometry(window: (f64, f64), scale: Option<f64>, width: f64, end: f64, height: f64, scroll: f64) -> (Frame, f64) {
    match scale {
        Some(s) => {
            let s = s.max(end / MAX_CHART_PX);
            let t1 = window.0 + (width - LABEL_W).max(1.0) * s;
            (Frame { t0: window.0, t1, width, height, scroll }, (LABEL_W + end / s).max(width))
        }
        None => (Frame { t0: window.0, t1: window.1, width, height, scroll }, width),
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

/// A row of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Core(usize),
    Lock(usize),
    /// A process heading: the index of its row in [`ChartData::rows`].
    Heading(usize),
    Thread(ThreadId),
    /// An asyncio task under its loop thread: its index in [`ChartData::tasks`].
    Task(usize),
}

/// The rows of a chart: cores, locks, or threads grouped by process with, under each event
/// loop that is not collapsed, a row per task.
fn lines(d: &ChartData, kind: ChartKind, collapsed: &[ThreadId]) -> Vec<Line> {
    match kind {
        ChartKind::Cores => (0..d.cores.len()).map(Line::Core).collect(),
        ChartKind::Locks => (0..d.locks.len()).map(Line::Lock).collect(),
        ChartKind::Threads => {
            // The task rows of each loop thread, in one pass.
            let mut tasks: Vec<Vec<usize>> = vec![Vec::new(); d.run.threads.len()];
            for (k, l) in d.tasks.iter().enumerate() {
                if let Some(v) = tasks.get_mut(l.thread as usize) {
                    v.push(k);
                }
            }
            let mut v = Vec::with_capacity(d.rows.len() + d.tasks.len());
            for (i, row) in d.rows.iter().enumerate() {
                match *row {
                    Row::Process(_) => v.push(Line::Heading(i)),
                    Row::Thread { id, .. } => {
                        v.push(Line::Thread(id));
                        if !collapsed.contains(&id) {
                            v.extend(tasks[id as usize].iter().map(|&k| Line::Task(k)));
                        }
                    }
                }
            }
            v
        }
    }
}

/// The row of each thread (`usize::MAX` when it has none).
fn thread_row(lines: &[Line], threads: usize) -> Vec<usize> {
    let mut row = vec![usize::MAX; threads];
    for (i, l) in lines.iter().enumerate() {
        if let Line::Thread(t) = *l {
            if let Some(r) = row.get_mut(t as usize) {
                *r = i;
            }
        }
    }
    row
}

fn has_tasks(d: &ChartData, t: ThreadId) -> bool {
    d.run.threads[t as usize].asyncio && d.tasks.iter().any(|l| l.thread == t)
}

/// The words in a row's label column.
fn line_label(d: &ChartData, line: Line, lang: Lang) -> String {
    let run = &d.run;
    match line {
        Line::Core(c) => format!("{} {c}", tr(lang, Key::Core)),
        Line::Lock(i) => run.object_name(d.locks[i].object).to_string(),
        Line::Heading(i) => match &d.rows[i] {
            Row::Process(p) => format!("{} {p}", tr(lang, Key::Process)),
            Row::Thread { .. } => String::new(),
        },
        Line::Thread(t) => {
            let name = run.thread_name(t);
            if run.threads[t as usize].daemon {
                let tag = tr(lang, Key::DaemonTag);
                let room = 14usize.saturating_sub(tag.chars().count() + 1).max(4);
                format!("{} {tag}", name.chars().take(room).collect::<String>())
            } else {
                name.chars().take(14).collect()
            }
        }
        Line::Task(k) => {
            run.tasks.get(d.tasks[k].task as usize).map(|n| n.chars().take(12).collect()).unwrap_or_default()
        }
    }
}

/// A row in the `data-rows` attribute: `[process]`, a thread (`name(d)` for a daemon), a task
/// (`loop:task`), a core or a lock.
fn line_token(d: &ChartData, line: Line) -> String {
    let run = &d.run;
    match line {
        Line::Core(c) => format!("core{c}"),
        Line::Lock(i) => run.object_name(d.locks[i].object).to_string(),
        Line::Heading(i) => match &d.rows[i] {
            Row::Process(p) => format!("[{p}]"),
            Row::Thread { .. } => String::new(),
        },
        Line::Thread(t) if run.threads[t as usize].daemon => format!("{}(d)", run.thread_name(t)),
        Line::Thread(t) => run.thread_name(t).to_string(),
        Line::Task(k) => {
            let l = &d.tasks[k];
            format!("{}:{}", run.thread_name(l.thread), run.tasks.get(l.task as usize).map_or("", String::as_str))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Bars: the lanes cut into pixel columns

/// One column per pixel of the plot, over the frame's time window: what lanes are binned into.
fn columns(f: &Frame) -> Columns {
    let right = f.x(f.t1).min(f.width);
    let count = (right - LABEL_W).ceil().max(1.0) as usize;
    let per = (f.t(LABEL_W + 1.0) - f.t(LABEL_W)).max(1e-9);
    Columns { t0: f.t(LABEL_W), per, count, end: f.t1 }
}

/// The canvas x of the start of column `c`.
fn col_x(f: &Frame, cols: &Columns, c: usize) -> f64 {
    f.x(cols.start(c)).round()
}

// The bars are cut by the very calls the SVG export makes (`chart::bin` on `thread_items`,
// `core_items`, `locks::span_bars`), so the app holds one copy of each and the two pictures
// agree; the lanes are first binary-searched for the window.

/// The bars of a thread's lane in the frame: each pixel column shows its dominant state.
fn thread_bars(run: &RunResult, t: ThreadId, lane: &[Segment], f: &Frame, hidden: LegendSet) -> Vec<Bar<LegendKey>> {
    let r = chart::window(lane, |s| (s.start, s.end), f.t0, f.t1);
    if r.is_empty() && !lane.is_empty() {
        // Segments, none of them in view: nothing (not "new").
        return Vec::new();
    }
    let first = r.start;
    // Before a window that starts past the lane's first segment, "new" ends before the window
    // (a lane has no gaps), so it is cut off with what the window does not show.
    let mut bars = chart::bin(chart::thread_items(run, t, &lane[r], hidden), &columns(f), LegendKey::rank);
    for b in &mut bars {
        if b.index != usize::MAX {
            b.index += first;
        }
    }
    bars
}

/// The bars of a core lane: a thread, or a context switch.
fn core_bars(lane: &[CoreSegment], f: &Frame, hidden: LegendSet) -> Vec<Bar<CoreKey>> {
    let r = chart::window(lane, |g| (g.start, g.end), f.t0, f.t1);
    let first = r.start;
    let mut bars = chart::bin(chart::core_items(&lane[r], hidden), &columns(f), CoreKey::rank);
    for b in &mut bars {
        b.index += first;
    }
    bars
}

/// The bars of spans (`who`: a holder, a queue length, a task, a legend entry) in the frame.
fn spans_in(spans: &[Span], f: &Frame) -> Vec<Bar<u32>> {
    let r = chart::window(spans, |s| (s.start, s.end), f.t0, f.t1);
    span_bars(&spans[r], &columns(f))
}

/// The task slices of an event loop's lane in the frame: which task runs in each pixel column.
fn task_slices(lane: &[Segment], f: &Frame, hidden: LegendSet) -> Vec<Bar<u32>> {
    if hidden.contains(LegendKey::Running) {
        return Vec::new();
    }
    let r = chart::window(lane, |s| (s.start, s.end), f.t0, f.t1);
    let running = lane[r].iter().filter(|s| s.state == State::Running);
    let spans: Vec<Span> = running.filter_map(|s| Some(Span { start: s.start, end: s.end, who: s.task? })).collect();
    span_bars(&spans, &columns(f))
}

/// The legend entry a task's state is drawn as.
fn task_key(s: TaskState) -> LegendKey {
    match s {
        TaskState::Running => LegendKey::Running,
        TaskState::Ready => LegendKey::Runnable,
        TaskState::Awaiting(c) => LegendKey::Blocked(c),
    }
}

/// The bars of a task's row in the frame (`who`: the span's index in the row).
fn task_bars(l: &TaskLane, f: &Frame, hidden: LegendSet) -> Vec<Bar<u32>> {
    let r = chart::window(&l.spans, |s| (s.start, s.end), f.t0, f.t1);
    let first = r.start;
    let shown = l.spans[r].iter().enumerate().filter(|(_, s)| !hidden.contains(task_key(s.state)));
    let spans: Vec<Span> = shown.map(|(i, s)| Span { start: s.start, end: s.end, who: (first + i) as u32 }).collect();
    span_bars(&spans, &columns(f))
}

/// The threads of a deadlock's wait-for cycle (empty unless the outcome is a deadlock).
fn deadlock_cycle(run: &RunResult) -> Vec<u32> {
    match &run.outcome {
        threadlab_sim::Outcome::Deadlock { cycle, .. } => cycle.clone(),
        _ => Vec::new(),
    }
}

fn pattern(ctx: &CanvasRenderingContext2d, p: Pattern, x: f64, y: f64, w: f64, h: f64) {
    if matches!(p, Pattern::Solid | Pattern::Glyph) || w < 3.0 {
        return;
    }
    ctx.save();
    ctx.begin_path();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.set_stroke_style_str("rgba(0,0,0,0.45)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    let step = if p == Pattern::Forever { 4.0 } else { 6.0 };
    let mut k = -h;
    while k < w + h {
        match p {
            Pattern::Stripes => {
                ctx.move_to(x + k, y + h);
                ctx.line_to(x + k + h, y);
            }
            Pattern::BackStripes => {
                ctx.move_to(x + k, y);
                ctx.line_to(x + k + h, y + h);
            }
            Pattern::Cross | Pattern::Forever => {
                ctx.move_to(x + k, y + h);
                ctx.line_to(x + k + h, y);
                ctx.move_to(x + k, y);
                ctx.line_to(x + k + h, y + h);
            }
            Pattern::Bars | Pattern::Grid => {
                ctx.move_to(x + k + 0.5, y);
                ctx.line_to(x + k + 0.5, y + h);
            }
            _ => {}
        }
        k += step;
    }
    match p {
        Pattern::Lines | Pattern::Grid => {
            let mut yy = y + 3.5;
            while yy < y + h {
                ctx.move_to(x, yy);
                ctx.line_to(x + w, yy);
                yy += if p == Pattern::Grid { 6.0 } else { 5.0 };
            }
        }
        Pattern::Dots | Pattern::Checks => {
            ctx.set_fill_style_str("rgba(0,0,0,0.45)");
            let mut yy = y + 2.0;
            let mut row = 0;
            while yy < y + h - 1.0 {
                let mut xx = x + 2.0 + if p == Pattern::Checks && row % 2 == 1 { 3.0 } else { 0.0 };
                while xx < x + w - 1.0 {
                    let s = if p == Pattern::Dots { 1.6 } else { 3.0 };
                    ctx.fill_rect(xx, yy, s, s);
                    xx += if p == Pattern::Dots { 5.0 } else { 6.0 };
                }
                yy += if p == Pattern::Dots { 5.0 } else { 3.0 };
                row += 1;
            }
        }
        Pattern::Outline => {
            ctx.set_stroke_style_str("#888");
            ctx.stroke_rect(x + 0.5, y + 0.5, w - 1.0, h - 1.0);
        }
        _ => {}
    }
    ctx.stroke();
    ctx.restore();
}

/// What the bars depend on (the cursor and the callbacks do not redraw them).
struct Bars {
    data: Rc<ChartData>,
    lines: Rc<Vec<Line>>,
    kind: ChartKind,
    hidden: LegendSet,
    dark: bool,
    lang: Lang,
    hide_after: Option<f64>,
}

/// `(x, y, width, height)` on the canvas.
type Rect = (f64, f64, f64, f64);

/// Bars to paint, grouped by fill colour so that each colour is one path and one fill: with
/// thousands of bars in view, an operation per bar is what costs (the canvas records every
/// operation and rasterises them at the next frame). Patterns and labels go on top.
#[derive(Default)]
struct Batch {
    fills: Vec<(&'static str, Vec<Rect>)>,
    patterns: Vec<(Pattern, f64, f64, f64, f64)>,
    /// (text, x, baseline, ink)
    labels: Vec<(String, f64, f64, &'static str)>,
    rects: usize,
}

impl Batch {
    fn bar(&mut self, colour: &'static str, pat: Pattern, x: f64, y: f64, w: f64, h: f64) {
        self.rects += 1;
        if pat != Pattern::Outline {
            match self.fills.iter_mut().find(|(c, _)| *c == colour) {
                Some((_, v)) => v.push((x, y, w, h)),
                None => self.fills.push((colour, vec![(x, y, w, h)])),
            }
        }
        if pat != Pattern::Solid && w >= 3.0 {
            self.patterns.push((pat, x, y, w, h));
        }
    }

    /// A label inside a bar of colour `bg`, when the bar is wide enough for it (cut short
    /// with "…" when only its start fits). Whether it was written.
    fn label(&mut self, text: &str, bg: &'static str, x: f64, y: f64, w: f64) -> bool {
        let n = text.chars().count();
        if n == 0 || w < 7.0 * 3.0 + 4.0 {
            return false;
        }
        let ink = if bg.starts_with('#') { ink_on(bg) } else { "#000" };
        let fits = ((w - 4.0) / 7.0) as usize;
        let text = if n <= fits {
            text.to_string()
        } else {
            let mut t: String = text.chars().take(fits.saturating_sub(1)).collect();
            t.push('…');
            t
        };
        self.labels.push((text, x + 3.0, y + 12.0, ink));
        true
    }

    fn paint(self, ctx: &CanvasRenderingContext2d) {
        for (colour, rects) in &self.fills {
            ctx.set_fill_style_str(colour);
            ctx.begin_path();
            for &(x, y, w, h) in rects {
                ctx.rect(x, y, w, h);
            }
            ctx.fill();
        }
        for &(pat, x, y, w, h) in &self.patterns {
            pattern(ctx, pat, x, y, w, h);
        }
        for (text, x, y, ink) in &self.labels {
            ctx.set_fill_style_str(ink);
            let _ = ctx.fill_text(text, *x, *y);
        }
    }
}

/// What one draw did: bars, wake-up arrows and task slices drawn, and where each end mark is.
#[derive(Debug, Default)]
struct Drawn {
    rects: usize,
    arrows: usize,
    /// The task of each slice drawn in the loop lanes in view, in order.
    slices: Vec<String>,
    /// The centre of each end mark drawn (`None` when out of view), in `ChartData::marks` order.
    marks: Vec<Option<(f64, f64)>>,
}

/// About how wide `text` is in the chart's 12 px font (wide characters, such as Chinese, count
/// twice): enough to put a patch behind it.
fn text_width(text: &str) -> f64 {
    text.chars().map(|c| if (c as u32) < 0x2E80 { 7.0 } else { 12.5 }).sum()
}

/// Where an end mark is drawn on row `row`, when its tick is in the window.
fn mark_centre(f: &Frame, row: usize, tick: u64) -> Option<(f64, f64)> {
    let t = tick as f64;
    (t >= f.t0 && t <= f.t1).then(|| {
        let x = within(f.x(t), LABEL_W + MARK / 2.0, f.width - MARK / 2.0 - 1.0);
        (x.round(), f.y(row) + LANE_H / 2.0)
    })
}

/// Whether a marker is drawn: a crash or kill at a thread's end is told by its end mark.
fn marker_drawn(d: &ChartData, m: &Marker) -> bool {
    match m.kind {
        MarkerKind::Crash | MarkerKind::Kill => !d.marks.iter().any(|e| e.thread == m.thread && e.tick == m.tick),
        _ => true,
    }
}

/// The markers of a row's thread within the window (binary-searched: markers are in time order).
fn markers_in<'a>(d: &'a ChartData, f: &Frame) -> impl Iterator<Item = &'a Marker> + 'a {
    let a = d.markers.partition_point(|m| (m.tick as f64) < f.t0);
    let b = d.markers.partition_point(|m| (m.tick as f64) <= f.t1);
    d.markers[a..b.max(a)].iter()
}

/// Draws the chart.
fn draw(canvas: &HtmlCanvasElement, b: &Bars, frame: Frame) -> Drawn {
    let Ok(Some(ctx)) = canvas.get_context("2d") else { return Drawn::default() };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else { return Drawn::default() };
    let d = &b.data;
    let run = &d.run;
    let lines = &b.lines;
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0);
    // Resizing a canvas reallocates its pixels: only when the size changes.
    let (w, h) = ((frame.width * dpr) as u32, (frame.height * dpr) as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
        let _ =
            canvas.set_attribute("style", &format!("width:{}px;height:{}px", Short(frame.width), Short(frame.height)));
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    let fg = if b.dark { "#ddd" } else { "#222" };
    let muted = if b.dark { "#999" } else { "#666" };
    let panel = if b.dark { "#1c1c20" } else { "#fff" };
    ctx.clear_rect(0.0, 0.0, frame.width, frame.height);
    ctx.set_font("12px system-ui, sans-serif");
    let rows = frame.lanes(lines.len());
    let rows_of = thread_row(lines, run.threads.len());
    // Lanes under the axis: clip them.
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS_H, frame.width, frame.height - AXIS_H);
    ctx.clip();
    let cycle = deadlock_cycle(run);
    for i in rows.clone() {
        let y = frame.y(i);
        let line = lines[i];
        let label = line_label(d, line, b.lang);
        match line {
            Line::Heading(_) => {
                // A process: a shaded band and a rule across, its name in bold.
                ctx.set_fill_style_str(if b.dark { "#2a2a30" } else { "#eef0f4" });
                ctx.fill_rect(0.0, y + 1.0, frame.width, LANE_H - 1.0);
                ctx.set_fill_style_str(fg);
                ctx.fill_rect(0.0, y, frame.width, 1.0);
                ctx.set_font("bold 12px system-ui, sans-serif");
                let _ = ctx.fill_text(&label, 4.0, y + 15.0);
                ctx.set_font("12px system-ui, sans-serif");
            }
            Line::Task(_) => {
                ctx.set_fill_style_str(muted);
                let _ = ctx.fill_text(&label, 22.0, y + 15.0);
            }
            Line::Thread(t) => {
                let in_cycle = cycle.contains(&t);
                if in_cycle {
                    // The deadlock's threads: lane outlined in red, label in red.
                    ctx.set_stroke_style_str("#D55E00");
                    ctx.set_line_width(2.0);
                    ctx.stroke_rect(1.0, y + 1.0, frame.width - 2.0, LANE_H - 2.0);
                    ctx.set_line_width(1.0);
                }
                ctx.set_fill_style_str(if in_cycle { "#D55E00" } else { fg });
                // Room for the toggle of an event loop's tasks.
                let x = if has_tasks(d, t) { 18.0 } else { 4.0 };
                let _ = ctx.fill_text(&label, x, y + 15.0);
            }
            _ => {
                ctx.set_fill_style_str(fg);
                let _ = ctx.fill_text(&label, 4.0, y + 15.0);
            }
        }
    }
    // Predict mode: the lanes end at the last revealed tick (their names stay).
    let hide_x = b.hide_after.map(|t| frame.x(t).max(LABEL_W));
    if let Some(x) = hide_x {
        ctx.save();
        ctx.begin_path();
        ctx.rect(0.0, AXIS_H, x, frame.height - AXIS_H);
        ctx.clip();
    }
    let cols = columns(&frame);
    let mut arrows = 0;
    let mut slices = Vec::new();
    let mut batch = Batch::default();
    // Slice boundaries and labels of event loops, drawn over the bars.
    let mut bounds: Vec<(f64, f64)> = Vec::new();
    let mut slice_labels = Batch::default();
    for i in rows.clone() {
        let y = frame.y(i) + 3.0;
        let h = LANE_H - 6.0;
        match lines[i] {
            Line::Heading(_) => {}
            Line::Thread(t) => {
                let lane = &d.lanes[t as usize];
                let slicing = run.threads[t as usize].asyncio;
                for bar in thread_bars(run, t, lane, &frame, b.hidden) {
                    let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                    let (colour, pat) = style(bar.key);
                    batch.bar(colour, pat, x0, y, (x1 - x0).max(1.0), h);
                    let Some(s) = lane.get(bar.index) else { continue };
                    // An event loop's running bars are labelled by task slice (below).
                    if !(slicing && s.task.is_some()) {
                        batch.label(&chart::bar_label(run, s), colour, x0, y, x1 - x0);
                    }
                }
                if slicing {
                    let ink = style(LegendKey::Running).0;
                    for bar in task_slices(lane, &frame, b.hidden) {
                        let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                        let name = run.tasks.get(bar.key as usize).map_or("", String::as_str);
                        bounds.push((x0, y));
                        slice_labels.label(name, ink, x0 + 1.0, y, x1 - x0 - 1.0);
                        if slices.len() < 500 {
                            slices.push(name.to_string());
                        }
                    }
                }
            }
            Line::Task(k) => {
                let l = &d.tasks[k];
                for bar in task_bars(l, &frame, b.hidden) {
                    let Some(&TaskSpan { state, .. }) = l.spans.get(bar.key as usize) else { continue };
                    let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                    let (colour, pat) = style(task_key(state));
                    batch.bar(colour, pat, x0, y + 2.0, (x1 - x0).max(1.0), h - 4.0);
                    if let TaskState::Awaiting(c) = state {
                        batch.label(&format!("await {}", c.as_str()), colour, x0, y - 1.0, x1 - x0);
                    }
                }
            }
            Line::Core(c) => {
                for bar in core_bars(&d.cores[c], &frame, b.hidden) {
                    let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                    match bar.key {
                        CoreKey::Thread(t) => {
                            let colour = identity_colour(t);
                            batch.bar(colour, Pattern::Solid, x0, y, (x1 - x0).max(1.0), h);
                            batch.label(run.thread_name(t), colour, x0, y, x1 - x0);
                        }
                        CoreKey::Switch => {
                            let (colour, pat) = style(LegendKey::Switch);
                            batch.bar(colour, pat, x0, y, (x1 - x0).max(1.0), h);
                        }
                    }
                }
            }
            Line::Lock(l) => {
                let lane = &d.locks[l];
                let y = frame.y(i) + 2.0;
                // Holder: the upper bar, in the holder's colour, with its name.
                for bar in spans_in(&lane.holds, &frame) {
                    let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                    let colour = identity_colour(bar.key);
                    batch.bar(colour, Pattern::Solid, x0, y, (x1 - x0).max(1.0), 12.0);
                    batch.label(run.thread_name(bar.key), colour, x0, y - 2.0, x1 - x0);
                }
                // Queue: the lower band, striped like a lock wait, with how many wait.
                let (colour, pat) = style(LegendKey::Blocked(Cause::Lock));
                for bar in spans_in(&lane.queue, &frame) {
                    let (x0, x1) = (col_x(&frame, &cols, bar.from), col_x(&frame, &cols, bar.to));
                    batch.bar(colour, pat, x0, y + 13.0, (x1 - x0).max(1.0), 6.0);
                    if bar.key > 1 && x1 - x0 > 14.0 {
                        batch.labels.push((bar.key.to_string(), x0 + 2.0, y + 22.0, fg));
                    }
                }
            }
        }
    }
    // Waits that never end: hatched from where the thread was last seen to the chart's end,
    // outlined with dashes, with what they wait for.
    let mut tails = Batch::default();
    let mut outlines: Vec<Rect> = Vec::new();
    if b.kind == ChartKind::Threads && !b.hidden.contains(LegendKey::Forever) {
        let (colour, pat) = style(LegendKey::Forever);
        for tail in &d.tails {
            let row = rows_of[tail.thread as usize];
            if !rows.contains(&row) {
                continue;
            }
            let x0 = frame.x(tail.from as f64).max(LABEL_W).round();
            let x1 = frame.x(d.extent as f64).min(frame.width).round();
            if x1 > x0 {
                let y = frame.y(row) + 3.0;
                tails.bar(colour, pat, x0, y, x1 - x0, LANE_H - 6.0);
                outlines.push((x0, y, x1 - x0, LANE_H - 6.0));
                // "lock y forever", the last word in the reader's language.
                let what = tail.label.strip_suffix(" forever").unwrap_or(&tail.label);
                let words = format!("{what} {}", tr(b.lang, Key::Forever));
                tails.label(&words, "#FFFFFF", x0 + 2.0, y, x1 - x0 - 2.0 - MARK);
            }
        }
    }
    let rects = batch.rects + tails.rects;
    batch.paint(&ctx);
    if !outlines.is_empty() {
        let labels = std::mem::take(&mut tails.labels);
        tails.paint(&ctx);
        ctx.set_stroke_style_str(fg);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&3.0.into(), &2.0.into()));
        for &(x, y, w, h) in &outlines {
            ctx.stroke_rect(x + 0.5, y + 0.5, w - 1.0, h - 1.0);
        }
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        // The words on a plain patch, readable over the hatching.
        for (text, x, y, _) in labels {
            let width = text_width(&text);
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(x - 1.0, y - 10.0, width + 2.0, 13.0);
            ctx.set_fill_style_str("#000");
            let _ = ctx.fill_text(&text, x, y);
        }
    }
    // Task slices: a boundary at the start of each, and the task's name.
    if !bounds.is_empty() {
        ctx.set_fill_style_str(panel);
        for &(x, y) in &bounds {
            ctx.fill_rect(x, y, 1.0, LANE_H - 6.0);
        }
        slice_labels.paint(&ctx);
    }
    if b.kind == ChartKind::Threads {
        arrows = wake_arrows(&ctx, d, &frame, rows.clone(), &rows_of, b.dark);
    }
    // Markers on their lanes, then end marks on top.
    let mut marks = vec![None; d.marks.len()];
    if b.kind == ChartKind::Threads {
        ctx.set_text_align("center");
        ctx.set_text_baseline("middle");
        ctx.set_font("bold 10px system-ui, sans-serif");
        let mut last = (usize::MAX, f64::NEG_INFINITY);
        for m in markers_in(d, &frame) {
            let row = rows_of[m.thread as usize];
            if !rows.contains(&row) || !marker_drawn(d, m) {
                continue;
            }
            let (x, y) = (frame.x(m.tick as f64).round(), frame.y(row) + LANE_H / 2.0);
            if last.0 == row && x - last.1 < PIN {
                // Markers closer than a pin apart: one is enough to see (the tooltip lists one).
                continue;
            }
            last = (row, x);
            ctx.begin_path();
            let _ = ctx.arc(x, y, PIN, 0.0, std::f64::consts::TAU);
            ctx.set_fill_style_str("#fff");
            ctx.fill();
            ctx.set_stroke_style_str("#000");
            ctx.set_line_width(1.5);
            ctx.stroke();
            ctx.set_line_width(1.0);
            ctx.set_fill_style_str("#000");
            let _ = ctx.fill_text(m.kind.glyph(), x, y + 0.5);
        }
        ctx.set_font("bold 11px system-ui, sans-serif");
        for (n, m) in d.marks.iter().enumerate() {
            if b.hidden.contains(m.key()) {
                continue;
            }
            let row = rows_of[m.thread as usize];
            if !rows.contains(&row) {
                continue;
            }
            let Some((x, y)) = mark_centre(&frame, row, m.tick) else { continue };
            let (colour, _) = style(m.key());
            let (x0, y0) = (x - MARK / 2.0, y - MARK / 2.0);
            ctx.set_fill_style_str(colour);
            ctx.fill_rect(x0, y0, MARK, MARK);
            ctx.set_stroke_style_str(fg);
            ctx.stroke_rect(x0 - 0.5, y0 - 0.5, MARK + 1.0, MARK + 1.0);
            ctx.set_fill_style_str(ink_on(colour));
            let _ = ctx.fill_text(chart::end_glyph(m.fate).0, x, y + 0.5);
            marks[n] = Some((x, y));
        }
        ctx.set_text_align("start");
        ctx.set_text_baseline("alphabetic");
        ctx.set_font("12px system-ui, sans-serif");
    }
    // The tick a deadlock or stall was detected: a dashed line down the lanes.
    let shown = b.hide_after.unwrap_or(f64::INFINITY).min(frame.t1);
    let detected = d.detection.filter(|&(t, _)| (t as f64) >= frame.t0 && (t as f64) <= shown);
    if let (Some((t, _)), ChartKind::Threads) = (detected, b.kind) {
        let x = frame.x(t as f64).round() + 0.5;
        ctx.set_stroke_style_str("#D55E00");
        ctx.set_line_width(2.0);
        let _ = ctx.set_line_dash(&js_sys::Array::of2(&5.0.into(), &3.0.into()));
        ctx.begin_path();
        ctx.move_to(x, AXIS_H);
        ctx.line_to(x, frame.height);
        ctx.stroke();
        let _ = ctx.set_line_dash(&js_sys::Array::new());
        ctx.set_line_width(1.0);
    }
    if hide_x.is_some() {
        ctx.restore();
    }
    ctx.restore();
    // Axis with about 10 labelled ticks, on top.
    let step = threadlab_share::svg_export::axis_step(frame.t1 - frame.t0);
    ctx.set_fill_style_str(fg);
    ctx.set_stroke_style_str(if b.dark { "#444" } else { "#ccc" });
    let mut t = (frame.t0 / step).ceil() * step;
    while t <= frame.t1 {
        let x = frame.x(t);
        let _ = ctx.fill_text(&Short(t).to_string(), x + 2.0, 14.0);
        ctx.begin_path();
        ctx.move_to(x, AXIS_H - 4.0);
        ctx.line_to(x, AXIS_H);
        ctx.stroke();
        t += step;
    }
    // The detection's words, in the axis band (over its numbers).
    if let (Some((t, what)), ChartKind::Threads) = (detected, b.kind) {
        let words = tr(b.lang, if what == "deadlock" { Key::DeadlockDetected } else { Key::StallDetected });
        let text = format!("{words} (t = {t})");
        let width = text_width(&text);
        let x = frame.x(t as f64).round();
        // On the line's left when there is no room on its right.
        let x = if x + 4.0 + width > frame.width { (x - 4.0 - width).max(0.0) } else { x + 4.0 };
        ctx.set_fill_style_str(panel);
        ctx.fill_rect(x - 2.0, 2.0, width + 4.0, AXIS_H - 5.0);
        ctx.set_fill_style_str("#D55E00");
        let _ = ctx.fill_text(&text, x, 14.0);
    }
    Drawn { rects, arrows, slices, marks }
}

/// Wake-up arrows, from the waker's lane to the woken thread's lane, when there are few
/// enough in the window to tell apart. Returns how many were drawn.
fn wake_arrows(
    ctx: &CanvasRenderingContext2d,
    d: &ChartData,
    frame: &Frame,
    rows: std::ops::Range<usize>,
    rows_of: &[usize],
    dark: bool,
) -> usize {
    let run = &d.run;
    let from = run.events.partition_point(|e| (e.tick as f64) < frame.t0);
    let to = run.events.partition_point(|e| (e.tick as f64) <= frame.t1);
    let window = run.events.range(from..to.max(from));
    if window.len() > 20_000 {
        return 0;
    }
    let wakes = window.filter(|e| e.kind == EventKind::Wake && e.other.is_some_and(|o| o != e.thread));
    let ink = if dark { "#eee" } else { "#333" };
    ctx.set_stroke_style_str(ink);
    ctx.set_fill_style_str(ink);
    let mut arrows = 0;
    for e in wakes.take(2_000) {
        let Some(by) = e.other else { continue };
        let (a, z) = (rows_of[by as usize], rows_of[e.thread as usize]);
        if a == usize::MAX || z == usize::MAX || a.max(z) < rows.start || a.min(z) >= rows.end {
            continue;
        }
        let x = frame.x(e.tick as f64);
        let y0 = frame.y(a) + LANE_H / 2.0;
        let y1 = frame.y(z) + LANE_H / 2.0;
        ctx.begin_path();
        ctx.move_to(x, y0);
        ctx.line_to(x, y1);
        ctx.stroke();
        let d = if y1 > y0 { -5.0 } else { 5.0 };
        ctx.begin_path();
        ctx.move_to(x, y1);
        ctx.line_to(x - 3.0, y1 + d);
        ctx.line_to(x + 3.0, y1 + d);
        ctx.close_path();
        ctx.fill();
        arrows += 1;
    }
    arrows
}

// ---------------------------------------------------------------------------------------------
// Tooltips

/// A thread segment in words: the chart model's sentence, or its 简体中文.
fn describe(run: &RunResult, s: &Segment, lang: Lang) -> String {
    if lang == Lang::En {
        return chart::describe(run, s);
    }
    let what = match (s.state, s.cause, s.object, s.core) {
        (State::Blocked, Some(c), Some(o), _) => format!("阻塞（{} {}）", c.as_str(), run.object_name(o)),
        (State::Blocked, Some(c), None, _) => format!("阻塞（{}）", c.as_str()),
        (State::Blocked, None, ..) => crate::i18n::legend(lang, LegendKey::BlockedOther).to_string(),
        (State::Running, _, _, Some(c)) => match s.task.and_then(|t| run.tasks.get(t as usize)) {
            Some(task) => format!("在核 {c} 上运行任务 {task}"),
            None => format!("在核 {c} 上运行"),
        },
        (st, ..) => crate::components::lifecycle::state_word(lang, st).to_ascii_lowercase(),
    };
    format!("{}: {what}, {}–{}", run.thread_name(s.thread), s.start, s.end)
}

/// A task's state in words.
fn task_state_word(lang: Lang, s: TaskState) -> String {
    match s {
        TaskState::Running => tr(lang, Key::Running).to_string(),
        TaskState::Ready => tr(lang, Key::TaskReady).to_string(),
        TaskState::Awaiting(c) => format!("{} ({})", tr(lang, Key::TaskAwaiting), c.as_str()),
    }
}

/// Where the tooltip goes for a pointer at `(x, y)` of a window `vw` × `vh` (CSS pixels):
/// below right of the pointer, or on its left or above it when its size (estimated from its
/// words, generously) would cross the window's edge; the flip is a transform, exact whatever
/// its real size.
fn tip_style(x: f64, y: f64, text: &str, vw: f64, vh: f64) -> String {
    let (w, h) = (text_width(text) * 1.1 + 12.0, 24.0);
    let (left, tx) = if x + 12.0 + w <= vw - 4.0 {
        (x + 12.0, "0")
    } else if x - 12.0 - w >= 4.0 {
        (x - 12.0, "-100%")
    } else {
        ((vw - 4.0 - w).max(4.0), "0")
    };
    let (top, ty) = if y + 12.0 + h <= vh - 4.0 { (y + 12.0, "0") } else { ((y - 12.0).max(h), "-100%") };
    format!("left:{}px;top:{}px;transform:translate({tx},{ty})", Short(left), Short(top))
}

/// The tooltip's words for the point `(x, y)` of the canvas.
fn tooltip_text(
    d: &ChartData,
    lines: &[Line],
    frame: &Frame,
    x: f64,
    y: f64,
    lang: Lang,
    hidden: LegendSet,
) -> Option<String> {
    let row = frame.lane_at(y)?;
    let line = *lines.get(row)?;
    let run = &d.run;
    let zh = lang == Lang::Zh;
    if x < LABEL_W {
        // The label column: what a tag or a toggle means.
        return match line {
            Line::Thread(t) if has_tasks(d, t) => {
                Some(format!("{}: {}", run.thread_name(t), tr(lang, Key::LoopTasksHint)))
            }
            Line::Thread(t) if run.threads[t as usize].daemon => {
                Some(format!("{}: {}", run.thread_name(t), tr(lang, Key::DaemonThread)))
            }
            Line::Task(k) => {
                let l = &d.tasks[k];
                let task = run.tasks.get(l.task as usize).map_or("", String::as_str);
                Some(format!("{} {task} ({})", tr(lang, Key::Task), run.thread_name(l.thread)))
            }
            _ => None,
        };
    }
    let tick = frame.t(x).max(0.0) as u64;
    match line {
        Line::Heading(_) => None,
        Line::Thread(t) => {
            // A marker or an end mark under the pointer first.
            let cy = frame.y(row) + LANE_H / 2.0;
            let near = |cx: f64, r: f64| (cx - x).abs() <= r + 1.0 && (cy - y).abs() <= r + 1.0;
            if let Some(m) = markers_in(d, frame)
                .find(|m| m.thread == t && marker_drawn(d, m) && near(frame.x(m.tick as f64).round(), PIN))
            {
                let mut s = format!("{}: {}, t = {}", run.thread_name(t), crate::i18n::marker(lang, m.kind), m.tick);
                if let (MarkerKind::GilDrop, Some(o)) = (m.kind, m.other) {
                    s.push_str(&format!(" → {}", run.thread_name(o)));
                }
                return Some(s);
            }
            let mark = d
                .marks
                .iter()
                .filter(|m| m.thread == t && !hidden.contains(m.key()))
                .find(|m| mark_centre(frame, row, m.tick).is_some_and(|(cx, my)| my == cy && near(cx, MARK / 2.0)));
            if let Some(m) = mark {
                return Some(crate::i18n::end_mark(lang, run.thread_name(t), m.fate, m.tick));
            }
            if let Some(s) = d.lanes.get(t as usize).and_then(|l| at(l, tick)) {
                return Some(describe(run, s, lang));
            }
            let tail = d.tails.iter().find(|l| l.thread == t && tick >= l.from && tick <= d.extent);
            tail.filter(|_| !hidden.contains(LegendKey::Forever)).map(|l| {
                let what = l.label.strip_suffix(" forever").unwrap_or(&l.label);
                crate::i18n::forever(lang, run.thread_name(t), what, &l.text, l.from)
            })
        }
        Line::Task(k) => {
            let l = &d.tasks[k];
            let i = l.spans.partition_point(|s| s.end <= tick);
            let s = l.spans.get(i).filter(|s| s.start <= tick)?;
            let task = run.tasks.get(l.task as usize).map_or("", String::as_str);
            Some(format!("{task}: {}, {}–{}", task_state_word(lang, s.state), s.start, s.end))
        }
        Line::Core(c) => {
            let l = d.cores.get(c)?;
            let i = l.partition_point(|g| g.end <= tick);
            l.get(i).filter(|g| g.start <= tick).map(|g| match (g.activity, zh) {
                (_, false) => chart::describe_core(run, g),
                (CoreActivity::Run(th), true) => format!("核 {c}：{} {}–{}", run.thread_name(th), g.start, g.end),
                (CoreActivity::Switch(th), true) => {
                    format!("核 {c}：切换到 {} {}–{}", run.thread_name(th), g.start, g.end)
                }
            })
        }
        Line::Lock(i) => {
            let l = d.locks.get(i)?;
            let name = run.object_name(l.object);
            let holder = span_at(&l.holds, tick).map(|s| {
                let t = run.thread_name(s.who);
                if zh {
                    format!("被 {t} 持有")
                } else {
                    format!("held by {t}")
                }
            });
            let queue = span_at(&l.queue, tick).map(|s| {
                let who: Vec<&str> =
                    blocked_on(&d.lanes, l.object, tick).iter().take(8).map(|&(t, _)| run.thread_name(t)).collect();
                let more = (s.who as usize).saturating_sub(who.len());
                match (zh, more) {
                    (false, 0) => format!("blocked on it: {}", who.join(", ")),
                    (false, m) => format!("blocked on it: {} and {m} more", who.join(", ")),
                    (true, 0) => format!("阻塞于此：{}", who.join("、")),
                    (true, m) => format!("阻塞于此：{} 等 {} 个", who.join("、"), who.len() + m),
                }
            });
            let parts: Vec<String> = holder.into_iter().chain(queue).collect();
            let free = if zh { "空闲" } else { "free" };
            let at = if zh { "时刻" } else { "at" };
            Some(format!("{name} {at} {tick}: {}", if parts.is_empty() { free.to_string() } else { parts.join("; ") }))
        }
    }
}

/// (segments in the chart, bars drawn at full zoom once hidden legend entries are left out).
fn counts(d: &ChartData, hidden: &LegendSet, kind: ChartKind) -> (usize, usize) {
    match kind {
        ChartKind::Threads => (
            d.lanes.iter().map(|l| l.len()).sum(),
            d.lanes.iter().flatten().filter(|s| chart::key_of(s).is_some_and(|k| !hidden.contains(k))).count(),
        ),
        ChartKind::Cores => (
            d.run.core_segments.len(),
            d.run
                .core_segments
                .iter()
                .filter(|g| {
                    !hidden.contains(match g.activity {
                        CoreActivity::Run(_) => LegendKey::Running,
                        CoreActivity::Switch(_) => LegendKey::Switch,
                    })
                })
                .count(),
        ),
        ChartKind::Locks => {
            let n = d.locks.iter().map(|l| l.holds.len()).sum();
            (n, n)
        }
    }
}

/// The attributes of the DOM contract that depend on the run and the rows, not on the view:
/// `data-rows`, `data-tails`, `data-detected`, `data-fates`, `data-markers`, `data-tasks`.
#[derive(Debug, Default, PartialEq)]
struct Contract {
    rows: String,
    tails: String,
    detected: String,
    fates: String,
    markers: String,
    tasks: String,
}

/// At most this many markers are listed in `data-markers`.
const LISTED_MARKERS: usize = 2_000;

fn contract(d: &ChartData, kind: ChartKind, lines: &[Line]) -> Contract {
    let rows = lines.iter().map(|&l| line_token(d, l)).collect::<Vec<_>>().join(",");
    if kind != ChartKind::Threads {
        return Contract { rows, ..Contract::default() };
    }
    let run = &d.run;
    let names = |it: &mut dyn Iterator<Item = ThreadId>| it.map(|t| run.thread_name(t)).collect::<Vec<_>>().join(",");
    let tails = names(&mut d.tails.iter().map(|l| l.thread));
    let detected = d.detection.map(|(t, _)| t.to_string()).unwrap_or_default();
    let fates = d
        .marks
        .iter()
        .map(|m| format!("{}:{}", run.thread_name(m.thread), m.fate.as_str()))
        .collect::<Vec<_>>()
        .join(",");
    let markers = d
        .markers
        .iter()
        .take(LISTED_MARKERS)
        .map(|m| format!("{}@{}:{}", m.kind.code(), m.tick, run.thread_name(m.thread)))
        .collect::<Vec<_>>()
        .join(",");
    let tasks = lines
        .iter()
        .filter_map(|l| match *l {
            Line::Task(k) => run.tasks.get(d.tasks[k].task as usize).map(String::as_str),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",");
    Contract { rows, tails, detected, fates, markers, tasks }
}

#[component]
pub fn Gantt(props: &GanttProps) -> Html {
    let canvas = use_node_ref();
    // The cursor stays within the run; the view may go past it (waits that never end).
    let end = props.data.run.makespan.max(1) as f64;
    let extent = props.data.extent.max(1) as f64;
    let width = use_state(|| 900.0);
    let scroll = use_state(|| 0.0f64);
    // The event loops whose task rows are folded away.
    let collapsed = use_state(Vec::<ThreadId>::new);
    let drag = use_mut_ref(|| None::<(f64, (f64, f64))>);
    // (its style, its words): the tooltip is placed in the page, not in the chart's box.
    let tooltip = use_state(|| None::<(String, String)>);
    let lines = use_memo((props.data.clone(), props.kind, (*collapsed).clone()), |(d, kind, c)| lines(d, *kind, c));
    let rows = lines.len();
    let full_h = AXIS_H + LANE_H * rows as f64;
    let view_h = full_h.min(MAX_VIEW_H);
    // Measure the width available.
    {
        let canvas = canvas.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                if let Some(p) = c.parent_element() {
                    let w = p.client_width() as f64 - 2.0;
                    if w > 200.0 {
                        width.set(w);
                    }
                }
            }
        });
    }
    let makespan = props.data.run.makespan as f64;
    let scale = props.scale.map(|s| s.max(extent / MAX_CHART_PX));
    let (frame, full_w) = geometry(props.window, scale, *width, extent, view_h, *scroll);
    // At a fixed scale, the app's window follows what the box shows (zooming, panning and the
    // link then know it), and the box scrolls to the window's start (both charts stay together).
    {
        let canvas = canvas.clone();
        let on_window = props.on_window.clone();
        let window = props.window;
        let deps =
            (scale.map(f64::to_bits), window.0.to_bits(), window.1.to_bits(), frame.width.to_bits(), extent.to_bits());
        use_effect_with(deps, move |_| {
            let Some(s) = scale else { return };
            let want = crate::state::clamp_window(window.0, frame.t1, extent);
            // Two pixels of slack: charts a pixel apart in width never take turns.
            if (want.0 - window.0).abs() > 2.0 * s || (want.1 - window.1).abs() > 2.0 * s {
                on_window.emit(want);
            }
            // The box that scrolls: the canvas' `.gantt`.
            if let Some(el) = canvas.cast::<web_sys::Element>().and_then(|c| c.closest(".gantt").ok().flatten()) {
                let left = window.0 / s;
                if (f64::from(el.scroll_left()) - left).abs() >= 1.0 {
                    el.set_scroll_left(left.round() as i32);
                }
            }
        });
    }
    // The contract's lists: once per run and rows, not per render (a pan re-renders at every
    // mouse move); written on the canvas with the drawing's own attributes.
    let listed = use_memo((props.data.clone(), props.kind, Rc::as_ptr(&lines) as usize), {
        let lines = lines.clone();
        move |(d, kind, _)| contract(d, *kind, &lines)
    });
    {
        let canvas = canvas.clone();
        let deps = (
            props.data.clone(),
            props.hidden,
            props.kind,
            props.dark,
            props.lang,
            props.hide_after.map(f64::to_bits),
            Rc::as_ptr(&lines) as usize,
            (frame.t0.to_bits(), frame.t1.to_bits(), frame.width.to_bits(), frame.height.to_bits()),
            frame.scroll.to_bits(),
        );
        let bars = Bars {
            data: props.data.clone(),
            lines: lines.clone(),
            kind: props.kind,
            hidden: props.hidden,
            dark: props.dark,
            lang: props.lang,
            hide_after: props.hide_after,
        };
        use_effect_with(deps, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let l = &*listed;
                for (name, value) in [
                    ("data-rows", &l.rows),
                    ("data-tails", &l.tails),
                    ("data-detected", &l.detected),
                    ("data-fates", &l.fates),
                    ("data-markers", &l.markers),
                    ("data-tasks", &l.tasks),
                ] {
                    let _ = c.set_attribute(name, value);
                }
                let perf = web_sys::window().and_then(|w| w.performance());
                let t0 = perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
                let drawn = draw(&c, &bars, frame);
                let ms = perf.as_ref().map(|p| p.now()).unwrap_or(0.0) - t0;
                // For the browser tests and docs/PERFORMANCE.md.
                let _ = c.set_attribute("data-rects", &drawn.rects.to_string());
                let _ = c.set_attribute("data-arrows", &drawn.arrows.to_string());
                let _ = c.set_attribute("data-draw-ms", &Fixed(ms, 2).to_string());
                // Set here, once the bars are painted (never in the markup): the browser tests
                // wait on it before reading the canvas.
                let _ = c.set_attribute("data-ready", "true");
                if bars.kind == ChartKind::Threads {
                    let _ = c.set_attribute("data-slices", &drawn.slices.join(","));
                    let marks: Vec<String> = drawn
                        .marks
                        .iter()
                        .map(|m| m.map_or("-".to_string(), |(x, y)| format!("{} {}", Short(x), Short(y))))
                        .collect();
                    let _ = c.set_attribute("data-marks", &marks.join(","));
                }
            }
        });
    }
    let fits = full_h <= view_h;
    let on_wheel = {
        let on_zoom = props.on_zoom.clone();
        let on_window = props.on_window.clone();
        Callback::from(move |e: WheelEvent| {
            if e.shift_key() {
                e.prevent_default();
                let d = if e.delta_y() != 0.0 { e.delta_y() } else { e.delta_x() };
                let dt = d.signum() * 0.1 * (frame.t1 - frame.t0);
                on_window.emit((frame.t0 + dt, frame.t1 + dt));
            } else if e.ctrl_key() || e.meta_key() || fits {
                e.prevent_default();
                let at = within(frame.t(e.offset_x() as f64), frame.t0, frame.t1);
                on_zoom.emit((if e.delta_y() > 0.0 { 1.25 } else { 0.8 }, Some(at)));
            }
        })
    };
    let on_scroll = {
        let scroll = scroll.clone();
        let on_window = props.on_window.clone();
        let t0 = props.window.0;
        Callback::from(move |e: Event| {
            let el: web_sys::Element = e.target_unchecked_into();
            scroll.set(el.scroll_top() as f64);
            // Scrolled sideways at a fixed scale: the window starts where the box does.
            if let Some(s) = scale {
                let left = f64::from(el.scroll_left()) * s;
                if (left - t0).abs() >= s {
                    on_window.emit((left, left + frame.t1 - frame.t0));
                }
            }
        })
    };
    let on_down = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            *drag.borrow_mut() = Some((e.offset_x() as f64, (frame.t0, frame.t1)));
        })
    };
    let on_move = {
        let drag = drag.clone();
        let tooltip = tooltip.clone();
        let data = props.data.clone();
        let lines = lines.clone();
        let lang = props.lang;
        let hidden = props.hidden;
        let on_window = props.on_window.clone();
        let hide_after = props.hide_after;
        Callback::from(move |e: MouseEvent| {
            let x = e.offset_x() as f64;
            if let Some((x0, (a, b))) = *drag.borrow() {
                if e.buttons() == 1 && (x - x0).abs() > 3.0 {
                    let dt = (x - x0) / (frame.width - LABEL_W).max(1.0) * (b - a);
                    on_window.emit((a - dt, b - dt));
                }
            }
            let y = e.offset_y() as f64;
            let (cx, cy) = (e.client_x() as f64, e.client_y() as f64);
            let page = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
            let (vw, vh) = page.map_or((1e9, 1e9), |p| (p.client_width() as f64, p.client_height() as f64));
            // Predict mode: no tooltip tells what is past the last revealed tick.
            let hid = hide_after.is_some_and(|t| frame.t(x) > t);
            tooltip.set(
                tooltip_text(&data, &lines, &frame, x, y, lang, hidden)
                    .filter(|_| !hid)
                    .map(|s| (tip_style(cx, cy, &s, vw, vh), s)),
            );
        })
    };
    let on_up = {
        let drag = drag.clone();
        let seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            let start = drag.borrow_mut().take();
            if let Some((x0, _)) = start {
                let x = e.offset_x() as f64;
                if (x - x0).abs() <= 3.0 && x >= LABEL_W {
                    seek.emit(within(frame.t(x), 0.0, end).round());
                }
            }
        })
    };
    let on_leave = {
        let tooltip = tooltip.clone();
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| {
            tooltip.set(None);
            *drag.borrow_mut() = None;
        })
    };
    let on_dbl = {
        let on_window = props.on_window.clone();
        Callback::from(move |_: MouseEvent| on_window.emit((0.0, extent)))
    };
    let d = &props.data;
    let cursor_x = frame.x(props.cursor);
    // Segment counts: computed once per run and legend state, not per render.
    let (segments, drawn) =
        *use_memo((props.data.clone(), props.hidden, props.kind), |(d, hidden, kind)| counts(d, hidden, *kind));
    let kind_word = match props.kind {
        ChartKind::Cores => "cores",
        ChartKind::Threads => "threads",
        ChartKind::Locks => "locks",
    };
    let lanes = match props.kind {
        ChartKind::Cores => d.cores.len(),
        ChartKind::Threads => d.run.threads.len(),
        ChartKind::Locks => d.locks.len(),
    };
    let show_cursor = cursor_x >= LABEL_W && cursor_x <= frame.width;
    // Pixels from tick 0 to the end of the run: the same for the same run at the same scale.
    let extent_px = frame.x(makespan) - frame.x(0.0);
    // Wider than its box at a fixed scale: room under the lanes for the sideways scrollbar.
    let wide = full_w > frame.width + 0.5;
    let bar = if wide { 20.0 } else { 0.0 };
    let cycle = deadlock_cycle(&d.run).iter().map(|&t| d.run.thread_name(t)).collect::<Vec<_>>().join(" ");
    // A toggle for the task rows of each event loop in view.
    let toggles = frame.lanes(rows).filter_map(|i| match lines[i] {
        // Not over the axis when the row is half scrolled out.
        Line::Thread(t) if frame.y(i) >= AXIS_H - 3.0 && has_tasks(d, t) => {
            let open = !collapsed.contains(&t);
            let onclick = {
                let collapsed = collapsed.clone();
                Callback::from(move |_: MouseEvent| {
                    let mut c = (*collapsed).clone();
                    match c.iter().position(|&x| x == t) {
                        Some(p) => {
                            c.remove(p);
                        }
                        None => c.push(t),
                    }
                    collapsed.set(c);
                })
            };
            let words = tr(props.lang, if open { Key::HideTasks } else { Key::ShowTasks });
            Some(html! {
                <button class="lane-toggle" data-thread={d.run.thread_name(t).to_string()} aria-expanded={open.to_string()}
                    aria-label={format!("{words}: {}", d.run.thread_name(t))} title={words}
                    style={format!("top:{}px", Short(frame.y(i) + 3.0))} {onclick}>{ if open { "▾" } else { "▸" } }</button>
            })
        }
        _ => None,
    });
    let plot = format!("{} {} {} {}", Short(frame.x(frame.t0)), Short(frame.x(frame.t1)), Short(AXIS_H), Short(LANE_H));
    html! {
        <>
            <div class="gantt" style={format!("max-height:{}px", Short(view_h + 2.0 + bar))} onscroll={on_scroll}>
                <div class="gantt-view" style={format!("height:{}px", Short(view_h))}>
                    <canvas id={props.kind.id()} ref={canvas} data-lanes={lanes.to_string()} data-segments={segments.to_string()}
                        data-drawn={drawn.to_string()} data-cycle={cycle} data-plot={plot}
                        data-hide-after={props.hide_after.map(|t| Short(t).to_string())}
                        data-window={format!("{}-{}", Short(frame.t0), Short(frame.t1))} data-extent-px={Short(extent_px).to_string()}
                        role="img" aria-label={format!("{kind_word} chart, {lanes} lanes, {segments} segments")}
                        onwheel={on_wheel} onmousedown={on_down} onmousemove={on_move} onmouseup={on_up}
                        onmouseleave={on_leave} ondblclick={on_dbl} />
                    { for toggles }
                    if show_cursor { <div class="cursor" style={format!("left:{}px;height:{}px", Short(cursor_x), Short(view_h))}></div> }
                </div>
                <div class="gantt-rest" style={if wide {
                    format!("height:{}px;width:{}px", Short(full_h - view_h), Short(full_w))
                } else {
                    format!("height:{}px", Short(full_h - view_h))
                }}></div>
            </div>
            if let Some((style, text)) = (*tooltip).clone() {
                <div class="tooltip chart-tip" role="tooltip" {style}>{ text }</div>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(t0: f64, t1: f64) -> Frame {
        Frame { t0, t1, width: LABEL_W + 100.0, height: MAX_VIEW_H, scroll: 0.0 }
    }

    fn seg(start: u64, end: u64, state: State, cause: Option<Cause>) -> Segment {
        let core = (state == State::Running).then_some(0);
        Segment { thread: 0, state, cause, object: None, core, task: None, start, end }
    }

    fn run(text: &str) -> Rc<RunResult> {
        Rc::new(threadlab_sim::run(text).expect("a valid scenario"))
    }

    fn data(text: &str) -> ChartData {
        let r = run(text);
        let lanes = Rc::new(r.thread_lanes());
        ChartData::new(r, lanes)
    }

    fn preset(name: &str) -> ChartData {
        data(threadlab_sim::presets::find(name).expect("a preset").text)
    }

    #[test]
    fn a_lane_bins_to_at_most_one_bar_per_pixel() {
        let r = run("thread a { cpu 1 }");
        // 100,000 one-tick segments on 100 pixels, three running for one I/O: each pixel
        // column shows what took most of its time, one bar in all, not 100,000.
        let lane: Vec<Segment> = (0..100_000)
            .map(|i| {
                if i % 4 == 3 {
                    seg(i, i + 1, State::Blocked, Some(Cause::Io))
                } else {
                    seg(i, i + 1, State::Running, None)
                }
            })
            .collect();
        let bars = thread_bars(&r, 0, &lane, &frame(0.0, 100_000.0), LegendSet::default());
        assert_eq!(bars.len(), 1, "{bars:?}");
        assert_eq!((bars[0].from, bars[0].to, bars[0].key), (0, 100, LegendKey::Running));
        // Alternating one-tick states: never more bars than pixel columns.
        let lane: Vec<Segment> = (0..100_000)
            .map(|i| {
                if i % 2 == 0 {
                    seg(i, i + 1, State::Runnable, None)
                } else {
                    seg(i, i + 1, State::Blocked, Some(Cause::Lock))
                }
            })
            .collect();
        let bars = thread_bars(&r, 0, &lane, &frame(0.0, 100_000.0), LegendSet::default());
        assert!(!bars.is_empty() && bars.len() <= 100, "{}", bars.len());
        // Zoomed in on 10 ticks: each segment is 10 px wide and all 10 are bars.
        let f = frame(500.0, 510.0);
        let bars = thread_bars(&r, 0, &lane, &f, LegendSet::default());
        assert_eq!(bars.len(), 10);
        assert_eq!(bars[0].index, 500);
        assert_eq!(col_x(&f, &columns(&f), bars[0].from), LABEL_W);
        assert_eq!(col_x(&f, &columns(&f), bars[1].from), LABEL_W + 10.0);
        assert_eq!(bars[0].key, LegendKey::Runnable);
    }

    #[test]
    fn a_column_shows_its_dominant_state_not_the_first() {
        let r = run("thread a { cpu 1 }");
        // 0..1 running, 1..10 blocked on a lock: on one pixel of 10 ticks the lock wait shows.
        let lane = vec![seg(0, 1, State::Running, None), seg(1, 10, State::Blocked, Some(Cause::Lock))];
        let f = Frame { t0: 0.0, t1: 10.0, width: LABEL_W + 1.0, height: MAX_VIEW_H, scroll: 0.0 };
        let bars = thread_bars(&r, 0, &lane, &f, LegendSet::default());
        assert_eq!(bars.iter().map(|b| b.key).collect::<Vec<_>>(), vec![LegendKey::Blocked(Cause::Lock)]);
        // Hidden entries show nothing and do not hide what follows.
        let hidden: LegendSet = [LegendKey::Blocked(Cause::Lock)].into_iter().collect();
        let f = frame(0.0, 10.0);
        let bars = thread_bars(&r, 0, &lane, &f, hidden);
        assert_eq!(bars.iter().map(|b| (b.from, b.to, b.key)).collect::<Vec<_>>(), vec![(0, 10, LegendKey::Running)]);
        // A window past the lane's last segment shows nothing (not "new").
        assert!(thread_bars(&r, 0, &lane, &frame(20.0, 30.0), LegendSet::default()).is_empty());
    }

    #[test]
    fn the_tooltip_flips_to_stay_inside_the_window() {
        assert_eq!(tip_style(100.0, 100.0, "a", 1000.0, 800.0), "left:112px;top:112px;transform:translate(0,0)");
        // Near the right and bottom edges: on the pointer's left and above it.
        assert_eq!(
            tip_style(990.0, 790.0, "a: running on core 0, 0–3", 1000.0, 800.0),
            "left:978px;top:778px;transform:translate(-100%,-100%)"
        );
        // Wider than either side of the pointer: against the right edge.
        let long = "x".repeat(100);
        assert!(tip_style(200.0, 10.0, &long, 400.0, 800.0).starts_with("left:4px;"));
    }

    #[test]
    fn a_fixed_scale_draws_the_same_ticks_the_same_length() {
        // 1 core, makespan 24, against 4 cores, makespan 6, at 0.1 ticks per pixel: 240 px
        // against 60, whatever the window; the box of 510 px shows 40 ticks from the window's start.
        let width = LABEL_W + 400.0;
        for (end, window) in [(24.0, (0.0, 24.0)), (6.0, (0.0, 6.0)), (24.0, (3.0, 9.0))] {
            let (f, full) = geometry(window, Some(0.1), width, end, MAX_VIEW_H, 0.0);
            assert_eq!((f.t0, f.t1, f.width, full), (window.0, window.0 + 40.0, width, width), "{end}");
            assert!((f.x(end) - f.x(0.0) - end * 10.0).abs() < 1e-9, "{end}: {}", f.x(end) - f.x(0.0));
            assert!((f.x(window.0 + 1.0) - f.x(window.0) - 10.0).abs() < 1e-9);
        }
        // A run longer than the box shows is laid out whole, for a sideways scroll.
        let (f, full) = geometry((100.0, 140.0), Some(0.1), width, 1000.0, MAX_VIEW_H, 0.0);
        assert_eq!((f.t0, f.t1, full), (100.0, 140.0, LABEL_W + 10_000.0));
        assert_eq!(f.x(100.0), LABEL_W);
        // The widest chart laid out: a finer scale draws at the finest that fits.
        let (f, full) = geometry((0.0, 1.0), Some(0.01), width, 1e7, MAX_VIEW_H, 0.0);
        assert_eq!(full, LABEL_W + MAX_CHART_PX);
        assert!((f.x(1e7) - f.x(0.0) - MAX_CHART_PX).abs() < 1e-3);
        // Fitted: the window fills the box.
        let (f, full) = geometry((0.0, 6.0), None, width, 6.0, MAX_VIEW_H, 0.0);
        assert_eq!((f.t0, f.t1, full, f.x(6.0)), (0.0, 6.0, width, width));
    }

    #[test]
    fn frames_map_rows_and_ticks() {
        let mut f = frame(0.0, 100.0);
        assert_eq!(f.t(f.x(42.0)), 42.0);
        assert_eq!(f.lanes(100), 0..18);
        f.scroll = LANE_H * 10.5;
        assert_eq!(f.lanes(100), 10..29);
        assert_eq!(f.lane_at(AXIS_H + 1.0), Some(10));
        assert_eq!(f.lane_at(AXIS_H - 1.0), None);
        let c = columns(&frame(0.0, 100.0));
        assert_eq!((c.count, c.per), (100, 1.0));
    }

    #[test]
    fn threads_are_grouped_by_process_and_daemons_tagged() {
        let d = preset("crash-isolation");
        let ls = lines(&d, ChartKind::Threads, &[]);
        let tokens: Vec<String> = ls.iter().map(|&l| line_token(&d, l)).collect();
        assert_eq!(tokens, ["[main]", "main", "helper", "[worker]", "worker_main", "worker_bug"]);
        let c = contract(&d, ChartKind::Threads, &ls);
        assert_eq!(c.fates, "main:finished,helper:finished,worker_main:crashed,worker_bug:crashed");
        let d = preset("daemon-cutoff");
        let ls = lines(&d, ChartKind::Threads, &[]);
        assert_eq!(line_token(&d, ls[2]), "logger(d)");
        assert_eq!(line_label(&d, ls[2], Lang::En), "logger (d)");
        let f = frame(0.0, d.extent as f64);
        assert_eq!(
            tooltip_text(&d, &ls, &f, 5.0, f.y(2) + 5.0, Lang::En, LegendSet::default()).as_deref(),
            Some("logger: daemon thread")
        );
    }

    #[test]
    fn end_marks_and_markers_have_tooltips() {
        let d = preset("crash-isolation");
        let ls = lines(&d, ChartKind::Threads, &[]);
        let f = frame(0.0, d.extent as f64);
        let bug = d.run.thread_id("worker_bug").unwrap();
        let row = thread_row(&ls, d.run.threads.len())[bug as usize];
        let m = d.marks.iter().find(|m| m.thread == bug).unwrap();
        let (x, y) = mark_centre(&f, row, m.tick).unwrap();
        let tip = tooltip_text(&d, &ls, &f, x, y, Lang::En, LegendSet::default());
        assert_eq!(tip, Some(format!("worker_bug crashed at t = {}", m.tick)));
        // Hidden: the segment under it is told instead.
        let hidden: LegendSet = [m.key()].into_iter().collect();
        let tip = tooltip_text(&d, &ls, &f, x - 6.0, y, Lang::En, hidden).unwrap();
        assert!(tip.starts_with("worker_bug: running"), "{tip}");

        let d = preset("lost-wakeup");
        let ls = lines(&d, ChartKind::Threads, &[]);
        let m = d.markers.iter().find(|m| m.kind == MarkerKind::LostNotify).copied().unwrap();
        let f = Frame { t0: 0.0, t1: d.extent as f64, width: LABEL_W + 500.0, height: MAX_VIEW_H, scroll: 0.0 };
        let row = thread_row(&ls, d.run.threads.len())[m.thread as usize];
        let tip =
            tooltip_text(&d, &ls, &f, f.x(m.tick as f64), f.y(row) + LANE_H / 2.0, Lang::En, LegendSet::default());
        assert_eq!(tip, Some(format!("producer: notify lost (nobody was waiting), t = {}", m.tick)));
    }

    #[test]
    fn a_deadlock_shows_its_forever_tails_past_the_end() {
        let d = preset("deadlock-two-locks");
        assert!(d.extent > d.run.makespan);
        let ls = lines(&d, ChartKind::Threads, &[]);
        let c = contract(&d, ChartKind::Threads, &ls);
        assert_eq!((c.tails.as_str(), c.detected.as_str()), ("a,b", "5"));
        let f = Frame { t0: 0.0, t1: d.extent as f64, width: LABEL_W + 500.0, height: MAX_VIEW_H, scroll: 0.0 };
        // In the tail, before the end mark.
        let x = f.x(d.run.makespan as f64 + 0.5);
        let tip = tooltip_text(&d, &ls, &f, x, f.y(0) + 6.0, Lang::En, LegendSet::default()).unwrap();
        assert!(tip.starts_with("a waits for lock y") && tip.contains("forever"), "{tip}");
        let tip = tooltip_text(&d, &ls, &f, x, f.y(0) + 6.0, Lang::Zh, LegendSet::default()).unwrap();
        assert!(tip.contains("永远") && tip.contains("lock y"), "{tip}");
    }

    #[test]
    fn event_loops_have_task_rows_that_fold() {
        let d = preset("asyncio-io-overlap");
        let loop_id = d.run.thread_id("loop").unwrap();
        let names: Vec<&str> = d.tasks.iter().map(|l| d.run.tasks[l.task as usize].as_str()).collect();
        assert_eq!(names, ["fetch.1", "fetch.2", "fetch.3"]);
        // Each task's running spans are the loop's running segments with that task.
        for l in &d.tasks {
            let running: u64 = d
                .run
                .segments
                .iter()
                .filter(|s| s.thread == loop_id && s.task == Some(l.task))
                .map(|s| s.end - s.start)
                .sum();
            let spans = l.spans.iter().filter(|s| s.state == TaskState::Running);
            assert_eq!(spans.map(|s| s.end - s.start).sum::<u64>(), running);
            // Between its runs, a task awaits its I/O.
            assert!(l.spans.iter().any(|s| s.state == TaskState::Awaiting(Cause::Io)), "{l:?}");
        }
        let ls = lines(&d, ChartKind::Threads, &[]);
        let c = contract(&d, ChartKind::Threads, &ls);
        assert_eq!(c.tasks, "fetch.1,fetch.2,fetch.3");
        assert_eq!(c.rows, "loop,loop:fetch.1,loop:fetch.2,loop:fetch.3");
        let folded = lines(&d, ChartKind::Threads, &[loop_id]);
        assert_eq!(contract(&d, ChartKind::Threads, &folded).tasks, "");
        assert_eq!(folded.len(), 1);
        // The loop's lane is cut into the task slices, one per run of a task.
        let f = Frame { t0: 0.0, t1: d.extent as f64, width: LABEL_W + 700.0, height: MAX_VIEW_H, scroll: 0.0 };
        let slices = task_slices(&d.lanes[loop_id as usize], &f, LegendSet::default());
        let expected = d.lanes[loop_id as usize].iter().filter(|s| s.task.is_some()).count();
        assert_eq!(slices.len(), expected);
        // A task row's tooltip names the task.
        let tip = tooltip_text(&d, &ls, &f, f.x(0.5), f.y(1) + 8.0, Lang::En, LegendSet::default());
        assert_eq!(tip.as_deref(), Some("fetch.1: running, 0–1"));
    }
}
