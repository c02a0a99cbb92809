//! Which heading numbers are error codes, the titles codes get in every locale, and a code
//! described in several articles (`tests/fixtures/code-headings`: version, section and step
//! numbers beside real codes, labels left at the end, a preposition left mid-phrase, and
//! 5.7.1 in two articles with titles of their own).

use serde_json::Value;

use crate::harness::{fixture_dir, main_of, plain_text, BuildTest};
use crate::model::load_clean;

const LOCALES: [&str; 3] = ["en", "ru-RU", "sv-SE"];

#[test]
fn version_section_and_step_numbers_are_not_codes() {
    let site = load_clean(&fixture_dir("code-headings"));
    let codes: Vec<&str> = site.codes.iter().map(|c| c.enhanced.as_str()).collect();
    assert_eq!(codes, ["4.7.500", "5.7.1", "5.7.606"]);
    let build = BuildTest::from_fixture("code-headings")
        .build()
        .check_status(0);
    for locale in LOCALES {
        for number in ["2.0.1", "4.2.1", "5.3.2"] {
            let page = build
                .out()
                .join(format!("{locale}/codes/{number}/index.html"));
            assert!(!page.exists(), "{} exists", page.display());
        }
        for code in codes.iter() {
            // The page is the code's: its heading names the code.
            let page = format!("{locale}/codes/{code}/index.html");
            let html = build.read(&page);
            let h1 = html
                .split_once("<h1")
                .and_then(|(_, rest)| rest.split_once("</h1>"))
                .map(|(h1, _)| plain_text(&format!("<h1{h1}")))
                .unwrap_or_default();
            assert!(h1.contains(code), "{page}: <h1> {h1:?}");
        }
    }
}

#[test]
fn code_titles_keep_neither_label_nor_dangling_words() {
    let site = load_clean(&fixture_dir("code-headings"));
    let title = |code: &str, article: &str, locale: &str| {
        let c = site.codes.iter().find(|c| c.enhanced == code).unwrap();
        let o = c.occurrences.iter().find(|o| o.article == article).unwrap();
        let (_, _, text) = site.code_text(code, o, locale).unwrap();
        text.title.clone()
    };
    let want = [
        ("5.7.1", "en", "Fix email delivery issues"),
        ("5.7.1", "ru-RU", "Устранение проблем с доставкой почты"),
        ("5.7.1", "sv-SE", "Åtgärda problem med e-postleverans"),
        ("4.7.500", "en", "Access denied, please try again later"),
        (
            "4.7.500",
            "ru-RU",
            "Доступ запрещен, повторите попытку позже",
        ),
        ("4.7.500", "sv-SE", "Åtkomst nekad, försök igen senare"),
    ];
    for (code, locale, want) in want {
        assert_eq!(title(code, "numbers", locale), want, "{code} in {locale}");
    }
}

#[test]
fn a_code_in_two_articles_shows_each_occurrences_own_title() {
    let build = BuildTest::from_fixture("code-headings")
        .build()
        .check_status(0);
    let html = build.read("sv-SE/codes/5.7.1/index.html");
    let main = main_of(&html).unwrap();
    // Neither article's title is the code's: the heading names its subject.
    assert!(
        main.contains("<span class=\"code-title\">Status för säkerhet eller princip</span></h1>"),
        "{main}"
    );
    assert!(
        html.contains("<title>5.7.1 Status för säkerhet eller princip"),
        "{html}"
    );
    for (section, title, description) in [
        (
            "blocked/#550-5-7-1-sender-on-the-blocked-list",
            "Avsändaren finns på listan över blockerade",
            "Ta bort avsändaren från listan.",
        ),
        (
            "numbers/#fix-email-delivery-issues-for-error-code-5-7-1",
            "Åtgärda problem med e-postleverans",
            "Avsändaren kan inte skicka e-post.",
        ),
    ] {
        let item = format!("<a href=\"../../{section}\">{title}</a>");
        assert!(main.contains(&item), "{item} in {main}");
        let description = format!("<p class=\"occurrence-description\">{description}</p>");
        assert!(main.contains(&description), "{description} in {main}");
    }
    // One occurrence: its own title is the code's.
    let html = build.read("sv-SE/codes/4.7.500/index.html");
    assert!(html.contains("<span class=\"code-title\">Åtkomst nekad, försök igen senare</span>"));

    let index: Value = serde_json::from_str(&build.read("index.json")).unwrap();
    let code = index["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "5.7.1")
        .unwrap();
    let titles: Vec<&str> = code["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["locales"]["ru-RU"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Отправитель в списке заблокированных",
            "Устранение проблем с доставкой почты"
        ]
    );
    // The occurrence's own text is its article's section.
    let occurrence = &code["occurrences"][1];
    let article = index["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == occurrence["article"])
        .unwrap();
    let sections = article["locales"]["en"]["sections"].as_array().unwrap();
    assert!(sections.iter().any(|s| s["id"] == occurrence["section"]));
}
