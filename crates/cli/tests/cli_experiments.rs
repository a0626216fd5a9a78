//! Integration tests of `threadlab sweep`, `threadlab compare` and `link --sweep/--compare`:
//! every number of an experiment equals a single `threadlab run --json` of that variant's
//! text, written here by hand; the CSV and JSON shapes; bad parameters and values exit 1 or 2
//! and say what was expected.

mod common;

use common::{stderr as err, stdout as out, threadlab};
use serde_json::Value;

/// Two copies of a thread that computes and waits for I/O, and a CPU-bound one.
fn rr(cores: u32, copies: u32, switch: u32) -> String {
    format!(
        "cores {cores}\nscheduler rr quantum 3\nswitch {switch}\nthread w x {copies} {{ cpu 5; io 4; cpu 3 }}\nthread c {{ cpu 9 }}\n"
    )
}

const GIL: &str = "cores 2\ngil on interval 5\nthread a { cpu 12 }\nthread b { cpu 7; io 3; cpu 4 }\n";

fn json(o: &std::process::Output) -> Value {
    assert_eq!(o.status.code(), Some(0), "{}", err(o));
    serde_json::from_str(&out(o)).unwrap_or_else(|e| panic!("{e}: {}", out(o)))
}

/// The numbers of `threadlab run --json` of `text`, as experiments report them.
fn single(text: &str) -> Value {
    let r = json(&threadlab(&["run", "-", "--json"], text));
    let waiting: u64 = r["threads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["runnable"].as_u64().unwrap()
                + t["blocked"].as_object().unwrap().values().map(|v| v.as_u64().unwrap()).sum::<u64>()
        })
        .sum();
    serde_json::json!({
        "makespan": r["makespan"],
        "cpu_utilization": r["cpu_utilization"],
        "context_switches": r["context_switches"],
        "gil_handoffs": r["gil_handoffs"],
        "total_waiting": waiting,
        "outcome": r["outcome"]["kind"],
    })
}

/// The same fields of a point or variant.
fn numbers(p: &Value) -> Value {
    serde_json::json!({
        "makespan": p["makespan"],
        "cpu_utilization": p["cpu_utilization"],
        "context_switches": p["context_switches"],
        "gil_handoffs": p["gil_handoffs"],
        "total_waiting": p["total_waiting"],
        "outcome": p["outcome"],
    })
}

/// A sweep's parameter, its base scenario, and each value with the variant's text by hand.
type Case<'a> = (&'a str, &'a str, Vec<(u64, String)>);

fn sweep_json(text: &str, param: &str) -> Value {
    json(&threadlab(&["sweep", "-", "--param", param, "--json"], text))
}

#[test]
fn sweep_numbers_equal_single_runs_of_each_variant() {
    let cases: [Case; 5] = [
        ("cores=1..4", &rr(1, 2, 1), (1..=4).map(|c| (c, rr(c as u32, 2, 1))).collect()),
        ("switch=0..6:3", &rr(2, 3, 0), [0, 3, 6].iter().map(|&s| (s, rr(2, 3, s as u32))).collect()),
        ("copies:w=5,1,3", &rr(2, 2, 1), [5, 1, 3].iter().map(|&n| (n, rr(2, n as u32, 1))).collect()),
        (
            "quantum=1,2,8",
            &rr(1, 2, 1),
            [1, 2, 8].iter().map(|&q| (q, rr(1, 2, 1).replace("quantum 3", &format!("quantum {q}")))).collect(),
        ),
        (
            "gil-interval=1,5,20",
            GIL,
            [1, 5, 20].iter().map(|&i| (i, GIL.replace("interval 5", &format!("interval {i}")))).collect(),
        ),
    ];
    for (param, base, variants) in cases {
        let sw = sweep_json(base, param);
        let name = param.split('=').next().unwrap();
        assert_eq!(sw["param"], name);
        assert_eq!(sw["formula"], Value::Null, "no formula without a pool");
        let points = sw["points"].as_array().unwrap();
        assert_eq!(points.len(), variants.len(), "{param}");
        for (p, (value, text)) in points.iter().zip(&variants) {
            assert_eq!(p["value"], *value, "{param}");
            assert_eq!(numbers(p), single(text), "{param}, value {value}:\n{text}");
            assert_eq!((&p["throughput"], &p["mean_latency"]), (&Value::Null, &Value::Null));
        }
        // The knee: the smallest value whose makespan is at most 1.05 × the best.
        let best = points.iter().map(|p| p["makespan"].as_u64().unwrap()).min().unwrap();
        let knee = points
            .iter()
            .filter(|p| p["makespan"].as_u64().unwrap() as f64 <= best as f64 * 1.05)
            .map(|p| p["value"].as_u64().unwrap())
            .min();
        assert_eq!(sw["knee"].as_u64(), knee, "{param}");
    }
}

