//! The scenarios the benchmarks time, generated in one place: criterion (`benches/sim.rs`),
//! and the comparison of the core in wasm with native (`tests/tests/perf.rs`,
//! `examples/peer_sim.rs`, docs/PERFORMANCE.md).

/// `10k_threads_x100_ops_64_cores`: 100 declarations `thread wNN x 100`, each thread repeating
/// a 10-operation block 10 times: 10,000 threads × 100 operations (cpu, io, lock/unlock pairs
/// on 40 mutexes, never nested, so no deadlock) on 64 cores under `rr 4`.
pub fn ten_k_threads() -> String {
    let mut s = String::from("cores 64\nscheduler rr quantum 4\nlimit 10000000\n");
    for d in 0..100 {
        let (m1, m2) = (d % 40, (d * 7 + 3) % 40);
        let (cpu, io) = (1 + d % 3, 2 + d % 5);
        s.push_str(&format!(
            "thread w{d} x 100 {{ repeat 10 {{ cpu {cpu}; lock m{m1}; cpu 1; unlock m{m1}; io {io}; \
             cpu 2; lock m{m2}; cpu 1; unlock m{m2}; io 3 }} }}\n"
        ));
    }
    s
}

/// `1core_1M_cpu_io`: one thread alternating `cpu 1; io 1` a million times on one core.
pub fn one_core_million() -> String {
    "cores 1\nlimit 10000000\nthread t { repeat 1000000 { cpu 1; io 1 } }\n".to_string()
}

/// `1000_threads_x340_cpu_io_8_cores`: 1,000 threads × 340 × (cpu 1; io 1) on 8 cores, about
/// 1,000 segments per thread (the browser's panning test draws it).
pub fn thousand_threads() -> String {
    "cores 8\nlimit 1000000\nthread t x 1000 { repeat 340 { cpu 1; io 1 } }\n".to_string()
}

/// The workloads by name, for tools that take a name (`peer_sim workload:NAME`).
pub fn by_name(name: &str) -> Option<String> {
    match name {
        "10k_threads_x100_ops_64_cores" => Some(ten_k_threads()),
        "1core_1M_cpu_io" => Some(one_core_million()),
        "1000_threads_x340_cpu_io_8_cores" => Some(thousand_threads()),
        _ => None,
    }
}
