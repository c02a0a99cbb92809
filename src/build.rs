//! The build and check pipeline: `kbsite build` and `kbsite check` as one run of named steps,
//! in data-flow order.
//!
//! ```text
//! read sources → model     load_model: parse each file as its article is built (outlines only)
//! UI strings, templates    i18n::I18n::load, render::templates; content errors stop a build here
//! render + index.json      render_pages: every page (reading each article again for its text)
//!                          and, beside it on another core, index_file
//! search                   search_stage: every locale's search files, while the model is freed
//! assets                   copy_assets: content files that are not Markdown, as they are
//! write                    finish: the staging directory replaces the output (build only)
//! ```
//!
//! `check` runs the same steps with no staging directory: nothing is written, and it goes on
//! past content errors. [`load`] is the first step alone, text and all, for `kbsite i18n`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::output::{self, File, Staging};
use crate::render::{self, Written};
use crate::{alloc, i18n, index, model, paths, search, source};

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
    root: &Path,
    registered_locales: &[String],
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
) -> Result<(model::Site, source::Content, Timings), Error> {
    load_model(root, registered_locales, diags, lap, model::Keep::Text)
}

/// Read sources → model: finds the content, then parses each file as its article is built,
/// keeping what `keep` says.
fn load_model(
    root: &Path,
    registered_locales: &[String],
    diags: &mut Diagnostics,
    lap: &mut dyn FnMut(&'static str),
    keep: model::Keep,
) -> Result<(model::Site, source::Content, Timings), Error> {
    let content = source::discover(root, diags)?;
    let locales = crate::config::site_locales(registered_locales, &content.locales);
    let parsing = AtomicU64::new(0);
    let read = |_: usize, source: &source::Source| {
        let start = Instant::now();
        let parsed = read_source(source, model::document);
        parsing.fetch_add(nanos(start), Ordering::Relaxed);
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
    Ok(match model::read(source)? {
        Ok(bytes) => parse(source.clone(), &bytes),
        Err(too_large) => (None, vec![too_large]),
    })
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

/// The pipeline, step by step; `write` is false for `check`.
fn run(config: &Config, diags: &mut Diagnostics, write: bool) -> Result<Report, Error> {
    let mut clock = Clock::start();
    // The model keeps outlines; rendering reads each article again for its text.
    let (site, content, mut parts) = load_model(
        &config.root,
        &config.locales,
        diags,
        &mut |name| clock.lap(name),
        model::Keep::Outline,
    )?;
    // Building each article in full and keeping its outline freed most of what it made.
    alloc::collect();
    let i18n = Arc::new(i18n::I18n::load(&config.root, &site.locales, diags)?);
    let templates = render::templates(&config.root, &i18n, &site.locales)?;
    fail_on_errors(diags, write)?;

    let staging = write.then(|| Staging::begin(&config.out)).transpose()?;
    let assets: BTreeSet<String> = content
        .assets
        .iter()
        .map(|a| paths::media_path(&a.locale, &a.rel))
        .collect();
    let inputs = render::Inputs {
        config,
        i18n: &i18n,
        templates: &templates,
        assets: &assets,
    };
    let search = search::Collector::new(&site).map_err(Error::Usage)?;
    let rendered = render_pages(&site, &content, &inputs, &search, staging.as_ref())?;
    diags.extend(rendered.found);
    let mut written = rendered.written;
    clock.lap("render");
    parts.push(("reload", rendered.reload));
    parts.push(("index", rendered.index));

    let tables = search.finish();
    let (articles, codes) = (site.articles.len(), site.codes.len());
    let locales = site.locales.clone();
    let search_written = search_stage(tables, site, &i18n, staging.as_ref())?;
    let search_bytes = search_written.iter().map(|f| f.bytes).sum();
    written.extend(search_written);
    clock.lap("search");

    written.extend(copy_assets(&content, staging.as_ref())?);
    finish(config, diags, staging)?;
    clock.lap("write");

    Ok(Report {
        articles,
        codes,
        pages: pages_per_locale(&written, &locales),
        files: written.len(),
        bytes: written.iter().map(|f| f.bytes).sum(),
        search_bytes,
        stages: clock.stages,
        parts,
    })
}

/// The wall time of each stage, taken when it ends.
struct Clock {
    since: Instant,
    stages: Timings,
}

impl Clock {
    fn start() -> Self {
        Self {
            since: Instant::now(),
            stages: Vec::new(),
        }
    }

    fn lap(&mut self, name: &'static str) {
        self.stages.push((name, self.since.elapsed()));
        self.since = Instant::now();
    }
}

/// Nanoseconds since `start`, for the timings summed over threads.
fn nanos(start: Instant) -> u64 {
    start.elapsed().as_nanos() as u64
}

/// Content errors stop a build (nothing is written); `check` goes on to find every problem.
fn fail_on_errors(diags: &Diagnostics, write: bool) -> Result<(), Error> {
    match diags.errors() {
        0 => Ok(()),
        _ if !write => Ok(()),
        count => Err(Error::Content { count }),
    }
}

/// Hands a file to the staging directory, or to nowhere for `check`.
fn put(staging: Option<&Staging>, file: &File) -> Result<(), Error> {
    staging.map_or(Ok(()), |s| s.write(file))
}

/// What rendering left.
struct Rendered {
    /// The pages, then `index.json`.
    written: Vec<Written>,
    found: Vec<Diagnostic>,
    /// Building each article again for its text, summed over threads.
    reload: Duration,
    /// Writing `index.json`, its own wall time.
    index: Duration,
}

/// Renders every page, reading each article again for its text and handing it to the search
/// collector; `index.json` (one task) is written meanwhile on the other cores.
fn render_pages(
    site: &model::Site,
    content: &source::Content,
    inputs: &render::Inputs<'_>,
    search: &search::Collector<'_>,
    staging: Option<&Staging>,
) -> Result<Rendered, Error> {
    let read = |_: usize, source: &source::Source| read_source(source, model::document_body);
    let reloading = AtomicU64::new(0);
    let reload = |article: &model::Article| {
        let start = Instant::now();
        let full = model::reload(article, &content.markdown, &read)?.ok_or_else(|| {
            Error::Usage(format!(
                "the files of `{}` changed during the build; build again",
                article.slug
            ))
        });
        reloading.fetch_add(nanos(start), Ordering::Relaxed);
        full
    };
    let text = render::Text {
        reload: &reload,
        visit: &|index, article| search.visit(index, article),
    };
    let index = || {
        let start = Instant::now();
        index_file(site, inputs.i18n, &inputs.config.base_url, staging)
            .map(|written| (written, start.elapsed()))
    };
    let (pages, index) = rayon::join(
        || render::site(site, inputs, &text, &|file| put(staging, &file)),
        index,
    );
    let (mut written, found) = pages?;
    alloc::collect();
    let (index_written, index) = index?;
    written.extend(index_written);
    Ok(Rendered {
        written,
        found,
        reload: Duration::from_nanos(reloading.into_inner()),
        index,
    })
}

/// Writes `index.json` straight into the staging directory (or nowhere, for `check`).
fn index_file(
    site: &model::Site,
    i18n: &i18n::I18n,
    base_url: &str,
    staging: Option<&Staging>,
) -> Result<Vec<Written>, Error> {
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
    Ok(vec![Written {
        path: path.into(),
        bytes: counted.bytes(),
    }])
}

/// Writes the search files while the model, no longer needed, is freed.
fn search_stage(
    tables: search::Tables,
    site: model::Site,
    i18n: &i18n::I18n,
    staging: Option<&Staging>,
) -> Result<Vec<Written>, Error> {
    // Freeing the model (hundreds of thousands of allocations) overlaps the search files.
    let (written, ()) = rayon::join(
        || search_files(tables, i18n, &|file| put(staging, file)),
        move || drop(site),
    );
    written
}

/// Writes every locale's search files; what was written, by path.
fn search_files(
    search: search::Tables,
    i18n: &i18n::I18n,
    put: &(dyn Fn(&File) -> Result<(), Error> + Sync),
) -> Result<Vec<Written>, Error> {
    let written = std::sync::Mutex::new(Vec::new());
    search.files(i18n, &|file: File| {
        put(&file)?;
        let entry = Written {
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

/// Copies the content files that are not Markdown (images, media) as they are.
fn copy_assets(
    content: &source::Content,
    staging: Option<&Staging>,
) -> Result<Vec<Written>, Error> {
    content
        .assets
        .par_iter()
        .map(|asset| {
            let bytes = std::fs::read(&asset.abs).map_err(|e| Error::io(&asset.abs, e))?;
            let file = File {
                path: paths::media_path(&asset.locale, &asset.rel),
                bytes,
            };
            put(staging, &file)?;
            Ok(Written {
                path: file.path,
                bytes: file.bytes.len() as u64,
            })
        })
        .collect()
}

/// The last word on a build: errors found while rendering, and with `--strict` any warning,
/// leave the old site in place; otherwise the staging directory replaces it. For `check`
/// (no staging) nothing fails here.
fn finish(config: &Config, diags: &Diagnostics, staging: Option<Staging>) -> Result<(), Error> {
    let write = staging.is_some();
    fail_on_errors(diags, write)?;
    if write && config.strict && diags.warnings() > 0 {
        return Err(Error::Strict {
            count: diags.warnings(),
        });
    }
    if let Some(staging) = staging {
        staging.commit()?;
    }
    Ok(())
}

/// The `index.html` pages written under each locale's folder.
fn pages_per_locale(written: &[Written], locales: &[String]) -> BTreeMap<String, usize> {
    let mut pages = BTreeMap::new();
    for file in written {
        if let Some((locale, _)) = file.path.split_once('/') {
            if file.path.ends_with("index.html") && locales.iter().any(|l| l == locale) {
                *pages.entry(locale.to_owned()).or_default() += 1;
            }
        }
    }
    pages
}
