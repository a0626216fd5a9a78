//! `cargo xtask bench --peers [--runs N]` (issue 12, item 6): two workloads, each written once
//! as a Threadlab scenario, run side by side by Threadlab, a plain-Python loop, SimPy and a
//! minimal Rust loop (the floor); checks that they agree, prints the table and writes it into
//! `docs/PERFORMANCE.md` between [`BEGIN`] and [`END`].
//!
//! - A, "rr 2,000 jobs": `cores 1`, `scheduler rr quantum 1`, 2,000 threads `{ cpu L }` with L
//!   from Python's `random.Random(7).randint(1, 500)`.
//! - B, "FIFO worker pool": `cores 8`, `scheduler fifo`, `thread w x 1000 { repeat 100 { cpu 3;
//!   io 5 } }`.
//! - and the lone thread: `cores 4`, `thread a { cpu 9000000 }` under the default rr.
//!
//! The scenarios are written by `bench/peers/gen.py` into [`OUT`]; the Python peers are the other
//! scripts of `bench/peers/`, the Rust floor `crates/sim/examples/peer_floor.rs`, the simulation
//! alone `crates/sim/examples/peer_sim.rs`. SimPy is installed (pinned, [`SIMPY`]) into the venv
//! [`VENV`] only when it is missing there. Nothing is skipped: without Python, venv or pip the
//! run fails and says what it could not do.
//!
//! Whole processes are timed by wall clock, the implementations taking turns, median of N runs;
//! the simulation alone and the floor's loop are timed inside their process (median of N).

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Where the scenarios go (relative to the workspace root).
const OUT: &str = "target/peers";
/// The venv that holds SimPy.
const VENV: &str = "target/peers-venv";
/// SimPy, pinned.
const SIMPY: &str = "simpy==4.1.1";
const SIMPY_VERSION: &str = "4.1.1";
/// The Python scripts.
const SCRIPTS: &str = "bench/peers";
/// The page the table goes into, between the two markers.
const DOC: &str = "docs/PERFORMANCE.md";
const BEGIN: &str = "<!-- peers:begin -->";
const END: &str = "<!-- peers:end -->";
const DEFAULT_RUNS: usize = 5;
/// The lone thread's CPU ticks (as written by gen.py): its makespan.
const LONE_CPU: u64 = 9_000_000;

pub const USAGE: &str = "\
usage: cargo xtask bench --peers [--runs N]
  runs two workloads (A: rr 2,000 jobs; B: FIFO worker pool) in Threadlab, plain Python, SimPy
  and a minimal Rust loop, plus the lone-thread case; checks that they agree; then times the
  core in wasm (the worker module, in headless Chromium: builds the site) against native on the
  criterion scenarios; prints the tables and writes them into docs/PERFORMANCE.md. --runs N:
  median of N runs (default 5).
";

/// Runs the peers benchmark; `args` are the arguments after `bench` other than `--peers`.
pub fn main(args: &[&str]) -> ExitCode {
    let runs = match parse_runs(args) {
        Ok(runs) => runs,
        Err(e) => {
            eprintln!("xtask bench --peers: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match bench(runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask bench --peers: FAILED: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_runs(args: &[&str]) -> Result<usize, String> {
    let mut runs = DEFAULT_RUNS;
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        let value = match arg.strip_prefix("--runs=") {
            Some(v) => v,
            None if arg == "--runs" => rest.next().copied().ok_or("--runs needs a number")?,
            None => return Err(format!("unknown argument {arg:?}")),
        };
        runs = match value.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(format!("--runs takes a whole number ≥ 1, not {value:?}")),
        };
    }
    Ok(runs)
}

fn bench(runs: usize) -> Result<(), String> {
    let python = python3()?;
    println!("==== scenarios: {SCRIPTS}/gen.py → {OUT}/ ====");
    let generated = Cmd::new(&python, &[&format!("{SCRIPTS}/gen.py"), OUT]).output()?;
    if !generated.trim().is_empty() {
        print!("{generated}");
    }
    println!("\n==== SimPy ({SIMPY} in {VENV}) ====");
    let venv_python = simpy_venv(&python)?;
    println!("\n==== release builds ====");
    for args in [
        &["build", "--release", "-p", "threadlab-cli"][..],
        &["build", "--release", "-p", "threadlab-sim", "--example", "peer_sim", "--example", "peer_floor"][..],
    ] {
        crate::Step::cargo("release build", args).run().map_err(|f| f.message)?;
    }
    let target = PathBuf::from(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into()));
    let tools = Tools {
        cli: target.join("release/threadlab"),
        sim: target.join("release/examples/peer_sim"),
        floor: target.join("release/examples/peer_floor"),
        python,
        venv_python,
    };

    let a = workload_a(&tools, runs)?;
    let b = workload_b(&tools, runs)?;
    let lone = lone_thread(&tools, runs)?;
    let wasm = wasm_vs_native(&tools, runs)?;

    let mut report = report(runs, &a, &b, &lone);
    report.push_str(&wasm_table(&wasm, runs));
    println!("\n{report}");
    write_doc(&report)?;
    println!("written into {DOC} (between {BEGIN} and {END})");
    Ok(())
}

