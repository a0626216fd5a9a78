//! `threadlab`, the command line of Threadlab: parses the arguments (`args`, with clap), reads
//! the scenario, runs or checks it with `threadlab_sim`, prints the report (`gantt`, `table`)
//! or the JSON, and turns the result into the exit status: 0 ran or valid (and help, version,
//! completions), 1 usage error (clap's message, which names the bad flag or value, or a
//! missing file or unknown preset, or an experiment's parameter the scenario does not have),
//! 2 invalid scenario (also with one value of an experiment) or damaged link. `sweep` and
//! `compare` run `threadlab_share::experiment` and print with `experiments`.

mod args;
mod experiments;
mod gantt;
mod table;

use args::{Command, Input};
use std::io::{Read, Write};
use std::process::ExitCode;
use threadlab_share::experiment::{self, Experiment, ExperimentError, Param, Spec};
use threadlab_sim::limits::MAX_TEXT_BYTES;
use threadlab_sim::{RunOptions, ScenarioError};

/// Read at most this many bytes of a scenario. Texts over `MAX_TEXT_BYTES` but within this
/// are left to the parser, which reports their size; longer ones are refused here.
const READ_CAP: usize = 16 * MAX_TEXT_BYTES;

/// Why a command did not get to its normal output.
enum Failure {
    /// Exit 1: a message for standard error (without the `threadlab: ` prefix).
    Usage(String),
    /// Exit 2: the full diagnostic for standard error.
    Invalid(String),
    /// A message for standard error as it is, and the exit status (an OSTEP simulator's own
    /// words and status).
    AsIs(String, u8),
}

/// A scenario text and the name to show in diagnostics (`<stdin>` for `-`).
struct Source {
    name: String,
    text: String,
}

/// Exit status of a usage error. Clap's own would be 2, which here means an invalid scenario.
const USAGE_EXIT: u8 = 1;

fn main() -> ExitCode {
    let code = match args::parse(std::env::args_os()) {
        Ok(cli) => execute(cli.command),
        Err(e) => {
            // Help and version go to standard output and exit 0; errors go to standard error.
            let _ = e.print();
            if e.use_stderr() {
                USAGE_EXIT
            } else {
                0
            }
        }
    };
    ExitCode::from(code)
}

fn execute(cmd: Command) -> u8 {
    let out = match cmd {
        Command::Presets => Ok(presets_list()),
        Command::Check { scenario } => check(&scenario.input()),
        Command::Run { scenario, json, width } => run(&scenario.input(), json, usize::from(width)),
        Command::Link { scenario, base, view, lang, sweep, compare, with } => {
            let experiment = match (sweep, compare) {
                (Some(s), _) => Some(LinkExperiment::Spec(Experiment::Sweep(s))),
                (None, Some(c)) => Some(LinkExperiment::Spec(Experiment::Compare(c))),
                (None, None) if with.is_empty() => None,
                (None, None) => Some(LinkExperiment::With(with)),
            };
            link(&scenario.input(), &base, view, lang, experiment)
        }
        Command::Sweep { scenario, param, format } => sweep(&scenario.input(), &param, format.format()),
        Command::Compare { files, vary, format } => compare(&files, vary.as_ref(), format.format()),
        Command::Claims { base } => Ok(claims(&base)),
        Command::Ostep { tool, args } => ostep(tool, args),
        Command::Open { link } => return open(&link),
        Command::Export { scenario, format, width } => export(&scenario.input(), format, width),
        Command::Completions { shell } => return emit_bytes(&args::completions(shell)),
    };
    match out {
        Ok(text) => emit(&text),
        Err(Failure::Usage(msg)) => {
            eprintln!("threadlab: {msg}");
            USAGE_EXIT
        }
        Err(Failure::AsIs(msg, code)) => {
            eprintln!("{}", msg.trim_end());
            code
        }
        Err(Failure::Invalid(diagnostic)) => {
            eprint!("{diagnostic}");
            2
        }
    }
}

/// Writes to standard output; a closed pipe (`threadlab run x | head`) is not an error.
fn emit(text: &str) -> u8 {
    emit_bytes(text.as_bytes())
}

fn emit_bytes(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("threadlab: cannot write to standard output: {e}");
            1
        }
    }
}

