//! The saved inputs of a fuzz target (`fuzz/regressions/TARGET/`), read by the regression
//! tests that replay them without the fuzzer (`crates/sim/tests/fuzz_regressions.rs`,
//! `crates/share/tests/fuzz_regressions.rs`, which include this file by path). Only `std`.

use std::path::PathBuf;

/// Every input saved for `target`, in file-name order, with its path (files whose name starts
/// with `.` are not inputs).
pub fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).expect("readable"))).collect()
}
