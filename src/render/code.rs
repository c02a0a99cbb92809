//! A code's page, rendered with the article that holds its text: where the code is
//! described (in the locale, else in English), its parts of the article's HTML made relative
//! to the code page, its neighbours and its other occurrences.

use std::ops::Range;

use serde::Serialize;
use tera::Context;

use super::links::rebase_links;
use super::views::notice;
use super::Ctx;
use crate::diagnostics::{Diagnostic, Error};
use crate::markdown;
use crate::model::{Article, Code, CodeText, Occurrence, Version, ENGLISH};
use crate::output::File;
use crate::paths;
use crate::smtp;

/// Where a code is described: an article, its version in some locale, and the code's text.
pub(super) struct Described<'a> {
    pub(super) article: &'a Article,
    pub(super) version: &'a Version,
    pub(super) text: &'a CodeText,
}

/// What `code.html` gets as `code`.
#[derive(Serialize)]
struct CodeView<'a> {
    enhanced: &'a str,
    reply: Option<&'a str>,
    class_digit: u8,
    subject_digit: u16,
    detail: String,
    /// The title every occurrence gives the code, or the name of its subject when the
    /// articles give it different titles (each has its own in `occurrences`).
    title: String,
    /// The title is the English one of an article missing in the locale.
    title_in_english: bool,
    description_html: String,
    causes_html: String,
    fixes_html: String,
    article_title: &'a str,
    article_url: String,
    prev: Option<Link>,
    next: Option<Link>,
    occurrences: Vec<OccurrenceView<'a>>,
    bilingual: bool,
}

#[derive(Serialize)]
struct OccurrenceView<'a> {
    article_title: &'a str,
    title: &'a str,
    description: &'a str,
    article_url: String,
    /// Its text is the English one (no version in the locale describes it).
    english: bool,
}

#[derive(Serialize)]
struct Link {
    enhanced: String,
    title: String,
    url: String,
}

