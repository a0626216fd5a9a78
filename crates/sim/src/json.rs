//! The JSON form of a [`RunResult`], with exactly the field names of SCENARIO.md
//! ("The result as JSON"). Streams through serde: no intermediate JSON tree is built.

use crate::result::{Outcome, RunResult, Wait};
use crate::trace::{Cause, CoreActivity};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The version of the result JSON.
pub const RESULT_VERSION: u32 = 1;

impl RunResult {
    /// Compact JSON text of the result.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a RunResult always serialises")
    }
    /// Indented JSON text of the result (used by the golden files and `--json`).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a RunResult always serialises")
    }
}

struct Seq<F>(F);
impl<F, I, T> Serialize for Seq<F>
where
    F: Fn() -> I,
    I: Iterator<Item = T>,
    T: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let it = (self.0)();
        let (lo, hi) = it.size_hint();
        let mut seq = s.serialize_seq(if Some(lo) == hi { Some(lo) } else { None })?;
        for x in it {
            seq.serialize_element(&x)?;
        }
        seq.end()
    }
}

struct WaitsJson<'a>(&'a RunResult, &'a [Wait]);
impl Serialize for WaitsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut seq = s.serialize_seq(Some(self.1.len()))?;
        for w in self.1 {
            seq.serialize_element(&WaitJson(r, w))?;
        }
        seq.end()
    }
}

struct WaitJson<'a>(&'a RunResult, &'a Wait);
impl Serialize for WaitJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, w) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("thread", r.thread_name(w.thread))?;
        if let Some(c) = w.cause {
            m.serialize_entry("cause", c.as_str())?;
        }
        if let Some(o) = w.object {
            m.serialize_entry("object", r.object_name(o))?;
        }
        if let Some(t) = w.on {
            m.serialize_entry("on", r.thread_name(t))?;
        }
        m.serialize_entry("text", &w.text)?;
        m.end()
    }
}

struct OutcomeJson<'a>(&'a RunResult);
impl Serialize for OutcomeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("kind", r.outcome.kind())?;
        let names = |ids: &[u32]| ids.iter().map(|&t| r.thread_name(t).to_string()).collect::<Vec<_>>();
        match &r.outcome {
            Outcome::Completed => {}
            Outcome::Deadlock { cycle, tick, waits } => {
                m.serialize_entry("cycle", &names(cycle))?;
                m.serialize_entry("tick", tick)?;
                m.serialize_entry("waits", &WaitsJson(r, waits))?;
            }
            Outcome::Stalled { threads, tick, waits } => {
                m.serialize_entry("threads", &names(threads))?;
                m.serialize_entry("tick", tick)?;
                m.serialize_entry("waits", &WaitsJson(r, waits))?;
            }
            Outcome::Limit { tick, reason } => {
                m.serialize_entry("tick", tick)?;
                m.serialize_entry("reason", &reason.to_string())?;
            }
            Outcome::Pick { tick, core, threads, made, wrong } => {
                m.serialize_entry("tick", tick)?;
                m.serialize_entry("core", core)?;
                m.serialize_entry("threads", &names(threads))?;
                m.serialize_entry("made", made)?;
                if let Some(w) = wrong {
                    m.serialize_entry("wrong", r.thread_name(*w))?;
                }
            }
            Outcome::Error { thread, tick, reason } => {
                m.serialize_entry("thread", r.thread_name(*thread))?;
                m.serialize_entry("tick", tick)?;
                m.serialize_entry("reason", &reason.to_string())?;
            }
        }
        m.end()
    }
}

struct ThreadJson<'a>(&'a crate::result::ThreadStats);
impl Serialize for ThreadJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("name", &t.name)?;
        m.serialize_entry("process", &t.process)?;
        m.serialize_entry("daemon", &t.daemon)?;
        m.serialize_entry("priority", &t.priority)?;
        if t.asyncio {
            m.serialize_entry("asyncio", &true)?;
        }
        m.serialize_entry("arrival", &t.arrival)?;
        m.serialize_entry("first_run", &t.first_run)?;
        m.serialize_entry("end", &t.end)?;
        m.serialize_entry("cpu", &t.cpu)?;
        m.serialize_entry("runnable", &t.runnable)?;
        let blocked: std::collections::BTreeMap<&str, u64> =
            Cause::ALL.iter().map(|c| (c.as_str(), t.blocked_by(*c))).collect();
        m.serialize_entry("blocked", &blocked)?;
        m.serialize_entry("turnaround", &t.turnaround())?;
        m.serialize_entry("response", &t.response())?;
        m.serialize_entry("waiting", &t.waiting())?;
        m.serialize_entry("fate", t.fate.as_str())?;
        m.end()
    }
}

