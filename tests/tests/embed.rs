//! Browser tests of comparing and embedding (issue 11, items 10 and 11): a fixed time scale
//! draws runs of different lengths to compare (and is kept in the link and the embed options),
//! the Embed panel's options, copy button and live preview, and an embed's autoplay that waits
//! until the frame is in view.

mod harness;

use harness::{js_str, App, REACT_TIMEOUT};
use serde_json::json;
use std::time::Duration;
use threadlab_share::decimal::Short;
use threadlab_share::link::{decode, encode, LinkState, LinkView};

/// The same four jobs on one core and on four.
const ONE_CORE: &str = "cores 1\nthread job x 4 { cpu 6 }\n";
const FOUR_CORES: &str = "cores 4\nthread job x 4 { cpu 6 }\n";
/// How long a frame (a second copy of the app) may take to load and render.
const FRAME_TIMEOUT: Duration = Duration::from_secs(30);

fn makespan(text: &str) -> u64 {
    threadlab_sim::run(text).unwrap_or_else(|e| panic!("the test's own scenario is invalid ({e}):\n{text}")).makespan
}

/// The x (CSS pixels) of the rightmost column of the first lane of the chart `css` that differs
/// from the lane's last column (its background), read off the canvas' pixels.
async fn rightmost_bar(app: &App, css: &str) -> Result<f64, String> {
    let v = app
        .js(
            "const c = document.querySelector(arguments[0]); const r = devicePixelRatio; \
             const y = Math.round(33 * r); \
             const d = c.getContext('2d').getImageData(0, y, c.width, 1).data; \
             const w = c.width, bg = (w - 1) * 4; \
             for (let x = w - 2; x >= 0; x--) { \
               for (let k = 0; k < 4; k++) if (d[x * 4 + k] !== d[bg + k]) return x / r; \
             } return -1;",
            vec![json!(css)],
        )
        .await?;
    v.as_f64().filter(|x| *x >= 0.0).ok_or_else(|| format!("no bar drawn in the first lane of {css}: {v}"))
}

