//! Command-line arguments of `threadlab`: parsing (by hand, no dependencies) into a
//! [`Command`], the usage errors, and the help texts.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

/// Chart width in columns when `--width` is not given.
pub const DEFAULT_WIDTH: usize = 72;
/// Smallest and largest `--width`.
pub const MIN_WIDTH: usize = 20;
pub const MAX_WIDTH: usize = 1000;

/// Where a scenario comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    /// `-`: standard input.
    Stdin,
    /// `--preset NAME`: a built-in preset (the name is checked when the command runs).
    Preset(String),
}

/// A help page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Main,
    Run,
    Check,
    Presets,
    Link,
    Open,
    Export,
}

/// What `threadlab export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Chrome trace-event JSON (Perfetto UI, chrome://tracing).
    Trace,
    Csv,
    Svg,
}

/// Where the playground is served, for `threadlab link` without `--base`.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run { input: Input, json: bool, width: usize },
    Check { input: Input },
    Presets,
    Link { input: Input, base: String, view: Option<String>, lang: Option<String> },
    Open { link: String },
    Export { input: Input, format: ExportFormat, width: u32 },
    Help(Topic),
    Version,
}

/// A command line that does not make sense; main prints it and exits with status 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError {
    pub message: String,
    /// The help page to point at.
    pub topic: Topic,
}

impl UsageError {
    fn new(topic: Topic, message: impl Into<String>) -> Self {
        UsageError { message: message.into(), topic }
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let help = match self.topic {
            Topic::Main => "threadlab --help",
            Topic::Run => "threadlab run --help",
            Topic::Check => "threadlab check --help",
            Topic::Presets => "threadlab presets --help",
            Topic::Link => "threadlab link --help",
            Topic::Open => "threadlab open --help",
            Topic::Export => "threadlab export --help",
        };
        write!(f, "threadlab: {}\nTry '{help}' for more information.", self.message)
    }
}

const COMMANDS: [&str; 7] = ["run", "check", "presets", "link", "open", "export", "help"];

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let args: Vec<OsString> = args.into_iter().collect();
    let Some(first) = args.first() else {
        return Err(UsageError::new(
            Topic::Main,
            "missing command: use 'threadlab run FILE', 'threadlab check FILE' or 'threadlab presets'",
        ));
    };
    let rest = &args[1..];
    match first.to_str() {
        Some("-h" | "--help") => Ok(Command::Help(Topic::Main)),
        Some("-V" | "--version") => Ok(Command::Version),
        Some("run") => parse_run(rest),
        Some("check") => parse_check(rest),
        Some("presets") => parse_presets(rest),
        Some("link") => parse_link(rest),
        Some("open") => parse_open(rest),
        Some("export") => parse_export(rest),
        Some("help") => parse_help(rest),
        Some(opt) if opt.starts_with('-') && opt.len() > 1 => Err(UsageError::new(
            Topic::Main,
            format!("unknown option '{opt}'{}", suggest(opt, &["--help", "--version"])),
        )),
        Some(cmd) => Err(UsageError::new(Topic::Main, format!("unknown command '{cmd}'{}", suggest(cmd, &COMMANDS)))),
        None => Err(UsageError::new(Topic::Main, format!("unknown command '{}'", first.to_string_lossy()))),
    }
}

/// True when `-h`/`--help` appears before a `--`.
fn wants_help(args: &[OsString]) -> bool {
    args.iter().take_while(|a| *a != "--").any(|a| a == "-h" || a == "--help")
}

/// One step of option parsing.
enum Arg<'a> {
    /// `--name` or `--name=value` (value inline).
    Opt(&'a str, Option<&'a str>),
    Positional(&'a OsString),
}

/// Splits the arguments of a command into options and positionals, honouring `--`.
fn split(args: &[OsString]) -> Vec<Arg<'_>> {
    let mut out = Vec::new();
    let mut only_positional = false;
    for a in args {
        match a.to_str() {
            Some("--") if !only_positional => only_positional = true,
            Some(s) if !only_positional && s.starts_with('-') && s != "-" => match s.split_once('=') {
                Some((name, value)) if name.starts_with("--") => out.push(Arg::Opt(name, Some(value))),
                _ => out.push(Arg::Opt(s, None)),
            },
            _ => out.push(Arg::Positional(a)),
        }
    }
    out
}

