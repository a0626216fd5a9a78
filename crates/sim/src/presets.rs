//! The preset scenarios shipped with Threadlab (`presets/*.tl`), grouped by the concept of
//! CONCEPTS.md they make visible. The web app shows them; the CLI runs them by name.

/// One preset: its file name (without `.tl`), the concept number (1–12) it shows, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub concept: u8,
    pub text: &'static str,
}

macro_rules! presets {
    ($( $concept:literal $name:literal ),* $(,)?) => {
        &[ $( Preset { name: $name, concept: $concept, text: include_str!(concat!("../presets/", $name, ".tl")) } ),* ]
    };
}

/// Every preset, by concept then name.
pub static PRESETS: &[Preset] = presets![
    1 "processes-threads-coroutines",
    2 "concurrency-1-core",
    2 "parallelism-4-cores",
    3 "asyncio-io-overlap",
    3 "asyncio-cpu-blocks-loop",
    4 "crash-isolation",
    4 "spawn-cost",
    5 "gil-cpu-threads",
    5 "gil-cpu-processes",
    5 "gil-io-threads",
    6 "context-switch-overhead",
    7 "best-thread-count",
    8 "playground",
    9 "deadlock-two-locks",
    9 "starvation-priority",
    10 "blocking-causes",
    10 "producer-consumer",
    10 "lost-wakeup",
    11 "daemon-cutoff",
    12 "sched-fifo",
    12 "sched-rr",
    12 "sched-sjf",
    12 "sched-stcf",
    12 "sched-priority",
];

/// All presets.
///
/// The default one, shown first to a new visitor, is [`DEFAULT`].
pub fn all() -> &'static [Preset] {
    PRESETS
}

/// The name of the preset a first-time visitor sees.
pub const DEFAULT: &str = "playground";

/// The preset with this name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// The 12 concepts of CONCEPTS.md, as short English titles (index 0 is concept 1).
pub const CONCEPTS: [&str; 12] = [
    "Processes, threads and coroutines",
    "Concurrency vs parallelism",
    "Coroutines inside one thread (asyncio)",
    "Multi-process vs multi-thread",
    "CPU-bound vs I/O-bound under the GIL",
    "Too many threads: context switches",
    "The best thread count",
    "Lifecycle and the control block",
    "Shared memory: deadlock and starvation",
    "Why a thread blocks",
    "Daemon threads",
    "Time slices and schedulers",
];
