//! Browser tests of what explains a run (issue 11, items 4, 7 and 9): the lifecycle diagram
//! lights the arrow of every transition the presets take, the events list (filters, click to
//! seek, a window of rows on long runs), the why-line of the cursor's tick, the numbers'
//! average row and the outcome banner's crashes and killed daemons. Expected values come from
//! `threadlab_sim::run` on the same text, derived here independently of the app's code.

mod harness;

use harness::{check_eq, js_str, preset, simulate, App, Outcome, REACT_TIMEOUT};
use threadlab_share::decimal::Fixed;
use threadlab_sim::result::Fate;
use threadlab_sim::trace::{EventKind, Reason, State, ThreadId};
use threadlab_sim::RunResult;

/// Waits until the run of `r` is the one on screen: no run pending, the thread chart's lanes
/// and the events list's count are `r`'s.
async fn wait_run(app: &App, r: &RunResult) -> Outcome {
    app.wait_js("the run to finish", "document.querySelector('#sim-progress') === null", REACT_TIMEOUT).await?;
    app.wait_attr("#gantt-threads", "data-lanes", &r.threads.len().to_string(), REACT_TIMEOUT).await?;
    app.wait_attr("#events", "data-count", &r.events.len().to_string(), REACT_TIMEOUT).await
}

/// Chooses a preset and waits until its run is on screen.
async fn choose_preset(app: &App, name: &str) -> Result<RunResult, String> {
    app.select("#preset-select", name).await?;
    let expr = format!("document.querySelector('#editor').value.trim() === {}", js_str(preset(name).trim()));
    app.wait_js(&format!("the editor to hold the text of preset {name:?}"), &expr, REACT_TIMEOUT).await?;
    let r = simulate(preset(name));
    wait_run(app, &r).await?;
    Ok(r)
}

/// Types a scenario and waits until its run is on screen.
async fn type_scenario(app: &App, text: &str) -> Result<RunResult, String> {
    app.set_text("#editor", text).await?;
    let r = simulate(text);
    wait_run(app, &r).await?;
    Ok(r)
}

/// Moves the cursor to `tick` with the scrubber and waits until the page shows it.
async fn seek(app: &App, tick: u64) -> Outcome {
    app.set_text("#scrub", &tick.to_string()).await?;
    app.wait_attr("#time", "data-tick", &tick.to_string(), REACT_TIMEOUT).await
}

/// Every state change of every thread, read off its segments and its end: (thread, from, to,
/// tick). A thread's first segment is entered from New; a thread with an end goes Dead then.
fn transitions(r: &RunResult) -> Vec<(ThreadId, State, State, u64)> {
    let mut out = Vec::new();
    for t in 0..r.threads.len() as ThreadId {
        let mut prev = State::New;
        for s in r.segments_of(t) {
            if s.state != prev {
                out.push((t, prev, s.state, s.start));
            }
            prev = s.state;
        }
        if let Some(end) = r.threads[t as usize].end {
            out.push((t, prev, State::Dead, end));
        }
    }
    out
}

