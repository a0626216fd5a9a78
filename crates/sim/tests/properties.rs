//! Property tests on random valid scenarios: the invariants every trace must keep, whatever
//! the policy, core count, switch cost, GIL and mix of operations (joins, spawns, `exit`,
//! `crash`, asyncio loops, `notify-all`, `cpu A..B` ranges and `x N` copies included; every
//! generated text must parse and compile).
//!
//! 1. at most one thread per core at any tick;
//! 2. a mutex has at most one owner;
//! 3. every tick of a thread's life (0 to its end, or to the makespan) is in exactly one state;
//! 4. CPU time equals demand for finished threads (within the bounds of ranges);
//! 5. work conservation (no core idle while a thread is Runnable);
//! 6. determinism (two runs give the same JSON), and a run in slices is the run in one go;
//! 7. the numbers agree with the trace (cores busy = threads' CPU time);
//! 8. every event has a short form;
//! 9. with the GIL on, no two threads of one process run at once;
//! 10. a semaphore never has more holders than permits (as far as the trace tells);
//! 11. core lanes equal thread Running lanes, interval by interval.
//!
//! Seeds: `common/seeds.rs` (CI runs a fixed list; a local run one random seed, printed;
//! `THREADLAB_SEEDS=<n>` replays one, `THREADLAB_PROPTEST_CASES=<m>` runs more cases).

use proptest::prelude::*;
use std::collections::HashMap;
use threadlab_sim::trace::{CoreActivity, EventKind, State};
use threadlab_sim::{run, Fate, Outcome, RunResult};

#[path = "common/seeds.rs"]
mod seeds;

#[derive(Debug, Clone)]
enum GOp {
    Cpu(u64),
    /// `cpu A..B`: drawn by the seeded generator.
    CpuRange(u64, u64),
    Io(u64),
    Sleep(u64),
    /// lock m; cpu n; unlock m
    Critical(u8, u64),
    /// acquire s; cpu n; release s
    Permit(u64),
    Yield,
    /// lock m; notify m; unlock m
    Notify(u8),
    /// lock m; notify-all m; unlock m
    NotifyAll(u8),
    /// lock m; wait m T; unlock m
    WaitFor(u8, u64),
    Repeat(u64, Vec<GOp>),
    /// join tI [D] (only at the top level of a thread)
    Join(usize, Option<u64>),
    /// spawn tI (only at the top level, so at most once); tI has this many copies
    Spawn(usize, u64),
    Exit,
    Crash,
}

/// An operation of an asyncio task.
#[derive(Debug, Clone)]
enum TOp {
    Cpu(u64),
    CpuRange(u64, u64),
    AwaitIo(u64),
    AwaitSleep(u64),
    /// await an earlier task of the same loop
    AwaitTask(usize),
}

#[derive(Debug, Clone)]
struct GTask {
    copies: u8,
    ops: Vec<TOp>,
}

#[derive(Debug, Clone)]
struct GThread {
    priority: i64,
    at: u64,
    daemon: bool,
    process: u8,
    /// 1: no `x N`.
    copies: u8,
    ops: Vec<GOp>,
    /// Some: an asyncio loop running these tasks (then `ops` is empty).
    tasks: Option<Vec<GTask>>,
}

#[derive(Debug, Clone)]
struct GScenario {
    cores: u32,
    policy: &'static str,
    quantum: u64,
    switch: u64,
    spawn_cost: u64,
    seed: u64,
    gil: Option<u64>,
    threads: Vec<GThread>,
}

/// Permits of semaphore `s` (declared in every generated scenario).
const PERMITS: i64 = 2;

fn leaf() -> impl Strategy<Value = GOp> {
    prop_oneof![
        4 => (1u64..6).prop_map(GOp::Cpu),
        1 => (1u64..4, 0u64..4).prop_map(|(a, d)| GOp::CpuRange(a, a + d)),
        2 => (1u64..6).prop_map(GOp::Io),
        1 => (1u64..6).prop_map(GOp::Sleep),
        2 => (0u8..3, 1u64..4).prop_map(|(m, n)| GOp::Critical(m, n)),
        2 => (1u64..4).prop_map(GOp::Permit),
        1 => Just(GOp::Yield),
        1 => (0u8..3).prop_map(GOp::Notify),
        1 => (0u8..3).prop_map(GOp::NotifyAll),
        1 => (0u8..3, 1u64..6).prop_map(|(m, t)| GOp::WaitFor(m, t)),
    ]
}

