//! The Export buttons' downloads. The SVG, PNG, trace and CSV files are made by the worker
//! module (`worker_client.rs`, the same core and `threadlab_share` exporters as the command
//! line), so their code is not part of the first load; the PNG is the SVG drawn at 2× here
//! (`export_png.rs`). The `.tl` text is saved at once.

use crate::browser;
use crate::worker_client::{ask, Request};
use std::rc::Rc;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Svg,
    Png,
    Trace,
    Csv,
    /// The scenario text.
    Text,
}

/// The picture's width in pixels (SVG and PNG alike).
pub const WIDTH: u32 = 1200;

/// What an export is made of.
#[derive(Debug, Clone)]
pub struct Source {
    /// The text of the run on screen (run again by the worker).
    pub run_text: Option<Rc<str>>,
    /// The editor's text (saved by [`Export::Text`]).
    pub text: String,
    pub title: String,
    /// The charts' zoom window, in ticks.
    pub window: (f64, f64),
    /// Ticks per pixel, when the charts have a fixed time scale.
    pub scale: Option<f64>,
    /// The file name without its extension.
    pub file: String,
}

/// Downloads `kind` of `src` as `file.EXT`; `done` is told when the file is offered, or what
/// went wrong.
pub fn export(kind: Export, src: Source, done: impl FnOnce(Result<(), String>) + 'static) {
    let Source { run_text, text, title, window, scale, file } = src;
    if kind == Export::Text {
        browser::download_text(&format!("{file}.tl"), "text/plain", &text);
        return done(Ok(()));
    }
    let Some(run_text) = run_text else { return done(Err("no run yet".to_string())) };
    wasm_bindgen_futures::spawn_local(async move {
        let job = match kind {
            Export::Svg | Export::Png => "svg",
            Export::Trace => "trace",
            _ => "csv",
        };
        let req =
            Request { job, text: &run_text, title: &title, width: WIDTH, window: Some(window), scale, spec: None };
        let out = match ask(req).await {
            Err(e) => Err(e),
            Ok(data) => match kind {
                Export::Svg => Ok(browser::download_text(&format!("{file}.svg"), "image/svg+xml", &data)),
                Export::Png => match crate::export_png::png_url(&data).await {
                    Some(url) => Ok(browser::download_url(&format!("{file}.png"), &url)),
                    None => Err("the picture could not be drawn".to_string()),
                },
                Export::Trace => Ok(browser::download_text(&format!("{file}.trace.json"), "application/json", &data)),
                _ => Ok(browser::download_text(&format!("{file}.csv"), "text/csv", &data)),
            },
        };
        done(out.and_then(|ok| if ok { Ok(()) } else { Err("the browser refused the download".to_string()) }));
    });
}
