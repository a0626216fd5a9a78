//! Helpers shared by the rule-by-rule tests (`rules_*.rs`): run a scenario and describe its
//! trace in the compact text form of the `trace` example, so that a test reads like the chart.
#![allow(dead_code)]

use threadlab_sim::result::ThreadStats;
use threadlab_sim::trace::{CoreActivity, State, ThreadId};
use threadlab_sim::{run, Outcome, RunResult};

/// Runs a scenario that must be valid.
pub fn r(text: &str) -> RunResult {
    run(text).unwrap_or_else(|e| panic!("invalid scenario: {e}\n{text}"))
}

/// The id of a thread, which must exist.
pub fn id(res: &RunResult, name: &str) -> ThreadId {
    res.thread_id(name).unwrap_or_else(|| panic!("no thread {name}"))
}

/// The numbers of a thread.
pub fn st<'a>(res: &'a RunResult, name: &str) -> &'a ThreadStats {
    &res.threads[id(res, name) as usize]
}

/// A thread's segments in time order: `"0-2 run@0"`, `"0-2 run@0 f.1"` (asyncio task),
/// `"2-4 runnable"`, `"0-2 new"`, `"2-5 io"`, `"2-6 lock m"`, `"0-3 join a"`.
pub fn segs(res: &RunResult, name: &str) -> Vec<String> {
    res.segments_of(id(res, name))
        .iter()
        .map(|s| {
            let what = match (s.state, s.cause, s.core) {
                (State::Blocked, Some(c), _) => match s.object {
                    Some(o) => format!("{} {}", c.as_str(), res.object_name(o)),
                    None => c.as_str().to_string(),
                },
                (State::Running, _, Some(c)) => match s.task {
                    Some(k) => format!("run@{c} {}", res.tasks[k as usize]),
                    None => format!("run@{c}"),
                },
                (st, _, _) => st.as_str().to_string(),
            };
            format!("{}-{} {}", s.start, s.end, what)
        })
        .collect()
}

/// A core's segments in time order: `"0-2 a"` (runs a), `"2-4 ~b"` (switches to b).
pub fn core_segs(res: &RunResult, core: u32) -> Vec<String> {
    let mut v: Vec<_> = res.core_segments.iter().filter(|g| g.core == core).collect();
    v.sort_by_key(|g| g.start);
    v.iter()
        .map(|g| match g.activity {
            CoreActivity::Run(t) => format!("{}-{} {}", g.start, g.end, res.thread_name(t)),
            CoreActivity::Switch(t) => format!("{}-{} ~{}", g.start, g.end, res.thread_name(t)),
        })
        .collect()
}

/// The result as parsed JSON.
pub fn json(res: &RunResult) -> serde_json::Value {
    serde_json::from_str(&res.to_json()).expect("to_json gives valid JSON")
}

/// Events of one kind (JSON names), in order, as `"TICK THREAD key=value …; reason"` with the
/// optional keys (by, on, for, from, target, woke, core, cause, object, task, awaited) in that
/// order.
pub fn ev(res: &RunResult, kind: &str) -> Vec<String> {
    let j = json(res);
    j["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == kind)
        .map(|e| {
            let mut s = format!("{} {}", e["tick"], e["thread"].as_str().unwrap());
            for k in ["by", "on", "for", "from", "target", "woke", "core", "cause", "object", "task", "awaited"] {
                match &e[k] {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(v) => s += &format!(" {k}={v}"),
                    v => s += &format!(" {k}={v}"),
                }
            }
            s + "; " + e["reason"].as_str().unwrap()
        })
        .collect()
}

/// Names of thread ids.
pub fn names(res: &RunResult, ids: &[ThreadId]) -> Vec<String> {
    ids.iter().map(|&t| res.thread_name(t).to_string()).collect()
}

/// A deadlock's cycle (names) and tick; panics on another outcome.
pub fn deadlock(res: &RunResult) -> (Vec<String>, u64, Vec<String>) {
    match &res.outcome {
        Outcome::Deadlock { cycle, tick, waits } => {
            (names(res, cycle), *tick, waits.iter().map(|w| w.text.clone()).collect())
        }
        o => panic!("expected a deadlock, got {o:?}"),
    }
}

/// A stall's threads (names), tick and wait texts; panics on another outcome.
pub fn stalled(res: &RunResult) -> (Vec<String>, u64, Vec<String>) {
    match &res.outcome {
        Outcome::Stalled { threads, tick, waits } => {
            (names(res, threads), *tick, waits.iter().map(|w| w.text.clone()).collect())
        }
        o => panic!("expected a stall, got {o:?}"),
    }
}

/// A run-time error's thread (name), tick and reason; panics on another outcome.
pub fn error(res: &RunResult) -> (String, u64, String) {
    match &res.outcome {
        Outcome::Error { thread, tick, reason } => (res.thread_name(*thread).to_string(), *tick, reason.to_string()),
        o => panic!("expected a run-time error, got {o:?}"),
    }
}

/// The fates of all threads, as `"name:fate"`.
pub fn fates(res: &RunResult) -> Vec<String> {
    res.threads.iter().map(|t| format!("{}:{}", t.name, t.fate.as_str())).collect()
}

/// The scenario must be rejected; returns `"line:col: message"`.
pub fn invalid(text: &str) -> String {
    match run(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}
