//! Scenario links: the scenario text and the view (which charts, zoom window, playback
//! position, language) in a URL fragment, `#v1:` followed by base64url of the raw-deflated
//! payload. Opening the link restores that state.
//!
//! The v1 payload is UTF-8: `key=value` lines (`view`, `from`, `to`, `at`, `lang`, `scale`,
//! for an experiment `sweep`, `compare` or `compare-text`, and for predict mode `predict`,
//! e.g. `predict=4,9,end`: [`parse_asks`]), an empty line, then the
//! scenario text as written. Unknown keys and values are ignored (a later version may add
//! some), so every field is optional and falls back to its default.
//!
//! Experiments ([`LinkExperiment`], issue 13) are header lines too, so links made before
//! them and decoders made before them agree on everything else:
//!
//! - `sweep=NAME=VALUES` (`sweep=workers=1..16`) and `compare=NAME=VALUES`
//!   (`compare=cores=1,2`): the syntax of `threadlab sweep --param` / `compare --vary`;
//! - `compare-text=TEXT`, once per further text of a text comparison (1 to 3 of them; the
//!   link's scenario is the first): the text on one line, with `\` written `\\`, a line feed
//!   `\n` and a carriage return `\r`. A decoder that predates them ignores these lines and
//!   opens the first scenario alone (unless the texts together pass its cap of
//!   [`MAX_MAIN_BYTES`]: then it says the link is too big).
//!
//! One experiment per link: the last `sweep`/`compare` line wins, and `compare-text` lines
//! count only without either. The parameter and values are kept as written and checked when
//! used ([`LinkExperiment::experiment`]: a bad one is then ignored, like any bad value): the
//! app, which only passes them on, does not carry the experiment parser in its first-load
//! wasm (about 5 KB gzipped).
//!
//! Compatibility: links made by a version must open in every later one. A new format gets a
//! new tag (`v2:`…) and a new decoder beside the old ones, which stay; `tests/links/` holds
//! links made by each version, with what they must decode to.
//!
//! Bad links never panic or hang: the fragment's length and the inflated size are capped
//! (a few kilobytes of crafted deflate can inflate to megabytes), and a damaged link gives a
//! [`Problem`] in plain words together with whatever text could be recovered.

use crate::base64url;
use crate::decimal;
use crate::experiment::{Experiment, Spec, MAX_VARIANTS};
use threadlab_sim::limits::{MAX_NUMBER, MAX_TEXT_BYTES};

/// The tag of the current version.
pub const VERSION: &str = "v1";
/// Longest fragment decoded (a bigger one is refused before any work).
pub const MAX_FRAGMENT_CHARS: usize = 200_000;
/// Largest payload inflated without its `compare-text` lines: the largest scenario text plus
/// room for the header (the whole payload's cap before experiments).
pub const MAX_MAIN_BYTES: usize = MAX_TEXT_BYTES + 4096;
/// Largest payload inflated: the main part plus up to 3 compared texts, escaped (an escape
/// at most doubles a text).
pub const MAX_PAYLOAD_BYTES: usize = MAX_MAIN_BYTES + (MAX_VARIANTS - 1) * (2 * MAX_TEXT_BYTES + 16);

/// Which charts a link shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkView {
    Cores,
    Threads,
    Both,
}

impl LinkView {
    pub fn code(self) -> &'static str {
        match self {
            LinkView::Cores => "cores",
            LinkView::Threads => "threads",
            LinkView::Both => "both",
        }
    }
    pub fn from_code(s: &str) -> Option<LinkView> {
        match s {
            "cores" => Some(LinkView::Cores),
            "threads" => Some(LinkView::Threads),
            "both" => Some(LinkView::Both),
            _ => None,
        }
    }
}

