//! Browser tests of what the charts draw from the chart model (`threadlab_share::chart`), read
//! back from the canvas's pixels and its data attributes: identity colours on core lanes, apart
//! from every state colour (ΔE); a deadlock's "forever" tails and its detection tick; end marks
//! per fate, process headings and daemon tags; an event loop's task slices and task rows (which
//! fold); markers (lost notifies, GIL drops); tooltips kept inside the window. Expected values
//! come from `threadlab_sim::run` and `threadlab_share::chart` on the same text.

mod harness;

use harness::{js_str, pixel, preset, simulate, App, Outcome, Plot, REACT_TIMEOUT};
use serde_json::{json, Value};
use threadlab_share::chart::{self, LegendKey, MarkerKind};
use threadlab_share::palette::{self, delta_e, identity_colour, IDENTITY_COLOURS};
use threadlab_sim::trace::State;
use threadlab_sim::RunResult;

/// Chooses a preset and waits until the threads chart is drawn for it.
async fn choose_preset(app: &App, name: &str) -> Outcome {
    app.select("#preset-select", name).await?;
    let expr = format!("document.querySelector('#editor').value.trim() === {}", js_str(preset(name).trim()));
    app.wait_js(&format!("the editor to hold the text of preset {name:?}"), &expr, REACT_TIMEOUT).await?;
    let lanes = simulate(preset(name)).threads.len();
    app.wait_attr("#gantt-threads", "data-lanes", &lanes.to_string(), REACT_TIMEOUT).await
}

/// The distinct opaque colours of the canvas's pixel row at CSS height `y`, right of `x0`.
async fn colours_along(app: &App, canvas: &str, x0: f64, y: f64) -> Result<Vec<String>, String> {
    let v = app
        .js(
            "const c = document.querySelector(arguments[0]); const d = window.devicePixelRatio || 1; \
             const from = Math.ceil(arguments[1] * d); \
             const p = c.getContext('2d').getImageData(from, Math.floor(arguments[2] * d), c.width - from, 1).data; \
             const seen = new Set(); \
             for (let i = 0; i < p.length; i += 4) { if (p[i + 3] === 255) { \
               seen.add('#' + [p[i], p[i + 1], p[i + 2]].map(k => k.toString(16).padStart(2, '0')).join('').toUpperCase()); } } \
             return [...seen];",
            vec![json!(canvas), json!(x0), json!(y)],
        )
        .await?;
    Ok(v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default())
}

/// Hovers the canvas at `(x, y)` and returns the tooltip's words.
async fn hover(app: &App, canvas: &str, x: f64, y: f64) -> Result<String, String> {
    app.mouse(canvas, &[("mousemove", x, y, 0, "", 0.0)]).await?;
    app.wait_js("a tooltip", "document.querySelector('.tooltip') !== null", REACT_TIMEOUT).await?;
    app.text(".tooltip").await
}

/// Waits until the tooltip says exactly `expected` after hovering `(x, y)`.
async fn hover_says(app: &App, canvas: &str, x: f64, y: f64, expected: &str) -> Outcome {
    app.mouse(canvas, &[("mousemove", x, y, 0, "", 0.0)]).await?;
    let expr = format!(
        "(() => {{ const t = document.querySelector('.tooltip'); return t !== null && t.textContent === {}; }})()",
        js_str(expected)
    );
    match app.wait_js(&format!("the tooltip {expected:?}"), &expr, REACT_TIMEOUT).await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("{e}\n  tooltip at ({x}, {y}): {:?}", app.text(".tooltip").await)),
    }
}

