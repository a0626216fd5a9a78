//! The checks of the fuzz targets, one function per target. The targets in `fuzz_targets/`
//! only call them, and the regression tests of the normal suite include the same files
//! (`crates/sim/tests/fuzz_regressions.rs`, `crates/share/tests/fuzz_regressions.rs`) and
//! feed them every input of `fuzz/regressions/TARGET/`, so a crash found once stays fixed.

pub mod link_checks;
pub mod sim_checks;
