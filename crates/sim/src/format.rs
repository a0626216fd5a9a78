//! Prints a parsed scenario ([`Scenario`]) back as canonical scenario text: the form→text
//! direction of the web app's form editor (text→form is [`parse`](crate::parse)).
//!
//! For every valid text `T`, `parse(&to_text(&parse(T)?))` equals `parse(T)` except for
//! positions, runs to the same result, and printing it again gives the same text.
//!
//! The style is the one the presets are written in:
//!
//! - header settings first, one per line, in the order of SCENARIO.md (`title`, `note`,
//!   `cores`, `scheduler`, `switch`, `spawn-cost`, `gil`, `seed`, `unit`, `limit`, `picks`, `goal`), and only
//!   those that differ from [`Settings::default`] (`title` and `note` whenever present);
//! - then the `semaphore` declarations, then the threads of process `main` and the
//!   `process NAME { … }` blocks;
//! - thread attributes in the order `at T`, `daemon`, `priority P`, `xN`, `asyncio`;
//! - a block (thread, `repeat`, task, single-thread process) stays on one line,
//!   `thread a { cpu 3; io 2 }`, when that line fits in 80 columns and holds at most two
//!   levels of braces; otherwise its statements go one per line, indented by 2 spaces. An
//!   asyncio thread always puts each task on its own line;
//! - a pool (Version 1.1) as `pool NAME KIND N jobs J [at T] { … }`, folded like a thread,
//!   where it was written among the threads.
//!
//! What is lost: comments, blank lines and layout (they are not in the tree), and the
//! spelling of equivalent forms (`x 3` becomes `x3`, `cores 1` or `gil off` disappear,
//! `priority 0` is not written).
//!
//! Order of top-level threads and processes: the engine orders threads by where they are
//! written ([`compile`](crate::compile) sorts them by position), so process blocks are printed
//! among the top-level threads where their positions put them. A tree built by hand (positions
//! left at their default) prints the threads of `main` first, then the process blocks; an item
//! without a position stays just after the one before it in its own list.
//!
//! Strings (`title`, `note`) are quoted with the lexer's escapes `\"`, `\\` and `\n`; every
//! other character (unicode, tabs, carriage returns) is written as it is, so every string
//! round-trips.
//!
//! What the language cannot say (only a tree built by hand can hold it; parsed trees never
//! do): a quantum other than 4 with `fifo`, `sjf` or `stcf`, and a GIL interval other than 5
//! with the GIL off, are left out (they have no effect on a run). Names and the unit are
//! written as they are: one that is not a name (`[A-Za-z_][A-Za-z0-9_.-]*`, see [`is_name`]),
//! a process without threads, an asyncio thread without tasks, `await io`/`await sleep` of a
//! task named `io` or `sleep`, or a number beyond the language's limits gives text that
//! `parse` rejects with a line:column error. The canonical text may be longer than the
//! original (spaces, indentation), so a text close to the 64 KiB limit may print to one over it.

use crate::ast::{
    Amount, Body, GoalDecl, Op, OpKind, Policy, Pool, PoolWork, Pos, ProcessDecl, Scenario, Settings, TaskDecl, TaskOp,
    TaskOpKind, ThreadDecl,
};

/// Widest line (in characters, indentation included) that a block is folded onto.
const MAX_LINE: usize = 80;
/// Most levels of `{ … }` written on one line.
const MAX_LEVELS: usize = 2;
/// One level of indentation.
const INDENT: &str = "  ";

/// The canonical text of a scenario (see the module documentation for the style). Every
/// line, the last included, ends with `\n`; a scenario with default settings and nothing
/// in it prints as the empty text.
#[must_use]
pub fn to_text(s: &Scenario) -> String {
    let mut out = String::new();
    header(&s.settings, &mut out);
    for sem in &s.semaphores {
        line(&mut out, 0, &format!("semaphore {} {}", sem.name.text, sem.permits));
    }
    let main: &[ThreadDecl] = s.processes.first().map_or(&[], |p| p.threads.as_slice());
    let others: &[ProcessDecl] = s.processes.get(1..).unwrap_or(&[]);
    for item in top_level_order(main, others) {
        match item {
            Item::Thread(t) => thread(&mut out, 0, t),
            Item::Process(p) => process(&mut out, p),
        }
    }
    out
}