/// What a link holds. `None` fields were not in the link (the app keeps its default).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkState {
    pub text: String,
    pub view: Option<LinkView>,
    /// The zoom window, in ticks.
    pub window: Option<(f64, f64)>,
    /// The playback position, in ticks.
    pub at: Option<f64>,
    /// Language code (`en`, `zh`).
    pub lang: Option<String>,
    /// A fixed time scale, in ticks per pixel (`None`: the run fits the chart's width). Links
    /// made before it existed have none, and open fitted.
    pub scale: Option<f64>,
    /// A sweep or comparison to show (links made before experiments have none).
    pub experiment: Option<LinkExperiment>,
    /// Predict mode (issue 14): the ticks of its questions, in order (a question at the end
    /// always follows them). `None`: the ordinary playground (links made before it).
    pub predict: Option<Vec<u64>>,
}

/// Most questions a predict link keeps (the ticks after it are dropped).
pub const MAX_ASKS: usize = 20;

/// The question ticks of a `predict=` line or an embed's `ask=` (`4,9,end`): whole ticks,
/// in order, without repeats, at most [`MAX_ASKS`]; `end` (the question every predict mode
/// ends with) and anything not a whole tick are skipped, so a typo never breaks a link.
pub fn parse_asks(v: &str) -> Vec<u64> {
    let mut ticks: Vec<u64> = v
        .split(',')
        .filter_map(|x| {
            let x = x.trim();
            if x.is_empty() || x.len() > 12 || !x.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            x.parse().ok()
        })
        .collect();
    ticks.sort_unstable();
    ticks.dedup();
    ticks.truncate(MAX_ASKS);
    ticks
}

/// The value of a `predict=` line: the ticks then `end` (`4,9,end`; `end` alone for none).
pub fn asks_code(ticks: &[u64]) -> String {
    let mut out = String::new();
    for t in ticks.iter().take(MAX_ASKS) {
        out.push_str(&t.to_string());
        out.push(',');
    }
    out.push_str("end");
    out
}

/// An experiment as a link carries it: `NAME=VALUES` as written (checked by
/// [`LinkExperiment::experiment`]), or the further texts of a text comparison (1 to 3; more
/// are not written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkExperiment {
    Sweep(String),
    Compare(String),
    Texts(Vec<String>),
}

impl LinkExperiment {
    /// Writes the experiment's header lines (each ended by a line feed), as a link holds them.
    pub fn write_lines(&self, out: &mut String) {
        match self {
            // A line feed would end the header line: escaped like a text (never in a valid spec).
            LinkExperiment::Sweep(spec) => {
                out.push_str("sweep=");
                escape_into(spec, out);
                out.push('\n');
            }
            LinkExperiment::Compare(spec) => {
                out.push_str("compare=");
                escape_into(spec, out);
                out.push('\n');
            }
            LinkExperiment::Texts(texts) => {
                for t in texts.iter().take(MAX_VARIANTS - 1) {
                    out.push_str("compare-text=");
                    escape_into(t, out);
                    out.push('\n');
                }
            }
        }
    }

    /// The experiment's header lines (what [`LinkExperiment::from_lines`] reads back): how the
    /// app's modules pass an experiment to one another as a string.
    pub fn to_lines(&self) -> String {
        let mut out = String::new();
        self.write_lines(&mut out);
        out
    }

    /// Reads header lines as a link's header does (`None` when they hold no experiment).
    pub fn from_lines(lines: &str) -> Option<LinkExperiment> {
        parse_payload(&format!("{}\n\n", lines.trim_end_matches('\n'))).0.experiment
    }

    /// The experiment, checked: `None` when its parameter or values are not valid (a sweep of
    /// 1 to 200 values, a comparison of 2 to 4) or a text comparison has no text.
    pub fn experiment(&self) -> Option<Experiment> {
        match self {
            LinkExperiment::Sweep(s) => Spec::parse(s).ok().map(Experiment::Sweep),
            LinkExperiment::Compare(s) => Spec::parse_compare(s).ok().map(Experiment::Compare),
            LinkExperiment::Texts(t) if t.is_empty() => None,
            LinkExperiment::Texts(t) => Some(Experiment::Texts(t.clone())),
        }
    }
}

