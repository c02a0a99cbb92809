//! The last step of rendering: the written HTML made safe and bounded (ids relinked, NULs
//! replaced, and for pages with raw HTML, nesting bounded and the allow-list applied).

use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::Event;

use super::marks::Mark;
use super::render::{Problem, Rendered};
use super::{ids, nesting, sanitize};
use crate::diagnostics::Kind;

/// Writes the renderer's `events` as HTML for Markdown of `md_len` bytes, with where the
/// HTML of each top-level block starts (`starts`: its range and first event) and of each raw
/// HTML event (`raw_events`: its event and range).
#[allow(clippy::type_complexity)]
pub(super) fn write(
    md_len: usize,
    events: Vec<Event<'_>>,
    starts: Vec<(Range<usize>, usize)>,
    raw_events: Vec<(usize, Range<usize>)>,
) -> (
    String,
    Vec<(Range<usize>, usize)>,
    Vec<(usize, Range<usize>)>,
) {
    let mut html = String::with_capacity(md_len + md_len / 2);
    let written = Cell::new(0);
    let mut blocks = Vec::with_capacity(starts.len());
    let mut raw_starts = Vec::with_capacity(raw_events.len());
    let mut next = starts.into_iter().peekable();
    let mut raw = raw_events.into_iter().peekable();
    let events = events
        .into_iter()
        .enumerate()
        .inspect(|(i, _)| {
            // The writer has written everything before this event.
            while let Some((range, _)) = next.next_if(|&(_, first)| first == *i) {
                blocks.push((range, written.get()));
            }
            while let Some((_, range)) = raw.next_if(|&(first, _)| first == *i) {
                raw_starts.push((written.get(), range));
            }
        })
        .map(|(_, event)| event)
        // Drop the anchor markers left inside headings.
        .filter(|e| !matches!(e, Event::InlineHtml(h) if h.starts_with("<!--a:")));
    let writer = Tracked {
        out: &mut html,
        written: &written,
    };
    pulldown_cmark::html::write_html_fmt(writer, events).expect("writing to a String");
    // Blocks that made no events (a skipped title at the end) start where the HTML ends.
    blocks.extend(next.map(|(range, _)| (range, html.len())));
    (html, blocks, raw_starts)
}

/// What [`finish`] needs of a page [`render_blocks`] has written.
pub(super) struct Finish<'a> {
    pub(super) md: &'a str,
    pub(super) marks: &'a [Mark],
    pub(super) marks_offset: usize,
    /// Whether the page has raw HTML (and so is sanitized).
    pub(super) raw_html: bool,
    /// Where the HTML of each raw HTML event starts, and its range in `md`.
    pub(super) raw_starts: Vec<(usize, Range<usize>)>,
    pub(super) ids: ids::Ids<'a>,
}

/// The written `html` made safe and bounded: relinked ids, NULs replaced, and, with raw
/// HTML, its nesting bounded and the allow-list applied.
pub(super) fn finish(
    mut html: String,
    blocks: Vec<(Range<usize>, usize)>,
    page: Finish<'_>,
) -> Rendered {
    let Finish {
        md,
        marks,
        marks_offset,
        raw_html,
        raw_starts,
        mut ids,
    } = page;
    let mut problems = std::mem::take(&mut ids.problems);
    if !raw_html {
        let len = html.len();
        html = ids.relink(html);
        problems.extend(nul_byte(md, marks, marks_offset, &mut html));
        // Both only lengthen the HTML: if they changed it, the blocks' offsets are wrong.
        let blocks = if html.len() == len {
            blocks
        } else {
            Vec::new()
        };
        return Rendered {
            html,
            blocks,
            problems,
        };
    }
    let (bounded, too_deep) = nesting::bound(&html);
    if let Some(at) = too_deep {
        // Where in `md` the raw HTML that holds the tag is, as exactly as it can be told.
        let i = raw_starts.partition_point(|&(start, _)| start <= at);
        let range = i.checked_sub(1).map_or(0..0, |i| {
            let (start, ref range) = raw_starts[i];
            let inside = range.start + (at - start);
            if inside < range.end && md.is_char_boundary(inside) {
                inside..inside + 1
            } else {
                range.clone()
            }
        });
        problems.push(Problem {
            kind: Kind::HtmlTooDeep,
            range,
            message: format!(
                "raw HTML nests more than {} elements deep; the tags deeper than that are shown as text",
                nesting::MAX_DEPTH
            ),
        });
    }
    // Before the sanitizer, which would drop NULs.
    let mut bounded = bounded.into_owned();
    problems.extend(nul_byte(md, marks, marks_offset, &mut bounded));
    let html = ids.relink(sanitize::clean(&bounded));
    Rendered {
        html,
        blocks: Vec::new(),
        problems,
    }
}

/// Replaces NUL characters in `html` (rendered from `md` and the English of `marks`) with
/// U+FFFD, as an HTML parser would; the problem points at the first in `md`, else at the
/// sentence whose English has one.
pub(super) fn nul_byte(
    md: &str,
    marks: &[Mark],
    offset: usize,
    html: &mut String,
) -> Option<Problem> {
    let in_md = md.find('\0');
    let in_html = html.contains('\0');
    if in_md.is_none() && !in_html {
        return None;
    }
    if in_html {
        *html = html.replace('\0', "\u{FFFD}");
    }
    let range = match in_md {
        Some(at) => at..at + 1,
        None => marks
            .iter()
            .find(|m| m.english.contains('\0'))
            .map_or(0..0, |m| {
                m.range.start.saturating_sub(offset)..m.range.end.saturating_sub(offset)
            }),
    };
    Some(Problem {
        kind: Kind::NulByte,
        range,
        message: "the text has a NUL character; it is shown as U+FFFD".to_owned(),
    })
}

/// A `fmt::Write` into a String that tells how much it has written so far.
struct Tracked<'a> {
    out: &'a mut String,
    written: &'a Cell<usize>,
}

impl fmt::Write for Tracked<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}
