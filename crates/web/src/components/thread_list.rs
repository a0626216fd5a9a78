//! The thread list of the form: processes and their threads (add, duplicate, remove), each
//! thread's attributes (name, start, daemon, priority, copies) and its operations, one row
//! each with its arguments, nested for `repeat`, with a picker for every operation of the
//! language; asyncio threads list their tasks and the tasks' operations. Every change is a
//! [`form::Edit`](crate::form::Edit) sent up; what is shown is the parsed text.

use crate::form::{
    amount_text, op_keyword, op_kinds, parse_amount, task_op_keyword, Attr, Edit, ThreadAt, TASK_OP_KINDS,
};
use crate::i18n::{tr, Key, Lang};
use std::rc::Rc;
use threadlab_sim::ast::{Body, Name, Op, OpKind, Pos, Scenario, TaskOp, TaskOpKind, ThreadDecl};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThreadListProps {
    /// The parsed text; `None` while it does not parse (the form is off).
    pub tree: Option<Rc<Scenario>>,
    pub lang: Lang,
    pub on_edit: Callback<Edit>,
}

/// Most thread cards shown (a text of thousands of declarations is edited as text).
const MAX_CARDS: usize = 200;

fn value_of(e: &Event) -> String {
    let input: HtmlInputElement = e.target_unchecked_into();
    input.value()
}

fn name(text: &str) -> Name {
    Name { text: text.trim().to_string(), pos: Pos::default() }
}

/// An input whose change makes an edit (or nothing, when the value does not read).
fn field(
    class: &'static str,
    kind: &'static str,
    value: String,
    label: String,
    make: impl Fn(String) -> Option<Edit> + 'static,
    on_edit: &Callback<Edit>,
) -> Html {
    let on_edit = on_edit.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(edit) = make(value_of(&e)) {
            on_edit.emit(edit);
        }
    });
    html! { <input class={class} type={kind} {value} aria-label={label} {onchange} /> }
}

