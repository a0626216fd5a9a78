//! Entry point of the OSTEP module (bin `threadlab-ostep`, loaded by the extras module the
//! first time the import box is opened: see `extras.rs`): mounts the [`OstepPanel`] into the
//! element a `threadlab:panel` event with `panel: "ostep"` names. Its own module because the
//! reimplemented homework simulators (`share::ostep`, with Python's number formatting) are
//! about 70 KB that neither the first screen nor the experiments need.

use std::cell::RefCell;
use threadlab_web::components::ostep_panel::{OstepPanel, OstepPanelProps};
use threadlab_web::extras::{mount, send, serve, Module, Mounted, OPEN_EVENT};
use wasm_bindgen::JsValue;

thread_local! {
    static PANEL: RefCell<Option<Mounted<OstepPanel>>> = const { RefCell::new(None) };
}

fn main() {
    serve(Module::Ostep, |panel, root, d| {
        if panel != "ostep" {
            return;
        }
        let props = OstepPanelProps {
            lang: d.lang(),
            on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
        };
        mount(&PANEL, root, props);
    });
}
