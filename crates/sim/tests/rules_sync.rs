//! Rule-by-rule tests of blocking and synchronisation (SCENARIO.md "Operations of a thread",
//! sync.rs) and of the ways a run can end badly (deadlock, stall, run-time error; outcome.rs).
//! Every expected value was worked out by hand from the rules before running.

mod common;
use common::*;
use threadlab_sim::trace::Cause;
use threadlab_sim::Outcome;

// ----- io and sleep -------------------------------------------------------------------------

#[test]
fn io_is_blocked_io_and_needs_no_core() {
    let res = r("thread a { cpu 2; io 3; cpu 1 }");
    assert_eq!(segs(&res, "a"), ["0-2 run@0", "2-5 io", "5-6 run@0"]);
    assert_eq!(st(&res, "a").blocked_by(Cause::Io), 3);
    assert_eq!(res.io_busy, 3);
    assert_eq!(res.makespan, 6);
    assert_eq!(core_segs(&res, 0), ["0-2 a", "5-6 a"]);
    assert_eq!(ev(&res, "block"), ["2 a core=0 cause=io; blocked"]);
    assert_eq!(ev(&res, "wake"), ["5 a cause=io; I/O done"]);
}

#[test]
fn sleep_is_blocked_sleep_and_not_io() {
    let res = r("thread a { sleep 3; cpu 1 }");
    assert_eq!(segs(&res, "a"), ["0-3 sleep", "3-4 run@0"]);
    let a = st(&res, "a");
    assert_eq!(a.blocked_by(Cause::Sleep), 3);
    assert_eq!(a.blocked_by(Cause::Io), 0);
    // Arrival is the start tick (the thread starts by going to sleep); response counts from it.
    assert_eq!((a.arrival, a.first_run, a.response()), (Some(0), Some(3), Some(3)));
    assert_eq!(res.io_busy, 0);
    assert_eq!(ev(&res, "wake"), ["3 a cause=sleep; sleep done"]);
}

// ----- lock ---------------------------------------------------------------------------------

/// Three threads queue for m in the order c, b, a (not their written order); each unlock
/// hands m to the head of the queue, and the wake event names the unlocker.
#[test]
fn lock_waiters_queue_fifo_and_unlock_hands_to_the_head() {
    let res = r("cores 4\nscheduler fifo\n\
                 thread h { lock m; cpu 5; unlock m }\n\
                 thread a { cpu 3; lock m; cpu 1; unlock m }\n\
                 thread b { cpu 2; lock m; cpu 1; unlock m }\n\
                 thread c { cpu 1; lock m; cpu 1; unlock m }\n");
    assert_eq!(segs(&res, "h"), ["0-5 run@0"]);
    assert_eq!(segs(&res, "c"), ["0-1 run@3", "1-5 lock m", "5-6 run@0"]);
    assert_eq!(segs(&res, "b"), ["0-2 run@2", "2-6 lock m", "6-7 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-3 run@1", "3-7 lock m", "7-8 run@0"]);
    assert_eq!(
        ev(&res, "wake"),
        [
            "5 c by=h cause=lock object=m; lock handed over on unlock",
            "6 b by=c cause=lock object=m; lock handed over on unlock",
            "7 a by=b cause=lock object=m; lock handed over on unlock",
        ]
    );
    assert_eq!(
        ev(&res, "block"),
        [
            "1 c on=h core=3 cause=lock object=m; blocked",
            "2 b on=h core=2 cause=lock object=m; blocked",
            "3 a on=h core=1 cause=lock object=m; blocked",
        ]
    );
    assert_eq!(st(&res, "a").blocked_by(Cause::Lock), 4);
    assert_eq!(res.makespan, 8);
    assert_eq!(res.outcome, Outcome::Completed);
}

// ----- wait / notify ------------------------------------------------------------------------

const MONITOR: &str = "cores 3\nscheduler fifo\n\
     thread w1 { lock m; wait m; cpu 1; unlock m }\n\
     thread w2 { cpu 1; lock m; wait m; cpu 1; unlock m }\n";

