//! Entry point of the OSTEP module, the classroom's (bin `threadlab-ostep`, loaded the first
//! time one of its panels is shown: see `extras.rs`): mounts the [`OstepPanel`] (the import
//! box, opened from the extras module), the [`PredictPanel`] (predict mode) or the
//! [`DrivePanel`] (you are the scheduler, shown by the app while the text has `picks`) into
//! the element a `threadlab:panel` event names. Its
//! own module because the reimplemented homework simulators (`share::ostep`, with Python's
//! number formatting) are about 70 KB that neither the first screen nor the experiments need.

use std::cell::RefCell;
use threadlab_web::components::drive_panel::{DrivePanel, DrivePanelProps};
use threadlab_web::components::ostep_panel::{OstepPanel, OstepPanelProps};
use threadlab_web::components::predict_panel::{PredictPanel, PredictPanelProps};
use threadlab_web::extras::{mount, send, serve, Module, Mounted, OPEN_EVENT};
use wasm_bindgen::JsValue;

thread_local! {
    static PANEL: RefCell<Option<Mounted<OstepPanel>>> = const { RefCell::new(None) };
    static DRIVE: RefCell<Option<Mounted<DrivePanel>>> = const { RefCell::new(None) };
    static PREDICT: RefCell<Option<Mounted<PredictPanel>>> = const { RefCell::new(None) };
}

fn main() {
    serve(Module::Ostep, |panel, root, d| {
        let lang = d.lang();
        match panel {
            "ostep" => {
                let props = OstepPanelProps {
                    lang,
                    on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
                };
                mount(&PANEL, root, props);
            }
            "predict" => {
                if let Some(view) = threadlab_web::classroom::decode(&d.text("text")) {
                    mount(&PREDICT, root, PredictPanelProps { view, lang });
                }
            }
            "drive" => {
                if let Some(view) = threadlab_web::classroom::decode_drive(&d.text("view")) {
                    mount(&DRIVE, root, DrivePanelProps { text: d.text("text").into(), view, lang });
                }
            }
            _ => {}
        }
    });
}
