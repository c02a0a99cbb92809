//! The lexicon: term numbers, of each term and of each word already seen in each language
//! (a word of up to 16 bytes looked up by a key of fixed size).

use rustc_hash::FxHashMap;

use super::terms::{Lang, Stemmers};

/// Term numbers: of each term, and of each word already seen in each language.
pub(super) struct Lexicon {
    stemmers: Stemmers,
    /// By [`Lang`] as a number: words of up to 16 bytes (nearly all) by their [`Short`]
    /// form, longer words by themselves.
    cache: [FxHashMap<Short, u32>; 4],
    long: [FxHashMap<String, u32>; 4],
    ids: FxHashMap<String, u32>,
    pub(super) names: Vec<String>,
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
    pub(super) fn new() -> Self {
        Lexicon {
            stemmers: Stemmers::default(),
            cache: Default::default(),
            long: Default::default(),
            ids: FxHashMap::default(),
            names: Vec::new(),
        }
    }

    /// The term number of a lowercased word in text of language `lang`.
    #[inline(always)]
    pub(super) fn id(&mut self, word: &str, lang: Lang) -> u32 {
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

    pub(super) fn intern(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.to_owned());
        self.ids.insert(term.to_owned(), id);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
