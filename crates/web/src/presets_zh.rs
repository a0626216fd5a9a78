//! The presets' titles and notes in 简体中文. The English ones are the `title` and `note`
//! header lines of the core's `presets/*.tl`; these follow them sentence by sentence and keep
//! every number and every name (threads, locks, tasks, `.tl` keywords) as written, since the
//! notes point at things in the charts. A preset missing here shows its English words.

/// `(preset name, title, note)` for every preset of `threadlab_sim::presets`.
static ZH: [(&str, &str, &str); 24] = [
    (
        "processes-threads-coroutines",
        "进程、线程与协程",
        "两个进程，各有自己的内存和自己的 GIL：同一进程的线程共享它们，所以同一时刻只有其中一个线程在计算，\
         其余的处于阻塞（gil）状态等待。两个进程并排运行，因此 4 个核中最多只有 2 个同时忙碌。\
         loop 是一个线程，它那一行被切成 fetch.1、fetch.2 和 parse 的小段：这些是协程，\
         由程序自己在每个 await 处切换，而不是由操作系统切换。",
    ),
    (
        "concurrency-1-core",
        "并发：一个核上的四个作业",
        "四个 CPU 密集型线程在一个核上是并发的，但不是并行的：这个核以 2 个 tick 为一轮轮流运行它们，\
         所以它们的色条交错出现，每个 job 大部分时间都处于就绪（等待）状态。总时长是 24，即全部工作量之和；\
         可以和同样的作业在四个核上的情况（总时长 6）比较一下。",
    ),
    (
        "parallelism-4-cores",
        "并行：四个核上的四个作业",
        "与单核预设中相同的四个作业，现在放在四个核上：每个 job 独占一个核，色条在同一时刻重叠。\
         总时长从 24 降到 6，因为这些工作真正在同时运行；没有谁需要等待。",
    ),
    (
        "asyncio-io-overlap",
        "asyncio：一个线程，重叠的 I/O",
        "三个 fetch 协程共享一个事件循环线程 loop。每个协程一直运行到 await I/O，事件循环随即切换到下一个就绪任务，\
         于是三次等待相互重叠：总时长是 14，而逐个执行这些 fetch 需要 36。\
         当所有任务都在等待时，线程处于阻塞（io）状态，在 select 中等待。",
    ),
    (
        "asyncio-cpu-blocks-loop",
        "asyncio：CPU 密集型任务阻塞了事件循环",
        "同样的三个 fetch，再加上 crunch：它连续计算 20 个 tick，中间从不 await。这种多任务是协作式的：\
         fetch 的 I/O 在时刻 13 就已完成，但它们的后半段要等到 crunch 在 23 结束才能运行，总时长从 14 增加到 26。\
         第二个核一直空闲：事件循环 loop 只是一个线程。",
    ),
    (
        "crash-isolation",
        "崩溃只会拖垮自己的进程，不影响其他进程",
        "worker_bug 在时刻 5 崩溃，同一进程中本来正常的线程 worker_main 也随之终止（结局 crashed）：\
         线程共享所在进程的内存，一个线程出错会让它们全部崩溃。进程 main 与之隔离，继续运行：\
         main 和 helper 分别在 12 和 10 结束。",
    ),
    (
        "spawn-cost",
        "创建进程比创建线程开销更大",
        "main 创建一个线程要花 1 个 tick 的 CPU，创建一个进程要花 10 个，所以它的色条从 0 到 22 一直处于运行状态，\
         之后才能 join。子线程在时刻 1 和 2 就开始运行，子进程却要到 12 和 22 才开始，\
         尽管每个子线程、子进程做的都是同样 3 个 tick 的工作。",
    ),
    (
        "gil-cpu-threads",
        "GIL：两个 CPU 密集型线程无法从两个核获益",
        "开启 GIL 后，一个进程中同一时刻只有一个线程在计算：另一个处于阻塞（gil）状态等待，\
         GIL 每 5 个 tick 交接一次（共 3 次交接）。核 1 一直空闲，总时长为 20，和只有一个核时一样。\
         请与“两个进程”的预设比较。",
    ),
    (
        "gil-cpu-processes",
        "GIL：两个进程并行计算",
        "同样的两个 CPU 密集型作业，改为两个进程：每个进程都有自己的 GIL，所以两者同时在两个核上计算，\
         没有阻塞（gil），也没有 GIL 交接。总时长减半，从 20 降到 10：\
         这就是 CPU 密集型的 Python 程序要用 multiprocessing 的原因。",
    ),
    (
        "gil-io-threads",
        "GIL：I/O 密集型线程能很好地重叠",
        "四个线程各自先计算 1 个 tick，再等待 8 个 tick 的 I/O，如此重复三次。线程在等待时会释放 GIL，\
         所以各线程的等待相互重叠（30 个 tick 中 I/O 忙碌 29 个）：总时长为 30，\
         而单个线程独自运行需要 27，四个线程依次运行需要 108。如果没有 GIL，总时长是 28：\
         对于 I/O 密集型的工作，用线程就很好。",
    ),
    (
        "context-switch-overhead",
        "线程太多：上下文切换吃掉了核",
        "24 个 tick 的工作分给 12 个线程；每次从一个线程切换到另一个线程，都要耗费核 1 个 tick\
         （即核那一行中的上下文切换段）。每个线程至少要被切换上核一次，所以核除了 24 个 tick 的忙碌时间，\
         还要花 11 个 tick 做切换，总时长为 35。同样的工作若用 1 个线程（x 1 { cpu 24 }）需要 24，没有切换；\
         用 2 个线程（x 2 { cpu 12 }）需要 29，切换 5 次；用 24 个线程（x 24 { cpu 1 }）需要 47，切换 23 次。",
    ),
    (
        "best-thread-count",
        "最佳线程数",
        "32 个请求，每个先用 2 个 tick 的 CPU，再做 6 个 tick 的 I/O，由 2 个核上的 8 个 worker 分担。\
         按公式 (等待 + CPU) / CPU x 核数 = (6 + 2) / 2 x 2 = 8 个 worker；用 8 个时，核有 84% 的时间在忙，\
         总时长为 38。worker 更少会让核空闲（x 4 配 repeat 8：66；x 2 配 repeat 16：128）；\
         更多（x 16 配 repeat 2）则毫无收益：仍然是 38。",
    ),
    (
        "playground",
        "试验场：一个线程的一生",
        "跟着 worker 看：在 main 于时刻 2 创建它之前是新建状态，随后依次是运行、main 持有锁时的阻塞（lock m）、\
         阻塞（io），最后在 15 终止。main 的时间片用完、logger 占用核时，main 有一个 tick（4-5）处于就绪状态，\
         之后一直阻塞（join），直到 worker 终止；main 在 16 结束时，守护线程 logger 被杀死。\
         改一改核数或调度器，看看各个状态如何移动。",
    ),
    (
        "deadlock-two-locks",
        "死锁：以相反的顺序获取两把锁",
        "a 持有 x，想要 y；b 持有 y，想要 x。两者都永远无法继续：等待图中有环 a -> b -> a，\
         结果是在时刻 5 发生死锁。让两个线程按相同的顺序加锁，它就能顺利完成。",
    ),
    (
        "starvation-priority",
        "优先级调度下的饥饿",
        "两个高优先级线程 high 轮流使用唯一的核，而且每次 sleep 的时间都很短，所以总有一个处于就绪状态。\
         低优先级线程 low 只需要 2 个 tick，却一直处于就绪状态长达 36 个 tick（这就是它的等待时间和响应时间），\
         直到两个 high 都结束。如果用 scheduler rr，它在时刻 6 就能运行。",
    ),
    (
        "blocking-causes",
        "线程阻塞的各种原因",
        "每一种阻塞原因都有自己的颜色和标签。b 和 c 排在 a 后面等待锁 m，并按到达顺序获得它（b 在 4，c 在 5）；\
         随后 b 等待信号量 pool 的一个许可（acquire），c 以 1 个 tick 的超时 join a，超时到期后做 I/O，\
         再在监视器 mon 上 wait。d 先 sleep 10 个 tick，然后 notify c，c 处于阻塞（lock mon）状态，\
         直到 d 在 12 解锁。",
    ),
    (
        "producer-consumer",
        "用 wait/notify 实现生产者与消费者",
        "消费者 consumer 在监视器 q 上等待（阻塞：wait q），这会释放 q，直到生产者 producer notify 它。\
         被唤醒后，它必须重新获得 q，因此在 producer 仍持有 q 的那个 tick 里，它处于阻塞（lock q）状态。\
         14 个 tick 内处理了三个数据项；可以在事件记录中跟踪从 producer 到 consumer 的唤醒。",
    ),
    (
        "lost-wakeup",
        "丢失的唤醒",
        "producer 在时刻 1 就 notify 了，早于 consumer 开始 wait：此时没有线程在等待，\
         所以这次 notify 丢失了（见事件记录）。从时刻 3 起，consumer 等待一个永远不会到来的 notify；\
         producer 在 6 结束后，再没有线程能唤醒它，结果是停滞（stalled）而不是死锁，因为不存在环。",
    ),
    (
        "daemon-cutoff",
        "守护线程被中途终止",
        "main 在时刻 3 结束，但进程仍然存在：worker 是前台（非守护）线程。worker 在 13 结束后，只剩下守护线程 logger，\
         于是进程退出，logger 在循环中途被杀死（结局 killed）；总时长为 13。",
    ),
    (
        "sched-fifo",
        "调度器：先进先出",
        "fifo 按到达顺序让每个线程一直运行到结束，不理会优先级：a、b 和 c 在时刻 2 到达，只能排在 long 后面等待\
         （护航效应）。平均周转时间 15.0，平均响应时间 9.5。其他调度器预设运行的是同样的四个线程；\
         比较一下它们的平均值。",
    ),
    (
        "sched-rr",
        "调度器：时间片轮转",
        "时间片轮转让每个就绪线程轮流运行 2 个 tick，所以每个线程都能很快开始：平均响应时间 1.5，\
         是五种策略中最好的。但由于作业轮流执行，每个作业都比单独运行时结束得晚：平均周转时间 15.75，\
         比 fifo 的 15.0 略差。",
    ),
    (
        "sched-sjf",
        "调度器：最短作业优先",
        "sjf 选择下一个 CPU 区间最短的线程，但从不抢占：long 在时刻 0 独自开始，一直占用核到 10，\
         然后 c、b、a 按最短优先依次运行。平均周转时间 14.0，平均响应时间 8.5，只比 fifo（15.0、9.5）好一点：\
         这些作业到达得太晚，sjf 帮不上忙。",
    ),
    (
        "sched-stcf",
        "调度器：最短完成时间优先",
        "stcf 就是可抢占的 sjf：在时刻 2，后到达的更短作业从 long 手中抢走核，long 最后完成。\
         平均周转时间 11.0，是五种策略中最好的（fifo 15.0，sjf 14.0），平均响应时间 2.5。",
    ),
    (
        "sched-priority",
        "调度器：优先级",
        "优先级最高的线程先运行，并且立即抢占：b（优先级 3）在时刻 2 从 long 手中抢走核，\
         然后 a 和 c（优先级 2）以时间片轮转方式共享它，long（优先级 1）最后完成。\
         平均周转时间 12.25，平均响应时间 2.5：对重要的线程有利，不管作业有多长。",
    ),
];

