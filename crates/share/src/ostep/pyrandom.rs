//! Python's `random` module, the part OSTEP's homework simulators use (issue 14): the
//! Mersenne Twister MT19937 seeded as CPython seeds it from an integer (`random.seed(n)`:
//! `init_by_array` of the 32-bit words of |n|), and `random.random()` (53 bits from two draws).
//! The same seed gives the same numbers as CPython 3, so a homework's random problem
//! (`-s SEED`) is the one the original draws.

/// The generator's state (624 words and the next one's place).
#[derive(Clone)]
pub struct PyRandom {
    mt: [u32; N],
    index: usize,
}

const N: usize = 624;
const M: usize = 397;

impl PyRandom {
    /// `random.seed(seed)` for an integer seed (its absolute value counts, as in CPython).
    pub fn new(seed: i64) -> PyRandom {
        let n = seed.unsigned_abs();
        let key: Vec<u32> = if n >> 32 == 0 { vec![n as u32] } else { vec![n as u32, (n >> 32) as u32] };
        PyRandom::from_key(&key)
    }

    /// `random.seed(n)` for an integer of any size, given the 32-bit words of |n| from the
    /// least significant (CPython's key: `[0]` for 0, no high zero words).
    pub fn from_key(key: &[u32]) -> PyRandom {
        let mut r = PyRandom { mt: [0; N], index: N };
        r.init_by_array(if key.is_empty() { &[0] } else { key });
        r
    }

    fn init_genrand(&mut self, s: u32) {
        self.mt[0] = s;
        for i in 1..N {
            let prev = self.mt[i - 1];
            self.mt[i] = 1_812_433_253u32.wrapping_mul(prev ^ (prev >> 30)).wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.mt[i - 1];
            self.mt[i] = (self.mt[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941)).wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.mt[0] = self.mt[N - 1];
                i = 1;
            }
        }
        self.mt[0] = 0x8000_0000;
    }

    /// The next 32-bit output.
    pub fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            for k in 0..N {
                let y = (self.mt[k] & 0x8000_0000) | (self.mt[(k + 1) % N] & 0x7fff_ffff);
                let mag = if y & 1 == 1 { 0x9908_b0df } else { 0 };
                self.mt[k] = self.mt[(k + M) % N] ^ (y >> 1) ^ mag;
            }
            self.index = 0;
        }
        let mut y = self.mt[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: a float in [0, 1) with 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values printed by CPython 3.11: `random.seed(s); [random.random() for _ in range(3)]`.
    #[test]
    fn draws_what_cpython_draws() {
        for (seed, want) in [
            (0, [0.8444218515250481, 0.7579544029403025, 0.420571580830845]),
            (1, [0.13436424411240122, 0.8474337369372327, 0.763774618976614]),
            (2, [0.9560342718892494, 0.9478274870593494, 0.05655136772680869]),
            (42, [0.6394267984578837, 0.025010755222666936, 0.27502931836911926]),
            (123_456_789, [0.6414006161858726, 0.5421892680969495, 0.9931750662832721]),
            ((1 << 32) + 5, [0.15727238718789782, 0.2824866316461999, 0.6044540318498407]),
            (-42, [0.6394267984578837, 0.025010755222666936, 0.27502931836911926]),
        ] {
            let mut r = PyRandom::new(seed);
            let got = [r.random(), r.random(), r.random()];
            assert_eq!(got, want, "seed {seed}");
        }
        // Seeds wider than 64 bits (`random.seed(2**64 + 7)`, `random.seed(-(2**100) - 3)`).
        for (key, want) in [
            (&[7u32, 0, 1][..], [0.9625990769630326, 0.3272511366623422]),
            (&[3, 0, 0, 16][..], [0.3567616365770526, 0.9714727250299201]),
        ] {
            let mut r = PyRandom::from_key(key);
            assert_eq!([r.random(), r.random()], want, "key {key:?}");
        }
        // Past the first 624 words (a second twist): the 700th draw of seed 10.
        let mut r = PyRandom::new(10);
        let last = (0..700).map(|_| r.random()).last();
        assert_eq!(last, Some(0.995092256963542));
    }
}
