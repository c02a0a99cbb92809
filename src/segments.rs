//! The bilingual span parser.
//!
//! Localized documentation comes with every sentence as a pair:
//!
//! ```text
//! <span data-ttu-id="X">localized</span><span class="sxs-lookup"><span data-stu-id="X">English</span></span>
//! ```
//!
//! [`parse`] turns a Markdown body into [`Segment`]s and two Markdown documents, the localized
//! one and the English one. Text outside the pairs (list markers, link targets, anchors,
//! includes, escapes) goes into both. Each segment remembers its bytes in the source and in
//! both documents, and a [`SourceMap`] maps any offset of either document back to the source,
//! so later stages can report problems at the right line and column.
//!
//! The parser is a single forward scan over `<` bytes; lookahead for recovery stops at the end
//! of the paragraph or at the next `<span`, so the whole pass is linear. Malformed input is
//! reported and recovered from, never dropped: every byte ends up in a segment, in the outside
//! text, or in a diagnostic (the stray `</span>` tags that recovery removes are each reported).
//! A blank line inside a half, which would split the pair across two Markdown blocks, is
//! collapsed to one line end and reported (`span-across-blocks`, see [`blocks`]): only
//! whitespace is dropped.

use std::borrow::Cow;
use std::ops::Range;

use crate::diagnostics::{Diagnostic, Kind};

mod blocks;
mod tags;

use tags::{tag_at, Tag, CLOSE, STU, SXS};

/// One bilingual pair.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub id: String,
    /// The localized Markdown, or `None` when only an English half was found.
    pub local: Option<String>,
    /// The English Markdown, or `None` when the `sxs-lookup` partner is missing.
    pub english: Option<String>,
    /// Bytes of the whole pair in the file.
    pub span: Range<usize>,
    /// Where this segment's text sits in [`Parsed::local`].
    pub local_out: Range<usize>,
    /// Where this segment's text sits in [`Parsed::english`].
    pub english_out: Range<usize>,
}

impl Segment {
    /// Whether the localized half has text (an empty one means "not translated yet").
    pub fn translated(&self) -> bool {
        self.local.as_deref().is_some_and(|l| !l.is_empty())
    }

    /// The English text, falling back to the localized one when the partner is missing.
    pub fn english_or_local(&self) -> &str {
        self.english
            .as_deref()
            .or(self.local.as_deref())
            .unwrap_or_default()
    }
}

/// Maps offsets of a generated document back to offsets of the source file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// `(output offset, source offset)` at the start of each contiguous run.
    runs: Vec<(usize, usize)>,
}

impl SourceMap {
    fn push(&mut self, out: usize, src: usize) {
        if let Some(&(last_out, last_src)) = self.runs.last() {
            if last_src + (out - last_out) == src {
                return;
            }
            if last_out == out {
                self.runs.pop();
            }
        }
        self.runs.push((out, src));
    }

    /// The source offset of output offset `out`.
    pub fn source_offset(&self, out: usize) -> usize {
        let i = self.runs.partition_point(|&(o, _)| o <= out);
        match i.checked_sub(1).map(|i| self.runs[i]) {
            Some((o, s)) => s + (out - o),
            None => out,
        }
    }
}

/// Appends the `pieces` of `text` to `doc`, mapping each to its source offset (`base` + piece
/// start); returns where they went in `doc`.
fn append(
    doc: &mut String,
    map: &mut SourceMap,
    text: &str,
    base: usize,
    pieces: &[Range<usize>],
) -> Range<usize> {
    let start = doc.len();
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        map.push(doc.len(), base + piece.start);
        doc.push_str(&text[piece.clone()]);
    }
    start..doc.len()
}

/// The result of parsing one body.
#[derive(Debug, Default)]
pub struct Parsed {
    pub segments: Vec<Segment>,
    /// The localized Markdown document.
    pub local: String,
    /// The English Markdown document.
    pub english: String,
    pub local_map: SourceMap,
    pub english_map: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses the body `text` of the file `path`; `base` is the byte offset of `text` in the file,
/// added to every span so diagnostics point into the file.
pub fn parse(path: &str, text: &str, base: usize) -> Parsed {
    let mut p = Parser {
        path,
        text,
        base,
        out: Parsed::default(),
        id_tags: Vec::new(),
        saw_line_end: false,
    };
    p.run();
    p.check_duplicates();
    p.out
}

struct Parser<'a> {
    path: &'a str,
    text: &'a str,
    base: usize,
    out: Parsed,
    /// For each segment in `out.segments`, the body range of the tag that carries its id.
    id_tags: Vec<Range<usize>>,
    /// Whether the half [`Parser::scan_half`] scanned last has a line end.
    saw_line_end: bool,
}

