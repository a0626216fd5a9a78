//! Experiments on a scenario: the same scenario run several times with one parameter
//! changed (a **sweep** over a range, or a **comparison** of 2–4 values), or 2–4 scenario
//! texts compared side by side. One module for the command line (`threadlab sweep`,
//! `compare`, `link --sweep/--compare`), links ([`crate::link`]) and the web app's worker.
//!
//! - [`Param`]: what varies, written `cores`, `quantum`, `switch`, `gil-interval`,
//!   `workers[:POOL]`, `jobs[:POOL]`, `copies:THREAD`, and for comparisons only the settings
//!   whose values are words: `scheduler` (`fifo,rr,…`), `gil` (`off,on`), `kind[:POOL]`
//!   (`threads,processes,tasks`);
//! - [`Values`]: `A..B`, `A..B:STEP` or `v1,v2,…` (at most [`MAX_VALUES`]), each within the
//!   limits of SCENARIO.md for its parameter; a word parameter's values are kept as their
//!   places in [`Param::choices`] and written as the words;
//! - [`Spec`]: `NAME=VALUES`, as typed on the command line and stored in links;
//! - [`variant`]: the parsed scenario with one value applied; [`measure`] runs it and gives
//!   its [`Numbers`];
//! - [`sweep`] (the points, the [`knee`] and the [`formula`]) and [`compare_values`] /
//!   [`compare_texts`] (labelled [`Variant`]s).
//!
//! `workers` and `jobs` vary a pool (SCENARIO.md "Version 1.1"): the one named after the
//! colon, or the scenario's only pool; [`Numbers::pool`] gives that pool's throughput and mean
//! latency, and [`formula`] the best worker count of the core (`Program::pool_formula`).
//!
//! Pure Rust, no I/O: a run is the core's `compile` + `simulate`, so a variant gives exactly
//! the run of its printed text ([`variant_text`]).

use threadlab_sim::ast::{Body, Policy, PoolKind, Scenario};
use threadlab_sim::limits::{MAX_CORES, MAX_NUMBER, MAX_THREADS};
use threadlab_sim::{RunOptions, RunResult, ScenarioError};

/// Most values a sweep may have.
pub const MAX_VALUES: usize = 200;
/// Fewest and most variants of a comparison.
pub const MIN_VARIANTS: usize = 2;
pub const MAX_VARIANTS: usize = 4;
/// Most copies `x N` of a thread (SCENARIO.md: 10,000 threads after `x N`).
pub const MAX_COPIES: u64 = MAX_THREADS as u64;
/// The knee's tolerance, in percent of the best makespan: see [`knee`].
pub const KNEE_PERCENT: u64 = 5;

/// The parameter an experiment varies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Param {
    /// `cores`: the `cores` setting.
    Cores,
    /// `quantum`: the quantum of `scheduler rr` or `priority`.
    Quantum,
    /// `switch`: the context-switch cost.
    Switch,
    /// `gil-interval`: the GIL's switch interval (the GIL must be on).
    GilInterval,
    /// `workers[:POOL]`: a pool's worker count; `None` = the scenario's only pool.
    Workers(Option<String>),
    /// `jobs[:POOL]`: a pool's job count; `None` = the scenario's only pool.
    Jobs(Option<String>),
    /// `copies:THREAD`: the `x N` of a thread (or task) declaration.
    Copies(String),
    /// `scheduler`: the scheduling policy (comparisons only: its values are words).
    Scheduler,
    /// `gil`: the GIL off or on (comparisons only).
    Gil,
    /// `kind[:POOL]`: a pool's kind, threads, processes or tasks (comparisons only); the job's
    /// body is converted as the form does (`PoolWork::converted`).
    Kind(Option<String>),
}

/// The schedulers in the order [`Param::Scheduler`]'s values number them.
const POLICIES: [Policy; 5] = [Policy::Fifo, Policy::Rr, Policy::Sjf, Policy::Stcf, Policy::Priority];
const POLICY_WORDS: [&str; 5] = ["fifo", "rr", "sjf", "stcf", "priority"];
const GIL_WORDS: [&str; 2] = ["off", "on"];
const KINDS: [PoolKind; 3] = [PoolKind::Threads, PoolKind::Processes, PoolKind::Tasks];
const KIND_WORDS: [&str; 3] = ["threads", "processes", "tasks"];

/// The parameter words, as help and errors list them.
pub const PARAM_WORDS: &str =
    "cores, quantum, switch, gil-interval, workers[:POOL], jobs[:POOL], copies:THREAD, or to compare scheduler, gil or kind[:POOL]";

impl Param {
    /// Reads a parameter as written (`cores`, `workers:fetch`, `copies:a`).
    pub fn parse(s: &str) -> Result<Param, SpecError> {
        let (word, target) = match s.split_once(':') {
            Some((w, t)) => (w, Some(t)),
            None => (s, None),
        };
        let named = |t: &str| -> Result<String, SpecError> {
            if is_name(t) {
                Ok(t.to_string())
            } else {
                Err(SpecError::BadName { param: word.to_string(), found: t.to_string() })
            }
        };
        let plain = |p: Param| match target {
            None => Ok(p),
            Some(t) => Err(SpecError::NoTargetAllowed { param: word.to_string(), found: t.to_string() }),
        };
        match word {
            "cores" => plain(Param::Cores),
            "quantum" => plain(Param::Quantum),
            "switch" => plain(Param::Switch),
            "gil-interval" => plain(Param::GilInterval),
            "workers" => Ok(Param::Workers(target.map(named).transpose()?)),
            "jobs" => Ok(Param::Jobs(target.map(named).transpose()?)),
            "copies" => match target {
                Some(t) => Ok(Param::Copies(named(t)?)),
                None => Err(SpecError::CopiesNeedsThread),
            },
            "scheduler" => plain(Param::Scheduler),
            "gil" => plain(Param::Gil),
            "kind" => Ok(Param::Kind(target.map(named).transpose()?)),
            _ => Err(SpecError::UnknownParam(s.to_string())),
        }
    }

