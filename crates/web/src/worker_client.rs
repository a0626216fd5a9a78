//! The app's side of the worker module (`crates/worker`): started the first time a job needs
//! it (an export), so its wasm is not part of the first load; each request is answered by a
//! promise. The worker runs the scenario text again with the browser's limits: the core is
//! deterministic, so it gets the run on screen.

use crate::browser::prop as get;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The loader Trunk writes for the worker (`data-loader-shim` in index.html).
const LOADER: &str = "./threadlab-worker_loader.js";

/// Called with (runs done, runs in all) as a sweep goes on.
pub type Progress = std::rc::Rc<dyn Fn(u32, u32)>;

struct Client {
    worker: web_sys::Worker,
    next: u32,
    /// The worker failed: the next request starts a new one.
    broken: bool,
    /// Whether the worker said it listens; until then requests wait in `held`.
    ready: bool,
    held: Vec<js_sys::Object>,
    /// Promise callbacks (resolve, reject) by request id.
    waiting: Vec<(u32, js_sys::Function, js_sys::Function)>,
    /// Progress callbacks by request id.
    progress: Vec<(u32, Progress)>,
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
    _on_error: Closure<dyn Fn(web_sys::Event)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn start() -> Result<Client, JsValue> {
    let worker = web_sys::Worker::new(LOADER)?;
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let data = e.data();
        if get(&data, "ready").is_truthy() {
            CLIENT.with(|c| {
                if let Some(c) = c.borrow_mut().as_mut() {
                    c.ready = true;
                    for msg in std::mem::take(&mut c.held) {
                        let _ = c.worker.post_message(&msg);
                    }
                }
            });
            return;
        }
        let Some(id) = get(&data, "id").as_f64() else { return };
        let id = id as u32;
        if let (Some(k), Some(n)) = (get(&data, "progress").as_f64(), get(&data, "total").as_f64()) {
            let cb = CLIENT.with(|c| {
                let c = c.borrow();
                c.as_ref()?.progress.iter().find(|(i, _)| *i == id).map(|(_, f)| f.clone())
            });
            if let Some(f) = cb {
                f(k as u32, n as u32);
            }
            return;
        }
        let cbs = CLIENT.with(|c| {
            let mut c = c.borrow_mut();
            let w = &mut c.as_mut()?.waiting;
            let i = w.iter().position(|(k, _, _)| *k == id)?;
            let found = w.swap_remove(i);
            c.as_mut()?.progress.retain(|(k, _)| *k != id);
            Some(found)
        });
        if let Some((_, resolve, reject)) = cbs {
            if get(&data, "ok").is_truthy() {
                let _ = resolve.call1(&JsValue::NULL, &get(&data, "data"));
            } else {
                let _ = reject.call1(&JsValue::NULL, &get(&data, "error"));
            }
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The module could not load or failed: every waiting request fails (and the next one
    // starts a new worker).
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|_: web_sys::Event| {
        let waiting = CLIENT.with(|c| {
            let mut c = c.borrow_mut();
            let Some(c) = c.as_mut() else { return Vec::new() };
            c.broken = true;
            std::mem::take(&mut c.waiting)
        });
        for (_, _, reject) in waiting {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the worker module could not run"));
        }
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Client {
        worker,
        next: 0,
        broken: false,
        ready: false,
        held: Vec::new(),
        waiting: Vec::new(),
        progress: Vec::new(),
        _on_message: on_message,
        _on_error: on_error,
    })
}

/// A request to the worker: `job` (`"svg"`, `"csv"`, `"trace"`, `"sweep"`) on the scenario
/// `text`, with the job's other fields.
pub struct Request<'a> {
    pub job: &'static str,
    pub text: &'a str,
    pub title: &'a str,
    pub width: u32,
    pub window: Option<(f64, f64)>,
    pub scale: Option<f64>,
    /// A sweep's `NAME=VALUES`.
    pub spec: Option<&'a str>,
}

/// Sends `req` to the worker (started on first use) and waits for its answer.
pub async fn ask(req: Request<'_>) -> Result<String, String> {
    ask_with_progress(req, None).await
}

/// The same, `progress(done, all)` called as the worker reports runs done (a sweep).
pub async fn ask_with_progress(req: Request<'_>, progress: Option<Progress>) -> Result<String, String> {
    let msg = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&msg, &JsValue::from_str(k), &v);
    };
    set("job", JsValue::from_str(req.job));
    set("text", JsValue::from_str(req.text));
    set("title", JsValue::from_str(req.title));
    set("width", JsValue::from(req.width));
    set("maxSegments", JsValue::from(crate::job::browser_options().max_segments as f64));
    if let Some((a, b)) = req.window {
        set("t0", JsValue::from(a));
        set("t1", JsValue::from(b));
    }
    if let Some(s) = req.scale {
        set("scale", JsValue::from(s));
    }
    if let Some(s) = req.spec {
        set("spec", JsValue::from_str(s));
    }
    let promise = CLIENT.with(|c| -> Result<js_sys::Promise, JsValue> {
        let mut c = c.borrow_mut();
        if c.as_ref().is_none_or(|c| c.broken) {
            *c = Some(start()?);
        }
        let Some(client) = c.as_mut() else { return Err(JsValue::from_str("no worker")) };
        let id = client.next;
        client.next = client.next.wrapping_add(1);
        set("id", JsValue::from(id));
        let mut callbacks = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| callbacks = Some((resolve, reject)));
        if let Some((resolve, reject)) = callbacks {
            client.waiting.push((id, resolve, reject));
        }
        if let Some(p) = progress {
            client.progress.push((id, p));
        }
        if client.ready {
            client.worker.post_message(&msg)?;
        } else {
            client.held.push(msg.clone());
        }
        Ok(promise)
    });
    let promise = promise.map_err(|e| e.as_string().unwrap_or_else(|| "the worker could not start".to_string()))?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => v.as_string().ok_or_else(|| "the worker sent no text".to_string()),
        Err(e) => Err(e.as_string().unwrap_or_else(|| "the worker failed".to_string())),
    }
}

/// Stops the worker at once (a sweep being cancelled): every waiting request fails with
/// `reason`, and the next request starts a new worker.
pub fn cancel(reason: &str) {
    let old = CLIENT.with(|c| c.borrow_mut().take());
    if let Some(client) = old {
        client.worker.terminate();
        for (_, _, reject) in client.waiting {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(reason));
        }
    }
}
