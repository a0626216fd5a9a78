//! What the `link` fuzz target asserts about any string (bytes read as UTF-8, invalid
//! sequences replaced): the link decoder never panics, and a link that decodes without a
//! problem round-trips: encoding the decoded state and decoding it again gives the same state
//! with no problem (its numbers to the thousandth of a tick a link writes them to: links
//! written before that kept more decimals, and they are still read exactly), and a second
//! round changes nothing at all.
//!
//! Shared by the fuzz target and `crates/share/tests/fuzz_regressions.rs` (included there by
//! path): it uses nothing but `threadlab_share` and `std`.

use threadlab_share::link::{self, LinkState};

/// `link` target.
pub fn check_link(data: &[u8]) {
    let fragment = String::from_utf8_lossy(data);
    let first = link::decode(&fragment);
    if first.problem.is_some() {
        return;
    }
    let again = link::decode(&link::encode(&first.state));
    assert_eq!(again.problem, None, "a re-encoded link has a problem: {fragment:?}");
    assert!(
        same_to_a_thousandth(&first.state, &again.state),
        "the re-encoded link differs: {fragment:?}\n first: {:?}\n again: {:?}",
        first.state,
        again.state
    );
    let third = link::decode(&link::encode(&again.state));
    assert_eq!(third.problem, None, "a link encoded twice has a problem: {fragment:?}");
    assert_eq!(third.state, again.state, "a link encoded twice differs: {fragment:?}");
}

/// Equal states, but for numbers that differ by at most half a thousandth (what a link
/// rounds them to).
pub fn same_to_a_thousandth(a: &LinkState, b: &LinkState) -> bool {
    let close = |x: f64, y: f64| (x - y).abs() <= 0.0005 + 1e-9 * x.abs();
    let close_opt = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => close(x, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    let window = match (a.window, b.window) {
        (Some((a0, a1)), Some((b0, b1))) => close(a0, b0) && close(a1, b1),
        (x, y) => x.is_none() && y.is_none(),
    };
    let numbers = LinkState { window: None, at: None, scale: None, ..a.clone() };
    window
        && close_opt(a.at, b.at)
        && close_opt(a.scale, b.scale)
        && numbers == LinkState { window: None, at: None, scale: None, ..b.clone() }
}
