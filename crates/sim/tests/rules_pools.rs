//! Rule-by-rule tests of SCENARIO.md "Version 1.1": ranges for waiting (`io A..B`,
//! `sleep A..B`, `await io A..B`) and pools (`pool NAME KIND N jobs J [at T] { BODY }`): the
//! workers and their names, the job queue, `at`/`spawn`/`join`, spawn costs, one GIL per worker
//! process, event-loop pools, the numbers, the JSON, the formula and the errors. Expected
//! values were worked out by hand from the rules before running.

mod common;
use common::*;
use serde_json::json;
use threadlab_sim::pool::Job;
use threadlab_sim::{check, compile, parse, Outcome, RunResult};

#[path = "common/seeds.rs"]
mod seeds;

/// The numbers of the pool named `name`.
fn pool<'a>(res: &'a RunResult, name: &str) -> &'a threadlab_sim::pool::PoolStats {
    res.pools.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no pool {name}"))
}

/// The jobs of a pool as `"worker@start-end"`, in job-number order.
fn jobs(res: &RunResult, name: &str) -> Vec<String> {
    let show = |j: &Job| match j.end {
        Some(e) => format!("{}@{}-{e}", j.worker, j.start),
        None => format!("{}@{}-", j.worker, j.start),
    };
    pool(res, name).job_list.iter().map(show).collect()
}

/// The JSON of a run with `from` renamed to `to` in every string, and without `"pools"`.
fn renamed_json(res: &RunResult, from: &str, to: &str) -> String {
    let mut j = json(res);
    j.as_object_mut().unwrap().remove("pools");
    j.to_string().replace(from, to)
}

// ----- pools behave like copies running their share -------------------------------------------

/// With equal jobs a pool is exactly N copies that each run their share in turn: the same
/// trace (names aside), under several machines and policies. (With unequal jobs, e.g. ranges,
/// a pool balances: a quicker worker takes more jobs; see `the_first_worker_to_finish_takes_the_next_job`.)
#[test]
fn a_pool_of_equal_jobs_runs_exactly_like_copies_with_their_share() {
    let headers = [
        "",
        "cores 2",
        "cores 3\nscheduler fifo",
        "cores 2\nswitch 1\nscheduler rr quantum 2",
        "cores 2\ngil on",
        "cores 2\nscheduler priority quantum 3\nseed 3",
    ];
    let bodies = ["cpu 2; io 6", "cpu 1; sleep 2; cpu 1; yield", "io 3; cpu 4; lock m; cpu 1; unlock m"];
    for h in headers {
        for b in bodies {
            let pooled = r(&format!("{h}\npool w threads 4 jobs 12 {{ {b} }}"));
            let copies = r(&format!("{h}\nthread w x4 {{ repeat 3 {{ {b} }} }}"));
            assert_eq!(pooled.makespan, copies.makespan, "{h} / {b}");
            assert_eq!(renamed_json(&pooled, "", ""), renamed_json(&copies, "", ""), "{h} / {b}");
            let p = pool(&pooled, "w");
            assert_eq!((p.done, p.jobs, p.workers), (12, 12, 4));
            // Each worker took its share: three jobs each.
            for k in 1..=4 {
                assert_eq!(p.job_list.iter().filter(|j| j.worker == k).count(), 3, "{h} / {b}");
            }
        }
    }
}

/// The example of the brief, by hand: 4 workers, one core, cpu 2 then io 6: the workers take
/// the core in turn, every 8 ticks a round; makespan 30.
#[test]
fn the_four_worker_example_by_hand() {
    let res = r("pool p threads 4 jobs 12 { cpu 2; io 6 }");
    assert_eq!(res.makespan, 30);
    assert_eq!(segs(&res, "p.1"), ["0-2 run@0", "2-8 io", "8-10 run@0", "10-16 io", "16-18 run@0", "18-24 io"]);
    assert_eq!(segs(&res, "p.4")[..2], ["0-6 runnable", "6-8 run@0"]);
    assert_eq!(
        jobs(&res, "p"),
        [
            "1@0-8", "2@0-10", "3@0-12", "4@0-14", "1@8-16", "2@10-18", "3@12-20", "4@14-22", "1@16-24", "2@18-26",
            "3@20-28", "4@22-30"
        ]
    );
}

