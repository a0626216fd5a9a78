//! The worker module: Threadlab's second wasm, started in a Web Worker by the app the first
//! time it needs it (`crates/web/src/worker_client.rs`), so that what the first screen does
//! not need stays out of the first load (docs/PERFORMANCE.md).
//!
//! It answers requests with the same core as the app: a request names a job and carries the
//! scenario text; the worker runs the text (deterministic: the same text gives the run on
//! screen, with the browser's limits of [`threadlab_sim::RunOptions`] given by the app) and
//! answers with the job's result. The protocol, plain JS objects both ways:
//!
//! - request `{id, job: "svg" | "csv" | "trace", text, maxSegments, title, width, t0, t1, scale}`
//!   (`t0`/`t1`/`scale` optional numbers), or `{id, job: "time", text, runs}`: the text parsed,
//!   compiled and simulated `runs` times, answered as `"makespan=M parse_ms=… simulate_ms=…"`
//!   with each run's times (for docs/PERFORMANCE.md: the core in wasm against native); or
//!   `{id, job: "sweep", text, spec, maxSegments}`: a sweep (`threadlab_share::experiment`,
//!   `spec` as `NAME=VALUES`), answered after progress messages `{id, progress: K, total: N}`
//!   (one per run) with [`sweep_lines`]; or `{id, job: "compare", text, spec, maxSegments,
//!   width}`: a comparison (`spec`: its link header lines), answered after progress messages
//!   as [`compare`] says; the app cancels either by ending the worker;
//! - answer `{id, ok: true, data: string}` or `{id, ok: false, error: string}`;
//! - `{ready: true}` once, when the module listens (requests sent before are not heard: the
//!   app holds them until then).

use threadlab_share::svg_export::SvgOptions;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn get(o: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `performance.now()` of the worker, in ms.
fn now() -> f64 {
    let perf = get(&js_sys::global(), "performance");
    get(&perf, "now")
        .dyn_into::<js_sys::Function>()
        .ok()
        .and_then(|f| f.call0(&perf).ok())
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0)
}

/// The `time` job: parse + compile and simulate, `runs` times, each timed.
fn time(text: &str, runs: usize) -> Result<String, String> {
    let (mut parse, mut sim, mut makespan) = (Vec::new(), Vec::new(), 0);
    for _ in 0..runs.clamp(1, 50) {
        let t0 = now();
        let program =
            threadlab_sim::parse(text).and_then(|tree| threadlab_sim::compile(&tree)).map_err(|e| e.to_string())?;
        let t1 = now();
        let run = threadlab_sim::simulate(&program, &threadlab_sim::RunOptions::default());
        let t2 = now();
        makespan = run.makespan;
        drop(run);
        parse.push(format!("{:.3}", t1 - t0));
        sim.push(format!("{:.3}", t2 - t1));
    }
    Ok(format!("makespan={makespan} parse_ms={} simulate_ms={}", parse.join(","), sim.join(",")))
}

/// The answer of a sweep: one line per value, `value outcome makespan cpu_ppm switches
/// handoffs waiting [throughput_milli mean_latency_milli]`, each number whole (`cpu_ppm`: CPU
/// utilisation in millionths; a pool's throughput and mean latency in thousandths), then
/// `knee V` and `formula F` lines when there are a knee and a formula.
fn sweep_lines(sw: &threadlab_share::experiment::Sweep) -> String {
    let mut out = String::new();
    for p in &sw.points {
        out.push_str(&format!("{} {}\n", p.value, number_fields(&p.numbers).join(" ")));
    }
    if let Some(k) = sw.knee {
        out.push_str(&format!("knee {k}\n"));
    }
    if let Some(f) = sw.formula {
        out.push_str(&format!("formula {}\n", threadlab_share::decimal::Short(f)));
    }
    out
}

/// A run's numbers as whole numbers: `outcome makespan cpu_ppm switches handoffs waiting
/// [throughput_milli mean_latency_milli]`.
fn number_fields(n: &threadlab_share::experiment::Numbers) -> Vec<String> {
    let mut v = vec![
        n.outcome.to_string(),
        n.makespan.to_string(),
        ((n.cpu_utilization * 1e6).round() as u64).to_string(),
        n.context_switches.to_string(),
        n.gil_handoffs.to_string(),
        n.total_waiting.to_string(),
    ];
    if let Some(pool) = &n.pool {
        let milli = |x: f64| ((x * 1e3).round() as u64).to_string();
        v.push(milli(pool.throughput));
        v.push(milli(pool.mean_latency));
    }
    v
}

