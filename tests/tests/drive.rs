//! Issue 14, you are the scheduler: the experiments' bar's button adds `picks` to the text and the run stops at
//! the first choice; the panel offers the Runnable threads the core says (its buttons are the
//! paused run's threads, in queue order); a click and a key pick, Undo takes the last pick
//! back; the chart, the outcome and the events show the run up to the pause; playing to the
//! goal (a deadlock) marks it reached; the picks are in the text and in the shared link; Leave
//! takes them out. Expected values come from `threadlab_sim::run` on the same text.

mod harness;

use harness::{check_eq, pixel, simulate, App, Plot, REACT_TIMEOUT};
use threadlab_share::link::{decode, encode, LinkState};
use threadlab_sim::Outcome;

/// Two threads taking two locks in opposite orders; each computes before each lock, so the
/// order of the turns decides whether they deadlock.
const TEXT: &str = "title \"Make them deadlock\"
scheduler rr quantum 1
goal deadlock
thread a { cpu 1; lock m; cpu 1; lock n; cpu 1; unlock n; unlock m }
thread b { cpu 1; lock n; cpu 1; lock m; cpu 1; unlock m; unlock n }
";

/// The text with these picks, as the panel writes it (`format::to_text`).
fn with_picks(picks: &str) -> String {
    let mut sc = threadlab_sim::parse(TEXT).expect("valid");
    sc.settings.picks = Some(
        picks
            .split_whitespace()
            .map(|t| threadlab_sim::ast::Name { text: t.into(), pos: Default::default() })
            .collect(),
    );
    threadlab_sim::format::to_text(&sc)
}

/// Where the run of `text` waits: its tick and the threads offered, in order.
fn pause(text: &str) -> (u64, Vec<String>) {
    let r = simulate(text);
    match &r.outcome {
        Outcome::Pick { tick, threads, .. } => (*tick, threads.iter().map(|&t| r.thread_name(t).to_string()).collect()),
        other => panic!("expected a pause, found {other:?}"),
    }
}

/// Waits for the panel to show the run with `made` picks, and checks its choices and the
/// chart's end against the core's run of the same text.
async fn shows(app: &App, picks: &str) -> harness::Outcome {
    let made = picks.split_whitespace().count();
    app.wait_attr("#drive", "data-made", &made.to_string(), REACT_TIMEOUT).await?;
    app.wait_attr("#drive", "data-kind", "pick", REACT_TIMEOUT).await?;
    let (tick, threads) = pause(&with_picks(picks));
    let buttons = app
        .js("return [...document.querySelectorAll('#drive .drive-pick')].map(b => b.dataset.thread);", vec![])
        .await?;
    check_eq("the threads offered", serde_json::json!(threads), buttons)?;
    let typed = threadlab_sim::parse(&app.value("#editor").await?).map_err(|e| e.to_string())?;
    let typed: Vec<String> = typed.settings.picks.unwrap_or_default().into_iter().map(|n| n.text).collect();
    check_eq("the picks in the editor", picks.split_whitespace().map(String::from).collect::<Vec<_>>(), typed)?;
    app.wait_attr("#outcome", "data-kind", "pick", REACT_TIMEOUT).await?;
    // The cursor is at the pause: the why-line explains it.
    app.wait_attr("#time", "data-tick", &tick.to_string(), REACT_TIMEOUT).await?;
    // The chart ends where the run waits (a run paused at 0 has a window of its own).
    if tick == 0 {
        return Ok(());
    }
    app.wait_js(
        "the chart drawn to the pause",
        &format!("document.querySelector('#gantt-threads').dataset.window === '0-{tick}'"),
        REACT_TIMEOUT,
    )
    .await?;
    Ok(())
}

