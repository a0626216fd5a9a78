//! Tests of `format::to_text`, the printer of a scenario tree back to canonical text:
//!
//! 1. the exact output for small scenarios (the style);
//! 2. every preset prints to text that parses to the same tree (positions aside), prints the
//!    same again, and runs to the same JSON;
//! 3. property: a random tree (every setting, operation and task form, awkward names and
//!    strings) prints to text that parses back to exactly that tree;
//! 4. property: a random runnable text, written in varied styles (attributes in any order,
//!    `x 2` or `x2`, `;` or newlines, comments, settings in any order, process blocks among
//!    the threads) prints to text that parses to the same tree and runs to the same JSON.

use proptest::prelude::*;
use threadlab_sim::ast::{
    Amount, Body, GoalDecl, Name, Op, OpKind, Policy, Pool, PoolWork, Pos, ProcessDecl, Scenario, SemaphoreDecl,
    Settings, TaskDecl, TaskOp, TaskOpKind, ThreadDecl,
};
use threadlab_sim::format::is_name;
use threadlab_sim::limits::{MAX_CORES, MAX_LIMIT, MAX_NUMBER};
use threadlab_sim::{compile, parse, presets, run, to_text};

#[path = "common/seeds.rs"]
mod seeds;

// ---------------------------------------------------------------------------------------
// Helpers

fn strip_name(n: &mut Name) {
    n.pos = Pos::default();
}

fn strip_ops(ops: &mut [Op]) {
    for op in ops {
        op.pos = Pos::default();
        match &mut op.kind {
            OpKind::Lock(n)
            | OpKind::Unlock(n)
            | OpKind::Wait(n, _)
            | OpKind::Notify(n)
            | OpKind::NotifyAll(n)
            | OpKind::Join(n, _)
            | OpKind::Spawn(n)
            | OpKind::Acquire(n)
            | OpKind::Release(n) => strip_name(n),
            OpKind::Repeat(_, body) => strip_ops(body),
            OpKind::Cpu(_) | OpKind::Io(_) | OpKind::Sleep(_) | OpKind::Yield | OpKind::Exit | OpKind::Crash => {}
        }
    }
}

fn strip_task_ops(ops: &mut [TaskOp]) {
    for op in ops {
        op.pos = Pos::default();
        match &mut op.kind {
            TaskOpKind::AwaitTask(n) => strip_name(n),
            TaskOpKind::Repeat(_, body) => strip_task_ops(body),
            TaskOpKind::Cpu(_) | TaskOpKind::AwaitIo(_) | TaskOpKind::AwaitSleep(_) => {}
        }
    }
}

/// The scenario with every position set to the default, for comparing trees.
fn strip(sc: &Scenario) -> Scenario {
    let mut sc = sc.clone();
    for n in sc.settings.picks.iter_mut().flatten() {
        strip_name(n);
    }
    if let Some(GoalDecl::Starve { thread, .. }) = &mut sc.settings.goal {
        strip_name(thread);
    }
    for s in &mut sc.semaphores {
        strip_name(&mut s.name);
    }
    for p in &mut sc.processes {
        strip_name(&mut p.name);
        for t in &mut p.threads {
            strip_name(&mut t.name);
            match &mut t.body {
                Body::Ops(ops) => strip_ops(ops),
                Body::Asyncio(tasks) => {
                    for task in tasks {
                        strip_name(&mut task.name);
                        strip_task_ops(&mut task.ops);
                    }
                }
                Body::Pool(pool) => match &mut pool.work {
                    PoolWork::Threads(ops) | PoolWork::Processes(ops) => strip_ops(ops),
                    PoolWork::Tasks(ops) => strip_task_ops(ops),
                },
            }
        }
    }
    sc
}

/// Checks the round trip of a valid text and returns its canonical text: the tree of the
/// canonical text equals the original's (positions aside), and printing it again gives the
/// same text.
fn canon(text: &str) -> String {
    let a = parse(text).unwrap_or_else(|e| panic!("invalid test scenario: {e}\n{text}"));
    let printed = to_text(&a);
    let b = parse(&printed).unwrap_or_else(|e| panic!("printed text does not parse: {e}\n{printed}"));
    assert_eq!(strip(&a), strip(&b), "the tree changed; printed text:\n{printed}");
    assert_eq!(to_text(&b), printed, "printing is not idempotent");
    printed
}

/// Both texts run (they must be valid) to the same JSON.
fn assert_same_run(a: &str, b: &str) {
    let ra = run(a).unwrap_or_else(|e| panic!("{e}\n{a}")).to_json();
    let rb = run(b).unwrap_or_else(|e| panic!("{e}\n{b}")).to_json();
    assert!(ra == rb, "runs differ\n--- original ---\n{a}\n--- printed ---\n{b}");
}

fn name(text: &str) -> Name {
    Name { text: text.to_string(), pos: Pos::default() }
}

fn op(kind: OpKind) -> Op {
    Op { pos: Pos::default(), kind }
}

fn thread(text: &str, ops: Vec<Op>) -> ThreadDecl {
    ThreadDecl { name: name(text), at: None, daemon: false, priority: 0, copies: None, body: Body::Ops(ops) }
}

