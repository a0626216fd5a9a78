//! Integration tests of the scenario parser: the examples of SCENARIO.md parse to the
//! expected tree, every header default, thread attributes, ranges, and every category of
//! error with its line:column and a message saying what was expected.

use threadlab_sim::{ast::*, parse};

const FULL_EXAMPLE: &str = r#"title "Two workers and a lock"
note "Worker b waits for the lock while a holds it."
cores 2
scheduler rr quantum 3      # fifo | rr [quantum Q] | priority [quantum Q] | sjf | stcf
switch 1                    # context-switch cost in ticks (default 0)
spawn-cost thread 1 process 10   # ticks of CPU the spawning thread spends (defaults 0 and 0)
gil on interval 5           # Python-style GIL, one per process (default off; interval default 5)
seed 42                     # for ranges such as `cpu 3..7` (default 0)
unit ms                     # label only (default ms)
limit 100000                # stop after this many ticks (default 100000)

thread main {
  spawn a
  spawn b
  join a
  join b
}
thread a { cpu 4; lock m; cpu 2; unlock m; io 6 }
thread b priority 2 { repeat 3 { cpu 1; sleep 2 } ; lock m; cpu 1; unlock m }
thread logger daemon { repeat 1000 { sleep 5; cpu 1 } }

process worker {            # a second process: its own memory, its own GIL
  thread worker_main { cpu 20; crash }
}
"#;

const ASYNCIO_EXAMPLE: &str = r"thread loop asyncio {
  task fetch x3 { cpu 1; await io 10; cpu 1 }
  task crunch { cpu 20 }        # CPU work inside a task blocks every other task
}
";

fn ok(text: &str) -> Scenario {
    match parse(text) {
        Ok(s) => s,
        Err(e) => panic!("expected {text:?} to parse, got {e}"),
    }
}

/// Parses `text`, expecting an error at `line:col` whose message contains `needle`.
fn bad(text: &str, line: u32, col: u32, needle: &str) {
    match parse(text) {
        Ok(s) => panic!("expected {text:?} to fail, got {s:?}"),
        Err(e) => {
            assert_eq!((e.pos.line, e.pos.col), (line, col), "position of {e} for {text:?}");
            assert!(e.message().contains(needle), "message {:?} lacks {needle:?}", e.message());
        }
    }
}

fn pos(line: u32, col: u32) -> Pos {
    Pos { line, col }
}

fn name(text: &str, line: u32, col: u32) -> Name {
    Name { text: text.to_string(), pos: pos(line, col) }
}

fn ops(thread: &ThreadDecl) -> &[Op] {
    match &thread.body {
        Body::Ops(ops) => ops,
        Body::Asyncio(_) => panic!("thread {} is asyncio", thread.name.text),
        Body::Pool(_) => panic!("{} is a pool", thread.name.text),
    }
}

fn kinds(ops: &[Op]) -> Vec<OpKind> {
    ops.iter().map(|o| o.kind.clone()).collect()
}

/// The ops of the only thread of a one-thread scenario.
fn only_ops(text: &str) -> Vec<OpKind> {
    let s = ok(text);
    kinds(ops(&s.processes[0].threads[0]))
}

#[test]
fn full_example_settings() {
    let s = ok(FULL_EXAMPLE);
    let st = &s.settings;
    assert_eq!(st.title.as_deref(), Some("Two workers and a lock"));
    assert_eq!(st.note.as_deref(), Some("Worker b waits for the lock while a holds it."));
    assert_eq!(st.cores, 2);
    assert_eq!(st.policy, Policy::Rr);
    assert_eq!(st.quantum, 3);
    assert_eq!(st.switch_cost, 1);
    assert_eq!((st.spawn_cost_thread, st.spawn_cost_process), (1, 10));
    assert!(st.gil);
    assert_eq!(st.gil_interval, 5);
    assert_eq!(st.seed, 42);
    assert_eq!(st.unit, "ms");
    assert_eq!(st.limit, 100_000);
    assert!(s.semaphores.is_empty());
}