/// The programs run.
struct Tools {
    cli: PathBuf,
    sim: PathBuf,
    floor: PathBuf,
    python: PathBuf,
    venv_python: PathBuf,
}

/// `python3` as found on PATH, or an error saying what the bench needs.
fn python3() -> Result<PathBuf, String> {
    let python = PathBuf::from("python3");
    match Cmd::new(&python, &["-c", "import sys; assert sys.version_info >= (3, 8)"]).output() {
        Ok(_) => Ok(python),
        Err(e) => Err(format!(
            "the plain-Python and SimPy peers need Python 3.8 or later as `python3` (with venv and \
             pip), and it could not be run: {e}\n  install it (Debian: apt-get install python3 \
             python3-venv python3-pip) and run again; nothing was measured"
        )),
    }
}

/// The venv's python with SimPy [`SIMPY_VERSION`] importable; creates the venv and installs
/// SimPy only when missing.
fn simpy_venv(python: &Path) -> Result<PathBuf, String> {
    let venv_python = Path::new(VENV).join("bin/python");
    let check = format!("import simpy, sys; sys.exit(simpy.__version__ != {SIMPY_VERSION:?})");
    if venv_python.exists() && Cmd::new(&venv_python, &["-c", &check]).quiet().output().is_ok() {
        println!("{SIMPY} is in {VENV}");
        return Ok(venv_python);
    }
    if !venv_python.exists() {
        println!("$ {} -m venv {VENV}", python.display());
        Cmd::new(python, &["-m", "venv", VENV]).output().map_err(|e| {
            format!(
                "could not create the venv {VENV} for SimPy: {e}\n  (Debian: apt-get install \
                 python3-venv); the SimPy peer cannot run, nothing was measured"
            )
        })?;
    }
    println!("$ {} -m pip install {SIMPY}", venv_python.display());
    let installed = Command::new(&venv_python).args(["-m", "pip", "install", SIMPY]).status();
    match installed {
        Ok(s) if s.success() => {}
        Ok(s) => {
            return Err(format!(
                "pip could not install {SIMPY} into {VENV} ({s}; its output is above): the SimPy \
                 peer cannot run, nothing was measured"
            ))
        }
        Err(e) => return Err(format!("pip of {VENV} could not be run: {e}; nothing was measured")),
    }
    Cmd::new(&venv_python, &["-c", &check])
        .output()
        .map_err(|e| format!("{SIMPY} was installed into {VENV} but does not import as {SIMPY_VERSION}: {e}"))?;
    Ok(venv_python)
}

/// A command to run: program and arguments, stdout captured or thrown away.
struct Cmd {
    program: PathBuf,
    args: Vec<String>,
    /// Echo nothing of a failure (for checks whose failure is an answer).
    quiet: bool,
}

impl Cmd {
    fn new(program: &Path, args: &[&str]) -> Cmd {
        Cmd { program: program.to_path_buf(), args: args.iter().map(|a| a.to_string()).collect(), quiet: false }
    }

    fn quiet(mut self) -> Cmd {
        self.quiet = true;
        self
    }

    fn line(&self) -> String {
        let mut words = vec![self.program.display().to_string()];
        words.extend(self.args.iter().map(|a| crate::shell_quoted(a)));
        words.join(" ")
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args).stdin(Stdio::null()).stderr(Stdio::piped());
        command
    }

    /// Runs it to the end; its stdout, or an error with its stderr.
    fn output(&self) -> Result<String, String> {
        self.timed_output().map(|(_, out)| out)
    }

    /// Runs it to the end with stdout captured; wall time (spawn to exit) and stdout.
    fn timed_output(&self) -> Result<(Duration, String), String> {
        let started = Instant::now();
        let out = self.command().stdout(Stdio::piped()).output();
        let elapsed = started.elapsed();
        let out = out.map_err(|e| format!("`{}` could not be started: {e}", self.line()))?;
        self.check(out.status, &out.stderr)?;
        Ok((elapsed, String::from_utf8_lossy(&out.stdout).into_owned()))
    }

    /// Runs it to the end with stdout thrown away (`> /dev/null`); wall time.
    fn timed_null(&self) -> Result<Duration, String> {
        let started = Instant::now();
        let out = self.command().stdout(Stdio::null()).output();
        let elapsed = started.elapsed();
        let out = out.map_err(|e| format!("`{}` could not be started: {e}", self.line()))?;
        self.check(out.status, &out.stderr)?;
        Ok(elapsed)
    }

    fn check(&self, status: std::process::ExitStatus, stderr: &[u8]) -> Result<(), String> {
        if status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(stderr);
        if !self.quiet {
            eprint!("{stderr}");
        }
        Err(format!("`{}` failed ({status}): {}", self.line(), stderr.trim().lines().last().unwrap_or("")))
    }
}

