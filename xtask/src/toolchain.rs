//! The one place that knows the toolchain: which tools the checks need, how to tell whether
//! they are installed, and how to add them when they are not. (The web app's tools — the
//! wasm32 target, Trunk, headless Chromium — belong here too when they arrive.)

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
