//! Malformed input, one fixture per problem under `tests/fixtures/invalid/<name>/`: the
//! diagnostics (snapshotted, root redacted), the exit code, the `a.md:LINE:COL` position, and
//! never a panic. Also: BOM and CRLF files build like plain LF files, and cut or damaged
//! copies of the seeds never panic the parser, the model or the diagnostics renderer.

use codespan_reporting::term::termcolor::NoColor;

use kbsite::diagnostics::{Diagnostics, Severity};
use kbsite::source::Source;

use crate::harness::{fixture_dir, line_col, BuildTest};
use crate::model::{load, SLUG};

const FILE: &str = "content/ru-RU/a.md";

/// What a fixture must give.
pub(crate) struct Case {
    name: &'static str,
    status: i32,
    /// The first diagnostic about `a.md`: its severity and the text it must point at (the
    /// `nth` occurrence, 0-based, of the needle in the file read as lossy UTF-8).
    first: Option<(&'static str, &'static str, usize)>,
}

const CASES: &[Case] = &[
    Case {
        name: "span-unclosed",
        status: 1,
        first: Some(("error", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "partner-other-id",
        status: 0,
        first: Some(("warning", "<span data-stu-id=\"3\">", 0)),
    },
    Case {
        name: "partner-missing",
        status: 0,
        first: Some(("warning", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "duplicate-id",
        status: 0,
        first: Some(("warning", "<span data-ttu-id=\"2\">", 1)),
    },
    Case {
        name: "span-nested",
        status: 1,
        first: Some(("error", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "frontmatter-unclosed",
        status: 1,
        first: Some(("error", "---", 0)),
    },
    Case {
        name: "yaml-invalid",
        status: 1,
        first: Some(("error", ": с двоеточием", 0)),
    },
    Case {
        name: "bom",
        status: 0,
        first: None,
    },
    Case {
        name: "crlf",
        status: 0,
        first: None,
    },
    Case {
        // An empty file gives a blank page: the author should hear about it.
        name: "empty-file",
        status: 0,
        first: Some(("warning", "", 0)),
    },
    Case {
        name: "not-utf8",
        status: 1,
        first: Some(("error", "\u{fffd}", 0)),
    },
    Case {
        name: "stray-close",
        status: 0,
        first: Some(("warning", "</span> Ещё", 0)),
    },
    Case {
        // A translation tool made the frontmatter one sentence pair: read, with a warning.
        name: "frontmatter-flattened",
        status: 0,
        first: Some(("warning", "<span data-ttu-id=\"fm\">", 0)),
    },
    Case {
        // The 101st of 105 nested `<div>`s: from there on, tags are text.
        name: "html-too-deep",
        status: 0,
        first: Some(("warning", "<div>", 100)),
    },
    Case {
        // The second include of a 700 KB partial (written by the test) would pass 1 MiB.
        name: "include-too-large",
        status: 0,
        first: Some(("warning", "[!INCLUDE", 1)),
    },
    Case {
        // Content repeats the template's `main`, a heading's id and its own.
        name: "id-duplicate",
        status: 0,
        first: Some(("warning", "<a name=\"main\">", 0)),
    },
    Case {
        name: "nul-byte",
        status: 0,
        first: Some(("warning", "\0", 0)),
    },
    Case {
        // A blank line inside a half: rendered as is, the span closed in another paragraph.
        name: "span-across-blocks",
        status: 0,
        first: Some(("warning", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "bom-repeated",
        status: 0,
        first: Some(("warning", "\u{feff}", 0)),
    },
    Case {
        // Old Mac line ends (a lone `\r`): the frontmatter was shown as page text.
        name: "cr-only",
        status: 0,
        first: None,
    },
];

pub(crate) fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

pub(crate) fn run(case: &Case) -> BuildTest {
    run_with(
        case,
        BuildTest::from_fixture(&format!("invalid/{}", case.name)),
    )
}

/// [`run`] on the fixture in `project` (with files added by the test).
pub(crate) fn run_with(case: &Case, project: BuildTest) -> BuildTest {
    let build = project.build();
    check_diagnostics(case, &build);
    // Last, so a wrong exit code or position is reported before a snapshot difference.
    insta::assert_snapshot!(format!("invalid_{}", case.name), build.stderr_redacted());
    build
}

fn check_diagnostics(case: &Case, build: &BuildTest) {
    let stderr = build.stderr();
    assert_eq!(
        build.status(),
        case.status,
        "{}: exit code; stderr:\n{stderr}",
        case.name
    );
    let has_errors = stderr.contains("\nerror[") || stderr.starts_with("error[");
    assert_eq!(
        has_errors,
        case.status == 1,
        "{}: exit {} but errors printed = {has_errors}:\n{stderr}",
        case.name,
        case.status
    );
    let Some((severity, needle, nth)) = case.first else {
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{}: expected only the summary:\n{stderr}",
            case.name
        );
        assert!(lines[0].starts_with("kbsite: built"), "{stderr}");
        return;
    };
    let bytes = std::fs::read(fixture_dir(&format!("invalid/{}", case.name)).join(FILE)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{}: needle {needle:?} #{nth} not in {FILE}", case.name))
        .0;
    let (line, col) = line_col(&text, at);
    let position = format!("{FILE}:{line}:{col}");
    let block = stderr
        .split("\n\n")
        .find(|d| d.contains(&format!("{FILE}:")))
        .unwrap_or_else(|| panic!("{}: no diagnostic about {FILE}:\n{stderr}", case.name));
    assert!(
        block.starts_with(&format!("{severity}[")),
        "{}: the first diagnostic should be a {severity}:\n{block}",
        case.name
    );
    assert!(
        block.contains(&format!("┌─ {position}\n")),
        "{}: the first diagnostic should point at {position}:\n{block}",
        case.name
    );
}

#[test]
fn span_unclosed() {
    run(&CASES[0]);
}

#[test]
fn partner_with_another_id() {
    run(&CASES[1]);
}

#[test]
fn partner_missing() {
    run(&CASES[2]);
}

#[test]
fn duplicate_id() {
    run(&CASES[3]);
}

#[test]
fn span_nested_in_a_span() {
    run(&CASES[4]);
}

#[test]
fn frontmatter_unclosed() {
    run(&CASES[5]);
}

#[test]
fn invalid_yaml() {
    run(&CASES[6]);
}

#[test]
fn bom_builds_fine() {
    run(&CASES[7]);
}

#[test]
fn crlf_builds_fine() {
    run(&CASES[8]);
}

#[test]
fn empty_file() {
    run(&CASES[9]);
}

#[test]
fn invalid_utf8() {
    run(&CASES[10]);
}

#[test]
fn stray_close() {
    run(&CASES[11]);
}

#[test]
fn flattened_frontmatter_is_read_from_its_halves() {
    run(case("frontmatter-flattened"));
    let project = BuildTest::from_fixture("invalid/frontmatter-flattened");
    let (site, diags) = load(project.root());
    let kinds: Vec<&str> = diags.sorted().iter().map(|d| d.kind.name()).collect();
    assert_eq!(kinds, ["frontmatter-flattened"]);
    let site = serde_json::to_value(&site).unwrap();
    let ru = &site["articles"][0]["versions"]["ru-RU"];
    let fields = &ru["frontmatter"];
    // The localized title and description, the rest from the English half, list included.
    assert_eq!(fields["title"], "Ошибка 550 5.1.10: получатель не найден");
    assert_eq!(fields["description"], "Что делать, если письмо вернулось.");
    assert_eq!(fields["ms.custom"], serde_json::json!(["1234", "5678"]));
    assert_eq!(fields["ROBOTS"], "NOINDEX, NOFOLLOW");
    assert_eq!(fields["ms.date"], "04/24/2020");
    assert_eq!(fields["ms.lasthandoff"], "08/29/2020");
    assert!(fields.get("заголовок").is_none() && fields.get("описание").is_none());
    // Every segment of the body is on the page.
    assert_eq!(ru["segments"], 4);
    let built = project.build().check_status(0);
    built.check_main("ru-RU/a/index.html", |main| {
        for text in [
            "Адрес получателя не существует.",
            "Проверьте адрес.",
            "Уточните адрес у получателя.",
        ] {
            assert!(main.contains(text), "{text} missing:\n{main}");
        }
    });
}

/// Checks that the tags of `html` nest: every element is closed, in order, inside the one it
/// opened in.
fn assert_well_nested(html: &str) {
    const VOID: [&str; 8] = ["br", "hr", "img", "input", "meta", "link", "wbr", "source"];
    let mut open: Vec<&str> = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("!--") {
            rest = &rest[rest.find("-->").expect("comment closed")..];
            continue;
        }
        let tag = &rest[..rest.find('>').expect("tag closed")];
        let name_end = tag.find([' ', '\t', '\n', '/']).unwrap_or(tag.len());
        if let Some(closing) = tag.strip_prefix('/') {
            let closing = closing.trim();
            assert_eq!(
                open.pop(),
                Some(closing),
                "</{closing}> closes another element:\n{html}"
            );
        } else if name_end > 0 && !VOID.contains(&&tag[..name_end]) && !tag.ends_with('/') {
            open.push(&tag[..name_end]);
        }
    }
    assert!(open.is_empty(), "unclosed {open:?}:\n{html}");
}

#[test]
fn a_pair_across_paragraphs_renders_well_nested_with_every_word() {
    run(case("span-across-blocks"));
    let build = BuildTest::from_fixture("invalid/span-across-blocks").build();
    let stderr = build.stderr();
    assert_eq!(
        stderr.matches("warning[span-across-blocks]").count(),
        2,
        "{stderr}"
    );
    for (page, words) in [
        (
            "ru-RU/a/index.html",
            &["Первый абзац. Второй абзац.", "Хвост.", "Пункт."][..],
        ),
        (
            "en/a/index.html",
            &[
                "First paragraph. Second paragraph.",
                "Tail.",
                "Item one. Item two.",
            ][..],
        ),
    ] {
        let html = build.read(page);
        let main = crate::harness::main_of(&html).unwrap_or_else(|| panic!("{page}: no <main>"));
        assert_well_nested(main);
        let text = crate::harness::plain_text(main);
        for words in words {
            assert!(
                text.contains(words),
                "{page}: {words:?} missing from {text:?}"
            );
        }
    }
}

#[test]
fn cr_only_gives_the_same_model_and_page_as_lf() {
    run(case("cr-only"));
    let raw = std::fs::read(fixture_dir("invalid/cr-only").join(FILE)).unwrap();
    assert!(
        raw.contains(&b'\r') && !raw.contains(&b'\n'),
        "the fixture lost its CRs"
    );
    let cr = model_after("invalid/cr-only", <[u8]>::to_vec);
    let lf = model_after("invalid/cr-only", |b| {
        b.iter()
            .map(|&c| if c == b'\r' { b'\n' } else { c })
            .collect()
    });
    assert_eq!(cr, lf);
    let ru = &cr["articles"][0]["versions"]["ru-RU"];
    assert_eq!(ru["frontmatter"]["title"], "Заголовок");
    assert_eq!(ru["segments"], 4);
    // pulldown-cmark reads a lone `\r` as a line end: the page is the LF file's page, with
    // the heading, paragraph and list as blocks of their own and no YAML on it.
    let page = |edit: fn(u8) -> u8| {
        let project = BuildTest::from_fixture("invalid/cr-only");
        let path = project.root().join(FILE);
        let bytes: Vec<u8> = std::fs::read(&path)
            .unwrap()
            .into_iter()
            .map(edit)
            .collect();
        std::fs::write(&path, bytes).unwrap();
        let html = project.build().check_status(0).read("ru-RU/a/index.html");
        crate::harness::main_of(&html).unwrap().to_owned()
    };
    let cr = page(|c| c);
    assert_eq!(cr, page(|c| if c == b'\r' { b'\n' } else { c }));
    assert_well_nested(&cr);
    assert!(!cr.contains("ms.lasthandoff"), "{cr}");
    assert!(cr.contains("<ul>") && cr.contains("Заголовок</h1>"), "{cr}");
}

#[test]
fn repeated_boms_are_all_stripped() {
    run(case("bom-repeated"));
    let raw = std::fs::read(fixture_dir("invalid/bom-repeated").join(FILE)).unwrap();
    assert!(
        raw.starts_with("\u{feff}\u{feff}---".as_bytes()),
        "the fixture lost its BOMs"
    );
    let project = BuildTest::from_fixture("invalid/bom-repeated");
    let (site, diags) = load(project.root());
    let kinds: Vec<&str> = diags.sorted().iter().map(|d| d.kind.name()).collect();
    assert_eq!(kinds, ["bom-repeated"]);
    let site = serde_json::to_value(&site).unwrap();
    let ru = &site["articles"][0]["versions"]["ru-RU"];
    assert_eq!(ru["frontmatter"]["title"], "Заголовок");
    assert_eq!(ru["segments"], 2);
}

#[test]
fn every_fixture_has_a_case() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixture_dir("invalid"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut names: Vec<String> = CASES.iter().map(|c| c.name.to_owned()).collect();
    names.sort();
    assert_eq!(dirs, names);
}

/// The model of `fixture` after rewriting `content/ru-RU/a.md` with `edit`.
fn model_after(fixture: &str, edit: impl Fn(&[u8]) -> Vec<u8>) -> serde_json::Value {
    let project = BuildTest::from_fixture(fixture);
    let path = project.root().join(FILE);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, edit(&bytes)).unwrap();
    let (site, diags) = load(project.root());
    assert!(diags.sorted().is_empty(), "{:#?}", diags.sorted());
    serde_json::to_value(&site).unwrap()
}

#[test]
fn crlf_gives_the_same_model_as_lf() {
    let raw = std::fs::read(fixture_dir("invalid/crlf").join(FILE)).unwrap();
    assert!(
        raw.windows(2).any(|w| w == b"\r\n"),
        "the fixture lost its CRLF line ends (check .gitattributes)"
    );
    let crlf = model_after("invalid/crlf", <[u8]>::to_vec);
    let lf = model_after("invalid/crlf", |b| {
        String::from_utf8(b.to_vec())
            .unwrap()
            .replace("\r\n", "\n")
            .into_bytes()
    });
    assert_eq!(crlf, lf);
    let ru = &crlf["articles"][0]["versions"]["ru-RU"];
    assert_eq!(ru["title"], "Заголовок");
    assert_eq!(ru["frontmatter"]["title"], "Заголовок");
    assert_eq!(ru["segments"], 4);
}

#[test]
fn bom_gives_the_same_model_as_without() {
    let raw = std::fs::read(fixture_dir("invalid/bom").join(FILE)).unwrap();
    assert!(
        raw.starts_with(b"\xEF\xBB\xBF---"),
        "the fixture lost its BOM"
    );
    let with = model_after("invalid/bom", <[u8]>::to_vec);
    let without = model_after("invalid/bom", |b| b[3..].to_vec());
    assert_eq!(with, without);
    assert_eq!(
        with["articles"][0]["versions"]["ru-RU"]["frontmatter"]["title"],
        "Заголовок"
    );
}

/// Parses `bytes` as `content/ru-RU/<slug>.md`, builds the model and renders the
/// diagnostics: any panic fails the test. Returns the diagnostics.
fn parse_all(bytes: &[u8]) -> Diagnostics {
    let source = Source {
        locale: "ru-RU".into(),
        rel: format!("{SLUG}.md"),
        display: format!("content/ru-RU/{SLUG}.md"),
        abs: format!("/nonexistent/content/ru-RU/{SLUG}.md").into(),
    };
    let mut diags = Diagnostics::default();
    let read = |_: usize, s: &Source| {
        Ok::<_, std::convert::Infallible>(kbsite::model::document(s.clone(), bytes))
    };
    let Ok((_site, found, _)) = kbsite::model::build(
        std::slice::from_ref(&source),
        &["ru-RU".to_owned()],
        &read,
        kbsite::model::Keep::Text,
    );
    diags.extend(found);
    diags.add_source(&source.display, String::from_utf8_lossy(bytes).into_owned());
    let mut out = NoColor::new(Vec::new());
    diags.emit(&mut out).expect("render diagnostics");
    diags
}

fn seed(locale: &str) -> Vec<u8> {
    std::fs::read(crate::harness::repo_root().join(format!("content/{locale}/{SLUG}.md"))).unwrap()
}

#[test]
fn cut_seed_files_never_panic() {
    for locale in ["ru-RU", "sv-SE"] {
        let bytes = seed(locale);
        // Every cut, on and off character boundaries, in the frontmatter and the first
        // paragraphs; then every 97th byte to the end.
        let cuts = (0..bytes.len().min(1500)).chain((1500..bytes.len()).step_by(97));
        for cut in cuts {
            let result = std::panic::catch_unwind(|| parse_all(&bytes[..cut]));
            assert!(result.is_ok(), "{locale} cut at byte {cut} panicked");
        }
    }
}

#[test]
fn removing_any_close_tag_is_reported_never_dropped() {
    let bytes = seed("ru-RU");
    let text = std::str::from_utf8(&bytes).unwrap();
    let closes: Vec<usize> = text.match_indices("</span>").map(|(i, _)| i).collect();
    assert!(closes.len() > 100);
    for at in closes {
        let mut damaged = text[..at].to_owned();
        damaged.push_str(&text[at + "</span>".len()..]);
        let diags = std::panic::catch_unwind(|| parse_all(damaged.as_bytes()))
            .unwrap_or_else(|_| panic!("removing </span> at byte {at} panicked"));
        let (line, col) = line_col(text, at);
        assert!(
            !diags.sorted().is_empty(),
            "removing the </span> at {line}:{col} went unreported"
        );
    }
}

#[test]
fn damaged_seed_spans_report_errors_at_the_damage() {
    // Break the first pair's partner: `<span class="sxs-lookup">` loses its inner span.
    let bytes = seed("ru-RU");
    let text = std::str::from_utf8(&bytes).unwrap();
    let at = text.find("<span data-stu-id=").unwrap();
    let damaged = text.replacen("<span data-stu-id=", "<span data-xyz-id=", 1);
    let diags = parse_all(damaged.as_bytes());
    let sorted = diags.sorted();
    let first = sorted.first().expect("a diagnostic");
    assert_eq!(first.severity, Severity::Error, "{first:?}");
    let span = first.span.clone().expect("a span");
    assert!(
        span.start <= at && at <= span.end + 1,
        "{first:?} does not point at byte {at}"
    );
}

/// A file over the 10 MiB limit (made at test time, not committed) is refused, before it is
/// read, with a diagnostic naming it, and the build fails.
#[test]
fn a_file_larger_than_10_mb_is_refused() {
    let pair = "<span data-ttu-id=\"1\">Текст.</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Text.</span></span>\n\n";
    let big = format!(
        "# Big\n\n{}",
        pair.repeat(11 * 1024 * 1024 / pair.len() + 1)
    );
    assert!(big.len() > 11 * 1024 * 1024);
    BuildTest::empty()
        .file("content/ru-RU/big.md", big)
        .file("content/ru-RU/ok.md", "# Fine\n")
        .build()
        .check_status(1)
        .check_stderr(|stderr| {
            assert!(stderr.contains("error[file-too-large]"), "{stderr}");
            assert!(stderr.contains("content/ru-RU/big.md"), "{stderr}");
            assert!(stderr.contains("the limit is 10485760 bytes"), "{stderr}");
        });
}

#[test]
fn a_heading_of_ten_thousand_codes_makes_a_bounded_site() {
    let codes: Vec<String> = (0..10_000)
        .map(|i| format!("550 5.{}.{}", 1 + i % 7, 100 + i / 7))
        .collect();
    let heading = format!("Error codes: {}", codes.join(" "));
    let local = format!("Коды ошибок: {}", codes.join(" "));
    let text = format!(
        "---\ntitle: T\n---\n# <span data-ttu-id=\"1\">Заголовок</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Title</span></span>\n\n## <span data-ttu-id=\"2\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"2\">{heading}</span></span>\n\n<span data-ttu-id=\"3\">Текст.</span><span class=\"sxs-lookup\"><span data-stu-id=\"3\">Text.</span></span>\n"
    );
    let built = BuildTest::empty()
        .file("content/ru-RU/a.md", &text)
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            let head: String = stderr.chars().take(300).collect();
            assert!(
                stderr.contains("warning[codes-too-many]")
                    && stderr.contains("content/ru-RU/a.md:6:1")
                    && stderr.contains("error codes; the first 16 get code pages"),
                "{head}"
            );
        });
    let tree = crate::harness::read_tree(&built.out());
    let code_pages = tree
        .keys()
        .filter(|p| p.starts_with("ru-RU/codes/") && p.ends_with("/index.html"))
        .count();
    assert_eq!(code_pages, kbsite::model::MAX_CODES_PER_HEADING);
    let bytes: usize = tree.values().map(Vec::len).sum();
    // A page per code repeats the 250 KB heading a few times: 16 codes × 2 locales of them
    // (before the cap: a page per code, 6.9 GB in all).
    assert!(bytes < 40 << 20, "{bytes} bytes written");
    let page = built.read("ru-RU/a/index.html");
    let ids = crate::harness::ids(&page);
    assert!(
        ids.iter()
            .all(|id| id.len() <= 2 * kbsite::markdown::MAX_SLUG),
        "{ids:?}"
    );
    for tag in crate::harness::tags(&page) {
        if let Some(fragment) = tag.attr("href").and_then(|h| h.strip_prefix('#')) {
            assert!(
                ids.iter().any(|id| id == fragment),
                "#{fragment} is not on the page"
            );
        }
    }
}
