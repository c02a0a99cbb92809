//! Markdown to HTML with pulldown-cmark, the way documentation sites need it.
//!
//! - [`blocks`] gives the top-level outline of a document (headings with their `<a name>`
//!   anchors, paragraphs, lists) with byte ranges, so the model can cut sections.
//! - [`render`] turns Markdown into safe HTML: heading ids chosen by the caller (identical in
//!   every locale), links and images rewritten by a caller-supplied resolver, DocFX/GFM alerts
//!   as callouts, DocFX video lines as link cards ([`video`]), tables wrapped for scrolling
//!   with their columns' alignment as classes ([`table`]), e-mail autolinks as `mailto:`
//!   links, and the `<a name>` anchors and `<br>` that documentation uses. Other raw HTML is kept, its link and image targets resolved like
//!   Markdown ones, and then the whole page goes through an allow-list (`sanitize`, ammonia):
//!   formatting stays, script, handlers and script URLs go. Content can never inject script.
//! - Bounded for any input: the sanitizer sees at most [`nesting::MAX_DEPTH`] open elements
//!   (deeper tags become text, `html-too-deep`); content ids never repeat the template's, a
//!   heading's or each other's ([`ids`], `id-duplicate`); NUL is written as U+FFFD
//!   (`nul-byte`). These come back as [`Problem`]s in [`Rendered`] for the caller to report.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{
    BlockQuoteKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

mod ids;
mod nesting;
mod table;
mod video;

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}

/// A top-level block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in the Markdown.
    pub range: Range<usize>,
    /// Plain text of headings and paragraphs (empty for other blocks).
    pub text: String,
    /// The first `<a name="…">` anchor of a heading (`None` for other blocks).
    pub anchor: Option<String>,
}

impl Block {
    /// Whether [`blocks`] keeps the text of this block: the model reads only that of
    /// headings and paragraphs, so the text of lists, tables and the rest is not gathered.
    fn has_text(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_) | BlockKind::Paragraph)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    List,
    /// A DocFX include line: `[!INCLUDE [title](path)]`.
    Include,
    /// A DocFX video line: `[!VIDEO https://…]`.
    Video,
    Other,
}

/// The target of a DocFX include paragraph (`[!INCLUDE [title](path)]`), if `para` is one.
pub fn include_target(para: &str) -> Option<&str> {
    let inner = para
        .trim()
        .strip_prefix("[!INCLUDE")?
        .strip_suffix(']')?
        .trim_start();
    let inner = inner.strip_prefix('[')?;
    let close = inner.find("](")?;
    let target = inner[close + 2..].strip_suffix(')')?.trim();
    (!target.is_empty() && !target.contains(char::is_whitespace)).then_some(target)
}

/// The top-level blocks of `md`, in order.
pub fn blocks(md: &str) -> Vec<Block> {
    outline(md).blocks
}

/// The [`blocks`] of a text, and what [`outline_like`] needs to reuse them for another
/// version of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub blocks: Vec<Block>,
    /// Whether the text defines link references. They apply to the whole text, so that a
    /// part of it does not parse on its own as it does in the whole.
    refs: bool,
}

/// The [`blocks`] of `md`, as an [`Outline`].
pub fn outline(md: &str) -> Outline {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    // Inside an inline raw-text element (see `raw_text`); it ends with its paragraph.
    let mut raw = None;
    let parser = Parser::new_ext(md, options()).into_offset_iter();
    // The first pass, done by `new_ext`, has found them all.
    let refs = parser.reference_definitions().iter().next().is_some();
    for (event, range) in parser {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_))) {
            raw = None;
        }
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(level_number(level)),
                        Tag::Paragraph if include_target(&md[range.clone()]).is_some() => {
                            BlockKind::Include
                        }
                        Tag::Paragraph if video::target(&md[range.clone()]).is_some() => {
                            BlockKind::Video
                        }
                        Tag::Paragraph => BlockKind::Paragraph,
                        Tag::List(_) => BlockKind::List,
                        _ => BlockKind::Other,
                    };
                    // The text is never longer than the Markdown it comes from.
                    let text = match kind {
                        BlockKind::Heading(_) | BlockKind::Paragraph => {
                            String::with_capacity(range.len())
                        }
                        _ => String::new(),
                    };
                    current = Some(Block {
                        kind,
                        range,
                        text,
                        anchor: None,
                    });
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(mut block) = current.take() {
                        if let Cow::Owned(text) = collapsed(&block.text) {
                            block.text = text;
                        }
                        out.push(block);
                    }
                }
            }
            Event::Text(_) | Event::Code(_) if raw.is_some() => {}
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = current.as_mut().filter(|b| b.has_text()) {
                    block.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut().filter(|b| b.has_text()) {
                    block.text.push(' ');
                }
            }
            Event::InlineHtml(html) => {
                raw = raw_text(raw, &html);
                let heading = current
                    .as_mut()
                    .filter(|b| matches!(b.kind, BlockKind::Heading(_)) && b.anchor.is_none());
                if let Some(block) = heading {
                    if let Some(Anchor::Open(name)) = anchor(&html) {
                        block.anchor = Some(name);
                    }
                }
            }
            Event::Html(html) if depth == 0 => {
                out.push(Block {
                    kind: BlockKind::Other,
                    range,
                    text: String::new(),
                    anchor: None,
                });
                let _ = html;
            }
            _ => {}
        }
    }
    Outline { blocks: out, refs }
}

/// The [`outline`] of `md` (the same, block for block), made from the outline of `old`,
/// another version of the same text: only the parts of `md` that are not in `old` are parsed.
///
/// Both texts are cut after each blank line (`\n\n`) into parts, which are matched by a
/// diff. A part found in both keeps its blocks when it parses in `md` as it does in `old`:
/// when, in both, it starts at the top of the text or after a paragraph or a heading (closed
/// by the blank line, so nothing is left open: the parser starts afresh, as at the top of a
/// text) and ends before another such place or at the end of the text. The other parts are
/// parsed on their own, which is the same for the same reason if they too end with a
/// paragraph or a heading. Link reference definitions, which apply to the whole text, and
/// anything else (a list that the next part may continue, a fenced block left open) make it
/// parse `md` whole.
pub fn outline_like(md: &str, old: &str, old_outline: &Outline) -> Outline {
    reuse(md, old, old_outline).unwrap_or_else(|| outline(md))
}

/// [`outline_like`], `None` where it must parse `md` whole.
fn reuse(md: &str, old: &str, old_outline: &Outline) -> Option<Outline> {
    if old_outline.refs {
        return None;
    }
    let (old_parts, new_parts) = (parts(old), parts(md));
    let key = |text: &str, parts: &[usize], i: usize| {
        use std::hash::Hasher;
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(&text.as_bytes()[parts[i]..parts[i + 1]]);
        hasher.finish()
    };
    let old_keys: Vec<u64> = (0..old_parts.len() - 1)
        .map(|i| key(old, &old_parts, i))
        .collect();
    let new_keys: Vec<u64> = (0..new_parts.len() - 1)
        .map(|i| key(md, &new_parts, i))
        .collect();
    let safe = fresh_starts(&old_outline.blocks, &old_parts);
    let (old_end, new_end) = (old_keys.len(), new_keys.len());
    // Runs of parts kept from `old`: (old parts, first new part), each starting and ending
    // where the parser starts afresh in `old`.
    let mut kept: Vec<(Range<usize>, usize)> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys) {
        let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        else {
            continue;
        };
        let Some(start) = (old_index..old_index + len).find(|&i| safe[i]) else {
            continue;
        };
        let ends_both = old_index + len == old_end && new_index + len == new_end;
        let end = if ends_both {
            old_end
        } else {
            match (start + 1..=old_index + len).rev().find(|&i| safe[i]) {
                Some(end) => end,
                None => continue,
            }
        };
        if start < end {
            kept.push((start..end, new_index + (start - old_index)));
        }
    }
    let kept_bytes: usize = kept
        .iter()
        .map(|(r, _)| old_parts[r.end] - old_parts[r.start])
        .sum();
    // Parsing many small pieces costs more than the bytes they save.
    if kept_bytes < md.len() / 2 {
        return None;
    }
    let mut blocks = Vec::with_capacity(old_outline.blocks.len() + 8);
    let mut at = 0; // the first new part not outlined yet
    for (mut run, mut first) in kept {
        // The new text before the run, with as many of the run's first parts as it takes to
        // end where the parser starts afresh (a list there may go on into the run).
        while at < first {
            if parse_part(md, new_parts[at]..new_parts[first], &mut blocks)? {
                at = first;
            } else if let Some(start) = (run.start + 1..run.end).find(|&i| safe[i]) {
                first += start - run.start;
                run.start = start;
            } else {
                break;
            }
        }
        if at < first {
            continue; // the whole run goes with the new text after it
        }
        let (from, to) = (old_parts[run.start], old_parts[run.end]);
        let shift_to = new_parts[first];
        if old[from..to] != md[shift_to..shift_to + (to - from)] {
            return None; // two parts with the same hash
        }
        let kept_blocks = old_outline
            .blocks
            .iter()
            .skip_while(|b| b.range.start < from)
            .take_while(|b| b.range.start < to);
        blocks.extend(kept_blocks.map(|b| Block {
            range: b.range.start - from + shift_to..b.range.end - from + shift_to,
            ..b.clone()
        }));
        at = first + run.len();
    }
    if at < new_end {
        parse_part(md, new_parts[at]..md.len(), &mut blocks)?;
    }
    Some(Outline {
        blocks,
        refs: false,
    })
}

