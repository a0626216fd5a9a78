//! The form editor's edits, as pure changes to the parsed scenario tree (`ast::Scenario`).
//! The app applies an [`Edit`] to the tree of the current text and prints the tree back with
//! the core's `format::to_text`: the text stays the one source of truth, and form and text
//! agree both ways (text → form is the parser). No rule of the simulation is here: an edit
//! that makes the scenario invalid (a `join` of a missing thread, say) gives a text that the
//! core rejects with its line:column error, like a typing mistake would.

use threadlab_sim::ast::{
    Amount, Body, Name, Op, OpKind, Policy, Pool, PoolKind, PoolWork, Pos, ProcessDecl, Scenario, TaskDecl, TaskOp,
    TaskOpKind, ThreadDecl,
};
use threadlab_sim::limits::{MAX_JOBS, MAX_WORKERS};

/// Where a thread is: (process index, thread index in that process). Process 0 is `main`.
pub type ThreadAt = (usize, usize);

/// A setting of the header.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Cores(u32),
    Policy(Policy),
    Quantum(u64),
    Switch(u64),
    Gil(bool),
    GilInterval(u64),
    SpawnCostThread(u64),
    SpawnCostProcess(u64),
}

/// A thread attribute.
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    Name(String),
    At(Option<u64>),
    Daemon(bool),
    Priority(i64),
    Copies(Option<u32>),
}

/// The operations the picker offers: every operation keyword of the language (the parser's
/// list), and at the top level of a thread `asyncio`, which makes it an event loop.
pub fn op_kinds(top_level: bool) -> Vec<&'static str> {
    threadlab_sim::parser::OPS.iter().copied().chain(top_level.then_some("asyncio")).collect()
}

/// A setting of a pool (`pool NAME KIND N jobs J [at T]`; its name and `at` are [`Attr`]s).
#[derive(Debug, Clone, PartialEq)]
pub enum PoolAttr {
    /// The kind; the body is converted (see [`PoolWork::converted`]).
    Kind(PoolKind),
    /// N workers, 1 to [`MAX_WORKERS`].
    Workers(u32),
    /// J jobs, 1 to [`MAX_JOBS`].
    Jobs(u64),
}

/// The operations of an asyncio task.
pub const TASK_OP_KINDS: [&str; 5] = ["cpu", "await io", "await sleep", "await task", "repeat"];

/// The operations of a `tasks` pool's job (it has no other task to await).
pub const POOL_TASK_OP_KINDS: [&str; 4] = ["cpu", "await io", "await sleep", "repeat"];

/// One change made with the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Setting(Setting),
    AddThread(usize),
    /// Adds a pool to process `.0` where [`Edit::AddThread`] puts a thread: `pool1 threads 4
    /// jobs 8 { cpu 2; io 4 }` (the first free name). A pool is a declaration like a thread:
    /// [`Edit::RemoveThread`] removes it, [`Attr::Name`] and [`Attr::At`] set its name and
    /// start, the operation edits (`AddOp`…, or for a `tasks` pool `AddTaskOp`… with task 0)
    /// edit its body.
    AddPool(usize),
    Pool(ThreadAt, PoolAttr),
    DuplicateThread(ThreadAt),
    RemoveThread(ThreadAt),
    AddProcess,
    RemoveProcess(usize),
    Attr(ThreadAt, Attr),
    /// Appends an operation of this kind (a keyword of [`OP_KINDS`]) to the list at `path`:
    /// `path` is empty for the thread's body, `[i]` for the body of its `repeat` at `i`, …
    /// The kind `asyncio` makes the thread an event loop with one task.
    AddOp(ThreadAt, Vec<usize>, &'static str),
    /// Replaces the operation at `path` (its last index is the operation's).
    SetOp(ThreadAt, Vec<usize>, OpKind),
    RemoveOp(ThreadAt, Vec<usize>),
    /// Swaps the operation at `path` with the one before it.
    MoveOpUp(ThreadAt, Vec<usize>),
    AddTask(ThreadAt),
    RemoveTask(ThreadAt, usize),
    TaskName(ThreadAt, usize, String),
    AddTaskOp(ThreadAt, usize, Vec<usize>, &'static str),
    SetTaskOp(ThreadAt, usize, Vec<usize>, TaskOpKind),
    RemoveTaskOp(ThreadAt, usize, Vec<usize>),
}

fn name(text: &str) -> Name {
    Name { text: text.to_string(), pos: Pos::default() }
}

/// Every name in use (threads, processes, tasks), to pick a free one.
fn names(s: &Scenario) -> Vec<String> {
    let mut v = Vec::new();
    for p in &s.processes {
        v.push(p.name.text.clone());
        for t in &p.threads {
            v.push(t.name.text.clone());
            if let Body::Asyncio(tasks) = &t.body {
                v.extend(tasks.iter().map(|k| k.name.text.clone()));
            }
        }
    }
    v
}

/// `stem` followed by the first number that makes a name not yet in use.
pub fn free_name(s: &Scenario, stem: &str) -> String {
    let used = names(s);
    (1..).map(|i| format!("{stem}{i}")).find(|n| !used.contains(n)).unwrap_or_else(|| stem.to_string())
}

/// A new operation of kind `kind` with sensible arguments (names are the first of their kind
/// in the scenario, or `m`, `t`…).
pub fn default_op(s: &Scenario, kind: &str) -> Option<OpKind> {
    let some_thread = s.processes.iter().flat_map(|p| &p.threads).map(|t| t.name.text.clone()).next();
    let thread = || name(&some_thread.clone().unwrap_or_else(|| "main".into()));
    Some(match kind {
        "cpu" => OpKind::Cpu(Amount::Fixed(2)),
        "io" => OpKind::Io(Amount::Fixed(3)),
        "sleep" => OpKind::Sleep(Amount::Fixed(3)),
        "lock" => OpKind::Lock(name("m")),
        "unlock" => OpKind::Unlock(name("m")),
        "wait" => OpKind::Wait(name("m"), None),
        "notify" => OpKind::Notify(name("m")),
        "notify-all" => OpKind::NotifyAll(name("m")),
        "join" => OpKind::Join(thread(), None),
        "spawn" => OpKind::Spawn(thread()),
        "acquire" => OpKind::Acquire(name(&s.semaphores.first().map(|d| d.name.text.clone()).unwrap_or("s".into()))),
        "release" => OpKind::Release(name(&s.semaphores.first().map(|d| d.name.text.clone()).unwrap_or("s".into()))),
        "yield" => OpKind::Yield,
        "exit" => OpKind::Exit,
        "crash" => OpKind::Crash,
        "repeat" => OpKind::Repeat(2, vec![Op { pos: Pos::default(), kind: OpKind::Cpu(Amount::Fixed(1)) }]),
        _ => return None,
    })
}

/// A new asyncio task operation of kind `kind`.
pub fn default_task_op(kind: &str, other_task: &str) -> Option<TaskOpKind> {
    Some(match kind {
        "cpu" => TaskOpKind::Cpu(Amount::Fixed(1)),
        "await io" => TaskOpKind::AwaitIo(Amount::Fixed(5)),
        "await sleep" => TaskOpKind::AwaitSleep(Amount::Fixed(5)),
        "await task" => TaskOpKind::AwaitTask(name(other_task)),
        "repeat" => {
            TaskOpKind::Repeat(2, vec![TaskOp { pos: Pos::default(), kind: TaskOpKind::Cpu(Amount::Fixed(1)) }])
        }
        _ => return None,
    })
}

fn thread_mut(s: &mut Scenario, (p, t): ThreadAt) -> Option<&mut ThreadDecl> {
    s.processes.get_mut(p)?.threads.get_mut(t)
}

/// The list of operations a path leads to (`[]`: the body; `[i, …]`: into the `repeat` at i).
fn ops_mut<'a>(ops: &'a mut Vec<Op>, path: &[usize]) -> Option<&'a mut Vec<Op>> {
    match path.split_first() {
        None => Some(ops),
        Some((&i, rest)) => match &mut ops.get_mut(i)?.kind {
            OpKind::Repeat(_, body) => ops_mut(body, rest),
            _ => None,
        },
    }
}

