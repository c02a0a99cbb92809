//! Malformed input, one fixture per problem under `tests/fixtures/invalid/<name>/`: the
//! diagnostics (snapshotted, root redacted), the exit code, the `a.md:LINE:COL` position, and
//! never a panic. Also: BOM and CRLF files build like plain LF files, and cut or damaged
//! copies of the seeds never panic the parser, the model or the diagnostics renderer.

use std::path::Path;

use codespan_reporting::term::termcolor::NoColor;

use kbsite::diagnostics::{Diagnostics, Kind, Severity};
use kbsite::source::Source;

use crate::harness::{fixture_dir, line_col, BuildTest};
use crate::model::{load, SLUG};

const FILE: &str = "content/ru-RU/a.md";
const FTL: &str = "locales/ru-RU.ftl";
const BIG: &str = "content/ru-RU/big.md";
const UNSAFE: &str = "content/ru-RU/back\\slash.md";
const CLASH: &str = "content/ru-RU/A.md";
const LINK: &str = "content/ru-RU/linked";
const LINK_MD: &str = "content/ru-RU/linked.md";

/// The untouched article a fixture's broken `a.md` is replaced by in its base
/// ([`Undo::Clean`]): no diagnostic at all.
const CLEAN: &str = "---\ntitle: Заголовок\nms.translationtype: MT\nms.lasthandoff: 08/29/2020\n---\n# <span data-ttu-id=\"1\">Заголовок</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Title</span></span>\n\n<span data-ttu-id=\"2\">Текст.</span><span class=\"sxs-lookup\"><span data-stu-id=\"2\">Text.</span></span>\n";

