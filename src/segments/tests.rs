//! Tests for the span parser: a table of the Markdown constructs real articles use, a table of
//! malformed inputs with their diagnostics, the source maps, the two seed articles, the real
//! malformed corpus line, and a deterministic fuzz pass over hostile input.
//!
//! Every case is parsed twice, at body offset 0 and at [`BASE`], and checked against the same
//! invariants: each segment's text sits at its `local_out`/`english_out` range, every byte of
//! both documents maps back to an identical source byte, and every source byte ends up in a
//! document, in a pair tag, or under a diagnostic.

use std::ops::Range;
use std::time::{Duration, Instant};

use super::tags::floor_boundary;
use super::*;
use crate::diagnostics::Severity::{self, Error, Warning};
use crate::fuzzing::Rng;

const PATH: &str = "content/ru-RU/t.md";
/// A non-zero offset of the body in its file, to catch spans that forget to add it.
const BASE: usize = 1000;

/// A well-formed pair as a string literal: `pair!("id", "localized", "English")`.
macro_rules! pair {
    ($id:literal, $local:literal, $english:literal) => {
        concat!(
            "<span data-ttu-id=\"",
            $id,
            "\">",
            $local,
            "</span><span class=\"sxs-lookup\"><span data-stu-id=\"",
            $id,
            "\">",
            $english,
            "</span></span>"
        )
    };
}

/// `(id, local, english, span in the body)`.
type Seg<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Range<usize>);
/// `(kind, severity, span in the body, the source text under the span)`.
type Diag<'a> = (&'a str, Severity, Range<usize>, &'a str);

struct Case<'a> {
    name: &'a str,
    input: &'a str,
    segments: &'a [Seg<'a>],
    local: &'a str,
    english: &'a str,
    diagnostics: &'a [Diag<'a>],
}

fn shift(r: &Range<usize>, base: usize) -> Range<usize> {
    r.start + base..r.end + base
}

/// Parses `case.input` at offsets 0 and [`BASE`] and compares everything with the expectations.
fn check(case: &Case) {
    let name = case.name;
    for &(_, _, ref span, covered) in case.diagnostics {
        assert_eq!(&case.input[span.clone()], covered, "{name}: expected span");
    }
    for base in [0, BASE] {
        let parsed = parse(PATH, case.input, base);
        let got: Vec<Seg> = parsed
            .segments
            .iter()
            .map(|s| {
                let local = s.local.as_deref();
                (s.id.as_str(), local, s.english.as_deref(), s.span.clone())
            })
            .collect();
        let want: Vec<Seg> = case
            .segments
            .iter()
            .map(|(id, l, e, span)| (*id, *l, *e, shift(span, base)))
            .collect();
        assert_eq!(got, want, "{name} (base {base}): segments");
        assert_eq!(parsed.local, case.local, "{name} (base {base}): local");
        assert_eq!(
            parsed.english, case.english,
            "{name} (base {base}): english"
        );
        let got: Vec<(&str, Severity, Range<usize>)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.kind.name(), d.severity, d.span.clone().unwrap_or(0..0)))
            .collect();
        let want: Vec<(&str, Severity, Range<usize>)> = case
            .diagnostics
            .iter()
            .map(|(kind, severity, span, _)| (*kind, *severity, shift(span, base)))
            .collect();
        assert_eq!(got, want, "{name} (base {base}): diagnostics");
        check_invariants(name, case.input, base, &parsed);
    }
}

/// The invariants every parse must satisfy, whatever the input ([`crate::fuzzing::check_parse`],
/// shared with the fuzz targets).
fn check_invariants(name: &str, input: &str, base: usize, parsed: &Parsed) {
    if let Err(broken) = crate::fuzzing::check_parse(PATH, input, base, parsed) {
        panic!("{name}: {broken}");
    }
}

#[test]
fn well_formed_constructs() {
    for case in WELL_FORMED {
        check(case);
    }
}

