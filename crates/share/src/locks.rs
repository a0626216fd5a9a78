//! The locks lane of a run: for every lock, monitor or semaphore, who holds it and how many
//! threads queue on it, over time. Read off the trace only (the core's lock/unlock events and
//! the blocked segments), for the app's canvas and the SVG/PNG exports alike.

use crate::chart::{bin, Bar, Columns, Item};
use threadlab_sim::trace::{Cause, EventKind, ObjectId, ThreadId};
use threadlab_sim::RunResult;

/// An interval `[start, end)` of a lock lane: who holds the lock (`who` is the holder), or
/// how many threads are blocked on it (`who` is the count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u64,
    pub end: u64,
    pub who: u32,
}

/// The lane of one lock, monitor or semaphore: who holds it (mutexes and monitors, from the
/// core's lock/unlock events) and how many threads are blocked on it (lock, wait or acquire
/// segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockLane {
    pub object: ObjectId,
    pub holds: Vec<Span>,
    pub queue: Vec<Span>,
}

/// The lock lanes of a run, by object id: every object that is ever taken or waited on.
/// A lock still held when the run stops is held until the end of the run. Linear in the
/// trace (plus sorting the queue's edges), whatever the length of the queues.
pub fn lock_lanes(r: &RunResult) -> Vec<LockLane> {
    let n = r.objects.len();
    let mut holds: Vec<Vec<Span>> = vec![Vec::new(); n];
    let mut open: Vec<Option<(ThreadId, u64)>> = vec![None; n];
    for e in &r.events {
        let Some(o) = e.object.map(|o| o as usize).filter(|&o| o < n) else { continue };
        match e.kind {
            EventKind::Lock => open[o] = Some((e.thread, e.tick)),
            EventKind::Unlock => {
                if let Some((t, start)) = open[o].take() {
                    holds[o].push(Span { start, end: e.tick, who: t });
                }
            }
            _ => {}
        }
    }
    for (o, h) in open.iter().enumerate() {
        if let Some((t, start)) = *h {
            holds[o].push(Span { start, end: r.makespan.max(start), who: t });
        }
    }
    // Queue: the number of threads blocked on each object, swept over the edges of their
    // blocked segments (+1 at a start, -1 at an end). An edge is one number, tick × 2 + 1 for
    // a start and tick × 2 for an end (ends first at a tick), so sorting them is the plain
    // `u64` sort the core's engine already has (no second copy of the sort in the wasm).
    let mut edges: Vec<Vec<u64>> = vec![Vec::new(); n];
    for s in &r.segments {
        if let (Some(Cause::Lock | Cause::Wait | Cause::Acquire), Some(o)) = (s.cause, s.object) {
            if let Some(ed) = edges.get_mut(o as usize) {
                ed.push(s.start * 2 + 1);
                ed.push(s.end * 2);
            }
        }
    }
    let mut out = Vec::new();
    for (o, mut ed) in edges.into_iter().enumerate() {
        if ed.is_empty() && holds[o].is_empty() {
            continue;
        }
        ed.sort_unstable();
        let mut queue: Vec<Span> = Vec::new();
        let mut count: i64 = 0;
        let mut i = 0;
        while i < ed.len() {
            let t = ed[i] / 2;
            while i < ed.len() && ed[i] / 2 == t {
                count += if ed[i] % 2 == 1 { 1 } else { -1 };
                i += 1;
            }
            if let Some(last) = queue.last_mut() {
                last.end = t;
            }
            let who = count.max(0) as u32;
            match queue.last() {
                Some(l) if l.who == who => {}
                _ => queue.push(Span { start: t, end: t, who }),
            }
        }
        queue.retain(|s| s.who > 0 && s.end > s.start);
        let mut h = std::mem::take(&mut holds[o]);
        h.retain(|s| s.end > s.start);
        out.push(LockLane { object: o as ObjectId, holds: h, queue });
    }
    out
}

/// The spans of a lock lane (holders or queue lengths) cut into columns by [`bin`]: each
/// column shows the holder (or the queue length) that took most of its time, the first met on
/// a tie. (One instantiation of `bin` for both, for the canvas and the SVG alike.)
pub fn span_bars(spans: &[Span], cols: &Columns) -> Vec<Bar<u32>> {
    let items = spans.iter().enumerate().map(|(i, s)| Item { start: s.start, end: s.end, key: Some(s.who), index: i });
    bin(items, cols, first)
}

fn first(_: u32) -> u32 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> RunResult {
        threadlab_sim::run(t).unwrap()
    }

    #[test]
    fn lock_lanes_show_holders_and_queues() {
        let r = run("cores 3\nthread a { lock m; cpu 4; unlock m }\nthread b { cpu 1; lock m; cpu 1; unlock m }\nthread c { cpu 2; lock m; cpu 1; unlock m }");
        let l = lock_lanes(&r);
        assert_eq!(l.len(), 1);
        let m = &l[0];
        let holders: Vec<(u64, u64, u32)> = m.holds.iter().map(|s| (s.start, s.end, s.who)).collect();
        assert_eq!(holders, vec![(0, 4, 0), (4, 5, 1), (5, 6, 2)]);
        let queue: Vec<(u64, u64, u32)> = m.queue.iter().map(|s| (s.start, s.end, s.who)).collect();
        assert_eq!(queue, vec![(1, 2, 1), (2, 4, 2), (4, 5, 1)]);
    }

    #[test]
    fn span_bars_are_binned_like_every_lane() {
        let spans =
            [Span { start: 0, end: 4, who: 0 }, Span { start: 4, end: 5, who: 1 }, Span { start: 5, end: 6, who: 2 }];
        let bars = span_bars(&spans, &Columns::whole(6, 3));
        let got: Vec<(usize, usize, u32)> = bars.iter().map(|b| (b.from, b.to, b.key)).collect();
        // 2 ticks per column: 0 holds columns 0 and 1; column 2 is 1 tick each, the first wins.
        assert_eq!(got, vec![(0, 2, 0), (2, 3, 1)]);
    }

    #[test]
    fn a_lock_never_released_is_held_to_the_end() {
        let r = run("thread a { lock m; cpu 2 }");
        let l = lock_lanes(&r);
        assert_eq!(l[0].holds, vec![Span { start: 0, end: 2, who: 0 }]);
    }

    #[test]
    fn a_deadlock_holds_both_locks_and_queues_on_both() {
        let r = run("cores 2\nthread a { lock x; cpu 5; lock y }\nthread b { lock y; cpu 5; lock x }\n");
        let l = lock_lanes(&r);
        assert_eq!(l.len(), 2);
        for lane in &l {
            assert_eq!(lane.holds.len(), 1, "{lane:?}");
            assert_eq!((lane.holds[0].start, lane.holds[0].end), (0, r.makespan));
        }
    }
}
