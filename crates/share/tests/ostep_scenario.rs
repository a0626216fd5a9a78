//! `threadlab ostep … --scenario` (issue 14): the scenario of a scheduler.py problem runs in
//! Threadlab to scheduler.py's own answers — each job's response, turnaround and wait — for
//! random problems under FIFO, SJF and RR with several quanta, and for job lists; and the
//! scenario of a process-run.py problem runs to its Total Time and CPU Busy, for random
//! problems under the four rule sets.

use threadlab_share::ostep::{process_run, scenario, scheduler};

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

/// process-run.py's (Total Time, CPU Busy) against Threadlab's (makespan, core busy).
fn process_run_pair(line: &str) -> ((u64, u64), (u64, u64)) {
    let o = process_run::parse(&args(line)).expect("valid flags");
    let sim = process_run::simulate(&o).expect("runs");
    let text = scenario::process_run(&args(line)).unwrap_or_else(|e| panic!("{line}: {e}"));
    let r = threadlab_sim::run(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(r.outcome.kind(), "completed", "{text}");
    ((sim.total_time(), sim.cpu_busy), (r.makespan, r.cores[0].busy))
}

#[test]
fn process_run_problems_run_to_the_same_total_time() {
    let mut checked = 0;
    for seed in 0..25 {
        for list in ["5:50", "3:20,4:80", "4:0,2:100,3:50", "6:30,6:30,6:30,6:30"] {
            for l in [0, 1, 5] {
                for rules in ["", "-S SWITCH_ON_END", "-I IO_RUN_IMMEDIATE", "-S SWITCH_ON_END -I IO_RUN_IMMEDIATE"] {
                    let line = format!("-s {seed} -l {list} -L {l} {rules}");
                    let (want, got) = process_run_pair(&line);
                    assert_eq!(got, want, "{line}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 1200);
    // Programs, as the homework writes them.
    for line in
        ["-P c3,i,c2:c4:i,c1 -L 2", "-P i,c3,c1:c3 -L 3 -I IO_RUN_IMMEDIATE", "-P c7,i,c1:i -L 4 -S SWITCH_ON_END"]
    {
        let (want, got) = process_run_pair(line);
        assert_eq!(got, want, "{line}");
    }
}

#[test]
fn a_process_run_scenario_says_its_rules() {
    let text =
        scenario::process_run(&args("-P c2,i:c1 -L 3 -S SWITCH_ON_END -I IO_RUN_IMMEDIATE -c -p")).expect("a scenario");
    assert!(
        text.ends_with("scheduler ostep switch-on-end io-immediate\nthread p0 { cpu 2; cpu 1; io 3; cpu 1 }\nthread p1 { cpu 1 }\n"),
        "{text}"
    );
    let e = scenario::process_run(&args("-l 0:50,2:100")).expect_err("an empty process");
    assert!(e.contains("process 0 has no instructions"), "{e}");
}
