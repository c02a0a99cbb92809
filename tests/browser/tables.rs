//! Markdown tables with aligned columns under the site's Content-Security-Policy
//! (`style-src 'self'`): no violation or other console error, every cell aligned as its
//! column says (classes, not `style` attributes the policy blocks), and each table drawn
//! once, on a desktop and on a 390px-wide phone: its wrapper frames it and keeps the space
//! after it, the table fills the wrapper with no frame or empty strip of its own, and a table
//! too wide for the page scrolls inside its wrapper while the page itself does not.

use serde_json::Value;

use crate::session::{Session, DESKTOP, PHONE};

/// The layout of the page's Markdown tables.
const LAYOUT: &str = r#"
const px = (v) => parseFloat(v) || 0;
const wraps = [...document.querySelectorAll('main .table-wrap')].map((wrap) => {
  const table = wrap.querySelector('table');
  const w = getComputedStyle(wrap), t = getComputedStyle(table);
  return {
    tableBorder: px(t.borderTopWidth) + px(t.borderLeftWidth),
    // The table fills the wrapper: no strip on the right or at the bottom.
    strip: Math.max(0, wrap.clientWidth - table.offsetWidth) + (wrap.clientHeight - table.offsetHeight),
    spaceAfter: px(w.marginBottom),
    scrolls: wrap.scrollWidth > wrap.clientWidth,
  };
});
const row = document.querySelector('main .table-wrap tbody tr');
return {
  width: window.innerWidth,
  pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  styled: document.querySelectorAll('main [style]').length,
  aligns: [...row.children].map((c) => getComputedStyle(c).textAlign),
  heads: [...document.querySelector('main .table-wrap thead tr').children].map((c) => getComputedStyle(c).textAlign),
  wraps,
};
"#;

#[test]
fn aligned_tables_obey_the_policy_and_fit_desktops_and_phones() {
    let session = Session::fixture("markdown-blocks");
    let Session { browser, .. } = &session;
    let mut failures = Vec::new();
    for size @ (width, _) in [DESKTOP, PHONE] {
        for locale in ["ru-RU", "en"] {
            let url = session.open_at(&format!("{locale}/blocks/"), size);
            browser.assert_console_clean(&url);
            let got = browser.js(LAYOUT, vec![]);
            let at = format!("{url} at {width}px");
            let mut fail = |what: &str| failures.push(format!("{at}: {what}: {got}"));
            let aligns = ["left", "start", "center", "right"].map(Value::from);
            if got["aligns"].as_array().map(Vec::as_slice) != Some(&aligns[..]) {
                fail("body cells not aligned left, start, center, right");
            }
            if got["heads"].as_array().map(Vec::as_slice) != Some(&aligns[..]) {
                fail("head cells not aligned left, start, center, right");
            }
            if got["styled"] != 0 {
                fail("elements with a style attribute");
            }
            if got["pageOverflow"].as_f64().is_none_or(|o| o > 0.0) {
                fail("the page scrolls sideways");
            }
            let wraps = got["wraps"].as_array().cloned().unwrap_or_default();
            if wraps.len() != 2 {
                fail("want two tables");
            }
            for wrap in &wraps {
                if wrap["tableBorder"] != 0.0 {
                    fail("the table has a frame of its own inside its wrapper's");
                }
                if wrap["strip"].as_f64().is_none_or(|s| s > 0.5) {
                    fail("an empty strip between the table and its wrapper");
                }
                if wrap["spaceAfter"].as_f64().is_none_or(|s| s < 8.0) {
                    fail("no space after the table");
                }
            }
            if width < 400 && wraps.get(1).is_some_and(|w| w["scrolls"] != true) {
                fail("the wide table does not scroll inside its wrapper on a phone");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
