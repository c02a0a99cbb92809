//! Every page carries a Content-Security-Policy `<meta>` that forbids inline script, and the
//! browser enforces it: an inline `<script>` or event handler added to the page does not run.

use crate::harness::LOCALES;
use crate::session::Session;

/// The policy for scripts: `script-src`, else `default-src`.
fn script_policy(csp: &str) -> Option<String> {
    let directives: Vec<(&str, &str)> = csp
        .split(';')
        .filter_map(|d| {
            let d = d.trim();
            let (name, value) = d.split_once(char::is_whitespace).unwrap_or((d, ""));
            (!name.is_empty()).then_some((name, value.trim()))
        })
        .collect();
    let find = |n: &str| {
        directives
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.to_string())
    };
    find("script-src").or_else(|| find("default-src"))
}

#[test]
fn pages_forbid_inline_script() {
    let session = Session::seeds();
    let Session { browser, site, .. } = &session;
    let mut failures = Vec::new();
    for page in site.pages() {
        let url = session.open(page.trim_end_matches("index.html"));
        let csp = browser.js(
            "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\" i]'); \
             return m ? m.getAttribute('content') : null;",
            vec![],
        );
        match csp.as_str().map(script_policy) {
            None => failures.push(format!("{url}: no Content-Security-Policy meta tag")),
            Some(None) => failures.push(format!("{url}: no script-src or default-src in {csp}")),
            Some(Some(policy)) => {
                let lower = policy.to_ascii_lowercase();
                if lower.contains("'unsafe-inline'")
                    || lower.split_whitespace().any(|s| s == "*" || s == "data:")
                {
                    failures.push(format!(
                        "{url}: script policy allows inline script: {policy}"
                    ));
                }
            }
        }
        browser.assert_console_clean(&url);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The browser enforces it. (WebDriver's own scripts run through DevTools, outside CSP.)
    for locale in LOCALES {
        let url = session.open(&format!("{locale}/"));
        let ran = browser.js(
            "const s = document.createElement('script'); \
             s.textContent = 'window.__inline = 1;'; \
             document.head.appendChild(s); \
             const d = document.createElement('div'); \
             d.setAttribute('onclick', 'window.__inline = 2;'); \
             document.body.appendChild(d); d.click(); d.remove(); \
             return typeof window.__inline;",
            vec![],
        );
        assert_eq!(ran.as_str(), Some("undefined"), "{url}: inline script ran");
        let errors = browser.console_errors();
        assert!(
            !errors.is_empty()
                && errors
                    .iter()
                    .all(|e| e.message.contains("Content Security Policy")),
            "{url}: want only the two CSP violations in the console, got {errors:?}"
        );
    }
}
