//! The test harness: copy a project to a temp dir, run the real `kbsite` binary on it, then
//! check the exit code, stderr and output files (mdBook's `BookTest`, trimmed to our needs).
//!
//! Also the small HTML helpers the checks share: the `<main>` element, plain text with tags
//! stripped and entities decoded, real tags with their attributes, and link resolution.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use tempfile::TempDir;

/// The repository root (where `Cargo.toml` is).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A `kbsite` command with colours off.
pub fn kbsite() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("kbsite");
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Runs `kbsite i18n <args> --root <root>`; never a panic, whatever the outcome.
pub fn kbsite_i18n(root: &Path, args: &[&str]) -> std::process::Output {
    let output = kbsite()
        .arg("i18n")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run kbsite");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    output
}

/// Copies the directory tree `from` into `to` (created if needed).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Every file under `dir`, as sorted `/`-separated relative paths with their bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A project in a temp dir, built with the real binary into `<tmp>/out`.
pub struct BuildTest {
    dir: TempDir,
    args: Vec<String>,
    output: Option<Output>,
}

impl BuildTest {
    /// An empty project (add files with [`BuildTest::file`]).
    pub fn empty() -> Self {
        BuildTest {
            dir: tempfile::Builder::new()
                .prefix("kbsite-test-")
                .tempdir()
                .expect("temp dir"),
            args: Vec::new(),
            output: None,
        }
    }

    /// A copy of `tests/fixtures/<name>`.
    pub fn from_fixture(name: &str) -> Self {
        let test = Self::empty();
        let dir = fixture_dir(name);
        assert!(dir.is_dir(), "no fixture {}", dir.display());
        copy_dir(&dir, test.root());
        test
    }

    /// A copy of the repository's project: `content/`, `locales/`, `templates/` and
    /// `kbsite.toml` (not the committed `site/`).
    pub fn from_repo_content() -> Self {
        let test = Self::empty();
        for name in ["content", "locales", "templates"] {
            let dir = repo_root().join(name);
            if dir.is_dir() {
                copy_dir(&dir, &test.root().join(name));
            }
        }
        let config = repo_root().join("kbsite.toml");
        if config.is_file() {
            std::fs::copy(&config, test.root().join("kbsite.toml")).unwrap();
        }
        test
    }

    /// Writes (or replaces) a file in the project.
    pub fn file(self, rel: &str, bytes: impl AsRef<[u8]>) -> Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        self
    }

    /// Extra command-line arguments after `build --root <tmp> --out <tmp>/out`.
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// The project root: the temp dir itself.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The output directory.
    pub fn out(&self) -> PathBuf {
        self.root().join("out")
    }

    /// Runs `kbsite build --root <tmp> --out <tmp>/out`. Never a panic, whatever the outcome.
    pub fn build(mut self) -> Self {
        let out = self.out();
        let output = kbsite()
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .arg("--out")
            .arg(&out)
            .args(&self.args)
            .output()
            .expect("run kbsite");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "kbsite panicked:\n{stderr}");
        assert!(
            !stderr.contains('\u{1b}'),
            "NO_COLOR output has ANSI escapes:\n{stderr}"
        );
        self.output = Some(output);
        self
    }

    fn output(&self) -> &Output {
        self.output.as_ref().expect("call .build() first")
    }

    pub fn status(&self) -> i32 {
        self.output().status.code().expect("exit code")
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output().stderr).into_owned()
    }

    /// Stderr with the temp dir replaced by `[ROOT]` and the summary's sizes and time by
    /// placeholders, for snapshots.
    pub fn stderr_redacted(&self) -> String {
        let mut text = self.stderr();
        let root = self.root().to_string_lossy().into_owned();
        if let Ok(canonical) = self.root().canonicalize() {
            text = text.replace(&*canonical.to_string_lossy(), "[ROOT]");
        }
        text = text.replace(&root, "[ROOT]");
        redact_summary(&text)
    }

    pub fn check_status(self, code: i32) -> Self {
        assert_eq!(self.status(), code, "exit code; stderr:\n{}", self.stderr());
        self
    }

    pub fn check_stderr(self, check: impl FnOnce(&str)) -> Self {
        check(&self.stderr());
        self
    }

    /// `<out>/<path>` as text.
    pub fn read(&self, path: &str) -> String {
        let full = self.out().join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("read {}: {e}", full.display()))
    }

    pub fn check_file(self, path: &str, check: impl FnOnce(&str)) -> Self {
        check(&self.read(path));
        self
    }

    /// Checks the `<main>` element of an output page.
    pub fn check_main(self, path: &str, check: impl FnOnce(&str)) -> Self {
        let html = self.read(path);
        check(main_of(&html).unwrap_or_else(|| panic!("{path} has no <main>")));
        self
    }

    /// Every output HTML page, by path.
    pub fn pages(&self) -> BTreeMap<String, String> {
        read_tree(&self.out())
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p, String::from_utf8(b).expect("pages are UTF-8")))
            .collect()
    }
}

