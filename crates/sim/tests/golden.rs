//! Golden tests: the full JSON result (`to_json_pretty`) of every preset and of the four worked
//! examples of SCENARIO.md is checked in under `tests/golden/NAME.json`. Any difference fails,
//! naming the case and its first differing line; a golden file with no case of its name is
//! stale and fails too. A deliberate change is accepted with `cargo xtask test --bless`
//! (`THREADLAB_BLESS=1`), which rewrites the files and deletes stale ones; review the result
//! with `git diff crates/sim/tests/golden`. In CI (`CI=true`) blessing is refused: with
//! `THREADLAB_BLESS` set these tests fail.

use std::path::{Path, PathBuf};

const BLESS_HINT: &str =
    "if the change is intended, run `cargo xtask test --bless` and review `git diff crates/sim/tests/golden`";

/// The worked examples of SCENARIO.md ("Worked examples"), one statement per line.
const EXAMPLES: [(&str, &str); 4] = [
    ("example-1", "cores 1\nscheduler rr quantum 1\nthread j0 { cpu 3 }\nthread j1 { cpu 2 }\nthread j2 { cpu 1 }\n"),
    ("example-2", "cores 2\ngil on interval 5\nthread a { cpu 10 }\nthread b { cpu 10 }\n"),
    (
        "example-3",
        "cores 2\nthread a { lock x; cpu 5; lock y; unlock y; unlock x }\nthread b { lock y; cpu 5; lock x; unlock x; unlock y }\n",
    ),
    ("example-4", "thread main { cpu 10 }\nthread logger daemon { repeat 1000 { sleep 5; cpu 1 } }\n"),
];

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// A path as shown in messages: relative to the workspace root when possible.
fn shown(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).ancestors().nth(2);
    root.and_then(|r| path.strip_prefix(r).ok()).unwrap_or(path).display().to_string()
}

/// Whether to rewrite the golden files (`THREADLAB_BLESS=1`). Refused in CI (`CI` set and not
/// `false`/`0`): there a bless would pass whatever the result, so the test fails instead.
fn blessing() -> bool {
    let Ok(value) = std::env::var("THREADLAB_BLESS") else { return false };
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "THREADLAB_BLESS={value:?} under CI: blessing is refused in CI (it would accept any result); \
         bless locally with `cargo xtask test --bless`, review `git diff crates/sim/tests/golden` and commit"
    );
    value == "1"
}

/// Every case with a golden file: (what it is, file stem, scenario text).
fn presets() -> Vec<(&'static str, &'static str, &'static str)> {
    threadlab_sim::presets::all().iter().map(|p| ("preset", p.name, p.text)).collect()
}

fn examples() -> Vec<(&'static str, &'static str, &'static str)> {
    EXAMPLES.iter().map(|&(name, text)| ("worked example", name, text)).collect()
}

/// The first line where `expected` and `actual` differ: (1-based number, expected, actual).
fn first_difference(expected: &str, actual: &str) -> (usize, String, String) {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    let mut n = 0;
    loop {
        n += 1;
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return (n, "(end of file)".into(), "(end of file) — only line endings differ".into()),
            (x, y) => {
                let show = |l: Option<&str>| l.map_or("(end of file)".to_string(), |l| format!("{l:?}"));
                return (n, show(x), show(y));
            }
        }
    }
}

/// Runs every case and compares (or, when blessing, writes) its golden file; panics with every
/// failure at once.
fn check(cases: &[(&str, &str, &str)]) {
    let bless = blessing();
    let dir = golden_dir();
    let mut failures = Vec::new();
    for &(kind, name, text) in cases {
        let path = dir.join(format!("{name}.json"));
        let actual = match threadlab_sim::run(text) {
            Ok(result) => result.to_json_pretty() + "\n",
            Err(e) => {
                failures.push(format!("{kind} `{name}` is not a valid scenario: {e}"));
                continue;
            }
        };
        if bless {
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
            if std::fs::read_to_string(&path).ok().as_deref() != Some(actual.as_str()) {
                std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
                println!("blessed {}", shown(&path));
            }
            continue;
        }
        let expected = match std::fs::read_to_string(&path) {
            Ok(s) => s.replace("\r\n", "\n"),
            Err(e) => {
                failures.push(format!("{kind} `{name}`: no golden file {} ({e}); {BLESS_HINT}", shown(&path)));
                continue;
            }
        };
        if expected != actual {
            let (line, e, a) = first_difference(&expected, &actual);
            failures.push(format!(
                "{kind} `{name}` differs from {} at line {line}:\n    expected: {e}\n    actual:   {a}\n  {BLESS_HINT}",
                shown(&path)
            ));
        }
    }
    assert!(failures.is_empty(), "{} golden failure(s):\n\n{}\n", failures.len(), failures.join("\n\n"));
}

#[test]
fn every_preset_matches_its_golden_file() {
    let presets = presets();
    assert!(!presets.is_empty(), "presets::all() is empty: a golden test over nothing proves nothing");
    check(&presets);
}

/// The packed trace keeps every record of the presets in its 8-byte form: a (kind, reason)
/// pair missing from `packed::PAIRS` would show here as events kept whole.
#[test]
fn every_preset_trace_is_stored_short() {
    for (_, name, text) in presets().into_iter().chain(examples()) {
        let r = threadlab_sim::run(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let wide = (r.events.wide_count(), r.segments.wide_count(), r.core_segments.wide_count());
        assert_eq!(wide, (0, 0, 0), "{name}: records kept whole (events, segments, core segments)");
    }
}

#[test]
fn every_worked_example_matches_its_golden_file() {
    check(&examples());
}

#[test]
fn no_golden_file_is_stale() {
    let bless = blessing();
    let known: Vec<&str> = presets().into_iter().chain(examples()).map(|(_, name, _)| name).collect();
    let dir = golden_dir();
    let mut stale = Vec::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("reading {}: {e}", dir.display())).path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else { continue };
        if path.extension().is_some_and(|x| x == "json") && !known.contains(&stem) {
            if bless {
                std::fs::remove_file(&path).unwrap_or_else(|e| panic!("removing {}: {e}", path.display()));
                println!("removed stale {}", shown(&path));
            } else {
                stale.push(shown(&path));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale golden file(s), with no preset or worked example of that name:\n  {}\n  to delete them: `cargo xtask test --bless`",
        stale.join("\n  ")
    );
}
