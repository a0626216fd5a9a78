//! The storage of the trace: [`Segment`]s, [`Event`]s and [`CoreSegment`]s in 8 bytes each
//! (the plain values take 48, 56 and 32). A large run records millions of them, and writing
//! those pages (page faults, clearing, unmapping) was most of the cost of a run.
//!
//! [`TraceVec`] is read like a slice of values: `iter()`, `get(i)`, `len()`,
//! `partition_point`, `range`; its items are plain `Segment`/`Event`/`CoreSegment` values
//! unpacked on the fly.
//!
//! How a record fits in 64 bits:
//! - Its ticks are not stored whole. Each record has an *anchor* tick (an event's tick, the
//!   end of a segment when it is recorded); the records are cut into *epochs*, runs of
//!   records whose anchors lie within 2^`EPOCH_BITS` ticks (8 for events, 16 for segments)
//!   of the epoch's first anchor (its base). A record stores its anchor as an offset from
//!   that base, and a segment its start and end as distances from its anchor. The engine
//!   records in time order, so a new epoch begins at most every 8 or 16 ticks: the list of
//!   epochs is short beside the records.
//! - Ids are stored in the widths the limits of SCENARIO.md allow (10,000 threads and tasks,
//!   256 cores); an event's kind and reason are one code (`PAIRS`).
//! - A record that does not fit (a segment longer than 4,095 ticks, an object numbered
//!   beyond 16,382, anything built by hand beyond the limits) is kept whole in a side list
//!   (`wide`); its slot holds an escape with its index there. Every value can be stored, and
//!   reads back unchanged.

use crate::limits;
use crate::trace::{Cause, CoreActivity, CoreSegment, Event, EventKind, Reason, Segment, State};
use std::fmt;
use std::ops::Range;

/// A trace record with an 8-byte short form.
pub trait Pack: Copy {
    /// The tick the record is filed under: nondecreasing as the engine records.
    fn anchor(&self) -> u64;
    /// The short form, given the anchor's offset from its epoch's base (below
    /// 2^`EPOCH_BITS`); `None` when a field does not fit.
    fn short(&self, offset: u64) -> Option<u64>;
    /// The record of a short form whose epoch's base is `base`.
    fn from_short(w: u64, base: u64) -> Self;
    /// Bits of the tag at the bottom of every word; the all-ones tag is the escape, whose
    /// other bits are the record's index in the wide list.
    const TAG_BITS: u32;
    /// Log2 of the ticks an epoch spans: the bits of an anchor's offset.
    const EPOCH_BITS: u32;
}

/// Records per chunk (512 KiB).
const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;

/// Where an epoch begins: the index of its first record and its base tick. (A record past
/// `u32::MAX`, or anchored there, only possible in a list built by hand, is kept whole.)
#[derive(Debug, Clone, Copy, PartialEq)]
struct Epoch {
    first: u32,
    base: u32,
}

/// A growable list of trace records, stored in 8-byte words and read as values.
///
/// Stored in chunks of `CHUNK` words: a full chunk never moves, so a growing trace is
/// never copied and each of its pages is written once (a `Vec` doubling its buffer wrote
/// about twice the final size). The first chunk grows as a `Vec` does, so that a small
/// trace takes little memory.
#[derive(Clone)]
pub struct TraceVec<T: Pack> {
    /// Full chunks of exactly `CHUNK` words.
    full: Vec<Vec<u64>>,
    /// The words after them (fewer than `CHUNK`).
    tail: Vec<u64>,
    /// The epochs, in record order.
    epochs: Vec<Epoch>,
    /// The base of the last epoch, and the ticks it spans (0 before the first).
    base: u64,
    span: u64,
    /// The records without a short form, in record order.
    wide: Vec<T>,
}

