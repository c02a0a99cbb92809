//! A [`Plan`] written: each file to a temporary file beside it that is synced and renamed
//! over it. Nothing is written when a file would be over the size a build reads, would land
//! outside `content/` (through a symbolic link), or changed on disk since the plan read it.

use std::path::{Path, PathBuf};

use super::import::Plan;
use crate::diagnostics::Error;
use crate::model;
use crate::source::Source;

/// Writes the planned files under `root`, each to a temporary file beside it that is synced
/// and renamed over it, so a killed import or a full disk leaves every file whole, old or
/// new. Nothing is written if a file would be over the size a build reads, would land
/// outside `content/` (through a symbolic link), or was changed since the plan read it
/// (an editor saved it while the import ran).
pub fn write(root: &Path, plan: &Plan) -> Result<Vec<PathBuf>, Error> {
    let content = std::fs::canonicalize(root.join("content"))
        .map_err(|e| Error::io(root.join("content"), e))?;
    for (rel, text) in &plan.writes {
        let source = Source {
            locale: plan.locale.clone(),
            rel: rel
                .strip_prefix(&format!("content/{}/", plan.locale))
                .unwrap_or(rel)
                .to_owned(),
            display: rel.clone(),
            abs: root.join(rel),
        };
        if model::too_large(&source, text.len() as u64).is_some() {
            return Err(Error::Usage(format!(
                "{rel} would be {} bytes, over the {} bytes a build reads; nothing written",
                text.len(),
                model::MAX_FILE_BYTES
            )));
        }
        unchanged(&source, plan)?;
    }
    let mut written = Vec::new();
    for (rel, text) in &plan.writes {
        let path = root.join(rel);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let real = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        if !real.starts_with(&content) {
            return Err(Error::Usage(format!(
                "{rel}: its folder is {}, outside content/ (a symbolic link?); refusing to write",
                real.display()
            )));
        }
        replace(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// An error when the file of `source` is not the text the plan was made from (it was edited,
/// replaced or deleted since).
fn unchanged(source: &Source, plan: &Plan) -> Result<(), Error> {
    let Some(before) = plan.read.get(&source.display) else {
        return Ok(());
    };
    // Over the size limit now: not the text read.
    let now = model::read(source)?.unwrap_or_default();
    if now != before.as_bytes() {
        return Err(Error::Usage(format!(
            "{} changed while the import ran; nothing written (run the import again)",
            source.display
        )));
    }
    Ok(())
}

/// Replaces `path` with `bytes` atomically: a temporary file beside it, synced, renamed.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.kbsite-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::io(path, e));
    }
    Ok(())
}
