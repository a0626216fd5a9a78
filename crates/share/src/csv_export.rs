//! The numbers of a run as CSV, one tidy table (`scope,name,metric,value`): the whole run,
//! each core and each thread, every number the app's Numbers panel shows. One row per value
//! opens the same in a spreadsheet, pandas or R.

use threadlab_sim::trace::Cause;
use threadlab_sim::RunResult;

/// A CSV field, quoted when it needs to be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV text (header line first, lines end with `\n`).
pub fn to_csv(r: &RunResult) -> String {
    let mut out = String::from("scope,name,metric,value\n");
    let mut row = |scope: &str, name: &str, metric: &str, value: String| {
        out.push_str(&format!("{scope},{},{metric},{}\n", field(name), field(&value)));
    };
    row("run", "", "outcome", r.outcome.kind().to_string());
    row("run", "", "unit", r.unit.clone());
    row("run", "", "makespan", r.makespan.to_string());
    row("run", "", "cpu_utilization", crate::decimal::Fixed(r.cpu_utilization, 4).to_string());
    row("run", "", "io_busy", r.io_busy.to_string());
    row("run", "", "context_switches", r.context_switches.to_string());
    row("run", "", "gil_handoffs", r.gil_handoffs.to_string());
    for (i, c) in r.cores.iter().enumerate() {
        let name = i.to_string();
        row("core", &name, "busy", c.busy.to_string());
        row("core", &name, "switching", c.switching.to_string());
        row("core", &name, "idle", c.idle.to_string());
    }
    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for t in &r.threads {
        let n = t.name.as_str();
        row("thread", n, "process", t.process.clone());
        row("thread", n, "fate", t.fate.as_str().to_string());
        row("thread", n, "arrival", opt(t.arrival));
        row("thread", n, "first_run", opt(t.first_run));
        row("thread", n, "end", opt(t.end));
        row("thread", n, "cpu", t.cpu.to_string());
        row("thread", n, "runnable", t.runnable.to_string());
        for c in Cause::ALL {
            row("thread", n, &format!("blocked_{}", c.as_str()), t.blocked_by(c).to_string());
        }
        row("thread", n, "turnaround", opt(t.turnaround()));
        row("thread", n, "response", opt(t.response()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_one_row() {
        let r = threadlab_sim::run("cores 2\nthread a { cpu 3; io 2 }\nthread b { cpu 1 }").unwrap();
        let csv = to_csv(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "scope,name,metric,value");
        assert_eq!(lines.len(), 1 + 7 + 2 * 3 + 2 * (7 + 7 + 2));
        assert!(lines.contains(&"run,,makespan,5"), "{csv}");
        assert!(lines.contains(&"thread,a,blocked_io,2"), "{csv}");
        assert!(lines.iter().all(|l| l.split(',').count() == 4), "{csv}");
        assert_eq!(field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
