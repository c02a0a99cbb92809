//! A translation against the English source: its English halves aligned with the source's
//! segments (a Myers diff over segment texts, so ids and insertions do not matter, its
//! replaced runs paired by `pairing`), and the differences counted into a [`Status`].

use std::borrow::Cow;

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

use super::{pairing, Status};
use crate::markdown;
use crate::segments::Segment;

/// How one segment of the English source is translated in a locale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SegmentState {
    /// Translated from the current English text.
    Current,
    /// Translated from an older English text (the English changed since).
    Stale,
    /// Not translated.
    Missing,
}

/// One step of an alignment: a source segment with its translation, if any, or a translated
/// segment whose English is no longer in the source (`source: None`: obsolete).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Aligned {
    /// Index into the source's segments.
    pub source: Option<usize>,
    /// Index into the translation's segments.
    pub local: Option<usize>,
    pub state: SegmentState,
}

/// Aligns a translation's segments with the English source segments by their English text
/// (a Myers diff, so ids and insertions do not matter), in source order. In a replaced run
/// the sentences sharing the most words pair up as stale (`pairing::pair`); the rest of
/// the run is missing or obsolete.
pub fn align_segments(reference: &[String], segments: &[Segment]) -> Vec<Aligned> {
    let reference: Vec<Cow<'_, str>> = reference.iter().map(|r| Cow::from(r.as_str())).collect();
    align_keys(&reference, &keys(segments), segments)
}

/// [`align_segments`] with the translation's [`keys`] made already.
pub(super) fn align_keys(
    reference: &[Cow<'_, str>],
    ours: &[Cow<'_, str>],
    segments: &[Segment],
) -> Vec<Aligned> {
    let mut out = Vec::with_capacity(reference.len().max(ours.len()));
    let pair = |source, local, state| Aligned {
        source,
        local,
        state,
    };
    for op in capture_diff_slices(Algorithm::Myers, reference, ours) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                out.extend((0..len).map(|i| {
                    // An empty localized half is "not translated yet".
                    let state = if segments[new_index + i].translated() {
                        SegmentState::Current
                    } else {
                        SegmentState::Missing
                    };
                    pair(Some(old_index + i), Some(new_index + i), state)
                }));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                out.extend(
                    (0..old_len).map(|i| pair(Some(old_index + i), None, SegmentState::Missing)),
                );
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                out.extend(
                    (0..new_len).map(|i| pair(None, Some(new_index + i), SegmentState::Stale)),
                );
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let old: Vec<&str> = reference[old_index..old_index + old_len]
                    .iter()
                    .map(|k| &**k)
                    .collect();
                let new: Vec<&str> = ours[new_index..new_index + new_len]
                    .iter()
                    .map(|k| &**k)
                    .collect();
                for (s, l) in pairing::pair(&old, &new) {
                    let (s, l) = (s.map(|s| old_index + s), l.map(|l| new_index + l));
                    let translated = l.is_some_and(|l| segments[l].translated());
                    let state = match (s, l) {
                        (Some(_), Some(_)) if translated => SegmentState::Stale,
                        (Some(_), _) => SegmentState::Missing,
                        (None, _) => SegmentState::Stale,
                    };
                    out.push(pair(s, l, state));
                }
            }
        }
    }
    out
}

/// The English texts of segments as alignment compares them (whitespace collapsed).
pub fn english_keys(segments: &[Segment]) -> Vec<String> {
    keys(segments).into_iter().map(Cow::into_owned).collect()
}

/// [`english_keys`] borrowing the texts that are collapsed already, as most are.
pub(super) fn keys(segments: &[Segment]) -> Vec<Cow<'_, str>> {
    segments
        .iter()
        .map(|s| markdown::collapsed(s.english_or_local()))
        .collect()
}

/// Counts an alignment into a [`Status`].
pub(super) fn count(aligned: &[Aligned]) -> Status {
    let (mut changed, mut missing, mut obsolete) = (0, 0, 0);
    for a in aligned {
        match (a.source, a.local, a.state) {
            (None, _, _) => obsolete += 1,
            (Some(_), _, SegmentState::Missing) => missing += 1,
            (Some(_), Some(_), SegmentState::Stale) => changed += 1,
            _ => {}
        }
    }
    if changed + missing + obsolete == 0 {
        Status::Current
    } else {
        Status::Stale {
            changed,
            missing,
            obsolete,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A translated segment whose English half is `en`.
    fn seg(en: &str) -> Segment {
        Segment {
            id: String::new(),
            local: Some("x".into()),
            english: Some(en.into()),
            span: 0..0,
            local_out: 0..0,
            english_out: 0..0,
        }
    }

    /// The English source segments the alignment tests compare with.
    fn reference() -> Vec<String> {
        ["A", "B", "C", "D"].map(String::from).to_vec()
    }

    /// The status of a translation with these segments.
    fn align(reference: &[String], segments: &[Segment]) -> Status {
        count(&align_segments(reference, segments))
    }

    #[test]
    fn alignment_counts_changed_missing_and_obsolete() {
        let reference = reference();
        assert_eq!(
            align(&reference, &[seg("A"), seg("B"), seg("C"), seg("D")]),
            Status::Current
        );
        assert_eq!(
            align(&reference, &[seg("A"), seg("B2"), seg("D")]),
            Status::Stale {
                changed: 1,
                missing: 1,
                obsolete: 0
            }
        );
        assert_eq!(
            align(
                &reference,
                &[seg("A"), seg("B"), seg("C"), seg("D"), seg("E")]
            ),
            Status::Stale {
                changed: 0,
                missing: 0,
                obsolete: 1
            }
        );
    }

    #[test]
    fn segment_alignment_pairs_every_source_segment_in_order() {
        let reference = reference();
        let got = align_segments(&reference, &[seg("A"), seg("B2"), seg("D"), seg("Z")]);
        let simple: Vec<(Option<usize>, Option<usize>, SegmentState)> =
            got.iter().map(|a| (a.source, a.local, a.state)).collect();
        assert_eq!(
            simple,
            [
                (Some(0), Some(0), SegmentState::Current),
                (Some(1), Some(1), SegmentState::Stale),
                (Some(2), None, SegmentState::Missing),
                (Some(3), Some(2), SegmentState::Current),
                (None, Some(3), SegmentState::Stale),
            ]
        );
    }
}
