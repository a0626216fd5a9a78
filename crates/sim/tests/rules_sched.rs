//! Rule-by-rule tests of scheduling (SCENARIO.md "Scheduling", scheduler.rs, gil.rs): the
//! five policies, same-tick order, core choice, context switches, the GIL and `yield`.
//! Every expected value was worked out by hand from the rules before running.

mod common;
use common::*;
use threadlab_sim::trace::Cause;

// ----- fifo ---------------------------------------------------------------------------------

#[test]
fn fifo_never_preempts() {
    let res = r("scheduler fifo\nthread a { cpu 10 }\nthread b { cpu 2 }");
    assert_eq!(segs(&res, "a"), ["0-10 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-10 runnable", "10-12 run@0"]);
    assert!(ev(&res, "preempt").is_empty());
    let b = st(&res, "b");
    assert_eq!((b.response(), b.turnaround(), b.waiting()), (Some(10), Some(12), 10));
}

/// A thread that blocks gives its core up and comes back at the end of the queue.
#[test]
fn fifo_runs_until_the_thread_blocks() {
    let res = r("scheduler fifo\nthread a { cpu 2; io 1; cpu 2 }\nthread b { cpu 3 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-3 io", "3-5 runnable", "5-7 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-2 runnable", "2-5 run@0"]);
}

// ----- round robin --------------------------------------------------------------------------

#[test]
fn rr_preempts_after_the_quantum_while_another_is_runnable() {
    let res = r("scheduler rr quantum 2\nthread a { cpu 5 }\nthread b { cpu 3 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-4 runnable", "4-6 run@0", "6-7 runnable", "7-8 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-2 runnable", "2-4 run@0", "4-6 runnable", "6-7 run@0"]);
    assert_eq!(
        ev(&res, "preempt"),
        ["2 a core=0; quantum used up", "4 b core=0; quantum used up", "6 a core=0; quantum used up",]
    );
    assert_eq!(res.context_switches, 4);
}

#[test]
fn rr_quantum_starts_afresh_when_alone() {
    let res = r("scheduler rr quantum 2\nthread a { cpu 7 }");
    assert_eq!(segs(&res, "a"), ["0-7 run@0"]);
    assert!(ev(&res, "preempt").is_empty());
    assert_eq!(ev(&res, "dispatch").len(), 1);
}

/// The quantum renewed at 2 (alone) runs out at 4, by which time b (arrived at 3) waits.
#[test]
fn rr_renewed_quantum_runs_out_later_with_a_newcomer_waiting() {
    let res = r("scheduler rr quantum 2\nthread a { cpu 7 }\nthread b at 3 { cpu 1 }");
    assert_eq!(segs(&res, "a"), ["0-4 run@0", "4-5 runnable", "5-8 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-3 new", "3-4 runnable", "4-5 run@0"]);
    assert_eq!(ev(&res, "preempt"), ["4 a core=0; quantum used up"]);
}

#[test]
fn rr_worked_example_1_segments() {
    let res = r("cores 1\nscheduler rr quantum 1\nthread j0 { cpu 3 }\nthread j1 { cpu 2 }\nthread j2 { cpu 1 }\n");
    assert_eq!(core_segs(&res, 0), ["0-1 j0", "1-2 j1", "2-3 j2", "3-4 j0", "4-5 j1", "5-6 j0"]);
    let nums: Vec<_> = ["j0", "j1", "j2"]
        .iter()
        .map(|n| {
            let t = st(&res, n);
            (t.response().unwrap(), t.turnaround().unwrap(), t.waiting())
        })
        .collect();
    assert_eq!(nums, [(0, 6, 3), (1, 5, 3), (2, 3, 2)]);
    assert_eq!(res.makespan, 6);
}

/// a's quantum runs out at tick 2, the tick b arrives. "A thread that has run Q ticks while
/// another is Runnable goes to the end of the queue": the end is behind b, so b runs 2–3.
/// The engine applies the same-tick rule (written order) to the preempted thread as well,
/// puts a in front of b, records `preempt a` and at once `dispatch a`, and b waits until 4;
/// written in the other order (b first), b runs at 2.
#[test]
fn rr_preempted_thread_goes_behind_a_thread_arriving_at_the_same_tick() {
    let res = r("scheduler rr quantum 2\nthread a { cpu 4 }\nthread b at 2 { cpu 1 }");
    assert_eq!(segs(&res, "b"), ["0-2 new", "2-3 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-3 runnable", "3-5 run@0"]);
}