    /// The smallest and largest value SCENARIO.md allows for this parameter.
    pub fn limits(&self) -> (u64, u64) {
        match self {
            Param::Cores => (1, u64::from(MAX_CORES)),
            Param::Quantum | Param::GilInterval => (1, MAX_NUMBER),
            Param::Switch => (0, MAX_NUMBER),
            // Workers count against the thread limit (SCENARIO.md 1.1).
            Param::Workers(_) => (1, MAX_THREADS as u64),
            Param::Jobs(_) => (1, MAX_NUMBER),
            Param::Copies(_) => (1, MAX_COPIES),
            Param::Scheduler | Param::Gil | Param::Kind(_) => (0, self.choices().map_or(0, |c| c.len() as u64 - 1)),
        }
    }

    /// The words a word parameter takes (its values are their places here); `None` for a
    /// numeric one.
    pub fn choices(&self) -> Option<&'static [&'static str]> {
        match self {
            Param::Scheduler => Some(&POLICY_WORDS),
            Param::Gil => Some(&GIL_WORDS),
            Param::Kind(_) => Some(&KIND_WORDS),
            _ => None,
        }
    }

    /// A value as written: its number, or a word parameter's word.
    pub fn value_text(&self, v: u64) -> String {
        match self.choices() {
            Some(words) => words.get(v as usize).copied().unwrap_or("?").to_string(),
            None => v.to_string(),
        }
    }

    /// The word without its target (`workers`, `copies`).
    pub fn word(&self) -> &'static str {
        match self {
            Param::Cores => "cores",
            Param::Quantum => "quantum",
            Param::Switch => "switch",
            Param::GilInterval => "gil-interval",
            Param::Workers(_) => "workers",
            Param::Jobs(_) => "jobs",
            Param::Copies(_) => "copies",
            Param::Scheduler => "scheduler",
            Param::Gil => "gil",
            Param::Kind(_) => "kind",
        }
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())?;
        match self {
            Param::Workers(Some(t)) | Param::Jobs(Some(t)) | Param::Kind(Some(t)) | Param::Copies(t) => {
                write!(f, ":{t}")
            }
            _ => Ok(()),
        }
    }
}

/// `[A-Za-z_][A-Za-z0-9_.-]*`, a name of the scenario language.
fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || "_.-".contains(x))
}

/// The values a parameter takes, as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Values {
    /// `A..B` (step 1) or `A..B:STEP`: A, A+STEP, … up to B (B itself only when a step lands
    /// on it).
    Range { from: u64, to: u64, step: u64 },
    /// `v1,v2,…` in the order written.
    List(Vec<u64>),
}

impl Values {
    /// Reads values for `param` and checks their count and limits.
    pub fn parse(s: &str, param: &Param) -> Result<Values, SpecError> {
        let s = s.trim();
        if s.is_empty() {
            return Err(SpecError::NoValues);
        }
        if let Some(words) = param.choices() {
            let mut list: Vec<u64> = Vec::new();
            for w in s.split(',').map(str::trim) {
                let Some(i) = words.iter().position(|c| *c == w) else {
                    return Err(SpecError::NotAChoice {
                        param: param.word(),
                        expected: words.join(", "),
                        found: w.to_string(),
                    });
                };
                if list.contains(&(i as u64)) {
                    return Err(SpecError::RepeatedWord(w.to_string()));
                }
                list.push(i as u64);
            }
            return Ok(Values::List(list));
        }
        let number = |t: &str| -> Result<u64, SpecError> {
            let t = t.trim();
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(SpecError::NotANumber(t.to_string()));
            }
            // All digits: only too many of them fails, which is beyond every limit.
            t.parse::<u64>().map_err(|_| out_of_limits(param, t))
        };
        let values = if let Some((a, rest)) = s.split_once("..") {
            let (b, step) = match rest.split_once(':') {
                Some((b, st)) => (b, number(st)?),
                None => (rest, 1),
            };
            let (from, to) = (number(a)?, number(b)?);
            if from > to {
                return Err(SpecError::Backwards { from, to });
            }
            if step == 0 {
                return Err(SpecError::ZeroStep);
            }
            let count = (to - from) / step + 1;
            if count > MAX_VALUES as u64 {
                return Err(SpecError::TooMany(count));
            }
            Values::Range { from, to, step }
        } else {
            let list = s.split(',').map(number).collect::<Result<Vec<u64>, _>>()?;
            if list.len() > MAX_VALUES {
                return Err(SpecError::TooMany(list.len() as u64));
            }
            for (i, v) in list.iter().enumerate() {
                if list[..i].contains(v) {
                    return Err(SpecError::Repeated(*v));
                }
            }
            Values::List(list)
        };
        let (lo, hi) = param.limits();
        if let Some(v) = values.values().into_iter().find(|v| !(lo..=hi).contains(v)) {
            return Err(out_of_limits(param, &v.to_string()));
        }
        Ok(values)
    }

    /// The values in order (at most [`MAX_VALUES`] for parsed values).
    pub fn values(&self) -> Vec<u64> {
        match self {
            Values::Range { from, to, step } => {
                let step = (*step).max(1);
                (0..=(to.saturating_sub(*from) / step)).map(|k| from + k * step).collect()
            }
            Values::List(v) => v.clone(),
        }
    }
}

fn out_of_limits(param: &Param, found: &str) -> SpecError {
    let (lo, hi) = param.limits();
    SpecError::OutOfLimits { param: param.word(), lo, hi, found: found.to_string() }
}

impl std::fmt::Display for Values {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Values::Range { from, to, step: 1 } => write!(f, "{from}..{to}"),
            Values::Range { from, to, step } => write!(f, "{from}..{to}:{step}"),
            Values::List(v) => {
                let words: Vec<String> = v.iter().map(u64::to_string).collect();
                f.write_str(&words.join(","))
            }
        }
    }
}

