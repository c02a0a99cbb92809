//! Configuration: `kbsite.toml` in the project root plus command-line overrides, resolved
//! once into a [`Config`] that the stages read.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::Error;

/// The raw contents of `kbsite.toml`. Unknown keys are an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    /// Where the site is published (`https://help.example.com/` or `/help/`).
    base_url: Option<Spanned<String>>,
    /// The documentation site that relative links to absent articles point to.
    docs_base_url: Option<Spanned<String>>,
    /// The site's locales in the order the language switcher shows them.
    locales: Option<Vec<Spanned<String>>>,
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
    let (file, text) = match std::fs::read_to_string(&path) {
        Ok(text) => (parse(&text)?, text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (FileConfig::default(), String::new())
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    let at = |span: std::ops::Range<usize>| {
        let (line, col) = crate::diagnostics::line_column(&text, span.start);
        format!("kbsite.toml:{line}:{col}")
    };
    let base_url = match overrides.base_url {
        Some(url) => check_url(&url).map_err(|why| Error::Usage(format!("--base-url: {why}")))?,
        None => match file.base_url {
            Some(url) => check_url(url.get_ref())
                .map_err(|why| Error::Usage(format!("{}: base_url: {why}", at(url.span()))))?,
            None => "/".into(),
        },
    };
    let docs_base_url = match file.docs_base_url {
        Some(url) => Some(
            check_url(url.get_ref())
                .map_err(|why| Error::Usage(format!("{}: docs_base_url: {why}", at(url.span()))))?,
        ),
        None => None,
    };
    let mut locales = Vec::new();
    for tag in file.locales.unwrap_or_default() {
        let name = tag.get_ref();
        crate::locale::exact(name)
            .map_err(|why| Error::Usage(format!("{}: locale `{name}` {why}", at(tag.span()))))?;
        locales.push(tag.into_inner());
    }
    let out = match overrides.out {
        Some(out) => std::path::absolute(&out).map_err(|e| Error::io(&out, e))?,
        None => root.join("site"),
    };
    check_out(&root, &out)?;
    Ok(Config {
        base_url: with_slash(base_url),
        docs_base_url: docs_base_url.map(with_slash),
        locales,
        strict: overrides.strict || file.strict.unwrap_or(false),
        root,
        out,
    })
}

/// The folders a build reads: the output may be none of them, nor inside or around one (a
/// site written into `content/` is read as content by the next build; an output around the
/// project replaces the project).
pub const INPUTS: [&str; 3] = ["content", "locales", "templates"];

/// Refuses an output directory that is, contains or is inside an input folder of `root`.
fn check_out(root: &Path, out: &Path) -> Result<(), Error> {
    let out_real = real(out);
    for name in INPUTS {
        let input = real(&root.join(name));
        let clash = if out_real.starts_with(&input) {
            Some("is inside")
        } else if input.starts_with(&out_real) {
            Some("contains")
        } else {
            None
        };
        if let Some(clash) = clash {
            return Err(Error::Usage(format!(
                "the output directory {} {clash} the input folder {}; choose another --out (the default is <root>/site)",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// `path` with its symbolic links and `.`/`..` resolved, as far as it exists (the rest, yet
/// to be made, is joined as written, `..` taken lexically).
fn real(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    loop {
        if let Ok(found) = std::fs::canonicalize(existing) {
            let mut out = found;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::Normal(p) => out.push(p),
                    _ => {}
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return path.to_path_buf(),
        }
    }
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

/// `url` if it is a web address (`http(s)://host…`) or a path on the site's host (`/help/`):
/// it goes into every page's links, so no other scheme (`javascript:`) and no network path
/// (`//host`).
fn check_url(url: &str) -> Result<String, String> {
    let lower = url.to_ascii_lowercase();
    let web = ["http://", "https://"]
        .iter()
        .find_map(|s| lower.strip_prefix(s))
        .is_some_and(|rest| {
            rest.split(['/', '?', '#'])
                .next()
                .is_some_and(|host| !host.is_empty())
        });
    let path = url.starts_with('/') && !url.starts_with("//") && !url.contains('\\');
    let clean = !url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '"' | '<' | '>'));
    if (web || path) && clean {
        Ok(url.to_owned())
    } else {
        Err(format!(
            "`{url}` is not an http(s) URL or a path starting with `/` (e.g. `https://help.example.com/`, `/help/`)"
        ))
    }
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
    fn locales_and_urls_in_the_file_are_checked_with_their_position() {
        let dir = tempfile::tempdir().unwrap();
        let err = |file: &str| {
            std::fs::write(dir.path().join("kbsite.toml"), file).unwrap();
            resolve(dir.path(), Overrides::default())
                .unwrap_err()
                .to_string()
        };
        for (file, want) in [
            (
                "locales = [\"ru-RU\", \"../../../escaped\"]\n",
                "kbsite.toml:1:21: locale `../../../escaped` is not",
            ),
            (
                "\nlocales = [\"/abs/x\"]\n",
                "kbsite.toml:2:12: locale `/abs/x` is not",
            ),
            (
                "locales = [\"static\"]\n",
                "locale `static` is a name of kbsite's own output",
            ),
            (
                "locales = [\"sv-se\"]\n",
                "locale `sv-se` should be spelled `sv-SE`",
            ),
            (
                "base_url = \"javascript:alert(1)//\"\n",
                "kbsite.toml:1:12: base_url: `javascript:alert(1)//` is not",
            ),
            (
                "docs_base_url = \"JavaScript:x\"\n",
                "docs_base_url: `JavaScript:x` is not",
            ),
            (
                "base_url = \"//evil.example/\"\n",
                "base_url: `//evil.example/` is not",
            ),
            ("base_url = \"https://\"\n", "base_url: `https://` is not"),
            ("base_url = \"help/\"\n", "base_url: `help/` is not"),
        ] {
            let got = err(file);
            assert!(got.contains(want), "{file:?}: {got}");
        }
        std::fs::write(dir.path().join("kbsite.toml"), "").unwrap();
        let bad = Overrides {
            base_url: Some("data:text/html,x".into()),
            ..Overrides::default()
        };
        assert!(resolve(dir.path(), bad).is_err());
        for good in [
            "/",
            "/help",
            "https://help.example.com",
            "HTTP://h.example/a/?x",
        ] {
            std::fs::write(
                dir.path().join("kbsite.toml"),
                format!("base_url = \"{good}\"\ndocs_base_url = \"{good}\"\nlocales = [\"de\", \"zh-Hant-TW\"]\n"),
            )
            .unwrap();
            let c = resolve(dir.path(), Overrides::default()).unwrap();
            assert!(c.base_url.starts_with(good), "{good}");
        }
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
