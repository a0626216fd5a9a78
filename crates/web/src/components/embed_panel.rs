//! The Embed panel: the iframe snippet of what is on screen for a course page, a control for
//! every embed option (each writes its word in the snippet's query, defaults left out), a
//! copy button, and a live preview: an iframe of exactly the snippet's address, which follows
//! the options (and, once it settles, the scenario: playing does not reload it every frame).

use crate::browser;
use crate::i18n::{tr, Key, Lang};
use crate::state::Theme;
use crate::url_state::{embed_query, view_of, EmbedOptions};
use gloo_timers::callback::Timeout;
use threadlab_share::decimal::{self, Short};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedPanelProps {
    /// The link of what is on screen (the fragment, without `#`).
    pub fragment: AttrValue,
    pub title: Option<AttrValue>,
    pub lang: Lang,
}

/// How long the preview waits for the snippet to settle before it reloads.
const PREVIEW_DEBOUNCE_MS: u32 = 400;

/// The address an embed of `fragment` with `opts` loads.
pub fn src(base: &str, fragment: &str, opts: &EmbedOptions) -> String {
    format!("{base}{}#{fragment}", embed_query(opts))
}

/// The iframe snippet for `fragment` with `opts`.
pub fn snippet(base: &str, fragment: &str, opts: &EmbedOptions, title: &str) -> String {
    let title = title.replace(['"', '<', '>', '&'], "");
    format!(
        "<iframe src=\"{}\" title=\"{title}\" width=\"100%\" height=\"480\" style=\"border:0\" \
         loading=\"lazy\" allow=\"clipboard-write\"></iframe>\n\
         <script>addEventListener(\"message\", e => {{ for (const f of document.querySelectorAll(\"iframe\")) \
         if (e.source === f.contentWindow && e.data && e.data.context === \"iframe.resize\") \
         f.style.height = e.data.height + \"px\"; }});</script>",
        src(base, fragment, opts)
    )
}

/// A number typed in an option's field: `None` when empty or not a number ≥ 0 (> 0 when
/// `positive`).
fn number(v: &str, positive: bool) -> Option<f64> {
    decimal::parse(v).filter(|x| x.is_finite() && (*x > 0.0 || (!positive && *x == 0.0)))
}

/// The option `name` set from its control: `value` for a choice or a number, `on` for a flag.
fn set(o: &mut EmbedOptions, name: &str, value: &str, on: bool) {
    match name {
        "autoplay" => o.autoplay = on,
        "readonly" => o.readonly = on,
        "controls" => o.controls = on,
        "editor" => o.editor = on,
        "note" => o.note = on,
        "view" => o.view = view_of(value),
        "theme" => o.theme = Theme::from_code(value),
        "lang" => o.lang = Lang::from_code(value),
        "speed" => o.speed = number(value, true),
        "t" => o.t = number(value, false),
        "scale" => o.scale = number(value, true),
        _ => {}
    }
}

/// Every option's control, in the snippet's order: (name, label, choices). No choices: a
/// flag (a checkbox); `NUMBER`: a number field; else a list to choose from ("—": the default).
const OPTIONS: [(&str, Key, &[&str]); 11] = [
    ("autoplay", Key::Autoplay, &[]),
    ("readonly", Key::ReadOnly, &[]),
    ("controls", Key::Controls, &[]),
    ("editor", Key::Scenario, &[]),
    ("note", Key::ShowNote, &[]),
    ("view", Key::View, &["both", "cores", "threads"]),
    ("theme", Key::Theme, &["auto", "light", "dark"]),
    ("lang", Key::Language, &["en", "zh"]),
    ("speed", Key::Speed, &["0.25", "0.5", "1", "2", "4", "8", "16"]),
    ("t", Key::StartAt, NUMBER),
    ("scale", Key::TicksPerPixel, NUMBER),
];
const NUMBER: &[&str] = &["#"];

