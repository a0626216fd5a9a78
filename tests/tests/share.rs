//! Browser tests of sharing and embedding (issue 4): links open their scenario and view, the
//! address follows edits, bad links explain themselves and fall back, the embed demo page's
//! three frames load, autoplay, report their height and honour readonly, and the exported
//! files are valid. Links are made and read with `threadlab_share`, as the CLI does.

mod harness;

use harness::{js_str, App, Outcome, REACT_TIMEOUT};
use std::time::Duration;
use threadlab_share::link::{decode, encode, LinkState, LinkView, Problem};

const TEXT: &str = "cores 2\nthread a { cpu 6; lock m; io 4; unlock m }\nthread b { cpu 2; lock m; cpu 3; unlock m }\n";
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(20);

fn default_threads() -> usize {
    let p = threadlab_sim::presets::find(threadlab_sim::presets::DEFAULT).expect("default preset");
    threadlab_sim::run(p.text).expect("valid").threads.len()
}

async fn editor_is(app: &App, text: &str) -> Outcome {
    let expr = format!("document.querySelector('#editor').value === {}", js_str(text));
    app.wait_js("the editor to hold the link's text", &expr, REACT_TIMEOUT).await.map(drop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_opens_its_scenario_and_view_and_edits_update_the_address() {
    let app = App::open("a_link_opens_its_scenario_and_view_and_edits_update_the_address").await;
    let outcome = app
        .run(async {
            let state = LinkState {
                text: TEXT.to_string(),
                view: Some(LinkView::Threads),
                window: Some((2.0, 9.0)),
                at: Some(5.0),
                lang: Some("zh".into()),
                scale: None,
                experiment: None,
                predict: None,
            };
            app.load(&format!("#{}", encode(&state)), true).await?;
            editor_is(&app, TEXT).await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            app.wait_attr("#time", "data-tick", "5", REACT_TIMEOUT).await?;
            app.wait_attr("#gantt-threads", "data-window", "2-9", REACT_TIMEOUT).await?;
            if app.value("#view").await? != "threads" || app.count("#gantt-cores").await? != 0 {
                return Err("the link's view (threads only) should be shown".into());
            }
            // Edits: the address follows, replacing the history entry instead of adding one.
            let before = app.js("return history.length;", vec![]).await?;
            let edited = format!("{TEXT}thread c {{ sleep 2; cpu 1 }}\n");
            app.set_text("#editor", &edited).await?;
            let mut seen = String::new();
            for _ in 0..100 {
                seen = app.js("return location.hash;", vec![]).await?.as_str().unwrap_or_default().to_string();
                if decode(&seen).state.text == edited {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let d = decode(&seen);
            if d.problem.is_some() || d.state.text != edited {
                return Err(format!("the address should hold the edited text; it decodes to {:?}", d.state.text));
            }
            let after = app.js("return history.length;", vec![]).await?;
            if before != after {
                return Err(format!("editing should not add history entries: {before} then {after}"));
            }
            // A link pasted into the open page (only the fragment changes) opens too.
            let other = LinkState { text: "thread z { cpu 4 }\n".into(), ..LinkState::default() };
            app.js(&format!("location.hash = {}; return true;", js_str(&encode(&other))), vec![]).await?;
            editor_is(&app, "thread z { cpu 4 }\n").await?;
            // The Copy link field holds the link of what is on screen.
            let url = app.value("#share-url").await?;
            if decode(&url).state.text != "thread z { cpu 4 }\n" {
                return Err(format!("#share-url should be the current link, found {url}"));
            }
            app.click("#copy-link").await?;
            app.wait_js("a copy status", "document.querySelector('#copy-status') !== null", REACT_TIMEOUT).await?;
            app.click("#embed-toggle").await?;
            let snippet = app.value("#embed-snippet").await?;
            if !snippet.contains("?embed&autoplay#v1:") || !snippet.contains("iframe.resize") {
                return Err(format!("the embed snippet should embed this scenario with autoplay: {snippet}"));
            }
            // The snippet's options: each choice shows in its query.
            app.click("#embed-opt-readonly").await?;
            app.click("#embed-opt-controls").await?;
            app.select("#embed-opt-view", "threads").await?;
            app.select("#embed-opt-theme", "dark").await?;
            let expr = "document.querySelector('#embed-snippet').value.includes('?embed&autoplay&view=threads&readonly&controls=0&theme=dark#v1:')";
            app.wait_js("the snippet to carry the chosen options", expr, REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_links_explain_themselves_and_fall_back() {
    let app = App::open("bad_links_explain_themselves_and_fall_back").await;
    let outcome = app
        .run(async {
            let long: String =
                (0..60).map(|i| format!("thread t{i} {{ cpu {}; io {} }}\n", i % 7 + 1, i % 3 + 1)).collect();
            let good = encode(&LinkState { text: long.clone(), ..LinkState::default() });
            let cut = &good[..good.len() / 2];
            let cases: Vec<(String, Problem)> = vec![
                (cut.to_string(), decode(cut).problem.expect("a cut link is bad")),
                (
                    "v1:<img src=x onerror=alert(1)>".to_string(),
                    decode("v1:<img src=x onerror=alert(1)>").problem.unwrap(),
                ),
                (format!("v1:{}", "A".repeat(250_000)), Problem::TooLong(250_003)),
                ("v9:AAAA".to_string(), Problem::UnknownVersion("v9".into())),
            ];
            for (fragment, problem) in cases {
                app.load(&format!("#{fragment}"), true).await?;
                app.wait_js("the link problem", "document.querySelector('#link-problem') !== null", REACT_TIMEOUT)
                    .await?;
                let shown = app.text("#link-problem").await?;
                if !shown.contains(&problem.to_string()) {
                    return Err(format!(
                        "for {problem:?} the page should say {:?}; it says {shown:?}",
                        problem.to_string()
                    ));
                }
                // The charts fall back to the default scenario.
                app.wait_attr("#gantt-threads", "data-lanes", &default_threads().to_string(), REACT_TIMEOUT).await?;
                if app.count("img[src=x]").await? != 0 {
                    return Err("text from a link must never become HTML".into());
                }
            }
            // The cut link's recovered text is in the editor, with its error.
            app.load(&format!("#{cut}"), true).await?;
            let text = app.value("#editor").await?;
            if text.is_empty() || !long.starts_with(&text) {
                return Err(format!("the editor should keep the recovered start of the text, found {text:?}"));
            }
            app.click("#dismiss-link-problem").await?;
            app.wait_js("the banner to go", "document.querySelector('#link-problem') === null", REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embed_demo_page_loads_three_frames_that_play_and_size_themselves() {
    let app = App::open("the_embed_demo_page_loads_three_frames_that_play_and_size_themselves").await;
    let outcome = app
        .run(async {
            app.load("embed-demo.html", false).await?;
            let frames = ["demo-concurrency", "demo-deadlock", "demo-gil"];
            for id in frames {
                // Frames load lazily: bring each into view.
                app.js(&format!("document.getElementById('{id}').scrollIntoView(); return true;"), vec![]).await?;
                let doc = format!("document.getElementById('{id}').contentDocument");
                let ready = format!(
                    "{doc} && {doc}.querySelector('main#app[data-embed=\"true\"][data-ready=\"true\"]') !== null"
                );
                app.wait_js(&format!("frame {id} to render in embed mode"), &ready, Duration::from_secs(30)).await?;
                // The height message arrived: the page's script sized the frame.
                let sized = format!("Number(document.getElementById('{id}').dataset.height) > 100");
                app.wait_js(&format!("frame {id} to report its height"), &sized, REACT_TIMEOUT).await?;
                let link = format!("{doc}.querySelector('#open-full').href");
                let href = app.js(&format!("return {link};"), vec![]).await?;
                let href = href.as_str().unwrap_or_default();
                if href.contains("embed") || decode(href).problem.is_some() {
                    return Err(format!(
                        "frame {id}: 'Open in Threadlab' should open the full playground, found {href}"
                    ));
                }
            }
            // Autoplay: the deadlock and GIL frames play by themselves once in view (a frame
            // scrolled past before its app noticed it waits for its reader: see embed.rs).
            for id in ["demo-deadlock", "demo-gil"] {
                app.js(&format!("document.getElementById('{id}').scrollIntoView(); return true;"), vec![]).await?;
                let expr = format!(
                    "Number(document.getElementById('{id}').contentDocument.querySelector('#time').dataset.tick) > 0"
                );
                app.wait_js(&format!("frame {id} to autoplay"), &expr, Duration::from_secs(20)).await?;
            }
            let doc = |id: &str| format!("document.getElementById('{id}').contentDocument");
            let editors = app
                .js(
                    &format!(
                        "return [{}.querySelectorAll('#editor').length, {}.querySelectorAll('#editor').length];",
                        doc("demo-concurrency"),
                        doc("demo-deadlock")
                    ),
                    vec![],
                )
                .await?;
            if editors != serde_json::json!([1, 0]) {
                return Err(format!("editor=1 shows the editor and readonly hides it: found {editors}"));
            }
            app.screenshot("").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_are_valid_files_and_a_tl_file_opens() {
    let app = App::open("exports_are_valid_files_and_a_tl_file_opens").await;
    let outcome = app
        .run(async {
            let text = format!("title \"Export test\"\n{TEXT}");
            app.set_text("#editor", &text).await?;
            app.wait_attr("#gantt-threads", "data-lanes", "2", REACT_TIMEOUT).await?;
            let r = threadlab_sim::run(&text).map_err(|e| e.to_string())?;
            app.click("#export-trace").await?;
            let trace = app.downloaded("export-test.trace.json", DOWNLOAD_TIMEOUT).await?;
            let v: serde_json::Value =
                serde_json::from_slice(&trace).map_err(|e| format!("the trace is not JSON: {e}"))?;
            let evs = v["traceEvents"].as_array().ok_or("no traceEvents")?;
            let tracks = evs.iter().filter(|e| e["name"] == "thread_name").count();
            let slices = evs.iter().filter(|e| e["ph"] == "X").count();
            let live = r.segments.iter().filter(|s| s.state != threadlab_sim::trace::State::Dead).count();
            if tracks != r.cores.len() + r.threads.len() || slices != r.core_segments.len() + live {
                return Err(format!(
                    "trace: {tracks} tracks and {slices} slices; the run has {} cores + {} threads and {} + {live} segments",
                    r.cores.len(),
                    r.threads.len(),
                    r.core_segments.len()
                ));
            }
            app.click("#export-svg").await?;
            let svg = String::from_utf8(app.downloaded("export-test.svg", DOWNLOAD_TIMEOUT).await?).map_err(|e| e.to_string())?;
            if !svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\"") || !svg.trim_end().ends_with("</svg>") {
                return Err("the SVG should be a standalone <svg> document".into());
            }
            // One lane per core and per thread, with bars (their contents: tests/exports.rs).
            for lane in ["c0", "c1", "t0", "t1"] {
                let start = format!("<g data-lane=\"{lane}\">\n<rect data-k=");
                if !svg.contains(&start) {
                    return Err(format!("the SVG has no bars in lane {lane}"));
                }
            }
            app.click("#export-csv").await?;
            let csv = String::from_utf8(app.downloaded("export-test.csv", DOWNLOAD_TIMEOUT).await?).map_err(|e| e.to_string())?;
            if !csv.lines().any(|l| l == format!("run,,makespan,{}", r.makespan)) {
                return Err(format!("the CSV should hold the makespan {}: {csv}", r.makespan));
            }
            app.click("#export-png").await?;
            let png = app.downloaded("export-test.png", DOWNLOAD_TIMEOUT).await?;
            if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
                return Err("the PNG export is not a PNG".into());
            }
            app.click("#export-tl").await?;
            let tl = app.downloaded("export-test.tl", DOWNLOAD_TIMEOUT).await?;
            if tl != text.as_bytes() {
                return Err("the .tl export should be the editor's text".into());
            }
            // Open a .tl file with the file picker.
            let file = app.downloads.join("opened.tl");
            std::fs::write(&file, "thread opened { cpu 2 }\n").map_err(|e| e.to_string())?;
            let input = app.find("#open-file").await?;
            input.send_keys(&file.display().to_string()).await.map_err(|e| format!("cannot choose the file: {e}"))?;
            editor_is(&app, "thread opened { cpu 2 }\n").await?;
            // Drop a .tl file on the page.
            app.js(
                "const dt = new DataTransfer(); \
                 dt.items.add(new File(['thread dropped { io 3 }\\n'], 'dropped.tl', { type: 'text/plain' })); \
                 const main = document.querySelector('main#app'); \
                 main.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt })); \
                 main.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt })); \
                 return true;",
                vec![],
            )
            .await?;
            editor_is(&app, "thread dropped { io 3 }\n").await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embeds_language_is_not_remembered_for_the_full_playground() {
    let app = App::open("an_embeds_language_is_not_remembered_for_the_full_playground").await;
    let outcome = app
        .run(async {
            app.load("index.html?embed&lang=zh", true).await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await?;
            app.load("", true).await?;
            app.wait_attr("html", "lang", "en", REACT_TIMEOUT).await?;
            // The reader's own choice is remembered.
            app.select("#lang", "zh").await?;
            app.load("", true).await?;
            app.wait_attr("html", "lang", "zh", REACT_TIMEOUT).await
        })
        .await;
    app.finish(outcome).await;
}