fn op() -> impl Strategy<Value = GOp> {
    leaf().prop_recursive(2, 12, 4, |inner| {
        (0u64..4, prop::collection::vec(inner, 1..4)).prop_map(|(n, body)| GOp::Repeat(n, body))
    })
}

fn tasks() -> impl Strategy<Value = Vec<GTask>> {
    let top = prop_oneof![
        3 => (1u64..5).prop_map(TOp::Cpu),
        1 => (1u64..3, 0u64..3).prop_map(|(a, d)| TOp::CpuRange(a, a + d)),
        2 => (1u64..6).prop_map(TOp::AwaitIo),
        1 => (1u64..6).prop_map(TOp::AwaitSleep),
        1 => (0usize..4).prop_map(TOp::AwaitTask),
    ];
    let task = (prop::sample::select(vec![1u8, 1, 1, 2, 3]), prop::collection::vec(top, 1..5))
        .prop_map(|(copies, ops)| GTask { copies, ops });
    prop::collection::vec(task, 1..4).prop_map(|mut ts| {
        // `await TASK` names an earlier task of the same loop (never itself).
        for (k, task) in ts.iter_mut().enumerate() {
            if k == 0 {
                task.ops.retain(|o| !matches!(o, TOp::AwaitTask(_)));
            }
            for o in &mut task.ops {
                if let TOp::AwaitTask(j) = o {
                    *j %= k;
                }
            }
            if task.ops.is_empty() {
                task.ops.push(TOp::Cpu(1));
            }
        }
        ts
    })
}

/// Joins, spawns, `exit` and `crash`, placed at the top level of a thread (so a spawn runs
/// at most once: a second `spawn` of the same thread is a run-time error).
#[derive(Debug, Clone)]
struct Wiring {
    join: Option<(usize, Option<u64>, usize)>,
    spawn: Option<(usize, usize)>,
    stop: Option<(bool, usize)>,
}

fn wiring() -> impl Strategy<Value = Wiring> {
    (
        prop::option::weighted(0.3, (0usize..8, prop::option::of(1u64..8), 0usize..8)),
        prop::option::weighted(0.3, (0usize..8, 0usize..8)),
        prop::option::weighted(0.15, (prop::bool::weighted(0.4), 0usize..8)),
    )
        .prop_map(|(join, spawn, stop)| Wiring { join, spawn, stop })
}

fn wire(threads: &mut [GThread], wiring: &[Wiring]) {
    let n = threads.len();
    let mut spawned = vec![false; n];
    for (i, w) in wiring.iter().enumerate().take(n) {
        if threads[i].tasks.is_some() {
            continue;
        }
        if let Some((target, deadline, pos)) = w.join {
            let target = target % n;
            if target != i {
                let pos = pos % (threads[i].ops.len() + 1);
                threads[i].ops.insert(pos, GOp::Join(target, deadline));
            }
        }
        if let Some((target, pos)) = w.spawn {
            if i + 1 < n {
                let target = i + 1 + target % (n - i - 1);
                if !spawned[target] && threads[target].process == threads[i].process {
                    spawned[target] = true;
                    threads[target].at = 0; // a spawned thread has no `at`
                    let pos = pos % (threads[i].ops.len() + 1);
                    let copies = threads[target].copies as u64;
                    threads[i].ops.insert(pos, GOp::Spawn(target, copies));
                }
            }
        }
        if let Some((crash, pos)) = w.stop {
            let pos = pos % (threads[i].ops.len() + 1);
            threads[i].ops.insert(pos, if crash { GOp::Crash } else { GOp::Exit });
        }
    }
}

