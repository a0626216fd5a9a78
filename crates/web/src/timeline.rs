//! What the views read off a run at a given tick: each thread's segment, who holds which
//! lock, and the events that explain the tick, in words. Pure functions of the core's
//! result: the UI never re-derives a scheduling rule, it only reads the trace.

use crate::i18n::{ev, fill_in, EvWord, Lang};
use threadlab_sim::trace::{Cause, Event, EventKind, ObjectId, Segment, State, ThreadId};
use threadlab_sim::RunResult;

/// The lock lanes (who holds each lock, how many queue on it) are the chart model's, shared
/// with the SVG and PNG exports.
pub use threadlab_share::locks::{lock_lanes, LockLane, Span};

/// The threads blocked on object `o` at `tick` (lock, wait or acquire), in thread order, with
/// the cause of each.
pub fn blocked_on(lanes: &[Vec<Segment>], o: ObjectId, tick: u64) -> Vec<(ThreadId, Cause)> {
    lanes
        .iter()
        .enumerate()
        .filter_map(|(t, lane)| {
            let s = at(lane, tick)?;
            match (s.cause, s.object) {
                (Some(c @ (Cause::Lock | Cause::Wait | Cause::Acquire)), Some(obj)) if obj == o => {
                    Some((t as ThreadId, c))
                }
                _ => None,
            }
        })
        .collect()
}

/// The span of a sorted, non-overlapping list that covers `tick`.
pub fn span_at(spans: &[Span], tick: u64) -> Option<&Span> {
    let i = spans.partition_point(|s| s.end <= tick);
    spans.get(i).filter(|s| s.start <= tick)
}

/// The segment of a lane that covers `tick` (binary search).
pub fn at(lane: &[Segment], tick: u64) -> Option<&Segment> {
    let i = lane.partition_point(|s| s.end <= tick);
    lane.get(i).filter(|s| s.start <= tick)
}

/// The state of thread `t` at `tick`, as shown in the lifecycle and the thread table.
pub fn state_at(lanes: &[Vec<Segment>], r: &RunResult, t: ThreadId, tick: u64) -> State {
    match at(&lanes[t as usize], tick) {
        Some(s) => s.state,
        None => match r.threads[t as usize].end {
            Some(e) if tick >= e => State::Dead,
            _ => State::New,
        },
    }
}

/// CPU time of thread `t` up to `tick`.
pub fn cpu_until(lane: &[Segment], tick: u64) -> u64 {
    lane.iter().filter(|s| s.state == State::Running && s.start < tick).map(|s| s.end.min(tick) - s.start).sum()
}

/// Mutexes held at `tick` (object id → owner), looked up in the lock lanes.
pub fn owners_at(locks: &[LockLane], tick: u64) -> Vec<(ObjectId, ThreadId)> {
    locks.iter().filter_map(|l| span_at(&l.holds, tick).map(|s| (l.object, s.who))).collect()
}

/// The events of the last tick at or before `tick` at which something happened.
pub fn events_at(r: &RunResult, tick: u64) -> (u64, Vec<Event>) {
    let end = r.events.partition_point(|e| e.tick <= tick);
    let Some(last) = end.checked_sub(1).and_then(|i| r.events.get(i)).map(|e| e.tick) else { return (0, Vec::new()) };
    let start = r.events.partition_point(|e| e.tick < last);
    (last, r.events.range(start..end).collect())
}

/// Event `i` of the run (one copy of the unpacking for all the views' reads by index).
#[inline(never)]
pub fn event(r: &RunResult, i: usize) -> Option<Event> {
    r.events.get(i)
}

