//! What both OSTEP simulators need of Python's own behaviour: `repr()` of a string (in
//! optparse's `invalid integer value: '…'` and `ValueError: … '…'`), and reading a number as
//! `float()` does (Unicode's digits and spaces included, as CPython 3.11 reads them).

use std::fmt::Write as _;

/// `repr(s)` of a Python string: quotes and escapes (printable characters approximated
/// for non-ASCII ones).
pub(crate) fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !py_printable(c) => {
                let n = u32::from(c);
                let _ = if n < 0x100 {
                    write!(out, "\\x{n:02x}")
                } else if n < 0x10000 {
                    write!(out, "\\u{n:04x}")
                } else {
                    write!(out, "\\U{n:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

fn py_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
            | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}'
            | '\u{e000}'..='\u{f8ff}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{f0000}'..))
}

/// The whitespace around a number (once [`ascii_number`] made Unicode's spaces `' '`).
pub(crate) fn is_py_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

/// The first code point of each run of ten decimal digits outside ASCII (`unicodedata.decimal`,
/// Unicode 14.0 as in CPython 3.11).
const DIGIT_ZEROS: [u32; 65] = [
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20,
    0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
    0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0,
    0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`, what `int()` and `float()` read:
/// Unicode's spaces become `' '`, its decimal digits ASCII ones, anything else ends the text
/// with `'?'`.
pub(crate) fn ascii_number(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let n = u32::from(c);
        if n < 127 {
            out.push(c);
        } else if c.is_whitespace() {
            out.push(' ');
        } else if let Some(z) = DIGIT_ZEROS.iter().find(|&&z| (z..z + 10).contains(&n)) {
            out.push(char::from(b'0' + (n - z) as u8));
        } else {
            out.push('?');
            break;
        }
    }
    out
}

/// `float(s)`: Python's syntax (underscores between digits, `inf`, `nan`), read by Rust.
pub(crate) fn py_float(s: &str) -> Option<f64> {
    let s = ascii_number(s);
    let t = s.trim_matches(is_py_space);
    let b = t.as_bytes();
    let mut clean = String::with_capacity(t.len());
    for (k, c) in t.char_indices() {
        if c == '_' {
            let before = k > 0 && b[k - 1].is_ascii_digit();
            let after = b.get(k + 1).is_some_and(u8::is_ascii_digit);
            if !(before && after) {
                return None;
            }
        } else {
            clean.push(c);
        }
    }
    clean.parse::<f64>().ok()
}
