//! The numbers of a run, all derived from the trace (so they can never disagree with the
//! chart; the recorder tallies each piece of it as it closes): per thread (arrival, first run, end, CPU, Runnable and Blocked time per
//! cause), per core (busy, switching, idle) and for the whole run. Also the static CPU demand
//! estimate used by `stcf`.

use crate::ast::Amount;
use crate::engine::ThCold;
use crate::program::{Instr, Program};
use crate::recorder::Trace;
use crate::result::{CoreStats, Fate, Outcome, RunResult, ThreadStats};
use crate::trace::CoreActivity;

/// CPU demand of each code block, counting a range as its middle (saturating).
pub(crate) fn static_demand(p: &Program) -> Vec<u64> {
    p.codes.iter().map(|code| code_demand(code)).collect()
}

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

/// The static demand of thread `t` (an event loop: the sum over its tasks).
pub(crate) fn thread_demand(p: &Program, demand: &[u64], t: usize) -> u64 {
    let info = &p.threads[t];
    if info.asyncio {
        info.tasks.iter().map(|&k| demand[p.tasks[k as usize].code as usize]).fold(0, u64::saturating_add)
    } else {
        demand[info.code as usize]
    }
}

/// Builds the result from the finished trace.
pub(crate) fn result(
    p: &Program,
    th: &[ThCold],
    trace: Trace,
    outcome: Outcome,
    makespan: u64,
    context_switches: u64,
    gil_handoffs: u64,
) -> RunResult {
    let threads: Vec<ThreadStats> = p
        .threads
        .iter()
        .zip(th)
        .zip(&trace.tallies)
        .map(|((info, t), tally)| ThreadStats {
            name: info.name.clone(),
            process: p.processes[info.process as usize].name.clone(),
            daemon: info.daemon,
            priority: info.priority,
            asyncio: info.asyncio,
            arrival: t.arrival,
            first_run: tally.first_run,
            end: t.end,
            cpu: tally.ticks[0],
            runnable: tally.ticks[1],
            blocked: std::array::from_fn(|c| tally.ticks[2 + c]),
            fate: t.fate.unwrap_or(Fate::Unfinished),
        })
        .collect();
    let mut cores = vec![CoreStats::default(); p.settings.cores as usize];
    for g in &trace.core_segments {
        let c = &mut cores[g.core as usize];
        match g.activity {
            CoreActivity::Run(_) => c.busy += g.end - g.start,
            CoreActivity::Switch(_) => c.switching += g.end - g.start,
        }
    }
    for c in cores.iter_mut() {
        c.idle = makespan.saturating_sub(c.busy + c.switching);
    }
    let busy: u64 = cores.iter().map(|c| c.busy).sum();
    let capacity = makespan.saturating_mul(cores.len() as u64);
    let cpu_utilization = if capacity == 0 { 0.0 } else { busy as f64 / capacity as f64 };
    RunResult {
        unit: p.settings.unit.clone(),
        outcome,
        makespan,
        cpu_utilization,
        io_busy: trace.io_busy,
        context_switches,
        gil_handoffs,
        cores,
        threads,
        processes: p.processes.iter().map(|x| x.name.clone()).collect(),
        objects: p.objects.clone(),
        tasks: p.tasks.iter().map(|x| x.name.clone()).collect(),
        task_threads: p.tasks.iter().map(|x| x.thread).collect(),
        segments: trace.segments,
        core_segments: trace.core_segments,
        events: trace.events,
    }
}