/// Whether `s` can be written as a name (of a thread, task, process, mutex, semaphore, or
/// the unit): `[A-Za-z_][A-Za-z0-9_.-]*`.
#[must_use]
pub fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// `s` in double quotes, with the escapes the lexer knows.
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len().saturating_add(2));
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Appends `text` as one line at indentation `level`.
fn line(out: &mut String, level: usize, text: &str) {
    for _ in 0..level {
        out.push_str(INDENT);
    }
    out.push_str(text);
    out.push('\n');
}

fn header(s: &Settings, out: &mut String) {
    let d = Settings::default();
    if let Some(title) = &s.title {
        line(out, 0, &format!("title {}", quote(title)));
    }
    if let Some(note) = &s.note {
        line(out, 0, &format!("note {}", quote(note)));
    }
    if s.cores != d.cores {
        line(out, 0, &format!("cores {}", s.cores));
    }
    let quantum = matches!(s.policy, Policy::Rr | Policy::Priority) && s.quantum != d.quantum;
    if s.policy != d.policy || quantum {
        let mut l = format!("scheduler {}", s.policy.keyword());
        if quantum {
            l.push_str(&format!(" quantum {}", s.quantum));
        }
        if s.policy == Policy::Ostep {
            if s.ostep.switch_on_end {
                l.push_str(" switch-on-end");
            }
            if s.ostep.io_immediate {
                l.push_str(" io-immediate");
            }
        }
        line(out, 0, &l);
    }
    if s.switch_cost != d.switch_cost {
        line(out, 0, &format!("switch {}", s.switch_cost));
    }
    if s.spawn_cost_thread != d.spawn_cost_thread || s.spawn_cost_process != d.spawn_cost_process {
        let mut l = "spawn-cost".to_string();
        if s.spawn_cost_thread != d.spawn_cost_thread {
            l.push_str(&format!(" thread {}", s.spawn_cost_thread));
        }
        if s.spawn_cost_process != d.spawn_cost_process {
            l.push_str(&format!(" process {}", s.spawn_cost_process));
        }
        line(out, 0, &l);
    }
    let interval = s.gil && s.gil_interval != d.gil_interval;
    if s.gil != d.gil || interval {
        let mut l = format!("gil {}", if s.gil { "on" } else { "off" });
        if interval {
            l.push_str(&format!(" interval {}", s.gil_interval));
        }
        line(out, 0, &l);
    }
    if s.seed != d.seed {
        line(out, 0, &format!("seed {}", s.seed));
    }
    if s.unit != d.unit {
        line(out, 0, &format!("unit {}", s.unit));
    }
    if s.limit != d.limit {
        line(out, 0, &format!("limit {}", s.limit));
    }
    if let Some(picks) = &s.picks {
        let mut l = "picks".to_string();
        for p in picks {
            l.push(' ');
            l.push_str(&p.text);
        }
        line(out, 0, &l);
    }
    match &s.goal {
        None => {}
        Some(GoalDecl::Deadlock) => line(out, 0, "goal deadlock"),
        Some(GoalDecl::FinishBy(n)) => line(out, 0, &format!("goal finish-by {n}")),
        Some(GoalDecl::Starve { thread, ticks }) => line(out, 0, &format!("goal starve {} {ticks}", thread.text)),
    }
}