/// The `compare` job: the comparison `lines` (a link's header lines: `compare=NAME=VALUES`,
/// or `compare-text=` lines, the scenario `text` being the first) run variant by variant,
/// `progress(k, n)` after each. The answer: one line per variant, `v` then the
/// [`number_fields`] then the label, separated by tabs; then, per variant, a line `@svg` and
/// its Gantt chart as an SVG (`share::svg_export`), all of them over one time window, 0 to
/// the longest makespan, so that they share a time axis.
fn compare(
    text: &str,
    lines: &str,
    opts: &threadlab_sim::RunOptions,
    width: u32,
    progress: &dyn Fn(usize, usize),
) -> Result<String, String> {
    use threadlab_share::experiment::{compare_texts_keeping_runs, sweep_keeping_runs, Spec};
    use threadlab_share::link::LinkExperiment;
    let mut runs = Vec::new();
    let variants: Vec<(String, threadlab_share::experiment::Numbers)> = match LinkExperiment::from_lines(lines) {
        Some(LinkExperiment::Compare(spec)) => {
            let base = threadlab_sim::parse(text).map_err(|e| e.to_string())?;
            threadlab_sim::compile(&base).map_err(|e| e.to_string())?;
            let spec = Spec::parse_compare(&spec).map_err(|e| e.to_string())?;
            let sw = sweep_keeping_runs(&base, &spec, opts, &mut |k, n| progress(k, n), &mut |_, r| runs.push(r))
                .map_err(|e| e.to_string())?;
            sw.points
                .into_iter()
                .map(|p| (format!("{}={}", spec.param, spec.param.value_text(p.value)), p.numbers))
                .collect()
        }
        Some(LinkExperiment::Texts(others)) => {
            let all: Vec<(String, String)> = std::iter::once(text.to_string())
                .chain(others)
                .take(threadlab_share::experiment::MAX_VARIANTS)
                .enumerate()
                .map(|(i, t)| {
                    let title = threadlab_sim::parse(&t).ok().and_then(|s| s.settings.title);
                    (title.unwrap_or_else(|| format!("#{}", i + 1)), t)
                })
                .collect();
            let n = all.len();
            compare_texts_keeping_runs(&all, opts, &mut |k, r| {
                runs.push(r);
                progress(k + 1, n);
            })
            .map_err(|e| format!("#{}: {}", e.index + 1, e.error))?
            .into_iter()
            .map(|v| (v.label, v.numbers))
            .collect()
        }
        _ => return Err("not a comparison".into()),
    };
    let end = runs.iter().map(|r| r.makespan).max().unwrap_or(1).max(1) as f64;
    let mut out = String::new();
    for (label, n) in &variants {
        let label: String = label.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        out.push_str(&format!("v\t{}\t{label}\n", number_fields(n).join("\t")));
    }
    // One window, one width, and the plots' left edges at the widest labels' column: drawn
    // once each, then again where the edge was further left. (The edge is read with
    // `decimal::parse`: `str::parse::<f64>` would add Rust's float parser, about 15 KB gzipped.)
    let plot_x = |svg: &str| {
        let at = svg.find("data-plot-x=\"").map(|i| i + 13)?;
        threadlab_share::decimal::parse(svg[at..].split('"').next()?)
    };
    let mut svgs = vec![String::new(); runs.len()];
    let mut edge = None;
    for _pass in 0..2 {
        for ((svg, r), (label, _)) in svgs.iter_mut().zip(&runs).zip(&variants) {
            if edge.is_none() || plot_x(svg) != edge {
                let o = SvgOptions { width, window: Some((0.0, end)), title: label.clone(), scale: None, plot_x: edge };
                *svg = threadlab_share::svg_export::to_svg(r, &o);
            }
        }
        edge = Some(svgs.iter().filter_map(|s| plot_x(s)).fold(0.0, f64::max));
    }
    for svg in svgs {
        out.push_str("@svg\n");
        out.push_str(&svg);
        out.push('\n');
    }
    Ok(out)
}

