//! The harness of the browser tests: the built site (`THREADLAB_DIST`) served by a tiny static
//! file server, Debian's chromedriver started for each test, headless Chromium driven through
//! fantoccini, and screenshots in `target/e2e-artifacts/`.
//!
//! Nothing here skips: a missing site, browser or driver fails the test and says what to do.
//!
//! Every test file (`browser.rs`, `views.rs`, `form.rs`, `perf.rs`) includes this module and
//! uses a part of it, so unused parts are expected in each.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tokio::sync::{Mutex, MutexGuard};

/// Debian's Chromium and its driver (packages `chromium`, `chromium-driver`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long a whole test body may take ([`App::run`]). Every wait of a test is shorter (at most
/// [`LONG_TIMEOUT`]), so a test fails on what it waited for, not on this limit.
pub const TEST_TIMEOUT: Duration = Duration::from_secs(90);
/// The longest single wait a test may make (long runs in the page or its worker).
pub const LONG_TIMEOUT: Duration = Duration::from_secs(60);
/// How long the app may take to load and render (`main#app[data-ready=true]` and a chart drawn).
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// How long chromedriver may take to start and say its port.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(15);
/// The usual wait for the page to react to an action.
pub const REACT_TIMEOUT: Duration = Duration::from_secs(10);

/// The app has rendered and drawn a chart: `<main id="app" data-ready="true">` (in the markup)
/// and a Gantt canvas with `data-ready="true"`, which the chart sets after its first draw.
const APP_READY: &str = "document.querySelector('main#app[data-ready=\"true\"]') !== null \
     && document.querySelector('canvas[id^=\"gantt-\"][data-ready=\"true\"]') !== null";
const APP_READY_WHAT: &str = "the app to render and draw a chart (<main id=\"app\" data-ready=\"true\"> and a \
     <canvas id=\"gantt-…\" data-ready=\"true\">, set by its first draw)";

/// One browser at a time: the tests share two cores with nothing else to gain.
static SERIAL: Mutex<()> = Mutex::const_new(());

/// The root of the site under test: `THREADLAB_DIST`, which must hold `index.html`.
fn dist() -> Result<PathBuf, String> {
    let how = "build the site and name it, e.g. `cargo xtask dist && THREADLAB_DIST=$PWD/dist cargo test -p \
               threadlab-e2e`, or run everything with `cargo xtask test`";
    let dir = std::env::var_os("THREADLAB_DIST")
        .map(PathBuf::from)
        .ok_or_else(|| format!("THREADLAB_DIST is not set (the folder of the built site): {how}"))?;
    if !dir.join("index.html").is_file() {
        return Err(format!("THREADLAB_DIST={} has no index.html: {how}", dir.display()));
    }
    Ok(dir)
}

/// `target/e2e-artifacts/` of the workspace (or of `CARGO_TARGET_DIR`).
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap_or(Path::new("..")).join("target"));
    target.join("e2e-artifacts")
}

// ---------------------------------------------------------------------------------------------
// The static file server

/// The site's address (`http://127.0.0.1:PORT/`), served from `THREADLAB_DIST` by one server
/// for the whole test run.
fn site() -> Result<String, String> {
    static SITE: OnceLock<Result<String, String>> = OnceLock::new();
    SITE.get_or_init(|| {
        let root = dist()?;
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot start the file server: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                // A thread per connection: Chromium opens speculative connections it may never use.
                std::thread::spawn(move || {
                    let _ = serve_one(stream, &root);
                });
            }
        });
        Ok(format!("http://127.0.0.1:{port}/"))
    })
    .clone()
}

