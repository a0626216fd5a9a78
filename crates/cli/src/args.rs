//! Command-line arguments of `threadlab`, declared with clap's derive: the subcommands and
//! their flags ([`Cli`], [`Command`]), the help texts around clap's generated ones, and the
//! "did you mean" helper used for preset names. Usage errors are clap's (they name the bad
//! flag or value); `main` prints them and exits with status 1.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use threadlab_share::experiment::Spec;

/// Chart width in columns when `--width` is not given.
pub const DEFAULT_WIDTH: usize = 72;
/// Smallest and largest `--width` of `run`.
pub const MIN_WIDTH: u16 = 20;
pub const MAX_WIDTH: u16 = 1000;

/// An OSTEP homework simulator (`threadlab ostep TOOL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OstepTool {
    /// cpu-intro/process-run.py
    ProcessRun,
    /// cpu-sched/scheduler.py
    Scheduler,
}

const OSTEP_AFTER: &str = "\
The flags are the original's (ostep-homework), and so is the output, character for
character: the same problems for the same seed (Python's random generator), the same
answers with -c; -h prints the original's help. Errors are the original's words, on
standard error, with its exit status (2 for optparse's, 1 for the script's own and for
Python's exceptions). `threadlab help ostep` shows this help.

--scenario (anywhere among the flags) prints instead the Threadlab scenario of the problem:
`threadlab run` of it gives the same answers (scheduler: each job a thread, all arriving at
0, under scheduler fifo, sjf or rr quantum Q; process-run: each process a thread under
scheduler ostep, the same Total Time and CPU Busy).

Examples:
  threadlab ostep process-run -l 5:100,5:100 -c -p
  threadlab ostep process-run -P c3,i,c2:c4 -L 2 -S SWITCH_ON_END --scenario | threadlab run -
  threadlab ostep scheduler -p SJF -l 5,10,15 -c
  threadlab ostep scheduler -p RR -q 2 -j 4 -s 7 -c
  threadlab ostep scheduler -p RR -q 2 -j 4 -s 7 --scenario | threadlab run -";

/// Where the playground is served, for `threadlab link` without `--base`.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// Where a scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// `-`: standard input.
    Stdin,
    /// `--preset NAME`: a built-in preset (the name is checked when the command runs).
    Preset(String),
}

/// What `threadlab export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Chrome trace-event JSON (Perfetto UI, chrome://tracing).
    Trace,
    /// The numbers: scope,name,metric,value.
    Csv,
    /// The cores and threads charts with their legend.
    Svg,
}

const MAIN_AFTER: &str = "\
Commands in short:
  threadlab run FILE [--json] [--width N]   run a scenario: chart, numbers, outcome
  threadlab run --preset NAME [--json]      run a built-in preset
  threadlab check FILE                      validate a scenario without running it
  threadlab presets                         list the built-in presets by concept
  threadlab link FILE [--base URL]          the playground link of a scenario
  threadlab open LINK                       the scenario text of a playground link
  threadlab export FILE --format F          the run as trace (Perfetto), csv or svg
  threadlab sweep FILE --param NAME=VALUES  run once per value: makespan, knee, formula
  threadlab compare FILE --vary NAME=V1,V2  2 to 4 values side by side
  threadlab compare A.tl B.tl [C.tl [D.tl]] 2 to 4 scenarios side by side
  threadlab claims [--base URL]             the notes' claims as ready-made experiments
  threadlab ostep scheduler FLAGS           OSTEP's scheduler.py: same flags, same output
  threadlab ostep process-run FLAGS         OSTEP's process-run.py (both: --scenario too)
  threadlab completions bash|zsh|fish       a shell completion script
  threadlab help [COMMAND]                  show help (also: threadlab COMMAND --help)

FILE may be '-' to read the scenario from standard input.

Examples:
  threadlab run locks.tl                    chart + numbers of a scenario file
  threadlab run locks.tl --width 120        a wider chart
  threadlab run locks.tl --json > out.json  the full result and trace as JSON
  threadlab presets                         what presets there are
  threadlab run --preset NAME               run one of them
  printf 'cores 2\\nthread a { cpu 5 }\\nthread b { cpu 3 }\\n' | threadlab run -
  threadlab check locks.tl                  just check the syntax and names

