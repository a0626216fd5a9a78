//! What the `link` fuzz target asserts about any string (bytes read as UTF-8, invalid
//! sequences replaced): the link decoder never panics, and a link that decodes without a
//! problem is a fixed point after one round: encoding the decoded state and decoding it again
//! gives the same state, with no problem.
//!
//! Shared by the fuzz target and `crates/share/tests/fuzz_regressions.rs` (included there by
//! path): it uses nothing but `threadlab_share` and `std`.

use threadlab_share::link;

/// `link` target.
pub fn check_link(data: &[u8]) {
    let fragment = String::from_utf8_lossy(data);
    let first = link::decode(&fragment);
    if first.problem.is_some() {
        return;
    }
    let again = link::decode(&link::encode(&first.state));
    assert_eq!(again.problem, None, "a re-encoded link has a problem: {fragment:?}");
    assert_eq!(again.state, first.state, "the re-encoded link differs: {fragment:?}");
}
