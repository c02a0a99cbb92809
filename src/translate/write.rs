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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::translate::{plan, Incoming, Parsed};

    const ARTICLE: &str = "---\ntitle: A\nms.lasthandoff: 01/01/2020\n---\n# <span data-ttu-id=\"x-1\">Заголовок</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">Title</span></span>\n\n<span data-ttu-id=\"x-2\"></span><span class=\"sxs-lookup\"><span data-stu-id=\"x-2\">Hello world.</span></span>\n";

    /// A project with one ru-RU article and a plan translating its second sentence.
    fn planned() -> (tempfile::TempDir, Plan) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/ru-RU")).unwrap();
        std::fs::write(dir.path().join("content/ru-RU/a.md"), ARTICLE).unwrap();
        let parsed = Parsed {
            locale: Some("ru-RU".into()),
            entries: vec![Incoming {
                article: "a".into(),
                id: "x-2".into(),
                english: "Hello world.".into(),
                translation: "Привет, мир.".into(),
                fuzzy: false,
                line: 1,
            }],
        };
        let mut diags = Diagnostics::default();
        let plan = plan(dir.path(), &parsed, "ru.po", &mut diags).unwrap();
        assert_eq!(plan.writes.len(), 1, "{:?}", plan.problems);
        (dir, plan)
    }

    #[test]
    fn a_file_edited_while_the_import_ran_is_not_overwritten() {
        let (dir, plan) = planned();
        let file = dir.path().join("content/ru-RU/a.md");
        let edited = format!("{ARTICLE}\nA paragraph the translator added meanwhile.\n");
        std::fs::write(&file, &edited).unwrap();
        let err = write(dir.path(), &plan).unwrap_err().to_string();
        assert!(
            err.contains("content/ru-RU/a.md changed while the import ran; nothing written"),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
        // Deleted meanwhile: an error naming the file, not a panic, and nothing written.
        std::fs::remove_file(&file).unwrap();
        let err = write(dir.path(), &plan).unwrap_err().to_string();
        assert!(err.contains("content/ru-RU/a.md"), "{err}");
        assert!(!file.exists());
    }

    #[test]
    fn an_unchanged_file_is_written() {
        let (dir, plan) = planned();
        let written = write(dir.path(), &plan).unwrap();
        assert_eq!(written.len(), 1);
        let text = std::fs::read_to_string(dir.path().join("content/ru-RU/a.md")).unwrap();
        assert!(
            text.contains("<span data-ttu-id=\"x-2\">Привет, мир.</span>"),
            "{text}"
        );
    }
}
