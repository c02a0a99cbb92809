//! The shape of the built site: `<html lang>`, alternate links, the language switcher,
//! notices, the code pages, plurals, no English chrome on Russian pages, every internal link
//! resolving, rewritten links between articles, and a real `content/en/` file.

use std::collections::BTreeMap;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use crate::harness::{
    ids, main_of, plain_text, repo_root, resolve_href, tags, without_elements, BuildTest,
};
use crate::model::{load, SLUG};
use crate::source_pairs::read_pairs;

const LOCALES: [&str; 3] = ["en", "ru-RU", "sv-SE"];

fn seeds() -> BuildTest {
    BuildTest::from_repo_content().build().check_status(0)
}

/// The locale folder of an output page (`None` for the root chooser and static files).
fn locale_of(path: &str) -> Option<&str> {
    path.split_once('/')
        .map(|(l, _)| l)
        .filter(|l| LOCALES.contains(l))
}

/// Every text piece of every message of a Fluent file (variants included), by message id.
fn ftl_texts(locale: &str) -> BTreeMap<String, Vec<String>> {
    fn walk(pattern: &Pattern<&str>, out: &mut Vec<String>) {
        for element in &pattern.elements {
            match element {
                PatternElement::TextElement { value } => out.push((*value).to_owned()),
                PatternElement::Placeable { expression } => expr(expression, out),
            }
        }
    }
    fn expr(expression: &Expression<&str>, out: &mut Vec<String>) {
        match expression {
            Expression::Select { variants, .. } => {
                for v in variants {
                    walk(&v.value, out);
                }
            }
            Expression::Inline(InlineExpression::Placeable { expression }) => expr(expression, out),
            Expression::Inline(InlineExpression::StringLiteral { value }) => {
                out.push((*value).to_owned())
            }
            Expression::Inline(_) => {}
        }
    }
    let path = repo_root().join(format!("locales/{locale}.ftl"));
    let text = std::fs::read_to_string(&path).unwrap();
    let resource = fluent_syntax::parser::parse(text.as_str())
        .unwrap_or_else(|(_, e)| panic!("{}: {e:?}", path.display()));
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        if let Entry::Message(m) = entry {
            let mut texts = Vec::new();
            if let Some(value) = &m.value {
                walk(value, &mut texts);
            }
            messages.insert(m.id.name.to_owned(), texts);
        }
    }
    messages
}

/// The value of a simple (placeable-free) message.
fn ftl(locale: &str, key: &str) -> String {
    let texts = ftl_texts(locale);
    let parts = texts
        .get(key)
        .unwrap_or_else(|| panic!("no {key} in {locale}.ftl"));
    parts.concat().trim().to_owned()
}

#[test]
fn every_page_has_its_locale_in_html_lang() {
    let build = seeds();
    for (path, html) in build.pages() {
        let lang = locale_of(&path).unwrap_or("en");
        assert!(
            html.contains(&format!("<html lang=\"{lang}\">")),
            "{path}: not <html lang=\"{lang}\">"
        );
    }
}

#[test]
fn every_page_links_its_alternates_and_they_exist() {
    let build = seeds();
    let pages = build.pages();
    for (path, html) in &pages {
        let alternates: BTreeMap<String, String> = tags(html)
            .into_iter()
            .filter(|t| t.name == "link" && t.attr("rel") == Some("alternate"))
            .map(|t| {
                (
                    t.attr("hreflang").unwrap_or_default().to_owned(),
                    t.attr("href").unwrap_or_default().to_owned(),
                )
            })
            .collect();
        for lang in LOCALES.iter().chain(&["x-default"]) {
            let href = alternates
                .get(*lang)
                .unwrap_or_else(|| panic!("{path}: no alternate for {lang}: {alternates:?}"));
            let target = href.strip_prefix('/').expect("absolute with base_url /");
            let file = format!("{target}index.html");
            assert!(
                pages.contains_key(&file),
                "{path}: alternate {href} has no page"
            );
            if let (Some(own), true) = (locale_of(path), *lang != "x-default") {
                assert_eq!(
                    file,
                    path.replacen(own, lang, 1),
                    "{path}: alternate {lang} is not the same page"
                );
            }
        }
    }
}

