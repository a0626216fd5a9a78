//! Measurements of the web app in headless Chromium for docs/PERFORMANCE.md: the time to
//! simulate and draw the largest preset, and the frame time while panning a chart of 1,000
//! threads × ~1,000 segments. The numbers are written to `target/e2e-artifacts/*.txt`; they are
//! recorded, not gated on (speed is a benchmark, not a test). What the tests do check is that
//! the work was real: every segment is in the chart, the pan moved the window at each step, and
//! a redraw paints at most about one bar per pixel column of each lane in view.

mod harness;

use harness::{App, REACT_TIMEOUT};
use serde_json::Value;
use std::time::Duration;

/// 1,000 threads × 340 × (cpu 1; io 1) on 8 cores: about 1,000 segments per thread.
fn big() -> String {
    threadlab_sim::workloads::thousand_threads()
}
/// Long runs (the simulation, the worker): the harness's longest wait, within the per-test limit.
const SIM_TIMEOUT: Duration = harness::LONG_TIMEOUT;

fn record(file: &str, text: &str) {
    let _ = std::fs::write(harness::artifacts_dir().join(file), text);
    println!("{text}");
}

async fn number(app: &App, css: &str, attr: &str) -> Result<f64, String> {
    let v = app.attr(css, attr).await?.ok_or_else(|| format!("no {attr} on {css}"))?;
    v.parse().map_err(|_| format!("{attr} of {css} is not a number: {v:?}"))
}

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95), v[v.len() - 1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panning_1000_threads_by_1000_segments() {
    let app = App::open("panning_1000_threads_by_1000_segments").await;
    let outcome = app
        .run(async {
            let r = threadlab_sim::run(&big()).map_err(|e| e.to_string())?;
            app.set_text("#editor", &big()).await?;
            app.wait_attr("#gantt-threads", "data-segments", &r.segments.len().to_string(), SIM_TIMEOUT).await?;
            let sim_ms = number(&app, "html", "data-sim-ms").await?;
            let first_draw = number(&app, "#gantt-threads", "data-draw-ms").await?;
            // Scroll to the middle lanes and zoom to a tenth of the run.
            app.js(
                "const g = document.querySelector('#gantt-threads').closest('.gantt'); g.scrollTop = 500 * 22; \
                 g.dispatchEvent(new Event('scroll')); return true;",
                vec![],
            )
            .await?;
            let span = r.makespan / 10;
            app.change("#win-from", &(r.makespan / 2).to_string()).await?;
            app.change("#win-to", &(r.makespan / 2 + span).to_string()).await?;
            let want = format!("{}-{}", r.makespan / 2, r.makespan / 2 + span);
            app.wait_attr("#gantt-threads", "data-window", &want, REACT_TIMEOUT).await?;
            // A drag of 120 animation frames, 3 px per frame, as a hand would do it: each frame
            // moves the mouse, which re-renders and redraws before the frame is shown. The
            // intervals between frames give the frame rate; then 30 more steps measure the
            // main thread's work per step (event, render and draw, until Yew's microtasks end).
            app.js(
                "window.__pan = null; (async () => { \
                   const c = document.querySelector('#gantt-threads'); const r = c.getBoundingClientRect(); \
                   const fire = (type, x, buttons) => c.dispatchEvent(new MouseEvent(type, \
                     { bubbles: true, clientX: r.left + x, clientY: r.top + 60, buttons })); \
                   const frames = [], steps = []; let k = 0; fire('mousedown', 800, 1); \
                   await new Promise(done => { const step = ts => { frames.push(ts); k++; \
                     fire('mousemove', 800 - 3 * k, 1); \
                     steps.push([c.getAttribute('data-window'), Number(c.getAttribute('data-rects')), \
                       Number(c.getAttribute('data-draw-ms'))]); \
                     if (k < 121) requestAnimationFrame(step); else done(); }; requestAnimationFrame(step); }); \
                   const work = []; \
                   for (let i = 1; i <= 30; i++) { const t0 = performance.now(); fire('mousemove', 437 - 3 * i, 1); \
                     for (let j = 0; j < 5; j++) await Promise.resolve(); work.push(performance.now() - t0); \
                     await new Promise(res => requestAnimationFrame(res)); } \
                   fire('mouseup', 300, 0); \
                   const iv = frames.slice(2).map((t, i) => t - frames[i + 1]); \
                   window.__pan = { iv, work, steps }; })(); return true;",
                vec![],
            )
            .await?;
            // Do not poll during the pan: each WebDriver call runs on the page's main thread.
            tokio::time::sleep(Duration::from_millis(3000)).await;
            let pan = app.wait_js("the pan to end", "window.__pan", SIM_TIMEOUT).await?;
            let list = |k: &str| -> Vec<f64> {
                pan[k].as_array().map(|a| a.iter().filter_map(|v| v.as_f64()).collect()).unwrap_or_default()
            };
            let (intervals, work) = (list("iv"), list("work"));
            let steps = pan["steps"].as_array().ok_or("no pan steps recorded")?;
            // The window seen at each frame is the one set by the previous frame's move.
            let windows: std::collections::BTreeSet<String> =
                steps.iter().filter_map(|s| s[0].as_str().map(str::to_string)).collect();
            if intervals.len() < 100 || windows.len() < 100 {
                return Err(format!(
                    "each of 120 pan frames should show a new window: {} frames, {} distinct windows",
                    intervals.len(),
                    windows.len()
                ));
            }
            let draw: Vec<f64> = steps.iter().filter_map(|s| s[2].as_f64()).collect();
            let width = app.js("return document.querySelector('#gantt-threads').clientWidth;", vec![]).await?;
            let width = width.as_f64().ok_or("no canvas width")?;
            let most = steps.iter().filter_map(|s| s[1].as_f64()).fold(0.0, f64::max);
            // 19 lanes at most are in view (18 and a part), each at most one bar per pixel.
            if most == 0.0 || most > 19.0 * width {
                return Err(format!("a redraw painted {most} bars for 19 lanes of {width} px: sub-pixel merging failed"));
            }
            let elapsed: f64 = intervals.iter().sum();
            let fps = intervals.len() as f64 / elapsed * 1000.0;
            let long = intervals.iter().filter(|&&t| t > 20.0).count();
            let n = intervals.len();
            let (f50, f95, fmax) = stats(intervals);
            let (w50, w95, wmax) = stats(work);
            let (d50, d95, dmax) = stats(draw);
            record(
                "pan-1000x1000.txt",
                &format!(
                    "1000 threads, {} segments, {} events: simulate {sim_ms} ms, first draw {first_draw} ms\n\
                     pan, {n} frames: {fps:.1} fps; frame interval median {f50:.1} ms, p95 {f95:.1} ms, max {fmax:.1} ms; \
                     {long} frames over 20 ms\n\
                     main-thread work per pan step (event, render, draw): median {w50:.1} ms, p95 {w95:.1} ms, max {wmax:.1} ms\n\
                     canvas draw only: median {d50:.2} ms, p95 {d95:.2} ms, max {dmax:.2} ms; at most {most} bars\n",
                    r.segments.len(),
                    r.events.len()
                ),
            );
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn largest_preset_simulates_and_draws() {
    let app = App::open("largest_preset_simulates_and_draws").await;
    let outcome = app
        .run(async {
            let (name, r) = threadlab_sim::presets::all()
                .iter()
                .map(|p| (p.name, threadlab_sim::run(p.text).expect("presets are valid")))
                .max_by_key(|(_, r)| r.segments.len() + r.core_segments.len() + r.events.len())
                .ok_or("no presets")?;
            app.select("#preset-select", name).await?;
            app.wait_attr("#gantt-threads", "data-segments", &r.segments.len().to_string(), SIM_TIMEOUT).await?;
            app.wait_attr("#gantt-cores", "data-segments", &r.core_segments.len().to_string(), SIM_TIMEOUT).await?;
            let sim = number(&app, "html", "data-sim-ms").await?;
            let cores = number(&app, "#gantt-cores", "data-draw-ms").await?;
            let threads = number(&app, "#gantt-threads", "data-draw-ms").await?;
            record(
                "largest-preset.txt",
                &format!(
                    "largest preset {name:?} ({} threads, {} segments, {} core segments, {} events): \
                     simulate {sim} ms, draw cores {cores} ms, draw threads {threads} ms\n",
                    r.threads.len(),
                    r.segments.len(),
                    r.core_segments.len(),
                    r.events.len()
                ),
            );
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// The core compiled to wasm (the worker module, where sweeps and exports run) against the
/// same scenarios natively: the worker parses, compiles and simulates each scenario 5 times
/// and answers with the times; they go to `target/e2e-artifacts/wasm-sim.txt` (and, with
/// `THREADLAB_WASM_TIMES=FILE`, to FILE, which `cargo xtask bench --peers` sets to put them
/// beside the native times of the same scenarios). Checked: the worker's makespans are the
/// native ones (the same work was done).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_in_wasm_against_native() {
    let app = App::open("core_in_wasm_against_native").await;
    let outcome = app
        .run(async {
            let scenarios = [
                ("10k_threads_x100_ops_64_cores", threadlab_sim::workloads::ten_k_threads()),
                ("1core_1M_cpu_io", threadlab_sim::workloads::one_core_million()),
                ("1000_threads_x340_cpu_io_8_cores", big()),
            ];
            let texts: Vec<Value> = scenarios.iter().map(|(_, t)| Value::from(t.as_str())).collect();
            app.js(
                "window.__wt = null; const texts = arguments[0]; const out = []; \
                 const w = new Worker('./threadlab-worker_loader.js'); \
                 const send = () => w.postMessage({ id: out.length, job: 'time', text: texts[out.length], runs: 5 }); \
                 w.onmessage = e => { const d = e.data; if (d.ready) { send(); return; } \
                   out.push(d.ok ? d.data : 'error: ' + d.error); \
                   if (out.length < texts.length) send(); else { window.__wt = out; w.terminate(); } }; \
                 w.onerror = e => { window.__wt = ['error: ' + e.message]; }; return true;",
                vec![Value::Array(texts)],
            )
            .await?;
            let answers = app.wait_js("the worker's timings", "window.__wt", SIM_TIMEOUT).await?;
            let answers = answers.as_array().ok_or("no answers")?;
            let mut report = String::new();
            for ((name, text), answer) in scenarios.iter().zip(answers) {
                let answer = answer.as_str().ok_or("an answer is not text")?;
                let native = threadlab_sim::run(text).map_err(|e| e.to_string())?;
                let makespan = format!("makespan={} ", native.makespan);
                if !answer.starts_with(&makespan) {
                    return Err(format!("{name}: the worker answered {answer:?}, natively {makespan}"));
                }
                report.push_str(&format!("{name} {answer}\n"));
            }
            if answers.len() != scenarios.len() {
                return Err(format!("{} answers for {} scenarios: {answers:?}", answers.len(), scenarios.len()));
            }
            if let Ok(file) = std::env::var("THREADLAB_WASM_TIMES") {
                std::fs::write(&file, &report).map_err(|e| format!("{file}: {e}"))?;
            }
            record("wasm-sim.txt", &report);
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// Issue 13's benchmark: a sweep of 50 runs of a 1,000-worker pool, from the click on "Run
/// the sweep" to the chart drawn (the runs in the worker module, the page live meanwhile),
/// written to `target/e2e-artifacts/sweep-50.txt` (docs/PERFORMANCE.md; the target: under
/// 2 s). Checked: the chart has the 50 points and their makespans are the core's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sweep_of_50_runs_of_a_1000_worker_pool() {
    let app = App::open("sweep_of_50_runs_of_a_1000_worker_pool").await;
    let outcome = app
        .run(async {
            let text = "cores 8\npool p threads 1000 jobs 3000 { cpu 2; io 8 }\n";
            let spec = "cores=1..50";
            app.set_text("#editor", text).await?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-spec").await?;
            app.set_text("#sweep-spec", spec).await?;
            let started = std::time::Instant::now();
            app.click("#sweep-run").await?;
            app.wait_attr("#sweep-chart", "data-points", "50", SIM_TIMEOUT).await?;
            let elapsed = started.elapsed();
            let base = threadlab_sim::parse(text).map_err(|e| e.to_string())?;
            let sw = threadlab_share::experiment::sweep(
                &base,
                &threadlab_share::experiment::Spec::parse(spec).map_err(|e| e.to_string())?,
                &threadlab_sim::RunOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            let want: Vec<u64> = sw.points.iter().map(|p| p.numbers.makespan).collect();
            let drawn = app
                .js(
                    "return [...document.querySelectorAll('#sweep-chart .sweep-point')].map(g => Number(g.dataset.makespan));",
                    vec![],
                )
                .await?;
            let drawn: Vec<u64> = drawn.as_array().ok_or("no points")?.iter().filter_map(Value::as_u64).collect();
            if drawn != want {
                return Err(format!("the chart's makespans {drawn:?} are not the core's {want:?}"));
            }
            record(
                "sweep-50.txt",
                &format!(
                    "sweep {spec} of `{}`: 50 runs in the worker, from the click to the chart {} ms\n",
                    text.trim().replace('\n', "; "),
                    elapsed.as_millis()
                ),
            );
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
