//! The parsed scenario: a faithful tree of what the text says, with the position of
//! everything a later check may need to point at. No defaults are resolved into rules
//! here beyond the header values; `program.rs` turns this tree into what the engine runs.

use serde::{Deserialize, Serialize};

/// A position in the scenario text, 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    pub text: String,
    pub pos: Pos,
}

/// The scheduling policy of `scheduler …`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    Fifo,
    Rr,
    Priority,
    Sjf,
    Stcf,
    /// OSTEP's `process-run.py` CPU: the next ready thread after the one that ran, with the
    /// rules of [`OstepRules`]; one core.
    Ostep,
}

/// The switches of `scheduler ostep` (`process-run.py`'s `-S` and `-I`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct OstepRules {
    /// `switch-on-end` (`-S SWITCH_ON_END`): a thread keeps the core until it ends, idle while
    /// it waits; else (`switch-on-io`, the default) it gives the core up when it blocks.
    pub switch_on_end: bool,
    /// `io-immediate` (`-I IO_RUN_IMMEDIATE`): a thread whose I/O ends takes the core at once;
    /// else (`io-later`, the default) it waits for its turn.
    pub io_immediate: bool,
}

impl Policy {
    pub fn keyword(self) -> &'static str {
        match self {
            Policy::Fifo => "fifo",
            Policy::Rr => "rr",
            Policy::Priority => "priority",
            Policy::Sjf => "sjf",
            Policy::Stcf => "stcf",
            Policy::Ostep => "ostep",
        }
    }
}

/// An amount of ticks (`cpu`, `io`, `sleep`): fixed, or drawn from the seeded generator in
/// `lo..=hi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Amount {
    Fixed(u64),
    Range(u64, u64),
}

impl Amount {
    /// The value an estimate counts: the number, or a range's middle (rounded down).
    #[must_use]
    pub fn middle(self) -> u64 {
        match self {
            Amount::Fixed(n) => n,
            Amount::Range(lo, hi) => lo + (hi - lo) / 2,
        }
    }
}

/// Header settings with the defaults of SCENARIO.md already in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub title: Option<String>,
    pub note: Option<String>,
    pub cores: u32,
    pub policy: Policy,
    /// The rules of `scheduler ostep` (ignored by the other policies).
    #[serde(default)]
    pub ostep: OstepRules,
    /// Quantum for `rr` and `priority` (default 4).
    pub quantum: u64,
    pub switch_cost: u64,
    pub spawn_cost_thread: u64,
    pub spawn_cost_process: u64,
    pub gil: bool,
    pub gil_interval: u64,
    pub seed: u64,
    pub unit: String,
    pub limit: u64,
    /// `picks A B …` (you are the scheduler, `drive.rs`): the threads free cores take at the
    /// choices of the run, in order, as written; `None` without the statement.
    #[serde(default)]
    pub picks: Option<Vec<Name>>,
    /// `goal …`: what the run is meant to reach (`goal.rs`).
    #[serde(default)]
    pub goal: Option<GoalDecl>,
}

/// `goal deadlock`, `goal finish-by N`, `goal starve THREAD N`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalDecl {
    /// The run ends in a deadlock.
    Deadlock,
    /// Every process has ended by tick N.
    FinishBy(u64),
    /// The thread waits Runnable N ticks in a row without getting a core.
    Starve { thread: Name, ticks: u64 },
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            title: None,
            note: None,
            cores: 1,
            policy: Policy::Rr,
            ostep: OstepRules::default(),
            quantum: 4,
            switch_cost: 0,
            spawn_cost_thread: 0,
            spawn_cost_process: 0,
            gil: false,
            gil_interval: 5,
            seed: 0,
            unit: "ms".to_string(),
            limit: 100_000,
            picks: None,
            goal: None,
        }
    }
}

/// A whole scenario as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    pub settings: Settings,
    /// `semaphore NAME PERMITS` declarations.
    pub semaphores: Vec<SemaphoreDecl>,
    /// `processes[0]` is the implicit process `main` holding the top-level threads
    /// (it may have no threads). Others are `process NAME { … }` blocks in order.
    pub processes: Vec<ProcessDecl>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SemaphoreDecl {
    pub name: Name,
    pub permits: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessDecl {
    pub name: Name,
    pub threads: Vec<ThreadDecl>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadDecl {
    pub name: Name,
    /// `at T`; `None` when not written.
    pub at: Option<u64>,
    pub daemon: bool,
    pub priority: i64,
    /// `x N`; `None` when not written (one thread, named as written).
    pub copies: Option<u32>,
    pub body: Body,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Body {
    /// An ordinary thread: a list of operations.
    Ops(Vec<Op>),
    /// `asyncio`: an event-loop thread running these tasks.
    Asyncio(Vec<TaskDecl>),
    /// `pool NAME KIND N jobs J [at T] { BODY }` (SCENARIO.md 1.1): the declaration's name is
    /// the pool's, its `at` the pool's start; it has no other attribute.
    Pool(Pool),
}

/// A pool of `workers` workers taking `jobs` jobs from a queue, each job running the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pool {
    pub workers: u32,
    pub jobs: u64,
    pub work: PoolWork,
}

/// The kind of a pool with the body of one job (thread operations, or task operations).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PoolWork {
    /// `threads`: worker threads of the enclosing process.
    Threads(Vec<Op>),
    /// `processes`: worker processes of one thread each (each its own GIL).
    Processes(Vec<Op>),
    /// `tasks`: worker tasks of one event-loop thread named as the pool.
    Tasks(Vec<TaskOp>),
}

/// The kind of a pool, as its keyword says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolKind {
    Threads,
    Processes,
    Tasks,
}

