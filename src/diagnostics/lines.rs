//! Lines and columns: where each line of a text starts ([`Lines`]), the 1-based line and
//! column of a byte offset, and the file codespan-reporting renders snippets from ([`File`]),
//! so the `file:line:col` it prints, the snippet under it and the JSON positions all agree.

use std::ops::Range;

use codespan_reporting::files::{self, Files};

/// The bytes of a file as text, invalid UTF-8 replaced by U+FFFD. Most files are valid UTF-8:
/// checked with SIMD and copied, they cost a fraction of `String::from_utf8_lossy`, which
/// checks with a slower decoder (it was a fifth of printing the warnings of a 3,000-article
/// build).
pub(super) fn into_text(bytes: &[u8]) -> String {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
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
    pub(super) text: &'t str,
    pub(super) starts: Vec<usize>,
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
    pub(super) fn index(&self, offset: usize) -> usize {
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
pub(super) struct File<'t> {
    pub(super) name: &'t str,
    pub(super) lines: Lines<'t>,
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
    fn invalid_utf8_is_replaced_as_from_utf8_lossy_does() {
        for bytes in [&b"ok \xd1\x89"[..], b"bad \xff\xd1 end", b""] {
            assert_eq!(into_text(bytes), String::from_utf8_lossy(bytes));
        }
    }
}
