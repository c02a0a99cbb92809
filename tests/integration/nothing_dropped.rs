//! Nothing is dropped: every pair of both seed files, as an independent reader finds it in
//! the source ([`crate::source_pairs`], not the library's span parser), is a segment of the
//! parser and of the model, its localized text is on the page of its locale, and the English
//! text of the newest source is on the `en` page. Texts are compared as plain text (tags
//! stripped, entities decoded, whitespace collapsed), the segment Markdown rendered with
//! pulldown-cmark like the site does. A small invented project adds the cases the seeds lack:
//! pairs in fenced code and in HTML comments, nested spans, a pair without its partner.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use std::path::Path;

use kbsite::diagnostics::Severity;
use kbsite::segments::Segment;

use crate::harness::{main_of, plain_text, repo_root, BuildTest};
use crate::model::{seeds, SLUG};
use crate::source_pairs::{read_pairs, SourcePair};

/// One seed file: its pairs as the independent reader finds them, and the parser's segments.
struct SeedFile {
    locale: String,
    text: String,
    pairs: Vec<SourcePair>,
    segments: Vec<Segment>,
}

fn seed_files() -> Vec<SeedFile> {
    let mut files = Vec::new();
    let content = repo_root().join("content");
    let mut locales: Vec<_> = std::fs::read_dir(&content)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    locales.sort();
    for dir in locales {
        let locale = dir.file_name().unwrap().to_string_lossy().into_owned();
        let path = dir.join(format!("{SLUG}.md"));
        if !path.is_file() {
            continue;
        }
        let display = format!("content/{locale}/{SLUG}.md");
        let segments = parse_file(&path, &display);
        let text = std::fs::read_to_string(&path).unwrap();
        let pairs = read_pairs(&text);
        files.push(SeedFile {
            locale,
            text,
            pairs,
            segments,
        });
    }
    assert_eq!(
        files.iter().map(|f| f.locale.as_str()).collect::<Vec<_>>(),
        ["ru-RU", "sv-SE"]
    );
    files
}

/// The segments of one file, parsed with the library's own frontmatter splitter and span
/// parser; `display` is the path diagnostics name. Panics on an error diagnostic.
pub fn parse_file(path: &Path, display: &str) -> Vec<Segment> {
    let text = std::fs::read_to_string(path).unwrap();
    let split =
        kbsite::frontmatter::split(display, &text).unwrap_or_else(|d| panic!("{display}: {d:?}"));
    let parsed = kbsite::segments::parse(display, split.body, split.body_offset);
    let errors: Vec<_> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{display}: {errors:#?}");
    parsed.segments
}

/// Plain text of a segment's Markdown. Images become their alt text, as the site shows the
/// alt text of images that are not in the content folder (none of the seeds' are).
pub fn markdown_text(md: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
    // `<app>` and `<PublicFolderIdentity>` are placeholders, shown as text; `<a>`, `<br>` and
    // `<span>` are markup.
    let events = Parser::new_ext(md, options)
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image)
            )
        })
        .map(|e| match e {
            Event::InlineHtml(h) if !is_markup(&h) => Event::Text(h),
            e => e,
        });
    let mut out = String::new();
    html::push_html(&mut out, events);
    plain_text(&out)
}

fn is_markup(tag: &str) -> bool {
    let name: String = tag
        .trim_start_matches(['<', '/'])
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    ["a", "br", "span"].contains(&name.to_ascii_lowercase().as_str())
}

/// Pairs whose text is not in `page_text`, as `id: text`; `half` picks the localized or the
/// English text.
fn missing<'a>(
    pairs: impl Iterator<Item = &'a SourcePair>,
    half: impl Fn(&SourcePair) -> Option<&str>,
    page_text: &str,
) -> Vec<String> {
    pairs
        .filter_map(|p| {
            let md = half(p).unwrap_or_else(|| panic!("pair {} has no such half", p.id));
            let text = markdown_text(md);
            assert!(!text.is_empty(), "pair {} has no text: {md:?}", p.id);
            (!page_text.contains(&text)).then(|| format!("{}: {text}", p.id))
        })
        .collect()
}