fn task_ops_mut<'a>(ops: &'a mut Vec<TaskOp>, path: &[usize]) -> Option<&'a mut Vec<TaskOp>> {
    match path.split_first() {
        None => Some(ops),
        Some((&i, rest)) => match &mut ops.get_mut(i)?.kind {
            TaskOpKind::Repeat(_, body) => task_ops_mut(body, rest),
            _ => None,
        },
    }
}

fn body_ops(t: &mut ThreadDecl) -> Option<&mut Vec<Op>> {
    match &mut t.body {
        Body::Ops(ops) => Some(ops),
        Body::Asyncio(_) | Body::Pool(_) => None,
    }
}

fn tasks(t: &mut ThreadDecl) -> Option<&mut Vec<TaskDecl>> {
    match &mut t.body {
        Body::Asyncio(tasks) => Some(tasks),
        Body::Ops(_) | Body::Pool(_) => None,
    }
}

/// Removes the positions of a thread's items so that the printer keeps a copy where it is put.
fn unplace(t: &mut ThreadDecl) {
    fn ops(v: &mut [Op]) {
        for o in v {
            o.pos = Pos::default();
            if let OpKind::Repeat(_, b) = &mut o.kind {
                ops(b);
            }
        }
    }
    fn task_ops(v: &mut [TaskOp]) {
        for o in v {
            o.pos = Pos::default();
            if let TaskOpKind::Repeat(_, b) = &mut o.kind {
                task_ops(b);
            }
        }
    }
    t.name.pos = Pos::default();
    match &mut t.body {
        Body::Ops(v) => ops(v),
        Body::Asyncio(ts) => {
            for k in ts {
                k.name.pos = Pos::default();
                task_ops(&mut k.ops);
            }
        }
        Body::Pool(pool) => match &mut pool.work {
            PoolWork::Threads(v) | PoolWork::Processes(v) => ops(v),
            PoolWork::Tasks(v) => task_ops(v),
        },
    }
}

/// Applies `edit` to the tree. Returns `false` (and leaves the tree as it was) when the edit
/// points at something that is not there. Pools are left to [`apply_all`]: the app's
/// first-load module applies the settings bar's edits with this, and stays at its size budget
/// without the pools' code (an edit of a pool, or of a pool's body, is refused here).
pub fn apply(s: &mut Scenario, edit: Edit) -> bool {
    let before = s.clone();
    let done = apply_inner(s, edit).is_some();
    if !done {
        *s = before;
    }
    done
}

/// Applies any edit, those of pools included (the form's thread list, in the extras module;
/// as [`apply`] otherwise). A pool's body is edited with the operation edits, on the job of a
/// `threads` or `processes` pool as on a thread's body, on the job of a `tasks` pool as task
/// 0 of an event loop (`AddTaskOp(at, 0, …)`).
pub fn apply_all(s: &mut Scenario, edit: Edit) -> bool {
    let before = s.clone();
    let done = apply_pool(s, edit).is_some();
    if !done {
        *s = before;
    }
    done
}

