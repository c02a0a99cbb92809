//! Diagnostics: what went wrong in the user's input, where, and what to do about it.
//!
//! Stages never print. They push [`Diagnostic`]s into a [`Diagnostics`] collector; `main`
//! renders them once, with a source snippet and caret (codespan-reporting), sorted by file
//! and position so the output is deterministic.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self};
use rayon::prelude::*;

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file (or in the project as a whole when `path` is empty).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem (`span-unclosed`, `link-absent`…).
    pub kind: &'static str,
    pub message: String,
    /// The file, relative to the project root, `/`-separated.
    pub path: String,
    /// Byte range in the file's original bytes.
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(kind: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, kind, path, message)
    }

    pub fn warning(
        kind: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, kind, path, message)
    }

    fn new(
        severity: Severity,
        kind: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            kind,
            message: message.into(),
            path: path.into(),
            span: None,
            help: None,
        }
    }

    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Collects diagnostics from every stage. Snippets come from registered texts or, once
/// [`Diagnostics::load_sources`] names the project root, from the files themselves, read one
/// at a time while rendering (a build with warnings in 6,000 files must not hold them all).
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    sources: BTreeMap<String, String>,
    root: Option<PathBuf>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Registers the text of a file so its diagnostics can show a snippet.
    pub fn add_source(&mut self, path: &str, text: impl Into<String>) {
        self.sources.insert(path.to_owned(), text.into());
    }

    /// Lets snippets come from the files under `root` that were not registered.
    pub fn load_sources(&mut self, root: &std::path::Path) {
        self.root = Some(root.to_owned());
    }

    /// The text of `path`: registered, or read from under the root.
    fn source(&self, path: &str) -> Option<Cow<'_, str>> {
        if let Some(text) = self.sources.get(path) {
            return Some(Cow::Borrowed(text));
        }
        let bytes = std::fs::read(self.root.as_ref()?.join(path)).ok()?;
        Some(Cow::Owned(into_text(&bytes)))
    }

    /// The diagnostics in [`Diagnostics::sorted`] order, grouped by file.
    fn groups(&self) -> Vec<Vec<&Diagnostic>> {
        let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
        for d in self.sorted() {
            match groups.last_mut() {
                Some(group) if group[0].path == d.path => group.push(d),
                _ => groups.push(vec![d]),
            }
        }
        groups
    }

    /// The text a group's snippets come from, if any of them has a span.
    fn group_source(&self, group: &[&Diagnostic]) -> Option<Cow<'_, str>> {
        let spans = group.iter().any(|d| d.span.is_some());
        spans.then(|| self.source(&group[0].path)).flatten()
    }

    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// All diagnostics in a stable order: by file, position, severity, then message.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> = self.items.iter().collect();
        all.sort_by(|a, b| {
            let pos = |d: &Diagnostic| d.span.as_ref().map_or((0, 0), |s| (s.start, s.end));
            (&a.path, pos(a), a.severity, &a.message).cmp(&(
                &b.path,
                pos(b),
                b.severity,
                &b.message,
            ))
        });
        all.dedup();
        all
    }

    /// The 1-based line and column (in characters) of a byte offset in a file.
    pub fn line_column(&self, path: &str, offset: usize) -> Option<(usize, usize)> {
        self.source(path).map(|text| line_column(&text, offset))
    }

    /// How many diagnostics of each kind there are.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        for d in self.sorted() {
            *counts.entry(d.kind).or_default() += 1;
        }
        counts
    }

    /// Every diagnostic for programs: positions as 1-based line and column (in characters),
    /// with the counts per severity and kind. Files are read on all cores, each once and
    /// dropped after its diagnostics.
    pub fn to_json(&self) -> serde_json::Value {
        let items: Vec<serde_json::Value> = self
            .groups()
            .par_iter()
            .flat_map_iter(|group| self.group_json(group))
            .collect();
        serde_json::json!({
            "errors": self.errors(),
            "warnings": self.warnings(),
            "kinds": self.counts(),
            "diagnostics": items,
        })
    }

    /// The diagnostics of one file for [`Diagnostics::to_json`], positions from one index of
    /// its lines.
    fn group_json(&self, group: &[&Diagnostic]) -> Vec<serde_json::Value> {
        let text = self.group_source(group);
        let lines = text.as_deref().map(Lines::new);
        let at = |offset: usize| lines.as_ref().map(|l| l.line_column(offset));
        group
            .iter()
            .map(|d| {
                let start = d.span.as_ref().and_then(|s| at(s.start));
                let end = d.span.as_ref().and_then(|s| at(s.end));
                serde_json::json!({
                    "severity": d.severity,
                    "kind": d.kind,
                    "message": d.message,
                    "path": d.path,
                    "line": start.map(|p| p.0),
                    "column": start.map(|p| p.1),
                    "end_line": end.map(|p| p.0),
                    "end_column": end.map(|p| p.1),
                    "help": d.help,
                })
            })
            .collect()
    }

    /// Renders every diagnostic with its snippet, then returns; the caller decides the exit code.
    ///
    /// Files are read and their diagnostics rendered on all cores, a batch of files at a time,
    /// and written to `out` in order (a build with warnings in thousands of files spent most
    /// of a second here on one core).
    pub fn emit(&self, out: &mut dyn WriteColor) -> io::Result<()> {
        const BATCH: usize = 256;
        let color = out.supports_color();
        for batch in self.groups().chunks(BATCH) {
            let rendered: Vec<io::Result<Buffer>> = batch
                .par_iter()
                .map(|group| {
                    let mut buffer = if color {
                        Buffer::ansi()
                    } else {
                        Buffer::no_color()
                    };
                    let text = self.group_source(group);
                    emit_group(text.as_deref(), group, &mut buffer)?;
                    Ok(buffer)
                })
                .collect();
            for buffer in rendered {
                out.write_all(buffer?.as_slice())?;
            }
        }
        Ok(())
    }
}

