//! What the `parse` and `run` fuzz targets assert about any input (bytes read as UTF-8,
//! invalid sequences replaced): the scenario parser never panics and its errors point inside
//! the text (or just after it); a scenario that parses compiles or fails with such an error,
//! and one that compiles runs to an end under the run limits ([`run_options`]) without
//! panicking.
//!
//! Shared by the fuzz targets and `crates/sim/tests/fuzz_regressions.rs` (included there by
//! path): it uses nothing but `threadlab_sim` and `std`.

use threadlab_sim::{Pos, RunOptions};

/// The bytes as scenario text, as an editor that replaces invalid UTF-8 would show them.
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Panics unless `pos` is a real position of `text`: line 1 to the number of lines, column
/// 1 to one past the last character of its line (columns count characters).
pub fn assert_within(text: &str, pos: Pos, what: &str) {
    let line = usize::try_from(pos.line).unwrap_or(usize::MAX);
    let col = usize::try_from(pos.col).unwrap_or(usize::MAX);
    let lines: Vec<&str> = text.split('\n').collect();
    assert!(line >= 1 && col >= 1, "{what}: position {pos} is before the text {text:?}");
    assert!(line <= lines.len(), "{what}: line {} beyond the {} lines of {text:?}", pos.line, lines.len());
    let chars = lines[line - 1].chars().count();
    assert!(col <= chars + 1, "{what}: column {} beyond line {} ({chars} characters) of {text:?}", pos.col, pos.line);
}

/// `parse` target: parsing never panics; an error is somewhere in the text and has words.
pub fn check_parse(data: &[u8]) {
    let text = text_of(data);
    if let Err(e) = threadlab_sim::parse(&text) {
        assert_within(&text, e.pos, "parse error");
        assert!(!e.message().is_empty(), "an empty message at {}", e.pos);
    }
}

/// The run limits of the `run` target: the engine's two budgets as the web app sets them
/// (`crates/web/src/job.rs`: 4,000,000 segments, 200,000,000 operations), scaled to a tenth.
/// The fuzz build (sanitizer, coverage counters, overflow checks) runs the engine about 30
/// times slower than a release build, where the full budgets take about a second
/// (docs/RELIABILITY.md): at a tenth, an input that takes longer than libFuzzer's
/// `-timeout=10` is one whose work escapes the budgets, which is what the target looks for.
pub fn run_options() -> RunOptions {
    RunOptions { max_segments: 400_000, max_steps: 20_000_000 }
}

/// `run` target: parse, compile and simulate under [`run_options`] without a panic (and, run
/// by libFuzzer with `-timeout=10`, in bounded time); errors point inside the text.
pub fn check_run(data: &[u8]) {
    let text = text_of(data);
    let scenario = match threadlab_sim::parse(&text) {
        Ok(s) => s,
        Err(e) => return assert_within(&text, e.pos, "parse error"),
    };
    let program = match threadlab_sim::compile(&scenario) {
        Ok(p) => p,
        Err(e) => return assert_within(&text, e.pos, "compile error"),
    };
    let result = threadlab_sim::simulate(&program, &run_options());
    // The app and the command line read these for every run.
    let _ = result.thread_lanes();
    let _ = result.core_lanes();
}
