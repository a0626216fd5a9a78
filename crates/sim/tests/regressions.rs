//! Bugs found by the property tests and reviews, each pinned by the smallest scenario that
//! showed it.

use threadlab_sim::trace::{EventKind, State};
use threadlab_sim::{run, Fate, Outcome};

/// A daemon whose CPU burst ended at the tick its process ended was killed, then still went
/// on with its next operation (here `io`) at that same tick.
#[test]
fn a_thread_killed_at_a_tick_does_nothing_more_at_that_tick() {
    let r = run(
        "cores 2\nthread main { cpu 4 }\nthread logger daemon { cpu 4; spawn p }\nprocess p { thread pm { cpu 3 } }\n",
    )
    .unwrap();
    let logger = r.thread_id("logger").unwrap();
    assert_eq!(r.threads[logger as usize].fate, Fate::Killed);
    assert_eq!(r.threads[logger as usize].end, Some(4));
    assert!(!r.events.iter().any(|e| e.kind == EventKind::Spawn), "a killed thread spawned");
    assert_eq!(r.makespan, 4);
    // The same after a crash: the other thread of the crashed process spawns nothing.
    let r = run(
        "cores 3\nthread main { cpu 6 }\nprocess w { thread w1 { cpu 4; crash }\nthread w2 { cpu 4; spawn p2 } }\nprocess p2 { thread p2m { cpu 3 } }\n",
    )
    .unwrap();
    assert!(!r.events.iter().any(|e| e.kind == EventKind::Spawn), "no spawn after the crash");
    let p2m = r.thread_id("p2m").unwrap();
    assert_eq!(r.threads[p2m as usize].fate, Fate::NeverStarted);
}

/// A GIL holder that yielded and was dispatched again kept running without its drop request
/// being rescheduled; the request then fell in the past and the clock went backwards
/// (a subtraction overflow in debug builds).
#[test]
fn a_gil_holder_resuming_after_yield_still_hands_the_gil_over() {
    let text = "cores 2\ngil on interval 3\nthread a { cpu 4; yield; cpu 8 }\nthread b at 1 { cpu 2 }\nthread c { cpu 1; yield; sleep 1; cpu 1 }\n";
    let r = run(text).unwrap();
    assert_eq!(r.outcome, Outcome::Completed);
    // b waits for the GIL from 1 and gets it within the interval of a's running.
    let b = r.thread_id("b").unwrap();
    let first_run = r.threads[b as usize].first_run.unwrap();
    assert!(first_run <= 1 + 3 + 1, "b first runs at {first_run}");
    for s in &r.segments {
        assert!(s.start < s.end);
    }
    assert!(r.segments.iter().any(|s| s.state == State::Blocked));
    // The scenario the property test shrank to.
    let shrunk = "cores 3\nscheduler fifo\nswitch 2\ngil on interval 3\n\
        thread t2 at 2 { lock m1; wait m1 3; unlock m1; lock m1; cpu 1; unlock m1 }\n\
        process second {\nthread t0 at 2 { cpu 1 }\nthread t1 at 2 { io 3; lock m0; cpu 1; unlock m0 }\n\
        thread t3 at 1 { repeat 2 { lock m0; cpu 2; unlock m0 }; yield; repeat 3 { cpu 1 } }\n}\n";
    let r = run(shrunk).unwrap();
    assert_eq!(r.outcome, Outcome::Completed);
    assert_eq!(r.threads.iter().map(|t| t.cpu).sum::<u64>(), 1 + 1 + 1 + 4 + 3);
}

/// Found by the property tests (issue 12): `await TASK` inside a copied event loop was refused
/// as "unknown task", since the tasks of copy K are named `TASK@LOOP.K`. Each copy's `await`
/// means the task of its own copy.
#[test]
fn await_inside_a_copied_event_loop_means_the_task_of_that_copy() {
    let r = threadlab_sim::run(
        "thread t asyncio x 2 {\n  task a x 2 { await io 3; cpu 1 }\n  task b { await a.2; cpu 2 }\n  task c { await a; cpu 1 }\n}\n",
    )
    .expect("valid: await resolves within each copy of the loop");
    assert_eq!(r.outcome, threadlab_sim::Outcome::Completed);
    for copy in ["t.1", "t.2"] {
        let name = |task: &str| format!("{task}@{copy}");
        let task_id = |n: &str| r.tasks.iter().position(|t| *t == n).unwrap_or_else(|| panic!("task {n}")) as u32;
        let (a2, b) = (task_id(&format!("{}.2", name("a"))), task_id(&name("b")));
        let done = |t: u32| {
            r.events
                .iter()
                .find(|e| e.kind == threadlab_sim::trace::EventKind::TaskDone && e.task == Some(t))
                .map(|e| e.tick)
                .unwrap_or_else(|| panic!("task {t} never finished"))
        };
        // b awaited its own copy's a.2: it ran only after a.2 was done.
        let waited = r.events.iter().any(|e| {
            e.kind == threadlab_sim::trace::EventKind::TaskAwait && e.task == Some(b) && e.awaited == Some(a2)
        });
        assert!(waited, "{copy}: b awaits a.2 of its own loop");
        assert!(done(b) > done(a2), "{copy}: b ends after a.2");
    }
}
