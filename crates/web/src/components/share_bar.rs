//! Share and export: copy the link of what is on screen (the same link as the address bar),
//! the Embed panel (`embed_panel.rs`: an iframe snippet for course pages), and downloads of
//! the charts (SVG, PNG), the run (Chrome trace JSON for Perfetto, CSV of the numbers) and
//! the scenario (`.tl`); open a `.tl` file. The files are made by `threadlab-share`, like
//! the command line's `threadlab export`. It is part of the extras module (`extras.rs`),
//! shown after the first screen: its props are plain values the app sends.

use crate::browser;
use crate::components::embed_panel::EmbedPanel;
use crate::exports::{export, Export, Source};
use crate::i18n::{tr, Key, Lang};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct ShareBarProps {
    /// The link of what is on screen (the fragment, without `#`).
    pub fragment: AttrValue,
    /// The editor's text (the `.tl` download).
    pub text: AttrValue,
    /// The text of the run on screen (the exports run it again in the worker).
    pub run_text: Option<AttrValue>,
    pub window: (f64, f64),
    /// The charts' fixed time scale (ticks per pixel), if any.
    pub scale: Option<f64>,
    pub title: Option<AttrValue>,
    pub lang: Lang,
    /// A scenario text read from a file.
    pub on_open: Callback<String>,
    /// A file that could not be read (its size in bytes).
    pub on_open_error: Callback<f64>,
}

/// A file name made of the scenario's title (letters, digits and dashes; any non-ASCII
/// character, e.g. of a Chinese title, is kept as it is).
fn stem(title: Option<&str>) -> String {
    let s: String = title
        .unwrap_or("threadlab")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || !c.is_ascii() { c.to_ascii_lowercase() } else { '-' })
        .collect();
    let s = s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
    if s.is_empty() {
        "threadlab".to_string()
    } else {
        s.chars().take(40).collect()
    }
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let l = props.lang;
    let status = use_state(|| None::<&'static str>);
    // None: no export yet; Ok(false): in progress; Ok(true): offered; Err: what went wrong.
    let export_status = use_state(|| None::<Result<bool, String>>);
    let embed_open = use_state(|| false);
    let fragment = props.fragment.to_string();
    let url = format!("{}#{fragment}", browser::page_url());
    let on_copy = {
        let status = status.clone();
        let url = url.clone();
        let fragment = fragment.clone();
        Callback::from(move |_: MouseEvent| {
            browser::replace_fragment(&fragment);
            let status = status.clone();
            let url = url.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let ok = browser::copy(&url).await;
                status.set(Some(if ok { tr(l, Key::Copied) } else { tr(l, Key::CopyFailed) }));
            });
        })
    };
    let toggle_embed = {
        let embed_open = embed_open.clone();
        Callback::from(move |_: MouseEvent| embed_open.set(!*embed_open))
    };
    let title = props.title.as_deref();
    let file = stem(title);
    let export = |kind: Export| {
        let src = Source {
            run_text: props.run_text.as_ref().map(|t| Rc::from(t.as_str())),
            text: props.text.to_string(),
            title: title.unwrap_or("Threadlab").to_string(),
            window: props.window,
            scale: props.scale,
            file: file.clone(),
        };
        let status = export_status.clone();
        Callback::from(move |_: MouseEvent| {
            status.set(Some(Ok(false)));
            let status = status.clone();
            export(kind, src.clone(), move |r: Result<(), String>| status.set(Some(r.map(|_| true))));
        })
    };
    let on_file = {
        let on_open = props.on_open.clone();
        let on_err = props.on_open_error.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(f) = input.files().and_then(|l| l.get(0)) else { return };
            input.set_value("");
            let (on_open, on_err) = (on_open.clone(), on_err.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_file(f, threadlab_sim::limits::MAX_TEXT_BYTES).await {
                    Ok(t) => on_open.emit(t),
                    Err(size) => on_err.emit(size),
                }
            });
        })
    };
    html! {
        <section class="share" aria-label={tr(l, Key::Share)}>
            <h2>{ tr(l, Key::Share) }</h2>
            <div class="share-row">
                <button id="copy-link" onclick={on_copy}>{ tr(l, Key::CopyLink) }</button>
                <input id="share-url" type="text" readonly=true value={url} aria-label={tr(l, Key::Link)}
                    onfocus={Callback::from(|e: FocusEvent| { let i: HtmlInputElement = e.target_unchecked_into(); i.select(); })} />
                <button id="embed-toggle" aria-expanded={embed_open.to_string()} onclick={toggle_embed}>{ tr(l, Key::EmbedBtn) }</button>
            </div>
            if let Some(s) = *status { <p id="copy-status" role="status" class="note">{ s }</p> }
            if *embed_open {
                <EmbedPanel fragment={props.fragment.clone()} title={props.title.clone()} lang={l} />
            }
            <div class="share-row">
                <button id="export-svg" onclick={export(Export::Svg)}>{ tr(l, Key::ExportSvg) }</button>
                <button id="export-png" onclick={export(Export::Png)}>{ tr(l, Key::ExportPng) }</button>
                <button id="export-trace" onclick={export(Export::Trace)}>{ tr(l, Key::ExportTrace) }</button>
                <button id="export-csv" onclick={export(Export::Csv)}>{ tr(l, Key::ExportCsv) }</button>
                <button id="export-tl" onclick={export(Export::Text)}>{ tr(l, Key::ExportTl) }</button>
                <label class="file">{ tr(l, Key::OpenFile) }
                    <input id="open-file" type="file" accept=".tl,.txt,text/plain" onchange={on_file} />
                </label>
                <span class="note">{ tr(l, Key::DropHint) }</span>
            </div>
            // The export in progress (the worker module loads on the first one), or what failed.
            if let Some(st) = (*export_status).clone() {
                <p id="export-status" role="status" class="note" data-state={match &st { Ok(false) => "working", Ok(true) => "done", Err(_) => "failed" }}>
                    { match st { Ok(false) => tr(l, Key::Exporting).to_string(), Ok(true) => String::new(), Err(e) => format!("{}: {e}", tr(l, Key::ExportFailed)) } }
                </p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        assert_eq!(stem(Some("Playground: a thread's life")), "playground-a-thread-s-life");
        assert_eq!(stem(None), "threadlab");
        assert_eq!(stem(Some("!!!")), "threadlab");
    }
}
