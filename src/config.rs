//! Configuration: `kbsite.toml` in the project root plus command-line overrides, resolved
//! once into a [`Config`] that the stages read.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::Error;

/// The raw contents of `kbsite.toml`. Unknown keys are an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    /// Where the site is published (`https://help.example.com/` or `/help/`).
    base_url: Option<String>,
    /// The documentation site that relative links to absent articles point to.
    docs_base_url: Option<String>,
    /// The site's locales in the order the language switcher shows them.
    locales: Option<Vec<String>>,
    /// Fail the build on any warning.
    strict: Option<bool>,
}

/// The settings every stage reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Always ends with `/`.
    pub base_url: String,
    /// Always ends with `/` when set.
    pub docs_base_url: Option<String>,
    /// Locales registered in `kbsite.toml`, in order (empty: those under `content/`).
    pub locales: Vec<String>,
    /// A warning fails the build as an error does (`--strict`, `strict = true`).
    pub strict: bool,
}

/// Overrides from the command line.
#[derive(Debug, Default)]
pub struct Overrides {
    /// Relative to the current directory, like every path given on the command line.
    pub out: Option<PathBuf>,
    pub base_url: Option<String>,
    /// `--strict`: only turns strictness on.
    pub strict: bool,
}

/// Reads `root/kbsite.toml` (if any) and applies the overrides.
pub fn resolve(root: &Path, overrides: Overrides) -> Result<Config, Error> {
    let root = std::fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let path = root.join("kbsite.toml");
    let file = match std::fs::read_to_string(&path) {
        Ok(text) => parse(&text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileConfig::default(),
        Err(e) => return Err(Error::io(path, e)),
    };
    let out = match overrides.out {
        Some(out) => std::path::absolute(&out).map_err(|e| Error::io(&out, e))?,
        None => root.join("site"),
    };
    Ok(Config {
        base_url: with_slash(
            overrides
                .base_url
                .or(file.base_url)
                .unwrap_or_else(|| "/".into()),
        ),
        docs_base_url: file.docs_base_url.map(with_slash),
        locales: file.locales.unwrap_or_default(),
        strict: overrides.strict || file.strict.unwrap_or(false),
        root,
        out,
    })
}

/// The site's locales: the registered ones in their order (English first if not listed),
/// then any other locale found under `content/`.
pub fn site_locales(registered: &[String], found: &[String]) -> Vec<String> {
    let mut locales: Vec<String> = Vec::new();
    if !registered.iter().any(|l| l == "en") {
        locales.push("en".into());
    }
    for l in registered.iter().chain(found) {
        if !locales.contains(l) {
            locales.push(l.clone());
        }
    }
    locales
}

fn parse(text: &str) -> Result<FileConfig, Error> {
    toml::from_str(text).map_err(|e| {
        let at = e.span().map_or(String::new(), |s| {
            let (line, col) = crate::diagnostics::line_column(text, s.start);
            format!(":{line}:{col}")
        });
        Error::Usage(format!("kbsite.toml{at}: {}", e.message()))
    })
}

fn with_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let err = parse("base_url = \"/\"\ntitel = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("kbsite.toml:2:1: unknown field `titel`"),
            "{err}"
        );
    }

    #[test]
    fn registered_locales_keep_their_order_and_english_is_always_there() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            site_locales(&[], &s(&["ru-RU", "sv-SE"])),
            s(&["en", "ru-RU", "sv-SE"])
        );
        assert_eq!(
            site_locales(&s(&["sv-SE", "en", "de-DE"]), &s(&["ru-RU", "sv-SE"])),
            s(&["sv-SE", "en", "de-DE", "ru-RU"])
        );
        assert_eq!(site_locales(&s(&["de-DE"]), &s(&[])), s(&["en", "de-DE"]));
    }

    #[test]
    fn strict_comes_from_the_file_or_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let strict = |file: &str, cli: bool| {
            std::fs::write(dir.path().join("kbsite.toml"), file).unwrap();
            let overrides = Overrides {
                strict: cli,
                ..Overrides::default()
            };
            resolve(dir.path(), overrides).unwrap().strict
        };
        assert!(!strict("", false));
        assert!(strict("strict = true\n", false));
        assert!(strict("strict = false\n", true));
        assert!(strict("", true));
    }

    #[test]
    fn overrides_win_and_urls_end_with_a_slash() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("kbsite.toml"),
            "base_url = \"/a\"\ndocs_base_url = \"https://d.example\"\n",
        )
        .unwrap();
        let c = resolve(dir.path(), Overrides::default()).unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.docs_base_url.as_deref()),
            ("/a/", Some("https://d.example/"))
        );
        assert!(c.out.ends_with("site"));
        let c = resolve(
            dir.path(),
            Overrides {
                out: Some("x".into()),
                base_url: Some("/help".into()),
                strict: false,
            },
        )
        .unwrap();
        assert_eq!(c.base_url, "/help/");
        // A relative `--out` is relative to the working directory, not to the root.
        assert_eq!(c.out, std::env::current_dir().unwrap().join("x"));
        assert!(!c.strict);
    }
}
