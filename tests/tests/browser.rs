//! End-to-end tests of the web app in headless Chromium, against the built site in
//! `THREADLAB_DIST` (`cargo xtask test` builds it and sets it). Each test opens its own browser
//! with a fresh profile; they run one at a time. Screenshots: `target/e2e-artifacts/<test>.png`.
//!
//! The DOM contract they rely on (ids, `data-*` attributes) is the web app's; expected numbers
//! come from `threadlab_sim::run` on the same text.
//!
//! The explanations (`explain.rs`): `#why[data-tick][data-changes]`; `#lifecycle path.edge`
//! with `data-from`/`data-to` (class `lit` on the one just taken) and `#lifecycle-why` with
//! `data-from`/`data-to`/`data-tick`; `#events[data-count]` with `select#events-thread`,
//! `select#events-kind`, rows `#events-rows li[data-tick][data-thread][data-kind]` and lines
//! `#events-rows li.events-more[data-tick][data-hidden]`; `#numbers-avg td[data-col]`;
//! crashes and killed daemons as `#outcome li`.

mod harness;

use harness::{check_eq, js_str, pixel, preset, simulate, App, Outcome, Plot, REACT_TIMEOUT};
use std::time::Duration;

/// How long playing a preset to its end may take.
const PLAY_TIMEOUT: Duration = Duration::from_secs(20);

/// Every control and view of the DOM contract (on the default page). Shown only at times:
/// `#scenario-edited` (an edited preset), `#editor-error`, `#form-error` (the scenario's
/// error, in the form), `.field-error#err-<field id>` beside a form field (ids: `set-cores`,
/// `set-quantum`…, `t<process>-<thread>-name|at|priority|copies`, an operation's argument
/// `t<p>-<t>-op<path, _-joined>-amount|n|name|timeout`, a task's `t<p>-<t>-k<task>-name|op…`).
/// `button#editor-toggle[aria-expanded]` opens and closes `#side-edit` (text, form, settings).
/// Also relied on (`embed.rs`, `share.rs`): the charts' `data-extent-px` (pixels from tick 0
/// to the run's end), and in the Embed panel (`#embed-toggle`) an `#embed-opt-NAME` control per
/// embed option, `#embed-snippet`, `#embed-copy[data-copied]` and `iframe#embed-preview`.
/// Predict mode (`predict.rs`): `button#predict-toggle[aria-pressed]`, the panel
/// `#predict[data-question][data-revealed]` with `#predict-question`, `select#predict-NAME`,
/// `input#predict-NAME-turnaround|response`, `.predict-grade[data-right]`, `#predict-check`,
/// `#predict-next`, `#predict-leave`, `#predict-score[data-right][data-total]`,
/// `input#predict-seed`, `#predict-new`; the charts' `data-hide-after` (the last revealed tick).
const CONTRACT: [&str; 21] = [
    "main#app",
    "select#preset-select",
    "textarea#editor",
    "button#play",
    "button#step-back",
    "button#step-forward",
    "button#restart",
    "select#speed",
    "input#scrub[type=range]",
    "output#time",
    "select#lang",
    "h1",
    "canvas#gantt-cores",
    "canvas#gantt-threads",
    "table#segments-table",
    "#outcome",
    "button#editor-toggle[aria-expanded]",
    "h2#scenario-title",
    "p#scenario-note",
    "input#scale",
    "button#scale-fit",
];

// The charts' canvases (#gantt-cores, #gantt-threads, #gantt-locks) also carry: data-lanes,
// data-segments, data-drawn (segments shown once hidden legend entries are left out), data-rects
// (bars painted: one per run of pixel columns showing the same dominant activity), data-arrows,
// data-window ("t0-t1", the whole run goes to the chart's extent), data-cycle, data-plot
// ("x(t0) x(t1) axis-height row-height") and data-rows ("[process]", a thread, "name(d)" for a
// daemon, "loop:task"); #gantt-threads also data-tails (threads waiting forever), data-detected
// (the deadlock's or stall's tick), data-fates ("name:fate"), data-marks ("x y" of each end mark),
// data-markers ("kind@tick:thread"), data-tasks (task rows shown), data-slices (the task of each
// slice of the loop lanes in view). `.lane-toggle[data-thread]` (aria-expanded) folds a loop's
// task rows; the tooltip is `.tooltip.chart-tip`, outside the chart's box; `#legend-markers`
// explains the markers. Tested in charts.rs.

