//! The charts of a run as a standalone SVG (for slides and course notes), drawn from the chart
//! model ([`crate::chart`]) exactly as the app's canvas and the command line's ASCII chart
//! are, so the three never disagree:
//!
//! - the title and the outcome in a sentence (naming crashes and killed daemons);
//! - **Cores**: a lane per core, each thread in its identity colour with its name written on
//!   the bar where it fits, switches hatched;
//! - **Threads**: a lane per thread, grouped by process (a heading per process when there are
//!   several), daemons tagged; each state and blocking cause with its colour and pattern, the
//!   words of the bar ("lock m") where they fit, end marks, markers, the waits of a deadlock
//!   or stall drawn as a hatched "forever" tail past the end and the detection tick dashed;
//! - **Locks**: a lane per lock, monitor or semaphore: who holds it, how many queue on it;
//! - the legend, in the app's words, of the entries the run shows.
//!
//! Every lane is cut into one-pixel columns by [`chart::bin`], each column showing its
//! dominant activity (the canvas's columns too), so the file stays small for any run: at most
//! about one bar per pixel and lane. Each bar carries `data-k`, its legend entry (or the
//! thread, on a core lane), and each lane `data-lane`, so tests can read the picture back.

use crate::chart::{self, bin, core_items, thread_items, Bar, Columns, CoreKey, LegendKey, LegendSet, MarkerKind, Row};
use crate::decimal::{Fixed, Short};
use crate::locks::{lock_lanes, span_bars};
use crate::palette::{identity_colour, ink_on, style, Pattern};
use crate::xml::xml;
use std::fmt::Write;
use threadlab_sim::trace::{Cause, EventKind, ThreadId};
use threadlab_sim::{Fate, Outcome, RunResult};

const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 20.0;
const HEAD_H: f64 = 24.0;
const PROCESS_H: f64 = 20.0;
const LINE_H: f64 = 17.0;
/// Room right of the plot for the end marks at the end of the time axis.
const RIGHT_PAD: f64 = 24.0;
/// The width of a character of the 12 px font, roughly (to decide what fits).
const CHAR_W: f64 = 7.0;
/// At most this many markers are drawn (one per pixel, lane and kind).
const MAX_MARKERS: usize = 2_000;

/// Options of the picture.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// Width in pixels (at least 300); ignored when `scale` is set.
    pub width: u32,
    /// The interval shown, in ticks (the whole run, with its forever tails, when `None`; a
    /// window reaching the end of the run is stretched to show the forever tails too).
    pub window: Option<(f64, f64)>,
    pub title: String,
    /// A fixed time scale, in ticks per pixel: the plot is then as wide as the interval needs.
    pub scale: Option<f64>,
    /// The plot's left edge at least here (the labels' column wider than its own needs):
    /// charts of several runs drawn with one window, one width and one `plot_x` (the largest
    /// `data-plot-x` of theirs) share a time axis.
    pub plot_x: Option<f64>,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions { width: 1000, window: None, title: String::new(), scale: None, plot_x: None }
    }
}

/// The code of a legend entry in the SVG's `data-k` attributes (and pattern ids).
pub fn key_code(k: LegendKey) -> &'static str {
    match k {
        LegendKey::Running => "running",
        LegendKey::Runnable => "runnable",
        LegendKey::New => "new",
        LegendKey::Switch => "switch",
        LegendKey::Blocked(c) => c.as_str(),
        LegendKey::BlockedOther => "blocked",
        LegendKey::Forever => "forever",
        LegendKey::End(f) => match f {
            Fate::Finished => "end-finished",
            Fate::Crashed => "end-crashed",
            Fate::Killed => "end-killed",
            _ => "end-stuck",
        },
    }
}

/// The `data-k` of a core lane's bar: `t3` for thread 3, `switch` for a context switch.
pub fn core_code(k: CoreKey) -> String {
    match k {
        CoreKey::Thread(t) => format!("t{t}"),
        CoreKey::Switch => "switch".to_string(),
    }
}

/// The pattern drawn over a colour, as SVG (6 × 6 tile).
fn pattern_tile(p: Pattern) -> &'static str {
    match p {
        Pattern::Stripes => r##"<path d="M0 6L6 0M-1 1L1 -1M5 7L7 5" stroke="#0008"/>"##,
        Pattern::BackStripes => r##"<path d="M0 0L6 6M-1 5L1 7M5 -1L7 1" stroke="#0008"/>"##,
        Pattern::Lines => r##"<path d="M0 3H6" stroke="#0008"/>"##,
        Pattern::Dots => r##"<circle cx="3" cy="3" r="1" fill="#0009"/>"##,
        Pattern::Cross => r##"<path d="M0 6L6 0M0 0L6 6" stroke="#0008"/>"##,
        Pattern::Bars => r##"<path d="M3 0V6" stroke="#0008"/>"##,
        Pattern::Grid => r##"<path d="M0 3H6M3 0V6" stroke="#0008"/>"##,
        Pattern::Forever => r##"<path d="M0 6L6 0M0 0L6 6M3 0V6" stroke="#0006"/>"##,
        Pattern::Checks => {
            r##"<rect width="3" height="3" fill="#0007"/><rect x="3" y="3" width="3" height="3" fill="#0007"/>"##
        }
        Pattern::Solid | Pattern::Outline | Pattern::Glyph => "",
    }
}

