//! The Threadlab playground: a Yew single-page app on the simulation core.
//!
//! `state` (pure reducer) → `app` (wires state, timers, keyboard) → `components/*` (one
//! component per file; state flows down as props, messages go up as callbacks). `timeline`
//! and `palette` are pure helpers the components draw with; `i18n` holds every word.

pub mod app;
pub mod browser;
pub mod classroom;
pub mod components;
pub mod export_png;
pub mod exports;
pub mod extras;
pub mod form;
pub mod i18n;
pub mod job;
pub mod palette;
pub mod presets_zh;
pub mod problem;
pub mod run_status;
pub mod state;
pub mod timeline;
pub mod url_state;
pub mod worker_client;
pub mod zh_texts;
