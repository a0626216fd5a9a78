//! The OSTEP import box (issue 14), shown by the lab module: a teacher pastes a homework's
//! command line (`./scheduler.py -p RR -q 2 -j 3 -s 7`, `./process-run.py -l 5:100,5:100`);
//! its problem opens in the app as a scenario (`share::ostep::scenario`: the same answers when
//! Threadlab runs it), and the box shows what the original prints with `-c` (its trace and
//! numbers table, `share::ostep`'s reimplementation, character for character) beside the
//! charts of the run.

use crate::i18n::{fill_in, ostep_words, Lang, OstepWord};
use threadlab_share::ostep::command::{self, Tool};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct OstepPanelProps {
    pub lang: Lang,
    /// Opens the problem's scenario in the app.
    pub on_open: Callback<String>,
}

/// An imported problem: the simulator and what its `-c` prints.
#[derive(Debug, Clone, PartialEq)]
struct Imported {
    tool: Tool,
    answer: String,
}

/// What the box does with a command line: the scenario to open and the answers to show.
fn import(line: &str) -> Result<(String, Imported), String> {
    let (tool, args) = command::parse(line)?;
    let text = tool.scenario(&args)?;
    let answer = tool.run(&tool.with_answers(&args))?;
    Ok((text, Imported { tool, answer }))
}

#[component]
pub fn OstepPanel(props: &OstepPanelProps) -> Html {
    let lang = if crate::zh_texts::use_zh(props.lang) { props.lang } else { Lang::En };
    let line = use_state(|| "./scheduler.py -p RR -q 2 -j 3 -s 7".to_string());
    let result = use_state(|| None::<Result<Imported, String>>);
    let on_input = {
        let line = line.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            line.set(input.value());
        })
    };
    let on_submit = {
        let (line, result, on_open) = (line.clone(), result.clone(), props.on_open.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match import(&line) {
                Ok((text, imported)) => {
                    on_open.emit(text);
                    result.set(Some(Ok(imported)));
                }
                Err(why) => result.set(Some(Err(why))),
            }
        })
    };
    let body = match &*result {
        None => html! {},
        Some(Err(why)) => html! {
            <p id="ostep-error" class="editor-error" role="alert">{ ostep_words(lang, OstepWord::Failed) }{ " " }{ why.clone() }</p>
        },
        Some(Ok(i)) => {
            let same = match i.tool {
                Tool::Scheduler => "response, turnaround, wait",
                Tool::ProcessRun => "Total Time, CPU Busy",
            };
            html! {
                <>
                    <p class="hint">{ fill_in(ostep_words(lang, OstepWord::Same), &[same]) }</p>
                    <p>{ fill_in(ostep_words(lang, OstepWord::Answer), &[i.tool.program()]) }</p>
                    <pre id="ostep-answer" class="ostep-answer" data-tool={i.tool.program()}>{ i.answer.clone() }</pre>
                </>
            }
        }
    };
    html! {
        <section id="ostep" class="sweep ostep" aria-labelledby="ostep-title">
            <h2 id="ostep-title">{ ostep_words(lang, OstepWord::Title) }</h2>
            <form class="sweep-form" onsubmit={on_submit}>
                <label for="ostep-command">{ ostep_words(lang, OstepWord::Command) }</label>
                <input id="ostep-command" type="text" spellcheck="false" value={(*line).clone()} oninput={on_input} />
                <button id="ostep-import" type="submit">{ ostep_words(lang, OstepWord::Import) }</button>
            </form>
            <p class="hint">{ ostep_words(lang, OstepWord::Hint) }</p>
            <div id="ostep-status" data-state={match &*result { None => "idle", Some(Ok(_)) => "done", Some(Err(_)) => "failed" }}>{ body }</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_line_opens_its_scenario_with_the_answers() {
        let (text, i) = import("./scheduler.py -p RR -q 2 -j 3 -s 7").expect("imports");
        assert!(text.contains("scheduler rr quantum 2"), "{text}");
        assert_eq!(i.tool, Tool::Scheduler);
        assert!(i.answer.contains("Final statistics:"), "{}", i.answer);
        let (text, i) = import("python3 process-run.py -l 5:100,5:100").expect("imports");
        assert!(text.contains("scheduler ostep"), "{text}");
        assert!(i.answer.contains("Stats: Total Time 10"), "{}", i.answer);
        assert!(import("./scheduler.py -x").unwrap_err().contains("no such option"));
        assert!(import("echo hi").is_err());
    }
}
