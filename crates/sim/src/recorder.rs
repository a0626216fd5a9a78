//! Records the trace as the engine runs: one open segment per thread and per core, closed
//! when its state changes, merged with the previous one when nothing visible changed.
//! Storage grows with state changes, never with ticks.
//!
//! Every closed piece is also tallied at once (time per state and cause, first run), and the
//! number of threads in Blocked(io) is followed as it changes (the I/O busy time is the time it
//! is not zero: the length of the union of all I/O segments), so the numbers of the result come
//! from exactly the recorded trace without a second pass over it.

use crate::packed;
use crate::program::Program;
use crate::trace::{
    Cause, CoreActivity, CoreSegment, CoreSegments, Event, Events, ObjectId, Segments, State, TaskId, ThreadId,
};

/// Everything that makes two segments different, packed into one word so that the merge
/// test is a single comparison: the word of the packed segment without its thread
/// ([`packed::segment_key`]), so that recording a segment adds the thread and its times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SegKey(u64);

impl SegKey {
    /// The key of a state the engine produces (always within the limits).
    fn of(
        state: State,
        cause: Option<Cause>,
        core: Option<u32>,
        task: Option<TaskId>,
        object: Option<ObjectId>,
    ) -> Self {
        SegKey(packed::segment_key(state, cause, core, task, object).expect("a thread state within the limits"))
    }
    fn plain(state: State) -> Self {
        Self::of(state, None, None, None, None)
    }
    pub fn new_() -> Self {
        Self::plain(State::New)
    }
    pub fn runnable() -> Self {
        Self::plain(State::Runnable)
    }
    pub fn dead() -> Self {
        Self::plain(State::Dead)
    }
    pub fn running(core: u32, task: Option<TaskId>) -> Self {
        Self::of(State::Running, None, Some(core), task, None)
    }
    pub fn blocked(cause: Cause, object: Option<ObjectId>) -> Self {
        Self::of(State::Blocked, Some(cause), None, None, object)
    }

    /// `state | (cause + 1) << 3`.
    fn state_and_cause(self) -> usize {
        (self.0 & packed::SEGMENT_STATE_AND_CAUSE) as usize
    }
    fn is_dead(self) -> bool {
        self.state_and_cause() & 7 == State::Dead as usize
    }
    /// Blocked(io), whatever the object: the state and cause bits only.
    fn is_io(self) -> bool {
        self.0 & packed::SEGMENT_STATE_AND_CAUSE == SegKey::blocked(Cause::Io, None).0
    }

    /// Where the time of this state is tallied (see `Tally::ticks`).
    fn slot(self) -> Option<usize> {
        let slot = SLOTS[self.state_and_cause()];
        (slot != NO_SLOT).then_some(slot as usize)
    }
}

const NO_SLOT: u8 = u8::MAX;

/// `SegKey::slot` by `state | (cause + 1) << 3`: Running 0, Runnable 1, Blocked 2 + cause.
const SLOTS: [u8; 64] = {
    let mut t = [NO_SLOT; 64];
    let mut i = 0;
    while i < 64 {
        let (state, cause) = (i & 7, i >> 3);
        t[i] = if state == State::Running as usize {
            0
        } else if state == State::Runnable as usize {
            1
        } else if state == State::Blocked as usize && cause > 0 {
            (2 + cause - 1) as u8
        } else {
            NO_SLOT
        };
        i += 1;
    }
    t
};

const NONE: u32 = u32::MAX;

/// The open and the last recorded segment of one thread and its time per state, in one
/// cache line, so that closing a segment never touches the (large, cold) segment store.
/// Ticks fit in `u32`: a run is at most `limits::MAX_LIMIT` ticks long.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Lane {
    key: SegKey,
    last_key: SegKey,
    since: u32,
    last_end: u32,
    /// Index of the last recorded segment (`NONE`: none yet).
    last: u32,
    /// Ticks per state: Running, Runnable, then Blocked by `Cause::index()`.
    ticks: [u32; 9],
}

const _: () = assert!(std::mem::size_of::<Lane>() == 64);

/// Time of one thread per state, summed over its closed segments.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tally {
    /// Running, Runnable, then Blocked by `Cause::index()`.
    pub ticks: [u64; 9],
    /// Start of its first Running segment.
    pub first_run: Option<u64>,
}

/// What a core does now and since when, and its last recorded segment (to merge with).
#[derive(Debug, Clone, Copy)]
struct CoreLane {
    cur: Option<(CoreActivity, u64)>,
    last: Option<LastCoreSegment>,
}

#[derive(Debug, Clone, Copy)]
struct LastCoreSegment {
    index: usize,
    activity: CoreActivity,
    end: u64,
}

pub(crate) struct Recorder {
    lanes: Vec<Lane>,
    /// Start of each thread's first Running segment (`NONE`: none yet).
    first_run: Vec<u32>,
    /// Threads in Blocked(io) now, since when that number is not zero, and the ticks it was
    /// not zero before.
    io_threads: u32,
    io_since: u64,
    io_busy: u64,
    segments: Segments,
    cores: Vec<CoreLane>,
    core_segments: CoreSegments,
    events: Events,
}

/// The finished trace, with its tallies.
pub(crate) struct Trace {
    pub segments: Segments,
    pub core_segments: CoreSegments,
    pub events: Events,
    /// Per thread.
    pub tallies: Vec<Tally>,
    /// Ticks during which at least one thread was Blocked(io).
    pub io_busy: u64,
}

