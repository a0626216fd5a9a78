//! The storage of the trace: [`Segment`]s, [`Event`]s and [`CoreSegment`]s packed into 12
//! bytes each (the plain values take 48, 48 and 32). A large run records millions of them,
//! and writing those pages (page faults, clearing, unmapping) was most of the cost of a run.
//!
//! [`TraceVec`] is read like a slice of values: `iter()`, `get(i)`, `len()`,
//! `partition_point`, `range`; its items are plain `Segment`/`Event`/`CoreSegment` values
//! unpacked on the fly. Every field must be within the limits of SCENARIO.md (ticks up to
//! `limits::MAX_LIMIT`, 10,000 threads and tasks, 256 cores), and a record must be one the
//! engine can produce (only a Running segment names a core or a task, only a Blocked one an
//! object; an event names a task or an object, not both); packing anything else panics.

use crate::trace::{Cause, CoreActivity, CoreSegment, Event, EventKind, Reason, Segment, State};
use std::fmt;
use std::ops::Range;

/// A trace record with a packed form.
pub trait Pack: Copy {
    /// The packed form.
    type Packed: Copy + PartialEq + fmt::Debug;
    fn pack(&self) -> Self::Packed;
    fn unpack(p: Self::Packed) -> Self;
}

/// Records per chunk (1 MiB of events or segments).
const CHUNK_BITS: u32 = 16;
const CHUNK: usize = 1 << CHUNK_BITS;

/// A growable list of trace records, stored packed and read as values.
///
/// Stored in chunks of `CHUNK` records: a full chunk never moves, so a growing trace is
/// never copied and each of its pages is written once (a `Vec` doubling its buffer wrote
/// about twice the final size). The first chunk grows as a `Vec` does, so that a small
/// trace takes little memory.
#[derive(Clone, PartialEq)]
pub struct TraceVec<T: Pack> {
    /// Full chunks of exactly `CHUNK` records.
    full: Vec<Vec<T::Packed>>,
    /// The records after them (fewer than `CHUNK`).
    tail: Vec<T::Packed>,
}

impl<T: Pack> TraceVec<T> {
    pub fn new() -> Self {
        TraceVec { full: Vec::new(), tail: Vec::new() }
    }
    pub fn len(&self) -> usize {
        (self.full.len() << CHUNK_BITS) + self.tail.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub fn push(&mut self, value: T) {
        self.push_packed(value.pack());
    }
    #[inline]
    fn push_packed(&mut self, p: T::Packed) {
        // The tail is sealed when full, so it always has room after its first chunk; the
        // rare rest (growing the first chunk, sealing) is out of line, keeping this short.
        if self.tail.len() < self.tail.capacity() {
            self.tail.push(p);
        } else {
            self.grow_tail();
            self.tail.push(p);
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
    fn packed(&self, i: usize) -> T::Packed {
        match self.full.get(i >> CHUNK_BITS) {
            Some(chunk) => chunk[i & (CHUNK - 1)],
            None => self.tail[i - (self.full.len() << CHUNK_BITS)],
        }
    }
    #[inline]
    fn packed_mut(&mut self, i: usize) -> &mut T::Packed {
        let n = self.full.len() << CHUNK_BITS;
        match self.full.get_mut(i >> CHUNK_BITS) {
            Some(chunk) => &mut chunk[i & (CHUNK - 1)],
            None => &mut self.tail[i - n],
        }
    }
    pub fn get(&self, i: usize) -> Option<T> {
        (i < self.len()).then(|| T::unpack(self.packed(i)))
    }
    pub fn first(&self) -> Option<T> {
        self.get(0)
    }
    pub fn last(&self) -> Option<T> {
        self.len().checked_sub(1).and_then(|i| self.get(i))
    }
    /// The values in order.
    pub fn iter(&self) -> Iter<'_, T> {
        Iter { vec: self, front: 0, back: self.len() }
    }
    /// The values at the indices `r` (panics, as slicing does, when `r` is out of bounds).
    pub fn range(&self, r: Range<usize>) -> Iter<'_, T> {
        let len = self.len();
        assert!(r.start <= r.end && r.end <= len, "range {r:?} out of bounds of {len} records");
        Iter { vec: self, front: r.start, back: r.end }
    }
    /// As [`slice::partition_point`]: the index of the first value for which `pred` is false,
    /// the values being partitioned by it.
    pub fn partition_point(&self, mut pred: impl FnMut(&T) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&T::unpack(self.packed(mid))) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl<T: Pack> Default for TraceVec<T> {
    fn default() -> Self {
        Self::new()
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
}

impl<T: Pack> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Iter { vec: self.vec, front: self.front, back: self.back }
    }
}

impl<T: Pack> Iterator for Iter<'_, T> {
    type Item = T;
    #[inline]
    fn next(&mut self) -> Option<T> {
        (self.front < self.back).then(|| {
            self.front += 1;
            T::unpack(self.vec.packed(self.front - 1))
        })
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
    fn nth(&mut self, n: usize) -> Option<T> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl<T: Pack> DoubleEndedIterator for Iter<'_, T> {
    fn next_back(&mut self) -> Option<T> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            T::unpack(self.vec.packed(self.back))
        })
    }
}

