//! The life of each asyncio task in the trace: `await` (TaskAwait) when an `await` suspends
//! it, `ready` (TaskReady) when it can go on, `task_end` (TaskDone) when it has run all its
//! operations; the loop thread's own events (start, block, wake, task, end) unchanged.
//! Then the same rules as invariants on random event-loop scenarios.

mod common;
use common::*;
use proptest::prelude::*;
use threadlab_sim::trace::{Cause, EventKind, State, TaskId};
use threadlab_sim::{run, Outcome, RunResult};

#[path = "common/seeds.rs"]
mod seeds;

/// Every event as `"TICK kind thread[ task][ awaited]"`, in order.
fn all(res: &RunResult) -> Vec<String> {
    res.events
        .iter()
        .map(|e| {
            let mut s = format!("{} {} {}", e.tick, e.kind.as_str(), res.thread_name(e.thread));
            if let Some(t) = e.task {
                s += &format!(" {}", res.tasks[t as usize]);
            }
            if let Some(t) = e.awaited {
                s += &format!(" >{}", res.tasks[t as usize]);
            }
            s
        })
        .collect()
}

#[test]
fn an_io_await_overlaps_another_tasks_computing() {
    let res = r("thread l asyncio { task a { await io 5 }; task b { cpu 2 } }");
    assert_eq!(ev(&res, "await"), ["0 l cause=io task=a; await suspends the task"]);
    assert_eq!(ev(&res, "ready"), ["5 l cause=io task=a; I/O done"]);
    assert_eq!(ev(&res, "task_end"), ["2 l task=b; ran all its operations", "5 l task=a; ran all its operations"]);
    // The loop's own events are as before, the task events among them in the order they happen.
    assert_eq!(
        all(&res),
        [
            "0 start l",
            "0 task l a",
            "0 await l a",
            "0 task l b",
            "0 dispatch l",
            "2 task_end l b",
            "2 block l",
            "5 ready l a",
            "5 wake l a",
            "5 task l a",
            "5 task_end l a",
            "5 end l",
        ]
    );
    assert_eq!(segs(&res, "l"), ["0-2 run@0 b", "2-5 io"]);
}

#[test]
fn awaiting_a_task_is_ready_when_it_ends() {
    let res = r("thread loop asyncio {\n  task a { await b; cpu 1 }\n  task b { cpu 2; await sleep 2; cpu 1 }\n}\n");
    assert_eq!(
        ev(&res, "await"),
        [
            "0 loop cause=join task=a awaited=b; await suspends the task",
            "2 loop cause=sleep task=b; await suspends the task"
        ]
    );
    assert_eq!(
        ev(&res, "ready"),
        ["4 loop cause=sleep task=b; sleep done", "5 loop cause=join task=a awaited=b; awaited task finished"]
    );
    assert_eq!(
        ev(&res, "task_end"),
        ["5 loop task=b; ran all its operations", "6 loop task=a; ran all its operations"]
    );
    // b ends, then a is ready, then the loop switches to it.
    let at5: Vec<String> = all(&res).into_iter().filter(|e| e.starts_with("5 ")).collect();
    assert_eq!(at5, ["5 task_end loop b", "5 ready loop a >b", "5 task loop a"]);
    // The JSON names the awaited task.
    let j = json(&res);
    let e = j["events"].as_array().unwrap().iter().find(|e| e["kind"] == "await").unwrap().clone();
    assert_eq!(e["awaited"], "b");
    assert_eq!(e["task"], "a");
    assert_eq!(e["thread"], "loop");
}

#[test]
fn a_sleep_await_and_awaits_that_do_not_suspend() {
    // `await a` of a finished task and `await io 0` go straight on: no event.
    let res = r("thread l asyncio { task a { cpu 1 }; task b { cpu 2; await a; await io 0; await sleep 3; cpu 1 } }");
    assert_eq!(ev(&res, "await"), ["3 l cause=sleep task=b; await suspends the task"]);
    assert_eq!(ev(&res, "ready"), ["6 l cause=sleep task=b; sleep done"]);
    assert_eq!(ev(&res, "task_end"), ["1 l task=a; ran all its operations", "7 l task=b; ran all its operations"]);
    // The loop's wake names the same reason as the task's ready.
    assert_eq!(ev(&res, "wake"), ["6 l cause=io task=b; sleep done"]);
}

