//! The title of each kind of code heading, table-driven: localized heading, English heading,
//! the title wanted.

use super::*;

/// `(locale, localized heading, English heading, title)`.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str);

fn check(table: &[Row<'_>]) {
    for &(locale, local, english, want) in table {
        let found = smtp::in_heading(english, "en");
        assert!(!found.is_empty(), "no code in {english}");
        assert_eq!(
            title(local, locale, english, &found),
            want,
            "{locale}: {local}"
        );
    }
}

#[test]
fn a_question_about_a_code_is_its_own_title() {
    let en = "How do I fix error code 450 4.7.320?";
    check(&[
        ("en", en, en, "How do I fix error code 450 4.7.320?"),
        (
            "ru-RU",
            "Как исправить код ошибки 450 4.7.320?",
            en,
            "Как исправить код ошибки 450 4.7.320?",
        ),
        (
            "sv-SE",
            "Hur  åtgärdar jag felkod 450 4.7.320?",
            en,
            "Hur åtgärdar jag felkod 450 4.7.320?",
        ),
    ]);
}

#[test]
fn a_label_left_at_the_end_goes_with_the_code() {
    let en = "Fix email delivery issues for error code 5.7.1";
    check(&[
        ("en", en, en, "Fix email delivery issues"),
        (
            "ru-RU",
            "Устранение проблем с доставкой электронной почты для кода ошибки 5.7.1",
            en,
            "Устранение проблем с доставкой электронной почты",
        ),
        (
            "sv-SE",
            "Åtgärda problem med e-postleverans för felkod 5.7.1",
            en,
            "Åtgärda problem med e-postleverans",
        ),
        (
            "en",
            "Mailbox quota exceeded (NDR 5.2.2)",
            "Mailbox quota exceeded (NDR 5.2.2)",
            "Mailbox quota exceeded",
        ),
        (
            "en",
            "Error code 5.7.606",
            "Error code 5.7.606",
            "Error code",
        ),
        (
            "ru-RU",
            "Код ошибки 5.7.606",
            "Error code 5.7.606",
            "Код ошибки",
        ),
    ]);
}

#[test]
fn a_code_at_the_start_leaves_the_phrase() {
    let en = "4.7.500 Access denied, please try again later";
    check(&[
        ("en", en, en, "Access denied, please try again later"),
        (
            "sv-SE",
            "4.7.500 åtkomst nekad, försök igen senare",
            en,
            "Åtkomst nekad, försök igen senare",
        ),
        (
            "ru-RU",
            "4.7.500 Доступ запрещен, повторите попытку позже.",
            en,
            "Доступ запрещен, повторите попытку позже",
        ),
        (
            "sv-SE",
            "4.5.3 för många mottagare (AS780090)",
            "4.5.3 Too many recipients (AS780090)",
            "För många mottagare (AS780090)",
        ),
    ]);
}

#[test]
fn a_function_word_left_dangling_mid_phrase_goes_too() {
    let en = "4.7.500 Access denied, please try again later";
    check(&[
        (
            "ru-RU",
            "доступ к 4.7.500 запрещен, повторите попытку позже.",
            en,
            "Доступ запрещен, повторите попытку позже",
        ),
        (
            "sv-SE",
            "Åtkomst till 4.7.500 nekad",
            "4.7.500 Access denied",
            "Åtkomst nekad",
        ),
        (
            "en",
            "Access to 4.7.500 denied",
            "Access to 4.7.500 denied",
            "Access denied",
        ),
        (
            "de-DE",
            "Zugriff auf 4.7.500 verweigert",
            "4.7.500 Access denied",
            "Zugriff verweigert",
        ),
    ]);
}

#[test]
fn the_sentence_a_code_names_is_the_text_after_it() {
    let en = "Fix delivery issues for error code 550 5.4.1 Relay Access Denied";
    let ndr = "NDR with error code 554 5.2.2 mailbox full";
    check(&[
        ("en", en, en, "Relay Access Denied"),
        (
            "sv-SE",
            "Åtgärda leveransproblem för felkod 550 5.4.1 Relä åtkomst nekad",
            en,
            "Relä åtkomst nekad",
        ),
        (
            "ru-RU",
            "Устранение проблем с доставкой для кода ошибки 550 5.4.1 Отказ в доступе",
            en,
            "Отказ в доступе",
        ),
        ("en", ndr, ndr, "Mailbox full"),
        (
            "ru-RU",
            "NDR с кодом ошибки 554 5.2.2 полный почтовый ящик",
            ndr,
            "Полный почтовый ящик",
        ),
        // Nothing after the code in the translation: the phrase without it.
        (
            "sv-SE",
            "Postlåda full: NDR med felkod 554 5.2.2",
            ndr,
            "Postlåda full",
        ),
        // A title may begin with a function word (`för`: too, or for).
        (
            "sv-SE",
            "NDR med felkod 554 5.2.2 för full",
            ndr,
            "För full",
        ),
    ]);
}

#[test]
fn a_reply_code_goes_with_its_enhanced_code() {
    let en = "550 5.7.501 Access denied, spam abuse detected";
    check(&[
        ("en", en, en, "Access denied, spam abuse detected"),
        (
            "ru-RU",
            "550 5.7.501 отказано в доступе, обнаружена нежелательная почта",
            en,
            "Отказано в доступе, обнаружена нежелательная почта",
        ),
        (
            "sv-SE",
            "Åtkomst nekad (550 5.7.501), skräppost upptäcktes",
            en,
            "Åtkomst nekad, skräppost upptäcktes",
        ),
    ]);
}

#[test]
fn a_labelled_code_loses_its_label_in_either_word_order() {
    let en = "Error code: 450 4.4.312 DNS query failed";
    check(&[
        ("en", en, en, "DNS query failed"),
        (
            "sv-SE",
            "Felkod: DNS-frågan 450 4.4.312 misslyckades",
            en,
            "DNS-frågan misslyckades",
        ),
        (
            "sv-SE",
            "Felkod: 450 4.4.312 DNS-frågan misslyckades",
            en,
            "DNS-frågan misslyckades",
        ),
        (
            "sv-SE",
            "DNS-frågan misslyckades (felkod: 450 4.4.312)",
            en,
            "DNS-frågan misslyckades",
        ),
        (
            "ru-RU",
            "Код ошибки: 450 4.4.312 Сбой запроса DNS",
            en,
            "Сбой запроса DNS",
        ),
        (
            "ru-RU",
            "Сбой запроса DNS, код ошибки: 450 4.4.312",
            en,
            "Сбой запроса DNS",
        ),
        (
            "ru-RU",
            "Код ошибки 450 4.4.312: сбой запроса DNS",
            en,
            "Сбой запроса DNS",
        ),
        (
            "de-DE",
            "Fehlercode: 450 4.4.312 DNS-Abfrage fehlgeschlagen",
            en,
            "DNS-Abfrage fehlgeschlagen",
        ),
        // No word lists for Japanese: the label is whatever comes before the colon.
        (
            "ja-JP",
            "エラー コード：450 4.4.312 DNS クエリに失敗しました",
            en,
            "DNS クエリに失敗しました",
        ),
    ]);
}

#[test]
fn what_reads() {
    let ru = Lexicon::for_locale("ru-RU");
    assert!(reads("Доступ запрещен", ru));
    assert!(!reads("Доступ к", ru) && !reads("для кода ошибки", ru) && !reads("…", ru));
    assert!(
        !reads("Fix delivery issues for", ru),
        "English words count in every language"
    );
    let sv = Lexicon::for_locale("sv-SE");
    assert!(!reads("Åtgärda problem för felkod", sv) && reads("Postlåda full", sv));
}