Exit status:
  0  the scenario ran (whatever its outcome: completed, deadlock, stalled, limit, error),
     or 'check' found it valid; also --help, --version and completions
  1  usage error: unknown command, option or value (the message names it), missing or
     unreadable file, unknown preset
  2  invalid scenario: FILE:line:col: message on standard error, with the line and a caret;
     for 'open', a damaged link (what could be recovered is still printed)

The scenario language is described in SCENARIO.md.";

const SWEEP_USAGE: &str = "\
threadlab sweep FILE --param NAME=VALUES [--csv | --json]
       threadlab sweep - ...   |   threadlab sweep --preset NAME ...";

const PARAMS_HELP: &str = "\
Parameters (NAME):
  cores            the cores setting (1 to 256)
  quantum          the quantum of scheduler rr or priority (at least 1)
  switch           the context-switch cost (0 or more)
  gil-interval     the GIL's switch interval (at least 1; the GIL must be on)
  workers[:POOL]   a pool's workers, jobs[:POOL] its jobs (POOL when there are several)
  copies:THREAD    the 'x N' of a thread or task (1 to 10000)
Compared only (their values are words, v1,v2,...):
  scheduler        fifo, rr, sjf, stcf, priority
  gil              off, on
  kind[:POOL]      a pool's kind: threads, processes, tasks (the job's operations
                   that the other kind has no form of are dropped)

VALUES: A..B (every whole number from A to B), A..B:STEP (A, A+STEP, ... up to B)
or v1,v2,... (at most 200 values).";

const SWEEP_ABOUT: &str = "\
Runs the scenario once per value, with NAME set to it.";

const SWEEP_AFTER: &str = "\
One row per value:
value, makespan, cpu_utilization, context_switches, gil_handoffs, total_waiting (the
Runnable and Blocked ticks of all threads), outcome, and for a pool throughput and
mean_latency. Then the knee: the smallest value whose makespan is within 5 % of the
best completed run (makespan <= best x 1.05), and for a workers sweep the best worker
count of the formula (W + C) / C x P.

