//! The comparison panel (issue 13), shown by the lab module in the
//! [`ExperimentPanel`](crate::components::experiment_panel): 2 to 4 variants of the scenario
//! (values of one parameter, `NAME=v1,v2,…`, or the other texts of a link) run in the worker
//! module (progress bar, cancel), then shown side by side: a table of their numbers, a bar
//! chart of their makespans, and each variant's Gantt chart (cores and threads, drawn by
//! `share::svg_export` in the worker) over one shared time axis, 0 to the longest makespan.
//! Each variant opens in the app.
//!
//! Every number shown comes from the worker (`share::experiment` on the core): the panel
//! computes nothing but positions.

use crate::i18n::{fill_in, sweep_words, tr, Key, Lang, SweepWord};
use crate::run_status::{percent, RunNumbers, RunStatus};
use crate::worker_client::{self, Request};
use std::rc::Rc;
use threadlab_share::experiment::{variant_text, Spec};
use threadlab_share::link::LinkExperiment;
use yew::prelude::*;

/// The width the worker draws each variant's chart at (shown scaled to the panel's width).
const CHART_WIDTH: u32 = 900;

#[derive(Properties, PartialEq, Clone)]
pub struct ComparePanelProps {
    pub text: AttrValue,
    pub lang: Lang,
    /// `Compare(NAME=VALUES)` or `Texts(the other texts)`.
    pub experiment: LinkExperiment,
    /// Run it now (it came with a link or a ready-made experiment; the app clears the flag
    /// when the run starts, see `on_run`).
    pub run: bool,
    /// Opens a variant's text in the app.
    pub on_open: Callback<String>,
    /// A comparison of values is run with this `NAME=VALUES` (the app keeps it in its link).
    pub on_run: Callback<String>,
}

/// One variant as the worker answers it.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    label: String,
    n: RunNumbers,
    /// The variant's Gantt chart (SVG).
    svg: String,
    /// The variant's scenario text (opened by its button).
    text: Option<String>,
}

type Status = RunStatus<Vec<Row>>;

/// Reads the worker's answer (see the worker's `compare`): tab-separated `v` lines, then an
/// `@svg` line before each variant's chart.
fn read_answer(data: &str) -> Result<Vec<Row>, String> {
    let mut parts = data.split("\n@svg\n");
    let head = parts.next().unwrap_or_default();
    let svgs: Vec<&str> = parts.collect();
    let mut rows = Vec::new();
    for line in head.lines() {
        let w: Vec<&str> = line.split('\t').collect();
        if w.first() != Some(&"v") || w.len() < 3 {
            return Err(format!("bad answer: {line}"));
        }
        rows.push(Row {
            label: w[w.len() - 1].to_string(),
            n: RunNumbers::read(&w[1..w.len() - 1])?,
            svg: svgs.get(rows.len()).map(|s| s.trim_end().to_string()).unwrap_or_default(),
            text: None,
        });
    }
    if rows.is_empty() || svgs.len() != rows.len() {
        return Err("bad answer: no variants".into());
    }
    Ok(rows)
}

/// Thousandths as a decimal with three places.
fn milli(x: u64) -> String {
    format!("{}.{:03}", x / 1000, x % 1000)
}

/// The variants' texts, in the order the worker answers: each value applied to the scenario,
/// or the scenario then the other texts.
fn variant_texts(text: &str, e: &LinkExperiment) -> Vec<Option<String>> {
    match e {
        LinkExperiment::Compare(spec) => {
            let (Ok(base), Ok(spec)) = (threadlab_sim::parse(text), Spec::parse_compare(spec)) else {
                return Vec::new();
            };
            spec.values.values().into_iter().map(|v| variant_text(&base, &spec.param, v).ok()).collect()
        }
        LinkExperiment::Texts(others) => {
            std::iter::once(text.to_string()).chain(others.iter().cloned()).map(Some).collect()
        }
        LinkExperiment::Sweep(_) => Vec::new(),
    }
}

