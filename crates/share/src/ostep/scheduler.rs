//! OSTEP's `cpu-sched/scheduler.py` (ostep-homework), reimplemented for issue 14: the same
//! command line (`-s SEED -j JOBS -l JLIST -m MAXLEN -p FIFO|SJF|RR -q QUANTUM -c -h`, parsed
//! as Python's optparse parses it) prints the same text, character for character: the job
//! list, then either the questions or (`-c`) the execution trace and the final statistics
//! (response, turnaround and wait per job, and their averages). Random jobs are drawn with
//! Python's generator ([`PyRandom`]) exactly as the original draws them.
//!
//! [`parse`] gives the flags as [`Options`], [`simulate`] the typed answers ([`Simulation`]:
//! the job list, the trace rows and the per-job numbers, for the app's OSTEP-style table and
//! the equivalent Threadlab scenario), and [`run`] the text the original prints.
//!
//! Where the original would fail (a Python exception: a job list that is not numbers, `-c`
//! with no jobs, a time that is infinite or not a number) [`run`] returns `Err` with the
//! exception's last line (`ValueError: …`); the output printed before it is not returned.
//! Where it would run forever or print without bound (RR with a quantum <= 0 or an infinite
//! job, millions of jobs) this port stops and says so: at most [`MAX_JOBS`] random jobs and
//! [`MAX_TRACE_ROWS`] trace rows. Integers must fit in 64 bits (Python's have no bound).

use super::pyrandom::PyRandom;
use super::python::{py_float, py_repr};
use std::fmt::Write as _;

/// The most random jobs (`-j`) this port draws; the original has no bound.
pub const MAX_JOBS: i64 = 100_000;
/// The most rows of an execution trace this port computes (RR with a quantum <= 0 runs forever).
pub const MAX_TRACE_ROWS: usize = 200_000;

const PROG: &str = "scheduler.py";
const USAGE: &str = "Usage: scheduler.py [options]\n";
const HELP: &str = "Usage: scheduler.py [options]

Options:
  -h, --help            show this help message and exit
  -s SEED, --seed=SEED  the random seed
  -j JOBS, --jobs=JOBS  number of jobs in the system
  -l JLIST, --jlist=JLIST
                        instead of random jobs, provide a comma-separated list
                        of run times
  -m MAXLEN, --maxlen=MAXLEN
                        max length of job
  -p POLICY, --policy=POLICY
                        sched policy to use: SJF, FIFO, RR
  -q QUANTUM, --quantum=QUANTUM
                        length of time slice for RR policy
  -c                    compute answers for me
";

/// The scheduling policy (`-p`); any other word is kept, and `-c` then prints
/// `Error: Policy … is not available.` as the original does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Policy {
    Fifo,
    Sjf,
    Rr,
    Other(String),
}

impl Policy {
    fn from_word(word: &str) -> Policy {
        match word {
            "FIFO" => Policy::Fifo,
            "SJF" => Policy::Sjf,
            "RR" => Policy::Rr,
            other => Policy::Other(other.to_string()),
        }
    }

    /// The word as given on the command line.
    pub fn word(&self) -> &str {
        match self {
            Policy::Fifo => "FIFO",
            Policy::Sjf => "SJF",
            Policy::Rr => "RR",
            Policy::Other(w) => w,
        }
    }
}

/// The flags of `scheduler.py`, with its defaults.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// `-s`: the random seed (default 0).
    pub seed: i64,
    /// `-j`: how many random jobs (default 3; <= 0 gives none).
    pub jobs: i64,
    /// `-l`: the job list as given (empty: random jobs); its run times are [`Options::run_times`].
    pub jlist: String,
    /// The run times of `-l`, as Python's `float()` reads them (`None` without `-l`).
    pub run_times: Option<Vec<f64>>,
    /// `-m`: the longest random job (default 10).
    pub maxlen: i64,
    /// `-p` (default FIFO).
    pub policy: Policy,
    /// `-q`: RR's time slice (default 1).
    pub quantum: i64,
    /// `-c`: print the answers.
    pub solve: bool,
    /// `-h`: print the help (and nothing else).
    pub help: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seed: 0,
            jobs: 3,
            jlist: String::new(),
            run_times: None,
            maxlen: 10,
            policy: Policy::Fifo,
            quantum: 1,
            solve: false,
            help: false,
        }
    }
}

