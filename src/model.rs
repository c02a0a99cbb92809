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

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::code_title;
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, Fields};
use crate::markdown::{self, Block, BlockKind};
use crate::segments::{self, Segment, SourceMap};
use crate::smtp;
use crate::source::Source;

mod pairing;
mod placement;

use placement::plan_missing;

/// The English locale: always built, from the sources' English halves if need be.
pub const ENGLISH: &str = "en";

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// One parsed input file.
#[derive(Debug)]
pub struct Document {
    pub source: Source,
    pub fields: Fields,
    pub segments: Vec<Segment>,
    /// The localized Markdown (the whole body for a file without pairs).
    pub local: Arc<str>,
    /// The English Markdown assembled from the English halves.
    pub english: Arc<str>,
    pub local_map: SourceMap,
    pub english_map: SourceMap,
    /// `ms.lasthandoff` as `YYYY-MM-DD`.
    pub handoff: Option<String>,
    /// A hash of the file's bytes, to tell whether it changed since.
    pub digest: u64,
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The diagnostic for a file of `len` bytes, if that is over [`MAX_FILE_BYTES`] (checked
/// before reading it, too).
pub fn too_large(source: &Source, len: u64) -> Option<Diagnostic> {
    (len > MAX_FILE_BYTES as u64).then(|| {
        Diagnostic::error(
            "file-too-large",
            source.display.as_str(),
            format!("file is {len} bytes; the limit is {MAX_FILE_BYTES} bytes"),
        )
        .help("split the article into several files")
    })
}

/// A parsed file, `None` when it cannot be read as text at all, and what was wrong with it.
pub type Parsed = (Option<Document>, Vec<Diagnostic>);

/// Decodes and parses one file. Returns `None` (with the reason among the diagnostics) when
/// the file cannot be read as text at all.
pub fn document(source: Source, bytes: &[u8]) -> Parsed {
    parse_document(source, bytes, true)
}

/// [`document`] without the frontmatter's fields (nor the date read from them), for
/// [`reload`]: it has the fields it needs from the outline, and YAML is a fifth of reading a
/// file again.
pub fn document_body(source: Source, bytes: &[u8]) -> Parsed {
    parse_document(source, bytes, false)
}

fn parse_document(source: Source, bytes: &[u8], fields: bool) -> Parsed {
    let path = source.display.as_str();
    let mut diags = Vec::new();
    if let Some(d) = too_large(&source, bytes.len() as u64) {
        diags.push(d);
        return (None, diags);
    }
    let text = match crate::source::utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            diags.push(
                Diagnostic::error(
                    "not-utf8",
                    path,
                    format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                )
                .at(at..at + e.error_len().unwrap_or(1))
                .help("save the file as UTF-8"),
            );
            return (None, diags);
        }
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::warning("file-empty", path, "file is empty; no page is made for it")
                .at(0..0)
                .help("add the article's text or delete the file"),
        );
        return (None, diags);
    }
    let bom = bom_len(path, text, &mut diags);
    let split = if fields {
        frontmatter::split(path, &text[bom..])
    } else {
        frontmatter::skip(path, &text[bom..])
    };
    let split = match split {
        Ok(split) => split,
        Err(mut d) => {
            d.span = d.span.map(|s| s.start + bom..s.end + bom);
            diags.push(d);
            return (None, diags);
        }
    };
    diags.extend(split.warnings.iter().cloned().map(|mut d| {
        d.span = d.span.map(|s| s.start + bom..s.end + bom);
        d
    }));
    let base = bom + split.body_offset;
    let parsed = segments::parse(path, split.body, base);
    diags.extend(parsed.diagnostics);
    let handoff = match frontmatter::string(&split.fields, "ms.lasthandoff") {
        Some(raw) => {
            let iso = iso_date(raw);
            if iso.is_none() {
                // The key's line in the frontmatter (never a line of the body that looks like
                // it); the opening `---` when it is written another way (quoted, inline).
                let span =
                    frontmatter::key_span(&text[..base], "ms.lasthandoff").unwrap_or(bom..bom + 3);
                diags.push(
                    Diagnostic::warning(
                        "date-invalid",
                        path,
                        format!("`ms.lasthandoff: {raw}` is not a date"),
                    )
                    .at(span)
                    .help("write MM/DD/YYYY or YYYY-MM-DD"),
                );
            }
            iso
        }
        None => None,
    };
    let doc = Document {
        fields: split.fields,
        segments: parsed.segments,
        local: parsed.local.into(),
        english: parsed.english.into(),
        local_map: parsed.local_map,
        english_map: parsed.english_map,
        handoff,
        source,
        digest: digest(bytes),
    };
    (Some(doc), diags)
}

