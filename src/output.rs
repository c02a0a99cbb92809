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

/// A site being written beside its output directory. Files go into a staging directory as
/// they are produced; [`Staging::commit`] swaps it in. Dropped without a commit, the staging
/// directory is removed and the previous site stays as it was.
///
/// A build holds an exclusive lock on the output (`.<name>.kbsite-lock` beside it) from
/// [`Staging::begin`] to the end, so a second build into the same directory waits for the
/// first instead of mixing their files.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
    /// Held while the staging lives; the OS releases it if the process dies.
    _lock: std::fs::File,
}

impl Staging {
    /// Prepares to replace `out`, refusing a directory that kbsite did not create.
    pub fn begin(out: &Path) -> Result<Staging, Error> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = out
            .file_name()
            .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
        let lock = lock(&parent.join(format!(".{name}.kbsite-lock")), out)?;
        let dir = parent.join(format!(".{name}.kbsite-new"));
        let old = parent.join(format!(".{name}.kbsite-old"));
        // A build that died between the two renames of a commit without an atomic exchange
        // left the previous site as `old` and no `out`: put it back before anything else.
        if !out.exists() && old.is_dir() {
            std::fs::rename(&old, out).map_err(|e| Error::io(&old, e))?;
        }
        if out.exists() && !is_replaceable(out)? {
            return Err(Error::Usage(format!(
                "{} exists and is not a kbsite output (no {MARKER} file); refusing to replace it",
                out.display()
            )));
        }
        // Under the lock, leftovers are from builds that died: an unfinished staging
        // directory, or an old site whose replacement is in place.
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
            _lock: lock,
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

    /// Swaps the staged site in for the old one: in one atomic step where the OS offers it
    /// (Linux `renameat2(RENAME_EXCHANGE)`), else in two renames that the next build
    /// completes if this one dies between them. The old site is deleted only once the new
    /// one is in place.
    pub fn commit(mut self) -> Result<(), Error> {
        if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out).map_err(|e| Error::io(&self.out, e))?;
            self.committed = true;
            return Ok(());
        }
        if exchange(&self.dir, &self.out).is_ok() {
            // The staging directory now holds the old site.
            self.committed = true;
            let _ = std::fs::remove_dir_all(&self.dir);
            return Ok(());
        }
        std::fs::rename(&self.out, &self.old).map_err(|e| Error::io(&self.out, e))?;
        std::fs::rename(&self.dir, &self.out).map_err(|e| Error::io(&self.out, e))?;
        self.committed = true;
        // A leftover is removed by the next build, under its lock.
        let _ = std::fs::remove_dir_all(&self.old);
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

/// Takes the exclusive lock at `path` for building `out`, waiting (and saying so) while
/// another build holds it.
fn lock(path: &Path, out: &Path) -> Result<std::fs::File, Error> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            // A status line, not a diagnostic: the build goes on once the other one is done.
            eprintln!(
                "kbsite: another build is writing {}; waiting for it to finish",
                out.display()
            );
            file.lock().map_err(|e| Error::io(path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(path, e)),
    }
    Ok(file)
}

/// Swaps the directories `a` and `b` in one atomic step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call; renameat2 reads
    // them and touches no other memory of ours.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// No atomic exchange here: [`Staging::commit`] renames twice.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
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
        assert_eq!(names(dir.path()), ["site"]);
    }

    /// The names in `dir` but the lock file, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".kbsite-lock"))
            .collect();
        names.sort();
        names
    }

    fn site(out: &Path, text: &str) {
        let file = File {
            path: "a.html".into(),
            bytes: text.into(),
        };
        write(out, &[file]).unwrap();
    }

    fn read(out: &Path) -> String {
        std::fs::read_to_string(out.join("a.html")).unwrap()
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_directories() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        site(&a, "was a");
        site(&b, "was b");
        exchange(&a, &b).unwrap();
        assert_eq!((read(&a), read(&b)), ("was b".into(), "was a".into()));
        assert!(exchange(&a, &dir.path().join("missing")).is_err());
    }

    #[test]
    fn a_build_holds_the_output_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let staging = Staging::begin(&out).unwrap();
        let other = std::fs::File::open(dir.path().join(".site.kbsite-lock")).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        staging.commit().unwrap();
        other.try_lock().unwrap();
    }

    #[test]
    fn a_build_killed_anywhere_in_its_commit_loses_no_site() {
        // What a kill leaves at each step of a commit, and what the next build makes of it,
        // whether it succeeds or fails too.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let (new, old) = (
            dir.path().join(".site.kbsite-new"),
            dir.path().join(".site.kbsite-old"),
        );
        type Kill = fn(&Path, &Path, &Path);
        let states: [(&str, Kill); 4] = [
            // Killed while staging: a half-written staging directory.
            ("staging", |_, new, _| {
                std::fs::create_dir_all(new).unwrap();
                std::fs::write(new.join("a.html"), "half").unwrap();
            }),
            // After the exchange, before the old site was deleted: it is in the staging
            // directory's place.
            ("exchanged", |out, new, _| {
                std::fs::create_dir_all(new).unwrap();
                std::fs::write(new.join("a.html"), "older").unwrap();
                std::fs::write(new.join(MARKER), "").unwrap();
                let _ = out;
            }),
            // Between the two renames of a commit without exchange: no site, the previous
            // one under the old name, the new one staged.
            ("between renames", |out, new, old| {
                std::fs::rename(out, old).unwrap();
                std::fs::create_dir_all(new).unwrap();
                std::fs::write(new.join("a.html"), "unfinished").unwrap();
            }),
            // After both renames, before the old site was deleted.
            ("renamed", |_, _, old| {
                std::fs::create_dir_all(old).unwrap();
                std::fs::write(old.join("a.html"), "older").unwrap();
            }),
        ];
        for (name, kill) in states {
            site(&out, "previous");
            kill(&out, &new, &old);
            // The next build fails: the previous site is there, and nothing else.
            let staging = Staging::begin(&out).unwrap();
            assert_eq!(read(&out), "previous", "{name}");
            drop(staging);
            assert_eq!(read(&out), "previous", "{name}");
            assert_eq!(names(dir.path()), ["site"], "{name}");
            // Killed the same way again, the next build succeeds.
            kill(&out, &new, &old);
            site(&out, "next");
            assert_eq!(read(&out), "next", "{name}");
            assert_eq!(names(dir.path()), ["site"], "{name}");
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