/// Chooses a preset and waits until the editor shows its text.
async fn choose_preset(app: &App, name: &str) -> Outcome {
    app.select("#preset-select", name).await?;
    let expr = format!("document.querySelector('#editor').value.trim() === {}", js_str(preset(name).trim()));
    app.wait_js(&format!("the editor to hold the text of preset {name:?}"), &expr, REACT_TIMEOUT).await?;
    Ok(())
}

/// Waits until `data-lanes` of the thread chart is `lanes`.
async fn wait_thread_lanes(app: &App, lanes: usize) -> Outcome {
    app.wait_attr("#gantt-threads", "data-lanes", &lanes.to_string(), REACT_TIMEOUT).await
}

/// The playback position: (`data-tick`, `data-end`) of `#time`.
async fn position(app: &App) -> Result<(u64, u64), String> {
    Ok((app.attr_u64("#time", "data-tick").await?, app.attr_u64("#time", "data-end").await?))
}

/// Waits until `data-tick` of `#time` satisfies `test` (a JS expression on `t`, the tick).
async fn wait_tick(app: &App, what: &str, test: &str) -> Result<u64, String> {
    let expr = format!(
        "(() => {{ const e = document.querySelector('#time'); if (e === null) return false; \
         const t = Number(e.getAttribute('data-tick')); return ({test}) ? String(t) : false; }})()"
    );
    let value = app.wait_js(what, &expr, REACT_TIMEOUT).await?;
    value.as_str().and_then(|s| s.parse().ok()).ok_or_else(|| format!("data-tick {value} is not a number"))
}

