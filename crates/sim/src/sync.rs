//! Mutexes (which are also Java-style monitors) and counting semaphores: the rules, as a
//! plain type that knows nothing of the engine. The engine asks it and applies its answers
//! (`engine/sync_ops.rs`).
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
//!
//! Every waiting list stores the waiter's block token, so a thread that stopped waiting (timed
//! out, died) is skipped lazily instead of being searched for: the engine says, through
//! `still_waits(thread, token)`, whether an entry is still valid.

use crate::program::{ObjectKind, Program};
use crate::trace::{ObjectId, ThreadId};
use std::collections::VecDeque;

#[derive(Debug, Clone, Default)]
struct Mutex {
    owner: Option<ThreadId>,
    queue: VecDeque<(ThreadId, u32)>,
    /// Monitor wait set.
    waiters: VecDeque<(ThreadId, u32)>,
}

#[derive(Debug, Clone, Default)]
struct Semaphore {
    permits: u64,
    queue: VecDeque<(ThreadId, u32)>,
}

/// Every mutex and semaphore of a run, by object id.
pub(crate) struct SyncState {
    mutexes: Vec<Mutex>,
    sems: Vec<Semaphore>,
}

/// The answer to `lock M` (and to a monitor taken back after `wait`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    Acquired,
    /// Held by this thread: block, then [`SyncState::queue_for_lock`].
    Busy(ThreadId),
}

/// Who holds a mutex that a thread must hold (`unlock`, `wait`, `notify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holding {
    Holds,
    /// A run-time error: held by another thread, or by nobody.
    NotHeld {
        owner: Option<ThreadId>,
    },
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

    /// The thread holding mutex `m`, if any.
    pub fn owner(&self, m: ObjectId) -> Option<ThreadId> {
        self.mutexes[m as usize].owner
    }

    /// Whether `t` holds `m`.
    pub fn holding(&self, t: ThreadId, m: ObjectId) -> Holding {
        match self.owner(m) {
            Some(o) if o == t => Holding::Holds,
            owner => Holding::NotHeld { owner },
        }
    }

    /// `t` takes `m` if it is free.
    pub fn lock(&mut self, t: ThreadId, m: ObjectId) -> Lock {
        let mx = &mut self.mutexes[m as usize];
        match mx.owner {
            None => {
                mx.owner = Some(t);
                Lock::Acquired
            }
            Some(o) => Lock::Busy(o),
        }
    }

    /// `t`, blocked with `token`, queues for `m`.
    pub fn queue_for_lock(&mut self, m: ObjectId, t: ThreadId, token: u32) {
        self.mutexes[m as usize].queue.push_back((t, token));
    }

    /// The owner lets `m` go: it passes to the head of the queue (returned), or is free.
    pub fn hand_over(&mut self, m: ObjectId, still_waits: impl Fn(ThreadId, u32) -> bool) -> Option<ThreadId> {
        let mx = &mut self.mutexes[m as usize];
        let next = pop_valid(&mut mx.queue, still_waits);
        mx.owner = next;
        next
    }

    /// `t`, blocked with `token`, waits in `m`'s wait set.
    pub fn wait_for_notify(&mut self, m: ObjectId, t: ThreadId, token: u32) {
        self.mutexes[m as usize].waiters.push_back((t, token));
    }

    /// The longest waiter of `m`'s wait set that still waits, removed (a notify wakes it).
    pub fn notified(&mut self, m: ObjectId, still_waits: impl Fn(ThreadId, u32) -> bool) -> Option<ThreadId> {
        pop_valid(&mut self.mutexes[m as usize].waiters, still_waits)
    }

    /// `t` takes a permit of `s` if one is left; false if it must wait.
    pub fn acquire(&mut self, s: ObjectId) -> bool {
        let sem = &mut self.sems[s as usize];
        if sem.permits > 0 {
            sem.permits -= 1;
            return true;
        }
        false
    }

    /// `t`, blocked with `token`, queues for a permit of `s`.
    pub fn queue_for_permit(&mut self, s: ObjectId, t: ThreadId, token: u32) {
        self.sems[s as usize].queue.push_back((t, token));
    }

    /// `release s`: the permit goes to the longest waiter (returned), or back to `s`.
    pub fn release(&mut self, s: ObjectId, still_waits: impl Fn(ThreadId, u32) -> bool) -> Option<ThreadId> {
        let sem = &mut self.sems[s as usize];
        let next = pop_valid(&mut sem.queue, still_waits);
        if next.is_none() {
            sem.permits += 1;
        }
        next
    }
}

/// Pops the first entry whose thread still waits with that token.
fn pop_valid(q: &mut VecDeque<(ThreadId, u32)>, still_waits: impl Fn(ThreadId, u32) -> bool) -> Option<ThreadId> {
    while let Some((t, tok)) = q.pop_front() {
        if still_waits(t, tok) {
            return Some(t);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_objects() -> SyncState {
        let p = crate::program::compile(
            &crate::parse("semaphore s 1\nthread a { lock m; unlock m; acquire s; release s }").expect("valid"),
        )
        .expect("valid");
        SyncState::new(&p)
    }

    #[test]
    fn a_mutex_passes_to_the_head_of_its_queue_skipping_stale_entries() {
        let mut s = two_objects();
        let m = s.sems.iter().position(|x| x.permits == 0).expect("the mutex") as ObjectId;
        assert_eq!(s.lock(1, m), Lock::Acquired);
        assert_eq!(s.lock(2, m), Lock::Busy(1));
        s.queue_for_lock(m, 2, 5);
        s.queue_for_lock(m, 3, 9);
        assert_eq!(s.holding(2, m), Holding::NotHeld { owner: Some(1) });
        // Thread 2 stopped waiting (its token moved on): the mutex goes to 3.
        assert_eq!(s.hand_over(m, |t, tok| (t, tok) == (3, 9)), Some(3));
        assert_eq!(s.owner(m), Some(3));
        assert_eq!(s.hand_over(m, |_, _| true), None);
        assert_eq!(s.holding(3, m), Holding::NotHeld { owner: None });
    }

    #[test]
    fn permits_go_to_waiters_before_the_semaphore() {
        let mut s = two_objects();
        let sem = s.sems.iter().position(|x| x.permits == 1).expect("the semaphore") as ObjectId;
        assert!(s.acquire(sem));
        assert!(!s.acquire(sem));
        s.queue_for_permit(sem, 4, 1);
        assert_eq!(s.release(sem, |_, _| true), Some(4), "the waiter gets the permit");
        assert_eq!(s.release(sem, |_, _| true), None);
        assert!(s.acquire(sem), "the permit went back to the semaphore");
    }
}
