//! The event-driven engine: the world (threads, cores, timers) and the main loop over the
//! ticks at which something happens. Its parts:
//!
//! - `transition.rs`: the one function that moves a thread between states (cores, ready
//!   queue, segments, GIL release, the event of the move);
//! - `interpreter.rs`: a thread's operations; `life.rs`: start, spawn, end, crash, processes;
//! - `scheduling.rs`: dispatching and preemption under the policies of `scheduler.rs`;
//! - `python.rs` and `sync_ops.rs`: the engine applying the plain rule types of `gil.rs`,
//!   `asyncio.rs` and `sync.rs` (which never see the engine);
//! - `stuck.rs`: how a run that can go no further ends (deadlock or stall).
//!
//! Numbers come from `stats.rs`, the trace from `recorder.rs`, timers from `timers.rs`, the
//! CPU demand estimate of `stcf` from `program.rs`.
//!
//! Within one tick the order is fixed (see docs/ARCHITECTURE.md, "One tick"):
//!
//! 1. running threads are settled to the tick;
//! 2. due actions (CPU bursts done, timers, starts) run in thread order, each followed by the
//!    threads it woke;
//! 3. context switches that end start their thread;
//! 4. GIL drop requests;
//! 5. preemption;
//! 6. threads that became Runnable join the ready queue in thread order (preempted ones last);
//! 7. free cores take threads, lowest core first.

mod interpreter;
mod life;
mod python;
mod scheduling;
mod stuck;
mod sync_ops;
mod transition;

use crate::asyncio::{LoopEffect, LoopState};
use crate::gil::Gil;
use crate::limits;
use crate::pool::{PoolRun, PoolStats};
use crate::program::{Program, SpawnTarget};
use crate::recorder::Recorder;
use crate::result::{Fate, LimitReason, Outcome, RunResult};
use crate::stats::ThreadLife;
use crate::sync::SyncState;
use crate::timers::Timers;
use crate::trace::{Cause, Event, ObjectId, Reason, ThreadId};
use std::collections::VecDeque;

/// Knobs of the engine that are not part of the scenario language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Stop with outcome `limit` once the trace holds this many thread segments.
    pub max_segments: usize,
    /// Stop with outcome `limit` after this many interpreted operations (guards loops of
    /// operations that take no time, such as `repeat 1000000000 { yield }`); each thread the
    /// scheduler looks at when it picks or preempts counts as one.
    pub max_steps: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { max_segments: limits::DEFAULT_MAX_SEGMENTS, max_steps: 200_000_000 }
    }
}

/// Where a thread is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    New,
    /// Out of New, about to run its first operation (which decides what it does); its
    /// segment is Runnable.
    Started,
    /// Runnable: in the ready queue (or about to join it this tick).
    Ready,
    /// Runnable, picked by a core that is switching to it.
    Assigned(u32),
    Running(u32),
    Blocked(Cause, Option<ObjectId>),
    Dead,
}

/// What `scheduler ostep` needs beyond the other policies (see `scheduling.rs`).
#[derive(Debug, Clone)]
struct OstepSt {
    /// Per thread: the tick it last became Runnable after being Blocked.
    woke_at: Vec<u64>,
    /// The last tick at which a thread woke (the `io-immediate` rule looks at it).
    last_wake: u64,
    /// A thread woke and the `io-immediate` preemption has not been made for it yet.
    wake_unserved: bool,
    /// Per core: the tick and the thread of the last time a running thread gave it up by
    /// blocking or ending.
    freed: Vec<(u64, ThreadId)>,
}

/// `Th::code` of an asyncio event-loop thread (its tasks have the code).
const LOOP_THREAD: u32 = u32::MAX;

/// The state of a thread that nearly every operation touches, one cache line per thread
/// (threads are visited in no particular order); the rest is in [`ThCold`].
#[derive(Debug, Clone)]
#[repr(align(64))]
struct Th {
    st: St,
    /// Bumped at every block and wake; lists and timers holding an older token are stale.
    token: u32,
    ip: u32,
    /// Index into `Program::codes`, or `LOOP_THREAD`.
    code: u32,
    /// CPU ticks left in the current burst (a `cpu` op or a spawn cost).
    cpu_left: u64,
    /// Tick at which the current Blocked state began (for deadlock reports; here rather than
    /// in `ThCold` so that blocking touches one cache line per thread). Ticks fit in `u32`
    /// here: a run is at most `limits::MAX_LIMIT` ticks long.
    blocked_since: u32,
    /// Estimated CPU demand left (exact when the scenario has no ranges): for `stcf`.
    demand_left: u64,
    /// A spawn waiting for its spawn cost to be paid.
    after_cpu: Option<SpawnTarget>,
    /// Iterations left (this one included) of the innermost active `repeat`, 0 when none;
    /// `ThCold::loops` holds the outer ones.
    loop_left: u64,
}

