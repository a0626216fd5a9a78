//! The notes' comparative claims (concepts 2, 5, 6 and 7 of CONCEPTS.md) as ready-made
//! experiments: a small scenario, the parameter that varies (`NAME=VALUES`, the syntax of
//! [`crate::experiment::Spec`]) and what the learner should see. The sweep panel of the app
//! offers them, `threadlab claims` lists them with their links, and `tests/claims.rs` checks
//! that each claim holds on the core.

/// One ready-made experiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claim {
    /// A short name (`gil-threads-cpu`).
    pub id: &'static str,
    /// The concept of CONCEPTS.md it shows.
    pub concept: u8,
    /// Its name in the list, in English and in 简体中文.
    pub title: &'static str,
    pub title_zh: &'static str,
    /// The scenario.
    pub text: &'static str,
    /// What varies, `NAME=VALUES`.
    pub spec: &'static str,
    /// Shown as a comparison (a few values side by side) or a sweep (a line chart).
    pub kind: ClaimKind,
    /// What to look at, in English (the app words it in 简体中文 too).
    pub see: &'static str,
    /// The same in 简体中文.
    pub see_zh: &'static str,
}

/// How a ready-made experiment is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimKind {
    Sweep,
    Compare,
}

impl Claim {
    /// The experiment as a link carries it.
    pub fn experiment(&self) -> crate::link::LinkExperiment {
        match self.kind {
            ClaimKind::Sweep => crate::link::LinkExperiment::Sweep(self.spec.to_string()),
            ClaimKind::Compare => crate::link::LinkExperiment::Compare(self.spec.to_string()),
        }
    }
}

