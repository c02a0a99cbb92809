//! File names, folder names and media are data too: a project whose articles are named
//! `javascript:…`, `a#b?c` or `%2e%2e`, in a folder named `javascript:…`, beside an SVG with
//! script, an HTML page and a script file, is built and served. Every link on the home page
//! and in search results is followed, with and without the Content-Security-Policy: each
//! leads to a page of the site, no script from content runs, and the active files were never
//! published.

use crate::harness::{copy_dir, repo_root, Browser, Site};
use crate::server::Server;

/// Article paths under `content/sv-SE/` whose names attack URLs.
const NAMES: &[&str] = &[
    "javascript:window.__xss=1%2F%2F.md",
    "a#b?c=d.md",
    "%2e%2e.md",
    "javascript:window.__xss=2/x.md",
    " spaced name .md",
];

/// Active files that must not be published.
const ACTIVE: &[(&str, &str)] = &[
    (
        "evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>window.__xss=10</script></svg>",
    ),
    ("page.html", "<script>window.__xss=11</script>"),
    ("search/meta.js", "window.__xss=12"),
];

fn article(n: usize) -> String {
    format!(
        "---\ntitle: Hostile {n}\n---\n# <span data-ttu-id=\"1\">Quokkaname rubrik {n}</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Quokkaname heading {n}</span></span>\n\n<span data-ttu-id=\"2\">Text om quokkaname.</span><span class=\"sxs-lookup\"><span data-stu-id=\"2\">Text about quokkaname.</span></span>\n"
    )
}

/// A copy of the `unsafe-content` fixture with the hostile names and files; without the CSP
/// `<meta>` when `csp` is false.
fn project(dir: &std::path::Path, csp: bool) {
    copy_dir(&repo_root().join("tests/fixtures/unsafe-content"), dir);
    let locale = dir.join("content/sv-SE");
    for (n, name) in NAMES.iter().enumerate() {
        let path = locale.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, article(n)).unwrap();
    }
    for (name, text) in ACTIVE {
        let path = locale.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if !csp {
        crate::harness::without_csp(dir);
    }
}

#[test]
fn hostile_names_and_media_never_run_script() {
    let browser = Browser::start();
    for csp in [false, true] {
        let label = if csp { "with CSP" } else { "without CSP" };
        let tmp = tempfile::tempdir().expect("temp dir");
        project(tmp.path(), csp);
        let site = Site::build(tmp.path(), None);
        for (name, planted) in ACTIVE {
            // `search/meta.js` is kbsite's own: it must be that one.
            let published = std::fs::read_to_string(site.dir().join("sv-SE").join(name));
            assert!(
                published.map_or(true, |p| p != *planted),
                "{label}: the planted {name} was published"
            );
        }
        let server = Server::serve(site.dir());
        let origin = server.origin();
        // Every link of the home page's article list, and the first results of a search.
        browser.goto(&server.url("sv-SE/"));
        let mut links: Vec<String> = browser
            .js(
                "return [...document.querySelectorAll('main a[href]')].map(a => a.href);",
                vec![],
            )
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        let results = browser.search("quokkaname");
        assert!(
            results.hits.len() >= NAMES.len(),
            "{label}: {}",
            results.describe()
        );
        links.extend(results.hits.iter().map(|h| h.url.clone()));
        let hostile = links
            .iter()
            .filter(|l| l.contains("xss") || l.contains("%25") || l.contains("%23"))
            .count();
        assert!(
            hostile >= 4,
            "{label}: the hostile articles are not linked: {links:?}"
        );
        for link in &links {
            assert!(link.starts_with(&origin), "{label}: {link} leaves the site");
            browser.goto(link);
            browser.assert_no_dialog(link);
            browser.assert_no_xss(link);
            let title = browser.js("return document.querySelector('main h1') ? document.querySelector('main h1').textContent : null;", vec![]);
            assert!(
                title.is_string(),
                "{label}: {link} is not a page of the site"
            );
        }
        // The active files are not there to open either.
        for (name, _) in ACTIVE {
            browser.goto(&server.url(&format!("sv-SE/{name}")));
            browser.assert_no_dialog(name);
            browser.assert_no_xss(name);
        }
        let _ = browser.console_errors();
    }
}
