//! The interface's words in English and 简体中文. Every visible string of the app comes from
//! here, keyed by [`Key`], so a missing translation is a compile error, not a blank.
//!
//! In the browser the Chinese words of [`tr`], [`concept`], [`cause`] and [`reason`] are not in
//! the wasm: they are written from their Chinese arms below into `web/zh/i18n.txt` (by a test of
//! `zh_texts`, which fails while the file is not in step) and downloaded the first time the
//! interface is in Chinese.

use std::fmt::Write as _;

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
#[repr(u8)]
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
    WaitingPick,
    NotRunnableThen,
    Predict,
    TextError,
    Language,
    Why,
    Core,
    KeyboardHelp,
    Table,
    View,
    Locks,
    LocksTitle,
    Interval,
    From,
    To,
    ZoomIn,
    ZoomOut,
    WholeRun,
    Theme,
    ThemeAuto,
    ThemeLight,
    ThemeDark,
    Holder,
    Queue,
    Waiters,
    Free,
    Lifecycle,
    LifecycleOf,
    Object,
    Settings,
    CoresCount,
    Scheduler,
    Quantum,
    SwitchCost,
    Gil,
    GilInterval,
    SpawnCost,
    SpawnThread,
    SpawnProcess,
    FormTab,
    TextTab,
    AddThread,
    AddProcess,
    Duplicate,
    Remove,
    AddOp,
    Daemon,
    Priority,
    Copies,
    StartAt,
    Name,
    MoveUp,
    Timeout,
    Times,
    AddTask,
    FormOff,
    FormNote,
    MainProcess,
    Task,
    Share,
    CopyLink,
    Copied,
    CopyFailed,
    EmbedBtn,
    EmbedHint,
    Autoplay,
    ReadOnly,
    ExportSvg,
    ExportPng,
    ExportTrace,
    ExportCsv,
    ExportTl,
    OpenFile,
    DropHint,
    OpenInThreadlab,
    LinkProblem,
    Dismiss,
    Recovered,
    FileTooBig,
    PresetFailed,
    Link,
    Simulating,
    Controls,
    State,
    Holds,
    WaitsFor,
    CauseOrCore,
    Start,
    DaemonTag,
    DaemonThread,
    LoopTasksHint,
    ShowTasks,
    HideTasks,
    DeadlockDetected,
    StallDetected,
    TaskReady,
    TaskAwaiting,
    Markers,
    Forever,
    // The scenario's heading, the editor panel, the form's feedback (issue 11).
    Edited,
    EditScenario,
    FieldNumber,
    FieldRange,
    FieldAmount,
    FieldName,
    FieldTaken,
    MoreRows,
    MoreThreads,
    // Issue 11, the explanations: the events list, the why-line, the numbers' average row.
    Exporting,
    ExportFailed,
    Loading,
    Events,
    EventsHint,
    AllThreads,
    AllKinds,
    Kind,
    NothingChanges,
    LastChange,
    Average,
    Pool,
    PoolKind,
    Workers,
    Jobs,
    JobsDone,
    Throughput,
    MeanLatency,
    MaxLatency,
    Busy,
    TicksPerPixel,
    Fit,
    ScaleHint,
    CopySnippet,
    SnippetCopied,
    Preview,
    ShowNote,
    // Issue 13, experiments: the sweep panel.
}

/// The word for `key` in `lang`. In the browser, Chinese is the downloaded `zh/i18n.txt`
/// (`zh_texts`; the app shows Chinese only once it is there), English where it has no line.
pub fn tr(lang: Lang, key: Key) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return shown(lang, 0, key as usize, words(Lang::En, key));
    #[cfg(not(target_arch = "wasm32"))]
    words(lang, key)
}