#[test]
fn the_language_switcher_leads_to_the_same_page_in_each_locale() {
    let build = seeds();
    let pages = build.pages();
    let mut checked = 0;
    for (path, html) in &pages {
        let Some(own) = locale_of(path) else {
            continue;
        };
        let nav = html
            .split("<nav class=\"lang-switcher\"")
            .nth(1)
            .and_then(|n| n.split("</nav>").next())
            .unwrap_or_else(|| panic!("{path}: no language switcher"));
        let links: BTreeMap<String, String> = tags(nav)
            .into_iter()
            .filter(|t| t.name == "a")
            .map(|t| {
                (
                    t.attr("hreflang").unwrap_or_default().to_owned(),
                    t.attr("href").unwrap_or_default().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            links.keys().map(String::as_str).collect::<Vec<_>>(),
            LOCALES,
            "{path}"
        );
        for (lang, href) in &links {
            let (target, _) = resolve_href(path, href).unwrap();
            assert!(
                pages.contains_key(&target),
                "{path}: {href} → {target} missing"
            );
            assert_eq!(
                target,
                path.replacen(own, lang, 1),
                "{path}: switcher {lang}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 3 * 9); // home, search, article and six code pages
}

#[test]
fn the_root_chooser_links_every_locale_without_javascript() {
    seeds().check_file("index.html", |html| {
        // Plain links: the only script is the search box's, loaded from a file.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("<script src=\"static/search.js\" defer></script>"));
        for lang in LOCALES {
            assert!(
                html.contains(&format!("href=\"{lang}/\" hreflang=\"{lang}\"")),
                "no link to {lang}/ in the chooser"
            );
        }
        for name in ["English", "Русский", "Svenska"] {
            assert!(html.contains(name), "{name}");
        }
    });
}

#[test]
fn machine_translation_and_stale_notices() {
    let build = seeds();
    for (path, html) in build.pages() {
        let Some(locale) = locale_of(&path) else {
            continue;
        };
        if path == format!("{locale}/index.html") || path == format!("{locale}/search/index.html") {
            continue; // the home and search pages are not translations
        }
        let main = main_of(&html).unwrap();
        let mt = main.contains("class=\"notice mt\"");
        let stale = main.contains("class=\"notice stale\"");
        assert_eq!(mt, locale != "en", "{path}: machine translation notice");
        assert_eq!(stale, locale == "ru-RU", "{path}: stale notice");
        if mt {
            assert!(
                plain_text(main).contains(&ftl(locale, "notice-mt-title")),
                "{path}"
            );
        }
        if stale {
            let text = plain_text(main);
            assert!(text.contains(&ftl(locale, "notice-stale-title")), "{path}");
            // 4 changed and 4 missing sentences, in Russian plural form "few".
            assert!(text.contains("Изменились 4 предложения."), "{path}: {text}");
            assert!(
                text.contains("4 предложения ещё не переведены."),
                "{path}: {text}"
            );
        }
    }
}

#[test]
fn ru_code_page_shows_the_code_its_meaning_causes_fixes_and_neighbours() {
    let article_link = format!("../../{SLUG}/#error-code-450-44312-dns-query-failed");
    seeds()
        .check_main("ru-RU/codes/4.4.312/index.html", |main| {
            let text = plain_text(main);
            for want in [
                "450".to_owned(),
                "4.4.312".to_owned(),
                "Сбой запроса DNS".to_owned(),
                ftl("ru-RU", "smtp-class-4"),
                ftl("ru-RU", "smtp-subject-4"),
                ftl("ru-RU", "code-causes"),
                ftl("ru-RU", "code-fixes"),
                // A cause and a fix from the ru-RU seed.
                "Срок действия домена недавно истек".to_owned(),
                "Работа со службой хостинга DNS".to_owned(),
            ] {
                assert!(text.contains(&want), "{want:?} not on the page:\n{text}");
            }
            assert!(!text.contains("Error code"), "{text}");
            assert!(main.contains(&format!("href=\"{article_link}\"")), "{main}");
            assert!(
                !main.contains("rel=\"prev\""),
                "the first code has no previous"
            );
            assert!(main.contains("href=\"../4.4.315/\" rel=\"next\""), "{main}");
        })
        .check_main("ru-RU/codes/4.4.316/index.html", |main| {
            assert!(main.contains("href=\"../4.4.315/\" rel=\"prev\""), "{main}");
            assert!(main.contains("href=\"../4.4.317/\" rel=\"next\""), "{main}");
        })
        .check_main("ru-RU/codes/4.7.320/index.html", |main| {
            assert!(main.contains("href=\"../4.4.318/\" rel=\"prev\""), "{main}");
            assert!(!main.contains("rel=\"next\""), "the last code has no next");
            assert!(plain_text(main).contains(&ftl("ru-RU", "smtp-subject-7")));
        });
}

#[test]
fn ru_code_page_facts_snapshot() {
    seeds().check_main("ru-RU/codes/4.4.312/index.html", |main| {
        let facts = main
            .split("<dl class=\"facts\">")
            .nth(1)
            .and_then(|f| f.split("</dl>").next())
            .expect("a facts list");
        insta::assert_snapshot!("ru_code_facts", facts);
    });
}

#[test]
fn every_code_page_exists_in_every_locale_with_a_localized_title() {
    let build = seeds();
    let titles = [
        ("en", "DNS query failed"),
        ("ru-RU", "Сбой запроса DNS"),
        ("sv-SE", "DNS-frågan misslyckades"),
    ];
    for (locale, title) in titles {
        let html = build.read(&format!("{locale}/codes/4.4.312/index.html"));
        assert!(
            plain_text(main_of(&html).unwrap()).contains(title),
            "{locale}"
        );
        for code in [
            "4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320",
        ] {
            build.read(&format!("{locale}/codes/{code}/index.html"));
        }
    }
}

#[test]
fn russian_plurals_on_the_home_page() {
    seeds().check_main("ru-RU/index.html", |main| {
        let text = plain_text(main);
        assert!(text.contains("6 кодов"), "{text}");
        assert!(text.contains("1 статья"), "{text}");
    });
    seeds().check_main("en/index.html", |main| {
        let text = plain_text(main);
        assert!(
            text.contains("6 codes") && text.contains("1 article"),
            "{text}"
        );
    });
}

#[test]
fn the_home_page_lists_articles_and_every_code() {
    seeds().check_main("sv-SE/index.html", |main| {
        assert!(main.contains(&format!("href=\"{SLUG}/\"")), "{main}");
        for code in [
            "4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320",
        ] {
            assert!(main.contains(&format!("href=\"codes/{code}/\"")), "{code}");
        }
        assert!(main.contains("#other-error-codes\""), "{main}");
    });
}

#[test]
fn no_english_chrome_on_russian_pages() {
    let build = seeds();
    let english: Vec<String> = ftl_texts("en")
        .into_iter()
        .filter(|(id, _)| id != "language-name")
        .flat_map(|(_, texts)| texts)
        .map(|t| crate::harness::collapse(&t))
        .filter(|t| t.chars().count() > 3)
        .collect();
    // A lower bound: en.ftl has many more messages than 40 longer than 3 characters; fewer means
    // the parse above found nothing (`grep -c '^[a-z]' locales/en.ftl` counts the messages).
    assert!(english.len() > 40, "{english:?}");
    let mut problems = Vec::new();
    for (path, html) in build.pages() {
        if locale_of(&path) != Some("ru-RU") {
            continue;
        }
        // The article content may quote English; the chrome around it may not.
        let chrome = without_elements(&html, "<div class=\"prose\"");
        let mut visible = plain_text(&chrome);
        for tag in tags(&chrome) {
            for attr in ["aria-label", "title", "alt", "content", "placeholder"] {
                if let Some(v) = tag.attr(attr) {
                    visible.push_str(" | ");
                    visible.push_str(v);
                }
            }
        }
        for text in &english {
            if visible.contains(text.as_str()) {
                problems.push(format!("{path}: {text:?}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "English UI strings on ru-RU pages:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let build = seeds();
    let mut files = crate::harness::read_tree(&build.out());
    files.retain(|p, _| !p.starts_with('.'));
    let pages = build.pages();
    let mut problems = Vec::new();
    for (path, html) in &pages {
        for tag in tags(html) {
            for attr in ["href", "src"] {
                let Some(href) = tag.attr(attr) else { continue };
                if tag.name == "link" && tag.attr("rel") != Some("stylesheet") {
                    continue; // canonical and alternates are absolute URLs, checked elsewhere
                }
                let Some((target, fragment)) = resolve_href(path, href) else {
                    continue;
                };
                if !files.contains_key(&target) {
                    problems.push(format!("{path}: {href} → {target} does not exist"));
                    continue;
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    let target_ids = ids(&pages[&target]);
                    if !target_ids.contains(&f) {
                        problems.push(format!("{path}: {href} → no id {f:?} in {target}"));
                    }
                }
            }
        }
    }
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn links_between_articles_become_same_locale_pages() {
    let build = BuildTest::from_fixture("links").build().check_status(0);
    for locale in ["sv-SE", "en"] {
        build_check_prose(
            &build,
            &format!("{locale}/one/index.html"),
            &["href=\"../guide/two/\"", "href=\"../guide/two/#details\""],
        );
        build_check_prose(
            &build,
            &format!("{locale}/guide/two/index.html"),
            &["href=\"../../one/#intro\"", "href=\"./\""],
        );
    }
    // Absent targets stay external, made absolute against docs_base_url, and are reported.
    build_check_prose(
        &build,
        "sv-SE/one/index.html",
        &[
            "href=\"https://docs.example.com/kb/missing\"",
            "href=\"https://docs.example.com/exchange/admin\"",
        ],
    );
    // One rule for both kinds of absent target: the docs site's URLs have no `.md`. An
    // e-mail autolink stays a `mailto:` link; an absolute URL is kept as written.
    build_check_prose(
        &build,
        "sv-SE/one/index.html",
        &[
            "href=\"https://docs.example.com/exchange/policy#scope\"",
            "href=\"mailto:support@example.com\"",
            "href=\"https://docs.example.com/kb/readme.md\"",
        ],
    );
    let stderr = build.stderr();
    assert!(!stderr.contains("two.md"), "{stderr}");
    assert!(!stderr.contains("one.md`"), "{stderr}");
    assert!(stderr.contains("content/sv-SE/one.md:12:10"), "{stderr}");
    assert!(stderr.contains("content/sv-SE/one.md:12:46"), "{stderr}");
    // The rewritten links resolve, fragments included.
    let pages = build.pages();
    for (path, html) in &pages {
        for tag in tags(main_of(html).unwrap_or_default()) {
            let Some((target, fragment)) = tag.attr("href").and_then(|h| resolve_href(path, h))
            else {
                continue;
            };
            let page = pages
                .get(&target)
                .unwrap_or_else(|| panic!("{path}: {target} missing"));
            if let Some(f) = fragment {
                assert!(ids(page).contains(&f), "{path}: no #{f} in {target}");
            }
        }
    }
}

fn build_check_prose(build: &BuildTest, path: &str, wants: &[&str]) {
    let html = build.read(path);
    let prose = html
        .split("<div class=\"prose\"")
        .nth(1)
        .unwrap_or_else(|| panic!("{path}: no prose"));
    for want in wants {
        assert!(prose.contains(want), "{path}: no {want} in\n{prose}");
    }
}

#[test]
fn a_real_english_file_is_the_english_page() {
    let build = BuildTest::from_fixture("english-file")
        .build()
        .check_status(0);
    let build = build.check_main("en/a/index.html", |main| {
        let text = plain_text(main);
        assert!(text.contains("A real English article"), "{text}");
        assert!(
            text.contains("This text was written in English and is the source."),
            "{text}"
        );
        assert!(!text.contains("English half of the translation"), "{text}");
        assert!(!text.contains("An older English title"), "{text}");
    });
    let build = build.check_main("sv-SE/a/index.html", |main| {
        assert!(plain_text(main).contains("Den här texten är översatt."));
    });
    let (site, _) = load(build.root());
    let a = &site.articles[0];
    assert_eq!(a.english_source.as_deref(), Some("en"));
    assert_eq!(a.versions["en"].origin, kbsite::model::Origin::EnglishFile);
    assert_eq!(a.versions["en"].title, "A real English article");
}

/// The number of pairs in the seed file of `locale`, read from the source by the independent
/// reader (`grep -o 'data-ttu-id="' content/<locale>/<slug>.md | wc -l`): 81 in ru-RU, 85 in
/// the newest, sv-SE.
fn seed_pairs(locale: &str) -> usize {
    let path = repo_root().join(format!("content/{locale}/{SLUG}.md"));
    read_pairs(&std::fs::read_to_string(path).unwrap()).len()
}

#[test]
fn translated_pages_carry_each_sentence_with_its_english_original() {
    // Every ru-RU pair is counted translated (the 4 stale ones too) out of the newest English.
    let (ru, all) = (seed_pairs("ru-RU"), seed_pairs("sv-SE"));
    let meter = format!("<meter min=\"0\" max=\"{all}\" value=\"{ru}\"></meter>");
    let progress = format!("Переведено {ru} из {all} предложений");
    seeds()
        .check_main("ru-RU/mail-flow-intelligence-in-eop/index.html", |main| {
            assert!(main.contains("id=\"show-english\""), "bilingual toggle");
            assert!(main.contains(&meter), "progress: {meter}");
            assert!(main.contains(&progress), "progress text: {progress}");
            // Hovering a sentence shows its English original.
            assert!(main.contains(
                "<span class=\"seg\" title=\"Typically, this error means Microsoft 365 tried to connect to the smart host that&#39;s specified in the connector, but the DNS query to find the smart host&#39;s IP addresses failed.\""
            ));
            // A lower bound, not a count: 80 today (`grep -o 'class="seg"'` in the page's
            // <main>), a `seg` for almost every one of the 81 pairs.
            assert!(main.matches("class=\"seg\"").count() >= 70, "most sentences wrapped");
        })
        .check_main("ru-RU/codes/4.4.312/index.html", |main| {
            assert!(main.contains("id=\"show-english\"") && main.contains("class=\"seg\" title="));
        })
        .check_main("en/mail-flow-intelligence-in-eop/index.html", |main| {
            assert!(!main.contains("show-english") && !main.contains("class=\"seg"), "English needs no bilingual view");
        });
}

#[test]
fn untranslated_sentences_fall_back_to_english_marked_as_such() {
    // An empty localized half means "not translated yet".
    let ru =
        std::fs::read_to_string(repo_root().join("content/ru-RU/mail-flow-intelligence-in-eop.md"))
            .unwrap();
    // One pair fewer translated than the file has, of the newest English's pairs.
    let progress = format!(
        "Переведено {} из {} предложений",
        seed_pairs("ru-RU") - 1,
        seed_pairs("sv-SE")
    );
    let ru = ru.replace(
        "<span data-ttu-id=\"c1ac4-105\">Вы также можете использовать соединитель для маршрутизации сообщений от Microsoft 365 к партнерской организации.</span>",
        "<span data-ttu-id=\"c1ac4-105\"></span>",
    );
    BuildTest::from_repo_content()
        .file("content/ru-RU/mail-flow-intelligence-in-eop.md", ru)
        .build()
        .check_status(0)
        .check_main("ru-RU/mail-flow-intelligence-in-eop/index.html", move |main| {
            assert!(main.contains(
                "<span class=\"seg fallback\" lang=\"en\" title=\"Ещё не переведено: показан английский оригинал\">You might also use a connector to route messages from Microsoft 365 to a partner organization.</span>"
            ));
            assert!(main.contains(&progress), "the untranslated sentence counts as missing: {progress}");
        });
}

#[test]
fn sentences_a_translation_lacks_are_shown_in_english_where_the_source_has_them() {
    // The ru-RU seed was translated before the "Applies to" list existed.
    seeds().check_main("ru-RU/mail-flow-intelligence-in-eop/index.html", |main| {
        let fallback = "<span class=\"seg fallback\" lang=\"en\" title=\"Ещё не переведено: показан английский оригинал\">";
        assert!(main.contains(&format!("<p>{fallback}<strong>Applies to</strong></span></p>")), "{main}");
        assert!(main.contains(&format!("{fallback}Microsoft 365 Defender</span>")));
        // Right after the title, before the first translated paragraph, as in the source.
        let applies = main.find("Applies to").unwrap();
        let first = main.find("В организациях Microsoft 365").unwrap();
        assert!(applies < first);
    });
}

#[test]
fn includes_are_resolved_per_locale_and_are_not_pages() {
    let pair = |id: &str, local: &str, english: &str| {
        format!("<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>")
    };
    let article = |locale: &str, title: &str| {
        format!(
            "---\ntitle: T\nms.contentlocale: {locale}\nms.lasthandoff: 01/01/2021\n---\n# {}\n\n[!INCLUDE [Note](includes/note.md)]\n\n{}\n",
            pair("1", title, "Title"),
            pair("2", "Text.", "Text."),
        )
    };
    BuildTest::empty()
        .file("content/sv-SE/a.md", article("sv-SE", "Rubrik"))
        .file("content/ru-RU/a.md", article("ru-RU", "Заголовок"))
        .file(
            "content/sv-SE/includes/note.md",
            format!("{}\n", pair("9", "Svensk notis.", "English note.")),
        )
        .build()
        .check_status(0)
        .check_stderr(|stderr| assert!(!stderr.contains("include-missing"), "{stderr}"))
        .check_main("sv-SE/a/index.html", |main| {
            assert!(
                main.contains("<div class=\"include\">\n<p>Svensk notis.</p>\n</div>"),
                "{main}"
            );
            assert!(!main.contains("[!INCLUDE"), "never literal");
        })
        .check_main("ru-RU/a/index.html", |main| {
            // No ru-RU version of the include: the English, marked as such.
            assert!(
                main.contains("<div class=\"include\" lang=\"en\">\n<p>English note.</p>\n</div>"),
                "{main}"
            );
        })
        .check_main("en/a/index.html", |main| {
            assert!(main.contains("<p>English note.</p>"), "{main}");
        })
        .check_stderr(|_| {})
        .check_file("index.json", |json| {
            assert!(!json.contains("includes/note"), "partials are not articles")
        });
}

#[test]
fn codes_mentioned_in_text_and_tables_link_to_their_page() {
    let md = "---\ntitle: T\n---\n# Codes\n\n## Error code: 450 4.4.316 Connection refused\n\nSee also 450 4.4.316 and 5.7.1 (no page).\n\n| Code | Meaning |\n|---|---|\n| 4.4.316 | refused |\n\n[Link 4.4.316](https://example.com/)\n";
    BuildTest::empty()
        .file("content/sv-SE/a.md", md)
        .build()
        .check_status(0)
        .check_main("sv-SE/a/index.html", |main| {
            assert!(main.contains("See also <a class=\"code-ref\" href=\"../codes/4.4.316/\">450 4.4.316</a> and 5.7.1 (no page)."), "{main}");
            assert!(main.contains("<td><a class=\"code-ref\" href=\"../codes/4.4.316/\">4.4.316</a></td>"), "{main}");
            // Not inside headings or existing links.
            assert!(main.contains("Error code: 450 4.4.316 Connection refused</h2>"), "{main}");
            assert!(main.contains(">Link 4.4.316</a>"), "{main}");
        });
}

#[test]
fn a_code_described_in_several_articles_lists_every_occurrence() {
    let article =
        |title: &str| format!("# {title}\n\n## Error code: 550 5.7.1 {title} denied\n\nText.\n");
    BuildTest::empty()
        .file("content/sv-SE/one.md", article("One"))
        .file("content/sv-SE/two.md", article("Two"))
        .build()
        .check_status(0)
        .check_main("sv-SE/codes/5.7.1/index.html", |main| {
            assert!(main.contains("Beskrivs i 2 artiklar"), "{main}");
            assert!(
                main.contains(
                    "<a href=\"../../one/#error-code-550-5-7-1-one-denied\">One denied</a>"
                ),
                "{main}"
            );
            assert!(
                main.contains(
                    "<a href=\"../../two/#error-code-550-5-7-1-two-denied\">Two denied</a>"
                ),
                "{main}"
            );
        })
        .check_file("index.json", |json| {
            let json: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(json["codes"][0]["occurrences"].as_array().unwrap().len(), 2);
        });
}