#[component]
pub fn ComparePanel(props: &ComparePanelProps) -> Html {
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    let spec_of = |e: &LinkExperiment| match e {
        LinkExperiment::Compare(s) => s.clone(),
        _ => String::new(),
    };
    let spec = use_state(|| spec_of(&props.experiment));
    let status = use_state(|| Status::Idle);
    {
        let spec = spec.clone();
        use_effect_with(props.experiment.clone(), move |e| spec.set(spec_of(e)));
    }
    // Runs the comparison `e` of the scenario `text` in the worker.
    let start = {
        let (status, on_run) = (status.clone(), props.on_run.clone());
        Callback::from(move |(text, e): (String, LinkExperiment)| {
            if status.running() {
                return;
            }
            let all = match &e {
                LinkExperiment::Compare(s) => match Spec::parse_compare(s) {
                    Ok(p) => {
                        on_run.emit(p.to_string());
                        p.values.values().len()
                    }
                    Err(err) => return status.set(Status::Failed(err.to_string())),
                },
                LinkExperiment::Texts(t) => t.len() + 1,
                LinkExperiment::Sweep(_) => return,
            };
            status.set(Status::Running { done: 0, all: all as u32 });
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let progress_status = status.clone();
                let progress: Rc<dyn Fn(u32, u32)> =
                    Rc::new(move |done, all| progress_status.set(Status::Running { done, all }));
                let lines = e.to_lines();
                let req = Request {
                    job: "compare",
                    text: &text,
                    title: "",
                    width: CHART_WIDTH,
                    window: None,
                    scale: None,
                    spec: Some(&lines),
                };
                let answer = worker_client::ask_with_progress(req, Some(progress)).await;
                let next = Status::after(answer, |data| {
                    let mut rows = read_answer(data)?;
                    for (row, t) in rows.iter_mut().zip(variant_texts(&text, &e)) {
                        row.text = t;
                    }
                    Ok(rows)
                });
                status.set(next);
            });
        })
    };
    // A comparison that came with a link or a ready-made experiment runs at once.
    {
        let start = start.clone();
        use_effect_with((props.run, props.text.clone(), props.experiment.clone()), move |(go, text, e)| {
            if *go {
                start.emit((text.to_string(), e.clone()));
            }
        });
    }
    let texts = matches!(props.experiment, LinkExperiment::Texts(_));
    let on_submit = {
        let (start, spec, text, e) = (start.clone(), spec.clone(), props.text.clone(), props.experiment.clone());
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let e = if texts { e.clone() } else { LinkExperiment::Compare((*spec).clone()) };
            start.emit((text.to_string(), e));
        })
    };
    let on_spec = {
        let spec = spec.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            spec.set(input.value());
        })
    };
    let body = match &*status {
        Status::Done(rows) => side_by_side(rows, lang, &props.on_open),
        other => other.view(lang, ("compare-progress", "compare-cancel"), SweepWord::CompareFailed),
    };
    let running = status.running();
    html! {
        <section id="compare" class="sweep compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ sweep_words(lang, SweepWord::CompareTitle) }</h2>
            <form class="sweep-form" onsubmit={on_submit}>
                if texts {
                    <span>{ sweep_words(lang, SweepWord::Texts) }</span>
                } else {
                    <label for="compare-spec">{ sweep_words(lang, SweepWord::CompareSpec) }</label>
                    <input id="compare-spec" type="text" spellcheck="false" value={(*spec).clone()} oninput={on_spec}
                        title={sweep_words(lang, SweepWord::CompareSpecHint)} />
                }
                <button id="compare-run" type="submit" disabled={running}>{ sweep_words(lang, SweepWord::CompareRun) }</button>
            </form>
            if !texts { <p class="hint">{ sweep_words(lang, SweepWord::CompareSpecHint) }</p> }
            <div id="compare-status" data-state={status.code()}>{ body }</div>
        </section>
    }
}

