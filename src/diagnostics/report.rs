//! The output of a [`Diagnostics`]: rendered for a terminal, with a source snippet and caret
//! (codespan-reporting), or as JSON for programs. Both read each file once, on all cores.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::term::termcolor::{Buffer, WriteColor};
use codespan_reporting::term::{self};
use rayon::prelude::*;

use super::lines::{File, Lines};
use super::{Diagnostic, Diagnostics, Severity};

impl Diagnostics {
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
        .with_code(d.kind.name())
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

#[cfg(test)]
mod tests {
    use super::super::{line_column, Kind};
    use super::*;

    #[test]
    fn a_lone_cr_ends_a_line_in_positions_and_snippets_alike() {
        // An old Mac file: codespan-reporting's `SimpleFile` saw one line and printed 1:40,
        // with the whole file (carriage returns and all) as the snippet.
        let text = "---\rtitle: T\r---\r# Title\r\rщ <span>bad\r";
        let at = text.find("<span>").unwrap();
        assert_eq!(line_column(text, at), (6, 3));
        let mut diags = Diagnostics::default();
        diags.add_source("a.md", text);
        diags.push(Diagnostic::new(Kind::SpanStrayClose, "a.md", "here").at(at..at + 6));
        let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        diags.emit(&mut out).unwrap();
        let shown = String::from_utf8(out.into_inner()).unwrap();
        assert!(shown.contains("┌─ a.md:6:3\n"), "{shown}");
        assert!(shown.contains("6 │ щ <span>bad\n"), "{shown}");
        assert!(!shown.contains('\r'), "{shown:?}");
        let json = &diags.to_json()["diagnostics"][0];
        assert_eq!((&json["line"], &json["column"]), (&6.into(), &3.into()));
    }
}
