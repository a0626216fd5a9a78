//! Where a panel's job in the worker module stands (the sweep's, the comparison's): idle,
//! running with its progress, done with its answer, failed, or cancelled; and what both
//! panels show of it while it runs (a progress bar and a Cancel button) or when it stopped.

use crate::i18n::{fill_in, sweep_words, Lang, SweepWord};
use crate::worker_client;
use std::rc::Rc;
use yew::prelude::*;

/// What a request rejected by [`worker_client::cancel`] says.
pub const CANCELLED: &str = "cancelled";

/// A job's state; `T` is its answer.
#[derive(Debug, PartialEq)]
pub enum RunStatus<T> {
    Idle,
    Running { done: u32, all: u32 },
    Done(Rc<T>),
    Failed(String),
    Cancelled,
}

// By hand: a derived `Clone` would ask `T: Clone` (the answer is shared, not copied).
impl<T> Clone for RunStatus<T> {
    fn clone(&self) -> Self {
        match self {
            RunStatus::Idle => RunStatus::Idle,
            RunStatus::Running { done, all } => RunStatus::Running { done: *done, all: *all },
            RunStatus::Done(a) => RunStatus::Done(a.clone()),
            RunStatus::Failed(e) => RunStatus::Failed(e.clone()),
            RunStatus::Cancelled => RunStatus::Cancelled,
        }
    }
}

impl<T> RunStatus<T> {
    /// The `data-state` of the panel's status element.
    pub fn code(&self) -> &'static str {
        match self {
            RunStatus::Idle => "idle",
            RunStatus::Running { .. } => "running",
            RunStatus::Done(_) => "done",
            RunStatus::Failed(_) => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }

    pub fn running(&self) -> bool {
        matches!(self, RunStatus::Running { .. })
    }

    /// The status after the worker answered `answer` (read by `read`), or refused.
    pub fn after(answer: Result<String, String>, read: impl FnOnce(&str) -> Result<T, String>) -> Self {
        match answer {
            Ok(data) => match read(&data) {
                Ok(a) => RunStatus::Done(Rc::new(a)),
                Err(e) => RunStatus::Failed(e),
            },
            Err(e) if e == CANCELLED => RunStatus::Cancelled,
            Err(e) => RunStatus::Failed(e),
        }
    }

    /// What the panel shows of a job that is not done: its progress with a Cancel button
    /// (elements `ids.0` and `ids.1`), why it failed (after `failed`, the panel's words), or
    /// that it was cancelled; nothing when idle or done (the panel draws the answer).
    pub fn view(&self, lang: Lang, ids: (&'static str, &'static str), failed: SweepWord) -> Html {
        match self {
            RunStatus::Running { done, all } => html! {
                <div class="sweep-progress" role="status">
                    <progress id={ids.0} max={all.max(&1).to_string()} value={done.to_string()} />
                    <span>{ fill_in(sweep_words(lang, SweepWord::Running), &[&done.to_string(), &all.to_string()]) }</span>
                    <button id={ids.1} type="button" onclick={Callback::from(|_: MouseEvent| worker_client::cancel(CANCELLED))}>
                        { sweep_words(lang, SweepWord::Cancel) }
                    </button>
                </div>
            },
            RunStatus::Failed(e) => {
                html! { <p class="editor-error" role="alert">{ sweep_words(lang, failed) }{ " " }{ e.clone() }</p> }
            }
            RunStatus::Cancelled => html! { <p role="status">{ sweep_words(lang, SweepWord::Cancelled) }</p> },
            RunStatus::Idle | RunStatus::Done(_) => html! {},
        }
    }
}

/// A run's numbers as the worker module writes them (its `number_fields`): the outcome,
/// makespan, CPU utilisation in millionths, context switches, GIL hand-offs, total waiting,
/// and for a pool its throughput (jobs per 1,000 ticks) and mean latency, in thousandths.
#[derive(Debug, Clone, PartialEq)]
pub struct RunNumbers {
    pub outcome: String,
    pub makespan: u64,
    pub cpu_ppm: u64,
    pub switches: u64,
    pub handoffs: u64,
    pub waiting: u64,
    pub pool: Option<(u64, u64)>,
}

impl RunNumbers {
    /// Reads the 6 fields, or 8 with a pool's.
    pub fn read(f: &[&str]) -> Result<RunNumbers, String> {
        let num = |i: usize| f.get(i).and_then(|s| s.parse::<u64>().ok()).ok_or_else(|| format!("bad answer: {f:?}"));
        if f.len() != 6 && f.len() != 8 {
            return Err(format!("bad answer: {f:?}"));
        }
        Ok(RunNumbers {
            outcome: f[0].to_string(),
            makespan: num(1)?,
            cpu_ppm: num(2)?,
            switches: num(3)?,
            handoffs: num(4)?,
            waiting: num(5)?,
            pool: if f.len() == 8 { Some((num(6)?, num(7)?)) } else { None },
        })
    }

    pub fn completed(&self) -> bool {
        self.outcome == "completed"
    }
}

/// Millionths as a percentage with one decimal (`978_261` → `97.8 %`).
pub fn percent(ppm: u64) -> String {
    format!("{}.{} %", ppm / 10_000, ppm / 1_000 % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_refusals_become_statuses() {
        let read = |d: &str| d.parse::<u32>().map_err(|e| e.to_string());
        assert_eq!(RunStatus::after(Ok("7".into()), read), RunStatus::Done(Rc::new(7)));
        assert_eq!(RunStatus::after(Ok("x".into()), read).code(), "failed");
        assert_eq!(RunStatus::<u32>::after(Err(CANCELLED.into()), read), RunStatus::Cancelled);
        assert_eq!(RunStatus::<u32>::after(Err("no worker".into()), read), RunStatus::Failed("no worker".into()));
        assert!(RunStatus::<u32>::Running { done: 1, all: 2 }.running());
        assert_eq!(percent(978_261), "97.8 %");
    }
}
