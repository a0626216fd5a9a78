//! Fuzz target `link`: see [`threadlab_fuzz::link_checks::check_link`] and docs/RELIABILITY.md.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| threadlab_fuzz::link_checks::check_link(data));