fn apply_pool(s: &mut Scenario, edit: Edit) -> Option<()> {
    let at = match &edit {
        Edit::AddPool(p) => {
            let n = free_name(s, "pool");
            let op = |kind| Op { pos: Pos::default(), kind };
            let work = PoolWork::Threads(vec![op(OpKind::Cpu(Amount::Fixed(2))), op(OpKind::Io(Amount::Fixed(4)))]);
            let body = Body::Pool(Pool { workers: 4, jobs: 8, work });
            let t = ThreadDecl { name: name(&n), at: None, daemon: false, priority: 0, copies: None, body };
            s.processes.get_mut(*p)?.threads.push(t);
            return Some(());
        }
        Edit::Pool(at, attr) => {
            let Body::Pool(pool) = &mut thread_mut(s, *at)?.body else { return None };
            match *attr {
                PoolAttr::Kind(k) => {
                    if pool.work.kind() != k {
                        pool.work = pool.work.converted(k);
                    }
                }
                PoolAttr::Workers(n) => pool.workers = (1..=MAX_WORKERS).contains(&n).then_some(n)?,
                PoolAttr::Jobs(n) => pool.jobs = (1..=MAX_JOBS).contains(&n).then_some(n)?,
            }
            return Some(());
        }
        Edit::Attr(at, _)
        | Edit::AddOp(at, ..)
        | Edit::SetOp(at, ..)
        | Edit::RemoveOp(at, ..)
        | Edit::MoveOpUp(at, ..)
        | Edit::AddTask(at)
        | Edit::RemoveTask(at, _)
        | Edit::TaskName(at, ..)
        | Edit::AddTaskOp(at, ..)
        | Edit::SetTaskOp(at, ..)
        | Edit::RemoveTaskOp(at, ..) => *at,
        _ => return apply_inner(s, edit),
    };
    let t = thread_mut(s, at)?;
    let Body::Pool(pool) = &mut t.body else { return apply_inner(s, edit) };
    let (workers, jobs, kind) = (pool.workers, pool.jobs, pool.work.kind());
    let allowed = match &edit {
        // A pool has a name and a start, no other attribute.
        Edit::Attr(_, attr) => return matches!(attr, Attr::Name(_) | Attr::At(_)).then(|| apply_inner(s, edit))?,
        // The job's operations: thread ones (never `asyncio`) or task ones of task 0 (never
        // `await TASK`: a job has no other task).
        Edit::AddOp(_, _, k) => kind != PoolKind::Tasks && *k != "asyncio",
        Edit::SetOp(..) | Edit::RemoveOp(..) | Edit::MoveOpUp(..) => kind != PoolKind::Tasks,
        Edit::AddTaskOp(_, k, _, op) => kind == PoolKind::Tasks && *k == 0 && *op != "await task",
        Edit::SetTaskOp(_, k, ..) | Edit::RemoveTaskOp(_, k, _) => kind == PoolKind::Tasks && *k == 0,
        _ => false,
    };
    allowed.then_some(())?;
    // The job's body in the place of a thread's (or of an event loop's only task), edited as
    // such, then put back.
    t.body = match std::mem::replace(&mut t.body, Body::Ops(Vec::new())) {
        Body::Pool(Pool { work: PoolWork::Threads(ops) | PoolWork::Processes(ops), .. }) => Body::Ops(ops),
        Body::Pool(Pool { work: PoolWork::Tasks(ops), .. }) => {
            Body::Asyncio(vec![TaskDecl { name: name("job"), copies: None, ops }])
        }
        other => other,
    };
    let done = apply_inner(s, edit);
    let t = thread_mut(s, at)?;
    let work = match (kind, std::mem::replace(&mut t.body, Body::Ops(Vec::new()))) {
        (PoolKind::Threads, Body::Ops(ops)) => PoolWork::Threads(ops),
        (PoolKind::Processes, Body::Ops(ops)) => PoolWork::Processes(ops),
        (PoolKind::Tasks, Body::Asyncio(mut tasks)) if tasks.len() == 1 => PoolWork::Tasks(tasks.remove(0).ops),
        _ => return None,
    };
    t.body = Body::Pool(Pool { workers, jobs, work });
    done
}