/// Two cores, three CPU-bound threads. At tick 2 both a (core 0) and b (core 1) have run Q
/// ticks while c was Runnable, so both go to the end of the queue. The engine preempts only
/// as many expired threads as there are waiters (lowest core first) and renews b's quantum,
/// so b runs 0–6 without a break while a and c take turns on core 0.
#[test]
fn rr_every_thread_whose_quantum_ran_out_with_others_waiting_goes_to_the_end() {
    let res = r("cores 2\nscheduler rr quantum 2\nthread a { cpu 6 }\nthread b { cpu 6 }\nthread c { cpu 6 }");
    let at_2: Vec<_> = ev(&res, "preempt").into_iter().filter(|e| e.starts_with("2 ")).collect();
    assert_eq!(at_2, ["2 a core=0; quantum used up", "2 b core=1; quantum used up"]);
    assert_eq!(segs(&res, "b")[0], "0-2 run@1");
    assert_eq!(st(&res, "c").first_run, Some(2));
}

// ----- priority -----------------------------------------------------------------------------

#[test]
fn priority_higher_preempts_at_once() {
    let res = r("scheduler priority\nthread lo { cpu 5 }\nthread hi at 2 priority 1 { cpu 2 }");
    assert_eq!(segs(&res, "lo"), ["0-2 run@0", "2-4 runnable", "4-7 run@0"]);
    assert_eq!(segs(&res, "hi"), ["0-2 new", "2-4 run@0"]);
    assert_eq!(ev(&res, "preempt"), ["2 lo for=hi core=0; higher priority arrived"]);
    assert!(ev(&res, "dispatch").contains(&"2 hi core=0; highest priority".to_string()));
}

#[test]
fn priority_equal_priorities_round_robin_with_the_quantum() {
    let res = r("scheduler priority quantum 2\nthread a { cpu 3 }\nthread b { cpu 3 }");
    assert_eq!(core_segs(&res, 0), ["0-2 a", "2-4 b", "4-5 a", "5-6 b"]);
    assert_eq!(ev(&res, "preempt"), ["2 a core=0; quantum used up", "4 b core=0; quantum used up"]);
}

#[test]
fn priority_low_priority_thread_starves_while_higher_ones_run() {
    let res = r("scheduler priority quantum 2\n\
                 thread hi1 priority 1 { cpu 4 }\n\
                 thread hi2 priority 1 { cpu 4 }\n\
                 thread lo { cpu 1 }\n");
    assert_eq!(core_segs(&res, 0), ["0-2 hi1", "2-4 hi2", "4-6 hi1", "6-8 hi2", "8-9 lo"]);
    let lo = st(&res, "lo");
    assert_eq!((lo.first_run, lo.runnable), (Some(8), 8));
}

/// The same as for rr: equal priorities share the cores round-robin, so at tick 2 both a and
/// b have used their quantum with c waiting; the engine preempts only a and b runs 0–6.
#[test]
fn priority_equal_round_robin_on_two_cores_preempts_every_expired_thread() {
    let res = r("cores 2\nscheduler priority quantum 2\nthread a { cpu 6 }\nthread b { cpu 6 }\nthread c { cpu 6 }");
    assert_eq!(segs(&res, "b")[0], "0-2 run@1");
    assert_eq!(st(&res, "c").first_run, Some(2));
}

// ----- sjf and stcf -------------------------------------------------------------------------

#[test]
fn sjf_picks_the_shortest_next_burst_without_preempting() {
    let res = r("scheduler sjf\nthread a { cpu 5 }\nthread b at 1 { cpu 3 }\nthread c at 1 { cpu 1 }");
    assert_eq!(core_segs(&res, 0), ["0-5 a", "5-6 c", "6-9 b"]);
    assert!(ev(&res, "preempt").is_empty());
    assert!(ev(&res, "dispatch").contains(&"5 c core=0; shortest next CPU burst".to_string()));
}

/// sjf looks at the next burst (a's `cpu 2`), stcf at the whole remaining demand (a: 12).
const BURSTS: &str = "thread x { cpu 5 }\n\
                      thread a at 1 { cpu 2; io 1; cpu 10 }\n\
                      thread b at 1 { cpu 3 }\n";

#[test]
fn sjf_uses_the_next_burst_not_the_total() {
    let res = r(&format!("scheduler sjf\n{BURSTS}"));
    assert_eq!(segs(&res, "x"), ["0-5 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-1 new", "1-5 runnable", "5-7 run@0", "7-8 io", "8-10 runnable", "10-20 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-1 new", "1-7 runnable", "7-10 run@0"]);
}

#[test]
fn stcf_shorter_remaining_demand_preempts() {
    let res = r(&format!("scheduler stcf\n{BURSTS}"));
    assert_eq!(segs(&res, "x"), ["0-1 run@0", "1-4 runnable", "4-8 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-1 new", "1-4 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-1 new", "1-8 runnable", "8-10 run@0", "10-11 io", "11-21 run@0"]);
    assert_eq!(ev(&res, "preempt"), ["1 x for=b core=0; shorter remaining time arrived"]);
}