/// Pairs and the Markdown around them, parsed with no diagnostic.
const WELL_FORMED: &[Case<'static>] = &[
    Case {
        name: "one pair",
        input: pair!("a", "Привет", "Hello"),
        segments: &[("a", Some("Привет"), Some("Hello"), 0..107)],
        local: "Привет",
        english: "Hello",
        diagnostics: &[],
    },
    Case {
        name: "pair as link text, target kept in both",
        input: concat!("[", pair!("a", "Статья", "Article"), "](target.md)"),
        segments: &[("a", Some("Статья"), Some("Article"), 1..110)],
        local: "[Статья](target.md)",
        english: "[Article](target.md)",
        diagnostics: &[],
    },
    Case {
        name: "bold inside a span",
        input: pair!("a", "Это **важно**.", "This is **important**."),
        segments: &[(
            "a",
            Some("Это **важно**."),
            Some("This is **important**."),
            0..134,
        )],
        local: "Это **важно**.",
        english: "This is **important**.",
        diagnostics: &[],
    },
    Case {
        name: "list items",
        input: concat!(
            "- ",
            pair!("a", "Один", "One"),
            "\n- ",
            pair!("b", "Два", "Two"),
            "\n"
        ),
        segments: &[
            ("a", Some("Один"), Some("One"), 2..103),
            ("b", Some("Два"), Some("Two"), 106..205),
        ],
        local: "- Один\n- Два\n",
        english: "- One\n- Two\n",
        diagnostics: &[],
    },
    Case {
        name: "nested, indented lists",
        input: concat!(
            "1. ",
            pair!("a", "Шаг", "Step"),
            "\n\n   - ",
            pair!("b", "Пункт", "Item"),
            "\n     - ",
            pair!("c", "Подпункт", "Subitem"),
            "\n"
        ),
        segments: &[
            ("a", Some("Шаг"), Some("Step"), 3..103),
            ("b", Some("Пункт"), Some("Item"), 110..214),
            ("c", Some("Подпункт"), Some("Subitem"), 222..335),
        ],
        local: "1. Шаг\n\n   - Пункт\n     - Подпункт\n",
        english: "1. Step\n\n   - Item\n     - Subitem\n",
        diagnostics: &[],
    },
    Case {
        name: "image inside a span",
        input: pair!(
            "a",
            "См. ![схема](x.gif) ниже.",
            "See ![diagram](x.gif) below."
        ),
        segments: &[(
            "a",
            Some("См. ![схема](x.gif) ниже."),
            Some("See ![diagram](x.gif) below."),
            0..154,
        )],
        local: "См. ![схема](x.gif) ниже.",
        english: "See ![diagram](x.gif) below.",
        diagnostics: &[],
    },
    Case {
        name: "heading with an anchor before the span",
        input: concat!(
            "# <a name=\"mail-flow\"></a>",
            pair!("a", "Поток почты", "Mail flow"),
            "\n"
        ),
        segments: &[("a", Some("Поток почты"), Some("Mail flow"), 26..146)],
        local: "# <a name=\"mail-flow\"></a>Поток почты\n",
        english: "# <a name=\"mail-flow\"></a>Mail flow\n",
        diagnostics: &[],
    },
    Case {
        name: "include, escapes, anchors and links outside spans",
        input: concat!(
            "[!INCLUDE [t](p.md)]\n\n\\> ",
            pair!("a", "Цитата", "Quote"),
            " \\*\n\n<a name=\"x\"></a>\n1\\. ",
            pair!("b", "Текст", "Text"),
            " ([ссылка](https://example.com/a_b))\n"
        ),
        segments: &[
            ("a", Some("Цитата"), Some("Quote"), 25..132),
            ("b", Some("Текст"), Some("Text"), 158..262),
        ],
        local: concat!(
            "[!INCLUDE [t](p.md)]\n\n\\> Цитата \\*\n\n<a name=\"x\"></a>\n",
            "1\\. Текст ([ссылка](https://example.com/a_b))\n"
        ),
        english: concat!(
            "[!INCLUDE [t](p.md)]\n\n\\> Quote \\*\n\n<a name=\"x\"></a>\n",
            "1\\. Text ([ссылка](https://example.com/a_b))\n"
        ),
        diagnostics: &[],
    },
    Case {
        name: "several pairs on one line",
        input: concat!(
            pair!("a", "Раз.", "One."),
            " ",
            pair!("b", "Два.", "Two."),
            " ",
            pair!("c", "Три.", "Three."),
            "\n"
        ),
        segments: &[
            ("a", Some("Раз."), Some("One."), 0..101),
            ("b", Some("Два."), Some("Two."), 102..203),
            ("c", Some("Три."), Some("Three."), 204..307),
        ],
        local: "Раз. Два. Три.\n",
        english: "One. Two. Three.\n",
        diagnostics: &[],
    },
    Case {
        name: "CRLF line endings",
        input: concat!(
            "# ",
            pair!("a", "Заголовок", "Title"),
            "\r\n\r\n- ",
            pair!("b", "Пункт", "Item"),
            "\r\n- ",
            pair!("c", "Ещё", "More"),
            "\r\n"
        ),
        segments: &[
            ("a", Some("Заголовок"), Some("Title"), 2..115),
            ("b", Some("Пункт"), Some("Item"), 121..225),
            ("c", Some("Ещё"), Some("More"), 229..329),
        ],
        local: "# Заголовок\r\n\r\n- Пункт\r\n- Ещё\r\n",
        english: "# Title\r\n\r\n- Item\r\n- More\r\n",
        diagnostics: &[],
    },
    Case {
        name: "Swedish and other multibyte text",
        input: concat!(
            "## ",
            pair!("sv-1", "Åtgärda felet så här", "Fix the error like this"),
            "\n\n",
            pair!("sv-2", "Försök igen – det går", "Try again – it works"),
            " 😀\n"
        ),
        segments: &[
            (
                "sv-1",
                Some("Åtgärda felet så här"),
                Some("Fix the error like this"),
                3..146,
            ),
            (
                "sv-2",
                Some("Försök igen – det går"),
                Some("Try again – it works"),
                148..292,
            ),
        ],
        local: "## Åtgärda felet så här\n\nFörsök igen – det går 😀\n",
        english: "## Fix the error like this\n\nTry again – it works 😀\n",
        diagnostics: &[],
    },
    Case {
        name: "generic span inside a half is text of the half",
        input: pair!(
            "a",
            "Нажмите <span class=\"ui\">ОК</span>.",
            "Click <span class=\"ui\">OK</span>."
        ),
        segments: &[(
            "a",
            Some("Нажмите <span class=\"ui\">ОК</span>."),
            Some("Click <span class=\"ui\">OK</span>."),
            0..167,
        )],
        local: "Нажмите <span class=\"ui\">ОК</span>.",
        english: "Click <span class=\"ui\">OK</span>.",
        diagnostics: &[],
    },
    Case {
        name: "generic span around a pair is outside text",
        input: concat!(
            "<span class=\"x\">",
            pair!("a", "Внутри", "Inside"),
            "</span>"
        ),
        segments: &[("a", Some("Внутри"), Some("Inside"), 16..124)],
        local: "<span class=\"x\">Внутри</span>",
        english: "<span class=\"x\">Inside</span>",
        diagnostics: &[],
    },
    Case {
        name: "empty halves",
        input: pair!("a", "", ""),
        segments: &[("a", Some(""), Some(""), 0..90)],
        local: "",
        english: "",
        diagnostics: &[],
    },
    Case {
        name: "empty input",
        input: "",
        segments: &[],
        local: "",
        english: "",
        diagnostics: &[],
    },
    Case {
        name: "ids with dots, dashes and `>`",
        input: pair!("c1ac4-1.03>x", "Да", "Yes"),
        segments: &[("c1ac4-1.03>x", Some("Да"), Some("Yes"), 0..119)],
        local: "Да",
        english: "Yes",
        diagnostics: &[],
    },
];

