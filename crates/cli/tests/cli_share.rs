//! Integration tests of `threadlab link`, `open` and `export`: the same codec and exporters as
//! the web app (crate `threadlab-share`), checked against the core's result.

mod common;

use common::{stdout as out, threadlab};

const SCENARIO: &str =
    "cores 2\nthread a { cpu 3; lock m; io 2; unlock m }\nthread b { cpu 4; lock m; cpu 1; unlock m }\n";

#[test]
fn link_then_open_gives_the_scenario_back() {
    let o = threadlab(&["link", "-", "--base", "https://example.org/tl/index.html", "--view", "threads"], SCENARIO);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let url = out(&o);
    assert!(url.starts_with("https://example.org/tl/index.html#v1:"), "{url}");
    let d = threadlab_share::link::decode(url.trim());
    assert_eq!(d.state.view, Some(threadlab_share::link::LinkView::Threads));
    let o = threadlab(&["open", url.trim()], "");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(out(&o), SCENARIO);
}

#[test]
fn a_damaged_link_says_why_prints_what_it_can_and_exits_2() {
    let url = out(&threadlab(&["link", "-"], SCENARIO));
    let cut = &url.trim()[..url.len() - 12];
    let o = threadlab(&["open", cut], "");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("incomplete") || err.contains("damaged"), "{err}");
    assert!(SCENARIO.starts_with(&out(&o)), "a prefix of the scenario: {:?}", out(&o));
    let o = threadlab(&["open", "#v9:abc"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("newer Threadlab"));
}

#[test]
fn link_refuses_an_invalid_scenario() {
    let o = threadlab(&["link", "-"], "thread a { cpu x }");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("1:16"));
}

#[test]
fn export_trace_has_a_track_per_core_and_thread_and_a_slice_per_segment() {
    let r = threadlab_sim::run(SCENARIO).unwrap();
    let o = threadlab(&["export", "-", "--format", "trace"], SCENARIO);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).expect("valid JSON");
    let evs = v["traceEvents"].as_array().unwrap();
    let tracks = evs.iter().filter(|e| e["name"] == "thread_name").count();
    assert_eq!(tracks, r.cores.len() + r.threads.len());
    let slices = evs.iter().filter(|e| e["ph"] == "X").count();
    let live = r.segments.iter().filter(|s| s.state != threadlab_sim::trace::State::Dead).count();
    assert_eq!(slices, r.core_segments.len() + live);
}

#[test]
fn export_csv_and_svg() {
    let o = threadlab(&["export", "-", "--format", "csv"], SCENARIO);
    assert_eq!(o.status.code(), Some(0));
    let csv = out(&o);
    let r = threadlab_sim::run(SCENARIO).unwrap();
    assert!(csv.lines().any(|l| l == format!("run,,makespan,{}", r.makespan)), "{csv}");
    let o = threadlab(&["export", "-", "--format", "svg", "--width", "800"], SCENARIO);
    let svg = out(&o);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\""), "{svg}");
    assert!(svg.trim_end().ends_with("</svg>"));
    let o = threadlab(&["export", "-", "--format", "pdf"], SCENARIO);
    assert_eq!(o.status.code(), Some(1));
}
