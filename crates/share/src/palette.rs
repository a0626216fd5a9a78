//! Colours and patterns of the charts, for the app's canvas and the SVG export alike: a
//! colour-blind-safe palette (Okabe–Ito), and for every blocking cause a pattern as well, so
//! no state is told by colour alone.

use threadlab_sim::trace::{Cause, Segment, State};

/// A legend entry (a state, or a blocking cause): what has a colour and a pattern, and what
/// the app's legend can hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LegendKey {
    Running,
    Runnable,
    New,
    Switch,
    Blocked(Cause),
}

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
    }
}

/// The legend entry of a thread segment (None for Dead, which is not drawn).
pub fn key_of(s: &Segment) -> Option<LegendKey> {
    match s.state {
        State::Running => Some(LegendKey::Running),
        State::Runnable => Some(LegendKey::Runnable),
        State::New => Some(LegendKey::New),
        State::Blocked => Some(LegendKey::Blocked(s.cause.unwrap_or(Cause::Io))),
        State::Dead => None,
    }
}

/// Every legend entry, in the order the legend shows them.
pub fn legend_keys() -> Vec<LegendKey> {
    let mut v = vec![LegendKey::Running, LegendKey::Runnable, LegendKey::New, LegendKey::Switch];
    v.extend(Cause::ALL.iter().map(|&c| LegendKey::Blocked(c)));
    v
}

/// Colours for threads on the core lanes (cycled), distinguishable in light and dark themes.
pub const THREAD_COLOURS: [&str; 8] =
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_blocking_cause_has_its_own_colour_and_a_pattern() {
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
    }
}
