//! The query benchmark: latency in the browser and bytes fetched per query over a generated
//! 3,000-article × 2-locale corpus (three site locales with English), not a test.
//!
//! It is `#[ignore]`d because it is a benchmark (building and serving the corpus takes a
//! while); run it on demand, in release mode:
//!
//! ```text
//! cargo test --release --test browser -- --ignored latency --nocapture
//! KBSITE_LATENCY_ARTICLES=10000 cargo test --release --test browser -- --ignored latency --nocapture
//! ```
//!
//! 100 queries (codes in five notations, pasted bounce lines, words in the three locales) are
//! typed into the box of a code page of each locale, one after the other. Latency is the page's
//! own `data-ms` (input event to rendered results); the first query of each page (cold) is
//! reported apart. Bytes come from the server's log: what each warm query fetched, and, on a
//! fresh page load per query (responses are `no-store`), everything fetched from navigation
//! to the rendered results except the page's HTML and CSS — the script and index the query
//! needed. Sizes are raw and gzip (flate2, level 6). The benchmark fails when a code query's
//! first result is wrong or when a fresh query fetches more than 100 kB gzip.

use std::time::Instant;

use crate::corpus;
use crate::harness::{gzip_len, Site, LOCALES};
use crate::server::Served;
use crate::session::Session;

/// The per-query budget: script included, on a fresh page load, gzip.
const BUDGET_GZIP: usize = 100_000;

/// The page queries are typed on: the first generated code's page, small at any corpus size
/// (a locale's home page lists every code: megabytes at 3,000 articles).
const PAGE: &str = "codes/4.1.0/";

/// One benchmark query: where it is typed, the text, and the code it must find first.
struct Query {
    locale: &'static str,
    text: String,
    code: Option<String>,
}

/// Words per locale (the generated articles keep the seed's text).
const WORDS: [(&str, &[&str]); 3] = [
    (
        "en",
        &[
            "connection refused",
            "certificate validation",
            "timed out",
            "DNS query failed",
            "remote server",
            "closed abruptly",
            "firewall",
            "smart host",
            "TLS",
            "connector",
            "Contoso Mail",
            "Northwind Relay",
            "mail flow intelligence",
            "on-premises email server",
            "accepted domain",
            "MX record",
            "certificate expired",
        ],
    ),
    (
        "ru-RU",
        &[
            "сертификат",
            "сертификата истёк",
            "в подключении отказано",
            "удаленный сервер",
            "запрос DNS",
            "время ожидания",
            "брандмауэр",
            "соединитель",
            "промежуточный узел",
            "прерванное соединение",
            "почтовый сервер",
            "connection refused",
            "Fabrikam Cloud",
            "запись MX",
            "домен",
            "проверить сертификат",
        ],
    ),
    (
        "sv-SE",
        &[
            "certifikat",
            "certifikatet",
            "dns fragan",
            "ansluta",
            "fjarrservern",
            "anslutningen stangd",
            "brandvägg",
            "smarta värden",
            "kopplingen",
            "e-postserver",
            "timed out",
            "Tailspin Mail",
            "godkända domäner",
            "MX-posten",
            "misslyckades",
            "Woodgrove Exchange",
        ],
    ),
];

/// 100 queries over an `n`-article corpus, deterministic.
fn queries(n: usize) -> Vec<Query> {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound
    };
    let words: usize = WORDS.iter().map(|(_, w)| w.len()).sum();
    let mut out = Vec::new();
    for k in 0..100 - words {
        let (s, d) = corpus::Codes::Unique.code(next(n), next(corpus::CODES_PER_ARTICLE));
        let code = format!("4.{s}.{d}");
        let text = match k % 6 {
            0 => code.clone(),
            1 => format!("4 {s} {d}"),
            // Compact only where it is unambiguous: a one-digit subject, a three-digit detail.
            2 if s < 10 && d >= 100 => format!("4{s}{d}"),
            2 | 3 => format!("450 {code}"),
            4 => format!("450-4-{s}-{d}"),
            _ => format!(
                "Remote Server returned '450 {code} Connection refused [Message=Socket error code 10061]'"
            ),
        };
        out.push(Query {
            // Every notation in every locale: six notations, then the next locale.
            locale: LOCALES[(k / 6) % 3],
            text,
            code: Some(code),
        });
    }
    for (locale, words) in WORDS {
        for w in words.iter() {
            out.push(Query {
                locale,
                text: (*w).to_owned(),
                code: None,
            });
        }
    }
    out
}

