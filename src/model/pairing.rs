//! Which sentences of a replaced run of an alignment belong together.
//!
//! Where the diff of a translation's English halves against the English source replaces a
//! run of source sentences by a run of translated ones (an older English, reworded, split or
//! merged differently), [`pair`] pairs them by the words they share: the monotone pairing of
//! the greatest total similarity, found by a small dynamic program over the run. A sentence
//! the translation lacks is then left unpaired (missing) and its neighbours keep their own
//! translations, where pairing by position would shift every pair after it, even across a
//! heading. Every pair also counts a little, so sentences sharing no words still pair in
//! order, as before. Runs of more than [`MAX_CELLS`] pairs of sentences pair by position.

/// The largest run (source sentences × translated sentences) paired by similarity.
pub const MAX_CELLS: usize = 1 << 16;

/// What a pair adds besides its similarity (of at most 1000): pairing beats leaving both out.
const PAIR: u32 = 1;

/// One step of a run: a source sentence, a translated one, or both paired.
pub type Step = (Option<usize>, Option<usize>);

/// Pairs the sentences `old` (source) with `new` (translated), as indices into each, in
/// order: pairs, and between them the unpaired source sentences, then the unpaired translated
/// ones.
pub fn pair(old: &[&str], new: &[&str]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > MAX_CELLS {
        return by_position(n, m);
    }
    let words_old: Vec<Vec<String>> = old.iter().map(|s| words(s)).collect();
    let words_new: Vec<Vec<String>> = new.iter().map(|s| words(s)).collect();
    let value: Vec<u32> = words_old
        .iter()
        .flat_map(|a| words_new.iter().map(move |b| PAIR + similarity(a, b)))
        .collect();
    let v = |i: usize, j: usize| value[i * m + j];
    // best[i][j]: the greatest total of old[i..] with new[j..], so the walk from the start
    // pairs the earliest sentences among equal choices.
    let width = m + 1;
    let mut best = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let both = v(i, j) + best[(i + 1) * width + j + 1];
            best[i * width + j] = both
                .max(best[(i + 1) * width + j])
                .max(best[i * width + j + 1]);
        }
    }
    let mut steps = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (0, 0);
    let (mut lone_old, mut lone_new) = (Vec::new(), Vec::new());
    while i < n && j < m {
        let here = best[i * width + j];
        if here == v(i, j) + best[(i + 1) * width + j + 1] {
            steps.extend(lone_old.drain(..).map(|o| (Some(o), None)));
            steps.extend(lone_new.drain(..).map(|l| (None, Some(l))));
            steps.push((Some(i), Some(j)));
            (i, j) = (i + 1, j + 1);
        } else if here == best[(i + 1) * width + j] {
            lone_old.push(i);
            i += 1;
        } else {
            lone_new.push(j);
            j += 1;
        }
    }
    steps.extend(lone_old.into_iter().chain(i..n).map(|o| (Some(o), None)));
    steps.extend(lone_new.into_iter().chain(j..m).map(|l| (None, Some(l))));
    steps
}

/// The pairing by position: the first sentences of each side pair up, the rest are alone.
fn by_position(n: usize, m: usize) -> Vec<Step> {
    (0..n.max(m))
        .map(|i| ((i < n).then_some(i), (i < m).then_some(i)))
        .collect()
}

/// The distinct words of a sentence, lowercased and sorted.
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The Dice coefficient of two sorted word sets, in thousandths.
fn similarity(a: &[String], b: &[String]) -> u32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, common) = (i + 1, j + 1, common + 1),
        }
    }
    (2000 * common / (a.len() + b.len())) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_pair_by_the_words_they_share_else_in_order() {
        let cases: &[(&[&str], &[&str], &[Step])] = &[
            // A new list after a reworded title: the introduction keeps its translation.
            (
                &[
                    "Widget questions",
                    "Widget Server",
                    "Widget Online",
                    "Widgets move mail.",
                ],
                &[
                    "Frequently asked widget questions",
                    "Widgets move mail, and more.",
                ],
                &[
                    (Some(0), Some(0)),
                    (Some(1), None),
                    (Some(2), None),
                    (Some(3), Some(1)),
                ],
            ),
            // Nothing in common: in order, as by position.
            (
                &["Alpha.", "Beta.", "Gamma."],
                &["One.", "Two."],
                &[(Some(0), Some(0)), (Some(1), Some(1)), (Some(2), None)],
            ),
            // A sentence the translation no longer has, and one it has that is gone.
            (
                &[
                    "Stop the queue first.",
                    "Move the widget to the new server.",
                ],
                &["Move the widget to another server.", "Restart it."],
                &[(Some(0), None), (Some(1), Some(0)), (None, Some(1))],
            ),
        ];
        for (old, new, want) in cases {
            assert_eq!(pair(old, new), *want, "{old:?} / {new:?}");
        }
    }

    #[test]
    fn large_runs_pair_by_position() {
        let old = vec!["a b"; 300];
        let new = vec!["c d"; 300];
        assert!(old.len() * new.len() > MAX_CELLS);
        assert_eq!(pair(&old, &new), by_position(300, 300));
        assert_eq!(pair(&[], &["x"]), [(None, Some(0))]);
    }
}
