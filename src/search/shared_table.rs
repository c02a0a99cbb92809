//! The Rust half of `tests/search/tokens.json` (the JavaScript half is
//! `tests/search/tokens.test.js`).

use super::{code_terms, words, Lang, Stemmers};

fn table() -> serde_json::Value {
    serde_json::from_str(include_str!("../../tests/search/tokens.json")).expect("valid JSON")
}

fn lang(name: &serde_json::Value) -> Lang {
    match name.as_str() {
        Some("russian") => Lang::Russian,
        Some("swedish") => Lang::Swedish,
        Some("english") => Lang::English,
        _ => Lang::Other,
    }
}

#[test]
fn words_match_the_table() {
    for row in table()["words"].as_array().unwrap() {
        let text = row["text"].as_str().unwrap();
        let want: Vec<&str> = row["words"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert_eq!(words(text), want, "{text}");
    }
}

#[test]
fn terms_match_the_table() {
    let stemmers = Stemmers::default();
    for row in table()["terms"].as_array().unwrap() {
        let word = row["word"].as_str().unwrap();
        assert_eq!(
            stemmers.term(word, lang(&row["lang"])),
            row["term"].as_str().unwrap(),
            "{word}"
        );
    }
}

#[test]
fn code_terms_match_the_table() {
    for row in table()["codes"].as_array().unwrap() {
        let got: Vec<String> = code_terms(row["enhanced"].as_str().unwrap(), row["reply"].as_str())
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        let want: Vec<&str> = row["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        assert_eq!(got, want);
    }
}