/// In the browser: `en`, or for Chinese the downloaded word `i` of part `part` of
/// `zh/i18n.txt` (0 `tr`, 1 `concept`, 2 `cause`, 3 `reason`). The functions below are then
/// only ever asked for English, so their Chinese arms are left out of the wasm.
#[cfg(target_arch = "wasm32")]
fn shown(lang: Lang, part: usize, i: usize, en: &'static str) -> &'static str {
    if lang == Lang::Zh {
        return crate::zh_texts::word(part, i).unwrap_or(en);
    }
    en
}

/// The words of [`tr`], both languages (the source of `web/zh/i18n.txt`).
pub(crate) fn words(lang: Lang, key: Key) -> &'static str {
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
            WaitingPick => "waiting for your pick",
            NotRunnableThen => "is not Runnable then: pick another",
            Predict => "Predict, then reveal",
            TextError => "The scenario has an error; the chart shows the last valid version.",
            Language => "Language",
            Why => "Why",
            Core => "core",
            KeyboardHelp => "Keys: space play/pause, ← → step, Home restart; + − zoom, [ ] pan, 0 whole run. Charts: Ctrl+wheel zooms, Shift+wheel or drag pans, click moves the cursor.",
            Table => "Segments as a table",
            View => "View",
            Locks => "Locks",
            LocksTitle => "Locks and monitors",
            Interval => "Interval",
            From => "from",
            To => "to",
            ZoomIn => "Zoom in",
            ZoomOut => "Zoom out",
            WholeRun => "Whole run",
            Theme => "Theme",
            ThemeAuto => "system",
            ThemeLight => "light",
            ThemeDark => "dark",
            Holder => "held by",
            Queue => "queue (lock, semaphore)",
            Waiters => "waiting (wait)",
            Free => "free",
            Lifecycle => "Thread lifecycle",
            LifecycleOf => "thread",
            Object => "lock / monitor / semaphore",
            Settings => "Settings",
            CoresCount => "cores",
            Scheduler => "scheduler",
            Quantum => "quantum",
            SwitchCost => "switch cost",
            Gil => "GIL",
            GilInterval => "GIL interval",
            SpawnCost => "spawn cost",
            SpawnThread => "thread",
            SpawnProcess => "process",
            FormTab => "Form",
            TextTab => "Text",
            AddThread => "+ thread",
            AddProcess => "+ process",
            Duplicate => "Duplicate",
            Remove => "Remove",
            AddOp => "+ operation…",
            Daemon => "daemon",
            Priority => "priority",
            Copies => "copies",
            StartAt => "start at",
            Name => "name",
            MoveUp => "Move up",
            Timeout => "timeout",
            Times => "times",
            AddTask => "+ task",
            FormOff => "The text does not parse; fix it (or undo) to use the form again.",
            FormNote => "Form and text are the same scenario: a change in one shows in the other. The form writes the text in its own layout (comments are dropped).",
            MainProcess => "process main",
            Task => "task",
            Share => "Share and export",
            CopyLink => "Copy link",
            Copied => "Link copied",
            CopyFailed => "Copying is not allowed here: select the link and copy it",
            EmbedBtn => "Embed…",
            EmbedHint => "Paste this into a course page (the script sizes the frame to its content):",
            Autoplay => "autoplay",
            ReadOnly => "read-only",
            ExportSvg => "SVG",
            ExportPng => "PNG",
            ExportTrace => "Trace (Perfetto)",
            ExportCsv => "CSV",
            ExportTl => ".tl file",
            OpenFile => "Open .tl…",
            DropHint => "or drop a .tl file on the page",
            OpenInThreadlab => "Open in Threadlab ↗",
            LinkProblem => "This link could not be opened fully",
            Dismiss => "Dismiss",
            Recovered => "The editor keeps the text that could be recovered; the charts show the last valid scenario.",
            FileTooBig => "This file is too large for a scenario",
            PresetFailed => "The preset could not be loaded: pick it again.",
            Link => "Link",
            Simulating => "Simulating…",
            Controls => "playback controls",
            State => "state",
            Holds => "holds",
            WaitsFor => "waits for",
            CauseOrCore => "cause / core",
            Start => "start",
            DaemonTag => "(d)",
            DaemonThread => "daemon thread",
            LoopTasksHint => "an event loop: ▾ / ▸ shows or hides its tasks",
            ShowTasks => "Show its tasks",
            HideTasks => "Hide its tasks",
            DeadlockDetected => "deadlock detected",
            StallDetected => "stall detected",
            TaskReady => "ready",
            TaskAwaiting => "awaiting",
            Markers => "Markers",
            Forever => "forever",
            Edited => "edited",
            EditScenario => "Edit the scenario",
            FieldNumber => "expected a whole number",
            FieldRange => "expected a whole number from",
            FieldAmount => "expected N or LO..HI (LO ≤ HI)",
            FieldName => "expected a name (a letter or _, then letters, digits, _ . -)",
            FieldTaken => "this name is already used",
            MoreRows => "more rows",
            MoreThreads => "more threads: edit them in the text",
            Exporting => "preparing the file…",
            Loading => "loading…",
            ExportFailed => "the export failed",
            Events => "Events",
            EventsHint => "click an event to move the cursor to its tick",
            AllThreads => "all threads",
            AllKinds => "all kinds",
            Kind => "kind",
            NothingChanges => "nothing changes at this tick",
            LastChange => "last change",
            Average => "average",
            Pool => "pool",
            PoolKind => "kind",
            Workers => "workers",
            Jobs => "jobs",
            JobsDone => "done",
            Throughput => "throughput (jobs per 1,000 ticks)",
            MeanLatency => "mean latency",
            MaxLatency => "max latency",
            Busy => "busy",
            TicksPerPixel => "ticks per pixel",
            Fit => "fit",
            ScaleHint => "A fixed scale draws every run at the same length per tick, so that runs compare at a glance (the chart scrolls sideways); fit: the run fills the width",
            CopySnippet => "Copy snippet",
            SnippetCopied => "Snippet copied",
            Preview => "Preview (exactly the snippet's frame)",
            ShowNote => "the scenario's note",


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
            WaitingPick => "等你选择",
            NotRunnableThen => "此时不是可运行状态：请另选",
            Predict => "先预测，再揭晓",
            TextError => "场景有错误；图表显示的是最后一个有效版本。",
            Language => "语言",
            Why => "原因",
            Core => "核",
            KeyboardHelp => "按键：空格 播放/暂停，← → 单步，Home 重新开始；+ − 缩放，[ ] 平移，0 显示整个运行。图表：Ctrl+滚轮缩放，Shift+滚轮或拖动平移，点击移动光标。",
            Table => "以表格显示时间段",
            View => "视图",
            Locks => "锁",
            LocksTitle => "锁与监视器",
            Interval => "区间",
            From => "从",
            To => "到",
            ZoomIn => "放大",
            ZoomOut => "缩小",
            WholeRun => "整个运行",
            Theme => "主题",
            ThemeAuto => "跟随系统",
            ThemeLight => "浅色",
            ThemeDark => "深色",
            Holder => "持有者",
            Queue => "排队（锁、信号量）",
            Waiters => "等待中（wait）",
            Free => "空闲",
            Lifecycle => "线程生命周期",
            LifecycleOf => "线程",
            Object => "锁 / 监视器 / 信号量",
            Settings => "设置",
            CoresCount => "核数",
            Scheduler => "调度器",
            Quantum => "时间片",
            SwitchCost => "切换开销",
            Gil => "GIL",
            GilInterval => "GIL 间隔",
            SpawnCost => "创建开销",
            SpawnThread => "线程",
            SpawnProcess => "进程",
            FormTab => "表单",
            TextTab => "文本",
            AddThread => "+ 线程",
            AddProcess => "+ 进程",
            Duplicate => "复制",
            Remove => "删除",
            AddOp => "+ 操作…",
            Daemon => "守护",
            Priority => "优先级",
            Copies => "副本数",
            StartAt => "开始时刻",
            Name => "名称",
            MoveUp => "上移",
            Timeout => "超时",
            Times => "次",
            AddTask => "+ 任务",
            FormOff => "文本无法解析；请先修正（或撤销），再使用表单。",
            FormNote => "表单与文本是同一个场景：一边的修改会同步到另一边。表单会按自己的格式重写文本（注释会被删除）。",
            MainProcess => "进程 main",
            Task => "任务",
            Share => "分享与导出",
            CopyLink => "复制链接",
            Copied => "链接已复制",
            CopyFailed => "此处不允许复制：请选中链接后手动复制",
            EmbedBtn => "嵌入…",
            EmbedHint => "把这段代码粘贴到课程网页中（脚本会按内容调整框架高度）：",
            Autoplay => "自动播放",
            ReadOnly => "只读",
            ExportSvg => "SVG",
            ExportPng => "PNG",
            ExportTrace => "Trace（Perfetto）",
            ExportCsv => "CSV",
            ExportTl => ".tl 文件",
            OpenFile => "打开 .tl…",
            DropHint => "或把 .tl 文件拖到页面上",
            OpenInThreadlab => "在 Threadlab 中打开 ↗",
            LinkProblem => "这个链接无法完整打开",
            Dismiss => "关闭",
            Recovered => "编辑器保留了能恢复的文本；图表显示最后一个有效的场景。",
            FileTooBig => "这个文件太大，不能作为场景",
            PresetFailed => "无法加载这个预设：请再选一次。",
            Link => "链接",
            Simulating => "正在模拟…",
            Controls => "播放控件",
            State => "状态",
            Holds => "持有",
            WaitsFor => "等待",
            CauseOrCore => "原因 / 核",
            Start => "开始",
            DaemonTag => "(守护)",
            DaemonThread => "守护线程",
            LoopTasksHint => "事件循环：▾ / ▸ 显示或隐藏它的任务",
            ShowTasks => "显示它的任务",
            HideTasks => "隐藏它的任务",
            DeadlockDetected => "检测到死锁",
            StallDetected => "检测到停滞",
            TaskReady => "就绪",
            TaskAwaiting => "等待中",
            Markers => "标记",
            Forever => "永远",
            Edited => "已修改",
            EditScenario => "编辑场景",
            FieldNumber => "应为整数",
            FieldRange => "应为整数，范围",
            FieldAmount => "应为 N 或 LO..HI（LO ≤ HI）",
            FieldName => "应为名称（以字母或 _ 开头，后接字母、数字、_ . -）",
            FieldTaken => "这个名称已被使用",
            MoreRows => "行未显示",
            MoreThreads => "个线程未显示：请在文本中编辑",
            Exporting => "正在准备文件…",
            Loading => "正在加载…",
            ExportFailed => "导出失败",
            Events => "事件",
            EventsHint => "点击事件可把光标移到它的时刻",
            AllThreads => "所有线程",
            AllKinds => "所有类型",
            Kind => "类型",
            NothingChanges => "这一时刻没有变化",
            LastChange => "上一次变化",
            Average => "平均",
            Pool => "池",
            PoolKind => "类型",
            Workers => "工作者数",
            Jobs => "任务数",
            JobsDone => "已完成",
            Throughput => "吞吐量（每 1,000 tick 完成的任务数）",
            MeanLatency => "平均延迟",
            MaxLatency => "最大延迟",
            Busy => "忙碌",
            TicksPerPixel => "每像素 tick 数",
            Fit => "适应宽度",
            ScaleHint => "固定比例让每次运行的每个 tick 画得一样长，不同运行一眼就能比较（图表可横向滚动）；适应宽度：运行占满宽度",
            CopySnippet => "复制代码",
            SnippetCopied => "代码已复制",
            Preview => "预览（就是这段代码的框架）",
            ShowNote => "场景说明",


        },
    }
}

/// The title of concept `n` (1–12).
pub fn concept(lang: Lang, n: u8) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return shown(lang, 1, (n.clamp(1, 12) - 1) as usize, concept_words(Lang::En, n));
    #[cfg(not(target_arch = "wasm32"))]
    concept_words(lang, n)
}

/// The 12 concepts' titles (index 0 is concept 1).
pub(crate) fn concept_words(lang: Lang, n: u8) -> &'static str {
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

/// A legend entry in words: the chart model's English words (`LegendKey::word`, the same in
/// the exports), or their 简体中文.
pub fn legend(lang: Lang, k: threadlab_share::chart::LegendKey) -> &'static str {
    use threadlab_share::chart::LegendKey as L;
    use threadlab_sim::Fate;
    match (lang, k) {
        (Lang::En, k) => k.word(),
        (Lang::Zh, L::Running) => "运行",
        (Lang::Zh, L::Runnable) => "就绪（等待 CPU 核）",
        (Lang::Zh, L::New) => "尚未开始",
        (Lang::Zh, L::Switch) => "上下文切换",
        (Lang::Zh, L::Blocked(c)) => cause(lang, c),
        (Lang::Zh, L::BlockedOther) => "阻塞（未记录原因）",
        (Lang::Zh, L::Forever) => "永远等待（死锁或停滞）",
        (Lang::Zh, L::End(Fate::Finished)) => "已完成",
        (Lang::Zh, L::End(Fate::Crashed)) => "崩溃",
        (Lang::Zh, L::End(Fate::Killed)) => "被杀死（守护线程被切断）",
        (Lang::Zh, L::End(_)) => "永远卡住",
    }
}

/// A blocking cause in words.
pub fn cause(lang: Lang, c: threadlab_sim::trace::Cause) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return shown(lang, 2, c as usize, cause_words(Lang::En, c));
    #[cfg(not(target_arch = "wasm32"))]
    cause_words(lang, c)
}

pub(crate) fn cause_words(lang: Lang, c: threadlab_sim::trace::Cause) -> &'static str {
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

/// A blocking cause as a short word (the tables' "waits for" column).
pub fn cause_word(lang: Lang, c: threadlab_sim::trace::Cause) -> &'static str {
    use threadlab_sim::trace::Cause::*;
    match (lang, c) {
        (Lang::En, c) => c.as_str(),
        (Lang::Zh, Io) => "输入输出",
        (Lang::Zh, Sleep) => "休眠",
        (Lang::Zh, Lock) => "锁",
        (Lang::Zh, Wait) => "条件等待",
        (Lang::Zh, Join) => "等待结束",
        (Lang::Zh, Gil) => "等待 GIL",
        (Lang::Zh, Acquire) => "信号量",
    }
}

/// How a thread ended, in words.
pub fn fate(lang: Lang, f: threadlab_sim::Fate) -> &'static str {
    use threadlab_sim::Fate::*;
    match (lang, f) {
        (Lang::En, f) => f.as_str(),
        (Lang::Zh, Finished) => "正常结束",
        (Lang::Zh, Killed) => "被终止（守护线程）",
        (Lang::Zh, Crashed) => "崩溃",
        (Lang::Zh, NeverStarted) => "从未启动",
        (Lang::Zh, Stuck) => "永远阻塞",
        (Lang::Zh, Unfinished) => "未完成",
    }
}

