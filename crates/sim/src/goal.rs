//! "You are the scheduler": the goals a run can be given (`goal deadlock`, `goal finish-by N`,
//! `goal starve THREAD N`) and whether a run reached one. The run itself is an ordinary run
//! whose choices come from `picks` (the rule is in `engine/scheduling.rs`); a run that stopped
//! for the next pick (outcome `pick`) may still reach its goal, so its status is `Open`.

use crate::result::{Outcome, RunResult};
use crate::trace::{State, ThreadId};

/// A goal, its thread resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// The run ends in a deadlock.
    Deadlock,
    /// Every process has ended by this tick.
    FinishBy(u64),
    /// `thread` waits Runnable `ticks` ticks in a row without getting a core.
    Starve { thread: ThreadId, ticks: u64 },
}

/// Where a run stands with its goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Reached.
    Met,
    /// Not yet: the run waits for a pick and may still reach it.
    Open,
    /// Out of reach: the run ended (or went past the deadline) without it.
    Missed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Open => "open",
            Status::Missed => "missed",
        }
    }
}

/// A goal with the status the run reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoalReport {
    pub goal: Goal,
    pub status: Status,
}

/// The status of `goal` in the finished (or paused) run `r`.
pub fn status(goal: Goal, r: &RunResult) -> Status {
    let paused = matches!(r.outcome, Outcome::Pick { .. });
    let open_or_missed = if paused { Status::Open } else { Status::Missed };
    match goal {
        Goal::Deadlock => match r.outcome {
            Outcome::Deadlock { .. } => Status::Met,
            _ => open_or_missed,
        },
        Goal::FinishBy(by) => match r.outcome {
            Outcome::Completed if r.makespan <= by => Status::Met,
            Outcome::Pick { tick, .. } if tick <= by => Status::Open,
            _ => Status::Missed,
        },
        Goal::Starve { thread, ticks } => {
            if longest_wait(r, thread) >= ticks {
                Status::Met
            } else {
                open_or_missed
            }
        }
    }
}

/// The longest stretch of ticks `t` spent Runnable in a row (adjacent Runnable segments join;
/// a thread's segments are recorded in time order).
pub fn longest_wait(r: &RunResult, t: ThreadId) -> u64 {
    let spans = r.segments.iter().filter(|s| s.thread == t && s.state == State::Runnable).map(|s| (s.start, s.end));
    let (mut best, mut run) = (0u64, None::<(u64, u64)>);
    for (a, b) in spans {
        run = match run {
            Some((s, e)) if a <= e => Some((s, e.max(b))),
            _ => Some((a, b)),
        };
        if let Some((s, e)) = run {
            best = best.max(e - s);
        }
    }
    best
}