/// The colour painted on the threads chart in `thread`'s lane at tick `t`.
async fn painted(app: &App, thread: &str, t: f64) -> Result<String, String> {
    let canvas = "#gantt-threads";
    app.wait_attr(canvas, "data-ready", "true", REACT_TIMEOUT).await?;
    let rows = app.attr(canvas, "data-rows").await?.unwrap_or_default();
    let row = rows.split(',').position(|r| r == thread).ok_or_else(|| format!("no row for {thread} in {rows:?}"))?;
    let plot = Plot::of(app, canvas).await?;
    Ok(pixel(app, canvas, plot.x(t), plot.y(row) + 4.5).await?.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_learner_schedules_to_a_deadlock() {
    let app = App::open("drive_to_deadlock").await;
    let outcome = app
        .run(async {
            let link = format!("#{}", encode(&LinkState { text: TEXT.into(), ..LinkState::default() }));
            app.load(&link, true).await?;
            let plain = simulate(TEXT).outcome.kind();
            app.wait_attr("#outcome", "data-kind", plain, REACT_TIMEOUT).await?;
            app.click("#drive-toggle").await?;
            app.wait_js("the drive panel", "document.querySelector('#drive') !== null", REACT_TIMEOUT).await?;
            shows(&app, "").await?;
            // Started from the experiments' bar under the charts, the panel comes into view.
            app.wait_js(
                "the panel in view",
                "(() => { const r = document.querySelector('#drive').getBoundingClientRect(); \
                 return r.top >= 0 && r.top < window.innerHeight; })()",
                REACT_TIMEOUT,
            )
            .await?;
            check_eq("the goal's status", Some("open".to_string()), app.attr("#drive", "data-goal").await?)?;
            // A click picks a; the key 2 picks the second thread offered next.
            app.click("#drive .drive-pick[data-thread='a']").await?;
            shows(&app, "a").await?;
            let second = pause(&with_picks("a")).1[1].clone();
            app.find("#drive .drive-pick").await?.send_keys("2").await.map_err(|e| format!("keys: {e}"))?;
            shows(&app, &format!("a {second}")).await?;
            // Undo (the key U) takes it back.
            app.find("#drive .drive-pick").await?.send_keys("u").await.map_err(|e| format!("keys: {e}"))?;
            shows(&app, "a").await?;
            // a, b, a: each holds one lock and waits for the other.
            app.click("#drive .drive-pick[data-thread='b']").await?;
            shows(&app, "a b").await?;
            // What was just decided is drawn: b runs its tick, a waits for the core.
            let running = threadlab_share::palette::style(threadlab_share::chart::LegendKey::Running).0;
            check_eq("b's lane at t = 1.5", running.to_ascii_uppercase(), painted(&app, "b", 1.5).await?)?;
            check_eq(
                "a's lane at t = 1.5 is not running",
                false,
                painted(&app, "a", 1.5).await? == running.to_ascii_uppercase(),
            )?;
            app.click("#drive .drive-pick[data-thread='a']").await?;
            app.wait_attr("#outcome", "data-kind", "deadlock", REACT_TIMEOUT).await?;
            app.wait_attr("#drive", "data-goal", "met", REACT_TIMEOUT).await?;
            check_eq("the goal's words", "reached ✓".to_string(), app.text("#drive-goal-status").await?)?;
            check_eq("buttons once the run is over", 0, app.count("#drive .drive-pick").await?)?;
            let expected = simulate(&with_picks("a b a"));
            check_eq("the run's outcome", "deadlock", expected.outcome.kind())?;
            // Every pick is an event of the run, with its reason.
            let events = app.text("#events-rows").await?;
            check_eq("picks among the events", 3, events.matches("your pick").count())?;
            // The link holds the picks: opened elsewhere it is the same run.
            // (The page writes its link a moment after an edit.)
            let started = std::time::Instant::now();
            let mut text = String::new();
            while text != with_picks("a b a") && started.elapsed() < REACT_TIMEOUT {
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                let hash = app.js("return location.hash;", vec![]).await?;
                text = decode(hash.as_str().unwrap_or_default()).state.text;
            }
            check_eq("the link's text", with_picks("a b a"), text)?;
            // Leave: no picks, the ordinary run again.
            app.click("#drive-leave").await?;
            app.wait_js("the panel gone", "document.querySelector('#drive') === null", REACT_TIMEOUT).await?;
            app.wait_attr("#outcome", "data-kind", plain, REACT_TIMEOUT).await?;
            check_eq("text without picks", false, app.value("#editor").await?.contains("picks"))?;
            app.find("#drive-toggle").await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_goal_is_chosen_in_the_panel_and_a_wrong_pick_is_told() {
    let app = App::open("drive_goal_and_wrong_pick").await;
    let outcome = app
        .run(async {
            // A pick of a thread that sleeps at that tick (typed in the text).
            let text = "scheduler fifo\npicks a a\nthread a { cpu 1; sleep 5; cpu 1 }\nthread b { cpu 3 }\nthread c { cpu 3 }\n";
            let link = format!("#{}", encode(&LinkState { text: text.into(), ..LinkState::default() }));
            app.load(&link, true).await?;
            app.wait_attr("#drive", "data-made", "1", REACT_TIMEOUT).await?;
            check_eq("the wrong pick", "a ✗".to_string(), app.text("#drive-wrong").await?)?;
            let buttons = app
                .js("return [...document.querySelectorAll('#drive .drive-pick')].map(b => b.dataset.thread);", vec![])
                .await?;
            check_eq("the threads offered", serde_json::json!(["b", "c"]), buttons)?;
            // Picking c replaces the wrong pick.
            app.click("#drive .drive-pick[data-thread='c']").await?;
            app.wait_js("picks a c", "document.querySelector('#editor').value.includes('picks a c')", REACT_TIMEOUT)
                .await?;
            // A goal from the panel: finish by tick 7, then its status.
            app.select("#drive-goal-kind", "finish-by").await?;
            app.wait_js("goal finish-by", "document.querySelector('#editor').value.includes('goal finish-by')", REACT_TIMEOUT)
                .await?;
            app.change("#drive-goal-n", "20").await?;
            app.wait_js(
                "goal finish-by 20",
                "document.querySelector('#editor').value.includes('goal finish-by 20')",
                REACT_TIMEOUT,
            )
            .await?;
            let status = simulate(&app.value("#editor").await?).goal.expect("a goal").status.as_str();
            app.wait_attr("#drive", "data-goal", status, REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