/// The equivalence needs workers that finish their jobs in turn. Under `stcf` the worker with
/// the least work left is favoured, so it finishes first and takes the next job again: the
/// pool is not a set of fixed shares (a worker's estimate is one job's CPU times its share).
#[test]
fn under_stcf_a_favoured_worker_takes_more_jobs() {
    let body = "cpu 1; sleep 2; cpu 1; yield";
    let pooled = r(&format!("scheduler stcf\npool w threads 4 jobs 12 {{ {body} }}"));
    let copies = r(&format!("scheduler stcf\nthread w x4 {{ repeat 3 {{ {body} }} }}"));
    let p = pool(&pooled, "w");
    let per_worker: Vec<usize> = (1..=4).map(|k| p.job_list.iter().filter(|j| j.worker == k).count()).collect();
    assert_eq!(per_worker, [5, 5, 1, 1]);
    assert_eq!((pooled.makespan, copies.makespan), (26, 28));
}

/// Same for a `tasks` pool and an event loop whose tasks repeat their share.
#[test]
fn a_tasks_pool_runs_like_an_event_loop_of_copied_tasks() {
    for h in ["", "cores 2\ngil on", "seed 5"] {
        let pooled = r(&format!("{h}\npool g tasks 3 jobs 6 {{ cpu 2; io 4; await sleep 1 }}"));
        let looped =
            r(&format!("{h}\nthread g asyncio {{ task t x3 {{ repeat 2 {{ cpu 2; await io 4; await sleep 1 }} }} }}"));
        assert_eq!(renamed_json(&pooled, "", ""), renamed_json(&looped, "\"t.", "\"g."), "{h}");
    }
}

// ----- workers and names --------------------------------------------------------------------

#[test]
fn workers_are_named_after_the_pool_in_their_processes() {
    let res = r("pool t threads 2 jobs 2 { cpu 1 }\npool c processes 2 jobs 2 { cpu 1 }\n\
                 pool g tasks 2 jobs 2 { cpu 1 }\nprocess q {\n  thread m { cpu 1 }\n  pool w threads 2 jobs 1 { cpu 1 }\n}");
    let who: Vec<(String, String)> = res.threads.iter().map(|t| (t.name.clone(), t.process.clone())).collect();
    let want = [
        ("t.1", "main"),
        ("t.2", "main"),
        ("c.1", "c.1"),
        ("c.2", "c.2"),
        ("g", "main"),
        ("m", "q"),
        ("w.1", "q"),
        ("w.2", "q"),
    ];
    assert_eq!(who, want.map(|(a, b)| (a.to_string(), b.to_string())));
    assert_eq!(res.processes, ["main", "q", "c.1", "c.2"]);
    assert_eq!(res.tasks, ["g.1", "g.2"]);
    assert!(st(&res, "g").asyncio);
    assert_eq!(res.outcome, Outcome::Completed);
}

/// A worker that finds no job left ends at once (here: at its start).
#[test]
fn workers_without_a_job_end_at_once() {
    let res = r("cores 3\npool p threads 3 jobs 1 { cpu 5 }");
    assert_eq!(segs(&res, "p.1"), ["0-5 run@0"]);
    assert!(segs(&res, "p.2").is_empty());
    let p2 = st(&res, "p.2");
    assert_eq!((p2.arrival, p2.end, p2.cpu), (Some(0), Some(0), 0));
    assert_eq!(fates(&res), ["p.1:finished", "p.2:finished", "p.3:finished"]);
    assert_eq!(jobs(&res, "p"), ["1@0-5"]);
}

// ----- the job queue ------------------------------------------------------------------------

