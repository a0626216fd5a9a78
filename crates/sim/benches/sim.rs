//! Criterion benchmarks of the simulation core (`cargo xtask bench`):
//! - `10k_threads_x100_ops_64_cores`: 10,000 threads × 100 operations (cpu, io, lock/unlock
//!   on 40 mutexes) on 64 cores, round robin;
//! - `1core_1M_cpu_io`: one thread alternating `cpu 1; io 1` a million times on one core.
//!
//! Throughput is reported in trace events per second. The generated scenarios are written to
//! `target/bench-scenarios/` so that peak memory can be measured on the release CLI:
//! `/usr/bin/time -v target/release/threadlab run target/bench-scenarios/NAME.tl --json > /dev/null`
//! ("Maximum resident set size").

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Duration;

/// 100 declarations × 100 copies; each thread runs 10 × a 10-operation block.
fn ten_k_threads() -> String {
    let mut s = String::from("cores 64\nscheduler rr quantum 4\nlimit 10000000\n");
    for d in 0..100 {
        let (m1, m2) = (d % 40, (d * 7 + 3) % 40);
        s.push_str(&format!(
            "thread w{d} x 100 {{ repeat 10 {{ cpu {}; lock m{m1}; cpu 1; unlock m{m1}; io {}; cpu 2; lock m{m2}; cpu 1; unlock m{m2}; io 3 }} }}\n",
            1 + d % 3,
            2 + d % 5
        ));
    }
    s
}

fn one_core_million() -> String {
    "cores 1\nlimit 10000000\nthread t { repeat 1000000 { cpu 1; io 1 } }\n".to_string()
}

fn bench(c: &mut Criterion) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-scenarios");
    let _ = std::fs::create_dir_all(&dir);
    let mut group = c.benchmark_group("sim");
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    for (name, text) in [("10k_threads_x100_ops_64_cores", ten_k_threads()), ("1core_1M_cpu_io", one_core_million())] {
        let _ = std::fs::write(dir.join(format!("{name}.tl")), &text);
        let r = threadlab_sim::run(&text).expect("the benchmark scenario is valid");
        println!(
            "{name}: {} threads, {} events, {} segments, {} core segments, makespan {}, outcome {}",
            r.threads.len(),
            r.events.len(),
            r.segments.len(),
            r.core_segments.len(),
            r.makespan,
            r.outcome.kind()
        );
        group.throughput(Throughput::Elements(r.events.len() as u64));
        group.bench_function(name, |b| b.iter(|| threadlab_sim::run(std::hint::black_box(&text)).map(|r| r.makespan)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