#[test]
fn full_example_tree() {
    let s = ok(FULL_EXAMPLE);
    assert_eq!(s.processes.len(), 2);
    let main = &s.processes[0];
    assert_eq!(main.name, name("main", 1, 1));
    let names: Vec<&str> = main.threads.iter().map(|t| t.name.text.as_str()).collect();
    assert_eq!(names, ["main", "a", "b", "logger"]);
    assert_eq!(main.threads[0].name.pos, pos(12, 8));

    assert_eq!(
        kinds(ops(&main.threads[0])),
        vec![
            OpKind::Spawn(name("a", 13, 9)),
            OpKind::Spawn(name("b", 14, 9)),
            OpKind::Join(name("a", 15, 8), None),
            OpKind::Join(name("b", 16, 8), None),
        ]
    );
    assert_eq!(ops(&main.threads[0])[0].pos, pos(13, 3));

    let a = &main.threads[1];
    assert_eq!(
        kinds(ops(a)),
        vec![
            OpKind::Cpu(Amount::Fixed(4)),
            OpKind::Lock(name("m", 18, 24)),
            OpKind::Cpu(Amount::Fixed(2)),
            OpKind::Unlock(name("m", 18, 41)),
            OpKind::Io(Amount::Fixed(6)),
        ]
    );
    let op_cols: Vec<u32> = ops(a).iter().map(|o| o.pos.col).collect();
    assert_eq!(op_cols, [12, 19, 27, 34, 44]);

    let b = &main.threads[2];
    assert_eq!(b.priority, 2);
    assert!(!b.daemon);
    assert_eq!(b.at, None);
    assert_eq!(b.copies, None);
    let b_ops = ops(b);
    assert_eq!(b_ops.len(), 4);
    match &b_ops[0].kind {
        OpKind::Repeat(3, inner) => {
            assert_eq!(kinds(inner), vec![OpKind::Cpu(Amount::Fixed(1)), OpKind::Sleep(Amount::Fixed(2))])
        }
        other => panic!("expected repeat 3, got {other:?}"),
    }
    assert_eq!(b_ops[0].pos, pos(19, 23));

    let logger = &main.threads[3];
    assert!(logger.daemon);
    assert_eq!(logger.priority, 0);
    match &ops(logger)[0].kind {
        OpKind::Repeat(1000, inner) => {
            assert_eq!(kinds(inner), vec![OpKind::Sleep(Amount::Fixed(5)), OpKind::Cpu(Amount::Fixed(1))]);
        }
        other => panic!("expected repeat 1000, got {other:?}"),
    }

    let worker = &s.processes[1];
    assert_eq!(worker.name, name("worker", 22, 9));
    assert_eq!(worker.threads.len(), 1);
    assert_eq!(worker.threads[0].name.text, "worker_main");
    assert_eq!(kinds(ops(&worker.threads[0])), vec![OpKind::Cpu(Amount::Fixed(20)), OpKind::Crash]);
    assert_eq!(ops(&worker.threads[0])[1].pos, pos(23, 32));
}

#[test]
fn asyncio_example() {
    let s = ok(ASYNCIO_EXAMPLE);
    let t = &s.processes[0].threads[0];
    assert_eq!(t.name.text, "loop");
    let Body::Asyncio(tasks) = &t.body else { panic!("expected an asyncio body") };
    assert_eq!(tasks.len(), 2);
    assert_eq!(tasks[0].name, name("fetch", 2, 8));
    assert_eq!(tasks[0].copies, Some(3));
    let k: Vec<TaskOpKind> = tasks[0].ops.iter().map(|o| o.kind.clone()).collect();
    assert_eq!(
        k,
        vec![
            TaskOpKind::Cpu(Amount::Fixed(1)),
            TaskOpKind::AwaitIo(Amount::Fixed(10)),
            TaskOpKind::Cpu(Amount::Fixed(1)),
        ]
    );
    assert_eq!(tasks[0].ops[1].pos, pos(2, 26));
    assert_eq!(tasks[1].name.text, "crunch");
    assert_eq!(tasks[1].copies, None);
    assert_eq!(tasks[1].ops.len(), 1);
}