fn has_tile(p: Pattern) -> bool {
    !pattern_tile(p).is_empty()
}

/// How a run ended, in one sentence: the outcome (completed, the deadlock's cycle, who is
/// stalled, the limit, the error), then every crash (with how many threads its process lost)
/// and every daemon killed at the end of its process, e.g. "completed; w crashed at t = 2
/// (process p: 2 threads crashed); daemon logger killed at t = 20".
pub fn outcome_sentence(r: &RunResult) -> String {
    let names = |ids: &[ThreadId]| ids.iter().map(|&t| r.thread_name(t)).collect::<Vec<_>>();
    let mut parts = vec![match &r.outcome {
        Outcome::Completed => "completed".to_string(),
        Outcome::Deadlock { cycle, tick, .. } => {
            let mut c = names(cycle);
            if let Some(&first) = c.first() {
                c.push(first);
            }
            format!("deadlock at t = {tick}: {}", c.join(" → "))
        }
        Outcome::Stalled { threads, tick, .. } => {
            format!("stalled at t = {tick}: {} can never go on", names(threads).join(", "))
        }
        Outcome::Limit { tick, reason } => format!("stopped at t = {tick}: {reason}"),
        Outcome::Pick { tick, core, threads, wrong, .. } => {
            let who = names(threads).join(" or ");
            match wrong {
                Some(w) => format!(
                    "waiting at t = {tick}: {} cannot take core {core} (not Runnable); pick {who}",
                    r.thread_name(*w)
                ),
                None => format!("waiting for your pick at t = {tick}: core {core} takes {who}"),
            }
        }
        Outcome::Error { thread, tick, reason } => {
            format!("error in {} at t = {tick}: {reason}", r.thread_name(*thread))
        }
    }];
    const MAX_NAMED: usize = 3;
    let crashes: Vec<_> = r.events.iter().filter(|e| e.kind == EventKind::Crash).collect();
    for e in crashes.iter().take(MAX_NAMED) {
        let process = r.threads.get(e.thread as usize).map(|t| t.process.as_str()).unwrap_or("");
        let n = r.threads.iter().filter(|t| t.process == process && t.fate == Fate::Crashed).count();
        let s = if n == 1 { "" } else { "s" };
        parts.push(format!(
            "{} crashed at t = {} (process {process}: {n} thread{s} crashed)",
            r.thread_name(e.thread),
            e.tick
        ));
    }
    if crashes.len() > MAX_NAMED {
        parts.push(format!("{} more crashes", crashes.len() - MAX_NAMED));
    }
    let killed: Vec<_> = r.threads.iter().filter(|t| t.fate == Fate::Killed && t.daemon).collect();
    for t in killed.iter().take(MAX_NAMED) {
        match t.end {
            Some(end) => parts.push(format!("daemon {} killed at t = {end}", t.name)),
            None => parts.push(format!("daemon {} killed", t.name)),
        }
    }
    if killed.len() > MAX_NAMED {
        parts.push(format!("{} more daemons killed", killed.len() - MAX_NAMED));
    }
    parts.join("; ")
}

/// The words of the dashed line at the tick a deadlock or a stall was detected.
pub fn detection_label(r: &RunResult) -> Option<(u64, String)> {
    chart::detection(r).map(|(tick, what)| {
        let what = if what == "deadlock" { "deadlock" } else { "stall" };
        (tick, format!("{what} detected at t = {tick}"))
    })
}

/// The legend entries of a run's picture, in legend order: running, runnable and not started
/// always, then every other entry the run shows (causes met, switches, forever tails, end
/// marks).
pub fn legend_entries(r: &RunResult) -> Vec<LegendKey> {
    let mut used: LegendSet = [LegendKey::Running, LegendKey::Runnable, LegendKey::New].into_iter().collect();
    for s in &r.segments {
        if let Some(k) = chart::key_of(&s) {
            used.insert(k);
        }
    }
    if r.core_segments.iter().any(|g| CoreKey::of(&g) == CoreKey::Switch) {
        used.insert(LegendKey::Switch);
    }
    if !chart::forever_tails(r).is_empty() {
        used.insert(LegendKey::Forever);
    }
    for m in chart::end_marks(r) {
        used.insert(m.key());
    }
    chart::LEGEND.iter().copied().filter(|&k| used.contains(k)).collect()
}

/// The picture being written.
struct Svg {
    out: String,
    /// The plot's left edge (pixel of column 0).
    x0: f64,
    cols: Columns,
    /// Bars drawn.
    bars: usize,
}

impl Svg {
    /// The pixel of tick `t`.
    fn px(&self, t: f64) -> f64 {
        self.x0 + self.cols.at(t)
    }

    fn right(&self) -> f64 {
        self.x0 + self.cols.count as f64
    }

    fn text(&mut self, x: f64, y: f64, text: &str, extra: &str) {
        let (x, y) = (Fixed(x, 1), Fixed(y, 1));
        let _ = writeln!(self.out, "<text x=\"{x}\" y=\"{y}\"{extra}>{}</text>", xml(text));
    }

    fn heading(&mut self, y: f64, text: &str) {
        self.text(4.0, y + 17.0, text, " font-weight=\"bold\" font-size=\"14\"");
    }