fn run(input: &Input, json: bool, width: usize) -> Result<String, Failure> {
    let src = load(input)?;
    let result = threadlab_sim::run(&src.text).map_err(|e| invalid(&src, &e))?;
    if json {
        // Streamed: a result of millions of segments never exists as one string.
        let stdout = std::io::stdout();
        let mut w = std::io::BufWriter::new(stdout.lock());
        let written = serde_json::to_writer_pretty(&mut w, &result)
            .map_err(std::io::Error::from)
            .and_then(|()| std::io::Write::write_all(&mut w, b"\n"))
            .and_then(|()| std::io::Write::flush(&mut w));
        // A closed pipe (`| head`) is not an error of the run.
        if let Err(e) = written {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("threadlab: writing the result: {e}");
            }
        }
        return Ok(String::new());
    }
    let settings = threadlab_sim::parse(&src.text).ok().map(|s| s.settings);
    let title = settings.as_ref().and_then(|s| s.title.as_deref());
    let mut out = table::header(title, &result);
    if let Some(note) = settings.as_ref().and_then(|s| s.note.as_deref()) {
        out.push_str(note);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&gantt::render(&result, width));
    out.push('\n');
    out.push_str(&table::numbers(&result));
    out.push('\n');
    out.push_str(&table::outcome(&result));
    Ok(out)
}

/// The experiment of `threadlab link`: a sweep or comparison of values, or files to compare.
enum LinkExperiment {
    Spec(Experiment),
    With(Vec<std::path::PathBuf>),
}

/// `threadlab ostep TOOL FLAGS`: the simulator's text, or with `--scenario` the scenario of
/// its problem. An error is the original's words with its exit status (optparse's usage
/// errors 2, the rest 1).
fn ostep(tool: args::OstepTool, mut flags: Vec<String>) -> Result<String, Failure> {
    use threadlab_share::ostep::{process_run, scenario, scheduler};
    let wants_scenario = flags.iter().any(|f| f == "--scenario");
    flags.retain(|f| f != "--scenario");
    let out = match (tool, wants_scenario) {
        (args::OstepTool::Scheduler, false) => scheduler::run(&flags),
        (args::OstepTool::Scheduler, true) => scenario::scheduler(&flags),
        (args::OstepTool::ProcessRun, false) => process_run::run(&flags),
        (args::OstepTool::ProcessRun, true) => scenario::process_run(&flags),
    };
    out.map_err(|e| {
        let code = if e.starts_with("Usage: ") { 2 } else { 1 };
        Failure::AsIs(e, code)
    })
}

/// `threadlab claims`: each ready-made experiment (`share::claims`) with what it varies, what
/// to see and the link that opens it running.
fn claims(base: &str) -> String {
    use threadlab_share::claims::{ClaimKind, ALL};
    use threadlab_share::link::{url, LinkState};
    let mut out = String::new();
    for c in ALL {
        let state = LinkState { text: c.text.to_string(), experiment: Some(c.experiment()), ..LinkState::default() };
        let how = match c.kind {
            ClaimKind::Sweep => "sweep",
            ClaimKind::Compare => "compare",
        };
        out.push_str(&format!(
            "{} (concept {}): {}\n  {how} {}\n  {}\n  {}\n\n",
            c.id,
            c.concept,
            c.title,
            c.spec,
            c.see,
            url(base, &state)
        ));
    }
    out
}

fn link(
    input: &Input,
    base: &str,
    view: Option<String>,
    lang: Option<String>,
    experiment: Option<LinkExperiment>,
) -> Result<String, Failure> {
    use threadlab_share::link::{url, LinkState, LinkView};
    let src = load(input)?;
    // A link to an invalid scenario would open on an error: say so now.
    let scenario = threadlab_sim::check(&src.text).map_err(|e| invalid(&src, &e))?;
    // And one whose experiment cannot run on it.
    let experiment = match experiment {
        None => None,
        Some(LinkExperiment::Spec(e)) => {
            if let Experiment::Sweep(spec) | Experiment::Compare(spec) = &e {
                experiment::check_param(&scenario, &spec.param)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", spec.param)))?;
            }
            Some(e)
        }
        Some(LinkExperiment::With(files)) => {
            if files.len() >= experiment::MAX_VARIANTS {
                return Err(Failure::Usage(format!(
                    "--with compares the scenario with 1 to 3 others; found {}",
                    files.len()
                )));
            }
            if matches!(input, Input::Stdin) && files.iter().any(|f| f.as_os_str() == "-") {
                return Err(Failure::Usage("standard input ('-') can be only one of the files".into()));
            }
            let mut texts = Vec::new();
            for f in &files {
                let other = load(&args::input_of(f))?;
                threadlab_sim::check(&other.text).map_err(|e| invalid(&other, &e))?;
                texts.push(other.text);
            }
            Some(Experiment::Texts(texts))
        }
    };
    let state = LinkState {
        text: src.text,
        view: view.as_deref().and_then(LinkView::from_code),
        lang,
        experiment: experiment.map(Into::into),
        ..LinkState::default()
    };
    Ok(format!("{}\n", url(base, &state)))
}

