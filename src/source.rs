//! Finding the input: `content/<locale>/**` walked in sorted order.
//!
//! Markdown files become [`Source`]s (read later, in parallel); every other file is an asset
//! to copy. Walk errors are never dropped: they stop the build with the path that failed.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Error, Kind};
use crate::locale::Refusal;
use crate::paths;

/// One file under `content/<locale>/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub locale: String,
    /// Path inside the locale folder, `/`-separated: `folder/article.md`.
    pub rel: String,
    /// Path relative to the project root, for messages: `content/ru-RU/folder/article.md`.
    pub display: String,
    pub abs: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// Locale folders, sorted.
    pub locales: Vec<String>,
    /// Markdown files, sorted by locale then path.
    pub markdown: Vec<Source>,
    /// Other files (images, media), sorted by locale then path.
    pub assets: Vec<Source>,
}

/// `bytes` as text, checked with SIMD (most of the input is Cyrillic or other non-ASCII text,
/// which the standard library checks a character at a time); the standard library's error,
/// with its position, when they are not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// The length in bytes of the byte order marks (U+FEFF) at the start of `text`: editors that
/// add one to a file that already has one leave two or more, and all of them are stripped.
/// The one place a BOM is recognized (the model, the exchange files and the fuzz checks use it).
pub fn bom_len(text: &str) -> usize {
    text.len() - text.trim_start_matches('\u{feff}').len()
}

/// Walks `root/content`. A locale folder whose name is not a BCP 47 tag is reported and skipped.
pub fn discover(root: &Path, diags: &mut Diagnostics) -> Result<Content, Error> {
    let mut content = Content::default();
    for (locale, dir) in locale_folders(root, diags)? {
        walk_locale(root, &locale, &dir, &mut content, diags)?;
        content.locales.push(locale);
    }
    check_outputs(&content, diags);
    Ok(content)
}

/// The locale folders of `root/content` (name and path), sorted; any other entry is reported
/// and skipped. The one reading of the locale folders (`discover`, `add-locale`).
pub fn locale_folders(
    root: &Path,
    diags: &mut Diagnostics,
) -> Result<Vec<(String, PathBuf)>, Error> {
    let content_dir = root.join("content");
    let entries = std::fs::read_dir(&content_dir).map_err(|e| Error::io(&content_dir, e))?;
    let mut locale_dirs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&content_dir, e))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let display = format!("content/{name}");
        if let Some(d) = outside_root(root, &path, &display) {
            diags.push(d);
            continue;
        }
        if !path.is_dir() {
            diags.push(
                Diagnostic::new(
                    Kind::ContentStrayFile,
                    display,
                    "file outside a locale folder is ignored",
                )
                .help("move it into content/<locale>/"),
            );
            continue;
        }
        match crate::locale::exact(&name) {
            Ok(_) => locale_dirs.push((name, path)),
            Err(Refusal::NotCanonical(tag)) => diags.push(
                Diagnostic::new(
                    Kind::LocaleNotCanonical,
                    display,
                    format!("locale folder `{name}` should be named `{tag}`"),
                )
                .help("rename the folder to the canonical BCP 47 spelling"),
            ),
            Err(why) => diags.push(
                Diagnostic::new(
                    Kind::LocaleInvalid,
                    display,
                    format!("locale folder `{name}` {why}"),
                )
                .help("locale folders are named like `ru-RU`, `sv-SE`, `de`"),
            ),
        }
    }
    locale_dirs.sort();
    Ok(locale_dirs)
}

/// Adds the files of one locale folder to `content`, sorted by path.
fn walk_locale(
    root: &Path,
    locale: &str,
    dir: &Path,
    content: &mut Content,
    diags: &mut Diagnostics,
) -> Result<(), Error> {
    let mut walk = WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(path, e.into())
        })?;
        // Dotfiles (`.gitkeep`, editor files, an import's temporary files) are not content.
        if entry.depth() == 0 || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let rel_path = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let display = format!("content/{locale}/{}", rel_path.to_string_lossy());
        let Some(rel) = rel_of(rel_path) else {
            diags.push(
                Diagnostic::new(
                    Kind::PathUnsafe,
                    display,
                    "a name in this path is not UTF-8, or has a control character or `\\`",
                )
                .help("rename it: names become URLs, and these cannot be made safe ones"),
            );
            // Reported once for a folder, not for each file in it.
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        };
        let kind = entry.file_type();
        if kind.is_symlink() {
            if let Some(d) = outside_root(root, entry.path(), &display) {
                diags.push(d);
                continue;
            }
            if !entry.path().is_file() {
                diags.push(
                    Diagnostic::new(
                        Kind::SymlinkSkipped,
                        display,
                        "a symbolic link to a folder is not followed",
                    )
                    .help("move the folder here, or link each file"),
                );
                continue;
            }
        } else if !kind.is_file() {
            continue;
        }
        let source = Source {
            display,
            locale: locale.to_owned(),
            rel,
            abs: entry.path().to_path_buf(),
        };
        if paths::is_markdown(&source.rel) {
            content.markdown.push(source);
        } else if let Some(why) = crate::media::refusal(&source.rel, || std::fs::read(&source.abs))
        {
            diags.push(
                Diagnostic::new(
                    Kind::MediaRefused,
                    source.display.as_str(),
                    format!("not published: {why}"),
                )
                .help(
                    "publish pages as Markdown articles; see README.md, Input, for the media types",
                ),
            );
        } else {
            content.assets.push(source);
        }
    }
    Ok(())
}