// One cache line per thread.
const _: () = assert!(std::mem::size_of::<Th>() == 64);

/// The rest of a thread's run-time state.
#[derive(Debug, Clone, Default)]
struct ThCold {
    /// Active `repeat` blocks, outermost first: (index of RepeatStart, iterations left
    /// including this one); the innermost's count is `Th::loop_left` (its entry here is stale).
    loops: Vec<(u32, u64)>,
    arrival: Option<u64>,
    end: Option<u64>,
    fate: Option<Fate>,
    /// Draws made from the seeded generator so far.
    draws: u64,
    /// Threads blocked in `join` on this thread, with their tokens.
    joiners: Vec<(ThreadId, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CoreSt {
    Idle,
    Switching { to: ThreadId, until: u64 },
    Running(ThreadId),
}

#[derive(Debug, Clone)]
struct Core {
    st: CoreSt,
    /// The thread this core ran (or switched to) last.
    last: Option<ThreadId>,
    /// Tick up to which the running thread's progress has been counted.
    settled: u64,
    /// Generation of the core's pending timer.
    gen: u32,
    /// Tick of the pending timer, if any.
    timer_at: Option<u64>,
    /// Tick at which the running thread got this core.
    run_since: u64,
}

#[derive(Debug, Clone, Default)]
struct Proc {
    started: bool,
    ended: bool,
    /// Non-daemon threads that are not Dead.
    alive_nondaemon: u32,
    joiners: Vec<(ThreadId, u32)>,
}

/// What a timer does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// A thread's start time.
    Start(ThreadId),
    /// `io`/`sleep` done, or a `wait`/`join` timeout, for a blocked thread with this token.
    Wake(ThreadId, u32),
    /// A core's running thread finishes its burst or its quantum, or a switch ends.
    Core(u32, u32),
    /// A GIL drop request may be due.
    Gil(u32, u32),
    /// An asyncio task's `await io`/`await sleep` ends.
    Task(u32, u32),
}

/// An action due at the current tick, run in thread order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Due {
    Start,
    CpuDone,
    Wake(u32),
    Task(u32, u32),
}

struct Engine<'p> {
    p: &'p Program,
    opts: RunOptions,
    now: u64,
    th: Vec<Th>,
    cold: Vec<ThCold>,
    cores: Vec<Core>,
    /// Per core: the tick at which the running thread's quantum runs out (it began when the
    /// thread got the core, or when its quantum last started afresh); `u64::MAX` when the
    /// core runs nothing or the policy has no quantum. A dense array of its own, so that the
    /// check of every core at every tick is a short scan.
    quantum_end: Vec<u64>,
    /// Bit `c % 64` of word `c / 64` is set when core `c` is Idle (see [`Engine::set_core`]):
    /// the dispatch phase visits the idle cores only.
    idle: Vec<u64>,
    ready: VecDeque<ThreadId>,
    /// Threads that became Runnable at this tick; they join `ready` in thread order.
    batch: Vec<ThreadId>,
    /// Threads preempted or yielding at this tick: they join `ready` after `batch`, in
    /// thread order (a thread that just had the core goes behind newcomers).
    requeue: Vec<ThreadId>,
    /// Scratch buffers reused by every tick.
    due_buf: Vec<(ThreadId, Due)>,
    /// `due_buf` in thread order: (thread << 32 | index), sorted.
    due_order: Vec<u64>,
    switch_buf: Vec<u32>,
    gil_buf: Vec<u32>,
    /// Cores whose quantum ran out at this tick, with their threads (preemption phase).
    expired_buf: Vec<(u32, ThreadId)>,
    /// Preemption by priority or remaining time: the contenders, a scratch list, the
    /// contenders with their keys and waiting order, the threads preempted at this tick.
    contender_buf: Vec<ThreadId>,
    scratch_buf: Vec<ThreadId>,
    keyed_buf: Vec<(i128, usize, ThreadId)>,
    preempted_buf: Vec<ThreadId>,
    /// What `scheduler ostep` remembers (`None` under the other policies).
    ostep: Option<Box<OstepSt>>,
    flush_buf: Vec<ThreadId>,
    timers: Timers<Timer>,
    fired_buf: Vec<Timer>,
    procs: Vec<Proc>,
    procs_left: usize,
    sync: SyncState,
    gils: Vec<Gil>,
    /// The state of each event-loop thread (boxed: most threads have none).
    loops: Vec<Option<Box<LoopState>>>,
    /// What an event loop asked for while it ran (reused).
    loop_effects: Vec<LoopEffect>,
    rec: Recorder,
    worklist: VecDeque<ThreadId>,
    stop: Option<Outcome>,
    steps: u64,
    context_switches: u64,
    gil_handoffs: u64,
    /// The job queue of each pool (`pool.rs`).
    pools: Vec<PoolRun>,
    /// `picks` used so far (you are the scheduler, `scheduling.rs`).
    picks_made: usize,
}

