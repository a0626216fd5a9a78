//! The numbers of the run: per thread (arrival, first run, end, CPU, waiting, blocked,
//! turnaround, response) with their average, per core, per pool (SCENARIO.md 1.1: workers,
//! jobs done, throughput, latency) and for the whole run.

use crate::i18n::{tr, Key, Lang};
use crate::state::Shared;
use threadlab_share::decimal::Fixed;
use threadlab_sim::RunResult;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NumbersProps {
    pub run: Shared<RunResult>,
    pub lang: Lang,
}

fn tick(t: Option<u64>) -> String {
    t.map(|t| t.to_string()).unwrap_or_else(|| "–".into())
}

/// The average over the threads of turnaround, response, waiting and CPU, each over only the
/// threads that have the value (turnaround: ended; response: ran; waiting and CPU: started);
/// `None` when no thread has it.
pub fn averages(r: &RunResult) -> [Option<f64>; 4] {
    let mut sums = [(0u64, 0u64); 4];
    for t in &r.threads {
        let started = t.arrival.map(|_| t.runnable);
        for (s, v) in sums.iter_mut().zip([t.turnaround(), t.response(), started, started.map(|_| t.cpu)]) {
            if let Some(v) = v {
                *s = (s.0 + v, s.1 + 1);
            }
        }
    }
    sums.map(|(sum, n)| (n > 0).then(|| sum as f64 / n as f64))
}

/// An average as written in the table: one decimal, or "–".
pub fn average_text(x: Option<f64>) -> String {
    x.map(|x| Fixed(x, 1).to_string()).unwrap_or_else(|| "–".into())
}

