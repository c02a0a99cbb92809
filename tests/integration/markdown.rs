//! Markdown as the documentation writes it, through the real build: DocFX video lines in and
//! outside the span pairs become localized link cards (never frames; only http(s) URLs, the
//! rest reported as `link-unsafe` and shown as text), and aligned table columns come out as
//! classes the site's Content-Security-Policy allows, never `style` attributes.

use crate::harness::{plain_text, tags, BuildTest};

fn prose(html: &str) -> &str {
    html.split("<div class=\"prose\"")
        .nth(1)
        .and_then(|p| p.split("</article>").next())
        .unwrap_or_else(|| panic!("no prose in\n{html}"))
}

#[test]
fn video_lines_become_localized_link_cards() {
    let build = BuildTest::from_fixture("markdown-blocks")
        .build()
        .check_status(0);
    let want = [
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://learn.example.com/shows/exchange/mail-flow-troubleshooting-in-five-minutes-with-a-very-long-address",
        "https://v.example.com/embed/in-a-pair",
    ];
    for (locale, label) in [("ru-RU", "Видео"), ("en", "Video")] {
        let page = build.read(&format!("{locale}/blocks/index.html"));
        let prose = prose(&page);
        let cards: Vec<String> = tags(prose)
            .iter()
            .filter(|t| t.name == "a" && t.attr("class") == Some("video-link"))
            .filter_map(|t| t.attr("href").map(str::to_owned))
            .collect();
        assert_eq!(cards, want, "{locale}:\n{prose}");
        let text = plain_text(prose);
        assert!(!text.contains("[!VIDEO"), "{locale}: {text}");
        assert_eq!(text.matches(label).count(), 4, "{locale}: {text}");
        // The unsafe one is text, not a link; no frame anywhere.
        assert!(text.contains("javascript:alert(1)"), "{locale}: {text}");
        assert!(!prose.contains("href=\"javascript"), "{locale}:\n{prose}");
        assert!(!page.contains("<iframe"), "{locale}");
    }
    // The sentences after the videos are still sentences.
    let page = build.read("ru-RU/blocks/index.html");
    assert!(page.contains(
        "<span class=\"seg\" title=\"Text after the videos.\">Текст после видео.</span>"
    ));
    let stderr = build.stderr();
    assert!(
        stderr.contains("warning[link-unsafe]: video `javascript:alert(1)`")
            && stderr.contains("content/ru-RU/blocks.md:27:1"),
        "{stderr}"
    );
}

#[test]
fn aligned_table_columns_are_classes_not_styles() {
    let build = BuildTest::from_fixture("markdown-blocks")
        .build()
        .check_status(0);
    let page = build.read("ru-RU/blocks/index.html");
    let prose = prose(&page);
    assert!(!prose.contains("style="), "{prose}");
    let cells: Vec<(String, Option<String>)> = tags(prose)
        .iter()
        .filter(|t| t.name == "th" || t.name == "td")
        .take(8)
        .map(|t| (t.name.clone(), t.attr("class").map(str::to_owned)))
        .collect();
    // The head row, then the first body row: left, none, center, right.
    let aligned = [
        Some("align-left"),
        None,
        Some("align-center"),
        Some("align-right"),
    ];
    let want: Vec<(String, Option<String>)> = ["th", "td"]
        .iter()
        .flat_map(|tag| aligned.map(|c| (tag.to_string(), c.map(str::to_owned))))
        .collect();
    assert_eq!(cells, want);
}
