//! The run as a Chrome trace-event JSON file, which opens in Perfetto UI (ui.perfetto.dev)
//! and chrome://tracing: a process "Cores" with a track per core (which thread runs, context
//! switches), a process "Threads" with a track per thread (each state as a slice, its cause
//! and object as args), and an instant event for every wake-up naming its waker.
//!
//! Time: one tick is written as 1,000 µs, so the viewers' "ms" reads as ticks.

use crate::xml::json;
use threadlab_sim::trace::{CoreActivity, EventKind, State};
use threadlab_sim::RunResult;

/// Process ids of the two groups of tracks.
pub const CORES_PID: u32 = 1;
pub const THREADS_PID: u32 = 2;
/// Microseconds per tick.
pub const US_PER_TICK: u64 = 1000;

/// The name of a thread segment's slice: `running`, `runnable`, `new`, `blocked (lock m)`.
fn slice_name(r: &RunResult, s: &threadlab_sim::trace::Segment) -> String {
    match (s.state, s.cause, s.object) {
        (State::Blocked, Some(c), Some(o)) => format!("blocked ({} {})", c.as_str(), r.object_name(o)),
        (State::Blocked, Some(c), None) => format!("blocked ({})", c.as_str()),
        (st, _, _) => st.as_str().to_string(),
    }
}

/// The trace-event JSON of a run (`title` names the trace in the viewers' metadata).
pub fn to_trace_json(r: &RunResult, title: &str) -> String {
    let mut ev: Vec<String> = Vec::with_capacity(r.segments.len() + r.core_segments.len() + 64);
    let meta = |pid: u32, tid: Option<u32>, what: &str, args: String| {
        let tid = tid.map(|t| format!(",\"tid\":{t}")).unwrap_or_default();
        format!("{{\"ph\":\"M\",\"pid\":{pid}{tid},\"name\":\"{what}\",\"args\":{args}}}")
    };
    ev.push(meta(CORES_PID, None, "process_name", "{\"name\":\"Cores\"}".into()));
    ev.push(meta(CORES_PID, None, "process_sort_index", "{\"sort_index\":1}".into()));
    ev.push(meta(THREADS_PID, None, "process_name", "{\"name\":\"Threads\"}".into()));
    ev.push(meta(THREADS_PID, None, "process_sort_index", "{\"sort_index\":2}".into()));
    for c in 0..r.cores.len() as u32 {
        ev.push(meta(CORES_PID, Some(c), "thread_name", format!("{{\"name\":\"core {c}\"}}")));
        ev.push(meta(CORES_PID, Some(c), "thread_sort_index", format!("{{\"sort_index\":{c}}}")));
    }
    for (i, t) in r.threads.iter().enumerate() {
        ev.push(meta(THREADS_PID, Some(i as u32), "thread_name", format!("{{\"name\":{}}}", json(&t.name))));
        ev.push(meta(THREADS_PID, Some(i as u32), "thread_sort_index", format!("{{\"sort_index\":{i}}}")));
    }
    let slice = |pid: u32, tid: u32, name: &str, cat: &str, start: u64, end: u64, args: String| {
        format!(
            "{{\"ph\":\"X\",\"pid\":{pid},\"tid\":{tid},\"name\":{},\"cat\":\"{cat}\",\"ts\":{},\"dur\":{},\"args\":{{{args}}}}}",
            json(name),
            start * US_PER_TICK,
            (end - start) * US_PER_TICK
        )
    };
    for g in &r.core_segments {
        let (name, cat, t) = match g.activity {
            CoreActivity::Run(t) => (r.thread_name(t).to_string(), "run", t),
            CoreActivity::Switch(t) => (format!("switch to {}", r.thread_name(t)), "switch", t),
        };
        ev.push(slice(CORES_PID, g.core, &name, cat, g.start, g.end, format!("\"thread\":{}", json(r.thread_name(t)))));
    }
    for s in r.segments.iter().filter(|s| s.state != State::Dead) {
        let mut args = vec![format!("\"state\":\"{}\"", s.state.as_str())];
        if let Some(c) = s.cause {
            args.push(format!("\"cause\":\"{}\"", c.as_str()));
        }
        if let Some(o) = s.object {
            args.push(format!("\"object\":{}", json(r.object_name(o))));
        }
        if let Some(c) = s.core {
            args.push(format!("\"core\":{c}"));
        }
        if let Some(t) = s.task {
            args.push(format!("\"task\":{}", json(&r.tasks[t as usize])));
        }
        ev.push(slice(THREADS_PID, s.thread, &slice_name(r, &s), s.state.as_str(), s.start, s.end, args.join(",")));
    }
    for e in r.events.iter().filter(|e| e.kind == EventKind::Wake) {
        let by = e.other.map(|o| format!(",\"waker\":{}", json(r.thread_name(o)))).unwrap_or_default();
        ev.push(format!(
            "{{\"ph\":\"i\",\"s\":\"t\",\"pid\":{THREADS_PID},\"tid\":{},\"name\":\"wake\",\"cat\":\"wake\",\"ts\":{},\"args\":{{\"reason\":{}{by}}}}}",
            e.thread,
            e.tick * US_PER_TICK,
            json(e.reason.text())
        ));
    }
    format!(
        "{{\"displayTimeUnit\":\"ms\",\"otherData\":{{\"title\":{},\"unit\":{},\"makespan\":{},\"outcome\":\"{}\"}},\"traceEvents\":[\n{}\n]}}\n",
        json(title),
        json(&r.unit),
        r.makespan,
        r.outcome.kind(),
        ev.join(",\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn tracks_and_slices_match_the_run() {
        let r = threadlab_sim::run(
            "cores 2\nswitch 1\nthread a { cpu 3; lock m; io 2; unlock m }\nthread b { cpu 4; lock m; cpu 1; unlock m }",
        )
        .unwrap();
        let v: Value = serde_json::from_str(&to_trace_json(&r, "t \"1\"")).expect("valid JSON");
        let evs = v["traceEvents"].as_array().unwrap();
        let names: Vec<&str> =
            evs.iter().filter(|e| e["name"] == "thread_name").map(|e| e["args"]["name"].as_str().unwrap()).collect();
        assert_eq!(names, vec!["core 0", "core 1", "a", "b"]);
        let slices = |pid: u64| evs.iter().filter(|e| e["ph"] == "X" && e["pid"] == pid).count();
        assert_eq!(slices(1), r.core_segments.len());
        assert_eq!(slices(2), r.segments.iter().filter(|s| s.state != State::Dead).count());
        let blocked = evs.iter().find(|e| e["cat"] == "blocked" && e["args"]["cause"] == "lock").expect("a lock wait");
        assert_eq!(blocked["args"]["object"], "m");
        assert_eq!(v["otherData"]["title"], "t \"1\"");
    }
}
