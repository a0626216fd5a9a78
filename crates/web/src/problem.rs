//! Seeded scheduler homework for predict mode (issue 14): a seed gives 3 to 5 jobs with their
//! lengths and a policy (`fifo`, `sjf`, or `rr` with a quantum), as a scenario text. The same
//! seed gives the same problem everywhere (the generator is ours, not the platform's), and the
//! text carries its seed in its title, so a link to it keeps the problem.

/// SplitMix64: a small, fast generator with a 64-bit state, good enough for homework (and
/// fully specified here, so a seed's problem never changes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0), by the multiply-high method (no modulo bias
    /// worth the name for small `n`).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }
}

/// The scheduling policy of a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    Fifo,
    Sjf,
    /// Round robin with this quantum (1 to 3 ticks).
    Rr(u64),
}

/// A seeded problem: one core, jobs arriving at 0, one CPU burst each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seed: u64,
    pub policy: Policy,
    /// Each job's length in ticks (1 to 9), in the order they arrive.
    pub jobs: Vec<u64>,
}

/// The problem of a seed.
pub fn problem(seed: u64) -> Problem {
    let mut g = SplitMix64(seed);
    let n = 3 + g.below(3);
    let jobs = (0..n).map(|_| 1 + g.below(9)).collect();
    let policy = match g.below(3) {
        0 => Policy::Fifo,
        1 => Policy::Sjf,
        _ => Policy::Rr(1 + g.below(3)),
    };
    Problem { seed, policy, jobs }
}

/// The problem as a scenario text (threads `j1`, `j2`, …).
pub fn text(p: &Problem) -> String {
    let (name, line) = match p.policy {
        Policy::Fifo => ("fifo".to_string(), "scheduler fifo".to_string()),
        Policy::Sjf => ("sjf".to_string(), "scheduler sjf".to_string()),
        Policy::Rr(q) => (format!("rr, quantum {q}"), format!("scheduler rr quantum {q}")),
    };
    let mut out = format!(
        "title \"Problem {}: {name}, {} jobs\"\nnote \"A seeded problem: predict each job's state, then its turnaround and response. All jobs arrive at 0 on one core.\"\ncores 1\n{line}\n",
        p.seed,
        p.jobs.len()
    );
    for (i, len) in p.jobs.iter().enumerate() {
        out.push_str(&format!("thread j{} {{ cpu {len} }}\n", i + 1));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_splitmix64() {
        // The reference outputs of SplitMix64 from seed 0 (as in Vigna's splitmix64.c).
        let mut g = SplitMix64(0);
        assert_eq!(g.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(g.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(SplitMix64(7).below(0), 0);
    }

    #[test]
    fn a_seed_gives_one_problem_within_its_bounds() {
        assert_eq!(problem(42), problem(42));
        let mut policies = [0; 3];
        for seed in 0..300 {
            let p = problem(seed);
            assert!((3..=5).contains(&p.jobs.len()), "{p:?}");
            assert!(p.jobs.iter().all(|l| (1..=9).contains(l)), "{p:?}");
            policies[match p.policy {
                Policy::Fifo => 0,
                Policy::Sjf => 1,
                Policy::Rr(q) => {
                    assert!((1..=3).contains(&q));
                    2
                }
            }] += 1;
            // Every problem is a valid scenario whose run ends with every job done.
            let r = threadlab_sim::run(&text(&p)).expect("a valid scenario");
            assert_eq!(r.makespan, p.jobs.iter().sum::<u64>(), "{}", text(&p));
        }
        assert!(policies.iter().all(|&n| n > 50), "{policies:?}");
        assert_ne!(problem(1), problem(2));
    }

    #[test]
    fn a_problem_is_pinned_by_its_seed() {
        let p = problem(42);
        assert_eq!(text(&p), text(&problem(42)));
        // Pinned: a seed's problem must never change (links keep the text, teachers the seed).
        assert_eq!(p, Problem { seed: 42, policy: Policy::Fifo, jobs: vec![2, 3, 4, 1, 8] });
        assert!(text(&p).starts_with("title \"Problem 42: fifo, 5 jobs\"\n"));
        assert!(text(&p).ends_with("cores 1\nscheduler fifo\nthread j1 { cpu 2 }\nthread j2 { cpu 3 }\nthread j3 { cpu 4 }\nthread j4 { cpu 1 }\nthread j5 { cpu 8 }\n"));
        let rr = (0..).map(problem).find(|p| matches!(p.policy, Policy::Rr(_))).unwrap();
        let Policy::Rr(q) = rr.policy else { unreachable!() };
        assert!(text(&rr).contains(&format!("\nscheduler rr quantum {q}\n")));
    }
}