/// What was wrong with a link, in words.
pub fn link_problem(lang: Lang, p: &threadlab_share::link::Problem) -> String {
    use threadlab_share::link::Problem::*;
    match lang {
        Lang::En => p.to_string(),
        Lang::Zh => match p {
            NotALink => "这不是 Threadlab 场景链接（应以 #v1: 开头）".to_string(),
            UnknownVersion(v) => format!("这个链接由更新版本的 Threadlab 生成（格式 {v}）；当前版本只能读取 v1"),
            TooLong(n) => format!("这个链接太长，无法打开（{n} 个字符）"),
            BadCharacter(at) => format!("这个链接已损坏：第 {at} 个字符不可能出现在链接中"),
            Truncated => "这个链接不完整：复制或发送时被截断了".to_string(),
            Corrupt => "这个链接已损坏：数据无法解压".to_string(),
            TooBig => "这个链接的场景超过了允许的最大长度".to_string(),
            NotText => "这个链接已损坏：场景不是文本".to_string(),
        },
    }
}

/// Why a run stopped early, in words: the core's sentence in English, the same in 简体中文.
pub fn limit_reason(lang: Lang, r: &threadlab_sim::LimitReason) -> String {
    use threadlab_sim::LimitReason::*;
    let zh = || match r {
        Ticks(n) => fill(ErrWord::LimitTicks, &[&n.to_string()]),
        Segments(n) => fill(ErrWord::LimitSegments, &[&n.to_string()]),
        Steps(n) => fill(ErrWord::LimitSteps, &[&n.to_string()]),
    };
    match lang {
        Lang::En => r.to_string(),
        Lang::Zh => zh().unwrap_or_else(|| r.to_string()),
    }
}

/// Why something happened (the core's `Reason`), in words.
pub fn reason(lang: Lang, r: threadlab_sim::trace::Reason) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return shown(lang, 3, r as usize, reason_words(Lang::En, r));
    #[cfg(not(target_arch = "wasm32"))]
    reason_words(lang, r)
}

pub(crate) fn reason_words(lang: Lang, r: threadlab_sim::trace::Reason) -> &'static str {
    use threadlab_sim::trace::Reason::*;
    match lang {
        Lang::En => r.text(),
        Lang::Zh => match r {
            StartTime => "到了它的开始时刻",
            Spawned => "被创建",
            ProcessSpawned => "它的进程被创建",
            HeadOfQueue => "就绪队列的队首",
            HighestPriority => "优先级最高",
            ShortestJob => "下一段 CPU 最短",
            ShortestRemaining => "剩余时间最短",
            QuantumUsedUp => "时间片用完",
            HigherPriority => "更高优先级的线程到来",
            ShorterRemaining => "剩余时间更短的线程到来",
            LostGil => "GIL 交给了另一个线程",
            BlockedOn => "阻塞",
            Unlocked => "解锁时把锁交给它",
            Notified => "被 notify 唤醒",
            NotifiedAll => "被 notify-all 唤醒",
            TargetEnded => "等待的线程结束了",
            ProcessEnded => "等待的进程结束了",
            IoDone => "I/O 完成",
            SleepDone => "sleep 结束",
            TimedOut => "超时",
            Released => "信号量被释放",
            TaskReady => "下一个就绪的任务",
            GilDropRequested => "超过间隔，请求释放 GIL",
            GilReleased => "持有者释放了 GIL",
            GilFree => "GIL 空闲",
            NotifyLost => "没有线程在等待：这次 notify 丢失了",
            NotifyWoke => "唤醒等待最久的线程",
            Finished => "执行完所有操作",
            LastNonDaemonEnded => "进程中最后一个非守护线程结束了",
            ProcessCrashed => "进程中的某个线程崩溃了",
            Yielded => "yield 让出",
            Acquired => "获得了锁",
            Unlocking => "unlock",
            WaitReleases => "wait 释放监视器",
            UnlockNotHeld => "unlock 了一个不持有的互斥锁",
            NotifyNotHeld => "没有持有监视器就 notify",
            WaitNotHeld => "没有持有监视器就 wait",
            JoinSelf => "join 了自己",
            SpawnTwice => "创建了一个已经启动的线程或进程",
            Awaits => "await 挂起了任务",
            AwaitedEnded => "等待的任务结束了",
            NextInTurn => "轮到它",
            YourPick => "你选的",
        },
    }
}

/// An event kind's name, for the events list's filter: the JSON's name in English.
pub fn event_kind(lang: Lang, k: threadlab_sim::trace::EventKind) -> &'static str {
    use threadlab_sim::trace::EventKind::*;
    match lang {
        Lang::En => k.as_str(),
        Lang::Zh => match k {
            Start => "启动",
            Spawn => "创建",
            Dispatch => "调度上核",
            Preempt => "抢占",
            Block => "阻塞",
            Wake => "唤醒",
            Yield => "让出",
            GilHandoff => "GIL 交接",
            Notify => "通知",
            End => "结束",
            Exit => "退出",
            Crash => "崩溃",
            Kill => "被终止",
            TaskSwitch => "任务切换",
            Lock => "加锁",
            Unlock => "解锁",
            Error => "错误",
            TaskAwait => "任务 await",
            TaskReady => "任务就绪",
            TaskDone => "任务结束",
        },
    }
}

/// "3 earlier events" / "12 more events" (the lines that end a long events list), or "and 4
/// more" after the why-line's first phrases (`list`).
pub fn more(lang: Lang, n: usize, before: bool, list: bool) -> String {
    match (lang, before, list) {
        (Lang::En, _, true) => format!("and {n} more"),
        (Lang::En, true, false) => format!("{n} earlier events"),
        (Lang::En, false, false) => format!("{n} more events"),
        (Lang::Zh, _, true) => format!("还有 {n} 项"),
        (Lang::Zh, true, false) => format!("之前还有 {n} 个事件"),
        (Lang::Zh, false, false) => format!("之后还有 {n} 个事件"),
    }
}

/// Names as a list in `lang`, at most `cap` of them ("a, b, c, …").
pub fn names(lang: Lang, names: &[&str], cap: usize) -> String {
    let sep = if lang == Lang::Zh { "、" } else { ", " };
    let mut s = names.iter().take(cap).copied().collect::<Vec<_>>().join(sep);
    if names.len() > cap {
        s.push_str(sep);
        s.push('…');
    }
    s
}
/// A chart marker's words: the chart model's English words, or their 简体中文.
pub fn marker(lang: Lang, k: threadlab_share::chart::MarkerKind) -> &'static str {
    use threadlab_share::chart::MarkerKind as M;
    match (lang, k) {
        (Lang::En, k) => k.word(),
        (Lang::Zh, M::LostNotify) => "notify 丢失（没有线程在等待）",
        (Lang::Zh, M::Crash) => "崩溃",
        (Lang::Zh, M::Kill) => "被杀死",
        (Lang::Zh, M::GilDrop) => "按请求释放 GIL",
    }
}

/// The tooltip of a thread's end mark: "worker crashed at t = 7".
pub fn end_mark(lang: Lang, name: &str, fate: threadlab_sim::Fate, tick: u64) -> String {
    use threadlab_sim::Fate::*;
    match (lang, fate) {
        (Lang::En, Finished) => format!("{name} finished at t = {tick}"),
        (Lang::En, Crashed) => format!("{name} crashed at t = {tick}"),
        (Lang::En, Killed) => format!("{name} was killed at t = {tick} (a daemon, cut off when its process ended)"),
        (Lang::En, _) => format!("{name} is stuck forever"),
        (Lang::Zh, Finished) => format!("{name} 在 t = {tick} 完成"),
        (Lang::Zh, Crashed) => format!("{name} 在 t = {tick} 崩溃"),
        (Lang::Zh, Killed) => format!("{name} 在 t = {tick} 被杀死（守护线程，随进程结束被切断）"),
        (Lang::Zh, _) => format!("{name} 永远卡住"),
    }
}

/// The tooltip of a wait that never ends: the core's sentence (`text`, English), or its
/// 简体中文 from the thread's name and what it waits for (`what`, e.g. "lock y").
pub fn forever(lang: Lang, name: &str, what: &str, text: &str, from: u64) -> String {
    match lang {
        Lang::En => format!("{text}: forever, from t = {from}"),
        Lang::Zh => format!("{name} 从 t = {from} 起永远等待 {what}"),
    }
}

