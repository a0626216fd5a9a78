//! Fuzz target `run`: see [`threadlab_fuzz::sim_checks::check_run`] and docs/RELIABILITY.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| threadlab_fuzz::sim_checks::check_run(data));