impl<T: Pack> ExactSizeIterator for Iter<'_, T> {}

// ----- bit fields ----------------------------------------------------------------------
//
// A record is 96 bits, stored as `[u32; 3]`: written as two words (bits 0–63, 64–95), read
// back as one `u128`.

/// Bits of a tick (`limits::MAX_LIMIT` is 10,000,000 < 2^24), a thread id (10,000 threads),
/// a task id + 1 (10,000 tasks), a core + 1 (256 cores), a cause + 1, a kind, a reason, an
/// object id + 1 (objects are named in a text of at most 64 KiB).
const TICK: u32 = 24;
const THREAD: u32 = 14;
const TASK: u32 = 14;
const CORE: u32 = 9;
const CAUSE: u32 = 3;
const KIND: u32 = 5;
const REASON: u32 = 6;
const OBJECT: u32 = 18;

/// An optional id as a field value: 0 for none, else id + 1 (branch-free).
#[inline]
fn opt(v: Option<u32>) -> u64 {
    v.map_or(0, |x| u64::from(x) + 1)
}

fn get(w: u128, bits: u32, shift: u32) -> u32 {
    ((w >> shift) & ((1 << bits) - 1)) as u32
}

fn get_opt(w: u128, bits: u32, shift: u32) -> Option<u32> {
    get(w, bits, shift).checked_sub(1)
}

/// Panics unless every field value fits its width: `wide` is the OR of each value shifted
/// right by its width (one test for all fields).
#[inline]
fn check(wide: u64) {
    assert!(wide == 0, "a trace value is beyond the limits of SCENARIO.md");
}

#[inline]
fn join([a, b, c]: [u32; 3]) -> u128 {
    u128::from(a) | u128::from(b) << 32 | u128::from(c) << 64
}

const STATES: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

fn cause_of(v: Option<u32>) -> Option<Cause> {
    v.map(|c| Cause::ALL[c as usize])
}

/// Bits of a [`segment_key`].
const SEGMENT_KEY: u32 = 34;

/// A segment without its thread and times, in 34 bits: state (bits 0–2), cause + 1 (3–5),
/// then for Running core + 1 (6–14) and task + 1 (15–28), for Blocked object + 1 (6–33).
/// Only a Running segment names a core or a task, only a Blocked one an object. The
/// recorder keeps the open segment of each thread in this form (`recorder::SegKey`).
#[inline]
pub(crate) fn segment_key(
    state: State,
    cause: Option<Cause>,
    core: Option<u32>,
    task: Option<u32>,
    object: Option<u32>,
) -> u64 {
    let (core, task, object) = (opt(core), opt(task), opt(object));
    let running = state == State::Running;
    // Fields a segment in this state does not have must be none.
    let misplaced = match state {
        State::Running => object,
        State::Blocked => core | task,
        _ => core | task | object,
    };
    check(core >> CORE | task >> TASK | object >> 28 | misplaced);
    let payload = if running { core | task << CORE } else { object };
    state as u64 | opt(cause.map(|c| c as u32)) << 3 | payload << 6
}

/// The state and cause bits of a [`segment_key`]: `state | (cause + 1) << 3`.
pub(crate) const SEGMENT_STATE_AND_CAUSE: u64 = 0x3f;

/// The state, cause, core, task and object of a [`segment_key`].
pub(crate) fn segment_key_fields(key: u64) -> (State, Option<Cause>, Option<u32>, Option<u32>, Option<u32>) {
    let k = u128::from(key);
    let state = STATES[get(k, 3, 0) as usize];
    let cause = cause_of(get_opt(k, CAUSE, 3));
    match state {
        State::Running => (state, cause, get_opt(k, CORE, 6), get_opt(k, TASK, 6 + CORE), None),
        State::Blocked => (state, cause, None, None, get_opt(k, 28, 6)),
        _ => (state, cause, None, None, None),
    }
}

