//! Plain text from Markdown: of a fragment ([`plain_text`]), of a sentence for a tooltip
//! ([`strip_inline`]), whitespace collapsed ([`collapse_whitespace`]), and heading slugs ([`slug`]).

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, TagEnd};

use super::options;

/// Plain text of a Markdown fragment (inline markup and HTML removed, whitespace collapsed).
pub fn plain_text(md: &str) -> String {
    let mut text = String::new();
    let mut raw = None;
    for event in Parser::new_ext(md, options()) {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_))) {
            raw = None;
        }
        match event {
            Event::InlineHtml(html) => raw = raw_text(raw, &html),
            Event::Text(_) | Event::Code(_) if raw.is_some() => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                text.push(' ')
            }
            _ => {}
        }
    }
    collapse_whitespace(&text)
}

/// `s` with every run of whitespace made one space, and none at either end.
pub fn collapse_whitespace(s: &str) -> String {
    collapsed(s).into_owned()
}

/// [`collapse_whitespace`] without a copy when `s` is collapsed already, as most text is.
pub fn collapsed(s: &str) -> Cow<'_, str> {
    if is_collapsed(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Whether `s` is already what [`collapse_whitespace`] makes of it: single ASCII spaces
/// between words and no other whitespace. Checked on bytes, as most sentences are.
///
/// Every collapsed text is checked in full, so the bytes are looked at in blocks first,
/// without a branch per byte (the compiler makes vector code of it): a block with no two
/// spaces in a row and no byte that can start other whitespace is collapsed. Only the
/// blocks that may not be (text with dashes or curly quotes, which start with one of those
/// bytes too) are checked byte by byte.
fn is_collapsed(s: &str) -> bool {
    const BLOCK: usize = 32;
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut start = 0;
    while start < b.len() {
        let end = (start + BLOCK).min(b.len());
        let block = &b[start..end];
        let next = &b[start + 1..(end + 1).min(b.len())];
        let maybe = block.iter().fold(false, |any, &c| any | may_start_space(c))
            | block
                .iter()
                .zip(next)
                .fold(false, |any, (&c, &n)| any | (c == b' ' && n == b' '));
        if maybe && !collapsed_bytes(b, start..end) {
            return false;
        }
        start = end;
    }
    true
}

/// Whether `c` is a byte other than the space that can begin a whitespace character: the
/// ASCII controls (tab, line breaks, and others that are no whitespace) and the first bytes
/// of U+0085, U+00A0, U+1680, U+2000–U+205F and U+3000.
fn may_start_space(c: u8) -> bool {
    c < b' ' || matches!(c, 0xc2 | 0xe1..=0xe3)
}

/// Whether the bytes of `b` at `range` start no whitespace character but single spaces
/// (looking past the range for the rest of a character or a second space).
fn collapsed_bytes(b: &[u8], range: Range<usize>) -> bool {
    for i in range {
        let other_space = match b[i] {
            b' ' => b.get(i + 1) == Some(&b' '),
            b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' => true,
            // U+0085, U+00A0
            0xc2 => matches!(b.get(i + 1), Some(0x85 | 0xa0)),
            // U+1680
            0xe1 => b.get(i + 1) == Some(&0x9a) && b.get(i + 2) == Some(&0x80),
            // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            0xe2 => matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f))
            ),
            // U+3000
            0xe3 => b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80),
            _ => false,
        };
        if other_space {
            return false;
        }
    }
    true
}

/// The longest heading id [`slug`] makes, in bytes: ids go into every link to a section and
/// every table of contents, so a heading of 80 KB must not make an id of 80 KB.
pub const MAX_SLUG: usize = 80;
/// A URL-fragment-safe id from heading text: lowercase letters and digits joined by `-`, at
/// most [`MAX_SLUG`] bytes.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SLUG + 4));
    for c in text.chars().flat_map(char::to_lowercase) {
        if out.len() + c.len_utf8() > MAX_SLUG {
            break;
        }
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}
/// Bytes that can start inline Markdown (or end the line), by value.
const INLINE_MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"*_[]<>`\\&!~|\n\r";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Plain text of inline Markdown, for tooltips: emphasis, code and link markup removed.
pub fn strip_inline(md: &str) -> String {
    // Most sentences have no markup at all: their plain text is themselves, without a parse.
    let trimmed = md.trim_start();
    let markup = trimmed.bytes().any(|b| INLINE_MARKUP[b as usize])
        || trimmed.starts_with(|c: char| c.is_ascii_digit() || "#>-+=".contains(c));
    if !markup {
        return collapse_whitespace(md);
    }
    let text = plain_text(md);
    if text.is_empty() {
        collapse_whitespace(md)
    } else {
        text
    }
}