/// The bytes of the byte order marks at the start of `text`, all of them skipped; more than
/// one is reported (`bom-repeated`).
fn bom_len(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> usize {
    let bom = crate::source::bom_len(text);
    if bom > '\u{feff}'.len_utf8() {
        diags.push(
            Diagnostic::warning(
                "bom-repeated",
                path,
                format!("the file starts with {} byte order marks", bom / 3),
            )
            .at(0..bom)
            .help("save the file as UTF-8 with one byte order mark, or none"),
        );
    }
    bom
}

/// `MM/DD/YYYY`, `M/D/YYYY` or `YYYY-MM-DD` as `YYYY-MM-DD`.
pub fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|_| s.chars().all(|c| c.is_ascii_digit()))
    };
    let (y, m, d) = if raw.contains('/') {
        (num(c)?, num(a)?, num(b)?)
    } else if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else {
        (num(c)?, num(b)?, num(a)?)
    };
    ((1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

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

/// A function that reads and parses one file: its index in the sources, and the source.
pub type Read<'a, E> = dyn Fn(usize, &Source) -> Result<Parsed, E> + Sync + 'a;

/// Builds the site from the files in `sources`, reading each with `read` only when its
/// article is built: the files of one article are parsed, aligned and dropped together, on
/// all cores, so the parsed documents of the whole site are never in memory at once. Also
/// returns the time spent building from the parsed files (not reading them), summed over
/// threads.
pub fn build<E: Send>(
    sources: &[Source],
    locales: &[String],
    read: &Read<'_, E>,
    keep: Keep,
) -> Result<(Site, Vec<Diagnostic>, Duration), E> {
    let locales = locales.to_vec();
    // Time spent building articles from parsed files, summed over threads.
    let building = AtomicU64::new(0);
    let mut by_slug: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut partial_files = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        if is_partial(&source.rel) {
            partial_files.push(i);
        } else {
            let slug = source.rel.strip_suffix(".md").unwrap_or(&source.rel);
            by_slug.entry(slug).or_default().push(i);
        }
    }
    let mut diags = Vec::new();
    let mut partials: BTreeMap<String, BTreeMap<String, Partial>> = BTreeMap::new();
    for i in partial_files {
        let (doc, found) = read(i, &sources[i])?;
        diags.extend(found);
        if let Some(doc) = doc {
            let partial = Partial {
                local: doc.local.clone(),
                english: doc.english.clone(),
                handoff: doc.handoff.clone(),
            };
            partials
                .entry(doc.source.rel.clone())
                .or_default()
                .insert(doc.source.locale.clone(), partial);
        }
    }
    // Articles are independent: build them on all cores, in slug order.
    let built: Vec<(Option<Article>, Vec<Diagnostic>)> = by_slug
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(slug, files)| {
            let (mut article, diags, nanos) =
                timed_article(slug, files, sources, &locales, read, keep)?;
            building.fetch_add(nanos, Ordering::Relaxed);
            if keep == Keep::Outline {
                article.iter_mut().for_each(Article::drop_text);
            }
            Ok((article, diags))
        })
        .collect::<Result<_, E>>()?;
    let mut articles = Vec::with_capacity(built.len());
    for (article, found) in built {
        articles.extend(article);
        diags.extend(found);
    }
    let start = Instant::now();
    let codes = collect_codes(&articles);
    let building = Duration::from_nanos(building.into_inner()) + start.elapsed();
    Ok((
        Site {
            locales,
            articles,
            codes,
            partials,
        },
        diags,
        building,
    ))
}

/// The outline of an article (built with [`Keep::Outline`]) with its text again, read from
/// its files: the same article [`build`] would have made with [`Keep::Text`], without
/// outlining it again, but for the frontmatter (only its [`SHOWN_FIELDS`]; `read` need not
/// parse it: see [`document_body`]). `None` when a file no longer gives the document it gave.
pub fn reload<E>(
    outline: &Article,
    sources: &[Source],
    read: &Read<'_, E>,
) -> Result<Option<Article>, E> {
    // Their diagnostics were reported the first time.
    let (mut docs, _) = read_docs(&outline.files, sources, read)?;
    // The dates that tell which translation is the newest, as the frontmatter gave them the
    // first time (`read` may not parse it): each translation's version has its file's date.
    for d in docs.iter_mut().filter(|d| d.handoff.is_none()) {
        d.handoff = outline
            .versions
            .get(&d.source.locale)
            .and_then(|v| v.translation.as_ref())
            .and_then(|t| t.handoff.clone());
    }
    if !docs
        .iter()
        .map(|d| d.digest)
        .eq(outline.digests.iter().copied())
    {
        return Ok(None);
    }
    let doc = |locale: &str| docs.iter().find(|d| d.source.locale == locale);
    // A translation that lacked sentences gets them from the same source again.
    let newest = newest(&docs).map(|i| &docs[i]);
    let mut article = Article {
        slug: outline.slug.clone(),
        files: outline.files.clone(),
        digests: outline.digests.clone(),
        asset_id: outline.asset_id.clone(),
        english_source: outline.english_source.clone(),
        other_codes: outline.other_codes.clone(),
        versions: BTreeMap::new(),
    };
    let mut fallbacks = Vec::new();
    let mut plain = Plain::default();
    for (locale, v) in &outline.versions {
        let from = match &v.origin {
            Origin::Translation | Origin::EnglishFile => doc(locale),
            Origin::EnglishHalves(l) => doc(l),
            Origin::Fallback => {
                fallbacks.push(locale);
                continue;
            }
        };
        let Some(from) = from else {
            return Ok(None);
        };
        let fill = match (newest, v.fill.is_empty()) {
            (_, true) => None,
            (Some(source), false) => Some((source, v.fill.clone())),
            (None, false) => return Ok(None),
        };
        let text = text(from, &v.origin, fill, Some(&mut plain));
        if text.inserted != v.inserted {
            return Ok(None);
        }
        article.versions.insert(locale.clone(), with_text(v, text));
    }
    // Fallbacks show the version pass one copied: the English, else the first.
    let shown = article
        .versions
        .get(ENGLISH)
        .or_else(|| article.versions.values().next())
        .cloned();
    for locale in fallbacks {
        let (Some(shown), Some(v)) = (&shown, outline.versions.get(locale)) else {
            return Ok(None);
        };
        let text = Text {
            markdown: shown.markdown.clone(),
            source_map: shown.source_map.clone(),
            marks: shown.marks.clone(),
            inserted: shown.inserted.clone(),
            fill: shown.fill.clone(),
        };
        article.versions.insert(locale.clone(), with_text(v, text));
    }
    Ok(Some(article))
}