/// The `key=value` pairs of an implementation's one line of output.
struct Numbers {
    pairs: Vec<(String, String)>,
    /// Who said it, for messages.
    who: String,
}

impl Numbers {
    fn parse(who: &str, out: &str) -> Numbers {
        let pairs = out
            .split_whitespace()
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Numbers { pairs, who: who.to_string() }
    }

    fn text(&self, key: &str) -> Result<&str, String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| format!("{} printed no `{key}=`", self.who))
    }

    fn get(&self, key: &str) -> Result<u64, String> {
        let v = self.text(key)?;
        v.parse().map_err(|_| format!("{}: `{key}={v}` is not a whole number", self.who))
    }

    /// A comma-separated list of nanoseconds, as durations.
    fn times(&self, key: &str) -> Result<Vec<Duration>, String> {
        let v = self.text(key)?;
        v.split(',')
            .map(|n| n.parse().map(Duration::from_nanos))
            .collect::<Result<_, _>>()
            .map_err(|_| format!("{}: `{key}={v}` is not a list of nanoseconds", self.who))
    }

    /// The results alone (without the timings), to compare runs of one implementation.
    fn results(&self) -> String {
        let kept = self.pairs.iter().filter(|(k, _)| !k.ends_with("_ns"));
        kept.map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ")
    }
}

/// What the Threadlab CLI's `--json` says of a run, read as it streams (the trace of workload
/// A is ~300 MB of JSON: never held whole).
#[derive(Debug, Default)]
struct JsonSummary {
    outcome: String,
    makespan: u64,
    context_switches: u64,
    threads: u64,
    end_sum: u64,
}

/// Runs `threadlab run --json FILE` and reads its top-level numbers and the threads' `end`s
/// from the pretty-printed output (top-level keys at two spaces, a thread's fields at six).
fn threadlab_json(cli: &Path, file: &str) -> Result<JsonSummary, String> {
    let cmd = Cmd::new(cli, &["run", "--json", file]);
    let mut child = cmd
        .command()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("`{}` could not be started: {e}", cmd.line()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut reader = BufReader::with_capacity(1 << 20, stdout);
    let mut summary = JsonSummary::default();
    let (mut section, mut seen) = (String::new(), [false; 3]);
    let mut line = String::new();
    let number = |line: &str, key: &str| -> Result<u64, String> {
        let v = line.trim().trim_start_matches(key).trim().trim_end_matches(',');
        v.parse().map_err(|_| format!("`{}`: cannot read {key} {v:?}", cmd.line()))
    };
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("reading the output of `{}`: {e}", cmd.line())),
        }
        if let Some(rest) = line.strip_prefix("  \"") {
            section = rest.split('"').next().unwrap_or("").to_string();
            if section == "makespan" {
                summary.makespan = number(&line, "\"makespan\":")?;
                seen[0] = true;
            } else if section == "context_switches" {
                summary.context_switches = number(&line, "\"context_switches\":")?;
                seen[1] = true;
            }
        } else if section == "outcome" && line.starts_with("    \"kind\": ") {
            summary.outcome = line.trim().trim_start_matches("\"kind\":").trim().trim_matches([',', '"']).to_string();
        } else if section == "threads" {
            if line.starts_with("      \"name\": ") {
                summary.threads += 1;
            } else if line.starts_with("      \"end\": ") {
                summary.end_sum += number(&line, "\"end\":")?;
                seen[2] = true;
            }
        }
    }
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(|e| format!("`{}`: {e}", cmd.line()))?;
    cmd.check(status, stderr.as_bytes())?;
    if seen != [true; 3] {
        return Err(format!(
            "`{}`: the JSON has no top-level makespan, context_switches or threads' end (has its \
             layout changed? xtask/src/peers.rs reads it line by line)",
            cmd.line()
        ));
    }
    Ok(summary)
}

/// One implementation's row of a table.
struct Row {
    name: String,
    whole: Option<Duration>,
    sim: Option<InProcess>,
}