/// Start (bits 0–23), end (24–47), thread (48–61), [`segment_key`] (62–95).
impl Pack for Segment {
    type Packed = [u32; 3];
    #[inline]
    fn pack(&self) -> [u32; 3] {
        let key = segment_key(self.state, self.cause, self.core, self.task, self.object);
        packed_segment(self.thread, key, self.start, self.end)
    }
    fn unpack(p: [u32; 3]) -> Self {
        let v = join(p);
        let (state, cause, core, task, object) = segment_key_fields((v >> 62) as u64);
        Segment {
            thread: get(v, THREAD, 48),
            state,
            cause,
            object,
            core,
            task,
            start: u64::from(get(v, TICK, 0)),
            end: u64::from(get(v, TICK, TICK)),
        }
    }
}

#[inline]
fn packed_segment(thread: u32, key: u64, start: u64, end: u64) -> [u32; 3] {
    let thread = u64::from(thread);
    check(thread >> THREAD | start >> TICK | end >> TICK | key >> SEGMENT_KEY);
    // Bits 0–63 and 64–95 of the record, built in 64-bit words (cheaper than `u128`).
    words(start | end << TICK | thread << 48 | key << 62, key >> 2)
}

/// The record whose bits 0–63 are `low` and bits 64–95 are `high`.
#[inline]
fn words(low: u64, high: u64) -> [u32; 3] {
    [low as u32, (low >> 32) as u32, high as u32]
}

impl TraceVec<Segment> {
    /// Adds the segment of `thread` in the state of `key` (a [`segment_key`]).
    #[inline]
    pub(crate) fn push_key(&mut self, thread: u32, key: u64, start: u64, end: u64) {
        self.push_packed(packed_segment(thread, key, start, end));
    }
    /// Moves the end of segment `i` (a segment merged with the next piece).
    #[inline]
    pub(crate) fn set_end(&mut self, i: usize, end: u64) {
        check(end >> TICK);
        let p = self.packed_mut(i);
        let mask = ((1u64 << TICK) - 1) << TICK;
        let low = (u64::from(p[0]) | u64::from(p[1]) << 32) & !mask | end << TICK;
        *p = words(low, u64::from(p[2]));
    }
}

/// start, end, then core (bits 0–7), switch (8), thread (9–31).
impl Pack for CoreSegment {
    type Packed = [u32; 3];
    #[inline]
    fn pack(&self) -> [u32; 3] {
        let (switch, t) = match self.activity {
            CoreActivity::Run(t) => (0, t),
            CoreActivity::Switch(t) => (1, t),
        };
        check(u64::from(self.core) >> 8 | u64::from(t) >> 23 | self.start >> 32 | self.end >> 32);
        [self.start as u32, self.end as u32, self.core | switch << 8 | t << 9]
    }
    fn unpack([start, end, w]: [u32; 3]) -> Self {
        let t = w >> 9;
        CoreSegment {
            core: w & 0xff,
            activity: if w & 0x100 == 0 { CoreActivity::Run(t) } else { CoreActivity::Switch(t) },
            start: u64::from(start),
            end: u64::from(end),
        }
    }
}

impl TraceVec<CoreSegment> {
    /// Moves the end of core segment `i`.
    #[inline]
    pub(crate) fn set_end(&mut self, i: usize, end: u64) {
        check(end >> 32);
        self.packed_mut(i)[1] = end as u32;
    }
}

