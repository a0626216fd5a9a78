//! The 简体中文 texts, downloaded the first time the interface is in Chinese instead of being
//! compiled into the wasm that every visitor downloads: the words of `i18n`'s `tr`, `concept`,
//! `cause`, `reason` and the templates of the core's errors and outcomes (`zh/i18n.txt`, written from `i18n.rs` by a test below) and the
//! presets' titles and notes (`zh/presets.txt`, read by [`crate::presets_zh`]). Trunk copies `web/zh/` into the
//! site. The app shows Chinese once both have arrived ([`loaded`], [`request`]; a component
//! on its own uses [`use_zh`]), English until then (and if they cannot be loaded).

use crate::i18n::Lang;
use std::cell::RefCell;
use yew::prelude::*;

/// The files, relative to the page (`public_url = "./"` makes the whole site relative).
pub const I18N_URL: &str = "zh/i18n.txt";
pub const PRESETS_URL: &str = "zh/presets.txt";

enum Load {
    /// Not asked for yet (or the last download failed: the next request tries again).
    Idle,
    /// Downloading; these components render again when it is done.
    Loading(Vec<UseForceUpdateHandle>),
    Loaded,
}

thread_local! {
    static LOAD: RefCell<Load> = const { RefCell::new(Load::Idle) };
    /// The words of `zh/i18n.txt`, by part, then by number (`Key as usize`, …).
    static WORDS: RefCell<Vec<Vec<&'static str>>> = const { RefCell::new(Vec::new()) };
}

/// The words of `zh/i18n.txt`, by part: the first part has one `Name=word` line per `Key`, in
/// the order of the enum; a `[name]` line starts the next part (`concept`, `cause`, `reason`,
/// `error`, `errword`), whose lines are in the order of `n`, `Cause::ALL`, `Reason::ALL`,
/// `Sentence::ALL`, `ErrWord::ALL`.
/// `#` lines are comments.
fn parse_words(text: &str) -> Vec<Vec<&str>> {
    let mut parts = vec![Vec::new()];
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        match line.split_once('=') {
            Some((_, word)) => parts.last_mut().map_or((), |p| p.push(word)),
            None => parts.push(Vec::new()),
        }
    }
    parts
}

/// Takes the downloaded files' texts (kept for the page's lifetime).
fn install(i18n: String, presets: &str) {
    let words = parse_words(Box::leak(i18n.into_boxed_str()));
    WORDS.with_borrow_mut(|w| *w = words);
    crate::presets_zh::install(presets);
    finish(Load::Loaded);
}

fn finish(next: Load) {
    if let Load::Loading(waiting) = LOAD.with_borrow_mut(|l| std::mem::replace(l, next)) {
        waiting.iter().for_each(UseForceUpdateHandle::force_update);
    }
}

/// The Chinese word `i` of part `part` of `zh/i18n.txt` (see `i18n`), once downloaded.
pub fn word(part: usize, i: usize) -> Option<&'static str> {
    WORDS.with_borrow(|w| w.get(part).and_then(|p| p.get(i)).copied()).filter(|w| !w.is_empty())
}

/// Whether the Chinese texts are here.
pub fn loaded() -> bool {
    LOAD.with_borrow(|l| matches!(l, Load::Loaded))
}

/// For a component that shows words in `lang`: when it is Chinese and the texts are not here,
/// starts their download (once for the whole page) and renders the component again when they
/// arrive. Returns whether they are here as of this render. The app shows Chinese only then,
/// so the components under it get `Lang::Zh` only with the texts loaded.
#[hook]
pub fn use_zh(lang: Lang) -> bool {
    let update = use_force_update();
    let ready = loaded();
    use_effect_with((lang, ready), move |&(lang, ready)| {
        if lang == Lang::Zh && !ready {
            request(update);
        }
    });
    ready
}

/// Starts the download of the Chinese texts unless they are here or on their way; `waiter`
/// renders again when they arrive (at once if they are already here).
pub fn request(waiter: UseForceUpdateHandle) {
    let mut waiter = Some(waiter);
    let start = LOAD.with_borrow_mut(|l| match l {
        Load::Loaded => false,
        Load::Loading(w) => {
            w.extend(waiter.take());
            false
        }
        Load::Idle => {
            *l = Load::Loading(waiter.take().into_iter().collect());
            true
        }
    });
    // Arrived between this component's render and its effect.
    if let Some(w) = waiter {
        w.force_update();
    }
    if start {
        wasm_bindgen_futures::spawn_local(async {
            match shared_texts().await {
                Some((i18n, presets)) => install(i18n, &presets),
                None => finish(Load::Idle),
            }
        });
    }
}

/// Where the page keeps its one download of the texts (a JS promise of `[i18n, presets]` on
/// `window`): each wasm module installs its own copy of the words, but the first module that
/// needs them downloads them for all (the extras module's settings bar is on screen with the
/// app's charts, and both turn Chinese at once).
const SHARED: &str = "__threadlabZh";