// ---------------------------------------------------------------------------------------
// Exact output

#[test]
fn default_settings_print_no_header() {
    assert_eq!(canon(""), "");
    assert_eq!(to_text(&Scenario { settings: Settings::default(), semaphores: vec![], processes: vec![] }), "");
    // Settings written with their default values are dropped.
    let explicit = "cores 1\nscheduler rr quantum 4\nswitch 0\nspawn-cost thread 0 process 0\n\
                    gil off\nseed 0\nunit ms\nlimit 100000\nthread a { cpu 1 }\n";
    assert_eq!(canon(explicit), "thread a { cpu 1 }\n");
    assert_eq!(canon("gil on interval 5\nscheduler priority quantum 4\n"), "scheduler priority\ngil on\n");
}

#[test]
fn cores_scheduler_and_thread_attributes() {
    let text = "scheduler fifo\ncores 4\nthread w x 3 priority -1 daemon at 5 { cpu 2..4; io 1 }\n";
    assert_eq!(canon(text), "cores 4\nscheduler fifo\nthread w at 5 daemon priority -1 x3 { cpu 2..4; io 1 }\n");
    // `at 0` and `x 1` are in the tree (they change names and spawn rules), `priority 0` is not.
    assert_eq!(canon("thread t priority 0 x 1 at 0 { }"), "thread t at 0 x1 { }\n");
}

#[test]
fn every_header_setting_in_canonical_order() {
    let text = "limit 500\nunit s\nseed 7\ngil on interval 3\nspawn-cost process 10 thread 2\nswitch 2\n\
                scheduler rr quantum 2\ncores 2\nnote \"b\"\ntitle \"a\"\n";
    assert_eq!(
        canon(text),
        "title \"a\"\nnote \"b\"\ncores 2\nscheduler rr quantum 2\nswitch 2\nspawn-cost thread 2 process 10\n\
         gil on interval 3\nseed 7\nunit s\nlimit 500\n"
    );
    assert_eq!(canon("spawn-cost process 3"), "spawn-cost process 3\n");
    assert_eq!(canon("scheduler sjf; cores 1"), "scheduler sjf\n");
}

#[test]
fn strings_are_escaped_and_round_trip() {
    let text =
        "title \"say \\\"hi\\\" \\\\ back\\nslash\"\nnote \"caf\u{e9} \u{2026} \u{1f600}\ttab # not a comment; {}\"\n";
    let printed = canon(text);
    assert_eq!(printed, text);
    let sc = parse(&printed).unwrap();
    assert_eq!(sc.settings.title.as_deref(), Some("say \"hi\" \\ back\nslash"));
    assert_eq!(sc.settings.note.as_deref(), Some("caf\u{e9} \u{2026} \u{1f600}\ttab # not a comment; {}"));
    // An empty title is kept.
    assert_eq!(canon("title \"\""), "title \"\"\n");
}

#[test]
fn semaphores_come_after_the_header() {
    let text = "thread a { acquire s; release s }\nsemaphore s 2\ncores 2\nsemaphore t 0\n";
    assert_eq!(canon(text), "cores 2\nsemaphore s 2\nsemaphore t 0\nthread a { acquire s; release s }\n");
}

#[test]
fn every_operation() {
    let text = "thread main {\n spawn worker; lock m; cpu 4; unlock m; join worker 10; join worker\n \
                wait m 3; wait m; notify m; notify-all m; acquire s; release s; yield; sleep 2; exit\n}\n\
                thread worker { io 3; crash }\n";
    assert_eq!(
        canon(text),
        "thread main {\n  spawn worker\n  lock m\n  cpu 4\n  unlock m\n  join worker 10\n  join worker\n  \
         wait m 3\n  wait m\n  notify m\n  notify-all m\n  acquire s\n  release s\n  yield\n  sleep 2\n  exit\n}\n\
         thread worker { io 3; crash }\n"
    );
}

#[test]
fn short_bodies_on_one_line_long_or_deep_ones_indented() {
    assert_eq!(canon("thread a {\n  cpu 3\n  io 2\n}"), "thread a { cpu 3; io 2 }\n");
    // One level of repeat stays on the line, as in the presets.
    assert_eq!(
        canon("thread logger daemon { repeat 100 { sleep 4\n cpu 1 } }"),
        "thread logger daemon { repeat 100 { sleep 4; cpu 1 } }\n"
    );
    // A repeat inside a repeat: the thread is indented, the outer repeat fits on its line.
    assert_eq!(
        canon("thread n { repeat 2 { repeat 3 { cpu 1 }; io 2 }; crash }"),
        "thread n {\n  repeat 2 { repeat 3 { cpu 1 }; io 2 }\n  crash\n}\n"
    );
    // Three levels inside the thread: every level but the innermost is indented.
    assert_eq!(
        canon("thread n { repeat 2 { repeat 3 { repeat 4 { cpu 1 } } } }"),
        "thread n {\n  repeat 2 {\n    repeat 3 { repeat 4 { cpu 1 } }\n  }\n}\n"
    );
    // Longer than 80 columns.
    let long = "thread worker { cpu 1; lock m; cpu 2; unlock m; io 4; cpu 2; lock m; cpu 2; unlock m; io 4 }";
    assert!(long.len() > 80);
    assert_eq!(
        canon(long),
        "thread worker {\n  cpu 1\n  lock m\n  cpu 2\n  unlock m\n  io 4\n  cpu 2\n  lock m\n  cpu 2\n  \
         unlock m\n  io 4\n}\n"
    );
    assert_eq!(canon("thread e { }"), "thread e { }\n");
    assert_eq!(canon("thread e { repeat 3 { } }"), "thread e { repeat 3 { } }\n");
}

