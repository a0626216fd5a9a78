//! Developer aid: times the phases of a run, best of N
//! (`cargo run --release -p threadlab-sim --example phases -- FILE [N]`).

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: phases FILE [N]");
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(7);
    let text = std::fs::read_to_string(&path).expect("readable file");
    let mut best = [Duration::MAX; 4];
    let mut counts = (0, 0, 0);
    let mut wide = (0, 0, 0);
    for _ in 0..n {
        let t0 = Instant::now();
        let sc = threadlab_sim::parse(&text).expect("valid");
        let t1 = Instant::now();
        let p = threadlab_sim::compile(&sc).expect("valid");
        let t2 = Instant::now();
        let r = threadlab_sim::simulate(&p, &threadlab_sim::RunOptions::default());
        let t3 = Instant::now();
        counts = (r.events.len(), r.segments.len(), r.core_segments.len());
        wide = (r.events.wide_count(), r.segments.wide_count(), r.core_segments.wide_count());
        drop(r);
        let t4 = Instant::now();
        for (b, d) in best.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            *b = (*b).min(d);
        }
    }
    println!(
        "best of {n}: parse {:?} compile {:?} simulate {:?} drop {:?}; events {} segments {} core segments {} (kept whole: {:?})",
        best[0], best[1], best[2], best[3], counts.0, counts.1, counts.2, wide
    );
}
