//! Browser tests of the form editor: the settings bar and the thread list write the text, and
//! the text fills the form; while the text does not parse, the form is off and nothing typed
//! is lost. Expected values come from `threadlab_sim::run` on the same text.

mod harness;

use harness::{js_str, App, REACT_TIMEOUT};

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
