//! Every limit of SCENARIO.md ("Bad input" and Version 1.1's pools) and of `limits.rs`, tested at
//! its edge, one test per limit: the limit itself parses, compiles and runs (simulated, kept
//! fast), and the limit + 1 is an error whose line:column points at the offending token and whose
//! message says what was expected.
//!
//! | limit | constant | test |
//! |---|---|---|
//! | scenario text 64 KiB (65,536 bytes) | `MAX_TEXT_BYTES` | [`text_of_64_kib`] (the error is at 1:1: no token is at fault) |
//! | 256 cores | `MAX_CORES` | [`cores_256`] |
//! | 10,000 threads after `x N` (pools' workers included) | `MAX_THREADS` | [`threads_10_000`] |
//! | 10,000 asyncio tasks after `x N` (task pools' workers included) | `MAX_TASKS` | [`tasks_10_000`] |
//! | `x N` copies: 1 to 10,000 | `parser::MAX_COPIES` | [`copies_10_000`] |
//! | nesting depth 32 (a thread, process or task block is one level: `thread a { repeat 2 { … } }` has depth 2) | `MAX_NESTING` | [`nesting_32`] |
//! | `limit` 1 to 10,000,000 ticks | `MAX_LIMIT` | [`limit_10_000_000`] |
//! | any number at most 10^12 (negative: `priority` only) | `MAX_NUMBER` | [`numbers_up_to_10_to_the_12`] |
//! | pool workers: 1 to 10,000 | `MAX_WORKERS` | [`pool_workers_10_000`] |
//! | pool jobs: 1 to 1,000,000 | `MAX_JOBS` | [`pool_jobs_1_000_000`] |
//! | the engine's budget of trace segments (no text can exceed memory) | `DEFAULT_MAX_SEGMENTS` | [`segment_budget_stops_a_run`] |
//!
//! Stack depth beyond the limit (thousands of `{`) is `parse.rs`'s
//! `very_deep_nesting_does_not_overflow_the_stack`; a tree built by hand is held to the pool
//! limits in `rules_pools.rs` (`a_pool_built_by_hand_keeps_the_limits`).

use threadlab_sim::limits::*;
use threadlab_sim::{parse, run, LimitReason, Outcome, RunOptions, RunResult};

/// Parses, compiles and runs `text`, which must be valid.
fn runs(text: &str) -> RunResult {
    run(text).unwrap_or_else(|e| panic!("expected a run, got {e} for {:?}", short(text)))
}

/// Parses and compiles `text` (`run` minus the simulation), expecting an error at `line:col`
/// whose message contains `needle`.
fn bad(text: &str, line: u32, col: u32, needle: &str) {
    match threadlab_sim::check(text) {
        Ok(_) => panic!("expected {:?} to fail", short(text)),
        Err(e) => {
            assert_eq!((e.pos.line, e.pos.col), (line, col), "position of {e} for {:?}", short(text));
            assert!(e.message().contains(needle), "message {:?} lacks {needle:?}", e.message());
        }
    }
}

fn short(text: &str) -> String {
    threadlab_sim::lexer::shorten(text)
}

fn completed(r: &RunResult) {
    assert!(matches!(r.outcome, Outcome::Completed), "outcome {:?}", r.outcome);
}

#[test]
fn text_of_64_kib() {
    assert_eq!(MAX_TEXT_BYTES, 65_536);
    let head = "thread a { cpu 1 }\n#";
    let fits = format!("{head}{}", "a".repeat(MAX_TEXT_BYTES - head.len()));
    assert_eq!(fits.len(), 65_536);
    completed(&runs(&fits));
    // Bytes, not characters: a 3-byte character one byte over the edge is too long.
    let wide = format!("{head}{}é", "a".repeat(MAX_TEXT_BYTES - head.len() - 1));
    assert_eq!(wide.len(), 65_537);
    bad(&wide, 1, 1, "scenario is 65537 bytes; at most 65536 are allowed");
    let too_big = format!("{fits}a");
    bad(&too_big, 1, 1, "scenario is 65537 bytes; at most 65536 are allowed");
}

#[test]
fn cores_256() {
    let r = runs("cores 256\nthread a x 300 { cpu 2 }");
    completed(&r);
    assert_eq!(r.makespan, 4, "300 threads on 256 cores: two rounds");
    assert!(r.core_segments.iter().any(|g| g.core == 255), "the last core runs");
    bad("cores 257\nthread a { cpu 1 }", 1, 7, "cores must be 1 to 256, found 257");
    bad("cores 0", 1, 7, "cores must be 1 to 256, found 0");
}

