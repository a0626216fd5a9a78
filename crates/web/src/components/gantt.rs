//! A Gantt chart on a `<canvas>`: one lane per core (coloured by thread, switches hatched),
//! one lane per thread (coloured by state, each blocking cause its own colour and pattern,
//! labels such as "lock m"), or one lane per lock (who holds it, who queues), with a time
//! axis and wake-up arrows from waker to woken.
//!
//! Drawing stays cheap for any run: only the lanes scrolled into view are drawn, each lane is
//! binary-searched for the zoom window, and segments that fall inside an already painted pixel
//! are skipped (merged), so a redraw costs about (visible lanes × width in pixels), whatever
//! the number of segments. The bars are redrawn only when what they depend on changes; the
//! cursor and the tooltip are light DOM elements over the canvas. The zoom window belongs to
//! the app state (both charts share it); Ctrl+wheel zooms around the mouse (plain wheel too
//! when the lanes fit), Shift+wheel and drag pan, a click moves the cursor, double-click
//! shows the whole run.

use crate::i18n::Lang;
use crate::palette::{identity_colour, key_of, style, Pattern};
use crate::state::{within, LegendKey, LegendSet};
use crate::timeline::{at, blocked_on, span_at, LockLane};
use std::rc::Rc;
use threadlab_share::decimal::{Fixed, Short};
use threadlab_sim::trace::{CoreActivity, CoreSegment, EventKind, Segment};
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
        ChartData { run, lanes, cores, locks }
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
}

const LABEL_W: f64 = 110.0;
const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 22.0;
/// The tallest a chart gets before its lanes scroll (the axis stays in view).
const MAX_VIEW_H: f64 = AXIS_H + LANE_H * 18.0;

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

fn lane_names(d: &ChartData, kind: ChartKind) -> Vec<String> {
    match kind {
        ChartKind::Cores => (0..d.run.cores.len()).map(|c| format!("core {c}")).collect(),
        ChartKind::Threads => d.run.threads.iter().map(|t| t.name.clone()).collect(),
        ChartKind::Locks => d.locks.iter().map(|l| d.run.object_name(l.object).to_string()).collect(),
    }
}

/// Calls `paint(item, x, w)` for the items of a time-sorted, non-overlapping lane that show in
/// the frame, skipping those that fall inside a pixel already painted (a binary search jumps
/// over them), so a lane costs at most about one call per pixel column. `paint` returns
/// whether it drew (hidden items do not count as painted). Returns the number drawn.
fn paint_lane<T>(
    lane: &[T],
    span: impl Fn(&T) -> (u64, u64),
    frame: &Frame,
    mut paint: impl FnMut(&T, f64, f64) -> bool,
) -> usize {
    let mut i = lane.partition_point(|s| (span(s).1 as f64) <= frame.t0);
    let mut painted = f64::NEG_INFINITY;
    let mut drawn = 0;
    while let Some(s) = lane.get(i) {
        let (start, end) = span(s);
        if start as f64 >= frame.t1 {
            break;
        }
        let x0 = frame.x(start as f64).max(LABEL_W).max(painted);
        let x1 = frame.x(end as f64).min(frame.width);
        if x1 <= painted {
            // Inside the painted pixel: jump to the first item that ends beyond it.
            let t = frame.t(painted);
            i += lane[i..].partition_point(|s| (span(s).1 as f64) <= t).max(1);
            continue;
        }
        let w = (x1 - x0).max(1.0);
        if paint(s, x0, w) {
            painted = x0 + w;
            drawn += 1;
        }
        i += 1;
    }
    drawn
}

/// The threads of a deadlock's wait-for cycle (empty unless the outcome is a deadlock).
fn deadlock_cycle(run: &RunResult) -> Vec<u32> {
    match &run.outcome {
        threadlab_sim::Outcome::Deadlock { cycle, .. } => cycle.clone(),
        _ => Vec::new(),
    }
}

fn thread_colour(t: u32) -> &'static str {
    identity_colour(t)
}

