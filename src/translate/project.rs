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
    let (site, content, _) = crate::load(&config.root, &config.locales, diags, &mut |_| {})?;
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
