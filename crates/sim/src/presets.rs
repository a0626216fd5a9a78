//! The preset scenarios shipped with Threadlab (`presets/*.tl`), grouped by the concept of
//! CONCEPTS.md they make visible. The web app shows them; the CLI runs them by name.

/// One preset: its file name (without `.tl`), the concept number (1–12) it shows, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub concept: u8,
    pub text: &'static str,
}

macro_rules! presets {
    ($( $concept:literal $name:literal ),* $(,)?) => {
        [ $( Preset { name: $name, concept: $concept, text: include_str!(concat!("../presets/", $name, ".tl")) } ),* ]
    };
}

/// Every preset, by concept then name (a `const`: [`INDEX`] is computed from it when compiling,
/// and a program that uses only the index does not hold the texts).
const LIST: [Preset; 24] = presets![
    1 "processes-threads-coroutines",
    2 "concurrency-1-core",
    2 "parallelism-4-cores",
    3 "asyncio-io-overlap",
    3 "asyncio-cpu-blocks-loop",
    4 "crash-isolation",
    4 "spawn-cost",
    5 "gil-cpu-threads",
    5 "gil-cpu-processes",
    5 "gil-io-threads",
    6 "context-switch-overhead",
    7 "best-thread-count",
    8 "playground",
    9 "deadlock-two-locks",
    9 "starvation-priority",
    10 "blocking-causes",
    10 "producer-consumer",
    10 "lost-wakeup",
    11 "daemon-cutoff",
    12 "sched-fifo",
    12 "sched-rr",
    12 "sched-sjf",
    12 "sched-stcf",
    12 "sched-priority",
];

/// Every preset, by concept then name.
pub static PRESETS: &[Preset] = &LIST;

/// Longest title [`PresetInfo`] holds (a longer one is a compile error).
const TITLE_BYTES: usize = 64;

/// What a program that loads the presets' texts only when needed (the web app, which fetches
/// `presets/NAME.tl`) knows of a preset beforehand: its name, concept, English title, and the
/// fingerprints of its text and note ([`fingerprint`]), to tell a text or a note that is the
/// preset's own. Computed from the texts when compiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetInfo {
    pub name: &'static str,
    pub concept: u8,
    title: [u8; TITLE_BYTES],
    title_len: usize,
    /// [`fingerprint`] of the whole text.
    pub text_fingerprint: u64,
    /// [`fingerprint`] of the note (as the text writes it: the presets' notes have no escapes;
    /// a test checks them against the parsed notes).
    pub note_fingerprint: u64,
}

impl PresetInfo {
    /// The English title (the text's `title`).
    pub fn title(&self) -> &str {
        std::str::from_utf8(&self.title[..self.title_len]).unwrap_or("")
    }
}

/// FNV-1a, 64 bits, of `s`: a fingerprint to recognise a preset's text or note (not a
/// security measure).
pub const fn fingerprint(s: &str) -> u64 {
    fnv(s.as_bytes())
}

const fn fnv(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    h
}

/// The bytes between the quotes of the line starting with `key "` (the first one), as
/// (start, end) in `text`; (0, 0) when there is none.
const fn quoted(text: &str, key: &[u8]) -> (usize, usize) {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // At a line start: `key "`?
        if i == 0 || b[i - 1] == b'\n' {
            let mut k = 0;
            while k < key.len() && i + k < b.len() && b[i + k] == key[k] {
                k += 1;
            }
            if k == key.len() && i + k + 1 < b.len() && b[i + k] == b' ' && b[i + k + 1] == b'"' {
                let start = i + k + 2;
                let mut end = start;
                while end < b.len() && b[end] != b'"' {
                    end += 1;
                }
                return (start, end);
            }
        }
        i += 1;
    }
    (0, 0)
}

const fn fingerprint_of(text: &str, start: usize, end: usize) -> u64 {
    let (_, rest) = text.as_bytes().split_at(start);
    let (part, _) = rest.split_at(end - start);
    fnv(part)
}

const fn info(p: &Preset) -> PresetInfo {
    let (ts, te) = quoted(p.text, b"title");
    assert!(te - ts <= TITLE_BYTES, "a preset's title is longer than TITLE_BYTES");
    let mut title = [0u8; TITLE_BYTES];
    let mut i = 0;
    while i < te - ts {
        title[i] = p.text.as_bytes()[ts + i];
        i += 1;
    }
    let (ns, ne) = quoted(p.text, b"note");
    PresetInfo {
        name: p.name,
        concept: p.concept,
        title,
        title_len: te - ts,
        text_fingerprint: fingerprint(p.text),
        note_fingerprint: fingerprint_of(p.text, ns, ne),
    }
}

const fn index() -> [PresetInfo; LIST.len()] {
    let mut out = [info(&LIST[0]); LIST.len()];
    let mut i = 1;
    while i < LIST.len() {
        out[i] = info(&LIST[i]);
        i += 1;
    }
    out
}

/// Every preset without its text, in the order of [`PRESETS`].
pub static INDEX: [PresetInfo; LIST.len()] = index();

/// The preset's entry in [`INDEX`].
pub fn info_of(name: &str) -> Option<&'static PresetInfo> {
    INDEX.iter().find(|p| p.name == name)
}

/// The text of the default preset (the one text the web app holds: its first screen).
pub fn default_text() -> &'static str {
    include_str!("../presets/playground.tl")
}

/// All presets.
///
/// The default one, shown first to a new visitor, is [`DEFAULT`].
pub fn all() -> &'static [Preset] {
    PRESETS
}

/// The name of the preset a first-time visitor sees.
pub const DEFAULT: &str = "playground";

/// The preset with this name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The 12 concepts of CONCEPTS.md, as short English titles (index 0 is concept 1).
pub const CONCEPTS: [&str; 12] = [
    "Processes, threads and coroutines",
    "Concurrency vs parallelism",
    "Coroutines inside one thread (asyncio)",
    "Multi-process vs multi-thread",
    "CPU-bound vs I/O-bound under the GIL",
    "Too many threads: context switches",
    "The best thread count",
    "Lifecycle and the control block",
    "Shared memory: deadlock and starvation",
    "Why a thread blocks",
    "Daemon threads",
    "Time slices and schedulers",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_holds_each_presets_name_title_and_fingerprints() {
        assert_eq!(INDEX.len(), PRESETS.len());
        for (i, p) in INDEX.iter().zip(PRESETS) {
            let s = crate::parse(p.text).expect("a preset parses");
            assert_eq!((i.name, i.concept), (p.name, p.concept));
            assert_eq!(Some(i.title()), s.settings.title.as_deref(), "{}", p.name);
            assert_eq!(i.text_fingerprint, fingerprint(p.text));
            let note = s.settings.note.expect("every preset has a note");
            assert_eq!(i.note_fingerprint, fingerprint(&note), "{}: the note as parsed", p.name);
        }
        assert_eq!(Some(default_text()), find(DEFAULT).map(|p| p.text));
        // Distinct fingerprints: a text or note is one preset's at most.
        let mut f: Vec<u64> = INDEX.iter().flat_map(|i| [i.text_fingerprint, i.note_fingerprint]).collect();
        f.sort_unstable();
        f.dedup();
        assert_eq!(f.len(), 2 * INDEX.len());
        assert_ne!(fingerprint("a"), fingerprint("b"));
    }
}
