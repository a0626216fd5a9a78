//! Texts of the site fetched when first needed rather than compiled into the wasm: the
//! 简体中文 words only a reader who chooses Chinese needs (`presets_zh` reads the presets'
//! titles and notes this way). Every visitor downloads the wasm; only Chinese readers
//! download these files.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Fetches `url` (relative to the page, as `public_url = "./"` makes the whole site) and
/// hands its text to `done`, or `None` when it could not be loaded (offline, not found).
pub fn fetch_text(url: &'static str, done: impl FnOnce(Option<String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        let text = async {
            let promise = web_sys::window()?.fetch_with_str(url);
            let response: web_sys::Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
            if !response.ok() {
                return None;
            }
            JsFuture::from(response.text().ok()?).await.ok()?.as_string()
        };
        done(text.await);
    });
}
