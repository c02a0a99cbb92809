//! The renderer's face: what [`render`] and [`render_blocks`] take from their caller
//! ([`RenderOptions`], the link resolver's [`LinkRef`] and [`LinkAction`]) and what they give back
//! ([`Rendered`], [`Problem`]).

use std::cell::Cell;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::finish::{finish, Finish, Tracked};
use super::marks::{insert_marks, is_marker, mark_open, strip_markers, Mark, Own, MARKER_LEN};
use super::outline::include_target;
use super::placeholder::is_placeholder;
use super::raw_html::{anchor, resolve_raw_urls, Anchor};
use super::rewrite::{alert, heading_id_from, mailto, push_text, with_dest};
use super::{escape, ids, options, table, video};

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