fn pattern(ctx: &CanvasRenderingContext2d, p: Pattern, x: f64, y: f64, w: f64, h: f64) {
    if p == Pattern::Solid || w < 3.0 {
        return;
    }
    ctx.save();
    ctx.begin_path();
    ctx.rect(x, y, w, h);
    ctx.clip();
    ctx.set_stroke_style_str("rgba(0,0,0,0.45)");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    let step = 6.0;
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
            Pattern::Cross => {
                ctx.move_to(x + k, y + h);
                ctx.line_to(x + k + h, y);
                ctx.move_to(x + k, y);
                ctx.line_to(x + k + h, y + h);
            }
            Pattern::Bars => {
                ctx.move_to(x + k, y);
                ctx.line_to(x + k, y + h);
            }
            _ => {}
        }
        k += step;
    }
    match p {
        Pattern::Lines => {
            let mut yy = y + 3.0;
            while yy < y + h {
                ctx.move_to(x, yy);
                ctx.line_to(x + w, yy);
                yy += 5.0;
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
    kind: ChartKind,
    hidden: LegendSet,
    dark: bool,
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
    labels: Vec<(String, f64, f64)>,
}

impl Batch {
    fn bar(&mut self, colour: &'static str, pat: Pattern, x: f64, y: f64, w: f64, h: f64) {
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

    /// A label inside a bar, when the bar is wide enough for it.
    fn label(&mut self, text: &str, x: f64, y: f64, w: f64) {
        if !text.is_empty() && w > 7.5 * text.chars().count() as f64 + 4.0 {
            self.labels.push((text.to_string(), x + 3.0, y + 12.0));
        }
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
        ctx.set_fill_style_str("#000");
        for (text, x, y) in &self.labels {
            let _ = ctx.fill_text(text, *x, *y);
        }
    }
}

/// What one draw did: rectangles and wake-up arrows drawn.
#[derive(Debug, Default)]
struct Drawn {
    rects: usize,
    arrows: usize,
}

/// Draws the chart.
fn draw(canvas: &HtmlCanvasElement, b: &Bars, frame: Frame) -> Drawn {
    let Ok(Some(ctx)) = canvas.get_context("2d") else { return Drawn::default() };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else { return Drawn::default() };
    let run = &b.data.run;
    let names = lane_names(&b.data, b.kind);
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
    ctx.clear_rect(0.0, 0.0, frame.width, frame.height);
    ctx.set_font("12px system-ui, sans-serif");
    let rows = frame.lanes(names.len());
    // Lanes under the axis: clip them.
    ctx.save();
    ctx.begin_path();
    ctx.rect(0.0, AXIS_H, frame.width, frame.height - AXIS_H);
    ctx.clip();
    let cycle = deadlock_cycle(run);
    for i in rows.clone() {
        let y = frame.y(i);
        let in_cycle = b.kind == ChartKind::Threads && cycle.contains(&(i as u32));
        if in_cycle {
            // The deadlock's threads: lane outlined in red, label in red.
            ctx.set_stroke_style_str("#D55E00");
            ctx.set_line_width(2.0);
            ctx.stroke_rect(1.0, y + 1.0, frame.width - 2.0, LANE_H - 2.0);
            ctx.set_line_width(1.0);
        }
        ctx.set_fill_style_str(if in_cycle { "#D55E00" } else { fg });
        let label: String = names[i].chars().take(14).collect();
        let _ = ctx.fill_text(&label, 4.0, y + 15.0);
    }
    let mut rects = 0;
    let mut arrows = 0;
    let mut batch = Batch::default();
    match b.kind {
        ChartKind::Threads => {
            for i in rows.clone() {
                let y = frame.y(i) + 3.0;
                let h = LANE_H - 6.0;
                rects += paint_lane(
                    &b.data.lanes[i],
                    |s| (s.start, s.end),
                    &frame,
                    |s, x, w| {
                        let Some(k) = key_of(s) else { return false };
                        if b.hidden.contains(k) {
                            return false;
                        }
                        let (colour, pat) = style(k);
                        batch.bar(colour, pat, x, y, w, h);
                        let label = match (s.cause, s.object, s.task) {
                            (Some(c), Some(o), _) => format!("{} {}", c.as_str(), run.object_name(o)),
                            (Some(c), None, _) => c.as_str().to_string(),
                            (None, _, Some(t)) => run.tasks[t as usize].clone(),
                            _ => String::new(),
                        };
                        batch.label(&label, x, y, w);
                        true
                    },
                );
            }
            std::mem::take(&mut batch).paint(&ctx);
            // Wake-up arrows, from the waker's lane to the woken thread's lane, when there are
            // few enough in the window to tell apart.
            let from = run.events.partition_point(|e| (e.tick as f64) < frame.t0);
            let to = run.events.partition_point(|e| (e.tick as f64) <= frame.t1);
            let window = run.events.range(from..to.max(from));
            let wakes = window.clone().filter(|e| e.kind == EventKind::Wake && e.other.is_some_and(|o| o != e.thread));
            if window.len() <= 20_000 {
                let ink = if b.dark { "#eee" } else { "#333" };
                ctx.set_stroke_style_str(ink);
                ctx.set_fill_style_str(ink);
                for e in wakes.take(2_000) {
                    let Some(by) = e.other else { continue };
                    let (a, z) = (by as usize, e.thread as usize);
                    if a.max(z) < rows.start || a.min(z) >= rows.end {
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
            }
        }
        ChartKind::Cores => {
            for i in rows.clone() {
                let y = frame.y(i) + 3.0;
                let h = LANE_H - 6.0;
                rects += paint_lane(
                    &b.data.cores[i],
                    |g| (g.start, g.end),
                    &frame,
                    |g, x, w| match g.activity {
                        CoreActivity::Run(t) => {
                            if b.hidden.contains(LegendKey::Running) {
                                return false;
                            }
                            batch.bar(thread_colour(t), Pattern::Solid, x, y, w, h);
                            batch.label(run.thread_name(t), x, y, w);
                            true
                        }
                        CoreActivity::Switch(_) => {
                            if b.hidden.contains(LegendKey::Switch) {
                                return false;
                            }
                            let (colour, pat) = style(LegendKey::Switch);
                            batch.bar(colour, pat, x, y, w, h);
                            true
                        }
                    },
                );
            }
        }
        ChartKind::Locks => {
            for i in rows.clone() {
                let lane = &b.data.locks[i];
                let y = frame.y(i) + 2.0;
                // Holder: the upper bar, in the holder's colour, with its name.
                rects += paint_lane(
                    &lane.holds,
                    |s| (s.start, s.end),
                    &frame,
                    |s, x, w| {
                        let t = s.who;
                        batch.bar(thread_colour(t), Pattern::Solid, x, y, w, 12.0);
                        batch.label(run.thread_name(t), x, y - 2.0, w);
                        true
                    },
                );
                // Queue: the lower band, striped like a lock wait, with how many wait.
                let (colour, pat) = style(LegendKey::Blocked(threadlab_sim::trace::Cause::Lock));
                rects += paint_lane(
                    &lane.queue,
                    |s| (s.start, s.end),
                    &frame,
                    |s, x, w| {
                        batch.bar(colour, pat, x, y + 13.0, w, 6.0);
                        let n = s.who as usize;
                        if n > 1 && w > 14.0 {
                            batch.labels.push((n.to_string(), x + 2.0, y + 22.0));
                        }
                        true
                    },
                );
            }
        }
    }
    batch.paint(&ctx);
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
    Drawn { rects, arrows }
}

/// The tooltip's words for the point `(x, y)` of the canvas.
fn tooltip_text(d: &ChartData, kind: ChartKind, frame: &Frame, x: f64, y: f64, lang: Lang) -> Option<String> {
    let lane = frame.lane_at(y)?;
    if x < LABEL_W {
        return None;
    }
    let tick = frame.t(x).max(0.0) as u64;
    let run = &d.run;
    let zh = lang == Lang::Zh;
    match kind {
        ChartKind::Threads => d.lanes.get(lane).and_then(|l| at(l, tick)).map(|s| {
            let what = match (s.cause, s.object, s.core, zh) {
                (Some(c), Some(o), _, false) => format!("blocked ({} {})", c.as_str(), run.object_name(o)),
                (Some(c), None, _, false) => format!("blocked ({})", c.as_str()),
                (None, _, Some(c), false) => format!("running on core {c}"),
                (Some(c), Some(o), _, true) => format!("阻塞（{} {}）", c.as_str(), run.object_name(o)),
                (Some(c), None, _, true) => format!("阻塞（{}）", c.as_str()),
                (None, _, Some(c), true) => format!("在核 {c} 上运行"),
                _ => crate::components::lifecycle::state_word(lang, s.state).to_ascii_lowercase(),
            };
            format!("{}: {what}, {}–{}", run.thread_name(s.thread), s.start, s.end)
        }),
        ChartKind::Cores => {
            let l = d.cores.get(lane)?;
            let i = l.partition_point(|g| g.end <= tick);
            l.get(i).filter(|g| g.start <= tick).map(|g| match (g.activity, zh) {
                (CoreActivity::Run(th), false) => format!("core {lane}: {} {}–{}", run.thread_name(th), g.start, g.end),
                (CoreActivity::Run(th), true) => format!("核 {lane}：{} {}–{}", run.thread_name(th), g.start, g.end),
                (CoreActivity::Switch(th), false) => {
                    format!("core {lane}: switch to {} {}–{}", run.thread_name(th), g.start, g.end)
                }
                (CoreActivity::Switch(th), true) => {
                    format!("核 {lane}：切换到 {} {}–{}", run.thread_name(th), g.start, g.end)
                }
            })
        }
        ChartKind::Locks => {
            let l = d.locks.get(lane)?;
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
            d.lanes.iter().flatten().filter(|s| key_of(s).is_some_and(|k| !hidden.contains(k))).count(),
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

#[component]
pub fn Gantt(props: &GanttProps) -> Html {
    let canvas = use_node_ref();
    let end = props.data.run.makespan.max(1) as f64;
    let width = use_state(|| 900.0);
    let scroll = use_state(|| 0.0f64);
    let drag = use_mut_ref(|| None::<(f64, (f64, f64))>);
    let tooltip = use_state(|| None::<(f64, f64, String)>);
    let names = lane_names(&props.data, props.kind).len();
    let full_h = AXIS_H + LANE_H * names as f64;
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
    let scale = props.scale.map(|s| s.max(end / MAX_CHART_PX));
    let (frame, full_w) = geometry(props.window, scale, *width, end, view_h, *scroll);
    // At a fixed scale, the app's window follows what the box shows (zooming, panning and the
    // link then know it), and the box scrolls to the window's start (both charts stay together).
    {
        let canvas = canvas.clone();
        let on_window = props.on_window.clone();
        let window = props.window;
        let deps = (
            scale.map(f64::to_bits),
            window.0.to_bits(),
            window.1.to_bits(),
            frame.width.to_bits(),
            makespan.to_bits(),
        );
        use_effect_with(deps, move |_| {
            let Some(s) = scale else { return };
            let want = crate::state::clamp_window(window.0, frame.t1, makespan);
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
    {
        let canvas = canvas.clone();
        let deps = (
            props.data.clone(),
            props.hidden,
            props.kind,
            props.dark,
            (frame.t0.to_bits(), frame.t1.to_bits(), frame.width.to_bits(), frame.height.to_bits()),
            frame.scroll.to_bits(),
        );
        let bars = Bars { data: props.data.clone(), kind: props.kind, hidden: props.hidden, dark: props.dark };
        use_effect_with(deps, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                let perf = web_sys::window().and_then(|w| w.performance());
                let t0 = perf.as_ref().map(|p| p.now()).unwrap_or(0.0);
                let drawn = draw(&c, &bars, frame);
                let ms = perf.as_ref().map(|p| p.now()).unwrap_or(0.0) - t0;
                // For the browser tests and docs/PERFORMANCE.md.
                let _ = c.set_attribute("data-rects", &drawn.rects.to_string());
                let _ = c.set_attribute("data-arrows", &drawn.arrows.to_string());
                let _ = c.set_attribute("data-draw-ms", &Fixed(ms, 2).to_string());
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
        let kind = props.kind;
        let lang = props.lang;
        let on_window = props.on_window.clone();
        Callback::from(move |e: MouseEvent| {
            let x = e.offset_x() as f64;
            if let Some((x0, (a, b))) = *drag.borrow() {
                if e.buttons() == 1 && (x - x0).abs() > 3.0 {
                    let dt = (x - x0) / (frame.width - LABEL_W).max(1.0) * (b - a);
                    on_window.emit((a - dt, b - dt));
                }
            }
            let y = e.offset_y() as f64;
            tooltip.set(tooltip_text(&data, kind, &frame, x, y, lang).map(|s| (x, y, s)));
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
        Callback::from(move |_: MouseEvent| on_window.emit((0.0, end)))
    };
    let d = &props.data;
    let cursor_x = frame.x(props.cursor);
    // Segment counts for the DOM contract: computed once per run and legend state, not per
    // render (a pan re-renders at every mouse move).
    let (segments, drawn) =
        *use_memo((props.data.clone(), props.hidden, props.kind), |(d, hidden, kind)| counts(d, hidden, *kind));
    let kind_word = match props.kind {
        ChartKind::Cores => "cores",
        ChartKind::Threads => "threads",
        ChartKind::Locks => "locks",
    };
    let show_cursor = cursor_x >= LABEL_W && cursor_x <= frame.width;
    // Pixels from tick 0 to the end of the run: the same for the same run at the same scale.
    let extent = frame.x(makespan) - frame.x(0.0);
    // Wider than its box at a fixed scale: room under the lanes for the sideways scrollbar.
    let wide = full_w > frame.width + 0.5;
    let bar = if wide { 20.0 } else { 0.0 };
    let cycle = deadlock_cycle(&d.run).iter().map(|&t| d.run.thread_name(t)).collect::<Vec<_>>().join(" ");
    html! {
        <div class="gantt" style={format!("max-height:{}px", Short(view_h + 2.0 + bar))} onscroll={on_scroll}>
            <div class="gantt-view" style={format!("height:{}px", Short(view_h))}>
                <canvas id={props.kind.id()} ref={canvas} data-lanes={names.to_string()} data-segments={segments.to_string()}
                    data-drawn={drawn.to_string()} data-cycle={cycle}
                    data-window={format!("{}-{}", Short(frame.t0), Short(frame.t1))} data-extent-px={Short(extent).to_string()}
                    role="img" aria-label={format!("{kind_word} chart, {names} lanes, {segments} segments")}
                    onwheel={on_wheel} onmousedown={on_down} onmousemove={on_move} onmouseup={on_up}
                    onmouseleave={on_leave} ondblclick={on_dbl} />
                if show_cursor { <div class="cursor" style={format!("left:{}px;height:{}px", Short(cursor_x), Short(view_h))}></div> }
                if let Some((x, y, text)) = (*tooltip).clone() {
                    <div class="tooltip" role="tooltip" style={format!("left:{}px;top:{}px", Short((x + 12.0).min(frame.width - 160.0).max(0.0)), Short(y + 12.0))}>{ text }</div>
                }
            </div>
            <div class="gantt-rest" style={if wide {
                format!("height:{}px;width:{}px", Short(full_h - view_h), Short(full_w))
            } else {
                format!("height:{}px", Short(full_h - view_h))
            }}></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(t0: f64, t1: f64) -> Frame {
        Frame { t0, t1, width: LABEL_W + 100.0, height: MAX_VIEW_H, scroll: 0.0 }
    }

    #[test]
    fn a_lane_paints_at_most_about_one_bar_per_pixel() {
        // 100,000 one-tick segments on 100 pixels: about 100 bars, not 100,000.
        let lane: Vec<(u64, u64)> = (0..100_000).map(|i| (i, i + 1)).collect();
        let mut calls = 0;
        let n = paint_lane(
            &lane,
            |s| *s,
            &frame(0.0, 100_000.0),
            |_, _, w| {
                calls += 1;
                assert!(w >= 1.0);
                true
            },
        );
        assert_eq!(n, calls);
        assert!((99..=101).contains(&n), "{n}");
        // Zoomed in on 10 ticks: each segment is 10 px wide and all 10 are drawn.
        let mut xs = Vec::new();
        let n = paint_lane(
            &lane,
            |s| *s,
            &frame(500.0, 510.0),
            |s, x, _| {
                xs.push((s.0, x));
                true
            },
        );
        assert_eq!(n, 10);
        assert_eq!(xs[0], (500, LABEL_W));
    }

    #[test]
    fn hidden_items_do_not_hide_what_follows() {
        let lane = vec![(0u64, 1u64), (1, 2), (2, 3)];
        let mut drawn = Vec::new();
        paint_lane(
            &lane,
            |s| *s,
            &frame(0.0, 3000.0),
            |s, _, _| {
                if s.0 == 0 {
                    return false;
                }
                drawn.push(s.0);
                true
            },
        );
        // All three share the first pixel; the first is hidden, so the second paints it.
        assert_eq!(drawn, vec![1]);
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
    }
}
