//! The numbers of a run, all derived from the trace (so they can never disagree with the
//! chart; the recorder tallies each piece of it as it closes): per thread (arrival, first run, end, CPU, Runnable and Blocked time per
//! cause), per core (busy, switching, idle) and for the whole run.

use crate::pool::PoolStats;
use crate::program::Program;
use crate::recorder::Trace;
use crate::result::{CoreStats, Fate, Outcome, RunResult, ThreadStats};
use crate::trace::CoreActivity;

/// How a thread's life went, as the engine saw it: the rest of its numbers come from the trace.
pub(crate) struct ThreadLife {
    pub arrival: Option<u64>,
    pub end: Option<u64>,
    pub fate: Option<Fate>,
}

/// Builds the result from the finished trace.
pub(crate) fn result(
    p: &Program,
    th: &[ThreadLife],
    trace: Trace,
    outcome: Outcome,
    makespan: u64,
    (context_switches, gil_handoffs): (u64, u64),
    pools: Vec<PoolStats>,
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
    let mut r = RunResult {
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
        pools,
        goal: None,
        picks_made: 0,
    };
    r.goal = p.goal.map(|goal| crate::goal::GoalReport { goal, status: crate::goal::status(goal, &r) });
    r
}
