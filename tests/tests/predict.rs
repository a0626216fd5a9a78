//! Issue 14, lecture mode ("predict, then reveal"): a link in predict mode hides the run past
//! the last revealed tick (read from the canvases' pixels) and the tables that would tell it;
//! answers are graded (one right, one wrong, both shown with the right answer); Check moves
//! the cursor to the question's tick and draws the run up to it; the question at the end
//! grades turnaround and response; an embed with `mode=predict` shows the panel; the mode,
//! its answers and a seeded new problem work with the keyboard alone. Expected answers come
//! from `threadlab_sim::run` on the same text.

mod harness;

use harness::{check_eq, simulate, App, Outcome, REACT_TIMEOUT};
use serde_json::json;
use threadlab_share::link::{encode, LinkState};

/// One core, first come first served: a runs 0-4, b waits, then runs 4-7.
const TEXT: &str = "cores 1\nscheduler fifo\nthread a { cpu 4 }\nthread b { cpu 3 }\n";

fn link(predict: Vec<u64>) -> String {
    format!("#{}", encode(&LinkState { text: TEXT.into(), predict: Some(predict), ..LinkState::default() }))
}

/// Waits until the panel is shown and both charts are drawn up to `tick`.
async fn shown_until(app: &App, tick: u64) -> Outcome {
    app.wait_js("the predict panel", "document.querySelector('#predict') !== null", REACT_TIMEOUT).await?;
    for canvas in ["#gantt-threads", "#gantt-cores"] {
        app.wait_attr(canvas, "data-hide-after", &tick.to_string(), REACT_TIMEOUT).await?;
    }
    app.wait_attr("#time", "data-tick", &tick.to_string(), REACT_TIMEOUT).await
}

/// How many pixels of the canvas that are not transparent lie in its lanes from CSS `x` on
/// (`right`) or left of it (not `right`, from the plot's left edge): the lanes' names are left
/// of the plot, the axis above the lanes.
async fn painted(app: &App, canvas: &str, tick: f64, right: bool) -> Result<u64, String> {
    let v = app
        .js(
            "const c = document.querySelector(arguments[0]); const d = window.devicePixelRatio || 1; \
             const [x0, x1, axis] = c.dataset.plot.split(' ').map(Number); \
             const [t0, t1] = c.dataset.window.split('-').map(Number); \
             const x = x0 + (arguments[1] - t0) / (t1 - t0) * (x1 - x0); \
             const from = Math.ceil((arguments[2] ? x + 2 : x0 + 1) * d); \
             const to = Math.floor((arguments[2] ? c.width / d : x - 2) * d); \
             const top = Math.ceil((axis + 1) * d); \
             if (to <= from) return -1; \
             const p = c.getContext('2d').getImageData(from, top, to - from, c.height - top).data; \
             let n = 0; for (let i = 3; i < p.length; i += 4) { if (p[i] !== 0) n++; } return n;",
            vec![json!(canvas), json!(tick), json!(right)],
        )
        .await?;
    v.as_i64().filter(|n| *n >= 0).map(|n| n as u64).ok_or_else(|| format!("{canvas}: no room to read pixels ({v})"))
}

/// The grades shown: each row's `data-right`, and its words.
async fn grades(app: &App) -> Result<Vec<(bool, String)>, String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('#predict .predict-grade')].map(g => [g.dataset.right === 'true', g.textContent]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("no grades")?;
    Ok(rows.iter().filter_map(|r| Some((r[0].as_bool()?, r[1].as_str()?.to_string()))).collect())
}

