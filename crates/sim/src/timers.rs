//! The engine's timer queue: a timing wheel for the near future plus a binary heap for the
//! rest. Timers come out by tick, and within a tick in the order they were pushed — exactly
//! the order of a heap keyed by (tick, push sequence), at a fraction of its cost: almost every
//! timer of a scenario (a CPU burst, a quantum, a short I/O) is due within `WHEEL` ticks, and
//! pushing it is one `Vec::push` into the bucket of its tick.
//!
//! Invariants: every wheel entry is due in `[base, base + WHEEL)`, where `base` is the tick
//! last drained (the clock never passes a pending timer), so a bucket only ever holds one
//! tick. A timer goes to the heap only when it is due at `base + WHEEL` or later; as `base`
//! never decreases, every heap timer of a tick was pushed before every wheel timer of that
//! tick, so draining the heap's first keeps the push order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Ticks covered by the wheel: one bit each in `occupied`, whose rotation relies on this.
const WHEEL: u64 = u64::BITS as u64;

pub(crate) struct Timers<T> {
    /// Bucket `at % WHEEL`, in push order.
    wheel: Vec<Vec<T>>,
    /// Bit `i` set when bucket `i` is not empty.
    occupied: u64,
    /// Timers due at or after `base + WHEEL` when they were pushed, by (tick, push sequence).
    far: BinaryHeap<Reverse<(u64, u64, T)>>,
    /// The earliest tick a timer can be due at.
    base: u64,
    seq: u64,
}

impl<T: Copy + Ord> Timers<T> {
    pub fn new() -> Self {
        Timers { wheel: (0..WHEEL).map(|_| Vec::new()).collect(), occupied: 0, far: BinaryHeap::new(), base: 0, seq: 0 }
    }

    /// Adds timer `t`, due at tick `at` (never before the tick last drained).
    #[inline]
    pub fn push(&mut self, at: u64, t: T) {
        debug_assert!(at >= self.base, "timer at {at} before {}", self.base);
        if at < self.base + WHEEL {
            let i = (at % WHEEL) as usize;
            self.wheel[i].push(t);
            self.occupied |= 1 << i;
        } else {
            self.push_far(at, t);
        }
    }

    #[inline(never)]
    fn push_far(&mut self, at: u64, t: T) {
        self.seq += 1;
        self.far.push(Reverse((at, self.seq, t)));
    }

    /// The tick of the earliest pending timer.
    pub fn next_tick(&self) -> Option<u64> {
        let near = (self.occupied != 0).then(|| {
            let offset = self.occupied.rotate_right((self.base % WHEEL) as u32).trailing_zeros();
            self.base + u64::from(offset)
        });
        let far = self.far.peek().map(|r| r.0 .0);
        match (near, far) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Moves every timer due at `now` into the empty `out`, in push order. `now` must not be
    /// later than `next_tick()`.
    pub fn drain_at(&mut self, now: u64, out: &mut Vec<T>) {
        debug_assert!(out.is_empty());
        debug_assert!(now >= self.base && self.next_tick().is_none_or(|t| t >= now));
        self.base = now;
        let i = (now % WHEEL) as usize;
        while let Some(&Reverse((at, _, t))) = self.far.peek() {
            if at != now {
                break;
            }
            self.far.pop();
            out.push(t);
        }
        if out.is_empty() {
            // The usual case: hand the bucket over, keep `out`'s (empty) buffer in its place.
            std::mem::swap(out, &mut self.wheel[i]);
        } else {
            out.append(&mut self.wheel[i]);
        }
        self.occupied &= !(1 << i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drains everything, tick by tick, as the engine does.
    fn drain_all(q: &mut Timers<u32>) -> Vec<(u64, u32)> {
        let mut out = Vec::new();
        let mut buf = Vec::new();
        while let Some(t) = q.next_tick() {
            q.drain_at(t, &mut buf);
            out.extend(buf.drain(..).map(|x| (t, x)));
        }
        out
    }

    #[test]
    fn by_tick_then_push_order() {
        let mut q = Timers::new();
        // Far timers first (due at 200 and 70), then near ones, some at the same ticks later.
        for (at, id) in [(200, 1), (70, 2), (3, 3), (1, 4), (3, 5), (64, 6), (63, 7)] {
            q.push(at, id);
        }
        let mut buf = Vec::new();
        assert_eq!(q.next_tick(), Some(1));
        q.drain_at(1, &mut buf);
        assert_eq!(buf, [4]);
        buf.clear();
        // Now 70 and 200 may be pushed to the wheel or the heap: order within a tick holds.
        for (at, id) in [(70, 8), (200, 9), (1, 10), (65, 11)] {
            q.push(at, id);
        }
        let expected = [(1, 10), (3, 3), (3, 5), (63, 7), (64, 6), (65, 11), (70, 2), (70, 8), (200, 1), (200, 9)];
        assert_eq!(drain_all(&mut q), expected);
    }

    #[test]
    fn wraps_around_the_wheel() {
        let mut q = Timers::new();
        let mut expected = Vec::new();
        let mut now = 0;
        for step in 0..500u32 {
            let at = now + u64::from(step % 7) + 1;
            q.push(at, step);
            expected.push((at, step));
            now = q.next_tick().unwrap_or(now);
            let mut buf = Vec::new();
            q.drain_at(now, &mut buf);
            let mut due: Vec<(u64, u32)> = expected.iter().copied().filter(|&(t, _)| t == now).collect();
            expected.retain(|&(t, _)| t != now);
            due.sort_by_key(|&(_, id)| id);
            assert_eq!(buf, due.iter().map(|&(_, id)| id).collect::<Vec<_>>(), "at {now}");
        }
    }
}
