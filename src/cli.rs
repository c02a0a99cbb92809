//! The command line: [`args`] holds clap's raw arguments; [`commands`] runs each command and
//! prints its summary. `main` parses, dispatches to [`commands`] and turns the result into an
//! exit code: [`commands::Outcome`] for 0 or 1, an error for 1 (content errors, `--strict`)
//! or 2 (usage, configuration, I/O).

pub mod args;
pub mod commands;

pub use args::{BuildArgs, Cli, Command, ExchangeFormat, Format, I18nCommand};
