//! From the parsed tree to what the engine runs: copies `x N` expanded, names resolved to
//! ids, `repeat` blocks compiled to jumps, and every naming rule of SCENARIO.md checked
//! (unique names, spawn/join/await targets exist, a name is one kind of object).

use crate::ast::{self, Amount, Body, OpKind, PoolKind, PoolWork, Pos, Scenario, Settings, TaskOpKind};
use crate::error::{ErrorKind, ScenarioError, Use};
use crate::limits;
use crate::trace::{ObjectId, TaskId, ThreadId};
use std::collections::HashMap;

/// The compiler's tables of names. (The standard hasher: a faster one saved about 0.3 ms on
/// 10,000 names, not worth names that a shared link could choose to collide.)
type NameMap<V> = HashMap<String, V>;

/// One compiled instruction. Code is a flat list; `repeat` becomes a start/end pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instr {
    Cpu(Amount),
    Io(Amount),
    Sleep(Amount),
    Lock(ObjectId),
    Unlock(ObjectId),
    Wait(ObjectId, Option<u64>),
    Notify(ObjectId),
    NotifyAll(ObjectId),
    Join(JoinTarget, Option<u64>),
    /// Start a thread or process after spending `cost` ticks of CPU.
    Spawn(SpawnTarget, u64),
    Acquire(ObjectId),
    Release(ObjectId),
    Yield,
    Exit,
    Crash,
    /// Inside an asyncio task: suspend the task for N ticks of I/O.
    AwaitIo(Amount),
    /// Inside an asyncio task: suspend the task for N ticks of sleep.
    AwaitSleep(Amount),
    /// Inside an asyncio task: wait until this task has finished.
    AwaitTask(TaskId),
    /// Run the block up to the matching `RepeatEnd` `count` times; `end` is the index of that
    /// `RepeatEnd`.
    RepeatStart {
        count: u64,
        end: u32,
    },
    /// Back to the instruction after `start` while iterations remain.
    RepeatEnd {
        start: u32,
    },
    /// The head of a pool worker's code: take the next job of `pool`, or jump to `end` (the
    /// end of the code: the worker ends) when none is left.
    NextJob {
        pool: u32,
        end: u32,
    },
    /// The end of one job's body: the worker's job is done; back to the `NextJob` at `next`.
    JobDone {
        pool: u32,
        next: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinTarget {
    Thread(ThreadId),
    Process(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpawnTarget {
    Thread(ThreadId),
    Process(u32),
}

/// The kind of a named synchronisation object; one name is one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    /// A mutex, also usable as a monitor (`wait`/`notify`).
    Mutex,
    /// A counting semaphore with its initial permits.
    Semaphore(u64),
    /// A thread or process named by `join` (for labels only).
    JoinTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadInfo {
    pub name: String,
    pub process: u32,
    pub daemon: bool,
    pub priority: i64,
    /// Start time (relative to the process start for threads of a spawned process).
    pub at: u64,
    /// Started by a `spawn` (directly, not with its process).
    pub spawn_target: bool,
    /// Index into `Program::codes`, shared by copies.
    pub code: u32,
    /// The tasks of an asyncio loop thread, in start order (empty for ordinary threads).
    pub tasks: Vec<TaskId>,
    pub asyncio: bool,
    /// Object id of this thread's name (for `join` labels), if it is joined anywhere.
    pub object: Option<ObjectId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    pub name: String,
    /// Threads in written order; the first is the main thread.
    pub threads: Vec<ThreadId>,
    pub spawn_target: bool,
    pub object: Option<ObjectId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInfo {
    pub name: String,
    pub thread: ThreadId,
    pub code: u32,
}

/// A pool (SCENARIO.md 1.1) as compiled: its workers are consecutive threads (`threads`,
/// `processes`) or tasks (`tasks`) from `first`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolInfo {
    pub name: String,
    pub kind: PoolKind,
    pub workers: u32,
    pub jobs: u64,
    /// The first worker: a thread id, or a task id for `tasks` (then `loop_thread` runs them).
    pub first: u32,
    /// The event-loop thread of a `tasks` pool.
    pub loop_thread: Option<ThreadId>,
    /// The code of a worker (one job's body between `NextJob` and `JobDone`).
    pub code: u32,
}

/// A checked scenario, ready to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub settings: Settings,
    pub threads: Vec<ThreadInfo>,
    pub processes: Vec<ProcessInfo>,
    pub tasks: Vec<TaskInfo>,
    pub objects: Vec<String>,
    pub object_kinds: Vec<ObjectKind>,
    pub codes: Vec<Vec<Instr>>,
    /// Pools in written order (Version 1.1).
    pub pools: Vec<PoolInfo>,
    /// `picks`: the threads free cores take at the run's choices (you are the scheduler).
    pub picks: Option<Vec<ThreadId>>,
    /// `goal`, its thread resolved.
    pub goal: Option<crate::goal::Goal>,
}

/// What a name in the scenario refers to.
#[derive(Debug, Clone)]
enum Named {
    /// A thread declaration (ids of its copies; one id without `x N`).
    Thread {
        ids: Vec<ThreadId>,
        process: u32,
        main: bool,
        has_at: bool,
        pos: Pos,
    },
    /// One copy `NAME.K` of a thread declaration.
    Copy {
        id: ThreadId,
        process: u32,
        main: bool,
        has_at: bool,
        pos: Pos,
    },
    Process(u32),
    Task {
        ids: Vec<TaskId>,
        thread: ThreadId,
    },
    TaskCopy {
        id: TaskId,
        thread: ThreadId,
    },
    /// A `processes` pool: its worker processes and their threads.
    ProcessPool {
        processes: Vec<u32>,
        threads: Vec<ThreadId>,
        has_at: bool,
        pos: Pos,
    },
}

struct Compiler {
    names: NameMap<Named>,
    objects: Vec<String>,
    object_kinds: Vec<ObjectKind>,
    object_ids: NameMap<ObjectId>,
    object_pos: Vec<Pos>,
    spawn_cost_thread: u64,
    spawn_cost_process: u64,
    thread_names: Vec<String>,
}

/// Declarations sorted by their position in the text, equal positions (trees built by
/// hand) kept in list order. Each is sorted as one `u64` — line, column, index — which is the
/// plain `u64` sort the engine has anyway, so the web app's wasm carries no second sort. The
/// parser's positions fit (a text is at most 64 KiB); larger ones, only possible in a tree
/// built by hand, are saturated.
fn in_written_order(decls: Vec<(u32, &ast::ThreadDecl)>) -> Vec<(u32, &ast::ThreadDecl)> {
    let key =
        |i: usize, p: Pos| u64::from(p.line.min(0xff_ffff)) << 40 | u64::from(p.col.min(0xf_ffff)) << 20 | i as u64;
    let mut keys: Vec<u64> = decls.iter().enumerate().map(|(i, (_, t))| key(i, t.name.pos)).collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| decls[(k & 0xf_ffff) as usize]).collect()
}

/// Checks the scenario and compiles it.
pub fn compile(sc: &Scenario) -> Result<Program, ScenarioError> {
    // The parser enforces these; a tree built by hand must too (the trace is packed for them).
    let st = &sc.settings;
    if st.cores == 0 || st.cores > limits::MAX_CORES || st.limit > limits::MAX_LIMIT {
        return Err(ScenarioError::new(
            Pos::default(),
            ErrorKind::BadSettings { max_cores: limits::MAX_CORES, max_limit: limits::MAX_LIMIT },
        ));
    }
    // Thread declarations in written order (by position), with their process.
    let mut decls: Vec<(u32, &ast::ThreadDecl)> = Vec::new();
    for (p, proc_) in sc.processes.iter().enumerate() {
        for t in &proc_.threads {
            decls.push((p as u32, t));
        }
    }
    // Every declaration is at least one thread (this also bounds the index packed below).
    if let Some((_, t)) = decls.get(limits::MAX_THREADS) {
        return Err(ScenarioError::new(t.name.pos, ErrorKind::TooManyThreads { max: limits::MAX_THREADS }));
    }
    let decls = in_written_order(decls);
    // Every thread and process name goes into `names` and `seen_pos`: room for all of them at
    // once (as many as the limit allows), rather than growing the tables step by step.
    let expected = decls
        .iter()
        .fold(0usize, |n, (_, t)| n.saturating_add(t.copies.unwrap_or(1) as usize))
        .min(limits::MAX_THREADS);
    let expected_names = expected + sc.processes.len();

    let mut c = Compiler {
        names: NameMap::default(),
        objects: Vec::new(),
        object_kinds: Vec::new(),
        object_ids: NameMap::default(),
        object_pos: Vec::new(),
        spawn_cost_thread: sc.settings.spawn_cost_thread,
        spawn_cost_process: sc.settings.spawn_cost_process,
        thread_names: Vec::new(),
    };
    c.names.reserve(expected_names);
    let mut seen_pos: NameMap<Pos> = NameMap::default();
    seen_pos.reserve(expected_names);
    let mut claim = |name: &str, pos: Pos| -> Result<(), ScenarioError> {
        // One look-up: the name is claimed unless it was already.
        let first = match seen_pos.entry(name.to_string()) {
            std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(pos);
                None
            }
        };
        if let Some(first) = first {
            // Point at whichever of the two comes later in the text.
            let (at, other) = if first < pos { (pos, first) } else { (first, pos) };
            return Err(ScenarioError::new(at, ErrorKind::NameTaken { name: name.to_string(), line: other.line }));
        }
        Ok(())
    };

    // Processes.
    let mut processes: Vec<ProcessInfo> = Vec::new();
    for (p, proc_) in sc.processes.iter().enumerate() {
        if p > 0 {
            claim(&proc_.name.text, proc_.name.pos)?;
            c.names.insert(proc_.name.text.clone(), Named::Process(p as u32));
        }
        processes.push(ProcessInfo {
            name: proc_.name.text.clone(),
            threads: Vec::new(),
            spawn_target: false,
            object: None,
        });
    }

    // Threads (copies expanded), in written order.
    let mut threads: Vec<ThreadInfo> = Vec::with_capacity(expected);
    let mut tasks: Vec<TaskInfo> = Vec::new();
    let mut codes: Vec<Vec<Instr>> = Vec::new();
    let mut task_decls: Vec<(u32, &ast::TaskDecl, Vec<TaskId>)> = Vec::new();
    let mut pools: Vec<PoolInfo> = Vec::new();
    for (p, t) in &decls {
        let main = sc.processes[*p as usize].threads.first().map(|f| f.name.pos) == Some(t.name.pos) && *p > 0;
        let has_at = t.at.is_some();
        let code = codes.len() as u32;
        codes.push(Vec::new()); // filled below, once every name is known
        if let Body::Pool(pool) = &t.body {
            // A pool: its workers (and, for `tasks`, its loop thread; for `processes`, its
            // processes), named `NAME.1` … `NAME.N`.
            let (n, kind, pos, name) = (pool.workers as usize, pool.work.kind(), t.name.pos, &t.name.text);
            // The parser enforces these; a tree built by hand must too (job numbers are packed
            // for them, `pool.rs`).
            if !(1..=limits::MAX_WORKERS).contains(&pool.workers) {
                let found = u64::from(pool.workers);
                return Err(ScenarioError::new(pos, ErrorKind::BadWorkers { max: limits::MAX_WORKERS.into(), found }));
            }
            if !(1..=limits::MAX_JOBS).contains(&pool.jobs) {
                return Err(ScenarioError::new(pos, ErrorKind::BadJobs { max: limits::MAX_JOBS, found: pool.jobs }));
            }
            let threads_needed = if kind == PoolKind::Tasks { 1 } else { n };
            if threads.len() + threads_needed > limits::MAX_THREADS {
                return Err(ScenarioError::new(pos, ErrorKind::TooManyThreads { max: limits::MAX_THREADS }));
            }
            if kind == PoolKind::Tasks && tasks.len() + n > limits::MAX_TASKS {
                return Err(ScenarioError::new(pos, ErrorKind::TooManyTasks { max: limits::MAX_TASKS }));
            }
            claim(name, pos)?;
            let worker = |name: String, process: u32, asyncio: bool| ThreadInfo {
                name,
                process,
                daemon: false,
                priority: 0,
                at: t.at.unwrap_or(0),
                spawn_target: false,
                code,
                tasks: Vec::new(),
                asyncio,
                object: None,
            };
            // A tasks pool's loop thread comes first; its workers are tasks.
            let loop_thread = (kind == PoolKind::Tasks).then_some(threads.len() as ThreadId);
            if let Some(l) = loop_thread {
                processes[*p as usize].threads.push(l);
                threads.push(worker(name.clone(), *p, true));
            }
            let first = if loop_thread.is_some() { tasks.len() } else { threads.len() } as u32;
            let (mut ids, mut pids) = (Vec::with_capacity(n), Vec::new());
            for k in 1..=n {
                let wname = format!("{name}.{k}");
                claim(&wname, pos)?;
                let id = threads.len() as ThreadId;
                let (named, process) = match (kind, loop_thread) {
                    (_, Some(l)) => {
                        let tid = tasks.len() as TaskId;
                        tasks.push(TaskInfo { name: wname.clone(), thread: l, code });
                        threads[l as usize].tasks.push(tid);
                        c.names.insert(wname, Named::TaskCopy { id: tid, thread: l });
                        continue;
                    }
                    (PoolKind::Processes, None) => {
                        let pi = processes.len() as u32;
                        let info =
                            ProcessInfo { name: wname.clone(), threads: Vec::new(), spawn_target: false, object: None };
                        processes.push(info);
                        pids.push(pi);
                        (Named::Process(pi), pi)
                    }
                    _ => (Named::Copy { id, process: *p, main, has_at, pos }, *p),
                };
                processes[process as usize].threads.push(id);
                ids.push(id);
                threads.push(worker(wname.clone(), process, false));
                c.names.insert(wname, named);
            }
            let named = match loop_thread {
                Some(l) => Named::Thread { ids: vec![l], process: *p, main, has_at, pos },
                None if kind == PoolKind::Processes => {
                    Named::ProcessPool { processes: pids, threads: ids, has_at, pos }
                }
                None => Named::Thread { ids, process: *p, main, has_at, pos },
            };
            c.names.insert(name.clone(), named);
            pools.push(PoolInfo {
                name: name.clone(),
                kind,
                workers: pool.workers,
                jobs: pool.jobs,
                first,
                loop_thread,
                code,
            });
            continue;
        }
        let copies = t.copies.unwrap_or(1) as usize;
        if threads.len() + copies > limits::MAX_THREADS {
            return Err(ScenarioError::new(t.name.pos, ErrorKind::TooManyThreads { max: limits::MAX_THREADS }));
        }
        claim(&t.name.text, t.name.pos)?;
        let mut ids = Vec::new();
        let asyncio = matches!(t.body, Body::Asyncio(_));
        for k in 0..copies {
            let name = if t.copies.is_some() { format!("{}.{}", t.name.text, k + 1) } else { t.name.text.clone() };
            let id = threads.len() as ThreadId;
            if t.copies.is_some() {
                claim(&name, t.name.pos)?;
                c.names.insert(name.clone(), Named::Copy { id, process: *p, main, has_at, pos: t.name.pos });
            }
            ids.push(id);
            processes[*p as usize].threads.push(id);
            threads.push(ThreadInfo {
                name,
                process: *p,
                daemon: t.daemon,
                priority: t.priority,
                at: t.at.unwrap_or(0),
                spawn_target: false,
                code,
                tasks: Vec::new(),
                asyncio,
                object: None,
            });
        }
        c.names.insert(
            t.name.text.clone(),
            Named::Thread { ids: ids.clone(), process: *p, main, has_at, pos: t.name.pos },
        );
        // Tasks of an event loop: one set per copy of the loop thread.
        if let Body::Asyncio(tds) = &t.body {
            for &id in &ids {
                for td in tds {
                    let tcopies = td.copies.unwrap_or(1) as usize;
                    if tasks.len() + tcopies > limits::MAX_TASKS {
                        return Err(ScenarioError::new(
                            td.name.pos,
                            ErrorKind::TooManyTasks { max: limits::MAX_TASKS },
                        ));
                    }
                    // Task names of a copied loop get the loop's copy suffix: `fetch@loop.2`.
                    let base = if t.copies.is_some() {
                        format!("{}@{}", td.name.text, threads[id as usize].name)
                    } else {
                        td.name.text.clone()
                    };
                    claim(&base, td.name.pos)?;
                    let tcode = codes.len() as u32;
                    codes.push(Vec::new());
                    let mut tids = Vec::new();
                    for k in 0..tcopies {
                        let tname = if td.copies.is_some() { format!("{base}.{}", k + 1) } else { base.clone() };
                        let tid = tasks.len() as TaskId;
                        if td.copies.is_some() {
                            claim(&tname, td.name.pos)?;
                        }
                        tids.push(tid);
                        tasks.push(TaskInfo { name: tname, thread: id, code: tcode });
                        threads[id as usize].tasks.push(tid);
                    }
                    task_decls.push((id, td, tids));
                }
            }
        }
    }

    // Register task names per loop (await resolves within the loop thread).
    for (thread, td, tids) in &task_decls {
        let base = tasks[tids[0] as usize].name.clone();
        let base =
            if td.copies.is_some() { base.rsplit_once('.').map(|(b, _)| b.to_string()).unwrap_or(base) } else { base };
        c.names.insert(base, Named::Task { ids: tids.clone(), thread: *thread });
        if td.copies.is_some() {
            for &tid in tids {
                c.names.insert(tasks[tid as usize].name.clone(), Named::TaskCopy { id: tid, thread: *thread });
            }
        }
    }

    // The thread names are lent to the compiler (for join labels), and given back below.
    c.thread_names = threads.iter_mut().map(|t| std::mem::take(&mut t.name)).collect();

    // Declared semaphores.
    for s in &sc.semaphores {
        if let Some(&o) = c.object_ids.get(&s.name.text) {
            let line = c.object_pos[o as usize].line;
            return Err(ScenarioError::new(s.name.pos, ErrorKind::SemaphoreTwice { name: s.name.text.clone(), line }));
        }
        c.new_object(&s.name.text, ObjectKind::Semaphore(s.permits), s.name.pos);
    }

    // A process block whose only declarations were `processes` pools has no thread of its own.
    for (pi, proc_) in sc.processes.iter().enumerate().skip(1) {
        if processes[pi].threads.is_empty() {
            return Err(ScenarioError::new(proc_.name.pos, ErrorKind::EmptyProcess(proc_.name.text.clone())));
        }
    }

    // Code of every thread declaration, pool and task declaration.
    let mut spawned: Vec<(SpawnTarget, Pos)> = Vec::new();
    let mut next_pool = 0usize;
    for (p, t) in &decls {
        if let Body::Pool(pool) = &t.body {
            let info = &pools[next_pool];
            let (id, code) = (next_pool as u32, info.code as usize);
            let mut out = vec![Instr::NextJob { pool: id, end: 0 }];
            match &pool.work {
                PoolWork::Threads(ops) => c.ops(ops, *p, &mut out, &mut spawned)?,
                // Each worker is its own process: compiled as the first's (threads of another
                // process cannot be spawned from any of them).
                PoolWork::Processes(ops) => {
                    let own = threads[info.first as usize].process;
                    c.ops(ops, own, &mut out, &mut spawned)?;
                }
                PoolWork::Tasks(ops) => {
                    let thread = info.loop_thread.unwrap_or(0);
                    c.task_ops(ops, thread, &mut out)?;
                }
            }
            out.push(Instr::JobDone { pool: id, next: 0 });
            let end = out.len() as u32;
            out[0] = Instr::NextJob { pool: id, end };
            codes[code] = out;
            next_pool += 1;
            continue;
        }
        let Named::Thread { ids, .. } = c.names[&t.name.text].clone() else { unreachable!() };
        let code_idx = threads[ids[0] as usize].code as usize;
        match &t.body {
            Body::Ops(ops) => {
                let mut out = Vec::new();
                c.ops(ops, *p, &mut out, &mut spawned)?;
                codes[code_idx] = out;
            }
            Body::Asyncio(_) | Body::Pool(_) => {}
        }
    }
    for (thread, td, tids) in &task_decls {
        let mut out = Vec::new();
        c.task_ops(&td.ops, *thread, &mut out)?;
        codes[tasks[tids[0] as usize].code as usize] = out;
    }
    for (th, name) in threads.iter_mut().zip(std::mem::take(&mut c.thread_names)) {
        th.name = name;
    }

    // Spawn targets do not start by themselves.
    for (target, _pos) in spawned {
        match target {
            SpawnTarget::Thread(id) => threads[id as usize].spawn_target = true,
            SpawnTarget::Process(p) => processes[p as usize].spawn_target = true,
        }
    }
    // Objects for join labels.
    for th in threads.iter_mut() {
        th.object = c.object_ids.get(&th.name).copied();
    }
    for pr in processes.iter_mut() {
        pr.object = c.object_ids.get(&pr.name).copied();
    }

    let one_thread = |name: &ast::Name| match c.names.get(&name.text) {
        Some(Named::Thread { ids, .. }) if ids.len() == 1 => Ok(ids[0]),
        Some(Named::Copy { id, .. }) => Ok(*id),
        _ => Err(ScenarioError::new(name.pos, ErrorKind::NotAThread(name.text.clone()))),
    };
    let picks = match &sc.settings.picks {
        Some(names) => Some(names.iter().map(one_thread).collect::<Result<Vec<_>, _>>()?),
        None => None,
    };
    let goal = match &sc.settings.goal {
        None => None,
        Some(ast::GoalDecl::Deadlock) => Some(crate::goal::Goal::Deadlock),
        Some(ast::GoalDecl::FinishBy(n)) => Some(crate::goal::Goal::FinishBy(*n)),
        Some(ast::GoalDecl::Starve { thread, ticks }) => {
            Some(crate::goal::Goal::Starve { thread: one_thread(thread)?, ticks: *ticks })
        }
    };

    Ok(Program {
        picks,
        goal,
        settings: sc.settings.clone(),
        threads,
        processes,
        tasks,
        objects: c.objects,
        object_kinds: c.object_kinds,
        codes,
        pools,
    })
}

