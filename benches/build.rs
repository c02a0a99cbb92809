//! Build benchmark over a corpus generated in code (never committed).
//!
//! The corpus (`tests/common/corpus.rs`, shared with the browser query benchmark) is shaped
//! like the seed articles: each generated article has its own slug and ids, and six codes
//! from a pool of 300 shared between articles (`KBSITE_BENCH_CODES=unique`: six of its own,
//! the worst case for code pages). It is
//! built with `kbsite::build` several times, and a bare loop (read, pulldown-cmark, write)
//! over the same files gives a baseline. Writing files of the sizes the build wrote, with no
//! rendering at all, shows what the output alone costs.
//!
//! ```text
//! cargo bench --bench build
//! KBSITE_BENCH_ARTICLES=3000 KBSITE_BENCH_RUNS=5 cargo bench --bench build
//! KBSITE_BENCH_CODES=unique cargo bench --bench build       # 18,000 codes at 3,000 articles
//! KBSITE_BENCH_KEEP=/tmp/corpus cargo bench --bench build   # write the corpus and exit
//! TMPDIR=/dev/shm cargo bench --bench build                   # keep disk I/O out of it
//! ```
//!
//! Each run builds into a fresh output directory; between runs the output is removed and
//! `sync` flushes it, untimed.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codespan_reporting::term::termcolor::NoColor;
use kbsite::config::{self, Overrides};
use kbsite::diagnostics::{Diagnostics, Severity};
use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;

/// The allocator of the `kbsite` binary, so the figures are the binary's.
#[global_allocator]
static ALLOC: kbsite::alloc::MiMalloc = kbsite::alloc::MiMalloc;

#[path = "../tests/common/corpus.rs"]
mod corpus;

use corpus::{check, generate, mkdir, slug, Codes, Generated, Result};

/// Everything measured in one build.
struct Run {
    wall: Duration,
    stages: Vec<(&'static str, Duration)>,
    /// The parts of overlapping stages (see `kbsite::Report::parts`).
    parts: Vec<(&'static str, Duration)>,
    /// Rendering the diagnostics as `main` does (buffered, to /dev/null), outside `build`.
    emit: Duration,
    emit_calls: u64,
    emit_bytes: u64,
    pages: usize,
    codes: usize,
    warnings: usize,
    errors: usize,
    files: usize,
    bytes: u64,
    /// VmHWM during this build (reset before it, when the kernel allows).
    peak_kib: Option<u64>,
}

fn build_once(root: &Path, out: &Path, n: usize, shape: Codes) -> Result<(Run, Diagnostics)> {
    let config = config::resolve(
        root,
        Overrides {
            out: Some(out.to_owned()),
            base_url: None,
            strict: false,
        },
    )?;
    let reset = reset_peak();
    let mut diags = Diagnostics::default();
    let start = Instant::now();
    let result = kbsite::build(&config, &mut diags);
    let wall = start.elapsed();
    let peak_kib = if reset { status_kib("VmHWM") } else { None };
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            let mut shown = NoColor::new(Vec::new());
            let _ = diags.emit(&mut shown);
            let text = String::from_utf8_lossy(&shown.into_inner()).into_owned();
            let head: String = text.lines().take(60).collect::<Vec<_>>().join("\n");
            return Err(format!("build failed: {e}\n{head}").into());
        }
    };
    // `main` emits through a buffered stderr; the counter sees the system calls that makes.
    let null: Box<dyn std::io::Write> =
        match std::fs::OpenOptions::new().write(true).open("/dev/null") {
            Ok(file) => Box::new(std::io::BufWriter::with_capacity(8192, file)),
            Err(_) => Box::new(std::io::sink()),
        };
    let mut counter = NoColor::new(Counting {
        inner: null,
        calls: 0,
        bytes: 0,
    });
    let start = Instant::now();
    diags.emit(&mut counter)?;
    let emit = start.elapsed();
    let counter = counter.into_inner();