/// A half of a segment as body ranges: its text up to the first `</span>`, and the rest after a
/// stray `</span>` that recovery skipped (empty when there was none).
type Half = [Range<usize>; 2];

fn half(text: Range<usize>) -> Half {
    [text, 0..0]
}

/// A segment being parsed. Its halves are kept as body ranges so that both documents can map
/// every byte back to the source.
struct Draft {
    id: String,
    /// Body offset where the pair starts.
    start: usize,
    /// The tag that carries the id: `data-ttu-id`, or `data-stu-id` for an English-only pair.
    id_tag: Range<usize>,
    local: Option<Half>,
    english: Option<Half>,
    /// Whether a half may have a line end (one was seen, or recovery made it of two pieces).
    lines: bool,
}

impl Draft {
    fn new(id: &str, start: usize, id_tag: Range<usize>) -> Self {
        Draft {
            id: id.to_owned(),
            start,
            id_tag,
            local: None,
            english: None,
            lines: false,
        }
    }
}

/// How the scan of one half ended.
enum End {
    /// The half was closed by the `</span>` at this offset.
    Closed(usize),
    /// Another pair starts at this offset before the half was closed.
    Interrupted(usize),
    Eof,
}

impl<'a> Parser<'a> {
    fn run(&mut self) {
        let text = self.text;
        let mut outside_from = 0;
        let mut depth = 0usize; // open non-pair spans outside any pair
        let mut i = 0;
        while let Some(rel) = text[i..].find('<') {
            let at = i + rel;
            match tag_at(&text[at..]) {
                Some((Tag::Ttu(id), len)) => {
                    self.outside(outside_from..at);
                    i = self.pair(id, at, at + len);
                    outside_from = i;
                    continue;
                }
                Some((Tag::Sxs, len)) => {
                    self.outside(outside_from..at);
                    self.warn(
                        Kind::SpanNoLocal,
                        at..at + len,
                        "an English `sxs-lookup` span has no localized half before it",
                        "each sentence must be `<span data-ttu-id=\"X\">…</span>` followed by its partner",
                    );
                    let mut seg = Draft::new("", at, at..at);
                    i = self.partner(&mut seg, at);
                    // A partner without `data-stu-id` has no text: it is reported, not a segment.
                    if seg.english.is_some() {
                        self.push_segment(seg, i);
                    }
                    outside_from = i;
                    continue;
                }
                Some((Tag::Other | Tag::Stu(_), len)) => {
                    depth += 1;
                    i = at + len;
                }
                Some((Tag::Close, len)) if depth > 0 => {
                    depth -= 1;
                    i = at + len;
                }
                Some((Tag::Close, len)) => {
                    self.outside(outside_from..at);
                    self.warn(
                        Kind::SpanStrayClose,
                        at..at + len,
                        "stray `</span>` outside any segment (removed)",
                        "delete the `</span>` or add the span it was meant to close",
                    );
                    i = at + len;
                    outside_from = i;
                }
                Some((Tag::Malformed, len)) => {
                    self.malformed(at..at + len);
                    i = at + len;
                }
                None => i = at + 1,
            }
        }
        self.outside(outside_from..text.len());
    }

    /// Copies source text that belongs to no segment into both documents.
    fn outside(&mut self, range: Range<usize>) {
        let (text, base, o) = (self.text, self.base, &mut self.out);
        let pieces = std::slice::from_ref(&range);
        append(&mut o.local, &mut o.local_map, text, base, pieces);
        append(&mut o.english, &mut o.english_map, text, base, pieces);
    }