#[test]
fn plain_markdown_is_both_documents_unchanged() {
    let inputs = [
        "# Title\n\nPlain *text* with <b>html</b>, a < b, 3 > 2 and </div>.\n\n- item\n",
        "Windows\r\nline\r\n\r\nendings < > \r\n",
        "<span class=\"note\">a generic span</span> and <span>another</span>\n",
        "Kyrillisk: Ошибка доставки; svensk: åäö; emoji 😀; trailing <",
        "Not tags: <spanner>, <span, </spa and </span",
        "<",
        "\n",
    ];
    for input in inputs {
        let parsed = parse(PATH, input, BASE);
        assert!(parsed.segments.is_empty(), "{input:?}");
        assert!(parsed.diagnostics.is_empty(), "{input:?}");
        assert_eq!(parsed.local, input);
        assert_eq!(parsed.english, input);
        check_invariants(input, input, BASE, &parsed);
    }
}

#[test]
fn malformed_input_is_reported_and_kept() {
    for case in MALFORMED {
        check(case);
    }
}

/// Broken pairs: each problem reported where it is, and its text kept in the documents.
const MALFORMED: &[Case<'static>] = &[
    Case {
        // Rendered as is, the span opened in one paragraph closed in the next one.
        name: "a blank line in a pair is one line end",
        input: concat!(
            "1. ",
            pair!("a", "Раз.\n\nДва.", "One.\n  \nTwo."),
            "\n\nNext"
        ),
        segments: &[("a", Some("Раз.\nДва."), Some("One.\nTwo."), 3..121)],
        local: "1. Раз.\nДва.\n\nNext",
        english: "1. One.\nTwo.\n\nNext",
        diagnostics: &[(
            "span-across-blocks",
            Warning,
            3..25,
            "<span data-ttu-id=\"a\">",
        )],
    },
    Case {
        name: "a blank line of lone CRs in the English half",
        input: concat!(pair!("b", "Текст.", "Text.\r\rMore."), "\r"),
        segments: &[("b", Some("Текст."), Some("Text.\rMore."), 0..113)],
        local: "Текст.\r",
        english: "Text.\rMore.\r",
        diagnostics: &[(
            "span-across-blocks",
            Warning,
            0..22,
            "<span data-ttu-id=\"b\">",
        )],
    },
    Case {
        name: "unclosed span at EOF",
        input: concat!("Текст ", "<span data-ttu-id=\"a\">Незакрытый"),
        segments: &[("a", Some("Незакрытый"), None, 11..53)],
        local: "Текст Незакрытый",
        english: "Текст Незакрытый",
        diagnostics: &[("span-unclosed", Error, 11..33, "<span data-ttu-id=\"a\">")],
    },
    Case {
        name: "localized half not closed before its partner",
        input: concat!(
            "<span data-ttu-id=\"a\">Текст",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">Text</span></span>"
        ),
        segments: &[("a", Some("Текст"), Some("Text"), 0..97)],
        local: "Текст",
        english: "Text",
        diagnostics: &[("span-unclosed", Error, 0..22, "<span data-ttu-id=\"a\">")],
    },
    Case {
        name: "English half unclosed at EOF",
        input: concat!(
            "<span data-ttu-id=\"a\">Текст</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">Text"
        ),
        segments: &[("a", Some("Текст"), Some("Text"), 0..90)],
        local: "Текст",
        english: "Text",
        diagnostics: &[("span-unclosed", Error, 64..86, "<span data-stu-id=\"a\">")],
    },
    Case {
        name: "English half interrupted by the next pair",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">One ",
            pair!("b", "Два", "Two")
        ),
        segments: &[
            ("a", Some("Раз"), Some("One "), 0..86),
            ("b", Some("Два"), Some("Two"), 86..185),
        ],
        local: "РазДва",
        english: "One Two",
        diagnostics: &[("span-unclosed", Error, 60..82, "<span data-stu-id=\"a\">")],
    },
    Case {
        name: "partner with another id",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"b\">One</span></span>"
        ),
        segments: &[("a", Some("Раз"), Some("One"), 0..99)],
        local: "Раз",
        english: "One",
        diagnostics: &[(
            "span-id-mismatch",
            Warning,
            60..82,
            "<span data-stu-id=\"b\">",
        )],
    },
    Case {
        name: "missing sxs-lookup partner",
        input: concat!(
            pair!("a", "Раз", "One"),
            " <span data-ttu-id=\"b\">Только</span> текст\n"
        ),
        segments: &[
            ("a", Some("Раз"), Some("One"), 0..99),
            ("b", Some("Только"), None, 100..141),
        ],
        local: "Раз Только текст\n",
        english: "One Только текст\n",
        diagnostics: &[(
            "span-no-partner",
            Warning,
            100..141,
            "<span data-ttu-id=\"b\">Только</span>",
        )],
    },
    Case {
        name: "sxs-lookup with no localized half",
        input: concat!(
            "До <span class=\"sxs-lookup\"><span data-stu-id=\"a\">",
            "English only</span></span> после"
        ),
        segments: &[("a", None, Some("English only"), 5..78)],
        local: "До English only после",
        english: "До English only после",
        diagnostics: &[(
            "span-no-local",
            Warning,
            5..30,
            "<span class=\"sxs-lookup\">",
        )],
    },
    Case {
        name: "sxs-lookup alone, without data-stu-id",
        input: "Текст<span class=\"sxs-lookup\">English</span>",
        segments: &[],
        local: "ТекстEnglish",
        english: "ТекстEnglish",
        diagnostics: &[
            (
                "span-no-local",
                Warning,
                10..35,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-partner-malformed",
                Error,
                10..35,
                "<span class=\"sxs-lookup\">",
            ),
            ("span-stray-close", Warning, 42..49, "</span>"),
        ],
    },
    Case {
        name: "partner without data-stu-id",
        input: "<span data-ttu-id=\"a\">Раз</span><span class=\"sxs-lookup\">One</span>",
        segments: &[("a", Some("Раз"), None, 0..60)],
        local: "РазOne",
        english: "РазOne",
        diagnostics: &[
            (
                "span-partner-malformed",
                Error,
                35..60,
                "<span class=\"sxs-lookup\">",
            ),
            ("span-stray-close", Warning, 63..70, "</span>"),
        ],
    },
    Case {
        name: "sxs-lookup closed only once",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">One</span> далее"
        ),
        segments: &[("a", Some("Раз"), Some("One"), 0..92)],
        local: "Раз далее",
        english: "One далее",
        diagnostics: &[(
            "span-partner-unclosed",
            Warning,
            35..60,
            "<span class=\"sxs-lookup\">",
        )],
    },
    Case {
        name: "stray </span> outside segments",
        input: concat!("Текст</span> и ", pair!("a", "Раз", "One"), "</span>\n"),
        segments: &[("a", Some("Раз"), Some("One"), 21..120)],
        local: "Текст и Раз\n",
        english: "Текст и One\n",
        diagnostics: &[
            ("span-stray-close", Warning, 10..17, "</span>"),
            ("span-stray-close", Warning, 120..127, "</span>"),
        ],
    },
    Case {
        name: "stray </span> inside the localized half",
        input: concat!(
            "<span data-ttu-id=\"a\">Начало </span>конец.</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">Start end.</span></span>"
        ),
        segments: &[("a", Some("Начало конец."), Some("Start end."), 0..131)],
        local: "Начало конец.",
        english: "Start end.",
        diagnostics: &[("span-stray-close", Warning, 35..42, "</span>")],
    },
    Case {
        name: "stray </span> inside the English half",
        input: concat!(
            "<span data-ttu-id=\"a\">Всё</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">All</span> of it.</span></span>"
        ),
        segments: &[("a", Some("Всё"), Some("All of it."), 0..113)],
        local: "Всё",
        english: "All of it.",
        diagnostics: &[("span-stray-close", Warning, 85..92, "</span>")],
    },
    Case {
        name: "recovery of the localized half stops at a blank line (CRLF)",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span> хвост\r\n\r\n</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">One</span></span>"
        ),
        segments: &[
            ("a", Some("Раз"), None, 0..35),
            ("a", None, Some("One"), 57..121),
        ],
        local: "Раз хвост\r\n\r\nOne",
        english: "Раз хвост\r\n\r\nOne",
        diagnostics: &[
            (
                "span-no-partner",
                Warning,
                0..35,
                "<span data-ttu-id=\"a\">Раз</span>",
            ),
            ("span-stray-close", Warning, 50..57, "</span>"),
            (
                "span-no-local",
                Warning,
                57..82,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-duplicate-id",
                Warning,
                82..104,
                "<span data-stu-id=\"a\">",
            ),
        ],
    },
    Case {
        name: "recovery of the localized half stops at a blank line (lone CRs)",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span> хвост\r\r</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">One</span></span>"
        ),
        segments: &[
            ("a", Some("Раз"), None, 0..35),
            ("a", None, Some("One"), 55..119),
        ],
        local: "Раз хвост\r\rOne",
        english: "Раз хвост\r\rOne",
        diagnostics: &[
            (
                "span-no-partner",
                Warning,
                0..35,
                "<span data-ttu-id=\"a\">Раз</span>",
            ),
            ("span-stray-close", Warning, 48..55, "</span>"),
            (
                "span-no-local",
                Warning,
                55..80,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-duplicate-id",
                Warning,
                80..102,
                "<span data-stu-id=\"a\">",
            ),
        ],
    },
    Case {
        name: "recovery of the English half stops at a blank line",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз</span><span class=\"sxs-lookup\">",
            "<span data-stu-id=\"a\">One</span> хвост\n\nещё</span></span>"
        ),
        segments: &[("a", Some("Раз"), Some("One"), 0..92)],
        local: "Раз хвост\n\nещё",
        english: "One хвост\n\nещё",
        diagnostics: &[
            (
                "span-partner-unclosed",
                Warning,
                35..60,
                "<span class=\"sxs-lookup\">",
            ),
            ("span-stray-close", Warning, 111..118, "</span>"),
            ("span-stray-close", Warning, 118..125, "</span>"),
        ],
    },
    Case {
        name: "a pair starts inside an unclosed span",
        input: concat!(
            "<span data-ttu-id=\"a\">Один ",
            pair!("b", "Два", "Two"),
            "\n"
        ),
        segments: &[
            ("a", Some("Один "), None, 0..31),
            ("b", Some("Два"), Some("Two"), 31..130),
        ],
        local: "Один Два\n",
        english: "Один Two\n",
        diagnostics: &[("span-unclosed", Error, 0..22, "<span data-ttu-id=\"a\">")],
    },
    Case {
        name: "a whole pair nested in the localized half of another",
        input: concat!(
            "<span data-ttu-id=\"a\">Внешний ",
            pair!("b", "Внутренний", "Inner"),
            "</span><span class=\"sxs-lookup\"><span data-stu-id=\"a\">Outer</span></span>"
        ),
        segments: &[
            ("a", Some("Внешний "), None, 0..37),
            ("b", Some("Внутренний"), Some("Inner"), 37..152),
            ("a", None, Some("Outer"), 159..225),
        ],
        local: "Внешний ВнутреннийOuter",
        english: "Внешний InnerOuter",
        diagnostics: &[
            ("span-unclosed", Error, 0..22, "<span data-ttu-id=\"a\">"),
            ("span-stray-close", Warning, 152..159, "</span>"),
            (
                "span-no-local",
                Warning,
                159..184,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-duplicate-id",
                Warning,
                184..206,
                "<span data-stu-id=\"a\">",
            ),
        ],
    },
    Case {
        name: "duplicate ids",
        input: concat!(pair!("a", "Раз", "One"), " ", pair!("a", "Два", "Two")),
        segments: &[
            ("a", Some("Раз"), Some("One"), 0..99),
            ("a", Some("Два"), Some("Two"), 100..199),
        ],
        local: "Раз Два",
        english: "One Two",
        diagnostics: &[(
            "span-duplicate-id",
            Warning,
            100..122,
            "<span data-ttu-id=\"a\">",
        )],
    },
    Case {
        name: "duplicate id on an English-only pair",
        input: concat!(
            pair!("a", "Раз", "One"),
            " <span class=\"sxs-lookup\"><span data-stu-id=\"a\">Again</span></span>"
        ),
        segments: &[
            ("a", Some("Раз"), Some("One"), 0..99),
            ("a", None, Some("Again"), 100..166),
        ],
        local: "Раз Again",
        english: "One Again",
        diagnostics: &[
            (
                "span-no-local",
                Warning,
                100..125,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-duplicate-id",
                Warning,
                125..147,
                "<span data-stu-id=\"a\">",
            ),
        ],
    },
    Case {
        name: "generic span left open in the localized half",
        input: concat!(
            "<span data-ttu-id=\"a\">Текст <span class=\"x\">без конца</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">Text</span></span>"
        ),
        segments: &[(
            "a",
            Some("Текст <span class=\"x\">без конца</span>"),
            Some("Text"),
            0..138,
        )],
        local: "Текст <span class=\"x\">без конца</span>",
        english: "Text",
        diagnostics: &[("span-unclosed", Error, 0..22, "<span data-ttu-id=\"a\">")],
    },
    Case {
        name: "`<span` not ended before the next tag is text, not a tag",
        input: "Текст <span class=\"x\" </span>и далее",
        segments: &[],
        local: "Текст <span class=\"x\" и далее",
        english: "Текст <span class=\"x\" и далее",
        diagnostics: &[("span-stray-close", Warning, 27..34, "</span>")],
    },
    Case {
        name: "truncated tag at EOF",
        input: "Текст <span data-ttu-id=\"x",
        segments: &[],
        local: "Текст <span data-ttu-id=\"x",
        english: "Текст <span data-ttu-id=\"x",
        diagnostics: &[(
            "span-tag-malformed",
            Warning,
            11..30,
            "<span data-ttu-id=\"",
        )],
    },
    Case {
        name: "truncated tag inside a half",
        input: concat!(
            "<span data-ttu-id=\"a\">Раз <span data-ttu-id=\"b</span>",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">One</span></span>"
        ),
        segments: &[("a", Some("Раз <span data-ttu-id=\"b"), Some("One"), 0..120)],
        local: "Раз <span data-ttu-id=\"b",
        english: "One",
        diagnostics: &[(
            "span-tag-malformed",
            Warning,
            29..48,
            "<span data-ttu-id=\"",
        )],
    },
    Case {
        name: "id with a quote",
        input: concat!(
            "<span data-ttu-id=\"a\"b\">Текст</span><span class=\"sxs-lookup\">",
            "<span data-stu-id=\"a\"b\">Text</span></span>"
        ),
        segments: &[],
        local: "<span data-ttu-id=\"a\"b\">Текст<span data-stu-id=\"a\"b\">Text",
        english: "<span data-ttu-id=\"a\"b\">Текст<span data-stu-id=\"a\"b\">Text",
        diagnostics: &[
            ("span-tag-malformed", Warning, 0..19, "<span data-ttu-id=\""),
            ("span-stray-close", Warning, 34..41, "</span>"),
            (
                "span-no-local",
                Warning,
                41..66,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-partner-malformed",
                Error,
                41..66,
                "<span class=\"sxs-lookup\">",
            ),
            (
                "span-tag-malformed",
                Warning,
                66..85,
                "<span data-stu-id=\"",
            ),
            ("span-stray-close", Warning, 94..101, "</span>"),
            ("span-stray-close", Warning, 101..108, "</span>"),
        ],
    },
    Case {
        name: "id with a newline",
        input: "<span data-ttu-id=\"a\nb\">Текст</span>",
        segments: &[],
        local: "<span data-ttu-id=\"a\nb\">Текст",
        english: "<span data-ttu-id=\"a\nb\">Текст",
        diagnostics: &[
            ("span-tag-malformed", Warning, 0..19, "<span data-ttu-id=\""),
            ("span-stray-close", Warning, 34..41, "</span>"),
        ],
    },
    Case {
        name: "id with a lone CR (an old Mac line end)",
        input: "<span data-ttu-id=\"a\rb\">Текст</span>",
        segments: &[],
        local: "<span data-ttu-id=\"a\rb\">Текст",
        english: "<span data-ttu-id=\"a\rb\">Текст",
        diagnostics: &[
            ("span-tag-malformed", Warning, 0..19, "<span data-ttu-id=\""),
            ("span-stray-close", Warning, 34..41, "</span>"),
        ],
    },
];