/// The 简体中文 templates of the core's error sentences (`threadlab_sim::error::Sentence`,
/// part 5 `[error]` of `zh/i18n.txt`, in the order of `Sentence::ALL`): `{0}`, `{1}`… are the
/// sentence's pieces. English is the core's own template.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn sentence_words(s: threadlab_sim::error::Sentence) -> &'static str {
    use threadlab_sim::error::Sentence::*;
    match s {
        TextTooLong => "场景有 {0} 字节；最多允许 {1} 字节",
        NotUtf8 => "这不是 UTF-8 文本（请把场景保存为 UTF-8）",
        UnexpectedChar => "意外的字符 '{0}'{1}",
        UnterminatedString => "字符串没有结束；应在同一行写上结尾的 \"",
        UnknownEscape => "字符串中有未知的转义 \"\\{0}\"；应为 \\\"、\\\\ 或 \\n",
        NumberGluedToName => "应为数字或名字，却遇到 \"{0}\"；数字只能由数字组成，名字以字母或 \"_\" 开头",
        NumberTooLarge => "数字太大（最多 {0}）",
        OpenOnSameLine => "{0} 后面的 \"{\" 应写在同一行，却遇到了行尾",
        ExpectedOpen => "{0} 后面应为 \"{\"，却遇到 {1}",
        ExpectedNumber => "\"{0}\" 后面应为数字，却遇到 {1}{2}",
        OutOfRange => "{0} 必须在 {1} 到 {2} 之间，却是 {3}",
        ExpectedName => "\"{1}\" 后面应为{0}，却遇到 {2}",
        ExpectedString => "\"{0}\" 后面应为双引号字符串，却遇到 {1}",
        EmptyRange => "范围 {0}..{1} 是空的；第一个数应不大于第二个数",
        ExpectedEndOfStatement => "{0}之后应换行或写 \";\"，却遇到 {1}",
        ExpectedEndInBlock => "{0}之后应换行或写 \";\" 或 \"}\"，却遇到 {1}{2}",
        UnmatchedClose => "遇到 \"}\"，但没有需要关闭的代码块",
        ExpectedSetting => "应为设置、\"thread\" 或 \"process\"（{0} 之一），却遇到 {1}",
        UnknownSetting => "未知的设置 \"{0}\"；应为 {1} 之一{2}",
        SettingTwice => "{0} 已在第 {1} 行设置过",
        UnknownScheduler => "未知的调度器 \"{0}\"；应为 {1} 之一{2}",
        ExpectedScheduler => "\"scheduler\" 后面应为调度器（{0} 之一），却遇到 {1}",
        QuantumNotAllowed => "\"quantum\" 只能写在 rr 或 priority 后面，不能写在 {0} 后面",
        OstepOneCore => "scheduler ostep 只有一个 CPU：应为 cores 1，却是 cores {0}",
        OstepRuleTwice => "\"scheduler ostep\" 后面 \"{0}-…\" 写了两次",
        ExpectedSpawnCostKind => "\"spawn-cost\" 后面应为 \"thread\" 或 \"process\"，却遇到 {0}",
        SpawnCostTwice => "这个 spawn-cost 中 \"{0}\" 已经给过了",
        ExpectedOnOff => "\"gil\" 后面应为 \"on\" 或 \"off\"，却遇到 {0}",
        IntervalWithGilOff => "\"interval\" 只能写在 \"gil on\" 后面，不能写在 \"gil off\" 后面",
        NestedTooDeep => "代码块嵌套太深（最多 {0} 层）",
        BadCopies => "\"x\" 需要 1 到 {0} 个副本，却是 {1}",
        Unclosed => "第 {0} 行打开的代码块应以 \"}\" 关闭，却遇到了文本结尾",
        ExpectedThreadAttr => "线程 {1} 后面应为线程属性（{0} 之一）或 \"{\"，却遇到 {2}",
        AttrTwice => "{1} 的 \"{0}\" 已在第 {2} 行给过",
        UnknownThreadAttr => "未知的线程属性 \"{0}\"；应为 {1} 之一或 \"{\"{2}",
        ProcessNamedMain => "进程名 \"main\" 保留给顶层书写的线程；请换一个名字",
        EmptyProcess => "进程 {0} 没有线程；应写 \"thread\"",
        ExpectedThreadInProcess => "进程 {0} 里应为 \"thread\" 或 \"}\"，却遇到 {1}",
        ExpectedOperation => "应为操作（{0} 之一）或 \"}\"，却遇到 {1}",
        UnknownOperation => "未知的操作 \"{0}\"；应为 {1} 之一{2}",
        NoTask => "asyncio 线程 {0} 没有任务；应写 \"task\"",
        ExpectedTask => {
            "asyncio 线程 {0} 的代码块里应为 \"task\" 或 \"}\"，却遇到 {1}（它的工作要写在任务里：task NAME { … }）"
        }
        ExpectedCopiesOrOpen => "任务 {0} 后面应为 \"x N\" 或 \"{\"，却遇到 {1}",
        ExpectedTaskOperation => "应为任务操作（{0} 之一）或 \"}\"，却遇到 {1}",
        ExpectedAwaitTarget => "\"await\" 后面应为 \"io\"、\"sleep\" 或任务名，却遇到 {0}",
        UnknownTaskOperation => "未知的任务操作 \"{0}\"；应为 {1} 之一{2}",
        BadSettings => "cores 必须在 1 到 {0} 之间，limit 最多为 {1}",
        TooManyThreads => "线程太多：展开副本 `x N` 后最多 {0} 个",
        TooManyTasks => "任务太多：展开副本后最多 {0} 个",
        NameTaken => "名字 \"{0}\" 已在第 {1} 行使用；线程、任务和进程的名字必须唯一",
        SemaphoreTwice => "信号量 \"{0}\" 已在第 {1} 行声明",
        KindClash => "\"{0}\" 是{1}（第 {2} 行），不能同时用作{3}",
        NotALock => "\"{0}\" 是线程、任务或进程的名字，不是锁或信号量",
        UsedAsLock => "\"{0}\" 在第 {1} 行被用作锁或信号量",
        AwaitOtherLoop => "任务 \"{0}\" 在另一个事件循环中运行；`await` 只能等待同一个循环的任务",
        UnknownTask => "未知的任务 \"{0}\"；应为 `await io N`、`await sleep N` 或本循环中任务的 `await TASK`",
        JoinTask => "\"{0}\" 是 asyncio 任务；线程只能 join 线程或进程（任务用 `await`）",
        UnknownJoinTarget => "未知的线程或进程 \"{0}\"；join 需要线程或进程的名字",
        SpawnMain => "main 进程会自己启动，不能被 spawn",
        SpawnTask => "\"{0}\" 是 asyncio 任务；任务随它的事件循环一起启动",
        UnknownSpawnTarget => "未知的线程或进程 \"{0}\"；spawn 需要线程或进程的名字",
        SpawnOtherProcess => "线程 \"{0}\" 属于另一个进程；线程只能 spawn 本进程的线程（请改为 spawn 那个进程）",
        SpawnMainThread => "\"{0}\" 是它所在进程的主线程，随进程一起启动；请改为 spawn 那个进程",
        SpawnWithAt => "线程 \"{0}\" 有 `at`（第 {1} 行），却又由 `spawn` 启动；请去掉其中一个",
        UnknownPoolKind => "池 {0} 后面应为池的种类（{1} 之一），却遇到 {2}{3}",
        ExpectedJobs => "池 {0} 的工作者数后面应为 \"jobs J\"，却遇到 {1}",
        BadWorkers => "池需要 1 到 {0} 个工作者，却是 {1}",
        BadJobs => "池需要 1 到 {0} 个作业，却是 {1}",
        ExpectedGoal => "\"goal\" 后面应为目标（deadlock、finish-by N 或 starve THREAD N），却遇到 {0}",
        NotAThread => "\"{0}\" 不是一个线程；picks 和 goal 指名一个线程（副本写作 NAME.1）",
    }
}

/// The other 简体中文 words of errors and outcomes: the pieces of sentences worded per
/// language, and the templates of run-time errors and limits (part 6 `[errword]` of
/// `zh/i18n.txt`, one line per variant in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum ErrWord {
    CurlyQuote,
    NoBreakSpace,
    OnlyPriorityNegative,
    RangeOnlyAfterCpu,
    FoundStr,
    FoundEndOfLine,
    FoundEndOfText,
    BlockThread,
    BlockProcess,
    BlockTask,
    AfterSetting,
    AfterSemaphore,
    AfterBlock,
    AfterOperation,
    NameUnit,
    NameSemaphore,
    NameThread,
    NameProcess,
    NameTask,
    NameMutex,
    NameThreadOrProcess,
    UseMutex,
    UseSemaphore,
    UseThreadOrProcess,
    UseAsMutex,
    UseAsSemaphore,
    HintDidYouMean,
    HintInsideThread,
    HintAwaitInTask,
    HintTaskNeedsAsyncio,
    HintWriteAwait,
    HintThreadOpInTask,
    SpawnThreadTwice,
    SpawnProcessTwice,
    NotHeldBy,
    NotHeldFree,
    JoinSelf,
    LimitTicks,
    LimitSegments,
    LimitSteps,
    BlockPool,
    NamePool,
}

impl ErrWord {
    /// Every word, in order (`w as usize` is its line in part `[errword]`).
    pub const ALL: [ErrWord; 42] = [
        ErrWord::CurlyQuote,
        ErrWord::NoBreakSpace,
        ErrWord::OnlyPriorityNegative,
        ErrWord::RangeOnlyAfterCpu,
        ErrWord::FoundStr,
        ErrWord::FoundEndOfLine,
        ErrWord::FoundEndOfText,
        ErrWord::BlockThread,
        ErrWord::BlockProcess,
        ErrWord::BlockTask,
        ErrWord::AfterSetting,
        ErrWord::AfterSemaphore,
        ErrWord::AfterBlock,
        ErrWord::AfterOperation,
        ErrWord::NameUnit,
        ErrWord::NameSemaphore,
        ErrWord::NameThread,
        ErrWord::NameProcess,
        ErrWord::NameTask,
        ErrWord::NameMutex,
        ErrWord::NameThreadOrProcess,
        ErrWord::UseMutex,
        ErrWord::UseSemaphore,
        ErrWord::UseThreadOrProcess,
        ErrWord::UseAsMutex,
        ErrWord::UseAsSemaphore,
        ErrWord::HintDidYouMean,
        ErrWord::HintInsideThread,
        ErrWord::HintAwaitInTask,
        ErrWord::HintTaskNeedsAsyncio,
        ErrWord::HintWriteAwait,
        ErrWord::HintThreadOpInTask,
        ErrWord::SpawnThreadTwice,
        ErrWord::SpawnProcessTwice,
        ErrWord::NotHeldBy,
        ErrWord::NotHeldFree,
        ErrWord::JoinSelf,
        ErrWord::LimitTicks,
        ErrWord::LimitSegments,
        ErrWord::LimitSteps,
        ErrWord::BlockPool,
        ErrWord::NamePool,
    ];
}

