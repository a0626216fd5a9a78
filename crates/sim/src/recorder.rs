//! Records the trace as the engine runs: one open segment per thread and per core, closed
//! when its state changes, merged with the previous one when nothing visible changed.
//! Storage grows with state changes, never with ticks.
//!
//! Every closed piece is also tallied at once (time per state and cause, first run), and the
//! number of threads in Blocked(io) is followed as it changes (the I/O busy time is the time it
//! is not zero: the length of the union of all I/O segments), so the numbers of the result come
//! from exactly the recorded trace without a second pass over it.

use crate::program::Program;
use crate::trace::{Cause, CoreActivity, CoreSegment, Event, ObjectId, Segment, State, TaskId, ThreadId};

/// Everything that makes two segments different, packed into one word so that the merge
/// test is a single comparison:
/// bits 0–2 state, 3–5 cause (valid when bit 6 is set), 7–15 core + 1, 16–31 task + 1,
/// 32–63 object + 1 (0: none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SegKey(u64);

const STATES: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

impl SegKey {
    const HAS_CAUSE: u64 = 1 << 6;

    const fn plain(state: State) -> Self {
        SegKey(state as u64)
    }
    pub const fn new_() -> Self {
        Self::plain(State::New)
    }
    pub const fn runnable() -> Self {
        Self::plain(State::Runnable)
    }
    pub const fn dead() -> Self {
        Self::plain(State::Dead)
    }
    pub fn running(core: u32, task: Option<TaskId>) -> Self {
        debug_assert!(core < crate::limits::MAX_CORES && task.is_none_or(|t| t < u16::MAX as u32));
        let task = task.map_or(0, |t| u64::from(t) + 1);
        SegKey(State::Running as u64 | (u64::from(core) + 1) << 7 | task << 16)
    }
    pub fn blocked(cause: Cause, object: Option<ObjectId>) -> Self {
        debug_assert!(object.is_none_or(|o| o < u32::MAX));
        let object = object.map_or(0, |o| u64::from(o) + 1);
        SegKey(State::Blocked as u64 | (cause as u64) << 3 | Self::HAS_CAUSE | object << 32)
    }

    fn state(self) -> State {
        STATES[(self.0 & 7) as usize]
    }
    fn cause(self) -> Option<Cause> {
        (self.0 & Self::HAS_CAUSE != 0).then(|| Cause::ALL[(self.0 >> 3 & 7) as usize])
    }
    fn field(self, shift: u32, bits: u32) -> Option<u32> {
        let v = (self.0 >> shift) & ((1 << bits) - 1);
        (v != 0).then(|| (v - 1) as u32)
    }
    fn core(self) -> Option<u32> {
        self.field(7, 9)
    }
    fn task(self) -> Option<TaskId> {
        self.field(16, 16)
    }
    fn object(self) -> Option<ObjectId> {
        self.field(32, 32)
    }
    /// Blocked(io), whatever the object: state and cause bits only.
    fn is_io(self) -> bool {
        const MASK: u64 = (1 << 7) - 1;
        self.0 & MASK == SegKey::blocked(Cause::Io, None).0 & MASK
    }

    /// Where the time of this state is tallied (see `Tally::ticks`).
    fn slot(self) -> Option<usize> {
        match self.state() {
            State::Running => Some(0),
            State::Runnable => Some(1),
            State::Blocked => self.cause().map(|c| 2 + c.index()),
            State::New | State::Dead => None,
        }
    }
}

const NONE: u32 = u32::MAX;

/// The open and the last recorded segment of one thread and its tally, side by side (two
/// cache lines), so that closing a segment never touches the (large, cold) segment vector.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Lane {
    key: SegKey,
    since: u64,
    last_key: SegKey,
    last_end: u64,
    /// Index of the last recorded segment (`NONE`: none yet).
    last: u32,
    tally: Tally,
}

/// Time of one thread per state, summed over its closed segments.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tally {
    /// Running, Runnable, then Blocked by `Cause::index()`.
    pub ticks: [u64; 9],
    /// Start of its first Running segment.
    pub first_run: Option<u64>,
}

pub(crate) struct Recorder {
    lanes: Vec<Lane>,
    /// Threads in Blocked(io) now, since when that number is not zero, and the ticks it was
    /// not zero before.
    io_threads: u32,
    io_since: u64,
    io_busy: u64,
    segments: Vec<Segment>,
    core_cur: Vec<Option<(CoreActivity, u64)>>,
    core_last: Vec<usize>,
    core_segments: Vec<CoreSegment>,
    events: Vec<Event>,
}

