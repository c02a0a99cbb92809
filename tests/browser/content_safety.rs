//! Index content can never run script: a project whose titles, headings, code titles and
//! text carry `<script>`, `<img onerror>` and `javascript:` payloads (the `unsafe-content`
//! fixture, plus an article whose payloads set `window.__xss`) is built and searched; results
//! render as text, nothing planted runs (an `alert` would also fail the WebDriver session),
//! and no markup from content appears inside `#search-results`.

use crate::harness::{copy_dir, repo_root, Site};
use crate::session::Session;

const XSS_ARTICLE: &str = r#"---
title: <img src=x onerror="window.__xss=1"> Rubrik zebraxss
description: <script>window.__xss=2</script> beskrivning zebraxss
ms.translationtype: MT
---
# <span data-ttu-id="1"><img src=x onerror="window.__xss=3"> Zebraxss rubrik</span><span class="sxs-lookup"><span data-stu-id="1"><img src=x onerror="window.__xss=4"> Zebraxss heading</span></span>

## <span data-ttu-id="2">Felkod: 450 4.4.316 <img src=x onerror="window.__xss=5"> zebraxss nekad</span><span class="sxs-lookup"><span data-stu-id="2">Error code: 450 4.4.316 <img src=x onerror="window.__xss=6"> zebraxss refused</span></span>

<span data-ttu-id="3">Text <script>window.__xss=7</script> zebraxss <svg onload="window.__xss=8"></svg>.</span><span class="sxs-lookup"><span data-stu-id="3">Text <script>window.__xss=7</script> zebraxss <svg onload="window.__xss=8"></svg>.</span></span>

- <span data-ttu-id="4">Orsak <iframe src="javascript:window.__xss=9"></iframe> zebraxss.</span><span class="sxs-lookup"><span data-stu-id="4">Cause <iframe src="javascript:window.__xss=9"></iframe> zebraxss.</span></span>
"#;

/// Markup that must never come from content into the results.
const FORBIDDEN: &str = "script, img, iframe, object, embed, style, form, base, frame";

#[test]
fn results_from_hostile_content_are_text() {
    let project = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &repo_root().join("tests/fixtures/unsafe-content"),
        project.path(),
    );
    let xss = project.path().join("content/sv-SE/xss.md");
    std::fs::write(&xss, XSS_ARTICLE).expect("write xss.md");
    let session = Session::serve(Site::build(project.path(), None));
    let Session {
        browser,
        server,
        site,
    } = &session;

    for locale in ["sv-SE", "en"] {
        let home = session.open(&format!("{locale}/"));
        for query in [
            "zebraxss",
            "4.4.316",
            "4.4.312",
            "rubrik",
            "alert",
            "script",
            "img onerror",
        ] {
            let results = browser.search(query);
            if ["zebraxss", "4.4.316", "4.4.312"].contains(&query) {
                assert!(
                    !results.hits.is_empty(),
                    "{home} {query:?}: want results to look at: {}",
                    results.describe()
                );
            }
            let planted = browser.js(
                "const r = document.getElementById('search-results'); \
                 const bad = Array.from(r.querySelectorAll(arguments[0])).map((e) => e.outerHTML); \
                 for (const e of r.querySelectorAll('*')) { \
                   for (const a of e.attributes) { \
                     if (a.name.startsWith('on')) bad.push(e.outerHTML); \
                     if (/^\\s*javascript:/i.test(a.value)) bad.push(e.outerHTML); \
                   } \
                 } \
                 return bad;",
                vec![serde_json::json!(FORBIDDEN)],
            );
            assert_eq!(
                planted.as_array().map(Vec::len),
                Some(0),
                "{home} {query:?}: markup from content in the results: {planted}"
            );
            browser.assert_no_xss(&format!("{home} after {query:?}"));
        }
        browser.assert_console_clean(&home);
        // The search page with the payload itself in the URL.
        let url = server.url(&format!(
            "{locale}/search/?q=%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E"
        ));
        browser.goto(&url);
        browser.wait_results("<img src=x onerror=\"window.__xss=1\">");
        browser.assert_no_xss(&url);
        browser.assert_console_clean(&url);
    }

    // And every page of that site.
    for page in site.pages() {
        let url = session.open(page.trim_end_matches("index.html"));
        browser.assert_no_xss(&url);
        browser.assert_console_clean(&url);
    }
}