#[test]
fn asyncio_task_ops() {
    let s = ok(
        "thread l asyncio {\n task t x 2 { await sleep 3; await u; repeat 2 { cpu 1..3 } }\n task u {\n cpu 1\n }\n}",
    );
    let Body::Asyncio(tasks) = &s.processes[0].threads[0].body else { panic!("asyncio") };
    assert_eq!(tasks[0].copies, Some(2));
    let k: Vec<TaskOpKind> = tasks[0].ops.iter().map(|o| o.kind.clone()).collect();
    assert_eq!(k[0], TaskOpKind::AwaitSleep(Amount::Fixed(3)));
    assert_eq!(k[1], TaskOpKind::AwaitTask(name("u", 2, 36)));
    match &k[2] {
        TaskOpKind::Repeat(2, inner) => {
            assert_eq!(inner[0].kind, TaskOpKind::Cpu(Amount::Range(1, 3)))
        }
        other => panic!("expected repeat, got {other:?}"),
    }
}

#[test]
fn defaults() {
    let s = ok("");
    assert_eq!(s.settings, Settings::default());
    let st = &s.settings;
    assert_eq!(st.title, None);
    assert_eq!(st.note, None);
    assert_eq!(st.cores, 1);
    assert_eq!(st.policy, Policy::Rr);
    assert_eq!(st.quantum, 4);
    assert_eq!(st.switch_cost, 0);
    assert_eq!((st.spawn_cost_thread, st.spawn_cost_process), (0, 0));
    assert!(!st.gil);
    assert_eq!(st.gil_interval, 5);
    assert_eq!(st.seed, 0);
    assert_eq!(st.unit, "ms");
    assert_eq!(st.limit, 100_000);
    assert_eq!(s.processes.len(), 1);
    assert_eq!(s.processes[0].name, name("main", 1, 1));
    assert!(s.processes[0].threads.is_empty());
    assert!(s.semaphores.is_empty());
}

#[test]
fn partial_settings_keep_other_defaults() {
    let s = ok("scheduler priority\ngil on\nspawn-cost process 3");
    assert_eq!(s.settings.policy, Policy::Priority);
    assert_eq!(s.settings.quantum, 4);
    assert!(s.settings.gil);
    assert_eq!(s.settings.gil_interval, 5);
    assert_eq!((s.settings.spawn_cost_thread, s.settings.spawn_cost_process), (0, 3));
    let s = ok("scheduler stcf; gil off; unit us; spawn-cost process 2 thread 7");
    assert_eq!(s.settings.policy, Policy::Stcf);
    assert!(!s.settings.gil);
    assert_eq!(s.settings.unit, "us");
    assert_eq!((s.settings.spawn_cost_thread, s.settings.spawn_cost_process), (7, 2));
    for (kw, p) in [("fifo", Policy::Fifo), ("sjf", Policy::Sjf), ("rr", Policy::Rr)] {
        assert_eq!(ok(&format!("scheduler {kw}")).settings.policy, p);
    }
}

#[test]
fn semaphores() {
    let s = ok("semaphore s 3\nsemaphore empty 0");
    assert_eq!(
        s.semaphores,
        vec![
            SemaphoreDecl { name: name("s", 1, 11), permits: 3 },
            SemaphoreDecl { name: name("empty", 2, 11), permits: 0 },
        ]
    );
}

#[test]
fn copies_glued_and_spaced() {
    let s = ok("thread a x3 { cpu 1 }\nthread b x 3 { cpu 1 }\nthread c x10000 { cpu 1 }");
    let t = &s.processes[0].threads;
    assert_eq!(t[0].copies, Some(3));
    assert_eq!(t[1].copies, Some(3));
    assert_eq!(t[2].copies, Some(10_000));
}

