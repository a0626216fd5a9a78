//! A pool's card in the form's thread list (Version 1.1: `pool NAME KIND N jobs J [at T]
//! { BODY }`): its name, a kind select (threads, processes, tasks: a change converts the body,
//! see [`PoolWork::converted`](threadlab_sim::ast::PoolWork::converted)), its workers, jobs and start, a
//! remove button, and the operations of one job with the thread list's operation rows and
//! picker (task operations for a `tasks` pool). The card is `#pool-<name>`; its fields are
//! named like a thread card's, by position: `t<process>-<index>-name`, `-kind`, `-workers`,
//! `-jobs`, `-at` (so a rename never changes the id of the field being typed in). Its words
//! are [`pool_words`] (the extras module's, not the first load's table).

use crate::components::thread_list::{button, fid, field, ops_list, task_ops_list, Ctx, Make};
use crate::form::{read_name, read_number, read_optional, Attr, Edit, PoolAttr, ThreadAt};
use crate::i18n::{pool_words, tr, Key, PoolWord};
use threadlab_sim::ast::{Pool, PoolKind, PoolWork, ThreadDecl};
use threadlab_sim::limits::{MAX_JOBS, MAX_WORKERS};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The kinds, in the select's order.
const KINDS: [PoolKind; 3] = [PoolKind::Threads, PoolKind::Processes, PoolKind::Tasks];

/// The card of the pool declared at `at` (`t` is its declaration, `pool` its body).
pub(crate) fn pool_card(c: &Ctx, at: ThreadAt, t: &ThreadDecl, pool: &Pool) -> Html {
    let (l, on_edit) = (c.l, c.on_edit);
    let w = |w| pool_words(l, w);
    let base = fid(at);
    let kind = pool.work.kind();
    let on_kind = {
        let on_edit = on_edit.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = KINDS.iter().find(|k| k.keyword() == sel.value()) {
                on_edit.emit(Edit::Pool(at, PoolAttr::Kind(*k)));
            }
        })
    };
    let name: Make = Box::new(move |v: &str| read_name(v).map(|n| Edit::Attr(at, Attr::Name(n.text))));
    let workers: Make = Box::new(move |v: &str| {
        read_number(v, 1, MAX_WORKERS.into()).map(|n| Edit::Pool(at, PoolAttr::Workers(n as u32)))
    });
    let jobs: Make = Box::new(move |v: &str| read_number(v, 1, MAX_JOBS).map(|n| Edit::Pool(at, PoolAttr::Jobs(n))));
    let start: Make = Box::new(move |v: &str| read_optional(v).map(|a| Edit::Attr(at, Attr::At(a))));
    let body = match &pool.work {
        PoolWork::Threads(ops) | PoolWork::Processes(ops) => ops_list(c, at, &[], ops),
        PoolWork::Tasks(ops) => task_ops_list(c, at, 0, &[], ops),
    };
    let kind_id = format!("{base}-kind");
    html! {
        <fieldset class="pool-card" id={format!("pool-{}", t.name.text)} data-pool={t.name.text.clone()}
            data-kind={kind.keyword()}>
            <legend>
                <span class="kw">{ "pool" }</span>
                { field(c, &base, "pool-name", t.name.text.clone(), tr(l, Key::Name), Some(t.name.pos), name) }
            </legend>
            <div class="attrs">
                <label>{ w(PoolWord::Kind) }
                    <select id={kind_id} class="pool-kind" title={w(PoolWord::KindNote)} onchange={on_kind}>
                        { for KINDS.iter().map(|k| html! {
                            <option value={k.keyword()} selected={*k == kind}>{ k.keyword() }</option>
                        }) }
                    </select>
                </label>
                <label>{ w(PoolWord::Workers) }
                    { field(c, &base, "pool-workers", pool.workers.to_string(), w(PoolWord::Workers), None, workers) }
                </label>
                <label>{ w(PoolWord::Jobs) }
                    { field(c, &base, "pool-jobs", pool.jobs.to_string(), w(PoolWord::Jobs), None, jobs) }
                </label>
                <label>{ tr(l, Key::StartAt) }
                    { field(c, &base, "attr-at", t.at.map(|v| v.to_string()).unwrap_or_default(), tr(l, Key::StartAt),
                        None, start) }
                </label>
                { button("remove", "✕", tr(l, Key::Remove), Edit::RemoveThread(at), on_edit) }
            </div>
            <p class="pool-job">{ w(PoolWord::Job) }</p>
            { body }
        </fieldset>
    }
}
