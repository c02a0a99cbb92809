//! The bilingual view: on a translated page each sentence's English original shows on hover
//! (its `title`) and, with the toggle on, after the sentence, without loading another page.

use serde_json::json;

use crate::harness::Browser;
use crate::session::Session;

#[test]
fn the_toggle_shows_each_sentence_in_english() {
    let session = Session::seeds();
    let Session { browser, .. } = &session;
    let url = session.open("ru-RU/mail-flow-intelligence-in-eop/");
    let after = |b: &Browser| {
        b.js(
            "const s = document.querySelector('main .seg:not(.fallback)');
             return [getComputedStyle(s, '::after').content, s.title, s.textContent];",
            vec![],
        )
    };
    let before = after(browser);
    assert_eq!(
        before[0],
        json!("none"),
        "no English before the toggle: {before}"
    );
    let english = before[1].as_str().unwrap().to_owned();
    assert!(
        english.starts_with("In Microsoft 365 organizations"),
        "{english}"
    );
    assert!(before[2]
        .as_str()
        .unwrap()
        .starts_with("В организациях Microsoft 365"));

    browser.js("document.getElementById('show-english').click();", vec![]);
    let shown = after(browser);
    let content = shown[0].as_str().unwrap();
    assert!(
        content.contains(&english),
        "the English follows the sentence: {content}"
    );
    assert_eq!(browser.current_url(), url, "no page load");

    // Untranslated sentences are marked English.
    let fallback = browser.js(
        "const s = document.querySelector('main .seg.fallback'); return [s.lang, s.textContent];",
        vec![],
    );
    assert_eq!(fallback, json!(["en", "Applies to"]));
}