impl Compiler {
    fn new_object(&mut self, name: &str, kind: ObjectKind, pos: Pos) -> ObjectId {
        let id = self.objects.len() as ObjectId;
        self.objects.push(name.to_string());
        self.object_kinds.push(kind);
        self.object_ids.insert(name.to_string(), id);
        self.object_pos.push(pos);
        id
    }

    /// The object `name` used as a mutex/monitor (`semaphore == false`) or as a semaphore.
    fn sync_object(&mut self, name: &ast::Name, semaphore: bool) -> Result<ObjectId, ScenarioError> {
        if let Some(&o) = self.object_ids.get(&name.text) {
            let kind = self.object_kinds[o as usize];
            let ok = match kind {
                ObjectKind::Mutex => !semaphore,
                ObjectKind::Semaphore(_) => semaphore,
                ObjectKind::JoinTarget => false,
            };
            if !ok {
                let was = match kind {
                    ObjectKind::Mutex => Use::Mutex,
                    ObjectKind::Semaphore(_) => Use::Semaphore,
                    ObjectKind::JoinTarget => Use::ThreadOrProcess,
                };
                let now = if semaphore { Use::Semaphore } else { Use::Mutex };
                let (text, line) = (name.text.clone(), self.object_pos[o as usize].line);
                return Err(ScenarioError::new(name.pos, ErrorKind::KindClash { name: text, was, line, now }));
            }
            return Ok(o);
        }
        if self.names.contains_key(&name.text) {
            return Err(ScenarioError::new(name.pos, ErrorKind::NotALock(name.text.clone())));
        }
        let kind = if semaphore { ObjectKind::Semaphore(1) } else { ObjectKind::Mutex };
        Ok(self.new_object(&name.text, kind, name.pos))
    }

