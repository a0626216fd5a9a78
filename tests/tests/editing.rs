//! Browser tests of editing (issue 11): the text editor keeps its element, focus, caret and
//! undo history while the scenario turns invalid and valid again, and page shortcuts never
//! fire while typing; the scenario's own title and note are shown (app and embed, from a
//! preset, a link, a file or an edit); the form checks every field, says what is wrong beside
//! it and applies as the user types; a phone sees the first chart without scrolling past the
//! editor; 简体中文 covers the state pills, causes and table headers.

mod harness;

use fantoccini::key::Key;
use harness::{check_eq, js_str, preset, App, Outcome, REACT_TIMEOUT};
use serde_json::json;
use std::time::Duration;
use threadlab_share::link::{encode, LinkState};

/// A preset's own title and note.
fn words(name: &str) -> (String, String) {
    let s = threadlab_sim::parse(preset(name)).expect("a preset parses").settings;
    (s.title.expect("a preset has a title"), s.note.expect("a preset has a note"))
}

/// Waits until the text of `css` is `expected` (trimmed).
async fn wait_text_of(app: &App, css: &str, expected: &str) -> Outcome {
    let expr = format!(
        "(() => {{ const e = document.querySelector({}); return e !== null && e.textContent.trim() === {}; }})()",
        js_str(css),
        js_str(expected.trim())
    );
    match app.wait_js(&format!("{css} to read {expected:?}"), &expr, REACT_TIMEOUT).await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("{e}\n  found: {:?}", app.text(css).await)),
    }
}

/// Waits until there is no element `css`.
async fn wait_gone(app: &App, css: &str) -> Outcome {
    let expr = format!("document.querySelector({}) === null", js_str(css));
    app.wait_js(&format!("{css} to go"), &expr, REACT_TIMEOUT).await.map(drop)
}