/// The index of the first event at or after `tick` (binary search: events are in tick order).
pub fn first_event_at(r: &RunResult, tick: u64) -> usize {
    let (mut lo, mut hi) = (0, r.events.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if event(r, mid).is_some_and(|e| e.tick < tick) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The indices of the events that happen exactly at `tick`.
pub fn events_range(r: &RunResult, tick: u64) -> std::ops::Range<usize> {
    first_event_at(r, tick)..first_event_at(r, tick + 1)
}

/// At most this many phrases in the why-line; the rest are counted ("and 40 more").
pub const MAX_PHRASES: usize = 12;

/// What changed at exactly `tick`, as phrases in `lang`: the events of that tick in order,
/// with all the threads that start at it in one phrase ("4 threads start (a, b, c, d)"),
/// at most [`MAX_PHRASES`] of them and then how many more. Empty when nothing happens at `tick`.
pub fn changes_at(r: &RunResult, tick: u64, lang: Lang) -> Vec<String> {
    let events: Vec<Event> = events_range(r, tick).filter_map(|i| event(r, i)).collect();
    let starts: Vec<&str> =
        events.iter().filter(|e| e.kind == EventKind::Start).map(|e| r.thread_name(e.thread)).collect();
    let mut out = Vec::new();
    let mut more = 0;
    let mut starts_said = false;
    for e in events {
        let collapsed = e.kind == EventKind::Start && starts.len() > 1;
        if collapsed && std::mem::replace(&mut starts_said, true) {
            continue;
        }
        if out.len() >= MAX_PHRASES {
            more += 1;
            continue;
        }
        out.push(if collapsed {
            let names = crate::i18n::names(lang, &starts, 8);
            fill_in(ev(lang, EvWord::Starts), &[&starts.len().to_string(), &names])
        } else {
            describe(r, &e, lang)
        });
    }
    if more > 0 {
        out.push(crate::i18n::more(lang, more, false, true));
    }
    out
}

/// One event as a sentence in `lang`, e.g. "core 1 takes b: head of ready queue".
pub fn describe(r: &RunResult, e: &Event, lang: Lang) -> String {
    let n = |t: ThreadId| r.thread_name(t).to_string();
    let obj = e.object.map(|o| r.object_name(o).to_string()).unwrap_or_default();
    let cause = e.cause.map(|c| c.as_str()).unwrap_or("");
    let who = n(e.thread);
    let reason = crate::i18n::reason(lang, e.reason);
    let what = if obj.is_empty() { cause.to_string() } else { format!("{cause} {obj}") };
    let task = || e.task.map(|t| r.tasks[t as usize].clone()).unwrap_or_default();
    let awaited = || e.awaited.map(|t| r.tasks[t as usize].clone());
    let core = e.core.unwrap_or(0).to_string();
    let other = || e.other.map(n).unwrap_or_default();
    let say = |w: EvWord, args: &[&str]| fill_in(ev(lang, w), args);
    match e.kind {
        EventKind::Dispatch => say(EvWord::Dispatch, &[&who, &core, reason]),
        EventKind::Preempt => say(EvWord::Preempt, &[&who, reason]),
        EventKind::Block => {
            let on = e.other.map(|o| say(EvWord::HeldBy, &[&n(o)])).unwrap_or_default();
            say(EvWord::Block, &[&who, &what, &on])
        }
        EventKind::Wake => match e.other {
            Some(by) => say(EvWord::WakeBy, &[&who, &n(by), reason]),
            None => say(EvWord::Woken, &[&who, reason]),
        },
        EventKind::GilHandoff => {
            let from = e.other.map(|o| say(EvWord::GilFrom, &[&n(o)])).unwrap_or_default();
            say(EvWord::Gil, &[&who, reason, &from])
        }
        EventKind::Spawn => say(EvWord::Spawn, &[&who, &other()]),
        EventKind::Start => say(EvWord::Start, &[&who, reason]),
        EventKind::Yield => say(EvWord::Yield, &[&who]),
        EventKind::Notify => match e.other {
            Some(w) => say(EvWord::NotifyWakes, &[&who, &obj, &n(w)]),
            None => say(EvWord::NotifyLost, &[&who, &obj, reason]),
        },
        EventKind::Lock => say(EvWord::Lock, &[&who, &obj]),
        EventKind::Unlock => say(EvWord::Unlock, &[&who, &obj]),
        EventKind::End => say(EvWord::End, &[&who]),
        EventKind::Exit => say(EvWord::Exit, &[&who]),
        EventKind::Crash => say(EvWord::Crash, &[&who]),
        EventKind::Kill => say(EvWord::Kill, &[&who, reason]),
        EventKind::TaskSwitch => say(EvWord::TaskSwitch, &[&who, &task()]),
        EventKind::Error => say(EvWord::Error, &[&who, reason]),
        EventKind::TaskAwait => match awaited() {
            Some(x) => say(EvWord::AwaitsTask, &[&who, &task(), &x]),
            None => say(EvWord::AwaitsCause, &[&who, &task(), cause]),
        },
        EventKind::TaskReady => say(EvWord::TaskReady, &[&who, &task(), reason]),
        EventKind::TaskDone => say(EvWord::TaskDone, &[&who, &task()]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(t: &str) -> RunResult {
        threadlab_sim::run(t).unwrap()
    }

    #[test]
    fn state_and_cpu_at_a_tick() {
        let r = run("thread a { cpu 3; io 4; cpu 2 }\nthread b at 2 { cpu 1 }");
        let l = r.thread_lanes();
        let b = r.thread_id("b").unwrap();
        assert_eq!(state_at(&l, &r, b, 0), State::New);
        assert_eq!(state_at(&l, &r, 0, 4), State::Blocked);
        assert_eq!(state_at(&l, &r, 0, 100), State::Dead);
        assert_eq!(cpu_until(&l[0], 2), 2);
        assert_eq!(cpu_until(&l[0], 100), 5);
    }

    #[test]
    fn owners_and_why_at_a_tick() {
        let r = run("cores 2\nthread a { lock m; cpu 4; unlock m }\nthread b { cpu 1; lock m; cpu 1; unlock m }");
        let locks = lock_lanes(&r);
        assert_eq!(owners_at(&locks, 2), vec![(0, 0)]);
        assert_eq!(owners_at(&locks, 4), vec![(0, 1)]);
        assert_eq!(owners_at(&locks, 6), vec![]);
        let (t, evs) = events_at(&r, 1);
        assert_eq!(t, 1);
        let text: Vec<String> = evs.iter().map(|e| describe(&r, e, Lang::En)).collect();
        assert!(text.iter().any(|s| s == "b blocks on lock m (held by a)"), "{text:?}");
        let zh: Vec<String> = evs.iter().map(|e| describe(&r, e, Lang::Zh)).collect();
        assert!(zh.iter().any(|s| s == "b 阻塞于 lock m（被 a 持有）"), "{zh:?}");
        let (_, evs) = events_at(&r, 4);
        let text: Vec<String> = evs.iter().map(|e| describe(&r, e, Lang::En)).collect();
        assert!(text.iter().any(|s| s == "a wakes b: lock handed over on unlock"), "{text:?}");
        let zh: Vec<String> = evs.iter().map(|e| describe(&r, e, Lang::Zh)).collect();
        assert!(zh.iter().any(|s| s == "a 唤醒 b：解锁时把锁交给它"), "{zh:?}");
    }
    #[test]
    fn task_events_in_words() {
        let r = run("thread l asyncio {\n task a { await b; await io 2 }\n task b { cpu 1 }\n}");
        let words = |tick, lang| -> Vec<String> {
            let (t, evs) = events_at(&r, tick);
            assert_eq!(t, tick);
            evs.iter().map(|e| describe(&r, e, lang)).collect()
        };
        let en = words(0, Lang::En);
        assert!(en.iter().any(|s| s == "task a of l awaits task b"), "{en:?}");
        let en = words(1, Lang::En);
        for want in ["task b of l ends", "task a of l is ready: awaited task finished", "task a of l awaits io"] {
            assert!(en.iter().any(|s| s == want), "{want}: {en:?}");
        }
        let zh = words(1, Lang::Zh);
        for want in ["l 的任务 b 结束", "l 的任务 a 就绪：等待的任务结束了", "l 的任务 a 等待 io"]
        {
            assert!(zh.iter().any(|s| s == want), "{want}: {zh:?}");
        }
        assert!(words(3, Lang::En).iter().any(|s| s == "task a of l is ready: I/O done"));
        assert!(words(3, Lang::Zh).iter().any(|s| s == "l 的任务 a 就绪：I/O 完成"));
    }

    #[test]
    fn blocked_on_lists_who_waits_for_a_lock() {
        // The lanes themselves are tested in `threadlab_share::locks`.
        let r = run("cores 3\nthread a { lock m; cpu 4; unlock m }\nthread b { cpu 1; lock m; cpu 1; unlock m }\nthread c { cpu 2; lock m; cpu 1; unlock m }");
        let m = &lock_lanes(&r)[0];
        assert_eq!(span_at(&m.queue, 3).map(|s| s.who), Some(2));
        assert_eq!(span_at(&m.queue, 7), None);
        let l = r.thread_lanes();
        assert_eq!(blocked_on(&l, m.object, 3), vec![(1, Cause::Lock), (2, Cause::Lock)]);
        assert_eq!(blocked_on(&l, m.object, 4), vec![(2, Cause::Lock)]);
    }

    #[test]
    fn the_changes_at_a_tick_are_only_that_ticks() {
        let r = run("cores 1\nthread a { cpu 3; io 4; cpu 2 }\nthread b at 2 { cpu 1 }");
        assert_eq!(changes_at(&r, 2, Lang::En), ["b starts: its start time"]);
        // Nothing happens at 1: no phrase (the why-line then says so).
        assert!(changes_at(&r, 1, Lang::En).is_empty());
        assert_eq!(events_range(&r, 1), events_range(&r, 1).start..events_range(&r, 1).start);
        let at3 = changes_at(&r, 3, Lang::En);
        assert!(at3.iter().any(|s| s == "a blocks on io"), "{at3:?}");
        assert!(at3.iter().all(|s| !s.contains("starts")), "{at3:?}");
    }

    #[test]
    fn threads_starting_together_are_one_phrase() {
        let r = run("cores 2\nthread a { cpu 1 }\nthread b { cpu 1 }\nthread c { cpu 1 }\nthread d { cpu 1 }");
        let en = changes_at(&r, 0, Lang::En);
        assert_eq!(en[0], "4 threads start (a, b, c, d)");
        assert_eq!(en.iter().filter(|s| s.contains("start")).count(), 1, "{en:?}");
        assert_eq!(en[1..], ["core 0 takes a: head of ready queue", "core 1 takes b: head of ready queue"]);
        assert_eq!(changes_at(&r, 0, Lang::Zh)[0], "4 个线程启动（a、b、c、d）");
        // Many at once: the names are cut short, and the phrases too.
        let r = run("cores 20\nthread w x 30 { cpu 1 }");
        let en = changes_at(&r, 0, Lang::En);
        assert_eq!(en[0], "30 threads start (w.1, w.2, w.3, w.4, w.5, w.6, w.7, w.8, …)");
        assert_eq!(en.len(), MAX_PHRASES + 1);
        assert_eq!(en[MAX_PHRASES], format!("and {} more", 20 - (MAX_PHRASES - 1)));
    }
}