    fn label(&mut self, name: &str, pos: Pos) -> Result<ObjectId, ScenarioError> {
        match self.object_ids.get(name) {
            Some(&o) if self.object_kinds[o as usize] == ObjectKind::JoinTarget => Ok(o),
            Some(&o) => Err(ScenarioError::new(
                pos,
                ErrorKind::UsedAsLock { name: name.to_string(), line: self.object_pos[o as usize].line },
            )),
            None => Ok(self.new_object(name, ObjectKind::JoinTarget, pos)),
        }
    }

    fn ops(
        &mut self,
        ops: &[ast::Op],
        process: u32,
        out: &mut Vec<Instr>,
        spawned: &mut Vec<(SpawnTarget, Pos)>,
    ) -> Result<(), ScenarioError> {
        for op in ops {
            match &op.kind {
                OpKind::Cpu(a) => out.push(Instr::Cpu(*a)),
                OpKind::Io(a) => out.push(Instr::Io(*a)),
                OpKind::Sleep(a) => out.push(Instr::Sleep(*a)),
                OpKind::Lock(m) => out.push(Instr::Lock(self.sync_object(m, false)?)),
                OpKind::Unlock(m) => out.push(Instr::Unlock(self.sync_object(m, false)?)),
                OpKind::Wait(m, t) => out.push(Instr::Wait(self.sync_object(m, false)?, *t)),
                OpKind::Notify(m) => out.push(Instr::Notify(self.sync_object(m, false)?)),
                OpKind::NotifyAll(m) => out.push(Instr::NotifyAll(self.sync_object(m, false)?)),
                OpKind::Acquire(s) => out.push(Instr::Acquire(self.sync_object(s, true)?)),
                OpKind::Release(s) => out.push(Instr::Release(self.sync_object(s, true)?)),
                OpKind::Yield => out.push(Instr::Yield),
                OpKind::Exit => out.push(Instr::Exit),
                OpKind::Crash => out.push(Instr::Crash),
                OpKind::Join(target, timeout) => {
                    let targets = self.join_targets(target)?;
                    for t in targets {
                        out.push(Instr::Join(t, *timeout));
                    }
                }
                OpKind::Spawn(target) => {
                    for t in self.spawn_targets(target, process)? {
                        let cost = match t {
                            SpawnTarget::Thread(_) => self.spawn_cost_thread,
                            SpawnTarget::Process(_) => self.spawn_cost_process,
                        };
                        spawned.push((t, target.pos));
                        out.push(Instr::Spawn(t, cost));
                    }
                }
                OpKind::Repeat(n, body) => {
                    let start = out.len();
                    out.push(Instr::RepeatStart { count: *n, end: 0 });
                    self.ops(body, process, out, spawned)?;
                    let end = out.len() as u32;
                    out.push(Instr::RepeatEnd { start: start as u32 });
                    out[start] = Instr::RepeatStart { count: *n, end };
                }
            }
        }
        Ok(())
    }