fn apply_inner(s: &mut Scenario, edit: Edit) -> Option<()> {
    match edit {
        Edit::Setting(set) => {
            let st = &mut s.settings;
            match set {
                Setting::Cores(n) => st.cores = n.max(1),
                Setting::Policy(p) => st.policy = p,
                Setting::Quantum(q) => st.quantum = q.max(1),
                Setting::Switch(c) => st.switch_cost = c,
                Setting::Gil(on) => st.gil = on,
                Setting::GilInterval(i) => st.gil_interval = i.max(1),
                Setting::SpawnCostThread(c) => st.spawn_cost_thread = c,
                Setting::SpawnCostProcess(c) => st.spawn_cost_process = c,
            }
        }
        Edit::AddThread(p) => {
            let n = free_name(s, "t");
            let ops = vec![Op { pos: Pos::default(), kind: OpKind::Cpu(Amount::Fixed(3)) }];
            let t =
                ThreadDecl { name: name(&n), at: None, daemon: false, priority: 0, copies: None, body: Body::Ops(ops) };
            s.processes.get_mut(p)?.threads.push(t);
        }
        // The pools' edits are [`apply_all`]'s.
        Edit::AddPool(_) | Edit::Pool(..) => return None,
        Edit::DuplicateThread((p, i)) => {
            let mut t = s.processes.get(p)?.threads.get(i)?.clone();
            t.name = name(&free_name(s, &format!("{}_", t.name.text)));
            if let Body::Asyncio(tasks) = &mut t.body {
                for k in tasks.iter_mut() {
                    k.name = name(&format!("{}_{}", k.name.text, t.name.text));
                }
            }
            unplace(&mut t);
            s.processes[p].threads.insert(i + 1, t);
        }
        Edit::RemoveThread((p, i)) => {
            let threads = &mut s.processes.get_mut(p)?.threads;
            (i < threads.len()).then_some(())?;
            threads.remove(i);
        }
        Edit::AddProcess => {
            let pn = free_name(s, "p");
            let tn = format!("{pn}_main");
            let ops = vec![Op { pos: Pos::default(), kind: OpKind::Cpu(Amount::Fixed(3)) }];
            let t = ThreadDecl {
                name: name(&tn),
                at: None,
                daemon: false,
                priority: 0,
                copies: None,
                body: Body::Ops(ops),
            };
            s.processes.push(ProcessDecl { name: name(&pn), threads: vec![t] });
        }
        Edit::RemoveProcess(p) => {
            (p > 0 && p < s.processes.len()).then_some(())?;
            s.processes.remove(p);
        }
        Edit::Attr(at, attr) => {
            let t = thread_mut(s, at)?;
            match attr {
                Attr::Name(n) => t.name.text = n,
                Attr::At(v) => t.at = v,
                Attr::Daemon(d) => t.daemon = d,
                Attr::Priority(p) => t.priority = p,
                Attr::Copies(c) => t.copies = c.filter(|&n| n > 1),
            }
        }
        Edit::AddOp(at, path, kind) => {
            if kind == "asyncio" {
                let task = free_name(s, "task");
                let t = thread_mut(s, at)?;
                let ops = vec![TaskOp { pos: Pos::default(), kind: TaskOpKind::Cpu(Amount::Fixed(1)) }];
                t.body = Body::Asyncio(vec![TaskDecl { name: name(&task), copies: None, ops }]);
                return Some(());
            }
            let op = default_op(s, kind)?;
            let t = thread_mut(s, at)?;
            ops_mut(body_ops(t)?, &path)?.push(Op { pos: Pos::default(), kind: op });
        }
        Edit::SetOp(at, path, kind) => {
            let (&i, list) = path.split_last()?;
            let ops = ops_mut(body_ops(thread_mut(s, at)?)?, list)?;
            ops.get_mut(i)?.kind = kind;
        }
        Edit::RemoveOp(at, path) => {
            let (&i, list) = path.split_last()?;
            let ops = ops_mut(body_ops(thread_mut(s, at)?)?, list)?;
            (i < ops.len()).then_some(())?;
            ops.remove(i);
        }
        Edit::MoveOpUp(at, path) => {
            let (&i, list) = path.split_last()?;
            let ops = ops_mut(body_ops(thread_mut(s, at)?)?, list)?;
            (i > 0 && i < ops.len()).then_some(())?;
            ops.swap(i - 1, i);
            // Positions order nothing inside a body, but keep them consistent for the printer.
            let (a, b) = (ops[i - 1].pos, ops[i].pos);
            ops[i - 1].pos = b;
            ops[i].pos = a;
        }
        Edit::AddTask(at) => {
            let n = free_name(s, "task");
            let ops = vec![TaskOp { pos: Pos::default(), kind: TaskOpKind::Cpu(Amount::Fixed(1)) }];
            tasks(thread_mut(s, at)?)?.push(TaskDecl { name: name(&n), copies: None, ops });
        }
        Edit::RemoveTask(at, k) => {
            let ts = tasks(thread_mut(s, at)?)?;
            (k < ts.len() && ts.len() > 1).then_some(())?;
            ts.remove(k);
        }
        Edit::TaskName(at, k, n) => tasks(thread_mut(s, at)?)?.get_mut(k)?.name.text = n,
        Edit::AddTaskOp(at, k, path, kind) => {
            let ts = tasks(thread_mut(s, at)?)?;
            let other = ts.iter().enumerate().find(|(j, _)| *j != k).map(|(_, t)| t.name.text.clone());
            let op = default_task_op(kind, &other.unwrap_or_else(|| "other".into()))?;
            task_ops_mut(&mut ts.get_mut(k)?.ops, &path)?.push(TaskOp { pos: Pos::default(), kind: op });
        }
        Edit::SetTaskOp(at, k, path, kind) => {
            let (&i, list) = path.split_last()?;
            let ts = tasks(thread_mut(s, at)?)?;
            task_ops_mut(&mut ts.get_mut(k)?.ops, list)?.get_mut(i)?.kind = kind;
        }
        Edit::RemoveTaskOp(at, k, path) => {
            let (&i, list) = path.split_last()?;
            let ts = tasks(thread_mut(s, at)?)?;
            let ops = task_ops_mut(&mut ts.get_mut(k)?.ops, list)?;
            (i < ops.len()).then_some(())?;
            ops.remove(i);
        }
    }
    Some(())
}

/// The keyword of an operation (for the picker).
pub fn op_keyword(k: &OpKind) -> &'static str {
    match k {
        OpKind::Cpu(_) => "cpu",
        OpKind::Io(_) => "io",
        OpKind::Sleep(_) => "sleep",
        OpKind::Lock(_) => "lock",
        OpKind::Unlock(_) => "unlock",
        OpKind::Wait(..) => "wait",
        OpKind::Notify(_) => "notify",
        OpKind::NotifyAll(_) => "notify-all",
        OpKind::Join(..) => "join",
        OpKind::Spawn(_) => "spawn",
        OpKind::Acquire(_) => "acquire",
        OpKind::Release(_) => "release",
        OpKind::Yield => "yield",
        OpKind::Exit => "exit",
        OpKind::Crash => "crash",
        OpKind::Repeat(..) => "repeat",
    }
}