/// Raw and gzip bytes of responses.
fn sizes<'a>(served: impl IntoIterator<Item = &'a Served>) -> (usize, usize) {
    served.into_iter().fold((0, 0), |(raw, gz), s| {
        (raw + s.body.len(), gz + gzip_len(&s.body))
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

/// Files under `dir` whose name does not end in `.html`: count and raw/gzip bytes.
fn non_html(dir: &std::path::Path) -> (usize, usize, usize) {
    let mut acc = (0, 0, 0);
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|e| e != "html") {
                let bytes = std::fs::read(&path).expect("read");
                acc.0 += 1;
                acc.1 += bytes.len();
                acc.2 += gzip_len(&bytes);
            }
        }
    }
    acc
}

/// The corpus size: `KBSITE_LATENCY_ARTICLES`, 3,000 by default.
fn articles() -> usize {
    std::env::var("KBSITE_LATENCY_ARTICLES")
        .ok()
        .map(|v| {
            v.trim()
                .parse()
                .expect("KBSITE_LATENCY_ARTICLES is a number")
        })
        .unwrap_or(3000)
}

/// Generates the `n`-article corpus and builds it; prints the times and the sizes of what a
/// query may fetch. The temp dir holds the corpus for as long as the site is served.
fn build_corpus(n: usize) -> (tempfile::TempDir, Site) {
    let project = tempfile::Builder::new()
        .prefix("kbsite-latency-")
        .tempdir()
        .expect("temp dir");
    let start = Instant::now();
    corpus::generate(project.path(), n, corpus::Codes::Unique)
        .unwrap_or_else(|e| panic!("generate the corpus: {e}"));
    let generated = start.elapsed();
    let start = Instant::now();
    let site = Site::build(project.path(), None);
    println!(
        "corpus: {n} articles × 2 locales, generated in {:.1} s, built in {:.1} s",
        generated.as_secs_f64(),
        start.elapsed().as_secs_f64()
    );
    print_sizes(&site);
    (project, site)
}

fn print_sizes(site: &Site) {
    for locale in LOCALES {
        let (files, raw, gz) = non_html(&site.dir().join(locale));
        println!(
            "  {locale}: {files} non-HTML files (the search index), {} raw, {} gzip",
            kb(raw),
            kb(gz)
        );
    }
    let (files, raw, gz) = non_html(&site.dir().join("static"));
    println!(
        "  static/: {files} files (script, styles…), {} raw, {} gzip",
        kb(raw),
        kb(gz)
    );
    let home = std::fs::metadata(site.dir().join("en/index.html")).map_or(0, |m| m.len());
    println!(
        "queries are typed on a code page, <locale>/{PAGE}; (each locale's home page, with \
         every code, is {} raw)",
        kb(home as usize)
    );
}

/// What the warm phase measured.
#[derive(Default)]
struct Warm {
    /// The page's `data-ms` of every query but each page's first.
    ms: Vec<f64>,
    /// Typing done to results seen by the harness, same queries, in ms.
    seen: Vec<f64>,
    /// Each page's first query, `"<locale> <ms> ms"`.
    cold: Vec<String>,
    /// Raw and gzip bytes each warm query fetched.
    bytes: Vec<(usize, usize)>,
    /// Code queries whose first result is wrong.
    wrong: Vec<String>,
}

/// Warm: each locale's page once, its queries typed one after the other.
fn warm_phase(session: &Session, queries: &[Query]) -> Warm {
    let Session {
        browser, server, ..
    } = session;
    let phase = Instant::now();
    let mut warm = Warm::default();
    for locale in LOCALES {
        let page = session.open(&format!("{locale}/{PAGE}"));
        server.take_requests();
        let mut first = true;
        for q in queries.iter().filter(|q| q.locale == locale) {
            let (results, seen) = browser.search_timed(&q.text);
            let fetched = server.take_requests();
            let ms = results
                .ms
                .unwrap_or_else(|| panic!("{locale} {:?}: no data-ms on #search-results", q.text));
            if let Some(code) = &q.code {
                if !results.first().is_some_and(|h| h.is_code(code)) {
                    warm.wrong
                        .push(format!("{locale} {:?}: {}", q.text, results.describe()));
                }
            }
            if first {
                warm.cold.push(format!("{locale} {ms:.1} ms"));
                first = false;
            } else {
                warm.ms.push(ms);
                warm.seen.push(seen.as_secs_f64() * 1000.0);
                warm.bytes.push(sizes(&fetched));
            }
        }
        browser.assert_console_clean(&page);
    }
    println!("warm phase: {:.1} s", phase.elapsed().as_secs_f64());
    warm
}