/// `threadlab sweep`: every value of `spec` run on the scenario.
fn sweep(input: &Input, spec: &Spec, format: args::Format) -> Result<String, Failure> {
    let src = load(input)?;
    let base = threadlab_sim::check(&src.text).map_err(|e| invalid(&src, &e))?;
    let sw =
        experiment::sweep(&base, spec, &RunOptions::default()).map_err(|e| experiment_failure(&src, &spec.param, e))?;
    Ok(experiments::sweep(&sw, format, &base.settings.unit))
}

/// `threadlab compare`: the values of `--vary` on one scenario, or 2 to 4 scenarios.
fn compare(files: &[std::path::PathBuf], vary: Option<&Spec>, format: args::Format) -> Result<String, Failure> {
    if files.iter().filter(|f| f.as_os_str() == "-").count() > 1 {
        return Err(Failure::Usage("standard input ('-') can be only one of the files".into()));
    }
    if let Some(spec) = vary {
        let [file] = files else {
            return Err(Failure::Usage(format!(
                "--vary compares variants of one scenario: expected one FILE, found {}",
                files.len()
            )));
        };
        let src = load(&args::input_of(file))?;
        let base = threadlab_sim::check(&src.text).map_err(|e| invalid(&src, &e))?;
        let variants = experiment::compare_values(&base, spec, &RunOptions::default())
            .map_err(|e| experiment_failure(&src, &spec.param, e))?;
        return Ok(experiments::compare(&variants, format, &base.settings.unit));
    }
    if !(experiment::MIN_VARIANTS..=experiment::MAX_VARIANTS).contains(&files.len()) {
        return Err(Failure::Usage(format!(
            "expected 2 to 4 scenario files to compare, or one FILE with --vary NAME=V1,V2; found {} file",
            files.len()
        )));
    }
    let sources = files.iter().map(|f| load(&args::input_of(f))).collect::<Result<Vec<Source>, Failure>>()?;
    let mut unit = None;
    for src in &sources {
        let s = threadlab_sim::check(&src.text).map_err(|e| invalid(src, &e))?;
        unit.get_or_insert(s.settings.unit);
    }
    let texts: Vec<(String, String)> = sources.iter().map(|s| (s.name.clone(), s.text.clone())).collect();
    let variants =
        experiment::compare_texts(&texts, &RunOptions::default()).map_err(|e| invalid(&sources[e.index], &e.error))?;
    Ok(experiments::compare(&variants, format, unit.as_deref().unwrap_or("ms")))
}

/// Exit 1 for a parameter the scenario does not have, 2 for a value that makes it invalid.
fn experiment_failure(src: &Source, param: &Param, e: ExperimentError) -> Failure {
    match e {
        ExperimentError::Apply(a) => Failure::Usage(format!("{param}: {a}")),
        ExperimentError::Invalid { value, error } => Failure::Invalid(format!(
            "threadlab: with {param}={value} the scenario is not valid:\n{}",
            diagnostic(&src.name, &src.text, &error)
        )),
    }
}

/// Prints the scenario of a link; a damaged link exits 2 with the problem on standard error
/// after printing what could be recovered.
fn open(link: &str) -> u8 {
    let d = threadlab_share::link::decode(link.trim());
    let code = emit(&d.state.text);
    match d.problem {
        None => code,
        Some(p) => {
            let kept = if d.state.text.is_empty() {
                "nothing could be recovered".to_string()
            } else {
                format!("the {} bytes printed are what could be recovered", d.state.text.len())
            };
            eprintln!("threadlab: {p}; {kept}");
            2
        }
    }
}

fn export(input: &Input, format: args::ExportFormat, width: u32) -> Result<String, Failure> {
    let src = load(input)?;
    let result = threadlab_sim::run(&src.text).map_err(|e| invalid(&src, &e))?;
    let title = threadlab_sim::parse(&src.text).ok().and_then(|s| s.settings.title).unwrap_or_else(|| src.name.clone());
    Ok(match format {
        args::ExportFormat::Trace => threadlab_share::trace_export::to_trace_json(&result, &title),
        args::ExportFormat::Csv => threadlab_share::csv_export::to_csv(&result),
        args::ExportFormat::Svg => threadlab_share::svg_export::to_svg(
            &result,
            &threadlab_share::svg_export::SvgOptions { width, window: None, title, scale: None, plot_x: None },
        ),
    })
}