    /// Parses a pair whose `data-ttu-id` tag spans `start..content`; returns where it ends.
    fn pair(&mut self, id: &str, start: usize, content: usize) -> usize {
        let mut seg = Draft::new(id, start, start..content);
        let end = self.scan_half(content);
        seg.lines |= self.saw_line_end;
        let (local_end, next) = match end {
            End::Closed(close) => (close, close + CLOSE.len()),
            End::Interrupted(at) => {
                self.error(
                    Kind::SpanUnclosed,
                    start..content,
                    format!("segment `{id}` is not closed before the next segment starts"),
                    "close the localized text with `</span>`",
                );
                seg.local = Some(half(content..at));
                if !self.text[at..].starts_with(SXS) {
                    self.push_segment(seg, at);
                    return at;
                }
                (at, at)
            }
            End::Eof => {
                self.error(
                    Kind::SpanUnclosed,
                    start..content,
                    format!("segment `{id}` is never closed"),
                    "close the localized text with `</span>`",
                );
                let end = self.text.len();
                seg.local = Some(half(content..end));
                self.push_segment(seg, end);
                return end;
            }
        };
        let mut local = half(content..local_end);
        if self.text[next..].starts_with(SXS) {
            seg.local = Some(local);
            let end = self.partner(&mut seg, next);
            self.push_segment(seg, end);
            return end;
        }
        // A stray `</span>` inside the localized text closed it early: the real close is
        // followed by the partner later in the same paragraph, with no span in between.
        let window = self.recovery_window(next);
        let resume = next + window.len();
        let after = &self.text[resume..];
        if window.ends_with(CLOSE) && after.starts_with(SXS) && after[SXS.len()..].starts_with(STU)
        {
            self.warn(
                Kind::SpanStrayClose,
                local_end..next,
                format!(
                    "a stray `</span>` closes segment `{id}` early; its text continues after it"
                ),
                "remove the `</span>` inside the localized text",
            );
            local[1] = next..resume - CLOSE.len();
            seg.lines = true;
            seg.local = Some(local);
            let end = self.partner(&mut seg, resume);
            self.push_segment(seg, end);
            return end;
        }
        self.warn(
            Kind::SpanNoPartner,
            start..next,
            format!("segment `{id}` has no English `sxs-lookup` partner"),
            format!("follow it with `<span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">English</span></span>`"),
        );
        seg.local = Some(local);
        self.push_segment(seg, next);
        next
    }

    /// Parses an English partner starting with `<span class="sxs-lookup">` at `at`, fills in
    /// `seg.english`, and returns where the partner ends.
    fn partner(&mut self, seg: &mut Draft, at: usize) -> usize {
        let inner = at + SXS.len();
        let Some((Tag::Stu(stu_id), len)) = tag_at(&self.text[inner..]) else {
            self.error(
                Kind::SpanPartnerMalformed,
                at..inner,
                "an `sxs-lookup` span must contain a `<span data-stu-id=\"…\">`",
                "write the partner as `<span class=\"sxs-lookup\"><span data-stu-id=\"X\">English</span></span>`",
            );
            return inner;
        };
        if seg.id.is_empty() {
            seg.id = stu_id.to_owned();
            seg.id_tag = inner..inner + len;
        } else if stu_id != seg.id {
            let id = &seg.id;
            self.warn(
                Kind::SpanIdMismatch,
                inner..inner + len,
                format!("the English partner has id `{stu_id}`, but its segment is `{id}`"),
                format!("use `data-stu-id=\"{id}\"`"),
            );
        }
        let content = inner + len;
        let end = self.scan_half(content);
        seg.lines |= self.saw_line_end;
        let english_end = match end {
            End::Closed(close) => close,
            End::Interrupted(stop) => {
                self.error(
                    Kind::SpanUnclosed,
                    inner..content,
                    format!("the English text of segment `{}` is not closed", seg.id),
                    "close it with `</span></span>`",
                );
                seg.english = Some(half(content..stop));
                return stop;
            }
            End::Eof => {
                self.error(
                    Kind::SpanUnclosed,
                    inner..content,
                    format!("the English text of segment `{}` is never closed", seg.id),
                    "close it with `</span></span>`",
                );
                seg.english = Some(half(content..self.text.len()));
                return self.text.len();
            }
        };
        let mut english = half(content..english_end);
        let after = english_end + CLOSE.len();
        if self.text[after..].starts_with(CLOSE) {
            seg.english = Some(english);
            return after + CLOSE.len();
        }
        let marker = "</span></span>";
        if let Some(rel) = self.recovery_window(after).find(marker) {
            self.warn(
                Kind::SpanStrayClose,
                english_end..after,
                format!(
                    "a stray `</span>` closes the English text of segment `{}` early",
                    seg.id
                ),
                "remove the `</span>` inside the English text",
            );
            english[1] = after..after + rel;
            seg.lines = true;
            seg.english = Some(english);
            return after + rel + marker.len();
        }
        self.warn(
            Kind::SpanPartnerUnclosed,
            at..inner,
            format!(
                "the `sxs-lookup` span of segment `{}` is not closed",
                seg.id
            ),
            "close it with a second `</span>`",
        );
        seg.english = Some(english);
        after
    }

