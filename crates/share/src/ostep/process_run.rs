//! OSTEP's `process-run.py` (ostep-homework, `cpu-intro`), reimplemented so that the same
//! command line prints the same text, character for character: the questions (the
//! processes' instructions), and with `-c` the per-tick trace table, with `-p` the `Stats:`
//! lines. Random processes (`-l X:Y`) draw what the original draws (Python's generator,
//! [`PyRandom`], seeded by `-s`).
//!
//! - [`run`]: the arguments after the program name → the text the script prints, or the text
//!   it prints when it fails (optparse's usage error, the script's own messages, the last line
//!   of a Python traceback: [`exit_code`] says which exit status the original has);
//! - [`parse`]: the command line → typed [`Options`] (the flags, the processes' descriptions);
//! - [`simulate`]: the [`Options`] → a [`Simulation`]: the processes' instructions, each
//!   tick's row (what every process does, the CPU, the I/Os in flight) and the totals.
//!
//! The original's rules, kept as they are: a process switches on I/O (`SWITCH_ON_IO`) to the
//! next READY pid after the current one, or only at its end (`SWITCH_ON_END`); an I/O is an
//! issuing tick (`io`), `-L` ticks blocked, then an `io_done` instruction; the process whose
//! I/O ends runs at once (`IO_RUN_IMMEDIATE`) or when its turn comes (`IO_RUN_LATER`).
//!
//! Where this differs from running the script: what would run for hours or fill memory is
//! refused with an error ([`MAX_INSTRUCTIONS`], [`MAX_CELLS`]); a traceback is reduced to its
//! last line; `repr` in messages knows Python's unprintable characters only roughly.

use super::pyrandom::PyRandom;
use super::python::{ascii_number, is_py_space, py_float, py_repr};
use std::collections::VecDeque;
use std::fmt::Write;

/// The most instructions the processes may ask for (the `X` of every `-l X:Y`, or the
/// `c`/`i` of `-P`, summed); above it [`parse`] refuses instead of drawing and listing them.
pub const MAX_INSTRUCTIONS: u64 = 1_000_000;

/// The most cells the trace table may have (ticks × (processes + 2)); above it [`simulate`]
/// stops (a long `-L` would otherwise print millions of blocked ticks).
pub const MAX_CELLS: u64 = 1_000_000;

/// When the CPU goes to another process (`-S`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Switch {
    /// `SWITCH_ON_IO` (the default): when the current process ends or issues an I/O.
    OnIo,
    /// `SWITCH_ON_END`: only when the current process ends.
    OnEnd,
}

/// What happens when an I/O completes (`-I`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoDone {
    /// `IO_RUN_LATER` (the default): the process runs when its turn comes.
    RunLater,
    /// `IO_RUN_IMMEDIATE`: the process runs at once, the running one goes back to READY.
    RunImmediate,
}

/// The seed (`-s`), an integer of any size as Python has it: only |n| matters to the draws.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seed {
    negative: bool,
    /// |n| in 32-bit words from the least significant, no high zero words (empty for 0).
    words: Vec<u32>,
}

impl Seed {
    /// A seed from a machine integer.
    pub fn new(n: i64) -> Seed {
        let m = n.unsigned_abs();
        let mut words = vec![m as u32, (m >> 32) as u32];
        trim(&mut words);
        Seed { negative: n < 0, words }
    }

    /// The seed as an `i64`, when it fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.words.len() > 2 {
            return None;
        }
        let m = self.words.iter().rev().fold(0u64, |acc, &w| (acc << 32) | u64::from(w));
        if self.negative {
            0i64.checked_sub_unsigned(m)
        } else {
            i64::try_from(m).ok()
        }
    }

    /// `random.seed(n)`.
    pub fn rng(&self) -> PyRandom {
        PyRandom::from_key(&self.words)
    }
}

/// One item of a `-P` program (`c7`, `i`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `cN`: N CPU instructions (a negative N gives none, as `range(N)` does).
    Compute(u64),
    /// `i`: an I/O, then its `io_done`.
    Io,
}

/// One `X:Y` of `-l`: X instructions, each a CPU one with chance Y%.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RandomProcess {
    /// X (a negative X gives none).
    pub instructions: u64,
    /// Y / 100, compared with `random.random()` (an instruction is CPU when the draw is less).
    pub cpu_chance: f64,
}

/// The processes, as the command line describes them.
#[derive(Clone, Debug, PartialEq)]
pub enum Workload {
    /// `-P` (given and not empty): each process's program; `-l` is then ignored.
    Programs(Vec<Vec<Step>>),
    /// `-l`: each process drawn at random.
    Random(Vec<RandomProcess>),
}

