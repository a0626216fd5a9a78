//! Entry point of the extras module (bin `threadlab-extras`, loaded by the app after the first
//! screen: see `extras.rs`): mounts the panel named by each `threadlab:panel` event into its
//! element, or gives the panel already there its new inputs.

use std::cell::RefCell;
use threadlab_web::components::experiment_bar::{ExperimentBar, ExperimentBarProps};
use threadlab_web::components::form_panel::{FormPanel, FormPanelProps};
use threadlab_web::components::settings_panel::{SettingsPanel, SettingsPanelProps};
use threadlab_web::components::share_bar::{ShareBar, ShareBarProps};
use threadlab_web::extras::{mount, send, serve, Module, Mounted, OPEN_EVENT};
use wasm_bindgen::JsValue;

thread_local! {
    static FORM: RefCell<Option<Mounted<FormPanel>>> = const { RefCell::new(None) };
    static SETTINGS: RefCell<Option<Mounted<SettingsPanel>>> = const { RefCell::new(None) };
    static SHARE: RefCell<Option<Mounted<ShareBar>>> = const { RefCell::new(None) };
    static EXPERIMENT: RefCell<Option<Mounted<ExperimentBar>>> = const { RefCell::new(None) };
}

fn main() {
    serve(Module::Extras, |panel, root, d| {
        let lang = d.lang();
        match panel {
            "settings" => mount(&SETTINGS, root, SettingsPanelProps { text: d.text("text").into(), lang }),
            "form" => mount(&FORM, root, FormPanelProps { text: d.text("text").into(), lang }),
            "share" => {
                let props = ShareBarProps {
                    fragment: d.text("fragment").into(),
                    text: d.text("text").into(),
                    run_text: d.get("runText").map(Into::into),
                    window: (d.num("t0").unwrap_or(0.0), d.num("t1").unwrap_or(1.0)),
                    scale: d.num("scale"),
                    title: d.get("title").map(Into::into),
                    lang,
                    on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
                    on_open_error: yew::Callback::from(|size: f64| send(OPEN_EVENT, &JsValue::from_f64(size))),
                };
                mount(&SHARE, root, props);
            }
            "experiment" => {
                let props = ExperimentBarProps {
                    text: d.text("text").into(),
                    lang,
                    experiment: d.text("experiment").into(),
                    run: d.flag("run"),
                };
                mount(&EXPERIMENT, root, props);
            }
            _ => {}
        }
    });
}
