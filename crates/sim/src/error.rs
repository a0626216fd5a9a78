//! The one error type for an invalid scenario: where (line:column) and what was expected.

use crate::ast::Pos;
use serde::{Deserialize, Serialize};

/// An invalid scenario. `message` says what was found and what was expected,
/// e.g. `expected a number after "cpu", found "}"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioError {
    pub pos: Pos,
    pub message: String,
}

impl ScenarioError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        ScenarioError { pos, message: message.into() }
    }
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

impl std::error::Error for ScenarioError {}
