//! Raw HTML in content cannot run script: the `xss` fixture (payloads inside and outside span
//! pairs, in frontmatter titles and descriptions, tables, callouts, includes, raw and Markdown
//! links and images, SVG, MathML, frames, forms, `<base>`, `<meta refresh>`, entity-obfuscated
//! URLs) is built, and every HTML page of every locale is loaded in headless Chromium. After
//! the load event (and a moment for `ontoggle`, `onfocus` and the like), no payload may have
//! set `window.__xss` or opened a dialog, and the DOM may hold no handler attribute, script
//! URL or active element that came from content.
//!
//! The site is checked twice: as built, and with the Content-Security-Policy `<meta>` taken
//! out of `base.html`, so the sanitizer alone is shown to stop every payload (with the policy,
//! a payload that got through would also show up as a CSP violation in the console).

use std::path::Path;

use crate::harness::{copy_dir, repo_root, Browser, Site, LOCALES};
use crate::server::Server;

/// Waits two timer turns and a frame after the load event, then reports `window.__xss` and
/// what in the DOM could run script.
const INSPECT: &str = r#"
const own = (e) =>
  (e.tagName === 'SCRIPT' && /static\/search\.js$/.test(e.getAttribute('src') || '')) ||
  (e.tagName === 'LINK' && e.getAttribute('rel') === 'icon' && e.getAttribute('href') === 'data:,') ||
  (e.tagName === 'META' && /^content-security-policy$/i.test(e.httpEquiv || ''));
const short = (e) => e.outerHTML.slice(0, 160);
const inspect = () => {
  const bad = [];
  for (const e of document.querySelectorAll('*')) {
    if (own(e)) continue;
    for (const a of e.attributes) {
      if (/^on/i.test(a.name) || a.name === 'style' || a.name === 'srcdoc') bad.push(`${a.name}: ${short(e)}`);
      const url = a.value.replace(/[\u0000-\u0020]/g, '');
      if (/^(javascript|vbscript|data):/i.test(url)) bad.push(`${a.name} URL: ${short(e)}`);
    }
  }
  for (const e of document.querySelectorAll('script, iframe, frame, object, embed, base, style, meta[http-equiv]')) {
    if (!own(e)) bad.push(`element: ${short(e)}`);
  }
  const main = document.querySelector('main');
  for (const e of main.querySelectorAll('svg, math, form, button, video, audio, source, marquee, link, meta, template')) {
    bad.push(`in <main>: ${short(e)}`);
  }
  return { xss: window.__xss === undefined ? null : String(window.__xss), bad };
};
return new Promise((resolve) =>
  setTimeout(() => requestAnimationFrame(() => setTimeout(() => resolve(inspect()), 20)), 0));
"#;

/// A copy of the `xss` fixture; without the CSP `<meta>` when `csp` is false.
fn project(dir: &Path, csp: bool) {
    copy_dir(&repo_root().join("tests/fixtures/xss"), dir);
    if !csp {
        crate::harness::without_csp(dir);
    }
}

#[test]
fn no_script_from_content_runs_on_any_page() {
    let browser = Browser::start();
    for csp in [false, true] {
        let label = if csp { "with CSP" } else { "without CSP" };
        let tmp = tempfile::tempdir().expect("temp dir");
        project(tmp.path(), csp);
        let site = Site::build(tmp.path(), None);
        let pages = site.pages();
        for locale in LOCALES {
            for page in ["payloads/", "other/", "codes/5.7.1/"] {
                let path = format!("{locale}/{page}index.html");
                assert!(pages.contains(&path), "no {path} in {pages:?}");
            }
        }
        let server = Server::serve(site.dir());
        let mut failures = Vec::new();
        for page in &pages {
            let url = server.url(page.trim_end_matches("index.html"));
            let context = format!("{url} ({label})");
            browser.goto(&url);
            // chromedriver dismisses an open dialog and fails the command ("unexpected alert
            // open"): each one is a failure, then the page is inspected again.
            let mut dialogs = 0;
            let seen = loop {
                match browser.try_js(INSPECT, vec![]) {
                    Ok(seen) => break seen,
                    Err(e) if e.is_unexpected_alert_open() && dialogs < 20 => {
                        dialogs += 1;
                        failures.push(format!("{context}: a dialog opened: {e}"));
                    }
                    Err(e) => panic!("inspect {context}: {e}"),
                }
            };
            browser.assert_no_dialog(&context);
            if let Some(xss) = seen["xss"].as_str() {
                failures.push(format!(
                    "{context}: window.__xss = {xss:?}: script from content ran"
                ));
            }
            for bad in seen["bad"].as_array().into_iter().flatten() {
                failures.push(format!("{context}: {}", bad.as_str().unwrap_or_default()));
            }
            for e in browser.console_errors() {
                failures.push(format!(
                    "{context}: console {} {}: {}",
                    e.level, e.source, e.message
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));

        // What is kept works: formatting, and a raw image resolved to the copied media file.
        browser.goto(&server.url("sv-SE/payloads/"));
        let kept = browser.js(
            "const p = document.querySelector('main .prose'); \
             const img = p.querySelector('img[alt=\"ok\"]'); \
             return { kbd: p.querySelectorAll('kbd').length, sup: p.querySelectorAll('sup').length, \
                      b: p.querySelectorAll('b').length, img: img ? img.naturalWidth : null };",
            vec![],
        );
        assert!(kept["kbd"].as_u64() >= Some(3), "{label}: {kept}");
        assert!(kept["sup"].as_u64() >= Some(2), "{label}: {kept}");
        assert!(kept["b"].as_u64() >= Some(2), "{label}: {kept}");
        assert_eq!(
            kept["img"].as_u64(),
            Some(1),
            "{label}: the raw <img> did not load"
        );
        browser.assert_console_clean(label);
    }
}
