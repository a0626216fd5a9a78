//! The chart model: what every picture of a run shows, whoever draws it. The app's canvas,
//! the SVG and PNG exports and the command line's ASCII chart all read it, so they cannot
//! disagree on what a bar means:
//!
//! - **classification**: a thread segment's legend entry, state × cause ([`key_of`]); a
//!   blocked segment without a cause is [`LegendKey::BlockedOther`], never guessed;
//! - **legend**: every entry in its order ([`LEGEND`]) with its English words
//!   ([`LegendKey::word`]; the app words them in 简体中文 from the same keys);
//! - **labels**: the words inside a bar ([`bar_label`]) and of a tooltip ([`describe`]);
//! - **binning**: a lane cut into columns (characters or pixels), each showing the activity
//!   that took most of its time ([`bin`]);
//! - **how a run ends**: each thread's end mark ([`end_marks`]), waits that never end drawn
//!   as a "forever" tail past the end ([`forever_tails`], [`extent`]) and the tick a
//!   deadlock or stall was detected ([`detection`]);
//! - **markers**: lost notifies, crashes, kills and GIL drops ([`markers`]);
//! - **rows**: thread lanes grouped by process ([`thread_rows`]).
//!
//! Colours and patterns are [`crate::palette`]'s; the identity palette (a thread's colour on
//! core and lock lanes) is kept apart from every state colour there.

use threadlab_sim::trace::{Cause, CoreActivity, CoreSegment, EventKind, ObjectId, Reason, Segment, State, ThreadId};
use threadlab_sim::{Fate, Outcome, RunResult};

/// A legend entry: what has a colour and a pattern (or a glyph), and what the app's legend
/// can hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegendKey {
    Running,
    Runnable,
    New,
    Switch,
    Blocked(Cause),
    /// Blocked with no cause recorded (the engine never records one; drawn, not guessed).
    BlockedOther,
    /// A wait that never ends (deadlock, stall), drawn past the end of the run.
    Forever,
    /// How a thread's life ended: `Finished`, `Crashed`, `Killed` or `Stuck` (the other
    /// fates have no mark).
    End(Fate),
}

/// The fates that have an end mark, in legend order.
pub const MARKED_FATES: [Fate; 4] = [Fate::Finished, Fate::Crashed, Fate::Killed, Fate::Stuck];

/// Every legend entry, in the order legends show them.
pub const LEGEND: [LegendKey; 17] = [
    LegendKey::Running,
    LegendKey::Runnable,
    LegendKey::New,
    LegendKey::Switch,
    LegendKey::Blocked(Cause::Io),
    LegendKey::Blocked(Cause::Sleep),
    LegendKey::Blocked(Cause::Lock),
    LegendKey::Blocked(Cause::Wait),
    LegendKey::Blocked(Cause::Join),
    LegendKey::Blocked(Cause::Gil),
    LegendKey::Blocked(Cause::Acquire),
    LegendKey::BlockedOther,
    LegendKey::Forever,
    LegendKey::End(Fate::Finished),
    LegendKey::End(Fate::Crashed),
    LegendKey::End(Fate::Killed),
    LegendKey::End(Fate::Stuck),
];

/// Every legend entry, in legend order.
pub fn legend_keys() -> Vec<LegendKey> {
    LEGEND.to_vec()
}

impl LegendKey {
    /// The entry's place in [`LEGEND`].
    pub fn index(self) -> u32 {
        match self {
            LegendKey::Running => 0,
            LegendKey::Runnable => 1,
            LegendKey::New => 2,
            LegendKey::Switch => 3,
            // `Cause::ALL` is in discriminant order (tested in the core).
            LegendKey::Blocked(c) => 4 + c as u32,
            LegendKey::BlockedOther => 11,
            LegendKey::Forever => 12,
            LegendKey::End(f) => match f {
                Fate::Finished => 13,
                Fate::Crashed => 14,
                Fate::Killed => 15,
                // Stuck, and the fates that have no mark (never shown as one).
                _ => 16,
            },
        }
    }

    /// When two entries take equally long in one column, the lower rank is shown: running
    /// first, then the waits on other threads (lock, wait, join, semaphore, GIL), then I/O
    /// and sleep, then runnable and new. (The order the ASCII chart always had.)
    pub fn rank(self) -> u32 {
        match self {
            LegendKey::Running => 0,
            LegendKey::Blocked(Cause::Lock) => 1,
            LegendKey::Blocked(Cause::Wait) => 2,
            LegendKey::Blocked(Cause::Join) => 3,
            LegendKey::Blocked(Cause::Acquire) => 4,
            LegendKey::Blocked(Cause::Gil) => 5,
            LegendKey::Blocked(Cause::Io) => 6,
            LegendKey::Blocked(Cause::Sleep) => 7,
            LegendKey::BlockedOther => 8,
            LegendKey::Forever => 9,
            LegendKey::Switch => 10,
            LegendKey::Runnable => 11,
            LegendKey::New => 12,
            LegendKey::End(_) => 13,
        }
    }

