//! The notes' comparative claims hold on the core (issue 13): each ready-made experiment of
//! `claims::ALL` is run as a sweep and its numbers say what the claim says; and the knee of a
//! `workers` sweep sits at the formula `(W + C) / C × P` of SCENARIO.md 1.1 for several job
//! shapes and core counts, with and without the GIL.

use threadlab_share::claims::{self, ClaimKind, ALL};
use threadlab_share::experiment::{sweep, Spec, Sweep};
use threadlab_sim::RunOptions;

fn run(text: &str, spec: &str) -> Sweep {
    let base = threadlab_sim::parse(text).expect("a valid scenario");
    sweep(&base, &Spec::parse(spec).expect("a valid parameter"), &RunOptions::default()).expect("runs")
}

/// A claim's runs, value by value (a comparison's values too: `sweep` runs any spec).
fn claim(id: &str) -> Sweep {
    let c = claims::find(id).unwrap_or_else(|| panic!("no claim {id}"));
    let spec = match c.kind {
        ClaimKind::Sweep => Spec::parse(c.spec),
        ClaimKind::Compare => Spec::parse_compare(c.spec),
    };
    let base = threadlab_sim::parse(c.text).expect("a valid scenario");
    sweep(&base, &spec.expect("a valid parameter"), &RunOptions::default()).expect("runs")
}

/// (value, makespan) of every point.
fn makespans(s: &Sweep) -> Vec<(u64, u64)> {
    s.points.iter().map(|p| (p.value, p.numbers.makespan)).collect()
}

#[test]
fn every_claim_runs_to_completion() {
    for c in ALL {
        let s = claim(c.id);
        assert!(s.points.iter().all(|p| p.numbers.completed()), "{}: {:?}", c.id, makespans(&s));
        assert!(!c.see.is_empty() && !c.see_zh.is_empty() && c.see != c.see_zh, "{}", c.id);
    }
}

#[test]
fn one_core_is_concurrent_several_are_parallel() {
    assert_eq!(makespans(&claim("concurrency-vs-parallelism")), [(1, 80), (2, 40), (4, 20)]);
}

#[test]
fn under_the_gil_cpu_bound_threads_gain_nothing_and_processes_halve_the_makespan() {
    let threads = makespans(&claim("gil-threads-cpu"));
    assert_eq!(threads[0], (1, 80));
    assert!(threads[1].1 >= 80, "2 cores, 2 threads under the GIL: no faster than 1 core: {threads:?}");
    assert_eq!(makespans(&claim("gil-processes-cpu")), [(1, 80), (2, 40)]);
}

#[test]
fn under_the_gil_processes_win_for_cpu_bound_work_and_threads_for_io_bound_work() {
    // kind=threads,processes: values 0 and 1.
    assert_eq!(makespans(&claim("gil-cpu-threads-vs-processes")), [(0, 80), (1, 40)]);
    let io = makespans(&claim("gil-io-threads-vs-processes"));
    assert_eq!(io, [(0, 69), (1, 102)]);
    // What the sentences say is what the runs give.
    for (id, m) in [("gil-cpu-threads-vs-processes", [80, 40]), ("gil-io-threads-vs-processes", [69, 102])] {
        let see = claims::find(id).map(|c| c.see).unwrap_or_default();
        assert!(m.iter().all(|m| see.contains(&m.to_string())), "{id}: {see}");
    }
}

#[test]
fn every_comparison_claim_has_two_to_four_values() {
    for c in ALL.iter().filter(|c| c.kind == ClaimKind::Compare) {
        assert!(Spec::parse_compare(c.spec).is_ok(), "{}: {}", c.id, c.spec);
    }
    for c in ALL.iter().filter(|c| c.kind == ClaimKind::Sweep) {
        assert!(Spec::parse(c.spec).is_ok(), "{}: {}", c.id, c.spec);
    }
}

#[test]
fn io_bound_threads_overlap_under_the_gil() {
    let m = makespans(&claim("gil-threads-io"));
    let (one, eight) = (m[0].1, m[3].1);
    assert_eq!(one, 105);
    // Eight times the work in barely more time: their waits overlap.
    assert!(eight * 10 < one * 12, "8 I/O-bound threads take {eight}, 1 takes {one}");
}

#[test]
fn the_share_lost_to_context_switches_grows_with_the_thread_count() {
    let s = claim("switch-overhead");
    // Switching time / makespan, from the numbers: 1 − utilisation on one core.
    let lost: Vec<f64> = s.points.iter().map(|p| 1.0 - p.numbers.cpu_utilization).collect();
    assert!(lost[0] < 1e-9, "one thread never switches: {lost:?}");
    assert!(lost.windows(2).all(|w| w[1] >= w[0] - 1e-9), "the share lost grows with the threads: {lost:?}");
    assert!(lost[lost.len() - 1] > 0.2, "12 threads with a quantum of 2: a third of the time switching: {lost:?}");
}

#[test]
fn the_knee_of_a_workers_sweep_sits_at_the_formula() {
    assert_eq!((claim("best-thread-count").formula, claim("best-thread-count").knee), (Some(8.0), Some(8)));
    assert_eq!((claim("best-thread-count-gil").formula, claim("best-thread-count-gil").knee), (Some(4.0), Some(4)));
    // (C, W, cores, GIL) shapes: the knee is the formula, or just below it (the knee is the
    // first count within 5 % of the best, which can come a worker early).
    for (c, w, cores, gil) in [
        (1, 3, 2, false),
        (2, 6, 2, false),
        (1, 1, 4, false),
        (2, 2, 2, false),
        (1, 4, 3, false),
        (3, 9, 1, false),
        (1, 7, 2, false),
        (2, 6, 4, true),
        (1, 3, 8, true),
        (2, 2, 4, true),
    ] {
        let gil = if gil { "gil on\n" } else { "" };
        let text = format!("cores {cores}\n{gil}pool p threads 1 jobs 48 {{ cpu {c}; io {w} }}\n");
        let s = run(&text, "workers=1..24");
        let formula = s.formula.expect("a formula");
        let knee = s.knee.expect("a knee") as f64;
        assert!(knee <= formula && knee >= formula * 0.9, "{text}: knee {knee}, formula {formula}");
    }
}
