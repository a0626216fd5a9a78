//! Browser tests of the views beyond the basics of `browser.rs`: zoom and pan (typed
//! interval, keys, wheel, drag), tooltips, wake-up arrows, lock lanes and the locks panel,
//! the lifecycle diagram, the dark theme and a 360 px phone. Expected values come from
//! `threadlab_sim::run` on the same text.

mod harness;

use harness::{js_str, simulate, App, Outcome, LONG_TIMEOUT, REACT_TIMEOUT};
use serde_json::Value;
use threadlab_sim::trace::{Cause, EventKind, State};

/// Types `text` into the editor and waits until the thread chart has `threads` lanes.
async fn type_scenario(app: &App, text: &str, threads: usize) -> Outcome {
    app.set_text("#editor", text).await?;
    app.wait_attr("#gantt-threads", "data-lanes", &threads.to_string(), REACT_TIMEOUT).await
}

/// The zoom window both charts show, as the app formats it.
fn window(t0: f64, t1: f64) -> String {
    format!("{t0}-{t1}")
}

async fn wait_window(app: &App, t0: f64, t1: f64) -> Outcome {
    for chart in ["#gantt-threads", "#gantt-cores"] {
        app.wait_attr(chart, "data-window", &window(t0, t1), REACT_TIMEOUT).await?;
    }
    Ok(())
}

/// `data-window` of the thread chart as numbers.
async fn current_window(app: &App) -> Result<(f64, f64), String> {
    let w = app.attr("#gantt-threads", "data-window").await?.ok_or("no data-window on #gantt-threads")?;
    let (a, b) = w.split_once('-').ok_or_else(|| format!("data-window {w:?} is not T0-T1"))?;
    Ok((a.parse().map_err(|_| format!("bad t0 in {w:?}"))?, b.parse().map_err(|_| format!("bad t1 in {w:?}"))?))
}

