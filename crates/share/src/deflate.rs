//! A small raw-DEFLATE encoder (RFC 1951) for links: LZ77 with hash chains and lazy
//! matching, written as one block of the fixed Huffman codes. Any inflater reads its output
//! (links are decoded with `miniz_oxide`). It exists because the web app downloads every
//! byte of code: a full encoder with dynamic Huffman tables costs ~9 KiB of gzipped wasm for
//! links ~15 % shorter, and a scenario link is a few hundred characters either way.

const WINDOW: usize = 32 * 1024;
const MIN_MATCH: usize = 3;
const MAX_MATCH: usize = 258;
const HASH_BITS: u32 = 14;
/// Candidates tried per position (more: slower, a little smaller).
const MAX_CHAIN: usize = 128;

/// Base lengths of the length codes 257..=285 and their extra bits.
const LEN_BASE: [u16; 29] =
    [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LEN_EXTRA: [u8; 29] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/// Base distances of the distance codes 0..=29 and their extra bits.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
    8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] =
    [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

/// Bits written least significant first, as DEFLATE packs them.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code, which DEFLATE stores most significant bit first.
    fn code(&mut self, code: u32, bits: u32) {
        self.put(code.reverse_bits() >> (32 - bits), bits);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// The fixed Huffman code of a literal/length symbol.
fn lit_code(sym: u32) -> (u32, u32) {
    match sym {
        0..=143 => (0x30 + sym, 8),
        144..=255 => (0x190 + sym - 144, 9),
        256..=279 => (sym - 256, 7),
        _ => (0xC0 + sym - 280, 8),
    }
}

fn put_literal(w: &mut Bits, byte: u8) {
    let (c, b) = lit_code(u32::from(byte));
    w.code(c, b);
}

fn put_match(w: &mut Bits, len: usize, dist: usize) {
    let li = LEN_BASE.iter().rposition(|&b| usize::from(b) <= len).unwrap_or(0);
    let (c, b) = lit_code(257 + li as u32);
    w.code(c, b);
    w.put((len - usize::from(LEN_BASE[li])) as u32, u32::from(LEN_EXTRA[li]));
    let di = DIST_BASE.iter().rposition(|&b| usize::from(b) <= dist).unwrap_or(0);
    w.code(di as u32, 5);
    w.put((dist - usize::from(DIST_BASE[di])) as u32, u32::from(DIST_EXTRA[di]));
}

fn hash(d: &[u8], i: usize) -> usize {
    let v = u32::from(d[i]) | (u32::from(d[i + 1]) << 8) | (u32::from(d[i + 2]) << 16);
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Hash chains over the input: the previous position with the same 3-byte hash.
struct Chains {
    head: Vec<usize>,
    prev: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Chains {
    fn insert(&mut self, d: &[u8], i: usize) {
        if i + MIN_MATCH <= d.len() {
            let h = hash(d, i);
            self.prev[i] = self.head[h];
            self.head[h] = i;
        }
    }

    /// The longest earlier match at `i` within the window: (length, distance).
    fn longest(&self, d: &[u8], i: usize) -> (usize, usize) {
        if i + MIN_MATCH > d.len() {
            return (0, 0);
        }
        let max = (d.len() - i).min(MAX_MATCH);
        let (mut best, mut dist) = (0, 0);
        let mut j = self.head[hash(d, i)];
        let mut tries = 0;
        while j != NONE && i - j <= WINDOW && tries < MAX_CHAIN {
            if j < i {
                let l = d[j..].iter().zip(&d[i..i + max]).take_while(|(a, b)| a == b).count();
                if l > best {
                    best = l;
                    dist = i - j;
                    if l == max {
                        break;
                    }
                }
            }
            j = self.prev[j];
            tries += 1;
        }
        if best >= MIN_MATCH {
            (best, dist)
        } else {
            (0, 0)
        }
    }
}

/// Raw DEFLATE of `data` (one final block, fixed Huffman codes).
pub fn compress(data: &[u8]) -> Vec<u8> {
    let mut w = Bits { out: Vec::with_capacity(data.len() / 2 + 8), acc: 0, n: 0 };
    w.put(1, 1); // BFINAL
    w.put(1, 2); // BTYPE = 01, fixed Huffman codes
    let mut c = Chains { head: vec![NONE; 1 << HASH_BITS], prev: vec![NONE; data.len()] };
    let mut i = 0;
    while i < data.len() {
        let (len, dist) = c.longest(data, i);
        // Lazy matching: a longer match one byte later wins over this one.
        let later = if (MIN_MATCH..32).contains(&len) {
            c.insert(data, i);
            let l = c.longest(data, i + 1);
            Some(l)
        } else {
            None
        };
        match later {
            Some((l2, d2)) if l2 > len => {
                put_literal(&mut w, data[i]);
                put_match(&mut w, l2, d2);
                for k in i + 1..i + 1 + l2 {
                    c.insert(data, k);
                }
                i += 1 + l2;
            }
            _ if len >= MIN_MATCH => {
                put_match(&mut w, len, dist);
                let from = if later.is_some() { i + 1 } else { i };
                for k in from..i + len {
                    c.insert(data, k);
                }
                i += len;
            }
            _ => {
                put_literal(&mut w, data[i]);
                c.insert(data, i);
                i += 1;
            }
        }
    }
    let (c256, b256) = lit_code(256);
    w.code(c256, b256);
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflate(d: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(d).expect("valid deflate")
    }

    #[test]
    fn round_trips_through_a_standard_inflater() {
        let cases: Vec<Vec<u8>> = vec![
            vec![],
            b"a".to_vec(),
            b"abc".to_vec(),
            b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".to_vec(),
            (0..=255u8).cycle().take(70_000).collect(),
            "线程 thread 协程 coroutine ".repeat(500).into_bytes(),
        ];
        for c in cases {
            assert_eq!(inflate(&compress(&c)), c);
        }
        let (mut ours, mut full, mut plain) = (0, 0, 0);
        for p in threadlab_sim::presets::all() {
            let packed = compress(p.text.as_bytes());
            assert_eq!(inflate(&packed), p.text.as_bytes(), "{}", p.name);
            ours += packed.len();
            full += miniz_oxide::deflate::compress_to_vec(p.text.as_bytes(), 9).len();
            plain += p.text.len();
        }
        // Compresses, and not much worse than a full encoder with dynamic Huffman tables.
        assert!(ours * 10 < plain * 8, "{ours} of {plain}");
        assert!(ours * 100 < full * 125, "{ours} against {full}");
        println!("presets: {plain} bytes, {ours} with this encoder, {full} with miniz level 9");
    }
}
