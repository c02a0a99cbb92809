//! Sentence spans: each sentence of a translated page is marked in the Markdown before it is
//! parsed ([`insert_marks`]), the markers are found again in the events' text ([`Own`]) and
//! become `<span class="seg">` with the English original as its title ([`mark_open`]).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

/// A sentence of a translated page: where it is, its English original, and whether it is
/// shown in English because it is not translated yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub range: Range<usize>,
    /// The English original as plain text.
    pub english: String,
    pub fallback: bool,
}

/// The markers around a sentence. They are Unicode punctuation (two-em and three-em dashes),
/// so emphasis next to them parses as it would next to the spaces or punctuation at a
/// sentence boundary. Content may hold the same characters: a marker is told from them by its
/// position ([`Own`]), and the k-th inserted marker opens (k even) or closes mark k / 2.
const MARK_OPEN: char = '\u{2E3A}';
const MARK_CLOSE: char = '\u{2E3B}';
pub(super) const MARKER_LEN: usize = 3;
const _: () = assert!(MARK_OPEN.len_utf8() == MARKER_LEN && MARK_CLOSE.len_utf8() == MARKER_LEN);

pub(super) fn is_marker(c: char) -> bool {
    c == MARK_OPEN || c == MARK_CLOSE
}

/// The byte offsets of the marker characters in `text`, found by their UTF-8 lead byte
/// (`E2 B8 BA`, `E2 B8 BB`) with memchr: every text event is looked at, and decoding each
/// character to compare it was 5% of a build.
pub(super) fn marker_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr_iter(0xE2, bytes)
        .filter(move |&i| matches!(bytes.get(i + 1..i + 3), Some([0xB8, 0xBA | 0xBB])))
}

/// `md` with a marker character before and after each mark's range, and the positions of the
/// markers (in the marked text) to map offsets back.
pub(super) fn insert_marks(md: &str, marks: &[Mark], offset: usize) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(md.len() + marks.len() * 7);
    let mut inserted = Vec::with_capacity(marks.len() * 2);
    let mut at = 0;
    for mark in marks {
        let (start, end) = (
            mark.range
                .start
                .saturating_sub(offset)
                .max(at)
                .min(md.len()),
            mark.range.end.saturating_sub(offset).min(md.len()),
        );
        let valid = start <= end && md.is_char_boundary(start) && md.is_char_boundary(end);
        // An unusable range still gets its (empty) pair of markers, to keep the numbering.
        let (start, end) = if valid { (start, end) } else { (at, at) };
        out.push_str(&md[at..start]);
        inserted.push(out.len());
        out.push(MARK_OPEN);
        out.push_str(&md[start..end]);
        inserted.push(out.len());
        out.push(MARK_CLOSE);
        at = end;
    }
    out.push_str(&md[at..]);
    (out, inserted)
}
/// The opening tag of a sentence span.
pub(super) fn mark_open(mark: &Mark, fallback_title: &str) -> String {
    let (open, title) = if mark.fallback {
        (
            "<span class=\"seg fallback\" lang=\"en\" title=\"",
            fallback_title,
        )
    } else {
        ("<span class=\"seg\" title=\"", &*mark.english)
    };
    // One allocation per sentence: there are tens of thousands per build.
    let mut html = String::with_capacity(open.len() + title.len() + title.len() / 8 + 2);
    html.push_str(open);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut html, title);
    html.push_str("\">");
    html
}
/// The sentence markers kbsite inserted into the text of one event, parsed from
/// `source[range]`. Content can hold the same characters, literally or as character
/// references: only those at a position where a marker was inserted are markers. The n-th
/// marker character of an event's text is the n-th of its source (the parser keeps text in
/// order, and a character reference is an event of its own, whose source has none).
pub(super) struct Own<'s> {
    pub(super) source: &'s str,
    pub(super) range: Range<usize>,
    pub(super) inserted: &'s [usize],
}

impl Own<'_> {
    /// The markers in `text`: (byte offset in `text`, index among the inserted markers).
    pub(super) fn markers(&self, text: &str) -> Vec<(usize, usize)> {
        if marker_offsets(text).next().is_none() {
            return Vec::new();
        }
        let Some(src) = self.source.get(self.range.clone()) else {
            return Vec::new();
        };
        let in_source = marker_offsets(src).map(|i| self.range.start + i);
        marker_offsets(text)
            .zip(in_source)
            .filter_map(|(i, p)| self.inserted.binary_search(&p).ok().map(|k| (i, k)))
            .collect()
    }

    /// `t` without its markers.
    fn strip<'t>(&self, t: CowStr<'t>) -> CowStr<'t> {
        let found = self.markers(&t);
        if found.is_empty() {
            return t;
        }
        let mut out = String::with_capacity(t.len());
        let mut at = 0;
        for (i, _) in found {
            out.push_str(&t[at..i]);
            at = i + MARKER_LEN;
        }
        out.push_str(&t[at..]);
        out.into()
    }
}

