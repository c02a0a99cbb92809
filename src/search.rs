//! The search index: one per locale, sharded so that a query fetches only what it needs.
//!
//! Rules shared with `templates/static/search.js` (the table in `tests/search/tokens.json` is
//! run by both sides):
//!
//! - **Words** are maximal runs of alphabetic or numeric characters (`char::is_alphanumeric`,
//!   `/[\p{Alphabetic}\p{N}]+/u` in JavaScript), lowercased; words shorter than 2 or longer
//!   than [`MAX_TOKEN`] characters are skipped.
//! - **Terms**: `ё` becomes `е`; a word with Cyrillic letters is stemmed with Snowball Russian,
//!   another word with the stemmer of the text's language (Swedish, English; English for Latin
//!   words in Russian text; none for other languages; never for numbers); then Latin
//!   diacritics are folded (`å ä → a`, `ö → o`, `é → e` …), so `fragan` finds `frågan`.
//! - **Codes**: a code document also has the terms `4.4.316` (the code), `4.4`, `4.4.3`,
//!   `4.4.31` (its prefixes) and `450` (its reply code). The client turns every notation it
//!   sees (`4 4 316`, `44316`, `450-4-4-316`, a pasted bounce line) into these terms.
//!
//! Files, under `site/<locale>/search/` (JavaScript, so they load from `file://` too):
//!
//! - `meta.js`: `kbsearch.meta({...})` with the shard keys, document count, chunk size, the
//!   locale's stemmer and the UI strings.
//! - `t/<hex of key>.js`: `kbsearch.shard(key, {term: [doc delta, weight, …]})`. A term lives
//!   in the shard whose key is its longest prefix among the keys.
//! - `d/<n>.js`: `kbsearch.docs(n, [[url, title, code, reply, article title], …])` for
//!   documents `n × CHUNK ..`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::i18n::I18n;
use crate::model::{Article, Site, Version, ENGLISH};
use crate::output::File;

/// Longest word indexed, in characters.
pub const MAX_TOKEN: usize = 40;
/// Documents per `d/<n>.js` file.
pub const CHUNK: usize = 32;
/// Best documents kept per term.
pub const MAX_POSTINGS: usize = 400;
/// A shard is split by one more character when its JSON is larger than this.
pub const SHARD_BYTES: usize = 24 * 1024;

/// The stemmers the index uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Russian,
    Swedish,
    English,
    /// No stemmer: words are only lowercased and folded.
    Other,
}

impl Lang {
    /// The stemmer for text in `locale`.
    pub fn of(locale: &str) -> Lang {
        match locale.split('-').next().unwrap_or_default() {
            "ru" => Lang::Russian,
            "sv" => Lang::Swedish,
            "en" => Lang::English,
            _ => Lang::Other,
        }
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Lang::Russian => Some("russian"),
            Lang::Swedish => Some("swedish"),
            Lang::English => Some("english"),
            Lang::Other => None,
        }
    }
}

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
fn scan(text: &str, markdown: bool, buf: &mut String, mut f: impl FnMut(usize, &str)) {
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

/// Folds Latin diacritics: `å ä á à â ã ā → a`, `ö ø ó … → o`, `ß → ss` and so on.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => out.push('i'),
            'ł' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ť' | 'ţ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            other => out.push(other),
        }
    }
    out
}

/// Snowball stemmers, created once.
pub struct Stemmers {
    russian: Stemmer,
    swedish: Stemmer,
    english: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers {
            russian: Stemmer::create(Algorithm::Russian),
            swedish: Stemmer::create(Algorithm::Swedish),
            english: Stemmer::create(Algorithm::English),
        }
    }
}

impl Stemmers {
    /// The term of one lowercased word in text of language `lang`.
    pub fn term(&self, word: &str, lang: Lang) -> String {
        let word = word.replace('ё', "е");
        let stemmer = if word.chars().all(|c| c.is_numeric()) {
            None
        } else if word.chars().any(|c| matches!(c, '\u{400}'..='\u{4ff}')) {
            Some(&self.russian)
        } else {
            match lang {
                Lang::Swedish => Some(&self.swedish),
                Lang::English | Lang::Russian => Some(&self.english),
                Lang::Other => None,
            }
        };
        match stemmer {
            Some(s) => fold(&s.stem(&word)),
            None => fold(&word),
        }
    }
}

/// The terms of a code document for `enhanced` (`4.4.316`) with reply code `reply`.
pub fn code_terms(enhanced: &str, reply: Option<&str>) -> Vec<(String, u32)> {
    let mut terms = Vec::new();
    each_code_term(enhanced, reply, |term, w| terms.push((term.to_owned(), w)));
    terms
}