async fn score(app: &App) -> Result<(String, String), String> {
    let right = app.attr("#predict-score", "data-right").await?.unwrap_or_default();
    let total = app.attr("#predict-score", "data-total").await?.unwrap_or_default();
    Ok((right, total))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_predict_link_hides_the_future_grades_and_reveals() {
    let app = App::open("predict_hides_grades_reveals").await;
    let outcome = app
        .run(async {
            app.load(&link(vec![2, 5]), true).await?;
            shown_until(&app, 0).await?;
            // Nothing of the run is drawn: no lane pixel past the start, on either chart.
            for canvas in ["#gantt-threads", "#gantt-cores"] {
                check_eq(&format!("{canvas}: pixels drawn past t = 0"), 0, painted(&app, canvas, 0.0, true).await?)?;
            }
            // The tables that would tell the run wait.
            for hidden in ["#numbers", "#segments-table", "#thread-table", "#events", "#outcome"] {
                check_eq(&format!("{hidden} while predicting"), 0, app.count(hidden).await?)?;
            }
            // Playback stops at the last revealed tick.
            app.click("#play").await?;
            app.click("#step-forward").await?;
            tokio::time::sleep(std::time::Duration::from_millis(400)).await;
            check_eq("the cursor after trying to play", Some("0".to_string()), app.attr("#time", "data-tick").await?)?;

            // At t = 2, a runs (right) and b waits (answered Blocked: wrong).
            let r = simulate(TEXT);
            check_eq("the core's answer", "running", threadlab_sim::trace::State::Running.as_str())?;
            check_eq("a's end in the core's run", Some(4), r.threads[0].end)?;
            app.select("#predict-a", "running").await?;
            app.select("#predict-b", "blocked").await?;
            app.click("#predict-check").await?;
            shown_until(&app, 2).await?;
            let g = grades(&app).await?;
            check_eq("graded (right, wrong)", vec![true, false], g.iter().map(|g| g.0).collect())?;
            if !(g[0].1.contains('✓') && g[1].1.contains('✗') && g[1].1.contains("Runnable")) {
                return Err(format!("the grades do not show the right answer: {g:?}"));
            }
            check_eq("the score", ("1".to_string(), "2".to_string()), score(&app).await?)?;
            // The run is drawn up to t = 2 (a's bar), and nothing after it.
            for canvas in ["#gantt-threads", "#gantt-cores"] {
                if painted(&app, canvas, 2.0, false).await? == 0 {
                    return Err(format!("{canvas}: nothing drawn before t = 2 once revealed"));
                }
                check_eq(&format!("{canvas}: pixels drawn past t = 2"), 0, painted(&app, canvas, 2.0, true).await?)?;
            }
            // The next question keeps the run hidden past 2.
            app.click("#predict-next").await?;
            app.wait_attr("#predict", "data-question", "1", REACT_TIMEOUT).await?;
            check_eq("the next question", true, app.text("#predict-question").await?.contains("t = 5"))?;
            check_eq("pixels past t = 2", 0, painted(&app, "#gantt-threads", 2.0, true).await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_question_at_the_end_grades_turnaround_and_response() {
    let app = App::open("predict_end").await;
    let outcome = app
        .run(async {
            app.load(&link(vec![]), true).await?;
            shown_until(&app, 0).await?;
            let r = simulate(TEXT);
            let (a, b) = (&r.threads[0], &r.threads[1]);
            check_eq(
                "the core's numbers",
                (Some(4), Some(0), Some(7), Some(4)),
                (a.turnaround(), a.response(), b.turnaround(), b.response()),
            )?;
            for (id, v) in [
                ("#predict-a-turnaround", "4"),
                ("#predict-a-response", "0"),
                ("#predict-b-turnaround", "3"),
                ("#predict-b-response", "4"),
            ] {
                app.set_text(id, v).await?;
            }
            app.click("#predict-check").await?;
            app.wait_attr("#predict", "data-revealed", "true", REACT_TIMEOUT).await?;
            let g = grades(&app).await?;
            check_eq("graded (a right, b wrong)", vec![true, false], g.iter().map(|g| g.0).collect())?;
            if !g[1].1.contains("7 / 4") {
                return Err(format!("b's grade does not show turnaround 7 and response 4: {g:?}"));
            }
            check_eq("the score", ("3".to_string(), "4".to_string()), score(&app).await?)?;
            // Everything is revealed: the whole run, its numbers.
            app.wait_attr("#time", "data-tick", "7", REACT_TIMEOUT).await?;
            app.wait_js("the numbers", "document.querySelector('#numbers') !== null", REACT_TIMEOUT).await?;
            check_eq("hidden after the end", None, app.attr("#gantt-threads", "data-hide-after").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_in_predict_mode_shows_the_panel() {
    let app = App::open("predict_embed").await;
    let outcome = app
        .run(async {
            let plain = format!("#{}", encode(&LinkState { text: TEXT.into(), ..LinkState::default() }));
            app.load(&format!("?embed&mode=predict&ask=3,x{plain}"), true).await?;
            app.wait_js("the embed", "document.querySelector('main.embed #predict') !== null", REACT_TIMEOUT).await?;
            shown_until(&app, 0).await?;
            check_eq("the question", true, app.text("#predict-question").await?.contains("t = 3"))?;
            check_eq("pixels past t = 0", 0, painted(&app, "#gantt-threads", 0.0, true).await?)?;
            // An embed in any other mode has no panel.
            app.load(&format!("?embed&mode=other&ask=3{plain}"), true).await?;
            check_eq("a panel in another mode", 0, app.count("#predict").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn predict_mode_and_a_new_problem_work_with_the_keyboard_alone() {
    let app = App::open("predict_keyboard").await;
    let outcome = app
        .run(async {
            app.load(&format!("#{}", encode(&LinkState { text: TEXT.into(), ..LinkState::default() })), true).await?;
            let key = |css: &'static str, keys: &'static str| {
                let app = &app;
                async move {
                    let e = app.find(css).await?;
                    app.js("document.querySelector(arguments[0]).focus(); return true;", vec![json!(css)]).await?;
                    e.send_keys(keys).await.map_err(|e| format!("cannot type {keys:?} into {css}: {e}"))
                }
            };
            const ENTER: &str = "\u{E007}";
            key("#predict-toggle", ENTER).await?;
            shown_until(&app, 0).await?;
            check_eq(
                "the toggle pressed",
                Some("true".to_string()),
                app.attr("#predict-toggle", "aria-pressed").await?,
            )?;
            // The questions chosen from the run: up to 3 event ticks, then the end.
            let question = app.text("#predict-question").await?;
            if !question.contains("t = ") {
                return Err(format!("the first question is not at a tick: {question:?}"));
            }
            // Answer every thread Running with the keyboard (typing picks the option), check.
            for css in ["#predict-a", "#predict-b"] {
                key(css, "Running").await?;
            }
            check_eq("a's answer", "running".to_string(), app.value("#predict-a").await?)?;
            key("#predict-check", ENTER).await?;
            app.wait_attr("#predict", "data-revealed", "true", REACT_TIMEOUT).await?;
            check_eq("two answers graded", "2".to_string(), score(&app).await?.1)?;
            // A new problem from a seed: its text, in predict mode, its questions from its run.
            app.set_text("#predict-seed", "").await?;
            key("#predict-seed", "42").await?;
            key("#predict-new", ENTER).await?;
            app.wait_js(
                "the problem of seed 42",
                "document.querySelector('#editor').value.startsWith('title \"Problem 42: fifo, 5 jobs\"')",
                REACT_TIMEOUT,
            )
            .await?;
            app.wait_js("its questions", "document.querySelector('#predict-j5') !== null", REACT_TIMEOUT).await?;
            check_eq("a new score", ("0".to_string(), "0".to_string()), score(&app).await?)?;
            // Leaving shows the whole run again.
            key("#predict-leave", ENTER).await?;
            app.wait_js("the panel gone", "document.querySelector('#predict') === null", REACT_TIMEOUT).await?;
            check_eq("hidden after leaving", None, app.attr("#gantt-threads", "data-hide-after").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
