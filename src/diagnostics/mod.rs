//! Diagnostics: what went wrong in the user's input, where, and what to do about it.
//!
//! Stages never print. They push [`Diagnostic`]s into a [`Diagnostics`] collector; `main`
//! renders them once, with a source snippet and caret (codespan-reporting), sorted by file
//! and position so the output is deterministic.
//!
//! - [`kind`]: the table of every kind of diagnostic (name, severity, default help);
//! - [`report`]: the terminal and JSON output of a [`Diagnostics`];
//! - [`lines`]: lines and columns of byte offsets, for both.

mod kind;
mod lines;
mod report;

pub use kind::Kind;
pub use lines::{line_column, Lines};

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::PathBuf;

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
    /// What kind of problem it is; its name (`span-unclosed`, `link-absent`…) is printed.
    pub kind: Kind,
    pub message: String,
    /// The file, relative to the project root, `/`-separated.
    pub path: String,
    /// Byte range in the file's original bytes.
    pub span: Option<Range<usize>>,
    /// What to do about it: always set, to the kind's [`Kind::help`] unless the reporter
    /// gave one of its own ([`Diagnostic::help`]).
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `kind`, with the kind's severity and help line.
    pub fn new(kind: Kind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: kind.severity(),
            kind,
            message: message.into(),
            path: path.into(),
            span: None,
            help: Some(kind.help().to_owned()),
        }
    }

    /// With another severity than its kind's usual one.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
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
        Some(Cow::Owned(lines::into_text(&bytes)))
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
            *counts.entry(d.kind.name()).or_default() += 1;
        }
        counts
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
