//! The `kbsite` binary: parse the command line, run the command, turn the result into an exit
//! code. What each command prints is in `kbsite::cli::commands`. Exit codes: 0 ok, 1 problems
//! found, 2 usage, configuration or I/O error.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};

/// mimalloc: a build makes millions of short-lived strings on every core; glibc's allocator
/// spent a fifth of the build in `malloc` and fragmented the heap (see benches/build.rs).
#[global_allocator]
static ALLOC: kbsite::alloc::MiMalloc = kbsite::alloc::MiMalloc;

use kbsite::cli::commands::{self, Outcome};
use kbsite::cli::{Cli, Command, I18nCommand};
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
        Command::Build(args) => commands::build(args, &mut diags, &mut stderr),
        Command::Check { root, format } => commands::check(&root, format, &mut diags, &mut stderr),
        Command::I18n(I18nCommand::AddLocale { tag, root }) => {
            commands::add_locale(&root, &tag, &mut stderr)
        }
        Command::I18n(I18nCommand::Status {
            root,
            format,
            strict,
        }) => commands::status(&root, format, strict, &mut diags),
        Command::I18n(I18nCommand::Export {
            locale,
            format,
            out,
            root,
        }) => commands::export(
            &root,
            &locale,
            format,
            out.as_deref(),
            &mut diags,
            &mut stderr,
        ),
        Command::I18n(I18nCommand::Import { file, root, force }) => {
            commands::import(&root, &file, force, &mut diags, &mut stderr)
        }
    };
    let code = match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            commands::failed(&e, &diags, &mut stderr);
            match e {
                Error::Content { .. } | Error::Strict { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    };
    let _ = stderr.flush();
    code
}
