//! The numbers of the run: per thread (arrival, first run, end, CPU, waiting, blocked,
//! turnaround, response), per core, and for the whole run.

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

#[component]
pub fn Numbers(props: &NumbersProps) -> Html {
    let l = props.lang;
    let r = &props.run;
    let rows = r.threads.iter().map(|t| {
        let blocked: u64 = t.blocked.iter().sum();
        html! {
            <tr>
                <th scope="row">{ &t.name }</th><td>{ &t.process }</td><td>{ t.fate.as_str() }</td>
                <td>{ tick(t.arrival) }</td><td>{ tick(t.first_run) }</td><td>{ tick(t.end) }</td>
                <td>{ t.cpu }</td><td>{ t.waiting() }</td><td>{ blocked }</td>
                <td>{ tick(t.turnaround()) }</td><td>{ tick(t.response()) }</td>
            </tr>
        }
    });
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
            </table>
            <table class="cores">
                <thead><tr><th>{ tr(l, Key::Core) }</th><th>{ "busy" }</th><th>{ tr(l, Key::Switch) }</th><th>{ tr(l, Key::Idle) }</th><th>{ "%" }</th></tr></thead>
                <tbody>{ for cores }</tbody>
            </table>
            </div>
        </section>
    }
}
