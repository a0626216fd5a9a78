//! Prints the v1 fragment of a scenario file with view fields (used once to make the
//! checked-in old links of `tests/links/`): `make_link FILE [key=value…]`.
fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: make_link FILE [view=… from=… to=… at=… lang=… scale=…]");
    let mut s = threadlab_share::link::LinkState {
        text: std::fs::read_to_string(&file).expect("readable file"),
        ..Default::default()
    };
    let (mut from, mut to) = (None, None);
    for a in args {
        let (k, v) = a.split_once('=').expect("key=value");
        match k {
            "view" => s.view = threadlab_share::link::LinkView::from_code(v),
            "from" => from = v.parse().ok(),
            "to" => to = v.parse().ok(),
            "at" => s.at = v.parse().ok(),
            "lang" => s.lang = Some(v.to_string()),
            "scale" => s.scale = v.parse().ok(),
            _ => panic!("unknown key {k}"),
        }
    }
    if let (Some(a), Some(b)) = (from, to) {
        s.window = Some((a, b));
    }
    println!("{}", threadlab_share::link::encode(&s));
}
