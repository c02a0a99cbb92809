//! Every page of every locale has the search box in its header: `<input id="search-input"
//! type="search">` inside `<form role="search">` whose action is the locale's search page,
//! and a `#search-results` element. (The language chooser at the root, which belongs to no
//! locale, is not searched from.)

use crate::harness::LOCALES;
use crate::session::Session;

#[test]
fn every_page_has_the_search_box() {
    let session = Session::seeds();
    let Session {
        browser,
        server,
        site,
    } = &session;
    let mut failures = Vec::new();
    let mut count = 0;
    for page in site.pages() {
        let Some(locale) = LOCALES.iter().find(|l| page.starts_with(&format!("{l}/"))) else {
            continue;
        };
        count += 1;
        let url = session.open(page.trim_end_matches("index.html"));
        let found = browser.js(
            "const form = document.querySelector('header form[role=search]'); \
             const input = form && form.querySelector('input#search-input'); \
             return { form: !!form, input: !!input, \
                      type: input ? input.getAttribute('type') : null, \
                      action: form ? form.action : null, \
                      results: !!document.getElementById('search-results') };",
            vec![],
        );
        let want_action = server.url(&format!("{locale}/search/"));
        let ok = found["form"].as_bool() == Some(true)
            && found["input"].as_bool() == Some(true)
            && found["type"].as_str() == Some("search")
            && found["action"].as_str() == Some(want_action.as_str())
            && found["results"].as_bool() == Some(true);
        if !ok {
            failures.push(format!("{url}: {found} (want action {want_action})"));
        }
        browser.assert_console_clean(&url);
    }
    // A lower bound: 27 of the seed site's pages are under a locale today
    // (`find site/*/ -name index.html | wc -l`).
    assert!(count >= 24, "only {count} locale pages");
    assert!(
        failures.is_empty(),
        "pages without the search box:\n{}",
        failures.join("\n")
    );
}