impl Serialize for RunResult {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("version", &RESULT_VERSION)?;
        m.serialize_entry("unit", &r.unit)?;
        m.serialize_entry("outcome", &OutcomeJson(r))?;
        m.serialize_entry("makespan", &r.makespan)?;
        m.serialize_entry("cpu_utilization", &r.cpu_utilization)?;
        m.serialize_entry("io_busy", &r.io_busy)?;
        m.serialize_entry("context_switches", &r.context_switches)?;
        m.serialize_entry("gil_handoffs", &r.gil_handoffs)?;
        // Only with a goal, as pools below.
        if let Some(g) = &r.goal {
            m.serialize_entry("goal", &GoalJson(r, g))?;
        }
        // Only with pools, so that the JSON of every scenario without one stays as it was.
        if !r.pools.is_empty() {
            m.serialize_entry("pools", &Seq(|| r.pools.iter().map(PoolJson)))?;
        }
        m.serialize_entry(
            "cores",
            &Seq(|| {
                r.cores.iter().map(|c| serde_json::json!({"busy": c.busy, "switching": c.switching, "idle": c.idle}))
            }),
        )?;
        m.serialize_entry("threads", &Seq(|| r.threads.iter().map(ThreadJson)))?;
        m.serialize_entry("segments", &Seq(|| r.segments.iter().map(|g| SegmentJson(r, g))))?;
        m.serialize_entry("core_segments", &Seq(|| r.core_segments.iter().map(|g| CoreSegmentJson(r, g))))?;
        m.serialize_entry("events", &Seq(|| r.events.iter().map(|e| EventJson(r, e))))?;
        m.end()
    }
}

struct GoalJson<'a>(&'a RunResult, &'a crate::goal::GoalReport);
impl Serialize for GoalJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::goal::Goal;
        let (r, g) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        match g.goal {
            Goal::Deadlock => m.serialize_entry("kind", "deadlock")?,
            Goal::FinishBy(by) => {
                m.serialize_entry("kind", "finish-by")?;
                m.serialize_entry("tick", &by)?;
            }
            Goal::Starve { thread, ticks } => {
                m.serialize_entry("kind", "starve")?;
                m.serialize_entry("thread", r.thread_name(thread))?;
                m.serialize_entry("ticks", &ticks)?;
            }
        }
        m.serialize_entry("status", g.status.as_str())?;
        m.end()
    }
}

struct PoolJson<'a>(&'a crate::pool::PoolStats);
impl Serialize for PoolJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut m = s.serialize_map(Some(8))?;
        m.serialize_entry("name", &p.name)?;
        m.serialize_entry("kind", p.kind.keyword())?;
        m.serialize_entry("workers", &p.workers)?;
        m.serialize_entry("jobs", &p.jobs)?;
        m.serialize_entry("done", &p.done)?;
        m.serialize_entry("mean_latency", &p.mean_latency)?;
        m.serialize_entry("max_latency", &p.max_latency)?;
        m.serialize_entry("throughput", &p.throughput)?;
        m.end()
    }
}

struct SegmentJson<'a>(&'a RunResult, crate::trace::Segment);
impl Serialize for SegmentJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, g) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("thread", r.thread_name(g.thread))?;
        m.serialize_entry("state", g.state.as_str())?;
        if let Some(c) = g.cause {
            m.serialize_entry("cause", c.as_str())?;
        }
        if let Some(o) = g.object {
            m.serialize_entry("object", r.object_name(o))?;
        }
        if let Some(c) = g.core {
            m.serialize_entry("core", &c)?;
        }
        if let Some(t) = g.task {
            m.serialize_entry("task", &r.tasks[t as usize])?;
        }
        m.serialize_entry("start", &g.start)?;
        m.serialize_entry("end", &g.end)?;
        m.end()
    }
}

struct CoreSegmentJson<'a>(&'a RunResult, crate::trace::CoreSegment);
impl Serialize for CoreSegmentJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (r, g) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("core", &g.core)?;
        match g.activity {
            CoreActivity::Run(t) => m.serialize_entry("thread", r.thread_name(t))?,
            CoreActivity::Switch(t) => {
                m.serialize_entry("switch", &true)?;
                m.serialize_entry("to", r.thread_name(t))?;
            }
        }
        m.serialize_entry("start", &g.start)?;
        m.serialize_entry("end", &g.end)?;
        m.end()
    }
}

struct EventJson<'a>(&'a RunResult, crate::trace::Event);
impl Serialize for EventJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::trace::EventKind as K;
        let (r, e) = (self.0, self.1);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("tick", &e.tick)?;
        m.serialize_entry("kind", e.kind.as_str())?;
        m.serialize_entry("thread", r.thread_name(e.thread))?;
        if let Some(o) = e.other {
            let key = match e.kind {
                K::Wake | K::Start | K::Kill => "by",
                K::Block => "on",
                K::GilHandoff => "from",
                K::Spawn => "target",
                K::Notify => "woke",
                K::Preempt | K::Dispatch => "for",
                _ => "other",
            };
            m.serialize_entry(key, r.thread_name(o))?;
        }
        if let Some(c) = e.core {
            m.serialize_entry("core", &c)?;
        }
        if let Some(c) = e.cause {
            m.serialize_entry("cause", c.as_str())?;
        }
        if let Some(o) = e.object {
            m.serialize_entry("object", r.object_name(o))?;
        }
        if let Some(t) = e.task {
            m.serialize_entry("task", &r.tasks[t as usize])?;
        }
        if let Some(t) = e.awaited {
            m.serialize_entry("awaited", &r.tasks[t as usize])?;
        }
        m.serialize_entry("reason", e.reason.text())?;
        m.end()
    }
}
