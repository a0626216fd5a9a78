//! The thin boundary to the browser for sharing, embedding and files: the address (fragment,
//! query, `history.replaceState`), the clipboard, downloads, reading a dropped or chosen
//! file, the height message to an embedding page, and whether the page is in view. Everything else of the app is Rust
//! state; each function here is a few calls of the web platform, and fails quietly (a
//! `false` or `None`) where the platform refuses.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The property `key` of a plain JS object (`undefined` when it has none): the messages and
/// event details the app's modules exchange.
pub fn prop(o: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
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

/// Watches an element until it comes into view; dropping it stops watching.
pub struct InView {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>,
}

impl Drop for InView {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// How much of an element taller than twice the viewport counts as seen, in CSS pixels.
const SEEN_PX: f64 = 300.0;

/// Calls `f` once, the first time the element of id `id` is at least half in view, or shows
/// [`SEEN_PX`] of itself when it is too tall for half of it to fit. In view means in the
/// top-level page's viewport, through every frame around this page (an `IntersectionObserver`
/// with the implicit root): a frame below the fold of a course page is not in view. `None`
/// when there is no such element or no observer.
pub fn when_in_view(id: &str, f: impl FnOnce() + 'static) -> Option<InView> {
    let el = window()?.document()?.get_element_by_id(id)?;
    let mut f = Some(f);
    let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let seen =
                entries.iter().filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()).any(|e| {
                    e.is_intersecting() && (e.intersection_ratio() >= 0.5 || e.intersection_rect().height() >= SEEN_PX)
                });
            if seen {
                observer.disconnect();
                if let Some(f) = f.take() {
                    f();
                }
            }
        },
    );
    // Called at every 5 % of the element in view up to half of it (so a tall element's
    // SEEN_PX is noticed too).
    let thresholds: js_sys::Array = (0..=10).map(|i| JsValue::from(f64::from(i) * 0.05)).collect();
    let init = web_sys::IntersectionObserverInit::new();
    init.set_threshold(&thresholds);
    let observer = web_sys::IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init).ok()?;
    observer.observe(&el);
    Some(InView { observer, _callback: callback })
}