#[component]
pub fn Numbers(props: &NumbersProps) -> Html {
    let l = props.lang;
    let r = &props.run;
    let rows = r.threads.iter().map(|t| {
        let blocked: u64 = t.blocked.iter().sum();
        html! {
            <tr>
                <th scope="row">{ &t.name }</th><td>{ &t.process }</td><td>{ crate::i18n::fate(props.lang, t.fate) }</td>
                <td>{ tick(t.arrival) }</td><td>{ tick(t.first_run) }</td><td>{ tick(t.end) }</td>
                <td>{ t.cpu }</td><td>{ t.waiting() }</td><td>{ blocked }</td>
                <td>{ tick(t.turnaround()) }</td><td>{ tick(t.response()) }</td>
            </tr>
        }
    });
    // The average row: under CPU, waiting, turnaround and response (the columns after the
    // thread's name: process, fate, arrival, first run, end, CPU, waiting, blocked, …).
    let [turnaround, response, waiting, cpu] = averages(r).map(average_text);
    let none = || ("", String::new());
    let cells = [none(), none(), none(), none(), none(), ("cpu", cpu), ("waiting", waiting), none()];
    let cells = cells.into_iter().chain([("turnaround", turnaround), ("response", response)]);
    let avg = html! {
        <tr id="numbers-avg" class="avg">
            <th scope="row">{ tr(l, Key::Average) }</th>
            { for cells.map(|(col, v)| html! { <td data-col={col}>{ v }</td> }) }
        </tr>
    };
    let cores = r.cores.iter().enumerate().map(|(i, c)| {
        let pct = if r.makespan == 0 { 0.0 } else { 100.0 * c.busy as f64 / r.makespan as f64 };
        html! { <tr><th scope="row">{ format!("{} {i}", tr(l, Key::Core)) }</th><td>{ c.busy }</td><td>{ c.switching }</td><td>{ c.idle }</td><td>{ format!("{}%", Fixed(pct, 0)) }</td></tr> }
    });
    html! {
        <section class="numbers" aria-label={tr(l, Key::Numbers)}>
            <h2>{ tr(l, Key::Numbers) }</h2>
            <dl class="totals">
                <dt>{ tr(l, Key::Makespan) }</dt><dd id="makespan">{ format!("{} {}", r.makespan, r.unit) }</dd>
                <dt>{ tr(l, Key::Utilisation) }</dt><dd>{ format!("{}%", Fixed(r.cpu_utilization * 100.0, 1)) }</dd>
                <dt>{ tr(l, Key::IoBusy) }</dt><dd>{ r.io_busy }</dd>
                <dt>{ tr(l, Key::Switches) }</dt><dd>{ r.context_switches }</dd>
                <dt>{ tr(l, Key::GilHandoffs) }</dt><dd>{ r.gil_handoffs }</dd>
            </dl>
            <div class="scroll">
            <table id="numbers">
                <thead><tr>
                    <th>{ tr(l, Key::Thread) }</th><th>{ tr(l, Key::Process) }</th><th>{ tr(l, Key::Fate) }</th>
                    <th>{ tr(l, Key::Arrival) }</th><th>{ tr(l, Key::FirstRun) }</th><th>{ tr(l, Key::End) }</th>
                    <th>{ tr(l, Key::Cpu) }</th><th>{ tr(l, Key::Waiting) }</th><th>{ tr(l, Key::Blocked) }</th>
                    <th>{ tr(l, Key::Turnaround) }</th><th>{ tr(l, Key::Response) }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
                <tfoot>{ avg }</tfoot>
            </table>
            if !r.pools.is_empty() {
                <table id="pools" class="pools">
                    <thead><tr>
                        <th>{ tr(l, Key::Pool) }</th><th>{ tr(l, Key::PoolKind) }</th><th>{ tr(l, Key::Workers) }</th>
                        <th>{ tr(l, Key::Jobs) }</th><th>{ tr(l, Key::JobsDone) }</th><th>{ tr(l, Key::Throughput) }</th>
                        <th>{ tr(l, Key::MeanLatency) }</th><th>{ tr(l, Key::MaxLatency) }</th>
                    </tr></thead>
                    <tbody>{ for r.pools.iter().map(|p| html! {
                        <tr data-pool={p.name.clone()}>
                            <th scope="row">{ &p.name }</th><td>{ p.kind.keyword() }</td><td>{ p.workers }</td><td>{ p.jobs }</td>
                            <td>{ p.done }</td><td>{ average_text(p.throughput) }</td><td>{ average_text(p.mean_latency) }</td>
                            <td>{ tick(p.max_latency) }</td>
                        </tr>
                    }) }</tbody>
                </table>
            }
            <table class="cores">
                <thead><tr><th>{ tr(l, Key::Core) }</th><th>{ tr(l, Key::Busy) }</th><th>{ tr(l, Key::Switch) }</th><th>{ tr(l, Key::Idle) }</th><th>{ "%" }</th></tr></thead>
                <tbody>{ for cores }</tbody>
            </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_count_only_the_threads_that_have_the_value() {
        // a runs 0-3, b waits 3 then runs 3-5; c locks m twice (a deadlock of its own) at 0,
        // never running nor ending, and never spawns d, which counts in no average.
        let r = threadlab_sim::run(
            "cores 1\nscheduler fifo\nthread a { cpu 3 }\nthread b { cpu 2 }\nthread c { lock m; lock m; spawn d }\nthread d { cpu 9 }",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let d = &r.threads[r.thread_id("d").unwrap() as usize];
        assert_eq!((d.arrival, d.fate), (None, threadlab_sim::result::Fate::NeverStarted));
        let avg = averages(&r);
        assert_eq!(avg, [Some(4.0), Some(1.5), Some(1.0), Some(5.0 / 3.0)]);
        assert_eq!(avg.map(average_text), ["4.0", "1.5", "1.0", "1.7"]);
        assert_eq!(average_text(None), "–");
    }

    #[test]
    fn no_value_gives_a_dash() {
        // A deadlock: nobody ends, so there is no turnaround to average.
        let r = threadlab_sim::run("cores 2\nthread a { lock x; cpu 1; lock y }\nthread b { lock y; cpu 1; lock x }")
            .unwrap_or_else(|e| panic!("{e}"));
        let avg = averages(&r);
        assert_eq!(avg[0], None);
        assert_eq!(avg[1], Some(0.0));
        assert_eq!(avg[3], Some(1.0));
    }
}
