//! One article's documents → its [`Article`]: the newest translation as the English
//! reference, the English outlines made once, a version per translation (aligned with the
//! reference), the English version, and the fallbacks for locales without the article.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::align::{align_keys, count, keys};
use super::text::{FillSource, Plain};
use super::version::version;
use super::{Article, Document, Keep, Origin, Status, Version, ENGLISH};
use crate::diagnostics::{Diagnostic, Kind};
use crate::frontmatter::{self, Fields};
use crate::markdown::{self, Block};

/// Builds one article from its documents (sorted by locale): the translations' versions,
/// the English version, and the fallbacks for the `locales` without the article.
pub(super) fn article(
    slug: String,
    files: Vec<usize>,
    docs: Vec<Document>,
    locales: &[String],
    keep: Keep,
    diags: &mut Vec<Diagnostic>,
) -> Article {
    let newest = newest(&docs);
    let asset_id = docs
        .iter()
        .find_map(|d| frontmatter::string(&d.fields, "ms.assetid").map(str::to_owned));
    let english_blocks = english_outlines(&docs, newest);
    let mut plain = (keep == Keep::Text).then(Plain::default);
    let (mut versions, other_codes) =
        translations(&docs, &english_blocks, newest, plain.as_mut(), diags);
    let english = english_origin(&docs, newest);
    let english_source = english
        .as_ref()
        .map(|&(i, _)| docs[i].source.locale.clone());
    let mut other_codes = other_codes;
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
            Diagnostic::new(
                Kind::ArticleNoEnglish,
                docs[0].source.display.clone(),
                format!("article `{slug}` has no English text: no bilingual pairs and no content/en/ file"),
            )
            .help("the English site shows it in its own language"),
        ),
    }
    add_fallbacks(&mut versions, locales);
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

/// The outline of each file's English text, made once: a translation's version, the
/// English version built from its halves and the plan of what other translations lack
/// all need it. The newest translation's first: the English of the others is mostly the
/// same text, and theirs are made from it.
fn english_outlines(docs: &[Document], newest: Option<usize>) -> Vec<Vec<Block>> {
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
    english_blocks
}

/// The version of each translation (every document but a real English file), aligned with
/// the newest translation's English, by locale; and the first "Other error codes" section.
fn translations<'a>(
    docs: &'a [Document],
    english_blocks: &[Vec<Block>],
    newest: Option<usize>,
    mut plain: Option<&mut Plain<'a>>,
    diags: &mut Vec<Diagnostic>,
) -> (BTreeMap<String, Version>, Option<String>) {
    // Each file's English texts as alignment compares them, made once: the newest
    // translation's are the reference for all.
    let doc_keys: Vec<Vec<Cow<'_, str>>> = docs.iter().map(|d| keys(&d.segments)).collect();
    let reference: &[Cow<'_, str>] = newest.map_or(&[], |i| &doc_keys[i]);
    let mut versions = BTreeMap::new();
    let mut other_codes = None;
    for ((doc, own_english), ours) in docs.iter().zip(english_blocks).zip(&doc_keys) {
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
            plain.as_deref_mut(),
            diags,
        );
        other_codes = other_codes.or(other);
        versions.insert(doc.source.locale.clone(), version);
    }
    (versions, other_codes)
}

/// The document whose English is the English source, and the origin that gives the English
/// version: a real English file, else the English halves of the newest translation.
fn english_origin(docs: &[Document], newest: Option<usize>) -> Option<(usize, Origin)> {
    let english_file = docs.iter().position(|d| d.source.locale == ENGLISH);
    match (english_file, newest) {
        (Some(i), _) => Some((i, Origin::EnglishFile)),
        (None, Some(i)) => Some((i, Origin::EnglishHalves(docs[i].source.locale.clone()))),
        (None, None) => None,
    }
}

/// The version a locale without the article shows, of the versions with a text of their
/// own: the English one, else the first by locale. The one home of that rule: the first
/// pass copies it ([`add_fallbacks`]) and `reload` gives the fallbacks its text again.
pub(super) fn shown_version(own: &BTreeMap<String, Version>) -> Option<&Version> {
    own.get(ENGLISH).or_else(|| own.values().next())
}

/// Locales without the article show the [`shown_version`].
fn add_fallbacks(versions: &mut BTreeMap<String, Version>, locales: &[String]) {
    if let Some(fallback) = shown_version(versions).map(fallback_of) {
        for locale in locales {
            if !versions.contains_key(locale) {
                let mut v = fallback.clone();
                v.locale = locale.clone();
                versions.insert(locale.clone(), v);
            }
        }
    }
}

/// The newest translation with bilingual pairs: it provides the English text and segments
/// (the model's choice and the exporter's).
pub fn newest(docs: &[Document]) -> Option<usize> {
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
