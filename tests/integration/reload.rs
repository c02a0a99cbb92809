//! A build keeps only the outline of each article and reads its text again to render it
//! (`model::Keep::Outline`, `model::reload`). The article that comes back must be the one a
//! build keeping the text makes, field for field (of the frontmatter, the fields pages show),
//! on the seeds, the real corpus sample and a generated corpus.

use std::path::Path;

use kbsite::diagnostics::{Diagnostic, Diagnostics};
use kbsite::model::{self, Document, Keep, Site};
use kbsite::source::{Content, Source};

use crate::harness::{repo_root, BuildTest};

use crate::generated as corpus;

/// Reads and parses one file, as a build does the first time.
fn read(_: usize, s: &Source) -> std::io::Result<(Option<Document>, Vec<Diagnostic>)> {
    let bytes = std::fs::read(&s.abs)?;
    Ok(model::document(s.clone(), &bytes))
}

/// Reads and parses one file again, as a build does to render it: the body only.
fn reread(_: usize, s: &Source) -> std::io::Result<(Option<Document>, Vec<Diagnostic>)> {
    let bytes = std::fs::read(&s.abs)?;
    Ok(model::document_body(s.clone(), &bytes))
}

/// The content of the project at `root`, and its model built keeping `keep`.
fn build(root: &Path, keep: Keep) -> (Content, Site) {
    let mut diags = Diagnostics::default();
    let content = kbsite::source::discover(root, &mut diags).expect("discover");
    let locales = kbsite::config::site_locales(&[], &content.locales);
    let (site, _, _) = model::build(&content.markdown, &locales, &read, keep).unwrap();
    (content, site)
}

/// Builds the project at `root` both ways and compares every article; returns how many
/// versions had sentences put in (so the test knows that path ran).
fn reload_matches_build(root: &Path) -> usize {
    let (_, mut full) = build(root, Keep::Text);
    let (content, outline) = build(root, Keep::Outline);
    assert_eq!(full.articles.len(), outline.articles.len());
    assert!(
        !full.articles.is_empty(),
        "{} has no articles",
        root.display()
    );
    let mut filled = 0;
    let mut shown = 0;
    for (want, slim) in full.articles.iter_mut().zip(&outline.articles) {
        assert!(
            slim.versions.values().all(|v| v.markdown.is_empty()),
            "{}: the outline keeps text",
            slim.slug
        );
        let got = model::reload(slim, &content.markdown, &reread)
            .unwrap()
            .unwrap_or_else(|| panic!("{}: reload found changed files", slim.slug));
        for v in want.versions.values_mut() {
            v.frontmatter
                .retain(|key, _| model::SHOWN_FIELDS.contains(&key.as_str()));
            shown += v.frontmatter.len();
        }
        assert_eq!(
            format!("{want:#?}"),
            format!("{got:#?}"),
            "{}: reloaded article differs",
            want.slug
        );
        filled += want
            .versions
            .values()
            .filter(|v| !v.inserted.is_empty())
            .count();
    }
    assert!(shown > 0, "{}: no version kept a field", root.display());
    filled
}

#[test]
fn reload_gives_the_built_article_on_the_seeds() {
    let project = BuildTest::from_repo_content();
    assert!(
        reload_matches_build(project.root()) > 0,
        "no version had sentences put in"
    );
}

#[test]
fn reload_gives_the_built_article_on_the_corpus_sample() {
    reload_matches_build(&repo_root().join("tests/fixtures/corpus"));
}

#[test]
fn reload_gives_the_built_article_on_a_generated_corpus() {
    let project = BuildTest::empty();
    corpus::generate(project.root(), 40, corpus::Codes::Shared).expect("generate the corpus");
    assert!(reload_matches_build(project.root()) > 0);
}

#[test]
fn reload_notices_a_file_that_changed() {
    let project = BuildTest::from_repo_content();
    let root = project.root();
    let (content, outline) = build(root, Keep::Outline);
    let ru = root.join("content/ru-RU/mail-flow-intelligence-in-eop.md");
    std::fs::remove_file(&ru).unwrap();
    let gone = model::reload(&outline.articles[0], &content.markdown, &read);
    assert!(gone.is_err(), "a removed file is an I/O error");
    std::fs::write(&ru, "---\ntitle: x\n---\n# x\n").unwrap();
    let changed = model::reload(&outline.articles[0], &content.markdown, &read).unwrap();
    assert!(
        changed.is_none(),
        "a file whose text no longer fits the outline"
    );
}
