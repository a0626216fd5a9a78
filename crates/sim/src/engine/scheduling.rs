//! The five scheduling policies: which ready thread a free core takes (`pick`), when a running
//! thread loses its core (`preempt_phase`), and dispatching with context-switch cost.
//!
//! - `fifo`: head of the queue; runs until it blocks, yields or ends.
//! - `rr Q`: head of the queue; after Q ticks it goes to the end of the queue if another
//!   thread is waiting that no free core will take, else its quantum starts afresh.
//! - `priority`: highest priority first (ties: queue order), preemptive at once; equal
//!   priorities share cores round-robin with the quantum.
//! - `sjf`: shortest next CPU burst first (the remaining ticks of the thread's current `cpu`
//!   operation), not preemptive.
//! - `stcf`: shortest remaining CPU demand first, preemptive.
//! - `ostep`: OSTEP's `process-run.py` (one core). A core given up at this tick by a thread
//!   that blocked or ended goes to the next Runnable thread after that one in thread order
//!   (cyclically) among those that were Runnable before this tick; if there is none, or the
//!   core was idle, to the lowest-numbered Runnable thread (those that woke at this tick: the
//!   first of them takes the idle CPU). Not preemptive, except with `io-immediate`: a thread
//!   whose wait ends takes the core at once (of several at one tick, the highest-numbered,
//!   as each in turn takes it from the one before). With `switch-on-end` a core belongs to
//!   the thread that last ran on it until that thread ends (idle while it waits).
//!
//! `picks` (you are the scheduler) replaces the policy's choice: whenever more threads wait
//! than cores are free, the next pick names the thread a free core takes (with no pick left,
//! or a pick naming a thread that is not waiting, the run stops there: outcome `pick`, with
//! the waiting threads in queue order, head first);
//! otherwise free cores take the queue in order. A running thread keeps its core until it
//! blocks, yields or ends, or (`rr`, `priority`) its quantum runs out while another waits.

use super::transition::{Queue, To};
use super::{CoreSt, Engine, St};
use crate::ast::Policy;
use crate::trace::{Event, EventKind, Reason, ThreadId};

