//! The ASCII Gantt chart of a run, as printed by `threadlab run`: a time axis, one lane per
//! core, one lane per thread (at most [`MAX_THREAD_LANES`], grouped by process), and a legend
//! of every symbol used.
//!
//! The lanes are drawn from the chart model of `threadlab_share::chart`, as the app's canvas
//! and the SVG/PNG exports are, so the three agree: time is cut into columns of
//! `ceil(extent / width)` ticks (at least one; the extent is the makespan, and past it the
//! "forever" tails of a deadlock or a stall), and each column shows what took most of its
//! time (its *dominant* activity, [`chart::bin`]). Each thread lane ends with the one-character
//! end mark of its fate (finished `|`, crashed `X`, killed `K`, stuck `!`) in the cell after
//! its last one. The cost is linear in the number of segments plus the size of the chart.
//!
//! ```text
//! ms          0           12
//!             +-----------+
//! core 0     |aaaa..aa....|
//! core 1     |..~bbb...bbb|
//!            |            |
//! a = main   |####ii##|   |
//! b = worker |..-###LLL##||
//! c = logger |ssssssssss--|
//! ```

use threadlab_share::chart::{self, bin, core_items, thread_items, Columns, CoreKey, Item, LegendKey, LegendSet, Row};
use threadlab_sim::trace::{Cause, CoreSegment, Segment};
use threadlab_sim::RunResult;

/// At most this many thread lanes are drawn; the others are summed up in one line.
pub const MAX_THREAD_LANES: usize = 200;
/// Thread names longer than this are shortened (with `…`) in lane labels.
const MAX_NAME_IN_LABEL: usize = 20;
/// The unit is shown in the label column of the axis when it is at most this long.
const MAX_UNIT_IN_LABEL: usize = 12;
/// With more lanes than this, the time axis is drawn below the chart too.
const AXIS_BELOW_AFTER_LANES: usize = 20;

const KEYS: &[u8; 62] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// The one-character key of thread number `i` (`a` for the first thread): `a`–`z`, `A`–`Z`,
/// `0`–`9`, then `*` for every thread after the 62nd.
pub fn key(i: usize) -> char {
    KEYS.get(i).map_or('*', |&b| b as char)
}

/// Ticks covered by one column: `ceil(extent / width)`, at least 1 (as [`Columns::whole`]).
#[cfg(test)]
fn ticks_per_column(extent: u64, width: usize) -> u64 {
    Columns::whole(extent, width).per as u64
}

/// The symbol of a legend entry in a thread lane (end marks: `chart::end_glyph`'s one
/// character).
pub fn symbol(k: LegendKey) -> char {
    match k {
        LegendKey::Running => '#',
        LegendKey::Runnable => '-',
        LegendKey::New => '.',
        LegendKey::Switch => '~',
        LegendKey::Blocked(c) => match c {
            Cause::Io => 'i',
            Cause::Sleep => 's',
            Cause::Lock => 'L',
            Cause::Wait => 'W',
            Cause::Join => 'J',
            Cause::Gil => 'G',
            Cause::Acquire => 'A',
        },
        LegendKey::BlockedOther => '?',
        LegendKey::Forever => '%',
        LegendKey::End(f) => chart::end_glyph(f).1,
    }
}

/// How time maps to columns, for the axis: `cols` columns of `per_col` ticks, ending at `end`.
#[derive(Debug, Clone, Copy)]
struct Scale {
    end: u64,
    per_col: u64,
    cols: usize,
}

impl Scale {
    fn of(c: &Columns) -> Scale {
        Scale { end: c.end as u64, per_col: c.per as u64, cols: c.count }
    }

    #[cfg(test)]
    fn new(end: u64, width: usize) -> Scale {
        Scale::of(&Columns::whole(end, width))
    }
}

