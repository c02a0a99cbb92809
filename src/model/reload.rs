//! An outlined article back with its text: its files read again and each version's text
//! made as the single pass made it (`tests/integration/reload.rs` holds the two equal).

use std::collections::BTreeMap;

use super::article::{newest, shown_version};
use super::build::{read_docs, Read};
use super::text::{text, Plain, Text};
use super::{Article, Document, Origin, Version};
use crate::source::Source;

/// The outline of an article (built with [`Keep::Outline`]) with its text again, read from
/// its files: the same article [`build`] would have made with [`Keep::Text`], without
/// outlining it again, but for the frontmatter (only its [`SHOWN_FIELDS`]; `read` need not
/// parse it: see [`document_body`]). `None` when a file no longer gives the document it gave.
///
/// [`Keep::Outline`]: super::Keep::Outline
/// [`Keep::Text`]: super::Keep::Text
/// [`build`]: super::build
/// [`SHOWN_FIELDS`]: super::SHOWN_FIELDS
/// [`document_body`]: super::document_body
pub fn reload<E>(
    outline: &Article,
    sources: &[Source],
    read: &Read<'_, E>,
) -> Result<Option<Article>, E> {
    // Their diagnostics were reported the first time.
    let (mut docs, _) = read_docs(&outline.files, sources, read)?;
    restore_dates(&mut docs, outline);
    if !docs
        .iter()
        .map(|d| d.digest)
        .eq(outline.digests.iter().copied())
    {
        return Ok(None);
    }
    let mut article = Article {
        slug: outline.slug.clone(),
        files: outline.files.clone(),
        digests: outline.digests.clone(),
        asset_id: outline.asset_id.clone(),
        english_source: outline.english_source.clone(),
        other_codes: outline.other_codes.clone(),
        versions: BTreeMap::new(),
    };
    let Some(fallbacks) = own_texts(&mut article, outline, &docs) else {
        return Ok(None);
    };
    Ok(add_fallbacks(&mut article, outline, &fallbacks).map(|()| article))
}

/// The dates that tell which translation is the newest, as the frontmatter gave them the
/// first time (`read` may not parse it): each translation's version has its file's date.
fn restore_dates(docs: &mut [Document], outline: &Article) {
    for d in docs.iter_mut().filter(|d| d.handoff.is_none()) {
        d.handoff = outline
            .versions
            .get(&d.source.locale)
            .and_then(|v| v.translation.as_ref())
            .and_then(|t| t.handoff.clone());
    }
}

/// Puts into `article` every version of `outline` that has a text of its own, made from
/// `docs` as the first pass made it. Returns the locales of the fallbacks, left for
/// [`add_fallbacks`]; `None` when a file no longer gives the text it gave.
fn own_texts<'o>(
    article: &mut Article,
    outline: &'o Article,
    docs: &[Document],
) -> Option<Vec<&'o String>> {
    let doc = |locale: &str| docs.iter().find(|d| d.source.locale == locale);
    // A translation that lacked sentences gets them from the same source again.
    let newest = newest(docs).map(|i| &docs[i]);
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
        let from = from?;
        let fill = match (newest, v.fill.is_empty()) {
            (_, true) => None,
            (Some(source), false) => Some((source, v.fill.clone())),
            (None, false) => return None,
        };
        let text = text(from, &v.origin, fill, Some(&mut plain));
        if text.inserted != v.inserted {
            return None;
        }
        article.versions.insert(locale.clone(), with_text(v, text));
    }
    Some(fallbacks)
}

/// Fallbacks show the version pass one copied, its [`shown_version`].
fn add_fallbacks(article: &mut Article, outline: &Article, fallbacks: &[&String]) -> Option<()> {
    let shown = shown_version(&article.versions).cloned();
    for &locale in fallbacks {
        let (Some(shown), Some(v)) = (&shown, outline.versions.get(locale)) else {
            return None;
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
    Some(())
}

/// A version's outline with its text.
pub(super) fn with_text(outline: &Version, text: Text) -> Version {
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