impl<T: Pack> TraceVec<T> {
    pub fn new() -> Self {
        TraceVec { full: Vec::new(), tail: Vec::new(), epochs: Vec::new(), base: 0, span: 0, wide: Vec::new() }
    }
    pub fn len(&self) -> usize {
        (self.full.len() << CHUNK_BITS) + self.tail.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline(always)]
    pub fn push(&mut self, value: T) {
        match self.offset_for(value.anchor()).and_then(|offset| value.short(offset)) {
            Some(w) => self.push_word(w),
            None => self.push_wide(value),
        }
    }
    /// The offset of `anchor` in the current epoch, a new epoch beginning when it is not in
    /// it; `None` when an epoch cannot hold it.
    #[inline(always)]
    fn offset_for(&mut self, anchor: u64) -> Option<u64> {
        let offset = anchor.wrapping_sub(self.base);
        if offset < self.span {
            Some(offset)
        } else {
            self.new_epoch(anchor)
        }
    }
    #[cold]
    #[inline(never)]
    fn new_epoch(&mut self, base: u64) -> Option<u64> {
        let (first, base) = (u32::try_from(self.len()).ok()?, u32::try_from(base).ok()?);
        self.epochs.push(Epoch { first, base });
        (self.base, self.span) = (base.into(), 1 << T::EPOCH_BITS);
        Some(0)
    }
    /// Keeps `value` whole; its slot holds the escape.
    #[cold]
    #[inline(never)]
    fn push_wide(&mut self, value: T) {
        let w = self.escape(value);
        self.push_word(w);
    }
    fn escape(&mut self, value: T) -> u64 {
        self.wide.push(value);
        ((self.wide.len() - 1) as u64) << T::TAG_BITS | tag_mask::<T>()
    }
    #[inline]
    fn push_word(&mut self, w: u64) {
        // The tail is sealed when full, so it always has room after its first chunk; the
        // rare rest (growing the first chunk, sealing) is out of line, keeping this short.
        if self.tail.len() < self.tail.capacity() {
            self.tail.push(w);
        } else {
            self.grow_tail();
            self.tail.push(w);
        }
        if self.tail.len() == CHUNK {
            self.seal_tail();
        }
    }
    /// Makes room in the tail of the first chunk (as `Vec` grows).
    #[cold]
    #[inline(never)]
    fn grow_tail(&mut self) {
        self.tail.reserve(1);
    }
    /// The tail is full: it becomes a full chunk, and a new tail takes its place.
    #[cold]
    #[inline(never)]
    fn seal_tail(&mut self) {
        self.full.push(std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK)));
    }
    #[inline]
    fn word(&self, i: usize) -> u64 {
        match self.full.get(i >> CHUNK_BITS) {
            Some(chunk) => chunk[i & (CHUNK - 1)],
            None => self.tail[i - (self.full.len() << CHUNK_BITS)],
        }
    }
    #[inline]
    fn word_mut(&mut self, i: usize) -> &mut u64 {
        let n = self.full.len() << CHUNK_BITS;
        match self.full.get_mut(i >> CHUNK_BITS) {
            Some(chunk) => &mut chunk[i & (CHUNK - 1)],
            None => &mut self.tail[i - n],
        }
    }
    /// The epoch of short record `i` (`None` before the first epoch, where only wide ones are).
    fn epoch_of(&self, i: usize) -> Option<usize> {
        self.epochs.partition_point(|e| e.first as usize <= i).checked_sub(1)
    }
    /// The base of the epoch of short record `i`.
    fn base_of(&self, i: usize) -> u64 {
        self.epoch_of(i).map_or(0, |e| self.epochs[e].base.into())
    }
    /// The index in `wide` of the record of word `w`, if it is an escape.
    #[inline]
    fn wide_index(w: u64) -> Option<usize> {
        (w & tag_mask::<T>() == tag_mask::<T>()).then(|| (w >> T::TAG_BITS) as usize)
    }
    /// The record of word `w` in the epoch whose base is `base`.
    #[inline]
    fn value(&self, w: u64, base: u64) -> T {
        match Self::wide_index(w) {
            Some(k) => self.wide[k],
            None => T::from_short(w, base),
        }
    }
    pub fn get(&self, i: usize) -> Option<T> {
        (i < self.len()).then(|| self.value(self.word(i), self.base_of(i)))
    }
    pub fn first(&self) -> Option<T> {
        self.get(0)
    }
    pub fn last(&self) -> Option<T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The values in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter::new(self, 0, self.len())
    }
    /// The values at the indices `r` (panics, as slicing does, when `r` is out of bounds).
    pub fn range(&self, r: Range<usize>) -> Iter<'_, T> {
        let len = self.len();
        assert!(r.start <= r.end && r.end <= len, "range {r:?} out of bounds of {len} records");
        Iter::new(self, r.start, r.end)
    }
    /// As [`slice::partition_point`]: the index of the first value for which `pred` is false,
    /// the values being partitioned by it.
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.get(mid).is_some_and(|v| pred(&v)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
    /// Replaces record `i` by `value`, kept whole.
    fn make_wide(&mut self, i: usize, value: T) {
        let w = self.escape(value);
        *self.word_mut(i) = w;
    }
    /// Records that have no short form (for tests and measurements).
    pub fn wide_count(&self) -> usize {
        self.wide.len()
    }
}

fn tag_mask<T: Pack>() -> u64 {
    (1 << T::TAG_BITS) - 1
}

impl<T: Pack> Default for TraceVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

/// Equal when they hold the same values, however stored.
impl<T: Pack + PartialEq> PartialEq for TraceVec<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl<T: Pack + fmt::Debug> fmt::Debug for TraceVec<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T: Pack> FromIterator<T> for TraceVec<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut v = TraceVec::new();
        for x in iter {
            v.push(x);
        }
        v
    }
}

impl<T: Pack> From<Vec<T>> for TraceVec<T> {
    fn from(v: Vec<T>) -> Self {
        v.into_iter().collect()
    }
}

impl<'a, T: Pack> IntoIterator for &'a TraceVec<T> {
    type Item = T;
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Iter<'a, T> {
        self.iter()
    }
}

/// The values of a [`TraceVec`], unpacked one by one.
pub struct Iter<'a, T: Pack> {
    vec: &'a TraceVec<T>,
    front: usize,
    back: usize,
    /// The base of the epoch of `front`, and the first record after that epoch.
    base: u64,
    epoch_end: usize,
    /// The epoch of `front` (`usize::MAX`: before the first).
    epoch: usize,
}

impl<'a, T: Pack> Iter<'a, T> {
    fn new(vec: &'a TraceVec<T>, front: usize, back: usize) -> Self {
        let mut it = Iter { vec, front, back, base: 0, epoch_end: 0, epoch: 0 };
        it.enter(vec.epoch_of(front).unwrap_or(usize::MAX));
        it
    }
    /// Makes `epoch` the current one.
    fn enter(&mut self, epoch: usize) {
        let es = &self.vec.epochs;
        self.epoch = epoch;
        self.base = es.get(epoch).map_or(0, |e| e.base.into());
        self.epoch_end = es.get(epoch.wrapping_add(1)).map_or(usize::MAX, |e| e.first as usize);
    }
}

impl<T: Pack> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter { ..*self }
    }
}

