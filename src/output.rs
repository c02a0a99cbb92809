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
    let from = from_dir.split('/').filter(|s| !s.is_empty());
    // The folders both paths start with, never the whole of `to` (its last segment, a file
    // name or empty, stays); `rest` is where the rest of `to` starts. Every page's links go
    // through here, so it allocates only the result.
    let cap = to.split('/').count() - 1;
    let (mut common, mut rest) = (0, 0);
    for (f, t) in from.clone().zip(to.split('/')) {
        if common == cap || f != t {
            break;
        }
        common += 1;
        rest += t.len() + 1;
    }
    let ups = from.count() - common;
    let mut out = String::with_capacity(3 * ups + to.len() - rest);
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(&to[rest..]);
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// The output path of the page at site directory `dir` (`ru-RU/x/` → `ru-RU/x/index.html`).
pub fn page_path(dir: &str) -> String {
    format!("{dir}index.html")
}

/// A site being written beside its output directory. Files go into a staging directory as
/// they are produced; [`Staging::commit`] swaps it in. Dropped without a commit, the staging
/// directory is removed and the previous site stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Prepares to replace `out`, refusing a directory that kbsite did not create.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
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
        let dir = parent.join(format!(".{name}.kbsite-new"));
        let old = parent.join(format!(".{name}.kbsite-old"));
        for leftover in [&dir, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover).map_err(|e| Error::io(leftover, e))?;
            }
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            old,
            committed: false,
        };
        staging.write(&File {
            path: MARKER.into(),
            bytes: b"kbsite output: this folder is replaced on every build\n".to_vec(),
        })?;
        Ok(staging)
    }

    /// Writes one file (safe to call from several threads).
    pub fn write(&self, file: &File) -> Result<(), Error> {
        let path = self.path_for(&file.path)?;
        std::fs::write(&path, &file.bytes).map_err(|e| Error::io(path, e))
    }

    /// Creates one file to be written as it is produced (safe to call from several threads).
    pub fn create(&self, rel: &str) -> Result<(PathBuf, std::io::BufWriter<std::fs::File>), Error> {
        let path = self.path_for(rel)?;
        let file = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
        Ok((path, std::io::BufWriter::with_capacity(64 * 1024, file)))
    }

    /// Where `rel` goes in the staging directory, with its folder made.
    fn path_for(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        Ok(path)
    }

    /// Swaps the staged site in for the old one.
    pub fn commit(mut self) -> Result<(), Error> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old).map_err(|e| Error::io(&self.out, e))?;
        }
        std::fs::rename(&self.dir, &self.out).map_err(|e| Error::io(&self.out, e))?;
        self.committed = true;
        if self.old.exists() {
            std::fs::remove_dir_all(&self.old).map_err(|e| Error::io(&self.old, e))?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` to `out` in one go, replacing a previous kbsite output atomically.
pub fn write(out: &Path, files: &[File]) -> Result<(), Error> {
    let staging = Staging::begin(out)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A writer that counts the bytes written through it.
pub struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: std::io::Write> Counted<W> {
    pub fn new(inner: W) -> Self {
        Counted { inner, bytes: 0 }
    }

    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl<W: std::io::Write> std::io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn is_replaceable(out: &Path) -> Result<bool, Error> {
    if out.join(MARKER).is_file() {
        return Ok(true);
    }
    let mut entries = std::fs::read_dir(out).map_err(|e| Error::io(out, e))?;
    Ok(entries.next().is_none())
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
    fn relative_urls_agree_with_the_segment_lists_they_stand_for() {
        // The first implementation, which said what a relative URL is in the plainest way.
        fn by_lists(from_dir: &str, to: &str) -> String {
            let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
            let target: Vec<&str> = to.split('/').collect();
            let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let common = common.min(target.len() - 1);
            let mut out = "../".repeat(from.len() - common);
            out.push_str(&target[common..].join("/"));
            if out.is_empty() {
                out.push_str("./");
            }
            out
        }
        let paths = [
            "",
            "a",
            "a/",
            "a/b",
            "a/b/",
            "a/b/c/",
            "a/c/",
            "b/",
            "a//b/",
            "/a/",
            "a/b/index.html",
            "static/style.css",
            "ru-RU/codes/4.4.312/",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(url(from, to), by_lists(from, to), "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn an_abandoned_build_leaves_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write(
            &out,
            &[File {
                path: "a.html".into(),
                bytes: b"old".to_vec(),
            }],
        )
        .unwrap();
        let staging = Staging::begin(&out).unwrap();
        staging
            .write(&File {
                path: "a.html".into(),
                bytes: b"new".to_vec(),
            })
            .unwrap();
        drop(staging);
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["site"]);
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
