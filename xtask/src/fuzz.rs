//! `cargo xtask fuzz`: the coverage-guided fuzz targets of `fuzz/` (docs/RELIABILITY.md),
//! run with cargo-fuzz [`CARGO_FUZZ_VERSION`] (installed into [`CARGO_FUZZ_ROOT`] when
//! missing) on the stable toolchain.
//!
//! cargo-fuzz builds with nightly-only flags (`-Zsanitizer=address`, `-Cpasses=sancov-module`
//! options of `-Z`): on stable rustc they work with `RUSTC_BOOTSTRAP=1`, which this sets for
//! the fuzz build only (stable rustc ships the AddressSanitizer runtime). Not part of
//! `cargo xtask test`: the inputs fuzzing found are replayed by the normal tests instead
//! (`fuzz/regressions/`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

/// The cargo-fuzz release used (pinned: its flags are part of how findings are reproduced).
pub const CARGO_FUZZ_VERSION: &str = "0.13.2";
/// Where cargo-fuzz is installed, relative to the workspace root.
pub const CARGO_FUZZ_ROOT: &str = "target/tools/cargo-fuzz";
/// The fuzz targets (`fuzz/fuzz_targets/TARGET.rs`).
pub const TARGETS: [&str; 3] = ["parse", "link", "run"];
/// libFuzzer's per-input time limit, in seconds: a slower input is a finding (a limit that
/// does not apply), not a reason to raise it.
pub const TIMEOUT_SECONDS: u32 = 10;
/// Default fuzzing time, in seconds.
const DEFAULT_SECONDS: u64 = 60;

pub const USAGE: &str = "  fuzz TARGET [SECONDS] [-- LIBFUZZER ARGS...]
                   fuzz TARGET (parse, link or run: fuzz/fuzz_targets/) for SECONDS (default 60)
                   with cargo-fuzz (installed into target/tools/cargo-fuzz), corpus fuzz/corpus/TARGET;
                   a crash is saved in fuzz/artifacts/TARGET/ (then see docs/RELIABILITY.md)
  fuzz cmin TARGET minimize fuzz/corpus/TARGET
";

/// `cargo xtask fuzz …` (the arguments after `fuzz`).
pub fn main(args: &[&str]) -> ExitCode {
    let (own, libfuzzer) = match args.iter().position(|a| *a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[][..]),
    };
    let plan = match own {
        ["cmin", target] if TARGETS.contains(target) => vec!["cmin".to_string(), "-O".into(), target.to_string()],
        [target] | [target, _] if TARGETS.contains(target) => {
            let seconds = match own.get(1).map(|s| s.parse::<u64>()) {
                None => DEFAULT_SECONDS,
                Some(Ok(s)) if s > 0 => s,
                Some(_) => return usage(&format!("SECONDS must be a whole number above 0, not {:?}", own[1])),
            };
            let mut a: Vec<String> = ["run", "-O", "--debug-assertions", target, "--"].map(String::from).into();
            a.push(format!("-max_total_time={seconds}"));
            a.push(format!("-timeout={TIMEOUT_SECONDS}"));
            a.push("-rss_limit_mb=2048".into());
            a.push("-print_final_stats=1".into());
            a
        }
        _ => return usage(&format!("expected a target ({}), not {:?}", TARGETS.join(", "), own.join(" "))),
    };
    let mut plan = plan;
    plan.extend(libfuzzer.iter().map(|a| a.to_string()));
    if let Err(e) = ensure_cargo_fuzz() {
        eprintln!("xtask fuzz: could not fuzz: {e}");
        return ExitCode::FAILURE;
    }
    let bin = tool_bin();
    println!("$ (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz {})", plan.join(" "));
    let status = Command::new("cargo")
        .arg("fuzz")
        .args(&plan)
        .current_dir("fuzz")
        .env("RUSTC_BOOTSTRAP", "1")
        .env("PATH", path_with(&bin))
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!(
                "xtask fuzz: `cargo fuzz {}` failed ({s}). A crash or timeout is a finding: its input is in \
                 fuzz/artifacts/; fix it, put the input in fuzz/regressions/TARGET/ and record it in \
                 docs/RELIABILITY.md. If the build failed instead, try `-- ` options or `--sanitizer none` \
                 by hand (see docs/RELIABILITY.md).",
                plan.join(" ")
            );
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("xtask fuzz: `cargo fuzz` could not be started: {e}");
            ExitCode::FAILURE
        }
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("xtask fuzz: {message}\n\nusage:\n{USAGE}");
    ExitCode::from(2)
}

/// The folder holding the installed `cargo-fuzz`, made absolute.
fn tool_bin() -> PathBuf {
    let bin = Path::new(CARGO_FUZZ_ROOT).join("bin");
    std::env::current_dir().map(|d| d.join(&bin)).unwrap_or(bin)
}

/// PATH with `dir` in front (so that `cargo fuzz` finds the pinned cargo-fuzz).
fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut dirs = vec![dir.to_path_buf()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// The version the installed cargo-fuzz reports (`cargo-fuzz 0.13.2`), when it runs.
fn installed_version() -> Option<String> {
    let out = Command::new(tool_bin().join("cargo-fuzz"))
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let line = String::from_utf8_lossy(&out.stdout).lines().next()?.trim().to_string();
    line.split(' ').nth(1).map(str::to_string)
}

/// Makes sure [`CARGO_FUZZ_ROOT`] holds cargo-fuzz [`CARGO_FUZZ_VERSION`], installing it from
/// crates.io when not.
fn ensure_cargo_fuzz() -> Result<(), String> {
    if installed_version().as_deref() == Some(CARGO_FUZZ_VERSION) {
        return Ok(());
    }
    let package = format!("cargo-fuzz@{CARGO_FUZZ_VERSION}");
    let args = ["install", "--locked", package.as_str(), "--root", CARGO_FUZZ_ROOT];
    println!("$ cargo {}", args.join(" "));
    let hint = format!("install it by hand with `cargo {}`", args.join(" "));
    match Command::new("cargo").args(args).stdin(Stdio::null()).status() {
        Ok(s) if s.success() => {}
        Ok(s) => {
            return Err(format!("cargo-fuzz {CARGO_FUZZ_VERSION} is missing and `cargo install` failed ({s}); {hint}"))
        }
        Err(e) => {
            return Err(format!("cargo-fuzz {CARGO_FUZZ_VERSION} is missing and cargo could not be started ({e})"))
        }
    }
    match installed_version() {
        Some(v) if v == CARGO_FUZZ_VERSION => Ok(()),
        found => Err(format!("after `cargo install {package}`, cargo-fuzz reports version {found:?}; {hint}")),
    }
}
