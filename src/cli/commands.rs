//! What each command does and prints. Results for programs go to stdout (`to_stdout`);
//! diagnostics, summaries and failures to stderr, each message once.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use codespan_reporting::term::termcolor::WriteColor;

use super::args::{BuildArgs, ExchangeFormat, Format};
use crate::config::{self, Overrides};
use crate::diagnostics::{Diagnostics, Error};

/// How a command ended, when it ran to the end: `main` exits with 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Problems found: `check` found diagnostics, `i18n status --strict` found something
    /// missing or stale, `i18n import` refused the file.
    Problems,
}

/// `kbsite build`: resolves the configuration, builds, prints the diagnostics and the summary
/// line.
pub fn build(
    args: BuildArgs,
    diags: &mut Diagnostics,
    stderr: &mut dyn WriteColor,
) -> Result<Outcome, Error> {
    let started = Instant::now();
    let config = config::resolve(
        &args.root,
        Overrides {
            out: args.out,
            base_url: args.base_url,
            strict: args.strict,
        },
    )?;
    let report = crate::build::build(&config, diags)?;
    let _ = diags.emit(stderr);
    let pages: Vec<String> = report
        .pages
        .iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let _ = writeln!(
        stderr,
        "kbsite: built {} article{}, {} code{}, pages per locale: {}; {} files, {} KiB (search index {} KiB); {} warning{} in {:.2} s → {}",
        report.articles,
        plural(report.articles),
        report.codes,
        plural(report.codes),
        pages.join(", "),
        report.files,
        report.bytes / 1024,
        report.search_bytes / 1024,
        diags.warnings(),
        plural(diags.warnings()),
        started.elapsed().as_secs_f64(),
        config.out.display(),
    );
    Ok(Outcome::Success)
}

