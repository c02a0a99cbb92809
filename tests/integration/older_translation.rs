//! A translation made from an older English whose paragraph structure differs from the
//! current English (the `older-translation` fixture, a small FAQ): the English it lacks is
//! shown where the English source has it, under the same heading, never after another
//! question and never repeating what the translation has; the status still adds up.

use crate::harness::{fixture_dir, kbsite_i18n, BuildTest};

const PAGE: &str = "ru-RU/widget-faq/index.html";
const FALLBACK: &str = "<span class=\"seg fallback\" lang=\"en\"";

/// The article body (`<div class="prose">…</div>`) of the page's `<main>`, cut into
/// sections: the part before the first `<h2` and one part per `<h2`.
fn sections(main: &str) -> Vec<&str> {
    let start = main.find("<div class=\"prose\">").expect("prose");
    let end = main[start..]
        .find("</article>")
        .map_or(main.len(), |e| start + e);
    let prose = &main[start..end];
    let mut cuts: Vec<usize> = prose.match_indices("<h2").map(|(i, _)| i).collect();
    cuts.insert(0, 0);
    cuts.push(prose.len());
    cuts.windows(2).map(|w| &prose[w[0]..w[1]]).collect()
}

/// The English texts shown as fallbacks in `html`, in order.
fn fallbacks(html: &str) -> Vec<&str> {
    html.match_indices(FALLBACK)
        .map(|(i, _)| {
            let text = &html[i..];
            let text = &text[text.find('>').expect("tag end") + 1..];
            &text[..text.find("</span>").expect("span end")]
        })
        .collect()
}

#[test]
fn english_a_translation_lacks_goes_under_its_own_heading_and_never_repeats() {
    BuildTest::from_fixture("older-translation")
        .build()
        .check_status(0)
        .check_main(PAGE, |main| {
            let sections = sections(main);
            assert_eq!(sections.len(), 5, "{main}");
            // The list right after the title is shown, before the (merged) introduction.
            let intro = sections[0];
            let list = intro
                .find("<ul>")
                .unwrap_or_else(|| panic!("no list: {intro}"));
            assert!(list < intro.find("Виджеты перемещают").unwrap(), "{intro}");
            assert_eq!(
                fallbacks(intro),
                ["Widget Server 2019", "Widget Online"],
                "{intro}"
            );
            // The new paragraph under "Can I move a widget…?" follows its translated
            // neighbour there, not the next question.
            let moving = sections[2];
            assert!(moving.contains("Можно ли переместить виджет"), "{moving}");
            assert_eq!(
                fallbacks(moving),
                ["Before you move it, check the free disk space on the target server."],
                "{moving}"
            );
            assert!(
                moving.find(FALLBACK).unwrap() > moving.find("Виджеты можно перемещать").unwrap(),
                "{moving}"
            );
            // Nothing else: no English for sentences the translation has in other words.
            for other in [sections[1], sections[3], sections[4]] {
                assert_eq!(fallbacks(other), Vec::<&str>::new(), "{other}");
            }
            // What is not shown still counts as missing: 5 of 17. The fixture's ru-RU file has
            // 12 pairs, the newer sv-SE one 17 (`grep -o 'data-ttu-id="'
            // tests/fixtures/older-translation/content/*/widget-faq.md | sort | uniq -c`).
            assert!(main.contains("Переведено 12 из 17 предложений"), "{main}");
        });
}

#[test]
fn sentences_left_out_of_the_page_still_count_in_the_status() {
    let out = kbsite_i18n(&fixture_dir("older-translation"), &["status"]);
    let table = String::from_utf8_lossy(&out.stdout);
    let row = |locale: &str| -> Vec<String> {
        let line = table
            .lines()
            .find(|l| l.starts_with(locale))
            .unwrap_or_else(|| panic!("{locale}: {table}"));
        line.split_whitespace().map(str::to_owned).collect()
    };
    // locale article state translated stale missing obsolete
    assert_eq!(row("ru-RU")[2..], ["stale", "6", "6", "5", "0"], "{table}");
    assert_eq!(
        row("sv-SE")[2..],
        ["current", "17", "0", "0", "0"],
        "{table}"
    );
}

