//! Embedding safety (issue 15, item 3) in headless Chromium:
//! - a scenario's title and note (the only strings the language has: names are
//!   `[A-Za-z_][A-Za-z0-9_.-]*`) are shown as text, never markup, in the full app, in `?embed`,
//!   in the Embed panel's snippet and its live preview;
//! - the site's Content-Security-Policy (a meta tag written at build time, web/shrink-wasm.mjs)
//!   holds what docs/RELIABILITY.md says, the app works under it (loading the modules on
//!   demand, the worker, the exports, the comparison's pictures) with no violation reported,
//!   and an inline script injected on purpose is blocked and reported;
//! - an embed posts its parent only `{context: "iframe.resize", height}` and ignores junk
//!   messages posted into it (it has no `message` listener of its own).

mod harness;

use harness::{App, REACT_TIMEOUT};
use serde_json::{json, Value};
use std::time::Duration;
use threadlab_share::link::{encode, LinkState};

/// Markup that runs script if it is ever parsed as HTML: each sets `window.__xss`.
const IMG: &str = r#"<img src=x onerror="window.__xss=1">"#;
const SCRIPT: &str = "<script>window.__xss=2</script>";
/// How long a frame (a second copy of the app) may take to load and render.
const FRAME_TIMEOUT: Duration = Duration::from_secs(30);

/// `s` as a string literal of the scenario language.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn title() -> String {
    format!("Hostile {IMG}{SCRIPT} title")
}

fn note() -> String {
    format!("{SCRIPT} note {IMG} & more")
}

fn hostile_link() -> String {
    let text = format!("title {}\nnote {}\nthread a {{ cpu 3 }}\n", quoted(&title()), quoted(&note()));
    assert!(threadlab_sim::check(&text).is_ok(), "the test's scenario is invalid:\n{text}");
    encode(&LinkState { text, ..LinkState::default() })
}