impl Ctx<'_> {
    /// The article, version and text of one occurrence of a code in `locale`.
    pub(super) fn text_in(
        &self,
        code: &Code,
        o: &Occurrence,
        locale: &str,
    ) -> Option<Described<'_>> {
        let (article, version, text) = self.site.code_text(&code.enhanced, o, locale)?;
        Some(Described {
            article,
            version,
            text,
        })
    }

    /// The first occurrence of a code described in `locale`.
    pub(super) fn occurrence(&self, code: &Code, locale: &str) -> Option<Described<'_>> {
        code.occurrences
            .iter()
            .find_map(|o| self.text_in(code, o, locale))
    }

    /// The first occurrence of a code in `locale`, or in English when no version in `locale`
    /// describes it (an older translation); the flag tells which.
    pub(super) fn described(&self, code: &Code, locale: &str) -> Option<(Described<'_>, bool)> {
        self.occurrence(code, locale)
            .map(|d| (d, false))
            .or_else(|| self.occurrence(code, ENGLISH).map(|d| (d, true)))
    }

    /// The page of code `index` in `locale`, from `article`: the one whose text it shows.
    /// `bodies` are the article's HTML in each locale, which the code page shows parts of.
    pub(super) fn code(
        &self,
        index: usize,
        locale: &str,
        article: &Article,
        bodies: &[markdown::Rendered],
    ) -> Result<(File, Vec<Diagnostic>), Error> {
        let code = &self.site.codes[index];
        let dir = paths::code_dir(locale, &code.enhanced);
        let mut diags = Vec::new();
        let missing = || Error::Template(format!("code {} has no text in {locale}", code.enhanced));
        let (Described { version, text, .. }, fallback) =
            self.described(code, locale).ok_or_else(missing)?;
        // The outline says which version; the reloaded article has its text.
        let v = article.versions.get(&version.locale).ok_or_else(missing)?;
        // English text links to the English article, which has the section.
        let article_locale = if fallback { ENGLISH } else { locale };
        let body = self
            .site
            .locales
            .iter()
            .position(|l| *l == v.locale)
            .and_then(|l| bodies.get(l));
        let mut part = |range: &Range<usize>| {
            if range.is_empty() {
                return String::new();
            }
            // The article page's HTML of the range, its links made relative to this page;
            // rendered on its own when the range is not whole blocks or the page had raw HTML.
            match body.and_then(|b| b.part(range.clone())) {
                Some(html) => {
                    rebase_links(html, &paths::article_dir(&v.locale, &article.slug), &dir)
                }
                None => {
                    self.markdown(article, v, range.clone(), &dir, None, &mut diags)
                        .html
                }
            }
        };
        let (description_html, causes_html, fixes_html) = (
            part(&text.description_md),
            part(&text.causes_md),
            part(&text.fixes_md),
        );
        let (prev, next) = self.neighbours(index, locale, &dir);
        let occurrences = self.occurrences(code, locale, &dir);
        let shared = occurrences.iter().all(|o| o.title == text.title);
        let title = if shared {
            text.title.clone()
        } else {
            let subject = smtp::subject_key(code.subject);
            self.inputs.i18n.text(locale, &subject)
        };
        let html_len = description_html.len() + causes_html.len() + fixes_html.len();
        let view = CodeView {
            enhanced: &code.enhanced,
            reply: code.reply.as_deref(),
            class_digit: code.class,
            subject_digit: smtp::subject_bucket(code.subject),
            detail: code.detail.to_string(),
            title_in_english: fallback && shared,
            title,
            description_html,
            causes_html,
            fixes_html,
            article_title: &v.title,
            article_url: format!(
                "{}#{}",
                paths::href(&dir, &paths::article_dir(article_locale, &article.slug)),
                text.section
            ),
            prev,
            next,
            occurrences,
            bilingual: !fallback && !v.marks.is_empty(),
        };
        let status_of = |l: &str| {
            let status = self
                .occurrence(code, l)
                .map_or("missing", |d| d.version.status.name());
            (paths::code_dir(l, &code.enhanced), status)
        };
        let title = format!("{} {}", code.enhanced, view.title);
        let mut common = self.common(locale, &dir, title, &status_of);
        common.notice = notice(v);
        common.notice.english_fallback |= fallback;
        let mut extra = Context::new();
        extra.insert("code", &view);
        Ok((
            self.page(locale, "code.html", &dir, common, extra, html_len)?,
            diags,
        ))
    }

    /// The codes before and after code `index` that are described in `locale`, for the page
    /// at `dir`.
    fn neighbours(&self, index: usize, locale: &str, dir: &str) -> (Option<Link>, Option<Link>) {
        let neighbour = |i: usize| {
            let c = &self.site.codes[i];
            self.described(c, locale).map(|(d, _)| Link {
                enhanced: c.enhanced.clone(),
                title: d.text.title.clone(),
                url: paths::href(dir, &paths::code_dir(locale, &c.enhanced)),
            })
        };
        let prev = index.checked_sub(1).and_then(neighbour);
        let next = (index + 1 < self.site.codes.len())
            .then(|| neighbour(index + 1))
            .flatten();
        (prev, next)
    }

    /// Every article that describes `code`, with its text in `locale` (else in English), for
    /// the page at `dir`.
    fn occurrences(&self, code: &Code, locale: &str, dir: &str) -> Vec<OccurrenceView<'_>> {
        code.occurrences
            .iter()
            .filter_map(|o| {
                let (d, l) = match self.text_in(code, o, locale) {
                    Some(d) => (d, locale),
                    None => (self.text_in(code, o, ENGLISH)?, ENGLISH),
                };
                Some(OccurrenceView {
                    article_title: &d.version.title,
                    title: &d.text.title,
                    description: &d.text.description,
                    article_url: format!(
                        "{}#{}",
                        paths::href(dir, &paths::article_dir(l, &o.article)),
                        o.section
                    ),
                    english: l == ENGLISH && locale != ENGLISH,
                })
            })
            .collect()
    }
}
