//! Every input the `parse` and `run` fuzz targets ever crashed on (`fuzz/regressions/parse/`
//! and `fuzz/regressions/run/`), fed through the very checks of those targets (the file
//! `fuzz/src/sim_checks.rs`, included here), so that the normal test suite keeps them fixed
//! without the fuzzer. docs/RELIABILITY.md lists the findings.

#[path = "../../../fuzz/src/sim_checks.rs"]
mod sim_checks;

#[path = "../../../fuzz/src/regressions.rs"]
mod regressions;

use regressions::inputs;
use std::time::{Duration, Instant};

/// Longest a regression input may take here (an unoptimised build, on a busy machine): the
/// test's stand-in for libFuzzer's `-timeout=10`. The inputs that timed out took minutes.
const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Runs `check` on every input of `target`; fails naming each input that panics or takes
/// longer than [`TIME_LIMIT`].
fn check_all(target: &str, check: fn(&[u8])) -> usize {
    let all = inputs(target);
    let mut failed = Vec::new();
    for (path, data) in &all {
        let started = Instant::now();
        if std::panic::catch_unwind(|| check(data)).is_err() {
            failed.push(format!("{}: panicked", path.display()));
        } else if started.elapsed() > TIME_LIMIT {
            failed.push(format!("{}: took {:.1?}", path.display(), started.elapsed()));
        }
    }
    assert!(failed.is_empty(), "fuzz regressions of {target} fail: {failed:#?}");
    all.len()
}

#[test]
fn parse_regressions_parse_or_fail_at_a_position_in_the_text() {
    check_all("parse", sim_checks::check_parse);
}

#[test]
fn run_regressions_run_within_the_limits() {
    check_all("run", sim_checks::check_run);
}

#[test]
fn the_checks_can_fail() {
    // An error position past the end of its line, and a line past the end, are refused.
    let pos = |line, col| threadlab_sim::Pos { line, col };
    assert!(std::panic::catch_unwind(|| sim_checks::assert_within("ab\nc", pos(2, 3), "t")).is_err());
    assert!(std::panic::catch_unwind(|| sim_checks::assert_within("ab\nc", pos(3, 1), "t")).is_err());
    assert!(std::panic::catch_unwind(|| sim_checks::assert_within("ab\nc", pos(1, 0), "t")).is_err());
    sim_checks::assert_within("ab\nc", pos(1, 3), "t");
    sim_checks::assert_within("ab\nc", pos(2, 2), "t");
    assert_eq!(sim_checks::text_of(b"cores 2\xff"), "cores 2\u{fffd}");
}