/// A worker that finishes takes the lowest-numbered job left: the quickest worker takes job 3.
/// Each worker's `sleep 1..9` is its own draw (k = 0, 1, …): with seed 1 worker 2's first job
/// is shorter than worker 1's.
#[test]
fn the_first_worker_to_finish_takes_the_next_job() {
    let res = r("seed 1\npool p threads 2 jobs 4 { sleep 1..9 }");
    let js = pool(&res, "p").job_list.clone();
    let (first, second) = (js[0], js[1]);
    assert_eq!((first.worker, second.worker), (1, 2));
    assert!(second.end < first.end, "the test wants worker 2 quicker: {js:?}");
    // Job 3 goes to worker 2, when its first job ends; job 4 to worker 1 (or 2, whoever is next).
    assert_eq!((js[2].worker, js[2].start), (2, second.end.unwrap()));
    assert_eq!(js[3].start, first.end.unwrap().min(js[2].end.unwrap()));
    assert!(js.iter().all(|j| j.end.is_some()));
}

/// Workers that take jobs at the same tick take them in worker-number order: worker 1 gets the
/// lower job at the start and at every tick where both finish together.
#[test]
fn same_tick_takers_take_jobs_in_worker_order() {
    let res = r("cores 2\nscheduler fifo\npool p threads 3 jobs 5 { cpu 2 }");
    // At 2 workers 1 and 2 keep their cores for their next jobs (fifo): worker 3 waits until 4.
    assert_eq!(jobs(&res, "p"), ["1@0-2", "2@0-2", "3@0-6", "1@2-4", "2@2-4"]);
}

/// Jobs that take no time: the first worker takes them one after another at the same tick
/// (it never waits, so nobody else gets to ask before it); the numbers still follow the rule
/// by (tick, round, worker).
#[test]
fn zero_time_jobs_at_one_tick() {
    let res = r("pool p threads 2 jobs 3 { yield }");
    assert_eq!(jobs(&res, "p"), ["1@0-0", "1@0-0", "1@0-0"]);
    let p = pool(&res, "p");
    assert_eq!((p.done, p.max_latency, p.throughput), (3, Some(0), None));
    // With a wait in the body the workers alternate: tick 0 both start, then each takes again.
    let res = r("pool p threads 2 jobs 4 { io 1 }");
    assert_eq!(jobs(&res, "p"), ["1@0-1", "2@0-1", "1@1-2", "2@1-2"]);
}

// ----- start: at, spawn, join ---------------------------------------------------------------

#[test]
fn a_pool_starts_at_its_at_time() {
    let res = r("cores 2\npool p threads 2 jobs 3 at 5 { cpu 2 }");
    assert_eq!(segs(&res, "p.1"), ["0-5 new", "5-9 run@0"]);
    assert_eq!(jobs(&res, "p"), ["1@5-7", "2@5-7", "1@7-9"]);
    assert_eq!(st(&res, "p.2").arrival, Some(5));
    let p = pool(&res, "p");
    assert_eq!((p.start, p.max_latency), (Some(5), Some(4)));
    assert_eq!(p.mean_latency, Some((2.0 + 2.0 + 4.0) / 3.0));
}

/// `spawn POOL` starts every worker, the spawner paying the spawn cost once per worker; the
/// pool starts when its first worker does. `join POOL` waits until every worker is Dead.
#[test]
fn spawn_and_join_of_a_threads_pool() {
    let res = r("cores 4\nscheduler fifo\nspawn-cost thread 2\n\
                 thread main { cpu 1; spawn p; join p; cpu 1 }\n\
                 pool p threads 2 jobs 4 { cpu 3 }");
    assert_eq!(segs(&res, "main"), ["0-5 run@0", "5-9 join p.1", "9-11 join p.2", "11-12 run@0"]);
    assert_eq!(st(&res, "main").cpu, 1 + 2 * 2 + 1);
    assert_eq!((st(&res, "p.1").arrival, st(&res, "p.2").arrival), (Some(3), Some(5)));
    assert_eq!(jobs(&res, "p"), ["1@3-6", "2@5-8", "1@6-9", "2@8-11"]);
    assert_eq!(ev(&res, "spawn"), ["3 main target=p.1; spawned", "5 main target=p.2; spawned"]);
    let p = pool(&res, "p");
    assert_eq!((p.start, p.done, p.max_latency), (Some(3), 4, Some(8)));
    assert_eq!(p.mean_latency, Some((3.0 + 5.0 + 6.0 + 8.0) / 4.0));
    assert_eq!(p.throughput, Some(4.0 * 1000.0 / 8.0));
    assert_eq!(res.makespan, 12);
}