/// Renders the chart and its legend for a chart `width` columns wide (the caller keeps
/// `width` in 20..=1000; any value ≥ 1 works). Every line ends with `\n`.
pub fn render(r: &RunResult, width: usize) -> String {
    let extent = chart::extent(r);
    let cols = Columns::whole(extent, width);
    let scale = Scale::of(&cols);
    let mut out = String::new();
    if cols.count == 0 {
        out.push_str("(nothing to draw: the run lasted 0 ticks)\n");
        return out;
    }

    // The rows drawn: the first MAX_THREAD_LANES threads in row order, each process heading
    // before its first thread shown.
    let mut rows: Vec<Row> = Vec::new();
    let mut heading: Option<Row> = None;
    let mut shown = 0;
    for row in chart::thread_rows(r) {
        match row {
            Row::Process(_) => heading = Some(row),
            Row::Thread { .. } if shown < MAX_THREAD_LANES => {
                rows.extend(heading.take());
                rows.push(row);
                shown += 1;
            }
            Row::Thread { .. } => break,
        }
    }

    let (core_lanes, core_used) = core_lanes(r, &cols);
    let (lanes, used) = thread_lanes(r, &cols, &rows);

    let label = |id: u32, daemon: bool| {
        let name = shorten(r.thread_name(id), MAX_NAME_IN_LABEL);
        let tag = if daemon { " (daemon)" } else { "" };
        format!("{} = {name}{tag}", key(id as usize))
    };
    let mut labels: Vec<String> = (0..core_lanes.len()).map(|c| format!("core {c}")).collect();
    labels.extend(rows.iter().filter_map(|row| match row {
        Row::Thread { id, daemon } => Some(label(*id, *daemon)),
        Row::Process(_) => None,
    }));
    let unit = if r.unit.chars().count() <= MAX_UNIT_IN_LABEL { r.unit.as_str() } else { "" };
    let lw = labels.iter().map(|l| l.chars().count()).chain([unit.chars().count()]).max().unwrap_or(0);

    let (axis_labels, axis_ruler) = axis(&scale);
    let pad = " ".repeat(lw + 2);
    push_line(&mut out, &format!("{unit:<lw$}  {axis_labels}"));
    push_line(&mut out, &format!("{pad}{axis_ruler}"));

    let mut labels = labels.into_iter();
    for lane in &core_lanes {
        push_lane(&mut out, &labels.next().unwrap_or_default(), lw, lane);
    }
    if !core_lanes.is_empty() && shown > 0 {
        push_lane(&mut out, "", lw, &" ".repeat(cols.count));
    }
    let mut lanes = lanes.iter();
    for row in &rows {
        match row {
            Row::Process(p) => push_line(&mut out, &format!("[process {p}]")),
            Row::Thread { .. } => {
                let cells = lanes.next().map(String::as_str).unwrap_or_default();
                push_lane(&mut out, &labels.next().unwrap_or_default(), lw, cells);
            }
        }
    }
    if r.threads.len() > shown {
        let more = r.threads.len() - shown;
        let s = if more == 1 { "" } else { "s" };
        push_line(&mut out, &format!("{:lw$}  … {more} more thread{s} (use --json for all)", ""));
    }
    if core_lanes.len() + shown > AXIS_BELOW_AFTER_LANES {
        push_line(&mut out, &format!("{pad}{axis_ruler}"));
        push_line(&mut out, &format!("{unit:<lw$}  {axis_labels}"));
    }

    out.push('\n');
    out.push_str(&legend(r, &scale, &core_used, &used, shown, lw + 3 + cols.count));
    out
}

fn push_line(out: &mut String, line: &str) {
    out.push_str(line.trim_end());
    out.push('\n');
}

fn push_lane(out: &mut String, label: &str, lw: usize, cells: &str) {
    let pad = lw.saturating_sub(label.chars().count());
    out.push_str(label);
    out.extend(std::iter::repeat_n(' ', pad));
    out.push_str(" |");
    out.push_str(cells);
    out.push_str("|\n");
}

/// `name`, cut to `max` characters with a final `…` when longer.
fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// What the core lanes used, for the legend.
#[derive(Debug, Default)]
struct CoreUsed {
    thread: bool,
    star: bool,
    switch: bool,
    idle: bool,
}

/// One lane per core (at least `r.cores.len()`, more if segments name higher cores, at most
/// 256 + 1), binned by the chart model: each cell the key of the thread that ran most of the
/// column, `~` when switching took most of it, `.` when the core was idle most of it. Ties: a
/// thread beats a switch, which beats idle; between threads, the one met first.
fn core_lanes(r: &RunResult, cols: &Columns) -> (Vec<String>, CoreUsed) {
    const MAX_CORE_LANES: usize = threadlab_sim::limits::MAX_CORES as usize + 1;
    let nthreads = r.threads.len();
    let max_named = r.core_segments.iter().map(|s| s.core as usize + 1).max().unwrap_or(0);
    let ncores = r.cores.len().max(max_named).min(MAX_CORE_LANES);
    let mut segs: Vec<Vec<CoreSegment>> = vec![Vec::new(); ncores];
    for g in &r.core_segments {
        let known = match CoreKey::of(&g) {
            CoreKey::Thread(t) => (t as usize) < nthreads,
            CoreKey::Switch => true,
        };
        if let Some(lane) = segs.get_mut(g.core as usize).filter(|_| known) {
            lane.push(g);
        }
    }
    let mut used = CoreUsed::default();
    let lanes = segs
        .iter()
        .map(|lane| {
            let mut cells = vec!['.'; cols.count];
            for b in bin(core_items(lane, LegendSet::default()), cols, CoreKey::rank) {
                let ch = match b.key {
                    CoreKey::Thread(t) => key(t as usize),
                    CoreKey::Switch => '~',
                };
                cells[b.from..b.to].fill(ch);
            }
            for &ch in &cells {
                match ch {
                    '.' => used.idle = true,
                    '~' => used.switch = true,
                    '*' => used.star = true,
                    _ => used.thread = true,
                }
            }
            cells.into_iter().collect()
        })
        .collect();
    (lanes, used)
}

