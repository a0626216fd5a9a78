//! The presets' titles and notes in 简体中文. The English ones are the `title` and `note`
//! header lines of the core's `presets/*.tl`; the Chinese ones follow them sentence by
//! sentence (keeping every number and name) in `web/zh/presets.txt`, which the site ships as
//! `zh/presets.txt` and [`crate::zh_texts`] downloads the first time the interface is in
//! Chinese: they are not in the wasm every visitor downloads. Until the file has arrived, and
//! for a preset missing from it, [`title`] and [`note`] are `None` (show the English words).
//! The app gives its components `Lang::Zh` only once the file is here; a component used
//! elsewhere calls [`use_zh_presets`] to be rendered again when it arrives.

use crate::i18n::Lang;
use std::cell::RefCell;
use yew::prelude::*;

/// One preset's Chinese words.
struct Entry {
    name: String,
    title: String,
    note: String,
}

thread_local! {
    static TEXTS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The entries of the file: a `[name]` line starts one, `title: ` and `note: ` lines give its
/// words; other lines (comments `#`, blank lines) are skipped.
fn parse(text: &str) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push(Entry { name: name.to_string(), title: String::new(), note: String::new() });
        } else if let Some(e) = out.last_mut() {
            if let Some(t) = line.strip_prefix("title: ") {
                e.title = t.to_string();
            } else if let Some(n) = line.strip_prefix("note: ") {
                e.note = n.to_string();
            }
        }
    }
    out
}

/// Takes the file's text as the Chinese words (what the download does when it arrives; native
/// tests call it with the file itself).
pub fn install(text: &str) {
    let entries = parse(text);
    TEXTS.with_borrow_mut(|t| *t = entries);
}

/// Whether the Chinese words are here.
pub fn loaded() -> bool {
    TEXTS.with_borrow(|t| !t.is_empty())
}

fn lookup(name: &str, field: fn(&Entry) -> &String) -> Option<String> {
    TEXTS.with_borrow(|t| t.iter().find(|e| e.name == name).map(|e| field(e).clone())).filter(|s| !s.is_empty())
}

/// The Chinese title of the preset with this name (`None` until loaded).
pub fn title(name: &str) -> Option<String> {
    lookup(name, |e| &e.title)
}

/// The Chinese note (explanation) of the preset with this name (`None` until loaded).
pub fn note(name: &str) -> Option<String> {
    lookup(name, |e| &e.note)
}