/// Answers the requests of one connection (GET and HEAD of files under `root`).
fn serve_one(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut stream = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut keep_alive = true;
        let mut body_len = 0usize;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header)? == 0 {
                return Ok(());
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_ascii_lowercase());
                if name == "connection" && value == "close" {
                    keep_alive = false;
                }
                if name == "content-length" {
                    body_len = value.parse().unwrap_or(0);
                }
            }
        }
        std::io::copy(&mut (&mut reader).take(body_len as u64), &mut std::io::sink())?;

        let mut words = request_line.split_whitespace();
        let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or("/"));
        let (status, content_type, body) = match (method, resolve(root, target)) {
            ("GET" | "HEAD", Some(file)) => match std::fs::read(&file) {
                Ok(bytes) => ("200 OK", content_type(&file), bytes),
                Err(_) => ("404 Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
            },
            ("GET" | "HEAD", None) => ("404 Not Found", "text/plain; charset=utf-8", b"not found\n".to_vec()),
            _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", b"method not allowed\n".to_vec()),
        };
        let connection = if keep_alive { "keep-alive" } else { "close" };
        write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nConnection: {connection}\r\n\r\n",
            body.len()
        )?;
        if method != "HEAD" {
            stream.write_all(&body)?;
        }
        stream.flush()?;
        if !keep_alive {
            return Ok(());
        }
    }
}

/// The file a request target names under `root` (`/` is `index.html`); `None` outside it.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path)?;
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = root.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "application/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" | "webmanifest" => "application/json",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "tl" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

// ---------------------------------------------------------------------------------------------
// chromedriver and the browser