/// Every ready-made experiment, by concept.
pub const ALL: [Claim; 9] = [
    Claim {
        id: "concurrency-vs-parallelism",
        title: "Concurrency on 1 core, parallelism on 4",
        title_zh: "1 个核上并发，4 个核上并行",
        concept: 2,
        text: "title \"Four CPU-bound threads\"\nthread t x 4 { cpu 20 }\n",
        spec: "cores=1,2,4",
        kind: ClaimKind::Compare,
        see: "On 1 core the threads interleave (concurrency): 80 ticks. On 4 cores they run at the same instant (parallelism): 20.",
        see_zh: "1 个核上线程交替运行（并发）：80 个 tick。4 个核上它们同时运行（并行）：20。",
    },
    Claim {
        id: "gil-threads-cpu",
        title: "GIL: CPU-bound threads gain nothing from cores",
        title_zh: "GIL：CPU 密集线程从多核得不到好处",
        concept: 5,
        text: "title \"Two CPU-bound threads under the GIL\"\ngil on\nthread t x 2 { cpu 40 }\n",
        spec: "cores=1,2",
        kind: ClaimKind::Compare,
        see: "Under the GIL two CPU-bound threads of one process gain nothing from a second core: the makespan stays 80.",
        see_zh: "在 GIL 下，同一进程的两个 CPU 密集线程从第二个核上得不到任何好处：总时长仍是 80。",
    },
    Claim {
        id: "gil-processes-cpu",
        title: "GIL: CPU-bound processes halve the makespan",
        title_zh: "GIL：CPU 密集的进程让总时长减半",
        concept: 5,
        text: "title \"Two CPU-bound processes\"\ngil on\npool p processes 2 jobs 2 { cpu 40 }\n",
        spec: "cores=1,2",
        kind: ClaimKind::Compare,
        see: "Two processes each have their own GIL: on 2 cores they halve the makespan, 80 to 40.",
        see_zh: "两个进程各有自己的 GIL：在 2 个核上总时长减半，从 80 到 40。",
    },
    Claim {
        id: "gil-threads-io",
        title: "GIL: I/O-bound threads overlap",
        title_zh: "GIL：I/O 密集的线程互相重叠",
        concept: 5,
        text: "title \"I/O-bound threads under the GIL\"\ngil on\nthread t x 1 { repeat 5 { cpu 1; io 20 } }\n",
        spec: "copies:t=1,2,4,8",
        kind: ClaimKind::Compare,
        see: "I/O-bound threads release the GIL while they wait: 8 threads take hardly longer than 1.",
        see_zh: "I/O 密集的线程在等待时释放 GIL：8 个线程几乎不比 1 个慢。",
    },
    Claim {
        id: "gil-cpu-threads-vs-processes",
        title: "GIL, CPU-bound work: processes beat threads",
        title_zh: "GIL 下的 CPU 密集工作：进程胜过线程",
        concept: 5,
        text: "title \"CPU-bound work under the GIL: threads or processes\"\ncores 2\ngil on\npool w threads 2 jobs 4 { cpu 20 }\n",
        spec: "kind=threads,processes",
        kind: ClaimKind::Compare,
        see: "The same pool as 2 threads of one process (one GIL: they compute one at a time, 80) and as 2 processes (a GIL each: both cores busy, 40).",
        see_zh: "同一个池：作为一个进程的 2 个线程（一个 GIL：一次只有一个在计算，80），作为 2 个进程（各有一个 GIL：两个核都忙，40）。",
    },
    Claim {
        id: "gil-io-threads-vs-processes",
        title: "GIL, I/O-bound work: threads beat processes",
        title_zh: "GIL 下的 I/O 密集工作：线程胜过进程",
        concept: 5,
        text: "title \"I/O-bound work under the GIL: threads or processes\"\ncores 2\ngil on\nspawn-cost thread 1 process 10\nthread main { spawn w; join w }\npool w threads 4 jobs 8 { cpu 1; io 30 }\n",
        spec: "kind=threads,processes",
        kind: ClaimKind::Compare,
        see: "Jobs that mostly wait overlap their waits as threads too, so the GIL costs little, and a thread is cheap to start (1 tick) where a process is not (10): threads finish at 69, processes at 102.",
        see_zh: "主要在等待的任务作为线程也能让等待互相重叠，所以 GIL 代价很小；而且启动一个线程很便宜（1 个 tick），启动一个进程却不便宜（10 个）：线程在 69 完成，进程在 102。",
    },
    Claim {
        id: "switch-overhead",
        title: "Too many threads: switches eat the core",
        title_zh: "线程太多：切换吃掉 CPU 核",
        concept: 6,
        text: "title \"Too many threads\"\nscheduler rr quantum 2\nswitch 1\nthread t x 1 { cpu 48 }\n",
        spec: "copies:t=1..12",
        kind: ClaimKind::Sweep,
        see: "Each switch costs a tick: the more threads share the core, the more of it goes to switching (CPU utilisation falls).",
        see_zh: "每次切换花费一个 tick：共享核的线程越多，用于切换的时间越多（CPU 利用率下降）。",
    },
    Claim {
        id: "best-thread-count",
        title: "The best thread count: the knee at the formula",
        title_zh: "最佳线程数：拐点在公式处",
        concept: 7,
        text: "title \"The best thread count\"\ncores 2\npool p threads 1 jobs 48 { cpu 2; io 6 }\n",
        spec: "workers=1..16",
        kind: ClaimKind::Sweep,
        see: "(W + C) / C × P = (6 + 2) / 2 × 2 = 8 workers: the knee of the makespan sits at the formula.",
        see_zh: "(W + C) / C × P = (6 + 2) / 2 × 2 = 8 个工作线程：总时长的拐点正好在公式处。",
    },
    Claim {
        id: "best-thread-count-gil",
        title: "The best thread count under the GIL",
        title_zh: "GIL 下的最佳线程数",
        concept: 7,
        text: "title \"The best thread count under the GIL\"\ngil on\ncores 4\npool p threads 1 jobs 48 { cpu 2; io 6 }\n",
        spec: "workers=1..16",
        kind: ClaimKind::Sweep,
        see: "Under the GIL P = 1 core whatever the cores: (6 + 2) / 2 × 1 = 4 workers, and the knee comes there.",
        see_zh: "在 GIL 下无论有多少核 P = 1：(6 + 2) / 2 × 1 = 4 个工作线程，拐点就在那里。",
    },
];

/// The ready-made experiment named `id`.
pub fn find(id: &str) -> Option<&'static Claim> {
    ALL.iter().find(|c| c.id == id)
}
