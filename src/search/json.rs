//! JSON written by hand, byte for byte what `serde_json` writes: a document's row, strings,
//! postings lists and numbers.

use super::postings::{doc_of, weight_of, Posting};

/// One searchable thing: a code page, an article, or a section of one.
#[derive(Debug)]
pub(super) struct Doc<'a> {
    /// The URL in pieces, put together only in the row.
    pub(super) url: [&'a str; 4],
    pub(super) title: &'a str,
    pub(super) code: &'a str,
    pub(super) reply: &'a str,
    pub(super) article: &'a str,
}

impl Doc<'_> {
    /// Its row in a `d/<n>.js` file: `[url, title, code, reply, article title]` as JSON (one
    /// string per document is what the index keeps of it while it is built), written in
    /// `scratch` and copied at its exact size.
    pub(super) fn row(&self, scratch: &mut String) -> Box<str> {
        scratch.clear();
        scratch.push('[');
        push_json_string(scratch, &self.url);
        for field in [self.title, self.code, self.reply, self.article] {
            scratch.push(',');
            push_json_string(scratch, &[field]);
        }
        scratch.push(']');
        Box::from(scratch.as_str())
    }
}

/// Appends `parts`, one after the other, as one JSON string, escaped as `serde_json` does
/// (the output stays the same): `"` and `\` with a backslash, control characters as `\n`,
/// `\t` … or `\u00XX`, everything else as it is. Quicker than `serde_json::to_string`, and
/// without the allocation of each piece of a URL.
pub(super) fn push_json_string(out: &mut String, parts: &[&str]) {
    out.push('"');
    for part in parts {
        let mut rest = *part;
        while let Some(i) = first_escaped(rest.as_bytes()) {
            out.push_str(&rest[..i]);
            let b = rest.as_bytes()[i];
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                b'\n' => out.push_str("\\n"),
                b'\r' => out.push_str("\\r"),
                b'\t' => out.push_str("\\t"),
                0x08 => out.push_str("\\b"),
                0x0c => out.push_str("\\f"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(char::from(HEX[usize::from(b >> 4)]));
                    out.push(char::from(HEX[usize::from(b & 0xf)]));
                }
            }
            rest = &rest[i + 1..];
        }
        out.push_str(rest);
    }
    out.push('"');
}

/// Where the first byte of `bytes` that a JSON string escapes is. Eight bytes are looked at
/// together while none of them is one (nearly always: titles and URLs have none).
fn first_escaped(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `x` is less than `n` (at most 0x80): the subtraction borrows through
    // to the high bit of the lowest such byte, and of no byte below it.
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        if below(x, 0x20)
            || below(x ^ (ONES * u64::from(b'"')), 1)
            || below(x ^ (ONES * u64::from(b'\\')), 1)
        {
            break;
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or_default();
    tail.iter()
        .position(|&b| ESCAPED[usize::from(b)])
        .map(|p| i + p)
}

/// The bytes a JSON string escapes: one load per byte instead of three comparisons.
static ESCAPED: [bool; 256] = {
    let mut escaped = [false; 256];
    let mut b = 0;
    while b < 256 {
        escaped[b] = b < 0x20 || b == b'"' as usize || b == b'\\' as usize;
        b += 1;
    }
    escaped
};

/// Postings in document order as JSON, `[document delta, weight, …]`, written in `scratch`
/// and copied into a string of the exact size: every term's string is kept until the
/// locale's files are made.
pub(super) fn postings_json(list: &[Posting], scratch: &mut String) -> String {
    scratch.clear();
    scratch.push('[');
    let mut last = 0;
    for &p in list {
        push_number(scratch, doc_of(p) - last);
        scratch.push(',');
        push_number(scratch, weight_of(p));
        scratch.push(',');
        last = doc_of(p);
    }
    // The last comma closes the list instead.
    if list.is_empty() {
        scratch.push(']');
    } else {
        scratch.pop();
        scratch.push(']');
    }
    scratch.as_str().to_owned()
}

/// Appends `n` in decimal. Weights and most document deltas have one to three digits: those
/// are written without a loop, inlined into the loop over postings.
#[inline(always)]
fn push_number(out: &mut String, n: u32) {
    let digit = |d: u32| char::from(b'0' + (d % 10) as u8);
    match n {
        0..=9 => out.push(digit(n)),
        10..=99 => {
            out.push(digit(n / 10));
            out.push(digit(n));
        }
        100..=999 => {
            out.push(digit(n / 100));
            out.push(digit(n / 10));
            out.push(digit(n));
        }
        _ => push_large_number(out, n),
    }
}

/// Appends `n` (1000 or more) in decimal.
#[inline(never)]
fn push_large_number(out: &mut String, n: u32) {
    push_number(out, n / 1000);
    push_number_padded(out, n % 1000);
}

/// Appends `n` (less than 1000) as three digits.
fn push_number_padded(out: &mut String, n: u32) {
    let digit = |d: u32| char::from(b'0' + (d % 10) as u8);
    out.push(digit(n / 100));
    out.push(digit(n / 10));
    out.push(digit(n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::postings::posting;

    #[test]
    fn numbers_and_postings_are_written_as_json() {
        let mut s = String::new();
        for n in (0..2000).chain([9999, 10_000, 123_456, 16_777_215, u32::MAX]) {
            s.clear();
            push_number(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        let list = [posting(3, 10), posting(4, 255), posting(1500, 1)];
        assert_eq!(postings_json(&list, &mut s), "[3,10,1,255,1496,1]");
        assert_eq!(postings_json(&[], &mut s), "[]");
    }

    #[test]
    fn rows_are_the_json_serde_writes() {
        // Every ASCII character, alone and between others, and wider ones.
        let mut texts: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        texts.extend((0u8..0x80).map(|b| format!("a{}b\"\\{}", char::from(b), char::from(b))));
        texts.extend([
            "".into(),
            "Ёлка «ё» — ok\u{7f}\u{80}\u{2028}\u{feff}😀".into(),
        ]);
        // And at each place of the eight bytes looked at together, among wider characters.
        for b in 0u8..0x80 {
            for before in 0..17 {
                let c = char::from(b);
                texts.push(format!("{}{c}ж\u{ff}{c}", "x".repeat(before)));
                texts.push(format!("{}{c}", "ж".repeat(before)));
            }
        }
        let mut scratch = String::new();
        for t in &texts {
            let doc = Doc {
                url: crate::paths::article_in_locale(t, Some(t)),
                title: t,
                code: "4.4.316",
                reply: "",
                article: t,
            };
            let url = format!("{t}/#{t}");
            let want = serde_json::to_string(&[url.as_str(), t, "4.4.316", "", t]).unwrap();
            assert_eq!(&*doc.row(&mut scratch), want, "{t:?}");
        }
    }
}
