//! The parser of the scenario language (SCENARIO.md): turns the lexer's tokens into an
//! [`ast::Scenario`](crate::ast::Scenario), or the first error with its line:column and
//! a message saying what was expected and what was found.
//!
//! It checks the grammar, the header settings (each at most once, values in range), thread
//! attributes and block nesting (at most [`limits::MAX_NESTING`] open `{`). It does not
//! check name uniqueness or that `spawn`/`join`/`await` targets exist: a later pass does.
//! Recursion (for `repeat` blocks) is bounded by the nesting limit, which is checked before
//! every recursive call.

use crate::ast::{
    Amount, Body, GoalDecl, Name, Op, OpKind, Policy, Pool, PoolWork, Pos, ProcessDecl, Scenario, SemaphoreDecl,
    Settings, TaskDecl, TaskOp, TaskOpKind, ThreadDecl,
};
use crate::error::{After, Block, ErrorKind, Hint, NameOf, ScenarioError, Setting};
use crate::lexer::{lex, shorten, Tok, Token};
use crate::limits;

type Result<T> = std::result::Result<T, ScenarioError>;

/// Top-level statement keywords, in the order error messages list them.
pub const SETTINGS: &[&str] = &[
    "title",
    "note",
    "cores",
    "scheduler",
    "switch",
    "spawn-cost",
    "gil",
    "seed",
    "unit",
    "limit",
    "picks",
    "goal",
    "semaphore",
    "thread",
    "process",
];

/// Operation keywords of an ordinary thread (the web form offers exactly these).
pub const OPS: &[&str] = &[
    "cpu",
    "io",
    "sleep",
    "lock",
    "unlock",
    "wait",
    "notify",
    "notify-all",
    "join",
    "spawn",
    "acquire",
    "release",
    "yield",
    "exit",
    "crash",
    "repeat",
];

/// Operation keywords inside a task of an asyncio thread.
pub const TASK_OPS: &[&str] = &["cpu", "await", "repeat"];

pub const POLICIES: &[&str] = &["fifo", "rr", "priority", "sjf", "stcf", "ostep"];

pub const THREAD_ATTRS: &[&str] = &["at", "daemon", "priority", "x", "asyncio"];

/// The kinds of `pool NAME KIND N jobs J` (Version 1.1).
pub const POOL_KINDS: &[&str] = &["threads", "processes", "tasks"];

/// Most copies `x N` may ask for (of a thread or of a task).
const MAX_COPIES: u64 = 10_000;

/// Parses a whole scenario. Never panics, whatever the input.
///
/// # Errors
///
/// The first lexical or grammatical error of the text, with its line:column and a
/// message saying what was expected and what was found.
pub fn parse(text: &str) -> Result<Scenario> {
    let toks = lex(text)?;
    let eof = toks.last().cloned().unwrap_or(Token { tok: Tok::Eof, pos: Pos { line: 1, col: 1 } });
    let mut parser = Parser { toks, i: 0, depth: 0, eof, ostep_at: None };
    parser.scenario()
}

fn err<T>(pos: Pos, kind: ErrorKind) -> Result<T> {
    Err(ScenarioError::new(pos, kind))
}

