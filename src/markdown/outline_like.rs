//! [`outline_like`]: the outline of a new version of a text made from the outline of the old
//! one, parsing only the parts that changed.

use std::ops::Range;

use super::outline::{outline, Block, BlockKind, Outline};

/// The [`outline`] of `md` (the same, block for block), made from the outline of `old`,
/// another version of the same text: only the parts of `md` that are not in `old` are parsed.
///
/// Both texts are cut after each blank line (`\n\n`) into parts, which are matched by a
/// diff. A part found in both keeps its blocks when it parses in `md` as it does in `old`:
/// when, in both, it starts at the top of the text or after a paragraph or a heading (closed
/// by the blank line, so nothing is left open: the parser starts afresh, as at the top of a
/// text) and ends before another such place or at the end of the text. The other parts are
/// parsed on their own, which is the same for the same reason if they too end with a
/// paragraph or a heading. Link reference definitions, which apply to the whole text, and
/// anything else (a list that the next part may continue, a fenced block left open) make it
/// parse `md` whole.
pub fn outline_like(md: &str, old: &str, old_outline: &Outline) -> Outline {
    reuse(md, old, old_outline).unwrap_or_else(|| outline(md))
}

/// [`outline_like`], `None` where it must parse `md` whole.
fn reuse(md: &str, old: &str, old_outline: &Outline) -> Option<Outline> {
    if old_outline.refs {
        return None;
    }
    let (old_parts, new_parts) = (parts(old), parts(md));
    let key = |text: &str, parts: &[usize], i: usize| {
        use std::hash::Hasher;
        let mut hasher = rustc_hash::FxHasher::default();
        hasher.write(&text.as_bytes()[parts[i]..parts[i + 1]]);
        hasher.finish()
    };
    let old_keys: Vec<u64> = (0..old_parts.len() - 1)
        .map(|i| key(old, &old_parts, i))
        .collect();
    let new_keys: Vec<u64> = (0..new_parts.len() - 1)
        .map(|i| key(md, &new_parts, i))
        .collect();
    let safe = fresh_starts(&old_outline.blocks, &old_parts);
    let (old_end, new_end) = (old_keys.len(), new_keys.len());
    // Runs of parts kept from `old`: (old parts, first new part), each starting and ending
    // where the parser starts afresh in `old`.
    let mut kept: Vec<(Range<usize>, usize)> = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_keys, &new_keys) {
        let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        else {
            continue;
        };
        let Some(start) = (old_index..old_index + len).find(|&i| safe[i]) else {
            continue;
        };
        let ends_both = old_index + len == old_end && new_index + len == new_end;
        let end = if ends_both {
            old_end
        } else {
            match (start + 1..=old_index + len).rev().find(|&i| safe[i]) {
                Some(end) => end,
                None => continue,
            }
        };
        if start < end {
            kept.push((start..end, new_index + (start - old_index)));
        }
    }
    let kept_bytes: usize = kept
        .iter()
        .map(|(r, _)| old_parts[r.end] - old_parts[r.start])
        .sum();
    // Parsing many small pieces costs more than the bytes they save.
    if kept_bytes < md.len() / 2 {
        return None;
    }
    let mut blocks = Vec::with_capacity(old_outline.blocks.len() + 8);
    let mut at = 0; // the first new part not outlined yet
    for (mut run, mut first) in kept {
        // The new text before the run, with as many of the run's first parts as it takes to
        // end where the parser starts afresh (a list there may go on into the run).
        while at < first {
            if parse_part(md, new_parts[at]..new_parts[first], &mut blocks)? {
                at = first;
            } else if let Some(start) = (run.start + 1..run.end).find(|&i| safe[i]) {
                first += start - run.start;
                run.start = start;
            } else {
                break;
            }
        }
        if at < first {
            continue; // the whole run goes with the new text after it
        }
        let (from, to) = (old_parts[run.start], old_parts[run.end]);
        let shift_to = new_parts[first];
        if old[from..to] != md[shift_to..shift_to + (to - from)] {
            return None; // two parts with the same hash
        }
        let kept_blocks = old_outline
            .blocks
            .iter()
            .skip_while(|b| b.range.start < from)
            .take_while(|b| b.range.start < to);
        blocks.extend(kept_blocks.map(|b| Block {
            range: b.range.start - from + shift_to..b.range.end - from + shift_to,
            ..b.clone()
        }));
        at = first + run.len();
    }
    if at < new_end {
        parse_part(md, new_parts[at]..md.len(), &mut blocks)?;
    }
    Some(Outline {
        blocks,
        refs: false,
    })
}