/// `notify` wakes only the longest waiter (w1), which then queues for the monitor still
/// held by the notifier; w2 is never notified and the run stalls.
#[test]
fn notify_wakes_the_longest_waiter_which_requeues_for_the_lock() {
    let res = r(&format!("{MONITOR}thread n {{ cpu 2; lock m; notify m; cpu 1; unlock m }}\n"));
    assert_eq!(segs(&res, "w1"), ["0-2 wait m", "2-3 lock m", "3-4 run@0"]);
    assert_eq!(segs(&res, "w2"), ["0-1 run@0", "1-4 wait m"]);
    assert_eq!(segs(&res, "n"), ["0-3 run@1"]);
    assert_eq!(ev(&res, "notify"), ["2 n woke=w1 cause=wait object=m; woke the longest waiter"]);
    assert_eq!(
        ev(&res, "wake"),
        ["2 w1 by=n cause=wait object=m; notified", "3 w1 by=n cause=lock object=m; lock handed over on unlock",]
    );
    let (threads, tick, waits) = stalled(&res);
    assert_eq!(threads, ["w2"]);
    assert_eq!(tick, 4);
    assert_eq!(waits, ["w2 waits on monitor m for a notify that never comes (a lost wake-up?)"]);
    assert_eq!(fates(&res), ["w1:finished", "w2:stuck", "n:finished"]);
}

#[test]
fn notify_all_wakes_every_waiter_in_order() {
    let res = r(&format!("{MONITOR}thread n {{ cpu 2; lock m; notify-all m; cpu 1; unlock m }}\n"));
    assert_eq!(segs(&res, "w1"), ["0-2 wait m", "2-3 lock m", "3-4 run@0"]);
    assert_eq!(segs(&res, "w2"), ["0-1 run@0", "1-2 wait m", "2-4 lock m", "4-5 run@0"]);
    assert_eq!(
        ev(&res, "wake"),
        [
            "2 w1 by=n cause=wait object=m; notified (notify-all)",
            "2 w2 by=n cause=wait object=m; notified (notify-all)",
            "3 w1 by=n cause=lock object=m; lock handed over on unlock",
            "4 w2 by=w1 cause=lock object=m; lock handed over on unlock",
        ]
    );
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(res.makespan, 5);
}

/// `wait m 3` resumes after 3 ticks and, the monitor being held, queues for it.
#[test]
fn wait_with_timeout_resumes_after_t_and_requeues_for_the_lock() {
    let res = r("cores 2\n\
                 thread w { lock m; wait m 3; cpu 1; unlock m }\n\
                 thread h { cpu 1; lock m; cpu 5; unlock m }\n");
    assert_eq!(segs(&res, "w"), ["0-3 wait m", "3-6 lock m", "6-7 run@0"]);
    assert_eq!(segs(&res, "h"), ["0-6 run@0"]);
    let w = st(&res, "w");
    assert_eq!((w.blocked_by(Cause::Wait), w.blocked_by(Cause::Lock)), (3, 3));
    assert_eq!(
        ev(&res, "wake"),
        ["3 w cause=wait object=m; timed out", "6 w by=h cause=lock object=m; lock handed over on unlock",]
    );
    assert_eq!(res.makespan, 7);
}

#[test]
fn wait_with_timeout_takes_a_free_monitor_back_at_once() {
    let res = r("thread w { lock m; wait m 3; cpu 1; unlock m }");
    assert_eq!(segs(&res, "w"), ["0-3 wait m", "3-4 run@0"]);
    assert_eq!(res.makespan, 4);
}

/// Notified before its timeout: the stale timeout neither wakes it again nor stretches the run.
#[test]
fn wait_notified_before_its_timeout_ignores_the_timeout() {
    let res = r("thread w { lock m; wait m 10; cpu 1; unlock m }\n\
                 thread n { cpu 2; lock m; notify m; unlock m }\n");
    assert_eq!(segs(&res, "w"), ["0-2 wait m", "2-3 run@0"]);
    assert!(ev(&res, "wake").iter().all(|e| !e.contains("timed out")));
    assert_eq!(res.makespan, 3);
    assert_eq!(res.outcome, Outcome::Completed);
}