/// What the thread lanes used, for the legend: the entries drawn, and blank (dead) cells.
#[derive(Debug, Default)]
struct Used {
    keys: LegendSet,
    blank: bool,
}

/// One lane for each thread of `rows`, binned by the chart model (time before a thread's
/// first segment shows as not started, after its end as blank), with its forever tail past
/// the end of the run and its end mark in the cell after its last one (or in the last
/// column).
fn thread_lanes(r: &RunResult, cols: &Columns, rows: &[Row]) -> (Vec<String>, Used) {
    let n = r.threads.len();
    // Only the lanes drawn are dealt out (a run may have thousands of threads, 200 drawn).
    let mut drawn = vec![false; n];
    for row in rows {
        if let Row::Thread { id, .. } = *row {
            if let Some(d) = drawn.get_mut(id as usize) {
                *d = true;
            }
        }
    }
    let mut segs: Vec<Vec<Segment>> = vec![Vec::new(); n];
    for s in &r.segments {
        if drawn.get(s.thread as usize) == Some(&true) {
            segs[s.thread as usize].push(s);
        }
    }
    // Each thread's tails and end marks, found without a scan of every thread's per row.
    let mut tails: Vec<Vec<chart::Tail>> = vec![Vec::new(); n];
    for t in chart::forever_tails(r) {
        if let Some(v) = tails.get_mut(t.thread as usize) {
            v.push(t);
        }
    }
    let mut marks: Vec<Vec<chart::EndMark>> = vec![Vec::new(); n];
    for m in chart::end_marks(r) {
        if let Some(v) = marks.get_mut(m.thread as usize) {
            v.push(m);
        }
    }
    let extent = cols.end as u64;
    let mut used = Used::default();
    let mut lanes = Vec::with_capacity(rows.len());
    for row in rows {
        let Row::Thread { id, .. } = *row else { continue };
        let lane = &segs[id as usize];
        let tail = tails[id as usize].iter().map(|t| Item {
            start: t.from,
            end: extent,
            key: Some(LegendKey::Forever),
            index: usize::MAX,
        });
        let mut cells = vec![' '; cols.count];
        for b in bin(thread_items(r, id, lane, LegendSet::default()).chain(tail), cols, LegendKey::rank) {
            cells[b.from..b.to].fill(symbol(b.key));
            used.keys.insert(b.key);
        }
        for m in &marks[id as usize] {
            let c = (cols.at(m.tick as f64).ceil() as usize).min(cols.count - 1);
            cells[c] = symbol(m.key());
            used.keys.insert(m.key());
        }
        used.blank |= cells.contains(&' ');
        lanes.push(cells.into_iter().collect());
    }
    (lanes, used)
}

/// The two axis rows (labels, ruler) for the cells, without the label column. Position `p`
/// in `0..cols` is the cell covering tick `p * per_col`; position `cols` is the lane's
/// closing `|`, where the chart's end (the makespan, or past it for forever tails) is written.
fn axis(scale: &Scale) -> (String, String) {
    let t = scale.per_col;
    let m = scale.end;
    let w = m.to_string().len() as u64;
    let need = (w + 2).max(6);
    // The smallest "nice" step (1, 2, 5 × 10^k ticks) that leaves `need` columns between labels.
    let mut step = None;
    let mut base = 1u64;
    'find: loop {
        for f in [1, 2, 5] {
            let Some(s) = base.checked_mul(f) else {
                break 'find;
            };
            if s / t >= need {
                step = Some(s);
                break 'find;
            }
        }
        let Some(b) = base.checked_mul(10) else { break };
        base = b;
    }
    // (position, text)
    let mut labels: Vec<(usize, String)> = Vec::new();
    if let Some(step) = step {
        let mut tick = 0u64;
        while tick < m {
            let pos = (tick / t) as usize;
            let free = labels.last().is_none_or(|(p, s)| p + s.len() < pos);
            if free {
                labels.push((pos, tick.to_string()));
            }
            match tick.checked_add(step) {
                Some(n) => tick = n,
                None => break,
            }
        }
    } else {
        labels.push((0, "0".to_string()));
    }
    let end = (scale.cols, m.to_string());
    while labels.len() > 1 && labels.last().is_some_and(|(p, s)| p + s.len() >= end.0) {
        labels.pop();
    }
    if labels.last().is_none_or(|(p, s)| p + s.len() < end.0) {
        labels.push(end);
    }

    let mut text = String::new();
    let mut ruler: Vec<u8> = vec![b'-'; scale.cols + 1];
    for (pos, s) in &labels {
        while text.len() < *pos {
            text.push(' ');
        }
        text.push_str(s);
        ruler[*pos] = b'+';
    }
    (text, String::from_utf8(ruler).unwrap_or_default())
}