/// The texts, from the page's download (started here if no module started it).
async fn shared_texts() -> Option<(String, String)> {
    use wasm_bindgen::{JsCast, JsValue};
    let w = web_sys::window()?;
    let key = JsValue::from_str(SHARED);
    let started = js_sys::Reflect::get(&w, &key).ok().and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let promise = started.unwrap_or_else(|| {
        let p = wasm_bindgen_futures::future_to_promise(async {
            // Both requests start at once.
            let (i18n, presets) = (fetch_text(I18N_URL), fetch_text(PRESETS_URL));
            match (i18n.await, presets.await) {
                (Some(a), Some(b)) => Ok(js_sys::Array::of2(&a.into(), &b.into()).into()),
                _ => Err(JsValue::NULL),
            }
        });
        let _ = js_sys::Reflect::set(&w, &key, &p);
        p
    });
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => {
            let a: js_sys::Array = v.dyn_into().ok()?;
            Some((a.get(0).as_string()?, a.get(1).as_string()?))
        }
        Err(_) => {
            // A failed download may be tried again (by whichever module asks next).
            let _ = js_sys::Reflect::delete_property(&w.into(), &key);
            None
        }
    }
}

/// Starts downloading `url`; the future gives its text, or `None` when it could not be loaded.
pub(crate) fn fetch_text(url: &str) -> impl std::future::Future<Output = Option<String>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let promise = web_sys::window().map(|w| JsFuture::from(w.fetch_with_str(url)));
    async move {
        let response: web_sys::Response = promise?.await.ok()?.dyn_into().ok()?;
        if !response.ok() {
            return None;
        }
        JsFuture::from(response.text().ok()?).await.ok()?.as_string()
    }
}

