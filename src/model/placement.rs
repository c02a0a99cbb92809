//! Where the English of the sentences a translation lacks goes in its page.
//!
//! The page shows them (marked as not translated) where the English source has them instead
//! of leaving them out. What goes in is a run of whole source blocks whose sentences are all
//! missing: never a heading (that would shift the heading ids), never across a heading, nor
//! across a block without sentences that the translation has (code it shows already). A run
//! stays in its section, the part of the English under one heading (or before the first): it
//! goes after the translation's block holding the nearest aligned sentence before it in that
//! section, else before the block of the nearest one after it, else right after the
//! section's heading in the translation. The section's heading in the translation is the one
//! its own sentence is aligned with, else the one in the same position when both texts have
//! as many headings; an aligned sentence that lies under another heading of the translation
//! is no anchor. A run whose section has no heading in the translation is left out: no safe
//! place exists, and it still counts as missing in the status.

use std::ops::Range;

use super::text::FillSource;
use super::{Document, Insert};
use crate::markdown::{self, Block, BlockKind};

/// A run of whole source blocks whose sentences `first..end` are all missing; `text` is
/// their Markdown in the source's English, `section` the source heading they follow.
struct Run {
    first: usize,
    end: usize,
    text: Range<usize>,
    section: Option<usize>,
}

/// The runs of missing blocks of the source, and the sentences of each of its headings. A
/// block without sentences (code, an include) joins the run around it unless the translation
/// has it (`local`).
fn source_runs(
    source: &Document,
    blocks: &[Block],
    missing: &[bool],
    local: &str,
) -> (Vec<Run>, Vec<Range<usize>>) {
    let segments = &source.segments;
    let (mut runs, mut headings) = (Vec::<Run>::new(), Vec::new());
    let (mut seg, mut extends) = (0, false);
    for block in blocks {
        let first = seg;
        while seg < segments.len() && segments[seg].english_out.start < block.range.end {
            seg += 1;
        }
        if matches!(block.kind, BlockKind::Heading(_)) {
            headings.push(first..seg);
            extends = false;
            continue;
        }
        if first == seg {
            extends = extends && !local.contains(source.english[block.range.clone()].trim());
            continue;
        }
        let whole = missing[first..seg].iter().all(|&m| m);
        match runs.last_mut() {
            Some(run) if whole && extends => {
                run.end = seg;
                run.text.end = block.range.end;
            }
            _ if whole => runs.push(Run {
                first,
                end: seg,
                text: block.range.clone(),
                section: headings.len().checked_sub(1),
            }),
            _ => {}
        }
        extends = whole;
    }
    (runs, headings)
}

/// The translation's outline: its blocks and which of them are headings.
struct Local<'a> {
    blocks: &'a [Block],
    headings: Vec<usize>,
}

impl Local<'_> {
    /// The block holding the offset `pos`.
    fn block_at(&self, pos: usize) -> Option<&Block> {
        let i = self.blocks.partition_point(|b| b.range.end < pos);
        self.blocks.get(i).filter(|b| b.range.start <= pos)
    }

    /// The heading (by position among the headings) the offset `pos` lies under.
    fn section_of(&self, pos: usize) -> Option<usize> {
        self.headings
            .partition_point(|&h| self.blocks[h].range.start <= pos)
            .checked_sub(1)
    }
}

/// Plans where the English of the sentences a translation lacks goes (see the module docs).
/// In order of position; empty when nothing is missing. Leaves the outline of `doc.local`
/// in `local` if it made it.
pub(super) fn plan_missing(
    doc: &Document,
    from: &FillSource<'_, '_>,
    local: &mut Option<markdown::Outline>,
) -> Vec<Insert> {
    let source = from.doc;
    if std::ptr::eq(doc, source) {
        return Vec::new();
    }
    let mut local_of: Vec<Option<usize>> = vec![None; source.segments.len()];
    let mut missing = vec![false; source.segments.len()];
    for a in from.aligned {
        if let Some(s) = a.source.filter(|&s| s < source.segments.len()) {
            local_of[s] = a.local;
            missing[s] = a.local.is_none();
        }
    }
    if !missing.iter().any(|&m| m) {
        return Vec::new();
    }
    let (runs, headings) = source_runs(source, from.blocks, &missing, &doc.local);
    let blocks = &local.insert(markdown::outline(&doc.local)).blocks;
    let local = Local {
        blocks,
        headings: (0..blocks.len())
            .filter(|&i| matches!(blocks[i].kind, BlockKind::Heading(_)))
            .collect(),
    };
    let same_count = headings.len() == local.headings.len();
    // The translation's heading for each source heading.
    let heading_of: Vec<Option<usize>> = (0..headings.len())
        .map(|h| {
            let aligned = headings[h]
                .clone()
                .find_map(|s| local_of[s])
                .and_then(|li| {
                    let pos = doc.segments[li].local_out.start;
                    let block = local.block_at(pos)?;
                    matches!(block.kind, BlockKind::Heading(_)).then(|| local.section_of(pos))?
                });
            aligned.or(same_count.then_some(h))
        })
        .collect();
    let mut inserts: Vec<Insert> = runs
        .into_iter()
        .filter_map(|run| {
            let target = match run.section {
                None => None,
                Some(h) => Some(heading_of[h]?),
            };
            let sentences = run.section.map_or(0, |h| headings[h].start)
                ..headings
                    .get(run.section.map_or(0, |h| h + 1))
                    .map_or(source.segments.len(), |r| r.start);
            let at = place(doc, &local, &local_of, &run, sentences, target);
            Some(Insert {
                at,
                first: run.first,
                end: run.end,
                text: run.text,
            })
        })
        .collect();
    inserts.sort_by_key(|i| i.at);
    inserts
}

/// The offset in the translation where `run` goes: after the block of the nearest aligned
/// sentence before it among `sentences` (its section) that lies under `target` in the
/// translation, else before the block of the nearest one after it, else after `target`.
/// The alignment is in order, so the search stops at the first sentence past `target`.
fn place(
    doc: &Document,
    local: &Local<'_>,
    local_of: &[Option<usize>],
    run: &Run,
    sentences: Range<usize>,
    target: Option<usize>,
) -> usize {
    let under = |li: usize| local.section_of(doc.segments[li].local_out.start);
    for &li in local_of[sentences.start..run.first].iter().rev().flatten() {
        match under(li).cmp(&target) {
            std::cmp::Ordering::Equal => {
                let pos = doc.segments[li].local_out.end;
                return local.block_at(pos).map_or(pos, |b| b.range.end);
            }
            std::cmp::Ordering::Less => break,
            std::cmp::Ordering::Greater => {}
        }
    }
    for &li in local_of[run.end..sentences.end].iter().flatten() {
        match under(li).cmp(&target) {
            std::cmp::Ordering::Equal => {
                let pos = doc.segments[li].local_out.start;
                return local.block_at(pos).map_or(pos, |b| b.range.start);
            }
            std::cmp::Ordering::Greater => break,
            std::cmp::Ordering::Less => {}
        }
    }
    target.map_or(0, |k| local.blocks[local.headings[k]].range.end)
}
