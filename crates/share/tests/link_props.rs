//! Properties of scenario links: encode/decode round trips on random scenarios, view states
//! and experiments (sweeps, comparisons, compared texts); decoding random, cut or mutated strings never panics and stays within the caps.
//! Seeded like the core's property tests (crates/sim/tests/common/seeds.rs).

use proptest::prelude::*;
use threadlab_share::experiment::{Experiment, Spec};
use threadlab_share::link::{decode, encode, LinkExperiment, LinkState, LinkView, MAX_PAYLOAD_BYTES};
use threadlab_sim::limits::MAX_TEXT_BYTES;

#[path = "../../sim/tests/common/seeds.rs"]
mod seeds;

/// The cases of each property, shared among the seeds (crates/sim/tests/common/seeds.rs).
const CASES: u32 = 200;

fn any_state() -> impl Strategy<Value = LinkState> {
    let text = prop_oneof![
        ".{0,300}",
        proptest::collection::vec(
            "(thread|cpu|io|lock|unlock|\\{|\\}|;|\n|x[0-9]|[a-z]{1,3}|[0-9]{1,4}|#[^\n]{0,10}| )",
            0..200
        )
        .prop_map(|v| v.concat()),
        proptest::collection::vec(any::<char>(), 0..100).prop_map(|v| v.into_iter().collect::<String>()),
    ];
    let view = proptest::option::of(prop_oneof![Just(LinkView::Cores), Just(LinkView::Threads), Just(LinkView::Both)]);
    let window = proptest::option::of((0u64..1_000_000, 0u64..1_000_000, 0u32..4).prop_map(|(a, b, d)| {
        let f = |x: u64| x as f64 / 10f64.powi(d as i32);
        (f(a), f(b))
    }));
    let at = proptest::option::of((0u64..10_000_000).prop_map(|x| x as f64));
    let lang = proptest::option::of(prop_oneof![Just("en".to_string()), Just("zh".to_string())]);
    // Ticks per pixel, as links write them (to a thousandth), from 0.001 to 10,000.
    let scale = proptest::option::of((1u64..10_000_000).prop_map(|x| x as f64 / 1000.0));
    // Predict mode's question ticks, as links keep them (in order, once, at most MAX_ASKS).
    let predict = proptest::option::of(
        proptest::collection::btree_set(0u64..10_000_000, 0..=threadlab_share::link::MAX_ASKS)
            .prop_map(|s| s.into_iter().collect::<Vec<u64>>()),
    );
    (
        text,
        view,
        window,
        at,
        lang,
        scale,
        proptest::option::of(any_experiment().prop_map(LinkExperiment::from)),
        predict,
    )
        .prop_map(|(text, view, window, at, lang, scale, experiment, predict)| LinkState {
            text,
            view,
            window,
            at,
            lang,
            scale,
            experiment,
            predict,
        })
}

/// A scenario-like text, or any characters (backslashes, line feeds and carriage returns
/// included: compared texts are escaped onto one header line).
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,200}",
        proptest::collection::vec("(thread|cpu|\\{|\\}|;|\n|\r|\\\\|\\n|\\r|[a-z]{1,3}|[0-9]{1,4}| )", 0..80)
            .prop_map(|v| v.concat()),
        proptest::collection::vec(any::<char>(), 0..60).prop_map(|v| v.into_iter().collect::<String>()),
    ]
}

/// A sweep or comparison as `threadlab sweep --param` / `compare --vary` would take it, or
/// 1–3 compared texts.
fn any_experiment() -> impl Strategy<Value = Experiment> {
    let param = prop_oneof![
        Just("cores".to_string()),
        Just("quantum".to_string()),
        Just("switch".to_string()),
        Just("gil-interval".to_string()),
        Just("workers".to_string()),
        "(workers|jobs|copies):[a-z_][a-z0-9_.-]{0,6}",
    ];
    let values = prop_oneof![
        (1u64..100, 0u64..150).prop_map(|(a, n)| format!("{a}..{}", a + n)),
        (1u64..100, 0u64..2000, 1u64..40).prop_map(|(a, n, s)| format!("{a}..{}:{s}", a + n)),
        proptest::collection::btree_set(1u64..257, 1..8).prop_map(|v| v
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(",")),
    ];
    let spec = (param, values).prop_filter_map("within the limits", |(p, v)| Spec::parse(&format!("{p}={v}")).ok());
    prop_oneof![
        spec.clone().prop_map(Experiment::Sweep),
        spec.prop_filter_map("2 to 4 values", |s| Spec::parse_compare(&s.to_string()).ok())
            .prop_map(Experiment::Compare),
        proptest::collection::vec(any_text(), 1..=3).prop_map(Experiment::Texts),
    ]
}

#[test]
fn encode_then_decode_gives_the_state_back() {
    seeds::check("encode_then_decode_gives_the_state_back", CASES, any_state(), |s| {
        let f = encode(&s);
        prop_assert!(f.starts_with("v1:") && f.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_:".contains(&b)));
        let d = decode(&f);
        prop_assert_eq!(d.problem, None);
        // The experiment comes back checked as it went.
        let typed = |s: &LinkState| s.experiment.as_ref().map(|e| e.experiment());
        prop_assert_eq!(typed(&d.state), typed(&s));
        prop_assert!(s.experiment.as_ref().is_none_or(|e| e.experiment().is_some()));
        prop_assert_eq!(d.state, s);
        Ok(())
    });
}

#[test]
fn decoding_anything_never_panics_and_stays_bounded() {
    let junk = prop_oneof![".{0,400}", "v1:[A-Za-z0-9_-]{0,400}", "v1:[ -~]{0,400}", "v[0-9]{1,3}:.{0,50}",];
    seeds::check("decoding_anything_never_panics_and_stays_bounded", CASES, junk, |f| {
        let d = decode(&f);
        prop_assert!(d.state.text.len() <= MAX_TEXT_BYTES);
        Ok(())
    });
}

#[test]
fn cut_or_mutated_links_never_panic_and_keep_a_prefix_when_cut() {
    let case = (any_state(), any::<prop::sample::Index>(), any::<prop::sample::Index>(), any::<u8>());
    seeds::check("cut_or_mutated_links_never_panic_and_keep_a_prefix_when_cut", CASES, case, |(s, cut, at, byte)| {
        let f = encode(&s);
        // Cut anywhere: what comes back is a prefix of the text (or nothing).
        let c = &f[..cut.index(f.len() + 1)];
        let d = decode(c);
        prop_assert!(s.text.starts_with(&d.state.text), "{:?} is not a prefix", d.state.text);
        // An experiment comes back whole or not at all (a cut header keeps nothing).
        prop_assert!(d.state.experiment.is_none() || d.state.experiment == s.experiment);
        // One byte changed anywhere: no panic, bounded.
        let mut m = f.clone().into_bytes();
        let i = at.index(m.len());
        m[i] = byte.max(1);
        let m = String::from_utf8_lossy(&m).into_owned();
        let d = decode(&m);
        prop_assert!(d.state.text.len() <= MAX_PAYLOAD_BYTES);
        Ok(())
    });
}

#[test]
fn the_deflate_encoder_round_trips_any_bytes() {
    let bytes = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..3000),
        proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'b'), Just(b' ')], 0..5000),
    ];
    seeds::check("the_deflate_encoder_round_trips_any_bytes", CASES, bytes, |b| {
        let packed = threadlab_share::deflate::compress(&b);
        let back =
            miniz_oxide::inflate::decompress_to_vec(&packed).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(back, b);
        Ok(())
    });
}