/// Outlines `md[range]` on its own into `blocks` if it parses as it does in the whole text,
/// where it starts afresh (see [`outline_like`]): if it ends the text or ends afresh too.
/// `None` if it defines link references.
fn parse_part(md: &str, range: Range<usize>, blocks: &mut Vec<Block>) -> Option<bool> {
    let part = outline(&md[range.clone()]);
    if part.refs {
        return None;
    }
    let closed = range.end == md.len() || part.blocks.last().is_some_and(Block::closes);
    if closed {
        blocks.extend(part.blocks.into_iter().map(|b| Block {
            range: b.range.start + range.start..b.range.end + range.start,
            ..b
        }));
    }
    Some(closed)
}
impl Block {
    /// Whether nothing is left open after this top-level block and a blank line: a
    /// paragraph or a heading (a list or a block quote may go on after one).
    fn closes(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Heading(_) | BlockKind::Paragraph | BlockKind::Include | BlockKind::Video
        )
    }
}
/// Where `text` may be cut: after each run of line feeds with a blank line in it (before the
/// next character), with 0 and `text.len()` at either end.
fn parts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut cuts = vec![0];
    let mut i = 0;
    // Line by line: `find` looks for a line feed many bytes at a time.
    while let Some(rel) = text[i..].find('\n') {
        let mut j = i + rel + 1;
        if b.get(j) == Some(&b'\n') {
            while b.get(j) == Some(&b'\n') {
                j += 1;
            }
            if j < b.len() {
                cuts.push(j);
            }
        }
        i = j;
    }
    cuts.push(text.len());
    cuts
}
/// For each cut of [`parts`] in a text with these blocks, whether the parser starts afresh
/// there: at the top, or with no block across the cut and a paragraph or a heading the last
/// block before it (or none).
fn fresh_starts(blocks: &[Block], cuts: &[usize]) -> Vec<bool> {
    let mut next = 0; // the first block that does not end before the cut
    cuts.iter()
        .map(|&cut| {
            while next < blocks.len() && blocks[next].range.end <= cut {
                next += 1;
            }
            let across = blocks
                .get(next)
                .is_some_and(|b| b.range.start < cut && cut < b.range.end);
            let before = next.checked_sub(1).map(|i| &blocks[i]);
            cut == 0 || (!across && before.is_none_or(Block::closes))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every kind, and the ways they go wrong when cut out of their text: lists
    /// that go on after a blank line, fenced and HTML blocks that span one or never end,
    /// link references, setext underlines, lazy lines, tables, block quotes.
    const PIECES: [&str; 34] = [
        "# <a name=\"t\"></a>Title",
        "## Error code 5.7.1 relay denied",
        "Para **one** and `code`.",
        "A [link][ref] and [other](b.md).",
        "[ref]: https://example.com",
        "Setext\n===",
        "Text\n---",
        "---",
        "- a\n- b",
        "- item\n\n  continued",
        "1. one\n2. two",
        "  indented para",
        "    code block",
        "```\nfenced\n\nstill fenced\n```",
        "```\nnever closed",
        "<!-- comment\n\nstill comment -->",
        "<div>\nhtml block\n</div>",
        "<script>\nvar x;\n\ny();\n</script>",
        "> quote\n> more",
        "> [!NOTE]\n> alert",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "lazy\ncontinued line",
        "Paragraph with <script>inline</script> tag.",
        "[!INCLUDE [t](../includes/x.md)]",
        "trailing spaces  ",
        "==",
        "~~struck~~ text",
        "\\",
        "   ",
        "*",
        "Line\r\nwith CRLF\r\n\r\nnext",
        "+ plus",
        "Ordinary sentence one. Ordinary sentence two.",
        "Ändrad mening på svenska.",
    ];

    /// A small deterministic generator (xorshift), for the randomized tests.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    fn text(pieces: &[&str], seps: &[&str]) -> String {
        let mut out = String::new();
        for (i, piece) in pieces.iter().enumerate() {
            out.push_str(piece);
            out.push_str(seps[i % seps.len()]);
        }
        out
    }

    const ROUNDS: usize = 5_000;

    #[test]
    fn texts_are_cut_after_blank_lines() {
        fn slow(text: &str) -> Vec<usize> {
            let b = text.as_bytes();
            let mut cuts = vec![0];
            for i in 2..b.len() {
                if b[i - 2] == b'\n' && b[i - 1] == b'\n' && b[i] != b'\n' {
                    cuts.push(i);
                }
            }
            cuts.push(b.len());
            cuts
        }
        assert_eq!(parts("a\n\nb\n\n\nc\n"), [0, 3, 7, 9]);
        assert_eq!(parts("\n\n"), [0, 2]);
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let text: String = (0..rng.below(40))
                .map(|_| ['\n', 'a', 'ж', '\r', ' '][rng.below(5)])
                .collect();
            assert_eq!(parts(&text), slow(&text), "{text:?}");
        }
    }

    #[test]
    fn outlines_made_from_another_version_are_the_outlines() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let seps = ["\n\n", "\n", "\n\n\n", "\n \n", ""];
        let mut reused = 0;
        for _ in 0..ROUNDS {
            let n = 1 + rng.below(30);
            // Mostly paragraphs and headings, as articles are, so that parts are kept.
            let pick = |rng: &mut Rng| {
                if rng.below(3) == 0 {
                    PIECES[rng.below(PIECES.len())]
                } else {
                    PIECES[[0, 1, 2, 21, 23, 32, 33][rng.below(7)]]
                }
            };
            let old_pieces: Vec<&str> = (0..n).map(|_| pick(&mut rng)).collect();
            let mut new_pieces = old_pieces.clone();
            for _ in 0..1 + rng.below(3) {
                let at = rng.below(new_pieces.len() + 1);
                match rng.below(3) {
                    0 => new_pieces.insert(at, pick(&mut rng)),
                    1 if at < new_pieces.len() => new_pieces[at] = pick(&mut rng),
                    _ if at < new_pieces.len() && new_pieces.len() > 1 => {
                        new_pieces.remove(at);
                    }
                    _ => {}
                }
            }
            let old_seps: Vec<&str> = (0..3).map(|_| seps[rng.below(seps.len())]).collect();
            let new_seps = if rng.below(4) == 0 {
                (0..3).map(|_| seps[rng.below(seps.len())]).collect()
            } else {
                old_seps.clone()
            };
            let (old, new) = (text(&old_pieces, &old_seps), text(&new_pieces, &new_seps));
            let old_outline = outline(&old);
            let want = outline(&new);
            reused += usize::from(reuse(&new, &old, &old_outline).is_some());
            assert_eq!(
                outline_like(&new, &old, &old_outline),
                want,
                "old: {old:?}\nnew: {new:?}"
            );
        }
        // The test means something only if the outlines are made from parts most of the time.
        assert!(reused > ROUNDS / 10, "{reused}");
    }
}
