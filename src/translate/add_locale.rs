//! `kbsite i18n add-locale TAG`: registers the locale in `kbsite.toml` (comments and layout
//! kept), creates `locales/TAG.ftl` with every English message marked untranslated, and
//! `content/TAG/`. Each step keeps what is already there, so running it again changes nothing.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Error};
use crate::i18n;
use crate::model::ENGLISH;

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
    let done = register(root, &tag)?;
    added.note("kbsite.toml".into(), done);
    let done = create_ftl(root, &tag, english_ftl)?;
    added.note(format!("locales/{tag}.ftl"), done);
    let done = create_content_folder(root, &tag)?;
    added.note(format!("content/{tag}/"), done);
    Ok(added)
}

impl Added {
    fn note(&mut self, path: String, done: Done) {
        match done {
            Done::Created => self.created.push(path),
            Done::Updated => self.updated.push(path),
            Done::Kept => self.kept.push(path),
        }
    }
}

/// What `add-locale` did to one file or folder.
enum Done {
    Created,
    Updated,
    Kept,
}

/// `kbsite.toml`: adds the tag to `locales`, creating the list from `content/` if need be.
fn register(root: &Path, tag: &str) -> Result<Done, Error> {
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
    if existing.iter().any(|l| l == tag) && doc.get("locales").is_some() {
        return Ok(Done::Kept);
    }
    let mut locales = toml_edit::Array::new();
    for l in existing
        .iter()
        .map(String::as_str)
        .chain(std::iter::once(tag))
    {
        if !locales.iter().any(|v| v.as_str() == Some(l)) {
            locales.push(l);
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
    Ok(if existed {
        Done::Updated
    } else {
        Done::Created
    })
}

/// The locale folders under `content/` (none when there is no `content/`), as the build
/// finds them.
fn content_locales(root: &Path) -> Result<Vec<String>, Error> {
    if !root.join("content").is_dir() {
        return Ok(Vec::new());
    }
    // What is wrong with other entries is the build's to report.
    let mut ignored = Diagnostics::default();
    let found = crate::source::locale_folders(root, &mut ignored)?;
    Ok(found.into_iter().map(|(name, _)| name).collect())
}

/// `locales/TAG.ftl`: every English message, marked untranslated.
fn create_ftl(root: &Path, tag: &str, english_ftl: &str) -> Result<Done, Error> {
    let dir = root.join("locales");
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let ftl = dir.join(format!("{tag}.ftl"));
    if ftl.exists() {
        return Ok(Done::Kept);
    }
    std::fs::write(&ftl, untranslated_ftl(english_ftl, tag)).map_err(|e| Error::io(&ftl, e))?;
    Ok(Done::Created)
}

/// `content/TAG/`, kept in git by an empty marker file.
fn create_content_folder(root: &Path, tag: &str) -> Result<Done, Error> {
    let content = root.join("content").join(tag);
    if content.is_dir() {
        return Ok(Done::Kept);
    }
    std::fs::create_dir_all(&content).map_err(|e| Error::io(&content, e))?;
    let keep = content.join(".gitkeep");
    std::fs::write(&keep, "").map_err(|e| Error::io(&keep, e))?;
    Ok(Done::Created)
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
