//! The search index as written: read back from `site/<locale>/search/` the way `search.js`
//! reads it (meta, the shard of a term's longest key prefix, document chunks).

use std::collections::BTreeMap;

use kbsite::search::{words, Lang, Stemmers};
use serde_json::Value;

use crate::harness::BuildTest;

/// One locale's index, read from the built files.
struct Index {
    dir: std::path::PathBuf,
    shards: Vec<String>,
    chunk: usize,
}

impl Index {
    fn open(out: &std::path::Path, locale: &str) -> Index {
        let dir = out.join(locale).join("search");
        let meta = callback(&dir.join("meta.js"), "kbsearch.meta(");
        let shards = meta["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_owned())
            .collect();
        let chunk = meta["chunk"].as_u64().unwrap() as usize;
        Index { dir, shards, chunk }
    }

    /// The documents a term is posted to, with their weights.
    fn postings(&self, term: &str) -> BTreeMap<usize, u64> {
        let Some(key) = self
            .shards
            .iter()
            .filter(|k| term.starts_with(k.as_str()))
            .max_by_key(|k| k.len())
        else {
            return BTreeMap::new();
        };
        let path = self
            .dir
            .join("t")
            .join(format!("{}.js", kbsite::search::hex(key)));
        let text = std::fs::read_to_string(&path).unwrap();
        let json = text
            .strip_prefix(&format!(
                "kbsearch.shard({},",
                serde_json::to_string(key).unwrap()
            ))
            .and_then(|t| t.trim_end().strip_suffix(");"))
            .unwrap_or_else(|| panic!("{}: not a shard", path.display()));
        let shard: Value = serde_json::from_str(json).unwrap();
        let mut out = BTreeMap::new();
        let mut doc = 0;
        if let Some(list) = shard[term].as_array() {
            for pair in list.chunks(2) {
                doc += pair[0].as_u64().unwrap() as usize;
                out.insert(doc, pair[1].as_u64().unwrap());
            }
        }
        out
    }

    /// The number of the document whose URL is `url`.
    fn doc(&self, url: &str) -> usize {
        for n in 0.. {
            let path = self.dir.join("d").join(format!("{n}.js"));
            assert!(path.is_file(), "no document {url}");
            let text = std::fs::read_to_string(&path).unwrap();
            let json = text
                .strip_prefix(&format!("kbsearch.docs({n},"))
                .and_then(|t| t.trim_end().strip_suffix(");"))
                .unwrap();
            let rows: Value = serde_json::from_str(json).unwrap();
            if let Some(i) = rows.as_array().unwrap().iter().position(|r| r[0] == url) {
                return n * self.chunk + i;
            }
        }
        unreachable!()
    }
}

fn callback(path: &std::path::Path, prefix: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let json = text
        .strip_prefix(prefix)
        .and_then(|t| t.trim_end().strip_suffix(");"))
        .unwrap_or_else(|| panic!("{}: no {prefix}", path.display()));
    serde_json::from_str(json).unwrap()
}

/// The localized words of a span file's body (its localized halves), 2 characters or more.
fn local_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for half in text.split("<span data-ttu-id=\"").skip(1) {
        let local = half
            .split_once('>')
            .unwrap()
            .1
            .split("</span>")
            .next()
            .unwrap();
        out.extend(words(local).into_iter().filter(|w| w.chars().count() >= 2));
    }
    out
}

#[test]
fn every_word_of_an_article_without_sections_is_found() {
    let project = BuildTest::from_fixture("lead-only").build().check_status(0);
    let stemmers = Stemmers::default();
    for locale in ["ru-RU", "sv-SE"] {
        let index = Index::open(&project.out(), locale);
        let article = index.doc("a/");
        let source =
            std::fs::read_to_string(project.root().join(format!("content/{locale}/a.md"))).unwrap();
        let body = &source[source.find("\n# ").unwrap()..];
        let words = local_words(body);
        // A lower bound: the fixture's body has a few dozen words; fewer means the word reader
        // above found nothing.
        assert!(words.len() >= 15, "{locale}: {words:?}");
        for word in words {
            let term = stemmers.term(&word, Lang::of(locale));
            assert!(
                index.postings(&term).contains_key(&article),
                "{locale}: `{word}` ({term}) does not find the article"
            );
        }
        // The English text too, on the translated site (with a lower weight than the title).
        let firewall = index.postings(&stemmers.term("firewall", Lang::English));
        let title = index.postings(&stemmers.term(
            if locale == "ru-RU" {
                "очереди"
            } else {
                "fastnat"
            },
            Lang::of(locale),
        ));
        assert!(
            firewall[&article] < title[&article],
            "{firewall:?} {title:?}"
        );
    }
}