impl<T: Pack> Iterator for Iter<'_, T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.front >= self.back {
            return None;
        }
        while self.front >= self.epoch_end {
            self.enter(self.epoch.wrapping_add(1));
        }
        self.front += 1;
        Some(self.vec.value(self.vec.word(self.front - 1), self.base))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<T> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.enter(self.vec.epoch_of(self.front).unwrap_or(usize::MAX));
        self.next()
    }
}

impl<T: Pack> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.vec.get(self.back).expect("an index below the length")
        })
    }
}

impl<T: Pack> ExactSizeIterator for Iter<'_, T> {}

/// A record whose end may move after it is recorded (a segment merged with the next piece).
/// Its short word keeps the anchor's offset at bit `OFFSET` and the end's distance from the
/// anchor in the top bits, from bit `EXTRA`.
pub trait Span: Pack {
    const OFFSET: u32;
    const EXTRA: u32;
    fn set_end(&mut self, end: u64);
}

impl<T: Span> TraceVec<T> {
    /// Moves the end of record `i`; kept whole from then on when its word cannot say it.
    pub(crate) fn set_end(&mut self, i: usize, end: u64) {
        let w = self.word(i);
        if let Some(k) = Self::wide_index(w) {
            self.wide[k].set_end(end);
            return;
        }
        let base = self.base_of(i);
        let anchor = base + field(w, T::OFFSET, T::EPOCH_BITS);
        match end.checked_sub(anchor) {
            Some(extra) if extra >> (64 - T::EXTRA) == 0 => {
                *self.word_mut(i) = field(w, 0, T::EXTRA) | extra << T::EXTRA
            }
            _ => {
                let mut value = T::from_short(w, base);
                value.set_end(end);
                self.make_wide(i, value);
            }
        }
    }
}

// ----- bit fields ----------------------------------------------------------------------

/// Bits of a thread id (10,000 threads), of an optional thread, task or core stored as
/// id + 1 (0: none), of an optional cause, kind and reason.
const THREAD: u32 = 14;
const OPT_THREAD: u32 = 14;
const OPT_CORE: u32 = 9;
const CAUSE: u32 = 3;

/// An optional id as a field value: 0 for none, else id + 1 (branch-free).
#[inline]
fn opt(v: Option<u32>) -> u64 {
    v.map_or(0, |x| u64::from(x) + 1)
}

#[inline]
fn field(w: u64, shift: u32, bits: u32) -> u64 {
    (w >> shift) & ((1 << bits) - 1)
}

fn opt_field(w: u64, shift: u32, bits: u32) -> Option<u32> {
    (field(w, shift, bits) as u32).checked_sub(1)
}

/// True when every value fits: `wide` is the OR of each value shifted right by its width.
#[inline]
fn fits(wide: u64) -> bool {
    wide == 0
}

const STATES: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

fn cause_of(v: Option<u32>) -> Option<Cause> {
    v.map(|c| Cause::ALL[c as usize])
}

/// The layouts below, checked when compiling: every id the limits allow has a short form,
/// and each word's fields follow one another up to bit 64.
const _: () = {
    assert!(limits::MAX_THREADS <= 1 << THREAD && limits::MAX_TASKS < 1 << OPT_THREAD);
    assert!(limits::MAX_CORES < 1 << OPT_CORE && limits::MAX_CORES <= 1 << 8);
    assert!(Cause::ALL.len() < 1 << CAUSE);
    assert!(SEG_THREAD + THREAD == SEG_OFFSET && SEG_OFFSET + SEG_EPOCH_BITS == SEG_PAYLOAD);
    assert!(SEG_PAYLOAD + SEG_PAYLOAD_BITS == SEG_BACK && SEG_BACK + SEG_BACK_BITS == SEG_EXTRA);
    assert!(SEG_EXTRA + SEG_EXTRA_BITS == 64);
    assert!(CORE_THREAD + THREAD == CORE_OFFSET && CORE_OFFSET + CORE_EPOCH_BITS == CORE_BACK);
    assert!(CORE_BACK + CORE_BACK_BITS == CORE_EXTRA && CORE_EXTRA + CORE_EXTRA_BITS == 64);
    assert!(EV_THREAD + THREAD == EV_CAUSE && EV_CAUSE + CAUSE == EV_OFFSET);
    assert!(EV_OFFSET + EV_EPOCH_BITS == EV_CORE && EV_CORE + OPT_CORE == EV_OTHER);
    assert!(EV_OTHER + OPT_THREAD == EV_NAMED && EV_NAMED + NAMED_BITS == 64);
    // The all-ones code is the escape.
    assert!(PAIRS.len() < (1 << EV_CODE) - 1);
};

// ----- segments ------------------------------------------------------------------------

/// A segment without its thread and times, in 34 bits: state (bits 0–2), cause + 1 (3–5),
/// then for Running core + 1 (6–14) and task + 1 (15–28), for Blocked object + 1 (6–33).
/// Only a Running segment names a core or a task, only a Blocked one an object. The
/// recorder keeps the open segment of each thread in this form (`recorder::SegKey`).
/// `None` for a segment the engine cannot produce.
#[inline]
pub(crate) fn segment_key(
    state: State,
    cause: Option<Cause>,
    core: Option<u32>,
    task: Option<u32>,
    object: Option<u32>,
) -> Option<u64> {
    let (core, task, object) = (opt(core), opt(task), opt(object));
    let running = state == State::Running;
    // Fields a segment in this state does not have must be none.
    let misplaced = match state {
        State::Running => object,
        State::Blocked => core | task,
        _ => core | task | object,
    };
    let payload = if running { core | task << OPT_CORE } else { object };
    fits(core >> OPT_CORE | task >> OPT_THREAD | object >> 28 | misplaced)
        .then(|| state as u64 | opt(cause.map(|c| c as u32)) << 3 | payload << 6)
}