    /// The entry's words in English (the app's legend, the SVG's and PNG's legends, the CLI).
    pub fn word(self) -> &'static str {
        match self {
            LegendKey::Running => "running",
            LegendKey::Runnable => "runnable (waiting for a core)",
            LegendKey::New => "not started yet",
            LegendKey::Switch => "context switch",
            LegendKey::Blocked(c) => match c {
                Cause::Io => "blocked: I/O",
                Cause::Sleep => "blocked: sleep",
                Cause::Lock => "blocked: lock",
                Cause::Wait => "blocked: wait (monitor)",
                Cause::Join => "blocked: join",
                Cause::Gil => "blocked: waiting for the GIL",
                Cause::Acquire => "blocked: semaphore",
            },
            LegendKey::BlockedOther => "blocked (no cause recorded)",
            LegendKey::Forever => "waits forever (deadlock or stall)",
            LegendKey::End(f) => match f {
                Fate::Finished => "finished",
                Fate::Crashed => "crashed",
                Fate::Killed => "killed (daemon cut off)",
                _ => "stuck forever",
            },
        }
    }

    /// Whether the entry is drawn as a glyph at a point (an end mark) rather than as a bar.
    pub fn is_mark(self) -> bool {
        matches!(self, LegendKey::End(_))
    }
}

/// A set of legend entries (the ones the app hides): one bit per entry of [`LEGEND`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LegendSet(u32);

