//! The `kbsite` binary: parse the command line, run the library, print diagnostics once.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

use kbsite::cli::{Cli, Command};
use kbsite::config::{self, Overrides};
use kbsite::diagnostics::{Diagnostics, Error};

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    let mut diags = Diagnostics::default();
    let result = match cli.command {
        Command::Build(args) => config::resolve(
            &args.root,
            Overrides {
                out: args.out,
                base_url: args.base_url,
            },
        )
        .and_then(|config| kbsite::build(&config, &mut diags).map(|report| (config, report))),
    };
    let color = if std::env::var_os("NO_COLOR").is_some() || !std::io::stderr().is_terminal() {
        ColorChoice::Never
    } else {
        ColorChoice::Auto
    };
    // Buffered: a snippet is hundreds of small writes.
    let mut stderr = BufferedStandardStream::stderr(color);
    let _ = diags.emit(&mut stderr);
    let code = match result {
        Ok((config, report)) => {
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
            ExitCode::SUCCESS
        }
        Err(Error::Content { count }) => {
            let _ = writeln!(
                stderr,
                "kbsite: build failed: {count} error{}, {} warning{}",
                plural(count),
                diags.warnings(),
                plural(diags.warnings())
            );
            ExitCode::from(1)
        }
        Err(e) => {
            let _ = writeln!(stderr, "kbsite: error: {e}");
            ExitCode::from(2)
        }
    };
    let _ = stderr.flush();
    code
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