/// A version's outline with its text.
fn with_text(outline: &Version, text: Text) -> Version {
    Version {
        markdown: text.markdown,
        source_map: text.source_map,
        heading_ids: outline.sections.iter().map(|s| s.id.clone()).collect(),
        marks: text.marks,
        inserted: text.inserted,
        fill: text.fill,
        ..outline.clone()
    }
}

/// Reads and parses the files of one article: its documents by locale, and what was wrong.
fn read_docs<E>(
    files: &[usize],
    sources: &[Source],
    read: &Read<'_, E>,
) -> Result<(Vec<Document>, Vec<Diagnostic>), E> {
    let mut diags = Vec::new();
    let mut docs = Vec::with_capacity(files.len());
    for &i in files {
        let (doc, found) = read(i, &sources[i])?;
        diags.extend(found);
        docs.extend(doc);
    }
    docs.sort_by(|a, b| a.source.locale.cmp(&b.source.locale));
    Ok((docs, diags))
}

/// Reads the files of one article and builds it; also returns the nanoseconds spent building
/// (not reading).
fn timed_article<E>(
    slug: &str,
    files: Vec<usize>,
    sources: &[Source],
    locales: &[String],
    read: &Read<'_, E>,
    keep: Keep,
) -> Result<(Option<Article>, Vec<Diagnostic>, u64), E> {
    let (docs, mut diags) = read_docs(&files, sources, read)?;
    if docs.is_empty() {
        return Ok((None, diags, 0));
    }
    let start = Instant::now();
    let article = article(slug.to_owned(), files, docs, locales, keep, &mut diags);
    Ok((Some(article), diags, start.elapsed().as_nanos() as u64))
}

fn article(
    slug: String,
    files: Vec<usize>,
    docs: Vec<Document>,
    locales: &[String],
    keep: Keep,
    diags: &mut Vec<Diagnostic>,
) -> Article {
    let english_file = docs.iter().position(|d| d.source.locale == ENGLISH);
    let newest = newest(&docs);
    // Each file's English texts as alignment compares them, made once: the newest
    // translation's are the reference for all.
    let doc_keys: Vec<Vec<Cow<'_, str>>> = docs.iter().map(|d| keys(&d.segments)).collect();
    let reference: &[Cow<'_, str>] = newest.map_or(&[], |i| &doc_keys[i]);
    let asset_id = docs
        .iter()
        .find_map(|d| frontmatter::string(&d.fields, "ms.assetid").map(str::to_owned));

    // The outline of each file's English text, made once: a translation's version, the
    // English version built from its halves and the plan of what other translations lack
    // all need it. The newest translation's first: the English of the others is mostly the
    // same text, and theirs are made from it.
    let reference_outline = newest.map(|i| markdown::outline(&docs[i].english));
    let mut english_blocks: Vec<Vec<Block>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| match (newest, &reference_outline) {
            (Some(n), Some(outline)) if n != i => {
                markdown::outline_like(&d.english, &docs[n].english, outline).blocks
            }
            (Some(_), Some(_)) => Vec::new(), // the reference's, moved in below
            _ => markdown::blocks(&d.english),
        })
        .collect();
    if let (Some(n), Some(outline)) = (newest, reference_outline) {
        english_blocks[n] = outline.blocks;
    }
    let mut versions = BTreeMap::new();
    let mut other_codes = None;
    let mut plain = (keep == Keep::Text).then(Plain::default);
    for ((doc, own_english), ours) in docs.iter().zip(&english_blocks).zip(&doc_keys) {
        if doc.source.locale == ENGLISH {
            continue;
        }
        // One alignment gives both the status and the sentences to fill in.
        let aligned = align_keys(reference, ours, &doc.segments);
        let status = if doc.segments.is_empty() {
            Status::Current
        } else {
            count(&aligned)
        };
        let source = newest.map(|i| FillSource {
            doc: &docs[i],
            blocks: &english_blocks[i],
            aligned: &aligned,
        });
        let (version, other) = version(
            doc,
            own_english,
            Origin::Translation,
            status,
            source,
            plain.as_mut(),
            diags,
        );
        other_codes = other_codes.or(other);
        versions.insert(doc.source.locale.clone(), version);
    }
    let english = match (english_file, newest) {
        (Some(i), _) => Some((i, Origin::EnglishFile)),
        (None, Some(i)) => Some((i, Origin::EnglishHalves(docs[i].source.locale.clone()))),
        (None, None) => None,
    };
    let english_source = english
        .as_ref()
        .map(|&(i, _)| docs[i].source.locale.clone());
    match english {
        Some((i, origin)) => {
            let (version, other) = version(
                &docs[i],
                &english_blocks[i],
                origin,
                Status::Source,
                None,
                plain.as_mut(),
                diags,
            );
            other_codes = other_codes.or(other);
            versions.insert(ENGLISH.to_owned(), version);
        }
        None => diags.push(
            Diagnostic::warning(
                "article-no-english",
                docs[0].source.display.clone(),
                format!("article `{slug}` has no English text: no bilingual pairs and no content/en/ file"),
            )
            .help("the English site shows it in its own language"),
        ),
    }
    // Locales without the article show the English version (or, failing that, any version).
    if let Some(fallback) = versions
        .get(ENGLISH)
        .or_else(|| versions.values().next())
        .map(fallback_of)
    {
        for locale in locales {
            if !versions.contains_key(locale) {
                let mut v = fallback.clone();
                v.locale = locale.clone();
                versions.insert(locale.clone(), v);
            }
        }
    }
    Article {
        slug,
        files,
        digests: docs.iter().map(|d| d.digest).collect(),
        asset_id,
        english_source,
        other_codes,
        versions,
    }
}

