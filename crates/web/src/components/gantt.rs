//! A Gantt chart on a `<canvas>`: one lane per core (coloured by thread, switches hatched)
//! or one lane per thread (coloured by state, each blocking cause its own colour and pattern,
//! labels such as "lock m"), a time axis, wake-up arrows from waker to woken. The bars are
//! redrawn only when the run, the hidden states, the zoom window or the size change; the
//! cursor and the tooltip are light DOM elements over the canvas. Wheel zooms around the
//! mouse, drag pans, a click moves the cursor, double-click shows the whole run.

use crate::palette::{key_of, style, Pattern, THREAD_COLOURS};
use crate::state::LegendKey;
use crate::timeline::at;
use std::collections::BTreeSet;
use std::rc::Rc;
use threadlab_sim::trace::{CoreActivity, EventKind, Segment};
use threadlab_sim::RunResult;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MouseEvent, WheelEvent};
use yew::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Cores,
    Threads,
}

#[derive(Properties, PartialEq)]
pub struct GanttProps {
    pub run: Rc<RunResult>,
    pub lanes: Rc<Vec<Vec<Segment>>>,
    pub kind: ChartKind,
    pub cursor: f64,
    pub hidden: BTreeSet<LegendKey>,
    pub on_seek: Callback<f64>,
}

const LABEL_W: f64 = 110.0;
const LANE_H: f64 = 22.0;
const AXIS_H: f64 = 22.0;

/// The visible time window and the canvas geometry.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Frame {
    t0: f64,
    t1: f64,
    width: f64,
}

impl Frame {
    fn x(&self, t: f64) -> f64 {
        LABEL_W + (t - self.t0) / (self.t1 - self.t0).max(1e-9) * (self.width - LABEL_W)
    }
    fn t(&self, x: f64) -> f64 {
        self.t0 + (x - LABEL_W) / (self.width - LABEL_W).max(1.0) * (self.t1 - self.t0)
    }
}

fn lane_names(run: &RunResult, kind: ChartKind) -> Vec<String> {
    match kind {
        ChartKind::Cores => (0..run.cores.len()).map(|c| format!("core {c}")).collect(),
        ChartKind::Threads => run.threads.iter().map(|t| t.name.clone()).collect(),
    }
}