fn rgb_hex(c: &str) -> String {
    c.to_ascii_uppercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn core_lanes_show_threads_in_identity_colours_apart_from_every_state_colour() {
    let app = App::open("core_lanes_show_threads_in_identity_colours_apart_from_every_state_colour").await;
    let outcome = app
        .run(async {
            let mut found: Vec<String> = Vec::new();
            for name in ["concurrency-1-core", "parallelism-4-cores"] {
                let r = simulate(preset(name));
                choose_preset(&app, name).await?;
                app.wait_attr("#gantt-cores", "data-window", &format!("0-{}", r.makespan), REACT_TIMEOUT).await?;
                app.wait_js("the cores chart drawn", "document.querySelector('#gantt-cores[data-rects]') !== null", REACT_TIMEOUT)
                    .await?;
                let plot = Plot::of(&app, "#gantt-cores").await?;
                // The first bar of core 0: the pixel at its middle, in the bar's top row (the
                // thread's name is written lower), is the identity colour of its thread.
                let g = r.core_lanes()[0][0];
                let threadlab_sim::trace::CoreActivity::Run(t) = g.activity else {
                    return Err(format!("{name}: core 0 starts with a switch"));
                };
                let (x, y) = (plot.x((g.start + g.end) as f64 / 2.0), plot.y(0) + 4.5);
                let (colour, alpha) = pixel(&app, "#gantt-cores", x, y).await?;
                let want = rgb_hex(identity_colour(t));
                if (colour.as_str(), alpha) != (want.as_str(), 255) {
                    return Err(format!(
                        "{name}: core 0's bar of {} at ({x}, {y}) should be its identity colour {want}, found {colour} (alpha {alpha})",
                        r.thread_name(t)
                    ));
                }
                for core in 0..r.cores.len() {
                    for c in colours_along(&app, "#gantt-cores", plot.x0 + 1.0, plot.y(core) + 4.5).await? {
                        if !found.contains(&c) {
                            found.push(c);
                        }
                    }
                }
                app.screenshot(name).await?;
            }
            if found.len() < 4 {
                return Err(format!("expected the colours of 4 threads on the core lanes, found {found:?}"));
            }
            let identities: Vec<String> = IDENTITY_COLOURS.iter().map(|c| rgb_hex(c)).collect();
            // The state colours, as the legend shows them (end marks are glyphs, not bars).
            let states = app
                .js(
                    "return [...document.querySelectorAll('#legend .sw:not(.glyph)')] \
                     .map(e => getComputedStyle(e).getPropertyValue('--c').trim());",
                    vec![],
                )
                .await?;
            let states: Vec<String> =
                states.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(rgb_hex)).collect()).unwrap_or_default();
            let expected = chart::LEGEND.iter().filter(|k| !k.is_mark()).count();
            if states.len() != expected {
                return Err(format!("expected {expected} state swatches in #legend, found {states:?}"));
            }
            for c in &found {
                if !identities.contains(c) {
                    return Err(format!("{c} on a core lane is not an identity colour ({identities:?})"));
                }
                for s in &states {
                    let d = delta_e(c, s);
                    if d < 20.0 {
                        return Err(format!("identity colour {c} on a core lane is ΔE {d:.1} from state colour {s}"));
                    }
                }
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadlock_draws_its_waits_forever_and_marks_the_detection() {
    let app = App::open("a_deadlock_draws_its_waits_forever_and_marks_the_detection").await;
    let outcome = app
        .run(async {
            let r = simulate(preset("deadlock-two-locks"));
            let extent = chart::extent(&r);
            let (detected, _) = chart::detection(&r).ok_or("the deadlock preset has no detection")?;
            choose_preset(&app, "deadlock-two-locks").await?;
            app.wait_attr("#gantt-threads", "data-tails", "a,b", REACT_TIMEOUT).await?;
            app.wait_attr("#gantt-threads", "data-detected", &detected.to_string(), REACT_TIMEOUT).await?;
            // The whole-run view goes past the makespan to the tails' end; playback does not.
            app.wait_attr("#gantt-threads", "data-window", &format!("0-{extent}"), REACT_TIMEOUT).await?;
            app.wait_attr("#time", "data-end", &r.makespan.to_string(), REACT_TIMEOUT).await?;
            let plot = Plot::of(&app, "#gantt-threads").await?;
            // Past the makespan, where nothing else is drawn, each stuck lane is painted: the
            // hatched tail. Hidden from the legend, the same pixels are background.
            let x = plot.x(r.makespan as f64 + (extent - r.makespan) as f64 * 0.4);
            for row in 0..2 {
                let y = plot.y(row) + 5.5;
                let (c, alpha) = pixel(&app, "#gantt-threads", x, y).await?;
                if alpha != 255 {
                    return Err(format!("row {row}: the tail at ({x}, {y}) is not painted ({c}, alpha {alpha})"));
                }
            }
            let tip = hover(&app, "#gantt-threads", x, plot.y(0) + 5.5).await?;
            if !tip.starts_with("a waits for lock y") || !tip.contains("forever") {
                return Err(format!("tooltip over a's tail: expected \"a waits for lock y…forever…\", found {tip:?}"));
            }
            app.screenshot("tails").await?;
            let forever = chart::LEGEND.iter().position(|k| *k == LegendKey::Forever).unwrap_or(0) + 1;
            app.click(&format!("#legend li:nth-child({forever}) button")).await?;
            app.wait_attr(&format!("#legend li:nth-child({forever}) button"), "aria-pressed", "false", REACT_TIMEOUT)
                .await?;
            let expr = format!(
                "(() => {{ const c = document.querySelector('#gantt-threads'); const d = window.devicePixelRatio || 1; \
                 return c.getContext('2d').getImageData(Math.floor({x} * d), Math.floor({y} * d), 1, 1).data[3] === 0; }})()",
                y = plot.y(0) + 5.5
            );
            app.wait_js("the tail gone once hidden from the legend", &expr, REACT_TIMEOUT).await?;
            // The detection tick: a dashed line down the lanes (between the bars of row 0 and 1).
            let (c, alpha) = pixel(&app, "#gantt-threads", plot.x(detected as f64).round(), plot.y(1) + 1.0).await?;
            if alpha != 255 {
                return Err(format!("no detection line at t = {detected}: {c} alpha {alpha}"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn end_marks_tell_each_fate_and_threads_are_grouped_by_process() {
    let app = App::open("end_marks_tell_each_fate_and_threads_are_grouped_by_process").await;
    let outcome = app
        .run(async {
            let r = simulate(preset("crash-isolation"));
            choose_preset(&app, "crash-isolation").await?;
            let marks = chart::end_marks(&r);
            let fates: Vec<String> =
                marks.iter().map(|m| format!("{}:{}", r.thread_name(m.thread), m.fate.as_str())).collect();
            let fates = fates.join(",");
            if !fates.contains("worker_bug:crashed") || !fates.contains("worker_main:crashed") {
                return Err(format!("the crash preset's fates in threadlab-sim: {fates}"));
            }
            app.wait_attr("#gantt-threads", "data-fates", &fates, REACT_TIMEOUT).await?;
            // A heading per process, the threads under their process.
            app.wait_attr(
                "#gantt-threads",
                "data-rows",
                "[main],main,helper,[worker],worker_main,worker_bug",
                REACT_TIMEOUT,
            )
            .await?;
            // Each mark is drawn where it says, in its fate's colour, next to its end tick.
            let plot = Plot::of(&app, "#gantt-threads").await?;
            let xy = app.attr("#gantt-threads", "data-marks").await?.unwrap_or_default();
            let xy: Vec<&str> = xy.split(',').collect();
            if xy.len() != marks.len() {
                return Err(format!("data-marks {xy:?}: expected {} marks", marks.len()));
            }
            for (m, at) in marks.iter().zip(&xy) {
                let (x, y) = at
                    .split_once(' ')
                    .and_then(|(x, y)| Some((x.parse::<f64>().ok()?, y.parse::<f64>().ok()?)))
                    .ok_or_else(|| format!("data-marks entry {at:?}"))?;
                let expected_x = plot.x(m.tick as f64);
                if (x - expected_x).abs() > 8.0 {
                    return Err(format!(
                        "{}'s mark at x {x}, its end t = {} is at x {expected_x}",
                        r.thread_name(m.thread),
                        m.tick
                    ));
                }
                let (colour, _) = pixel(&app, "#gantt-threads", x - 5.0, y - 5.0).await?;
                let want = rgb_hex(palette::style(LegendKey::End(m.fate)).0);
                if colour != want {
                    return Err(format!(
                        "{}'s {} mark at ({x}, {y}): colour {colour}, expected {want}",
                        r.thread_name(m.thread),
                        m.fate.as_str()
                    ));
                }
            }
            // A mark's tooltip says how and when the thread ended.
            let bug = r.thread_id("worker_bug").ok_or("no worker_bug")?;
            let n = marks.iter().position(|m| m.thread == bug).ok_or("no mark for worker_bug")?;
            let (x, y) = xy[n]
                .split_once(' ')
                .map(|(x, y)| (x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0)))
                .unwrap_or_default();
            hover_says(&app, "#gantt-threads", x, y, &format!("worker_bug crashed at t = {}", marks[n].tick)).await?;
            app.screenshot("crash").await?;

            // Daemons are tagged, and the tag explained.
            choose_preset(&app, "daemon-cutoff").await?;
            app.wait_attr("#gantt-threads", "data-rows", "main,worker,logger(d)", REACT_TIMEOUT).await?;
            app.wait_js(
                "killed fate",
                "(document.querySelector('#gantt-threads').getAttribute('data-fates') || '').includes('logger:killed')",
                REACT_TIMEOUT,
            )
            .await?;
            let plot = Plot::of(&app, "#gantt-threads").await?;
            hover_says(&app, "#gantt-threads", 20.0, plot.y(2) + 11.0, "logger: daemon thread").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_loop_shows_its_task_slices_and_task_rows_that_fold() {
    let app = App::open("an_event_loop_shows_its_task_slices_and_task_rows_that_fold").await;
    let outcome = app
        .run(async {
            let r = simulate(preset("asyncio-io-overlap"));
            choose_preset(&app, "asyncio-io-overlap").await?;
            let lp = r.thread_id("loop").ok_or("no loop thread")?;
            // One slice per run of a task on the loop's lane, labelled with the task.
            let mut slices: Vec<&str> = Vec::new();
            let mut last = None;
            for s in r.segments_of(lp) {
                let task = s.task.filter(|_| s.state == State::Running);
                if let Some(k) = task {
                    if last != Some((k, s.start)) {
                        slices.push(&r.tasks[k as usize]);
                    }
                    last = Some((k, s.end));
                } else {
                    last = None;
                }
            }
            app.wait_attr("#gantt-threads", "data-slices", &slices.join(","), REACT_TIMEOUT).await?;
            // A row per task under the loop.
            app.wait_attr("#gantt-threads", "data-tasks", "fetch.1,fetch.2,fetch.3", REACT_TIMEOUT).await?;
            app.wait_attr("#gantt-threads", "data-rows", "loop,loop:fetch.1,loop:fetch.2,loop:fetch.3", REACT_TIMEOUT)
                .await?;
            let plot = Plot::of(&app, "#gantt-threads").await?;
            // The loop's tooltip names the task it runs; a task row's, the task's state.
            let first = r.segments_of(lp).into_iter().find(|s| s.task.is_some()).ok_or("no task slice")?;
            let mid = plot.x((first.start + first.end) as f64 / 2.0);
            let tip = hover(&app, "#gantt-threads", mid, plot.y(0) + 8.0).await?;
            let task = &r.tasks[first.task.unwrap_or(0) as usize];
            if !tip.contains(&format!("running task {task}")) {
                return Err(format!("tooltip over the loop's first slice should name {task}, found {tip:?}"));
            }
            hover_says(
                &app,
                "#gantt-threads",
                mid,
                plot.y(1) + 8.0,
                &format!("{task}: running, {}–{}", first.start, first.end),
            )
            .await?;
            app.screenshot("open").await?;
            // Folded: the task rows go, and come back.
            let toggle = ".lane-toggle[data-thread=\"loop\"]";
            app.click(toggle).await?;
            app.wait_attr("#gantt-threads", "data-tasks", "", REACT_TIMEOUT).await?;
            app.wait_attr("#gantt-threads", "data-rows", "loop", REACT_TIMEOUT).await?;
            app.wait_attr(toggle, "aria-expanded", "false", REACT_TIMEOUT).await?;
            app.screenshot("folded").await?;
            app.click(toggle).await?;
            app.wait_attr("#gantt-threads", "data-tasks", "fetch.1,fetch.2,fetch.3", REACT_TIMEOUT).await?;
            // A CPU-bound task is a row too.
            choose_preset(&app, "asyncio-cpu-blocks-loop").await?;
            app.wait_attr("#gantt-threads", "data-tasks", "fetch.1,fetch.2,fetch.3,crunch", REACT_TIMEOUT).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markers_show_lost_notifies_and_gil_drops() {
    let app = App::open("markers_show_lost_notifies_and_gil_drops").await;
    let outcome = app
        .run(async {
            let listed = |r: &RunResult| {
                chart::markers(r)
                    .iter()
                    .map(|m| format!("{}@{}:{}", m.kind.code(), m.tick, r.thread_name(m.thread)))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let r = simulate(preset("lost-wakeup"));
            let lost =
                chart::markers(&r).into_iter().find(|m| m.kind == MarkerKind::LostNotify).ok_or("no lost notify")?;
            choose_preset(&app, "lost-wakeup").await?;
            app.wait_attr("#gantt-threads", "data-markers", &listed(&r), REACT_TIMEOUT).await?;
            if !listed(&r).contains(&format!("lost-notify@{}:producer", lost.tick)) {
                return Err(format!("the lost wake-up preset's markers: {}", listed(&r)));
            }
            // The marker is drawn on the producer's lane (a white pin) and has a tooltip.
            let plot = Plot::of(&app, "#gantt-threads").await?;
            let row = r.thread_id("producer").ok_or("no producer")? as usize;
            let (x, y) = (plot.x(lost.tick as f64).round(), plot.y(row) + plot.row / 2.0);
            let mut ring = Vec::new();
            for (dx, dy) in
                [(-4.0, 0.0), (4.0, 0.0), (0.0, -4.0), (0.0, 4.0), (-3.0, -3.0), (3.0, 3.0), (-3.0, 3.0), (3.0, -3.0)]
            {
                ring.push(pixel(&app, "#gantt-threads", x + dx, y + dy).await?.0);
            }
            if !ring.iter().any(|c| c == "#FFFFFF") {
                return Err(format!("no white marker pin around ({x}, {y}) on the producer's green bar: {ring:?}"));
            }
            hover_says(
                &app,
                "#gantt-threads",
                x,
                y,
                &format!("producer: notify lost (nobody was waiting), t = {}", lost.tick),
            )
            .await?;
            app.screenshot("lost-notify").await?;
            // The legend explains every marker.
            let n = app.count("#legend-markers li").await?;
            if n != MarkerKind::ALL.len() {
                return Err(format!("#legend-markers: {n} entries, expected {}", MarkerKind::ALL.len()));
            }
            // GIL drops.
            let r = simulate(preset("gil-cpu-threads"));
            let drops = chart::markers(&r).iter().filter(|m| m.kind == MarkerKind::GilDrop).count();
            if drops == 0 {
                return Err("the GIL preset drops no GIL in threadlab-sim".into());
            }
            choose_preset(&app, "gil-cpu-threads").await?;
            app.wait_attr("#gantt-threads", "data-markers", &listed(&r), REACT_TIMEOUT).await?;
            let found = app.attr("#gantt-threads", "data-markers").await?.unwrap_or_default();
            let found = found.split(',').filter(|m| m.starts_with("gil-drop@")).count();
            if found != drops {
                return Err(format!("{found} GIL drops listed, {drops} in threadlab-sim"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tooltips_stay_inside_the_window() {
    let app = App::open("tooltips_stay_inside_the_window").await;
    let outcome = app
        .run(async {
            let text = "cores 1\nthread a { cpu 5 }\nthread b { cpu 40 }\n";
            app.set_text("#editor", text).await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            let inside = "(() => { const t = document.querySelector('.tooltip'); if (t === null) return false; \
                          const r = t.getBoundingClientRect(); \
                          return JSON.stringify([r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth \
                          && r.bottom <= window.innerHeight, t.closest('.gantt') === null, r.left, r.top, r.right, r.bottom, \
                          window.innerWidth, window.innerHeight]); })()";
            for (what, block) in [("bottom", "end"), ("top", "start")] {
                app.js(
                    &format!("document.querySelector('#gantt-threads').scrollIntoView({{block: '{block}'}}); return true;"),
                    vec![],
                )
                .await?;
                let size = app
                    .js(
                        "const r = document.querySelector('#gantt-threads').getBoundingClientRect(); return [r.width, r.height];",
                        vec![],
                    )
                    .await?;
                let (w, h) = (size[0].as_f64().unwrap_or(0.0), size[1].as_f64().unwrap_or(0.0));
                // Near the right edge (left of b's end mark), on b's lane (b runs to the end),
                // low in the chart.
                let tip = hover(&app, "#gantt-threads", w - 20.0, h - 3.0).await?;
                if !tip.starts_with("b: ") {
                    return Err(format!("tooltip at the bottom right: expected b's segment, found {tip:?}"));
                }
                let v = app.wait_js("the tooltip placed", inside, REACT_TIMEOUT).await?;
                let v: Value = serde_json::from_str(v.as_str().unwrap_or("[]")).unwrap_or(Value::Null);
                if v[0] != json!(true) || v[1] != json!(true) {
                    return Err(format!(
                        "chart at the {what} of the window: the tooltip [left, top, right, bottom] = {}, window {}×{}, outside the chart box: {}",
                        json!([v[2], v[3], v[4], v[5]]),
                        v[6],
                        v[7],
                        v[1]
                    ));
                }
                app.screenshot(what).await?;
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