/// Levenshtein distance between two short words, in characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len().saturating_add(1)];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i.saturating_add(1);
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let del = prev.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX).saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let sub = prev.get(j).copied().unwrap_or(usize::MAX).saturating_add(cost);
            if let Some(slot) = cur.get_mut(j.saturating_add(1)) {
                *slot = del.min(ins).min(sub);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// `; did you mean "X"?` when `word` is within edit distance 2 of a candidate.
fn suggestion(word: &str, candidates: &[&'static str]) -> Hint {
    let w: Vec<char> = word.chars().collect();
    if w.len() > 24 {
        return Hint::None;
    }
    let mut best: Option<(usize, &'static str)> = None;
    for cand in candidates {
        let c: Vec<char> = cand.chars().collect();
        let d = edit_distance(&w, &c);
        if d <= 2 && d < w.len() && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    match best {
        Some((_, cand)) => Hint::DidYouMean(cand),
        None => Hint::None,
    }
}

/// `xN` written as one word (`x3`): the digits after the `x`, if that is what it is.
fn glued_copies(word: &str) -> Option<&str> {
    let digits = word.strip_prefix('x')?;
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        Some(digits)
    } else {
        None
    }
}

/// Checks a copy count `x N`; `written` is how N was written (for the message).
fn check_copies(n: u64, written: &str, pos: Pos) -> Result<u32> {
    match u32::try_from(n) {
        Ok(c) if (1..=MAX_COPIES).contains(&n) => Ok(c),
        _ => err(pos, ErrorKind::BadCopies { max: MAX_COPIES, found: shorten(written) }),
    }
}

/// The error for a block that reaches the end of the text unclosed.
fn unclosed<T>(open: Pos, eof: Pos) -> Result<T> {
    err(eof, ErrorKind::Unclosed { line: open.line })
}

/// Fails when `key` was already seen (recording it otherwise).
fn once(seen: &mut Vec<(Setting, Pos)>, setting: Setting, pos: Pos) -> Result<()> {
    if let Some((_, first)) = seen.iter().find(|(k, _)| *k == setting) {
        return err(pos, ErrorKind::SettingTwice { setting, line: first.line });
    }
    seen.push((setting, pos));
    Ok(())
}

struct Parser {
    toks: Vec<Token>,
    i: usize,
    /// How many `{` are open.
    depth: usize,
    eof: Token,
    /// Where `scheduler ostep` was written (it needs one core: checked once every setting is read).
    ostep_at: Option<Pos>,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.toks.get(self.i).unwrap_or(&self.eof)
    }

    fn bump(&mut self) -> Token {
        let t = self.peek().clone();
        if self.i < self.toks.len() {
            self.i = self.i.saturating_add(1);
        }
        t
    }

    /// Enters a block whose `{` is at `pos`, unless that would nest too deep.
    fn open_block(&mut self, pos: Pos) -> Result<()> {
        if self.depth >= limits::MAX_NESTING {
            return err(pos, ErrorKind::NestedTooDeep { max: limits::MAX_NESTING });
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    fn close_block(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Consumes the `{` that must come next (on the same line) after `what`.
    fn expect_open(&mut self, block: Block) -> Result<Pos> {
        let t = self.peek().clone();
        match t.tok {
            Tok::LBrace => {
                self.bump();
                self.open_block(t.pos)?;
                Ok(t.pos)
            }
            Tok::Newline => err(t.pos, ErrorKind::OpenOnSameLine(block)),
            other => err(t.pos, ErrorKind::ExpectedOpen { block, found: other.found() }),
        }
    }

    fn number_after(&mut self, kw: &str) -> Result<(u64, Pos)> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Number(n) => {
                self.bump();
                Ok((n, t.pos))
            }
            other => err(t.pos, ErrorKind::ExpectedNumber { after: kw.to_string(), found: other.found() }),
        }
    }

    /// A number that must be at least `lo` and at most `hi`.
    fn number_in(&mut self, setting: Setting, lo: u64, hi: u64) -> Result<u64> {
        let (n, pos) = self.number_after(setting.keyword())?;
        if n < lo || n > hi {
            return err(pos, ErrorKind::OutOfRange { setting, lo, hi, found: n });
        }
        Ok(n)
    }

    fn name_after(&mut self, what: NameOf, kw: &'static str) -> Result<Name> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Word(text) => {
                self.bump();
                Ok(Name { text, pos: t.pos })
            }
            other => err(t.pos, ErrorKind::ExpectedName { what, after: kw, found: other.found() }),
        }
    }

    fn string_after(&mut self, kw: &'static str) -> Result<String> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Str(s) => {
                self.bump();
                Ok(s)
            }
            other => err(t.pos, ErrorKind::ExpectedString { after: kw, found: other.found() }),
        }
    }

    /// `N` or `A..B` after `kw`.
    fn amount_after(&mut self, kw: &str) -> Result<Amount> {
        let (lo, lo_pos) = self.number_after(kw)?;
        if self.peek().tok != Tok::DotDot {
            return Ok(Amount::Fixed(lo));
        }
        self.bump();
        let (hi, _) = self.number_after("..")?;
        if lo > hi {
            return err(lo_pos, ErrorKind::EmptyRange { lo, hi });
        }
        Ok(Amount::Range(lo, hi))
    }

    /// The end of a top-level statement: a newline, `;` or the end of the text.
    fn end_statement(&mut self, after: After) -> Result<()> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Newline | Tok::Semi => {
                self.bump();
                Ok(())
            }
            Tok::Eof => Ok(()),
            other => err(t.pos, ErrorKind::ExpectedEndOfStatement { after, found: other.found() }),
        }
    }

    /// The end of an item inside a block: a newline, `;`, or (left in place) `}`.
    fn end_in_block(&mut self, after: After) -> Result<()> {
        let t = self.peek().clone();
        match t.tok {
            Tok::Newline | Tok::Semi => {
                self.bump();
                Ok(())
            }
            Tok::RBrace | Tok::Eof => Ok(()),
            other => err(t.pos, ErrorKind::ExpectedEndInBlock { after, found: other.found() }),
        }
    }

    fn scenario(&mut self) -> Result<Scenario> {
        let mut settings = Settings::default();
        let mut seen: Vec<(Setting, Pos)> = Vec::new();
        let mut semaphores = Vec::new();
        let mut processes = vec![ProcessDecl {
            name: Name { text: "main".to_string(), pos: Pos { line: 1, col: 1 } },
            threads: Vec::new(),
        }];
        loop {
            let t = self.bump();
            let word = match t.tok {
                Tok::Newline | Tok::Semi => continue,
                Tok::Eof => break,
                Tok::Word(w) => w,
                Tok::RBrace => return err(t.pos, ErrorKind::UnmatchedClose),
                other => return err(t.pos, ErrorKind::ExpectedSetting(other.found())),
            };
            let pos = t.pos;
            let after: After = match word.as_str() {
                "title" => {
                    once(&mut seen, Setting::Title, pos)?;
                    settings.title = Some(self.string_after("title")?);
                    After::Setting(Setting::Title)
                }
                "note" => {
                    once(&mut seen, Setting::Note, pos)?;
                    settings.note = Some(self.string_after("note")?);
                    After::Setting(Setting::Note)
                }
                "cores" => {
                    once(&mut seen, Setting::Cores, pos)?;
                    let n = self.number_in(Setting::Cores, 1, u64::from(limits::MAX_CORES))?;
                    settings.cores = u32::try_from(n).unwrap_or(limits::MAX_CORES);
                    After::Setting(Setting::Cores)
                }
                "scheduler" => {
                    once(&mut seen, Setting::Scheduler, pos)?;
                    self.scheduler(&mut settings)?;
                    After::Setting(Setting::Scheduler)
                }
                "switch" => {
                    once(&mut seen, Setting::Switch, pos)?;
                    settings.switch_cost = self.number_after("switch")?.0;
                    After::Setting(Setting::Switch)
                }
                "spawn-cost" => {
                    once(&mut seen, Setting::SpawnCost, pos)?;
                    self.spawn_cost(&mut settings)?;
                    After::Setting(Setting::SpawnCost)
                }
                "gil" => {
                    once(&mut seen, Setting::Gil, pos)?;
                    self.gil(&mut settings)?;
                    After::Setting(Setting::Gil)
                }
                "seed" => {
                    once(&mut seen, Setting::Seed, pos)?;
                    settings.seed = self.number_after("seed")?.0;
                    After::Setting(Setting::Seed)
                }
                "unit" => {
                    once(&mut seen, Setting::Unit, pos)?;
                    settings.unit = self.name_after(NameOf::Unit, "unit")?.text;
                    After::Setting(Setting::Unit)
                }
                "limit" => {
                    once(&mut seen, Setting::Limit, pos)?;
                    settings.limit = self.number_in(Setting::Limit, 1, limits::MAX_LIMIT)?;
                    After::Setting(Setting::Limit)
                }
                "picks" => {
                    once(&mut seen, Setting::Picks, pos)?;
                    settings.picks = Some(self.picks()?);
                    After::Setting(Setting::Picks)
                }
                "goal" => {
                    once(&mut seen, Setting::Goal, pos)?;
                    settings.goal = Some(self.goal()?);
                    After::Setting(Setting::Goal)
                }
                "semaphore" => {
                    let name = self.name_after(NameOf::Semaphore, "semaphore")?;
                    let (permits, _) = self.number_after(&format!("semaphore {}", shorten(&name.text)))?;
                    semaphores.push(SemaphoreDecl { name, permits });
                    After::Semaphore
                }
                "thread" => {
                    let thread = self.thread_decl()?;
                    let after = After::BlockOf(Block::Thread(shorten(&thread.name.text)));
                    if let Some(main) = processes.first_mut() {
                        main.threads.push(thread);
                    }
                    after
                }
                "pool" => {
                    let pool = self.pool_decl()?;
                    let after = After::BlockOf(Block::Pool(shorten(&pool.name.text)));
                    if let Some(main) = processes.first_mut() {
                        main.threads.push(pool);
                    }
                    after
                }
                "process" => {
                    let process = self.process_decl()?;
                    let after = After::BlockOf(Block::Process(shorten(&process.name.text)));
                    processes.push(process);
                    after
                }
                other => {
                    let hint = if OPS.contains(&other) || other == "await" || other == "task" {
                        Hint::InsideThread(other.to_string())
                    } else {
                        suggestion(other, SETTINGS)
                    };
                    return err(pos, ErrorKind::UnknownSetting { word: shorten(other), hint });
                }
            };
            self.end_statement(after)?;
        }
        if let Some(at) = self.ostep_at.filter(|_| settings.policy == Policy::Ostep && settings.cores != 1) {
            return err(at, ErrorKind::OstepOneCore(settings.cores));
        }
        Ok(Scenario { settings, semaphores, processes })
    }

    fn scheduler(&mut self, settings: &mut Settings) -> Result<()> {
        let t = self.peek().clone();
        let policy = match &t.tok {
            Tok::Word(w) => match w.as_str() {
                "fifo" => Policy::Fifo,
                "rr" => Policy::Rr,
                "priority" => Policy::Priority,
                "sjf" => Policy::Sjf,
                "stcf" => Policy::Stcf,
                "ostep" => Policy::Ostep,
                other => {
                    let hint = suggestion(other, POLICIES);
                    return err(t.pos, ErrorKind::UnknownScheduler { word: shorten(other), hint });
                }
            },
            other => return err(t.pos, ErrorKind::ExpectedScheduler(other.found())),
        };
        self.bump();
        settings.policy = policy;
        let q = self.peek().clone();
        if q.tok == Tok::Word("quantum".to_string()) {
            if !matches!(policy, Policy::Rr | Policy::Priority) {
                return err(q.pos, ErrorKind::QuantumNotAllowed(policy));
            }
            self.bump();
            settings.quantum = self.number_in(Setting::Quantum, 1, limits::MAX_NUMBER)?;
        }
        if policy == Policy::Ostep {
            // Its two switches, each at most once, in any order.
            let (mut switch, mut io) = (None::<Pos>, None::<Pos>);
            loop {
                let w = self.peek().clone();
                let Tok::Word(word) = &w.tok else { break };
                let (slot, on) = match word.as_str() {
                    "switch-on-io" => (&mut switch, false),
                    "switch-on-end" => (&mut switch, true),
                    "io-later" => (&mut io, false),
                    "io-immediate" => (&mut io, true),
                    _ => break,
                };
                if slot.is_some() {
                    return err(w.pos, ErrorKind::OstepRuleTwice(if word.starts_with("io") { "io" } else { "switch" }));
                }
                *slot = Some(w.pos);
                if word.starts_with("io") {
                    settings.ostep.io_immediate = on;
                } else {
                    settings.ostep.switch_on_end = on;
                }
                self.bump();
            }
            self.ostep_at = Some(t.pos);
        }
        Ok(())
    }

    /// The thread names after `picks`, up to the end of the statement (none: every choice is
    /// still to be made).
    fn picks(&mut self) -> Result<Vec<Name>> {
        let mut picks = Vec::new();
        while let Tok::Word(text) = &self.peek().tok {
            let name = Name { text: text.clone(), pos: self.peek().pos };
            self.bump();
            picks.push(name);
        }
        Ok(picks)
    }

    /// `deadlock`, `finish-by N` or `starve THREAD N` after `goal`.
    fn goal(&mut self) -> Result<GoalDecl> {
        let t = self.peek().clone();
        let word = match &t.tok {
            Tok::Word(w) => w.as_str(),
            other => return err(t.pos, ErrorKind::ExpectedGoal(other.found())),
        };
        let goal = match word {
            "deadlock" => {
                self.bump();
                GoalDecl::Deadlock
            }
            "finish-by" => {
                self.bump();
                GoalDecl::FinishBy(self.number_after("finish-by")?.0)
            }
            "starve" => {
                self.bump();
                let thread = self.name_after(NameOf::Thread, "starve")?;
                let after = format!("starve {}", shorten(&thread.text));
                let (ticks, _) = self.number_after(&after)?;
                GoalDecl::Starve { thread, ticks }
            }
            _ => return err(t.pos, ErrorKind::ExpectedGoal(t.tok.found())),
        };
        Ok(goal)
    }

    fn spawn_cost(&mut self, settings: &mut Settings) -> Result<()> {
        let mut seen: Vec<(&'static str, Pos)> = Vec::new();
        loop {
            let t = self.peek().clone();
            let key = match &t.tok {
                Tok::Word(w) if w == "thread" => "thread",
                Tok::Word(w) if w == "process" => "process",
                other => {
                    if seen.is_empty() {
                        return err(t.pos, ErrorKind::ExpectedSpawnCostKind(other.found()));
                    }
                    return Ok(());
                }
            };
            if seen.iter().any(|(k, _)| *k == key) {
                return err(t.pos, ErrorKind::SpawnCostTwice(key));
            }
            seen.push((key, t.pos));
            self.bump();
            let (n, _) = self.number_after(key)?;
            if key == "thread" {
                settings.spawn_cost_thread = n;
            } else {
                settings.spawn_cost_process = n;
            }
        }
    }

    fn gil(&mut self, settings: &mut Settings) -> Result<()> {
        let t = self.peek().clone();
        let on = match &t.tok {
            Tok::Word(w) if w == "on" => true,
            Tok::Word(w) if w == "off" => false,
            other => return err(t.pos, ErrorKind::ExpectedOnOff(other.found())),
        };
        self.bump();
        settings.gil = on;
        let i = self.peek().clone();
        if i.tok == Tok::Word("interval".to_string()) {
            if !on {
                return err(i.pos, ErrorKind::IntervalWithGilOff);
            }
            self.bump();
            settings.gil_interval = self.number_in(Setting::Interval, 1, limits::MAX_NUMBER)?;
        }
        Ok(())
    }

    /// `NAME ATTRS* { BODY }` after the keyword `thread`.
    fn thread_decl(&mut self) -> Result<ThreadDecl> {
        let name = self.name_after(NameOf::Thread, "thread")?;
        let short = shorten(&name.text);
        let label = Block::Thread(short.clone());
        let mut seen: Vec<(&'static str, Pos)> = Vec::new();
        let mut at = None;
        let mut daemon = false;
        let mut priority = 0i64;
        let mut copies = None;
        let mut asyncio = false;
        loop {
            let t = self.peek().clone();
            let word = match t.tok {
                Tok::LBrace => break,
                Tok::Word(w) => w,
                Tok::Newline => return err(t.pos, ErrorKind::OpenOnSameLine(label)),
                other => return err(t.pos, ErrorKind::ExpectedThreadAttr { thread: short, found: other.found() }),
            };
            self.bump();
            let already = |seen: &mut Vec<(&'static str, Pos)>, key: &'static str| -> Result<()> {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    return err(t.pos, ErrorKind::AttrTwice { attr: key, block: label.clone(), line: first.line });
                }
                seen.push((key, t.pos));
                Ok(())
            };
            match word.as_str() {
                "at" => {
                    already(&mut seen, "at")?;
                    at = Some(self.number_after("at")?.0);
                }
                "daemon" => {
                    already(&mut seen, "daemon")?;
                    daemon = true;
                }
                "asyncio" => {
                    already(&mut seen, "asyncio")?;
                    asyncio = true;
                }
                "priority" => {
                    already(&mut seen, "priority")?;
                    priority = self.signed_after("priority")?;
                }
                "x" => {
                    already(&mut seen, "x")?;
                    let (n, pos) = self.number_after("x")?;
                    copies = Some(check_copies(n, &n.to_string(), pos)?);
                }
                w => {
                    if let Some(digits) = glued_copies(w) {
                        already(&mut seen, "x")?;
                        copies = Some(check_copies(parse_digits(digits), digits, t.pos)?);
                    } else {
                        let hint = suggestion(w, THREAD_ATTRS);
                        return err(t.pos, ErrorKind::UnknownThreadAttr { word: shorten(w), hint });
                    }
                }
            }
        }
        let open = self.expect_open(label)?;
        let body = if asyncio { Body::Asyncio(self.tasks(&short, open)?) } else { Body::Ops(self.ops(open)?) };
        Ok(ThreadDecl { name, at, daemon, priority, copies, body })
    }

    /// `NAME KIND N jobs J [at T] { BODY }` after the keyword `pool` (Version 1.1), as a
    /// declaration whose body is the pool.
    fn pool_decl(&mut self) -> Result<ThreadDecl> {
        let name = self.name_after(NameOf::Pool, "pool")?;
        let short = shorten(&name.text);
        let t = self.bump();
        let (kind, hint) = match &t.tok {
            Tok::Word(w) => (POOL_KINDS.iter().position(|k| k == w), suggestion(w, POOL_KINDS)),
            _ => (None, Hint::None),
        };
        let Some(kind) = kind else {
            return err(t.pos, ErrorKind::UnknownPoolKind { pool: short, found: t.tok.found(), hint });
        };
        let (workers, pos) = self.number_after(POOL_KINDS[kind])?;
        let workers = match u32::try_from(workers) {
            Ok(w) if (1..=limits::MAX_WORKERS).contains(&w) => w,
            _ => return err(pos, ErrorKind::BadWorkers { max: limits::MAX_WORKERS.into(), found: workers }),
        };
        let t = self.bump();
        if !matches!(&t.tok, Tok::Word(w) if w == "jobs") {
            return err(t.pos, ErrorKind::ExpectedJobs { pool: short, found: t.tok.found() });
        }
        let (jobs, pos) = self.number_after("jobs")?;
        if !(1..=limits::MAX_JOBS).contains(&jobs) {
            return err(pos, ErrorKind::BadJobs { max: limits::MAX_JOBS, found: jobs });
        }
        let mut at = None;
        if matches!(&self.peek().tok, Tok::Word(w) if w == "at") {
            self.bump();
            at = Some(self.number_after("at")?.0);
        }
        let open = self.expect_open(Block::Pool(short))?;
        let work = match kind {
            0 => PoolWork::Threads(self.ops(open)?),
            1 => PoolWork::Processes(self.ops(open)?),
            _ => PoolWork::Tasks(self.task_ops(open, Waits::Plain)?),
        };
        let body = Body::Pool(Pool { workers, jobs, work });
        Ok(ThreadDecl { name, at, daemon: false, priority: 0, copies: None, body })
    }

    /// A number that may be negative (only `priority` takes one).
    fn signed_after(&mut self, kw: &str) -> Result<i64> {
        let t = self.peek().clone();
        let value = match t.tok {
            Tok::Number(n) => i64::try_from(n).ok(),
            Tok::NegNumber(n) => i64::try_from(n).ok().and_then(i64::checked_neg),
            other => return err(t.pos, ErrorKind::ExpectedNumber { after: kw.to_string(), found: other.found() }),
        };
        self.bump();
        value.map_or_else(|| err(t.pos, ErrorKind::NumberTooLarge { max: limits::MAX_NUMBER }), Ok)
    }

    /// `NAME { thread … }` after the keyword `process`.
    fn process_decl(&mut self) -> Result<ProcessDecl> {
        let name = self.name_after(NameOf::Process, "process")?;
        if name.text == "main" {
            return err(name.pos, ErrorKind::ProcessNamedMain);
        }
        let short = shorten(&name.text);
        let open = self.expect_open(Block::Process(short.clone()))?;
        let mut threads = Vec::new();
        loop {
            let t = self.bump();
            match t.tok {
                Tok::Newline | Tok::Semi => {}
                Tok::RBrace => {
                    self.close_block();
                    if threads.is_empty() {
                        return err(t.pos, ErrorKind::EmptyProcess(short));
                    }
                    return Ok(ProcessDecl { name, threads });
                }
                Tok::Eof => return unclosed(open, t.pos),
                Tok::Word(w) if w == "thread" => {
                    let thread = self.thread_decl()?;
                    self.end_in_block(After::BlockOf(Block::Thread(shorten(&thread.name.text))))?;
                    threads.push(thread);
                }
                Tok::Word(w) if w == "pool" => {
                    let pool = self.pool_decl()?;
                    self.end_in_block(After::BlockOf(Block::Pool(shorten(&pool.name.text))))?;
                    threads.push(pool);
                }
                other => {
                    return err(t.pos, ErrorKind::ExpectedThreadInProcess { process: short, found: other.found() })
                }
            }
        }
    }

    /// Operations up to and including the `}` that closes the block opened at `open`.
    fn ops(&mut self, open: Pos) -> Result<Vec<Op>> {
        let mut ops = Vec::new();
        loop {
            let t = self.bump();
            match t.tok {
                Tok::Newline | Tok::Semi => {}
                Tok::RBrace => {
                    self.close_block();
                    return Ok(ops);
                }
                Tok::Eof => return unclosed(open, t.pos),
                Tok::Word(w) => {
                    let kind = self.op(&w, t.pos)?;
                    ops.push(Op { pos: t.pos, kind });
                    self.end_in_block(After::Operation)?;
                }
                other => return err(t.pos, ErrorKind::ExpectedOperation(other.found())),
            }
        }
    }

    fn op(&mut self, word: &str, pos: Pos) -> Result<OpKind> {
        Ok(match word {
            "cpu" => OpKind::Cpu(self.amount_after("cpu")?),
            "io" => OpKind::Io(self.amount_after("io")?),
            "sleep" => OpKind::Sleep(self.amount_after("sleep")?),
            "lock" => OpKind::Lock(self.name_after(NameOf::Mutex, "lock")?),
            "unlock" => OpKind::Unlock(self.name_after(NameOf::Mutex, "unlock")?),
            "wait" => {
                let m = self.name_after(NameOf::Mutex, "wait")?;
                OpKind::Wait(m, self.optional_number())
            }
            "notify" => OpKind::Notify(self.name_after(NameOf::Mutex, "notify")?),
            "notify-all" => OpKind::NotifyAll(self.name_after(NameOf::Mutex, "notify-all")?),
            "join" => {
                let t = self.name_after(NameOf::Thread, "join")?;
                OpKind::Join(t, self.optional_number())
            }
            "spawn" => OpKind::Spawn(self.name_after(NameOf::ThreadOrProcess, "spawn")?),
            "acquire" => OpKind::Acquire(self.name_after(NameOf::Semaphore, "acquire")?),
            "release" => OpKind::Release(self.name_after(NameOf::Semaphore, "release")?),
            "yield" => OpKind::Yield,
            "exit" => OpKind::Exit,
            "crash" => OpKind::Crash,
            "repeat" => {
                let (n, _) = self.number_after("repeat")?;
                let open = self.expect_open(Block::Repeat(n))?;
                OpKind::Repeat(n, self.ops(open)?)
            }
            other => {
                let hint = match other {
                    "await" => Hint::AwaitInTask,
                    "task" => Hint::TaskNeedsAsyncio,
                    _ => suggestion(other, OPS),
                };
                return err(pos, ErrorKind::UnknownOperation { word: shorten(other), hint });
            }
        })
    }

    fn optional_number(&mut self) -> Option<u64> {
        if let Tok::Number(n) = self.peek().tok {
            self.bump();
            Some(n)
        } else {
            None
        }
    }

    /// Task declarations of an asyncio thread, up to and including its closing `}`.
    fn tasks(&mut self, thread: &str, open: Pos) -> Result<Vec<TaskDecl>> {
        let mut tasks = Vec::new();
        loop {
            let t = self.bump();
            match t.tok {
                Tok::Newline | Tok::Semi => {}
                Tok::RBrace => {
                    self.close_block();
                    if tasks.is_empty() {
                        return err(t.pos, ErrorKind::NoTask(thread.to_string()));
                    }
                    return Ok(tasks);
                }
                Tok::Eof => return unclosed(open, t.pos),
                Tok::Word(w) if w == "task" => {
                    let task = self.task_decl()?;
                    self.end_in_block(After::BlockOf(Block::Task(shorten(&task.name.text))))?;
                    tasks.push(task);
                }
                other => {
                    return err(t.pos, ErrorKind::ExpectedTask { thread: thread.to_string(), found: other.found() })
                }
            }
        }
    }

    /// `NAME [x N | xN] { task-ops }` after the keyword `task`.
    fn task_decl(&mut self) -> Result<TaskDecl> {
        let name = self.name_after(NameOf::Task, "task")?;
        let short = shorten(&name.text);
        let label = Block::Task(short.clone());
        let mut copies: Option<(u32, Pos)> = None;
        loop {
            let t = self.peek().clone();
            let n = match &t.tok {
                Tok::LBrace => break,
                Tok::Word(w) if w == "x" => {
                    self.bump();
                    let (n, pos) = self.number_after("x")?;
                    check_copies(n, &n.to_string(), pos)?
                }
                Tok::Word(w) if glued_copies(w).is_some() => {
                    self.bump();
                    let digits = glued_copies(w).unwrap_or("0");
                    check_copies(parse_digits(digits), digits, t.pos)?
                }
                Tok::Newline => return err(t.pos, ErrorKind::OpenOnSameLine(label)),
                other => return err(t.pos, ErrorKind::ExpectedCopiesOrOpen { task: short, found: other.found() }),
            };
            if let Some((_, first)) = copies {
                return err(t.pos, ErrorKind::AttrTwice { attr: "x", block: label, line: first.line });
            }
            copies = Some((n, t.pos));
        }
        let open = self.expect_open(label)?;
        let ops = self.task_ops(open, Waits::Awaited)?;
        Ok(TaskDecl { name, copies: copies.map(|(n, _)| n), ops })
    }

    /// Operations of a task, up to and including the `}` that closes the block at `open`.
    fn task_ops(&mut self, open: Pos, waits: Waits) -> Result<Vec<TaskOp>> {
        let mut ops = Vec::new();
        loop {
            let t = self.bump();
            match t.tok {
                Tok::Newline | Tok::Semi => {}
                Tok::RBrace => {
                    self.close_block();
                    return Ok(ops);
                }
                Tok::Eof => return unclosed(open, t.pos),
                Tok::Word(w) => {
                    let kind = self.task_op(&w, t.pos, waits)?;
                    ops.push(TaskOp { pos: t.pos, kind });
                    self.end_in_block(After::Operation)?;
                }
                other => return err(t.pos, ErrorKind::ExpectedTaskOperation(other.found())),
            }
        }
    }

    fn task_op(&mut self, word: &str, pos: Pos, waits: Waits) -> Result<TaskOpKind> {
        Ok(match word {
            "cpu" => TaskOpKind::Cpu(self.amount_after("cpu")?),
            // In the body of a `tasks` pool, `io` and `sleep` are awaited.
            "io" if waits == Waits::Plain => TaskOpKind::AwaitIo(self.amount_after("io")?),
            "sleep" if waits == Waits::Plain => TaskOpKind::AwaitSleep(self.amount_after("sleep")?),
            "await" => {
                let t = self.peek().clone();
                match &t.tok {
                    Tok::Word(w) if w == "io" => {
                        self.bump();
                        TaskOpKind::AwaitIo(self.amount_after("await io")?)
                    }
                    Tok::Word(w) if w == "sleep" => {
                        self.bump();
                        TaskOpKind::AwaitSleep(self.amount_after("await sleep")?)
                    }
                    Tok::Word(w) => {
                        self.bump();
                        TaskOpKind::AwaitTask(Name { text: w.clone(), pos: t.pos })
                    }
                    other => return err(t.pos, ErrorKind::ExpectedAwaitTarget(other.found())),
                }
            }
            "repeat" => {
                let (n, _) = self.number_after("repeat")?;
                let open = self.expect_open(Block::Repeat(n))?;
                TaskOpKind::Repeat(n, self.task_ops(open, waits)?)
            }
            other => {
                let hint = match other {
                    "io" => Hint::WriteAwait("io"),
                    "sleep" => Hint::WriteAwait("sleep"),
                    o => match OPS.iter().find(|&&op| op == o) {
                        Some(&op) => Hint::ThreadOpInTask(op),
                        None => suggestion(other, TASK_OPS),
                    },
                };
                return err(pos, ErrorKind::UnknownTaskOperation { word: shorten(other), hint });
            }
        })
    }
}

/// How `io` and `sleep` are written in a block of task operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Waits {
    /// In a task of an asyncio thread: `await io N` (a bare `io N` is an error with a tip).
    Awaited,
    /// In the body of a `tasks` pool (SCENARIO.md 1.1): `io N` and `sleep N` are awaited, and
    /// may also be written `await io N`, `await sleep N`.
    Plain,
}

/// The value of a run of ASCII digits, saturating at `u64::MAX` (so out of any range).
fn parse_digits(digits: &str) -> u64 {
    digits.chars().fold(0u64, |acc, c| {
        let d = u64::from(c.to_digit(10).unwrap_or(0));
        acc.saturating_mul(10).saturating_add(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggestion("coers", SETTINGS), Hint::DidYouMean("cores"));
        assert_eq!(suggestion("lokc", OPS), Hint::DidYouMean("lock"));
        assert_eq!(suggestion("zzzzzzzz", OPS), Hint::None);
        assert_eq!(suggestion("coers", SETTINGS).to_string(), "; did you mean \"cores\"?");
    }

    #[test]
    fn glued() {
        assert_eq!(glued_copies("x3"), Some("3"));
        assert_eq!(glued_copies("x"), None);
        assert_eq!(glued_copies("x3a"), None);
        assert_eq!(parse_digits("99999999999999999999999"), u64::MAX);
    }
}
