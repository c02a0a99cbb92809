//! A query that matches nothing shows `.search-empty` with a message in the page's language
//! and no result links, in the box of every locale and on every locale's search page.

use std::collections::BTreeMap;

use crate::harness::LOCALES;
use crate::session::Session;

/// Matches nothing in any locale.
const NOTHING: &str = "zqxjvkw";

#[test]
fn nothing_found_is_said_in_each_language() {
    let session = Session::seeds();
    let Session {
        browser, server, ..
    } = &session;
    let mut messages = BTreeMap::new();
    for locale in LOCALES {
        for url in [
            server.url(&format!("{locale}/")),
            server.url(&format!("{locale}/search/?q={NOTHING}")),
        ] {
            browser.goto(&url);
            let results = if url.contains("?q=") {
                browser.wait_results(NOTHING)
            } else {
                browser.search(NOTHING)
            };
            assert!(
                results.hits.is_empty(),
                "{url}: {NOTHING:?} found something: {}",
                results.describe()
            );
            let message = results
                .empty
                .clone()
                .unwrap_or_else(|| panic!("{url}: no .search-empty: {}", results.describe()));
            let message = message.replace(NOTHING, "").trim().to_owned();
            assert!(
                message.chars().any(char::is_alphabetic),
                "{url}: empty message {message:?}"
            );
            messages.entry(locale).or_insert(message);
            browser.assert_console_clean(&url);
        }
    }
    let ru = &messages["ru-RU"];
    let letters: Vec<char> = ru.chars().filter(|c| c.is_alphabetic()).collect();
    assert!(
        letters
            .iter()
            .all(|c| ('\u{0400}'..='\u{04FF}').contains(c)),
        "the Russian message is not all Cyrillic: {ru:?}"
    );
    assert_ne!(
        messages["sv-SE"], messages["en"],
        "sv-SE says it in English"
    );
    assert_ne!(
        messages["ru-RU"], messages["en"],
        "ru-RU says it in English"
    );
}
