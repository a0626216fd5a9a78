//! The sweep panel (issue 13), shown by the lab module (`lab_main.rs`, in the
//! [`ExperimentPanel`](crate::components::experiment_panel)): one parameter of
//! the scenario over a range of values, one run per value, in the worker module (off the
//! page's thread, with a progress bar and a cancel button). The answer is drawn as a line
//! chart of makespan and CPU utilisation against the value, with the knee (the smallest value
//! whose makespan is within 5 % of the best: `threadlab_share::experiment::knee`) and, for a
//! `workers` sweep of a pool, the formula's value marked. Hovering a point shows its numbers;
//! clicking it opens that run (the variant's text goes to the app as `threadlab:open`).
//!
//! Every number shown comes from the worker, which runs `threadlab_share::experiment` on the
//! core: the panel computes nothing but positions.

use crate::i18n::{fill_in, sweep_words, tr, Key, Lang, SweepWord};
use crate::run_status::{percent, RunNumbers, RunStatus};
use crate::worker_client::{self, Request};
use std::rc::Rc;
use threadlab_share::experiment::{variant_text, Spec};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct SweepPanelProps {
    pub text: AttrValue,
    pub lang: Lang,
    /// The parameter (`NAME=VALUES`, from a link, a ready-made experiment or the last sweep run).
    pub spec: AttrValue,
    /// Run it now (a sweep that came with a link or a ready-made experiment: the app clears
    /// the flag when the run starts, see `on_run`).
    pub run: bool,
    /// Opens a variant's text in the app.
    pub on_open: Callback<String>,
    /// A sweep is run with this `NAME=VALUES` (the app keeps it in its link).
    pub on_run: Callback<String>,
}

/// One value's run, as the worker answers it.
#[derive(Debug, Clone, PartialEq)]
struct Point {
    value: u64,
    n: RunNumbers,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    spec: Spec,
    /// The scenario swept (a point opens it with the point's value).
    text: String,
    points: Vec<Point>,
    knee: Option<u64>,
    formula: Option<String>,
}

type Status = RunStatus<Answer>;

/// Reads the worker's answer (`value outcome makespan cpu_ppm switches handoffs waiting`
/// lines, then `knee V` and `formula F`).
fn read_answer(spec: Spec, text: String, data: &str) -> Result<Answer, String> {
    let mut a = Answer { spec, text, points: Vec::new(), knee: None, formula: None };
    for line in data.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| w.get(i).and_then(|s| s.parse::<u64>().ok()).ok_or_else(|| format!("bad answer: {line}"));
        match w.first().copied() {
            Some("knee") => a.knee = Some(num(1)?),
            Some("formula") => a.formula = w.get(1).map(|s| s.to_string()),
            Some(_) => a.points.push(Point { value: num(0)?, n: RunNumbers::read(&w[1..])? }),
            None => {}
        }
    }
    Ok(a)
}