// ----- join ---------------------------------------------------------------------------------

#[test]
fn join_waits_until_the_target_is_dead() {
    let res = r("thread main { join a; cpu 1 }\nthread a { cpu 3 }");
    assert_eq!(segs(&res, "main"), ["0-3 join a", "3-4 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-3 run@0"]);
    assert_eq!(ev(&res, "wake"), ["3 main by=a cause=join object=a; joined thread ended"]);
    assert_eq!(st(&res, "main").blocked_by(Cause::Join), 3);
    assert_eq!(res.makespan, 4);
}

#[test]
fn join_with_timeout_gives_up_after_d_ticks() {
    let res = r("cores 2\nthread main { join a 2; cpu 1 }\nthread a { cpu 5 }");
    assert_eq!(segs(&res, "main"), ["0-2 join a", "2-3 run@1"]);
    assert_eq!(segs(&res, "a"), ["0-5 run@0"]);
    assert_eq!(ev(&res, "wake"), ["2 main cause=join object=a; timed out"]);
    assert_eq!(st(&res, "main").end, Some(3));
    assert_eq!(res.makespan, 5);
}

/// The target ends before the timeout: the joiner goes on at once and the stale timeout
/// neither wakes it again nor stretches the run.
#[test]
fn join_with_timeout_ends_early_when_the_target_ends() {
    let res = r("cores 2\nthread main { join w 10; cpu 1 }\nthread w { cpu 2 }");
    assert_eq!(segs(&res, "main"), ["0-2 join w", "2-3 run@0"]);
    assert_eq!(ev(&res, "wake"), ["2 main by=w cause=join object=w; joined thread ended"]);
    assert_eq!(res.makespan, 3);
}

#[test]
fn join_of_a_dead_thread_does_not_block() {
    let res = r("cores 2\nthread a { cpu 1 }\nthread main { cpu 2; join a; cpu 1 }");
    assert_eq!(segs(&res, "main"), ["0-3 run@1"]);
    assert!(ev(&res, "block").is_empty());
}

/// Joining a process waits until it ended (its non-daemon threads are Dead).
#[test]
fn join_of_a_process_waits_until_it_ended() {
    let res = r("cores 2\nthread main { join p; cpu 1 }\n\
                 process p { thread pm { cpu 2 }; thread pd daemon { cpu 9 } }\n");
    assert_eq!(segs(&res, "main"), ["0-2 join p", "2-3 run@0"]);
    assert_eq!(ev(&res, "wake"), ["2 main by=pm cause=join object=p; joined process ended"]);
    assert_eq!(st(&res, "pd").end, Some(2));
    assert_eq!(res.makespan, 3);
}

// ----- semaphores ---------------------------------------------------------------------------

#[test]
fn semaphore_with_two_permits_makes_the_third_wait() {
    let res = r("semaphore s 2\ncores 3\nthread w x3 { acquire s; cpu 3; release s }");
    assert_eq!(segs(&res, "w.1"), ["0-3 run@0"]);
    assert_eq!(segs(&res, "w.2"), ["0-3 run@1"]);
    assert_eq!(segs(&res, "w.3"), ["0-3 acquire s", "3-6 run@0"]);
    assert_eq!(ev(&res, "wake"), ["3 w.3 by=w.1 cause=acquire object=s; permit released"]);
    assert_eq!(st(&res, "w.3").blocked_by(Cause::Acquire), 3);
    assert_eq!(res.makespan, 6);
}

/// An undeclared semaphore has one permit; `release` hands it to the longest waiter (b
/// queued before a although a is written first).
#[test]
fn release_hands_the_permit_to_the_head_of_the_queue() {
    let res = r("cores 3\nscheduler fifo\n\
                 thread h { acquire s; cpu 5; release s }\n\
                 thread a { cpu 2; acquire s; cpu 1; release s }\n\
                 thread b { cpu 1; acquire s; cpu 1; release s }\n");
    assert_eq!(segs(&res, "b"), ["0-1 run@2", "1-5 acquire s", "5-6 run@0"]);
    assert_eq!(segs(&res, "a"), ["0-2 run@1", "2-6 acquire s", "6-7 run@0"]);
    assert_eq!(
        ev(&res, "wake"),
        ["5 b by=h cause=acquire object=s; permit released", "6 a by=b cause=acquire object=s; permit released",]
    );
}