/// The newest translation with bilingual pairs: it provides the English text and segments.
fn newest(docs: &[Document]) -> Option<usize> {
    docs.iter()
        .enumerate()
        .filter(|(_, d)| d.source.locale != ENGLISH && !d.segments.is_empty())
        .max_by(|(_, a), (_, b)| {
            (&a.handoff, &b.source.locale).cmp(&(&b.handoff, &a.source.locale))
        })
        .map(|(i, _)| i)
}

fn fallback_of(v: &Version) -> Version {
    Version {
        locale: String::new(),
        origin: Origin::Fallback,
        translation: None,
        status: Status::Missing,
        frontmatter: Fields::new(),
        ..v.clone()
    }
}

/// Aligns a translation's English halves with the reference English segments (a Myers diff
/// over segment texts, so ids and insertions do not matter) and counts the differences.
/// How one segment of the English source is translated in a locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentState {
    /// Translated from the current English text.
    Current,
    /// Translated from an older English text (the English changed since).
    Stale,
    /// Not translated.
    Missing,
}

/// One step of an alignment: a source segment with its translation, if any, or a translated
/// segment whose English is no longer in the source (`source: None`: obsolete).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aligned {
    /// Index into the source's segments.
    pub source: Option<usize>,
    /// Index into the translation's segments.
    pub local: Option<usize>,
    pub state: SegmentState,
}

/// Aligns a translation's segments with the English source segments by their English text
/// (a Myers diff, so ids and insertions do not matter), in source order. In a replaced run
/// the sentences sharing the most words pair up as stale (`pairing::pair`); the rest of
/// the run is missing or obsolete.
pub fn align_segments(reference: &[String], segments: &[Segment]) -> Vec<Aligned> {
    let reference: Vec<Cow<'_, str>> = reference.iter().map(|r| Cow::from(r.as_str())).collect();
    align_keys(&reference, &keys(segments), segments)
}

/// [`align_segments`] with the translation's [`keys`] made already.
fn align_keys(
    reference: &[Cow<'_, str>],
    ours: &[Cow<'_, str>],
    segments: &[Segment],
) -> Vec<Aligned> {
    let mut out = Vec::with_capacity(reference.len().max(ours.len()));
    let pair = |source, local, state| Aligned {
        source,
        local,
        state,
    };
    for op in capture_diff_slices(Algorithm::Myers, reference, ours) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                out.extend((0..len).map(|i| {
                    // An empty localized half is "not translated yet".
                    let state = if segments[new_index + i].translated() {
                        SegmentState::Current
                    } else {
                        SegmentState::Missing
                    };
                    pair(Some(old_index + i), Some(new_index + i), state)
                }));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                out.extend(
                    (0..old_len).map(|i| pair(Some(old_index + i), None, SegmentState::Missing)),
                );
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                out.extend(
                    (0..new_len).map(|i| pair(None, Some(new_index + i), SegmentState::Stale)),
                );
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let old: Vec<&str> = reference[old_index..old_index + old_len]
                    .iter()
                    .map(|k| &**k)
                    .collect();
                let new: Vec<&str> = ours[new_index..new_index + new_len]
                    .iter()
                    .map(|k| &**k)
                    .collect();
                for (s, l) in pairing::pair(&old, &new) {
                    let (s, l) = (s.map(|s| old_index + s), l.map(|l| new_index + l));
                    let translated = l.is_some_and(|l| segments[l].translated());
                    let state = match (s, l) {
                        (Some(_), Some(_)) if translated => SegmentState::Stale,
                        (Some(_), _) => SegmentState::Missing,
                        (None, _) => SegmentState::Stale,
                    };
                    out.push(pair(s, l, state));
                }
            }
        }
    }
    out
}

/// The English texts of segments as alignment compares them (whitespace collapsed).
pub fn english_keys(segments: &[Segment]) -> Vec<String> {
    keys(segments).into_iter().map(Cow::into_owned).collect()
}

/// [`english_keys`] borrowing the texts that are collapsed already, as most are.
fn keys(segments: &[Segment]) -> Vec<Cow<'_, str>> {
    segments
        .iter()
        .map(|s| markdown::collapsed(s.english_or_local()))
        .collect()
}