fn word(s: State) -> &'static str {
    match s {
        State::New => "New",
        State::Runnable => "Runnable",
        State::Running => "Running",
        State::Blocked => "Blocked",
        State::Dead => "Dead",
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lifecycle_lights_every_transition_the_presets_take() {
    let app = App::open("the_lifecycle_lights_every_transition_the_presets_take").await;
    let outcome = app
        .run(async {
            // Each transition any preset takes, once: where it happens in the smallest preset.
            let mut presets: Vec<(&str, RunResult)> =
                threadlab_sim::presets::all().iter().map(|p| (p.name, simulate(p.text))).collect();
            presets.sort_by_key(|(_, r)| r.events.len());
            let mut cases: Vec<(&str, ThreadId, State, State, u64)> = Vec::new();
            for (name, r) in &presets {
                for (t, from, to, tick) in transitions(r) {
                    if !cases.iter().any(|c| (c.2, c.3) == (from, to)) {
                        cases.push((name, t, from, to, tick));
                    }
                }
            }
            for must in [(State::New, State::Running), (State::Blocked, State::Running), (State::Running, State::Blocked)] {
                if !cases.iter().any(|c| (c.2, c.3) == must) {
                    return Err(format!("no preset takes {must:?}: the test would prove nothing about it"));
                }
            }
            cases.sort_by_key(|c| c.0);
            let mut shown = "";
            for &(name, t, from, to, tick) in &cases {
                if name != shown {
                    choose_preset(&app, name).await?;
                    shown = name;
                }
                let what = format!("{name}: thread {t} goes {from:?} → {to:?} at {tick}");
                app.select("#lifecycle-thread", &t.to_string()).await?;
                seek(&app, tick).await?;
                app.wait_attr("#lifecycle-why", "data-tick", &tick.to_string(), REACT_TIMEOUT)
                    .await
                    .map_err(|e| format!("{what}: {e}"))?;
                let caption = (
                    app.attr("#lifecycle-why", "data-from").await?.unwrap_or_default(),
                    app.attr("#lifecycle-why", "data-to").await?.unwrap_or_default(),
                );
                check_eq(&format!("{what}: the caption's transition"), (from.as_str().into(), to.as_str().into()), caption.clone())?;
                let text = app.text("#lifecycle-why").await?;
                let named = format!("t = {tick}: {} → {}", word(from), word(to));
                if !text.starts_with(&named) {
                    return Err(format!("{what}: the caption should start with {named:?}, found {text:?}"));
                }
                check_eq(&format!("{what}: lit arrows"), 1, app.count("#lifecycle .edge.lit").await?)?;
                let lit = (
                    app.attr("#lifecycle .edge.lit", "data-from").await?.unwrap_or_default(),
                    app.attr("#lifecycle .edge.lit", "data-to").await?.unwrap_or_default(),
                );
                check_eq(&format!("{what}: the lit arrow"), caption, lit)?;
            }
            println!("transitions checked: {:?}", cases.iter().map(|c| (c.0, c.2, c.3)).collect::<Vec<_>>());
            // As drawn in the page: no arrow passes behind a box (points every pixel along each path).
            let behind = app
                .js(
                    "const boxes = [...document.querySelectorAll('#lifecycle .node rect')].map(r => \
                       [+r.getAttribute('x'), +r.getAttribute('y'), +r.getAttribute('width'), +r.getAttribute('height')]); \
                     const bad = []; \
                     for (const p of document.querySelectorAll('#lifecycle path.edge')) { \
                       const n = p.getTotalLength(); \
                       for (let s = 0; s <= n; s += 1) { \
                         const q = p.getPointAtLength(s); \
                         for (const [x, y, w, h] of boxes) { \
                           if (q.x > x + 0.01 && q.x < x + w - 0.01 && q.y > y + 0.01 && q.y < y + h - 0.01) \
                             bad.push(p.id + ' at ' + q.x + ',' + q.y); } } } \
                     return [document.querySelectorAll('#lifecycle path.edge').length, boxes.length, bad.slice(0, 5)];",
                    vec![],
                )
                .await?;
            check_eq("arrows, boxes and points behind a box", serde_json::json!([13, 5, []]), behind)?;
            app.js("document.querySelector('#lifecycle').scrollIntoView(); return true;", vec![]).await?;
            app.screenshot("lifecycle").await
        })
        .await;
    app.finish(outcome).await;
}

/// The rows of the events list: (data-tick, data-thread, data-kind, text).
async fn rows(app: &App) -> Result<Vec<(u64, String, String, String)>, String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('#events-rows li:not(.events-more)')].map(li => \
               [Number(li.getAttribute('data-tick')), li.getAttribute('data-thread'), li.getAttribute('data-kind'), li.textContent]);",
            vec![],
        )
        .await?;
    let rows = v.as_array().ok_or("the rows are not a list")?;
    Ok(rows
        .iter()
        .map(|r| {
            (
                r[0].as_u64().unwrap_or(u64::MAX),
                r[1].as_str().unwrap_or_default().to_string(),
                r[2].as_str().unwrap_or_default().to_string(),
                r[3].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_events_list_filters_and_moves_the_cursor() {
    let app = App::open("the_events_list_filters_and_moves_the_cursor").await;
    let outcome = app
        .run(async {
            let r = choose_preset(&app, "producer-consumer").await?;
            // Every event, in order, each row with its tick, thread and kind.
            let all = rows(&app).await?;
            let expected: Vec<(u64, String, String)> =
                r.events.iter().map(|e| (e.tick, r.thread_name(e.thread).to_string(), e.kind.as_str().to_string())).collect();
            check_eq(
                "the rows (tick, thread, kind)",
                expected,
                all.iter().map(|(t, w, k, _)| (*t, w.clone(), k.clone())).collect(),
            )?;
            for (t, who, _, text) in &all {
                if !text.contains(&format!("t = {t}")) || !text.contains(who.as_str()) {
                    return Err(format!("a row should say its tick {t} and thread {who}, found {text:?}"));
                }
            }
            // Filter by a thread, then also by kind.
            let (b, kind) = r
                .events
                .iter()
                .find(|e| e.kind == EventKind::Lock)
                .map(|e| (e.thread, e.kind))
                .ok_or("producer-consumer has no lock event")?;
            let name = r.thread_name(b).to_string();
            let of_b: Vec<u64> = r.events.iter().filter(|e| e.thread == b).map(|e| e.tick).collect();
            app.select("#events-thread", &b.to_string()).await?;
            app.wait_attr("#events", "data-count", &of_b.len().to_string(), REACT_TIMEOUT).await?;
            let shown = rows(&app).await?;
            check_eq(&format!("ticks of the events of {name}"), of_b, shown.iter().map(|r| r.0).collect())?;
            if let Some(bad) = shown.iter().find(|row| row.1 != name) {
                return Err(format!("filtered on {name}, a row of {} is shown: {bad:?}", bad.1));
            }
            let locks: Vec<u64> = r.events.iter().filter(|e| e.thread == b && e.kind == kind).map(|e| e.tick).collect();
            app.select("#events-kind", kind.as_str()).await?;
            app.wait_attr("#events", "data-count", &locks.len().to_string(), REACT_TIMEOUT).await?;
            let shown = rows(&app).await?;
            check_eq(&format!("ticks of {name}'s lock events"), locks.clone(), shown.iter().map(|r| r.0).collect())?;
            for row in &shown {
                if row.2 != "lock" || !row.3.contains(&format!("{name} takes lock")) {
                    return Err(format!("a lock row of {name} should say \"{name} takes lock\", found {row:?}"));
                }
            }
            // A click on a row moves the cursor to its tick (the last lock: a tick after 0).
            let target = *locks.last().ok_or("no lock row")?;
            if target == 0 {
                return Err("the last lock of the thread is at 0: the click would prove nothing".into());
            }
            app.click(&format!("#events-rows li:not(.events-more):nth-child({}) button", locks.len())).await?;
            app.wait_attr("#time", "data-tick", &target.to_string(), REACT_TIMEOUT).await?;
            app.wait_attr("#why", "data-tick", &target.to_string(), REACT_TIMEOUT).await?;
            let now = app.js("return [...document.querySelectorAll('#events-rows li.now')].map(li => Number(li.getAttribute('data-tick')));", vec![]).await?;
            let at_target: Vec<u64> = locks.iter().copied().filter(|&t| t == target).collect();
            check_eq("ticks of the rows marked now", serde_json::json!(at_target), now)?;
            // Every kind is offered, by its JSON name.
            let mut kinds: Vec<&str> = EventKind::ALL.iter().map(|k| k.as_str()).collect();
            kinds.insert(0, "");
            let offered = app.js("return [...document.querySelectorAll('#events-kind option')].map(o => o.value);", vec![]).await?;
            check_eq("the kinds offered by #events-kind", serde_json::json!(kinds), offered)?;
            app.js("document.querySelector('#events').scrollIntoView(); return true;", vec![]).await?;
            app.screenshot("events").await
        })
        .await;
    app.finish(outcome).await;
}

/// The number of rows a line of the events list stands for.
async fn hidden(app: &App, css: &str) -> Result<usize, String> {
    let n = app.attr(css, "data-hidden").await?.unwrap_or_default();
    n.parse().map_err(|_| format!("{css} data-hidden={n:?} is not a count"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_run_lists_a_window_of_events_around_the_cursor() {
    let app = App::open("a_long_run_lists_a_window_of_events_around_the_cursor").await;
    let outcome = app
        .run(async {
            let text = "cores 4\nthread w x 40 { repeat 300 { cpu 1; io 1 } }\n";
            let r = type_scenario(&app, text).await?;
            let n = r.events.len();
            if n < 20_000 {
                return Err(format!("the long run has only {n} events"));
            }
            // At the start: the first 200 rows and a line for the rest.
            const ROWS: usize = 200;
            let rows_css = "#events-rows li:not(.events-more)";
            let (first_line, last_line) = ("#events-rows li.events-more:first-child", "#events-rows li.events-more:last-child");
            seek(&app, 0).await?;
            check_eq("rows in the DOM at t = 0", ROWS, app.count(rows_css).await?)?;
            check_eq("lines of earlier events at t = 0", 0, app.count(first_line).await?)?;
            let more = app.attr(last_line, "data-hidden").await?;
            check_eq("the \"more\" line's count", Some((n - ROWS).to_string()), more)?;
            // In the middle: the cursor's rows near the top, the hidden ones counted on both sides.
            let mid = r.makespan / 2;
            seek(&app, mid).await?;
            let expr = format!(
                "(() => {{ const li = [...document.querySelectorAll('{rows_css}')]; \
                 return li.length > 0 && Number(li[0].getAttribute('data-tick')) < {mid} && \
                 Number(li[li.length - 1].getAttribute('data-tick')) >= {mid}; }})()"
            );
            app.wait_js("rows around the cursor", &expr, REACT_TIMEOUT).await?;
            let shown = app.count(rows_css).await?;
            let (before, after) = (hidden(&app, first_line).await?, hidden(&app, last_line).await?);
            check_eq("rows in the DOM in the middle", ROWS, shown)?;
            check_eq("earlier + shown + later", n, before + shown + after)?;
            // The first row is the third event before the cursor's first.
            let at_cursor = r.events.iter().position(|e| e.tick >= mid).ok_or("no event after the middle")?;
            check_eq("events before the first row", at_cursor - 3, before)?;
            check_eq("the first row's tick", r.events.get(before).map(|e| e.tick), Some(rows(&app).await?[0].0))?;
            // The cursor's rows are in the list's view.
            let seen = app
                .js(
                    "const box = document.querySelector('#events-rows'); const li = box.querySelector('li.now'); \
                     if (li === null) return 'no row at the cursor'; \
                     return li.offsetTop >= box.scrollTop && li.offsetTop + li.offsetHeight <= box.scrollTop + box.clientHeight;",
                    vec![],
                )
                .await?;
            check_eq("the cursor's row is in view", serde_json::json!(true), seen)?;
            // The "more" line moves the cursor to the first event it hides.
            let hidden_tick = r.events.get(n - after).map(|e| e.tick).ok_or("no hidden event")?;
            app.click(&format!("{last_line} button")).await?;
            app.wait_attr("#time", "data-tick", &hidden_tick.to_string(), REACT_TIMEOUT).await?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_why_line_says_what_changed_at_the_cursors_tick() {
    let app = App::open("the_why_line_says_what_changed_at_the_cursors_tick").await;
    let outcome = app
        .run(async {
            let text = "cores 2\nthread a { cpu 2 }\nthread b { cpu 2 }\nthread c { cpu 3 }\nthread d { cpu 1 }\nthread e at 6 { cpu 1 }\n";
            let r = type_scenario(&app, text).await?;
            let at = |t: u64| r.events.iter().filter(move |e| e.tick == t);
            // t = 0: four threads start, in one phrase, then the dispatches.
            seek(&app, 0).await?;
            app.wait_attr("#why", "data-tick", "0", REACT_TIMEOUT).await?;
            let why = app.text("#why").await?;
            check_eq("starts at 0", 4, at(0).filter(|e| e.kind == EventKind::Start).count())?;
            if !why.starts_with("Why t = 0: 4 threads start (a, b, c, d); core 0 takes a") {
                return Err(format!("#why at 0 should start \"Why t = 0: 4 threads start (a, b, c, d); core 0 takes a\", found {why:?}"));
            }
            let phrases = 1 + at(0).filter(|e| e.kind != EventKind::Start).count();
            check_eq("phrases at 0", Some(phrases.to_string()), app.attr("#why", "data-changes").await?)?;
            // A tick at which nothing happens says so, with the last change.
            let quiet = (0..r.makespan).find(|&t| at(t).next().is_none()).ok_or("no quiet tick")?;
            let last = r.events.iter().filter(|e| e.tick < quiet).map(|e| e.tick).max().ok_or("no change before")?;
            seek(&app, quiet).await?;
            let why = app.text("#why").await?;
            check_eq(
                "#why at a quiet tick",
                format!("Why t = {quiet}: nothing changes at this tick (last change: t = {last})"),
                why,
            )?;
            // A busy tick lists only its own events: a and b end at 2, nothing of tick 0.
            seek(&app, 2).await?;
            let why = app.text("#why").await?;
            let ends: Vec<String> = at(2).filter(|e| e.kind == EventKind::End).map(|e| format!("{} ends", r.thread_name(e.thread))).collect();
            check_eq("threads ending at 2", vec!["a ends".to_string(), "b ends".to_string()], ends.clone())?;
            if !why.starts_with("Why t = 2: ") || ends.iter().any(|e| !why.contains(e.as_str())) || why.contains("start") {
                return Err(format!("#why at 2 should list only tick 2's changes ({ends:?}), found {why:?}"));
            }
            check_eq("phrases at 2", Some(at(2).count().to_string()), app.attr("#why", "data-changes").await?)?;
            // In 简体中文.
            app.select("#lang", "zh").await?;
            seek(&app, 0).await?;
            let expr = "document.querySelector('#why').textContent.startsWith('原因 t = 0: 4 个线程启动（a、b、c、d）')";
            app.wait_js("the why-line in 简体中文", expr, REACT_TIMEOUT).await?;
            seek(&app, quiet).await?;
            let why = app.text("#why").await?;
            check_eq("#why at a quiet tick in 简体中文", format!("原因 t = {quiet}: 这一时刻没有变化（上一次变化：t = {last}）"), why)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}

/// The averages the numbers table should show: turnaround and response over the threads that
/// have one, waiting and CPU over the threads that started; "–" when none.
fn averages(r: &RunResult) -> [String; 4] {
    let mean = |v: Vec<u64>| {
        if v.is_empty() {
            "–".to_string()
        } else {
            Fixed(v.iter().sum::<u64>() as f64 / v.len() as f64, 1).to_string()
        }
    };
    let started = || r.threads.iter().filter(|t| t.arrival.is_some());
    [
        mean(r.threads.iter().filter_map(|t| Some(t.end? - t.arrival?)).collect()),
        mean(r.threads.iter().filter_map(|t| Some(t.first_run? - t.arrival?)).collect()),
        mean(started().map(|t| t.runnable).collect()),
        mean(started().map(|t| t.cpu).collect()),
    ]
}

async fn check_averages(app: &App, r: &RunResult, what: &str) -> Outcome {
    let [turnaround, response, waiting, cpu] = averages(r);
    for (col, expected) in [("turnaround", turnaround), ("response", response), ("waiting", waiting), ("cpu", cpu)] {
        let css = format!("#numbers-avg td[data-col={col}]");
        check_eq(&format!("{what}: average {col}"), expected, app.text(&css).await?)?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_numbers_have_an_average_row() {
    let app = App::open("the_numbers_have_an_average_row").await;
    let outcome = app
        .run(async {
            let r = choose_preset(&app, "sched-rr").await?;
            let [turnaround, ..] = averages(&r);
            if turnaround.contains('–') {
                return Err("sched-rr should have turnarounds to average".into());
            }
            check_averages(&app, &r, "sched-rr").await?;
            check_eq("the average row's heading", "average".to_string(), app.text("#numbers-avg th").await?)?;
            // A deadlock: nobody ends, so no turnaround (a dash), but CPU and response.
            let r = type_scenario(
                &app,
                "cores 2\nthread a { lock x; cpu 1; lock y }\nthread b { lock y; cpu 1; lock x }\n",
            )
            .await?;
            check_averages(&app, &r, "a deadlock").await?;
            check_eq(
                "no turnaround in a deadlock",
                "–".to_string(),
                app.text("#numbers-avg td[data-col=turnaround]").await?,
            )?;
            // In 简体中文: the row and the headers.
            app.select("#lang", "zh").await?;
            app.wait_js(
                "the average row in 简体中文",
                "document.querySelector('#numbers-avg th').textContent === '平均'",
                REACT_TIMEOUT,
            )
            .await?;
            let heads = app
                .js("return [...document.querySelectorAll('.numbers thead th')].map(th => th.textContent);", vec![])
                .await?;
            let heads: Vec<String> = serde_json::from_value(heads).map_err(|e| e.to_string())?;
            for h in ["周转时间", "响应时间", "等待", "CPU 时间", "忙碌"] {
                if !heads.iter().any(|x| x == h) {
                    return Err(format!("the numbers' headers in 简体中文 should include {h:?}: {heads:?}"));
                }
            }
            if let Some(en) = heads.iter().find(|h| h.chars().any(|c| c.is_ascii_lowercase()) && *h != "CPU 时间") {
                return Err(format!("an English header is left in 简体中文: {en:?} (all: {heads:?})"));
            }
            check_averages(&app, &r, "a deadlock, in 简体中文").await
        })
        .await;
    app.finish(outcome).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outcome_names_crashes_and_killed_daemons() {
    let app = App::open("the_outcome_names_crashes_and_killed_daemons").await;
    let outcome = app
        .run(async {
            // The crash preset: who crashed, when, its process and how many threads died with it.
            let r = choose_preset(&app, "crash-isolation").await?;
            let crash = r.events.iter().find(|e| e.kind == EventKind::Crash).ok_or("no crash in crash-isolation")?;
            let who = &r.threads[crash.thread as usize];
            let died = r.threads.iter().filter(|t| t.process == who.process && t.fate == Fate::Crashed).count();
            check_eq("threads that crashed with the process", 2, died)?;
            let en = format!(
                "{} crashed at t = {}, its process ({}) died: {died} threads crashed",
                who.name, crash.tick, who.process
            );
            app.wait_attr("#outcome", "data-kind", "completed", REACT_TIMEOUT).await?;
            check_eq("the crash in the outcome", en, app.text("#outcome li").await?)?;
            check_eq("lines under the outcome", 1, app.count("#outcome li").await?)?;
            app.select("#lang", "zh").await?;
            let zh = format!(
                "{} 在 t = {} 崩溃，它的进程（{}）随之终止：{died} 个线程崩溃",
                who.name, crash.tick, who.process
            );
            let expr = format!("document.querySelector('#outcome li').textContent === {}", js_str(&zh));
            app.wait_js("the crash in 简体中文", &expr, REACT_TIMEOUT).await?;
            app.select("#lang", "en").await?;
            // The daemon preset: the daemon killed when the last non-daemon thread ended.
            let r = choose_preset(&app, "daemon-cutoff").await?;
            let kill = r
                .events
                .iter()
                .find(|e| e.kind == EventKind::Kill && e.reason == Reason::LastNonDaemonEnded)
                .ok_or("no daemon killed in daemon-cutoff")?;
            let daemon = &r.threads[kill.thread as usize];
            check_eq("the killed daemon's fate", (true, Fate::Killed), (daemon.daemon, daemon.fate))?;
            let en = format!("daemon {} killed at t = {} (last non-daemon thread ended)", daemon.name, kill.tick);
            app.wait_js(
                "the killed daemon in the outcome",
                &format!("document.querySelector('#outcome li')?.textContent === {}", js_str(&en)),
                REACT_TIMEOUT,
            )
            .await?;
            app.select("#lang", "zh").await?;
            let zh = format!("守护线程 {} 在 t = {} 被终止（最后一个非守护线程结束了）", daemon.name, kill.tick);
            let expr = format!("document.querySelector('#outcome li').textContent === {}", js_str(&zh));
            app.wait_js("the killed daemon in 简体中文", &expr, REACT_TIMEOUT).await?;
            // A run where every thread finishes names no fate.
            let r = choose_preset(&app, "sched-fifo").await?;
            if r.threads.iter().any(|t| t.fate != Fate::Finished) {
                return Err("every thread of sched-fifo should finish".into());
            }
            check_eq("lines under the outcome of sched-fifo", 0, app.count("#outcome li").await?)?;
            Ok(())
        })
        .await;
    app.finish(outcome).await;
}