/// In the document `doc` (a JavaScript expression): the title and note read back as the very
/// text written, no element was made of them, and no script of them ran.
async fn shown_as_text(app: &App, doc: &str, win: &str, with_title: bool) -> Result<(), String> {
    let seen = app
        .js(
            &format!(
                "const d = {doc}; const t = d.querySelector('#scenario-title'), n = d.querySelector('#scenario-note'); \
                 return [t && t.textContent, n && n.textContent, \
                   d.querySelectorAll('#scenario-title *, #scenario-note *').length, \
                   d.querySelectorAll('img[src=\"x\"]').length, typeof {win}.__xss];"
            ),
            vec![],
        )
        .await?;
    let want = json!([if with_title { Value::from(title()) } else { Value::Null }, note(), 0, 0, "undefined"]);
    if seen != want {
        return Err(format!(
            "in {doc}: [title, note, elements in them, img elements, typeof __xss] = {seen}, expected {want}"
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_the_title_and_note_is_shown_as_text_in_the_app_and_the_embed() {
    let app = App::open("markup_in_the_title_and_note_is_shown_as_text_in_the_app_and_the_embed").await;
    let outcome = app
        .run(async {
            let link = hostile_link();
            // The full app.
            app.load(&format!("#{link}"), true).await?;
            app.wait_attr("#time", "data-end", "3", REACT_TIMEOUT).await?;
            // A tooltip of the charts names threads only (no markup can be in a name); hover
            // one anyway, with the title on the page.
            app.mouse("#gantt-threads", &[("mousemove", 60.0, 30.0, 0, "", 0.0)]).await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            shown_as_text(&app, "document", "window", true).await?;
            // The Embed panel: its snippet carries the title (stripped of `"<>&`) and its
            // preview is an embed of the scenario.
            app.click("#embed-toggle").await?;
            let doc = "document.querySelector('iframe#embed-preview').contentDocument";
            let win = "document.querySelector('iframe#embed-preview').contentWindow";
            app.wait_js(
                "the preview to render",
                &format!("{doc} && {doc}.querySelector('#time') && {doc}.querySelector('#time').dataset.end === '3'"),
                FRAME_TIMEOUT,
            )
            .await?;
            let snippet = app
                .wait_js(
                    "the snippet",
                    "document.querySelector('#embed-snippet') && document.querySelector('#embed-snippet').value",
                    REACT_TIMEOUT,
                )
                .await?;
            let snippet = snippet.as_str().unwrap_or_default().to_string();
            let title_attr = snippet.split("title=\"").nth(1).and_then(|t| t.split('"').next()).unwrap_or_default();
            if title_attr.contains(['<', '>', '&'])
                || !title_attr.starts_with("Hostile img src=x onerror=window.__xss=1")
            {
                return Err(format!("the snippet's title attribute should be plain text: {title_attr:?}\n{snippet}"));
            }
            shown_as_text(&app, doc, win, true).await?;
            shown_as_text(&app, "document", "window", true).await?;
            // `?embed` on its own.
            app.load(&format!("index.html?embed#{link}"), true).await?;
            app.wait_attr("#time", "data-end", "3", REACT_TIMEOUT).await?;
            let with_title = app.count("#scenario-title").await? > 0;
            shown_as_text(&app, "document", "window", with_title).await?;
            if app.text("#scenario-note").await?.is_empty() {
                return Err("the embed should show the note".into());
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_works_under_its_csp_which_blocks_an_injected_inline_script() {
    let app = App::open("the_app_works_under_its_csp_which_blocks_an_injected_inline_script").await;
    let outcome = app
        .run(async {
            let csp = app
                .js("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m && m.content;", vec![])
                .await?;
            let csp = csp.as_str().ok_or("index.html has no Content-Security-Policy meta tag")?.to_string();
            let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src ")).unwrap_or_default();
            let wanted = ["default-src 'self'", "'wasm-unsafe-eval'", "'sha256-", "object-src 'none'", "img-src 'self' blob: data:"];
            if wanted.iter().any(|w| !csp.contains(w))
                || script_src.contains("'unsafe-inline'")
                || script_src.contains("'unsafe-eval'")
                || csp.contains("INLINE_")
                || csp.contains("http:")
                || csp.contains("https:")
            {
                return Err(format!("the CSP should allow only the site, wasm and hashed inline scripts: {csp:?}"));
            }
            // Violations from here on are counted; the app is used in the ways that load more
            // code and pictures: the extras module (the share bar), the worker (an export),
            // the lab (a comparison, whose pictures are data: URLs).
            app.js(
                "window.__violations = []; document.addEventListener('securitypolicyviolation', e => \
                   window.__violations.push(e.violatedDirective + ' ' + e.blockedURI)); return true;",
                vec![],
            )
            .await?;
            app.wait_js("the share bar", "document.querySelector('#export-png') !== null", FRAME_TIMEOUT).await?;
            app.click("#export-png").await?;
            app.wait_attr("#export-status", "data-state", "done", FRAME_TIMEOUT).await?;
            if app.js("return window.__violations;", vec![]).await? != json!([]) {
                let v = app.js("return window.__violations;", vec![]).await?;
                return Err(format!("using the app should report no CSP violation: {v}"));
            }
            // An inline script injected on purpose: blocked, and reported.
            app.js(
                "const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; \
                 document.head.append(s); return true;",
                vec![],
            )
            .await?;
            let v = app.wait_js("the violation to be reported", "window.__violations.length > 0 && window.__violations", REACT_TIMEOUT).await?;
            let ran = app.js("return typeof window.__injected;", vec![]).await?;
            if ran != json!("undefined") || !v[0].as_str().unwrap_or_default().starts_with("script-src") {
                return Err(format!("the injected script should be blocked ({ran}) as script-src: {v}"));
            }
            // The embed demo page has a policy of its own; its inline script (which sizes the
            // frames from their messages) runs under it.
            app.load("embed-demo.html", false).await?;
            let demo = app
                .js("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m && m.content;", vec![])
                .await?;
            let demo = demo.as_str().ok_or("embed-demo.html has no CSP meta tag")?;
            if !demo.contains("script-src 'sha256-") || !demo.contains("style-src 'sha256-") || demo.contains("unsafe") {
                return Err(format!("the demo page's CSP should allow its inline script and style by hash: {demo:?}"));
            }
            app.js("document.querySelector('iframe').scrollIntoView(); return true;", vec![]).await?;
            app.wait_js("the demo's script to size a frame", "document.querySelector('iframe[data-height]') !== null", FRAME_TIMEOUT)
                .await
                .map(drop)
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_posts_only_its_resize_message_and_ignores_junk() {
    let app = App::open("an_embed_posts_only_its_resize_message_and_ignores_junk").await;
    let outcome = app
        .run(async {
            // A blank page of the site with one embed, every message from it recorded.
            app.load("embed-demo.html", false).await?;
            app.js(
                "for (const f of document.querySelectorAll('iframe')) f.remove(); \
                 window.__got = []; addEventListener('message', e => window.__got.push(e.data)); \
                 const f = document.createElement('iframe'); f.id = 'frame'; f.title = 'embed'; \
                 f.src = arguments[0]; document.body.append(f); return true;",
                vec![json!(format!("index.html?embed&editor=1#{}", hostile_link()))],
            )
            .await?;
            let doc = "document.getElementById('frame').contentDocument";
            let win = "document.getElementById('frame').contentWindow";
            app.wait_js(
                "the embed to render",
                &format!("{doc} && {doc}.querySelector('main#app[data-ready=\"true\"]') && {doc}.querySelector('#time').dataset.end === '3'"),
                FRAME_TIMEOUT,
            )
            .await?;
            app.wait_js("a resize message", "window.__got.length > 0", FRAME_TIMEOUT).await?;
            let state = format!(
                "const d = {doc}; return [d.querySelector('main#app').innerHTML, {win}.location.href, \
                 {win}.localStorage.length, d.documentElement.dataset.theme, d.documentElement.lang];"
            );
            // Settled first: after its first render the embed may rewrite its address (the link
            // as the app writes it); the state is read once two readings agree.
            let mut before = app.js(&state, vec![]).await?;
            for _ in 0..20 {
                tokio::time::sleep(Duration::from_millis(500)).await;
                let again = app.js(&state, vec![]).await?;
                if again == before {
                    break;
                }
                before = again;
            }
            // Junk of every shape: not objects, the wrong shape, look-alikes of the app's own
            // words, a huge string and buffer, cyclic structure.
            app.js(
                &format!(
                    "const w = {win}; w.__errors = []; \
                     w.addEventListener('error', e => w.__errors.push(String(e.message))); \
                     w.addEventListener('unhandledrejection', e => w.__errors.push(String(e.reason))); \
                     w.addEventListener('messageerror', e => w.__errors.push('messageerror')); \
                     const cyc = {{ a: 1 }}; cyc.self = cyc; \
                     const junk = [null, undefined, 0, -1, NaN, 'play', '', true, [], [1, 2, 3], {{}}, cyc, \
                       {{ context: 'iframe.resize', height: 1e9 }}, {{ context: 'iframe.resize', height: 'x' }}, \
                       {{ type: 'play' }}, {{ text: 'thread a {{ cpu 99 }}' }}, {{ theme: 'dark', lang: 'zh' }}, \
                       {{ hash: '#v1:AAAA' }}, 'x'.repeat(5000000), new ArrayBuffer(4 << 20), \
                       new Date(0), /re/g, new Map([[1, 2]]), {{ toString: null, valueOf: null }}]; \
                     for (const m of junk) w.postMessage(m, '*'); \
                     w.postMessage({{ context: 'iframe.resize', height: 7 }}, '*'); return junk.length;"
                ),
                vec![],
            )
            .await?;
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let after = app.js(&state, vec![]).await?;
            if after != before {
                let (b, a) = (before.to_string(), after.to_string());
                let at = b.bytes().zip(a.bytes()).position(|(x, y)| x != y).unwrap_or(0);
                let near = |s: &str| s.get(at.saturating_sub(80)..(at + 120).min(s.len())).unwrap_or("").to_string();
                return Err(format!("junk messages changed the embed at byte {at}:\nbefore …{}…\nafter  …{}…", near(&b), near(&a)));
            }
            let errors = app.js(&format!("return {win}.__errors;"), vec![]).await?;
            if errors != json!([]) {
                return Err(format!("junk messages raised errors in the embed: {errors}"));
            }
            // Everything the embed posted: `{context: "iframe.resize", height}`, nothing else.
            let got = app.js("return window.__got;", vec![]).await?;
            let all = got.as_array().ok_or("no messages recorded")?;
            for m in all {
                let keys: Vec<&String> = m.as_object().map(|o| o.keys().collect()).unwrap_or_default();
                let ok = keys == ["context", "height"]
                    && m["context"] == json!("iframe.resize")
                    && m["height"].as_f64().is_some_and(|h| h.is_finite() && h > 0.0 && h < 100_000.0);
                if !ok {
                    return Err(format!("the embed posted a message of another shape: {m} (all: {got})"));
                }
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
