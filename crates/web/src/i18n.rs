//! The interface's words in English and 简体中文. Every visible string of the app comes from
//! here, keyed by [`Key`], so a missing translation is a compile error, not a blank.
//!
//! In the browser the Chinese words of [`tr`], [`concept`], [`cause`] and [`reason`] are not in
//! the wasm: they are written from their Chinese arms below into `web/zh/i18n.txt` (by a test of
//! `zh_texts`, which fails while the file is not in step) and downloaded the first time the
//! interface is in Chinese.

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
    Busy,
    TicksPerPixel,
    Fit,
    ScaleHint,
    CopySnippet,
    SnippetCopied,
    Preview,
    ShowNote,
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
    match (lang, r) {
        (Lang::En, _) => r.to_string(),
        (Lang::Zh, Ticks(n)) => format!("已达到 {n} 个 tick 的上限（limit）"),
        (Lang::Zh, Segments(n)) => format!("这次运行太大，无法显示：轨迹段超过 {n} 个"),
        (Lang::Zh, Steps(n)) => {
            format!("超过 {n} 个操作在时间几乎不前进的情况下执行；是不是有一个由不耗时操作组成的循环？")
        }
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
