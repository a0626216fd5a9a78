//! `threadlab sweep` and `threadlab compare`: experiments of `threadlab_share::experiment`
//! (the same code as the links and the web app's worker) printed as a table with bars, as
//! CSV or as JSON. A row's numbers are those of `threadlab run` of that variant.

use crate::args::Format;
use crate::table::{grid, percent, Align};
use serde_json::{json, Value};
use threadlab_share::experiment::{Numbers, Sweep, Variant};

/// Width of the makespan bars, in characters.
const BAR: usize = 30;

/// The columns every row has, after its value or label (the JSON and CSV names).
const COLUMNS: [&str; 6] =
    ["makespan", "cpu_utilization", "context_switches", "gil_handoffs", "total_waiting", "outcome"];

/// The pool columns, present when a row has a pool.
const POOL_COLUMNS: [&str; 2] = ["throughput", "mean_latency"];

/// A JSON object on one line with its keys in the order given (serde_json's `Map` would
/// sort them): `{"value": 1, "makespan": 40, …}`.
fn object(fields: &[(&str, Value)]) -> String {
    let parts: Vec<String> = fields.iter().map(|(k, v)| format!("{}: {v}", Value::from(*k))).collect();
    format!("{{{}}}", parts.join(", "))
}

/// The JSON fields of one run's numbers after `first` (pool fields `null` without a pool).
fn fields(first: (&str, Value), n: &Numbers) -> String {
    object(&[
        first,
        ("makespan", json!(n.makespan)),
        ("cpu_utilization", json!(n.cpu_utilization)),
        ("context_switches", json!(n.context_switches)),
        ("gil_handoffs", json!(n.gil_handoffs)),
        ("total_waiting", json!(n.total_waiting)),
        ("outcome", json!(n.outcome)),
        ("throughput", json!(n.pool.as_ref().map(|p| p.throughput))),
        ("mean_latency", json!(n.pool.as_ref().map(|p| p.mean_latency))),
    ])
}

/// `[` then one item per line, indented by `indent`, then `]`.
fn list(items: &[String], indent: &str) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    format!("[\n{indent}  {}\n{indent}]", items.join(&format!(",\n{indent}  ")))
}

/// The CSV cells of one run's numbers, in the order of [`COLUMNS`] (then the pool's).
fn cells(n: &Numbers, pools: bool) -> Vec<String> {
    let mut c = vec![
        n.makespan.to_string(),
        n.cpu_utilization.to_string(),
        n.context_switches.to_string(),
        n.gil_handoffs.to_string(),
        n.total_waiting.to_string(),
        n.outcome.to_string(),
    ];
    if pools {
        let p = n.pool.as_ref();
        c.push(p.map_or_else(String::new, |p| p.throughput.to_string()));
        c.push(p.map_or_else(String::new, |p| p.mean_latency.to_string()));
    }
    c
}

