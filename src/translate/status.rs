//! `kbsite i18n status`: per locale and article, the segments translated, stale (English
//! changed since) and missing, and the UI strings missing or obsolete; as JSON (the
//! [`Report`] serialized) or an aligned text [`table`].

use serde::Serialize;

use crate::i18n::{I18n, UiStatus};
use crate::model::{Site, Status, ENGLISH};

/// The translation status of every locale.
#[derive(Debug, Serialize)]
pub struct Report {
    pub locales: Vec<LocaleStatus>,
}

#[derive(Debug, Serialize)]
pub struct LocaleStatus {
    pub locale: String,
    pub articles: Vec<ArticleStatus>,
    pub ui: UiStatus,
}

#[derive(Debug, Serialize)]
pub struct ArticleStatus {
    pub article: String,
    /// `source`, `current`, `stale` or `missing` (not translated: English is shown).
    pub state: &'static str,
    pub translated: usize,
    pub stale: usize,
    pub missing: usize,
    pub obsolete: usize,
}

impl Report {
    /// Whether anything is missing or stale (what `--strict` fails on).
    pub fn incomplete(&self) -> bool {
        self.locales.iter().any(|l| {
            !l.ui.missing.is_empty()
                || l.articles.iter().any(|a| {
                    a.stale + a.missing + a.obsolete > 0 || a.state == Status::Missing.name()
                })
        })
    }
}

/// The status of every locale but English.
pub fn status(site: &Site, i18n: &I18n) -> Report {
    let locales = site
        .locales
        .iter()
        .filter(|l| *l != ENGLISH)
        .map(|locale| {
            let articles = site
                .articles
                .iter()
                .filter_map(|a| {
                    let v = a.versions.get(locale)?;
                    let source = a.versions.get(ENGLISH).map_or(v.segments, |e| e.segments);
                    let (translated, stale, missing, obsolete) = match v.status {
                        Status::Source | Status::Current => (v.segments, 0, 0, 0),
                        Status::Stale {
                            changed,
                            missing,
                            obsolete,
                        } => (
                            // Of the source's sentences: not stale and not missing (a pair
                            // with an empty localized half is missing, though in the file).
                            source.saturating_sub(changed + missing),
                            changed,
                            missing,
                            obsolete,
                        ),
                        Status::Missing => (0, 0, source, 0),
                    };
                    Some(ArticleStatus {
                        article: a.slug.clone(),
                        state: v.status.name(),
                        translated,
                        stale,
                        missing,
                        obsolete,
                    })
                })
                .collect();
            LocaleStatus {
                locale: locale.clone(),
                articles,
                ui: i18n.ui_status(locale),
            }
        })
        .collect();
    Report { locales }
}

/// The status as an aligned text table.
pub fn table(report: &Report) -> String {
    let mut rows = vec![[
        "locale",
        "article",
        "state",
        "translated",
        "stale",
        "missing",
        "obsolete",
    ]
    .map(String::from)];
    for l in &report.locales {
        for a in &l.articles {
            rows.push([
                l.locale.clone(),
                a.article.clone(),
                a.state.to_owned(),
                a.translated.to_string(),
                a.stale.to_string(),
                a.missing.to_string(),
                a.obsolete.to_string(),
            ]);
        }
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let pad = widths[c] - cell.chars().count();
                if c >= 3 {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push('\n');
    for l in &report.locales {
        out.push_str(&format!(
            "UI strings {}: {} missing, {} obsolete",
            l.locale,
            l.ui.missing.len(),
            l.ui.obsolete.len()
        ));
        if !l.ui.missing.is_empty() {
            let shown: Vec<&str> = l.ui.missing.iter().take(5).map(String::as_str).collect();
            out.push_str(&format!(
                " (missing: {}{})",
                shown.join(", "),
                if l.ui.missing.len() > 5 { ", …" } else { "" }
            ));
        }
        if !l.ui.obsolete.is_empty() {
            out.push_str(&format!(" (obsolete: {})", l.ui.obsolete.join(", ")));
        }
        out.push('\n');
    }
    out
}
