//! Headings and what hangs off them: heading ids (shared by every locale), the sections they
//! open, and the summary paragraph.

use super::Section;
use crate::markdown::{self, Block, BlockKind};

/// Heading ids from the English headings: the `<a name>` anchor, else a slug of the text;
/// repeated ids get `-1`, `-2`… so every id is unique in the page.
pub(super) fn heading_ids(english: &[&Block], count: usize) -> Vec<String> {
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

pub(super) fn sections(blocks: &[Block], ids: &[String], len: usize) -> Vec<Section> {
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
pub(super) fn first_paragraph(blocks: &[Block]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
