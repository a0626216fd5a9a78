//! Entry point of the lab module (bin `threadlab-lab`, loaded by the extras module the first
//! time an experiment is opened, or by an embed with an experiment: see `extras.rs`): mounts
//! the [`ExperimentPanel`] into the element a `threadlab:panel` event with `panel: "lab"`
//! names, or gives the panel already there its new inputs. The panel's messages go to the
//! app: a text to open (`threadlab:open`), the experiment to keep (`threadlab:experiment`,
//! its header lines, after a `run=1` line when it should run at once).

use std::cell::RefCell;
use threadlab_share::link::LinkExperiment;
use threadlab_web::components::experiment_panel::{ExperimentPanel, ExperimentPanelProps};
use threadlab_web::extras::{send, Module, EXPERIMENT_EVENT, OPEN_EVENT, PANEL_EVENT};
use threadlab_web::i18n::Lang;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::AppHandle;

thread_local! {
    static PANEL: RefCell<Option<(web_sys::Element, AppHandle<ExperimentPanel>)>> = const { RefCell::new(None) };
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
            Some("lab") => {}
            _ => return,
        }
        let props = ExperimentPanelProps {
            text: get(&d, "text").unwrap_or_default().into(),
            lang,
            experiment: get(&d, "experiment").unwrap_or_default().into(),
            run: get(&d, "run").is_some_and(|r| r == "1"),
            on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
            on_experiment: yew::Callback::from(|(e, run): (LinkExperiment, bool)| {
                let lines = format!("{}{}", if run { "run=1\n" } else { "" }, e.to_lines());
                send(EXPERIMENT_EVENT, &JsValue::from_str(&lines));
            }),
        };
        PANEL.with_borrow_mut(|m| match m {
            Some((r, app)) if *r == root => app.update(props),
            _ => {
                if let Some((_, old)) = m.take() {
                    old.destroy();
                }
                let app = threadlab_web::extras::render_in::<ExperimentPanel>(root.clone(), props);
                *m = Some((root, app));
            }
        });
    });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback(PANEL_EVENT, on_panel.as_ref().unchecked_ref());
    }
    on_panel.forget();
    send(Module::Lab.ready_event(), &JsValue::NULL);
}
