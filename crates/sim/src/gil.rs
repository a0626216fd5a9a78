//! The Python GIL, one per process, modelled on CPython's "new GIL" (3.2+): the rule, as a
//! plain type that knows nothing of the engine. The engine asks it and applies its answers
//! (`engine/python.rs`).
//!
//! A thread needs its process's GIL to run `cpu`. One that cannot take it waits off-core in
//! Blocked(gil), in FIFO order. When the longest waiter has waited `interval` ticks (counted
//! from when it began to wait, or from the last hand-off if later) and the holder still holds
//! it, the holder drops it at that tick and that waiter gets it before the dropper can take
//! it back. As in CPython, only a running holder can drop it (the request is honoured in its
//! eval loop): a holder that is Runnable (preempted by the OS, or waiting for a core after a
//! hand-off) keeps the GIL until it runs again, and drops it after at least one tick of
//! running, so every hand-off lets the new holder make progress. Blocking operations and the
//! end of a thread release it; `yield` and preemption by the OS do not. A hand-off is the GIL
//! passing to a thread other than its last holder.

use crate::trace::ThreadId;
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
pub(crate) struct Gil {
    holder: Option<ThreadId>,
    /// The last thread that held it (kept while it is free).
    last: Option<ThreadId>,
    acquired_at: u64,
    /// Waiters with the tick they began to wait and their block token.
    waiters: VecDeque<(ThreadId, u64, u32)>,
    /// Generation of the pending drop-request timer.
    gen: u32,
}

/// What asking for the GIL gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    /// The thread holds it already.
    Holds,
    /// It was free and the thread took it (a [`Grant`]).
    Took(Grant),
    /// Another thread holds it: wait.
    Busy(ThreadId),
}

/// The GIL was given to a thread; `handoff_from` names the previous holder when it passed
/// to another thread (a hand-off, counted and recorded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Grant {
    pub handoff_from: Option<ThreadId>,
}

impl Gil {
    pub fn holder(&self) -> Option<ThreadId> {
        self.holder
    }

    /// The last thread that held it, even when it is free now.
    pub fn last(&self) -> Option<ThreadId> {
        self.last
    }

    /// `t` wants to compute at `now`.
    pub fn access(&mut self, t: ThreadId, now: u64) -> Access {
        match self.holder {
            Some(h) if h == t => Access::Holds,
            Some(h) => Access::Busy(h),
            None => Access::Took(self.grant(t, now)),
        }
    }

    /// `t` gets the GIL at `now`.
    pub fn grant(&mut self, t: ThreadId, now: u64) -> Grant {
        let from = self.last;
        self.holder = Some(t);
        self.last = Some(t);
        self.acquired_at = now;
        Grant { handoff_from: from.filter(|&f| f != t) }
    }

    /// `t` (blocked with `token` since `now`) waits for the GIL.
    pub fn wait(&mut self, t: ThreadId, now: u64, token: u32) {
        self.waiters.push_back((t, now, token));
    }

    /// `t` lets the GIL go if it holds it; true if it did (the GIL is free now).
    pub fn release(&mut self, t: ThreadId) -> bool {
        if self.holder != Some(t) {
            return false;
        }
        self.holder = None;
        true
    }

    /// The holder drops the GIL on request: it is free now; the dropper is returned.
    pub fn drop_holder(&mut self) -> Option<ThreadId> {
        self.holder.take()
    }

    /// The longest waiter that still waits (`still_waits(thread, token)`), removed from the
    /// queue; waiters that stopped waiting are dropped on the way.
    pub fn next_waiter(&mut self, still_waits: impl Fn(ThreadId, u32) -> bool) -> Option<ThreadId> {
        while let Some((w, _, tok)) = self.waiters.pop_front() {
            if still_waits(w, tok) {
                return Some(w);
            }
        }
        None
    }

    /// The tick at which the longest waiter asks the holder to drop the GIL: none unless the
    /// holder is running (since `holder_running_since`) and someone still waits.
    pub fn drop_due(
        &mut self,
        holder_running_since: Option<u64>,
        interval: u64,
        still_waits: impl Fn(ThreadId, u32) -> bool,
    ) -> Option<u64> {
        self.holder?;
        let running_since = holder_running_since?;
        while let Some(&(w, since, tok)) = self.waiters.front() {
            if still_waits(w, tok) {
                let due = since.max(self.acquired_at) + interval.max(1);
                return Some(due.max(running_since + 1));
            }
            self.waiters.pop_front();
        }
        None
    }

    /// A new generation for the drop-request timer (older timers are stale).
    pub fn next_gen(&mut self) -> u32 {
        self.gen = self.gen.wrapping_add(1);
        self.gen
    }

    /// The generation of the pending drop-request timer.
    pub fn gen(&self) -> u32 {
        self.gen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_free_gil_is_taken_and_a_handoff_names_the_last_holder() {
        let mut g = Gil::default();
        assert_eq!(g.access(1, 0), Access::Took(Grant { handoff_from: None }));
        assert_eq!(g.access(1, 3), Access::Holds);
        assert_eq!(g.access(2, 3), Access::Busy(1));
        assert!(!g.release(2), "only the holder releases");
        assert!(g.release(1));
        assert_eq!(g.holder(), None);
        assert_eq!(g.last(), Some(1));
        // Taken back by its last holder: no hand-off; by another thread: a hand-off.
        assert_eq!(g.access(1, 5), Access::Took(Grant { handoff_from: None }));
        assert!(g.release(1));
        assert_eq!(g.access(2, 6), Access::Took(Grant { handoff_from: Some(1) }));
    }

    #[test]
    fn the_drop_request_waits_for_the_interval_and_a_running_holder() {
        let mut g = Gil::default();
        g.access(1, 0);
        g.wait(2, 2, 7);
        let waits = |t: ThreadId, tok: u32| t == 2 && tok == 7;
        assert_eq!(g.drop_due(None, 5, waits), None, "a holder that is not running never drops it");
        assert_eq!(g.drop_due(Some(0), 5, waits), Some(7), "interval counted from when the waiter began");
        assert_eq!(g.drop_due(Some(9), 5, waits), Some(10), "after at least one tick of running");
        // A waiter that stopped waiting (another token) is dropped: nothing is due.
        assert_eq!(g.drop_due(Some(0), 5, |_, _| false), None);
        assert_eq!(g.next_waiter(waits), None);
    }
}
