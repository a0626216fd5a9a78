//! The event-driven engine: the world (threads, cores, timers), the main loop over ticks at
//! which something happens, and the interpreter of thread operations. Rules live beside it:
//! scheduling policies in `scheduler.rs`, the GIL in `gil.rs`, mutexes/monitors/semaphores
//! in `sync.rs`, event loops in `asyncio.rs`, how a run ends in `outcome.rs`, numbers in
//! `stats.rs`, trace recording in `recorder.rs`, the timer queue in `timers.rs`.
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

use crate::limits;
use crate::program::{Instr, Program, SpawnTarget};
use crate::recorder::{Recorder, SegKey};
use crate::result::{Fate, LimitReason, Outcome, RunResult};
use crate::timers::Timers;
use crate::trace::{Cause, Event, EventKind, ObjectId, Reason, ThreadId};
use std::collections::VecDeque;

/// Knobs of the engine that are not part of the scenario language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// Stop with outcome `limit` once the trace holds this many thread segments.
    pub max_segments: usize,
    /// Stop with outcome `limit` after this many interpreted operations (guards loops of
    /// operations that take no time, such as `repeat 1000000000 { yield }`).
    pub max_steps: u64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { max_segments: limits::DEFAULT_MAX_SEGMENTS, max_steps: 200_000_000 }
    }
}

/// Where a thread is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum St {
    New,
    /// Runnable: in the ready queue (or about to join it this tick).
    Ready,
    /// Runnable, picked by a core that is switching to it.
    Assigned(u32),
    Running(u32),
    Blocked(Cause, Option<ObjectId>),
    Dead,
}

/// `Th::code` of an asyncio event-loop thread (its tasks have the code).
pub(crate) const LOOP_THREAD: u32 = u32::MAX;

/// The state of a thread that nearly every operation touches, one cache line per thread
/// (threads are visited in no particular order); the rest is in [`ThCold`].
#[derive(Debug, Clone)]
#[repr(align(64))]
pub(crate) struct Th {
    pub st: St,
    /// Bumped at every block and wake; lists and timers holding an older token are stale.
    pub token: u32,
    pub ip: u32,
    /// Index into `Program::codes`, or `LOOP_THREAD`.
    pub code: u32,
    /// CPU ticks left in the current burst (a `cpu` op or a spawn cost).
    pub cpu_left: u64,
    /// Tick at which the current Blocked state began (for deadlock reports; here rather than
    /// in `ThCold` so that blocking touches one cache line per thread). Ticks fit in `u32`
    /// here: a run is at most `limits::MAX_LIMIT` ticks long.
    pub blocked_since: u32,
    /// Estimated CPU demand left (exact when the scenario has no ranges): for `stcf`.
    pub demand_left: u64,
    /// A spawn waiting for its spawn cost to be paid.
    pub after_cpu: Option<SpawnTarget>,
    /// Iterations left (this one included) of the innermost active `repeat`, 0 when none;
    /// `ThCold::loops` holds the outer ones.
    pub loop_left: u64,
}

// One cache line per thread.
const _: () = assert!(std::mem::size_of::<Th>() == 64);

