//! Every page of the seed site, served over HTTP, loads without console errors, without a
//! failed request (everything it fetches is there) and without running script from content.

use crate::harness::LOCALES;
use crate::session::Session;

#[test]
fn every_page_loads_cleanly() {
    let session = Session::seeds();
    let Session {
        browser,
        server,
        site,
    } = &session;
    let pages = site.pages();
    // A lower bound: the seed site has 28 pages today (`find site -name index.html | wc -l`).
    assert!(pages.len() >= 25, "the seed site has {} pages", pages.len());
    for page in &pages {
        let url = session.open(page.trim_end_matches("index.html"));
        browser.assert_console_clean(&url);
        browser.assert_no_xss(&url);
        let lang = browser.js("return document.documentElement.lang;", vec![]);
        let want = LOCALES
            .iter()
            .find(|l| page.starts_with(&format!("{l}/")))
            .copied();
        if let Some(want) = want {
            assert_eq!(lang.as_str(), Some(want), "<html lang> of {page}");
        }
    }
    let failed: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.status != 200 && r.path != "/favicon.ico")
        .map(|r| format!("{} {}", r.status, r.path))
        .collect();
    assert!(failed.is_empty(), "failed requests: {failed:?}");
}
