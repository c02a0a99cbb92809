//! Error codes: found in a version's English headings ([`smtp::in_heading`], so every
//! locale has the same codes), each code's description, causes and fixes cut out of the
//! version's Markdown, and the codes of every article merged across the site.

use std::collections::BTreeMap;
use std::ops::Range;

use super::{Article, Code, CodeText, Document, Occurrence, Section, ENGLISH};
use crate::code_title;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::{Block, BlockKind};
use crate::smtp;

/// How many codes of one heading become code pages: real headings name one to three; a
/// heading of thousands would make as many pages of the same section.
pub const MAX_CODES_PER_HEADING: usize = 16;

/// Finds error codes in the English headings ([`smtp::in_heading`], so every locale has the
/// same codes) and cuts each code's parts out of the version's Markdown, whose text is in
/// `locale`. A heading that names more than [`MAX_CODES_PER_HEADING`] codes is reported
/// (`codes-too-many`, in `doc`) and keeps the first ones. Returns the codes and the id of an
/// "Other error codes" section.
pub(super) fn codes(
    doc: &Document,
    blocks: &[Block],
    english: &[Block],
    sections: &[Section],
    locale: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<CodeText>, Option<String>) {
    let english_headings: Vec<&Block> = english
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    // Every heading's codes, once: the ones past the sections are only reported.
    let mut in_headings: Vec<Vec<smtp::Found>> = english_headings
        .iter()
        .map(|h| smtp::in_heading(&h.text, ENGLISH))
        .collect();
    report_too_many_codes(doc, &english_headings, &in_headings, diags);
    let local_headings: Vec<&Block> = blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .collect();
    let mut out: Vec<CodeText> = Vec::new();
    let mut other = None;
    let mut n = 0;
    while n < sections.len().min(english_headings.len()) {
        let en = &english_headings[n].text;
        let mut found = std::mem::take(&mut in_headings[n]);
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
        let fix = fix_section(n, &subsections, sections, &english_headings, &found);
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

/// A `codes-too-many` warning for each English heading that names more than
/// [`MAX_CODES_PER_HEADING`] codes (`in_headings`, each heading's, untruncated).
fn report_too_many_codes(
    doc: &Document,
    english_headings: &[&Block],
    in_headings: &[Vec<smtp::Found>],
    diags: &mut Vec<Diagnostic>,
) {
    for (h, found) in english_headings.iter().zip(in_headings) {
        let found = found.len();
        if found > MAX_CODES_PER_HEADING {
            let at = doc.english_map.source_offset(h.range.start);
            diags.push(
                Diagnostic::new(
                    Kind::CodesTooMany,
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
}

/// The section holding the fixes of the code section `n` (whose subsections are
/// `subsections`, and whose English heading names `found`): its first subsection about
/// fixing, else a fix heading at the same level right after it naming the same code.
fn fix_section(
    n: usize,
    subsections: &[usize],
    sections: &[Section],
    english_headings: &[&Block],
    found: &[smtp::Found],
) -> Option<usize> {
    let fix = subsections.iter().copied().find(|&k| {
        english_headings
            .get(k)
            .is_some_and(|h| is_fix_heading(&h.text))
    });
    let next = n + 1 + subsections.len();
    if fix.is_some() || next >= sections.len() {
        return fix;
    }
    let h = english_headings.get(next)?;
    let names_code = smtp::find(&h.text)
        .iter()
        .any(|f| found.iter().any(|c| c.enhanced == f.enhanced));
    (names_code && is_fix_heading(&h.text)).then_some(next)
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
pub(super) fn collect_codes(articles: &[Article]) -> Vec<Code> {
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