/// Line 36 of `corpus/ru-RU/outlook-com-setting-changes.md`, verbatim: a stray `</span>` in
/// each half of segment 112.
const CORPUS_RU_LINE_36: &str = "- <span data-ttu-id=\"af796-112\">Если почтовый ящик получателя находится на **Yahoo или Gmail**, следуйте инструкциям, приведенным </span> в этой [статье](https://support.office.com/article/how-do-i-open-a-protected-message-1157a286-8ecc-4b1e-ac43-2a608fbf3098).</span><span class=\"sxs-lookup\"><span data-stu-id=\"af796-112\">If the recipient mailbox is on **Yahoo or Gmail**, please follow the instructions</span> found in this [article](https://support.office.com/article/how-do-i-open-a-protected-message-1157a286-8ecc-4b1e-ac43-2a608fbf3098).</span></span>\n";

/// Line 36 of `corpus/sv-SE/outlook-com-setting-changes.md`, verbatim.
const CORPUS_SV_LINE_36: &str = "- <span data-ttu-id=\"239fd-112\">Om mottagar post lådan är på **Yahoo eller Gmail**följer du anvisningarna </span> i den här [artikeln](https://support.office.com/article/how-do-i-open-a-protected-message-1157a286-8ecc-4b1e-ac43-2a608fbf3098).</span><span class=\"sxs-lookup\"><span data-stu-id=\"239fd-112\">If the recipient mailbox is on **Yahoo or Gmail**, please follow the instructions</span> found in this [article](https://support.office.com/article/how-do-i-open-a-protected-message-1157a286-8ecc-4b1e-ac43-2a608fbf3098).</span></span>\n";