#[component]
pub fn SweepPanel(props: &SweepPanelProps) -> Html {
    let spec = use_state(|| props.spec.to_string());
    let status = use_state(|| Status::Idle);
    // Chinese once its words are here (this module downloads its own copy).
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    // A new parameter from the app (a link, a ready-made experiment) replaces the one typed.
    {
        let spec = spec.clone();
        use_effect_with(props.spec.clone(), move |s| spec.set(s.to_string()));
    }

    // Runs the sweep `spec` of the scenario `text` in the worker.
    let start = {
        let (status, on_run) = (status.clone(), props.on_run.clone());
        Callback::from(move |(text, spec): (String, String)| {
            if status.running() {
                return;
            }
            let parsed = match Spec::parse(&spec) {
                Ok(p) => p,
                Err(e) => return status.set(Status::Failed(e.to_string())),
            };
            on_run.emit(parsed.to_string());
            status.set(Status::Running { done: 0, all: parsed.values.values().len() as u32 });
            let status = status.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let progress_status = status.clone();
                let progress: Rc<dyn Fn(u32, u32)> =
                    Rc::new(move |done, all| progress_status.set(Status::Running { done, all }));
                let req = Request {
                    job: "sweep",
                    text: &text,
                    title: "",
                    width: 0,
                    window: None,
                    scale: None,
                    spec: Some(&spec),
                };
                let answer = worker_client::ask_with_progress(req, Some(progress)).await;
                let next = Status::after(answer, |data| read_answer(parsed, text.clone(), data));
                status.set(next);
            });
        })
    };
    let run = {
        let (start, spec, text) = (start.clone(), spec.clone(), props.text.clone());
        Callback::from(move |_: ()| start.emit((text.to_string(), (*spec).clone())))
    };
    // A sweep that came with a link or a ready-made experiment runs at once (later edits of
    // the text do not start sweeps by themselves: the app clears `run` when it starts).
    {
        let start = start.clone();
        use_effect_with((props.run, props.text.clone(), props.spec.clone()), move |(go, text, spec)| {
            if *go {
                start.emit((text.to_string(), spec.to_string()));
            }
        });
    }
    let on_spec = {
        let spec = spec.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            spec.set(input.value());
        })
    };
    let on_submit = {
        let run = run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            run.emit(());
        })
    };
    let body = match &*status {
        Status::Done(a) => chart(a, lang, &props.on_open),
        other => other.view(lang, ("sweep-progress", "sweep-cancel"), SweepWord::Failed),
    };
    html! {
        <section id="sweep" class="sweep" aria-labelledby="sweep-title">
            <h2 id="sweep-title">{ sweep_words(lang, SweepWord::Title) }</h2>
            <form class="sweep-form" onsubmit={on_submit}>
                <label for="sweep-spec">{ sweep_words(lang, SweepWord::Spec) }</label>
                <input id="sweep-spec" type="text" spellcheck="false" value={(*spec).clone()} oninput={on_spec}
                    title={sweep_words(lang, SweepWord::SpecHint)} />
                <button id="sweep-run" type="submit" disabled={status.running()}>{ sweep_words(lang, SweepWord::Run) }</button>
            </form>
            <p class="hint">{ sweep_words(lang, SweepWord::SpecHint) }</p>
            <div id="sweep-status" data-state={status.code()}>{ body }</div>
        </section>
    }
}

