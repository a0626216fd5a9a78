//! Entry point of the lab module (bin `threadlab-lab`, loaded by the extras module the first
//! time an experiment is opened, or by an embed with an experiment: see `extras.rs`): mounts
//! the [`ExperimentPanel`] into the element a `threadlab:panel` event with `panel: "lab"`
//! names, or gives the panel already there its new inputs. The panel's messages go to the
//! app: a text to open (`threadlab:open`), the experiment to keep (`threadlab:experiment`,
//! its header lines, after a `run=1` line when it should run at once).

use std::cell::RefCell;
use threadlab_share::link::LinkExperiment;
use threadlab_web::components::experiment_panel::{ExperimentPanel, ExperimentPanelProps};
use threadlab_web::extras::{mount, send, serve, Module, Mounted, EXPERIMENT_EVENT, OPEN_EVENT};
use wasm_bindgen::JsValue;

thread_local! {
    static PANEL: RefCell<Option<Mounted<ExperimentPanel>>> = const { RefCell::new(None) };
}

fn main() {
    serve(Module::Lab, |panel, root, d| {
        if panel != "lab" {
            return;
        }
        let props = ExperimentPanelProps {
            text: d.text("text").into(),
            lang: d.lang(),
            experiment: d.text("experiment").into(),
            run: d.flag("run"),
            on_open: yew::Callback::from(|t: String| send(OPEN_EVENT, &JsValue::from_str(&t))),
            on_experiment: yew::Callback::from(|(e, run): (LinkExperiment, bool)| {
                let lines = format!("{}{}", if run { "run=1\n" } else { "" }, e.to_lines());
                send(EXPERIMENT_EVENT, &JsValue::from_str(&lines));
            }),
        };
        mount(&PANEL, root, props);
    });
}