/// The value of option `name`: inline (`--name=v`) or the next argument.
fn value<'a>(
    topic: Topic,
    name: &str,
    inline: Option<&'a str>,
    it: &mut impl Iterator<Item = Arg<'a>>,
    what: &str,
) -> Result<String, UsageError> {
    if let Some(v) = inline {
        return Ok(v.to_string());
    }
    match it.next() {
        Some(Arg::Positional(v)) => Ok(v.to_string_lossy().into_owned()),
        _ => Err(UsageError::new(topic, format!("{name} needs a value: {what}"))),
    }
}

fn input_of(a: &OsString) -> Input {
    if a == "-" {
        Input::Stdin
    } else {
        Input::File(PathBuf::from(a))
    }
}

/// `--preset NAME` (inline or as the next argument) as the scenario of a command.
fn preset<'a>(
    topic: Topic,
    inline: Option<&'a str>,
    it: &mut impl Iterator<Item = Arg<'a>>,
    input: &mut Option<Input>,
) -> Result<(), UsageError> {
    let v = value(topic, "--preset", inline, it, "the name of a preset (see 'threadlab presets')")?;
    set_input(topic, input, Input::Preset(v))
}

fn set_input(topic: Topic, slot: &mut Option<Input>, new: Input) -> Result<(), UsageError> {
    if slot.is_some() {
        let what = match new {
            Input::Preset(_) => "--preset and a FILE cannot be used together, nor --preset twice".to_string(),
            Input::File(ref p) => format!("unexpected argument '{}': give one FILE (or --preset NAME)", p.display()),
            Input::Stdin => "unexpected argument '-': give one FILE (or --preset NAME)".to_string(),
        };
        return Err(UsageError::new(topic, what));
    }
    *slot = Some(new);
    Ok(())
}

fn parse_run(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Run;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    let mut input = None;
    let mut json = false;
    let mut width = DEFAULT_WIDTH;
    let mut it = split(args).into_iter();
    while let Some(arg) = it.next() {
        match arg {
            Arg::Positional(a) => set_input(T, &mut input, input_of(a))?,
            Arg::Opt("--json", None) => json = true,
            Arg::Opt("--width", inline) => {
                let what = format!("a number of columns from {MIN_WIDTH} to {MAX_WIDTH}");
                let v = value(T, "--width", inline, &mut it, &what)?;
                width = match v.trim().parse::<usize>() {
                    Ok(n) if (MIN_WIDTH..=MAX_WIDTH).contains(&n) => n,
                    _ => return Err(UsageError::new(T, format!("invalid --width '{v}': expected {what}"))),
                };
            }
            Arg::Opt("--preset", inline) => preset(T, inline, &mut it, &mut input)?,
            Arg::Opt(opt, _) => return Err(unknown_option(T, opt, &["--json", "--width", "--preset", "--help"])),
        }
    }
    let input = input
        .ok_or_else(|| UsageError::new(T, "missing scenario: give a FILE, '-' for standard input, or --preset NAME"))?;
    Ok(Command::Run { input, json, width })
}

fn parse_check(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Check;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    let mut input = None;
    let mut it = split(args).into_iter();
    while let Some(arg) = it.next() {
        match arg {
            Arg::Positional(a) => set_input(T, &mut input, input_of(a))?,
            Arg::Opt("--preset", inline) => preset(T, inline, &mut it, &mut input)?,
            Arg::Opt(opt, _) => return Err(unknown_option(T, opt, &["--preset", "--help"])),
        }
    }
    let input = input.ok_or_else(|| UsageError::new(T, "missing scenario: give a FILE or '-' for standard input"))?;
    Ok(Command::Check { input })
}

