//! The PNG export: the SVG export made by the worker (`exports.rs`; title, outcome, lane headings, cores, threads, locks,
//! legend — see `threadlab_share::svg_export`) rasterised by the browser at 2× device pixels.
//! One picture, drawn once from the chart model: the PNG cannot disagree with the SVG, nor
//! with the canvas.
//!
//! The SVG is loaded into an image from a `blob:` URL of this page (which leaves the canvas
//! readable), drawn on a canvas twice its size, and offered as a PNG download.

use wasm_bindgen::{JsCast, JsValue};

/// Device pixels per pixel of the SVG.
pub const SCALE: f64 = 2.0;
/// Browsers refuse canvases longer than about 32,767 pixels on a side: a very tall chart is
/// drawn at less than 2× rather than not at all.
const MAX_SIDE: f64 = 32_000.0;

/// The PNG, as a data URL, of an SVG document drawn at [`SCALE`] device pixels per pixel.
pub async fn png_url(svg: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let img = web_sys::HtmlImageElement::new().ok()?;
    img.set_src(&url);
    let loaded = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    loaded.ok()?;
    let (w, h) = (f64::from(img.natural_width().max(1)), f64::from(img.natural_height().max(1)));
    let scale = SCALE.min(MAX_SIDE / w).min(MAX_SIDE / h);
    let doc = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width((w * scale).round() as u32);
    canvas.set_height((h * scale).round() as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.scale(scale, scale).ok()?;
    ctx.draw_image_with_html_image_element(&img, 0.0, 0.0).ok()?;
    canvas.to_data_url_with_type("image/png").ok()
}