/// Calls `f` with each of [`code_terms`] and its weight, in order, each made in one buffer.
fn each_code_term(enhanced: &str, reply: Option<&str>, mut f: impl FnMut(&str, u32)) {
    f(enhanced, 100);
    let mut parts = enhanced.splitn(3, '.');
    let (class, subject, detail) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    // `class.subject`, then `class.subject.` and each proper prefix of `detail`.
    let mut term = String::with_capacity(enhanced.len() + 1);
    term.push_str(class);
    term.push('.');
    term.push_str(subject);
    f(&term, 40);
    term.push('.');
    let base = term.len();
    for end in 1..detail.len() {
        term.truncate(base);
        term.push_str(&detail[..end]);
        f(&term, 50);
    }
    if let Some(r) = reply {
        f(r, 30);
    }
}

/// One searchable thing: a code page, an article, or a section of one.
#[derive(Debug)]
struct Doc<'a> {
    /// The URL in pieces, put together only in the row.
    url: [&'a str; 3],
    title: &'a str,
    code: &'a str,
    reply: &'a str,
    article: &'a str,
}

impl Doc<'_> {
    /// Its row in a `d/<n>.js` file: `[url, title, code, reply, article title]` as JSON (one
    /// string per document is what the index keeps of it while it is built), written in
    /// `scratch` and copied at its exact size.
    fn row(&self, scratch: &mut String) -> Box<str> {
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
fn push_json_string(out: &mut String, parts: &[&str]) {
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

/// A document and the weight of a term in it, packed as `document << 8 | weight`: sorting
/// postings sorts them by document.
type Posting = u32;

/// The most documents a locale may have (a posting gives a document 24 bits).
pub const MAX_DOCS: usize = 1 << 24;

fn posting(doc: u32, weight: u32) -> Posting {
    doc << 8 | weight.min(255)
}

fn doc_of(p: Posting) -> u32 {
    p >> 8
}

fn weight_of(p: Posting) -> u32 {
    p & 0xff
}

/// A locale's terms with their postings, terms in order: the number of each (in the term
/// names) and its postings, in no order.
type Postings = Vec<(u32, Vec<Posting>)>;

/// One locale's index: its documents' rows, in order, and its terms' postings.
type Index = (Vec<Box<str>>, Postings);

/// The words of a text in order: (offset, term number).
type Words = Vec<(u32, u32)>;

/// Builds the inverted index of every locale, a document at a time. Terms are interned once
/// for all locales: each distinct term is stored once and documents refer to it by number.
struct Terms {
    lexicon: Lexicon,
    /// Weights of the document being built, by term number (0: not in it), and the term
    /// numbers it has, in the order they came.
    weights: Vec<u32>,
    touched: Vec<u32>,
    /// Per locale: postings by term number.
    postings: Vec<Vec<List>>,
    /// Per locale: documents by number, in any order, as their rows.
    docs: Vec<Vec<(u32, Box<str>)>>,
    /// The words of each Markdown text of the article being indexed, split once: (offset,
    /// term), by the text's address and language. A code's text is part of a section's, and
    /// the English text of an article is indexed in every locale.
    memo: Vec<((usize, usize, Lang), Words)>,
    /// The lists of earlier articles' memos, emptied, to fill again.
    spare: Vec<Words>,
    /// The same for the plain texts of the article (titles, descriptions): where the term
    /// numbers of each are in `text_terms`. The English titles of sections are indexed in
    /// every locale.
    texts: FxHashMap<(usize, usize, Lang), (u32, u32)>,
    text_terms: Vec<u32>,
    /// A lowercased word.
    word: String,
    /// A document's row being written.
    row: String,
}

/// Term numbers: of each term, and of each word already seen in each language.
struct Lexicon {
    stemmers: Stemmers,
    /// By [`Lang`] as a number: words of up to 16 bytes (nearly all) by their [`Short`]
    /// form, longer words by themselves.
    cache: [FxHashMap<Short, u32>; 4],
    long: [FxHashMap<String, u32>; 4],
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

/// A word of 2 to 16 bytes as a key of fixed size: its length and its first and last 8, 4 or
/// 2 bytes (overlapping in the middle), which together give back every byte. Hashing and
/// comparing it takes a few instructions, against a call to `memcmp` and a loop over the
/// bytes for a `String` key: the lookup is done for every word of the text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Short {
    head: u64,
    tail: u64,
    len: usize,
}

impl Short {
    #[inline]
    fn of(word: &str) -> Option<Short> {
        let w = word.as_bytes();
        let len = w.len();
        let (head, tail) = match len {
            8..=16 => (le(&w[..8]), le(&w[len - 8..])),
            4..=7 => (le(&w[..4]), le(&w[len - 4..])),
            2 | 3 => (le(&w[..2]), le(&w[len - 2..])),
            _ => return None,
        };
        Some(Short { head, tail, len })
    }
}

/// Up to 8 bytes as a little-endian number.
#[inline]
fn le(bytes: &[u8]) -> u64 {
    match *bytes {
        [a, b] => u64::from(u16::from_le_bytes([a, b])),
        [a, b, c, d] => u64::from(u32::from_le_bytes([a, b, c, d])),
        [a, b, c, d, e, f, g, h] => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        _ => bytes.iter().rev().fold(0, |n, &b| n << 8 | u64::from(b)),
    }
}

impl Lexicon {
    /// The term number of a lowercased word in text of language `lang`.
    #[inline(always)]
    fn id(&mut self, word: &str, lang: Lang) -> u32 {
        let l = lang as usize;
        let short = Short::of(word);
        let known = match &short {
            Some(key) => self.cache[l].get(key),
            None => self.long[l].get(word),
        };
        match known {
            Some(&id) => id,
            None => self.learn(word, short, lang),
        }
    }

    /// The term number of a word not seen yet in language `lang`, remembered: out of line,
    /// so that the lookup [`Lexicon::id`] does for each word is inlined into the tokenizer.
    #[cold]
    #[inline(never)]
    fn learn(&mut self, word: &str, short: Option<Short>, lang: Lang) -> u32 {
        let term = self.stemmers.term(word, lang);
        let id = self.intern(&term);
        match short {
            Some(key) => self.cache[lang as usize].insert(key, id),
            None => self.long[lang as usize].insert(word.to_owned(), id),
        };
        id
    }

    fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.to_owned());
        self.ids.insert(term.to_owned(), id);
        id
    }
}

