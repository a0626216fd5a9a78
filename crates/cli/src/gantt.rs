//! The ASCII Gantt chart of a run, as printed by `threadlab run`: a time axis, one lane per
//! core, one lane per thread (at most [`MAX_THREAD_LANES`]), and a legend of every symbol used.
//!
//! Time is scaled to the chart width: each column covers `ceil(makespan / width)` ticks (at
//! least one), and shows what took most of that column's time (its *dominant* activity).
//! Lanes are built in one pass over the segments into per-column accumulators, so the cost
//! is linear in the number of segments plus the size of the chart.
//!
//! ```text
//! ms          0           12
//!             +-----------+
//! core 0     |aaaa..aa....|
//! core 1     |..~bbb...bbb|
//!            |            |
//! a = main   |####ii##    |
//! b = worker |..-###LLL###|
//! c = logger |ssssssssss--|
//! ```

use threadlab_sim::trace::{Cause, CoreActivity, State};
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

/// Ticks covered by one column: `ceil(makespan / width)`, at least 1.
pub fn ticks_per_column(makespan: u64, width: usize) -> u64 {
    makespan.div_ceil(width.max(1) as u64).max(1)
}

/// What a thread lane cell can show. The order is the tie-break order: when two marks take
/// equally long in one column, the first one listed here wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Running,
    Lock,
    Wait,
    Join,
    Acquire,
    Gil,
    Io,
    Sleep,
    /// Blocked with no cause given (not produced by the engine; drawn rather than dropped).
    Blocked,
    Runnable,
    New,
    Dead,
}

const NMARKS: usize = 12;

/// Tie-break order (index = `Mark as usize`).
const MARKS: [Mark; NMARKS] = [
    Mark::Running,
    Mark::Lock,
    Mark::Wait,
    Mark::Join,
    Mark::Acquire,
    Mark::Gil,
    Mark::Io,
    Mark::Sleep,
    Mark::Blocked,
    Mark::Runnable,
    Mark::New,
    Mark::Dead,
];

/// The order marks are explained in the legend.
const LEGEND_ORDER: [Mark; NMARKS] = [
    Mark::Running,
    Mark::Runnable,
    Mark::New,
    Mark::Io,
    Mark::Sleep,
    Mark::Lock,
    Mark::Wait,
    Mark::Join,
    Mark::Gil,
    Mark::Acquire,
    Mark::Blocked,
    Mark::Dead,
];

impl Mark {
    fn of(state: State, cause: Option<Cause>) -> Mark {
        match state {
            State::New => Mark::New,
            State::Runnable => Mark::Runnable,
            State::Running => Mark::Running,
            State::Dead => Mark::Dead,
            State::Blocked => match cause {
                Some(Cause::Io) => Mark::Io,
                Some(Cause::Sleep) => Mark::Sleep,
                Some(Cause::Lock) => Mark::Lock,
                Some(Cause::Wait) => Mark::Wait,
                Some(Cause::Join) => Mark::Join,
                Some(Cause::Gil) => Mark::Gil,
                Some(Cause::Acquire) => Mark::Acquire,
                None => Mark::Blocked,
            },
        }
    }

    fn symbol(self) -> char {
        match self {
            Mark::Running => '#',
            Mark::Runnable => '-',
            Mark::New => '.',
            Mark::Io => 'i',
            Mark::Sleep => 's',
            Mark::Lock => 'L',
            Mark::Wait => 'W',
            Mark::Join => 'J',
            Mark::Gil => 'G',
            Mark::Acquire => 'A',
            Mark::Blocked => '?',
            Mark::Dead => ' ',
        }
    }

    fn meaning(self) -> &'static str {
        match self {
            Mark::Running => "# running",
            Mark::Runnable => "- runnable (waiting for a core)",
            Mark::New => ". not started yet",
            Mark::Io => "i blocked: I/O",
            Mark::Sleep => "s blocked: sleep",
            Mark::Lock => "L blocked: lock",
            Mark::Wait => "W blocked: wait (monitor)",
            Mark::Join => "J blocked: join",
            Mark::Gil => "G blocked: waiting for the GIL",
            Mark::Acquire => "A blocked: acquire (semaphore)",
            Mark::Blocked => "? blocked (no cause given)",
            Mark::Dead => "(blank) dead",
        }
    }
}