/// A chromedriver child process, in a process group of its own so that the Chromium it starts
/// goes with it. Killed on drop.
///
/// Its port is chosen by chromedriver itself (`--port=0`: the system gives it a free one and
/// it keeps it) and read from its log ("ChromeDriver was started successfully on port N."): a
/// port picked here, released, then handed over could be taken by another process in between.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(log: &Path) -> Result<Driver, String> {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            if !Path::new(tool).is_file() {
                return Err(format!(
                    "{tool} is missing: install Debian's chromium and chromium-driver \
                     (`apt-get install chromium chromium-driver`)"
                ));
            }
        }
        let log_file = std::fs::File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let child = {
            use std::os::unix::process::CommandExt;
            Command::new(CHROMEDRIVER)
                .arg("--port=0")
                .stdin(Stdio::null())
                .stdout(log_file)
                .stderr(log_err)
                .process_group(0)
                .spawn()
                .map_err(|e| format!("cannot start {CHROMEDRIVER}: {e}"))?
        };
        let mut driver = Driver { child, port: 0 };
        let started = Instant::now();
        loop {
            let said = std::fs::read_to_string(log).unwrap_or_default();
            if let Some(port) = started_on_port(&said) {
                driver.port = port;
                break;
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                return Err(format!("{CHROMEDRIVER} exited at once ({status}); see {}", log.display()));
            }
            if started.elapsed() > DRIVER_TIMEOUT {
                return Err(format!(
                    "{CHROMEDRIVER} did not say its port within {DRIVER_TIMEOUT:?}; see {}",
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        while TcpStream::connect(("127.0.0.1", driver.port)).is_err() {
            if started.elapsed() > DRIVER_TIMEOUT {
                return Err(format!("{CHROMEDRIVER} did not listen on port {} within {DRIVER_TIMEOUT:?}", driver.port));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

/// The port in chromedriver's "ChromeDriver was started successfully on port N." line.
fn started_on_port(log: &str) -> Option<u16> {
    let rest = &log[log.find("started successfully on port ")? + "started successfully on port ".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|&p| p != 0 && rest[digits.len()..].starts_with('.'))
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium left behind by a failed test.
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh, empty browser profile (so nothing stored by one test reaches the next); removed on
/// drop.
struct Profile(PathBuf);

impl Profile {
    fn new(test: &str) -> Result<Profile, String> {
        let dir = std::env::temp_dir().join(format!("threadlab-e2e-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(Profile(dir))
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One test's browser on the app's page. Open it with [`App::open`], end it with
/// [`App::finish`] (which saves the screenshot and fails the test with the error, if any).
pub struct App {
    pub client: Client,
    /// Where this test's downloads land (`target/e2e-artifacts/downloads/<test>/`).
    pub downloads: PathBuf,
    test: &'static str,
    started: Instant,
    // Dropped in this order: chromedriver and its Chromium, their profile, then the next test's turn.
    _driver: Driver,
    _profile: Profile,
    _serial: MutexGuard<'static, ()>,
}

/// A test's body: `Err` says what was expected and what was found.
pub type Outcome = Result<(), String>;

impl App {
    /// Starts chromedriver and headless Chromium, loads the site and waits until the app has
    /// rendered. Panics (failing the test) with the reason when any of that fails.
    pub async fn open(test: &'static str) -> App {
        let serial = SERIAL.lock().await;
        match App::try_open(test, serial).await {
            Ok(app) => app,
            Err(e) => panic!("{test}: could not open the app: {e}"),
        }
    }

    async fn try_open(test: &'static str, serial: MutexGuard<'static, ()>) -> Result<App, String> {
        let started = Instant::now();
        let site = site()?;
        let artifacts = artifacts_dir();
        std::fs::create_dir_all(&artifacts).map_err(|e| format!("cannot create {}: {e}", artifacts.display()))?;
        let driver = Driver::start(&artifacts.join(format!("{test}.chromedriver.log")))?;
        let profile = Profile::new(test)?;
        let downloads = artifacts.join("downloads").join(test);
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads).map_err(|e| format!("cannot create {}: {e}", downloads.display()))?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_string(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.0.display()),
                ],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                },
            }),
        );
        let client = ClientBuilder::rustls()
            .map_err(|e| format!("cannot set up the WebDriver client: {e}"))?
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .map_err(|e| format!("cannot start Chromium through chromedriver: {e}"))?;
        let app = App { client, downloads, test, started, _driver: driver, _profile: profile, _serial: serial };
        let loaded = async {
            app.client.goto(&site).await.map_err(|e| format!("cannot load {site}: {e}"))?;
            app.wait_js(APP_READY_WHAT, APP_READY, READY_TIMEOUT).await.map(drop)
        };
        match loaded.await {
            Ok(()) => Ok(app),
            Err(e) => {
                app.save_failure().await;
                let _ = app.client.clone().close().await;
                Err(e)
            }
        }
    }

    /// Ends the test: saves `target/e2e-artifacts/<test>.png`; on error also the page's HTML, then
    /// fails the test with the error.
    pub async fn finish(self, outcome: Outcome) {
        let outcome = match outcome {
            Ok(()) => self.screenshot("").await,
            Err(e) => {
                self.save_failure().await;
                Err(e)
            }
        };
        let elapsed = self.started.elapsed();
        let _ = self.client.clone().close().await;
        let test = self.test;
        drop(self);
        match outcome {
            Ok(()) => println!("{test}: passed in {elapsed:.1?}"),
            Err(e) => panic!("{test}: {e}\n(screenshot and page: {}/{test}.*)", artifacts_dir().display()),
        }
    }

    /// Runs a test body within [`TEST_TIMEOUT`].
    pub async fn run<F: std::future::Future<Output = Outcome>>(&self, body: F) -> Outcome {
        match tokio::time::timeout(TEST_TIMEOUT, body).await {
            Ok(outcome) => outcome,
            Err(_) => Err(format!("the test did not finish within {TEST_TIMEOUT:?}")),
        }
    }

    async fn save_failure(&self) {
        let dir = artifacts_dir();
        let _ = self.screenshot("").await;
        if let Ok(html) = self.client.source().await {
            let _ = std::fs::write(dir.join(format!("{}.html", self.test)), html);
        }
    }

    /// Saves a screenshot as `target/e2e-artifacts/<test>.png`, or `<test>-<view>.png`.
    pub async fn screenshot(&self, view: &str) -> Outcome {
        let png = self.client.screenshot().await.map_err(|e| format!("screenshot failed: {e}"))?;
        let name = if view.is_empty() { format!("{}.png", self.test) } else { format!("{}-{view}.png", self.test) };
        let file = artifacts_dir().join(name);
        std::fs::write(&file, png).map_err(|e| format!("cannot write {}: {e}", file.display()))
    }

    // -----------------------------------------------------------------------------------------
    // Reading and acting on the page

    /// Runs `script` (a function body: `return …`) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client.execute(script, args).await.map_err(|e| format!("script failed: {e}\n  script: {script}"))
    }

    /// Polls the JavaScript expression `expr` until it is truthy; returns its value. The error
    /// names `what` was awaited and the last value seen.
    pub async fn wait_js(&self, what: &str, expr: &str, timeout: Duration) -> Result<Value, String> {
        bounded(what, timeout)?;
        let script = format!("return ({expr});");
        let started = Instant::now();
        loop {
            let value = self.js(&script, vec![]).await?;
            if truthy(&value) {
                return Ok(value);
            }
            if started.elapsed() > timeout {
                return Err(format!("timed out after {timeout:?} waiting for {what}; last value of `{expr}`: {value}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the `name` attribute of the element `css` is `expected`.
    pub async fn wait_attr(&self, css: &str, name: &str, expected: &str, timeout: Duration) -> Outcome {
        let expr = format!(
            "(() => {{ const e = document.querySelector({css}); \
             return e !== null && e.getAttribute({name}) === {expected}; }})()",
            css = js_str(css),
            name = js_str(name),
            expected = js_str(expected)
        );
        let what = format!("{css} to have {name}=\"{expected}\"");
        match self.wait_js(&what, &expr, timeout).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let now = self.attr(css, name).await.unwrap_or_else(|e| Some(format!("<{e}>")));
                Err(format!("{e}\n  expected {css} {name}={expected:?}, found {now:?}"))
            }
        }
    }

    /// The `name` attribute of the element `css` (`None` when the attribute is absent); an error
    /// when there is no such element.
    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>, String> {
        let element = self.find(css).await?;
        element.attr(name).await.map_err(|e| format!("cannot read {name} of {css}: {e}"))
    }

    /// The `name` attribute of the element `css`, as a number.
    pub async fn attr_u64(&self, css: &str, name: &str) -> Result<u64, String> {
        let value = self.attr(css, name).await?.ok_or_else(|| format!("{css} has no {name} attribute"))?;
        value.trim().parse().map_err(|_| format!("{css} {name}={value:?} is not a whole number"))
    }

    /// The element `css`, waiting up to [`REACT_TIMEOUT`] for it to appear (panels of the
    /// extras module mount a moment after they are shown).
    pub async fn find(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        let started = Instant::now();
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(e) => return Ok(e),
                Err(e) if started.elapsed() >= REACT_TIMEOUT => {
                    return Err(format!("no element {css} on the page after {REACT_TIMEOUT:?} ({e})"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    pub async fn count(&self, css: &str) -> Result<usize, String> {
        let all = self.client.find_all(Locator::Css(css)).await.map_err(|e| format!("cannot look for {css}: {e}"))?;
        Ok(all.len())
    }

    pub async fn text(&self, css: &str) -> Result<String, String> {
        let element = self.find(css).await?;
        element.text().await.map_err(|e| format!("cannot read the text of {css}: {e}"))
    }

    pub async fn click(&self, css: &str) -> Outcome {
        let element = self.find(css).await?;
        // Into the middle of the window first, and a frame later (sections below the fold
        // are laid out when they come into view: `content-visibility: auto`), as a reader
        // scrolls before clicking.
        self.js(
            "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center'}); \
             return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))));",
            vec![json!(css)],
        )
        .await?;
        element.click().await.map_err(|e| format!("cannot click {css}: {e}"))
    }

    /// Chooses the option of value `value` in the `<select>` `css`, as a user would.
    pub async fn select(&self, css: &str, value: &str) -> Outcome {
        let element = self.find(css).await?;
        element.select_by_value(value).await.map_err(|e| format!("cannot choose {value:?} in {css}: {e}"))
    }

    /// Waits until the share bar's link (`#share-url`) carries the experiment `want`.
    pub async fn wait_link_experiment(&self, want: threadlab_share::link::LinkExperiment) -> Outcome {
        let started = std::time::Instant::now();
        loop {
            let link = self.value("#share-url").await?;
            let found = threadlab_share::link::decode(&link).state.experiment;
            if found.as_ref() == Some(&want) {
                return Ok(());
            }
            if started.elapsed() > REACT_TIMEOUT {
                return Err(format!("the share link should carry {want:?}: {found:?} in {link}"));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current value of a form control.
    pub async fn value(&self, css: &str) -> Result<String, String> {
        let v = self
            .js("const e = document.querySelector(arguments[0]); return e === null ? null : e.value;", vec![json!(css)])
            .await?;
        v.as_str().map(str::to_string).ok_or_else(|| format!("no element {css} with a value on the page"))
    }

    /// Replaces the text of the textarea `css` and fires an `input` event, as typing would.
    pub async fn set_text(&self, css: &str, text: &str) -> Outcome {
        let done = self
            .js(
                "const e = document.querySelector(arguments[0]); if (e === null) return false; \
                 e.focus(); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', { bubbles: true })); return true;",
                vec![json!(css), json!(text)],
            )
            .await?;
        if done == json!(true) {
            Ok(())
        } else {
            Err(format!("no element {css} on the page to type into"))
        }
    }

    /// The address of the site under test (ends with `/`).
    pub fn site(&self) -> Result<String, String> {
        site()
    }

    /// Loads `site + suffix` afresh (through about:blank, so even a change of the fragment
    /// alone is a new page load) and waits until the app (or any page, when `app` is false)
    /// has rendered.
    pub async fn load(&self, suffix: &str, app: bool) -> Outcome {
        let url = format!("{}{suffix}", site()?);
        self.client.goto("about:blank").await.map_err(|e| format!("cannot load about:blank: {e}"))?;
        self.client.goto(&url).await.map_err(|e| format!("cannot load {url}: {e}"))?;
        if app {
            self.wait_js(APP_READY_WHAT, APP_READY, READY_TIMEOUT).await?;
        }
        Ok(())
    }

    /// Waits until a file named `name` is completely downloaded; returns its bytes.
    pub async fn downloaded(&self, name: &str, timeout: Duration) -> Result<Vec<u8>, String> {
        bounded(&format!("the download {name}"), timeout)?;
        let file = self.downloads.join(name);
        let started = Instant::now();
        loop {
            // Chromium writes `NAME.crdownload` and renames it when done.
            if file.is_file() {
                if let Ok(b) = std::fs::read(&file) {
                    if !b.is_empty() {
                        return Ok(b);
                    }
                }
            }
            if started.elapsed() > timeout {
                let seen: Vec<String> = std::fs::read_dir(&self.downloads)
                    .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
                    .unwrap_or_default();
                return Err(format!("no download {name} after {timeout:?}; in {}: {seen:?}", self.downloads.display()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Sets the value of the input `css` and fires `change`, as typing and leaving it would.
    pub async fn change(&self, css: &str, value: &str) -> Outcome {
        let done = self
            .js(
                "const e = document.querySelector(arguments[0]); if (e === null) return false; \
                 e.focus(); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('change', { bubbles: true })); e.blur(); return true;",
                vec![json!(css), json!(value)],
            )
            .await?;
        if done == json!(true) {
            Ok(())
        } else {
            Err(format!("no element {css} on the page to change"))
        }
    }

    /// Fires mouse events on the element `css` at points relative to its top-left corner:
    /// each step is (type, x, y, buttons, modifiers such as "ctrl"/"shift", wheel deltaY).
    pub async fn mouse(&self, css: &str, steps: &[(&str, f64, f64, u32, &str, f64)]) -> Outcome {
        let steps: Vec<Value> = steps.iter().map(|s| json!([s.0, s.1, s.2, s.3, s.4, s.5])).collect();
        let done = self
            .js(
                "const e = document.querySelector(arguments[0]); if (e === null) return false; \
                 const r = e.getBoundingClientRect(); \
                 for (const [type, x, y, buttons, mods, dy] of arguments[1]) { \
                   const init = { bubbles: true, cancelable: true, clientX: r.left + x, clientY: r.top + y, \
                     buttons, ctrlKey: mods.includes('ctrl'), shiftKey: mods.includes('shift'), deltaY: dy }; \
                   e.dispatchEvent(type === 'wheel' ? new WheelEvent(type, init) : new MouseEvent(type, init)); \
                 } return true;",
                vec![json!(css), Value::Array(steps)],
            )
            .await?;
        if done == json!(true) {
            Ok(())
        } else {
            Err(format!("no element {css} on the page for mouse events"))
        }
    }

    /// Arms the page to act the moment the element `css` appears (a MutationObserver, so no
    /// poll races the page): then runs `act` (JavaScript statements) and measures, on the page's
    /// own clock, how long until the expression `reacted` is truthy. Call before what makes
    /// `css` appear; read the answer with [`App::reaction`].
    pub async fn react_when_shown(&self, css: &str, act: &str, reacted: &str) -> Outcome {
        let script = format!(
            "window.__reaction = null; const sel = arguments[0];              const go = () => {{ const t0 = performance.now(); const shown = document.querySelector(sel) !== null;                {act};                const check = () => {{ if ({reacted}) window.__reaction = {{ ms: performance.now() - t0, shown,                  still: document.querySelector(sel) !== null }}; else setTimeout(check, 0); }}; check(); }};              const o = new MutationObserver(() => {{ if (document.querySelector(sel) !== null) {{ o.disconnect(); go(); }} }});              o.observe(document.body, {{ childList: true, subtree: true }}); return true;"
        );
        self.js(&script, vec![json!(css)]).await.map(drop)
    }

    /// The answer of [`App::react_when_shown`]: the milliseconds from the action to the
    /// reaction, and whether the element was still shown when the page reacted.
    pub async fn reaction(&self, timeout: Duration) -> Result<(f64, bool), String> {
        let r = self.wait_js("the page to react", "window.__reaction", timeout).await?;
        let ms = r["ms"].as_f64().ok_or_else(|| format!("no reaction time in {r}"))?;
        Ok((ms, r["still"] == json!(true)))
    }

    /// Resizes the browser window (CSS pixels of the outer window).
    pub async fn resize(&self, width: u32, height: u32) -> Outcome {
        self.client.set_window_size(width, height).await.map_err(|e| format!("cannot resize the window: {e}"))
    }

    /// Moves the focus to the page itself (out of any control) and sends `keys` there.
    pub async fn keys_to_body(&self, keys: &str) -> Outcome {
        self.js("if (document.activeElement) document.activeElement.blur(); return true;", vec![]).await?;
        let body = self.find("body").await?;
        body.send_keys(keys).await.map_err(|e| format!("cannot send keys {keys:?} to the page: {e}"))
    }
}

// ---------------------------------------------------------------------------------------------
// The charts' canvases, read back

/// Where a chart maps time and rows: `data-plot` ("x of t0, x of t1, axis height, row height")
/// and `data-window` ("t0-t1").
pub struct Plot {
    pub x0: f64,
    pub x1: f64,
    pub axis: f64,
    pub row: f64,
    pub t0: f64,
    pub t1: f64,
}

impl Plot {
    pub async fn of(app: &App, canvas: &str) -> Result<Plot, String> {
        let plot = app.attr(canvas, "data-plot").await?.ok_or_else(|| format!("{canvas} has no data-plot"))?;
        let v: Vec<f64> = plot.split(' ').filter_map(|n| n.parse().ok()).collect();
        let w = app.attr(canvas, "data-window").await?.ok_or_else(|| format!("{canvas} has no data-window"))?;
        let (a, b) = w.split_once('-').ok_or_else(|| format!("data-window {w:?} is not T0-T1"))?;
        match (v.as_slice(), a.parse(), b.parse()) {
            ([x0, x1, axis, row], Ok(t0), Ok(t1)) => Ok(Plot { x0: *x0, x1: *x1, axis: *axis, row: *row, t0, t1 }),
            _ => Err(format!("{canvas}: data-plot {plot:?} or data-window {w:?} unreadable")),
        }
    }
    /// The x (CSS pixels) of tick `t`.
    pub fn x(&self, t: f64) -> f64 {
        self.x0 + (t - self.t0) / (self.t1 - self.t0) * (self.x1 - self.x0)
    }
    /// The top of row `i`.
    pub fn y(&self, i: usize) -> f64 {
        self.axis + self.row * i as f64
    }
}

/// The colour of the canvas pixel at CSS point `(x, y)`: `#RRGGBB` and its alpha.
pub async fn pixel(app: &App, canvas: &str, x: f64, y: f64) -> Result<(String, u64), String> {
    let v = app
        .js(
            "const c = document.querySelector(arguments[0]); const d = window.devicePixelRatio || 1; \
             const p = c.getContext('2d').getImageData(Math.floor(arguments[1] * d), Math.floor(arguments[2] * d), 1, 1).data; \
             return [p[0], p[1], p[2], p[3]];",
            vec![json!(canvas), json!(x), json!(y)],
        )
        .await?;
    let p: Vec<u64> = v.as_array().map(|a| a.iter().filter_map(Value::as_u64).collect()).unwrap_or_default();
    match p.as_slice() {
        [r, g, b, a] => Ok((format!("#{r:02X}{g:02X}{b:02X}"), *a)),
        _ => Err(format!("pixel ({x}, {y}) of {canvas}: {v}")),
    }
}

/// Every wait is shorter than the test's own limit, so a slow page fails on what was awaited.
const _: () = assert!(LONG_TIMEOUT.as_millis() < TEST_TIMEOUT.as_millis());

/// An error when a wait of `timeout` would be longer than [`LONG_TIMEOUT`].
fn bounded(what: &str, timeout: Duration) -> Outcome {
    if timeout > LONG_TIMEOUT {
        return Err(format!(
            "waiting {timeout:?} for {what}: longer than the longest wait ({LONG_TIMEOUT:?}, within the test's \
             {TEST_TIMEOUT:?}); wait for a state the page reaches sooner"
        ));
    }
    Ok(())
}

/// JavaScript's idea of truth for a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// A JavaScript string literal.
pub fn js_str(s: &str) -> String {
    Value::String(s.to_string()).to_string()
}

// ---------------------------------------------------------------------------------------------
// Helpers every test file uses

/// The text of the preset `name` of the core.
pub fn preset(name: &str) -> &'static str {
    threadlab_sim::presets::find(name).unwrap_or_else(|| panic!("no preset {name:?} in threadlab-sim")).text
}

/// The core's run of a test's own scenario.
pub fn simulate(text: &str) -> threadlab_sim::RunResult {
    threadlab_sim::run(text).unwrap_or_else(|e| panic!("the test's own scenario is invalid ({e}):\n{text}"))
}

/// `expected == found`, or an error saying what `what` should have been.
pub fn check_eq<T: PartialEq + std::fmt::Debug>(what: &str, expected: T, found: T) -> Outcome {
    if expected == found {
        Ok(())
    } else {
        Err(format!("{what}: expected {expected:?}, found {found:?}"))
    }
}
