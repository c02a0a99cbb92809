//! The few words of each language that code headings are judged by, in one place: function
//! words (prepositions, articles, conjunctions), label words (naming a code: "error",
//! "code", "status"), diagnostic words (of a failure message: "denied", "failed") and
//! numbering words (of a version, section or step: "version", "step").
//!
//! Used by [`crate::smtp::in_heading`] (is a number in a heading an error code?) and
//! [`crate::code_title`] (does the title left without the code still read?). A language
//! without lists of its own uses the English ones; English words count in every language,
//! as headings keep English terms (`NDR`, `SMTP`) untranslated.
//!
//! An entry matches a word exactly, case-insensitively; `stem*` matches the stem followed by
//! up to three more letters (an ending: `fail*` → `failed`, `failure`). In languages that
//! write compounds as one word (Swedish, German) a label word also matches at the end of a
//! word (`felkod`, `NDR-kod`, `Statuscode`).

use std::ops::Range;

/// The kinds of words the lists hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Prepositions, articles and conjunctions: a phrase cannot end in one.
    Function,
    /// Words naming a code: `error`, `code`, `status`, `NDR`.
    Label,
    /// Words of a failure message: `denied`, `failed`, `not`, `too`.
    Diagnostic,
    /// Words numbering versions, sections and steps: `version`, `step`, `section`.
    Numbering,
}

/// One language's lists.
struct Words {
    function: &'static [&'static str],
    label: &'static [&'static str],
    diagnostic: &'static [&'static str],
    numbering: &'static [&'static str],
    /// Compounds are written as one word, so a label word may end a longer word.
    compounds: bool,
}

#[rustfmt::skip]
const EN: Words = Words {
    function: &[
        "a", "an", "the", "for", "of", "to", "in", "on", "at", "by", "with", "from", "about",
        "as", "into", "via", "per", "and", "or", "nor", "but", "than", "if", "when", "while",
    ],
    label: &[
        "error*", "code*", "status", "statuses", "ndr*", "dsn", "bounce*", "smtp",
    ],
    diagnostic: &[
        "denied", "denial", "refus*", "reject*", "fail*", "unavailable", "unable", "cannot",
        "can't", "couldn't", "not", "no", "invalid", "unknown", "block*", "timeout*", "timed",
        "expired", "exceed*", "full", "quota", "limit*", "too", "spam", "abuse", "missing",
        "unauthenticated", "unauthorized", "unrecogni*", "mismatch*", "loop", "unreachable",
        "busy", "suspended", "banned", "blacklisted", "blocklisted", "restricted", "prohibited",
        "forbidden", "unsupported", "bad", "wrong", "incorrect", "malformed", "delayed",
        "deferred", "throttl*", "violation*", "insufficient", "lost", "disabled", "overloaded",
        "undeliverable", "nonexistent", "detected", "disconnected", "dropped", "quarantined",
    ],
    numbering: &[
        "version", "v", "ver", "release", "step", "section", "chapter", "part", "appendix",
        "build", "update", "phase", "stage", "level", "table", "figure", "fig", "page", "item",
        "task", "lesson", "module", "clause", "paragraph", "rule", "revision", "rev", "patch",
        "edition", "sp", "cu",
    ],
    compounds: false,
};

#[rustfmt::skip]
const RU: Words = Words {
    function: &[
        "в", "во", "на", "к", "ко", "с", "со", "о", "об", "обо", "от", "по", "для", "из", "у",
        "за", "до", "при", "без", "про", "через", "над", "под", "и", "или", "а", "но", "либо",
        "что", "чтобы", "как", "если", "когда",
    ],
    label: &[
        "ошибк*", "ошибок", "код", "кода", "коду", "кодом", "коде", "коды", "кодов", "статус*",
    ],
    diagnostic: &[
        "отказ*", "запрещ*", "отклон*", "сбой", "сбоя", "сбои", "не", "нет", "невозможно",
        "недоступ*", "неизвестн*", "недопустим*", "недействительн*", "неверн*", "заблокирова*",
        "блокировк*", "истек*", "превыш*", "слишком", "переполн*", "нежелательн*", "спам",
        "ограничен*", "ошибочн*", "обнаружен*",
    ],
    numbering: &[
        "версия", "версии", "версию", "выпуск*", "шаг*", "раздел*", "глава", "главе", "главы",
        "часть", "части", "этап*", "сборка", "сборки", "обновлени*", "приложени*", "пункт*",
        "таблица", "рисунок",
    ],
    compounds: false,
};

#[rustfmt::skip]
const SV: Words = Words {
    function: &[
        "för", "till", "av", "i", "på", "med", "om", "från", "vid", "mot", "under", "över",
        "efter", "före", "hos", "utan", "genom", "och", "eller", "men", "att", "en", "ett", "den",
        "det", "när",
    ],
    label: &["fel", "felet", "felen", "kod*", "status*", "felmeddelande*"],
    diagnostic: &[
        "nekad*", "nekas", "nekat", "avvisa*", "avvisat", "misslycka*", "inte", "ej", "ingen",
        "inga", "okänd*", "ogiltig*", "blockera*", "spärrad*", "full", "fullt", "överskrid*",
        "otillgänglig*", "utgått", "upphört", "skräp", "skräppost", "spam", "missbruk*",
        "upptäck*", "felaktig*",
    ],
    numbering: &[
        "version*", "utgåva", "utgåvan", "steg", "steget", "avsnitt", "avsnittet", "kapitel",
        "kapitlet", "del", "delen", "bilaga", "bilagan", "fas", "fasen",
    ],
    compounds: true,
};

