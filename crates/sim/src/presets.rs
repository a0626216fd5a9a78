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
pub static PRESETS: &[Preset] = presets![];

/// All presets.
pub fn all() -> &'static [Preset] {
    PRESETS
}

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
