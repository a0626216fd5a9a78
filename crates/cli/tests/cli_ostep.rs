//! `threadlab ostep` (issue 14): the command line prints, character for character, what the
//! original OSTEP simulators print (the fixtures of `crates/share/tests/ostep/`, recorded from
//! the originals); an error gives the original's words on standard error and its exit status;
//! `--scenario` prints a scenario that `threadlab run` runs.

mod common;

use common::{stderr as err, stdout as out, threadlab};

fn threadlab_args(args: &[String], stdin: &str) -> std::process::Output {
    threadlab(&args.iter().map(String::as_str).collect::<Vec<_>>(), stdin)
}

/// (arguments, expected status, text) of every fixture of `tool`.
fn fixtures(tool: &str) -> Vec<(Vec<String>, i32, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../share/tests/ostep").join(tool);
    let mut v = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a fixture");
        let (args, rest) = text.split_once('\n').expect("args line");
        let (status, rest) = rest.split_once('\n').expect("status line");
        let args: Vec<String> = serde_json::from_str(args.strip_prefix("args: ").expect("args:")).expect("JSON");
        let status: i32 = status.strip_prefix("status: ").expect("status:").parse().expect("a number");
        v.push((args, status, rest.strip_prefix("----\n").expect("----").to_string()));
    }
    assert!(v.len() > 50, "{} fixtures of {tool}", v.len());
    v
}

#[test]
fn scheduler_prints_what_scheduler_py_prints() {
    for (args, status, text) in fixtures("scheduler") {
        let mut a = vec!["ostep".to_string(), "scheduler".to_string()];
        a.extend(args.iter().cloned());
        let o = threadlab_args(&a, "");
        match status {
            0 => {
                assert_eq!(o.status.code(), Some(0), "{args:?}: {}", err(&o));
                assert_eq!(out(&o), text, "{args:?}");
            }
            // optparse's usage error (2), or a Python exception (1): its words, its status.
            _ => {
                assert_eq!(o.status.code(), Some(status), "{args:?}");
                assert_eq!(out(&o), "", "{args:?}");
                assert_eq!(err(&o).trim_end(), text.trim_end(), "{args:?}");
            }
        }
    }
}

#[test]
fn a_scheduler_problem_s_scenario_runs() {
    let a: Vec<String> =
        ["ostep", "scheduler", "-p", "RR", "-q", "2", "-j", "3", "-s", "7", "--scenario"].map(String::from).to_vec();
    let o = threadlab_args(&a, "");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("scheduler rr quantum 2\n"), "{text}");
    let run = threadlab_args(&["run".to_string(), "-".to_string(), "--json".to_string()], &text);
    assert_eq!(run.status.code(), Some(0), "{}", err(&run));
    let j: serde_json::Value = serde_json::from_str(&out(&run)).expect("JSON");
    // scheduler.py -s 7 -j 3 draws 4, 2 and 7: 13 ticks in all.
    assert_eq!(j["makespan"], 13);
}

/// process-run's fixtures: `$ command`, the arguments as JSON, `exit N`, then the text.
#[test]
fn process_run_prints_what_process_run_py_prints() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../share/tests/ostep/process_run");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("the fixtures") {
        let path = entry.expect("an entry").path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let mut lines = text.splitn(4, '\n');
        let (_, json, exit, want) =
            (lines.next(), lines.next().expect("args"), lines.next().expect("exit"), lines.next().unwrap_or(""));
        let args: Vec<String> = serde_json::from_str(json).expect("JSON arguments");
        let status: i32 = exit.strip_prefix("exit ").and_then(|s| s.parse().ok()).expect("exit N");
        let mut a = vec!["ostep".to_string(), "process-run".to_string()];
        a.extend(args.iter().cloned());
        let o = threadlab_args(&a, "");
        assert_eq!(o.status.code(), Some(status), "{}: {}", path.display(), err(&o));
        if status == 0 {
            assert_eq!(out(&o), want, "{}", path.display());
        } else {
            assert_eq!(err(&o).trim_end(), want.trim_end(), "{}", path.display());
        }
        n += 1;
    }
    assert!(n > 150, "{n} fixtures");
}

#[test]
fn a_process_run_problem_s_scenario_runs_to_its_total_time() {
    let flags = ["-P", "c3,i,c2:c4:i,c1", "-L", "2", "-S", "SWITCH_ON_END"];
    let mut a: Vec<String> = ["ostep", "process-run"].map(String::from).to_vec();
    a.extend(flags.map(String::from));
    let mut solve = a.clone();
    solve.extend(["-c", "-p"].map(String::from));
    let stats = out(&threadlab_args(&solve, ""));
    assert!(stats.contains("Stats: Total Time 18\n"), "{stats}");
    a.push("--scenario".into());
    let text = out(&threadlab_args(&a, ""));
    let run = threadlab_args(&["run".to_string(), "-".to_string(), "--json".to_string()], &text);
    let j: serde_json::Value = serde_json::from_str(&out(&run)).expect("JSON");
    assert_eq!(j["makespan"], 18, "{text}");
}