    fn task_ops(&mut self, ops: &[ast::TaskOp], thread: ThreadId, out: &mut Vec<Instr>) -> Result<(), ScenarioError> {
        for op in ops {
            match &op.kind {
                TaskOpKind::Cpu(a) => out.push(Instr::Cpu(*a)),
                TaskOpKind::AwaitIo(a) => out.push(Instr::AwaitIo(*a)),
                TaskOpKind::AwaitSleep(a) => out.push(Instr::AwaitSleep(*a)),
                TaskOpKind::AwaitTask(name) => {
                    // In a copied loop (`thread t asyncio x 2`) its tasks are named `b@t.1`:
                    // `await b` (or `await b.2`) means the task of this copy of the loop.
                    let own = |text: &str| match text.rsplit_once('.') {
                        Some((base, k)) if k.bytes().all(|b| b.is_ascii_digit()) && !self.names.contains_key(base) => {
                            format!("{base}@{}.{k}", self.thread_names[thread as usize])
                        }
                        _ => format!("{text}@{}", self.thread_names[thread as usize]),
                    };
                    let found = match self.names.get(&name.text) {
                        Some(n) => Some(n),
                        None => self.names.get(&own(&name.text)),
                    };
                    let ids = match found {
                        Some(Named::Task { ids, thread: t }) if *t == thread => ids.clone(),
                        Some(Named::TaskCopy { id, thread: t }) if *t == thread => vec![*id],
                        Some(Named::Task { .. } | Named::TaskCopy { .. }) => {
                            return Err(ScenarioError::new(name.pos, ErrorKind::AwaitOtherLoop(name.text.clone())))
                        }
                        _ => return Err(ScenarioError::new(name.pos, ErrorKind::UnknownTask(name.text.clone()))),
                    };
                    for id in ids {
                        out.push(Instr::AwaitTask(id));
                    }
                }
                TaskOpKind::Repeat(n, body) => {
                    let start = out.len();
                    out.push(Instr::RepeatStart { count: *n, end: 0 });
                    self.task_ops(body, thread, out)?;
                    let end = out.len() as u32;
                    out.push(Instr::RepeatEnd { start: start as u32 });
                    out[start] = Instr::RepeatStart { count: *n, end };
                }
            }
        }
        Ok(())
    }