/// Tick (bits 0–23), kind (24–28), reason (29–34), cause + 1 (35–37), core + 1 (38–46),
/// thread (47–60), other + 1 (61–74), then task + 1 or object + 1 (75–92) and which of the
/// two (93: task). An event names a task or an object, never both.
impl Pack for Event {
    type Packed = [u32; 3];
    #[inline]
    fn pack(&self) -> [u32; 3] {
        let (thread, other, task, object, core) =
            (u64::from(self.thread), opt(self.other), opt(self.task), opt(self.object), opt(self.core));
        // `task.min(object)` is not zero when an event names both.
        let wide = [self.tick >> TICK, thread >> THREAD, other >> THREAD, task >> TASK, object >> OBJECT, core >> CORE];
        check(wide.iter().fold(task.min(object), |a, &w| a | w));
        let (named, is_task) = if task != 0 { (task, 1) } else { (object, 0) };
        // Bits 0–63, then 64–95 (`other` straddles the two).
        let low = self.tick
            | (self.kind as u64) << 24
            | (self.reason as u64) << 29
            | opt(self.cause.map(|c| c as u32)) << 35
            | core << 38
            | thread << 47
            | other << 61;
        words(low, other >> 3 | named << (75 - 64) | is_task << (93 - 64))
    }
    fn unpack(p: [u32; 3]) -> Self {
        let v = join(p);
        let named = get_opt(v, OBJECT, 75);
        let is_task = get(v, 1, 93) == 1;
        Event {
            tick: u64::from(get(v, TICK, 0)),
            kind: EventKind::ALL[get(v, KIND, 24) as usize],
            thread: get(v, THREAD, 47),
            other: get_opt(v, THREAD, 61),
            core: get_opt(v, CORE, 38),
            cause: cause_of(get_opt(v, CAUSE, 35)),
            object: if is_task { None } else { named },
            task: if is_task { named } else { None },
            reason: Reason::ALL[get(v, REASON, 29) as usize],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits;

    #[test]
    fn enum_tables_match_discriminants() {
        assert!(EventKind::ALL.iter().enumerate().all(|(i, &k)| k as usize == i));
        assert!(Reason::ALL.iter().enumerate().all(|(i, &r)| r as usize == i));
        assert!(Cause::ALL.iter().enumerate().all(|(i, &c)| c as usize == i));
        assert!(STATES.iter().enumerate().all(|(i, &s)| s as usize == i));
        assert!(EventKind::ALL.len() <= 1 << KIND && Reason::ALL.len() <= 1 << REASON);
        assert!(Cause::ALL.len() < 1 << CAUSE);
    }

    #[test]
    fn extremes_round_trip() {
        let max_tick = limits::MAX_LIMIT;
        let max_thread = limits::MAX_THREADS as u32 - 1;
        let max_task = limits::MAX_TASKS as u32 - 1;
        let max_core = limits::MAX_CORES - 1;
        let mut segs = TraceVec::new();
        let mut evs = TraceVec::new();
        let mut cores = TraceVec::new();
        for state in STATES {
            let causes: &[Option<Cause>] =
                if state == State::Blocked { &[Some(Cause::Io), Some(Cause::Acquire)] } else { &[None] };
            let named: &[(Option<u32>, Option<u32>, Option<u32>)] = match state {
                State::Running => &[(None, None, None), (Some(max_core), Some(max_task), None), (Some(0), None, None)],
                State::Blocked => &[(None, None, None), (None, None, Some(100_000_000))],
                _ => &[(None, None, None)],
            };
            for &cause in causes {
                for &(core, task, object) in named {
                    let s = Segment { thread: max_thread, state, cause, object, core, task, start: 0, end: max_tick };
                    segs.push(s);
                    assert_eq!(segs.last(), Some(s));
                }
            }
        }
        for &kind in &EventKind::ALL {
            for &reason in &Reason::ALL {
                for (object, task) in [(Some(200_000), None), (None, Some(max_task))] {
                    let e = Event {
                        tick: max_tick,
                        kind,
                        thread: max_thread,
                        other: Some(max_thread),
                        core: Some(max_core),
                        cause: Some(Cause::Join),
                        object,
                        task,
                        reason,
                    };
                    evs.push(e);
                    assert_eq!(evs.last(), Some(e));
                }
                let plain = Event::new(0, kind, 0, reason);
                evs.push(plain);
                assert_eq!(evs.last(), Some(plain));
            }
        }
        for activity in [CoreActivity::Run(max_thread), CoreActivity::Switch(0)] {
            let g = CoreSegment { core: max_core, activity, start: 7, end: max_tick };
            cores.push(g);
            assert_eq!(cores.last(), Some(g));
        }
        segs.set_end(0, 12);
        assert_eq!(segs.get(0).map(|s| (s.start, s.end, s.thread)), Some((0, 12, max_thread)));
        cores.set_end(1, 9);
        assert_eq!(cores.get(1).map(|g| (g.start, g.end)), Some((7, 9)));
    }

    #[test]
    #[should_panic(expected = "beyond the limits of SCENARIO.md")]
    fn an_event_names_a_task_or_an_object() {
        let mut e = Event::new(0, EventKind::Wake, 0, Reason::IoDone).task(1);
        e.object = Some(2);
        TraceVec::new().push(e);
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
    }

    #[test]
    fn across_chunks() {
        let n = 2 * CHUNK + 5;
        let ev = |i: usize| Event::new(i as u64 / 7, EventKind::Wake, (i % 10_000) as u32, Reason::IoDone);
        let v: TraceVec<Event> = (0..n).map(ev).collect();
        assert_eq!((v.len(), v.full.len(), v.tail.len()), (n, 2, 5));
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
    }

    #[test]
    #[should_panic(expected = "beyond the limits of SCENARIO.md")]
    fn refuses_what_does_not_fit() {
        TraceVec::new().push(Segment {
            thread: 0,
            state: State::New,
            cause: None,
            object: None,
            core: Some(600),
            task: None,
            start: 0,
            end: 1,
        });
    }
}