/// The pixels of a Running bar on the threads chart are the colour of the legend's "running"
/// swatch, which is the palette's: read back from the canvas at the middle of the longest
/// Running segment of the preset `name` (its lane found in `data-rows`), so a blank, shifted
/// or miscoloured chart fails, whatever the data attributes say.
async fn running_bar_is_painted(app: &App, name: &str) -> Outcome {
    use threadlab_share::chart::LegendKey;
    use threadlab_sim::trace::State;
    let r = simulate(preset(name));
    let canvas = "#gantt-threads";
    app.wait_attr(canvas, "data-ready", "true", REACT_TIMEOUT).await?;
    app.wait_attr(canvas, "data-window", &format!("0-{}", threadlab_share::chart::extent(&r)), REACT_TIMEOUT).await?;
    let s = r
        .segments
        .iter()
        .filter(|s| s.state == State::Running)
        .max_by_key(|s| s.end - s.start)
        .ok_or_else(|| format!("{name} has no Running segment"))?;
    let rows = app.attr(canvas, "data-rows").await?.unwrap_or_default();
    let thread = r.thread_name(s.thread);
    let row = rows
        .split(',')
        .position(|t| t == thread || t.strip_suffix("(d)") == Some(thread))
        .ok_or_else(|| format!("{canvas} data-rows {rows:?} has no row for {thread}"))?;
    let plot = Plot::of(app, canvas).await?;
    let (x, y) = (plot.x((s.start + s.end) as f64 / 2.0), plot.y(row) + 4.5);
    let (colour, alpha) = pixel(app, canvas, x, y).await?;
    let swatch = app
        .js(
            "const e = document.querySelector('#legend li:first-child .sw'); \
             return e === null ? null : getComputedStyle(e).getPropertyValue('--c').trim().toUpperCase();",
            vec![],
        )
        .await?;
    let palette = threadlab_share::palette::style(LegendKey::Running).0.to_ascii_uppercase();
    check_eq("the legend's first swatch (running)", Some(palette.clone()), swatch.as_str().map(str::to_string))?;
    if (colour.as_str(), alpha) != (palette.as_str(), 255) {
        return Err(format!(
            "{thread}'s Running bar t = {}..{} at ({x}, {y}) of {canvas} should be painted {palette} (the legend's \
             running), found {colour} (alpha {alpha})",
            s.start, s.end
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_loads_with_every_control() {
    let app = App::open("page_loads_with_every_control").await;
    let outcome = app
        .run(async {
            // `App::open` waited for <main id="app" data-ready="true">.
            for css in CONTRACT {
                let n = app.count(css).await?;
                check_eq(&format!("number of elements {css}"), 1, n)?;
            }
            let h1 = app.text("h1").await?;
            if h1.trim().is_empty() {
                return Err("expected a title in <h1>, found it empty".to_string());
            }
            for p in threadlab_sim::presets::all() {
                let css = format!("#preset-select option[value=\"{}\"]", p.name);
                check_eq(&format!("options for preset {:?} in #preset-select", p.name), 1, app.count(&css).await?)?;
            }
            let lang = app.value("#lang").await?;
            let html_lang = app.attr("html", "lang").await?;
            check_eq("<html lang> (it follows #lang)", Some(lang), html_lang)?;
            // Time to first render, recorded for docs/PERFORMANCE.md (a measurement, not a gate).
            let first = app.attr("html", "data-first-render-ms").await?.ok_or("no data-first-render-ms on <html>")?;
            let _ = std::fs::write(harness::artifacts_dir().join("first-render-ms.txt"), format!("{first}\n"));
            println!("first render: {first} ms after navigation start");
            // The default preset's outcome, as the core gives it.
            let expected = simulate(preset(threadlab_sim::presets::DEFAULT)).outcome.kind();
            check_eq(
                "#outcome data-kind (the default preset's)",
                Some(expected.to_string()),
                app.attr("#outcome", "data-kind").await?,
            )?;
            // And its chart is drawn, not only counted: a Running bar in its colour.
            running_bar_is_painted(&app, threadlab_sim::presets::DEFAULT).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deadlock_preset_shows_deadlock() {
    let app = App::open("deadlock_preset_shows_deadlock").await;
    let outcome = app
        .run(async {
            let expected = simulate(preset("deadlock-two-locks")).outcome.kind();
            check_eq("outcome of deadlock-two-locks in threadlab-sim", "deadlock", expected)?;
            choose_preset(&app, "deadlock-two-locks").await?;
            app.wait_attr("#outcome", "data-kind", expected, REACT_TIMEOUT).await?;
            // The cycle is highlighted on the threads chart.
            app.wait_attr("#gantt-threads", "data-cycle", "a b", REACT_TIMEOUT).await?;
            app.screenshot("cycle").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn playground_plays_to_the_end_and_draws_every_segment() {
    let app = App::open("playground_plays_to_the_end_and_draws_every_segment").await;
    let outcome = app
        .run(async {
            let result = simulate(preset("playground"));
            choose_preset(&app, "playground").await?;
            app.wait_attr("#outcome", "data-kind", result.outcome.kind(), REACT_TIMEOUT).await?;
            app.screenshot("start").await?;

            app.click("#play").await?;
            let at_end = "(() => { const e = document.querySelector('#time'); return e !== null \
                          && e.getAttribute('data-end') !== null \
                          && e.getAttribute('data-tick') === e.getAttribute('data-end'); })()";
            app.wait_js("#time data-tick to reach data-end after clicking #play", at_end, PLAY_TIMEOUT).await?;
            let (tick, end) = position(&app).await?;
            check_eq("#time data-end (the makespan)", result.makespan, end)?;
            check_eq("#time data-tick at the end", end, tick)?;

            let cores = result.cores.len() as u64;
            let threads = result.threads.len() as u64;
            let segments = result.segments.len();
            let cores_lanes = app.attr_u64("#gantt-cores", "data-lanes").await?;
            check_eq("#gantt-cores data-lanes (one per core)", cores, cores_lanes)?;
            let thread_lanes = app.attr_u64("#gantt-threads", "data-lanes").await?;
            check_eq("#gantt-threads data-lanes (one per thread)", threads, thread_lanes)?;
            let drawn = app.attr_u64("#gantt-threads", "data-segments").await?;
            check_eq(
                "#gantt-threads data-segments (= threadlab_sim::run(text).segments.len())",
                segments as u64,
                drawn,
            )?;
            check_eq("rows tr.seg in #segments-table", segments, app.count("#segments-table tr.seg").await?)?;
            running_bar_is_painted(&app, "playground").await?;
            app.screenshot("end").await?;

            app.click("#step-back").await?;
            wait_tick(&app, "#step-back at the end to go back in time", &format!("t < {end}")).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_adds_a_lane() {
    let app = App::open("editing_adds_a_lane").await;
    let outcome = app
        .run(async {
            let text = preset("playground");
            let before = simulate(text).threads.len();
            choose_preset(&app, "playground").await?;
            wait_thread_lanes(&app, before).await?;

            let edited = format!("{}\nthread extra {{ cpu 2; io 1; cpu 1 }}\n", text.trim_end());
            let after = simulate(&edited).threads.len();
            check_eq("threads after adding one, in threadlab-sim", before + 1, after)?;
            app.set_text("#editor", &edited).await?;
            wait_thread_lanes(&app, after).await?;
            check_eq("elements #editor-error for a valid text", 0, app.count("#editor-error:not(:empty)").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_text_shows_line_and_column() {
    let app = App::open("invalid_text_shows_line_and_column").await;
    let outcome = app
        .run(async {
            let invalid = "thread a { cpu }\n";
            let error = match threadlab_sim::run(invalid) {
                Err(e) => e,
                Ok(_) => return Err(format!("threadlab-sim accepts {invalid:?}, expected an error")),
            };
            let at = format!("{}:{}", error.pos.line, error.pos.col);
            app.set_text("#editor", invalid).await?;
            let expr = format!(
                "(() => {{ const e = document.querySelector('#editor-error'); \
                 return e !== null && e.textContent.includes({}); }})()",
                js_str(&at)
            );
            let shown =
                app.wait_js(&format!("#editor-error to contain \"{at}\" ({error})"), &expr, REACT_TIMEOUT).await;
            if let Err(e) = shown {
                let found = app.text("#editor-error").await.unwrap_or_else(|e| format!("<{e}>"));
                return Err(format!("{e}\n  #editor-error text: {found:?}"));
            }
            check_eq("role of #editor-error", Some("alert".to_string()), app.attr("#editor-error", "role").await?)?;
            app.screenshot("error").await?;

            // Fixed again: the error goes away.
            app.set_text("#editor", "thread a { cpu 1 }\n").await?;
            app.wait_js(
                "#editor-error to go (or empty) once the text is valid again",
                "(() => { const e = document.querySelector('#editor-error'); \
                 return e === null || e.hidden || e.textContent.trim() === ''; })()",
                REACT_TIMEOUT,
            )
            .await?;
            wait_thread_lanes(&app, 1).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_switches_to_chinese() {
    let app = App::open("language_switches_to_chinese").await;
    let outcome = app
        .run(async {
            app.select("#lang", "en").await?;
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            let english = app.text("h1").await?;

            app.select("#lang", "zh").await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            let is_chinese = "/[\\u4e00-\\u9fff]/.test(document.querySelector('h1').textContent)";
            if let Err(e) = app.wait_js("a Chinese <h1> (CJK characters)", is_chinese, REACT_TIMEOUT).await {
                let found = app.text("h1").await.unwrap_or_default();
                return Err(format!("{e}\n  <h1> in English: {english:?}, after choosing zh: {found:?}"));
            }
            app.screenshot("zh").await?;

            app.select("#lang", "en").await?;
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            let expr = format!("document.querySelector('h1').textContent.trim() === {}", js_str(english.trim()));
            app.wait_js(&format!("<h1> back to {english:?}"), &expr, REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_plays_pauses_and_steps() {
    let app = App::open("keyboard_plays_pauses_and_steps").await;
    let outcome = app
        .run(async {
            choose_preset(&app, "playground").await?;
            let pressed = app.attr("#play", "aria-pressed").await?;
            let (first, second) = match pressed.as_deref() {
                Some("true") => ("false", "true"),
                _ => ("true", "false"),
            };
            app.keys_to_body(" ").await?;
            app.wait_attr("#play", "aria-pressed", first, REACT_TIMEOUT)
                .await
                .map_err(|e| format!("Space on the page should toggle play/pause: {e}"))?;
            app.keys_to_body(" ").await?;
            app.wait_attr("#play", "aria-pressed", second, REACT_TIMEOUT)
                .await
                .map_err(|e| format!("Space again should toggle play/pause back: {e}"))?;
            if second == "true" {
                app.keys_to_body(" ").await?;
                app.wait_attr("#play", "aria-pressed", "false", REACT_TIMEOUT).await?;
            }
            app.screenshot("paused").await?;

            // Paused: the arrows step.
            let (tick, end) = position(&app).await?;
            let right = fantoccini::key::Key::Right.to_string();
            let left = fantoccini::key::Key::Left.to_string();
            if tick < end {
                app.keys_to_body(&right).await?;
                let t =
                    wait_tick(&app, &format!("ArrowRight to step forward from tick {tick}"), &format!("t > {tick}"))
                        .await?;
                app.keys_to_body(&left).await?;
                wait_tick(&app, &format!("ArrowLeft to step back from tick {t}"), &format!("t < {t}")).await?;
            } else {
                app.keys_to_body(&left).await?;
                let t = wait_tick(&app, &format!("ArrowLeft to step back from tick {tick}"), &format!("t < {tick}"))
                    .await?;
                app.keys_to_body(&right).await?;
                wait_tick(&app, &format!("ArrowRight to step forward from tick {t}"), &format!("t > {t}")).await?;
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legend_entry_hides_and_shows_a_state() {
    let app = App::open("legend_entry_hides_and_shows_a_state").await;
    let outcome = app
        .run(async {
            choose_preset(&app, "playground").await?;
            let r = simulate(preset("playground"));
            let all = r.segments.iter().filter(|s| s.state != threadlab_sim::trace::State::Dead).count();
            let running = r.segments.iter().filter(|s| s.state == threadlab_sim::trace::State::Running).count();
            app.wait_attr("#gantt-threads", "data-drawn", &all.to_string(), REACT_TIMEOUT).await?;
            // The first legend entry is "running".
            app.click("#legend li:first-child button").await?;
            app.wait_attr("#gantt-threads", "data-drawn", &(all - running).to_string(), REACT_TIMEOUT).await?;
            app.wait_attr("#legend li:first-child button", "aria-pressed", "false", REACT_TIMEOUT).await?;
            app.screenshot("hidden").await?;
            app.click("#legend li:first-child button").await?;
            app.wait_attr("#gantt-threads", "data-drawn", &all.to_string(), REACT_TIMEOUT).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scrubbing_moves_the_cursor_and_explains_the_tick() {
    let app = App::open("scrubbing_moves_the_cursor_and_explains_the_tick").await;
    let outcome = app
        .run(async {
            choose_preset(&app, "deadlock-two-locks").await?;
            // The why-line names the cursor's tick and what changed at it: a thread blocking.
            let r = simulate(preset("deadlock-two-locks"));
            let block = r
                .events
                .iter()
                .find(|e| e.kind == threadlab_sim::trace::EventKind::Block && e.tick > 0)
                .ok_or("deadlock-two-locks has no thread blocking after tick 0")?;
            let tick = block.tick.to_string();
            app.set_text("#scrub", &tick).await?;
            app.wait_attr("#time", "data-tick", &tick, REACT_TIMEOUT).await?;
            let why = app.text("#why").await?;
            if !why.starts_with(&format!("Why t = {tick}: ")) || !why.contains("blocks on lock") {
                return Err(format!(
                    "#why at t = {tick} should explain that tick (a thread blocking on a lock), found {why:?}"
                ));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
