//! Issue 13, the sweep in the page: the panel (extras module) sends the sweep to the worker
//! module, shows its progress, can cancel it, and draws the points; the chart's numbers are
//! the core's (`threadlab_share::experiment::sweep` natively gives the same makespans, CPU
//! utilisation and knee); a link carries the sweep and opens it running; a point opens its
//! run.

mod harness;

use harness::{check_eq, App, REACT_TIMEOUT};
use std::time::Duration;
use threadlab_share::experiment::{sweep, Spec};
use threadlab_share::link::{encode, LinkState};

const SWEEP_TIMEOUT: Duration = harness::LONG_TIMEOUT;

/// Four CPU-bound threads and I/O: the makespan falls with cores, then flattens.
const TEXT: &str = "thread w x 4 { repeat 3 { cpu 6; io 4 } }\n";

/// The sweep natively: (value, makespan, CPU utilisation in millionths) per point, and the knee.
fn native(text: &str, spec: &str) -> (Vec<(u64, u64, u64)>, Option<u64>) {
    let base = threadlab_sim::parse(text).expect("valid");
    let sw = sweep(&base, &Spec::parse(spec).expect("valid"), &threadlab_sim::RunOptions::default()).expect("runs");
    let points = sw
        .points
        .iter()
        .map(|p| (p.value, p.numbers.makespan, (p.numbers.cpu_utilization * 1e6).round() as u64))
        .collect();
    (points, sw.knee)
}

