//! The search index: one per locale, sharded so that a query fetches only what it needs.
//!
//! Rules shared with `templates/static/search.js` (the table in `tests/search/tokens.json` is
//! run by both sides):
//!
//! - **Words** are maximal runs of alphabetic or numeric characters (`char::is_alphanumeric`,
//!   `/[\p{Alphabetic}\p{N}]+/u` in JavaScript), lowercased; words shorter than 2 or longer
//!   than [`MAX_TOKEN`] characters are skipped.
//! - **Terms**: `ё` becomes `е`; a word with Cyrillic letters is stemmed with Snowball Russian,
//!   another word with the stemmer of the text's language (Swedish, English; English for Latin
//!   words in Russian text; none for other languages; never for numbers); then Latin
//!   diacritics are folded (`å ä → a`, `ö → o`, `é → e` …), so `fragan` finds `frågan`.
//! - **Codes**: a code document also has the terms `4.4.316` (the code), `4.4`, `4.4.3`,
//!   `4.4.31` (its prefixes) and `450` (its reply code). The client turns every notation it
//!   sees (`4 4 316`, `44316`, `450-4-4-316`, a pasted bounce line) into these terms.
//!
//! Files, under `site/<locale>/search/` (JavaScript, so they load from `file://` too):
//!
//! - `meta.js`: `kbsearch.meta({...})` with the shard keys, document count, chunk size, the
//!   locale's stemmer and the UI strings.
//! - `t/<hex of key>.js`: `kbsearch.shard(key, {term: [doc delta, weight, …]})`. A term lives
//!   in the shard whose key is its longest prefix among the keys.
//! - `d/<n>.js`: `kbsearch.docs(n, [[url, title, code, reply, article title], …])` for
//!   documents `n × CHUNK ..`.
//!
//! The parts, in the order data flows: `tokenize` splits a text into words, `terms`
//! makes a word a term, `lexicon` numbers terms and remembers the words seen, `postings`
//! keeps each term's best documents, `tables` holds the index of every locale as it is
//! built, `plan` numbers the documents beforehand, `builder` adds an article's documents
//! as rendering visits it, `json` writes rows and postings by hand, and `write` makes
//! each locale's files. `shared_table` runs the table shared with the client.

mod builder;
mod json;
mod lexicon;
mod plan;
mod postings;
#[cfg(test)]
mod shared_table;
mod tables;
mod terms;
mod tokenize;
mod write;

pub use builder::Collector;
pub use postings::MAX_DOCS;
pub use tables::Tables;
pub use terms::{code_terms, fold, Lang, Stemmers};
pub use tokenize::words;
pub use write::hex;

/// Longest word indexed, in characters.
pub const MAX_TOKEN: usize = 40;
/// Documents per `d/<n>.js` file.
pub const CHUNK: usize = 32;
/// Best documents kept per term.
pub const MAX_POSTINGS: usize = 400;
/// A shard is split by one more character when its JSON is larger than this.
pub const SHARD_BYTES: usize = 24 * 1024;
