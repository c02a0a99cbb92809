//! SMTP status codes: finding them in text in the notations people write, and what RFC 3463
//! says their class and subject digits mean.
//!
//! An enhanced status code is `class.subject.detail` (`4.4.312`); a basic reply code is three
//! digits (`450`) and often comes right before it.
//!
//! In running text every `X.Y.Z` of class 2, 4 or 5 is taken for a code ([`find`]); in a
//! heading, which may be numbered like a version, section or step (`Release notes 2.0.1`,
//! `4.2.1 Configuration`, `Step 5.3.2`), only under [`in_heading`]'s rule.

use std::ops::Range;

use crate::lexicon::{self, Class, Lexicon};

/// One code found in a piece of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// `450`, when a reply code stands right before the enhanced code.
    pub reply: Option<String>,
    /// `4.4.312`.
    pub enhanced: String,
    /// Bytes of the reply code (if any) through the enhanced code.
    pub range: Range<usize>,
}

impl Found {
    pub fn class(&self) -> u8 {
        self.enhanced.as_bytes()[0] - b'0'
    }

    pub fn subject(&self) -> u16 {
        self.enhanced
            .split('.')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}

/// Finds every enhanced status code (`X.Y.Z`, class 2, 4 or 5, subject and detail of 1–3
/// digits) in `text`, each with the reply code written just before it, if any.
pub fn find(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out: Vec<Found> = Vec::new();
    // A code's class digit is right before a dot: only those places are looked at (text has
    // few dots, found with a fast search). `from` is where the search goes on.
    let mut from = 0;
    while let Some(dot) = text[from..].find('.').map(|d| from + d) {
        from = dot + 1;
        let Some(i) = dot.checked_sub(1) else {
            continue;
        };
        if !matches!(b[i], b'2' | b'4' | b'5') || (i > 0 && is_code_char(b[i - 1])) {
            continue;
        }
        let Some(end) = enhanced_end(b, i) else {
            continue;
        };
        from = end;
        let (reply, start) = reply_before(text, i, b[i]);
        // `4.5.1 4.4.62`: a reply code written with dots, right before an enhanced code of
        // its class (the article's own text says `451 4.4.62`).
        if let Some(prev) = out
            .last_mut()
            .filter(|p| reply.is_none() && p.reply.is_none())
        {
            let dotted = prev.enhanced.replace('.', "");
            if prev.range.end + 1 == i
                && b[i - 1] == b' '
                && dotted.len() == 3
                && dotted.as_bytes()[0] == b[i]
                && REPLY_CODES.contains(&dotted.as_str())
            {
                prev.reply = Some(dotted);
                prev.enhanced = text[i..end].to_owned();
                prev.range.end = end;
                continue;
            }
        }
        out.push(Found {
            reply,
            enhanced: text[i..end].to_owned(),
            range: start..end,
        });
    }
    out
}

/// The codes of a heading written in `locale`: the numbers [`find`] finds that are error
/// codes and not the number of a version, section or step. A number is a code when
///
/// 1. a reply code of its class stands right before it (`550 5.7.501 …`, `450-4.4.316`), or
/// 2. it does not come right after a numbering word (`version`, `step`, `section`, `шаг`,
///    `steg` …) and the rest of the heading has a label word (`error`, `code`, `status`,
///    `NDR`; `ошибка`, `код`; `felkod` …: `Error code 5.7.606`) or a diagnostic word, so it
///    reads like a failure message (`4.7.500 Access denied`, `4.5.3 Too many recipients`).
///
/// Words count in the heading's language and in English ([`crate::lexicon`]). Which digits
/// RFC 3463 defines decides nothing: `4.2.1` and `5.3.2` are defined codes and common section
/// numbers, while vendors' `4.4.312` or `5.7.606` are real codes outside the RFC.
pub fn in_heading(text: &str, locale: &str) -> Vec<Found> {
    let found = find(text);
    if found.is_empty() {
        return found;
    }
    let lex = Lexicon::for_locale(locale);
    let words: Vec<(Range<usize>, &str)> = lexicon::words(text)
        .filter(|(r, _)| {
            !found
                .iter()
                .any(|f| f.range.start <= r.start && r.end <= f.range.end)
        })
        .collect();
    let message = words
        .iter()
        .any(|(_, w)| lex.is(Class::Label, w) || lex.is(Class::Diagnostic, w));
    found
        .into_iter()
        .filter(|f| {
            let numbered = || {
                words
                    .iter()
                    .rev()
                    .find(|(r, _)| r.end <= f.range.start)
                    .is_some_and(|(_, w)| lex.is(Class::Numbering, w))
            };
            f.reply.is_some() || (message && !numbered())
        })
        .collect()
}

/// The reply codes of RFC 5321 (section 4.2.3) and its extensions, for telling a dotted reply
/// code (`4.5.1`) from an enhanced code.
const REPLY_CODES: &[&str] = &[
    "211", "214", "220", "221", "250", "251", "252", "421", "450", "451", "452", "455", "500",
    "501", "502", "503", "504", "521", "530", "550", "551", "552", "553", "554", "555", "556",
];

fn is_code_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'.'
}