impl Engine<'_> {
    /// The index in the ready queue of the thread a free core `c` takes, and why.
    fn pick(&mut self, c: usize) -> Option<(usize, Reason)> {
        if self.ready.is_empty() {
            return None;
        }
        if let Some(picks) = self.p.picks.as_deref() {
            return self.pick_yours(picks, c);
        }
        if let Some(o) = self.ostep.as_deref() {
            return self.pick_ostep(o, c);
        }
        let th = &self.th;
        let p = self.p;
        let best = |key: &dyn Fn(ThreadId) -> i128| -> usize {
            let mut bi = 0;
            let mut bk = key(self.ready[0]);
            for (i, &t) in self.ready.iter().enumerate().skip(1) {
                let k = key(t);
                if k < bk {
                    bi = i;
                    bk = k;
                }
            }
            bi
        };
        Some(match p.settings.policy {
            Policy::Fifo | Policy::Rr => (0, Reason::HeadOfQueue),
            Policy::Priority => (best(&|t| -(p.threads[t as usize].priority as i128)), Reason::HighestPriority),
            Policy::Sjf => (best(&|t| th[t as usize].cpu_left as i128), Reason::ShortestJob),
            Policy::Stcf => (best(&|t| th[t as usize].demand_left as i128), Reason::ShortestRemaining),
            Policy::Ostep => return None,
        })
    }

    /// `pick` with `picks` (the rules at the top of this file).
    fn pick_yours(&mut self, picks: &[ThreadId], c: usize) -> Option<(usize, Reason)> {
        if self.ready.len() <= self.idle_cores() {
            return Some((0, Reason::HeadOfQueue));
        }
        let next = picks.get(self.picks_made).copied();
        if let Some(i) = next.and_then(|t| self.ready.iter().position(|&x| x == t)) {
            self.picks_made += 1;
            return Some((i, Reason::YourPick));
        }
        let threads: Vec<ThreadId> = self.ready.iter().copied().collect();
        let (tick, made) = (self.now, self.picks_made);
        self.stop = Some(crate::result::Outcome::Pick { tick, core: c as u32, threads, made, wrong: next });
        None
    }

    /// `pick` under `scheduler ostep` (the rules at the top of this file).
    fn pick_ostep(&self, o: &super::OstepSt, c: usize) -> Option<(usize, Reason)> {
        let rules = self.p.settings.ostep;
        let now = self.now;
        let position = |t: ThreadId| self.ready.iter().position(|&x| x == t);
        // switch-on-end: the core is its last thread's while that thread lives.
        if rules.switch_on_end {
            if let Some(h) = self.cores[c].last.filter(|&h| self.th[h as usize].st != St::Dead) {
                return position(h).map(|i| (i, Reason::NextInTurn));
            }
        }
        let lowest = |keep: &dyn Fn(ThreadId) -> bool, key: &dyn Fn(ThreadId) -> u64| {
            self.ready.iter().enumerate().filter(|&(_, &t)| keep(t)).min_by_key(|&(_, &t)| key(t)).map(|(i, _)| i)
        };
        let woke_now = |t: ThreadId| o.woke_at[t as usize] == now;
        if rules.io_immediate && o.last_wake == now {
            if let Some(i) = lowest(&woke_now, &|t| u64::from(u32::MAX - t)) {
                return Some((i, Reason::IoDone));
            }
        }
        let (freed_at, by) = o.freed[c];
        if freed_at == now {
            let n = self.th.len() as u64;
            let after = |t: ThreadId| (u64::from(t) + n - u64::from(by) - 1) % n;
            if let Some(i) = lowest(&|t| !woke_now(t), &after) {
                return Some((i, Reason::NextInTurn));
            }
        }
        lowest(&|_| true, &|t| u64::from(t)).map(|i| (i, Reason::NextInTurn))
    }

    /// Free cores take ready threads, lowest-numbered core first. True if any was taken.
    pub(super) fn dispatch_phase(&mut self) -> bool {
        debug_assert!(self
            .cores
            .iter()
            .enumerate()
            .all(|(c, core)| { (core.st == CoreSt::Idle) == (self.idle[c / 64] >> (c % 64) & 1 == 1) }));
        let mut any = false;
        let mut next = self.next_idle_core(0);
        while let Some(c) = next {
            while self.cores[c].st == CoreSt::Idle {
                if !matches!(self.p.settings.policy, Policy::Fifo | Policy::Rr) {
                    self.charge(self.ready.len());
                }
                if self.stop.is_some() {
                    return any;
                }
                let Some((i, reason)) = self.pick(c) else {
                    return any;
                };
                let taken = if i == 0 { self.ready.pop_front() } else { self.ready.remove(i) };
                let Some(t) = taken else {
                    return any;
                };
                any = true;
                self.dispatch(c as u32, t, reason);
            }
            // Cores below `c` freed meanwhile wait for the next round, as in a plain loop.
            next = self.next_idle_core(c + 1);
        }
        any
    }

    fn dispatch(&mut self, c: u32, t: ThreadId, reason: Reason) {
        let e = Event::new(self.now, EventKind::Dispatch, t, reason).core(c);
        let last = self.cores[c as usize].last;
        if last.is_some() && last != Some(t) {
            self.context_switches += 1;
            let cost = self.p.settings.switch_cost;
            if cost > 0 {
                let until = self.now + cost;
                return self.transition(t, To::Assigned { core: c, until }, Some(e));
            }
        }
        self.event(e);
        self.start_running(c, t);
    }

    /// `t` loses its core and is Runnable again, behind this tick's newcomers.
    fn preempt(&mut self, t: ThreadId, reason: Reason, by: Option<ThreadId>) {
        let St::Running(c) = self.th[t as usize].st else {
            return;
        };
        let mut e = Event::new(self.now, EventKind::Preempt, t, reason).core(c);
        if let Some(b) = by {
            e = e.other(b);
        }
        self.transition(t, To::Ready(Queue::Behind), Some(e));
    }

    /// Threads waiting for a core, into `out`: the queue, then this tick's newcomers in
    /// thread order (`scratch` is a reused buffer).
    fn waiting_into(&self, out: &mut Vec<ThreadId>, scratch: &mut Vec<ThreadId>) {
        scratch.clear();
        scratch.extend(self.batch.iter().chain(&self.requeue).copied());
        scratch.sort_unstable();
        scratch.dedup();
        out.clear();
        out.extend(self.ready.iter().chain(scratch.iter()).copied().filter(|&t| self.th[t as usize].st == St::Ready));
    }

    /// Quanta that ran out while nobody waited (no timer was armed for them, see
    /// [`Engine::quantum_timer`]) started afresh at once: each core's `quantum_end` moves on
    /// by whole quanta to the first boundary at or after now.
    fn catch_up_quanta(&mut self, q: u64) {
        let now = self.now;
        for end in self.quantum_end.iter_mut() {
            if *end < now {
                *end += (now - *end).div_ceil(q) * q;
            }
        }
    }

    /// Quantum expiry and preemption by priority or remaining time.
    pub(super) fn preempt_phase(&mut self, check_quantum: bool) {
        let policy = match (self.p.picks.is_some(), self.p.settings.policy) {
            (false, policy) => policy,
            // With picks, only a quantum ends a turn.
            (true, Policy::Rr | Policy::Priority) => Policy::Rr,
            (true, _) => Policy::Fifo,
        };
        if matches!(policy, Policy::Fifo | Policy::Sjf) {
            return;
        }
        if policy == Policy::Ostep {
            // io-immediate: a thread whose wait ended now takes the core from its runner.
            // (Once per wake: the tick's loop comes here again after the waker is dispatched.)
            let woke = self.ostep.as_deref_mut().is_some_and(|o| std::mem::take(&mut o.wake_unserved));
            if woke && self.p.settings.ostep.io_immediate && !self.p.settings.ostep.switch_on_end {
                for c in 0..self.cores.len() {
                    if let CoreSt::Running(t) = self.cores[c].st {
                        self.preempt(t, Reason::IoDone, None);
                    }
                }
            }
            return;
        }
        let q = self.quantum();
        let now = self.now;
        if check_quantum {
            if let Some(q) = q {
                self.catch_up_quanta(q);
            }
        }
        // Fast path: nothing to decide when no quantum ran out and nobody waits.
        let any_expired = check_quantum && q.is_some() && self.quantum_end.iter().any(|&end| end <= now);
        // Where a quantum that starts afresh now runs out.
        let restart = q.map_or(u64::MAX, |q| now + q);
        if !any_expired
            && (policy == Policy::Rr || (self.ready.is_empty() && self.batch.is_empty() && self.requeue.is_empty()))
        {
            return;
        }
        // The cores whose quantum ran out, with their threads (a scratch buffer: no allocation
        // per tick).
        let mut expired = std::mem::take(&mut self.expired_buf);
        expired.clear();
        if q.is_some() && check_quantum {
            for (c, core) in self.cores.iter().enumerate() {
                if let CoreSt::Running(t) = core.st {
                    if self.quantum_end[c] <= now {
                        expired.push((c as u32, t));
                    }
                }
            }
        }
        let free = self.idle_cores();
        if policy == Policy::Rr {
            self.rr_expiry(&expired, free, restart);
            self.expired_buf = expired;
            return;
        }
        self.priority_or_stcf(policy, &expired, free, restart);
        self.expired_buf = expired;
    }

    /// `rr`: every thread whose quantum ran out goes to the end of the queue when some thread
    /// waits that no free core will take; otherwise its quantum starts afresh (at `restart`).
    fn rr_expiry(&mut self, expired: &[(u32, ThreadId)], free: usize, restart: u64) {
        {
            if expired.is_empty() {
                return;
            }
            self.batch.sort_unstable();
            self.batch.dedup();
            let waiting = self.ready.len()
                + self.batch.iter().chain(&self.requeue).filter(|&&t| self.th[t as usize].st == St::Ready).count();
            // Every thread whose quantum ran out goes to the end of the queue when some thread
            // waits that no free core will take.
            let someone_waits = waiting > free;
            for &(c, t) in expired {
                if someone_waits {
                    self.preempt(t, Reason::QuantumUsedUp, None);
                } else {
                    self.quantum_end[c as usize] = restart;
                }
            }
        }
    }

    /// `priority` and `stcf`: waiting threads that no free core takes preempt the running
    /// thread they beat; equal priorities share cores round-robin with the quantum.
    fn priority_or_stcf(&mut self, policy: Policy, expired: &[(u32, ThreadId)], free: usize, restart: u64) {
        // Scratch buffers: no allocation per tick.
        let mut contenders = std::mem::take(&mut self.contender_buf);
        let mut scratch = std::mem::take(&mut self.scratch_buf);
        let mut keyed = std::mem::take(&mut self.keyed_buf);
        let mut preempted = std::mem::take(&mut self.preempted_buf);
        self.waiting_into(&mut contenders, &mut scratch);
        // The contenders are sorted, then each is weighed against every core: that work counts
        // against the step budget.
        let n = contenders.len();
        self.charge(n.saturating_mul(self.cores.len() + n.max(1).ilog2() as usize + 1));
        // Threads that a free core will take anyway do not preempt anyone: the waiting
        // threads best first (ties in waiting order), the first `free` left out.
        keyed.clear();
        match policy {
            Policy::Priority => keyed.extend(
                contenders.iter().enumerate().map(|(i, &t)| (-self.p.threads[t as usize].priority as i128, i, t)),
            ),
            Policy::Stcf => keyed
                .extend(contenders.iter().enumerate().map(|(i, &t)| (self.th[t as usize].demand_left as i128, i, t))),
            Policy::Fifo | Policy::Sjf | Policy::Rr | Policy::Ostep => {}
        }
        keyed.sort_unstable();
        contenders.clear();
        contenders.extend(keyed.iter().skip(free).map(|&(_, _, t)| t));
        preempted.clear();
        match policy {
            Policy::Priority => {
                for &cand in &contenders {
                    let cp = self.p.threads[cand as usize].priority;
                    // The lowest-priority running thread (lowest core on ties).
                    let victim = self.running_min_by_key(|e, t, c| (e.p.threads[t as usize].priority, c));
                    if let Some(v) = victim {
                        if self.p.threads[v as usize].priority < cp {
                            self.preempt(v, Reason::HigherPriority, Some(cand));
                            preempted.push(v);
                            continue;
                        }
                    }
                    // Equal priority: round robin with the quantum.
                    if let Some(&(_, v)) = expired
                        .iter()
                        .find(|(_, t)| !preempted.contains(t) && self.p.threads[*t as usize].priority == cp)
                    {
                        self.preempt(v, Reason::QuantumUsedUp, None);
                        preempted.push(v);
                    }
                }
            }
            Policy::Stcf => {
                for &cand in &contenders {
                    let cd = self.th[cand as usize].demand_left;
                    // The running thread with most demand left (lowest core on ties).
                    let victim =
                        self.running_min_by_key(|e, t, c| (std::cmp::Reverse(e.th[t as usize].demand_left), c));
                    match victim {
                        Some(v) if cd < self.th[v as usize].demand_left => {
                            self.preempt(v, Reason::ShorterRemaining, Some(cand));
                            preempted.push(v);
                        }
                        _ => break,
                    }
                }
            }
            Policy::Fifo | Policy::Sjf | Policy::Rr | Policy::Ostep => {}
        }
        // Equal priorities round-robin: an expired quantum yields to any waiting thread of at
        // least the same priority.
        if policy == Policy::Priority {
            if let Some(top) = contenders.iter().map(|&t| self.p.threads[t as usize].priority).max() {
                for &(_, t) in expired {
                    if !preempted.contains(&t) && self.p.threads[t as usize].priority <= top {
                        self.preempt(t, Reason::QuantumUsedUp, None);
                        preempted.push(t);
                    }
                }
            }
        }
        // A quantum that ran out with nobody to take over starts afresh.
        for &(c, t) in expired {
            if !preempted.contains(&t) {
                self.quantum_end[c as usize] = restart;
            }
        }
        self.contender_buf = contenders;
        self.scratch_buf = scratch;
        self.keyed_buf = keyed;
        self.preempted_buf = preempted;
    }

    /// The running thread with the least `key(engine, thread, core)` (preempted threads have
    /// left their cores, so they are not among them).
    fn running_min_by_key<K: Ord>(&self, key: impl Fn(&Self, ThreadId, u32) -> K) -> Option<ThreadId> {
        let mut best: Option<(K, ThreadId)> = None;
        for (c, core) in self.cores.iter().enumerate() {
            if let CoreSt::Running(t) = core.st {
                let k = key(self, t, c as u32);
                if best.as_ref().is_none_or(|(bk, _)| k < *bk) {
                    best = Some((k, t));
                }
            }
        }
        best.map(|(_, t)| t)
    }
}
