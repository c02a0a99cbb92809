//! Lists at scale: the home page shows the first [`ARTICLES_PER_PAGE`] articles and
//! [`CODES_PER_PAGE`] codes, `<locale>/page/N/` and `<locale>/codes/page/N/` the rest, each
//! item exactly once, linked both ways. Built from a generated corpus of 120 seed-shaped
//! articles (720 codes) in two locales.

use std::collections::BTreeMap;

use kbsite::render::{ARTICLES_PER_PAGE, CODES_PER_PAGE};

use crate::harness::BuildTest;

use crate::generated as corpus;

const ARTICLES: usize = 120;

/// The `href`s of the elements with `class` in `html`, in order.
fn hrefs<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    let marker = format!("class=\"{class}\" href=\"");
    html.match_indices(&marker)
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The section of a list page showing the `articles` or `codes` list, if any.
fn section<'a>(html: &'a str, list: &str) -> Option<&'a str> {
    let start = html.find(&format!(
        "<section class=\"home-section\" aria-labelledby=\"{list}\">"
    ))?;
    let end = start + html[start..].find("</section>")?;
    Some(&html[start..end])
}

/// The items a list section links to: card titles for articles, the code column for codes.
fn items<'a>(section: &'a str, list: &str) -> Vec<&'a str> {
    match list {
        "articles" => section
            .split("<h3 class=\"card-title\"><a href=\"")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect(),
        _ => hrefs(section, "code-link"),
    }
}

/// Resolves `href` (relative to the page at `dir`) to a path under the output.
fn resolve(dir: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap();
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    format!("{}/", parts.join("/"))
}

#[test]
fn long_lists_are_split_into_linked_pages() {
    let project = BuildTest::empty();
    corpus::generate(project.root(), ARTICLES, corpus::Codes::Unique).expect("generate the corpus");
    for name in ["locales", "templates"] {
        crate::harness::copy_dir(
            &crate::harness::repo_root().join(name),
            &project.root().join(name),
        );
    }
    let build = project.build().check_status(0);
    let codes = ARTICLES * corpus::CODES_PER_ARTICLE;
    let article_pages = ARTICLES.div_ceil(ARTICLES_PER_PAGE);
    let code_pages = codes.div_ceil(CODES_PER_PAGE);
    assert_eq!(
        (article_pages, code_pages),
        (3, 4),
        "the corpus must need pages"
    );

    for locale in ["en", "ru-RU", "sv-SE"] {
        for (list, total, pages, per) in [
            ("articles", ARTICLES, article_pages, ARTICLES_PER_PAGE),
            ("codes", codes, code_pages, CODES_PER_PAGE),
        ] {
            let mut seen: BTreeMap<String, usize> = BTreeMap::new();
            // Follow the "next" links from the home page.
            let mut dir = format!("{locale}/");
            for n in 1..=pages {
                let html = build.read(&format!("{dir}index.html"));
                let other = if list == "articles" {
                    "codes"
                } else {
                    "articles"
                };
                assert_eq!(
                    section(&html, other).is_some(),
                    n == 1,
                    "{dir}: {other} too"
                );
                let section = section(&html, list).unwrap_or_else(|| panic!("{dir}: no {list}"));
                let listed = items(section, list);
                assert_eq!(
                    listed.len(),
                    per.min(total - (n - 1) * per),
                    "{dir}: page {n}"
                );
                for href in listed {
                    *seen.entry(resolve(&dir, href)).or_default() += 1;
                }
                let status = ["1 ", "2 ", "3 ", "4 "][n - 1];
                let pager = &section[section.find("class=\"list-pager\"").expect("pager")..];
                assert!(pager.contains(status), "{dir}: pager status");
                let links = hrefs(pager, "list-pager-link");
                assert_eq!(
                    links.len(),
                    usize::from(n > 1) + usize::from(n < pages),
                    "{dir}"
                );
                if n < pages {
                    let target = resolve(&dir, links.last().unwrap());
                    let expected = match list {
                        "articles" => format!("{locale}/page/{}/", n + 1),
                        _ => format!("{locale}/codes/page/{}/", n + 1),
                    };
                    assert_eq!(target, expected, "{dir}: next");
                    // The next page links back here (page 1 of the codes is the home page).
                    let next_html = build.read(&format!("{target}index.html"));
                    let next_section = super::lists::section(&next_html, list).unwrap();
                    let back = hrefs(next_section, "list-pager-link")[0];
                    assert_eq!(resolve(&target, back), dir, "{target}: prev");
                    dir = target;
                }
            }
            assert_eq!(
                seen.len(),
                total,
                "{locale}: every one of the {list} listed"
            );
            assert!(
                seen.values().all(|&n| n == 1),
                "{locale}: {list} listed once"
            );
            for target in seen.keys() {
                build.read(&format!("{target}index.html"));
            }
        }
        // No page past the last; page 1 is the home page.
        let root = build.out();
        assert!(!root
            .join(format!("{locale}/page/{}", article_pages + 1))
            .exists());
        assert!(!root.join(format!("{locale}/page/1")).exists());
        assert!(!root
            .join(format!("{locale}/codes/page/{}", code_pages + 1))
            .exists());
    }
    // A listing page names its page in the title, in the page's language.
    let ru = build.read("ru-RU/codes/page/2/index.html");
    assert!(
        ru.contains("<title>Коды ошибок · Страница 2 из 4"),
        "{}",
        &ru[..600]
    );
}

#[test]
fn a_short_site_has_no_pagers() {
    BuildTest::from_repo_content()
        .build()
        .check_status(0)
        .check_main("ru-RU/index.html", |main| {
            assert!(!main.contains("list-pager"), "{main}");
        });
}