/// The 简体中文 of `w` (the source of part `[errword]` of `web/zh/i18n.txt`).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn err_words(w: ErrWord) -> &'static str {
    use ErrWord::*;
    match w {
        CurlyQuote => "；字符串要用直双引号 \"…\"",
        NoBreakSpace => "（不换行空格）；请用普通空格",
        OnlyPriorityNegative => "；只有 \"priority\" 可以是负数",
        RangeOnlyAfterCpu => "；范围 A..B 只能写在 \"cpu\"、\"io\" 或 \"sleep\" 后面",
        FoundStr => "一个字符串",
        FoundEndOfLine => "行尾",
        FoundEndOfText => "文本结尾",
        BlockThread => "线程 {0}",
        BlockProcess => "进程 {0}",
        BlockTask => "任务 {0}",
        AfterSetting => "设置 {0} ",
        AfterSemaphore => "信号量声明",
        AfterBlock => "{0} 的代码块",
        AfterOperation => "操作",
        NameUnit => "一个单位词（如 ms）",
        NameSemaphore => "信号量名",
        NameThread => "线程名",
        NameProcess => "进程名",
        NameTask => "任务名",
        NameMutex => "互斥锁名",
        NameThreadOrProcess => "线程名或进程名",
        UseMutex => "互斥锁",
        UseSemaphore => "信号量",
        UseThreadOrProcess => "线程或进程",
        UseAsMutex => "互斥锁（lock/unlock/wait/notify）",
        UseAsSemaphore => "信号量（acquire/release）",
        HintDidYouMean => "；你是想写 \"{0}\" 吗？",
        HintInsideThread => "（\"{0}\" 要写在线程块里：thread NAME { … }）",
        HintAwaitInTask => "（\"await\" 只能写在 asyncio 线程的任务里）",
        HintTaskNeedsAsyncio => "（任务需要 asyncio 线程：thread NAME asyncio { task T { … } }）",
        HintWriteAwait => "（在任务里要写 \"await {0} N\"）",
        HintThreadOpInTask => "（\"{0}\" 是普通线程的操作，不能用在任务里）",
        SpawnThreadTwice => "spawn 了 {0}，但它已经启动过了",
        SpawnProcessTwice => "spawn 了进程 {0}，但它已经启动过了",
        NotHeldBy => "对 {1} 执行 {0}，但它由 {2} 持有",
        NotHeldFree => "对 {1} 执行 {0}，但它并没有持有 {1}",
        JoinSelf => "{0} join 了自己",
        LimitTicks => "已达到 {0} 个 tick 的上限（limit）",
        LimitSegments => "这次运行太大，无法显示：轨迹段超过 {0} 个",
        LimitSteps => "超过 {0} 步工作在时间几乎不前进的情况下执行：是不耗时操作组成的循环，还是每次选择都要比较成千上万个等待的线程（priority、sjf、stcf、ostep）？",
        BlockPool => "池 {0}",
        NamePool => "池名",
    }
}

/// The template of sentence `s` in 简体中文: downloaded in the browser (`None` until then).
fn sentence_zh(s: threadlab_sim::error::Sentence) -> Option<&'static str> {
    #[cfg(target_arch = "wasm32")]
    return crate::zh_texts::word(4, s as usize);
    #[cfg(not(target_arch = "wasm32"))]
    Some(sentence_words(s))
}

/// Word `w` in 简体中文: downloaded in the browser (`None` until then).
fn err_word(w: ErrWord) -> Option<&'static str> {
    #[cfg(target_arch = "wasm32")]
    return crate::zh_texts::word(5, w as usize);
    #[cfg(not(target_arch = "wasm32"))]
    Some(err_words(w))
}

/// `template` with `{0}`, `{1}`… replaced by `args`.
pub fn fill_in(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let _ = threadlab_sim::error::fill(&mut out, template, |o, i| o.write_str(args.get(i).copied().unwrap_or("")));
    out
}

/// Word `w` with `{0}`, `{1}`… replaced by `args`.
fn fill(w: ErrWord, args: &[&str]) -> Option<String> {
    Some(fill_in(err_word(w)?, args))
}

/// A piece of an error's sentence in 简体中文 (`None` until the words are here).
fn piece_zh(p: &threadlab_sim::error::Piece) -> Option<String> {
    use threadlab_sim::error::{After, Block, Found, Hint, NameOf, Piece, Tip, Use};
    use ErrWord as W;
    let word = |w: W| err_word(w).map(str::to_string);
    let block = |b: &Block| match b {
        Block::Thread(n) => fill(W::BlockThread, &[n]),
        Block::Process(n) => fill(W::BlockProcess, &[n]),
        Block::Task(n) => fill(W::BlockTask, &[n]),
        Block::Repeat(_) => Some(b.to_string()),
        Block::Pool(n) => fill(W::BlockPool, &[n]),
    };
    match *p {
        Piece::Found(Found::Str) => word(W::FoundStr),
        Piece::Found(Found::EndOfLine) => word(W::FoundEndOfLine),
        Piece::Found(Found::EndOfText) => word(W::FoundEndOfText),
        Piece::Block(b) => block(b),
        Piece::After(After::Setting(s)) => fill(W::AfterSetting, &[s.keyword()]),
        Piece::After(After::Semaphore) => word(W::AfterSemaphore),
        Piece::After(After::BlockOf(b)) => fill(W::AfterBlock, &[&block(b)?]),
        Piece::After(After::Operation) => word(W::AfterOperation),
        Piece::NameOf(n) => word(match n {
            NameOf::Unit => W::NameUnit,
            NameOf::Semaphore => W::NameSemaphore,
            NameOf::Thread => W::NameThread,
            NameOf::Process => W::NameProcess,
            NameOf::Task => W::NameTask,
            NameOf::Mutex => W::NameMutex,
            NameOf::ThreadOrProcess => W::NameThreadOrProcess,
            NameOf::Pool => W::NamePool,
        }),
        Piece::Was(u) => word(match u {
            Use::Mutex => W::UseMutex,
            Use::Semaphore => W::UseSemaphore,
            Use::ThreadOrProcess => W::UseThreadOrProcess,
        }),
        Piece::Now(u) => word(if u == Use::Semaphore { W::UseAsSemaphore } else { W::UseAsMutex }),
        Piece::Hint(h) => match h {
            Hint::None => Some(String::new()),
            Hint::DidYouMean(w) => fill(W::HintDidYouMean, &[w]),
            Hint::InsideThread(w) => fill(W::HintInsideThread, &[w]),
            Hint::AwaitInTask => word(W::HintAwaitInTask),
            Hint::TaskNeedsAsyncio => word(W::HintTaskNeedsAsyncio),
            Hint::WriteAwait(w) => fill(W::HintWriteAwait, &[w]),
            Hint::ThreadOpInTask(w) => fill(W::HintThreadOpInTask, &[w]),
        },
        Piece::Tip(t) => match t {
            Tip::None => Some(String::new()),
            Tip::CurlyQuote => word(W::CurlyQuote),
            Tip::NoBreakSpace => word(W::NoBreakSpace),
            Tip::OnlyPriorityNegative => word(W::OnlyPriorityNegative),
            Tip::RangeOnlyAfterCpu => word(W::RangeOnlyAfterCpu),
        },
        // Names, numbers, characters, keywords and the other tokens: the same in every language.
        _ => Some(p.to_string()),
    }
}

