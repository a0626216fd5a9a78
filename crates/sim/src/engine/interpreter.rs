//! The interpreter of a thread's operations (SCENARIO.md, "Operations"): it runs them until
//! one takes time (`cpu`, `io`, `sleep`, a wait), and the waking of a thread whose timer
//! fired. Mutex, monitor, semaphore and join operations are in `sync_ops.rs`, thread and
//! process life in `life.rs`, event loops in `python.rs`.

use super::transition::{Queue, To};
use super::{Engine, St, Timer, LOOP_THREAD};
use crate::ast::Amount;
use crate::program::Instr;
use crate::trace::{Cause, Event, EventKind, Reason, ThreadId};

impl Engine<'_> {
    /// Runs a thread's operations until one of them takes time.
    pub(super) fn continue_thread(&mut self, t: ThreadId) {
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
                    let n = self.amount(t, a);
                    if n > 0 {
                        self.th[t as usize].cpu_left = n;
                        return self.need_cpu(t);
                    }
                }
                Instr::Io(a) | Instr::AwaitIo(a) => {
                    let n = self.wait_amount(t, a);
                    if n > 0 {
                        return self.block_for(t, Cause::Io, n);
                    }
                }
                Instr::Sleep(a) | Instr::AwaitSleep(a) => {
                    let n = self.wait_amount(t, a);
                    if n > 0 {
                        return self.block_for(t, Cause::Sleep, n);
                    }
                }
                Instr::NextJob { pool, end } => {
                    let worker = t - self.p.pools[pool as usize].first;
                    if !self.pools[pool as usize].take(worker, self.now) {
                        self.th[t as usize].ip = end;
                    }
                }
                Instr::JobDone { pool, next } => {
                    let worker = t - self.p.pools[pool as usize].first;
                    self.pools[pool as usize].done(worker, self.now);
                    self.th[t as usize].ip = next;
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
                            let e = Event::new(self.now, EventKind::Yield, t, Reason::Yielded).core(c);
                            return self.transition(t, To::Ready(Queue::Behind), Some(e));
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

    /// The next draw in `lo..=hi` from thread `t`'s own stream of the seeded generator (one
    /// counter for all its ranges, `cpu`, `io` and `sleep` alike, in the order they run).
    fn draw(&mut self, t: ThreadId, lo: u64, hi: u64) -> u64 {
        let cold = &mut self.cold[t as usize];
        let k = cold.draws;
        cold.draws += 1;
        crate::rng::draw(self.p.settings.seed, u64::from(t), k, lo, hi)
    }

    /// The value of an `io` or `sleep` amount of thread `t` (ranges drawn).
    fn wait_amount(&mut self, t: ThreadId, a: Amount) -> u64 {
        match a {
            Amount::Fixed(n) => n,
            Amount::Range(lo, hi) => self.draw(t, lo, hi),
        }
    }

    /// The value of a `cpu` amount of thread `t`, drawing from the seeded generator (the
    /// thread's own stream) for ranges.
    fn amount(&mut self, t: ThreadId, a: Amount) -> u64 {
        match a {
            Amount::Fixed(n) => n,
            Amount::Range(lo, hi) => {
                let v = self.draw(t, lo, hi);
                // The demand estimate counted the middle of the range; correct it.
                let mid = lo + (hi - lo) / 2;
                let th = &mut self.th[t as usize];
                th.demand_left = (th.demand_left + v).saturating_sub(mid);
                v
            }
        }
    }

    /// A CPU burst of `t` is over.
    pub(super) fn cpu_done(&mut self, t: ThreadId) {
        if let Some(target) = self.th[t as usize].after_cpu.take() {
            if !self.do_spawn(t, target) {
                return;
            }
        }
        self.continue_thread(t);
    }

    /// `t` has CPU work to do (cpu_left > 0): keep its core, or queue for one.
    pub(super) fn need_cpu(&mut self, t: ThreadId) {
        match self.th[t as usize].st {
            St::Running(c) => {
                if self.gil_ok(t) {
                    // keeps the core; the segment may change task (asyncio)
                    self.running_task_changed(t, c);
                } else {
                    self.block_on_gil(t);
                }
            }
            St::Ready | St::Assigned(_) => {}
            _ => self.make_ready(t),
        }
    }

    /// `io N` / `sleep N`: blocked until a timer.
    fn block_for(&mut self, t: ThreadId, cause: Cause, n: u64) {
        self.block(t, cause, None, None);
        let tok = self.th[t as usize].token;
        self.push_timer(self.now + n, Timer::Wake(t, tok));
    }

    /// A timer of a blocked thread fires: I/O or sleep done, or a timeout.
    pub(super) fn timer_wake(&mut self, t: ThreadId) {
        let St::Blocked(cause, object) = self.th[t as usize].st else {
            return;
        };
        match cause {
            Cause::Io | Cause::Sleep => {
                let reason = if cause == Cause::Io { Reason::IoDone } else { Reason::SleepDone };
                self.event(Event::new(self.now, EventKind::Wake, t, reason).cause(cause, object));
                self.wake(t);
            }
            Cause::Wait => self.wait_timeout(t),
            Cause::Join => {
                self.event(Event::new(self.now, EventKind::Wake, t, Reason::TimedOut).cause(cause, object));
                self.wake(t);
            }
            _ => {}
        }
    }
}