fn scenario() -> impl Strategy<Value = GScenario> {
    let thread = (
        0i64..3,
        0u64..4,
        prop::bool::weighted(0.15),
        0u8..2,
        prop::sample::select(vec![1u8, 1, 1, 1, 2, 3]),
        prop::collection::vec(op(), 1..6),
        prop::option::weighted(0.15, tasks()),
    )
        .prop_map(|(priority, at, daemon, process, copies, ops, mut tasks)| {
            if copies > 1 {
                // A loop with copies cannot name its tasks in `await TASK` ("unknown task").
                for task in tasks.iter_mut().flatten() {
                    task.ops.retain(|o| !matches!(o, TOp::AwaitTask(_)));
                    if task.ops.is_empty() {
                        task.ops.push(TOp::Cpu(1));
                    }
                }
            }
            GThread {
                priority,
                at,
                daemon,
                process,
                copies,
                ops: if tasks.is_some() { Vec::new() } else { ops },
                tasks,
            }
        });
    (
        (1u32..4, prop::sample::select(vec!["fifo", "rr", "priority", "sjf", "stcf"]), 1u64..5, 0u64..3),
        (0u64..3, 0u64..100, prop::option::weighted(0.3, 1u64..6)),
        prop::collection::vec(thread, 1..6),
        prop::collection::vec(wiring(), 6),
    )
        .prop_map(|((cores, policy, quantum, switch), (spawn_cost, seed, gil), mut threads, wiring)| {
            wire(&mut threads, &wiring);
            GScenario { cores, policy, quantum, switch, spawn_cost, seed, gil, threads }
        })
}

fn write_ops(ops: &[GOp], out: &mut String) {
    for o in ops {
        match o {
            GOp::Cpu(n) => out.push_str(&format!("cpu {n}; ")),
            GOp::CpuRange(a, b) => out.push_str(&format!("cpu {a}..{b}; ")),
            GOp::Io(n) => out.push_str(&format!("io {n}; ")),
            GOp::Sleep(n) => out.push_str(&format!("sleep {n}; ")),
            GOp::Critical(m, n) => out.push_str(&format!("lock m{m}; cpu {n}; unlock m{m}; ")),
            GOp::Permit(n) => out.push_str(&format!("acquire s; cpu {n}; release s; ")),
            GOp::Yield => out.push_str("yield; "),
            GOp::Notify(m) => out.push_str(&format!("lock m{m}; notify m{m}; unlock m{m}; ")),
            GOp::NotifyAll(m) => out.push_str(&format!("lock m{m}; notify-all m{m}; unlock m{m}; ")),
            GOp::WaitFor(m, t) => out.push_str(&format!("lock m{m}; wait m{m} {t}; unlock m{m}; ")),
            GOp::Repeat(n, body) => {
                out.push_str(&format!("repeat {n} {{ "));
                write_ops(body, out);
                out.push_str("}; ");
            }
            GOp::Join(t, None) => out.push_str(&format!("join t{t}; ")),
            GOp::Join(t, Some(d)) => out.push_str(&format!("join t{t} {d}; ")),
            GOp::Spawn(t, _) => out.push_str(&format!("spawn t{t}; ")),
            GOp::Exit => out.push_str("exit; "),
            GOp::Crash => out.push_str("crash; "),
        }
    }
}

/// CPU demand of a thread (or of an asyncio loop: all its tasks), as the bounds `lo..=hi`
/// that ranges allow; operations after `exit` or `crash` never run.
fn demand(sc: &GScenario, t: &GThread) -> (u64, u64) {
    fn ops_demand(ops: &[GOp], spawn_cost: u64) -> (u64, u64) {
        let mut d = (0, 0);
        for o in ops {
            let (lo, hi) = match o {
                GOp::Cpu(n) | GOp::Critical(_, n) | GOp::Permit(n) => (*n, *n),
                GOp::CpuRange(a, b) => (*a, *b),
                // Spawning a thread with copies spawns (and pays for) every copy.
                GOp::Spawn(_, k) => (k * spawn_cost, k * spawn_cost),
                GOp::Repeat(k, body) => {
                    let (lo, hi) = ops_demand(body, spawn_cost);
                    (k * lo, k * hi)
                }
                GOp::Exit | GOp::Crash => break,
                _ => (0, 0),
            };
            d = (d.0 + lo, d.1 + hi);
        }
        d
    }
    match &t.tasks {
        None => ops_demand(&t.ops, sc.spawn_cost),
        Some(tasks) => tasks.iter().fold((0, 0), |d, task| {
            let (lo, hi) = task.ops.iter().fold((0, 0), |(lo, hi), o| match o {
                TOp::Cpu(n) => (lo + n, hi + n),
                TOp::CpuRange(a, b) => (lo + a, hi + b),
                _ => (lo, hi),
            });
            let k = task.copies as u64;
            (d.0 + k * lo, d.1 + k * hi)
        }),
    }
}