    // Sanity: a broken build must not produce a figure.
    let codes = shape.distinct(n);
    // Articles, code pages, the home and search pages, and the further pages of the lists.
    let lists = n.div_ceil(kbsite::render::ARTICLES_PER_PAGE).max(1) - 1
        + codes.div_ceil(kbsite::render::CODES_PER_PAGE).max(1)
        - 1;
    let per_locale = n + codes + 2 + lists;
    let want: BTreeMap<String, usize> = ["en", "ru-RU", "sv-SE"]
        .iter()
        .map(|l| ((*l).to_owned(), per_locale))
        .collect();
    check(diags.errors() == 0, format!("{} errors", diags.errors()))?;
    check(
        report.articles == n,
        format!("{} articles, want {n}", report.articles),
    )?;
    check(
        report.codes == codes,
        format!("{} codes, want {codes}", report.codes),
    )?;
    check(
        report.pages == want,
        format!("pages per locale {:?}, want {want:?}", report.pages),
    )?;
    let page = out.join(format!("sv-SE/{}/index.html", slug(n - 1)));
    check(
        page.is_file(),
        format!("{} was not written", page.display()),
    )?;
    let stage_names: Vec<&str> = report.stages.iter().map(|(s, _)| *s).collect();
    check(
        stage_names == ["parse+model", "render", "search", "write"],
        format!("unexpected stages {stage_names:?}"),
    )?;
    let run = Run {
        wall,
        stages: report.stages.clone(),
        parts: report.parts.clone(),
        emit,
        emit_calls: counter.calls,
        emit_bytes: counter.bytes,
        pages: report.pages.values().sum(),
        codes: report.codes,
        warnings: diags.warnings(),
        errors: diags.errors(),
        files: report.files,
        bytes: report.bytes,
        peak_kib,
    };
    Ok((run, diags))
}

/// A writer that counts the `write` calls reaching it.
struct Counting<W> {
    inner: W,
    calls: u64,
    bytes: u64,
}

impl<W: std::io::Write> std::io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.calls += 1;
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The baseline: read each file, drop its frontmatter, render it with pulldown-cmark and
/// write the HTML; sequentially, or on rayon's pool like the build.
fn bare(files: &[Generated], out: &Path, parallel: bool) -> Result<(Duration, u64)> {
    for locale in ["ru-RU", "sv-SE"] {
        mkdir(&out.join(locale))?;
    }
    let one = |f: &Generated| -> Result<u64, String> {
        let text =
            std::fs::read_to_string(&f.path).map_err(|e| format!("{}: {e}", f.path.display()))?;
        let body = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
            .unwrap_or(&text);
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM;
        let mut html = String::with_capacity(body.len() * 3 / 2);
        html::push_html(&mut html, Parser::new_ext(body, options));
        let path = out.join(f.locale).join(format!("{}.html", f.slug));
        std::fs::write(&path, &html).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(html.len() as u64)
    };
    let start = Instant::now();
    let bytes = if parallel {
        files.par_iter().map(one).sum::<Result<u64, String>>()?
    } else {
        files.iter().map(one).sum::<Result<u64, String>>()?
    };
    Ok((start.elapsed(), bytes))
}

/// The files a build wrote, relative to its output directory, with their sizes.
type Listing = Vec<(PathBuf, usize)>;

/// Every file under `out`: its path below `out` and its size.
fn listing(out: &Path) -> Result<Listing> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry?;
        if entry.file_type().is_file() {
            let len = entry.metadata()?.len() as usize;
            let rel = entry.path().strip_prefix(out)?.to_owned();
            files.push((rel, len));
        }
    }
    Ok(files)
}

/// Writes files of the sizes in `files` under `out`, making each folder once: what writing
/// the build's output costs by itself, the floor under the build's "write" share.
fn write_floor(files: &[(PathBuf, usize)], out: &Path, parallel: bool) -> Result<Duration> {
    let filler = vec![b'x'; files.iter().map(|(_, len)| *len).max().unwrap_or(0)];
    let start = Instant::now();
    let dirs: std::collections::BTreeSet<&Path> =
        files.iter().filter_map(|(rel, _)| rel.parent()).collect();
    mkdir(out)?;
    for dir in dirs {
        mkdir(&out.join(dir))?;
    }
    let one = |(rel, len): &(PathBuf, usize)| {
        let path = out.join(rel);
        std::fs::write(&path, &filler[..*len]).map_err(|e| format!("{}: {e}", path.display()))
    };
    if parallel {
        files.par_iter().try_for_each(one)?;
    } else {
        files.iter().try_for_each(one)?;
    }
    Ok(start.elapsed())
}

