//! The trace of a run: thread state segments, core segments and the events that explain
//! them. Ids index the name tables of [`crate::result::RunResult`]; the JSON form with names
//! is written by `json.rs`.

use serde::{Deserialize, Serialize};

pub use crate::packed::{Iter, Pack, TraceVec};

/// The thread segments of a run, stored packed (see [`TraceVec`]).
pub type Segments = TraceVec<Segment>;
/// The core segments of a run, stored packed.
pub type CoreSegments = TraceVec<CoreSegment>;
/// The events of a run, stored packed.
pub type Events = TraceVec<Event>;

/// Index of a thread in `RunResult::threads` (copies `x N` expanded, in written order).
pub type ThreadId = u32;
/// Index of a synchronisation object (mutex/monitor/semaphore) or join target in `RunResult::objects`.
pub type ObjectId = u32;
/// Index of an asyncio task in `RunResult::tasks`.
pub type TaskId = u32;

/// The five states of a thread's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    New,
    Runnable,
    Running,
    Blocked,
    Dead,
}

impl State {
    /// Every state, in life order (`ALL[s as usize] == s`).
    pub const ALL: [State; 5] = [State::New, State::Runnable, State::Running, State::Blocked, State::Dead];

    pub fn as_str(self) -> &'static str {
        match self {
            State::New => "new",
            State::Runnable => "runnable",
            State::Running => "running",
            State::Blocked => "blocked",
            State::Dead => "dead",
        }
    }
}

/// Why a thread is Blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cause {
    Io,
    Sleep,
    Lock,
    Wait,
    Join,
    Gil,
    Acquire,
}

impl Cause {
    pub const ALL: [Cause; 7] =
        [Cause::Io, Cause::Sleep, Cause::Lock, Cause::Wait, Cause::Join, Cause::Gil, Cause::Acquire];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Io => "io",
            Cause::Sleep => "sleep",
            Cause::Lock => "lock",
            Cause::Wait => "wait",
            Cause::Join => "join",
            Cause::Gil => "gil",
            Cause::Acquire => "acquire",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// One interval `[start, end)` of one thread in one state.
/// Adjacent intervals with equal fields are merged as they are recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub thread: ThreadId,
    pub state: State,
    /// Set when `state` is Blocked.
    pub cause: Option<Cause>,
    /// The lock, monitor, semaphore or joined thread (`objects` table) a Blocked state names.
    pub object: Option<ObjectId>,
    /// Set when `state` is Running.
    pub core: Option<u32>,
    /// For an asyncio loop thread that is Running: the task it runs.
    pub task: Option<TaskId>,
    pub start: u64,
    pub end: u64,
}

/// What a core does during a core segment. Idle time has no segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CoreActivity {
    /// Runs this thread.
    Run(ThreadId),
    /// Context switch to this thread (costs `switch` ticks).
    Switch(ThreadId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoreSegment {
    pub core: u32,
    pub activity: CoreActivity,
    pub start: u64,
    pub end: u64,
}

/// The kinds of things that happen, each with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventKind {
    /// A thread leaves New.
    Start,
    /// `thread` spawns `other` (a thread, or the main thread of a process).
    Spawn,
    /// A core takes `thread`.
    Dispatch,
    /// `thread` loses its core to another.
    Preempt,
    /// `thread` blocks (and gives up its core if it had one).
    Block,
    /// `thread` is woken; `other` is the waker when there is one.
    Wake,
    /// `thread` gives its core back with `yield`.
    Yield,
    /// The GIL of a process passes from `other` to `thread`.
    GilHandoff,
    /// `notify`/`notify-all` by `thread`; `other` is the woken thread, none when lost.
    Notify,
    /// `thread` runs to the end of its operations.
    End,
    /// `thread` runs `exit`.
    Exit,
    /// `thread` crashes: its whole process dies.
    Crash,
    /// `thread` is killed (`other` is the cause, when a thread is).
    Kill,
    /// An asyncio loop `thread` switches to task `task`.
    TaskSwitch,
    /// `thread` now owns mutex `object` (taken free, or handed over by an unlock).
    Lock,
    /// `thread` gives mutex `object` up (`unlock`, or `wait` releasing the monitor).
    Unlock,
    /// A run-time error stops the run.
    Error,
    /// Task `task` of the asyncio loop `thread` suspends in an `await`: `cause` is Io
    /// (`await io`), Sleep (`await sleep`) or Join (`await TASK`, the task is `awaited`).
    TaskAwait,
    /// Task `task` of loop `thread` is ready again: its I/O or sleep is done (`cause` Io or
    /// Sleep), or the task it awaited (`awaited`, `cause` Join) has finished.
    TaskReady,
    /// Task `task` of loop `thread` has run all its operations.
    TaskDone,
}