#[rustfmt::skip]
const DE: Words = Words {
    function: &[
        "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "für",
        "von", "zu", "zum", "zur", "mit", "bei", "in", "im", "an", "am", "auf", "aus", "nach",
        "über", "unter", "und", "oder", "aber", "wegen",
    ],
    label: &["fehler*", "code*", "status*"],
    diagnostic: &[
        "verweigert", "abgelehnt", "fehlgeschlagen", "nicht", "kein*", "ungültig*", "unbekannt*",
        "blockiert", "gesperrt", "voll", "überschritten",
    ],
    numbering: &[
        "version", "schritt", "abschnitt", "kapitel", "teil", "anhang", "build", "update",
    ],
    compounds: true,
};

/// The lists that apply to text in one language: its own (if it has any) and the English.
#[derive(Clone, Copy)]
pub struct Lexicon {
    own: Option<&'static Words>,
}

impl Lexicon {
    /// The lexicon of a locale tag (`ru-RU` → Russian); English for `en` and for languages
    /// without lists of their own.
    pub fn for_locale(tag: &str) -> Lexicon {
        let language = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let own = match language.as_str() {
            "ru" => Some(&RU),
            "sv" => Some(&SV),
            "de" => Some(&DE),
            _ => None,
        };
        Lexicon { own }
    }

    /// Whether the language is English or has lists of its own (otherwise only English
    /// words are known, and a label in the language cannot be told from other words).
    pub fn knows_language(tag: &str) -> bool {
        let language = tag.split(['-', '_']).next().unwrap_or("");
        language.eq_ignore_ascii_case("en") || Lexicon::for_locale(tag).own.is_some()
    }

    /// Whether `word` (as [`words`] gives it) is of `class` in the language or in English.
    pub fn is(&self, class: Class, word: &str) -> bool {
        let lower = word.to_lowercase();
        self.own
            .into_iter()
            .chain(std::iter::once(&EN))
            .any(|w| w.has(class, &lower))
    }
}

impl Words {
    fn has(&self, class: Class, lower: &str) -> bool {
        let list = match class {
            Class::Function => self.function,
            Class::Label => self.label,
            Class::Diagnostic => self.diagnostic,
            Class::Numbering => self.numbering,
        };
        let compound = self.compounds && class == Class::Label;
        list.iter().any(|entry| {
            if compound {
                lower
                    .char_indices()
                    .any(|(i, _)| entry_matches(entry, &lower[i..]))
            } else {
                entry_matches(entry, lower)
            }
        })
    }
}

/// `word` (lowercase) is `entry`, or `entry`'s stem and an ending of up to three letters.
fn entry_matches(entry: &str, word: &str) -> bool {
    match entry.strip_suffix('*') {
        Some(stem) => word.strip_prefix(stem).is_some_and(|ending| {
            ending.chars().count() <= 3 && ending.chars().all(char::is_alphabetic)
        }),
        None => word == entry,
    }
}

/// The words of `text` with their byte ranges: runs between spaces, without the punctuation
/// around them (`(AS780090),` → `AS780090`; inner `-` and `'` stay: `e-post`, `can't`).
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    // One pass over the text: no substring search per word.
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let start = at + text[at..].find(|c: char| !c.is_whitespace())?;
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |e| start + e);
        at = end;
        let run = &text[start..end];
        let lead = run.len() - run.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let trimmed = run[lead..].trim_end_matches(|c: char| !c.is_alphanumeric());
        if !trimmed.is_empty() {
            return Some((start + lead..start + lead + trimmed.len(), trimmed));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_each_language_with_english_as_fallback() {
        let ru = Lexicon::for_locale("ru-RU");
        assert!(ru.is(Class::Label, "ошибки") && ru.is(Class::Label, "кодом"));
        assert!(!ru.is(Class::Label, "кодировка"));
        assert!(ru.is(Class::Function, "к") && ru.is(Class::Function, "for"));
        let sv = Lexicon::for_locale("sv-SE");
        assert!(sv.is(Class::Label, "Felkod") && sv.is(Class::Label, "NDR-koden"));
        assert!(!sv.is(Class::Label, "felsökning") && !sv.is(Class::Diagnostic, "kraftfull"));
        assert!(sv.is(Class::Diagnostic, "misslyckades"));
        let ja = Lexicon::for_locale("ja-JP");
        assert!(ja.is(Class::Label, "error") && !ja.is(Class::Label, "エラー"));
        assert!(!Lexicon::knows_language("ja-JP") && Lexicon::knows_language("en"));
        let en = Lexicon::for_locale("en");
        assert!(en.is(Class::Diagnostic, "Failure") && !en.is(Class::Diagnostic, "notes"));
    }

    #[test]
    fn words_lose_the_punctuation_around_them() {
        let text = "4.5.3 Too many (AS780090), e-post: can't";
        let got: Vec<&str> = words(text).map(|(_, w)| w).collect();
        assert_eq!(got, ["4.5.3", "Too", "many", "AS780090", "e-post", "can't"]);
        let (range, _) = words(text).nth(3).unwrap();
        assert_eq!(&text[range], "AS780090");
    }
}
