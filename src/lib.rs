//! kbsite builds multilingual troubleshooting help sites from localized documentation.
//!
//! The pipeline, one module per stage, in data-flow order:
//!
//! ```text
//! source       content/<locale>/**.md, walked in sorted order
//! frontmatter  YAML frontmatter (the only serde_yaml user)
//! segments     bilingual span pairs → segments + localized and English Markdown
//! model        articles, locales, English source, stale translations, SMTP error codes
//!              (smtp: codes in text and headings; lexicon, code_title: their titles)
//! markdown     pulldown-cmark → safe HTML with stable heading ids and rewritten links
//! i18n         Fluent UI strings with locale → language → en fallback
//! locale_names CLDR's names of languages in their own language, for the switcher
//! render       Tera pages for every locale
//! index        site/index.json for other programs
//! output       the only writer: atomic replacement of the output directory
//! ```
//!
//! A build keeps only the outline of each article in the model (titles, sections, codes,
//! statuses) and reads each article's files again to render it and index it for search,
//! so the text of the whole site is never in memory at once.
//!
//! Problems in the input are [`diagnostics::Diagnostic`]s, collected from every stage and
//! printed once by `main`.

pub mod alloc;
pub mod cli;
pub mod code_title;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod i18n;
pub mod index;
pub mod lexicon;
pub mod locale;
pub mod locale_names;
pub mod markdown;
pub mod media;
pub mod model;
pub mod output;
pub mod paths;
pub mod render;
pub mod search;
pub mod segments;
pub mod smtp;
pub mod source;
pub mod translate;

/// Invariant checks for tests and the fuzz targets in `fuzz/`; not a public interface.
#[doc(hidden)]
pub mod fuzzing;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use diagnostics::{Diagnostics, Error};
use output::File;

/// What a build did, for the summary line and benchmarks.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: usize,
    pub codes: usize,
    /// Pages per locale.
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub bytes: u64,
    /// Size of the search index files, all locales.
    pub search_bytes: u64,
    /// Wall time of each stage, in pipeline order.
    pub stages: Vec<(&'static str, Duration)>,
    /// The parts of the stages whose work overlaps: `parse` (reading and parsing files) and
    /// `model` (building articles from them) within `parse+model`, summed over threads;
    /// `reload` (building each article again for its text) within `render`, summed over
    /// threads; `index` (writing `index.json`, beside rendering) its own wall time.
    pub parts: Timings,
}

