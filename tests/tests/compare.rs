//! Issue 13, comparisons and embedded experiments in the page: a comparison from a link runs
//! in the worker module and shows its variants side by side (a table of the core's numbers, a
//! makespan bar per variant, each variant's Gantt chart over one shared time axis); a
//! ready-made comparison (the notes' claim that processes beat the GIL); a comparison of
//! texts; a variant opens in the app; an embed shows the sweep or the comparison of its link;
//! a long comparison is cancelled.

mod harness;

use harness::{check_eq, App, REACT_TIMEOUT};
use std::time::Duration;
use threadlab_share::experiment::{compare_texts, compare_values, Spec, Variant};
use threadlab_share::link::{encode, LinkExperiment, LinkState};

const RUN_TIMEOUT: Duration = harness::LONG_TIMEOUT;

/// Four threads of CPU and I/O: cores shorten the makespan.
const TEXT: &str = "thread w x 4 { repeat 3 { cpu 6; io 4 } }\n";

/// A variant's numbers as the page shows them: (label, makespan, CPU ppm, switches, hand-offs, waiting).
type Row = (String, u64, u64, u64, u64, u64);

fn rows_of(v: &[Variant]) -> Vec<Row> {
    v.iter()
        .map(|v| {
            let n = &v.numbers;
            let ppm = (n.cpu_utilization * 1e6).round() as u64;
            (v.label.clone(), n.makespan, ppm, n.context_switches, n.gil_handoffs, n.total_waiting)
        })
        .collect()
}

/// The table's rows, read from the page.
async fn shown(app: &App) -> Result<Vec<Row>, String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('#compare-table tr.compare-row')].map(r => \
             [r.dataset.label, Number(r.dataset.makespan), Number(r.dataset.cpuPpm), Number(r.dataset.switches), \
              Number(r.dataset.handoffs), Number(r.dataset.waiting)]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("no rows")?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            Some((
                r[0].as_str()?.to_string(),
                r[1].as_u64()?,
                r[2].as_u64()?,
                r[3].as_u64()?,
                r[4].as_u64()?,
                r[5].as_u64()?,
            ))
        })
        .collect())
}

/// The makespan bars: (label, makespan, drawn width).
async fn bars(app: &App) -> Result<Vec<(String, u64, f64)>, String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('#compare-bars .compare-bar')].map(g => \
             [g.dataset.label, Number(g.dataset.makespan), Number(g.querySelector('rect').getAttribute('width'))]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("no bars")?;
    Ok(rows.iter().filter_map(|r| Some((r[0].as_str()?.to_string(), r[1].as_u64()?, r[2].as_f64()?))).collect())
}

