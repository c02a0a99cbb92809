//! Rendering pages: Tera templates over views borrowed from the model.
//!
//! Templates are parsed once (built-ins compiled in, overridden by the project's
//! `templates/`), then cloned per locale with that locale's `t()` Fluent function. The model
//! holds outlines only: one rayon task per article reads its text again, renders its pages in
//! every locale and the code pages whose text it holds, then drops it. Lists and other pages
//! are tasks of their own; results are sorted by path for deterministic output.
//!
//! A page's includes expand its Markdown to at most [`includes::include_limit`] (ten times
//! its size, 1 MiB to 10 MiB): an include past it is a notice (`include-too-large`). The
//! problems the Markdown renderer finds are reported at their place in the source file.
//!
//! This file owns the plan: which pages there are, rendered in parallel, handed to the sink.
//! Its parts, in the order data flows through a page:
//! - [`templates`]: the built-in and the project's templates and static files, per locale;
//! - [`views`]: what every page's template gets (language switcher, notices), and rendering
//!   a template into a file; the chooser and search pages, which are nothing more;
//! - [`lists`]: the home page and the further pages of the article and code lists;
//! - [`article`]: an article's page; [`code`]: a code's page, from the article that holds
//!   its text;
//! - [`body`]: a version's Markdown (or a range of it) rendered to HTML, its problems placed
//!   in the source file; [`includes`]: the include files it pulls in, and their limit;
//! - [`links`]: where each link leads (link policy), and URL helpers.

mod article;
mod body;
mod code;
mod includes;
mod links;
mod lists;
mod templates;
mod views;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Error};
use crate::i18n::I18n;
use crate::model::{Article, Site};
use crate::output::File;

pub use lists::{ARTICLES_PER_PAGE, CODES_PER_PAGE};
pub use templates::{templates, Templates};

use lists::{Listing, Lists};

/// Everything rendering needs besides the model.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    /// Content files that are not Markdown, as `locale/rel` paths.
    pub assets: &'a BTreeSet<String>,
}

/// One page to render.
enum Task {
    Chooser,
    /// A locale's home page, or page `n` (from 2) of its articles or codes.
    List(usize, Listing),
    /// An article's pages in every locale, and the code pages it describes.
    Article(usize),
    Search(usize),
}

/// A file handed to the writer: its path and size.
#[derive(Debug)]
pub struct Written {
    pub path: String,
    pub bytes: u64,
}

/// How rendering gets each article's text: the model keeps only outlines.
pub struct Text<'a> {
    /// Builds an article again, text and all.
    pub reload: &'a (dyn Fn(&Article) -> Result<Article, Error> + Sync),
    /// Called with each reloaded article (by its index) once its pages are written.
    pub visit: &'a (dyn Fn(usize, &Article) + Sync),
}

/// Hands a file to the sink and tells what was written.
type Emit<'e> = dyn Fn(File) -> Result<Written, Error> + Sync + 'e;