#[test]
fn stcf_equal_remaining_does_not_preempt() {
    let res = r("scheduler stcf\nthread a { cpu 8 }\nthread b at 2 { cpu 6 }");
    assert_eq!(core_segs(&res, 0), ["0-8 a", "8-14 b"]);
}

// ----- same-tick order and core choice ------------------------------------------------------

/// zed, b, w.1 and w.2 all become Runnable at tick 2 (zed's timer was set later than b's):
/// they join the queue in written order, copies in number order.
#[test]
fn same_tick_newcomers_join_in_written_order() {
    let res = r("cores 1\nscheduler fifo\n\
                 thread hog { cpu 4 }\n\
                 thread zed at 1 { sleep 1; cpu 1 }\n\
                 thread b { io 2; cpu 1 }\n\
                 thread w x2 { sleep 2; cpu 1 }\n\
                 thread c { cpu 1 }\n");
    assert_eq!(core_segs(&res, 0), ["0-4 hog", "4-5 c", "5-6 zed", "6-7 b", "7-8 w.1", "8-9 w.2"]);
}

/// At tick 2 u's unlock wakes l before s's sleep ends (u is processed first), but s is
/// written before l, so s is ahead in the queue.
#[test]
fn same_tick_wake_ups_join_in_written_order_not_wake_order() {
    let res = r("cores 2\nscheduler fifo\n\
                 thread hog { cpu 6 }\n\
                 thread u { lock m; cpu 2; unlock m; cpu 3 }\n\
                 thread s { sleep 2; cpu 1 }\n\
                 thread l { lock m; cpu 1; unlock m }\n");
    assert_eq!(segs(&res, "s"), ["0-2 sleep", "2-5 runnable", "5-6 run@1"]);
    assert_eq!(segs(&res, "l"), ["0-2 lock m", "2-6 runnable", "6-7 run@0"]);
}

#[test]
fn lowest_numbered_free_core_takes_first() {
    let res = r("cores 3\nscheduler fifo\n\
                 thread long { cpu 10 }\nthread x { cpu 2 }\nthread y { cpu 1 }\n\
                 thread late at 4 { cpu 1 }\n");
    assert_eq!(segs(&res, "long"), ["0-10 run@0"]);
    assert_eq!(segs(&res, "x"), ["0-2 run@1"]);
    assert_eq!(segs(&res, "y"), ["0-1 run@2"]);
    assert_eq!(segs(&res, "late"), ["0-4 new", "4-5 run@1"]);
}

// ----- context switches ---------------------------------------------------------------------

#[test]
fn switch_cost_is_a_core_segment_and_the_first_thread_pays_nothing() {
    let res = r("switch 2\nscheduler rr quantum 2\nthread a { cpu 3 }\nthread b { cpu 3 }");
    assert_eq!(core_segs(&res, 0), ["0-2 a", "2-4 ~b", "4-6 b", "6-8 ~a", "8-9 a", "9-11 ~b", "11-12 b"]);
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-8 runnable", "8-9 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-4 runnable", "4-6 run@0", "6-11 runnable", "11-12 run@0"]);
    assert_eq!(res.context_switches, 3);
    let c = res.cores[0];
    assert_eq!((c.busy, c.switching, c.idle), (6, 6, 0));
    assert_eq!(res.cpu_utilization, 0.5);
    assert_eq!(res.makespan, 12);
}

#[test]
fn switch_each_cores_first_thread_is_free() {
    let res = r("cores 2\nswitch 3\nthread a { cpu 1 }\nthread b { cpu 1 }");
    assert_eq!(core_segs(&res, 0), ["0-1 a"]);
    assert_eq!(core_segs(&res, 1), ["0-1 b"]);
    assert_eq!(res.context_switches, 0);
    assert_eq!(res.makespan, 1);
}

#[test]
fn switch_resuming_on_the_core_it_just_left_is_free() {
    let res = r("switch 2\nthread a { cpu 2; io 2; cpu 2 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-4 io", "4-6 run@0"]);
    assert_eq!(core_segs(&res, 0), ["0-2 a", "4-6 a"]);
    assert_eq!((res.context_switches, res.cores[0].switching), (0, 0));
}

/// The core ran b while a was blocked: a pays the switch when it comes back.
#[test]
fn switch_back_after_another_thread_ran_costs_again() {
    let res = r("switch 2\nscheduler fifo\nthread a { cpu 2; io 6; cpu 1 }\nthread b { cpu 1 }");
    assert_eq!(core_segs(&res, 0), ["0-2 a", "2-4 ~b", "4-5 b", "8-10 ~a", "10-11 a"]);
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-8 io", "8-10 runnable", "10-11 run@0"]);
    assert_eq!(res.context_switches, 2);
    let c = res.cores[0];
    assert_eq!((c.busy, c.switching, c.idle), (4, 4, 3));
}

