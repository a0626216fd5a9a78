//! `cargo xtask` (alias in `.cargo/config.toml`): the project's developer commands, with no
//! dependency beyond std.
//!
//! - `cargo xtask test [--bless]`: format check, clippy (native, and the wasm-only component
//!   tests), every test, the component tests in headless Chromium (wasm), the benches compile,
//!   the web app's release build and its browser tests, in that order, stopping at the first
//!   failure, and failing when a step leaves the source tree changed ([`tree`]). `--bless` runs
//!   the tests with `THREADLAB_BLESS=1`, which rewrites the golden files of
//!   `crates/sim/tests/golden/`; it is refused in CI (`CI=true`). In CI the property tests run
//!   the fixed seeds (`THREADLAB_SEEDS=fixed`; crates/sim/tests/common/seeds.rs).
//! - `cargo xtask serve [ARGS…]`: the web app with Trunk on <http://127.0.0.1:8080>, rebuilt on
//!   change.
//! - `cargo xtask dist`: the web app's release build in `dist/` (static files, relative paths),
//!   and the size of its wasm.
//! - `cargo xtask bench [ARGS…]`: the criterion benchmarks of the simulation core.
//! - `cargo xtask bench --peers [--runs N]`: Threadlab against plain Python, SimPy and a
//!   minimal Rust loop on two workloads ([`peers`]); the table goes into docs/PERFORMANCE.md.
//!
//! - `cargo xtask fuzz TARGET [SECONDS]`, `cargo xtask fuzz cmin TARGET`: the coverage-guided
//!   fuzz targets of `fuzz/` ([`fuzz`], docs/RELIABILITY.md); never part of `test`.
//!
//! A new check is one more entry in [`test_steps`]; what it needs from the machine goes in
//! [`toolchain`] (which installs the web tools when they are missing).

mod fuzz;
mod peers;
mod toolchain;
mod tree;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use toolchain::{Component, Need};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  test [--bless]   format check, clippy (native and wasm), every test, component tests (wasm,
                   headless Chromium), benches compile, web build, browser tests
                   (stops at the first failure, or when a step leaves the git tree changed;
                   with CI=true the property tests run their fixed seeds)
                   --bless: rewrite the golden results (crates/sim/tests/golden/) instead of
                   comparing (refused with CI=true)
  serve [ARGS...]  the web app on http://127.0.0.1:8080, rebuilt on change (ARGS go to `trunk serve`)
  dist             the web app's release build in dist/, and the size of its wasm
  bench [ARGS...]  run the criterion benchmarks of threadlab-sim (ARGS go to criterion)
  bench --peers [--runs N]
                   Threadlab against plain Python, SimPy (installed into target/peers-venv)
                   and a minimal Rust loop on two workloads; checks they agree, prints the
                   table and writes it into docs/PERFORMANCE.md (median of N runs, default 5)
{FUZZ}  help             this text

The web commands install what they miss: the wasm32 target, Trunk, wasm-bindgen-cli (the
version in Cargo.lock, with its wasm-bindgen-test-runner), wasm-opt (npm binaryen, in
target/tools). The component and browser tests need Debian's chromium and chromium-driver
(apt-get install chromium chromium-driver).
";

/// One check of `cargo xtask test`: a titled command, what it needs from the toolchain, and
/// whether it may be skipped when that cannot be had.
struct Step {
    title: &'static str,
    program: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    /// What the step needs from the machine; installed first when missing (and installable).
    needs: Vec<Need>,
    /// Skip the step with a notice (instead of failing) when `needs` cannot be had.
    skippable: bool,
    /// Run with the project's tools ([`toolchain::binaryen_bin`]) first on PATH.
    tools_on_path: bool,
    /// Runs after the command succeeded (the web build reports its size).
    then: Option<fn() -> Result<(), String>>,
}

impl Step {
    fn new(title: &'static str, program: &'static str, args: &[&str]) -> Step {
        Step {
            title,
            program,
            args: args.iter().map(|a| a.to_string()).collect(),
            env: Vec::new(),
            needs: Vec::new(),
            skippable: false,
            tools_on_path: false,
            then: None,
        }
    }