#[test]
fn real_corpus_stray_closes_keep_every_word() {
    const URL: &str = "https://support.office.com/article/how-do-i-open-a-protected-message-1157a286-8ecc-4b1e-ac43-2a608fbf3098";
    let english = format!(
        "If the recipient mailbox is on **Yahoo or Gmail**, please follow the instructions found in this [article]({URL})."
    );
    let ru = format!(
        "Если почтовый ящик получателя находится на **Yahoo или Gmail**, следуйте инструкциям, приведенным  в этой [статье]({URL})."
    );
    let sv = format!(
        "Om mottagar post lådan är på **Yahoo eller Gmail**följer du anvisningarna  i den här [artikeln]({URL})."
    );
    let cases = [
        (
            CORPUS_RU_LINE_36,
            "af796-112",
            &ru,
            2..638,
            [200..207, 485..492],
        ),
        (
            CORPUS_SV_LINE_36,
            "239fd-112",
            &sv,
            2..543,
            [110..117, 390..397],
        ),
    ];
    for (input, id, local, span, strays) in cases {
        let case = Case {
            name: id,
            input,
            segments: &[(id, Some(local.as_str()), Some(english.as_str()), span)],
            local: &format!("- {local}\n"),
            english: &format!("- {english}\n"),
            diagnostics: &[
                ("span-stray-close", Warning, strays[0].clone(), "</span>"),
                ("span-stray-close", Warning, strays[1].clone(), "</span>"),
            ],
        };
        check(&case);
    }
}

