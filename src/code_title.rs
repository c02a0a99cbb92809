//! The title of an error code: what is left of the heading that names it, in each language,
//! once the code and its label are gone, and only if that still reads.
//!
//! The localized heading is cut at its codes into a *head* (before them) and a *tail* (after
//! them). Two candidates:
//!
//! - **the tail**, the sentence the code names (`Fix delivery issues for error code 550 5.4.1
//!   Relay Access Denied` → `Relay Access Denied`), tried first when in the English heading a
//!   label word comes right before the codes and words after them;
//! - **the phrase without the code**, head and tail joined, tried first otherwise
//!   (`Felkod: DNS-frågan 450 4.4.312 misslyckades` → `DNS-frågan misslyckades`). It is
//!   repaired first: a function word left dangling where the code was is dropped (`Доступ к
//!   4.7.500 запрещен` → `Доступ запрещен`), and with nothing after the code, so are the label
//!   and the words that led to it (`Fix email delivery issues for error code 5.7.1` → `Fix
//!   email delivery issues`).
//!
//! A candidate **reads** when it has a letter, its last word is neither a label word
//! (`code`, `кода ошибки`, `felkod`) nor a function word (a preposition, article or
//! conjunction) of its language or English, and, for the phrase, the word where the code was
//! is not a label word (`…error code Relay Access Denied` does not read). The words are in
//! [`crate::lexicon`]. The first candidate that reads is the title; if none does, the tail,
//! the phrase, the heading without its codes (`Error code 5.7.606` → `Error code`) or the
//! code itself, the first with a letter.
//!
//! When the English heading has a `Label:` before the code, the localized label goes first:
//! the label words before the colon (`Сбой запроса DNS, код ошибки: 450 4.4.312` → `Сбой
//! запроса DNS`), or, in a language without word lists or when no label word is found there,
//! everything up to the colon (`エラー コード：450 4.4.312 …`). The title starts with a capital.

use crate::lexicon::{self, Class, Lexicon};
use crate::markdown;
use crate::smtp::{self, Found};

/// The title of the codes `english_codes` (found in the `english` heading) in the heading
/// `local` written in `locale` (the English heading itself for English).
pub fn title(local: &str, locale: &str, english: &str, english_codes: &[Found]) -> String {
    let title = raw_title(local, locale, english, english_codes);
    let mut chars = title.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => title,
    }
}

fn raw_title(local: &str, locale: &str, english: &str, english_codes: &[Found]) -> String {
    // `How do I fix error code 450 4.7.320?`: the code ends the question, which asks about
    // it and does not read without it; the question is the title. (`Are you seeing error
    // 4.4.62 Mail sent to the wrong region?` names the code's message after it: cut below.)
    if let Some(question) = local.trim_end().strip_suffix(['?', '？', '؟']) {
        let last = smtp::find(question).last().map(|f| f.range.end);
        if last.is_some_and(|end| !has_word(&question[end..])) {
            return local.split_whitespace().collect::<Vec<_>>().join(" ");
        }
    }
    let lex = Lexicon::for_locale(locale);
    let (head, tail) = split_at_codes(local, english_codes);
    let labelled = english_codes
        .first()
        .is_some_and(|f| english[..f.range.start].trim_end().ends_with(':'));
    let (head, tail) = if labelled {
        drop_label(&head, &tail, lex, Lexicon::knows_language(locale))
    } else {
        (head, tail)
    };
    // `… error code 550 5.4.1 Relay Access Denied`: a label introduces the code, and what
    // follows is its name (not so in `Access to 4.7.500 denied`).
    let english_lex = Lexicon::for_locale("en");
    let named = !labelled
        && english_codes
            .first()
            .zip(english_codes.last())
            .is_some_and(|(first, last)| {
                last_word(&english[..first.range.start])
                    .is_some_and(|w| english_lex.is(Class::Label, w))
                    && has_word(&english[last.range.end..])
            });
    let tail_title = tidy(&tail);
    let (phrase, phrase_reads) = phrase(&head, &tail, lex);
    let tail_reads = reads(&tail_title, lex);
    let chosen = match (named, tail_reads, phrase_reads) {
        (true, true, _) | (false, true, false) => Some(&tail_title),
        (_, _, true) => Some(&phrase),
        _ => None,
    };
    if let Some(title) = chosen {
        return title.clone();
    }
    let mut without = local.to_owned();
    for f in smtp::find(local).iter().rev() {
        without.replace_range(f.range.clone(), " ");
    }
    [tail_title, phrase, tidy(&without)]
        .into_iter()
        .find(|t| t.chars().any(char::is_alphabetic))
        .unwrap_or_else(|| {
            english_codes
                .first()
                .map_or_else(String::new, |f| f.enhanced.clone())
        })
}