impl LegendSet {
    pub fn contains(self, k: LegendKey) -> bool {
        self.0 & (1 << k.index()) != 0
    }
    pub fn insert(&mut self, k: LegendKey) {
        self.0 |= 1 << k.index();
    }
    /// Takes `k` out; whether it was in.
    pub fn remove(&mut self, k: LegendKey) -> bool {
        let was = self.contains(k);
        self.0 &= !(1 << k.index());
        was
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<LegendKey> for LegendSet {
    fn from_iter<I: IntoIterator<Item = LegendKey>>(keys: I) -> Self {
        let mut set = LegendSet::default();
        for k in keys {
            set.insert(k);
        }
        set
    }
}

/// The legend entry of a thread state and cause (None for Dead, which is not drawn).
pub fn key_of_state(state: State, cause: Option<Cause>) -> Option<LegendKey> {
    match state {
        State::Running => Some(LegendKey::Running),
        State::Runnable => Some(LegendKey::Runnable),
        State::New => Some(LegendKey::New),
        State::Blocked => Some(cause.map_or(LegendKey::BlockedOther, LegendKey::Blocked)),
        State::Dead => None,
    }
}

/// The legend entry of a thread segment (None for Dead, which is not drawn).
pub fn key_of(s: &Segment) -> Option<LegendKey> {
    key_of_state(s.state, s.cause)
}

/// What a core lane shows: a thread running (in its identity colour) or a context switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoreKey {
    Thread(ThreadId),
    Switch,
}

impl CoreKey {
    pub fn of(g: &CoreSegment) -> CoreKey {
        match g.activity {
            CoreActivity::Run(t) => CoreKey::Thread(t),
            CoreActivity::Switch(_) => CoreKey::Switch,
        }
    }
    /// A thread beats a switch when both take equally long in one column.
    pub fn rank(self) -> u32 {
        match self {
            CoreKey::Thread(_) => 0,
            CoreKey::Switch => 1,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Labels

/// The words inside a thread bar: the cause and its object ("lock m"), the task an event
/// loop runs, or nothing.
pub fn bar_label(r: &RunResult, s: &Segment) -> String {
    match (s.cause, s.object, s.task) {
        (Some(c), Some(o), _) => format!("{} {}", c.as_str(), r.object_name(o)),
        (Some(c), None, _) => c.as_str().to_string(),
        (None, _, Some(t)) => r.tasks.get(t as usize).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// A thread segment in words, for tooltips: "a: blocked (lock m), 3–7".
pub fn describe(r: &RunResult, s: &Segment) -> String {
    let what = match (s.state, s.cause, s.object, s.core) {
        (State::Blocked, Some(c), Some(o), _) => format!("blocked ({} {})", c.as_str(), r.object_name(o)),
        (State::Blocked, Some(c), None, _) => format!("blocked ({})", c.as_str()),
        (State::Blocked, None, _, _) => "blocked (no cause recorded)".to_string(),
        (State::Running, _, _, Some(c)) => match s.task.and_then(|t| r.tasks.get(t as usize)) {
            Some(task) => format!("running task {task} on core {c}"),
            None => format!("running on core {c}"),
        },
        (st, ..) => st.as_str().to_string(),
    };
    format!("{}: {what}, {}–{}", r.thread_name(s.thread), s.start, s.end)
}

/// A core segment in words, for tooltips: "core 0: a 3–7", "core 1: switch to b 7–8".
pub fn describe_core(r: &RunResult, g: &CoreSegment) -> String {
    match g.activity {
        CoreActivity::Run(t) => format!("core {}: {} {}–{}", g.core, r.thread_name(t), g.start, g.end),
        CoreActivity::Switch(t) => format!("core {}: switch to {} {}–{}", g.core, r.thread_name(t), g.start, g.end),
    }
}

// ---------------------------------------------------------------------------------------------
// Binning

/// Columns of equal length over time: column `c` covers `[t0 + c·per, t0 + (c+1)·per)`, cut
/// at `end` (the last column may be shorter). Characters of the ASCII chart, pixels of the
/// canvas and of the exports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Columns {
    pub t0: f64,
    /// Ticks per column (> 0).
    pub per: f64,
    pub count: usize,
    /// Time ends here (at most `t0 + count·per`).
    pub end: f64,
}

impl Columns {
    /// `count` columns over `[t0, t1]`.
    pub fn fit(t0: f64, t1: f64, count: usize) -> Columns {
        let count = count.max(1);
        let span = if t1 > t0 { t1 - t0 } else { 1.0 };
        Columns { t0, per: span / count as f64, count, end: t0 + span }
    }

    /// Whole ticks per column, as the ASCII chart counts: `ceil(extent / width)` ticks each
    /// (at least one), as many columns as the extent needs.
    pub fn whole(extent: u64, width: usize) -> Columns {
        let per = extent.div_ceil(width.max(1) as u64).max(1);
        let count = extent.div_ceil(per) as usize;
        Columns { t0: 0.0, per: per as f64, count, end: extent as f64 }
    }

    /// The start of column `c`.
    pub fn start(&self, c: usize) -> f64 {
        self.t0 + c as f64 * self.per
    }

    /// The length of column `c` (shorter at the end).
    pub fn len(&self, c: usize) -> f64 {
        let s = self.start(c);
        (s + self.per).min(self.end) - s
    }

    /// Whether there are no columns.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Where tick `t` falls, in columns (fractional; 0 at `t0`).
    pub fn at(&self, t: f64) -> f64 {
        (t - self.t0) / self.per
    }
}

/// One item of a lane to bin: `[start, end)`, what it shows (`None`: nothing, e.g. hidden or
/// dead) and its index in the lane (to label the bar it wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item<K> {
    pub start: u64,
    pub end: u64,
    pub key: Option<K>,
    pub index: usize,
}

/// A bar: columns `from..to` all showing `key`; `index` is the item that won the first of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bar<K> {
    pub from: usize,
    pub to: usize,
    pub key: K,
    pub index: usize,
}

/// The items of a time-sorted, non-overlapping lane that can show in `[t0, t1)` (binary
/// searched, so a zoomed-in view of a long lane costs only what it shows).
pub fn window<T>(lane: &[T], span: impl Fn(&T) -> (u64, u64), t0: f64, t1: f64) -> std::ops::Range<usize> {
    let a = lane.partition_point(|s| (span(s).1 as f64) <= t0);
    let b = a + lane[a..].partition_point(|s| (span(s).0 as f64) < t1);
    a..b
}

/// Cuts a lane into columns: each column shows the key that took most of its time; nothing
/// when the time with nothing to show (gaps, dead or hidden items) is strictly longer. Ties
/// between keys go to the lower `rank`, then to the one met first. Neighbouring columns with
/// the same key make one bar. Items must be in time order and not overlap; the cost is one
/// step per item plus one per bar.
pub fn bin<K: Copy + Eq + std::hash::Hash>(
    items: impl IntoIterator<Item = Item<K>>,
    cols: &Columns,
    rank: impl Fn(K) -> u32,
) -> Vec<Bar<K>> {
    let mut out = Binner { bars: Vec::new(), col: None, acc: Vec::new(), index: Vec::new() };
    let n = cols.count as f64;
    for it in items {
        let s = cols.at(it.start as f64).max(0.0);
        let e = cols.at(it.end as f64).min(n);
        if e <= s {
            if s >= n {
                break;
            }
            continue;
        }
        let (cs, last_whole) = (s.floor() as usize, e.floor() as usize);
        // The column being filled is over once an item starts past it.
        if out.col.is_some_and(|c| c < cs) {
            out.flush(cols, &rank);
        }
        if (cs as f64) < s || last_whole == cs {
            // The first column, partly (or the item ends within it).
            out.col = Some(cs);
            out.add(it, overlap(cols, cs, &it));
            if last_whole == cs || e <= (cs + 1) as f64 {
                continue;
            }
            out.flush(cols, &rank);
        }
        // Whole columns.
        let first_whole = s.ceil() as usize;
        if let Some(k) = it.key {
            out.push(first_whole, last_whole, k, it.index);
        }
        // The last column, partly.
        if (last_whole as f64) < e {
            out.col = Some(last_whole);
            out.add(it, overlap(cols, last_whole, &it));
        }
    }
    out.flush(cols, &rank);
    out.bars
}

/// The time of column `c` that item `it` covers, in ticks: computed from ticks, not from
/// fractional column positions, so that equal times compare equal (a tie is a tie).
fn overlap<K>(cols: &Columns, c: usize, it: &Item<K>) -> f64 {
    let end = (it.end as f64).min(cols.start(c + 1)).min(cols.end);
    (end - (it.start as f64).max(cols.start(c))).max(0.0)
}

/// The state of [`bin`]: the bars so far, and the column being filled by items that cover
/// part of it (with each key's time there and the first item of that key, in the order the
/// keys were first met: ties go to the first).
struct Binner<K> {
    bars: Vec<Bar<K>>,
    col: Option<usize>,
    acc: Vec<(K, f64, usize)>,
    /// Once a column holds more than [`SCAN`] keys: an open-addressing table of positions in
    /// `acc` (`u32::MAX` free), so that a core lane of 2,000 round-robin threads does not
    /// scan 2,000 keys per item.
    index: Vec<u32>,
}

/// Columns with at most this many keys are searched by a scan.
const SCAN: usize = 16;

/// A fixed hash (FNV-1a): the same on every platform, no random state in wasm.
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

fn slot_of<K: std::hash::Hash>(k: &K, mask: usize) -> usize {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    k.hash(&mut h);
    std::hash::Hasher::finish(&h) as usize & mask
}

impl<K: Copy + Eq + std::hash::Hash> Binner<K> {
    fn push(&mut self, from: usize, to: usize, key: K, index: usize) {
        if from >= to {
            return;
        }
        match self.bars.last_mut() {
            Some(b) if b.to == from && b.key == key => b.to = to,
            _ => self.bars.push(Bar { from, to, key, index }),
        }
    }

    fn add(&mut self, it: Item<K>, time: f64) {
        let Some(k) = it.key else { return };
        if self.acc.len() <= SCAN {
            match self.acc.iter_mut().find(|a| a.0 == k) {
                Some(a) => a.1 += time,
                None => {
                    self.acc.push((k, time, it.index));
                    if self.acc.len() > SCAN {
                        self.reindex();
                    }
                }
            }
            return;
        }
        let mask = self.index.len() - 1;
        let mut i = slot_of(&k, mask);
        loop {
            match self.index[i] {
                u32::MAX => break,
                at if self.acc[at as usize].0 == k => {
                    self.acc[at as usize].1 += time;
                    return;
                }
                _ => i = (i + 1) & mask,
            }
        }
        self.index[i] = self.acc.len() as u32;
        self.acc.push((k, time, it.index));
        if self.acc.len() * 2 > self.index.len() {
            self.reindex();
        }
    }

    /// Rebuilds `index` for `acc`, at most half full.
    fn reindex(&mut self) {
        let size = (self.acc.len() * 4).next_power_of_two();
        self.index.clear();
        self.index.resize(size, u32::MAX);
        for (at, a) in self.acc.iter().enumerate() {
            let mut i = slot_of(&a.0, size - 1);
            while self.index[i] != u32::MAX {
                i = (i + 1) & (size - 1);
            }
            self.index[i] = at as u32;
        }
    }

    /// Decides the column being filled: its dominant key, unless nothing to show took longer.
    fn flush(&mut self, cols: &Columns, rank: &impl Fn(K) -> u32) {
        let eps = cols.per * 1e-9;
        let Some(c) = self.col.take() else { return };
        let mut best: Option<(K, f64, usize)> = None;
        let mut shown = 0.0;
        for &(k, t, i) in &self.acc {
            shown += t;
            // Times within a billionth of a column are equal (fractional columns round).
            if best.is_none_or(|(bk, bt, _)| t > bt + eps || (t >= bt - eps && rank(k) < rank(bk))) {
                best = Some((k, t, i));
            }
        }
        self.acc.clear();
        self.index.clear();
        let nothing = cols.len(c) - shown;
        if let Some((k, _, i)) = best.filter(|b| b.1 >= nothing - eps) {
            self.push(c, c + 1, k, i);
        }
    }
}

/// The items of a thread lane for [`bin`]: its segments (hidden entries show nothing), and
/// before its first one the time it had not started (New), as the chart always shows it.
pub fn thread_items<'a>(
    r: &'a RunResult,
    thread: ThreadId,
    lane: &'a [Segment],
    hidden: LegendSet,
) -> impl Iterator<Item = Item<LegendKey>> + 'a {
    let before = match lane.first() {
        Some(s) if s.start > 0 => Some(s.start),
        Some(_) => None,
        // No segment at all: not started until it ended (or ever).
        None => Some(r.threads.get(thread as usize).and_then(|t| t.end).unwrap_or(r.makespan)),
    };
    let new = before.filter(|&b| b > 0 && !hidden.contains(LegendKey::New)).map(|b| Item {
        start: 0,
        end: b,
        key: Some(LegendKey::New),
        index: usize::MAX,
    });
    new.into_iter().chain(lane.iter().enumerate().map(move |(i, s)| Item {
        start: s.start,
        end: s.end,
        key: key_of(s).filter(|k| !hidden.contains(*k)),
        index: i,
    }))
}

/// The items of a core lane for [`bin`].
pub fn core_items(lane: &[CoreSegment], hidden: LegendSet) -> impl Iterator<Item = Item<CoreKey>> + '_ {
    lane.iter().enumerate().map(move |(i, g)| {
        let k = CoreKey::of(g);
        let legend = match k {
            CoreKey::Thread(_) => LegendKey::Running,
            CoreKey::Switch => LegendKey::Switch,
        };
        Item { start: g.start, end: g.end, key: (!hidden.contains(legend)).then_some(k), index: i }
    })
}