fn check(input: &Input) -> Result<String, Failure> {
    let src = load(input)?;
    let scenario = threadlab_sim::check(&src.text).map_err(|e| invalid(&src, &e))?;
    let threads: u64 =
        scenario.processes.iter().flat_map(|p| &p.threads).map(|t| u64::from(t.copies.unwrap_or(1))).sum();
    // The implicit process `main` counts when it has threads; written processes always count.
    let processes = scenario.processes.iter().enumerate().filter(|(i, p)| *i > 0 || !p.threads.is_empty()).count();
    Ok(format!("ok: {}, {}\n", plural(threads, "thread"), plural(processes as u64, "process")))
}

fn plural(n: u64, word: &str) -> String {
    match (n, word.ends_with('s')) {
        (1, _) => format!("1 {word}"),
        (_, true) => format!("{n} {word}es"),
        (_, false) => format!("{n} {word}s"),
    }
}

/// The presets by concept: number, concept title, then each preset's name and title.
fn presets_list() -> String {
    let all = threadlab_sim::presets::all();
    if all.is_empty() {
        return "No presets in this build.\n".to_string();
    }
    let nw = all.iter().map(|p| p.name.chars().count()).max().unwrap_or(0);
    let mut concepts: Vec<u8> = all.iter().map(|p| p.concept).collect();
    concepts.sort_unstable();
    concepts.dedup();
    let mut out = String::from("Presets by concept (run one with: threadlab run --preset NAME)\n");
    for c in concepts {
        let title = (c as usize).checked_sub(1).and_then(|i| threadlab_sim::presets::CONCEPTS.get(i)).copied();
        out.push('\n');
        match title {
            Some(t) => out.push_str(&format!("{c:>2}. {t}\n")),
            None => out.push_str(&format!("{c:>2}. (other)\n")),
        }
        for p in all.iter().filter(|p| p.concept == c) {
            let title = match threadlab_sim::parse(p.text) {
                Ok(s) => s.settings.title.unwrap_or_default(),
                Err(e) => format!("(invalid preset: {e})"),
            };
            out.push_str(format!("    {:<nw$}  {title}", p.name).trim_end());
            out.push('\n');
        }
    }
    out
}

/// Reads the scenario text of `input`.
fn load(input: &Input) -> Result<Source, Failure> {
    let (name, bytes) = match input {
        Input::Preset(name) => {
            return match threadlab_sim::presets::find(name) {
                Some(p) => Ok(Source { name: format!("presets/{}.tl", p.name), text: p.text.to_string() }),
                None => Err(Failure::Usage(unknown_preset(name))),
            };
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(READ_CAP as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Failure::Usage(format!("cannot read standard input: {e}")))?;
            ("<stdin>".to_string(), bytes)
        }
        Input::File(path) => {
            let shown = path.display().to_string();
            let fail = |e: std::io::Error| {
                use std::io::ErrorKind as K;
                let why = match e.kind() {
                    K::NotFound => "no such file".to_string(),
                    K::PermissionDenied => "permission denied".to_string(),
                    K::IsADirectory => "it is a directory".to_string(),
                    _ => e.to_string(),
                };
                Failure::Usage(format!("cannot read '{shown}': {why}"))
            };
            let file = std::fs::File::open(path).map_err(fail)?;
            let mut bytes = Vec::new();
            file.take(READ_CAP as u64 + 1).read_to_end(&mut bytes).map_err(fail)?;
            (shown, bytes)
        }
    };
    if bytes.len() > READ_CAP {
        return Err(Failure::Invalid(format!(
            "{name}:1:1: scenario is more than {READ_CAP} bytes; at most {MAX_TEXT_BYTES} are allowed\n"
        )));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source { name, text }),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let err = ScenarioError::new(
                threadlab_sim::Pos { line: line as u32, col: col as u32 },
                threadlab_sim::ErrorKind::NotUtf8,
            );
            Err(Failure::Invalid(diagnostic(&name, &String::from_utf8_lossy(e.as_bytes()), &err)))
        }
    }
}

fn unknown_preset(name: &str) -> String {
    let names: Vec<&str> = threadlab_sim::presets::all().iter().map(|p| p.name).collect();
    if names.is_empty() {
        return format!("unknown preset '{name}': this build has no presets");
    }
    format!(
        "unknown preset '{name}'{}\nThe presets are: {}\n(see 'threadlab presets' for what each one shows)",
        args::suggest(name, &names),
        names.join(", ")
    )
}

