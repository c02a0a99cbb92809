//! A locale added by a translator: `kbsite i18n add-locale de-DE`, a partly translated file,
//! then the de-DE site's search box finds German words and English ones, and its language
//! switcher reaches the other locales.

use std::process::Command;

use crate::harness::{repo_root, Browser, Site};
use crate::server::Server;

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

    let site = Site::build(root, None);
    let server = Server::serve(site.dir());
    let browser = Browser::start();
    browser.goto(&server.url("de-DE/"));
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
