//! What every page's template gets besides its own view (`Common`: language, root, the
//! language switcher, notices), rendering a template into a page's file, and the two pages
//! that are nothing more: the language chooser and a locale's search page.

use serde::Serialize;
use tera::Context;

use super::templates::template_error;
use super::Ctx;
use crate::diagnostics::{Diagnostic, Error};
use crate::model::{Origin, Status, Version, ENGLISH};
use crate::output::File;
use crate::paths;

#[derive(Serialize)]
pub(super) struct Common {
    lang: String,
    root: String,
    home_url: String,
    page_title: String,
    canonical: String,
    alternates: Vec<Alternate>,
    pub(super) notice: Notice,
    /// The locale's search page, relative to this page.
    search_url: String,
    /// Whether this is the search page (its results go in the page, not a popup).
    pub(super) search_page: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    href_abs: String,
    current: bool,
    status: &'static str,
}

#[derive(Serialize, Default)]
pub(super) struct Notice {
    machine_translated: bool,
    stale: Option<Stale>,
    pub(super) english_fallback: bool,
}

#[derive(Serialize)]
struct Stale {
    changed: usize,
    missing: usize,
}

pub(super) fn notice(v: &Version) -> Notice {
    Notice {
        machine_translated: v.translation.as_ref().is_some_and(|t| t.machine()),
        stale: match v.status {
            Status::Stale {
                changed, missing, ..
            } => Some(Stale { changed, missing }),
            _ => None,
        },
        english_fallback: v.origin == Origin::Fallback,
    }
}

impl Ctx<'_> {
    pub(super) fn common(
        &self,
        locale: &str,
        dir: &str,
        title: String,
        status_of: &dyn Fn(&str) -> (String, &'static str),
    ) -> Common {
        let base = &self.inputs.config.base_url;
        let alternates = self
            .site
            .locales
            .iter()
            .zip(&self.names)
            .map(|(l, name)| {
                let (target, status) = status_of(l);
                Alternate {
                    lang: l.clone(),
                    name: name.clone(),
                    url: paths::href(dir, &target),
                    href_abs: format!("{base}{}", paths::encode(&target)),
                    current: l == locale,
                    status,
                }
            })
            .collect();
        Common {
            lang: locale.to_owned(),
            root: paths::href(dir, ""),
            home_url: paths::href(dir, &paths::home_dir(locale)),
            page_title: title,
            canonical: format!("{base}{}", paths::encode(dir)),
            alternates,
            notice: Notice::default(),
            search_url: paths::href(dir, &paths::search_dir(locale)),
            search_page: false,
        }
        .fix_root()
    }

    /// Renders `template` for the page at `dir`; `html` is the size of the HTML the context
    /// carries, so the page's bytes are allocated once.
    pub(super) fn page(
        &self,
        locale: &str,
        template: &str,
        dir: &str,
        common: Common,
        extra: Context,
        html: usize,
    ) -> Result<File, Error> {
        let mut context = Context::from_serialize(&common).map_err(template_error)?;
        context.extend(extra);
        let tera = &self.inputs.templates.by_locale[locale];
        // Rendered straight into the file's bytes (`render` would copy them into a String).
        let mut bytes = Vec::with_capacity(html + 16 * 1024);
        tera.render_to(template, &context, &mut bytes)
            .map_err(template_error)?;
        // A NUL in text outside the body (a title) is written as U+FFFD, as the body's are.
        if bytes.contains(&0) {
            bytes = String::from_utf8_lossy(&bytes)
                .replace('\0', "\u{FFFD}")
                .into_bytes();
        }
        Ok(File {
            path: paths::page_path(dir),
            bytes,
        })
    }

    pub(super) fn chooser(&self) -> Result<(File, Vec<Diagnostic>), Error> {
        let i18n = self.inputs.i18n;
        #[derive(Serialize)]
        struct Entry {
            lang: String,
            name: String,
            url: String,
            articles_count: usize,
            codes_count: usize,
            /// HTML: the counts, escaped, each marked with its language if it falls back.
            label: String,
        }
        let locales: Vec<Entry> = self
            .site
            .locales
            .iter()
            .map(|l| Entry {
                lang: l.clone(),
                name: i18n.language_name(l),
                url: paths::home_dir(l),
                articles_count: self.site.articles.len(),
                codes_count: self.site.codes.len(),
                // HTML: a count that falls back to English is marked so.
                label: format!(
                    "{} · {}",
                    i18n.html(l, "articles-count", &[("count", self.site.articles.len())]),
                    i18n.html(l, "codes-count", &[("count", self.site.codes.len())])
                ),
            })
            .collect();
        let title = i18n.text(ENGLISH, "chooser-title");
        let common = self.common(ENGLISH, "", title, &|l| (paths::home_dir(l), "current"));
        let mut extra = Context::new();
        extra.insert("locales", &locales);
        Ok((
            self.page(ENGLISH, "chooser.html", "", common, extra, 0)?,
            Vec::new(),
        ))
    }

    pub(super) fn search(&self, locale: &str) -> Result<(File, Vec<Diagnostic>), Error> {
        let dir = paths::search_dir(locale);
        let title = self.inputs.i18n.text(locale, "search-page-title");
        let mut common = self.common(locale, &dir, title, &|l| (paths::search_dir(l), "current"));
        common.search_page = true;
        Ok((
            self.page(locale, "search.html", &dir, common, Context::new(), 0)?,
            Vec::new(),
        ))
    }
}

impl Common {
    /// `paths::href(dir, "")` yields `./` for the site root itself; templates want `` there.
    pub(super) fn fix_root(mut self) -> Self {
        if self.root == "./" {
            self.root = String::new();
        }
        self
    }
}