/// `kbsite check`: every problem, as a table with counts on stderr or as JSON on stdout;
/// [`Outcome::Problems`] when there is any.
pub fn check(
    root: &Path,
    format: Format,
    diags: &mut Diagnostics,
    stderr: &mut dyn WriteColor,
) -> Result<Outcome, Error> {
    let config = config::resolve(root, Overrides::default())?;
    crate::build::check(&config, diags)?;
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&diags.to_json())
                .expect("diagnostics serialize")
                + "\n";
            to_stdout(json.as_bytes())?;
        }
        Format::Table => {
            let _ = diags.emit(stderr);
            let kinds: Vec<String> = diags
                .counts()
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            let _ = writeln!(
                stderr,
                "kbsite check: {} error{}, {} warning{}{}",
                diags.errors(),
                plural(diags.errors()),
                diags.warnings(),
                plural(diags.warnings()),
                if kinds.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", kinds.join(", "))
                }
            );
        }
    }
    let clean = diags.errors() + diags.warnings() == 0;
    Ok(if clean {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

/// `kbsite i18n add-locale`: registers the locale and lists what it created, updated or kept.
pub fn add_locale(root: &Path, tag: &str, stderr: &mut dyn WriteColor) -> Result<Outcome, Error> {
    let english = crate::i18n::english_ftl(root)?;
    let added = crate::translate::add_locale(root, tag, &english)?;
    let _ = writeln!(stderr, "kbsite: locale {} registered", added.tag);
    for path in &added.created {
        let _ = writeln!(stderr, "  created {path}");
    }
    for path in &added.updated {
        let _ = writeln!(stderr, "  updated {path}");
    }
    for path in &added.kept {
        let _ = writeln!(stderr, "  kept    {path} (already there)");
    }
    Ok(Outcome::Success)
}

/// `kbsite i18n status`: how translated each locale is, as a table or JSON on stdout.
pub fn status(
    root: &Path,
    format: Format,
    strict: bool,
    diags: &mut Diagnostics,
) -> Result<Outcome, Error> {
    let config = config::resolve(root, Overrides::default())?;
    let (site, _, _) = crate::build::load(&config.root, &config.locales, diags, &mut |_| {})?;
    let i18n = crate::i18n::I18n::load(&config.root, &site.locales, diags)?;
    if diags.has_errors() {
        return Err(Error::Content {
            count: diags.errors(),
        });
    }
    let report = crate::translate::status(&site, &i18n);
    let out = match format {
        Format::Table => crate::translate::table(&report),
        Format::Json => {
            serde_json::to_string_pretty(&report).expect("the report has string keys") + "\n"
        }
    };
    to_stdout(out.as_bytes())?;
    Ok(if strict && report.incomplete() {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// `kbsite i18n export`: the locale's segments as PO or XLIFF, to `out` or stdout, and a
/// summary of their states.
pub fn export(
    root: &Path,
    locale: &str,
    format: ExchangeFormat,
    out: Option<&Path>,
    diags: &mut Diagnostics,
    stderr: &mut dyn WriteColor,
) -> Result<Outcome, Error> {
    let export = crate::translate::export(root, locale, diags)?;
    let _ = diags.emit(stderr);
    let text = match format {
        ExchangeFormat::Po => crate::translate::po(&export),
        ExchangeFormat::Xliff => crate::translate::xliff(&export),
    };
    match out {
        Some(path) => std::fs::write(path, &text).map_err(|e| Error::io(path, e))?,
        None => to_stdout(text.as_bytes())?,
    }
    let count = |state| {
        export
            .units
            .iter()
            .filter(|u| {
                u.state == state
                    && (u.translation.is_some() || state == crate::model::SegmentState::Missing)
            })
            .count()
    };
    let _ = writeln!(
        stderr,
        "kbsite: exported {} segment{} for {} ({} translated, {} stale, {} missing){}",
        export.units.len(),
        plural(export.units.len()),
        export.locale,
        count(crate::model::SegmentState::Current),
        count(crate::model::SegmentState::Stale),
        export
            .units
            .iter()
            .filter(|u| u.translation.is_none())
            .count(),
        out.map(|p| format!(" → {}", p.display()))
            .unwrap_or_default(),
    );
    Ok(Outcome::Success)
}

/// `kbsite i18n import`: checks the translations, then writes them unless a check blocks
/// (and `force` is not given).
pub fn import(
    root: &Path,
    file: &Path,
    force: bool,
    diags: &mut Diagnostics,
    stderr: &mut dyn WriteColor,
) -> Result<Outcome, Error> {
    let parsed = crate::translate::read(file)?;
    let plan = crate::translate::plan(root, &parsed, &file.display().to_string(), diags)?;
    let _ = diags.emit(stderr);
    for p in &plan.problems {
        let _ = writeln!(
            stderr,
            "{}: {}: {}#{}: {}",
            p.at,
            if p.blocking { "error" } else { "warning" },
            p.article,
            p.id,
            p.message
        );
    }
    if plan.blocked() && !force {
        let n = plan.problems.iter().filter(|p| p.blocking).count();
        let _ = writeln!(
            stderr,
            "kbsite: import refused: {n} problem{} in the translations; nothing written (fix them, or --force)",
            plural(n)
        );
        return Ok(Outcome::Problems);
    }
    let written = crate::translate::write(root, &plan)?;
    let _ = writeln!(
        stderr,
        "kbsite: imported {} translation{} for {} ({} fuzzy left out); {} file{} written",
        plan.applied,
        plural(plan.applied),
        plan.locale,
        plan.fuzzy,
        written.len(),
        plural(written.len())
    );
    for (rel, _) in &plan.writes {
        let _ = writeln!(stderr, "  wrote {rel}");
    }
    Ok(Outcome::Success)
}

/// Prints why a command failed, after the diagnostics gathered so far.
pub fn failed(error: &Error, diags: &Diagnostics, stderr: &mut dyn WriteColor) {
    let _ = diags.emit(stderr);
    let _ = match error {
        Error::Content { count } => {
            let warnings = diags.warnings();
            writeln!(
                stderr,
                "kbsite: build failed: {count} error{}, {warnings} warning{}",
                plural(*count),
                plural(warnings)
            )
        }
        Error::Strict { count } => writeln!(
            stderr,
            "kbsite: build failed: {count} warning{} (--strict: warnings fail the build; nothing written)",
            plural(*count)
        ),
        e => writeln!(stderr, "kbsite: error: {e}"),
    };
}

/// Writes a result for programs to stdout. A reader that closed it early (`kbsite check
/// --format json | head`) took what it wanted: that is not an error.
fn to_stdout(bytes: &[u8]) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(()),
    }
}

/// The `s` of a count's noun: `1 file`, `2 files`.
fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