/// Removes sentence markers from events whose text is not split into sentences (code, HTML):
/// a sentence opened there stays unwrapped. Marker characters of the content stay, except in
/// link and image targets and titles, which lose them all.
pub(super) fn strip_markers<'e>(event: Event<'e>, own: Own<'_>) -> Event<'e> {
    fn strip(t: CowStr<'_>) -> CowStr<'_> {
        if marker_offsets(&t).next().is_some() {
            t.chars()
                .filter(|&c| !is_marker(c))
                .collect::<String>()
                .into()
        } else {
            t
        }
    }
    match event {
        Event::Code(t) => Event::Code(own.strip(t)),
        Event::Html(t) => Event::Html(own.strip(t)),
        Event::InlineHtml(t) => Event::InlineHtml(own.strip(t)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: strip(dest_url),
            title: strip(title),
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: strip(dest_url),
            title: strip(title),
            id,
        }),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::opts;
    use super::super::*;
    use super::*;

    #[test]
    fn marker_offsets_are_the_marker_characters() {
        let text = "a\u{2E3A}b — c\u{2E3B}\u{2E3A}… \u{2E39}d\u{2E3B}";
        let want: Vec<usize> = text.match_indices(is_marker).map(|(i, _)| i).collect();
        assert_eq!(marker_offsets(text).collect::<Vec<_>>(), want);
        assert_eq!(want.len(), 4);
    }

    #[test]
    fn payloads_in_either_half_of_a_sentence_are_removed_and_the_sentence_kept() {
        // A translated sentence (its English original in `title`) and a sentence shown in
        // English because its localized half is empty.
        let md = "Bild <img src=x onerror=\"window.__xss=1\"> slut. Image <img src=x onerror=\"window.__xss=2\"> end.\n";
        let at = |s: &str| md.find(s).unwrap()..md.find(s).unwrap() + s.len();
        let marks = [
            Mark {
                range: at("Bild <img src=x onerror=\"window.__xss=1\"> slut."),
                english: strip_inline("Image <img src=x onerror=\"window.__xss=3\"> \"end\"."),
                fallback: false,
            },
            Mark {
                range: at("Image <img src=x onerror=\"window.__xss=2\"> end."),
                english: "Image end.".into(),
                fallback: true,
            },
        ];
        let mut resolve = |_: LinkRef<'_>| LinkAction::Missing;
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            fallback_title: "<script>x</script>",
            ..opts(&mut resolve, &mut include)
        };
        assert_eq!(
            render(md, opts),
            "<p><span class=\"seg\" title=\"Image &quot;end&quot;.\">Bild <img> slut.</span> \
             <span class=\"seg fallback\" lang=\"en\" title=\"&lt;script&gt;x&lt;/script&gt;\">Image <img> end.</span></p>\n"
        );
    }

    #[test]
    fn sentences_are_wrapped_with_their_english_and_fallbacks_are_marked() {
        let md = "Första [länk](a.md) meningen. Andra.\n\n- Tredje\n";
        let mark = |range: Range<usize>, english: &str, fallback| Mark {
            range,
            english: english.into(),
            fallback,
        };
        let at = |s: &str| md.find(s).unwrap()..md.find(s).unwrap() + s.len();
        let marks = [
            mark(
                at("Första [länk](a.md) meningen."),
                "First \"link\" sentence.",
                false,
            ),
            mark(at("Andra."), "Second.", true),
            mark(at("Tredje"), "Third", false),
        ];
        let mut ranges = Vec::new();
        let mut resolve = |l: LinkRef<'_>| {
            ranges.push(l.range.clone());
            LinkAction::Url("../a/".into())
        };
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            fallback_title: "Not translated",
            ..opts(&mut resolve, &mut include)
        };
        let out = render(md, opts);
        assert_eq!(
            out,
            "<p><span class=\"seg\" title=\"First &quot;link&quot; sentence.\">Första <a href=\"../a/\">länk</a> meningen.</span> \
             <span class=\"seg fallback\" lang=\"en\" title=\"Not translated\">Andra.</span></p>\n<ul>\n<li><span class=\"seg\" title=\"Third\">Tredje</span></li>\n</ul>\n"
        );
        // Link positions are reported in the unmarked Markdown.
        assert_eq!(ranges, [at("[länk](a.md)")]);
    }

    #[test]
    fn a_sentence_across_elements_is_left_unwrapped() {
        let md = "**bold start** end\n";
        let marks = [Mark {
            range: 2..18,
            english: "x".into(),
            fallback: false,
        }];
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |_: &str, _| String::new();
        let opts = RenderOptions {
            marks: &marks,
            marks_offset: 0,
            ..opts(&mut keep, &mut include)
        };
        assert_eq!(render(md, opts), "<p><strong>bold start</strong> end</p>\n");
    }
}