/// The end of `D.DDD.DDD` starting at `i`, if the code is complete and stands alone.
fn enhanced_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    for _ in 0..2 {
        if b.get(j) != Some(&b'.') {
            return None;
        }
        j += 1;
        let digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if !(1..=3).contains(&digits) {
            return None;
        }
        j += digits;
    }
    // A trailing dot ends a sentence; a dot followed by a digit is a longer number.
    match b.get(j) {
        Some(c) if c.is_ascii_alphanumeric() => None,
        Some(b'.') if b.get(j + 1).is_some_and(u8::is_ascii_digit) => None,
        _ => Some(j),
    }
}

/// A three-digit reply code of the same class right before position `i` (separated by a space
/// or a dash), and where it starts.
fn reply_before(text: &str, i: usize, class: u8) -> (Option<String>, usize) {
    let b = text.as_bytes();
    if i < 4 || !matches!(b[i - 1], b' ' | b'-') {
        return (None, i);
    }
    let start = i - 4;
    let digits = &b[start..i - 1];
    let alone = start == 0 || !is_code_char(b[start - 1]);
    if alone && digits[0] == class && digits.iter().all(u8::is_ascii_digit) {
        (Some(text[start..i - 1].to_owned()), start)
    } else {
        (None, i)
    }
}

/// RFC 3463 class names, as Fluent message ids (`smtp-class-4`).
pub fn class_key(class: u8) -> String {
    format!("smtp-class-{class}")
}

/// The RFC 3463 subject a subject number is shown under: RFC 3463 defines subjects 0–7;
/// any other number is shown as 0 (other or undefined). The one home of that rule: the
/// subject's name, its Fluent message id and the digit pages and lists show all come from it.
pub fn subject_bucket(subject: u16) -> u16 {
    if subject <= 7 {
        subject
    } else {
        0
    }
}

/// RFC 3463 subject names, as Fluent message ids (`smtp-subject-4`); subjects above 7 are not
/// defined by the RFC and map to `smtp-subject-0` (other or undefined).
pub fn subject_key(subject: u16) -> String {
    format!("smtp-subject-{}", subject_bucket(subject))
}

/// The English RFC 3463 meaning of a class digit.
pub fn class_name(class: u8) -> &'static str {
    match class {
        2 => "Success",
        4 => "Persistent transient failure",
        5 => "Permanent failure",
        _ => "Unknown class",
    }
}