    fn cargo(title: &'static str, args: &[&str]) -> Step {
        Step::new(title, "cargo", args)
    }

    /// `trunk SUBCOMMAND ARGS…`, offline (Trunk must not download tools: xtask installs them),
    /// with wasm-opt first on PATH.
    fn trunk(title: &'static str, subcommand: &str, args: &[&str]) -> Step {
        let mut step = Step::new(title, "trunk", &[subcommand, "--offline=true"]);
        step.args.extend(args.iter().map(|a| a.to_string()));
        step.needs = vec![Need::WebTools];
        step.tools_on_path = true;
        step
    }

    /// One more thing the step needs; the step is skippable only when every need says so.
    fn needs(mut self, need: Need, skippable: bool) -> Step {
        self.skippable = skippable && (self.needs.is_empty() || self.skippable);
        self.needs.push(need);
        self
    }

    /// Makes sure of every need (each is tried, so one run says everything that is missing).
    fn ensure_needs(&self) -> Result<(), String> {
        let errors: Vec<String> = self.needs.iter().filter_map(|need| need.ensure().err()).collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("\n"))
        }
    }

    fn env(mut self, key: &'static str, value: impl Into<String>) -> Step {
        self.env.push((key, value.into()));
        self
    }

    fn then(mut self, after: fn() -> Result<(), String>) -> Step {
        self.then = Some(after);
        self
    }

    /// The command as a shell line, environment first.
    fn command_line(&self) -> String {
        let mut words: Vec<String> = Vec::new();
        if self.tools_on_path {
            words.push(format!("PATH={}:$PATH", toolchain::binaryen_bin().display()));
        }
        words.extend(self.env.iter().map(|(k, v)| format!("{k}={}", shell_quoted(v))));
        words.push(self.program.to_string());
        words.extend(self.args.iter().map(|a| shell_quoted(a)));
        words.join(" ")
    }

    /// Prints the command, runs it, and names it in the error when it fails.
    fn run(&self) -> Result<(), Failure> {
        let line = self.command_line();
        println!("$ {line}");
        let mut command = Command::new(self.program);
        command.args(&self.args).envs(self.env.iter().map(|(k, v)| (k, v)));
        if self.tools_on_path {
            command.env("PATH", toolchain::path_with_tools());
        }
        match command.status() {
            Ok(s) if s.success() => match self.then.map(|after| after()) {
                Some(Err(e)) => Failure::new(format!("after `{line}`: {e}"), None),
                _ => Ok(()),
            },
            Ok(s) => Failure::new(format!("`{line}` failed ({s})"), s.code()),
            Err(e) => Failure::new(format!("`{line}` could not be started: {e}"), None),
        }
    }

    /// Installs what the step needs, then runs it; for a command of its own (not `test`).
    fn run_alone(&self, command: &str) -> ExitCode {
        let result = match self.ensure_needs() {
            Err(e) => Failure::new(e, None),
            Ok(()) => self.run(),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(f) => {
                eprintln!("xtask {command}: FAILED: {}", f.message);
                ExitCode::from(f.code)
            }
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

/// The package of the browser tests (`tests/`): they need the built site, so `tests` leaves
/// them out and `browser tests` runs them after the web build.
const E2E_PACKAGE: &str = "threadlab-e2e";
/// Where the release build of the web app goes, relative to the workspace root.
const DIST: &str = "dist";
/// The WebDriver capabilities (Chromium's binary and flags) of the component tests, relative
/// to the workspace root.
const WEBDRIVER_JSON: &str = "crates/web/webdriver.json";

/// Whether this is a CI run: `CI` set, and not to `false` or `0` (CI services set `CI=true`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// The folder the golden files are in: the one place `--bless` may change the tree.
const GOLDEN_DIR: &str = "crates/sim/tests/golden/";

/// The checks of `cargo xtask test`, in order.
fn test_steps(bless: bool, ci: bool) -> Vec<Step> {
    let mut tests = Step::cargo("tests", &["test", "--workspace", "--exclude", E2E_PACKAGE]);
    if bless {
        tests = tests.env("THREADLAB_BLESS", "1");
    }
    if ci {
        // Every CI run tries the same cases of the property tests (a local run draws a seed).
        tests = tests.env("THREADLAB_SEEDS", "fixed");
    }
    let dist = std::env::current_dir().map(|d| d.join(DIST)).unwrap_or_else(|_| PathBuf::from(DIST));
    let wasm_clippy =
        ["clippy", "--target", toolchain::WASM_TARGET, "-p", "threadlab-web", "--tests", "--", "-D", "warnings"];
    vec![
        // Never skipped: a missing rustfmt is installed, or the step fails saying how to.
        Step::cargo("format", &["fmt", "--all", "--", "--check"]).needs(Need::Component(Component::Rustfmt), false),
        Step::cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])
            .needs(Need::Component(Component::Clippy), false),
        // The component tests (crates/web/tests/dom.rs) and the web crate's wasm-only code,
        // which the native clippy does not see.
        Step::cargo("clippy (wasm: the web crate and its component tests)", &wasm_clippy)
            .needs(Need::Component(Component::Clippy), false)
            .needs(Need::WasmTarget, false),
        tests,
        component_tests_step(),
        Step::cargo("benches compile", &["bench", "-p", "threadlab-sim", "--no-run"]),
        dist_step().then(report_dist_size_within_budget),
        Step::cargo("browser tests", &["test", "-p", E2E_PACKAGE])
            .env("THREADLAB_DIST", dist.display().to_string())
            .needs(Need::Browser, false),
    ]
}