/// Adds `weight` (more than 0) to term `id` of the document being built.
#[inline]
fn add_weight(weights: &mut Vec<u32>, touched: &mut Vec<u32>, id: u32, weight: u32) {
    debug_assert!(
        weight > 0,
        "a weight of 0 would not mark the term as in the document"
    );
    let i = id as usize;
    if i >= weights.len() {
        weights.resize(i + 1, 0);
    }
    if weights[i] == 0 {
        touched.push(id);
    }
    weights[i] += weight;
}

impl Terms {
    fn new(locales: usize) -> Self {
        Terms {
            lexicon: Lexicon {
                stemmers: Stemmers::default(),
                cache: Default::default(),
                long: Default::default(),
                ids: FxHashMap::default(),
                names: Vec::new(),
            },
            weights: Vec::new(),
            touched: Vec::new(),
            postings: vec![Vec::new(); locales],
            docs: (0..locales).map(|_| Vec::new()).collect(),
            memo: Vec::new(),
            texts: FxHashMap::default(),
            text_terms: Vec::new(),
            spare: Vec::new(),
            word: String::new(),
            row: String::new(),
        }
    }

    /// Adds a term as it is (codes).
    fn add_term(&mut self, term: &str, weight: u32) {
        let id = self.lexicon.intern(term);
        add_weight(&mut self.weights, &mut self.touched, id, weight);
    }

    /// Adds the words of a plain text (a title, a description), split once per article.
    fn add_text(&mut self, text: &str, lang: Lang, weight: u32) {
        let Terms {
            lexicon,
            weights,
            touched,
            texts,
            text_terms,
            word,
            ..
        } = self;
        let key = (text.as_ptr() as usize, text.len(), lang);
        let (start, end) = *texts.entry(key).or_insert_with(|| {
            let start = text_terms.len() as u32;
            scan(text, false, word, |_, w| {
                text_terms.push(lexicon.id(w, lang))
            });
            (start, text_terms.len() as u32)
        });
        for &id in &text_terms[start as usize..end as usize] {
            add_weight(weights, touched, id, weight);
        }
    }

    /// Adds the words of `range` of the Markdown `md` (a whole text: it is split into words
    /// once per article). `range` starts and ends between words.
    fn add_range(&mut self, md: &str, range: Range<usize>, lang: Lang, weight: u32) {
        if range.is_empty() {
            return;
        }
        let key = (md.as_ptr() as usize, md.len(), lang);
        let Terms {
            lexicon,
            weights,
            touched,
            memo,
            spare,
            word,
            ..
        } = self;
        // An article has a few texts: a list is quicker than a map.
        let list = match memo.iter().position(|(k, _)| *k == key) {
            Some(i) => &memo[i].1,
            None => {
                let mut list = spare.pop().unwrap_or_default();
                scan(md, true, word, |at, w| {
                    list.push((at as u32, lexicon.id(w, lang)))
                });
                memo.push((key, list));
                &memo[memo.len() - 1].1
            }
        };
        let first = list.partition_point(|&(at, _)| (at as usize) < range.start);
        let end = first + list[first..].partition_point(|&(at, _)| (at as usize) < range.end);
        // Every term is numbered by now: the table is made large enough once.
        if weights.len() < lexicon.names.len() {
            weights.resize(lexicon.names.len(), 0);
        }
        for &(_, id) in &list[first..end] {
            let w = &mut weights[id as usize];
            if *w == 0 {
                touched.push(id);
            }
            *w += weight;
        }
    }

