//! Component tests: each component rendered to HTML with Yew's server renderer (natively, no
//! browser; effects do not run) and checked against the core's result for the same scenario.

use std::rc::Rc;
use threadlab_web::components::editor::{Editor, EditorProps};
use threadlab_web::components::legend::{Legend, LegendProps};
use threadlab_web::components::numbers::{Numbers, NumbersProps};
use threadlab_web::components::outcome::{OutcomeBanner, OutcomeProps};
use threadlab_web::components::preset_picker::{PresetPicker, PresetPickerProps};
use threadlab_web::components::scenario_heading::{ScenarioHeading, ScenarioHeadingProps};
use threadlab_web::components::thread_table::{ThreadTable, ThreadTableProps};
use threadlab_web::components::why::{Why, WhyProps};
use threadlab_web::i18n::Lang;
use threadlab_web::state::{LegendKey, LegendSet, Shared};
use yew::{Callback, LocalServerRenderer};

fn run(text: &str) -> Shared<threadlab_sim::RunResult> {
    Shared(Rc::new(threadlab_sim::run(text).expect("valid test scenario")))
}

/// The outcome banner of a run, as HTML.
async fn outcome_html(run: &Shared<threadlab_sim::RunResult>, lang: Lang) -> String {
    LocalServerRenderer::<OutcomeBanner>::with_props(OutcomeProps { run: run.clone(), lang }).render().await
}

/// The presets' words in 简体中文, as the site ships them (the app downloads the file).
const ZH_PRESETS: &str = include_str!("../../../web/zh/presets.txt");

fn preset(name: &str) -> &'static str {
    threadlab_sim::presets::find(name).expect("preset").text
}

