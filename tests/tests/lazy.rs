//! What the app downloads on demand rather than in the first-load wasm: the 简体中文 texts —
//! the interface's words (`zh/i18n.txt`) and the presets' titles and notes (`zh/presets.txt`),
//! fetched the first time the interface is in Chinese. An English reader never downloads them;
//! a Chinese reader sees them once they arrive.

mod harness;

use harness::{js_str, App, Outcome, REACT_TIMEOUT};

/// The Chinese files, relative to the site.
const ZH_FILES: [&str; 2] = ["zh/i18n.txt", "zh/presets.txt"];

/// The preset these tests show.
const PRESET: &str = "lost-wakeup";

/// `(title, note)` of `name` in the site's Chinese file (`web/zh/presets.txt`).
fn zh_words(name: &str) -> (String, String) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/zh/presets.txt");
    let file = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let block: Vec<&str> =
        file.lines().skip_while(|l| *l != format!("[{name}]")).skip(1).take_while(|l| !l.starts_with('[')).collect();
    let field = |k: &str| {
        block
            .iter()
            .find_map(|l| l.strip_prefix(k))
            .unwrap_or_else(|| panic!("no `{k}` for [{name}] in {path}"))
            .to_string()
    };
    (field("title: "), field("note: "))
}

/// The word named `name` of part `part` ("" for `tr`, "concept", "cause", "reason") of the
/// site's `web/zh/i18n.txt`.
fn zh_word(part: &str, name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/zh/i18n.txt");
    let file = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let mut current = "";
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        if let Some(p) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = p;
        } else if let Some((n, w)) = line.split_once('=') {
            if current == part && n == name {
                return w.to_string();
            }
        }
    }
    panic!("no {part}/{name} in {path}")
}

/// Checks that the text of `css` contains `word`.
async fn check_contains(app: &App, css: &str, word: &str) -> Outcome {
    let text = app.text(css).await?;
    if text.contains(word) {
        Ok(())
    } else {
        Err(format!("{css}: expected {word:?} in {text:?}"))
    }
}

/// `(title, note)` of `name` in English (the preset's own header lines).
fn en_words(name: &str) -> (String, String) {
    let p = threadlab_sim::presets::find(name).unwrap_or_else(|| panic!("no preset {name:?}"));
    let s = threadlab_sim::parse(p.text).expect("a preset parses");
    (s.settings.title.expect("a title"), s.settings.note.expect("a note"))
}

/// How many times the page has requested each Chinese file so far (Resource Timing).
async fn zh_requests(app: &App) -> Result<[u64; 2], String> {
    let mut counts = [0; 2];
    for (file, n) in ZH_FILES.iter().zip(&mut counts) {
        let expr = format!(
            "return performance.getEntriesByType('resource').filter(e => e.name.endsWith({})).length;",
            js_str(&format!("/{file}"))
        );
        let v = app.js(&expr, vec![]).await?;
        *n = v.as_u64().ok_or_else(|| format!("resource count {v} is not a number"))?;
    }
    Ok(counts)
}

/// Checks that each Chinese file was requested `n` times.
async fn check_requests(app: &App, n: u64, when: &str) -> Outcome {
    let counts = zh_requests(app).await?;
    if counts == [n; 2] {
        Ok(())
    } else {
        Err(format!("{when}: {ZH_FILES:?} requested {counts:?} times, expected {n} each"))
    }
}

/// Waits until <h1> (one of the interface's words) has Chinese characters.
async fn wait_chinese_h1(app: &App) -> Outcome {
    let is_chinese = "/[\\u4e00-\\u9fff]/.test(document.querySelector('h1').textContent)";
    app.wait_js("a Chinese <h1> (CJK characters)", is_chinese, REACT_TIMEOUT).await.map(drop)
}

/// Checks that the preset picker shows `name`.
async fn check_current(app: &App, name: &str) -> Outcome {
    let current = app.value("#preset-select").await?;
    if current == name {
        Ok(())
    } else {
        Err(format!("#preset-select: expected {name:?}, found {current:?}"))
    }
}

/// Waits until the note reads `note` and the option of preset `name` reads `title`.
async fn wait_words(app: &App, name: &str, what: &str, title: &str, note: &str) -> Outcome {
    let expr = format!(
        "(() => {{ const n = document.querySelector('#scenario-note'); \
         const o = document.querySelector('#preset-select option[value={preset}]'); \
         return n !== null && o !== null && n.textContent.trim() === {note} && o.textContent.trim() === {title}; }})()",
        preset = js_str(name),
        note = js_str(note.trim()),
        title = js_str(title.trim()),
    );
    app.wait_js(what, &expr, REACT_TIMEOUT).await.map(drop)
}

