//! Browser tests of the picture exports (issue 11): the SVG download is the chart model's
//! picture (title, outcome, lane headings, thread names on core bars, locks, legend words) —
//! byte for byte the one `threadlab_share::svg_export` makes natively — and the PNG download is
//! that SVG at 2× device pixels: its size read from the IHDR chunk, its pixels read back in
//! the page.

mod harness;

use harness::{App, REACT_TIMEOUT};
use serde_json::json;
use std::time::Duration;
use threadlab_share::chart::LegendKey;
use threadlab_share::palette::{identity_colour, style};
use threadlab_share::svg_export::{outcome_sentence, to_svg, SvgOptions};

const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(20);

/// Crashes, a killed daemon, a lock: everything the outcome sentence names.
const TEXT: &str = "title \"Slides export\"
cores 3
scheduler fifo
process p {
  thread worker { cpu 6; crash }
  thread helper { sleep 20 }
}
thread main { lock m; cpu 8; unlock m; cpu 4 }
thread client { cpu 2; lock m; io 3; unlock m }
thread logger daemon { sleep 100 }
";

fn attr(s: &str, name: &str) -> Option<String> {
    let k = format!(" {name}=\"");
    let i = s.find(&k)? + k.len();
    Some(s[i..i + s[i..].find('"')?].to_string())
}

fn num(s: &str, name: &str) -> Result<f64, String> {
    attr(s, name).and_then(|v| v.parse().ok()).ok_or_else(|| format!("no number {name} in {s:.200}"))
}

/// The first bar of lane `lane` whose `data-k` starts with `prefix`: (x, y, key).
fn first_bar(svg: &str, lane: &str, prefix: &str) -> Result<(f64, f64, String), String> {
    let start = format!("<g data-lane=\"{lane}\">");
    let a = svg.find(&start).ok_or_else(|| format!("no lane {lane} in the SVG"))?;
    let body = &svg[a..a + svg[a..].find("</g>").unwrap_or(0)];
    for r in body.split("<rect ").skip(1) {
        let r = format!(" {r}");
        let Some(k) = attr(&r, "data-k").filter(|k| k.starts_with(prefix)) else { continue };
        return Ok((num(&r, "x")?, num(&r, "y")?, k));
    }
    Err(format!("no {prefix}… bar in lane {lane}"))
}