/// A `processes` pool: spawned as processes (the process spawn cost, once per worker), joined
/// worker by worker.
#[test]
fn spawn_and_join_of_a_processes_pool() {
    let res = r("cores 4\nscheduler fifo\nspawn-cost process 3\n\
                 thread main { spawn c; join c }\n\
                 pool c processes 2 jobs 2 { cpu 4 }");
    assert_eq!(segs(&res, "main"), ["0-6 run@0", "6-7 join c.1", "7-10 join c.2"]);
    assert_eq!((st(&res, "c.1").arrival, st(&res, "c.2").arrival), (Some(3), Some(6)));
    assert_eq!(jobs(&res, "c"), ["1@3-7", "2@6-10"]);
    assert_eq!(res.makespan, 10);
}

/// `spawn` of a `tasks` pool starts its one loop thread: one spawn cost.
#[test]
fn spawn_of_a_tasks_pool_starts_its_loop() {
    let res = r("spawn-cost thread 2\nthread main { spawn g; join g }\npool g tasks 3 jobs 3 { cpu 1; await io 5 }");
    assert_eq!(st(&res, "main").cpu, 2);
    assert_eq!(st(&res, "g").arrival, Some(2));
    assert_eq!(jobs(&res, "g"), ["1@2-8", "2@3-9", "3@4-10"]);
    assert_eq!(segs(&res, "main"), ["0-2 run@0", "2-10 join g"]);
}

#[test]
fn join_of_a_pool_with_a_timeout_waits_for_each_worker_in_turn() {
    let res = r("cores 3\nthread main { join p 2; cpu 1 }\npool p threads 2 jobs 2 { cpu 5 }");
    assert_eq!(segs(&res, "main"), ["0-2 join p.1", "2-4 join p.2", "4-5 run@2"]);
}

// ----- processes and the GIL; event loops -----------------------------------------------------

/// Under the GIL, 2 CPU-bound worker processes on 2 cores halve the makespan (one GIL each);
/// 2 worker threads share one GIL and gain nothing.
#[test]
fn a_processes_pool_has_one_gil_per_worker() {
    let procs = r("cores 2\ngil on\npool p processes 2 jobs 4 { cpu 10 }");
    let threads = r("cores 2\ngil on\npool p threads 2 jobs 4 { cpu 10 }");
    let one = r("cores 2\ngil on\npool p threads 1 jobs 4 { cpu 10 }");
    assert_eq!(procs.makespan, 20);
    assert_eq!(one.makespan, 40);
    assert!(threads.makespan >= 40, "threads under the GIL: {}", threads.makespan);
    assert_eq!(procs.gil_handoffs, 0);
    assert!(threads.gil_handoffs > 0);
}

/// A `tasks` pool overlaps its I/O on one thread: cpu runs on the loop (one task at a time),
/// the awaits overlap.
#[test]
fn a_tasks_pool_overlaps_io_on_one_thread() {
    let res = r("cores 4\npool g tasks 3 jobs 3 { cpu 1; io 10 }");
    // In a tasks pool `io N` is `await io N`.
    assert_eq!(res.to_json(), r("cores 4\npool g tasks 3 jobs 3 { cpu 1; await io 10 }").to_json());
    assert_eq!(res.threads.len(), 1);
    assert_eq!(segs(&res, "g"), ["0-1 run@0 g.1", "1-2 run@0 g.2", "2-3 run@0 g.3", "3-13 io"]);
    assert_eq!(jobs(&res, "g"), ["1@0-11", "2@1-12", "3@2-13"]);
    assert_eq!(res.makespan, 13);
    // The same work on one thread without the loop takes 33.
    assert_eq!(r("pool g threads 1 jobs 3 { cpu 1; io 10 }").makespan, 33);
}

/// `cpu` in a task blocks every task of the loop: the second task takes its first job only
/// when the first awaits.
#[test]
fn a_task_worker_starts_when_the_loop_first_runs_it() {
    let res = r("pool g tasks 2 jobs 2 { cpu 3; await sleep 1 }");
    // g.1's sleep ends at 4, but the loop computes for g.2 until 6: its job ends at 6.
    assert_eq!(jobs(&res, "g"), ["1@0-6", "2@3-7"]);
    assert_eq!(pool(&res, "g").start, Some(0));
}