/// Renders every page and the static files, handing each to `sink` as soon as it is ready
/// (pages are not kept in memory). Each article is reloaded once, and its pages and the
/// code pages whose text it holds are rendered together. Returns what was written, sorted
/// by path.
pub fn site(
    site: &Site,
    inputs: &Inputs<'_>,
    text: &Text<'_>,
    sink: &(dyn Fn(File) -> Result<(), Error> + Sync),
) -> Result<(Vec<Written>, Vec<Diagnostic>), Error> {
    let slugs: BTreeSet<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
    let codes: BTreeSet<&str> = site.codes.iter().map(|c| c.enhanced.as_str()).collect();
    let ctx = Ctx {
        site,
        inputs,
        slugs,
        codes,
        names: site
            .locales
            .iter()
            .map(|l| inputs.i18n.language_name(l))
            .collect(),
    };
    // Each locale's lists of articles and codes, built once for all the pages that show them.
    let lists: Vec<Lists> = site.locales.par_iter().map(|l| ctx.lists(l)).collect();
    let code_pages = ctx.code_pages()?;
    let tasks = tasks(site, &lists);
    let emit = |file: File| {
        let written = Written {
            path: file.path.clone(),
            bytes: file.bytes.len() as u64,
        };
        sink(file).map(|()| written)
    };
    let rendered: Vec<Vec<(Written, Vec<Diagnostic>)>> = tasks
        .par_iter()
        .map(|task| {
            let one = |(file, found)| Ok(vec![(emit(file)?, found)]);
            match *task {
                Task::Chooser => one(ctx.chooser()?),
                Task::List(l, listing) => one(ctx.list(&site.locales[l], &lists[l], listing)?),
                Task::Search(l) => one(ctx.search(&site.locales[l])?),
                Task::Article(a) => ctx.article_pages(a, &code_pages[a], text, &emit),
            }
        })
        .collect::<Result<_, Error>>()?;
    let mut files = Vec::with_capacity(rendered.len() + inputs.templates.statics.len());
    let mut diags = Vec::new();
    for (file, d) in rendered.into_iter().flatten() {
        files.push(file);
        diags.extend(d);
    }
    for (name, bytes) in &inputs.templates.statics {
        files.push(emit(File {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        })?);
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    once_per_file(&mut diags);
    Ok((files, diags))
}

/// The pages to render: the chooser, each locale's lists and search page, then the articles.
fn tasks(site: &Site, lists: &[Lists]) -> Vec<Task> {
    let mut tasks = vec![Task::Chooser];
    for (l, list) in lists.iter().enumerate() {
        tasks.extend(list.listings().map(|listing| Task::List(l, listing)));
    }
    tasks.extend((0..site.locales.len()).map(Task::Search));
    tasks.extend((0..site.articles.len()).map(Task::Article));
    tasks
}

impl Ctx<'_> {
    /// The code pages of each article: (code, locale) whose text it holds.
    fn code_pages(&self) -> Result<Vec<Vec<(usize, usize)>>, Error> {
        let site = self.site;
        let mut code_pages: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.articles.len()];
        for (c, code) in site.codes.iter().enumerate() {
            for (l, locale) in site.locales.iter().enumerate() {
                let (d, _) = self.described(code, locale).ok_or_else(|| {
                    Error::Template(format!("code {} has no text in any locale", code.enhanced))
                })?;
                let a = site.article_index(&d.article.slug).ok_or_else(|| {
                    Error::Template(format!(
                        "code {}: no article {}",
                        code.enhanced, d.article.slug
                    ))
                })?;
                code_pages[a].push((c, l));
            }
        }
        Ok(code_pages)
    }

    /// Article `a` reloaded, its pages in every locale and its `code_pages`, each emitted as
    /// soon as it is rendered; the article's problems go with its first page.
    fn article_pages(
        &self,
        a: usize,
        code_pages: &[(usize, usize)],
        text: &Text<'_>,
        emit: &Emit<'_>,
    ) -> Result<Vec<(Written, Vec<Diagnostic>)>, Error> {
        let site = self.site;
        let n = site.locales.len();
        let article = (text.reload)(&site.articles[a])?;
        let mut pages = Vec::with_capacity(n + code_pages.len());
        let mut diags = Vec::new();
        // Each locale's article HTML, which its code pages show parts of.
        let mut bodies = Vec::with_capacity(n);
        for locale in &site.locales {
            let body = self.article_html(&article, locale, &mut diags);
            pages.push((
                emit(self.article(&article, locale, &body.html)?)?,
                Vec::new(),
            ));
            bodies.push(body);
        }
        for &(c, l) in code_pages {
            let (file, found) = self.code(c, &site.locales[l], &article, &bodies)?;
            pages.push((emit(file)?, Vec::new()));
            diags.extend(found);
        }
        (text.visit)(a, &article);
        once_per_file(&mut diags);
        if let Some((_, first)) = pages.first_mut() {
            *first = diags;
        }
        Ok(pages)
    }
}

/// A link is rendered once per locale and page that shows it, and sits in both halves of its
/// pair: each problem is reported once per file, at its first position. (Every file belongs
/// to one article, so an article's pages can be deduplicated on their own first.)
fn once_per_file(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (&a.path, &a.span.as_ref().map(|s| s.start))
            .cmp(&(&b.path, &b.span.as_ref().map(|s| s.start)))
    });
    let mut seen = BTreeSet::new();
    diags.retain(|d| seen.insert((d.path.clone(), d.kind, d.message.clone())));
}

/// What rendering any page needs: the model, the inputs, and what is looked up per link.
struct Ctx<'a> {
    site: &'a Site,
    inputs: &'a Inputs<'a>,
    slugs: BTreeSet<&'a str>,
    /// Codes that have a page.
    codes: BTreeSet<&'a str>,
    /// Each site locale's name, in order, for the language switcher of every page.
    names: Vec<String>,
}
