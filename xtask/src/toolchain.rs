//! The one place that knows the toolchain: which tools the checks need, how to tell whether
//! they are installed, and how to add them when they are not.
//!
//! | tool | needed by | installed with (only when missing or of another version) |
//! |---|---|---|
//! | rustfmt, clippy | `test` | `rustup component add` |
//! | `wasm32-unknown-unknown` | `serve`, `dist`, `test` | `rustup target add` |
//! | Trunk [`TRUNK_VERSION`] | `serve`, `dist`, `test` | `cargo install trunk --version … --locked` |
//! | wasm-bindgen-cli, the version of `wasm-bindgen` in Cargo.lock | idem | `cargo install wasm-bindgen-cli --version =…` |
//! | its `wasm-bindgen-test-runner` (same version) | `test` (component tests) | idem |
//! | wasm-opt of npm `binaryen@`[`BINARYEN_VERSION`] | `serve`, `dist`, `test` (release builds) | `npm install --prefix target/tools/binaryen` |
//! | Debian's `chromium` and `chromium-driver` | `test` (component and browser tests) | not by xtask: `.ci/run`, or by hand |
//!
//! Trunk runs offline (it must never download a tool itself): it finds `wasm-bindgen` on PATH
//! and `wasm-opt` in [`binaryen_bin`], which [`path_with_tools`] puts first on PATH.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A rustup component the checks use, and the cargo subcommand that proves it is installed.
#[derive(Debug, Clone, Copy)]
pub enum Component {
    Rustfmt,
    Clippy,
}

impl Component {
    /// The component's name for `rustup component add`.
    pub fn name(self) -> &'static str {
        match self {
            Component::Rustfmt => "rustfmt",
            Component::Clippy => "clippy",
        }
    }

    /// The cargo subcommand the component provides.
    fn subcommand(self) -> &'static str {
        match self {
            Component::Rustfmt => "fmt",
            Component::Clippy => "clippy",
        }
    }

    fn installed(self) -> bool {
        Command::new("cargo")
            .args([self.subcommand(), "--version"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }
}

/// Makes sure a rustup component is installed, adding it with rustup when it is missing.
/// The error says what is missing and how to install it by hand.
pub fn ensure_rustup_component(component: Component) -> Result<(), String> {
    if component.installed() {
        return Ok(());
    }
    let name = component.name();
    println!("$ rustup component add {name}");
    let hint = format!("install it with `rustup component add {name}` (or your system's package manager)");
    match Command::new("rustup").args(["component", "add", name]).stdin(Stdio::null()).status() {
        Ok(s) if s.success() && component.installed() => Ok(()),
        Ok(s) if s.success() => Err(format!("{name} is still missing after `rustup component add {name}`; {hint}")),
        Ok(s) => Err(format!("{name} is missing and `rustup component add {name}` failed ({s}); {hint}")),
        Err(e) => Err(format!("{name} is missing and rustup could not be run ({e}); {hint}")),
    }
}

/// What a step of `cargo xtask` needs from the machine.
#[derive(Debug, Clone, Copy)]
pub enum Need {
    /// A rustup component (rustfmt, clippy).
    Component(Component),
    /// The wasm32 target alone (clippy of the wasm-only code).
    WasmTarget,
    /// The web build's tools: the wasm32 target, Trunk, wasm-bindgen, wasm-opt.
    WebTools,
    /// The wasm32 target and wasm-bindgen-test-runner, for the component tests in a browser.
    WasmTestTools,
    /// Debian's Chromium and chromedriver, for the component and browser tests.
    Browser,
}

impl Need {
    /// Makes sure it is there, installing what xtask may install; the error says what is
    /// missing and how to install it by hand.
    pub fn ensure(self) -> Result<(), String> {
        match self {
            Need::Component(c) => ensure_rustup_component(c),
            Need::WasmTarget => ensure_wasm_target(),
            Need::WebTools => ensure_web_tools(),
            Need::WasmTestTools => ensure_wasm_test_tools(),
            Need::Browser => ensure_browser(),
        }
    }
}

/// The target the web app compiles to.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The Trunk release the web build uses (0.22 needs a newer rustc than the project's).
pub const TRUNK_VERSION: &str = "0.21.14";
/// The npm `binaryen` release whose `wasm-opt` optimizes release builds (Debian's binaryen 108
/// rejects what current rustc emits).
pub const BINARYEN_VERSION: &str = "132";
/// Where npm installs binaryen, relative to the workspace root.
pub const BINARYEN_PREFIX: &str = "target/tools/binaryen";
/// Debian's Chromium, driven by the browser tests.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's chromedriver (package `chromium-driver`), of the same version as [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The folder holding binaryen's `wasm-opt` (npm's `.bin`), relative to the workspace root.
pub fn binaryen_bin() -> PathBuf {
    Path::new(BINARYEN_PREFIX).join("node_modules").join(".bin")
}

/// PATH with [`binaryen_bin`] (made absolute) in front, for Trunk.
pub fn path_with_tools() -> OsString {
    let bin = std::env::current_dir().map(|d| d.join(binaryen_bin())).unwrap_or_else(|_| binaryen_bin());
    let mut dirs = vec![bin];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(dirs).unwrap_or_else(|_| std::env::var_os("PATH").unwrap_or_default())
}

/// The first line `program args…` prints on stdout, when it runs and succeeds.
fn first_line_of(program: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).lines().next().map(|l| l.trim().to_string())
}

