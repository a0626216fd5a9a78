//! The Python GIL, one per process, modelled on CPython's "new GIL" (3.2+):
//! a thread needs its process's GIL to run `cpu`. One that cannot take it waits off-core in
//! Blocked(gil), in FIFO order. When the longest waiter has waited `interval` ticks (counted
//! from when it began to wait, or from the last hand-off if later) and the holder still holds
//! it, the holder drops it at that tick and that waiter gets it before the dropper can take
//! it back. As in CPython, only a running holder can drop it (the request is honoured in its
//! eval loop): a holder that is Runnable (preempted by the OS, or waiting for a core after a
//! hand-off) keeps the GIL until it runs again, and drops it after at least one tick of
//! running, so every hand-off lets the new holder make progress. Blocking operations and the end of a thread release it; `yield` and preemption by
//! the OS do not. A hand-off is the GIL passing to a thread other than its last holder.

use crate::engine::{Engine, St, Timer};
use crate::trace::{Cause, Event, EventKind, Reason, ThreadId};
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
pub(crate) struct Gil {
    pub holder: Option<ThreadId>,
    /// The last thread that held it (kept while it is free).
    pub last: Option<ThreadId>,
    pub acquired_at: u64,
    /// Waiters with the tick they began to wait and their block token.
    pub waiters: VecDeque<(ThreadId, u64, u32)>,
    /// Generation of the pending drop-request timer.
    pub gen: u32,
}

impl Engine<'_> {
    /// True if `t` may compute: the GIL is off, `t` holds it, or it was free and `t` took it.
    #[inline]
    pub(crate) fn gil_ok(&mut self, t: ThreadId) -> bool {
        !self.p.settings.gil || self.gil_held_or_taken(t)
    }

    /// With the GIL on: true if `t` holds it, or it was free and `t` took it.
    fn gil_held_or_taken(&mut self, t: ThreadId) -> bool {
        let pi = self.p.threads[t as usize].process as usize;
        match self.gils[pi].holder {
            Some(h) if h == t => true,
            Some(_) => false,
            None => {
                self.gil_grant(pi as u32, t, Reason::GilFree);
                true
            }
        }
    }

    /// `t` gets the GIL of process `pi`.
    fn gil_grant(&mut self, pi: u32, t: ThreadId, reason: Reason) {
        let g = &mut self.gils[pi as usize];
        let from = g.last;
        g.holder = Some(t);
        g.last = Some(t);
        g.acquired_at = self.now;
        if from.is_some() && from != Some(t) {
            self.gil_handoffs += 1;
            let mut e = Event::new(self.now, EventKind::GilHandoff, t, reason);
            if let Some(f) = from {
                e = e.other(f);
            }
            self.event(e);
        }
        self.gil_schedule(pi);
    }

    /// `t` must wait for the GIL: off its core into Blocked(gil).
    pub(crate) fn block_on_gil(&mut self, t: ThreadId) {
        let pi = self.p.threads[t as usize].process;
        let holder = self.gils[pi as usize].holder;
        self.block(t, Cause::Gil, None, holder);
        let tok = self.th[t as usize].token;
        self.gils[pi as usize].waiters.push_back((t, self.now, tok));
        self.gil_schedule(pi);
    }

    /// `t` starts or stops running: if it holds the GIL, the drop request moves with it.
    #[inline]
    pub(crate) fn gil_holder_moved(&mut self, t: ThreadId) {
        if self.p.settings.gil {
            self.gil_request_moves_with(t);
        }
    }

    /// With the GIL on: if `t` holds it, its drop request is scheduled again.
    fn gil_request_moves_with(&mut self, t: ThreadId) {
        let pi = self.p.threads[t as usize].process;
        if self.gils[pi as usize].holder == Some(t) {
            self.gil_schedule(pi);
        }
    }

    /// If `t` holds its process's GIL, it lets it go; the longest waiter gets it.
    #[inline]
    pub(crate) fn gil_release_by(&mut self, t: ThreadId) {
        if self.p.settings.gil {
            self.gil_release_if_held(t);
        }
    }

    /// With the GIL on: if `t` holds it, it lets it go.
    fn gil_release_if_held(&mut self, t: ThreadId) {
        let pi = self.p.threads[t as usize].process;
        if self.gils[pi as usize].holder != Some(t) {
            return;
        }
        self.gils[pi as usize].holder = None;
        self.gil_pass(pi, Reason::GilReleased);
    }

    /// The free GIL goes to the longest valid waiter, which becomes Runnable.
    fn gil_pass(&mut self, pi: u32, reason: Reason) {
        while let Some((w, _, tok)) = self.gils[pi as usize].waiters.pop_front() {
            let th = &self.th[w as usize];
            if th.token != tok || th.st != St::Blocked(Cause::Gil, None) {
                continue;
            }
            let from = self.gils[pi as usize].last;
            let mut e = Event::new(self.now, EventKind::Wake, w, reason).cause(Cause::Gil, None);
            if let Some(f) = from {
                e = e.other(f);
            }
            self.event(e);
            self.th[w as usize].token = self.th[w as usize].token.wrapping_add(1);
            self.gil_grant(pi, w, reason);
            self.make_ready(w);
            return;
        }
        self.gil_schedule(pi);
    }

    /// The tick at which the longest waiter asks the holder to drop the GIL.
    fn gil_due(&mut self, pi: u32) -> Option<u64> {
        let g = &mut self.gils[pi as usize];
        let holder = g.holder?;
        // Only a running holder drops the GIL, after at least one tick of running.
        let St::Running(c) = self.th[holder as usize].st else { return None };
        let running_since = self.cores[c as usize].run_since;
        while let Some(&(w, since, tok)) = g.waiters.front() {
            let th = &self.th[w as usize];
            if th.token == tok && th.st == St::Blocked(Cause::Gil, None) {
                let due = since.max(g.acquired_at) + self.p.settings.gil_interval.max(1);
                return Some(due.max(running_since + 1));
            }
            g.waiters.pop_front();
        }
        None
    }

    pub(crate) fn gil_schedule(&mut self, pi: u32) {
        let due = self.gil_due(pi);
        let g = &mut self.gils[pi as usize];
        g.gen = g.gen.wrapping_add(1);
        let gen = g.gen;
        if let Some(at) = due {
            self.push_timer(at, Timer::Gil(pi, gen));
        }
    }

    /// A drop request may be due now: the holder drops the GIL and the waiter takes it.
    pub(crate) fn gil_check(&mut self, pi: u32) {
        if self.gil_due(pi) != Some(self.now) {
            self.gil_schedule(pi);
            return;
        }
        let Some(old) = self.gils[pi as usize].holder.take() else {
            return;
        };
        self.gil_pass(pi, Reason::GilDropRequested);
        // The dropper cannot compute without the GIL: if it is on a core, it waits for it.
        if let St::Running(_) = self.th[old as usize].st {
            self.block_on_gil(old);
        }
    }
}
