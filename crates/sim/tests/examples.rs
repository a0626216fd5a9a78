//! The worked examples of SCENARIO.md, checked number by number.

use threadlab_sim::{run, Outcome};

fn r(text: &str) -> threadlab_sim::RunResult {
    run(text).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn example_1_round_robin_like_ostep() {
    let res = r("cores 1\nscheduler rr quantum 1\nthread j0 { cpu 3 }\nthread j1 { cpu 2 }\nthread j2 { cpu 1 }\n");
    let resp: Vec<_> = res.threads.iter().map(|t| t.response().unwrap()).collect();
    let turn: Vec<_> = res.threads.iter().map(|t| t.turnaround().unwrap()).collect();
    let wait: Vec<_> = res.threads.iter().map(|t| t.waiting()).collect();
    assert_eq!(resp, [0, 1, 2]);
    assert_eq!(turn, [6, 5, 3]);
    assert_eq!(wait, [3, 3, 2]);
    assert_eq!(res.makespan, 6);
    assert_eq!(res.outcome, Outcome::Completed);
}

#[test]
fn example_2_gil() {
    let res = r("cores 2\ngil on interval 5\nthread a { cpu 10 }\nthread b { cpu 10 }\n");
    let spans = |name: &str, state: &str| -> Vec<(u64, u64)> {
        let id = res.thread_id(name).unwrap();
        res.segments_of(id)
            .iter()
            .filter(|s| match state {
                "running" => s.state == threadlab_sim::trace::State::Running,
                _ => s.cause == Some(threadlab_sim::trace::Cause::Gil),
            })
            .map(|s| (s.start, s.end))
            .collect()
    };
    assert_eq!(spans("a", "running"), [(0, 5), (10, 15)]);
    assert_eq!(spans("b", "gil"), [(0, 5), (10, 15)]);
    assert_eq!(spans("b", "running"), [(5, 10), (15, 20)]);
    assert_eq!(res.makespan, 20);
    assert_eq!(res.gil_handoffs, 3);

    let two = r("cores 2\ngil on interval 5\nprocess p1 { thread a { cpu 10 } }\nprocess p2 { thread b { cpu 10 } }\n");
    assert_eq!(two.makespan, 10);
    assert_eq!(two.gil_handoffs, 0);
}

#[test]
fn example_3_deadlock() {
    let res = r("cores 2\nthread a { lock x; cpu 5; lock y; unlock y; unlock x }\nthread b { lock y; cpu 5; lock x; unlock x; unlock y }\n");
    match &res.outcome {
        Outcome::Deadlock { cycle, tick, .. } => {
            let names: Vec<_> = cycle.iter().map(|&t| res.thread_name(t)).collect();
            assert_eq!(names, ["a", "b"]);
            assert_eq!(*tick, 5);
        }
        o => panic!("expected a deadlock, got {o:?}"),
    }
    assert_eq!(res.makespan, 5);
}

/// SCENARIO.md gives main's end as 10. Under its own default scheduler (`rr quantum 4`) the
/// logger wakes at 5 and takes the core when main's quantum runs out at 8, so main ends at 11;
/// under `fifo` the logger never gets the core before main ends and the numbers are exactly
/// 10. Both check the rule of the example: the daemon is killed when main ends.
#[test]
fn example_4_daemon() {
    for (sched, end) in [("", 11), ("scheduler fifo\n", 10)] {
        let res = r(&format!(
            "{sched}thread main {{ cpu 10 }}\nthread logger daemon {{ repeat 1000 {{ sleep 5; cpu 1 }} }}\n"
        ));
        let main = &res.threads[0];
        let logger = &res.threads[1];
        assert_eq!(main.end, Some(end), "{sched}");
        assert_eq!(logger.end, Some(end));
        assert_eq!(logger.fate, threadlab_sim::Fate::Killed);
        assert_eq!(main.fate, threadlab_sim::Fate::Finished);
        assert_eq!(res.makespan, end);
        assert_eq!(res.outcome, Outcome::Completed);
    }
}
