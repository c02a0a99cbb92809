//! The site opened from disk (`file://`): pages load cleanly, the search page renders `?q=`
//! and the search box works, without a server.

use crate::harness::{Browser, Site, LOCALES};
use crate::queries::{check, check_links, Expect};

#[test]
fn pages_open_from_disk() {
    let site = Site::seeds();
    let browser = Browser::start();
    for locale in LOCALES {
        for rel in [
            format!("{locale}/index.html"),
            format!("{locale}/codes/4.4.316/index.html"),
            format!("{locale}/mail-flow-intelligence-in-eop/index.html"),
        ] {
            let url = site.file_url(&rel);
            browser.goto(&url);
            let title = browser.js("return document.title;", vec![]);
            assert!(
                title.as_str().is_some_and(|t| !t.is_empty()),
                "{url}: no title"
            );
            browser.assert_console_clean(&url);
            browser.assert_no_xss(&url);
        }
    }
}

#[test]
fn search_works_from_disk() {
    let site = Site::seeds();
    let browser = Browser::start();
    let base = site.file_url("");
    let mut failures = Vec::new();

    let url = site.file_url("ru-RU/search/index.html?q=4.4.316");
    browser.goto(&url);
    let results = browser.wait_results("4.4.316");
    failures.extend(check(Expect::First("4.4.316"), &results).map(|p| format!("{url}: {p}")));
    failures.extend(check_links(&site, &base, "ru-RU", &results));
    browser.assert_console_clean(&url);

    let url = site.file_url("sv-SE/codes/4.4.312/index.html");
    browser.goto(&url);
    let results = browser.search("certifikat");
    failures.extend(check(Expect::First("4.7.320"), &results).map(|p| format!("{url}: {p}")));
    failures.extend(check_links(&site, &base, "sv-SE", &results));
    browser.assert_console_clean(&url);

    let url = site.file_url("en/index.html");
    browser.goto(&url);
    let results = browser.search("450 4.4.316");
    failures.extend(check(Expect::First("4.4.316"), &results).map(|p| format!("{url}: {p}")));
    failures.extend(check_links(&site, &base, "en", &results));
    browser.assert_console_clean(&url);

    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
