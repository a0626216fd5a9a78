//! Colours and patterns of the charts, for the app's canvas and the SVG export alike: a
//! colour-blind-safe palette (Okabe–Ito), and for every blocking cause a pattern as well, so
//! no state is told by colour alone.

use threadlab_sim::trace::Cause;

pub use crate::chart::{key_of, legend_keys, LegendKey, LegendSet};

/// A fill pattern drawn over a bar's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    Solid,
    /// Diagonal stripes `/`.
    Stripes,
    /// Diagonal stripes `\`.
    BackStripes,
    /// Horizontal lines.
    Lines,
    /// Dots.
    Dots,
    /// Crossed lines.
    Cross,
    /// Vertical lines.
    Bars,
    /// Checkerboard.
    Checks,
    /// Outline only (not started).
    Outline,
    /// Horizontal and vertical lines (blocked with no cause recorded).
    Grid,
    /// Dense diagonal hatching both ways, faded: a wait that never ends.
    Forever,
    /// Not a bar: a glyph at a point (end marks).
    Glyph,
}

/// Colour and pattern of a legend entry.
pub fn style(key: LegendKey) -> (&'static str, Pattern) {
    match key {
        LegendKey::Running => ("#009E73", Pattern::Solid),
        LegendKey::Runnable => ("#F0E442", Pattern::Solid),
        LegendKey::New => ("#BBBBBB", Pattern::Outline),
        LegendKey::Switch => ("#555555", Pattern::Stripes),
        LegendKey::Blocked(c) => match c {
            Cause::Io => ("#56B4E9", Pattern::Dots),
            Cause::Sleep => ("#999999", Pattern::Lines),
            Cause::Lock => ("#D55E00", Pattern::Stripes),
            Cause::Wait => ("#CC79A7", Pattern::BackStripes),
            Cause::Join => ("#0072B2", Pattern::Bars),
            Cause::Gil => ("#E69F00", Pattern::Cross),
            Cause::Acquire => ("#882255", Pattern::Checks),
        },
        LegendKey::BlockedOther => ("#444444", Pattern::Grid),
        LegendKey::Forever => ("#F2F2F2", Pattern::Forever),
        LegendKey::End(f) => match f {
            threadlab_sim::Fate::Finished => ("#222222", Pattern::Glyph),
            threadlab_sim::Fate::Crashed => ("#C00000", Pattern::Glyph),
            threadlab_sim::Fate::Killed => ("#6A3D9A", Pattern::Glyph),
            _ => ("#B8860B", Pattern::Glyph),
        },
    }
}

/// The identity palette: a thread's colour on the core and lock lanes (cycled). Paul Tol's
/// colour-blind-safe "muted" and "dark" hues, chosen at least ΔE 20 (CIE76) from every state
/// colour, so a core lane never reads as a state (tested), and at least ΔE 20 from each other;
/// the first threads get the hues furthest from the state colours (the green comes late).
pub const IDENTITY_COLOURS: [&str; 10] =
    ["#332288", "#EE8866", "#AA4499", "#DDCC77", "#004488", "#CC6677", "#999933", "#117733", "#663333", "#EE3377"];

/// The identity colour of thread `t`.
pub fn identity_colour(t: u32) -> &'static str {
    IDENTITY_COLOURS[t as usize % IDENTITY_COLOURS.len()]
}

/// The ink for words written on a bar of colour `bg` (`#RRGGBB`): black on light colours,
/// white on dark ones.
pub fn ink_on(bg: &str) -> &'static str {
    let (r, g, b) = rgb(bg);
    // Relative luminance, roughly (sRGB weights on the encoded values).
    if 0.299 * r + 0.587 * g + 0.114 * b > 140.0 {
        "#000"
    } else {
        "#fff"
    }
}

fn rgb(hex: &str) -> (f64, f64, f64) {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    (f64::from((v >> 16) & 255), f64::from((v >> 8) & 255), f64::from(v & 255))
}

/// CIE L*a*b* of an sRGB colour (D65).
fn lab(hex: &str) -> (f64, f64, f64) {
    let (r, g, b) = rgb(hex);
    let lin = |c: f64| {
        let c = c / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(r), lin(g), lin(b));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| if t > 0.008856 { t.cbrt() } else { 7.787 * t + 16.0 / 116.0 };
    (116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z)))
}

/// The CIE76 colour difference ΔE between two sRGB colours (about 2.3 is just noticeable).
pub fn delta_e(a: &str, b: &str) -> f64 {
    let (p, q) = (lab(a), lab(b));
    ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2) + (p.2 - q.2).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_legend_entry_has_its_own_colour_and_every_cause_a_pattern() {
        let keys = legend_keys();
        let styles: Vec<_> = keys.iter().map(|&k| style(k)).collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.0, b.0, "two legend entries share a colour");
            }
        }
        for c in Cause::ALL {
            assert_ne!(style(LegendKey::Blocked(c)).1, Pattern::Solid, "{c:?} needs a pattern too");
            for d in Cause::ALL {
                if c != d {
                    assert_ne!(style(LegendKey::Blocked(c)).1, style(LegendKey::Blocked(d)).1, "{c:?} and {d:?}");
                }
            }
        }
        assert!(keys.iter().all(|k| k.is_mark() == (style(*k).1 == Pattern::Glyph)));
    }

    #[test]
    fn no_identity_colour_is_near_a_state_colour() {
        // Issue 11: a core lane (identity colours) must never read as a state.
        for id in IDENTITY_COLOURS {
            for k in legend_keys().into_iter().filter(|k| !k.is_mark()) {
                let (state, _) = style(k);
                let d = delta_e(id, state);
                assert!(d >= 20.0, "identity {id} is ΔE {d:.1} from {k:?} ({state})");
            }
        }
        for (i, a) in IDENTITY_COLOURS.iter().enumerate() {
            for b in &IDENTITY_COLOURS[i + 1..] {
                assert!(delta_e(a, b) >= 20.0, "{a} and {b} are too alike");
            }
        }
    }

    #[test]
    fn delta_e_measures_what_the_eye_sees() {
        assert_eq!(delta_e("#123456", "#123456"), 0.0);
        assert!((delta_e("#000000", "#FFFFFF") - 100.0).abs() < 0.1);
        assert!(delta_e("#0072B2", "#0077BB") < 5.0);
    }

    #[test]
    fn ink_is_readable_on_every_identity_colour() {
        assert_eq!(ink_on("#332288"), "#fff");
        assert_eq!(ink_on("#DDCC77"), "#000");
    }
}