#[test]
fn process_blocks() {
    let text = "process solo { thread s { cpu 3 } }\n\
                process pair { thread a { cpu 1 }; thread b x2 { repeat 2 { cpu 1 } } }\n\
                process deep {\n thread d_main { repeat 2 { cpu 1 } }\n}\n";
    assert_eq!(
        canon(text),
        "process solo { thread s { cpu 3 } }\n\
         process pair {\n  thread a { cpu 1 }\n  thread b x2 { repeat 2 { cpu 1 } }\n}\n\
         process deep {\n  thread d_main { repeat 2 { cpu 1 } }\n}\n"
    );
}

#[test]
fn asyncio_threads() {
    let text = "thread loop asyncio { task fetch x 3 { cpu 1; await io 10; cpu 1 }; \
                task crunch { repeat 2 { cpu 5; await sleep 1 }; await fetch } }\n\
                process p { thread l2 daemon asyncio { task t { cpu 1..3 } } }";
    assert_eq!(
        canon(text),
        "thread loop asyncio {\n  task fetch x3 { cpu 1; await io 10; cpu 1 }\n  \
         task crunch { repeat 2 { cpu 5; await sleep 1 }; await fetch }\n}\n\
         process p {\n  thread l2 daemon asyncio {\n    task t { cpu 1..3 }\n  }\n}\n"
    );
}

#[test]
fn pools_and_waiting_ranges() {
    // Version 1.1: every kind of pool, `at`, a range after io, sleep and await io.
    let text = "pool fetch threads 8 jobs 48 { cpu 2; io 6..9 }\n\
                process q {\n  thread m { cpu 1 }\n  pool w threads 2 jobs 3 at 4 {\n cpu 1; sleep 1..3 }\n}\n\
                pool crunch processes 4 jobs 16 { cpu 50 }\n\
                pool get tasks 100 jobs 500 { cpu 1; io 20..30; await sleep 2 }\n";
    assert_eq!(
        canon(text),
        "pool fetch threads 8 jobs 48 { cpu 2; io 6..9 }\n\
         process q {\n  thread m { cpu 1 }\n  pool w threads 2 jobs 3 at 4 { cpu 1; sleep 1..3 }\n}\n\
         pool crunch processes 4 jobs 16 { cpu 50 }\n\
         pool get tasks 100 jobs 500 { cpu 1; await io 20..30; await sleep 2 }\n"
    );
    assert_same_run(text, &canon(text));
    // A long pool body goes one statement per line; a pool keeps its place among threads.
    let long = "thread a { cpu 1 }\npool p threads 2 jobs 2 { repeat 2 { repeat 2 { cpu 1 } }; lock m; unlock m }\nthread b { cpu 1 }";
    assert_eq!(
        canon(long),
        "thread a { cpu 1 }\npool p threads 2 jobs 2 {\n  repeat 2 { repeat 2 { cpu 1 } }\n  lock m\n  unlock m\n}\nthread b { cpu 1 }\n"
    );
    assert_same_run(long, &canon(long));
    assert_eq!(canon("thread a { io 3..3; sleep 0..2 }"), "thread a { io 3..3; sleep 0..2 }\n");
    assert_eq!(
        canon("thread l asyncio { task t { await io 1..4; await sleep 2..5 } }"),
        "thread l asyncio {\n  task t { await io 1..4; await sleep 2..5 }\n}\n"
    );
}

#[test]
fn comments_and_layout_are_not_kept() {
    let text = "# a scenario\ncores 2   # two cores\n\n\nthread a { cpu 1 }    # a thread\n";
    assert_eq!(canon(text), "cores 2\nthread a { cpu 1 }\n");
}

