//! The structured model: articles in every locale, their sections, and SMTP error codes.
//!
//! [`document`] turns the bytes of one file into a [`Document`] (frontmatter, segments, the
//! localized and English Markdown). [`build`] groups documents into [`Article`]s by path,
//! picks the English source (a real `content/en/` file, else the English halves of the newest
//! translation by `ms.lasthandoff`), aligns each translation's English halves with that source
//! to find stale translations (a diff, its replaced runs paired by `pairing`), puts the
//! English a translation lacks into its text where the source has it (`placement`), and
//! extracts error codes from the English headings (which numbers are codes:
//! [`smtp::in_heading`]), with the localized title ([`code_title`]), description, causes and
//! fixes of each code in every locale.
//!
//! [`build`] keeps each version's text or only its outline ([`Keep`]); [`reload`] reads an
//! outlined article's files again and gives it back with its text.
//!
//! This file holds the model's types; the steps live beside it, in the order data flows:
//! `document` (bytes → [`Document`]), `build` (sources → [`Site`]), `article` (one article's
//! documents → its versions), `align` (a translation against the English source), `version`
//! (one version's outline), `text` (its Markdown, with the missing English filled in, and its
//! sentences; `placement` plans where that English goes), `sections` (heading ids, sections,
//! summaries), `codes` (error codes per version and across the site), and `reload` (an
//! outline back to its text, equal to a single pass).
//!
//! [`code_title`]: crate::code_title
//! [`smtp::in_heading`]: crate::smtp::in_heading

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::frontmatter::Fields;
use crate::markdown;
use crate::segments::SourceMap;

mod align;
mod article;
mod build;
mod codes;
mod document;
mod pairing;
mod placement;
mod reload;
mod sections;
mod text;
mod version;

pub use align::{align_segments, english_keys, Aligned, SegmentState};
pub use article::newest;
pub use build::{build, Read};
pub use codes::MAX_CODES_PER_HEADING;
pub use document::{
    document, document_body, iso_date, read, too_large, Document, Parsed, MAX_FILE_BYTES,
};
pub use reload::reload;
pub use sections::truncate;

/// The English locale: always built, from the sources' English halves if need be.
pub const ENGLISH: &str = "en";

/// The whole site: every article and every error code, in every locale.
#[derive(Debug, Serialize)]
pub struct Site {
    /// Site locales: `en` first, then the content locales in order.
    pub locales: Vec<String>,
    pub articles: Vec<Article>,
    /// Every code, ordered by class, subject and detail.
    pub codes: Vec<Code>,
    /// Files under an `includes/` folder: partials for `[!INCLUDE]`, not pages. By path under
    /// the locale folder, then locale.
    #[serde(skip)]
    pub partials: BTreeMap<String, BTreeMap<String, Partial>>,
}

/// One locale's version of an include file.
#[derive(Clone, Debug)]
pub struct Partial {
    /// The localized Markdown.
    pub local: Arc<str>,
    /// The English Markdown (from the English halves).
    pub english: Arc<str>,
    pub handoff: Option<String>,
}

/// Whether a file under `content/<locale>/` is a partial: anything in an `includes/` folder.
pub fn is_partial(rel: &str) -> bool {
    rel.split('/').rev().skip(1).any(|dir| dir == "includes")
}

/// One article (one path under each `content/<locale>/`).
#[derive(Debug, Serialize)]
pub struct Article {
    /// Path without `.md`: `mail-flow-intelligence-in-eop`.
    pub slug: String,
    /// Its files, as indices into the sources it was built from, and the digests of the
    /// documents they gave, by locale (see [`reload`]).
    #[serde(skip)]
    pub files: Vec<usize>,
    #[serde(skip)]
    pub digests: Vec<u64>,
    pub asset_id: Option<String>,
    /// The locale whose English halves are the English source (`en` for a real English file).
    pub english_source: Option<String>,
    /// The id of an "Other error codes" section, if the article has one.
    pub other_codes: Option<String>,
    /// One version per site locale.
    pub versions: BTreeMap<String, Version>,
}

/// An article in one locale.
#[derive(Clone, Debug, Serialize)]
pub struct Version {
    pub locale: String,
    pub origin: Origin,
    /// The file the text comes from.
    pub path: String,
    pub title: String,
    pub description: String,
    /// Shared by the outline and the versions reloaded from it.
    pub sections: Arc<[Section]>,
    pub codes: Arc<[CodeText]>,
    pub translation: Option<Translation>,
    pub status: Status,
    pub segments: usize,
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub frontmatter: Fields,
    /// The Markdown to render.
    #[serde(skip)]
    pub markdown: Arc<str>,
    #[serde(skip)]
    pub source_map: Arc<SourceMap>,
    /// Heading ids by position in `markdown`, shared by every locale.
    #[serde(skip)]
    pub heading_ids: Arc<[String]>,
    /// The sentences of a translation in `markdown`, with their English originals.
    #[serde(skip)]
    pub marks: Arc<[markdown::Mark]>,
    /// Parts of `markdown` that are not in the file: English sentences the translation lacks,
    /// inserted where the source has them, as `(start, length)`.
    #[serde(skip)]
    pub inserted: Arc<[(usize, usize)]>,
    /// Where `inserted` came from, to put it in again after the text was dropped.
    #[serde(skip)]
    pub fill: Arc<[Insert]>,
}

/// English put into a translation that lacks sentences: the source's sentences
/// `first..end`, whose blocks are `text` of the source's English, go at offset `at` of the
/// translation's Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insert {
    at: usize,
    first: usize,
    end: usize,
    text: Range<usize>,
}

