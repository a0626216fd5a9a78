//! `ostep::process_run` against the original `process-run.py` (ostep-homework, cpu-intro),
//! character for character.
//!
//! Each file of `tests/ostep/process_run/` is what `python3 process-run.py ARGS` (CPython
//! 3.11, COLUMNS unset) printed, under a three-line header:
//!
//! ```text
//! $ python3 process-run.py -l 5:100 -c      the command line, for people
//! ["-l", "5:100", "-c"]                     the arguments, JSON (what the test runs)
//! exit 0                                    the script's exit status
//! ```
//!
//! then the text: stdout for `exit 0`; for `exit 2` optparse's usage error (stderr); for
//! `exit 1` the script's own message (stdout) or the last line of Python's traceback.
//! `run` must return exactly that text (`Ok` for exit 0, `Err` otherwise, with
//! `exit_code` giving the status).
//!
//! `tests/ostep/process_run/readme/` holds the examples of cpu-intro/README.md, copied as
//! published. The README was made with older versions of the script (other column widths,
//! "Scheduler will switch", no `-P` in the help), so those are compared word for word, line
//! by line, after the differences the file declares (`replace: A => B` in the README's text,
//! `missing: LINE` the README lacks, `part`: the README shows only part of the output).
//!
//! `PROCESS_RUN_FIXTURES=DIR` adds the files of another directory (same format), for a
//! larger comparison made with the same script.

use std::path::{Path, PathBuf};
use threadlab_share::ostep::process_run::{
    exit_code, instructions_asked, parse, run, simulate, Cell, Instruction, RandomProcess, Workload, MAX_CELLS,
    MAX_INSTRUCTIONS,
};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ostep/process_run")
}

fn txt_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// Splits off `n` header lines.
fn header(text: &str, n: usize) -> (Vec<&str>, &str) {
    let mut lines = Vec::new();
    let mut rest = text;
    for _ in 0..n {
        let (line, after) = rest.split_once('\n').expect("a header line");
        lines.push(line);
        rest = after;
    }
    (lines, rest)
}

fn args_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("bad JSON arguments {json}: {e}"))
}

/// Where two texts first differ, for a failure message a person can read.
fn difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    let k = (0..w.len().max(g.len())).find(|&k| w.get(k) != g.get(k)).unwrap_or(0);
    format!(
        "first difference at line {}:\n  want {:?}\n  got  {:?}\n--- want ---\n{want}--- got ---\n{got}---",
        k + 1,
        w.get(k),
        g.get(k)
    )
}

/// Checks one fixture file: `None` when `run` prints the same.
fn check_fixture(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).expect("a UTF-8 fixture");
    let (h, want) = header(&text, 3);
    assert!(h[0].starts_with("$ "), "{}: header", path.display());
    let args = args_of(h[1]);
    let status: i32 = h[2].strip_prefix("exit ").and_then(|s| s.parse().ok()).expect("exit N");
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let got = run(&args);
    let problem = match (status, got) {
        (0, Ok(out)) if out == want => return None,
        (0, Ok(out)) => difference(want, &out),
        (0, Err(e)) => format!("wanted output, got the error {e:?}"),
        (_, Ok(out)) => format!("wanted the error (exit {status}) {want:?}, got output:\n{out}"),
        (_, Err(e)) if e == want && exit_code(&e) == status => return None,
        (_, Err(e)) if e == want => format!("exit code {} instead of {status}", exit_code(&e)),
        (_, Err(e)) => difference(want, &e),
    };
    Some(format!("{name} ({}): {problem}", h[0]))
}

fn check_dir(dir: &Path) -> (usize, Vec<String>) {
    let files = txt_files(dir);
    let failures = files.iter().filter_map(|p| check_fixture(p)).collect();
    (files.len(), failures)
}