/// Locks are shared with the other threads of the process.
#[test]
fn workers_share_locks_with_their_process() {
    let res = r("cores 4\nthread a { lock m; cpu 4; unlock m }\npool p threads 2 jobs 2 { lock m; cpu 1; unlock m }");
    assert_eq!(segs(&res, "p.1"), ["0-4 lock m", "4-5 run@0"]);
    assert_eq!(segs(&res, "p.2"), ["0-5 lock m", "5-6 run@0"]);
}

// ----- numbers and JSON ---------------------------------------------------------------------

/// Hand-computed: 2 workers, 3 jobs of cpu 2 then io 2 on one core (see the CLI table test).
#[test]
fn the_numbers_of_a_small_pool() {
    let res = r("pool p threads 2 jobs 3 { cpu 2; io 2 }");
    assert_eq!(jobs(&res, "p"), ["1@0-4", "2@0-6", "1@4-8"]);
    let j = json(&res);
    assert_eq!(
        j["pools"],
        json!([{"name": "p", "kind": "threads", "workers": 2, "jobs": 3, "done": 3,
                "mean_latency": 6.0, "max_latency": 8, "throughput": 375.0}])
    );
    // The key sits after the whole-run numbers.
    let text = res.to_json();
    assert!(text.find("\"gil_handoffs\"").unwrap() < text.find("\"pools\"").unwrap());
    assert!(text.find("\"pools\"").unwrap() < text.find("\"cores\"").unwrap());
}

#[test]
fn no_pool_no_pools_key() {
    let res = r("thread a { cpu 1 }");
    assert!(res.pools.is_empty());
    assert!(!res.to_json().contains("pools"));
}

/// Jobs not done (the worker crashed, or the run hit its limit) count in `jobs`, not `done`;
/// with no job done there is no latency nor throughput.
#[test]
fn jobs_not_done() {
    let res = r("limit 5\npool p threads 1 jobs 3 { cpu 3 }");
    let p = pool(&res, "p");
    assert_eq!((p.done, p.jobs), (1, 3));
    assert_eq!(jobs(&res, "p"), ["1@0-3", "1@3-"]);
    let res = r("pool p threads 2 jobs 3 { cpu 1; crash }");
    let p = pool(&res, "p");
    assert_eq!((p.done, p.mean_latency, p.max_latency, p.throughput), (0, None, None, None));
    assert_eq!(json(&res)["pools"][0]["throughput"], serde_json::Value::Null);
}

// ----- the formula --------------------------------------------------------------------------

fn formula(text: &str) -> Option<f64> {
    let p = compile(&parse(text).unwrap()).unwrap();
    p.pool_formula(0)
}

#[test]
fn the_best_worker_count_formula() {
    // (W + C) / C × P with C = 2, W = 6.
    assert_eq!(formula("cores 2\npool p threads 4 jobs 12 { cpu 2; io 6 }"), Some(8.0));
    assert_eq!(formula("cores 2\ngil on\npool p threads 4 jobs 12 { cpu 2; io 6 }"), Some(4.0));
    assert_eq!(formula("cores 2\ngil on\npool p processes 4 jobs 12 { cpu 2; io 6 }"), Some(8.0));
    assert_eq!(formula("cores 2\npool p tasks 4 jobs 12 { cpu 2; await io 6 }"), Some(4.0));
    // Repeats multiplied, ranges at their midpoint, sleep counts as waiting: C = 2 × 2, W = 2 × (4 + 1.5).
    assert_eq!(
        formula("cores 3\npool p threads 4 jobs 12 { repeat 2 { cpu 1..3; sleep 4; io 1..2 } }"),
        Some(45.0 / 4.0)
    );
    // No CPU: no finite best count.
    assert_eq!(formula("pool p threads 4 jobs 12 { io 6 }"), None);
    assert_eq!(formula("thread a { cpu 1 }"), None);
}

// ----- errors -------------------------------------------------------------------------------

