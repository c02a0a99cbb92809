//! Unique ids in a page: the ids content gives elements (`<a name>` anchors, `id`s of raw
//! `<a>` and `<h1>`…`<h6>` tags, the only ones the sanitizer keeps) never repeat an id of the
//! page's template, a heading's id or each other.
//!
//! A repeated id becomes the first free `id-1`, `id-2`… with a warning (`id-duplicate`).
//! In-page links to a repeated id still lead where they did: the first element with it. An
//! id the template uses is taken by content only if content defines it, so `#main` in the
//! content's links then means the content's element: such links are rewritten to its new id.
//! Headings keep the ids the model gave them (unique among headings); one equal to a template
//! id is reported.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::raw_html::raw_tags;
use super::{escape, Problem};
use crate::diagnostics::Kind;

/// The ids of a page being rendered.
pub struct Ids<'a> {
    /// The template's ids.
    reserved: &'a [String],
    used: HashSet<String>,
    /// Template ids content took: the content's new id for each.
    renamed: BTreeMap<String, String>,
    pub problems: Vec<Problem>,
}

impl<'a> Ids<'a> {
    /// Ids for a page whose template uses `reserved` and whose headings have `headings`.
    pub fn new(reserved: &'a [String], headings: &[String]) -> Self {
        let mut used: HashSet<String> = reserved.iter().cloned().collect();
        used.extend(headings.iter().cloned());
        Ids {
            reserved,
            used,
            renamed: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// The id the content's `id` at `range` (of the Markdown) gets.
    pub fn claim<'i>(&mut self, id: &'i str, range: Range<usize>) -> Cow<'i, str> {
        if self.used.insert(id.to_owned()) {
            return Cow::Borrowed(id);
        }
        let mut n = 1;
        let new = loop {
            let candidate = format!("{id}-{n}");
            if self.used.insert(candidate.clone()) {
                break candidate;
            }
            n += 1;
        };
        let (whose, help) = if self.reserved.iter().any(|r| r == id) {
            self.renamed
                .entry(id.to_owned())
                .or_insert_with(|| new.clone());
            (
                "the page's own",
                "links to it in the text lead to the new id",
            )
        } else {
            ("another element's", "links to it lead to the first element")
        };
        self.problems.push(Problem {
            kind: Kind::IdDuplicate,
            range,
            message: format!("id `{id}` is {whose} id; it is `{new}` here ({help})"),
        });
        Cow::Owned(new)
    }

    /// Checks the id of the heading at `range`. Headings keep their ids (the table of
    /// contents, other pages and the search index link to them): one that repeats a
    /// template id is reported, for the author to give the heading an anchor of its own.
    pub fn heading(&mut self, id: &str, range: Range<usize>) {
        if self.reserved.iter().any(|r| r == id) {
            self.problems.push(Problem {
                kind: Kind::IdDuplicate,
                range,
                message: format!(
                    "heading id `{id}` is also the page's own id; give the heading an anchor \
                     (`<a name=\"…\"></a>`) of another name"
                ),
            });
        }
    }

    /// `html`, raw HTML from the Markdown at `range`, with the `id`s of its `<a>` and
    /// heading tags claimed.
    pub fn raw<'h>(&mut self, html: &'h str, range: Range<usize>) -> Cow<'h, str> {
        let mut out = String::new();
        let mut copied = 0;
        let wanted = |name: &str| matches!(name, "a" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        for tag in raw_tags(html, wanted) {
            // Browsers use the first of repeated attributes.
            let Some(value) = tag
                .attrs
                .iter()
                .find(|a| html[a.name.clone()].eq_ignore_ascii_case("id"))
                .and_then(|a| a.value.clone())
                .filter(|v| !v.is_empty() && !html[v.clone()].contains('&'))
            else {
                continue;
            };
            if let Cow::Owned(new) = self.claim(&html[value.clone()], range.clone()) {
                out.push_str(&html[copied..value.start]);
                out.push_str(&escape(&new));
                copied = value.end;
            }
        }
        if copied == 0 {
            return Cow::Borrowed(html);
        }
        out.push_str(&html[copied..]);
        Cow::Owned(out)
    }

    /// `html` with in-page links to the template ids content took leading to the content's.
    pub fn relink(&self, html: String) -> String {
        let mut html = html;
        for (old, new) in &self.renamed {
            let from = format!("href=\"#{}\"", escape(old));
            if html.contains(&from) {
                html = html.replace(&from, &format!("href=\"#{}\"", escape(new)));
            }
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_ids_get_the_first_free_suffix() {
        let reserved = ["main".to_owned()];
        let mut ids = Ids::new(&reserved, &["intro".to_owned(), "intro-1".to_owned()]);
        assert_eq!(ids.claim("x", 0..1), "x");
        assert_eq!(ids.claim("x", 1..2), "x-1");
        assert_eq!(ids.claim("intro", 2..3), "intro-2");
        assert_eq!(ids.claim("main", 3..4), "main-1");
        let raw = ids.raw("<a id=\"x\" href=\"#main\">", 4..5);
        assert_eq!(raw, "<a id=\"x-2\" href=\"#main\">");
        assert_eq!(ids.raw("<div id=\"x\">", 5..6), "<div id=\"x\">");
        let kinds: Vec<_> = ids.problems.iter().map(|p| p.range.start).collect();
        assert_eq!(kinds, [1, 2, 3, 4]);
        let html = ids.relink("<a href=\"#main\">m</a><a href=\"#x\">".to_owned());
        assert_eq!(html, "<a href=\"#main-1\">m</a><a href=\"#x\">");
        ids.heading("intro", 6..7);
        ids.heading("main", 7..8);
        assert_eq!(ids.problems.len(), 5);
        assert_eq!(ids.problems[4].range, 7..8);
    }
}