#[test]
fn process_blocks_keep_their_place_among_threads() {
    // The engine orders threads by where they are written: a before b here, on one core.
    let text = "process p { thread a { cpu 2 } }\nthread b { cpu 2 }\nprocess q { thread c { cpu 1 } }\n";
    let printed = canon(text);
    assert_eq!(printed, text);
    assert_same_run(text, &printed);
    let r = run(&printed).unwrap();
    let names: Vec<&str> = r.threads.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[test]
fn trees_built_by_hand() {
    // No positions: the threads of main first, then the process blocks.
    let mut sc = Scenario {
        settings: Settings { cores: 2, ..Settings::default() },
        semaphores: vec![SemaphoreDecl { name: name("s"), permits: 3 }],
        processes: vec![
            ProcessDecl { name: name("main"), threads: vec![thread("a", vec![op(OpKind::Cpu(Amount::Fixed(1)))])] },
            ProcessDecl { name: name("p"), threads: vec![thread("pa", vec![op(OpKind::Acquire(name("s")))])] },
        ],
    };
    sc.processes[0].threads.push(thread("b", vec![]));
    let printed = to_text(&sc);
    assert_eq!(
        printed,
        "cores 2\nsemaphore s 3\nthread a { cpu 1 }\nthread b { }\nprocess p { thread pa { acquire s } }\n"
    );
    assert_eq!(strip(&parse(&printed).unwrap()), sc);

    // A parsed tree edited by a form: a new item (no position) goes right after the item
    // before it in its own list.
    let mut edited = parse("thread a { cpu 1 }\nprocess p { thread pa { cpu 1 } }\nthread b { cpu 1 }\n").unwrap();
    edited.processes[0].threads.push(thread("c", vec![]));
    edited.processes.push(ProcessDecl { name: name("q"), threads: vec![thread("qa", vec![])] });
    assert_eq!(
        to_text(&edited),
        "thread a { cpu 1 }\nprocess p { thread pa { cpu 1 } }\nprocess q { thread qa { } }\nthread b { cpu 1 }\n\
         thread c { }\n"
    );
}

#[test]
fn what_the_language_cannot_say_is_left_out() {
    // A quantum only exists for rr and priority, an interval only with the GIL on.
    let settings = Settings { policy: Policy::Fifo, quantum: 7, gil: false, gil_interval: 9, ..Settings::default() };
    let sc = Scenario { settings, semaphores: vec![], processes: vec![] };
    assert_eq!(to_text(&sc), "scheduler fifo\n");
}

#[test]
fn names() {
    for ok in ["a", "_", "worker.2", "notify-all", "a..b", "x3", "A_9-.z"] {
        assert!(is_name(ok), "{ok}");
    }
    for bad in ["", "1a", "-a", ".a", "a b", "é", "a\"", "a;b", "a{"] {
        assert!(!is_name(bad), "{bad}");
    }
}

// ---------------------------------------------------------------------------------------
// Presets

#[test]
fn presets_round_trip_and_run_the_same() {
    assert!(!presets::all().is_empty());
    for p in presets::all() {
        let printed = canon(p.text);
        compile(&parse(&printed).unwrap()).unwrap_or_else(|e| panic!("{}: {e}\n{printed}", p.name));
        assert_same_run(p.text, &printed);
        // Style: only the title and note lines may be longer than 80 columns.
        for l in printed.lines() {
            assert!(
                l.chars().count() <= 80 || l.starts_with("title ") || l.starts_with("note "),
                "{}: long line {l:?}",
                p.name
            );
        }
    }
}

#[test]
fn playground_prints_as_written() {
    let p = presets::find("playground").expect("the playground preset");
    // The preset is written in the canonical style: only its comments go.
    let without_comments: String = p
        .text
        .lines()
        .map(|l| l.split_once(" #").map_or(l, |(code, _)| code).trim_end())
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(canon(p.text), without_comments);
}

// ---------------------------------------------------------------------------------------
// Property 1: random trees

/// The cases of each property, shared among the seeds (`common/seeds.rs`).
const CASES: u32 = 500;

/// Names, including ones that look like keywords.
fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z_][A-Za-z0-9_.-]{0,6}",
        1 => prop::sample::select(vec![
            "daemon", "at", "x", "x3", "asyncio", "priority", "cpu", "await", "repeat", "task", "thread",
            "process", "main", "io", "sleep", "on", "off", "quantum", "interval", "a..b", "_", "a-1", "n.2",
        ])
        .prop_map(String::from),
    ]
}

fn nm() -> impl Strategy<Value = Name> {
    any_name().prop_map(|t| name(&t))
}

/// Any number the language accepts, mostly small.
fn num() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 0u64..20, 1 => 0..=MAX_NUMBER]
}

fn positive() -> impl Strategy<Value = u64> {
    prop_oneof![3 => 1u64..20, 1 => 1..=MAX_NUMBER]
}

fn amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        3 => num().prop_map(Amount::Fixed),
        1 => (num(), num()).prop_map(|(a, b)| Amount::Range(a.min(b), a.max(b))),
    ]
}

fn copies() -> impl Strategy<Value = Option<u32>> {
    prop::option::weighted(0.3, prop_oneof![3 => 1u32..5, 1 => 1u32..=10_000])
}

/// Strings with every character the lexer treats specially, and any other.
fn any_string() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        3 => any::<char>(),
        2 => prop::sample::select(vec!['"', '\\', '\n', '\r', '\t', 'n', '\u{e9}', '\u{2026}', '#', ';', '{', '}', ' ', '\u{feff}']),
    ];
    prop::collection::vec(c, 0..16).prop_map(|v| v.into_iter().collect())
}