/// The `/`-separated path of `rel_path`, if every name in it can become a URL segment: UTF-8,
/// without control characters or backslashes (a path separator on some systems).
fn rel_of(rel_path: &Path) -> Option<String> {
    let mut rel = String::new();
    for part in rel_path.components() {
        let name = part.as_os_str().to_str()?;
        if name.chars().any(|c| c.is_control() || c == '\\') {
            return None;
        }
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str(name);
    }
    Some(rel)
}

/// Where `path` really is, if that is outside `root` (through a symbolic link anywhere on
/// the way, or a link that leads nowhere: then the path itself): kbsite reads and writes only
/// the project. The one rule for content, `locales/` and `templates/`.
pub fn leaves_root(root: &Path, path: &Path) -> Option<PathBuf> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(&root) => None,
        Ok(real) => Some(real),
        Err(_) => Some(path.to_path_buf()),
    }
}

/// An error if `path`, a symbolic link, leads outside `root`.
fn outside_root(root: &Path, path: &Path, display: &str) -> Option<Diagnostic> {
    if !path.is_symlink() {
        return None;
    }
    // `leaves_root` gives the link itself back when it leads nowhere.
    let real = leaves_root(root, path)?;
    let message = if real == path {
        "symbolic link that leads nowhere; it is not read".into()
    } else {
        format!(
            "symbolic link to {}, outside the project; it is not read",
            real.display()
        )
    };
    Some(
        Diagnostic::new(Kind::SymlinkOutside, display, message)
            .help("copy what it points to into the project instead"),
    )
}

