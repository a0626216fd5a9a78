//! Integration tests of the `threadlab` binary that do not need the engine: help, version,
//! shell completions, usage errors (clap's messages, exit 1), invalid scenarios (exit 2, with position, line and caret) and
//! `check`. The tests that run scenarios are in `cli_run.rs`.

mod common;

use common::{stderr, stdout, threadlab};

use std::path::PathBuf;

/// A file with `text` in the test's own temporary folder.
fn temp_file(name: &str, text: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

const VALID: &str = "\
title \"Two workers\"
cores 2
thread main { spawn w; join w }
thread w x 3 { cpu 2; io 1 }
process other {
  thread o { cpu 1 }
}
";

#[test]
fn help_exits_0_and_names_the_commands() {
    for args in [&["--help"][..], &["-h"], &["help"]] {
        let o = threadlab(args, "");
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let out = stdout(&o);
        for word in ["run", "check", "presets", "--json", "--width", "--preset", "Examples", "Exit status"] {
            assert!(out.contains(word), "help lacks {word}:\n{out}");
        }
        assert!(stderr(&o).is_empty());
    }
}

#[test]
fn command_help_exits_0() {
    for (args, word) in [
        (&["run", "--help"][..], "--width N"),
        (&["run", "x.tl", "-h"], "--width N"),
        (&["help", "run"], "--width N"),
        (&["check", "--help"], "ok: N threads"),
        (&["presets", "--help"], "--preset NAME"),
    ] {
        let o = threadlab(args, "");
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(stdout(&o).contains(word), "{args:?}: {}", stdout(&o));
    }
}

#[test]
fn version_exits_0() {
    for flag in ["--version", "-V"] {
        let o = threadlab(&[flag], "");
        assert_eq!(o.status.code(), Some(0));
        assert_eq!(stdout(&o), format!("threadlab {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn help_subcommand_shows_each_commands_help() {
    for (cmd, word) in [
        ("run", "Usage: threadlab run FILE [--width N] [--json]"),
        ("check", "Usage: threadlab check FILE"),
        ("presets", "Usage: threadlab presets"),
        ("link", "--base <URL>"),
        ("open", "<LINK>"),
        ("export", "--format <F>"),
        ("completions", "<SHELL>"),
    ] {
        let o = threadlab(&["help", cmd], "");
        assert_eq!(o.status.code(), Some(0), "help {cmd}: {}", stderr(&o));
        assert!(stdout(&o).contains(word), "help {cmd}:\n{}", stdout(&o));
        assert_eq!(stdout(&o), stdout(&threadlab(&[cmd, "--help"], "")), "help {cmd} = {cmd} --help");
        assert!(stderr(&o).is_empty());
    }
    let o = threadlab(&["help", "run"], "");
    for word in ["--json", "--width <N>", "--preset <NAME>", "[default: 72]", "Examples", "Exit status"] {
        assert!(stdout(&o).contains(word), "help run lacks {word}:\n{}", stdout(&o));
    }
}

#[test]
fn completions_print_a_script_for_each_shell() {
    for (shell, marker) in
        [("bash", "complete -F _threadlab"), ("zsh", "#compdef threadlab"), ("fish", "complete -c threadlab")]
    {
        let o = threadlab(&["completions", shell], "");
        assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(marker), "{shell}:\n{script}");
        for word in ["threadlab", "run", "presets", "preset", "width"] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
        assert!(stderr(&o).is_empty());
    }
    let o = threadlab(&["completions", "tcsh"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("invalid value 'tcsh' for '<SHELL>'"), "{}", stderr(&o));
}

#[test]
fn unknown_command_exits_1() {
    let o = threadlab(&["rnu", "x.tl"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("unrecognized subcommand 'rnu'"), "{err}");
    assert!(err.contains("a similar subcommand exists: 'run'"), "{err}");
    assert!(err.contains("--help"), "{err}");
}

#[test]
fn no_command_exits_1_with_the_usage() {
    let o = threadlab(&[], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("Usage: threadlab <COMMAND>"), "{}", stderr(&o));
}

#[test]
fn a_bad_flag_is_named_and_exits_1() {
    let o = threadlab(&["run", "x.tl", "--jsn"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.starts_with("error: unexpected argument '--jsn' found"), "{err}");
    assert!(err.contains("a similar argument exists: '--json'"), "{err}");
    let o = threadlab(&["export", "-", "--format", "pdf"], "thread a { cpu 1 }");
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("invalid value 'pdf' for '--format <F>'"), "{err}");
    assert!(err.contains("[possible values: trace, csv, svg]"), "{err}");
}

#[test]
fn usage_errors_exit_1() {
    for (args, msg) in [
        (&["run"][..], "required arguments were not provided:\n  <FILE|--preset <NAME>>"),
        (&["run", "--jsn", "x.tl"], "unexpected argument '--jsn'"),
        (&["run", "x.tl", "--width", "5"], "invalid value '5' for '--width <N>': 5 is not in 20..=1000"),
        (&["run", "x.tl", "--width"], "a value is required for '--width <N>'"),
        (&["run", "a.tl", "b.tl"], "unexpected argument 'b.tl'"),
        (&["run", "a.tl", "--preset", "x"], "the argument '[FILE]' cannot be used with '--preset <NAME>'"),
        (&["check"], "required arguments were not provided"),
        (&["presets", "extra"], "unexpected argument 'extra'"),
        (&["link", "-", "--view", "lanes"], "invalid value 'lanes' for '--view <V>'"),
        (&["export", "-"], "--format <F>"),
        (&["--frobnicate"], "unexpected argument '--frobnicate'"),
    ] {
        let o = threadlab(args, "");
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(msg), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn missing_file_exits_1() {
    for cmd in ["run", "check"] {
        let o = threadlab(&[cmd, "/no/such/dir/scenario.tl"], "");
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("cannot read '/no/such/dir/scenario.tl': no such file"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn unreadable_file_exits_1() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let o = threadlab(&["check", dir.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn unknown_preset_exits_1() {
    for cmd in ["run", "check"] {
        let o = threadlab(&[cmd, "--preset", "no-such-preset"], "");
        assert_eq!(o.status.code(), Some(1));
        let err = stderr(&o);
        assert!(err.contains("unknown preset 'no-such-preset'"), "{err}");
        if !threadlab_sim::presets::all().is_empty() {
            assert!(err.contains("The presets are:"), "{err}");
        }
    }
}

#[test]
fn invalid_scenario_on_stdin_exits_2_with_position_line_and_caret() {
    let o = threadlab(&["check", "-"], "cores x\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    let mut lines = err.lines();
    let first = lines.next().unwrap_or_default();
    assert!(first.starts_with("<stdin>:1:7: "), "{err}");
    assert!(first.contains("cores"), "{err}");
    assert_eq!(lines.next(), Some("  |"), "{err}");
    assert_eq!(lines.next(), Some("1 | cores x"), "{err}");
    assert_eq!(lines.next(), Some("  |       ^"), "{err}");
}

#[test]
fn invalid_scenario_exits_2_for_run_too() {
    let o = threadlab(&["run", "-"], "thread a { cpu 1 }\ncores x\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).starts_with("<stdin>:2:7: "), "{}", stderr(&o));
    let o = threadlab(&["run", "-", "--json"], "cores x\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
}

#[test]
fn invalid_file_names_the_file_and_the_line() {
    let path = temp_file("bad.tl", b"thread a {\n  cpu x\n}\n");
    let shown = path.display().to_string();
    let o = threadlab(&["check", &shown], "");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.starts_with(&format!("{shown}:2:7: ")), "{err}");
    assert!(err.contains("cpu"), "{err}");
    assert!(err.contains("2 |   cpu x\n  |       ^\n"), "{err}");
}

#[test]
fn not_utf8_exits_2() {
    let path = temp_file("latin1.tl", b"title \"caf\xe9\"\n");
    let o = threadlab(&["check", path.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(":1:11: this is not UTF-8 text"), "{}", stderr(&o));
}

#[test]
fn too_long_exits_2() {
    let text = format!("# {}\n", "x".repeat(70_000));
    let o = threadlab(&["check", "-"], &text);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("<stdin>:1:1: "), "{}", stderr(&o));
}

#[test]
fn check_valid_file_exits_0() {
    let path = temp_file("valid.tl", VALID.as_bytes());
    let o = threadlab(&["check", path.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "ok: 5 threads, 2 processes\n");
    assert!(stderr(&o).is_empty());
}

#[test]
fn check_valid_stdin_exits_0() {
    let o = threadlab(&["check", "-"], "thread a { cpu 1 }\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "ok: 1 thread, 1 process\n");
}

#[test]
fn presets_exits_0() {
    let o = threadlab(&["presets"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for p in threadlab_sim::presets::all() {
        assert!(out.contains(p.name), "{} missing:\n{out}", p.name);
    }
}