/// Outlines `md[range]` on its own into `blocks` if it parses as it does in the whole text,
/// where it starts afresh (see [`outline_like`]): if it ends the text or ends afresh too.
/// `None` if it defines link references.
fn parse_part(md: &str, range: Range<usize>, blocks: &mut Vec<Block>) -> Option<bool> {
    let part = outline(&md[range.clone()]);
    if part.refs {
        return None;
    }
    let closed = range.end == md.len() || part.blocks.last().is_some_and(Block::closes);
    if closed {
        blocks.extend(part.blocks.into_iter().map(|b| Block {
            range: b.range.start + range.start..b.range.end + range.start,
            ..b
        }));
    }
    Some(closed)
}

impl Block {
    /// Whether nothing is left open after this top-level block and a blank line: a
    /// paragraph or a heading (a list or a block quote may go on after one).
    fn closes(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Heading(_) | BlockKind::Paragraph | BlockKind::Include | BlockKind::Video
        )
    }
}

/// Where `text` may be cut: after each run of line feeds with a blank line in it (before the
/// next character), with 0 and `text.len()` at either end.
fn parts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    let mut i = 0;
    // Line by line: `find` looks for a line feed many bytes at a time.
    while let Some(rel) = text[i..].find('\n') {
        let mut j = i + rel + 1;
        if b.get(j) == Some(&b'\n') {
            while b.get(j) == Some(&b'\n') {
                j += 1;
            }
            if j < b.len() {
                cuts.push(j);
            }
        }
        i = j;
    }
    cuts.push(text.len());
    cuts
}

/// For each cut of [`parts`] in a text with these blocks, whether the parser starts afresh
/// there: at the top, or with no block across the cut and a paragraph or a heading the last
/// block before it (or none).
fn fresh_starts(blocks: &[Block], cuts: &[usize]) -> Vec<bool> {
    let mut next = 0; // the first block that does not end before the cut
    cuts.iter()
        .map(|&cut| {
            while next < blocks.len() && blocks[next].range.end <= cut {
                next += 1;
            }
            let across = blocks
                .get(next)
                .is_some_and(|b| b.range.start < cut && cut < b.range.end);
            let before = next.checked_sub(1).map(|i| &blocks[i]);
            cut == 0 || (!across && before.is_none_or(Block::closes))
        })
        .collect()
}

/// Inside an inline `<script>` or `<style>` element (its closing tag), after `html`: their
/// text is code, not words for titles, tooltips or search.
fn raw_text(inside: Option<&'static str>, html: &str) -> Option<&'static str> {
    let lower = html.trim().to_ascii_lowercase();
    match inside {
        Some(close) => (!lower.starts_with(close)).then_some(close),
        None => ["script", "style"].into_iter().find_map(|name| {
            let open = lower
                .strip_prefix('<')
                .and_then(|t| t.strip_prefix(name))
                .is_some_and(|t| t.starts_with(['>', ' ', '\t', '\n', '/']));
            let close = if name == "script" {
                "</script"
            } else {
                "</style"
            };
            (open && !lower.contains(close) && !lower.ends_with("/>")).then_some(close)
        }),
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Plain text of a Markdown fragment (inline markup and HTML removed, whitespace collapsed).
pub fn plain_text(md: &str) -> String {
    let mut text = String::new();
    let mut raw = None;
    for event in Parser::new_ext(md, options()) {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_))) {
            raw = None;
        }
        match event {
            Event::InlineHtml(html) => raw = raw_text(raw, &html),
            Event::Text(_) | Event::Code(_) if raw.is_some() => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// `s` with every run of whitespace made one space, and none at either end.
pub fn collapse_whitespace(s: &str) -> String {
    collapsed(s).into_owned()
}

/// [`collapse_whitespace`] without a copy when `s` is collapsed already, as most text is.
pub fn collapsed(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `s` is already what [`collapse_whitespace`] makes of it: single ASCII spaces
/// between words and no other whitespace. Checked on bytes, as most sentences are.
///
/// Every collapsed text is checked in full, so the bytes are looked at in blocks first,
/// without a branch per byte (the compiler makes vector code of it): a block with no two
/// spaces in a row and no byte that can start other whitespace is collapsed. Only the
/// blocks that may not be (text with dashes or curly quotes, which start with one of those
/// bytes too) are checked byte by byte.
fn is_collapsed(s: &str) -> bool {
    const BLOCK: usize = 32;
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut start = 0;
    while start < b.len() {
        let end = (start + BLOCK).min(b.len());
        let block = &b[start..end];
        let next = &b[start + 1..(end + 1).min(b.len())];
        let maybe = block.iter().fold(false, |any, &c| any | may_start_space(c))
            | block
                .iter()
                .zip(next)
                .fold(false, |any, (&c, &n)| any | (c == b' ' && n == b' '));
        if maybe && !collapsed_bytes(b, start..end) {
            return false;
        }
        start = end;
    }
    true
}

/// Whether `c` is a byte other than the space that can begin a whitespace character: the
/// ASCII controls (tab, line breaks, and others that are no whitespace) and the first bytes
/// of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000.
fn may_start_space(c: u8) -> bool {
    c < b' ' || matches!(c, 0xc2 | 0xe1..=0xe3)
}

/// Whether the bytes of `b` at `range` start no whitespace character but single spaces
/// (looking past the range for the rest of a character or a second space).
fn collapsed_bytes(b: &[u8], range: Range<usize>) -> bool {
    for i in range {
        let other_space = match b[i] {
            b' ' => b.get(i + 1) == Some(&b' '),
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => true,
            // U+0085, U+00A0
            0xc2 => matches!(b.get(i + 1), Some(0x85 | 0xa0)),
            // U+1680
            0xe1 => b.get(i + 1) == Some(&0x9a) && b.get(i + 2) == Some(&0x80),
            // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            0xe2 => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f))
            ),
            // U+3000
            0xe3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80),
            _ => false,
        };
        if other_space {
            return false;
        }
    }
    true
}

/// The longest heading id [`slug`] makes, in bytes: ids go into every link to a section and
/// every table of contents, so a heading of 80 KB must not make an id of 80 KB.
pub const MAX_SLUG: usize = 80;

/// A URL-fragment-safe id from heading text: lowercase letters and digits joined by `-`, at
/// most [`MAX_SLUG`] bytes.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SLUG + 4));
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() + c.len_utf8() > MAX_SLUG {
            break;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

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

/// Pushes `text`, with the error codes that have a page turned into links to it.
fn push_text<'a>(
    events: &mut Vec<Event<'a>>,
    text: CowStr<'a>,
    code_link: &dyn Fn(&str) -> Option<String>,
    linkable: bool,
) {
    let found = if linkable {
        crate::smtp::find(&text)
    } else {
        Vec::new()
    };
    let targets: Vec<(std::ops::Range<usize>, String)> = found
        .into_iter()
        .filter_map(|f| code_link(&f.enhanced).map(|url| (f.range, url)))
        .collect();
    if targets.is_empty() {
        events.push(Event::Text(text));
        return;
    }
    let mut at = 0;
    for (range, url) in targets {
        if range.start > at {
            events.push(Event::Text(text[at..range.start].to_owned().into()));
        }
        events.push(Event::InlineHtml(
            format!("<a class=\"code-ref\" href=\"{}\">", escape(&url)).into(),
        ));
        events.push(Event::Text(text[range.clone()].to_owned().into()));
        events.push(Event::InlineHtml("</a>".into()));
        at = range.end;
    }
    if at < text.len() {
        events.push(Event::Text(text[at..].to_owned().into()));
    }
}

/// A sentence of a translated page: where it is, its English original, and whether it is
/// shown in English because it is not translated yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    /// The English original as plain text.
    pub english: String,
    pub fallback: bool,
}

/// The markers around a sentence. They are Unicode punctuation (two-em and three-em dashes),
/// so emphasis next to them parses as it would next to the spaces or punctuation at a
/// sentence boundary. Content may hold the same characters: a marker is told from them by its
/// position ([`Own`]), and the k-th inserted marker opens (k even) or closes mark k / 2.
const MARK_OPEN: char = '\u{2E3A}';
const MARK_CLOSE: char = '\u{2E3B}';
const MARKER_LEN: usize = 3;
const _: () = assert!(MARK_OPEN.len_utf8() == MARKER_LEN && MARK_CLOSE.len_utf8() == MARKER_LEN);

fn is_marker(c: char) -> bool {
    c == MARK_OPEN || c == MARK_CLOSE
}

/// `md` with a marker character before and after each mark's range, and the positions of the
/// markers (in the marked text) to map offsets back.
fn insert_marks(md: &str, marks: &[Mark], offset: usize) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(md.len() + marks.len() * 7);
    let mut inserted = Vec::with_capacity(marks.len() * 2);
    let mut at = 0;
    for mark in marks {
        let (start, end) = (
            mark.range
                .start
                .saturating_sub(offset)
                .max(at)
                .min(md.len()),
            mark.range.end.saturating_sub(offset).min(md.len()),
        );
        let valid = start <= end && md.is_char_boundary(start) && md.is_char_boundary(end);
        // An unusable range still gets its (empty) pair of markers, to keep the numbering.
        let (start, end) = if valid { (start, end) } else { (at, at) };
        out.push_str(&md[at..start]);
        inserted.push(out.len());
        out.push(MARK_OPEN);
        out.push_str(&md[start..end]);
        inserted.push(out.len());
        out.push(MARK_CLOSE);
        at = end;
    }
    out.push_str(&md[at..]);
    (out, inserted)
}