impl From<Experiment> for LinkExperiment {
    fn from(e: Experiment) -> Self {
        match e {
            Experiment::Sweep(s) => LinkExperiment::Sweep(s.to_string()),
            Experiment::Compare(s) => LinkExperiment::Compare(s.to_string()),
            Experiment::Texts(t) => LinkExperiment::Texts(t),
        }
    }
}

/// What went wrong with a link, in words a user can act on (`Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// No `vN:` tag: not a Threadlab link (or cut before the tag).
    NotALink,
    /// A tag this version does not know: made by a newer Threadlab.
    UnknownVersion(String),
    /// Longer than [`MAX_FRAGMENT_CHARS`]: refused unread.
    TooLong(usize),
    /// A character that cannot be in a link, at this character position of the data.
    BadCharacter(usize),
    /// The data ends too early: the link was cut (when copied or sent).
    Truncated,
    /// The data does not decompress: the link was changed or damaged.
    Corrupt,
    /// It decompresses to more than [`MAX_PAYLOAD_BYTES`].
    TooBig,
    /// The scenario is not valid UTF-8 text.
    NotText,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::NotALink => write!(f, "this is not a Threadlab scenario link (it should start with #{VERSION}:)"),
            Problem::UnknownVersion(v) => {
                write!(f, "this link was made by a newer Threadlab (format {v}); this version reads {VERSION}")
            }
            Problem::TooLong(n) => {
                write!(f, "this link is too long to open ({n} characters; at most {MAX_FRAGMENT_CHARS})")
            }
            Problem::BadCharacter(at) => {
                write!(f, "this link is damaged: it has a character that cannot be in a link (at character {at})")
            }
            Problem::Truncated => write!(f, "this link is incomplete: it was cut when it was copied or sent"),
            Problem::Corrupt => write!(f, "this link is damaged: its data does not decompress"),
            Problem::TooBig => {
                write!(f, "this link holds more than the largest scenario allowed ({MAX_TEXT_BYTES} bytes)")
            }
            Problem::NotText => write!(f, "this link is damaged: its scenario is not text"),
        }
    }
}

/// A decoded link: the state, and the problem when the link was bad (then `state.text` is
/// what could be recovered, maybe nothing, and the view fields are whatever was readable).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub state: LinkState,
    pub problem: Option<Problem>,
}

/// A number as written in a link: whole numbers without a fraction, others to a thousandth
/// of a tick (`12.5`, `0.333`); [`decimal::parse`] reads every number a link ever held.
fn num(x: f64) -> String {
    decimal::Short(x).to_string()
}

/// The payload of a state, before compression.
fn payload(s: &LinkState) -> String {
    let mut out = String::new();
    if let Some(v) = s.view {
        out.push_str(&format!("view={}\n", v.code()));
    }
    if let Some((a, b)) = s.window {
        out.push_str(&format!("from={}\nto={}\n", num(a), num(b)));
    }
    if let Some(t) = s.at {
        out.push_str(&format!("at={}\n", num(t)));
    }
    if let Some(l) = s.lang.as_deref().filter(|l| is_lang_code(l)) {
        out.push_str(&format!("lang={l}\n"));
    }
    if let Some(x) = s.scale {
        out.push_str(&format!("scale={}\n", num(x)));
    }
    if let Some(e) = &s.experiment {
        e.write_lines(&mut out);
    }
    if let Some(p) = &s.predict {
        out.push_str(&format!("predict={}\n", asks_code(p)));
    }
    out.push('\n');
    out.push_str(&s.text);
    out
}