#[test]
fn pool_errors_say_where_and_what() {
    // Workers and jobs out of range: at their edges in `limits.rs`.
    assert_eq!(
        invalid("pool p thread 2 jobs 3 { cpu 1 }"),
        "1:8: expected the kind of pool p (one of threads, processes, tasks), found \"thread\"; did you mean \"threads\"?"
    );
    assert_eq!(
        invalid("pool p 2 jobs 3 { cpu 1 }"),
        "1:8: expected the kind of pool p (one of threads, processes, tasks), found \"2\""
    );
    assert_eq!(
        invalid("pool p threads 2 { cpu 1 }"),
        "1:18: expected \"jobs J\" after the workers of pool p, found \"{\""
    );
    assert_eq!(invalid("pool p threads x jobs 2 { cpu 1 }"), "1:16: expected a number after \"threads\", found \"x\"");
    assert_eq!(invalid("pool { cpu 1 }"), "1:6: expected a pool name after \"pool\", found \"{\"");
    assert_eq!(
        invalid("pool p threads 2 jobs 3\n{ cpu 1 }"),
        "1:24: expected \"{\" on the same line as pool p, found the end of the line"
    );
    assert_eq!(
        invalid("pool p threads 2 jobs 3 daemon { cpu 1 }"),
        "1:25: expected \"{\" after pool p, found \"daemon\""
    );
    // The body of a threads pool holds thread operations; of a tasks pool, task operations.
    assert!(invalid("pool p threads 2 jobs 3 { await io 1 }").starts_with("1:27: unknown operation \"await\""));
    assert!(invalid("pool p tasks 2 jobs 3 { lock m }").contains("is an operation of an ordinary thread"));
}

/// A tree built by hand is held to the parser's limits too.
#[test]
fn a_pool_built_by_hand_keeps_the_limits() {
    let with = |workers: u32, jobs: u64| {
        let mut sc = parse("pool p threads 2 jobs 3 { cpu 1 }").unwrap();
        let threadlab_sim::ast::Body::Pool(pool) = &mut sc.processes[0].threads[0].body else { panic!("a pool") };
        (pool.workers, pool.jobs) = (workers, jobs);
        compile(&sc).map(|_| ()).map_err(|e| e.to_string())
    };
    assert_eq!(with(2, 0), Err("1:6: a pool needs 1 to 1000000 jobs, found 0".to_string()));
    assert_eq!(with(20_000, 3), Err("1:6: a pool needs 1 to 10000 workers, found 20000".to_string()));
    assert_eq!(with(10_000, 1_000_000), Ok(()));
}

#[test]
fn pool_limits_and_names() {
    // N workers count against the thread limit (tasks: against the task limit): `limits.rs`.
    // Names: the pool's and its workers' are taken.
    assert_eq!(
        invalid("pool p threads 2 jobs 3 { cpu 1 }\nthread p.2 { cpu 1 }"),
        "2:8: the name \"p.2\" is already used at line 1; thread, task and process names must be unique"
    );
    // A spawned pool cannot have `at`.
    assert_eq!(
        invalid("thread a { spawn p }\npool p processes 2 jobs 3 at 4 { cpu 1 }"),
        "1:18: thread \"p\" has `at` (line 2) but is started by `spawn`; remove one of them"
    );
    // A process block needs a thread of its own: worker processes are processes of their own.
    assert_eq!(
        invalid("process q { pool w processes 2 jobs 2 { cpu 1 } }"),
        "1:9: process q has no thread; expected \"thread\""
    );
    assert!(check("process q { pool w threads 2 jobs 2 { cpu 1 } }").is_ok());
}

// ----- ranges for waiting -------------------------------------------------------------------

/// `io A..B` and `sleep A..B` draw from the thread's stream, one draw per execution, in the
/// order operations run, sharing the counter with `cpu A..B`: the k-th range of a thread gets
/// the k-th draw whatever its operation.
#[test]
fn waiting_ranges_share_the_threads_draws_in_order() {
    let lens = |text: &str| -> Vec<u64> {
        let res = r(text);
        res.segments_of(0).iter().map(|s| s.end - s.start).collect()
    };
    for seed in [0, 1, 42] {
        let a = lens(&format!("seed {seed}\nthread a {{ cpu 1..50; io 1..50; sleep 1..50 }}"));
        let b = lens(&format!("seed {seed}\nthread a {{ sleep 1..50; cpu 1..50; io 1..50 }}"));
        assert_eq!(a.len(), 3);
        assert_eq!((a[0], a[1], a[2]), (b[0], b[1], b[2]), "seed {seed}");
        // A fixed io does not draw.
        let c = lens(&format!("seed {seed}\nthread a {{ io 3; cpu 1..50 }}"));
        assert_eq!(c, [3, a[0]]);
    }
}

