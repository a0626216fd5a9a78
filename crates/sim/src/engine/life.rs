//! A thread's and a process's life: start, `spawn`, the end of a thread (normal, `exit`,
//! `crash`, killed with its process), the end of a process (its daemons killed, its joiners
//! woken), and the run-time errors that stop a run.
//!
//! A process ends when its last non-daemon thread ends; its daemon threads are killed then.
//! `crash` kills every thread of the crasher's process at once. `spawn` of a thread or process
//! that was already started is a run-time error.

use super::transition::To;
use super::{Engine, St, Timer};
use crate::program::SpawnTarget;
use crate::result::{Fate, Outcome, RunError};
use crate::trace::{Cause, Event, EventKind, Reason, ThreadId};

impl Engine<'_> {
    pub(super) fn start_process(&mut self, pi: u32, at_offset: u64) {
        self.procs[pi as usize].started = true;
        let p = self.p;
        for &t in &p.processes[pi as usize].threads {
            let info = &p.threads[t as usize];
            if !info.spawn_target {
                self.push_timer(at_offset + info.at, Timer::Start(t));
            }
        }
        if self.procs[pi as usize].alive_nondaemon == 0 {
            self.end_process(pi);
        }
    }

    /// A thread leaves New; its first operation runs at once.
    pub(super) fn start_thread(&mut self, t: ThreadId, reason: Reason, by: Option<ThreadId>) {
        if self.th[t as usize].st != St::New {
            return;
        }
        self.cold[t as usize].arrival = Some(self.now);
        let mut e = Event::new(self.now, EventKind::Start, t, reason);
        if let Some(b) = by {
            e = e.other(b);
        }
        self.transition(t, To::Started, Some(e));
        self.wake(t);
    }

    pub(super) fn do_spawn(&mut self, t: ThreadId, target: SpawnTarget) -> bool {
        match target {
            SpawnTarget::Thread(x) => {
                if self.th[x as usize].st != St::New || self.cold[x as usize].fate.is_some() {
                    self.error(
                        t,
                        Reason::SpawnTwice,
                        RunError::SpawnThreadTwice { thread: self.p.threads[x as usize].name.clone() },
                    );
                    return false;
                }
                self.event(Event::new(self.now, EventKind::Spawn, t, Reason::Spawned).other(x));
                self.start_thread(x, Reason::Spawned, Some(t));
            }
            SpawnTarget::Process(pi) => {
                if self.procs[pi as usize].started {
                    self.error(
                        t,
                        Reason::SpawnTwice,
                        RunError::SpawnProcessTwice { process: self.p.processes[pi as usize].name.clone() },
                    );
                    return false;
                }
                let main = self.p.processes[pi as usize].threads[0];
                self.event(Event::new(self.now, EventKind::Spawn, t, Reason::ProcessSpawned).other(main));
                self.start_process(pi, self.now);
            }
        }
        true
    }

    /// A run-time rule is broken: the run stops with outcome `error`.
    pub(super) fn error(&mut self, t: ThreadId, reason: Reason, text: RunError) {
        self.event(Event::new(self.now, EventKind::Error, t, reason));
        if self.stop.is_none() {
            self.stop = Some(Outcome::Error { thread: t, tick: self.now, reason: text });
        }
    }

    /// `t` ends normally (`End`, `Exit`).
    pub(super) fn thread_ends(&mut self, t: ThreadId, kind: EventKind, reason: Reason) {
        self.event(Event::new(self.now, kind, t, reason));
        self.die(t, Fate::Finished);
    }

    /// `t` is Dead with this fate: off its core and every queue, GIL released (by the
    /// transition), joiners woken, and its process ended when it was the last non-daemon
    /// thread.
    pub(super) fn die(&mut self, t: ThreadId, fate: Fate) {
        let was_new = match self.th[t as usize].st {
            St::Dead => return,
            st => st == St::New,
        };
        self.transition(t, To::Dead, None);
        let cold = &mut self.cold[t as usize];
        cold.fate = Some(if was_new { Fate::NeverStarted } else { fate });
        if !was_new {
            cold.end = Some(self.now);
        }
        let joiners = std::mem::take(&mut cold.joiners);
        let object = self.p.threads[t as usize].object;
        for (j, tok) in joiners {
            if self.th[j as usize].token == tok && matches!(self.th[j as usize].st, St::Blocked(Cause::Join, _)) {
                self.event(
                    Event::new(self.now, EventKind::Wake, j, Reason::TargetEnded).other(t).cause(Cause::Join, object),
                );
                self.wake(j);
            }
        }
        let info = &self.p.threads[t as usize];
        let pi = info.process;
        if !info.daemon {
            let pr = &mut self.procs[pi as usize];
            pr.alive_nondaemon = pr.alive_nondaemon.saturating_sub(1);
            if pr.alive_nondaemon == 0 && !pr.ended {
                self.end_process(pi);
            }
        }
    }

    /// Every non-daemon thread of `pi` is Dead: kill its daemons, wake its joiners.
    fn end_process(&mut self, pi: u32) {
        if self.procs[pi as usize].ended {
            return;
        }
        self.procs[pi as usize].ended = true;
        self.procs_left -= 1;
        let p = self.p;
        for &x in &p.processes[pi as usize].threads {
            if self.th[x as usize].st != St::Dead {
                if self.th[x as usize].st != St::New {
                    self.event(Event::new(self.now, EventKind::Kill, x, Reason::LastNonDaemonEnded));
                }
                self.die(x, Fate::Killed);
            }
        }
        let joiners = std::mem::take(&mut self.procs[pi as usize].joiners);
        let object = p.processes[pi as usize].object;
        let main = p.processes[pi as usize].threads.first().copied();
        for (j, tok) in joiners {
            if self.th[j as usize].token == tok && matches!(self.th[j as usize].st, St::Blocked(Cause::Join, _)) {
                let mut e = Event::new(self.now, EventKind::Wake, j, Reason::ProcessEnded).cause(Cause::Join, object);
                if let Some(m) = main {
                    e = e.other(m);
                }
                self.event(e);
                self.wake(j);
            }
        }
    }

    /// `crash`: every thread of the crasher's process dies at once.
    pub(super) fn crash(&mut self, t: ThreadId) {
        self.event(Event::new(self.now, EventKind::Crash, t, Reason::ProcessCrashed));
        let pi = self.p.threads[t as usize].process;
        self.die(t, Fate::Crashed);
        let p = self.p;
        for &x in &p.processes[pi as usize].threads {
            if self.th[x as usize].st != St::Dead {
                if self.th[x as usize].st != St::New {
                    self.event(Event::new(self.now, EventKind::Kill, x, Reason::ProcessCrashed).other(t));
                }
                self.die(x, Fate::Crashed);
            }
        }
        self.end_process(pi);
    }
}
