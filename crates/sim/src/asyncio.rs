//! Event-loop threads (`thread NAME asyncio { task … }`): coroutines scheduled by the program
//! itself inside one thread, cooperatively. The rules, as a plain type that knows nothing of
//! the engine: [`LoopState::run`] interprets the tasks and says what the thread does next
//! ([`LoopStep`]); the engine applies it (`engine/python.rs`).
//!
//! Tasks start in the order written and run one at a time on the loop's thread. `cpu N` runs
//! on that thread (it needs a core, and the GIL when on) and no other task runs meanwhile.
//! `await io N` / `await sleep N` suspend the task; the loop goes on with the next ready task
//! at once. `await TASK` waits until that task has finished. A task that becomes ready joins
//! the end of the loop's ready queue. When no task is ready and some await I/O or sleep, the
//! thread is Blocked(io) (it waits in select/epoll). When tasks only await each other, the loop
//! is Blocked(join) for ever. The thread ends when every task has finished.
//!
//! Besides the loop thread's own events (its Block, Wake, and `TaskSwitch` when it takes the
//! next ready task), each task's life is recorded: `TaskAwait` when an `await` suspends it
//! (cause Io, Sleep, or Join with the awaited task), `TaskReady` when it can go on again,
//! `TaskDone` when it has run all its operations. An `await` that does not suspend (`await io
//! 0`, `await` of a finished task) records nothing.

use crate::ast::Amount;
use crate::pool::PoolRun;
use crate::program::{Instr, Program};
use crate::trace::{Cause, Event, EventKind, Reason, TaskId, ThreadId};
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
struct TaskRt {
    ip: u32,
    loops: Vec<(u32, u64)>,
    done: bool,
    /// Local indices of tasks awaiting this one.
    awaiters: Vec<usize>,
    token: u32,
    draws: u64,
    /// True while suspended in `await sleep` (for the wake reason).
    sleeping: bool,
}

/// The tasks of one event-loop thread.
#[derive(Debug, Clone)]
pub(crate) struct LoopState {
    /// Global id of the first task; a loop's tasks have consecutive ids.
    first: TaskId,
    rt: Vec<TaskRt>,
    ready: VecDeque<usize>,
    current: Option<usize>,
    /// Tasks suspended in `await io` / `await sleep`.
    timers: u32,
    remaining: usize,
}

/// What the loop's thread does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoopStep {
    /// The current task computes for this many ticks (on the thread: it needs a core).
    Cpu(u64),
    /// No task is ready: the thread blocks with this cause (Io while some task awaits I/O or
    /// sleep, Join when they only await each other).
    Idle(Cause),
    /// Every task has finished: the thread ends.
    Finished,
    /// The run's budget of operations is spent.
    OutOfSteps,
}

/// What [`LoopState::run`] asks of the engine besides its answer, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoopEffect {
    /// Record this event.
    Event(Event),
    /// Fire `Timer::Task(task, token)` at this tick.
    Timer { at: u64, task: TaskId, token: u32 },
    /// A `cpu A..B` drew `value`, where the demand estimate had counted the range's middle.
    Drawn { value: u64, estimate: u64 },
}

/// What the loop knows of the moment it runs in.
pub(crate) struct LoopCx<'a> {
    pub p: &'a Program,
    pub now: u64,
    pub thread: ThreadId,
    /// The core the thread runs on, if it does (for the `TaskSwitch` event).
    pub core: Option<u32>,
    /// Operations interpreted so far in the run, and the budget.
    pub steps: &'a mut u64,
    pub max_steps: u64,
    /// The pools' job queues (a `tasks` pool's workers take jobs here).
    pub pools: &'a mut [PoolRun],
}

impl LoopState {
    pub fn new(tasks: &[TaskId]) -> Self {
        LoopState {
            first: tasks.first().copied().unwrap_or(0),
            rt: vec![TaskRt::default(); tasks.len()],
            ready: (0..tasks.len()).collect(),
            current: None,
            timers: 0,
            remaining: tasks.len(),
        }
    }

    /// The global id of the task running now, if any.
    pub fn current_task(&self) -> Option<TaskId> {
        self.current.map(|c| self.first + c as TaskId)
    }

