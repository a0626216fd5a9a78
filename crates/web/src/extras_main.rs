//! Entry point of the extras module (bin `threadlab-extras`, loaded by the app after the first
//! screen: see `extras.rs`): mounts the panel named by each `threadlab:panel` event into its
//! element, or gives the panel already there its new inputs.

use std::cell::RefCell;
use threadlab_web::components::experiment_bar::{ExperimentBar, ExperimentBarProps};
use threadlab_web::components::form_panel::{FormPanel, FormPanelProps};
use threadlab_web::components::settings_panel::{SettingsPanel, SettingsPanelProps};
use threadlab_web::components::share_bar::{ShareBar, ShareBarProps};
use threadlab_web::extras::{send, Module, OPEN_EVENT, PANEL_EVENT};
use threadlab_web::i18n::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AppHandle;

/// A mounted panel: its element and its app.
struct Mounted<C: yew::BaseComponent> {
    root: web_sys::Element,
    app: AppHandle<C>,
}

thread_local! {
    static FORM: RefCell<Option<Mounted<FormPanel>>> = const { RefCell::new(None) };
    static SETTINGS: RefCell<Option<Mounted<SettingsPanel>>> = const { RefCell::new(None) };
    static SHARE: RefCell<Option<Mounted<ShareBar>>> = const { RefCell::new(None) };
    static EXPERIMENT: RefCell<Option<Mounted<ExperimentBar>>> = const { RefCell::new(None) };
}

/// Gives `props` to the panel in `root`: a new app when none is there (or the app's element
/// was replaced), new props otherwise.
fn mount<C>(
    slot: &'static std::thread::LocalKey<RefCell<Option<Mounted<C>>>>,
    root: web_sys::Element,
    props: C::Properties,
) where
    C: yew::BaseComponent,
{
    slot.with_borrow_mut(|m| match m {
        Some(m) if m.root == root => m.app.update(props),
        _ => {
            if let Some(old) = m.take() {
                old.app.destroy();
            }
            let app = threadlab_web::extras::render_in::<C>(root.clone(), props);
            *m = Some(Mounted { root, app });
        }
    });
}

fn get(o: &JsValue, key: &str) -> Option<String> {
    threadlab_web::browser::prop(o, key).as_string()
}

fn main() {
    let on_panel = Closure::<dyn Fn(web_sys::CustomEvent)>::new(|e: web_sys::CustomEvent| {
        let d = e.detail();
        let Some(root) = get(&d, "root").and_then(|id| web_sys::window()?.document()?.get_element_by_id(&id)) else {
            return;
        };
        let lang = get(&d, "lang").and_then(|c| Lang::from_code(&c)).unwrap_or(Lang::En);
        match get(&d, "panel").as_deref() {
            Some("settings") => {
                let text = get(&d, "text").unwrap_or_default();
                mount(&SETTINGS, root, SettingsPanelProps { text: text.into(), lang });
            }
            Some("form") => {
                let text = get(&d, "text").unwrap_or_default();
                mount(&FORM, root, FormPanelProps { text: text.into(), lang });
            }
            Some("share") => {
                let num = |k: &str| threadlab_web::browser::prop(&d, k).as_f64();
                let props = ShareBarProps {
                    fragment: get(&d, "fragment").unwrap_or_default().into(),
                    text: get(&d, "text").unwrap_or_default().into(),
                    run_text: get(&d, "runText").map(Into::into),
                    window: (num("t0").unwrap_or(0.0), num("t1").unwrap_or(1.0)),
                    scale: num("scale"),
                    title: get(&d, "title").map(Into::into),
                    lang,
                    on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
                    on_open_error: yew::Callback::from(|size: f64| send(OPEN_EVENT, &JsValue::from_f64(size))),
                };
                mount(&SHARE, root, props);
            }
            Some("experiment") => {
                let props = ExperimentBarProps {
                    text: get(&d, "text").unwrap_or_default().into(),
                    lang,
                    experiment: get(&d, "experiment").unwrap_or_default().into(),
                    run: get(&d, "run").is_some_and(|r| r == "1"),
                };
                mount(&EXPERIMENT, root, props);
            }
            _ => {}
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(PANEL_EVENT, on_panel.as_ref().unchecked_ref());
    }
    on_panel.forget();
    send(Module::Extras.ready_event(), &JsValue::NULL);
}
