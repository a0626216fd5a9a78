//! The rows of asyncio tasks, renderer-neutral: what each task of an event-loop thread does
//! over time, read off the trace, for a chart to draw one row per task under its loop (the
//! overlapping awaits of the tasks, which the loop's own lane cannot show).
//!
//! A task lives from its loop's arrival (tasks start with their loop) to its `task_end` event,
//! or to the end of its loop's lane when it never finishes (the loop crashed, was killed, is
//! stuck, or the run stopped). At every tick of that life a task is in exactly one state:
//!
//! - **Running**: the loop thread is Running with this task (`Segment::task`);
//! - **Awaiting(cause)**: from its `await` event (`TaskAwait`: cause Io, Sleep or Join) to the
//!   matching `ready` event (`TaskReady`), or to the end of its life when none comes;
//! - **Ready**: the rest: ready, or the loop's current task while the loop is not running it
//!   (waiting for a core, a context switch or the GIL).
//!
//! Nothing here re-implements a rule of the core: the states come from its segments and events.

use threadlab_sim::trace::{Cause, EventKind, State, TaskId, ThreadId};
use threadlab_sim::RunResult;

/// What a task does during a [`TaskSpan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TaskState {
    /// Ready to go on (or the loop's current task) while the loop is not running it.
    Ready,
    /// The loop thread is Running this task.
    Running,
    /// Suspended in an `await`: Io (`await io`), Sleep (`await sleep`) or Join (`await TASK`).
    Awaiting(Cause),
}

/// One interval `[start, end)` of a task in one state (never empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskSpan {
    pub start: u64,
    pub end: u64,
    pub state: TaskState,
}

/// The row of one task: its loop thread, the task (an index of `RunResult::tasks`), and its
/// spans in time order, each starting where the previous one ends, two neighbours never in
/// the same state except two awaits in a row (each `await` is its own span). Empty for a
/// task whose loop never started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskLane {
    pub thread: ThreadId,
    pub task: TaskId,
    pub spans: Vec<TaskSpan>,
}

/// The tasks of thread `thread` in the order they start (written order, copies in number
/// order); none when it is not an event loop.
pub fn tasks_of(run: &RunResult, thread: ThreadId) -> Vec<TaskId> {
    (0..run.task_threads.len() as TaskId).filter(|&k| run.task_threads[k as usize] == thread).collect()
}

/// What one task is known to do, gathered in one pass over the trace.
#[derive(Default)]
struct Facts {
    /// `[start, end)` intervals Running or Awaiting, in time order.
    marked: Vec<TaskSpan>,
    /// An await not yet matched by its ready event: (tick, cause).
    open_await: Option<(u64, Cause)>,
    done: Option<u64>,
}

/// The row of every task of the run, by loop thread (thread order) and then in start order,
/// i.e. in task id order: `task_lanes(run)[k].task == k`.
pub fn task_lanes(run: &RunResult) -> Vec<TaskLane> {
    rows(run).into_iter().map(|(lane, _)| lane).collect()
}

/// The tasks whose loop started but that never finished (the loop crashed, was killed, is
/// stuck, or the run stopped), with the state each was left in: Awaiting when an `await` was
/// never answered (tasks stuck awaiting each other, whose wait a chart may draw on past the
/// end), Running when the loop was running it, else Ready. In task id order.
pub fn left_unfinished(run: &RunResult) -> Vec<(TaskId, TaskState)> {
    rows(run).into_iter().filter_map(|(lane, left)| Some((lane.task, left?))).collect()
}

/// Each task's row, and the state it was left in when unfinished.
fn rows(run: &RunResult) -> Vec<(TaskLane, Option<TaskState>)> {
    let n = run.task_threads.len();
    if n == 0 {
        return Vec::new();
    }
    let mut facts: Vec<Facts> = (0..n).map(|_| Facts::default()).collect();
    // The last tick of each loop thread's lane: its end, else where its last segment ends.
    let mut lane_end: Vec<Option<u64>> = run.threads.iter().map(|t| t.end).collect();
    let is_loop: Vec<bool> = run.threads.iter().map(|t| t.asyncio).collect();
    for s in &run.segments {
        let t = s.thread as usize;
        if !is_loop[t] {
            continue;
        }
        if run.threads[t].end.is_none() {
            lane_end[t] = Some(lane_end[t].map_or(s.end, |e| e.max(s.end)));
        }
        if let (State::Running, Some(k)) = (s.state, s.task) {
            if let Some(f) = facts.get_mut(k as usize) {
                f.marked.push(TaskSpan { start: s.start, end: s.end, state: TaskState::Running });
            }
        }
    }
    // Awaits and ends, merged into the Running intervals in time order.
    let mut awaits: Vec<Vec<TaskSpan>> = (0..n).map(|_| Vec::new()).collect();
    for e in &run.events {
        let Some(k) = e.task.map(|k| k as usize).filter(|&k| k < n) else { continue };
        let f = &mut facts[k];
        match e.kind {
            EventKind::TaskAwait => f.open_await = Some((e.tick, e.cause.unwrap_or(Cause::Io))),
            EventKind::TaskReady => {
                if let Some((start, cause)) = f.open_await.take() {
                    awaits[k].push(TaskSpan { start, end: e.tick, state: TaskState::Awaiting(cause) });
                }
            }
            EventKind::TaskDone => f.done = Some(e.tick),
            _ => {}
        }
    }
    let mut lanes = Vec::with_capacity(n);
    for (k, (f, aw)) in facts.into_iter().zip(awaits).enumerate() {
        let thread = run.task_threads[k];
        let (mut spans, mut left) = (Vec::new(), None);
        if let Some(start) = run.threads[thread as usize].arrival {
            let end = f.done.or(lane_end[thread as usize]).unwrap_or(start).max(start);
            let ran_last = f.marked.last().is_some_and(|m| m.end == end);
            let mut marked = merge_sorted(f.marked, aw);
            if let Some((s, cause)) = f.open_await {
                marked.push(TaskSpan { start: s, end, state: TaskState::Awaiting(cause) });
            }
            spans = fill(start, end, &marked);
            if f.done.is_none() {
                left = Some(match f.open_await {
                    Some((_, cause)) => TaskState::Awaiting(cause),
                    None if ran_last => TaskState::Running,
                    None => TaskState::Ready,
                });
            }
        }
        lanes.push((TaskLane { thread, task: k as TaskId, spans }, left));
    }
    lanes
}