/// Counts an alignment into a [`Status`].
fn count(aligned: &[Aligned]) -> Status {
    let (mut changed, mut missing, mut obsolete) = (0, 0, 0);
    for a in aligned {
        match (a.source, a.local, a.state) {
            (None, _, _) => obsolete += 1,
            (Some(_), _, SegmentState::Missing) => missing += 1,
            (Some(_), Some(_), SegmentState::Stale) => changed += 1,
            _ => {}
        }
    }
    if changed + missing + obsolete == 0 {
        Status::Current
    } else {
        Status::Stale {
            changed,
            missing,
            obsolete,
        }
    }
}

/// Builds the version of `doc` shown for `origin`; also returns the "Other error codes" section.
/// `plain` is given to keep the text (see [`text`]).
fn version<'a>(
    doc: &'a Document,
    english_blocks: &[Block],
    origin: Origin,
    status: Status,
    source: Option<FillSource<'a, '_>>,
    plain: Option<&mut Plain<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> (Version, Option<String>) {
    let english_text = matches!(origin, Origin::EnglishHalves(_));
    // The outline of the localized text, if planning needed it.
    let mut local = None;
    let fill = source
        .filter(|_| origin == Origin::Translation)
        .map(|source| (source.doc, plan_missing(doc, &source, &mut local).into()));
    let text = text(doc, &origin, fill, plain);
    let markdown = text.markdown.clone();
    let own_blocks;
    let blocks: &[Block] = if Arc::ptr_eq(&markdown, &doc.english) {
        english_blocks
    } else {
        own_blocks = match local {
            Some(local) if Arc::ptr_eq(&markdown, &doc.local) => local.blocks,
            // The localized text with English put in: mostly the text outlined already.
            Some(local) => markdown::outline_like(&markdown, &doc.local, &local).blocks,
            None => markdown::blocks(&markdown),
        };
        &own_blocks
    };
    let headings: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    let english_headings: Vec<&Block> = english_blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    if headings.len() != english_headings.len() {
        diags.push(Diagnostic::warning(
            "headings-differ",
            doc.source.display.clone(),
            format!(
                "the localized text has {} headings but the English text has {}",
                headings.len(),
                english_headings.len()
            ),
        ));
    }
    // Counted only for headings with that many numbers at all (in_heading is the slow part).
    for h in &english_headings {
        if smtp::find(&h.text).len() <= MAX_CODES_PER_HEADING {
            continue;
        }
        let found = smtp::in_heading(&h.text, ENGLISH).len();
        if found > MAX_CODES_PER_HEADING {
            let at = doc.english_map.source_offset(h.range.start);
            diags.push(
                Diagnostic::warning(
                    "codes-too-many",
                    doc.source.display.clone(),
                    format!(
                        "a heading names {found} error codes; the first {MAX_CODES_PER_HEADING} get code pages"
                    ),
                )
                .at(at..at)
                .help("give each code a heading of its own, or list them in the text"),
            );
        }
    }
    let heading_ids = heading_ids(&english_headings, headings.len());
    let sections = sections(blocks, &heading_ids, markdown.len());
    let text_locale = if Arc::ptr_eq(&markdown, &doc.english) {
        ENGLISH
    } else {
        &doc.source.locale
    };
    let (codes, other) = codes(blocks, english_blocks, &sections, text_locale);

    let h1 = headings
        .iter()
        .find(|h| h.kind == BlockKind::Heading(1))
        .map(|h| h.text.clone());
    let title = h1
        .or_else(|| frontmatter::string(&doc.fields, "title").map(str::to_owned))
        .unwrap_or_else(|| doc.source.rel.trim_end_matches(".md").to_owned());
    let description = match frontmatter::string(&doc.fields, "description") {
        Some(d) if !english_text => d.to_owned(),
        _ => first_paragraph(blocks),
    };
    let translation = (origin == Origin::Translation).then(|| Translation {
        kind: frontmatter::string(&doc.fields, "ms.translationtype").map(str::to_owned),
        handoff: doc.handoff.clone(),
        source_revision: frontmatter::string(&doc.fields, "ms.sourcegitcommit").map(str::to_owned),
    });
    let version = Version {
        locale: if english_text {
            ENGLISH.to_owned()
        } else {
            doc.source.locale.clone()
        },
        origin,
        path: doc.source.display.clone(),
        title,
        description,
        sections: sections.into(),
        codes: codes.into(),
        translation,
        status,
        segments: doc.segments.len(),
        frontmatter: if english_text {
            Fields::new()
        } else {
            doc.fields.clone()
        },
        markdown,
        source_map: text.source_map,
        heading_ids: heading_ids.into(),
        marks: text.marks,
        inserted: text.inserted,
        fill: text.fill,
    };
    (version, other)
}

/// What rendering needs of a version besides its outline.
struct Text {
    markdown: Arc<str>,
    source_map: Arc<SourceMap>,
    marks: Arc<[markdown::Mark]>,
    inserted: Arc<[(usize, usize)]>,
    fill: Arc<[Insert]>,
}

