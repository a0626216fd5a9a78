//! The one error type for an invalid scenario: where (line:column) and what is wrong, as a
//! typed [`ErrorKind`] (names and numbers as fields, what was expected and what was found as
//! enums). Its English `Display` is the message of the CLI and of the JSON; the web app words
//! each kind in its other languages from the same fields.

use crate::ast::{Policy, Pos};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

/// An invalid scenario: where, and what is wrong. [`ScenarioError::message`] is the English
/// sentence, e.g. `expected a number after "cpu", found "}"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioError {
    pub pos: Pos,
    pub kind: ErrorKind,
}

impl ScenarioError {
    pub fn new(pos: Pos, kind: ErrorKind) -> Self {
        ScenarioError { pos, kind }
    }

    /// The English sentence of the error (without its line:column).
    #[must_use]
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.kind)
    }
}

impl std::error::Error for ScenarioError {}

/// The same form as before the kinds were typed: `{"pos": {...}, "message": "..."}`.
impl Serialize for ScenarioError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ScenarioError", 2)?;
        st.serialize_field("pos", &self.pos)?;
        st.serialize_field("message", &self.message())?;
        st.end()
    }
}

/// A token as an error quotes it after "found".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A name or keyword, already shortened for quoting ([`crate::lexer::shorten`]).
    Word(String),
    Number(u64),
    /// `-N`; holds N.
    NegNumber(u64),
    /// A `"…"` string (its text is not quoted back).
    Str,
    DotDot,
    LBrace,
    RBrace,
    Semi,
    EndOfLine,
    EndOfText,
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Word(w) => write!(f, "\"{w}\""),
            Found::Number(n) => write!(f, "\"{n}\""),
            Found::NegNumber(n) => write!(f, "\"-{n}\""),
            Found::Str => f.write_str("a string"),
            Found::DotDot => f.write_str("\"..\""),
            Found::LBrace => f.write_str("\"{\""),
            Found::RBrace => f.write_str("\"}\""),
            Found::Semi => f.write_str("\";\""),
            Found::EndOfLine => f.write_str("the end of the line"),
            Found::EndOfText => f.write_str("the end of the text"),
        }
    }
}

/// A block an error is about (names shortened for quoting).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Thread(String),
    Process(String),
    Task(String),
    /// `repeat N`.
    Repeat(u64),
    /// `pool NAME …`.
    Pool(String),
}

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Block::Thread(n) => write!(f, "thread {n}"),
            Block::Process(n) => write!(f, "process {n}"),
            Block::Task(n) => write!(f, "task {n}"),
            Block::Repeat(n) => write!(f, "\"repeat {n}\""),
            Block::Pool(n) => write!(f, "pool {n}"),
        }
    }
}

/// A header word: the settings, plus `quantum` and `interval` (which follow one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    Title,
    Note,
    Cores,
    Scheduler,
    Switch,
    SpawnCost,
    Gil,
    Seed,
    Unit,
    Limit,
    Quantum,
    Interval,
    Picks,
    Goal,
}

impl Setting {
    /// The keyword as written in a scenario.
    pub fn keyword(self) -> &'static str {
        match self {
            Setting::Title => "title",
            Setting::Note => "note",
            Setting::Cores => "cores",
            Setting::Scheduler => "scheduler",
            Setting::Switch => "switch",
            Setting::SpawnCost => "spawn-cost",
            Setting::Gil => "gil",
            Setting::Seed => "seed",
            Setting::Unit => "unit",
            Setting::Limit => "limit",
            Setting::Quantum => "quantum",
            Setting::Interval => "interval",
            Setting::Picks => "picks",
            Setting::Goal => "goal",
        }
    }

    /// The statement it makes, as "expected a newline … after {this}" words it.
    fn statement(self) -> &'static str {
        match self {
            Setting::Title => "the title",
            Setting::Note => "the note",
            Setting::Cores => "\"cores N\"",
            Setting::Scheduler => "the scheduler",
            Setting::Switch => "\"switch N\"",
            Setting::SpawnCost => "spawn-cost",
            Setting::Gil => "the gil setting",
            Setting::Seed => "\"seed N\"",
            Setting::Unit => "the unit",
            Setting::Limit => "\"limit N\"",
            Setting::Quantum => "\"quantum N\"",
            Setting::Interval => "\"interval N\"",
            Setting::Picks => "the picks",
            Setting::Goal => "the goal",
        }
    }
}

/// What a statement or an item of a block was, for "expected a newline … after {this}".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Setting(Setting),
    /// `semaphore NAME N`.
    Semaphore,
    /// The closing `}` of a thread, process or task block.
    BlockOf(Block),
    /// An operation inside a block.
    Operation,
}

impl fmt::Display for After {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            After::Setting(s) => f.write_str(s.statement()),
            After::Semaphore => f.write_str("the semaphore declaration"),
            After::BlockOf(b) => write!(f, "the block of {b}"),
            After::Operation => f.write_str("the operation"),
        }
    }
}

/// What kind of name was expected after a keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameOf {
    /// After `unit`: "a word such as ms".
    Unit,
    Semaphore,
    Thread,
    Process,
    Task,
    Mutex,
    ThreadOrProcess,
    /// After `pool` (Version 1.1).
    Pool,
}

impl fmt::Display for NameOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NameOf::Unit => "a word such as ms",
            NameOf::Semaphore => "a semaphore name",
            NameOf::Thread => "a thread name",
            NameOf::Process => "a process name",
            NameOf::Task => "a task name",
            NameOf::Mutex => "a mutex name",
            NameOf::ThreadOrProcess => "a thread or process name",
            NameOf::Pool => "a pool name",
        })
    }
}

/// What a name is used as (one kind per object).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    Mutex,
    Semaphore,
    /// A join target.
    ThreadOrProcess,
}

/// The tip that ends an "unknown …" error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    None,
    /// `; did you mean "X"?`
    DidYouMean(&'static str),
    /// An operation (or `await`, `task`) written at top level: it goes inside a thread block.
    InsideThread(String),
    /// `await` in an ordinary thread.
    AwaitInTask,
    /// `task` in an ordinary thread.
    TaskNeedsAsyncio,
    /// `io N` or `sleep N` in a task: `await io N`.
    WriteAwait(&'static str),
    /// An operation of ordinary threads in a task.
    ThreadOpInTask(&'static str),
}

impl fmt::Display for Hint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hint::None => Ok(()),
            Hint::DidYouMean(w) => write!(f, "; did you mean \"{w}\"?"),
            Hint::InsideThread(w) => write!(f, " (\"{w}\" goes inside a thread block: thread NAME {{ … }})"),
            Hint::AwaitInTask => f.write_str(" (\"await\" is only allowed in a task of an asyncio thread)"),
            Hint::TaskNeedsAsyncio => {
                f.write_str(" (tasks need an asyncio thread: thread NAME asyncio { task T { … } })")
            }
            Hint::WriteAwait(w) => write!(f, " (inside a task, write \"await {w} N\")"),
            Hint::ThreadOpInTask(w) => write!(f, " (\"{w}\" is an operation of an ordinary thread, not of a task)"),
        }
    }
}