#[test]
fn ids_up_to_256_bytes_are_accepted() {
    for len in [1, 255, 256] {
        let id = "x".repeat(len);
        let input = format!(
            "<span data-ttu-id=\"{id}\">Да</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">Yes</span></span>"
        );
        let parsed = parse(PATH, &input, BASE);
        assert!(parsed.diagnostics.is_empty(), "id of {len} bytes");
        assert_eq!(parsed.segments.len(), 1);
        assert_eq!(parsed.segments[0].id, id);
        assert_eq!(parsed.segments[0].span, BASE..BASE + input.len());
        assert_eq!(
            (parsed.local.as_str(), parsed.english.as_str()),
            ("Да", "Yes")
        );
        check_invariants("long id", &input, BASE, &parsed);
    }
}

#[test]
fn ids_longer_than_256_bytes_are_reported_and_kept_as_text() {
    // 257 ASCII bytes, and a multibyte id whose 256-byte window ends inside a character.
    for id in ["x".repeat(257), format!("x{}", "я".repeat(129))] {
        let ttu = format!("<span data-ttu-id=\"{id}\">");
        let stu = format!("<span data-stu-id=\"{id}\">");
        let sxs = "<span class=\"sxs-lookup\">";
        let input = format!("{ttu}Да</span>{sxs}{stu}Yes</span></span>");
        let parsed = parse(PATH, &input, 0);
        assert!(parsed.segments.is_empty());
        assert_eq!(parsed.local, format!("{ttu}Да{stu}Yes"));
        assert_eq!(parsed.english, parsed.local);
        let at = |s: &str, n: usize| input.match_indices(s).nth(n).map(|(i, _)| i).unwrap();
        let close = |n| at("</span>", n)..at("</span>", n) + 7;
        let sxs_at = at(sxs, 0)..at(sxs, 0) + sxs.len();
        let got: Vec<(&str, Range<usize>)> = parsed
            .diagnostics
            .iter()
            .map(|d| (d.kind.name(), d.span.clone().unwrap()))
            .collect();
        let stu_at = sxs_at.end;
        let want = vec![
            ("span-tag-malformed", 0..19),
            ("span-stray-close", close(0)),
            ("span-no-local", sxs_at.clone()),
            ("span-partner-malformed", sxs_at),
            ("span-tag-malformed", stu_at..stu_at + 19),
            ("span-stray-close", close(1)),
            ("span-stray-close", close(2)),
        ];
        assert_eq!(got, want, "id of {} bytes", id.len());
        check_invariants("long id", &input, 0, &parsed);
    }
}