/// A number as the original holds it: random run times (and FIFO's clock over them) are Python
/// ints, run times from `-l` and everything derived from them are floats.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    /// The value as a float (Python's `float(n)`).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    /// Python's `a + b`.
    fn add(self, other: Num) -> Num {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Num::Int(a + b),
            (a, b) => Num::Float(a.as_f64() + b.as_f64()),
        }
    }

    /// Python's `str(n)`.
    fn py_str(self) -> String {
        match self {
            Num::Int(i) => i.to_string(),
            Num::Float(f) => float_repr(f),
        }
    }

    /// Python's `'%3d' % n`, or the exception it raises.
    fn fmt_d3(self) -> Result<String, String> {
        match self {
            Num::Int(i) => Ok(format!("{i:3}")),
            Num::Float(f) => Ok(format!("{:>3}", float_to_int_text(f)?)),
        }
    }

    /// Python's `'%.2f' % n`.
    fn fmt_2f(self) -> String {
        fmt_2f(self.as_f64())
    }
}

/// One job: its number and run time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Job {
    pub id: usize,
    pub length: Num,
}

/// One row of the execution trace: at `start`, job `job` runs for `ran`; `done_at` when it
/// finishes then.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slice {
    pub start: Num,
    pub job: usize,
    pub ran: Num,
    pub done_at: Option<Num>,
}

/// One job's final statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JobStats {
    pub job: usize,
    pub response: f64,
    pub turnaround: f64,
    pub wait: f64,
}

/// The answers of `-c`.
#[derive(Clone, Debug, PartialEq)]
pub enum Solution {
    /// A known policy: the trace, each job's numbers (FIFO/SJF in the order the jobs ran, RR
    /// by job number, as the original prints them) and the averages.
    Ran { trace: Vec<Slice>, stats: Vec<JobStats>, average: JobStats },
    /// `-p` named no policy the original knows.
    UnknownPolicy(String),
}

/// What `scheduler.py` computes for a command line.
#[derive(Clone, Debug, PartialEq)]
pub struct Simulation {
    /// The job list, in job-number order.
    pub jobs: Vec<Job>,
    /// With `-c`: the answers.
    pub solution: Option<Solution>,
}

/// Python's optparse error: the usage line and `scheduler.py: error: MSG`.
fn usage_error(msg: &str) -> String {
    format!("{USAGE}\n{PROG}: error: {msg}\n")
}

const LONG_OPTS: [&str; 7] = ["--help", "--jlist", "--jobs", "--maxlen", "--policy", "--quantum", "--seed"];

/// Reads `scheduler.py`'s command line (the arguments after the program name) as optparse
/// does: short options may be clustered (`-cs5`), long ones abbreviated (`--se=5`), values
/// follow or are attached, `--` ends the options, other words are ignored; integers as
/// optparse reads them (`0x1f`, `017` octal, `0b101`). `-h` stops there (the help is printed).
/// `Err` is the text optparse prints before exiting with status 2.
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options::default();
    let mut rargs: std::collections::VecDeque<String> = args.iter().cloned().collect();
    while let Some(arg) = rargs.pop_front() {
        if arg == "--" {
            break;
        } else if let Some(body) = arg.strip_prefix("--") {
            let (name, explicit) = match body.split_once('=') {
                Some((n, v)) => (format!("--{n}"), Some(v.to_string())),
                None => (arg.clone(), None),
            };
            let opt = match_long(&name)?;
            if opt == "--help" {
                if explicit.is_some() {
                    return Err(usage_error("--help option does not take a value"));
                }
                o.help = true;
                return Ok(o);
            }
            let value = match explicit {
                Some(v) => v,
                None => rargs.pop_front().ok_or_else(|| usage_error(&format!("{opt} option requires 1 argument")))?,
            };
            store(&mut o, opt, &value)?;
        } else if arg.starts_with('-') && arg.chars().count() > 1 {
            let chars: Vec<char> = arg.chars().collect();
            let mut i = 1;
            while i < chars.len() {
                let ch = chars[i];
                i += 1;
                let opt = format!("-{ch}");
                match ch {
                    'h' => {
                        o.help = true;
                        return Ok(o);
                    }
                    'c' => o.solve = true,
                    's' | 'j' | 'l' | 'm' | 'p' | 'q' => {
                        let value = if i < chars.len() {
                            chars[i..].iter().collect()
                        } else {
                            rargs
                                .pop_front()
                                .ok_or_else(|| usage_error(&format!("{opt} option requires 1 argument")))?
                        };
                        store(&mut o, &opt, &value)?;
                        break;
                    }
                    _ => return Err(usage_error(&format!("no such option: {opt}"))),
                }
            }
        }
        // Any other word is a positional argument, which the original ignores.
    }
    if !o.jlist.is_empty() {
        let mut times = Vec::new();
        for part in o.jlist.split(',') {
            match py_float(part) {
                Some(f) => times.push(f),
                None => {
                    return Err(format!("ValueError: could not convert string to float: {}\n", py_repr(part)));
                }
            }
        }
        o.run_times = Some(times);
    }
    Ok(o)
}