    /// A bar of a legend entry or a colour: `fill` is the colour; a pattern other than solid
    /// is drawn over it where the bar is wide enough to show it.
    #[allow(clippy::too_many_arguments)]
    fn bar(&mut self, code: &str, x: f64, y: f64, w: f64, h: f64, colour: &str, pat: Pattern, pat_id: &str, tip: &str) {
        let fill = if pat == Pattern::Outline {
            "none".to_string()
        } else if has_tile(pat) && w >= 3.0 {
            format!("url(#k-{pat_id})")
        } else {
            colour.to_string()
        };
        let stroke = if pat == Pattern::Outline {
            format!(" stroke=\"{colour}\" stroke-dasharray=\"3 2\"")
        } else {
            String::new()
        };
        let (x, y, w, h) = (Fixed(x, 2), Fixed(y, 1), Fixed(w, 2), Short(h));
        let _ = writeln!(self.out,
            "<rect data-k=\"{code}\" x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"{fill}\"{stroke}><title>{}</title></rect>",
            xml(tip)
        );
    }

    /// Words written inside a bar `[x, x + w)` when they fit.
    fn inside(&mut self, x: f64, y: f64, w: f64, words: &str, ink: &str) {
        let n = words.chars().count();
        if n == 0 || (n as f64) * CHAR_W + 6.0 > w {
            return;
        }
        self.text(x + 3.0, y, words, &format!(" fill=\"{ink}\" pointer-events=\"none\""));
    }

    /// A time axis at `y` (labels) with its grid lines down to `bottom`.
    fn axis(&mut self, y: f64, bottom: f64) {
        let (t0, t1) = (self.cols.t0, self.cols.end);
        let step = axis_step(t1 - t0);
        let mut t = (t0 / step).ceil() * step;
        while t <= t1 {
            let x = self.px(t);
            let _ = writeln!(
                self.out,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#ddd\"/>",
                Fixed(y + AXIS_H - 4.0, 1),
                Fixed(bottom, 1),
                x = Fixed(x, 1),
            );
            self.text(x + 2.0, y + 13.0, &Short(t).to_string(), " fill=\"#555\"");
            t += step;
        }
    }
}

/// The step between labelled ticks of a time axis showing `span` ticks: about ten labels, at
/// 1, 2 or 5 times a power of ten, never less than one tick (the app's charts use it too).
pub fn axis_step(span: f64) -> f64 {
    let raw = span.max(1.0) / 10.0;
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(mag * 10.0).max(1.0)
}

/// `name`, cut to `max` characters with a final `…` when longer.
fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Lines of at most about `max` characters, cut at spaces.
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let Some(line) = lines.last_mut() else { break };
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// The label of a thread's lane: its name, tagged when it is a daemon.
fn thread_label(r: &RunResult, t: ThreadId, daemon: bool) -> String {
    let name = shorten(r.thread_name(t), 24);
    if daemon {
        format!("{name} (daemon)")
    } else {
        name
    }
}