    /// Scans one half from `from`, skipping nested non-pair spans; sets `saw_line_end` when the
    /// half has a `\n` or `\r` (then [`blocks::one_block`] looks for blank lines in it).
    fn scan_half(&mut self, from: usize) -> End {
        let text = self.text;
        let mut depth = 0usize;
        let mut i = from;
        self.saw_line_end = false;
        // One search for `<` and line ends until the first line end, then for `<` alone.
        let next = |i: usize, lines: bool| match lines {
            false => memchr::memchr3(b'<', b'\n', b'\r', &text.as_bytes()[i..]),
            true => memchr::memchr(b'<', &text.as_bytes()[i..]),
        };
        while let Some(rel) = next(i, self.saw_line_end) {
            let at = i + rel;
            if text.as_bytes()[at] != b'<' {
                self.saw_line_end = true;
                i = at + 1;
                continue;
            }
            match tag_at(&text[at..]) {
                Some((Tag::Close, _)) if depth == 0 => return End::Closed(at),
                Some((Tag::Close, len)) => {
                    depth -= 1;
                    i = at + len;
                }
                Some((Tag::Other, len)) => {
                    depth += 1;
                    i = at + len;
                }
                Some((Tag::Ttu(_) | Tag::Sxs | Tag::Stu(_), _)) => return End::Interrupted(at),
                Some((Tag::Malformed, len)) => {
                    self.malformed(at..at + len);
                    i = at + len;
                }
                None => i = at + 1,
            }
        }
        End::Eof
    }