/// One query on a fresh page: gzip and raw bytes it needed, the query, the files.
type Fresh<'a> = (usize, usize, &'a Query, Vec<String>);

/// Fresh: a new page load per query; what the query needed beyond the page itself.
fn fresh_phase<'a>(session: &Session, queries: &'a [Query]) -> Vec<Fresh<'a>> {
    let phase = Instant::now();
    let mut fresh = Vec::new();
    for q in queries {
        session.server.take_requests();
        session.open(&format!("{}/{PAGE}", q.locale));
        session.browser.search(&q.text);
        let fetched = session.server.take_requests();
        let needed: Vec<&Served> = fetched
            .iter()
            .filter(|s| !matches!(s.extension().as_str(), "html" | "css" | "ico"))
            .collect();
        let (raw, gz) = sizes(needed.iter().copied());
        let files: Vec<String> = needed
            .iter()
            .map(|s| format!("{} ({} gzip)", s.path, kb(gzip_len(&s.body))))
            .collect();
        fresh.push((gz, raw, q, files));
    }
    println!("fresh phase: {:.1} s", phase.elapsed().as_secs_f64());
    session.browser.assert_console_clean("the benchmark pages");
    fresh
}

fn report_warm(warm: &mut Warm) {
    warm.ms.sort_by(f64::total_cmp);
    println!(
        "latency (data-ms, input event to rendered results) over {} warm queries: median {:.1} ms, p95 {:.1} ms, max {:.1} ms; first query per page: {}",
        warm.ms.len(),
        percentile(&warm.ms, 0.5),
        percentile(&warm.ms, 0.95),
        warm.ms.last().copied().unwrap_or(f64::NAN),
        warm.cold.join(", ")
    );
    warm.seen.sort_by(f64::total_cmp);
    println!(
        "typing done to results seen by the harness (debounce included, ±20 ms polling): median {:.1} ms, p95 {:.1} ms",
        percentile(&warm.seen, 0.5),
        percentile(&warm.seen, 0.95)
    );
    let mut warm_gz: Vec<usize> = warm.bytes.iter().map(|b| b.1).collect();
    let mut warm_raw: Vec<usize> = warm.bytes.iter().map(|b| b.0).collect();
    warm_gz.sort_unstable();
    warm_raw.sort_unstable();
    println!(
        "fetched by a warm query: median {} gzip ({} raw), max {} gzip ({} raw)",
        kb(warm_gz[warm_gz.len() / 2]),
        kb(warm_raw[warm_raw.len() / 2]),
        kb(warm_gz.last().copied().unwrap_or(0)),
        kb(warm_raw.last().copied().unwrap_or(0))
    );
}

fn report_fresh(fresh: &mut [Fresh<'_>]) {
    fresh.sort_by_key(|f| f.0);
    let (med_gz, med_raw, _, _) = &fresh[fresh.len() / 2];
    let (max_gz, max_raw, worst, worst_files) = fresh.last().expect("queries ran");
    println!(
        "fetched by a query on a fresh page (script + index, not the page's HTML/CSS): median {} gzip ({} raw), max {} gzip ({} raw) for {} {:?}",
        kb(*med_gz),
        kb(*med_raw),
        kb(*max_gz),
        kb(*max_raw),
        worst.locale,
        worst.text
    );
    println!("  the worst query fetched: {}", worst_files.join(", "));
}

#[test]
#[ignore = "benchmark: cargo test --release --test browser -- --ignored latency --nocapture"]
fn latency() {
    let n = articles();
    let (_project, site) = build_corpus(n);
    let session = Session::serve(site);
    let queries = queries(n);
    // `queries` makes 100 by construction: the code queries fill up what WORDS leaves.
    assert_eq!(queries.len(), 100);
    let mut warm = warm_phase(&session, &queries);
    let mut fresh = fresh_phase(&session, &queries);
    report_warm(&mut warm);
    report_fresh(&mut fresh);

    assert!(
        warm.wrong.is_empty(),
        "code queries whose first result is wrong:\n{}",
        warm.wrong.join("\n")
    );
    let over: Vec<String> = fresh
        .iter()
        .filter(|f| f.0 > BUDGET_GZIP)
        .map(|(gz, _, q, _)| format!("{} {:?}: {}", q.locale, q.text, kb(*gz)))
        .collect();
    assert!(
        over.is_empty(),
        "queries over the {} gzip budget on a fresh page:\n{}",
        kb(BUDGET_GZIP),
        over.join("\n")
    );
}