/// Three threads take turns on one mutex; two cores.
const LOCKS: &str = "cores 2\n\
thread a { lock m; cpu 3; unlock m; cpu 1 }\n\
thread b { cpu 1; lock m; cpu 2; unlock m }\n\
thread c { cpu 1; io 1; lock m; cpu 1; unlock m }\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zoom_and_pan_by_interval_keys_wheel_and_drag() {
    let app = App::open("zoom_and_pan_by_interval_keys_wheel_and_drag").await;
    let outcome = app
        .run(async {
            let text = "cores 2\nthread a { cpu 40; io 20; cpu 40 }\nthread b { cpu 60; sleep 10; cpu 30 }\n";
            type_scenario(&app, text, 2).await?;
            let end = simulate(text).makespan as f64;
            wait_window(&app, 0.0, end).await?;
            // An exact interval, typed in: both charts show it.
            app.change("#win-from", "10").await?;
            wait_window(&app, 10.0, end).await?;
            app.change("#win-to", "30").await?;
            wait_window(&app, 10.0, 30.0).await?;
            // Keys: 0 whole run, + zooms in around the middle, ] pans right by a quarter.
            app.keys_to_body("0").await?;
            wait_window(&app, 0.0, end).await?;
            app.keys_to_body("+").await?;
            wait_window(&app, end / 4.0, end * 3.0 / 4.0).await?;
            app.keys_to_body("]").await?;
            wait_window(&app, end / 4.0 + end / 8.0, end * 3.0 / 4.0 + end / 8.0).await?;
            app.keys_to_body("-").await?;
            app.keys_to_body("0").await?;
            wait_window(&app, 0.0, end).await?;
            // Buttons.
            app.click("#zoom-in").await?;
            wait_window(&app, end / 4.0, end * 3.0 / 4.0).await?;
            // Ctrl+wheel zooms in further, around the mouse.
            let (a, b) = current_window(&app).await?;
            app.mouse("#gantt-threads", &[("wheel", 400.0, 30.0, 0, "ctrl", -100.0)]).await?;
            let expr = format!(
                "(() => {{ const [a, b] = document.querySelector('#gantt-threads').getAttribute('data-window')\
                 .split('-').map(Number); return b - a < {} ; }})()",
                b - a - 0.5
            );
            app.wait_js("Ctrl+wheel to narrow the window", &expr, REACT_TIMEOUT).await?;
            // Dragging to the left moves the window to later ticks.
            let (a, _) = current_window(&app).await?;
            app.mouse(
                "#gantt-threads",
                &[
                    ("mousedown", 500.0, 30.0, 1, "", 0.0),
                    ("mousemove", 400.0, 30.0, 1, "", 0.0),
                    ("mouseup", 400.0, 30.0, 0, "", 0.0),
                ],
            )
            .await?;
            let expr = format!(
                "Number(document.querySelector('#gantt-threads').getAttribute('data-window').split('-')[0]) > {a}"
            );
            app.wait_js("a drag to the left to pan to later ticks", &expr, REACT_TIMEOUT).await?;
            app.screenshot("zoomed").await?;
            // Double-click: the whole run again.
            app.mouse("#gantt-threads", &[("dblclick", 400.0, 30.0, 0, "", 0.0)]).await?;
            wait_window(&app, 0.0, end).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tooltips_arrows_lock_lanes_and_the_locks_panel() {
    let app = App::open("tooltips_arrows_lock_lanes_and_the_locks_panel").await;
    let outcome = app
        .run(async {
            type_scenario(&app, LOCKS, 3).await?;
            let r = simulate(LOCKS);
            // Wake-up arrows: one per wake-up that has another thread as its waker.
            let wakes =
                r.events.iter().filter(|e| e.kind == EventKind::Wake && e.other.is_some_and(|o| o != e.thread)).count();
            if wakes == 0 {
                return Err("the scenario should have wake-ups by another thread (lock hand-overs)".into());
            }
            app.wait_attr("#gantt-threads", "data-arrows", &wakes.to_string(), REACT_TIMEOUT).await?;
            // Lock lanes: one lane for m, a bar per time it is taken.
            let takes = r.events.iter().filter(|e| e.kind == EventKind::Lock).count();
            app.wait_attr("#gantt-locks", "data-lanes", "1", REACT_TIMEOUT).await?;
            app.wait_attr("#gantt-locks", "data-segments", &takes.to_string(), REACT_TIMEOUT).await?;
            // The locks panel at tick 2: the holder and the queue, as the core's trace says.
            app.set_text("#scrub", "2").await?;
            app.wait_attr("#time", "data-tick", "2", REACT_TIMEOUT).await?;
            let holder = r.events.iter().rev().find(|e| e.kind == EventKind::Lock && e.tick <= 2).map(|e| e.thread);
            let holder = holder.map(|t| r.thread_name(t).to_string()).ok_or("nobody holds m at 2")?;
            let mut queued: Vec<&str> = r
                .segments
                .iter()
                .filter(|s| s.cause == Some(Cause::Lock) && s.start <= 2 && 2 < s.end)
                .map(|s| r.thread_name(s.thread))
                .collect();
            queued.sort();
            let row = "#locks-table tr[data-object=\"m\"]";
            let found = app.text(&format!("{row} .holder")).await?;
            if found.trim() != holder {
                return Err(format!("locks panel at t=2: holder should be {holder:?}, found {found:?}"));
            }
            let found = app.text(&format!("{row} .queue")).await?;
            if found.trim() != queued.join(", ") {
                return Err(format!("locks panel at t=2: queue should be {:?}, found {found:?}", queued.join(", ")));
            }
            // A tooltip over lane 0 (thread a) at the left of the bars names the thread and its state.
            app.mouse("#gantt-threads", &[("mousemove", 115.0, 22.0 + 11.0, 0, "", 0.0)]).await?;
            app.wait_js("a tooltip", "document.querySelector('.tooltip') !== null", REACT_TIMEOUT).await?;
            let tip = app.text(".tooltip").await?;
            let first = r.segments_of(0)[0];
            let expected = format!("a: running on core {}, {}–{}", first.core.unwrap_or(0), first.start, first.end);
            if tip != expected {
                return Err(format!("tooltip over a at tick 0: expected {expected:?}, found {tip:?}"));
            }
            app.screenshot("").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_diagram_follows_the_cursor() {
    let app = App::open("lifecycle_diagram_follows_the_cursor").await;
    let outcome = app
        .run(async {
            type_scenario(&app, LOCKS, 3).await?;
            let r = simulate(LOCKS);
            let b = r.thread_id("b").ok_or("no thread b")?;
            app.select("#lifecycle-thread", &b.to_string()).await?;
            // At each tick, the highlighted state is b's state in the core's trace.
            for tick in 0..=r.makespan {
                app.set_text("#scrub", &tick.to_string()).await?;
                app.wait_attr("#time", "data-tick", &tick.to_string(), REACT_TIMEOUT).await?;
                let state =
                    r.segments_of(b).iter().find(|s| s.start <= tick && tick < s.end).map(|s| s.state).unwrap_or(
                        if r.threads[b as usize].end.is_some_and(|e| tick >= e) { State::Dead } else { State::New },
                    );
                app.wait_attr("#lifecycle", "data-now", state.as_str(), REACT_TIMEOUT).await?;
                let node = format!("#lifecycle .node.now[data-state=\"{}\"]", state.as_str());
                if app.count(&node).await? != 1 {
                    return Err(format!("t={tick}: the {} node should be highlighted", state.as_str()));
                }
            }
            // b blocks on m at tick 1: the transition just taken is Running → Blocked, drawn bold.
            app.set_text("#scrub", "1").await?;
            app.wait_attr("#lifecycle", "data-last", "running-blocked", REACT_TIMEOUT).await?;
            if app.count("#edge-running-blocked.lit").await? != 1 {
                return Err("the edge running → blocked should be lit".into());
            }
            let why = app.text("#lifecycle-why").await?;
            if !why.contains("blocks on lock m") {
                return Err(format!("the lifecycle should say why b blocked, found {why:?}"));
            }
            app.screenshot("").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_theme_and_a_360_px_phone() {
    let app = App::open("dark_theme_and_a_360_px_phone").await;
    let outcome = app
        .run(async {
            app.select("#theme", "dark").await?;
            app.wait_attr("html", "data-theme", "dark", REACT_TIMEOUT).await?;
            let bg = app.js("return getComputedStyle(document.body).backgroundColor;", vec![]).await?;
            if bg.as_str() != Some("rgb(18, 18, 20)") {
                return Err(format!("dark theme: body background should be rgb(18, 18, 20), found {bg}"));
            }
            app.select("#theme", "light").await?;
            let expr = "getComputedStyle(document.body).backgroundColor === 'rgb(250, 250, 250)'";
            app.wait_js("the light background", expr, REACT_TIMEOUT).await?;
            app.select("#theme", "dark").await?;
            app.resize(360, 780).await?;
            let expr = "window.innerWidth <= 360";
            app.wait_js("the window to be 360 px wide", expr, REACT_TIMEOUT).await?;
            // Nothing sticks out sideways: the page itself never scrolls horizontally (charts
            // and tables scroll inside their own boxes).
            let expr = "document.documentElement.scrollWidth <= window.innerWidth + 1";
            let wide = app
                .js(
                    "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > \
                     window.innerWidth + 1 && getComputedStyle(e).position !== 'absolute' && !e.closest('.scroll, .chart')) \
                     .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');",
                    vec![],
                )
                .await?;
            app.wait_js(&format!("no horizontal overflow at 360 px (too wide: {wide})"), expr, REACT_TIMEOUT).await?;
            for css in ["button#play", "#editor", "canvas#gantt-threads"] {
                let visible = app
                    .js(
                        &format!("const r = document.querySelector({}).getBoundingClientRect(); return r.width > 0 && r.left >= 0;", js_str(css)),
                        vec![],
                    )
                    .await?;
                if visible.as_bool() != Some(true) {
                    return Err(format!("{css} should be visible on a 360 px phone"));
                }
            }
            app.screenshot("phone-dark").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_scenario_runs_in_slices_while_the_page_stays_responsive() {
    let app = App::open("a_huge_scenario_runs_in_slices_while_the_page_stays_responsive").await;
    let outcome = app
        .run(async {
            let text = "cores 64\nlimit 10000000\nthread w x 4000 { repeat 100 { cpu 1; lock m; io 1; unlock m; io 2 } }\n";
            let r = simulate(text);
            // A probe in the page, not WebDriver polls (which would race the run's speed): the
            // moment the progress shows, it chooses the dark theme, as a reader would; every
            // frame it notes (theme, progress shown), until the progress has gone. However fast
            // the run, the answer is read after it, from what the page saw.
            app.js(
                "window.__seen = []; const sel = document.querySelector('#theme'); let asked = false; \
                 const note = () => { const p = document.querySelector('#sim-progress') !== null; \
                   if (p && !asked) { asked = true; sel.value = 'dark'; \
                     sel.dispatchEvent(new Event('change', { bubbles: true })); } \
                   window.__seen.push([document.documentElement.getAttribute('data-theme'), p]); \
                   if ((p || !asked) && window.__seen.length < 100000) requestAnimationFrame(note); }; \
                 requestAnimationFrame(note); return sel !== null;",
                vec![],
            )
            .await?;
            app.set_text("#editor", text).await?;
            // The state the page reaches at the end of the run, whatever its speed.
            app.wait_attr("#gantt-threads", "data-lanes", &r.threads.len().to_string(), LONG_TIMEOUT).await?;
            app.wait_js("the progress to go", "document.querySelector('#sim-progress') === null", REACT_TIMEOUT).await?;
            app.wait_attr("#outcome", "data-kind", r.outcome.kind(), REACT_TIMEOUT).await?;
            let seen = app.js("return window.__seen;", vec![]).await?;
            let seen = seen.as_array().ok_or("the probe saw nothing")?;
            let during: Vec<&Value> = seen.iter().filter(|f| f[1] == Value::Bool(true)).collect();
            // The run went in slices: frames were drawn while it went on.
            if during.len() < 2 {
                return Err(format!("the run should show its progress over several frames; frames with it: {}", during.len()));
            }
            // And the page answered meanwhile: the theme changed while the run still went on.
            if !during.iter().any(|f| f[0] == "dark") {
                return Err(format!(
                    "the theme chosen when the progress showed should apply during the run; {} frames of the run, \
                     none dark (theme after the run: {:?})",
                    during.len(),
                    seen.last().map(|f| f[0].clone())
                ));
            }
            app.wait_attr("html", "data-theme", "dark", REACT_TIMEOUT).await?;
            let ms = app.attr("html", "data-sim-ms").await?.unwrap_or_default();
            let _ = std::fs::write(
                harness::artifacts_dir().join("huge-run.txt"),
                format!("4000 threads x 100 rounds on 64 cores ({} segments, {} events): {ms} ms from the edit to the run on screen, in slices\n", r.segments.len(), r.events.len()),
            );
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