    /// Runs tasks until one needs the CPU or none is ready.
    pub fn run(&mut self, cx: LoopCx, out: &mut Vec<LoopEffect>) -> LoopStep {
        let (p, now, t) = (cx.p, cx.now, cx.thread);
        let nthreads = p.threads.len() as u64;
        loop {
            *cx.steps += 1;
            if *cx.steps > cx.max_steps {
                return LoopStep::OutOfSteps;
            }
            let cur = match self.current {
                Some(c) => c,
                None => match self.ready.pop_front() {
                    Some(c) => {
                        self.current = Some(c);
                        let task = self.first + c as TaskId;
                        let mut e = Event::new(now, EventKind::TaskSwitch, t, Reason::TaskReady).task(task);
                        if let Some(core) = cx.core {
                            e = e.core(core);
                        }
                        out.push(LoopEffect::Event(e));
                        c
                    }
                    None if self.remaining == 0 => return LoopStep::Finished,
                    None => return LoopStep::Idle(if self.timers > 0 { Cause::Io } else { Cause::Join }),
                },
            };
            let task = self.first + cur as TaskId;
            let code = &p.codes[p.tasks[task as usize].code as usize];
            let rt = &mut self.rt[cur];
            let ip = rt.ip as usize;
            let Some(&instr) = code.get(ip) else {
                rt.done = true;
                let awaiters = std::mem::take(&mut rt.awaiters);
                self.remaining -= 1;
                self.current = None;
                out.push(LoopEffect::Event(Event::new(now, EventKind::TaskDone, t, Reason::Finished).task(task)));
                for &a in &awaiters {
                    let e = Event::new(now, EventKind::TaskReady, t, Reason::AwaitedEnded)
                        .cause(Cause::Join, None)
                        .task(self.first + a as TaskId)
                        .awaited(task);
                    out.push(LoopEffect::Event(e));
                }
                self.ready.extend(awaiters);
                continue;
            };
            rt.ip += 1;
            match instr {
                Instr::Cpu(a) => {
                    let n = match a {
                        Amount::Fixed(n) => n,
                        Amount::Range(lo, hi) => {
                            let k = rt.draws;
                            rt.draws += 1;
                            let value = crate::rng::draw(p.settings.seed, nthreads + task as u64, k, lo, hi);
                            out.push(LoopEffect::Drawn { value, estimate: lo + (hi - lo) / 2 });
                            value
                        }
                    };
                    if n > 0 {
                        return LoopStep::Cpu(n);
                    }
                }
                Instr::AwaitIo(a) | Instr::AwaitSleep(a) => {
                    let n = match a {
                        Amount::Fixed(n) => n,
                        Amount::Range(lo, hi) => {
                            let k = rt.draws;
                            rt.draws += 1;
                            crate::rng::draw(p.settings.seed, nthreads + task as u64, k, lo, hi)
                        }
                    };
                    if n == 0 {
                        continue;
                    }
                    rt.token = rt.token.wrapping_add(1);
                    rt.sleeping = matches!(instr, Instr::AwaitSleep(_));
                    let token = rt.token;
                    self.timers += 1;
                    self.current = None;
                    let cause = if rt.sleeping { Cause::Sleep } else { Cause::Io };
                    let e = Event::new(now, EventKind::TaskAwait, t, Reason::Awaits).cause(cause, None).task(task);
                    out.push(LoopEffect::Event(e));
                    out.push(LoopEffect::Timer { at: now + n, task, token });
                }
                Instr::AwaitTask(x) => {
                    let xl = (x - self.first) as usize;
                    if !self.rt[xl].done {
                        self.rt[xl].awaiters.push(cur);
                        self.current = None;
                        let e = Event::new(now, EventKind::TaskAwait, t, Reason::Awaits)
                            .cause(Cause::Join, None)
                            .task(task)
                            .awaited(x);
                        out.push(LoopEffect::Event(e));
                    }
                }
                Instr::RepeatStart { count, end } => {
                    if count == 0 {
                        rt.ip = end + 1;
                    } else {
                        rt.loops.push((ip as u32, count));
                    }
                }
                Instr::RepeatEnd { start } => {
                    if let Some(top) = rt.loops.last_mut() {
                        top.1 -= 1;
                        if top.1 > 0 {
                            rt.ip = start + 1;
                        } else {
                            rt.loops.pop();
                        }
                    }
                }
                // The job loop of a `tasks` pool's worker.
                Instr::NextJob { pool, end } => {
                    let worker = task - p.pools[pool as usize].first;
                    if !cx.pools[pool as usize].take(worker, now) {
                        rt.ip = end;
                    }
                }
                Instr::JobDone { pool, next } => {
                    let worker = task - p.pools[pool as usize].first;
                    cx.pools[pool as usize].done(worker, now);
                    rt.ip = next;
                }
                // Only the operations above are compiled into tasks.
                _ => {}
            }
        }
    }

    /// An `await io`/`await sleep` of `task` (with its `token`) ends: the task is ready again.
    /// Returns the event to record and why the task woke, or `None` when the timer is stale.
    pub fn timer_fired(&mut self, task: TaskId, token: u32, now: u64, t: ThreadId) -> Option<(Event, Reason)> {
        let local = (task - self.first) as usize;
        let rt = &mut self.rt[local];
        if rt.token != token || rt.done {
            return None;
        }
        rt.token = token.wrapping_add(1);
        self.timers -= 1;
        self.ready.push_back(local);
        let reason = if rt.sleeping { Reason::SleepDone } else { Reason::IoDone };
        let cause = if rt.sleeping { Cause::Sleep } else { Cause::Io };
        Some((Event::new(now, EventKind::TaskReady, t, reason).cause(cause, None).task(task), reason))
    }
}