/// The page or file each source is published as: an article `a/b.md` as `a/b/index.html`, a
/// medium as itself. None may take a path of kbsite's own (`search/`, `codes/`, `page/`), and
/// no two may take the same one.
fn check_outputs(content: &Content, diags: &mut Diagnostics) {
    let mut owners: std::collections::HashMap<String, &Source> = std::collections::HashMap::new();
    let outputs = content.markdown.iter().map(|s| {
        let slug = paths::slug(&s.rel);
        (
            s,
            slug.to_owned(),
            paths::page_path(&paths::article_dir(&s.locale, slug)),
        )
    });
    let media = content
        .assets
        .iter()
        .map(|s| (s, s.rel.clone(), paths::media_path(&s.locale, &s.rel)));
    for (source, within, output) in outputs.chain(media) {
        if crate::model::is_partial(&source.rel) {
            continue;
        }
        if let Some(name) = paths::reserved_in_locale(&within) {
            diags.push(
                Diagnostic::new(
                    Kind::PathReserved,
                    source.display.as_str(),
                    format!(
                        "would be published as {output}, inside `{}/{name}`, which kbsite writes itself",
                        source.locale
                    ),
                )
                .help("rename the file or its folder"),
            );
            continue;
        }
        // Compared as a file system that ignores case would, where both cannot exist.
        match owners.entry(output.to_lowercase()) {
            std::collections::hash_map::Entry::Occupied(first) => diags.push(
                Diagnostic::new(
                    Kind::PathClash,
                    source.display.as_str(),
                    format!(
                        "would be published as {output}, as {} is",
                        first.get().display
                    ),
                )
                .help("rename one of the two"),
            ),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(source);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_agrees_with_the_standard_library() {
        let long = "Сбой запроса DNS. ".repeat(40);
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            "ascii only".into(),
            long.clone().into(),
            b"bad \xff\xd1 end".to_vec(),
            b"cut \xd1".to_vec(),
            b"surrogate \xed\xa0\x80".to_vec(),
            b"overlong \xc0\xaf".to_vec(),
        ];
        // An invalid byte after 64 bytes of valid text (past one SIMD block).
        let mut late = long.into_bytes();
        late.insert(700, 0xff);
        cases.push(late);
        for bytes in &cases {
            let (ours, std) = (utf8(bytes), std::str::from_utf8(bytes));
            assert_eq!(ours, std, "{bytes:?}");
        }
    }

    #[test]
    fn walks_locales_sorted_and_reports_bad_folders() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        for p in [
            "sv-SE/b.md",
            "sv-SE/a/z.md",
            "ru-RU/a.md",
            "ru-RU/img.png",
            "not a locale/x.md",
        ] {
            let path = c.join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::write(c.join("stray.md"), "x").unwrap();
        let mut diags = Diagnostics::default();
        let content = discover(dir.path(), &mut diags).unwrap();
        assert_eq!(content.locales, ["ru-RU", "sv-SE"]);
        let md: Vec<&str> = content
            .markdown
            .iter()
            .map(|s| s.display.as_str())
            .collect();
        assert_eq!(
            md,
            [
                "content/ru-RU/a.md",
                "content/sv-SE/a/z.md",
                "content/sv-SE/b.md"
            ]
        );
        assert_eq!(content.assets[0].rel, "img.png");
        let kinds: Vec<&str> = diags.sorted().iter().map(|d| d.kind.name()).collect();
        assert_eq!(kinds, ["locale-invalid", "content-stray-file"]);
    }

    /// The diagnostics of walking a `content/` made of `files`, as `(kind, path)`.
    fn walk(files: &[(&str, &str)]) -> (Content, Vec<(&'static str, String)>) {
        let dir = tempfile::tempdir().unwrap();
        for (p, text) in files {
            let path = dir.path().join("content").join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let mut diags = Diagnostics::default();
        let content = discover(dir.path(), &mut diags).unwrap();
        let found = diags
            .sorted()
            .iter()
            .map(|d| (d.kind.name(), d.path.clone()))
            .collect();
        (content, found)
    }

    #[test]
    fn active_files_are_not_published() {
        let (content, found) = walk(&[
            ("en/a.md", "# A"),
            ("en/media/ok.png", "png"),
            ("en/media/Ok.PDF", "pdf"),
            ("en/page.html", "<script>alert(1)</script>"),
            ("en/search/meta.js", "kbsearch.meta({})"),
            (
                "en/pic.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
            ),
            (
                "en/fine.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0\"/></svg>",
            ),
        ]);
        let assets: Vec<&str> = content.assets.iter().map(|s| s.rel.as_str()).collect();
        assert_eq!(assets, ["fine.svg", "media/Ok.PDF", "media/ok.png"]);
        assert_eq!(
            found,
            [
                ("media-refused", "content/en/page.html".into()),
                ("media-refused", "content/en/pic.svg".into()),
                ("media-refused", "content/en/search/meta.js".into()),
            ]
        );
    }

    #[test]
    fn no_source_takes_a_path_of_kbsites_own_or_of_another_source() {
        let (_, found) = walk(&[
            ("en/search.md", "# S"),
            ("en/page/2.md", "# P"),
            ("en/codes/4.4.312.md", "# C"),
            ("en/search/meta.js.md", "# M"),
            ("en/codes/4.4.312/index.png", "png"),
            ("en/index.md", "# fine: index/"),
            ("en/guides/search.md", "# fine"),
            ("en/A.md", "# A"),
            ("en/a.md", "# a"),
            ("en/b.md", "# fine: b/"),
            ("en/b.md.md", "# fine: b.md/, not b/"),
        ]);
        let kinds: Vec<(&str, &str)> = found.iter().map(|(k, p)| (*k, p.as_str())).collect();
        assert_eq!(
            kinds,
            [
                ("path-clash", "content/en/a.md"),
                ("path-reserved", "content/en/codes/4.4.312.md"),
                ("path-reserved", "content/en/codes/4.4.312/index.png"),
                ("path-reserved", "content/en/page/2.md"),
                ("path-reserved", "content/en/search.md"),
                ("path-reserved", "content/en/search/meta.js.md"),
            ]
        );
    }

    #[test]
    fn names_that_cannot_be_urls_are_refused() {
        let (content, found) = walk(&[
            ("en/\\\\attacker.example.md", "# A"),
            ("en/bell\u{7}.md", "# B"),
            ("en/javascript:alert(1)%2F%2F.md", "# fine once encoded"),
            ("en/a b#c?.md", "# fine once encoded"),
        ]);
        let kinds: Vec<&str> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, ["path-unsafe", "path-unsafe"]);
        assert_eq!(content.markdown.len(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_project_are_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "# secret").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("en")).unwrap();
        std::fs::write(c.join("en/inside.md"), "# in").unwrap();
        std::os::unix::fs::symlink(outside.path(), c.join("ru-RU")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), c.join("en/s.md")).unwrap();
        std::os::unix::fs::symlink(c.join("en/inside.md"), c.join("en/alias.md")).unwrap();
        let mut diags = Diagnostics::default();
        let content = discover(dir.path(), &mut diags).unwrap();
        let kinds: Vec<(&str, &str)> = diags
            .sorted()
            .iter()
            .map(|d| (d.kind.name(), d.path.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("symlink-outside", "content/en/s.md"),
                ("symlink-outside", "content/ru-RU")
            ]
        );
        let md: Vec<&str> = content.markdown.iter().map(|s| s.rel.as_str()).collect();
        assert_eq!(md, ["alias.md", "inside.md"]);
        assert_eq!(content.locales, ["en"]);
    }

    #[test]
    fn missing_content_folder_is_an_io_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = discover(dir.path(), &mut Diagnostics::default()).unwrap_err();
        assert!(err.to_string().contains("content"), "{err}");
    }
}