/// The state and cause bits of a [`segment_key`]: `state | (cause + 1) << 3`.
pub(crate) const SEGMENT_STATE_AND_CAUSE: u64 = 0x3f;

/// The state, cause, core, task and object of a [`segment_key`].
pub(crate) fn segment_key_fields(key: u64) -> (State, Option<Cause>, Option<u32>, Option<u32>, Option<u32>) {
    let state = STATES[field(key, 0, 3) as usize];
    let cause = cause_of(opt_field(key, 3, CAUSE));
    match state {
        State::Running => (state, cause, opt_field(key, 6, OPT_CORE), opt_field(key, 6 + OPT_CORE, OPT_THREAD), None),
        State::Blocked => (state, cause, None, None, opt_field(key, 6, 28)),
        _ => (state, cause, None, None, None),
    }
}

/// A short segment: the key's state and cause (bits 0–5; 63 is the escape), thread
/// (6–19), anchor offset (20–23), the key's payload (24–46), start as ticks before the
/// anchor (47–58), end as ticks after it (59–63). The anchor is the end when recorded.
const SEG_THREAD: u32 = 6;
const SEG_OFFSET: u32 = 20;
const SEG_EPOCH_BITS: u32 = 4;
const SEG_PAYLOAD: u32 = 24;
const SEG_PAYLOAD_BITS: u32 = 23;
const SEG_BACK: u32 = 47;
const SEG_BACK_BITS: u32 = 12;
const SEG_EXTRA: u32 = 59;
const SEG_EXTRA_BITS: u32 = 5;

/// The short form of the segment of `thread` in the state of `key`, anchored at its end.
#[inline]
fn short_segment(thread: u32, key: u64, start: u64, end: u64, offset: u64) -> Option<u64> {
    let back = end.wrapping_sub(start);
    let thread = u64::from(thread);
    fits(thread >> THREAD | (key >> 6) >> SEG_PAYLOAD_BITS | back >> SEG_BACK_BITS).then_some(
        key & SEGMENT_STATE_AND_CAUSE
            | thread << SEG_THREAD
            | offset << SEG_OFFSET
            | (key >> 6) << SEG_PAYLOAD
            | back << SEG_BACK,
    )
}

impl Pack for Segment {
    const TAG_BITS: u32 = 6;
    const EPOCH_BITS: u32 = SEG_EPOCH_BITS;
    fn anchor(&self) -> u64 {
        self.end
    }
    #[inline]
    fn short(&self, offset: u64) -> Option<u64> {
        let key = segment_key(self.state, self.cause, self.core, self.task, self.object)?;
        short_segment(self.thread, key, self.start, self.end, offset)
    }
    fn from_short(w: u64, base: u64) -> Self {
        let key = w & SEGMENT_STATE_AND_CAUSE | field(w, SEG_PAYLOAD, SEG_PAYLOAD_BITS) << 6;
        let (state, cause, core, task, object) = segment_key_fields(key);
        let anchor = base + field(w, SEG_OFFSET, SEG_EPOCH_BITS);
        Segment {
            thread: field(w, SEG_THREAD, THREAD) as u32,
            state,
            cause,
            object,
            core,
            task,
            start: anchor - field(w, SEG_BACK, SEG_BACK_BITS),
            end: anchor + field(w, SEG_EXTRA, SEG_EXTRA_BITS),
        }
    }
}

impl TraceVec<Segment> {
    /// Adds the segment of `thread` in the state of `key` (a [`segment_key`]).
    #[inline]
    pub(crate) fn push_key(&mut self, thread: u32, key: u64, start: u64, end: u64) {
        match self.offset_for(end).and_then(|offset| short_segment(thread, key, start, end, offset)) {
            Some(w) => self.push_word(w),
            None => self.push_wide(keyed_segment(thread, key, start, end)),
        }
    }
}

#[cold]
fn keyed_segment(thread: u32, key: u64, start: u64, end: u64) -> Segment {
    let (state, cause, core, task, object) = segment_key_fields(key);
    Segment { thread, state, cause, object, core, task, start, end }
}

impl Span for Segment {
    const OFFSET: u32 = SEG_OFFSET;
    const EXTRA: u32 = SEG_EXTRA;
    fn set_end(&mut self, end: u64) {
        self.end = end;
    }
}

// ----- core segments -------------------------------------------------------------------

/// A short core segment: run 0 / switch 1 (bits 0–1; 3 is the escape), core (2–9),
/// thread (10–23), anchor offset (24–27), start as ticks before the anchor (28–47), end as
/// ticks after it (48–63). The anchor is the end when recorded.
const CORE_CORE: u32 = 2;
const CORE_THREAD: u32 = 10;
const CORE_OFFSET: u32 = 24;
const CORE_EPOCH_BITS: u32 = 4;
const CORE_BACK: u32 = 28;
const CORE_BACK_BITS: u32 = 20;
const CORE_EXTRA: u32 = 48;
const CORE_EXTRA_BITS: u32 = 16;

