//! The one place that moves a thread between states ([`Engine::transition`]): it gives the
//! core back or takes it, keeps the ready queue, closes the thread's segment and opens the
//! next, releases the GIL, and records the event of the move. Nothing else writes a thread's
//! state, a core's state or a segment.
//!
//! The order of the steps is fixed, because the trace records pieces in the order they close
//! (old links must give the same trace): the move's event; the old state's core given back
//! (its core segment closed); the new state; a GIL drop request moving with a holder that
//! stopped running; the new segment; then the GIL released by a thread that ends (before its
//! last segment) or blocks (after its new segment), which may wake its longest waiter.

use super::{CoreSt, Engine, St, LOOP_THREAD};
use crate::recorder::SegKey;
use crate::trace::{Cause, CoreActivity, Event, EventKind, ObjectId, Reason, ThreadId};

/// Where [`Engine::transition`] takes a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum To {
    /// Out of New: its first operation decides what it does (its segment is Runnable).
    Started,
    /// Runnable, joining the ready queue at the end of the tick in thread order: newcomers
    /// first, then the threads that just had a core (preempted or yielding).
    Ready(Queue),
    /// Picked by core `core`, which switches to it until `until`.
    Assigned { core: u32, until: u64 },
    /// Running on `core`.
    Running(u32),
    /// Blocked, waiting for `on` when there is such a thread (a Block event is recorded).
    Blocked { cause: Cause, object: Option<ObjectId>, on: Option<ThreadId> },
    /// Dead.
    Dead,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Queue {
    Newcomer,
    Behind,
}

