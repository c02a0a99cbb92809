//! The tokenizer: the words of a text or of Markdown (tags, link destinations, scripts and
//! styles skipped), each with its byte offset, lowercased, in one pass over the bytes.

use super::MAX_TOKEN;

/// The words of `text`, lowercased, in order.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    scan(text, false, &mut String::new(), |_, word| {
        out.push(word.to_owned())
    });
    out
}

/// Calls `f` with the byte offset and the lowercased form of each word of `text`, in order
/// (the rules of [`words`]), lowercasing into `buf` only a word that needs it.
///
/// With `markdown`, HTML tags and link destinations are skipped as if they were spaces (the
/// other syntax is punctuation, which is skipped anyway), so every word keeps its offset in
/// the Markdown: a tag runs from `<` to its `>` on the same line (a lone `<` is text), a link
/// destination from `](` to its `)` or the end of the line. Much cheaper than a Markdown
/// parse, and the index only needs the words.
///
/// One pass over the bytes: ASCII is classified by a table without decoding, and a word is
/// lowercased without allocating unless it has a letter outside ASCII, Latin-1 and Cyrillic
/// (then `str::to_lowercase` does it, final sigma and all).
pub(super) fn scan(text: &str, markdown: bool, buf: &mut String, mut f: impl FnMut(usize, &str)) {
    let bytes = text.as_bytes();
    let class = |i: usize| bytes.get(i).map(|&b| CLASS[usize::from(b)]);
    let mut i = 0;
    // Each loop tests the commonest class first: spaces and punctuation between words, and
    // in words lowercase ASCII, in a loop of its own.
    while let Some(c) = class(i) {
        match c {
            OTHER => {
                i += 1;
                continue;
            }
            WORD | UPPER => {}
            MARKUP if markdown => {
                i += markup_len(&bytes[i..]);
                continue;
            }
            MARKUP => {
                i += 1;
                continue;
            }
            _ => {
                let (c, n) = if c == TWO {
                    (two_byte_char(bytes, i), 2)
                } else {
                    char_at(text, i)
                };
                if !is_word_char(c) {
                    i += n;
                    continue;
                }
            }
        }
        // A word starts at `i`: find its end, and whether it has a letter to lowercase.
        let start = i;
        let mut upper = false;
        loop {
            // Runs of lowercase letters and digits, of ASCII, then of Cyrillic (`а`..`џ`, two
            // bytes each), go by without decoding.
            while class(i) == Some(WORD) {
                i += 1;
            }
            while let Some([0xd0, 0xb0..=0xbf] | [0xd1, 0x80..=0x9f]) = bytes.get(i..i + 2) {
                i += 2;
            }
            let (c, n) = match class(i) {
                Some(WORD) => continue,
                Some(UPPER) => {
                    upper = true;
                    i += 1;
                    continue;
                }
                Some(TWO) => (two_byte_char(bytes, i), 2),
                Some(WIDE) => char_at(text, i),
                _ => break,
            };
            match c {
                // Lowercase letters of Latin-1 and Cyrillic stay as they are.
                'ß'..='ö' | 'ø'..='ÿ' | 'а'..='џ' => {}
                _ if is_word_char(c) => upper = true,
                _ => break,
            }
            i += n;
        }
        let word = &text[start..i];
        // A word of 5 to 40 bytes has 2 to 40 characters (a character has 1 to 4 bytes); a
        // shorter word has 2 unless its first character is all of it.
        let chars_ok = match word.len() {
            5..=MAX_TOKEN => true,
            0..5 => word
                .chars()
                .next()
                .is_some_and(|c| c.len_utf8() < word.len()),
            _ => word.chars().count() <= MAX_TOKEN,
        };
        if !chars_ok {
            continue;
        }
        if !upper {
            f(start, word);
        } else if word.is_ascii() {
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            f(start, buf);
        } else {
            lowercase(word, buf);
            f(start, buf);
        }
    }
}

/// The character of two bytes at byte `i` of `bytes` (UTF-8, a character boundary).
#[inline]
fn two_byte_char(bytes: &[u8], i: usize) -> char {
    let lead = u32::from(bytes[i] & 0x1f);
    let next = bytes.get(i + 1).map_or(0, |&b| u32::from(b & 0x3f));
    char::from_u32(lead << 6 | next).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Classes of bytes for [`scan`]: a lowercase ASCII letter or a digit, an uppercase ASCII
/// letter, the start of a Markdown tag or link destination, the first byte of a character of
/// two bytes (Latin-1, Cyrillic and more) or of a wider one, other ASCII. (A continuation
/// byte is never looked at.)
const WORD: u8 = 0;
const UPPER: u8 = 1;
const MARKUP: u8 = 2;
const TWO: u8 = 3;
const WIDE: u8 = 4;
const OTHER: u8 = 5;

/// The class of each byte: one load instead of a chain of range tests per byte.
static CLASS: [u8; 256] = {
    let mut class = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        class[b] = match b as u8 {
            b'a'..=b'z' | b'0'..=b'9' => WORD,
            b'A'..=b'Z' => UPPER,
            b'<' | b']' => MARKUP,
            0xc0..=0xdf => TWO,
            0x80.. => WIDE,
            _ => OTHER,
        };
        b += 1;
    }
    class
};

