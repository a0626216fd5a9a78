//! The thread list of the form: processes and their threads (add, duplicate, remove), each
//! thread's attributes (name, start, daemon, priority, copies) and its operations, one row
//! each with its arguments, nested for `repeat`, with a picker for every operation of the
//! language; asyncio threads list their tasks and the tasks' operations. Every change is a
//! [`form::Edit`](crate::form::Edit) sent up; what is shown is the parsed text. Each field
//! is a [`Field`]: checked as typed, applied after a pause, its problem said beside it; the
//! scenario's own error is shown at the top (`#form-error`) and beside the name it is about.
//! Pools (Version 1.1) have their own card ([`pool_card`](crate::components::pool_card)),
//! made with the helpers here.

use crate::components::editor::error_line;
use crate::components::field::{problem_words, Field};
use crate::components::pool_card::pool_card;
use crate::form::{
    amount_text, op_keyword, op_kinds, read_amount, read_name, read_number, read_optional, read_priority,
    task_op_keyword, Attr, Edit, Problem, ThreadAt, POOL_TASK_OP_KINDS, TASK_OP_KINDS,
};
use crate::i18n::{pool_words, tr, Key, Lang, PoolWord};
use std::rc::Rc;
use threadlab_sim::ast::{Amount, Body, Name, Op, OpKind, Pos, Scenario, TaskOp, TaskOpKind, ThreadDecl};
use threadlab_sim::ScenarioError;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThreadListProps {
    /// The parsed text; `None` while it does not parse (the form is off).
    pub tree: Option<Rc<Scenario>>,
    /// The scenario's error (the same words as the text editor's).
    #[prop_or_default]
    pub error: Option<ScenarioError>,
    pub lang: Lang,
    pub on_edit: Callback<Edit>,
}

/// Most thread cards shown (a text of thousands of declarations is edited as text).
const MAX_CARDS: usize = 200;

/// What every field of the list needs.
pub(crate) struct Ctx<'a> {
    pub(crate) tree: &'a Rc<Scenario>,
    pub(crate) error: Option<&'a ScenarioError>,
    pub(crate) l: Lang,
    pub(crate) on_edit: &'a Callback<Edit>,
}

/// Whether the declaration at `at` is a pool (its body is a job's: no `asyncio`, no
/// `await TASK`).
fn is_pool(c: &Ctx, (p, i): ThreadAt) -> bool {
    c.tree.processes.get(p).and_then(|p| p.threads.get(i)).is_some_and(|t| matches!(t.body, Body::Pool(_)))
}

/// How a field's text becomes an edit.
pub(crate) type Make = Box<dyn Fn(&str) -> Result<Edit, Problem>>;
/// How a field's text becomes a value of type `T`.
type Read<T> = Box<dyn Fn(&str) -> Result<T, Problem>>;

/// A field whose typed value makes an edit, checked against the scenario first. Its id is
/// `<base>-<what>`, `what` its class without the first word (`arg-amount`: `amount`); `at` is
/// where its value is in the text (the scenario's error there is shown beside it).
pub(crate) fn field(
    c: &Ctx,
    base: &str,
    class: &'static str,
    value: String,
    label: &'static str,
    at: Option<Pos>,
    make: Make,
) -> Html {
    let id = format!("{base}-{}", class.split_once('-').map_or(class, |w| w.1));
    let (tree, l) = (c.tree.clone(), c.l);
    let check = Callback::from(move |v: String| {
        make(&v).and_then(|e| crate::form::check(&tree, &e).map(|_| e)).map_err(|p| problem_words(l, p))
    });
    let error = c.error.filter(|e| Some(e.pos) == at).map(|e| AttrValue::from(crate::i18n::scenario_error(l, &e.kind)));
    let mode = if matches!(class, "arg-n" | "arg-timeout" | "attr-at" | "attr-copies" | "pool-workers" | "pool-jobs") {
        "numeric"
    } else {
        "text"
    };
    html! { <Field id={id} {class} {mode} {value} {label} {error} {check} on_edit={c.on_edit.clone()} /> }
}

/// The id of thread `at`'s fields: `t<process>-<thread>`.
pub(crate) fn fid(at: ThreadAt) -> String {
    format!("t{}-{}", at.0, at.1)
}

/// The id of the operation at `path` among `base`'s: `<base>-op1_0`.
fn op_id(base: &str, path: &[usize]) -> String {
    let p: Vec<String> = path.iter().map(|i| i.to_string()).collect();
    format!("{base}-op{}", p.join("_"))
}

fn whole(v: &str) -> Result<u64, Problem> {
    read_number(v, 0, u64::MAX)
}