/// Everything that makes a scenario invalid. Names quoted from the text are fields (shortened
/// where the message shortens them), so are numbers and lines; the English `Display` is the
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    // ---- the text (lexer) ----
    /// The text is over the size limit.
    TextTooLong {
        bytes: usize,
        max: usize,
    },
    /// Not UTF-8 (the command line reads bytes).
    NotUtf8,
    UnexpectedChar(char),
    UnterminatedString,
    UnknownEscape(char),
    /// Digits glued to letters (`3ms`), as written.
    NumberGluedToName(String),
    NumberTooLarge {
        max: u64,
    },
    // ---- the grammar (parser) ----
    /// `expected "{" on the same line as …`
    OpenOnSameLine(Block),
    /// `expected "{" after …, found …`
    ExpectedOpen {
        block: Block,
        found: Found,
    },
    /// A number after the keyword `after`.
    ExpectedNumber {
        after: String,
        found: Found,
    },
    /// A setting's number out of its range.
    OutOfRange {
        setting: Setting,
        lo: u64,
        hi: u64,
        found: u64,
    },
    ExpectedName {
        what: NameOf,
        after: &'static str,
        found: Found,
    },
    ExpectedString {
        after: &'static str,
        found: Found,
    },
    EmptyRange {
        lo: u64,
        hi: u64,
    },
    /// A top-level statement not ended by a newline or `;`.
    ExpectedEndOfStatement {
        after: After,
        found: Found,
    },
    /// An item of a block not ended by a newline, `;` or `}`.
    ExpectedEndInBlock {
        after: After,
        found: Found,
    },
    UnmatchedClose,
    ExpectedSetting(Found),
    UnknownSetting {
        word: String,
        hint: Hint,
    },
    SettingTwice {
        setting: Setting,
        line: u32,
    },
    UnknownScheduler {
        word: String,
        hint: Hint,
    },
    ExpectedScheduler(Found),
    QuantumNotAllowed(Policy),
    /// `scheduler ostep` with more than one core (process-run.py has one CPU).
    OstepOneCore(u32),
    /// `switch-…` or `io-…` twice after `scheduler ostep`.
    OstepRuleTwice(&'static str),
    ExpectedSpawnCostKind(Found),
    /// `thread` or `process` twice in one `spawn-cost`.
    SpawnCostTwice(&'static str),
    ExpectedOnOff(Found),
    IntervalWithGilOff,
    NestedTooDeep {
        max: usize,
    },
    BadCopies {
        max: u64,
        found: String,
    },
    /// The block opened at `line` is not closed.
    Unclosed {
        line: u32,
    },
    ExpectedThreadAttr {
        thread: String,
        found: Found,
    },
    /// An attribute (`at`, `x`, …) given twice to a thread or task.
    AttrTwice {
        attr: &'static str,
        block: Block,
        line: u32,
    },
    UnknownThreadAttr {
        word: String,
        hint: Hint,
    },
    ProcessNamedMain,
    EmptyProcess(String),
    ExpectedThreadInProcess {
        process: String,
        found: Found,
    },
    ExpectedOperation(Found),
    UnknownOperation {
        word: String,
        hint: Hint,
    },
    /// An asyncio thread without tasks.
    NoTask(String),
    ExpectedTask {
        thread: String,
        found: Found,
    },
    ExpectedCopiesOrOpen {
        task: String,
        found: Found,
    },
    ExpectedTaskOperation(Found),
    ExpectedAwaitTarget(Found),
    UnknownTaskOperation {
        word: String,
        hint: Hint,
    },
    // ---- the names (program) ----
    /// A tree built by hand with settings out of range.
    BadSettings {
        max_cores: u32,
        max_limit: u64,
    },
    TooManyThreads {
        max: usize,
    },
    TooManyTasks {
        max: usize,
    },
    NameTaken {
        name: String,
        line: u32,
    },
    SemaphoreTwice {
        name: String,
        line: u32,
    },
    /// `name` is a `was` (declared at `line`) and is now used as a `now`.
    KindClash {
        name: String,
        was: Use,
        line: u32,
        now: Use,
    },
    NotALock(String),
    UsedAsLock {
        name: String,
        line: u32,
    },
    AwaitOtherLoop(String),
    UnknownTask(String),
    JoinTask(String),
    UnknownJoinTarget(String),
    SpawnMain,
    SpawnTask(String),
    UnknownSpawnTarget(String),
    SpawnOtherProcess(String),
    SpawnMainThread(String),
    SpawnWithAt {
        thread: String,
        line: u32,
    },
    // ---- pools (Version 1.1) ----
    /// Not `threads`, `processes` or `tasks` after `pool NAME`.
    UnknownPoolKind {
        pool: String,
        found: Found,
        hint: Hint,
    },
    /// Not `jobs J` after the worker count of a pool.
    ExpectedJobs {
        pool: String,
        found: Found,
    },
    /// A worker count out of 1..=max.
    BadWorkers {
        max: u64,
        found: u64,
    },
    /// A job count out of 1..=max.
    BadJobs {
        max: u64,
        found: u64,
    },
    // ---- you are the scheduler ----
    /// Not `deadlock`, `finish-by N` or `starve THREAD N` after `goal`.
    ExpectedGoal(Found),
    /// A name in `picks` or `goal starve` that is not one thread (a copy is `NAME.1`).
    NotAThread(String),
}

/// A character as an error message shows it: itself when it can be seen, else its code
/// (`\t`, `\u{200b}`): control characters, the invisible format characters (zero-width
/// spaces and joiners, direction marks, the byte-order mark) and the non-characters.
/// Written out rather than `char::escape_debug`, whose Unicode tables cost the web app
/// several KiB of wasm.
#[must_use]
pub fn shown(c: char) -> String {
    match c {
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        '\0' => "\\0".to_string(),
        '\'' => "\\'".to_string(),
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{ad}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff0}'..='\u{ffff}' => format!("\\u{{{:x}}}", c as u32),
        _ => c.to_string(),
    }
}

/// The tip that ends some sentences: what a look-alike character is, why a token is wrong there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tip {
    None,
    /// Curly quotes: strings use straight double quotes.
    CurlyQuote,
    /// A non-breaking space.
    NoBreakSpace,
    /// A negative number where only `priority` takes one.
    OnlyPriorityNegative,
    /// A range `A..B` after another operation than `cpu`, `io`, `sleep`.
    RangeOnlyAfterCpu,
}

