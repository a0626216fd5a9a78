//! What the build needs from the machine, installed when missing with pinned versions, and a
//! clear message when it cannot be. (The web app's tools — wasm target, trunk, wasm-bindgen-cli,
//! wasm-opt — will be added here.)

use std::process::Command;

/// Makes sure a rustup component (`rustfmt`, `clippy`) is installed.
pub fn ensure_component(name: &str) -> Result<(), String> {
    let probe = match name {
        "rustfmt" => ("cargo", vec!["fmt", "--version"]),
        "clippy" => ("cargo", vec!["clippy", "--version"]),
        other => return Err(format!("unknown component {other}")),
    };
    if Command::new(probe.0).args(&probe.1).output().map(|o| o.status.success()).unwrap_or(false) {
        return Ok(());
    }
    println!("$ rustup component add {name}");
    match Command::new("rustup").args(["component", "add", name]).status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("`rustup component add {name}` failed ({s}); install {name} and retry")),
        Err(e) => Err(format!("{name} is missing and rustup could not be run ({e}); install {name} and retry")),
    }
}
