//! The Threadlab scenario of an OSTEP homework command line (issue 14: `threadlab ostep …
//! --scenario`, and the app's import box): the same jobs as threads, under the policy that
//! runs them as the original does, so that `threadlab run` gives the same numbers.
//!
//! - `scheduler.py`: each job is a thread `jobK { cpu LENGTH }`, all arriving at 0, on one
//!   core, under `scheduler fifo`, `sjf` or `rr quantum Q` (scheduler.py's SJF is FIFO over
//!   the jobs sorted by length, stably: `sjf`'s ties go in thread order). Response, turnaround
//!   and wait per job are then ours exactly (`tests/ostep_scenario.rs`).
//! - `process-run.py`: see [`process_run`].
//!
//! Where the original's problem has no scenario (a run time that is not a whole number of
//! ticks, a job of length 0, an unknown policy, a quantum below 1), the answer says so.

use super::scheduler;

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