/// Runs a compiled scenario to its end.
pub fn simulate(p: &Program, opts: &RunOptions) -> RunResult {
    let mut s = Simulation::new(p, opts);
    while !s.advance(usize::MAX) {}
    s.finish().expect("a simulation finishes once")
}

/// A run in progress, advanced a slice at a time: a user interface runs a long scenario in
/// slices between frames (and shows [`Simulation::progress`]) instead of freezing its page.
/// The slices change nothing: a run advanced in any slices gives the result of [`simulate`].
pub struct Simulation<'p> {
    e: Option<Engine<'p>>,
    started: bool,
    done: bool,
}

impl<'p> Simulation<'p> {
    pub fn new(p: &'p Program, opts: &RunOptions) -> Self {
        Simulation { e: Some(Engine::new(p, *opts)), started: false, done: false }
    }

    /// Runs at most `ticks` of the ticks at which something happens; true once the run is over.
    pub fn advance(&mut self, ticks: usize) -> bool {
        let Some(e) = self.e.as_mut() else { return true };
        if !self.started {
            e.start();
            self.started = true;
        }
        for _ in 0..ticks {
            if self.done {
                break;
            }
            self.done = !e.step();
        }
        self.done
    }

    /// The tick reached so far, and the scenario's limit.
    pub fn progress(&self) -> (u64, u64) {
        self.e.as_ref().map(|e| (e.now, e.p.settings.limit)).unwrap_or((0, 0))
    }

    /// The result, once [`advance`](Self::advance) said the run is over (`None` before, or
    /// when it was already taken).
    pub fn finish(&mut self) -> Option<RunResult> {
        if !self.done {
            return None;
        }
        self.e.take().map(Engine::finish)
    }
}

impl<'p> Engine<'p> {
    fn new(p: &'p Program, opts: RunOptions) -> Self {
        let n = p.threads.len();
        let demand = p.cpu_demand();
        let th = (0..n)
            .map(|i| Th {
                st: St::New,
                token: 0,
                ip: 0,
                code: if p.threads[i].asyncio { LOOP_THREAD } else { p.threads[i].code },
                cpu_left: 0,
                blocked_since: 0,
                demand_left: demand[i],
                after_cpu: None,
                loop_left: 0,
            })
            .collect();
        let cores: Vec<Core> = (0..p.settings.cores)
            .map(|_| Core { st: CoreSt::Idle, last: None, settled: 0, gen: 0, timer_at: None, run_since: 0 })
            .collect();
        let mut procs = vec![Proc::default(); p.processes.len()];
        for (i, pr) in p.processes.iter().enumerate() {
            procs[i].alive_nondaemon = pr.threads.iter().filter(|&&t| !p.threads[t as usize].daemon).count() as u32;
        }
        let loops = p.threads.iter().map(|t| t.asyncio.then(|| Box::new(LoopState::new(&t.tasks)))).collect();
        Engine {
            p,
            opts,
            now: 0,
            th,
            cold: vec![ThCold::default(); n],
            quantum_end: vec![u64::MAX; cores.len()],
            idle: (0..cores.len()).fold(vec![0; cores.len().div_ceil(64)], |mut idle, c| {
                idle[c / 64] |= 1u64 << (c % 64);
                idle
            }),
            cores,
            ready: VecDeque::new(),
            batch: Vec::new(),
            requeue: Vec::new(),
            due_buf: Vec::new(),
            due_order: Vec::new(),
            switch_buf: Vec::new(),
            gil_buf: Vec::new(),
            expired_buf: Vec::new(),
            contender_buf: Vec::new(),
            scratch_buf: Vec::new(),
            keyed_buf: Vec::new(),
            preempted_buf: Vec::new(),
            ostep: (p.settings.policy == crate::ast::Policy::Ostep).then(|| {
                Box::new(OstepSt {
                    woke_at: vec![u64::MAX; n],
                    last_wake: u64::MAX,
                    wake_unserved: false,
                    freed: vec![(u64::MAX, 0); p.settings.cores as usize],
                })
            }),
            flush_buf: Vec::new(),
            timers: Timers::new(),
            fired_buf: Vec::new(),
            procs_left: p.processes.len(),
            procs,
            sync: SyncState::new(p),
            gils: vec![Gil::default(); p.processes.len()],
            loops,
            loop_effects: Vec::new(),
            rec: Recorder::new(p),
            worklist: VecDeque::new(),
            stop: None,
            steps: 0,
            context_switches: 0,
            gil_handoffs: 0,
            pools: p.pools.iter().map(|x| PoolRun::new(x.workers, x.jobs)).collect(),
            picks_made: 0,
        }
    }