/// How time maps to columns.
#[derive(Debug, Clone, Copy)]
struct Scale {
    makespan: u64,
    per_col: u64,
    cols: usize,
}

impl Scale {
    fn new(makespan: u64, width: usize) -> Scale {
        let per_col = ticks_per_column(makespan, width);
        let cols = makespan.div_ceil(per_col) as usize;
        Scale { makespan, per_col, cols }
    }

    /// Length in ticks of column `c` (the last one may be shorter).
    fn col_len(&self, c: usize) -> u64 {
        let start = c as u64 * self.per_col;
        self.per_col.min(self.makespan.saturating_sub(start))
    }

    /// Calls `f(column, ticks)` for every column that `[start, end)` overlaps (clipped to
    /// the run), with the number of its ticks inside that column.
    fn spread(&self, start: u64, end: u64, mut f: impl FnMut(usize, u64)) {
        let end = end.min(self.makespan);
        if start >= end {
            return;
        }
        let t = self.per_col;
        for c in start / t..=(end - 1) / t {
            let cs = c * t;
            let ce = cs.saturating_add(t);
            f(c as usize, end.min(ce) - start.max(cs));
        }
    }
}

/// Renders the chart and its legend for a chart `width` columns wide (the caller keeps
/// `width` in 20..=1000; any value ≥ 1 works). Every line ends with `\n`.
pub fn render(r: &RunResult, width: usize) -> String {
    let scale = Scale::new(r.makespan, width);
    let mut out = String::new();
    if scale.cols == 0 {
        out.push_str("(nothing to draw: the run lasted 0 ticks)\n");
        return out;
    }

    let shown = r.threads.len().min(MAX_THREAD_LANES);
    let (core_lanes, core_used) = core_lanes(r, &scale);
    let (thread_lanes, marks_used) = thread_lanes(r, &scale, shown);

    let mut labels: Vec<String> = (0..core_lanes.len()).map(|c| format!("core {c}")).collect();
    labels.extend((0..shown).map(|i| format!("{} = {}", key(i), shorten(&r.threads[i].name, MAX_NAME_IN_LABEL))));
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
        push_lane(&mut out, "", lw, &" ".repeat(scale.cols));
    }
    for lane in &thread_lanes {
        push_lane(&mut out, &labels.next().unwrap_or_default(), lw, lane);
    }
    if r.threads.len() > shown {
        let more = r.threads.len() - shown;
        let s = if more == 1 { "" } else { "s" };
        push_line(&mut out, &format!("{:lw$}  … {more} more thread{s} (use --json for all)", ""));
    }
    if core_lanes.len() + thread_lanes.len() > AXIS_BELOW_AFTER_LANES {
        push_line(&mut out, &format!("{pad}{axis_ruler}"));
        push_line(&mut out, &format!("{unit:<lw$}  {axis_labels}"));
    }

    out.push('\n');
    out.push_str(&legend(r, &scale, &core_used, &marks_used, shown, lw + 3 + scale.cols));
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
/// 256 + 1). Each cell: key of the thread that ran most of the column, `~` when switching
/// took most of it, `.` when the core was idle most of it. Ties: a thread beats a switch,
/// which beats idle; between threads, the one whose segment came first in `core_segments`.
fn core_lanes(r: &RunResult, scale: &Scale) -> (Vec<String>, CoreUsed) {
    const MAX_CORE_LANES: usize = threadlab_sim::limits::MAX_CORES as usize + 1;
    let nthreads = r.threads.len();
    let max_named = r.core_segments.iter().map(|s| s.core as usize + 1).max().unwrap_or(0);
    let ncores = r.cores.len().max(max_named).min(MAX_CORE_LANES);
    let cols = scale.cols;
    let switch_key = nthreads as u32;

    // Contributions (bucket = core * cols + column, key, ticks), bucketed by a stable
    // counting sort so that each bucket keeps segment order.
    let mut contrib: Vec<(u32, u32, u64)> = Vec::with_capacity(r.core_segments.len() * 2);
    for s in &r.core_segments {
        let core = s.core as usize;
        let key = match s.activity {
            CoreActivity::Run(t) if (t as usize) < nthreads => t,
            CoreActivity::Run(_) => continue,
            CoreActivity::Switch(_) => switch_key,
        };
        if core >= ncores {
            continue;
        }
        scale.spread(s.start, s.end, |c, ticks| contrib.push(((core * cols + c) as u32, key, ticks)));
    }
    let nb = ncores * cols;
    let mut starts = vec![0usize; nb + 1];
    for &(b, _, _) in &contrib {
        starts[b as usize + 1] += 1;
    }
    for b in 0..nb {
        starts[b + 1] += starts[b];
    }
    let mut next = starts.clone();
    let mut sorted = vec![(0u32, 0u64); contrib.len()];
    for &(b, k, ticks) in &contrib {
        sorted[next[b as usize]] = (k, ticks);
        next[b as usize] += 1;
    }
    drop(contrib);

    let mut used = CoreUsed::default();
    let mut counts = vec![0u64; nthreads + 1];
    let mut touched: Vec<u32> = Vec::new();
    let mut lanes = Vec::with_capacity(ncores);
    for core in 0..ncores {
        let mut lane = String::with_capacity(cols);
        for c in 0..cols {
            let b = core * cols + c;
            let mut sum = 0u64;
            for &(k, ticks) in &sorted[starts[b]..starts[b + 1]] {
                if counts[k as usize] == 0 {
                    touched.push(k);
                }
                counts[k as usize] += ticks;
                sum = sum.saturating_add(ticks);
            }
            // (count, rank): a thread ranks 2, a switch 1; strict comparison keeps the first.
            let mut best: Option<(u32, u64, u8)> = None;
            for &k in &touched {
                let rank = if k == switch_key { 1 } else { 2 };
                let n = counts[k as usize];
                if best.is_none_or(|(_, bn, br)| (n, rank) > (bn, br)) {
                    best = Some((k, n, rank));
                }
                counts[k as usize] = 0;
            }
            touched.clear();
            let idle = scale.col_len(c).saturating_sub(sum);
            let ch = match best {
                Some((k, n, _)) if n >= idle => {
                    if k == switch_key {
                        used.switch = true;
                        '~'
                    } else {
                        let ch = key(k as usize);
                        if ch == '*' {
                            used.star = true;
                        } else {
                            used.thread = true;
                        }
                        ch
                    }
                }
                _ => {
                    used.idle = true;
                    '.'
                }
            };
            lane.push(ch);
        }
        lanes.push(lane);
    }
    (lanes, used)
}