#[test]
fn attributes_in_any_order() {
    let s = ok("thread a daemon at 7 priority -2 x2 { yield }\nthread b priority 5 at 0 { exit }");
    let a = &s.processes[0].threads[0];
    assert!(a.daemon);
    assert_eq!(a.at, Some(7));
    assert_eq!(a.priority, -2);
    assert_eq!(a.copies, Some(2));
    let b = &s.processes[0].threads[1];
    assert_eq!((b.priority, b.at, b.daemon), (5, Some(0), false));
}

#[test]
fn negative_priority() {
    let s = ok("thread low priority -1000000000000 { cpu 1 }");
    assert_eq!(s.processes[0].threads[0].priority, -1_000_000_000_000);
}

#[test]
fn ranges() {
    assert_eq!(only_ops("thread a { cpu 3..7 }"), vec![OpKind::Cpu(Amount::Range(3, 7))]);
    assert_eq!(only_ops("thread a { cpu 3 .. 7 }"), vec![OpKind::Cpu(Amount::Range(3, 7))]);
    assert_eq!(only_ops("thread a { cpu 5..5 }"), vec![OpKind::Cpu(Amount::Range(5, 5))]);
}

#[test]
fn every_operation() {
    let k = only_ops(
        "thread t {\n cpu 1; io 2; sleep 3; lock m; unlock m; wait m; wait m 9; notify m\n \
         notify-all m; join u; join u 4; spawn u; acquire s; release s; yield; exit; crash\n \
         repeat 0 { }\n}",
    );
    assert_eq!(k.len(), 18);
    assert_eq!(k[5], OpKind::Wait(name("m", 2, 47), None));
    assert_eq!(k[6], OpKind::Wait(name("m", 2, 55), Some(9)));
    assert_eq!(k[8], OpKind::NotifyAll(name("m", 3, 13)));
    assert_eq!(k[10], OpKind::Join(name("u", 3, 29), Some(4)));
    assert_eq!(k[12], OpKind::Acquire(name("s", 3, 51)));
    assert_eq!(k[13], OpKind::Release(name("s", 3, 62)));
    assert_eq!(&k[14..17], &[OpKind::Yield, OpKind::Exit, OpKind::Crash]);
    assert_eq!(k[17], OpKind::Repeat(0, vec![]));
}

#[test]
fn blank_statements_comments_and_crlf() {
    let s = ok("\n;;# comment\r\ncores 2;;\r\n\nthread a {;\n\n cpu 1 ; ; # c\n}\n;\n");
    assert_eq!(s.settings.cores, 2);
    assert_eq!(only_ops("thread a {\n# only a comment\ncpu 1 # trailing\n}"), vec![OpKind::Cpu(Amount::Fixed(1))]);
    assert!(ops(&ok("thread empty { }").processes[0].threads[0]).is_empty());
}

#[test]
fn names_with_dots_and_dashes() {
    let k = only_ops("thread t { lock my-lock.2; spawn worker.2 }");
    assert_eq!(k[0], OpKind::Lock(name("my-lock.2", 1, 17)));
    assert_eq!(k[1], OpKind::Spawn(name("worker.2", 1, 34)));
}

