//! Fuzz-style property tests of the parser: whatever the input (random bytes, random
//! strings, random "token soup" from the language's own pieces, valid scenarios cut at any
//! character), `parse` returns `Ok` or `Err` and never panics, and an error always points
//! at a real position (line and column at least 1, within the text or just after it).

use proptest::prelude::*;
use threadlab_sim::parse;

#[path = "common/seeds.rs"]
mod seeds;

/// The cases of each property, shared among the seeds (`common/seeds.rs`).
const CASES: u32 = 384;

const VALID: &str = r#"title "Two workers and a lock"
note "Worker b waits for the lock while a holds it.\n\"quoted\""
cores 2
scheduler rr quantum 3      # a comment
switch 1; spawn-cost thread 1 process 10
gil on interval 5
seed 42
unit ms
limit 100000
semaphore s 2

thread main {
  spawn a
  spawn b
  join a 10
  join b
}
thread a at 3 x2 { cpu 4; lock m; cpu 2..5; unlock m; io 6; wait m 3; notify-all m }
thread b priority -2 { repeat 3 { cpu 1; sleep 2 } ; acquire s; release s; yield; exit }
thread logger daemon { repeat 1000 { sleep 5; cpu 1 } }
thread loop asyncio {
  task fetch x3 { cpu 1; await io 10; cpu 1 }
  task crunch { repeat 2 { cpu 20 }; await sleep 1; await fetch }
}
process worker {
  thread worker_main { cpu 20; crash }
}
"#;

/// Pieces of the language (and a few near misses) to build token soup from.
const PIECES: &[&str] = &[
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
    "semaphore",
    "thread",
    "process",
    "task",
    "asyncio",
    "daemon",
    "priority",
    "at",
    "x",
    "x3",
    "x0",
    "x99999999999",
    "quantum",
    "interval",
    "on",
    "off",
    "fifo",
    "rr",
    "sjf",
    "stcf",
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
    "await",
    "main",
    "m",
    "a",
    "b",
    "0",
    "1",
    "3",
    "7",
    "32",
    "256",
    "257",
    "10000",
    "10001",
    "1000000000000",
    "1000000000001",
    "99999999999999999999999",
    "-2",
    "-",
    "..",
    ".",
    "3..7",
    "7..3",
    "{",
    "}",
    "{",
    "}",
    ";",
    "\n",
    "\n",
    "\r\n",
    "#",
    "# comment\n",
    "\"",
    "\"str\"",
    "\"a\\\"b\"",
    "\"\\q\"",
    "\\",
    "é",
    "“",
    "@",
    "\t",
    " ",
    "\u{feff}",
    "\0",
];

/// A scenario made of random pieces, with or without spaces between them.
fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec((0..PIECES.len(), any::<bool>()), 0..120).prop_map(|parts| {
        let mut s = String::new();
        for (i, spaced) in parts {
            s.push_str(PIECES.get(i).copied().unwrap_or(""));
            if spaced {
                s.push(' ');
            }
        }
        s
    })
}

/// Parses `text`; an error must point inside the text or just after it.
fn check(text: &str) {
    if let Err(e) = parse(text) {
        assert!(e.pos.line >= 1 && e.pos.col >= 1, "bad position {} for {text:?}", e.pos);
        let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
        assert!(e.pos.line <= lines, "line {} beyond the text {text:?}", e.pos.line);
        assert!(!e.message().is_empty());
    }
}

#[test]
fn random_bytes_never_panic() {
    seeds::check("random_bytes_never_panic", CASES, prop::collection::vec(any::<u8>(), 0..400), |bytes| {
        check(&String::from_utf8_lossy(&bytes));
        Ok(())
    });
}

#[test]
fn random_strings_never_panic() {
    seeds::check("random_strings_never_panic", CASES, any::<String>(), |text| {
        check(&text);
        Ok(())
    });
}

#[test]
fn random_ascii_never_panic() {
    seeds::check("random_ascii_never_panic", CASES, "[ -~\n\t]{0,300}", |text| {
        check(&text);
        Ok(())
    });
}

#[test]
fn token_soup_never_panics() {
    seeds::check("token_soup_never_panics", CASES, soup(), |text| {
        check(&text);
        Ok(())
    });
}

#[test]
fn valid_scenario_with_soup_inserted_never_panics() {
    seeds::check("valid_scenario_with_soup_inserted_never_panics", CASES, (0usize..2000, soup()), |(at, text)| {
        let cut = VALID.char_indices().map(|(i, _)| i).nth(at).unwrap_or(VALID.len());
        let (head, tail) = VALID.split_at(cut);
        check(&format!("{head}{text}{tail}"));
        Ok(())
    });
}

#[test]
fn parsing_is_deterministic() {
    seeds::check("parsing_is_deterministic", CASES, soup(), |text| {
        prop_assert_eq!(parse(&text), parse(&text));
        Ok(())
    });
}

#[test]
fn valid_scenario_parses() {
    if let Err(e) = parse(VALID) {
        panic!("the fuzz seed scenario must be valid: {e}");
    }
}

#[test]
fn truncating_a_valid_scenario_never_panics() {
    for (i, _) in VALID.char_indices() {
        let (head, _) = VALID.split_at(i);
        check(head);
    }
    check(VALID);
}

#[test]
fn dropping_any_one_character_never_panics() {
    for (i, c) in VALID.char_indices() {
        let mut text = String::with_capacity(VALID.len());
        text.push_str(&VALID[..i]);
        text.push_str(&VALID[i + c.len_utf8()..]);
        check(&text);
    }
}

#[test]
fn huge_inputs_never_panic() {
    check(&"{".repeat(70_000));
    check(&"{".repeat(65_536));
    check(&"thread a { ".repeat(6000));
    check(&"repeat 1 { ".repeat(6000));
    check(&"9".repeat(65_536));
    check(&format!("thread {} {{ }}", "a".repeat(65_000)));
    check(&format!("thread a x{} {{ }}", "9".repeat(65_000)));
    check(&format!("title \"{}", "é".repeat(30_000)));
    check(&"\n".repeat(65_536));
    check(&"é".repeat(40_000));
}