/// The threads of a deadlock's wait-for cycle (empty unless the outcome is a deadlock).
fn deadlock_cycle(run: &RunResult) -> Vec<u32> {
    match &run.outcome {
        threadlab_sim::Outcome::Deadlock { cycle, .. } => cycle.clone(),
        _ => Vec::new(),
    }
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

/// What the bars depend on (the cursor and callbacks do not redraw them).
struct Bars {
    run: Rc<RunResult>,
    lanes: Rc<Vec<Vec<Segment>>>,
    kind: ChartKind,
    hidden: BTreeSet<LegendKey>,
}

fn draw(canvas: &HtmlCanvasElement, props: &Bars, frame: Frame) {
    let Ok(Some(ctx)) = canvas.get_context("2d") else { return };
    let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else { return };
    let run = &props.run;
    let names = lane_names(run, props.kind);
    let height = AXIS_H + LANE_H * names.len() as f64;
    let dpr = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0);
    canvas.set_width((frame.width * dpr) as u32);
    canvas.set_height((height * dpr) as u32);
    let _ = canvas.set_attribute("style", &format!("width:{}px;height:{height}px", frame.width));
    let _ = ctx.scale(dpr, dpr);
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false);
    let fg = if dark { "#ddd" } else { "#222" };
    ctx.clear_rect(0.0, 0.0, frame.width, height);
    ctx.set_font("12px system-ui, sans-serif");
    // Axis with about 10 labelled ticks.
    let span = (frame.t1 - frame.t0).max(1.0);
    let raw = span / 10.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|s| *s >= raw).unwrap_or(mag * 10.0).max(1.0);
    ctx.set_fill_style_str(fg);
    ctx.set_stroke_style_str(if dark { "#444" } else { "#ddd" });
    let mut t = (frame.t0 / step).ceil() * step;
    while t <= frame.t1 {
        let x = frame.x(t);
        let _ = ctx.fill_text(&format!("{t}"), x + 2.0, 14.0);
        ctx.begin_path();
        ctx.move_to(x, AXIS_H - 4.0);
        ctx.line_to(x, height);
        ctx.stroke();
        t += step;
    }
    let cycle = deadlock_cycle(run);
    for (i, n) in names.iter().enumerate() {
        let y = AXIS_H + LANE_H * i as f64;
        let in_cycle = props.kind == ChartKind::Threads && cycle.contains(&(i as u32));
        if in_cycle {
            // The deadlock's threads: lane outlined in red, label in red.
            ctx.set_stroke_style_str("#D55E00");
            ctx.set_line_width(2.0);
            ctx.stroke_rect(1.0, y + 1.0, frame.width - 2.0, LANE_H - 2.0);
            ctx.set_line_width(1.0);
        }
        ctx.set_fill_style_str(if in_cycle { "#D55E00" } else { fg });
        let label: String = n.chars().take(14).collect();
        let _ = ctx.fill_text(&label, 4.0, y + 15.0);
    }
    let visible = |s: u64, e: u64| (e as f64) > frame.t0 && (s as f64) < frame.t1;
    let bar = |lane: usize, s: u64, e: u64| {
        let x0 = frame.x(s as f64).max(LABEL_W);
        let x1 = frame.x(e as f64).min(frame.width);
        (x0, AXIS_H + LANE_H * lane as f64 + 3.0, (x1 - x0).max(1.0), LANE_H - 6.0)
    };
    match props.kind {
        ChartKind::Threads => {
            for (lane, segs) in props.lanes.iter().enumerate() {
                for s in segs.iter().filter(|s| visible(s.start, s.end)) {
                    let Some(k) = key_of(s) else { continue };
                    if props.hidden.contains(&k) {
                        continue;
                    }
                    let (colour, pat) = style(k);
                    let (x, y, w, h) = bar(lane, s.start, s.end);
                    ctx.set_fill_style_str(if pat == Pattern::Outline { "transparent" } else { colour });
                    ctx.fill_rect(x, y, w, h);
                    pattern(&ctx, pat, x, y, w, h);
                    let label = match (s.cause, s.object, s.task) {
                        (Some(c), Some(o), _) => format!("{} {}", c.as_str(), run.object_name(o)),
                        (Some(c), None, _) => c.as_str().to_string(),
                        (None, _, Some(t)) => run.tasks[t as usize].clone(),
                        _ => String::new(),
                    };
                    if !label.is_empty() && w > 8.0 * label.len() as f64 {
                        ctx.set_fill_style_str("#000");
                        let _ = ctx.fill_text(&label, x + 3.0, y + 12.0);
                    }
                }
            }
            // Wake-up arrows: from the waker's lane to the woken thread's lane.
            if run.events.len() <= 5_000 {
                ctx.set_stroke_style_str(if dark { "#eee" } else { "#333" });
                ctx.set_fill_style_str(if dark { "#eee" } else { "#333" });
                for e in run.events.iter().filter(|e| e.kind == EventKind::Wake && visible(e.tick, e.tick + 1)) {
                    let Some(by) = e.other else { continue };
                    if by == e.thread {
                        continue;
                    }
                    let x = frame.x(e.tick as f64);
                    let y0 = AXIS_H + LANE_H * by as f64 + LANE_H / 2.0;
                    let y1 = AXIS_H + LANE_H * e.thread as f64 + LANE_H / 2.0;
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
                }
            }
        }
        ChartKind::Cores => {
            for g in run.core_segments.iter().filter(|g| visible(g.start, g.end)) {
                let (x, y, w, h) = bar(g.core as usize, g.start, g.end);
                match g.activity {
                    CoreActivity::Run(t) => {
                        if props.hidden.contains(&LegendKey::Running) {
                            continue;
                        }
                        ctx.set_fill_style_str(THREAD_COLOURS[t as usize % THREAD_COLOURS.len()]);
                        ctx.fill_rect(x, y, w, h);
                        let name = run.thread_name(t);
                        if w > 7.0 * name.len() as f64 {
                            ctx.set_fill_style_str("#000");
                            let _ = ctx.fill_text(name, x + 3.0, y + 12.0);
                        }
                    }
                    CoreActivity::Switch(_) => {
                        if props.hidden.contains(&LegendKey::Switch) {
                            continue;
                        }
                        let (colour, pat) = style(LegendKey::Switch);
                        ctx.set_fill_style_str(colour);
                        ctx.fill_rect(x, y, w, h);
                        pattern(&ctx, pat, x, y, w, h);
                    }
                }
            }
        }
    }
}