#[test]
fn threads_10_000() {
    // 10,000 threads of `cpu 1` in every way they can be written.
    completed(&runs("cores 256\nthread a x 10000 { cpu 1 }"));
    completed(&runs("cores 256\nthread a x 9999 { cpu 1 }\nprocess p { thread b { cpu 1 } }"));
    completed(&runs("cores 256\nthread a x 9000 { cpu 1 }\npool p threads 500 jobs 500 { cpu 1 }\npool q processes 500 jobs 500 { cpu 1 }"));
    // The 10,001st: at the name of the declaration that goes over (copies and pool workers count).
    let msg = "too many threads: at most 10000 after copies `x N` are expanded";
    bad("thread a x 10000 { cpu 1 }\nthread b { cpu 1 }", 2, 8, msg);
    bad("thread a x 5000 { cpu 1 }\n\nprocess p { thread b x 5001 { cpu 1 } }", 3, 20, msg);
    bad("thread a x 9999 { cpu 1 }\npool p threads 2 jobs 3 { cpu 1 }", 2, 6, msg);
    bad("thread a x 9999 { cpu 1 }\npool p processes 2 jobs 3 { cpu 1 }", 2, 6, msg);
    // (10,001 declarations of one thread each cannot be written in 64 KiB: `thread t{} ` is
    // 11 bytes at least.)
}

#[test]
fn tasks_10_000() {
    completed(&runs("thread l asyncio { task t x 10000 { cpu 1 } }"));
    completed(&runs("thread l asyncio { task t x 5000 { cpu 1 } }\npool p tasks 5000 jobs 5000 { cpu 1 }"));
    let msg = "too many tasks: at most 10000 after copies are expanded";
    bad("thread l asyncio {\n  task t x 10000 { cpu 1 }\n  task u { cpu 1 }\n}", 3, 8, msg);
    bad("thread l asyncio { task t x 2 { cpu 1 } }\npool p tasks 9999 jobs 3 { cpu 1 }", 2, 6, msg);
}

#[test]
fn copies_10_000() {
    let s = parse("thread a x10000 { cpu 1 }\nthread b x 10000 { cpu 1 }").unwrap();
    assert_eq!(s.processes[0].threads[1].copies, Some(10_000));
    // Runs: see `threads_10_000`. One more, glued or spaced, or none: at the count.
    bad("thread a x 10001 { cpu 1 }", 1, 12, "\"x\" needs 1 to 10000 copies, found 10001");
    bad("thread a x10001 { cpu 1 }", 1, 10, "\"x\" needs 1 to 10000 copies, found 10001");
    bad("thread a x 0 { cpu 1 }", 1, 12, "\"x\" needs 1 to 10000 copies, found 0");
    bad("thread l asyncio { task t x 10001 { cpu 1 } }", 1, 29, "\"x\" needs 1 to 10000 copies, found 10001");
}

/// `head` (opening one block or more, as `thread a {`) holding as many nested `repeat 2 { … }`
/// as make `depth` open blocks.
fn nested(head: &str, depth: usize) -> String {
    let mut text = format!("{head}\n");
    for _ in head.matches('{').count()..depth {
        text.push_str("repeat 2 {\n");
    }
    text.push_str("cpu 1\n");
    for _ in 0..depth {
        text.push_str("}\n");
    }
    text
}

/// Nesting counts open `{`: a thread (or process, or task) block is one level, so
/// `thread a { repeat 2 { cpu 1 } }` has depth 2 and a thread holds at most 31 nested repeats
/// (30 inside a process block, 30 inside a task).
#[test]
fn nesting_32() {
    // 31 repeats of 2: 2^31 ticks of `cpu 1`, far beyond the default `limit`: that is what stops it.
    let r = runs(&nested("thread a {", 32));
    assert!(matches!(r.outcome, Outcome::Limit { reason: LimitReason::Ticks(100_000), .. }), "{:?}", r.outcome);
    // The 33rd `{` is the one of the 32nd repeat, on line 33, column 10.
    bad(&nested("thread a {", 33), 33, 10, "blocks nested too deep (at most 32)");
    // A process block is one level too.
    runs(&nested("process p {\nthread a {", 32));
    bad(&nested("process p {\nthread a {", 33), 33, 10, "blocks nested too deep (at most 32)");
    // So is a task block (inside its asyncio thread's block).
    runs(&nested("thread l asyncio {\ntask t {", 32));
    bad(&nested("thread l asyncio {\ntask t {", 33), 33, 10, "blocks nested too deep (at most 32)");
    // And a pool's body.
    runs(&nested("pool p threads 2 jobs 2 {", 32));
    bad(&nested("pool p threads 2 jobs 2 {", 33), 33, 10, "blocks nested too deep (at most 32)");
}