/// `NAME=VALUES`: a parameter and its values (`workers=1..16`, `cores=1,2,4`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spec {
    pub param: Param,
    pub values: Values,
}

impl Spec {
    /// Reads `NAME=VALUES` for a sweep (1 to [`MAX_VALUES`] values of a numeric parameter).
    pub fn parse(s: &str) -> Result<Spec, SpecError> {
        let spec = Spec::read(s)?;
        if spec.param.choices().is_some() {
            return Err(SpecError::CompareOnly(spec.param.word()));
        }
        Ok(spec)
    }

    fn read(s: &str) -> Result<Spec, SpecError> {
        let Some((name, values)) = s.split_once('=') else {
            return Err(SpecError::NoEquals(s.to_string()));
        };
        let param = Param::parse(name.trim())?;
        let values = Values::parse(values, &param)?;
        Ok(Spec { param, values })
    }

    /// Reads `NAME=VALUES` for a comparison: [`MIN_VARIANTS`] to [`MAX_VARIANTS`] values (of
    /// any parameter: the word parameters too).
    pub fn parse_compare(s: &str) -> Result<Spec, SpecError> {
        let spec = Spec::read(s)?;
        let n = spec.values.values().len();
        if !(MIN_VARIANTS..=MAX_VARIANTS).contains(&n) {
            return Err(SpecError::VariantCount(n));
        }
        Ok(spec)
    }
}

impl std::fmt::Display for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.param.choices() {
            Some(_) => {
                let words: Vec<String> = self.values.values().into_iter().map(|v| self.param.value_text(v)).collect();
                write!(f, "{}={}", self.param, words.join(","))
            }
            None => write!(f, "{}={}", self.param, self.values),
        }
    }
}

/// What is wrong with a parameter or its values, in words that say what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecError {
    /// No `=` between the parameter and its values.
    NoEquals(String),
    /// A parameter word that is not one of [`PARAM_WORDS`].
    UnknownParam(String),
    /// `copies` without `:THREAD`.
    CopiesNeedsThread,
    /// A `:target` after a parameter that takes none (`cores:x`).
    NoTargetAllowed { param: String, found: String },
    /// A target that is not a name (`copies:` or `workers:9x`).
    BadName { param: String, found: String },
    /// Nothing after the `=`.
    NoValues,
    /// A value that is not a whole number.
    NotANumber(String),
    /// `A..B` with A greater than B.
    Backwards { from: u64, to: u64 },
    /// `A..B:0`.
    ZeroStep,
    /// More than [`MAX_VALUES`] values.
    TooMany(u64),
    /// A value beyond the parameter's limits.
    OutOfLimits { param: &'static str, lo: u64, hi: u64, found: String },
    /// The same value twice in a list.
    Repeated(u64),
    /// A comparison with fewer than 2 or more than 4 values.
    VariantCount(usize),
    /// A word that is not one of a word parameter's values.
    NotAChoice { param: &'static str, expected: String, found: String },
    /// The same word twice.
    RepeatedWord(String),
    /// A sweep of a word parameter (`scheduler`, `gil`, `kind`): those are compared.
    CompareOnly(&'static str),
}

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecError::NoEquals(s) => {
                write!(f, "expected NAME=VALUES, such as workers=1..16 or cores=1,2,4; found '{s}'")
            }
            SpecError::UnknownParam(s) => write!(f, "unknown parameter '{s}'; expected {PARAM_WORDS}"),
            SpecError::CopiesNeedsThread => {
                write!(f, "copies needs the thread whose 'x N' varies: expected copies:THREAD, such as copies:worker")
            }
            SpecError::NoTargetAllowed { param, found } => {
                write!(f, "{param} takes no ':' target (found '{param}:{found}'); expected just {param}")
            }
            SpecError::BadName { param, found } => {
                write!(f, "expected a name after '{param}:' (letters, digits, _ . -), found '{found}'")
            }
            SpecError::NoValues => write!(f, "expected values after '=': A..B, A..B:STEP or v1,v2,…"),
            SpecError::NotANumber(s) => {
                write!(f, "expected a whole number (values are A..B, A..B:STEP or v1,v2,…), found '{s}'")
            }
            SpecError::Backwards { from, to } => {
                write!(f, "expected A..B with A at most B, found {from}..{to}")
            }
            SpecError::ZeroStep => write!(f, "expected a step of at least 1 in A..B:STEP, found 0"),
            SpecError::TooMany(n) => write!(f, "at most {MAX_VALUES} values are allowed; these are {n}"),
            SpecError::OutOfLimits { param, lo, hi, found } => {
                write!(f, "{param} must be from {lo} to {hi}; found {found}")
            }
            SpecError::Repeated(v) => write!(f, "the value {v} is written twice; expected each value once"),
            SpecError::VariantCount(n) => {
                write!(f, "a comparison has {MIN_VARIANTS} to {MAX_VARIANTS} variants; found {n} values")
            }
            SpecError::NotAChoice { param, expected, found } => {
                write!(f, "{param} takes {expected} (a list, such as {param}=a,b); found '{found}'")
            }
            SpecError::RepeatedWord(w) => write!(f, "'{w}' is written twice; expected each value once"),
            SpecError::CompareOnly(p) => {
                write!(f, "{p} has no range to sweep: compare its values instead (threadlab compare --vary {p}=…)")
            }
        }
    }
}

impl std::error::Error for SpecError {}