#[test]
fn source_maps_point_at_the_source_bytes() {
    let input = concat!(
        "- [!INCLUDE [t](p.md)] ",
        pair!(
            "a",
            "Привет, **мир** [x](y.md)",
            "Hello, **world** [x](y.md)"
        ),
        " <a name=\"n\"></a>\\>\n",
        "<span data-ttu-id=\"b\">Начало </span>конец</span>",
        "<span class=\"sxs-lookup\"><span data-stu-id=\"b\">Start</span> end</span></span>\n",
        "<span class=\"sxs-lookup\"><span data-stu-id=\"c\">Only English</span></span>\n"
    );
    let base = 500;
    let parsed = parse(PATH, input, base);
    assert_eq!(
        parsed.local,
        "- [!INCLUDE [t](p.md)] Привет, **мир** [x](y.md) <a name=\"n\"></a>\\>\nНачало конец\nOnly English\n"
    );
    assert_eq!(
        parsed.english,
        "- [!INCLUDE [t](p.md)] Hello, **world** [x](y.md) <a name=\"n\"></a>\\>\nStart end\nOnly English\n"
    );
    // (document, map, text in the document, occurrence in the document, occurrence in the source)
    let probes = [
        (&parsed.local, &parsed.local_map, "- [!INCLUDE", 0, 0),
        (&parsed.local, &parsed.local_map, "мир", 0, 0),
        (&parsed.local, &parsed.local_map, "[x](y.md)", 0, 0),
        (&parsed.local, &parsed.local_map, " <a name", 0, 0),
        (&parsed.local, &parsed.local_map, "\\>", 0, 0),
        (&parsed.local, &parsed.local_map, "Начало", 0, 0),
        (&parsed.local, &parsed.local_map, "конец", 0, 0),
        (&parsed.local, &parsed.local_map, "Only English", 0, 0),
        (&parsed.english, &parsed.english_map, "- [!INCLUDE", 0, 0),
        (&parsed.english, &parsed.english_map, "world", 0, 0),
        (&parsed.english, &parsed.english_map, "[x](y.md)", 0, 1),
        (&parsed.english, &parsed.english_map, " <a name", 0, 0),
        (&parsed.english, &parsed.english_map, " end", 0, 0),
        (&parsed.english, &parsed.english_map, "Only English", 0, 0),
    ];
    for (doc, map, needle, in_doc, in_src) in probes {
        let out = doc.match_indices(needle).nth(in_doc).unwrap().0;
        let src = input.match_indices(needle).nth(in_src).unwrap().0;
        for k in 0..needle.len() {
            assert_eq!(
                map.source_offset(out + k),
                base + src + k,
                "{needle:?} at output byte {}",
                out + k
            );
        }
    }
    // Segment positions in both documents.
    let outs: Vec<(&str, Range<usize>, Range<usize>)> = parsed
        .segments
        .iter()
        .map(|s| (s.id.as_str(), s.local_out.clone(), s.english_out.clone()))
        .collect();
    assert_eq!(
        outs,
        [
            ("a", 23..57, 23..49),
            ("b", 77..100, 69..78),
            ("c", 101..113, 79..91),
        ]
    );
    // The end of each document maps to the end of the body.
    assert_eq!(
        parsed.local_map.source_offset(parsed.local.len()),
        base + input.len()
    );
    assert_eq!(
        parsed.english_map.source_offset(parsed.english.len()),
        base + input.len()
    );
    check_invariants("source map", input, base, &parsed);
}

/// The body of a file with frontmatter, and its offset in the file.
fn body(file: &str) -> (usize, &str) {
    let end = file[4..].find("\n---\n").expect("frontmatter is closed") + 4 + 5;
    (end, &file[end..])
}

#[test]
fn seed_articles() {
    const LAST_EN: &str = "If the error is from your partner organization (for example, a 3rd party cloud service provider), you need to contact your partner to fix the issue.";
    let seeds = [
        (
            include_str!("../../content/ru-RU/mail-flow-intelligence-in-eop.md"),
            "c1ac4",
            81,
            "Логика обмена корреспонденцией почты в EOP",
            "Если ошибка связана с партнерской организацией (например, сторонним поставщиком облачных услуг), свяжитесь с ней, чтобы решить проблему.",
        ),
        (
            include_str!("../../content/sv-SE/mail-flow-intelligence-in-eop.md"),
            "96d4c",
            85,
            "E-postflödesinformation i EOP",
            "Om felet kommer från din partnerorganisation (t.ex. en tredjepartsleverantör av molntjänster) måste du kontakta din partner för att lösa problemet.",
        ),
    ];
    for (file, prefix, count, first_local, last_local) in seeds {
        let (base, text) = body(file);
        let parsed = parse(PATH, text, base);
        assert_eq!(parsed.diagnostics, [], "{prefix}");
        assert_eq!(parsed.segments.len(), count, "{prefix}");
        let first = &parsed.segments[0];
        let last = &parsed.segments[count - 1];
        assert_eq!(first.id, format!("{prefix}-103"));
        assert_eq!(first.local.as_deref(), Some(first_local));
        assert_eq!(
            first.english.as_deref(),
            Some("Mail flow intelligence in EOP")
        );
        assert_eq!(last.id, format!("{prefix}-{}", 103 + count - 1));
        assert_eq!(last.local.as_deref(), Some(last_local));
        assert_eq!(last.english.as_deref(), Some(LAST_EN));
        assert!(parsed.local.starts_with(&format!(
            "# <a name=\"mail-flow-intelligence-in-eop\"></a>{first_local}\n"
        )));
        for (n, seg) in parsed.segments.iter().enumerate() {
            let id = format!("{prefix}-{}", 103 + n);
            assert_eq!(seg.id, id);
            let (local, english) = (seg.local.as_deref(), seg.english.as_deref());
            let (Some(local), Some(english)) = (local, english) else {
                panic!("{id}: both halves");
            };
            assert_eq!(&parsed.local[seg.local_out.clone()], local, "{id}");
            assert_eq!(&parsed.english[seg.english_out.clone()], english, "{id}");
            let whole = &file[seg.span.clone()];
            assert!(whole.starts_with(&format!("<span data-ttu-id=\"{id}\">{local}</span>")));
            assert!(whole.ends_with(&format!("\">{english}</span></span>")));
            // Both texts map to where they are in the file.
            let local_src = parsed.local_map.source_offset(seg.local_out.start);
            assert_eq!(local_src, seg.span.start + 21 + id.len(), "{id}");
            let english_src = parsed.english_map.source_offset(seg.english_out.start);
            assert_eq!(english_src, seg.span.end - 14 - english.len(), "{id}");
        }
        for doc in [&parsed.local, &parsed.english] {
            assert!(!doc.contains("<span") && !doc.contains("</span>"));
            assert_eq!(doc.lines().count(), text.lines().count());
        }
        check_invariants(prefix, text, base, &parsed);
    }
}