fn invalid(src: &Source, e: &ScenarioError) -> Failure {
    Failure::Invalid(diagnostic(&src.name, &src.text, e))
}

/// `NAME:line:col: message`, then (like rustc) the offending line with a caret under the
/// column. Tabs before the column are kept so the caret lines up; a very long line is cut
/// to a window around the column, with `…` where it was cut.
fn diagnostic(name: &str, text: &str, e: &ScenarioError) -> String {
    const WINDOW: usize = 80;
    let mut out = format!("{name}:{e}\n");
    let line_no = e.pos.line as usize;
    let Some(line) = line_no.checked_sub(1).and_then(|i| text.split('\n').nth(i)) else {
        return out;
    };
    let chars: Vec<char> = line.strip_suffix('\r').unwrap_or(line).chars().collect();
    let col = (e.pos.col as usize).saturating_sub(1).min(chars.len());
    let from = col.saturating_sub(WINDOW);
    let to = chars.len().min(col + WINDOW);
    let mut shown: String = if from > 0 { "…".to_string() } else { String::new() };
    let mut pad: String = if from > 0 { " ".to_string() } else { String::new() };
    shown.extend(&chars[from..to]);
    pad.extend(chars[from..col].iter().map(|&c| if c == '\t' { '\t' } else { ' ' }));
    if to < chars.len() {
        shown.push('…');
    }
    let num = line_no.to_string();
    let gutter = " ".repeat(num.len());
    out.push_str(&format!("{gutter} |\n{num} | {shown}\n{gutter} | {pad}^\n"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_sim::error::Found;
    use threadlab_sim::{ErrorKind, Pos};

    fn err(line: u32, col: u32, kind: ErrorKind) -> ScenarioError {
        ScenarioError::new(Pos { line, col }, kind)
    }

    /// A short error, `found "}" with no open block to close`.
    fn m(line: u32, col: u32) -> ScenarioError {
        err(line, col, ErrorKind::UnmatchedClose)
    }

    #[test]
    fn diagnostic_points_at_the_column() {
        let text = "title \"x\"\nthread a {\n  cpu x\n}\n";
        let got = diagnostic(
            "scen.tl",
            text,
            &err(3, 7, ErrorKind::ExpectedNumber { after: "cpu".into(), found: Found::Word("x".into()) }),
        );
        let want = "\
scen.tl:3:7: expected a number after \"cpu\", found \"x\"
  |
3 |   cpu x
  |       ^
";
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn diagnostic_keeps_tabs_and_handles_odd_positions() {
        let got = diagnostic("<stdin>", "thread a {\r\n\tcpu x\r\n", &m(2, 6));
        assert_eq!(got, "<stdin>:2:6: found \"}\" with no open block to close\n  |\n2 | \tcpu x\n  | \t    ^\n");
        // Past the end of the line: the caret goes just after it.
        let got = diagnostic("f", "cpu", &m(1, 99));
        assert_eq!(got, "f:1:99: found \"}\" with no open block to close\n  |\n1 | cpu\n  |    ^\n");
        // No such line, or no position at all: only the first line.
        assert_eq!(diagnostic("f", "cpu", &m(7, 1)), "f:7:1: found \"}\" with no open block to close\n");
        assert_eq!(diagnostic("f", "cpu", &m(0, 0)), "f:0:0: found \"}\" with no open block to close\n");
        let long = format!("{}x{}", "a".repeat(100), "b".repeat(100));
        let got = diagnostic("f", &long, &m(1, 101));
        let want = format!(
            "f:1:101: found \"}}\" with no open block to close\n  |\n1 | …{}x{}…\n  | {}^\n",
            "a".repeat(80),
            "b".repeat(79),
            " ".repeat(81)
        );
        assert_eq!(got, want);
        let got = diagnostic("f", "a\nb\nc\nd\ne\nf\ng\nh\ni\nj x", &m(10, 3));
        assert_eq!(got, "f:10:3: found \"}\" with no open block to close\n   |\n10 | j x\n   |   ^\n");
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(1, "thread"), "1 thread");
        assert_eq!(plural(3, "thread"), "3 threads");
        assert_eq!(plural(0, "process"), "0 processes");
        assert_eq!(plural(1, "process"), "1 process");
    }

    #[test]
    fn unknown_preset_message() {
        let msg = unknown_preset("nope");
        assert!(msg.starts_with("unknown preset 'nope'"), "{msg}");
    }
}
