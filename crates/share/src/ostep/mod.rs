//! OSTEP's homework simulators (issue 14): `process-run.py` and `scheduler.py` of
//! ostep-homework, reimplemented so that the same command line prints the same text,
//! character for character, and draws the same random problems (Python's generator:
//! [`pyrandom`]).

pub mod command;
pub mod process_run;
pub mod pyrandom;
mod python;
pub mod scenario;
pub mod scheduler;
