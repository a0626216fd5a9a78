//! Links made by earlier versions (checked in under `tests/links/vN/`) still open to exactly
//! the scenario and view they were made with. See `tests/links/README.md`.

use std::path::Path;
use threadlab_share::experiment::{Experiment, Spec};
use threadlab_share::link::{decode, LinkExperiment, LinkView};

#[test]
fn every_checked_in_link_opens_as_it_was_made() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/links");
    let mut checked = 0;
    for version in std::fs::read_dir(&root).expect("tests/links exists") {
        let dir = version.expect("readable").path();
        if !dir.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let link = entry.expect("readable").path();
            // `NAME.link`; a compared text is `NAME.N.tl` (named in `NAME.view`).
            if link.extension().and_then(|e| e.to_str()) != Some("link") {
                continue;
            }
            let fragment = std::fs::read_to_string(&link).expect("readable link");
            let text = std::fs::read_to_string(link.with_extension("tl")).expect("a .tl beside each .link");
            let view = std::fs::read_to_string(link.with_extension("view")).expect("a .view beside each .link");
            let d = decode(fragment.trim());
            assert_eq!(d.problem, None, "{}", link.display());
            assert_eq!(d.state.text, text, "{}", link.display());
            let (mut from, mut to) = (None, None);
            let mut texts = Vec::new();
            let mut experiment = None;
            let mut want = threadlab_share::link::LinkState { text, ..Default::default() };
            for line in view.lines().filter(|l| !l.is_empty()) {
                let (k, v) = line.split_once('=').expect("key=value");
                match k {
                    "view" => want.view = LinkView::from_code(v),
                    "from" => from = v.parse().ok(),
                    "to" => to = v.parse().ok(),
                    "at" => want.at = v.parse().ok(),
                    "lang" => want.lang = Some(v.to_string()),
                    "scale" => want.scale = v.parse().ok(),
                    "sweep" => experiment = Some(Experiment::Sweep(Spec::parse(v).expect("a sweep"))),
                    "compare" => experiment = Some(Experiment::Compare(Spec::parse(v).expect("a comparison"))),
                    // The file beside the link holding a further compared text.
                    "compare-text" => texts.push(std::fs::read_to_string(dir.join(v)).expect("a compared text")),
                    _ => panic!("{}: unknown key {k}", link.display()),
                }
            }
            if let (Some(a), Some(b)) = (from, to) {
                want.window = Some((a, b));
            }
            if !texts.is_empty() {
                experiment = Some(Experiment::Texts(texts));
            }
            want.experiment = experiment.clone().map(LinkExperiment::from);
            assert_eq!(d.state.experiment.as_ref().and_then(|e| e.experiment()), experiment, "{}", link.display());
            assert_eq!(d.state, want, "{}", link.display());
            checked += 1;
        }
    }
    assert!(checked >= 3, "expected the checked-in links, found {checked}");
}

#[test]
fn every_preset_link_is_short_enough_to_share() {
    // Chat tools cut messages at about 2,000 characters; a link is base + "#" + fragment.
    let base = "https://example.org/threadlab/";
    for p in threadlab_sim::presets::all() {
        let s = threadlab_share::link::LinkState {
            text: p.text.to_string(),
            view: Some(LinkView::Both),
            window: Some((0.0, 1000.0)),
            at: Some(12.0),
            lang: Some("zh".into()),
            scale: Some(0.125),
            experiment: None,
            predict: None,
        };
        let url = threadlab_share::link::url(base, &s);
        assert!(url.len() < 2000, "preset {}: a {}-character link", p.name, url.len());
    }
}
