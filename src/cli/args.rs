//! The command line: raw arguments only, parsed by clap.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "kbsite",
    version,
    about = "Build multilingual troubleshooting help sites"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from content/, locales/ and templates/.
    Build(BuildArgs),
    /// Everything `build` does except writing: every problem, with its source snippet.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `json`: the diagnostics and their counts on stdout, for programs.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Translation workflow: add a locale, see how translated each one is.
    #[command(subcommand)]
    I18n(I18nCommand),
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Register a locale: kbsite.toml, locales/TAG.ftl (every message marked untranslated)
    /// and content/TAG/.
    AddLocale {
        /// A BCP 47 language tag: de-DE, pt-BR, ja.
        tag: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Segments translated, stale and missing per locale and article; UI strings missing or
    /// obsolete.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Exit with 1 if anything is missing or stale.
        #[arg(long)]
        strict: bool,
    },
    /// Every segment of every article with its English text, the locale's translation and
    /// context, for translators: gettext PO or XLIFF 2.0.
    Export {
        /// The locale to translate into (BCP 47).
        #[arg(long)]
        locale: String,
        #[arg(long, value_enum)]
        format: ExchangeFormat,
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Read translations back from a PO or XLIFF file into content/<locale>/; nothing is
    /// written if a translation lost an error code, number, URL or markup.
    Import {
        /// The PO (.po) or XLIFF (.xlf, .xliff) file.
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Write even when some translations fail the checks.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExchangeFormat {
    Po,
    Xliff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The project root holding content/, locales/ and templates/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: <root>/site; a relative path is relative to the
    /// current directory).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The URL the site is served from (`/help/`, `https://help.example.com/`).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Fail on any warning, writing nothing (also `strict = true` in kbsite.toml).
    #[arg(long)]
    pub strict: bool,
}