/// Runs an install command (printed first) and tells how it went.
fn install(program: &str, args: &[&str]) -> Result<(), String> {
    let line = format!("{program} {}", args.join(" "));
    println!("$ {line}");
    match Command::new(program).args(args).stdin(Stdio::null()).status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("`{line}` failed ({s})")),
        Err(e) => Err(format!("`{line}` could not be started ({e})")),
    }
}

/// Makes sure rustup has the `wasm32-unknown-unknown` standard library, adding it when missing.
pub fn ensure_wasm_target() -> Result<(), String> {
    let installed = || {
        Command::new("rustup")
            .args(["target", "list", "--installed"])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).lines().any(|l| l.trim() == WASM_TARGET)
            })
    };
    if installed() {
        return Ok(());
    }
    let hint = format!("install it with `rustup target add {WASM_TARGET}`");
    install("rustup", &["target", "add", WASM_TARGET])
        .map_err(|e| format!("the {WASM_TARGET} target is missing and {e}; {hint}"))?;
    if installed() {
        Ok(())
    } else {
        Err(format!("the {WASM_TARGET} target is still missing after `rustup target add`; {hint}"))
    }
}

/// Makes sure `trunk --version` is [`TRUNK_VERSION`], installing that release with cargo when not.
pub fn ensure_trunk() -> Result<(), String> {
    let version = || first_line_of(Path::new("trunk"), &["--version"]);
    let wanted = format!("trunk {TRUNK_VERSION}");
    let found = version();
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    if let Some(found) = &found {
        println!("note: `trunk --version` says {found:?}; the web build needs {wanted:?}");
    }
    let args = ["install", "trunk", "--version", TRUNK_VERSION, "--locked"];
    let hint = format!("install it with `cargo install {}`", args[1..].join(" "));
    install("cargo", &args).map_err(|e| format!("Trunk {TRUNK_VERSION} is missing and {e}; {hint}"))?;
    match version() {
        Some(v) if v == wanted => Ok(()),
        other => Err(format!(
            "after installing, `trunk --version` says {other:?}, not {wanted:?}: is ~/.cargo/bin first on PATH? {hint}"
        )),
    }
}

/// The version of the `wasm-bindgen` crate pinned in `Cargo.lock` (the CLI must be the same).
/// When the lock file does not have it yet (a dependency just added), `cargo metadata` writes it.
pub fn wasm_bindgen_lock_version() -> Result<String, String> {
    if let Some(v) = lock_version("wasm-bindgen")? {
        return Ok(v);
    }
    println!("$ cargo metadata --format-version 1   # brings Cargo.lock up to date");
    let _ = Command::new("cargo")
        .args(["metadata", "--format-version", "1"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status();
    lock_version("wasm-bindgen")?
        .ok_or_else(|| "Cargo.lock has no `wasm-bindgen` package: crates/web must depend on `wasm-bindgen`".to_string())
}

/// The one version of `package` in Cargo.lock; an error when there are several.
fn lock_version(package: &str) -> Result<Option<String>, String> {
    let lock = std::fs::read_to_string("Cargo.lock").map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut versions = lock_versions(&lock, package);
    versions.dedup();
    match versions.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.clone())),
        many => Err(format!(
            "Cargo.lock has several versions of `{package}` ({}): pin one with `=` in crates/web/Cargo.toml",
            many.join(", ")
        )),
    }
}

/// Every `version` of a `[[package]]` named `package` in a Cargo.lock text, sorted.
fn lock_versions(lock: &str, package: &str) -> Vec<String> {
    let mut versions = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|l| {
                let (k, v) = l.split_once('=')?;
                (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
            })
        };
        if field("name").as_deref() == Some(package) {
            versions.extend(field("version"));
        }
    }
    versions.sort();
    versions
}

/// Makes sure `wasm-bindgen --version` is the version of the crate in Cargo.lock, installing that
/// `wasm-bindgen-cli` with cargo when not (Trunk offline refuses any other version).
pub fn ensure_wasm_bindgen() -> Result<(), String> {
    ensure_wasm_bindgen_cli("wasm-bindgen")
}

/// Makes sure `wasm-bindgen-test-runner --version` is the version of the `wasm-bindgen` crate in
/// Cargo.lock (the runner rejects tests built with another one), installing that
/// `wasm-bindgen-cli` (which holds it) with cargo when not.
pub fn ensure_wasm_bindgen_test_runner() -> Result<(), String> {
    ensure_wasm_bindgen_cli("wasm-bindgen-test-runner")
}