/// How a fixture's untouched base is made from it: the same project without its defect.
pub(crate) enum Undo {
    /// This file replaced by [`CLEAN`].
    Clean(&'static str),
    /// This file or folder removed.
    Remove(&'static str),
}

/// What a fixture must give.
pub(crate) struct Case {
    /// Its folder under `tests/fixtures/invalid/`.
    name: &'static str,
    status: i32,
    /// The kinds of diagnostic the fixture shows: each is reported for it, and none of them
    /// for its untouched base (see [`Undo`]). Empty: nothing but the summary is printed.
    kinds: &'static [&'static str],
    undo: &'static [Undo],
    /// The first diagnostic about a file: the file, its severity and the text it must point
    /// at (the `nth` occurrence, 0-based, of the needle in the file read as lossy UTF-8).
    first: Option<(&'static str, &'static str, &'static str, usize)>,
}

const CASES: &[Case] = &[
    Case {
        name: "span-unclosed",
        status: 1,
        kinds: &["span-unclosed"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "partner-other-id",
        status: 0,
        kinds: &["span-id-mismatch"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-stu-id=\"3\">", 0)),
    },
    Case {
        name: "partner-missing",
        status: 0,
        kinds: &["span-no-partner"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "duplicate-id",
        status: 0,
        kinds: &["span-duplicate-id"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-ttu-id=\"2\">", 1)),
    },
    Case {
        name: "span-nested",
        status: 1,
        kinds: &["span-unclosed", "span-no-local", "span-stray-close"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "frontmatter-unclosed",
        status: 1,
        kinds: &["frontmatter-unclosed"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "---", 0)),
    },
    Case {
        name: "yaml-invalid",
        status: 1,
        kinds: &["frontmatter-yaml"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", ": с двоеточием", 0)),
    },
    Case {
        name: "bom",
        status: 0,
        kinds: &[],
        undo: &[],
        first: None,
    },
    Case {
        name: "crlf",
        status: 0,
        kinds: &[],
        undo: &[],
        first: None,
    },
    Case {
        // An empty file gives a blank page: the author should hear about it.
        name: "empty-file",
        status: 0,
        kinds: &["file-empty"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "", 0)),
    },
    Case {
        name: "not-utf8",
        status: 1,
        kinds: &["not-utf8"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "\u{fffd}", 0)),
    },
    Case {
        name: "stray-close",
        status: 0,
        kinds: &["span-stray-close"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "</span> Ещё", 0)),
    },
    Case {
        // A translation tool made the frontmatter one sentence pair: read, with a warning.
        name: "frontmatter-flattened",
        status: 0,
        kinds: &["frontmatter-flattened"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-ttu-id=\"fm\">", 0)),
    },
    Case {
        // The 101st of 105 nested `<div>`s: from there on, tags are text.
        name: "html-too-deep",
        status: 0,
        kinds: &["html-too-deep"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<div>", 100)),
    },
    Case {
        // The second include of a 700 KB partial (written by the test) would pass 1 MiB.
        name: "include-too-large",
        status: 0,
        kinds: &["include-too-large"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "[!INCLUDE", 1)),
    },
    Case {
        // Content repeats the template's `main`, a heading's id and its own.
        name: "id-duplicate",
        status: 0,
        kinds: &["id-duplicate"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<a name=\"main\">", 0)),
    },
    Case {
        name: "nul-byte",
        status: 0,
        kinds: &["nul-byte"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "\0", 0)),
    },
    Case {
        // A blank line inside a half: rendered as is, the span closed in another paragraph.
        name: "span-across-blocks",
        status: 0,
        kinds: &["span-across-blocks"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-ttu-id=\"2\">", 0)),
    },
    Case {
        name: "bom-repeated",
        status: 0,
        kinds: &["bom-repeated"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "\u{feff}", 0)),
    },
    Case {
        // Old Mac line ends (a lone `\r`): the frontmatter was shown as page text.
        name: "cr-only",
        status: 0,
        kinds: &[],
        undo: &[],
        first: None,
    },
    Case {
        name: "frontmatter-not-mapping",
        status: 1,
        kinds: &["frontmatter-not-mapping"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "- первый", 0)),
    },
    Case {
        name: "date-invalid",
        status: 0,
        kinds: &["date-invalid"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "ms.lasthandoff", 0)),
    },
    Case {
        name: "span-partner-malformed",
        status: 1,
        kinds: &["span-partner-malformed"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "error", "<span class=\"sxs-lookup\">M", 0)),
    },
    Case {
        name: "span-no-local",
        status: 0,
        kinds: &["span-no-local"],
        undo: &[Undo::Clean(FILE)],
        first: Some((
            FILE,
            "warning",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"3\">",
            0,
        )),
    },
    Case {
        name: "span-partner-unclosed",
        status: 0,
        kinds: &["span-partner-unclosed"],
        undo: &[Undo::Clean(FILE)],
        first: Some((
            FILE,
            "warning",
            "<span class=\"sxs-lookup\"><span data-stu-id=\"3\">",
            0,
        )),
    },
    Case {
        name: "span-tag-malformed",
        status: 0,
        kinds: &["span-tag-malformed"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "<span data-ttu-id=\"3", 0)),
    },
    Case {
        name: "article-no-english",
        status: 0,
        kinds: &["article-no-english"],
        undo: &[Undo::Clean(FILE)],
        first: None,
    },
    Case {
        name: "headings-differ",
        status: 0,
        kinds: &["headings-differ"],
        undo: &[Undo::Clean(FILE)],
        first: None,
    },
    Case {
        name: "codes-too-many",
        status: 0,
        kinds: &["codes-too-many"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "## ", 0)),
    },
    Case {
        name: "link-absent",
        status: 0,
        kinds: &["link-absent"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "[другую статью]", 0)),
    },
    Case {
        name: "link-unsafe",
        status: 0,
        kinds: &["link-unsafe"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "[нажимайте]", 0)),
    },
    Case {
        name: "media-missing",
        status: 0,
        kinds: &["media-missing"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "![экран]", 0)),
    },
    Case {
        name: "include-missing",
        status: 0,
        kinds: &["include-missing"],
        undo: &[Undo::Clean(FILE)],
        first: Some((FILE, "warning", "[!INCLUDE", 0)),
    },
    Case {
        name: "content-stray-file",
        status: 0,
        kinds: &["content-stray-file"],
        undo: &[Undo::Remove("content/notes.md")],
        first: None,
    },
    Case {
        name: "locale-not-canonical",
        status: 1,
        kinds: &["locale-not-canonical"],
        undo: &[Undo::Remove("content/sv-se")],
        first: None,
    },
    Case {
        name: "locale-invalid",
        status: 1,
        kinds: &["locale-invalid"],
        undo: &[Undo::Remove("content/not_a_locale")],
        first: None,
    },
    Case {
        name: "media-refused",
        status: 0,
        kinds: &["media-refused"],
        undo: &[Undo::Remove("content/ru-RU/page.html")],
        first: None,
    },
    Case {
        name: "path-reserved",
        status: 1,
        kinds: &["path-reserved"],
        undo: &[Undo::Remove("content/ru-RU/search")],
        first: None,
    },
    Case {
        name: "ftl-name",
        status: 0,
        kinds: &["ftl-name"],
        undo: &[Undo::Remove("locales/x.ftl")],
        first: None,
    },
    Case {
        name: "ftl-too-deep",
        status: 1,
        kinds: &["ftl-too-deep"],
        undo: &[Undo::Remove(FTL)],
        first: Some((FTL, "error", "{", 32)),
    },
    Case {
        name: "ftl-syntax",
        status: 1,
        kinds: &["ftl-syntax"],
        undo: &[Undo::Remove(FTL)],
        first: Some((FTL, "error", "nav-home", 0)),
    },
    Case {
        name: "ftl-duplicate",
        status: 1,
        kinds: &["ftl-duplicate"],
        undo: &[Undo::Remove(FTL)],
        first: None,
    },
    Case {
        name: "ftl-cycle",
        status: 0,
        kinds: &["ftl-cycle"],
        undo: &[Undo::Remove(FTL)],
        first: Some((FTL, "warning", "site-title", 0)),
    },
    Case {
        name: "ftl-missing-locale",
        status: 0,
        kinds: &["ftl-missing-locale"],
        undo: &[Undo::Remove("content/fi-FI")],
        first: None,
    },
    Case {
        name: "ftl-missing-key",
        status: 0,
        kinds: &["ftl-missing-key"],
        undo: &[Undo::Remove(FTL)],
        first: None,
    },
    Case {
        // The 11 MiB file is written by the test (`file_too_large`), not committed.
        name: "file-too-large",
        status: 1,
        kinds: &["file-too-large"],
        undo: &[Undo::Remove(BIG)],
        first: None,
    },
    Case {
        // Written by the test: a name with `\\` cannot be checked out everywhere.
        name: "path-unsafe",
        status: 1,
        kinds: &["path-unsafe"],
        undo: &[Undo::Remove(UNSAFE)],
        first: None,
    },
    Case {
        // Written by the test: `A.md` beside `a.md` cannot be checked out everywhere.
        name: "path-clash",
        status: 1,
        kinds: &["path-clash"],
        undo: &[Undo::Remove(CLASH)],
        first: None,
    },
    Case {
        // The link (to a folder) is made by the test.
        name: "symlink-skipped",
        status: 0,
        kinds: &["symlink-skipped"],
        undo: &[Undo::Remove(LINK)],
        first: None,
    },
    Case {
        // The link (to a file outside the project) is made by the test.
        name: "symlink-outside",
        status: 1,
        kinds: &["symlink-outside"],
        undo: &[Undo::Remove(LINK_MD)],
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

/// [`run`] on the fixture in `project` (with files added by the test): first its untouched
/// base has none of the case's kinds, then the project has each of them.
pub(crate) fn run_with(case: &Case, project: BuildTest) -> BuildTest {
    if !case.kinds.is_empty() {
        let base = untouched_base(case, &project).build();
        let stderr = base.stderr();
        for kind in case.kinds {
            assert!(
                !stderr.contains(&format!("[{kind}]:")),
                "{}: the untouched base already has {kind}:\n{stderr}",
                case.name
            );
        }
    }
    let build = project.build();
    check_diagnostics(case, &build);
    // Last, so a wrong exit code or position is reported before a snapshot difference.
    insta::assert_snapshot!(format!("invalid_{}", case.name), build.stderr_redacted());
    build
}

/// A copy of `project` with [`Case::undo`] applied (symbolic links copied as links).
fn untouched_base(case: &Case, project: &BuildTest) -> BuildTest {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let (kind, target) = (entry.file_type().unwrap(), to.join(entry.file_name()));
            if kind.is_symlink() {
                let link = std::fs::read_link(entry.path()).unwrap();
                std::os::unix::fs::symlink(link, &target).unwrap();
            } else if kind.is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let base = BuildTest::empty();
    copy(project.root(), base.root());
    for undo in case.undo {
        match *undo {
            Undo::Clean(file) => std::fs::write(base.root().join(file), CLEAN).unwrap(),
            Undo::Remove(path) => {
                let path = base.root().join(path);
                let meta = std::fs::symlink_metadata(&path)
                    .unwrap_or_else(|e| panic!("{}: {} to remove: {e}", case.name, path.display()));
                if meta.is_dir() {
                    std::fs::remove_dir_all(&path).unwrap();
                } else {
                    std::fs::remove_file(&path).unwrap();
                }
            }
        }
    }
    base
}

/// The summary's counts are the diagnostics printed above it (a problem found twice, say by
/// two versions of one file, is one problem).
fn check_summary_counts(case: &Case, stderr: &str) {
    for severity in ["warning", "error"] {
        let printed = stderr
            .lines()
            .filter(|l| l.starts_with(&format!("{severity}[")))
            .count();
        let summary = stderr.lines().rev().find(|l| l.starts_with("kbsite:"));
        let counted = summary.and_then(|l| {
            let words: Vec<&str> = l.split([' ', ',', ';']).collect();
            words
                .windows(2)
                .find(|w| w[1].starts_with(severity))
                .and_then(|w| w[0].parse::<usize>().ok())
        });
        assert_eq!(
            counted.unwrap_or(0),
            printed,
            "{}: the summary counts {severity}s other than those printed:\n{stderr}",
            case.name
        );
    }
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
    if case.kinds.is_empty() {
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{}: expected only the summary:\n{stderr}",
            case.name
        );
        assert!(lines[0].starts_with("kbsite: built"), "{stderr}");
        return;
    }
    check_summary_counts(case, &stderr);
    for kind in case.kinds {
        assert!(
            stderr.contains(&format!("[{kind}]:")),
            "{}: no {kind} reported:\n{stderr}",
            case.name
        );
    }
    let Some((file, severity, needle, nth)) = case.first else {
        return;
    };
    let bytes = std::fs::read(fixture_dir(&format!("invalid/{}", case.name)).join(file)).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let at = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{}: needle {needle:?} #{nth} not in {file}", case.name))
        .0;
    let (line, col) = line_col(&text, at);
    let position = format!("{file}:{line}:{col}");
    let block = stderr
        .split("\n\n")
        .find(|d| d.contains(&format!("{file}:")))
        .unwrap_or_else(|| panic!("{}: no diagnostic about {file}:\n{stderr}", case.name));
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

/// One test per fixture that needs nothing but its files.
macro_rules! fixture_tests {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                run(case($name));
            }
        )*
    };
}