/// optparse's `_match_long_opt`: the exact name, or the one long option it abbreviates.
fn match_long(name: &str) -> Result<&'static str, String> {
    if let Some(exact) = LONG_OPTS.iter().find(|l| **l == name) {
        return Ok(exact);
    }
    let found: Vec<&'static str> = LONG_OPTS.iter().copied().filter(|l| l.starts_with(name)).collect();
    match found.len() {
        1 => Ok(found[0]),
        0 => Err(usage_error(&format!("no such option: {name}"))),
        _ => Err(usage_error(&format!("ambiguous option: {name} ({}?)", found.join(", ")))),
    }
}

fn store(o: &mut Options, opt: &str, value: &str) -> Result<(), String> {
    let int = || -> Result<i64, String> {
        let bad = || usage_error(&format!("option {opt}: invalid integer value: {}", py_repr(value)));
        match optparse_int(value) {
            IntValue::Bad => Err(bad()),
            IntValue::Big => Err(format!(
                "{PROG}: error: option {opt}: {}: this port takes integers of at most 64 bits\n",
                py_repr(value)
            )),
            IntValue::Ok(v) => Ok(v),
        }
    };
    match opt {
        "-s" | "--seed" => o.seed = int()?,
        "-j" | "--jobs" => o.jobs = int()?,
        "-m" | "--maxlen" => o.maxlen = int()?,
        "-q" | "--quantum" => o.quantum = int()?,
        "-l" | "--jlist" => o.jlist = value.to_string(),
        _ => o.policy = Policy::from_word(value),
    }
    Ok(())
}

enum IntValue {
    Ok(i64),
    Bad,
    Big,
}

/// optparse's `_parse_int`: the radix from the raw text's start (`0x` 16, `0b` 2, `0` 8, else
/// 10), then Python's `int(text, radix)`.
fn optparse_int(val: &str) -> IntValue {
    let lower2: String = val.chars().take(2).collect::<String>().to_ascii_lowercase();
    let (text, radix) = if lower2 == "0x" {
        (val, 16)
    } else if lower2 == "0b" {
        let rest = &val[2..];
        (if rest.is_empty() { "0" } else { rest }, 2)
    } else if val.starts_with('0') {
        (val, 8)
    } else {
        (val, 10)
    };
    py_int(text, radix)
}

fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `int(text, radix)` for radix 2, 8, 10, 16 (ASCII digits only).
fn py_int(text: &str, radix: u32) -> IntValue {
    let s = text.trim_matches(is_py_space);
    let (neg, s) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let prefix = match radix {
        16 => "0x",
        8 => "0o",
        2 => "0b",
        _ => "",
    };
    let (s, after_prefix) = if !prefix.is_empty() && s.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
        (&s[2..], true)
    } else {
        (s, false)
    };
    let mut digits = String::new();
    let mut prev_underscore = false;
    for (k, c) in s.chars().enumerate() {
        if c == '_' {
            if prev_underscore || (k == 0 && !after_prefix) {
                return IntValue::Bad;
            }
            prev_underscore = true;
        } else if c.is_digit(radix) {
            digits.push(c);
            prev_underscore = false;
        } else {
            return IntValue::Bad;
        }
    }
    if digits.is_empty() || prev_underscore {
        return IntValue::Bad;
    }
    let mut v: i128 = 0;
    for c in digits.chars() {
        let d = i128::from(c.to_digit(radix).unwrap_or(0));
        v = v * i128::from(radix) + d;
        if v > i128::from(u64::MAX) {
            return IntValue::Big;
        }
    }
    let v = if neg { -v } else { v };
    i64::try_from(v).map_or(IntValue::Big, IntValue::Ok)
}

