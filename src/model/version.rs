//! One version of an article: its text (see `text`), its blocks, headings, sections, codes,
//! title, description and translation metadata.

use std::sync::Arc;

use super::codes::{codes, report_too_many_codes};
use super::placement::plan_missing;
use super::sections::{first_paragraph, heading_ids, sections};
use super::text::{text, FillSource, Plain};
use super::{Document, Origin, Status, Translation, Version, ENGLISH};
use crate::diagnostics::Diagnostic;
use crate::frontmatter::{self, Fields};
use crate::markdown::{self, Block, BlockKind};

/// Builds the version of `doc` shown for `origin`; also returns the "Other error codes" section.
/// `plain` is given to keep the text (see [`text`]).
pub(super) fn version<'a>(
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
    report_too_many_codes(doc, &english_headings, diags);
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