/// The legend: symbols used by core lanes and thread lanes (in the app's words), the end
/// marks, the thread keys, the scale and the tick a deadlock or stall was detected.
fn legend(r: &RunResult, scale: &Scale, core: &CoreUsed, used: &Used, shown: usize, wrap: usize) -> String {
    let wrap = wrap.max(80);
    let mut out = String::from("legend\n");
    let mut core_items: Vec<String> = Vec::new();
    if core.thread || core.star {
        core_items.push("key = the thread running (keys below)".to_string());
    }
    if core.switch {
        core_items.push("~ context switch".to_string());
    }
    if core.idle {
        core_items.push(". idle".to_string());
    }
    push_wrapped(&mut out, "  cores    ", &core_items, wrap);
    let entry = |k: &LegendKey| format!("{} {}", symbol(*k), k.word());
    let mut thread_items: Vec<String> =
        chart::LEGEND.iter().filter(|k| !k.is_mark() && used.keys.contains(**k)).map(entry).collect();
    if used.blank {
        thread_items.push("(blank) dead".to_string());
    }
    push_wrapped(&mut out, "  threads  ", &thread_items, wrap);
    let ends: Vec<String> =
        chart::LEGEND.iter().filter(|k| k.is_mark() && used.keys.contains(**k)).map(entry).collect();
    push_wrapped(&mut out, "  ends     ", &ends, wrap);
    let mut keys: Vec<String> =
        r.threads.iter().take(KEYS.len()).enumerate().map(|(i, t)| format!("{} = {}", key(i), t.name)).collect();
    if r.threads.len() > KEYS.len() {
        keys.push(format!("* = any of the other {} threads", r.threads.len() - KEYS.len()));
    }
    push_wrapped(&mut out, "  keys     ", &keys, wrap);
    let unit = &r.unit;
    let mut scale_line = if scale.per_col == 1 {
        format!("  scale    1 column = 1 {unit}")
    } else {
        format!("  scale    1 column = {} {unit}; a cell shows what took most of its time", scale.per_col)
    };
    if let Some((tick, what)) = chart::detection(r) {
        let what = if what == "deadlock" { "deadlock" } else { "stall" };
        scale_line.push_str(&format!("; {what} detected at t={tick}, the run ends there"));
    }
    if shown < r.threads.len() {
        scale_line.push_str(&format!("; first {shown} of {} threads drawn", r.threads.len()));
    }
    push_line(&mut out, &scale_line);
    out
}