    fn join_targets(&mut self, name: &ast::Name) -> Result<Vec<JoinTarget>, ScenarioError> {
        let named = self.names.get(&name.text).cloned();
        let targets = match named {
            Some(Named::Thread { ids, .. }) => ids.into_iter().map(JoinTarget::Thread).collect(),
            Some(Named::Copy { id, .. }) => vec![JoinTarget::Thread(id)],
            Some(Named::Process(p)) => vec![JoinTarget::Process(p)],
            // `join POOL` of a `processes` pool: every worker is Dead.
            Some(Named::ProcessPool { threads, .. }) => threads.into_iter().map(JoinTarget::Thread).collect(),
            Some(Named::Task { .. } | Named::TaskCopy { .. }) => {
                return Err(ScenarioError::new(name.pos, ErrorKind::JoinTask(name.text.clone())))
            }
            None => return Err(ScenarioError::new(name.pos, ErrorKind::UnknownJoinTarget(name.text.clone()))),
        };
        // Labels: each joined thread or process is an object named as it is.
        for t in &targets {
            let label = match *t {
                JoinTarget::Thread(id) => self.thread_names[id as usize].clone(),
                JoinTarget::Process(_) => name.text.clone(),
            };
            self.label(&label, name.pos)?;
        }
        Ok(targets)
    }