pub fn task_op_keyword(k: &TaskOpKind) -> &'static str {
    match k {
        TaskOpKind::Cpu(_) => "cpu",
        TaskOpKind::AwaitIo(_) => "await io",
        TaskOpKind::AwaitSleep(_) => "await sleep",
        TaskOpKind::AwaitTask(_) => "await task",
        TaskOpKind::Repeat(..) => "repeat",
    }
}

/// An amount as written: `3` or `2..5`.
pub fn amount_text(a: &Amount) -> String {
    match a {
        Amount::Fixed(n) => n.to_string(),
        Amount::Range(lo, hi) => format!("{lo}..{hi}"),
    }
}

/// Reads an amount typed in a field: `3` or `2..5` (a range is not empty).
pub fn parse_amount(s: &str) -> Option<Amount> {
    let s = s.trim();
    let n = |v: &str| whole(v);
    match s.split_once("..") {
        Some((lo, hi)) => Some(Amount::Range(n(lo)?, n(hi)?)).filter(|a| matches!(a, Amount::Range(l, h) if l <= h)),
        None => Some(Amount::Fixed(n(s)?)),
    }
}

/// What is wrong with a value typed in a field of the form (the field keeps it and says so;
/// nothing is applied).
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Not a whole number.
    Number,
    /// Not a whole number from `.0` to `.1`.
    Range(u64, u64),
    /// Not `N` nor `LO..HI`.
    Amount,
    /// Not a name of the language.
    Name,
    /// A name another thread, task or process has.
    Taken,
    /// The text the edit would make does not parse: the core's error.
    Text(threadlab_sim::ErrorKind),
}

/// A whole number as typed: digits only (no sign, no `8x`), at most the language's largest.
pub fn whole(v: &str) -> Option<u64> {
    let v = v.trim();
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok().filter(|&n| n <= threadlab_sim::limits::MAX_NUMBER)
}

/// A whole number typed in a field, from `lo` to `hi`.
pub fn read_number(v: &str, lo: u64, hi: u64) -> Result<u64, Problem> {
    match whole(v) {
        Some(n) if n >= lo && n <= hi => Ok(n),
        Some(_) => Err(Problem::Range(lo, hi)),
        None if lo == 0 && hi >= threadlab_sim::limits::MAX_NUMBER => Err(Problem::Number),
        None => Err(Problem::Range(lo, hi)),
    }
}

/// A whole number or nothing (an empty field).
pub fn read_optional(v: &str) -> Result<Option<u64>, Problem> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        whole(v).map(Some).ok_or(Problem::Number)
    }
}

/// A priority: a whole number, maybe negative.
pub fn read_priority(v: &str) -> Result<i64, Problem> {
    let v = v.trim();
    let (neg, digits) = v.strip_prefix('-').map_or((false, v), |d| (true, d));
    let n = whole(digits).ok_or(Problem::Number)? as i64;
    Ok(if neg { -n } else { n })
}

/// An amount typed in a field: `N` or `LO..HI`.
pub fn read_amount(v: &str) -> Result<Amount, Problem> {
    parse_amount(v).ok_or(Problem::Amount)
}

/// A name typed in a field: `[A-Za-z_][A-Za-z0-9_.-]*`, as the language's words.
pub fn read_name(v: &str) -> Result<Name, Problem> {
    let v = v.trim();
    let mut chars = v.chars();
    let first = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if first && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) {
        Ok(name(v))
    } else {
        Err(Problem::Name)
    }
}

