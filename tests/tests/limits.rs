//! The worst scenario the limits allow keeps the page answering clicks (issue 15, item 2): a
//! text of almost 64 KiB with 10,000 threads on 256 cores, `limit 10000000` and repeats that
//! would run far longer, so the run ends at the browser's budget of trace segments (outcome
//! `limit`). The app runs it in slices between frames (crates/web/src/job.rs); the moment its
//! progress shows, the test changes the theme and measures, on the page's clock, how long the
//! page takes to apply it. The limits themselves, at their edges: crates/sim/tests/limits.rs.

mod harness;

use harness::App;
use std::time::Duration;
use threadlab_sim::limits::{MAX_CORES, MAX_LIMIT, MAX_TEXT_BYTES, MAX_THREADS};

/// A click must show within this, while the run goes on (the slices are a few ms each; the
/// bound leaves room for a loaded machine, far under the per-test timeout of 90 s).
const REACTION_BOUND_MS: f64 = 2_000.0;
/// The run to its end (the segment budget) and its charts of 10,000 lanes.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// The heaviest scenario: every limit at once, padded with a comment to just under 64 KiB.
fn worst() -> String {
    let mut text = format!(
        "title \"The worst allowed\"\ncores {MAX_CORES}\nlimit {MAX_LIMIT}\n\
         thread w x {MAX_THREADS} {{ repeat 1000000000000 {{ cpu 1; io 1 }} }}\n#"
    );
    text.push_str(&"x".repeat(MAX_TEXT_BYTES - 1 - text.len()));
    text.push('\n');
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worst_allowed_scenario_keeps_the_page_answering_clicks() {
    let app = App::open("the_worst_allowed_scenario_keeps_the_page_answering_clicks").await;
    let outcome = app
        .run(async {
            let text = worst();
            if text.len() != MAX_TEXT_BYTES || threadlab_sim::check(&text).is_err() {
                return Err(format!("the test's scenario should be valid and {MAX_TEXT_BYTES} bytes: {}", text.len()));
            }
            app.select("#theme", "light").await?;
            app.react_when_shown(
                "#sim-progress",
                "const s = document.querySelector('#theme'); s.value = 'dark'; \
                 s.dispatchEvent(new Event('change', { bubbles: true }))",
                "document.documentElement.dataset.theme === 'dark'",
            )
            .await?;
            app.set_text("#editor", &text).await?;
            let (ms, still_running) = app.reaction(RUN_TIMEOUT).await?;
            println!("theme changed {ms:.0} ms after the click, the run still going: {still_running}");
            if ms > REACTION_BOUND_MS {
                return Err(format!(
                    "the page took {ms:.0} ms to answer a click during the run (bound {REACTION_BOUND_MS} ms)"
                ));
            }
            // The run ends at the browser's budget of segments (or the `limit`), and says so.
            app.wait_attr("#outcome", "data-kind", "limit", RUN_TIMEOUT).await?;
            let said = app.text("#outcome").await?;
            if !said.contains("10000000") && !said.to_lowercase().contains("segment") {
                return Err(format!("the outcome should say which limit stopped the run: {said:?}"));
            }
            if app.count("#sim-progress").await? != 0 {
                return Err("the progress should be gone once the run stopped".into());
            }
            let segments = app.attr_u64("#gantt-threads", "data-segments").await?;
            println!("outcome: {said:?}; {segments} thread segments drawn");
            if segments < MAX_THREADS as u64 {
                return Err(format!("every one of the {MAX_THREADS} threads should be drawn: {segments} segments"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