/// The words of a choice.
fn choice(l: Lang, v: &'static str) -> &'static str {
    match v {
        "both" => tr(l, Key::Both),
        "cores" => tr(l, Key::Cores),
        "threads" => tr(l, Key::Threads),
        "auto" => tr(l, Key::ThemeAuto),
        "light" => tr(l, Key::ThemeLight),
        "dark" => tr(l, Key::ThemeDark),
        "en" => "English",
        "zh" => "简体中文",
        _ => v,
    }
}

/// The value of the option `name` as its control shows it (`""`: the default; a flag's
/// "1" when on).
fn value(o: &EmbedOptions, name: &str) -> String {
    let flag = |on: bool| if on { "1" } else { "" }.to_string();
    let num = |x: Option<f64>| x.map(|x| Short(x).to_string()).unwrap_or_default();
    match name {
        "autoplay" => flag(o.autoplay),
        "readonly" => flag(o.readonly),
        "controls" => flag(o.controls),
        "editor" => flag(o.editor),
        "note" => flag(o.note),
        "view" => o.view.map(crate::url_state::view_code).unwrap_or_default().to_string(),
        "theme" => o.theme.map(Theme::code).unwrap_or_default().to_string(),
        "lang" => o.lang.map(Lang::code).unwrap_or_default().to_string(),
        "speed" => num(o.speed),
        "t" => num(o.t),
        _ => num(o.scale),
    }
}

/// The control `#embed-opt-NAME` of an option.
fn control(
    l: Lang,
    (name, key, choices): (&'static str, Key, &'static [&'static str]),
    now: String,
    on_change: &Callback<Event>,
) -> Html {
    let id = format!("embed-opt-{name}");
    let onchange = on_change.clone();
    let label = tr(l, key);
    if choices.is_empty() {
        return html! { <label><input {id} type="checkbox" checked={!now.is_empty()} {onchange} />{ " " }{ label }</label> };
    }
    if choices == NUMBER {
        let placeholder = if name == "t" { "0" } else { tr(l, Key::Fit) };
        return html! { <label>{ label }{ " " }<input {id} type="number" min="0" step="any" {placeholder} value={now} {onchange} /></label> };
    }
    html! {
        <label>{ label }{ " " }
            <select {id} {onchange}>
                <option value="" selected={now.is_empty()}>{ "—" }</option>
                { for choices.iter().map(|&v| html! { <option value={v} selected={v == now}>{ choice(l, v) }</option> }) }
            </select>
        </label>
    }
}

#[component]
pub fn EmbedPanel(props: &EmbedPanelProps) -> Html {
    let l = props.lang;
    let opts = use_state(|| EmbedOptions { autoplay: true, ..EmbedOptions::default() });
    let base = browser::base_url();
    let address = src(&base, &props.fragment, &opts);
    let text = snippet(&base, &props.fragment, &opts, props.title.as_deref().unwrap_or("Threadlab"));
    // The preview follows the address once it has not changed for a moment (set on the
    // frame itself: the page re-rendering never reloads it).
    let frame = use_node_ref();
    let scheduled = use_mut_ref(|| None::<(String, Timeout)>);
    if scheduled.borrow().as_ref().is_none_or(|(a, _)| *a != address) {
        let (frame, to) = (frame.clone(), address.clone());
        let wait = if scheduled.borrow().is_none() { 0 } else { PREVIEW_DEBOUNCE_MS };
        let timer = Timeout::new(wait, move || {
            if let Some(f) = frame.cast::<web_sys::Element>() {
                let _ = f.set_attribute("src", &to);
            }
        });
        *scheduled.borrow_mut() = Some((address, timer));
    }
    // Whether the snippet went to the clipboard ("true"/"false"), once asked.
    let copied = use_state(|| None::<&'static str>);
    let on_copy = {
        let copied = copied.clone();
        let text = text.clone();
        Callback::from(move |_: MouseEvent| {
            let (copied, text) = (copied.clone(), text.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(Some(if browser::copy(&text).await { "true" } else { "false" }));
            });
        })
    };
    // One handler for every control: the option is named by the control's id.
    let on_change = {
        let opts = opts.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut o = (*opts).clone();
            set(&mut o, el.id().get(10..).unwrap_or_default(), &el.value(), el.checked());
            opts.set(o);
        })
    };
    html! {
        <div id="embed-panel">
            <p class="note">{ tr(l, Key::EmbedHint) }</p>
            <div class="embed-opts">
                { for OPTIONS.into_iter().map(|opt| control(l, opt, value(&opts, opt.0), &on_change)) }
            </div>
            <textarea id="embed-snippet" readonly=true rows="5" value={text} />
            <div class="share-row">
                <button id="embed-copy" onclick={on_copy} data-copied={*copied}>
                    { tr(l, Key::CopySnippet) }
                </button>
                if let Some(ok) = *copied {
                    <span id="embed-copy-status" role="status" class="note">
                        { tr(l, if ok == "true" { Key::SnippetCopied } else { Key::CopyFailed }) }
                    </span>
                }
            </div>
            <p class="note">{ tr(l, Key::Preview) }</p>
            <iframe id="embed-preview" ref={frame} class="embed-preview" title={tr(l, Key::Preview)}
                allow="clipboard-write" />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_embed_the_link_with_the_options() {
        let s = snippet(
            "https://x.org/tl/",
            "v1:abc",
            &EmbedOptions { autoplay: true, ..EmbedOptions::default() },
            "A \"b\"",
        );
        assert!(s.starts_with("<iframe src=\"https://x.org/tl/?embed&autoplay#v1:abc\" title=\"A b\""), "{s}");
        assert!(s.contains("allow=\"clipboard-write\"") && s.contains("iframe.resize"));
        let o = EmbedOptions { scale: Some(0.5), note: false, t: Some(4.0), ..EmbedOptions::default() };
        assert_eq!(src("b/", "v1:x", &o), "b/?embed&t=4&scale=0.5&note=0#v1:x");
        assert!(snippet("b/", "v1:x", &o, "T").contains(&format!("src=\"{}\"", src("b/", "v1:x", &o))));
    }

    #[test]
    fn each_control_sets_its_option() {
        let mut o = EmbedOptions::default();
        for (name, value, on) in [
            ("autoplay", "", true),
            ("readonly", "", true),
            ("controls", "", false),
            ("editor", "", true),
            ("note", "", false),
            ("view", "threads", false),
            ("theme", "dark", false),
            ("lang", "zh", false),
            ("speed", "2", false),
            ("t", "5", false),
            ("scale", "0.5", false),
        ] {
            set(&mut o, name, value, on);
        }
        assert_eq!(
            embed_query(&o),
            "?embed&autoplay&view=threads&readonly&controls=0&editor=1&theme=dark&lang=zh&t=5&speed=2&scale=0.5&note=0"
        );
        // Back to "—" (the default), or a number cleared.
        for name in ["view", "theme", "lang", "speed", "t", "scale"] {
            set(&mut o, name, "", false);
        }
        assert_eq!(embed_query(&o), "?embed&autoplay&readonly&controls=0&editor=1&note=0");
    }

    #[test]
    fn typed_numbers_are_checked() {
        assert_eq!(number("2.5", true), Some(2.5));
        assert_eq!(number("0", false), Some(0.0));
        assert_eq!(
            (number("0", true), number("-1", false), number("", false), number("x", true)),
            (None, None, None, None)
        );
    }
}