/// One lane for each of the first `shown` threads. Time before a thread's first segment
/// counts as New, time after its last one as Dead when it has an end.
fn thread_lanes(r: &RunResult, scale: &Scale, shown: usize) -> (Vec<String>, [bool; NMARKS]) {
    let cols = scale.cols;
    let mut acc = vec![[0u64; NMARKS]; shown * cols];
    let mut first = vec![u64::MAX; shown];
    let mut last = vec![0u64; shown];
    for s in &r.segments {
        let t = s.thread as usize;
        if t >= shown {
            continue;
        }
        first[t] = first[t].min(s.start);
        last[t] = last[t].max(s.end);
        let m = Mark::of(s.state, s.cause) as usize;
        let lane = &mut acc[t * cols..(t + 1) * cols];
        scale.spread(s.start, s.end, |c, ticks| lane[c][m] += ticks);
    }
    let mut used = [false; NMARKS];
    let mut lanes = Vec::with_capacity(shown);
    for t in 0..shown {
        let lane = &mut acc[t * cols..(t + 1) * cols];
        let end = r.threads[t].end;
        let (first, last) = if first[t] == u64::MAX {
            let e = end.unwrap_or(scale.makespan);
            (e, e)
        } else {
            (first[t], last[t])
        };
        scale.spread(0, first, |c, ticks| lane[c][Mark::New as usize] += ticks);
        if end.is_some() {
            scale.spread(last, scale.makespan, |c, ticks| lane[c][Mark::Dead as usize] += ticks);
        }
        let mut text = String::with_capacity(cols);
        for cell in lane.iter() {
            let mut best = Mark::New;
            let mut best_n = 0;
            for (i, &n) in cell.iter().enumerate() {
                if n > best_n {
                    best = MARKS[i];
                    best_n = n;
                }
            }
            used[best as usize] = true;
            text.push(best.symbol());
        }
        lanes.push(text);
    }
    (lanes, used)
}