impl Tip {
    /// The tip of [`ErrorKind::UnexpectedChar`] for `c`.
    #[must_use]
    pub fn of_char(c: char) -> Tip {
        match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' => Tip::CurlyQuote,
            '\u{a0}' => Tip::NoBreakSpace,
            _ => Tip::None,
        }
    }

    fn english(self) -> &'static str {
        match self {
            Tip::None => "",
            Tip::CurlyQuote => "; strings use straight double quotes \"…\"",
            Tip::NoBreakSpace => " (a non-breaking space); use an ordinary space",
            Tip::OnlyPriorityNegative => "; only \"priority\" may be negative",
            Tip::RangeOnlyAfterCpu => "; a range A..B is only allowed after \"cpu\", \"io\" or \"sleep\"",
        }
    }
}

/// One value that goes into a sentence's template (`{0}`, `{1}`…): said the same in every
/// language (`Str`, `Num`, `Char`, `List`, quoted tokens) or worded per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A name or keyword from the text, as it is.
    Str(&'a str),
    Num(u64),
    /// A character, as [`shown`].
    Char(char),
    /// Keywords, listed with ", ".
    List(&'static [&'static str]),
    Found(&'a Found),
    Block(&'a Block),
    After(&'a After),
    NameOf(NameOf),
    /// What a name already is.
    Was(Use),
    /// What it is now used as.
    Now(Use),
    Hint(&'a Hint),
    Tip(Tip),
}

impl fmt::Display for Piece<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Piece::Str(s) => f.write_str(s),
            Piece::Num(n) => write!(f, "{n}"),
            Piece::Char(c) => f.write_str(&shown(c)),
            Piece::List(l) => {
                for (i, w) in l.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(w)?;
                }
                Ok(())
            }
            Piece::Found(x) => x.fmt(f),
            Piece::Block(x) => x.fmt(f),
            Piece::After(x) => x.fmt(f),
            Piece::NameOf(x) => x.fmt(f),
            Piece::Was(u) => f.write_str(match u {
                Use::Mutex => "a mutex",
                Use::Semaphore => "a semaphore",
                Use::ThreadOrProcess => "a thread or process",
            }),
            Piece::Now(u) => f.write_str(match u {
                Use::Semaphore => "a semaphore (acquire/release)",
                _ => "a mutex (lock/unlock/wait/notify)",
            }),
            Piece::Hint(x) => x.fmt(f),
            Piece::Tip(t) => f.write_str(t.english()),
        }
    }
}

/// Writes `template` into `out` with each `{i}` (one digit) replaced by `piece(out, i)`; any
/// other `{` is written as it is.
///
/// # Errors
///
/// When `out` or `piece` fails.
pub fn fill<W: fmt::Write>(
    out: &mut W,
    template: &str,
    mut piece: impl FnMut(&mut W, usize) -> fmt::Result,
) -> fmt::Result {
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.write_str(&rest[..i])?;
        let after = &rest[i + 1..];
        match after.as_bytes() {
            [d @ b'0'..=b'9', b'}', ..] => {
                piece(out, usize::from(d - b'0'))?;
                rest = &after[2..];
            }
            _ => {
                out.write_char('{')?;
                rest = after;
            }
        }
    }
    out.write_str(rest)
}

/// Declares [`Sentence`] (one per kind of [`ErrorKind`], in the same order) with its English
/// template.
macro_rules! sentences {
    ($( $name:ident => $en:expr ),* $(,)?) => {
        /// The sentence of a kind of error: its template, in English here (`{0}`… are its
        /// [`Piece`]s), in other languages in the app.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Sentence { $( $name ),* }

        impl Sentence {
            /// Every sentence, in order (`s as usize` is its place).
            pub const ALL: &'static [Sentence] = &[ $( Sentence::$name ),* ];

            /// The English template.
            #[must_use]
            pub fn english(self) -> &'static str {
                match self { $( Sentence::$name => $en ),* }
            }
        }
    };
}