/// Bytes that can start inline Markdown (or end the line), by value.
const INLINE_MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"*_[]<>`\\&!~|\n\r";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Plain text of inline Markdown, for tooltips: emphasis, code and link markup removed.
pub fn strip_inline(md: &str) -> String {
    // Most sentences have no markup at all: their plain text is themselves, without a parse.
    let trimmed = md.trim_start();
    let markup = trimmed.bytes().any(|b| INLINE_MARKUP[b as usize])
        || trimmed.starts_with(|c: char| c.is_ascii_digit() || "#>-+=".contains(c));
    if !markup {
        return collapse_whitespace(md);
    }
    let text = plain_text(md);
    if text.is_empty() {
        collapse_whitespace(md)
    } else {
        text
    }
}

/// Renders `md` to HTML.
pub fn render(md: &str, opts: RenderOptions<'_>) -> String {
    render_blocks(md, opts).html
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
    pub kind: &'static str,
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

/// Renders `md` to HTML, keeping where each top-level block's HTML starts.
pub fn render_blocks(md: &str, opts: RenderOptions<'_>) -> Rendered {
    let RenderOptions {
        heading_ids,
        alert_label,
        video_label,
        resolve,
        include,
        skip_title,
        marks,
        marks_offset,
        fallback_title,
        code_link,
        reserved_ids,
    } = opts;
    let mut ids = ids::Ids::new(reserved_ids, heading_ids);
    let (marked, inserted) = if marks.is_empty() {
        (String::new(), Vec::new())
    } else {
        insert_marks(md, marks, marks_offset)
    };
    let source: &str = if marks.is_empty() { md } else { &marked };
    // Maps an offset of `source` back to `md` (every marker has the same length).
    let unmark = |offset: usize| offset - inserted.partition_point(|&p| p < offset) * MARKER_LEN;
    let unmark_range = |r: Range<usize>| unmark(r.start)..unmark(r.end);
    // The markers kbsite inserted in an event's text from `source[range]`.
    let own = |range: Range<usize>| Own {
        source,
        range,
        inserted: &inserted,
    };
    // Open sentence spans: (placeholder event index, mark index, depth at the opening).
    let mut open_marks: Vec<(usize, usize, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut title_pending = skip_title;
    let mut in_title = false;
    // About an event per 16 bytes of documentation Markdown (text, sentence spans, tags):
    // growing from empty copied the events of every page several times.
    let mut events: Vec<Event<'_>> = Vec::with_capacity(source.len() / 16);
    let mut heading_index = 0usize;
    let mut heading_start: Option<usize> = None;
    // For each open link/image: whether its Start was replaced (so the End must be too).
    let mut link_stack: Vec<Option<&'static str>> = Vec::new();
    // The depth of a block replaced as a whole (an include or video line), while inside it.
    let mut replaced: Option<usize> = None;
    let mut cells = table::Cells::default();
    // Whether the Markdown has raw HTML besides anchors and line breaks: only then is the
    // page sanitized.
    let mut raw_html = false;
    // The events of raw HTML and where they are in `md`; then where their HTML starts.
    let mut raw_events: Vec<(usize, Range<usize>)> = Vec::new();
    let mut raw_starts: Vec<(usize, Range<usize>)> = Vec::with_capacity(raw_events.len());
    // Each top-level block: its range in `md` and its first event.
    let mut starts: Vec<(Range<usize>, usize)> = Vec::new();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        let event = if marks.is_empty() {
            event
        } else {
            strip_markers(event, own(range.clone()))
        };
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth == 1 {
                    starts.push((unmark_range(range.clone()), events.len()));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if replaced.is_some() || in_title {
            if let Some(at) = replaced {
                replaced = replaced.filter(|_| depth >= at);
            } else {
                in_title = !matches!(event, Event::End(TagEnd::Heading(_)));
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if title_pending => {
                title_pending = false;
                in_title = true;
                heading_index += 1;
            }
            Event::Start(Tag::Paragraph) if include_target(&source[range.clone()]).is_some() => {
                let target = include_target(&source[range.clone()]).unwrap_or_default();
                let target: String = target.chars().filter(|&c| !is_marker(c)).collect();
                events.push(Event::Html(include(&target, unmark_range(range)).into()));
                replaced = Some(depth);
            }
            Event::Start(Tag::Paragraph | Tag::BlockQuote(None))
                if video::target(&source[range.clone()]).is_some() =>
            {
                let url = video::target(&source[range.clone()]).unwrap_or_default();
                // Reported on its line, not the line break after it.
                let line = range.start..range.start + source[range].trim_end().len();
                let href = match resolve(LinkRef {
                    dest: url,
                    range: unmark_range(line),
                    kind: Target::Video,
                }) {
                    LinkAction::Url(href) => Some(href),
                    LinkAction::Missing | LinkAction::Drop => None,
                };
                events.push(Event::Html(
                    video::card(url, href.as_deref(), video_label).into(),
                ));
                replaced = Some(depth);
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                title_pending = false;
                heading_start = Some(events.len());
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let id = match heading_ids.get(heading_index) {
                        Some(id) => id.clone(),
                        None => heading_id_from(&events[start..]),
                    };
                    ids.heading(&id, unmark_range(range));
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id));
                    }
                    heading_index += 1;
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, key) = alert(kind);
                let label = alert_label(key);
                events.push(Event::Html(
                    format!("<div class=\"callout {class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n").into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::Table(align)) => {
                events.push(Event::Html("<div class=\"table-wrap\">".into()));
                events.push(cells.event(Event::Start(Tag::Table(align))));
            }
            event @ (Event::Start(Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::TableHead | TagEnd::TableCell)) => {
                events.push(cells.event(event));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let tag = mailto(tag);
                let image = matches!(tag, Tag::Image { .. });
                let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &tag else {
                    unreachable!("matched a link or image")
                };
                match resolve(LinkRef {
                    dest: dest_url,
                    range: unmark_range(range),
                    kind: if image { Target::Image } else { Target::Link },
                }) {
                    LinkAction::Url(url) => {
                        link_stack.push(None);
                        events.push(Event::Start(with_dest(tag, url)));
                    }
                    LinkAction::Missing if !image => {
                        link_stack.push(None);
                        events.push(Event::Start(tag));
                    }
                    _ => {
                        let class = if image {
                            "media-missing"
                        } else {
                            "link-removed"
                        };
                        link_stack.push(Some("</span>"));
                        events.push(Event::Html(format!("<span class=\"{class}\">").into()));
                    }
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => match link_stack.pop().flatten() {
                Some(close) => events.push(Event::Html(close.into())),
                None => events.push(Event::End(end)),
            },
            Event::Html(html) | Event::InlineHtml(html) => match anchor(&html) {
                // Anchors inside headings become the heading id; elsewhere, an empty target.
                Some(Anchor::Open(name)) if heading_start.is_some() => {
                    events.push(Event::InlineHtml(
                        format!("<!--a:{}-->", escape(&name)).into(),
                    ));
                }
                Some(Anchor::Open(name)) => {
                    let id = ids.claim(&name, unmark_range(range));
                    events.push(Event::Html(
                        format!("<a id=\"{}\"></a>", escape(&id)).into(),
                    ));
                }
                // The `</a>` of an anchor is dropped; after raw HTML it may close a raw link
                // (a stray one is ignored when the page is sanitized).
                Some(Anchor::Close) if raw_html => events.push(Event::Html(html)),
                Some(Anchor::Close) => {}
                Some(Anchor::Break) => events.push(Event::Html("<br>".into())),
                // `<app>`, `<PublicFolderIdentity>`: a placeholder in angle brackets, not an
                // element; it is text the reader must see.
                None if is_placeholder(&html) => events.push(Event::Text(html)),
                None => {
                    raw_html = true;
                    raw_events.push((events.len(), unmark_range(range.clone())));
                    let html = ids.raw(&html, unmark_range(range.clone()));
                    let html = resolve_raw_urls(&html, unmark_range(range), resolve);
                    events.push(Event::Html(html.into()));
                }
            },
            Event::Text(text) => {
                let linkable = link_stack.is_empty() && heading_start.is_none();
                let mut at = 0;
                for (i, k) in own(range).markers(&text) {
                    if i > at {
                        let part = text[at..i].to_owned().into();
                        push_text(&mut events, part, code_link, linkable);
                    }
                    at = i + MARKER_LEN;
                    // The k-th inserted marker opens (even) or closes (odd) mark k / 2.
                    let index = k / 2;
                    if k % 2 == 0 {
                        if index < marks.len() {
                            open_marks.push((events.len(), index, depth));
                            events.push(Event::InlineHtml(CowStr::Borrowed("")));
                        }
                        continue;
                    }
                    // Sentences opened before this one and not closed (their close was lost
                    // inside code or HTML) stay unwrapped.
                    while open_marks.last().is_some_and(|&(_, i, _)| i < index) {
                        open_marks.pop();
                    }
                    if let Some(&(at, _, opened)) = open_marks.last().filter(|m| m.1 == index) {
                        open_marks.pop();
                        // A sentence that does not close where it opened (across elements)
                        // stays unwrapped rather than produce broken HTML.
                        if opened == depth {
                            events[at] =
                                Event::InlineHtml(mark_open(&marks[index], fallback_title).into());
                            events.push(Event::InlineHtml("</span>".into()));
                        }
                    }
                }
                if at == 0 {
                    push_text(&mut events, text, code_link, linkable);
                } else if at < text.len() {
                    let rest = text[at..].to_owned().into();
                    push_text(&mut events, rest, code_link, linkable);
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(md.len() + md.len() / 2);
    let written = Cell::new(0);
    let mut blocks = Vec::with_capacity(starts.len());
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
    finish(
        html,
        blocks,
        Finish {
            md,
            marks,
            marks_offset,
            raw_html,
            raw_starts,
            ids,
        },
    )
}

/// What [`finish`] needs of a page [`render_blocks`] has written.
struct Finish<'a> {
    md: &'a str,
    marks: &'a [Mark],
    marks_offset: usize,
    /// Whether the page has raw HTML (and so is sanitized).
    raw_html: bool,
    /// Where the HTML of each raw HTML event starts, and its range in `md`.
    raw_starts: Vec<(usize, Range<usize>)>,
    ids: ids::Ids<'a>,
}

/// The written `html` made safe and bounded: relinked ids, NULs replaced, and, with raw
/// HTML, its nesting bounded and the allow-list applied.
fn finish(mut html: String, blocks: Vec<(Range<usize>, usize)>, page: Finish<'_>) -> Rendered {
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
            kind: "html-too-deep",
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
fn nul_byte(md: &str, marks: &[Mark], offset: usize, html: &mut String) -> Option<Problem> {
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
        kind: "nul-byte",
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

/// The opening tag of a sentence span.
fn mark_open(mark: &Mark, fallback_title: &str) -> String {
    let (open, title) = if mark.fallback {
        (
            "<span class=\"seg fallback\" lang=\"en\" title=\"",
            fallback_title,
        )
    } else {
        ("<span class=\"seg\" title=\"", &*mark.english)
    };
    // One allocation per sentence: there are tens of thousands per build.
    let mut html = String::with_capacity(open.len() + title.len() + title.len() / 8 + 2);
    html.push_str(open);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut html, title);
    html.push_str("\">");
    html
}

/// The sentence markers kbsite inserted into the text of one event, parsed from
/// `source[range]`. Content can hold the same characters, literally or as character
/// references: only those at a position where a marker was inserted are markers. The n-th
/// marker character of an event's text is the n-th of its source (the parser keeps text in
/// order, and a character reference is an event of its own, whose source has none).
struct Own<'s> {
    source: &'s str,
    range: Range<usize>,
    inserted: &'s [usize],
}

impl Own<'_> {
    /// The markers in `text`: (byte offset in `text`, index among the inserted markers).
    fn markers(&self, text: &str) -> Vec<(usize, usize)> {
        if !text.contains(is_marker) {
            return Vec::new();
        }
        let Some(src) = self.source.get(self.range.clone()) else {
            return Vec::new();
        };
        let in_source = src
            .match_indices(is_marker)
            .map(|(i, _)| self.range.start + i);
        text.match_indices(is_marker)
            .map(|(i, _)| i)
            .zip(in_source)
            .filter_map(|(i, p)| self.inserted.binary_search(&p).ok().map(|k| (i, k)))
            .collect()
    }

    /// `t` without its markers.
    fn strip<'t>(&self, t: CowStr<'t>) -> CowStr<'t> {
        let found = self.markers(&t);
        if found.is_empty() {
            return t;
        }
        let mut out = String::with_capacity(t.len());
        let mut at = 0;
        for (i, _) in found {
            out.push_str(&t[at..i]);
            at = i + MARKER_LEN;
        }
        out.push_str(&t[at..]);
        out.into()
    }
}

/// Removes sentence markers from events whose text is not split into sentences (code, HTML):
/// a sentence opened there stays unwrapped. Marker characters of the content stay, except in
/// link and image targets and titles, which lose them all.
fn strip_markers<'e>(event: Event<'e>, own: Own<'_>) -> Event<'e> {
    fn strip(t: CowStr<'_>) -> CowStr<'_> {
        if t.contains(is_marker) {
            t.chars()
                .filter(|&c| !is_marker(c))
                .collect::<String>()
                .into()
        } else {
            t
        }
    }
    match event {
        Event::Code(t) => Event::Code(own.strip(t)),
        Event::Html(t) => Event::Html(own.strip(t)),
        Event::InlineHtml(t) => Event::InlineHtml(own.strip(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: strip(dest_url),
            title: strip(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: strip(dest_url),
            title: strip(title),
            id,
        }),
        other => other,
    }
}

/// An e-mail autolink (`<user@example.com>`) as the `mailto:` link it is, for the resolver
/// to see the scheme (pulldown-cmark's writer would add it after the resolver had taken the
/// address for a relative path); any other `tag` as it is.
fn mailto(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type: LinkType::Email,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: format!("mailto:{dest_url}").into(),
            title,
            id,
        },
        other => other,
    }
}

/// `tag` (a link or image) with its destination replaced.
fn with_dest(tag: Tag<'_>, url: String) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            link_type,
            dest_url: url.into(),
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: url.into(),
            title,
            id,
        },
        other => other,
    }
}

/// The id a heading names for itself: its `<a name>` anchor, else a slug of its text.
fn heading_id_from(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::InlineHtml(h) => {
                if let Some(name) = h.strip_prefix("<!--a:").and_then(|s| s.strip_suffix("-->")) {
                    return name.to_owned();
                }
            }
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    slug(&text)
}

fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "note"),
        BlockQuoteKind::Tip => ("tip", "tip"),
        BlockQuoteKind::Important => ("important", "important"),
        BlockQuoteKind::Warning => ("warning", "warning"),
        BlockQuoteKind::Caution => ("caution", "caution"),
    }
}