    fn push_timer(&mut self, at: u64, t: Timer) {
        debug_assert!(at >= self.now, "timer {t:?} at {at} < now {}", self.now);
        self.timers.push(at, t);
    }

    #[inline(always)]
    fn event(&mut self, e: Event) {
        self.rec.event(e);
    }

    /// The main loop: jump from one tick at which something happens to the next.
    /// Starts the processes that are not spawn targets.
    fn start(&mut self) {
        for (pi, pr) in self.p.processes.iter().enumerate() {
            if !pr.spawn_target {
                self.start_process(pi as u32, 0);
            }
        }
    }

    /// Runs the next tick at which something happens; false when the run is over.
    fn step(&mut self) -> bool {
        if self.stop.is_some() || self.procs_left == 0 {
            return false;
        }
        let Some(t) = self.timers.next_tick() else {
            return false;
        };
        if t > self.p.settings.limit {
            self.advance_to(self.p.settings.limit);
            self.stop = Some(Outcome::Limit { tick: self.now, reason: LimitReason::Ticks(self.p.settings.limit) });
            return false;
        }
        self.advance_to(t);
        self.tick();
        if self.stop.is_none() && self.rec.segment_count() > self.opts.max_segments {
            self.stop = Some(Outcome::Limit { tick: self.now, reason: LimitReason::Segments(self.opts.max_segments) });
        }
        true
    }

    /// Counts the progress of running threads up to `t` and moves the clock.
    fn advance_to(&mut self, t: u64) {
        for c in 0..self.cores.len() {
            let core = &mut self.cores[c];
            if let CoreSt::Running(tid) = core.st {
                debug_assert!(t >= core.settled, "core {c} settled at {} after {t}", core.settled);
                let dt = t.saturating_sub(core.settled);
                let th = &mut self.th[tid as usize];
                th.cpu_left = th.cpu_left.saturating_sub(dt);
                th.demand_left = th.demand_left.saturating_sub(dt);
            }
            core.settled = t;
        }
        self.now = t;
    }

    /// Everything that happens at the current tick.
    fn tick(&mut self) {
        let now = self.now;
        self.collect_due(now);
        if !self.run_due() {
            return;
        }
        self.end_switches();
        self.gil_requests();
        let mut rounds = 0;
        loop {
            if self.stop.is_some() {
                return;
            }
            self.preempt_phase(rounds == 0);
            self.flush_batch();
            let dispatched = self.dispatch_phase();
            self.drain();
            rounds += 1;
            if self.batch.is_empty() && self.requeue.is_empty() && !dispatched {
                break;
            }
            if rounds > 100_000 {
                self.budget_exhausted();
                return;
            }
        }
        self.schedule_core_timers();
    }

    /// Sorts the timers that fire now into due actions, ends of context switches and GIL
    /// drop requests (`due_buf`, `switch_buf`, `gil_buf`).
    fn collect_due(&mut self, now: u64) {
        self.timers.drain_at(now, &mut self.fired_buf);
        for timer in self.fired_buf.drain(..) {
            match timer {
                Timer::Start(tid) => {
                    if self.th[tid as usize].st == St::New {
                        self.due_buf.push((tid, Due::Start));
                    }
                }
                Timer::Wake(tid, tok) => {
                    if self.th[tid as usize].token == tok && matches!(self.th[tid as usize].st, St::Blocked(..)) {
                        self.due_buf.push((tid, Due::Wake(tok)));
                    }
                }
                Timer::Core(c, gen) => {
                    let core = &mut self.cores[c as usize];
                    if core.gen != gen {
                        continue;
                    }
                    core.timer_at = None;
                    match core.st {
                        CoreSt::Switching { until, .. } if until == now => self.switch_buf.push(c),
                        CoreSt::Running(tid) if self.th[tid as usize].cpu_left == 0 => {
                            self.due_buf.push((tid, Due::CpuDone))
                        }
                        _ => {} // quantum expiry: handled by the preemption phase
                    }
                }
                Timer::Gil(pi, gen) => {
                    if self.gils[pi as usize].gen() == gen {
                        self.gil_buf.push(pi);
                    }
                }
                Timer::Task(task, tok) => {
                    let tid = self.p.tasks[task as usize].thread;
                    self.due_buf.push((tid, Due::Task(task, tok)));
                }
            }
        }
    }