/// The argument fields of an operation (`id`: the operation's id).
fn op_args(c: &Ctx, at: ThreadAt, path: &[usize], op: &OpKind) -> Html {
    let id = op_id(&fid(at), path);
    let set = |f: Read<OpKind>| -> Make {
        let path = path.to_vec();
        Box::new(move |v: &str| f(v).map(|k| Edit::SetOp(at, path.clone(), k)))
    };
    // `io` and `sleep` take a number or a range `A..B` (Version 1.1).
    let num = |value: &Amount, f: fn(Amount) -> OpKind| {
        field(c, &id, "arg-n", amount_text(value), "N", None, set(Box::new(move |v: &str| read_amount(v).map(f))))
    };
    let obj = |value: &Name, f: fn(Name) -> OpKind| {
        let make = set(Box::new(move |v: &str| read_name(v).map(f)));
        field(c, &id, "arg-name", value.text.clone(), tr(c.l, Key::Name), Some(value.pos), make)
    };
    match op {
        OpKind::Cpu(a) => {
            let make = set(Box::new(|v: &str| read_amount(v).map(OpKind::Cpu)));
            field(c, &id, "arg-amount", amount_text(a), "N or LO..HI", None, make)
        }
        OpKind::Io(v) => num(v, OpKind::Io),
        OpKind::Sleep(v) => num(v, OpKind::Sleep),
        OpKind::Lock(m) => obj(m, OpKind::Lock),
        OpKind::Unlock(m) => obj(m, OpKind::Unlock),
        OpKind::Notify(m) => obj(m, OpKind::Notify),
        OpKind::NotifyAll(m) => obj(m, OpKind::NotifyAll),
        OpKind::Spawn(t) => obj(t, OpKind::Spawn),
        OpKind::Acquire(s) => obj(s, OpKind::Acquire),
        OpKind::Release(s) => obj(s, OpKind::Release),
        OpKind::Wait(m, t) | OpKind::Join(m, t) => {
            let wait = matches!(op, OpKind::Wait(..));
            let make = move |a: Name, b: Option<u64>| if wait { OpKind::Wait(a, b) } else { OpKind::Join(a, b) };
            let (t0, m0) = (*t, m.clone());
            let l = c.l;
            html! { <>
                { field(c, &id, "arg-name", m.text.clone(), tr(l, Key::Name), Some(m.pos),
                    set(Box::new(move |v: &str| read_name(v).map(|n| make(n, t0))))) }
                { field(c, &id, "arg-timeout", t.map(|t| t.to_string()).unwrap_or_default(), tr(l, Key::Timeout), None,
                    set(Box::new(move |v: &str| read_optional(v).map(|t| make(m0.clone(), t))))) }
            </> }
        }
        OpKind::Repeat(count, body) => {
            let body0 = body.clone();
            html! { <>
                { field(c, &id, "arg-n", count.to_string(), tr(c.l, Key::Times), None,
                    set(Box::new(move |v: &str| whole(v).map(|n| OpKind::Repeat(n, body0.clone()))))) }
                { ops_list(c, at, path, body) }
            </> }
        }
        OpKind::Yield | OpKind::Exit | OpKind::Crash => html! {},
    }
}

/// A picker that adds an operation (of `kinds`) with `make`, then goes back to its prompt.
fn picker(
    kinds: Vec<&'static str>,
    l: Lang,
    make: impl Fn(&'static str) -> Edit + 'static,
    on_edit: &Callback<Edit>,
) -> Html {
    let options = kinds.clone();
    let on_edit = on_edit.clone();
    let onchange = Callback::from(move |e: Event| {
        let sel: HtmlSelectElement = e.target_unchecked_into();
        if let Some(k) = kinds.iter().find(|k| **k == sel.value()) {
            on_edit.emit(make(k));
        }
        sel.set_value("");
    });
    html! {
        <select class="add-op" aria-label={tr(l, Key::AddOp)} {onchange}>
            <option value="" selected=true>{ tr(l, Key::AddOp) }</option>
            { for options.iter().map(|k| html! { <option value={*k}>{ *k }</option> }) }
        </select>
    }
}

pub(crate) fn button(
    class: &'static str,
    text: &'static str,
    label: &'static str,
    edit: Edit,
    on_edit: &Callback<Edit>,
) -> Html {
    let on_edit = on_edit.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_edit.emit(edit.clone()));
    html! { <button type="button" class={class} title={label} aria-label={label} {onclick}>{ text }</button> }
}

