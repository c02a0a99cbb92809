//! The first result of real queries typed into the search box of the seed site, in all three
//! locales: every code notation, a pasted bounce line, words in Russian, Swedish and English
//! with their inflections and diacritics, English on the translated sites, case, multi-word
//! ranking. One line of [`TABLE`] per query.
//!
//! Every query of a locale is typed into the box of that locale's home page, one after the
//! other (the box is cleared in between). Besides the expectation, every result must link
//! inside the locale to a file of the site, and to an element with the fragment's id.
//! All failures of a locale are reported together.

use crate::harness::{Results, Site};
use crate::session::Session;

/// What the results of a query must be.
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// The first result is this code (its `data-code`, its code page or its article section).
    First(&'static str),
    /// Every code of the first list is among the results, none of the second, and the first
    /// result is one of the first list.
    All(&'static [&'static str], &'static [&'static str]),
}

use Expect::{All, First};

const BOUNCE: &str =
    "Remote Server returned '450 4.4.316 Connection refused [Message=Socket error code 10061]'";
const ALL_44_31X: &[&str] = &["4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318"];
const ALL_450: &[&str] = &[
    "4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320",
];

/// (locale, query, expectation). The seed's codes: 4.4.312 DNS query failed, 4.4.315
/// Connection timed out, 4.4.316 Connection refused, 4.4.317 Cannot connect to remote server,
/// 4.4.318 Connection was closed abruptly, 4.7.320 Certificate validation failed; all 450.
#[rustfmt::skip]
pub const TABLE: &[(&str, &str, Expect)] = &[
    // Codes, every notation.
    ("en",    "4.4.316",                           First("4.4.316")),
    ("en",    "4 4 316",                           First("4.4.316")),
    ("en",    "44316",                             First("4.4.316")),
    ("en",    "450 4.4.316",                       First("4.4.316")),
    ("en",    "450-4-4-316",                       First("4.4.316")),
    ("en",    "4.7.320",                           First("4.7.320")),
    ("en",    "Error code: 450 4.4.318",           First("4.4.318")),
    ("en",    BOUNCE,                              First("4.4.316")),
    ("en",    "4.4.31",                            All(ALL_44_31X, &["4.7.320"])),
    ("en",    "450",                               All(ALL_450, &[])),
    ("ru-RU", "4 4 316",                           First("4.4.316")),
    ("ru-RU", "450-4-4-316",                       First("4.4.316")),
    ("ru-RU", "4.4.312",                           First("4.4.312")),
    ("ru-RU", BOUNCE,                              First("4.4.316")),
    ("ru-RU", "4.4.31",                            All(ALL_44_31X, &["4.7.320"])),
    ("ru-RU", "450",                               All(ALL_450, &[])),
    ("sv-SE", "44316",                             First("4.4.316")),
    ("sv-SE", "450 4.4.316",                       First("4.4.316")),
    ("sv-SE", "4.7.320",                           First("4.7.320")),
    ("sv-SE", "4.4.318",                           First("4.4.318")),
    ("sv-SE", BOUNCE,                              First("4.4.316")),
    ("sv-SE", "4.4.31",                            All(ALL_44_31X, &["4.7.320"])),
    ("sv-SE", "450",                               All(ALL_450, &[])),
    // English words, case, inflection, multi-word ranking.
    ("en",    "certificate validation",            First("4.7.320")),
    ("en",    "validating certificates",           First("4.7.320")),
    ("en",    "connection refused",                First("4.4.316")),
    ("en",    "refused connections",               First("4.4.316")),
    ("en",    "timed out",                         First("4.4.315")),
    ("en",    "DNS QUERY",                         First("4.4.312")),
    ("en",    "remote server",                     First("4.4.317")),
    ("en",    "cannot connect to remote server",   First("4.4.317")),
    ("en",    "closed abruptly",                   First("4.4.318")),
    ("en",    "connection closed",                 First("4.4.318")),
    // Russian: inflections (Snowball), ё typed where the text has е, case.
    ("ru-RU", "сертификат",                        First("4.7.320")),
    ("ru-RU", "сертификата",                       First("4.7.320")),
    ("ru-RU", "сертификаты",                       First("4.7.320")),
    ("ru-RU", "СЕРТИФИКАТ",                        First("4.7.320")),
    ("ru-RU", "проверить сертификат",              First("4.7.320")),
    ("ru-RU", "сертификата истёк",                 First("4.7.320")),
    ("ru-RU", "удалённому серверу",                First("4.4.317")),
    ("ru-RU", "удаленный сервер",                  First("4.4.317")),
    ("ru-RU", "запросы DNS",                       First("4.4.312")),
    ("ru-RU", "сбой запроса",                      First("4.4.312")),
    ("ru-RU", "в подключении отказано",            First("4.4.316")),
    ("ru-RU", "прерванное соединение",             First("4.4.318")),
    ("ru-RU", "время ожидания",                    First("4.4.315")),
    // English on the Russian site (bounce messages are in English).
    ("ru-RU", "connection refused",                First("4.4.316")),
    ("ru-RU", "certificate validation failed",     First("4.7.320")),
    ("ru-RU", "Connection timed out",              First("4.4.315")),
    ("ru-RU", "DNS QUERY",                         First("4.4.312")),
    // Swedish: inflections, å/ä/ö typed as a/o, compounds.
    ("sv-SE", "certifikat",                        First("4.7.320")),
    ("sv-SE", "certifikatet",                      First("4.7.320")),
    ("sv-SE", "certifikatverifiering",             First("4.7.320")),
    ("sv-SE", "DNS-frågan",                        First("4.4.312")),
    ("sv-SE", "dns fragan",                        First("4.4.312")),
    ("sv-SE", "ansluta",                           First("4.4.317")),
    ("sv-SE", "fjarrservern",                      First("4.4.317")),
    ("sv-SE", "anslutningarna stängda",            First("4.4.318")),
    ("sv-SE", "anslutningen ar inte saker",        First("4.4.316")),
    // English on the Swedish site.
    ("sv-SE", "connection refused",                First("4.4.316")),
    ("sv-SE", "closed abruptly",                   First("4.4.318")),
    ("sv-SE", "timed out",                         First("4.4.315")),
    ("sv-SE", "remote server",                     First("4.4.317")),
];