    /// Forgets the words of the article's texts, keeping the lists for the next one: the memo
    /// is by address, and the next article's text may reuse this one's.
    fn clear_memo(&mut self) {
        for (_, mut list) in self.memo.drain(..) {
            list.clear();
            self.spare.push(list);
        }
        self.texts.clear();
        self.text_terms.clear();
    }

    /// Ends the current document: number `id` of locale `l`.
    fn finish(&mut self, l: usize, id: u32, doc: Doc) {
        self.docs[l].push((id, doc.row(&mut self.row)));
        let postings = &mut self.postings[l];
        postings.resize_with(self.lexicon.names.len(), List::new);
        for term in self.touched.drain(..) {
            let w = std::mem::take(&mut self.weights[term as usize]);
            postings[term as usize].add(posting(id, w));
        }
    }

    /// Adds the documents and postings of `other` (built from other documents).
    fn merge(&mut self, other: Terms) {
        let ids: Vec<u32> = other
            .lexicon
            .names
            .iter()
            .map(|term| self.lexicon.intern(term))
            .collect();
        for (mine, theirs) in self.postings.iter_mut().zip(other.postings) {
            mine.resize_with(self.lexicon.names.len(), List::new);
            for (term, list) in theirs.into_iter().enumerate() {
                let list_of = &mut mine[ids[term] as usize];
                for p in list.postings {
                    list_of.add(p);
                }
            }
        }
        for (mine, theirs) in self.docs.iter_mut().zip(other.docs) {
            mine.extend(theirs);
        }
    }

    /// The term names, and each locale's documents in order and terms with postings.
    fn into_indexes(self) -> (Vec<String>, Vec<Index>) {
        let names = self.lexicon.names;
        // Terms in order, sorted once for all locales (each is interned once).
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let indexes = self
            .docs
            .into_iter()
            .zip(self.postings)
            .map(|(mut docs, mut lists)| {
                docs.sort_unstable_by_key(|(id, _)| *id);
                debug_assert!(docs
                    .iter()
                    .enumerate()
                    .all(|(i, (id, _))| i == *id as usize));
                let docs = docs.into_iter().map(|(_, doc)| doc).collect();
                let postings: Postings = order
                    .iter()
                    .filter_map(|&term| {
                        let list = std::mem::take(&mut lists.get_mut(term as usize)?.postings);
                        (!list.is_empty()).then_some((term, list))
                    })
                    .collect();
                (docs, postings)
            })
            .collect();
        (names, indexes)
    }
}

/// A term's postings in one locale while the index is built. A common term keeps only its
/// best documents: pruning to the best [`MAX_POSTINGS`] whenever the list doubles bounds
/// memory and gives the same list as pruning once at the end, in whatever order the postings
/// come (a pruned document is beaten by [`MAX_POSTINGS`] documents that stay or are beaten in
/// turn). For the same reason a posting ranked below the worst one kept at a pruning is not
/// added at all: [`MAX_POSTINGS`] documents beat it already.
#[derive(Clone)]
struct List {
    postings: Vec<Posting>,
    /// The [`rank`] of the worst posting kept at the last pruning (`u32::MAX` before one).
    floor: u32,
}

impl List {
    fn new() -> Self {
        List {
            postings: Vec::new(),
            floor: u32::MAX,
        }
    }

    fn add(&mut self, p: Posting) {
        if rank(p) > self.floor {
            return;
        }
        self.postings.push(p);
        if self.postings.len() >= 2 * MAX_POSTINGS {
            self.floor = keep_best(&mut self.postings);
        }
    }
}

/// Builds every locale's search index from the articles as rendering visits them, in any
/// order and on any thread: document numbers are planned from the outline beforehand, and
/// each thread fills its own term tables, merged at the end.
pub struct Collector<'s> {
    site: &'s Site,
    plans: Vec<Plan>,
    /// Term tables, one per rayon thread and one for any other thread.
    slots: Vec<Mutex<Terms>>,
}

/// Where one locale's documents come from.
struct Plan {
    /// Per article: the number of its first document (the article's own), if it has a
    /// version in this locale; its sections follow.
    articles: Vec<Option<u32>>,
    /// Per article: the code documents whose text it holds.
    codes: Vec<Vec<CodeDoc>>,
    /// How many documents there are.
    docs: usize,
}

