//! The browser test harness: build a site with the real `kbsite` binary, serve it on
//! 127.0.0.1 ([`crate::server`]), and drive headless Chromium through chromedriver.
//!
//! - [`Site`] builds a project (the repository's seeds or a generated corpus) into a temp dir.
//! - [`Browser`] starts its own `chromedriver --port=0` (in its own process group, so the
//!   Chromium it launches goes with it) and one session with its own profile directory; all of
//!   it is stopped on drop. Each test starts its own, so tests may run in parallel.
//!   Its methods are synchronous (a current-thread tokio runtime drives fantoccini inside).
//! - The console: the session is created with `goog:loggingPrefs {"browser": "ALL"}` and
//!   [`Browser::console_errors`] drains chromedriver's browser log (`POST /session/{id}/se/log`):
//!   uncaught exceptions, `console.error`, failed loads and CSP violations. Dropping a
//!   [`Browser`] fails the test if errors are left in the log, so no test can forget the check.
//! - Search: [`Browser::search`] types into `#search-input` and waits until
//!   `#search-results[data-query]` is the query typed; [`Results`] is what was rendered.
//!
//! Chromium and chromedriver are required: when they are missing the tests fail with the
//! command that installs them (Debian: `apt-get install chromium chromium-driver`); they are
//! never skipped. `KBSITE_CHROMIUM` and `KBSITE_CHROMEDRIVER` override the paths.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::{Capabilities, TimeoutConfiguration, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use tempfile::TempDir;

/// How long to wait for results, a page or chromedriver: generous, for a loaded 2-core CI box.
pub const WAIT: Duration = Duration::from_secs(15);

/// The repository root (where `Cargo.toml` is).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The locales of the seed site, `en` first.
pub const LOCALES: [&str; 3] = ["en", "ru-RU", "sv-SE"];

/// A site built by the real binary into `<tmp>/site`.
pub struct Site {
    /// Holds the site; removed on drop.
    _tmp: TempDir,
    dir: PathBuf,
}

impl Site {
    /// The repository's seeds (`content/`, `locales/`, `templates/`, `kbsite.toml`), built
    /// into a temp dir: the committed `site/` is never touched.
    pub fn seeds() -> Site {
        Site::build(repo_root(), None)
    }

    /// The seeds built with `--base-url`, e.g. `/help/`.
    pub fn seeds_at(base_url: &str) -> Site {
        Site::build(repo_root(), Some(base_url))
    }

    /// Runs `kbsite build --root <root> --out <tmp>/site [--base-url <base_url>]`.
    pub fn build(root: &Path, base_url: Option<&str>) -> Site {
        let tmp = tempfile::Builder::new()
            .prefix("kbsite-browser-")
            .tempdir()
            .expect("temp dir");
        let dir = tmp.path().join("site");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kbsite"));
        cmd.arg("build")
            .arg("--root")
            .arg(root)
            .arg("--out")
            .arg(&dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        if let Some(base_url) = base_url {
            cmd.args(["--base-url", base_url]);
        }
        let output = cmd.output().expect("run kbsite");
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            panic!(
                "kbsite build --root {} failed ({}):\n{}",
                root.display(),
                output.status,
                tail.join("\n")
            );
        }
        Site { _tmp: tmp, dir }
    }

    /// The site directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `file:///…/site/<rel>`; `rel` may carry a query (`ru-RU/search/index.html?q=…`).
    pub fn file_url(&self, rel: &str) -> String {
        format!("file://{}/{rel}", self.dir.display())
    }

    /// Every `.html` file of the site, as sorted `/`-separated relative paths.
    pub fn pages(&self) -> Vec<String> {
        fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
            let entries =
                std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            for entry in entries {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(base, &path, out);
                } else if path.extension().is_some_and(|e| e == "html") {
                    let rel = path.strip_prefix(base).expect("under the site");
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.dir, &self.dir, &mut out);
        out.sort();
        out
    }

