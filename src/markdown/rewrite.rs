//! Rewrites of single events for the renderer: error codes in text linked to their pages,
//! e-mail autolinks as `mailto:` links, link destinations replaced, alert kinds named, and the
//! id a heading names for itself.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, LinkType, Tag};

use super::escape;
use super::plain::slug;

/// Pushes `text`, with the error codes that have a page turned into links to it.
pub(super) fn push_text<'a>(
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
/// An e-mail autolink (`<user@example.com>`) as the `mailto:` link it is, for the resolver
/// to see the scheme (pulldown-cmark's writer would add it after the resolver had taken the
/// address for a relative path); any other `tag` as it is.
pub(super) fn mailto(tag: Tag<'_>) -> Tag<'_> {
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
pub(super) fn with_dest(tag: Tag<'_>, url: String) -> Tag<'_> {
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
pub(super) fn heading_id_from(events: &[Event<'_>]) -> String {
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

pub(super) fn alert(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "note"),
        BlockQuoteKind::Tip => ("tip", "tip"),
        BlockQuoteKind::Important => ("important", "important"),
        BlockQuoteKind::Warning => ("warning", "warning"),
        BlockQuoteKind::Caution => ("caution", "caution"),
    }
}
