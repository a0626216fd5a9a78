//! Colours and patterns of the charts: the shared palette of `threadlab-share` (the SVG
//! export draws with the same one).

pub use threadlab_share::palette::*;