    /// The text from `from` up to the next `<span` or the end of the paragraph (a blank line),
    /// whichever comes first. Recovery never needs to look past either, and stopping there
    /// keeps the whole pass linear.
    fn recovery_window(&self, from: usize) -> &'a str {
        let rest = &self.text[from..];
        let mut i = 0;
        while let Some(rel) = rest[i..].find(['<', '\n', '\r']) {
            let at = i + rel;
            let end = if rest.as_bytes()[at] == b'<' {
                rest[at..].starts_with("<span")
            } else {
                // A line end (`\n`, `\r\n` or a lone `\r`) right after another one.
                let next = at + if rest[at..].starts_with("\r\n") { 2 } else { 1 };
                rest[next..].starts_with(['\n', '\r'])
            };
            if end {
                return &rest[..at];
            }
            i = at + 1;
        }
        rest
    }

    /// Appends a finished segment (ending at body offset `end`) to both documents.
    fn push_segment(&mut self, seg: Draft, end: usize) {
        let text = self.text;
        // Most halves are one line: only one with a line end can have a blank line.
        fn one_block<'h>(text: &str, half: &'h Half, lines: bool) -> Cow<'h, [Range<usize>]> {
            match lines {
                true => blocks::one_block(text, half),
                false => Cow::Borrowed(&half[..]),
            }
        }
        let local = seg.local.as_ref().map(|h| one_block(text, h, seg.lines));
        let english = seg.english.as_ref().map(|h| one_block(text, h, seg.lines));
        let collapsed = |h: &Option<Cow<'_, [Range<usize>]>>| matches!(h, Some(Cow::Owned(_)));
        if collapsed(&local) || collapsed(&english) {
            self.across_blocks(&seg, collapsed(&local), collapsed(&english));
        }
        let (base, o) = (self.base, &mut self.out);
        let join = |pieces: &Option<Cow<'_, [Range<usize>]>>| {
            let pieces = pieces.as_deref()?;
            // Most halves are in one piece (recovery and blank lines made the others).
            if pieces.len() == 1 || pieces[1..].iter().all(Range::is_empty) {
                return Some(text[pieces[0].clone()].to_owned());
            }
            let mut joined = String::with_capacity(pieces.iter().map(Range::len).sum());
            for piece in pieces {
                joined.push_str(&text[piece.clone()]);
            }
            Some(joined)
        };
        // An empty localized half means "not translated yet": the localized document shows the
        // English text there (the model marks it as a fallback).
        let blank = |half: &Option<Cow<'_, [Range<usize>]>>| {
            half.as_deref()
                .is_none_or(|h| h.iter().all(|p| p.is_empty()))
        };
        let local_pieces = if blank(&local) {
            english.as_deref().or(local.as_deref())
        } else {
            local.as_deref()
        };
        let english_pieces = english.as_deref().or(local.as_deref());
        let local_out = append(
            &mut o.local,
            &mut o.local_map,
            text,
            base,
            local_pieces.unwrap_or_default(),
        );
        let english_out = append(
            &mut o.english,
            &mut o.english_map,
            text,
            base,
            english_pieces.unwrap_or_default(),
        );
        o.segments.push(Segment {
            local: join(&local),
            english: join(&english),
            id: seg.id,
            span: base + seg.start..base + end,
            local_out,
            english_out,
        });
        self.id_tags.push(seg.id_tag);
    }

    /// Reports a pair with a blank line in a half, which [`blocks::one_block`] collapsed.
    fn across_blocks(&mut self, seg: &Draft, local: bool, english: bool) {
        let halves = match (local, english) {
            (true, true) => "both halves",
            (true, false) => "the localized text",
            _ => "the English text",
        };
        self.warn(
            Kind::SpanAcrossBlocks,
            seg.id_tag.clone(),
            format!(
                "segment `{}` spans two paragraphs: a blank line in {halves} (shown as a line break)",
                seg.id
            ),
            "a pair must stay in one paragraph: remove the blank line, or make the text two pairs",
        );
    }

    fn check_duplicates(&mut self) {
        // Ids are short and not chosen against us: FxHash, not SipHash (a fifth of the parse).
        let mut seen: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        seen.reserve(self.out.segments.len());
        let mut dups = Vec::new();
        for (i, seg) in self.out.segments.iter().enumerate() {
            if seg.id.is_empty() {
                continue;
            }
            if let Some(&first) = seen.get(seg.id.as_str()) {
                dups.push((i, first));
            } else {
                seen.insert(&seg.id, i);
            }
        }
        let found: Vec<Diagnostic> = dups
            .into_iter()
            .map(|(i, first)| {
                let (seg, first) = (&self.out.segments[i], &self.out.segments[first]);
                let tag = &self.id_tags[i];
                Diagnostic::new(
                    Kind::SpanDuplicateId,
                    self.path,
                    format!(
                        "segment id `{}` is used twice (first at byte {})",
                        seg.id, first.span.start
                    ),
                )
                .at(self.base + tag.start..self.base + tag.end)
                .help("every segment in a file needs its own id")
            })
            .collect();
        self.out.diagnostics.extend(found);
    }

    /// Reports a `data-ttu-id`/`data-stu-id` prefix that does not form a tag; it stays text.
    fn malformed(&mut self, span: Range<usize>) {
        self.warn(
            Kind::SpanTagMalformed,
            span,
            "this span tag is malformed and is kept as text",
            "write the tag as `<span data-ttu-id=\"X\">` (or `data-stu-id`): an id of at most 256 bytes, without quotes, `<` or line breaks",
        );
    }

    fn warn(
        &mut self,
        kind: Kind,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.base + span.start..self.base + span.end;
        self.out.diagnostics.push(
            Diagnostic::new(kind, self.path, message)
                .at(span)
                .help(help),
        );
    }

    fn error(
        &mut self,
        kind: Kind,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let span = self.base + span.start..self.base + span.end;
        self.out.diagnostics.push(
            Diagnostic::new(kind, self.path, message)
                .at(span)
                .help(help),
        );
    }
}

#[cfg(test)]
mod tests;