fn settings() -> impl Strategy<Value = Settings> {
    let policy = prop::sample::select(vec![Policy::Fifo, Policy::Rr, Policy::Priority, Policy::Sjf, Policy::Stcf]);
    (
        (prop::option::of(any_string()), prop::option::of(any_string())),
        prop_oneof![Just(1u32), 1..=MAX_CORES],
        (policy, prop_oneof![Just(4u64), positive()]),
        (prop_oneof![Just(0u64), num()], prop_oneof![Just(0u64), num()], prop_oneof![Just(0u64), num()]),
        (any::<bool>(), prop_oneof![Just(5u64), positive()]),
        prop_oneof![Just(0u64), num()],
        prop_oneof![Just("ms".to_string()), any_name()],
        prop_oneof![Just(100_000u64), 1..=MAX_LIMIT],
        (
            prop::option::of(prop::collection::vec(nm(), 0..4)),
            prop::option::of(prop_oneof![
                Just(GoalDecl::Deadlock),
                num().prop_map(GoalDecl::FinishBy),
                (nm(), num()).prop_map(|(thread, ticks)| GoalDecl::Starve { thread, ticks }),
            ]),
        ),
    )
        .prop_map(
            |(
                (title, note),
                cores,
                (policy, quantum),
                (switch, thread, process),
                (gil, interval),
                seed,
                unit,
                limit,
                (picks, goal),
            )| {
                Settings {
                    title,
                    note,
                    cores,
                    policy,
                    ostep: Default::default(),
                    // What the language can say: a quantum for rr and priority, an interval with the GIL.
                    quantum: if matches!(policy, Policy::Rr | Policy::Priority) { quantum } else { 4 },
                    switch_cost: switch,
                    spawn_cost_thread: thread,
                    spawn_cost_process: process,
                    gil,
                    gil_interval: if gil { interval } else { 5 },
                    seed,
                    unit,
                    limit,
                    picks,
                    goal,
                }
            },
        )
}

fn op_kind() -> impl Strategy<Value = OpKind> {
    let leaf = prop_oneof![
        3 => amount().prop_map(OpKind::Cpu),
        1 => amount().prop_map(OpKind::Io),
        1 => amount().prop_map(OpKind::Sleep),
        1 => nm().prop_map(OpKind::Lock),
        1 => nm().prop_map(OpKind::Unlock),
        1 => (nm(), prop::option::of(num())).prop_map(|(m, t)| OpKind::Wait(m, t)),
        1 => nm().prop_map(OpKind::Notify),
        1 => nm().prop_map(OpKind::NotifyAll),
        1 => (nm(), prop::option::of(num())).prop_map(|(t, d)| OpKind::Join(t, d)),
        1 => nm().prop_map(OpKind::Spawn),
        1 => nm().prop_map(OpKind::Acquire),
        1 => nm().prop_map(OpKind::Release),
        1 => Just(OpKind::Yield),
        1 => Just(OpKind::Exit),
        1 => Just(OpKind::Crash),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        (num(), prop::collection::vec(inner, 0..5))
            .prop_map(|(n, body)| OpKind::Repeat(n, body.into_iter().map(op).collect()))
    })
}

fn task_op_kind() -> impl Strategy<Value = TaskOpKind> {
    let await_target =
        nm().prop_filter("io and sleep are keywords after await", |n| n.text != "io" && n.text != "sleep");
    let leaf = prop_oneof![
        2 => amount().prop_map(TaskOpKind::Cpu),
        1 => amount().prop_map(TaskOpKind::AwaitIo),
        1 => amount().prop_map(TaskOpKind::AwaitSleep),
        1 => await_target.prop_map(TaskOpKind::AwaitTask),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        (num(), prop::collection::vec(inner, 0..4)).prop_map(|(n, body)| {
            TaskOpKind::Repeat(n, body.into_iter().map(|kind| TaskOp { pos: Pos::default(), kind }).collect())
        })
    })
}

fn task() -> impl Strategy<Value = TaskDecl> {
    (nm(), copies(), prop::collection::vec(task_op_kind(), 0..5)).prop_map(|(name, copies, ops)| TaskDecl {
        name,
        copies,
        ops: ops.into_iter().map(|kind| TaskOp { pos: Pos::default(), kind }).collect(),
    })
}

fn any_thread() -> impl Strategy<Value = ThreadDecl> {
    let body = prop_oneof![
        3 => prop::collection::vec(op_kind(), 0..7).prop_map(|ops| Body::Ops(ops.into_iter().map(op).collect())),
        1 => prop::collection::vec(task(), 1..4).prop_map(Body::Asyncio),
    ];
    let priority = prop_oneof![Just(0i64), -3i64..4, -(MAX_NUMBER as i64)..=MAX_NUMBER as i64];
    let thread = (nm(), prop::option::weighted(0.3, num()), prop::bool::weighted(0.2), priority, copies(), body)
        .prop_map(|(name, at, daemon, priority, copies, body)| ThreadDecl { name, at, daemon, priority, copies, body });
    // A pool is a declaration with no attribute but `at`.
    let ops = || prop::collection::vec(op_kind(), 0..5).prop_map(|ops| ops.into_iter().map(op).collect::<Vec<_>>());
    let work = prop_oneof![
        ops().prop_map(PoolWork::Threads),
        ops().prop_map(PoolWork::Processes),
        prop::collection::vec(task_op_kind(), 0..5).prop_map(|ops| PoolWork::Tasks(
            ops.into_iter().map(|kind| TaskOp { pos: Pos::default(), kind }).collect()
        )),
    ];
    let pool = (nm(), prop::option::weighted(0.3, num()), 1u32..=10_000, 1u64..=1_000_000, work).prop_map(
        |(name, at, workers, jobs, work)| ThreadDecl {
            name,
            at,
            daemon: false,
            priority: 0,
            copies: None,
            body: Body::Pool(Pool { workers, jobs, work }),
        },
    );
    prop_oneof![4 => thread, 1 => pool]
}

