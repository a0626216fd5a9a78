//! Rule-by-rule tests of a thread's life and of what a run reports (SCENARIO.md): spawn,
//! daemons, crashes, exit, repeat, the limit, asyncio event loops, the numbers, the JSON
//! form, and compile-time naming errors. Every expected value was worked out by hand from
//! the rules before running.

mod common;
use common::*;
use serde_json::json;
use threadlab_sim::trace::Cause;
use threadlab_sim::{Fate, Outcome};

// ----- spawn --------------------------------------------------------------------------------

#[test]
fn spawn_target_is_new_until_spawned_and_arrives_then() {
    let res = r("cores 2\nthread main { cpu 2; spawn w; join w }\nthread w { cpu 3 }");
    assert_eq!(segs(&res, "w"), ["0-2 new", "2-5 run@0"]);
    assert_eq!(segs(&res, "main"), ["0-2 run@0", "2-5 join w"]);
    let w = st(&res, "w");
    assert_eq!((w.arrival, w.first_run, w.end), (Some(2), Some(2), Some(5)));
    assert_eq!((w.response(), w.turnaround()), (Some(0), Some(3)));
    assert_eq!(ev(&res, "spawn"), ["2 main target=w; spawned"]);
    assert_eq!(res.makespan, 5);
}

/// Spawn costs are CPU time (Running) of the spawner: 2 for a thread, 5 for a process; the
/// spawned threads arrive when their spawn is done.
#[test]
fn spawn_cost_is_running_time_of_the_spawner() {
    let res = r("scheduler fifo\nspawn-cost thread 2 process 5\n\
                 thread main { spawn w; spawn p; cpu 1 }\n\
                 thread w { cpu 1 }\n\
                 process p { thread pm { cpu 1 } }\n");
    assert_eq!(segs(&res, "main"), ["0-8 run@0"]);
    assert_eq!(st(&res, "main").cpu, 8);
    assert_eq!(segs(&res, "w"), ["0-2 new", "2-8 runnable", "8-9 run@0"]);
    assert_eq!(segs(&res, "pm"), ["0-7 new", "7-9 runnable", "9-10 run@0"]);
    assert_eq!((st(&res, "w").arrival, st(&res, "pm").arrival), (Some(2), Some(7)));
    assert_eq!(ev(&res, "spawn"), ["2 main target=w; spawned", "7 main target=pm; its process was spawned"]);
    assert_eq!(res.makespan, 10);
}

/// Spawning a process starts its main thread; a spawn target inside it waits for its spawn.
#[test]
fn spawn_of_a_process_starts_its_main_thread() {
    let res = r("cores 2\nthread main { cpu 1; spawn p; join p }\n\
                 process p {\n  thread pm { cpu 2; spawn pw; join pw }\n  thread pw { cpu 1 }\n}\n");
    assert_eq!(segs(&res, "pm"), ["0-1 new", "1-3 run@0", "3-4 join pw"]);
    assert_eq!(segs(&res, "pw"), ["0-3 new", "3-4 run@0"]);
    assert_eq!(segs(&res, "main"), ["0-1 run@0", "1-4 join p"]);
    assert_eq!(res.processes, ["main", "p"]);
    assert_eq!(st(&res, "pm").process, "p");
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(res.makespan, 4);
}

// ----- daemons ------------------------------------------------------------------------------

/// Worked example 4 under fifo (under the default rr quantum 4 main ends at 11; see
/// examples.rs): the daemon is killed when the last non-daemon thread ends.
#[test]
fn daemon_is_killed_when_main_ends() {
    let res = r("scheduler fifo\nthread main { cpu 10 }\n\
                 thread logger daemon { repeat 1000 { sleep 5; cpu 1 } }\n");
    assert_eq!(segs(&res, "main"), ["0-10 run@0"]);
    assert_eq!(segs(&res, "logger"), ["0-5 sleep", "5-10 runnable"]);
    assert_eq!(fates(&res), ["main:finished", "logger:killed"]);
    assert_eq!(st(&res, "logger").end, Some(10));
    assert_eq!(ev(&res, "kill"), ["10 logger; last non-daemon thread of its process ended"]);
    assert_eq!((res.makespan, res.outcome.clone()), (10, Outcome::Completed));
}

