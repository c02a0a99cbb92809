//! The files of one locale's index: term shards split by prefix, document chunks and the
//! meta file with the UI strings.

use std::collections::BTreeMap;

use super::json::{postings_json, push_json_string};
use super::postings::{best_postings, Postings};
use super::terms::Lang;
use super::{CHUNK, SHARD_BYTES};
use crate::i18n::I18n;
use crate::output::File;

/// Serializes one locale's index into files.
pub(super) fn write_locale(
    locale: &str,
    i18n: &I18n,
    lang: Lang,
    names: &[String],
    docs: Vec<Box<str>>,
    postings: Postings,
) -> Vec<File> {
    // Keep the best postings of each term, then store them by document.
    let mut scratch = String::new();
    let entries: Vec<Entry<'_>> = postings
        .into_iter()
        .map(|(term, mut list)| {
            best_postings(&mut list);
            (
                names[term as usize].as_str(),
                postings_json(&list, &mut scratch),
            )
        })
        .collect();
    let mut shards: Vec<(String, Vec<&Entry<'_>>)> = Vec::new();
    split(&entries.iter().collect::<Vec<_>>(), 1, &mut shards);
    let dir = crate::paths::search_dir(locale);
    let mut files = Vec::with_capacity(shards.len() + docs.len() / CHUNK + 2);
    let mut keys = Vec::with_capacity(shards.len());
    for (key, terms) in &shards {
        let mut body = String::new();
        body.push_str("kbsearch.shard(");
        push_json_string(&mut body, &[key]);
        body.push_str(",{");
        for (i, (term, list)) in terms.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            push_json_string(&mut body, &[term]);
            body.push(':');
            body.push_str(list);
        }
        body.push_str("});\n");
        files.push(File {
            path: format!("{dir}t/{}.js", hex(key)),
            bytes: body.into_bytes(),
        });
        keys.push(key.clone());
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let json = format!("[{}]", chunk.join(","));
        files.push(File {
            path: format!("{dir}d/{n}.js"),
            bytes: format!("kbsearch.docs({n},{json});\n").into_bytes(),
        });
    }
    let meta = serde_json::json!({
        "version": 1,
        "locale": locale,
        "lang": lang.name(),
        "docs": docs.len(),
        "chunk": CHUNK,
        "shards": keys,
        "ui": ui_strings(i18n, locale),
    });
    files.push(File {
        path: format!("{dir}meta.js"),
        bytes: format!("kbsearch.meta({meta});\n").into_bytes(),
    });
    files
}

/// A term and its postings as JSON.
type Entry<'t> = (&'t str, String);

/// Groups sorted `entries` (term, postings JSON) sharing a prefix of `depth` characters into
/// shards no larger than [`SHARD_BYTES`] where possible.
fn split<'e, 't>(
    entries: &[&'e Entry<'t>],
    depth: usize,
    out: &mut Vec<(String, Vec<&'e Entry<'t>>)>,
) {
    let mut i = 0;
    while i < entries.len() {
        let key: String = entries[i].0.chars().take(depth).collect();
        let j = i + entries[i..]
            .iter()
            .take_while(|(t, _)| t.starts_with(&key))
            .count();
        let group = &entries[i..j];
        let size: usize = group.iter().map(|(t, l)| t.len() + l.len() + 4).sum();
        if size <= SHARD_BYTES || depth >= 8 || group.len() == 1 {
            out.push((key, group.to_vec()));
        } else {
            // Terms that are exactly the key stay in its shard; the rest split further.
            let exact: Vec<&Entry<'t>> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() <= depth)
                .collect();
            if !exact.is_empty() {
                out.push((key.clone(), exact));
            }
            let longer: Vec<&Entry<'t>> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() > depth)
                .collect();
            split(&longer, depth + 1, out);
        }
        i = j;
    }
}

/// A file-name-safe form of a shard key: its UTF-8 bytes in hex.
pub fn hex(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The UI strings the client needs, with plural variants resolved per CLDR category; `lang`
/// names the language of those that fall back to another language than the locale's (the
/// client marks the elements it writes them in).
fn ui_strings(i18n: &I18n, locale: &str) -> serde_json::Value {
    // A number in each plural category of the languages we ship; others fall back to "other".
    let samples = [("one", 1usize), ("few", 2), ("many", 5), ("other", 100)];
    let mut langs: BTreeMap<&str, &str> = BTreeMap::new();
    let mut plural = |name: &'static str, key: &str| {
        let forms: BTreeMap<&str, String> = samples
            .iter()
            .map(|(cat, n)| {
                (
                    *cat,
                    i18n.count(locale, key, *n).replace(&n.to_string(), "{n}"),
                )
            })
            .collect();
        let mut args = fluent::FluentArgs::new();
        args.set("count", 1);
        if let Some((_, Some(lang))) = i18n.lookup(locale, key, Some(&args)) {
            langs.insert(name, lang);
        }
        forms
    };
    let results = plural("results", "search-results-count");
    let mut text = |name: &'static str, key: &str| match i18n.lookup(locale, key, None) {
        Some((text, lang)) => {
            if let Some(lang) = lang {
                langs.insert(name, lang);
            }
            text
        }
        None => key.to_owned(),
    };
    let mut ui = serde_json::json!({
        "results": results,
        "none": text("none", "search-no-results"),
        "hint": text("hint", "search-hint"),
        "code": text("code", "search-result-code"),
        "section": text("section", "search-result-section"),
        "loading": text("loading", "search-loading"),
        "failed": text("failed", "search-failed"),
    });
    if !langs.is_empty() {
        ui["lang"] = serde_json::json!(langs);
    }
    ui
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_large_prefixes_and_keep_every_term() {
        let names: Vec<String> = (0..3000).map(|i| format!("co{i:04}")).collect();
        let entries: Vec<Entry<'_>> = names
            .iter()
            .map(|t| (t.as_str(), "[1,2,3,4,5,6,7,8,9,10,11,12]".to_owned()))
            .collect();
        let refs: Vec<&Entry<'_>> = entries.iter().collect();
        let mut out = Vec::new();
        split(&refs, 1, &mut out);
        assert!(out.len() > 1);
        let total: usize = out.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(total, 3000);
        for (key, terms) in &out {
            assert!(terms.iter().all(|(t, _)| t.starts_with(key.as_str())));
            // Every term's shard is the longest key that prefixes it.
            for (t, _) in terms {
                let longest = out
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| t.starts_with(k.as_str()))
                    .max_by_key(|k| k.len());
                assert_eq!(longest, Some(key));
            }
        }
    }
}