/// The web crate's component tests (`crates/web/tests/dom.rs`): compiled to wasm and run by
/// wasm-bindgen-test-runner in headless Chromium through chromedriver. The runner makes Chrome
/// headless and sandbox-free itself; [`WEBDRIVER_JSON`] adds the Debian binary and the
/// project's flags. Never skipped: a missing browser or tool fails `cargo xtask test`.
fn component_tests_step() -> Step {
    let webdriver =
        std::env::current_dir().map(|d| d.join(WEBDRIVER_JSON)).unwrap_or_else(|_| PathBuf::from(WEBDRIVER_JSON));
    let args = ["test", "-p", "threadlab-web", "--target", toolchain::WASM_TARGET, "--test", "dom"];
    Step::cargo("component tests (wasm, headless Chromium)", &args)
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", "wasm-bindgen-test-runner")
        .env("CHROMEDRIVER", toolchain::CHROMEDRIVER)
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", webdriver.display().to_string())
        // The runner's 20 s default (for the whole suite) is short on a busy 2-core machine.
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("WASM_BINDGEN_TEST_DRIVER_TIMEOUT", "30")
        .needs(Need::WasmTestTools, false)
        .needs(Need::Browser, false)
}

/// `trunk build --release` into [`DIST`], then the size of the wasm.
fn dist_step() -> Step {
    Step::trunk("web build (release)", "build", &["--release", "--dist", DIST]).then(report_dist_size)
}

/// The wasm budget of issue 3, gzipped bytes (250 KB). `cargo xtask test` fails beyond it.
const WASM_BUDGET_GZIP: u64 = 250_000;
/// The worker module's own budget (loaded on first use, not at first load): gzipped bytes.
/// It runs the exports now and the sweeps and comparisons of many runs next, so its core is
/// built for speed (`worker-release`, opt-level 3: ~22 KB more than at opt-level z, for a
/// simulation within 1.3× of native; docs/PERFORMANCE.md).
const WORKER_BUDGET_GZIP: u64 = 150_000;
/// The extras module's own budget (loaded after the first screen): gzipped bytes.
const EXTRAS_BUDGET_GZIP: u64 = 160_000;
/// The lab module's own budget (the experiments' panels, loaded when one is opened): gzipped
/// bytes (116,632 at the end of issue 13).
const LAB_BUDGET_GZIP: u64 = 130_000;
/// The OSTEP (classroom) module's own budget: the homework import box, predict mode's panel
/// and you are the scheduler, loaded when one of them is opened (144,286 with the import box
/// alone; the other two panels moved out of the first load in issue 14).
const OSTEP_BUDGET_GZIP: u64 = 175_000;

/// Prints the raw and gzipped size of the built site's wasm and JS.
fn report_dist_size() -> Result<(), String> {
    dist_sizes(None)
}