impl EventKind {
    /// Every kind, in declaration order (`ALL[k as usize] == k`).
    pub const ALL: [EventKind; 20] = [
        EventKind::Start,
        EventKind::Spawn,
        EventKind::Dispatch,
        EventKind::Preempt,
        EventKind::Block,
        EventKind::Wake,
        EventKind::Yield,
        EventKind::GilHandoff,
        EventKind::Notify,
        EventKind::End,
        EventKind::Exit,
        EventKind::Crash,
        EventKind::Kill,
        EventKind::TaskSwitch,
        EventKind::Lock,
        EventKind::Unlock,
        EventKind::Error,
        EventKind::TaskAwait,
        EventKind::TaskReady,
        EventKind::TaskDone,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Start => "start",
            EventKind::Spawn => "spawn",
            EventKind::Dispatch => "dispatch",
            EventKind::Preempt => "preempt",
            EventKind::Block => "block",
            EventKind::Wake => "wake",
            EventKind::Yield => "yield",
            EventKind::GilHandoff => "gil_handoff",
            EventKind::Notify => "notify",
            EventKind::End => "end",
            EventKind::Exit => "exit",
            EventKind::Crash => "crash",
            EventKind::Kill => "kill",
            EventKind::TaskSwitch => "task",
            EventKind::Lock => "lock",
            EventKind::Unlock => "unlock",
            EventKind::Error => "error",
            EventKind::TaskAwait => "await",
            EventKind::TaskReady => "ready",
            EventKind::TaskDone => "task_end",
        }
    }
}

/// Why something happened, as a type; `text()` gives the sentence used in JSON and UIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reason {
    // starts
    StartTime,
    Spawned,
    ProcessSpawned,
    // dispatch
    HeadOfQueue,
    HighestPriority,
    ShortestJob,
    ShortestRemaining,
    // preempt
    QuantumUsedUp,
    HigherPriority,
    ShorterRemaining,
    /// The GIL was taken from it (it cannot compute without it).
    LostGil,
    // block
    BlockedOn,
    // wake
    Unlocked,
    Notified,
    NotifiedAll,
    TargetEnded,
    ProcessEnded,
    IoDone,
    SleepDone,
    TimedOut,
    Released,
    TaskReady,
    // gil
    GilDropRequested,
    GilReleased,
    GilFree,
    // notify
    NotifyLost,
    NotifyWoke,
    // end / kill
    Finished,
    LastNonDaemonEnded,
    ProcessCrashed,
    /// Yield with or without others waiting.
    Yielded,
    /// A mutex taken or given up.
    Acquired,
    Unlocking,
    WaitReleases,
    // errors
    UnlockNotHeld,
    NotifyNotHeld,
    WaitNotHeld,
    JoinSelf,
    SpawnTwice,
    // asyncio tasks
    /// An `await` suspends the task; the loop goes on with another.
    Awaits,
    /// The task a task awaited has finished.
    AwaitedEnded,
    /// `scheduler ostep`: the next thread in turn after the one that ran (or the first).
    NextInTurn,
    /// `picks`: the learner picked it (you are the scheduler).
    YourPick,
}

impl Reason {
    /// Every reason, in declaration order (`ALL[r as usize] == r`).
    pub const ALL: [Reason; 43] = [
        Reason::StartTime,
        Reason::Spawned,
        Reason::ProcessSpawned,
        Reason::HeadOfQueue,
        Reason::HighestPriority,
        Reason::ShortestJob,
        Reason::ShortestRemaining,
        Reason::QuantumUsedUp,
        Reason::HigherPriority,
        Reason::ShorterRemaining,
        Reason::LostGil,
        Reason::BlockedOn,
        Reason::Unlocked,
        Reason::Notified,
        Reason::NotifiedAll,
        Reason::TargetEnded,
        Reason::ProcessEnded,
        Reason::IoDone,
        Reason::SleepDone,
        Reason::TimedOut,
        Reason::Released,
        Reason::TaskReady,
        Reason::GilDropRequested,
        Reason::GilReleased,
        Reason::GilFree,
        Reason::NotifyLost,
        Reason::NotifyWoke,
        Reason::Finished,
        Reason::LastNonDaemonEnded,
        Reason::ProcessCrashed,
        Reason::Yielded,
        Reason::Acquired,
        Reason::Unlocking,
        Reason::WaitReleases,
        Reason::UnlockNotHeld,
        Reason::NotifyNotHeld,
        Reason::WaitNotHeld,
        Reason::JoinSelf,
        Reason::SpawnTwice,
        Reason::Awaits,
        Reason::AwaitedEnded,
        Reason::NextInTurn,
        Reason::YourPick,
    ];