/// Python's `repr(float)` (`str(float)`): the shortest digits that read back, in fixed
/// notation when the decimal point is within 16 digits, `1e+16` / `1e-05` otherwise.
fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let e = format!("{x:e}");
    let (sign, e) = match e.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", e.as_str()),
    };
    let (mant, exp) = e.split_once('e').unwrap_or((e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mant.chars().filter(|c| *c != '.').collect();
    let decpt = exp + 1;
    let n = digits.len() as i32;
    let body = if decpt <= -4 || decpt > 16 {
        let rest = if digits.len() > 1 { format!(".{}", &digits[1..]) } else { String::new() };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{}{rest}e{esign}{:02}", &digits[..1], exp.unsigned_abs())
    } else if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat(decpt.unsigned_abs() as usize))
    } else if decpt >= n {
        format!("{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        format!("{}.{}", &digits[..decpt as usize], &digits[decpt as usize..])
    };
    format!("{sign}{body}")
}

/// Python's `'%.2f' % x` (exact value, ties to even; `inf`, `nan` without sign).
fn fmt_2f(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else {
        format!("{x:.2}")
    }
}

/// Python's `int(x)` as text, or the exception `'%d' % x` raises.
fn float_to_int_text(x: f64) -> Result<String, String> {
    if x.is_nan() {
        return Err("ValueError: cannot convert float NaN to integer\n".into());
    }
    if x.is_infinite() {
        return Err("OverflowError: cannot convert float infinity to integer\n".into());
    }
    let t = x.trunc();
    Ok(if t == 0.0 { "0".into() } else { format!("{t:.0}") })
}

/// Python's `sorted(jobs, key=length)`: stable; for fewer than 64 jobs the very steps of
/// CPython's timsort (a run, then binary insertion), so that `nan` lengths end where they do
/// there. With 64 jobs or more and a `nan`, `Err` (not reproduced).
fn sort_sjf(jobs: &mut [Job]) -> Result<(), String> {
    let lt = |a: &Job, b: &Job| match (a.length, b.length) {
        (Num::Int(x), Num::Int(y)) => x < y,
        (x, y) => x.as_f64() < y.as_f64(),
    };
    let n = jobs.len();
    if n < 2 {
        return Ok(());
    }
    if n >= 64 {
        if jobs.iter().any(|j| j.length.as_f64().is_nan()) {
            return Err(format!("{PROG}: error: SJF over {n} jobs with a nan length is not reproduced by this port\n"));
        }
        jobs.sort_by(|a, b| match (a.length, b.length) {
            (Num::Int(x), Num::Int(y)) => x.cmp(&y),
            (x, y) => x.as_f64().partial_cmp(&y.as_f64()).unwrap_or(std::cmp::Ordering::Equal),
        });
        return Ok(());
    }
    // count_run
    let mut run = 2;
    if lt(&jobs[1], &jobs[0]) {
        while run < n && lt(&jobs[run], &jobs[run - 1]) {
            run += 1;
        }
        jobs[..run].reverse();
    } else {
        while run < n && !lt(&jobs[run], &jobs[run - 1]) {
            run += 1;
        }
    }
    // binarysort from the end of the run
    for start in run..n {
        let pivot = jobs[start];
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if lt(&pivot, &jobs[p]) {
                r = p;
            } else {
                l = p + 1;
            }
        }
        jobs.copy_within(l..start, l + 1);
        jobs[l] = pivot;
    }
    Ok(())
}

