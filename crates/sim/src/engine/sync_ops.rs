//! The engine applies the rules of `sync.rs` (mutexes, monitors, semaphores) and runs `join`:
//! it asks the plain types and turns their answers into events, timers and transitions.
//! `join T [D]` waits until T is Dead (or a process T has ended), or D ticks.

use super::{Engine, St, Th, Timer};
use crate::program::JoinTarget;
use crate::result::{HeldOp, RunError};
use crate::sync::{Holding, Lock};
use crate::trace::{Cause, Event, EventKind, ObjectId, Reason, ThreadId};

/// `still_waits` for the waiting lists of `sync.rs`: the thread waits with that token in
/// that state.
fn waits_on(th: &[Th], cause: Cause, object: ObjectId) -> impl Fn(ThreadId, u32) -> bool + '_ {
    move |t, tok| {
        let th = &th[t as usize];
        th.token == tok && th.st == St::Blocked(cause, Some(object))
    }
}

impl Engine<'_> {
    /// `lock m`; false if `t` must wait.
    pub(super) fn lock(&mut self, t: ThreadId, m: ObjectId) -> bool {
        match self.sync.lock(t, m) {
            Lock::Acquired => {
                self.event(Event::new(self.now, EventKind::Lock, t, Reason::Acquired).cause(Cause::Lock, Some(m)));
                true
            }
            Lock::Busy(owner) => {
                self.block(t, Cause::Lock, Some(m), Some(owner));
                let tok = self.th[t as usize].token;
                self.sync.queue_for_lock(m, t, tok);
                false
            }
        }
    }

    /// Gives `m` from `by` to the head of its queue, or frees it.
    fn hand_over(&mut self, by: ThreadId, m: ObjectId, reason: Reason) {
        self.event(Event::new(self.now, EventKind::Unlock, by, reason).cause(Cause::Lock, Some(m)));
        let next = self.sync.hand_over(m, waits_on(&self.th, Cause::Lock, m));
        if let Some(n) = next {
            self.event(
                Event::new(self.now, EventKind::Wake, n, Reason::Unlocked).other(by).cause(Cause::Lock, Some(m)),
            );
            self.event(Event::new(self.now, EventKind::Lock, n, Reason::Acquired).cause(Cause::Lock, Some(m)));
            self.wake(n);
        }
    }

    /// True if `t` holds `m`; otherwise the run stops with an error.
    #[inline]
    fn holds(&mut self, t: ThreadId, m: ObjectId, reason: Reason, what: HeldOp) -> bool {
        match self.sync.holding(t, m) {
            Holding::Holds => true,
            Holding::NotHeld { owner } => self.not_held(t, m, owner, reason, what),
        }
    }

    /// `t` used `m` without holding it: a run-time error (false).
    #[cold]
    fn not_held(&mut self, t: ThreadId, m: ObjectId, owner: Option<ThreadId>, reason: Reason, what: HeldOp) -> bool {
        let name = &self.p.objects[m as usize];
        let holder = owner.map(|o| self.p.threads[o as usize].name.clone());
        let text = RunError::NotHeld { op: what, mutex: name.clone(), holder };
        self.error(t, reason, text);
        false
    }

    /// `unlock m`; false on a run-time error.
    pub(super) fn unlock(&mut self, t: ThreadId, m: ObjectId) -> bool {
        if !self.holds(t, m, Reason::UnlockNotHeld, HeldOp::Unlock) {
            return false;
        }
        self.hand_over(t, m, Reason::Unlocking);
        true
    }

    /// `wait m [timeout]`.
    pub(super) fn wait(&mut self, t: ThreadId, m: ObjectId, timeout: Option<u64>) {
        if !self.holds(t, m, Reason::WaitNotHeld, HeldOp::Wait) {
            return;
        }
        self.hand_over(t, m, Reason::WaitReleases);
        self.block(t, Cause::Wait, Some(m), None);
        let tok = self.th[t as usize].token;
        self.sync.wait_for_notify(m, t, tok);
        if let Some(d) = timeout {
            self.push_timer(self.now + d, Timer::Wake(t, tok));
        }
    }

    /// A waiter leaves the wait set (notified or timed out) and takes the monitor back.
    fn reacquire(&mut self, w: ThreadId, m: ObjectId) {
        match self.sync.lock(w, m) {
            Lock::Acquired => {
                self.event(Event::new(self.now, EventKind::Lock, w, Reason::Acquired).cause(Cause::Lock, Some(m)));
                self.wake(w);
            }
            Lock::Busy(owner) => {
                self.block(w, Cause::Lock, Some(m), Some(owner));
                let tok = self.th[w as usize].token;
                self.sync.queue_for_lock(m, w, tok);
            }
        }
    }

    pub(super) fn wait_timeout(&mut self, t: ThreadId) {
        let St::Blocked(Cause::Wait, Some(m)) = self.th[t as usize].st else {
            return;
        };
        self.event(Event::new(self.now, EventKind::Wake, t, Reason::TimedOut).cause(Cause::Wait, Some(m)));
        self.reacquire(t, m);
    }

    /// `notify m` / `notify-all m`; false on a run-time error.
    pub(super) fn notify(&mut self, t: ThreadId, m: ObjectId, all: bool) -> bool {
        if !self.holds(t, m, Reason::NotifyNotHeld, HeldOp::Notify) {
            return false;
        }
        let mut woke = 0;
        while let Some(w) = self.sync.notified(m, waits_on(&self.th, Cause::Wait, m)) {
            woke += 1;
            let reason = if all { Reason::NotifiedAll } else { Reason::Notified };
            self.event(
                Event::new(self.now, EventKind::Notify, t, Reason::NotifyWoke).other(w).cause(Cause::Wait, Some(m)),
            );
            self.event(Event::new(self.now, EventKind::Wake, w, reason).other(t).cause(Cause::Wait, Some(m)));
            self.reacquire(w, m);
            if !all {
                break;
            }
        }
        if woke == 0 {
            self.event(Event::new(self.now, EventKind::Notify, t, Reason::NotifyLost).cause(Cause::Wait, Some(m)));
        }
        true
    }

    /// `acquire s`; false if `t` must wait.
    pub(super) fn acquire(&mut self, t: ThreadId, s: ObjectId) -> bool {
        if self.sync.acquire(s) {
            return true;
        }
        self.block(t, Cause::Acquire, Some(s), None);
        let tok = self.th[t as usize].token;
        self.sync.queue_for_permit(s, t, tok);
        false
    }

    pub(super) fn release(&mut self, t: ThreadId, s: ObjectId) {
        let next = self.sync.release(s, waits_on(&self.th, Cause::Acquire, s));
        if let Some(n) = next {
            self.event(
                Event::new(self.now, EventKind::Wake, n, Reason::Released).other(t).cause(Cause::Acquire, Some(s)),
            );
            self.wake(n);
        }
    }

    /// `join target [timeout]`; false if `t` must wait (or on a run-time error).
    pub(super) fn join(&mut self, t: ThreadId, target: JoinTarget, timeout: Option<u64>) -> bool {
        let (done, object, on) = match target {
            JoinTarget::Thread(x) => {
                if x == t {
                    self.error(
                        t,
                        Reason::JoinSelf,
                        RunError::JoinSelf { thread: self.p.threads[t as usize].name.clone() },
                    );
                    return false;
                }
                (self.th[x as usize].st == St::Dead, self.p.threads[x as usize].object, Some(x))
            }
            JoinTarget::Process(pi) => (
                self.procs[pi as usize].ended,
                self.p.processes[pi as usize].object,
                self.p.processes[pi as usize].threads.first().copied(),
            ),
        };
        if done {
            return true;
        }
        self.block(t, Cause::Join, object, on);
        let tok = self.th[t as usize].token;
        match target {
            JoinTarget::Thread(x) => self.cold[x as usize].joiners.push((t, tok)),
            JoinTarget::Process(pi) => self.procs[pi as usize].joiners.push((t, tok)),
        }
        if let Some(d) = timeout {
            self.push_timer(self.now + d, Timer::Wake(t, tok));
        }
        false
    }
}
