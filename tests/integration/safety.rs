//! Content can never inject markup or script: `<script>` inside and outside spans, event
//! handler attributes and `javascript:` links are removed (their text kept), and a `<script>`
//! frontmatter title comes out as text. The site ships no inline JavaScript, so no page may
//! contain a script tag but its own `search.js`.

use crate::harness::{fixture_dir, line_col, main_of, plain_text, tags, BuildTest};

/// Tags content must never produce (the templates use none of them either).
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "form", "base", "frame",
];
/// Attributes whose value is a URL.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
];

/// The scheme of a URL as a browser sees it: ASCII whitespace and control characters inside
/// are ignored, case does not matter.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let colon = cleaned.find(':')?;
    let s = &cleaned[..colon];
    (!s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
    .then(|| s.to_owned())
}

fn build() -> BuildTest {
    BuildTest::from_fixture("unsafe-content")
        .build()
        .check_status(0)
}

#[test]
fn no_script_handler_or_javascript_url_in_any_page() {
    let build = build();
    let pages = build.pages();
    assert!(pages.len() >= 8, "{:?}", pages.keys());
    let mut problems = Vec::new();
    for (path, html) in &pages {
        // The only script is the site's own search.js, loaded from a file (the CSP forbids
        // inline script); the only form is the search box.
        let own_script = "<script src=\"";
        let scripts = html.to_ascii_lowercase().matches("<script").count();
        let allowed = html
            .matches(own_script)
            .filter(|_| html.contains("static/search.js\" defer></script>"))
            .count();
        if scripts != 1 || allowed != 1 {
            problems.push(format!(
                "{path}: {scripts} `<script` tags, expected only search.js"
            ));
        }
        for tag in tags(html) {
            let attr = |name: &str| {
                tag.attrs
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            let ours = match tag.name.as_str() {
                "script" => attr("src").is_some_and(|s| s.ends_with("static/search.js")),
                "form" => attr("id") == Some("search-form"),
                // The empty favicon that keeps browsers from requesting /favicon.ico.
                "link" => attr("rel") == Some("icon") && attr("href") == Some("data:,"),
                _ => false,
            };
            if FORBIDDEN_TAGS.contains(&tag.name.as_str()) && !ours {
                problems.push(format!("{path}: <{}> tag", tag.name));
            }
            for (name, value) in tag.attrs.iter().filter(|_| !ours) {
                if name.starts_with("on") {
                    problems.push(format!("{path}: <{} {name}={value:?}>", tag.name));
                }
                if URL_ATTRS.contains(&name.as_str()) {
                    if let Some(s) = scheme(value) {
                        if !["http", "https", "mailto"].contains(&s.as_str()) {
                            problems.push(format!("{path}: <{} {name}={value:?}>", tag.name));
                        }
                    }
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unsafe_markup_is_removed_and_its_text_kept() {
    build()
        .check_main("sv-SE/a/index.html", |main| {
            let start = main.find("<div class=\"prose\">").unwrap();
            let prose = &main[start..start + main[start..].find("</article>").unwrap()];
            let text = plain_text(prose);
            for shown in [
                "Bild: slut.",
                "Inline text.",
                "Text med .",
                // Unsafe links keep their text.
                "Se länken och den här.",
                "Utanför och rå länk och bild och data.",
                "klick",
                "Gör så här.",
            ] {
                assert!(text.contains(shown), "{shown:?} not in:\n{text}");
            }
            for gone in ["alert(", "display: none"] {
                assert!(!text.contains(gone), "{gone:?} in:\n{text}");
            }
        })
        .check_main("en/a/index.html", |main| {
            let text = plain_text(main);
            assert!(text.contains("See the link and this one."), "{text}");
            assert!(text.contains("Image: end."), "{text}");
        })
        .check_file("sv-SE/b/index.html", |html| {
            // The frontmatter title is the page title, as text.
            let title = "<script>alert('b-title')</script> Utan rubrik";
            assert!(plain_text(main_of(html).unwrap()).contains(title), "{html}");
            let head_title = html
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap();
            assert!(plain_text(head_title).contains(title), "{head_title}");
        });
}

#[test]
fn unsafe_links_are_reported_where_they_are() {
    let file = "content/sv-SE/a.md";
    let text = std::fs::read_to_string(fixture_dir("unsafe-content").join(file)).unwrap();
    let at = |needle: &str| {
        let (line, col) = line_col(&text, text.find(needle).unwrap());
        format!("{file}:{line}:{col}")
    };
    build().check_stderr(|stderr| {
        for (scheme, at) in [
            ("javascript", at("[länken]")),
            ("JaVaScRiPt", at("[den här]")),
            ("data", at("[data]")),
        ] {
            assert!(
                stderr.contains(&format!("`{scheme}:` URL removed\n   ┌─ {at}\n")),
                "no warning for {scheme}: at {at}:\n{stderr}"
            );
        }
    });
}

#[test]
fn the_index_keeps_titles_as_data() {
    build().check_file("index.json", |json| {
        let index: serde_json::Value = serde_json::from_str(json).unwrap();
        let b = index["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == "b")
            .unwrap();
        assert_eq!(
            b["locales"]["sv-SE"]["title"],
            "<script>alert('b-title')</script> Utan rubrik"
        );
    });
}
