//! Content can never inject markup or script. Raw HTML in content goes through an allow-list:
//! `<script>` inside and outside spans, event handler attributes, `javascript:` and `data:`
//! URLs, frames, SVG and forms are removed, while formatting such as `<kbd>` and `<sup>` is
//! kept; frontmatter titles are text. The site ships no inline JavaScript, so the only script
//! tag on a page is its own `search.js`. Fixtures: `unsafe-content` and `xss` (the one the
//! browser test `raw_html` loads in Chromium).

use crate::harness::{fixture_dir, line_col, main_of, plain_text, tags, BuildTest};

/// Tags content must never produce (the templates use none of them either).
const FORBIDDEN_TAGS: &[&str] = &[
    "script", "iframe", "object", "embed", "style", "form", "base", "frame",
];
/// Tags content may not produce inside `<main>` (the page's own header has its SVG icons, the
/// `<head>` its `<meta>` and `<link>` tags).
const FORBIDDEN_IN_MAIN: &[&str] = &[
    "svg", "math", "meta", "link", "button", "textarea", "select", "video", "audio", "source",
    "marquee", "template", "frameset",
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

fn xss_build() -> BuildTest {
    BuildTest::from_fixture("xss").build().check_status(0)
}

/// Script, handlers, script URLs and active elements in the pages of `build`, one line each.
fn active_content(build: &BuildTest) -> Vec<String> {
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
                if name.starts_with("on") || name == "style" || name == "srcdoc" {
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
        let main = main_of(html).unwrap_or_else(|| panic!("{path} has no <main>"));
        for tag in tags(main) {
            if FORBIDDEN_IN_MAIN.contains(&tag.name.as_str()) {
                problems.push(format!("{path}: <{}> in <main>", tag.name));
            }
        }
    }
    problems
}

#[test]
fn no_script_handler_or_javascript_url_in_any_page() {
    let problems = active_content(&build());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_payload_of_the_xss_fixture_survives() {
    let build = xss_build();
    let pages = build.pages();
    for locale in ["en", "ru-RU", "sv-SE"] {
        for page in [
            "payloads/index.html",
            "other/index.html",
            "codes/5.7.1/index.html",
        ] {
            let path = format!("{locale}/{page}");
            assert!(pages.contains_key(&path), "no {path} in {:?}", pages.keys());
        }
    }
    let problems = active_content(&build);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // What a payload would run is never markup: at most text (English originals in
    // sentence titles) or an attribute value of a kept element.
    for (path, html) in &pages {
        for tag in tags(html) {
            for (name, value) in &tag.attrs {
                assert!(
                    !value.contains("__xss")
                        || ["data-en", "title", "content"].contains(&name.as_str()),
                    "{path}: <{} {name}={value:?}>",
                    tag.name
                );
            }
        }
    }
}

#[test]
fn safe_raw_html_is_kept() {
    xss_build()
        .check_main("sv-SE/payloads/index.html", |main| {
            for kept in [
                "<kbd>Ctrl</kbd>+<kbd>C</kbd>",
                "H<sub>2</sub>O",
                "x<sup>2</sup>",
                "<b>fet</b> och <i>kursiv</i>",
                // In a table, a callout and an include.
                "<td><b>fet</b> <sup>1</sup> </td>",
                "<kbd>Del</kbd> <details open=\"\"><summary>mer</summary>text</details>",
                "Varning <img> med <kbd>Del</kbd>.",
                "<div class=\"include\">\n<p>Inkluderad <img> text med <b>fet</b>.</p>",
                // Raw links and images are resolved like Markdown ones.
                "<img src=\"../media/ok.png\" alt=\"ok\">",
                "<a href=\"../other/\" rel=\"noopener noreferrer\">rå länk</a>",
                "<span title=\"säker\">Säker span</span>",
                "<u>u</u>, <s>s</s>, <em>em</em>, <strong>strong</strong>, <code>code</code>",
                "<a href=\"https://example.com/\" rel=\"noopener noreferrer\">extern</a>",
                "<a href=\"mailto:kb@example.com\" rel=\"noopener noreferrer\">e-post</a>",
                // Escaped markup in the Markdown stays text.
                "Entiteter &lt;script&gt;window.__xss='entity-text'&lt;/script&gt; som text.",
            ] {
                assert!(main.contains(kept), "{kept:?} not in:\n{main}");
            }
            // The sentences keep their spans; their text is kept, the payloads are gone.
            let text = plain_text(main);
            for shown in [
                "Bild och slut.",
                "Untranslated sentence.",
                "Länkar: js, blanksteg,",
            ] {
                assert!(text.contains(shown), "{shown:?} not in:\n{text}");
            }
        })
        .check_main("ru-RU/payloads/index.html", |main| {
            assert!(main.contains("<b>жирный</b>"), "{main}");
            assert!(main.contains("<td> <sup>2</sup></td>"), "{main}");
        })
        .check_main("en/payloads/index.html", |main| {
            assert!(main.contains("<b>bold</b> and <i>italic</i>"), "{main}");
        })
        .check_file("sv-SE/other/index.html", |html| {
            // A frontmatter title is text wherever it is shown.
            let title = "Annan sida <script>window.__xss='other-title'</script>";
            assert!(plain_text(main_of(html).unwrap()).contains(title), "{html}");
            let head = &html[..html.find("</head>").unwrap()];
            assert!(plain_text(head).contains(title), "{head}");
            assert!(
                html.contains("content=\"&lt;iframe srcdoc=&quot;&lt;script&gt;"),
                "{head}"
            );
        })
        .check_file("index.json", |json| {
            let index: serde_json::Value = serde_json::from_str(json).unwrap();
            let other = index["articles"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["id"] == "other")
                .unwrap();
            assert_eq!(
                other["locales"]["sv-SE"]["title"],
                "Annan sida <script>window.__xss='other-title'</script>"
            );
        });
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