    fn spawn_targets(&mut self, name: &ast::Name, process: u32) -> Result<Vec<SpawnTarget>, ScenarioError> {
        let named = self.names.get(&name.text).cloned();
        let (ids, tprocess, main, has_at, pos) = match named {
            Some(Named::Thread { ids, process, main, has_at, pos }) => (ids, process, main, has_at, pos),
            Some(Named::Copy { id, process, main, has_at, pos }) => (vec![id], process, main, has_at, pos),
            Some(Named::Process(0)) | None if name.text == "main" => {
                return Err(ScenarioError::new(name.pos, ErrorKind::SpawnMain))
            }
            Some(Named::Process(p)) => return Ok(vec![SpawnTarget::Process(p)]),
            Some(Named::ProcessPool { processes, has_at, pos, .. }) => {
                if has_at {
                    let thread = name.text.clone();
                    return Err(ScenarioError::new(name.pos, ErrorKind::SpawnWithAt { thread, line: pos.line }));
                }
                return Ok(processes.into_iter().map(SpawnTarget::Process).collect());
            }
            Some(Named::Task { .. } | Named::TaskCopy { .. }) => {
                return Err(ScenarioError::new(name.pos, ErrorKind::SpawnTask(name.text.clone())))
            }
            None => return Err(ScenarioError::new(name.pos, ErrorKind::UnknownSpawnTarget(name.text.clone()))),
        };
        if tprocess != process {
            return Err(ScenarioError::new(name.pos, ErrorKind::SpawnOtherProcess(name.text.clone())));
        }
        if main {
            return Err(ScenarioError::new(name.pos, ErrorKind::SpawnMainThread(name.text.clone())));
        }
        if has_at {
            let thread = name.text.clone();
            return Err(ScenarioError::new(name.pos, ErrorKind::SpawnWithAt { thread, line: pos.line }));
        }
        Ok(ids.into_iter().map(SpawnTarget::Thread).collect())
    }
}