--csv prints the rows only; --json prints
{\"param\": ..., \"points\": [{\"value\": ..., \"makespan\": ..., ...}], \"formula\": number or null, \"knee\": number or null}.

Examples:
  threadlab sweep cpu.tl --param cores=1..8
  threadlab sweep io.tl --param copies:worker=1..32:4 --csv > sweep.csv
  threadlab sweep gil.tl --param gil-interval=1,5,20,100 --json | jq .knee

Exit status: 0 when every value ran (whatever the outcomes); 1 on a usage error (a bad
NAME or VALUES, or a parameter the scenario does not have: the message says what was
expected); 2 when the scenario, or the scenario with one of the values, is invalid.";

const COMPARE_USAGE: &str = "\
threadlab compare FILE --vary NAME=V1,V2[,V3[,V4]] [--csv | --json]
       threadlab compare A.tl B.tl [C.tl [D.tl]] [--csv | --json]";

const COMPARE_ABOUT: &str = "\
Runs 2 to 4 variants and prints their numbers side by side: makespan (with a bar),
cpu_utilization, context_switches, gil_handoffs, total_waiting, outcome. The variants
are the values of --vary (labelled NAME=VALUE) or the files given (labelled by their
names).";

const COMPARE_AFTER: &str = "\
--csv prints label,makespan,...; --json prints {\"variants\": [{\"label\": ..., \"makespan\": ..., ...}]}.

Examples:
  threadlab compare cpu.tl --vary cores=1,2,4
  threadlab compare threads.tl processes.tl --json

Exit status: 0 when every variant ran; 1 on a usage error; 2 when a scenario is invalid.";

const RUN_USAGE: &str = "\
threadlab run FILE [--width N] [--json]
       threadlab run - [--width N] [--json]          (the scenario on standard input)
       threadlab run --preset NAME [--width N] [--json]";

const RUN_AFTER: &str = "\
The report:
  - a header: title, outcome and makespan;
  - the chart, N columns wide (--width N), each column ceil(makespan / N) ticks: one lane
    per core (the key of the thread running, ~ context switch, . idle) and one lane per
    thread (# running, - runnable, i io, s sleep, L lock, W wait, J join, G GIL,
    A acquire, . not started, blank after death); each column shows what took most of
    its time;
  - the legend, the tables per thread, per core and for the whole run, and the outcome
    explained (the wait-for cycle of a deadlock, what stuck threads wait for, the
    thread, tick and reason of an error).

Examples:
  threadlab run locks.tl
  threadlab run locks.tl --width 150
  threadlab run locks.tl --json | jq .outcome
  cat locks.tl | threadlab run -

Exit status: 0 when the scenario ran, whatever its outcome; 1 on a usage error;
2 when the scenario is invalid (FILE:line:col: message on standard error).";

const CHECK_USAGE: &str = "\
threadlab check FILE
       threadlab check -               (the scenario on standard input)
       threadlab check --preset NAME";

const CHECK_AFTER: &str = "\
Prints 'ok: N threads, M processes' (copies 'x N' counted) and exits 0 when the
scenario is valid. When it is not, prints FILE:line:col: message on standard error,
then the line with a caret under the column, and exits 2.

Examples:
  threadlab check locks.tl
  echo 'cores x' | threadlab check -";

const LINK_USAGE: &str = "\
threadlab link FILE [--base URL] [--view cores|threads|both] [--lang en|zh]
                           [--sweep NAME=VALUES | --compare NAME=V1,V2[,V3[,V4]]
                            | --with B.tl [--with C.tl [--with D.tl]]]
       threadlab link - ...            (the scenario on standard input)
       threadlab link --preset NAME ...";

const LINK_AFTER: &str = "\
The scenario travels in the link's fragment (#v1:…, compressed); nothing is uploaded.

--sweep and --compare put an experiment in the link (the parameters of 'threadlab
sweep'), --with a comparison of this scenario with 1 to 3 others: the playground opens on
it.

Examples:
  threadlab link locks.tl --base https://example.org/course/threadlab/
  threadlab link cpu.tl --sweep cores=1..8
  threadlab link cpu.tl --compare cores=1,2
  threadlab link threads.tl --with processes.tl
  threadlab link --preset deadlock-two-locks --view threads";

const OPEN_AFTER: &str = "\
Exit status: 0 when the link is whole. 2 when it is damaged: the problem is on standard
error, and whatever text could be recovered is still printed.

Example:
  threadlab open 'https://example.org/threadlab/#v1:…' > scenario.tl";

const EXPORT_USAGE: &str = "\
threadlab export FILE --format trace|csv|svg [--width N]
       threadlab export - ...   |   threadlab export --preset NAME ...";

const EXPORT_AFTER: &str = "\
Formats:
  trace   Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing
          (a track per core and per thread, states as slices, causes as args)
  csv     the numbers: scope,name,metric,value (run, cores, threads)
  svg     the cores and threads charts with their legend (--width pixels, default 1000)

The web app's export buttons write the same files.

Examples:
  threadlab export locks.tl --format trace > locks.trace.json
  threadlab export --preset gil-cpu-vs-io --format svg --width 1400 > gil.svg";

const PRESETS_AFTER: &str = "Run one with 'threadlab run --preset NAME'.";

const COMPLETIONS_AFTER: &str = "\
Examples:
  threadlab completions bash > ~/.local/share/bash-completion/completions/threadlab
  threadlab completions zsh > ~/.zfunc/_threadlab      (with ~/.zfunc in $fpath)
  threadlab completions fish > ~/.config/fish/completions/threadlab.fish";

/// `threadlab`: simulate threads, processes, coroutines and schedulers tick by tick.
#[derive(Debug, Parser)]
#[command(
    name = "threadlab",
    version,
    about = "Simulate threads, processes, coroutines and schedulers tick by tick,\n\
             and see who runs, who waits and why.",
    after_help = MAIN_AFTER,
    subcommand_required = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and show its Gantt chart, numbers and outcome
    #[command(override_usage = RUN_USAGE, after_help = RUN_AFTER)]
    Run {
        #[command(flatten)]
        scenario: Scenario,
        /// Print the result as JSON and nothing else on standard output
        #[arg(long)]
        json: bool,
        /// Width of the chart in columns, 20 to 1000
        #[arg(
            long,
            value_name = "N",
            default_value_t = DEFAULT_WIDTH as u16,
            value_parser = clap::value_parser!(u16).range(i64::from(MIN_WIDTH)..=i64::from(MAX_WIDTH))
        )]
        width: u16,
    },
    /// Validate a scenario without running it
    #[command(override_usage = CHECK_USAGE, after_help = CHECK_AFTER)]
    Check {
        #[command(flatten)]
        scenario: Scenario,
    },
    /// List the built-in preset scenarios by the concept they show
    #[command(after_help = PRESETS_AFTER)]
    Presets,
    /// Print the playground link of a scenario (as the app's "Copy link")
    #[command(override_usage = LINK_USAGE, after_help = LINK_AFTER)]
    Link {
        #[command(flatten)]
        scenario: Scenario,
        /// Where the playground is served
        #[arg(long, value_name = "URL", default_value = DEFAULT_BASE)]
        base: String,
        /// Which charts the link opens with
        #[arg(long, value_name = "V", value_parser = ["cores", "threads", "both"])]
        view: Option<String>,
        /// The interface language the link opens with
        #[arg(long, value_name = "L", value_parser = ["en", "zh"])]
        lang: Option<String>,
        /// A sweep the link opens with, e.g. cores=1..8
        #[arg(long, value_name = "NAME=VALUES", value_parser = Spec::parse, conflicts_with = "compare")]
        sweep: Option<Spec>,
        /// A comparison the link opens with, e.g. cores=1,2 (2 to 4 values)
        #[arg(long, value_name = "NAME=V1,V2", value_parser = Spec::parse_compare)]
        compare: Option<Spec>,
        /// Another scenario the link compares this one with (up to 3 times)
        #[arg(long, value_name = "FILE", conflicts_with_all = ["sweep", "compare"])]
        with: Vec<PathBuf>,
    },
    /// Run a scenario once per value of a parameter: numbers, knee and formula
    #[command(override_usage = SWEEP_USAGE, after_help = format!("{SWEEP_ABOUT}\n\n{PARAMS_HELP}\n\n{SWEEP_AFTER}"))]
    Sweep {
        #[command(flatten)]
        scenario: Scenario,
        /// The parameter and its values, e.g. cores=1..8 or copies:worker=1,2,4,8
        #[arg(long, value_name = "NAME=VALUES", value_parser = Spec::parse)]
        param: Spec,
        #[command(flatten)]
        format: TableFormat,
    },
    /// Compare 2 to 4 variants of a scenario (--vary) or 2 to 4 scenarios
    #[command(override_usage = COMPARE_USAGE, after_help = format!("{COMPARE_ABOUT}\n\n{PARAMS_HELP}\n\n{COMPARE_AFTER}"))]
    Compare {
        /// One scenario with --vary, else 2 to 4 ('-' reads one from standard input)
        #[arg(value_name = "FILE", required = true, num_args = 1..=4)]
        files: Vec<PathBuf>,
        /// The parameter and its 2 to 4 values, e.g. cores=1,2,4 or gil=off,on
        #[arg(long, value_name = "NAME=V1,V2", value_parser = Spec::parse_compare)]
        vary: Option<Spec>,
        #[command(flatten)]
        format: TableFormat,
    },
    /// OSTEP's homework simulators: the same flags, the same output (or --scenario)
    // Its -h and --help are the simulator's (`threadlab help ostep` shows this help).
    #[command(after_help = OSTEP_AFTER, disable_help_flag = true)]
    Ostep {
        /// Which simulator
        #[arg(value_enum)]
        tool: OstepTool,
        /// Its flags, as for the original; --scenario prints the equivalent Threadlab scenario
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "FLAGS")]
        args: Vec<String>,
    },
    /// List the notes' claims as ready-made experiments, each with its playground link
    Claims {
        /// The playground's address
        #[arg(long, value_name = "URL", default_value = DEFAULT_BASE)]
        base: String,
    },
    /// Print the scenario text of a playground link
    #[command(after_help = OPEN_AFTER)]
    Open {
        /// A playground URL or its #v1:… fragment
        #[arg(value_name = "LINK")]
        link: String,
    },
    /// Write the run for other tools: trace (Perfetto), csv or svg
    #[command(override_usage = EXPORT_USAGE, after_help = EXPORT_AFTER)]
    Export {
        #[command(flatten)]
        scenario: Scenario,
        /// What to write
        #[arg(long, value_name = "F", value_enum)]
        format: ExportFormat,
        /// The SVG's width in pixels
        #[arg(
            long,
            value_name = "N",
            default_value_t = 1000,
            value_parser = clap::value_parser!(u32).range(300..=10_000)
        )]
        width: u32,
    },
    /// Print a shell completion script (bash, zsh, fish, ...)
    #[command(after_help = COMPLETIONS_AFTER)]
    Completions {
        /// The shell
        #[arg(value_name = "SHELL", value_enum)]
        shell: clap_complete::Shell,
    },
}

