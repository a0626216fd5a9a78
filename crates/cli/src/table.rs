//! The words and numbers of `threadlab run`: the header line, the tables (per thread, per
//! core, whole run) and the outcome explained (deadlock cycle, stalled threads, limit or
//! error). A tick that never came prints as `-`.

use threadlab_sim::trace::Cause;
use threadlab_sim::{Outcome, RunResult};

/// The name of thread `id`, or `?` for an id the result does not know.
fn name(r: &RunResult, id: u32) -> &str {
    r.threads.get(id as usize).map_or("?", |t| t.name.as_str())
}

fn tick(t: Option<u64>) -> String {
    t.map_or_else(|| "-".to_string(), |t| t.to_string())
}

pub(crate) fn percent(x: f64) -> String {
    if x.is_finite() {
        format!("{:.1}%", x * 100.0)
    } else {
        "-".to_string()
    }
}

/// The outcome in a few words, e.g. `deadlock at t=5`.
fn outcome_short(r: &RunResult) -> String {
    match &r.outcome {
        Outcome::Completed => "completed".to_string(),
        Outcome::Deadlock { tick, .. } => format!("deadlock at t={tick}"),
        Outcome::Stalled { tick, .. } => format!("stalled at t={tick}"),
        Outcome::Limit { tick, .. } => format!("stopped at the limit, t={tick}"),
        Outcome::Pick { tick, .. } => format!("waiting for a pick at t={tick}"),
        Outcome::Error { tick, thread, .. } => format!("error in {} at t={tick}", name(r, *thread)),
    }
}

/// The first line of the report: title (if any), outcome, makespan with its unit.
pub fn header(title: Option<&str>, r: &RunResult) -> String {
    let summary = format!("{}, makespan {} {}", outcome_short(r), r.makespan, r.unit);
    match title {
        Some(t) if !t.trim().is_empty() => format!("{t} — {summary}\n"),
        _ => format!("{summary}\n"),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A plain text table: columns two spaces apart, no trailing spaces.
pub(crate) fn grid(out: &mut String, head: &[(&str, Align)], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = head.iter().map(|(h, _)| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut line = String::new();
    let mut write = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        line.clear();
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let pad = widths[i].saturating_sub(cell.chars().count());
            if head[i].1 == Align::Right {
                line.extend(std::iter::repeat_n(' ', pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    };
    write(&mut head.iter().map(|(h, _)| *h), out);
    for row in rows {
        write(&mut row.iter().map(String::as_str), out);
    }
}

/// The numbers: a table of threads, a table of cores, and the whole-run figures.
pub fn numbers(r: &RunResult) -> String {
    use Align::{Left as L, Right as R};
    let mut out = String::new();
    out.push_str(&format!("threads (times in {})\n", r.unit));
    let head = [
        ("key", L),
        ("thread", L),
        ("process", L),
        ("fate", L),
        ("arrival", R),
        ("first run", R),
        ("end", R),
        ("cpu", R),
        ("waiting", R),
        ("blocked", R),
        ("turnaround", R),
        ("response", R),
        ("blocked by cause", L),
    ];
    let rows: Vec<Vec<String>> = r
        .threads
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let by_cause: Vec<String> = Cause::ALL
                .iter()
                .filter(|c| t.blocked_by(**c) > 0)
                .map(|c| format!("{} {}", c.as_str(), t.blocked_by(*c)))
                .collect();
            let blocked = t.blocked.iter().fold(0u64, |a, b| a.saturating_add(*b));
            vec![
                crate::gantt::key(i).to_string(),
                if t.daemon { format!("{} (daemon)", t.name) } else { t.name.clone() },
                t.process.clone(),
                t.fate.as_str().replace('_', " "),
                tick(t.arrival),
                tick(t.first_run),
                tick(t.end),
                t.cpu.to_string(),
                t.waiting().to_string(),
                blocked.to_string(),
                tick(t.turnaround()),
                tick(t.response()),
                by_cause.join(", "),
            ]
        })
        .collect();
    grid(&mut out, &head, &rows);

    out.push_str(&format!("\ncores (times in {})\n", r.unit));
    let head = [("core", L), ("busy", R), ("switching", R), ("idle", R), ("busy %", R)];
    let rows: Vec<Vec<String>> = r
        .cores
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let share = if r.makespan == 0 { f64::NAN } else { c.busy as f64 / r.makespan as f64 };
            vec![i.to_string(), c.busy.to_string(), c.switching.to_string(), c.idle.to_string(), percent(share)]
        })
        .collect();
    grid(&mut out, &head, &rows);

    if !r.pools.is_empty() {
        pools(r, &mut out);
    }

    out.push_str("\nwhole run\n");
    let figures = [
        ("makespan", format!("{} {}", r.makespan, r.unit)),
        ("CPU utilisation", percent(r.cpu_utilization)),
        ("I/O busy", format!("{} {}", r.io_busy, r.unit)),
        ("context switches", r.context_switches.to_string()),
        ("GIL hand-offs", r.gil_handoffs.to_string()),
    ];
    for (what, value) in figures {
        out.push_str(&format!("{what:<16}  {value}\n"));
    }
    out
}

/// A number with one decimal, or `-` when there is none.
fn decimal(x: Option<f64>) -> String {
    x.filter(|x| x.is_finite()).map_or_else(|| "-".to_string(), |x| format!("{x:.1}"))
}

/// The pools table (Version 1.1): one row per pool, latencies in ticks from the pool's start,
/// throughput in jobs per 1,000 ticks.
fn pools(r: &RunResult, out: &mut String) {
    use Align::{Left as L, Right as R};
    out.push_str(&format!("\npools (times in {}; throughput = jobs per 1000 {})\n", r.unit, r.unit));
    let head = [
        ("pool", L),
        ("kind", L),
        ("workers", R),
        ("jobs", R),
        ("done", R),
        ("mean latency", R),
        ("max latency", R),
        ("throughput", R),
    ];
    let rows: Vec<Vec<String>> = r
        .pools
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.kind.keyword().to_string(),
                p.workers.to_string(),
                p.jobs.to_string(),
                p.done.to_string(),
                decimal(p.mean_latency),
                tick(p.max_latency),
                decimal(p.throughput),
            ]
        })
        .collect();
    grid(out, &head, &rows);
}

