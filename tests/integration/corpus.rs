//! The real-world sample (`tests/fixtures/corpus/`, 57 ru-RU and 56 sv-SE articles as
//! published, see its README): it builds completely, with exactly the warnings its flaws
//! deserve, every segment of every file on its pages, and the error codes its headings name.

use std::collections::BTreeMap;

use kbsite::model::Site;

use crate::harness::{fixture_dir, main_of, plain_text, BuildTest};
use crate::model::load_clean;
use crate::nothing_dropped::{markdown_text, parse_file};
use crate::source_pairs::read_pairs;

fn corpus() -> Site {
    load_clean(&fixture_dir("corpus"))
}

#[test]
fn the_sample_builds_with_exactly_the_warnings_its_flaws_deserve() {
    BuildTest::from_fixture("corpus")
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            // The sample's own flaws, counted once by hand and recounted with
            // `cargo run -- check --root tests/fixtures/corpus` (its last line lists each kind).
            assert!(
                stderr.contains("20 warnings")
                    && stderr.matches("warning[link-absent]").count() == 14
                    && stderr.matches("warning[link-unsafe]").count() == 2
                    && stderr.matches("warning[span-stray-close]").count() == 4,
                "{stderr}"
            );
            // 113 files, 57 slugs: `ls tests/fixtures/corpus/content/*/ | grep '\.md$' | sort -u | wc -l`.
            assert!(stderr.contains("built 57 articles, 6 codes"), "{stderr}");
            // The published flaw: a stray `</span>` in segment 112, in both locales.
            for locale in ["ru-RU", "sv-SE"] {
                let at = format!("content/{locale}/outlook-com-setting-changes.md:");
                assert!(stderr.contains(&at), "{at} not reported:\n{stderr}");
            }
        });
}

#[test]
fn every_article_is_offered_in_every_locale() {
    let site = corpus();
    assert_eq!(site.locales, ["en", "ru-RU", "sv-SE"]);
    // The distinct file names of both locales (see the test above for the recount).
    assert_eq!(site.articles.len(), 57);
    let build = BuildTest::from_fixture("corpus").build().check_status(0);
    for article in &site.articles {
        for locale in &site.locales {
            build.read(&format!("{locale}/{}/index.html", article.slug));
        }
    }
    // In ru-RU only: the sv-SE site shows it in English, and says so.
    let slug = "access-a-public-folder-calendar-in-owa";
    let sv = build.read(&format!("sv-SE/{slug}/index.html"));
    let title = "Access a public folder calendar in OWA (Outlook on the web)";
    assert!(
        sv.contains(&format!("lang=\"en\">{title}")),
        "the sv-SE page is not the English text, marked as English"
    );
    assert!(
        sv.contains("har inte översatts till svenska ännu"),
        "no fallback notice on the sv-SE page"
    );
}