/// The points drawn: (value, makespan, CPU utilisation in millionths).
async fn drawn(app: &App) -> Result<Vec<(u64, u64, u64)>, String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('#sweep-chart .sweep-point')].map(g => \
             [Number(g.dataset.value), Number(g.dataset.makespan), Number(g.dataset.cpuPpm)]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("no points")?;
    Ok(rows.iter().filter_map(|r| Some((r[0].as_u64()?, r[1].as_u64()?, r[2].as_u64()?))).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_runs_in_the_worker_and_draws_the_cores_numbers() {
    let app = App::open("a_sweep_runs_in_the_worker_and_draws_the_cores_numbers").await;
    let outcome = app
        .run(async {
            app.set_text("#editor", TEXT).await?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-spec").await?;
            app.set_text("#sweep-spec", "cores=1..5").await?;
            app.click("#sweep-run").await?;
            app.wait_attr("#sweep-chart", "data-points", "5", SWEEP_TIMEOUT).await?;
            let (want, knee) = native(TEXT, "cores=1..5");
            check_eq("the points drawn (value, makespan, CPU ppm)", want, drawn(&app).await?)?;
            let knee = knee.ok_or("the native sweep has a knee")?;
            check_eq("data-knee", Some(knee.to_string()), app.attr("#sweep-chart", "data-knee").await?)?;
            let sentence = app.text("#sweep-sentence").await?;
            if !sentence.contains(&format!("cores = {knee}")) {
                return Err(format!("the sentence should name the knee cores = {knee}: {sentence:?}"));
            }
            // The sweep went into the page's link: the share bar's link opens it again.
            app.wait_link_experiment(threadlab_share::link::LinkExperiment::Sweep("cores=1..5".to_string())).await?;
            // A point opens its run: the editor gets the variant's text (cores 3).
            app.click("#sweep-chart .sweep-point[data-value=\"3\"] circle.sweep-makespan").await?;
            app.wait_js(
                "the editor to hold the variant with 3 cores",
                "document.querySelector('#editor').value.includes('cores 3')",
                REACT_TIMEOUT,
            )
            .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_from_a_link_runs_at_once() {
    let app = App::open("a_sweep_from_a_link_runs_at_once").await;
    let outcome = app
        .run(async {
            let state = LinkState {
                text: TEXT.to_string(),
                experiment: Some(threadlab_share::link::LinkExperiment::Sweep("cores=1,2,4".to_string())),
                ..LinkState::default()
            };
            app.load(&format!("#{}", encode(&state)), true).await?;
            app.wait_attr("#sweep-chart", "data-points", "3", SWEEP_TIMEOUT).await?;
            check_eq("the points drawn", native(TEXT, "cores=1,2,4").0, drawn(&app).await?)?;
            check_eq("the spec shown", "cores=1,2,4".to_string(), app.value("#sweep-spec").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_sweep_shows_progress_and_can_be_cancelled() {
    let app = App::open("a_long_sweep_shows_progress_and_can_be_cancelled").await;
    let outcome = app
        .run(async {
            // 200 runs of 400 threads: several seconds in the worker.
            app.set_text("#editor", "cores 4\nthread w x 400 { repeat 40 { cpu 2; io 3 } }\n").await?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-spec").await?;
            app.set_text("#sweep-spec", "quantum=1..200").await?;
            app.click("#sweep-run").await?;
            app.wait_js(
                "the progress bar to move",
                "(() => { const p = document.querySelector('#sweep-progress'); return p && Number(p.value) >= 1; })()",
                SWEEP_TIMEOUT,
            )
            .await?;
            // The page answers while the worker runs: the panel's input can be read and typed in.
            check_eq(
                "the status while running",
                Some("running".to_string()),
                app.attr("#sweep-status", "data-state").await?,
            )?;
            app.click("#sweep-cancel").await?;
            app.wait_attr("#sweep-status", "data-state", "cancelled", REACT_TIMEOUT).await?;
            // Nothing more arrives from the cancelled sweep; a new one runs in a new worker.
            tokio::time::sleep(Duration::from_millis(500)).await;
            check_eq("no chart after cancelling", 0, app.count("#sweep-chart").await?)?;
            app.set_text("#editor", TEXT).await?;
            app.set_text("#sweep-spec", "cores=1,2").await?;
            app.click("#sweep-run").await?;
            app.wait_attr("#sweep-chart", "data-points", "2", SWEEP_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// A `workers` sweep of a pool under the GIL: the formula's best worker count (P = 1 core under
/// the GIL) is drawn and equals the knee, and the sentence says why the knee comes early.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_workers_sweep_marks_the_formula_and_the_knee() {
    let app = App::open("a_workers_sweep_marks_the_formula_and_the_knee").await;
    let outcome = app
        .run(async {
            let text = "gil on\ncores 4\npool p threads 1 jobs 24 { cpu 2; io 6 }\n";
            app.set_text("#editor", text).await?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-spec").await?;
            app.set_text("#sweep-spec", "workers=1..8").await?;
            app.click("#sweep-run").await?;
            app.wait_attr("#sweep-chart", "data-points", "8", SWEEP_TIMEOUT).await?;
            let (want, knee) = native(text, "workers=1..8");
            check_eq("the points drawn", want, drawn(&app).await?)?;
            let base = threadlab_sim::parse(text).map_err(|e| e.to_string())?;
            let formula = threadlab_share::experiment::formula(
                &base,
                &threadlab_share::experiment::Param::parse("workers").map_err(|e| e.to_string())?,
            )
            .ok_or("the core gives a formula")?;
            check_eq("the formula (W + C) / C x P, P = 1 under the GIL", 4.0, formula)?;
            check_eq("data-formula", Some("4".to_string()), app.attr("#sweep-chart", "data-formula").await?)?;
            check_eq("data-knee", knee.map(|k| k.to_string()), app.attr("#sweep-chart", "data-knee").await?)?;
            check_eq("the knee is the formula", Some(4), knee)?;
            check_eq("a formula mark is drawn", 1, app.count("#sweep-chart .sweep-formula").await?)?;
            check_eq("throughput is drawn for a pool", 8, app.count("#sweep-chart circle.sweep-throughput").await?)?;
            // The picture of the README: the chart in view.
            app.js("document.querySelector('#sweep-chart').scrollIntoView({block: 'center'}); return true;", vec![])
                .await?;
            app.screenshot("chart").await?;
            let why = app.text("#sweep-formula-sentence").await?;
            if !why.contains("GIL") || !why.contains("P = 1") {
                return Err(format!("the sentence should say why the knee comes early (GIL, P = 1): {why:?}"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// A ready-made experiment (the notes' claims, `share::claims`): choosing it opens its
/// scenario in the app and runs its sweep, whose knee sits at the formula.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ready_made_experiment_opens_its_scenario_and_runs() {
    let app = App::open("a_ready_made_experiment_opens_its_scenario_and_runs").await;
    let outcome = app
        .run(async {
            let claim = threadlab_share::claims::find("best-thread-count").ok_or("the claim")?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-ready").await?;
            app.select("#sweep-ready", claim.id).await?;
            app.wait_attr("#sweep-chart", "data-points", "16", SWEEP_TIMEOUT).await?;
            let (want, knee) = native(claim.text, claim.spec);
            check_eq("the points drawn", want, drawn(&app).await?)?;
            check_eq("the knee (at the formula)", Some("8".to_string()), app.attr("#sweep-chart", "data-knee").await?)?;
            check_eq("the knee natively", Some(8), knee)?;
            check_eq("data-formula", Some("8".to_string()), app.attr("#sweep-chart", "data-formula").await?)?;
            check_eq("what to see", claim.see.to_string(), app.text("#sweep-claim").await?)?;
            check_eq("the spec", claim.spec.to_string(), app.value("#sweep-spec").await?)?;
            app.wait_js(
                "the app to show the claim's scenario",
                "document.querySelector('#editor').value.includes('pool p threads 1 jobs 48')",
                REACT_TIMEOUT,
            )
            .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// The sweep by keyboard and in 简体中文: the panel's words are Chinese, the points are
/// reached with Tab and Enter opens a point's run.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_by_keyboard_in_chinese() {
    let app = App::open("a_sweep_by_keyboard_in_chinese").await;
    let outcome = app
        .run(async {
            app.set_text("#editor", TEXT).await?;
            app.select("#lang", "zh").await?;
            // The buttons in Chinese first (they change width: a click meanwhile may land on
            // the other one).
            app.wait_js(
                "the sweep button in Chinese",
                "document.querySelector('#sweep-toggle')?.textContent === '参数扫描'",
                REACT_TIMEOUT,
            )
            .await?;
            app.click("#sweep-toggle").await?;
            app.find("#sweep-spec").await?;
            app.set_text("#sweep-spec", "cores=1..3").await?;
            app.click("#sweep-run").await?;
            app.wait_attr("#sweep-chart", "data-points", "3", SWEEP_TIMEOUT).await?;
            let title = app.text("#sweep-title").await?;
            check_eq("the panel's title in Chinese", "参数扫描：一个参数取一组值，每个值运行一次".to_string(), title)?;
            let sentence = app.text("#sweep-sentence").await?;
            if !sentence.starts_with("拐点在") {
                return Err(format!("the knee's sentence should be Chinese: {sentence:?}"));
            }
            // Focus the point of 2 cores and press Enter: its run opens.
            app.js(
                "document.querySelector('#sweep-chart .sweep-point[data-value=\"2\"]').focus(); return true;",
                vec![],
            )
            .await?;
            let focused = app.js("return document.activeElement.getAttribute('data-value');", vec![]).await?;
            check_eq("the focused point", Some("2"), focused.as_str())?;
            let active = app.client.active_element().await.map_err(|e| format!("no focused element: {e}"))?;
            active
                .send_keys(&fantoccini::key::Key::Enter.to_string())
                .await
                .map_err(|e| format!("cannot press Enter: {e}"))?;
            app.wait_js(
                "the editor to hold the variant with 2 cores",
                "document.querySelector('#editor').value.includes('cores 2')",
                REACT_TIMEOUT,
            )
            .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
