//! The result of a run: outcome, numbers per thread/core/run, and the trace.
//! Serialised (with names instead of ids) by `json.rs` into the JSON of SCENARIO.md.

use crate::trace::{Cause, CoreSegment, CoreSegments, Events, ObjectId, Segment, Segments, ThreadId};

/// How a thread's life ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fate {
    /// Ran all its operations, or `exit`.
    Finished,
    /// A daemon thread killed when its process ended.
    Killed,
    /// Died in a `crash` of its process.
    Crashed,
    /// Never left New (a spawn target never spawned).
    NeverStarted,
    /// Blocked forever (deadlock or stall).
    Stuck,
    /// Still alive when the run stopped at its limit or on an error.
    Unfinished,
}

impl Fate {
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Finished => "finished",
            Fate::Killed => "killed",
            Fate::Crashed => "crashed",
            Fate::NeverStarted => "never_started",
            Fate::Stuck => "stuck",
            Fate::Unfinished => "unfinished",
        }
    }
}

/// What a stuck thread waits for, and who (if anyone) could have let it go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wait {
    pub thread: ThreadId,
    /// `None` for a thread that never started.
    pub cause: Option<Cause>,
    pub object: Option<ObjectId>,
    /// The thread it waits for (holder of the lock, joined thread), when there is one.
    pub on: Option<ThreadId>,
    /// A sentence such as "a waits for lock y, held by b".
    pub text: String,
}

/// Why a run stopped before its end. Its `Display` is the sentence of the JSON's `reason`;
/// the app words it in other languages from the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitReason {
    /// The scenario's `limit` (in ticks) was reached.
    Ticks(u64),
    /// The trace grew beyond the engine's budget of segments (`RunOptions::max_segments`).
    Segments(usize),
    /// Too much work without time passing (`RunOptions::max_steps`): operations, and the
    /// waiting threads the scheduler compares at each choice.
    Steps(u64),
}

impl std::fmt::Display for LimitReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LimitReason::Ticks(n) => write!(f, "the limit of {n} ticks was reached"),
            LimitReason::Segments(n) => write!(f, "the run is too large to show: over {n} trace segments"),
            LimitReason::Steps(n) => write!(
                f,
                "over {n} steps of work ran without time passing enough: a loop of operations that take no time, or thousands of waiting threads compared at every choice (priority, sjf, stcf, ostep)?"
            ),
        }
    }
}

/// Which operation used a mutex (or monitor) that its thread does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeldOp {
    Unlock,
    Wait,
    /// `notify` or `notify-all`.
    Notify,
}

/// A run-time rule broken (SCENARIO.md, outcome `error`). Its `Display` is the sentence of
/// the JSON's `reason`; the app words it in other languages from the variant and its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// `spawn` of a thread that was already started (or has ended).
    SpawnThreadTwice { thread: String },
    /// `spawn` of a process that was already started.
    SpawnProcessTwice { process: String },
    /// `unlock`, `wait` or `notify` of a mutex the thread does not hold; `holder` holds it, if
    /// anyone does.
    NotHeld { op: HeldOp, mutex: String, holder: Option<String> },
    /// `join` of itself.
    JoinSelf { thread: String },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::SpawnThreadTwice { thread } => write!(f, "spawn of {thread}, which was already started"),
            RunError::SpawnProcessTwice { process } => {
                write!(f, "spawn of process {process}, which was already started")
            }
            RunError::NotHeld { op, mutex, holder } => {
                let what = match op {
                    HeldOp::Unlock => "unlock of",
                    HeldOp::Wait => "wait on",
                    HeldOp::Notify => "notify on",
                };
                match holder {
                    Some(o) => write!(f, "{what} {mutex}, which is held by {o}"),
                    None => write!(f, "{what} {mutex}, which it does not hold"),
                }
            }
            RunError::JoinSelf { thread } => write!(f, "{thread} joins itself"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    /// `cycle` in wait-for order, starting at its lowest thread id; `tick` is when the
    /// last thread of the cycle blocked.
    Deadlock {
        cycle: Vec<ThreadId>,
        tick: u64,
        waits: Vec<Wait>,
    },
    /// `threads` can never go on and no cycle explains it.
    Stalled {
        threads: Vec<ThreadId>,
        tick: u64,
        waits: Vec<Wait>,
    },
    /// Stopped at `tick`: the scenario's `limit`, or one of the engine's budgets.
    Limit {
        tick: u64,
        reason: LimitReason,
    },
    /// `picks` (you are the scheduler): the run waits at `tick` for the learner to pick which
    /// of `threads` (Runnable, in queue order: head first) core `core` takes; `made` picks were used so far.
    /// `wrong`: the next pick named a thread that was not Runnable then.
    Pick {
        tick: u64,
        core: u32,
        threads: Vec<ThreadId>,
        made: usize,
        wrong: Option<ThreadId>,
    },
    /// A run-time rule was broken.
    Error {
        thread: ThreadId,
        tick: u64,
        reason: RunError,
    },
}