/// Why a parameter cannot be applied to a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// `workers`/`jobs` of a pool the scenario does not have (`None`: no pool name given, and
    /// the scenario has no pool or several).
    NoPool(Option<String>),
    /// `copies:NAME` where no thread or task is declared as NAME.
    NoThread(String),
    /// `quantum` with a scheduler that has none.
    NoQuantum(Policy),
    /// `gil-interval` with the GIL off.
    GilOff,
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::NoPool(Some(p)) => {
                write!(f, "this scenario has no pool named '{p}'; expected the name of a pool declaration")
            }
            ApplyError::NoPool(None) => write!(
                f,
                "workers and jobs vary a pool: this scenario has no pool, or several (name one: workers:NAME)"
            ),
            ApplyError::NoThread(t) => {
                write!(f, "this scenario has no thread or task named '{t}'; expected the name of a declaration")
            }
            ApplyError::NoQuantum(p) => write!(
                f,
                "quantum applies to 'scheduler rr' and 'scheduler priority'; this scenario uses '{}'",
                p.keyword()
            ),
            ApplyError::GilOff => write!(f, "gil-interval applies when the GIL is on; this scenario has no 'gil on'"),
        }
    }
}

/// Checks that `param` names something `base` has.
pub fn check_param(base: &Scenario, param: &Param) -> Result<(), ApplyError> {
    match param {
        Param::Cores | Param::Switch | Param::Scheduler | Param::Gil => Ok(()),
        Param::Kind(p) => pool_name(base, p.as_deref()).map(|_| ()),
        Param::Quantum if matches!(base.settings.policy, Policy::Rr | Policy::Priority) => Ok(()),
        Param::Quantum => Err(ApplyError::NoQuantum(base.settings.policy)),
        Param::GilInterval if base.settings.gil => Ok(()),
        Param::GilInterval => Err(ApplyError::GilOff),
        Param::Workers(p) | Param::Jobs(p) => pool_name(base, p.as_deref()).map(|_| ()),
        Param::Copies(t) => {
            let found = base.processes.iter().flat_map(|p| &p.threads).any(|th| {
                th.name.text == *t
                    || matches!(&th.body, Body::Asyncio(tasks) if tasks.iter().any(|k| k.name.text == *t))
            });
            if found {
                Ok(())
            } else {
                Err(ApplyError::NoThread(t.clone()))
            }
        }
    }
}

/// `base` with `param` set to `value`. `copies:T` always writes `x N` (also for 1), so the
/// threads keep their names `T.1` … across a sweep.
pub fn variant(base: &Scenario, param: &Param, value: u64) -> Result<Scenario, ApplyError> {
    check_param(base, param)?;
    let mut s = base.clone();
    let st = &mut s.settings;
    match param {
        Param::Cores => st.cores = u32::try_from(value).unwrap_or(MAX_CORES),
        Param::Quantum => st.quantum = value,
        Param::Switch => st.switch_cost = value,
        Param::GilInterval => st.gil_interval = value,
        Param::Scheduler => st.policy = POLICIES.get(value as usize).copied().unwrap_or(st.policy),
        Param::Gil => st.gil = value == 1,
        Param::Kind(p) => {
            let name = pool_name(base, p.as_deref())?;
            let kind = KINDS.get(value as usize).copied();
            for th in s.processes.iter_mut().flat_map(|p| &mut p.threads).filter(|th| th.name.text == name) {
                if let (Body::Pool(pool), Some(kind)) = (&mut th.body, kind) {
                    pool.work = pool.work.converted(kind);
                }
            }
        }
        Param::Workers(p) | Param::Jobs(p) => {
            let name = pool_name(base, p.as_deref())?;
            for th in s.processes.iter_mut().flat_map(|p| &mut p.threads).filter(|th| th.name.text == name) {
                if let Body::Pool(pool) = &mut th.body {
                    match param {
                        Param::Workers(_) => pool.workers = u32::try_from(value).unwrap_or(u32::MAX),
                        _ => pool.jobs = value,
                    }
                }
            }
        }
        Param::Copies(t) => {
            let n = u32::try_from(value).unwrap_or(u32::MAX);
            for th in s.processes.iter_mut().flat_map(|p| &mut p.threads) {
                if th.name.text == *t {
                    th.copies = Some(n);
                }
                if let Body::Asyncio(tasks) = &mut th.body {
                    for k in tasks.iter_mut().filter(|k| k.name.text == *t) {
                        k.copies = Some(n);
                    }
                }
            }
        }
    }
    Ok(s)
}

/// The text of a variant (the canonical printing: comments and layout are not kept). It runs
/// to the same result as [`measure`] of the variant.
pub fn variant_text(base: &Scenario, param: &Param, value: u64) -> Result<String, ApplyError> {
    variant(base, param, value).map(|s| threadlab_sim::to_text(&s))
}

/// A pool's numbers in one run (SCENARIO.md 1.1).
#[derive(Debug, Clone, PartialEq)]
pub struct PoolNumbers {
    pub name: String,
    /// Jobs done per 1,000 ticks between the pool's start and its last job's end.
    pub throughput: f64,
    /// Mean of (end of the job − start of the pool), in ticks.
    pub mean_latency: f64,
}

/// The numbers of one run that experiments put side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Numbers {
    /// The outcome's kind: `completed`, `deadlock`, `stalled`, `limit` or `error`.
    pub outcome: &'static str,
    pub makespan: u64,
    pub cpu_utilization: f64,
    pub context_switches: u64,
    pub gil_handoffs: u64,
    /// Total waiting: the sum over all threads of their Runnable ticks and their Blocked
    /// ticks of every cause (io, sleep, lock, wait, join, gil, acquire).
    pub total_waiting: u64,
    /// The pool's numbers: the pool the parameter varies, else the scenario's only pool;
    /// `None` without one (or with several and none varied).
    pub pool: Option<PoolNumbers>,
}

impl Numbers {
    /// Whether the run completed (every process ended).
    pub fn completed(&self) -> bool {
        self.outcome == "completed"
    }
}

/// The numbers of a finished run (the pool's: the scenario's only pool).
pub fn numbers(r: &RunResult) -> Numbers {
    numbers_of_pool(r, None)
}

