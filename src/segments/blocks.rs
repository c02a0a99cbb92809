//! Keeping a pair inside one Markdown block.
//!
//! A pair is inline HTML: `<span …>` opens in one block and its `</span>` must close in the
//! same one. A blank line inside a half ends the paragraph (or list item, table, heading)
//! there, and the renderer would then close the span in another block than the one that opened
//! it: mis-nested HTML. [`one_block`] collapses each blank-line run inside a half to the single
//! line end it began with (a soft break: the two parts read as one paragraph) and drops the
//! rest of the run, which is only line ends, spaces and tabs: no word is lost, and every byte
//! that stays is still a source byte, so the source maps are exact. The parser reports the
//! pair as `span-across-blocks`.
//!
//! The parser calls [`one_block`] only for pairs with a line end in a half, which its scan of
//! each half for `<` notices at no cost (one `memchr3` for `<`, `\n` and `\r`): the common
//! one-line pair is not looked at again.

use std::borrow::Cow;
use std::ops::Range;

/// The `pieces` of `text` (body ranges of one half) with every blank line collapsed:
/// borrowed and unchanged when there is none, which is the common case.
pub(super) fn one_block<'p>(text: &str, pieces: &'p [Range<usize>]) -> Cow<'p, [Range<usize>]> {
    if !pieces.iter().any(|p| has_blank_line(text, p)) {
        return Cow::Borrowed(pieces);
    }
    let mut out = Vec::new();
    for piece in pieces {
        collapse(text, piece.clone(), &mut out);
    }
    Cow::Owned(out)
}

/// Where the line end at `at` ends, if there is one: `\n`, `\r\n` or a lone `\r`.
fn line_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'\n' => Some(at + 1),
        b'\r' if bytes.get(at + 1) == Some(&b'\n') => Some(at + 2),
        b'\r' => Some(at + 1),
        _ => None,
    }
}

/// The first offset at or after `at` (and before `end`) that is not a space or a tab.
fn skip_blanks(bytes: &[u8], mut at: usize, end: usize) -> usize {
    while at < end && matches!(bytes[at], b' ' | b'\t') {
        at += 1;
    }
    at
}

/// The blank-line run starting at the line end at `at` within `..end`: where the first line
/// end ends, and where the run ends (at the next text or at `end`), when a blank line follows.
fn blank_run(bytes: &[u8], at: usize, end: usize) -> Option<(usize, usize)> {
    let first = line_end(bytes, at).filter(|&e| e <= end)?;
    let mut i = skip_blanks(bytes, first, end);
    line_end(bytes, i).filter(|&e| e <= end)?;
    while let Some(e) = line_end(bytes, i).filter(|&e| e <= end) {
        i = skip_blanks(bytes, e, end);
    }
    Some((first, i))
}

fn has_blank_line(text: &str, piece: &Range<usize>) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', &bytes[piece.clone()])
        .any(|i| blank_run(bytes, piece.start + i, piece.end).is_some())
}

/// Appends `piece` to `out` in parts, without what follows the first line end of each
/// blank-line run.
fn collapse(text: &str, piece: Range<usize>, out: &mut Vec<Range<usize>>) {
    let bytes = text.as_bytes();
    let (mut from, mut i) = (piece.start, piece.start);
    while let Some(rel) = memchr::memchr2(b'\n', b'\r', &bytes[i..piece.end]) {
        match blank_run(bytes, i + rel, piece.end) {
            Some((keep, resume)) => {
                out.push(from..keep);
                (from, i) = (resume, resume);
            }
            None => i += rel + 1,
        }
    }
    if from < piece.end {
        out.push(from..piece.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapsed(text: &str) -> String {
        let pieces = [0..text.len(), 0..0];
        one_block(text, &pieces)
            .iter()
            .map(|p| &text[p.clone()])
            .collect()
    }

    #[test]
    fn blank_lines_become_one_line_end_and_nothing_else_changes() {
        for (text, want) in [
            ("one line", "one line"),
            ("two\nlines", "two\nlines"),
            ("a\n\nb", "a\nb"),
            ("a\r\n\r\nb", "a\r\nb"),
            ("a\r\rb", "a\rb"),
            ("a \n \t\n\n  b\n\nc", "a \nb\nc"),
            ("ends with a blank line\n\n", "ends with a blank line\n"),
            ("\n\nstarts with one", "\nstarts with one"),
            ("щ\r\n\nш", "щ\r\nш"),
        ] {
            assert_eq!(collapsed(text), want, "{text:?}");
        }
    }

    #[test]
    fn a_half_without_a_blank_line_is_borrowed() {
        let text = "a\nb\r\nc\rd";
        let pieces = [0..text.len(), 0..0];
        assert!(matches!(one_block(text, &pieces), Cow::Borrowed(_)));
    }
}