#[tokio::test]
async fn outcome_banner_spells_out_a_deadlock_cycle() {
    let r = run(preset("deadlock-two-locks"));
    let html = outcome_html(&r, Lang::En).await;
    assert!(html.contains(r#"data-kind="deadlock""#), "{html}");
    assert!(html.contains("a → b → a"), "{html}");
    assert!(html.contains("held by b"), "the waits are explained: {html}");
}

#[tokio::test]
async fn outcome_banner_words_a_run_time_error_in_each_language() {
    let r = run("thread a { unlock m }");
    let en = outcome_html(&r, Lang::En).await;
    assert!(en.contains(r#"data-kind="error""#) && en.contains("unlock of m, which it does not hold"), "{en}");
    let zh = outcome_html(&r, Lang::Zh).await;
    assert!(zh.contains("对 m 执行 unlock，但它并没有持有 m"), "{zh}");
}

#[tokio::test]
async fn outcome_banner_words_a_limit_in_each_language() {
    let r = run("limit 50\nthread a { cpu 100 }");
    let en = outcome_html(&r, Lang::En).await;
    assert!(en.contains(r#"data-kind="limit""#) && en.contains("the limit of 50 ticks was reached"), "{en}");
    let zh = outcome_html(&r, Lang::Zh).await;
    assert!(zh.contains("已达到 50 个 tick 的上限"), "{zh}");
}

#[tokio::test]
async fn editor_shows_the_error_at_its_line_and_column() {
    let text = "thread a { cpu x }";
    let error = threadlab_sim::run(text).err().map(|e| Shared(Rc::new(e)));
    let props = EditorProps { text: text.into(), error, lang: Lang::En, on_edit: Callback::noop() };
    let html = LocalServerRenderer::<Editor>::with_props(props).render().await;
    assert!(html.contains(r#"id="editor-error""#), "{html}");
    assert!(html.contains("1:16:"), "{html}");
    let props =
        EditorProps { text: "thread a { cpu 1 }".into(), error: None, lang: Lang::En, on_edit: Callback::noop() };
    let html = LocalServerRenderer::<Editor>::with_props(props).render().await;
    assert!(!html.contains("editor-error"), "{html}");
}

#[tokio::test]
async fn editor_words_the_error_in_chinese_at_the_same_line_and_column() {
    let text = "thread a {\n  cpu x\n}";
    let error = threadlab_sim::run(text).err().map(|e| Shared(Rc::new(e)));
    let props = EditorProps { text: text.into(), error, lang: Lang::Zh, on_edit: Callback::noop() };
    let html = LocalServerRenderer::<Editor>::with_props(props).render().await;
    let html = html.replace("&quot;", "\"");
    assert!(html.contains("2:7: \"cpu\" 后面应为数字，却遇到 \"x\""), "{html}");
    assert!(!html.contains("expected a number"), "{html}");
}

#[tokio::test]
async fn outcome_banner_names_the_holder_of_the_mutex_in_each_language() {
    let r = run("thread a { lock m; sleep 5 }\nthread b { sleep 1; unlock m }");
    let en = outcome_html(&r, Lang::En).await;
    assert!(en.contains(r#"data-kind="error""#) && en.contains("unlock of m, which is held by a"), "{en}");
    let zh = outcome_html(&r, Lang::Zh).await;
    assert!(zh.contains("运行时错误 t=1, b") && zh.contains("对 m 执行 unlock，但它由 a 持有"), "{zh}");
    let zh = outcome_html(&run("thread a { join a }"), Lang::Zh).await;
    assert!(zh.contains("a join 了自己"), "{zh}");
}

#[tokio::test]
async fn legend_lists_every_cause_and_marks_hidden_entries() {
    let hidden: LegendSet = [LegendKey::Running].into_iter().collect();
    let props = LegendProps { hidden, lang: Lang::En, on_toggle: Callback::noop() };
    let html = LocalServerRenderer::<Legend>::with_props(props).render().await;
    let entries = threadlab_share::chart::LEGEND.len();
    assert_eq!(html.matches("legend-item").count(), entries, "every entry of the chart model: {html}");
    assert_eq!(html.matches(r#"aria-pressed="false""#).count(), 1, "{html}");
    for c in ["I/O", "sleep", "lock", "wait", "join", "GIL", "semaphore", "no cause recorded", "forever"] {
        assert!(html.contains(c), "legend entry for {c}: {html}");
    }
    // End marks show their glyph; every marker kind is explained.
    for f in threadlab_share::chart::MARKED_FATES {
        let glyph = threadlab_share::chart::end_glyph(f).0;
        assert!(html.contains(&format!(r#"class="sw glyph">{glyph}</span>"#)), "{f:?}'s glyph: {html}");
    }
    for m in threadlab_share::chart::MarkerKind::ALL {
        assert!(html.contains(&format!(r#"data-kind="{}""#, m.code())) && html.contains(m.word()), "{m:?}: {html}");
    }
}

#[tokio::test]
async fn numbers_table_has_a_row_per_thread_and_the_makespan() {
    let r = run(preset("playground"));
    let html =
        LocalServerRenderer::<Numbers>::with_props(NumbersProps { run: r.clone(), lang: Lang::En }).render().await;
    assert!(html.contains(&format!("{} {}", r.makespan, r.unit)), "{html}");
    for t in &r.threads {
        assert!(html.contains(&format!(">{}<", t.name)), "a row for {}: {html}", t.name);
    }
}

#[tokio::test]
async fn thread_table_and_why_describe_the_cursor() {
    let r = run("cores 2\nthread a { lock m; cpu 4; unlock m }\nthread b { cpu 1; lock m; cpu 1; unlock m }");
    let lanes = Rc::new(r.thread_lanes());
    let data = Rc::new(threadlab_web::components::gantt::ChartData::new(r.0.clone(), lanes));
    let props = ThreadTableProps { data, tick: 2, lang: Lang::En };
    let html = LocalServerRenderer::<ThreadTable>::with_props(props).render().await;
    assert!(html.contains(r#"data-state="running""#), "{html}");
    assert!(html.contains(r#"data-state="blocked""#), "{html}");
    assert!(html.contains("lock m"), "b waits for lock m: {html}");
    let html = LocalServerRenderer::<Why>::with_props(WhyProps { run: r, tick: 4, lang: Lang::En }).render().await;
    assert!(html.contains("a wakes b: lock handed over on unlock"), "{html}");
}

#[tokio::test]
async fn preset_picker_groups_every_preset_by_concept_in_both_languages() {
    threadlab_web::presets_zh::install(ZH_PRESETS);
    for lang in [Lang::En, Lang::Zh] {
        let props = PresetPickerProps { current: Some("playground"), lang, on_pick: Callback::noop() };
        let html = LocalServerRenderer::<PresetPicker>::with_props(props).render().await;
        assert_eq!(html.matches("<optgroup").count(), 12, "{html}");
        assert_eq!(html.matches("<option").count(), threadlab_sim::presets::all().len(), "{html}");
    }
    let props = PresetPickerProps { current: Some("playground"), lang: Lang::Zh, on_pick: Callback::noop() };
    let html = LocalServerRenderer::<PresetPicker>::with_props(props).render().await;
    assert!(html.contains("并发与并行"), "{html}");
}

#[tokio::test]
async fn preset_picker_titles_presets_in_chinese() {
    threadlab_web::presets_zh::install(ZH_PRESETS);
    let props = PresetPickerProps { current: Some("lost-wakeup"), lang: Lang::Zh, on_pick: Callback::noop() };
    let html = LocalServerRenderer::<PresetPicker>::with_props(props).render().await;
    for p in threadlab_sim::presets::all() {
        let zh_title = threadlab_web::presets_zh::title(p.name).expect("a zh title");
        assert!(html.contains(&format!(">{zh_title}</option>")), "{zh_title}: {html}");
    }
}

/// The heading of a text, as HTML.
async fn heading_html(text: &str, origin: Option<&'static str>, edited: bool, lang: Lang) -> String {
    let s = threadlab_sim::parse(text).expect("a text that parses").settings;
    let props = ScenarioHeadingProps {
        title: s.title.map(Into::into),
        note: s.note.map(Into::into),
        origin,
        edited,
        show_note: true,
        lang,
    };
    LocalServerRenderer::<ScenarioHeading>::with_props(props).render().await
}

#[tokio::test]
async fn scenario_heading_shows_a_presets_title_and_note_in_each_language() {
    let name = "lost-wakeup";
    let en = threadlab_sim::parse(preset(name)).unwrap().settings;
    let (en_title, en_note) = (en.title.unwrap(), en.note.unwrap());
    threadlab_web::presets_zh::install(ZH_PRESETS);
    let zh_note = threadlab_web::presets_zh::note(name).expect("a zh note");
    let zh_title = threadlab_web::presets_zh::title(name).expect("a zh title");
    let html = heading_html(preset(name), Some(name), false, Lang::Zh).await;
    assert!(html.contains(&format!(r#"<p id="scenario-note" tabindex="0" class="note">{zh_note}</p>"#)), "{html}");
    assert!(html.contains(&format!(r#"<h2 id="scenario-title">{zh_title}</h2>"#)), "{html}");
    assert!(!html.contains(&en_note) && !html.contains("scenario-edited"), "{html}");
    let html = heading_html(preset(name), Some(name), false, Lang::En).await;
    assert!(html.contains(&en_note) && html.contains(&en_title), "English stays English: {html}");
    assert!(!html.contains(&zh_note), "{html}");
    // Edited, still with the preset's note: marked "edited".
    let edited = format!("{}thread extra {{ cpu 1 }}\n", preset(name));
    let html = heading_html(&edited, Some(name), true, Lang::Zh).await;
    assert!(html.contains(&zh_note) && html.contains(r#"id="scenario-edited""#) && html.contains("已修改"), "{html}");
    // Its title and note lines taken away: no more that preset's words, nor "edited".
    let other = preset(name).lines().filter(|l| !l.starts_with("note") && !l.starts_with("title")).collect::<Vec<_>>();
    let other = other.join("\n");
    let html = heading_html(&other, Some(name), true, Lang::En).await;
    assert!(!html.contains(&en_note) && !html.contains("scenario-edited"), "{html}");
}

#[tokio::test]
async fn scenario_heading_shows_a_texts_own_title_and_note_as_text() {
    let text = "title \"<b>Mine</b>\"\nnote \"Watch a & b.\"\nthread a { cpu 1 }";
    for lang in [Lang::En, Lang::Zh] {
        let html = heading_html(text, None, false, lang).await;
        assert!(html.contains("&lt;b&gt;Mine&lt;/b&gt;"), "text, never HTML: {html}");
        assert!(html.contains("Watch a &amp; b."), "{html}");
        assert!(!html.contains("scenario-edited"), "{html}");
    }
    let html = heading_html("thread a { cpu 1 }", None, false, Lang::En).await;
    assert!(!html.contains("scenario-title") && !html.contains("scenario-note"), "nothing to show: {html}");
}

#[tokio::test]
async fn outcome_banner_explains_a_deadlock_in_chinese_too() {
    let r = run(preset("deadlock-two-locks"));
    let html = outcome_html(&r, Lang::Zh).await;
    assert!(html.contains("死锁"), "{html}");
    assert!(html.contains("a 永远等待 lock"), "each stuck thread explained in 简体中文: {html}");
    assert!(!html.contains("waits for"), "no English sentence left: {html}");
}