/// The numbers of a finished run, the pool's from pool `pool` (by name), else the only one.
pub fn numbers_of_pool(r: &RunResult, pool: Option<&str>) -> Numbers {
    let total_waiting = r
        .threads
        .iter()
        .map(|t| t.runnable.saturating_add(t.blocked.iter().sum::<u64>()))
        .fold(0u64, u64::saturating_add);
    Numbers {
        outcome: r.outcome.kind(),
        makespan: r.makespan,
        cpu_utilization: r.cpu_utilization,
        context_switches: r.context_switches,
        gil_handoffs: r.gil_handoffs,
        total_waiting,
        pool: match pool {
            Some(name) => r.pools.iter().find(|p| p.name == name),
            None if r.pools.len() == 1 => r.pools.first(),
            None => None,
        }
        .map(|p| PoolNumbers {
            name: p.name.clone(),
            throughput: p.throughput.unwrap_or(0.0),
            mean_latency: p.mean_latency.unwrap_or(0.0),
        }),
    }
}

/// Compiles and runs a (variant) scenario: the same run as `threadlab_sim::run` of its text.
pub fn run(s: &Scenario, opts: &RunOptions) -> Result<RunResult, ScenarioError> {
    let program = threadlab_sim::compile(s)?;
    Ok(threadlab_sim::simulate(&program, opts))
}

/// Runs a scenario and keeps its numbers.
pub fn measure(s: &Scenario, opts: &RunOptions) -> Result<Numbers, ScenarioError> {
    run(s, opts).map(|r| numbers(&r))
}

/// Why an experiment did not run to its end.
#[derive(Debug, Clone, PartialEq)]
pub enum ExperimentError {
    /// The parameter does not fit the scenario.
    Apply(ApplyError),
    /// The variant with this value is not a valid scenario (too many threads after copies…);
    /// the error's position is in the base scenario's text.
    Invalid { value: u64, error: ScenarioError },
}

impl From<ApplyError> for ExperimentError {
    fn from(e: ApplyError) -> Self {
        ExperimentError::Apply(e)
    }
}

impl std::fmt::Display for ExperimentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExperimentError::Apply(e) => e.fmt(f),
            ExperimentError::Invalid { value, error } => write!(f, "with the value {value}: {error}"),
        }
    }
}

/// One value of a sweep and its run's numbers.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub value: u64,
    pub numbers: Numbers,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub param: Param,
    /// In the order of the values as written.
    pub points: Vec<Point>,
    /// The best worker count of SCENARIO.md 1.1 (`workers` sweeps of a pool only).
    pub formula: Option<f64>,
    /// See [`knee`].
    pub knee: Option<u64>,
}

/// Runs every value of `spec` on `base` (a valid scenario).
pub fn sweep(base: &Scenario, spec: &Spec, opts: &RunOptions) -> Result<Sweep, ExperimentError> {
    sweep_with_progress(base, spec, opts, &mut |_, _| {})
}

/// [`sweep`], calling `progress(runs done, runs in all)` after each run (the app's worker
/// reports it to the page).
pub fn sweep_with_progress(
    base: &Scenario,
    spec: &Spec,
    opts: &RunOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sweep, ExperimentError> {
    sweep_keeping_runs(base, spec, opts, progress, &mut |_, _| {})
}

/// [`sweep_with_progress`], giving each run to `keep(value, run)` once its numbers are taken
/// (the app's comparison draws the runs).
pub fn sweep_keeping_runs(
    base: &Scenario,
    spec: &Spec,
    opts: &RunOptions,
    progress: &mut dyn FnMut(usize, usize),
    keep: &mut dyn FnMut(u64, RunResult),
) -> Result<Sweep, ExperimentError> {
    check_param(base, &spec.param)?;
    let pool = match &spec.param {
        Param::Workers(p) | Param::Jobs(p) | Param::Kind(p) => Some(pool_name(base, p.as_deref())?),
        _ => None,
    };
    let values = spec.values.values();
    let mut points = Vec::new();
    for (k, &value) in values.iter().enumerate() {
        let s = variant(base, &spec.param, value)?;
        let r = run(&s, opts).map_err(|error| ExperimentError::Invalid { value, error })?;
        points.push(Point { value, numbers: numbers_of_pool(&r, pool.as_deref()) });
        keep(value, r);
        progress(k + 1, values.len());
    }
    let knee = knee(&points);
    Ok(Sweep { param: spec.param.clone(), points, formula: formula(base, &spec.param), knee })
}

/// The knee of a sweep: the smallest value whose makespan is within [`KNEE_PERCENT`] % of
/// the best, `makespan <= best * 1.05` (computed exactly in integers: `makespan * 100 <=
/// best * 105`), where `best` is the smallest makespan. Only completed runs count (a
/// deadlock's early end is not a good makespan); `None` when no run completed.
pub fn knee(points: &[Point]) -> Option<u64> {
    let done = || points.iter().filter(|p| p.numbers.completed());
    let best = u128::from(done().map(|p| p.numbers.makespan).min()?);
    done()
        .filter(|p| u128::from(p.numbers.makespan) * 100 <= best * u128::from(100 + KNEE_PERCENT))
        .map(|p| p.value)
        .min()
}

/// The best worker count of SCENARIO.md 1.1, `(W + C) / C × P`, for a `workers` sweep of a
/// pool (the core's `Program::pool_formula`); `None` for every other parameter, and when the
/// pool's body has no CPU work.
pub fn formula(base: &Scenario, param: &Param) -> Option<f64> {
    let Param::Workers(p) = param else { return None };
    let name = pool_name(base, p.as_deref()).ok()?;
    let program = threadlab_sim::compile(base).ok()?;
    let index = program.pools.iter().position(|info| info.name == name)?;
    program.pool_formula(index)
}

/// The pool a `workers`/`jobs` parameter varies: the one named `name`, or without a name the
/// scenario's only pool.
fn pool_name(base: &Scenario, name: Option<&str>) -> Result<String, ApplyError> {
    let pools: Vec<&str> = base
        .processes
        .iter()
        .flat_map(|p| &p.threads)
        .filter(|th| matches!(th.body, Body::Pool(_)))
        .map(|th| th.name.text.as_str())
        .collect();
    match name {
        Some(n) if pools.contains(&n) => Ok(n.to_string()),
        Some(n) => Err(ApplyError::NoPool(Some(n.to_string()))),
        None if pools.len() == 1 => Ok(pools[0].to_string()),
        None => Err(ApplyError::NoPool(None)),
    }
}

/// One variant of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// `workers=8` for a value, the file name (or what the caller chose) for a text.
    pub label: String,
    pub numbers: Numbers,
}

