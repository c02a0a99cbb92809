//! [`render`] and [`render_blocks`]: the renderer's pass over pulldown-cmark's events: one method per kind of event (headings,
//! include and video lines, alerts, tables, links, raw HTML, text with its sentence markers),
//! each rewriting it into the events the HTML writer gets, and recording where top-level
//! blocks and raw HTML start for [`finish`](super::finish).

use std::ops::Range;

use pulldown_cmark::{Alignment, BlockQuoteKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::finish::{finish, write, Finish};
use super::marks::{insert_marks, is_marker, mark_open, strip_markers, Mark, Own, MARKER_LEN};
use super::outline::include_target;
use super::placeholder::is_placeholder;
use super::raw_html::{anchor, resolve_raw_urls, Anchor};
use super::render::{LinkAction, LinkRef, RenderOptions, Rendered, Target};
use super::rewrite::{alert, heading_id_from, mailto, push_text, with_dest};
use super::{escape, ids, options, table, video};

/// Renders `md` to HTML.
pub fn render(md: &str, opts: RenderOptions<'_>) -> String {
    render_blocks(md, opts).html
}

/// Renders `md` to HTML, keeping where each top-level block's HTML starts.
pub fn render_blocks(md: &str, opts: RenderOptions<'_>) -> Rendered {
    let (marks, marks_offset) = (opts.marks, opts.marks_offset);
    let (marked, inserted) = if marks.is_empty() {
        (String::new(), Vec::new())
    } else {
        insert_marks(md, marks, marks_offset)
    };
    let source: &str = if marks.is_empty() { md } else { &marked };
    let mut renderer = Renderer::new(source, &inserted, opts);
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        renderer.event(event, range);
    }
    let Renderer {
        events,
        starts,
        raw_events,
        raw_html,
        ids,
        ..
    } = renderer;
    let (html, blocks, raw_starts) = write(md.len(), events, starts, raw_events);
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

/// The state of one page's pass: the caller's options, the (marked) Markdown and the events
/// written so far.
pub(super) struct Renderer<'s, 'a> {
    heading_ids: &'a [String],
    alert_label: &'a dyn Fn(&str) -> String,
    video_label: &'a str,
    resolve: &'a mut dyn FnMut(LinkRef<'_>) -> LinkAction,
    include: &'a mut dyn FnMut(&str, Range<usize>) -> String,
    marks: &'a [Mark],
    fallback_title: &'a str,
    code_link: &'a dyn Fn(&str) -> Option<String>,
    /// The Markdown parsed: with the sentence markers when there are marks.
    source: &'s str,
    /// Where the markers are in `source`.
    inserted: &'s [usize],
    pub(super) ids: ids::Ids<'a>,
    /// Open sentence spans: (placeholder event index, mark index, depth at the opening).
    open_marks: Vec<(usize, usize, usize)>,
    depth: usize,
    title_pending: bool,
    in_title: bool,
    pub(super) events: Vec<Event<'s>>,
    heading_index: usize,
    heading_start: Option<usize>,
    /// For each open link/image: whether its Start was replaced (so the End must be too).
    link_stack: Vec<Option<&'static str>>,
    /// The depth of a block replaced as a whole (an include or video line), while inside it.
    replaced: Option<usize>,
    cells: table::Cells,
    /// Whether the Markdown has raw HTML besides anchors and line breaks: only then is the
    /// page sanitized.
    pub(super) raw_html: bool,
    /// The events of raw HTML and where they are in the Markdown.
    pub(super) raw_events: Vec<(usize, Range<usize>)>,
    /// Each top-level block: its range in the Markdown and its first event.
    pub(super) starts: Vec<(Range<usize>, usize)>,
}

