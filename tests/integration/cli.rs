//! The `kbsite build` command line: exit codes, the summary, warnings with positions, the
//! output directory rules and deterministic output.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use crate::harness::{kbsite, line_col, read_tree, repo_root, BuildTest};
use crate::model::SLUG;

#[test]
fn build_succeeds_and_prints_a_summary() {
    BuildTest::from_repo_content()
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            let summary = stderr.lines().last().expect("a summary line").to_owned();
            assert!(summary.starts_with("kbsite: built"), "{summary}");
            for word in ["1 article", "6 codes", "pages", "warnings", " s "] {
                assert!(summary.contains(word), "no {word:?} in {summary}");
            }
            for locale in ["en 9", "ru-RU 9", "sv-SE 9"] {
                assert!(summary.contains(locale), "no {locale:?} in {summary}");
            }
            let warnings =
                stderr.matches("\nwarning[").count() + usize::from(stderr.starts_with("warning["));
            assert!(
                summary.contains(&format!("{warnings} warnings")),
                "{warnings} warnings printed, summary says: {summary}"
            );
        })
        .check_file("index.html", |html| assert!(html.contains("<html")))
        .check_file(".kbsite", |_| {});
}

/// `file:line:column` of the first occurrence of `needle` in a seed file.
fn position(locale: &str, needle: &str) -> String {
    let rel = format!("content/{locale}/{SLUG}.md");
    let text = std::fs::read_to_string(repo_root().join(&rel)).unwrap();
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {rel}"));
    let (line, col) = line_col(&text, at);
    format!("{rel}:{line}:{col}")
}

/// Checks that `stderr` has a `kind` warning pointing at each position.
fn expect_warnings(stderr: &str, expect: &[(&str, String)]) {
    for (kind, at) in expect {
        let found = stderr.split("\n\n").any(|d| {
            d.starts_with(&format!("warning[{kind}]")) && d.contains(&format!("┌─ {at}\n"))
        });
        assert!(found, "no {kind} warning at {at} in:\n{stderr}");
    }
    assert!(
        !stderr.contains("error["),
        "the seeds have errors:\n{stderr}"
    );
}

#[test]
fn warnings_for_absent_links_and_includes_have_positions() {
    let build = BuildTest::from_repo_content().build().check_status(0);
    expect_warnings(
        &build.stderr(),
        &[
            ("include-missing", position("sv-SE", "[!INCLUDE")),
            (
                "link-absent",
                position("sv-SE", "[<span data-ttu-id=\"96d4c-105\">"),
            ),
            (
                "link-absent",
                position("sv-SE", "[<span data-ttu-id=\"96d4c-107\">"),
            ),
        ],
    );
}

#[test]
fn links_and_images_inside_segments_are_reported_at_their_own_position() {
    // The link or image inside the localized text, not the start of its pair.
    let build = BuildTest::from_repo_content().build().check_status(0);
    expect_warnings(
        &build.stderr(),
        &[
            ("link-absent", position("sv-SE", "[administrationscentret")),
            ("link-absent", position("sv-SE", "[godkända domäner")),
            ("media-missing", position("sv-SE", "![ bort]")),
            ("media-missing", position("ru-RU", "![ значок удаления\"]")),
        ],
    );
}

/// `dir` holds the seed site, file for file and byte for byte as a build with `--out` writes
/// it (the `.kbsite` marker included).
fn assert_is_the_seed_site(dir: &Path, context: &str) {
    static SEEDS: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    let want = SEEDS.get_or_init(|| {
        let build = BuildTest::from_repo_content().build().check_status(0);
        read_tree(&build.out())
    });
    let got = read_tree(dir);
    assert!(
        got.contains_key("index.html") && got.contains_key(".kbsite"),
        "no site in {}: {context}",
        dir.display()
    );
    let differ: Vec<_> = want
        .keys()
        .chain(got.keys())
        .filter(|k| want.get(*k) != got.get(*k))
        .collect();
    assert!(differ.is_empty(), "{context}: {differ:?} differ");
}

#[test]
fn out_defaults_to_root_site() {
    let project = BuildTest::from_repo_content();
    let assert = kbsite()
        .arg("build")
        .arg("--root")
        .arg(project.root())
        .assert()
        .code(0);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let site = project.root().join("site");
    assert_is_the_seed_site(&site, &stderr);
    assert!(!project.out().exists());
}

#[test]
fn root_defaults_to_the_current_directory() {
    let project = BuildTest::from_repo_content();
    kbsite()
        .current_dir(project.root())
        .arg("build")
        .assert()
        .code(0);
    assert_is_the_seed_site(&project.root().join("site"), "--root defaulted");
}

#[test]
fn a_relative_out_is_relative_to_the_current_directory() {
    let project = BuildTest::from_repo_content();
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("r")).unwrap();
    kbsite()
        .current_dir(work.path())
        .arg("build")
        .arg("--root")
        .arg(project.root())
        .args(["--out", "r/site"])
        .assert()
        .code(0);
    assert_is_the_seed_site(&work.path().join("r/site"), "--out r/site");
    assert!(!project.root().join("r").exists());
}