const FRAGMENTS: &[&str] = &[
    "<span data-ttu-id=\"a\">",
    "<span data-ttu-id=\"b\">",
    "<span data-ttu-id=\"",
    "<span data-stu-id=\"a\">",
    "<span data-stu-id=\"b\">",
    "<span data-stu-id=\"",
    "<span class=\"sxs-lookup\">",
    "<span class=\"x\">",
    "<span>",
    "<span",
    "</span>",
    "</span></span>",
    "</span",
    "<",
    ">",
    "\">",
    "\"",
    "a",
    "text ",
    "Привет",
    "åäö",
    "😀",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    " ",
    "**",
    "[",
    "](x.md)",
    "![i](x.gif)",
    "\\>",
    "<a name=\"n\"></a>",
    "- ",
    "[!INCLUDE [t](p.md)]",
    pair!("a", "Раз", "One"),
    pair!("b", "Två", "Two"),
];

/// Text between pair tags that a parse must keep in one of the documents.
fn text_runs(input: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut from = 0;
    for tag in crate::fuzzing::pair_tags(input) {
        runs.push(&input[from..tag.start]);
        from = tag.end;
    }
    runs.push(&input[from..]);
    runs.retain(|r| !r.is_empty());
    runs
}

#[test]
fn hostile_input_never_panics_or_loses_text() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut kinds = std::collections::BTreeSet::new();
    for case in 0..4000 {
        let mut input = String::new();
        for _ in 0..rng.below(40) {
            let fragment = FRAGMENTS[rng.below(FRAGMENTS.len())];
            if rng.below(8) == 0 {
                // Cut a fragment short, on a character boundary.
                input
                    .push_str(&fragment[..floor_boundary(fragment, rng.below(fragment.len() + 1))]);
            } else {
                input.push_str(fragment);
            }
        }
        let base = rng.below(3) * 100;
        let parsed = parse(PATH, &input, base);
        let name = format!("fuzz case {case}: {input:?}");
        check_invariants(&name, &input, base, &parsed);
        kinds.extend(parsed.diagnostics.iter().map(|d| d.kind.name()));
        // Blank lines inside a pair are collapsed: then the words must all be there.
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        let across = parsed
            .diagnostics
            .iter()
            .any(|d| d.kind == "span-across-blocks");
        let (local, english) = (squeeze(&parsed.local), squeeze(&parsed.english));
        for run in text_runs(&input) {
            assert!(
                parsed.local.contains(run)
                    || parsed.english.contains(run)
                    || (across
                        && (local.contains(&squeeze(run)) || english.contains(&squeeze(run)))),
                "{name}: {run:?} is in neither document"
            );
        }
    }
    // The generator reaches every recovery path.
    let all = [
        "span-across-blocks",
        "span-duplicate-id",
        "span-id-mismatch",
        "span-no-local",
        "span-no-partner",
        "span-partner-malformed",
        "span-partner-unclosed",
        "span-stray-close",
        "span-tag-malformed",
        "span-unclosed",
    ];
    assert_eq!(kinds.into_iter().collect::<Vec<_>>(), all);
}

#[test]
fn hostile_input_parses_in_linear_time() {
    const N: usize = 50_000;
    let pathological = [
        // `<span ` that never ends: each must not search to the end of the file for a `>`.
        "<span ".repeat(4 * N),
        // Pairs without partners on one long line: recovery must not rescan the paragraph.
        "<span data-ttu-id=\"a\">x</span> ".repeat(N),
        // English-only pairs closed once, on one line.
        "<span class=\"sxs-lookup\"><span data-stu-id=\"a\">x</span> ".repeat(N),
        // The same in a CRLF file with paragraphs.
        "<span data-ttu-id=\"a\">x</span> y\r\n".repeat(N),
    ];
    for input in &pathological {
        let started = Instant::now();
        let parsed = parse(PATH, input, 0);
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(3),
            "{} bytes took {took:?}: {:?}…",
            input.len(),
            &input[..40]
        );
        assert!(parsed.local.len() + parsed.english.len() > 0);
    }
}