/// The rest of a thread's run-time state.
#[derive(Debug, Clone, Default)]
pub(crate) struct ThCold {
    /// Active `repeat` blocks, outermost first: (index of RepeatStart, iterations left
    /// including this one); the innermost's count is `Th::loop_left` (its entry here is stale).
    pub loops: Vec<(u32, u64)>,
    pub arrival: Option<u64>,
    pub end: Option<u64>,
    pub fate: Option<Fate>,
    /// Draws made from the seeded generator so far.
    pub draws: u64,
    /// Threads blocked in `join` on this thread, with their tokens.
    pub joiners: Vec<(ThreadId, u32)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoreSt {
    Idle,
    Switching { to: ThreadId, until: u64 },
    Running(ThreadId),
}

#[derive(Debug, Clone)]
pub(crate) struct Core {
    pub st: CoreSt,
    /// The thread this core ran (or switched to) last.
    pub last: Option<ThreadId>,
    /// Tick up to which the running thread's progress has been counted.
    pub settled: u64,
    /// Generation of the core's pending timer.
    pub gen: u32,
    /// Tick of the pending timer, if any.
    pub timer_at: Option<u64>,
    /// Tick at which the running thread got this core.
    pub run_since: u64,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Proc {
    pub started: bool,
    pub ended: bool,
    /// Non-daemon threads that are not Dead.
    pub alive_nondaemon: u32,
    pub joiners: Vec<(ThreadId, u32)>,
}

/// What a timer does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Timer {
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

pub(crate) struct Engine<'p> {
    pub p: &'p Program,
    pub opts: RunOptions,
    pub now: u64,
    pub th: Vec<Th>,
    pub cold: Vec<ThCold>,
    pub cores: Vec<Core>,
    /// Per core: the tick at which the running thread's quantum runs out (it began when the
    /// thread got the core, or when its quantum last started afresh); `u64::MAX` when the
    /// core runs nothing or the policy has no quantum. A dense array of its own, so that the
    /// check of every core at every tick is a short scan.
    pub quantum_end: Vec<u64>,
    /// Bit `c % 64` of word `c / 64` is set when core `c` is Idle (see [`Engine::set_core`]):
    /// the dispatch phase visits the idle cores only.
    pub idle: Vec<u64>,
    pub ready: VecDeque<ThreadId>,
    /// Threads that became Runnable at this tick; they join `ready` in thread order.
    pub batch: Vec<ThreadId>,
    /// Threads preempted or yielding at this tick: they join `ready` after `batch`, in
    /// thread order (a thread that just had the core goes behind newcomers).
    pub requeue: Vec<ThreadId>,
    /// Scratch buffers reused by every tick.
    due_buf: Vec<(ThreadId, Due)>,
    /// `due_buf` in thread order: (thread << 32 | index), sorted.
    due_order: Vec<u64>,
    switch_buf: Vec<u32>,
    gil_buf: Vec<u32>,
    /// Cores whose quantum ran out at this tick, with their threads (preemption phase).
    pub(crate) expired_buf: Vec<(u32, ThreadId)>,
    flush_buf: Vec<ThreadId>,
    timers: Timers<Timer>,
    fired_buf: Vec<Timer>,
    pub procs: Vec<Proc>,
    pub procs_left: usize,
    pub sync: crate::sync::SyncState,
    pub gils: Vec<crate::gil::Gil>,
    /// The state of each event-loop thread (boxed: most threads have none).
    pub loops: Vec<Option<Box<crate::asyncio::LoopState>>>,
    pub rec: Recorder,
    worklist: VecDeque<ThreadId>,
    pub stop: Option<Outcome>,
    pub steps: u64,
    pub context_switches: u64,
    pub gil_handoffs: u64,
    /// Static CPU demand estimate per code block.
    demand: Vec<u64>,
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
        let demand = crate::stats::static_demand(p);
        let th = (0..n)
            .map(|i| Th {
                st: St::New,
                token: 0,
                ip: 0,
                code: if p.threads[i].asyncio { LOOP_THREAD } else { p.threads[i].code },
                cpu_left: 0,
                blocked_since: 0,
                demand_left: crate::stats::thread_demand(p, &demand, i),
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
        let loops = p
            .threads
            .iter()
            .map(|t| t.asyncio.then(|| Box::new(crate::asyncio::LoopState::new(p, &t.tasks))))
            .collect();
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
            flush_buf: Vec::new(),
            timers: Timers::new(),
            fired_buf: Vec::new(),
            procs_left: p.processes.len(),
            procs,
            sync: crate::sync::SyncState::new(p),
            gils: vec![crate::gil::Gil::default(); p.processes.len()],
            loops,
            rec: Recorder::new(p),
            worklist: VecDeque::new(),
            stop: None,
            steps: 0,
            context_switches: 0,
            gil_handoffs: 0,
            demand,
        }
    }

    pub(crate) fn push_timer(&mut self, at: u64, t: Timer) {
        debug_assert!(at >= self.now, "timer {t:?} at {at} < now {}", self.now);
        self.timers.push(at, t);
    }

