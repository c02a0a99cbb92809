//! Nothing is dropped: every segment of both seed files is in the model, its localized text
//! is on the page of its locale, and the English text of the newest source is on the `en`
//! page. Texts are compared as plain text (tags stripped, entities decoded, whitespace
//! collapsed), the segment Markdown rendered with pulldown-cmark like the site does.

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

use std::path::Path;

use kbsite::diagnostics::Severity;
use kbsite::segments::Segment;

use crate::harness::{main_of, plain_text, repo_root, BuildTest};
use crate::model::{seeds, SLUG};

/// One seed file, parsed with the library's own frontmatter splitter and span parser.
struct SeedFile {
    locale: String,
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
        files.push(SeedFile { locale, segments });
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

/// Segments whose text is not in `page_text`, as `id: text`.
fn missing<'a>(
    segments: impl Iterator<Item = (&'a str, Option<&'a str>)>,
    page_text: &str,
) -> Vec<String> {
    segments
        .filter_map(|(id, md)| {
            let md = md.expect("both halves in the seeds");
            let text = markdown_text(md);
            assert!(!text.is_empty(), "segment {id} has no text: {md:?}");
            (!page_text.contains(&text)).then(|| format!("{id}: {text}"))
        })
        .collect()
}

#[test]
fn every_segment_is_on_the_page_of_its_locale() {
    let files = seed_files();
    let site = seeds();
    let english_source = site.articles[0].english_source.clone();
    assert_eq!(english_source.as_deref(), Some("sv-SE"), "the newest seed");
    let build = BuildTest::from_repo_content().build().check_status(0);
    let page = |locale: &str| {
        let html = build.read(&format!("{locale}/{SLUG}/index.html"));
        plain_text(main_of(&html).expect("<main>"))
    };
    let mut problems = Vec::new();
    for file in &files {
        let text = page(&file.locale);
        let lost = missing(
            file.segments
                .iter()
                .map(|s| (s.id.as_str(), s.local.as_deref())),
            &text,
        );
        if !lost.is_empty() {
            problems.push(format!(
                "{} page lacks {} of {} segments:\n  {}",
                file.locale,
                lost.len(),
                file.segments.len(),
                lost.join("\n  ")
            ));
        }
        if Some(&file.locale) == english_source.as_ref() {
            let lost = missing(
                file.segments
                    .iter()
                    .map(|s| (s.id.as_str(), s.english.as_deref())),
                &page("en"),
            );
            if !lost.is_empty() {
                problems.push(format!(
                    "en page lacks {} of {} English segments of {}:\n  {}",
                    lost.len(),
                    file.segments.len(),
                    file.locale,
                    lost.join("\n  ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_segment_is_in_the_model() {
    let files = seed_files();
    let site = seeds();
    let article = &site.articles[0];
    for file in &files {
        assert_eq!(
            article.versions[&file.locale].segments,
            file.segments.len(),
            "{}",
            file.locale
        );
    }
    let sv = files.iter().find(|f| f.locale == "sv-SE").unwrap();
    assert_eq!(article.versions["en"].segments, sv.segments.len());
    // The 4 "Applies to" segments are the difference between the seeds.
    let ru = files.iter().find(|f| f.locale == "ru-RU").unwrap();
    assert_eq!(sv.segments.len(), ru.segments.len() + 4);
}

#[test]
fn every_segment_has_both_halves_and_its_own_bytes() {
    for file in seed_files() {
        let path = repo_root().join(format!("content/{}/{SLUG}.md", file.locale));
        let text = std::fs::read_to_string(path).unwrap();
        let mut last_end = 0;
        for s in &file.segments {
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
            let source = &text[s.span.clone()];
            assert!(
                source.starts_with(&format!("<span data-ttu-id=\"{}\">", s.id)),
                "{}: {source}",
                file.locale
            );
            assert!(
                source.ends_with("</span></span>"),
                "{}: {source}",
                file.locale
            );
            assert!(source.contains(s.local.as_deref().unwrap()));
            assert!(source.contains(s.english.as_deref().unwrap()));
        }
    }
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