/// How `sweep` and `compare` print their numbers: a table (the default), CSV or JSON.
#[derive(Debug, Clone, Copy, Args)]
#[group(multiple = false)]
pub struct TableFormat {
    /// Print the numbers as CSV (one header line, one row per value)
    #[arg(long)]
    pub csv: bool,
    /// Print the numbers as JSON
    #[arg(long)]
    pub json: bool,
}

/// The output of `sweep` and `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl TableFormat {
    pub fn format(self) -> Format {
        match (self.csv, self.json) {
            (true, _) => Format::Csv,
            (_, true) => Format::Json,
            _ => Format::Table,
        }
    }
}

/// Where the scenario of a path comes from (`-` is standard input).
pub fn input_of(path: &std::path::Path) -> Input {
    if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    }
}

/// The scenario of a command: one FILE (`-` for standard input) or `--preset NAME`.
#[derive(Debug, Clone, Args)]
#[group(required = true, multiple = false)]
pub struct Scenario {
    /// The scenario file; '-' reads it from standard input
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A built-in preset instead of a file (see 'threadlab presets')
    #[arg(long, value_name = "NAME")]
    pub preset: Option<String>,
}

impl Scenario {
    /// Where the scenario comes from (clap has checked that exactly one was given).
    pub fn input(&self) -> Input {
        match (&self.preset, &self.file) {
            (Some(name), _) => Input::Preset(name.clone()),
            (None, Some(f)) if f.as_os_str() == "-" => Input::Stdin,
            (None, Some(f)) => Input::File(f.clone()),
            // Not reached: the group is required. Standard input is the harmless reading.
            (None, None) => Input::Stdin,
        }
    }
}

