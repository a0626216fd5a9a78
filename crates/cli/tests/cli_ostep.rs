//! `threadlab ostep` (issue 14): the command line prints, character for character, what the
//! original OSTEP simulators print (the fixtures of `crates/share/tests/ostep/`, recorded from
//! the originals); a bad flag gives optparse's words on standard error and exit 1; `--scenario`
//! prints a scenario that `threadlab run` runs.

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
            // optparse's usage error, or a Python exception: exit 1 with its words.
            _ => {
                assert_eq!(o.status.code(), Some(1), "{args:?}");
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