/// The line chart of a finished sweep, its marks and its sentence.
fn chart(a: &Rc<Answer>, lang: Lang, on_open: &Callback<String>) -> Html {
    const W: i64 = 640;
    const H: i64 = 240;
    const L: i64 = 56;
    const R: i64 = 48;
    const T: i64 = 16;
    const B: i64 = 36;
    let pts = &a.points;
    let (lo, hi) = (pts.iter().map(|p| p.value).min().unwrap_or(0), pts.iter().map(|p| p.value).max().unwrap_or(1));
    let span = (hi - lo).max(1) as i64;
    let top = pts.iter().map(|p| p.n.makespan).max().unwrap_or(1).max(1) as i64;
    let x = |v: u64| L + (v.saturating_sub(lo) as i64) * (W - L - R) / span;
    let y_make = |m: u64| H - B - (m as i64) * (H - T - B) / top;
    let y_cpu = |ppm: u64| H - B - (ppm as i64) * (H - T - B) / 1_000_000;
    // A pool's throughput, scaled to its best (the makespan's axis is the left one).
    let best_tp = pts.iter().filter_map(|p| p.n.pool.map(|(t, _)| t)).max().unwrap_or(0).max(1) as i64;
    let y_tp = |tp: u64| H - B - (tp as i64) * (H - T - B) / best_tp;
    let pooled = pts.iter().all(|p| p.n.pool.is_some()) && !pts.is_empty();
    let line = |f: &dyn Fn(&Point) -> (i64, i64)| {
        pts.iter().map(f).map(|(px, py)| format!("{px},{py}")).collect::<Vec<_>>().join(" ")
    };
    let param = a.spec.param.to_string();
    let base = threadlab_sim::parse(&a.text).ok();
    let circles = pts.iter().map(|p| {
        let open = {
            let (base, param, on_open, value) = (base.clone(), a.spec.param.clone(), on_open.clone(), p.value);
            move || {
                if let Some(t) = base.as_ref().and_then(|b| variant_text(b, &param, value).ok()) {
                    on_open.emit(t);
                }
            }
        };
        let on_click = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open())
        };
        let on_key = Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                open();
            }
        });
        let tip = format!(
            "{param}={}: {} {}, {} {}, {} {}, {} {}, {} {} ({})",
            p.value,
            tr(lang, Key::Makespan),
            p.n.makespan,
            tr(lang, Key::Utilisation),
            percent(p.n.cpu_ppm),
            tr(lang, Key::Switches),
            p.n.switches,
            tr(lang, Key::GilHandoffs),
            p.n.handoffs,
            tr(lang, Key::Waiting),
            p.n.waiting,
            p.n.outcome
        );
        let tip = match p.n.pool {
            Some((tp, lat)) => format!(
                "{tip}; {} {}.{:03}, {} {}.{:03}",
                sweep_words(lang, SweepWord::Throughput),
                tp / 1000,
                tp % 1000,
                sweep_words(lang, SweepWord::MeanLatency),
                lat / 1000,
                lat % 1000
            ),
            None => tip,
        };
        html! {
            <g class="sweep-point" tabindex="0" role="button" aria-label={tip.clone()} onclick={on_click} onkeydown={on_key}
                data-value={p.value.to_string()} data-makespan={p.n.makespan.to_string()} data-cpu-ppm={p.n.cpu_ppm.to_string()}>
                <title>{ tip }</title>
                <circle cx={x(p.value).to_string()} cy={y_make(p.n.makespan).to_string()} r="5" class="sweep-makespan" />
                <circle cx={x(p.value).to_string()} cy={y_cpu(p.n.cpu_ppm).to_string()} r="3" class="sweep-cpu" />
                if let Some((tp, _)) = p.n.pool {
                    <circle cx={x(p.value).to_string()} cy={y_tp(tp).to_string()} r="3" class="sweep-throughput" />
                }
            </g>
        }
    });
    // `row`: the label's line, so that a knee and a formula at one value do not overlap.
    let mark = |v: u64, class: &'static str, label: String, row: i64| {
        let px = x(v);
        html! {
            <g class={class}>
                <line x1={px.to_string()} x2={px.to_string()} y1={T.to_string()} y2={(H - B).to_string()} />
                <text x={(px + 4).to_string()} y={(T + 12 + 14 * row).to_string()}>{ label }</text>
            </g>
        }
    };
    let knee_mark = a.knee.map(|k| mark(k, "sweep-knee", format!("{} {k}", sweep_words(lang, SweepWord::Knee)), 0));
    let formula_value = a.formula.as_deref().and_then(|f| f.split('.').next()).and_then(|w| w.parse::<u64>().ok());
    let formula_mark = a
        .formula
        .as_ref()
        .zip(formula_value.filter(|v| (lo..=hi).contains(v)))
        .map(|(f, v)| mark(v, "sweep-formula", format!("{} {f}", sweep_words(lang, SweepWord::Formula)), 1));
    let best = pts.iter().filter(|p| p.n.outcome == "completed").map(|p| p.n.makespan).min();
    let sentence = match (a.knee, best) {
        (Some(k), Some(b)) => {
            fill_in(sweep_words(lang, SweepWord::KneeSentence), &[&param, &k.to_string(), &b.to_string()])
        }
        _ => sweep_words(lang, SweepWord::NoKnee).to_string(),
    };
    let formula_sentence = a.formula.as_ref().map(|f| {
        let knee = a.knee.map_or("–".to_string(), |k| k.to_string());
        let mut s = fill_in(sweep_words(lang, SweepWord::FormulaSentence), &[f, &knee]);
        // Why P is what it is: the GIL or an event loop leave a pool one core.
        let why = base.as_ref().map(|b| one_core_why(b, &a.spec));
        if let Some(w) = why.flatten() {
            s.push(' ');
            s.push_str(sweep_words(lang, w));
        }
        s
    });
    html! {
        <figure class="sweep-figure">
            <svg id="sweep-chart" class="sweep-chart" viewBox={format!("0 0 {W} {H}")} role="img"
                aria-label={sentence.clone()}
                data-points={pts.len().to_string()}
                data-knee={a.knee.map(|k| k.to_string()).unwrap_or_default()}
                data-formula={a.formula.clone().unwrap_or_default()}>
                <line class="axis" x1={L.to_string()} x2={(W - R).to_string()} y1={(H - B).to_string()} y2={(H - B).to_string()} />
                <line class="axis" x1={L.to_string()} x2={L.to_string()} y1={T.to_string()} y2={(H - B).to_string()} />
                // Each value under its point when they fit, else the two ends.
                if pts.len() <= 24 {
                    { for pts.iter().map(|p| html! {
                        <text x={x(p.value).to_string()} y={(H - B + 14).to_string()} text-anchor="middle">{ p.value.to_string() }</text>
                    }) }
                } else {
                    <text x={L.to_string()} y={(H - B + 14).to_string()} text-anchor="middle">{ lo.to_string() }</text>
                    <text x={(W - R).to_string()} y={(H - B + 14).to_string()} text-anchor="middle">{ hi.to_string() }</text>
                }
                <text x={((W - R + L) / 2).to_string()} y={(H - 6).to_string()} text-anchor="middle">{ param.clone() }</text>
                <text x="4" y={(T + 8).to_string()}>{ top.to_string() }</text>
                <text x={(W - R + 4).to_string()} y={(T + 8).to_string()}>{ "100 %" }</text>
                <polyline class="sweep-makespan" points={line(&|p| (x(p.value), y_make(p.n.makespan)))} />
                <polyline class="sweep-cpu" points={line(&|p| (x(p.value), y_cpu(p.n.cpu_ppm)))} />
                if pooled {
                    <polyline class="sweep-throughput" points={line(&|p| (x(p.value), y_tp(p.n.pool.map_or(0, |(t, _)| t))))} />
                }
                if let Some(m) = knee_mark { { m } }
                if let Some(m) = formula_mark { { m } }
                { for circles }
            </svg>
            <figcaption>
                <span class="key sweep-makespan">{ tr(lang, Key::Makespan) }</span>{ " " }
                <span class="key sweep-cpu">{ tr(lang, Key::Utilisation) }</span>
                if pooled { { " " }<span class="key sweep-throughput">{ sweep_words(lang, SweepWord::Throughput) }</span> }
                <p id="sweep-sentence">{ sentence }</p>
                if let Some(f) = formula_sentence { <p id="sweep-formula-sentence">{ f }</p> }
                <p class="hint">{ sweep_words(lang, SweepWord::PointHint) }</p>
            </figcaption>
        </figure>
    }
}

