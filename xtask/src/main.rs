//! `cargo xtask`: the one place that knows the toolchain and the order of the checks.
//!
//! - `cargo xtask test [--bless]`: formatting, clippy, every test, and the benches compile.
//!   `--bless` rewrites the golden files of `crates/sim/tests/golden/` instead of comparing.
//! - `cargo xtask bench [ARGS…]`: the criterion benchmarks of the simulation core.

use std::process::{Command, ExitCode};

mod toolchain;

/// One step of `cargo xtask test`.
struct Step<'a> {
    title: &'static str,
    program: &'static str,
    args: Vec<&'a str>,
    env: Vec<(&'static str, &'static str)>,
}

fn usage() -> &'static str {
    "usage: cargo xtask <command>\n\n\
     commands:\n  \
       test [--bless]   format check, clippy, every test, benches compile\n                   \
       (--bless rewrites the golden results of the presets)\n  \
       bench [ARGS…]    run the criterion benchmarks (ARGS go to criterion)\n  \
       help             this text\n"
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace");
    if let Err(e) = std::env::set_current_dir(root) {
        eprintln!("xtask: cannot enter {}: {e}", root.display());
        return ExitCode::from(1);
    }
    match args.first().map(String::as_str) {
        Some("test") => test(args.iter().any(|a| a == "--bless")),
        Some("bench") => {
            let mut a = vec!["bench", "-p", "threadlab-sim"];
            if args.len() > 1 {
                a.push("--");
                a.extend(args[1..].iter().map(String::as_str));
            }
            run_step(&Step { title: "benchmarks", program: "cargo", args: a, env: vec![] })
        }
        Some("help" | "--help" | "-h") | None => {
            print!("{}", usage());
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("xtask: unknown command {other:?}\n\n{}", usage());
            ExitCode::from(2)
        }
    }
}

fn test(bless: bool) -> ExitCode {
    let mut missing = Vec::new();
    for component in ["rustfmt", "clippy"] {
        if let Err(e) = toolchain::ensure_component(component) {
            missing.push(e);
        }
    }
    if !missing.is_empty() {
        for m in &missing {
            eprintln!("xtask: {m}");
        }
        return ExitCode::from(1);
    }
    let bless_env = if bless { vec![("THREADLAB_BLESS", "1")] } else { vec![] };
    let steps = [
        Step { title: "format", program: "cargo", args: vec!["fmt", "--all", "--", "--check"], env: vec![] },
        Step {
            title: "clippy",
            program: "cargo",
            args: vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"],
            env: vec![],
        },
        Step { title: "tests", program: "cargo", args: vec!["test", "--workspace"], env: bless_env },
        Step {
            title: "benches compile",
            program: "cargo",
            args: vec!["bench", "--workspace", "--no-run"],
            env: vec![],
        },
    ];
    let started = std::time::Instant::now();
    for (i, step) in steps.iter().enumerate() {
        println!("\n== [{}/{}] {} ==", i + 1, steps.len(), step.title);
        let code = run_step(step);
        if code != ExitCode::SUCCESS {
            eprintln!("\nxtask test: FAILED at step {:?}", step.title);
            return code;
        }
    }
    println!("\nxtask test: all {} steps passed in {:.0?}", steps.len(), started.elapsed());
    ExitCode::SUCCESS
}

fn run_step(step: &Step) -> ExitCode {
    let env: String = step.env.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    println!("$ {env}{} {}", step.program, step.args.join(" "));
    let status = Command::new(step.program).args(&step.args).envs(step.env.iter().copied()).status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => {
            eprintln!("xtask: `{} {}` failed ({s})", step.program, step.args.join(" "));
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("xtask: could not run `{}`: {e}", step.program);
            ExitCode::from(1)
        }
    }
}