/// For a component that shows presets' words in `lang` (and is not given `Lang::Zh` only once
/// they are here, as the app's components are): when it is Chinese, starts the download of
/// the Chinese texts (once for the whole page) and renders the component again when they
/// arrive. Returns whether they are here as of this render.
#[hook]
pub fn use_zh_presets(lang: Lang) -> bool {
    crate::zh_texts::use_zh(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use threadlab_sim::ast::{Body, Op, OpKind, PoolWork, Scenario, TaskOp, TaskOpKind};
    use threadlab_sim::presets;

    /// The maximal runs of ASCII characters satisfying `keep`, counted.
    fn runs(text: &str, keep: fn(char) -> bool) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for w in text.split(|c: char| !keep(c)).filter(|w| !w.is_empty()) {
            *counts.entry(w).or_insert(0) += 1;
        }
        counts
    }

    fn digits(text: &str) -> BTreeMap<&str, usize> {
        runs(text, |c| c.is_ascii_digit())
    }

    /// ASCII identifier-like words (a digit run alone is not one).
    fn words(text: &str) -> BTreeSet<&str> {
        runs(text, |c| c.is_ascii_alphanumeric() || c == '_')
            .into_keys()
            .filter(|w| !w.starts_with(|c: char| c.is_ascii_digit()))
            .collect()
    }

    fn op_names<'a>(ops: &'a [Op], out: &mut BTreeSet<&'a str>) {
        for op in ops {
            match &op.kind {
                OpKind::Lock(n)
                | OpKind::Unlock(n)
                | OpKind::Wait(n, _)
                | OpKind::Notify(n)
                | OpKind::NotifyAll(n)
                | OpKind::Join(n, _)
                | OpKind::Spawn(n)
                | OpKind::Acquire(n)
                | OpKind::Release(n) => {
                    out.insert(&n.text);
                }
                OpKind::Repeat(_, body) => op_names(body, out),
                _ => {}
            }
        }
    }

    fn task_op_names<'a>(ops: &'a [TaskOp], out: &mut BTreeSet<&'a str>) {
        for op in ops {
            match &op.kind {
                TaskOpKind::AwaitTask(n) => {
                    out.insert(&n.text);
                }
                TaskOpKind::Repeat(_, body) => task_op_names(body, out),
                _ => {}
            }
        }
    }

    /// Every name of a scenario: processes, threads, tasks, semaphores, and the locks,
    /// monitors and threads its operations name.
    fn names(s: &Scenario) -> BTreeSet<&str> {
        let mut out = BTreeSet::new();
        for sem in &s.semaphores {
            out.insert(sem.name.text.as_str());
        }
        for p in &s.processes {
            out.insert(&p.name.text);
            for t in &p.threads {
                out.insert(&t.name.text);
                match &t.body {
                    Body::Ops(ops) => op_names(ops, &mut out),
                    Body::Pool(pool) => match &pool.work {
                        PoolWork::Threads(ops) | PoolWork::Processes(ops) => op_names(ops, &mut out),
                        PoolWork::Tasks(ops) => task_op_names(ops, &mut out),
                    },
                    Body::Asyncio(tasks) => {
                        for task in tasks {
                            out.insert(&task.name.text);
                            task_op_names(&task.ops, &mut out);
                        }
                    }
                }
            }
        }
        out
    }

    /// The file the site ships (the app downloads it; these tests read it).
    const FILE: &str = include_str!("../../../web/zh/presets.txt");

    /// Installs the file for this test's thread (each test runs on its own).
    fn load() {
        install(FILE);
    }

    #[test]
    fn nothing_is_there_until_the_file_is_installed() {
        assert!(!loaded());
        assert_eq!(title("lost-wakeup"), None);
        assert_eq!(note("lost-wakeup"), None);
        load();
        assert!(loaded());
        assert_eq!(title("lost-wakeup").as_deref(), Some("丢失的唤醒"));
    }

    #[test]
    fn every_line_of_the_file_is_understood() {
        // A line the parser would skip (a typo in `title:` or `note:`, a note broken over two
        // lines) is a Chinese word silently lost: only names, titles, notes, comments, blanks.
        for (i, line) in FILE.lines().enumerate() {
            let known = line.is_empty()
                || line.starts_with('#')
                || (line.starts_with('[') && line.ends_with(']'))
                || line.starts_with("title: ")
                || line.starts_with("note: ");
            assert!(known, "web/zh/presets.txt line {}: {line:?}", i + 1);
        }
        let entries = parse(FILE);
        assert_eq!(entries.len(), FILE.lines().filter(|l| l.starts_with('[')).count());
        for e in &entries {
            assert!(!e.title.is_empty() && !e.note.is_empty(), "{}: a title and a note", e.name);
        }
        // A later `title:` of the same block replaces the first; `note:` likewise.
        let e = parse("# c\n[x]\ntitle: a\nnote: b\n\n[y]\nnote: c\ntitle: d");
        let got: Vec<(&str, &str, &str)> = e.iter().map(|e| (&*e.name, &*e.title, &*e.note)).collect();
        assert_eq!(got, [("x", "a", "b"), ("y", "d", "c")]);
    }

    #[test]
    fn every_preset_has_a_chinese_title_and_note() {
        load();
        for p in presets::all() {
            assert!(title(p.name).is_some_and(|t| !t.is_empty()), "no zh title for {}", p.name);
            assert!(note(p.name).is_some_and(|n| !n.is_empty()), "no zh note for {}", p.name);
        }
        assert_eq!(title("no-such-preset"), None);
        assert_eq!(note("no-such-preset"), None);
    }

    #[test]
    fn the_names_are_exactly_the_presets() {
        let entries = parse(FILE);
        let ours: Vec<&str> = entries.iter().map(|e| e.name.as_str()).collect();
        let unique: BTreeSet<&str> = ours.iter().copied().collect();
        assert_eq!(unique.len(), ours.len(), "a preset is translated twice: {ours:?}");
        let theirs: BTreeSet<&str> = presets::all().iter().map(|p| p.name).collect();
        assert_eq!(unique, theirs);
    }

    #[test]
    fn the_notes_keep_every_number_and_name() {
        load();
        // The English article "a" is also a thread name in some presets: there it is checked
        // in the notes that use it as a name (every one of them also names the thread in
        // Chinese), but "a" as an article has no Chinese counterpart.
        const ARTICLES: [&str; 1] = ["a"];
        for p in presets::all() {
            let s = threadlab_sim::parse(p.text).unwrap();
            let en = s.settings.note.clone().unwrap_or_else(|| panic!("{} has no English note", p.name));
            let zh = note(p.name).unwrap();
            let zh_digits = digits(&zh);
            for (run, n) in digits(&en) {
                let got = zh_digits.get(run).copied().unwrap_or(0);
                assert!(got >= n, "{}: {run} appears {n} times in English, {got} in Chinese: {zh}", p.name);
            }
            let names = names(&s);
            let zh_words = words(&zh);
            for w in words(&en) {
                if names.contains(w) && !ARTICLES.contains(&w) {
                    assert!(zh_words.contains(w), "{}: the name {w} is missing from the Chinese note: {zh}", p.name);
                }
            }
            // The title keeps its numbers too.
            let en_title = s.settings.title.unwrap();
            let zh_title = title(p.name).unwrap();
            let zh_title_digits = digits(&zh_title);
            for run in digits(&en_title).into_keys() {
                assert!(zh_title_digits.contains_key(run), "{}: {run} missing from the Chinese title", p.name);
            }
        }
    }

    #[test]
    fn the_name_a_is_kept_where_it_names_a_thread() {
        load();
        // The notes where `a` is the thread, not the article.
        for name in ["blocking-causes", "deadlock-two-locks", "sched-fifo", "sched-sjf", "sched-priority"] {
            assert!(words(&note(name).unwrap()).contains("a"), "{name}");
        }
    }
}