/// Each variant's chart: (label, loaded and drawn, its plot's place: width, left edge and
/// columns, as the SVG says them).
async fn charts(app: &App) -> Result<Vec<(String, bool, String)>, String> {
    let v = app
        .js(
            "const imgs = [...document.querySelectorAll('#compare-charts figure.compare-variant')];\
             return Promise.all(imgs.map(f => { const i = f.querySelector('img.compare-gantt'); \
               return (i.complete ? Promise.resolve() : new Promise(r => { i.onload = r; i.onerror = r; })).then(() => {\
                 const svg = decodeURIComponent(i.src.split(',').slice(1).join(','));\
                 const head = (svg.match(/<svg[^>]*>/) || [''])[0];\
                 const a = n => (head.match(new RegExp(n + '=\"([^\"]*)\"')) || [])[1];\
                 return [f.dataset.label, i.naturalWidth > 0, [a('width'), a('data-plot-x'), a('data-columns')].join(' ')]; }); }));",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("no charts")?;
    Ok(rows
        .iter()
        .filter_map(|r| Some((r[0].as_str()?.to_string(), r[1].as_bool()?, r[2].as_str()?.to_string())))
        .collect())
}

/// The checks every finished comparison passes: the table holds `want`, one bar per variant
/// in proportion to its makespan, one drawn chart per variant, all of one size (one window:
/// 0 to the longest makespan, which the page states).
async fn check_side_by_side(app: &App, want: Vec<Row>) -> Result<(), String> {
    check_eq(
        "the numbers table (label, makespan, CPU ppm, switches, GIL hand-offs, waiting)",
        want.clone(),
        shown(app).await?,
    )?;
    let b = bars(app).await?;
    check_eq(
        "the bars' makespans",
        want.iter().map(|r| (r.0.clone(), r.1)).collect::<Vec<_>>(),
        b.iter().map(|r| (r.0.clone(), r.1)).collect(),
    )?;
    let longest = want.iter().map(|r| r.1).max().unwrap_or(1);
    let widest = b.iter().map(|r| r.2).fold(0.0, f64::max);
    for (label, makespan, width) in &b {
        let expected = widest * *makespan as f64 / longest as f64;
        if (width - expected).abs() > 1.5 {
            return Err(format!(
                "the bar of {label} is {width} wide, {expected:.1} expected (makespan {makespan} of {longest})"
            ));
        }
    }
    check_eq("the shared axis' end", Some(longest.to_string()), app.attr("#compare-axis", "data-end").await?)?;
    let c = charts(app).await?;
    check_eq(
        "one chart per variant",
        want.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
        c.iter().map(|r| r.0.clone()).collect(),
    )?;
    for (label, drawn, plot) in &c {
        if !drawn {
            return Err(format!("the chart of {label} did not load as an image"));
        }
        if plot.split(' ').count() != 3 || plot.contains("  ") {
            return Err(format!("the chart of {label} does not say where its plot is: {plot:?}"));
        }
        // Same width, same plot's left edge, same columns, and one window: one time axis.
        check_eq(&format!("{label}'s plot (width, left edge, columns)"), c[0].2.clone(), plot.clone())?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_from_a_link_shows_its_variants_side_by_side() {
    let app = App::open("a_comparison_from_a_link_shows_its_variants_side_by_side").await;
    let outcome = app
        .run(async {
            let state = LinkState {
                text: TEXT.to_string(),
                experiment: Some(LinkExperiment::Compare("cores=1,2,4".to_string())),
                ..LinkState::default()
            };
            app.load(&format!("#{}", encode(&state)), true).await?;
            app.wait_attr("#compare-status", "data-state", "done", RUN_TIMEOUT).await?;
            let base = threadlab_sim::parse(TEXT).map_err(|e| e.to_string())?;
            let spec = Spec::parse_compare("cores=1,2,4").map_err(|e| e.to_string())?;
            let want = rows_of(
                &compare_values(&base, &spec, &threadlab_sim::RunOptions::default()).map_err(|e| e.to_string())?,
            );
            check_side_by_side(&app, want).await?;
            check_eq(
                "the compare button pressed",
                Some("true".to_string()),
                app.attr("#compare-toggle", "aria-expanded").await?,
            )?;
            check_eq("the spec shown", "cores=1,2,4".to_string(), app.value("#compare-spec").await?)?;
            // A variant opens in the app: the one with 4 cores.
            app.click("#compare-table tr.compare-row[data-label=\"cores=4\"] button.compare-open").await?;
            app.wait_js(
                "the editor to hold the variant with 4 cores",
                "document.querySelector('#editor').value.includes('cores 4')",
                REACT_TIMEOUT,
            )
            .await?;
            // Its run is on screen (4 core lanes) before the page is used again.
            app.wait_attr("#gantt-cores", "data-lanes", "4", REACT_TIMEOUT).await?;
            // Another comparison, typed (a setting whose values are words): the link follows it.
            app.set_text("#compare-spec", "gil=off,on").await?;
            app.click("#compare-run").await?;
            app.wait_js(
                "two variants of the GIL",
                "document.querySelectorAll('#compare-table tr.compare-row[data-label^=\"gil=\"]').length === 2",
                RUN_TIMEOUT,
            )
            .await?;
            let opened = threadlab_sim::parse(&app.value("#editor").await?).map_err(|e| e.to_string())?;
            let spec = Spec::parse_compare("gil=off,on").map_err(|e| e.to_string())?;
            let want = rows_of(
                &compare_values(&opened, &spec, &threadlab_sim::RunOptions::default()).map_err(|e| e.to_string())?,
            );
            check_side_by_side(&app, want).await?;
            app.wait_link_experiment(LinkExperiment::Compare("gil=off,on".into())).await?;
            // Closing it takes it out of the link.
            app.click("#compare-toggle").await?;
            app.wait_js("the lab to hide", "document.querySelector('#lab-root').hidden === true", REACT_TIMEOUT)
                .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// The notes' claim (concept 5): under the GIL two CPU-bound threads gain nothing from a
/// second core, two processes halve the makespan: a ready-made comparison each.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_made_comparisons_show_the_gil_claim() {
    let app = App::open("ready_made_comparisons_show_the_gil_claim").await;
    let outcome = app
        .run(async {
            app.click("#compare-toggle").await?;
            app.find("#sweep-ready").await?;
            for (id, makespans) in [("gil-threads-cpu", [80, 80]), ("gil-processes-cpu", [80, 40])] {
                let claim = threadlab_share::claims::find(id).ok_or("the claim")?;
                app.select("#sweep-ready", id).await?;
                app.wait_js(
                    "the claim's comparison",
                    &format!(
                        "document.querySelector('#compare-status').dataset.state === 'done' && \
                         document.querySelector('#sweep-claim')?.textContent === {}",
                        serde_json::to_string(claim.see).map_err(|e| e.to_string())?
                    ),
                    RUN_TIMEOUT,
                )
                .await?;
                let base = threadlab_sim::parse(claim.text).map_err(|e| e.to_string())?;
                let spec = Spec::parse_compare(claim.spec).map_err(|e| e.to_string())?;
                let want = rows_of(
                    &compare_values(&base, &spec, &threadlab_sim::RunOptions::default()).map_err(|e| e.to_string())?,
                );
                check_eq(
                    &format!("{id}: the makespans"),
                    makespans.to_vec(),
                    want.iter().map(|r| r.1).collect::<Vec<_>>(),
                )?;
                check_side_by_side(&app, want).await?;
                check_eq(&format!("{id}: the editor"), claim.text.to_string(), app.value("#editor").await?)?;
            }
            // The picture of README.md (target/e2e-artifacts/…-compare.png).
            app.js("document.querySelector('#compare-table').scrollIntoView({block: 'start'}); return true;", vec![])
                .await?;
            app.screenshot("compare").await?;
            // The scenario on screen has a pool: its numbers are in the app's table.
            let run = harness::simulate(threadlab_share::claims::find("gil-processes-cpu").ok_or("the claim")?.text);
            let p = run.pools.first().ok_or("the claim's pool")?;
            let cells = |p: &threadlab_sim::pool::PoolStats| {
                // One decimal, or a dash (the table's averages).
                let avg =
                    |x: Option<f64>| x.map_or("–".to_string(), |x| threadlab_share::decimal::Fixed(x, 1).to_string());
                vec![
                    p.name.clone(),
                    p.kind.keyword().to_string(),
                    p.workers.to_string(),
                    p.jobs.to_string(),
                    p.done.to_string(),
                    avg(p.throughput),
                    avg(p.mean_latency),
                    p.max_latency.map_or("–".to_string(), |m| m.to_string()),
                ]
            };
            app.wait_js(
                "the pools table",
                "document.querySelector('#pools tr[data-pool=\"p\"]') !== null",
                REACT_TIMEOUT,
            )
            .await?;
            let shown = app
                .js(
                    "return [...document.querySelectorAll('#pools tr[data-pool=\"p\"] > *')].map(c => c.textContent);",
                    vec![],
                )
                .await?;
            check_eq("the pool's numbers in the app's table", serde_json::json!(cells(p)), shown)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// A link that compares texts (`threadlab link A.tl --with B.tl`): the variants are labelled
/// by their titles and their numbers are the core's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparison_of_texts_from_a_link() {
    let app = App::open("a_comparison_of_texts_from_a_link").await;
    let outcome = app
        .run(async {
            let a = "title \"threads <b>\"\ngil on\ncores 2\nthread t x 2 { cpu 30 }\n";
            let b = "title \"processes\"\ngil on\ncores 2\nprocess p { thread t { cpu 30 } }\nprocess q { thread t2 { cpu 30 } }\n";
            let state = LinkState {
                text: a.to_string(),
                experiment: Some(LinkExperiment::Texts(vec![b.to_string()])),
                ..LinkState::default()
            };
            app.load(&format!("#{}", encode(&state)), true).await?;
            app.wait_attr("#compare-status", "data-state", "done", RUN_TIMEOUT).await?;
            let texts = [("threads <b>".to_string(), a.to_string()), ("processes".to_string(), b.to_string())];
            let want = rows_of(&compare_texts(&texts, &threadlab_sim::RunOptions::default()).map_err(|e| format!("{e:?}"))?);
            check_side_by_side(&app, want).await?;
            check_eq("no markup from a title", 0, app.count("#compare b").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// An embed (`?embed`) of a link with a sweep or a comparison shows it, run, under the charts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_shows_the_experiment_of_its_link() {
    let app = App::open("an_embed_shows_the_experiment_of_its_link").await;
    let outcome = app
        .run(async {
            let sweep = LinkState {
                text: TEXT.to_string(),
                experiment: Some(LinkExperiment::Sweep("cores=1..4".to_string())),
                ..LinkState::default()
            };
            app.load(&format!("index.html?embed#{}", encode(&sweep)), true).await?;
            app.wait_attr("#sweep-chart", "data-points", "4", RUN_TIMEOUT).await?;
            let base = threadlab_sim::parse(TEXT).map_err(|e| e.to_string())?;
            let sw = threadlab_share::experiment::sweep(
                &base,
                &Spec::parse("cores=1..4").map_err(|e| e.to_string())?,
                &threadlab_sim::RunOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            let makespans = app
                .js("return [...document.querySelectorAll('#sweep-chart .sweep-point')].map(g => Number(g.dataset.makespan));", vec![])
                .await?;
            check_eq(
                "the embedded sweep's makespans",
                serde_json::json!(sw.points.iter().map(|p| p.numbers.makespan).collect::<Vec<_>>()),
                makespans,
            )?;
            check_eq("an embed has no experiment buttons", 0, app.count("#sweep-toggle, #compare-toggle").await?)?;
            check_eq("an embed is an embed", Some("true".to_string()), app.attr("#app", "data-embed").await?)?;
            let compare = LinkState { experiment: Some(LinkExperiment::Compare("cores=1,4".to_string())), ..sweep };
            app.load(&format!("index.html?embed#{}", encode(&compare)), true).await?;
            app.wait_attr("#compare-status", "data-state", "done", RUN_TIMEOUT).await?;
            let spec = Spec::parse_compare("cores=1,4").map_err(|e| e.to_string())?;
            let want = rows_of(&compare_values(&base, &spec, &threadlab_sim::RunOptions::default()).map_err(|e| e.to_string())?);
            check_side_by_side(&app, want).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// A long comparison shows its progress and is cancelled; nothing of it arrives after, and
/// the next one runs (in a new worker).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_comparison_can_be_cancelled() {
    let app = App::open("a_long_comparison_can_be_cancelled").await;
    let outcome = app
        .run(async {
            // Four runs of 2,000 threads: seconds in the worker.
            app.set_text("#editor", "cores 4\nthread w x 2000 { repeat 40 { cpu 2; io 3 } }\n").await?;
            app.click("#compare-toggle").await?;
            app.find("#compare-spec").await?;
            app.set_text("#compare-spec", "quantum=1,2,3,4").await?;
            app.click("#compare-run").await?;
            check_eq(
                "the status while running",
                Some("running".to_string()),
                app.attr("#compare-status", "data-state").await?,
            )?;
            check_eq("a progress bar", 1, app.count("#compare-progress").await?)?;
            app.click("#compare-cancel").await?;
            app.wait_attr("#compare-status", "data-state", "cancelled", REACT_TIMEOUT).await?;
            tokio::time::sleep(Duration::from_millis(500)).await;
            check_eq("no table after cancelling", 0, app.count("#compare-table").await?)?;
            app.set_text("#editor", TEXT).await?;
            app.set_text("#compare-spec", "cores=1,2").await?;
            app.click("#compare-run").await?;
            app.wait_attr("#compare-status", "data-state", "done", RUN_TIMEOUT).await?;
            check_eq("the next comparison's variants", 2, app.count("#compare-table tr.compare-row").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