sentences! {
    TextTooLong => "scenario is {0} bytes; at most {1} are allowed",
    NotUtf8 => "this is not UTF-8 text (save the scenario as UTF-8)",
    UnexpectedChar => "unexpected character '{0}'{1}",
    UnterminatedString => "unterminated string; expected a closing \" on the same line",
    UnknownEscape => "unknown escape \"\\{0}\" in a string; expected \\\", \\\\ or \\n",
    NumberGluedToName => "expected a number or a name, found \"{0}\"; numbers are digits only and names start with a letter or \"_\"",
    NumberTooLarge => "number too large (at most {0})",
    OpenOnSameLine => "expected \"{\" on the same line as {0}, found the end of the line",
    ExpectedOpen => "expected \"{\" after {0}, found {1}",
    ExpectedNumber => "expected a number after \"{0}\", found {1}{2}",
    OutOfRange => "{0} must be {1} to {2}, found {3}",
    ExpectedName => "expected {0} after \"{1}\", found {2}",
    ExpectedString => "expected a string in double quotes after \"{0}\", found {1}",
    EmptyRange => "the range {0}..{1} is empty; expected the first number to be at most the second",
    ExpectedEndOfStatement => "expected a newline or \";\" after {0}, found {1}",
    ExpectedEndInBlock => "expected a newline, \";\" or \"}\" after {0}, found {1}{2}",
    UnmatchedClose => "found \"}\" with no open block to close",
    ExpectedSetting => "expected a setting, \"thread\" or \"process\" (one of {0}), found {1}",
    UnknownSetting => "unknown setting \"{0}\"; expected one of {1}{2}",
    SettingTwice => "{0} is already set at line {1}",
    UnknownScheduler => "unknown scheduler \"{0}\"; expected one of {1}{2}",
    ExpectedScheduler => "expected a scheduler (one of {0}) after \"scheduler\", found {1}",
    QuantumNotAllowed => "\"quantum\" is only allowed after rr or priority, not after {0}",
    ExpectedSpawnCostKind => "expected \"thread\" or \"process\" after \"spawn-cost\", found {0}",
    SpawnCostTwice => "\"{0}\" is already given in this spawn-cost",
    ExpectedOnOff => "expected \"on\" or \"off\" after \"gil\", found {0}",
    IntervalWithGilOff => "\"interval\" is only allowed after \"gil on\", not after \"gil off\"",
    NestedTooDeep => "blocks nested too deep (at most {0})",
    BadCopies => "\"x\" needs 1 to {0} copies, found {1}",
    Unclosed => "expected \"}\" to close the block opened at line {0}, found the end of the text",
    ExpectedThreadAttr => "expected a thread attribute (one of {0}) or \"{\" after thread {1}, found {2}",
    AttrTwice => "\"{0}\" is already given for {1} at line {2}",
    UnknownThreadAttr => "unknown thread attribute \"{0}\"; expected one of {1} or \"{\"{2}",
    ProcessNamedMain => "the process name \"main\" is reserved for the threads written at top level; expected another name",
    EmptyProcess => "process {0} has no thread; expected \"thread\"",
    ExpectedThreadInProcess => "expected \"thread\" or \"}\" inside process {0}, found {1}",
    ExpectedOperation => "expected an operation (one of {0}) or \"}\", found {1}",
    UnknownOperation => "unknown operation \"{0}\"; expected one of {1}{2}",
    NoTask => "asyncio thread {0} has no task; expected \"task\"",
    ExpectedTask => "expected \"task\" or \"}\" in the body of asyncio thread {0}, found {1} (its work goes inside tasks: task NAME { … })",
    ExpectedCopiesOrOpen => "expected \"x N\" or \"{\" after task {0}, found {1}",
    ExpectedTaskOperation => "expected a task operation (one of {0}) or \"}\", found {1}",
    ExpectedAwaitTarget => "expected \"io\", \"sleep\" or a task name after \"await\", found {0}",
    UnknownTaskOperation => "unknown task operation \"{0}\"; expected one of {1}{2}",
    BadSettings => "cores must be 1 to {0} and limit at most {1}",
    TooManyThreads => "too many threads: at most {0} after copies `x N` are expanded",
    TooManyTasks => "too many tasks: at most {0} after copies are expanded",
    NameTaken => "the name \"{0}\" is already used at line {1}; thread, task and process names must be unique",
    SemaphoreTwice => "semaphore \"{0}\" is already declared at line {1}",
    KindClash => "\"{0}\" is {1} (line {2}) and cannot also be used as {3}",
    NotALock => "\"{0}\" names a thread, task or process, not a lock or semaphore",
    UsedAsLock => "\"{0}\" is used as a lock or semaphore at line {1}",
    AwaitOtherLoop => "task \"{0}\" runs in another event loop; `await` needs a task of the same loop",
    UnknownTask => "unknown task \"{0}\"; expected `await io N`, `await sleep N` or `await TASK` with a task of this loop",
    JoinTask => "\"{0}\" is an asyncio task; a thread joins threads or processes (tasks use `await`)",
    UnknownJoinTarget => "unknown thread or process \"{0}\"; expected the name of a thread or process to join",
    SpawnMain => "the main process starts by itself and cannot be spawned",
    SpawnTask => "\"{0}\" is an asyncio task; tasks start with their event loop",
    UnknownSpawnTarget => "unknown thread or process \"{0}\"; expected the name of a thread or process to spawn",
    SpawnOtherProcess => "thread \"{0}\" belongs to another process; a thread spawns threads of its own process (spawn the process instead)",
    SpawnMainThread => "\"{0}\" is the main thread of its process and starts with it; spawn the process instead",
    SpawnWithAt => "thread \"{0}\" has `at` (line {1}) but is started by `spawn`; remove one of them",
    UnknownPoolKind => "expected the kind of pool {0} (one of {1}), found {2}{3}",
    ExpectedJobs => "expected \"jobs J\" after the workers of pool {0}, found {1}",
    BadWorkers => "a pool needs 1 to {0} workers, found {1}",
    BadJobs => "a pool needs 1 to {0} jobs, found {1}",
    OstepOneCore => "scheduler ostep has one CPU: expected cores 1, found cores {0}",
    OstepRuleTwice => "\"{0}-…\" is given twice after \"scheduler ostep\"",
    ExpectedGoal => "expected a goal after \"goal\" (deadlock, finish-by N or starve THREAD N), found {0}",
    NotAThread => "\"{0}\" is not a thread; picks and goals name one thread (a copy as NAME.1)",
}

/// Most pieces a sentence has.
pub const MAX_PIECES: usize = 4;