// ---------------------------------------------------------------------------------------------
// How a run ends

/// A wait that never ends: from `from` (when the thread was last seen) to the end of the
/// chart's [`extent`], with what it waits for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tail {
    pub thread: ThreadId,
    pub from: u64,
    pub cause: Option<Cause>,
    pub object: Option<ObjectId>,
    /// The thread it waits for, when there is one.
    pub on: Option<ThreadId>,
    /// Words inside the tail: "lock y forever".
    pub label: String,
    /// The core's sentence: "a waits for lock y, held by b".
    pub text: String,
}

/// The waits of a deadlock or a stall, which never end (empty for other outcomes).
pub fn forever_tails(r: &RunResult) -> Vec<Tail> {
    let waits = match &r.outcome {
        Outcome::Deadlock { waits, .. } | Outcome::Stalled { waits, .. } => waits,
        _ => return Vec::new(),
    };
    let mut last = vec![0u64; r.threads.len()];
    for s in &r.segments {
        if let Some(l) = last.get_mut(s.thread as usize) {
            *l = (*l).max(s.end);
        }
    }
    waits
        .iter()
        .filter(|w| w.cause.is_some())
        .map(|w| {
            let what = match (w.cause, w.object) {
                (Some(c), Some(o)) => format!("{} {}", c.as_str(), r.object_name(o)),
                (Some(c), None) => c.as_str().to_string(),
                _ => String::new(),
            };
            Tail {
                thread: w.thread,
                from: last.get(w.thread as usize).copied().unwrap_or(r.makespan).min(r.makespan),
                cause: w.cause,
                object: w.object,
                on: w.on,
                label: format!("{what} forever"),
                text: w.text.clone(),
            }
        })
        .collect()
}