/// The text before and after the codes of `local` that the English heading names (all its
/// codes if it names none of them: the translation changed the code); codes between them
/// are left out of the head.
fn split_at_codes(local: &str, english_codes: &[Found]) -> (String, String) {
    let all = smtp::find(local);
    let named: Vec<&Found> = all
        .iter()
        .filter(|f| english_codes.iter().any(|e| e.enhanced == f.enhanced))
        .collect();
    let codes: Vec<&Found> = if named.is_empty() {
        all.iter().collect()
    } else {
        named
    };
    let Some(last) = codes.last() else {
        return (local.to_owned(), String::new());
    };
    let mut head = local[..last.range.start].to_owned();
    for f in codes.iter().rev().skip(1) {
        head.replace_range(f.range.clone(), " ");
    }
    (head, local[last.range.end..].to_owned())
}

/// Removes the localized label of a `Label: code` heading (see the module docs).
fn drop_label(head: &str, tail: &str, lex: Lexicon, known: bool) -> (String, String) {
    let label_words = [Class::Label, Class::Function];
    let colon = |s: &str| {
        s.find([':', '：'])
            .map(|i| (i, i + s[i..].chars().next().map_or(1, char::len_utf8)))
    };
    if let Some((at, after)) = colon(head) {
        let before = &head[..at];
        let kept = strip_trailing(before, lex, &label_words);
        // An unknown label, or one in a language without word lists: all of it goes.
        let kept = if known && kept.len() < before.trim_end().len() {
            kept
        } else {
            ""
        };
        return (format!("{kept} {}", &head[after..]), tail.to_owned());
    }
    let head = if known {
        strip_trailing(head, lex, &label_words).to_owned()
    } else {
        String::new()
    };
    // `Код ошибки 450 4.4.312: Сбой запроса DNS`: the colon came after the code.
    let tail = match tail.trim_start().strip_prefix([':', '：']) {
        Some(rest) => rest.to_owned(),
        None => tail.to_owned(),
    };
    (head, tail)
}

/// The phrase without the code, repaired, and whether it reads.
fn phrase(head: &str, tail: &str, lex: Lexicon) -> (String, bool) {
    if has_word(tail) {
        let head = strip_trailing(head, lex, &[Class::Function]);
        let gap_reads = last_word(head).is_none_or(|w| !lex.is(Class::Label, w));
        let text = tidy(&format!("{head} {tail}"));
        let reads = gap_reads && reads(&text, lex);
        (text, reads)
    } else {
        let text = tidy(strip_trailing(head, lex, &[Class::Function, Class::Label]));
        let reads = reads(&text, lex);
        (text, reads)
    }
}

/// Whether a title reads: it has a letter and does not end in a label or function word.
fn reads(text: &str, lex: Lexicon) -> bool {
    text.chars().any(char::is_alphabetic)
        && last_word(text).is_some_and(|w| !lex.is(Class::Label, w) && !lex.is(Class::Function, w))
}

fn has_word(text: &str) -> bool {
    lexicon::words(text).next().is_some()
}

fn last_word(text: &str) -> Option<&str> {
    lexicon::words(text).last().map(|(_, w)| w)
}

/// `text` up to the end of its last word that is of none of `classes`.
fn strip_trailing<'t>(text: &'t str, lex: Lexicon, classes: &[Class]) -> &'t str {
    let end = lexicon::words(text)
        .filter(|(_, w)| !classes.iter().any(|&c| lex.is(c, w)))
        .last()
        .map_or(0, |(r, _)| r.end);
    // Keep a closing bracket or quote that ends the kept word's phrase (`(AS780090)`).
    let rest = &text[end..];
    let closing = rest
        .char_indices()
        .take_while(|(_, c)| matches!(c, ')' | ']' | '）' | '"' | '»' | '”'))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[..end + closing]
}

/// Whitespace collapsed, no space before punctuation, brackets left empty or unmatched
/// removed, and no punctuation at either end except what closes a bracket or an ellipsis.
fn tidy(text: &str) -> String {
    let collapsed = markdown::collapse_whitespace(text);
    let mut out = String::with_capacity(collapsed.len());
    for c in collapsed.chars() {
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | '）') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    let out = balance(&out.replace("()", "").replace("( )", ""));
    let out = markdown::collapse_whitespace(&out);
    out.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '-' | '–' | '—' | ',' | '：' | '.' | '?' | '!' | ';'
            )
    })
    .to_owned()
}

/// `text` without brackets that are never closed or never opened.
fn balance(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut keep = vec![true; chars.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '(' | '（' => open.push(i),
            ')' | '）' if open.pop().is_none() => keep[i] = false,
            _ => {}
        }
    }
    for i in open {
        keep[i] = false;
    }
    chars
        .iter()
        .zip(keep)
        .filter_map(|(&c, k)| k.then_some(c))
        .collect()
}

#[cfg(test)]
mod tests;
