//! Base64 with the URL- and filename-safe alphabet of RFC 4648 §5, without padding: the
//! characters of a link fragment. Decoding stops at the first character outside the
//! alphabet and says where, so that a damaged link can still give what comes before.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes bytes as base64url without padding.
pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn value(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// The bytes of base64url text, and, when the text has a character outside the alphabet
/// (or a dangling last character), the byte offset of that character. The bytes are those
/// of the text before it.
pub fn decode(text: &str) -> (Vec<u8>, Option<usize>) {
    let bytes = text.as_bytes();
    let good = bytes.iter().position(|&c| value(c).is_none()).unwrap_or(bytes.len());
    let mut out = Vec::with_capacity(good / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in &bytes[..good] {
        acc = (acc << 6) | value(c).unwrap_or(0);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    let bad = if good < bytes.len() {
        Some(good)
    } else if good % 4 == 1 {
        // One character holds only 6 bits: no whole byte; the text was cut.
        Some(good - 1)
    } else {
        None
    };
    (out, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), coded);
            assert_eq!(decode(coded), (plain.as_bytes().to_vec(), None));
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn a_bad_character_is_located_and_what_comes_before_is_kept() {
        assert_eq!(decode("Zm9v*YmFy"), (b"foo".to_vec(), Some(4)));
        assert_eq!(decode("Zm9vY"), (b"foo".to_vec(), Some(4)));
    }
}