fn parse_link(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Link;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    let (mut input, mut base, mut view, mut lang) = (None, DEFAULT_BASE.to_string(), None, None);
    let mut it = split(args).into_iter();
    while let Some(arg) = it.next() {
        match arg {
            Arg::Positional(a) => set_input(T, &mut input, input_of(a))?,
            Arg::Opt("--preset", inline) => preset(T, inline, &mut it, &mut input)?,
            Arg::Opt("--base", inline) => {
                base = value(T, "--base", inline, &mut it, "the URL the playground is served at")?
            }
            Arg::Opt("--view", inline) => {
                let v = value(T, "--view", inline, &mut it, "cores, threads or both")?;
                if !["cores", "threads", "both"].contains(&v.as_str()) {
                    return Err(UsageError::new(T, format!("invalid --view '{v}': expected cores, threads or both")));
                }
                view = Some(v);
            }
            Arg::Opt("--lang", inline) => {
                let v = value(T, "--lang", inline, &mut it, "en or zh")?;
                if !["en", "zh"].contains(&v.as_str()) {
                    return Err(UsageError::new(T, format!("invalid --lang '{v}': expected en or zh")));
                }
                lang = Some(v);
            }
            Arg::Opt(opt, _) => {
                return Err(unknown_option(T, opt, &["--base", "--view", "--lang", "--preset", "--help"]))
            }
        }
    }
    let input = input
        .ok_or_else(|| UsageError::new(T, "missing scenario: give a FILE, '-' for standard input, or --preset NAME"))?;
    Ok(Command::Link { input, base, view, lang })
}

fn parse_open(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Open;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    let mut link = None;
    for arg in split(args) {
        match arg {
            Arg::Positional(a) if link.is_none() => link = Some(a.to_string_lossy().into_owned()),
            Arg::Positional(a) => {
                return Err(UsageError::new(T, format!("unexpected argument '{}': give one LINK", a.to_string_lossy())))
            }
            Arg::Opt(opt, _) => return Err(unknown_option(T, opt, &["--help"])),
        }
    }
    let link = link.ok_or_else(|| UsageError::new(T, "missing LINK: a playground URL or its #v1:… fragment"))?;
    Ok(Command::Open { link })
}

fn parse_export(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Export;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    let (mut input, mut format, mut width) = (None, None, 1000u32);
    let mut it = split(args).into_iter();
    while let Some(arg) = it.next() {
        match arg {
            Arg::Positional(a) => set_input(T, &mut input, input_of(a))?,
            Arg::Opt("--preset", inline) => preset(T, inline, &mut it, &mut input)?,
            Arg::Opt("--format", inline) => {
                let v = value(T, "--format", inline, &mut it, "trace, csv or svg")?;
                format = Some(match v.as_str() {
                    "trace" => ExportFormat::Trace,
                    "csv" => ExportFormat::Csv,
                    "svg" => ExportFormat::Svg,
                    _ => {
                        return Err(UsageError::new(
                            T,
                            format!(
                                "invalid --format '{v}': expected trace, csv or svg{}",
                                suggest(&v, &["trace", "csv", "svg"])
                            ),
                        ))
                    }
                });
            }
            Arg::Opt("--width", inline) => {
                let v = value(T, "--width", inline, &mut it, "the SVG's width in pixels, 300 to 10000")?;
                width = match v.trim().parse::<u32>() {
                    Ok(n) if (300..=10_000).contains(&n) => n,
                    _ => {
                        return Err(UsageError::new(T, format!("invalid --width '{v}': expected 300 to 10000 pixels")))
                    }
                };
            }
            Arg::Opt(opt, _) => return Err(unknown_option(T, opt, &["--format", "--width", "--preset", "--help"])),
        }
    }
    let input = input
        .ok_or_else(|| UsageError::new(T, "missing scenario: give a FILE, '-' for standard input, or --preset NAME"))?;
    let format = format.ok_or_else(|| UsageError::new(T, "missing --format: trace, csv or svg"))?;
    Ok(Command::Export { input, format, width })
}

fn parse_presets(args: &[OsString]) -> Result<Command, UsageError> {
    const T: Topic = Topic::Presets;
    if wants_help(args) {
        return Ok(Command::Help(T));
    }
    match split(args).first() {
        None => Ok(Command::Presets),
        Some(Arg::Opt(opt, _)) => Err(unknown_option(T, opt, &["--help"])),
        Some(Arg::Positional(a)) => Err(UsageError::new(
            T,
            format!("unexpected argument '{}': 'threadlab presets' takes none", a.to_string_lossy()),
        )),
    }
}

