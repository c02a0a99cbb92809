//! The project as `export` and `import` see it for one locale: for each article, its English
//! source (the newest translation, chosen by the model's rule), the locale's file, and each
//! source segment's heading path and error code (from the model's English version).

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostics, Error};
use crate::model::{self, Document, Site, ENGLISH};
use crate::source::Source;

/// One article's files: the English source (the newest translation) and the locale's file.
pub(super) struct Files {
    pub slug: String,
    pub source: Document,
    pub source_text: String,
    target: Target,
    /// For each source segment: heading path and code.
    pub context: Vec<(Vec<String>, Option<String>)>,
    /// The English title and description (for a created file's frontmatter).
    pub title: String,
    pub description: String,
}

/// The locale's file of an article.
enum Target {
    None,
    /// The locale's file is the newest translation: the source itself.
    Source,
    Other(Box<(Document, String)>),
}

impl Files {
    /// The locale's file and its text, if the article has one.
    pub fn target(&self) -> Option<(&Document, &str)> {
        match &self.target {
            Target::None => None,
            Target::Source => Some((&self.source, &self.source_text)),
            Target::Other(other) => Some((&other.0, &other.1)),
        }
    }
}

/// Reads the project at `root` for `locale`: every article with bilingual pairs.
pub(super) fn project(
    root: &Path,
    locale: &str,
    diags: &mut Diagnostics,
) -> Result<Vec<Files>, Error> {
    let config = crate::config::resolve(root, crate::config::Overrides::default())?;
    let (site, content, _) = crate::build::load(&config.root, &config.locales, diags, &mut |_| {})?;
    if diags.has_errors() {
        return Err(Error::Content {
            count: diags.errors(),
        });
    }
    let mut by_slug: BTreeMap<String, Vec<&Source>> = BTreeMap::new();
    for s in &content.markdown {
        by_slug
            .entry(s.rel.trim_end_matches(".md").to_owned())
            .or_default()
            .push(s);
    }
    let mut out = Vec::new();
    for (slug, sources) in by_slug {
        if let Some(files) = article_files(&site, slug, &sources, locale)? {
            out.push(files);
        }
    }
    Ok(out)
}

/// One article's files for `locale`; `None` when no translation has bilingual pairs.
fn article_files(
    site: &Site,
    slug: String,
    sources: &[&Source],
    locale: &str,
) -> Result<Option<Files>, Error> {
    let (mut docs, mut texts) = (Vec::new(), Vec::new());
    for s in sources.iter().filter(|s| s.locale != ENGLISH) {
        if let Some((doc, text)) = read_document(s)? {
            docs.push(doc);
            texts.push(text);
        }
    }
    let Some(newest) = model::newest(&docs) else {
        return Ok(None);
    };
    let source = docs.swap_remove(newest);
    let source_text = texts.swap_remove(newest);
    let target = if source.source.locale == locale {
        Target::Source
    } else {
        match docs.iter().position(|d| d.source.locale == locale) {
            Some(at) => Target::Other(Box::new((docs.swap_remove(at), texts.swap_remove(at)))),
            None => Target::None,
        }
    };
    let en = site
        .article(&slug)
        .and_then(|a| a.versions.get(ENGLISH).map(|v| (a, v)));
    let context = source
        .segments
        .iter()
        .map(|seg| match en {
            Some((article, v)) if article.english_source.as_deref() != Some(ENGLISH) => {
                context_at(v, &source.english, seg.english_out.start)
            }
            _ => (Vec::new(), None),
        })
        .collect();
    let (title, description) = en
        .map(|(_, v)| (v.title.clone(), v.description.clone()))
        .unwrap_or_default();
    Ok(Some(Files {
        slug,
        source,
        source_text,
        target,
        context,
        title,
        description,
    }))
}

/// One file read and parsed as the build reads it, with its text; `None` when it cannot be
/// read as text (the build has reported why).
fn read_document(source: &Source) -> Result<Option<(Document, String)>, Error> {
    let Ok(bytes) = model::read(source)? else {
        return Ok(None);
    };
    let (doc, _) = model::document(source.clone(), &bytes);
    Ok(doc.map(|d| (d, String::from_utf8_lossy(&bytes).into_owned())))
}

/// Heading path and error code at offset `at` of the English Markdown.
fn context_at(v: &model::Version, english: &str, at: usize) -> (Vec<String>, Option<String>) {
    let mut path = Vec::new();
    let mut code = None;
    for s in v.sections.iter() {
        let heading_line = english
            .get(s.range.start..at)
            .is_some_and(|between| !between.contains('\n'));
        if s.range.contains(&at) && !heading_line {
            path.push(s.title.clone());
            if let Some(c) = v
                .codes
                .iter()
                .find(|c| c.section == s.id || c.fix_section.as_deref() == Some(s.id.as_str()))
            {
                code = Some(c.enhanced.clone());
            }
        }
    }
    (path, code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(handoff: &str, local: &str) -> String {
        format!("---\ntitle: A\nms.lasthandoff: {handoff}\n---\n<span data-ttu-id=\"x-1\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"x-1\">Hello world.</span></span>\n")
    }

    /// The newest translation is the English source; when it is also the locale's file, the
    /// one reading of it serves as both (no second reading that could differ).
    #[test]
    fn the_newest_translation_is_the_source_and_may_be_the_target() {
        let dir = tempfile::tempdir().unwrap();
        for (locale, handoff, local) in [
            ("ru-RU", "03/01/2021", "Привет, мир."),
            ("sv-SE", "01/01/2020", "Hej världen."),
        ] {
            let folder = dir.path().join("content").join(locale);
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("a.md"), article(handoff, local)).unwrap();
        }
        let mut diags = Diagnostics::default();
        let ru = project(dir.path(), "ru-RU", &mut diags).unwrap();
        assert_eq!(ru[0].source.source.locale, "ru-RU");
        let (target, text) = ru[0].target().expect("ru-RU has the file");
        assert!(std::ptr::eq(target, &ru[0].source));
        assert!(text.contains("Привет"));
        let sv = project(dir.path(), "sv-SE", &mut diags).unwrap();
        assert_eq!(sv[0].source.source.locale, "ru-RU");
        let (target, text) = sv[0].target().expect("sv-SE has the file");
        assert_eq!(target.source.locale, "sv-SE");
        assert!(text.contains("Hej"));
        let de = project(dir.path(), "de-DE", &mut diags).unwrap();
        assert!(de[0].target().is_none());
        assert_eq!(diags.errors(), 0);
    }
}
