//! The interface's words in English and 简体中文. Every visible string of the app comes from
//! here, keyed by [`Key`], so a missing translation is a compile error, not a blank.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Tagline,
    Presets,
    Scenario,
    Play,
    Pause,
    Restart,
    StepBack,
    StepForward,
    Speed,
    Time,
    Cores,
    Threads,
    Both,
    Legend,
    LegendHint,
    Running,
    Runnable,
    New,
    Switch,
    Idle,
    Numbers,
    Thread,
    Process,
    Fate,
    Arrival,
    FirstRun,
    End,
    Cpu,
    Waiting,
    Blocked,
    Turnaround,
    Response,
    Makespan,
    Utilisation,
    IoBusy,
    Switches,
    GilHandoffs,
    Outcome,
    Completed,
    Deadlock,
    Stalled,
    Limit,
    Error,
    TextError,
    Language,
    Why,
    Core,
    KeyboardHelp,
    Table,
    View,
}

/// The word for `key` in `lang`.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match lang {
        Lang::En => match key {
            Tagline => "See processes, threads and coroutines run",
            Presets => "Presets",
            Scenario => "Scenario",
            Play => "Play",
            Pause => "Pause",
            Restart => "Restart",
            StepBack => "Step back",
            StepForward => "Step forward",
            Speed => "Speed",
            Time => "Time",
            Cores => "Cores",
            Threads => "Threads",
            Both => "Both",
            Legend => "Legend",
            LegendHint => "click an entry to hide or show it",
            Running => "running",
            Runnable => "runnable (waiting for a core)",
            New => "new (not started)",
            Switch => "context switch",
            Idle => "idle",
            Numbers => "Numbers",
            Thread => "thread",
            Process => "process",
            Fate => "fate",
            Arrival => "arrival",
            FirstRun => "first run",
            End => "end",
            Cpu => "CPU",
            Waiting => "waiting",
            Blocked => "blocked",
            Turnaround => "turnaround",
            Response => "response",
            Makespan => "makespan",
            Utilisation => "CPU utilisation",
            IoBusy => "I/O busy",
            Switches => "context switches",
            GilHandoffs => "GIL hand-offs",
            Outcome => "Outcome",
            Completed => "completed: every process ended",
            Deadlock => "deadlock",
            Stalled => "stalled",
            Limit => "stopped at the limit",
            Error => "run-time error",
            TextError => "The scenario has an error; the chart shows the last valid version.",
            Language => "Language",
            Why => "Why",
            Core => "core",
            KeyboardHelp => "Keys: space play/pause, ← → step, Home restart",
            Table => "Segments as a table",
            View => "View",
        },
        Lang::Zh => match key {
            Tagline => "看见进程、线程和协程如何运行",
            Presets => "预设场景",
            Scenario => "场景",
            Play => "播放",
            Pause => "暂停",
            Restart => "重新开始",
            StepBack => "后退一步",
            StepForward => "前进一步",
            Speed => "速度",
            Time => "时间",
            Cores => "CPU 核",
            Threads => "线程",
            Both => "两者",
            Legend => "图例",
            LegendHint => "点击条目可隐藏或显示",
            Running => "运行中",
            Runnable => "就绪（等待 CPU）",
            New => "新建（未启动）",
            Switch => "上下文切换",
            Idle => "空闲",
            Numbers => "统计数据",
            Thread => "线程",
            Process => "进程",
            Fate => "结局",
            Arrival => "到达",
            FirstRun => "首次运行",
            End => "结束",
            Cpu => "CPU 时间",
            Waiting => "等待",
            Blocked => "阻塞",
            Turnaround => "周转时间",
            Response => "响应时间",
            Makespan => "总时长",
            Utilisation => "CPU 利用率",
            IoBusy => "I/O 忙碌",
            Switches => "上下文切换次数",
            GilHandoffs => "GIL 交接次数",
            Outcome => "结果",
            Completed => "完成：所有进程都已结束",
            Deadlock => "死锁",
            Stalled => "停滞",
            Limit => "达到时间上限",
            Error => "运行时错误",
            TextError => "场景有错误；图表显示的是最后一个有效版本。",
            Language => "语言",
            Why => "原因",
            Core => "核",
            KeyboardHelp => "按键：空格 播放/暂停，← → 单步，Home 重新开始",
            Table => "以表格显示时间段",
            View => "视图",
        },
    }
}

/// The 12 concepts' titles (index 0 is concept 1).
pub fn concept(lang: Lang, n: u8) -> &'static str {
    const ZH: [&str; 12] = [
        "进程、线程与协程",
        "并发与并行",
        "一个线程里的协程（asyncio）",
        "多进程与多线程",
        "GIL 下的 CPU 密集与 I/O 密集",
        "线程太多：上下文切换",
        "最佳线程数",
        "生命周期与控制块",
        "共享内存：死锁与饥饿",
        "线程为何阻塞",
        "守护线程",
        "时间片与调度器",
    ];
    let i = (n.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En => threadlab_sim::presets::CONCEPTS[i],
        Lang::Zh => ZH[i],
    }
}

/// A blocking cause in words.
pub fn cause(lang: Lang, c: threadlab_sim::trace::Cause) -> &'static str {
    use threadlab_sim::trace::Cause::*;
    match (lang, c) {
        (Lang::En, Io) => "blocked: I/O",
        (Lang::En, Sleep) => "blocked: sleep",
        (Lang::En, Lock) => "blocked: lock",
        (Lang::En, Wait) => "blocked: wait (monitor)",
        (Lang::En, Join) => "blocked: join",
        (Lang::En, Gil) => "blocked: waiting for the GIL",
        (Lang::En, Acquire) => "blocked: semaphore",
        (Lang::Zh, Io) => "阻塞：I/O",
        (Lang::Zh, Sleep) => "阻塞：sleep",
        (Lang::Zh, Lock) => "阻塞：锁",
        (Lang::Zh, Wait) => "阻塞：wait（监视器）",
        (Lang::Zh, Join) => "阻塞：join",
        (Lang::Zh, Gil) => "阻塞：等待 GIL",
        (Lang::Zh, Acquire) => "阻塞：信号量",
    }
}