/// A top-level item of the text.
enum Item<'a> {
    Thread(&'a ThreadDecl),
    Process(&'a ProcessDecl),
}

/// The positions that order a list of items: a default position (an item not read from a
/// text) takes the key of the item before it, or `first` for the first item.
fn order_keys(positions: impl Iterator<Item = Pos>, first: Pos) -> Vec<Pos> {
    let mut last = first;
    positions
        .map(|p| {
            if p != Pos::default() {
                last = p;
            }
            last
        })
        .collect()
}

/// The threads of `main` and the other processes, each list in its own order, interleaved
/// as their positions say (on a tie, the thread first).
fn top_level_order<'a>(main: &'a [ThreadDecl], others: &'a [ProcessDecl]) -> Vec<Item<'a>> {
    let tkeys = order_keys(main.iter().map(|t| t.name.pos), Pos::default());
    let pkeys = order_keys(others.iter().map(|p| p.name.pos), Pos { line: u32::MAX, col: u32::MAX });
    let mut threads = main.iter().zip(tkeys).peekable();
    let mut procs = others.iter().zip(pkeys).peekable();
    let mut items = Vec::with_capacity(main.len().saturating_add(others.len()));
    loop {
        let take_process = match (threads.peek(), procs.peek()) {
            (None, None) => break,
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (Some((_, tk)), Some((_, pk))) => pk < tk,
        };
        if take_process {
            if let Some((p, _)) = procs.next() {
                items.push(Item::Process(p));
            }
        } else if let Some((t, _)) = threads.next() {
            items.push(Item::Thread(t));
        }
    }
    items
}

fn amount(a: Amount) -> String {
    match a {
        Amount::Fixed(n) => n.to_string(),
        Amount::Range(lo, hi) => format!("{lo}..{hi}"),
    }
}

/// A statement of a block: written as it is, or a `repeat N { … }` of more statements.
enum Form<'a, T> {
    Simple(String),
    Repeat(u64, &'a [T]),
}

/// What a block holds: the operations of a thread or of a task.
trait Stmt: Sized {
    fn form(&self) -> Form<'_, Self>;
}

impl Stmt for Op {
    fn form(&self) -> Form<'_, Op> {
        let simple = match &self.kind {
            OpKind::Cpu(a) => format!("cpu {}", amount(*a)),
            OpKind::Io(a) => format!("io {}", amount(*a)),
            OpKind::Sleep(a) => format!("sleep {}", amount(*a)),
            OpKind::Lock(m) => format!("lock {}", m.text),
            OpKind::Unlock(m) => format!("unlock {}", m.text),
            OpKind::Wait(m, None) => format!("wait {}", m.text),
            OpKind::Wait(m, Some(t)) => format!("wait {} {t}", m.text),
            OpKind::Notify(m) => format!("notify {}", m.text),
            OpKind::NotifyAll(m) => format!("notify-all {}", m.text),
            OpKind::Join(t, None) => format!("join {}", t.text),
            OpKind::Join(t, Some(d)) => format!("join {} {d}", t.text),
            OpKind::Spawn(t) => format!("spawn {}", t.text),
            OpKind::Acquire(s) => format!("acquire {}", s.text),
            OpKind::Release(s) => format!("release {}", s.text),
            OpKind::Yield => "yield".to_string(),
            OpKind::Exit => "exit".to_string(),
            OpKind::Crash => "crash".to_string(),
            OpKind::Repeat(n, body) => return Form::Repeat(*n, body),
        };
        Form::Simple(simple)
    }
}

impl Stmt for TaskOp {
    fn form(&self) -> Form<'_, TaskOp> {
        let simple = match &self.kind {
            TaskOpKind::Cpu(a) => format!("cpu {}", amount(*a)),
            TaskOpKind::AwaitIo(a) => format!("await io {}", amount(*a)),
            TaskOpKind::AwaitSleep(a) => format!("await sleep {}", amount(*a)),
            TaskOpKind::AwaitTask(t) => format!("await {}", t.text),
            TaskOpKind::Repeat(n, body) => return Form::Repeat(*n, body),
        };
        Form::Simple(simple)
    }
}

/// `head { body }` (or `head { }` when the body is empty).
fn braced(head: &str, body: &str) -> String {
    if body.is_empty() {
        format!("{head} {{ }}")
    } else {
        format!("{head} {{ {body} }}")
    }
}