fn rgb(hex: &str) -> [i64; 3] {
    let v = i64::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) & 255, (v >> 8) & 255, v & 255]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_svg_and_png_exports_are_the_models_picture() {
    let app = App::open("the_svg_and_png_exports_are_the_models_picture").await;
    let outcome = app
        .run(async {
            app.set_text("#editor", TEXT).await?;
            app.wait_attr("#gantt-threads", "data-lanes", "5", REACT_TIMEOUT).await?;
            let r = threadlab_sim::run(TEXT).map_err(|e| e.to_string())?;

            // The exports' worker module is not part of the first load: its loader is fetched
            // on the first export only (the wasm is then fetched by the worker itself).
            let worker_loader = "performance.getEntriesByType('resource')\
                .filter(e => e.name.endsWith('threadlab-worker_loader.js')).length";
            if app.js(&format!("return {worker_loader};"), vec![]).await? != serde_json::json!(0) {
                return Err("the worker module was loaded before any export".into());
            }
            // The SVG: what a slide needs, in the app's words.
            app.click("#export-svg").await?;
            let svg = String::from_utf8(app.downloaded("slides-export.svg", DOWNLOAD_TIMEOUT).await?)
                .map_err(|e| e.to_string())?;
            if app.js(&format!("return {worker_loader};"), vec![]).await? != serde_json::json!(1) {
                return Err("the first export should load the worker module once".into());
            }
            let sentence = outcome_sentence(&r);
            if !sentence.contains("worker crashed at t = 6 (process p: 2 threads crashed)")
                || !sentence.contains("daemon logger killed at t = ")
            {
                return Err(format!("the outcome should name the crash and the killed daemon: {sentence}"));
            }
            let mut wanted: Vec<String> = vec![
                "<title>Slides export</title>".into(),
                ">Slides export</text>".into(),
                ">Cores</text>".into(),
                ">Threads</text>".into(),
                ">Locks</text>".into(),
                ">process p</text>".into(),
                ">logger (daemon)</text>".into(),
                format!(">Outcome: {sentence}</text>"),
            ];
            for k in [LegendKey::Running, LegendKey::Blocked(threadlab_sim::trace::Cause::Lock), LegendKey::End(threadlab_sim::Fate::Crashed)] {
                wanted.push(format!(">{}</text>", k.word()));
            }
            for w in &wanted {
                if !svg.contains(w.as_str()) {
                    return Err(format!("the SVG lacks {w:?}"));
                }
            }
            // Thread names on core bars, in readable ink.
            let c0 = &svg[svg.find("<g data-lane=\"c0\">").ok_or("no core 0 lane")?..];
            let c0 = &c0[..c0.find("</g>").unwrap_or(0)];
            if !c0.contains(" pointer-events=\"none\">worker</text>") && !c0.contains(" pointer-events=\"none\">main</text>") {
                return Err(format!("core 0's bars should carry thread names: {c0:.600}"));
            }
            // Byte for byte the native export of the same run and window.
            let window = app.attr("#gantt-threads", "data-window").await?.unwrap_or_default();
            let (a, b) = window.split_once('-').ok_or_else(|| format!("window {window:?}"))?;
            let window = (a.parse::<f64>().map_err(|e| e.to_string())?, b.parse::<f64>().map_err(|e| e.to_string())?);
            let native = to_svg(
                &r,
                &SvgOptions { width: 1200, window: Some(window), title: "Slides export".into(), ..SvgOptions::default() },
            );
            if svg != native {
                let at = svg.bytes().zip(native.bytes()).position(|(x, y)| x != y).unwrap_or(0);
                return Err(format!(
                    "the app's SVG differs from the native export at byte {at}: {:?} vs {:?}",
                    &svg[at.saturating_sub(40)..(at + 80).min(svg.len())],
                    &native[at.saturating_sub(40)..(at + 80).min(native.len())]
                ));
            }

            // The PNG: that SVG at 2× device pixels.
            app.click("#export-png").await?;
            let png = app.downloaded("slides-export.png", DOWNLOAD_TIMEOUT).await?;
            if !png.starts_with(b"\x89PNG\r\n\x1a\n") || &png[12..16] != b"IHDR" {
                return Err("the PNG export is not a PNG".into());
            }
            let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
            let (pw, ph) = (be(16), be(20));
            let (sw, sh) = (num(&svg, "width")?, num(&svg, "height")?);
            if f64::from(pw) != 2.0 * sw || f64::from(ph) != 2.0 * sh {
                return Err(format!("the PNG is {pw} × {ph}; the SVG is {sw} × {sh}: expected twice its size"));
            }
            // Pixels: the first thread bar of core 0 in its identity colour, the first running
            // bar of a thread in the running colour (just inside their top-left corners, clear
            // of the words).
            let (cx, cy, ck) = first_bar(&svg, "c0", "t")?;
            let thread: u32 = ck[1..].parse().map_err(|_| format!("bar key {ck}"))?;
            let main = r.thread_id("main").ok_or("no thread main")?;
            let (tx, ty, _) = first_bar(&svg, &format!("t{main}"), "running")?;
            let points = json!([[(2.0 * (cx + 1.5)) as u32, (2.0 * (cy + 2.0)) as u32], [(2.0 * (tx + 1.5)) as u32, (2.0 * (ty + 2.0)) as u32]]);
            let bytes: Vec<u32> = png.iter().map(|&b| u32::from(b)).collect();
            app.js(
                "const pts = arguments[1]; window.__png = null; \
                 createImageBitmap(new Blob([new Uint8Array(arguments[0])], { type: 'image/png' })).then(bmp => { \
                   const c = document.createElement('canvas'); c.width = bmp.width; c.height = bmp.height; \
                   const ctx = c.getContext('2d'); ctx.drawImage(bmp, 0, 0); \
                   window.__png = { size: [bmp.width, bmp.height], px: pts.map(p => Array.from(ctx.getImageData(p[0], p[1], 1, 1).data)) }; \
                 }).catch(e => { window.__png = { error: String(e) }; }); return true;",
                vec![json!(bytes), points],
            )
            .await?;
            let got = app.wait_js("the PNG decoded in the page", "window.__png", REACT_TIMEOUT).await?;
            if got.get("error").is_some() {
                return Err(format!("the page could not decode the PNG: {got}"));
            }
            for (i, want) in [identity_colour(thread), style(LegendKey::Running).0].iter().enumerate() {
                let px: Vec<i64> = got["px"][i].as_array().map(|a| a.iter().filter_map(|v| v.as_i64()).collect()).unwrap_or_default();
                let w = rgb(want);
                if px.len() != 4 || (0..3).any(|c| (px[c] - w[c]).abs() > 3) || px[3] != 255 {
                    return Err(format!("pixel {i} of the PNG is {px:?}; expected {want} ({w:?})"));
                }
            }
            app.screenshot("").await
        })
        .await;
    app.finish(outcome).await;
}
