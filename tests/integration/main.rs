//! Integration tests: one binary, one module per feature, sharing the [`harness`].
//!
//! Fixtures live in `tests/fixtures/<case>/` (one folder per diagnostic under `invalid/`);
//! every build runs on a copy in a temp dir. Snapshots are in `snapshots/` beside this file.

mod harness;
/// An independent reading of the pairs in a source file (not the span parser).
mod source_pairs;

/// The generated seed-shaped corpus, shared with the build benchmark.
#[path = "../common/corpus.rs"]
#[allow(dead_code)]
mod generated;

mod bounded;
mod cli;
mod code_headings;
mod corpus;
mod drift;
mod exchange;
mod fallback_lang;
mod file_names;
mod i18n;
mod index_json;
mod invalid;
mod lists;
mod markdown;
mod model;
mod nothing_dropped;
mod older_translation;
mod ownership;
mod reload;
mod safety;
mod search_index;
mod site;