fn any_scenario() -> impl Strategy<Value = Scenario> {
    let process =
        (nm().prop_filter("main is reserved", |n| n.text != "main"), prop::collection::vec(any_thread(), 1..3))
            .prop_map(|(name, threads)| ProcessDecl { name, threads });
    (
        settings(),
        prop::collection::vec((nm(), num()).prop_map(|(name, permits)| SemaphoreDecl { name, permits }), 0..3),
        prop::collection::vec(any_thread(), 0..4),
        prop::collection::vec(process, 0..3),
    )
        .prop_map(|(settings, semaphores, main, others)| {
            let mut processes = vec![ProcessDecl { name: name("main"), threads: main }];
            processes.extend(others);
            Scenario { settings, semaphores, processes }
        })
}

#[test]
fn random_trees_print_to_text_that_parses_back() {
    seeds::check("random_trees_print_to_text_that_parses_back", CASES, any_scenario(), |sc| {
        let text = to_text(&sc);
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n--- text ---\n{text}")))?;
        prop_assert_eq!(strip(&back), sc, "text:\n{}", text);
        prop_assert_eq!(to_text(&back), text);
        Ok(())
    });
}

#[test]
fn random_texts_print_to_the_same_tree_and_run() {
    seeds::check("random_texts_print_to_the_same_tree_and_run", CASES, runnable(), |g| {
        let text = g.text();
        let a = parse(&text).map_err(|e| TestCaseError::fail(format!("generated text is invalid: {e}\n{text}")))?;
        let printed = to_text(&a);
        let b = parse(&printed).map_err(|e| TestCaseError::fail(format!("{e}\n--- printed ---\n{printed}")))?;
        prop_assert_eq!(strip(&a), strip(&b), "original:\n{}\nprinted:\n{}", text, printed);
        prop_assert_eq!(to_text(&b), printed.clone());
        let ra = run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?.to_json();
        let rb = run(&printed).map_err(|e| TestCaseError::fail(format!("{e}\n{printed}")))?.to_json();
        prop_assert!(ra == rb, "runs differ\n--- original ---\n{}\n--- printed ---\n{}", text, printed);
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------
// Property 2: random runnable texts in varied styles

#[derive(Debug, Clone)]
enum GOp {
    Cpu(u64),
    CpuRange(u64, u64),
    Io(u64),
    /// `io A..B` or `sleep A..B` (Version 1.1).
    WaitRange(bool, u64, u64),
    Sleep(u64),
    /// lock m; cpu n; unlock m
    Critical(u8, u64),
    /// acquire s; cpu n; release s
    Permit(u64),
    /// lock m; notify[-all] m; unlock m
    Notify(u8, bool),
    /// lock m; wait m T; unlock m
    WaitFor(u8, u64),
    Yield,
    Exit,
    Crash,
    Repeat(u64, Vec<GOp>),
}

#[derive(Debug, Clone)]
enum GTaskOp {
    Cpu(u64),
    AwaitIo(u64),
    AwaitSleep(u64),
    /// `await io A..B` (Version 1.1).
    AwaitIoRange(u64, u64),
    Repeat(u64, Vec<GTaskOp>),
}

#[derive(Debug, Clone)]
struct GThread {
    at: Option<u64>,
    daemon: bool,
    priority: i64,
    copies: Option<u32>,
    /// `None`: an ordinary thread; `Some`: an asyncio thread with these tasks (ops, copies).
    tasks: Option<Vec<(Vec<GTaskOp>, Option<u32>)>>,
    ops: Vec<GOp>,
    /// Attribute order (a permutation of 0..4) and spelling choices.
    attr_order: Vec<u8>,
    glued_x: bool,
    multiline: bool,
    comment: bool,
}

#[derive(Debug, Clone)]
enum GItem {
    Thread(GThread),
    Process(Vec<GThread>),
    /// `pool qN KIND workers jobs J [at T] { … }`: kind 0 threads, 1 processes, 2 tasks (then
    /// the task operations), in a process block when `in_process`.
    Pool {
        kind: u8,
        workers: u32,
        jobs: u64,
        at: Option<u64>,
        ops: Vec<GOp>,
        task_ops: Vec<GTaskOp>,
        in_process: bool,
    },
}

#[derive(Debug, Clone)]
struct GRunnable {
    /// Header lines, in the (random) order they are written.
    header: Vec<String>,
    /// Where the semaphore declaration goes among the items.
    semaphore_at: usize,
    items: Vec<GItem>,
}

fn g_op() -> impl Strategy<Value = GOp> {
    let leaf = prop_oneof![
        4 => (1u64..6).prop_map(GOp::Cpu),
        1 => (1u64..4, 0u64..4).prop_map(|(lo, d)| GOp::CpuRange(lo, lo + d)),
        2 => (1u64..6).prop_map(GOp::Io),
        1 => (any::<bool>(), 0u64..4, 0u64..4).prop_map(|(io, lo, d)| GOp::WaitRange(io, lo, lo + d)),
        1 => (1u64..6).prop_map(GOp::Sleep),
        2 => (0u8..2, 1u64..4).prop_map(|(m, n)| GOp::Critical(m, n)),
        1 => (1u64..4).prop_map(GOp::Permit),
        1 => (0u8..2, any::<bool>()).prop_map(|(m, all)| GOp::Notify(m, all)),
        1 => (0u8..2, 1u64..6).prop_map(|(m, t)| GOp::WaitFor(m, t)),
        1 => Just(GOp::Yield),
        1 => prop_oneof![Just(GOp::Exit), Just(GOp::Crash)],
    ];
    leaf.prop_recursive(2, 10, 4, |inner| {
        (0u64..4, prop::collection::vec(inner, 1..4)).prop_map(|(n, body)| GOp::Repeat(n, body))
    })
}

fn g_task_op() -> impl Strategy<Value = GTaskOp> {
    let leaf = prop_oneof![
        2 => (1u64..4).prop_map(GTaskOp::Cpu),
        1 => (1u64..6).prop_map(GTaskOp::AwaitIo),
        1 => (1u64..4).prop_map(GTaskOp::AwaitSleep),
        1 => (0u64..4, 0u64..4).prop_map(|(lo, d)| GTaskOp::AwaitIoRange(lo, lo + d)),
    ];
    leaf.prop_recursive(1, 6, 3, |inner| {
        (1u64..3, prop::collection::vec(inner, 1..3)).prop_map(|(n, body)| GTaskOp::Repeat(n, body))
    })
}

fn g_thread() -> impl Strategy<Value = GThread> {
    let tasks = prop::option::weighted(
        0.15,
        prop::collection::vec((prop::collection::vec(g_task_op(), 1..4), prop::option::weighted(0.3, 1u32..3)), 1..3),
    );
    (
        (
            prop::option::weighted(0.3, 0u64..4),
            prop::bool::weighted(0.15),
            -1i64..3,
            prop::option::weighted(0.2, 1u32..3),
        ),
        tasks,
        prop::collection::vec(g_op(), 1..6),
        (Just(vec![0u8, 1, 2, 3]).prop_shuffle(), any::<bool>(), any::<bool>(), prop::bool::weighted(0.2)),
    )
        .prop_map(|((at, daemon, priority, copies), tasks, ops, (attr_order, glued_x, multiline, comment))| {
            GThread { at, daemon, priority, copies, tasks, ops, attr_order, glued_x, multiline, comment }
        })
}

fn runnable() -> impl Strategy<Value = GRunnable> {
    let policy = prop::sample::select(vec!["fifo", "rr", "priority", "sjf", "stcf"]);
    let header = (
        1u32..4,
        (policy, prop::option::of(1u64..5)),
        0u64..3,
        (prop::option::of(0u64..3), prop::option::of(0u64..3)),
        prop::option::weighted(0.3, prop::option::of(1u64..6)),
        0u64..50,
        any::<bool>(),
    )
        .prop_map(|(cores, (policy, quantum), switch, (st, sp), gil, seed, explicit_defaults)| {
            let mut h = vec![format!("cores {cores}")];
            let mut sched = format!("scheduler {policy}");
            if let (Some(q), "rr" | "priority") = (quantum, policy) {
                sched.push_str(&format!(" quantum {q}"));
            }
            h.push(sched);
            if switch > 0 || explicit_defaults {
                h.push(format!("switch {switch}"));
            }
            let mut spawn = String::new();
            if let Some(n) = sp {
                spawn.push_str(&format!(" process {n}"));
            }
            if let Some(n) = st {
                spawn.push_str(&format!(" thread {n}"));
            }
            if !spawn.is_empty() {
                h.push(format!("spawn-cost{spawn}"));
            }
            match gil {
                Some(Some(i)) => h.push(format!("gil on interval {i}")),
                Some(None) => h.push("gil on".to_string()),
                None if explicit_defaults => h.push("gil off".to_string()),
                None => {}
            }
            h.push(format!("seed {seed}"));
            if explicit_defaults {
                h.push("unit ms".to_string());
                h.push("limit 100000".to_string());
            }
            h
        })
        .prop_shuffle();
    let item = prop_oneof![
        3 => g_thread().prop_map(GItem::Thread),
        1 => prop::collection::vec(g_thread(), 1..3).prop_map(GItem::Process),
        1 => (
            (0u8..3, 1u32..4, 1u64..6, prop::option::weighted(0.3, 0u64..4)),
            prop::collection::vec(g_op(), 1..4),
            prop::collection::vec(g_task_op(), 1..4),
            prop::bool::weighted(0.3),
        )
            .prop_map(|((kind, workers, jobs, at), ops, task_ops, in_process)| GItem::Pool {
                kind,
                workers,
                jobs,
                at,
                ops,
                task_ops,
                in_process: in_process && kind == 0,
            }),
    ];
    (header, 0usize..6, prop::collection::vec(item, 1..6)).prop_map(|(header, semaphore_at, items)| GRunnable {
        header,
        semaphore_at,
        items,
    })
}

fn write_ops(ops: &[GOp], sep: &str, out: &mut String) {
    for o in ops {
        let s = match o {
            GOp::Cpu(n) => format!("cpu {n}"),
            GOp::CpuRange(lo, hi) => format!("cpu {lo}..{hi}"),
            GOp::Io(n) => format!("io {n}"),
            GOp::WaitRange(io, lo, hi) => format!("{} {lo}..{hi}", if *io { "io" } else { "sleep" }),
            GOp::Sleep(n) => format!("sleep {n}"),
            GOp::Critical(m, n) => format!("lock m{m}{sep}cpu {n}{sep}unlock m{m}"),
            GOp::Permit(n) => format!("acquire s{sep}cpu {n}{sep}release s"),
            GOp::Notify(m, all) => {
                format!("lock m{m}{sep}notify{} m{m}{sep}unlock m{m}", if *all { "-all" } else { "" })
            }
            GOp::WaitFor(m, t) => format!("lock m{m}{sep}wait m{m} {t}{sep}unlock m{m}"),
            GOp::Yield => "yield".to_string(),
            GOp::Exit => "exit".to_string(),
            GOp::Crash => "crash".to_string(),
            GOp::Repeat(n, body) => {
                let mut s = format!("repeat {n} {{{sep}");
                write_ops(body, sep, &mut s);
                s.push('}');
                s
            }
        };
        out.push_str(&s);
        out.push_str(sep);
    }
}

fn write_task_ops(ops: &[GTaskOp], out: &mut String) {
    for o in ops {
        match o {
            GTaskOp::Cpu(n) => out.push_str(&format!("cpu {n}; ")),
            GTaskOp::AwaitIo(n) => out.push_str(&format!("await io {n}; ")),
            GTaskOp::AwaitSleep(n) => out.push_str(&format!("await sleep {n}; ")),
            GTaskOp::AwaitIoRange(lo, hi) => out.push_str(&format!("await io {lo}..{hi}; ")),
            GTaskOp::Repeat(n, body) => {
                out.push_str(&format!("repeat {n} {{ "));
                write_task_ops(body, out);
                out.push_str("}; ");
            }
        }
    }
}

impl GRunnable {
    fn text(&self) -> String {
        let mut s = String::new();
        for h in &self.header {
            s.push_str(h);
            s.push('\n');
        }
        let (mut threads, mut processes, mut tasks) = (0usize, 0usize, 0usize);
        for (i, item) in self.items.iter().enumerate() {
            if i == self.semaphore_at {
                s.push_str("semaphore s 2\n");
            }
            match item {
                GItem::Thread(t) => t.write(&mut threads, &mut tasks, &mut s),
                GItem::Process(ts) => {
                    s.push_str(&format!("process p{processes} {{\n"));
                    processes += 1;
                    for t in ts {
                        t.write(&mut threads, &mut tasks, &mut s);
                    }
                    s.push_str("}\n");
                }
                GItem::Pool { kind, workers, jobs, at, ops, task_ops, in_process } => {
                    if *in_process {
                        s.push_str(&format!("process p{processes} {{\n"));
                        processes += 1;
                    }
                    let kind_word = ["threads", "processes", "tasks"][*kind as usize];
                    s.push_str(&format!("pool q{i} {kind_word} {workers} jobs {jobs}"));
                    if let Some(at) = at {
                        s.push_str(&format!(" at {at}"));
                    }
                    s.push_str(" { ");
                    if *kind == 2 {
                        write_task_ops(task_ops, &mut s);
                    } else {
                        write_ops(ops, "; ", &mut s);
                    }
                    s.push_str("}\n");
                    if *in_process {
                        s.push_str("}\n");
                    }
                }
            }
        }
        s
    }
}

impl GThread {
    fn write(&self, threads: &mut usize, tasks: &mut usize, s: &mut String) {
        s.push_str(&format!("thread t{threads}"));
        *threads += 1;
        for a in &self.attr_order {
            match a {
                0 => {
                    if let Some(at) = self.at {
                        s.push_str(&format!(" at {at}"));
                    }
                }
                1 => {
                    if self.daemon {
                        s.push_str(" daemon");
                    }
                }
                2 => s.push_str(&format!(" priority {}", self.priority)),
                _ => {
                    if let Some(n) = self.copies {
                        s.push_str(&if self.glued_x { format!(" x{n}") } else { format!(" x {n}") });
                    }
                    if self.tasks.is_some() {
                        s.push_str(" asyncio");
                    }
                }
            }
        }
        s.push_str(" {");
        let sep = if self.multiline { "\n" } else { "; " };
        s.push_str(sep);
        match &self.tasks {
            Some(ts) => {
                for (ops, copies) in ts {
                    s.push_str(&format!("task k{tasks}"));
                    *tasks += 1;
                    if let Some(n) = copies {
                        s.push_str(&format!(" x {n}"));
                    }
                    s.push_str(" { ");
                    write_task_ops(ops, s);
                    s.push('}');
                    s.push_str(sep);
                }
            }
            None => write_ops(&self.ops, sep, s),
        }
        s.push('}');
        if self.comment {
            s.push_str("    # a comment { not code }");
        }
        s.push('\n');
    }
}