/// The SVG text of a run's charts, and the number of bars drawn.
pub fn to_svg_counted(r: &RunResult, o: &SvgOptions) -> (String, usize) {
    let extent = chart::extent(r).max(1) as f64;
    let (t0, t1) = o.window.unwrap_or((0.0, extent));
    // A window that reaches the end of the run shows what never ends too.
    let t1 = if t1 >= r.makespan as f64 { t1.max(extent) } else { t1 };
    let t1 = if t1 > t0 { t1 } else { t0 + 1.0 };
    let rows = chart::thread_rows(r);
    let locks = lock_lanes(r);
    let core_lanes = r.core_lanes();
    let thread_lanes = r.thread_lanes();

    // The label column: as wide as the longest label.
    let mut widest = ["Threads", "Cores", "Locks"].iter().map(|s| s.len()).max().unwrap_or(0);
    widest = widest.max(format!("core {}", core_lanes.len().saturating_sub(1)).len());
    for row in &rows {
        let n = match row {
            Row::Process(p) => shorten(p, 24).chars().count() + 8,
            Row::Thread { id, daemon } => thread_label(r, *id, *daemon).chars().count(),
        };
        widest = widest.max(n);
    }
    for l in &locks {
        widest = widest.max(shorten(r.object_name(l.object), 24).chars().count());
    }
    let x0 = (widest as f64 * CHAR_W + 14.0).clamp(70.0, 260.0).round().max(o.plot_x.unwrap_or(0.0).min(600.0).round());

    let cols = match o.scale.filter(|p| *p > 0.0 && p.is_finite()) {
        Some(per) => {
            let count = ((t1 - t0) / per).ceil().clamp(1.0, 1_000_000.0) as usize;
            Columns { t0, per, count, end: t1 }
        }
        None => {
            let plot = (f64::from(o.width.max(300)) - x0 - RIGHT_PAD).max(50.0);
            Columns::fit(t0, t1, plot as usize)
        }
    };
    let width = x0 + cols.count as f64 + RIGHT_PAD;
    let mut c = Svg { out: String::new(), x0, cols, bars: 0 };

    // Title and outcome.
    let mut y = 6.0;
    if !o.title.is_empty() {
        c.text(4.0, y + 16.0, &o.title, " font-weight=\"bold\" font-size=\"16\"");
        y += 24.0;
    }
    let sentence = outcome_sentence(r);
    let max_chars = ((width - 8.0) / CHAR_W).max(20.0) as usize;
    c.out.push_str("<g id=\"outcome\">\n");
    for line in wrap(&format!("Outcome: {sentence}"), max_chars) {
        c.text(4.0, y + 13.0, &line, "");
        y += LINE_H;
    }
    c.out.push_str("</g>\n");
    y += 6.0;

    // Cores.
    c.heading(y, "Cores");
    y += HEAD_H;
    c.axis(y, y + AXIS_H + LANE_H * core_lanes.len() as f64);
    y += AXIS_H;
    for (i, lane) in core_lanes.iter().enumerate() {
        c.text(4.0, y + 15.0, &format!("core {i}"), "");
        let _ = writeln!(c.out, "<g data-lane=\"c{i}\">");
        let bars = bin(core_items(lane, LegendSet::default()), &c.cols, CoreKey::rank);
        for b in &bars {
            let g = &lane[b.index];
            let (bx, bw) = (x0 + b.from as f64, (b.to - b.from) as f64);
            let tip = chart::describe_core(r, g);
            match b.key {
                CoreKey::Thread(t) => {
                    let colour = identity_colour(t);
                    c.bar(&core_code(b.key), bx, y + 3.0, bw, LANE_H - 6.0, colour, Pattern::Solid, "", &tip);
                    c.inside(bx, y + 15.0, bw, r.thread_name(t), ink_on(colour));
                }
                CoreKey::Switch => {
                    let (colour, pat) = style(LegendKey::Switch);
                    c.bar("switch", bx, y + 3.0, bw, LANE_H - 6.0, colour, pat, "switch", &tip);
                }
            }
        }
        c.bars += bars.len();
        c.out.push_str("</g>\n");
        y += LANE_H;
    }

    // Threads.
    y += 8.0;
    c.heading(y, "Threads");
    let heading_y = y;
    y += HEAD_H;
    let rows_h: f64 = rows.iter().map(|row| if matches!(row, Row::Process(_)) { PROCESS_H } else { LANE_H }).sum();
    c.axis(y, y + AXIS_H + rows_h);
    y += AXIS_H;
    let tails = chart::forever_tails(r);
    let marks = chart::end_marks(r);
    let markers = chart::markers(r);
    let mut lane_y: Vec<f64> = vec![f64::NAN; r.threads.len()];
    for row in &rows {
        match row {
            Row::Process(p) => {
                c.text(4.0, y + 15.0, &format!("process {}", shorten(p, 24)), " font-weight=\"bold\" fill=\"#444\"");
                let _ = writeln!(
                    c.out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#bbb\"/>",
                    Short(x0),
                    Fixed(y + PROCESS_H - 2.0, 1),
                    Fixed(c.right(), 1),
                    Fixed(y + PROCESS_H - 2.0, 1)
                );
                y += PROCESS_H;
            }
            Row::Thread { id, daemon } => {
                let t = *id;
                let Some(lane) = thread_lanes.get(t as usize) else { continue };
                lane_y[t as usize] = y;
                let extra = if *daemon { " font-style=\"italic\"" } else { "" };
                c.text(4.0, y + 15.0, &thread_label(r, t, *daemon), extra);
                let _ = writeln!(c.out, "<g data-lane=\"t{t}\">");
                let bars = bin(thread_items(r, t, lane, LegendSet::default()), &c.cols, LegendKey::rank);
                for b in &bars {
                    thread_bar(&mut c, r, t, lane, b, y);
                }
                c.bars += bars.len();
                // The wait that never ends, hatched past the end.
                for tail in tails.iter().filter(|tl| tl.thread == t) {
                    let from = (tail.from as f64).max(t0);
                    let to = extent.min(t1);
                    if to <= from {
                        continue;
                    }
                    let (bx, bw) = (c.px(from), c.px(to) - c.px(from));
                    let (colour, pat) = style(LegendKey::Forever);
                    c.bar("forever", bx, y + 3.0, bw, LANE_H - 6.0, colour, pat, "forever", &tail.text);
                    c.inside(bx, y + 15.0, bw, &tail.label, "#000");
                }
                c.out.push_str("</g>\n");
                y += LANE_H;
            }
        }
    }
    let lanes_bottom = y;
    // End marks: a glyph where each thread's life ended.
    for m in &marks {
        let ly = lane_y.get(m.thread as usize).copied().unwrap_or(f64::NAN);
        let tick = m.tick as f64;
        if ly.is_nan() || tick < t0 || tick > t1 {
            continue;
        }
        let (colour, _) = style(m.key());
        let (glyph, _) = chart::end_glyph(m.fate);
        let tip = format!("{}: {} at t = {}", r.thread_name(m.thread), m.key().word(), m.tick);
        let _ = writeln!(c.out,
            "<text data-k=\"{}\" x=\"{}\" y=\"{}\" fill=\"{colour}\" font-size=\"14\" font-weight=\"bold\">{glyph}<title>{}</title></text>",
            key_code(m.key()),
            Fixed(c.px(tick) + 1.0, 1),
            Fixed(ly + 16.0, 1),
            xml(&tip)
        );
    }
    // Markers: lost notifies, crashes, kills, GIL drops (one per pixel, lane and kind).
    let mut seen: Vec<(ThreadId, usize, MarkerKind)> = Vec::new();
    for m in &markers {
        let ly = lane_y.get(m.thread as usize).copied().unwrap_or(f64::NAN);
        let tick = m.tick as f64;
        if ly.is_nan() || tick < t0 || tick > t1 || seen.len() >= MAX_MARKERS {
            continue;
        }
        let col = c.cols.at(tick) as usize;
        if seen.contains(&(m.thread, col, m.kind)) {
            continue;
        }
        seen.push((m.thread, col, m.kind));
        let colour = match m.kind {
            MarkerKind::Crash => style(LegendKey::End(Fate::Crashed)).0,
            MarkerKind::Kill => style(LegendKey::End(Fate::Killed)).0,
            _ => "#222",
        };
        let tip = format!("{}: {} at t = {}", r.thread_name(m.thread), m.kind.word(), m.tick);
        let _ = writeln!(c.out,
            "<text data-marker=\"{}\" x=\"{}\" y=\"{}\" fill=\"{colour}\" font-size=\"11\" text-anchor=\"middle\">{}<title>{}</title></text>",
            m.kind.code(),
            Fixed(c.px(tick), 1),
            Fixed(ly + 2.0, 1),
            m.kind.glyph(),
            xml(&tip)
        );
    }
    // The tick a deadlock or stall was detected.
    if let Some((tick, label)) = detection_label(r).filter(|(t, _)| (*t as f64) >= t0 && (*t as f64) <= t1) {
        let x = c.px(tick as f64);
        let _ = writeln!(c.out,
            "<g id=\"detection\"><line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#C00000\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>",
            Fixed(heading_y + HEAD_H - 2.0, 1),
            Fixed(lanes_bottom, 1),
            x = Fixed(x, 1),
        );
        let room_right = c.right() + RIGHT_PAD - x;
        let anchor =
            if (label.chars().count() as f64) * CHAR_W + 6.0 > room_right { " text-anchor=\"end\"" } else { "" };
        let lx = if anchor.is_empty() { x + 4.0 } else { x - 4.0 };
        // In the heading's row, clear of the axis's numbers.
        c.text(lx, heading_y + 17.0, &label, &format!(" fill=\"#C00000\" font-weight=\"bold\"{anchor}"));
        c.out.push_str("</g>\n");
    }

    // Locks.
    if !locks.is_empty() {
        y += 8.0;
        c.heading(y, "Locks");
        y += HEAD_H;
        c.axis(y, y + AXIS_H + LANE_H * locks.len() as f64);
        y += AXIS_H;
        let (qcolour, qpat) = style(LegendKey::Blocked(Cause::Lock));
        for l in &locks {
            let name = r.object_name(l.object);
            c.text(4.0, y + 15.0, &shorten(name, 24), "");
            let _ = writeln!(c.out, "<g data-lane=\"l{}\">", l.object);
            let bars = span_bars(&l.holds, &c.cols);
            for b in &bars {
                let s = &l.holds[b.index];
                let colour = identity_colour(b.key);
                let (bx, bw) = (x0 + b.from as f64, (b.to - b.from) as f64);
                let who = r.thread_name(b.key);
                let tip = format!("{name}: held by {who}, {}–{}", s.start, s.end);
                c.bar(&format!("t{}", b.key), bx, y + 2.0, bw, 12.0, colour, Pattern::Solid, "", &tip);
                c.inside(bx, y + 12.0, bw, who, ink_on(colour));
            }
            c.bars += bars.len();
            let qbars = span_bars(&l.queue, &c.cols);
            for b in &qbars {
                let s = &l.queue[b.index];
                let (bx, bw) = (x0 + b.from as f64, (b.to - b.from) as f64);
                let n = b.key;
                let tip = format!("{name}: {n} blocked on it, {}–{}", s.start, s.end);
                c.bar(&format!("q{n}"), bx, y + 15.0, bw, 6.0, qcolour, qpat, "lock", &tip);
            }
            c.bars += qbars.len();
            c.out.push_str("</g>\n");
            y += LANE_H;
        }
    }

    // Legend.
    y += 12.0;
    let entries = legend_entries(r);
    let mut used_markers: Vec<MarkerKind> = Vec::new();
    for k in MarkerKind::ALL {
        if markers.iter().any(|m| m.kind == k) {
            used_markers.push(k);
        }
    }
    c.out.push_str("<g id=\"legend\">\n");
    c.text(4.0, y + 12.0, "Legend", " font-weight=\"bold\"");
    let (mut x, mut row_y) = (70.0, y);
    let mut place = |word: &str| {
        let w = 40.0 + 6.3 * word.chars().count() as f64;
        if x + w > width && x > 70.0 {
            x = 70.0;
            row_y += 20.0;
        }
        let at = (x, row_y);
        x += w;
        at
    };
    for &k in &entries {
        let word = k.word();
        let (sx, sy) = place(word);
        let (colour, pat) = style(k);
        if let LegendKey::End(f) = k {
            c.text(
                sx + 6.0,
                sy + 12.0,
                chart::end_glyph(f).0,
                &format!(" fill=\"{colour}\" font-size=\"14\" font-weight=\"bold\""),
            );
        } else {
            let fill = match pat {
                Pattern::Outline => "none".to_string(),
                p if has_tile(p) => format!("url(#k-{})", key_code(k)),
                _ => colour.to_string(),
            };
            let stroke = if pat == Pattern::Outline { colour } else { "#0006" };
            let dash = if pat == Pattern::Outline { " stroke-dasharray=\"3 2\"" } else { "" };
            let _ = writeln!(
                c.out,
                "<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"14\" fill=\"{fill}\" stroke=\"{stroke}\"{dash}/>",
                Short(sx),
                Short(sy)
            );
        }
        c.text(sx + 27.0, sy + 12.0, word, &format!(" data-legend=\"{}\"", key_code(k)));
    }
    for k in used_markers {
        let word = k.word();
        let (sx, sy) = place(word);
        c.text(sx + 11.0, sy + 12.0, k.glyph(), " text-anchor=\"middle\"");
        c.text(sx + 27.0, sy + 12.0, word, &format!(" data-legend=\"{}\"", k.code()));
    }
    c.out.push_str("</g>\n");

    // Patterns of the entries shown (each over its own colour).
    let mut defs = String::from("<defs>\n");
    for k in chart::LEGEND {
        let (colour, pat) = style(k);
        if has_tile(pat) {
            let _ = writeln!(defs,
                "<pattern id=\"k-{}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{colour}\"/>{}</pattern>",
                key_code(k),
                pattern_tile(pat)
            );
        }
    }
    defs.push_str("</defs>\n");

    let (w, h) = (Short(width), Short((row_y + 28.0).ceil()));
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"system-ui, sans-serif\" font-size=\"12\" data-plot-x=\"{}\" data-columns=\"{}\">\n<title>{}</title>\n<desc>{}</desc>\n{defs}<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n{}</svg>\n",
        Short(x0),
        c.cols.count,
        xml(if o.title.is_empty() { "Threadlab run" } else { &o.title }),
        xml(&sentence),
        c.out
    );
    (svg, c.bars)
}