/// Replaces the figures of the build summary that change with every run or template edit:
/// `…; 27 files, 247 KiB; 0 warnings in 0.12 s → …`.
pub fn redact_summary(text: &str) -> String {
    text.lines()
        .map(|line| {
            if !line.starts_with("kbsite: built ") {
                return line.to_owned();
            }
            let mut words: Vec<String> = line.split(' ').map(str::to_owned).collect();
            for i in 1..words.len() {
                let w = &words[i];
                let next_is = |s: &str| words.get(i + 1).is_some_and(|n| n.starts_with(s));
                if (w.chars().all(|c| c.is_ascii_digit()) && (next_is("files") || next_is("KiB")))
                    || (w.contains('.')
                        && w.chars().all(|c| c.is_ascii_digit() || c == '.')
                        && next_is("s"))
                {
                    words[i] = "[N]".into();
                }
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// The `<main …>…</main>` element of a page.
pub fn main_of(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html[start..].find("</main>")? + start + "</main>".len();
    Some(&html[start..end])
}

/// `html` without the elements that start with `open` (e.g. `<div class="prose"`), nested
/// elements of the same tag name counted.
pub fn without_elements(html: &str, open: &str) -> String {
    let name: String = open[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let (open_tag, close_tag) = (format!("<{name}"), format!("</{name}>"));
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(open) {
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut i = at + open_tag.len();
        loop {
            let next_open = rest[i..].find(&open_tag).map(|p| p + i);
            let next_close = rest[i..].find(&close_tag).map(|p| p + i);
            match (next_open, next_close) {
                (Some(o), Some(c)) if o < c => {
                    depth += 1;
                    i = o + open_tag.len();
                }
                (_, Some(c)) => {
                    i = c + close_tag.len();
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                (_, None) => panic!("unclosed {open} in\n{html}"),
            }
        }
        rest = &rest[i..];
    }
    out.push_str(rest);
    out
}

/// Decodes the character references kbsite and pulldown-cmark write.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Plain text of HTML: tags removed, entities decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        match rest[at..].find('>') {
            Some(end) => rest = &rest[at + end + 1..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    text.push_str(rest);
    collapse(&decode_entities(&text))
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A real tag in HTML (not text that looks like one: escaped text never starts with `<`).
#[derive(Debug)]
pub struct TagRef {
    pub name: String,
    /// Attribute names (lowercased) and decoded values, in order.
    pub attrs: Vec<(String, String)>,
}

impl TagRef {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag in `html`, with attributes parsed the way a browser would.
pub fn tags(html: &str) -> Vec<TagRef> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        if !bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut j = at + 1;
        while j < bytes.len()
            && !bytes[j].is_ascii_whitespace()
            && bytes[j] != b'>'
            && bytes[j] != b'/'
        {
            j += 1;
        }
        let name = html[at + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[start..j].to_ascii_lowercase();
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if bytes.get(j) == Some(&b'=') {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(html.len(), |e| j + 1 + e);
                        value = decode_entities(&html[j + 1..end]);
                        j = (end + 1).min(html.len());
                    }
                    _ => {
                        let start = j;
                        while j < bytes.len() && !bytes[j].is_ascii_whitespace() && bytes[j] != b'>'
                        {
                            j += 1;
                        }
                        value = decode_entities(&html[start..j]);
                    }
                }
            }
            attrs.push((attr, value));
        }
        i = j;
        out.push(TagRef { name, attrs });
    }
    out
}

/// The site path a relative URL on the page at `page` (`ru-RU/x/index.html`) points to,
/// without its fragment, with `index.html` added to directory URLs and each path segment
/// percent-decoded (`a%20b/` is the folder `a b`; `%2F` stays inside its segment); `None` for
/// absolute URLs. Panics on a URL that climbs above the site root.
pub fn resolve_href(page: &str, href: &str) -> Option<(String, Option<String>)> {
    if href.is_empty()
        || href.starts_with("//")
        || href.contains("://")
        || href.starts_with("mailto:")
    {
        return None;
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_owned())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut parts: Vec<String> = page.split('/').map(str::to_owned).collect();
    parts.pop(); // the page's file name
    if path.starts_with('/') {
        parts.clear();
    }
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{href} on {page} climbs above the site root"
                );
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut joined = parts.join("/");
    if path.is_empty() {
        joined = page.to_owned();
    } else if path.ends_with('/')
        || path == "."
        || path == ".."
        || path.ends_with("/.")
        || path.ends_with("/..")
        || joined.is_empty()
    {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some((joined, fragment))
}

/// `s` with every `%XX` replaced by its byte (an invalid escape stays as written).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()))
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out)
        .unwrap_or_else(|e| panic!("{s:?} decodes to bytes that are not UTF-8: {e}"))
}

/// The ids defined in a page.
pub fn ids(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attr("id").map(str::to_owned))
        .collect()
}

/// 1-based line and column (in characters) of byte `offset` in `text`: an independent
/// reimplementation, to check the positions kbsite prints.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    // A line ends at `\n`, `\r\n` or a lone `\r`, as kbsite counts them.
    let before = text[..offset].replace("\r\n", "\n").replace('\r', "\n");
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Writes `tree` (as [`read_tree`] gives it) under `dir`.
pub fn write_tree(dir: &Path, tree: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in tree {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// What builds left in `dir` beside their output: staging and old-site folders (the lock
/// file stays, as lock files do).
pub fn staging_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kbsite-") && !n.ends_with(".kbsite-lock"))
        .collect()
}