/// A comparison of the values of `spec` (2–4 of them) on `base`; labels `NAME=VALUE`.
pub fn compare_values(base: &Scenario, spec: &Spec, opts: &RunOptions) -> Result<Vec<Variant>, ExperimentError> {
    let sw = sweep(base, spec, opts)?;
    Ok(sw
        .points
        .into_iter()
        .map(|p| Variant { label: format!("{}={}", spec.param, spec.param.value_text(p.value)), numbers: p.numbers })
        .collect())
}

/// A text that could not be compared: the index of the text and its error.
#[derive(Debug, Clone, PartialEq)]
pub struct TextError {
    pub index: usize,
    pub error: ScenarioError,
}

/// A comparison of 2–4 scenario texts, each with its label. The caller checks the count.
pub fn compare_texts(texts: &[(String, String)], opts: &RunOptions) -> Result<Vec<Variant>, TextError> {
    compare_texts_keeping_runs(texts, opts, &mut |_, _| {})
}

/// [`compare_texts`], giving each run to `keep(index, run)` once its numbers are taken.
pub fn compare_texts_keeping_runs(
    texts: &[(String, String)],
    opts: &RunOptions,
    keep: &mut dyn FnMut(usize, RunResult),
) -> Result<Vec<Variant>, TextError> {
    texts
        .iter()
        .enumerate()
        .map(|(index, (label, text))| {
            let s = threadlab_sim::parse(text).map_err(|error| TextError { index, error })?;
            let r = run(&s, opts).map_err(|error| TextError { index, error })?;
            let numbers = numbers(&r);
            keep(index, r);
            Ok(Variant { label: label.clone(), numbers })
        })
        .collect()
}