/// The command line of `process-run.py`, checked as the script checks it.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// `-h`/`--help`: print the help and nothing else (the other fields are then defaults).
    pub help: bool,
    /// `-s` (default 0).
    pub seed: Seed,
    /// `-P` or `-l`.
    pub workload: Workload,
    /// `-L` (default 5): the ticks an I/O keeps a process BLOCKED (huge values saturate).
    pub io_length: u64,
    /// `-S`.
    pub switch: Switch,
    /// `-I`.
    pub io_done: IoDone,
    /// `-c`: compute the answers (the trace) instead of asking.
    pub solve: bool,
    /// `-p`: the `Stats:` lines after the trace (only with `-c`).
    pub print_stats: bool,
}

impl Options {
    fn help() -> Options {
        Options {
            help: true,
            seed: Seed::default(),
            workload: Workload::Random(Vec::new()),
            io_length: 5,
            switch: Switch::OnIo,
            io_done: IoDone::RunLater,
            solve: false,
            print_stats: false,
        }
    }
}

/// What a process does in one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Instruction {
    /// `cpu`.
    Cpu,
    /// `io`: issue an I/O (one tick on the CPU), then BLOCKED.
    Io,
    /// `io_done`: handle the I/O's completion (one tick on the CPU).
    IoDone,
}

impl Instruction {
    /// The script's name for it.
    pub fn name(self) -> &'static str {
        match self {
            Instruction::Cpu => "cpu",
            Instruction::Io => "io",
            Instruction::IoDone => "io_done",
        }
    }
}

/// A process's cell in a tick's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cell {
    /// `RUN:cpu`, `RUN:io`, `RUN:io_done`: on the CPU, executing that instruction.
    Run(Instruction),
    /// `RUNNING` without an instruction (a process with nothing left to run, its last tick).
    Running,
    /// `READY`.
    Ready,
    /// `BLOCKED`: waiting for its I/O.
    Blocked,
    /// `DONE`.
    Done,
}

impl Cell {
    /// The text of the cell in the table.
    pub fn text(self) -> &'static str {
        match self {
            Cell::Run(Instruction::Cpu) => "RUN:cpu",
            Cell::Run(Instruction::Io) => "RUN:io",
            Cell::Run(Instruction::IoDone) => "RUN:io_done",
            Cell::Running => "RUNNING",
            Cell::Ready => "READY",
            Cell::Blocked => "BLOCKED",
            Cell::Done => "DONE",
        }
    }
}

/// One row of the trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    /// The clock, from 1.
    pub time: u64,
    /// An I/O completed at this tick (the `*` after the time).
    pub io_done: bool,
    /// Each process's cell, by pid.
    pub cells: Vec<Cell>,
    /// The CPU executed an instruction (the `1` of the CPU column).
    pub cpu: bool,
    /// The I/Os in flight after this tick's completions (the IOs column; blank when 0).
    pub ios_in_flight: u64,
}

/// The answer to the homework: the trace and its totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Simulation {
    /// Each process's instructions, by pid (what the questions list).
    pub processes: Vec<Vec<Instruction>>,
    /// The rows, one per tick.
    pub ticks: Vec<Tick>,
    /// Ticks the CPU executed an instruction.
    pub cpu_busy: u64,
    /// Ticks at least one I/O was in flight.
    pub io_busy: u64,
}

impl Simulation {
    /// `Stats: Total Time`.
    pub fn total_time(&self) -> u64 {
        self.ticks.len() as u64
    }
}

/// Runs `process-run.py ARGS` (the arguments after the program name, as a shell splits them):
/// the text it prints, or what it prints when it fails (see [`exit_code`]).
pub fn run(args: &[String]) -> Result<String, String> {
    let options = parse(args)?;
    if options.help {
        return Ok(HELP.to_string());
    }
    if !options.solve {
        return Ok(questions(&options));
    }
    let sim = simulate(&options)?;
    Ok(answers(&sim, options.print_stats))
}

/// The exit status of the original for an error text of [`run`] or [`parse`]: 2 for
/// optparse's usage errors (`Usage: …`), 1 for the rest (the script's own messages, Python
/// exceptions, and this reimplementation's limits).
pub fn exit_code(error: &str) -> i32 {
    if error.starts_with("Usage: ") {
        2
    } else {
        1
    }
}