/// A bar of a thread lane: its colour and pattern, the tooltip of the segment that won its
/// first column, and the bar's words where they fit.
fn thread_bar(
    c: &mut Svg,
    r: &RunResult,
    t: ThreadId,
    lane: &[threadlab_sim::trace::Segment],
    b: &Bar<LegendKey>,
    y: f64,
) {
    let (colour, pat) = style(b.key);
    let (bx, bw) = (c.x0 + b.from as f64, (b.to - b.from) as f64);
    let seg = lane.get(b.index);
    let tip = match seg {
        Some(s) => chart::describe(r, s),
        None => format!("{}: {}", r.thread_name(t), b.key.word()),
    };
    c.bar(key_code(b.key), bx, y + 3.0, bw, LANE_H - 6.0, colour, pat, key_code(b.key), &tip);
    if let Some(s) = seg {
        let ink = if pat == Pattern::Outline { "#222" } else { ink_on(colour) };
        c.inside(bx, y + 15.0, bw, &chart::bar_label(r, s), ink);
    }
}

/// The SVG text of a run's charts.
pub fn to_svg(r: &RunResult, o: &SvgOptions) -> String {
    to_svg_counted(r, o).0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> RunResult {
        threadlab_sim::run(text).expect("runs")
    }

    /// The `data-k` of every bar of lane `lane` (e.g. `c0`, `t1`, `l0`), with its columns.
    fn lane_bars(svg: &str, x0: f64, lane: &str) -> Vec<(usize, usize, String)> {
        let start = format!("<g data-lane=\"{lane}\">");
        let Some(a) = svg.find(&start) else { return Vec::new() };
        let body = &svg[a..a + svg[a..].find("</g>").unwrap_or(0)];
        body.split("<rect ")
            .skip(1)
            .filter_map(|r| {
                let attr = |name: &str| {
                    let k = format!("{name}=\"");
                    let i = r.find(&k)? + k.len();
                    Some(r[i..i + r[i..].find('"')?].to_string())
                };
                let k = attr("data-k")?;
                let x: f64 = attr("x")?.parse().ok()?;
                let w: f64 = attr("width")?.parse().ok()?;
                Some(((x - x0).round() as usize, (x + w - x0).round() as usize, k))
            })
            .collect()
    }

    #[test]
    fn core_bars_carry_the_thread_names_in_readable_ink() {
        let r = run("cores 2\nthread worker { cpu 30 }\nthread logger { cpu 30 }\n");
        let svg = to_svg(&r, &SvgOptions::default());
        let colour = identity_colour(0);
        let ink = ink_on(colour);
        let a = svg.find("<g data-lane=\"c0\">").expect("core 0's lane");
        let lane = &svg[a..a + svg[a..].find("</g>").unwrap()];
        assert!(lane.contains(&format!("fill=\"{colour}\"")), "{lane}");
        assert!(lane.contains(&format!(" fill=\"{ink}\" pointer-events=\"none\">worker</text>")), "{lane}");
        let a = svg.find("<g data-lane=\"c1\">").expect("core 1's lane");
        assert!(svg[a..].contains(">logger</text>"));
    }

    #[test]
    fn a_narrow_bar_has_no_words() {
        let r = run("cores 1\nscheduler fifo\nthread a_very_long_thread_name { cpu 1 }\nthread b { cpu 999 }\n");
        let svg = to_svg(&r, &SvgOptions { width: 400, ..SvgOptions::default() });
        let a = svg.find("<g data-lane=\"c0\">").unwrap();
        let lane = &svg[a..a + svg[a..].find("</g>").unwrap()];
        assert!(!lane.contains(">a_very_long_thread_name</text>"), "{lane}");
        assert!(lane.contains(">b</text>"), "{lane}");
    }

    #[test]
    fn the_locks_lane_shows_holders_and_queues() {
        let r = run("cores 2\nthread a { lock m; cpu 20; unlock m }\nthread b { cpu 1; lock m; cpu 20; unlock m }\n");
        let svg = to_svg(&r, &SvgOptions::default());
        assert!(svg.contains(">Locks</text>"));
        let x0: f64 = attr_of(&svg, "data-plot-x").parse().unwrap();
        let bars = lane_bars(&svg, x0, "l0");
        let holders: Vec<&str> = bars.iter().filter(|b| b.2.starts_with('t')).map(|b| b.2.as_str()).collect();
        assert_eq!(holders, ["t0", "t1"]);
        assert!(bars.iter().any(|b| b.2 == "q1"), "{bars:?}");
        assert!(svg.contains("m: held by a, 0–20"), "{svg}");
        // No mutex, no locks lane.
        let svg = to_svg(&run("thread a { cpu 2 }"), &SvgOptions::default());
        assert!(!svg.contains(">Locks</text>") && !svg.contains("data-lane=\"l"));
    }

    fn attr_of(svg: &str, name: &str) -> String {
        let k = format!("{name}=\"");
        let i = svg.find(&k).unwrap() + k.len();
        svg[i..i + svg[i..].find('"').unwrap()].to_string()
    }

    #[test]
    fn the_outcome_names_crashes_and_killed_daemons() {
        let r =
            run("cores 1\nscheduler fifo\nprocess p {\n  thread worker { cpu 2; crash }\n  thread v { sleep 9 }\n}\n\
             thread main { cpu 1 }\nthread logger daemon { sleep 100 }\n");
        let s = outcome_sentence(&r);
        let main_end = r.threads[r.thread_id("main").unwrap() as usize].end.unwrap();
        assert_eq!(
            s,
            format!("completed; worker crashed at t = 2 (process p: 2 threads crashed); daemon logger killed at t = {main_end}")
        );
        let svg = to_svg(&r, &SvgOptions::default());
        assert!(svg.contains(&format!("<desc>{s}</desc>")));
        assert!(svg.contains("Outcome: completed; worker crashed"), "{svg}");
        assert!(svg.contains(">process p</text>") && svg.contains(">logger (daemon)</text>"), "{svg}");
        // Every fate's glyph is drawn.
        for code in ["end-finished", "end-crashed", "end-killed"] {
            assert!(svg.contains(&format!("<text data-k=\"{code}\"")), "{code}");
        }
        assert!(svg.contains("data-marker=\"crash\""));
    }

    #[test]
    fn outcome_sentences_of_every_kind() {
        let r = run("cores 2\nthread a { lock x; cpu 5; lock y }\nthread b { lock y; cpu 5; lock x }\n");
        assert_eq!(outcome_sentence(&r), "deadlock at t = 5: a → b → a");
        let r = run("thread a { lock m; wait m; unlock m }\n");
        assert!(outcome_sentence(&r).starts_with("stalled at t = 0: a can never go on"), "{}", outcome_sentence(&r));
        let r = run("limit 5\nthread a { cpu 10 }\n");
        assert_eq!(outcome_sentence(&r), "stopped at t = 5: the limit of 5 ticks was reached");
        let r = run("thread a { cpu 2; unlock q }\n");
        assert!(outcome_sentence(&r).starts_with("error in a at t = 2: "), "{}", outcome_sentence(&r));
    }

    #[test]
    fn a_deadlock_has_its_forever_tails_and_detection_line() {
        let r = run("cores 2\nthread a { lock x; cpu 5; lock y }\nthread b { lock y; cpu 5; lock x }\n");
        let svg = to_svg(&r, &SvgOptions { width: 700, ..SvgOptions::default() });
        let x0: f64 = attr_of(&svg, "data-plot-x").parse().unwrap();
        let count: usize = attr_of(&svg, "data-columns").parse().unwrap();
        let cols = Columns::fit(0.0, chart::extent(&r) as f64, count);
        for (t, label) in [(0, "lock y forever"), (1, "lock x forever")] {
            let bars = lane_bars(&svg, x0, &format!("t{t}"));
            let tail = bars.iter().find(|b| b.2 == "forever").expect("a forever tail");
            assert_eq!(tail.0, cols.at(5.0).round() as usize);
            assert_eq!(tail.1, count, "the tail goes to the end of the chart");
            assert!(svg.contains(&format!(">{label}</text>")), "{label}");
        }
        assert!(svg.contains("<g id=\"detection\"><line"), "{svg}");
        assert!(svg.contains(">deadlock detected at t = 5</text>"));
        assert!(svg.contains("stroke-dasharray=\"5 3\""));
        assert_eq!(svg.matches("data-k=\"end-stuck\"").count(), 2);
        assert!(svg.contains("data-legend=\"forever\""));
        // The app's window of the whole run (0 to the makespan) shows the tails too.
        let o = SvgOptions { width: 700, window: Some((0.0, r.makespan as f64)), ..SvgOptions::default() };
        assert_eq!(to_svg(&r, &o), svg);
    }

    #[test]
    fn the_legend_has_the_apps_words_for_what_the_run_shows() {
        let r = run("cores 1\nthread a { cpu 3; io 2; lock m; sleep 1; unlock m }\nthread b { cpu 1 }\n");
        let svg = to_svg(&r, &SvgOptions::default());
        let a = svg.find("<g id=\"legend\">").unwrap();
        let legend = &svg[a..];
        let words: Vec<&str> = legend
            .split("data-legend=\"")
            .skip(1)
            .map(|s| {
                let i = s.find('>').unwrap() + 1;
                &s[i..i + s[i..].find("</text>").unwrap()]
            })
            .collect();
        let want: Vec<&str> = legend_entries(&r).into_iter().map(|k| k.word()).collect();
        assert_eq!(words, want);
        assert!(want.contains(&"running") && want.contains(&"blocked: I/O") && want.contains(&"blocked: sleep"));
        assert!(want.contains(&"finished"));
        assert!(!want.contains(&"blocked: GIL") && !want.contains(&LegendKey::Forever.word()), "{want:?}");
    }

    /// A scenario's title is the only user text in the picture (names cannot hold markup):
    /// written as text in the heading and the `<title>`, never as elements or attributes.
    #[test]
    fn markup_in_the_title_stays_text() {
        let hostile = r#"<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'&"#;
        let r = run(&format!("title {:?}\nthread a {{ cpu 2 }}", hostile));
        let svg = to_svg(&r, &SvgOptions { title: hostile.into(), ..SvgOptions::default() });
        let escaped = "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;&lt;script&gt;window.__xss=2&lt;/script&gt;&apos;&amp;";
        assert_eq!(svg.matches(escaped).count(), 2, "{svg}");
        for raw in ["<img", "<script", "onerror=\"", "&\"", "'&"] {
            assert!(!svg.contains(raw), "{raw} in {svg}");
        }
    }

    #[test]
    fn bars_are_the_models_columns() {
        let r = run("cores 2\nthread a { cpu 3; lock m; io 2; unlock m }\nthread b { cpu 1 }");
        let (svg, bars) = to_svg_counted(&r, &SvgOptions { title: "a <b> & c".into(), ..SvgOptions::default() });
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("<title>a &lt;b&gt; &amp; c</title>"));
        assert!(svg.contains("a: blocked (io), "), "{svg}");
        let x0: f64 = attr_of(&svg, "data-plot-x").parse().unwrap();
        let count: usize = attr_of(&svg, "data-columns").parse().unwrap();
        let cols = Columns::fit(0.0, r.makespan as f64, count);
        let lanes = r.thread_lanes();
        let mut n = 0;
        for t in 0..r.threads.len() as u32 {
            let want: Vec<(usize, usize, String)> =
                bin(thread_items(&r, t, &lanes[t as usize], LegendSet::default()), &cols, LegendKey::rank)
                    .into_iter()
                    .map(|b| (b.from, b.to, key_code(b.key).to_string()))
                    .collect();
            n += want.len();
            assert_eq!(lane_bars(&svg, x0, &format!("t{t}")), want);
        }
        assert!(n > 0 && bars > n);
    }

    #[test]
    fn a_plot_x_moves_the_plot_right_never_left() {
        let r = threadlab_sim::run("thread a { cpu 4 }\n").expect("runs");
        let x = |o: &SvgOptions| attr_of(&to_svg(&r, o), "data-plot-x").parse::<f64>().expect("a number");
        let own = x(&SvgOptions::default());
        assert_eq!(x(&SvgOptions { plot_x: Some(own + 40.0), ..SvgOptions::default() }), own + 40.0);
        assert_eq!(x(&SvgOptions { plot_x: Some(1.0), ..SvgOptions::default() }), own);
        let cols = |o: &SvgOptions| attr_of(&to_svg(&r, o), "data-columns").parse::<f64>().expect("a number");
        assert_eq!(
            cols(&SvgOptions { plot_x: Some(own + 40.0), ..SvgOptions::default() }),
            cols(&SvgOptions::default()) - 40.0
        );
    }

    #[test]
    fn a_fixed_scale_sets_the_width() {
        let r = run("thread a { cpu 100 }");
        let svg = to_svg(&r, &SvgOptions { scale: Some(0.5), ..SvgOptions::default() });
        assert_eq!(attr_of(&svg, "data-columns"), "200");
        let x0: f64 = attr_of(&svg, "data-plot-x").parse().unwrap();
        assert_eq!(attr_of(&svg, "width"), Short(x0 + 200.0 + RIGHT_PAD).to_string());
    }

    #[test]
    fn axis_steps_are_round() {
        assert_eq!(axis_step(16.0), 2.0);
        assert_eq!(axis_step(100.0), 10.0);
        assert_eq!(axis_step(42_500.0), 5000.0);
        assert_eq!(axis_step(3.0), 1.0);
    }

    #[test]
    fn a_long_run_gets_about_a_bar_per_pixel() {
        let r = run("thread a { repeat 5000 { cpu 1; io 1 } }");
        let (_, bars) = to_svg_counted(&r, &SvgOptions { width: 600, ..SvgOptions::default() });
        assert!(bars <= 2 * 600, "{bars}");
        assert!(bars >= 2, "{bars}");
    }

    #[test]
    fn long_outcomes_wrap_at_spaces() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("aaaaaaa b", 3), vec!["aaaaaaa", "b"]);
    }
}