/// The English RFC 3463 meaning of a subject number.
pub fn subject_name(subject: u16) -> &'static str {
    match subject_bucket(subject) {
        1 => "Addressing status",
        2 => "Mailbox status",
        3 => "Mail system status",
        4 => "Network and routing status",
        5 => "Mail delivery protocol status",
        6 => "Message content or media status",
        7 => "Security or policy status",
        _ => "Other or undefined status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_past_seven_are_shown_as_other() {
        assert_eq!(subject_bucket(7), 7);
        assert_eq!(subject_bucket(8), 0);
        assert_eq!(subject_bucket(312), 0);
        assert_eq!(subject_key(9), "smtp-subject-0");
        assert_eq!(subject_name(9), subject_name(0));
        assert_eq!(subject_name(7), "Security or policy status");
    }

    fn codes(text: &str) -> Vec<(Option<String>, String)> {
        find(text)
            .into_iter()
            .map(|f| (f.reply, f.enhanced))
            .collect()
    }

    #[test]
    fn finds_codes_in_every_notation_we_expect_in_headings() {
        type Expected<'a> = &'a [(Option<&'a str>, &'a str)];
        let table: &[(&str, Expected<'_>)] = &[
            (
                "Error code: 450 4.4.312 DNS query failed",
                &[(Some("450"), "4.4.312")],
            ),
            (
                "How do I fix error code 450 4.7.320?",
                &[(Some("450"), "4.7.320")],
            ),
            (
                "550 5.7.501 Access denied, spam abuse detected",
                &[(Some("550"), "5.7.501")],
            ),
            (
                "Error 5.4.6 or 5.4.14 in Exchange",
                &[(None, "5.4.6"), (None, "5.4.14")],
            ),
            ("4.7.500 Access denied", &[(None, "4.7.500")]),
            ("Code 5.7.606.", &[(None, "5.7.606")]),
            ("450-4.4.316 refused", &[(Some("450"), "4.4.316")]),
            (
                "250 4.4.312: class differs, so no reply",
                &[(None, "4.4.312")],
            ),
            (
                "Version 1.2.3 and 3.4.5 and 4.4.3.1 and 14.4.312 and 4.4.1234",
                &[],
            ),
            ("IP 4.4.4.4", &[]),
            ("x5.7.1 .5.7.1 4.4.316.5.1 5.7.1a", &[]),
            ("2.0.0 OK, é5.7.1", &[(None, "2.0.0"), (None, "5.7.1")]),
            (
                "Are you seeing error 4.5.1 4.4.62 Mail sent to the wrong region?",
                &[(Some("451"), "4.4.62")],
            ),
            (
                "5.7.1 5.7.2 and 5.5.0 5.5.1 and 4.5.1 5.4.1",
                &[
                    (None, "5.7.1"),
                    (None, "5.7.2"),
                    (Some("550"), "5.5.1"),
                    (None, "4.5.1"),
                    (None, "5.4.1"),
                ],
            ),
        ];
        for (text, want) in table {
            let want: Vec<(Option<String>, String)> = want
                .iter()
                .map(|(r, e)| (r.map(str::to_owned), (*e).to_owned()))
                .collect();
            assert_eq!(codes(text), want, "{text}");
        }
    }

    #[test]
    fn heading_numbers_are_codes_only_with_a_reply_code_or_a_message() {
        // `(locale, heading, codes)`: a reply code, a label word or a diagnostic word in the
        // heading's language or English makes a code; a numbering word before it, or none
        // of these, does not.
        let table: &[(&str, &str, &[&str])] = &[
            ("en", "Release notes 2.0.1", &[]),
            ("en", "4.2.1 Configuration", &[]),
            ("en", "Step 5.3.2", &[]),
            ("en", "Step 5.3.2: fix the failed disk", &[]),
            ("en", "Version 2.0.1 fixes error 5.7.1", &["5.7.1"]),
            (
                "en",
                "550 5.7.501 Access denied, spam abuse detected",
                &["5.7.501"],
            ),
            ("en", "Step 550 5.7.501", &["5.7.501"]),
            ("en", "Error code 5.7.606", &["5.7.606"]),
            (
                "en",
                "Error code: 450 4.4.312 DNS query failed",
                &["4.4.312"],
            ),
            (
                "en",
                "4.7.500 Access denied, please try again later",
                &["4.7.500"],
            ),
            ("en", "4.5.3 Too many recipients (AS780090)", &["4.5.3"]),
            (
                "en",
                "Fix email delivery issues for error code 5.7.1",
                &["5.7.1"],
            ),
            ("en", "NDR 4.4.7", &["4.4.7"]),
            ("ru-RU", "Заметки о выпуске 2.0.1", &[]),
            ("ru-RU", "4.2.1 Настройка", &[]),
            ("ru-RU", "Шаг 5.3.2", &[]),
            ("ru-RU", "Код ошибки 5.7.606", &["5.7.606"]),
            ("ru-RU", "Доступ к 4.7.500 запрещен", &["4.7.500"]),
            ("ru-RU", "4.2.1 Error", &["4.2.1"]),
            ("sv-SE", "Versionsinformation 2.0.1", &[]),
            ("sv-SE", "4.2.1 Konfiguration", &[]),
            ("sv-SE", "Steg 5.3.2", &[]),
            ("sv-SE", "Felkod 5.7.606", &["5.7.606"]),
            ("sv-SE", "4.7.500 åtkomst nekad", &["4.7.500"]),
            ("sv-SE", "NDR-kod 4.4.312", &["4.4.312"]),
            ("ja-JP", "4.2.1 構成", &[]),
            ("ja-JP", "エラー 4.2.1 error", &["4.2.1"]),
        ];
        for (locale, heading, want) in table {
            let got: Vec<String> = in_heading(heading, locale)
                .into_iter()
                .map(|f| f.enhanced)
                .collect();
            assert_eq!(got, *want, "{locale}: {heading}");
        }
    }

    #[test]
    fn class_and_subject() {
        let f = &find("450 4.7.320")[0];
        assert_eq!((f.class(), f.subject()), (4, 7));
        assert_eq!(f.range, 0..11);
        assert_eq!(class_name(5), "Permanent failure");
        assert_eq!(subject_key(12), "smtp-subject-0");
    }
}