/// A CSV field, quoted when it must be (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(first: &str, rows: &[(String, &Numbers)]) -> String {
    let pools = rows.iter().any(|(_, n)| n.pool.is_some());
    let mut head: Vec<&str> = vec![first];
    head.extend(COLUMNS);
    if pools {
        head.extend(POOL_COLUMNS);
    }
    let mut out = head.join(",") + "\n";
    for (label, n) in rows {
        let mut line = vec![csv_field(label)];
        line.extend(cells(n, pools).iter().map(|c| csv_field(c)));
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// A bar of `makespan` against the largest, `BAR` characters for the largest.
fn bar(makespan: u64, max: u64) -> String {
    let n = if max == 0 { 0 } else { (u128::from(makespan) * BAR as u128).div_ceil(u128::from(max)) as usize };
    "█".repeat(n)
}

/// The plain table: the label or value, the numbers, a bar of the makespan.
fn table(first: &str, rows: &[(String, &Numbers)], unit: &str) -> String {
    let pools = rows.iter().any(|(_, n)| n.pool.is_some());
    let max = rows.iter().map(|(_, n)| n.makespan).max().unwrap_or(0);
    let mut head = vec![
        (first, Align::Left),
        ("makespan", Align::Right),
        ("cpu", Align::Right),
        ("switches", Align::Right),
        ("gil hand-offs", Align::Right),
        ("waiting", Align::Right),
        ("outcome", Align::Left),
    ];
    if pools {
        head.push(("throughput", Align::Right));
        head.push(("mean latency", Align::Right));
    }
    head.push(("", Align::Left));
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|(label, n)| {
            let mut r = vec![
                label.clone(),
                format!("{} {unit}", n.makespan),
                percent(n.cpu_utilization),
                n.context_switches.to_string(),
                n.gil_handoffs.to_string(),
                n.total_waiting.to_string(),
                n.outcome.to_string(),
            ];
            if pools {
                let p = n.pool.as_ref();
                r.push(p.map_or_else(|| "-".into(), |p| format!("{:.2}/1000", p.throughput)));
                r.push(p.map_or_else(|| "-".into(), |p| format!("{:.1}", p.mean_latency)));
            }
            r.push(bar(n.makespan, max));
            r
        })
        .collect();
    let mut out = String::new();
    grid(&mut out, &head, &body);
    out
}

/// The output of a sweep in `format`; `unit` is the scenario's.
pub fn sweep(sw: &Sweep, format: Format, unit: &str) -> String {
    let param = sw.param.to_string();
    let rows: Vec<(String, &Numbers)> = sw.points.iter().map(|p| (p.value.to_string(), &p.numbers)).collect();
    match format {
        Format::Csv => csv("value", &rows),
        Format::Json => {
            let points: Vec<String> = sw.points.iter().map(|p| fields(("value", json!(p.value)), &p.numbers)).collect();
            format!(
                "{{\n  \"param\": {},\n  \"points\": {},\n  \"formula\": {},\n  \"knee\": {}\n}}\n",
                Value::from(param),
                list(&points, "  "),
                json!(sw.formula),
                json!(sw.knee)
            )
        }
        Format::Table => {
            let mut out = format!("Sweep of {param}, {}\n\n", plural(sw.points.len(), "run"));
            out.push_str(&table(&param, &rows, unit));
            out.push('\n');
            if let Some(f) = sw.formula {
                out.push_str(&format!("formula: {f:.1} (best worker count (W + C) / C x P)\n"));
            }
            let best = sw.points.iter().filter(|p| p.numbers.completed()).map(|p| p.numbers.makespan).min();
            match (sw.knee, best) {
                (Some(k), Some(b)) => out.push_str(&format!(
                    "knee: {param} = {k} (the smallest value whose makespan is within 5 % of the best, {b} {unit})\n"
                )),
                _ => out.push_str("knee: none (no run completed)\n"),
            }
            out
        }
    }
}

/// The output of a comparison in `format`.
pub fn compare(variants: &[Variant], format: Format, unit: &str) -> String {
    let rows: Vec<(String, &Numbers)> = variants.iter().map(|v| (v.label.clone(), &v.numbers)).collect();
    match format {
        Format::Csv => csv("label", &rows),
        Format::Json => {
            let items: Vec<String> = variants.iter().map(|v| fields(("label", json!(v.label)), &v.numbers)).collect();
            format!("{{\n  \"variants\": {}\n}}\n", list(&items, "  "))
        }
        Format::Table => table("variant", &rows, unit),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_and_round_up() {
        assert_eq!(bar(40, 40).chars().count(), BAR);
        assert_eq!(bar(10, 40).chars().count(), 8);
        assert_eq!(bar(1, 40).chars().count(), 1);
        assert_eq!(bar(0, 0), "");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a.tl"), "a.tl");
        assert_eq!(csv_field("a,b \"c\""), "\"a,b \"\"c\"\"\"");
    }
}