#[test]
fn strict_fails_on_warnings_and_writes_nothing() {
    // The repository's content has warnings (links to absent articles).
    let project = BuildTest::from_repo_content().build().check_status(0);
    let before = read_tree(&project.out());
    let project = project.arg("--strict").build().check_status(1);
    let project = project.check_stderr(|stderr| {
        assert!(stderr.contains("warning["), "{stderr}");
        let last = stderr.lines().last().unwrap_or_default();
        assert!(
            last.contains("build failed:") && last.contains("--strict"),
            "{stderr}"
        );
    });
    assert_eq!(
        read_tree(&project.out()),
        before,
        "the previous site changed"
    );
    // The same from kbsite.toml, into a fresh output: none is made.
    let project = BuildTest::from_repo_content();
    let config = std::fs::read_to_string(project.root().join("kbsite.toml")).unwrap();
    let project = project
        .file("kbsite.toml", format!("strict = true\n{config}"))
        .build()
        .check_status(1);
    assert!(!project.out().exists());
    // Without warnings, strict builds.
    BuildTest::from_fixture("invalid/bom")
        .arg("--strict")
        .build()
        .check_status(0);
}

#[test]
fn a_missing_root_is_a_usage_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-project");
    let assert = kbsite()
        .arg("build")
        .arg("--root")
        .arg(&missing)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains(&*missing.to_string_lossy()), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_root_without_content_is_an_io_error_naming_the_folder() {
    BuildTest::empty()
        .file("kbsite.toml", "")
        .build()
        .check_status(2)
        .check_stderr(|stderr| assert!(stderr.contains("content"), "{stderr}"));
}

#[test]
fn unknown_flags_and_config_keys_are_usage_errors() {
    kbsite().arg("build").arg("--no-such-flag").assert().code(2);
    BuildTest::from_repo_content()
        .file("kbsite.toml", "base_url = \"/\"\ntitel = \"x\"\n")
        .build()
        .check_status(2)
        .check_stderr(|stderr| {
            assert!(stderr.contains("kbsite.toml:2:1"), "{stderr}");
            assert!(stderr.contains("titel"), "{stderr}");
        });
}

