//! Raw HTML in Markdown: the `<a name>` anchors and `<br>` documentation uses ([`anchor`]), and
//! the link and image targets of other tags resolved like Markdown ones ([`resolve_raw_urls`]),
//! with the tag and attribute reader they and [`ids`](super::ids) share.

use std::ops::Range;

use super::escape;
use super::render::{LinkAction, LinkRef, Target};

pub(super) enum Anchor {
    Open(String),
    Close,
    Break,
}

/// Recognizes the raw HTML that documentation legitimately uses: `<a name="x">`, `<a id="x">`,
/// `</a>` and `<br>`. Everything else is shown as text.
pub(super) fn anchor(html: &str) -> Option<Anchor> {
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
pub(super) fn resolve_raw_urls(
    html: &str,
    range: Range<usize>,
    resolve: &mut dyn FnMut(LinkRef<'_>) -> LinkAction,
) -> String {
    let mut out = String::new();
    let mut copied = 0;
    // Every `<a` and `<img` counts, even inside another tag's attribute value or a raw text
    // element such as `<noscript>`: how a browser will parse those depends on their context,
    // and a target resolved needlessly does no harm.
    for tag in raw_tags(html, |name| matches!(name, "a" | "img")) {
        let (wanted, image) = if tag.name == "a" {
            ("href", false)
        } else {
            ("src", true)
        };
        // Browsers use the first of repeated attributes.
        let Some(attr) = tag
            .attrs
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

/// A tag of raw HTML: its name, lowercase, and its attributes.
pub(super) struct RawTag {
    pub(super) name: String,
    pub(super) attrs: Vec<RawAttr>,
}

/// The tags in `html` whose lowercase name `wanted` accepts, in order, with their attributes
/// ([`raw_attributes`]): the one tag reader of the raw HTML rewrites (link targets here, ids
/// in [`ids`](super::ids)). Every `<name` counts, wherever it is; the scan ends at a wanted
/// tag that does not end in `html`, whose attributes could not be told.
pub(super) fn raw_tags<'h>(
    html: &'h str,
    wanted: impl Fn(&str) -> bool + 'h,
) -> impl Iterator<Item = RawTag> + 'h {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = html[at..].find('<') {
            let name_start = at + found + 1;
            let name_end = html[name_start..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .map_or(html.len(), |n| name_start + n);
            at = name_start;
            let name = html[name_start..name_end].to_ascii_lowercase();
            if !wanted(&name) {
                continue;
            }
            let (attrs, end) = raw_attributes(html, name_end);
            let Some(end) = end else {
                at = html.len();
                return None;
            };
            at = end;
            return Some(RawTag { name, attrs });
        }
        None
    })
}

/// An attribute of a raw HTML tag: byte ranges of its name, its value (inside the quotes, if
/// any) and the whole attribute.
pub(super) struct RawAttr {
    pub(super) name: Range<usize>,
    pub(super) value: Option<Range<usize>>,
    pub(super) span: Range<usize>,
}
/// The attributes of the tag whose name ends at `from`, read the way the HTML tokenizer reads
/// them, and the end of the tag (after its `>`), if it is in `html`.
pub(super) fn raw_attributes(html: &str, from: usize) -> (Vec<RawAttr>, Option<usize>) {
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

#[cfg(test)]
mod tests {
    use super::super::tests::opts;
    use super::super::*;
    use super::*;

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
}