/// Two lists of intervals, each in time order, as one in time order.
fn merge_sorted(a: Vec<TaskSpan>, b: Vec<TaskSpan>) -> Vec<TaskSpan> {
    if b.is_empty() {
        return a;
    }
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.start <= y.start => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(s) => out.push(s),
            None => return out,
        }
    }
}

/// The spans of `[start, end)`: the `marked` intervals (in time order), clipped to it and to
/// one another, the gaps between them Ready, neighbours in the same state merged (but not
/// two awaits).
fn fill(start: u64, end: u64, marked: &[TaskSpan]) -> Vec<TaskSpan> {
    let mut out: Vec<TaskSpan> = Vec::new();
    let mut push = |s: u64, e: u64, state: TaskState| {
        if s >= e {
            return;
        }
        // Each await is its own span, even right after another.
        let awaiting = matches!(state, TaskState::Awaiting(_));
        match out.last_mut() {
            Some(last) if last.state == state && last.end == s && !awaiting => last.end = e,
            _ => out.push(TaskSpan { start: s, end: e, state }),
        }
    };
    let mut at = start;
    for m in marked {
        let (s, e) = (m.start.max(at), m.end.min(end));
        if s >= e {
            continue;
        }
        push(at, s, TaskState::Ready);
        push(s, e, m.state);
        at = e;
    }
    push(at, end, TaskState::Ready);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use TaskState::*;

    fn run(text: &str) -> RunResult {
        threadlab_sim::run(text).unwrap()
    }

    /// The spans of the task named `name`, as `(start, end, state)`.
    fn spans(r: &RunResult, name: &str) -> Vec<(u64, u64, TaskState)> {
        let k = r.tasks.iter().position(|t| t == name).unwrap_or_else(|| panic!("no task {name}"));
        let lanes = task_lanes(r);
        assert_eq!(lanes[k].task, k as TaskId);
        lanes[k].spans.iter().map(|s| (s.start, s.end, s.state)).collect()
    }

    #[test]
    fn io_awaits_overlap_while_another_task_computes() {
        let r = run("thread l asyncio { task a { await io 5; cpu 1 }; task b { cpu 2 } }");
        assert_eq!(spans(&r, "a"), [(0, 5, Awaiting(Cause::Io)), (5, 6, Running)]);
        assert_eq!(spans(&r, "b"), [(0, 2, Running)]);
        assert_eq!(task_lanes(&r).iter().map(|l| l.thread).collect::<Vec<_>>(), [0, 0]);
    }

    #[test]
    fn ready_while_another_task_runs_and_sleep_is_its_own_cause() {
        let r = run("thread l asyncio { task a { cpu 2; await sleep 1; cpu 1 }; task b { cpu 3 } }");
        // a: runs 0-2, sleeps 2-3, ready 3-5 while b runs, runs 5-6.
        assert_eq!(spans(&r, "a"), [(0, 2, Running), (2, 3, Awaiting(Cause::Sleep)), (3, 5, Ready), (5, 6, Running)]);
        assert_eq!(spans(&r, "b"), [(0, 2, Ready), (2, 5, Running)]);
    }

    #[test]
    fn two_awaits_in_a_row_are_two_spans() {
        let r = run("thread l asyncio { task a { await io 2; await io 3; cpu 1 } }");
        assert_eq!(spans(&r, "a"), [(0, 2, Awaiting(Cause::Io)), (2, 5, Awaiting(Cause::Io)), (5, 6, Running)]);
    }

    #[test]
    fn awaiting_a_task_lasts_until_it_ends() {
        let r = run("thread l asyncio {\n task a { await b; cpu 1 }\n task b { cpu 2; await sleep 2; cpu 1 }\n}");
        assert_eq!(spans(&r, "a"), [(0, 5, Awaiting(Cause::Join)), (5, 6, Running)]);
        assert_eq!(spans(&r, "b"), [(0, 2, Running), (2, 4, Awaiting(Cause::Sleep)), (4, 5, Running)]);
    }

    #[test]
    fn a_loop_waiting_for_a_core_leaves_its_task_ready() {
        // fifo, one core: the loop arrives at 1 and waits for x until 4.
        let r = run("scheduler fifo\nthread x { cpu 4 }\nthread l at 1 asyncio { task a { cpu 1 } }");
        assert_eq!(spans(&r, "a"), [(1, 4, Ready), (4, 5, Running)]);
    }

    #[test]
    fn tasks_that_await_each_other_await_to_the_end_of_the_lane() {
        // Another thread keeps the run going until 6: the stuck loop's lane lasts until then.
        let r =
            run("cores 2\nthread l asyncio {\n task a { cpu 1; await b }\n task b { await a }\n}\nthread x { cpu 6 }");
        assert_eq!(r.segments_of(0).last().map(|s| (s.start, s.end)), Some((1, 6)));
        assert_eq!(spans(&r, "a"), [(0, 1, Running), (1, 6, Awaiting(Cause::Join))]);
        assert_eq!(spans(&r, "b"), [(0, 1, Ready), (1, 6, Awaiting(Cause::Join))]);
        assert_eq!(left_unfinished(&r), [(0, Awaiting(Cause::Join)), (1, Awaiting(Cause::Join))]);
        // Alone, the run stops when they get stuck: the awaits have no tick yet, only their state.
        let r = run("thread l asyncio {\n task a { cpu 1; await b }\n task b { await a }\n}");
        assert_eq!(spans(&r, "a"), [(0, 1, Running)]);
        assert_eq!(spans(&r, "b"), [(0, 1, Ready)]);
        assert_eq!(left_unfinished(&r), [(0, Awaiting(Cause::Join)), (1, Awaiting(Cause::Join))]);
    }

    #[test]
    fn tasks_cut_by_a_kill_or_the_limit_are_left_unfinished() {
        let r = run("thread main { cpu 3 }\nthread l daemon asyncio { task a { await io 10 }; task b { cpu 1 } }");
        assert_eq!(spans(&r, "a"), [(0, 3, Awaiting(Cause::Io))]);
        assert_eq!(spans(&r, "b"), [(0, 3, Ready)]);
        assert_eq!(left_unfinished(&r), [(0, Awaiting(Cause::Io)), (1, Ready)]);
        let r = run("limit 4\nthread l asyncio { task a { cpu 9 }; task b { cpu 1 } }");
        assert_eq!(spans(&r, "a"), [(0, 4, Running)]);
        assert_eq!(spans(&r, "b"), [(0, 4, Ready)]);
        assert_eq!(left_unfinished(&r), [(0, Running), (1, Ready)]);
        let r = run("thread l asyncio { task a { cpu 1 } }");
        assert_eq!(left_unfinished(&r), []);
    }

    #[test]
    fn tasks_of_a_loop_and_of_an_ordinary_thread() {
        let r = run("thread t { cpu 1 }\nthread l asyncio { task a x2 { cpu 1 }; task b { cpu 1 } }\nthread m asyncio { task c { cpu 1 } }");
        let (l, m) = (r.thread_id("l").unwrap(), r.thread_id("m").unwrap());
        let names = |ids: Vec<TaskId>| ids.iter().map(|&k| r.tasks[k as usize].clone()).collect::<Vec<_>>();
        assert_eq!(names(tasks_of(&r, l)), ["a.1", "a.2", "b"]);
        assert_eq!(names(tasks_of(&r, m)), ["c"]);
        assert!(tasks_of(&r, 0).is_empty());
        let lanes = task_lanes(&r);
        assert_eq!(lanes.iter().map(|x| (x.thread, x.task)).collect::<Vec<_>>(), [(l, 0), (l, 1), (l, 2), (m, 3)]);
        assert!(task_lanes(&run("thread t { cpu 1 }")).is_empty());
    }

    #[test]
    fn a_loop_never_started_has_empty_rows() {
        let r = run("limit 3\nthread x { cpu 5 }\nthread l at 4 asyncio { task a { cpu 1 } }");
        assert_eq!(task_lanes(&r)[0].spans, []);
    }

    #[test]
    fn fill_clips_and_merges() {
        let m = |start, end, state| TaskSpan { start, end, state };
        let io = Awaiting(Cause::Io);
        let marked = [m(0, 2, Running), m(2, 3, Running), m(1, 4, io), m(4, 5, io), m(6, 9, Running)];
        let got: Vec<_> = fill(1, 8, &marked).iter().map(|s| (s.start, s.end, s.state)).collect();
        assert_eq!(got, [(1, 3, Running), (3, 4, io), (4, 5, io), (5, 6, Ready), (6, 8, Running)]);
        assert_eq!(fill(5, 5, &marked), []);
    }
}