fn main() -> Result<()> {
    kbsite::alloc::init();
    let n = env_usize("KBSITE_BENCH_ARTICLES", 1000)?;
    let runs = env_usize("KBSITE_BENCH_RUNS", 3)?;
    let shape = match std::env::var("KBSITE_BENCH_CODES") {
        Ok(name) => Codes::parse(&name).ok_or("KBSITE_BENCH_CODES must be shared or unique")?,
        Err(_) => Codes::Shared,
    };
    check(
        (1..=100_000).contains(&n) && runs >= 1,
        "KBSITE_BENCH_ARTICLES must be 1..=100000 and KBSITE_BENCH_RUNS at least 1",
    )?;
    if let Some(keep) = std::env::var_os("KBSITE_BENCH_KEEP") {
        return keep_corpus(&PathBuf::from(keep), n, shape);
    }

    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("project");
    let files = generate_corpus(&root, n, runs, shape)?;
    let (results, kinds, output) = build_runs(tmp.path(), &root, n, runs, shape)?;
    let baselines = baselines(tmp.path(), &files, &output, runs)?;
    print_results(n, &results);
    println!("diagnostics (distinct): {kinds}");
    print_baselines(&results, baselines, files.len(), &output);
    Ok(())
}

/// `KBSITE_BENCH_KEEP`: writes the corpus to `root` (which must be empty or absent) and
/// builds nothing.
fn keep_corpus(root: &Path, n: usize, shape: Codes) -> Result<()> {
    let empty = match std::fs::read_dir(root) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(format!("{}: {e}", root.display()).into()),
    };
    check(
        empty,
        format!(
            "{} exists and is not empty; refusing to write into it",
            root.display()
        ),
    )?;
    let start = Instant::now();
    let (files, bytes) = generate(root, n, shape)?;
    println!(
        "wrote {} files ({:.1} MiB) for {n} articles to {} in {:.2} s",
        files.len(),
        mib(bytes),
        root.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Writes the corpus under `root` and prints what it is.
fn generate_corpus(root: &Path, n: usize, runs: usize, shape: Codes) -> Result<Vec<Generated>> {
    let start = Instant::now();
    let (files, input_bytes) = generate(root, n, shape)?;
    let generated = start.elapsed();
    settle();
    println!(
        "kbsite build bench: {n} articles × 2 locales = {} files, {:.1} MiB of Markdown, {} codes ({}); {runs} run{}; {} rayon threads",
        files.len(),
        mib(input_bytes),
        shape.distinct(n),
        shape.name(),
        if runs == 1 { "" } else { "s" },
        rayon::current_num_threads(),
    );
    println!(
        "generated in {:.3} s; VmRSS before building: {}; load average: {}",
        generated.as_secs_f64(),
        kib(status_kib("VmRSS")),
        load_average()
    );
    Ok(files)
}

/// Builds the corpus `runs` times: the runs, the distinct diagnostic kinds, and the files the
/// (last) build wrote with their sizes.
fn build_runs(
    tmp: &Path,
    root: &Path,
    n: usize,
    runs: usize,
    shape: Codes,
) -> Result<(Vec<Run>, String, Listing)> {
    let mut results = Vec::with_capacity(runs);
    let mut kinds = String::new();
    let mut output = Vec::new();
    for r in 0..runs {
        let out = tmp.join(format!("site-{r}"));
        let (run, diags) = build_once(root, &out, n, shape)?;
        // Only the counts are kept: holding a run's diagnostics would add to the next one's
        // peak.
        kinds = diagnostic_kinds(&diags);
        drop(diags);
        output = listing(&out)?;
        remove(&out)?;
        settle();
        results.push(run);
    }
    // Every run built the same site, so the counts are printed once.
    let counts = |r: &Run| (r.pages, r.codes, r.warnings, r.errors, r.files, r.bytes);
    check(
        results.iter().all(|r| counts(r) == counts(&results[0])),
        "runs differ in pages, codes, diagnostics, files or bytes",
    )?;
    Ok((results, kinds, output))
}

/// The times of the two baselines, each sequential and on rayon, one per run.
#[derive(Default)]
struct Baselines {
    bare_seq: Vec<Duration>,
    bare_par: Vec<Duration>,
    /// HTML bytes the bare loop wrote.
    bare_bytes: u64,
    floor_seq: Vec<Duration>,
    floor_par: Vec<Duration>,
}

/// Runs the bare loop over the corpus and writes the build's output sizes with no rendering.
fn baselines(
    tmp: &Path,
    files: &[Generated],
    output: &[(PathBuf, usize)],
    runs: usize,
) -> Result<Baselines> {
    let mut b = Baselines::default();
    for r in 0..runs {
        for (parallel, times) in [(false, &mut b.bare_seq), (true, &mut b.bare_par)] {
            let out = tmp.join(format!("bare-{r}-{parallel}"));
            let (time, bytes) = bare(files, &out, parallel)?;
            remove(&out)?;
            settle();
            times.push(time);
            b.bare_bytes = bytes;
        }
        for (parallel, times) in [(false, &mut b.floor_seq), (true, &mut b.floor_par)] {
            let out = tmp.join(format!("floor-{r}-{parallel}"));
            times.push(write_floor(output, &out, parallel)?);
            remove(&out)?;
            settle();
        }
    }
    Ok(b)
}

/// The build against the bare loop and the write floor, and the process's peak memory.
fn print_baselines(results: &[Run], b: Baselines, inputs: usize, output: &[(PathBuf, usize)]) {
    let build = median(results.iter().map(|r| r.wall).collect());
    let seq = median(b.bare_seq);
    let par = median(b.bare_par);
    println!(
        "bare loop (read + pulldown-cmark + write {} files, {:.1} MiB HTML): sequential {}, rayon {}",
        inputs,
        mib(b.bare_bytes),
        ms(seq),
        ms(par)
    );
    println!(
        "build / bare: {:.1}× sequential, {:.1}× rayon (median build {})",
        ratio(build, seq),
        ratio(build, par),
        ms(build)
    );
    println!(
        "writing the build's {} files ({:.1} MiB) alone, no rendering: sequential {}, rayon {}",
        output.len(),
        mib(output.iter().map(|(_, len)| *len as u64).sum()),
        ms(median(b.floor_seq)),
        ms(median(b.floor_par))
    );
    println!(
        "process peak memory (VmHWM at exit): {}; load average: {}",
        kib(status_kib("VmHWM")),
        load_average()
    );
}

/// One line of the results table.
struct Row {
    wall: Duration,
    stages: Vec<Duration>,
    parts: Vec<Duration>,
    unstaged: Duration,
    emit: Duration,
    peak_kib: Option<u64>,
}

impl Row {
    fn of(r: &Run) -> Row {
        let stages: Vec<Duration> = r.stages.iter().map(|(_, d)| *d).collect();
        Row {
            wall: r.wall,
            unstaged: r.wall.saturating_sub(stages.iter().sum()),
            stages,
            parts: r.parts.iter().map(|(_, d)| *d).collect(),
            emit: r.emit,
            peak_kib: r.peak_kib,
        }
    }

    /// The median of every column (the largest peak).
    fn median(rows: &[Row]) -> Row {
        let column = |f: &dyn Fn(&Row) -> Duration| median(rows.iter().map(f).collect());
        Row {
            wall: column(&|r| r.wall),
            stages: (0..rows[0].stages.len())
                .map(|i| column(&|r| r.stages[i]))
                .collect(),
            parts: (0..rows[0].parts.len())
                .map(|i| column(&|r| r.parts[i]))
                .collect(),
            unstaged: column(&|r| r.unstaged),
            emit: column(&|r| r.emit),
            peak_kib: rows.iter().filter_map(|r| r.peak_kib).max(),
        }
    }

    /// The minimum of every column (the smallest peak): the least disturbed figures.
    fn best(rows: &[Row]) -> Row {
        let column = |f: &dyn Fn(&Row) -> Duration| rows.iter().map(f).min().unwrap_or_default();
        Row {
            wall: column(&|r| r.wall),
            stages: (0..rows[0].stages.len())
                .map(|i| column(&|r| r.stages[i]))
                .collect(),
            parts: (0..rows[0].parts.len())
                .map(|i| column(&|r| r.parts[i]))
                .collect(),
            unstaged: column(&|r| r.unstaged),
            emit: column(&|r| r.emit),
            peak_kib: rows.iter().filter_map(|r| r.peak_kib).min(),
        }
    }

    fn print(&self, label: &str, articles: usize, pages: usize) {
        let mut line = format!("{label:>6} {:>9}", ms(self.wall));
        for d in self.stages.iter().chain(&self.parts) {
            let _ = write!(line, " {:>8}", ms(*d));
        }
        let secs = self.wall.as_secs_f64();
        let _ = write!(
            line,
            " {:>8} {:>8} {:>8.0} {:>8.0} {:>10}",
            ms(self.unstaged),
            ms(self.emit),
            articles as f64 / secs,
            pages as f64 / secs,
            kib(self.peak_kib)
        );
        println!("{line}");
    }
}

fn print_results(n: usize, results: &[Run]) {
    let mut header = format!("{:>6} {:>9}", "run", "total");
    for (s, _) in &results[0].stages {
        let _ = write!(header, " {s:>8}");
    }
    for (s, _) in &results[0].parts {
        let _ = write!(header, " {:>8}", format!("({s})"));
    }
    let _ = write!(
        header,
        " {:>8} {:>8} {:>8} {:>8} {:>10}",
        "unstaged", "emit", "art/s", "pages/s", "peak"
    );
    println!("{header}");
    let rows: Vec<Row> = results.iter().map(Row::of).collect();
    let pages = results[0].pages;
    for (i, row) in rows.iter().enumerate() {
        row.print(&(i + 1).to_string(), n, pages);
    }
    Row::median(&rows).print("median", n, pages);
    Row::best(&rows).print("best", n, pages);
    let r = &results[0];
    println!(
        "pages {} (3 locales × ({n} articles + {} codes + home, search and list pages)), warnings {}, errors {}, files {}, output {:.1} MiB",
        r.pages,
        r.codes,
        r.warnings,
        r.errors,
        r.files,
        mib(r.bytes)
    );
    println!(
        "diagnostics output: {:.1} KiB in {} write calls into an 8 KiB buffer",
        r.emit_bytes as f64 / 1024.0,
        r.emit_calls
    );
    println!("(total = wall time of kbsite::build; (parse) and (model) = the two halves of parse+model, summed over threads; (reload) = reading and building each article again for its text during render, summed over threads; (index) = writing index.json beside render, its own wall time; unstaged = total − stages; emit = Diagnostics::emit to a buffered /dev/null, as main does to stderr, not in total; peak = VmHWM during the build, median row: the largest; best = minimum of each column)");
}

/// `warning[link-absent] 16500, …`: the diagnostics of a build counted by kind.
fn diagnostic_kinds(diags: &Diagnostics) -> String {
    let mut kinds: BTreeMap<(Severity, &str), usize> = BTreeMap::new();
    for d in diags.sorted() {
        *kinds.entry((d.severity, d.kind.name())).or_default() += 1;
    }
    let kinds: Vec<String> = kinds
        .iter()
        .map(|((s, k), c)| format!("{s}[{k}] {c}"))
        .collect();
    kinds.join(", ")
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    let m = v.len() / 2;
    if v.len().is_multiple_of(2) {
        (v[m - 1] + v[m]) / 2
    } else {
        v[m]
    }
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn ms(d: Duration) -> String {
    format!("{:.1}ms", d.as_secs_f64() * 1000.0)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn kib(k: Option<u64>) -> String {
    k.map_or_else(|| "n/a".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

/// A `kB` field of /proc/self/status (Linux only).
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// The 1, 5 and 15 minute load averages: the machine may be shared.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "n/a".into(),
        |s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "),
    )
}

/// Flushes dirty pages (`sync`) so one run's writeback does not land in the next run's
/// write stage; best effort.
fn settle() {
    let _ = std::process::Command::new("sync").status();
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0); false when that is not possible.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn env_usize(name: &str, default: usize) -> Result<usize> {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .map_err(|e| format!("{name}={v}: {e}").into()),
        Err(std::env::VarError::NotPresent) => Ok(default),
        Err(e) => Err(format!("{name}: {e}").into()),
    }
}

fn remove(path: &Path) -> Result<()> {
    std::fs::remove_dir_all(path).map_err(|e| format!("{}: {e}", path.display()).into())
}