fn parse_help(args: &[OsString]) -> Result<Command, UsageError> {
    match args.first().and_then(|a| a.to_str()) {
        None => Ok(Command::Help(Topic::Main)),
        Some("run") => Ok(Command::Help(Topic::Run)),
        Some("check") => Ok(Command::Help(Topic::Check)),
        Some("presets") => Ok(Command::Help(Topic::Presets)),
        Some("link") => Ok(Command::Help(Topic::Link)),
        Some("open") => Ok(Command::Help(Topic::Open)),
        Some("export") => Ok(Command::Help(Topic::Export)),
        Some("help") => Ok(Command::Help(Topic::Main)),
        Some(other) => Err(UsageError::new(Topic::Main, format!("no help for '{other}'{}", suggest(other, &COMMANDS)))),
    }
}

fn unknown_option(topic: Topic, opt: &str, known: &[&str]) -> UsageError {
    let cmd = match topic {
        Topic::Main => "",
        Topic::Run => " for 'run'",
        Topic::Check => " for 'check'",
        Topic::Presets => " for 'presets'",
        Topic::Link => " for 'link'",
        Topic::Open => " for 'open'",
        Topic::Export => " for 'export'",
    };
    UsageError::new(topic, format!("unknown option '{opt}'{cmd}{}", suggest(opt, known)))
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

/// The text of a help page.
pub fn help(topic: Topic) -> String {
    match topic {
        Topic::Main => format!(
            "\
threadlab {version}: simulate threads, processes, coroutines and schedulers tick by tick,
and see who runs, who waits and why.

Usage:
  threadlab run FILE [--json] [--width N]   run a scenario: chart, numbers, outcome
  threadlab run --preset NAME [--json]      run a built-in preset
  threadlab check FILE                      validate a scenario without running it
  threadlab presets                         list the built-in presets by concept
  threadlab link FILE [--base URL]          the playground link of a scenario
  threadlab open LINK                       the scenario text of a playground link
  threadlab export FILE --format F          the run as trace (Perfetto), csv or svg
  threadlab help [COMMAND]                  show help (also: threadlab COMMAND --help)

FILE may be '-' to read the scenario from standard input.

Options:
  -h, --help       show this help
  -V, --version    print the version

Examples:
  threadlab run locks.tl                    chart + numbers of a scenario file
  threadlab run locks.tl --width 120        a wider chart
  threadlab run locks.tl --json > out.json  the full result and trace as JSON
  threadlab presets                         what presets there are
  threadlab run --preset NAME               run one of them
  printf 'cores 2\\nthread a {{ cpu 5 }}\\nthread b {{ cpu 3 }}\\n' | threadlab run -
  threadlab check locks.tl                  just check the syntax and names

Exit status:
  0  the scenario ran (whatever its outcome: completed, deadlock, stalled, limit, error),
     or 'check' found it valid
  1  usage error: unknown command or option, missing or unreadable file, unknown preset
  2  invalid scenario: FILE:line:col: message on standard error, with the line and a caret;
     for 'open', a damaged link (what could be recovered is still printed)

The scenario language is described in SCENARIO.md.
",
            version = env!("CARGO_PKG_VERSION")
        ),
        Topic::Run => format!(
            "\
threadlab run: run a scenario and show its Gantt chart, numbers and outcome.

Usage:
  threadlab run FILE [--width N] [--json]
  threadlab run - [--width N] [--json]          (the scenario on standard input)
  threadlab run --preset NAME [--width N] [--json]

Options:
  --json          print the result as JSON (outcome, numbers, segments, events) and
                  nothing else on standard output
  --width N       width of the chart in columns, {MIN_WIDTH} to {MAX_WIDTH} (default {DEFAULT_WIDTH});
                  each column covers ceil(makespan / N) ticks
  --preset NAME   run a built-in preset instead of a file (see 'threadlab presets')
  -h, --help      show this help

The report:
  - a header: title, outcome and makespan;
  - the chart: one lane per core (the key of the thread running, ~ context switch,
    . idle) and one lane per thread (# running, - runnable, i io, s sleep, L lock,
    W wait, J join, G GIL, A acquire, . not started, blank after death); each column
    shows what took most of its time;
  - the legend, the tables per thread, per core and for the whole run, and the outcome
    explained (the wait-for cycle of a deadlock, what stuck threads wait for, the
    thread, tick and reason of an error).

Examples:
  threadlab run locks.tl
  threadlab run locks.tl --width 150
  threadlab run locks.tl --json | jq .outcome
  cat locks.tl | threadlab run -

Exit status: 0 when the scenario ran, whatever its outcome; 1 on a usage error;
2 when the scenario is invalid (FILE:line:col: message on standard error).
"
        ),
        Topic::Check => "\
threadlab check: validate a scenario without running it.

Usage:
  threadlab check FILE
  threadlab check -               (the scenario on standard input)
  threadlab check --preset NAME

Prints 'ok: N threads, M processes' (copies 'x N' counted) and exits 0 when the
scenario is valid. When it is not, prints FILE:line:col: message on standard error,
then the line with a caret under the column, and exits 2.

Examples:
  threadlab check locks.tl
  echo 'cores x' | threadlab check -
"
        .to_string(),
        Topic::Link => format!(
            "\
threadlab link: print the playground link of a scenario. Opening it shows that scenario
(and the view given here); it is the same link as the app's \"Copy link\".

Usage:
  threadlab link FILE [--base URL] [--view cores|threads|both] [--lang en|zh]
  threadlab link - ...            (the scenario on standard input)
  threadlab link --preset NAME ...

Options:
  --base URL      where the playground is served (default {DEFAULT_BASE})
  --view V        which charts the link opens with
  --lang L        the interface language the link opens with
  -h, --help      show this help

The scenario travels in the link's fragment (#v1:…, compressed); nothing is uploaded.

Examples:
  threadlab link locks.tl --base https://example.org/course/threadlab/
  threadlab link --preset deadlock-two-locks --view threads
"
        ),
        Topic::Open => "\
threadlab open: print the scenario text of a playground link (the whole URL or its
#v1:… fragment).

Usage:
  threadlab open LINK

Exit status: 0 when the link is whole. 2 when it is damaged: the problem is on standard
error, and whatever text could be recovered is still printed.

Example:
  threadlab open 'https://example.org/threadlab/#v1:…' > scenario.tl
"
        .to_string(),
        Topic::Export => "\
threadlab export: run a scenario and write its result for other tools.

Usage:
  threadlab export FILE --format trace|csv|svg [--width N]
  threadlab export - ...   |   threadlab export --preset NAME ...

Formats:
  trace   Chrome trace-event JSON: open it in ui.perfetto.dev or chrome://tracing
          (a track per core and per thread, states as slices, causes as args)
  csv     the numbers: scope,name,metric,value (run, cores, threads)
  svg     the cores and threads charts with their legend (--width pixels, default 1000)

The web app's export buttons write the same files.

Examples:
  threadlab export locks.tl --format trace > locks.trace.json
  threadlab export --preset gil-cpu-vs-io --format svg --width 1400 > gil.svg
"
        .to_string(),
        Topic::Presets => "\
threadlab presets: list the built-in preset scenarios, grouped by the concept they show.

Usage:
  threadlab presets

Run one with 'threadlab run --preset NAME'.
"
        .to_string(),
    }
}

/// The version line.
pub fn version() -> String {
    format!("threadlab {}\n", env!("CARGO_PKG_VERSION"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, UsageError> {
        parse(args.iter().map(OsString::from))
    }

    fn file(f: &str) -> Input {
        Input::File(PathBuf::from(f))
    }

    #[test]
    fn run_forms() {
        assert_eq!(p(&["run", "a.tl"]), Ok(Command::Run { input: file("a.tl"), json: false, width: 72 }));
        assert_eq!(p(&["run", "-", "--json"]), Ok(Command::Run { input: Input::Stdin, json: true, width: 72 }));
        assert_eq!(
            p(&["run", "--width", "20", "a.tl"]),
            Ok(Command::Run { input: file("a.tl"), json: false, width: 20 })
        );
        assert_eq!(
            p(&["run", "a.tl", "--width=1000"]),
            Ok(Command::Run { input: file("a.tl"), json: false, width: 1000 })
        );
        assert_eq!(
            p(&["run", "--preset", "gil", "--json"]),
            Ok(Command::Run { input: Input::Preset("gil".into()), json: true, width: 72 })
        );
        assert_eq!(
            p(&["run", "--preset=gil"]),
            Ok(Command::Run { input: Input::Preset("gil".into()), json: false, width: 72 })
        );
        assert_eq!(p(&["run", "--", "--json"]), Ok(Command::Run { input: file("--json"), json: false, width: 72 }));
    }

    #[test]
    fn run_errors() {
        let err = |args: &[&str]| p(args).unwrap_err().message;
        assert!(err(&["run"]).contains("missing scenario"));
        assert!(err(&["run", "a", "b"]).contains("unexpected argument 'b'"));
        assert!(err(&["run", "a", "--preset", "x"]).contains("cannot be used together"));
        assert!(err(&["run", "a", "--width"]).contains("--width needs a value"));
        assert!(err(&["run", "a", "--width", "19"]).contains("invalid --width '19'"));
        assert!(err(&["run", "a", "--width", "1001"]).contains("from 20 to 1000"));
        assert!(err(&["run", "a", "--width", "x"]).contains("invalid --width 'x'"));
        assert!(err(&["run", "a", "--jsno"]).contains("unknown option '--jsno' for 'run' (did you mean '--json'?)"));
        assert!(err(&["run", "--preset"]).contains("--preset needs a value"));
    }

    #[test]
    fn commands_and_help() {
        assert_eq!(p(&["--help"]), Ok(Command::Help(Topic::Main)));
        assert_eq!(p(&["-h"]), Ok(Command::Help(Topic::Main)));
        assert_eq!(p(&["--version"]), Ok(Command::Version));
        assert_eq!(p(&["-V"]), Ok(Command::Version));
        assert_eq!(p(&["run", "--help"]), Ok(Command::Help(Topic::Run)));
        assert_eq!(p(&["run", "x", "--bogus", "-h"]), Ok(Command::Help(Topic::Run)));
        assert_eq!(p(&["check", "-h"]), Ok(Command::Help(Topic::Check)));
        assert_eq!(p(&["presets", "--help"]), Ok(Command::Help(Topic::Presets)));
        assert_eq!(p(&["help", "run"]), Ok(Command::Help(Topic::Run)));
        assert_eq!(p(&["help"]), Ok(Command::Help(Topic::Main)));
        assert_eq!(p(&["presets"]), Ok(Command::Presets));
        assert_eq!(p(&["check", "-"]), Ok(Command::Check { input: Input::Stdin }));
        assert_eq!(p(&["check", "--preset", "x"]), Ok(Command::Check { input: Input::Preset("x".into()) }));
        let err = p(&["rnu", "x"]).unwrap_err();
        assert_eq!(err.message, "unknown command 'rnu' (did you mean 'run'?)");
        assert_eq!(
            err.to_string(),
            "threadlab: unknown command 'rnu' (did you mean 'run'?)\nTry 'threadlab --help' for more information."
        );
        assert_eq!(p(&["frobnicate"]).unwrap_err().message, "unknown command 'frobnicate'");
        assert!(p(&[]).unwrap_err().message.starts_with("missing command"));
        assert!(p(&["presets", "x"]).is_err());
        assert!(p(&["--verbose"]).unwrap_err().message.contains("unknown option '--verbose'"));
        for t in [Topic::Main, Topic::Run, Topic::Check, Topic::Presets] {
            assert!(help(t).contains("Usage:"));
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("chek", &COMMANDS), Some("check"));
        assert_eq!(closest("preset", &COMMANDS), Some("presets"));
        assert_eq!(closest("xyz", &COMMANDS), None);
        assert_eq!(closest("", &COMMANDS), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_names_are_kept() {
        use std::os::unix::ffi::OsStringExt;
        let name = OsString::from_vec(vec![b'a', 0xff, b'.', b't', b'l']);
        let cmd = parse([OsString::from("check"), name.clone()]).unwrap();
        assert_eq!(cmd, Command::Check { input: Input::File(PathBuf::from(name)) });
    }
}
