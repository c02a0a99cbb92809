//! The search box by keyboard: `/` focuses it, ↓/↑ move the selection (`aria-selected`),
//! Enter follows the selected result, Esc clears the box and the results.

use fantoccini::key::Key;

use crate::harness::{Browser, Results};
use crate::session::Session;

fn key(k: Key) -> char {
    k.chars().next().expect("a key code")
}

fn selected(results: &Results) -> Vec<usize> {
    results
        .hits
        .iter()
        .enumerate()
        .filter(|(_, h)| h.selected)
        .map(|(i, _)| i)
        .collect()
}

fn wait_selected(browser: &Browser, want: usize) {
    browser.wait_for(
        &format!("result {want} to be the only one with aria-selected=\"true\""),
        |b| {
            let r = b.results_now()?;
            (selected(&r) == [want]).then_some(())
        },
        |b| {
            b.results_now()
                .map(|r| format!("selected {:?}; {}", selected(&r), r.describe()))
                .unwrap_or_else(|| "no #search-results".into())
        },
    );
}

fn focused_id(browser: &Browser) -> String {
    browser
        .js(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .as_str()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn keyboard_drives_the_search_box() {
    let session = Session::seeds();
    let Session { browser, .. } = &session;
    let page = session.open("ru-RU/mail-flow-intelligence-in-eop/");

    // `/` from the page focuses the box, and is not typed into it.
    assert_ne!(focused_id(browser), "search-input");
    browser.press('/');
    assert_eq!(focused_id(browser), "search-input", "/ focuses the box");
    let value = browser.js(
        "return document.getElementById('search-input').value;",
        vec![],
    );
    assert_eq!(value.as_str(), Some(""), "/ is not typed into the box");

    // Typing goes to the box; ↓ ↓ ↑ move the selection.
    browser.press_keys("4.4.31");
    let results = browser.wait_results("4.4.31");
    assert!(results.hits.len() >= 2, "{}", results.describe());
    browser.press(key(Key::Down));
    wait_selected(browser, 0);
    browser.press(key(Key::Down));
    wait_selected(browser, 1);
    browser.press(key(Key::Up));
    wait_selected(browser, 0);
    assert_eq!(
        focused_id(browser),
        "search-input",
        "the focus stays in the box"
    );

    // Enter follows the selected result.
    let target = browser.results_now().expect("results").hits[0].url.clone();
    browser.press(key(Key::Enter));
    browser.wait_for(
        &format!("Enter to open {target}"),
        |b| (b.current_url() == target).then_some(()),
        |b| b.current_url(),
    );
    browser.assert_console_clean(&target);

    // Esc clears the box and the results.
    browser.goto(&page);
    browser.press('/');
    browser.press_keys("4.4.316");
    let results = browser.wait_results("4.4.316");
    assert!(!results.hits.is_empty(), "{}", results.describe());
    browser.press(key(Key::Escape));
    browser.wait_for(
        "Esc to clear the box and the results",
        |b| {
            let v = b.js(
                "const r = document.getElementById('search-results'); \
                 return document.getElementById('search-input').value === '' && \
                        (!r || r.querySelectorAll('a').length === 0);",
                vec![],
            );
            v.as_bool().unwrap_or(false).then_some(())
        },
        |b| {
            b.results_now()
                .map(|r| r.describe())
                .unwrap_or_else(|| "no #search-results".into())
        },
    );
    browser.assert_console_clean(&page);
}