impl Pack for CoreSegment {
    const TAG_BITS: u32 = 2;
    const EPOCH_BITS: u32 = CORE_EPOCH_BITS;
    fn anchor(&self) -> u64 {
        self.end
    }
    #[inline]
    fn short(&self, offset: u64) -> Option<u64> {
        let (switch, t) = match self.activity {
            CoreActivity::Run(t) => (0, u64::from(t)),
            CoreActivity::Switch(t) => (1, u64::from(t)),
        };
        let (core, back) = (u64::from(self.core), self.end.wrapping_sub(self.start));
        fits(core >> 8 | t >> THREAD | back >> CORE_BACK_BITS)
            .then_some(switch | core << CORE_CORE | t << CORE_THREAD | offset << CORE_OFFSET | back << CORE_BACK)
    }
    fn from_short(w: u64, base: u64) -> Self {
        let t = field(w, CORE_THREAD, THREAD) as u32;
        let anchor = base + field(w, CORE_OFFSET, CORE_EPOCH_BITS);
        CoreSegment {
            core: field(w, CORE_CORE, 8) as u32,
            activity: if w & 1 == 0 { CoreActivity::Run(t) } else { CoreActivity::Switch(t) },
            start: anchor - field(w, CORE_BACK, CORE_BACK_BITS),
            end: anchor + field(w, CORE_EXTRA, CORE_EXTRA_BITS),
        }
    }
}

impl Span for CoreSegment {
    const OFFSET: u32 = CORE_OFFSET;
    const EXTRA: u32 = CORE_EXTRA;
    fn set_end(&mut self, end: u64) {
        self.end = end;
    }
}

// ----- events --------------------------------------------------------------------------

/// Every (kind, reason) pair the engine records; an event's code is its index here. An
/// event with another pair is kept whole.
const PAIRS: [(EventKind, Reason); 56] = {
    use EventKind as K;
    use Reason as R;
    [
        (K::Start, R::StartTime),
        (K::Start, R::Spawned),
        (K::Start, R::ProcessSpawned),
        (K::Spawn, R::Spawned),
        (K::Spawn, R::ProcessSpawned),
        (K::Dispatch, R::HeadOfQueue),
        (K::Dispatch, R::HighestPriority),
        (K::Dispatch, R::ShortestJob),
        (K::Dispatch, R::ShortestRemaining),
        (K::Preempt, R::QuantumUsedUp),
        (K::Preempt, R::HigherPriority),
        (K::Preempt, R::ShorterRemaining),
        (K::Preempt, R::LostGil),
        (K::Block, R::BlockedOn),
        (K::Wake, R::Unlocked),
        (K::Wake, R::Notified),
        (K::Wake, R::NotifiedAll),
        (K::Wake, R::TargetEnded),
        (K::Wake, R::ProcessEnded),
        (K::Wake, R::IoDone),
        (K::Wake, R::SleepDone),
        (K::Wake, R::TimedOut),
        (K::Wake, R::Released),
        (K::Wake, R::GilFree),
        (K::Wake, R::GilReleased),
        (K::Wake, R::GilDropRequested),
        (K::Wake, R::TaskReady),
        (K::Yield, R::Yielded),
        (K::GilHandoff, R::GilFree),
        (K::GilHandoff, R::GilReleased),
        (K::GilHandoff, R::GilDropRequested),
        (K::Notify, R::NotifyLost),
        (K::Notify, R::NotifyWoke),
        (K::End, R::Finished),
        (K::Exit, R::Finished),
        (K::Crash, R::ProcessCrashed),
        (K::Kill, R::LastNonDaemonEnded),
        (K::Kill, R::ProcessCrashed),
        (K::TaskSwitch, R::TaskReady),
        (K::Lock, R::Acquired),
        (K::Unlock, R::Unlocking),
        (K::Unlock, R::WaitReleases),
        (K::Error, R::UnlockNotHeld),
        (K::Error, R::NotifyNotHeld),
        (K::Error, R::WaitNotHeld),
        (K::Error, R::JoinSelf),
        (K::Error, R::SpawnTwice),
        (K::TaskAwait, R::Awaits),
        (K::TaskReady, R::IoDone),
        (K::TaskReady, R::SleepDone),
        (K::TaskReady, R::AwaitedEnded),
        (K::TaskDone, R::Finished),
        // scheduler ostep
        (K::Dispatch, R::NextInTurn),
        (K::Dispatch, R::IoDone),
        (K::Preempt, R::IoDone),
        // picks (you are the scheduler)
        (K::Dispatch, R::YourPick),
    ]
};

/// The code of each (kind, reason) pair: `CODES[kind][reason]`, `NO_CODE` when not in `PAIRS`.
const CODES: [[u8; Reason::ALL.len()]; EventKind::ALL.len()] = {
    let mut t = [[NO_CODE; Reason::ALL.len()]; EventKind::ALL.len()];
    let mut i = 0;
    while i < PAIRS.len() {
        t[PAIRS[i].0 as usize][PAIRS[i].1 as usize] = i as u8;
        i += 1;
    }
    t
};
const NO_CODE: u8 = u8::MAX;

/// A short event: code (bits 0–5; 63 is the escape), thread (6–19), cause + 1 (20–22),
/// tick offset (23–25), core + 1 (26–34), other + 1 (35–48), then the named object or task
/// (49–63: bit 49 says task, then id + 1 in 14 bits). In a task event (`TASK_KINDS`) the
/// other slot (35–48) holds the awaited task + 1 instead: those name no other thread.
const EV_CODE: u32 = 6;
const EV_THREAD: u32 = 6;
const EV_CAUSE: u32 = 20;
const EV_OFFSET: u32 = 23;
const EV_EPOCH_BITS: u32 = 3;
const EV_CORE: u32 = 26;
const EV_OTHER: u32 = 35;
const EV_NAMED: u32 = 49;
const NAMED_BITS: u32 = 15;

