//! Mutexes (which are also Java-style monitors), counting semaphores and `join`.
//!
//! - `lock M`: takes a free mutex; otherwise Blocked(lock M) in a FIFO queue. `unlock M` hands
//!   the mutex straight to the head of the queue. Mutexes are not re-entrant: `lock M` by its
//!   owner waits for itself (a deadlock of one thread). A thread that ends while holding a
//!   mutex does not give it back (as with pthreads and Python's `threading.Lock`).
//! - `wait M [T]`: must hold M; gives M to the next in line, waits in M's wait set for a
//!   `notify` (or T ticks), then queues for M again (Blocked(lock M)) unless it is free.
//! - `notify M` wakes the longest waiter, `notify-all M` every waiter, in order; a notify with
//!   no waiter is lost (an event says so).
//! - `acquire S` takes a permit or waits in FIFO order; `release S` gives a permit to the
//!   longest waiter or back to S.
//! - `join T [D]`: until T is Dead (or a process T has ended), or D ticks.
//!
//! Every waiting list stores the waiter's block token, so a thread that stopped waiting (timed
//! out, died) is skipped lazily instead of being searched for.

use crate::engine::{Engine, St, Timer};
use crate::program::{JoinTarget, ObjectKind, Program};
use crate::result::{HeldOp, RunError};
use crate::trace::{Cause, Event, EventKind, ObjectId, Reason, ThreadId};
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
pub(crate) struct Mutex {
    pub owner: Option<ThreadId>,
    pub queue: VecDeque<(ThreadId, u32)>,
    /// Monitor wait set.
    pub waiters: VecDeque<(ThreadId, u32)>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Semaphore {
    pub permits: u64,
    pub queue: VecDeque<(ThreadId, u32)>,
}

pub(crate) struct SyncState {
    pub mutexes: Vec<Mutex>,
    pub sems: Vec<Semaphore>,
}

impl SyncState {
    pub fn new(p: &Program) -> Self {
        let n = p.objects.len();
        let mut sems = vec![Semaphore::default(); n];
        for (i, k) in p.object_kinds.iter().enumerate() {
            if let ObjectKind::Semaphore(permits) = k {
                sems[i].permits = *permits;
            }
        }
        SyncState { mutexes: vec![Mutex::default(); n], sems }
    }
}

/// Pops the first entry whose thread still waits with that token in that state.
fn pop_valid(q: &mut VecDeque<(ThreadId, u32)>, e: &Engine, cause: Cause, object: ObjectId) -> Option<ThreadId> {
    while let Some((t, tok)) = q.pop_front() {
        let th = &e.th[t as usize];
        if th.token == tok && th.st == St::Blocked(cause, Some(object)) {
            return Some(t);
        }
    }
    None
}

impl Engine<'_> {
    /// `lock m`; false if `t` must wait.
    pub(crate) fn lock(&mut self, t: ThreadId, m: ObjectId) -> bool {
        match self.sync.mutexes[m as usize].owner {
            None => {
                self.sync.mutexes[m as usize].owner = Some(t);
                self.event(Event::new(self.now, EventKind::Lock, t, Reason::Acquired).cause(Cause::Lock, Some(m)));
                true
            }
            Some(owner) => {
                self.block(t, Cause::Lock, Some(m), Some(owner));
                let tok = self.th[t as usize].token;
                self.sync.mutexes[m as usize].queue.push_back((t, tok));
                false
            }
        }
    }

    /// Gives `m` from `by` to the head of its queue, or frees it.
    fn hand_over(&mut self, by: ThreadId, m: ObjectId, reason: Reason) {
        self.event(Event::new(self.now, EventKind::Unlock, by, reason).cause(Cause::Lock, Some(m)));
        let mut q = std::mem::take(&mut self.sync.mutexes[m as usize].queue);
        let next = pop_valid(&mut q, self, Cause::Lock, m);
        self.sync.mutexes[m as usize].queue = q;
        self.sync.mutexes[m as usize].owner = next;
        if let Some(n) = next {
            self.event(
                Event::new(self.now, EventKind::Wake, n, Reason::Unlocked).other(by).cause(Cause::Lock, Some(m)),
            );
            self.event(Event::new(self.now, EventKind::Lock, n, Reason::Acquired).cause(Cause::Lock, Some(m)));
            self.resume(n);
        }
    }

    /// True if `t` holds `m`; otherwise the run stops with an error.
    #[inline]
    fn holds(&mut self, t: ThreadId, m: ObjectId, reason: Reason, what: HeldOp) -> bool {
        self.sync.mutexes[m as usize].owner == Some(t) || self.not_held(t, m, reason, what)
    }