/// The id of the focused element.
async fn focused(app: &App) -> Result<String, String> {
    let v = app.js("const e = document.activeElement; return e === null ? '' : e.id;", vec![]).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// Sends `keys` to the focused element, as the keyboard would.
async fn type_keys(app: &App, keys: &str) -> Outcome {
    let active = app.client.active_element().await.map_err(|e| format!("no focused element: {e}"))?;
    active.send_keys(keys).await.map_err(|e| format!("cannot type {keys:?}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_an_invalid_then_valid_line_keeps_focus_caret_and_undo() {
    let app = App::open("typing_an_invalid_then_valid_line_keeps_focus_caret_and_undo").await;
    let outcome = app
        .run(async {
            let start = app.value("#editor").await?;
            let lanes = app.attr_u64("#gantt-threads", "data-lanes").await?;
            // The element is marked: a rebuilt textarea would not carry the mark.
            app.click("#editor").await?;
            app.js(
                "const e = document.querySelector('#editor'); e.threadlabMark = 7; \
                 e.setSelectionRange(e.value.length, e.value.length); return true;",
                vec![],
            )
            .await?;
            let sep = if start.ends_with('\n') { "" } else { "\n" };
            let line = format!("{sep}thread bad {{");
            let same = "(() => { const e = document.querySelector('#editor'); \
                        return e !== null && e.threadlabMark === 7 && document.activeElement === e; })()";
            for ch in line.chars() {
                let key = if ch == '\n' { Key::Enter.to_string() } else { ch.to_string() };
                type_keys(&app, &key).await?;
                if app.js(&format!("return {same};"), vec![]).await? != json!(true) {
                    return Err(format!(
                        "after typing {ch:?} the focus is on #{:?}, not on the same #editor",
                        focused(&app).await?
                    ));
                }
                check_eq(&format!("#play aria-pressed after typing {ch:?}"), Some("false".into()), app.attr("#play", "aria-pressed").await?)?;
            }
            // Invalid now: the error shows, and the same element still has the focus.
            app.wait_js("the error of `thread bad {`", "document.querySelector('#editor-error') !== null", REACT_TIMEOUT).await?;
            check_eq("aria-invalid of #editor", Some("true".into()), app.attr("#editor", "aria-invalid").await?)?;
            check_eq("#editor still focused and the same element", json!(true), app.js(&format!("return {same};"), vec![]).await?)?;
            // The rest of the line, key by key: valid again.
            for ch in " cpu 2 }".chars() {
                type_keys(&app, &ch.to_string()).await?;
                check_eq(&format!("same focused #editor after {ch:?}"), json!(true), app.js(&format!("return {same};"), vec![]).await?)?;
            }
            let full = format!("{start}{line} cpu 2 }}");
            check_eq("the editor's text", full.clone(), app.value("#editor").await?)?;
            wait_gone(&app, "#editor-error").await?;
            app.wait_attr("#gantt-threads", "data-lanes", &(lanes + 1).to_string(), REACT_TIMEOUT).await?;
            check_eq("#play aria-pressed (space never played)", Some("false".into()), app.attr("#play", "aria-pressed").await?)?;
            check_eq("#time data-tick", Some("0".into()), app.attr("#time", "data-tick").await?)?;
            check_eq("the focused element", "editor".to_string(), focused(&app).await?)?;
            // Ctrl+Z undoes the last typing: the browser's own history survived every render.
            type_keys(&app, &format!("{}z{}", Key::Control, Key::Null)).await?;
            let undone = app
                .wait_js(
                    "Ctrl+Z to undo some typing",
                    &format!("(() => {{ const v = document.querySelector('#editor').value; return v !== {} ? v : false; }})()", js_str(&full)),
                    REACT_TIMEOUT,
                )
                .await?;
            let undone = undone.as_str().unwrap_or_default().to_string();
            if !(full.starts_with(&undone) && undone.starts_with(&start) && undone.len() < full.len()) {
                return Err(format!("Ctrl+Z should take back typed characters at the end; the text is now {undone:?}"));
            }
            // The caret is where the undone typing was (the end), and the focus stayed.
            let caret = app.js("const e = document.querySelector('#editor'); return [e.selectionStart, e.selectionEnd, e.value.length];", vec![]).await?;
            let n = caret[2].clone();
            check_eq("selectionStart, selectionEnd after Ctrl+Z", json!([n, n]), json!([caret[0], caret[1]]))?;
            check_eq("the focused element after Ctrl+Z", "editor".to_string(), focused(&app).await?)?;
            check_eq("#editor still the same element", json!(true), app.js(&format!("return {same};"), vec![]).await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_shortcuts_never_fire_from_a_field_or_a_select() {
    let app = App::open("page_shortcuts_never_fire_from_a_field_or_a_select").await;
    let outcome = app
        .run(async {
            // The settings bar comes with the extras module, after the first screen.
            app.find("#set-switch").await?;
            for css in ["#set-switch", "#speed", "#preset-select"] {
                app.js(&format!("document.querySelector({}).focus(); return true;", js_str(css)), vec![]).await?;
                check_eq("focused", css[1..].to_string(), focused(&app).await?)?;
                type_keys(&app, " ").await?;
                type_keys(&app, &Key::Right.to_string()).await?;
                tokio::time::sleep(Duration::from_millis(150)).await;
                check_eq(
                    &format!("#play aria-pressed after space in {css}"),
                    Some("false".into()),
                    app.attr("#play", "aria-pressed").await?,
                )?;
                check_eq(
                    &format!("#time data-tick after → in {css}"),
                    Some("0".into()),
                    app.attr("#time", "data-tick").await?,
                )?;
            }
            // From the page itself, they do fire.
            app.keys_to_body(" ").await?;
            app.wait_attr("#play", "aria-pressed", "true", REACT_TIMEOUT).await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scenarios_title_and_note_show_in_the_app_and_in_an_embed() {
    let app = App::open("a_scenarios_title_and_note_show_in_the_app_and_in_an_embed").await;
    let outcome = app
        .run(async {
            // A preset: its own words, not edited.
            app.select("#preset-select", "lost-wakeup").await?;
            let (title, note) = words("lost-wakeup");
            wait_text_of(&app, "#scenario-title", &title).await?;
            wait_text_of(&app, "#scenario-note", &note).await?;
            check_eq("#scenario-edited", 0, app.count("#scenario-edited").await?)?;
            // Edited: the note stays, marked "edited"; in 简体中文 the preset's words are Chinese.
            let edited = format!("{}thread extra {{ cpu 1 }}\n", preset("lost-wakeup"));
            app.set_text("#editor", &edited).await?;
            wait_text_of(&app, "#scenario-edited", "edited").await?;
            wait_text_of(&app, "#scenario-note", &note).await?;
            app.select("#lang", "zh").await?;
            wait_text_of(&app, "#scenario-edited", "已修改").await?;
            let zh_note = app.text("#scenario-note").await?;
            if zh_note == note || !zh_note.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                return Err(format!("in 简体中文 the preset's note should be Chinese, found {zh_note:?}"));
            }
            app.select("#lang", "en").await?;
            // While the text is invalid, the last valid words stay.
            app.set_text("#editor", "title \"Broken\"\nthread a { cpu").await?;
            app.wait_js("the error", "document.querySelector('#editor-error') !== null", REACT_TIMEOUT).await?;
            wait_text_of(&app, "#scenario-title", &title).await?;
            wait_text_of(&app, "#scenario-edited", "edited").await?;
            // A text typed over the whole preset, without its words: no heading, not "edited".
            app.set_text("#editor", "thread z { cpu 1 }\n").await?;
            wait_gone(&app, "#scenario-title").await?;
            check_eq("#scenario-note and #scenario-edited", 0, app.count("#scenario-note, #scenario-edited").await?)?;
            // A link of its own: its words, never as HTML, not edited.
            let own = "title \"Two <b>workers</b>\"\nnote \"Watch the lock & the queue.\"\nthread a { lock m; cpu 2; unlock m }\nthread b { lock m; cpu 1; unlock m }\n";
            let fragment = encode(&LinkState { text: own.into(), ..LinkState::default() });
            app.load(&format!("#{fragment}"), true).await?;
            wait_text_of(&app, "#scenario-title", "Two <b>workers</b>").await?;
            wait_text_of(&app, "#scenario-note", "Watch the lock & the queue.").await?;
            check_eq("elements <b> in the heading", 0, app.count(".scenario-heading b").await?)?;
            check_eq("#scenario-edited after a link", 0, app.count("#scenario-edited").await?)?;
            // A file.
            let file = app.downloads.join("lecture.tl");
            std::fs::write(&file, "title \"From a file\"\nnote \"Opened, not typed.\"\nthread f { io 2 }\n").map_err(|e| e.to_string())?;
            let input = app.find("#open-file").await?;
            input.send_keys(&file.display().to_string()).await.map_err(|e| format!("cannot choose the file: {e}"))?;
            wait_text_of(&app, "#scenario-title", "From a file").await?;
            wait_text_of(&app, "#scenario-note", "Opened, not typed.").await?;
            check_eq("#scenario-edited after a file", 0, app.count("#scenario-edited").await?)?;
            // An edit of a text of its own changes its words.
            app.set_text("#editor", "title \"Typed\"\nnote \"By hand.\"\nthread f { io 2 }\n").await?;
            wait_text_of(&app, "#scenario-title", "Typed").await?;
            wait_text_of(&app, "#scenario-note", "By hand.").await?;
            // Embed: title and note; `note=0` hides the note only.
            app.load(&format!("index.html?embed#{fragment}"), true).await?;
            wait_text_of(&app, "#scenario-title", "Two <b>workers</b>").await?;
            wait_text_of(&app, "#scenario-note", "Watch the lock & the queue.").await?;
            app.load(&format!("index.html?embed&note=0#{fragment}"), true).await?;
            wait_text_of(&app, "#scenario-title", "Two <b>workers</b>").await?;
            check_eq("#scenario-note with note=0", 0, app.count("#scenario-note").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// Selects the whole value of the field `css` (focused) so that typing replaces it.
async fn focus_and_select(app: &App, css: &str) -> Outcome {
    app.click(css).await?;
    let done = app
        .js(
            &format!(
                "const e = document.querySelector({}); e.focus(); e.select(); return document.activeElement === e;",
                js_str(css)
            ),
            vec![],
        )
        .await?;
    check_eq(&format!("{css} focused"), json!(true), done)
}

/// Waits until the editor's text contains `part`.
async fn wait_in_text(app: &App, part: &str) -> Outcome {
    let expr = format!("document.querySelector('#editor').value.includes({})", js_str(part));
    match app.wait_js(&format!("the text to hold {part:?}"), &expr, REACT_TIMEOUT).await {
        Ok(_) => Ok(()),
        Err(e) => Err(format!("{e}\n  text: {:?}", app.value("#editor").await)),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_checks_each_field_and_applies_as_the_user_types() {
    let app = App::open("the_form_checks_each_field_and_applies_as_the_user_types").await;
    let outcome = app
        .run(async {
            app.set_text("#editor", "thread a { cpu 3; io 2 }\nthread b { cpu 4 }\n").await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            app.click("#tab-form").await?;
            // `8x` is not 8: the field says so, keeps what was typed, and nothing applies.
            let amount = "#t0-1-op0-amount";
            focus_and_select(&app, amount).await?;
            type_keys(&app, "8x").await?;
            app.wait_js("the amount's error", "document.querySelector('#err-t0-1-op0-amount') !== null", REACT_TIMEOUT)
                .await?;
            let err = app.text("#err-t0-1-op0-amount").await?;
            check_eq(
                "class of #err-t0-1-op0-amount",
                Some("field-error".into()),
                app.attr("#err-t0-1-op0-amount", "class").await?,
            )?;
            if !err.contains("LO..HI") {
                return Err(format!("the amount's error should say what is expected, found {err:?}"));
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
            wait_in_text(&app, "thread b { cpu 4 }").await?;
            check_eq("the field's value", "8x".to_string(), app.value(amount).await?)?;
            check_eq("the focus", "t0-1-op0-amount".to_string(), focused(&app).await?)?;
            // Fixed: it applies after a pause, without leaving the field.
            type_keys(&app, &Key::Backspace.to_string()).await?;
            wait_in_text(&app, "thread b { cpu 8 }").await?;
            wait_gone(&app, "#err-t0-1-op0-amount").await?;
            check_eq("the focus after applying", "t0-1-op0-amount".to_string(), focused(&app).await?)?;
            type_keys(&app, "5").await?;
            wait_in_text(&app, "thread b { cpu 85 }").await?;
            check_eq("the field's value (no character lost)", "85".to_string(), app.value(amount).await?)?;
            check_eq("the focus after applying again", "t0-1-op0-amount".to_string(), focused(&app).await?)?;
            // A name taken by another thread: said beside the name field, not applied.
            focus_and_select(&app, "#t0-1-name").await?;
            type_keys(&app, "a").await?;
            wait_text_of(&app, "#err-t0-1-name", "this name is already used").await?;
            tokio::time::sleep(Duration::from_millis(400)).await;
            wait_in_text(&app, "thread b {").await?;
            // A setting out of its range.
            focus_and_select(&app, "#set-cores").await?;
            type_keys(&app, "0").await?;
            wait_text_of(&app, "#err-set-cores", "expected a whole number from 1–256").await?;
            type_keys(&app, &format!("{}3", Key::Backspace)).await?;
            wait_in_text(&app, "cores 3\n").await?;
            wait_gone(&app, "#err-set-cores").await?;
            check_eq("the focus in #set-cores", "set-cores".to_string(), focused(&app).await?)?;
            // Typing while the charts play (the app re-renders every frame): nothing is lost.
            app.set_text("#editor", "thread a { cpu 300 }\nthread b { cpu 4 }\n").await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            app.click("#tab-form").await?;
            app.click("#play").await?;
            app.wait_attr("#play", "aria-pressed", "true", REACT_TIMEOUT).await?;
            focus_and_select(&app, "#t0-0-at").await?;
            for ch in "123".chars() {
                type_keys(&app, &ch.to_string()).await?;
                tokio::time::sleep(Duration::from_millis(120)).await;
            }
            wait_in_text(&app, "thread a at 123 {").await?;
            check_eq("the start field while playing", "123".to_string(), app.value("#t0-0-at").await?)?;
            check_eq("the focus while playing", "t0-0-at".to_string(), focused(&app).await?)?;
            // The scenario's own error shows in the form, in the editor's words, and beside
            // the name it is about.
            app.set_text("#editor", "thread a { cpu 1 }\nthread a { join zz }\n").await?;
            app.wait_js("the form's error", "document.querySelector('#form-error') !== null", REACT_TIMEOUT).await?;
            let form = app.text("#form-error strong").await?;
            let editor = app.js("return document.querySelector('#editor-error strong').textContent;", vec![]).await?;
            check_eq(
                "#form-error's words (the editor's)",
                editor.as_str().unwrap_or_default().to_string(),
                form.clone(),
            )?;
            if !form.starts_with("2:8: the name \"a\" is already used") {
                return Err(format!("#form-error should give line:col and the core's message, found {form:?}"));
            }
            wait_text_of(&app, "#err-t0-1-name", form.trim_start_matches("2:8: ")).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_sees_the_first_chart_without_scrolling_past_the_editor() {
    let app = App::open("a_phone_sees_the_first_chart_without_scrolling_past_the_editor").await;
    let outcome = app
        .run(async {
            app.resize(390, 844).await?;
            app.wait_js("a 390 px window", "window.innerWidth <= 390", REACT_TIMEOUT).await?;
            app.load("", true).await?;
            app.wait_js("the first chart", "document.querySelector('#gantt-cores') !== null", REACT_TIMEOUT).await?;
            check_eq("#editor-toggle aria-expanded", Some("false".into()), app.attr("#editor-toggle", "aria-expanded").await?)?;
            let place = app
                .js(
                    "const c = document.querySelector('#gantt-cores').getBoundingClientRect(); \
                     return [c.top, c.height, window.innerHeight, window.scrollY];",
                    vec![],
                )
                .await?;
            let (top, height, inner) = (place[0].as_f64().unwrap_or(f64::NAN), place[1].as_f64().unwrap_or(0.0), place[2].as_f64().unwrap_or(0.0));
            if !(top >= 0.0 && top + height.min(60.0) <= inner) {
                return Err(format!("the first chart should be in the first screen: top {top}, height {height}, window {inner}, {place}"));
            }
            check_eq("#editor shown while collapsed", json!(false), app.js("return document.querySelector('#editor').offsetParent !== null;", vec![]).await?)?;
            // Open, the editor is there (the same element, still holding the text).
            app.click("#editor-toggle").await?;
            app.wait_attr("#editor-toggle", "aria-expanded", "true", REACT_TIMEOUT).await?;
            app.wait_js("the editor shown", "document.querySelector('#editor').offsetParent !== null", REACT_TIMEOUT).await?;
            let text = app.value("#editor").await?;
            check_eq("the editor's text", preset(threadlab_sim::presets::DEFAULT).to_string(), text)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// The texts of the elements `css`.
async fn texts(app: &App, css: &str) -> Result<Vec<String>, String> {
    let v = app
        .js("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());", vec![json!(css)])
        .await?;
    Ok(v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default())
}

/// `s` without the acronyms Chinese keeps (CPU, GIL, I/O) and the names in `names`.
fn no_latin(s: &str, names: &[&str]) -> bool {
    let mut rest = s.replace("CPU", "").replace("GIL", "").replace("I/O", "");
    for n in names {
        rest = rest.replace(n, "");
    }
    !rest.chars().any(|c| c.is_ascii_alphabetic())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chinese_covers_the_state_pills_causes_and_table_headers() {
    let app = App::open("chinese_covers_the_state_pills_causes_and_table_headers").await;
    let outcome = app
        .run(async {
            // b waits for a's lock m: a Blocked segment with a cause.
            app.set_text(
                "#editor",
                "cores 2\nthread a { lock m; cpu 3; unlock m }\nthread b { cpu 1; lock m; cpu 1; unlock m }\n",
            )
            .await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            app.select("#lang", "zh").await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            app.js("document.querySelector('#segments-table').closest('details').open = true; return true;", vec![])
                .await?;
            let names = ["a", "b", "m"];
            let cells = [
                ("#thread-table thead th", 6),
                ("#thread-table td.lifecycle span.life", 10),
                ("#segments-table thead th", 5),
                ("#segments-table tr.seg td:nth-child(2)", 0),
                ("#segments-table tr.seg td:nth-child(3)", 0),
            ];
            for (css, count) in cells {
                let found = texts(&app, css).await?;
                if found.is_empty() || (count > 0 && found.len() != count) {
                    return Err(format!("{css}: expected {count} cells, found {found:?}"));
                }
                let latin: Vec<&String> = found.iter().filter(|t| t.is_empty() || !no_latin(t, &names)).collect();
                if !latin.is_empty() {
                    return Err(format!("{css}: English left in 简体中文: {latin:?}"));
                }
            }
            // The states and causes are the Chinese words, not the English ones.
            let states = texts(&app, "#segments-table tr.seg[data-state=\"blocked\"] td:nth-child(2)").await?;
            check_eq("state of a blocked segment", Some("阻塞"), states.first().map(String::as_str))?;
            let causes = texts(&app, "#segments-table tr.seg[data-state=\"blocked\"] td:nth-child(3)").await?;
            check_eq("the blocked segment's cause", vec!["锁 m".to_string()], causes)?;
            // At tick 1 b waits for m: the thread table says so in words.
            app.keys_to_body(&Key::Right.to_string()).await?;
            app.wait_attr("#time", "data-tick", "1", REACT_TIMEOUT).await?;
            let waits = texts(&app, "#thread-table tbody td:nth-child(5)").await?;
            check_eq("the threads' waits at tick 1", vec![String::new(), "锁 m".to_string()], waits)?;
            let pills = texts(&app, "#thread-table td.lifecycle span.life").await?;
            check_eq(
                "the state pills of a thread",
                vec!["新建", "就绪", "运行", "阻塞", "终止"],
                pills[..5].iter().map(String::as_str).collect(),
            )?;
            // The fates in the numbers table (both threads finish).
            let fates = texts(&app, "#numbers tbody td:nth-child(3)").await?;
            check_eq("the threads' fates", vec!["正常结束".to_string(); 2], fates)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
