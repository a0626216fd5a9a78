//! Pools of workers taking jobs from a queue (SCENARIO.md, Version 1.1), as a plain type that
//! knows nothing of the engine: [`PoolRun::take`] answers whether a worker gets a job,
//! [`PoolRun::done`] records the end of one, and [`PoolRun::stats`] gives the pool's numbers.
//! The engine (`engine/interpreter.rs`, and `asyncio.rs` for task workers) asks at the compiled
//! `NextJob` / `JobDone` instructions that frame every worker's code.
//!
//! Jobs 1…J are all submitted when the pool starts; a worker, when it starts and each time it
//! finishes a job, takes the lowest-numbered job left (instantly, at no cost); with none left
//! it ends. Workers that take jobs at the same tick take them in worker-number order. A job's
//! body does not depend on its number, so the engine only needs to know *whether* a job is
//! left when a worker asks; numbers are dealt out afterwards, by (tick taken, worker): exactly
//! what the rule gives, whatever order the engine happened to ask in within a tick.

use crate::ast::PoolKind;
use serde::Serialize;

/// One taken job: who took it, when, and when it ended (if it did).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Take {
    tick: u64,
    worker: u32,
    end: Option<u64>,
}

/// The run-time state of one pool.
#[derive(Debug, Clone)]
pub(crate) struct PoolRun {
    jobs: u64,
    /// Per worker (0-based): the index in `takes` of the job it is running.
    running: Vec<Option<usize>>,
    /// Jobs taken so far, in the order they were taken.
    takes: Vec<Take>,
}

impl PoolRun {
    pub fn new(workers: u32, jobs: u64) -> Self {
        PoolRun { jobs, running: vec![None; workers as usize], takes: Vec::new() }
    }

    /// Worker `worker` (0-based) asks for a job at `now`: true if it got one (then it runs
    /// the body), false when none is left (then it ends).
    pub fn take(&mut self, worker: u32, now: u64) -> bool {
        if self.takes.len() as u64 >= self.jobs {
            return false;
        }
        if let Some(slot) = self.running.get_mut(worker as usize) {
            *slot = Some(self.takes.len());
        }
        self.takes.push(Take { tick: now, worker, end: None });
        true
    }

    /// Worker `worker` finished the job it was running, at `now`.
    pub fn done(&mut self, worker: u32, now: u64) {
        if let Some(i) = self.running.get_mut(worker as usize).and_then(Option::take) {
            self.takes[i].end = Some(now);
        }
    }

    /// The jobs taken, in job-number order (job 1 first): by tick taken, then worker number.
    /// A worker that takes several jobs at one tick (jobs that take no time) takes its second
    /// after every other worker's first at that tick, and so on (`round`).
    ///
    /// Takes are recorded as time goes on, so each tick's are together; within one tick they
    /// are ordered by one `u64` key, round · worker · place (the plain `u64` sort the engine
    /// has anyway: no second sort in the web app's wasm). The limits keep each part in its
    /// bits: jobs (so rounds and places) below 2^20, workers below 2^14.
    pub fn jobs(&self) -> Vec<Job> {
        let mut round = vec![0u64; self.running.len()];
        let mut last_tick = vec![u64::MAX; self.running.len()];
        let mut out = Vec::with_capacity(self.takes.len());
        let mut keys: Vec<u64> = Vec::new();
        let mut first = 0;
        while first < self.takes.len() {
            let tick = self.takes[first].tick;
            let group = self.takes[first..].iter().take_while(|t| t.tick == tick).count();
            keys.clear();
            for (place, t) in self.takes[first..first + group].iter().enumerate() {
                let w = t.worker as usize;
                if let (Some(r), Some(l)) = (round.get_mut(w), last_tick.get_mut(w)) {
                    *r = if *l == tick { *r + 1 } else { 0 };
                    *l = tick;
                    keys.push(*r << 34 | u64::from(t.worker) << 20 | place as u64);
                }
            }
            keys.sort_unstable();
            for k in &keys {
                let t = self.takes[first + (k & 0xf_ffff) as usize];
                out.push(Job { worker: t.worker + 1, start: t.tick, end: t.end });
            }
            first += group;
        }
        out
    }
}

