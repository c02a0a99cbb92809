//! `site/index.json`: the model for other programs.
//!
//! Every article and code with titles, URLs and RFC 3463 class/subject names in every locale,
//! and the translation status of each article per locale. URLs are relative to the site root
//! (the folder holding `index.json`). The format is documented in README.md; `version` changes
//! when a field changes meaning or goes away.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};

use serde::Serialize;

use crate::i18n::I18n;
use crate::model::{Article, Code, Origin, Site, Status, Translation};
use crate::paths;
use crate::smtp;

/// The whole index; `articles` and `codes` are [`Lazy`] arrays of [`ArticleEntry`] and
/// [`CodeEntry`].
#[derive(Serialize)]
struct Index<'a, A, C> {
    format: &'static str,
    version: u32,
    base_url: &'a str,
    locales: Vec<LocaleEntry>,
    articles: A,
    codes: C,
}

#[derive(Serialize)]
struct LocaleEntry {
    tag: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct ArticleEntry<'a> {
    id: &'a str,
    asset_id: Option<&'a str>,
    english_source: Option<&'a str>,
    locales: BTreeMap<&'a str, ArticleLocale<'a>>,
}

#[derive(Serialize)]
struct ArticleLocale<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    origin: &'a Origin,
    status: &'a Status,
    translation: Option<&'a Translation>,
    sections: Vec<SectionEntry<'a>>,
    codes: Vec<&'a str>,
}

#[derive(Serialize)]
struct SectionEntry<'a> {
    id: &'a str,
    level: u8,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct CodeEntry<'a> {
    code: &'a str,
    reply: Option<&'a str>,
    class: Named,
    subject: Named,
    detail: u16,
    occurrences: Vec<OccurrenceEntry<'a>>,
    locales: BTreeMap<&'a str, CodeLocale<'a>>,
}

#[derive(Serialize)]
struct Named {
    value: u16,
    name: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct OccurrenceEntry<'a> {
    article: &'a str,
    section: &'a str,
    /// The occurrence's own title in every locale whose version of the article describes
    /// the code (its description and URL are the article's section, in `articles`).
    locales: BTreeMap<&'a str, OccurrenceLocale<'a>>,
}

#[derive(Serialize)]
struct OccurrenceLocale<'a> {
    title: &'a str,
}

#[derive(Serialize)]
struct CodeLocale<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    article_url: String,
}

/// Writes `index.json` to `out` as it is serialized (at 3,000 articles it is 86 MB: it is
/// never held in memory whole, and neither are its entries: each article and code is made
/// when the serializer reaches it and dropped after).
pub fn write_json(
    site: &Site,
    i18n: &I18n,
    base_url: &str,
    out: impl Write,
) -> std::io::Result<()> {
    let index = Index {
        format: "kbsite-index",
        version: 1,
        base_url,
        locales: site
            .locales
            .iter()
            .map(|l| LocaleEntry {
                tag: l.clone(),
                name: i18n.language_name(l),
                url: paths::home_dir(l),
            })
            .collect(),
        articles: Lazy(|| site.articles.iter().map(article_entry)),
        codes: Lazy(|| site.codes.iter().map(|c| code_entry(site, i18n, c))),
    };
    // serde_json writes a few bytes at a time (a quote, a key, an indent); a buffer it writes
    // to directly takes them without a call through `out` for each.
    let mut buffered = BufWriter::with_capacity(1 << 20, out);
    serde_json::to_writer_pretty(&mut buffered, &index)?;
    buffered.write_all(b"\n")?;
    buffered.flush()
}

/// A JSON array of the items of an iterator made when the array is written. Building every
/// entry of the index first took half of its time, much of it faulting in fresh pages.
struct Lazy<F>(F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// An article in every locale it has, borrowing from the model.
fn article_entry(a: &Article) -> ArticleEntry<'_> {
    ArticleEntry {
        id: &a.slug,
        asset_id: a.asset_id.as_deref(),
        english_source: a.english_source.as_deref(),
        locales: a
            .versions
            .iter()
            .map(|(l, v)| {
                let url = paths::article_dir(l, &paths::encode(&a.slug));
                let sections = v
                    .sections
                    .iter()
                    .map(|s| SectionEntry {
                        id: &s.id,
                        level: s.level,
                        title: &s.title,
                        url: format!("{url}#{}", s.id),
                    })
                    .collect();
                let article = ArticleLocale {
                    title: &v.title,
                    description: &v.description,
                    origin: &v.origin,
                    status: &v.status,
                    translation: v.translation.as_ref(),
                    sections,
                    codes: v.codes.iter().map(|c| c.enhanced.as_str()).collect(),
                    url,
                };
                (l.as_str(), article)
            })
            .collect(),
    }
}

/// A code with its class and subject names, its title and pages in every locale that
/// describes it (the title of its first occurrence, by article id), and each occurrence's own
/// title in every locale.
fn code_entry<'a>(site: &'a Site, i18n: &I18n, c: &'a Code) -> CodeEntry<'a> {
    let named = |value: u16, key: String| Named {
        value,
        name: site
            .locales
            .iter()
            .map(|l| (l.clone(), i18n.text(l, &key)))
            .collect(),
    };
    let locales = site
        .locales
        .iter()
        .filter_map(|l| {
            c.occurrences.iter().find_map(|o| {
                let (a, _, t) = site.code_text(&c.enhanced, o, l)?;
                Some((
                    l.as_str(),
                    CodeLocale {
                        title: &t.title,
                        description: &t.description,
                        url: paths::code_dir(l, &c.enhanced),
                        article_url: paths::article_section(l, &paths::encode(&a.slug), &t.section),
                    },
                ))
            })
        })
        .collect();
    CodeEntry {
        code: &c.enhanced,
        reply: c.reply.as_deref(),
        class: named(u16::from(c.class), smtp::class_key(c.class)),
        subject: named(c.subject, smtp::subject_key(c.subject)),
        detail: c.detail,
        occurrences: c
            .occurrences
            .iter()
            .map(|o| OccurrenceEntry {
                article: &o.article,
                section: &o.section,
                locales: site
                    .locales
                    .iter()
                    .filter_map(|l| {
                        let (_, _, t) = site.code_text(&c.enhanced, o, l)?;
                        Some((l.as_str(), OccurrenceLocale { title: &t.title }))
                    })
                    .collect(),
            })
            .collect(),
        locales,
    }
}