#[test]
fn the_scripts_outputs_character_for_character() {
    let (count, failures) = check_dir(&fixture_dir());
    assert!(count >= 180, "only {count} fixtures found");
    assert!(failures.is_empty(), "{} of {count} fixtures differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn more_fixtures_from_the_environment() {
    let Ok(dir) = std::env::var("PROCESS_RUN_FIXTURES") else { return };
    let (count, failures) = check_dir(Path::new(&dir));
    eprintln!("{count} fixtures in {dir}");
    assert!(failures.is_empty(), "{} of {count} fixtures differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// A line's words, single-spaced.
fn words(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines' words, without the blank lines at the end.
fn word_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(words).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

#[test]
fn the_readmes_examples_word_for_word() {
    let files = txt_files(&fixture_dir().join("readme"));
    assert_eq!(files.len(), 8, "the README's eight examples");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("a UTF-8 fixture");
        let (head, published) = text.split_once("---\n").expect("a --- line before the README's text");
        let h: Vec<&str> = head.lines().collect();
        assert_eq!(h[2], "readme");
        let declared = &h[3..];
        let mut readme = published.to_string();
        let (mut missing, mut part) = (Vec::new(), false);
        for &d in declared {
            if let Some(r) = d.strip_prefix("replace: ") {
                let (a, b) = r.split_once(" => ").expect("replace: A => B");
                readme = readme.replace(a, b);
            } else if let Some(m) = d.strip_prefix("missing: ") {
                missing.push(words(m));
            } else {
                assert_eq!(d, "part", "{}: unknown declaration", path.display());
                part = true;
            }
        }
        let out = run(&args_of(h[1])).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut ours = word_lines(&out);
        ours.retain(|l| !missing.contains(l));
        let theirs = word_lines(&readme);
        let found = if part { ours.windows(theirs.len()).any(|w| w == theirs.as_slice()) } else { ours == theirs };
        assert!(found, "{}: the README's\n{}\nis not in ours\n{}", path.display(), theirs.join("\n"), ours.join("\n"));
    }
}

fn args(line: &str) -> Vec<String> {
    line.split(' ').map(String::from).collect()
}

/// 101 processes: the header's `PID:%2d` grows to `PID:100`, the row keeps 14 columns a cell
/// (`python3 process-run.py -P c1:…:c1 -c | head -1` ends so).
#[test]
fn a_hundred_and_one_processes() {
    let program = vec!["c1"; 101].join(":");
    let out = run(&["-P".to_string(), program, "-c".to_string()]).expect("runs");
    let first = out.lines().next().expect("a header");
    assert!(first.starts_with("Time        PID: 0        PID: 1        PID: 2        PID: 3"));
    assert!(first.ends_with("        PID:99       PID:100           CPU           IOs"));
    assert_eq!(first.len(), 4 + 14 * 103);
    assert_eq!(out.lines().count(), 102);
    let last = out.lines().last().expect("a row");
    assert!(last.starts_with("101 ") && last.ends_with("       RUN:cpu             1          "), "{last:?}");
}

#[test]
fn the_typed_results() {
    let o = parse(&args("-l 3:0 -L 5 -c -p")).expect("parses");
    let sim = simulate(&o).expect("runs");
    assert_eq!((sim.total_time(), sim.cpu_busy, sim.io_busy), (21, 6, 15));
    assert_eq!(sim.ticks[6].cells, vec![Cell::Run(Instruction::IoDone)]);
    assert!(sim.ticks[6].io_done && sim.ticks[6].cpu && sim.ticks[6].ios_in_flight == 0);
    assert_eq!(sim.ticks[1].cells, vec![Cell::Blocked]);
    assert_eq!(sim.ticks[1].ios_in_flight, 1);
}

/// What would run (or print) without end is refused, with an error, never a panic.
#[test]
fn limits_instead_of_running_forever() {
    let too_many = format!("{}:50", MAX_INSTRUCTIONS + 1);
    let e = run(&["-l".to_string(), too_many]).expect_err("too many instructions");
    assert!(e.contains("stops at") && exit_code(&e) == 1, "{e}");
    assert!(run(&args(&format!("-l {MAX_INSTRUCTIONS}:100"))).is_ok());
    let e = run(&args("-l 1:0 -L 99999999999999999999999 -c")).expect_err("a very long I/O");
    assert!(e.contains(&MAX_CELLS.to_string()), "{e}");
    let e = run(&args("-P 99999999999999999999999999,c1")).expect_err("bad opcode first");
    assert!(e.starts_with("bad opcode 9"), "{e}");
    assert!(run(&args("-P c99999999999999999999999999")).expect_err("huge").contains("stops at"));
    assert!(run(&args("-l -99999999999999999999999999:50 -c -p")).is_ok());
    // Options built by hand are held to the same limit.
    let mut o = parse(&args("-l 1:50 -c")).expect("parses");
    o.workload = Workload::Random(vec![RandomProcess { instructions: u64::MAX, cpu_chance: 0.5 }]);
    assert_eq!(instructions_asked(&o.workload), u64::MAX);
    assert!(simulate(&o).expect_err("too many").contains("stops at"));
}

/// Odd command lines: an error or an output, never a panic.
#[test]
fn odd_command_lines_do_not_panic() {
    let odd = [
        "",
        "-",
        "--",
        "---",
        "-é",
        "--é",
        "-lé",
        "-sé",
        "-s 0x",
        "-s 0b",
        "-s 0o",
        "-s -0",
        "-s +0x1",
        "-P é",
        "-P ,",
        "-P :",
        "-P c:c",
        "-l ,",
        "-l :,:",
        "-l é:é",
        "-l 1:é",
        "-L 0b",
        "-L -0",
        "-L 0_0",
        "-s 0_",
        "-s 0__1",
        "-s _",
        "-l 1_:1",
        "-l 1:1_",
        "-l 1:.",
        "-l 1:e",
        "-l 1:-inf",
    ];
    for line in odd {
        let a: Vec<String> = if line.is_empty() { Vec::new() } else { args(line) };
        let _ = run(&a);
        let _ = run(&[a.clone(), vec!["-c".to_string(), "-p".to_string()]].concat());
    }
}