    /// Runs the due actions in thread order (for one thread, in the order its timers fired),
    /// each followed by the threads it woke; false if the run stopped before their end.
    fn run_due(&mut self) -> bool {
        if self.due_buf.is_empty() {
            return true;
        }
        let mut due = std::mem::take(&mut self.due_buf);
        // Sorting packed keys (thread << 32 | index) is much cheaper than a stable sort of
        // the actions, and often not needed.
        let mut order = std::mem::take(&mut self.due_order);
        if due.len() > 1 {
            order.extend(due.iter().enumerate().map(|(i, d)| u64::from(d.0) << 32 | i as u64));
            if !order.is_sorted() {
                order.sort_unstable();
            }
        }
        let mut stopped = false;
        for k in 0..due.len() {
            if self.stop.is_some() {
                stopped = true;
                break;
            }
            let (tid, d) = if order.is_empty() { due[k] } else { due[(order[k] & 0xffff_ffff) as usize] };
            // An earlier action of this tick may have changed this thread (killed with its
            // process, woken by an unlock): act only if it is still in the state that was due.
            let th = &self.th[tid as usize];
            let still_due = match d {
                Due::Start => th.st == St::New,
                Due::CpuDone => matches!(th.st, St::Running(_)) && th.cpu_left == 0,
                Due::Wake(tok) => th.token == tok && matches!(th.st, St::Blocked(..)),
                Due::Task(..) => th.st != St::Dead,
            };
            if !still_due {
                continue;
            }
            match d {
                Due::Start => self.start_thread(tid, Reason::StartTime, None),
                Due::CpuDone => self.cpu_done(tid),
                Due::Wake(_) => self.timer_wake(tid),
                Due::Task(task, tok) => self.task_timer(tid, task, tok),
            }
            self.drain();
        }
        due.clear();
        order.clear();
        self.due_buf = due;
        self.due_order = order;
        !stopped
    }

    /// Cores whose context switch ends start their thread, lowest core first.
    fn end_switches(&mut self) {
        if self.switch_buf.is_empty() {
            return;
        }
        let mut switch_done = std::mem::take(&mut self.switch_buf);
        switch_done.sort_unstable();
        for c in switch_done.drain(..) {
            if let CoreSt::Switching { to, .. } = self.cores[c as usize].st {
                // The switch's core segment closes as the thread takes the core.
                self.start_running(c, to);
                self.drain();
            }
        }
        self.switch_buf = switch_done;
    }

    /// GIL drop requests that are due, by process.
    fn gil_requests(&mut self) {
        if self.gil_buf.is_empty() {
            return;
        }
        let mut gil_due = std::mem::take(&mut self.gil_buf);
        gil_due.sort_unstable();
        for pi in gil_due.drain(..) {
            self.gil_check(pi);
            self.drain();
        }
        self.gil_buf = gil_due;
    }

    fn flush_batch(&mut self) {
        if self.batch.is_empty() && self.requeue.is_empty() {
            return;
        }
        for requeued in [false, true] {
            let mut list = std::mem::take(&mut self.flush_buf);
            std::mem::swap(&mut list, if requeued { &mut self.requeue } else { &mut self.batch });
            if !list.is_sorted() {
                list.sort_unstable();
            }
            list.dedup();
            for &t in &list {
                if self.th[t as usize].st == St::Ready {
                    self.ready.push_back(t);
                }
            }
            list.clear();
            self.flush_buf = list;
        }
    }

    /// Runs the threads woken so far, in the order they were woken.
    fn drain(&mut self) {
        while let Some(t) = self.worklist.pop_front() {
            if self.stop.is_some() {
                self.worklist.clear();
                return;
            }
            if !matches!(self.th[t as usize].st, St::Dead | St::New) {
                self.continue_thread(t);
            }
        }
    }

