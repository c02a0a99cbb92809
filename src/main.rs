//! The `kbsite` binary: parse the command line, run the library, print diagnostics once.
//! Results for programs go to stdout; diagnostics and summaries to stderr. Exit codes: 0 ok,
//! 1 problems found, 2 usage, configuration or I/O error.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

/// mimalloc: a build makes millions of short-lived strings on every core; glibc's allocator
/// spent a fifth of the build in `malloc` and fragmented the heap (see benches/build.rs).
#[global_allocator]
static ALLOC: kbsite::alloc::MiMalloc = kbsite::alloc::MiMalloc;

use kbsite::cli::{BuildArgs, Cli, Command, ExchangeFormat, Format, I18nCommand};
use kbsite::config::{self, Overrides};
use kbsite::diagnostics::{Diagnostics, Error};

fn main() -> ExitCode {
    kbsite::alloc::init();
    let cli = Cli::parse();
    let color = if std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal() {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    };
    // Buffered: a snippet is hundreds of small writes.
    let mut stderr = BufferedStandardStream::stderr(color);
    let mut diags = Diagnostics::default();
    let result = match cli.command {
        Command::Build(args) => build(args, &mut diags, &mut stderr),
        Command::Check { root, format } => check(&root, format, &mut diags, &mut stderr),
        Command::I18n(I18nCommand::AddLocale { tag, root }) => add_locale(&root, &tag, &mut stderr),
        Command::I18n(I18nCommand::Status {
            root,
            format,
            strict,
        }) => status(&root, format, strict, &mut diags),
        Command::I18n(I18nCommand::Export {
            locale,
            format,
            out,
            root,
        }) => export(
            &root,
            &locale,
            format,
            out.as_deref(),
            &mut diags,
            &mut stderr,
        ),
        Command::I18n(I18nCommand::Import { file, root, force }) => {
            import(&root, &file, force, &mut diags, &mut stderr)
        }
    };
    let code = match result {
        Ok(code) => code,
        Err(Error::Content { count }) => {
            let _ = diags.emit(&mut stderr);
            let warnings = diags.warnings();
            let _ = writeln!(
                stderr,
                "kbsite: build failed: {count} error{}, {warnings} warning{}",
                plural(count),
                plural(warnings)
            );
            ExitCode::from(1)
        }
        Err(Error::Strict { count }) => {
            let _ = diags.emit(&mut stderr);
            let _ = writeln!(
                stderr,
                "kbsite: build failed: {count} warning{} (--strict: warnings fail the build; nothing written)",
                plural(count)
            );
            ExitCode::from(1)
        }
        Err(e) => {
            let _ = diags.emit(&mut stderr);
            let _ = writeln!(stderr, "kbsite: error: {e}");
            ExitCode::from(2)
        }
    };
    let _ = stderr.flush();
    code
}

fn build(
    args: BuildArgs,
    diags: &mut Diagnostics,
    stderr: &mut BufferedStandardStream,
) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let config = config::resolve(
        &args.root,
        Overrides {
            out: args.out,
            base_url: args.base_url,
            strict: args.strict,
        },
    )?;
    let report = kbsite::build(&config, diags)?;
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
    Ok(ExitCode::SUCCESS)
}

fn check(
    root: &std::path::Path,
    format: Format,
    diags: &mut Diagnostics,
    stderr: &mut BufferedStandardStream,
) -> Result<ExitCode, Error> {
    let config = config::resolve(root, Overrides::default())?;
    kbsite::check(&config, diags)?;
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
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn add_locale(
    root: &std::path::Path,
    tag: &str,
    stderr: &mut BufferedStandardStream,
) -> Result<ExitCode, Error> {
    let english = kbsite::i18n::english_ftl(root)?;
    let added = kbsite::translate::add_locale(root, tag, &english)?;
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
    Ok(ExitCode::SUCCESS)
}

fn status(
    root: &std::path::Path,
    format: Format,
    strict: bool,
    diags: &mut Diagnostics,
) -> Result<ExitCode, Error> {
    let config = config::resolve(root, Overrides::default())?;
    let (site, _, _) = kbsite::load(&config.root, &config.locales, diags, &mut |_| {})?;
    let i18n = kbsite::i18n::I18n::load(&config.root, &site.locales, diags)?;
    if diags.has_errors() {
        return Err(Error::Content {
            count: diags.errors(),
        });
    }
    let report = kbsite::translate::status(&site, &i18n);
    let out = match format {
        Format::Table => kbsite::translate::table(&report),
        Format::Json => {
            serde_json::to_string_pretty(&report).expect("the report has string keys") + "\n"
        }
    };
    to_stdout(out.as_bytes())?;
    Ok(if strict && report.incomplete() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

fn export(
    root: &std::path::Path,
    locale: &str,
    format: ExchangeFormat,
    out: Option<&std::path::Path>,
    diags: &mut Diagnostics,
    stderr: &mut BufferedStandardStream,
) -> Result<ExitCode, Error> {
    let export = kbsite::translate::export(root, locale, diags)?;
    let _ = diags.emit(stderr);
    let text = match format {
        ExchangeFormat::Po => kbsite::translate::po(&export),
        ExchangeFormat::Xliff => kbsite::translate::xliff(&export),
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
                    && (u.translation.is_some() || state == kbsite::model::SegmentState::Missing)
            })
            .count()
    };
    let _ = writeln!(
        stderr,
        "kbsite: exported {} segment{} for {} ({} translated, {} stale, {} missing){}",
        export.units.len(),
        plural(export.units.len()),
        export.locale,
        count(kbsite::model::SegmentState::Current),
        count(kbsite::model::SegmentState::Stale),
        export
            .units
            .iter()
            .filter(|u| u.translation.is_none())
            .count(),
        out.map(|p| format!(" → {}", p.display()))
            .unwrap_or_default(),
    );
    Ok(ExitCode::SUCCESS)
}

fn import(
    root: &std::path::Path,
    file: &std::path::Path,
    force: bool,
    diags: &mut Diagnostics,
    stderr: &mut BufferedStandardStream,
) -> Result<ExitCode, Error> {
    let parsed = kbsite::translate::read(file)?;
    let plan = kbsite::translate::plan(root, &parsed, &file.display().to_string(), diags)?;
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
        return Ok(ExitCode::from(1));
    }
    let written = kbsite::translate::write(root, &plan)?;
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
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