#[component]
pub fn Gantt(props: &GanttProps) -> Html {
    let canvas = use_node_ref();
    let end = props.run.makespan.max(1) as f64;
    let window = use_state(|| (0.0, end));
    let width = use_state(|| 900.0);
    let drag = use_mut_ref(|| None::<(f64, (f64, f64))>);
    let tooltip = use_state(|| None::<(f64, f64, String)>);
    // A new run shows the whole run.
    {
        let window = window.clone();
        use_effect_with(props.run.clone(), move |_| window.set((0.0, end)));
    }
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
    let frame = Frame { t0: window.0, t1: window.1, width: *width };
    {
        let canvas = canvas.clone();
        let deps = (
            props.run.clone(),
            props.hidden.clone(),
            props.kind,
            (frame.t0.to_bits(), frame.t1.to_bits(), frame.width.to_bits()),
        );
        let bars =
            Bars { run: props.run.clone(), lanes: props.lanes.clone(), kind: props.kind, hidden: props.hidden.clone() };
        use_effect_with(deps, move |_| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                draw(&c, &bars, frame);
            }
        });
    }
    let local_x = |e: &MouseEvent| e.offset_x() as f64;
    let on_wheel = {
        let window = window.clone();
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let at = frame.t(e.offset_x() as f64).clamp(frame.t0, frame.t1);
            let factor = if e.delta_y() > 0.0 { 1.25 } else { 0.8 };
            let t0 = (at - (at - frame.t0) * factor).max(0.0);
            let t1 = (at + (frame.t1 - at) * factor).min(end);
            if t1 - t0 >= 2.0 {
                window.set((t0, t1));
            }
        })
    };
    let on_down = {
        let drag = drag.clone();
        let window = window.clone();
        Callback::from(move |e: MouseEvent| {
            *drag.borrow_mut() = Some((local_x(&e), *window));
        })
    };
    let on_move = {
        let drag = drag.clone();
        let window = window.clone();
        let tooltip = tooltip.clone();
        let run = props.run.clone();
        let lanes = props.lanes.clone();
        let kind = props.kind;
        Callback::from(move |e: MouseEvent| {
            let x = local_x(&e);
            if let Some((x0, (a, b))) = *drag.borrow() {
                if e.buttons() == 1 && (x - x0).abs() > 3.0 {
                    let dt = (x - x0) / (frame.width - LABEL_W).max(1.0) * (b - a);
                    let (mut t0, mut t1) = (a - dt, b - dt);
                    if t0 < 0.0 {
                        t1 -= t0;
                        t0 = 0.0;
                    }
                    if t1 > end {
                        t0 -= t1 - end;
                        t1 = end;
                    }
                    window.set((t0.max(0.0), t1));
                }
            }
            let lane = ((e.offset_y() as f64 - AXIS_H) / LANE_H).floor();
            let t = frame.t(x);
            let text = if lane < 0.0 || x < LABEL_W {
                None
            } else {
                let lane = lane as usize;
                let tick = t.max(0.0) as u64;
                match kind {
                    ChartKind::Threads => lanes.get(lane).and_then(|l| at(l, tick)).map(|s| {
                        let what = match (s.cause, s.object, s.core) {
                            (Some(c), Some(o), _) => format!("blocked ({} {})", c.as_str(), run.object_name(o)),
                            (Some(c), None, _) => format!("blocked ({})", c.as_str()),
                            (None, _, Some(c)) => format!("running on core {c}"),
                            _ => s.state.as_str().to_string(),
                        };
                        format!("{}: {what}, {}–{}", run.thread_name(s.thread), s.start, s.end)
                    }),
                    ChartKind::Cores => run
                        .core_segments
                        .iter()
                        .find(|g| g.core as usize == lane && g.start <= tick && tick < g.end)
                        .map(|g| match g.activity {
                            CoreActivity::Run(th) => {
                                format!("core {lane}: {} {}–{}", run.thread_name(th), g.start, g.end)
                            }
                            CoreActivity::Switch(th) => {
                                format!("core {lane}: switch to {} {}–{}", run.thread_name(th), g.start, g.end)
                            }
                        }),
                }
            };
            tooltip.set(text.map(|s| (x, e.offset_y() as f64, s)));
        })
    };
    let on_up = {
        let drag = drag.clone();
        let seek = props.on_seek.clone();
        Callback::from(move |e: MouseEvent| {
            let start = drag.borrow_mut().take();
            if let Some((x0, _)) = start {
                let x = local_x(&e);
                if (x - x0).abs() <= 3.0 && x >= LABEL_W {
                    seek.emit(frame.t(x).clamp(0.0, end).round());
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
        let window = window.clone();
        Callback::from(move |_: MouseEvent| window.set((0.0, end)))
    };
    let cursor_x = frame.x(props.cursor);
    let lanes = lane_names(&props.run, props.kind).len();
    let height = AXIS_H + LANE_H * lanes as f64;
    let (id, segments) = match props.kind {
        ChartKind::Cores => ("gantt-cores", props.run.core_segments.len()),
        ChartKind::Threads => ("gantt-threads", props.lanes.iter().map(|l| l.len()).sum()),
    };
    // Bars drawn at full zoom once hidden legend entries are left out.
    let drawn: usize = match props.kind {
        ChartKind::Threads => {
            props.lanes.iter().flatten().filter(|s| key_of(s).is_some_and(|k| !props.hidden.contains(&k))).count()
        }
        ChartKind::Cores => props
            .run
            .core_segments
            .iter()
            .filter(|g| {
                let k = match g.activity {
                    CoreActivity::Run(_) => LegendKey::Running,
                    CoreActivity::Switch(_) => LegendKey::Switch,
                };
                !props.hidden.contains(&k)
            })
            .count(),
    };
    let show_cursor = cursor_x >= LABEL_W && cursor_x <= frame.width;
    html! {
        <div class="gantt" style={format!("height:{height}px")}>
            <canvas {id} ref={canvas} data-lanes={lanes.to_string()} data-segments={segments.to_string()} data-drawn={drawn.to_string()}
                data-cycle={deadlock_cycle(&props.run).iter().map(|&t| props.run.thread_name(t)).collect::<Vec<_>>().join(" ")}
                role="img" aria-label={format!("{} chart, {lanes} lanes, {segments} segments", if props.kind == ChartKind::Cores { "cores" } else { "threads" })}
                onwheel={on_wheel} onmousedown={on_down} onmousemove={on_move} onmouseup={on_up} onmouseleave={on_leave} ondblclick={on_dbl} />
            if show_cursor { <div class="cursor" style={format!("left:{cursor_x}px;height:{height}px")}></div> }
            if let Some((x, y, text)) = (*tooltip).clone() {
                <div class="tooltip" role="tooltip" style={format!("left:{}px;top:{}px", x + 12.0, y + 12.0)}>{ text }</div>
            }
            <div class="window">{ format!("{:.0}–{:.0}", frame.t0, frame.t1) }</div>
        </div>
    }
}