/// Parses `args` (the program name first). A mistyped command that clap's own similarity
/// test misses (`rnu`: a transposition in a short word) still gets a "similar subcommand" tip,
/// from the edit distance the hand parser used.
pub fn parse<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use clap::CommandFactory;
    Cli::try_parse_from(args).map_err(|mut e| {
        if e.kind() == ErrorKind::InvalidSubcommand && e.get(ContextKind::SuggestedSubcommand).is_none() {
            if let Some(ContextValue::String(typed)) = e.get(ContextKind::InvalidSubcommand) {
                let cmd = Cli::command();
                let names: Vec<&str> = cmd.get_subcommands().map(|c| c.get_name()).chain(["help"]).collect();
                if let Some(near) = closest(typed, &names) {
                    e.insert(ContextKind::SuggestedSubcommand, ContextValue::String(near.to_string()));
                }
            }
        }
        e
    })
}

/// The completion script of `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "threadlab", &mut out);
    out
}

/// ` (did you mean 'x'?)` when one of `known` is close to `word`, else nothing.
pub fn suggest(word: &str, known: &[&str]) -> String {
    closest(word, known).map_or_else(String::new, |k| format!(" (did you mean '{k}'?)"))
}

/// The entry of `known` nearest to `word` by edit distance, if it is near enough.
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .iter()
        .map(|k| (edit_distance(&word, &k.to_lowercase()), *k))
        .filter(|(d, k)| *d <= 2.max(k.chars().count() / 3) && *d < k.chars().count())
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;
    use std::ffi::OsString;

    fn p(args: &[&str]) -> Result<Command, clap::Error> {
        parse(std::iter::once("threadlab").chain(args.iter().copied())).map(|c| c.command)
    }

    fn err(args: &[&str]) -> String {
        p(args).unwrap_err().to_string()
    }

    fn run_of(args: &[&str]) -> (Input, bool, u16) {
        match p(args).unwrap() {
            Command::Run { scenario, json, width } => (scenario.input(), json, width),
            other => panic!("{other:?}"),
        }
    }

    fn file(f: &str) -> Input {
        Input::File(PathBuf::from(f))
    }

    #[test]
    fn the_command_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn run_forms() {
        assert_eq!(run_of(&["run", "a.tl"]), (file("a.tl"), false, 72));
        assert_eq!(run_of(&["run", "-", "--json"]), (Input::Stdin, true, 72));
        assert_eq!(run_of(&["run", "--width", "20", "a.tl"]), (file("a.tl"), false, 20));
        assert_eq!(run_of(&["run", "a.tl", "--width=1000"]), (file("a.tl"), false, 1000));
        assert_eq!(run_of(&["run", "--preset", "gil", "--json"]), (Input::Preset("gil".into()), true, 72));
        assert_eq!(run_of(&["run", "--preset=gil"]), (Input::Preset("gil".into()), false, 72));
        assert_eq!(run_of(&["run", "--", "--json"]), (file("--json"), false, 72));
    }

    #[test]
    fn run_errors_name_the_flag() {
        assert!(err(&["run"]).contains("required arguments were not provided"));
        assert!(err(&["run", "a", "b"]).contains("unexpected argument 'b'"));
        assert!(err(&["run", "a", "--preset", "x"]).contains("cannot be used with"));
        assert!(err(&["run", "a", "--width"]).contains("a value is required for '--width <N>'"));
        assert!(err(&["run", "a", "--width", "19"]).contains("invalid value '19' for '--width <N>'"));
        assert!(err(&["run", "a", "--width", "1001"]).contains("20..=1000"));
        assert!(err(&["run", "a", "--width", "x"]).contains("invalid value 'x' for '--width <N>'"));
        let e = err(&["run", "a", "--jsno"]);
        assert!(e.contains("unexpected argument '--jsno'") && e.contains("'--json'"), "{e}");
        assert!(err(&["run", "--preset"]).contains("a value is required for '--preset <NAME>'"));
    }

    #[test]
    fn commands_and_help() {
        assert_eq!(p(&["--help"]).unwrap_err().kind(), ErrorKind::DisplayHelp);
        assert_eq!(p(&["--version"]).unwrap_err().kind(), ErrorKind::DisplayVersion);
        assert_eq!(p(&["-V"]).unwrap_err().kind(), ErrorKind::DisplayVersion);
        assert_eq!(p(&["run", "x", "-h"]).unwrap_err().kind(), ErrorKind::DisplayHelp);
        assert_eq!(p(&["help", "run"]).unwrap_err().kind(), ErrorKind::DisplayHelp);
        assert!(matches!(p(&["presets"]), Ok(Command::Presets)));
        match p(&["check", "-"]).unwrap() {
            Command::Check { scenario } => assert_eq!(scenario.input(), Input::Stdin),
            other => panic!("{other:?}"),
        }
        match p(&["check", "--preset", "x"]).unwrap() {
            Command::Check { scenario } => assert_eq!(scenario.input(), Input::Preset("x".into())),
            other => panic!("{other:?}"),
        }
        match p(&["link", "-", "--view", "threads", "--lang", "zh"]).unwrap() {
            Command::Link { base, view, lang, .. } => {
                assert_eq!(base, DEFAULT_BASE);
                assert_eq!(view.as_deref(), Some("threads"));
                assert_eq!(lang.as_deref(), Some("zh"));
            }
            other => panic!("{other:?}"),
        }
        assert!(err(&["link", "-", "--view", "lanes"]).contains("'--view <V>'"));
        assert!(err(&["export", "-", "--format", "pdf"]).contains("'--format <F>'"));
        assert!(err(&["export", "-"]).contains("--format <F>"));
        assert!(err(&["export", "-", "--format", "svg", "--width", "200"]).contains("'--width <N>'"));
        let e = err(&["rnu", "x"]);
        assert!(e.contains("unrecognized subcommand 'rnu'"), "{e}");
        assert!(e.contains("tip: a similar subcommand exists: 'run'"), "{e}");
        let e = err(&["chek"]);
        assert!(e.contains("tip: a similar subcommand exists: 'check'"), "{e}");
        assert!(!err(&["frobnicate"]).contains("tip:"));
        assert_eq!(p(&[]).unwrap_err().kind(), ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand);
        assert!(p(&[]).unwrap_err().use_stderr(), "no command is a usage error");
        assert!(p(&["presets", "x"]).is_err());
        assert!(err(&["--verbose"]).contains("unexpected argument '--verbose'"));
    }

    #[test]
    fn suggestions() {
        let commands = ["run", "check", "presets", "link", "open", "export", "help"];
        assert_eq!(closest("chek", &commands), Some("check"));
        assert_eq!(closest("preset", &commands), Some("presets"));
        assert_eq!(closest("xyz", &commands), None);
        assert_eq!(closest("", &commands), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_names_are_kept() {
        use std::os::unix::ffi::OsStringExt;
        let name = OsString::from_vec(vec![b'a', 0xff, b'.', b't', b'l']);
        let cli = parse([OsString::from("threadlab"), OsString::from("check"), name.clone()]).unwrap();
        match cli.command {
            Command::Check { scenario } => assert_eq!(scenario.input(), Input::File(PathBuf::from(name))),
            other => panic!("{other:?}"),
        }
    }
}