/// The argument fields of an operation.
fn op_args(at: ThreadAt, path: &[usize], op: &OpKind, l: Lang, on_edit: &Callback<Edit>) -> Html {
    let set = |f: Box<dyn Fn(String) -> Option<OpKind>>| {
        let path = path.to_vec();
        move |v: String| f(v).map(|k| Edit::SetOp(at, path.clone(), k))
    };
    let n = |v: &str| v.trim().parse::<u64>().ok();
    let opt = |v: &str| if v.trim().is_empty() { Some(None) } else { v.trim().parse::<u64>().ok().map(Some) };
    let num = |value: u64, f: fn(u64) -> OpKind| {
        field("arg-n", "number", value.to_string(), "N".into(), set(Box::new(move |v| n(&v).map(f))), on_edit)
    };
    let obj = |value: &Name, f: fn(Name) -> OpKind| {
        field(
            "arg-name",
            "text",
            value.text.clone(),
            tr(l, Key::Name).into(),
            set(Box::new(move |v| Some(f(name(&v))))),
            on_edit,
        )
    };
    match op {
        OpKind::Cpu(a) => field(
            "arg-amount",
            "text",
            amount_text(a),
            "N or LO..HI".into(),
            set(Box::new(|v| parse_amount(&v).map(OpKind::Cpu))),
            on_edit,
        ),
        OpKind::Io(v) => num(*v, OpKind::Io),
        OpKind::Sleep(v) => num(*v, OpKind::Sleep),
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
            html! { <>
                { field("arg-name", "text", m.text.clone(), tr(l, Key::Name).into(), set(Box::new(move |v| Some(make(name(&v), t0)))), on_edit) }
                { field("arg-timeout", "number", t.map(|t| t.to_string()).unwrap_or_default(), tr(l, Key::Timeout).into(),
                    set(Box::new(move |v| opt(&v).map(|t| make(m0.clone(), t)))), on_edit) }
            </> }
        }
        OpKind::Repeat(count, body) => {
            let body0 = body.clone();
            html! { <>
                { field("arg-n", "number", count.to_string(), tr(l, Key::Times).into(),
                    set(Box::new(move |v| n(&v).map(|c| OpKind::Repeat(c, body0.clone())))), on_edit) }
                { ops_list(at, path, body, l, on_edit) }
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

fn button(class: &'static str, text: &'static str, label: &'static str, edit: Edit, on_edit: &Callback<Edit>) -> Html {
    let on_edit = on_edit.clone();
    let onclick = Callback::from(move |_: MouseEvent| on_edit.emit(edit.clone()));
    html! { <button type="button" class={class} title={label} aria-label={label} {onclick}>{ text }</button> }
}

/// The operations at `path` of a thread, each a row, and the picker to add one.
fn ops_list(at: ThreadAt, path: &[usize], ops: &[Op], l: Lang, on_edit: &Callback<Edit>) -> Html {
    let rows = ops.iter().enumerate().map(|(i, op)| {
        let mut p = path.to_vec();
        p.push(i);
        let kw = op_keyword(&op.kind);
        html! {
            <li class="op" data-op={kw}>
                <span class="kw">{ kw }</span>
                { op_args(at, &p, &op.kind, l, on_edit) }
                if i > 0 { { button("up", "↑", tr(l, Key::MoveUp), Edit::MoveOpUp(at, p.clone()), on_edit) } }
                { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveOp(at, p.clone()), on_edit) }
            </li>
        }
    });
    let kinds = op_kinds(path.is_empty());
    let p = path.to_vec();
    html! {
        <ol class="ops">
            { for rows }
            <li class="add">{ picker(kinds, l, move |k| Edit::AddOp(at, p.clone(), k), on_edit) }</li>
        </ol>
    }
}

/// The operations at `path` of task `k` of an asyncio thread.
fn task_ops_list(at: ThreadAt, k: usize, path: &[usize], ops: &[TaskOp], l: Lang, on_edit: &Callback<Edit>) -> Html {
    let rows = ops.iter().enumerate().map(|(i, op)| {
        let mut p = path.to_vec();
        p.push(i);
        let kw = task_op_keyword(&op.kind);
        let set = |f: Box<dyn Fn(String) -> Option<TaskOpKind>>| {
            let p = p.clone();
            move |v: String| f(v).map(|kind| Edit::SetTaskOp(at, k, p.clone(), kind))
        };
        let n = |v: &str| v.trim().parse::<u64>().ok();
        let args = match &op.kind {
            TaskOpKind::Cpu(a) => field("arg-amount", "text", amount_text(a), "N or LO..HI".into(), set(Box::new(|v| parse_amount(&v).map(TaskOpKind::Cpu))), on_edit),
            TaskOpKind::AwaitIo(v) => field("arg-n", "number", v.to_string(), "N".into(), set(Box::new(move |v| n(&v).map(TaskOpKind::AwaitIo))), on_edit),
            TaskOpKind::AwaitSleep(v) => field("arg-n", "number", v.to_string(), "N".into(), set(Box::new(move |v| n(&v).map(TaskOpKind::AwaitSleep))), on_edit),
            TaskOpKind::AwaitTask(t) => field("arg-name", "text", t.text.clone(), tr(l, Key::Task).into(), set(Box::new(|v| Some(TaskOpKind::AwaitTask(name(&v))))), on_edit),
            TaskOpKind::Repeat(c, body) => {
                let body0 = body.clone();
                html! { <>
                    { field("arg-n", "number", c.to_string(), tr(l, Key::Times).into(), set(Box::new(move |v| n(&v).map(|c| TaskOpKind::Repeat(c, body0.clone())))), on_edit) }
                    { task_ops_list(at, k, &p, body, l, on_edit) }
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
    let kinds = if path.is_empty() { TASK_OP_KINDS.to_vec() } else { TASK_OP_KINDS[..4].to_vec() };
    let p = path.to_vec();
    html! {
        <ol class="ops">
            { for rows }
            <li class="add">{ picker(kinds, l, move |kind| Edit::AddTaskOp(at, k, p.clone(), kind), on_edit) }</li>
        </ol>
    }
}

fn thread_card(at: ThreadAt, t: &ThreadDecl, l: Lang, on_edit: &Callback<Edit>) -> Html {
    let attr = |f: fn(String) -> Option<Attr>| move |v: String| f(v).map(|a| Edit::Attr(at, a));
    let on_daemon = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on_edit.emit(Edit::Attr(at, Attr::Daemon(input.checked())));
        })
    };
    let body = match &t.body {
        Body::Ops(ops) => ops_list(at, &[], ops, l, on_edit),
        Body::Asyncio(tasks) => html! {
            <ul class="tasks">
                { for tasks.iter().enumerate().map(|(k, task)| {
                    let on_edit2 = on_edit.clone();
                    html! {
                        <li class="task" data-task={task.name.text.clone()}>
                            <span class="kw">{ "task" }</span>
                            { field("arg-name", "text", task.name.text.clone(), tr(l, Key::Task).into(), move |v| Some(Edit::TaskName(at, k, v.trim().to_string())), &on_edit2) }
                            if tasks.len() > 1 { { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveTask(at, k), on_edit) } }
                            { task_ops_list(at, k, &[], &task.ops, l, on_edit) }
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
                { field("thread-name", "text", t.name.text.clone(), tr(l, Key::Name).into(), attr(|v| Some(Attr::Name(v.trim().to_string()))), on_edit) }
            </legend>
            <div class="attrs">
                <label>{ tr(l, Key::StartAt) }
                    { field("attr-at", "number", t.at.map(|v| v.to_string()).unwrap_or_default(), tr(l, Key::StartAt).into(),
                        attr(|v| if v.trim().is_empty() { Some(Attr::At(None)) } else { v.trim().parse().ok().map(|n| Attr::At(Some(n))) }), on_edit) }
                </label>
                <label><input class="attr-daemon" type="checkbox" checked={t.daemon} onchange={on_daemon} />{ " " }{ tr(l, Key::Daemon) }</label>
                <label>{ tr(l, Key::Priority) }
                    { field("attr-priority", "number", t.priority.to_string(), tr(l, Key::Priority).into(), attr(|v| v.trim().parse().ok().map(Attr::Priority)), on_edit) }
                </label>
                <label>{ tr(l, Key::Copies) }
                    { field("attr-copies", "number", t.copies.unwrap_or(1).to_string(), tr(l, Key::Copies).into(), attr(|v| v.trim().parse().ok().map(|n| Attr::Copies(Some(n)))), on_edit) }
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
    let Some(tree) = &props.tree else {
        return html! { <p id="form-off" class="note" role="status">{ tr(l, Key::FormOff) }</p> };
    };
    let on_edit = &props.on_edit;
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
                .map(|(i, t)| thread_card((p, i), t, l, on_edit))
                .collect();
            html! {
                <section class="process" data-process={proc.name.text.clone()}>
                    <h3>
                        if p == 0 { { tr(l, Key::MainProcess) } } else { { "process " }{ proc.name.text.clone() }
                            { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveProcess(p), on_edit) } }
                    </h3>
                    { for cards }
                    { button("add-thread", tr(l, Key::AddThread), tr(l, Key::AddThread), Edit::AddThread(p), on_edit) }
                </section>
            }
        })
        .collect();
    let hidden = total.saturating_sub(MAX_CARDS);
    html! {
        <div id="thread-list" class="thread-list">
            <p class="note">{ tr(l, Key::FormNote) }</p>
            { for processes }
            if hidden > 0 { <p class="note">{ format!("… {hidden} more threads: edit them in the text") }</p> }
            { button("add-process", tr(l, Key::AddProcess), tr(l, Key::AddProcess), Edit::AddProcess, on_edit) }
        </div>
    }
}