/// A code document: code pages come first, in code order.
struct CodeDoc {
    id: u32,
    code: usize,
    /// The occurrence whose text it has, and the locale of that text (the page's, or `en`).
    occurrence: usize,
    locale: String,
}

impl<'s> Collector<'s> {
    /// Plans the documents of every locale; an error if a locale has more than [`MAX_DOCS`].
    pub fn new(site: &'s Site) -> Result<Self, String> {
        let plans: Vec<Plan> = site.locales.iter().map(|l| Plan::new(site, l)).collect();
        if let Some((locale, plan)) = site
            .locales
            .iter()
            .zip(&plans)
            .find(|(_, p)| p.docs > MAX_DOCS)
        {
            return Err(format!(
                "{locale} has {} searchable pages and sections; the search index holds at most {MAX_DOCS}",
                plan.docs
            ));
        }
        let slots = (0..=rayon::current_num_threads())
            .map(|_| Mutex::new(Terms::new(site.locales.len())))
            .collect();
        Ok(Collector { site, plans, slots })
    }

    /// Adds the documents of article `index`, built with its text, in every locale.
    pub fn visit(&self, index: usize, article: &Article) {
        let last = self.slots.len() - 1;
        let slot = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let mut terms = self.slots[slot]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (l, (locale, plan)) in self.site.locales.iter().zip(&self.plans).enumerate() {
            for doc in &plan.codes[index] {
                self.code(&mut terms, l, locale, doc, article);
            }
            if let Some(first) = plan.articles[index] {
                article_docs(&mut terms, l, locale, first, article);
            }
        }
        terms.clear_memo();
    }

    fn code(&self, terms: &mut Terms, l: usize, locale: &str, doc: &CodeDoc, article: &Article) {
        let code = &self.site.codes[doc.code];
        let o = &code.occurrences[doc.occurrence];
        let text_of = |l: &str| {
            let v = article.versions.get(l)?;
            let text = v
                .codes
                .iter()
                .find(|t| t.enhanced == code.enhanced && t.section == o.section)?;
            Some((v, text))
        };
        // The plan found this text in the outline, and a reloaded article is the same one.
        let Some((v, text)) = text_of(&doc.locale) else {
            return;
        };
        each_code_term(&code.enhanced, code.reply.as_deref(), |term, w| {
            terms.add_term(term, w)
        });
        let text_lang = if doc.locale == locale {
            Lang::of(locale)
        } else {
            Lang::English
        };
        terms.add_text(&text.title, text_lang, 10);
        terms.add_range(&v.markdown, text.description_md.clone(), text_lang, 3);
        terms.add_range(&v.markdown, text.causes_md.clone(), text_lang, 3);
        terms.add_range(&v.markdown, text.fixes_md.clone(), text_lang, 1);
        if locale != ENGLISH {
            if let Some((ev, et)) = text_of(ENGLISH) {
                terms.add_text(&et.title, Lang::English, 4);
                terms.add_range(&ev.markdown, et.description_md.clone(), Lang::English, 1);
                terms.add_range(&ev.markdown, et.causes_md.clone(), Lang::English, 1);
            }
        }
        let entry = Doc {
            url: ["codes/", &code.enhanced, "/"],
            title: &text.title,
            code: &code.enhanced,
            reply: code.reply.as_deref().unwrap_or_default(),
            article: &v.title,
        };
        terms.finish(l, doc.id, entry);
    }