/// Each process kills its own daemons when it ends: d when main ends at 2, pd when pm ends
/// at 8; the run ends with the last process.
#[test]
fn daemon_belongs_to_its_process_and_outlives_another_main() {
    let res = r("cores 2\nscheduler fifo\n\
                 thread main { cpu 2 }\n\
                 thread d daemon { cpu 10 }\n\
                 process p {\n  thread pm { cpu 6 }\n  thread pd daemon { sleep 1; cpu 20 }\n}\n");
    assert_eq!(segs(&res, "d"), ["0-2 run@1"]);
    assert_eq!(segs(&res, "pm"), ["0-2 runnable", "2-8 run@0"]);
    assert_eq!(segs(&res, "pd"), ["0-1 sleep", "1-2 runnable", "2-8 run@1"]);
    assert_eq!(fates(&res), ["main:finished", "d:killed", "pm:finished", "pd:killed"]);
    assert_eq!((st(&res, "d").end, st(&res, "pd").end), (Some(2), Some(8)));
    assert_eq!(res.makespan, 8);
}

// ----- crash --------------------------------------------------------------------------------

#[test]
fn crash_kills_every_thread_of_its_process_only() {
    let res = r("cores 2\nscheduler fifo\nthread main { cpu 10 }\n\
                 process worker {\n  thread wm { cpu 3; crash }\n  thread wh { sleep 1; cpu 20 }\n}\n");
    assert_eq!(fates(&res), ["main:finished", "wm:crashed", "wh:crashed"]);
    assert_eq!(segs(&res, "wh"), ["0-1 sleep", "1-3 runnable"]);
    assert_eq!((st(&res, "wm").end, st(&res, "wh").end, st(&res, "main").end), (Some(3), Some(3), Some(10)));
    assert_eq!(ev(&res, "crash"), ["3 wm; a thread of its process crashed"]);
    assert_eq!(ev(&res, "kill"), ["3 wh by=wm; a thread of its process crashed"]);
    assert_eq!((res.makespan, res.outcome.clone()), (10, Outcome::Completed));
}

// ----- exit, repeat -------------------------------------------------------------------------

#[test]
fn exit_ends_the_thread_at_once() {
    let res = r("thread main { join a; cpu 1 }\nthread a { cpu 2; exit; cpu 9 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0"]);
    let a = st(&res, "a");
    assert_eq!((a.end, a.cpu, a.fate), (Some(2), 2, Fate::Finished));
    assert_eq!(ev(&res, "exit").len(), 1);
    assert!(ev(&res, "exit")[0].starts_with("2 a;"));
    assert_eq!(segs(&res, "main"), ["0-2 join a", "2-3 run@0"]);

    let res = r("thread a { repeat 5 { cpu 1; exit } }");
    assert_eq!((st(&res, "a").end, res.makespan), (Some(1), 1));
}

#[test]
fn repeat_runs_its_block_n_times() {
    let res = r("thread a { repeat 3 { cpu 1; io 1 } }");
    assert_eq!(segs(&res, "a"), ["0-1 run@0", "1-2 io", "2-3 run@0", "3-4 io", "4-5 run@0", "5-6 io"]);
    let a = st(&res, "a");
    assert_eq!((a.cpu, a.blocked_by(Cause::Io), a.end), (3, 3, Some(6)));
}

#[test]
fn repeat_zero_runs_none_and_repeats_nest() {
    let res = r("thread a { repeat 0 { cpu 5 }; cpu 1 }");
    assert_eq!(segs(&res, "a"), ["0-1 run@0"]);
    let res = r("thread a { repeat 2 { repeat 3 { cpu 1 }; sleep 1 } }");
    assert_eq!(segs(&res, "a"), ["0-3 run@0", "3-4 sleep", "4-7 run@0", "7-8 sleep"]);
}

// ----- limit --------------------------------------------------------------------------------

#[test]
fn limit_stops_a_long_run() {
    let res = r("limit 50\ncores 2\nthread a { cpu 1000 }\nthread b { sleep 10; cpu 1000 }");
    assert!(matches!(res.outcome, Outcome::Limit { tick: 50, .. }), "{:?}", res.outcome);
    assert_eq!(res.makespan, 50);
    assert_eq!(fates(&res), ["a:unfinished", "b:unfinished"]);
    assert_eq!(segs(&res, "b"), ["0-10 sleep", "10-50 run@1"]);
    let (a, b) = (st(&res, "a"), st(&res, "b"));
    assert_eq!((a.cpu, b.cpu, a.end, a.turnaround()), (50, 40, None, None));
}