/// Why a pool's P (the cores it can use at once) is 1, when it is: its threads share a GIL,
/// or its workers are tasks of one event loop.
fn one_core_why(base: &threadlab_sim::Scenario, spec: &Spec) -> Option<SweepWord> {
    use threadlab_share::experiment::Param;
    use threadlab_sim::ast::{Body, PoolWork};
    let name = match &spec.param {
        Param::Workers(n) => n.clone(),
        _ => return None,
    };
    let pool = base
        .processes
        .iter()
        .flat_map(|p| &p.threads)
        .filter_map(|th| match &th.body {
            Body::Pool(pool) if name.as_deref().is_none_or(|n| n == th.name.text) => Some(pool),
            _ => None,
        })
        .next()?;
    match pool.work {
        PoolWork::Tasks(_) => Some(SweepWord::OneLoop),
        PoolWork::Threads(_) if base.settings.gil => Some(SweepWord::OneGil),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workers_answer_is_read_back() {
        let spec = Spec::parse("cores=1..3").expect("valid");
        let a = read_answer(
            spec,
            String::new(),
            "1 completed 90 1000000 2 0 40\n2 completed 46 978261 3 0 41 125000 100500\n3 completed 45 666667 3 0 39\nknee 2\n",
        )
        .expect("read");
        assert_eq!((a.points[0].n.pool, a.points[1].n.pool), (None, Some((125_000, 100_500))));
        assert_eq!(a.points.len(), 3);
        assert_eq!((a.points[1].value, a.points[1].n.makespan, a.points[1].n.cpu_ppm), (2, 46, 978_261));
        assert_eq!(a.knee, Some(2));
        assert_eq!(a.formula, None);
        assert!(read_answer(Spec::parse("cores=1..3").expect("valid"), String::new(), "1 completed x").is_err());
        assert_eq!(percent(978_261), "97.8 %");
    }
}
