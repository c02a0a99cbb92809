//! A bound on how deeply the HTML given to the sanitizer nests.
//!
//! html5ever checks the stack of open elements for every tag it reads, so a page of a
//! million nested `<div>`s takes minutes to sanitize. Before the sanitizer sees a page,
//! [`bound`] keeps at most [`MAX_DEPTH`] elements open at a time: a tag that would open one
//! more, and everything inside it down to its end tag, is escaped to text (`&lt;div>`), so
//! the text stays on the page and the tree html5ever builds is never deeper than the bound.
//! The HTML here is the renderer's: text is escaped, so every `<` is markup.

use std::borrow::Cow;

/// The most elements open at a time in the HTML the sanitizer sees.
pub const MAX_DEPTH: usize = 100;

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose end tag is optional: the next of their kind closes them, so they do not
/// nest by themselves; they are not counted.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "rtc",
];

/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// `html` with the tags past [`MAX_DEPTH`] open elements escaped to text, and the offset of
/// the first of them.
pub fn bound(html: &str) -> (Cow<'_, str>, Option<usize>) {
    let mut open: Vec<&str> = Vec::new();
    // Elements opened past the bound, whose tags are text, innermost last.
    let mut flat: Vec<&str> = Vec::new();
    let mut first = None;
    let mut out = String::new();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = html[at..].find('<') {
        let lt = at + found;
        let rest = &html[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            at = comment.find("-->").map_or(html.len(), |e| lt + 4 + e + 3);
            continue;
        }
        if rest.starts_with(['!', '?']) {
            at = rest.find('>').map_or(html.len(), |e| lt + 1 + e + 1);
            continue;
        }
        let close = rest.starts_with('/');
        let name_start = lt + 1 + usize::from(close);
        let name_len = html[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(html.len() - name_start);
        let name = &html[name_start..name_start + name_len];
        if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            at = lt + 1;
            continue;
        }
        let Some(end) = super::raw_html::raw_attributes(html, name_start + name_len).1 else {
            break;
        };
        at = end;
        let escape = if close {
            let same = |n: &&str| n.eq_ignore_ascii_case(name);
            if flat.last().is_some_and(same) {
                flat.pop();
                true
            } else if let Some(i) = open.iter().rposition(same) {
                open.truncate(i);
                false
            } else {
                !flat.is_empty()
            }
        } else {
            let counted = !is_in(VOID, name) && !is_in(OPTIONAL_END, name);
            if !flat.is_empty() || (counted && open.len() >= MAX_DEPTH) {
                if counted {
                    flat.push(name);
                }
                first.get_or_insert(lt);
                true
            } else {
                if counted {
                    open.push(name);
                }
                false
            }
        };
        if escape {
            out.push_str(&html[copied..lt]);
            out.push_str("&lt;");
            copied = lt + 1;
        } else if !close && is_in(RAW_TEXT, name) {
            // Its text holds no tags: on to its end tag.
            at = raw_text_end(html, end, name);
        }
    }
    if copied == 0 {
        return (Cow::Borrowed(html), first);
    }
    out.push_str(&html[copied..]);
    (Cow::Owned(out), first)
}

/// Where the end tag of the raw-text element `name` whose content starts at `from` is (or
/// the end of `html`).
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let tag = at + found;
        let after = &html.as_bytes()[tag + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return tag;
        }
        at = tag + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(html: &str) -> usize {
        let (mut d, mut max) = (0usize, 0);
        for (i, _) in html.match_indices('<') {
            if html[i..].starts_with("</div") {
                d = d.saturating_sub(1);
            } else if html[i..].starts_with("<div") {
                d += 1;
                max = max.max(d);
            }
        }
        max
    }

    #[test]
    fn nesting_past_the_bound_becomes_text() {
        let n = MAX_DEPTH + 50;
        let html = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        let (out, first) = bound(&html);
        assert_eq!(first, Some(MAX_DEPTH * 5));
        assert_eq!(depth(&out), MAX_DEPTH);
        assert_eq!(out.matches("&lt;div>").count(), 50);
        assert_eq!(out.matches("&lt;/div>").count(), 50);
        assert!(out.contains("x"));
        // The escaped end tags are the innermost: the kept ones close the kept elements.
        assert!(out.ends_with(&"</div>".repeat(MAX_DEPTH)));
    }

    #[test]
    fn shallow_html_is_untouched() {
        let html =
            "<div><p>a<br />b</p><ul><li>c<li>d</ul><!-- <div> --><script><div></script></div>";
        assert!(matches!(bound(html), (Cow::Borrowed(_), None)));
        let many = "<p>a</p><li>b<br>".repeat(MAX_DEPTH * 3);
        assert!(matches!(bound(&many), (Cow::Borrowed(_), None)));
    }

    #[test]
    fn stray_end_tags_do_not_make_room() {
        let html = "<div></span>".repeat(MAX_DEPTH + 1);
        let (out, first) = bound(&html);
        assert!(first.is_some());
        assert_eq!(depth(&out), MAX_DEPTH);
    }
}