// ----- GIL ----------------------------------------------------------------------------------

#[test]
fn gil_worked_example_2_exactly() {
    let res = r("cores 2\ngil on interval 5\nthread a { cpu 10 }\nthread b { cpu 10 }\n");
    assert_eq!(segs(&res, "a"), ["0-5 run@0", "5-10 gil", "10-15 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-5 gil", "5-10 run@0", "10-15 gil", "15-20 run@0"]);
    assert_eq!(res.makespan, 20);
    assert_eq!(res.gil_handoffs, 3);
    assert_eq!(
        ev(&res, "gil_handoff"),
        [
            "5 b from=a; drop requested after the interval",
            "10 a from=b; drop requested after the interval",
            "15 b from=a; holder released it",
        ]
    );
    assert_eq!(st(&res, "b").blocked_by(Cause::Gil), 10);
    assert_eq!(st(&res, "a").blocked_by(Cause::Gil), 5);
}

#[test]
fn gil_two_processes_have_separate_gils() {
    let res = r("cores 2\ngil on interval 5\n\
                 process p1 { thread a { cpu 10 } }\nprocess p2 { thread b { cpu 10 } }\n");
    assert_eq!(segs(&res, "a"), ["0-10 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-10 run@1"]);
    assert_eq!((res.makespan, res.gil_handoffs), (10, 0));
}

/// io releases the GIL at once: the CPU-bound thread computes while the other waits on I/O.
#[test]
fn gil_is_released_by_io() {
    let res = r("cores 2\ngil on interval 5\n\
                 thread io_t { cpu 1; io 10; cpu 1 }\nthread cpu_t { cpu 8 }\n");
    assert_eq!(segs(&res, "io_t"), ["0-1 run@0", "1-11 io", "11-12 run@0"]);
    assert_eq!(segs(&res, "cpu_t"), ["0-1 gil", "1-9 run@0"]);
    assert_eq!(res.gil_handoffs, 2);
    assert_eq!(res.makespan, 12);
}

/// Three threads, one GIL: the longest waiter asks first, and the next waiter's interval
/// counts from the last hand-off (c asks at 10, not 5; a, waiting since 5, asks at 15).
#[test]
fn gil_longest_waiter_first_interval_from_the_last_hand_off() {
    let res = r("cores 3\ngil on\nthread a { cpu 10 }\nthread b { cpu 10 }\nthread c { cpu 10 }");
    assert_eq!(segs(&res, "a"), ["0-5 run@0", "5-15 gil", "15-20 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-5 gil", "5-10 run@0", "10-20 gil", "20-25 run@0"]);
    assert_eq!(segs(&res, "c"), ["0-10 gil", "10-15 run@0", "15-25 gil", "25-30 run@0"]);
    assert_eq!((res.gil_handoffs, res.makespan), (5, 30));
}

/// A `lock` that must wait releases the GIL: c computes while a waits for h's mutex.
#[test]
fn gil_is_released_by_a_lock_that_must_wait() {
    let res = r("cores 2\ngil on\n\
                 thread h { lock m; sleep 6; unlock m }\n\
                 thread a { cpu 1; lock m; cpu 1; unlock m }\n\
                 thread c { cpu 4 }\n");
    assert_eq!(segs(&res, "a"), ["0-1 run@0", "1-6 lock m", "6-7 run@0"]);
    assert_eq!(segs(&res, "c"), ["0-1 gil", "1-5 run@0"]);
    assert_eq!((res.gil_handoffs, res.makespan), (2, 7));
}

#[test]
fn gil_retaken_by_its_last_holder_is_no_hand_off() {
    let res = r("gil on\nthread a { cpu 2; io 1; cpu 2 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-3 io", "3-5 run@0"]);
    assert_eq!(res.gil_handoffs, 0);
}

// ----- yield --------------------------------------------------------------------------------

#[test]
fn yield_gives_the_core_to_the_next_in_queue() {
    let res = r("scheduler fifo\nthread a { cpu 1; yield; cpu 1 }\nthread b { cpu 2 }");
    assert_eq!(segs(&res, "a"), ["0-1 run@0", "1-3 runnable", "3-4 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-1 runnable", "1-3 run@0"]);
    assert_eq!(ev(&res, "yield"), ["1 a core=0; yield"]);
}

#[test]
fn yield_alone_keeps_the_core() {
    let res = r("scheduler fifo\nthread a { cpu 1; yield; cpu 1 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0"]);
    assert_eq!(res.context_switches, 0);
}
