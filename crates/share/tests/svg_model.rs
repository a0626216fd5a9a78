//! The SVG export is drawn from the chart model: for every preset, each lane's bars are
//! exactly `chart::bin` of the model's items (the same keys in the same one-pixel columns as
//! the app's canvas), thread lanes come in `thread_rows` order, and every forever tail, end
//! mark and legend word is the model's.

use threadlab_share::chart::{self, bin, core_items, thread_items, Columns, CoreKey, Item, LegendKey, LegendSet, Row};
use threadlab_share::locks::lock_lanes;
use threadlab_share::svg_export::{core_code, key_code, legend_entries, outcome_sentence, to_svg, SvgOptions};

fn attr(s: &str, name: &str) -> Option<String> {
    let k = format!(" {name}=\"");
    let i = s.find(&k)? + k.len();
    Some(s[i..i + s[i..].find('"')?].to_string())
}

/// The bars (`data-k` rects) of lane `lane`, as (first column, end column, key).
fn lane_bars(svg: &str, x0: f64, lane: &str) -> Vec<(usize, usize, String)> {
    let start = format!("<g data-lane=\"{lane}\">");
    let Some(a) = svg.find(&start) else { return Vec::new() };
    let body = &svg[a..a + svg[a..].find("</g>").expect("lane closed")];
    body.split("<rect ")
        .skip(1)
        .filter_map(|r| {
            let r = format!(" {r}");
            let k = attr(&r, "data-k")?;
            let x: f64 = attr(&r, "x")?.parse().ok()?;
            let w: f64 = attr(&r, "width")?.parse().ok()?;
            Some(((x - x0).round() as usize, (x + w - x0).round() as usize, k))
        })
        .collect()
}

#[test]
fn every_presets_svg_is_the_models_bins() {
    let (mut compared, mut with_tails, mut with_locks) = (0, 0, 0);
    for p in threadlab_sim::presets::all() {
        let r = threadlab_sim::run(p.text).expect("a preset runs");
        let svg = to_svg(&r, &SvgOptions { width: 900, ..SvgOptions::default() });
        let x0: f64 = attr(&svg, "data-plot-x").and_then(|v| v.parse().ok()).expect("plot x");
        let count: usize = attr(&svg, "data-columns").and_then(|v| v.parse().ok()).expect("columns");
        let cols = Columns::fit(0.0, chart::extent(&r) as f64, count);
        assert_eq!(
            Some(x0 + count as f64 + 24.0),
            attr(&svg, "width").and_then(|v| v.parse::<f64>().ok()),
            "{}",
            p.name
        );

        for (i, lane) in r.core_lanes().iter().enumerate() {
            let want: Vec<_> = bin(core_items(lane, LegendSet::default()), &cols, CoreKey::rank)
                .into_iter()
                .map(|b| (b.from, b.to, core_code(b.key)))
                .collect();
            assert_eq!(lane_bars(&svg, x0, &format!("c{i}")), want, "{}: core {i}", p.name);
        }

        let lanes = r.thread_lanes();
        let tails = chart::forever_tails(&r);
        let mut order = Vec::new();
        for row in chart::thread_rows(&r) {
            let Row::Thread { id, .. } = row else { continue };
            order.push(format!("t{id}"));
            let want: Vec<_> =
                bin(thread_items(&r, id, &lanes[id as usize], LegendSet::default()), &cols, LegendKey::rank)
                    .into_iter()
                    .map(|b| (b.from, b.to, key_code(b.key).to_string()))
                    .collect();
            let got = lane_bars(&svg, x0, &format!("t{id}"));
            compared += want.len();
            let (forever, bars): (Vec<_>, Vec<_>) = got.into_iter().partition(|b| b.2 == "forever");
            assert_eq!(bars, want, "{}: thread {}", p.name, r.thread_name(id));
            let tail = tails.iter().find(|t| t.thread == id);
            assert_eq!(forever.len(), usize::from(tail.is_some()), "{}: {}", p.name, r.thread_name(id));
            if let (Some(t), Some(f)) = (tail, forever.first()) {
                assert_eq!((f.0, f.1), (cols.at(t.from as f64).round() as usize, count), "{}", p.name);
            }
        }
        // Thread lanes in row order (grouped by process).
        let drawn: Vec<String> = svg
            .split("<g data-lane=\"")
            .skip(1)
            .filter(|s| s.starts_with('t'))
            .map(|s| s[..s.find('"').unwrap()].to_string())
            .collect();
        assert_eq!(drawn, order, "{}", p.name);

        for l in lock_lanes(&r) {
            let item = |(i, s): (usize, &threadlab_share::locks::Span)| Item {
                start: s.start,
                end: s.end,
                key: Some(s.who),
                index: i,
            };
            let mut want: Vec<_> = bin(l.holds.iter().enumerate().map(item), &cols, |_| 0)
                .into_iter()
                .map(|b| (b.from, b.to, format!("t{}", b.key)))
                .collect();
            let queue = bin(l.queue.iter().enumerate().map(item), &cols, |_| 0);
            want.extend(queue.into_iter().map(|b| (b.from, b.to, format!("q{}", b.key))));
            assert_eq!(
                lane_bars(&svg, x0, &format!("l{}", l.object)),
                want,
                "{}: lock {}",
                p.name,
                r.object_name(l.object)
            );
        }
        assert_eq!(svg.contains(">Locks</text>"), !lock_lanes(&r).is_empty(), "{}", p.name);
        with_locks += usize::from(!lock_lanes(&r).is_empty());
        with_tails += usize::from(!tails.is_empty());

        // End marks, one per thread with a fate drawn.
        let marks = chart::end_marks(&r);
        let drawn_marks = svg.matches("<text data-k=\"end-").count();
        assert_eq!(drawn_marks, marks.len(), "{}", p.name);
        // The legend: the app's words of the entries shown.
        for k in legend_entries(&r) {
            assert!(svg.contains(&format!("data-legend=\"{}\">{}</text>", key_code(k), k.word())), "{}: {k:?}", p.name);
        }
        assert!(svg.contains(&format!("<desc>{}</desc>", outcome_sentence(&r).replace('&', "&amp;"))), "{}", p.name);
    }
    // The presets draw something of each kind checked above.
    assert!(
        compared > 200 && with_tails >= 1 && with_locks >= 3,
        "{compared} bars, {with_tails} with tails, {with_locks} with locks"
    );
}

#[test]
fn a_zoomed_window_bins_only_what_it_shows() {
    let r = threadlab_sim::run(
        "cores 2\nthread a { repeat 20 { cpu 3; io 2 } }\nthread b { repeat 30 { cpu 1; sleep 1 } }\n",
    )
    .expect("runs");
    let svg = to_svg(&r, &SvgOptions { width: 600, window: Some((10.0, 40.0)), ..SvgOptions::default() });
    let x0: f64 = attr(&svg, "data-plot-x").and_then(|v| v.parse().ok()).unwrap();
    let count: usize = attr(&svg, "data-columns").and_then(|v| v.parse().ok()).unwrap();
    let cols = Columns::fit(10.0, 40.0, count);
    let lanes = r.thread_lanes();
    for id in 0..2u32 {
        let want: Vec<_> = bin(thread_items(&r, id, &lanes[id as usize], LegendSet::default()), &cols, LegendKey::rank)
            .into_iter()
            .map(|b| (b.from, b.to, key_code(b.key).to_string()))
            .collect();
        assert!(!want.is_empty());
        assert_eq!(lane_bars(&svg, x0, &format!("t{id}")), want);
    }
}