/// Waits until the page's address holds a link whose fixed scale is `want`; returns that link.
async fn address_scale_is(app: &App, want: Option<f64>) -> Result<LinkState, String> {
    let mut seen = String::new();
    for _ in 0..100 {
        seen = app.js("return location.hash;", vec![]).await?.as_str().unwrap_or_default().to_string();
        let d = decode(&seen);
        if d.problem.is_none() && d.state.scale == want {
            return Ok(d.state);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("the address should hold a link with scale {want:?}; it decodes to {:?}", decode(&seen)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_scale_draws_one_core_four_times_as_long_as_four_and_is_kept_in_the_link() {
    let app = App::open("a_fixed_scale_draws_one_core_four_times_as_long_as_four_and_is_kept_in_the_link").await;
    let outcome = app
        .run(async {
            let (one, four) = (makespan(ONE_CORE), makespan(FOUR_CORES));
            if (one, four) != (24, 6) {
                return Err(format!("the scenarios should end at 24 and 6, found {one} and {four}"));
            }
            let scale = 0.1;
            let mut extents = Vec::new();
            let mut right = Vec::new();
            for (text, end) in [(ONE_CORE, one), (FOUR_CORES, four)] {
                let link = LinkState {
                    text: text.to_string(),
                    view: Some(LinkView::Cores),
                    scale: Some(scale),
                    ..LinkState::default()
                };
                app.load(&format!("#{}", encode(&link)), true).await?;
                app.wait_attr("#time", "data-end", &end.to_string(), REACT_TIMEOUT).await?;
                let extent = Short(end as f64 / scale).to_string();
                app.wait_attr("#gantt-cores", "data-extent-px", &extent, REACT_TIMEOUT).await?;
                if app.value("#scale").await? != "0.1" {
                    return Err(format!(
                        "the scale field should show the link's 0.1, found {:?}",
                        app.value("#scale").await?
                    ));
                }
                extents.push(app.attr("#gantt-cores", "data-extent-px").await?.unwrap_or_default());
                right.push(rightmost_bar(&app, "#gantt-cores").await?);
            }
            if extents != ["240", "60"] {
                return Err(format!("at 0.1 ticks per pixel the runs should be 240 and 60 px long, found {extents:?}"));
            }
            // The pixels agree: core 0's bars end 180 px further right with one core (18 ticks).
            let gap = right[0] - right[1];
            if (gap - 180.0).abs() > 2.0 {
                return Err(format!("core 0's bars should end 180 px apart, found {right:?}"));
            }
            // The scale changed in the page goes into the link; "fit" takes it out.
            app.change("#scale", "0.2").await?;
            app.wait_attr("#gantt-cores", "data-extent-px", "30", REACT_TIMEOUT).await?;
            let link = address_scale_is(&app, Some(0.2)).await?;
            if link.text != FOUR_CORES {
                return Err(format!("the link should keep the scenario, found {:?}", link.text));
            }
            if decode(&app.value("#share-url").await?).state.scale != Some(0.2) {
                return Err("the Copy link field should hold the scale too".into());
            }
            app.click("#scale-fit").await?;
            address_scale_is(&app, None).await?;
            app.wait_attr("#scale-fit", "aria-pressed", "true", REACT_TIMEOUT).await?;
            if !app.value("#scale").await?.is_empty() {
                return Err("fitted, the scale field should be empty".into());
            }
            // A run longer than the box at the scale scrolls sideways, and the window follows.
            app.set_text("#editor", ONE_CORE).await?;
            app.wait_attr("#time", "data-end", "24", REACT_TIMEOUT).await?;
            app.change("#scale", "0.01").await?;
            app.wait_attr("#gantt-cores", "data-extent-px", "2400", REACT_TIMEOUT).await?;
            let wide = app
                .js(
                    "const g = document.querySelector('#gantt-cores').closest('.gantt'); \
                     return [g.scrollWidth, g.clientWidth];",
                    vec![],
                )
                .await?;
            let (sw, cw) = (wide[0].as_f64().unwrap_or(0.0), wide[1].as_f64().unwrap_or(0.0));
            if sw < 2400.0 || cw >= sw {
                return Err(format!("the chart should scroll sideways: scrollWidth {sw}, clientWidth {cw}"));
            }
            app.js("document.querySelector('#gantt-cores').closest('.gantt').scrollLeft = 200; return true;", vec![])
                .await?;
            app.wait_js(
                "the window to start where the box is scrolled to (200 px = 2 ticks)",
                "document.querySelector('#gantt-cores').dataset.window.startsWith('2-')",
                REACT_TIMEOUT,
            )
            .await?;
            // The canvas stays in the box (it draws the part scrolled to).
            let left = app
                .js(
                    "const c = document.querySelector('#gantt-cores');                      return c.getBoundingClientRect().left - c.closest('.gantt').getBoundingClientRect().left;",
                    vec![],
                )
                .await?;
            if left.as_f64().is_none_or(|x| x.abs() > 2.0) {
                return Err(format!("scrolled sideways, the canvas should stay at the box's left edge: {left} px off"));
            }
            // An embed's `scale=` applies to a link that has none.
            let plain = LinkState { text: ONE_CORE.to_string(), ..LinkState::default() };
            app.load(&format!("index.html?embed&scale=0.05#{}", encode(&plain)), true).await?;
            app.wait_attr("#gantt-cores", "data-extent-px", "480", REACT_TIMEOUT).await
        })
        .await;
    app.finish(outcome).await;
}

/// The `src` of the iframe in an embed snippet.
fn snippet_src(snippet: &str) -> Result<String, String> {
    let start = snippet.find("src=\"").ok_or_else(|| format!("no src in the snippet: {snippet}"))? + 5;
    let len = snippet[start..].find('"').ok_or("an unterminated src")?;
    Ok(snippet[start..start + len].to_string())
}

/// Waits until the preview shows exactly the snippet's address, with `query`, rendered in
/// embed mode; returns the snippet.
async fn preview_shows(app: &App, query: &str) -> Result<String, String> {
    let expr = format!(
        "document.querySelector('#embed-snippet').value.includes({})",
        js_str(&format!("src=\"{}{query}#v1:", app.site()?))
    );
    app.wait_js(&format!("the snippet to carry {query}"), &expr, REACT_TIMEOUT).await?;
    let snippet = app.value("#embed-snippet").await?;
    let src = snippet_src(&snippet)?;
    let expr = format!(
        "(() => {{ const f = document.querySelector('iframe#embed-preview'); \
         return f.getAttribute('src') === {src} && f.contentWindow.location.search === {q} \
           && f.contentDocument.querySelector('main#app[data-embed=\"true\"][data-ready=\"true\"]') !== null; }})()",
        src = js_str(&src),
        q = js_str(query)
    );
    app.wait_js(&format!("the preview to render {src}"), &expr, FRAME_TIMEOUT).await?;
    Ok(snippet)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embed_panel_sets_every_option_copies_the_snippet_and_previews_it_live() {
    let app = App::open("the_embed_panel_sets_every_option_copies_the_snippet_and_previews_it_live").await;
    let outcome = app
        .run(async {
            let link = LinkState { text: ONE_CORE.to_string(), ..LinkState::default() };
            app.load(&format!("#{}", encode(&link)), true).await?;
            app.wait_attr("#time", "data-end", "24", REACT_TIMEOUT).await?;
            app.click("#embed-toggle").await?;
            let snippet = preview_shows(&app, "?embed&autoplay").await?;
            if !snippet.contains("allow=\"clipboard-write\"") || !snippet.contains("iframe.resize") {
                return Err(format!("the snippet should allow the clipboard and size its frame: {snippet}"));
            }
            // Every option, each its own control.
            app.click("#embed-opt-autoplay").await?;
            app.click("#embed-opt-readonly").await?;
            app.click("#embed-opt-editor").await?;
            app.click("#embed-opt-note").await?;
            app.select("#embed-opt-view", "threads").await?;
            app.select("#embed-opt-theme", "dark").await?;
            app.select("#embed-opt-lang", "zh").await?;
            app.select("#embed-opt-speed", "2").await?;
            app.change("#embed-opt-t", "5").await?;
            app.change("#embed-opt-scale", "0.5").await?;
            let query = "?embed&view=threads&readonly&editor=1&theme=dark&lang=zh&t=5&speed=2&scale=0.5&note=0";
            preview_shows(&app, query).await?;
            // The preview is the embed those options make (in Chinese once its words arrive).
            let doc = "document.querySelector('iframe#embed-preview').contentDocument";
            app.wait_js("the preview in Chinese", &format!("{doc}.documentElement.lang === 'zh'"), FRAME_TIMEOUT)
                .await?;
            let seen = app
                .js(
                    &format!(
                        "const d = {doc}; const q = s => d.querySelector(s); return [\
                         d.documentElement.lang, d.documentElement.dataset.theme, \
                         q('#gantt-cores') === null, q('#gantt-threads') !== null, \
                         q('#time') && q('#time').dataset.tick, q('#speed') && q('#speed').value, \
                         q('#gantt-threads') && q('#gantt-threads').dataset.extentPx, q('#editor') === null];"
                    ),
                    vec![],
                )
                .await?;
            let want = json!(["zh", "dark", true, true, "5", "2", "48", true]);
            if seen != want {
                return Err(format!(
                    "the preview should be in Chinese, dark, threads only, at t = 5, speed 2, 48 px for \
                     24 ticks at 0.5 ticks/px, read-only: [lang, theme, no cores, threads, tick, speed, \
                     extent, no editor] = {seen}, expected {want}"
                ));
            }
            // One more change: the preview follows it.
            app.click("#embed-opt-controls").await?;
            let query =
                "?embed&view=threads&readonly&controls=0&editor=1&theme=dark&lang=zh&t=5&speed=2&scale=0.5&note=0";
            let snippet = preview_shows(&app, query).await?;
            if app.js(&format!("return {doc}.querySelector('#play') === null;"), vec![]).await? != json!(true) {
                return Err("controls=0: the preview should have no playback controls".into());
            }
            // Copy: the snippet goes to the clipboard (the call is watched on its way there).
            app.js(
                "const c = navigator.clipboard, w = c.writeText.bind(c); \
                 c.writeText = t => { window.copiedText = t; return w(t); }; return true;",
                vec![],
            )
            .await?;
            app.click("#embed-copy").await?;
            app.wait_attr("#embed-copy", "data-copied", "true", REACT_TIMEOUT).await?;
            let copied = app.js("return window.copiedText;", vec![]).await?;
            if copied.as_str() != Some(snippet.as_str()) {
                return Err(format!("the copied text should be the snippet:\n{copied}\n{snippet}"));
            }
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autoplay_waits_until_the_frame_is_scrolled_into_view() {
    let app = App::open("autoplay_waits_until_the_frame_is_scrolled_into_view").await;
    let outcome = app
        .run(async {
            // The demo course page, with one more autoplaying frame far below the fold (loaded
            // at once, not lazily: it renders while out of view).
            app.load("embed-demo.html", false).await?;
            let link = LinkState { text: ONE_CORE.to_string(), ..LinkState::default() };
            app.js(
                "const s = document.createElement('div'); s.style.height = '3000px'; document.body.append(s); \
                 const f = document.createElement('iframe'); f.id = 'below-fold'; f.title = 'below the fold'; \
                 f.src = arguments[0]; document.body.append(f); window.scrollTo(0, 0); return true;",
                vec![json!(format!("index.html?embed&autoplay#{}", encode(&link)))],
            )
            .await?;
            let doc = "document.getElementById('below-fold').contentDocument";
            let ready = format!(
                "{doc} && {doc}.querySelector('main#app[data-embed=\"true\"][data-ready=\"true\"]') !== null \
                 && {doc}.querySelector('#time').dataset.end === '24'"
            );
            app.wait_js("the frame below the fold to render", &ready, FRAME_TIMEOUT).await?;
            let state = format!("return [{doc}.querySelector('#play').getAttribute('aria-pressed'), {doc}.querySelector('#time').dataset.tick, document.getElementById('below-fold').getBoundingClientRect().top > innerHeight];");
            tokio::time::sleep(Duration::from_millis(1500)).await;
            let before = app.js(&state, vec![]).await?;
            if before != json!(["false", "0", true]) {
                return Err(format!(
                    "out of view, the frame should wait at tick 0: [playing, tick, below the fold] = {before}"
                ));
            }
            app.js("document.getElementById('below-fold').scrollIntoView(); return true;", vec![]).await?;
            let playing = format!(
                "{doc}.querySelector('#play').getAttribute('aria-pressed') === 'true' \
                 && Number({doc}.querySelector('#time').dataset.tick) > 0"
            );
            app.wait_js("the frame to play once in view", &playing, REACT_TIMEOUT).await.map(drop)
        })
        .await;
    app.finish(outcome).await;
}
