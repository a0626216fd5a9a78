//! Integration tests of `threadlab run` and `--preset` that need the engine: the worked
//! examples of SCENARIO.md through the binary (chart, numbers, outcome), `--json` parsed
//! with serde_json, `--width`, and every preset.

mod common;

use common::threadlab;

use serde_json::{json, Value};
use std::path::PathBuf;

/// Runs `threadlab run - ARGS` on `scenario`; asserts exit 0 and an empty stderr.
fn run(scenario: &str, args: &[&str]) -> String {
    let mut all = vec!["run", "-"];
    all.extend_from_slice(args);
    let o = threadlab(&all, scenario);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "stderr: {err}");
    assert!(err.is_empty(), "stderr: {err}");
    String::from_utf8(o.stdout).expect("stdout is UTF-8")
}

/// `run - --json`, parsed.
fn run_json(scenario: &str) -> Value {
    let out = run(scenario, &["--json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("--json prints only JSON ({e}):\n{out}"))
}

fn thread<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["threads"].as_array().unwrap().iter().find(|t| t["name"] == name).unwrap_or_else(|| panic!("no thread {name}"))
}

const RR: &str = "cores 1\nscheduler rr quantum 1\nthread j0 { cpu 3 }\nthread j1 { cpu 2 }\nthread j2 { cpu 1 }\n";
const GIL: &str = "cores 2\ngil on interval 5\nthread a { cpu 10 }\nthread b { cpu 10 }\n";
const DEADLOCK: &str = "cores 2
thread a { lock x; cpu 5; lock y; unlock y; unlock x }
thread b { lock y; cpu 5; lock x; unlock x; unlock y }
";
const DAEMON: &str =
    "scheduler fifo\nthread main { cpu 10 }\nthread logger daemon { repeat 1000 { sleep 5; cpu 1 } }\n";

#[test]
fn worked_example_1_round_robin_report() {
    let out = run(&format!("title \"Round robin\"\n{RR}"), &[]);
    assert!(out.starts_with("Round robin — completed, makespan 6 ms\n"), "{out}");
    for line in [
        "core 0 |abcaba|",
        // Each lane ends with its end mark (`|` finished) in the cell after its last one, or in
        // the last column.
        "a = j0 |#--#-||",
        "b = j1 |-#--#||",
        "c = j2 |--#|  |",
        "ends     | finished",
        "keys     a = j0, b = j1, c = j2",
        "a    j0      main     finished        0          0    6    3        3        0           6         0",
        "b    j1      main     finished        0          1    5    2        3        0           5         1",
        "c    j2      main     finished        0          2    3    1        2        0           3         2",
        "makespan          6 ms",
        "outcome: completed",
    ] {
        assert!(out.contains(line), "missing {line:?}:\n{out}");
    }
}

#[test]
fn worked_example_1_round_robin_json() {
    let v = run_json(RR);
    assert_eq!(v["version"], 1);
    assert_eq!(v["outcome"]["kind"], "completed");
    assert_eq!(v["makespan"], 6);
    for (name, response, turnaround, waiting) in [("j0", 0, 6, 3), ("j1", 1, 5, 3), ("j2", 2, 3, 2)] {
        let t = thread(&v, name);
        assert_eq!(t["response"], response, "{name}");
        assert_eq!(t["turnaround"], turnaround, "{name}");
        assert_eq!(t["waiting"], waiting, "{name}");
    }
}

#[test]
fn worked_example_2_gil() {
    let out = run(GIL, &[]);
    assert!(out.contains("a = a  |#####GGGGG#####|    |"), "{out}");
    assert!(out.contains("b = b  |GGGGG#####GGGGG####||"), "{out}");
    assert!(out.contains("G blocked: waiting for the GIL"), "{out}");
    assert!(out.contains("GIL hand-offs     3\n"), "{out}");
    let v = run_json(GIL);
    assert_eq!(v["makespan"], 20);
    assert_eq!(v["gil_handoffs"], 3);
    let two = "cores 2\ngil on interval 5\nprocess p1 { thread a { cpu 10 } }\nprocess p2 { thread b { cpu 10 } }\n";
    assert_eq!(run_json(two)["makespan"], 10);
}

#[test]
fn worked_example_3_deadlock() {
    let out = run(DEADLOCK, &[]);
    assert!(out.starts_with("deadlock at t=5, makespan "), "{out}");
    // The waits go on forever past the detection (the chart runs to 7), and end stuck.
    assert!(out.contains("a = a  |#####%!|\n") && out.contains("b = b  |#####%!|\n"), "{out}");
    assert!(out.contains("% waits forever (deadlock or stall)") && out.contains("ends     ! stuck forever"), "{out}");
    assert!(out.contains("deadlock detected at t=5"), "{out}");
    assert!(out.contains("outcome: deadlock at t=5: a → b → a\n"), "{out}");
    // One line per waiting thread, from the engine's `Wait.text`.
    let tail: Vec<&str> = out.lines().skip_while(|l| !l.starts_with("outcome:")).collect();
    assert_eq!(tail.len(), 3, "{out}");
    assert!(tail[1].starts_with("  a ") && tail[2].starts_with("  b "), "{out}");
    let v = run_json(DEADLOCK);
    assert_eq!(v["outcome"]["kind"], "deadlock");
    assert_eq!(v["outcome"]["cycle"], serde_json::json!(["a", "b"]));
    assert_eq!(v["outcome"]["tick"], 5);
}

#[test]
/// Under `fifo` (see crates/sim/tests/examples.rs for why not the default `rr quantum 4`).
fn worked_example_4_daemon() {
    let out = run(DAEMON, &[]);
    assert!(out.contains("logger (daemon)"), "{out}");
    assert!(out.contains(" killed "), "{out}");
    let v = run_json(DAEMON);
    assert_eq!(v["makespan"], 10);
    assert_eq!(thread(&v, "main")["end"], 10);
    assert_eq!(thread(&v, "logger")["fate"], "killed");
    assert_eq!(thread(&v, "logger")["end"], 10);
}

#[test]
fn stalled_and_error_outcomes_exit_0_and_are_explained() {
    let out = run("thread a { lock m; wait m; unlock m }\n", &[]);
    assert!(out.contains("outcome: stalled at t="), "{out}");
    assert!(out.contains("(stuck: a)\n  a "), "{out}");
    let out = run("thread a { cpu 2; unlock q }\n", &[]);
    assert!(out.contains("outcome: error in thread a at t=2: "), "{out}");
    let out = run("limit 50\nthread a { repeat 100 { cpu 1; sleep 1 } }\n", &[]);
    assert!(out.contains("outcome: stopped at the limit, t=50"), "{out}");
}

#[test]
fn never_started_thread_prints_dashes() {
    // s and t never get a core (s's spawn and t's join take no CPU): they have no first run
    // and no response time, `-` in the table and `null` in the JSON; the others have numbers.
    let text = "thread main { cpu 1 }\nthread w { cpu 1 }\nthread s { spawn w }\nthread t { join w }\n";
    let out = run(text, &[]);
    let table = &out[out.find("threads (times in ms)\n").expect("the threads table")..];
    let row = |name: &str| -> Vec<String> {
        let line = table.lines().find(|l| l.split_whitespace().nth(1) == Some(name));
        line.unwrap_or_else(|| panic!("no row for {name}:\n{out}")).split_whitespace().map(str::to_string).collect()
    };
    let header: Vec<&str> = table.lines().nth(1).unwrap_or_default().split_whitespace().collect();
    assert_eq!(&header[..6], ["key", "thread", "process", "fate", "arrival", "first"], "{out}");
    // Columns: key thread process fate arrival first-run end cpu waiting blocked turnaround response.
    let (first_run, end, response) = (5, 6, 11);
    for (name, first, last, resp) in
        [("main", "0", "1", "0"), ("w", "1", "2", "1"), ("s", "-", "0", "-"), ("t", "-", "2", "-")]
    {
        let r = row(name);
        assert_eq!(
            (r[first_run].as_str(), r[end].as_str(), r[response].as_str()),
            (first, last, resp),
            "{name}: {r:?}\n{out}"
        );
    }
    assert!(!out.contains("null"), "{out}");
    let v = run_json(text);
    assert_eq!(v["outcome"]["kind"], "completed");
    for (name, first, end, response) in [
        ("main", json!(0), 1, json!(0)),
        ("w", json!(1), 2, json!(1)),
        ("s", Value::Null, 0, Value::Null),
        ("t", Value::Null, 2, Value::Null),
    ] {
        let t = thread(&v, name);
        assert_eq!((&t["first_run"], &t["end"], &t["response"]), (&first, &json!(end), &response), "{name}: {t}");
        assert_eq!(t["fate"], "finished", "{name}: {t}");
    }
}

#[test]
fn json_is_the_only_output() {
    let out = run(GIL, &["--json", "--width", "40"]);
    let v: Value = serde_json::from_str(&out).expect("only JSON on stdout");
    for key in ["version", "unit", "outcome", "makespan", "cpu_utilization", "io_busy", "context_switches"] {
        assert!(v.get(key).is_some(), "no {key}");
    }
    for key in ["gil_handoffs", "cores", "threads", "segments", "core_segments", "events"] {
        assert!(v.get(key).is_some(), "no {key}");
    }
    assert!(out.ends_with("}\n"));
}

#[test]
fn width_scales_the_chart() {
    let scenario = "thread a { cpu 100 }\n";
    let out = run(scenario, &["--width", "20"]);
    assert!(out.contains("core 0 |aaaaaaaaaaaaaaaaaaaa|"), "{out}");
    assert!(out.contains("1 column = 5 ms"), "{out}");
    let out = run(scenario, &[]);
    assert!(out.contains(&format!("core 0 |{}|", "a".repeat(50))), "{out}");
    assert!(out.contains("1 column = 2 ms"), "{out}");
    let out = run(scenario, &["--width=100"]);
    assert!(out.contains(&format!("core 0 |{}|", "a".repeat(100))), "{out}");
}

#[test]
fn run_a_file() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-run-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rr.tl");
    std::fs::write(&path, RR).unwrap();
    let o = threadlab(&["run", path.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("core 0 |abcaba|"));
}

#[test]
fn many_threads_are_cut_in_the_chart_not_in_the_table() {
    let out = run("cores 4\nthread w x 250 { cpu 1 }\n", &[]);
    assert!(out.contains("… 50 more threads (use --json for all)"), "{out}");
    assert!(out.contains("w.250"), "the table lists every thread");
}

#[test]
fn every_preset_runs() {
    let presets = threadlab_sim::presets::all();
    assert!(!presets.is_empty(), "no presets yet");
    let o = threadlab(&["presets"], "");
    assert_eq!(o.status.code(), Some(0));
    let listing = String::from_utf8_lossy(&o.stdout).into_owned();
    for p in presets {
        let title = threadlab_sim::parse(p.text).expect("a preset parses").settings.title;
        let title = title.unwrap_or_else(|| panic!("preset {} has no title", p.name));
        assert!(listing.contains(p.name) && listing.contains(&title), "{} / {title}:\n{listing}", p.name);
        let concept = threadlab_sim::presets::CONCEPTS[p.concept as usize - 1];
        assert!(listing.contains(&format!("{:>2}. {concept}", p.concept)), "{listing}");

        let o = threadlab(&["run", "--preset", p.name], "");
        assert_eq!(o.status.code(), Some(0), "{}: {}", p.name, String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.starts_with(&format!("{title} — ")), "{}:\n{out}", p.name);
        let o = threadlab(&["run", "--preset", p.name, "--json"], "");
        assert_eq!(o.status.code(), Some(0));
        let v: Value = serde_json::from_slice(&o.stdout).expect("preset JSON");
        assert_eq!(v["version"], 1);
        let o = threadlab(&["check", "--preset", p.name], "");
        assert_eq!(o.status.code(), Some(0));
    }
}

/// Version 1.1: a pool's numbers in the text report (a pools table) and in `--json`; no pools
/// table nor key without a pool.
#[test]
fn pools_in_the_report_and_the_json() {
    let text = "pool p threads 2 jobs 3 { cpu 2; io 2 }\n";
    let out = run(text, &[]);
    assert!(
        out.contains(
            "pools (times in ms; throughput = jobs per 1000 ms)\n\
             pool  kind     workers  jobs  done  mean latency  max latency  throughput\n\
             p     threads        2     3     3           6.0            8       375.0\n"
        ),
        "{out}"
    );
    let v = run_json(text);
    assert_eq!(
        v["pools"],
        serde_json::json!([{"name": "p", "kind": "threads", "workers": 2, "jobs": 3, "done": 3,
                            "mean_latency": 6.0, "max_latency": 8, "throughput": 375.0}])
    );
    assert!(!run(RR, &[]).contains("pools"));
    assert!(run_json(RR).get("pools").is_none());
}
