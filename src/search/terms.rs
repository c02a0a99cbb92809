//! Terms: a word's term (ё to е, stemmed by the text's language or Snowball Russian for
//! Cyrillic, Latin diacritics folded), and the terms of a code document.

use rust_stemmers::{Algorithm, Stemmer};

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

    pub(super) fn name(self) -> Option<&'static str> {
        match self {
            Lang::Russian => Some("russian"),
            Lang::Swedish => Some("swedish"),
            Lang::English => Some("english"),
            Lang::Other => None,
        }
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
pub(super) fn each_code_term(enhanced: &str, reply: Option<&str>, mut f: impl FnMut(&str, u32)) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::words;

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

    #[test]
    fn code_documents_carry_their_notations() {
        let t: Vec<String> = code_terms("4.4.316", Some("450"))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(t, ["4.4.316", "4.4", "4.4.3", "4.4.31", "450"]);
    }
}