/// The character at byte `i` of `text` (a character boundary) and its length in bytes.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let bytes = text.as_bytes();
    let b = bytes[i];
    // Two-byte characters (Latin-1, Cyrillic) are decoded here; the rest by the library.
    if b & 0xe0 == 0xc0 {
        if let Some(&next) = bytes.get(i + 1) {
            let c = u32::from(b & 0x1f) << 6 | u32::from(next & 0x3f);
            if let Some(c) = char::from_u32(c) {
                return (c, 2);
            }
        }
    }
    let c = text[i..]
        .chars()
        .next()
        .unwrap_or(char::REPLACEMENT_CHARACTER);
    (c, c.len_utf8())
}

/// How many bytes of Markdown from a `<` or `]` the index skips: a tag or a link
/// destination, else just the character.
fn markup_len(tail: &[u8]) -> usize {
    let to_line_end = |stop: u8| {
        tail.iter()
            .position(|&b| b == stop || b == b'\n')
            .map(|e| (e, tail[e] == stop))
    };
    match tail {
        // A tag runs to its `>` on the same line; a lone `<` is text. A `<script>` or
        // `<style>` element is code, not words: it runs to its closing tag.
        [b'<', ..] => match to_line_end(b'>') {
            Some((e, true)) => raw_text_len(tail).unwrap_or(e + 1),
            _ => 1,
        },
        [b']', b'(', ..] => to_line_end(b')').map_or(1, |(e, _)| e + 1),
        _ => 1,
    }
}

/// The length of a `<script>` or `<style>` element at the start of `tail`, to its closing
/// tag (case-insensitive), if `tail` starts with one that is closed.
fn raw_text_len(tail: &[u8]) -> Option<usize> {
    let name: &[u8] = [b"script".as_slice(), b"style"].into_iter().find(|name| {
        tail.get(1..=name.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(name))
            && matches!(
                tail.get(name.len() + 1),
                Some(b'>' | b' ' | b'\t' | b'\n' | b'/')
            )
    })?;
    let close = tail
        .windows(name.len() + 2)
        .position(|w| w[0] == b'<' && w[1] == b'/' && w[2..].eq_ignore_ascii_case(name))?;
    let end = tail[close..].iter().position(|&b| b == b'>')?;
    Some(close + end + 1)
}

/// Lowercases `word` into `buf`, as `str::to_lowercase` does: ASCII, Latin-1 and Cyrillic
/// letters map to one letter each without a table; a word with any other letter is handed
/// to the library whole (a few letters lowercase by their context, like a final sigma).
fn lowercase(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        let lower = match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' | 'А'..='Я' => shift(c, 0x20),
            'Ѐ'..='Џ' => shift(c, 0x50),
            'a'..='z' | '0'..='9' | 'ß'..='ö' | 'ø'..='ÿ' | 'а'..='џ' => c,
            _ => {
                buf.clear();
                buf.push_str(&word.to_lowercase());
                return;
            }
        };
        buf.push(lower);
    }
}

/// The letter `by` code points after `c` (its lowercase, for the ranges [`lowercase`] maps).
fn shift(c: char, by: u32) -> char {
    char::from_u32(c as u32 + by).unwrap_or(c)
}

