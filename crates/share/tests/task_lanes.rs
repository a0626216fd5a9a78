//! The task rows (`tasks::task_lanes`) against the trace they are read from, on every asyncio
//! preset and on random event loops:
//!
//! 1. the Running spans of a task are exactly the loop's Running segments with that task (so
//!    the Running spans of all tasks of a loop are the loop's Running segments);
//! 2. the spans of a task never overlap: each starts where the previous ends, from the loop's
//!    arrival to the task's `task_end` (or the end of the loop's lane), never empty;
//! 3. an Awaiting span starts at a `TaskAwait` event of that task (same tick, same cause) and
//!    ends at the matching `TaskReady`, or at the end of the row when none came (the task is
//!    then left Awaiting);
//! 4. tasks are in id order, each under the thread `task_threads` names.

use proptest::prelude::*;
use threadlab_share::tasks::{left_unfinished, task_lanes, tasks_of, TaskLane, TaskState};
use threadlab_sim::trace::{EventKind, State};
use threadlab_sim::RunResult;

#[path = "../../sim/tests/common/seeds.rs"]
mod seeds;

/// Intervals in time order with touching ones joined.
fn union(mut v: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    v.retain(|&(a, b)| a < b);
    v.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if last.1 >= a => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn check(r: &RunResult) -> Result<(), String> {
    let lanes = task_lanes(r);
    if lanes.len() != r.tasks.len() {
        return Err(format!("{} rows for {} tasks", lanes.len(), r.tasks.len()));
    }
    let left = left_unfinished(r);
    for (k, lane) in lanes.iter().enumerate() {
        let TaskLane { thread, task, spans } = lane;
        let name = &r.tasks[k];
        if *task as usize != k || *thread != r.task_threads[k] || !tasks_of(r, *thread).contains(task) {
            return Err(format!("row {k} is task {task} of thread {thread}"));
        }
        // 1. Running = the loop's Running segments with this task.
        let ran: Vec<(u64, u64)> = r
            .segments
            .iter()
            .filter(|s| s.thread == *thread && s.state == State::Running && s.task == Some(*task))
            .map(|s| (s.start, s.end))
            .collect();
        let running: Vec<(u64, u64)> =
            spans.iter().filter(|s| s.state == TaskState::Running).map(|s| (s.start, s.end)).collect();
        if union(ran.clone()) != union(running.clone()) {
            return Err(format!("task {name}: runs {running:?}, the loop runs it {ran:?}"));
        }
        // 2. Contiguous, never empty, from the loop's arrival to the task's end.
        let arrival = r.threads[*thread as usize].arrival;
        let done = r.events.iter().find(|e| e.kind == EventKind::TaskDone && e.task == Some(*task)).map(|e| e.tick);
        let Some(first) = spans.first() else {
            // Only a task that never lived has no row: its loop never arrived, or the task (or
            // its whole loop) ended at the tick it arrived.
            let lane_end = r.segments.iter().filter(|s| s.thread == *thread).map(|s| s.end).max();
            if arrival.is_some() && done != arrival && lane_end.is_some_and(|e| Some(e) != arrival) {
                return Err(format!("task {name} has no row, its loop arrived at {arrival:?}"));
            }
            continue;
        };
        if Some(first.start) != arrival {
            return Err(format!("task {name} starts at {}, its loop at {arrival:?}", first.start));
        }
        if let Some(w) = spans.windows(2).find(|w| w[0].end != w[1].start) {
            return Err(format!("task {name}: {:?} then {:?}", w[0], w[1]));
        }
        if let Some(s) = spans.iter().find(|s| s.start >= s.end) {
            return Err(format!("task {name}: empty span {s:?}"));
        }
        let last = spans.last().map_or(0, |s| s.end);
        if let Some(d) = done {
            if last != d {
                return Err(format!("task {name} ends at {d}, its row at {last}"));
            }
        }
        // 3. Awaits from `await` to `ready`.
        let events: Vec<_> = r
            .events
            .iter()
            .filter(|e| e.task == Some(*task) && matches!(e.kind, EventKind::TaskAwait | EventKind::TaskReady))
            .collect();
        for s in spans {
            let TaskState::Awaiting(cause) = s.state else { continue };
            // The last await at that tick (awaits answered at once, in zero ticks, have no span).
            let Some(i) = events.iter().rposition(|e| e.kind == EventKind::TaskAwait && e.tick == s.start) else {
                return Err(format!("task {name}: {s:?} starts at no await"));
            };
            if events[i].cause != Some(cause) {
                return Err(format!("task {name}: {s:?}, the await is {:?}", events[i]));
            }
            match events.get(i + 1) {
                Some(e) if e.kind == EventKind::TaskReady && e.tick == s.end && e.cause == Some(cause) => {}
                None if s.end == last && left.contains(&(*task, TaskState::Awaiting(cause))) => {}
                other => return Err(format!("task {name}: {s:?} ends at {other:?}")),
            }
        }
        if done.is_some() == left.iter().any(|&(t, _)| t == *task) {
            return Err(format!("task {name}: done {done:?}, left unfinished {left:?}"));
        }
    }
    // 1'. Over a loop: all its tasks' Running spans are its Running segments.
    for (t, th) in r.threads.iter().enumerate().filter(|(_, th)| th.asyncio) {
        let seg: Vec<_> = r
            .segments
            .iter()
            .filter(|s| s.thread as usize == t && s.state == State::Running)
            .map(|s| (s.start, s.end))
            .collect();
        let rows: Vec<_> = lanes
            .iter()
            .filter(|l| l.thread as usize == t)
            .flat_map(|l| l.spans.iter().filter(|s| s.state == TaskState::Running).map(|s| (s.start, s.end)))
            .collect();
        if union(seg) != union(rows) {
            return Err(format!("loop {}: the rows' Running spans are not its Running segments", th.name));
        }
    }
    Ok(())
}

#[test]
fn rows_agree_with_the_trace_on_every_asyncio_preset() {
    let mut checked = Vec::new();
    for p in threadlab_sim::presets::all() {
        let r = threadlab_sim::run(p.text).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        if r.tasks.is_empty() {
            assert!(task_lanes(&r).is_empty());
            continue;
        }
        check(&r).unwrap_or_else(|e| panic!("preset {}: {e}", p.name));
        // Something to see: tasks awaiting at once (the point of the rows).
        let lanes = task_lanes(&r);
        let awaits = lanes.iter().flat_map(|l| &l.spans).filter(|s| matches!(s.state, TaskState::Awaiting(_))).count();
        assert!(awaits > 0, "preset {} has no await", p.name);
        checked.push(p.name);
    }
    assert!(checked.len() >= 3, "asyncio presets checked: {checked:?}");
}

/// A task's body: operations `cpu`, `await io`, `await sleep`, `await` of another task.
fn body() -> impl Strategy<Value = Vec<(u8, u64)>> {
    prop::collection::vec((0u8..4, 0u64..5), 0..5)
}

fn scenario() -> impl Strategy<Value = String> {
    let lp = (0u64..3, prop::bool::weighted(0.2), prop::collection::vec(body(), 1..5));
    (
        1u32..3,
        prop::sample::select(vec!["fifo", "rr", "priority", "sjf", "stcf"]),
        0u64..2,
        prop::option::weighted(0.3, 1u64..5),
        prop::option::weighted(0.2, 3u64..30),
        prop::collection::vec(lp, 1..3),
        prop::collection::vec((1u64..5, 0u64..5), 0..3),
    )
        .prop_map(|(cores, policy, switch, gil, limit, loops, threads)| {
            let mut s = format!("cores {cores}\nscheduler {policy}\nswitch {switch}\n");
            if let Some(i) = gil {
                s += &format!("gil on interval {i}\n");
            }
            if let Some(l) = limit {
                s += &format!("limit {l}\n");
            }
            for (i, (a, b)) in threads.iter().enumerate() {
                s += &format!("thread w{i} {{ cpu {a}; io {b}; cpu 1 }}\n");
            }
            for (l, (at, daemon, tasks)) in loops.iter().enumerate() {
                s += &format!("thread l{l} at {at}{} asyncio {{\n", if *daemon { " daemon" } else { "" });
                for (k, ops) in tasks.iter().enumerate() {
                    s += &format!("  task t{l}_{k} {{ ");
                    for &(op, n) in ops {
                        let other = n as usize % tasks.len();
                        s += &match op {
                            0 => format!("cpu {}; ", n + 1),
                            1 => format!("await io {n}; "),
                            2 => format!("await sleep {n}; "),
                            _ if other != k => format!("await t{l}_{other}; "),
                            _ => String::new(),
                        };
                    }
                    s += "}\n";
                }
                s += "}\n";
            }
            s
        })
}

/// The cases of the property, shared among the seeds (crates/sim/tests/common/seeds.rs).
const CASES: u32 = 500;

#[test]
fn rows_agree_with_the_trace_on_random_loops() {
    seeds::check("rows_agree_with_the_trace_on_random_loops", CASES, scenario(), |text| {
        let r = threadlab_sim::run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        if let Err(msg) = check(&r) {
            return Err(TestCaseError::fail(format!("{msg}\n--- scenario ---\n{text}")));
        }
        Ok(())
    });
}