/// A language code a link holds (`en`, `zh-Hans`): 1 to 16 ASCII letters, digits and `-`.
/// The encoder writes no other and the decoder keeps no other, so a decoded state encodes to
/// the same link (found by the `link` fuzz target: a `lang` with a space was kept, then dropped).
fn is_lang_code(l: &str) -> bool {
    (1..=16).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The fragment of a state, without the `#`: `v1:` + base64url(deflate(payload)).
pub fn encode(s: &LinkState) -> String {
    let packed = crate::deflate::compress(payload(s).as_bytes());
    format!("{VERSION}:{}", base64url::encode(&packed))
}

/// A full link: `base` (the playground's address, any fragment of it dropped) + `#` + fragment.
pub fn url(base: &str, s: &LinkState) -> String {
    let base = base.split('#').next().unwrap_or("");
    format!("{base}#{}", encode(s))
}

/// Decodes a fragment (with or without its `#`, or a whole URL). Never panics; the time and
/// memory it takes are bounded by the caps above.
pub fn decode(fragment: &str) -> Decoded {
    let fragment = match fragment.find('#') {
        Some(i) => &fragment[i + 1..],
        None => fragment,
    };
    let bad = |p: Problem| Decoded { state: LinkState::default(), problem: Some(p) };
    let chars = fragment.chars().count();
    if chars > MAX_FRAGMENT_CHARS {
        return bad(Problem::TooLong(chars));
    }
    let Some((tag, data)) = fragment.split_once(':') else { return bad(Problem::NotALink) };
    match tag {
        "v1" => decode_v1(data.trim()),
        t if t.len() <= 8 && t.starts_with('v') && t[1..].chars().all(|c| c.is_ascii_digit()) && t.len() > 1 => {
            bad(Problem::UnknownVersion(t.to_string()))
        }
        _ => bad(Problem::NotALink),
    }
}

fn decode_v1(data: &str) -> Decoded {
    let (packed, bad_char) = base64url::decode(data);
    let (bytes, inflate_problem) = inflate_capped(&packed, MAX_PAYLOAD_BYTES);
    // A bad character cuts the data: say so first, it is the cause of the rest.
    let mut problem = match bad_char {
        Some(at) if data.as_bytes().get(at).is_some() && at + 1 < data.len() => Some(Problem::BadCharacter(at)),
        Some(_) => Some(Problem::Truncated),
        None => None,
    }
    .or(inflate_problem);
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            // Keep the valid start (a cut may split a character).
            let valid = e.utf8_error().valid_up_to();
            let mut b = e.into_bytes();
            b.truncate(valid);
            if problem.is_none() {
                problem = Some(Problem::NotText);
            }
            String::from_utf8(b).unwrap_or_default()
        }
    };
    let (mut state, complete, texts_len) = parse_payload(&text);
    // The main part keeps the cap it had before experiments: a link too big then is too big now.
    if problem.is_none() && text.len() - texts_len > MAX_MAIN_BYTES {
        problem = Some(Problem::TooBig);
    }
    if let Some(LinkExperiment::Texts(t)) = &state.experiment {
        if t.iter().any(|t| t.len() > MAX_TEXT_BYTES) {
            state.experiment = None;
            problem = problem.or(Some(Problem::TooBig));
        }
    }
    if problem.is_some() && !complete {
        // Cut inside the header: its last value may be cut too; keep none of it.
        state = LinkState { text: state.text, ..LinkState::default() };
    }
    if problem.is_some() && state.text.len() > MAX_TEXT_BYTES {
        let mut end = MAX_TEXT_BYTES;
        while !state.text.is_char_boundary(end) {
            end -= 1;
        }
        state.text.truncate(end);
    }
    Decoded { state, problem }
}