/// What is wrong with a scenario, in words: the core's sentence in English, its 简体中文
/// from the kind's sentence and pieces (English until the Chinese texts are here).
pub fn scenario_error(lang: Lang, k: &threadlab_sim::ErrorKind) -> String {
    let zh = || {
        let (s, pieces) = k.sentence();
        let template = sentence_zh(s)?;
        let mut args = Vec::with_capacity(pieces.len());
        for p in &pieces {
            args.push(piece_zh(p)?);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Some(fill_in(template, &args))
    };
    match lang {
        Lang::En => k.to_string(),
        Lang::Zh => zh().unwrap_or_else(|| k.to_string()),
    }
}

/// The broken rule of a run-time error, in words: the core's sentence, or its 简体中文.
pub fn run_error(lang: Lang, e: &threadlab_sim::RunError) -> String {
    use threadlab_sim::{HeldOp, RunError};
    let zh = || match e {
        RunError::SpawnThreadTwice { thread } => fill(ErrWord::SpawnThreadTwice, &[thread]),
        RunError::SpawnProcessTwice { process } => fill(ErrWord::SpawnProcessTwice, &[process]),
        RunError::NotHeld { op, mutex, holder } => {
            let op = match op {
                HeldOp::Unlock => "unlock",
                HeldOp::Wait => "wait",
                HeldOp::Notify => "notify",
            };
            match holder {
                Some(h) => fill(ErrWord::NotHeldBy, &[op, mutex, h]),
                None => fill(ErrWord::NotHeldFree, &[op, mutex]),
            }
        }
        RunError::JoinSelf { thread } => fill(ErrWord::JoinSelf, &[thread]),
    };
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => zh().unwrap_or_else(|| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use threadlab_sim::ErrorKind;

    /// The variants of the core's `ErrorKind`, read from its source.
    fn kind_names() -> Vec<&'static str> {
        let src = include_str!("../../sim/src/error.rs");
        let body = &src[src.find("pub enum ErrorKind {").expect("enum ErrorKind") + 20..];
        let body = &body[..body.find("\n}\n").expect("the end of enum ErrorKind")];
        body.lines()
            .map(str::trim)
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|l| l.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or(l))
            .collect()
    }

    /// One example or more of every kind: from bad scenarios, and built for the few that
    /// need a huge text or the command line.
    fn examples() -> Vec<ErrorKind> {
        let texts = [
            "thread a at 1 at 2 { cpu 1 }",
            "thread l asyncio { task t x 2 x 3 { cpu 1 } }",
            "thread l asyncio { task t { cpu 1 } }\nthread k asyncio { task u { await t } }",
            "thread a x 0 { cpu 1 }",
            "thread a x99999 { cpu 1 }",
            "process p { }",
            "thread a { cpu 5..2 }",
            "thread l asyncio { task t { await 5 } }",
            "thread l asyncio { task t 5 { cpu 1 } }",
            "thread a { cpu 1 2 }",
            "thread a { wait m 1..2 }",
            "pool p thread 2 jobs 3 { cpu 1 }",
            "pool p threads 2 { cpu 1 }",
            "pool p threads 0 jobs 3 { cpu 1 }",
            "pool p threads 2 jobs 0 { cpu 1 }",
            "pool { cpu 1 }",
            "pool p threads 2 jobs 3\n{ cpu 1 }",
            "cores 2 3",
            "thread a { cpu 1 } x",
            "thread a { lock 3 }",
            "unit 5",
            "thread a { cpu x }",
            "thread a { io -3 }",
            "gil maybe",
            "process p cpu",
            "thread a { repeat 3 cpu 1 }",
            "thread a { 5 }",
            "scheduler 5",
            "42",
            "spawn-cost 5",
            "title x",
            "thread l asyncio { cpu 1 }",
            "thread l asyncio { task t { 5 } }",
            "thread a 5 { cpu 1 }",
            "process p { cpu 1 }",
            "thread a { cpu .. }",
            "thread a { cpu",
            "thread a { cpu\n}",
            "thread a { cpu { }",
            "semaphore s x",
            "thread a { cpu ; }",
            "thread a { cpu \"x\" }",
            "gil off interval 5",
            "thread l asyncio { task t { cpu 1 } }\nthread a { join t }",
            "thread a { lock m; unlock m; acquire m }",
            "thread a { cpu 1 }\nthread b { join a; lock a }",
            "thread a { cpu bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb }",
            "thread aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 5 { cpu 1 }",
            "thread a { cpu 1 }\nthread a { cpu 2 }",
            "thread l asyncio { }",
            "thread a { lock b }\nthread b { cpu 1 }",
            "thread a { cpu 3ms }",
            "thread a { cpu 99999999999999999 }",
            "thread a\n{ cpu 1 }",
            "thread l asyncio { task t\n{ cpu 1 } }",
            "cores 0",
            "gil on interval 0",
            "limit 99999999",
            "scheduler rr quantum 0",
            "thread a priority 99999999999999999999 { cpu 1 }",
            "process main { thread a { cpu 1 } }",
            "scheduler fifo quantum 2",
            "cores 2\nscheduler ostep",
            "scheduler ostep io-later io-immediate",
            "goal win",
            "picks zed\nthread a { cpu 1 }",
            "semaphore s 1\nsemaphore s 2",
            "cores 2\ncores 3",
            "spawn-cost thread 1 thread 2",
            "thread a { spawn main }",
            "process p { thread m { spawn m } }",
            "process p { thread m { cpu 1 }\n thread w { cpu 1 } }\nthread a { spawn w }",
            "thread l asyncio { task t { cpu 1 } }\nthread a { spawn t }",
            "thread a { spawn b }\nthread b at 3 { cpu 1 }",
            "thread a {\n cpu 1",
            "thread a { cpu 1 } @",
            "thread a {\u{200b} cpu 1 }",
            "cores\u{a0}2",
            "title “x”",
            "title \"a\\qb\"",
            "thread a { join nope }",
            "thread a { lokc m }",
            "thread a { await io 3 }",
            "thread a { task t { cpu 1 } }",
            "scheduler rrr",
            "coers 2",
            "cpu 2",
            "zzzzzzzz 2",
            "thread a { spawn nope }",
            "thread l asyncio { task t { await nope } }",
            "thread l asyncio { task t { io 5 } }",
            "thread l asyncio { task t { cpuu 5 } }",
            "thread l asyncio { task t { lock m } }",
            "thread a deamon { cpu 1 }",
            "}",
            "title \"abc",
            "semaphore b 1\nthread b { cpu 1 }\nthread c { join b }\n",
        ];
        let mut out: Vec<ErrorKind> = texts.iter().map(|t| threadlab_sim::check(t).expect_err(t).kind).collect();
        let deep = format!("thread a {{ {}cpu 1{} }}", "repeat 2 { ".repeat(40), " }".repeat(40));
        let many_threads = "thread a x 10000 { cpu 1 }\nthread b { cpu 1 }";
        let many_tasks = "thread l asyncio { task t x 10000 { cpu 1 }\n task u { cpu 1 } }";
        let big = "#".repeat(70_000);
        for t in [deep.as_str(), many_threads, many_tasks, big.as_str()] {
            out.push(threadlab_sim::check(t).expect_err(t).kind);
        }
        out.push(ErrorKind::NotUtf8);
        out.push(ErrorKind::BadSettings { max_cores: 256, max_limit: 10_000_000 });
        out
    }

    fn variant(k: &ErrorKind) -> String {
        let d = format!("{k:?}");
        d.split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("").to_string()
    }

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    }

    #[test]
    fn every_error_kind_has_its_own_chinese_words() {
        let names = kind_names();
        assert!(names.len() > 50, "{names:?}");
        let examples = examples();
        for name in &names {
            assert!(examples.iter().any(|k| variant(k) == *name), "no example of ErrorKind::{name}");
        }
        for k in &examples {
            let (en, zh) = (scenario_error(Lang::En, k), scenario_error(Lang::Zh, k));
            assert_eq!(en, k.to_string());
            assert!(!zh.is_empty() && zh != en, "{k:?}: {zh}");
            assert!(has_chinese(&zh), "{k:?}: {zh}");
            assert!(!zh.contains("{0}") && !zh.contains("{1}") && !zh.contains("{2}"), "{k:?}: {zh}");
            // No English sentence left: the words of the English that are not code.
            for english in ["expected", "found", "unknown", "already", "must be", "the end of", "did you mean"] {
                assert!(!zh.contains(english), "{k:?}: {zh}");
            }
        }
    }

    #[test]
    fn chinese_errors_keep_the_names_numbers_and_tokens() {
        let e = |t: &str| scenario_error(Lang::Zh, &threadlab_sim::check(t).expect_err(t).kind);
        assert_eq!(e("thread a { cpu x }"), "\"cpu\" 后面应为数字，却遇到 \"x\"");
        assert_eq!(e("thread a { cpu"), "\"cpu\" 后面应为数字，却遇到 文本结尾");
        assert_eq!(e("thread a { io -3 }"), "\"io\" 后面应为数字，却遇到 \"-3\"；只有 \"priority\" 可以是负数");
        assert_eq!(e("cores 2\ncores 3"), "cores 已在第 1 行设置过");
        assert_eq!(e("thread a { lokc m }").rsplit_once('；').map(|x| x.1), Some("你是想写 \"lock\" 吗？"));
        assert_eq!(e("thread a { join nope }"), "未知的线程或进程 \"nope\"；join 需要线程或进程的名字");
        assert_eq!(e("thread a\n{ cpu 1 }"), "线程 a 后面的 \"{\" 应写在同一行，却遇到了行尾");
        assert_eq!(e("cores 0"), "cores 必须在 1 到 256 之间，却是 0");
    }

    #[test]
    fn run_errors_and_limits_in_both_languages() {
        use threadlab_sim::{HeldOp, LimitReason, RunError};
        let s = |x: &str| x.to_string();
        let cases = [
            (RunError::SpawnThreadTwice { thread: s("w") }, "spawn 了 w，但它已经启动过了"),
            (RunError::SpawnProcessTwice { process: s("p") }, "spawn 了进程 p，但它已经启动过了"),
            (
                RunError::NotHeld { op: HeldOp::Unlock, mutex: s("m"), holder: None },
                "对 m 执行 unlock，但它并没有持有 m",
            ),
            (
                RunError::NotHeld { op: HeldOp::Notify, mutex: s("m"), holder: Some(s("a")) },
                "对 m 执行 notify，但它由 a 持有",
            ),
            (RunError::NotHeld { op: HeldOp::Wait, mutex: s("m"), holder: None }, "对 m 执行 wait，但它并没有持有 m"),
            (RunError::JoinSelf { thread: s("a") }, "a join 了自己"),
        ];
        for (e, zh) in cases {
            assert_eq!(run_error(Lang::En, &e), e.to_string());
            assert_eq!(run_error(Lang::Zh, &e), zh);
        }
        assert_eq!(limit_reason(Lang::Zh, &LimitReason::Ticks(100)), "已达到 100 个 tick 的上限（limit）");
        assert_eq!(limit_reason(Lang::En, &LimitReason::Ticks(100)), "the limit of 100 ticks was reached");
        assert!(has_chinese(&limit_reason(Lang::Zh, &LimitReason::Steps(5))));
        assert!(limit_reason(Lang::Zh, &LimitReason::Segments(7)).contains('7'));
    }

    #[test]
    fn fill_replaces_the_numbered_holes_only() {
        assert_eq!(fill(ErrWord::NotHeldBy, &["unlock", "m", "b"]).as_deref(), Some("对 m 执行 unlock，但它由 b 持有"));
        // Braces of the language stay as they are.
        assert_eq!(
            fill(ErrWord::HintInsideThread, &["cpu"]).as_deref(),
            Some("（\"cpu\" 要写在线程块里：thread NAME { … }）")
        );
    }
}