    /// Merges the tables of every thread, letting go of the site.
    pub fn finish(self) -> Tables {
        let mut tables = self.slots.into_iter().map(|slot| {
            slot.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        let mut terms = tables
            .next()
            .unwrap_or_else(|| Terms::new(self.site.locales.len()));
        tables.for_each(|t| terms.merge(t));
        Tables {
            terms,
            locales: self.site.locales.clone(),
        }
    }
}

/// The terms of every locale's documents, collected ([`Collector::finish`]).
pub struct Tables {
    terms: Terms,
    locales: Vec<String>,
}

impl Tables {
    /// Hands each locale's files to `sink` as soon as they are ready (locales in parallel).
    pub fn files<E: Send>(
        self,
        i18n: &I18n,
        sink: &(dyn Fn(File) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        let (names, indexes) = self.terms.into_indexes();
        self.locales
            .par_iter()
            .zip(indexes)
            .try_for_each(|(locale, (docs, postings))| {
                write_locale(locale, i18n, Lang::of(locale), &names, docs, postings)
                    .into_iter()
                    .try_for_each(sink)
            })
    }
}

impl Plan {
    fn new(site: &Site, locale: &str) -> Plan {
        let mut next = 0;
        let mut codes: Vec<Vec<CodeDoc>> = site.articles.iter().map(|_| Vec::new()).collect();
        for (c, code) in site.codes.iter().enumerate() {
            // Its first occurrence described in this locale, else in English.
            let found = code.occurrences.iter().enumerate().find_map(|(i, o)| {
                [locale, ENGLISH].iter().find_map(|l| {
                    site.code_text(&code.enhanced, o, l)
                        .map(|(_, v, _)| (i, &o.article, v.locale.clone()))
                })
            });
            let Some((occurrence, slug, text_locale)) = found else {
                continue;
            };
            let Some(a) = site.article_index(slug) else {
                continue;
            };
            codes[a].push(CodeDoc {
                id: next,
                code: c,
                occurrence,
                locale: text_locale,
            });
            next += 1;
        }
        // Then each article and its sections.
        let articles = site
            .articles
            .iter()
            .map(|article| {
                let v = article.versions.get(locale)?;
                let first = next;
                next += 1 + v.sections.iter().filter(|s| s.level >= 2).count() as u32;
                Some(first)
            })
            .collect();
        Plan {
            articles,
            codes,
            docs: next as usize,
        }
    }
}

/// Adds an article's document, numbered `first`, and its sections' after it.
fn article_docs(terms: &mut Terms, l: usize, locale: &str, first: u32, article: &Article) {
    let Some(v) = article.versions.get(locale) else {
        return;
    };
    let english = article.versions.get(ENGLISH).filter(|_| locale != ENGLISH);
    let text_lang = if v.origin == crate::model::Origin::Fallback {
        Lang::English
    } else {
        Lang::of(locale)
    };
    terms.add_text(&v.title, text_lang, 10);
    terms.add_text(&v.description, text_lang, 3);
    for range in lead(v) {
        terms.add_range(&v.markdown, range, text_lang, 2);
    }
    if let Some(en) = english {
        terms.add_text(&en.title, Lang::English, 4);
        for range in lead(en) {
            terms.add_range(&en.markdown, range, Lang::English, 1);
        }
    }
    // The same percent-encoding as every link of the site's pages.
    let slug = crate::paths::encode(&article.slug);
    let doc = Doc {
        url: [&slug, "/", ""],
        title: &v.title,
        code: "",
        reply: "",
        article: &v.title,
    };
    terms.finish(l, first, doc);
    let mut id = first;
    for section in v.sections.iter().filter(|s| s.level >= 2) {
        id += 1;
        add_section(terms, v, section, text_lang, 8, 2);
        if let Some(en) = english {
            if let Some(es) = en.sections.iter().find(|s| s.id == section.id) {
                add_section(terms, en, es, Lang::English, 3, 1);
            }
        }
        let doc = Doc {
            url: [&slug, "/#", &section.id],
            title: &section.title,
            code: "",
            reply: "",
            article: &v.title,
        };
        terms.finish(l, id, doc);
    }
}

/// The text of a version that belongs to no section of its own: everything outside its H2
/// (and deeper) sections but its H1 lines. Most help articles have no H2 at all, so this is
/// most of their text; it is the article's own document.
fn lead(v: &Version) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for section in v.sections.iter() {
        let start = section.range.start;
        if start < at {
            continue;
        }
        if start > at {
            ranges.push(at..start);
        }
        at = if section.level >= 2 {
            section.range.end
        } else {
            // Only the heading's own line: its text is the title.
            let line = &v.markdown[start..section.range.end];
            start + line.find('\n').map_or(line.len(), |i| i + 1)
        };
    }
    if at < v.markdown.len() {
        ranges.push(at..v.markdown.len());
    }
    ranges
}

fn add_section(
    terms: &mut Terms,
    v: &Version,
    section: &crate::model::Section,
    lang: Lang,
    title: u32,
    body: u32,
) {
    terms.add_text(&section.title, lang, title);
    // A section about a code is found by the code too, after the code's own page.
    for found in crate::smtp::find(&section.title) {
        terms.add_term(&found.enhanced, 2 * title);
    }
    // The section's own text: up to its first subsection.
    let start = section.range.start;
    let end = v
        .sections
        .iter()
        .map(|s| s.range.start)
        .find(|&s| s > start && s < section.range.end)
        .unwrap_or(section.range.end);
    let md = &v.markdown[start..end];
    let body_start = md.find('\n').map_or(md.len(), |i| i + 1);
    terms.add_range(&v.markdown, start + body_start..end, lang, body);
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
fn best_postings(list: &mut Vec<Posting>) {
    if list.len() > MAX_POSTINGS {
        keep_best(list);
    }
    list.sort_unstable();
}

/// Serializes one locale's index into files.
fn write_locale(
    locale: &str,
    i18n: &I18n,
    lang: Lang,
    names: &[String],
    docs: Vec<Box<str>>,
    postings: Postings,
) -> Vec<File> {
    // Keep the best postings of each term, then store them by document.
    let mut scratch = String::new();
    let entries: Vec<Entry<'_>> = postings
        .into_iter()
        .map(|(term, mut list)| {
            best_postings(&mut list);
            (
                names[term as usize].as_str(),
                postings_json(&list, &mut scratch),
            )
        })
        .collect();
    let mut shards: Vec<(String, Vec<&Entry<'_>>)> = Vec::new();
    split(&entries.iter().collect::<Vec<_>>(), 1, &mut shards);
    let dir = format!("{locale}/search");
    let mut files = Vec::with_capacity(shards.len() + docs.len() / CHUNK + 2);
    let mut keys = Vec::with_capacity(shards.len());
    for (key, terms) in &shards {
        let mut body = String::new();
        body.push_str("kbsearch.shard(");
        push_json_string(&mut body, &[key]);
        body.push_str(",{");
        for (i, (term, list)) in terms.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            push_json_string(&mut body, &[term]);
            body.push(':');
            body.push_str(list);
        }
        body.push_str("});\n");
        files.push(File {
            path: format!("{dir}/t/{}.js", hex(key)),
            bytes: body.into_bytes(),
        });
        keys.push(key.clone());
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let json = format!("[{}]", chunk.join(","));
        files.push(File {
            path: format!("{dir}/d/{n}.js"),
            bytes: format!("kbsearch.docs({n},{json});\n").into_bytes(),
        });
    }
    let meta = serde_json::json!({
        "version": 1,
        "locale": locale,
        "lang": lang.name(),
        "docs": docs.len(),
        "chunk": CHUNK,
        "shards": keys,
        "ui": ui_strings(i18n, locale),
    });
    files.push(File {
        path: format!("{dir}/meta.js"),
        bytes: format!("kbsearch.meta({meta});\n").into_bytes(),
    });
    files
}

/// A term and its postings as JSON.
type Entry<'t> = (&'t str, String);

/// Postings in document order as JSON, `[document delta, weight, …]`, written in `scratch`
/// and copied into a string of the exact size: every term's string is kept until the
/// locale's files are made.
fn postings_json(list: &[Posting], scratch: &mut String) -> String {
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

/// Groups sorted `entries` (term, postings JSON) sharing a prefix of `depth` characters into
/// shards no larger than [`SHARD_BYTES`] where possible.
fn split<'e, 't>(
    entries: &[&'e Entry<'t>],
    depth: usize,
    out: &mut Vec<(String, Vec<&'e Entry<'t>>)>,
) {
    let mut i = 0;
    while i < entries.len() {
        let key: String = entries[i].0.chars().take(depth).collect();
        let j = i + entries[i..]
            .iter()
            .take_while(|(t, _)| t.starts_with(&key))
            .count();
        let group = &entries[i..j];
        let size: usize = group.iter().map(|(t, l)| t.len() + l.len() + 4).sum();
        if size <= SHARD_BYTES || depth >= 8 || group.len() == 1 {
            out.push((key, group.to_vec()));
        } else {
            // Terms that are exactly the key stay in its shard; the rest split further.
            let exact: Vec<&Entry<'t>> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() <= depth)
                .collect();
            if !exact.is_empty() {
                out.push((key.clone(), exact));
            }
            let longer: Vec<&Entry<'t>> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() > depth)
                .collect();
            split(&longer, depth + 1, out);
        }
        i = j;
    }
}

/// A file-name-safe form of a shard key: its UTF-8 bytes in hex.
pub fn hex(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The UI strings the client needs, with plural variants resolved per CLDR category; `lang`
/// names the language of those that fall back to another language than the locale's (the
/// client marks the elements it writes them in).
fn ui_strings(i18n: &I18n, locale: &str) -> serde_json::Value {
    // A number in each plural category of the languages we ship; others fall back to "other".
    let samples = [("one", 1usize), ("few", 2), ("many", 5), ("other", 100)];
    let mut langs: BTreeMap<&str, &str> = BTreeMap::new();
    let mut plural = |name: &'static str, key: &str| {
        let forms: BTreeMap<&str, String> = samples
            .iter()
            .map(|(cat, n)| {
                (
                    *cat,
                    i18n.count(locale, key, *n).replace(&n.to_string(), "{n}"),
                )
            })
            .collect();
        let mut args = fluent::FluentArgs::new();
        args.set("count", 1);
        if let Some((_, Some(lang))) = i18n.lookup(locale, key, Some(&args)) {
            langs.insert(name, lang);
        }
        forms
    };
    let results = plural("results", "search-results-count");
    let mut text = |name: &'static str, key: &str| match i18n.lookup(locale, key, None) {
        Some((text, lang)) => {
            if let Some(lang) = lang {
                langs.insert(name, lang);
            }
            text
        }
        None => key.to_owned(),
    };
    let mut ui = serde_json::json!({
        "results": results,
        "none": text("none", "search-no-results"),
        "hint": text("hint", "search-hint"),
        "code": text("code", "search-result-code"),
        "section": text("section", "search-result-section"),
        "loading": text("loading", "search-loading"),
        "failed": text("failed", "search-failed"),
    });
    if !langs.is_empty() {
        ui["lang"] = serde_json::json!(langs);
    }
    ui
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_follow_the_shared_rules() {
        let s = Stemmers::default();
        assert_eq!(
            s.term("frågan", Lang::Swedish),
            s.term("fragan", Lang::Swedish)
        );
        assert_eq!(
            s.term("сертификата", Lang::Russian),
            s.term("сертификаты", Lang::Russian)
        );
        assert_eq!(s.term("ёлка", Lang::Russian), s.term("елка", Lang::Russian));
        assert_eq!(s.term("connections", Lang::Russian), "connect");
        assert_eq!(s.term("316", Lang::English), "316");
        assert_eq!(
            words("DNS-frågan 4.4.316 x can't"),
            ["dns", "frågan", "316", "can"]
        );
    }

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
    fn short_keys_tell_every_word_apart() {
        // Words that differ only in length or in one byte, where the head and tail overlap.
        let mut words = Vec::new();
        for len in 0..=20 {
            for at in 0..len {
                for b in ["a", "b", "ж"] {
                    let mut w = "a".repeat(len);
                    w.replace_range(at..at + 1, b);
                    words.push(w);
                }
            }
        }
        words.sort();
        words.dedup();
        let keys: Vec<Option<Short>> = words.iter().map(|w| Short::of(w)).collect();
        for (w, k) in words.iter().zip(&keys) {
            assert_eq!(k.is_some(), (2..=16).contains(&w.len()), "{w}");
        }
        let mut distinct: Vec<_> = keys
            .iter()
            .flatten()
            .map(|k| (k.head, k.tail, k.len))
            .collect();
        let count = distinct.len();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), count);
    }

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
                url: [t, "/#", t],
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