enum Anchor {
    Open(String),
    Close,
    Break,
}

/// Recognizes the raw HTML that documentation legitimately uses: `<a name="x">`, `<a id="x">`,
/// `</a>` and `<br>`. Everything else is shown as text.
fn anchor(html: &str) -> Option<Anchor> {
    let h = html.trim();
    if h.eq_ignore_ascii_case("</a>") {
        return Some(Anchor::Close);
    }
    if matches!(h.to_ascii_lowercase().as_str(), "<br>" | "<br/>" | "<br />") {
        return Some(Anchor::Break);
    }
    let (open, rest) = if let Some(i) = h.find('>') {
        (&h[..=i], &h[i + 1..])
    } else {
        return None;
    };
    if !rest.is_empty() && !rest.eq_ignore_ascii_case("</a>") {
        return None;
    }
    let attrs = open
        .strip_prefix("<a ")?
        .trim_end_matches('>')
        .trim_end_matches('/')
        .trim();
    let value = attrs
        .strip_prefix("name=")
        .or_else(|| attrs.strip_prefix("id="))?;
    let name = value.strip_prefix('"')?.strip_suffix('"')?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    valid.then(|| Anchor::Open(name.to_owned()))
}

/// `html`, raw HTML from the Markdown at `range`, with the `href` of its `<a>` tags and the
/// `src` of its `<img>` tags resolved like the targets of Markdown links and images: rewritten
/// for the page, removed when unsafe, and, for an image that is not there, removed (its `alt`
/// text shows). Only complete tags are rewritten, and only values without character
/// references; the [`sanitize`] allow-list checks whatever is left.
fn resolve_raw_urls(
    html: &str,
    range: Range<usize>,
    resolve: &mut dyn FnMut(LinkRef<'_>) -> LinkAction,
) -> String {
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let name_start = at + found + 1;
        let name_end = html[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(html.len(), |n| name_start + n);
        at = name_start;
        // Every `<a` and `<img` counts, even inside another tag's attribute value or a raw
        // text element such as `<noscript>`: how a browser will parse those depends on their
        // context, and a target resolved needlessly does no harm.
        let (wanted, image) = match html[name_start..name_end].to_ascii_lowercase().as_str() {
            "a" => ("href", false),
            "img" => ("src", true),
            _ => continue,
        };
        let (attrs, end) = raw_attributes(html, name_end);
        let Some(end) = end else { break };
        at = end;
        // Browsers use the first of repeated attributes.
        let Some(attr) = attrs
            .iter()
            .find(|a| html[a.name.clone()].eq_ignore_ascii_case(wanted))
        else {
            continue;
        };
        let Some(value) = attr
            .value
            .clone()
            .filter(|v| !html[v.clone()].contains('&'))
        else {
            continue;
        };
        let replacement = match resolve(LinkRef {
            dest: &html[value],
            range: range.clone(),
            kind: if image { Target::Image } else { Target::Link },
        }) {
            // Unquoted when possible, so as not to end an attribute value this tag is in.
            LinkAction::Url(url) => match escape(&url) {
                url if url.is_empty() || url.contains(|c: char| c.is_ascii_whitespace()) => {
                    format!("{wanted}=\"{url}\"")
                }
                url => format!("{wanted}={url}"),
            },
            LinkAction::Missing if !image => continue,
            LinkAction::Missing | LinkAction::Drop => String::new(),
        };
        out.push_str(&html[copied..attr.span.start]);
        out.push_str(&replacement);
        copied = attr.span.end;
    }
    out.push_str(&html[copied..]);
    out
}

/// An attribute of a raw HTML tag: byte ranges of its name, its value (inside the quotes, if
/// any) and the whole attribute.
struct RawAttr {
    name: Range<usize>,
    value: Option<Range<usize>>,
    span: Range<usize>,
}

/// The attributes of the tag whose name ends at `from`, read the way the HTML tokenizer reads
/// them, and the end of the tag (after its `>`), if it is in `html`.
fn raw_attributes(html: &str, from: usize) -> (Vec<RawAttr>, Option<usize>) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i) {
            None => return (attrs, None),
            Some(b'>') => return (attrs, Some(i + 1)),
            Some(_) => {}
        }
        let start = i;
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = start..i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = None;
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            match b.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let Some(close) = html[j + 1..].find(char::from(quote)) else {
                        return (attrs, None);
                    };
                    value = Some(j + 1..j + 1 + close);
                    i = j + close + 2;
                }
                _ => {
                    let value_start = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = Some(value_start..j);
                    i = j;
                }
            }
        }
        attrs.push(RawAttr {
            name,
            value,
            span: start..i,
        });
    }
}

