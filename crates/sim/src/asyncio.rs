//! Event-loop threads (`thread NAME asyncio { task … }`): coroutines scheduled by the program
//! itself inside one thread, cooperatively.
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
use crate::engine::{Engine, St, Timer};
use crate::program::{Instr, Program};
use crate::recorder::Recorder;
use crate::trace::{Cause, Event, EventKind, Reason, TaskId, ThreadId};
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
pub(crate) struct TaskRt {
    pub ip: u32,
    pub loops: Vec<(u32, u64)>,
    pub done: bool,
    /// Local indices of tasks awaiting this one.
    pub awaiters: Vec<usize>,
    pub token: u32,
    pub draws: u64,
    /// True while suspended in `await sleep` (for the wake reason).
    pub sleeping: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct LoopState {
    /// Global id of the first task; a loop's tasks have consecutive ids.
    pub first: TaskId,
    pub rt: Vec<TaskRt>,
    pub ready: VecDeque<usize>,
    pub current: Option<usize>,
    /// Tasks suspended in `await io` / `await sleep`.
    pub timers: u32,
    pub remaining: usize,
}

impl LoopState {
    pub fn new(_p: &Program, tasks: &[TaskId]) -> Self {
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
}

/// Records a task event, out of line: one copy of the packing code for the five places.
#[inline(never)]
fn task_event(rec: &mut Recorder, e: Event) {
    rec.event(e);
}

impl Engine<'_> {
    /// The interpreter of an event loop: runs tasks until one needs the CPU or none is ready.
    pub(crate) fn loop_continue(&mut self, t: ThreadId) {
        let nthreads = self.p.threads.len() as u64;
        loop {
            if self.stop.is_some() {
                return;
            }
            self.steps += 1;
            if self.steps > self.opts.max_steps {
                return self.budget_exhausted();
            }
            let Some(ls) = self.loops[t as usize].as_mut() else {
                return;
            };
            let cur = match ls.current {
                Some(c) => c,
                None => match ls.ready.pop_front() {
                    Some(c) => {
                        ls.current = Some(c);
                        let task = ls.first + c as TaskId;
                        let mut e = Event::new(self.now, EventKind::TaskSwitch, t, Reason::TaskReady).task(task);
                        if let St::Running(core) = self.th[t as usize].st {
                            e = e.core(core);
                        }
                        self.rec.event(e);
                        c
                    }
                    None => {
                        let (remaining, timers) = (ls.remaining, ls.timers);
                        if remaining == 0 {
                            self.event(Event::new(self.now, EventKind::End, t, Reason::Finished));
                            return self.die(t, crate::result::Fate::Finished);
                        }
                        let cause = if timers > 0 { Cause::Io } else { Cause::Join };
                        return self.block(t, cause, None, None);
                    }
                },
            };
            let task = ls.first + cur as TaskId;
            let code = &self.p.codes[self.p.tasks[task as usize].code as usize];
            let rt = &mut ls.rt[cur];
            let ip = rt.ip as usize;
            let Some(&instr) = code.get(ip) else {
                rt.done = true;
                let awaiters = std::mem::take(&mut rt.awaiters);
                ls.remaining -= 1;
                ls.current = None;
                let now = self.now;
                task_event(&mut self.rec, Event::new(now, EventKind::TaskDone, t, Reason::Finished).task(task));
                for &a in &awaiters {
                    let e = Event::new(now, EventKind::TaskReady, t, Reason::AwaitedEnded)
                        .cause(Cause::Join, None)
                        .task(ls.first + a as TaskId)
                        .awaited(task);
                    task_event(&mut self.rec, e);
                }
                ls.ready.extend(awaiters);
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
                            let v = crate::rng::draw(self.p.settings.seed, nthreads + task as u64, k, lo, hi);
                            let th = &mut self.th[t as usize];
                            th.demand_left = (th.demand_left + v).saturating_sub(lo + (hi - lo) / 2);
                            v
                        }
                    };
                    if n > 0 {
                        self.th[t as usize].cpu_left = n;
                        return self.need_cpu(t);
                    }
                }
                Instr::AwaitIo(n) | Instr::AwaitSleep(n) if n > 0 => {
                    rt.token = rt.token.wrapping_add(1);
                    rt.sleeping = matches!(instr, Instr::AwaitSleep(_));
                    let tok = rt.token;
                    ls.timers += 1;
                    ls.current = None;
                    let cause = if rt.sleeping { Cause::Sleep } else { Cause::Io };
                    let e = Event::new(self.now, EventKind::TaskAwait, t, Reason::Awaits).cause(cause, None).task(task);
                    task_event(&mut self.rec, e);
                    self.push_timer(self.now + n, Timer::Task(task, tok));
                }
                Instr::AwaitTask(x) => {
                    let xl = (x - ls.first) as usize;
                    if !ls.rt[xl].done {
                        ls.rt[xl].awaiters.push(cur);
                        ls.current = None;
                        let e = Event::new(self.now, EventKind::TaskAwait, t, Reason::Awaits)
                            .cause(Cause::Join, None)
                            .task(task)
                            .awaited(x);
                        task_event(&mut self.rec, e);
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
                // Only the operations above are compiled into tasks.
                _ => {}
            }
        }
    }

    /// An `await io`/`await sleep` of `task` ends: the task is ready; an idle loop wakes up.
    pub(crate) fn task_timer(&mut self, t: ThreadId, task: TaskId, tok: u32) {
        let Some(ls) = self.loops[t as usize].as_mut() else {
            return;
        };
        let local = (task - ls.first) as usize;
        if ls.rt[local].token != tok || ls.rt[local].done {
            return;
        }
        ls.rt[local].token = tok.wrapping_add(1);
        ls.timers -= 1;
        ls.ready.push_back(local);
        let sleeping = ls.rt[local].sleeping;
        let (cause, reason) = if sleeping { (Cause::Sleep, Reason::SleepDone) } else { (Cause::Io, Reason::IoDone) };
        task_event(&mut self.rec, Event::new(self.now, EventKind::TaskReady, t, reason).cause(cause, None).task(task));
        if self.th[t as usize].st == St::Blocked(Cause::Io, None) {
            self.event(Event::new(self.now, EventKind::Wake, t, reason).cause(Cause::Io, None).task(task));
            self.resume(t);
        }
    }
}
