//! Issue 14, the OSTEP import box: a homework's command line pasted into the page opens its
//! problem as a scenario, whose run the charts and numbers show, beside what the original
//! prints with `-c` (its trace and numbers, as `threadlab ostep` prints them); the page's
//! numbers are the homework's answers; a command line that is not a homework says why.

mod harness;

use harness::{check_eq, App, REACT_TIMEOUT};
use threadlab_share::ostep::{command, scenario};

fn words(s: &str) -> Vec<String> {
    command::split(s).expect("words")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduler_homework_is_imported_with_its_answers() {
    let app = App::open("a_scheduler_homework_is_imported_with_its_answers").await;
    let outcome = app
        .run(async {
            app.click("#ostep-toggle").await?;
            app.find("#ostep-command").await?;
            let line = "./scheduler.py -p RR -q 2 -j 3 -s 7";
            app.set_text("#ostep-command", line).await?;
            app.click("#ostep-import").await?;
            app.wait_attr("#ostep-status", "data-state", "done", REACT_TIMEOUT).await?;
            let (tool, args) = command::parse(line)?;
            let text = scenario::scheduler(&args)?;
            app.wait_js(
                "the editor to hold the problem's scenario",
                &format!(
                    "document.querySelector('#editor').value === {}",
                    serde_json::to_string(&text).map_err(|e| e.to_string())?
                ),
                REACT_TIMEOUT,
            )
            .await?;
            let answer = tool.run(&tool.with_answers(&args))?;
            let shown = app.js("return document.querySelector('#ostep-answer').textContent;", vec![]).await?;
            check_eq("the original's answers, character for character", serde_json::json!(answer), shown)?;
            // The page's average turnaround is scheduler.py's.
            let average = answer.lines().find(|l| l.contains("Average --")).ok_or("an average line")?;
            let turnaround: f64 = average
                .split("Turnaround")
                .nth(1)
                .and_then(|s| s.split_whitespace().next())
                .and_then(|s| s.parse().ok())
                .ok_or("a turnaround")?;
            app.wait_js(
                "the numbers of the run",
                "document.querySelector('#numbers-avg td[data-col=\"turnaround\"]') !== null",
                REACT_TIMEOUT,
            )
            .await?;
            let shown: f64 = app
                .text("#numbers-avg td[data-col=\"turnaround\"]")
                .await?
                .trim()
                .parse()
                .map_err(|e| format!("{e}"))?;
            if (shown - turnaround).abs() > 0.05 {
                return Err(format!("average turnaround: the page shows {shown}, scheduler.py {turnaround}"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_run_homework_runs_to_its_total_time_and_a_bad_line_says_why() {
    let app = App::open("a_process_run_homework_runs_to_its_total_time_and_a_bad_line_says_why").await;
    let outcome = app
        .run(async {
            app.click("#ostep-toggle").await?;
            app.find("#ostep-command").await?;
            // Not a homework: the box says why and the scenario stays.
            let before = app.value("#editor").await?;
            app.set_text("#ostep-command", "ls -l").await?;
            app.click("#ostep-import").await?;
            app.wait_attr("#ostep-status", "data-state", "failed", REACT_TIMEOUT).await?;
            let why = app.text("#ostep-error").await?;
            if !why.contains("scheduler.py or process-run.py") {
                return Err(format!("the error should say what was expected: {why:?}"));
            }
            check_eq("the scenario is kept", before, app.value("#editor").await?)?;
            let line = "python3 process-run.py -l 3:50,4:50 -s 3 -L 4 -S SWITCH_ON_END";
            app.set_text("#ostep-command", line).await?;
            app.click("#ostep-import").await?;
            app.wait_attr("#ostep-status", "data-state", "done", REACT_TIMEOUT).await?;
            let answer = app.text("#ostep-answer").await?;
            let total: u64 = answer
                .lines()
                .find_map(|l| l.strip_prefix("Stats: Total Time "))
                .and_then(|s| s.trim().parse().ok())
                .ok_or(format!("no Total Time in {answer}"))?;
            let text = scenario::process_run(&words(line)[2..])?;
            app.wait_js(
                "the problem's scenario",
                &format!(
                    "document.querySelector('#editor').value === {}",
                    serde_json::to_string(&text).map_err(|e| e.to_string())?
                ),
                REACT_TIMEOUT,
            )
            .await?;
            app.wait_js(
                "the run's makespan to be process-run's Total Time",
                &format!("document.querySelector('#makespan')?.textContent === '{total} ms'"),
                REACT_TIMEOUT,
            )
            .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