    pub fn text(self) -> &'static str {
        match self {
            Reason::StartTime => "its start time",
            Reason::Spawned => "spawned",
            Reason::ProcessSpawned => "its process was spawned",
            Reason::HeadOfQueue => "head of ready queue",
            Reason::HighestPriority => "highest priority",
            Reason::ShortestJob => "shortest next CPU burst",
            Reason::ShortestRemaining => "shortest remaining time",
            Reason::QuantumUsedUp => "quantum used up",
            Reason::HigherPriority => "higher priority arrived",
            Reason::ShorterRemaining => "shorter remaining time arrived",
            Reason::LostGil => "the GIL was handed to another thread",
            Reason::BlockedOn => "blocked",
            Reason::Unlocked => "lock handed over on unlock",
            Reason::Notified => "notified",
            Reason::NotifiedAll => "notified (notify-all)",
            Reason::TargetEnded => "joined thread ended",
            Reason::ProcessEnded => "joined process ended",
            Reason::IoDone => "I/O done",
            Reason::SleepDone => "sleep done",
            Reason::TimedOut => "timed out",
            Reason::Released => "permit released",
            Reason::TaskReady => "next ready task",
            Reason::GilDropRequested => "drop requested after the interval",
            Reason::GilReleased => "holder released it",
            Reason::GilFree => "GIL was free",
            Reason::NotifyLost => "no thread was waiting: the notify is lost",
            Reason::NotifyWoke => "woke the longest waiter",
            Reason::Finished => "ran all its operations",
            Reason::LastNonDaemonEnded => "last non-daemon thread of its process ended",
            Reason::ProcessCrashed => "a thread of its process crashed",
            Reason::Yielded => "yield",
            Reason::Acquired => "took the lock",
            Reason::Unlocking => "unlock",
            Reason::WaitReleases => "wait releases the monitor",
            Reason::UnlockNotHeld => "unlock of a mutex it does not hold",
            Reason::NotifyNotHeld => "notify without holding the monitor",
            Reason::WaitNotHeld => "wait without holding the monitor",
            Reason::JoinSelf => "join of itself",
            Reason::SpawnTwice => "spawn of a thread or process that was already started",
            Reason::Awaits => "await suspends the task",
            Reason::AwaitedEnded => "awaited task finished",
            Reason::NextInTurn => "next in turn",
            Reason::YourPick => "your pick",
        }
    }
}

/// One thing that happened, with its why. Events are ordered by tick, then by the order
/// in which they happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub tick: u64,
    pub kind: EventKind,
    pub thread: ThreadId,
    /// The other thread involved: the waker of a Wake, the spawned thread of a Spawn,
    /// the previous holder of a GilHandoff, the woken thread of a Notify.
    pub other: Option<ThreadId>,
    pub core: Option<u32>,
    pub cause: Option<Cause>,
    pub object: Option<ObjectId>,
    pub task: Option<TaskId>,
    /// The other task of a task event: the task awaited (`TaskAwait` with cause Join), the
    /// awaited task that finished (`TaskReady` with reason `AwaitedEnded`).
    pub awaited: Option<TaskId>,
    pub reason: Reason,
}

impl Event {
    pub fn new(tick: u64, kind: EventKind, thread: ThreadId, reason: Reason) -> Self {
        Event {
            tick,
            kind,
            thread,
            other: None,
            core: None,
            cause: None,
            object: None,
            task: None,
            awaited: None,
            reason,
        }
    }
    pub fn other(mut self, t: ThreadId) -> Self {
        self.other = Some(t);
        self
    }
    pub fn core(mut self, c: u32) -> Self {
        self.core = Some(c);
        self
    }
    pub fn cause(mut self, c: Cause, object: Option<ObjectId>) -> Self {
        self.cause = Some(c);
        self.object = object;
        self
    }
    pub fn task(mut self, t: TaskId) -> Self {
        self.task = Some(t);
        self
    }
    pub fn awaited(mut self, t: TaskId) -> Self {
        self.awaited = Some(t);
        self
    }
}