/// The buttons of the experiments' bar (the extras module shows them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarButton {
    Sweep,
    Compare,
    Ostep,
    Drive,
}

/// The words of the experiments' bar's buttons.
pub fn experiment_toggle(lang: Lang, b: BarButton) -> &'static str {
    match (lang, b) {
        (Lang::En, BarButton::Sweep) => "Sweep a parameter",
        (Lang::En, BarButton::Compare) => "Compare variants",
        (Lang::En, BarButton::Ostep) => "Import OSTEP homework",
        (Lang::Zh, BarButton::Sweep) => "参数扫描",
        (Lang::Zh, BarButton::Compare) => "比较变体",
        (Lang::Zh, BarButton::Ostep) => "导入 OSTEP 作业",
        (Lang::En, BarButton::Drive) => "You are the scheduler",
        (Lang::Zh, BarButton::Drive) => "你来调度",
    }
}

/// The words of "you are the scheduler" (`drive_panel`, classroom module: both languages here,
/// not in the first load).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DriveWord {
    Title,
    Intro,
    Prompt,
    Over,
    Undo,
    Restart,
    Leave,
    Picks,
    NoPicks,
    Goal,
    GoalNone,
    GoalDeadlock,
    GoalFinishBy,
    GoalStarve,
    Met,
    Open,
    Missed,
    Waiting,
    Keys,
    Ticks,
    Thread,
}

pub fn drive_words(lang: Lang, w: DriveWord) -> &'static str {
    use DriveWord::*;
    match lang {
        Lang::En => match w {
            Title => "You are the scheduler",
            Intro => "Whenever more threads are Runnable than cores are free, you pick who runs. The run stops at each choice; your picks are the scenario's `picks` line.",
            Prompt => "t = {0}: core {1} is free. Which thread runs?",
            Over => "The run is over: {0}.",
            Undo => "Undo",
            Restart => "Start over",
            Leave => "Leave",
            Picks => "Your picks ({0}):",
            NoPicks => "none yet",
            Goal => "Goal",
            GoalNone => "none: explore",
            GoalDeadlock => "reach a deadlock",
            GoalFinishBy => "finish by tick N",
            GoalStarve => "starve a thread for N ticks in a row",
            Met => "reached ✓",
            Open => "not yet",
            Missed => "missed ✗ (undo and try another pick)",
            Waiting => "running…",
            Keys => "Keys: 1–9 pick, U undo.",
            Ticks => "N",
            Thread => "thread",
        },
        Lang::Zh => match w {
            Title => "你来调度",
            Intro => "每当可运行的线程多于空闲的核，由你选择谁来运行。运行会在每次选择处停下；你的选择就是场景中的 `picks` 行。",
            Prompt => "t = {0}：核 {1} 空闲。让哪个线程运行？",
            Over => "运行结束：{0}。",
            Undo => "撤销",
            Restart => "重新开始",
            Leave => "退出",
            Picks => "你的选择（{0}）：",
            NoPicks => "还没有",
            Goal => "目标",
            GoalNone => "无：自由探索",
            GoalDeadlock => "造成死锁",
            GoalFinishBy => "在第 N 个时刻前完成",
            GoalStarve => "让一个线程连续饥饿 N 个时刻",
            Met => "已达成 ✓",
            Open => "尚未达成",
            Missed => "未达成 ✗（撤销后换个选择）",
            Waiting => "运行中…",
            Keys => "按键：1–9 选择，U 撤销。",
            Ticks => "N",
            Thread => "线程",
        },
    }
}

/// The words of predict mode (its button and panel, `predict_panel`): both languages here,
/// a few hundred bytes, rather than in the downloaded Chinese texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredictWord {
    Title,
    Leave,
    Question,
    AskAt,
    AskEnd,
    Check,
    Next,
    Answer,
    Score,
    Done,
    Turnaround,
    Response,
    Seed,
    NewProblem,
}

pub fn predict_words(lang: Lang, w: PredictWord) -> &'static str {
    use PredictWord::*;
    match lang {
        Lang::En => match w {
            Title => "Predict, then reveal",
            Leave => "Leave predict mode",
            Question => "Question {0} of {1}",
            AskAt => "At t = {0}, what state is each thread in?",
            AskEnd => "At the end: each thread's turnaround and response?",
            Check => "Check",
            Next => "Next question",
            Answer => "answer",
            Score => "Score: {0} / {1}",
            Done => "Everything is revealed.",
            Turnaround => "Turnaround",
            Response => "Response",
            Seed => "Seed",
            NewProblem => "New problem",
        },
        Lang::Zh => match w {
            Title => "先预测，再揭晓",
            Leave => "退出预测模式",
            Question => "第 {0} 题，共 {1} 题",
            AskAt => "在 t = {0} 时，每个线程处于什么状态？",
            AskEnd => "结束时：每个线程的周转时间和响应时间是多少？",
            Check => "检查",
            Next => "下一题",
            Answer => "答案",
            Score => "得分：{0} / {1}",
            Done => "已全部揭晓。",
            Turnaround => "周转时间",
            Response => "响应时间",
            Seed => "种子",
            NewProblem => "新题目",
        },
    }
}

/// The words of the OSTEP import box (lab module).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OstepWord {
    Title,
    Command,
    Hint,
    Import,
    Failed,
    Answer,
    Same,
}

pub fn ostep_words(lang: Lang, w: OstepWord) -> &'static str {
    use OstepWord::*;
    match lang {
        Lang::En => match w {
            Title => "Import OSTEP homework (process-run.py, scheduler.py)",
            Command => "Command line",
            Hint => "Paste the homework's command, e.g. ./scheduler.py -p RR -q 2 -j 3 -s 7 or ./process-run.py -l 5:100,5:100 -S SWITCH_ON_END. Random problems are the ones the original draws for the seed.",
            Import => "Import",
            Failed => "This command line could not be imported:",
            Answer => "What {0} -c prints (the homework's answers):",
            Same => "The charts above are the run of this problem in Threadlab: its numbers are the same ({0}).",
        },
        Lang::Zh => match w {
            Title => "导入 OSTEP 作业（process-run.py、scheduler.py）",
            Command => "命令行",
            Hint => "粘贴作业的命令，例如 ./scheduler.py -p RR -q 2 -j 3 -s 7 或 ./process-run.py -l 5:100,5:100 -S SWITCH_ON_END。随机题目与原程序对同一种子抽出的题目相同。",
            Import => "导入",
            Failed => "无法导入这条命令行：",
            Answer => "{0} -c 打印的内容（作业的答案）：",
            Same => "上面的图就是这道题在 Threadlab 中的运行：数值相同（{0}）。",
        },
    }
}

/// The words of the experiments' panels, which only the lab module shows (so they are not in
/// the first-load module; both languages here, as the lab module is not part of the first load).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepWord {
    Ready,
    Title,
    Spec,
    SpecHint,
    Run,
    Cancel,
    Cancelled,
    Running,
    Failed,
    Knee,
    Formula,
    KneeSentence,
    FormulaSentence,
    NoKnee,
    PointHint,
    Throughput,
    MeanLatency,
    OneGil,
    OneLoop,
    CompareTitle,
    CompareSpec,
    CompareSpecHint,
    CompareRun,
    CompareFailed,
    Texts,
    Variant,
    Bars,
    SharedAxis,
    Open,
    Best,
}