/// Whether `edit` may be applied to `s`: a new name of a thread, task or process must be
/// free, and the text the edit makes must parse (the form never turns itself off under the
/// user's fingers). Other mistakes (a `join` of a missing thread) are the core's, shown as
/// the scenario's error.
pub fn check(s: &Scenario, edit: &Edit) -> Result<(), Problem> {
    let renamed = |old: &str, new: &str| {
        let used = names(s).iter().filter(|n| *n == new).count();
        if used > usize::from(old == new) {
            Err(Problem::Taken)
        } else {
            Ok(())
        }
    };
    match edit {
        Edit::Attr((p, i), Attr::Name(n)) => {
            let old = s.processes.get(*p).and_then(|p| p.threads.get(*i)).map(|t| t.name.text.as_str());
            renamed(old.unwrap_or(""), n)?;
        }
        Edit::TaskName((p, i), k, n) => {
            let old = s.processes.get(*p).and_then(|p| p.threads.get(*i)).and_then(|t| match &t.body {
                Body::Asyncio(ts) => ts.get(*k).map(|t| t.name.text.as_str()),
                Body::Ops(_) | Body::Pool(_) => None,
            });
            renamed(old.unwrap_or(""), n)?;
        }
        Edit::Pool(_, PoolAttr::Workers(n)) if !(1..=MAX_WORKERS).contains(n) => {
            return Err(Problem::Range(1, MAX_WORKERS.into()));
        }
        Edit::Pool(_, PoolAttr::Jobs(n)) if !(1..=MAX_JOBS).contains(n) => return Err(Problem::Range(1, MAX_JOBS)),
        _ => {}
    }
    let mut t = s.clone();
    if !apply_all(&mut t, edit.clone()) {
        return Ok(());
    }
    threadlab_sim::parse(&threadlab_sim::format::to_text(&t)).map(drop).map_err(|e| Problem::Text(e.kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_sim::format::to_text;

    fn tree(text: &str) -> Scenario {
        threadlab_sim::parse(text).expect("valid")
    }

    /// Applies the edits to the text's tree and prints it.
    fn edit(text: &str, edits: Vec<Edit>) -> String {
        let mut s = tree(text);
        for e in edits {
            assert!(apply_all(&mut s, e.clone()), "{e:?} should apply");
        }
        to_text(&s)
    }

    #[test]
    fn settings_edit_the_header() {
        let out = edit(
            "thread a { cpu 3 }",
            vec![
                Edit::Setting(Setting::Cores(4)),
                Edit::Setting(Setting::Policy(Policy::Fifo)),
                Edit::Setting(Setting::Switch(1)),
                Edit::Setting(Setting::Gil(true)),
                Edit::Setting(Setting::GilInterval(3)),
                Edit::Setting(Setting::SpawnCostThread(2)),
            ],
        );
        for line in ["cores 4", "scheduler fifo", "switch 1", "gil on interval 3", "spawn-cost thread 2"] {
            assert!(out.lines().any(|l| l == line), "{line:?} in\n{out}");
        }
        assert!(threadlab_sim::run(&out).is_ok());
    }

    #[test]
    fn threads_are_added_duplicated_and_removed() {
        let out = edit("thread a { cpu 3 }", vec![Edit::AddThread(0), Edit::DuplicateThread((0, 0))]);
        assert_eq!(out, "thread a { cpu 3 }\nthread a_1 { cpu 3 }\nthread t1 { cpu 3 }\n");
        let out = edit(&out, vec![Edit::RemoveThread((0, 1))]);
        assert_eq!(out, "thread a { cpu 3 }\nthread t1 { cpu 3 }\n");
        assert!(threadlab_sim::run(&out).is_ok());
    }

    #[test]
    fn attributes_are_set() {
        let out = edit(
            "thread a { cpu 3 }",
            vec![
                Edit::Attr((0, 0), Attr::Name("b".into())),
                Edit::Attr((0, 0), Attr::At(Some(2))),
                Edit::Attr((0, 0), Attr::Daemon(true)),
                Edit::Attr((0, 0), Attr::Priority(3)),
                Edit::Attr((0, 0), Attr::Copies(Some(2))),
            ],
        );
        assert_eq!(out, "thread b at 2 daemon priority 3 x2 { cpu 3 }\n");
        let out = edit(&out, vec![Edit::Attr((0, 0), Attr::Copies(Some(1))), Edit::Attr((0, 0), Attr::At(None))]);
        assert_eq!(out, "thread b daemon priority 3 { cpu 3 }\n");
    }

    #[test]
    fn every_operation_of_the_picker_can_be_added() {
        for kind in op_kinds(true) {
            let out = edit("semaphore s 1\nthread a { cpu 1 }", vec![Edit::AddOp((0, 0), vec![], kind)]);
            let back = tree(&out);
            match &back.processes[0].threads[0].body {
                Body::Ops(ops) if kind != "asyncio" => assert_eq!(op_keyword(&ops.last().unwrap().kind), kind, "{out}"),
                Body::Asyncio(tasks) => assert_eq!(kind, "asyncio", "{out}: {tasks:?}"),
                b => panic!("{kind}: {b:?}"),
            }
        }
    }

    #[test]
    fn operations_nest_in_repeat_and_move() {
        let out = edit(
            "thread a { cpu 1; repeat 2 { io 1 } }",
            vec![Edit::AddOp((0, 0), vec![1], "sleep"), Edit::MoveOpUp((0, 0), vec![1])],
        );
        assert_eq!(out, "thread a { repeat 2 { io 1; sleep 3 }; cpu 1 }\n");
        let out = edit(
            &out,
            vec![Edit::SetOp((0, 0), vec![0, 1], OpKind::Sleep(Amount::Fixed(9))), Edit::RemoveOp((0, 0), vec![1])],
        );
        assert_eq!(out, "thread a { repeat 2 { io 1; sleep 9 } }\n");
    }

    #[test]
    fn processes_and_tasks() {
        let out = edit("thread a { cpu 1 }", vec![Edit::AddProcess, Edit::AddThread(1)]);
        assert_eq!(tree(&out).processes.len(), 2);
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
        let out = edit(&out, vec![Edit::RemoveProcess(1)]);
        assert_eq!(out, "thread a { cpu 1 }\n");
        let out = edit(
            "thread a { cpu 1 }",
            vec![
                Edit::AddOp((0, 0), vec![], "asyncio"),
                Edit::AddTask((0, 0)),
                Edit::AddTaskOp((0, 0), 1, vec![], "await task"),
                Edit::AddTaskOp((0, 0), 0, vec![], "await io"),
            ],
        );
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
        assert!(out.contains("await task1"), "{out}");
    }

    #[test]
    fn edits_of_missing_things_change_nothing() {
        let mut s = tree("thread a { cpu 1 }");
        let before = s.clone();
        for e in [
            Edit::RemoveThread((0, 5)),
            Edit::RemoveProcess(0),
            Edit::AddOp((3, 0), vec![], "cpu"),
            Edit::AddOp((0, 0), vec![0], "cpu"),
            Edit::SetOp((0, 0), vec![9], OpKind::Yield),
            Edit::MoveOpUp((0, 0), vec![0]),
            Edit::AddTask((0, 0)),
            Edit::AddOp((0, 0), vec![], "nonsense"),
        ] {
            assert!(!apply(&mut s, e.clone()), "{e:?}");
            assert_eq!(s, before);
        }
    }

    #[test]
    fn amounts_read_and_write() {
        assert_eq!(parse_amount(" 3 "), Some(Amount::Fixed(3)));
        assert_eq!(parse_amount("2..5"), Some(Amount::Range(2, 5)));
        assert_eq!(parse_amount("x"), None);
        assert_eq!(amount_text(&Amount::Range(2, 5)), "2..5");
    }

    #[test]
    fn fields_say_what_is_wrong_and_never_read_a_prefix() {
        assert_eq!(read_amount("8x"), Err(Problem::Amount), "8x is not 8");
        assert_eq!(read_amount("8"), Ok(Amount::Fixed(8)));
        assert_eq!(read_amount("5..2"), Err(Problem::Amount), "an empty range");
        assert_eq!(read_amount("+8"), Err(Problem::Amount));
        assert_eq!(read_number("8x", 0, u64::MAX), Err(Problem::Number));
        assert_eq!(read_number("-1", 0, u64::MAX), Err(Problem::Number));
        assert_eq!(read_number("0", 1, 64), Err(Problem::Range(1, 64)));
        assert_eq!(read_number("65", 1, 64), Err(Problem::Range(1, 64)));
        assert_eq!(read_number(" 12 ", 1, 64), Ok(12));
        assert_eq!(read_number("99999999999999999999", 0, u64::MAX), Err(Problem::Number));
        assert_eq!(read_optional(""), Ok(None));
        assert_eq!(read_optional("3"), Ok(Some(3)));
        assert_eq!(read_optional("3.5"), Err(Problem::Number));
        assert_eq!(read_priority("-3"), Ok(-3));
        assert_eq!(read_priority("3-"), Err(Problem::Number));
        assert_eq!(read_name("worker_2.a-b").map(|n| n.text), Ok("worker_2.a-b".to_string()));
        for bad in ["", "a b", "2a", "a{", "é"] {
            assert_eq!(read_name(bad), Err(Problem::Name), "{bad:?}");
        }
    }

    #[test]
    fn a_check_refuses_a_taken_name_and_a_text_that_would_not_parse() {
        let s = tree("thread a { cpu 1 }\nthread b asyncio { task t { cpu 1 } }");
        let rename = |at, n: &str| Edit::Attr(at, Attr::Name(n.into()));
        assert_eq!(check(&s, &rename((0, 1), "a")), Err(Problem::Taken));
        assert_eq!(check(&s, &rename((0, 1), "t")), Err(Problem::Taken), "a task's name too");
        assert_eq!(check(&s, &rename((0, 0), "a")), Ok(()), "its own name is free");
        assert_eq!(check(&s, &rename((0, 0), "c")), Ok(()));
        assert_eq!(check(&s, &Edit::TaskName((0, 1), 0, "a".into())), Err(Problem::Taken));
        let Err(Problem::Text(m)) = check(&s, &Edit::Setting(Setting::Cores(1000))) else { panic!("1000 cores") };
        assert!(m.to_string().contains("cores must be 1 to 256"), "the core's words: {m}");
        assert_eq!(check(&s, &Edit::Setting(Setting::Cores(2))), Ok(()));
    }

    #[test]
    fn pools_are_added_where_threads_go_and_removed() {
        let out = edit("thread a { cpu 3 }", vec![Edit::AddPool(0), Edit::AddThread(0), Edit::AddPool(0)]);
        assert_eq!(
            out,
            "thread a { cpu 3 }\npool pool1 threads 4 jobs 8 { cpu 2; io 4 }\nthread t1 { cpu 3 }\n\
             pool pool2 threads 4 jobs 8 { cpu 2; io 4 }\n"
        );
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
        let out = edit(&out, vec![Edit::RemoveThread((0, 1))]);
        assert_eq!(out, "thread a { cpu 3 }\nthread t1 { cpu 3 }\npool pool2 threads 4 jobs 8 { cpu 2; io 4 }\n");
        // In a process block, as a thread added there.
        let out = edit("process p { thread w { cpu 1 } }", vec![Edit::AddPool(1)]);
        let back = tree(&out);
        assert!(matches!(back.processes[1].threads[1].body, Body::Pool(_)), "{out}");
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
    }

    #[test]
    fn a_pool_s_kind_workers_jobs_name_and_start_are_set() {
        let out = edit(
            "pool q threads 4 jobs 8 { cpu 2; io 4 }",
            vec![
                Edit::Pool((0, 0), PoolAttr::Workers(8)),
                Edit::Pool((0, 0), PoolAttr::Jobs(20)),
                Edit::Pool((0, 0), PoolAttr::Kind(PoolKind::Processes)),
                Edit::Attr((0, 0), Attr::At(Some(5))),
                Edit::Attr((0, 0), Attr::Name("fetch".into())),
            ],
        );
        assert_eq!(out, "pool fetch processes 8 jobs 20 at 5 { cpu 2; io 4 }\n");
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
        let out = edit(&out, vec![Edit::Attr((0, 0), Attr::At(None)), Edit::Pool((0, 0), PoolAttr::Workers(10_000))]);
        assert_eq!(out, "pool fetch processes 10000 jobs 20 { cpu 2; io 4 }\n");
    }

    #[test]
    fn a_kind_change_converts_the_body() {
        let text = "pool q threads 2 jobs 4 { cpu 2; lock m; io 3..5; repeat 2 { sleep 1; unlock m }; join a; repeat 3 { yield } }";
        let kind = |k| vec![Edit::Pool((0, 0), PoolAttr::Kind(k))];
        let tasks = edit(text, kind(PoolKind::Tasks));
        assert_eq!(tasks, "pool q tasks 2 jobs 4 { cpu 2; await io 3..5; repeat 2 { await sleep 1 } }\n");
        assert!(threadlab_sim::run(&tasks).is_ok(), "{tasks}");
        let back = edit(&tasks, kind(PoolKind::Threads));
        assert_eq!(back, "pool q threads 2 jobs 4 { cpu 2; io 3..5; repeat 2 { sleep 1 } }\n");
        // Threads ⇄ processes keep every operation.
        let procs = edit(text, kind(PoolKind::Processes));
        assert!(procs.starts_with("pool q processes 2 jobs 4 {") && procs.contains("  lock m\n  io 3..5\n"), "{procs}");
        // Nothing in common: the job computes a tick.
        assert_eq!(
            edit(
                "thread a { cpu 1 }\npool q threads 2 jobs 4 { join a }",
                kind(PoolKind::Tasks)
                    .into_iter()
                    .map(|e| match e {
                        Edit::Pool(_, k) => Edit::Pool((0, 1), k),
                        e => e,
                    })
                    .collect()
            ),
            "thread a { cpu 1 }\npool q tasks 2 jobs 4 { cpu 1 }\n"
        );
        assert_eq!(
            edit("pool q tasks 1 jobs 1 { await z }", kind(PoolKind::Threads)),
            "pool q threads 1 jobs 1 { cpu 1 }\n"
        );
        // The same kind changes nothing.
        assert_eq!(edit(text, kind(PoolKind::Threads)), to_text(&tree(text)));
    }

    #[test]
    fn a_pool_s_operations_are_edited_with_the_operation_edits() {
        let at = (0, 0);
        let out = edit(
            "pool q threads 2 jobs 4 { cpu 2; repeat 2 { io 1 } }",
            vec![
                Edit::AddOp(at, vec![], "sleep"),
                Edit::AddOp(at, vec![1], "cpu"),
                Edit::SetOp(at, vec![0], OpKind::Cpu(Amount::Range(1, 3))),
                Edit::MoveOpUp(at, vec![2]),
                Edit::RemoveOp(at, vec![2, 0]),
            ],
        );
        assert_eq!(out, "pool q threads 2 jobs 4 { cpu 1..3; sleep 3; repeat 2 { cpu 2 } }\n");
        let out = edit(
            "pool q tasks 2 jobs 4 { cpu 2 }",
            vec![
                Edit::AddTaskOp(at, 0, vec![], "await io"),
                Edit::AddTaskOp(at, 0, vec![], "repeat"),
                Edit::AddTaskOp(at, 0, vec![2], "await sleep"),
                Edit::SetTaskOp(at, 0, vec![0], TaskOpKind::Cpu(Amount::Fixed(7))),
                Edit::RemoveTaskOp(at, 0, vec![2, 0]),
            ],
        );
        assert_eq!(out, "pool q tasks 2 jobs 4 { cpu 7; await io 5; repeat 2 { await sleep 5 } }\n");
        assert!(threadlab_sim::run(&out).is_ok(), "{out}");
    }

    #[test]
    fn bad_pool_values_and_edits_are_refused() {
        let mut s = tree("thread a { cpu 1 }\npool q threads 2 jobs 4 { cpu 2 }\npool k tasks 2 jobs 4 { cpu 2 }");
        let before = s.clone();
        let (q, k) = ((0, 1), (0, 2));
        for e in [
            Edit::Pool(q, PoolAttr::Workers(0)),
            Edit::Pool(q, PoolAttr::Workers(MAX_WORKERS + 1)),
            Edit::Pool(q, PoolAttr::Jobs(0)),
            Edit::Pool(q, PoolAttr::Jobs(MAX_JOBS + 1)),
            Edit::Pool((0, 0), PoolAttr::Workers(3)),
            Edit::Pool((0, 9), PoolAttr::Jobs(3)),
            Edit::AddPool(4),
            Edit::Attr(q, Attr::Daemon(true)),
            Edit::Attr(q, Attr::Priority(2)),
            Edit::Attr(q, Attr::Copies(Some(3))),
            Edit::AddOp(q, vec![], "asyncio"),
            Edit::AddOp(k, vec![], "cpu"),
            Edit::AddTaskOp(q, 0, vec![], "cpu"),
            Edit::AddTaskOp(k, 0, vec![], "await task"),
            Edit::AddTaskOp(k, 1, vec![], "cpu"),
            Edit::AddTask(k),
            Edit::RemoveTask(k, 0),
            Edit::TaskName(k, 0, "z".into()),
        ] {
            assert!(!apply_all(&mut s, e.clone()), "{e:?}");
            assert_eq!(s, before, "{e:?}");
        }
        // The first load's `apply` (the settings bar's) leaves pools alone.
        for e in [
            Edit::AddPool(0),
            Edit::Pool(q, PoolAttr::Workers(3)),
            Edit::AddOp(q, vec![], "cpu"),
            Edit::AddTaskOp(k, 0, vec![], "cpu"),
        ] {
            assert!(!apply(&mut s, e.clone()), "{e:?}");
            assert_eq!(s, before, "{e:?}");
        }
        assert_eq!(check(&s, &Edit::Pool(q, PoolAttr::Workers(0))), Err(Problem::Range(1, 10_000)));
        assert_eq!(check(&s, &Edit::Pool(q, PoolAttr::Workers(10_001))), Err(Problem::Range(1, 10_000)));
        assert_eq!(check(&s, &Edit::Pool(q, PoolAttr::Jobs(1_000_001))), Err(Problem::Range(1, 1_000_000)));
        assert_eq!(check(&s, &Edit::Pool(q, PoolAttr::Workers(10_000))), Ok(()));
        assert_eq!(check(&s, &Edit::Pool(q, PoolAttr::Jobs(1_000_000))), Ok(()));
        assert_eq!(check(&s, &Edit::Attr(q, Attr::Name("a".into()))), Err(Problem::Taken), "a pool's name is free");
        assert_eq!(read_number("0", 1, MAX_WORKERS.into()), Err(Problem::Range(1, 10_000)), "the field's reading");
    }
}