/// The `sweep` job: every value of `spec` on `text`, `progress(k, n)` after each run.
fn sweep(
    text: &str,
    spec: &str,
    opts: &threadlab_sim::RunOptions,
    progress: &dyn Fn(usize, usize),
) -> Result<String, String> {
    use threadlab_share::experiment::{sweep_with_progress, Spec};
    let base = threadlab_sim::parse(text).map_err(|e| e.to_string())?;
    threadlab_sim::compile(&base).map_err(|e| e.to_string())?;
    let spec = Spec::parse(spec).map_err(|e| e.to_string())?;
    let sw = sweep_with_progress(&base, &spec, opts, &mut |k, n| progress(k, n)).map_err(|e| e.to_string())?;
    Ok(sweep_lines(&sw))
}

/// The answer to one request: the job's text, or what went wrong.
fn answer(req: &JsValue, progress: &dyn Fn(usize, usize)) -> Result<String, String> {
    let text = get(req, "text").as_string().ok_or("no scenario text")?;
    if get(req, "job").as_string().as_deref() == Some("sweep") {
        let spec = get(req, "spec").as_string().ok_or("no parameter")?;
        let max_segments = get(req, "maxSegments").as_f64().map_or(usize::MAX, |n| n as usize);
        let opts = threadlab_sim::RunOptions { max_segments, ..threadlab_sim::RunOptions::default() };
        return sweep(&text, &spec, &opts, progress);
    }
    if get(req, "job").as_string().as_deref() == Some("compare") {
        let lines = get(req, "spec").as_string().ok_or("no comparison")?;
        let max_segments = get(req, "maxSegments").as_f64().map_or(usize::MAX, |n| n as usize);
        let opts = threadlab_sim::RunOptions { max_segments, ..threadlab_sim::RunOptions::default() };
        let width = get(req, "width").as_f64().map_or(900, |w| w as u32);
        return compare(&text, &lines, &opts, width, progress);
    }
    if get(req, "job").as_string().as_deref() == Some("time") {
        return time(&text, get(req, "runs").as_f64().map_or(5, |n| n as usize));
    }
    let title = get(req, "title").as_string().unwrap_or_default();
    let max_segments = get(req, "maxSegments").as_f64().map_or(usize::MAX, |n| n as usize);
    let opts = threadlab_sim::RunOptions { max_segments, ..threadlab_sim::RunOptions::default() };
    let program =
        threadlab_sim::parse(&text).and_then(|tree| threadlab_sim::compile(&tree)).map_err(|e| e.to_string())?;
    let run = threadlab_sim::simulate(&program, &opts);
    match get(req, "job").as_string().as_deref() {
        Some("svg") => {
            let window = match (get(req, "t0").as_f64(), get(req, "t1").as_f64()) {
                (Some(a), Some(b)) => Some((a, b)),
                _ => None,
            };
            let o = SvgOptions {
                width: get(req, "width").as_f64().map_or(1200, |w| w as u32),
                window,
                title,
                scale: get(req, "scale").as_f64(),
                plot_x: None,
            };
            Ok(threadlab_share::svg_export::to_svg(&run, &o))
        }
        Some("csv") => Ok(threadlab_share::csv_export::to_csv(&run)),
        Some("trace") => Ok(threadlab_share::trace_export::to_trace_json(&run, &title)),
        other => Err(format!("unknown job {other:?}")),
    }
}

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let req = e.data();
        let out = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&out, &JsValue::from_str(k), v);
        };
        let id = get(&req, "id");
        set("id", &id);
        let progress = |k: usize, n: usize| {
            let msg = js_sys::Object::new();
            let put = |key: &str, v: &JsValue| {
                let _ = js_sys::Reflect::set(&msg, &JsValue::from_str(key), v);
            };
            put("id", &id);
            put("progress", &JsValue::from(k as u32));
            put("total", &JsValue::from(n as u32));
            let _ = reply_to.post_message(&msg);
        };
        match answer(&req, &progress) {
            Ok(data) => {
                set("ok", &JsValue::TRUE);
                set("data", &JsValue::from_str(&data));
            }
            Err(error) => {
                set("ok", &JsValue::FALSE);
                set("error", &JsValue::from_str(&error));
            }
        }
        let _ = reply_to.post_message(&out);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Requests sent while the module was loading were not heard: say that it listens now.
    let ready = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&ready, &JsValue::from_str("ready"), &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}
