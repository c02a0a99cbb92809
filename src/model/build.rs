//! Sources → the [`Site`]: partials apart, each article's files read, built and dropped
//! together on all cores (see [`article`](super::article)), then the codes of the whole site.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::article::article;
use super::codes::collect_codes;
use super::{is_partial, Article, Document, Keep, Parsed, Partial, Site};
use crate::diagnostics::Diagnostic;
use crate::source::Source;

/// A function that reads and parses one file: its index in the sources, and the source.
pub type Read<'a, E> = dyn Fn(usize, &Source) -> Result<Parsed, E> + Sync + 'a;

/// Builds the site from the files in `sources`, reading each with `read` only when its
/// article is built: the files of one article are parsed, aligned and dropped together, on
/// all cores, so the parsed documents of the whole site are never in memory at once. Also
/// returns the time spent building from the parsed files (not reading them), summed over
/// threads.
pub fn build<E: Send>(
    sources: &[Source],
    locales: &[String],
    read: &Read<'_, E>,
    keep: Keep,
) -> Result<(Site, Vec<Diagnostic>, Duration), E> {
    let locales = locales.to_vec();
    // Time spent building articles from parsed files, summed over threads.
    let building = AtomicU64::new(0);
    let mut by_slug: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut partial_files = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        if is_partial(&source.rel) {
            partial_files.push(i);
        } else {
            let slug = crate::paths::slug(&source.rel);
            by_slug.entry(slug).or_default().push(i);
        }
    }
    let mut diags = Vec::new();
    let partials = read_partials(&partial_files, sources, read, &mut diags)?;
    // Articles are independent: build them on all cores, in slug order.
    let built: Vec<(Option<Article>, Vec<Diagnostic>)> = by_slug
        .into_iter()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(slug, files)| {
            let (mut article, diags, nanos) =
                timed_article(slug, files, sources, &locales, read, keep)?;
            building.fetch_add(nanos, Ordering::Relaxed);
            if keep == Keep::Outline {
                article.iter_mut().for_each(Article::drop_text);
            }
            Ok((article, diags))
        })
        .collect::<Result<_, E>>()?;
    let mut articles = Vec::with_capacity(built.len());
    for (article, found) in built {
        articles.extend(article);
        diags.extend(found);
    }
    let start = Instant::now();
    let codes = collect_codes(&articles);
    let building = Duration::from_nanos(building.into_inner()) + start.elapsed();
    Ok((
        Site {
            locales,
            articles,
            codes,
            partials,
        },
        diags,
        building,
    ))
}

/// Reads the partials (files under an `includes/` folder): by path under the locale folder,
/// then locale.
fn read_partials<E>(
    files: &[usize],
    sources: &[Source],
    read: &Read<'_, E>,
    diags: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, BTreeMap<String, Partial>>, E> {
    let mut partials: BTreeMap<String, BTreeMap<String, Partial>> = BTreeMap::new();
    for &i in files {
        let (doc, found) = read(i, &sources[i])?;
        diags.extend(found);
        if let Some(doc) = doc {
            let partial = Partial {
                local: doc.local.clone(),
                english: doc.english.clone(),
                handoff: doc.handoff.clone(),
            };
            partials
                .entry(doc.source.rel.clone())
                .or_default()
                .insert(doc.source.locale.clone(), partial);
        }
    }
    Ok(partials)
}

/// Reads and parses the files of one article: its documents by locale, and what was wrong.
pub(super) fn read_docs<E>(
    files: &[usize],
    sources: &[Source],
    read: &Read<'_, E>,
) -> Result<(Vec<Document>, Vec<Diagnostic>), E> {
    let mut diags = Vec::new();
    let mut docs = Vec::with_capacity(files.len());
    for &i in files {
        let (doc, found) = read(i, &sources[i])?;
        diags.extend(found);
        docs.extend(doc);
    }
    docs.sort_by(|a, b| a.source.locale.cmp(&b.source.locale));
    Ok((docs, diags))
}

/// Reads the files of one article and builds it; also returns the nanoseconds spent building
/// (not reading).
fn timed_article<E>(
    slug: &str,
    files: Vec<usize>,
    sources: &[Source],
    locales: &[String],
    read: &Read<'_, E>,
    keep: Keep,
) -> Result<(Option<Article>, Vec<Diagnostic>, u64), E> {
    let (docs, mut diags) = read_docs(&files, sources, read)?;
    if docs.is_empty() {
        return Ok((None, diags, 0));
    }
    let start = Instant::now();
    let article = article(slug.to_owned(), files, docs, locales, keep, &mut diags);
    Ok((Some(article), diags, start.elapsed().as_nanos() as u64))
}