/// Writes `items` separated by ", " after `prefix`, wrapping lines at `wrap` characters.
fn push_wrapped(out: &mut String, prefix: &str, items: &[String], wrap: usize) {
    if items.is_empty() {
        return;
    }
    let indent = " ".repeat(prefix.chars().count());
    let mut line = prefix.to_string();
    let mut len = line.chars().count();
    let mut first = true;
    for (i, item) in items.iter().enumerate() {
        let sep = if i + 1 < items.len() { "," } else { "" };
        let n = item.chars().count() + sep.len();
        if !first && len + 1 + n > wrap {
            push_line(out, &line);
            line = indent.clone();
            len = indent.len();
            first = true;
        }
        if !first {
            line.push(' ');
            len += 1;
        }
        line.push_str(item);
        line.push_str(sep);
        len += n;
        first = false;
    }
    push_line(out, &line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_sim::result::{CoreStats, ThreadStats};
    use threadlab_sim::trace::{CoreActivity, State};
    use threadlab_sim::{Fate, Outcome};

    fn thread(name: &str, end: Option<u64>) -> ThreadStats {
        ThreadStats {
            name: name.to_string(),
            process: "main".to_string(),
            daemon: false,
            priority: 0,
            asyncio: false,
            arrival: Some(0),
            first_run: Some(0),
            end,
            cpu: 0,
            runnable: 0,
            blocked: [0; 7],
            fate: Fate::Finished,
        }
    }

    fn seg(thread: u32, state: State, cause: Option<Cause>, start: u64, end: u64) -> Segment {
        Segment {
            thread,
            state,
            cause,
            object: None,
            core: if state == State::Running { Some(0) } else { None },
            task: None,
            start,
            end,
        }
    }

    fn run(core: u32, thread: u32, start: u64, end: u64) -> CoreSegment {
        CoreSegment { core, activity: CoreActivity::Run(thread), start, end }
    }

    fn switch(core: u32, thread: u32, start: u64, end: u64) -> CoreSegment {
        CoreSegment { core, activity: CoreActivity::Switch(thread), start, end }
    }

    fn result(makespan: u64, cores: usize, threads: Vec<ThreadStats>) -> RunResult {
        RunResult {
            unit: "ms".to_string(),
            outcome: Outcome::Completed,
            makespan,
            cpu_utilization: 0.0,
            io_busy: 0,
            context_switches: 0,
            gil_handoffs: 0,
            cores: vec![CoreStats::default(); cores],
            threads,
            processes: vec!["main".to_string()],
            objects: vec![],
            tasks: vec![],
            task_threads: vec![],
            segments: Default::default(),
            core_segments: Default::default(),
            events: Default::default(),
            pools: vec![],
            goal: None,
            picks_made: 0,
        }
    }

    /// Worked example 1 of SCENARIO.md (round robin, quantum 1) with a switch cost added on
    /// a second core to show `~`, and a lock wait.
    fn small() -> RunResult {
        let mut r = result(12, 2, vec![thread("main", Some(8)), thread("worker", Some(12)), thread("logger", None)]);
        use State::*;
        r.segments = vec![
            seg(0, Running, None, 0, 4),
            seg(0, Blocked, Some(Cause::Io), 4, 6),
            seg(0, Running, None, 6, 8),
            seg(0, Dead, None, 8, 12),
            seg(1, New, None, 0, 2),
            seg(1, Runnable, None, 2, 3),
            seg(1, Running, None, 3, 6),
            seg(1, Blocked, Some(Cause::Lock), 6, 9),
            seg(1, Running, None, 9, 12),
            seg(2, Blocked, Some(Cause::Sleep), 0, 10),
            seg(2, Runnable, None, 10, 12),
        ]
        .into();
        r.core_segments =
            vec![run(0, 0, 0, 4), run(0, 0, 6, 8), switch(1, 1, 2, 3), run(1, 1, 3, 6), run(1, 1, 9, 12)].into();
        r
    }

    #[test]
    fn small_chart_is_exact() {
        let got = render(&small(), 72);
        let want = "\
ms          0           12
            +-----------+
core 0     |aaaa..aa....|
core 1     |..~bbb...bbb|
           |            |
a = main   |####ii##|   |
b = worker |..-###LLL##||
c = logger |ssssssssss--|

legend
  cores    key = the thread running (keys below), ~ context switch, . idle
  threads  # running, - runnable (waiting for a core), . not started yet,
           i blocked: I/O, s blocked: sleep, L blocked: lock, (blank) dead
  ends     | finished
  keys     a = main, b = worker, c = logger
  scale    1 column = 1 ms
";
        assert_eq!(got, want, "\n{got}");
    }

    /// The legend's symbols, by section (`cores`, `threads`, `ends`, `keys`): the first word
    /// of each item (`(blank)` is a space; `key` stands for the keys).
    fn legend_symbols(out: &str) -> std::collections::BTreeMap<String, Vec<char>> {
        let mut sections: std::collections::BTreeMap<String, Vec<char>> = Default::default();
        let mut current = String::new();
        for line in out[out.find("\nlegend\n").expect("a legend") + 8..].lines() {
            let (head, items) = line.split_at(11.min(line.len()));
            if !head.trim().is_empty() {
                current = head.trim().to_string();
            }
            if !["cores", "threads", "ends", "keys"].contains(&current.as_str()) {
                continue;
            }
            for item in items.split(", ").map(str::trim).filter(|i| !i.is_empty()) {
                let symbol = match item.split(' ').next().unwrap_or_default() {
                    "(blank)" => ' ',
                    "key" => continue,
                    word => word.chars().next().filter(|_| word.chars().count() == 1).unwrap_or_else(|| {
                        panic!("legend item {item:?} of {current:?} does not start with one symbol:\n{out}")
                    }),
                };
                sections.entry(current.clone()).or_default().push(symbol);
            }
        }
        sections
    }

    /// Every lane is as wide as the axis's ruler; every symbol drawn in a lane is in the legend
    /// (a core lane's: a core symbol or a thread's key; a thread lane's: a state or an end), and
    /// every symbol the legend lists is drawn somewhere: on the small run and on every preset.
    #[test]
    fn lanes_fit_the_ruler_and_the_legend_lists_exactly_what_is_drawn() {
        let mut runs = vec![("small".to_string(), small())];
        runs.extend(threadlab_sim::presets::all().iter().map(|p| (p.name.to_string(), sim(p.text))));
        for (name, r) in runs {
            let out = render(&r, 72);
            let ruler = out.lines().nth(1).unwrap_or_default();
            assert!(ruler.trim_start().starts_with('+'), "{name}: no ruler on line 2:\n{out}");
            let legend = legend_symbols(&out);
            let of = |section: &str| legend.get(section).cloned().unwrap_or_default();
            let (cores, keys) = (of("cores"), of("keys"));
            let threads: Vec<char> = of("threads").into_iter().chain(of("ends")).collect();
            assert!(!keys.is_empty() && !of("threads").is_empty(), "{name}: legend {legend:?}:\n{out}");
            let mut drawn = std::collections::BTreeSet::new();
            let chart = out.lines().skip(2).take_while(|l| *l != "legend");
            let mut lanes = 0;
            for lane in chart.filter(|l| l.trim_start().starts_with("core ") || l.contains(" = ")) {
                lanes += 1;
                assert_eq!(lane.chars().count(), ruler.chars().count(), "{name}: {lane:?} vs {ruler:?}");
                let cells = &lane[lane.find('|').expect("a lane opens with |") + 1..lane.len() - 1];
                let allowed =
                    if lane.starts_with("core ") { [&cores[..], &keys[..]].concat() } else { threads.clone() };
                for ch in cells.chars() {
                    assert!(allowed.contains(&ch), "{name}: {ch:?} in {lane:?} is not in the legend {legend:?}");
                    drawn.insert(ch);
                }
            }
            assert_eq!(lanes, r.cores.len() + r.threads.len().min(200), "{name}: lanes drawn:\n{out}");
            for ch in cores.iter().chain(&threads) {
                assert!(drawn.contains(ch), "{name}: the legend lists {ch:?}, drawn nowhere:\n{out}");
            }
        }
    }

    #[test]
    fn columns_scale_by_ceiling() {
        assert_eq!(ticks_per_column(0, 72), 1);
        assert_eq!(ticks_per_column(72, 72), 1);
        assert_eq!(ticks_per_column(73, 72), 2);
        assert_eq!(ticks_per_column(144, 72), 2);
        assert_eq!(ticks_per_column(145, 72), 3);
        let s = Scale::new(145, 72);
        assert_eq!((s.cols, s.per_col, s.end), (49, 3, 145));
        // The last column is shorter: a thread running 144..145 fills it.
        let mut r = result(145, 1, vec![thread("a", None)]);
        r.segments = vec![seg(0, State::Runnable, None, 0, 144), seg(0, State::Running, None, 144, 145)].into();
        let out = render(&r, 72);
        assert!(out.contains(&format!("a = a  |{}#|", "-".repeat(48))), "{out}");
    }

    #[test]
    fn makespan_at_most_width_is_one_tick_per_column() {
        let mut r = result(20, 1, vec![thread("a", Some(20))]);
        r.segments = vec![seg(0, State::Running, None, 0, 20)].into();
        r.core_segments = vec![run(0, 0, 0, 20)].into();
        let out = render(&r, 20);
        assert!(out.contains("core 0 |aaaaaaaaaaaaaaaaaaaa|\n"), "{out}");
        // The end mark (finished at the end of the chart) takes the last column.
        assert!(out.contains("a = a  |###################||\n"), "{out}");
    }

    #[test]
    fn dominant_state_wins_each_column() {
        // 3 ticks per column (makespan 60, width 20).
        let mut r = result(60, 1, vec![thread("a", Some(9)), thread("b", Some(60))]);
        use State::*;
        r.segments = vec![
            // column 0: running 1, io 2 -> i
            seg(0, Running, None, 0, 1),
            seg(0, Blocked, Some(Cause::Io), 1, 3),
            // column 1: runnable 2, running 1 -> -
            seg(0, Runnable, None, 3, 5),
            seg(0, Running, None, 5, 6),
            // column 2: lock 1, running 1, gil 1 -> tie: running first
            seg(0, Blocked, Some(Cause::Lock), 6, 7),
            seg(0, Running, None, 7, 8),
            seg(0, Blocked, Some(Cause::Gil), 8, 9),
            // column 3: its end mark; columns 4..: dead (the thread ended at 9)
        ]
        .into();
        r.core_segments = vec![
            // column 0: a 1, b 2 -> b
            run(0, 0, 0, 1),
            run(0, 1, 1, 3),
            // column 1: a 1, switch 1, idle 1 -> a (thread beats switch and idle on a tie)
            run(0, 0, 3, 4),
            switch(0, 1, 4, 5),
            // column 2: a 1, b 1, a 1 -> a (2 ticks, split over two segments)
            run(0, 0, 6, 7),
            run(0, 1, 7, 8),
            run(0, 0, 8, 9),
            // column 3: switch 2, b 1 -> ~
            switch(0, 1, 9, 11),
            run(0, 1, 11, 12),
            // column 4: b 1, idle 2 -> .
            run(0, 1, 12, 13),
        ]
        .into();
        let out = render(&r, 20);
        assert!(out.contains("core 0 |baa~................|\n"), "{out}");
        assert!(out.contains("a = a  |i-#|                |\n"), "{out}");
        assert!(out.contains("ms      0     20     40     60\n"), "{out}");
    }

    #[test]
    fn axis_labels_do_not_collide_and_end_at_makespan() {
        let (labels, ruler) = axis(&Scale::new(26, 72));
        assert_eq!(labels, "0         10        20    26");
        assert_eq!(ruler, "+---------+---------+-----+");
        let (labels, ruler) = axis(&Scale::new(1_000_000, 72));
        assert_eq!(labels, "0             200000        400000         600000        800000         1000000");
        assert_eq!(ruler.len(), 73);
        let (labels, _) = axis(&Scale::new(1, 72));
        assert_eq!(labels, "0"); // no room for "1" right after "0"
        let (labels, _) = axis(&Scale::new(3, 72));
        assert_eq!(labels, "0  3");
        let (labels, _) = axis(&Scale::new(u64::MAX, 1000));
        assert!(labels.starts_with('0') && labels.ends_with(&u64::MAX.to_string()), "{labels}");
    }

    #[test]
    fn more_than_62_threads_use_star() {
        assert_eq!(key(0), 'a');
        assert_eq!(key(25), 'z');
        assert_eq!(key(26), 'A');
        assert_eq!(key(52), '0');
        assert_eq!(key(61), '9');
        assert_eq!(key(62), '*');
        let threads = (0..70).map(|i| thread(&format!("t{i}"), Some(70))).collect();
        let mut r = result(70, 1, threads);
        r.core_segments = (0..70).map(|i| run(0, i, i as u64, i as u64 + 1)).collect();
        r.segments = (0..70).map(|i| seg(i, State::Running, None, i as u64, i as u64 + 1)).collect();
        let out = render(&r, 70);
        let core = out.lines().find(|l| l.starts_with("core 0")).unwrap();
        assert_eq!(core, format!("core 0  |{}********|", std::str::from_utf8(KEYS).unwrap()));
        assert!(out.contains("\n* = t69 |"), "{out}");
        assert!(out.contains("9 = t61, * = any of the other 8 threads"), "{out}");
        // The axis is repeated below a chart with many lanes.
        assert_eq!(out.lines().filter(|l| l.trim_start().starts_with("+---")).count(), 2);
    }

    #[test]
    fn more_than_200_threads_are_cut() {
        let threads = (0..250).map(|i| thread(&format!("t{i}"), Some(10))).collect();
        let mut r = result(10, 4, threads);
        r.segments = (0..250).map(|i| seg(i, State::Running, None, 0, 10)).collect();
        let out = render(&r, 72);
        assert!(out.contains("\n* = t199 |#########||\n"), "{out}");
        assert!(!out.contains("t200 "), "{out}");
        assert!(out.contains("… 50 more threads (use --json for all)\n"), "{out}");
        assert!(out.contains("first 200 of 250 threads drawn"), "{out}");
    }

    #[test]
    fn empty_and_odd_results_do_not_panic() {
        let r = result(0, 1, vec![]);
        assert!(render(&r, 72).contains("nothing to draw"));
        // Ids out of range, segments past the makespan, zero-length and inverted segments.
        let mut r = result(5, 1, vec![thread("a", None)]);
        r.segments = vec![
            seg(7, State::Running, None, 0, 3),
            seg(0, State::Running, None, 3, 100),
            seg(0, State::Running, None, 4, 2),
        ]
        .into();
        r.core_segments = vec![run(9, 0, 0, 5), run(0, 42, 0, 5), switch(0, 3, 1, 1), run(0, 0, 3, 100)].into();
        let out = render(&r, 1);
        assert!(out.contains("a = a  |.|"), "{out}");
        let out = render(&r, 72);
        assert!(out.contains("a = a  |...##|"), "{out}");
        assert!(out.contains("core 9 |aaaaa|"), "{out}");
    }

    #[test]
    fn a_million_segments_render_quickly() {
        let n = 1000u32;
        let threads = (0..n).map(|i| thread(&format!("t{i}"), Some(1_000_000))).collect();
        let mut r = result(1_000_000, 8, threads);
        r.segments = (0..1_000_000u64)
            .map(|i| {
                seg((i % n as u64) as u32, if i % 2 == 0 { State::Running } else { State::Runnable }, None, i, i + 1)
            })
            .collect();
        r.core_segments = (0..1_000_000u64).map(|i| run((i % 8) as u32, (i % n as u64) as u32, i, i + 1)).collect();
        let t = std::time::Instant::now();
        let out = render(&r, 1000);
        let took = t.elapsed();
        eprintln!("rendered 1M segments in {took:?}");
        assert!(out.contains("… 800 more threads"));
        // A guard against a quadratic blow-up (hours at 1M segments), not a timing: debug
        // builds take about 1 s here, and 5 s failed on a loaded 2-core machine (issue 15).
        assert!(took.as_secs_f64() < 60.0, "took {took:?}");
    }

    fn sim(text: &str) -> RunResult {
        threadlab_sim::run(text).expect("runs")
    }

    #[test]
    fn processes_get_a_heading_and_daemons_a_tag() {
        let r = sim("cores 2\nscheduler fifo\nthread main { cpu 4 }\nprocess p {\n  thread w { cpu 2; crash }\n  \
             thread v { sleep 9 }\n}\nthread logger daemon { sleep 100 }\n");
        let out = render(&r, 72);
        let lines: Vec<&str> = out.lines().collect();
        let at = |prefix: &str| {
            lines.iter().position(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{prefix}:\n{out}"))
        };
        // Threads in process order, each process under its heading.
        assert!(at("[process main]") < at("a = main") && at("a = main") < at("d = logger (daemon)"), "{out}");
        assert!(at("d = logger (daemon)") < at("[process p]") && at("[process p]") < at("b = w"), "{out}");
        // Fates: finished, crashed (the crashing thread and its process's other thread), killed.
        assert!(lines[at("a = main")].ends_with("|###||"), "{out}");
        assert!(lines[at("b = w")].ends_with("|##X |"), "{out}");
        assert!(lines[at("c = v")].ends_with("|ssX |"), "{out}");
        assert!(lines[at("d = logger (daemon)")].ends_with("sssK|"), "{out}");
        assert!(out.contains("  ends     | finished, X crashed, K killed (daemon cut off)\n"), "{out}");
        // One process: no headings.
        assert!(!render(&sim("thread a { cpu 1 }"), 72).contains("[process"));
    }

    #[test]
    fn a_stall_waits_forever_past_the_end() {
        let r = sim("thread a { lock m; wait m; unlock m }\nthread b { cpu 10 }\n");
        let out = render(&r, 72);
        let ext = chart::extent(&r);
        assert!(ext > r.makespan);
        // The axis runs to the extent; a's wait is drawn to it, with its stuck mark last.
        assert!(out.lines().next().unwrap_or_default().ends_with(&ext.to_string()), "{out}");
        let a = out.lines().find(|l| l.starts_with("a = a")).unwrap_or_default();
        assert_eq!(a, format!("a = a  |{}%!|", "W".repeat(10)), "{out}");
        assert!(out.contains("; stall detected at t="), "{out}");
        assert!(out.contains("% waits forever (deadlock or stall)"), "{out}");
    }

    #[test]
    fn every_symbol_is_the_models_key() {
        // The lanes are the model's bins: a symbol per legend entry, never two entries alike.
        let mut seen: Vec<char> = Vec::new();
        for k in chart::LEGEND {
            let ch = symbol(k);
            assert!(ch.is_ascii() && ch != ' ', "{k:?}");
            assert!(!seen.contains(&ch), "{k:?} shares {ch:?}");
            seen.push(ch);
        }
        assert_eq!(symbol(LegendKey::BlockedOther), '?');
        assert_eq!(symbol(LegendKey::Blocked(Cause::Acquire)), 'A');
    }
}
