//! Entry point of the OSTEP module (bin `threadlab-ostep`, loaded by the extras module the
//! first time the import box is opened: see `extras.rs`): mounts the [`OstepPanel`] into the
//! element a `threadlab:panel` event with `panel: "ostep"` names. Its own module because the
//! reimplemented homework simulators (`share::ostep`, with Python's number formatting) are
//! about 70 KB that neither the first screen nor the experiments need.

use std::cell::RefCell;
use threadlab_web::components::ostep_panel::{OstepPanel, OstepPanelProps};
use threadlab_web::extras::{send, Module, OPEN_EVENT, PANEL_EVENT};
use threadlab_web::i18n::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AppHandle;

thread_local! {
    static PANEL: RefCell<Option<(web_sys::Element, AppHandle<OstepPanel>)>> = const { RefCell::new(None) };
}

fn get(o: &JsValue, key: &str) -> Option<String> {
    threadlab_web::browser::prop(o, key).as_string()
}

fn main() {
    let on_panel = Closure::<dyn Fn(web_sys::CustomEvent)>::new(|e: web_sys::CustomEvent| {
        let d = e.detail();
        if get(&d, "panel").as_deref() != Some("ostep") {
            return;
        }
        let Some(root) = get(&d, "root").and_then(|id| web_sys::window()?.document()?.get_element_by_id(&id)) else {
            return;
        };
        let props = OstepPanelProps {
            lang: get(&d, "lang").and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::En),
            on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
        };
        PANEL.with_borrow_mut(|m| match m {
            Some((r, app)) if *r == root => app.update(props),
            _ => {
                if let Some((_, old)) = m.take() {
                    old.destroy();
                }
                let app = threadlab_web::extras::render_in::<OstepPanel>(root.clone(), props);
                *m = Some((root, app));
            }
        });
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(PANEL_EVENT, on_panel.as_ref().unchecked_ref());
    }
    on_panel.forget();
    send(Module::Ostep.ready_event(), &JsValue::NULL);
}