#[test]
fn copies_and_repeats_each_have_their_events() {
    let res = r("thread l asyncio { task f x2 { repeat 2 { cpu 1; await io 3 } } }");
    assert_eq!(
        ev(&res, "await").iter().map(|s| s.split(';').next().unwrap().to_string()).collect::<Vec<_>>(),
        ["1 l cause=io task=f.1", "2 l cause=io task=f.2", "5 l cause=io task=f.1", "6 l cause=io task=f.2"]
    );
    assert_eq!(
        ev(&res, "ready").iter().map(|s| s.split(';').next().unwrap().to_string()).collect::<Vec<_>>(),
        ["4 l cause=io task=f.1", "5 l cause=io task=f.2", "8 l cause=io task=f.1", "9 l cause=io task=f.2"]
    );
    assert_eq!(ev(&res, "task_end"), ["8 l task=f.1; ran all its operations", "9 l task=f.2; ran all its operations"]);
}

#[test]
fn tasks_awaiting_each_other_never_get_ready() {
    let res = r("thread l asyncio {\n task a { cpu 1; await b }\n task b { await a }\n}");
    assert_eq!(
        ev(&res, "await"),
        [
            "1 l cause=join task=a awaited=b; await suspends the task",
            "1 l cause=join task=b awaited=a; await suspends the task"
        ]
    );
    assert!(ev(&res, "ready").is_empty());
    assert!(ev(&res, "task_end").is_empty());
    assert!(matches!(res.outcome, Outcome::Stalled { .. }), "{:?}", res.outcome);
}

#[test]
fn a_killed_loop_leaves_its_await_unanswered() {
    let res = r("thread main { cpu 3 }\nthread l daemon asyncio { task a { await io 10 } }");
    assert_eq!(ev(&res, "await"), ["0 l cause=io task=a; await suspends the task"]);
    assert!(ev(&res, "ready").is_empty(), "no task event after the loop died");
    assert!(ev(&res, "task_end").is_empty());
    assert_eq!(ev(&res, "kill"), ["3 l; last non-daemon thread of its process ended"]);
}

#[test]
fn ordinary_threads_have_no_task_events() {
    let res = r("thread a { cpu 1; io 2; sleep 1; cpu 1 }\nthread b { join a }");
    let task_kinds = [EventKind::TaskAwait, EventKind::TaskReady, EventKind::TaskDone];
    assert!(!res.events.iter().any(|e| task_kinds.contains(&e.kind)));
}

// ----- invariants on random event loops -------------------------------------------------------

#[derive(Debug, Clone)]
enum TOp {
    Cpu(u64),
    Io(u64),
    Sleep(u64),
    /// `await` of the task of this number (mod the loop's count; itself is skipped).
    Await(u8),
    Repeat(u64, Vec<TOp>),
}

#[derive(Debug, Clone)]
struct GLoop {
    at: u64,
    daemon: bool,
    tasks: Vec<Vec<TOp>>,
}

#[derive(Debug, Clone)]
struct GScenario {
    cores: u32,
    policy: &'static str,
    switch: u64,
    gil: Option<u64>,
    limit: Option<u64>,
    loops: Vec<GLoop>,
    /// Ordinary threads: (cpu, io, cpu).
    threads: Vec<(u64, u64, u64)>,
}

fn top() -> impl Strategy<Value = TOp> {
    let leaf = prop_oneof![
        3 => (1u64..4).prop_map(TOp::Cpu),
        3 => (0u64..6).prop_map(TOp::Io),
        2 => (0u64..6).prop_map(TOp::Sleep),
        2 => (0u8..4).prop_map(TOp::Await),
    ];
    leaf.prop_recursive(1, 8, 3, |inner| {
        (0u64..3, prop::collection::vec(inner, 1..3)).prop_map(|(n, body)| TOp::Repeat(n, body))
    })
}