#[test]
fn a_foreign_out_dir_is_refused_and_left_intact() {
    let project = BuildTest::from_repo_content()
        .file("out/keep.txt", "mine")
        .file("out/sub/notes.md", "also mine");
    let before = read_tree(&project.out());
    let project = project.build().check_status(2).check_stderr(|stderr| {
        assert!(stderr.contains("out"), "{stderr}");
        assert!(stderr.contains(".kbsite"), "{stderr}");
    });
    assert_eq!(read_tree(&project.out()), before);
    // No staging folder left behind either.
    let leftovers = crate::harness::staging_leftovers(project.root());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_empty_out_dir_and_a_previous_build_are_replaced() {
    let project = BuildTest::from_repo_content().build().check_status(0);
    std::fs::write(project.out().join("stale.html"), "old").unwrap();
    let project = project.build().check_status(0);
    assert!(!project.out().join("stale.html").exists());
    assert_is_the_seed_site(&project.out(), "the rebuilt site");

    let empty = BuildTest::from_repo_content();
    std::fs::create_dir(empty.out()).unwrap();
    empty
        .build()
        .check_status(0)
        .check_file("index.json", |_| {});
}

#[test]
fn two_builds_give_identical_bytes() {
    let project = BuildTest::from_repo_content().build().check_status(0);
    let first = read_tree(&project.out());
    let second_out = project.root().join("out2");
    kbsite()
        .arg("build")
        .arg("--root")
        .arg(project.root())
        .arg("--out")
        .arg(&second_out)
        .assert()
        .code(0);
    let second = read_tree(&second_out);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
    // A rebuild in place gives the same bytes too.
    let project = project.build().check_status(0);
    assert!(
        read_tree(&project.out()) == first,
        "rebuild in place differs"
    );
}

#[test]
fn base_url_goes_into_canonical_and_alternate_links() {
    BuildTest::from_repo_content()
        .arg("--base-url")
        .arg("https://help.example.com/kb")
        .build()
        .check_status(0)
        .check_file(&format!("ru-RU/{SLUG}/index.html"), |html| {
            assert!(
                html.contains(&format!(
                    "<link rel=\"canonical\" href=\"https://help.example.com/kb/ru-RU/{SLUG}/\">"
                )),
                "{html}"
            );
            assert!(html.contains(&format!(
                "hreflang=\"sv-SE\" href=\"https://help.example.com/kb/sv-SE/{SLUG}/\""
            )));
        })
        .check_file("index.json", |json| {
            assert!(json.contains("\"base_url\": \"https://help.example.com/kb/\""))
        });
}

#[test]
fn content_errors_exit_1_with_a_failure_summary() {
    BuildTest::from_fixture("invalid/span-unclosed")
        .build()
        .check_status(1)
        .check_stderr(|stderr| {
            let last = stderr.lines().last().unwrap_or_default();
            assert!(last.contains("build failed: 1 error"), "{stderr}");
        });
}

#[test]
fn a_failed_build_leaves_the_previous_site_intact() {
    let project = BuildTest::from_repo_content().build().check_status(0);
    let before = read_tree(&project.out());
    // Unclose one pair in the middle of the ru-RU seed.
    let rel = format!("content/ru-RU/{SLUG}.md");
    let text = std::fs::read_to_string(project.root().join(&rel)).unwrap();
    let pair = "<span data-ttu-id=\"c1ac4-114\">";
    let at = text.find(pair).unwrap();
    let close = at + text[at..].find("</span>").unwrap();
    let damaged = format!("{}{}", &text[..close], &text[close + "</span>".len()..]);
    let (line, col) = line_col(&text, at);
    let project = project
        .file(&rel, damaged)
        .build()
        .check_status(1)
        .check_stderr(|stderr| {
            assert!(stderr.contains(&format!("{rel}:{line}:{col}")), "{stderr}");
        });
    assert!(
        read_tree(&project.out()) == before,
        "a failed build changed out/"
    );
}

#[test]
fn a_translation_without_some_code_sections_still_builds() {
    // An older translation that ends before the 4.4.316 section: the site must still be
    // built (the missing code pages fall back to another locale's text), not abort.
    let rel = format!("content/ru-RU/{SLUG}.md");
    let project = BuildTest::from_repo_content();
    let text = std::fs::read_to_string(project.root().join(&rel)).unwrap();
    let cut = text
        .find("## <a name=\"error-code-450-44316-connection-refused\">")
        .unwrap();
    let project = project.file(&rel, &text[..cut]).build().check_status(0);
    for code in ["4.4.312", "4.4.316", "4.7.320"] {
        let html = project.read(&format!("ru-RU/codes/{code}/index.html"));
        assert!(html.contains(code), "{code}");
    }
}

#[test]
fn diagnostics_keep_their_positions_when_the_build_stops_early() {
    // A broken template stops the build (exit 2); the content warnings printed before the
    // error still say where they are.
    BuildTest::from_fixture("invalid/stray-close")
        .file(
            "templates/article.html",
            "{% extends \"base.html\" %}\n{% block main %}{{ article.html | safe }{% endblock main %}\n",
        )
        .build()
        .check_status(2)
        .check_stderr(|stderr| {
            assert!(stderr.contains("article.html"), "{stderr}");
            assert!(stderr.contains("content/ru-RU/a.md:10:14"), "{stderr}");
        });
}

fn check(root: &std::path::Path, json: bool) -> std::process::Output {
    let mut cmd = kbsite();
    cmd.arg("check").arg("--root").arg(root);
    if json {
        cmd.args(["--format", "json"]);
    }
    let out = cmd.output().expect("run kbsite");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    out
}

#[test]
fn check_reports_everything_and_writes_nothing() {
    let seeds = BuildTest::from_repo_content();
    let out = check(seeds.root(), true);
    assert_eq!(
        out.status.code(),
        Some(1),
        "warnings are problems for check"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    // The seeds' own warnings (their links and includes point into the full docs repository):
    // recount with `cargo run -- check`, whose last line lists them by kind.
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(0), Some(11))
    );
    assert_eq!(json["kinds"]["link-absent"], 6);
    let first = &json["diagnostics"][0];
    assert!(first["path"].as_str().unwrap().starts_with("content/"));
    assert!(first["line"].as_u64().unwrap() > 0 && first["column"].as_u64().unwrap() > 0);
    assert!(!seeds.root().join("site").exists(), "check writes nothing");

    // Text mode: snippets on stderr, then the counts.
    let out = check(seeds.root(), false);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("mail-flow-intelligence-in-eop.md:"),
        "{stderr}"
    );
    assert!(stderr.trim_end().ends_with("kbsite check: 0 errors, 11 warnings (include-missing 1, link-absent 6, media-missing 4)"), "{stderr}");

    // Content errors do not stop it: the render-time problems are found too.
    let broken = BuildTest::from_fixture("invalid/span-unclosed");
    let out = check(broken.root(), true);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["errors"].as_u64().unwrap() >= 1, "{json}");

    // A clean project passes.
    let clean = BuildTest::empty().file(
        "content/sv-SE/a.md",
        "# <span data-ttu-id=\"1\">Rubrik</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Title</span></span>\n",
    );
    assert_eq!(check(clean.root(), false).status.code(), Some(0));

    // A missing root is a usage/IO error.
    assert_eq!(
        check(&seeds.root().join("nope"), false).status.code(),
        Some(2)
    );
}

#[test]
fn a_reader_that_closes_stdout_early_is_not_an_error() {
    let project = BuildTest::from_repo_content();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kbsite"))
        .args(["check", "--format", "json", "--root"])
        .arg(project.root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -c 0`: the reader goes away before kbsite writes.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // 1: the repository's content has warnings; never 2 (an I/O error) for the closed pipe.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("<stdout>"), "{stderr}");
}