#[test]
fn waiting_ranges_are_deterministic_and_within_bounds() {
    let text = "seed 9\ncores 2\nthread a x 3 { repeat 20 { cpu 1; io 2..6; sleep 0..3 } }";
    let res = r(text);
    assert_eq!(res.to_json(), r(text).to_json());
    for t in 0..3 {
        let segs = res.segments_of(t);
        let io: Vec<u64> =
            segs.iter().filter(|s| s.cause.map(|c| c.as_str()) == Some("io")).map(|s| s.end - s.start).collect();
        assert_eq!(io.len(), 20);
        assert!(io.iter().all(|n| (2..=6).contains(n)), "{io:?}");
        assert!(io.iter().any(|&n| n != io[0]), "a range that never varies: {io:?}");
    }
    // One draw per execution: 20 io draws and 20 sleep draws in 40 executions, so the thread's
    // next range gets draw 40 — the same as a thread doing 40 draws with cpu ranges.
    let seq = |ops: &str| {
        let res = r(&format!("seed 9\nthread a {{ {ops}; io 100..200 }}"));
        let s = res.segments_of(0);
        s.last().map(|g| g.end - g.start).unwrap()
    };
    assert_eq!(seq("repeat 20 { io 1..2; sleep 1..2 }"), seq("repeat 40 { cpu 1..1 }"));
    assert_ne!(seq("repeat 20 { io 1..2; sleep 1..2 }"), seq("repeat 39 { cpu 1..1 }"));
}

/// `await io A..B` and `await sleep A..B` are accepted in asyncio tasks and draw from the
/// task's own stream, like `cpu A..B` there.
#[test]
fn await_ranges_in_tasks() {
    let a = r("seed 4\nthread l asyncio { task t { await io 5..40; cpu 1 } }");
    let b = r("seed 4\nthread l asyncio { task t { cpu 5..40 } }");
    let io = a.segments_of(0)[0];
    assert_eq!(io.cause.map(|c| c.as_str()), Some("io"));
    assert_eq!(io.end - io.start, b.makespan);
    let s = r("seed 4\nthread l asyncio { task t { await sleep 5..40 } }");
    assert_eq!(s.makespan, b.makespan);
}

/// STCF's demand estimate counts CPU only: an `io` range does not make a thread look longer.
#[test]
fn stcf_ignores_waiting_ranges() {
    let res = r("scheduler stcf\nthread a { cpu 3 }\nthread b { cpu 2; io 100..200 }");
    assert_eq!(segs(&res, "b")[0], "0-2 run@0");
    assert_eq!(segs(&res, "a")[..2], ["0-2 runnable", "2-5 run@0"]);
}

// ----- invariants on random pools -----------------------------------------------------------

mod random {
    use super::*;
    use proptest::prelude::*;

    /// The cases of the property, shared among the seeds (`common/seeds.rs`).
    const CASES: u32 = 300;

    /// One operation of a job: (keyword, lo, hi); lo == hi is written as a number.
    fn body() -> impl Strategy<Value = Vec<(&'static str, u64, u64)>> {
        let op = (prop::sample::select(vec!["cpu", "io", "sleep"]), 0u64..5, 0u64..3)
            .prop_map(|(k, lo, d)| (k, lo, lo + d * u64::from(d > 1)));
        prop::collection::vec(op, 1..4).prop_filter("a job takes some time", |ops| ops.iter().any(|o| o.1 > 0))
    }