impl PoolKind {
    pub fn keyword(self) -> &'static str {
        match self {
            PoolKind::Threads => "threads",
            PoolKind::Processes => "processes",
            PoolKind::Tasks => "tasks",
        }
    }
}

impl PoolWork {
    pub fn kind(&self) -> PoolKind {
        match self {
            PoolWork::Threads(_) => PoolKind::Threads,
            PoolWork::Processes(_) => PoolKind::Processes,
            PoolWork::Tasks(_) => PoolKind::Tasks,
        }
    }

    /// The body of a pool converted to `kind`. `threads` and `processes` run the same thread
    /// operations. Between those and a `tasks` pool, what both languages have is kept: `cpu`,
    /// `io` (`await io`), `sleep` (`await sleep`) and `repeat` (converted inside); the rest is
    /// dropped (locks, joins, spawns… have no task form; `await TASK` no thread form), and so is
    /// a `repeat` left empty. A body left empty gets `cpu 1`: a job always computes something
    /// (the best-worker formula divides by its CPU).
    pub fn converted(&self, kind: PoolKind) -> PoolWork {
        let work = self;
        fn to_tasks(ops: &[Op]) -> Vec<TaskOp> {
            let one = |kind| Some(TaskOp { pos: Pos::default(), kind });
            ops.iter()
                .filter_map(|o| match &o.kind {
                    OpKind::Cpu(a) => one(TaskOpKind::Cpu(*a)),
                    OpKind::Io(a) => one(TaskOpKind::AwaitIo(*a)),
                    OpKind::Sleep(a) => one(TaskOpKind::AwaitSleep(*a)),
                    OpKind::Repeat(n, body) => {
                        Some(to_tasks(body)).filter(|b| !b.is_empty()).and_then(|b| one(TaskOpKind::Repeat(*n, b)))
                    }
                    _ => None,
                })
                .collect()
        }
        fn to_ops(ops: &[TaskOp]) -> Vec<Op> {
            let one = |kind| Some(Op { pos: Pos::default(), kind });
            ops.iter()
                .filter_map(|o| match &o.kind {
                    TaskOpKind::Cpu(a) => one(OpKind::Cpu(*a)),
                    TaskOpKind::AwaitIo(a) => one(OpKind::Io(*a)),
                    TaskOpKind::AwaitSleep(a) => one(OpKind::Sleep(*a)),
                    TaskOpKind::Repeat(n, body) => {
                        Some(to_ops(body)).filter(|b| !b.is_empty()).and_then(|b| one(OpKind::Repeat(*n, b)))
                    }
                    TaskOpKind::AwaitTask(_) => None,
                })
                .collect()
        }
        let ops = match work {
            PoolWork::Threads(ops) | PoolWork::Processes(ops) => ops.clone(),
            PoolWork::Tasks(ops) => to_ops(ops),
        };
        match kind {
            PoolKind::Threads | PoolKind::Processes => {
                let ops = if ops.is_empty() {
                    vec![Op { pos: Pos::default(), kind: OpKind::Cpu(Amount::Fixed(1)) }]
                } else {
                    ops
                };
                if kind == PoolKind::Threads {
                    PoolWork::Threads(ops)
                } else {
                    PoolWork::Processes(ops)
                }
            }
            PoolKind::Tasks => {
                let mut tasks = match work {
                    PoolWork::Tasks(ops) => ops.clone(),
                    _ => to_tasks(&ops),
                };
                if tasks.is_empty() {
                    tasks.push(TaskOp { pos: Pos::default(), kind: TaskOpKind::Cpu(Amount::Fixed(1)) });
                }
                PoolWork::Tasks(tasks)
            }
        }
    }
}

/// An operation with the position of its keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub pos: Pos,
    pub kind: OpKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpKind {
    Cpu(Amount),
    /// `io N` or `io A..B` (Version 1.1).
    Io(Amount),
    /// `sleep N` or `sleep A..B` (Version 1.1).
    Sleep(Amount),
    Lock(Name),
    Unlock(Name),
    /// `wait M [T]`
    Wait(Name, Option<u64>),
    Notify(Name),
    NotifyAll(Name),
    /// `join T [D]`
    Join(Name, Option<u64>),
    Spawn(Name),
    Acquire(Name),
    Release(Name),
    Yield,
    Exit,
    Crash,
    Repeat(u64, Vec<Op>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDecl {
    pub name: Name,
    pub copies: Option<u32>,
    pub ops: Vec<TaskOp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskOp {
    pub pos: Pos,
    pub kind: TaskOpKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskOpKind {
    Cpu(Amount),
    /// `await io N` or `await io A..B`.
    AwaitIo(Amount),
    /// `await sleep N` or `await sleep A..B`.
    AwaitSleep(Amount),
    AwaitTask(Name),
    Repeat(u64, Vec<TaskOp>),
}
