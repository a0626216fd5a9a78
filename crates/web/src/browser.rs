//! The thin boundary to the browser for sharing, embedding and files: the address (fragment,
//! query, `history.replaceState`), the clipboard, downloads, reading a dropped or chosen
//! file, and the height message to an embedding page. Everything else of the app is Rust
//! state; each function here is a few calls of the web platform, and fails quietly (a
//! `false` or `None`) where the platform refuses.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// `location.hash`, with its `#` (empty when there is none).
pub fn hash() -> String {
    window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// `location.search`, with its `?` (empty when there is none).
pub fn query() -> String {
    window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The page's address without its fragment and query: where the full playground is.
pub fn base_url() -> String {
    let Some(l) = window().map(|w| w.location()) else { return String::new() };
    format!("{}{}", l.origin().unwrap_or_default(), l.pathname().unwrap_or_default())
}

/// The page's address without its fragment (the query, e.g. `?embed`, kept).
pub fn page_url() -> String {
    format!("{}{}", base_url(), query())
}

/// Replaces the fragment without a new history entry (nor a `hashchange` event); inside an
/// iframe this never touches the embedding page's history.
pub fn replace_fragment(fragment: &str) {
    if let Some(h) = window().and_then(|w| w.history().ok()) {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{}#{fragment}", page_url())));
    }
}

/// Copies text to the clipboard (`navigator.clipboard.writeText`); false when the page may
/// not (an iframe without `allow="clipboard-write"`, an insecure origin).
pub async fn copy(text: &str) -> bool {
    let Some(nav) = window().map(|w| w.navigator()) else { return false };
    let Ok(clipboard) = js_sys::Reflect::get(&nav, &"clipboard".into()) else { return false };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    let Some(write) = write.dyn_ref::<js_sys::Function>() else { return false };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else { return false };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else { return false };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Offers `url` (an object or data URL) as a download named `name`.
pub fn download_url(name: &str, url: &str) -> bool {
    let Some(doc) = window().and_then(|w| w.document()) else { return false };
    let Ok(a) = doc.create_element("a") else { return false };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return false };
    a.set_href(url);
    a.set_download(name);
    let _ = a.set_attribute("hidden", "");
    let Some(body) = doc.body() else { return false };
    let _ = body.append_child(&a);
    a.click();
    a.remove();
    true
}

/// Offers `text` as a download named `name` of type `mime`.
pub fn download_text(name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let done = download_url(name, &url);
    // Revoked later: the download starts asynchronously.
    let revoke = url.clone();
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&revoke);
    })
    .forget();
    done
}

/// The text of a file the user chose or dropped (at most `max` bytes are read; a bigger file
/// gives `Err` with its size).
pub async fn read_file(file: web_sys::File, max: usize) -> Result<String, f64> {
    let size = file.size();
    if size > max as f64 {
        return Err(size);
    }
    match wasm_bindgen_futures::JsFuture::from(file.text()).await {
        Ok(t) => Ok(t.as_string().unwrap_or_default()),
        Err(_) => Err(size),
    }
}

/// Whether the page runs in a frame of another page.
pub fn in_frame() -> bool {
    match (window(), window().and_then(|w| w.parent().ok().flatten())) {
        (Some(w), Some(p)) => !js_sys::Object::is(&w, &p),
        _ => false,
    }
}

/// Tells the embedding page the height the content needs, as
/// `{context: "iframe.resize", height}` (the convention hosts listen for).
pub fn post_height(height: f64) {
    let Some(parent) = window().and_then(|w| w.parent().ok().flatten()) else { return };
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"context".into(), &"iframe.resize".into());
    let _ = js_sys::Reflect::set(&msg, &"height".into(), &height.into());
    let _ = parent.post_message(&msg, "*");
}

/// The height of the page's content, in CSS pixels (the body's, which unlike the
/// document's never counts the frame's own height, so the frame can shrink too).
pub fn content_height() -> f64 {
    window().and_then(|w| w.document()).and_then(|d| d.body()).map(|b| f64::from(b.offset_height())).unwrap_or(0.0)
}

/// Whether the user asked for reduced motion (autoplay then waits for a click).
pub fn reduced_motion() -> bool {
    window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(false)
}
