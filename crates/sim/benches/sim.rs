//! Criterion benchmarks of the simulation core (`cargo xtask bench`), each timing
//! `threadlab_sim::run` (parse + compile + simulate) on a scenario generated here:
//! - `10k_threads_x100_ops_64_cores`: 10,000 threads (100 declarations `x 100`), each running
//!   100 operations (cpu, io, and lock/unlock pairs, never nested, on 40 mutexes) on 64 cores;
//! - `1core_1M_cpu_io`: one thread alternating `cpu 1; io 1` a million times on one core.
//!
//! Throughput is reported in trace events per second; the numbers of each result (events,
//! segments, core segments, makespan, outcome) are printed once before benching.
//!
//! Peak memory is measured outside criterion, on the release command line: the bench writes the
//! generated scenarios to `target/bench-scenarios/NAME.tl`, then
//! `cargo build --release -p threadlab-cli` and
//! `/usr/bin/time -v target/release/threadlab run target/bench-scenarios/NAME.tl --json > /dev/null`
//! report it as "Maximum resident set size".

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use threadlab_sim::limits;

use threadlab_sim::workloads::{one_core_million, ten_k_threads};

/// Where the generated scenarios go, for the peak-memory measurement above.
fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-scenarios")
}

fn bench(c: &mut Criterion) {
    let scenarios = [("10k_threads_x100_ops_64_cores", ten_k_threads()), ("1core_1M_cpu_io", one_core_million())];

    // Once, before any timing: check each scenario, save it, print what one run produces.
    let dir = scenario_dir();
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
    }
    let mut events = Vec::new();
    for (name, text) in &scenarios {
        assert!(text.len() <= limits::MAX_TEXT_BYTES, "{name}: {} bytes, over the text limit", text.len());
        let path = dir.join(format!("{name}.tl"));
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
        }
        let r = threadlab_sim::run(text).unwrap_or_else(|e| panic!("{name} is not a valid scenario: {e}"));
        println!(
            "{name}: {} threads, {} events, {} segments, {} core segments, makespan {}, outcome {}",
            r.threads.len(),
            r.events.len(),
            r.segments.len(),
            r.core_segments.len(),
            r.makespan,
            r.outcome.kind()
        );
        assert_eq!(r.outcome.kind(), "completed", "{name} must run to completion to measure the whole scenario");
        events.push(r.events.len() as u64);
    }

    let mut group = c.benchmark_group("sim");
    // A run takes hundreds of milliseconds: flat sampling, 10 samples, about 10 s per benchmark.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(10));
    for ((name, text), events) in scenarios.iter().zip(events) {
        group.throughput(Throughput::Elements(events));
        group.bench_function(*name, |b| b.iter(|| threadlab_sim::run(black_box(text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
