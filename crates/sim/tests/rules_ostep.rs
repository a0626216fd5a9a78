//! `scheduler ostep` (issue 14): OSTEP's `process-run.py` CPU as a scheduling policy, so that
//! a process-run homework written as a scenario (`threadlab ostep process-run … --scenario`)
//! runs to the same Total Time and CPU Busy. A process-run program maps instruction for
//! instruction: `cN` is `cpu N`, `i` is `cpu 1; io L; cpu 1` (the issuing tick, L ticks
//! blocked, the io_done tick). The expected numbers below are what process-run.py (Python
//! 3.11) printed for `-P PROGRAM -L L -S … -I … -c -p`; `share`'s tests compare the two over
//! many random programs.

use threadlab_sim::trace::{EventKind, Reason};

/// The scenario of a process-run program (`c3,i:c4` …), `L`, and the rules' words.
fn scenario(program: &str, l: u64, rules: &str) -> String {
    let mut out = format!("scheduler ostep {rules}\n");
    for (k, p) in program.split(':').enumerate() {
        let ops: Vec<String> = p
            .split(',')
            .map(|i| match i.strip_prefix('c') {
                Some(n) => format!("cpu {n}"),
                None => format!("cpu 1; io {l}; cpu 1"),
            })
            .collect();
        out.push_str(&format!("thread p{k} {{ {} }}\n", ops.join("; ")));
    }
    out
}

/// (makespan, CPU busy) of a run.
fn numbers(text: &str) -> (u64, u64) {
    let r = threadlab_sim::run(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(r.outcome.kind(), "completed", "{text}");
    (r.makespan, r.cores[0].busy)
}

#[test]
fn runs_as_process_run_does() {
    for (program, l, rules, total, busy) in [
        ("c3,i,c2:c4:i,c1", 2, "", 14, 14),
        ("c3,i,c2:c4:i,c1", 2, "switch-on-end", 18, 14),
        ("i,c3,c1:c3", 3, "io-immediate", 9, 9),
        ("i,c1:i,c1:c6", 4, "switch-on-io io-later", 12, 12),
        ("i,c1:i,c1:c6", 4, "io-immediate", 12, 12),
        ("i,i,c1:c2,i:c5", 5, "switch-on-end io-immediate", 29, 14),
        ("c5:c5", 5, "", 10, 10),
        ("i:i:i", 0, "", 6, 6),
    ] {
        let text = scenario(program, l, rules);
        assert_eq!(numbers(&text), (total, busy), "-P {program} -L {l} ({rules})\n{text}");
    }
}

#[test]
fn the_next_thread_is_the_one_after_the_last_in_turn_not_the_queue_head() {
    // p0 and p1 compute while p2 waits; p1 became Runnable before p0 (its I/O ended first),
    // so the queue's head is p1, but after p2 the turn is p0's.
    let text =
        "scheduler ostep\nthread p0 { cpu 1; io 4; cpu 1 }\nthread p1 { cpu 1; io 2; cpu 1 }\nthread p2 { cpu 8 }\n";
    let r = threadlab_sim::run(text).expect("runs");
    let order: Vec<String> = r
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Dispatch)
        .map(|e| format!("{}@{}:{:?}", r.thread_name(e.thread), e.tick, e.reason))
        .collect();
    assert_eq!(
        order,
        ["p0@0:NextInTurn", "p1@1:NextInTurn", "p2@2:NextInTurn", "p0@10:NextInTurn", "p1@11:NextInTurn"],
        "{text}"
    );
    // Under fifo the head of the queue (p1) would go first.
    let fifo = threadlab_sim::run(&text.replace("scheduler ostep", "scheduler fifo")).expect("runs");
    let after_p2 = fifo
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Dispatch && e.tick == 10)
        .map(|e| fifo.thread_name(e.thread).to_string())
        .next();
    assert_eq!(after_p2.as_deref(), Some("p1"));
}

#[test]
fn io_immediate_takes_the_core_at_once() {
    let text = "scheduler ostep io-immediate\nthread p0 { cpu 1; io 2; cpu 1 }\nthread p1 { cpu 9 }\n";
    let r = threadlab_sim::run(text).expect("runs");
    let preempt = r.events.iter().find(|e| e.kind == EventKind::Preempt).expect("p1 is preempted");
    assert_eq!((r.thread_name(preempt.thread), preempt.tick, preempt.reason), ("p1", 3, Reason::IoDone));
    let back = r.events.iter().find(|e| e.kind == EventKind::Dispatch && e.tick == 3).expect("p0 runs at 3");
    assert_eq!((r.thread_name(back.thread), back.reason), ("p0", Reason::IoDone));
}

#[test]
fn switch_on_end_keeps_the_core_idle_while_its_thread_waits() {
    let r =
        threadlab_sim::run("scheduler ostep switch-on-end\nthread p0 { cpu 1; io 5; cpu 1 }\nthread p1 { cpu 2 }\n")
            .expect("runs");
    // p0 holds the core through its I/O (idle 5 ticks), then p1 runs: 1 + 5 + 1 + 2.
    assert_eq!((r.makespan, r.cores[0].busy, r.cores[0].idle), (9, 4, 5));
}

#[test]
fn the_text_says_the_rules_and_ostep_has_one_core() {
    for text in [
        "scheduler ostep\n",
        "scheduler ostep switch-on-end\n",
        "scheduler ostep io-immediate\n",
        "scheduler ostep switch-on-end io-immediate\n",
    ] {
        let s = threadlab_sim::parse(text).expect("parses");
        assert_eq!(threadlab_sim::to_text(&s), text);
    }
    // The defaults are not written back.
    let s = threadlab_sim::parse("scheduler ostep io-later switch-on-io\n").expect("parses");
    assert_eq!(threadlab_sim::to_text(&s), "scheduler ostep\n");
    let e = threadlab_sim::parse("cores 2\nscheduler ostep\nthread a { cpu 1 }").expect_err("two cores");
    assert_eq!((e.pos.line, e.pos.col), (2, 11));
    assert!(e.to_string().contains("expected cores 1, found cores 2"), "{e}");
    let e = threadlab_sim::parse("scheduler ostep switch-on-io switch-on-end").expect_err("twice");
    assert_eq!((e.pos.line, e.pos.col), (1, 30));
    let e = threadlab_sim::parse("scheduler ostep quantum 3").expect_err("no quantum");
    assert!(e.to_string().contains("not after ostep"), "{e}");
}