/// The text of the version of `doc` shown for `origin`: a translation's own Markdown with the
/// English of the sentences it lacks put in (`fill`: the source to take them from and where
/// they go), the English halves, or the file as it is.
/// Its sentences (`marks`) are made only to [`Keep::Text`], when `plain` is given: an
/// outline has no use for them.
fn text<'a>(
    doc: &'a Document,
    origin: &Origin,
    fill: Option<(&'a Document, Arc<[Insert]>)>,
    mut plain: Option<&mut Plain<'a>>,
) -> Text {
    let mut marks: Vec<markdown::Mark> = match plain.as_mut() {
        Some(plain) if *origin == Origin::Translation => doc
            .segments
            .iter()
            .map(|seg| markdown::Mark {
                range: seg.local_out.clone(),
                english: plain.of(seg.english_or_local()),
                fallback: !seg.translated(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let (markdown, map, inserted) = if matches!(origin, Origin::EnglishHalves(_)) {
        (doc.english.clone(), doc.english_map.clone(), Vec::new())
    } else {
        match fill.as_ref().filter(|(_, plan)| !plan.is_empty()) {
            Some((src, plan)) => {
                let marks = plain.map(|plain| (&mut marks, plain));
                let (merged, inserted) = fill_missing(doc, src, plan, marks);
                (Arc::from(merged), doc.local_map.clone(), inserted)
            }
            None => (doc.local.clone(), doc.local_map.clone(), Vec::new()),
        }
    };
    Text {
        markdown,
        source_map: Arc::new(map),
        marks: marks.into(),
        inserted: inserted.into(),
        fill: fill.map_or_else(|| Arc::new([]) as Arc<[Insert]>, |(_, plan)| plan),
    }
}

/// The plain text of English sentences for the bilingual view (`markdown::strip_inline`),
/// made once per article: its translations share most of their English.
#[derive(Default)]
struct Plain<'a>(rustc_hash::FxHashMap<&'a str, String>);

impl<'a> Plain<'a> {
    fn of(&mut self, english: &'a str) -> String {
        self.0
            .entry(english)
            .or_insert_with(|| markdown::strip_inline(english))
            .clone()
    }
}

/// Where a translation's missing sentences come from: the newest translation (the English
/// source of the article), the outline of its English halves, and the translation aligned
/// with it. Both were made for the article already; planning reuses them.
#[derive(Clone, Copy)]
struct FillSource<'d, 'a> {
    doc: &'d Document,
    blocks: &'a [Block],
    aligned: &'a [Aligned],
}

/// Puts the English of `source`'s sentences into `doc`'s Markdown as `plan` says. Returns
/// the merged Markdown and the inserted parts as `(start, length)`; `marks`, if given, gets
/// the new sentences and shifted ranges.
fn fill_missing<'a>(
    doc: &Document,
    source: &'a Document,
    plan: &[Insert],
    mut marks: Option<(&mut Vec<markdown::Mark>, &mut Plain<'a>)>,
) -> (String, Vec<(usize, usize)>) {
    let english = &source.english;
    let mut merged = String::with_capacity(doc.local.len() + 1024);
    let mut inserted = Vec::new();
    let mut new_marks = Vec::new();
    let mut shifts: Vec<(usize, usize)> = Vec::new(); // (original offset, length inserted there)
    let mut at = 0;
    for &Insert {
        at: pos,
        first,
        end,
        ref text,
    } in plan
    {
        merged.push_str(&doc.local[at..pos]);
        let mut piece = String::new();
        if !merged.is_empty() && !merged.ends_with("\n\n") {
            piece.push_str(if merged.ends_with('\n') { "\n" } else { "\n\n" });
        }
        let body_start = merged.len() + piece.len();
        piece.push_str(english[text.clone()].trim_end());
        piece.push_str("\n\n");
        if let Some((_, plain)) = marks.as_mut() {
            for seg in &source.segments[first..end] {
                let r = &seg.english_out;
                new_marks.push(markdown::Mark {
                    range: body_start + (r.start - text.start)..body_start + (r.end - text.start),
                    english: plain.of(seg.english_or_local()),
                    fallback: true,
                });
            }
        }
        inserted.push((merged.len(), piece.len()));
        shifts.push((pos, piece.len()));
        merged.push_str(&piece);
        at = pos;
    }
    merged.push_str(&doc.local[at..]);
    let Some((marks, _)) = marks else {
        return (merged, inserted);
    };
    // Existing sentences move by what was inserted before them.
    for mark in marks.iter_mut() {
        let shift: usize = shifts
            .iter()
            .filter(|(p, _)| *p <= mark.range.start)
            .map(|(_, l)| l)
            .sum();
        mark.range = mark.range.start + shift..mark.range.end + shift;
    }
    marks.extend(new_marks);
    marks.sort_by_key(|m| m.range.start);
    (merged, inserted)
}

/// Heading ids from the English headings: the `<a name>` anchor, else a slug of the text;
/// repeated ids get `-1`, `-2`… so every id is unique in the page.
/// How many codes of one heading become code pages: real headings name one to three; a
/// heading of thousands would make as many pages of the same section.
pub const MAX_CODES_PER_HEADING: usize = 16;

fn heading_ids(english: &[&Block], count: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let base = english.get(i).map_or_else(
            || format!("section-{}", i + 1),
            // An anchor as long as a whole heading's slug may be is kept as written.
            |h| match &h.anchor {
                Some(anchor) if anchor.len() <= 2 * markdown::MAX_SLUG => anchor.clone(),
                _ => markdown::slug(&h.text),
            },
        );
        let mut id = base.clone();
        let mut n = 0;
        while !seen.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        ids.push(id);
    }
    ids
}

fn sections(blocks: &[Block], ids: &[String], len: usize) -> Vec<Section> {
    let headings: Vec<(usize, &Block)> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    headings
        .iter()
        .enumerate()
        .map(|(n, (_, block))| {
            let BlockKind::Heading(level) = block.kind else {
                unreachable!("filtered to headings")
            };
            let end = headings[n + 1..]
                .iter()
                .find(|(_, b)| matches!(b.kind, BlockKind::Heading(l) if l <= level))
                .map_or(len, |(_, b)| b.range.start);
            Section {
                id: ids[n].clone(),
                level,
                title: block.text.clone(),
                range: block.range.start..end,
            }
        })
        .collect()
}

/// The first paragraph that reads like prose (five words or more), shortened for a summary.
fn first_paragraph(blocks: &[Block]) -> String {
    let para = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph)
        .find(|b| b.text.split_whitespace().count() >= 5)
        .map_or("", |b| b.text.as_str());
    truncate(para, 300)
}

/// Shortens `text` to at most `max` characters at a sentence or word boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    if let Some(end) = head.rfind(". ").filter(|&e| e > cut / 2) {
        return head[..=end].to_owned();
    }
    let end = head.rfind(' ').unwrap_or(cut);
    format!("{}…", head[..end].trim_end_matches([',', ';', ':']))
}

