//! Threadlab's simulation core: the scenario language (`parser`), the deterministic
//! engine (`engine`) and its result (`result`). Pure Rust: no I/O, no threads, no clock.
//!
//! ```text
//! text --parser--> ast::Scenario --program--> Program --engine--> RunResult --json--> JSON
//! ```

pub mod ast;
mod asyncio;
pub mod engine;
pub mod error;
pub mod format;
mod gil;
pub mod goal;
pub mod json;
pub mod lexer;
pub mod limits;
mod packed;
pub mod parser;
pub mod pool;
pub mod presets;
pub mod program;
mod recorder;
pub mod result;
mod rng;
mod stats;
mod sync;
mod timers;
pub mod trace;
pub mod workloads;

pub use ast::{Pos, Scenario};
pub use engine::{simulate, RunOptions, Simulation};
pub use error::{ErrorKind, ScenarioError};
pub use format::to_text;
pub use parser::parse;
pub use program::{compile, Program};
pub use result::{Fate, HeldOp, LimitReason, Outcome, RunError, RunResult};

/// Parses, checks and runs a scenario text.
pub fn run(text: &str) -> Result<RunResult, ScenarioError> {
    let scenario = parse(text)?;
    let program = program::compile(&scenario)?;
    Ok(engine::simulate(&program, &RunOptions::default()))
}

/// Parses and checks a scenario text without running it.
pub fn check(text: &str) -> Result<Scenario, ScenarioError> {
    let scenario = parse(text)?;
    program::compile(&scenario)?;
    Ok(scenario)
}