/// The command line, checked in the script's order: optparse (unknown options, missing or
/// non-integer values, `-h`), the `-S`/`-I` asserts, each process's description, the `-L`
/// assert, then this reimplementation's size limit.
pub fn parse(args: &[String]) -> Result<Options, String> {
    let Some(raw) = optparse(args)? else {
        return Ok(Options::help());
    };
    let switch = match raw.switch.as_str() {
        "SWITCH_ON_IO" => Switch::OnIo,
        "SWITCH_ON_END" => Switch::OnEnd,
        _ => return Err(ASSERTION.to_string()),
    };
    let io_done = match raw.io_done.as_str() {
        "IO_RUN_LATER" => IoDone::RunLater,
        "IO_RUN_IMMEDIATE" => IoDone::RunImmediate,
        _ => return Err(ASSERTION.to_string()),
    };
    let workload = if raw.program.is_empty() {
        Workload::Random(raw.process_list.split(',').map(load_random).collect::<Result<_, _>>()?)
    } else {
        Workload::Programs(raw.program.split(':').map(load_program).collect::<Result<_, _>>()?)
    };
    if raw.io_length.negative {
        return Err(ASSERTION.to_string());
    }
    within_limit(&workload)?;
    Ok(Options {
        help: false,
        seed: Seed { negative: raw.seed.negative, words: raw.seed.words },
        workload,
        io_length: raw.io_length.saturating_u64(),
        switch,
        io_done,
        solve: raw.solve,
        print_stats: raw.print_stats,
    })
}

/// The instructions the processes ask for: the `X` of each `-l X:Y` (each may come with an
/// `io_done`), the `c`s and `i`s (with their `io_done`) of `-P`.
pub fn instructions_asked(workload: &Workload) -> u64 {
    match workload {
        Workload::Programs(ps) => ps
            .iter()
            .flatten()
            .map(|s| match s {
                Step::Compute(n) => *n,
                Step::Io => 2,
            })
            .fold(0, u64::saturating_add),
        Workload::Random(ps) => ps.iter().map(|p| p.instructions).fold(0, u64::saturating_add),
    }
}

fn within_limit(workload: &Workload) -> Result<(), String> {
    let asked = instructions_asked(workload);
    if asked > MAX_INSTRUCTIONS {
        return Err(format!(
            "process-run: the processes ask for {asked} instructions; this reimplementation \
             stops at {MAX_INSTRUCTIONS}\n"
        ));
    }
    Ok(())
}

