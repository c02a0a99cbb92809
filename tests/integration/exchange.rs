//! `kbsite i18n export` and `kbsite i18n import`: round trips on the seeds, validation of
//! the PO (gettext's `msgfmt`) and XLIFF (`xmllint` and structure), and the translator's
//! workflow for a new locale, end to end.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Command, Output};

use crate::harness::*;

fn export(root: &Path, locale: &str, format: &str, file: &str) -> std::path::PathBuf {
    let path = root.join(file);
    let out = kbsite_i18n(
        root,
        &[
            "export",
            "--locale",
            locale,
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    path
}

fn import(root: &Path, file: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["import", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    kbsite_i18n(root, &args)
}

fn content(root: &Path) -> BTreeMap<String, Vec<u8>> {
    read_tree(&root.join("content"))
}

/// Runs an external checker `tool` with `args` on `file`; the test fails (never skips) when
/// the tool is missing (`package` says where it comes from) or rejects the file.
fn tool_accepts(tool: &str, args: &[&str], file: &Path, package: &str) {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .output()
        .unwrap_or_else(|e| panic!("{tool} ({package}) must be installed: {e}"));
    assert!(
        out.status.success(),
        "{tool} rejects {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// gettext's own parser and checker.
fn msgfmt_check(po: &Path) {
    let args = ["--check-format", "--check-header", "-o", "/dev/null"];
    tool_accepts("msgfmt", &args, po, "Debian package gettext");
}

/// libxml2's well-formedness check plus the XLIFF 2.0 core structure kbsite relies on.
fn xliff_check(xlf: &Path, locale: &str) {
    tool_accepts("xmllint", &["--noout"], xlf, "Debian package libxml2-utils");
    let text = std::fs::read_to_string(xlf).unwrap();
    let root = text
        .split("<xliff ")
        .nth(1)
        .and_then(|s| s.split('>').next())
        .expect("<xliff>");
    for attr in [
        "xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"".to_owned(),
        "version=\"2.0\"".to_owned(),
        "srcLang=\"en\"".to_owned(),
        format!("trgLang=\"{locale}\""),
    ] {
        assert!(root.contains(&attr), "<xliff {root}> lacks {attr}");
    }
    // Unit ids are unique within each file, file ids within the document; every <ph> refers
    // to a <data> of its unit and every segment has a source.
    let mut files = BTreeSet::new();
    for file in text.split("<file ").skip(1) {
        let id = file.split('"').nth(1).unwrap().to_owned();
        assert!(files.insert(id.clone()), "file id {id} twice");
        let mut units = BTreeSet::new();
        for unit in file.split("<unit ").skip(1) {
            let unit = unit.split("</unit>").next().unwrap();
            let uid = unit.split('"').nth(1).unwrap().to_owned();
            assert!(
                units.insert(uid.clone()),
                "unit id {uid} twice in file {id}"
            );
            assert_eq!(unit.matches("<source").count(), 1, "{unit}");
            for t in tags(unit).iter().filter(|t| t.name == "ph") {
                let r = t.attr("dataref").expect("dataRef");
                assert!(unit.contains(&format!("<data id=\"{r}\">")), "{unit}");
            }
        }
        assert!(!units.is_empty());
    }
    assert!(!files.is_empty());
}

#[test]
fn untouched_exports_of_both_seeds_import_byte_for_byte_and_validate() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let before = content(root);
    for locale in ["ru-RU", "sv-SE"] {
        for (format, ext) in [("po", "po"), ("xliff", "xlf")] {
            let file = export(root, locale, format, &format!("{locale}.{ext}"));
            match format {
                "po" => msgfmt_check(&file),
                _ => xliff_check(&file, locale),
            }
            for _ in 0..2 {
                let out = import(root, &file, &[]);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                assert!(
                    content(root) == before,
                    "{locale} {format}: import changed content/"
                );
            }
        }
    }
}

#[test]
fn po_export_of_the_stale_seed_carries_context_fuzzy_and_previous_english() {
    let project = BuildTest::from_repo_content();
    let out = kbsite_i18n(
        project.root(),
        &["export", "--locale", "ru-RU", "--format", "po"],
    );
    assert_eq!(out.status.code(), Some(0));
    let po = String::from_utf8(out.stdout).unwrap();
    assert!(po.contains("\"Language: ru-RU\\n\""), "{po}");
    assert!(po.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""));
    // 85 segments of the English source, 4 of them stale (fuzzy, with the previous English).
    assert_eq!(po.matches("\nmsgctxt ").count(), 85);
    assert_eq!(po.matches("#, fuzzy\n").count(), 4);
    assert_eq!(po.matches("\n#| msgid ").count(), 4);
    assert!(po.contains(
        "#, fuzzy\n#| msgid \"The most common errors and their solutions are described in this topic.\"\nmsgctxt \"mail-flow-intelligence-in-eop#c1ac4-110\"\n"
    ));
    // Missing segments point at the English source's file and have an empty msgstr.
    assert!(po.contains(
        "#: content/sv-SE/mail-flow-intelligence-in-eop.md:28\nmsgctxt \"mail-flow-intelligence-in-eop#96d4c-104\"\nmsgid \"**Applies to**\"\nmsgstr \"\"\n"
    ));
    // Heading path and error code of the enclosing section.
    assert!(po.contains("#. error code: 4.4.316\n"), "{po}");
    assert!(po.contains("#. Mail flow intelligence in EOP > Error code: 450 4.4.316"));
    let out = kbsite_i18n(
        project.root(),
        &["export", "--locale", "ru-RU", "--format", "xliff"],
    );
    let xlf = String::from_utf8(out.stdout).unwrap();
    assert_eq!(xlf.matches("<unit ").count(), 85);
    assert_eq!(xlf.matches("subState=\"kbsite:stale\"").count(), 4);
    assert!(xlf.contains("<note category=\"error-code\">4.4.316</note>"));
}

/// Replaces the msgstr of the entry whose msgctxt ends with `#id`.
fn fill(po: &str, id: &str, translation: &str, unfuzzy: bool) -> String {
    let blocks: Vec<String> = po
        .split("\n\n")
        .map(|block| {
            if !block.contains(&format!("#{id}\"\n")) {
                return block.to_owned();
            }
            let keep: Vec<&str> = block
                .lines()
                .take_while(|l| !l.starts_with("msgstr"))
                .filter(|l| !(unfuzzy && (*l == "#, fuzzy" || l.starts_with("#|"))))
                .collect();
            let escaped = translation
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', "\\n");
            format!("{}\nmsgstr \"{escaped}\"", keep.join("\n"))
        })
        .collect();
    let out = blocks.join("\n\n");
    assert_ne!(out, po, "no entry {id}");
    out
}

#[test]
fn a_stale_entry_applied_and_a_missing_one_inserted_in_place() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let before = content(root);
    let file = export(root, "ru-RU", "po", "ru.po");
    let po = std::fs::read_to_string(&file).unwrap();
    let po = fill(
        &po,
        "c1ac4-110",
        "Наиболее распространенные ошибки и их решения описаны в этой статье.",
        true,
    );
    let po = fill(&po, "96d4c-104", "**Применяется к**", false);
    std::fs::write(&file, &po).unwrap();
    msgfmt_check(&file);
    let out = import(root, &file, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = "ru-RU/mail-flow-intelligence-in-eop.md";
    let old = String::from_utf8(before[path].clone()).unwrap();
    let new = std::fs::read_to_string(root.join("content").join(path)).unwrap();
    // The stale pair now has the new translation and the current English.
    assert!(new.contains("<span data-ttu-id=\"c1ac4-110\">Наиболее распространенные ошибки и их решения описаны в этой статье.</span><span class=\"sxs-lookup\"><span data-stu-id=\"c1ac4-110\">The most common errors and their solutions are described in this article.</span></span>"));
    // The missing "Applies to" list is inserted with the source's structure.
    assert!(new.contains("<span data-ttu-id=\"96d4c-104\">**Применяется к**</span>"));
    // Not translated in the PO file: an empty localized half, which the site shows in English.
    assert!(new.contains("<span data-ttu-id=\"96d4c-105\"></span><span class=\"sxs-lookup\"><span data-stu-id=\"96d4c-105\">Exchange Online Protection</span></span>"));
    assert!(new.contains("ms.translationtype: HT\n"));
    assert!(!old.contains("ms.translationtype: HT\n"));
    // Everything else is untouched: the old file minus the edited parts is in the new one.
    let tail_old = &old[old.find("<span data-ttu-id=\"c1ac4-111\">").unwrap()..];
    assert!(new.ends_with(tail_old));
    // Status agrees: one stale segment fewer; of the four missing ones, the translated one counts
    // and the three inserted untranslated (empty) ones are still missing.
    let out = kbsite_i18n(root, &["status"]);
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table.lines().find(|l| l.starts_with("ru-RU")).unwrap();
    assert_eq!(
        row.split_whitespace().skip(3).collect::<Vec<_>>(),
        ["79", "3", "3", "0"],
        "{table}"
    );
    // Importing the same file again changes nothing.
    let once = content(root);
    assert_eq!(import(root, &file, &[]).status.code(), Some(0));
    assert!(content(root) == once);
}

#[test]
fn add_locale_export_fill_reject_fix_import_build() {
    let project = BuildTest::from_repo_content();
    let root_dir = project.root().to_path_buf();
    let root = root_dir.as_path();
    let (file, po, code_id) = a_new_locale_exported_and_filled(root);
    a_lost_error_code_refuses_the_import(root, &file, &po, &code_id);
    the_fixed_file_is_imported_once(root, &file, &po, &code_id);
    the_new_locale_is_built_listed_and_searchable(project, root);
}

/// `add-locale de-DE`, its export (valid PO, nothing fuzzy) with two translations filled
/// in; the PO file, its text and the id of the `4.4.316` heading.
fn a_new_locale_exported_and_filled(root: &Path) -> (std::path::PathBuf, String, String) {
    assert_eq!(
        kbsite_i18n(root, &["add-locale", "de-DE"]).status.code(),
        Some(0)
    );
    let file = export(root, "de-DE", "po", "de.po");
    msgfmt_check(&file);
    let po = std::fs::read_to_string(&file).unwrap();
    assert!(!po.contains("#, fuzzy"));
    let code_id = po
        .split("\n\n")
        .find(|b| b.contains("msgid \"Error code: 450 4.4.316 Connection refused\""))
        .and_then(|b| b.split("msgctxt \"").nth(1))
        .and_then(|s| s.split('"').next())
        .and_then(|c| c.split_once('#'))
        .map(|(_, id)| id.to_owned())
        .expect("the 4.4.316 heading");
    let po = fill(
        &po,
        "96d4c-103",
        "Nachrichtenfluss-Intelligenz in EOP",
        false,
    );
    let po = fill(&po, "96d4c-104", "**Gilt für**", false);
    (file, po, code_id)
}

/// A translation without the heading's error code: refused, with the entry's place, and
/// nothing written.
fn a_lost_error_code_refuses_the_import(root: &Path, file: &Path, po: &str, code_id: &str) {
    let bad = fill(po, code_id, "Fehlercode: 450 Verbindung abgelehnt", false);
    std::fs::write(file, &bad).unwrap();
    let before = content(root);
    let out = import(root, file, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "mail-flow-intelligence-in-eop#{code_id}: error code 4.4.316 is missing"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("de.po:"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(content(root) == before, "a rejected import wrote files");
}

/// The fixed file: the new file has the translations, empty halves elsewhere; importing it
/// again changes nothing, and an export shows the three translations only.
fn the_fixed_file_is_imported_once(root: &Path, file: &Path, po: &str, code_id: &str) {
    let good = fill(
        po,
        code_id,
        "Fehlercode: 450 4.4.316 Verbindung abgelehnt",
        false,
    );
    std::fs::write(file, &good).unwrap();
    let out = import(root, file, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let de = std::fs::read_to_string(root.join("content/de-DE/mail-flow-intelligence-in-eop.md"))
        .unwrap();
    assert!(de.contains("ms.contentlocale: de-DE\n"), "{de}");
    assert!(de.contains("ms.translationtype: HT\n"));
    assert!(de.contains("<span data-ttu-id=\"96d4c-104\">**Gilt für**</span><span class=\"sxs-lookup\"><span data-stu-id=\"96d4c-104\">**Applies to**</span></span>"));
    // Untranslated segments have an empty localized half (the site shows the English, marked).
    assert!(de.contains("<span data-ttu-id=\"96d4c-105\"></span><span class=\"sxs-lookup\"><span data-stu-id=\"96d4c-105\">Exchange Online Protection</span></span>"));
    // Idempotent, and an export of the new file still shows the three translations only.
    let once = content(root);
    assert_eq!(import(root, file, &[]).status.code(), Some(0));
    assert!(content(root) == once);
    let again = export(root, "de-DE", "po", "de2.po");
    let again = std::fs::read_to_string(again).unwrap();
    assert!(again.contains("msgstr \"**Gilt für**\""));
    assert_eq!(
        again.matches("\nmsgstr \"\"\n").count() + 3,
        85 + 1, /* the header */
        "{again}"
    );
}

/// The site with de-DE: its page, the language switchers, the status figures and search.
fn the_new_locale_is_built_listed_and_searchable(project: BuildTest, root: &Path) {
    let built = project.build();
    assert_eq!(built.status(), 0, "{}", built.stderr());
    let mut built = built.check_main("de-DE/mail-flow-intelligence-in-eop/index.html", |main| {
        let text = plain_text(main);
        assert!(
            text.contains("Nachrichtenfluss-Intelligenz in EOP"),
            "{text}"
        );
        assert!(text.contains("Gilt für"), "{text}");
        assert!(text.contains("Verbindung abgelehnt"), "{text}");
        // The other sentences are the English, marked as not translated yet.
        assert!(
            main.contains("<span class=\"seg fallback\" lang=\"en\""),
            "English fallbacks"
        );
        assert!(main.contains("Exchange Online Protection</span>"));
        // The page says how much is translated (a new locale's UI strings are still English).
        assert!(text.contains("3 of 85 sentences translated"), "{text}");
    });
    // The language switcher of every other locale offers de-DE, and de-DE's lists them all.
    for locale in ["en", "ru-RU", "sv-SE"] {
        built = built.check_file(
            &format!("{locale}/mail-flow-intelligence-in-eop/index.html"),
            |html| {
                assert!(
                    html.contains("hreflang=\"de-DE\" lang=\"de-DE\""),
                    "{locale}: de-DE in the switcher"
                );
            },
        );
    }
    // Status figures: 3 translated, the rest missing.
    let status = String::from_utf8(kbsite_i18n(root, &["status"]).stdout).unwrap();
    let row = status
        .lines()
        .find(|l| l.starts_with("de-DE"))
        .unwrap_or_else(|| panic!("{status}"));
    assert_eq!(
        row.split_whitespace().skip(2).collect::<Vec<_>>(),
        ["stale", "3", "0", "82", "0"],
        "{status}"
    );
    // Search works for de-DE: its index has the translated words, stemmed (no German stemmer:
    // lowercased and folded), and its search page exists.
    assert!(root.join("out/de-DE/search/index.html").is_file());
    let shards: String = std::fs::read_dir(root.join("out/de-DE/search/t"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(
        shards.contains("\"abgelehnt\":"),
        "the German word is indexed"
    );
}

/// Reads both exports of the stale ru-RU seed back with a real localization library, the
/// Translate Toolkit (its XLIFF 2.0 and PO stores), and checks what it sees.
#[test]
fn translate_toolkit_reads_the_xliff_and_po_exports() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let xlf = export(root, "ru-RU", "xliff", "ru.xlf");
    let po = export(root, "ru-RU", "po", "ru.po");
    let script = r#"
import sys
from translate.storage import xliff2, pypo
x = [u for u in xliff2.Xliff2File.parsefile(sys.argv[1]).units if not u.isheader()]
p = [u for u in pypo.pofile.parsefile(sys.argv[2]).units if not u.isheader()]
print(len(x), sum(1 for u in x if u.target), len(p), sum(1 for u in p if u.istranslated()), sum(1 for u in p if u.isfuzzy()))
print(p[0].getcontext())
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(&xlf)
        .arg(&po)
        .output()
        .expect("python3 is needed for this test");
    assert!(
        out.status.success(),
        "the Translate Toolkit could not read the exports (install it: python3 -m pip install translate-toolkit):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    // 85 segments; the 81 of ru-RU's file have a target (77 current, 4 stale); PO counts the
    // 4 stale ones as fuzzy, not translated.
    assert_eq!(lines.next(), Some("85 81 85 77 4"), "{text}");
    assert_eq!(
        lines.next(),
        Some("mail-flow-intelligence-in-eop#c1ac4-103"),
        "{text}"
    );
}

#[test]
fn an_import_never_changes_the_structure_of_a_page_nor_leaves_a_file_half_written() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let before = content(root);
    let file = export(root, "ru-RU", "po", "ru.po");
    let po = std::fs::read_to_string(&file).unwrap();
    // A translation that would make a heading of its own: refused, nothing written.
    let hijack = fill(
        &po,
        "c1ac4-110",
        "Наиболее распространенные ошибки описаны в этой статье.\n\n# 4.4.312 Hijack",
        true,
    );
    std::fs::write(&file, &hijack).unwrap();
    let out = import(root, &file, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("a blank line would start a new block")
            && stderr.contains("`#` at a line start would start a new block"),
        "{stderr}"
    );
    assert!(content(root) == before, "a refused import wrote");
    // A translation that would make the file larger than a build reads: refused even with
    // --force.
    let huge = "Ошибка ".repeat(2 * 1024 * 1024);
    std::fs::write(&file, fill(&po, "c1ac4-110", &huge, true)).unwrap();
    let out = import(root, &file, &["--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 10485760 bytes a build reads"));
    assert!(content(root) == before, "an oversized import wrote");
    // A good import writes through a temporary file: none is left beside the article.
    let good = fill(
        &po,
        "c1ac4-110",
        "Наиболее распространенные ошибки описаны в этой статье.",
        true,
    );
    std::fs::write(&file, good).unwrap();
    assert_eq!(import(root, &file, &[]).status.code(), Some(0));
    let after = content(root);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    // What a kill between the write and the rename leaves (a dot-file beside the article)
    // is not content: the next build is clean of it.
    std::fs::write(
        root.join("content/ru-RU/.mail-flow-intelligence-in-eop.md.kbsite-1"),
        "<span data-ttu-id=\"x\">cut",
    )
    .unwrap();
    let built = project.build().check_status(0);
    built.check_stderr(|stderr| assert!(!stderr.contains(".kbsite-1"), "{stderr}"));
}

#[cfg(unix)]
#[test]
fn an_import_does_not_write_through_a_symlinked_locale_folder() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let file = export(root, "ru-RU", "po", "ru.po");
    let po = std::fs::read_to_string(&file).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("ru-RU");
    std::fs::rename(root.join("content/ru-RU"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, root.join("content/ru-RU")).unwrap();
    let before = read_tree(outside.path());
    std::fs::write(
        &file,
        fill(
            &po,
            "c1ac4-110",
            "Наиболее распространенные ошибки описаны в этой статье.",
            true,
        ),
    )
    .unwrap();
    let out = import(root, &file, &[]);
    assert_ne!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        read_tree(outside.path()) == before,
        "wrote through the link"
    );
}
