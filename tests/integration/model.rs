//! The site model of the two seed articles: a snapshot of the whole model, and the facts the
//! issue states about it (stale counts, English source, codes, localized titles).

use std::path::Path;

use kbsite::diagnostics::{Diagnostics, Severity};
use kbsite::model::{Article, Origin, Site, Status};

use crate::harness::BuildTest;

/// Loads the model of the project at `root`; panics on an I/O error.
pub fn load(root: &Path) -> (Site, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (site, _content, _cpu) = kbsite::load(root, &[], &mut diags, &mut |_stage| {})
        .unwrap_or_else(|e| panic!("load {}: {e}", root.display()));
    (site, diags)
}

/// The model of the project at `root`; panics if it has errors.
pub fn load_clean(root: &Path) -> Site {
    let (site, diags) = load(root);
    let errors: Vec<_> = diags
        .sorted()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors.is_empty(),
        "{} has errors: {errors:#?}",
        root.display()
    );
    site
}

/// The model of a copy of the repository's `content/`.
pub fn seeds() -> Site {
    load_clean(BuildTest::from_repo_content().root())
}

pub const SLUG: &str = "mail-flow-intelligence-in-eop";

fn article(site: &Site) -> &Article {
    site.articles
        .iter()
        .find(|a| a.slug == SLUG)
        .expect("the seed article")
}

#[test]
fn seeds_model_snapshot() {
    insta::assert_yaml_snapshot!("seeds_model", seeds());
}

#[test]
fn both_seeds_are_one_article_in_three_locales() {
    let site = seeds();
    assert_eq!(site.locales, ["en", "ru-RU", "sv-SE"]);
    assert_eq!(site.articles.len(), 1);
    let a = article(&site);
    assert_eq!(
        a.asset_id.as_deref(),
        Some("c29f75e5-c16e-409e-a123-430691e38276")
    );
    assert_eq!(
        a.versions.keys().map(String::as_str).collect::<Vec<_>>(),
        ["en", "ru-RU", "sv-SE"]
    );
    assert_eq!(a.versions["ru-RU"].path, format!("content/ru-RU/{SLUG}.md"));
    assert_eq!(a.versions["sv-SE"].path, format!("content/sv-SE/{SLUG}.md"));
}

#[test]
fn ru_is_stale_sv_is_current_en_comes_from_sv() {
    let site = seeds();
    let a = article(&site);
    let ru = &a.versions["ru-RU"];
    assert!(
        matches!(
            ru.status,
            Status::Stale {
                changed: 4,
                missing: 4,
                ..
            }
        ),
        "ru-RU status: {:?}",
        ru.status
    );
    assert_eq!(ru.origin, Origin::Translation);
    let sv = &a.versions["sv-SE"];
    assert_eq!(sv.status, Status::Current);
    assert_eq!(sv.origin, Origin::Translation);
    let en = &a.versions["en"];
    assert_eq!(en.origin, Origin::EnglishHalves("sv-SE".into()));
    assert_eq!(en.status, Status::Source);
    assert_eq!(a.english_source.as_deref(), Some("sv-SE"));
    // Translation metadata from the frontmatter.
    let ru_t = ru.translation.as_ref().expect("ru-RU translation metadata");
    assert_eq!(ru_t.kind.as_deref(), Some("MT"));
    assert_eq!(ru_t.handoff.as_deref(), Some("2020-08-29"));
    assert_eq!(
        ru_t.source_revision.as_deref(),
        Some("555d756c69ac9031d1fb928f2e1f9750beede066")
    );
    let sv_t = sv.translation.as_ref().expect("sv-SE translation metadata");
    assert_eq!(sv_t.handoff.as_deref(), Some("2021-03-19"));
    // All frontmatter keys are kept, lists included.
    assert_eq!(ru.frontmatter["f1.keywords"], serde_json::json!(["NOCSH"]));
    assert_eq!(
        ru.frontmatter["ms.locfileid"],
        serde_json::json!("47307921")
    );
    assert_eq!(sv.frontmatter["ms.technology"], serde_json::json!("mdo"));
}

#[test]
fn six_codes_with_reply_class_and_subject() {
    let site = seeds();
    let codes: Vec<(&str, Option<&str>, u8, u16)> = site
        .codes
        .iter()
        .map(|c| (c.enhanced.as_str(), c.reply.as_deref(), c.class, c.subject))
        .collect();
    assert_eq!(
        codes,
        [
            ("4.4.312", Some("450"), 4, 4),
            ("4.4.315", Some("450"), 4, 4),
            ("4.4.316", Some("450"), 4, 4),
            ("4.4.317", Some("450"), 4, 4),
            ("4.4.318", Some("450"), 4, 4),
            ("4.7.320", Some("450"), 4, 7),
        ]
    );
    let details: Vec<u16> = site.codes.iter().map(|c| c.detail).collect();
    assert_eq!(details, [312, 315, 316, 317, 318, 320]);
    for code in &site.codes {
        assert_eq!(code.occurrences.len(), 1, "{}", code.enhanced);
        assert_eq!(code.occurrences[0].article, SLUG);
    }
    assert_eq!(
        site.codes[0].occurrences[0].section,
        "error-code-450-44312-dns-query-failed"
    );
    assert_eq!(
        article(&site).other_codes.as_deref(),
        Some("other-error-codes")
    );
}

#[test]
fn every_locale_has_every_code_with_localized_titles_causes_and_fixes() {
    let site = seeds();
    let a = article(&site);
    for (locale, v) in &a.versions {
        let enhanced: Vec<&str> = v.codes.iter().map(|c| c.enhanced.as_str()).collect();
        assert_eq!(
            enhanced,
            ["4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320"],
            "{locale}"
        );
        for c in v.codes.iter() {
            assert!(!c.title.is_empty(), "{locale} {}: empty title", c.enhanced);
            assert!(
                !c.title.contains(&c.enhanced),
                "{locale}: title keeps the code: {}",
                c.title
            );
            assert!(
                !c.description.is_empty(),
                "{locale} {}: empty description",
                c.enhanced
            );
            assert!(
                c.fix_section.is_some(),
                "{locale} {}: no fix section",
                c.enhanced
            );
        }
    }
    let title = |locale: &str| a.versions[locale].codes[0].title.as_str();
    assert_eq!(title("ru-RU"), "Сбой запроса DNS");
    assert_eq!(title("sv-SE"), "DNS-frågan misslyckades");
    assert_eq!(title("en"), "DNS query failed");
    // The label goes wherever the translation put it.
    for locale in ["en", "ru-RU", "sv-SE"] {
        for c in a.versions[locale].codes.iter() {
            for label in ["Error code", "Код ошибки", "Felkod"] {
                assert!(
                    !c.title.contains(label),
                    "{locale}: label left in {}",
                    c.title
                );
            }
        }
    }
    // The English description, which the source lacks, comes from the first paragraph.
    assert!(
        a.versions["en"]
            .description
            .starts_with("In Microsoft 365 organizations"),
        "{}",
        a.versions["en"].description
    );
}

#[test]
fn localized_titles_of_the_article() {
    let site = seeds();
    let a = article(&site);
    assert_eq!(a.versions["en"].title, "Mail flow intelligence in EOP");
    assert_eq!(
        a.versions["ru-RU"].title,
        "Логика обмена корреспонденцией почты в EOP"
    );
    assert_eq!(a.versions["sv-SE"].title, "E-postflödesinformation i EOP");
}
