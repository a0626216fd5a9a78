//! The simulation alone, for `cargo xtask bench --peers` (issue 12): parses and compiles a
//! scenario once, then times `simulate` N times (default 5) in this process, each result
//! dropped after its timing.
//!
//! `cargo run --release -p threadlab-sim --example peer_sim -- FILE [N]`; FILE may be
//! `workload:NAME`, a scenario of `threadlab_sim::workloads` (the ones criterion and the wasm
//! comparison time).
//!
//! Prints `makespan=M simulate_ns=T1,T2,…` (std::time::Instant).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: peer_sim FILE [N]");
        std::process::exit(2)
    };
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let text = match path.strip_prefix("workload:") {
        Some(name) => threadlab_sim::workloads::by_name(name).unwrap_or_else(|| {
            eprintln!("peer_sim: no workload named {name}");
            std::process::exit(2)
        }),
        None => std::fs::read_to_string(&path).unwrap_or_else(|e| {
            eprintln!("peer_sim: {path}: {e}");
            std::process::exit(2)
        }),
    };
    let scenario = threadlab_sim::parse(&text).unwrap_or_else(|e| {
        eprintln!("peer_sim: {path}: {e:?}");
        std::process::exit(2)
    });
    let program = threadlab_sim::compile(&scenario).unwrap_or_else(|e| {
        eprintln!("peer_sim: {path}: {e:?}");
        std::process::exit(2)
    });
    let options = threadlab_sim::RunOptions::default();
    let mut times = Vec::new();
    let mut makespan = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let result = threadlab_sim::simulate(&program, &options);
        times.push(started.elapsed().as_nanos().to_string());
        makespan = result.makespan;
        drop(std::hint::black_box(result));
    }
    println!("makespan={makespan} simulate_ns={}", times.join(","));
}