/// The job list and, with `-c`, the answers, as the original computes them. `Err`: the
/// original's exception (`ZeroDivisionError: …` for `-c` without jobs, `ValueError` /
/// `OverflowError` for a trace time that is `nan` / infinite), or this port's bound.
pub fn simulate(o: &Options) -> Result<Simulation, String> {
    let jobs: Vec<Job> = match &o.run_times {
        Some(times) => times.iter().enumerate().map(|(id, t)| Job { id, length: Num::Float(*t) }).collect(),
        None => {
            if o.jobs > MAX_JOBS {
                return Err(format!("{PROG}: error: option -j: {} jobs: this port draws at most {MAX_JOBS}\n", o.jobs));
            }
            let mut rng = PyRandom::new(o.seed);
            let maxlen = o.maxlen as f64;
            (0..o.jobs.max(0) as usize)
                .map(|id| Job { id, length: Num::Int((maxlen * rng.random()).trunc() as i128 + 1) })
                .collect()
        }
    };
    if !o.solve {
        return Ok(Simulation { jobs, solution: None });
    }
    let solution = match &o.policy {
        Policy::Fifo | Policy::Sjf => {
            let mut order = jobs.clone();
            if o.policy == Policy::Sjf {
                sort_sjf(&mut order)?;
            }
            fifo(&order)?
        }
        Policy::Rr => rr(&jobs, o.quantum as f64)?,
        Policy::Other(w) => Solution::UnknownPolicy(w.clone()),
    };
    Ok(Simulation { jobs, solution: Some(solution) })
}

fn check_start(t: Num) -> Result<(), String> {
    if let Num::Float(f) = t {
        float_to_int_text(f)?;
    }
    Ok(())
}

fn average(stats: &[JobStats], sums: (f64, f64, f64)) -> Result<JobStats, String> {
    if stats.is_empty() {
        return Err("ZeroDivisionError: float division by zero\n".into());
    }
    let n = stats.len() as f64;
    Ok(JobStats { job: 0, response: sums.0 / n, turnaround: sums.1 / n, wait: sums.2 / n })
}

fn fifo(order: &[Job]) -> Result<Solution, String> {
    let mut trace = Vec::new();
    let mut thetime = Num::Int(0);
    for job in order {
        check_start(thetime)?;
        let done = thetime.add(job.length);
        trace.push(Slice { start: thetime, job: job.id, ran: job.length, done_at: Some(done) });
        thetime = done;
    }
    let mut stats = Vec::new();
    let mut t = 0.0f64;
    let mut sums = (0.0, 0.0, 0.0);
    for job in order {
        let runtime = job.length.as_f64();
        let s = JobStats { job: job.id, response: t, turnaround: t + runtime, wait: t };
        sums.0 += s.response;
        sums.1 += s.turnaround;
        sums.2 += s.wait;
        t += runtime;
        stats.push(s);
    }
    let average = average(&stats, sums)?;
    Ok(Solution::Ran { trace, stats, average })
}

fn rr(jobs: &[Job], quantum: f64) -> Result<Solution, String> {
    let n = jobs.len();
    let mut lastran = vec![0.0f64; n];
    let mut wait = vec![0.0f64; n];
    let mut turnaround = vec![0.0f64; n];
    let mut response = vec![-1.0f64; n];
    let mut runlist: std::collections::VecDeque<(usize, f64)> =
        jobs.iter().map(|j| (j.id, j.length.as_f64())).collect();
    let mut trace = Vec::new();
    let mut thetime = 0.0f64;
    let mut jobcount = n;
    while jobcount > 0 {
        let Some((id, mut runtime)) = runlist.pop_front() else { break };
        if trace.len() >= MAX_TRACE_ROWS {
            return Err(format!(
                "{PROG}: error: the RR trace would have more than {MAX_TRACE_ROWS} rows (the original may run forever): not run\n"
            ));
        }
        if response[id] == -1.0 {
            response[id] = thetime;
        }
        wait[id] += thetime - lastran[id];
        check_start(Num::Float(thetime))?;
        let ranfor;
        if runtime > quantum {
            runtime -= quantum;
            ranfor = quantum;
            trace.push(Slice { start: Num::Float(thetime), job: id, ran: Num::Float(ranfor), done_at: None });
            runlist.push_back((id, runtime));
        } else {
            ranfor = runtime;
            let done = thetime + ranfor;
            trace.push(Slice {
                start: Num::Float(thetime),
                job: id,
                ran: Num::Float(ranfor),
                done_at: Some(Num::Float(done)),
            });
            turnaround[id] = done;
            jobcount -= 1;
        }
        thetime += ranfor;
        lastran[id] = thetime;
    }
    let mut sums = (0.0, 0.0, 0.0);
    let mut stats = Vec::new();
    for i in 0..n {
        sums.1 += turnaround[i];
        sums.0 += response[i];
        sums.2 += wait[i];
        stats.push(JobStats { job: i, response: response[i], turnaround: turnaround[i], wait: wait[i] });
    }
    let average = average(&stats, sums)?;
    Ok(Solution::Ran { trace, stats, average })
}