    /// `t` used `m` without holding it: a run-time error (false).
    #[cold]
    fn not_held(&mut self, t: ThreadId, m: ObjectId, reason: Reason, what: HeldOp) -> bool {
        let name = &self.p.objects[m as usize];
        let holder = self.sync.mutexes[m as usize].owner.map(|o| self.p.threads[o as usize].name.clone());
        let text = RunError::NotHeld { op: what, mutex: name.clone(), holder };
        self.error(t, reason, text);
        false
    }

    /// `unlock m`; false on a run-time error.
    pub(crate) fn unlock(&mut self, t: ThreadId, m: ObjectId) -> bool {
        if !self.holds(t, m, Reason::UnlockNotHeld, HeldOp::Unlock) {
            return false;
        }
        self.hand_over(t, m, Reason::Unlocking);
        true
    }

    /// `wait m [timeout]`.
    pub(crate) fn wait(&mut self, t: ThreadId, m: ObjectId, timeout: Option<u64>) {
        if !self.holds(t, m, Reason::WaitNotHeld, HeldOp::Wait) {
            return;
        }
        self.hand_over(t, m, Reason::WaitReleases);
        self.block(t, Cause::Wait, Some(m), None);
        let tok = self.th[t as usize].token;
        self.sync.mutexes[m as usize].waiters.push_back((t, tok));
        if let Some(d) = timeout {
            self.push_timer(self.now + d, Timer::Wake(t, tok));
        }
    }

    /// A waiter leaves the wait set (notified or timed out) and takes the monitor back.
    fn reacquire(&mut self, w: ThreadId, m: ObjectId) {
        if self.sync.mutexes[m as usize].owner.is_none() {
            self.sync.mutexes[m as usize].owner = Some(w);
            self.event(Event::new(self.now, EventKind::Lock, w, Reason::Acquired).cause(Cause::Lock, Some(m)));
            self.resume(w);
        } else {
            let owner = self.sync.mutexes[m as usize].owner;
            self.block(w, Cause::Lock, Some(m), owner);
            let tok = self.th[w as usize].token;
            self.sync.mutexes[m as usize].queue.push_back((w, tok));
        }
    }

    pub(crate) fn wait_timeout(&mut self, t: ThreadId) {
        let St::Blocked(Cause::Wait, Some(m)) = self.th[t as usize].st else {
            return;
        };
        self.event(Event::new(self.now, EventKind::Wake, t, Reason::TimedOut).cause(Cause::Wait, Some(m)));
        self.reacquire(t, m);
    }

    /// `notify m` / `notify-all m`; false on a run-time error.
    pub(crate) fn notify(&mut self, t: ThreadId, m: ObjectId, all: bool) -> bool {
        if !self.holds(t, m, Reason::NotifyNotHeld, HeldOp::Notify) {
            return false;
        }
        let mut woke = 0;
        loop {
            let mut q = std::mem::take(&mut self.sync.mutexes[m as usize].waiters);
            let w = pop_valid(&mut q, self, Cause::Wait, m);
            self.sync.mutexes[m as usize].waiters = q;
            let Some(w) = w else { break };
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
    pub(crate) fn acquire(&mut self, t: ThreadId, s: ObjectId) -> bool {
        let sem = &mut self.sync.sems[s as usize];
        if sem.permits > 0 {
            sem.permits -= 1;
            return true;
        }
        self.block(t, Cause::Acquire, Some(s), None);
        let tok = self.th[t as usize].token;
        self.sync.sems[s as usize].queue.push_back((t, tok));
        false
    }

    pub(crate) fn release(&mut self, t: ThreadId, s: ObjectId) {
        let mut q = std::mem::take(&mut self.sync.sems[s as usize].queue);
        let next = pop_valid(&mut q, self, Cause::Acquire, s);
        self.sync.sems[s as usize].queue = q;
        match next {
            Some(n) => {
                self.event(
                    Event::new(self.now, EventKind::Wake, n, Reason::Released).other(t).cause(Cause::Acquire, Some(s)),
                );
                self.resume(n);
            }
            None => self.sync.sems[s as usize].permits += 1,
        }
    }

    /// `join target [timeout]`; false if `t` must wait (or on a run-time error).
    pub(crate) fn join(&mut self, t: ThreadId, target: JoinTarget, timeout: Option<u64>) -> bool {
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
