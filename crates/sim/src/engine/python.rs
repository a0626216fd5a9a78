//! The engine applies the rules of `gil.rs` (the GIL of each process) and `asyncio.rs`
//! (event-loop threads): it asks those plain types and turns their answers into events,
//! timers and state transitions.

use super::transition::{Queue, To};
use super::{Engine, St, Timer};
use crate::asyncio::{LoopCx, LoopEffect, LoopStep};
use crate::gil::Access;
use crate::result::Fate;
use crate::trace::{Cause, Event, EventKind, Reason, TaskId, ThreadId};

impl Engine<'_> {
    // ----- the GIL -----------------------------------------------------------------

    /// True if `t` may compute: the GIL is off, `t` holds it, or it was free and `t` took it.
    #[inline]
    pub(super) fn gil_ok(&mut self, t: ThreadId) -> bool {
        !self.p.settings.gil || self.gil_held_or_taken(t)
    }

    /// With the GIL on: true if `t` holds it, or it was free and `t` took it.
    fn gil_held_or_taken(&mut self, t: ThreadId) -> bool {
        let pi = self.p.threads[t as usize].process;
        match self.gils[pi as usize].access(t, self.now) {
            Access::Holds => true,
            Access::Busy(_) => false,
            Access::Took(grant) => {
                self.granted(pi, t, grant.handoff_from, Reason::GilFree);
                true
            }
        }
    }

    /// `t` got the GIL of process `pi`: a hand-off is counted and recorded, and the drop
    /// request is scheduled again.
    fn granted(&mut self, pi: u32, t: ThreadId, handoff_from: Option<ThreadId>, reason: Reason) {
        if let Some(from) = handoff_from {
            self.gil_handoffs += 1;
            self.event(Event::new(self.now, EventKind::GilHandoff, t, reason).other(from));
        }
        self.gil_schedule(pi);
    }

    /// `t` must wait for the GIL: off its core into Blocked(gil).
    pub(super) fn block_on_gil(&mut self, t: ThreadId) {
        let pi = self.p.threads[t as usize].process;
        let holder = self.gils[pi as usize].holder();
        self.block(t, Cause::Gil, None, holder);
        let tok = self.th[t as usize].token;
        self.gils[pi as usize].wait(t, self.now, tok);
        self.gil_schedule(pi);
    }

    /// `t` starts or stops running: if it holds the GIL, the drop request moves with it.
    #[inline]
    pub(super) fn gil_holder_moved(&mut self, t: ThreadId) {
        if self.p.settings.gil {
            let pi = self.p.threads[t as usize].process;
            if self.gils[pi as usize].holder() == Some(t) {
                self.gil_schedule(pi);
            }
        }
    }

    /// If `t` holds its process's GIL, it lets it go; the longest waiter gets it.
    #[inline]
    pub(super) fn gil_release_by(&mut self, t: ThreadId) {
        if self.p.settings.gil {
            let pi = self.p.threads[t as usize].process;
            if self.gils[pi as usize].release(t) {
                self.gil_pass(pi, Reason::GilReleased);
            }
        }
    }

    /// The free GIL goes to the longest waiter that still waits, which becomes Runnable.
    fn gil_pass(&mut self, pi: u32, reason: Reason) {
        let th = &self.th;
        let still_waits =
            |w: ThreadId, tok: u32| th[w as usize].token == tok && th[w as usize].st == St::Blocked(Cause::Gil, None);
        let Some(w) = self.gils[pi as usize].next_waiter(still_waits) else {
            self.gil_schedule(pi);
            return;
        };
        let mut e = Event::new(self.now, EventKind::Wake, w, reason).cause(Cause::Gil, None);
        if let Some(f) = self.gils[pi as usize].last() {
            e = e.other(f);
        }
        self.event(e);
        self.th[w as usize].token = self.th[w as usize].token.wrapping_add(1);
        let grant = self.gils[pi as usize].grant(w, self.now);
        self.granted(pi, w, grant.handoff_from, reason);
        self.transition(w, To::Ready(Queue::Newcomer), None);
    }

    /// The tick at which the longest waiter of `pi` asks the holder to drop the GIL.
    fn gil_due(&mut self, pi: u32) -> Option<u64> {
        let running_since = match self.gils[pi as usize].holder().map(|h| self.th[h as usize].st) {
            Some(St::Running(c)) => Some(self.cores[c as usize].run_since),
            _ => None,
        };
        let th = &self.th;
        let still_waits =
            |w: ThreadId, tok: u32| th[w as usize].token == tok && th[w as usize].st == St::Blocked(Cause::Gil, None);
        self.gils[pi as usize].drop_due(running_since, self.p.settings.gil_interval, still_waits)
    }

    /// Arms the drop-request timer of `pi` (a new generation; older timers are stale).
    pub(super) fn gil_schedule(&mut self, pi: u32) {
        let due = self.gil_due(pi);
        let gen = self.gils[pi as usize].next_gen();
        if let Some(at) = due {
            self.push_timer(at, Timer::Gil(pi, gen));
        }
    }

    /// A drop request may be due now: the holder drops the GIL and the waiter takes it.
    pub(super) fn gil_check(&mut self, pi: u32) {
        if self.gil_due(pi) != Some(self.now) {
            self.gil_schedule(pi);
            return;
        }
        let Some(old) = self.gils[pi as usize].drop_holder() else {
            return;
        };
        self.gil_pass(pi, Reason::GilDropRequested);
        // The dropper cannot compute without the GIL: if it is on a core, it waits for it.
        if let St::Running(_) = self.th[old as usize].st {
            self.block_on_gil(old);
        }
    }

    // ----- event loops -------------------------------------------------------------

    /// The interpreter of an event loop: runs tasks until one needs the CPU or none is ready.
    pub(super) fn loop_continue(&mut self, t: ThreadId) {
        if self.stop.is_some() {
            return;
        }
        let core = match self.th[t as usize].st {
            St::Running(c) => Some(c),
            _ => None,
        };
        let Some(ls) = self.loops[t as usize].as_mut() else {
            return;
        };
        let mut effects = std::mem::take(&mut self.loop_effects);
        let cx = LoopCx {
            p: self.p,
            now: self.now,
            thread: t,
            core,
            steps: &mut self.steps,
            max_steps: self.opts.max_steps,
            pools: &mut self.pools,
        };
        let step = ls.run(cx, &mut effects);
        for effect in effects.drain(..) {
            match effect {
                LoopEffect::Event(e) => self.event(e),
                LoopEffect::Timer { at, task, token } => self.push_timer(at, Timer::Task(task, token)),
                LoopEffect::Drawn { value, estimate } => {
                    let th = &mut self.th[t as usize];
                    th.demand_left = (th.demand_left + value).saturating_sub(estimate);
                }
            }
        }
        self.loop_effects = effects;
        match step {
            LoopStep::Cpu(n) => {
                self.th[t as usize].cpu_left = n;
                self.need_cpu(t);
            }
            LoopStep::Idle(cause) => self.block(t, cause, None, None),
            LoopStep::Finished => {
                self.event(Event::new(self.now, EventKind::End, t, Reason::Finished));
                self.die(t, Fate::Finished);
            }
            LoopStep::OutOfSteps => self.budget_exhausted(),
        }
    }

    /// An `await io`/`await sleep` of `task` ends: the task is ready; an idle loop wakes up.
    pub(super) fn task_timer(&mut self, t: ThreadId, task: TaskId, tok: u32) {
        let Some(ls) = self.loops[t as usize].as_mut() else {
            return;
        };
        let Some((e, reason)) = ls.timer_fired(task, tok, self.now, t) else {
            return;
        };
        self.event(e);
        if self.th[t as usize].st == St::Blocked(Cause::Io, None) {
            self.event(Event::new(self.now, EventKind::Wake, t, reason).cause(Cause::Io, None).task(task));
            self.wake(t);
        }
    }
}