/// The tick a deadlock or a stall was detected, and which (`"deadlock"`, `"stalled"`).
pub fn detection(r: &RunResult) -> Option<(u64, &'static str)> {
    match &r.outcome {
        Outcome::Deadlock { tick, .. } => Some((*tick, "deadlock")),
        Outcome::Stalled { tick, .. } => Some((*tick, "stalled")),
        _ => None,
    }
}

/// How far a chart's time axis goes: the makespan, and past it a fifth more (at least two
/// ticks) when some waits never end, so the "forever" tails show.
pub fn extent(r: &RunResult) -> u64 {
    match &r.outcome {
        Outcome::Deadlock { .. } | Outcome::Stalled { .. } => r.makespan + (r.makespan / 5).max(2),
        _ => r.makespan,
    }
}

/// Where and how a thread's life ended, drawn as a glyph at the end of its lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndMark {
    pub thread: ThreadId,
    /// The end tick; for a stuck thread, the end of its forever tail ([`extent`]).
    pub tick: u64,
    pub fate: Fate,
}

impl EndMark {
    pub fn key(self) -> LegendKey {
        LegendKey::End(self.fate)
    }
}

/// The end mark of every thread that has one (finished, crashed, killed, stuck), in thread
/// order.
pub fn end_marks(r: &RunResult) -> Vec<EndMark> {
    let ext = extent(r);
    r.threads
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let tick = match t.fate {
                Fate::Finished | Fate::Crashed | Fate::Killed => t.end?,
                Fate::Stuck => ext,
                Fate::NeverStarted | Fate::Unfinished => return None,
            };
            Some(EndMark { thread: i as ThreadId, tick, fate: t.fate })
        })
        .collect()
}

/// The glyph of an end mark (canvas, SVG, PNG) and its one-character form (ASCII).
pub fn end_glyph(f: Fate) -> (&'static str, char) {
    match f {
        Fate::Finished => ("✓", '|'),
        Fate::Crashed => ("✕", 'X'),
        Fate::Killed => ("†", 'K'),
        _ => ("∞", '!'),
    }
}

// ---------------------------------------------------------------------------------------------
// Markers

