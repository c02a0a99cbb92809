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
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The project root holding content/, locales/ and templates/.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site (default: <root>/site).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The URL the site is served from (`/help/`, `https://help.example.com/`).
    #[arg(long)]
    pub base_url: Option<String>,
}
