//! The seeded generator behind ranges such as `cpu 3..7`. Counter-based: the k-th draw of a
//! thread (or task) depends only on `seed`, that thread's index and k, never on how threads
//! interleave, so a scenario's demand is fixed before it runs and identical on every platform.

/// SplitMix64's finaliser.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `k`-th draw in `lo..=hi` for `stream` (a thread index, or the thread count plus a task index).
pub fn draw(seed: u64, stream: u64, k: u64, lo: u64, hi: u64) -> u64 {
    if hi <= lo {
        return lo;
    }
    let span = hi - lo + 1;
    let r = mix(seed ^ mix(stream.wrapping_mul(0xD6E8_FEB8_6659_FD93) ^ mix(k)));
    lo + r % span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_stay_in_range_and_depend_on_all_inputs() {
        for k in 0..1000 {
            let v = draw(42, 3, k, 3, 7);
            assert!((3..=7).contains(&v));
        }
        let a: Vec<u64> = (0..20).map(|k| draw(1, 0, k, 0, 1000)).collect();
        let b: Vec<u64> = (0..20).map(|k| draw(2, 0, k, 0, 1000)).collect();
        let c: Vec<u64> = (0..20).map(|k| draw(1, 1, k, 0, 1000)).collect();
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(draw(5, 5, 5, 9, 9), 9);
    }

    #[test]
    fn known_values_are_stable_across_platforms() {
        // Pinned so that a change of the generator (which would change every trace with a
        // range) cannot go unnoticed.
        let v: Vec<u64> = (0..5).map(|k| draw(0, 0, k, 1, 100)).collect();
        assert_eq!(v, PINNED.to_vec());
    }
    const PINNED: [u64; 5] = [34, 96, 86, 88, 46];
}