/// Statements on one line, separated by `; `, and how many levels of braces they open.
fn inline<T: Stmt>(items: &[T]) -> (String, usize) {
    let mut text = String::new();
    let mut levels = 0;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            text.push_str("; ");
        }
        match item.form() {
            Form::Simple(s) => text.push_str(&s),
            Form::Repeat(n, body) => {
                let (inner, inner_levels) = inline(body);
                text.push_str(&braced(&format!("repeat {n}"), &inner));
                levels = levels.max(inner_levels.saturating_add(1));
            }
        }
    }
    (text, levels)
}

/// A block `head { items }` at indentation `level`: on one line when it fits, otherwise one
/// statement per line.
fn block<T: Stmt>(out: &mut String, level: usize, head: &str, items: &[T]) {
    let (body, levels) = inline(items);
    let one = braced(head, &body);
    if levels < MAX_LEVELS && level.saturating_mul(INDENT.len()).saturating_add(one.chars().count()) <= MAX_LINE {
        line(out, level, &one);
        return;
    }
    line(out, level, &format!("{head} {{"));
    for item in items {
        match item.form() {
            Form::Simple(s) => line(out, level.saturating_add(1), &s),
            Form::Repeat(n, body) => block(out, level.saturating_add(1), &format!("repeat {n}"), body),
        }
    }
    line(out, level, "}");
}

fn thread_head(t: &ThreadDecl) -> String {
    let mut h = format!("thread {}", t.name.text);
    if let Some(at) = t.at {
        h.push_str(&format!(" at {at}"));
    }
    if t.daemon {
        h.push_str(" daemon");
    }
    if t.priority != 0 {
        h.push_str(&format!(" priority {}", t.priority));
    }
    if let Some(n) = t.copies {
        h.push_str(&format!(" x{n}"));
    }
    if matches!(t.body, Body::Asyncio(_)) {
        h.push_str(" asyncio");
    }
    h
}

fn task_head(t: &TaskDecl) -> String {
    match t.copies {
        Some(n) => format!("task {} x{n}", t.name.text),
        None => format!("task {}", t.name.text),
    }
}

/// `pool NAME KIND N jobs J [at T]`.
fn pool_head(t: &ThreadDecl, pool: &Pool) -> String {
    let mut h = format!("pool {} {} {} jobs {}", t.name.text, pool.work.kind().keyword(), pool.workers, pool.jobs);
    if let Some(at) = t.at {
        h.push_str(&format!(" at {at}"));
    }
    h
}

fn thread(out: &mut String, level: usize, t: &ThreadDecl) {
    if let Body::Pool(pool) = &t.body {
        let head = pool_head(t, pool);
        return match &pool.work {
            PoolWork::Threads(ops) | PoolWork::Processes(ops) => block(out, level, &head, ops),
            PoolWork::Tasks(ops) => block(out, level, &head, ops),
        };
    }
    let head = thread_head(t);
    match &t.body {
        Body::Pool(_) => {}
        Body::Ops(ops) => block(out, level, &head, ops),
        Body::Asyncio(tasks) => {
            line(out, level, &format!("{head} {{"));
            for task in tasks {
                block(out, level.saturating_add(1), &task_head(task), &task.ops);
            }
            line(out, level, "}");
        }
    }
}

fn process(out: &mut String, p: &ProcessDecl) {
    let head = format!("process {}", p.name.text);
    // One thread with a flat body: `process p { thread p_main { cpu 3 } }`.
    if let [t] = p.threads.as_slice() {
        if let Body::Ops(ops) = &t.body {
            let (body, levels) = inline(ops);
            let one = braced(&head, &braced(&thread_head(t), &body));
            if levels == 0 && one.chars().count() <= MAX_LINE {
                line(out, 0, &one);
                return;
            }
        }
    }
    line(out, 0, &format!("{head} {{"));
    for t in &p.threads {
        thread(out, 1, t);
    }
    line(out, 0, "}");
}
