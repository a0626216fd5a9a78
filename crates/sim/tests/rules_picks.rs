//! You are the scheduler (`picks`, `goal`): the rules of `engine/scheduling.rs` and `goal.rs`,
//! one example each.

mod common;
use common::*;
use threadlab_sim::goal::{Goal, Status};
use threadlab_sim::Outcome;

const TWO_LOCKS: &str = "scheduler rr quantum 1
thread a { cpu 1; lock m; cpu 1; lock n; cpu 1; unlock n; unlock m }
thread b { cpu 1; lock n; cpu 1; lock m; cpu 1; unlock m; unlock n }
";

fn with(extra: &str) -> threadlab_sim::RunResult {
    r(&format!("{TWO_LOCKS}{extra}\n"))
}

fn pause(res: &threadlab_sim::RunResult) -> (u64, u32, Vec<String>, usize, Option<String>) {
    match &res.outcome {
        Outcome::Pick { tick, core, threads, made, wrong } => {
            (*tick, *core, names(res, threads), *made, wrong.map(|w| res.thread_name(w).to_string()))
        }
        other => panic!("expected a pause for a pick, found {other:?}"),
    }
}

#[test]
fn no_picks_left_stops_at_the_first_choice() {
    let res = with("picks");
    assert_eq!(pause(&res), (0, 0, vec!["a".into(), "b".into()], 0, None));
    assert_eq!(res.makespan, 0);
}

#[test]
fn each_pick_names_the_thread_a_free_core_takes() {
    let res = with("picks b");
    assert_eq!(ev(&res, "dispatch"), ["0 b core=0; your pick"]);
    // The quantum of 1 runs out at t=1 with a waiting: the next choice.
    assert_eq!(pause(&res), (1, 0, vec!["a".into(), "b".into()], 1, None));
    assert_eq!(res.picks_made, 1);
    let res = with("picks b b a");
    assert_eq!(
        ev(&res, "dispatch"),
        [
            "0 b core=0; your pick",
            "1 b core=0; your pick",
            "2 a core=0; your pick",
            // a waits for n, which b holds: one thread waits, no choice.
            "3 b core=0; head of ready queue",
            "4 a core=0; head of ready queue",
        ]
    );
}