#[test]
fn the_sweep_table_has_a_row_per_value_and_the_knee() {
    let o = threadlab(&["sweep", "-", "--param", "cores=1..6"], "thread t x 4 { cpu 10 }\n");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let rows: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            let mut w = l.split_whitespace();
            (w.next().unwrap(), w.next().unwrap())
        })
        .collect();
    assert_eq!(rows, [("1", "40"), ("2", "20"), ("3", "16"), ("4", "10"), ("5", "10"), ("6", "10")], "{text}");
    assert!(
        text.contains("knee: cores = 4 (the smallest value whose makespan is within 5 % of the best, 10 ms)"),
        "{text}"
    );
    assert!(!text.contains("formula"), "no formula line without a pool:\n{text}");
}

#[test]
fn compare_numbers_equal_single_runs() {
    // --vary: the values in the order written, labelled NAME=VALUE.
    let c = json(&threadlab(&["compare", "-", "--vary", "cores=2,1,4", "--json"], &rr(1, 2, 1)));
    let v = c["variants"].as_array().unwrap();
    assert_eq!(v.iter().map(|v| v["label"].as_str().unwrap()).collect::<Vec<_>>(), ["cores=2", "cores=1", "cores=4"]);
    for (v, cores) in v.iter().zip([2, 1, 4]) {
        assert_eq!(numbers(v), single(&rr(cores, 2, 1)), "cores {cores}");
    }
    // Files: the threads of one process under the GIL against two processes.
    let dir = std::env::temp_dir().join(format!("threadlab-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let threads = "cores 2\ngil on\nthread a { cpu 10 }\nthread b { cpu 10 }\n";
    let procs = "cores 2\ngil on\nthread a { cpu 10 }\nprocess p { thread b { cpu 10 } }\n";
    let (a, b) = (dir.join("threads.tl"), dir.join("processes.tl"));
    std::fs::write(&a, threads).unwrap();
    std::fs::write(&b, procs).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let c = json(&threadlab(&["compare", a, b, "-", "--json"], &rr(2, 2, 0)));
    let v = c["variants"].as_array().unwrap();
    assert_eq!(v.iter().map(|v| v["label"].as_str().unwrap()).collect::<Vec<_>>(), [a, b, "<stdin>"]);
    assert_eq!(numbers(&v[0]), single(threads));
    assert_eq!(numbers(&v[1]), single(procs));
    assert_eq!(numbers(&v[2]), single(&rr(2, 2, 0)));
    // The claim: under the GIL, two CPU threads gain nothing from two cores; processes do.
    assert_eq!((v[0]["makespan"].as_u64(), v[1]["makespan"].as_u64()), (Some(20), Some(10)));
    // The table: a row per variant with its makespan and a bar (the longest for the longest).
    let t = out(&threadlab(&["compare", a, b], ""));
    let row = |label: &str| t.lines().find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("{t}")).to_string();
    assert!(row(a).contains("20 ms") && row(b).contains("10 ms"), "{t}");
    assert_eq!(row(a).matches('█').count(), 30, "{t}");
    assert_eq!(row(b).matches('█').count(), 15, "{t}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn settings_whose_values_are_words_are_compared() {
    // The GIL off and on, the scheduler, a pool's kind: each variant is the text written by
    // hand with that setting, and its numbers those of a single run.
    let threads = "cores 2\nthread a { cpu 10 }\nthread b { cpu 10 }\n";
    let c = json(&threadlab(&["compare", "-", "--vary", "gil=off,on", "--json"], threads));
    let v = c["variants"].as_array().unwrap();
    assert_eq!(v.iter().map(|v| v["label"].as_str().unwrap()).collect::<Vec<_>>(), ["gil=off", "gil=on"]);
    assert_eq!(numbers(&v[0]), single(threads));
    assert_eq!(numbers(&v[1]), single(&format!("gil on\n{threads}")));
    assert_eq!((v[0]["makespan"].as_u64(), v[1]["makespan"].as_u64()), (Some(10), Some(20)));

    let c = json(&threadlab(&["compare", "-", "--vary", "scheduler=rr,fifo", "--json"], &rr(1, 2, 1)));
    let v = c["variants"].as_array().unwrap();
    assert_eq!(v.iter().map(|v| v["label"].as_str().unwrap()).collect::<Vec<_>>(), ["scheduler=rr", "scheduler=fifo"]);
    assert_eq!(numbers(&v[0]), single(&rr(1, 2, 1)));
    assert_eq!(numbers(&v[1]), single(&rr(1, 2, 1).replace("scheduler rr quantum 3", "scheduler fifo")));

    let pool = "cores 2\ngil on\npool p threads 2 jobs 4 { cpu 5; io 2 }\n";
    let c = json(&threadlab(&["compare", "-", "--vary", "kind=threads,processes,tasks", "--json"], pool));
    let v = c["variants"].as_array().unwrap();
    assert_eq!(numbers(&v[0]), single(pool));
    assert_eq!(numbers(&v[1]), single(&pool.replace("threads 2", "processes 2")));
    assert_eq!(numbers(&v[2]), single("cores 2\ngil on\npool p tasks 2 jobs 4 { cpu 5; await io 2 }\n"));
    let m = |i: usize| v[i]["makespan"].as_u64().unwrap();
    assert!(m(1) < m(0), "under the GIL processes beat threads: {} vs {}", m(1), m(0));

    // Words are compared, not swept; a word that is not a value says which are.
    fails(&["sweep", "-", "--param", "gil=off,on"], threads, 1, &["gil has no range to sweep: compare its values"]);
    fails(
        &["compare", "-", "--vary", "scheduler=fifo,lottery"],
        threads,
        1,
        &["scheduler takes fifo, rr, sjf, stcf, priority", "found 'lottery'"],
    );
    fails(&["compare", "-", "--vary", "kind=threads,tasks"], threads, 1, &["no pool"]);
}

#[test]
fn csv_and_json_have_their_documented_shapes() {
    let o = threadlab(&["sweep", "-", "--param", "cores=1..3", "--csv"], &rr(1, 2, 1));
    assert_eq!(o.status.code(), Some(0));
    let csv = out(&o);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "value,makespan,cpu_utilization,context_switches,gil_handoffs,total_waiting,outcome");
    assert_eq!(lines.len(), 4, "a header and a row per value:\n{csv}");
    let sw = sweep_json(&rr(1, 2, 1), "cores=1..3");
    for (line, p) in lines[1..].iter().zip(sw["points"].as_array().unwrap()) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells.len(), 7, "{line}");
        assert_eq!(cells[0], p["value"].to_string());
        assert_eq!(cells[1], p["makespan"].to_string());
        assert_eq!(cells[2].parse::<f64>().unwrap(), p["cpu_utilization"].as_f64().unwrap());
        assert_eq!(
            cells[3..6],
            [p["context_switches"].to_string(), p["gil_handoffs"].to_string(), p["total_waiting"].to_string()]
        );
        assert_eq!(cells[6], "completed");
    }
    // JSON: exactly these keys, in this order.
    let text = out(&threadlab(&["sweep", "-", "--param", "cores=1,2", "--json"], &rr(1, 2, 1)));
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<std::collections::BTreeSet<_>>();
    let sw: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(keys(&sw), ["formula", "knee", "param", "points"].map(String::from).into());
    let point_keys = [
        "value",
        "makespan",
        "cpu_utilization",
        "context_switches",
        "gil_handoffs",
        "total_waiting",
        "outcome",
        "throughput",
        "mean_latency",
    ];
    assert_eq!(keys(&sw["points"][0]), point_keys.map(String::from).into());
    assert!(text.find("\"param\"") < text.find("\"points\"") && text.find("\"formula\"") < text.find("\"knee\""));
    let first = text.lines().find(|l| l.contains("\"value\"")).unwrap();
    let order: Vec<usize> = point_keys.iter().map(|k| first.find(&format!("\"{k}\"")).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "keys in the documented order: {first}");
    // Compare's CSV: a label column first, then the same numbers.
    let csv = out(&threadlab(&["compare", "-", "--vary", "switch=0,2", "--csv"], &rr(1, 2, 1)));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "label,makespan,cpu_utilization,context_switches,gil_handoffs,total_waiting,outcome");
    let one = single(&rr(1, 2, 2));
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[2].starts_with(&format!("switch=2,{},", one["makespan"])), "{csv}");
}