fn scenario() -> impl Strategy<Value = GScenario> {
    let lp = (0u64..3, prop::bool::weighted(0.2), prop::collection::vec(prop::collection::vec(top(), 0..5), 1..5))
        .prop_map(|(at, daemon, tasks)| GLoop { at, daemon, tasks });
    (
        1u32..3,
        prop::sample::select(vec!["fifo", "rr", "priority", "sjf", "stcf"]),
        0u64..2,
        prop::option::weighted(0.3, 1u64..5),
        prop::option::weighted(0.2, 3u64..30),
        prop::collection::vec(lp, 1..3),
        prop::collection::vec((1u64..5, 0u64..5, 1u64..5), 0..3),
    )
        .prop_map(|(cores, policy, switch, gil, limit, loops, threads)| GScenario {
            cores,
            policy,
            switch,
            gil,
            limit,
            loops,
            threads,
        })
}

fn write_ops(ops: &[TOp], l: usize, me: usize, n: usize, out: &mut String) {
    for o in ops {
        match o {
            TOp::Cpu(k) => out.push_str(&format!("cpu {k}; ")),
            TOp::Io(k) => out.push_str(&format!("await io {k}; ")),
            TOp::Sleep(k) => out.push_str(&format!("await sleep {k}; ")),
            TOp::Await(x) => {
                let x = *x as usize % n;
                if x != me {
                    out.push_str(&format!("await t{l}_{x}; "));
                }
            }
            TOp::Repeat(k, body) => {
                out.push_str(&format!("repeat {k} {{ "));
                write_ops(body, l, me, n, out);
                out.push_str("}; ");
            }
        }
    }
}

impl GScenario {
    fn text(&self) -> String {
        let mut s = format!("cores {}\nscheduler {}\nswitch {}\n", self.cores, self.policy, self.switch);
        if let Some(i) = self.gil {
            s.push_str(&format!("gil on interval {i}\n"));
        }
        if let Some(l) = self.limit {
            s.push_str(&format!("limit {l}\n"));
        }
        for (i, &(a, b, c)) in self.threads.iter().enumerate() {
            s.push_str(&format!("thread w{i} {{ cpu {a}; io {b}; cpu {c} }}\n"));
        }
        for (l, lp) in self.loops.iter().enumerate() {
            let daemon = if lp.daemon { " daemon" } else { "" };
            s.push_str(&format!("thread l{l} at {}{daemon} asyncio {{\n", lp.at));
            for (k, ops) in lp.tasks.iter().enumerate() {
                s.push_str(&format!("  task t{l}_{k} {{ "));
                write_ops(ops, l, k, lp.tasks.len(), &mut s);
                s.push_str("}\n");
            }
            s.push_str("}\n");
        }
        s
    }
}

/// What a task is doing, by its events.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Life {
    Going,
    Awaiting { tick: u64, cause: Cause, awaited: Option<TaskId> },
    Done(u64),
}