/// The operations at `path` of a thread, each a row, and the picker to add one.
pub(crate) fn ops_list(c: &Ctx, at: ThreadAt, path: &[usize], ops: &[Op]) -> Html {
    let (l, on_edit) = (c.l, c.on_edit);
    let rows = ops.iter().enumerate().map(|(i, op)| {
        let mut p = path.to_vec();
        p.push(i);
        let kw = op_keyword(&op.kind);
        html! {
            <li class="op" data-op={kw}>
                <span class="kw">{ kw }</span>
                { op_args(c, at, &p, &op.kind) }
                if i > 0 { { button("up", "↑", tr(l, Key::MoveUp), Edit::MoveOpUp(at, p.clone()), on_edit) } }
                { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveOp(at, p.clone()), on_edit) }
            </li>
        }
    });
    let kinds = op_kinds(path.is_empty() && !is_pool(c, at));
    let p = path.to_vec();
    html! {
        <ol class="ops">
            { for rows }
            <li class="add">{ picker(kinds, l, move |k| Edit::AddOp(at, p.clone(), k), on_edit) }</li>
        </ol>
    }
}

/// The operations at `path` of task `k` of an asyncio thread.
pub(crate) fn task_ops_list(c: &Ctx, at: ThreadAt, k: usize, path: &[usize], ops: &[TaskOp]) -> Html {
    let (l, on_edit) = (c.l, c.on_edit);
    let rows = ops.iter().enumerate().map(|(i, op)| {
        let mut p = path.to_vec();
        p.push(i);
        let id = op_id(&format!("{}-k{k}", fid(at)), &p);
        let kw = task_op_keyword(&op.kind);
        let set = |f: Read<TaskOpKind>| -> Make {
            let p = p.clone();
            Box::new(move |v: &str| f(v).map(|kind| Edit::SetTaskOp(at, k, p.clone(), kind)))
        };
        let n = |value: &Amount, f: fn(Amount) -> TaskOpKind| {
            field(c, &id, "arg-n", amount_text(value), "N", None, set(Box::new(move |v: &str| read_amount(v).map(f))))
        };
        let args = match &op.kind {
            TaskOpKind::Cpu(a) => field(
                c,
                &id,
                "arg-amount",
                amount_text(a),
                "N or LO..HI",
                None,
                set(Box::new(|v: &str| read_amount(v).map(TaskOpKind::Cpu))),
            ),
            TaskOpKind::AwaitIo(v) => n(v, TaskOpKind::AwaitIo),
            TaskOpKind::AwaitSleep(v) => n(v, TaskOpKind::AwaitSleep),
            TaskOpKind::AwaitTask(t) => field(
                c,
                &id,
                "arg-name",
                t.text.clone(),
                tr(l, Key::Task),
                Some(t.pos),
                set(Box::new(|v: &str| read_name(v).map(TaskOpKind::AwaitTask))),
            ),
            TaskOpKind::Repeat(count, body) => {
                let body0 = body.clone();
                html! { <>
                    { field(c, &id, "arg-n", count.to_string(), tr(l, Key::Times), None,
                        set(Box::new(move |v: &str| whole(v).map(|n| TaskOpKind::Repeat(n, body0.clone()))))) }
                    { task_ops_list(c, at, k, &p, body) }
                </> }
            }
        };
        html! {
            <li class="op" data-op={kw}>
                <span class="kw">{ kw }</span>
                { args }
                { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveTaskOp(at, k, p.clone()), on_edit) }
            </li>
        }
    });
    let kinds = match (is_pool(c, at), path.is_empty()) {
        (false, true) => TASK_OP_KINDS.to_vec(),
        (false, false) => TASK_OP_KINDS[..4].to_vec(),
        (true, true) => POOL_TASK_OP_KINDS.to_vec(),
        (true, false) => POOL_TASK_OP_KINDS[..3].to_vec(),
    };
    let p = path.to_vec();
    html! {
        <ol class="ops">
            { for rows }
            <li class="add">{ picker(kinds, l, move |kind| Edit::AddTaskOp(at, k, p.clone(), kind), on_edit) }</li>
        </ol>
    }
}