/// The same, failing when the wasm is over [`WASM_BUDGET_GZIP`]: a size is deterministic, so
/// this is a budget, not a timing.
fn report_dist_size_within_budget() -> Result<(), String> {
    dist_sizes(Some(WASM_BUDGET_GZIP))
}

fn dist_sizes(budget: Option<u64>) -> Result<(), String> {
    let entries = std::fs::read_dir(DIST).map_err(|e| format!("cannot read {DIST}/: {e}"))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm" || x == "js"))
        .collect();
    files.sort_by_key(|p| (p.extension().is_some_and(|x| x == "js"), p.clone()));
    if !files.iter().any(|p| p.extension().is_some_and(|x| x == "wasm")) {
        return Err(format!("no .wasm file in {DIST}/"));
    }
    println!("\nsize of {DIST}/ (gzip: `gzip -9`):");
    for file in files {
        let raw = std::fs::metadata(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?.len();
        let gzip = gzipped_size(&file);
        let shown = match &gzip {
            Ok(n) => human_size(*n),
            Err(e) => format!("? ({e})"),
        };
        println!("  {}: {} raw, {} gzip", file.display(), human_size(raw), shown);
        if let (Some(first_load), true) = (budget, file.extension().is_some_and(|x| x == "wasm")) {
            // The worker module (`crates/worker`), the extras and the lab modules have budgets of their
            // own; every other wasm is part of the first load.
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let (max, which) = if name.starts_with("threadlab-worker") {
                (WORKER_BUDGET_GZIP, "worker module budget")
            } else if name.starts_with("threadlab-extras") {
                (EXTRAS_BUDGET_GZIP, "extras module budget")
            } else if name.starts_with("threadlab-lab") {
                (LAB_BUDGET_GZIP, "lab module budget")
            } else if name.starts_with("threadlab-ostep") {
                (OSTEP_BUDGET_GZIP, "OSTEP module budget")
            } else {
                (first_load, "first-load wasm budget")
            };
            let n = gzip?;
            if n > max {
                return Err(format!(
                    "{} is {n} B gzipped, over the budget of {max} B (issue 3); docs/PERFORMANCE.md \
                     says how the bytes were found and cut",
                    file.display()
                ));
            }
            println!("  {which}: {n} of {max} B gzipped ({:.1} %)", n as f64 * 100.0 / max as f64);
        }
    }
    Ok(())
}

/// The size of `gzip -9 -c FILE`.
fn gzipped_size(file: &Path) -> Result<u64, String> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("gzip could not be run: {e}"))?;
    if !out.status.success() {
        return Err(format!("gzip failed ({})", out.status));
    }
    Ok(out.stdout.len() as u64)
}

/// `1234567` → `"1205.6 KiB (1234567 B)"`.
fn human_size(bytes: u64) -> String {
    format!("{:.1} KiB ({bytes} B)", bytes as f64 / 1024.0)
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
        Some("serve") => serve(&rest),
        Some("dist") => match rest.as_slice() {
            [] => dist_step().run_alone("dist"),
            _ => usage_error(&format!("`dist` takes no arguments, not {:?}", rest.join(" "))),
        },
        Some("fuzz") => fuzz::main(&rest),
        Some("help" | "--help" | "-h") | None => {
            print!("{}", usage_text());
            ExitCode::SUCCESS
        }
        Some(other) => usage_error(&format!("unknown command {other:?}")),
    }
}

/// [`USAGE`] with the fuzz commands in their place.
fn usage_text() -> String {
    USAGE.replace("{FUZZ}", fuzz::USAGE)
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("xtask: {message}\n\n{}", usage_text());
    ExitCode::from(2)
}

