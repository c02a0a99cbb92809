//! A site built with `--base-url /help/` and served under `/help/`: every page and
//! everything it fetches is found there, and search results lead to pages under `/help/`.

use crate::harness::{Browser, Site};
use crate::queries::{check, check_links, Expect};
use crate::server::Server;

const MOUNT: &str = "/help/";

fn failed_requests(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.status != 200 && r.path != "/favicon.ico")
        .map(|r| format!("{} {}", r.status, r.path))
        .collect()
}

#[test]
fn sub_path_pages_load() {
    let site = Site::seeds_at(MOUNT);
    let server = Server::serve_at(site.dir(), MOUNT);
    let browser = Browser::start();
    for page in site.pages() {
        let url = server.url(page.trim_end_matches("index.html"));
        browser.goto(&url);
        browser.assert_console_clean(&url);
    }
    let requests = server.requests();
    assert!(
        requests.iter().any(|r| r.path == "/help/static/style.css"),
        "the style sheet was not fetched under {MOUNT}"
    );
    let failed = failed_requests(&server);
    assert!(failed.is_empty(), "failed requests: {failed:?}");
}

#[test]
fn sub_path_search() {
    let site = Site::seeds_at(MOUNT);
    let server = Server::serve_at(site.dir(), MOUNT);
    let browser = Browser::start();
    let mut failures = Vec::new();

    let url = server.url("ru-RU/");
    browser.goto(&url);
    let results = browser.search("4.4.316");
    failures.extend(check(Expect::First("4.4.316"), &results).map(|p| format!("{url}: {p}")));
    failures.extend(check_links(&site, &server.url(""), "ru-RU", &results));
    browser.assert_console_clean(&url);
    if let Some(first) = results.first() {
        // Follow it: the page is there.
        let target = first.url.clone();
        browser.goto(&target);
        browser.assert_console_clean(&target);
    }

    let url = server.url("sv-SE/search/?q=certifikat");
    browser.goto(&url);
    let results = browser.wait_results("certifikat");
    failures.extend(check(Expect::First("4.7.320"), &results).map(|p| format!("{url}: {p}")));
    failures.extend(check_links(&site, &server.url(""), "sv-SE", &results));
    browser.assert_console_clean(&url);

    failures.extend(failed_requests(&server));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
