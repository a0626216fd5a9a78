//! The core's errors in 简体中文: a bad text's error in the editor and in the form, a run-time
//! error and a limit in the outcome, worded from their typed kinds with the templates of the
//! downloaded `zh/i18n.txt` (part `[error]`), at the same line:column as in English.

mod harness;

use harness::{js_str, App, Outcome, REACT_TIMEOUT};

/// The template named `name` of part `[error]` (the sentences) or `[errword]` (the other
/// words) of the site's `web/zh/i18n.txt`, with `{0}`, `{1}`… replaced by `args`.
fn zh(name: &str, args: &[&str]) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/zh/i18n.txt");
    let file = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut part = "";
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        if let Some(p) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            part = p;
        } else if let Some((n, w)) = line.split_once('=') {
            if (part == "error" || part == "errword") && n == name {
                let mut out = w.to_string();
                for (i, a) in args.iter().enumerate() {
                    out = out.replace(&format!("{{{i}}}"), a);
                }
                assert!(!(0..10).any(|i| out.contains(&format!("{{{i}}}"))), "{name}: not enough arguments for {w:?}");
                return out;
            }
        }
    }
    panic!("no [error] or [errword] {name} in {path}")
}

/// Waits until the text of `css` is `expected` (trimmed).
async fn wait_text(app: &App, css: &str, expected: &str) -> Outcome {
    let expr = format!(
        "(() => {{ const e = document.querySelector({css}); return e !== null && e.textContent.trim() === {want}; }})()",
        css = js_str(css),
        want = js_str(expected),
    );
    if let Err(e) = app.wait_js(&format!("{css} to read {expected:?}"), &expr, REACT_TIMEOUT).await {
        let found = app.text(css).await.unwrap_or_else(|e| format!("<{e}>"));
        return Err(format!("{e}\n  {css} reads {found:?}"));
    }
    Ok(())
}

/// Waits until the text of `css` contains `part`.
async fn wait_contains(app: &App, css: &str, part: &str) -> Outcome {
    let expr = format!(
        "(() => {{ const e = document.querySelector({css}); return e !== null && e.textContent.includes({part}); }})()",
        css = js_str(css),
        part = js_str(part),
    );
    if let Err(e) = app.wait_js(&format!("{css} to contain {part:?}"), &expr, REACT_TIMEOUT).await {
        let found = app.text(css).await.unwrap_or_else(|e| format!("<{e}>"));
        return Err(format!("{e}\n  {css} reads {found:?}"));
    }
    Ok(())
}

/// Chooses 简体中文 and waits until the interface is in it (the texts downloaded).
async fn to_chinese(app: &App) -> Outcome {
    app.select("#lang", "zh").await?;
    app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
    let is_chinese = "/[\\u4e00-\\u9fff]/.test(document.querySelector('h1').textContent)";
    app.wait_js("a Chinese <h1> (CJK characters)", is_chinese, REACT_TIMEOUT).await.map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_text_in_chinese_shows_its_error_in_chinese_at_its_line_and_column() {
    let app = App::open("a_bad_text_in_chinese_shows_its_error_in_chinese_at_its_line_and_column").await;
    let outcome = app
        .run(async {
            to_chinese(&app).await?;
            // A syntax error: a word where a number must be, on line 2, column 7.
            app.set_text("#editor", "thread a {\n  cpu x\n}\n").await?;
            // (The third piece is the tip a negative number would get: none here.)
            let words = zh("ExpectedNumber", &["cpu", "\"x\"", ""]);
            wait_text(&app, "#editor-error strong", &format!("2:7: {words}")).await?;
            let caret = app.text("#editor-error pre").await?;
            if !caret.ends_with("      ^") {
                return Err(format!("the caret should be under column 7: {caret:?}"));
            }
            app.screenshot("syntax").await?;
            // An error of the names (the tree parses, so the form shows it too), on line 2,
            // column 8: the same words in the editor, at the top of the form and beside the name.
            app.set_text("#editor", "thread a { cpu 1 }\nthread a { join zz }\n").await?;
            let words = zh("NameTaken", &["a", "1"]);
            wait_text(&app, "#editor-error strong", &format!("2:8: {words}")).await?;
            app.click("#tab-form").await?;
            wait_text(&app, "#form-error strong", &format!("2:8: {words}")).await?;
            wait_contains(&app, "#err-t0-1-name", &words).await?;
            app.screenshot("names").await?;
            // The same error in English: the core's sentence, at the same place.
            app.select("#lang", "en").await?;
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            let english =
                "2:8: the name \"a\" is already used at line 1; thread, task and process names must be unique";
            wait_text(&app, "#form-error strong", english).await?;
            wait_text(&app, "#editor-error strong", english).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_time_error_and_a_limit_are_worded_in_chinese() {
    let app = App::open("a_run_time_error_and_a_limit_are_worded_in_chinese").await;
    let outcome = app
        .run(async {
            to_chinese(&app).await?;
            // `unlock` of a mutex another thread holds: the outcome names both.
            app.set_text("#editor", "thread a { lock m; sleep 5 }\nthread b { sleep 1; unlock m }\n").await?;
            app.wait_attr("#outcome", "data-kind", "error", REACT_TIMEOUT).await?;
            wait_contains(&app, "#outcome", &zh("NotHeldBy", &["unlock", "m", "a"])).await?;
            app.screenshot("error").await?;
            // `join` of itself.
            app.set_text("#editor", "thread solo { join solo }\n").await?;
            wait_contains(&app, "#outcome", &zh("JoinSelf", &["solo"])).await?;
            // The scenario's limit.
            app.set_text("#editor", "limit 5\nthread a { cpu 10 }\n").await?;
            app.wait_attr("#outcome", "data-kind", "limit", REACT_TIMEOUT).await?;
            wait_contains(&app, "#outcome", &zh("LimitTicks", &["5"])).await?;
            // In English, the core's sentence.
            app.set_text("#editor", "thread a { unlock m }\n").await?;
            app.select("#lang", "en").await?;
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            app.wait_attr("#outcome", "data-kind", "error", REACT_TIMEOUT).await?;
            wait_contains(&app, "#outcome", "unlock of m, which it does not hold").await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