fn bench(extra: &[&str]) -> ExitCode {
    if extra.contains(&"--peers") {
        let rest: Vec<&str> = extra.iter().copied().filter(|a| *a != "--peers").collect();
        return peers::main(&rest);
    }
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

/// `trunk serve` on 127.0.0.1:8080 unless ARGS say otherwise.
fn serve(extra: &[&str]) -> ExitCode {
    let extra = extra.strip_prefix(&["--"]).unwrap_or(extra);
    let given = |flag: &str| extra.iter().any(|a| *a == flag || a.starts_with(&format!("{flag}=")));
    let mut args = Vec::new();
    if !given("--address") && !given("-a") {
        args.extend(["--address", "127.0.0.1"]);
    }
    if !given("--port") && !given("-p") {
        args.extend(["--port", "8080"]);
    }
    args.extend(extra.iter().copied());
    Step::trunk("serve", "serve", &args).run_alone("serve")
}

/// Compares the tree with `before`: an error names every file the step changed (when
/// blessing, the golden files may change: they are listed, not refused). Returns the tree now.
fn check_tree(before: &tree::Snapshot, bless: bool) -> Result<tree::Snapshot, String> {
    let after = match tree::Snapshot::take() {
        Ok(s) => s,
        Err(tree::NoSnapshot::NotACheckout(why) | tree::NoSnapshot::Failed(why)) => return Err(why),
    };
    let (blessed, changed): (Vec<_>, Vec<_>) =
        before.changes(&after).into_iter().partition(|(path, _)| bless && path.starts_with(GOLDEN_DIR));
    for (path, status) in &blessed {
        println!("blessed: {status} {path}");
    }
    if changed.is_empty() {
        return Ok(after);
    }
    let list: Vec<String> = changed.iter().map(|(path, status)| format!("  {status} {path}")).collect();
    Err(format!(
        "the step changed the source tree (a test must not write into it: use target/ or a temporary \
         folder):\n{}\n(`git status` / `git diff` show them; restore what the step wrote and run again)",
        list.join("\n")
    ))
}

fn test(bless: bool) -> ExitCode {
    let ci = in_ci();
    if bless && ci {
        eprintln!(
            "xtask test: --bless is refused in CI (CI={:?}): blessing accepts any result. Bless \
             locally, review `git diff {GOLDEN_DIR}` and commit the files.",
            std::env::var("CI").unwrap_or_default()
        );
        return ExitCode::FAILURE;
    }
    let steps = test_steps(bless, ci);
    let total = steps.len();
    let started = Instant::now();
    let mut skipped = Vec::new();
    let mut times = Vec::new();
    let mut tree = match tree::Snapshot::take() {
        Ok(s) => Some(s),
        Err(tree::NoSnapshot::NotACheckout(why)) => {
            println!("notice: {why}: the check that no step changes the source tree is skipped");
            None
        }
        Err(tree::NoSnapshot::Failed(e)) => {
            eprintln!("\nxtask test: FAILED before the first step: {e}");
            return ExitCode::FAILURE;
        }
    };
    for (i, step) in steps.iter().enumerate() {
        println!("\n==== [{}/{total}] {} ====", i + 1, step.title);
        let step_started = Instant::now();
        if let Err(e) = step.ensure_needs() {
            if step.skippable {
                println!("notice: skipping {:?}: {e}", step.title);
                skipped.push(step.title);
                continue;
            }
            eprintln!("\nxtask test: FAILED at step {}/{total} ({}): {e}", i + 1, step.title);
            return ExitCode::FAILURE;
        }
        if let Err(f) = step.run() {
            eprintln!("\nxtask test: FAILED at step {}/{total} ({}): {}", i + 1, step.title, f.message);
            return ExitCode::from(f.code);
        }
        if let Some(before) = &tree {
            match check_tree(before, bless) {
                Ok(after) => tree = Some(after),
                Err(e) => {
                    eprintln!("\nxtask test: FAILED at step {}/{total} ({}): {e}", i + 1, step.title);
                    return ExitCode::FAILURE;
                }
            }
        }
        times.push(format!("{} {:.0?}", step.title, step_started.elapsed()));
    }
    let passed = total - skipped.len();
    let skipped = if skipped.is_empty() { String::new() } else { format!(", skipped: {}", skipped.join(", ")) };
    let blessed = if bless { " (golden files blessed: review them with `git diff`)" } else { "" };
    println!("\nxtask test: {passed}/{total} steps passed{skipped} in {:.0?}{blessed}", started.elapsed());
    println!("time per step (installs included): {}", times.join(", "));
    ExitCode::SUCCESS
}