pub fn sweep_words(lang: Lang, w: SweepWord) -> &'static str {
    use SweepWord::*;
    match lang {
        Lang::En => match w {
            Ready => "Ready-made experiments (the notes' claims)",
            Title => "Sweep: one parameter over a range, one run per value",
            Spec => "Vary (NAME=VALUES)",
            SpecHint => "cores, quantum, switch, gil-interval, workers, jobs or copies:THREAD = A..B, A..B:STEP or v1,v2,…",
            Run => "Run the sweep",
            Cancel => "Cancel",
            Cancelled => "Cancelled: no run is going on.",
            Running => "run {0} of {1}",
            Failed => "The sweep could not run:",
            Knee => "knee",
            Formula => "formula",
            KneeSentence => "The knee is at {0} = {1}: the smallest value whose makespan is within 5 % of the best ({2}). Beyond it, more brings little.",
            FormulaSentence => "The formula (W + C) / C × P gives {0}; the measured knee is {1}.",
            NoKnee => "No run completed: there is no knee.",
            PointHint => "Hover a point for its numbers; click it (or press Enter on it) to open that run.",
            Throughput => "throughput (jobs per 1,000 ticks)",
            MeanLatency => "mean latency",
            OneGil => "With the GIL on, the threads of this pool compute one at a time: P = 1 core, whatever the cores, so the knee comes early.",
            OneLoop => "A tasks pool runs on one event-loop thread: P = 1 core, so the knee comes early.",
            CompareTitle => "Compare: 2 to 4 variants side by side",
            CompareSpec => "Vary (NAME=v1,v2[,v3,v4])",
            CompareSpecHint => "cores, quantum, switch, gil-interval, workers, jobs or copies:THREAD = 2 to 4 values, e.g. cores=1,2,4; or scheduler=fifo,rr, gil=off,on, kind=threads,processes",
            CompareRun => "Run the comparison",
            CompareFailed => "The comparison could not run:",
            Texts => "Comparing the scenario with the other texts of the link.",
            Variant => "variant",
            Bars => "Makespan of each variant (shorter is better)",
            SharedAxis => "The charts share one time axis: 0 to {0} ticks, the longest makespan.",
            Open => "Open",
            Best => "best",
        },
        Lang::Zh => match w {
            Ready => "现成的实验（笔记中的论断）",
            Title => "参数扫描：一个参数取一组值，每个值运行一次",
            Spec => "变化的参数（名称=取值）",
            SpecHint => "cores、quantum、switch、gil-interval、workers、jobs 或 copies:线程名 = A..B、A..B:步长 或 v1,v2,…",
            Run => "运行扫描",
            Cancel => "取消",
            Cancelled => "已取消：没有运行在进行。",
            Running => "第 {0} 次运行，共 {1} 次",
            Failed => "扫描无法运行：",
            Knee => "拐点",
            Formula => "公式",
            KneeSentence => "拐点在 {0} = {1}：总时长与最佳值（{2}）相差不到 5 % 的最小取值。再往上，增加带来的好处很少。",
            FormulaSentence => "公式 (W + C) / C × P 给出 {0}；测得的拐点是 {1}。",
            NoKnee => "没有一次运行完成：没有拐点。",
            PointHint => "把鼠标移到点上查看数值；点击它（或在它上面按 Enter）打开那次运行。",
            Throughput => "吞吐量（每 1,000 tick 完成的任务数）",
            MeanLatency => "平均延迟",
            OneGil => "开启 GIL 时，这个池的线程一次只能有一个在计算：无论有多少核，P = 1，所以拐点来得早。",
            OneLoop => "tasks 池运行在一个事件循环线程上：P = 1，所以拐点来得早。",
            CompareTitle => "比较：2 到 4 个变体并排",
            CompareSpec => "变化的参数（名称=v1,v2[,v3,v4]）",
            CompareSpecHint => "cores、quantum、switch、gil-interval、workers、jobs 或 copies:线程名 = 2 到 4 个取值，例如 cores=1,2,4；或 scheduler=fifo,rr、gil=off,on、kind=threads,processes",
            CompareRun => "运行比较",
            CompareFailed => "比较无法运行：",
            Texts => "把这个场景与链接中的其他文本进行比较。",
            Variant => "变体",
            Bars => "每个变体的总时长（越短越好）",
            SharedAxis => "这些图共用一条时间轴：0 到 {0} 个 tick，即最长的总时长。",
            Open => "打开",
            Best => "最佳",
        },
    }
}

/// The templates of the events as sentences (`timeline::describe`, the why-line and the
/// events list): `{0}`, `{1}`… are their pieces (names, the reason, the core…). In the
/// browser the Chinese ones are downloaded (part `event` of `zh/i18n.txt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvWord {
    Starts,
    Dispatch,
    Preempt,
    Block,
    HeldBy,
    WakeBy,
    Woken,
    Gil,
    GilFrom,
    Spawn,
    Start,
    Yield,
    NotifyWakes,
    NotifyLost,
    Lock,
    Unlock,
    End,
    Exit,
    Crash,
    Kill,
    TaskSwitch,
    Error,
    AwaitsTask,
    AwaitsCause,
    TaskReady,
    TaskDone,
}

impl EvWord {
    pub const ALL: [EvWord; 26] = [
        EvWord::Starts,
        EvWord::Dispatch,
        EvWord::Preempt,
        EvWord::Block,
        EvWord::HeldBy,
        EvWord::WakeBy,
        EvWord::Woken,
        EvWord::Gil,
        EvWord::GilFrom,
        EvWord::Spawn,
        EvWord::Start,
        EvWord::Yield,
        EvWord::NotifyWakes,
        EvWord::NotifyLost,
        EvWord::Lock,
        EvWord::Unlock,
        EvWord::End,
        EvWord::Exit,
        EvWord::Crash,
        EvWord::Kill,
        EvWord::TaskSwitch,
        EvWord::Error,
        EvWord::AwaitsTask,
        EvWord::AwaitsCause,
        EvWord::TaskReady,
        EvWord::TaskDone,
    ];
}

/// The template of `w` in `lang`.
pub fn ev(lang: Lang, w: EvWord) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    return shown(lang, 6, w as usize, ev_words(Lang::En, w));
    #[cfg(not(target_arch = "wasm32"))]
    ev_words(lang, w)
}

/// The templates of [`ev`], both languages (the source of part `event` of `web/zh/i18n.txt`).
pub(crate) fn ev_words(lang: Lang, w: EvWord) -> &'static str {
    use EvWord::*;
    match lang {
        Lang::En => match w {
            Starts => "{0} threads start ({1})",
            Dispatch => "core {1} takes {0}: {2}",
            Preempt => "{0} is preempted: {1}",
            Block => "{0} blocks on {1}{2}",
            HeldBy => " (held by {0})",
            WakeBy => "{1} wakes {0}: {2}",
            Woken => "{0} wakes: {1}",
            Gil => "the GIL passes {2}to {0}: {1}",
            GilFrom => "from {0} ",
            Spawn => "{0} spawns {1}",
            Start => "{0} starts: {1}",
            Yield => "{0} yields its core",
            NotifyWakes => "{0} notifies {1}: wakes {2}",
            NotifyLost => "{0} notifies {1}: {2}",
            Lock => "{0} takes lock {1}",
            Unlock => "{0} releases lock {1}",
            End => "{0} ends",
            Exit => "{0} exits",
            Crash => "{0} crashes: its whole process dies",
            Kill => "{0} is killed: {1}",
            TaskSwitch => "{0} switches to task {1}",
            Error => "error in {0}: {1}",
            AwaitsTask => "task {1} of {0} awaits task {2}",
            AwaitsCause => "task {1} of {0} awaits {2}",
            TaskReady => "task {1} of {0} is ready: {2}",
            TaskDone => "task {1} of {0} ends",
        },
        Lang::Zh => match w {
            Starts => "{0} 个线程启动（{1}）",
            Dispatch => "核 {1} 运行 {0}：{2}",
            Preempt => "{0} 被抢占：{1}",
            Block => "{0} 阻塞于 {1}{2}",
            HeldBy => "（被 {0} 持有）",
            WakeBy => "{1} 唤醒 {0}：{2}",
            Woken => "{0} 被唤醒：{1}",
            Gil => "GIL {2}交给 {0}：{1}",
            GilFrom => "从 {0} ",
            Spawn => "{0} 创建 {1}",
            Start => "{0} 启动：{1}",
            Yield => "{0} 让出 CPU 核",
            NotifyWakes => "{0} 通知 {1}：唤醒 {2}",
            NotifyLost => "{0} 通知 {1}：{2}",
            Lock => "{0} 获得锁 {1}",
            Unlock => "{0} 释放锁 {1}",
            End => "{0} 结束",
            Exit => "{0} 退出",
            Crash => "{0} 崩溃：整个进程随之终止",
            Kill => "{0} 被终止：{1}",
            TaskSwitch => "{0} 切换到任务 {1}",
            Error => "{0} 出错：{1}",
            AwaitsTask => "{0} 的任务 {1} 等待任务 {2}",
            AwaitsCause => "{0} 的任务 {1} 等待 {2}",
            TaskReady => "{0} 的任务 {1} 就绪：{2}",
            TaskDone => "{0} 的任务 {1} 结束",
        },
    }
}

/// The words of the form's pool cards (`components/pool_card.rs`), which only the extras
/// module shows (so they are not in the first-load module's [`Key`] table; both languages here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolWord {
    AddPool,
    AddPoolLabel,
    Kind,
    Workers,
    Jobs,
    Job,
    KindNote,
}

pub fn pool_words(lang: Lang, w: PoolWord) -> &'static str {
    use PoolWord::*;
    match lang {
        Lang::En => match w {
            AddPool => "+ pool",
            AddPoolLabel => "Add a pool: workers that take jobs from a queue",
            Kind => "Kind",
            Workers => "Workers",
            Jobs => "Jobs",
            Job => "Each job runs:",
            KindNote => "Between threads or processes and tasks, only cpu, io, sleep and repeat are kept.",
        },
        Lang::Zh => match w {
            AddPool => "+ 池",
            AddPoolLabel => "添加一个池：从队列中取任务的工作者",
            Kind => "类型",
            Workers => "工作者数",
            Jobs => "任务数",
            Job => "每个任务执行：",
            KindNote => "在 threads/processes 与 tasks 之间切换时，只保留 cpu、io、sleep 和 repeat。",
        },
    }
}

#[cfg(test)]
mod pool_words_tests {
    use super::*;

    #[test]
    fn every_pool_word_is_said_in_both_languages() {
        use PoolWord::*;
        for w in [AddPool, AddPoolLabel, Kind, Workers, Jobs, Job, KindNote] {
            let (en, zh) = (pool_words(Lang::En, w), pool_words(Lang::Zh, w));
            assert!(!en.is_empty() && en.is_ascii(), "{w:?}: {en:?}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{w:?}: {zh:?}");
        }
    }
}