    /// Lets a woken thread go on with its operations at this tick (it stays in its Blocked
    /// state until its next operation moves it; its token moves on, so that its other
    /// timers and waiting-list entries are stale).
    fn wake(&mut self, t: ThreadId) {
        self.th[t as usize].token = self.th[t as usize].token.wrapping_add(1);
        self.worklist.push_back(t);
    }

    /// Arms each core's timer for the next tick at which it has something to do: the end of
    /// its switch, of its thread's burst, or of its quantum when another thread waits.
    fn schedule_core_timers(&mut self) {
        let quantum = self.quantum_timer();
        for c in 0..self.cores.len() {
            let want = match self.cores[c].st {
                CoreSt::Idle => None,
                CoreSt::Switching { until, .. } => Some(until),
                CoreSt::Running(t) => {
                    let mut at = self.now + self.th[t as usize].cpu_left.max(1);
                    if let Some(q) = quantum {
                        let mut end = self.quantum_end[c];
                        if end <= self.now {
                            end += ((self.now - end) / q + 1) * q;
                        }
                        at = at.min(end);
                    }
                    Some(at)
                }
            };
            if want != self.cores[c].timer_at {
                self.cores[c].gen = self.cores[c].gen.wrapping_add(1);
                self.cores[c].timer_at = want;
                if let Some(at) = want {
                    let gen = self.cores[c].gen;
                    self.push_timer(at, Timer::Core(c as u32, gen));
                }
            }
        }
    }

    /// Counts `work` (threads looked at by the scheduler) against the step budget, which
    /// otherwise counts only operations: a pick scans the ready queue, so thousands of ready
    /// threads under `priority` took minutes per simulated second (found by the `run` fuzz target).
    fn charge(&mut self, work: usize) {
        self.steps = self.steps.saturating_add(work as u64);
        if self.steps > self.opts.max_steps {
            self.budget_exhausted();
        }
    }

    fn budget_exhausted(&mut self) {
        if self.stop.is_none() {
            self.stop = Some(Outcome::Limit { tick: self.now, reason: LimitReason::Steps(self.opts.max_steps) });
        }
    }

    fn finish(mut self) -> RunResult {
        if self.stop.is_none() && self.procs_left > 0 {
            self.stop = Some(self.analyse_stuck());
        }
        // A run cut at its limit may hide a deadlock behind a thread that keeps going (a
        // daemon): a wait-for cycle is permanent, so it is the better explanation.
        if let Some(Outcome::Limit { .. }) = self.stop {
            if let deadlock @ Outcome::Deadlock { .. } = self.analyse_stuck() {
                self.stop = Some(deadlock);
            }
        }
        let outcome = self.stop.take().unwrap_or(Outcome::Completed);
        let makespan = self.now;
        for (th, cold) in self.th.iter().zip(self.cold.iter_mut()) {
            if cold.fate.is_none() {
                cold.fate = Some(match (th.st, &outcome) {
                    (St::New, _) => Fate::NeverStarted,
                    (St::Blocked(..), Outcome::Deadlock { .. } | Outcome::Stalled { .. }) => Fate::Stuck,
                    _ => Fate::Unfinished,
                });
            }
        }
        let trace = self.rec.close_all(makespan);
        let lives: Vec<ThreadLife> =
            self.cold.iter().map(|c| ThreadLife { arrival: c.arrival, end: c.end, fate: c.fate }).collect();
        let pools = (self.p.pools.iter().zip(&self.pools))
            .map(|(info, run)| PoolStats::new(info.name.clone(), info.kind, info.workers, run))
            .collect();
        let counts = (self.context_switches, self.gil_handoffs);
        let mut r = crate::stats::result(self.p, &lives, trace, outcome, makespan, counts, pools);
        r.picks_made = self.picks_made;
        r
    }

    /// The quantum, when a running thread's quantum must be watched by a timer: only while
    /// another thread waits in the ready queue. A quantum that runs out with nobody waiting
    /// starts afresh and changes nothing, so a lone thread under `rr` costs no event per
    /// quantum; the quanta it ran through are caught up when the next tick comes.
    fn quantum_timer(&self) -> Option<u64> {
        self.quantum().filter(|_| !self.ready.is_empty())
    }

    fn quantum(&self) -> Option<u64> {
        match self.p.settings.policy {
            crate::ast::Policy::Rr | crate::ast::Policy::Priority => Some(self.p.settings.quantum.max(1)),
            _ => None,
        }
    }
}