/// The allow-list for pages whose Markdown has raw HTML (besides the `<a name>` anchors and
/// `<br>` that [`render`] handles itself). The rendered page is parsed as a fragment by
/// html5ever and rebuilt by ammonia with only the elements and attributes below; everything
/// kbsite's own renderer writes is on the list, so such a page looks as it would without the
/// raw HTML. Pages without raw HTML never come here.
mod sanitize {
    use std::borrow::Cow;
    use std::sync::LazyLock;

    /// Elements kept (text, blocks, tables); any other element is removed and its content
    /// kept as text, except the content of `script` and `style`, which goes too.
    const TAGS: &str = "a abbr b bdi bdo br cite code del dfn em i img ins kbd mark q s samp \
        small span strike strong sub sup time u var wbr \
        blockquote dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li ol p pre \
        summary ul \
        caption col colgroup table tbody td tfoot th thead tr";

    /// Attributes kept on every element.
    const GENERIC_ATTRIBUTES: &str = "dir lang title";

    /// Attributes kept on some elements. `id`s are the heading ids and `<a name>` anchors;
    /// `class` is filtered by [`CLASSES`]; `style` and `on*` handlers are never kept.
    const TAG_ATTRIBUTES: &[(&str, &str)] = &[
        ("a", "class href hreflang id"),
        ("code", "class"),
        ("col", "span"),
        ("colgroup", "span"),
        ("details", "open"),
        ("div", "class role"),
        ("h1", "id"),
        ("h2", "id"),
        ("h3", "id"),
        ("h4", "id"),
        ("h5", "id"),
        ("h6", "id"),
        ("img", "alt height src width"),
        ("ol", "start"),
        ("p", "class"),
        ("span", "class"),
        ("td", "class colspan rowspan"),
        ("th", "class colspan rowspan"),
        ("time", "datetime"),
    ];

    /// The classes kbsite's renderer writes: sentences, callouts, table wrappers, includes,
    /// code links, removed links, missing media and video cards. Code blocks also keep
    /// `language-*`, table cells [`CELL_CLASSES`].
    const CLASSES: &str = "seg fallback callout callout-title note tip important warning \
        caution table-wrap include include-too-large code-ref link-removed media-missing \
        video video-link video-label video-url";

    /// The alignment classes of table cells, kept on `td` and `th` only.
    const CELL_CLASSES: &str = "align-left align-center align-right";

    /// URL schemes kept in `href` and `src` (those the link resolver keeps); relative URLs
    /// and fragments are kept too. `javascript:`, `vbscript:`, `data:` and the rest go.
    const URL_SCHEMES: &str = "ftp http https mailto tel";

    fn filter_class<'u>(element: &str, value: &'u str) -> Option<Cow<'u, str>> {
        let kept: Vec<&str> = value
            .split_ascii_whitespace()
            .filter(|c| {
                CLASSES.split_ascii_whitespace().any(|k| k == *c)
                    || (element == "code" && c.starts_with("language-"))
                    || (matches!(element, "td" | "th")
                        && CELL_CLASSES.split_ascii_whitespace().any(|k| k == *c))
            })
            .collect();
        (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
    }

    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::empty();
        builder
            .tags(TAGS.split_ascii_whitespace().collect())
            .clean_content_tags(["script", "style"].into_iter().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.split_ascii_whitespace().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|&(tag, attrs)| (tag, attrs.split_ascii_whitespace().collect()))
                    .collect(),
            )
            .url_schemes(URL_SCHEMES.split_ascii_whitespace().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .attribute_filter(|element, attribute, value| match attribute {
                "class" => filter_class(element, value),
                _ => Some(Cow::Borrowed(value)),
            });
        builder
    });

    /// `html` with everything not on the allow-list removed.
    pub fn clean(html: &str) -> String {
        CLEANER.clean(html).to_string()
    }
}

/// Whether raw HTML is one tag whose name is not an HTML, SVG or MathML element: a
/// placeholder such as `<app>` or `<user@contoso.com>` that documentation writes in angle
/// brackets.
fn is_placeholder(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
    else {
        return false;
    };
    if inner.contains(['<', '>']) {
        return false;
    }
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let end = name
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(name.len());
    let name = &name[..end];
    if name.is_empty() || name.starts_with(['!', '?']) {
        return false;
    }
    !ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

/// The element names of HTML (WHATWG, including obsolete ones browsers still parse), SVG and
/// MathML, lowercase: raw HTML that names one of them is markup for the sanitizer.
const ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "portal",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
    // SVG
    "animate",
    "animatemotion",
    "animatetransform",
    "circle",
    "clippath",
    "defs",
    "desc",
    "discard",
    "ellipse",
    "feblend",
    "fecolormatrix",
    "fecomponenttransfer",
    "fecomposite",
    "feconvolvematrix",
    "fediffuselighting",
    "fedisplacementmap",
    "fedistantlight",
    "fedropshadow",
    "feflood",
    "fefunca",
    "fefuncb",
    "fefuncg",
    "fefuncr",
    "fegaussianblur",
    "feimage",
    "femerge",
    "femergenode",
    "femorphology",
    "feoffset",
    "fepointlight",
    "fespecularlighting",
    "fespotlight",
    "fetile",
    "feturbulence",
    "filter",
    "foreignobject",
    "g",
    "line",
    "lineargradient",
    "marker",
    "mask",
    "metadata",
    "mpath",
    "path",
    "pattern",
    "polygon",
    "polyline",
    "radialgradient",
    "rect",
    "set",
    "stop",
    "switch",
    "symbol",
    "text",
    "textpath",
    "tspan",
    "use",
    "view",
    // MathML
    "annotation",
    "annotation-xml",
    "maction",
    "menclose",
    "merror",
    "mfenced",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "semantics",
];

