//! The Rust floor of `cargo xtask bench --peers` (issue 12): the two peer workloads as minimal
//! loops, with no Threadlab code (it only lives here to be built in release with the rest).
//!
//! `cargo run --release -p threadlab-sim --example peer_floor -- rr|pool FILE [N]`
//!
//! - `rr`: workload A, round robin with quantum 1 on one core over the jobs of
//!   `thread NAME { cpu L }` lines; one segment (start, end, job) recorded per slice into a
//!   `Vec`, turnaround per job, context switches counted.
//! - `pool`: workload B, `thread W x N { repeat R { cpu C; io I } }` on `cores K` under FIFO: a
//!   binary-heap event loop with Threadlab's order within a tick (bursts end, then I/O ends join
//!   the ready queue by worker number, then free cores take its head); one segment per burst.
//!
//! The loop runs N times (default 1) in this process; prints `key=value` pairs: the results,
//! then `loop_ns=` with the time of each run (std::time::Instant, the reading of the file
//! excluded, the drop of the segments excluded).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (kind, path) = match args.as_slice() {
        [k, p] | [k, p, _] => (k.as_str(), p.as_str()),
        _ => fail("usage: peer_floor rr|pool FILE [N]"),
    };
    let runs: usize = args.get(2).map_or(1, |n| n.parse().unwrap_or_else(|_| fail("N: a number")));
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{path}: {e}")));
    let mut times = Vec::new();
    let mut line = String::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let (numbers, segments) = match kind {
            "rr" => rr(&jobs(&text)),
            "pool" => pool(pool_shape(&text)),
            _ => fail("the workload is rr or pool"),
        };
        times.push(started.elapsed().as_nanos().to_string());
        line = numbers;
        drop(std::hint::black_box(segments));
    }
    println!("{line} loop_ns={}", times.join(","));
}

fn fail(message: &str) -> ! {
    eprintln!("peer_floor: {message}");
    std::process::exit(2)
}

/// One slice of a core: (start, end, thread).
type Segment = (u32, u32, u32);

/// The lengths of `thread NAME { cpu L }`, in order.
fn jobs(text: &str) -> Vec<u32> {
    text.lines()
        .filter(|l| l.starts_with("thread "))
        .map(|l| match l.split_whitespace().collect::<Vec<_>>().as_slice() {
            ["thread", _, "{", "cpu", n, "}"] => n.parse().unwrap_or_else(|_| fail(l)),
            _ => fail(&format!("not `thread NAME {{ cpu L }}`: {l}")),
        })
        .collect()
}

fn rr(lengths: &[u32]) -> (String, Vec<Segment>) {
    let mut queue: VecDeque<(u32, u32)> = (0u32..).zip(lengths.iter().copied()).collect();
    let mut segments = Vec::new();
    let mut turnaround = vec![0u64; lengths.len()];
    let (mut now, mut switches, mut last) = (0u32, 0u64, u32::MAX);
    while let Some((job, left)) = queue.pop_front() {
        if last != u32::MAX && last != job {
            switches += 1;
        }
        last = job;
        segments.push((now, now + 1, job));
        now += 1;
        if left > 1 {
            queue.push_back((job, left - 1));
        } else {
            turnaround[job as usize] = u64::from(now);
        }
    }
    let sum: u64 = turnaround.iter().sum();
    (format!("makespan={now} turnaround_sum={sum} switches={switches}"), segments)
}

/// (cores, workers, rounds, cpu, io) of `cores K` and `thread W x N { repeat R { cpu C; io I } }`.
fn pool_shape(text: &str) -> (u32, u32, u32, u32, u32) {
    let mut cores = None;
    let mut shape = None;
    for l in text.lines() {
        let words: Vec<&str> = l.split(|c: char| c.is_whitespace() || c == ';').filter(|w| !w.is_empty()).collect();
        let n = |w: &str| w.parse::<u32>().unwrap_or_else(|_| fail(l));
        match words.as_slice() {
            ["cores", k] => cores = Some(n(k)),
            ["thread", _, "x", w, "{", "repeat", r, "{", "cpu", c, "io", i, "}", "}"] => {
                shape = Some((n(w), n(r), n(c), n(i)))
            }
            _ => {}
        }
    }
    let (Some(k), Some((w, r, c, i))) = (cores, shape) else { fail("no `cores` or no pool thread line") };
    (k, w, r, c, i)
}

fn pool((cores, workers, rounds, cpu, io): (u32, u32, u32, u32, u32)) -> (String, Vec<Segment>) {
    const CPU_END: u8 = 0; // at one tick, bursts end before I/O ends
    const IO_END: u8 = 1;
    let mut left = vec![rounds; workers as usize];
    let mut ends = vec![0u32; workers as usize];
    let mut ready: VecDeque<u32> = (0..workers).collect();
    let mut events: BinaryHeap<Reverse<(u32, u8, u32)>> = BinaryHeap::new();
    let mut segments = Vec::new();
    let (mut free, mut now) = (cores, 0u32);
    loop {
        while free > 0 {
            let Some(w) = ready.pop_front() else { break };
            free -= 1;
            left[w as usize] -= 1;
            segments.push((now, now + cpu, w));
            events.push(Reverse((now + cpu, CPU_END, w)));
        }
        let Some(&Reverse((tick, _, _))) = events.peek() else { break };
        now = tick;
        while let Some(&Reverse((t, kind, w))) = events.peek() {
            if t != now {
                break;
            }
            events.pop();
            if kind == CPU_END {
                free += 1;
                events.push(Reverse((now + io, IO_END, w)));
            } else if left[w as usize] > 0 {
                ready.push_back(w);
            } else {
                ends[w as usize] = now;
            }
        }
    }
    let makespan = ends.iter().copied().max().unwrap_or(0);
    let sum: u64 = ends.iter().map(|&e| u64::from(e)).sum();
    (format!("makespan={makespan} end_sum={sum}"), segments)
}