fn check(r: &RunResult) -> Result<(), String> {
    if r.events.wide_count() != 0 {
        return Err(format!("{} events kept whole", r.events.wide_count()));
    }
    let n = r.tasks.len();
    let mut life = vec![Life::Going; n];
    // [start, end) of every await, per task (end: the ready tick, or none).
    let mut waits: Vec<Vec<(u64, Option<u64>)>> = vec![Vec::new(); n];
    for e in &r.events {
        let task_event = matches!(e.kind, EventKind::TaskAwait | EventKind::TaskReady | EventKind::TaskDone);
        let Some(k) = e.task.map(|k| k as usize) else {
            if task_event {
                return Err(format!("{e:?} names no task"));
            }
            continue;
        };
        if r.task_threads[k] != e.thread {
            return Err(format!("{e:?}: the task is not of this thread"));
        }
        if e.kind == EventKind::TaskSwitch && life[k] != Life::Going {
            return Err(format!("switch to a task that is {:?}: {e:?}", life[k]));
        }
        if !task_event {
            continue;
        }
        life[k] = match (life[k], e.kind) {
            (Life::Going, EventKind::TaskAwait) => {
                let cause = e.cause.ok_or(format!("{e:?} has no cause"))?;
                if (cause == Cause::Join) != e.awaited.is_some()
                    || !matches!(cause, Cause::Io | Cause::Sleep | Cause::Join)
                {
                    return Err(format!("bad await {e:?}"));
                }
                waits[k].push((e.tick, None));
                Life::Awaiting { tick: e.tick, cause, awaited: e.awaited }
            }
            (Life::Awaiting { tick, cause, awaited }, EventKind::TaskReady) => {
                if e.cause != Some(cause) || e.awaited != awaited {
                    return Err(format!("ready {e:?} does not match its await ({cause:?}, {awaited:?})"));
                }
                if e.tick < tick || (cause != Cause::Join && e.tick == tick) {
                    return Err(format!("ready {e:?} before its await at {tick}"));
                }
                if let Some(x) = awaited {
                    if life[x as usize] != Life::Done(e.tick) {
                        return Err(format!("ready {e:?} while the awaited task is {:?}", life[x as usize]));
                    }
                }
                if let Some(w) = waits[k].last_mut() {
                    w.1 = Some(e.tick);
                }
                Life::Going
            }
            (Life::Going, EventKind::TaskDone) => Life::Done(e.tick),
            (l, _) => return Err(format!("{e:?} for a task that is {l:?}")),
        };
    }
    // The loop ends exactly when its last task has; it never runs a task that is not going.
    for (t, th) in r.threads.iter().enumerate() {
        if !th.asyncio {
            continue;
        }
        let tasks: Vec<usize> = (0..n).filter(|&k| r.task_threads[k] as usize == t).collect();
        let ends: Vec<Option<u64>> =
            tasks.iter().map(|&k| if let Life::Done(x) = life[k] { Some(x) } else { None }).collect();
        let end_event = r.events.iter().find(|e| e.thread as usize == t && e.kind == EventKind::End).map(|e| e.tick);
        let all_done = ends.iter().all(|x| x.is_some());
        if all_done != end_event.is_some() || (all_done && end_event != ends.iter().flatten().max().copied()) {
            return Err(format!("loop {} ended at {end_event:?}, its tasks at {ends:?}", th.name));
        }
        for s in r.segments.iter().filter(|s| s.thread as usize == t && s.state == State::Running) {
            let k = s.task.ok_or(format!("a running segment of loop {} without a task", th.name))? as usize;
            // (A task whose await is answered at once runs on in the same merged segment.)
            let awaiting = waits[k].iter().any(|&(a, b)| {
                let b = b.unwrap_or(u64::MAX);
                a < b && s.start < b && a < s.end
            });
            let after_end = matches!(life[k], Life::Done(x) if s.end > x);
            if awaiting || after_end {
                return Err(format!("{s:?} runs task {} while it awaits or after its end", r.tasks[k]));
            }
        }
    }
    // A completed run answers every await.
    if r.outcome == Outcome::Completed && !r.threads.iter().any(|t| t.daemon) {
        if let Some(k) = (0..n).find(|&k| !matches!(life[k], Life::Done(_))) {
            return Err(format!("task {} is {:?} at the end of a completed run", r.tasks[k], life[k]));
        }
    }
    Ok(())
}

/// The cases of the property, shared among the seeds (`common/seeds.rs`).
const CASES: u32 = 1000;

#[test]
fn task_events_tell_each_tasks_life() {
    seeds::check("task_events_tell_each_tasks_life", CASES, scenario(), |sc| {
        let text = sc.text();
        let res = run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        if let Err(msg) = check(&res) {
            return Err(TestCaseError::fail(format!("{msg}\n--- scenario ---\n{text}")));
        }
        Ok(())
    });
}
