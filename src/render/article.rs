//! An article's page: its HTML (rendered once per locale, and shared with the code pages
//! that show parts of it), table of contents, codes and translation progress.

use serde::Serialize;
use tera::Context;

use super::views::notice;
use super::Ctx;
use crate::diagnostics::{Diagnostic, Error};
use crate::markdown;
use crate::model::{Article, Status, Version, ENGLISH};
use crate::output::File;
use crate::paths;

/// What `article.html` gets as `article`.
#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    /// The title heading's id, so `#anchor` links to it keep working.
    title_id: Option<&'a str>,
    description: &'a str,
    /// A description derived from the first paragraph would repeat it as the lead.
    lead: Option<&'a str>,
    html: &'a str,
    toc: Vec<Toc<'a>>,
    codes: Vec<CodeLink<'a>>,
    progress: Option<Progress>,
    bilingual: bool,
    translation_type: Option<&'a str>,
    handoff: Option<&'a str>,
}

#[derive(Serialize)]
struct Toc<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct CodeLink<'a> {
    enhanced: &'a str,
    reply: Option<&'a str>,
    title: &'a str,
    url: String,
}

/// How many of the English source's sentences a translation translates.
#[derive(Serialize)]
struct Progress {
    translated: usize,
    total: usize,
}

impl Ctx<'_> {
    /// The HTML of an article's text in `locale`.
    pub(super) fn article_html(
        &self,
        article: &Article,
        locale: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> markdown::Rendered {
        let v = &article.versions[locale];
        self.markdown(
            article,
            v,
            0..v.markdown.len(),
            &paths::article_dir(locale, &article.slug),
            Some(&v.heading_ids),
            diags,
        )
    }

    /// The page of an article in `locale`, around `html`, its text.
    pub(super) fn article(
        &self,
        article: &Article,
        locale: &str,
        html: &str,
    ) -> Result<File, Error> {
        let dir = paths::article_dir(locale, &article.slug);
        let v = &article.versions[locale];
        let toc: Vec<Toc<'_>> = v
            .sections
            .iter()
            .filter(|s| (2..=3).contains(&s.level))
            .map(|s| Toc {
                level: s.level,
                id: &s.id,
                text: &s.title,
            })
            .collect();
        let codes: Vec<CodeLink<'_>> = v
            .codes
            .iter()
            .map(|c| CodeLink {
                enhanced: &c.enhanced,
                reply: c.reply.as_deref(),
                title: &c.title,
                url: paths::href(&dir, &paths::code_dir(locale, &c.enhanced)),
            })
            .collect();
        let html_len = html.len();
        let view = ArticleView {
            title: &v.title,
            title_id: v
                .sections
                .first()
                .filter(|s| s.level == 1)
                .map(|s| s.id.as_str()),
            description: &v.description,
            lead: crate::frontmatter::string(&v.frontmatter, "description"),
            html,
            toc,
            codes,
            progress: progress(article, v),
            bilingual: !v.marks.is_empty(),
            translation_type: v.translation.as_ref().and_then(|t| t.kind.as_deref()),
            handoff: v.translation.as_ref().and_then(|t| t.handoff.as_deref()),
        };
        let status_of = |l: &str| {
            let status = article
                .versions
                .get(l)
                .map_or("missing", |v| v.status.name());
            (paths::article_dir(l, &article.slug), status)
        };
        let mut common = self.common(locale, &dir, v.title.clone(), &status_of);
        common.notice = notice(v);
        let mut extra = Context::new();
        extra.insert("article", &view);
        self.page(locale, "article.html", &dir, common, extra, html_len)
    }
}

/// How many of the English source's sentences a translation translates (None for English).
fn progress(article: &Article, v: &Version) -> Option<Progress> {
    let total = article.versions.get(ENGLISH)?.segments;
    let missing = match v.status {
        Status::Current => 0,
        Status::Stale { missing, .. } => missing,
        Status::Source | Status::Missing => return None,
    };
    (total > 0).then(|| Progress {
        translated: total.saturating_sub(missing),
        total,
    })
}
