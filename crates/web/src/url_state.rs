//! What the page's address holds, both ways, as pure functions: the fragment (`#v1:…`, the
//! scenario and the view, through `threadlab_share::link`) and the query of embed mode
//! (`?embed&autoplay&view=…`). Reading the address and writing it back are `browser.rs`'s.
//!
//! Embed options follow a typed schema: a missing or invalid value keeps its default (a typo
//! in a course page never breaks the embed).

use crate::i18n::Lang;
use crate::state::{Model, Msg, Theme, View};
use threadlab_share::decimal::{self, Short};
use threadlab_share::link::{parse_asks, LinkState, LinkView};

/// The options of embed mode (`?embed&…`).
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedOptions {
    pub autoplay: bool,
    pub view: Option<View>,
    /// No editing: the editor and the form are not shown.
    pub readonly: bool,
    /// Playback controls shown.
    pub controls: bool,
    /// The text editor shown (below the charts), unless `readonly`.
    pub editor: bool,
    pub theme: Option<Theme>,
    pub lang: Option<Lang>,
    /// Start position, in ticks.
    pub t: Option<f64>,
    pub speed: Option<f64>,
    /// A fixed time scale, in ticks per pixel (over the link's).
    pub scale: Option<f64>,
    /// The scenario's note shown under its title (`note=0` hides it).
    pub note: bool,
    /// Predict mode (`mode=predict`) and its question ticks (`ask=4,9`; the end is always
    /// asked): `None` for any other mode.
    pub predict: Option<Vec<u64>>,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            autoplay: false,
            view: None,
            readonly: false,
            controls: true,
            editor: false,
            theme: None,
            lang: None,
            t: None,
            speed: None,
            scale: None,
            note: true,
            predict: None,
        }
    }
}

fn flag(v: &str) -> Option<bool> {
    match v {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// The view named in a query or a form (`cores`, `threads`, `both`).
pub fn view_of(v: &str) -> Option<View> {
    match v {
        "cores" => Some(View::Cores),
        "threads" => Some(View::Threads),
        "both" => Some(View::Both),
        _ => None,
    }
}

/// The code of a view in a query or a form.
pub fn view_code(v: View) -> &'static str {
    link_view(v).code()
}

/// Percent-decoding of a query value (`+` is a space); invalid escapes are kept as written.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The embed options of a query string (with or without its `?`); `None` without `embed`.
pub fn embed_options(query: &str) -> Option<EmbedOptions> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unescape(k), unescape(v))
        })
        .collect();
    if !pairs.iter().any(|(k, v)| k == "embed" && flag(v) != Some(false)) {
        return None;
    }
    let mut o = EmbedOptions::default();
    for (k, v) in &pairs {
        let v = v.trim();
        match k.as_str() {
            "autoplay" => o.autoplay = flag(v).unwrap_or(o.autoplay),
            "readonly" => o.readonly = flag(v).unwrap_or(o.readonly),
            "controls" => o.controls = flag(v).unwrap_or(o.controls),
            "editor" => o.editor = flag(v).unwrap_or(o.editor),
            "note" => o.note = flag(v).unwrap_or(o.note),
            "view" => o.view = view_of(v).or(o.view),
            "theme" => o.theme = Theme::from_code(v).or(o.theme),
            "lang" => o.lang = Lang::from_code(v).or(o.lang),
            "t" => o.t = decimal::parse(v).filter(|x| x.is_finite() && *x >= 0.0).or(o.t),
            "speed" => {
                o.speed = decimal::parse(v).filter(|x| x.is_finite() && *x > 0.0).or(o.speed);
            }
            "scale" => {
                o.scale = decimal::parse(v).filter(|x| x.is_finite() && *x > 0.0).or(o.scale);
            }
            _ => {}
        }
    }
    // `ask` counts only in predict mode, whichever comes first.
    if pairs.iter().any(|(k, v)| k == "mode" && v.trim() == "predict") {
        let ask = pairs.iter().rev().find(|(k, _)| k == "ask");
        o.predict = Some(ask.map(|(_, v)| parse_asks(v)).unwrap_or_default());
    }
    Some(o)
}