// ----- the CPU demand estimate (for `stcf`) ------------------------------------------------

impl Program {
    /// Each thread's estimated CPU demand, as `stcf` ranks threads before they run: its
    /// `cpu` operations and spawn costs, repeats multiplied out, a range `cpu A..B` counted
    /// as its middle (corrected by the engine once drawn), saturating; an event loop's is the
    /// sum of its tasks'.
    ///
    /// A pool worker's is one job's CPU times its share of the jobs (J / N, the first J mod N
    /// workers one more), as the copies that a pool of equal jobs behaves like would have; a
    /// `tasks` pool's loop counts all J jobs.
    pub(crate) fn cpu_demand(&self) -> Vec<u64> {
        let per_code: Vec<u64> = self.codes.iter().map(|code| code_demand(code)).collect();
        let mut demand: Vec<u64> = self
            .threads
            .iter()
            .map(|info| {
                if info.asyncio {
                    info.tasks
                        .iter()
                        .map(|&k| per_code[self.tasks[k as usize].code as usize])
                        .fold(0, u64::saturating_add)
                } else {
                    per_code[info.code as usize]
                }
            })
            .collect();
        for pool in &self.pools {
            let job = per_code[pool.code as usize];
            let (n, j) = (u64::from(pool.workers), pool.jobs);
            match pool.loop_thread {
                Some(t) => demand[t as usize] = job.saturating_mul(j),
                None => {
                    for k in 0..n {
                        let share = j / n + u64::from(k < j % n);
                        demand[(u64::from(pool.first) + k) as usize] = job.saturating_mul(share);
                    }
                }
            }
        }
        demand
    }
}