/// `char::is_alphanumeric`, answered without a table lookup for ASCII, Cyrillic and Latin-1
/// letters (nearly every character of our text).
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        'А'..='я' | 'Ё' | 'ё' => true,
        'À'..='ÿ' => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(offset, word)` of each word of `text` as the index reads it.
    fn scanned(text: &str, markdown: bool) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        scan(text, markdown, &mut String::new(), |at, w| {
            out.push((at, w.to_owned()))
        });
        out
    }

    #[test]
    fn markdown_words_skip_tags_and_link_targets() {
        let md = "## <a name=\"x-y\"></a>Title\n\nSee [the docs](https://docs.example/a-b) and 1 < 2 > 0.\n";
        let w: Vec<String> = scanned(md, true).into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, ["title", "see", "the", "docs", "and"]);
        assert_eq!(
            scanned("<b>Ab</b> [x](y\nZz", true),
            [(3, "ab".into()), (16, "zz".into())]
        );
        // Script and style are code, not words; an unclosed one is only a tag.
        let md = "Fix <script>alert('xss')</script> it <STYLE type=x>p{color:red}</Style> now \
                  <scripts>ok</scripts> <script>open";
        let w: Vec<String> = scanned(md, true).into_iter().map(|(_, w)| w).collect();
        assert_eq!(w, ["fix", "it", "now", "ok", "open"]);
    }

    /// The words of `text` as first written: split at every character that is not
    /// alphanumeric, each lowercased by the library (the rules the tokenizer must keep).
    fn reference_words(text: &str) -> Vec<(usize, String)> {
        let base = text.as_ptr() as usize;
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| (2..=MAX_TOKEN).contains(&w.chars().count()))
            .map(|w| (w.as_ptr() as usize - base, w.to_lowercase()))
            .collect()
    }

    /// Markdown with its tags and link destinations blanked out with spaces, as first
    /// written (a pass of its own before the words were split).
    fn reference_blanked(md: &str) -> String {
        let mut out = String::with_capacity(md.len());
        let mut rest = md;
        while let Some(i) = rest.find(['<', ']']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            let skip = if tail.starts_with('<') {
                tail.find(['>', '\n'])
                    .filter(|&e| tail.as_bytes()[e] == b'>')
                    .map(|e| e + 1)
            } else if tail.starts_with("](") {
                tail.find([')', '\n']).map(|e| e + 1)
            } else {
                None
            };
            match skip {
                Some(n) => {
                    out.extend(std::iter::repeat_n(' ', n));
                    rest = &tail[n..];
                }
                None => {
                    out.push_str(&tail[..1]);
                    rest = &tail[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn words_are_the_reference_words_for_every_character() {
        // Each character alone, doubled, between ASCII, Cyrillic and Greek letters (a final
        // sigma lowercases by what is around it), and as the 40th and 41st of a word.
        // Another character only has to split words.
        let long = "x".repeat(MAX_TOKEN - 1);
        let all: Vec<char> = (0..=0x10ffff).filter_map(char::from_u32).collect();
        let mut text = String::new();
        for block in all.chunks(256) {
            text.clear();
            for &c in block {
                if c.is_alphanumeric() {
                    for w in [
                        format!("{c} {c}{c} A{c}Σ Σ{c}Я Ж{c}σ"),
                        format!("{long}{c} {long}{c}{c}"),
                    ] {
                        text.push_str(&w);
                        text.push(' ');
                    }
                } else {
                    text.push_str("ab");
                    text.push(c);
                    text.push_str("Ba ");
                }
            }
            assert_eq!(
                scanned(&text, false),
                reference_words(&text),
                "U+{:04X}..",
                block[0] as u32
            );
        }
    }

    #[test]
    fn words_are_the_reference_words_in_hard_cases() {
        let cases = [
            "ΟΔΟΣ ΟΔΟΣΣ ΣΑ ΑΣ Σ ΑΣ1 1Σ ΑΣΑ Α\u{345}Σ ὈΔΥΣΣΕΎΣ ΌΣΟΣ σς",
            "İSTANBUL İi Iı DİYARBAKIR ǅungla ǈ ǋ ǲ ß ẞ STRASSE Straße",
            "K Å Ω ﬁ ﬃ ŉ ǰ ΐ ᾈ ᾼ Ⅻ ⅻ Ⓐ ⓐ 𐐀𐐨 𞤀𞤢 Ꭰꭰ",
            "Ёлка ЁЛКА ЀЍЎЏ ѐѝўџ ЂЃЄЅІЇЈЉЊЋЌ Ѡѡ Ґґ Ӂӂ Ԁԁ ДОБРОДІЯ",
            "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ ĀāĂă Ÿ µ ªº ¹²³ ¼",
            "e\u{301}te\u{301} cafe\u{301} a\u{200d}b a\u{ad}b x\u{300}y",
            "٣٤ ①② 𝟘𝟙 ٠١٢ 日本語 한국어 ไทย עברית العربية",
            "a_b a1b2 MiXeD ЛаТиНИЦА ÅäÖ 12345678901234567890123456789012345678901 ok",
            "ΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΑΣ ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ",
        ];
        for text in cases {
            assert_eq!(scanned(text, false), reference_words(text), "{text}");
        }
    }

    #[test]
    fn markdown_words_are_the_reference_words_of_the_blanked_text() {
        let cases = [
            "## <a name=\"x-y\"></a>Title\n\nSee [the docs](https://docs.example/a-b) and 1 < 2 > 0.\n",
            "<b>bold</b> <i\nnot a tag> a < b and c > d <>e</> ]( ](x) ]] ][ ](\nnext) end](",
            "[link](url \"Title\") <span data-ttu-id=\"1\">Привет</span><span class=\"sxs\">Hello</span>",
            "x](y)z](w\n)v <a <b> c> <<d>> ]]((e)) ](<f>) <g](h)> Ω<Σ>ΑΣ Σ](Σ)",
            "",
            "<",
            "]",
            "](",
            "<unclosed tag without end",
        ];
        for md in cases {
            assert_eq!(
                scanned(md, true),
                reference_words(&reference_blanked(md)),
                "{md:?}"
            );
        }
        // And many made of the pieces that matter, from a small LCG.
        let pieces = [
            "<", ">", "]", "(", ")", "](", "\n", " ", "ab", "Cd", "Ёж", "ΣΑΣ", "ß", "İ", "1", "x",
            "<b>", "[t](u)", "é", "-",
        ];
        let mut x: u32 = 1;
        let mut md = String::new();
        for _ in 0..20_000 {
            md.clear();
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            for _ in 0..(x >> 16) % 24 {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                md.push_str(pieces[(x >> 16) as usize % pieces.len()]);
            }
            assert_eq!(
                scanned(&md, true),
                reference_words(&reference_blanked(&md)),
                "{md:?}"
            );
        }
    }

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1f600}', '𝟘', 'ǅ']) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }
}