impl Engine<'_> {
    /// Moves `t` to `to`, recording `why` first (the Block event of `To::Blocked` is built
    /// here). See the module documentation for the order of the steps.
    pub(super) fn transition(&mut self, t: ThreadId, to: To, why: Option<Event>) {
        if let Some(e) = why {
            self.event(e);
        }
        let now = self.now;
        let from = self.th[t as usize].st;
        // The old state's core (or place in the ready queue) is given back.
        let left_core = match from {
            St::Running(c) => {
                self.set_core(c, CoreSt::Idle);
                self.quantum_end[c as usize] = u64::MAX;
                self.rec.core_change(c, now, None);
                Some(c)
            }
            St::Assigned(c) => {
                self.set_core(c, CoreSt::Idle);
                self.rec.core_change(c, now, None);
                None
            }
            St::Ready if !matches!(to, To::Ready(_) | To::Assigned { .. } | To::Running(_)) => {
                // Only a kill takes a thread out of the queue (rare): the queue is searched.
                if let Some(i) = self.ready.iter().position(|&x| x == t) {
                    self.ready.remove(i);
                }
                None
            }
            _ => None,
        };
        let st = match to {
            To::Started => St::Started,
            To::Ready(_) => St::Ready,
            To::Assigned { core, .. } => St::Assigned(core),
            To::Running(core) => St::Running(core),
            To::Blocked { cause, object, .. } => St::Blocked(cause, object),
            To::Dead => St::Dead,
        };
        self.th[t as usize].st = st;
        if left_core.is_some() {
            // A holder that stops running can no longer drop the GIL on request.
            self.gil_holder_moved(t);
        }
        // What `scheduler ostep` decides by: who gave a core up at this tick, who woke.
        if let Some(o) = self.ostep.as_deref_mut() {
            match (from, &to) {
                (St::Blocked(..), To::Ready(_)) => {
                    o.woke_at[t as usize] = now;
                    o.last_wake = now;
                    o.wake_unserved = true;
                }
                (St::Running(c), To::Blocked { .. } | To::Dead) => o.freed[c as usize] = (now, t),
                _ => {}
            }
        }
        match to {
            To::Started => self.rec.set(t, now, SegKey::runnable()),
            To::Ready(queue) => {
                self.rec.set(t, now, SegKey::runnable());
                match queue {
                    Queue::Newcomer => self.batch.push(t),
                    Queue::Behind => self.requeue.push(t),
                }
            }
            To::Assigned { core, until } => {
                self.set_core(core, CoreSt::Switching { to: t, until });
                self.cores[core as usize].last = Some(t);
                self.rec.core_change(core, now, Some(CoreActivity::Switch(t)));
            }
            To::Running(c) => {
                self.set_core(c, CoreSt::Running(t));
                let q = self.quantum();
                let core = &mut self.cores[c as usize];
                core.last = Some(t);
                core.settled = now;
                core.run_since = now;
                self.quantum_end[c as usize] = q.map_or(u64::MAX, |q| now + q);
                self.rec.core_change(c, now, Some(CoreActivity::Run(t)));
                // A thread dispatched after a `yield` has no burst yet: it runs no task.
                let key =
                    if self.th[t as usize].cpu_left == 0 { SegKey::running(c, None) } else { self.running_key(t, c) };
                self.rec.set(t, now, key);
            }
            To::Blocked { cause, object, on } => {
                let th = &mut self.th[t as usize];
                th.token = th.token.wrapping_add(1);
                th.blocked_since = now as u32;
                self.rec.set(t, now, SegKey::blocked(cause, object));
                let mut e = Event::new(now, EventKind::Block, t, Reason::BlockedOn).cause(cause, object);
                if let Some(c) = left_core {
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
            To::Dead => {
                if from != St::New {
                    self.gil_release_by(t);
                }
                let th = &mut self.th[t as usize];
                th.token = th.token.wrapping_add(1);
                self.rec.set(t, now, SegKey::dead());
            }
        }
    }

    /// The segment key of `t` running on core `c` (with the task its event loop runs).
    pub(super) fn running_key(&self, t: ThreadId, c: u32) -> SegKey {
        // Only event-loop threads run tasks; `th` is at hand, `loops` would be a cache miss.
        let task = if self.th[t as usize].code == LOOP_THREAD {
            self.loops[t as usize].as_ref().and_then(|l| l.current_task())
        } else {
            None
        };
        SegKey::running(c, task)
    }

    /// A running thread's segment follows the task its event loop runs now.
    pub(super) fn running_task_changed(&mut self, t: ThreadId, c: u32) {
        let key = self.running_key(t, c);
        self.rec.set(t, self.now, key);
    }

    /// Every change of a core's state goes through here, to keep `idle` true.
    #[inline]
    fn set_core(&mut self, c: u32, st: CoreSt) {
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
    pub(super) fn next_idle_core(&self, from: usize) -> Option<usize> {
        let mut w = from / 64;
        let mut bits = self.idle.get(w)? & (u64::MAX << (from % 64));
        while bits == 0 {
            w += 1;
            bits = *self.idle.get(w)?;
        }
        Some(w * 64 + bits.trailing_zeros() as usize)
    }

    /// The number of idle cores.
    pub(super) fn idle_cores(&self) -> usize {
        self.idle.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// A core starts running `t` (after any switch): it goes on with its operations when it
    /// has no burst (dispatched after a `yield`), else computes if it may (the GIL).
    pub(super) fn start_running(&mut self, c: u32, t: ThreadId) {
        self.transition(t, To::Running(c), None);
        if self.th[t as usize].cpu_left == 0 {
            self.continue_thread(t);
            // A GIL holder that stays on the core now runs again: its drop request restarts.
            if self.th[t as usize].st == St::Running(c) {
                self.gil_holder_moved(t);
            }
            return;
        }
        if self.gil_ok(t) {
            self.gil_holder_moved(t);
        } else {
            self.block_on_gil(t);
        }
    }

    /// `t` becomes Runnable and joins the queue with this tick's newcomers.
    pub(super) fn make_ready(&mut self, t: ThreadId) {
        self.transition(t, To::Ready(Queue::Newcomer), None);
    }

    /// `t` blocks: off its core, GIL released, state and segment recorded.
    pub(super) fn block(&mut self, t: ThreadId, cause: Cause, object: Option<ObjectId>, on: Option<ThreadId>) {
        self.transition(t, To::Blocked { cause, object, on }, None);
    }
}