impl Recorder {
    pub fn new(p: &Program) -> Self {
        let n = p.threads.len();
        let c = p.settings.cores as usize;
        let lane =
            Lane { key: SegKey::new_(), last_key: SegKey::dead(), since: 0, last_end: 0, last: NONE, ticks: [0; 9] };
        Recorder {
            lanes: vec![lane; n],
            first_run: vec![NONE; n],
            io_threads: 0,
            io_since: 0,
            io_busy: 0,
            segments: Segments::new(),
            cores: vec![CoreLane { cur: None, last: None }; c],
            core_segments: CoreSegments::new(),
            events: Events::new(),
        }
    }

    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

    #[inline(always)]
    pub fn event(&mut self, e: Event) {
        self.events.push(e);
    }

    /// Thread `t` is in the state `key` from `now` on.
    pub fn set(&mut self, t: ThreadId, now: u64, key: SegKey) {
        let old = self.lanes[t as usize].key;
        if old == key {
            return;
        }
        if old.is_io() {
            self.io_leaves(now);
        }
        if key.is_io() {
            self.io_enters(now);
        }
        self.close(t, now);
        let lane = &mut self.lanes[t as usize];
        lane.key = key;
        lane.since = now as u32;
    }

    fn close(&mut self, t: ThreadId, now: u64) {
        debug_assert!(now <= crate::limits::MAX_LIMIT);
        let now = now as u32;
        let lane = &mut self.lanes[t as usize];
        let (k, since) = (lane.key, lane.since);
        if now <= since || k.is_dead() {
            return;
        }
        if let Some(slot) = k.slot() {
            // The first Running piece closed: the only time `first_run` is touched.
            if slot == 0 && lane.ticks[0] == 0 {
                self.first_run[t as usize] = since;
            }
            lane.ticks[slot] += now - since;
        }
        if lane.last != NONE && lane.last_end == since && lane.last_key == k {
            self.segments.set_end(lane.last as usize, u64::from(now));
            lane.last_end = now;
            return;
        }
        assert!(self.segments.len() < NONE as usize, "too many segments");
        lane.last = self.segments.len() as u32;
        lane.last_end = now;
        lane.last_key = k;
        self.segments.push_key(t, k.0, u64::from(since), u64::from(now));
    }

    fn io_enters(&mut self, now: u64) {
        if self.io_threads == 0 {
            self.io_since = now;
        }
        self.io_threads += 1;
    }

    fn io_leaves(&mut self, now: u64) {
        self.io_threads -= 1;
        if self.io_threads == 0 {
            self.io_busy += now - self.io_since;
        }
    }

    /// Core `c` does `what` from `now` on (`None`: idle).
    pub fn core_change(&mut self, c: u32, now: u64, what: Option<CoreActivity>) {
        let lane = &mut self.cores[c as usize];
        if let Some((a, since)) = lane.cur {
            if Some(a) == what {
                return;
            }
            if now > since {
                match &mut lane.last {
                    Some(last) if last.end == since && last.activity == a => {
                        last.end = now;
                        self.core_segments.set_end(last.index, now);
                    }
                    last => {
                        *last = Some(LastCoreSegment { index: self.core_segments.len(), activity: a, end: now });
                        self.core_segments.push(CoreSegment { core: c, activity: a, start: since, end: now });
                    }
                }
            }
        }
        lane.cur = what.map(|a| (a, now));
    }

    /// Closes every open segment at `end` and hands the trace over (the recorder is left
    /// empty).
    pub fn close_all(&mut self, end: u64) -> Trace {
        for t in 0..self.lanes.len() {
            if self.lanes[t].key.is_io() {
                self.io_leaves(end);
            }
            self.close(t as ThreadId, end);
        }
        for c in 0..self.cores.len() {
            self.core_change(c as u32, end, None);
        }
        Trace {
            io_busy: self.io_busy,
            segments: std::mem::take(&mut self.segments),
            core_segments: std::mem::take(&mut self.core_segments),
            events: std::mem::take(&mut self.events),
            tallies: self
                .lanes
                .iter()
                .zip(&self.first_run)
                .map(|(l, &first)| Tally {
                    ticks: l.ticks.map(u64::from),
                    first_run: (first != NONE).then_some(u64::from(first)),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let k = SegKey::running(255, Some(9_999));
        assert_eq!(packed::segment_key_fields(k.0), (State::Running, None, Some(255), Some(9_999), None));
        let k = SegKey::blocked(Cause::Acquire, Some(70_000_000));
        assert_eq!(
            packed::segment_key_fields(k.0),
            (State::Blocked, Some(Cause::Acquire), None, None, Some(70_000_000))
        );
        let k = SegKey::blocked(Cause::Io, None);
        assert_eq!(packed::segment_key_fields(k.0).4, None);
        assert_eq!(k.slot(), Some(2 + Cause::Io.index()));
        assert_eq!(SegKey::blocked(Cause::Acquire, Some(3)).slot(), Some(2 + Cause::Acquire.index()));
        assert_eq!((SegKey::running(3, None).slot(), SegKey::runnable().slot()), (Some(0), Some(1)));
        assert_eq!((SegKey::new_().slot(), SegKey::dead().slot()), (None, None));
        assert!(SegKey::dead().is_dead() && !SegKey::new_().is_dead());
        assert!(k.is_io() && SegKey::blocked(Cause::Io, Some(3)).is_io());
        assert!(!SegKey::blocked(Cause::Sleep, None).is_io() && !SegKey::running(0, None).is_io());
        assert_ne!(SegKey::running(0, None), SegKey::running(0, Some(0)));
    }
}