// ----- deadlock -----------------------------------------------------------------------------

#[test]
fn deadlock_worked_example_3() {
    let res = r("cores 2\n\
                 thread a { lock x; cpu 5; lock y; unlock y; unlock x }\n\
                 thread b { lock y; cpu 5; lock x; unlock x; unlock y }\n");
    let (cycle, tick, waits) = deadlock(&res);
    assert_eq!(cycle, ["a", "b"]);
    assert_eq!(tick, 5);
    assert_eq!(waits, ["a waits for lock y, held by b", "b waits for lock x, held by a"]);
    assert_eq!(res.makespan, 5);
    assert_eq!(fates(&res), ["a:stuck", "b:stuck"]);
}

#[test]
fn deadlock_of_three_threads_reports_the_cycle_in_wait_for_order() {
    let res = r("cores 3\n\
                 thread a { lock x; cpu 1; lock y }\n\
                 thread b { lock y; cpu 2; lock z }\n\
                 thread c { lock z; cpu 3; lock x }\n");
    let (cycle, tick, waits) = deadlock(&res);
    assert_eq!(cycle, ["a", "b", "c"]);
    assert_eq!(tick, 3);
    assert_eq!(
        waits,
        ["a waits for lock y, held by b", "b waits for lock z, held by c", "c waits for lock x, held by a",]
    );
}

/// Mutexes are not re-entrant: locking one you hold is a cycle of one.
#[test]
fn deadlock_of_one_thread_locking_a_mutex_it_holds() {
    let res = r("thread a { lock m; cpu 1; lock m }");
    let (cycle, tick, waits) = deadlock(&res);
    assert_eq!(cycle, ["a"]);
    assert_eq!(tick, 1);
    assert_eq!(waits, ["a waits for lock m, which it holds itself (mutexes are not re-entrant)"]);
    assert_eq!(segs(&res, "a"), ["0-1 run@0"]);
}

#[test]
fn deadlock_of_a_join_cycle() {
    let res = r("thread a { join b }\nthread b { cpu 1; join a }");
    let (cycle, tick, _) = deadlock(&res);
    assert_eq!(cycle, ["a", "b"]);
    assert_eq!(tick, 1);
    assert_eq!(fates(&res), ["a:stuck", "b:stuck"]);
}

/// A lock and a semaphore: a waits for a permit only b could release, b for a's lock.
#[test]
fn deadlock_through_a_semaphore_and_a_lock() {
    let res = r("cores 2\n\
                 thread a { lock m; cpu 1; acquire s; release s; unlock m }\n\
                 thread b { acquire s; cpu 2; lock m; unlock m; release s }\n");
    let (cycle, tick, _) = deadlock(&res);
    assert_eq!(cycle, ["a", "b"]);
    assert_eq!(tick, 2);
}

/// The daemon logger keeps sleeping and computing, but a and b (the only non-daemon threads)
/// can never go on from tick 5: that is the deadlock of worked example 3, with a logger. The
/// engine looks for a cycle only when no timer is left, so the logger's timers carry the run
/// to the limit and the outcome is `limit` (the same happens to a lost wake-up: `stalled`).
#[test]
fn deadlock_is_reported_while_a_daemon_still_runs() {
    let res = r("cores 2\nlimit 1000\n\
                 thread a { lock x; cpu 5; lock y; unlock y; unlock x }\n\
                 thread b { lock y; cpu 5; lock x; unlock x; unlock y }\n\
                 thread logger daemon { repeat 100000 { sleep 5; cpu 1 } }\n");
    let (cycle, tick, _) = deadlock(&res);
    assert_eq!(cycle, ["a", "b"]);
    assert_eq!(tick, 5);
}