/// Makes sure `program --version` (a program of wasm-bindgen-cli) says `program VERSION` for the
/// version of `wasm-bindgen` in Cargo.lock, installing that wasm-bindgen-cli when not.
fn ensure_wasm_bindgen_cli(program: &str) -> Result<(), String> {
    let version = wasm_bindgen_lock_version()?;
    let wanted = format!("{program} {version}");
    let installed = || first_line_of(Path::new(program), &["--version"]);
    let found = installed();
    if found.as_deref() == Some(wanted.as_str()) {
        return Ok(());
    }
    if let Some(found) = &found {
        println!("note: `{program} --version` says {found:?}; Cargo.lock has {wanted:?}");
    }
    // Not `--locked`: wasm-bindgen-cli's own lock file pins crates that no longer build.
    let exact = format!("={version}");
    let args = ["install", "wasm-bindgen-cli", "--version", exact.as_str()];
    let hint = format!("install it with `cargo install wasm-bindgen-cli --version {exact}`");
    install("cargo", &args).map_err(|e| format!("{program} {version} is missing and {e}; {hint}"))?;
    match installed() {
        Some(v) if v == wanted => Ok(()),
        other => Err(format!(
            "after installing, `{program} --version` says {other:?}, not {wanted:?}: is ~/.cargo/bin first on PATH? {hint}"
        )),
    }
}

/// Makes sure [`binaryen_bin`] holds the `wasm-opt` of npm `binaryen@BINARYEN_VERSION`,
/// installing it with npm when not.
pub fn ensure_wasm_opt() -> Result<(), String> {
    let wasm_opt = binaryen_bin().join("wasm-opt");
    // `wasm-opt version 132 (version_132)`
    let version = || first_line_of(&wasm_opt, &["--version"]);
    let good = |v: &Option<String>| v.as_deref().is_some_and(|v| v.split(' ').nth(2) == Some(BINARYEN_VERSION));
    if good(&version()) {
        return Ok(());
    }
    let package = format!("binaryen@{BINARYEN_VERSION}");
    let args = ["install", "--no-audit", "--no-fund", "--prefix", BINARYEN_PREFIX, package.as_str()];
    let hint = format!(
        "install Node.js and npm (Debian: `apt-get install nodejs npm`), then `npm install --prefix {BINARYEN_PREFIX} {package}`"
    );
    install("npm", &args).map_err(|e| format!("wasm-opt (binaryen {BINARYEN_VERSION}) is missing and {e}; {hint}"))?;
    let found = version();
    if good(&found) {
        Ok(())
    } else {
        Err(format!(
            "after `npm install {package}`, `{} --version` says {found:?}, not version {BINARYEN_VERSION}; {hint}",
            wasm_opt.display()
        ))
    }
}

/// Everything the web build needs (Trunk and the tools it runs). Tries each, so one run says
/// everything that is missing; the error lists what could not be installed.
pub fn ensure_web_tools() -> Result<(), String> {
    let checks: [fn() -> Result<(), String>; 4] =
        [ensure_wasm_target, ensure_trunk, ensure_wasm_bindgen, ensure_wasm_opt];
    let errors: Vec<String> = checks.iter().filter_map(|ensure| ensure().err()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("the web build's tools could not all be installed:\n  - {}", errors.join("\n  - ")))
    }
}

/// What the component tests need to build and run their wasm (the browser is [`Need::Browser`]).
/// Tries each, so one run says everything that is missing.
pub fn ensure_wasm_test_tools() -> Result<(), String> {
    let checks: [fn() -> Result<(), String>; 2] = [ensure_wasm_target, ensure_wasm_bindgen_test_runner];
    let errors: Vec<String> = checks.iter().filter_map(|ensure| ensure().err()).collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("the component tests' tools could not all be installed:\n  - {}", errors.join("\n  - ")))
    }
}

/// Checks that Debian's Chromium and chromedriver are installed. xtask does not install system
/// packages; `.ci/run` does, as root.
pub fn ensure_browser() -> Result<(), String> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER].into_iter().filter(|p| !Path::new(p).is_file()).collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "the component and browser tests need {} (missing): install Debian's chromium and chromium-driver \
         (`apt-get install chromium chromium-driver`, as root)",
        missing.join(" and ")
    ))
}

#[cfg(test)]
mod tests {
    use super::lock_versions;

    #[test]
    fn reads_versions_from_a_lock_file() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wasm-bindgen-backend"
version = "0.2.130"

[[package]]
name = "wasm-bindgen"
version = "0.2.99"
"#;
        assert_eq!(lock_versions(lock, "wasm-bindgen"), ["0.2.130", "0.2.99"]);
        assert_eq!(lock_versions(lock, "wasm-bindgen-backend"), ["0.2.130"]);
        assert!(lock_versions(lock, "trunk").is_empty());
    }
}