/// A goal as the scenario writes it.
fn goal_words(r: &RunResult, g: threadlab_sim::goal::Goal) -> String {
    use threadlab_sim::goal::Goal;
    match g {
        Goal::Deadlock => "deadlock".to_string(),
        Goal::FinishBy(by) => format!("finish-by {by}"),
        Goal::Starve { thread, ticks } => format!("starve {} {ticks}", name(r, thread)),
    }
}

/// The outcome explained: why the run ended as it did, naming threads, ticks and reasons.
pub fn outcome(r: &RunResult) -> String {
    let mut out = String::new();
    if let Some(g) = &r.goal {
        out.push_str(&format!("goal: {} ({})\n", goal_words(r, g.goal), g.status.as_str()));
    }
    match &r.outcome {
        Outcome::Completed => out.push_str("outcome: completed: every process ended\n"),
        Outcome::Deadlock { cycle, tick, waits } => {
            let mut names: Vec<&str> = cycle.iter().map(|t| name(r, *t)).collect();
            if let Some(first) = names.first().copied() {
                names.push(first);
            }
            out.push_str(&format!("outcome: deadlock at t={tick}: {}\n", names.join(" → ")));
            for w in waits {
                out.push_str(&format!("  {}\n", w.text));
            }
        }
        Outcome::Stalled { threads, tick, waits } => {
            let names: Vec<&str> = threads.iter().map(|t| name(r, *t)).collect();
            out.push_str(&format!(
                "outcome: stalled at t={tick}: no thread can ever run again (stuck: {})\n",
                names.join(", ")
            ));
            for w in waits {
                out.push_str(&format!("  {}\n", w.text));
            }
        }
        Outcome::Limit { tick, reason } => {
            out.push_str(&format!("outcome: stopped at the limit, t={tick}: {reason}\n"));
        }
        Outcome::Pick { .. } => {
            out.push_str(&format!("outcome: {}\n", threadlab_share::svg_export::outcome_sentence(r)));
        }
        Outcome::Error { thread, tick, reason } => {
            out.push_str(&format!("outcome: error in thread {} at t={tick}: {reason}\n", name(r, *thread)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_sim::result::{CoreStats, ThreadStats, Wait};
    use threadlab_sim::{Fate, HeldOp, RunError};

    fn thread(name: &str, arrival: Option<u64>, first_run: Option<u64>, end: Option<u64>, fate: Fate) -> ThreadStats {
        ThreadStats {
            name: name.to_string(),
            process: "main".to_string(),
            daemon: false,
            priority: 0,
            asyncio: false,
            arrival,
            first_run,
            end,
            cpu: 0,
            runnable: 0,
            blocked: [0; 7],
            fate,
        }
    }

    /// Worked example 1 of SCENARIO.md: round robin, quantum 1.
    fn rr() -> RunResult {
        let mut j0 = thread("j0", Some(0), Some(0), Some(6), Fate::Finished);
        j0.cpu = 3;
        j0.runnable = 3;
        let mut j1 = thread("j1", Some(0), Some(1), Some(5), Fate::Finished);
        j1.cpu = 2;
        j1.runnable = 3;
        let mut j2 = thread("j2", Some(0), Some(2), Some(3), Fate::Finished);
        j2.cpu = 1;
        j2.runnable = 2;
        let mut never = thread("later", None, None, None, Fate::NeverStarted);
        never.daemon = true;
        never.blocked[Cause::Io.index()] = 4;
        never.blocked[Cause::Lock.index()] = 2;
        RunResult {
            unit: "ms".to_string(),
            outcome: Outcome::Completed,
            makespan: 6,
            cpu_utilization: 1.0,
            io_busy: 0,
            context_switches: 5,
            gil_handoffs: 0,
            cores: vec![CoreStats { busy: 6, switching: 0, idle: 0 }],
            threads: vec![j0, j1, j2, never],
            processes: vec!["main".to_string()],
            objects: vec![],
            tasks: vec![],
            task_threads: vec![],
            segments: Default::default(),
            core_segments: Default::default(),
            events: Default::default(),
            pools: vec![],
            goal: None,
            picks_made: 0,
        }
    }

    #[test]
    fn numbers_table_is_exact() {
        let got = numbers(&rr());
        let want = "\
threads (times in ms)
key  thread          process  fate           arrival  first run  end  cpu  waiting  blocked  turnaround  response  blocked by cause
a    j0              main     finished             0          0    6    3        3        0           6         0
b    j1              main     finished             0          1    5    2        3        0           5         1
c    j2              main     finished             0          2    3    1        2        0           3         2
d    later (daemon)  main     never started        -          -    -    0        0        6           -         -  io 4, lock 2

cores (times in ms)
core  busy  switching  idle  busy %
0        6          0     0  100.0%

whole run
makespan          6 ms
CPU utilisation   100.0%
I/O busy          0 ms
context switches  5
GIL hand-offs     0
";
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn pools_table_is_exact_and_only_there_with_pools() {
        let text = "pool p threads 2 jobs 3 { cpu 2; io 2 }\npool q tasks 2 jobs 1 at 100 { cpu 1 }";
        let r = threadlab_sim::run(text).unwrap();
        let got = numbers(&r);
        let want = "\
pools (times in ms; throughput = jobs per 1000 ms)
pool  kind     workers  jobs  done  mean latency  max latency  throughput
p     threads        2     3     3           6.0            8       375.0
q     tasks          2     1     1           1.0            1      1000.0
";
        assert!(got.contains(want), "\n{got}");
        assert!(!numbers(&rr()).contains("pools"));
    }

    #[test]
    fn header_names_title_outcome_and_makespan() {
        let r = rr();
        assert_eq!(header(Some("Round robin"), &r), "Round robin — completed, makespan 6 ms\n");
        assert_eq!(header(None, &r), "completed, makespan 6 ms\n");
    }

    #[test]
    fn outcomes_are_explained() {
        let mut r = rr();
        assert_eq!(outcome(&r), "outcome: completed: every process ended\n");
        let wait = |t: u32, text: &str| Wait {
            thread: t,
            cause: Some(Cause::Lock),
            object: None,
            on: None,
            text: text.to_string(),
        };
        r.outcome = Outcome::Deadlock {
            cycle: vec![0, 1],
            tick: 5,
            waits: vec![wait(0, "j0 waits for lock y, held by j1"), wait(1, "j1 waits for lock x, held by j0")],
        };
        assert_eq!(
            outcome(&r),
            "outcome: deadlock at t=5: j0 → j1 → j0\n  j0 waits for lock y, held by j1\n  j1 waits for lock x, held by j0\n"
        );
        assert!(header(None, &r).starts_with("deadlock at t=5, makespan 6 ms"));
        r.outcome = Outcome::Stalled {
            threads: vec![2],
            tick: 9,
            waits: vec![wait(2, "j2 waits in wait m; no one will notify")],
        };
        assert_eq!(
            outcome(&r),
            "outcome: stalled at t=9: no thread can ever run again (stuck: j2)\n  j2 waits in wait m; no one will notify\n"
        );
        r.outcome = Outcome::Limit { tick: 100, reason: threadlab_sim::result::LimitReason::Ticks(100) };
        assert_eq!(outcome(&r), "outcome: stopped at the limit, t=100: the limit of 100 ticks was reached\n");
        let reason = RunError::NotHeld { op: HeldOp::Unlock, mutex: "m".to_string(), holder: None };
        r.outcome = Outcome::Error { thread: 1, tick: 4, reason: reason.clone() };
        assert_eq!(outcome(&r), "outcome: error in thread j1 at t=4: unlock of m, which it does not hold\n");
        // An id the result does not know prints as `?` instead of panicking.
        r.outcome = Outcome::Error { thread: 99, tick: 4, reason };
        assert_eq!(outcome(&r), "outcome: error in thread ? at t=4: unlock of m, which it does not hold\n");
    }

    #[test]
    fn bad_numbers_do_not_panic() {
        let mut r = rr();
        r.makespan = 0;
        r.cpu_utilization = f64::NAN;
        let out = numbers(&r);
        assert!(out.contains("CPU utilisation   -\n"), "{out}");
        assert!(out.contains("0        6          0     0       -\n"), "{out}");
    }
}