fn entry(name: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    ZH.iter().find(|e| e.0 == name)
}

/// The Chinese title of the preset with this name.
pub fn title(name: &str) -> Option<&'static str> {
    entry(name).map(|e| e.1)
}

/// The Chinese note (explanation) of the preset with this name.
pub fn note(name: &str) -> Option<&'static str> {
    entry(name).map(|e| e.2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use threadlab_sim::ast::{Body, Op, OpKind, Scenario, TaskOp, TaskOpKind};
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

    #[test]
    fn every_preset_has_a_chinese_title_and_note() {
        for p in presets::all() {
            assert!(title(p.name).is_some_and(|t| !t.is_empty()), "no zh title for {}", p.name);
            assert!(note(p.name).is_some_and(|n| !n.is_empty()), "no zh note for {}", p.name);
        }
        assert_eq!(title("no-such-preset"), None);
        assert_eq!(note("no-such-preset"), None);
    }

    #[test]
    fn the_names_are_exactly_the_presets() {
        let ours: Vec<&str> = ZH.iter().map(|e| e.0).collect();
        let unique: BTreeSet<&str> = ours.iter().copied().collect();
        assert_eq!(unique.len(), ours.len(), "a preset is translated twice: {ours:?}");
        let theirs: BTreeSet<&str> = presets::all().iter().map(|p| p.name).collect();
        assert_eq!(unique, theirs);
    }

    #[test]
    fn the_notes_keep_every_number_and_name() {
        // The English article "a" is also a thread name in some presets: there it is checked
        // in the notes that use it as a name (every one of them also names the thread in
        // Chinese), but "a" as an article has no Chinese counterpart.
        const ARTICLES: [&str; 1] = ["a"];
        for p in presets::all() {
            let s = threadlab_sim::parse(p.text).unwrap();
            let en = s.settings.note.clone().unwrap_or_else(|| panic!("{} has no English note", p.name));
            let zh = note(p.name).unwrap();
            let zh_digits = digits(zh);
            for (run, n) in digits(&en) {
                let got = zh_digits.get(run).copied().unwrap_or(0);
                assert!(got >= n, "{}: {run} appears {n} times in English, {got} in Chinese: {zh}", p.name);
            }
            let names = names(&s);
            let zh_words = words(zh);
            for w in words(&en) {
                if names.contains(w) && !ARTICLES.contains(&w) {
                    assert!(zh_words.contains(w), "{}: the name {w} is missing from the Chinese note: {zh}", p.name);
                }
            }
            // The title keeps its numbers too.
            let en_title = s.settings.title.unwrap();
            let zh_title_digits = digits(title(p.name).unwrap());
            for run in digits(&en_title).into_keys() {
                assert!(zh_title_digits.contains_key(run), "{}: {run} missing from the Chinese title", p.name);
            }
        }
    }

    #[test]
    fn the_name_a_is_kept_where_it_names_a_thread() {
        // The notes where `a` is the thread, not the article.
        for name in ["blocking-causes", "deadlock-two-locks", "sched-fifo", "sched-sjf", "sched-priority"] {
            assert!(words(note(name).unwrap()).contains("a"), "{name}");
        }
    }
}