/// Renders the diagnostics of one file, with snippets from its `text`. `out` is the concrete
/// buffer rather than a `dyn WriteColor`: codespan-reporting writes a snippet a character at
/// a time, and each write then costs one indirect call fewer.
fn emit_group(text: Option<&str>, group: &[&Diagnostic], out: &mut Buffer) -> io::Result<()> {
    let config = term::Config::default();
    let file = File {
        name: group[0].path.as_str(),
        lines: Lines::new(text.unwrap_or("")),
    };
    for d in group {
        let mut report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        }
        .with_code(d.kind)
        .with_message(&d.message);
        match (text, &d.span) {
            (Some(text), Some(span)) => {
                let len = text.len();
                let span = span.start.min(len)..span.end.min(len);
                report = report.with_labels(vec![Label::primary((), span)]);
            }
            _ if !d.path.is_empty() => report = report.with_notes(vec![format!("in {}", d.path)]),
            _ => {}
        }
        if let Some(help) = &d.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_to_write_style(out, &config, &file, &report).map_err(io::Error::other)?;
    }
    Ok(())
}

/// The bytes of a file as text, invalid UTF-8 replaced by U+FFFD. Most files are valid UTF-8:
/// checked with SIMD and copied, they cost a fraction of `String::from_utf8_lossy`, which
/// checks with a slower decoder (it was a fifth of printing the warnings of a 3,000-article
/// build).
fn into_text(bytes: &[u8]) -> String {
    crate::source::utf8(bytes).map_or_else(
        |_| String::from_utf8_lossy(bytes).into_owned(),
        str::to_owned,
    )
}

/// 1-based line and column (counted in characters) of `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    Lines::new(text).line_column(offset)
}

/// Where each line of a text starts. A file's diagnostics find their positions in it by a
/// binary search each, instead of counting the newlines before each of them again (that was
/// half of `check --format json` on a corpus with 31,500 warnings in 6,000 files).
///
/// A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files), as in CommonMark and YAML.
/// codespan-reporting's own `SimpleFile` only knows `\n`: snippets are rendered from these
/// lines instead (see [`File`]), so the `file:line:col` it prints, the snippet under it and the
/// JSON positions all agree.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        if text.contains('\r') {
            let bytes = text.as_bytes();
            starts.extend(memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(|i| {
                match bytes[i] {
                    b'\r' if bytes.get(i + 1) == Some(&b'\n') => None,
                    _ => Some(i + 1),
                }
            }));
        } else {
            starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        }
        Lines { text, starts }
    }

    /// The 0-based index of the line `offset` is on.
    fn index(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// 1-based line and column (in characters) of `offset`; an offset past the end is the
    /// end, and one inside a character is that character.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        // The lines that start at or before `offset`: it is on the last of them.
        let line = self.index(offset);
        let column = self.text[self.starts[line]..offset].chars().count() + 1;
        (line + 1, column)
    }
}

