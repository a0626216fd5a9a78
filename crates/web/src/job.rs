//! A simulation in progress, run off the animation path: the app advances it in slices of a
//! few milliseconds between frames (a timer per slice), shows its progress, and drops it when
//! the text changes again. The page never waits for a long run.
//!
//! The core's `Simulation` borrows its `Program`; a job owns both (`self_cell`), so it can live
//! across timer callbacks.

use std::rc::Rc;
use threadlab_sim::{Program, RunOptions, RunResult, Simulation};

type Sim<'a> = Simulation<'a>;

self_cell::self_cell!(
    struct Cell {
        owner: Rc<Program>,
        #[covariant]
        dependent: Sim,
    }
);

/// Ticks advanced between two checks of the clock.
const TICKS_PER_CHECK: usize = 256;

/// The browser's limits on a run (a run past them ends with outcome `limit`, explained):
/// fewer trace segments than the core's default, so a run never exhausts the page's memory.
pub fn browser_options() -> RunOptions {
    RunOptions { max_segments: 4_000_000, ..RunOptions::default() }
}

pub struct Job {
    cell: Cell,
}

impl Job {
    pub fn new(program: Rc<Program>) -> Job {
        Job { cell: Cell::new(program, |p| Simulation::new(p, &browser_options())) }
    }

    /// Advances until the run is over or `now()` passes `deadline` (milliseconds, the
    /// clock `now` reads); the finished result, if the run is over.
    pub fn slice(&mut self, deadline: f64, now: impl Fn() -> f64) -> Option<RunResult> {
        self.cell.with_dependent_mut(|_, sim| loop {
            if sim.advance(TICKS_PER_CHECK) {
                return sim.finish();
            }
            if now() >= deadline {
                return None;
            }
        })
    }

    /// The tick reached and the scenario's limit.
    pub fn progress(&self) -> (u64, u64) {
        self.cell.borrow_dependent().progress()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_in_slices_gives_the_run() {
        let text = "cores 2\nthread a x 20 { repeat 50 { cpu 1; io 2 } }";
        let program = Rc::new(threadlab_sim::compile(&threadlab_sim::parse(text).unwrap()).unwrap());
        let whole = threadlab_sim::simulate(&program, &browser_options());
        let mut job = Job::new(program);
        // A clock that runs out after every check: one check per slice.
        let mut slices = 0;
        let result = loop {
            slices += 1;
            if let Some(r) = job.slice(0.0, || 1.0) {
                break r;
            }
            assert!(job.progress().0 > 0);
        };
        assert!(slices > 1, "the run took several slices");
        assert_eq!(result, whole);
    }
}