/// One job of a pool, in job-number order in [`PoolStats::job_list`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Job {
    /// The worker that ran it, 1-based (`NAME.worker`).
    pub worker: u32,
    /// The tick it was taken.
    pub start: u64,
    /// The tick it ended; `None` when it did not (its worker died, or the run stopped).
    pub end: Option<u64>,
}

/// The numbers of one pool (SCENARIO.md 1.1, "Numbers"), in the JSON as `"pools"`.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolStats {
    pub name: String,
    pub kind: PoolKind,
    pub workers: u32,
    pub jobs: u64,
    /// Jobs that ended.
    pub done: u64,
    /// The tick the pool started (its first worker started); `None` if it never did.
    pub start: Option<u64>,
    /// Mean of (end of the job − start of the pool) over the jobs done; `None` when none is.
    pub mean_latency: Option<f64>,
    pub max_latency: Option<u64>,
    /// Jobs done per 1,000 ticks between the pool's start and its last job's end; `None` when
    /// no job is done or that span is empty.
    pub throughput: Option<f64>,
    /// Every taken job, in job-number order (not in the JSON).
    pub job_list: Vec<Job>,
}

impl PoolStats {
    pub(crate) fn new(name: String, kind: PoolKind, workers: u32, run: &PoolRun) -> Self {
        let job_list = run.jobs();
        let start = job_list.iter().map(|j| j.start).min();
        let ends: Vec<u64> = job_list.iter().filter_map(|j| j.end).collect();
        let done = ends.len() as u64;
        let (mut mean_latency, mut max_latency, mut throughput) = (None, None, None);
        if let (Some(s), Some(&last)) = (start, ends.iter().max()) {
            let sum: u64 = ends.iter().map(|e| e - s).sum();
            mean_latency = Some(sum as f64 / done as f64);
            max_latency = Some(last - s);
            if last > s {
                throughput = Some(done as f64 * 1000.0 / (last - s) as f64);
            }
        }
        PoolStats { name, kind, workers, jobs: run.jobs, done, start, mean_latency, max_latency, throughput, job_list }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_run_out_and_are_numbered_by_tick_then_worker() {
        let mut p = PoolRun::new(3, 4);
        // Worker 3 asks before worker 1 at the same tick: worker 1 still gets job 1.
        assert!(p.take(2, 0));
        assert!(p.take(0, 0));
        p.done(2, 5);
        assert!(p.take(2, 5));
        assert!(p.take(1, 5));
        assert!(!p.take(0, 6), "four jobs only");
        p.done(0, 6);
        // Zero-time jobs: worker 1 takes two at tick 9 before worker 2 asks; worker 2's first
        // of that tick still comes before worker 1's second.
        let mut z = PoolRun::new(2, 4);
        assert!(z.take(0, 9));
        z.done(0, 9);
        assert!(z.take(0, 9));
        assert!(z.take(1, 9));
        let order: Vec<u32> = z.jobs().iter().map(|j| j.worker).collect();
        assert_eq!(order, [1, 2, 1]);
        let jobs = p.jobs();
        let who: Vec<(u32, u64)> = jobs.iter().map(|j| (j.worker, j.start)).collect();
        assert_eq!(who, vec![(1, 0), (3, 0), (2, 5), (3, 5)]);
        assert_eq!(jobs[0].end, Some(6));
        assert_eq!(jobs[1].end, Some(5));
        assert_eq!(jobs[2].end, None);
    }

    #[test]
    fn numbers_of_a_small_pool() {
        let mut p = PoolRun::new(2, 3);
        assert!(p.take(0, 10) && p.take(1, 10));
        p.done(0, 14);
        assert!(p.take(0, 14));
        p.done(1, 16);
        p.done(0, 18);
        let s = PoolStats::new("p".into(), PoolKind::Threads, 2, &p);
        assert_eq!((s.done, s.start, s.max_latency), (3, Some(10), Some(8)));
        assert_eq!(s.mean_latency, Some((4.0 + 6.0 + 8.0) / 3.0));
        assert_eq!(s.throughput, Some(3.0 * 1000.0 / 8.0));
        let none = PoolStats::new("q".into(), PoolKind::Tasks, 1, &PoolRun::new(1, 2));
        assert_eq!((none.done, none.start, none.mean_latency, none.throughput), (0, None, None, None));
    }
}