/// A point worth a marker on a thread lane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// A `notify` with nobody waiting.
    LostNotify,
    /// The thread crashed its process.
    Crash,
    /// The thread was killed (a daemon cut off, a crash of its process).
    Kill,
    /// The thread had to drop the GIL (its interval was over and another thread asked).
    GilDrop,
}

impl MarkerKind {
    pub const ALL: [MarkerKind; 4] = [MarkerKind::LostNotify, MarkerKind::Crash, MarkerKind::Kill, MarkerKind::GilDrop];

    pub fn word(self) -> &'static str {
        match self {
            MarkerKind::LostNotify => "notify lost (nobody was waiting)",
            MarkerKind::Crash => "crash",
            MarkerKind::Kill => "killed",
            MarkerKind::GilDrop => "GIL dropped on request",
        }
    }

    /// The glyph drawn (canvas, SVG) and its code in data attributes.
    pub fn glyph(self) -> &'static str {
        match self {
            MarkerKind::LostNotify => "◌",
            MarkerKind::Crash => "✕",
            MarkerKind::Kill => "†",
            MarkerKind::GilDrop => "▾",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            MarkerKind::LostNotify => "lost-notify",
            MarkerKind::Crash => "crash",
            MarkerKind::Kill => "kill",
            MarkerKind::GilDrop => "gil-drop",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    pub tick: u64,
    pub thread: ThreadId,
    pub kind: MarkerKind,
    /// The other thread involved (who was handed the GIL, who killed).
    pub other: Option<ThreadId>,
}