/// Native only: they compare the file with the Chinese arms of `i18n.rs`, which the wasm
/// build leaves out (it reads the words from the file).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::i18n::{words, Key};

    /// `web/zh/i18n.txt` as the site ships it.
    const FILE: &str = include_str!("../../../web/zh/i18n.txt");
    const FILE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../web/zh/i18n.txt");

    /// The variants of `Key`, in order, read from i18n.rs.
    fn key_names() -> Vec<&'static str> {
        let src = include_str!("i18n.rs");
        let start = src.find("pub enum Key {").expect("i18n.rs declares `pub enum Key {`");
        let body = &src[start + "pub enum Key {".len()..];
        let body = &body[..body.find('}').expect("the end of enum Key")];
        body.lines()
            .map(|l| l.trim())
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .map(|l| l.trim_end_matches(','))
            .collect()
    }

    /// Every `Key`, in order. `Key` is `#[repr(u8)]` without explicit discriminants, so its
    /// variants are numbered 0..n in the order written; n is checked against the `match` of
    /// `tr` before any value is made.
    fn all_keys() -> Vec<Key> {
        let names = key_names();
        assert_eq!(std::mem::size_of::<Key>(), 1);
        let src = include_str!("i18n.rs");
        let body = &src[src.find("pub(crate) fn words(").expect("fn words in i18n.rs")..];
        let body = &body[..body.find("\n}\n").expect("the end of fn words")];
        let arms = body
            .lines()
            .filter(|l| l.trim_start().split_once(" => \"").is_some_and(|(k, _)| names.contains(&k)))
            .count();
        assert_eq!(arms, 2 * names.len(), "every Key has one English and one Chinese line in `words` (i18n.rs)");
        let keys: Vec<Key> = (0..names.len() as u8)
            // SAFETY: `Key` is a fieldless `#[repr(u8)]` enum whose variants are numbered
            // 0..names.len() (counted above from its declaration and both arms of its match).
            .map(|i| unsafe { std::mem::transmute::<u8, Key>(i) })
            .collect();
        for (k, name) in keys.iter().zip(&names) {
            assert_eq!(&format!("{k:?}"), name);
        }
        keys
    }

    /// Every Chinese word of `zh/i18n.txt`, by part, named, as the native functions give them.
    fn parts() -> Vec<(&'static str, Vec<(String, &'static str)>)> {
        use crate::i18n::{
            cause_words, concept_words, err_words, ev_words, reason_words, sentence_words, ErrWord, EvWord,
        };
        use threadlab_sim::error::Sentence;
        use threadlab_sim::trace::{Cause, Reason};
        vec![
            ("", all_keys().into_iter().map(|k| (format!("{k:?}"), words(Lang::Zh, k))).collect()),
            ("concept", (1..=12).map(|n| (n.to_string(), concept_words(Lang::Zh, n))).collect()),
            ("cause", Cause::ALL.iter().map(|&c| (format!("{c:?}"), cause_words(Lang::Zh, c))).collect()),
            ("reason", Reason::ALL.iter().map(|&r| (format!("{r:?}"), reason_words(Lang::Zh, r))).collect()),
            ("error", Sentence::ALL.iter().map(|&s| (format!("{s:?}"), sentence_words(s))).collect()),
            ("errword", ErrWord::ALL.iter().map(|&w| (format!("{w:?}"), err_words(w))).collect()),
            ("event", EvWord::ALL.iter().map(|&w| (format!("{w:?}"), ev_words(Lang::Zh, w))).collect()),
        ]
    }

    /// What `web/zh/i18n.txt` must hold: every part's Chinese words, in order.
    fn expected_file() -> String {
        let mut out = String::from(
            "# The interface's words in 简体中文, downloaded by the web app the first time the\n\
             # interface is in Chinese. Written from the Chinese arms of `words` (every Key, in\n\
             # order), then of `concept`, `cause`, `reason`, `sentence_words` and `err_words` (the\n\
             # core's errors and outcomes, `{0}`… their pieces), in crates/web/src/i18n.rs: do not\n\
             # edit; after changing a word or adding a Key there, run\n\
             # `UPDATE_ZH=1 cargo test -p threadlab-web zh_texts` to write it again.\n",
        );
        for (part, words) in parts() {
            if !part.is_empty() {
                out.push_str(&format!("[{part}]\n"));
            }
            for (name, w) in words {
                assert!(!w.is_empty() && !w.contains('\n'), "{part} {name}: a Chinese word on one line");
                out.push_str(&format!("{name}={w}\n"));
            }
        }
        out
    }

    #[test]
    fn the_chinese_words_file_is_in_step_with_i18n_rs() {
        let expected = expected_file();
        if std::env::var_os("UPDATE_ZH").is_some() {
            // Refused in CI, where rewriting the file would pass whatever it held.
            let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
            assert!(
                !ci,
                "UPDATE_ZH is set under CI: rewriting web/zh/i18n.txt is refused in CI; run it locally and commit"
            );
            std::fs::write(FILE_PATH, &expected).expect("write web/zh/i18n.txt");
            return;
        }
        assert!(
            FILE == expected,
            "web/zh/i18n.txt is not the Chinese words of crates/web/src/i18n.rs: run \
             `UPDATE_ZH=1 cargo test -p threadlab-web zh_texts` to write it again"
        );
    }

    #[test]
    fn the_downloaded_words_are_what_the_native_functions_give() {
        let file = parse_words(FILE);
        let parts = parts();
        assert_eq!(file.len(), parts.len());
        for (i, (part, words)) in parts.iter().enumerate() {
            let got: Vec<&str> = words.iter().map(|w| w.1).collect();
            assert_eq!(file[i], got, "part {part:?}");
        }
        // The wasm reads them by number: `Key as usize`, `n - 1`, `Cause as usize`, `Reason as usize`.
        use threadlab_sim::trace::{Cause, Reason};
        assert!(Cause::ALL.iter().enumerate().all(|(i, &c)| c as usize == i));
        assert!(Reason::ALL.iter().enumerate().all(|(i, &r)| r as usize == i));
        assert!(crate::i18n::ErrWord::ALL.iter().enumerate().all(|(i, &w)| w as usize == i));
        let sentences = threadlab_sim::error::Sentence::ALL;
        assert!(sentences.iter().enumerate().all(|(i, &s)| s as usize == i));
    }

    #[test]
    fn nothing_until_installed_then_every_word() {
        use crate::i18n::{cause_words, reason_words};
        use threadlab_sim::trace::{Cause, Reason};
        assert!(!loaded());
        assert_eq!(word(0, Key::Tagline as usize), None);
        install(FILE.to_string(), "[x]\ntitle: t\nnote: n\n");
        assert!(loaded());
        assert_eq!(word(0, Key::Tagline as usize), Some(words(Lang::Zh, Key::Tagline)));
        assert_eq!(word(0, Key::Start as usize), Some(words(Lang::Zh, Key::Start)));
        assert_eq!(word(1, 11), Some("时间片与调度器"));
        assert_eq!(word(2, Cause::Gil as usize), Some(cause_words(Lang::Zh, Cause::Gil)));
        let last = *Reason::ALL.last().unwrap();
        assert_eq!(word(3, last as usize), Some(reason_words(Lang::Zh, last)));
        assert_eq!(word(0, 10_000), None);
        let last = *threadlab_sim::error::Sentence::ALL.last().unwrap();
        assert_eq!(word(4, last as usize), Some(crate::i18n::sentence_words(last)));
        let last = *crate::i18n::ErrWord::ALL.last().unwrap();
        assert_eq!(word(5, last as usize), Some(crate::i18n::err_words(last)));
        // Every template, in the order of the enum (the file is read by number).
        assert!(crate::i18n::EvWord::ALL.iter().enumerate().all(|(i, w)| *w as usize == i));
        let last = *crate::i18n::EvWord::ALL.last().unwrap();
        assert_eq!(word(6, last as usize), Some(crate::i18n::ev_words(Lang::Zh, last)));
        assert_eq!(word(7, 0), None);
        assert_eq!(crate::presets_zh::title("x").as_deref(), Some("t"));
    }
}