/// Runs `scheduler.py ARGS` (the arguments after the program name, as a shell splits them):
/// the text it prints, or what optparse would say for a bad command line (or the original's
/// exception, or this port's bound: see the module's doc).
pub fn run(args: &[String]) -> Result<String, String> {
    let o = parse(args)?;
    if o.help {
        return Ok(HELP.to_string());
    }
    let sim = simulate(&o)?;
    let mut out = String::new();
    let _ = writeln!(out, "ARG policy {}", o.policy.word());
    if o.run_times.is_none() {
        let _ = writeln!(out, "ARG jobs {}", o.jobs);
        let _ = writeln!(out, "ARG maxlen {}", o.maxlen);
        let _ = writeln!(out, "ARG seed {}", o.seed);
    } else {
        let _ = writeln!(out, "ARG jlist {}", o.jlist);
    }
    out.push('\n');
    out.push_str("Here is the job list, with the run time of each job: \n");
    for job in &sim.jobs {
        let _ = writeln!(out, "  Job {} ( length = {} )", job.id, job.length.py_str());
    }
    out.push_str("\n\n");
    match &sim.solution {
        None => out.push_str(
            "Compute the turnaround time, response time, and wait time for each job.\n\
             When you are done, run this program again, with the same arguments,\n\
             but with -c, which will thus provide you with the answers. You can use\n\
             -s <somenumber> or your own job list (-l 10,15,20 for example)\n\
             to generate different problems for yourself.\n\n",
        ),
        Some(solution) => {
            out.push_str("** Solutions **\n\n");
            match solution {
                Solution::UnknownPolicy(w) => {
                    let _ = writeln!(out, "Error: Policy {w} is not available.");
                }
                Solution::Ran { trace, stats, average } => {
                    let rr = o.policy == Policy::Rr;
                    out.push_str("Execution trace:\n");
                    for row in trace {
                        let start = row.start.fmt_d3()?;
                        let ran = row.ran.fmt_2f();
                        let done = row.done_at.map(|d| format!(" ( DONE at {} )", d.fmt_2f())).unwrap_or_default();
                        if rr {
                            let _ = writeln!(out, "  [ time {start} ] Run job {:3} for {ran} secs{done}", row.job);
                        } else {
                            let _ = writeln!(out, "  [ time {start} ] Run job {} for {ran} secs{done}", row.job);
                        }
                    }
                    out.push_str("\nFinal statistics:\n");
                    for s in stats {
                        let _ = writeln!(
                            out,
                            "  Job {:3} -- Response: {}  Turnaround {}  Wait {}",
                            s.job,
                            fmt_2f(s.response),
                            fmt_2f(s.turnaround),
                            fmt_2f(s.wait)
                        );
                    }
                    let _ = writeln!(
                        out,
                        "\n  Average -- Response: {}  Turnaround {}  Wait {}\n",
                        fmt_2f(average.response),
                        fmt_2f(average.turnaround),
                        fmt_2f(average.wait)
                    );
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_repr_is_pythons() {
        for (x, want) in [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (5.0, "5.0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (9_999_999_999_999_998.0, "9999999999999998.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-5, "1.5e-05"),
            (1e300, "1e+300"),
            (5e-324, "5e-324"),
            (123.456, "123.456"),
        ] {
            assert_eq!(float_repr(x), want);
        }
    }

    #[test]
    fn python_float_and_int_grammar() {
        assert_eq!(py_float("1_0"), Some(10.0));
        assert_eq!(py_float(" 1e1_0 "), Some(1e10));
        for bad in ["1_.5", ".e5", "1__0", "_1", "1_", "0x10", "1e", "", ".", "-"] {
            assert_eq!(py_float(bad), None, "{bad}");
        }
        assert!(matches!(optparse_int("0x_1f"), IntValue::Ok(31)));
        assert!(matches!(optparse_int("017"), IntValue::Ok(15)));
        assert!(matches!(optparse_int("0b"), IntValue::Ok(0)));
        assert!(matches!(optparse_int(" 017 "), IntValue::Ok(17)));
        assert!(matches!(optparse_int("08"), IntValue::Bad));
        assert!(matches!(optparse_int("-0x5"), IntValue::Bad));
        assert!(matches!(optparse_int("99999999999999999999999"), IntValue::Big));
    }
}