/// Inside an inline `<script>` or `<style>` element (its closing tag), after `html`: their
/// text is code, not words for titles, tooltips or search.
pub(super) fn raw_text(inside: Option<&'static str>, html: &str) -> Option<&'static str> {
    let lower = html.trim().to_ascii_lowercase();
    match inside {
        Some(close) => (!lower.starts_with(close)).then_some(close),
        None => ["script", "style"].into_iter().find_map(|name| {
            let open = lower
                .strip_prefix('<')
                .and_then(|t| t.strip_prefix(name))
                .is_some_and(|t| t.starts_with(['>', ' ', '\t', '\n', '/']));
            let close = if name == "script" {
                "</script"
            } else {
                "</style"
            };
            (open && !lower.contains(close) && !lower.ends_with("/>")).then_some(close)
        }),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsed_text_is_recognised_on_bytes() {
        // Every whitespace character, alone, doubled and between words, at both ends.
        let spaces: Vec<char> = ('\0'..='\u{3100}').filter(|c| c.is_whitespace()).collect();
        assert_eq!(
            spaces.len(),
            25,
            "Unicode has new whitespace: update is_collapsed"
        );
        let mut cases = vec![
            String::new(),
            "a".into(),
            "a b".into(),
            "–“x”— é å ё".into(),
        ];
        for c in &spaces {
            for t in [
                format!("a{c}b"),
                format!("{c}a"),
                format!("a{c}"),
                format!("a {c}b"),
            ] {
                cases.push(t);
            }
        }
        // Neighbours of the multi-byte spaces, which are not whitespace.
        for c in [
            '\u{2010}', '\u{2027}', '\u{2030}', '\u{2060}', '\u{1681}', '\u{3001}', '\u{a1}',
        ] {
            cases.push(format!("a{c}b"));
        }
        // Long text is looked at in blocks: every whitespace, and a space after a space, at
        // every position around the first block boundaries, among Cyrillic, dashes and quotes.
        let text = "Сбой — “DNS” 4.4.312 а б ";
        for c in spaces.iter().map(char::to_string).chain(["  ".to_owned()]) {
            for at in 0..72 {
                let mut long = text.repeat(4).trim_end().to_owned();
                let mut at = at.min(long.len());
                while !long.is_char_boundary(at) {
                    at -= 1;
                }
                long.insert_str(at, &c);
                cases.push(long);
            }
        }
        cases.push(text.repeat(4).trim_end().to_owned());
        for case in &cases {
            let slow: Vec<&str> = case.split_whitespace().collect();
            assert_eq!(is_collapsed(case), slow.join(" ") == *case, "{case:?}");
            assert_eq!(collapse_whitespace(case), slow.join(" "), "{case:?}");
        }
    }

    #[test]
    fn strip_inline_skips_the_parser_only_where_it_changes_nothing() {
        let seed = include_str!("../../content/sv-SE/mail-flow-intelligence-in-eop.md");
        let split = crate::frontmatter::split("t.md", seed).unwrap();
        let parsed = crate::segments::parse("t.md", split.body, split.body_offset);
        let mut texts: Vec<&str> = parsed
            .segments
            .iter()
            .flat_map(|s| [s.local.as_deref(), s.english.as_deref()])
            .flatten()
            .collect();
        texts.extend([
            "  two  spaces\tand a tab ",
            "1. a list",
            "# heading",
            "a *b* [c](d) `e` <f> &amp; g_h ~~i~~ | j",
            "",
        ]);
        assert!(texts.len() > 150);
        for text in texts {
            let parsed = plain_text(text);
            let want = if parsed.is_empty() {
                collapse_whitespace(text)
            } else {
                parsed
            };
            assert_eq!(strip_inline(text), want, "{text:?}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Error code: 450 4.4.312 DNS query failed"),
            "error-code-450-4-4-312-dns-query-failed"
        );
        assert_eq!(slug("Коды других ошибок"), "коды-других-ошибок");
        assert_eq!(slug("!!!"), "section");
    }
}