/// Raw-inflates at most `cap` bytes, streaming, so that what comes out before a cut or a
/// damage is kept exactly (and a bomb stops at the cap).
fn inflate_capped(input: &[u8], cap: usize) -> (Vec<u8>, Option<Problem>) {
    use miniz_oxide::inflate::stream::{inflate, InflateState};
    use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut out = Vec::new();
    let mut buf = vec![0u8; 16 * 1024];
    let mut input = input;
    loop {
        // `None`, not `Finish`: `Finish` on the first call expects all the output to fit.
        let r = inflate(&mut state, input, &mut buf, MZFlush::None);
        input = &input[r.bytes_consumed.min(input.len())..];
        out.extend_from_slice(&buf[..r.bytes_written]);
        if out.len() > cap {
            out.truncate(cap);
            return (out, Some(Problem::TooBig));
        }
        // `Buf` means "no room or no input": an error only when nothing moved.
        match r.status {
            Ok(MZStatus::StreamEnd) => return (out, None),
            Err(e) if e != MZError::Buf => return (out, Some(Problem::Corrupt)),
            _ if r.bytes_consumed > 0 || r.bytes_written > 0 => {}
            _ => return (out, Some(Problem::Truncated)),
        }
    }
}

/// Reads the header lines and the text of a v1 payload. In a damaged payload that was cut in
/// its header, there is no text to keep.
/// Returns the state, whether the header was complete, and the bytes of its `compare-text`
/// lines.
fn parse_payload(p: &str) -> (LinkState, bool, usize) {
    let mut s = LinkState::default();
    // The header ends at the first empty line (header lines are never empty).
    let (header, text, complete) = match p.strip_prefix('\n') {
        Some(t) => ("", t, true),
        None => p.split_once("\n\n").map(|(h, t)| (h, t, true)).unwrap_or((p, "", false)),
    };
    let (mut from, mut to) = (None, None);
    // No number above `MAX_NUMBER`: the encoder cannot write one back (`at=1e30` came back
    // as 18446744073709551615). Numbers are read exactly (links written before `num` had more
    // decimals); written again, they keep a thousandth of a tick.
    let number = |v: &str| decimal::parse(v).filter(|x| (0.0..=MAX_NUMBER as f64).contains(x));
    let mut texts = Vec::new();
    let mut texts_len = 0;
    for line in header.lines() {
        let Some((k, v)) = line.split_once('=') else { continue };
        match k {
            "view" => s.view = LinkView::from_code(v),
            "from" => from = number(v),
            "to" => to = number(v),
            "at" => s.at = number(v),
            "lang" => s.lang = Some(v.to_string()).filter(|l| is_lang_code(l)),
            // At least a thousandth: the encoder writes a smaller one `0`, which is no scale.
            "scale" => s.scale = number(v).filter(|x| *x >= 0.001),
            "sweep" => s.experiment = Some(LinkExperiment::Sweep(unescape(v))),
            "compare" => s.experiment = Some(LinkExperiment::Compare(unescape(v))),
            "predict" => s.predict = Some(parse_asks(v)),
            "compare-text" => {
                texts_len += line.len() + 1;
                if texts.len() < MAX_VARIANTS - 1 {
                    texts.push(unescape(v));
                }
            }
            _ => {}
        }
    }
    if let (Some(a), Some(b)) = (from, to) {
        s.window = Some((a, b));
    }
    if s.experiment.is_none() && !texts.is_empty() {
        s.experiment = Some(LinkExperiment::Texts(texts));
    }
    s.text = text.to_string();
    (s, complete, texts_len)
}

