//! What the views read off a run at a given tick: each thread's segment, who holds which
//! lock, and the events that explain the tick, in words. Pure functions of the core's
//! result: the UI never re-derives a scheduling rule, it only reads the trace.

use threadlab_sim::trace::{Event, EventKind, Segment, State, ThreadId};
use threadlab_sim::RunResult;

/// The segments of every thread, each thread's in time order (index = thread id).
pub fn lanes(r: &RunResult) -> Vec<Vec<Segment>> {
    let mut lanes = vec![Vec::new(); r.threads.len()];
    for s in &r.segments {
        lanes[s.thread as usize].push(*s);
    }
    for l in &mut lanes {
        l.sort_by_key(|s| s.start);
    }
    lanes
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

/// Mutexes held at `tick` (object id → owner), replayed from lock/unlock events.
pub fn owners_at(r: &RunResult, tick: u64) -> Vec<(u32, ThreadId)> {
    let mut owner: Vec<Option<ThreadId>> = vec![None; r.objects.len()];
    for e in r.events.iter().take_while(|e| e.tick <= tick) {
        match (e.kind, e.object) {
            (EventKind::Lock, Some(o)) => owner[o as usize] = Some(e.thread),
            (EventKind::Unlock, Some(o)) => owner[o as usize] = None,
            _ => {}
        }
    }
    owner.iter().enumerate().filter_map(|(o, t)| t.map(|t| (o as u32, t))).collect()
}

/// The events of the last tick at or before `tick` at which something happened.
pub fn events_at(r: &RunResult, tick: u64) -> (u64, &[Event]) {
    let end = r.events.partition_point(|e| e.tick <= tick);
    let Some(last) = end.checked_sub(1).map(|i| r.events[i].tick) else { return (0, &[]) };
    let start = r.events.partition_point(|e| e.tick < last);
    (last, &r.events[start..end])
}

/// One event as a sentence, e.g. "core 1 takes b: head of ready queue".
pub fn describe(r: &RunResult, e: &Event) -> String {
    let n = |t: ThreadId| r.thread_name(t).to_string();
    let obj = e.object.map(|o| r.object_name(o).to_string()).unwrap_or_default();
    let cause = e.cause.map(|c| c.as_str()).unwrap_or("");
    let who = n(e.thread);
    let reason = e.reason.text();
    match e.kind {
        EventKind::Dispatch => format!("core {} takes {who}: {reason}", e.core.unwrap_or(0)),
        EventKind::Preempt => format!("{who} is preempted: {reason}"),
        EventKind::Block => {
            let on = e.other.map(|o| format!(" (held by {})", n(o))).unwrap_or_default();
            let what = if obj.is_empty() { cause.to_string() } else { format!("{cause} {obj}") };
            format!("{who} blocks on {what}{on}")
        }
        EventKind::Wake => match e.other {
            Some(by) => format!("{} wakes {who}: {reason}", n(by)),
            None => format!("{who} wakes: {reason}"),
        },
        EventKind::GilHandoff => {
            format!(
                "the GIL passes {}to {who}: {reason}",
                e.other.map(|o| format!("from {} ", n(o))).unwrap_or_default()
            )
        }
        EventKind::Spawn => format!("{who} spawns {}", e.other.map(n).unwrap_or_default()),
        EventKind::Start => format!("{who} starts: {reason}"),
        EventKind::Yield => format!("{who} yields its core"),
        EventKind::Notify => match e.other {
            Some(w) => format!("{who} notifies {obj}: wakes {}", n(w)),
            None => format!("{who} notifies {obj}: {reason}"),
        },
        EventKind::Lock => format!("{who} takes lock {obj}"),
        EventKind::Unlock => format!("{who} releases lock {obj}"),
        EventKind::End => format!("{who} ends"),
        EventKind::Exit => format!("{who} exits"),
        EventKind::Crash => format!("{who} crashes: its whole process dies"),
        EventKind::Kill => format!("{who} is killed: {reason}"),
        EventKind::TaskSwitch => {
            format!("{who} switches to task {}", e.task.map(|t| r.tasks[t as usize].clone()).unwrap_or_default())
        }
        EventKind::Error => format!("error in {who}: {reason}"),
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
        let l = lanes(&r);
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
        assert_eq!(owners_at(&r, 2), vec![(0, 0)]);
        assert_eq!(owners_at(&r, 4), vec![(0, 1)]);
        let (t, evs) = events_at(&r, 1);
        assert_eq!(t, 1);
        let text: Vec<String> = evs.iter().map(|e| describe(&r, e)).collect();
        assert!(text.iter().any(|s| s == "b blocks on lock m (held by a)"), "{text:?}");
        let (_, evs) = events_at(&r, 4);
        let text: Vec<String> = evs.iter().map(|e| describe(&r, e)).collect();
        assert!(text.iter().any(|s| s == "a wakes b: lock handed over on unlock"), "{text:?}");
    }
}
