//! How a run that can go no further ends: deadlock or stall.
//!
//! When no timer is left and some process has not ended, no thread can ever run again. The
//! wait-for graph has an edge from a blocked thread to the thread it waits for: the owner of
//! the mutex it queues for (`lock`), the thread it joins (`join`), or every live thread whose
//! remaining code could `release` the semaphore it waits on (`acquire`). A cycle in that graph
//! is a deadlock (reported from its lowest thread, in wait-for order, with the tick at which
//! its last thread blocked). Anything else is a stall: a lost wake-up (`wait` with nobody left
//! to notify), a join or a lock held by a thread that ended or never starts, a thread that was
//! never started.

use super::{Engine, St};
use crate::program::{Instr, JoinTarget};
use crate::result::{Outcome, Wait};
use crate::trace::{Cause, ThreadId};

impl Engine<'_> {
    /// True if `t`'s remaining code may run `release s`.
    fn may_release(&self, t: ThreadId, s: u32) -> bool {
        let info = &self.p.threads[t as usize];
        let code = &self.p.codes[info.code as usize];
        // From the outermost active repeat (its body runs again) or from the current op.
        let from = self.cold[t as usize].loops.first().map(|&(start, _)| start as usize);
        let from = from.unwrap_or(self.th[t as usize].ip as usize);
        code.get(from..).unwrap_or(&[]).contains(&Instr::Release(s))
    }

    fn edges(&self, t: ThreadId) -> Vec<ThreadId> {
        let St::Blocked(cause, object) = self.th[t as usize].st else {
            return Vec::new();
        };
        let alive = |x: ThreadId| !matches!(self.th[x as usize].st, St::Dead | St::New);
        match (cause, object) {
            (Cause::Lock, Some(m)) => self.sync.owner(m).filter(|&o| alive(o)).into_iter().collect(),
            (Cause::Join, Some(_)) => self.join_target_of(t).into_iter().filter(|&x| alive(x)).collect(),
            (Cause::Acquire, Some(s)) => (0..self.th.len() as ThreadId)
                .filter(|&x| x != t && alive(x) && !self.p.threads[x as usize].asyncio && self.may_release(x, s))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The thread a joining thread waits for (for a process: its first live non-daemon thread).
    fn join_target_of(&self, t: ThreadId) -> Option<ThreadId> {
        let info = &self.p.threads[t as usize];
        if info.asyncio {
            return None;
        }
        let code = &self.p.codes[info.code as usize];
        let ip = self.th[t as usize].ip as usize;
        match code.get(ip.checked_sub(1)?)? {
            Instr::Join(JoinTarget::Thread(x), _) => Some(*x),
            Instr::Join(JoinTarget::Process(pi), _) => self.p.processes[*pi as usize]
                .threads
                .iter()
                .copied()
                .find(|&x| !self.p.threads[x as usize].daemon && self.th[x as usize].st != St::Dead),
            _ => None,
        }
    }

    fn describe(&self, t: ThreadId) -> Wait {
        let name = |x: ThreadId| self.p.threads[x as usize].name.as_str();
        let obj = |o: Option<u32>| o.map(|o| self.p.objects[o as usize].as_str()).unwrap_or("?");
        let n = name(t);
        let st = self.th[t as usize].st;
        let (cause, object) = match st {
            St::Blocked(c, o) => (Some(c), o),
            _ => (None, None),
        };
        let mut on = None;
        let text = match st {
            St::New => format!("{n} is never started: no spawn reaches it"),
            St::Blocked(Cause::Lock, m) => match self.sync.owner(m.unwrap_or(0)) {
                Some(o) if self.th[o as usize].st == St::Dead => {
                    on = Some(o);
                    format!("{n} waits for lock {}, held by {}, which ended without unlocking it", obj(m), name(o))
                }
                Some(o) if o == t => {
                    on = Some(o);
                    format!("{n} waits for lock {}, which it holds itself (mutexes are not re-entrant)", obj(m))
                }
                Some(o) => {
                    on = Some(o);
                    format!("{n} waits for lock {}, held by {}", obj(m), name(o))
                }
                None => format!("{n} waits for lock {}", obj(m)),
            },
            St::Blocked(Cause::Join, o) => match self.join_target_of(t) {
                Some(x) => {
                    on = Some(x);
                    match self.th[x as usize].st {
                        St::New => format!("{n} joins {}, which never starts", name(x)),
                        _ => format!("{n} waits for {} to end", obj(o)),
                    }
                }
                None if self.p.threads[t as usize].asyncio => {
                    format!("{n} runs an event loop whose remaining tasks only await each other")
                }
                None => format!("{n} waits for {} to end", obj(o)),
            },
            St::Blocked(Cause::Wait, m) => {
                format!("{n} waits on monitor {} for a notify that never comes (a lost wake-up?)", obj(m))
            }
            St::Blocked(Cause::Acquire, s) => {
                format!("{n} waits for a permit of semaphore {} that no thread will release", obj(s))
            }
            St::Blocked(c, _) => format!("{n} is blocked ({})", c.as_str()),
            _ => format!("{n} cannot go on"),
        };
        Wait { thread: t, cause, object, on, text }
    }

    /// The outcome of a run that stopped with work left: deadlock or stall.
    pub(super) fn analyse_stuck(&self) -> Outcome {
        let n = self.th.len();
        let blocked: Vec<ThreadId> =
            (0..n as ThreadId).filter(|&t| matches!(self.th[t as usize].st, St::Blocked(..))).collect();
        // Find a cycle: walk from each blocked thread, depth-first in id order.
        let edges: Vec<Vec<ThreadId>> = (0..n as ThreadId).map(|t| self.edges(t)).collect();
        let mut color = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut cycle: Option<Vec<ThreadId>> = None;
        for &s in &blocked {
            if color[s as usize] != 0 {
                continue;
            }
            let mut stack: Vec<(ThreadId, usize)> = vec![(s, 0)];
            color[s as usize] = 1;
            while let Some(&mut (v, ref mut i)) = stack.last_mut() {
                if let Some(&w) = edges[v as usize].get(*i) {
                    *i += 1;
                    match color[w as usize] {
                        0 => {
                            color[w as usize] = 1;
                            stack.push((w, 0));
                        }
                        1 => {
                            let pos = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                            cycle = Some(stack[pos..].iter().map(|&(x, _)| x).collect());
                            break;
                        }
                        _ => {}
                    }
                } else {
                    color[v as usize] = 2;
                    stack.pop();
                }
            }
            if cycle.is_some() {
                break;
            }
        }
        let mut waits: Vec<Wait> = blocked.iter().map(|&t| self.describe(t)).collect();
        if let Some(mut c) = cycle {
            let min_pos = c.iter().enumerate().min_by_key(|(_, &t)| t).map(|(i, _)| i).unwrap_or(0);
            c.rotate_left(min_pos);
            let tick = c.iter().map(|&t| u64::from(self.th[t as usize].blocked_since)).max().unwrap_or(self.now);
            return Outcome::Deadlock { cycle: c, tick, waits };
        }
        let mut threads = blocked;
        if threads.is_empty() {
            threads = (0..n as ThreadId).filter(|&t| self.th[t as usize].st == St::New).collect();
            waits = threads.iter().map(|&t| self.describe(t)).collect();
        }
        Outcome::Stalled { threads, tick: self.now, waits }
    }
}