impl<'s, 'a> Renderer<'s, 'a> {
    /// A pass over `source`, the Markdown with markers at `inserted` (none without marks).
    pub(super) fn new(source: &'s str, inserted: &'s [usize], opts: RenderOptions<'a>) -> Self {
        Renderer {
            heading_ids: opts.heading_ids,
            alert_label: opts.alert_label,
            video_label: opts.video_label,
            resolve: opts.resolve,
            include: opts.include,
            marks: opts.marks,
            fallback_title: opts.fallback_title,
            code_link: opts.code_link,
            source,
            inserted,
            ids: ids::Ids::new(opts.reserved_ids, opts.heading_ids),
            open_marks: Vec::new(),
            depth: 0,
            title_pending: opts.skip_title,
            in_title: false,
            // About an event per 16 bytes of documentation Markdown (text, sentence spans,
            // tags): growing from empty copied the events of every page several times.
            events: Vec::with_capacity(source.len() / 16),
            heading_index: 0,
            heading_start: None,
            link_stack: Vec::new(),
            replaced: None,
            cells: table::Cells::default(),
            raw_html: false,
            raw_events: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// Maps a range of `source` back to the Markdown (every marker has the same length).
    fn unmark(&self, r: Range<usize>) -> Range<usize> {
        let unmark =
            |offset: usize| offset - self.inserted.partition_point(|&p| p < offset) * MARKER_LEN;
        unmark(r.start)..unmark(r.end)
    }

    /// The markers kbsite inserted in an event's text from `source[range]`.
    fn own(&self, range: Range<usize>) -> Own<'s> {
        Own {
            source: self.source,
            range,
            inserted: self.inserted,
        }
    }

    /// Takes the parser's next event, from `source[range]`.
    pub(super) fn event(&mut self, event: Event<'s>, range: Range<usize>) {
        let event = if self.marks.is_empty() {
            event
        } else {
            strip_markers(event, self.own(range.clone()))
        };
        self.track_depth(&event, &range);
        if self.skipped(&event) {
            return;
        }
        let source = self.source;
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) if self.title_pending => self.skip_title(),
            Event::Start(Tag::Paragraph) if include_target(&source[range.clone()]).is_some() => {
                self.include_line(range)
            }
            Event::Start(Tag::Paragraph | Tag::BlockQuote(None))
                if video::target(&source[range.clone()]).is_some() =>
            {
                self.video_line(range)
            }
            Event::Start(tag @ Tag::Heading { .. }) => self.heading_start(tag),
            Event::End(TagEnd::Heading(level)) => self.heading_end(level, range),
            Event::Start(Tag::BlockQuote(Some(kind))) => self.callout(kind),
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.events.push(Event::Html("</div>\n".into()))
            }
            Event::Start(Tag::Table(align)) => self.table_start(align),
            event @ (Event::Start(Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::TableHead | TagEnd::TableCell)) => {
                let event = self.cells.event(event);
                self.events.push(event);
            }
            Event::End(TagEnd::Table) => self.table_end(),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                self.link_start(tag, range)
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => self.link_end(end),
            Event::Html(html) | Event::InlineHtml(html) => self.html(html, range),
            Event::Text(text) => self.text(text, range),
            other => self.events.push(other),
        }
    }

    /// Counts open elements, and notes where each top-level block starts.
    fn track_depth(&mut self, event: &Event<'_>, range: &Range<usize>) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth == 1 {
                    let start = (self.unmark(range.clone()), self.events.len());
                    self.starts.push(start);
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Whether `event` is inside a block replaced as a whole or the title left out, and so
    /// dropped (noting where that ends).
    fn skipped(&mut self, event: &Event<'_>) -> bool {
        if let Some(at) = self.replaced {
            self.replaced = self.replaced.filter(|_| self.depth >= at);
            return true;
        }
        if self.in_title {
            self.in_title = !matches!(event, Event::End(TagEnd::Heading(_)));
            return true;
        }
        false
    }

    /// The first level-1 heading, left to the template.
    fn skip_title(&mut self) {
        self.title_pending = false;
        self.in_title = true;
        self.heading_index += 1;
    }

    /// A DocFX include paragraph: the caller's HTML in its place.
    fn include_line(&mut self, range: Range<usize>) {
        let target = include_target(&self.source[range.clone()]).unwrap_or_default();
        let target: String = target.chars().filter(|&c| !is_marker(c)).collect();
        let range = self.unmark(range);
        let html = (self.include)(&target, range);
        self.events.push(Event::Html(html.into()));
        self.replaced = Some(self.depth);
    }

    /// A DocFX video line: a link card to its resolved URL.
    fn video_line(&mut self, range: Range<usize>) {
        let source = self.source;
        let url = video::target(&source[range.clone()]).unwrap_or_default();
        // Reported on its line, not the line break after it.
        let line = self.unmark(range.start..range.start + source[range].trim_end().len());
        let href = match (self.resolve)(LinkRef {
            dest: url,
            range: line,
            kind: Target::Video,
        }) {
            LinkAction::Url(href) => Some(href),
            LinkAction::Missing | LinkAction::Drop => None,
        };
        let card = video::card(url, href.as_deref(), self.video_label);
        self.events.push(Event::Html(card.into()));
        self.replaced = Some(self.depth);
    }

    /// A heading opens; its id is set when it closes.
    fn heading_start(&mut self, tag: Tag<'s>) {
        self.title_pending = false;
        self.heading_start = Some(self.events.len());
        self.events.push(Event::Start(tag));
    }

    /// A heading closes: its id is the caller's, else its anchor or a slug of its text.
    fn heading_end(&mut self, level: HeadingLevel, range: Range<usize>) {
        if let Some(start) = self.heading_start.take() {
            let id = match self.heading_ids.get(self.heading_index) {
                Some(id) => id.clone(),
                None => heading_id_from(&self.events[start..]),
            };
            let range = self.unmark(range);
            self.ids.heading(&id, range);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[start] {
                *slot = Some(CowStr::from(id));
            }
            self.heading_index += 1;
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A GFM/DocFX alert opens as a callout with its localized label.
    fn callout(&mut self, kind: BlockQuoteKind) {
        let (class, key) = alert(kind);
        let label = (self.alert_label)(key);
        self.events.push(Event::Html(
            format!("<div class=\"callout {class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n").into(),
        ));
    }

    /// A table opens inside its scrolling wrapper.
    fn table_start(&mut self, align: Vec<Alignment>) {
        self.events
            .push(Event::Html("<div class=\"table-wrap\">".into()));
        let event = self.cells.event(Event::Start(Tag::Table(align)));
        self.events.push(event);
    }

    /// A table closes, and its wrapper.
    fn table_end(&mut self) {
        self.events.push(Event::End(TagEnd::Table));
        self.events.push(Event::Html("</div>\n".into()));
    }

    /// A link or image opens: resolved, kept as it is, or replaced by a span of its text.
    fn link_start(&mut self, tag: Tag<'s>, range: Range<usize>) {
        let tag = mailto(tag);
        let image = matches!(tag, Tag::Image { .. });
        let (Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &tag else {
            unreachable!("matched a link or image")
        };
        let range = self.unmark(range);
        match (self.resolve)(LinkRef {
            dest: dest_url,
            range,
            kind: if image { Target::Image } else { Target::Link },
        }) {
            LinkAction::Url(url) => {
                self.link_stack.push(None);
                self.events.push(Event::Start(with_dest(tag, url)));
            }
            LinkAction::Missing if !image => {
                self.link_stack.push(None);
                self.events.push(Event::Start(tag));
            }
            _ => {
                let class = if image {
                    "media-missing"
                } else {
                    "link-removed"
                };
                self.link_stack.push(Some("</span>"));
                self.events
                    .push(Event::Html(format!("<span class=\"{class}\">").into()));
            }
        }
    }

    /// A link or image closes the way it opened.
    fn link_end(&mut self, end: TagEnd) {
        match self.link_stack.pop().flatten() {
            Some(close) => self.events.push(Event::Html(close.into())),
            None => self.events.push(Event::End(end)),
        }
    }

    /// Raw HTML: anchors and line breaks written by kbsite, placeholders as text, anything
    /// else kept (its ids claimed and its targets resolved) for the sanitizer.
    fn html(&mut self, html: CowStr<'s>, range: Range<usize>) {
        let range = self.unmark(range);
        match anchor(&html) {
            // Anchors inside headings become the heading id; elsewhere, an empty target.
            Some(Anchor::Open(name)) if self.heading_start.is_some() => {
                self.events.push(Event::InlineHtml(
                    format!("<!--a:{}-->", escape(&name)).into(),
                ));
            }
            Some(Anchor::Open(name)) => {
                let id = self.ids.claim(&name, range);
                self.events.push(Event::Html(
                    format!("<a id=\"{}\"></a>", escape(&id)).into(),
                ));
            }
            // The `</a>` of an anchor is dropped; after raw HTML it may close a raw link
            // (a stray one is ignored when the page is sanitized).
            Some(Anchor::Close) if self.raw_html => self.events.push(Event::Html(html)),
            Some(Anchor::Close) => {}
            Some(Anchor::Break) => self.events.push(Event::Html("<br>".into())),
            // `<app>`, `<PublicFolderIdentity>`: a placeholder in angle brackets, not an
            // element; it is text the reader must see.
            None if is_placeholder(&html) => self.events.push(Event::Text(html)),
            None => {
                self.raw_html = true;
                self.raw_events.push((self.events.len(), range.clone()));
                let html = self.ids.raw(&html, range.clone());
                let html = resolve_raw_urls(&html, range, &mut *self.resolve);
                self.events.push(Event::Html(html.into()));
            }
        }
    }

    /// Text: split at the sentence markers in it, with error codes linked where they can be.
    fn text(&mut self, text: CowStr<'s>, range: Range<usize>) {
        let linkable = self.link_stack.is_empty() && self.heading_start.is_none();
        let mut at = 0;
        for (i, k) in self.own(range).markers(&text) {
            if i > at {
                let part = text[at..i].to_owned().into();
                push_text(&mut self.events, part, self.code_link, linkable);
            }
            at = i + MARKER_LEN;
            self.marker(k);
        }
        if at == 0 {
            push_text(&mut self.events, text, self.code_link, linkable);
        } else if at < text.len() {
            let rest = text[at..].to_owned().into();
            push_text(&mut self.events, rest, self.code_link, linkable);
        }
    }

    /// The k-th inserted marker: it opens (k even) or closes (k odd) mark k / 2.
    fn marker(&mut self, k: usize) {
        let index = k / 2;
        if k.is_multiple_of(2) {
            if index < self.marks.len() {
                self.open_marks.push((self.events.len(), index, self.depth));
                self.events.push(Event::InlineHtml(CowStr::Borrowed("")));
            }
            return;
        }
        // Sentences opened before this one and not closed (their close was lost inside code
        // or HTML) stay unwrapped.
        while self.open_marks.last().is_some_and(|&(_, i, _)| i < index) {
            self.open_marks.pop();
        }
        if let Some(&(at, _, opened)) = self.open_marks.last().filter(|m| m.1 == index) {
            self.open_marks.pop();
            // A sentence that does not close where it opened (across elements) stays
            // unwrapped rather than produce broken HTML.
            if opened == self.depth {
                let open = mark_open(&self.marks[index], self.fallback_title);
                self.events[at] = Event::InlineHtml(open.into());
                self.events.push(Event::InlineHtml("</span>".into()));
            }
        }
    }
}