/// The finished comparison: the numbers table, the makespan bars, the charts on one axis.
fn side_by_side(rows: &Rc<Vec<Row>>, lang: Lang, on_open: &Callback<String>) -> Html {
    let longest = rows.iter().map(|r| r.n.makespan).max().unwrap_or(0).max(1);
    let best = rows.iter().filter(|r| r.n.outcome == "completed").map(|r| r.n.makespan).min();
    let pooled = rows.iter().any(|r| r.n.pool.is_some());
    let open_button = |r: &Row| {
        r.text.clone().map(|t| {
            let on_open = on_open.clone();
            let onclick = Callback::from(move |_: MouseEvent| on_open.emit(t.clone()));
            html! { <button type="button" class="compare-open" {onclick}>{ sweep_words(lang, SweepWord::Open) }</button> }
        })
    };
    let table = html! {
        <div class="scroll">
        <table id="compare-table" class="compare-numbers">
            <thead><tr>
                <th scope="col">{ sweep_words(lang, SweepWord::Variant) }</th>
                <th scope="col">{ tr(lang, Key::Makespan) }</th>
                <th scope="col">{ tr(lang, Key::Utilisation) }</th>
                <th scope="col">{ tr(lang, Key::Switches) }</th>
                <th scope="col">{ tr(lang, Key::GilHandoffs) }</th>
                <th scope="col">{ tr(lang, Key::Waiting) }</th>
                if pooled {
                    <th scope="col">{ sweep_words(lang, SweepWord::Throughput) }</th>
                    <th scope="col">{ sweep_words(lang, SweepWord::MeanLatency) }</th>
                }
                <th scope="col"></th>
            </tr></thead>
            <tbody>
                { for rows.iter().map(|r| html! {
                    <tr class="compare-row" data-label={r.label.clone()} data-makespan={r.n.makespan.to_string()}
                        data-cpu-ppm={r.n.cpu_ppm.to_string()} data-switches={r.n.switches.to_string()}
                        data-handoffs={r.n.handoffs.to_string()} data-waiting={r.n.waiting.to_string()} data-outcome={r.n.outcome.clone()}>
                        <th scope="row">{ r.label.clone() }
                            if Some(r.n.makespan) == best && r.n.outcome == "completed" { <span class="compare-best">{ " ★ " }{ sweep_words(lang, SweepWord::Best) }</span> }
                        </th>
                        <td>{ r.n.makespan.to_string() }{ if r.n.outcome == "completed" { String::new() } else { format!(" ({})", r.n.outcome) } }</td>
                        <td>{ percent(r.n.cpu_ppm) }</td>
                        <td>{ r.n.switches.to_string() }</td>
                        <td>{ r.n.handoffs.to_string() }</td>
                        <td>{ r.n.waiting.to_string() }</td>
                        if pooled {
                            <td>{ r.n.pool.map(|p| milli(p.0)).unwrap_or_default() }</td>
                            <td>{ r.n.pool.map(|p| milli(p.1)).unwrap_or_default() }</td>
                        }
                        <td>{ open_button(r) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
        </div>
    };
    // The makespan bars, one row each, to scale of the longest.
    const W: u64 = 640;
    const L: u64 = 150;
    const ROW: u64 = 28;
    let h = ROW * rows.len() as u64 + 8;
    let bars = html! {
        <svg id="compare-bars" class="compare-bars" viewBox={format!("0 0 {W} {h}")} role="img"
            aria-label={sweep_words(lang, SweepWord::Bars)}>
            { for rows.iter().enumerate().map(|(i, r)| {
                let y = 4 + ROW * i as u64;
                let w = (r.n.makespan * (W - L - 60) / longest).max(1);
                html! {
                    <g class="compare-bar" data-label={r.label.clone()} data-makespan={r.n.makespan.to_string()}>
                        <title>{ format!("{}: {} {}", r.label, tr(lang, Key::Makespan), r.n.makespan) }</title>
                        <text x={(L - 6).to_string()} y={(y + 17).to_string()} text-anchor="end">{ r.label.clone() }</text>
                        <rect x={L.to_string()} y={y.to_string()} width={w.to_string()} height={(ROW - 8).to_string()}
                            class={if Some(r.n.makespan) == best { "compare-bar-best" } else { "" }} />
                        <text x={(L + w + 6).to_string()} y={(y + 17).to_string()}>{ r.n.makespan.to_string() }</text>
                    </g>
                }
            }) }
        </svg>
    };
    let charts = rows.iter().map(|r| {
        let src = format!("data:image/svg+xml;charset=utf-8,{}", String::from(js_sys::encode_uri_component(&r.svg)));
        html! {
            <figure class="compare-variant" data-label={r.label.clone()}>
                <figcaption>{ r.label.clone() }{ " — " }{ tr(lang, Key::Makespan) }{ " " }{ r.n.makespan.to_string() }</figcaption>
                <img class="compare-gantt" src={src} alt={format!("{}: {}", r.label, tr(lang, Key::Makespan))} />
            </figure>
        }
    });
    html! {
        <div class="compare-result">
            { table }
            <figure class="compare-bars-figure">
                { bars }
                <figcaption>{ sweep_words(lang, SweepWord::Bars) }</figcaption>
            </figure>
            <p id="compare-axis" class="hint" data-end={longest.to_string()}>
                { fill_in(sweep_words(lang, SweepWord::SharedAxis), &[&longest.to_string()]) }
            </p>
            <div id="compare-charts" class="compare-charts">{ for charts }</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workers_answer_is_read_back() {
        let rows = read_answer(
            "v\tcompleted\t80\t500000\t3\t2\t90\tcores=1\nv\tdeadlock\t40\t1000000\t1\t0\t10\t125000\t20500\tmy title\n@svg\n<svg>a</svg>\n@svg\n<svg>b</svg>\n",
        )
        .expect("read");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].label.as_str(), rows[0].n.makespan, rows[0].n.cpu_ppm, rows[0].n.pool),
            ("cores=1", 80, 500_000, None)
        );
        assert_eq!(
            (rows[1].label.as_str(), rows[1].n.outcome.as_str(), rows[1].n.pool),
            ("my title", "deadlock", Some((125_000, 20_500)))
        );
        assert_eq!((rows[0].svg.as_str(), rows[1].svg.as_str()), ("<svg>a</svg>", "<svg>b</svg>"));
        assert!(read_answer("v\tcompleted\t80\n@svg\n<svg/>").is_err());
        assert!(read_answer("v\tcompleted\t80\t1\t1\t1\t1\tx\n").is_err(), "a chart per variant");
        assert_eq!((percent(978_261), milli(20_500)), ("97.8 %".to_string(), "20.500".to_string()));
    }

    #[test]
    fn variants_open_with_their_value_or_their_text() {
        let t = "cores 1\nthread a { cpu 2 }\n";
        let v = variant_texts(t, &LinkExperiment::Compare("cores=2,4".into()));
        assert_eq!(v.len(), 2);
        assert!(v[1].as_deref().is_some_and(|s| s.contains("cores 4")), "{v:?}");
        let v = variant_texts(t, &LinkExperiment::Texts(vec!["thread b { cpu 1 }\n".into()]));
        assert_eq!(v, vec![Some(t.to_string()), Some("thread b { cpu 1 }\n".to_string())]);
    }
}