fn fails(args: &[&str], stdin: &str, code: i32, words: &[&str]) {
    let o = threadlab(args, stdin);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", err(&o));
    assert_eq!(out(&o), "", "{args:?}: nothing on standard output");
    for w in words {
        assert!(err(&o).contains(w), "{args:?}: {:?} should contain {w:?}", err(&o));
    }
}

#[test]
fn bad_parameters_and_values_say_what_was_expected() {
    let s = rr(1, 2, 1);
    let sweep = |p: &str, code, words: &[&str]| fails(&["sweep", "-", "--param", p], &s, code, words);
    sweep("cores", 1, &["--param <NAME=VALUES>", "expected NAME=VALUES, such as workers=1..16"]);
    sweep("core=1..3", 1, &["unknown parameter 'core'", "expected cores, quantum, switch, gil-interval"]);
    sweep("copies=1,2", 1, &["expected copies:THREAD"]);
    sweep("cores:x=1", 1, &["cores takes no ':' target"]);
    sweep("cores=", 1, &["expected values after '=': A..B, A..B:STEP or v1,v2"]);
    sweep("cores=1..x", 1, &["expected a whole number", "found 'x'"]);
    sweep("cores=4..2", 1, &["expected A..B with A at most B, found 4..2"]);
    sweep("cores=1..4:0", 1, &["expected a step of at least 1"]);
    sweep("switch=0..300", 1, &["at most 200 values are allowed; these are 301"]);
    sweep("cores=0,1", 1, &["cores must be from 1 to 256; found 0"]);
    sweep("copies:w=1,10001", 1, &["copies must be from 1 to 10000; found 10001"]);
    sweep("cores=2,2", 1, &["the value 2 is written twice"]);
    // Parameters the scenario does not have.
    sweep("copies:nope=1,2", 1, &["copies:nope: this scenario has no thread or task named 'nope'"]);
    sweep("gil-interval=1,2", 1, &["gil-interval applies when the GIL is on"]);
    sweep("workers=1..8", 1, &["workers and jobs vary a pool: this scenario has no pool"]);
    sweep("jobs:fetch=1..8", 1, &["this scenario has no pool named 'fetch'"]);
    fails(
        &["sweep", "-", "--param", "quantum=1,2"],
        "scheduler fifo\nthread a { cpu 1 }",
        1,
        &["quantum applies to 'scheduler rr' and 'scheduler priority'; this scenario uses 'fifo'"],
    );
    // An invalid scenario, or one made invalid by a value: exit 2 with line:column.
    fails(&["sweep", "-", "--param", "cores=1,2"], "thread a { cpu x }", 2, &["<stdin>:1:16: expected a number"]);
    let many = "thread t x 9999 { cpu 1 }\nthread u { cpu 1 }\n";
    fails(
        &["sweep", "-", "--param", "copies:u=1,2"],
        many,
        2,
        &["with copies:u=2 the scenario is not valid", "<stdin>:2:8: too many threads"],
    );
    // Compare: 2 to 4 variants, one file with --vary, 2 to 4 without.
    fails(&["compare", "-", "--vary", "cores=1"], &s, 1, &["a comparison has 2 to 4 variants; found 1 values"]);
    fails(&["compare", "-", "--vary", "cores=1..5"], &s, 1, &["2 to 4 variants; found 5"]);
    fails(&["compare", "-"], &s, 1, &["expected 2 to 4 scenario files to compare"]);
    fails(&["compare", "a.tl", "b.tl", "--vary", "cores=1,2"], &s, 1, &["expected one FILE, found 2"]);
    fails(&["compare", "a", "b", "c", "d", "e"], "", 1, &["unexpected value 'e'"]);
    fails(&["compare", "-", "-"], &s, 1, &["standard input ('-') can be only one of the files"]);
    fails(&["compare", "-", "/nonexistent/x.tl"], &s, 1, &["cannot read '/nonexistent/x.tl': no such file"]);
    fails(&["sweep", "-", "--param", "cores=1,2", "--csv", "--json"], &s, 1, &["'--csv' cannot be used with '--json'"]);
}

