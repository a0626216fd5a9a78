//! Every input the `link` fuzz target ever failed on (`fuzz/regressions/link/`), fed through
//! the very check of that target (the file `fuzz/src/link_checks.rs`, included here), so
//! that the normal test suite keeps it fixed without the fuzzer. docs/RELIABILITY.md lists
//! the findings.

#[path = "../../../fuzz/src/link_checks.rs"]
mod link_checks;

#[path = "../../../fuzz/src/regressions.rs"]
mod regressions;

#[test]
fn link_regressions_decode_and_round_trip() {
    let failed: Vec<String> = regressions::inputs("link")
        .iter()
        .filter(|(_, data)| std::panic::catch_unwind(|| link_checks::check_link(data)).is_err())
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(failed.is_empty(), "fuzz regressions of link fail: {failed:#?}");
}

#[test]
fn the_check_can_fail() {
    // A link whose text is cut is not checked further (it has a problem); a good one passes.
    let good = threadlab_share::link::encode(&threadlab_share::link::LinkState {
        text: "cores 2\nthread a { cpu 3 }\n".into(),
        ..Default::default()
    });
    link_checks::check_link(good.as_bytes());
    link_checks::check_link(b"v1:!!");
    // Numbers are compared to the thousandth a link writes them to, and no closer.
    let at = |x| threadlab_share::link::LinkState { at: Some(x), ..Default::default() };
    assert!(link_checks::same_to_a_thousandth(&at(0.1234), &at(0.123)));
    assert!(!link_checks::same_to_a_thousandth(&at(0.1234), &at(0.122)));
    assert!(!link_checks::same_to_a_thousandth(&at(1.0), &Default::default()));
}