/// Named durations.
pub type Timings = Vec<(&'static str, Duration)>;

impl Report {
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

/// Reads `root/content` into the site model, text and all: parse every file and build the
/// model (one article at a time, in parallel). `lap` is called after each stage with its
/// name, for timing.
pub fn load(
    root: &std::path::Path,
    registered_locales: &[String],
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
) -> Result<(model::Site, source::Content, Timings), Error> {
    load_model(root, registered_locales, diags, lap, model::Keep::Text)
}

fn load_model(
    root: &std::path::Path,
    registered_locales: &[String],
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
    keep: model::Keep,
) -> Result<(model::Site, source::Content, Timings), Error> {
    let content = source::discover(root, diags)?;
    let locales = config::site_locales(registered_locales, &content.locales);
    let parsing = std::sync::atomic::AtomicU64::new(0);
    let read = |_: usize, source: &source::Source| {
        let start = Instant::now();
        let parsed = read_source(source, model::document);
        let nanos = start.elapsed().as_nanos() as u64;
        parsing.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        parsed
    };
    let (site, found, building) = model::build(&content.markdown, &locales, &read, keep)?;
    diags.extend(found);
    // Each article's files are parsed as the article is built: one stage.
    lap("parse+model");
    let parsing = Duration::from_nanos(parsing.into_inner());
    Ok((site, content, vec![("parse", parsing), ("model", building)]))
}

/// Reads and parses one file (refusing one over the size limit before reading it).
fn read_source(
    source: &source::Source,
    parse: fn(source::Source, &[u8]) -> model::Parsed,
) -> Result<model::Parsed, Error> {
    use std::io::Read as _;
    let io = |e| Error::io(&source.abs, e);
    let mut file = std::fs::File::open(&source.abs).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if let Some(d) = model::too_large(source, len) {
        return Ok((None, vec![d]));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(parse(source.clone(), &bytes))
}

/// `kbsite build`: renders the site into a staging directory beside the output, then swaps
/// it in. Content problems go to `diags`; the result is an error for I/O and template
/// problems, and when `diags` has errors (then nothing is written and the old site stays).
pub fn build(config: &Config, diags: &mut Diagnostics) -> Result<Report, Error> {
    let result = run(config, diags, true);
    // Diagnostics show snippets whether or not the build got to the end.
    diags.load_sources(&config.root);
    result
}

/// `kbsite check`: everything `build` does except writing, and it goes on past content
/// errors to find every problem. The report counts what would have been written.
pub fn check(config: &Config, diags: &mut Diagnostics) -> Result<Report, Error> {
    let result = run(config, diags, false);
    diags.load_sources(&config.root);
    result
}

fn run(config: &Config, diags: &mut Diagnostics, write: bool) -> Result<Report, Error> {
    let mut report = Report::default();
    let mut clock = Instant::now();
    let mut lap = |report: &mut Report, name: &'static str| {
        report.stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let fail_on_errors = |diags: &Diagnostics| match diags.errors() {
        0 => Ok(()),
        _ if !write => Ok(()),
        count => Err(Error::Content { count }),
    };

    // The model keeps outlines; rendering reads each article again for its text.
    let (site, content, parts) = load_model(
        &config.root,
        &config.locales,
        diags,
        &mut |name| lap(&mut report, name),
        model::Keep::Outline,
    )?;
    report.parts = parts;
    // Building each article in full and keeping its outline freed most of what it made.
    alloc::collect();
    let i18n = Arc::new(i18n::I18n::load(&config.root, &site.locales, diags)?);
    let templates = render::templates(&config.root, &i18n, &site.locales)?;
    fail_on_errors(diags)?;

    let staging = if write {
        Some(output::Staging::begin(&config.out)?)
    } else {
        None
    };
    let put = |file: &File| staging.as_ref().map_or(Ok(()), |s| s.write(file));
    let assets: BTreeSet<String> = content
        .assets
        .iter()
        .map(|a| format!("{}/{}", a.locale, a.rel))
        .collect();
    let inputs = render::Inputs {
        config,
        i18n: &i18n,
        templates: &templates,
        assets: &assets,
    };
    let search = search::Collector::new(&site).map_err(Error::Usage)?;
    let read = |_: usize, source: &source::Source| read_source(source, model::document_body);
    let reloading = std::sync::atomic::AtomicU64::new(0);
    let reload = |article: &model::Article| {
        let start = Instant::now();
        let full = model::reload(article, &content.markdown, &read)?.ok_or_else(|| {
            Error::Usage(format!(
                "the files of `{}` changed during the build; build again",
                article.slug
            ))
        });
        let nanos = start.elapsed().as_nanos() as u64;
        reloading.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        full
    };
    let text = render::Text {
        reload: &reload,
        visit: &|index, article| search.visit(index, article),
    };
    // index.json (one task) is written while pages render (many tasks) on the other cores.
    let timed = |f: &dyn Fn() -> Result<Vec<render::Written>, Error>| {
        let start = Instant::now();
        f().map(|written| (written, start.elapsed()))
    };
    let (rendered, index_done) = rayon::join(
        || render::site(&site, &inputs, &text, &|file| put(&file)),
        || timed(&|| index_file(&site, &i18n, &config.base_url, staging.as_ref())),
    );
    let (mut written, found) = rendered?;
    alloc::collect();
    let (index_written, index_time) = index_done?;
    diags.extend(found);
    written.extend(index_written);
    lap(&mut report, "render");
    let reloading = Duration::from_nanos(reloading.into_inner());
    report.parts.push(("reload", reloading));
    report.parts.push(("index", index_time));

    let tables = search.finish();
    report.articles = site.articles.len();
    report.codes = site.codes.len();
    let locales = site.locales.clone();
    // Freeing the model (hundreds of thousands of allocations) overlaps the search files.
    let (search_written, ()) =
        rayon::join(|| search_files(tables, &i18n, &put), move || drop(site));
    let search_written = search_written?;
    report.search_bytes = search_written.iter().map(|f| f.bytes).sum();
    written.extend(search_written);
    lap(&mut report, "search");

    let copied: Vec<render::Written> = content
        .assets
        .par_iter()
        .map(|asset| {
            let bytes = std::fs::read(&asset.abs).map_err(|e| Error::io(&asset.abs, e))?;
            let file = File {
                path: format!("{}/{}", asset.locale, asset.rel),
                bytes,
            };
            put(&file)?;
            Ok(render::Written {
                path: file.path,
                bytes: file.bytes.len() as u64,
            })
        })
        .collect::<Result<_, Error>>()?;
    written.extend(copied);
    fail_on_errors(diags)?;
    if write && config.strict && diags.warnings() > 0 {
        return Err(Error::Strict {
            count: diags.warnings(),
        });
    }
    if let Some(staging) = staging {
        staging.commit()?;
    }
    lap(&mut report, "write");

    for file in &written {
        if let Some((locale, _)) = file.path.split_once('/') {
            if file.path.ends_with("index.html") && locales.iter().any(|l| l == locale) {
                *report.pages.entry(locale.to_owned()).or_default() += 1;
            }
        }
    }
    report.files = written.len();
    report.bytes = written.iter().map(|f| f.bytes).sum();
    Ok(report)
}

/// Writes every locale's search files; what was written, by path.
fn search_files(
    search: search::Tables,
    i18n: &i18n::I18n,
    put: &(dyn Fn(&File) -> Result<(), Error> + Sync),
) -> Result<Vec<render::Written>, Error> {
    let written = std::sync::Mutex::new(Vec::new());
    search.files(i18n, &|file: File| {
        put(&file)?;
        let entry = render::Written {
            path: file.path,
            bytes: file.bytes.len() as u64,
        };
        written
            .lock()
            .map_err(|_| Error::Usage("a search thread panicked".into()))?
            .push(entry);
        Ok(())
    })?;
    let mut written = written
        .into_inner()
        .map_err(|_| Error::Usage("a search thread panicked".into()))?;
    // Locales finish in any order.
    written.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(written)
}

/// Writes `index.json` straight into the staging directory (or nowhere, for `check`).
fn index_file(
    site: &model::Site,
    i18n: &i18n::I18n,
    base_url: &str,
    staging: Option<&output::Staging>,
) -> Result<Vec<render::Written>, Error> {
    let path = "index.json";
    let (abs, out): (std::path::PathBuf, Box<dyn std::io::Write>) = match staging {
        Some(staging) => {
            let (abs, out) = staging.create(path)?;
            (abs, Box::new(out))
        }
        None => (path.into(), Box::new(std::io::sink())),
    };
    let mut counted = output::Counted::new(out);
    index::write_json(site, i18n, base_url, &mut counted)
        .and_then(|()| std::io::Write::flush(&mut counted))
        .map_err(|e| Error::io(&abs, e))?;
    Ok(vec![render::Written {
        path: path.into(),
        bytes: counted.bytes(),
    }])
}