/// An experiment on a scenario, checked: what a view shows and a link restores
/// (`link::LinkExperiment` carries it as written; its `experiment()` gives this).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Experiment {
    /// A sweep of the scenario.
    Sweep(Spec),
    /// A comparison of values on the scenario.
    Compare(Spec),
    /// A comparison of texts: the scenario first, then these 1–3 others.
    Texts(Vec<String>),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> Result<Spec, SpecError> {
        Spec::parse(s)
    }

    #[test]
    fn params_are_read_and_written_back() {
        for (w, p) in [
            ("cores", Param::Cores),
            ("quantum", Param::Quantum),
            ("switch", Param::Switch),
            ("gil-interval", Param::GilInterval),
            ("workers", Param::Workers(None)),
            ("workers:fetch", Param::Workers(Some("fetch".into()))),
            ("jobs", Param::Jobs(None)),
            ("jobs:get", Param::Jobs(Some("get".into()))),
            ("copies:worker", Param::Copies("worker".into())),
        ] {
            assert_eq!(Param::parse(w), Ok(p.clone()), "{w}");
            assert_eq!(p.to_string(), w);
        }
        assert_eq!(Param::parse("copies"), Err(SpecError::CopiesNeedsThread));
        assert_eq!(Param::parse("core"), Err(SpecError::UnknownParam("core".into())));
        assert_eq!(
            Param::parse("cores:a"),
            Err(SpecError::NoTargetAllowed { param: "cores".into(), found: "a".into() })
        );
        assert_eq!(Param::parse("copies:"), Err(SpecError::BadName { param: "copies".into(), found: String::new() }));
        assert_eq!(Param::parse("workers:9x"), Err(SpecError::BadName { param: "workers".into(), found: "9x".into() }));
    }

    #[test]
    fn values_expand_and_print_as_written() {
        let v = |s: &str| spec(s).map(|s| (s.values.values(), s.to_string()));
        assert_eq!(v("cores=1..4"), Ok((vec![1, 2, 3, 4], "cores=1..4".into())));
        assert_eq!(v("cores=2..9:3"), Ok((vec![2, 5, 8], "cores=2..9:3".into())));
        assert_eq!(v("cores=3..3"), Ok((vec![3], "cores=3..3".into())));
        assert_eq!(v("switch= 4,0,2"), Ok((vec![4, 0, 2], "switch=4,0,2".into())));
        assert_eq!(v("copies:a=1..200").map(|x| x.0.len()), Ok(200));
    }

    #[test]
    fn bad_values_say_what_was_expected() {
        assert_eq!(spec("cores"), Err(SpecError::NoEquals("cores".into())));
        assert_eq!(spec("cores="), Err(SpecError::NoValues));
        assert_eq!(spec("cores=a..4"), Err(SpecError::NotANumber("a".into())));
        assert_eq!(spec("cores=1,,2"), Err(SpecError::NotANumber(String::new())));
        assert_eq!(spec("cores=-1"), Err(SpecError::NotANumber("-1".into())));
        assert_eq!(spec("cores=5..2"), Err(SpecError::Backwards { from: 5, to: 2 }));
        assert_eq!(spec("cores=1..5:0"), Err(SpecError::ZeroStep));
        assert_eq!(spec("switch=0..200"), Err(SpecError::TooMany(201)));
        assert_eq!(spec("switch=0..1000000:2"), Err(SpecError::TooMany(500_001)));
        assert_eq!(spec("cores=1,2,1"), Err(SpecError::Repeated(1)));
        let oob = |found: &str, param, lo, hi| Err(SpecError::OutOfLimits { param, lo, hi, found: found.into() });
        assert_eq!(spec("cores=0..4"), oob("0", "cores", 1, 256));
        assert_eq!(spec("cores=250..257"), oob("257", "cores", 1, 256));
        assert_eq!(spec("quantum=0,1"), oob("0", "quantum", 1, MAX_NUMBER));
        assert_eq!(spec("gil-interval=0"), oob("0", "gil-interval", 1, MAX_NUMBER));
        assert_eq!(spec("copies:a=10001"), oob("10001", "copies", 1, 10_000));
        assert_eq!(spec("workers=0"), oob("0", "workers", 1, 10_000));
        assert_eq!(spec("switch=99999999999999999999999"), oob("99999999999999999999999", "switch", 0, MAX_NUMBER));
        assert_eq!(Spec::parse_compare("cores=1"), Err(SpecError::VariantCount(1)));
        assert_eq!(Spec::parse_compare("cores=1..5"), Err(SpecError::VariantCount(5)));
        assert!(Spec::parse_compare("cores=1..4").is_ok());
        assert_eq!(
            SpecError::OutOfLimits { param: "cores", lo: 1, hi: 256, found: "0".into() }.to_string(),
            "cores must be from 1 to 256; found 0"
        );
    }

    const BASE: &str = "cores 2\nscheduler rr quantum 2\nthread a x 2 { cpu 6; io 3 }\nthread b { cpu 4 }\n";

    fn sim(text: &str) -> Numbers {
        numbers(&threadlab_sim::run(text).expect("valid"))
    }

    #[test]
    fn a_variant_is_the_scenario_with_that_value() {
        let base = threadlab_sim::parse(BASE).unwrap();
        let t = |p: &str, v| variant_text(&base, &Param::parse(p).unwrap(), v).unwrap();
        assert!(t("cores", 4).starts_with("cores 4\n"), "{}", t("cores", 4));
        assert!(t("quantum", 7).contains("scheduler rr quantum 7"));
        assert!(t("switch", 3).contains("switch 3\n"));
        assert!(t("copies:a", 5).contains("thread a x5 {"));
        assert!(t("copies:b", 1).contains("thread b x1 {"));
        let opts = RunOptions::default();
        for (p, v) in [("cores", 1), ("cores", 3), ("quantum", 1), ("switch", 2), ("copies:a", 4)] {
            let s = variant(&base, &Param::parse(p).unwrap(), v).unwrap();
            assert_eq!(measure(&s, &opts).unwrap(), sim(&t(p, v)), "{p}={v}");
        }
        // Total waiting: a.1 and a.2 each block 3 on io; on one core the others wait.
        let one = sim("thread a { cpu 2; io 3 }\nthread b { cpu 2 }\n");
        assert_eq!((one.makespan, one.total_waiting), (5, 3 + 2));
    }

    #[test]
    fn a_parameter_the_scenario_lacks_is_refused() {
        let base = threadlab_sim::parse(BASE).unwrap();
        let e = |p: &str| variant(&base, &Param::parse(p).unwrap(), 2).unwrap_err();
        assert_eq!(e("gil-interval"), ApplyError::GilOff);
        assert_eq!(e("copies:zz"), ApplyError::NoThread("zz".into()));
        assert_eq!(e("workers"), ApplyError::NoPool(None));
        assert_eq!(e("jobs:fetch"), ApplyError::NoPool(Some("fetch".into())));
        assert_eq!(
            e("jobs:fetch").to_string(),
            "this scenario has no pool named 'fetch'; expected the name of a pool declaration"
        );
        let fifo = threadlab_sim::parse("scheduler fifo\nthread a { cpu 1 }").unwrap();
        assert_eq!(variant(&fifo, &Param::Quantum, 2), Err(ApplyError::NoQuantum(Policy::Fifo)));
        let gil = threadlab_sim::parse("gil on\nthread a { cpu 1 }").unwrap();
        assert!(variant_text(&gil, &Param::GilInterval, 9).unwrap().contains("gil on interval 9"));
        let tasks = threadlab_sim::parse("thread l asyncio { task t { cpu 1; await io 2 } }").unwrap();
        assert!(variant_text(&tasks, &Param::Copies("t".into()), 3).unwrap().contains("task t x3"));
    }

    /// `workers` and `jobs` vary the pool (the only one, or the one named); its numbers and the
    /// formula come with the sweep; the knee equals the formula for an I/O-bound pool.
    #[test]
    fn workers_and_jobs_vary_a_pool() {
        let base = threadlab_sim::parse("cores 2\npool p threads 1 jobs 24 { cpu 2; io 6 }\n").unwrap();
        assert!(variant_text(&base, &Param::parse("workers").unwrap(), 5)
            .unwrap()
            .contains("pool p threads 5 jobs 24"));
        assert!(variant_text(&base, &Param::parse("jobs:p").unwrap(), 7).unwrap().contains("pool p threads 1 jobs 7"));
        let sw = sweep(&base, &Spec::parse("workers=1..12").unwrap(), &RunOptions::default()).unwrap();
        // (W + C) / C × P = (6 + 2) / 2 × 2 = 8.
        assert_eq!(sw.formula, Some(8.0));
        assert_eq!(
            sw.knee,
            Some(8),
            "{:?}",
            sw.points.iter().map(|p| (p.value, p.numbers.makespan)).collect::<Vec<_>>()
        );
        let pool = sw.points[0].numbers.pool.as_ref().expect("the pool's numbers");
        assert_eq!(pool.name, "p");
        assert!(pool.throughput > 0.0 && pool.mean_latency > 0.0);
        let two =
            threadlab_sim::parse("pool a threads 2 jobs 4 { cpu 1 }\npool b threads 2 jobs 4 { cpu 1 }\n").unwrap();
        assert_eq!(check_param(&two, &Param::parse("workers").unwrap()), Err(ApplyError::NoPool(None)));
        assert_eq!(check_param(&two, &Param::parse("workers:b").unwrap()), Ok(()));
    }

    fn point(value: u64, makespan: u64, outcome: &'static str) -> Point {
        Point {
            value,
            numbers: Numbers {
                outcome,
                makespan,
                cpu_utilization: 0.0,
                context_switches: 0,
                gil_handoffs: 0,
                total_waiting: 0,
                pool: None,
            },
        }
    }

    #[test]
    fn word_parameters_are_compared_by_their_words() {
        let c = |s: &str| Spec::parse_compare(s).map(|s| (s.values.values(), s.to_string()));
        assert_eq!(c("scheduler=fifo,rr"), Ok((vec![0, 1], "scheduler=fifo,rr".into())));
        assert_eq!(c("gil=on, off"), Ok((vec![1, 0], "gil=on,off".into())));
        assert_eq!(c("kind:p=processes,threads,tasks"), Ok((vec![1, 0, 2], "kind:p=processes,threads,tasks".into())));
        assert_eq!(Spec::parse("gil=off,on"), Err(SpecError::CompareOnly("gil")));
        assert_eq!(
            c("scheduler=fifo,sjf2"),
            Err(SpecError::NotAChoice {
                param: "scheduler",
                expected: "fifo, rr, sjf, stcf, priority".into(),
                found: "sjf2".into()
            })
        );
        assert_eq!(c("gil=on,on"), Err(SpecError::RepeatedWord("on".into())));
        assert_eq!(c("gil=on"), Err(SpecError::VariantCount(1)));
        assert_eq!(
            c("scheduler:x=fifo,rr"),
            Err(SpecError::NoTargetAllowed { param: "scheduler".into(), found: "x".into() })
        );
        // Applied: the settings as written by hand; a pool's body converted.
        let base = threadlab_sim::parse("cores 2\npool p threads 2 jobs 3 { cpu 2; io 1 }\n").expect("valid");
        let text = |p: &str, v: u64| variant_text(&base, &Param::parse(p).expect("a parameter"), v).expect("applies");
        assert!(text("scheduler", 3).contains("scheduler stcf"), "{}", text("scheduler", 3));
        assert!(text("gil", 1).contains("gil on"), "{}", text("gil", 1));
        assert!(!text("gil", 0).contains("gil on"));
        assert!(
            text("kind", 2).contains("pool p tasks 2 jobs 3 {\n  await io 1") || text("kind", 2).contains("await io 1"),
            "{}",
            text("kind", 2)
        );
        assert!(text("kind", 1).contains("pool p processes 2 jobs 3"), "{}", text("kind", 1));
        let none = threadlab_sim::parse("thread a { cpu 1 }\n").expect("valid");
        assert_eq!(variant(&none, &Param::Kind(None), 1), Err(ApplyError::NoPool(None)));
        // Labels say the words, and the pool's numbers are the varied pool's.
        let v = compare_values(
            &base,
            &Spec::parse_compare("kind=threads,processes").expect("valid"),
            &RunOptions::default(),
        )
        .expect("runs");
        assert_eq!(v.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(), ["kind=threads", "kind=processes"]);
        assert!(v.iter().all(|v| v.numbers.pool.as_ref().is_some_and(|p| p.name == "p")));
    }

    #[test]
    fn the_knee_is_the_smallest_value_within_five_percent_of_the_best() {
        // Best 100: 105 is within (exactly 5 %), 106 is not.
        let pts = [point(8, 100, "completed"), point(2, 106, "completed"), point(4, 105, "completed")];
        assert_eq!(knee(&pts), Some(4));
        let pts = [point(1, 300, "completed"), point(2, 106, "completed"), point(3, 100, "completed")];
        assert_eq!(knee(&pts), Some(3));
        // A deadlock's early end is not the best.
        let pts = [point(1, 5, "deadlock"), point(2, 100, "completed"), point(3, 120, "completed")];
        assert_eq!(knee(&pts), Some(2));
        assert_eq!(knee(&[point(1, 5, "deadlock")]), None);
        assert_eq!(knee(&[]), None);
    }

    #[test]
    fn a_sweep_runs_every_value_and_finds_the_knee() {
        // Four threads of 10 CPU ticks: 40 on 1 core, 20 on 2, 16 on 3 (quanta of 4), 10 from 4 on.
        let base = threadlab_sim::parse("thread t x 4 { cpu 10 }").unwrap();
        let sw = sweep(&base, &spec("cores=1..6").unwrap(), &RunOptions::default()).unwrap();
        let ms: Vec<(u64, u64)> = sw.points.iter().map(|p| (p.value, p.numbers.makespan)).collect();
        assert_eq!(ms, [(1, 40), (2, 20), (3, 16), (4, 10), (5, 10), (6, 10)]);
        assert_eq!((sw.knee, sw.formula), (Some(4), None));
        let v = compare_values(&base, &Spec::parse_compare("cores=4,1").unwrap(), &RunOptions::default()).unwrap();
        assert_eq!(
            v.iter().map(|v| (v.label.as_str(), v.numbers.makespan)).collect::<Vec<_>>(),
            [("cores=4", 10), ("cores=1", 40)]
        );
        // A variant beyond the thread limit is an invalid scenario, named by its value.
        let big = threadlab_sim::parse("thread t x 10000 { cpu 1 }\nthread u { cpu 1 }").unwrap();
        match sweep(&big, &spec("copies:u=1,2").unwrap(), &RunOptions::default()) {
            Err(ExperimentError::Invalid { value: 1, .. }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn texts_are_compared_with_their_labels() {
        let texts = [
            ("a".to_string(), "thread a { cpu 3 }".to_string()),
            ("b".into(), "cores 2\nthread a x2 { cpu 3 }".into()),
        ];
        let v = compare_texts(&texts, &RunOptions::default()).unwrap();
        assert_eq!(v.iter().map(|v| (v.label.as_str(), v.numbers.makespan)).collect::<Vec<_>>(), [("a", 3), ("b", 3)]);
        let bad = [("a".to_string(), "thread a { cpu 3 }".to_string()), ("b".into(), "thread {".into())];
        assert_eq!(compare_texts(&bad, &RunOptions::default()).unwrap_err().index, 1);
    }
}