// ----- the best worker count of a pool (SCENARIO.md 1.1) ----------------------------------

impl Program {
    /// The best worker count of pool `pool` by the formula of SCENARIO.md 1.1,
    /// `best = (W + C) / C × P`: C the CPU ticks and W the waiting ticks (`io` and `sleep`) of
    /// one job's body (repeats multiplied out, a range counted as its midpoint, a spawn cost
    /// as CPU), P the cores the pool can use at once (`cores`; 1 for `threads` under the GIL
    /// and for `tasks`). `None` when there is no such pool or its body has no CPU work.
    #[must_use]
    pub fn pool_formula(&self, pool: usize) -> Option<f64> {
        let info = self.pools.get(pool)?;
        let (cpu, wait) = body_ticks(self.codes.get(info.code as usize)?);
        if cpu <= 0.0 {
            return None;
        }
        let cores = f64::from(self.settings.cores);
        let usable = match info.kind {
            PoolKind::Processes => cores,
            PoolKind::Threads if !self.settings.gil => cores,
            PoolKind::Threads | PoolKind::Tasks => 1.0,
        };
        Some((wait + cpu) / cpu * usable)
    }
}

/// The CPU and waiting ticks of one pass over `code` (a pool worker's: one job), repeats
/// multiplied out and ranges counted as their midpoints.
fn body_ticks(code: &[Instr]) -> (f64, f64) {
    let mid = |a: Amount| match a {
        Amount::Fixed(n) => n as f64,
        Amount::Range(lo, hi) => (lo as f64 + hi as f64) / 2.0,
    };
    // A stack of (cpu, wait, repeat count) per open repeat block.
    let mut stack: Vec<(f64, f64, f64)> = vec![(0.0, 0.0, 1.0)];
    for i in code {
        let (cpu, wait) = match *i {
            Instr::Cpu(a) => (mid(a), 0.0),
            Instr::Spawn(_, cost) => (cost as f64, 0.0),
            Instr::Io(a) | Instr::Sleep(a) | Instr::AwaitIo(a) | Instr::AwaitSleep(a) => (0.0, mid(a)),
            Instr::RepeatStart { count, .. } => {
                stack.push((0.0, 0.0, count as f64));
                continue;
            }
            Instr::RepeatEnd { .. } => {
                let (c, w, n) = stack.pop().unwrap_or((0.0, 0.0, 1.0));
                (c * n, w * n)
            }
            _ => (0.0, 0.0),
        };
        if let Some(top) = stack.last_mut() {
            top.0 += cpu;
            top.1 += wait;
        }
    }
    stack.first().map_or((0.0, 0.0), |s| (s.0, s.1))
}

/// The CPU demand of one code block.
fn code_demand(code: &[Instr]) -> u64 {
    // A stack of (sum so far, repeat count) per open repeat block.
    let mut stack: Vec<(u64, u64)> = vec![(0, 1)];
    for i in code {
        let add = match *i {
            Instr::Cpu(Amount::Fixed(n)) => n,
            Instr::Cpu(Amount::Range(lo, hi)) => lo + (hi - lo) / 2,
            Instr::Spawn(_, cost) => cost,
            Instr::RepeatStart { count, .. } => {
                stack.push((0, count));
                continue;
            }
            Instr::RepeatEnd { .. } => {
                let (sum, count) = stack.pop().unwrap_or((0, 1));
                sum.saturating_mul(count)
            }
            _ => 0,
        };
        if let Some(top) = stack.last_mut() {
            top.0 = top.0.saturating_add(add);
        }
    }
    stack.first().map(|s| s.0).unwrap_or(0)
}
