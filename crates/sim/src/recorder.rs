//! Records the trace as the engine runs: one open segment per thread and per core, closed
//! when its state changes, merged with the previous one when nothing visible changed.
//! Storage grows with state changes, never with ticks.

use crate::program::Program;
use crate::trace::{Cause, CoreActivity, CoreSegment, Event, ObjectId, Segment, State, TaskId, ThreadId};

/// Everything that makes two segments different.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SegKey {
    pub state: State,
    pub cause: Option<Cause>,
    pub object: Option<ObjectId>,
    pub core: Option<u32>,
    pub task: Option<TaskId>,
}

impl SegKey {
    fn plain(state: State) -> Self {
        SegKey { state, cause: None, object: None, core: None, task: None }
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
        SegKey { state: State::Running, cause: None, object: None, core: Some(core), task }
    }
    pub fn blocked(cause: Cause, object: Option<ObjectId>) -> Self {
        SegKey { state: State::Blocked, cause: Some(cause), object, core: None, task: None }
    }
}

const NONE: usize = usize::MAX;

pub(crate) struct Recorder {
    cur: Vec<(SegKey, u64)>,
    /// Per thread: index, end and key of its last recorded segment, kept beside `cur` so the
    /// merge test never touches the (large, cold) segment vector.
    last: Vec<(usize, u64, SegKey)>,
    segments: Vec<Segment>,
    core_cur: Vec<Option<(CoreActivity, u64)>>,
    core_last: Vec<usize>,
    core_segments: Vec<CoreSegment>,
    events: Vec<crate::trace::Event>,
}

/// The finished trace.
pub(crate) struct Trace {
    pub segments: Vec<Segment>,
    pub core_segments: Vec<CoreSegment>,
    pub events: Vec<Event>,
}

impl Recorder {
    pub fn new(p: &Program) -> Self {
        let n = p.threads.len();
        let c = p.settings.cores as usize;
        Recorder {
            cur: vec![(SegKey::new_(), 0); n],
            last: vec![(NONE, 0, SegKey::dead()); n],
            segments: Vec::new(),
            core_cur: vec![None; c],
            core_last: vec![NONE; c],
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
        let (old, _) = self.cur[t as usize];
        if old == key {
            return;
        }
        self.close(t, now);
        self.cur[t as usize] = (key, now);
    }

    fn close(&mut self, t: ThreadId, now: u64) {
        let (k, since) = self.cur[t as usize];
        if now <= since || k.state == State::Dead {
            return;
        }
        let (li, end, key) = self.last[t as usize];
        if li != NONE && end == since && key == k {
            self.segments[li].end = now;
            self.last[t as usize].1 = now;
            return;
        }
        self.last[t as usize] = (self.segments.len(), now, k);
        self.segments.push(Segment {
            thread: t,
            state: k.state,
            cause: k.cause,
            object: k.object,
            core: k.core,
            task: k.task,
            start: since,
            end: now,
        });
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
                let merged = li != NONE && {
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
        for t in 0..self.cur.len() {
            self.close(t as ThreadId, end);
        }
        for c in 0..self.core_cur.len() {
            self.core_change(c as u32, end, None);
        }
        Trace { segments: self.segments, core_segments: self.core_segments, events: self.events }
    }
}
