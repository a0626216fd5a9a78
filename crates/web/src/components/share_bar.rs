//! Share and export: copy the link of what is on screen (the same link as the address bar),
//! an iframe snippet for course pages (with its options), and downloads of the charts (SVG,
//! PNG), the run (Chrome trace JSON for Perfetto, CSV of the numbers) and the scenario
//! (`.tl`); open a `.tl` file. The files are made by `threadlab-share`, like the command
//! line's `threadlab export`.

use crate::browser;
use crate::exports::{export, Export, Source};
use crate::i18n::{tr, Key, Lang};
use crate::url_state::{embed_query, EmbedOptions};
use std::rc::Rc;
use threadlab_share::link::LinkState;
use threadlab_sim::RunResult;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// What the link holds now.
    pub link: Rc<LinkState>,
    pub run: Option<crate::state::Shared<RunResult>>,
    /// The text of the run on screen (the exports run it again in the worker).
    pub run_text: Option<Rc<str>>,
    pub window: (f64, f64),
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

/// The iframe snippet for `fragment` with `opts`.
pub fn snippet(base: &str, fragment: &str, opts: &EmbedOptions, title: &str) -> String {
    let title = title.replace(['"', '<', '>', '&'], "");
    format!(
        "<iframe src=\"{base}{}#{fragment}\" title=\"{title}\" width=\"100%\" height=\"480\" style=\"border:0\" \
         loading=\"lazy\" allow=\"clipboard-write\"></iframe>\n\
         <script>addEventListener(\"message\", e => {{ for (const f of document.querySelectorAll(\"iframe\")) \
         if (e.source === f.contentWindow && e.data && e.data.context === \"iframe.resize\") \
         f.style.height = e.data.height + \"px\"; }});</script>",
        embed_query(opts)
    )
}

#[component]
pub fn ShareBar(props: &ShareBarProps) -> Html {
    let l = props.lang;
    let status = use_state(|| None::<&'static str>);
    // None: no export yet; Ok(false): in progress; Ok(true): offered; Err: what went wrong.
    let export_status = use_state(|| None::<Result<bool, String>>);
    let embed_open = use_state(|| false);
    let embed_opts = use_state(|| EmbedOptions { autoplay: true, ..EmbedOptions::default() });
    let fragment = threadlab_share::link::encode(&props.link);
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
    let option = |f: fn(&mut EmbedOptions, bool)| {
        let embed_opts = embed_opts.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let mut o = (*embed_opts).clone();
            f(&mut o, input.checked());
            embed_opts.set(o);
        })
    };
    let choose = |f: fn(&mut EmbedOptions, String)| {
        let embed_opts = embed_opts.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut o = (*embed_opts).clone();
            f(&mut o, sel.value());
            embed_opts.set(o);
        })
    };
    let title = props.title.as_deref();
    let file = stem(title);
    let export = |kind: Export| {
        let src = Source {
            run_text: props.run_text.clone(),
            text: props.link.text.clone(),
            title: title.unwrap_or("Threadlab").to_string(),
            window: props.window,
            scale: None,
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
    let snippet_text = snippet(&browser::base_url(), &fragment, &embed_opts, title.unwrap_or("Threadlab"));
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
                <div id="embed-panel">
                    <p class="note">{ tr(l, Key::EmbedHint) }</p>
                    <label><input id="embed-autoplay" type="checkbox" checked={embed_opts.autoplay}
                        onchange={option(|o, v| o.autoplay = v)} />{ " " }{ tr(l, Key::Autoplay) }</label>{ " " }
                    <label><input id="embed-readonly" type="checkbox" checked={embed_opts.readonly}
                        onchange={option(|o, v| o.readonly = v)} />{ " " }{ tr(l, Key::ReadOnly) }</label>{ " " }
                    <label><input id="embed-controls" type="checkbox" checked={embed_opts.controls}
                        onchange={option(|o, v| o.controls = v)} />{ " " }{ tr(l, Key::Controls) }</label>{ " " }
                    <label><input id="embed-editor" type="checkbox" checked={embed_opts.editor}
                        onchange={option(|o, v| o.editor = v)} />{ " " }{ tr(l, Key::Scenario) }</label>{ " " }
                    <label>{ tr(l, Key::View) }{ " " }
                        <select id="embed-view" onchange={choose(|o, v| o.view = crate::url_state::view_of(&v))}>
                            <option value="" selected={embed_opts.view.is_none()}>{ "—" }</option>
                            { for [("both", Key::Both), ("cores", Key::Cores), ("threads", Key::Threads)].into_iter().map(|(v, k)| html! {
                                <option value={v} selected={embed_opts.view == crate::url_state::view_of(v)}>{ tr(l, k) }</option>
                            }) }
                        </select>
                    </label>{ " " }
                    <label>{ tr(l, Key::Theme) }{ " " }
                        <select id="embed-theme" onchange={choose(|o, v| o.theme = crate::state::Theme::from_code(&v))}>
                            <option value="" selected={embed_opts.theme.is_none()}>{ "—" }</option>
                            { for [("auto", Key::ThemeAuto), ("light", Key::ThemeLight), ("dark", Key::ThemeDark)].into_iter().map(|(v, k)| html! {
                                <option value={v} selected={embed_opts.theme.map(|t| t.code()) == Some(v)}>{ tr(l, k) }</option>
                            }) }
                        </select>
                    </label>
                    <textarea id="embed-snippet" readonly=true rows="5" value={snippet_text} />
                </div>
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
    fn file_names_and_snippets() {
        assert_eq!(stem(Some("Playground: a thread's life")), "playground-a-thread-s-life");
        assert_eq!(stem(None), "threadlab");
        assert_eq!(stem(Some("!!!")), "threadlab");
        let s = snippet(
            "https://x.org/tl/",
            "v1:abc",
            &EmbedOptions { autoplay: true, ..EmbedOptions::default() },
            "A \"b\"",
        );
        assert!(s.starts_with("<iframe src=\"https://x.org/tl/?embed&autoplay#v1:abc\" title=\"A b\""), "{s}");
        assert!(s.contains("allow=\"clipboard-write\"") && s.contains("iframe.resize"));
    }
}