fn thread_card(c: &Ctx, at: ThreadAt, t: &ThreadDecl) -> Html {
    let (l, on_edit) = (c.l, c.on_edit);
    let attr =
        |f: fn(&str) -> Result<Attr, Problem>| -> Make { Box::new(move |v: &str| f(v).map(|a| Edit::Attr(at, a))) };
    let on_daemon = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_edit.emit(Edit::Attr(at, Attr::Daemon(input.checked())));
        })
    };
    let body = match &t.body {
        Body::Ops(ops) => ops_list(c, at, &[], ops),
        // Pools have their own card (`pool_card`).
        Body::Pool(_) => Html::default(),
        Body::Asyncio(tasks) => html! {
            <ul class="tasks">
                { for tasks.iter().enumerate().map(|(k, task)| {
                    let make: Make = Box::new(move |v: &str| read_name(v).map(|n| Edit::TaskName(at, k, n.text)));
                    html! {
                        <li class="task" data-task={task.name.text.clone()}>
                            <span class="kw">{ "task" }</span>
                            { field(c, &format!("{}-k{k}", fid(at)), "arg-name", task.name.text.clone(), tr(l, Key::Task), Some(task.name.pos), make) }
                            if tasks.len() > 1 { { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveTask(at, k), on_edit) } }
                            { task_ops_list(c, at, k, &[], &task.ops) }
                        </li>
                    }
                }) }
                <li>{ button("add-task", tr(l, Key::AddTask), tr(l, Key::AddTask), Edit::AddTask(at), on_edit) }</li>
            </ul>
        },
    };
    html! {
        <fieldset class="thread-card" data-thread={t.name.text.clone()}>
            <legend>
                <span class="kw">{ "thread" }</span>
                { field(c, &fid(at), "thread-name", t.name.text.clone(), tr(l, Key::Name), Some(t.name.pos),
                    attr(|v| read_name(v).map(|n| Attr::Name(n.text)))) }
            </legend>
            <div class="attrs">
                <label>{ tr(l, Key::StartAt) }
                    { field(c, &fid(at), "attr-at", t.at.map(|v| v.to_string()).unwrap_or_default(), tr(l, Key::StartAt), None,
                        attr(|v| read_optional(v).map(Attr::At))) }
                </label>
                <label><input class="attr-daemon" type="checkbox" checked={t.daemon} onchange={on_daemon} />{ " " }{ tr(l, Key::Daemon) }</label>
                <label>{ tr(l, Key::Priority) }
                    { field(c, &fid(at), "attr-priority", t.priority.to_string(), tr(l, Key::Priority), None,
                        attr(|v| read_priority(v).map(Attr::Priority))) }
                </label>
                <label>{ tr(l, Key::Copies) }
                    { field(c, &fid(at), "attr-copies", t.copies.unwrap_or(1).to_string(), tr(l, Key::Copies), None,
                        attr(|v| read_number(v, 1, u32::MAX.into()).map(|n| Attr::Copies(Some(n as u32))))) }
                </label>
                { button("duplicate", tr(l, Key::Duplicate), tr(l, Key::Duplicate), Edit::DuplicateThread(at), on_edit) }
                { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveThread(at), on_edit) }
            </div>
            { body }
        </fieldset>
    }
}

#[component]
pub fn ThreadList(props: &ThreadListProps) -> Html {
    let l = props.lang;
    // The scenario's error, in the editor's words (a wrong join, a name used twice…).
    let error = props.error.as_ref().map(|e| {
        html! {
            <div id="form-error" class="editor-error" role="alert">
                <strong>{ error_line(l, e) }</strong>
                <p>{ tr(l, Key::TextError) }</p>
            </div>
        }
    });
    let Some(tree) = &props.tree else {
        return html! {
            <div id="thread-list" class="thread-list">
                if let Some(e) = error { { e } }
                <p id="form-off" class="note" role="status">{ tr(l, Key::FormOff) }</p>
            </div>
        };
    };
    let c = Ctx { tree, error: props.error.as_ref(), l, on_edit: &props.on_edit };
    let on_edit = &props.on_edit;
    let add_pool = (pool_words(l, PoolWord::AddPool), pool_words(l, PoolWord::AddPoolLabel));
    let total: usize = tree.processes.iter().map(|p| p.threads.len()).sum();
    let mut shown = 0;
    let processes: Vec<Html> = tree
        .processes
        .iter()
        .enumerate()
        .map(|(p, proc)| {
            let cards: Vec<Html> = proc
                .threads
                .iter()
                .enumerate()
                .filter(|_| {
                    shown += 1;
                    shown <= MAX_CARDS
                })
                .map(|(i, t)| match &t.body {
                    Body::Pool(pool) => pool_card(&c, (p, i), t, pool),
                    _ => thread_card(&c, (p, i), t),
                })
                .collect();
            html! {
                <section class="process" data-process={proc.name.text.clone()}>
                    <h3>
                        if p == 0 { { tr(l, Key::MainProcess) } } else { { "process " }{ proc.name.text.clone() }
                            { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveProcess(p), on_edit) } }
                    </h3>
                    { for cards }
                    { button("add-thread", tr(l, Key::AddThread), tr(l, Key::AddThread), Edit::AddThread(p), on_edit) }
                    { button("add-pool", add_pool.0, add_pool.1, Edit::AddPool(p), on_edit) }
                </section>
            }
        })
        .collect();
    let hidden = total.saturating_sub(MAX_CARDS);
    html! {
        <div id="thread-list" class="thread-list">
            if let Some(e) = error { { e } }
            <p class="note">{ tr(l, Key::FormNote) }</p>
            { for processes }
            if hidden > 0 { <p class="note">{ format!("… {hidden} {}", tr(l, Key::MoreThreads)) }</p> }
            { button("add-process", tr(l, Key::AddProcess), tr(l, Key::AddProcess), Edit::AddProcess, on_edit) }
        </div>
    }
}
