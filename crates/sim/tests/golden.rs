//! Golden tests: the full JSON result of every preset and of the worked examples of
//! SCENARIO.md is checked in under `tests/golden/`. Any difference fails; a deliberate change
//! is accepted with `cargo xtask test --bless` (THREADLAB_BLESS=1), which rewrites the files
//! and removes stale ones.

use std::path::PathBuf;

const EXAMPLES: [(&str, &str); 4] = [
    ("example-1", "cores 1\nscheduler rr quantum 1\nthread j0 { cpu 3 }\nthread j1 { cpu 2 }\nthread j2 { cpu 1 }\n"),
    ("example-2", "cores 2\ngil on interval 5\nthread a { cpu 10 }\nthread b { cpu 10 }\n"),
    (
        "example-3",
        "cores 2\nthread a { lock x; cpu 5; lock y; unlock y; unlock x }\nthread b { lock y; cpu 5; lock x; unlock x; unlock y }\n",
    ),
    ("example-4", "thread main { cpu 10 }\nthread logger daemon { repeat 1000 { sleep 5; cpu 1 } }\n"),
];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn blessing() -> bool {
    std::env::var("THREADLAB_BLESS").is_ok_and(|v| v == "1")
}

fn cases() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        threadlab_sim::presets::all().iter().map(|p| (p.name.to_string(), p.text.to_string())).collect();
    v.extend(EXAMPLES.iter().map(|(n, t)| (n.to_string(), t.to_string())));
    v
}

#[test]
fn every_result_matches_its_golden_file() {
    assert!(
        !threadlab_sim::presets::all().is_empty(),
        "there are no presets: a golden test over nothing proves nothing"
    );
    let mut failures = Vec::new();
    for (name, text) in cases() {
        let actual = match threadlab_sim::run(&text) {
            Ok(r) => r.to_json_pretty() + "\n",
            Err(e) => {
                failures.push(format!("{name}: does not parse: {e}"));
                continue;
            }
        };
        let path = dir().join(format!("{name}.json"));
        if blessing() {
            std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
            continue;
        }
        let expected = match std::fs::read_to_string(&path) {
            Ok(s) => s,
            Err(_) => {
                failures
                    .push(format!("{name}: no golden file {} (bless with `cargo xtask test --bless`)", path.display()));
                continue;
            }
        };
        if expected != actual {
            let (line, e, a) = expected
                .lines()
                .zip(actual.lines())
                .enumerate()
                .find(|(_, (e, a))| e != a)
                .map(|(i, (e, a))| (i + 1, e.to_string(), a.to_string()))
                .unwrap_or((expected.lines().count().min(actual.lines().count()) + 1, "(end)".into(), "(end)".into()));
            failures.push(format!(
                "{name}: differs from {} at line {line}\n    expected: {e}\n    actual:   {a}\n  (if the change is deliberate: cargo xtask test --bless)",
                path.display()
            ));
        }
    }
    // Stale golden files (no preset or example of that name).
    let names: Vec<String> = cases().into_iter().map(|(n, _)| n).collect();
    for entry in std::fs::read_dir(dir()).expect("tests/golden exists") {
        let path = entry.expect("readable entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()).map(str::to_string) else { continue };
        if path.extension().is_some_and(|e| e == "json") && !names.contains(&stem) {
            if blessing() {
                std::fs::remove_file(&path).expect("remove stale golden file");
            } else {
                failures
                    .push(format!("{}: stale golden file (no preset of that name; bless to remove)", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{} golden failure(s):\n{}", failures.len(), failures.join("\n"));
}
