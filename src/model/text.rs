//! The text of a version: its Markdown (a translation's own, with the English of the
//! sentences it lacks put in where `placement` planned it, or the English halves), its source
//! map, and its sentences with their plain English for the bilingual view.

use std::sync::Arc;

use super::align::Aligned;
use super::{Document, Insert, Origin};
use crate::markdown::{self, Block};
use crate::segments::SourceMap;

/// What rendering needs of a version besides its outline.
pub(super) struct Text {
    pub(super) markdown: Arc<str>,
    pub(super) source_map: Arc<SourceMap>,
    pub(super) marks: Arc<[markdown::Mark]>,
    pub(super) inserted: Arc<[(usize, usize)]>,
    pub(super) fill: Arc<[Insert]>,
}

/// The text of the version of `doc` shown for `origin`: a translation's own Markdown with the
/// English of the sentences it lacks put in (`fill`: the source to take them from and where
/// they go), the English halves, or the file as it is.
/// Its sentences (`marks`) are made only to [`Keep::Text`](super::Keep::Text), when `plain`
/// is given: an outline has no use for them.
pub(super) fn text<'a>(
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
pub(super) struct Plain<'a>(rustc_hash::FxHashMap<&'a str, String>);

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
pub(super) struct FillSource<'d, 'a> {
    pub(super) doc: &'d Document,
    pub(super) blocks: &'a [Block],
    pub(super) aligned: &'a [Aligned],
}

/// Puts the English of `source`'s sentences into `doc`'s Markdown as `plan` says. Returns
/// the merged Markdown and the inserted parts as `(start, length)`; `marks`, if given, gets
/// the new sentences and shifted ranges.
pub(super) fn fill_missing<'a>(
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
