//! The home page and the further pages of a locale's lists: its articles (sorted by title,
//! naturally) and its codes (in code order), paged, with the pager between pages.

use serde::Serialize;
use tera::Context;

use super::code::Described;
use super::Ctx;
use crate::diagnostics::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::model::ENGLISH;
use crate::output::File;
use crate::paths;
use crate::smtp;

/// Articles listed per page: the home page shows the first ones, `<locale>/page/N/` the rest.
pub const ARTICLES_PER_PAGE: usize = 50;
/// Codes listed per page: the home page's table shows the first ones,
/// `<locale>/codes/page/N/` the rest.
pub const CODES_PER_PAGE: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Listing {
    Home,
    Articles(usize),
    Codes(usize),
}

impl Listing {
    pub(super) fn dir(self, locale: &str) -> String {
        match self {
            Listing::Home => paths::home_dir(locale),
            Listing::Articles(n) => paths::articles_page_dir(locale, n),
            Listing::Codes(n) => paths::codes_page_dir(locale, n),
        }
    }
}

/// Number of pages `len` items fill, `per` to a page (at least one).
fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// A locale's lists for the home and listing pages; `url`s are site-relative until a page
/// makes them relative to itself.
pub(super) struct Lists {
    articles: Vec<ArticleEntry>,
    codes: Vec<CodeEntry>,
    /// The title and target of an "Other error codes" section.
    other_codes: Option<(String, Target)>,
}

impl Lists {
    /// The pages that show these lists: the home page, then the further pages of articles,
    /// then those of codes.
    pub(super) fn listings(&self) -> impl Iterator<Item = Listing> {
        let articles = page_count(self.articles.len(), ARTICLES_PER_PAGE);
        let codes = page_count(self.codes.len(), CODES_PER_PAGE);
        std::iter::once(Listing::Home)
            .chain((2..=articles).map(Listing::Articles))
            .chain((2..=codes).map(Listing::Codes))
    }
}

#[derive(Clone, Serialize)]
struct ArticleEntry {
    title: String,
    url: String,
    description: String,
    codes_count: usize,
}

#[derive(Clone, Serialize)]
struct CodeEntry {
    enhanced: String,
    reply: Option<String>,
    title: String,
    url: String,
    class_digit: u8,
    subject_digit: u16,
    article_title: String,
    /// The section of the article that describes the code, made relative to each page.
    #[serde(skip)]
    article: Target,
    /// `article` relative to the page that lists the code.
    article_url: String,
}

/// What a list links to: a page's site folder and, if the link is to a part of it, the
/// fragment (a section's id) after its `#`.
type Target = (String, Option<String>);

/// Where a page of a list is, and its neighbours.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    /// "Page 2 of 60", localized.
    pub(super) fn status(&self, i18n: &I18n, locale: &str) -> String {
        i18n.format(
            locale,
            "pager-status",
            &[("current", self.current), ("total", self.total)],
        )
    }
}