    #[test]
    fn code_documents_carry_their_notations() {
        let t: Vec<String> = code_terms("4.4.316", Some("450"))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(t, ["4.4.316", "4.4", "4.4.3", "4.4.31", "450"]);
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

    #[test]
    fn shards_split_large_prefixes_and_keep_every_term() {
        let names: Vec<String> = (0..3000).map(|i| format!("co{i:04}")).collect();
        let entries: Vec<Entry<'_>> = names
            .iter()
            .map(|t| (t.as_str(), "[1,2,3,4,5,6,7,8,9,10,11,12]".to_owned()))
            .collect();
        let refs: Vec<&Entry<'_>> = entries.iter().collect();
        let mut out = Vec::new();
        split(&refs, 1, &mut out);
        assert!(out.len() > 1);
        let total: usize = out.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(total, 3000);
        for (key, terms) in &out {
            assert!(terms.iter().all(|(t, _)| t.starts_with(key.as_str())));
            // Every term's shard is the longest key that prefixes it.
            for (t, _) in terms {
                let longest = out
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| t.starts_with(k.as_str()))
                    .max_by_key(|k| k.len());
                assert_eq!(longest, Some(key));
            }
        }
    }
}

#[cfg(test)]
mod shared_table {
    //! The Rust half of `tests/search/tokens.json` (the JavaScript half is
    //! `tests/search/tokens.test.js`).
    use super::*;