#[test]
fn links_carry_the_experiment() {
    use threadlab_share::experiment::{Experiment, Spec};
    let s = rr(1, 2, 1);
    let link = |flags: &[&str]| {
        let o = threadlab(&[&["link", "-"], flags].concat(), &s);
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
        threadlab_share::link::decode(out(&o).trim())
    };
    let d = link(&["--sweep", "cores=1..8"]);
    assert_eq!((d.problem, d.state.text.as_str()), (None, s.as_str()));
    assert_eq!(
        d.state.experiment.and_then(|e| e.experiment()),
        Some(Experiment::Sweep(Spec::parse("cores=1..8").unwrap()))
    );
    let d = link(&["--compare", "copies:w=2,8", "--view", "threads"]);
    assert_eq!(
        d.state.experiment.and_then(|e| e.experiment()),
        Some(Experiment::Compare(Spec::parse("copies:w=2,8").unwrap()))
    );
    assert_eq!(link(&[]).state.experiment, None);
    fails(&["link", "-", "--compare", "cores=1..8"], &s, 1, &["2 to 4 variants"]);
    fails(&["link", "-", "--sweep", "workers=1..16"], &s, 1, &["this scenario has no pool"]);
    fails(&["link", "-", "--sweep", "cores=1..2", "--compare", "cores=1,2"], &s, 1, &["cannot be used with"]);
    // The link's experiment opens on a scenario that has it: a thread named in copies: exists.
    fails(&["link", "-", "--sweep", "copies:zz=1..3"], &s, 1, &["no thread or task named 'zz'"]);
    // --with: the scenario and 1 to 3 others, each valid.
    let dir = std::env::temp_dir().join(format!("threadlab-link-with-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (b, c, bad) = (dir.join("b.tl"), dir.join("c.tl"), dir.join("bad.tl"));
    std::fs::write(&b, "thread b { cpu 2 }\n").unwrap();
    std::fs::write(&c, "# c\r\nthread c { io 2 }\r\n").unwrap();
    std::fs::write(&bad, "thread {\n").unwrap();
    let (b, c, bad) = (b.to_str().unwrap(), c.to_str().unwrap(), bad.to_str().unwrap());
    let d = link(&["--with", b, "--with", c]);
    assert_eq!(d.state.text, s);
    assert_eq!(
        d.state.experiment.and_then(|e| e.experiment()),
        Some(Experiment::Texts(vec!["thread b { cpu 2 }\n".into(), "# c\r\nthread c { io 2 }\r\n".into()]))
    );
    fails(&["link", "-", "--with", b, "--with", b, "--with", b, "--with", b], &s, 1, &["1 to 3 others; found 4"]);
    fails(&["link", "-", "--with", bad], &s, 2, &["bad.tl:1:8: expected"]);
    fails(&["link", "-", "--with", b, "--sweep", "cores=1..2"], &s, 1, &["cannot be used with"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_shows_the_parameters_and_examples() {
    let help = |cmd: &str| out(&threadlab(&[cmd, "--help"], ""));
    let sweep = help("sweep");
    for w in [
        "threadlab sweep FILE --param NAME=VALUES [--csv | --json]",
        "copies:THREAD",
        "A..B:STEP",
        "at most 200 values",
        "makespan <= best x 1.05",
        "threadlab sweep cpu.tl --param cores=1..8",
        "\"formula\": number or null",
    ] {
        assert!(sweep.contains(w), "sweep --help lacks {w:?}:\n{sweep}");
    }
    let compare = help("compare");
    for w in
        ["threadlab compare A.tl B.tl [C.tl [D.tl]]", "threadlab compare cpu.tl --vary cores=1,2,4", "{\"variants\":"]
    {
        assert!(compare.contains(w), "compare --help lacks {w:?}:\n{compare}");
    }
    assert!(help("link").contains("threadlab link cpu.tl --sweep cores=1..8"));
    assert!(help("link").contains("threadlab link threads.tl --with processes.tl"));
    let main = out(&threadlab(&["--help"], ""));
    assert!(main.contains("threadlab sweep FILE --param NAME=VALUES"), "{main}");
}

#[test]
fn claims_are_listed_with_links_that_open_them() {
    let o = threadlab(&["claims", "--base", "https://example.org/t/"], "");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    for c in threadlab_share::claims::ALL {
        let block = text.split("\n\n").find(|b| b.starts_with(&format!("{} (concept {})", c.id, c.concept)));
        let block = block.unwrap_or_else(|| panic!("{} is not listed:\n{text}", c.id));
        assert!(block.contains(c.see), "{block}");
        let link = block.lines().last().unwrap().trim();
        assert!(link.starts_with("https://example.org/t/#v1:"), "{link}");
        let d = threadlab_share::link::decode(link);
        assert_eq!((d.problem, d.state.text.as_str()), (None, c.text));
        assert_eq!(d.state.experiment, Some(c.experiment()), "{}", c.id);
    }
}