/// The plain text of the `<main>` of a page of `build`.
fn main_text(build: &BuildTest, page: &str) -> String {
    plain_text(main_of(&build.read(page)).expect("<main>"))
}

/// What a locale's page (or the `en` page, for the English halves) lacks of `file`'s pairs.
fn lost_on_pages(build: &BuildTest, file: &SeedFile, newest: bool) -> Vec<String> {
    let page = |locale: &str| main_text(build, &format!("{locale}/{SLUG}/index.html"));
    let mut problems = Vec::new();
    let mut check = |on: &str, what: &str, half: fn(&SourcePair) -> Option<&str>| {
        let lost = missing(file.pairs.iter(), half, &page(on));
        if !lost.is_empty() {
            problems.push(format!(
                "{on} page lacks {} of the {} {what} texts of {}:\n  {}",
                lost.len(),
                file.pairs.len(),
                file.locale,
                lost.join("\n  ")
            ));
        }
    };
    check(&file.locale, "localized", |p| Some(p.local.as_str()));
    if newest {
        check("en", "English", |p| p.english.as_deref());
    }
    problems
}

#[test]
fn every_pair_of_the_source_is_on_the_page_of_its_locale() {
    let files = seed_files();
    let site = seeds();
    let english_source = site.articles[0].english_source.clone();
    assert_eq!(english_source.as_deref(), Some("sv-SE"), "the newest seed");
    let build = BuildTest::from_repo_content().build().check_status(0);
    let mut problems = Vec::new();
    for file in &files {
        assert!(
            file.pairs.iter().all(|p| !p.in_comment),
            "the seeds have no pairs in comments: every pair must be on a page"
        );
        let newest = Some(&file.locale) == english_source.as_ref();
        problems.extend(lost_on_pages(&build, file, newest));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_parser_and_the_model_have_every_pair_of_the_source() {
    let files = seed_files();
    let site = seeds();
    let article = &site.articles[0];
    for file in &files {
        // Counted in the source: `grep -o 'data-ttu-id="' content/<locale>/<slug>.md | wc -l`.
        let count = file.pairs.len();
        assert!(count > 50, "{}: only {count} pairs read", file.locale);
        let ids = |s: &[Segment]| s.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
        let read: Vec<_> = file.pairs.iter().map(|p| p.id.clone()).collect();
        assert_eq!(
            ids(&file.segments),
            read,
            "{}: parser vs source",
            file.locale
        );
        assert_eq!(
            article.versions[&file.locale].segments, count,
            "{}: model vs source",
            file.locale
        );
    }
    let sv = files.iter().find(|f| f.locale == "sv-SE").unwrap();
    assert_eq!(article.versions["en"].segments, sv.pairs.len());
    // The sv-SE seed is the newer translation: it has the 4 "Applies to" pairs (the heading
    // and 3 list items, ids 96d4c-104 to 96d4c-107) that the ru-RU one lacks. Recount with
    // `grep -o 'data-ttu-id="' content/*/mail-flow-intelligence-in-eop.md | sort | uniq -c`.
    let ru = files.iter().find(|f| f.locale == "ru-RU").unwrap();
    assert_eq!(sv.pairs.len(), ru.pairs.len() + 4);
}

#[test]
fn every_segment_has_both_halves_and_its_own_bytes() {
    for file in seed_files() {
        let mut last_end = 0;
        assert_eq!(file.segments.len(), file.pairs.len(), "{}", file.locale);
        for (s, pair) in file.segments.iter().zip(&file.pairs) {
            assert!(
                s.local.is_some() && s.english.is_some(),
                "{}: {s:?}",
                file.locale
            );
            assert!(
                s.span.start >= last_end,
                "{}: segments overlap at {}",
                file.locale,
                s.id
            );
            last_end = s.span.end;
            assert_eq!(s.span.start, pair.at, "{}: {}", file.locale, s.id);
            let source = &file.text[s.span.clone()];
            assert!(
                source.ends_with("</span></span>"),
                "{}: {source}",
                file.locale
            );
            assert_eq!(s.local.as_deref(), Some(pair.local.as_str()));
            assert_eq!(s.english, pair.english);
        }
    }
}

/// An invented page with the cases the seeds lack, each pair's text unique.
const CASES: &str = r#"---
title: Cases
---
# <span data-ttu-id="1">Kalimera heading</span><span class="sxs-lookup"><span data-stu-id="1">Kalimera heading</span></span>

<!-- <span data-ttu-id="2">Hidden block words</span><span class="sxs-lookup"><span data-stu-id="2">Hidden block words</span></span> -->

```text
<span data-ttu-id="3">Fenced code words</span><span class="sxs-lookup"><span data-stu-id="3">Fenced code words</span></span>
<!-- <span data-ttu-id="4">Commented code words</span><span class="sxs-lookup"><span data-stu-id="4">Commented code words</span></span> -->
```

<span data-ttu-id="5">Outer <span class="x">inner</span> words</span><span class="sxs-lookup"><span data-stu-id="5">Outer inner words</span></span>

<span data-ttu-id="6">Partnerless words.</span>

Text <!-- <span data-ttu-id="7">Inline hidden words</span><span class="sxs-lookup"><span data-stu-id="7">Inline hidden words</span></span> --> after.

- [<span data-ttu-id="8">Linked words</span><span class="sxs-lookup"><span data-stu-id="8">Linked words</span></span>](other.md)
"#;

#[test]
fn every_pair_reaches_the_page_or_a_diagnostic_or_is_in_a_comment() {
    let pairs = read_pairs(CASES);
    let ids: Vec<_> = pairs
        .iter()
        .map(|p| (p.id.as_str(), p.in_comment))
        .collect();
    assert_eq!(
        ids,
        [
            ("1", false),
            ("2", true),
            ("3", false),
            ("4", false),
            ("5", false),
            ("6", false),
            ("7", true),
            ("8", false)
        ]
    );
    let build = BuildTest::empty()
        .file("content/en/cases.md", CASES)
        .build()
        .check_status(0);
    let page = main_text(&build, "en/cases/index.html");
    let stderr = build.stderr();
    let mut problems = Vec::new();
    for p in &pairs {
        let text = markdown_text(&p.local);
        let on_page = page.contains(&text);
        let reported = stderr.contains(&format!("segment `{}`", p.id));
        if p.in_comment {
            // Comments are removed (README "Raw HTML"): if they ever show, say so here.
            if on_page {
                problems.push(format!("{}: commented {text:?} is on the page", p.id));
            }
        } else if !on_page {
            problems.push(format!("{}: {text:?} is not on the page", p.id));
        }
        if p.english.is_none() && !reported {
            problems.push(format!("{}: no partner and no diagnostic", p.id));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n{page}\n{stderr}",
        problems.join("\n")
    );
}

#[test]
fn the_en_page_shows_the_newest_english_text() {
    BuildTest::from_repo_content()
        .build()
        .check_status(0)
        .check_main(&format!("en/{SLUG}/index.html"), |main| {
            let text = plain_text(main);
            assert!(text.contains("described in this article"), "{text}");
            assert!(!text.contains("described in this topic"), "{text}");
            assert!(text.contains("Applies to"), "{text}");
        })
        .check_main(&format!("ru-RU/{SLUG}/index.html"), |main| {
            // Each locale's page shows its own file's text.
            let text = plain_text(main);
            assert!(text.contains("Наиболее распространенные ошибки"), "{text}");
            assert!(!text.contains("Gäller för"), "{text}");
        })
        .check_main(&format!("sv-SE/{SLUG}/index.html"), |main| {
            let text = plain_text(main);
            assert!(text.contains("Gäller för"), "{text}");
        });
}