    #[inline(always)]
    pub(crate) fn event(&mut self, e: Event) {
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
        self.end_switches(now);
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
        let mut fired = std::mem::take(&mut self.fired_buf);
        self.timers.drain_at(now, &mut fired);
        for timer in fired.drain(..) {
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
                    if self.gils[pi as usize].gen == gen {
                        self.gil_buf.push(pi);
                    }
                }
                Timer::Task(task, tok) => {
                    let tid = self.p.tasks[task as usize].thread;
                    self.due_buf.push((tid, Due::Task(task, tok)));
                }
            }
        }
        self.fired_buf = fired;
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
                Due::Wake(tok) => self.timer_wake(tid, tok),
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
    fn end_switches(&mut self, now: u64) {
        if self.switch_buf.is_empty() {
            return;
        }
        let mut switch_done = std::mem::take(&mut self.switch_buf);
        switch_done.sort_unstable();
        for c in switch_done.drain(..) {
            if let CoreSt::Switching { to, .. } = self.cores[c as usize].st {
                self.rec.core_change(c, now, None);
                self.set_core(c, CoreSt::Idle);
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
    pub(crate) fn drain(&mut self) {
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

    /// Lets a woken thread go on with its operations at this tick.
    pub(crate) fn resume(&mut self, t: ThreadId) {
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

    pub(crate) fn budget_exhausted(&mut self) {
        if self.stop.is_none() {
            self.stop = Some(Outcome::Limit { tick: self.now, reason: LimitReason::Steps(self.opts.max_steps) });
        }
    }

    // ----- thread life -------------------------------------------------------------

    pub(crate) fn start_process(&mut self, pi: u32, at_offset: u64) {
        self.procs[pi as usize].started = true;
        let threads = self.p.processes[pi as usize].threads.clone();
        for t in threads {
            let info = &self.p.threads[t as usize];
            if !info.spawn_target {
                let at = at_offset + info.at;
                self.push_timer(at, Timer::Start(t));
            }
        }
        if self.procs[pi as usize].alive_nondaemon == 0 {
            self.end_process(pi);
        }
    }

    /// A thread leaves New.
    pub(crate) fn start_thread(&mut self, t: ThreadId, reason: Reason, by: Option<ThreadId>) {
        let th = &mut self.th[t as usize];
        if th.st != St::New {
            return;
        }
        self.cold[t as usize].arrival = Some(self.now);
        th.st = St::Blocked(Cause::Io, None); // placeholder until its first operation decides
        let mut e = Event::new(self.now, EventKind::Start, t, reason);
        if let Some(b) = by {
            e = e.other(b);
        }
        self.event(e);
        self.rec.set(t, self.now, SegKey::runnable());
        self.resume(t);
    }

    /// The interpreter: runs a thread's operations until one of them takes time.
    pub(crate) fn continue_thread(&mut self, t: ThreadId) {
        let code = self.th[t as usize].code;
        if code == LOOP_THREAD {
            return self.loop_continue(t);
        }
        let code = &self.p.codes[code as usize];
        loop {
            if self.stop.is_some() {
                return;
            }
            self.steps += 1;
            if self.steps > self.opts.max_steps {
                return self.budget_exhausted();
            }
            let ip = self.th[t as usize].ip as usize;
            let Some(&instr) = code.get(ip) else {
                return self.thread_ends(t, EventKind::End, Reason::Finished);
            };
            self.th[t as usize].ip += 1;
            match instr {
                Instr::Cpu(a) => {
                    let n = self.amount(t as u64, t, a);
                    if n > 0 {
                        self.th[t as usize].cpu_left = n;
                        return self.need_cpu(t);
                    }
                }
                Instr::Io(n) | Instr::AwaitIo(n) => {
                    if n > 0 {
                        return self.block_for(t, Cause::Io, n);
                    }
                }
                Instr::Sleep(n) | Instr::AwaitSleep(n) => {
                    if n > 0 {
                        return self.block_for(t, Cause::Sleep, n);
                    }
                }
                Instr::Lock(m) => {
                    if !self.lock(t, m) {
                        return;
                    }
                }
                Instr::Unlock(m) => {
                    if !self.unlock(t, m) {
                        return;
                    }
                }
                Instr::Wait(m, timeout) => return self.wait(t, m, timeout),
                Instr::Notify(m) => {
                    if !self.notify(t, m, false) {
                        return;
                    }
                }
                Instr::NotifyAll(m) => {
                    if !self.notify(t, m, true) {
                        return;
                    }
                }
                Instr::Join(target, timeout) => {
                    if !self.join(t, target, timeout) {
                        return;
                    }
                }
                Instr::Spawn(target, cost) => {
                    if cost > 0 {
                        let th = &mut self.th[t as usize];
                        th.cpu_left = cost;
                        th.after_cpu = Some(target);
                        return self.need_cpu(t);
                    }
                    if !self.do_spawn(t, target) {
                        return;
                    }
                }
                Instr::Acquire(s) => {
                    if !self.acquire(t, s) {
                        return;
                    }
                }
                Instr::Release(s) => self.release(t, s),
                Instr::Yield => {
                    if let St::Running(c) = self.th[t as usize].st {
                        if !self.ready.is_empty() || !self.batch.is_empty() || !self.requeue.is_empty() {
                            self.event(Event::new(self.now, EventKind::Yield, t, Reason::Yielded).core(c));
                            self.leave_core(t);
                            self.th[t as usize].st = St::Ready;
                            self.rec.set(t, self.now, SegKey::runnable());
                            self.requeue.push(t);
                            return;
                        }
                    }
                }
                Instr::Exit => return self.thread_ends(t, EventKind::Exit, Reason::Finished),
                Instr::Crash => return self.crash(t),
                Instr::AwaitTask(_) => {}
                Instr::RepeatStart { count, end } => {
                    if count == 0 {
                        self.th[t as usize].ip = end + 1;
                    } else {
                        let th = &mut self.th[t as usize];
                        let loops = &mut self.cold[t as usize].loops;
                        if let Some(outer) = loops.last_mut() {
                            outer.1 = th.loop_left;
                        }
                        loops.push((ip as u32, count));
                        th.loop_left = count;
                    }
                }
                Instr::RepeatEnd { start } => {
                    // The hot path (another iteration) touches only `th`.
                    let th = &mut self.th[t as usize];
                    if th.loop_left > 1 {
                        th.loop_left -= 1;
                        th.ip = start + 1;
                    } else if th.loop_left == 1 {
                        let loops = &mut self.cold[t as usize].loops;
                        loops.pop();
                        th.loop_left = loops.last().map_or(0, |outer| outer.1);
                    }
                }
            }
        }
    }

    /// The value of a `cpu` amount for `stream`, drawing from the seeded generator for ranges.
    pub(crate) fn amount(&mut self, stream: u64, t: ThreadId, a: crate::ast::Amount) -> u64 {
        match a {
            crate::ast::Amount::Fixed(n) => n,
            crate::ast::Amount::Range(lo, hi) => {
                let cold = &mut self.cold[t as usize];
                let k = cold.draws;
                cold.draws += 1;
                let v = crate::rng::draw(self.p.settings.seed, stream, k, lo, hi);
                // The static estimate counted the middle of the range; correct it.
                let mid = lo + (hi - lo) / 2;
                let th = &mut self.th[t as usize];
                th.demand_left = (th.demand_left + v).saturating_sub(mid);
                v
            }
        }
    }

    /// A CPU burst of `t` is over.
    fn cpu_done(&mut self, t: ThreadId) {
        if let Some(target) = self.th[t as usize].after_cpu.take() {
            if !self.do_spawn(t, target) {
                return;
            }
        }
        self.continue_thread(t);
    }

    /// `t` has CPU work to do (cpu_left > 0): keep its core, or queue for one.
    pub(crate) fn need_cpu(&mut self, t: ThreadId) {
        match self.th[t as usize].st {
            St::Running(c) => {
                if self.gil_ok(t) {
                    // keeps the core; the segment may change task (asyncio)
                    let key = self.running_key(t, c);
                    self.rec.set(t, self.now, key);
                } else {
                    self.block_on_gil(t);
                }
            }
            St::Ready | St::Assigned(_) => {}
            _ => self.make_ready(t),
        }
    }

    pub(crate) fn make_ready(&mut self, t: ThreadId) {
        self.th[t as usize].st = St::Ready;
        self.rec.set(t, self.now, SegKey::runnable());
        self.batch.push(t);
    }

    pub(crate) fn running_key(&self, t: ThreadId, c: u32) -> SegKey {
        // Only event-loop threads run tasks; `th` is at hand, `loops` would be a cache miss.
        let task = if self.th[t as usize].code == LOOP_THREAD {
            self.loops[t as usize].as_ref().and_then(|l| l.current_task())
        } else {
            None
        };
        SegKey::running(c, task)
    }

    /// Every change of a core's state goes through here, to keep `idle` true.
    #[inline]
    pub(crate) fn set_core(&mut self, c: u32, st: CoreSt) {
        self.cores[c as usize].st = st;
        let (word, bit) = (&mut self.idle[c as usize / 64], 1u64 << (c % 64));
        if st == CoreSt::Idle {
            *word |= bit;
        } else {
            *word &= !bit;
        }
    }

    /// The lowest idle core numbered `from` or more.
    #[inline]
    pub(crate) fn next_idle_core(&self, from: usize) -> Option<usize> {
        let mut w = from / 64;
        let mut bits = self.idle.get(w)? & (u64::MAX << (from % 64));
        while bits == 0 {
            w += 1;
            bits = *self.idle.get(w)?;
        }
        Some(w * 64 + bits.trailing_zeros() as usize)
    }

    /// The number of idle cores.
    pub(crate) fn idle_cores(&self) -> usize {
        self.idle.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// A core starts running `t` (after any switch).
    pub(crate) fn start_running(&mut self, c: u32, t: ThreadId) {
        let now = self.now;
        self.set_core(c, CoreSt::Running(t));
        self.cores[c as usize].last = Some(t);
        self.cores[c as usize].settled = now;
        self.cores[c as usize].run_since = now;
        self.quantum_end[c as usize] = self.quantum().map_or(u64::MAX, |q| now + q);
        self.rec.core_change(c, now, Some(crate::trace::CoreActivity::Run(t)));
        let th = &mut self.th[t as usize];
        th.st = St::Running(c);
        if th.cpu_left == 0 {
            // Dispatched after a `yield`: go on with the next operations.
            self.rec.set(t, now, SegKey::running(c, None));
            self.continue_thread(t);
            // A GIL holder that stays on the core now runs again: its drop request restarts.
            if self.th[t as usize].st == St::Running(c) {
                self.gil_holder_moved(t);
            }
            return;
        }
        if self.gil_ok(t) {
            let key = self.running_key(t, c);
            self.rec.set(t, now, key);
            self.gil_holder_moved(t);
        } else {
            self.block_on_gil(t);
        }
    }

    /// `t` gives its core back (it blocks, ends, is preempted or yields).
    pub(crate) fn leave_core(&mut self, t: ThreadId) {
        match self.th[t as usize].st {
            St::Running(c) => {
                self.set_core(c, CoreSt::Idle);
                self.quantum_end[c as usize] = u64::MAX;
                self.rec.core_change(c, self.now, None);
                // A holder that stops running can no longer drop the GIL on request.
                self.th[t as usize].st = St::Ready;
                self.gil_holder_moved(t);
            }
            St::Assigned(c) => {
                self.set_core(c, CoreSt::Idle);
                self.rec.core_change(c, self.now, None);
            }
            St::Ready => {
                if let Some(i) = self.ready.iter().position(|&x| x == t) {
                    self.ready.remove(i);
                }
            }
            _ => {}
        }
    }

    /// `t` blocks: off its core, GIL released, state and segment recorded.
    pub(crate) fn block(&mut self, t: ThreadId, cause: Cause, object: Option<ObjectId>, on: Option<ThreadId>) {
        let core = match self.th[t as usize].st {
            St::Running(c) => Some(c),
            _ => None,
        };
        self.leave_core(t);
        let th = &mut self.th[t as usize];
        th.st = St::Blocked(cause, object);
        th.token = th.token.wrapping_add(1);
        th.blocked_since = self.now as u32;
        self.rec.set(t, self.now, SegKey::blocked(cause, object));
        let mut e = Event::new(self.now, EventKind::Block, t, Reason::BlockedOn).cause(cause, object);
        if let Some(c) = core {
            e = e.core(c);
        }
        if let Some(o) = on {
            e = e.other(o);
        }
        self.event(e);
        if cause != Cause::Gil {
            self.gil_release_by(t);
        }
    }

    /// `io N` / `sleep N`: blocked until a timer.
    fn block_for(&mut self, t: ThreadId, cause: Cause, n: u64) {
        self.block(t, cause, None, None);
        let tok = self.th[t as usize].token;
        self.push_timer(self.now + n, Timer::Wake(t, tok));
    }

    /// A timer of a blocked thread fires: I/O or sleep done, or a timeout.
    fn timer_wake(&mut self, t: ThreadId, _tok: u32) {
        let St::Blocked(cause, object) = self.th[t as usize].st else {
            return;
        };
        match cause {
            Cause::Io | Cause::Sleep => {
                let reason = if cause == Cause::Io { Reason::IoDone } else { Reason::SleepDone };
                self.event(Event::new(self.now, EventKind::Wake, t, reason).cause(cause, object));
                self.resume(t);
            }
            Cause::Wait => self.wait_timeout(t),
            Cause::Join => {
                self.event(Event::new(self.now, EventKind::Wake, t, Reason::TimedOut).cause(cause, object));
                self.resume(t);
            }
            _ => {}
        }
    }

    pub(crate) fn do_spawn(&mut self, t: ThreadId, target: SpawnTarget) -> bool {
        match target {
            SpawnTarget::Thread(x) => {
                if self.th[x as usize].st != St::New || self.cold[x as usize].fate.is_some() {
                    self.error(
                        t,
                        Reason::SpawnTwice,
                        format!("spawn of {}, which was already started", self.p.threads[x as usize].name),
                    );
                    return false;
                }
                self.event(Event::new(self.now, EventKind::Spawn, t, Reason::Spawned).other(x));
                self.start_thread(x, Reason::Spawned, Some(t));
            }
            SpawnTarget::Process(pi) => {
                if self.procs[pi as usize].started {
                    self.error(
                        t,
                        Reason::SpawnTwice,
                        format!("spawn of process {}, which was already started", self.p.processes[pi as usize].name),
                    );
                    return false;
                }
                let main = self.p.processes[pi as usize].threads[0];
                self.event(Event::new(self.now, EventKind::Spawn, t, Reason::ProcessSpawned).other(main));
                self.start_process(pi, self.now);
            }
        }
        true
    }

    /// A run-time rule is broken: the run stops with outcome `error`.
    pub(crate) fn error(&mut self, t: ThreadId, reason: Reason, text: String) {
        self.event(Event::new(self.now, EventKind::Error, t, reason));
        if self.stop.is_none() {
            self.stop = Some(Outcome::Error { thread: t, tick: self.now, reason: text });
        }
    }

    /// `t` ends normally (`End`, `Exit`).
    fn thread_ends(&mut self, t: ThreadId, kind: EventKind, reason: Reason) {
        self.event(Event::new(self.now, kind, t, reason));
        self.die(t, Fate::Finished);
    }

    /// `t` is Dead with this fate: off its core and every queue, joiners woken, GIL
    /// released, and its process ended when it was the last non-daemon thread.
    pub(crate) fn die(&mut self, t: ThreadId, fate: Fate) {
        let was_new = self.th[t as usize].st == St::New;
        if self.th[t as usize].st == St::Dead {
            return;
        }
        self.leave_core(t);
        if !was_new {
            self.gil_release_by(t);
        }
        let th = &mut self.th[t as usize];
        th.st = St::Dead;
        th.token = th.token.wrapping_add(1);
        let cold = &mut self.cold[t as usize];
        cold.fate = Some(if was_new { Fate::NeverStarted } else { fate });
        if !was_new {
            cold.end = Some(self.now);
        }
        self.rec.set(t, self.now, SegKey::dead());
        let joiners = std::mem::take(&mut self.cold[t as usize].joiners);
        let object = self.p.threads[t as usize].object;
        for (j, tok) in joiners {
            if self.th[j as usize].token == tok && matches!(self.th[j as usize].st, St::Blocked(Cause::Join, _)) {
                self.event(
                    Event::new(self.now, EventKind::Wake, j, Reason::TargetEnded).other(t).cause(Cause::Join, object),
                );
                self.resume(j);
            }
        }
        let info = &self.p.threads[t as usize];
        let pi = info.process;
        if !info.daemon {
            let pr = &mut self.procs[pi as usize];
            pr.alive_nondaemon = pr.alive_nondaemon.saturating_sub(1);
            if pr.alive_nondaemon == 0 && !pr.ended {
                self.end_process(pi);
            }
        }
    }

    /// Every non-daemon thread of `pi` is Dead: kill its daemons, wake its joiners.
    fn end_process(&mut self, pi: u32) {
        if self.procs[pi as usize].ended {
            return;
        }
        self.procs[pi as usize].ended = true;
        self.procs_left -= 1;
        let threads = self.p.processes[pi as usize].threads.clone();
        for x in threads {
            if self.th[x as usize].st != St::Dead {
                if self.th[x as usize].st != St::New {
                    self.event(Event::new(self.now, EventKind::Kill, x, Reason::LastNonDaemonEnded));
                }
                self.die(x, Fate::Killed);
            }
        }
        let joiners = std::mem::take(&mut self.procs[pi as usize].joiners);
        let object = self.p.processes[pi as usize].object;
        let main = self.p.processes[pi as usize].threads.first().copied();
        for (j, tok) in joiners {
            if self.th[j as usize].token == tok && matches!(self.th[j as usize].st, St::Blocked(Cause::Join, _)) {
                let mut e = Event::new(self.now, EventKind::Wake, j, Reason::ProcessEnded).cause(Cause::Join, object);
                if let Some(m) = main {
                    e = e.other(m);
                }
                self.event(e);
                self.resume(j);
            }
        }
    }

    /// `crash`: every thread of the crasher's process dies at once.
    fn crash(&mut self, t: ThreadId) {
        self.event(Event::new(self.now, EventKind::Crash, t, Reason::ProcessCrashed));
        let pi = self.p.threads[t as usize].process;
        self.die(t, Fate::Crashed);
        let threads = self.p.processes[pi as usize].threads.clone();
        for x in threads {
            if self.th[x as usize].st != St::Dead {
                if self.th[x as usize].st != St::New {
                    self.event(Event::new(self.now, EventKind::Kill, x, Reason::ProcessCrashed).other(t));
                }
                self.die(x, Fate::Crashed);
            }
        }
        self.end_process(pi);
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
        crate::stats::result(self.p, &self.cold, trace, outcome, makespan, self.context_switches, self.gil_handoffs)
    }

    /// The quantum, when a running thread's quantum must be watched by a timer: only while
    /// another thread waits in the ready queue. A quantum that runs out with nobody waiting
    /// starts afresh and changes nothing, so a lone thread under `rr` costs no event per
    /// quantum; the quanta it ran through are caught up when the next tick comes.
    fn quantum_timer(&self) -> Option<u64> {
        self.quantum().filter(|_| !self.ready.is_empty())
    }

    pub(crate) fn quantum(&self) -> Option<u64> {
        match self.p.settings.policy {
            crate::ast::Policy::Rr | crate::ast::Policy::Priority => Some(self.p.settings.quantum.max(1)),
            _ => None,
        }
    }

    #[allow(dead_code)]
    pub(crate) fn demand_of_code(&self, code: u32) -> u64 {
        self.demand[code as usize]
    }
}
