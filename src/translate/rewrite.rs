//! A plan's changes applied to the text of one file: the localized halves of an existing
//! file edited in place (no other byte changes), missing pairs inserted after their
//! translated predecessor (or before their successor), or a new file made from the English
//! source's structure; then the frontmatter stamped.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::dates::handoff_date;
use super::one_line;
use super::project::Files;
use super::units::Unit;
use crate::model::{self, Document, SegmentState};
use crate::segments::Segment;

/// A unit with the index of its segment in the source and in the locale's file.
pub(super) type Placed = (Unit, usize, Option<usize>);

/// The changes to one article: source segment index → new localized text.
pub(super) type Changes = BTreeMap<usize, String>;

/// The frontmatter an import stamps: human-translated, handed off today.
fn stamp() -> [(&'static str, String); 2] {
    [
        ("ms.translationtype", "HT".to_owned()),
        ("ms.lasthandoff", handoff_date()),
    ]
}

/// The locale's file `t` (whose text is `text`) with `changes` applied and its frontmatter
/// stamped (`None` when nothing could be applied), and the ids of the pairs too malformed
/// to edit.
pub(super) fn edit(
    f: &Files,
    t: &Document,
    text: &str,
    units: &[Placed],
    changes: &Changes,
) -> (Option<String>, Vec<String>) {
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut malformed = Vec::new();
    let mut inserted = BTreeSet::new();
    for (si, translation) in changes {
        let Some((_, _, li)) = units.iter().find(|(_, s, _)| s == si) else {
            continue;
        };
        match li {
            Some(li) => {
                let seg = &t.segments[*li];
                match pair_edits(text, seg, &f.source.segments[*si], translation) {
                    Some(found) => edits.extend(found),
                    None => malformed.push(seg.id.clone()),
                }
            }
            None => edits.extend(insertion(f, t, units, changes, *si, &mut inserted)),
        }
    }
    if edits.is_empty() {
        return (None, malformed);
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
    let mut out = text.to_owned();
    for (r, s) in edits {
        out.replace_range(r, &s);
    }
    (Some(stamped(f, t, &out)), malformed)
}

/// The edits of a pair in the locale's file: its localized half, and its English half when
/// the source's English changed. `None` when the pair is malformed.
fn pair_edits(
    text: &str,
    seg: &Segment,
    seg_src: &Segment,
    translation: &str,
) -> Option<Vec<(Range<usize>, String)>> {
    let (local, english) = halves(text, seg)?;
    let mut edits = vec![(local, translation.to_owned())];
    if one_line(seg.english.as_deref().unwrap_or("")) != one_line(seg_src.english_or_local()) {
        edits.push((english, seg_src.english_or_local().to_owned()));
    }
    Some(edits)
}

/// A segment missing from the locale's file: the run of missing source segments around it,
/// inserted after the nearest translated predecessor (or before the successor). `None` when
/// the run was inserted already or has no place.
fn insertion(
    f: &Files,
    t: &Document,
    units: &[Placed],
    changes: &Changes,
    si: usize,
    inserted: &mut BTreeSet<usize>,
) -> Option<(Range<usize>, String)> {
    let src = &f.source.segments;
    let has = |i: usize| units.iter().any(|(_, s, l)| *s == i && l.is_some());
    let mut start = si;
    while start > 0 && !has(start - 1) {
        start -= 1;
    }
    let mut end = si;
    while end + 1 < src.len() && !has(end + 1) {
        end += 1;
    }
    if !inserted.insert(start) {
        return None;
    }
    let target_of = |i: usize| {
        units
            .iter()
            .find(|(_, s, _)| *s == i)
            .and_then(|(_, _, l)| *l)
    };
    let (at, range) = if start > 0 {
        let k = target_of(start - 1)?;
        (
            t.segments[k].span.end,
            src[start - 1].span.end..src[end].span.end,
        )
    } else if let Some(k) = (end + 1 < src.len()).then(|| target_of(end + 1)).flatten() {
        (
            t.segments[k].span.start,
            src[start].span.start..src[end + 1].span.start,
        )
    } else {
        return None;
    };
    let local_of = |i: usize| changes.get(&i).cloned().unwrap_or_default();
    Some((at..at, rewrite(&f.source_text, range, src, &local_of)))
}

/// `out` (the locale's file edited) with its frontmatter stamped. A file whose English halves
/// all match the source is in sync with today's English; one with stale pairs left keeps its
/// handoff date, or the model would take its older English halves as the English source.
fn stamped(f: &Files, t: &Document, out: &str) -> String {
    let reference = model::english_keys(&f.source.segments);
    let (doc, _) = model::document(t.source.clone(), out.as_bytes());
    let in_sync = doc.is_some_and(|d| {
        model::align_segments(&reference, &d.segments)
            .iter()
            .all(|a| a.source.is_some() && a.state == SegmentState::Current)
    });
    let stamp = stamp();
    let stamp = if in_sync { &stamp[..] } else { &stamp[..1] };
    set_frontmatter(out, stamp)
}

/// A new file for `locale`: the English source's text with `changes` as its localized
/// halves (the others empty), and the English title and description.
pub(super) fn created(f: &Files, changes: &Changes, locale: &str) -> String {
    let local_of = |i: usize| changes.get(&i).cloned().unwrap_or_default();
    let body = rewrite(
        &f.source_text,
        0..f.source_text.len(),
        &f.source.segments,
        &local_of,
    );
    let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut values = vec![("ms.contentlocale", locale.to_owned())];
    values.extend(stamp());
    if !f.title.is_empty() {
        values.push(("title", json(&f.title)));
    }
    if !f.description.is_empty() {
        values.push(("description", json(&f.description)));
    }
    set_frontmatter(&body, &values)
}

fn pair(id: &str, local: &str, english: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>"
    )
}

/// The byte ranges of the localized and English halves of a well-formed pair, checked
/// against the parsed texts (recovered, malformed pairs are not edited).
fn halves(text: &str, seg: &Segment) -> Option<(Range<usize>, Range<usize>)> {
    let open = format!("<span data-ttu-id=\"{}\">", seg.id);
    let mid = format!(
        "</span><span class=\"sxs-lookup\"><span data-stu-id=\"{}\">",
        seg.id
    );
    let whole = text.get(seg.span.clone())?;
    let rest = whole.strip_prefix(&open)?;
    let local_len = rest.find(&mid)?;
    let inner = rest
        .get(local_len + mid.len()..)?
        .strip_suffix("</span></span>")?;
    let local = seg.span.start + open.len()..seg.span.start + open.len() + local_len;
    let en_start = local.end + mid.len();
    let english = en_start..en_start + inner.len();
    (text.get(local.clone()) == seg.local.as_deref()
        && text.get(english.clone()) == seg.english.as_deref())
    .then_some((local, english))
}

/// Sets (or adds) single-line frontmatter keys; values are written as given.
fn set_frontmatter(text: &str, values: &[(&str, String)]) -> String {
    let bom = crate::source::bom_len(text);
    let body = &text[bom..];
    let nl = if body.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let Some(rest) = body
        .strip_prefix("---")
        .map(|r| r.trim_start_matches('\r'))
        .and_then(|r| r.strip_prefix('\n'))
    else {
        return text.to_owned();
    };
    let head_start = text.len() - rest.len();
    let Some(end_rel) = rest
        .find(&format!("{nl}---"))
        .map(|e| e + nl.len())
        .or_else(|| rest.starts_with("---").then_some(0))
    else {
        return text.to_owned();
    };
    let head = &rest[..end_rel];
    let mut lines: Vec<String> = head.lines().map(str::to_owned).collect();
    for (key, value) in values {
        let prefix = format!("{key}:");
        match lines.iter().position(|l| l.starts_with(&prefix)) {
            Some(i) => {
                lines[i] = format!("{key}: {value}");
                // Drop a multi-line value's continuation lines.
                while lines.get(i + 1).is_some_and(|l| l.starts_with([' ', '\t'])) {
                    lines.remove(i + 1);
                }
            }
            None => lines.push(format!("{key}: {value}")),
        }
    }
    let mut out = text[..head_start].to_owned();
    for l in &lines {
        out.push_str(l);
        out.push_str(nl);
    }
    out.push_str(&rest[end_rel..]);
    out
}

/// Replaces every pair in `text[range]` (source file) by a pair with `local` text chosen by
/// `local_of(segment index)`.
fn rewrite(
    text: &str,
    range: Range<usize>,
    segs: &[Segment],
    local_of: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for (i, s) in segs.iter().enumerate() {
        if s.span.start < range.start || s.span.end > range.end {
            continue;
        }
        out.push_str(&text[at..s.span.start]);
        out.push_str(&pair(&s.id, &local_of(i), s.english_or_local()));
        at = s.span.end;
    }
    out.push_str(&text[at..range.end]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frontmatter_values_are_set_added_and_replace_multiline_ones() {
        let text =
            "---\ntitle: x\nms.translationtype: MT\ndescription: >\n  long\n  text\n---\nbody\n";
        assert_eq!(
            set_frontmatter(text, &[("ms.translationtype", "HT".into()), ("description", "\"d\"".into()), ("ms.contentlocale", "de-DE".into())]),
            "---\ntitle: x\nms.translationtype: HT\ndescription: \"d\"\nms.contentlocale: de-DE\n---\nbody\n"
        );
    }
}
