//! The templates and static files: the built-ins compiled in, overridden by the project's
//! `templates/`, parsed once and cloned per locale with that locale's `t()` function.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use tera::Tera;

use crate::diagnostics::Error;
use crate::i18n::{I18n, Translate};
use crate::markdown;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("code.html", include_str!("../../templates/code.html")),
    ("chooser.html", include_str!("../../templates/chooser.html")),
    ("search.html", include_str!("../../templates/search.html")),
];

const STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../templates/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../templates/static/search.js"),
    ),
    (
        "stemmers/english.js",
        include_bytes!("../../templates/static/stemmers/english.js"),
    ),
    (
        "stemmers/russian.js",
        include_bytes!("../../templates/static/stemmers/russian.js"),
    ),
    (
        "stemmers/swedish.js",
        include_bytes!("../../templates/static/stemmers/swedish.js"),
    ),
    (
        "stemmers/LICENSE.md",
        include_bytes!("../../templates/static/stemmers/LICENSE.md"),
    ),
];

/// Parsed templates, one set per locale, and the static files that go with them.
pub struct Templates {
    pub(super) by_locale: BTreeMap<String, Tera>,
    pub(super) statics: BTreeMap<String, Vec<u8>>,
    /// The ids the templates give their elements (`id="…"` written out), sorted: content
    /// ids must not repeat them.
    pub(super) ids: Vec<String>,
}

/// The literal ids in template sources (not those a template computes, such as a heading's).
fn template_ids<'t>(sources: impl Iterator<Item = &'t str>) -> Vec<String> {
    let mut ids = BTreeSet::new();
    for source in sources {
        for (at, _) in source.match_indices(" id=\"") {
            let value = &source[at + 5..];
            let Some(end) = value.find('"') else { continue };
            let id = &value[..end];
            if !id.is_empty() && !id.contains(['{', '}', '<', '>']) {
                ids.insert(id.to_owned());
            }
        }
    }
    ids.into_iter().collect()
}

/// Loads the built-in templates, then the project's `templates/*.html` and `templates/static/`.
pub fn templates(root: &Path, i18n: &Arc<I18n>, locales: &[String]) -> Result<Templates, Error> {
    let mut sources: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut statics: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry =
                entry.map_err(|e| Error::io(e.path().unwrap_or(&dir).to_path_buf(), e.into()))?;
            if let Some(real) = crate::source::leaves_root(root, entry.path()) {
                return Err(Error::Usage(format!(
                    "{} leads to {}, outside the project; refusing to read it",
                    entry.path().display(),
                    real.display()
                )));
            }
            if !entry.path().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            let read = |p: &Path| std::fs::read(p).map_err(|e| Error::io(p, e));
            if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_owned(), read(entry.path())?);
            } else if rel.ends_with(".html") {
                let bytes = read(entry.path())?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| Error::Template(format!("templates/{rel} is not valid UTF-8")))?;
                sources.insert(rel, text);
            }
        }
    }
    let mut tera = Tera::default();
    // Tera's default also escapes `/`, which only makes URLs in the output harder to read.
    tera.set_escape_fn(markdown::escape_to);
    // Templates are checked when added: every function they call must exist. `t` and
    // `t_plain` are replaced per locale below.
    for name in ["t", "t_plain"] {
        tera.register_function(name, |_: tera::Kwargs, _: &tera::State| {
            Err::<tera::Value, _>(tera::Error::message("t() has no locale"))
        });
    }
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(template_error)?;
    let by_locale = locales
        .iter()
        .map(|locale| {
            let mut t = tera.clone();
            t.register_function("t", Translate::new(i18n.clone(), locale.clone()));
            t.register_function("t_plain", Translate::plain(i18n.clone(), locale.clone()));
            (locale.clone(), t)
        })
        .collect();
    let ids = template_ids(sources.values().map(String::as_str));
    Ok(Templates {
        by_locale,
        statics,
        ids,
    })
}

pub(super) fn template_error(e: tera::Error) -> Error {
    // Syntax and rendering errors are reports that start with Tera's own "error: " and go on
    // with the template, line, column and a caret under the source.
    let text = e.to_string();
    let mut message = text.strip_prefix("error: ").unwrap_or(&text).to_owned();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Template(message)
}
