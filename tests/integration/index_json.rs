//! `site/index.json`: the documented shape, and every URL in it leads to a file of the site.

use serde_json::Value;

use crate::harness::{ids, main_of, BuildTest};
use crate::model::SLUG;

const LOCALES: [&str; 3] = ["en", "ru-RU", "sv-SE"];

fn index() -> (BuildTest, Value) {
    let build = BuildTest::from_repo_content().build().check_status(0);
    let index = serde_json::from_str(&build.read("index.json")).expect("index.json is JSON");
    (build, index)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .map(String::as_str)
        .collect()
}

fn has(v: &Value, fields: &[&str]) {
    let present = keys(v);
    for f in fields {
        assert!(present.contains(f), "no `{f}` in {present:?}");
    }
}

#[test]
fn index_has_the_documented_shape() {
    let (_, index) = index();
    check_top_level(&index);
    let articles = index["articles"].as_array().unwrap();
    // One article: the repository's content/ has one slug (`ls content/*/`).
    assert_eq!(articles.len(), 1);
    check_article(&articles[0]);
    check_codes(index["codes"].as_array().unwrap());
}

/// The seed article's codes, in order: the `450 4.x.y` headings of
/// `content/*/mail-flow-intelligence-in-eop.md` (`grep -o '4\.[0-9]\.[0-9]*' … | sort -uV`).
const CODES: [&str; 6] = [
    "4.4.312", "4.4.315", "4.4.316", "4.4.317", "4.4.318", "4.7.320",
];

fn check_top_level(index: &Value) {
    has(
        index,
        &["format", "version", "locales", "articles", "codes"],
    );
    assert_eq!(index["format"], "kbsite-index");
    assert!(index["version"].as_u64().is_some_and(|v| v >= 1));
    let locales: Vec<&str> = index["locales"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            has(l, &["tag", "name", "url"]);
            l["tag"].as_str().unwrap()
        })
        .collect();
    assert_eq!(locales, LOCALES);
}

fn check_article(a: &Value) {
    assert_eq!(a["id"], SLUG);
    assert_eq!(keys(&a["locales"]), LOCALES);
    for locale in LOCALES {
        let v = &a["locales"][locale];
        has(
            v,
            &[
                "title",
                "url",
                "status",
                "origin",
                "translation",
                "sections",
                "codes",
            ],
        );
        assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert_eq!(v["codes"], serde_json::json!(CODES));
        for s in v["sections"].as_array().unwrap() {
            has(s, &["id", "level", "title", "url"]);
        }
    }
    assert_eq!(a["locales"]["en"]["status"]["state"], "source");
    assert_eq!(a["locales"]["en"]["origin"]["kind"], "english-halves");
    assert_eq!(a["locales"]["en"]["origin"]["from"], "sv-SE");
    assert_eq!(a["locales"]["sv-SE"]["status"]["state"], "current");
    let ru = &a["locales"]["ru-RU"];
    assert_eq!(ru["status"]["state"], "stale");
    // The ru-RU seed is older than the sv-SE one: 4 of its pairs' English halves differ from
    // the newest English ("stale"), and it lacks the 4 "Applies to" pairs ("missing", see
    // nothing_dropped::the_parser_and_the_model_have_every_pair_of_the_source). Recount with
    // `cargo run -- i18n status` (the columns `stale` and `missing` of ru-RU).
    assert_eq!(ru["status"]["changed"], 4);
    assert_eq!(ru["status"]["missing"], 4);
    assert_eq!(ru["translation"]["kind"], "MT");
    assert_eq!(ru["title"], "Логика обмена корреспонденцией почты в EOP");
}

fn check_codes(codes: &[Value]) {
    let names: Vec<&str> = codes.iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(names, CODES);
    for c in codes {
        check_code(c);
    }
    let first = &codes[0];
    assert_eq!(first["detail"], 312);
    assert_eq!(first["subject"]["value"], 4);
    assert_eq!(codes[5]["subject"]["value"], 7);
    assert_eq!(first["class"]["name"]["en"], "Persistent transient failure");
    assert_eq!(first["locales"]["ru-RU"]["title"], "Сбой запроса DNS");
    assert_eq!(
        first["locales"]["sv-SE"]["title"],
        "DNS-frågan misslyckades"
    );
    assert_eq!(first["locales"]["en"]["title"], "DNS query failed");
    assert_eq!(first["locales"]["ru-RU"]["url"], "ru-RU/codes/4.4.312/");
    assert_eq!(
        first["locales"]["ru-RU"]["article_url"],
        format!("ru-RU/{SLUG}/#error-code-450-44312-dns-query-failed")
    );
}

/// The fields every code has, in every locale, and its one occurrence in the seed article.
fn check_code(c: &Value) {
    has(
        c,
        &[
            "code",
            "reply",
            "class",
            "subject",
            "detail",
            "occurrences",
            "locales",
        ],
    );
    assert_eq!(c["reply"], "450");
    assert_eq!(c["class"]["value"], 4);
    assert_eq!(keys(&c["class"]["name"]), LOCALES);
    assert_eq!(keys(&c["subject"]["name"]), LOCALES);
    assert_eq!(keys(&c["locales"]), LOCALES);
    for locale in LOCALES {
        has(&c["locales"][locale], &["title", "url", "article_url"]);
    }
    assert_eq!(c["occurrences"][0]["article"], SLUG);
    let occurrence = &c["occurrences"][0]["locales"];
    assert_eq!(keys(occurrence), LOCALES);
    for locale in LOCALES {
        has(&occurrence[locale], &["title"]);
        assert_eq!(occurrence[locale]["title"], c["locales"][locale]["title"]);
    }
}

/// Every string under a key named `url` or ending in `_url`, with its JSON path.
fn urls<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                let p = format!("{path}.{k}");
                match v {
                    Value::String(s) if k == "url" || k.ends_with("_url") && k != "base_url" => {
                        out.push((p, s))
                    }
                    _ => urls(v, p, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                urls(v, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_url_in_the_index_leads_to_a_page_and_its_section() {
    let (build, index) = index();
    let mut found = Vec::new();
    urls(&index, String::new(), &mut found);
    // 84 today (locale homes, article pages and their sections, 6 codes × 3 locales × 2
    // URLs): `grep -o '"[a-z_]*url":' site/index.json | grep -vc base_url`. The bound only
    // guards against a walk that finds nothing.
    assert!(found.len() > 50, "{}", found.len());
    let problems: Vec<String> = found
        .iter()
        .filter_map(|(path, url)| url_problem(&build, path, url))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What is wrong with the URL at JSON path `path`: a page that is not there, is not a page
/// of the site (no `<main>`, no `<title>`), or lacks the fragment's id.
fn url_problem(build: &BuildTest, path: &str, url: &str) -> Option<String> {
    assert!(
        !url.starts_with('/') && !url.contains("://"),
        "{path}: {url} is not relative to the site root"
    );
    let (page, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let file = if page.ends_with('/') || page.is_empty() {
        format!("{page}index.html")
    } else {
        page.to_owned()
    };
    let Ok(html) = std::fs::read_to_string(build.out().join(&file)) else {
        return Some(format!("{path}: {url} → {file} does not exist"));
    };
    if main_of(&html).is_none() || !html.contains("<title>") {
        return Some(format!("{path}: {url} → {file} is not a page of the site"));
    }
    let f = fragment?;
    (!ids(&html).iter().any(|id| id == f)).then(|| format!("{path}: {url} → no id {f:?} in {file}"))
}

#[test]
fn index_snapshot() {
    let (_, index) = index();
    insta::assert_json_snapshot!("seeds_index", index);
}
