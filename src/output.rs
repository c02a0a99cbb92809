//! Writing the site: the only stage that touches the output directory.
//!
//! Every output file is a `(path, bytes)` pair with a `/`-separated path relative to the site
//! root. The site is written beside the output directory and swapped in when complete, so a
//! failed build leaves the previous site intact; a directory that kbsite did not create (no
//! marker file) is never replaced.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Error;

/// The file that marks a directory as kbsite output.
pub const MARKER: &str = ".kbsite";

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The relative URL from the page whose directory is `from_dir` (`ru-RU/codes/4.4.312/`,
/// or `` for the site root) to the site path `to` (`ru-RU/article/`, `static/style.css`).
pub fn url(from_dir: &str, to: &str) -> String {
    let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let common = common.min(target.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&target[common..].join("/"));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// The output path of the page at site directory `dir` (`ru-RU/x/` → `ru-RU/x/index.html`).
pub fn page_path(dir: &str) -> String {
    format!("{dir}index.html")
}

/// Writes `files` to `out`, replacing a previous kbsite output atomically.
pub fn write(out: &Path, files: &[File]) -> Result<u64, Error> {
    if out.exists() && !is_replaceable(out)? {
        return Err(Error::Usage(format!(
            "{} exists and is not a kbsite output (no {MARKER} file); refusing to replace it",
            out.display()
        )));
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.kbsite-new"));
    let old = parent.join(format!(".{name}.kbsite-old"));
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
        }
    }
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, e))?;
    let result = write_all(&staging, files);
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
    }
    std::fs::rename(&staging, out).map_err(|e| Error::io(out, e))?;
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    Ok(files.iter().map(|f| f.bytes.len() as u64).sum())
}

fn is_replaceable(out: &Path) -> Result<bool, Error> {
    if out.join(MARKER).is_file() {
        return Ok(true);
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    Ok(entries.next().is_none())
}

fn write_all(dir: &Path, files: &[File]) -> Result<(), Error> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
    }
    std::fs::write(
        dir.join(MARKER),
        "kbsite output: this folder is replaced on every build\n",
    )
    .map_err(|e| Error::io(dir.join(MARKER), e))?;
    files.par_iter().try_for_each(|f| {
        let path = dir.join(&f.path);
        std::fs::write(&path, &f.bytes).map_err(|e| Error::io(path, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        let table = [
            ("ru-RU/codes/4.4.312/", "ru-RU/mail/", "../../mail/"),
            (
                "ru-RU/codes/4.4.312/",
                "ru-RU/codes/4.4.315/",
                "../4.4.315/",
            ),
            ("ru-RU/codes/4.4.312/", "ru-RU/codes/4.4.312/", "./"),
            ("ru-RU/", "static/style.css", "../static/style.css"),
            ("", "ru-RU/", "ru-RU/"),
            ("ru-RU/a/", "sv-SE/a/", "../../sv-SE/a/"),
            ("ru-RU/", "ru-RU/", "./"),
        ];
        for (from, to, want) in table {
            assert_eq!(url(from, to), want, "{from} -> {to}");
        }
    }

    #[test]
    fn replaces_own_output_but_never_a_foreign_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let files = vec![File {
            path: "a/index.html".into(),
            bytes: b"one".to_vec(),
        }];
        write(&out, &files).unwrap();
        std::fs::write(out.join("stale.html"), "old").unwrap();
        write(
            &out,
            &[File {
                path: "b.html".into(),
                bytes: b"two".to_vec(),
            }],
        )
        .unwrap();
        assert!(!out.join("stale.html").exists() && !out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"two");

        let foreign = dir.path().join("docs");
        std::fs::create_dir(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let err = write(&foreign, &files).unwrap_err().to_string();
        assert!(err.contains("refusing"), "{err}");
        assert_eq!(
            std::fs::read_to_string(foreign.join("keep.txt")).unwrap(),
            "mine"
        );
    }
}
