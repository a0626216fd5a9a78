//! The limits of SCENARIO.md ("Bad input") and the engine's own safety budget, in one place.

/// Largest scenario text, in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Most cores.
pub const MAX_CORES: u32 = 256;
/// Most threads after `x N` copies are expanded (all processes together).
pub const MAX_THREADS: usize = 10_000;
/// Most tasks after `x N` copies are expanded (all event loops together).
pub const MAX_TASKS: usize = 10_000;
/// Most workers of one pool (as many as copies `x N`).
pub const MAX_WORKERS: u32 = 10_000;
/// Most jobs of one pool (each job's start and end are kept for the pool's numbers).
pub const MAX_JOBS: u64 = 1_000_000;
/// Deepest nesting of `{ … }` blocks (process, thread, task and `repeat` blocks all count).
pub const MAX_NESTING: usize = 32;
/// Largest `limit`.
pub const MAX_LIMIT: u64 = 10_000_000;
/// Largest number written anywhere (keeps every sum of ticks far from overflow).
pub const MAX_NUMBER: u64 = 1_000_000_000_000;
/// Engine budget: a run that records more trace segments than this stops with outcome
/// `limit` (so a huge scenario can never exhaust memory or hang a page).
pub const DEFAULT_MAX_SEGMENTS: usize = 20_000_000;