// ----- stalled ------------------------------------------------------------------------------

#[test]
fn stalled_by_a_lost_wake_up_notify_before_wait() {
    let res = r("cores 2\n\
                 thread w { cpu 2; lock m; wait m; unlock m }\n\
                 thread n { lock m; notify m; unlock m }\n");
    assert_eq!(ev(&res, "notify"), ["0 n cause=wait object=m; no thread was waiting: the notify is lost"]);
    let (threads, tick, waits) = stalled(&res);
    assert_eq!(threads, ["w"]);
    assert_eq!(tick, 2);
    assert_eq!(waits, ["w waits on monitor m for a notify that never comes (a lost wake-up?)"]);
    assert_eq!(fates(&res), ["w:stuck", "n:finished"]);
    assert_eq!(res.makespan, 2);
}

/// `w` is a spawn target whose only spawn never runs (`repeat 0`), so it never starts.
#[test]
fn stalled_by_a_join_on_a_thread_that_never_starts() {
    let res = r("thread main { join w }\nthread w { cpu 1 }\nthread s { repeat 0 { spawn w } }");
    let (threads, tick, waits) = stalled(&res);
    assert_eq!(threads, ["main"]);
    assert_eq!(tick, 0);
    assert_eq!(waits, ["main joins w, which never starts"]);
    assert_eq!(fates(&res), ["main:stuck", "w:never_started", "s:finished"]);
}

#[test]
fn stalled_by_a_lock_held_by_a_thread_that_exited() {
    let res = r("cores 2\n\
                 thread a { lock m; cpu 1; exit; unlock m }\n\
                 thread b { cpu 2; lock m; cpu 1; unlock m }\n");
    let (threads, tick, waits) = stalled(&res);
    assert_eq!(threads, ["b"]);
    assert_eq!(tick, 2);
    assert_eq!(waits, ["b waits for lock m, held by a, which ended without unlocking it"]);
    assert_eq!(fates(&res), ["a:finished", "b:stuck"]);
    assert_eq!(st(&res, "a").end, Some(1));
}

#[test]
fn stalled_on_a_semaphore_nobody_releases() {
    let res = r("thread a { acquire s; cpu 1; acquire s }");
    let (threads, tick, waits) = stalled(&res);
    assert_eq!((threads, tick), (vec!["a".to_string()], 1));
    assert_eq!(waits, ["a waits for a permit of semaphore s that no thread will release"]);
}

// ----- run-time errors ----------------------------------------------------------------------

#[test]
fn error_unlock_of_a_free_mutex() {
    let res = r("thread a { cpu 2; unlock m }");
    assert_eq!(error(&res), ("a".into(), 2, "unlock of m, which it does not hold".into()));
    assert_eq!(res.makespan, 2);
    assert_eq!(ev(&res, "error"), ["2 a; unlock of a mutex it does not hold"]);
}

#[test]
fn error_unlock_of_a_mutex_held_by_another() {
    let res = r("cores 2\nthread h { lock m; cpu 5; unlock m }\nthread a { cpu 1; unlock m }");
    assert_eq!(error(&res), ("a".into(), 1, "unlock of m, which is held by h".into()));
    assert_eq!(fates(&res), ["h:unfinished", "a:unfinished"]);
    assert_eq!(res.makespan, 1);
}

#[test]
fn error_notify_without_holding_the_monitor() {
    let res = r("thread a { cpu 1; notify m }");
    assert_eq!(error(&res), ("a".into(), 1, "notify on m, which it does not hold".into()));
    let res = r("thread a { cpu 1; notify-all m }");
    assert_eq!(error(&res).1, 1);
    let res = r("thread a { cpu 1; wait m }");
    assert_eq!(error(&res), ("a".into(), 1, "wait on m, which it does not hold".into()));
}

#[test]
fn error_join_of_itself() {
    let res = r("thread a { cpu 3; join a }");
    assert_eq!(error(&res), ("a".into(), 3, "a joins itself".into()));
    assert_eq!(ev(&res, "error"), ["3 a; join of itself"]);
}
