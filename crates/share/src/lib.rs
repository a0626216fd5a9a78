//! Sharing and exporting a Threadlab scenario and its run, in one place for the web app and
//! the `threadlab` command line (so a link made by one opens in the other, and an export is
//! the same file from both):
//!
//! - [`claims`]: the notes' comparative claims as ready-made experiments;
//! - [`ostep`]: OSTEP's homework simulators (process-run, scheduler), same output, same random problems;
//! - [`experiment`]: sweeps and comparisons (one parameter varied, or 2–4 texts) and their
//!   numbers, for the CLI, links and the app's worker;
//! - [`link`]: the scenario, the view and the experiment in a URL fragment, `#v1:` + base64url(deflate(…)),
//!   with decoders kept for every version and plain-words problems for bad links;
//! - [`trace_export`]: the run as Chrome trace-event JSON (Perfetto UI, chrome://tracing);
//! - [`csv_export`]: the numbers of the run as CSV;
//! - [`svg_export`]: the charts as a standalone SVG, drawn from the chart model;
//! - [`locks`]: the locks lane (who holds each lock, who queues), for the canvas and the SVG;
//! - [`decimal`]: numbers written and read without `f64`'s costly formatting machinery;
//! - [`chart`]: the chart model every picture of a run is drawn from (classification,
//!   legend, labels, binning, end marks, forever tails, markers, rows);
//! - [`tasks`]: the rows of asyncio tasks (running, ready, awaiting) under their event loop;
//! - [`palette`]: the colours and patterns of states and causes, shared by the app's canvas
//!   and the SVG.

pub mod base64url;
pub mod chart;
pub mod claims;
pub mod csv_export;
pub mod decimal;
pub mod deflate;
pub mod experiment;
pub mod link;
pub mod locks;
pub mod ostep;
pub mod palette;
pub mod svg_export;
pub mod tasks;
pub mod trace_export;
mod xml;