/// Whether the events of a kind are task events, whose other slot holds `awaited`.
const TASK_KINDS: [bool; EventKind::ALL.len()] = {
    let mut t = [false; EventKind::ALL.len()];
    t[EventKind::TaskAwait as usize] = true;
    t[EventKind::TaskReady as usize] = true;
    t[EventKind::TaskDone as usize] = true;
    t
};

impl Pack for Event {
    const TAG_BITS: u32 = EV_CODE;
    const EPOCH_BITS: u32 = EV_EPOCH_BITS;
    fn anchor(&self) -> u64 {
        self.tick
    }
    #[inline(always)]
    fn short(&self, offset: u64) -> Option<u64> {
        let code = u64::from(CODES[self.kind as usize][self.reason as usize]);
        let (thread, core) = (u64::from(self.thread), opt(self.core));
        // The other slot holds the other thread, or in a task event the awaited task; the
        // one it does not hold must be none (`stray`).
        let (other, stray) = if TASK_KINDS[self.kind as usize] {
            (opt(self.awaited), opt(self.other))
        } else {
            (opt(self.other), opt(self.awaited))
        };
        let named = match (self.task, self.object) {
            (None, None) => 0,
            (Some(t), None) => 1 | (u64::from(t) + 1) << 1,
            (None, Some(o)) => (u64::from(o) + 1) << 1,
            (Some(_), Some(_)) => return None,
        };
        fits(code >> EV_CODE | thread >> THREAD | other >> OPT_THREAD | core >> OPT_CORE | named >> NAMED_BITS | stray)
            .then(|| {
                code | thread << EV_THREAD
                    | opt(self.cause.map(|c| c as u32)) << EV_CAUSE
                    | offset << EV_OFFSET
                    | core << EV_CORE
                    | other << EV_OTHER
                    | named << EV_NAMED
            })
    }
    fn from_short(w: u64, base: u64) -> Self {
        let (kind, reason) = PAIRS[field(w, 0, EV_CODE) as usize];
        let named = w >> EV_NAMED;
        let id = ((named >> 1) as u32).checked_sub(1);
        let is_task = named & 1 == 1;
        let other = opt_field(w, EV_OTHER, OPT_THREAD);
        let task_event = TASK_KINDS[kind as usize];
        Event {
            tick: base + field(w, EV_OFFSET, EV_EPOCH_BITS),
            kind,
            thread: field(w, EV_THREAD, THREAD) as u32,
            other: if task_event { None } else { other },
            core: opt_field(w, EV_CORE, OPT_CORE),
            cause: cause_of(opt_field(w, EV_CAUSE, CAUSE)),
            object: if is_task { None } else { id },
            task: if is_task { id } else { None },
            awaited: if task_event { other } else { None },
            reason,
        }
    }
}

