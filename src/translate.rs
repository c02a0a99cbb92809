//! The translator's workflow: registering a locale and reporting how translated it is.
//!
//! `kbsite i18n add-locale TAG` registers the locale in `kbsite.toml` (comments and layout
//! kept), creates `locales/TAG.ftl` with every English message marked untranslated and
//! `content/TAG/`. `kbsite i18n status` reports, per locale and article, the segments
//! translated, stale (English changed since) and missing, and the UI strings missing or
//! obsolete.

use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Error;
use crate::i18n::{self, I18n, UiStatus};
use crate::model::{Site, Status, ENGLISH};

/// What `add-locale` did, for its report.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Added {
    pub tag: String,
    /// Files and folders created, relative to the root.
    pub created: Vec<String>,
    /// Files that were there and were edited (`kbsite.toml`).
    pub updated: Vec<String>,
    /// Those that were already there and left alone.
    pub kept: Vec<String>,
}

/// Registers `tag` (a BCP 47 language tag, any case) in the project at `root`.
pub fn add_locale(root: &Path, tag: &str, english_ftl: &str) -> Result<Added, Error> {
    let tag = crate::locale::canonical(tag).map_err(|why| {
        Error::Usage(format!(
            "`{tag}` {why} (examples: de-DE, pt-BR, sr-Latn-RS, ja)"
        ))
    })?;
    if tag == ENGLISH {
        return Err(Error::Usage(
            "`en` is the source language; it needs no registration".into(),
        ));
    }
    let mut added = Added {
        tag: tag.clone(),
        ..Added::default()
    };
    let mut note = |path: String, done: Done| match done {
        Done::Created => added.created.push(path),
        Done::Updated => added.updated.push(path),
        Done::Kept => added.kept.push(path),
    };

    // kbsite.toml: add the tag to `locales`, creating the list from content/ if need be.
    let config_path = root.join("kbsite.toml");
    let (text, existed) = match std::fs::read_to_string(&config_path) {
        Ok(t) => (t, true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (String::new(), false),
        Err(e) => return Err(Error::io(&config_path, e)),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::Usage(format!("kbsite.toml: {e}")))?;
    let existing: Vec<String> = match doc.get("locales").and_then(|v| v.as_array()) {
        Some(a) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        None => {
            let mut found = content_locales(root)?;
            found.retain(|l| l != ENGLISH);
            std::iter::once(ENGLISH.to_owned()).chain(found).collect()
        }
    };
    if existing.contains(&tag) && doc.get("locales").is_some() {
        note("kbsite.toml".into(), Done::Kept);
    } else {
        let mut locales = toml_edit::Array::new();
        for l in existing.iter().chain(std::iter::once(&tag)) {
            if !locales.iter().any(|v| v.as_str() == Some(l)) {
                locales.push(l.as_str());
            }
        }
        doc["locales"] = toml_edit::value(locales);
        if let Some(mut key) = doc.as_table_mut().key_mut("locales") {
            if !text.contains("locales") {
                key.leaf_decor_mut().set_prefix(
                    "\n# The site's languages, in the order the language switcher shows them.\n",
                );
            }
        }
        std::fs::write(&config_path, doc.to_string()).map_err(|e| Error::io(&config_path, e))?;
        let done = if existed {
            Done::Updated
        } else {
            Done::Created
        };
        note("kbsite.toml".into(), done);
    }

    // locales/TAG.ftl: every English message, marked untranslated.
    let dir = root.join("locales");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let ftl = dir.join(format!("{tag}.ftl"));
    if ftl.exists() {
        note(format!("locales/{tag}.ftl"), Done::Kept);
    } else {
        std::fs::write(&ftl, untranslated_ftl(english_ftl, &tag))
            .map_err(|e| Error::io(&ftl, e))?;
        note(format!("locales/{tag}.ftl"), Done::Created);
    }

    // content/TAG/, kept in git by an empty marker file.
    let content = root.join("content").join(&tag);
    if content.is_dir() {
        note(format!("content/{tag}/"), Done::Kept);
    } else {
        std::fs::create_dir_all(&content).map_err(|e| Error::io(&content, e))?;
        let keep = content.join(".gitkeep");
        std::fs::write(&keep, "").map_err(|e| Error::io(&keep, e))?;
        note(format!("content/{tag}/"), Done::Created);
    }
    Ok(added)
}

/// What `add-locale` did to one file or folder.
enum Done {
    Created,
    Updated,
    Kept,
}

fn content_locales(root: &Path) -> Result<Vec<String>, Error> {
    let dir = root.join("content");
    let mut found = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
            let entry = entry.map_err(|e| Error::io(&dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && crate::locale::exact(&name).is_ok() {
                found.push(name);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `en.ftl` with a header for `tag` and `# UNTRANSLATED` as the last comment line of every
/// message, where Fluent tools keep it (a message's comment is the block right above it).
pub fn untranslated_ftl(english: &str, tag: &str) -> String {
    let mut out = format!(
        "# kbsite UI strings: {tag}.\n# Created from en.ftl by `kbsite i18n add-locale {tag}`. Translate each message and\n# delete the `# {marker}` line above it; until then the English text is shown.\n\n",
        marker = i18n::UNTRANSLATED
    );
    let mut lines = english.lines().peekable();
    // Skip en.ftl's own file header (the leading comment block) and the blank lines after it.
    while lines
        .peek()
        .is_some_and(|l| l.starts_with("# ") || *l == "#")
    {
        lines.next();
    }
    while lines.peek().is_some_and(|l| l.trim().is_empty()) {
        lines.next();
    }
    for line in lines {
        let starts_message = line.split_once(" =").is_some_and(|(id, _)| {
            !id.is_empty()
                && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        if starts_message {
            out.push_str("# ");
            out.push_str(i18n::UNTRANSLATED);
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

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
                || l.articles
                    .iter()
                    .any(|a| a.stale + a.missing + a.obsolete > 0 || a.state == "missing")
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
                    let (state, translated, stale, missing, obsolete) = match v.status {
                        Status::Source => ("source", v.segments, 0, 0, 0),
                        Status::Current => ("current", v.segments, 0, 0, 0),
                        Status::Stale {
                            changed,
                            missing,
                            obsolete,
                        } => (
                            "stale",
                            // Of the source's sentences: not stale and not missing (a pair
                            // with an empty localized half is missing, though in the file).
                            source.saturating_sub(changed + missing),
                            changed,
                            missing,
                            obsolete,
                        ),
                        Status::Missing => ("missing", 0, 0, source, 0),
                    };
                    Some(ArticleStatus {
                        article: a.slug.clone(),
                        state,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untranslated_file_marks_every_message_and_keeps_comments_and_variants() {
        let en = "# header\n# more\n\n## Group\n\n# a comment\nhello = Hello\ncount =\n    { $count ->\n        [one] one\n       *[other] many\n    }\n";
        let out = untranslated_ftl(en, "de-DE");
        assert!(out.starts_with("# kbsite UI strings: de-DE."));
        assert!(!out.contains("# header"));
        assert!(out.contains("## Group\n\n# a comment\n# UNTRANSLATED\nhello = Hello\n"));
        assert!(out.contains("# UNTRANSLATED\ncount =\n    { $count ->\n        [one] one\n"));
        assert_eq!(out.matches("\n# UNTRANSLATED\n").count(), 2);
        let resource = fluent_syntax::parser::parse(out.as_str()).expect("valid Fluent");
        // The header, the group comment and the two messages, each with its comment.
        assert_eq!(resource.body.len(), 4);
    }

    #[test]
    fn invalid_tags_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["not a tag", "en_US", "xx-123456789", ""] {
            let err = add_locale(dir.path(), bad, "hello = Hello\n")
                .unwrap_err()
                .to_string();
            assert!(err.contains("BCP 47"), "{bad}: {err}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn add_locale_creates_a_missing_kbsite_toml() {
        let dir = tempfile::tempdir().unwrap();
        let added = add_locale(dir.path(), "ja-JP", "hello = Hello\n").unwrap();
        assert_eq!(
            added.created,
            ["kbsite.toml", "locales/ja-JP.ftl", "content/ja-JP/"]
        );
        assert!(added.updated.is_empty());
        let toml = std::fs::read_to_string(dir.path().join("kbsite.toml")).unwrap();
        assert!(toml.contains("locales = [\"en\", \"ja-JP\"]"), "{toml}");
    }

    #[test]
    fn add_locale_registers_creates_and_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/ru-RU")).unwrap();
        std::fs::write(
            dir.path().join("kbsite.toml"),
            "# my site\nbase_url = \"/\" # where\n",
        )
        .unwrap();
        let added = add_locale(dir.path(), "de-de", "hello = Hello\n").unwrap();
        assert_eq!(added.tag, "de-DE");
        assert_eq!(added.created, ["locales/de-DE.ftl", "content/de-DE/"]);
        assert_eq!(added.updated, ["kbsite.toml"], "it was there: edited");
        let toml = std::fs::read_to_string(dir.path().join("kbsite.toml")).unwrap();
        assert!(
            toml.starts_with("# my site\nbase_url = \"/\" # where\n"),
            "{toml}"
        );
        assert!(
            toml.contains("locales = [\"en\", \"ru-RU\", \"de-DE\"]"),
            "{toml}"
        );
        let again = add_locale(dir.path(), "de-DE", "hello = Hello\n").unwrap();
        assert!(again.created.is_empty() && again.updated.is_empty());
        assert_eq!(again.kept.len(), 3);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("kbsite.toml")).unwrap(),
            toml
        );
    }
}
