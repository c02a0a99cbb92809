//! Postings: a document and a term's weight in it as one number, and the best
//! [`MAX_POSTINGS`] of a term's postings kept while the index is built and at the end.

use super::MAX_POSTINGS;

/// A document and the weight of a term in it, packed as `document << 8 | weight`: sorting
/// postings sorts them by document.
pub(super) type Posting = u32;

/// The most documents a locale may have (a posting gives a document 24 bits).
pub const MAX_DOCS: usize = 1 << 24;

pub(super) fn posting(doc: u32, weight: u32) -> Posting {
    doc << 8 | weight.min(255)
}

pub(super) fn doc_of(p: Posting) -> u32 {
    p >> 8
}

pub(super) fn weight_of(p: Posting) -> u32 {
    p & 0xff
}

/// A locale's terms with their postings, terms in order: the number of each (in the term
/// names) and its postings, in no order.
pub(super) type Postings = Vec<(u32, Vec<Posting>)>;

/// A term's postings in one locale while the index is built. A common term keeps only its
/// best documents: pruning to the best [`MAX_POSTINGS`] whenever the list doubles bounds
/// memory and gives the same list as pruning once at the end, in whatever order the postings
/// come (a pruned document is beaten by [`MAX_POSTINGS`] documents that stay or are beaten in
/// turn). For the same reason a posting ranked below the worst one kept at a pruning is not
/// added at all: [`MAX_POSTINGS`] documents beat it already.
#[derive(Clone)]
pub(super) struct List {
    pub(super) postings: Vec<Posting>,
    /// The [`rank`] of the worst posting kept at the last pruning (`u32::MAX` before one).
    floor: u32,
}

impl List {
    pub(super) fn new() -> Self {
        List {
            postings: Vec::new(),
            floor: u32::MAX,
        }
    }

    pub(super) fn add(&mut self, p: Posting) {
        if rank(p) > self.floor {
            return;
        }
        self.postings.push(p);
        if self.postings.len() >= 2 * MAX_POSTINGS {
            self.floor = keep_best(&mut self.postings);
        }
    }
}

/// Orders postings best first: the highest weight, then the lowest document (a posting's
/// weight and document as one number, in that order of importance).
fn rank(p: Posting) -> u32 {
    (255 - weight_of(p)) << 24 | doc_of(p)
}

/// Keeps the best [`MAX_POSTINGS`] of more than that many postings, in no order, and gives
/// the rank of the worst one kept.
fn keep_best(list: &mut Vec<Posting>) -> u32 {
    // Selected, not sorted: the rank orders them completely, so the best are the same set
    // whatever their order.
    let (_, worst, _) = list.select_nth_unstable_by_key(MAX_POSTINGS - 1, |&p| rank(p));
    let floor = rank(*worst);
    list.truncate(MAX_POSTINGS);
    floor
}

/// Keeps the best [`MAX_POSTINGS`] of a term's postings (highest weight, then lowest
/// document), in document order.
pub(super) fn best_postings(list: &mut Vec<Posting>) {
    if list.len() > MAX_POSTINGS {
        keep_best(list);
    }
    list.sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_while_building_keeps_the_same_best_postings() {
        // Weights from a small LCG: many ties, so the tie-break by document matters.
        let mut x: u32 = 7;
        let all: Vec<Posting> = (0..5 * MAX_POSTINGS as u32)
            .map(|doc| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                posting(doc, (x >> 16) % 12)
            })
            .collect();
        let mut once = all.clone();
        best_postings(&mut once);
        // The best by sorting everything.
        let mut sorted = all.clone();
        sorted.sort_by_key(|&p| (std::cmp::Reverse(weight_of(p)), doc_of(p)));
        sorted.truncate(MAX_POSTINGS);
        sorted.sort();
        assert_eq!(once, sorted);
        // In order, and in the order two threads would interleave them.
        let shuffled: Vec<Posting> = all
            .iter()
            .step_by(2)
            .chain(all.iter().skip(1).step_by(2))
            .copied()
            .collect();
        for order in [&all, &shuffled] {
            let mut incremental = List::new();
            for &p in order {
                incremental.add(p);
            }
            assert!(incremental.floor < u32::MAX, "pruned while building");
            best_postings(&mut incremental.postings);
            assert_eq!(incremental.postings, once);
        }
        assert_eq!(once.len(), MAX_POSTINGS);
        assert!(
            once.windows(2).all(|w| doc_of(w[0]) < doc_of(w[1])),
            "document order"
        );
        assert_eq!(
            (
                doc_of(posting(70_000, 300)),
                weight_of(posting(70_000, 300))
            ),
            (70_000, 255)
        );
    }
}
