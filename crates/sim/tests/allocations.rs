//! Issue 12, "cheap events": in steady state the engine allocates nothing per tick or per
//! event. Counted with a global allocator that tallies allocations: a run's allocations must
//! stay far below its number of ticks and events (what remains is the trace's storage, which
//! grows in chunks of 65,536 records, and per-thread state made once).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on to the system allocator unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by simulating `text` (parsing and compiling excluded), with the run's
/// number of events.
fn allocations_of(text: &str) -> (u64, usize) {
    let program = threadlab_sim::compile(&threadlab_sim::parse(text).expect("valid")).expect("valid");
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let r = threadlab_sim::simulate(&program, &threadlab_sim::RunOptions::default());
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    (after - before, r.events.len())
}

/// The scenarios, each at a length `k` (the same threads, `k` times the work).
fn scenario(name: &str, k: u32) -> String {
    let mut s = String::new();
    match name {
        // Round robin, quantum 1: a preemption and a dispatch at every tick.
        "rr" => {
            s.push_str("cores 1\nscheduler rr quantum 1\nlimit 10000000\n");
            for i in 0..200 {
                s.push_str(&format!("thread j{i} {{ cpu {} }}\n", k * (300 + i % 200)));
            }
        }
        // Equal and higher priorities: the preemption phase has contenders at every tick.
        "priority" => {
            s.push_str("cores 2\nscheduler priority quantum 2\nlimit 10000000\n");
            for i in 0..60 {
                s.push_str(&format!("thread p{i} priority {} {{ repeat {} {{ cpu 3; io 2 }} }}\n", i % 3, 50 * k));
            }
        }
        "stcf" => {
            s.push_str("cores 2\nscheduler stcf\nlimit 10000000\n");
            for i in 0..60 {
                s.push_str(&format!(
                    "thread s{i} at {} {{ repeat {} {{ cpu {}; io 1 }} }}\n",
                    i * 7,
                    40 * k,
                    1 + i % 5
                ));
            }
        }
        // Locks, I/O and the GIL of several processes.
        "locks-gil" => {
            s.push_str("cores 4\ngil on interval 3\nlimit 10000000\n");
            for p in 0..4 {
                s.push_str(&format!(
                    "process p{p} {{\n  thread w{p} x 20 {{ repeat {} {{ lock m{p}; cpu 2; unlock m{p}; io 3; cpu 1 }} }}\n}}\n",
                    40 * k
                ));
            }
        }
        "asyncio" => {
            s.push_str(&format!("thread t asyncio {{ task a x 50 {{ repeat {} {{ cpu 1; await io 3 }} }} }}\n", 50 * k))
        }
        _ => unreachable!("a scenario of this test"),
    }
    s
}

// One test function: the counter is global, and the tests of one file run in parallel.
#[test]
fn no_allocation_per_tick_or_event() {
    for name in ["rr", "priority", "stcf", "locks-gil", "asyncio"] {
        // The same threads doing 4× and 16× the work: what the longer run allocates more is
        // what the engine allocates per tick or event, plus the trace's storage (a chunk per
        // 65,536 records, lists growing by doubling). Both runs are past the start, where
        // buffers find their size.
        let (short, short_events) = allocations_of(&scenario(name, 4));
        let (long, long_events) = allocations_of(&scenario(name, 16));
        let more_events = long_events.saturating_sub(short_events) as u64;
        let more_allocations = long.saturating_sub(short);
        println!("{name}: {short} allocations for {short_events} events, {long} for {long_events}");
        assert!(more_events > 20_000, "{name}: {more_events} more events, too few to tell");
        // At most one allocation per 2,000 more events (a per-tick allocation gives one or
        // more per event).
        assert!(
            more_allocations * 2_000 < more_events,
            "{name}: {more_allocations} more allocations for {more_events} more events: something allocates per tick or event"
        );
    }
}
