//! The seeds of every property test (proptest) of the workspace, one rule for all of them:
//!
//! - in CI (`CI` set and not `false`/`0`), or with `THREADLAB_SEEDS=fixed`: the fixed list
//!   [`FIXED`], so every CI run tries the same cases (`cargo xtask test` sets
//!   `THREADLAB_SEEDS=fixed` itself when `CI=true`);
//! - elsewhere (`cargo test` on a developer's machine): one seed drawn at random, so each run
//!   tries new cases;
//! - `THREADLAB_SEEDS=1,2,3` runs those seeds, `THREADLAB_SEEDS=random` a random one anywhere.
//!
//! Each seed is printed before it runs (shown by `cargo test` when the test fails) and a failure
//! names its seed and how to replay it: `THREADLAB_SEEDS=<seed> cargo test -p CRATE --test FILE`.
//! A test's cases are shared among the seeds (at least one each), so CI and a local run cost
//! the same; `THREADLAB_PROPTEST_CASES=<n>` sets the number of cases of every test.
//!
//! Included with `#[path]` by the property tests of `threadlab-sim` and `threadlab-share`
//! (crates/sim/src/packed.rs too), so the rule is written once.
#![allow(dead_code)]

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// The seeds of CI. Adding one adds cases to CI (the cases are shared among the seeds).
pub const FIXED: [u64; 4] = [20261129, 20261206, 1, 7];

/// Whether this is a CI run (`CI=true`, as CI services set it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The seeds to run, by the rule of the module's doc.
pub fn seeds() -> Vec<u64> {
    let var = std::env::var("THREADLAB_SEEDS").unwrap_or_default();
    match var.trim() {
        "" if in_ci() => FIXED.to_vec(),
        "" | "random" => vec![random_seed()],
        "fixed" => FIXED.to_vec(),
        list => list
            .split(',')
            .map(|s| {
                s.trim().parse().unwrap_or_else(|_| {
                    panic!("THREADLAB_SEEDS={list:?}: expected `fixed`, `random` or seeds like `1,2,3`")
                })
            })
            .collect(),
    }
}

/// A seed from the clock and the process's hasher keys (random per process).
fn random_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    h.write_u128(nanos);
    h.write_u32(std::process::id());
    h.finish()
}

/// The configuration of one seed's run: `cases` cases, the seed fixed, failures persisted next
/// to `source_file` (proptest's `*.proptest-regressions`, replayed first) when given.
pub fn config(seed: u64, cases: u32, source_file: Option<&'static str>) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        source_file,
        failure_persistence: if source_file.is_some() { Config::default().failure_persistence } else { None },
        ..Config::default()
    }
}

/// Runs the property `test` on `cases` values of `strategy` (in all, shared among the seeds);
/// a failure panics with the seed, how to replay it and the shrunk value.
#[track_caller]
pub fn check<S: Strategy>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let source = std::panic::Location::caller().file();
    let seeds = seeds();
    let total = std::env::var("THREADLAB_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    let per_seed = total.div_ceil(seeds.len().max(1) as u32).max(1);
    for seed in seeds {
        eprintln!("{name}: seed {seed}, {per_seed} cases (replay: THREADLAB_SEEDS={seed})");
        if let Err(e) = TestRunner::new(config(seed, per_seed, Some(source))).run(&strategy, &test) {
            panic!(
                "{name} fails with seed {seed}; replay it with `THREADLAB_SEEDS={seed} cargo test` (this test):\n{e}"
            );
        }
    }
}