/// The query of embed options, as the Embed snippet writes it (defaults left out).
pub fn embed_query(o: &EmbedOptions) -> String {
    let mut q = vec!["embed".to_string()];
    if o.autoplay {
        q.push("autoplay".into());
    }
    if let Some(v) = o.view {
        q.push(format!("view={}", view_code(v)));
    }
    if o.readonly {
        q.push("readonly".into());
    }
    if !o.controls {
        q.push("controls=0".into());
    }
    if o.editor {
        q.push("editor=1".into());
    }
    if let Some(t) = o.theme {
        q.push(format!("theme={}", t.code()));
    }
    if let Some(l) = o.lang {
        q.push(format!("lang={}", l.code()));
    }
    if let Some(t) = o.t {
        q.push(format!("t={}", Short(t)));
    }
    if let Some(s) = o.speed {
        q.push(format!("speed={}", Short(s)));
    }
    if let Some(s) = o.scale {
        q.push(format!("scale={}", Short(s)));
    }
    if !o.note {
        q.push("note=0".into());
    }
    if let Some(p) = &o.predict {
        q.push("mode=predict".into());
        if !p.is_empty() {
            q.push(format!("ask={}", p.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(",")));
        }
    }
    format!("?{}", q.join("&"))
}

fn link_view(v: View) -> LinkView {
    match v {
        View::Cores => LinkView::Cores,
        View::Threads => LinkView::Threads,
        View::Both => LinkView::Both,
    }
}

/// What a link of the current state holds.
pub fn link_state(m: &Model) -> LinkState {
    LinkState {
        text: m.text.clone(),
        view: Some(link_view(m.view)),
        window: Some(m.window),
        at: Some(m.cursor.floor()),
        lang: Some(m.lang.code().to_string()),
        scale: m.scale,
        // The open experiment, as typed (the lab module checks it).
        experiment: m.experiment.as_ref().map(|(e, _)| e.clone()),
        predict: m.predict.as_ref().map(|p| p.ticks.clone()),
    }
}