/// Escapes text for HTML content and double-quoted attribute values (`&`, `<`, `>`, `"`), with
/// pulldown-cmark's own escaper, which skips runs of plain text a word at a time.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// [`escape`] straight into a writer: Tera's escape function for `{{ … }}` output.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_text_is_recognised_on_bytes() {
        // Every whitespace character, alone, doubled and between words, at both ends.
        let spaces: Vec<char> = ('\0'..='\u{3100}').filter(|c| c.is_whitespace()).collect();
        assert_eq!(
            spaces.len(),
            25,
            "Unicode has new whitespace: update is_collapsed"
        );
        let mut cases = vec![
            String::new(),
            "a".into(),
            "a b".into(),
            "–“x”— é å ё".into(),
        ];
        for c in &spaces {
            for t in [
                format!("a{c}b"),
                format!("{c}a"),
                format!("a{c}"),
                format!("a {c}b"),
            ] {
                cases.push(t);
            }
        }
        // Neighbours of the multi-byte spaces, which are not whitespace.
        for c in [
            '\u{2010}', '\u{2027}', '\u{2030}', '\u{2060}', '\u{1681}', '\u{3001}', '\u{a1}',
        ] {
            cases.push(format!("a{c}b"));
        }
        // Long text is looked at in blocks: every whitespace, and a space after a space, at
        // every position around the first block boundaries, among Cyrillic, dashes and quotes.
        let text = "Сбой — “DNS” 4.4.312 а б ";
        for c in spaces.iter().map(char::to_string).chain(["  ".to_owned()]) {
            for at in 0..72 {
                let mut long = text.repeat(4).trim_end().to_owned();
                let mut at = at.min(long.len());
                while !long.is_char_boundary(at) {
                    at -= 1;
                }
                long.insert_str(at, &c);
                cases.push(long);
            }
        }
        cases.push(text.repeat(4).trim_end().to_owned());
        for case in &cases {
            let slow: Vec<&str> = case.split_whitespace().collect();
            assert_eq!(is_collapsed(case), slow.join(" ") == *case, "{case:?}");
            assert_eq!(collapse_whitespace(case), slow.join(" "), "{case:?}");
        }
    }

    /// Options that wrap no sentence, label alerts with their key and link no code; a test
    /// changes what it needs: `RenderOptions { marks: &m, ..opts(&mut resolve, &mut include) }`.
    pub(super) fn opts<'a>(
        resolve: &'a mut dyn FnMut(LinkRef<'_>) -> LinkAction,
        include: &'a mut dyn FnMut(&str, Range<usize>) -> String,
    ) -> RenderOptions<'a> {
        RenderOptions {
            heading_ids: &[],
            alert_label: &|k| k.into(),
            video_label: "video",
            resolve,
            include,
            skip_title: false,
            marks: &[],
            marks_offset: 0,
            fallback_title: "",
            code_link: &|_| None,
            reserved_ids: &[],
        }
    }

    /// A code page shows parts of its article page: each part between top-level blocks must be
    /// the HTML its Markdown renders to on its own, sentences and all.
    #[test]
    fn parts_between_blocks_are_their_own_html() {
        let md = "# Title\n\nIntro with a [link](a.md). Second sentence.\n\n\
                  ## 450 4.4.312 DNS query failed\n\n<a name=\"x\"></a>\n\n<a name=\"y\">\n\nWhat it means.\n\n\
                  - cause *one*\n- cause two\n\n  nested para\n\n> [!NOTE]\n> A note.\n\n\
                  | a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n### How to fix\n\n\
                  1. step\n2. step\n\n[!INCLUDE [t](inc.md)]\n\nLast. words\n";
        let marks: Vec<Mark> = [
            "Intro with a [link](a.md).",
            "What it means.",
            "A note.",
            "Last.",
        ]
        .iter()
        .map(|s| {
            let start = md.find(s).unwrap();
            Mark {
                range: start..start + s.len(),
                english: format!("en {s}"),
                fallback: false,
            }
        })
        .collect();
        let render_part = |range: Range<usize>| {
            let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
            let mut include = |target: &str, _| format!("<div>{target}</div>\n");
            let first = marks.partition_point(|m| m.range.start < range.start);
            let end = first + marks[first..].partition_point(|m| m.range.end <= range.end);
            let o = RenderOptions {
                marks: &marks[first..end],
                marks_offset: range.start,
                ..opts(&mut keep, &mut include)
            };
            render_blocks(&md[range], o)
        };
        let whole = render_part(0..md.len());
        assert_eq!(whole.blocks.len(), 14, "{:?}", whole.blocks);
        // Where blocks start and end (the model's ranges run from a heading's end to a block).
        let mut bounds: Vec<usize> = whole
            .blocks
            .iter()
            .flat_map(|(r, _)| [r.start, r.end])
            .chain([0, md.len()])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        for (i, &a) in bounds.iter().enumerate() {
            for &b in &bounds[i..] {
                let expected = render_part(a..b).html;
                assert_eq!(whole.part(a..b), Some(expected.as_str()), "{a}..{b}");
            }
        }
        // A range that starts or ends inside a block has no part.
        let inside = md.find("Second").unwrap();
        assert_eq!(whole.part(inside..md.len()), None);
        assert_eq!(whole.part(0..inside), None);
        // HTML sanitized as a whole keeps no block offsets.
        let raw = render_part(0..0);
        assert!(raw.blocks.is_empty());
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |_: &str, _| String::new();
        let sanitized = render_blocks("a\n\n<div>b</div>\n\nc\n", opts(&mut keep, &mut include));
        assert_eq!(sanitized.part(0..1), None);
    }

    /// The text of inline `<script>` and `<style>` elements is not a title's, a tooltip's or
    /// the search's.
    #[test]
    fn script_and_style_text_is_not_text() {
        let md = "# Fix <script>alert(1)</script> it\n\nA <STYLE>p{}</style> *b* <script src=x></script>\
                  c\n\nD <script>open\n\nE\n";
        let texts: Vec<String> = blocks(md).into_iter().map(|b| b.text).collect();
        assert_eq!(texts, ["Fix it", "A b c", "D", "E"]);
        assert_eq!(
            plain_text("a <style>p{}</style> b <scripts>c</scripts>"),
            "a b c"
        );
    }

    pub(super) fn html(md: &str) -> String {
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |target: &str, _| format!("<included {target}>");
        let opts = RenderOptions {
            alert_label: &|k| format!("[{k}]"),
            video_label: "[video]",
            ..opts(&mut keep, &mut include)
        };
        render(md, opts)
    }

    #[test]
    fn heading_ids_come_from_anchors_then_slugs_then_the_caller() {
        assert_eq!(
            html("## <a name=\"x-1\"></a>Код ошибки\n"),
            "<h2 id=\"x-1\">Код ошибки</h2>\n"
        );
        assert_eq!(
            html("## Other error codes\n"),
            "<h2 id=\"other-error-codes\">Other error codes</h2>\n"
        );
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |_: &str, _| String::new();
        let ids = ["given".to_owned()];
        let opts = RenderOptions {
            heading_ids: &ids,
            ..opts(&mut keep, &mut include)
        };
        let out = render("# A\n## B\n", opts);
        assert_eq!(out, "<h1 id=\"given\">A</h1>\n<h2 id=\"b\">B</h2>\n");
    }

    #[test]
    fn the_title_heading_can_be_left_to_the_template() {
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |_: &str, _| String::new();
        let ids = ["t".to_owned(), "s".to_owned()];
        let opts = RenderOptions {
            heading_ids: &ids,
            skip_title: true,
            ..opts(&mut keep, &mut include)
        };
        assert_eq!(
            render("# <a name=\"t\"></a>Title\n\nText\n\n## Sub\n", opts),
            "<p>Text</p>\n<h2 id=\"s\">Sub</h2>\n"
        );
    }

    #[test]
    fn raw_html_is_sanitized_to_an_allow_list() {
        // (Markdown, HTML): every link target is kept by the resolver here, so what goes is
        // the sanitizer's doing.
        let cases: &[(&str, &str)] = &[
            // Formatting is kept.
            (
                "a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <sub>2</sub> <sup>3</sup> <kbd>Ctrl</kbd> <code>c</code><br>z\n",
                "<p>a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <sub>2</sub> <sup>3</sup> <kbd>Ctrl</kbd> <code>c</code><br>z</p>\n",
            ),
            (
                "<span title=\"t\" lang=\"en\" class=\"seg x\" onmouseover=\"alert(1)\" style=\"color:red\">s</span>\n",
                "<p><span title=\"t\" lang=\"en\" class=\"seg\">s</span></p>\n",
            ),
            (
                "<table><tr><td colspan=\"2\" style=\"x\" onclick=\"alert(1)\">c</td></tr></table>\n",
                "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>\n",
            ),
            (
                "<details open ontoggle=\"alert(1)\"><summary>S</summary>body</details>\n",
                "<details open=\"\"><summary>S</summary>body</details>\n",
            ),
            // Script and style go with their content, inside text or as a block, any case.
            ("a <script>alert(1)</script> b\n", "<p>a  b</p>\n"),
            ("a <SCRIPT>alert(1)</SCRIPT> b\n", "<p>a  b</p>\n"),
            ("<script>alert(1)</script>\n", "\n"),
            ("<style>@import url(https://evil.example/x.css);</style>after\n", "after\n"),
            // Event handlers and styles go; images keep a web or relative source only.
            ("<img src=x onerror=alert(1)>\n", "<img src=\"x\">\n"),
            (
                "<IMG SRC=\"https://example.com/a.png\" ONERROR=\"alert(1)\" alt=A style=\"x\">\n",
                "<img src=\"https://example.com/a.png\" alt=\"A\">\n",
            ),
            (
                "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\" alt=\"d\">\n",
                "<img alt=\"d\">\n",
            ),
            (
                "<img src=\"javascript:alert(1)\" srcset=\"javascript:alert(2) 1x\" alt=\"j\">\n",
                "<img alt=\"j\">\n",
            ),
            // Links keep web, mail, relative and fragment targets, with rel=noopener.
            (
                "<a href=\"https://example.com/\" onclick=\"alert(1)\" target=\"_blank\">w</a> <a href=\"mailto:a@example.com\">m</a> <a href=\"#f\">f</a> <a href=\"../r/\">r</a>\n",
                "<p><a href=\"https://example.com/\" rel=\"noopener noreferrer\">w</a> <a href=\"mailto:a@example.com\" rel=\"noopener noreferrer\">m</a> <a href=\"#f\" rel=\"noopener noreferrer\">f</a> <a href=\"../r/\" rel=\"noopener noreferrer\">r</a></p>\n",
            ),
            // Script URLs go however they are written.
            ("<a href=\"javascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\" javascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"JaVaScRiPt:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"java&#x09;script:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"vbscript:msgbox(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            (
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>\n",
                "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
            ),
            // Embedding, SVG, MathML, forms and document-level elements go.
            ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>x\n", "x\n"),
            ("<svg onload=alert(1)><script>alert(2)</script></svg> x\n", "<p> x</p>\n"),
            (
                "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math> x\n",
                "<p> x</p>\n",
            ),
            (
                "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(2)\">x\n",
                "<p>x</p>\n",
            ),
            (
                "<base href=\"javascript:alert(1)//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(2)\"><link rel=\"stylesheet\" href=\"x.css\">x\n",
                "x\n",
            ),
            (
                "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">Go</button></form>\n",
                "Go\n",
            ),
            // Markup that hides in text stays text.
            (
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>\n",
                "<p>&lt;p title=\"<img src=\"x\">\"&gt;</p>\n",
            ),
            // Markup cannot close the page's elements.
            ("</div></main><b>x</b>\n", "<b>x</b>\n"),
            // The anchors documentation uses are kept.
            (
                "<a name=\"top\"></a> <b>b</b>\n",
                "<p><a id=\"top\" rel=\"noopener noreferrer\"></a> <b>b</b></p>\n",
            ),
        ];
        let mut failures = Vec::new();
        for &(md, want) in cases {
            let got = html(md);
            if got != want {
                failures.push(format!("{md:?}\n   want {want:?}\n    got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn strip_inline_skips_the_parser_only_where_it_changes_nothing() {
        let seed = include_str!("../content/sv-SE/mail-flow-intelligence-in-eop.md");
        let split = crate::frontmatter::split("t.md", seed).unwrap();
        let parsed = crate::segments::parse("t.md", split.body, split.body_offset);
        let mut texts: Vec<&str> = parsed
            .segments
            .iter()
            .flat_map(|s| [s.local.as_deref(), s.english.as_deref()])
            .flatten()
            .collect();
        texts.extend([
            "  two  spaces\tand a tab ",
            "1. a list",
            "# heading",
            "a *b* [c](d) `e` <f> &amp; g_h ~~i~~ | j",
            "",
        ]);
        assert!(texts.len() > 150);
        for text in texts {
            let parsed = plain_text(text);
            let want = if parsed.is_empty() {
                collapse_whitespace(text)
            } else {
                parsed
            };
            assert_eq!(strip_inline(text), want, "{text:?}");
        }
    }

    #[test]
    fn placeholders_in_angle_brackets_are_text() {
        assert_eq!(
            html("Activate <app> with <UserName> and </Identity>.\n"),
            "<p>Activate &lt;app&gt; with &lt;UserName&gt; and &lt;/Identity&gt;.</p>\n"
        );
        // Elements are markup, for the sanitizer, whatever their case.
        for tag in [
            "<SCRIPT>",
            "<svg onload=x>",
            "</B>",
            "<img src=x>",
            "<!-- c -->",
        ] {
            assert!(!is_placeholder(tag), "{tag}");
        }
        assert!(is_placeholder("<PublicFolderIdentity>") && is_placeholder("<app/>"));
    }

    #[test]
    fn pages_without_raw_html_are_not_sanitized() {
        // ammonia would add `rel` and write `<hr>`: this output did not go through it.
        assert_eq!(
            html("[a](https://example.com/)<br>b <a name=\"x\"></a>\n\n---\n"),
            "<p><a href=\"https://example.com/\">a</a><br>b <a id=\"x\"></a></p>\n<hr />\n"
        );
    }

    #[test]
    fn what_the_renderer_writes_survives_the_sanitizer() {
        let md = "# <a name=\"t\"></a><b>Title</b>\n\n> [!WARNING]\n> Careful <kbd>x</kbd>.\n\n\
                  | a | b |\n|---|--:|\n| 4.4.316 | [l](a.md) ![i](gone.png) |\n\n\
                  ```sh\nrm\n```\n\n3. three\n\n[!INCLUDE [t](x.md)]\n\n[!VIDEO https://v.example.com/1]\n";
        let mut resolve = |l: LinkRef<'_>| match l.dest {
            "a.md" => LinkAction::Url("../a/".into()),
            d if d.starts_with("https:") => LinkAction::Url(d.into()),
            _ => LinkAction::Missing,
        };
        let mut include =
            |_: &str, _| "<div class=\"include\" lang=\"en\">\n<p>Inc</p>\n</div>\n".to_owned();
        let opts = RenderOptions {
            alert_label: &|k| format!("[{k}]"),
            code_link: &|code| Some(format!("../codes/{code}/")),
            ..opts(&mut resolve, &mut include)
        };
        assert_eq!(
            render(md, opts),
            "<h1 id=\"t\"><b>Title</b></h1>\n\
             <div class=\"callout warning\" role=\"note\"><p class=\"callout-title\">[warning]</p>\n<p>Careful <kbd>x</kbd>.</p>\n</div>\n\
             <div class=\"table-wrap\"><table><thead><tr><th>a</th><th class=\"align-right\">b</th></tr></thead><tbody>\n\
             <tr><td><a class=\"code-ref\" href=\"../codes/4.4.316/\" rel=\"noopener noreferrer\">4.4.316</a></td>\
             <td class=\"align-right\"><a href=\"../a/\" rel=\"noopener noreferrer\">l</a> <span class=\"media-missing\">i</span></td></tr>\n\
             </tbody></table>\n</div>\n\
             <pre><code class=\"language-sh\">rm\n</code></pre>\n<ol start=\"3\">\n<li>three</li>\n</ol>\n\
             <div class=\"include\" lang=\"en\">\n<p>Inc</p>\n</div>\n\
             <div class=\"video\"><a class=\"video-link\" href=\"https://v.example.com/1\" rel=\"noopener noreferrer\">\
             <span class=\"video-label\">video</span> <span class=\"video-url\">v.example.com/1</span></a></div>\n"
        );
    }

    #[test]
    fn payloads_in_either_half_of_a_sentence_are_removed_and_the_sentence_kept() {
        // A translated sentence (its English original in `title`) and a sentence shown in
        // English because its localized half is empty.
        let md = "Bild <img src=x onerror=\"window.__xss=1\"> slut. Image <img src=x onerror=\"window.__xss=2\"> end.\n";
        let at = |s: &str| md.find(s).unwrap()..md.find(s).unwrap() + s.len();
        let marks = [
            Mark {
                range: at("Bild <img src=x onerror=\"window.__xss=1\"> slut."),
                english: strip_inline("Image <img src=x onerror=\"window.__xss=3\"> \"end\"."),
                fallback: false,
            },
            Mark {
                range: at("Image <img src=x onerror=\"window.__xss=2\"> end."),
                english: "Image end.".into(),
                fallback: true,
            },
        ];
        let mut resolve = |_: LinkRef<'_>| LinkAction::Missing;
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            fallback_title: "<script>x</script>",
            ..opts(&mut resolve, &mut include)
        };
        assert_eq!(
            render(md, opts),
            "<p><span class=\"seg\" title=\"Image &quot;end&quot;.\">Bild <img> slut.</span> \
             <span class=\"seg fallback\" lang=\"en\" title=\"&lt;script&gt;x&lt;/script&gt;\">Image <img> end.</span></p>\n"
        );
    }

    #[test]
    fn raw_html_urls_are_resolved_like_markdown_targets() {
        let mut seen = Vec::new();
        let mut resolve = |l: LinkRef<'_>| {
            seen.push((l.dest.to_owned(), l.kind == Target::Image));
            match l.dest {
                "a.md" => LinkAction::Url("../a/".into()),
                "media/i.png" => LinkAction::Url("../media/i.png".into()),
                "javascript:alert(1)" => LinkAction::Drop,
                _ => LinkAction::Missing,
            }
        };
        let mut include = |_: &str, _| String::new();
        let md = "<a href=\"a.md\" title=\"t\">A</a> <A HREF=a.md href=b.md>B</A> \
                  <a href='javascript:alert(1)'>J</a> <a href=gone.md>G</a> \
                  <img alt=\"i\" src=\"media/i.png\"> <img src=\"gone.png\" alt=\"g\"> \
                  <noscript><p title=\"</noscript><img src=gone.png alt=n>\"></noscript>\n";
        let opts = RenderOptions {
            ..opts(&mut resolve, &mut include)
        };
        assert_eq!(
            render(md, opts),
            "<p><a href=\"../a/\" title=\"t\" rel=\"noopener noreferrer\">A</a> \
             <a href=\"../a/\" rel=\"noopener noreferrer\">B</a> \
             <a rel=\"noopener noreferrer\">J</a> \
             <a href=\"gone.md\" rel=\"noopener noreferrer\">G</a> \
             <img alt=\"i\" src=\"../media/i.png\"> <img alt=\"g\"> \
             &lt;p title=\"<img alt=\"n\">\"&gt;</p>\n"
        );
        assert_eq!(
            seen,
            [
                ("a.md".to_owned(), false),
                ("a.md".to_owned(), false),
                ("javascript:alert(1)".to_owned(), false),
                ("gone.md".to_owned(), false),
                ("media/i.png".to_owned(), true),
                ("gone.png".to_owned(), true),
                ("gone.png".to_owned(), true),
            ]
        );
    }

    #[test]
    fn email_autolinks_stay_mailto_links() {
        // A resolver that makes targets without a scheme absolute, as `docs_base_url` does.
        let mut resolve = |l: LinkRef<'_>| match l.dest.contains(':') {
            true => LinkAction::Url(l.dest.to_owned()),
            false => LinkAction::Url(format!("https://docs.example.com/kb/{}", l.dest)),
        };
        let mut include = |_: &str, _| String::new();
        assert_eq!(
            render(
                "Write to <user@example.com> or [us](team.md).\n",
                opts(&mut resolve, &mut include)
            ),
            "<p>Write to <a href=\"mailto:user@example.com\">user@example.com</a> or \
             <a href=\"https://docs.example.com/kb/team.md\">us</a>.</p>\n"
        );
    }

    #[test]
    fn alerts_become_localized_callouts() {
        assert_eq!(
            html("> [!NOTE]\n> Careful.\n"),
            "<div class=\"callout note\" role=\"note\"><p class=\"callout-title\">[note]</p>\n<p>Careful.</p>\n</div>\n"
        );
    }

    #[test]
    fn resolver_rewrites_drops_and_marks_missing() {
        let mut resolve = |l: LinkRef<'_>| match l.dest {
            "a.md" => LinkAction::Url("../a/".into()),
            "javascript:alert(1)" => LinkAction::Drop,
            _ => LinkAction::Missing,
        };
        let md = "[A](a.md) [X](javascript:alert(1)) ![Icon](gone.gif) [B](b.md)\n";
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            ..opts(&mut resolve, &mut include)
        };
        let out = render(md, opts);
        assert_eq!(
            out,
            "<p><a href=\"../a/\">A</a> <span class=\"link-removed\">X</span> <span class=\"media-missing\">Icon</span> <a href=\"b.md\">B</a></p>\n"
        );
    }

    #[test]
    fn blocks_give_top_level_outline_with_anchors() {
        let md = "# <a name=\"t\"></a>Title\n\nPara **one**.\n\n- a\n- b\n\n## Sub\n";
        let b = blocks(md);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::List,
                BlockKind::Heading(2)
            ]
        );
        assert_eq!(b[0].anchor.as_deref(), Some("t"));
        assert_eq!(b[0].text, "Title");
        assert_eq!(b[1].text, "Para one.");
        assert_eq!(&md[b[2].range.clone()], "- a\n- b\n\n");
    }

    /// Blocks of every kind, and the ways they go wrong when cut out of their text: lists
    /// that go on after a blank line, fenced and HTML blocks that span one or never end,
    /// link references, setext underlines, lazy lines, tables, block quotes.
    const PIECES: [&str; 34] = [
        "# <a name=\"t\"></a>Title",
        "## Error code 5.7.1 relay denied",
        "Para **one** and `code`.",
        "A [link][ref] and [other](b.md).",
        "[ref]: https://example.com",
        "Setext\n===",
        "Text\n---",
        "---",
        "- a\n- b",
        "- item\n\n  continued",
        "1. one\n2. two",
        "  indented para",
        "    code block",
        "```\nfenced\n\nstill fenced\n```",
        "```\nnever closed",
        "<!-- comment\n\nstill comment -->",
        "<div>\nhtml block\n</div>",
        "<script>\nvar x;\n\ny();\n</script>",
        "> quote\n> more",
        "> [!NOTE]\n> alert",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "lazy\ncontinued line",
        "Paragraph with <script>inline</script> tag.",
        "[!INCLUDE [t](../includes/x.md)]",
        "trailing spaces  ",
        "==",
        "~~struck~~ text",
        "\\",
        "   ",
        "*",
        "Line\r\nwith CRLF\r\n\r\nnext",
        "+ plus",
        "Ordinary sentence one. Ordinary sentence two.",
        "Ändrad mening på svenska.",
    ];

    /// A small deterministic generator (xorshift), for the randomized tests.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn text(pieces: &[&str], seps: &[&str]) -> String {
        let mut out = String::new();
        for (i, piece) in pieces.iter().enumerate() {
            out.push_str(piece);
            out.push_str(seps[i % seps.len()]);
        }
        out
    }

    const ROUNDS: usize = 5_000;

    #[test]
    fn texts_are_cut_after_blank_lines() {
        fn slow(text: &str) -> Vec<usize> {
            let b = text.as_bytes();
            let mut cuts = vec![0];
            for i in 2..b.len() {
                if b[i - 2] == b'\n' && b[i - 1] == b'\n' && b[i] != b'\n' {
                    cuts.push(i);
                }
            }
            cuts.push(b.len());
            cuts
        }
        assert_eq!(parts("a\n\nb\n\n\nc\n"), [0, 3, 7, 9]);
        assert_eq!(parts("\n\n"), [0, 2]);
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let text: String = (0..rng.below(40))
                .map(|_| ['\n', 'a', 'ж', '\r', ' '][rng.below(5)])
                .collect();
            assert_eq!(parts(&text), slow(&text), "{text:?}");
        }
    }

    #[test]
    fn outlines_made_from_another_version_are_the_outlines() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let seps = ["\n\n", "\n", "\n\n\n", "\n \n", ""];
        let mut reused = 0;
        for _ in 0..ROUNDS {
            let n = 1 + rng.below(30);
            // Mostly paragraphs and headings, as articles are, so that parts are kept.
            let pick = |rng: &mut Rng| {
                if rng.below(3) == 0 {
                    PIECES[rng.below(PIECES.len())]
                } else {
                    PIECES[[0, 1, 2, 21, 23, 32, 33][rng.below(7)]]
                }
            };
            let old_pieces: Vec<&str> = (0..n).map(|_| pick(&mut rng)).collect();
            let mut new_pieces = old_pieces.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(new_pieces.len() + 1);
                match rng.below(3) {
                    0 => new_pieces.insert(at, pick(&mut rng)),
                    1 if at < new_pieces.len() => new_pieces[at] = pick(&mut rng),
                    _ if at < new_pieces.len() && new_pieces.len() > 1 => {
                        new_pieces.remove(at);
                    }
                    _ => {}
                }
            }
            let old_seps: Vec<&str> = (0..3).map(|_| seps[rng.below(seps.len())]).collect();
            let new_seps = if rng.below(4) == 0 {
                (0..3).map(|_| seps[rng.below(seps.len())]).collect()
            } else {
                old_seps.clone()
            };
            let (old, new) = (text(&old_pieces, &old_seps), text(&new_pieces, &new_seps));
            let old_outline = outline(&old);
            let want = outline(&new);
            reused += usize::from(reuse(&new, &old, &old_outline).is_some());
            assert_eq!(
                outline_like(&new, &old, &old_outline),
                want,
                "old: {old:?}\nnew: {new:?}"
            );
        }
        // The test means something only if the outlines are made from parts most of the time.
        assert!(reused > ROUNDS / 10, "{reused}");
    }

    #[test]
    fn include_paragraphs_are_replaced_never_shown_as_text() {
        assert_eq!(
            include_target("[!INCLUDE [Rebranding](../includes/x.md)]\n"),
            Some("../includes/x.md")
        );
        assert_eq!(include_target("[!INCLUDE[t](a.md)]"), Some("a.md"));
        assert_eq!(include_target("See [!INCLUDE [t](a.md)]"), None);
        assert_eq!(
            html("A\n\n[!INCLUDE [T](../i/x.md)]\n\nB\n"),
            "<p>A</p>\n<included ../i/x.md>\n<p>B</p>\n"
        );
        let kinds: Vec<BlockKind> = blocks("[!INCLUDE [T](x.md)]\n")
            .iter()
            .map(|b| b.kind)
            .collect();
        assert_eq!(kinds, [BlockKind::Include]);
    }

    #[test]
    fn sentences_are_wrapped_with_their_english_and_fallbacks_are_marked() {
        let md = "Första [länk](a.md) meningen. Andra.\n\n- Tredje\n";
        let mark = |range: Range<usize>, english: &str, fallback| Mark {
            range,
            english: english.into(),
            fallback,
        };
        let at = |s: &str| md.find(s).unwrap()..md.find(s).unwrap() + s.len();
        let marks = [
            mark(
                at("Första [länk](a.md) meningen."),
                "First \"link\" sentence.",
                false,
            ),
            mark(at("Andra."), "Second.", true),
            mark(at("Tredje"), "Third", false),
        ];
        let mut ranges = Vec::new();
        let mut resolve = |l: LinkRef<'_>| {
            ranges.push(l.range.clone());
            LinkAction::Url("../a/".into())
        };
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            fallback_title: "Not translated",
            ..opts(&mut resolve, &mut include)
        };
        let out = render(md, opts);
        assert_eq!(
            out,
            "<p><span class=\"seg\" title=\"First &quot;link&quot; sentence.\">Första <a href=\"../a/\">länk</a> meningen.</span> \
             <span class=\"seg fallback\" lang=\"en\" title=\"Not translated\">Andra.</span></p>\n<ul>\n<li><span class=\"seg\" title=\"Third\">Tredje</span></li>\n</ul>\n"
        );
        // Link positions are reported in the unmarked Markdown.
        assert_eq!(ranges, [at("[länk](a.md)")]);
    }

    #[test]
    fn a_sentence_across_elements_is_left_unwrapped() {
        let md = "**bold start** end\n";
        let marks = [Mark {
            range: 2..18,
            english: "x".into(),
            fallback: false,
        }];
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            ..opts(&mut keep, &mut include)
        };
        assert_eq!(render(md, opts), "<p><strong>bold start</strong> end</p>\n");
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Error code: 450 4.4.312 DNS query failed"),
            "error-code-450-4-4-312-dns-query-failed"
        );
        assert_eq!(slug("Коды других ошибок"), "коды-других-ошибок");
        assert_eq!(slug("!!!"), "section");
    }
}