fixture_tests! {
    span_unclosed => "span-unclosed",
    partner_with_another_id => "partner-other-id",
    partner_missing => "partner-missing",
    duplicate_id => "duplicate-id",
    span_nested_in_a_span => "span-nested",
    frontmatter_unclosed => "frontmatter-unclosed",
    invalid_yaml => "yaml-invalid",
    bom_builds_fine => "bom",
    crlf_builds_fine => "crlf",
    empty_file => "empty-file",
    invalid_utf8 => "not-utf8",
    stray_close => "stray-close",
    frontmatter_not_mapping => "frontmatter-not-mapping",
    date_invalid => "date-invalid",
    span_partner_malformed => "span-partner-malformed",
    span_no_local => "span-no-local",
    span_partner_unclosed => "span-partner-unclosed",
    span_tag_malformed => "span-tag-malformed",
    article_no_english => "article-no-english",
    headings_differ => "headings-differ",
    codes_too_many => "codes-too-many",
    link_absent => "link-absent",
    link_unsafe => "link-unsafe",
    media_missing => "media-missing",
    include_missing => "include-missing",
    content_stray_file => "content-stray-file",
    locale_not_canonical => "locale-not-canonical",
    locale_invalid => "locale-invalid",
    media_refused => "media-refused",
    path_reserved => "path-reserved",
    ftl_name => "ftl-name",
    ftl_too_deep => "ftl-too-deep",
    ftl_syntax => "ftl-syntax",
    ftl_duplicate => "ftl-duplicate",
    ftl_cycle => "ftl-cycle",
    ftl_missing_locale => "ftl-missing-locale",
    ftl_missing_key => "ftl-missing-key",
}

