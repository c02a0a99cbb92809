//! Include files: which version of an include a page shows (the locale's, else English),
//! and how much a page may grow by its includes ([`include_limit`]).

use std::ops::Range;
use std::sync::Arc;

use super::Ctx;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::{self, LinkRef, RenderOptions};
use crate::model::{Article, Version, ENGLISH};

/// The most a page's includes may add to it, for a version of `len` bytes: see
/// [`include_limit`].
pub(super) fn include_budget(len: usize) -> usize {
    include_limit(len).saturating_sub(len)
}

/// The most Markdown a page is expanded to with its includes, for a version of `len` bytes:
/// ten times its own size, at least 1 MiB and at most 10 MiB (but never less than itself).
/// An include that would pass it is shown as a notice, with a warning.
pub(super) fn include_limit(len: usize) -> usize {
    const MIB: usize = 1024 * 1024;
    len.saturating_mul(10).clamp(MIB, 10 * MIB).max(len)
}

/// What the renderer writes in the page's locale, shared by a page's text and its includes.
pub(super) struct Labels<'l> {
    /// An alert's label by its kind (`note`, `warning`, …), as HTML.
    pub(super) alert: &'l dyn Fn(&str) -> String,
    pub(super) video: &'l str,
    /// The page of a code mentioned in the text, if it has one.
    pub(super) code_link: &'l dyn Fn(&str) -> Option<String>,
}

impl Ctx<'_> {
    /// The warning about an include of `size` bytes that does not fit in the page of `v`,
    /// and the notice shown in its place.
    pub(super) fn include_too_large(
        &self,
        v: &Version,
        target: &str,
        size: usize,
    ) -> (Diagnostic, String) {
        let message = format!(
            "included file `{target}` ({size} bytes) would make the page larger than kbsite \
             expands a page to ({} bytes in all); a notice is shown in its place",
            include_limit(v.markdown.len())
        );
        let notice = markdown::escape(&self.inputs.i18n.text(&v.locale, "include-too-large"));
        (
            Diagnostic::new(Kind::IncludeTooLarge, v.path.clone(), message),
            format!("<p class=\"include-too-large\">{notice}</p>\n"),
        )
    }

    /// The Markdown of the include file `target` (relative to the article) for `locale`: the
    /// locale's own version, else the English (from a real `en` file or the English halves of
    /// the newest version); the flag tells whether it is English standing in.
    pub(super) fn partial(
        &self,
        article: &Article,
        locale: &str,
        target: &str,
    ) -> Option<(Arc<str>, bool)> {
        let dir = crate::paths::folder_of(&article.slug);
        let rel = crate::paths::normalize(&format!(
            "{dir}/{}",
            target.split(['#', '?']).next().unwrap_or(target)
        ))?;
        let versions = self.site.partials.get(&rel)?;
        if let Some(p) = versions.get(locale).filter(|_| locale != ENGLISH) {
            return Some((p.local.clone(), false));
        }
        if let Some(p) = versions.get(ENGLISH) {
            return Some((p.local.clone(), locale != ENGLISH));
        }
        let newest = versions.values().max_by(|a, b| a.handoff.cmp(&b.handoff))?;
        Some((newest.english.clone(), locale != ENGLISH))
    }

    /// The HTML of an include's Markdown `md` in the page at `dir`, in a `div` (marked English
    /// when `english` stands in for the locale). Links inside resolve as the article's; an
    /// include inside an include is not followed (no recursion).
    pub(super) fn include_html(
        &self,
        md: &str,
        english: bool,
        article: &Article,
        locale: &str,
        dir: &str,
        labels: &Labels<'_>,
    ) -> String {
        let mut nested =
            |link: LinkRef<'_>| self.resolve(link.dest, link.kind, article, locale, dir).0;
        let mut no_include = |_: &str, _: Range<usize>| String::new();
        let html = markdown::render(
            md,
            RenderOptions {
                heading_ids: &[],
                alert_label: labels.alert,
                video_label: labels.video,
                resolve: &mut nested,
                include: &mut no_include,
                skip_title: false,
                marks: &[],
                marks_offset: 0,
                fallback_title: "",
                code_link: labels.code_link,
                reserved_ids: &self.inputs.templates.ids,
            },
        );
        let lang = if english { " lang=\"en\"" } else { "" };
        format!("<div class=\"include\"{lang}>\n{html}</div>\n")
    }
}