#[test]
fn string_escapes() {
    let s = ok(r#"title "say \"hi\"\\ok\nnext""#);
    assert_eq!(s.settings.title.as_deref(), Some("say \"hi\"\\ok\nnext"));
}

#[test]
fn several_processes_and_threads_in_them() {
    let s = ok("process p { thread a { cpu 1 }; thread b daemon { cpu 2 } }\nprocess q {\n\n thread c { }\n}");
    assert_eq!(s.processes.len(), 3);
    assert_eq!(s.processes[1].threads.len(), 2);
    assert!(s.processes[1].threads[1].daemon);
    assert_eq!(s.processes[2].name, name("q", 2, 9));
}

// ---------------------------------------------------------------- nesting

// The limits at their edge (nesting 32 and 33, the text's 64 KiB, numbers, cores, `limit`,
// threads, copies, pools) are tested in `limits.rs`, one test per limit.

#[test]
fn very_deep_nesting_does_not_overflow_the_stack() {
    let text = "thread a { ".to_string() + &"repeat 1 { ".repeat(5000);
    bad(&text, 1, 11 + 11 * 31 + 10, "nested too deep");
    let braces = "{".repeat(60_000);
    assert!(parse(&braces).is_err());
}

// ---------------------------------------------------------------- errors

#[test]
fn error_unexpected_character() {
    bad("cores 2\nthread a { cpu 1 @ }", 2, 18, "unexpected character '@'");
    bad("thread a { cpu 1 }\n  é", 2, 3, "unexpected character 'é'");
    bad("title “x”", 1, 7, "unexpected character '“'");
    bad("thread a { cpu 3.5 }", 1, 17, "unexpected character '.'");
    // Invisible characters are shown by their code, not as an empty pair of quotes.
    bad("thread a {\u{200b} cpu 1 }", 1, 11, "unexpected character '\\u{200b}'");
    bad("thread a { cpu 1 }\u{1}", 1, 19, "unexpected character '\\u{1}'");
    bad("thread a { cpu 1 }\t'", 1, 20, "unexpected character '\\''");
}

#[test]
fn error_unterminated_string() {
    bad("cores 1\n  title \"abc", 2, 9, "unterminated string");
    bad("title \"abc\nnote \"x\"", 1, 7, "unterminated string");
    bad(r#"title "a\qb""#, 1, 9, "unknown escape");
}

// Numbers too large: `limits.rs` (`numbers_up_to_10_to_the_12`).

#[test]
fn error_expected_number() {
    bad("thread a { cpu x }", 1, 16, "expected a number after \"cpu\", found \"x\"");
    bad("thread a {\n  io }", 2, 6, "expected a number after \"io\", found \"}\"");
    bad("cores\n", 1, 6, "expected a number after \"cores\", found the end of the line");
    bad("thread a { sleep -3 }", 1, 18, "only \"priority\" may be negative");
    bad("thread a { cpu 3.. }", 1, 20, "expected a number after \"..\"");
    bad("seed", 1, 5, "expected a number after \"seed\", found the end of the text");
}

#[test]
fn error_trailing_token_after_operation() {
    bad("thread a { cpu 3 4 }", 1, 18, "expected a newline, \";\" or \"}\" after the operation, found \"4\"");
    bad("thread a { yield now }", 1, 18, "found \"now\"");
    bad("thread a { wait m 3..7 }", 1, 20, "only allowed after \"cpu\", \"io\" or \"sleep\"");
}

#[test]
fn error_unknown_operation() {
    bad(
        "thread a {\n  lokc m\n}",
        2,
        3,
        "unknown operation \"lokc\"; expected one of cpu, io, sleep, lock, unlock, wait, notify, \
         notify-all, join, spawn, acquire, release, yield, exit, crash, repeat",
    );
    bad("thread a { lokc m }", 1, 12, "did you mean \"lock\"?");
    bad("thread a { await io 3 }", 1, 12, "asyncio");
    bad("thread a { 3 }", 1, 12, "expected an operation");
}

#[test]
fn error_unknown_setting() {
    bad(
        "cores 1\ncoers 2",
        2,
        1,
        "unknown setting \"coers\"; expected one of title, note, cores, scheduler, switch, \
         spawn-cost, gil, seed, unit, limit, picks, goal, semaphore, thread, process",
    );
    bad("coers 2", 1, 1, "did you mean \"cores\"?");
    bad("cpu 3", 1, 1, "inside a thread block");
    bad("  42", 1, 3, "expected a setting");
    bad("}", 1, 1, "no open block");
}

#[test]
fn error_setting_twice() {
    bad("title \"a\"\ncores 2\n\ncores 3", 4, 1, "cores is already set at line 2");
    bad("scheduler fifo; scheduler rr", 1, 17, "scheduler is already set at line 1");
    bad("gil off\ngil on", 2, 1, "gil is already set at line 1");
    bad("spawn-cost thread 1\nspawn-cost process 1", 2, 1, "spawn-cost is already set at line 1");
    bad("spawn-cost thread 1 thread 2", 1, 21, "\"thread\" is already given");
}

#[test]
fn error_setting_values_out_of_range() {
    // `cores` and `limit`: at their edges in `limits.rs`.
    bad("scheduler rr quantum 0", 1, 22, "quantum must be 1");
    bad("gil on interval 0", 1, 17, "interval must be 1");
}

#[test]
fn error_scheduler_and_quantum() {
    bad("scheduler fifo quantum 3", 1, 16, "\"quantum\" is only allowed after rr or priority");
    bad("scheduler sjf quantum 3", 1, 15, "not after sjf");
    bad(
        "scheduler lottery",
        1,
        11,
        "unknown scheduler \"lottery\"; expected one of fifo, rr, priority, sjf, stcf, ostep",
    );
    bad("scheduler fifi", 1, 11, "did you mean \"fifo\"?");
    bad("scheduler", 1, 10, "expected a scheduler");
    bad("scheduler rr quantum", 1, 21, "expected a number after \"quantum\"");
}

#[test]
fn error_gil_and_spawn_cost() {
    bad("gil off interval 3", 1, 9, "\"interval\" is only allowed after \"gil on\"");
    bad("gil maybe", 1, 5, "expected \"on\" or \"off\" after \"gil\", found \"maybe\"");
    bad("spawn-cost 3", 1, 12, "expected \"thread\" or \"process\" after \"spawn-cost\", found \"3\"");
    bad("spawn-cost thread", 1, 18, "expected a number after \"thread\"");
}

#[test]
fn error_trailing_token_after_setting() {
    bad("cores 2 3", 1, 9, "expected a newline or \";\" after \"cores N\", found \"3\"");
    bad("thread a { } thread b { }", 1, 14, "expected a newline or \";\"");
    bad("title \"a\" \"b\"", 1, 11, "found a string");
}

#[test]
fn error_strings_and_words() {
    bad("title untitled", 1, 7, "expected a string in double quotes after \"title\", found \"untitled\"");
    bad("unit \"ms\"", 1, 6, "expected a word such as ms after \"unit\", found a string");
    bad("semaphore 3 s", 1, 11, "expected a semaphore name after \"semaphore\", found \"3\"");
    bad("semaphore s", 1, 12, "expected a number after \"semaphore s\"");
    bad("thread a { lock 3 }", 1, 17, "expected a mutex name after \"lock\", found \"3\"");
    bad("thread a { spawn }", 1, 18, "expected a thread or process name after \"spawn\"");
    bad("thread { }", 1, 8, "expected a thread name after \"thread\", found \"{\"");
    bad("thread a { cpu 3abc }", 1, 16, "expected a number or a name, found \"3abc\"");
}

#[test]
fn error_thread_attributes() {
    bad("thread a\n{ cpu 1 }", 1, 9, "expected \"{\" on the same line as thread a");
    bad("thread a deamon { }", 1, 10, "unknown thread attribute \"deamon\"");
    bad("thread a deamon { }", 1, 10, "did you mean \"daemon\"?");
    bad("thread a daemon daemon { }", 1, 17, "\"daemon\" is already given for thread a at line 1");
    bad("thread a x2 x 3 { }", 1, 13, "\"x\" is already given");
    bad("thread a x99999999999999999999999 { }", 1, 10, "needs 1 to 10000 copies");
    bad("thread a priority { }", 1, 19, "expected a number after \"priority\", found \"{\"");
    bad("thread a at -1 { }", 1, 13, "only \"priority\" may be negative");
    bad("thread a 5 { }", 1, 10, "expected a thread attribute");
}

#[test]
fn error_range_empty() {
    bad("thread a {\n  cpu 7..3\n}", 2, 7, "the range 7..3 is empty");
}

#[test]
fn error_missing_close_brace() {
    bad("thread a {\n  cpu 1\n", 3, 1, "expected \"}\" to close the block opened at line 1");
    bad("thread a {\n  repeat 2 {\n cpu 1 }", 3, 9, "close the block opened at line 1");
    bad("thread a {\n  repeat 2 {\n cpu 1", 3, 7, "close the block opened at line 2");
    bad("process p {\n thread a { }\n", 3, 1, "close the block opened at line 1");
    bad("thread l asyncio { task t { cpu 1 }", 1, 36, "close the block opened at line 1");
    bad("thread a { repeat 2\n{ cpu 1 } }", 1, 20, "expected \"{\" on the same line as \"repeat 2\"");
}

#[test]
fn error_process_blocks() {
    bad("process p {\n}", 2, 1, "process p has no thread; expected \"thread\"");
    bad("process main { thread a { } }", 1, 9, "\"main\" is reserved");
    bad("process p { cpu 1 }", 1, 13, "expected \"thread\" or \"}\" inside process p, found \"cpu\"");
    bad("process p { thread a { } thread b { } }", 1, 26, "after the block of thread a");
    bad("process p\n{ thread a { } }", 1, 10, "expected \"{\" on the same line as process p");
    bad("process { }", 1, 9, "expected a process name");
}

#[test]
fn error_asyncio_bodies() {
    bad("thread l asyncio {\n}", 2, 1, "asyncio thread l has no task; expected \"task\"");
    bad("thread l asyncio { cpu 1 }", 1, 20, "expected \"task\" or \"}\" in the body of asyncio thread l");
    bad("thread l asyncio { task t { io 3 } }", 1, 29, "write \"await io N\"");
    bad("thread l asyncio { task t { lock m } }", 1, 29, "unknown task operation \"lock\"");
    bad("thread l asyncio { task t { await 3 } }", 1, 35, "expected \"io\", \"sleep\" or a task name after \"await\"");
    bad("thread l asyncio { task t { await io } }", 1, 38, "expected a number after \"await io\"");
    bad("thread l asyncio { task t x0 { } }", 1, 27, "copies");
    bad("thread l asyncio { task t daemon { } }", 1, 27, "expected \"x N\" or \"{\" after task t");
    bad("thread a { task t { cpu 1 } }", 1, 12, "asyncio");
}

#[test]
fn error_is_the_first_one() {
    // Two errors: the earlier one is reported.
    bad("cores 0\ncoers 1", 1, 7, "cores must be");
}

#[test]
fn error_position_at_end_of_text_after_multibyte() {
    bad("title \"ééé\"\nthread a { cpu", 2, 15, "found the end of the text");
    bad("title \"ééé\" cores", 1, 13, "found \"cores\"");
}

#[test]
fn deterministic() {
    assert_eq!(parse(FULL_EXAMPLE), parse(FULL_EXAMPLE));
    assert_eq!(parse("thread a { cpu x }"), parse("thread a { cpu x }"));
}

#[test]
fn no_spaces_around_braces_and_semicolons() {
    let s = ok("cores 2;thread a x3{cpu 1..2;repeat 2{io 1}}\nprocess p{thread q{crash}}");
    assert_eq!(s.settings.cores, 2);
    let a = &s.processes[0].threads[0];
    assert_eq!(a.copies, Some(3));
    assert_eq!(
        kinds(ops(a)),
        vec![
            OpKind::Cpu(Amount::Range(1, 2)),
            OpKind::Repeat(2, vec![Op { pos: pos(1, 39), kind: OpKind::Io(Amount::Fixed(1)) }]),
        ]
    );
    assert_eq!(s.processes[1].threads[0].name.text, "q");
}

#[test]
fn byte_order_mark_is_ignored() {
    let s = ok("\u{feff}cores 3\nthread a { cpu 1 }");
    assert_eq!(s.settings.cores, 3);
    bad("\u{feff}coers 3", 1, 1, "unknown setting");
}

// ----- Version 1.1: pools and ranges for waiting ------------------------------------------

#[test]
fn waiting_ranges_parse_as_amounts() {
    assert_eq!(
        only_ops("thread a { io 3..7; sleep 0..2; io 4 }"),
        vec![OpKind::Io(Amount::Range(3, 7)), OpKind::Sleep(Amount::Range(0, 2)), OpKind::Io(Amount::Fixed(4))]
    );
    bad("thread a { io 7..3 }", 1, 15, "the range 7..3 is empty");
    bad("thread a { sleep 1.. }", 1, 22, "expected a number after \"..\"");
    let sc = ok("thread l asyncio { task t { await io 2..5; await sleep 1..1 } }");
    let Body::Asyncio(tasks) = &sc.processes[0].threads[0].body else { panic!("asyncio") };
    let kinds: Vec<TaskOpKind> = tasks[0].ops.iter().map(|o| o.kind.clone()).collect();
    assert_eq!(kinds, vec![TaskOpKind::AwaitIo(Amount::Range(2, 5)), TaskOpKind::AwaitSleep(Amount::Range(1, 1))]);
}

#[test]
fn pools_parse_to_declarations_with_a_pool_body() {
    let sc = ok("pool fetch threads 8 jobs 48 at 3 { cpu 2; io 6 }\n\
                 process q { thread m { cpu 1 }; pool c processes 4 jobs 16 { cpu 50 } }\n\
                 pool get tasks 100 jobs 500 { cpu 1; io 20; await sleep 1 }");
    let fetch = &sc.processes[0].threads[0];
    assert_eq!((fetch.name.text.as_str(), fetch.name.pos, fetch.at), ("fetch", Pos { line: 1, col: 6 }, Some(3)));
    let Body::Pool(p) = &fetch.body else { panic!("a pool") };
    assert_eq!((p.workers, p.jobs, p.work.kind()), (8, 48, PoolKind::Threads));
    let PoolWork::Threads(ops) = &p.work else { panic!("threads") };
    assert_eq!(kinds(ops), vec![OpKind::Cpu(Amount::Fixed(2)), OpKind::Io(Amount::Fixed(6))]);
    let c = &sc.processes[1].threads[1];
    let Body::Pool(p) = &c.body else { panic!("a pool") };
    assert_eq!((c.name.text.as_str(), p.workers, p.jobs, p.work.kind()), ("c", 4, 16, PoolKind::Processes));
    let Body::Pool(p) = &sc.processes[0].threads[1].body else { panic!("a pool") };
    let PoolWork::Tasks(ops) = &p.work else { panic!("tasks") };
    let kinds: Vec<TaskOpKind> = ops.iter().map(|o| o.kind.clone()).collect();
    // In a tasks pool `io N` and `sleep N` are awaited.
    assert_eq!(
        kinds,
        vec![
            TaskOpKind::Cpu(Amount::Fixed(1)),
            TaskOpKind::AwaitIo(Amount::Fixed(20)),
            TaskOpKind::AwaitSleep(Amount::Fixed(1))
        ]
    );
}

#[test]
fn pool_syntax_errors() {
    bad("pool p thraeds 2 jobs 3 { cpu 1 }", 1, 8, "did you mean \"threads\"?");
    bad("pool p threads 2 job 3 { cpu 1 }", 1, 18, "expected \"jobs J\" after the workers of pool p, found \"job\"");
    bad("pool p threads 2 jobs 3 at { cpu 1 }", 1, 28, "expected a number after \"at\"");
    bad("pool p threads 2 jobs 3 { cpu 1 } pool", 1, 35, "expected a newline or \";\" after the block of pool p");
    bad("process q { pool p threads 2 jobs 3 { cpu 1 } x }", 1, 47, "after the block of pool p");
    bad("pool p tasks 2 jobs 3 { lock m }", 1, 25, "unknown task operation \"lock\"");
}