    /// The file a URL of this site leads to, given the URL the site is reached at (a server's
    /// `url("")` or [`Site::file_url`]`("")`), with the id its fragment names; `None` when the
    /// URL is outside the site.
    pub fn target(&self, url: &str, site_base: &str) -> Option<(PathBuf, Option<String>)> {
        let rest = url.strip_prefix(site_base)?;
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f.to_owned())),
            None => (rest, None),
        };
        let rest = rest.split('?').next().unwrap_or("");
        let mut path = self.dir.join(rest);
        if rest.is_empty() || rest.ends_with('/') {
            path = path.join("index.html");
        }
        Some((path, fragment))
    }
}

/// Copies the directory tree `from` into `to` (created if needed).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// A browser log entry.
#[derive(Clone, Debug)]
pub struct LogEntry {
    pub level: String,
    pub source: String,
    pub message: String,
}

impl LogEntry {
    /// An error: `SEVERE`, except the 404 of the `/favicon.ico` Chromium asks every HTTP
    /// origin for on its own (the site declares no icon; no page asked for it).
    pub fn is_error(&self) -> bool {
        self.level == "SEVERE"
            && !(self.source == "network" && self.message.contains("/favicon.ico "))
    }
}

/// chromedriver's browser log: `POST /session/{id}/se/log {"type": "browser"}` (not W3C;
/// chromedriver serves it to sessions created with `goog:loggingPrefs`). Each call drains it.
#[derive(Debug)]
struct GetBrowserLog;

impl WebDriverCompatibleCommand for GetBrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// One rendered result: an `<a>` inside `#search-results`.
#[derive(Clone, Debug)]
pub struct Hit {
    /// `data-code`, for code results.
    pub code: Option<String>,
    /// The `href` attribute as written.
    pub href: String,
    /// The resolved URL (`a.href`).
    pub url: String,
    /// The text, whitespace collapsed.
    pub text: String,
    /// `aria-selected="true"`.
    pub selected: bool,
}

impl Hit {
    /// The fragment of the URL, if any.
    pub fn fragment(&self) -> Option<&str> {
        self.url.split_once('#').map(|(_, f)| f)
    }

    /// Whether this result is error code `code` (`4.4.316`): its `data-code`, a link to the
    /// code's page (`…/codes/4.4.316/`), or a link to an article section about it (heading
    /// ids carry the code without dots: `#error-code-450-44316-connection-refused`,
    /// `#how-do-i-fix-error-code-450-44316`).
    pub fn is_code(&self, code: &str) -> bool {
        if let Some(c) = &self.code {
            return c == code;
        }
        let path = self.url.split(['#', '?']).next().unwrap_or("");
        let path = path.strip_suffix("index.html").unwrap_or(path);
        if path.ends_with(&format!("/codes/{code}/")) {
            return true;
        }
        let digits: String = code.chars().filter(char::is_ascii_digit).collect();
        self.fragment()
            .is_some_and(|f| f.contains("error-code-") && f.split('-').any(|part| part == digits))
    }
}

/// What `#search-results` showed for a query.
#[derive(Clone, Debug)]
pub struct Results {
    /// `data-query`.
    pub query: String,
    /// `data-ms`: milliseconds from the input event to rendered results, as the page measured.
    pub ms: Option<f64>,
    pub hits: Vec<Hit>,
    /// The text of `.search-empty`, when present.
    pub empty: Option<String>,
    /// The start of `#search-results`' inner HTML, for failure messages.
    pub html: String,
}

impl Results {
    pub fn first(&self) -> Option<&Hit> {
        self.hits.first()
    }

