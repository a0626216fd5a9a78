//! The components of the playground, one per file.

pub mod editor;
pub mod gantt;
pub mod legend;
pub mod numbers;
pub mod outcome;
pub mod playback;
pub mod preset_picker;
pub mod segments_table;
pub mod thread_table;
pub mod why;