/// The two axis rows (labels, ruler) for the cells, without the label column. Position `p`
/// in `0..cols` is the cell covering tick `p * per_col`; position `cols` is the lane's
/// closing `|`, where the makespan is written.
fn axis(scale: &Scale) -> (String, String) {
    let t = scale.per_col;
    let m = scale.makespan;
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

/// The legend: symbols used by core lanes and thread lanes, the thread keys, the scale.
fn legend(r: &RunResult, scale: &Scale, core: &CoreUsed, marks: &[bool; NMARKS], shown: usize, wrap: usize) -> String {
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
    let thread_items: Vec<String> =
        LEGEND_ORDER.iter().filter(|m| marks[**m as usize]).map(|m| m.meaning().to_string()).collect();
    push_wrapped(&mut out, "  threads  ", &thread_items, wrap);
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
    use threadlab_sim::trace::{CoreSegment, Segment};
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
a = main   |####ii##    |
b = worker |..-###LLL###|
c = logger |ssssssssss--|

legend
  cores    key = the thread running (keys below), ~ context switch, . idle
  threads  # running, - runnable (waiting for a core), . not started yet,
           i blocked: I/O, s blocked: sleep, L blocked: lock, (blank) dead
  keys     a = main, b = worker, c = logger
  scale    1 column = 1 ms
";
        assert_eq!(got, want, "\n{got}");
    }

    #[test]
    fn print_example() {
        // `cargo test -p threadlab-cli --bins print_example -- --nocapture` shows it.
        println!("{}", render(&small(), 72));
    }

    #[test]
    fn columns_scale_by_ceiling() {
        assert_eq!(ticks_per_column(0, 72), 1);
        assert_eq!(ticks_per_column(72, 72), 1);
        assert_eq!(ticks_per_column(73, 72), 2);
        assert_eq!(ticks_per_column(144, 72), 2);
        assert_eq!(ticks_per_column(145, 72), 3);
        let s = Scale::new(145, 72);
        assert_eq!(s.cols, 49);
        assert_eq!(s.col_len(48), 1);
        let mut seen = vec![];
        s.spread(2, 8, |c, n| seen.push((c, n)));
        assert_eq!(seen, vec![(0, 1), (1, 3), (2, 2)]);
        let mut seen = vec![];
        s.spread(140, 1000, |c, n| seen.push((c, n)));
        assert_eq!(seen, vec![(46, 1), (47, 3), (48, 1)]);
    }

    #[test]
    fn makespan_at_most_width_is_one_tick_per_column() {
        let mut r = result(20, 1, vec![thread("a", Some(20))]);
        r.segments = vec![seg(0, State::Running, None, 0, 20)].into();
        r.core_segments = vec![run(0, 0, 0, 20)].into();
        let out = render(&r, 20);
        assert!(out.contains("core 0 |aaaaaaaaaaaaaaaaaaaa|\n"), "{out}");
        assert!(out.contains("a = a  |####################|\n"), "{out}");
    }

    #[test]
    fn dominant_state_wins_each_column() {
        // 3 ticks per column (makespan 60, width 20).
        let mut r = result(60, 1, vec![thread("a", Some(60)), thread("b", Some(60))]);
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
            // columns 3..: dead (the thread ended at 60, its trace stops here)
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
        assert!(out.contains("a = a  |i-#                 |\n"), "{out}");
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
        assert!(out.contains("\n* = t199 |##########|\n"), "{out}");
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
        // Debug builds are ~10x slower than release; release takes a few tens of ms.
        assert!(took.as_secs_f64() < 5.0, "took {took:?}");
    }
}
