//! kbsite builds multilingual troubleshooting help sites from localized documentation.
//!
//! The data flow, stage by stage:
//!
//! ```text
//! source → frontmatter + segments → model → markdown + i18n → render + search + index → output
//! ```
//!
//! The modules below are listed in that order, each with what it owns: first what a run
//! starts from, then the stages, then [`mod@build`], which runs them as `kbsite build` and
//! `kbsite check` (one named function per step); then rules shared by the stages, the
//! translation workflow and tools. The binary only parses the command line, dispatches to
//! [`cli::commands`] and turns the result into an exit code.
//!
//! A build keeps only the outline of each article in the model (titles, sections, codes,
//! statuses) and reads each article's files again to render it and index it for search,
//! so the text of the whole site is never in memory at once.
//!
//! Problems in the input are [`diagnostics::Diagnostic`]s, collected from every stage and
//! printed once, by the command that ran them ([`cli::commands`]).

// What a run starts from.
// The command line: clap's raw arguments, and what each command prints.
pub mod cli;
// kbsite.toml and the command line's overrides → the resolved `Config`.
pub mod config;
// What went wrong in the input, where, and how to fix it; I/O and usage errors.
pub mod diagnostics;

// The pipeline, in data-flow order.
// content/<locale>/**: the files of a run, walked in sorted order.
pub mod source;
// YAML frontmatter (the only serde_yaml user).
pub mod frontmatter;
// Bilingual span pairs → segments and the localized and English Markdown.
pub mod segments;
// Articles in every locale, their sections, stale translations, SMTP error codes.
pub mod model;
// SMTP codes in text and headings.
pub mod smtp;
// The few words of each language that code titles need.
pub mod lexicon;
// The title of an error code, from the heading that names it.
pub mod code_title;
// pulldown-cmark → safe HTML with stable heading ids and rewritten links.
pub mod markdown;
// Fluent UI strings with locale → language → en fallback.
pub mod i18n;
// CLDR's names of languages in their own language, for the switcher.
pub mod locale_names;
// Tera pages for every locale.
pub mod render;
// The per-locale search index.
pub mod search;
// site/index.json for other programs.
pub mod index;
// The only writer: atomic replacement of the output directory.
pub mod output;
// The steps above as `kbsite build` and `kbsite check`.
pub mod build;

// Rules shared by the stages.
// Locale tags.
pub mod locale;
// The site's URL layout.
pub mod paths;
// Which files under content/ are media.
pub mod media;

// Translation workflow, every `kbsite i18n` command: add-locale, status, and the PO and
// XLIFF exchange with translators (export, import).
pub mod translate;

// Tools.
// The allocator of the binary and the benchmarks.
pub mod alloc;
/// Invariant checks for tests and the fuzz targets in `fuzz/`; not a public interface.
#[doc(hidden)]
pub mod fuzzing;

pub use build::{build, check, load, Report, Timings};