    /// A short description for failure messages.
    pub fn describe(&self) -> String {
        let hits: Vec<String> = self
            .hits
            .iter()
            .take(8)
            .map(|h| {
                format!(
                    "[{}] {} \"{}\"",
                    h.code.as_deref().unwrap_or("-"),
                    h.href,
                    h.text.chars().take(70).collect::<String>()
                )
            })
            .collect();
        format!(
            "{} result(s) for {:?}{}: {}",
            self.hits.len(),
            self.query,
            match &self.empty {
                Some(e) => format!(" (empty: {e:?})"),
                None => String::new(),
            },
            if hits.is_empty() {
                format!("html: {}", self.html.chars().take(300).collect::<String>())
            } else {
                hits.join("; ")
            }
        )
    }

    fn from_json(v: &Value) -> Results {
        let s = |v: &Value| v.as_str().map(str::to_owned);
        Results {
            query: s(&v["query"]).unwrap_or_default(),
            ms: v["ms"].as_str().and_then(|m| m.trim().parse().ok()),
            hits: v["hits"]
                .as_array()
                .map(|hits| {
                    hits.iter()
                        .map(|h| Hit {
                            code: s(&h["code"]),
                            href: s(&h["href"]).unwrap_or_default(),
                            url: s(&h["url"]).unwrap_or_default(),
                            text: s(&h["text"]).unwrap_or_default(),
                            selected: h["selected"].as_bool().unwrap_or(false),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            empty: s(&v["empty"]),
            html: s(&v["html"]).unwrap_or_default(),
        }
    }
}

/// Reads `#search-results`; with `arguments[0]` a string, returns null until `data-query`
/// is that query (or the box's value, when it is null).
const READ_RESULTS: &str = r#"
const want = arguments[0];
const box = document.getElementById('search-input');
const r = document.getElementById('search-results');
if (!r) return want === undefined ? { missing: true } : null;
const q = r.getAttribute('data-query');
const expected = want === null ? (box ? box.value : null) : want;
if (want !== undefined && (q === null || (q !== expected && q !== String(expected).trim()))) return null;
const text = (e) => e.textContent.trim().replace(/\s+/g, ' ');
const empty = r.querySelector('.search-empty');
return {
  query: q,
  ms: r.getAttribute('data-ms'),
  hits: Array.from(r.querySelectorAll('a')).map((a) => ({
    code: a.getAttribute('data-code'),
    href: a.getAttribute('href'),
    url: a.href,
    text: text(a),
    selected: a.getAttribute('aria-selected') === 'true',
  })),
  empty: empty ? text(empty) : null,
  html: r.innerHTML.slice(0, 2000),
};
"#;

/// Headless Chromium driven through its own chromedriver.
pub struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
    profile: Option<TempDir>,
}

fn chromium_path() -> PathBuf {
    std::env::var_os("KBSITE_CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from)
}

fn chromedriver_path() -> PathBuf {
    std::env::var_os("KBSITE_CHROMEDRIVER")
        .map_or_else(|| "/usr/bin/chromedriver".into(), PathBuf::from)
}

fn require(path: &Path, what: &str) {
    assert!(
        path.is_file(),
        "{what} not found at {}: the browser tests need Chromium and chromedriver \
         (Debian: `apt-get install chromium chromium-driver`; or set KBSITE_CHROMIUM / \
         KBSITE_CHROMEDRIVER). They are never skipped.",
        path.display()
    );
}

/// Starts chromedriver on a port of its choosing; the port it reports (None if it did not
/// within [`WAIT`]), and what else it said.
fn spawn_driver(chromedriver: &Path) -> (Child, Option<u16>, Vec<String>) {
    let mut cmd = Command::new(chromedriver);
    cmd.arg("--port=0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    // Its own process group: Chromium and its helpers inherit it, so one kill ends all.
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut driver = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
    let stdout = driver.stdout.take().expect("chromedriver stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Read every line (so chromedriver never blocks on a full pipe); report the port.
        let mut reported = false;
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if reported {
                continue;
            }
            let port = line
                .split("started successfully on port ")
                .nth(1)
                .and_then(|p| p.trim().trim_end_matches('.').parse::<u16>().ok());
            reported = port.is_some();
            let _ = tx.send(port.ok_or(line));
        }
    });
    let mut said = Vec::new();
    let deadline = Instant::now() + WAIT;
    let port = loop {
        match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(Ok(port)) => break Some(port),
            Ok(Err(line)) => said.push(line),
            Err(_) => break None,
        }
    };
    (driver, port, said)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    pub fn start() -> Browser {
        let chromium = chromium_path();
        let chromedriver = chromedriver_path();
        require(&chromium, "chromium");
        require(&chromedriver, "chromedriver");

        // chromedriver asked for any free port can exit at once with "IPv4 port not
        // available" (seen in CI while other browser tests started theirs): a race for the
        // port, not a failure of the page under test. Try again, a few times.
        let mut said = Vec::new();
        let mut started = None;
        for _ in 0..3 {
            let (mut driver, port, lines) = spawn_driver(&chromedriver);
            said.extend(lines);
            match port {
                Some(port) => {
                    started = Some((driver, port));
                    break;
                }
                None => {
                    let _ = driver.kill();
                    let _ = driver.wait();
                }
            }
        }
        let Some((driver, port)) = started else {
            panic!(
                "{} did not report its port within {WAIT:?} in three tries; it said:\n{}",
                chromedriver.display(),
                said.join("\n")
            );
        };
        let mut browser = Browser {
            rt: tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("tokio runtime"),
            client: None,
            driver,
            profile: None,
        };

        let profile = tempfile::Builder::new()
            .prefix("kbsite-chromium-")
            .tempdir()
            .expect("temp dir");
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-crash-reporter",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        browser.profile = Some(profile);
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let caps: Capabilities = caps;
        let url = format!("http://127.0.0.1:{port}");
        let client = browser.rt.block_on(async {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&url)
                .await
        });
        let client = client.unwrap_or_else(|e| {
            panic!(
                "no WebDriver session from {} with {}: {e}",
                chromedriver.display(),
                chromium.display()
            )
        });
        browser
            .rt
            .block_on(client.update_timeouts(TimeoutConfiguration::new(
                Some(WAIT),
                Some(Duration::from_secs(60)),
                Some(Duration::ZERO),
            )))
            .expect("set timeouts");
        browser.client = Some(client);
        browser
    }

    fn client(&self) -> &Client {
        self.client.as_ref().expect("session open")
    }

    /// Opens `url` and waits for the load event.
    pub fn goto(&self, url: &str) {
        self.rt
            .block_on(self.client().goto(url))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Resizes the window, to lay pages out for a phone (`390, 844`) or a desktop.
    pub fn resize(&self, width: u32, height: u32) {
        self.rt
            .block_on(self.client().set_window_size(width, height))
            .unwrap_or_else(|e| panic!("resize the window to {width}x{height}: {e}"));
    }

    /// The URL of the current page.
    pub fn current_url(&self) -> String {
        self.rt
            .block_on(self.client().current_url())
            .expect("current URL")
            .to_string()
    }

    /// Runs `script` in the page (`arguments` are `args`) and returns what it returns.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.try_js(script, args)
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// [`Browser::js`], with WebDriver's error (e.g. "unexpected alert open") returned.
    pub fn try_js(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<Value, fantoccini::error::CmdError> {
        self.rt.block_on(self.client().execute(script, args))
    }

    /// Polls `f` every 20 ms until it returns `Some`, for at most [`WAIT`]; panics with
    /// `what` and the last state `describe` gives.
    pub fn wait_for<T>(
        &self,
        what: &str,
        mut f: impl FnMut(&Browser) -> Option<T>,
        describe: impl Fn(&Browser) -> String,
    ) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(v) = f(self) {
                return v;
            }
            if Instant::now() > deadline {
                let console: Vec<String> = self
                    .console()
                    .iter()
                    .map(|e| format!("  {} {}: {}", e.level, e.source, e.message))
                    .collect();
                panic!(
                    "timed out after {WAIT:?} waiting for {what}\nnow: {}\npage: {}\nconsole:\n{}",
                    describe(self),
                    self.current_url(),
                    console.join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Whether the page has an element matching `css`.
    pub fn exists(&self, css: &str) -> bool {
        self.js(
            "return document.querySelector(arguments[0]) !== null;",
            vec![json!(css)],
        )
        .as_bool()
        .unwrap_or(false)
    }

    /// Types `text` into the element matching `css` (WebDriver Element Send Keys: it is
    /// focused first, then each character is a key press with its `input` event).
    pub fn type_into(&self, css: &str, text: &str) {
        self.rt
            .block_on(async {
                let el = self.client().find(Locator::Css(css)).await?;
                el.send_keys(text).await
            })
            .unwrap_or_else(|e| panic!("type {text:?} into {css}: {e}"));
    }

    /// Presses and releases `key` on whatever has the focus (use [`fantoccini::key::Key`]
    /// for special keys: `Key::Down.into()`).
    pub fn press(&self, key: char) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.rt
            .block_on(self.client().perform_actions(keys))
            .unwrap_or_else(|e| panic!("press {key:?}: {e}"));
    }

    /// Types `text` on whatever has the focus, one key press per character.
    pub fn press_keys(&self, text: &str) {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.rt
            .block_on(self.client().perform_actions(keys))
            .unwrap_or_else(|e| panic!("type {text:?}: {e}"));
    }

    /// Drains the browser log.
    pub fn console(&self) -> Vec<LogEntry> {
        self.try_console()
            .unwrap_or_else(|e| panic!("read the browser log: {e}"))
    }

    fn try_console(&self) -> Result<Vec<LogEntry>, fantoccini::error::CmdError> {
        let value = self.rt.block_on(self.client().issue_cmd(GetBrowserLog))?;
        Ok(value
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| LogEntry {
                        level: e["level"].as_str().unwrap_or("").to_owned(),
                        source: e["source"].as_str().unwrap_or("").to_owned(),
                        message: e["message"].as_str().unwrap_or("").to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Drains the browser log and returns its errors ([`LogEntry::is_error`]).
    pub fn console_errors(&self) -> Vec<LogEntry> {
        self.console()
            .into_iter()
            .filter(LogEntry::is_error)
            .collect()
    }

    /// Fails when the console has errors since the last check; `context` names the pages.
    pub fn assert_console_clean(&self, context: &str) {
        let errors = self.console_errors();
        assert!(
            errors.is_empty(),
            "console errors on {context}:\n{}",
            errors
                .iter()
                .map(|e| format!("  {} {}: {}", e.level, e.source, e.message))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Fails when script from content ran: the payloads the tests plant set `window.__xss`.
    pub fn assert_no_xss(&self, context: &str) {
        let ran = self.js("return typeof window.__xss;", vec![]);
        assert_eq!(
            ran.as_str(),
            Some("undefined"),
            "window.__xss is set on {context}: script from content ran"
        );
    }

    /// Fails when a JavaScript dialog (`alert`, `confirm`, `prompt`) is open: script from
    /// content opened it. (chromedriver also fails the next command while a dialog is open,
    /// "unexpected alert open", so a dialog fails a test rather than hang it.)
    pub fn assert_no_dialog(&self, context: &str) {
        match self.rt.block_on(self.client().get_alert_text()) {
            Ok(text) => panic!("a dialog {text:?} is open on {context}: script from content ran"),
            Err(e) if e.is_no_such_alert() => {}
            Err(e) => panic!("ask for an open dialog on {context}: {e}"),
        }
    }

    /// What `#search-results` shows now (no waiting).
    pub fn results_now(&self) -> Option<Results> {
        let v = self.js(READ_RESULTS, vec![]);
        (!v["missing"].as_bool().unwrap_or(false)).then(|| Results::from_json(&v))
    }

    /// Waits until `#search-results` has rendered `query` (`data-query`), then reads it.
    pub fn wait_results(&self, query: &str) -> Results {
        self.wait_for(
            &format!("#search-results[data-query={query:?}]"),
            |b| {
                let v = b.js(READ_RESULTS, vec![json!(query)]);
                (!v.is_null()).then(|| Results::from_json(&v))
            },
            describe_search,
        )
    }

    /// Clears the search box, types `query` into it and waits for its results.
    pub fn search(&self, query: &str) -> Results {
        self.search_timed(query).0
    }

    /// [`Browser::search`], with the time from the end of typing to the results seen here
    /// (the debounce, the search, rendering, and up to 20 ms of polling).
    pub fn search_timed(&self, query: &str) -> (Results, Duration) {
        // The box is in the page's HTML: once the page has loaded it is there or missing.
        assert!(
            self.exists("#search-input"),
            "no search box #search-input on {}",
            self.current_url()
        );
        self.rt
            .block_on(async {
                let el = self.client().find(Locator::Css("#search-input")).await?;
                el.clear().await
            })
            .unwrap_or_else(|e| panic!("clear #search-input: {e}"));
        // A repeated query must not be satisfied by the previous rendering.
        self.js(
            "const r = document.getElementById('search-results'); \
             if (r) r.removeAttribute('data-query');",
            vec![],
        );
        self.type_into("#search-input", query);
        let typed = Instant::now();
        let results = self.wait_results(query);
        (results, typed.elapsed())
    }

    fn close(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_secs(10), client.close()).await
            });
        }
        let pid = self.driver.id() as libc::pid_t;
        // SAFETY: kill(2) with a negative pid signals the process group we created for
        // chromedriver (and the Chromium it started); it touches no memory.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(profile) = self.profile.take() {
            let _ = profile.close();
        }
    }
}

/// The search box and results as they are, for failure messages.
fn describe_search(b: &Browser) -> String {
    let v = b.js(
        "const box = document.getElementById('search-input'); \
         const r = document.getElementById('search-results'); \
         return { box: box ? box.value : null, \
                  query: r ? r.getAttribute('data-query') : null, \
                  ms: r ? r.getAttribute('data-ms') : null, \
                  html: r ? r.innerHTML.slice(0, 400) : null };",
        vec![],
    );
    format!(
        "#search-input value {}, #search-results data-query {} data-ms {}, html {}",
        v["box"], v["query"], v["ms"], v["html"]
    )
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The last console check: errors nobody asserted on still fail the test.
        let errors = if std::thread::panicking() || self.client.is_none() {
            Vec::new()
        } else {
            match self.try_console() {
                Ok(entries) => entries.into_iter().filter(LogEntry::is_error).collect(),
                Err(e) => vec![LogEntry {
                    level: "SEVERE".into(),
                    source: "harness".into(),
                    message: format!("could not read the browser log: {e}"),
                }],
            }
        };
        self.close();
        if !errors.is_empty() {
            panic!(
                "console errors left at the end of the test:\n{}",
                errors
                    .iter()
                    .map(|e| format!("  {} {}: {}", e.level, e.source, e.message))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// The gzip size of `bytes` (flate2, default level 6, as static hosts typically compress).
pub fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip in memory");
    enc.finish().expect("gzip in memory").len()
}

/// Gives the project at `dir` a `templates/base.html` without the Content-Security-Policy
/// `<meta>`, to check that what content cannot do does not rest on the CSP alone.
pub fn without_csp(dir: &Path) {
    let base = std::fs::read_to_string(repo_root().join("templates/base.html"))
        .expect("read templates/base.html");
    let without: Vec<&str> = base
        .lines()
        .filter(|l| !l.contains("http-equiv=\"Content-Security-Policy\""))
        .collect();
    assert_eq!(
        without.len() + 1,
        base.lines().count(),
        "templates/base.html should have one CSP <meta> line to take out"
    );
    std::fs::create_dir_all(dir.join("templates")).expect("create templates/");
    std::fs::write(dir.join("templates/base.html"), without.join("\n") + "\n")
        .expect("write templates/base.html");
}