/// Page `n` (from 1) of `items`, `per` to a page.
fn page_of<T>(items: &[T], n: usize, per: usize) -> &[T] {
    let start = ((n - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

impl Ctx<'_> {
    /// A locale's articles (by title) and codes (in code order), with site-relative targets.
    pub(super) fn lists(&self, locale: &str) -> Lists {
        let mut articles: Vec<ArticleEntry> = self
            .site
            .articles
            .iter()
            .filter_map(|a| {
                let v = a.versions.get(locale)?;
                Some(ArticleEntry {
                    title: v.title.clone(),
                    url: paths::article_dir(locale, &a.slug),
                    description: v.description.clone(),
                    codes_count: v.codes.len(),
                })
            })
            .collect();
        articles.sort_by_cached_key(|a| (natural_key(&a.title), a.url.clone()));
        let codes: Vec<CodeEntry> = self
            .site
            .codes
            .iter()
            .filter_map(|c| {
                let (
                    Described {
                        article,
                        version: v,
                        text,
                    },
                    fallback,
                ) = self.described(c, locale)?;
                let article_locale = if fallback { ENGLISH } else { locale };
                Some(CodeEntry {
                    enhanced: c.enhanced.clone(),
                    reply: c.reply.clone(),
                    title: text.title.clone(),
                    url: paths::code_dir(locale, &c.enhanced),
                    class_digit: c.class,
                    subject_digit: smtp::subject_bucket(c.subject),
                    article_title: v.title.clone(),
                    article: (
                        paths::article_dir(article_locale, &article.slug),
                        Some(text.section.clone()),
                    ),
                    article_url: String::new(),
                })
            })
            .collect();
        let other_codes = self.site.articles.iter().find_map(|a| {
            let id = a.other_codes.as_ref()?;
            let v = a.versions.get(locale)?;
            let section = v.sections.iter().find(|s| &s.id == id)?;
            Some((
                section.title.clone(),
                (paths::article_dir(locale, &a.slug), Some(id.clone())),
            ))
        });
        Lists {
            articles,
            codes,
            other_codes,
        }
    }

    /// The home page (the first page of both lists) or a further page of one of them.
    pub(super) fn list(
        &self,
        locale: &str,
        lists: &Lists,
        listing: Listing,
    ) -> Result<(File, Vec<Diagnostic>), Error> {
        let dir = listing.dir(locale);
        let i18n = self.inputs.i18n;
        let rel = |dir_to: &str| paths::href(&dir, dir_to);
        let rel_target = |(path, fragment): &Target| match fragment {
            Some(id) => format!("{}#{id}", rel(path)),
            None => rel(path),
        };
        let (articles_page, codes_page) = match listing {
            Listing::Home => (Some(1), Some(1)),
            Listing::Articles(n) => (Some(n), None),
            Listing::Codes(n) => (None, Some(n)),
        };
        let articles: Vec<ArticleEntry> = articles_page
            .map(|n| page_of(&lists.articles, n, ARTICLES_PER_PAGE))
            .unwrap_or_default()
            .iter()
            .map(|a| ArticleEntry {
                url: rel(&a.url),
                ..a.clone()
            })
            .collect();
        let codes: Vec<CodeEntry> = codes_page
            .map(|n| page_of(&lists.codes, n, CODES_PER_PAGE))
            .unwrap_or_default()
            .iter()
            .map(|c| CodeEntry {
                url: rel(&c.url),
                article_url: rel_target(&c.article),
                ..c.clone()
            })
            .collect();
        let pager = |current: usize, total: usize, target: &dyn Fn(usize) -> Target| Pager {
            current,
            total,
            prev: (current > 1).then(|| rel_target(&target(current - 1))),
            next: (current < total).then(|| rel_target(&target(current + 1))),
        };
        let articles_pager = articles_page.map(|n| {
            let total = page_count(lists.articles.len(), ARTICLES_PER_PAGE);
            pager(n, total, &|p| match p {
                1 => (Listing::Home.dir(locale), None),
                p => (Listing::Articles(p).dir(locale), None),
            })
        });
        let codes_pager = codes_page.map(|n| {
            let total = page_count(lists.codes.len(), CODES_PER_PAGE);
            pager(n, total, &|p| match p {
                1 => (Listing::Home.dir(locale), Some("codes".to_owned())),
                p => (Listing::Codes(p).dir(locale), None),
            })
        });
        let other_codes = lists.other_codes.as_ref().map(
            |(title, target)| serde_json::json!({ "title": title, "url": rel_target(target) }),
        );
        let site_title = i18n.text(locale, "site-title");
        let (kind, title) = match (listing, &articles_pager, &codes_pager) {
            (Listing::Articles(_), Some(p), _) => (
                "articles",
                format!(
                    "{} · {}",
                    i18n.text(locale, "articles-heading"),
                    p.status(i18n, locale)
                ),
            ),
            (Listing::Codes(_), _, Some(p)) => (
                "codes",
                format!(
                    "{} · {}",
                    i18n.text(locale, "codes-heading"),
                    p.status(i18n, locale)
                ),
            ),
            _ => ("home", site_title),
        };
        let common = self.common(locale, &dir, title, &|l| (listing.dir(l), "current"));
        let mut extra = Context::new();
        extra.insert("listing", kind);
        extra.insert("articles", &articles);
        extra.insert("articles_total", &lists.articles.len());
        extra.insert("articles_pager", &articles_pager);
        extra.insert("codes", &codes);
        extra.insert("codes_total", &lists.codes.len());
        extra.insert("codes_pager", &codes_pager);
        extra.insert("other_codes", &other_codes);
        Ok((
            self.page(locale, "home.html", &dir, common, extra, 0)?,
            Vec::new(),
        ))
    }
}

/// A sort key that orders titles as people read them: case-insensitive, and numbers by value
/// (`EOP 9` before `EOP 10`; `EOP 010` right after `EOP 10`).
fn natural_key(title: &str) -> Vec<Natural> {
    let mut key = Vec::with_capacity(title.len());
    let mut chars = title.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            key.push(Natural::Char(c));
            continue;
        }
        let mut digits = String::from(c);
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        // A number too long for u128 sorts after every other.
        let value = match digits.trim_start_matches('0') {
            "" => 0,
            value => value.parse::<u128>().unwrap_or(u128::MAX),
        };
        key.push(Natural::Number(value, digits.len()));
    }
    key
}

/// One character of a title, or a run of digits (its value, then its length).
#[derive(PartialEq, Eq)]
enum Natural {
    Char(char),
    Number(u128, usize),
}

impl Ord for Natural {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Natural::Char(a), Natural::Char(b)) => a.cmp(b),
            (Natural::Number(a, n), Natural::Number(b, m)) => (a, n).cmp(&(b, m)),
            // A number sits where its first digit would.
            (Natural::Char(a), Natural::Number(..)) => a.cmp(&'0'),
            (Natural::Number(..), Natural::Char(b)) => '0'.cmp(b),
        }
    }
}

impl PartialOrd for Natural {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn titles_sort_naturally() {
        let mut titles = vec![
            "EOP 1059",
            "EOP 106",
            "eop 10",
            "EOP 9",
            "EOP 010",
            "Alpha",
            "EOP",
            "EOP 99 b",
            "EOP 99 a",
            "Ёлка 2",
            "Ёлка 12",
            "A1b",
            "A1",
            "A 0",
        ];
        titles.sort_by_cached_key(|t| natural_key(t));
        assert_eq!(
            titles,
            [
                "A 0",
                "A1",
                "A1b",
                "Alpha",
                "EOP",
                "EOP 9",
                "eop 10",
                "EOP 010",
                "EOP 99 a",
                "EOP 99 b",
                "EOP 106",
                "EOP 1059",
                "Ёлка 2",
                "Ёлка 12"
            ]
        );
    }
}
