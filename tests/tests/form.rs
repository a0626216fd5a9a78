//! Browser tests of the form editor: the settings bar and the thread list write the text, and
//! the text fills the form; while the text does not parse, the form is off and nothing typed
//! is lost; a pool's card (Version 1.1) adds, sets and removes a pool. Expected values come
//! from `threadlab_sim::run` on the same text.

mod harness;

use fantoccini::key::Key;
use harness::{check_eq, js_str, App, Outcome, REACT_TIMEOUT};

async fn editor_text(app: &App) -> Result<String, String> {
    app.value("#editor").await
}

/// Waits until the editor's text satisfies `test` (a JS expression on `t`).
async fn wait_text(app: &App, what: &str, test: &str) -> Result<String, String> {
    let expr =
        format!("(() => {{ const t = document.querySelector('#editor').value; return ({test}) ? t : false; }})()");
    let v = app.wait_js(what, &expr, REACT_TIMEOUT).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

fn lanes_of(text: &str) -> Result<(usize, usize), String> {
    let r = threadlab_sim::run(text).map_err(|e| format!("the form wrote an invalid text ({e}):\n{text}"))?;
    Ok((r.cores.len(), r.threads.len()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_writes_the_text_and_the_text_fills_the_form() {
    let app = App::open("the_form_writes_the_text_and_the_text_fills_the_form").await;
    let outcome = app
        .run(async {
            app.set_text("#editor", "thread a { cpu 3; io 2 }\nthread b { cpu 4 }\n").await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            app.click("#tab-form").await?;
            app.wait_attr("#tab-form", "aria-selected", "true", REACT_TIMEOUT).await?;
            // Text → form: a card per thread, a row per operation.
            for (t, ops) in [("a", 2), ("b", 1)] {
                let css = format!(".thread-card[data-thread=\"{t}\"] > ol.ops > li.op");
                if app.count(&css).await? != ops {
                    return Err(format!("thread {t} should show {ops} operation rows"));
                }
            }
            // Settings bar → text → charts.
            app.change("#set-cores", "3").await?;
            let text = wait_text(&app, "cores 3 in the text", "t.split('\\n').includes('cores 3')").await?;
            app.wait_attr("#gantt-cores", "data-lanes", &lanes_of(&text)?.0.to_string(), REACT_TIMEOUT).await?;
            app.select("#set-policy", "fifo").await?;
            wait_text(&app, "scheduler fifo in the text", "t.includes('scheduler fifo')").await?;
            // Thread list: add a thread, give it a lock, rename it.
            app.click("section.process[data-process=\"main\"] > button.add-thread").await?;
            let text = wait_text(&app, "a new thread t1", "t.includes('thread t1')").await?;
            app.wait_attr("#gantt-threads", "data-lanes", &lanes_of(&text)?.1.to_string(), REACT_TIMEOUT).await?;
            app.select(".thread-card[data-thread=\"t1\"] > ol.ops > li.add select", "lock").await?;
            wait_text(&app, "t1 to lock m", "/thread t1 \\{[^}]*lock m/.test(t)").await?;
            app.change(".thread-card[data-thread=\"t1\"] .thread-name", "worker").await?;
            wait_text(&app, "t1 renamed worker", "t.includes('thread worker {')").await?;
            // An operation's argument: b's cpu 4 becomes a range 2..5.
            app.change(".thread-card[data-thread=\"b\"] li.op[data-op=\"cpu\"] .arg-amount", "2..5").await?;
            wait_text(&app, "cpu 2..5", "t.includes('thread b { cpu 2..5 }')").await?;
            // Attributes and duplication.
            app.change(".thread-card[data-thread=\"a\"] .attr-priority", "2").await?;
            wait_text(&app, "priority 2 on a", "t.includes('thread a priority 2')").await?;
            app.click(".thread-card[data-thread=\"a\"] button.duplicate").await?;
            let text = wait_text(&app, "a copy of a", "t.includes('thread a_1 priority 2')").await?;
            app.wait_attr("#gantt-threads", "data-lanes", &lanes_of(&text)?.1.to_string(), REACT_TIMEOUT).await?;
            app.screenshot("form").await?;
            // Text → form again: a thread typed in the text gets its card.
            let typed = format!("{}thread zed {{ sleep 2 }}\n", editor_text(&app).await?);
            app.set_text("#editor", &typed).await?;
            app.wait_js(
                "a card for zed",
                "document.querySelector('.thread-card[data-thread=\"zed\"]') !== null",
                REACT_TIMEOUT,
            )
            .await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_is_off_while_the_text_does_not_parse() {
    let app = App::open("the_form_is_off_while_the_text_does_not_parse").await;
    let outcome = app
        .run(async {
            let broken = "thread a { cpu 3; lock";
            app.set_text("#editor", broken).await?;
            app.wait_js("the error", "document.querySelector('#editor-error') !== null", REACT_TIMEOUT).await?;
            app.click("#tab-form").await?;
            app.wait_js("the form to say it is off", "document.querySelector('#form-off') !== null", REACT_TIMEOUT)
                .await?;
            let disabled = app.js("return document.querySelector('#settings-bar').disabled;", vec![]).await?;
            if disabled.as_bool() != Some(true) {
                return Err("the settings bar should be disabled while the text does not parse".into());
            }
            // Nothing typed is lost.
            let expr = format!("document.querySelector('#editor').value === {}", js_str(broken));
            app.wait_js("the broken text to stay", &expr, REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// Sends `keys` to the focused element, as the keyboard would.
async fn type_keys(app: &App, keys: &str) -> Outcome {
    let active = app.client.active_element().await.map_err(|e| format!("no focused element: {e}"))?;
    active.send_keys(keys).await.map_err(|e| format!("cannot type {keys:?}: {e}"))
}

/// Focuses `css` and selects what it holds (typing replaces it).
async fn focus_and_select(app: &App, css: &str) -> Outcome {
    let script = format!(
        "const e = document.querySelector({}); if (e === null) return false; e.focus(); \
         if (e.select) e.select(); return document.activeElement === e;",
        js_str(css)
    );
    check_eq(&format!("{css} focused"), serde_json::json!(true), app.js(&script, vec![]).await?)
}

/// The id of the focused element.
async fn focused(app: &App) -> Result<String, String> {
    let v = app.js("const e = document.activeElement; return e === null ? '' : e.id;", vec![]).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Waits until the page shows the core's makespan of `text`, and returns it.
async fn makespan_shown(app: &App, text: &str) -> Result<u64, String> {
    let m = threadlab_sim::run(text).map_err(|e| format!("the form wrote an invalid text ({e}):\n{text}"))?.makespan;
    let expr = format!(
        "(() => {{ const e = document.querySelector('#makespan'); return e !== null && e.textContent.trim() === '{m} ms'; }})()"
    );
    match app.wait_js(&format!("the makespan {m} ms of\n{text}"), &expr, REACT_TIMEOUT).await {
        Ok(_) => Ok(m),
        Err(e) => Err(format!("{e}\n  shown: {:?}", app.text("#makespan").await)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_is_added_set_and_removed_with_the_form() {
    let app = App::open("a_pool_is_added_set_and_removed_with_the_form").await;
    let outcome = app
        .run(async {
            let start = "cores 2\ngil on\nthread a { cpu 3 }\n";
            app.set_text("#editor", start).await?;
            app.wait_attr("#gantt-threads", "data-lanes", "1", REACT_TIMEOUT).await?;
            let alone = makespan_shown(&app, start).await?;
            app.click("#tab-form").await?;
            app.wait_attr("#tab-form", "aria-selected", "true", REACT_TIMEOUT).await?;
            // "Add pool", by keyboard: a real button beside "Add thread".
            let add = "section.process[data-process=\"main\"] > button.add-pool";
            let expr = format!("document.querySelector({}) !== null", js_str(add));
            app.wait_js("the Add pool button", &expr, REACT_TIMEOUT).await?;
            check_eq("the button's words", "+ pool".to_string(), app.text(add).await?)?;
            let label = app.attr(add, "aria-label").await?;
            check_eq("the button's label", Some("Add a pool: workers that take jobs from a queue".into()), label)?;
            focus_and_select(&app, add).await?;
            type_keys(&app, &Key::Enter.to_string()).await?;
            let text =
                wait_text(&app, "a new pool", "t.includes('pool pool1 threads 4 jobs 8 { cpu 2; io 4 }')").await?;
            let threads = makespan_shown(&app, &text).await?;
            if threads == alone {
                return Err(format!("the pool's jobs should lengthen the run ({alone} ms)"));
            }
            // Its card: the job's operations with the thread list's rows, its fields by position.
            let card = "#pool-pool1";
            if app.count(&format!("{card} > ol.ops > li.op")).await? != 2 {
                return Err("the pool's card should show its job's 2 operations".into());
            }
            let workers = format!("{card} .pool-workers");
            check_eq("the workers field's id", Some("t0-1-workers".to_string()), app.attr(&workers, "id").await?)?;
            // A bad value is said beside the field and not applied.
            focus_and_select(&app, &workers).await?;
            type_keys(&app, "0").await?;
            let expr = "(() => { const e = document.querySelector('#err-t0-1-workers'); \
                        return e !== null && e.textContent.includes('1–10000'); })()";
            app.wait_js("the workers' range beside the field", expr, REACT_TIMEOUT).await?;
            wait_text(&app, "the text not changed by 0 workers", "t.includes('pool pool1 threads 4 jobs 8')").await?;
            // 8 workers, typed: applied after a pause, the focus kept.
            type_keys(&app, &format!("{}8", Key::Backspace)).await?;
            wait_text(&app, "8 workers", "t.includes('pool pool1 threads 8 jobs 8 { cpu 2; io 4 }')").await?;
            check_eq("the focus after applying", "t0-1-workers".to_string(), focused(&app).await?)?;
            // Processes: each worker its own GIL, so the run is shorter.
            app.select(&format!("{card} .pool-kind"), "processes").await?;
            let text =
                wait_text(&app, "a pool of processes", "t.includes('pool pool1 processes 8 jobs 8 { cpu 2; io 4 }')")
                    .await?;
            let processes = makespan_shown(&app, &text).await?;
            if processes >= threads {
                return Err(format!("processes ({processes} ms) should beat threads under the GIL ({threads} ms)"));
            }
            check_eq("the card's kind", Some("processes".to_string()), app.attr(card, "data-kind").await?)?;
            // Tasks: the job's io is awaited.
            app.select(&format!("{card} .pool-kind"), "tasks").await?;
            let text =
                wait_text(&app, "a pool of tasks", "t.includes('pool pool1 tasks 8 jobs 8 { cpu 2; await io 4 }')")
                    .await?;
            makespan_shown(&app, &text).await?;
            app.screenshot("form-pool").await?;
            // Removed with its card's button.
            app.click(&format!("{card} > .attrs > button.remove")).await?;
            let text = wait_text(&app, "the pool removed", "!t.includes('pool')").await?;
            check_eq("the makespan without the pool", alone, makespan_shown(&app, &text).await?)?;
            let expr = format!("document.querySelector({}) === null", js_str(card));
            app.wait_js("the pool's card to go", &expr, REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
