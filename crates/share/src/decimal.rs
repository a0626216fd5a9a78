//! Decimal numbers as the app and the exports write and read them: times, zoom windows,
//! coordinates and percentages. Written out here instead of using `f64`'s `Display` and
//! `FromStr`, whose shortest-round-trip and exact-decimal machinery costs the web app about
//! 17 KB of wasm, for numbers that never need more than a few decimals.
//!
//! - [`Fixed`]`(x, n)` writes `x` with exactly `n` decimals, like `format!("{x:.n$}")`.
//! - [`Short`]`(x)` writes `x` with at most 3 decimals and no trailing zeros (`12`, `12.5`,
//!   `0.125`): a tick position to a thousandth of a tick.
//! - [`parse`] reads `123`, `12.5`, `.5`, `-3`: plain decimals, no exponent, no `inf`/`NaN`.

use std::fmt;

/// `x` with exactly `n` (at most 9) decimals: `x × 10^n` rounded half to even. Like Rust's
/// `{:.n}` except for a value within a rounding error of a tie (`12.345` is stored as
/// 12.3450000000000006…, which Rust writes `12.35` and this `12.34`), and a negative number
/// that rounds to zero has no minus sign.
#[derive(Debug, Clone, Copy)]
pub struct Fixed(pub f64, pub u32);

/// `x` with at most 3 decimals, trailing zeros removed; a whole number has no point.
#[derive(Debug, Clone, Copy)]
pub struct Short(pub f64);

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0, self.1.min(9), false)
    }
}

impl fmt::Display for Short {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0, 3, true)
    }
}

fn write_decimal(f: &mut fmt::Formatter<'_>, x: f64, decimals: u32, trim: bool) -> fmt::Result {
    if x.is_nan() {
        return f.write_str("NaN");
    }
    if x.is_infinite() {
        return f.write_str(if x > 0.0 { "inf" } else { "-inf" });
    }
    let scale = 10u64.pow(decimals);
    let scaled = (x.abs() * scale as f64).round_ties_even();
    // Beyond 2^63 the fraction is meaningless anyway: write the whole part only.
    if scaled >= 9.2e18 {
        let sign = if x < 0.0 { "-" } else { "" };
        return write!(f, "{sign}{}", x.abs().trunc() as u64);
    }
    let scaled = scaled as u64;
    let (whole, mut frac) = (scaled / scale, scaled % scale);
    if x < 0.0 && scaled != 0 {
        f.write_str("-")?;
    }
    write!(f, "{whole}")?;
    let mut digits = decimals;
    if trim {
        while digits > 0 && frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
    }
    if digits > 0 {
        write!(f, ".{frac:0width$}", width = digits as usize)?;
    }
    Ok(())
}

/// A plain decimal number (`123`, `12.5`, `.5`, `-3`, surrounding spaces allowed); `None` for
/// anything else, or a number of more than 300 digits. Up to 19 significant digits are exact
/// to the last bit for numbers of up to 22 decimals; further digits are dropped.
pub fn parse(s: &str) -> Option<f64> {
    let s = s.trim();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = || whole.bytes().chain(frac.bytes());
    if whole.len() + frac.len() == 0 || s.len() > 300 || !digits().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // The significant digits as an integer, and the power of ten that scales them.
    let mut mantissa: u64 = 0;
    let mut exponent: i32 = -(frac.len() as i32);
    let mut significant = 0;
    for b in digits() {
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            if mantissa > 0 {
                significant += 1;
            }
        } else {
            exponent += 1;
        }
    }
    let m = mantissa as f64;
    let value = match exponent {
        0 => m,
        e if (-22..0).contains(&e) => m / POWERS[(-e) as usize],
        e if (1..=22).contains(&e) => m * POWERS[e as usize],
        e if e < 0 => m / POWERS[22] / 10f64.powi(-e - 22),
        e => m * 10f64.powi(e),
    };
    Some(if negative { -value } else { value })
}

/// 10^0 ..= 10^22, every one exact in an `f64`.
const POWERS: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_matches_rusts_own_formatting_away_from_ties() {
        for x in [0.0, 1.0, 2.5, 0.125, 99.999, 0.004, 1234567.891, -3.25, 84.375, 66.66666666666667, 7.0 / 9.0] {
            for n in 0..5 {
                assert_eq!(Fixed(x, n).to_string(), format!("{x:.*}", n as usize), "{x} {n}");
            }
        }
        // A near-tie: off by one in the last digit, never by more.
        assert_eq!(Fixed(12.345, 2).to_string(), "12.34");
        for i in 0..10_000u64 {
            let x = i as f64 * 0.0137;
            let got = parse(&Fixed(x, 2).to_string()).unwrap();
            assert!((got - x).abs() <= 0.005 + 1e-9, "{x} -> {got}");
        }
    }

    #[test]
    fn short_trims_and_rounds_to_a_thousandth() {
        assert_eq!(Short(12.0).to_string(), "12");
        assert_eq!(Short(12.5).to_string(), "12.5");
        assert_eq!(Short(0.125).to_string(), "0.125");
        assert_eq!(Short(1.0 / 3.0).to_string(), "0.333");
        assert_eq!(Short(2.9999).to_string(), "3");
        assert_eq!(Short(-0.0001).to_string(), "0");
        assert_eq!(Short(10_000_000.0).to_string(), "10000000");
        assert_eq!(Short(f64::INFINITY).to_string(), "inf");
    }

    #[test]
    fn parse_reads_plain_decimals_exactly() {
        for s in ["0", "1", "12.5", "0.25", "16", "123456.789", "9999999", "0.1", "3.14159", "1000000.001"] {
            assert_eq!(parse(s), Some(s.parse::<f64>().unwrap()), "{s}");
        }
        assert_eq!(parse(" .5 "), Some(0.5));
        assert_eq!(parse("-3"), Some(-3.0));
        assert_eq!(parse("5."), Some(5.0));
        for bad in ["", ".", "-", "1e3", "inf", "NaN", "1.2.3", "0x10", "1 2", "--1", "١٢"] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn parse_reads_back_what_short_and_fixed_write() {
        for i in 0..20_000u64 {
            let x = i as f64 * 0.731;
            let s = Short(x).to_string();
            assert_eq!(parse(&s), Some(s.parse::<f64>().unwrap()), "{s}");
            let s = Fixed(x, 2).to_string();
            assert_eq!(parse(&s), Some(s.parse::<f64>().unwrap()), "{s}");
        }
    }

    #[test]
    fn long_numbers_do_not_overflow() {
        let long = "1".repeat(40);
        let v = parse(&long).unwrap();
        assert!((v / 1.111e39 - 1.0).abs() < 1e-3);
        assert_eq!(parse(&"9".repeat(301)), None);
        assert_eq!(parse(&format!("0.{}1", "0".repeat(30))).map(|v| v > 0.0 && v < 1e-29), Some(true));
    }
}