/// Chooses [`PRESET`] and waits until the editor shows its text.
async fn choose_preset(app: &App) -> Outcome {
    app.select("#preset-select", PRESET).await?;
    let text = threadlab_sim::presets::find(PRESET).expect("preset").text;
    let expr = format!("document.querySelector('#editor').value.trim() === {}", js_str(text.trim()));
    app.wait_js(&format!("the editor to hold preset {PRESET:?}"), &expr, REACT_TIMEOUT).await.map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_never_downloads_the_chinese_texts_and_chinese_does_once() {
    let app = App::open("english_never_downloads_the_chinese_texts_and_chinese_does_once").await;
    let outcome = app
        .run(async {
            let (en_title, en_note) = en_words(PRESET);
            let (zh_title, zh_note) = zh_words(PRESET);
            // A fresh profile: English.
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            choose_preset(&app).await?;
            wait_words(&app, PRESET, "the English title and note", &en_title, &en_note).await?;
            // Resource Timing sees this page's downloads (the wasm at least), not the Chinese file.
            let wasm = app
                .js(
                    "return performance.getEntriesByType('resource').filter(e => e.name.endsWith('.wasm')).length;",
                    vec![],
                )
                .await?;
            if wasm.as_u64().unwrap_or(0) == 0 {
                return Err(format!(
                    "Resource Timing lists no .wasm download ({wasm}): it cannot tell what was loaded"
                ));
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            check_requests(&app, 0, "an English page").await?;
            let english_h1 = app.text("h1").await?;
            // At tick 0 the why-line says who the cores take and why (a `reason` word).
            check_contains(&app, "#why", threadlab_sim::trace::Reason::HeadOfQueue.text()).await?;

            app.select("#lang", "zh").await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            wait_words(&app, PRESET, "the Chinese title and note (downloaded)", &zh_title, &zh_note).await?;
            wait_chinese_h1(&app).await?;
            check_requests(&app, 1, "after choosing 简体中文").await?;
            // The other downloaded words: a concept (the presets' groups), a cause (the
            // legend), a reason (the why-line).
            let group = app.js("return document.querySelector('#preset-select optgroup').label;", vec![]).await?;
            let expected = format!("1. {}", zh_word("concept", "1"));
            if group.as_str() != Some(expected.as_str()) {
                return Err(format!("the first group of presets: expected {expected:?}, found {group}"));
            }
            check_contains(&app, "#legend", &zh_word("cause", "Io")).await?;
            check_contains(&app, "#why", &zh_word("reason", "HeadOfQueue")).await?;

            // Back to English and to Chinese again: the words are kept, not downloaded again.
            app.select("#lang", "en").await?;
            wait_words(&app, PRESET, "the English words back", &en_title, &en_note).await?;
            let expr = format!("document.querySelector('h1').textContent === {}", js_str(&english_h1));
            app.wait_js("the English <h1> back", &expr, REACT_TIMEOUT).await?;
            app.select("#lang", "zh").await?;
            wait_words(&app, PRESET, "the Chinese words again", &zh_title, &zh_note).await?;
            wait_chinese_h1(&app).await?;
            check_requests(&app, 1, "after English and 简体中文 again").await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_opened_in_chinese_downloads_and_shows_the_chinese_texts() {
    let app = App::open("a_page_opened_in_chinese_downloads_and_shows_the_chinese_texts").await;
    let outcome = app
        .run(async {
            app.select("#lang", "zh").await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            // The language is remembered: a new page load opens in Chinese, with the default
            // preset, whose Chinese words are downloaded at once.
            app.load("", true).await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            wait_chinese_h1(&app).await?;
            let chosen = app.value("#lang").await?;
            if chosen != "zh" {
                return Err(format!("#lang: expected zh, found {chosen:?}"));
            }
            let default = threadlab_sim::presets::DEFAULT;
            check_current(&app, default).await?;
            let (title, note) = zh_words(default);
            wait_words(&app, default, "the default preset in Chinese after a new page load", &title, &note).await?;
            let (title, note) = zh_words(PRESET);
            choose_preset(&app).await?;
            wait_words(&app, PRESET, "another preset in Chinese", &title, &note).await?;
            check_requests(&app, 1, "the new page").await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