impl Article {
    /// Keeps the outline of every version and drops its text and the frontmatter fields pages
    /// do not show (see [`Keep::Outline`]); what was inserted, and from where, stays for
    /// [`reload`].
    pub fn drop_text(&mut self) {
        for v in self.versions.values_mut() {
            v.frontmatter
                .retain(|key, _| SHOWN_FIELDS.contains(&key.as_str()));
            v.markdown = Arc::from("");
            v.source_map = Arc::default();
            v.heading_ids = Arc::new([]);
            v.marks = Arc::new([]);
        }
    }
}

impl Version {
    /// The offset in the version's file of an offset in `markdown`; `None` inside a part that
    /// is not in the file.
    pub fn source_offset(&self, offset: usize) -> Option<usize> {
        let mut shift = 0;
        for &(start, len) in self.inserted.iter() {
            if offset >= start + len {
                shift += len;
            } else if offset >= start {
                return None;
            }
        }
        Some(self.source_map.source_offset(offset - shift))
    }
}

/// Where a version's text comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "from")]
pub enum Origin {
    /// The localized halves of this locale's own file.
    Translation,
    /// The English halves of a translation file.
    EnglishHalves(String),
    /// A real `content/en/` file.
    EnglishFile,
    /// The article does not exist in this locale: the English version is shown.
    Fallback,
}

/// How a translation relates to the English source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state")]
pub enum Status {
    /// This is the English source.
    Source,
    /// Translated from the current English text.
    Current,
    /// Translated from an older English text.
    Stale {
        /// Segments whose English text changed since translation.
        changed: usize,
        /// Source segments with no translation.
        missing: usize,
        /// Translated segments no longer in the source.
        obsolete: usize,
    },
    /// No translation: English shown instead.
    Missing,
}

impl Status {
    /// The status's name as pages show it (the language switcher's `status`) and as
    /// `index.json` writes it (its `state`, through serde's kebab-case tag): `source`,
    /// `current`, `stale`, `missing`. `kbsite i18n status` spells the same names.
    pub fn name(&self) -> &'static str {
        match self {
            Status::Source => "source",
            Status::Current => "current",
            Status::Stale { .. } => "stale",
            Status::Missing => "missing",
        }
    }
}

/// Translation metadata from the frontmatter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// `ms.translationtype`: `MT` (machine) or `HT` (human).
    pub kind: Option<String>,
    /// `ms.lasthandoff` as `YYYY-MM-DD`.
    pub handoff: Option<String>,
    /// `ms.sourcegitcommit`: the English source revision.
    pub source_revision: Option<String>,
}

impl Translation {
    pub fn machine(&self) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case("MT"))
    }
}

/// A heading and the section it opens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Section {
    pub id: String,
    pub level: u8,
    pub title: String,
    #[serde(skip)]
    pub range: Range<usize>,
}

/// An error code as one version of an article describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeText {
    pub enhanced: String,
    pub reply: Option<String>,
    /// The id of the section the code heads.
    pub section: String,
    /// The localized title, without label and code.
    pub title: String,
    /// Plain-text description: the paragraphs before the causes.
    pub description: String,
    /// The id of the "How do I fix" section, if any.
    pub fix_section: Option<String>,
    #[serde(skip)]
    pub description_md: Range<usize>,
    #[serde(skip)]
    pub causes_md: Range<usize>,
    #[serde(skip)]
    pub fixes_md: Range<usize>,
}

/// One SMTP enhanced status code across the site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Code {
    pub enhanced: String,
    pub reply: Option<String>,
    pub class: u8,
    pub subject: u16,
    pub detail: u16,
    pub occurrences: Vec<Occurrence>,
}

/// Where a code is described: an article and the section heading it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Occurrence {
    pub article: String,
    pub section: String,
}

impl Site {
    /// The article, its version in `locale` and the text of `code` for one occurrence of the
    /// code, if that version describes it.
    pub fn code_text(
        &self,
        code: &str,
        o: &Occurrence,
        locale: &str,
    ) -> Option<(&Article, &Version, &CodeText)> {
        let article = self.article(&o.article)?;
        let version = article.versions.get(locale)?;
        let text = version
            .codes
            .iter()
            .find(|t| t.enhanced == code && t.section == o.section)?;
        Some((article, version, text))
    }

    /// The article with this slug (articles are sorted by slug).
    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.article_index(slug).map(|i| &self.articles[i])
    }

    /// The index of the article with this slug.
    pub fn article_index(&self, slug: &str) -> Option<usize> {
        self.articles
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
            .ok()
    }
}

impl Code {
    fn sort_key(&self) -> (u8, u16, u16, &str) {
        (self.class, self.subject, self.detail, &self.enhanced)
    }
}

/// The frontmatter fields an outline keeps ([`Keep::Outline`]): the ones pages show.
pub const SHOWN_FIELDS: [&str; 1] = ["description"];

/// What [`build`] keeps of each version's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Everything: the Markdown, sentences and source maps, for rendering.
    Text,
    /// The outline only (titles, sections, codes, statuses, and the [`SHOWN_FIELDS`] of the
    /// frontmatter). A build renders each article from a fresh [`reload`], so the text of the
    /// whole site is never in memory at once.
    Outline,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_in_an_includes_folder_are_partials() {
        assert!(is_partial("includes/x.md"));
        assert!(is_partial("a/includes/b/x.md"));
        assert!(!is_partial("includes.md"));
        assert!(!is_partial("articles/x.md"));
    }

    /// Pages and `index.json` spell a status the same way.
    #[test]
    fn a_status_has_one_name() {
        for status in [
            Status::Source,
            Status::Current,
            Status::Stale {
                changed: 1,
                missing: 0,
                obsolete: 0,
            },
            Status::Missing,
        ] {
            let json = serde_json::to_value(&status).unwrap();
            assert_eq!(json["state"], status.name(), "{status:?}");
        }
    }
}
