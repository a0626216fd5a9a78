//! The outcome banner: completed, or a deadlock with its cycle, a stall with who waits for
//! what, a limit or a run-time error, explained in words.

use crate::i18n::{self, tr, Key, Lang};
use crate::state::Shared;
use threadlab_sim::trace::EventKind;
use threadlab_sim::{Outcome, RunResult};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OutcomeProps {
    pub run: Shared<RunResult>,
    pub lang: Lang,
}

#[component]
pub fn OutcomeBanner(props: &OutcomeProps) -> Html {
    let l = props.lang;
    let r = &props.run;
    let names = |ids: &[u32]| ids.iter().map(|&t| r.thread_name(t).to_string()).collect::<Vec<_>>();
    // What a stuck thread waits for: the core's sentence, or built from its fields in 简体中文.
    let wait = |w: &threadlab_sim::result::Wait| match l {
        Lang::En => w.text.clone(),
        Lang::Zh => {
            let t = r.thread_name(w.thread);
            match (w.cause, w.object) {
                (None, _) => format!("{t} 从未启动"),
                (Some(c), o) => {
                    let obj = o.map(|o| format!(" {}", r.object_name(o))).unwrap_or_default();
                    let on = w.on.map(|x| format!("（取决于 {}）", r.thread_name(x))).unwrap_or_default();
                    format!("{t} 永远等待 {}{obj}{on}", c.as_str())
                }
            }
        }
    };
    let (headline, details): (String, Vec<String>) = match &r.outcome {
        Outcome::Completed => (tr(l, Key::Completed).to_string(), vec![]),
        Outcome::Deadlock { cycle, tick, waits } => {
            let mut c = names(cycle);
            c.push(c[0].clone());
            (format!("{} t={tick}: {}", tr(l, Key::Deadlock), c.join(" → ")), waits.iter().map(wait).collect())
        }
        Outcome::Stalled { tick, waits, .. } => {
            (format!("{} t={tick}", tr(l, Key::Stalled)), waits.iter().map(wait).collect())
        }
        Outcome::Limit { tick, reason } => {
            (format!("{} t={tick}", tr(l, Key::Limit)), vec![i18n::limit_reason(l, reason)])
        }
        Outcome::Error { thread, tick, reason } => {
            // In 简体中文 the rule broken is worded from the error event's typed reason.
            let error_event = r.events.iter().rfind(|e| e.kind == EventKind::Error && e.thread == *thread);
            let detail = match (l, error_event) {
                (Lang::Zh, Some(e)) => i18n::reason(l, e.reason).to_string(),
                _ => reason.clone(),
            };
            (format!("{} t={tick}, {}", tr(l, Key::Error), r.thread_name(*thread)), vec![detail])
        }
    };
    let kind = r.outcome.kind();
    html! {
        <div id="outcome" class={classes!("outcome", kind)} data-kind={kind} role="status">
            <strong>{ tr(l, Key::Outcome) }{ ": " }{ headline }</strong>
            if !details.is_empty() { <ul>{ for details.iter().map(|d| html! { <li>{ d }</li> }) }</ul> }
        </div>
    }
}