/// Where, in CPU ticks of its thread, each `acquire s; cpu n; release s` holds a permit for
/// sure: from the start of its first CPU tick to the end of its last (`[from, to)` in CPU
/// ticks). Stops at the first operation whose CPU time is not known (a range).
fn permit_windows(ops: &[GOp], spawn_cost: u64, at: &mut Option<u64>, out: &mut Vec<(u64, u64)>) {
    for o in ops {
        let Some(c) = *at else { return };
        match o {
            GOp::Cpu(n) | GOp::Critical(_, n) => *at = Some(c + n),
            GOp::Spawn(_, k) => *at = Some(c + k * spawn_cost),
            GOp::Permit(n) => {
                out.push((c, c + n));
                *at = Some(c + n);
            }
            GOp::CpuRange(..) | GOp::Exit | GOp::Crash => *at = None,
            GOp::Repeat(k, body) => {
                for _ in 0..*k {
                    permit_windows(body, spawn_cost, at, out);
                }
            }
            _ => {}
        }
    }
}

impl GScenario {
    fn text(&self) -> String {
        let mut s = format!("cores {}\nscheduler {}", self.cores, self.policy);
        if matches!(self.policy, "rr" | "priority") {
            s.push_str(&format!(" quantum {}", self.quantum));
        }
        s.push_str(&format!(
            "\nswitch {}\nspawn-cost thread {}\nseed {}\nsemaphore s {PERMITS}\n",
            self.switch, self.spawn_cost, self.seed
        ));
        if let Some(i) = self.gil {
            s.push_str(&format!("gil on interval {i}\n"));
        }
        for p in 0..2u8 {
            let threads: Vec<(usize, &GThread)> =
                self.threads.iter().enumerate().filter(|(_, t)| t.process == p).collect();
            if threads.is_empty() {
                continue;
            }
            if p == 1 {
                s.push_str("process second {\n");
            }
            for (i, t) in threads {
                s.push_str(&format!(
                    "thread t{i}{}{} priority {}{}{} {{ ",
                    if t.tasks.is_some() { " asyncio" } else { "" },
                    if t.at > 0 { format!(" at {}", t.at) } else { String::new() },
                    t.priority,
                    if t.daemon { " daemon" } else { "" },
                    if t.copies > 1 { format!(" x {}", t.copies) } else { String::new() },
                ));
                match &t.tasks {
                    None => write_ops(&t.ops, &mut s),
                    Some(tasks) => {
                        for (k, task) in tasks.iter().enumerate() {
                            s.push_str(&format!("\n  task k{i}_{k}"));
                            if task.copies > 1 {
                                s.push_str(&format!(" x {}", task.copies));
                            }
                            s.push_str(" { ");
                            for o in &task.ops {
                                match o {
                                    TOp::Cpu(n) => s.push_str(&format!("cpu {n}; ")),
                                    TOp::CpuRange(a, b) => s.push_str(&format!("cpu {a}..{b}; ")),
                                    TOp::AwaitIo(n) => s.push_str(&format!("await io {n}; ")),
                                    TOp::AwaitSleep(n) => s.push_str(&format!("await sleep {n}; ")),
                                    TOp::AwaitTask(j) => s.push_str(&format!("await k{i}_{j}; ")),
                                }
                            }
                            s.push('}');
                        }
                        s.push('\n');
                    }
                }
                s.push_str("}\n");
            }
            if p == 1 {
                s.push_str("}\n");
            }
        }
        s
    }