#[test]
fn limit_10_000_000() {
    // Ten million ticks of one long cpu: a handful of segments, stopped by the limit.
    let r = runs("limit 10000000\nthread a { cpu 20000000 }");
    assert!(
        matches!(r.outcome, Outcome::Limit { tick: 10_000_000, reason: LimitReason::Ticks(10_000_000) }),
        "{:?}",
        r.outcome
    );
    // Work ending exactly at the limit completes.
    completed(&runs("limit 10000000\nthread a { cpu 10000000 }"));
    bad("limit 10000001\nthread a { cpu 1 }", 1, 7, "limit must be 1 to 10000000, found 10000001");
    bad("limit 0", 1, 7, "limit must be 1 to 10000000, found 0");
}

#[test]
fn numbers_up_to_10_to_the_12() {
    assert_eq!(MAX_NUMBER, 1_000_000_000_000);
    // Every place a number goes, at 10^12: the sums of ticks never overflow.
    let text = "limit 10000000\nscheduler rr quantum 1000000000000\ngil on interval 1000000000000\nseed 1000000000000\n\
                switch 1000000000000\nspawn-cost thread 1000000000000 process 1000000000000\n\
                thread a priority -1000000000000 { cpu 1000000000000; io 999999999999..1000000000000; sleep 1000000000000 }\n\
                thread b priority 1000000000000 at 1000000000000 { repeat 1000000000000 { cpu 1000000000000 } }";
    let r = runs(text);
    assert!(matches!(r.outcome, Outcome::Limit { reason: LimitReason::Ticks(10_000_000), .. }), "{:?}", r.outcome);
    bad("thread a { cpu 1000000000001 }", 1, 16, "number too large (at most 1000000000000)");
    bad("thread a priority -1000000000001 { }", 1, 19, "number too large (at most 1000000000000)");
    bad("seed 99999999999999999999999999", 1, 6, "number too large (at most 1000000000000)");
    bad("thread a { repeat 99999999999999999999999 { } }", 1, 19, "number too large (at most 1000000000000)");
}

#[test]
fn pool_workers_10_000() {
    completed(&runs("cores 256\npool p threads 10000 jobs 10000 { cpu 1 }"));
    completed(&runs("pool p tasks 10000 jobs 10000 { io 1 }"));
    bad("pool p threads 10001 jobs 3 { cpu 1 }", 1, 16, "a pool needs 1 to 10000 workers, found 10001");
    bad("pool p tasks 0 jobs 3 { cpu 1 }", 1, 14, "a pool needs 1 to 10000 workers, found 0");
}

#[test]
fn pool_jobs_1_000_000() {
    // A million jobs that take no time: taken and counted in one tick.
    let r = runs("pool p tasks 1 jobs 1000000 { }");
    completed(&r);
    assert_eq!(r.pools[0].done, 1_000_000);
    bad("pool p threads 2 jobs 1000001 { cpu 1 }", 1, 23, "a pool needs 1 to 1000000 jobs, found 1000001");
    bad("pool p threads 2 jobs 0 { cpu 1 }", 1, 23, "a pool needs 1 to 1000000 jobs, found 0");
}

/// No limit of the language bounds the trace's size (10,000 threads switching every tick for
/// ten million ticks): the engine's budget of segments does, with outcome `limit`.
#[test]
fn segment_budget_stops_a_run() {
    let program = threadlab_sim::compile(
        &parse("limit 10000000\ncores 2\nthread a x 4 { repeat 1000000 { cpu 1; io 1 } }").unwrap(),
    )
    .unwrap();
    let r = threadlab_sim::simulate(&program, &RunOptions { max_segments: 1_000, ..RunOptions::default() });
    assert!(matches!(r.outcome, Outcome::Limit { reason: LimitReason::Segments(1_000), .. }), "{:?}", r.outcome);
    assert_eq!(RunOptions::default().max_segments, DEFAULT_MAX_SEGMENTS, "the budget every native run has");
}