impl ErrorKind {
    /// The kind's sentence and the pieces that go into it (unused places are `Tip::None`).
    #[must_use]
    pub fn sentence(&self) -> (Sentence, [Piece<'_>; MAX_PIECES]) {
        use crate::parser::{OPS, POLICIES, POOL_KINDS, SETTINGS, TASK_OPS, THREAD_ATTRS};
        use ErrorKind as K;
        use Piece::{Found as F, List, Num, Str};
        use Sentence as S;
        let no = Piece::Tip(Tip::None);
        let (s, p): (Sentence, [Piece<'_>; MAX_PIECES]) = match self {
            K::TextTooLong { bytes, max } => (S::TextTooLong, [Num(*bytes as u64), Num(*max as u64), no, no]),
            K::NotUtf8 => (S::NotUtf8, [no; 4]),
            K::UnexpectedChar(c) => (S::UnexpectedChar, [Piece::Char(*c), Piece::Tip(Tip::of_char(*c)), no, no]),
            K::UnterminatedString => (S::UnterminatedString, [no; 4]),
            K::UnknownEscape(c) => (S::UnknownEscape, [Piece::Char(*c), no, no, no]),
            K::NumberGluedToName(w) => (S::NumberGluedToName, [Str(w), no, no, no]),
            K::NumberTooLarge { max } => (S::NumberTooLarge, [Num(*max), no, no, no]),
            K::OpenOnSameLine(b) => (S::OpenOnSameLine, [Piece::Block(b), no, no, no]),
            K::ExpectedOpen { block, found } => (S::ExpectedOpen, [Piece::Block(block), F(found), no, no]),
            K::ExpectedNumber { after, found } => {
                let tip = if matches!(found, Found::NegNumber(_)) { Tip::OnlyPriorityNegative } else { Tip::None };
                (S::ExpectedNumber, [Str(after), F(found), Piece::Tip(tip), no])
            }
            K::OutOfRange { setting, lo, hi, found } => {
                (S::OutOfRange, [Str(setting.keyword()), Num(*lo), Num(*hi), Num(*found)])
            }
            K::ExpectedName { what, after, found } => {
                (S::ExpectedName, [Piece::NameOf(*what), Str(after), F(found), no])
            }
            K::ExpectedString { after, found } => (S::ExpectedString, [Str(after), F(found), no, no]),
            K::EmptyRange { lo, hi } => (S::EmptyRange, [Num(*lo), Num(*hi), no, no]),
            K::ExpectedEndOfStatement { after, found } => {
                (S::ExpectedEndOfStatement, [Piece::After(after), F(found), no, no])
            }
            K::ExpectedEndInBlock { after, found } => {
                let tip = if *found == Found::DotDot { Tip::RangeOnlyAfterCpu } else { Tip::None };
                (S::ExpectedEndInBlock, [Piece::After(after), F(found), Piece::Tip(tip), no])
            }
            K::UnmatchedClose => (S::UnmatchedClose, [no; 4]),
            K::ExpectedSetting(found) => (S::ExpectedSetting, [List(SETTINGS), F(found), no, no]),
            K::UnknownSetting { word, hint } => (S::UnknownSetting, [Str(word), List(SETTINGS), Piece::Hint(hint), no]),
            K::SettingTwice { setting, line } => {
                (S::SettingTwice, [Str(setting.keyword()), Num(u64::from(*line)), no, no])
            }
            K::UnknownScheduler { word, hint } => {
                (S::UnknownScheduler, [Str(word), List(POLICIES), Piece::Hint(hint), no])
            }
            K::ExpectedScheduler(found) => (S::ExpectedScheduler, [List(POLICIES), F(found), no, no]),
            K::QuantumNotAllowed(p) => (S::QuantumNotAllowed, [Str(p.keyword()), no, no, no]),
            K::OstepOneCore(n) => (S::OstepOneCore, [Num(u64::from(*n)), no, no, no]),
            K::OstepRuleTwice(w) => (S::OstepRuleTwice, [Str(w), no, no, no]),
            K::ExpectedSpawnCostKind(found) => (S::ExpectedSpawnCostKind, [F(found), no, no, no]),
            K::SpawnCostTwice(key) => (S::SpawnCostTwice, [Str(key), no, no, no]),
            K::ExpectedOnOff(found) => (S::ExpectedOnOff, [F(found), no, no, no]),
            K::IntervalWithGilOff => (S::IntervalWithGilOff, [no; 4]),
            K::NestedTooDeep { max } => (S::NestedTooDeep, [Num(*max as u64), no, no, no]),
            K::BadCopies { max, found } => (S::BadCopies, [Num(*max), Str(found), no, no]),
            K::Unclosed { line } => (S::Unclosed, [Num(u64::from(*line)), no, no, no]),
            K::ExpectedThreadAttr { thread, found } => {
                (S::ExpectedThreadAttr, [List(THREAD_ATTRS), Str(thread), F(found), no])
            }
            K::AttrTwice { attr, block, line } => {
                (S::AttrTwice, [Str(attr), Piece::Block(block), Num(u64::from(*line)), no])
            }
            K::UnknownThreadAttr { word, hint } => {
                (S::UnknownThreadAttr, [Str(word), List(THREAD_ATTRS), Piece::Hint(hint), no])
            }
            K::ProcessNamedMain => (S::ProcessNamedMain, [no; 4]),
            K::EmptyProcess(p) => (S::EmptyProcess, [Str(p), no, no, no]),
            K::ExpectedThreadInProcess { process, found } => {
                (S::ExpectedThreadInProcess, [Str(process), F(found), no, no])
            }
            K::ExpectedOperation(found) => (S::ExpectedOperation, [List(OPS), F(found), no, no]),
            K::UnknownOperation { word, hint } => (S::UnknownOperation, [Str(word), List(OPS), Piece::Hint(hint), no]),
            K::NoTask(t) => (S::NoTask, [Str(t), no, no, no]),
            K::ExpectedTask { thread, found } => (S::ExpectedTask, [Str(thread), F(found), no, no]),
            K::ExpectedCopiesOrOpen { task, found } => (S::ExpectedCopiesOrOpen, [Str(task), F(found), no, no]),
            K::ExpectedTaskOperation(found) => (S::ExpectedTaskOperation, [List(TASK_OPS), F(found), no, no]),
            K::ExpectedAwaitTarget(found) => (S::ExpectedAwaitTarget, [F(found), no, no, no]),
            K::UnknownTaskOperation { word, hint } => {
                (S::UnknownTaskOperation, [Str(word), List(TASK_OPS), Piece::Hint(hint), no])
            }
            K::BadSettings { max_cores, max_limit } => {
                (S::BadSettings, [Num(u64::from(*max_cores)), Num(*max_limit), no, no])
            }
            K::TooManyThreads { max } => (S::TooManyThreads, [Num(*max as u64), no, no, no]),
            K::TooManyTasks { max } => (S::TooManyTasks, [Num(*max as u64), no, no, no]),
            K::NameTaken { name, line } => (S::NameTaken, [Str(name), Num(u64::from(*line)), no, no]),
            K::SemaphoreTwice { name, line } => (S::SemaphoreTwice, [Str(name), Num(u64::from(*line)), no, no]),
            K::KindClash { name, was, line, now } => {
                (S::KindClash, [Str(name), Piece::Was(*was), Num(u64::from(*line)), Piece::Now(*now)])
            }
            K::NotALock(n) => (S::NotALock, [Str(n), no, no, no]),
            K::UsedAsLock { name, line } => (S::UsedAsLock, [Str(name), Num(u64::from(*line)), no, no]),
            K::AwaitOtherLoop(t) => (S::AwaitOtherLoop, [Str(t), no, no, no]),
            K::UnknownTask(t) => (S::UnknownTask, [Str(t), no, no, no]),
            K::JoinTask(n) => (S::JoinTask, [Str(n), no, no, no]),
            K::UnknownJoinTarget(n) => (S::UnknownJoinTarget, [Str(n), no, no, no]),
            K::SpawnMain => (S::SpawnMain, [no; 4]),
            K::SpawnTask(n) => (S::SpawnTask, [Str(n), no, no, no]),
            K::UnknownSpawnTarget(n) => (S::UnknownSpawnTarget, [Str(n), no, no, no]),
            K::SpawnOtherProcess(n) => (S::SpawnOtherProcess, [Str(n), no, no, no]),
            K::SpawnMainThread(n) => (S::SpawnMainThread, [Str(n), no, no, no]),
            K::SpawnWithAt { thread, line } => (S::SpawnWithAt, [Str(thread), Num(u64::from(*line)), no, no]),
            K::UnknownPoolKind { pool, found, hint } => {
                (S::UnknownPoolKind, [Str(pool), List(POOL_KINDS), F(found), Piece::Hint(hint)])
            }
            K::ExpectedJobs { pool, found } => (S::ExpectedJobs, [Str(pool), F(found), no, no]),
            K::BadWorkers { max, found } => (S::BadWorkers, [Num(*max), Num(*found), no, no]),
            K::BadJobs { max, found } => (S::BadJobs, [Num(*max), Num(*found), no, no]),
            K::ExpectedGoal(found) => (S::ExpectedGoal, [F(found), no, no, no]),
            K::NotAThread(n) => (S::NotAThread, [Str(n), no, no, no]),
        };
        (s, p)
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, pieces) = self.sentence();
        fill(f, s.english(), |f, i| pieces.get(i).map_or(Ok(()), |p| p.fmt(f)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Policy;
    use ErrorKind::*;

    fn w(s: &str) -> Found {
        Found::Word(s.to_string())
    }

    fn s(x: &str) -> String {
        x.to_string()
    }

    /// The position of a kind in the declaration; the match is exhaustive, so a new kind must
    /// be numbered here, and then `every_kind_says_what_it_said_before` wants an example of it.
    fn number(k: &ErrorKind) -> usize {
        match k {
            TextTooLong { .. } => 0,
            NotUtf8 => 1,
            UnexpectedChar(_) => 2,
            UnterminatedString => 3,
            UnknownEscape(_) => 4,
            NumberGluedToName(_) => 5,
            NumberTooLarge { .. } => 6,
            OpenOnSameLine(_) => 7,
            ExpectedOpen { .. } => 8,
            ExpectedNumber { .. } => 9,
            OutOfRange { .. } => 10,
            ExpectedName { .. } => 11,
            ExpectedString { .. } => 12,
            EmptyRange { .. } => 13,
            ExpectedEndOfStatement { .. } => 14,
            ExpectedEndInBlock { .. } => 15,
            UnmatchedClose => 16,
            ExpectedSetting(_) => 17,
            UnknownSetting { .. } => 18,
            SettingTwice { .. } => 19,
            UnknownScheduler { .. } => 20,
            ExpectedScheduler(_) => 21,
            QuantumNotAllowed(_) => 22,
            OstepOneCore(_) => 66,
            OstepRuleTwice(_) => 67,
            ExpectedSpawnCostKind(_) => 23,
            SpawnCostTwice(_) => 24,
            ExpectedOnOff(_) => 25,
            IntervalWithGilOff => 26,
            NestedTooDeep { .. } => 27,
            BadCopies { .. } => 28,
            Unclosed { .. } => 29,
            ExpectedThreadAttr { .. } => 30,
            AttrTwice { .. } => 31,
            UnknownThreadAttr { .. } => 32,
            ProcessNamedMain => 33,
            EmptyProcess(_) => 34,
            ExpectedThreadInProcess { .. } => 35,
            ExpectedOperation(_) => 36,
            UnknownOperation { .. } => 37,
            NoTask(_) => 38,
            ExpectedTask { .. } => 39,
            ExpectedCopiesOrOpen { .. } => 40,
            ExpectedTaskOperation(_) => 41,
            ExpectedAwaitTarget(_) => 42,
            UnknownTaskOperation { .. } => 43,
            BadSettings { .. } => 44,
            TooManyThreads { .. } => 45,
            TooManyTasks { .. } => 46,
            NameTaken { .. } => 47,
            SemaphoreTwice { .. } => 48,
            KindClash { .. } => 49,
            NotALock(_) => 50,
            UsedAsLock { .. } => 51,
            AwaitOtherLoop(_) => 52,
            UnknownTask(_) => 53,
            JoinTask(_) => 54,
            UnknownJoinTarget(_) => 55,
            SpawnMain => 56,
            SpawnTask(_) => 57,
            UnknownSpawnTarget(_) => 58,
            SpawnOtherProcess(_) => 59,
            SpawnMainThread(_) => 60,
            SpawnWithAt { .. } => 61,
            UnknownPoolKind { .. } => 62,
            ExpectedJobs { .. } => 63,
            BadWorkers { .. } => 64,
            BadJobs { .. } => 65,
            ExpectedGoal(_) => 68,
            NotAThread(_) => 69,
        }
    }
    const KINDS: usize = 70;

    /// Every kind, with the message the parser wrote before kinds were typed (taken from
    /// `threadlab check` of the commit before them).
    fn examples() -> Vec<(ErrorKind, &'static str)> {
        vec![
            (TextTooLong { bytes: 70003, max: 65536 }, "scenario is 70003 bytes; at most 65536 are allowed"),
            (NotUtf8, "this is not UTF-8 text (save the scenario as UTF-8)"),
            (UnexpectedChar('@'), "unexpected character '@'"),
            (UnexpectedChar('\u{200b}'), "unexpected character '\\u{200b}'"),
            (UnexpectedChar('\u{a0}'), "unexpected character '\u{a0}' (a non-breaking space); use an ordinary space"),
            (UnexpectedChar('“'), "unexpected character '“'; strings use straight double quotes \"…\""),
            (UnterminatedString, "unterminated string; expected a closing \" on the same line"),
            (UnknownEscape('q'), "unknown escape \"\\q\" in a string; expected \\\", \\\\ or \\n"),
            (
                NumberGluedToName(s("3ms")),
                "expected a number or a name, found \"3ms\"; numbers are digits only and names start with a letter or \"_\"",
            ),
            (NumberTooLarge { max: 1_000_000_000_000 }, "number too large (at most 1000000000000)"),
            (OpenOnSameLine(Block::Thread(s("a"))), "expected \"{\" on the same line as thread a, found the end of the line"),
            (OpenOnSameLine(Block::Task(s("t"))), "expected \"{\" on the same line as task t, found the end of the line"),
            (ExpectedOpen { block: Block::Process(s("p")), found: w("cpu") }, "expected \"{\" after process p, found \"cpu\""),
            (ExpectedOpen { block: Block::Repeat(3), found: w("cpu") }, "expected \"{\" after \"repeat 3\", found \"cpu\""),
            (ExpectedNumber { after: s("cpu"), found: w("x") }, "expected a number after \"cpu\", found \"x\""),
            (
                ExpectedNumber { after: s("io"), found: Found::NegNumber(3) },
                "expected a number after \"io\", found \"-3\"; only \"priority\" may be negative",
            ),
            (ExpectedNumber { after: s("cpu"), found: Found::DotDot }, "expected a number after \"cpu\", found \"..\""),
            (ExpectedNumber { after: s("cpu"), found: Found::EndOfText }, "expected a number after \"cpu\", found the end of the text"),
            (ExpectedNumber { after: s("cpu"), found: Found::EndOfLine }, "expected a number after \"cpu\", found the end of the line"),
            (ExpectedNumber { after: s("cpu"), found: Found::LBrace }, "expected a number after \"cpu\", found \"{\""),
            (ExpectedNumber { after: s("semaphore s"), found: w("x") }, "expected a number after \"semaphore s\", found \"x\""),
            (ExpectedNumber { after: s("cpu"), found: Found::Semi }, "expected a number after \"cpu\", found \";\""),
            (ExpectedNumber { after: s("cpu"), found: Found::Str }, "expected a number after \"cpu\", found a string"),
            (ExpectedNumber { after: s("cpu"), found: Found::Number(5) }, "expected a number after \"cpu\", found \"5\""),
            (ExpectedNumber { after: s("cpu"), found: Found::RBrace }, "expected a number after \"cpu\", found \"}\""),
            (OutOfRange { setting: Setting::Cores, lo: 1, hi: 256, found: 0 }, "cores must be 1 to 256, found 0"),
            (OutOfRange { setting: Setting::Interval, lo: 1, hi: 1_000_000_000_000, found: 0 }, "interval must be 1 to 1000000000000, found 0"),
            (OutOfRange { setting: Setting::Limit, lo: 1, hi: 10_000_000, found: 99_999_999 }, "limit must be 1 to 10000000, found 99999999"),
            (OutOfRange { setting: Setting::Quantum, lo: 1, hi: 1_000_000_000_000, found: 0 }, "quantum must be 1 to 1000000000000, found 0"),
            (ExpectedName { what: NameOf::Mutex, after: "lock", found: Found::Number(3) }, "expected a mutex name after \"lock\", found \"3\""),
            (ExpectedName { what: NameOf::Unit, after: "unit", found: Found::Number(5) }, "expected a word such as ms after \"unit\", found \"5\""),
            (ExpectedString { after: "title", found: w("x") }, "expected a string in double quotes after \"title\", found \"x\""),
            (EmptyRange { lo: 5, hi: 2 }, "the range 5..2 is empty; expected the first number to be at most the second"),
            (
                ExpectedEndOfStatement { after: After::Setting(Setting::Cores), found: Found::Number(3) },
                "expected a newline or \";\" after \"cores N\", found \"3\"",
            ),
            (
                ExpectedEndOfStatement { after: After::BlockOf(Block::Thread(s("a"))), found: w("x") },
                "expected a newline or \";\" after the block of thread a, found \"x\"",
            ),
            (
                ExpectedEndInBlock { after: After::Operation, found: Found::Number(2) },
                "expected a newline, \";\" or \"}\" after the operation, found \"2\"",
            ),
            (
                ExpectedEndInBlock { after: After::Operation, found: Found::DotDot },
                "expected a newline, \";\" or \"}\" after the operation, found \"..\"; a range A..B is only allowed after \"cpu\", \"io\" or \"sleep\"",
            ),
            (UnmatchedClose, "found \"}\" with no open block to close"),
            (
                ExpectedSetting(Found::Number(42)),
                "expected a setting, \"thread\" or \"process\" (one of title, note, cores, scheduler, switch, spawn-cost, gil, seed, unit, limit, picks, goal, semaphore, thread, process), found \"42\"",
            ),
            (
                UnknownSetting { word: s("coers"), hint: Hint::DidYouMean("cores") },
                "unknown setting \"coers\"; expected one of title, note, cores, scheduler, switch, spawn-cost, gil, seed, unit, limit, picks, goal, semaphore, thread, process; did you mean \"cores\"?",
            ),
            (
                UnknownSetting { word: s("cpu"), hint: Hint::InsideThread(s("cpu")) },
                "unknown setting \"cpu\"; expected one of title, note, cores, scheduler, switch, spawn-cost, gil, seed, unit, limit, picks, goal, semaphore, thread, process (\"cpu\" goes inside a thread block: thread NAME { … })",
            ),
            (
                UnknownSetting { word: s("zzzzzzzz"), hint: Hint::None },
                "unknown setting \"zzzzzzzz\"; expected one of title, note, cores, scheduler, switch, spawn-cost, gil, seed, unit, limit, picks, goal, semaphore, thread, process",
            ),
            (SettingTwice { setting: Setting::Cores, line: 1 }, "cores is already set at line 1"),
            (
                UnknownScheduler { word: s("rrr"), hint: Hint::DidYouMean("rr") },
                "unknown scheduler \"rrr\"; expected one of fifo, rr, priority, sjf, stcf, ostep; did you mean \"rr\"?",
            ),
            (
                ExpectedScheduler(Found::Number(5)),
                "expected a scheduler (one of fifo, rr, priority, sjf, stcf, ostep) after \"scheduler\", found \"5\"",
            ),
            (QuantumNotAllowed(Policy::Fifo), "\"quantum\" is only allowed after rr or priority, not after fifo"),
            (OstepOneCore(2), "scheduler ostep has one CPU: expected cores 1, found cores 2"),
            (OstepRuleTwice("io"), "\"io-…\" is given twice after \"scheduler ostep\""),
            (ExpectedSpawnCostKind(Found::Number(5)), "expected \"thread\" or \"process\" after \"spawn-cost\", found \"5\""),
            (SpawnCostTwice("thread"), "\"thread\" is already given in this spawn-cost"),
            (ExpectedOnOff(w("maybe")), "expected \"on\" or \"off\" after \"gil\", found \"maybe\""),
            (IntervalWithGilOff, "\"interval\" is only allowed after \"gil on\", not after \"gil off\""),
            (NestedTooDeep { max: 32 }, "blocks nested too deep (at most 32)"),
            (BadCopies { max: 10_000, found: s("0") }, "\"x\" needs 1 to 10000 copies, found 0"),
            (Unclosed { line: 1 }, "expected \"}\" to close the block opened at line 1, found the end of the text"),
            (
                ExpectedThreadAttr { thread: s("a"), found: Found::Number(5) },
                "expected a thread attribute (one of at, daemon, priority, x, asyncio) or \"{\" after thread a, found \"5\"",
            ),
            (AttrTwice { attr: "at", block: Block::Thread(s("a")), line: 1 }, "\"at\" is already given for thread a at line 1"),
            (AttrTwice { attr: "x", block: Block::Task(s("t")), line: 1 }, "\"x\" is already given for task t at line 1"),
            (
                UnknownThreadAttr { word: s("deamon"), hint: Hint::DidYouMean("daemon") },
                "unknown thread attribute \"deamon\"; expected one of at, daemon, priority, x, asyncio or \"{\"; did you mean \"daemon\"?",
            ),
            (
                ProcessNamedMain,
                "the process name \"main\" is reserved for the threads written at top level; expected another name",
            ),
            (EmptyProcess(s("p")), "process p has no thread; expected \"thread\""),
            (
                ExpectedThreadInProcess { process: s("p"), found: w("cpu") },
                "expected \"thread\" or \"}\" inside process p, found \"cpu\"",
            ),
            (
                ExpectedOperation(Found::Number(5)),
                "expected an operation (one of cpu, io, sleep, lock, unlock, wait, notify, notify-all, join, spawn, acquire, release, yield, exit, crash, repeat) or \"}\", found \"5\"",
            ),
            (
                UnknownOperation { word: s("lokc"), hint: Hint::DidYouMean("lock") },
                "unknown operation \"lokc\"; expected one of cpu, io, sleep, lock, unlock, wait, notify, notify-all, join, spawn, acquire, release, yield, exit, crash, repeat; did you mean \"lock\"?",
            ),
            (
                UnknownOperation { word: s("await"), hint: Hint::AwaitInTask },
                "unknown operation \"await\"; expected one of cpu, io, sleep, lock, unlock, wait, notify, notify-all, join, spawn, acquire, release, yield, exit, crash, repeat (\"await\" is only allowed in a task of an asyncio thread)",
            ),
            (
                UnknownOperation { word: s("task"), hint: Hint::TaskNeedsAsyncio },
                "unknown operation \"task\"; expected one of cpu, io, sleep, lock, unlock, wait, notify, notify-all, join, spawn, acquire, release, yield, exit, crash, repeat (tasks need an asyncio thread: thread NAME asyncio { task T { … } })",
            ),
            (NoTask(s("l")), "asyncio thread l has no task; expected \"task\""),
            (
                ExpectedTask { thread: s("l"), found: w("cpu") },
                "expected \"task\" or \"}\" in the body of asyncio thread l, found \"cpu\" (its work goes inside tasks: task NAME { … })",
            ),
            (
                ExpectedCopiesOrOpen { task: s("t"), found: Found::Number(5) },
                "expected \"x N\" or \"{\" after task t, found \"5\"",
            ),
            (
                ExpectedTaskOperation(Found::Number(5)),
                "expected a task operation (one of cpu, await, repeat) or \"}\", found \"5\"",
            ),
            (
                ExpectedAwaitTarget(Found::Number(5)),
                "expected \"io\", \"sleep\" or a task name after \"await\", found \"5\"",
            ),
            (
                UnknownTaskOperation { word: s("io"), hint: Hint::WriteAwait("io") },
                "unknown task operation \"io\"; expected one of cpu, await, repeat (inside a task, write \"await io N\")",
            ),
            (
                UnknownTaskOperation { word: s("cpuu"), hint: Hint::DidYouMean("cpu") },
                "unknown task operation \"cpuu\"; expected one of cpu, await, repeat; did you mean \"cpu\"?",
            ),
            (
                UnknownTaskOperation { word: s("lock"), hint: Hint::ThreadOpInTask("lock") },
                "unknown task operation \"lock\"; expected one of cpu, await, repeat (\"lock\" is an operation of an ordinary thread, not of a task)",
            ),
            (BadSettings { max_cores: 256, max_limit: 10_000_000 }, "cores must be 1 to 256 and limit at most 10000000"),
            (TooManyThreads { max: 10_000 }, "too many threads: at most 10000 after copies `x N` are expanded"),
            (TooManyTasks { max: 10_000 }, "too many tasks: at most 10000 after copies are expanded"),
            (
                NameTaken { name: s("a"), line: 1 },
                "the name \"a\" is already used at line 1; thread, task and process names must be unique",
            ),
            (SemaphoreTwice { name: s("s"), line: 1 }, "semaphore \"s\" is already declared at line 1"),
            (
                KindClash { name: s("m"), was: Use::Mutex, line: 1, now: Use::Semaphore },
                "\"m\" is a mutex (line 1) and cannot also be used as a semaphore (acquire/release)",
            ),
            (
                KindClash { name: s("a"), was: Use::ThreadOrProcess, line: 2, now: Use::Mutex },
                "\"a\" is a thread or process (line 2) and cannot also be used as a mutex (lock/unlock/wait/notify)",
            ),
            (NotALock(s("b")), "\"b\" names a thread, task or process, not a lock or semaphore"),
            (UsedAsLock { name: s("b"), line: 1 }, "\"b\" is used as a lock or semaphore at line 1"),
            (
                AwaitOtherLoop(s("t")),
                "task \"t\" runs in another event loop; `await` needs a task of the same loop",
            ),
            (
                UnknownTask(s("nope")),
                "unknown task \"nope\"; expected `await io N`, `await sleep N` or `await TASK` with a task of this loop",
            ),
            (
                JoinTask(s("t")),
                "\"t\" is an asyncio task; a thread joins threads or processes (tasks use `await`)",
            ),
            (
                UnknownJoinTarget(s("nope")),
                "unknown thread or process \"nope\"; expected the name of a thread or process to join",
            ),
            (SpawnMain, "the main process starts by itself and cannot be spawned"),
            (SpawnTask(s("t")), "\"t\" is an asyncio task; tasks start with their event loop"),
            (
                UnknownSpawnTarget(s("nope")),
                "unknown thread or process \"nope\"; expected the name of a thread or process to spawn",
            ),
            (
                SpawnOtherProcess(s("w")),
                "thread \"w\" belongs to another process; a thread spawns threads of its own process (spawn the process instead)",
            ),
            (
                SpawnMainThread(s("m")),
                "\"m\" is the main thread of its process and starts with it; spawn the process instead",
            ),
            (
                SpawnWithAt { thread: s("b"), line: 2 },
                "thread \"b\" has `at` (line 2) but is started by `spawn`; remove one of them",
            ),
            (
                UnknownPoolKind { pool: s("p"), found: w("thread"), hint: Hint::DidYouMean("threads") },
                "expected the kind of pool p (one of threads, processes, tasks), found \"thread\"; did you mean \"threads\"?",
            ),
            (
                ExpectedJobs { pool: s("p"), found: Found::LBrace },
                "expected \"jobs J\" after the workers of pool p, found \"{\"",
            ),
            (BadWorkers { max: 10_000, found: 0 }, "a pool needs 1 to 10000 workers, found 0"),
            (BadJobs { max: 1_000_000, found: 0 }, "a pool needs 1 to 1000000 jobs, found 0"),
            (
                ExpectedGoal(w("win")),
                "expected a goal after \"goal\" (deadlock, finish-by N or starve THREAD N), found \"win\"",
            ),
            (NotAThread(s("w")), "\"w\" is not a thread; picks and goals name one thread (a copy as NAME.1)"),
        ]
    }

    #[test]
    fn every_kind_says_what_it_said_before() {
        let mut seen = [false; KINDS];
        for (kind, message) in examples() {
            assert_eq!(kind.to_string(), message);
            seen[number(&kind)] = true;
            // One sentence per kind, in the same order.
            assert_eq!(kind.sentence().0 as usize, number(&kind), "{kind:?}");
        }
        assert_eq!(Sentence::ALL.len(), KINDS);
        let missing: Vec<usize> = (0..KINDS).filter(|&i| !seen[i]).collect();
        assert!(missing.is_empty(), "kinds without an example (numbers in `number`): {missing:?}");
    }

    #[test]
    fn fill_replaces_numbered_holes_and_keeps_other_braces() {
        let mut out = String::new();
        fill(&mut out, "a {0} { b }{1}{x}{9}", |o, i| fmt::Write::write_str(o, ["A", "B"].get(i).unwrap_or(&"?")))
            .unwrap();
        assert_eq!(out, "a A { b }B{x}?");
    }

    #[test]
    fn an_error_is_its_position_then_its_message_and_serializes_as_before() {
        let e =
            ScenarioError::new(Pos { line: 3, col: 7 }, ErrorKind::ExpectedNumber { after: s("cpu"), found: w("x") });
        assert_eq!(e.to_string(), "3:7: expected a number after \"cpu\", found \"x\"");
        assert_eq!(e.message(), "expected a number after \"cpu\", found \"x\"");
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"pos":{"line":3,"col":7},"message":"expected a number after \"cpu\", found \"x\""}"#
        );
    }

    #[test]
    fn the_parser_gives_these_kinds() {
        let cases: &[(&str, ErrorKind)] = &[
            ("thread a { cpu x }", ExpectedNumber { after: s("cpu"), found: w("x") }),
            ("thread a\n{ cpu 1 }", OpenOnSameLine(Block::Thread(s("a")))),
            ("cores 2\ncores 3", SettingTwice { setting: Setting::Cores, line: 1 }),
            ("thread a { lokc m }", UnknownOperation { word: s("lokc"), hint: Hint::DidYouMean("lock") }),
            ("thread a { join nope }", UnknownJoinTarget(s("nope"))),
            ("thread a { cpu 1 } @", UnexpectedChar('@')),
        ];
        for (text, kind) in cases {
            let e = crate::check(text).expect_err(text);
            assert_eq!(&e.kind, kind, "{text:?}");
        }
    }
}