    /// The generated thread behind a thread of the result (`tI`, or a copy `tI.K`).
    fn thread_of(&self, name: &str) -> Result<&GThread, String> {
        let base = name.split('.').next().unwrap_or(name);
        base[1..]
            .parse::<usize>()
            .ok()
            .and_then(|i| self.threads.get(i))
            .ok_or_else(|| format!("unexpected thread name {name}"))
    }
}

/// Every check on one result; returns a description of the first broken invariant.
fn check(sc: &GScenario, r: &RunResult) -> Result<(), String> {
    let makespan = r.makespan;
    // 1. One thread per core at a time (core lanes and the Running segments both).
    let mut by_core: HashMap<u32, Vec<(u64, u64)>> = HashMap::new();
    for g in &r.core_segments {
        by_core.entry(g.core).or_default().push((g.start, g.end));
    }
    let mut running_by_core: HashMap<u32, Vec<(u64, u64)>> = HashMap::new();
    for s in r.segments.iter().filter(|s| s.state == State::Running) {
        let c = s.core.ok_or("running segment without core")?;
        running_by_core.entry(c).or_default().push((s.start, s.end));
    }
    // Each core's segments are listed in time order (invariant lanes-in-order).
    for (c, v) in &by_core {
        if v.windows(2).any(|w| w[0].0 > w[1].0) {
            return Err(format!("core {c}: core segments not listed in time order: {v:?}"));
        }
    }
    for (what, map) in [("core segments", &mut by_core), ("running segments", &mut running_by_core)] {
        for (c, v) in map.iter_mut() {
            v.sort_unstable();
            for w in v.windows(2) {
                if w[0].1 > w[1].0 {
                    return Err(format!("{what} overlap on core {c}: {:?} and {:?}", w[0], w[1]));
                }
            }
        }
    }
    // 2. One owner per mutex: replay lock/unlock events.
    let mut owner: HashMap<u32, u32> = HashMap::new();
    for e in &r.events {
        match e.kind {
            EventKind::Lock => {
                let m = e.object.ok_or("lock event without object")?;
                if let Some(o) = owner.insert(m, e.thread) {
                    return Err(format!(
                        "t={} {} takes {} while {} owns it",
                        e.tick,
                        r.thread_name(e.thread),
                        r.object_name(m),
                        r.thread_name(o)
                    ));
                }
            }
            EventKind::Unlock => {
                let m = e.object.ok_or("unlock event without object")?;
                if owner.remove(&m) != Some(e.thread) {
                    return Err(format!(
                        "t={} {} unlocks {} it does not own",
                        e.tick,
                        r.thread_name(e.thread),
                        r.object_name(m)
                    ));
                }
            }
            _ => {}
        }
    }
    // 3. Each thread's life is tiled by its segments, listed in time order (invariant
    //    lanes-in-order): from 0, no gap, no overlap.
    for (i, t) in r.threads.iter().enumerate() {
        if t.fate == Fate::NeverStarted {
            continue;
        }
        let segs = r.segments_of(i as u32);
        let end = t.end.unwrap_or(makespan);
        let mut at = 0;
        for s in &segs {
            if s.start != at {
                return Err(format!("{}: segment starts at {} but the previous ended at {at}", t.name, s.start));
            }
            if s.end <= s.start {
                return Err(format!("{}: empty segment at {}", t.name, s.start));
            }
            at = s.end;
        }
        if at != end {
            return Err(format!("{}: segments end at {at}, life ends at {end}", t.name));
        }
    }
    // 4. CPU = demand for threads that finished (within the bounds of its ranges).
    for t in &r.threads {
        let (lo, hi) = demand(sc, sc.thread_of(&t.name)?);
        if t.fate == Fate::Finished && !(lo..=hi).contains(&t.cpu) {
            return Err(format!("{}: cpu {} but demand {lo}..={hi}", t.name, t.cpu));
        }
    }
    // 5. Work conservation: at no tick is a core idle while a thread is Runnable and not
    // being switched to.
    // Sweep over (tick, delta runnable, delta busy cores, delta switching cores).
    let mut deltas: Vec<(u64, i64, i64, i64)> = Vec::new();
    for seg in r.segments.iter().filter(|s| s.state == State::Runnable) {
        deltas.push((seg.start, 1, 0, 0));
        deltas.push((seg.end, -1, 0, 0));
    }
    for g in &r.core_segments {
        let sw = matches!(g.activity, CoreActivity::Switch(_)) as i64;
        deltas.push((g.start, 0, 1, sw));
        deltas.push((g.end, 0, -1, -sw));
    }
    deltas.sort_unstable();
    let (mut runnable, mut busy_cores, mut switching) = (0i64, 0i64, 0i64);
    let mut k = 0;
    while k < deltas.len() {
        let tick = deltas[k].0;
        while k < deltas.len() && deltas[k].0 == tick {
            runnable += deltas[k].1;
            busy_cores += deltas[k].2;
            switching += deltas[k].3;
            k += 1;
        }
        let idle = sc.cores as i64 - busy_cores;
        if tick < makespan && idle > 0 && runnable > switching {
            return Err(format!(
                "t={tick}: {idle} idle core(s) while {runnable} thread(s) Runnable ({switching} being switched to)"
            ));
        }
    }
    // 7. Numbers agree with the trace.
    let busy: u64 = r.cores.iter().map(|c| c.busy).sum();
    let cpu: u64 = r.threads.iter().map(|t| t.cpu).sum();
    if busy != cpu {
        return Err(format!("cores busy {busy} != threads cpu {cpu}"));
    }
    // 8. Every event the engine records has a short form: its kind and reason pair is
    //    listed in packed.rs. (Segments may be kept whole: long ones, and merged ones.)
    if r.events.wide_count() != 0 {
        return Err(format!("{} events kept whole", r.events.wide_count()));
    }
    Ok(())
}

