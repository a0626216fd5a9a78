//! The storage of the trace: [`Segment`]s and [`Event`]s packed into 16 bytes each and
//! [`CoreSegment`]s into 12 (the plain values take 48, 48 and 32). A large run records
//! millions of them, and writing those pages (page faults, clearing, unmapping) was most of
//! the cost of a run; the packed records take a third of the memory.
//!
//! [`TraceVec`] is read like a slice of values: `iter()`, `get(i)`, `len()`,
//! `partition_point`, `range`; its items are plain `Segment`/`Event`/`CoreSegment` values
//! unpacked on the fly. Every field must be within the limits of SCENARIO.md (ticks up to
//! `limits::MAX_LIMIT`, 10,000 threads and tasks, 256 cores); packing a value outside them
//! panics, as the engine never records one.

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
        self.tail.push(p);
        if self.tail.len() == CHUNK {
            self.full.push(std::mem::replace(&mut self.tail, Vec::with_capacity(CHUNK)));
        }
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

/// Bits of a thread id (up to 10,000 threads), a task id + 1 (10,000 tasks), a core + 1
/// (256 cores), a cause + 1, a kind, a reason, an object id + 1 in a segment and in an event.
const THREAD: u32 = 14;
const TASK: u32 = 14;
const CORE: u32 = 9;
const CAUSE: u32 = 3;
const KIND: u32 = 5;
const REASON: u32 = 6;
const SEG_OBJECT: u32 = 21;
const EVENT_OBJECT: u32 = 22;

/// An optional id as a field value: 0 for none, else id + 1 (branch-free).
#[inline]
fn opt(v: Option<u32>) -> u64 {
    v.map_or(0, |x| u64::from(x) + 1)
}

fn get(w: u64, bits: u32, shift: u32) -> u32 {
    ((w >> shift) & ((1 << bits) - 1)) as u32
}

fn get_opt(w: u64, bits: u32, shift: u32) -> Option<u32> {
    get(w, bits, shift).checked_sub(1)
}

/// Panics unless every field value fits its width: `wide` is the OR of each value shifted
/// right by its width (one test for all fields).
#[inline]
fn check(wide: u64) {
    assert!(wide == 0, "a trace value is beyond the limits of SCENARIO.md");
}

const STATES: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

fn cause_of(v: Option<u32>) -> Option<Cause> {
    v.map(|c| Cause::ALL[c as usize])
}

/// Word 1 of a packed segment without its thread: state (bits 14–16), cause + 1 (17–19),
/// core + 1 (20–28), task + 1 (29–42), object + 1 (43–63). The recorder keeps the open
/// segment of each thread in this form (`recorder::SegKey`).
#[inline]
pub(crate) fn segment_key(
    state: State,
    cause: Option<Cause>,
    core: Option<u32>,
    task: Option<u32>,
    object: Option<u32>,
) -> u64 {
    let (core, task, object) = (opt(core), opt(task), opt(object));
    check(core >> CORE | task >> TASK | object >> SEG_OBJECT);
    (state as u64) << 14 | opt(cause.map(|c| c as u32)) << 17 | core << 20 | task << 29 | object << 43
}

/// The state and cause bits of a [`segment_key`]: `state | (cause + 1) << 3` at this shift.
pub(crate) const SEGMENT_STATE_SHIFT: u32 = 14;
pub(crate) const SEGMENT_STATE_AND_CAUSE: u64 = 0x3f << SEGMENT_STATE_SHIFT;

/// The state, cause, core, task and object of a [`segment_key`].
pub(crate) fn segment_key_fields(w1: u64) -> (State, Option<Cause>, Option<u32>, Option<u32>, Option<u32>) {
    (
        STATES[get(w1, 3, 14) as usize],
        cause_of(get_opt(w1, CAUSE, 17)),
        get_opt(w1, CORE, 20),
        get_opt(w1, TASK, 29),
        get_opt(w1, SEG_OBJECT, 43),
    )
}

/// Word 0: start (bits 0–31), end (32–63). Word 1: thread (0–13), then the
/// [`segment_key`] fields.
impl Pack for Segment {
    type Packed = [u64; 2];
    #[inline]
    fn pack(&self) -> [u64; 2] {
        let key = segment_key(self.state, self.cause, self.core, self.task, self.object);
        packed_segment(self.thread, key, self.start, self.end)
    }
    fn unpack([w0, w1]: [u64; 2]) -> Self {
        let (state, cause, core, task, object) = segment_key_fields(w1);
        Segment { thread: get(w1, THREAD, 0), state, cause, object, core, task, start: w0 & 0xffff_ffff, end: w0 >> 32 }
    }
}

#[inline]
fn packed_segment(thread: u32, key: u64, start: u64, end: u64) -> [u64; 2] {
    let thread = u64::from(thread);
    check(thread >> THREAD | start >> 32 | end >> 32);
    [start | end << 32, key | thread]
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
        check(end >> 32);
        let w0 = &mut self.packed_mut(i)[0];
        *w0 = (*w0 & 0xffff_ffff) | end << 32;
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

/// Word 0: tick (bits 0–31), kind (32–36), reason (37–42), cause + 1 (43–45), core + 1
/// (46–54). Word 1: thread (0–13), other + 1 (14–27), task + 1 (28–41), object + 1 (42–63).
impl Pack for Event {
    type Packed = [u64; 2];
    #[inline]
    fn pack(&self) -> [u64; 2] {
        let (thread, other, task, object, core) =
            (u64::from(self.thread), opt(self.other), opt(self.task), opt(self.object), opt(self.core));
        check(
            self.tick >> 32 | thread >> THREAD | other >> THREAD | task >> TASK | object >> EVENT_OBJECT | core >> CORE,
        );
        let w0 = self.tick
            | (self.kind as u64) << 32
            | (self.reason as u64) << 37
            | opt(self.cause.map(|c| c as u32)) << 43
            | core << 46;
        [w0, thread | other << 14 | task << 28 | object << 42]
    }
    fn unpack([w0, w1]: [u64; 2]) -> Self {
        Event {
            tick: w0 & 0xffff_ffff,
            kind: EventKind::ALL[get(w0, KIND, 32) as usize],
            thread: get(w1, THREAD, 0),
            other: get_opt(w1, THREAD, 14),
            core: get_opt(w0, CORE, 46),
            cause: cause_of(get_opt(w0, CAUSE, 43)),
            object: get_opt(w1, EVENT_OBJECT, 42),
            task: get_opt(w1, TASK, 28),
            reason: Reason::ALL[get(w0, REASON, 37) as usize],
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
            for cause in [None, Some(Cause::Io), Some(Cause::Acquire)] {
                for (core, task, object) in [(None, None, None), (Some(max_core), Some(max_task), Some(2_000_000))] {
                    let s = Segment { thread: max_thread, state, cause, object, core, task, start: 0, end: max_tick };
                    segs.push(s);
                    assert_eq!(segs.last(), Some(s));
                }
            }
        }
        for &kind in &EventKind::ALL {
            for &reason in &Reason::ALL {
                let e = Event {
                    tick: max_tick,
                    kind,
                    thread: max_thread,
                    other: Some(max_thread),
                    core: Some(max_core),
                    cause: Some(Cause::Join),
                    object: Some(4_000_000),
                    task: Some(max_task),
                    reason,
                };
                evs.push(e);
                assert_eq!(evs.last(), Some(e));
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
        assert_eq!(segs.get(0).map(|s| (s.start, s.end)), Some((0, 12)));
        cores.set_end(1, 9);
        assert_eq!(cores.get(1).map(|g| (g.start, g.end)), Some((7, 9)));
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