/// The messages that bring a model to a link's state (text first: the window and the cursor
/// are then clamped to its run).
pub fn messages(s: &LinkState) -> Vec<Msg> {
    let mut v = vec![Msg::Edit(s.text.clone())];
    if let Some(view) = s.view {
        v.push(Msg::View(match view {
            LinkView::Cores => View::Cores,
            LinkView::Threads => View::Threads,
            LinkView::Both => View::Both,
        }));
    }
    if let Some(l) = s.lang.as_deref().and_then(Lang::from_code) {
        v.push(Msg::Lang(l));
    }
    // A link without a scale (made fitted, or before scales existed) opens fitted.
    v.push(Msg::Scale(s.scale));
    if let Some((a, b)) = s.window {
        v.push(Msg::Window(a, b));
    }
    if let Some(t) = s.at {
        v.push(Msg::Seek(t));
    }
    // A link with an experiment opens it and runs it.
    if let Some(e) = &s.experiment {
        v.push(Msg::Experiment(Some((e.clone(), true))));
    }
    // Predict mode starts at its first question (whatever the link's position).
    if let Some(p) = &s.predict {
        v.push(Msg::PredictStart(Some(p.clone())));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predict_mode_is_an_embed_option_and_in_the_link() {
        let o = embed_options("?embed&ask=9,4,x&mode=predict").expect("embed");
        assert_eq!(o.predict, Some(vec![4, 9]));
        assert_eq!(embed_query(&o), "?embed&mode=predict&ask=4,9");
        assert_eq!(embed_options(&embed_query(&o)), Some(o));
        assert_eq!(embed_options("?embed&mode=predict").unwrap().predict, Some(vec![]));
        for bad in ["?embed&ask=4", "?embed&mode=guess&ask=4", "?embed&mode=&ask=4"] {
            assert_eq!(embed_options(bad).unwrap().predict, None, "{bad}");
        }
        // A model in predict mode makes a link that opens in predict mode at its first question.
        let m = Model::new("thread a { cpu 3; io 2; cpu 1 }".into(), Lang::En).update(Msg::PredictStart(Some(vec![2])));
        let m = m.update(Msg::PredictCheck);
        let s = link_state(&m);
        assert_eq!(s.predict, Some(vec![2]));
        let back = messages(&s).into_iter().fold(Model::new(String::new(), Lang::En), Model::update);
        let p = back.predict.expect("predict mode");
        assert_eq!((p.ticks, p.current, p.revealed, back.cursor), (vec![2], 0, false, 0.0));
    }

    #[test]
    fn embed_options_follow_their_schema() {
        assert_eq!(embed_options(""), None);
        assert_eq!(embed_options("?view=cores"), None, "no embed, no embed mode");
        assert_eq!(embed_options("?embed"), Some(EmbedOptions::default()));
        let o = embed_options(
            "?embed&autoplay&view=threads&readonly=1&controls=0&theme=dark&lang=zh&t=12&speed=2&scale=0.25",
        )
        .unwrap();
        assert!(o.autoplay && o.readonly && !o.controls);
        assert_eq!(
            (o.view, o.theme, o.lang, o.t, o.speed, o.scale),
            (Some(View::Threads), Some(Theme::Dark), Some(Lang::Zh), Some(12.0), Some(2.0), Some(0.25))
        );
        // Invalid values keep their defaults.
        let o = embed_options("?embed=1&view=sideways&theme=pink&t=-3&speed=NaN&controls=maybe&scale=0").unwrap();
        assert_eq!(o, EmbedOptions::default());
        assert_eq!(embed_options("?embed=0"), None);
        assert_eq!(embed_query(&embed_options(&embed_query(&o)).unwrap()), embed_query(&o));
        let o = embed_options("?embed&view=cores&autoplay&t=5").unwrap();
        assert_eq!(embed_query(&o), "?embed&autoplay&view=cores&t=5");
        assert_eq!(embed_options("?embed&lang=%7A%68").unwrap().lang, Some(Lang::Zh));
        // Every option in the snippet's order; `note=0` only when the note is hidden.
        let all = EmbedOptions {
            autoplay: true,
            view: Some(View::Both),
            readonly: true,
            controls: false,
            editor: true,
            theme: Some(Theme::Light),
            lang: Some(Lang::En),
            t: Some(3.5),
            speed: Some(0.25),
            scale: Some(0.125),
            note: false,
            predict: Some(vec![3]),
        };
        assert_eq!(
            embed_query(&all),
            "?embed&autoplay&view=both&readonly&controls=0&editor=1&theme=light&lang=en&t=3.5&speed=0.25&scale=0.125&note=0&mode=predict&ask=3"
        );
    }

    #[test]
    fn the_note_option_hides_the_note_and_keeps_its_default_on_nonsense() {
        assert!(embed_options("?embed").unwrap().note, "shown by default");
        assert!(!embed_options("?embed&note=0").unwrap().note);
        assert!(!embed_options("?embed&note=off").unwrap().note);
        assert!(embed_options("?embed&note=1").unwrap().note);
        assert!(embed_options("?embed&note=maybe").unwrap().note, "an invalid value keeps the default");
        let o = embed_options("?embed&view=cores&note=0").unwrap();
        assert_eq!(embed_query(&o), "?embed&view=cores&note=0");
        assert_eq!(embed_options(&embed_query(&o)), Some(o));
    }

    #[test]
    fn a_link_restores_the_state_it_was_made_from() {
        let m = Model::new("cores 2\nthread a { cpu 30 }\nthread b { cpu 20 }\n".into(), Lang::En)
            .update(Msg::View(View::Threads))
            .update(Msg::Window(5.0, 20.0))
            .update(Msg::Seek(12.0))
            .update(Msg::Lang(Lang::Zh))
            .update(Msg::Scale(Some(0.2)));
        let link = threadlab_share::link::encode(&link_state(&m));
        let d = threadlab_share::link::decode(&link);
        assert_eq!(d.problem, None);
        let mut n = Model::with_default_preset(Lang::En);
        for msg in messages(&d.state) {
            n = n.update(msg);
        }
        assert_eq!(
            (n.text.as_str(), n.view, n.window, n.cursor, n.lang, n.scale),
            (m.text.as_str(), m.view, m.window, m.cursor, m.lang, Some(0.2))
        );
        // A link without a scale (an old one) opens fitted.
        let old = LinkState { scale: None, ..d.state };
        for msg in messages(&old) {
            n = n.update(msg);
        }
        assert_eq!((n.scale, n.window), (None, m.window));
    }
}