/// Finds error codes in the English headings ([`smtp::in_heading`], so every locale has the
/// same codes) and cuts each code's parts out of the version's Markdown, whose text is in
/// `locale`. Returns the codes and the id of an "Other error codes" section.
fn codes(
    blocks: &[Block],
    english: &[Block],
    sections: &[Section],
    locale: &str,
) -> (Vec<CodeText>, Option<String>) {
    let english_headings: Vec<&Block> = english
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    let local_headings: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    let mut out: Vec<CodeText> = Vec::new();
    let mut other = None;
    let mut n = 0;
    while n < sections.len().min(english_headings.len()) {
        let en = &english_headings[n].text;
        let mut found = smtp::in_heading(en, ENGLISH);
        // Reported by `version` (`codes-too-many`).
        found.truncate(MAX_CODES_PER_HEADING);
        if found.is_empty() {
            if other.is_none() && is_other_codes_heading(en) {
                other = Some(sections[n].id.clone());
            }
            n += 1;
            continue;
        }
        let section = &sections[n];
        // Subsections of the code section; the first one about fixing holds the fixes.
        let subsections: Vec<usize> = (n + 1..sections.len())
            .take_while(|&k| sections[k].range.start < section.range.end)
            .collect();
        let mut fix = subsections.iter().copied().find(|&k| {
            english_headings
                .get(k)
                .is_some_and(|h| is_fix_heading(&h.text))
        });
        // A fix heading at the same level right after the section, naming the same code.
        let next = n + 1 + subsections.len();
        if fix.is_none() && next < sections.len() {
            if let Some(h) = english_headings.get(next) {
                let names_code = smtp::find(&h.text)
                    .iter()
                    .any(|f| found.iter().any(|c| c.enhanced == f.enhanced));
                if names_code && is_fix_heading(&h.text) {
                    fix = Some(next);
                }
            }
        }
        let body_start = local_headings[n].range.end;
        let body_end = subsections
            .first()
            .map_or(section.range.end, |&k| sections[k].range.start);
        let (description_md, mut causes_md) = split_description(blocks, body_start..body_end);
        let mut fixes_md = fix.map_or(0..0, |k| local_headings[k].range.end..sections[k].range.end);
        // "Fix delivery issues for error code 550 5.4.1 …": the section is its own fix, so its
        // list holds the fixes, not the causes.
        let own_fix = fix.is_none() && is_fix_heading(en);
        if own_fix {
            fixes_md = std::mem::replace(&mut causes_md, body_end..body_end);
        }
        let description = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph && description_md.contains(&b.range.start))
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let title = code_title::title(&local_headings[n].text, locale, en, &found);
        for f in &found {
            out.push(CodeText {
                enhanced: f.enhanced.clone(),
                reply: f.reply.clone(),
                section: section.id.clone(),
                title: title.clone(),
                description: description.clone(),
                fix_section: fix
                    .map(|k| sections[k].id.clone())
                    .or_else(|| own_fix.then(|| section.id.clone())),
                description_md: description_md.clone(),
                causes_md: causes_md.clone(),
                fixes_md: fixes_md.clone(),
            });
        }
        n = fix.map_or(n + 1, |k| k.max(n) + 1);
    }
    (out, other)
}

/// Splits a code section's own body into the description (paragraphs before the first list)
/// and the causes (from the first list on).
fn split_description(blocks: &[Block], body: Range<usize>) -> (Range<usize>, Range<usize>) {
    let first_list = blocks
        .iter()
        .find(|b| {
            b.kind == BlockKind::List && b.range.start >= body.start && b.range.start < body.end
        })
        .map(|b| b.range.start);
    match first_list {
        Some(at) => (body.start..at, at..body.end),
        None => (body.clone(), body.end..body.end),
    }
}

