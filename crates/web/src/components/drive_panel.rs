//! "You are the scheduler" (issue 14), as the extras module shows it (`extras_main.rs`): with
//! `picks` in the scenario, the run stops at each choice (outcome `pick`, the rule is the
//! core's: `engine/scheduling.rs`), and this panel offers the Runnable threads as buttons
//! (keys 1–9), Undo (U), Start over, Leave, and the goal (`goal.rs`) with the status the run
//! reached. A pick is an edit of the text's `picks` line (the parsed text with the new picks,
//! printed by `format::to_text`, sent to the app as `threadlab:edit`): the text stays the one
//! source of truth, so a driven run is shared, exported and undone like any other.

use crate::classroom::DriveView;
use crate::i18n::{drive_words, DriveWord as W, Lang};
use threadlab_sim::ast::{GoalDecl, Name, Pos, Scenario};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The panel's inputs: the text, and where its run waits (as the app sends it).
#[derive(Properties, PartialEq, Clone)]
pub struct DrivePanelProps {
    pub text: AttrValue,
    pub view: DriveView,
    pub lang: Lang,
}

/// The text of `tree` with `f` applied to its settings, sent to the app.
fn send_with(tree: &Scenario, f: impl FnOnce(&mut threadlab_sim::ast::Settings)) {
    let mut tree = tree.clone();
    f(&mut tree.settings);
    let text = threadlab_sim::format::to_text(&tree);
    crate::extras::send(crate::extras::EDIT_EVENT, &wasm_bindgen::JsValue::from_str(&text));
}

fn name(text: &str) -> Name {
    Name { text: text.to_string(), pos: Pos::default() }
}

/// The first `keep` picks of `tree`, then `next` if any.
fn picks_then(tree: &Scenario, keep: usize, next: Option<&str>) -> Vec<Name> {
    let mut picks: Vec<Name> = tree.settings.picks.iter().flatten().take(keep).cloned().collect();
    picks.extend(next.map(name));
    picks
}

/// The goal a control asks for: its kind (`""`, `deadlock`, `finish-by`, `starve`), its number
/// and its thread.
fn goal_of(kind: &str, n: u64, thread: &str) -> Option<GoalDecl> {
    match kind {
        "deadlock" => Some(GoalDecl::Deadlock),
        "finish-by" => Some(GoalDecl::FinishBy(n)),
        "starve" if !thread.is_empty() => Some(GoalDecl::Starve { thread: name(thread), ticks: n }),
        _ => None,
    }
}

fn value_of(id: &str) -> String {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    match el {
        Some(el) => match el.dyn_ref::<HtmlSelectElement>() {
            Some(s) => s.value(),
            None => el.unchecked_into::<HtmlInputElement>().value(),
        },
        None => String::new(),
    }
}