/// The markers of a run, in event order.
pub fn markers(r: &RunResult) -> Vec<Marker> {
    r.events
        .iter()
        .filter_map(|e| {
            let (kind, thread, other) = match (e.kind, e.reason) {
                (EventKind::Notify, Reason::NotifyLost) => (MarkerKind::LostNotify, e.thread, None),
                (EventKind::Crash, _) => (MarkerKind::Crash, e.thread, None),
                (EventKind::Kill, _) => (MarkerKind::Kill, e.thread, e.other),
                // The holder that dropped the GIL is the hand-off's `other`.
                (EventKind::GilHandoff, Reason::GilDropRequested) => {
                    (MarkerKind::GilDrop, e.other.unwrap_or(e.thread), Some(e.thread))
                }
                _ => return None,
            };
            Some(Marker { tick: e.tick, thread, kind, other })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Rows

/// A row of the threads chart: a process heading, or a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// The heading of a process's threads (only when the run has several processes).
    Process(String),
    Thread {
        id: ThreadId,
        daemon: bool,
    },
}

/// The rows of the threads chart: threads grouped by process (in the order processes are
/// written, threads in thread order within each), a heading per process when there are
/// several.
pub fn thread_rows(r: &RunResult) -> Vec<Row> {
    let several = r.processes.len() > 1;
    let mut rows = Vec::with_capacity(r.threads.len() + if several { r.processes.len() } else { 0 });
    if !several {
        rows.extend(r.threads.iter().enumerate().map(|(i, t)| Row::Thread { id: i as ThreadId, daemon: t.daemon }));
        return rows;
    }
    // (process's place, thread) as one `u64`, sorted by the `u64` sort the core's engine
    // already has (no second copy of the sort in the wasm).
    let mut order: Vec<u64> = r
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = r.processes.iter().position(|p| *p == t.process).unwrap_or(u32::MAX as usize) as u64;
            (p << 32) | i as u64
        })
        .collect();
    order.sort_unstable();
    let mut current = None;
    for (p, i) in order.into_iter().map(|k| (k >> 32, (k & 0xFFFF_FFFF) as usize)) {
        if current != Some(p) {
            current = Some(p);
            rows.push(Row::Process(r.threads[i].process.clone()));
        }
        rows.push(Row::Thread { id: i as ThreadId, daemon: r.threads[i].daemon });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(n: usize, per: f64) -> Columns {
        Columns { t0: 0.0, per, count: n, end: n as f64 * per }
    }

    fn it(start: u64, end: u64, key: Option<char>, index: usize) -> Item<char> {
        Item { start, end, key, index }
    }

    /// Columns with more keys than a scan handles (the hashed index): the key with most time
    /// wins, the first met on a tie, exactly as with a few keys.
    #[test]
    fn many_keys_in_a_column() {
        // 40 keys of 1 tick each, cycling twice through column 0 (80 ticks), then 'Z' alone.
        let keys: Vec<char> = (0..40u8).map(|i| char::from(b'0' + i)).collect();
        let mut items: Vec<Item<char>> =
            (0..80u64).map(|t| it(t, t + 1, Some(keys[t as usize % 40]), t as usize)).collect();
        items.push(it(80, 160, Some('Z'), 80));
        let bars = bin(items.clone(), &cols(2, 80.0), rank);
        assert_eq!((bars[0].key, bars[0].index), ('0', 0), "a tie goes to the first met");
        assert_eq!(bars[1].key, 'Z');
        // The last tick of column 0 given to the 30th key makes it the dominant one.
        items[79] = it(79, 80, Some(keys[29]), 79);
        let bars = bin(items, &cols(2, 80.0), rank);
        assert_eq!((bars[0].key, bars[0].index), (keys[29], 29));
    }

    fn rank(_: char) -> u32 {
        0
    }

    fn cells(bars: &[Bar<char>], n: usize) -> String {
        let mut s = vec!['.'; n];
        for b in bars {
            for c in &mut s[b.from..b.to] {
                *c = b.key;
            }
        }
        s.into_iter().collect()
    }

    #[test]
    fn one_tick_per_column_is_exact() {
        let items = [it(0, 2, Some('a'), 0), it(2, 3, Some('b'), 1), it(4, 6, Some('a'), 2)];
        let bars = bin(items, &cols(6, 1.0), rank);
        assert_eq!(cells(&bars, 6), "aab.aa");
        assert_eq!(bars.len(), 3);
        assert_eq!(bars[2].index, 2);
    }

    #[test]
    fn the_dominant_key_wins_a_column() {
        // Column 0 covers 0..4: a 1, b 3 → b; column 1 covers 4..8: a 3, gap 1 → a.
        let items = [it(0, 1, Some('a'), 0), it(1, 4, Some('b'), 1), it(4, 7, Some('a'), 2)];
        assert_eq!(cells(&bin(items, &cols(2, 4.0), rank), 2), "ba");
        // Mostly nothing: column shows nothing.
        let items = [it(0, 1, Some('a'), 0)];
        assert_eq!(cells(&bin(items, &cols(1, 4.0), rank), 1), ".");
        // Equal time: the key wins over nothing.
        let items = [it(0, 2, Some('a'), 0)];
        assert_eq!(cells(&bin(items, &cols(1, 4.0), rank), 1), "a");
        // Hidden time counts as nothing.
        let items = [it(0, 3, None, 0), it(3, 4, Some('b'), 1)];
        assert_eq!(cells(&bin(items, &cols(1, 4.0), rank), 1), ".");
    }

    #[test]
    fn ties_go_to_the_lower_rank_then_the_first() {
        let r = |k: char| if k == 'z' { 0 } else { 1 };
        let items = [it(0, 2, Some('a'), 0), it(2, 4, Some('z'), 1)];
        assert_eq!(cells(&bin(items, &cols(1, 4.0), r), 1), "z");
        let items = [it(0, 2, Some('a'), 0), it(2, 4, Some('b'), 1)];
        assert_eq!(cells(&bin(items, &cols(1, 4.0), rank), 1), "a");
    }

    #[test]
    fn ties_are_ties_when_a_column_holds_several_ticks() {
        // 3 ticks per column: column 1 (3..6) holds a 1, b 1 and nothing 1. Computed from
        // fractional column positions the two times differed in the last bit and b won.
        let r = |k: char| if k == 'a' { 0 } else { 1 };
        let items = [it(3, 4, Some('a'), 0), it(4, 5, Some('b'), 1), it(6, 8, Some('b'), 2)];
        assert_eq!(cells(&bin(items, &Columns::whole(60, 20), r), 3), ".ab");
        let items = [it(6, 7, Some('b'), 0), it(7, 8, Some('a'), 1), it(8, 9, Some('b'), 2)];
        assert_eq!(cells(&bin(items, &Columns::whole(60, 20), r), 3), "..b");
        let items = [it(6, 7, Some('c'), 0), it(7, 8, Some('a'), 1), it(8, 9, Some('b'), 2)];
        assert_eq!(cells(&bin(items, &Columns::whole(60, 20), r), 3), "..a");
    }

    #[test]
    fn long_items_make_one_bar_and_fractional_columns_work() {
        let items = [it(0, 100, Some('a'), 0)];
        let bars = bin(items, &Columns::fit(0.0, 100.0, 7), rank);
        assert_eq!(bars, vec![Bar { from: 0, to: 7, key: 'a', index: 0 }]);
        // A window in the middle: only the part inside counts.
        let items = [it(0, 10, Some('a'), 0), it(10, 20, Some('b'), 1)];
        let c = Columns::fit(5.0, 15.0, 10);
        assert_eq!(cells(&bin(items, &c, rank), 10), "aaaaabbbbb");
    }

    #[test]
    fn a_million_tiny_items_bin_to_the_columns() {
        let items = (0..1_000_000u64).map(|i| it(i, i + 1, Some(if i % 4 == 0 { 'b' } else { 'a' }), i as usize));
        let bars = bin(items, &Columns::fit(0.0, 1_000_000.0, 100), rank);
        assert_eq!(bars.len(), 1);
        assert_eq!((bars[0].from, bars[0].to, bars[0].key), (0, 100, 'a'));
    }

    #[test]
    fn whole_columns_count_like_the_ascii_chart() {
        let c = Columns::whole(10, 4);
        assert_eq!((c.per, c.count), (3.0, 4));
        assert_eq!(c.len(3), 1.0);
        let c = Columns::whole(3, 80);
        assert_eq!((c.per, c.count), (1.0, 3));
    }

    #[test]
    fn window_finds_the_items_in_view() {
        let lane = [(0u64, 2u64), (2, 5), (5, 9), (9, 10)];
        assert_eq!(window(&lane, |s| *s, 3.0, 6.0), 1..3);
        assert_eq!(window(&lane, |s| *s, 0.0, 100.0), 0..4);
        assert_eq!(window(&lane, |s| *s, 20.0, 30.0), 4..4);
    }

    #[test]
    fn every_legend_entry_has_its_own_index_rank_and_words() {
        for (i, k) in LEGEND.iter().enumerate() {
            assert_eq!(k.index() as usize, i, "{k:?}");
            assert!(!k.word().is_empty());
            for o in &LEGEND[i + 1..] {
                assert_ne!(k.word(), o.word());
                if !k.is_mark() || !o.is_mark() {
                    assert_ne!(k.rank(), o.rank(), "{k:?} {o:?}");
                }
            }
        }
        assert!(LEGEND.len() <= 32, "one bit per entry");
        let mut set = LegendSet::default();
        for &k in &LEGEND {
            set.insert(k);
            assert!(set.contains(k));
        }
        assert!(set.remove(LegendKey::Forever) && !set.contains(LegendKey::Forever));
    }

    #[test]
    fn a_blocked_segment_without_a_cause_is_not_guessed() {
        assert_eq!(key_of_state(State::Blocked, None), Some(LegendKey::BlockedOther));
        assert_eq!(key_of_state(State::Blocked, Some(Cause::Io)), Some(LegendKey::Blocked(Cause::Io)));
        assert_eq!(key_of_state(State::Dead, None), None);
    }

    fn run(text: &str) -> RunResult {
        threadlab_sim::run(text).expect("scenario runs")
    }

    #[test]
    fn a_deadlock_draws_its_waits_forever_past_the_end() {
        let r = run("cores 2\nthread a { lock x; cpu 5; lock y }\nthread b { lock y; cpu 5; lock x }\n");
        let tails = forever_tails(&r);
        assert_eq!(tails.len(), 2);
        assert_eq!(tails[0].label, "lock y forever");
        assert_eq!(tails[0].from, 5);
        assert_eq!(detection(&r), Some((5, "deadlock")));
        assert!(extent(&r) > r.makespan);
        let marks = end_marks(&r);
        assert!(marks.iter().all(|m| m.fate == Fate::Stuck && m.tick == extent(&r)));
    }

    #[test]
    fn fates_and_markers_are_read_off_the_run() {
        let r =
            run("cores 1\nprocess p {\n  thread w { cpu 2; crash }\n  thread v { sleep 9 }\n}\nthread m { cpu 1 }\n\
             thread d daemon { sleep 100 }\nthread n { lock q; notify q; unlock q }\n");
        let fate = |name: &str| end_marks(&r).into_iter().find(|m| r.thread_name(m.thread) == name).map(|m| m.fate);
        assert_eq!(fate("w"), Some(Fate::Crashed));
        assert_eq!(fate("v"), Some(Fate::Crashed));
        assert_eq!(fate("d"), Some(Fate::Killed));
        assert_eq!(fate("m"), Some(Fate::Finished));
        let kinds: Vec<MarkerKind> = markers(&r).iter().map(|m| m.kind).collect();
        assert!(kinds.contains(&MarkerKind::Crash) && kinds.contains(&MarkerKind::Kill));
        assert!(kinds.contains(&MarkerKind::LostNotify), "{kinds:?}");
        assert_eq!(extent(&r), r.makespan);
    }

    #[test]
    fn rows_group_threads_by_process_with_a_heading_each() {
        let r = run("thread a { cpu 1 }\nprocess p {\n  thread b daemon { cpu 1 }\n}\nthread c { cpu 1 }\n");
        let rows = thread_rows(&r);
        let words: Vec<String> = rows
            .iter()
            .map(|row| match row {
                Row::Process(p) => format!("[{p}]"),
                Row::Thread { id, daemon } => format!("{}{}", r.thread_name(*id), if *daemon { "*" } else { "" }),
            })
            .collect();
        assert_eq!(words.first().map(String::as_str), Some("[main]"));
        assert!(words.windows(2).any(|w| w[0] == "[p]" && w[1].starts_with('b')), "{words:?}");
        assert_eq!(words.iter().filter(|w| w.starts_with('[')).count(), 2);
        // One process: no headings.
        let r = run("thread a { cpu 1 }\n");
        assert_eq!(thread_rows(&r), vec![Row::Thread { id: 0, daemon: false }]);
    }
}
