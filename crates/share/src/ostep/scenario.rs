//! The Threadlab scenario of an OSTEP homework command line (issue 14: `threadlab ostep …
//! --scenario`, and the app's import box): the same jobs as threads, under the policy that
//! runs them as the original does, so that `threadlab run` gives the same numbers.
//!
//! - `scheduler.py`: each job is a thread `jobK { cpu LENGTH }`, all arriving at 0, on one
//!   core, under `scheduler fifo`, `sjf` or `rr quantum Q` (scheduler.py's SJF is FIFO over
//!   the jobs sorted by length, stably: `sjf`'s ties go in thread order). Response, turnaround
//!   and wait per job are then ours exactly (`tests/ostep_scenario.rs`).
//! - `process-run.py`: each process is a thread `pK` of its instructions (`cpu` ticks merged:
//!   `cpu N`; an `io` is `cpu 1; io L` and its `io_done` `cpu 1`: the issuing tick, L ticks
//!   blocked, the handling tick) under `scheduler ostep` with the rules of `-S` and `-I`
//!   (`switch-on-end`, `io-immediate`): Total Time and CPU Busy are then the same (the
//!   policy's tests in the core and `tests/ostep_scenario.rs`). process-run's "IO Busy" also
//!   counts the tick an I/O is issued on, so it is ours plus one per I/O when they do not
//!   overlap.
//!
//! Where the original's problem has no scenario (a run time that is not a whole number of
//! ticks, a job of length 0, an unknown policy, a quantum below 1), the answer says so.

use super::{process_run, scheduler};

/// The title: the command line, as typed after the program's name.
fn title(program: &str, args: &[String]) -> String {
    let mut t = format!("OSTEP {program}");
    for a in args {
        t.push(' ');
        t.push_str(a);
    }
    threadlab_sim::format::quote(&t)
}

/// The scenario of `scheduler.py ARGS` (without `-c`, which only prints the answers).
pub fn scheduler(args: &[String]) -> Result<String, String> {
    let o = scheduler::parse(args)?;
    let sim = scheduler::simulate(&scheduler::Options { solve: false, ..o.clone() })?;
    let policy = match &o.policy {
        scheduler::Policy::Fifo => "scheduler fifo".to_string(),
        scheduler::Policy::Sjf => "scheduler sjf".to_string(),
        scheduler::Policy::Rr if o.quantum >= 1 => format!("scheduler rr quantum {}", o.quantum),
        scheduler::Policy::Rr => {
            return Err(format!("a quantum of {} has no scenario: Threadlab's quantum is at least 1 tick", o.quantum))
        }
        scheduler::Policy::Other(p) => {
            return Err(format!("policy {p} is not one of FIFO, SJF, RR: there is no scenario to write"))
        }
    };
    let mut out = format!(
        "title {}\nnote \"Each job of scheduler.py is a thread of one CPU burst; all arrive at 0, on one CPU. Response = first run, turnaround = end, wait = time Runnable.\"\n{policy}\n",
        title("scheduler.py", args)
    );
    for job in &sim.jobs {
        let len = match job.length {
            scheduler::Num::Int(n) => u64::try_from(n).ok(),
            scheduler::Num::Float(f) if f.fract() == 0.0 && (0.0..=1e15).contains(&f) => Some(f as u64),
            scheduler::Num::Float(_) => None,
        };
        match len {
            Some(0) => {
                return Err(format!("job {} has length 0: a thread with no CPU to run never gets the CPU here", job.id))
            }
            Some(n) => out.push_str(&format!("thread job{} {{ cpu {n} }}\n", job.id)),
            None => {
                return Err(format!(
                    "job {} has length {}: Threadlab's ticks are whole numbers, so it has no scenario",
                    job.id,
                    job.length.as_f64()
                ))
            }
        }
    }
    // The text is a valid scenario (what the caller prints must run).
    threadlab_sim::check(&out).map_err(|e| format!("the scenario does not check: {e}"))?;
    Ok(out)
}

/// The scenario of `process-run.py ARGS` (`-c` and `-p` make no difference).
pub fn process_run(args: &[String]) -> Result<String, String> {
    let o = process_run::parse(args)?;
    if o.help {
        return Err("-h prints the help: there is no problem to write as a scenario".into());
    }
    let mut rules = String::new();
    if o.switch == process_run::Switch::OnEnd {
        rules.push_str(" switch-on-end");
    }
    if o.io_done == process_run::IoDone::RunImmediate {
        rules.push_str(" io-immediate");
    }
    let mut out = format!(
        "title {}\nnote \"Each process of process-run.py is a thread: cpu N for its CPU instructions; an io is cpu 1 (issuing it), io L (blocked) and cpu 1 (io_done). scheduler ostep runs them as process-run.py does.\"\nscheduler ostep{rules}\n",
        title("process-run.py", args)
    );
    for (pid, code) in process_run::processes(&o).iter().enumerate() {
        if code.is_empty() {
            return Err(format!(
                "process {pid} has no instructions: process-run.py spends an idle tick on it, which a scenario cannot say"
            ));
        }
        let mut ops: Vec<String> = Vec::new();
        let mut cpu = 0u64;
        for ins in code {
            if *ins == process_run::Instruction::Cpu {
                cpu += 1;
                continue;
            }
            if cpu > 0 {
                ops.push(format!("cpu {cpu}"));
                cpu = 0;
            }
            match ins {
                process_run::Instruction::Io => {
                    ops.push("cpu 1".into());
                    ops.push(format!("io {}", o.io_length));
                }
                _ => ops.push("cpu 1".into()),
            }
        }
        if cpu > 0 {
            ops.push(format!("cpu {cpu}"));
        }
        out.push_str(&format!("thread p{pid} {{ {} }}\n", ops.join("; ")));
    }
    threadlab_sim::check(&out).map_err(|e| format!("the scenario does not check: {e}"))?;
    Ok(out)
}
