//! Browser tests: the built site in headless Chromium through chromedriver (WebDriver), one
//! module per behaviour, every one also failing on console errors.
//!
//! Each test builds its site with the real binary into a temp dir, serves it on 127.0.0.1
//! ([`server`]) or opens it from `file://`, and starts its own chromedriver and Chromium
//! ([`harness::Browser`]), so tests are independent and may run in parallel; most open
//! through [`session::Session`] (site served, browser started, a page opened at a size). Chromium and
//! chromedriver must be installed (Debian: `chromium chromium-driver`): without them every
//! test here fails, none is skipped.
//!
//! ```text
//! cargo test --test browser                                          # all the tests
//! cargo test --release --test browser -- --ignored latency --nocapture   # the query benchmark
//! ```

mod harness;
mod server;
mod session;

/// The generated corpus of the build benchmark, for the query benchmark ([`latency`]).
#[allow(dead_code)]
#[path = "../common/corpus.rs"]
mod corpus;

mod bilingual;
mod content_safety;
mod csp;
mod file_url;
mod harness_checks;
mod hostile_names;
mod keyboard;
mod latency;
mod new_locale;
mod no_results;
mod pages;
mod queries;
mod raw_html;
mod search_box;
mod search_page;
mod sub_path;
mod tables;
mod video;
