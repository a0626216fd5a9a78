//! A homework command line as a teacher pastes it (`./scheduler.py -p RR -q 2 -j 3 -s 7 -c`,
//! `python3 process-run.py -l 5:100,5:100`): which simulator, and its arguments split as a
//! POSIX shell splits them (quotes and backslashes). The app's import box reads it.

/// One of OSTEP's homework simulators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    Scheduler,
    ProcessRun,
}

impl Tool {
    /// The original's file name.
    pub fn program(self) -> &'static str {
        match self {
            Tool::Scheduler => "scheduler.py",
            Tool::ProcessRun => "process-run.py",
        }
    }

    /// What the original prints for `args`.
    pub fn run(self, args: &[String]) -> Result<String, String> {
        match self {
            Tool::Scheduler => super::scheduler::run(args),
            Tool::ProcessRun => super::process_run::run(args),
        }
    }

    /// The scenario of the problem `args` sets (see [`super::scenario`]).
    pub fn scenario(self, args: &[String]) -> Result<String, String> {
        match self {
            Tool::Scheduler => super::scenario::scheduler(args),
            Tool::ProcessRun => super::scenario::process_run(args),
        }
    }

    /// The arguments with the answers asked for: `-c` (and for process-run `-p`, its Stats
    /// lines), added when missing.
    pub fn with_answers(self, args: &[String]) -> Vec<String> {
        let mut v = args.to_vec();
        let has = |f: &str| {
            args.iter().any(|a| {
                a == f
                    || (a.starts_with('-')
                        && !a.starts_with("--")
                        && a.len() > 2
                        && a[1..].chars().all(|c| c.is_ascii_alphabetic())
                        && a.contains(&f[1..]))
            })
        };
        if !has("-c") {
            v.push("-c".into());
        }
        if self == Tool::ProcessRun && !has("-p") {
            v.push("-p".into());
        }
        v
    }
}

/// Splits `line` as a shell does (single quotes, double quotes with `\\` escapes, backslashes).
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err("a quote (\') is not closed".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => word.push(x),
                            Some(x) => {
                                word.push('\\');
                                word.push(x);
                            }
                            None => return Err("a quote (\") is not closed".into()),
                        },
                        Some(x) => word.push(x),
                        None => return Err("a quote (\") is not closed".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    word.push(x);
                }
            }
            x => {
                in_word = true;
                word.push(x);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The simulator and its arguments of a pasted command line: words before the program
/// (`python3`, `python`, a path) are dropped; the program is `scheduler.py` or
/// `process-run.py` (with any directory, or without `.py`).
pub fn parse(line: &str) -> Result<(Tool, Vec<String>), String> {
    let words = split(line)?;
    for (i, w) in words.iter().enumerate() {
        let name = w.rsplit('/').next().unwrap_or(w);
        let tool = match name.strip_suffix(".py").unwrap_or(name) {
            "scheduler" => Tool::Scheduler,
            "process-run" => Tool::ProcessRun,
            _ => continue,
        };
        return Ok((tool, words[i + 1..].to_vec()));
    }
    Err("expected a command line of OSTEP's scheduler.py or process-run.py, such as ./scheduler.py -p RR -q 2 -j 3 -s 7".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_pasted_command_line_names_its_simulator() {
        assert_eq!(
            parse("./scheduler.py -p RR -q 2 -j 3 -s 7 -c"),
            Ok((Tool::Scheduler, w(&["-p", "RR", "-q", "2", "-j", "3", "-s", "7", "-c"])))
        );
        assert_eq!(
            parse("python3 ostep-homework/cpu-intro/process-run.py -l 5:100,5:100"),
            Ok((Tool::ProcessRun, w(&["-l", "5:100,5:100"])))
        );
        assert_eq!(parse("process-run -P 'c3,i' -L \"2\""), Ok((Tool::ProcessRun, w(&["-P", "c3,i", "-L", "2"]))));
        assert_eq!(parse("  scheduler.py  "), Ok((Tool::Scheduler, vec![])));
        assert!(parse("ls -l").unwrap_err().contains("scheduler.py or process-run.py"));
        assert!(parse("scheduler.py -l '5,3").unwrap_err().contains("not closed"));
        assert_eq!(split(r#"a\ b "c \" d" e"#), Ok(w(&["a b", "c \" d", "e"])));
    }

    #[test]
    fn answers_are_asked_for_once() {
        assert_eq!(Tool::Scheduler.with_answers(&w(&["-p", "RR"])), w(&["-p", "RR", "-c"]));
        assert_eq!(Tool::Scheduler.with_answers(&w(&["-c", "-p", "RR"])), w(&["-c", "-p", "RR"]));
        assert_eq!(Tool::ProcessRun.with_answers(&w(&["-l", "5:50"])), w(&["-l", "5:50", "-c", "-p"]));
        assert_eq!(Tool::ProcessRun.with_answers(&w(&["-cp", "-l", "5:50"])), w(&["-cp", "-l", "5:50"]));
    }
}