#[test]
fn path_unsafe() {
    let project = BuildTest::from_fixture("invalid/path-unsafe").file(UNSAFE, CLEAN);
    run_with(case("path-unsafe"), project);
}

#[test]
fn path_clash() {
    let project = BuildTest::from_fixture("invalid/path-clash").file(CLASH, CLEAN);
    run_with(case("path-clash"), project);
}

#[test]
fn symlink_skipped() {
    let project =
        BuildTest::from_fixture("invalid/symlink-skipped").file("content/ru-RU/real/b.md", CLEAN);
    std::os::unix::fs::symlink("real", project.root().join(LINK)).unwrap();
    run_with(case("symlink-skipped"), project);
}

#[test]
fn symlink_outside() {
    let project = BuildTest::from_fixture("invalid/symlink-outside");
    // A link that leads nowhere: outside the project, and the same on every machine.
    std::os::unix::fs::symlink(
        "/nonexistent/kbsite/outside.md",
        project.root().join(LINK_MD),
    )
    .unwrap();
    run_with(case("symlink-outside"), project);
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

/// Kinds no project on disk can give, with the reason (none today: every kind has a fixture).
const NOT_FROM_DISK: &[(&str, &str)] = &[];

/// Every kind of [`Kind::ALL`] is in README.md's "Problems in the input" table (its name in
/// backquotes), has a help line, and is shown by a fixture: a fixture declares the kinds it
/// shows in its [`Case::kinds`] (checked by [`run_with`]: reported for the fixture, absent
/// from its untouched base). A kind that cannot come from files on disk is listed in
/// [`NOT_FROM_DISK`] with the reason instead.
#[test]
fn every_kind_is_documented_and_has_a_fixture() {
    let readme = std::fs::read_to_string(crate::harness::repo_root().join("README.md")).unwrap();
    let table = readme
        .split("### Problems in the input")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("README.md has a \"Problems in the input\" section");
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    for kind in Kind::ALL {
        let name = kind.name();
        assert!(
            table.contains(&format!("`{name}`")),
            "{name} is not in README.md's \"Problems in the input\" table"
        );
        assert!(!kind.help().trim().is_empty(), "{name} has no help line");
        let shown = CASES.iter().any(|c| c.kinds.contains(&name));
        let excused = NOT_FROM_DISK.iter().any(|(k, _)| *k == name);
        assert!(shown || excused, "no fixture shows {name}");
    }
    for case in CASES {
        for kind in case.kinds {
            assert!(names.contains(kind), "{}: {kind} is no kind", case.name);
        }
    }
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
    let untouched = parse_all(&bytes);
    assert!(untouched.sorted().is_empty(), "{:#?}", untouched.sorted());
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
    let untouched = parse_all(&bytes);
    assert!(untouched.sorted().is_empty(), "{:#?}", untouched.sorted());
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
    let project = BuildTest::from_fixture("invalid/file-too-large").file(BIG, big);
    run_with(case("file-too-large"), project).check_stderr(|stderr| {
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
