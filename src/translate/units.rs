//! `kbsite i18n export`: every segment of every article, in the English source's order, as
//! a translator sees it ([`Unit`]): the English, the locale's translation, its state
//! (current, stale, missing), where it is and its context.

use std::path::Path;

use super::canonical;
use super::project::{project, Files};
use crate::diagnostics::{Diagnostics, Error, Lines};
use crate::model::{self, SegmentState};
use crate::segments::Segment;

/// One segment of an article as a translator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub article: String,
    /// The id in the locale's file if translated, else the English source file's id.
    pub id: String,
    /// The current English text.
    pub english: String,
    /// The translation, `None` when missing (an empty localized half: not translated yet).
    pub translation: Option<String>,
    /// The English the translation was made from, when it is stale.
    pub previous: Option<String>,
    pub state: SegmentState,
    /// `content/<locale>/<article>.md` (or the English source's file when missing) and line.
    pub file: String,
    pub line: usize,
    /// Titles of the enclosing headings, outermost first (English).
    pub headings: Vec<String>,
    /// The error code of the enclosing code section.
    pub code: Option<String>,
}

/// Everything exported for one locale.
#[derive(Debug)]
pub struct Export {
    pub locale: String,
    pub units: Vec<Unit>,
}

/// Collects every segment of every article for `locale`.
pub fn export(root: &Path, locale: &str, diags: &mut Diagnostics) -> Result<Export, Error> {
    let locale = canonical(locale)?;
    let files = project(root, &locale, diags)?;
    let units = files
        .iter()
        .flat_map(|f| units_of(f).into_iter().map(|(u, _, _)| u))
        .collect();
    Ok(Export { locale, units })
}

/// The units of one article for `locale`, in source order, each with the index of its
/// segment in the source and in the locale's file (if any).
pub(super) fn units_of(f: &Files) -> Vec<(Unit, usize, Option<usize>)> {
    let target = f.target();
    let reference = model::english_keys(&f.source.segments);
    let aligned = match target {
        Some((t, _)) => model::align_segments(&reference, &t.segments),
        None => (0..reference.len())
            .map(|i| model::Aligned {
                source: Some(i),
                local: None,
                state: SegmentState::Missing,
            })
            .collect(),
    };
    let source_lines = Lines::new(&f.source_text);
    let target_lines = target.map(|(_, text)| Lines::new(text));
    let line = |lines: &Lines, at: usize| lines.line_column(at).0;
    let mut out = Vec::new();
    for a in aligned {
        let Some(si) = a.source else { continue };
        let src = &f.source.segments[si];
        let english = src.english_or_local().to_owned();
        if english.trim().is_empty() {
            continue;
        }
        let (headings, code) = f.context[si].clone();
        let local: Option<&Segment> = a.local.and_then(|li| target.map(|(t, _)| &t.segments[li]));
        let (id, file, line, translation, previous) = match (local, target, &target_lines) {
            (Some(seg), Some((t, _)), Some(lines)) => {
                // An empty localized half is "not translated yet"; a half equal to the English
                // (a product name) is a translation.
                let translation = seg.local.clone().filter(|l| !l.is_empty());
                let previous = (a.state == SegmentState::Stale)
                    .then(|| seg.english.clone())
                    .flatten();
                (
                    seg.id.clone(),
                    t.source.display.clone(),
                    line(lines, seg.span.start),
                    translation,
                    previous,
                )
            }
            _ => (
                src.id.clone(),
                f.source.source.display.clone(),
                line(&source_lines, src.span.start),
                None,
                None,
            ),
        };
        let unit = Unit {
            article: f.slug.clone(),
            id,
            english,
            translation,
            previous,
            state: a.state,
            file,
            line,
            headings,
            code,
        };
        out.push((unit, si, a.local));
    }
    out
}
