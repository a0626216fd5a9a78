//! Prints the v1 fragment of a scenario file with view fields (used once to make the
//! checked-in old links of `tests/links/`): `make_link FILE [key=value…]`; experiments:
//! `sweep=NAME=VALUES`, `compare=NAME=VALUES`, `compare-text=FILE` (repeated).
use threadlab_share::experiment::{Experiment, Spec};
fn main() {
    let mut args = std::env::args().skip(1);
    let file = args
        .next()
        .expect("usage: make_link FILE [view=… from=… to=… at=… lang=… scale=… sweep=… compare=… compare-text=FILE…]");
    let mut s = threadlab_share::link::LinkState {
        text: std::fs::read_to_string(&file).expect("readable file"),
        ..Default::default()
    };
    let (mut from, mut to) = (None, None);
    let mut texts = Vec::new();
    for a in args {
        let (k, v) = a.split_once('=').expect("key=value");
        match k {
            "view" => s.view = threadlab_share::link::LinkView::from_code(v),
            "from" => from = v.parse().ok(),
            "to" => to = v.parse().ok(),
            "at" => s.at = v.parse().ok(),
            "lang" => s.lang = Some(v.to_string()),
            "scale" => s.scale = v.parse().ok(),
            "sweep" => s.experiment = Some(Experiment::Sweep(Spec::parse(v).expect("NAME=VALUES")).into()),
            "compare" => s.experiment = Some(Experiment::Compare(Spec::parse(v).expect("NAME=VALUES")).into()),
            "compare-text" => texts.push(std::fs::read_to_string(v).expect("readable compared text")),
            _ => panic!("unknown key {k}"),
        }
    }
    if let (Some(a), Some(b)) = (from, to) {
        s.window = Some((a, b));
    }
    if !texts.is_empty() {
        s.experiment = Some(Experiment::Texts(texts).into());
    }
    println!("{}", threadlab_share::link::encode(&s));
}