/// Writes `t` on one line: `\` as `\\`, line feed as `\n`, carriage return as `\r`.
fn escape_into(t: &str, out: &mut String) {
    for c in t.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// The inverse of [`escape_into`]; any other `\` is kept as it is (never written by it).
fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> LinkState {
        LinkState {
            text: "cores 2\nthread a { cpu 3 }\n# 注释\n".into(),
            view: Some(LinkView::Threads),
            window: Some((2.0, 10.5)),
            at: Some(4.0),
            lang: Some("zh".into()),
            scale: Some(0.25),
            experiment: None,
            predict: None,
        }
    }

    #[test]
    fn predict_mode_is_a_header_line_and_old_links_are_unchanged() {
        let p = LinkState { predict: Some(vec![4, 9]), ..state() };
        assert!(payload(&p).contains("\npredict=4,9,end\n\n"), "{}", payload(&p));
        assert_eq!(decode(&encode(&p)).state, p);
        let end_only = LinkState { predict: Some(vec![]), ..state() };
        assert!(payload(&end_only).contains("\npredict=end\n\n"));
        assert_eq!(decode(&encode(&end_only)).state, end_only);
        // A link without the line is the playground, its payload as before.
        assert!(!payload(&state()).contains("predict"));
        assert_eq!(decode(&encode(&state())).state.predict, None);
        // Bad values are skipped; ticks come in order, once; their number is capped.
        assert_eq!(parse_asks("9,x,4,,-1,4,end,1.5, 7 "), vec![4, 7, 9]);
        assert_eq!(parse_asks("99999999999999999999"), Vec::<u64>::new());
        assert_eq!(parse_asks(&(0..50).map(|i| i.to_string()).collect::<Vec<_>>().join(",")).len(), MAX_ASKS);
        assert_eq!(asks_code(&[3]), "3,end");
    }

    #[test]
    fn round_trip() {
        let f = encode(&state());
        assert!(f.starts_with("v1:"));
        assert!(f.chars().all(|c| c.is_ascii_alphanumeric() || "-_:".contains(c)), "{f}");
        assert_eq!(decode(&f), Decoded { state: state(), problem: None });
        assert_eq!(decode(&format!("#{f}")).state, state());
        assert_eq!(decode(&url("https://example.org/tl/index.html#old", &state())).state, state());
    }

    #[test]
    fn bad_links_say_why_and_keep_what_they_can() {
        assert_eq!(decode("").problem, Some(Problem::NotALink));
        assert_eq!(decode("#hello").problem, Some(Problem::NotALink));
        assert_eq!(decode("v7:abc").problem, Some(Problem::UnknownVersion("v7".into())));
        let long = format!("v1:{}", "A".repeat(MAX_FRAGMENT_CHARS));
        assert_eq!(decode(&long).problem, Some(Problem::TooLong(MAX_FRAGMENT_CHARS + 3)));
        let text: String =
            (0..200).map(|i| format!("thread t{i} {{ cpu {}; io {} }}\n", i * 7 % 13 + 1, i % 5 + 1)).collect();
        let f = encode(&LinkState { text: text.clone(), ..state() });
        // Cut: what was decompressed before the cut is kept.
        let cut = decode(&f[..f.len() * 2 / 3]);
        assert_eq!(cut.problem, Some(Problem::Truncated));
        assert!(cut.state.text.len() > text.len() / 3 && text.starts_with(&cut.state.text), "{:?}", cut.state);
        assert_eq!(cut.state.view, Some(LinkView::Threads), "a complete header is kept");
        // A character that cannot be in a link.
        let mut damaged = f.clone();
        damaged.insert(40, '%');
        let d = decode(&damaged);
        assert_eq!(d.problem, Some(Problem::BadCharacter(37)));
        // A changed character in the data.
        let mut b: Vec<char> = f.chars().collect();
        b[10] = if b[10] == 'A' { 'B' } else { 'A' };
        let d = decode(&b.into_iter().collect::<String>());
        assert!(d.problem.is_some() || d.state.text != state().text || d.state != state());
    }

    #[test]
    fn a_deflate_bomb_is_capped() {
        let zeros = vec![b'a'; 10 * MAX_PAYLOAD_BYTES];
        let f = format!("v1:{}", base64url::encode(&miniz_oxide::deflate::compress_to_vec(&zeros, 9)));
        assert!(f.len() < 20_000, "a small link: {}", f.len());
        let d = decode(&f);
        assert_eq!(d.problem, Some(Problem::TooBig));
        assert!(d.state.text.len() <= MAX_TEXT_BYTES);
    }

    #[test]
    fn the_scale_is_written_only_when_set_and_a_bad_one_is_ignored() {
        let fitted = LinkState { text: "thread a { cpu 1 }".into(), ..LinkState::default() };
        assert!(!payload(&fitted).contains("scale="), "{}", payload(&fitted));
        let fixed = LinkState { scale: Some(0.5), ..fitted.clone() };
        assert!(payload(&fixed).starts_with("scale=0.5\n\n"), "{}", payload(&fixed));
        assert_eq!(decode(&encode(&fixed)).state.scale, Some(0.5));
        for bad in ["scale=0", "scale=-2", "scale=x", "scale=NaN", "scale="] {
            let link = "v1:".to_string()
                + &base64url::encode(&crate::deflate::compress(format!("{bad}\n\nthread a {{ cpu 1 }}").as_bytes()));
            assert_eq!(decode(&link), Decoded { state: fitted.clone(), problem: None }, "{bad}");
        }
    }

    #[test]
    fn a_text_that_starts_with_an_empty_line_keeps_it() {
        let s = LinkState { text: "\n\nthread a { cpu 1 }".into(), ..LinkState::default() };
        assert_eq!(decode(&encode(&s)).state, s);
    }

    #[test]
    fn numbers_are_written_short_and_read_back() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(10.5), "10.5");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(1.0 / 3.0), "0.333");
        // A window is kept to a thousandth of a tick, the largest run's end exactly.
        let s = LinkState { window: Some((1.0 / 3.0, 10_000_000.0)), at: Some(2.5), ..LinkState::default() };
        let back = decode(&encode(&s)).state;
        assert_eq!((back.window, back.at), (Some((0.333, 10_000_000.0)), Some(2.5)));
        // Numbers that links written before this rule held read back as they were.
        let old = "v1:".to_string()
            + &base64url::encode(&crate::deflate::compress(
                b"from=0.30000000000000004\nto=12.3456789\n\nthread a { cpu 1 }",
            ));
        assert_eq!(decode(&old).state.window, Some((0.30000000000000004, 12.3456789)));
    }

    fn with(experiment: Experiment) -> LinkState {
        LinkState { experiment: Some(experiment.into()), ..state() }
    }

    #[test]
    fn experiments_are_header_lines_and_round_trip() {
        let spec = Spec::parse("workers:fetch=1..16:3").unwrap();
        let sweep = with(Experiment::Sweep(spec.clone()));
        assert!(payload(&sweep).contains("\nsweep=workers:fetch=1..16:3\n\n"), "{}", payload(&sweep));
        let back = decode(&encode(&sweep));
        assert_eq!(back, Decoded { state: sweep, problem: None });
        assert_eq!(back.state.experiment.and_then(|e| e.experiment()), Some(Experiment::Sweep(spec)));
        let compare = with(Experiment::Compare(Spec::parse("cores=1,2,4").unwrap()));
        assert!(payload(&compare).contains("\ncompare=cores=1,2,4\n\n"));
        assert_eq!(decode(&encode(&compare)).state, compare);
        let texts = vec!["thread b { cpu 1 }\r\n# a \\n is not a line feed\n".to_string(), String::new()];
        let t = with(Experiment::Texts(texts.clone()));
        let p = payload(&t);
        assert!(
            p.contains("\ncompare-text=thread b { cpu 1 }\\r\\n# a \\\\n is not a line feed\\n\ncompare-text=\n\n"),
            "{p}"
        );
        let back = decode(&encode(&t));
        assert_eq!(back, Decoded { state: t.clone(), problem: None });
        assert_eq!(back.state.experiment.and_then(|e| e.experiment()), Some(Experiment::Texts(texts)));
        // The scenario after the header is the first text, untouched.
        assert_eq!(decode(&encode(&t)).state.text, state().text);
        // A line feed in a spec (never in a valid one) cannot break the header.
        let odd = LinkState { experiment: Some(LinkExperiment::Sweep("a\nb".into())), ..state() };
        assert_eq!(decode(&encode(&odd)).state, odd);
    }

    fn raw(payload: &str) -> String {
        "v1:".to_string() + &base64url::encode(&crate::deflate::compress(payload.as_bytes()))
    }

    #[test]
    fn experiments_travel_as_lines_between_modules() {
        for e in [
            LinkExperiment::Sweep("workers=1..16".into()),
            LinkExperiment::Compare("cores=1,2".into()),
            LinkExperiment::Texts(vec!["thread a { cpu 1 }\n".into(), "a\\n\r\nb".into()]),
        ] {
            assert_eq!(LinkExperiment::from_lines(&e.to_lines()), Some(e.clone()), "{e:?}");
        }
        assert_eq!(LinkExperiment::Sweep("cores=1..4".into()).to_lines(), "sweep=cores=1..4\n");
        assert_eq!(LinkExperiment::from_lines(""), None);
        assert_eq!(LinkExperiment::from_lines("view=cores"), None);
    }

    #[test]
    fn bad_or_extra_experiment_lines_are_ignored_when_used() {
        let e = |p: &str| decode(&raw(p)).state.experiment;
        let checked = |p: &str| e(p).and_then(|x| x.experiment());
        for bad in
            ["sweep=cores", "sweep=cores=0..3", "sweep=nope=1", "compare=cores=1", "compare=cores=1..9", "sweep="]
        {
            let d = decode(&raw(&format!("{bad}\n\nthread a {{ cpu 1 }}")));
            assert_eq!((d.problem, d.state.text.as_str()), (None, "thread a { cpu 1 }"), "{bad}");
            assert!(d.state.experiment.is_some(), "{bad}: kept as written");
            assert_eq!(checked(&format!("{bad}\n\nx")), None, "{bad}: refused when used");
        }
        let spec = |s: &str| Spec::parse(s).unwrap();
        assert_eq!(checked("sweep=cores=1..4\ncompare=switch=0,1\n\nx"), Some(Experiment::Compare(spec("switch=0,1"))));
        assert_eq!(e("compare=switch=0,1\nsweep=cores=1..4\n\nx"), Some(LinkExperiment::Sweep("cores=1..4".into())));
        assert_eq!(checked("compare-text=a\nsweep=cores=1..4\n\nx"), Some(Experiment::Sweep(spec("cores=1..4"))));
        assert_eq!(
            e("compare-text=a\\\ncompare-text=b\\x\ncompare-text=c\ncompare-text=d\n\nx"),
            Some(LinkExperiment::Texts(vec!["a\\".into(), "b\\x".into(), "c".into()])),
            "at most 3 further texts; a stray backslash is kept"
        );
        assert_eq!(LinkExperiment::Texts(vec![]).experiment(), None);
    }

    #[test]
    fn compared_texts_have_their_own_room_and_the_main_text_its_old_cap() {
        let big = "# ".to_string() + &"y".repeat(MAX_TEXT_BYTES - 2);
        let three = LinkState {
            experiment: Some(LinkExperiment::Texts(vec![big.clone(); 3])),
            text: big.clone(),
            ..LinkState::default()
        };
        assert_eq!(decode(&encode(&three)), Decoded { state: three, problem: None });
        // A main text over the old cap is too big, as it was: the start of it is kept.
        let huge = LinkState { text: "z".repeat(MAX_MAIN_BYTES + 10), ..LinkState::default() };
        let d = decode(&encode(&huge));
        assert_eq!(d.problem, Some(Problem::TooBig));
        assert_eq!(d.state.text, "z".repeat(MAX_TEXT_BYTES));
        // A compared text over the limit drops the experiment.
        let over = LinkState {
            experiment: Some(LinkExperiment::Texts(vec!["w".repeat(MAX_TEXT_BYTES + 1)])),
            ..LinkState::default()
        };
        let d = decode(&encode(&over));
        assert_eq!((d.problem, d.state.experiment), (Some(Problem::TooBig), None));
    }
}