#[test]
fn every_segment_of_every_file_is_on_its_pages() {
    let site = corpus();
    let build = BuildTest::from_fixture("corpus").build().check_status(0);
    let mut pages: BTreeMap<String, String> = BTreeMap::new();
    let mut page = |locale: &str, slug: &str| -> String {
        pages
            .entry(format!("{locale}/{slug}"))
            .or_insert_with(|| {
                let html = build.read(&format!("{locale}/{slug}/index.html"));
                plain_text(main_of(&html).expect("<main>"))
            })
            .clone()
    };
    let (mut checked, mut problems) = (0, Vec::new());
    for article in &site.articles {
        for (locale, version) in &article.versions {
            // `en` has no file of its own; a locale without the article shows another's.
            if locale == "en" || !version.path.starts_with(&format!("content/{locale}/")) {
                continue;
            }
            let path = fixture_dir("corpus").join(&version.path);
            let file = parse_file(&path, &version.path);
            // Every opening the independent reader finds is one of the parser's segments.
            let read = read_pairs(&std::fs::read_to_string(&path).unwrap());
            let ids = |ids: Vec<&str>| ids.join(" ");
            assert_eq!(
                ids(file.iter().map(|s| s.id.as_str()).collect()),
                ids(read.iter().map(|p| p.id.as_str()).collect()),
                "{}: the parser's segments vs the pairs in the source",
                version.path
            );
            let local = page(locale, &article.slug);
            let english = page("en", &article.slug);
            let newest = article.english_source.as_deref() == Some(locale.as_str());
            for s in &file {
                for (half, text, on) in [
                    ("localized", &s.local, &local),
                    ("English", &s.english, &english),
                ] {
                    if half == "English" && !newest {
                        continue;
                    }
                    let Some(md) = text else { continue };
                    let want = markdown_text(md);
                    checked += 1;
                    if !on.contains(&want) {
                        problems.push(format!("{}: {half} {}: {want}", version.path, s.id));
                    }
                }
            }
        }
    }
    // A lower bound: the sample has thousands of pairs (`grep -o 'data-ttu-id="' -r
    // tests/fixtures/corpus/content | wc -l`); fewer checked halves means files were skipped.
    assert!(checked > 1400, "only {checked} segment halves checked");
    assert!(
        problems.is_empty(),
        "{} lost:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// One line per code: `reply enhanced [articles] | en title | ru-RU title | sv-SE title`.
fn code_lines(site: &Site) -> Vec<String> {
    site.codes
        .iter()
        .map(|code| {
            let mut line = format!(
                "{} {} {:?}",
                code.reply.as_deref().unwrap_or("-"),
                code.enhanced,
                code.occurrences
                    .iter()
                    .map(|o| &o.article)
                    .collect::<Vec<_>>()
            );
            for locale in &site.locales {
                let titles: Vec<&str> = code
                    .occurrences
                    .iter()
                    .filter_map(|o| site.code_text(&code.enhanced, o, locale))
                    .map(|(_, _, text)| text.title.as_str())
                    .collect();
                line += &format!(" | {}", titles.join(" / "));
            }
            line
        })
        .collect()
}

#[test]
fn the_codes_its_headings_name_in_every_locale() {
    // `Are you seeing error 4.5.1 4.4.62 …`: `4.5.1` is the reply code 451, dotted. The 5.4.1
    // article's H1 is a fix heading and a code heading at once.
    let want = [
        "451 4.4.62 [\"error-451-4-4-62\"] | Mail sent to the wrong Microsoft 365 region. ATTR35 \
         | Отправляемое в неправильное регион Microsoft 365. ATTR35 \
         | E-post som skickas till fel Microsoft 365-området. ATTR35",
        "- 4.5.3 [\"antispam-4-5-3-too-many-recipients-as780090\"] | Too many recipients (AS780090) \
         | Слишком много получателей (AS780090) | För många mottagare (AS780090)",
        "- 4.7.500 [\"antispam-4-7-500-access-denied-please-try-again-later\"] \
         | Access denied, please try again later | Доступ запрещен, повторите попытку позже \
         | Åtkomst nekad, försök igen senare",
        "554 5.2.2 [\"mailbox-full-error\"] | Mailbox full | Полный почтовый ящик | Postlåda full",
        "550 5.4.1 [\"antispam-5-4-1-dbeb-catch-all\"] | Relay Access Denied \
         | Отказ в ретрансляторе доступа | Nekad reläåtkomst",
        "550 5.7.501 [\"error-code-550-5-7-501-access-denied-spam-abuse-detected\"] \
         | Access denied, spam abuse detected | Отказано в доступе, обнаружена Нежелательная почта \
         | Åtkomst nekad, skräp post missbruk upptäcktes",
    ];
    assert_eq!(code_lines(&corpus()), want);
}

#[test]
fn a_fix_heading_that_names_a_code_gives_the_fixes() {
    let site = corpus();
    let code = site.codes.iter().find(|c| c.enhanced == "5.4.1").unwrap();
    let (_, version, text) = site.code_text("5.4.1", &code.occurrences[0], "en").unwrap();
    let fixes = &version.markdown[text.fixes_md.clone()];
    assert!(fixes.contains("Determine whether the problem"), "{fixes}");
    assert!(
        text.causes_md.is_empty(),
        "{:?}",
        &version.markdown[text.causes_md.clone()]
    );
    let description = &version.markdown[text.description_md.clone()];
    assert!(description.contains("This problem occurs"), "{description}");
}

#[test]
fn codes_in_body_text_link_to_their_code_page() {
    let build = BuildTest::from_fixture("corpus").build().check_status(0);
    for locale in ["en", "ru-RU", "sv-SE"] {
        let html = build.read(&format!(
            "{locale}/fix-email-delivery-issues-to-public-folders/index.html"
        ));
        let main = main_of(&html).unwrap();
        assert!(
            main.contains("href=\"../codes/5.4.1/\""),
            "{locale}: no link to the 5.4.1 page:\n{main}"
        );
        // 5.7.13 has no page: it stays text.
        assert!(
            main.contains("5.7.13") && !main.contains("codes/5.7.13"),
            "{locale}"
        );
    }
}