/// Each process's instructions (drawing the random ones from `random.seed(seed)`, in pid
/// order, one draw per instruction). It makes every instruction asked: [`parse`] keeps that
/// under [`MAX_INSTRUCTIONS`]; for `Options` built otherwise, see [`instructions_asked`].
pub fn processes(options: &Options) -> Vec<Vec<Instruction>> {
    match &options.workload {
        Workload::Programs(programs) => programs
            .iter()
            .map(|steps| {
                let mut code = Vec::new();
                for step in steps {
                    match *step {
                        Step::Compute(n) => code.extend((0..n).map(|_| Instruction::Cpu)),
                        Step::Io => code.extend([Instruction::Io, Instruction::IoDone]),
                    }
                }
                code
            })
            .collect(),
        Workload::Random(list) => {
            let mut rng = options.seed.rng();
            list.iter()
                .map(|p| {
                    let mut code = Vec::new();
                    for _ in 0..p.instructions {
                        if rng.random() < p.cpu_chance {
                            code.push(Instruction::Cpu);
                        } else {
                            code.extend([Instruction::Io, Instruction::IoDone]);
                        }
                    }
                    code
                })
                .collect()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Ready,
    Running,
    Blocked,
    Done,
}

/// The scheduler's state while it runs (the script's `scheduler` class).
struct Machine {
    state: Vec<State>,
    code: Vec<Vec<Instruction>>,
    pc: Vec<usize>,
    curr: usize,
}

impl Machine {
    fn runnable(&self) -> usize {
        self.state.iter().filter(|s| matches!(s, State::Ready | State::Running)).count()
    }

    /// `next_proc(pid)`: run this READY process.
    fn run_pid(&mut self, pid: usize) -> Result<(), String> {
        self.curr = pid;
        if self.state[pid] != State::Ready {
            return Err(ASSERTION.to_string());
        }
        self.state[pid] = State::Running;
        Ok(())
    }

    /// `next_proc()`: the first READY pid after the current one, wrapping around; none: stay.
    fn next_proc(&mut self) {
        let n = self.state.len();
        if let Some(pid) = (self.curr + 1..n).chain(0..=self.curr).find(|&p| self.state[p] == State::Ready) {
            self.curr = pid;
            self.state[pid] = State::Running;
        }
    }

    /// `check_if_done()`: a RUNNING process with nothing left ends; the next one runs.
    fn check_if_done(&mut self) {
        let c = self.curr;
        if self.pc[c] >= self.code[c].len() && self.state[c] == State::Running {
            self.state[c] = State::Done;
            self.next_proc();
        }
    }
}

/// Runs the processes as `process-run.py -c` does, tick by tick (an error past
/// [`MAX_INSTRUCTIONS`] or [`MAX_CELLS`]).
pub fn simulate(options: &Options) -> Result<Simulation, String> {
    within_limit(&options.workload)?;
    let code = processes(options);
    let n = code.len();
    let mut sim = Simulation { processes: code.clone(), ticks: Vec::new(), cpu_busy: 0, io_busy: 0 };
    if n == 0 {
        return Ok(sim);
    }
    let mut m = Machine { state: vec![State::Ready; n], code, pc: vec![0; n], curr: 0 };
    m.state[0] = State::Running;
    // I/O completions (tick, pid), in tick order: the ticks are issued in order, L is fixed.
    let mut pending: VecDeque<(u64, usize)> = VecDeque::new();
    let width = n as u64 + 2;
    let mut clock = 0u64;
    while m.state.iter().any(|s| *s != State::Done) {
        clock += 1;
        if clock.saturating_mul(width) > MAX_CELLS {
            return Err(format!(
                "process-run: the trace goes past {} ticks ({} processes); this reimplementation \
                 stops at {MAX_CELLS} cells of the table\n",
                clock - 1,
                n
            ));
        }
        let mut completed = Vec::new();
        while let Some(&(t, pid)) = pending.front() {
            if t != clock {
                break;
            }
            completed.push(pid);
            pending.pop_front();
        }
        completed.sort_unstable();
        completed.dedup();
        let io_done = !completed.is_empty();
        for pid in completed {
            if m.state[pid] != State::Blocked {
                return Err(ASSERTION.to_string());
            }
            m.state[pid] = State::Ready;
            match options.io_done {
                IoDone::RunImmediate => {
                    if m.curr != pid && m.state[m.curr] == State::Running {
                        m.state[m.curr] = State::Ready;
                    }
                    m.run_pid(pid)?;
                }
                IoDone::RunLater => {
                    if options.switch == Switch::OnEnd && m.runnable() > 1 {
                        m.run_pid(pid)?;
                    }
                    if m.runnable() == 1 {
                        m.run_pid(pid)?;
                    }
                }
            }
            m.check_if_done();
        }
        let c = m.curr;
        let mut executed = None;
        if m.state[c] == State::Running && m.pc[c] < m.code[c].len() {
            executed = Some(m.code[c][m.pc[c]]);
            m.pc[c] += 1;
            sim.cpu_busy += 1;
        }
        let cells = (0..n)
            .map(|pid| match (executed, m.state[pid]) {
                (Some(i), _) if pid == c => Cell::Run(i),
                (_, State::Ready) => Cell::Ready,
                (_, State::Running) => Cell::Running,
                (_, State::Blocked) => Cell::Blocked,
                (_, State::Done) => Cell::Done,
            })
            .collect();
        let ios_in_flight = pending.len() as u64;
        if ios_in_flight > 0 {
            sim.io_busy += 1;
        }
        sim.ticks.push(Tick { time: clock, io_done, cells, cpu: executed.is_some(), ios_in_flight });
        if executed == Some(Instruction::Io) {
            m.state[c] = State::Blocked;
            pending.push_back((clock.saturating_add(options.io_length).saturating_add(1), c));
            if options.switch == Switch::OnIo {
                m.next_proc();
            }
        }
        m.check_if_done();
    }
    Ok(sim)
}

/// The text without `-c`: each process's instructions and the rules.
pub fn questions(options: &Options) -> String {
    let mut out = String::from("Produce a trace of what would happen when you run these processes:\n");
    for (pid, code) in processes(options).iter().enumerate() {
        let _ = writeln!(out, "Process {pid}");
        for i in code {
            let _ = writeln!(out, "  {}", i.name());
        }
        out.push('\n');
    }
    out.push_str("Important behaviors:\n  System will switch when ");
    out.push_str(match options.switch {
        Switch::OnIo => "the current process is FINISHED or ISSUES AN IO\n",
        Switch::OnEnd => "the current process is FINISHED\n",
    });
    out.push_str("  After IOs, the process issuing the IO will ");
    out.push_str(match options.io_done {
        IoDone::RunImmediate => "run IMMEDIATELY\n",
        IoDone::RunLater => "run LATER (when it is its turn)\n",
    });
    out.push('\n');
    out
}

/// The text with `-c`: the trace table, and with `stats` (`-p`) the `Stats:` lines.
pub fn answers(sim: &Simulation, stats: bool) -> String {
    let mut out = String::from("Time");
    for pid in 0..sim.processes.len() {
        let _ = write!(out, "{:>14}", format!("PID:{pid:>2}"));
    }
    let _ = writeln!(out, "{:>14}{:>14}", "CPU", "IOs");
    for t in &sim.ticks {
        let _ = write!(out, "{:>3}{}", t.time, if t.io_done { '*' } else { ' ' });
        for c in &t.cells {
            let _ = write!(out, "{:>14}", c.text());
        }
        let _ = write!(out, "{:>14}", if t.cpu { "1" } else { " " });
        if t.ios_in_flight > 0 {
            let _ = writeln!(out, "{:>14}", t.ios_in_flight);
        } else {
            out.push_str("          \n");
        }
    }
    if stats {
        let total = sim.total_time();
        let _ = write!(
            out,
            "\nStats: Total Time {total}\nStats: CPU Busy {} ({}%)\nStats: IO Busy  {} ({}%)\n\n",
            sim.cpu_busy,
            percent(sim.cpu_busy, total),
            sim.io_busy,
            percent(sim.io_busy, total)
        );
    }
    out
}

/// Python's `'%.2f' % (100.0 * float(part) / whole)`: the double's exact value rounded half
/// to even at two decimals, written without `f64`'s formatting machinery (wasm size).
fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "nan".to_string(); // not reached: a trace has at least one tick
    }
    let x = 100.0 * part as f64 / whole as f64;
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    let (mant, e) = if exp == 0 { (frac, -1074) } else { (frac | (1u64 << 52), exp - 1075) };
    // x × 100 = mant × 100 × 2^e, rounded half to even.
    let scaled = u128::from(mant) * 100;
    let hundredths: u128 = if e >= 0 {
        scaled << e.min(60)
    } else if -e > 120 {
        0
    } else {
        let s = (-e) as u32;
        let q = scaled >> s;
        let rem = scaled - (q << s);
        let half = 1u128 << (s - 1);
        if rem > half || (rem == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// `python3 process-run.py -h` (optparse's help at 80 columns).
pub const HELP: &str = "Usage: process-run.py [options]

Options:
  -h, --help            show this help message and exit
  -s SEED, --seed=SEED  the random seed
  -P PROGRAM, --program=PROGRAM
                        more specific controls over programs
  -l PROCESS_LIST, --processlist=PROCESS_LIST
                        a comma-separated list of processes to run, in the
                        form X1:Y1,X2:Y2,... where X is the number of
                        instructions that process should run, and Y the
                        chances (from 0 to 100) that an instruction will use
                        the CPU or issue an IO
  -L IO_LENGTH, --iolength=IO_LENGTH
                        how long an IO takes
  -S PROCESS_SWITCH_BEHAVIOR, --switch=PROCESS_SWITCH_BEHAVIOR
                        when to switch between processes: SWITCH_ON_IO,
                        SWITCH_ON_END
  -I IO_DONE_BEHAVIOR, --iodone=IO_DONE_BEHAVIOR
                        type of behavior when IO ends: IO_RUN_LATER,
                        IO_RUN_IMMEDIATE
  -c                    compute answers for me
  -p, --printstats      print statistics at end; only useful with -c flag
                        (otherwise stats are not printed)
";

/// The last line of the traceback of a failed `assert` (bad `-S`/`-I`, negative `-L`).
const ASSERTION: &str = "AssertionError\n";

// ---------------------------------------------------------------------------------------
// The script's loading of the processes.

/// `load_program(p)`: `c7,i,c1` (each item's first character, then for `c` an integer).
fn load_program(p: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for line in p.split(',') {
        let mut chars = line.chars();
        match chars.next() {
            None => return Err("IndexError: string index out of range\n".to_string()),
            Some('c') => steps.push(Step::Compute(py_int_literal(chars.as_str())?.count())),
            Some('i') => steps.push(Step::Io),
            Some(op) => return Err(format!("bad opcode {op} (should be c or i)\n")),
        }
    }
    Ok(steps)
}

/// `load(p)`: `X:Y`.
fn load_random(p: &str) -> Result<RandomProcess, String> {
    let parts: Vec<&str> = p.split(':').collect();
    if parts.len() != 2 {
        return Err(format!(
            "Bad description ({p}): Must be number <x:y>\n  where X is the number of instructions\n  \
             and Y is the percent change that an instruction is CPU not IO\n"
        ));
    }
    let instructions = py_int_literal(parts[0])?.count();
    let chance = py_float(parts[1])
        .ok_or_else(|| format!("ValueError: could not convert string to float: {}\n", py_repr(parts[1])))?;
    Ok(RandomProcess { instructions, cpu_chance: chance / 100.0 })
}

/// `int(s)`, with Python's messages.
fn py_int_literal(s: &str) -> Result<PyInt, String> {
    py_int(s, 10).map_err(|e| match e {
        IntError::Invalid => {
            // `%.200R`: the repr cut at 200 characters.
            let repr: String = py_repr(s).chars().take(200).collect();
            format!("ValueError: invalid literal for int() with base 10: {repr}\n")
        }
        IntError::TooManyDigits(d) => format!(
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has {d} \
             digits; use sys.set_int_max_str_digits() to increase the limit\n"
        ),
    })
}

// ---------------------------------------------------------------------------------------
// optparse, as the script's parser is set up.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flag {
    Help,
    Seed,
    Program,
    ProcessList,
    IoLength,
    Switch,
    IoDone,
    Solve,
    PrintStats,
}

/// (short, long, flag), in the order of `add_option`.
const FLAGS: [(char, &str, Flag); 9] = [
    ('h', "--help", Flag::Help),
    ('s', "--seed", Flag::Seed),
    ('P', "--program", Flag::Program),
    ('l', "--processlist", Flag::ProcessList),
    ('L', "--iolength", Flag::IoLength),
    ('S', "--switch", Flag::Switch),
    ('I', "--iodone", Flag::IoDone),
    ('c', "", Flag::Solve),
    ('p', "--printstats", Flag::PrintStats),
];

impl Flag {
    fn takes_value(self) -> bool {
        !matches!(self, Flag::Help | Flag::Solve | Flag::PrintStats)
    }
}

/// The options as optparse leaves them (strings where the script takes strings).
struct Raw {
    seed: PyInt,
    program: String,
    process_list: String,
    io_length: PyInt,
    switch: String,
    io_done: String,
    solve: bool,
    print_stats: bool,
}

fn usage_error(msg: &str) -> String {
    format!("Usage: process-run.py [options]\n\nprocess-run.py: error: {msg}\n")
}

/// `parser.parse_args()`: `None` when `-h` came (help printed, exit 0).
fn optparse(args: &[String]) -> Result<Option<Raw>, String> {
    let mut raw = Raw {
        seed: PyInt::default(),
        program: String::new(),
        process_list: String::new(),
        io_length: PyInt::from_u64(5),
        switch: "SWITCH_ON_IO".to_string(),
        io_done: "IO_RUN_LATER".to_string(),
        solve: false,
        print_stats: false,
    };
    let mut rargs: VecDeque<String> = args.iter().cloned().collect();
    while let Some(arg) = rargs.pop_front() {
        if arg == "--" {
            break;
        } else if arg.starts_with("--") {
            let (opt, explicit) = match arg.split_once('=') {
                Some((o, v)) => {
                    rargs.push_front(v.to_string());
                    (o, true)
                }
                None => (arg.as_str(), false),
            };
            let (name, flag) = match_long(opt)?;
            let value = if flag.takes_value() {
                match rargs.pop_front() {
                    Some(v) => Some(v),
                    None => return Err(usage_error(&format!("{name} option requires 1 argument"))),
                }
            } else if explicit {
                return Err(usage_error(&format!("{name} option does not take a value")));
            } else {
                None
            };
            if !take(&mut raw, flag, name, value)? {
                return Ok(None);
            }
        } else if arg.starts_with('-') && arg.len() > 1 {
            let chars: Vec<char> = arg.chars().collect();
            let mut i = 1;
            while i < chars.len() {
                let ch = chars[i];
                i += 1;
                let opt = format!("-{ch}");
                let Some(&(_, _, flag)) = FLAGS.iter().find(|f| f.0 == ch) else {
                    return Err(usage_error(&format!("no such option: {opt}")));
                };
                let mut value = None;
                if flag.takes_value() {
                    if i < chars.len() {
                        value = Some(chars[i..].iter().collect());
                        i = chars.len();
                    } else {
                        match rargs.pop_front() {
                            Some(v) => value = Some(v),
                            None => return Err(usage_error(&format!("{opt} option requires 1 argument"))),
                        }
                    }
                }
                if !take(&mut raw, flag, &opt, value)? {
                    return Ok(None);
                }
            }
        }
        // Anything else is a positional argument, which the script ignores.
    }
    Ok(Some(raw))
}

/// `_match_long_opt`: the exact name, or the one long option it abbreviates.
fn match_long(opt: &str) -> Result<(&'static str, Flag), String> {
    if let Some(&(_, long, flag)) = FLAGS.iter().find(|f| !f.1.is_empty() && f.1 == opt) {
        return Ok((long, flag));
    }
    let mut found: Vec<(&'static str, Flag)> =
        FLAGS.iter().filter(|f| !f.1.is_empty() && f.1.starts_with(opt)).map(|f| (f.1, f.2)).collect();
    found.sort_by_key(|f| f.0);
    match found.len() {
        0 => Err(usage_error(&format!("no such option: {opt}"))),
        1 => Ok(found[0]),
        _ => {
            let names: Vec<&str> = found.iter().map(|f| f.0).collect();
            Err(usage_error(&format!("ambiguous option: {opt} ({}?)", names.join(", "))))
        }
    }
}

/// `option.process(opt, value)`: false for `-h` (stop: print the help).
fn take(raw: &mut Raw, flag: Flag, opt: &str, value: Option<String>) -> Result<bool, String> {
    let value = value.unwrap_or_default();
    let int = |v: &str| {
        optparse_int(v).ok_or_else(|| usage_error(&format!("option {opt}: invalid integer value: {}", py_repr(v))))
    };
    match flag {
        Flag::Help => return Ok(false),
        Flag::Seed => raw.seed = int(&value)?,
        Flag::IoLength => raw.io_length = int(&value)?,
        Flag::Program => raw.program = value,
        Flag::ProcessList => raw.process_list = value,
        Flag::Switch => raw.switch = value,
        Flag::IoDone => raw.io_done = value,
        Flag::Solve => raw.solve = true,
        Flag::PrintStats => raw.print_stats = true,
    }
    Ok(true)
}

/// optparse's `_parse_num(val, int)`: `0x…` hexadecimal, `0b…` binary, `0…` octal, else decimal.
fn optparse_int(val: &str) -> Option<PyInt> {
    let b = val.as_bytes();
    let prefix = |c: u8| b.len() >= 2 && b[0] == b'0' && b[1].eq_ignore_ascii_case(&c);
    let r = if prefix(b'x') {
        py_int(val, 16)
    } else if prefix(b'b') {
        py_int(if val.len() > 2 { &val[2..] } else { "0" }, 2)
    } else if b.first() == Some(&b'0') {
        py_int(val, 8)
    } else {
        py_int(val, 10)
    };
    r.ok()
}

// ---------------------------------------------------------------------------------------
// Python's int(), float() and repr() of a string.

/// A Python integer: sign and magnitude in 32-bit words from the least significant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PyInt {
    negative: bool,
    words: Vec<u32>,
}

impl PyInt {
    fn from_u64(n: u64) -> PyInt {
        let mut words = vec![n as u32, (n >> 32) as u32];
        trim(&mut words);
        PyInt { negative: false, words }
    }

    fn saturating_u64(&self) -> u64 {
        if self.negative {
            0
        } else if self.words.len() > 2 {
            u64::MAX
        } else {
            self.words.iter().rev().fold(0u64, |acc, &w| (acc << 32) | u64::from(w))
        }
    }

    /// `range(n)`'s length.
    fn count(&self) -> u64 {
        self.saturating_u64()
    }
}

fn trim(words: &mut Vec<u32>) {
    while words.last() == Some(&0) {
        words.pop();
    }
}

enum IntError {
    Invalid,
    /// Python 3.11 refuses decimal strings of more than 4300 digits.
    TooManyDigits(usize),
}

/// `int(s, base)` for base 2, 8, 10 or 16 (CPython 3.11's `PyLong_FromString`).
fn py_int(s: &str, base: u32) -> Result<PyInt, IntError> {
    let s = ascii_number(s);
    let t = s.trim_matches(is_py_space);
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let b = t.as_bytes();
    let letter = match base {
        16 => b'x',
        8 => b'o',
        2 => b'b',
        _ => 0,
    };
    let mut t = t;
    if letter != 0 && b.len() >= 2 && b[0] == b'0' && b[1].eq_ignore_ascii_case(&letter) {
        t = &t[2..];
        if t.starts_with('_') {
            t = &t[1..];
        }
    }
    if t.starts_with('_') {
        return Err(IntError::Invalid);
    }
    let mut digits: Vec<u32> = Vec::new();
    let mut prev_underscore = false;
    let mut end = t.len();
    for (k, c) in t.char_indices() {
        if c == '_' {
            if prev_underscore {
                return Err(IntError::Invalid);
            }
            prev_underscore = true;
        } else if let Some(d) = c.to_digit(base) {
            digits.push(d);
            prev_underscore = false;
        } else {
            end = k;
            break;
        }
    }
    if prev_underscore {
        return Err(IntError::Invalid);
    }
    if base == 10 && digits.len() > 4300 {
        return Err(IntError::TooManyDigits(digits.len()));
    }
    if digits.is_empty() || end != t.len() {
        return Err(IntError::Invalid);
    }
    let mut words: Vec<u32> = Vec::new();
    if base == 10 {
        for d in digits {
            let mut carry = u64::from(d);
            for w in words.iter_mut() {
                let v = u64::from(*w) * 10 + carry;
                *w = v as u32;
                carry = v >> 32;
            }
            if carry > 0 {
                words.push(carry as u32);
            }
        }
    } else {
        // A power of two: pack the bits from the last digit.
        let bits = base.trailing_zeros();
        let (mut acc, mut have) = (0u64, 0u32);
        for &d in digits.iter().rev() {
            acc |= u64::from(d) << have;
            have += bits;
            if have >= 32 {
                words.push(acc as u32);
                acc >>= 32;
                have -= 32;
            }
        }
        words.push(acc as u32);
    }
    trim(&mut words);
    Ok(PyInt { negative: negative && !words.is_empty(), words })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_is_pythons_two_decimals() {
        // python3 -c "print('%.2f' % (100.0 * 97 / 800))" etc.
        assert_eq!(percent(97, 800), "12.12"); // an exact tie: to even
        assert_eq!(percent(6, 21), "28.57");
        assert_eq!(percent(15, 21), "71.43");
        assert_eq!(percent(1, 20000), "0.01"); // 0.005000000000000000104…
        assert_eq!(percent(3, 8), "37.50");
        assert_eq!(percent(0, 7), "0.00");
        assert_eq!(percent(7, 7), "100.00");
        assert_eq!(percent(1, 3), "33.33");
        assert_eq!(percent(2, 3), "66.67");
    }

    fn int(s: &str, base: u32) -> Option<(bool, Vec<u32>)> {
        py_int(s, base).ok().map(|i| (i.negative, i.words))
    }

    #[test]
    fn ints_as_python_reads_them() {
        assert_eq!(int(" 5 ", 10), Some((false, vec![5])));
        assert_eq!(int("-1_000", 10), Some((true, vec![1000])));
        assert_eq!(int("\u{3000}7\u{a0}", 10), Some((false, vec![7])));
        assert_eq!(int("\u{663}\u{ff11}\u{ff12}", 10), Some((false, vec![312])));
        assert_eq!(int("0x_1f", 16), Some((false, vec![31])));
        assert_eq!(int("0o17", 8), Some((false, vec![15])));
        assert_eq!(int("017", 8), Some((false, vec![15])));
        assert_eq!(int("-0", 10), Some((false, vec![])));
        assert_eq!(int("18446744073709551621", 10), Some((false, vec![5, 0, 1])));
        assert_eq!(int("1_0000_0000_0000_0000_0000_0000_0000_0005", 16), Some((false, vec![5, 0, 0, 0, 1])));
        for bad in ["", "-", "_1", "1_", "1__0", "1 0", "0x10", "1e5", "\x1c5", "+-1"] {
            assert_eq!(int(bad, 10), None, "{bad:?}");
        }
        assert!(matches!(py_int(&"1".repeat(4301), 10), Err(IntError::TooManyDigits(4301))));
        assert!(py_int("1_".repeat(4300).trim_end_matches('_'), 10).is_ok());
        assert_eq!(optparse_int("08"), None);
        assert_eq!(optparse_int("0b").map(|i| i.words), Some(vec![]));
        assert_eq!(optparse_int("0B101").map(|i| i.words), Some(vec![5]));
        assert_eq!(optparse_int("-0x5"), None);
    }

    #[test]
    fn floats_and_reprs_as_python_writes_them() {
        assert_eq!(py_float(" 1_0.5_0 "), Some(10.5));
        assert_eq!(py_float("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(py_float("nAn").is_some_and(f64::is_nan));
        assert_eq!(py_float("+.5e-3"), Some(0.0005));
        for bad in ["", "1._5", "1e_5", "1_", "_1", "0x10", "infinit", "1__0"] {
            assert_eq!(py_float(bad), None, "{bad:?}");
        }
        assert_eq!(py_repr("a'b\""), r#"'a\'b"'"#);
        assert_eq!(py_repr("a'b"), r#""a'b""#);
        assert_eq!(py_repr("a\tb\x00\x7f\u{a0}\u{200b}é\\"), r"'a\tb\x00\x7f\xa0\u200bé\\'");
    }

    #[test]
    fn seeds() {
        assert_eq!(Seed::new(-5).to_i64(), Some(-5));
        assert_eq!(Seed::new(i64::MIN).to_i64(), Some(i64::MIN));
        assert_eq!(Seed::new(0), Seed::default());
    }
}