/// What is wrong with `results` for `expect`, if anything.
pub fn check(expect: Expect, results: &Results) -> Option<String> {
    let Some(first) = results.first() else {
        return Some(format!("no results; {}", results.describe()));
    };
    match expect {
        First(code) => (!first.is_code(code))
            .then(|| format!("first result is not {code}; {}", results.describe())),
        All(wanted, unwanted) => {
            let missing: Vec<&str> = wanted
                .iter()
                .copied()
                .filter(|c| !results.hits.iter().any(|h| h.is_code(c)))
                .collect();
            let extra: Vec<&str> = unwanted
                .iter()
                .copied()
                .filter(|c| results.hits.iter().any(|h| h.is_code(c)))
                .collect();
            let first_ok = wanted.iter().any(|c| first.is_code(c));
            (!missing.is_empty() || !extra.is_empty() || !first_ok).then(|| {
                format!(
                    "missing {missing:?}, unexpected {extra:?}, first wanted: {first_ok}; {}",
                    results.describe()
                )
            })
        }
    }
}

/// Every result links inside `locale` to a file of the site that has the fragment's id.
pub fn check_links(site: &Site, site_base: &str, locale: &str, results: &Results) -> Vec<String> {
    let mut problems = Vec::new();
    for hit in &results.hits {
        let Some((file, fragment)) = site.target(&hit.url, site_base) else {
            problems.push(format!("{} leads outside the site", hit.url));
            continue;
        };
        if !hit.url[site_base.len()..].starts_with(&format!("{locale}/")) {
            problems.push(format!("{} leads outside {locale}/", hit.url));
        }
        let Ok(html) = std::fs::read_to_string(&file) else {
            problems.push(format!("{} leads to a missing {}", hit.url, file.display()));
            continue;
        };
        if let Some(id) = fragment.filter(|f| !f.is_empty()) {
            if !html.contains(&format!("id=\"{id}\"")) {
                problems.push(format!("{}: no element with id {id:?}", hit.url));
            }
        }
    }
    problems
}

/// Types every query of `locale` into the box of its home page.
fn run(locale: &str) {
    let session = Session::seeds();
    let Session {
        browser,
        server,
        site,
    } = &session;
    let home = session.open(&format!("{locale}/"));
    let mut failures = Vec::new();
    let mut count = 0;
    for &(_, query, expect) in TABLE.iter().filter(|(l, _, _)| *l == locale) {
        count += 1;
        let results = browser.search(query);
        if results.ms.is_none() {
            failures.push(format!("{locale} {query:?}: no data-ms on #search-results"));
        }
        if let Some(problem) = check(expect, &results) {
            failures.push(format!("{locale} {query:?}: {problem}"));
        }
        for problem in check_links(site, &server.url(""), locale, &results) {
            failures.push(format!("{locale} {query:?}: {problem}"));
        }
    }
    browser.assert_console_clean(&home);
    browser.assert_no_xss(&home);
    assert!(
        failures.is_empty(),
        "{} of {count} queries failed on {home}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn queries_en() {
    run("en");
}

#[test]
fn queries_ru_ru() {
    run("ru-RU");
}

#[test]
fn queries_sv_se() {
    run("sv-SE");
}

#[test]
fn the_table_covers_every_locale_and_notation() {
    let per_locale = |l: &str| TABLE.iter().filter(|(loc, _, _)| *loc == l).count();
    // Floors, not counts: the table (above) may grow, never shrink below 10 per locale.
    assert!(TABLE.len() >= 40, "{} queries", TABLE.len());
    for locale in crate::harness::LOCALES {
        assert!(per_locale(locale) >= 10, "{locale}: {}", per_locale(locale));
    }
    for notation in [
        "4.4.316",
        "4 4 316",
        "44316",
        "450 4.4.316",
        "450-4-4-316",
        "4.4.31",
        "450",
        BOUNCE,
    ] {
        assert!(
            TABLE.iter().any(|(_, q, _)| *q == notation),
            "no query in notation {notation:?}"
        );
    }
}