/// The finished trace, with its tallies.
pub(crate) struct Trace {
    pub segments: Vec<Segment>,
    pub core_segments: Vec<CoreSegment>,
    pub events: Vec<Event>,
    /// Per thread.
    pub tallies: Vec<Tally>,
    /// Ticks during which at least one thread was Blocked(io).
    pub io_busy: u64,
}

impl Recorder {
    pub fn new(p: &Program) -> Self {
        let n = p.threads.len();
        let c = p.settings.cores as usize;
        let tally = Tally { ticks: [0; 9], first_run: None };
        let lane = Lane { key: SegKey::new_(), since: 0, last_key: SegKey::dead(), last_end: 0, last: NONE, tally };
        Recorder {
            lanes: vec![lane; n],
            io_threads: 0,
            io_since: 0,
            io_busy: 0,
            segments: Vec::new(),
            core_cur: vec![None; c],
            core_last: vec![usize::MAX; c],
            core_segments: Vec::new(),
            events: Vec::new(),
        }
    }

    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }

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
        lane.since = now;
    }

    fn close(&mut self, t: ThreadId, now: u64) {
        let lane = &mut self.lanes[t as usize];
        let (k, since) = (lane.key, lane.since);
        if now <= since || k.state() == State::Dead {
            return;
        }
        if let Some(slot) = k.slot() {
            let tally = &mut lane.tally;
            tally.ticks[slot] += now - since;
            if slot == 0 && tally.first_run.is_none() {
                tally.first_run = Some(since);
            }
        }
        if lane.last != NONE && lane.last_end == since && lane.last_key == k {
            self.segments[lane.last as usize].end = now;
            lane.last_end = now;
            return;
        }
        assert!(self.segments.len() < NONE as usize, "too many segments");
        lane.last = self.segments.len() as u32;
        lane.last_end = now;
        lane.last_key = k;
        self.segments.push(Segment {
            thread: t,
            state: k.state(),
            cause: k.cause(),
            object: k.object(),
            core: k.core(),
            task: k.task(),
            start: since,
            end: now,
        });
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
        let ci = c as usize;
        if let Some((a, since)) = self.core_cur[ci] {
            if Some(a) == what {
                return;
            }
            if now > since {
                let li = self.core_last[ci];
                let merged = li != usize::MAX && {
                    let s = &mut self.core_segments[li];
                    if s.end == since && s.activity == a {
                        s.end = now;
                        true
                    } else {
                        false
                    }
                };
                if !merged {
                    self.core_last[ci] = self.core_segments.len();
                    self.core_segments.push(CoreSegment { core: c, activity: a, start: since, end: now });
                }
            }
        }
        self.core_cur[ci] = what.map(|a| (a, now));
    }

    /// Closes every open segment at `end` and hands the trace over.
    pub fn close_all(mut self, end: u64) -> Trace {
        for t in 0..self.lanes.len() {
            if self.lanes[t].key.is_io() {
                self.io_leaves(end);
            }
            self.close(t as ThreadId, end);
        }
        for c in 0..self.core_cur.len() {
            self.core_change(c as u32, end, None);
        }
        Trace {
            io_busy: self.io_busy,
            segments: self.segments,
            core_segments: self.core_segments,
            events: self.events,
            tallies: self.lanes.iter().map(|l| l.tally).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        let k = SegKey::running(255, Some(9_999));
        assert_eq!(
            (k.state(), k.cause(), k.core(), k.task(), k.object()),
            (State::Running, None, Some(255), Some(9_999), None)
        );
        let k = SegKey::blocked(Cause::Acquire, Some(70_000));
        assert_eq!(
            (k.state(), k.cause(), k.core(), k.task(), k.object()),
            (State::Blocked, Some(Cause::Acquire), None, None, Some(70_000))
        );
        let k = SegKey::blocked(Cause::Io, None);
        assert_eq!((k.cause(), k.object()), (Some(Cause::Io), None));
        assert!(k.is_io() && SegKey::blocked(Cause::Io, Some(3)).is_io());
        assert!(!SegKey::blocked(Cause::Sleep, None).is_io() && !SegKey::running(0, None).is_io());
        assert_eq!(SegKey::runnable().state(), State::Runnable);
        assert_ne!(SegKey::running(0, None), SegKey::running(0, Some(0)));
    }
}