/// A time measured inside a process over N runs: their median and the best.
#[derive(Clone, Copy)]
struct InProcess {
    median: Duration,
    best: Duration,
}

impl InProcess {
    fn of(times: &[Duration]) -> InProcess {
        InProcess { median: median(times), best: times.iter().copied().min().unwrap_or_default() }
    }
}

/// The measured table of one workload.
struct Workload {
    title: String,
    about: String,
    rows: Vec<Row>,
    /// Lines that say what was checked and found equal.
    agreed: Vec<String>,
}

impl Workload {
    fn row(&self, name: &str) -> &Row {
        self.rows.iter().find(|r| r.name.starts_with(name)).expect("a row of this workload")
    }
}

/// An implementation timed as a whole process: each run's stdout is parsed (when captured)
/// and must be the same every run.
struct Timed {
    name: String,
    cmd: Cmd,
    capture: bool,
    times: Vec<Duration>,
    numbers: Option<Numbers>,
}

impl Timed {
    fn new(name: &str, cmd: Cmd, capture: bool) -> Timed {
        Timed { name: name.to_string(), cmd, capture, times: Vec::new(), numbers: None }
    }

    fn numbers(&self) -> &Numbers {
        self.numbers.as_ref().expect("captured")
    }
}

/// Runs every implementation `runs` times, taking turns (so that a slower minute of the
/// machine is shared out).
fn time_in_turns(timed: &mut [Timed], runs: usize) -> Result<(), String> {
    for run in 1..=runs {
        for t in timed.iter_mut() {
            if t.capture {
                let (elapsed, out) = t.cmd.timed_output()?;
                let numbers = Numbers::parse(&t.name, &out);
                if let Some(first) = &t.numbers {
                    if first.results() != numbers.results() {
                        return Err(format!(
                            "{} gave different results in two runs: `{}`, then `{}`",
                            t.name,
                            first.results(),
                            numbers.results()
                        ));
                    }
                } else {
                    t.numbers = Some(numbers);
                }
                t.times.push(elapsed);
            } else {
                t.times.push(t.cmd.timed_null()?);
            }
        }
        println!(
            "  run {run}/{runs}: {}",
            timed.iter().map(|t| format!("{} {}", t.name, ms(t.times[run - 1]))).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(())
}

/// Fails unless every value is the same: the check of issue 12 that the peers model the same
/// thing.
fn agree(workload: &str, what: &str, values: &[(&str, u64)]) -> Result<String, String> {
    let listed = values.iter().map(|(who, v)| format!("{who} {}", thousands(*v))).collect::<Vec<_>>().join(", ");
    if values.windows(2).all(|w| w[0].1 == w[1].1) {
        Ok(format!("{what}: {} from all of {}", thousands(values[0].1), values.len()))
    } else {
        Err(format!("workload {workload}: the implementations disagree on {what}: {listed}"))
    }
}

const THREADLAB_JSON: &str = "Threadlab `run --json`";
const THREADLAB_TEXT: &str = "Threadlab `run` (text report)";
const PLAIN: &str = "plain Python";
const PLAIN_TRACED: &str = "plain Python printing its trace (as scheduler.py -c)";
const SIMPY_NAME: &str = "SimPy 4.1.1";
const FLOOR: &str = "Rust floor";

fn python_cmd(python: &Path, script: &str, file: &str) -> Cmd {
    Cmd::new(python, &[&format!("{SCRIPTS}/{script}"), file])
}

/// The timed rows of a workload: Threadlab (JSON and text), plain Python, SimPy, Rust floor.
fn peers(tools: &Tools, file: &str, plain: &str, simpy: &str, floor: &str) -> Vec<Timed> {
    vec![
        Timed::new(THREADLAB_JSON, Cmd::new(&tools.cli, &["run", "--json", file]), false),
        Timed::new(THREADLAB_TEXT, Cmd::new(&tools.cli, &["run", file]), false),
        Timed::new(PLAIN, python_cmd(&tools.python, plain, file), true),
        Timed::new(SIMPY_NAME, python_cmd(&tools.venv_python, simpy, file), true),
        Timed::new(FLOOR, Cmd::new(&tools.floor, &[floor, file]), true),
    ]
}

/// The simulation alone (`peer_sim FILE N`): its makespan and median time.
fn sim_only(tools: &Tools, file: &str, runs: usize) -> Result<(u64, InProcess), String> {
    let out = Cmd::new(&tools.sim, &[file, &runs.to_string()]).output()?;
    let numbers = Numbers::parse("peer_sim", &out);
    Ok((numbers.get("makespan")?, InProcess::of(&numbers.times("simulate_ns")?)))
}

/// The floor's loop alone, N times in one process: its median.
fn floor_loop(tools: &Tools, kind: &str, file: &str, runs: usize) -> Result<InProcess, String> {
    let out = Cmd::new(&tools.floor, &[kind, file, &runs.to_string()]).output()?;
    Ok(InProcess::of(&Numbers::parse("peer_floor", &out).times("loop_ns")?))
}

fn rows(timed: &[Timed], sim: InProcess, floor: InProcess) -> Vec<Row> {
    timed
        .iter()
        .map(|t| Row {
            name: t.name.clone(),
            whole: Some(median(&t.times)),
            sim: match t.name.as_str() {
                THREADLAB_JSON => Some(sim),
                FLOOR => Some(floor),
                _ => None,
            },
        })
        .collect()
}

fn workload_a(tools: &Tools, runs: usize) -> Result<Workload, String> {
    let file = format!("{OUT}/rr2000.tl");
    println!("\n==== A: rr 2,000 jobs ({file}) ====");
    let json = threadlab_json(&tools.cli, &file)?;
    let (sim_makespan, sim) = sim_only(tools, &file, runs)?;
    let floor = floor_loop(tools, "rr", &file, runs)?;
    let mut timed = peers(tools, &file, "rr_plain.py", "rr_simpy.py", "rr");
    // scheduler.py run as courses run it (`-c`) prints one line per slice: the same loop with
    // that output (to /dev/null), beside Threadlab's own report.
    let traced = Cmd::new(&tools.python, &[&format!("{SCRIPTS}/rr_plain.py"), &file, "--trace", "/dev/null"]);
    timed.push(Timed::new(PLAIN_TRACED, traced, true));
    time_in_turns(&mut timed, runs)?;
    let [_, _, plain, simpy, floor_run, plain_traced] = &timed[..] else { unreachable!("six peers") };
    if plain_traced.numbers().get("makespan")? != plain.numbers().get("makespan")? {
        return Err("workload A: plain Python with and without its trace disagree on the makespan".to_string());
    }
    let (plain, simpy, floor_run) = (plain.numbers(), simpy.numbers(), floor_run.numbers());
    if json.outcome != "completed" {
        return Err(format!("workload A: Threadlab's outcome is {:?}, not completed", json.outcome));
    }
    let agreed = vec![
        agree(
            "A",
            "the makespan (the sum of the job lengths)",
            &[
                (THREADLAB_JSON, json.makespan),
                ("Threadlab simulation", sim_makespan),
                (PLAIN, plain.get("makespan")?),
                (SIMPY_NAME, simpy.get("makespan")?),
                (FLOOR, floor_run.get("makespan")?),
            ],
        )?,
        agree(
            "A",
            "the sum of the turnarounds (Threadlab: of the threads' `end`, all arrive at 0)",
            &[
                (THREADLAB_JSON, json.end_sum),
                (PLAIN, plain.get("turnaround_sum")?),
                (SIMPY_NAME, simpy.get("turnaround_sum")?),
                (FLOOR, floor_run.get("turnaround_sum")?),
            ],
        )?,
        agree(
            "A",
            "the context switches",
            &[
                (THREADLAB_JSON, json.context_switches),
                (PLAIN, plain.get("switches")?),
                (SIMPY_NAME, simpy.get("switches")?),
                (FLOOR, floor_run.get("switches")?),
            ],
        )?,
    ];
    let mean = format!("{:.3}", json.end_sum as f64 / json.threads.max(1) as f64);
    let mean = match mean.split_once('.') {
        Some((whole, frac)) => format!("{}.{frac}", whole.parse().map_or(whole.to_string(), thousands)),
        None => mean,
    };
    Ok(Workload {
        title: "A: rr 2,000 jobs".to_string(),
        about: format!(
            "`cores 1`, `scheduler rr quantum 1`, {} threads `{{ cpu L }}` (L = Python's \
             `random.Random(7).randint(1, 500)`): makespan {}, {} context switches, mean \
             turnaround {mean}",
            thousands(json.threads),
            thousands(json.makespan),
            thousands(json.context_switches)
        ),
        rows: rows(&timed, sim, floor),
        agreed,
    })
}

fn workload_b(tools: &Tools, runs: usize) -> Result<Workload, String> {
    let file = format!("{OUT}/pool.tl");
    println!("\n==== B: FIFO worker pool ({file}) ====");
    let json = threadlab_json(&tools.cli, &file)?;
    let (sim_makespan, sim) = sim_only(tools, &file, runs)?;
    let floor = floor_loop(tools, "pool", &file, runs)?;
    let mut timed = peers(tools, &file, "pool_plain.py", "pool_simpy.py", "pool");
    time_in_turns(&mut timed, runs)?;
    let [_, _, plain, simpy, floor_run] = &timed[..] else { unreachable!("five peers") };
    let (plain, simpy, floor_run) = (plain.numbers(), simpy.numbers(), floor_run.numbers());
    if json.outcome != "completed" {
        return Err(format!("workload B: Threadlab's outcome is {:?}, not completed", json.outcome));
    }
    let agreed = vec![
        agree(
            "B",
            "the makespan",
            &[
                (THREADLAB_JSON, json.makespan),
                ("Threadlab simulation", sim_makespan),
                (PLAIN, plain.get("makespan")?),
                (SIMPY_NAME, simpy.get("makespan")?),
                (FLOOR, floor_run.get("makespan")?),
            ],
        )?,
        agree(
            "B",
            "the sum of the workers' end ticks",
            &[
                (THREADLAB_JSON, json.end_sum),
                (PLAIN, plain.get("end_sum")?),
                (SIMPY_NAME, simpy.get("end_sum")?),
                (FLOOR, floor_run.get("end_sum")?),
            ],
        )?,
    ];
    Ok(Workload {
        title: "B: FIFO worker pool".to_string(),
        about: format!(
            "`cores 8`, `scheduler fifo`, `thread w x 1000 {{ repeat 100 {{ cpu 3; io 5 }} }}`: \
             {} workers, makespan {}, {} context switches",
            thousands(json.threads),
            thousands(json.makespan),
            thousands(json.context_switches)
        ),
        rows: rows(&timed, sim, floor),
        agreed,
    })
}

/// The scenarios of the wasm comparison (names of `threadlab_sim::workloads`, in the order the
/// browser test `core_in_wasm_against_native` times them).
const WASM_WORKLOADS: [&str; 3] =
    ["10k_threads_x100_ops_64_cores", "1core_1M_cpu_io", "1000_threads_x340_cpu_io_8_cores"];
/// Where that browser test writes the worker's times for this bench.
const WASM_TIMES: &str = "target/peers/wasm-times.txt";

/// One scenario simulated natively (release) and by the worker module in headless Chromium.
struct WasmRow {
    name: &'static str,
    native: InProcess,
    wasm: InProcess,
}

/// The site is built (`trunk build --release`), the browser test `core_in_wasm_against_native`
/// has the worker module time each scenario (5 runs); the same scenarios are timed natively.
fn wasm_vs_native(tools: &Tools, runs: usize) -> Result<Vec<WasmRow>, String> {
    println!("\n==== the core in wasm (worker module, headless Chromium) against native ====");
    let root = std::env::current_dir().map_err(|e| e.to_string())?;
    crate::dist_step().run().map_err(|f| f.message)?;
    let times = root.join(WASM_TIMES);
    let _ = std::fs::remove_file(&times);
    let test = crate::Step::cargo(
        "browser test core_in_wasm_against_native",
        &["test", "-p", crate::E2E_PACKAGE, "--test", "perf", "core_in_wasm_against_native"],
    )
    .env("THREADLAB_DIST", root.join(crate::DIST).display().to_string())
    .env("THREADLAB_WASM_TIMES", times.display().to_string())
    .needs(crate::Need::Browser, false);
    test.ensure_needs()?;
    test.run().map_err(|f| f.message)?;
    let text = std::fs::read_to_string(&times).map_err(|e| format!("the browser test wrote no {WASM_TIMES}: {e}"))?;
    let mut rows = Vec::new();
    for name in WASM_WORKLOADS {
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
            .ok_or_else(|| format!("{WASM_TIMES} has no line for {name}"))?;
        let wasm = Numbers::parse("the worker", line);
        let ms = wasm.text("simulate_ms")?;
        let wasm_times: Vec<Duration> = ms
            .split(',')
            .map(|v| v.parse::<f64>().map(|ms| Duration::from_secs_f64(ms / 1000.0)))
            .collect::<Result<_, _>>()
            .map_err(|_| format!("the worker: `simulate_ms={ms}` is not a list of milliseconds"))?;
        let (makespan, native) = sim_only(tools, &format!("workload:{name}"), runs)?;
        if wasm.get("makespan")? != makespan {
            return Err(format!("{name}: the worker's makespan {} is not native's {makespan}", wasm.get("makespan")?));
        }
        // The worker's first run includes compiling the module's code paths: it is left out.
        let warm = if wasm_times.len() > 1 { &wasm_times[1..] } else { &wasm_times[..] };
        rows.push(WasmRow { name, native, wasm: InProcess::of(warm) });
    }
    Ok(rows)
}

fn wasm_table(rows: &[WasmRow], runs: usize) -> String {
    let mut out = format!(
        "\n**The core in wasm against native**: `simulate` of the same scenario natively (release, \
         median of {runs}) and in the worker module in headless Chromium (`worker-release`: the \
         core at opt-level 3; median of runs 2–5, the first left out).\n\n\
         | scenario | native | wasm (worker) | wasm ÷ native |\n|---|---:|---:|---:|\n"
    );
    let mut worst: f64 = 0.0;
    for r in rows {
        let x = ratio(r.wasm.median, r.native.median);
        worst = worst.max(x);
        let _ = writeln!(out, "| `{}` | {} | {} | {x:.2}× |", r.name, ms(r.native.median), ms(r.wasm.median));
    }
    let _ = writeln!(out, "\n- wasm within 2× of native (target): {} (worst {worst:.2}×)", verdict(worst <= 2.0));
    out
}

/// The lone thread: whole process and simulation alone.
struct Lone {
    whole: Duration,
    sim: InProcess,
}

fn lone_thread(tools: &Tools, runs: usize) -> Result<Lone, String> {
    let file = format!("{OUT}/lone.tl");
    println!("\n==== the lone thread ({file}) ====");
    let json = threadlab_json(&tools.cli, &file)?;
    let (sim_makespan, sim) = sim_only(tools, &file, runs)?;
    if json.outcome != "completed" || json.makespan != LONE_CPU || sim_makespan != LONE_CPU {
        return Err(format!(
            "the lone thread: expected completed at {LONE_CPU}, Threadlab says {} at {} (the \
             simulation alone: {sim_makespan})",
            json.outcome, json.makespan
        ));
    }
    let mut timed = [Timed::new(THREADLAB_JSON, Cmd::new(&tools.cli, &["run", "--json", &file]), false)];
    time_in_turns(&mut timed, runs)?;
    Ok(Lone { whole: median(&timed[0].times), sim })
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    let n = sorted.len();
    match n {
        0 => Duration::ZERO,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 0.1 {
        format!("{:.1} µs", ms * 1000.0)
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.1} ms")
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

/// `1234567` → `"1,234,567"`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn table(w: &Workload, runs: usize) -> String {
    let base = w.row(THREADLAB_JSON);
    let base_whole = base.whole.unwrap_or_default();
    let base_sim = base.sim.map_or(Duration::ZERO, |s| s.median);
    let mut out = format!("**{}**: {}.\n\n", w.title, w.about);
    out.push_str(&format!(
        "| implementation | whole process (median of {runs}) | simulation only (median of {runs}, \
         best) | whole process ÷ Threadlab's | simulation ÷ Threadlab's (medians) |\n|---|---:|---:|---:|---:|\n"
    ));
    for r in &w.rows {
        let sim = r.sim.map_or("–".to_string(), |s| format!("{} (best {})", ms(s.median), ms(s.best)));
        let times =
            |d: Option<Duration>, base: Duration| d.map_or("–".to_string(), |d| format!("{:.2}×", ratio(d, base)));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            r.name,
            r.whole.map_or("–".to_string(), ms),
            sim,
            times(r.whole, base_whole),
            times(r.sim.map(|s| s.median), base_sim)
        );
    }
    out.push_str("\nAgreed (the bench fails otherwise): ");
    out.push_str(&w.agreed.join("; "));
    out.push_str(".\n");
    out
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

fn report(runs: usize, a: &Workload, b: &Workload, lone: &Lone) -> String {
    let mut out =
        format!("Measured {} with `cargo xtask bench --peers --runs {runs}` on {}.\n\n", utc_now(), machine());
    out.push_str(&table(a, runs));
    out.push('\n');
    out.push_str(&table(b, runs));
    let tl = a.row(THREADLAB_JSON);
    let text = a.row(THREADLAB_TEXT);
    let plain = a.row(PLAIN);
    let plain_traced = a.row(PLAIN_TRACED);
    let floor = a.row(FLOOR);
    let (tl_whole, plain_whole) = (tl.whole.unwrap_or_default(), plain.whole.unwrap_or_default());
    let faster = ratio(plain_whole, tl_whole);
    let text_whole = text.whole.unwrap_or_default();
    let faster_text = ratio(plain_whole, text_whole);
    let traced_whole = plain_traced.whole.unwrap_or_default();
    let faster_traced = ratio(traced_whole, text_whole);
    let (tl_sim, floor_sim) = (tl.sim.expect("measured"), floor.sim.expect("measured"));
    let within = ratio(tl_sim.median, floor_sim.median);
    let within_best = ratio(tl_sim.best, floor_sim.best);
    let _ = write!(
        out,
        "\n**The lone thread**: `cores 4`, `limit 10000000`, `thread a {{ cpu 9000000 }}` (default \
         scheduler rr quantum 4): Threadlab `run --json` whole process {} (median of {runs}), the \
         simulation alone {}.\n\nIssue 12's targets:\n\n\
         - A: Threadlab whole process, each printing its report (`threadlab run` and scheduler.py's \
         `-c` trace), is {faster_traced:.2}× faster than plain Python (target ≥ 20×): {}; without \
         output on the Python side: {faster_text:.2}× (`run`), {faster:.2}× (`run --json`, 300 MB of \
         JSON)\n\
         - A: Threadlab simulation is {within:.1}× the Rust floor (target ≤ 10×): {} (best \
         against best: {within_best:.1}×)\n\
         - the lone thread: Threadlab whole process {} (target < 5 ms): {}\n",
        ms(lone.whole),
        ms(lone.sim.median),
        verdict(faster_traced >= 20.0),
        verdict(within <= 10.0),
        ms(lone.whole),
        verdict(lone.whole < Duration::from_millis(5)),
    );
    out
}

/// `2026-12-06 15:31 UTC`, from the system clock (civil date from days, proleptic Gregorian).
fn utc_now() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}-{month:02}-{day:02} {:02}:{:02} UTC", rest / 3600, rest / 60 % 60)
}

/// CPU model and count, memory, OS, rustc, Python: what the numbers depend on.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb = m
                .lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()?;
            Some(kb / 1024.0 / 1024.0)
        })
        .map_or("? GiB".to_string(), |g| format!("{g:.0} GiB"));
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("PRETTY_NAME=")).map(|v| v.trim_matches('"').to_string()))
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    let version = |program: &str| {
        Cmd::new(Path::new(program), &["--version"]).quiet().output().map_or("?".to_string(), |v| v.trim().to_string())
    };
    format!(
        "{model} ({cpus} CPUs), {mem_gib}, {os}; {}; {}; SimPy {SIMPY_VERSION}",
        version("rustc"),
        version("python3")
    )
}

