//! `threadlab ostep … --scenario` (issue 14): the scenario of a scheduler.py problem runs in
//! Threadlab to scheduler.py's own answers — each job's response, turnaround and wait — for
//! random problems under FIFO, SJF and RR with several quanta, and for job lists.

use threadlab_share::ostep::{scenario, scheduler};

fn args(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

/// scheduler.py's answers, by job number: (response, turnaround, wait).
fn answers(line: &str) -> Vec<(f64, f64, f64)> {
    let o = scheduler::parse(&args(&format!("{line} -c"))).expect("valid flags");
    let sim = scheduler::simulate(&o).expect("runs");
    let Some(scheduler::Solution::Ran { stats, .. }) = sim.solution else { panic!("{line}: no answers") };
    let mut v = vec![(0.0, 0.0, 0.0); stats.len()];
    for s in stats {
        v[s.job] = (s.response, s.turnaround, s.wait);
    }
    v
}

/// Threadlab's numbers of the scenario, by job: (response, turnaround, wait).
fn ours(line: &str) -> Vec<(f64, f64, f64)> {
    let text = scenario::scheduler(&args(line)).unwrap_or_else(|e| panic!("{line}: {e}"));
    let r = threadlab_sim::run(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(r.outcome.kind(), "completed", "{text}");
    let mut v = vec![(0.0, 0.0, 0.0); r.threads.len()];
    for t in &r.threads {
        let k: usize = t.name.trim_start_matches("job").parse().expect("jobK");
        let f = |x: Option<u64>| x.expect("ran and ended") as f64;
        v[k] = (f(t.response()), f(t.turnaround()), t.waiting() as f64);
    }
    v
}

#[test]
fn random_problems_run_to_scheduler_py_s_answers() {
    let mut checked = 0;
    for seed in 0..30 {
        for (jobs, maxlen) in [(3, 10), (5, 20), (1, 5)] {
            for policy in ["-p FIFO", "-p SJF", "-p RR -q 1", "-p RR -q 2", "-p RR -q 5"] {
                let line = format!("-s {seed} -j {jobs} -m {maxlen} {policy}");
                assert_eq!(ours(&line), answers(&line), "{line}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 450);
}

#[test]
fn job_lists_run_to_the_same_answers() {
    for line in [
        "-l 5,10,15 -p SJF",
        "-l 15,10,5 -p SJF",
        "-l 7,7,7 -p SJF",
        "-l 200,100,100 -p FIFO",
        "-l 3,8,1,8 -p RR -q 3",
        "-l 100 -p RR -q 7",
    ] {
        assert_eq!(ours(line), answers(line), "{line}");
    }
}

#[test]
fn problems_without_a_scenario_say_why() {
    let e = |line: &str| scenario::scheduler(&args(line)).expect_err(line);
    assert!(e("-l 5.5,3").contains("whole numbers"), "{}", e("-l 5.5,3"));
    assert!(e("-l 0,3").contains("length 0"));
    assert!(e("-p LOTTERY").contains("not one of FIFO, SJF, RR"));
    assert!(e("-p RR -q 0").contains("at least 1"));
    assert!(e("-x").contains("no such option"));
    // The title is the command line; the policy is written out.
    let text = scenario::scheduler(&args("-p RR -q 2 -l 3,5")).expect("a scenario");
    assert!(text.starts_with("title \"OSTEP scheduler.py -p RR -q 2 -l 3,5\"\n"), "{text}");
    assert!(text.contains("scheduler rr quantum 2\nthread job0 { cpu 3 }\nthread job1 { cpu 5 }\n"), "{text}");
}
