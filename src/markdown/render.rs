//! The renderer's face: what [`render`](super::render) and [`render_blocks`](super::render_blocks) take from their caller
//! ([`RenderOptions`], the link resolver's [`LinkRef`] and [`LinkAction`]) and what they give back
//! ([`Rendered`], [`Problem`]).

use std::ops::Range;

use super::marks::Mark;
use crate::diagnostics::Kind;

/// A link or image found while rendering.
#[derive(Debug)]
pub struct LinkRef<'s> {
    pub dest: &'s str,
    /// Byte range of the link in the Markdown.
    pub range: Range<usize>,
    pub kind: Target,
}

/// What a link target is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A link (`[text](dest)`, `<a href>`).
    Link,
    /// An image (`![alt](src)`, `<img src>`).
    Image,
    /// A DocFX video line (`[!VIDEO url]`).
    Video,
}

/// What to do with a link or image.
#[derive(Debug, PartialEq, Eq)]
pub enum LinkAction {
    /// Use this URL.
    Url(String),
    /// The target does not exist: images show their alt text instead; links keep their text.
    Missing,
    /// Unsafe (`javascript:`…): keep the text, drop the link.
    Drop,
}

/// What [`render`] needs from its caller.
pub struct RenderOptions<'a> {
    /// Ids for the document's headings, by position; headings past the end use their anchor or
    /// a slug of their text.
    pub heading_ids: &'a [String],
    /// The localized label of an alert (`note`, `tip`, `important`, `warning`, `caution`), as
    /// HTML (escaped; a fallback string marked with its language).
    pub alert_label: &'a dyn Fn(&str) -> String,
    /// The localized label of a video card ("Video"), as HTML like `alert_label`.
    pub video_label: &'a str,
    pub resolve: &'a mut dyn FnMut(LinkRef<'_>) -> LinkAction,
    /// Called for each DocFX include paragraph with its target and byte range; returns the
    /// HTML to put in its place.
    pub include: &'a mut dyn FnMut(&str, Range<usize>) -> String,
    /// Leave out the first level-1 heading (the page template shows the title).
    pub skip_title: bool,
    /// Sentences to wrap in `<span class="seg">` (sorted, not overlapping, byte ranges in the
    /// Markdown): the bilingual view and the English fallbacks.
    pub marks: &'a [Mark],
    /// Where the Markdown starts in the text the marks' ranges are in (a fragment of a
    /// version is given its version's marks, not copies).
    pub marks_offset: usize,
    /// The tooltip of a sentence shown in English because it is not translated yet.
    pub fallback_title: &'a str,
    /// The URL of the page of an error code (`4.4.316`), if it has one: codes mentioned in
    /// text link there.
    pub code_link: &'a dyn Fn(&str) -> Option<String>,
    /// The ids the page's template uses, which content ids must not repeat.
    pub reserved_ids: &'a [String],
}
/// HTML rendered from Markdown, with where each top-level block's HTML starts, so parts of
/// it can be reused (a code page shows a section of its article page).
#[derive(Debug)]
pub struct Rendered {
    pub html: String,
    /// Each top-level block: its byte range in the Markdown and where its HTML starts, in
    /// order. Empty when the HTML was sanitized as a whole (raw HTML moves the offsets).
    pub blocks: Vec<(Range<usize>, usize)>,
    /// Problems of the Markdown found while rendering it, in order.
    pub problems: Vec<Problem>,
}

/// A problem of the Markdown given to [`render_blocks`], for the caller to report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: Kind,
    /// Byte range in the Markdown.
    pub range: Range<usize>,
    pub message: String,
}

impl Rendered {
    /// The HTML of the Markdown bytes `range`, if it starts and ends between top-level blocks.
    pub fn part(&self, range: Range<usize>) -> Option<&str> {
        let at = |offset: usize| {
            let i = self.blocks.partition_point(|(b, _)| b.start < offset);
            // `offset` must not fall inside the block before it.
            let between = i == 0 || self.blocks[i - 1].0.end <= offset;
            between.then(|| self.blocks.get(i).map_or(self.html.len(), |&(_, h)| h))
        };
        if self.blocks.is_empty() {
            return None;
        }
        let (start, end) = (at(range.start)?, at(range.end)?);
        let html = &self.html[start..end];
        // After HTML that does not end a line (an anchor), a block starts with a line break
        // it would not have at the start of a document of its own.
        let after_line = start == 0 || self.html[..start].ends_with('\n');
        Some(if after_line {
            html
        } else {
            html.strip_prefix('\n').unwrap_or(html)
        })
    }
}