#[test]
fn english_under_a_heading_the_translation_lacks_is_left_out_but_counted() {
    // The current English has a new question the translation has no heading for: its answer
    // has no safe place (the next heading in the translation is another question's).
    let sv = std::fs::read_to_string(
        fixture_dir("older-translation").join("content/sv-SE/widget-faq.md"),
    )
    .unwrap();
    let pair = |id: &str, local: &str, en: &str| {
        format!("<span data-ttu-id=\"b7e21-{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"b7e21-{id}\">{en}</span></span>")
    };
    let new_question = format!(
        "## {}\n\n{}\n\n",
        pair(
            "201",
            "Behöver en widget en licens?",
            "Does a widget need a licence?"
        ),
        pair(
            "202",
            "Varje widget behöver en egen licens.",
            "Each widget needs its own licence."
        ),
    );
    let at = sv
        .find("## <span data-ttu-id=\"b7e21-113\"")
        .expect("the rename question");
    let sv = format!("{}{new_question}{}", &sv[..at], &sv[at..]);
    BuildTest::from_fixture("older-translation")
        .file("content/sv-SE/widget-faq.md", sv)
        .build()
        .check_status(0)
        .check_main(PAGE, |main| {
            assert!(
                !main.contains("Each widget needs its own licence."),
                "{main}"
            );
            let sections = sections(main);
            assert_eq!(
                fallbacks(sections[2]),
                ["Before you move it, check the free disk space on the target server."],
            );
            // The same 12 ru-RU pairs, of the 17 + 2 that this test's sv-SE file has.
            assert!(main.contains("Переведено 12 из 19 предложений"), "{main}");
        });
}

#[test]
fn english_under_a_heading_without_sentences_goes_under_that_heading() {
    // The last heading has no sentences (nothing to align it by), and the current English
    // has a new first paragraph under it: it goes there, by the headings' positions, before
    // the translated paragraph that follows it, not after the previous question's answer.
    let fixture = fixture_dir("older-translation").join("content");
    let read =
        |locale: &str| std::fs::read_to_string(fixture.join(locale).join("widget-faq.md")).unwrap();
    let without_sentences = |text: String, id: &str, extra: &str| -> String {
        let start = text
            .find(&format!("## <span data-ttu-id=\"{id}\""))
            .unwrap();
        let end = start + text[start..].find('\n').unwrap();
        format!(
            "{}## Widget Logs API\n\n{extra}{}",
            &text[..start],
            &text[end..]
        )
    };
    let new_paragraph = "<span data-ttu-id=\"b7e21-301\">Loggarna är vanliga textfiler.</span><span class=\"sxs-lookup\"><span data-stu-id=\"b7e21-301\">Widget logs are plain text files.</span></span>\n";
    BuildTest::from_fixture("older-translation")
        .file(
            "content/sv-SE/widget-faq.md",
            without_sentences(read("sv-SE"), "b7e21-116", new_paragraph),
        )
        .file(
            "content/ru-RU/widget-faq.md",
            without_sentences(read("ru-RU"), "a3c90-111", ""),
        )
        .build()
        .check_status(0)
        .check_main(PAGE, |main| {
            let sections = sections(main);
            let logs = sections[4];
            assert_eq!(
                fallbacks(logs),
                ["Widget logs are plain text files."],
                "{logs}"
            );
            assert!(
                logs.find(FALLBACK).unwrap() < logs.find("Журналы хранятся").unwrap(),
                "{logs}"
            );
            assert_eq!(
                fallbacks(sections[3]),
                Vec::<&str>::new(),
                "{}",
                sections[3]
            );
        });
}

#[test]
fn code_between_missing_paragraphs_is_shown_with_them_unless_the_translation_has_it() {
    // Two new paragraphs with a command between them under the last question.
    let fixture = fixture_dir("older-translation").join("content");
    let read =
        |locale: &str| std::fs::read_to_string(fixture.join(locale).join("widget-faq.md")).unwrap();
    let pair = |id: &str, en: &str| {
        format!("<span data-ttu-id=\"b7e21-{id}\">{en} (sv)</span><span class=\"sxs-lookup\"><span data-stu-id=\"b7e21-{id}\">{en}</span></span>")
    };
    let code = "```console\nwidget logs --tail\n```\n";
    let sv = format!(
        "{}\n{}\n\n{code}\n{}\n",
        read("sv-SE"),
        pair("401", "To read the newest entries, run this command."),
        pair("402", "It prints the last hundred lines."),
    );
    for (ru, shown) in [
        (read("ru-RU"), 1),
        (format!("{}\n{code}", read("ru-RU")), 0),
    ] {
        BuildTest::from_fixture("older-translation")
            .file("content/sv-SE/widget-faq.md", &sv)
            .file("content/ru-RU/widget-faq.md", ru)
            .build()
            .check_status(0)
            .check_main(PAGE, |main| {
                let logs = sections(main)[4];
                assert_eq!(
                    fallbacks(logs),
                    [
                        "To read the newest entries, run this command.",
                        "It prints the last hundred lines."
                    ],
                    "{logs}"
                );
                assert_eq!(logs.matches("widget logs --tail").count(), 1, "{logs}");
                let first = logs.find(FALLBACK).unwrap();
                let command = logs.find("widget logs --tail").unwrap();
                let last = logs.rfind(FALLBACK).unwrap();
                assert_eq!(first < command && command < last, shown == 1, "{logs}");
            });
    }
}