/// Sorted, with touching and overlapping intervals merged.
fn merged(mut v: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    v.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Invariant 9, GIL exclusivity: with `gil on`, no two threads of one process are Running at once.
fn check_gil(sc: &GScenario, r: &RunResult) -> Result<(), String> {
    if sc.gil.is_none() {
        return Ok(());
    }
    let mut by_process: HashMap<&str, Vec<(u64, u64, u32)>> = HashMap::new();
    for s in r.segments.iter().filter(|s| s.state == State::Running) {
        let t = &r.threads[s.thread as usize];
        if t.asyncio {
            continue;
        }
        by_process.entry(t.process.as_str()).or_default().push((s.start, s.end, s.thread));
    }
    for (p, mut v) in by_process {
        v.sort_unstable();
        // Running intervals sorted by start: any overlap shows up against the one that
        // reaches furthest so far.
        let mut reach: Option<(u64, u32)> = None;
        for (s, e, t) in v {
            if let Some((end, u)) = reach {
                if s < end && u != t {
                    return Err(format!(
                        "GIL of process {p}: {} runs from {s} while {} runs until {end}",
                        r.thread_name(t),
                        r.thread_name(u)
                    ));
                }
            }
            if reach.is_none_or(|(end, _)| e > end) {
                reach = Some((e, t));
            }
        }
    }
    Ok(())
}

/// Invariant 10, semaphore permits are never exceeded. The trace records no event for an `acquire`
/// that does not wait (nor for a `release` without waiter), so holdings cannot be read off
/// the events exactly. What the trace can tell: a thread running `acquire s; cpu n; release
/// s` holds a permit at least from the start of the first of those n CPU ticks to the end of
/// the last one it ran (its CPU ticks are found in its Running segments). At no tick may more
/// than `PERMITS` threads hold such a window (`s` is one semaphore for every process).
/// Windows after a `cpu A..B` are not known and left out.
fn check_permits(sc: &GScenario, r: &RunResult) -> Result<(), String> {
    let mut deltas: Vec<(u64, i64, u32)> = Vec::new();
    for (i, t) in r.threads.iter().enumerate() {
        let g = sc.thread_of(&t.name)?;
        if g.tasks.is_some() {
            continue;
        }
        let mut windows = Vec::new();
        permit_windows(&g.ops, sc.spawn_cost, &mut Some(0), &mut windows);
        if windows.is_empty() {
            continue;
        }
        // The start time of each CPU tick of the thread, in order.
        let ticks: Vec<u64> =
            r.segments_of(i as u32).iter().filter(|s| s.state == State::Running).flat_map(|s| s.start..s.end).collect();
        for (from, to) in windows {
            if (from as usize) >= ticks.len() {
                break;
            }
            let last = (to as usize).min(ticks.len()) - 1;
            deltas.push((ticks[from as usize], 1, i as u32));
            deltas.push((ticks[last] + 1, -1, i as u32));
        }
    }
    // Ends before starts at the same tick: a window is [start, end).
    deltas.sort_unstable();
    let mut held = 0;
    for (tick, d, t) in deltas {
        held += d;
        if held > PERMITS {
            return Err(format!(
                "t={tick}: {held} threads hold semaphore s ({PERMITS} permits), the last {}",
                r.thread_name(t)
            ));
        }
    }
    Ok(())
}

/// Invariant 11, core lanes equal thread Running lanes, interval by interval: for every core c and
/// thread t, the union of c's `Run(t)` core segments is the union of t's Running segments
/// on c.
fn check_core_lanes(r: &RunResult) -> Result<(), String> {
    let mut from_cores: HashMap<(u32, u32), Vec<(u64, u64)>> = HashMap::new();
    for g in &r.core_segments {
        if let CoreActivity::Run(t) = g.activity {
            from_cores.entry((g.core, t)).or_default().push((g.start, g.end));
        }
    }
    let mut from_threads: HashMap<(u32, u32), Vec<(u64, u64)>> = HashMap::new();
    for s in r.segments.iter().filter(|s| s.state == State::Running) {
        let c = s.core.ok_or("running segment without core")?;
        from_threads.entry((c, s.thread)).or_default().push((s.start, s.end));
    }
    let mut keys: Vec<(u32, u32)> = from_cores.keys().chain(from_threads.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    for (c, t) in keys {
        let a = merged(from_cores.remove(&(c, t)).unwrap_or_default());
        let b = merged(from_threads.remove(&(c, t)).unwrap_or_default());
        if a != b {
            return Err(format!("core {c}, thread {}: core lane {a:?} but Running lane {b:?}", r.thread_name(t)));
        }
    }
    Ok(())
}

/// The cases of each property, shared among the seeds (`common/seeds.rs`: CI runs a fixed
/// list, a local run one random seed, printed).
const CASES: u32 = 1000;

/// Runs `test` on the generated scenarios; a failure names its seed and the shrunk scenario.
#[track_caller]
fn for_scenarios<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    seeds::check(name, CASES, strategy, test);
}

/// Runs a generated scenario; its text must parse and compile.
fn run_generated(sc: &GScenario) -> Result<(String, RunResult), TestCaseError> {
    let text = sc.text();
    let program = threadlab_sim::parse(&text)
        .map_err(|e| TestCaseError::fail(format!("generated text does not parse: {e}\n{text}")))?;
    threadlab_sim::compile(&program)
        .map_err(|e| TestCaseError::fail(format!("generated text does not compile: {e}\n{text}")))?;
    let r = run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
    Ok((text, r))
}

fn holds(sc: GScenario, check: impl Fn(&GScenario, &RunResult) -> Result<(), String>) -> Result<(), TestCaseError> {
    let (text, r) = run_generated(&sc)?;
    check(&sc, &r).map_err(|msg| TestCaseError::fail(format!("{msg}\n--- scenario ---\n{text}")))
}

#[test]
fn invariants_hold_on_random_scenarios() {
    for_scenarios("invariants", scenario(), |sc| holds(sc, check));
}

#[test]
fn gil_is_exclusive_per_process() {
    for_scenarios("GIL exclusivity", scenario(), |sc| holds(sc, check_gil));
}

#[test]
fn semaphore_permits_never_exceeded() {
    for_scenarios("semaphore permits", scenario(), |sc| holds(sc, check_permits));
}

#[test]
fn core_lanes_are_running_lanes() {
    for_scenarios("core lanes = Running lanes", scenario(), |sc| holds(sc, |_, r| check_core_lanes(r)));
}

#[test]
fn same_scenario_same_json() {
    for_scenarios("determinism", scenario(), |sc| {
        let text = sc.text();
        let a = run(&text).map(|r| r.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = run(&text).map(|r| r.to_json()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(a, b);
        Ok(())
    });
}

/// You are the scheduler: a run driven by `picks`, each made among the threads the paused
/// run offers, keeps every invariant; every pause offers at least two Runnable threads and
/// counts the picks made; and a pick changes nothing before the tick it was made at.
#[test]
fn picked_runs_keep_the_invariants() {
    for_scenarios("picks", (scenario(), prop::collection::vec(any::<u8>(), 1..12)), |(sc, choices)| {
        let base = sc.text();
        let mut picks: Vec<String> = Vec::new();
        let mut before: Option<(u64, Vec<String>)> = None;
        loop {
            let text = format!("{base}\npicks {}\n", picks.join(" "));
            let r = run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
            let events: Vec<String> = r.events.iter().map(|e| format!("{e:?}")).collect();
            if let Some((tick, old)) = &before {
                let n = r.events.iter().take_while(|e| e.tick < *tick).count();
                let m = old.len().min(n);
                prop_assert_eq!(&events[..m], &old[..m], "a pick changed the run before t={}\n{}", tick, text);
            }
            let Outcome::Pick { tick, threads, made, wrong, .. } = &r.outcome else {
                return check(&sc, &r).map_err(|msg| TestCaseError::fail(format!("{msg}\n--- scenario ---\n{text}")));
            };
            prop_assert!(wrong.is_none() && *made == picks.len() && threads.len() >= 2, "{:?}\n{}", r.outcome, text);
            if picks.len() == choices.len() {
                return check(&sc, &r).map_err(|msg| TestCaseError::fail(format!("{msg}\n--- scenario ---\n{text}")));
            }
            let t = threads[usize::from(choices[picks.len()]) % threads.len()];
            picks.push(r.thread_name(t).to_string());
            let n = r.events.iter().take_while(|e| e.tick < *tick).count();
            before = Some((*tick, events[..n].to_vec()));
        }
    });
}

/// A run advanced in slices (as the web app does between frames) is the run in one go.
#[test]
fn slices_change_nothing() {
    for_scenarios("slices", (scenario(), 1usize..7), |(sc, slice)| {
        let text = sc.text();
        let program =
            threadlab_sim::compile(&threadlab_sim::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let whole = threadlab_sim::simulate(&program, &threadlab_sim::RunOptions::default()).to_json();
        let mut sim = threadlab_sim::Simulation::new(&program, &threadlab_sim::RunOptions::default());
        let mut last = 0;
        while !sim.advance(slice) {
            let (now, _) = sim.progress();
            prop_assert!(now >= last, "progress goes forward");
            last = now;
            prop_assert!(sim.finish().is_none(), "no result before the end");
        }
        let sliced = sim.finish().expect("a result at the end").to_json();
        prop_assert_eq!(whole, sliced);
        Ok(())
    });
}

/// Developer aid for engine work: writes the generated scenarios of every seed to the folder
/// `THREADLAB_DUMP_DIR` (one `.tl` file each), to compare the `--json` of a build before and
/// after a change (`cargo test -p threadlab-sim --test properties dump_generated -- --ignored`).
#[test]
#[ignore]
fn dump_generated() {
    let dir = std::env::var("THREADLAB_DUMP_DIR").expect("THREADLAB_DUMP_DIR: the folder to write to");
    std::fs::create_dir_all(&dir).expect("a writable folder");
    let n = std::sync::atomic::AtomicUsize::new(0);
    for_scenarios("dump", scenario(), |sc| {
        let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        std::fs::write(format!("{dir}/gen{i:05}.tl"), sc.text()).expect("written");
        Ok(())
    });
}