    /// Every job is taken once and done; a worker runs one job at a time and takes its next
    /// at the tick the previous ended; the numbers agree with the jobs; CPU is conserved.
    #[test]
    fn jobs_are_taken_once_run_in_turn_and_counted() {
        seeds::check(
            "jobs_are_taken_once_run_in_turn_and_counted",
            CASES,
            (
                prop::sample::select(vec!["threads", "processes", "tasks"]),
                1u32..5,
                1u64..10,
                1u32..4,
                prop::sample::select(vec!["fifo", "rr", "priority", "sjf", "stcf"]),
                any::<bool>(),
                0u64..50,
                0u64..3,
                body(),
            ),
            |(kind, workers, jobs_n, cores, policy, gil, seed, at, ops)| {
                let text_ops: Vec<String> = ops
                    .iter()
                    .map(|(k, lo, hi)| if lo == hi { format!("{k} {lo}") } else { format!("{k} {lo}..{hi}") })
                    .collect();
                let text = format!(
            "cores {cores}\nscheduler {policy}\nseed {seed}\n{}pool p {kind} {workers} jobs {jobs_n} at {at} {{ {} }}",
            if gil { "gil on\n" } else { "" },
            text_ops.join("; ")
        );
                let res = r(&text);
                prop_assert_eq!(&res.outcome, &Outcome::Completed, "{}", text);
                let p = pool(&res, "p");
                prop_assert_eq!((p.done, p.jobs, p.job_list.len() as u64), (jobs_n, jobs_n, jobs_n), "{}", text);
                prop_assert_eq!(p.start, Some(at));
                // Job numbers follow the ticks taken.
                prop_assert!(p.job_list.windows(2).all(|w| w[0].start <= w[1].start), "{:?}", p.job_list);
                // Per worker: one job at a time, the next taken when the last ended.
                for k in 1..=workers {
                    let mut mine: Vec<Job> = p.job_list.iter().copied().filter(|j| j.worker == k).collect();
                    mine.sort_by_key(|j| j.start);
                    for w in mine.windows(2) {
                        prop_assert_eq!(w[0].end, Some(w[1].start), "worker {}: {:?}\n{}", k, mine, text);
                    }
                }
                // Numbers from the jobs.
                let ends: Vec<u64> = p.job_list.iter().map(|j| j.end.unwrap()).collect();
                let last = *ends.iter().max().unwrap();
                prop_assert_eq!(p.max_latency, Some(last - at));
                let mean = ends.iter().map(|e| (e - at) as f64).sum::<f64>() / jobs_n as f64;
                prop_assert!((p.mean_latency.unwrap() - mean).abs() < 1e-9);
                if last > at {
                    prop_assert_eq!(p.throughput, Some(jobs_n as f64 * 1000.0 / (last - at) as f64));
                }
                // Threads and processes pools: every worker takes a job at the start while jobs last.
                if kind != "tasks" {
                    let first: Vec<u32> = p.job_list.iter().take_while(|j| j.start == at).map(|j| j.worker).collect();
                    let want: Vec<u32> = (1..=workers.min(jobs_n as u32)).collect();
                    prop_assert_eq!(first, want, "{}", text);
                }
                // CPU is conserved when the body has no range.
                if ops.iter().all(|(_, lo, hi)| lo == hi) {
                    let job_cpu: u64 = ops.iter().filter(|o| o.0 == "cpu").map(|o| o.1).sum();
                    let cpu: u64 = res.threads.iter().map(|t| t.cpu).sum();
                    prop_assert_eq!(cpu, job_cpu * jobs_n, "{}", text);
                }
                // The makespan is the last job's end (nothing else runs).
                prop_assert_eq!(res.makespan, last);
                Ok(())
            },
        );
    }
}

/// Even when the engine reaches the higher worker first within a tick: at 4 worker 2 gets a
/// core back (it waited in the ready queue since its `yield` at 2) and takes a job, then worker
/// 1, which yielded at 4 and takes the other free core. Worker 1 still gets the lower job (5),
/// worker 2 job 6 (numbered in asking order, worker 2 would have job 5).
#[test]
fn same_tick_takers_in_worker_order_even_when_reached_in_another_order() {
    let res = r("cores 2\nscheduler fifo\npool p threads 3 jobs 6 { cpu 2; yield }");
    assert_eq!(segs(&res, "p.2"), ["0-2 run@1", "2-4 runnable", "4-6 run@0"]);
    assert_eq!(jobs(&res, "p"), ["1@0-2", "2@0-4", "3@0-6", "1@2-4", "1@4-6", "2@4-6"]);
}