#[test]
fn limit_is_inclusive_work_ending_at_the_limit_completes() {
    let res = r("limit 10\nthread a { cpu 10 }");
    assert_eq!((res.outcome.clone(), res.makespan), (Outcome::Completed, 10));
    let res = r("limit 10\nthread a { cpu 11 }");
    assert!(matches!(res.outcome, Outcome::Limit { tick: 10, .. }));
}

// ----- asyncio ------------------------------------------------------------------------------

/// Tasks interleave on the loop's thread; when every task awaits I/O the loop is Blocked(io).
#[test]
fn asyncio_tasks_interleave_and_the_loop_blocks_on_io() {
    let res = r("thread loop asyncio {\n  task f x2 { cpu 1; await io 3; cpu 1 }\n}\n");
    assert_eq!(segs(&res, "loop"), ["0-1 run@0 f.1", "1-2 run@0 f.2", "2-4 io", "4-5 run@0 f.1", "5-6 run@0 f.2"]);
    assert_eq!(res.tasks, ["f.1", "f.2"]);
    let switches: Vec<_> = json(&res)["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "task")
        .map(|e| e["task"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(switches, ["f.1", "f.2", "f.1", "f.2"]);
    assert_eq!((res.io_busy, res.makespan), (2, 6));
    assert_eq!(st(&res, "loop").fate, Fate::Finished);
}

#[test]
fn asyncio_cpu_bound_task_blocks_the_others() {
    let res = r("thread loop asyncio {\n  task fetch { await io 2; cpu 1 }\n  task crunch { cpu 5 }\n}\n");
    assert_eq!(segs(&res, "loop"), ["0-5 run@0 crunch", "5-6 run@0 fetch"]);
    assert_eq!(res.io_busy, 0);
}

#[test]
fn asyncio_await_task_waits_for_it_to_finish() {
    let res = r("thread loop asyncio {\n  task a { await b; cpu 1 }\n  task b { cpu 2; await sleep 2; cpu 1 }\n}\n");
    assert_eq!(segs(&res, "loop"), ["0-2 run@0 b", "2-4 io", "4-5 run@0 b", "5-6 run@0 a"]);
}

/// A loop whose tasks all await I/O is off the core: another thread computes meanwhile.
#[test]
fn asyncio_blocked_loop_leaves_the_core_to_others() {
    let res = r("scheduler fifo\nthread loop asyncio { task t { await io 5; cpu 1 } }\nthread other { cpu 3 }");
    assert_eq!(segs(&res, "loop"), ["0-5 io", "5-6 run@0 t"]);
    assert_eq!(segs(&res, "other"), ["0-3 run@0"]);
    assert_eq!(res.io_busy, 5);
}

// ----- numbers ------------------------------------------------------------------------------

const NUMBERS: &str = "cores 2\nscheduler fifo\n\
                       thread a { cpu 3; io 4; cpu 2 }\n\
                       thread b { cpu 2; io 2; cpu 1 }\n\
                       thread c at 1 { cpu 4 }\n";

#[test]
fn numbers_per_thread() {
    let res = r(NUMBERS);
    assert_eq!(segs(&res, "a"), ["0-3 run@0", "3-7 io", "7-9 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-2 run@1", "2-4 io", "4-5 run@0"]);
    assert_eq!(segs(&res, "c"), ["0-1 new", "1-2 runnable", "2-6 run@1"]);
    // (arrival, first_run, end, cpu, runnable, io, turnaround, response, waiting)
    let row = |n: &str| {
        let t = st(&res, n);
        (
            t.arrival,
            t.first_run,
            t.end,
            t.cpu,
            t.runnable,
            t.blocked_by(Cause::Io),
            t.turnaround(),
            t.response(),
            t.waiting(),
        )
    };
    let s = Some;
    assert_eq!(row("a"), (s(0), s(0), s(9), 5, 0, 4, s(9), s(0), 0));
    assert_eq!(row("b"), (s(0), s(0), s(5), 3, 0, 2, s(5), s(0), 0));
    assert_eq!(row("c"), (s(1), s(2), s(6), 4, 1, 0, s(5), s(1), 1));
}

#[test]
fn numbers_per_core_and_run() {
    let res = r(NUMBERS);
    assert_eq!(core_segs(&res, 0), ["0-3 a", "4-5 b", "7-9 a"]);
    assert_eq!(core_segs(&res, 1), ["0-2 b", "2-6 c"]);
    let cores: Vec<_> = res.cores.iter().map(|c| (c.busy, c.switching, c.idle)).collect();
    assert_eq!(cores, [(6, 0, 3), (6, 0, 3)]);
    assert_eq!(res.makespan, 9);
    assert!((res.cpu_utilization - 12.0 / 18.0).abs() < 1e-12);
    // a is in io 3–7, b 2–4: the overlap 3–4 counts once.
    assert_eq!(res.io_busy, 5);
    assert_eq!(res.context_switches, 3);
}

// ----- JSON ---------------------------------------------------------------------------------

#[test]
fn json_has_the_fields_of_the_spec() {
    let res = r("cores 1\nswitch 1\nscheduler fifo\n\
                 thread a { lock m; cpu 2; unlock m; io 3 }\n\
                 thread b { lock m; cpu 1; unlock m }\n");
    let j = json(&res);
    assert_eq!(j["version"], 1);
    assert_eq!(j["unit"], "ms");
    assert_eq!(j["outcome"], json!({"kind": "completed"}));
    assert_eq!(j["makespan"], 5);
    assert_eq!(j["cpu_utilization"], 0.6);
    assert_eq!(j["io_busy"], 3);
    assert_eq!(j["context_switches"], 1);
    assert_eq!(j["gil_handoffs"], 0);
    assert_eq!(j["cores"], json!([{"busy": 3, "switching": 1, "idle": 1}]));

    let a = &j["threads"][0];
    let b = &j["threads"][1];
    for (t, name, arrival, first, end, cpu, runnable, turn, resp, wait) in
        [(a, "a", 0, 0, 5, 2, 0, 5, 0, 0), (b, "b", 0, 3, 4, 1, 1, 4, 3, 1)]
    {
        assert_eq!(t["name"], name);
        assert_eq!(t["process"], "main");
        assert_eq!(t["arrival"], arrival, "{name}");
        assert_eq!(t["first_run"], first, "{name}");
        assert_eq!(t["end"], end, "{name}");
        assert_eq!(t["cpu"], cpu, "{name}");
        assert_eq!(t["runnable"], runnable, "{name}");
        assert_eq!(t["turnaround"], turn, "{name}");
        assert_eq!(t["response"], resp, "{name}");
        assert_eq!(t["waiting"], wait, "{name}");
        assert_eq!(t["fate"], "finished");
    }
    assert_eq!(a["blocked"]["io"], 3);
    assert_eq!(a["blocked"]["lock"], 0);
    assert_eq!(b["blocked"]["lock"], 2);

    let segments = j["segments"].as_array().unwrap();
    assert!(segments.contains(&json!({"thread": "a", "state": "running", "core": 0, "start": 0, "end": 2})));
    assert!(segments
        .contains(&json!({"thread": "b", "state": "blocked", "cause": "lock", "object": "m", "start": 0, "end": 2})));
    assert!(segments.contains(&json!({"thread": "a", "state": "blocked", "cause": "io", "start": 2, "end": 5})));

    let core_segments = j["core_segments"].as_array().unwrap();
    assert_eq!(core_segments.len(), 3);
    assert_eq!(core_segments[0], json!({"core": 0, "thread": "a", "start": 0, "end": 2}));
    assert_eq!(core_segments[1]["switch"], true);
    assert_eq!((core_segments[1]["start"].clone(), core_segments[1]["end"].clone()), (json!(2), json!(3)));
    assert_eq!(core_segments[2], json!({"core": 0, "thread": "b", "start": 3, "end": 4}));

    let events = j["events"].as_array().unwrap();
    let wake = events.iter().find(|e| e["kind"] == "wake" && e["thread"] == "b").unwrap();
    assert_eq!(wake["tick"], 2);
    assert_eq!(wake["by"], "a");
    assert_eq!(wake["cause"], "lock");
    assert_eq!(wake["object"], "m");
    assert!(wake["reason"].is_string());
    for e in events {
        assert!(e["tick"].is_u64() && e["kind"].is_string() && e["thread"].is_string());
        assert!(e["reason"].is_string(), "{e}");
    }
    let ticks: Vec<u64> = events.iter().map(|e| e["tick"].as_u64().unwrap()).collect();
    assert!(ticks.windows(2).all(|w| w[0] <= w[1]), "events ordered by tick");
}

#[test]
fn json_outcomes() {
    let j = json(&r("cores 2\n\
                     thread a { lock x; cpu 5; lock y; unlock y; unlock x }\n\
                     thread b { lock y; cpu 5; lock x; unlock x; unlock y }\n"));
    assert_eq!(j["outcome"]["kind"], "deadlock");
    assert_eq!(j["outcome"]["cycle"], json!(["a", "b"]));
    assert_eq!(j["outcome"]["tick"], 5);
    assert_eq!(j["threads"][0]["fate"], "stuck");

    let j = json(&r("cores 2\nthread w { cpu 2; lock m; wait m; unlock m }\nthread n { lock m; notify m; unlock m }"));
    assert_eq!(j["outcome"]["kind"], "stalled");
    assert_eq!(j["outcome"]["threads"], json!(["w"]));

    let j = json(&r("thread a { cpu 2; unlock m }"));
    assert_eq!(
        j["outcome"],
        json!({"kind": "error", "thread": "a", "tick": 2, "reason": "unlock of m, which it does not hold"})
    );
    assert_eq!(j["threads"][0]["fate"], "unfinished");

    let j = json(&r("limit 50\nthread a { cpu 1000 }"));
    assert_eq!(j["outcome"]["kind"], "limit");
    assert_eq!(j["outcome"]["tick"], 50);
}

/// Ticks that never came are null: the end of an unfinished thread, and everything of a
/// thread that never started.
#[test]
fn json_ticks_that_never_came_are_null() {
    let j = json(&r("unit us\nlimit 50\nthread a { cpu 1000 }\nthread w { cpu 1 }\nthread s { repeat 0 { spawn w } }"));
    assert_eq!(j["unit"], "us");
    let a = &j["threads"][0];
    assert_eq!((a["arrival"].clone(), a["first_run"].clone()), (json!(0), json!(0)));
    assert!(a["end"].is_null() && a["turnaround"].is_null());
    assert_eq!(a["fate"], "unfinished");
    let w = &j["threads"][1];
    for k in ["arrival", "first_run", "end", "turnaround", "response"] {
        assert!(w[k].is_null(), "{k}: {}", w[k]);
    }
    assert_eq!(w["fate"], "never_started");
}

// ----- compile-time naming errors -----------------------------------------------------------

#[test]
fn error_duplicate_thread_name() {
    let e = invalid("thread a { cpu 1 }\nthread a { cpu 2 }");
    assert!(e.starts_with("2:8: "), "{e}");
    assert!(e.contains("\"a\" is already used at line 1"), "{e}");
    // A copy's name collides with a thread's.
    let e = invalid("thread w x2 { cpu 1 }\nthread w.1 { cpu 1 }");
    assert!(e.starts_with("2:8: ") && e.contains("\"w.1\""), "{e}");
    // A task's name collides with a thread's.
    let e = invalid("thread b { cpu 1 }\nthread loop asyncio { task b { cpu 1 } }");
    assert!(e.starts_with("2:28: ") && e.contains("already used at line 1"), "{e}");
}

/// The error belongs at the second use of the name ("already used at line 1"), as for two
/// threads; the engine reports it at the thread on line 1, "already used at line 2".
#[test]
fn error_thread_and_process_with_one_name_is_reported_at_the_second() {
    let e = invalid("thread a { cpu 1 }\nprocess a { thread b { cpu 1 } }");
    assert!(e.starts_with("2:9: "), "{e}");
    assert!(e.contains("already used at line 1"), "{e}");
}

#[test]
fn error_spawn_or_join_of_an_unknown_name() {
    let e = invalid("thread main { spawn ghost }");
    assert!(e.starts_with("1:21: "), "{e}");
    assert!(e.contains("unknown thread or process \"ghost\""), "{e}");
    let e = invalid("thread main { join ghost }");
    assert!(e.starts_with("1:20: "), "{e}");
    assert!(e.contains("unknown thread or process \"ghost\""), "{e}");
}

#[test]
fn error_spawn_of_a_thread_that_has_at() {
    let e = invalid("thread main { spawn w }\nthread w at 3 { cpu 1 }");
    assert!(e.starts_with("1:21: "), "{e}");
    assert!(e.contains("\"w\" has `at` (line 2)"), "{e}");
}

#[test]
fn error_one_name_as_mutex_and_semaphore() {
    let e = invalid("thread a { lock m; unlock m; acquire m }");
    assert!(e.starts_with("1:38: "), "{e}");
    assert!(e.contains("\"m\" is a mutex") && e.contains("semaphore"), "{e}");
    let e = invalid("semaphore s 2\nthread a { lock s }");
    assert!(e.starts_with("2:17: "), "{e}");
    assert!(e.contains("\"s\" is a semaphore") && e.contains("mutex"), "{e}");
}
