//! One version of an article: its text (see `text`), its blocks, headings, sections, codes,
//! title, description and translation metadata.

use std::sync::Arc;

use super::codes::codes;
use super::placement::plan_missing;
use super::sections::{first_paragraph, heading_ids, sections};
use super::text::{text, FillSource, Plain};
use super::{Document, Origin, Status, Translation, Version, ENGLISH};
use crate::diagnostics::{Diagnostic, Kind};
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
    let own_blocks = own_blocks(doc, &markdown, local);
    let blocks: &[Block] = own_blocks.as_deref().unwrap_or(english_blocks);
    let headings = headings_of(blocks);
    let english_headings = headings_of(english_blocks);
    report_heading_counts(doc, &headings, &english_headings, diags);
    let heading_ids = heading_ids(&english_headings, headings.len());
    let sections = sections(blocks, &heading_ids, markdown.len());
    let text_locale = if Arc::ptr_eq(&markdown, &doc.english) {
        ENGLISH
    } else {
        &doc.source.locale
    };
    // The English halves' version reads the same headings as the file's own version, so only
    // the latter reports what it finds there (once per file, not once per version).
    let mut code_diags = Vec::new();
    let (codes, other) = codes(
        doc,
        blocks,
        english_blocks,
        &sections,
        text_locale,
        &mut code_diags,
    );
    if !english_text {
        diags.append(&mut code_diags);
    }
    let version = Version {
        locale: if english_text {
            ENGLISH.to_owned()
        } else {
            doc.source.locale.clone()
        },
        path: doc.source.display.clone(),
        title: title(doc, &headings),
        description: description(doc, blocks, english_text),
        sections: sections.into(),
        codes: codes.into(),
        translation: (origin == Origin::Translation).then(|| translation(doc)),
        origin,
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

/// The blocks of the version's `markdown` when it is not the English halves (whose blocks
/// the article has made already): the localized outline planning made, if any, reused.
fn own_blocks(
    doc: &Document,
    markdown: &Arc<str>,
    local: Option<markdown::Outline>,
) -> Option<Vec<Block>> {
    if Arc::ptr_eq(markdown, &doc.english) {
        return None;
    }
    Some(match local {
        Some(local) if Arc::ptr_eq(markdown, &doc.local) => local.blocks,
        // The localized text with English put in: mostly the text outlined already.
        Some(local) => markdown::outline_like(markdown, &doc.local, &local).blocks,
        None => markdown::blocks(markdown),
    })
}

/// The headings among `blocks`.
fn headings_of(blocks: &[Block]) -> Vec<&Block> {
    blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect()
}

/// A `headings-differ` warning when the version has another number of headings than its
/// English text (their ids go by position).
fn report_heading_counts(
    doc: &Document,
    headings: &[&Block],
    english_headings: &[&Block],
    diags: &mut Vec<Diagnostic>,
) {
    if headings.len() != english_headings.len() {
        diags.push(Diagnostic::new(
            Kind::HeadingsDiffer,
            doc.source.display.clone(),
            format!(
                "the localized text has {} headings but the English text has {}",
                headings.len(),
                english_headings.len()
            ),
        ));
    }
}

/// The first `#` heading, else the frontmatter's `title`, else the file's path.
fn title(doc: &Document, headings: &[&Block]) -> String {
    let h1 = headings
        .iter()
        .find(|h| h.kind == BlockKind::Heading(1))
        .map(|h| h.text.clone());
    h1.or_else(|| frontmatter::string(&doc.fields, "title").map(str::to_owned))
        .unwrap_or_else(|| crate::paths::slug(&doc.source.rel).to_owned())
}

/// The frontmatter's `description` (not for the English halves: it is localized), else the
/// first paragraph.
fn description(doc: &Document, blocks: &[Block], english_text: bool) -> String {
    match frontmatter::string(&doc.fields, "description") {
        Some(d) if !english_text => d.to_owned(),
        _ => first_paragraph(blocks),
    }
}

/// A translation's metadata from its frontmatter.
fn translation(doc: &Document) -> Translation {
    Translation {
        kind: frontmatter::string(&doc.fields, "ms.translationtype").map(str::to_owned),
        handoff: doc.handoff.clone(),
        source_revision: frontmatter::string(&doc.fields, "ms.sourcegitcommit").map(str::to_owned),
    }
}
