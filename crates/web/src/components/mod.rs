//! The components of the playground, one per file.

pub mod editor;
pub mod embed_panel;
pub mod events_list;
pub mod field;
pub mod form_panel;
pub mod gantt;
pub mod legend;
pub mod lifecycle;
pub mod link_banner;
pub mod locks_panel;
pub mod numbers;
pub mod outcome;
pub mod playback;
pub mod pool_card;
pub mod preset_picker;
pub mod scenario_heading;
pub mod segments_table;
pub mod settings_bar;
pub mod share_bar;
pub mod sweep_panel;
pub mod thread_list;
pub mod thread_table;
pub mod why;
pub mod zoom_bar;