#[component]
pub fn DrivePanel(props: &DrivePanelProps) -> Html {
    let (l, v) = (props.lang, &props.view);
    let tree = use_memo(props.text.clone(), |text| threadlab_sim::parse(text).ok());
    // Started from the experiments' bar under the charts: the panel comes into view.
    use_effect_with((), |_| {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("drive"));
        if let Some(el) = el {
            let o = web_sys::ScrollIntoViewOptions::new();
            o.set_block(web_sys::ScrollLogicalPosition::Nearest);
            el.scroll_into_view_with_scroll_into_view_options(&o);
        }
    });
    let Some(tree) = (*tree).clone() else { return Html::default() };
    let paused = v.kind == "pick";
    let choices: Vec<String> = if paused { v.threads.clone() } else { vec![] };
    let can_pick = paused && !v.pending;
    let made = v.made;
    let used: Vec<String> = tree.settings.picks.iter().flatten().take(made).map(|n| n.text.clone()).collect();

    // Every button and key of the panel: one listener each on the section.
    let act = {
        let (tree, choices) = (tree.clone(), choices.clone());
        move |what: &str| match what {
            "undo" if made > 0 => send_with(&tree, |s| s.picks = Some(picks_then(&tree, made - 1, None))),
            "restart" => send_with(&tree, |s| s.picks = Some(Vec::new())),
            "leave" => send_with(&tree, |s| {
                s.picks = None;
                s.goal = None;
            }),
            "goal" => {
                // A number or thread not shown yet: 10 ticks, the first thread.
                let n = value_of("drive-goal-n").trim().parse().unwrap_or(10);
                let thread = Some(value_of("drive-goal-thread")).filter(|t| !t.is_empty());
                let first = tree.processes.iter().flat_map(|p| p.threads.iter()).next().map(|t| t.name.text.clone());
                let goal = goal_of(&value_of("drive-goal-kind"), n, &thread.or(first).unwrap_or_default());
                send_with(&tree, |s| s.goal = goal);
            }
            pick => {
                if let Some(t) = pick.strip_prefix("pick:").filter(|t| choices.iter().any(|c| c == t)) {
                    send_with(&tree, |s| s.picks = Some(picks_then(&tree, made, Some(t))));
                }
            }
        }
    };
    let onclick = {
        let act = act.clone();
        Callback::from(move |e: MouseEvent| {
            let el: Element = e.target_unchecked_into();
            if let Some(a) = el.closest("[data-act]").ok().flatten().and_then(|b| b.get_attribute("data-act")) {
                if a != "goal" {
                    act(&a);
                }
            }
        })
    };
    let onchange = {
        let act = act.clone();
        Callback::from(move |_: Event| act("goal"))
    };
    let onkeydown = {
        let (act, choices) = (act.clone(), choices.clone());
        Callback::from(move |e: KeyboardEvent| {
            // Not while typing in the goal's number.
            let el: Element = e.target_unchecked_into();
            if el.tag_name() == "INPUT" || el.tag_name() == "SELECT" || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            match key.as_str() {
                "u" | "U" => act("undo"),
                k => {
                    let Some(i) = k.parse::<usize>().ok().filter(|&i| (1..=9).contains(&i)) else { return };
                    let Some(t) = choices.get(i - 1).filter(|_| can_pick) else { return };
                    act(&format!("pick:{t}"));
                }
            }
            e.prevent_default();
        })
    };

    let prompt = if paused {
        drive_words(l, W::Prompt).replace("{0}", &v.tick.to_string()).replace("{1}", &v.core.to_string())
    } else {
        drive_words(l, W::Over).to_string()
    };
    let (goal_kind, goal_n, goal_thread) = match &tree.settings.goal {
        None => ("", 0, String::new()),
        Some(GoalDecl::Deadlock) => ("deadlock", 0, String::new()),
        Some(GoalDecl::FinishBy(n)) => ("finish-by", *n, String::new()),
        Some(GoalDecl::Starve { thread, ticks }) => ("starve", *ticks, thread.text.clone()),
    };
    let status = match v.goal.as_str() {
        "met" => drive_words(l, W::Met),
        "missed" => drive_words(l, W::Missed),
        "open" => drive_words(l, W::Open),
        _ => "",
    };
    let threads: Vec<String> =
        tree.processes.iter().flat_map(|p| p.threads.iter()).map(|t| t.name.text.clone()).collect();
    let option = |v: &str, w: W| html! { <option value={v.to_string()} selected={goal_kind == v}>{ drive_words(l, w) }</option> };
    html! {
        <section id="drive" class="drive" data-kind={v.kind.clone()} data-made={made.to_string()}
            data-goal={v.goal.clone()} {onclick} {onkeydown}>
            <h2>{ drive_words(l, W::Title) }</h2>
            <p class="drive-intro">{ drive_words(l, W::Intro) }</p>
            <p id="drive-prompt" role="status"><b>{ prompt }</b>
                if v.pending { { " " }{ drive_words(l, W::Waiting) } }
            </p>
            if !v.wrong.is_empty() {
                <p id="drive-wrong" class="drive-wrong">{ format!("{} ✗", v.wrong) }</p>
            }
            <div class="drive-choices">
                { for choices.iter().enumerate().map(|(i, t)| html! {
                    <button key={i} type="button" class="drive-pick" data-act={format!("pick:{t}")} data-thread={t.clone()}
                        disabled={!can_pick}>
                        <kbd>{ i + 1 }</kbd>{ " " }{ t }
                    </button>
                }) }
            </div>
            <p>
                <button id="drive-undo" type="button" data-act="undo" disabled={made == 0 || v.pending}>{ drive_words(l, W::Undo) }</button>
                <button id="drive-restart" type="button" data-act="restart" disabled={made == 0 || v.pending}>{ drive_words(l, W::Restart) }</button>
                <button id="drive-leave" type="button" data-act="leave">{ drive_words(l, W::Leave) }</button>
                <span class="hint">{ " " }{ drive_words(l, W::Keys) }</span>
            </p>
            <p id="drive-picks">{ drive_words(l, W::Picks).replace("{0}", &made.to_string()) }{ " " }
                { if used.is_empty() { drive_words(l, W::NoPicks).to_string() } else { used.join(" ") } }
            </p>
            <p class="drive-goal" {onchange}>
                <label for="drive-goal-kind">{ drive_words(l, W::Goal) }{ ": " }</label>
                <select id="drive-goal-kind">
                    { option("", W::GoalNone) }
                    { option("deadlock", W::GoalDeadlock) }
                    { option("finish-by", W::GoalFinishBy) }
                    { option("starve", W::GoalStarve) }
                </select>
                if goal_kind == "starve" {
                    { " " }<label for="drive-goal-thread">{ drive_words(l, W::Thread) }</label>{ " " }
                    <select id="drive-goal-thread">
                        { for threads.iter().map(|t| html! { <option value={t.clone()} selected={*t == goal_thread}>{ t }</option> }) }
                    </select>
                }
                if goal_kind == "finish-by" || goal_kind == "starve" {
                    { " " }<label for="drive-goal-n">{ drive_words(l, W::Ticks) }</label>{ " " }
                    <input id="drive-goal-n" type="number" min="0" value={goal_n.to_string()} />
                }
                if !status.is_empty() {
                    { " " }<b id="drive-goal-status" class={format!("drive-status {}", v.goal)}>{ status }</b>
                }
            </p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pick_keeps_the_picks_made_and_adds_one() {
        let tree = threadlab_sim::parse("picks a b a b\nthread a { cpu 1 }\nthread b { cpu 1 }").expect("valid");
        let texts = |v: Vec<Name>| v.into_iter().map(|n| n.text).collect::<Vec<_>>();
        assert_eq!(texts(picks_then(&tree, 2, Some("b"))), ["a", "b", "b"]);
        assert_eq!(texts(picks_then(&tree, 0, None)), Vec::<String>::new());
        let mut t = tree.clone();
        t.settings.picks = Some(picks_then(&tree, 1, Some("b")));
        assert!(threadlab_sim::format::to_text(&t).starts_with("picks a b\n"));
    }

    #[test]
    fn goals_from_the_controls() {
        assert_eq!(goal_of("deadlock", 9, ""), Some(GoalDecl::Deadlock));
        assert_eq!(goal_of("finish-by", 12, ""), Some(GoalDecl::FinishBy(12)));
        assert_eq!(goal_of("starve", 4, "b"), Some(GoalDecl::Starve { thread: name("b"), ticks: 4 }));
        assert_eq!(goal_of("starve", 4, ""), None);
        assert_eq!(goal_of("", 4, "b"), None);
    }
}