/// One file for codespan-reporting, with its lines as [`Lines`] finds them.
struct File<'t> {
    name: &'t str,
    lines: Lines<'t>,
}

impl<'a> Files<'a> for File<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, files::Error> {
        Ok(self.lines.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, files::Error> {
        Ok(self.lines.index(byte_index))
    }

    fn line_range(&'a self, (): (), line: usize) -> Result<Range<usize>, files::Error> {
        let starts = &self.lines.starts;
        let start = *starts.get(line).ok_or(files::Error::LineTooLarge {
            given: line,
            max: starts.len() - 1,
        })?;
        let end = starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.lines.text.len());
        Ok(start..end)
    }
}

/// Errors that stop a command outright: I/O and usage problems, not content problems.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}")]
    Usage(String),
    #[error("template error: {0}")]
    Template(String),
    #[error("{count} error{s} found", s = if *count == 1 { "" } else { "s" })]
    Content { count: usize },
    /// Warnings, with `--strict` (or `strict = true`): they fail the build as errors do.
    #[error("{count} warning{s} found (strict)", s = if *count == 1 { "" } else { "s" })]
    Strict { count: usize },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nщшx\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 3)); // after two 2-byte letters
        assert_eq!(line_column(text, 6), (2, 2)); // inside a char: rounds down
        assert_eq!(line_column(text, 99), (3, 1));
    }

    #[test]
    fn one_index_of_lines_gives_every_position_as_counting_does() {
        // A line ends at `\n` or at a `\r` that no `\n` follows.
        let counted = |text: &str, offset: usize| {
            let before = &text[..offset];
            let ends: Vec<usize> = before
                .match_indices(['\n', '\r'])
                .filter(|&(i, c)| c == "\n" || !text[i + 1..].starts_with('\n'))
                .map(|(i, _)| i + 1)
                .collect();
            let line_start = ends.last().copied().unwrap_or(0);
            (ends.len() + 1, before[line_start..].chars().count() + 1)
        };
        for text in [
            "",
            "\n",
            "a",
            "ab\nщшx\n",
            "\n\nx\ny",
            "щ\n\nш",
            "a\rb\r\rщ",
            "a\r\nb\r",
            "\r\n\r\r",
        ] {
            let lines = Lines::new(text);
            for offset in (0..=text.len()).filter(|&o| text.is_char_boundary(o)) {
                assert_eq!(
                    lines.line_column(offset),
                    counted(text, offset),
                    "{text:?} {offset}"
                );
            }
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_in_positions_and_snippets_alike() {
        // An old Mac file: codespan-reporting's `SimpleFile` saw one line and printed 1:40,
        // with the whole file (carriage returns and all) as the snippet.
        let text = "---\rtitle: T\r---\r# Title\r\rщ <span>bad\r";
        let at = text.find("<span>").unwrap();
        assert_eq!(line_column(text, at), (6, 3));
        let mut diags = Diagnostics::default();
        diags.add_source("a.md", text);
        diags.push(Diagnostic::warning("w", "a.md", "here").at(at..at + 6));
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        diags.emit(&mut out).unwrap();
        let shown = String::from_utf8(out.into_inner()).unwrap();
        assert!(shown.contains("┌─ a.md:6:3\n"), "{shown}");
        assert!(shown.contains("6 │ щ <span>bad\n"), "{shown}");
        assert!(!shown.contains('\r'), "{shown:?}");
        let json = &diags.to_json()["diagnostics"][0];
        assert_eq!((&json["line"], &json["column"]), (&6.into(), &3.into()));
    }

    #[test]
    fn invalid_utf8_is_replaced_as_from_utf8_lossy_does() {
        for bytes in [&b"ok \xd1\x89"[..], b"bad \xff\xd1 end", b""] {
            assert_eq!(into_text(bytes), String::from_utf8_lossy(bytes));
        }
    }
}