/// Puts `report` between the markers of [`DOC`]; adds the section when the markers are missing.
fn write_doc(report: &str) -> Result<(), String> {
    let doc = std::fs::read_to_string(DOC).map_err(|e| format!("cannot read {DOC}: {e}"))?;
    let new = match (doc.find(BEGIN), doc.find(END)) {
        (Some(b), Some(e)) if b < e => format!("{}{BEGIN}\n{report}{}", &doc[..b], &doc[e..]),
        _ => format!("{}\n## Against peers: `cargo xtask bench --peers`\n\n{BEGIN}\n{report}{END}\n", doc.trim_end()),
    };
    std::fs::write(DOC, new).map_err(|e| format!("cannot write {DOC}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_fails_when_one_value_differs() {
        let same = agree("B", "the makespan", &[("a", 37_505), ("b", 37_505), ("c", 37_505)]);
        assert_eq!(same, Ok("the makespan: 37,505 from all of 3".to_string()));
        let differ = agree("B", "the makespan", &[("a", 37_505), ("b", 37_506), ("c", 37_505)]);
        assert_eq!(
            differ,
            Err("workload B: the implementations disagree on the makespan: a 37,505, b 37,506, c 37,505".to_string())
        );
    }

    #[test]
    fn numbers_and_medians() {
        let n = Numbers::parse("x", "makespan=488209 switches=488208 loop_ns=30,10,20\n");
        assert_eq!(n.get("makespan"), Ok(488_209));
        assert_eq!(n.results(), "makespan=488209 switches=488208");
        assert_eq!(median(&n.times("loop_ns").unwrap()), Duration::from_nanos(20));
        assert_eq!(median(&[Duration::from_nanos(10), Duration::from_nanos(30)]), Duration::from_nanos(20));
        assert!(n.get("end_sum").is_err());
        assert_eq!(thousands(488_209), "488,209");
        assert_eq!(thousands(37), "37");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(ms(Duration::from_nanos(4_200)), "4.2 µs");
        assert_eq!(ms(Duration::from_micros(1_260)), "1.26 ms");
        assert_eq!(ms(Duration::from_micros(317_540)), "317.5 ms");
    }

    #[test]
    fn runs_argument() {
        assert_eq!(parse_runs(&[]), Ok(5));
        assert_eq!(parse_runs(&["--runs", "3"]), Ok(3));
        assert_eq!(parse_runs(&["--runs=9"]), Ok(9));
        assert!(parse_runs(&["--runs", "0"]).is_err());
        assert!(parse_runs(&["--runs"]).is_err());
        assert!(parse_runs(&["--fast"]).is_err());
    }
}
