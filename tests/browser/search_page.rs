//! `<locale>/search/?q=…` renders the results of `q` into the page's `#search-results`:
//! percent-encoded Cyrillic and Swedish, `+` for a space, in every locale.

use crate::queries::{check, check_links, Expect};
use crate::session::Session;

/// (locale, `q` as in the URL, `q` decoded, expectation).
#[rustfmt::skip]
const CASES: &[(&str, &str, &str, Expect)] = &[
    ("en",    "4.4.316",                                                "4.4.316",     Expect::First("4.4.316")),
    ("en",    "connection+refused",                                     "connection refused", Expect::First("4.4.316")),
    ("ru-RU", "%D1%81%D0%B5%D1%80%D1%82%D0%B8%D1%84%D0%B8%D0%BA%D0%B0%D1%82", "сертификат", Expect::First("4.7.320")),
    ("ru-RU", "450-4-4-316",                                            "450-4-4-316", Expect::First("4.4.316")),
    ("sv-SE", "450+4.4.316",                                            "450 4.4.316", Expect::First("4.4.316")),
    ("sv-SE", "dns%20fr%C3%A5gan",                                      "dns frågan",  Expect::First("4.4.312")),
];

#[test]
fn search_page_renders_the_query_in_the_url() {
    let session = Session::seeds();
    let Session {
        browser,
        server,
        site,
    } = &session;
    let mut failures = Vec::new();
    for &(locale, encoded, query, expect) in CASES {
        let url = session.open(&format!("{locale}/search/?q={encoded}"));
        let results = browser.wait_results(query);
        if let Some(problem) = check(expect, &results) {
            failures.push(format!("{url}: {problem}"));
        }
        for problem in check_links(site, &server.url(""), locale, &results) {
            failures.push(format!("{url}: {problem}"));
        }
        browser.assert_console_clean(&url);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