/// The seeds of the property tests below: the rule of every property test of the workspace.
#[cfg(test)]
#[path = "../tests/common/seeds.rs"]
mod test_seeds;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use super::test_seeds as seeds;

    /// The cases of each property (proptest's default), shared among the seeds
    /// (crates/sim/tests/common/seeds.rs).
    const CASES: u32 = 256;

    #[test]
    fn enum_tables_match_discriminants() {
        assert!(EventKind::ALL.iter().enumerate().all(|(i, &k)| k as usize == i));
        assert!(Reason::ALL.iter().enumerate().all(|(i, &r)| r as usize == i));
        assert!(Cause::ALL.iter().enumerate().all(|(i, &c)| c as usize == i));
        assert!(STATES.iter().enumerate().all(|(i, &s)| s as usize == i));
        // Each pair has one code, and the all-ones code is the escape.
        for (i, &(k, r)) in PAIRS.iter().enumerate() {
            assert_eq!(CODES[k as usize][r as usize], i as u8, "{k:?} {r:?} twice");
        }
    }

    fn all_segments() -> Vec<Segment> {
        let max_thread = limits::MAX_THREADS as u32 - 1;
        let max_task = limits::MAX_TASKS as u32 - 1;
        let max_core = limits::MAX_CORES - 1;
        let mut v = Vec::new();
        for state in STATES {
            let causes: &[Option<Cause>] =
                if state == State::Blocked { &[Some(Cause::Io), Some(Cause::Acquire)] } else { &[None] };
            let named: &[(Option<u32>, Option<u32>, Option<u32>)] = match state {
                State::Running => &[(None, None, None), (Some(max_core), Some(max_task), None), (Some(0), None, None)],
                State::Blocked => &[(None, None, None), (None, None, Some(100_000_000)), (None, None, Some(7))],
                _ => &[(None, None, None)],
            };
            for &cause in causes {
                for &(core, task, object) in named {
                    for (start, end) in [(0, limits::MAX_LIMIT), (5, 9), (9, 9), (4_000, 8_095), (4_000, 8_096)] {
                        v.push(Segment { thread: max_thread, state, cause, object, core, task, start, end });
                    }
                }
            }
        }
        v
    }

    #[test]
    fn extremes_round_trip() {
        let max_thread = limits::MAX_THREADS as u32 - 1;
        let max_task = limits::MAX_TASKS as u32 - 1;
        let max_core = limits::MAX_CORES - 1;
        let segs: Vec<Segment> = all_segments();
        let packed: TraceVec<Segment> = segs.iter().copied().collect();
        assert!(packed.iter().eq(segs.iter().copied()));
        assert!((0..segs.len()).all(|i| packed.get(i) == Some(segs[i])));
        // Only the long ones (a segment of 4,096 ticks or more), and the object beyond 2^22,
        // are kept whole.
        let long = segs.iter().filter(|s| s.end - s.start > 4_095 || s.object == Some(100_000_000)).count();
        assert_eq!(packed.wide_count(), long);

        let mut evs = Vec::new();
        let mut expected_wide = 0;
        for &kind in &EventKind::ALL {
            for &reason in &Reason::ALL {
                let listed = PAIRS.contains(&(kind, reason));
                let task_kind = TASK_KINDS[kind as usize];
                for (other, core, object, task, awaited, short) in [
                    (Some(max_thread), Some(max_core), Some(16_382), None, None, true),
                    (None, Some(max_core), Some(16_383), None, None, false),
                    (None, Some(0), None, Some(max_task), None, true),
                    (Some(max_thread), None, Some(0), None, None, true),
                    (Some(0), None, None, Some(max_task), None, true),
                    (Some(max_thread), Some(max_core), Some(200_000), None, None, false),
                    (Some(1), Some(1), Some(1), Some(1), None, false),
                    (None, Some(max_core), None, Some(max_task), Some(max_task), true),
                    (Some(0), None, None, Some(0), Some(0), false),
                ] {
                    let tick = limits::MAX_LIMIT - (reason as u64) * 7;
                    let cause = Some(Cause::Join);
                    evs.push(Event {
                        tick,
                        kind,
                        thread: max_thread,
                        other,
                        core,
                        cause,
                        object,
                        task,
                        awaited,
                        reason,
                    });
                    // The other slot holds the awaited task of a task event, the other thread
                    // of any other event.
                    let fits_slot = if task_kind { other.is_none() } else { awaited.is_none() };
                    expected_wide += usize::from(!(listed && short && fits_slot));
                }
                evs.push(Event::new(0, kind, 0, reason));
                expected_wide += usize::from(!listed);
            }
        }
        let packed: TraceVec<Event> = evs.iter().copied().collect();
        assert!(packed.iter().eq(evs.iter().copied()));
        assert!((0..evs.len()).all(|i| packed.get(i) == Some(evs[i])));
        // Kept whole: a pair that is not in `PAIRS`, an object beyond 16,382, an event naming
        // both an object and a task, or both another thread and an awaited task.
        assert_eq!(packed.wide_count(), expected_wide);

        let cores: Vec<CoreSegment> = [CoreActivity::Run(max_thread), CoreActivity::Switch(0)]
            .into_iter()
            .flat_map(|activity| {
                [(7, limits::MAX_LIMIT), (7, 7), (u64::MAX - 5, u64::MAX)].map(|(start, end)| CoreSegment {
                    core: max_core,
                    activity,
                    start,
                    end,
                })
            })
            .collect();
        let packed: TraceVec<CoreSegment> = cores.iter().copied().collect();
        assert!(packed.iter().eq(cores.iter().copied()));
        // Kept whole: the long ones and the ones past `u32::MAX`.
        assert_eq!(packed.wide_count(), 4);
        assert_eq!(packed.get(2), Some(cores[2]));
    }

    #[test]
    fn anything_built_by_hand_reads_back() {
        // Beyond every limit: kept whole, never a panic.
        let s = Segment {
            thread: u32::MAX,
            state: State::New,
            cause: Some(Cause::Gil),
            object: Some(u32::MAX),
            core: Some(600),
            task: Some(3),
            start: 9,
            end: 1,
        };
        let e = Event {
            tick: u64::MAX,
            kind: EventKind::Error,
            thread: u32::MAX,
            other: Some(u32::MAX - 1),
            core: Some(u32::MAX),
            cause: None,
            object: Some(2),
            task: Some(1),
            awaited: Some(u32::MAX),
            reason: Reason::SpawnTwice,
        };
        let g = CoreSegment { core: 1 << 20, activity: CoreActivity::Run(70_000), start: 3, end: 2 };
        let (ss, es, gs): (TraceVec<_>, TraceVec<_>, TraceVec<_>) = (vec![s].into(), vec![e].into(), vec![g].into());
        assert_eq!((ss.get(0), es.get(0), gs.get(0)), (Some(s), Some(e), Some(g)));
        assert_eq!((ss.wide_count(), es.wide_count(), gs.wide_count()), (1, 1, 1));
    }

    #[test]
    fn ends_move() {
        let mut segs = TraceVec::new();
        let key = segment_key(State::Running, None, Some(3), None, None).unwrap();
        segs.push_key(4, key, 10, 12);
        segs.push_key(5, key, 0, 12);
        segs.set_end(0, 40); // 28 ticks after its anchor: still short
        assert_eq!(segs.wide_count(), 0);
        segs.set_end(1, 44); // 32: kept whole from now on
        assert_eq!(segs.wide_count(), 1);
        segs.set_end(1, 1_000);
        assert_eq!(segs.get(0).map(|s| (s.thread, s.start, s.end, s.core)), Some((4, 10, 40, Some(3))));
        assert_eq!(segs.get(1).map(|s| (s.thread, s.start, s.end, s.core)), Some((5, 0, 1_000, Some(3))));
        let mut cores = TraceVec::new();
        cores.push(CoreSegment { core: 2, activity: CoreActivity::Switch(1), start: 7, end: 9 });
        cores.set_end(0, 9 + 65_535);
        assert_eq!(cores.wide_count(), 0);
        cores.set_end(0, 9 + 65_536);
        assert_eq!(cores.wide_count(), 1);
        assert_eq!(cores.get(0).map(|g| (g.start, g.end)), Some((7, 9 + 65_536)));
    }

    #[test]
    fn reads_like_a_slice() {
        let v: TraceVec<Event> =
            (0..10).map(|t| Event::new(t / 3, EventKind::Start, t as u32, Reason::StartTime)).collect();
        assert_eq!(v.len(), 10);
        assert_eq!(v.partition_point(|e| e.tick < 2), 6);
        assert_eq!(v.range(3..6).map(|e| e.thread).collect::<Vec<_>>(), [3, 4, 5]);
        assert_eq!(v.iter().next_back().map(|e| e.thread), Some(9));
        assert_eq!((&v).into_iter().len(), 10);
        assert_eq!(v.range(4..4).next(), None);
    }

    #[test]
    fn across_chunks() {
        let n = 2 * CHUNK + 5;
        let ev = |i: usize| Event::new(i as u64 / 7, EventKind::Wake, (i % 10_000) as u32, Reason::IoDone);
        let v: TraceVec<Event> = (0..n).map(ev).collect();
        assert_eq!((v.len(), v.full.len(), v.tail.len(), v.wide_count()), (n, 2, 5, 0));
        assert!(v.iter().enumerate().all(|(i, e)| e == ev(i)));
        assert!(v.iter().rev().enumerate().all(|(i, e)| e == ev(n - 1 - i)));
        assert_eq!(v.get(CHUNK), Some(ev(CHUNK)));
        assert_eq!((v.get(n), v.last()), (None, Some(ev(n - 1))));
        let t = (CHUNK as u64 + 3) / 7;
        assert_eq!(v.partition_point(|e| e.tick < t), (t * 7) as usize);
        let r: Vec<Event> = v.range(CHUNK - 2..CHUNK + 2).collect();
        assert_eq!(r, (CHUNK - 2..CHUNK + 2).map(ev).collect::<Vec<_>>());
        assert_eq!(v.iter().nth(CHUNK + 1), Some(ev(CHUNK + 1)));
        assert_eq!(v.clone(), v);
        // One epoch per 8 ticks.
        assert_eq!(v.epochs.len(), (n - 1) / 7 / 8 + 1);
    }

    fn event() -> impl Strategy<Value = Event> {
        let id = || prop_oneof![Just(None), (0u32..20).prop_map(Some), (0u32..70_000).prop_map(Some)];
        (0..EventKind::ALL.len(), 0..Reason::ALL.len(), 0u32..20_000, id(), id(), id(), id(), any::<bool>(), id())
            .prop_map(|(k, r, thread, other, core, named, cause, task, awaited)| Event {
                tick: 0,
                kind: EventKind::ALL[k],
                thread,
                other,
                core,
                cause: cause.map(|c| Cause::ALL[c as usize % Cause::ALL.len()]),
                object: named.filter(|_| !task),
                task: named.filter(|_| task),
                awaited,
                reason: Reason::ALL[r],
            })
    }

    /// Events at ticks that move on by small and large steps, and sometimes back, read
    /// back as they were written, by iteration, index, range and binary search.
    #[test]
    fn events_read_back() {
        seeds::check(
            "events_read_back",
            CASES,
            proptest::collection::vec((event(), 0u64..40, 0u8..20), 0..300),
            |items| {
                let mut tick = 1_000u64;
                let mut model = Vec::new();
                for (mut e, step, jump) in items {
                    tick = match jump {
                        0 => tick.saturating_sub(500),
                        1 => tick + 100_000,
                        _ => tick + step / 8,
                    };
                    e.tick = tick;
                    model.push(e);
                }
                let v: TraceVec<Event> = model.iter().copied().collect();
                prop_assert_eq!(v.len(), model.len());
                prop_assert!(v.iter().eq(model.iter().copied()));
                prop_assert!(v.iter().rev().eq(model.iter().rev().copied()));
                for i in 0..model.len() {
                    prop_assert_eq!(v.get(i), Some(model[i]));
                    prop_assert!(v.range(i..model.len()).eq(model[i..].iter().copied()));
                    prop_assert_eq!(v.iter().nth(i), Some(model[i]));
                }
                let t = model.get(model.len() / 2).map_or(0, |e| e.tick);
                let sorted = model.windows(2).all(|w| w[0].tick <= w[1].tick);
                if sorted {
                    prop_assert_eq!(v.partition_point(|e| e.tick < t), model.partition_point(|e| e.tick < t));
                }
                Ok(())
            },
        );
    }

    /// Segments recorded in time order, some of them extended later, read back as they
    /// were written.
    #[test]
    fn segments_read_back() {
        seeds::check(
            "segments_read_back",
            CASES,
            proptest::collection::vec((0u32..12_000, 0u64..6_000, 0u64..30, 0u64..100, any::<bool>()), 0..300),
            |items| {
                let mut now = 0u64;
                let mut model: Vec<Segment> = Vec::new();
                let mut v = TraceVec::new();
                for (thread, len, step, grow, running) in items {
                    now += step;
                    let (state, core, cause) = if running {
                        (State::Running, Some(thread % 256), None)
                    } else {
                        (State::Blocked, None, Some(Cause::Lock))
                    };
                    let s = Segment {
                        thread,
                        state,
                        cause,
                        object: None,
                        core,
                        task: None,
                        start: now.saturating_sub(len),
                        end: now,
                    };
                    if let Some(key) = segment_key(s.state, s.cause, s.core, s.task, s.object) {
                        v.push_key(s.thread, key, s.start, s.end);
                    } else {
                        v.push(s);
                    }
                    model.push(s);
                    if grow > 50 {
                        let i = (grow as usize * 7) % model.len();
                        model[i].end += grow - 50;
                        v.set_end(i, model[i].end);
                    }
                }
                prop_assert!(v.iter().eq(model.iter().copied()));
                prop_assert!((0..model.len()).all(|i| v.get(i) == Some(model[i])));
                Ok(())
            },
        );
    }
}