fn is_fix_heading(english: &str) -> bool {
    let lower = english.to_lowercase();
    [
        "fix",
        "resolve",
        "resolution",
        "solution",
        "workaround",
        "troubleshoot",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

fn is_other_codes_heading(english: &str) -> bool {
    let lower = english.to_lowercase();
    lower.contains("other") && lower.contains("code")
}

/// Every code found in the English versions, merged across articles.
fn collect_codes(articles: &[Article]) -> Vec<Code> {
    let mut by_code: BTreeMap<String, Code> = BTreeMap::new();
    for article in articles {
        let Some(english) = article.versions.get(ENGLISH) else {
            continue;
        };
        for text in english.codes.iter() {
            let code = by_code.entry(text.enhanced.clone()).or_insert_with(|| {
                let mut parts = text
                    .enhanced
                    .split('.')
                    .map(|p| p.parse::<u16>().unwrap_or(0));
                let (class, subject, detail) = (
                    parts.next().unwrap_or(0) as u8,
                    parts.next().unwrap_or(0),
                    parts.next().unwrap_or(0),
                );
                Code {
                    enhanced: text.enhanced.clone(),
                    reply: None,
                    class,
                    subject,
                    detail,
                    occurrences: Vec::new(),
                }
            });
            code.reply = code.reply.take().or_else(|| text.reply.clone());
            let occurrence = Occurrence {
                article: article.slug.clone(),
                section: text.section.clone(),
            };
            if !code.occurrences.contains(&occurrence) {
                code.occurrences.push(occurrence);
            }
        }
    }
    let mut codes: Vec<Code> = by_code.into_values().collect();
    for code in &mut codes {
        code.occurrences.sort();
    }
    codes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    codes
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

    #[test]
    fn an_invalid_date_is_reported_in_the_frontmatter() {
        let source = Source {
            locale: "sv-SE".into(),
            rel: "a.md".into(),
            display: "content/sv-SE/a.md".into(),
            abs: "/nonexistent/content/sv-SE/a.md".into(),
        };
        let at = |text: &str| {
            let (_, diags) = document(source.clone(), text.as_bytes());
            let d = diags
                .iter()
                .find(|d| d.kind == "date-invalid")
                .expect("date-invalid");
            d.span.clone().unwrap()
        };
        let plain = "---\nms.lasthandoff: soon\n---\n# A\n";
        assert_eq!(at(plain), 4..18);
        // Quoted in the frontmatter, and a body line that looks like the key.
        let quoted = "---\n\"ms.lasthandoff\": soon\n---\n# A\n\nms.lasthandoff: x\n";
        assert_eq!(at(quoted), 0..3);
    }

    #[test]
    fn dates_in_the_forms_we_meet() {
        assert_eq!(iso_date("08/29/2020").as_deref(), Some("2020-08-29"));
        assert_eq!(iso_date("3/9/2021").as_deref(), Some("2021-03-09"));
        assert_eq!(iso_date("2021-03-19").as_deref(), Some("2021-03-19"));
        assert_eq!(iso_date("19.03.2021").as_deref(), Some("2021-03-19"));
        assert_eq!(iso_date("13/01/2021"), None);
        assert_eq!(iso_date("soon"), None);
    }

    /// A translated segment whose English half is `en`.
    fn seg(en: &str) -> Segment {
        Segment {
            id: String::new(),
            local: Some("x".into()),
            english: Some(en.into()),
            span: 0..0,
            local_out: 0..0,
            english_out: 0..0,
        }
    }

    /// The English source segments the alignment tests compare with.
    fn reference() -> Vec<String> {
        ["A", "B", "C", "D"].map(String::from).to_vec()
    }

    /// The status of a translation with these segments.
    fn align(reference: &[String], segments: &[Segment]) -> Status {
        count(&align_segments(reference, segments))
    }

    #[test]
    fn alignment_counts_changed_missing_and_obsolete() {
        let reference = reference();
        assert_eq!(
            align(&reference, &[seg("A"), seg("B"), seg("C"), seg("D")]),
            Status::Current
        );
        assert_eq!(
            align(&reference, &[seg("A"), seg("B2"), seg("D")]),
            Status::Stale {
                changed: 1,
                missing: 1,
                obsolete: 0
            }
        );
        assert_eq!(
            align(
                &reference,
                &[seg("A"), seg("B"), seg("C"), seg("D"), seg("E")]
            ),
            Status::Stale {
                changed: 0,
                missing: 0,
                obsolete: 1
            }
        );
    }

    #[test]
    fn segment_alignment_pairs_every_source_segment_in_order() {
        let reference = reference();
        let got = align_segments(&reference, &[seg("A"), seg("B2"), seg("D"), seg("Z")]);
        let simple: Vec<(Option<usize>, Option<usize>, SegmentState)> =
            got.iter().map(|a| (a.source, a.local, a.state)).collect();
        assert_eq!(
            simple,
            [
                (Some(0), Some(0), SegmentState::Current),
                (Some(1), Some(1), SegmentState::Stale),
                (Some(2), None, SegmentState::Missing),
                (Some(3), Some(2), SegmentState::Current),
                (None, Some(3), SegmentState::Stale),
            ]
        );
    }

    #[test]
    fn truncation_prefers_sentence_then_word_boundaries() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("One two three four five six", 12), "One two…");
        assert_eq!(
            truncate("First sentence. Second one is long", 25),
            "First sentence."
        );
    }
}