    fn table() -> serde_json::Value {
        serde_json::from_str(include_str!("../tests/search/tokens.json")).expect("valid JSON")
    }

    fn lang(name: &serde_json::Value) -> Lang {
        match name.as_str() {
            Some("russian") => Lang::Russian,
            Some("swedish") => Lang::Swedish,
            Some("english") => Lang::English,
            _ => Lang::Other,
        }
    }

    #[test]
    fn words_match_the_table() {
        for row in table()["words"].as_array().unwrap() {
            let text = row["text"].as_str().unwrap();
            let want: Vec<&str> = row["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn terms_match_the_table() {
        let stemmers = Stemmers::default();
        for row in table()["terms"].as_array().unwrap() {
            let word = row["word"].as_str().unwrap();
            assert_eq!(
                stemmers.term(word, lang(&row["lang"])),
                row["term"].as_str().unwrap(),
                "{word}"
            );
        }
    }

    #[test]
    fn code_terms_match_the_table() {
        for row in table()["codes"].as_array().unwrap() {
            let got: Vec<String> =
                code_terms(row["enhanced"].as_str().unwrap(), row["reply"].as_str())
                    .into_iter()
                    .map(|(t, _)| t)
                    .collect();
            let want: Vec<&str> = row["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(got, want);
        }
    }
}
