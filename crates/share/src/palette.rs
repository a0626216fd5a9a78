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

impl LegendKey {
    /// The entry's place in [`legend_keys`].
    pub fn index(self) -> u32 {
        match self {
            LegendKey::Running => 0,
            LegendKey::Runnable => 1,
            LegendKey::New => 2,
            LegendKey::Switch => 3,
            LegendKey::Blocked(c) => 4 + c as u32,
        }
    }
}

/// A set of legend entries (the ones the app hides): one bit per entry of [`legend_keys`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LegendSet(u32);

impl LegendSet {
    pub fn contains(self, k: LegendKey) -> bool {
        self.0 & (1 << k.index()) != 0
    }
    pub fn insert(&mut self, k: LegendKey) {
        self.0 |= 1 << k.index();
    }
    /// Takes `k` out; whether it was in.
    pub fn remove(&mut self, k: LegendKey) -> bool {
        let was = self.contains(k);
        self.0 &= !(1 << k.index());
        was
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl FromIterator<LegendKey> for LegendSet {
    fn from_iter<I: IntoIterator<Item = LegendKey>>(keys: I) -> Self {
        let mut set = LegendSet::default();
        for k in keys {
            set.insert(k);
        }
        set
    }
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

    #[test]
    fn a_legend_set_holds_each_entry_apart() {
        let keys = legend_keys();
        assert!(keys.len() <= 32, "one bit per entry");
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(k.index() as usize, i);
            let mut set = LegendSet::default();
            set.insert(k);
            assert!(keys.iter().all(|&o| set.contains(o) == (o == k)), "{k:?}");
            assert!(set.remove(k) && !set.remove(k) && set.is_empty());
        }
        let all: LegendSet = keys.iter().copied().collect();
        assert!(keys.iter().all(|&k| all.contains(k)));
    }
}
