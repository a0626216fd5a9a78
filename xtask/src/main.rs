//! `cargo xtask` (alias in `.cargo/config.toml`): the project's developer commands, with no
//! dependency beyond std.
//!
//! - `cargo xtask test [--bless]`: format check, clippy, every test, and the benches compile, in
//!   that order, stopping at the first failure. `--bless` runs the tests with
//!   `THREADLAB_BLESS=1`, which rewrites the golden files of `crates/sim/tests/golden/`.
//! - `cargo xtask bench [ARGS…]`: the criterion benchmarks of the simulation core.
//!
//! A new check (the web app's browser tests, say) is one more entry in [`test_steps`]; what it
//! needs from the machine goes in [`toolchain`].

mod toolchain;

use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::Instant;

use toolchain::Component;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test [--bless]   format check, clippy, every test, benches compile (stops at the first failure)
                   --bless: rewrite the golden results (crates/sim/tests/golden/) instead of comparing
  bench [ARGS...]  run the criterion benchmarks of threadlab-sim (ARGS go to criterion)
  help             this text
";

/// One check of `cargo xtask test`: a titled command, what it needs from the toolchain, and
/// whether it may be skipped when that cannot be had.
struct Step {
    title: &'static str,
    program: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, &'static str)>,
    /// A rustup component the step needs; added first when missing.
    needs: Option<Component>,
    /// Skip the step with a notice (instead of failing) when `needs` cannot be installed.
    skippable: bool,
}

impl Step {
    fn cargo(title: &'static str, args: &[&str]) -> Step {
        Step {
            title,
            program: "cargo",
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            needs: None,
            skippable: false,
        }
    }

    fn needs(mut self, component: Component, skippable: bool) -> Step {
        self.needs = Some(component);
        self.skippable = skippable;
        self
    }

    fn env(mut self, key: &'static str, value: &'static str) -> Step {
        self.env.push((key, value));
        self
    }

    /// The command as a shell line, environment first.
    fn command_line(&self) -> String {
        let mut words: Vec<String> = self.env.iter().map(|(k, v)| format!("{k}={v}")).collect();
        words.push(self.program.to_string());
        words.extend(self.args.iter().map(|a| shell_quoted(a)));
        words.join(" ")
    }

    /// Prints the command, runs it, and names it in the error when it fails.
    fn run(&self) -> Result<(), Failure> {
        let line = self.command_line();
        println!("$ {line}");
        match Command::new(self.program).args(&self.args).envs(self.env.iter().copied()).status() {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Failure::new(format!("`{line}` failed ({s})"), s.code()),
            Err(e) => Failure::new(format!("`{line}` could not be started: {e}"), None),
        }
    }
}

/// A word as it would be typed in a shell: single-quoted when it holds anything special.
fn shell_quoted(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Why a step failed, and the exit code to leave with.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn new(message: String, code: Option<i32>) -> Result<(), Failure> {
        let code = code.and_then(|c| u8::try_from(c).ok()).filter(|&c| c != 0).unwrap_or(1);
        Err(Failure { message, code })
    }
}

/// The checks of `cargo xtask test`, in order.
fn test_steps(bless: bool) -> Vec<Step> {
    let tests = Step::cargo("tests", &["test", "--workspace"]);
    vec![
        Step::cargo("format", &["fmt", "--all", "--", "--check"]).needs(Component::Rustfmt, true),
        Step::cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
            .needs(Component::Clippy, false),
        if bless { tests.env("THREADLAB_BLESS", "1") } else { tests },
        Step::cargo("benches compile", &["bench", "-p", "threadlab-sim", "--no-run"]),
    ]
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Run from the workspace root whatever the current directory.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace");
    if let Err(e) = std::env::set_current_dir(root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::FAILURE;
    }
    let rest: Vec<&str> = args.iter().skip(1).map(String::as_str).collect();
    match args.first().map(String::as_str) {
        Some("test") => match rest.as_slice() {
            [] => test(false),
            ["--bless"] => test(true),
            _ => usage_error(&format!("`test` takes only --bless, not {:?}", rest.join(" "))),
        },
        Some("bench") => bench(&rest),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command {other:?}")),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn bench(extra: &[&str]) -> ExitCode {
    // `--bench '*'`: every bench target but not the library's libtest harness, which would
    // reject criterion's options (`--save-baseline`, …).
    let mut step = Step::cargo("benchmarks", &["bench", "-p", "threadlab-sim", "--bench", "*"]);
    // `cargo xtask bench -- --save-baseline x` and `cargo xtask bench --save-baseline x` alike.
    let extra = extra.strip_prefix(&["--"]).unwrap_or(extra);
    if !extra.is_empty() {
        step.args.push("--".to_string());
        step.args.extend(extra.iter().map(|a| a.to_string()));
    }
    match step.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("xtask bench: FAILED: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn test(bless: bool) -> ExitCode {
    let steps = test_steps(bless);
    let total = steps.len();
    let started = Instant::now();
    let mut skipped = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        println!("\n==== [{}/{total}] {} ====", i + 1, step.title);
        if let Some(component) = step.needs {
            if let Err(e) = toolchain::ensure_rustup_component(component) {
                if step.skippable {
                    println!("notice: skipping {:?}: {e}", step.title);
                    skipped.push(step.title);
                    continue;
                }
                eprintln!("\nxtask test: FAILED at step {}/{total} ({}): {e}", i + 1, step.title);
                return ExitCode::FAILURE;
            }
        }
        if let Err(f) = step.run() {
            eprintln!("\nxtask test: FAILED at step {}/{total} ({}): {}", i + 1, step.title, f.message);
            return ExitCode::from(f.code);
        }
    }
    let passed = total - skipped.len();
    let skipped = if skipped.is_empty() { String::new() } else { format!(", skipped: {}", skipped.join(", ")) };
    let blessed = if bless { " (golden files blessed: review them with `git diff`)" } else { "" };
    println!("\nxtask test: {passed}/{total} steps passed{skipped} in {:.0?}{blessed}", started.elapsed());
    ExitCode::SUCCESS
}