impl Outcome {
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Deadlock { .. } => "deadlock",
            Outcome::Stalled { .. } => "stalled",
            Outcome::Limit { .. } => "limit",
            Outcome::Pick { .. } => "pick",
            Outcome::Error { .. } => "error",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadStats {
    pub name: String,
    pub process: String,
    pub daemon: bool,
    pub priority: i64,
    /// Event-loop thread (`asyncio`).
    pub asyncio: bool,
    pub arrival: Option<u64>,
    pub first_run: Option<u64>,
    pub end: Option<u64>,
    pub cpu: u64,
    pub runnable: u64,
    /// Ticks Blocked, indexed by `Cause::index()`.
    pub blocked: [u64; 7],
    pub fate: Fate,
}

impl ThreadStats {
    pub fn turnaround(&self) -> Option<u64> {
        Some(self.end?.saturating_sub(self.arrival?))
    }
    pub fn response(&self) -> Option<u64> {
        Some(self.first_run?.saturating_sub(self.arrival?))
    }
    pub fn waiting(&self) -> u64 {
        self.runnable
    }
    pub fn blocked_by(&self, cause: Cause) -> u64 {
        self.blocked[cause.index()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CoreStats {
    pub busy: u64,
    pub switching: u64,
    pub idle: u64,
}

/// Everything a run produces. Deterministic: the same scenario gives an equal value.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub unit: String,
    pub outcome: Outcome,
    pub makespan: u64,
    pub cpu_utilization: f64,
    pub io_busy: u64,
    pub context_switches: u64,
    pub gil_handoffs: u64,
    pub cores: Vec<CoreStats>,
    pub threads: Vec<ThreadStats>,
    /// Names of processes, in written order (`main` first).
    pub processes: Vec<String>,
    /// Names of mutexes, monitors, semaphores and join targets named by segments and events.
    pub objects: Vec<String>,
    /// Names of asyncio tasks (copies expanded).
    pub tasks: Vec<String>,
    /// The event-loop thread of each task (index = task id). A loop's tasks have consecutive
    /// ids, in the order they start.
    pub task_threads: Vec<ThreadId>,
    /// Thread segments in the order they ended (then by thread).
    pub segments: Segments,
    pub core_segments: CoreSegments,
    pub events: Events,
    /// The numbers of each pool, in written order (Version 1.1; empty without pools).
    pub pools: Vec<crate::pool::PoolStats>,
    /// The scenario's `goal`, with the status this run reached (`goal.rs`).
    pub goal: Option<crate::goal::GoalReport>,
    /// `picks` used by the run (you are the scheduler; 0 without picks).
    pub picks_made: usize,
}

impl RunResult {
    pub fn thread_name(&self, t: ThreadId) -> &str {
        &self.threads[t as usize].name
    }
    pub fn object_name(&self, o: ObjectId) -> &str {
        &self.objects[o as usize]
    }
    pub fn thread_id(&self, name: &str) -> Option<ThreadId> {
        self.threads.iter().position(|t| t.name == name).map(|i| i as ThreadId)
    }
    /// The segments of one thread, in time order.
    pub fn segments_of(&self, t: ThreadId) -> Vec<Segment> {
        self.segments.iter().filter(|s| s.thread == t).collect()
    }
    /// The segments of every thread (index = thread id), each in time order: a thread's
    /// segments are listed in `segments` in the order they happened (invariant
    /// `lanes-in-order` of docs/ARCHITECTURE.md, checked by the property tests), so this only
    /// deals them out.
    pub fn thread_lanes(&self) -> Vec<Vec<Segment>> {
        let mut lanes = vec![Vec::new(); self.threads.len()];
        for s in &self.segments {
            lanes[s.thread as usize].push(s);
        }
        lanes
    }
    /// The segments of every core (index = core id), each in time order (same invariant).
    pub fn core_lanes(&self) -> Vec<Vec<CoreSegment>> {
        let mut lanes = vec![Vec::new(); self.cores.len()];
        for g in &self.core_segments {
            lanes[g.core as usize].push(g);
        }
        lanes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_error_says_what_it_said_before() {
        let s = |x: &str| x.to_string();
        let cases = [
            (RunError::SpawnThreadTwice { thread: s("w.2") }, "spawn of w.2, which was already started"),
            (RunError::SpawnProcessTwice { process: s("p") }, "spawn of process p, which was already started"),
            (
                RunError::NotHeld { op: HeldOp::Unlock, mutex: s("m"), holder: None },
                "unlock of m, which it does not hold",
            ),
            (
                RunError::NotHeld { op: HeldOp::Unlock, mutex: s("m"), holder: Some(s("a")) },
                "unlock of m, which is held by a",
            ),
            (RunError::NotHeld { op: HeldOp::Wait, mutex: s("m"), holder: None }, "wait on m, which it does not hold"),
            (
                RunError::NotHeld { op: HeldOp::Notify, mutex: s("m"), holder: Some(s("a")) },
                "notify on m, which is held by a",
            ),
            (RunError::JoinSelf { thread: s("a") }, "a joins itself"),
        ];
        for (e, text) in cases {
            assert_eq!(e.to_string(), text);
        }
    }

    #[test]
    fn the_engine_gives_these_run_errors() {
        let cases = [
            ("thread a { unlock m }", RunError::NotHeld { op: HeldOp::Unlock, mutex: "m".into(), holder: None }),
            (
                "thread a { lock m; sleep 5 }\nthread b { sleep 1; notify-all m }",
                RunError::NotHeld { op: HeldOp::Notify, mutex: "m".into(), holder: Some("a".into()) },
            ),
            ("thread a { join a }", RunError::JoinSelf { thread: "a".into() }),
            (
                "process p { thread m { cpu 1 } }\nthread a { spawn p; spawn p }",
                RunError::SpawnProcessTwice { process: "p".into() },
            ),
        ];
        for (text, want) in cases {
            match crate::run(text).expect("valid").outcome {
                Outcome::Error { reason, .. } => assert_eq!(reason, want, "{text:?}"),
                o => panic!("{text:?}: {o:?}"),
            }
        }
    }
}