#[test]
fn a_pick_of_a_thread_that_is_not_runnable_stops_there() {
    let res = r("scheduler fifo
picks a a
thread a { cpu 1; sleep 5; cpu 1 }
thread b { cpu 3 }
thread c { cpu 3 }
");
    assert_eq!(pause(&res), (1, 0, vec!["b".into(), "c".into()], 1, Some("a".into())));
    assert_eq!(res.picks_made, 1);
}

#[test]
fn no_choice_when_every_waiting_thread_gets_a_core() {
    let res = r("cores 2
scheduler fifo
picks
thread a { cpu 3 }
thread b { cpu 2 }
");
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(ev(&res, "dispatch"), ["0 a core=0; head of ready queue", "0 b core=1; head of ready queue"]);
}

#[test]
fn with_picks_only_a_quantum_ends_a_turn() {
    // Under priority, b (higher) would preempt a at once; with picks a keeps the core until
    // its quantum (4) runs out, and the choice is the learner's.
    let res = r("scheduler priority
picks
thread a { cpu 6 }
thread b priority 5 at 1 { cpu 2 }
");
    assert_eq!(pause(&res), (4, 0, vec!["b".into(), "a".into()], 0, None));
    // fifo, sjf and stcf never take a core away.
    let res = r("scheduler stcf
picks
thread a { cpu 6 }
thread b at 1 { cpu 1 }
");
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(st(&res, "b").first_run, Some(6));
}

fn goal(res: &threadlab_sim::RunResult) -> (Goal, Status) {
    let g = res.goal.expect("a goal");
    (g.goal, g.status)
}

#[test]
fn a_deadlock_goal_is_open_while_paused_then_met_or_missed() {
    assert_eq!(goal(&with("picks a\ngoal deadlock")).1, Status::Open);
    // a takes both locks before b runs: no deadlock.
    let res = with("picks a a a b\ngoal deadlock");
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(goal(&res).1, Status::Missed);
    let res = with("picks a b a\ngoal deadlock");
    assert!(matches!(res.outcome, Outcome::Deadlock { .. }), "{:?}", res.outcome);
    assert_eq!(goal(&res), (Goal::Deadlock, Status::Met));
}

#[test]
fn finish_by_is_met_only_by_a_completed_run_in_time() {
    let text = "scheduler fifo\nthread a { cpu 2; io 4; cpu 1 }\nthread b { cpu 3 }\n";
    // a first: its I/O overlaps b's CPU (makespan 7); b first: 3 + 2 + 4 + 1 = 10.
    let fast = r(&format!("{text}picks a\ngoal finish-by 7\n"));
    assert_eq!((fast.outcome.clone(), fast.makespan), (Outcome::Completed, 7));
    assert_eq!(goal(&fast).1, Status::Met);
    let slow = r(&format!("{text}picks b\ngoal finish-by 7\n"));
    assert_eq!(slow.makespan, 10);
    assert_eq!(goal(&slow).1, Status::Missed);
    assert_eq!(goal(&r(&format!("{text}picks\ngoal finish-by 7\n"))).1, Status::Open);
    // Paused past the deadline: out of reach.
    assert_eq!(goal(&with("picks a\ngoal finish-by 0")).1, Status::Missed);
}

#[test]
fn starve_counts_ticks_runnable_in_a_row() {
    let text = "scheduler rr quantum 1\nthread a { cpu 3 }\nthread b { cpu 3 }\n";
    let res = r(&format!("{text}picks a a a\ngoal starve b 3\n"));
    assert_eq!(res.outcome, Outcome::Completed);
    assert_eq!(goal(&res), (Goal::Starve { thread: id(&res, "b"), ticks: 3 }, Status::Met));
    let res = r(&format!("{text}picks a b a b a\ngoal starve b 3\n"));
    assert_eq!(goal(&res).1, Status::Missed);
    let res = r(&format!("{text}picks a\ngoal starve b 3\n"));
    assert_eq!(goal(&res).1, Status::Open);
}

#[test]
fn picks_and_goals_print_back_and_name_threads() {
    let text = "picks a b.2 a\ngoal starve b.1 4\nthread a { cpu 1 }\nthread b x2 { cpu 1 }\n";
    let sc = threadlab_sim::parse(text).expect("valid");
    let printed = threadlab_sim::to_text(&sc);
    assert!(printed.contains("picks a b.2 a\ngoal starve b.1 4\n"), "{printed}");
    assert_eq!(
        threadlab_sim::run(&printed).map(|r| r.to_json()).ok(),
        threadlab_sim::run(text).map(|r| r.to_json()).ok()
    );
    // `b` is two threads, `m` none.
    let e = threadlab_sim::check("picks b\nthread b x2 { cpu 1 }").expect_err("b is two threads");
    assert_eq!((e.pos.line, e.pos.col, e.to_string().contains("\"b\" is not a thread")), (1, 7, true));
    let e = threadlab_sim::check("goal starve m 3\nthread a { lock m }").expect_err("m is a lock");
    assert_eq!((e.pos.line, e.pos.col), (1, 13));
    let e = threadlab_sim::check("goal finish-by x").expect_err("a number");
    assert_eq!((e.pos.line, e.pos.col), (1, 16));
    let e = threadlab_sim::check("picks a\npicks a\nthread a { cpu 1 }").expect_err("once");
    assert_eq!(e.pos.line, 2);
}

#[test]
fn the_json_tells_the_pause_and_the_goal() {
    let j = json(&with("picks a\ngoal deadlock"));
    assert_eq!(
        j["outcome"],
        serde_json::json!({"kind": "pick", "tick": 1, "core": 0, "threads": ["b", "a"], "made": 1})
    );
    assert_eq!(j["goal"], serde_json::json!({"kind": "deadlock", "status": "open"}));
    assert!(json(&r("thread a { cpu 1 }")).get("goal").is_none());
}
