//! A locale added by a translator: `kbsite i18n add-locale de-DE`, a partly translated file,
//! then the de-DE site's search box finds German words and English ones, and its language
//! switcher reaches the other locales. Locales added with no UI strings translated (de-DE,
//! ja-JP of `tests/fixtures/new-locale`) are named in their own language, their English
//! chrome (the search box's too) is marked `lang="en"`, and Japanese is set in a Japanese
//! font wherever it appears.

use std::process::Command;

use crate::harness::{repo_root, Site};
use crate::session::Session;

#[test]
fn a_new_locale_is_searchable() {
    let project = tempfile::tempdir().expect("temp dir");
    let root = project.path();
    for dir in ["content", "locales"] {
        copy(&repo_root().join(dir), &root.join(dir));
    }
    std::fs::copy(repo_root().join("kbsite.toml"), root.join("kbsite.toml")).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_kbsite"))
        .args(["i18n", "add-locale", "de-DE", "--root"])
        .arg(root)
        .status()
        .unwrap();
    assert!(status.success());
    // A "German" file: the sv-SE file relabelled, with the 4.4.316 heading in German.
    let sv = std::fs::read_to_string(root.join("content/sv-SE/mail-flow-intelligence-in-eop.md"))
        .unwrap();
    let de = sv
        .replace("ms.contentlocale: sv-SE", "ms.contentlocale: de-DE")
        .replace(
            "<span data-ttu-id=\"96d4c-135\">Felkod: 450 4.4.316 Anslutningen är inte säker</span>",
            "<span data-ttu-id=\"96d4c-135\">Fehlercode: 450 4.4.316 Verbindung abgelehnt</span>",
        );
    assert!(
        de.contains("Verbindung abgelehnt"),
        "the 4.4.316 heading of the sv-SE seed changed"
    );
    std::fs::write(
        root.join("content/de-DE/mail-flow-intelligence-in-eop.md"),
        de,
    )
    .unwrap();

    let session = Session::serve(Site::build(root, None));
    let Session { browser, .. } = &session;
    session.open("de-DE/");
    for query in [
        "abgelehnt",
        "Verbindung abgelehnt",
        "connection refused",
        "4.4.316",
    ] {
        let results = browser.search(query);
        let first = results
            .hits
            .first()
            .unwrap_or_else(|| panic!("{query}: nothing found: {}", results.describe()));
        assert_eq!(
            first.code.as_deref(),
            Some("4.4.316"),
            "{query}: {}",
            results.describe()
        );
        assert!(
            first.href.contains("/de-DE/codes/4.4.316/"),
            "{query}: stays in de-DE: {}",
            first.href
        );
    }
}

/// Matches nothing in any locale.
const NOTHING: &str = "zqxjvkw";

#[test]
fn a_new_locale_is_named_marked_and_set_in_its_script() {
    let project = tempfile::tempdir().expect("temp dir");
    let root = project.path();
    copy(&repo_root().join("tests/fixtures/new-locale"), root);
    for tag in ["de-DE", "ja-JP"] {
        let status = Command::new(env!("CARGO_BIN_EXE_kbsite"))
            .args(["i18n", "add-locale", tag, "--root"])
            .arg(root)
            .status()
            .unwrap();
        assert!(status.success(), "add-locale {tag}");
    }
    let session = Session::serve(Site::build(root, None));
    let Session { browser, .. } = &session;
    let font = |css: &str| -> String {
        browser
            .js(
                "const e = document.querySelector(arguments[0]);\
                 return e ? getComputedStyle(e).fontFamily : 'no ' + arguments[0];",
                vec![css.into()],
            )
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };

    session.open("ja-JP/connector-errors/");
    let names = browser.js(
        "return [...document.querySelectorAll('.lang-switcher a')]\
         .map(a => a.firstChild.textContent.trim());",
        vec![],
    );
    assert_eq!(
        names,
        serde_json::json!(["English", "Русский", "Deutsch", "日本語"])
    );
    let japanese = font("h1");
    for family in ["Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP"] {
        assert!(japanese.contains(family), "ja-JP h1: {japanese}");
    }
    assert!(
        japanese.find("Segoe UI") < japanese.find("Hiragino Sans"),
        "Latin letters first, from a font with no Han: {japanese}"
    );
    let english = font(".site-footer span[lang=\"en\"]");
    assert!(
        english.starts_with("system-ui") && !english.contains("CJK"),
        "English chrome on ja-JP: {english}"
    );
    assert!(
        font(".code-badge .enhanced").contains("monospace"),
        "codes stay monospace"
    );

    // An English page sets the Japanese name in its switcher in a Japanese font.
    session.open("en/");
    let name = font(".lang-switcher a[lang=\"ja-JP\"]");
    assert!(name.contains("Noto Sans CJK JP"), "日本語 on en: {name}");
    assert!(!font("h1").contains("CJK"), "English stays in the UI font");

    // The search box's strings, English on de-DE, are marked so too.
    session.open("de-DE/");
    let results = browser.search(NOTHING);
    assert!(results.hits.is_empty(), "{}", results.describe());
    let marked = browser.js(
        "return [...document.querySelectorAll('.search-empty [lang]')]\
         .map(e => e.lang + ':' + e.textContent);",
        vec![],
    );
    let marked: Vec<&str> = marked
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    assert!(
        marked.len() == 2 && marked.iter().all(|m| m.starts_with("en:")),
        "{marked:?}: {}",
        results.describe()
    );
    browser.assert_console_clean("new locales");
}

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
