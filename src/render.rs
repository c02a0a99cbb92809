//! Rendering pages: Tera templates over views borrowed from the model.
//!
//! Templates are parsed once (built-ins compiled in, overridden by the project's
//! `templates/`), then cloned per locale with that locale's `t()` Fluent function. The model
//! holds outlines only: one rayon task per article reads its text again, renders its pages in
//! every locale and the code pages whose text it holds, then drops it. Lists and other pages
//! are tasks of their own; results are sorted by path for deterministic output.
//!
//! A page's includes expand its Markdown to at most [`include_limit`] (ten times its size,
//! 1 MiB to 10 MiB): an include past it is a notice (`include-too-large`). The problems the
//! Markdown renderer finds are reported at their place in the source file.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Error};
use crate::i18n::{I18n, Translate};
use crate::markdown::{self, LinkAction, LinkRef, RenderOptions, Target};
use crate::model::{Article, Code, CodeText, Occurrence, Origin, Site, Status, Version, ENGLISH};
use crate::output::{self, File};
use crate::smtp;

const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("home.html", include_str!("../templates/home.html")),
    ("article.html", include_str!("../templates/article.html")),
    ("code.html", include_str!("../templates/code.html")),
    ("chooser.html", include_str!("../templates/chooser.html")),
    ("search.html", include_str!("../templates/search.html")),
];

const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../templates/static/style.css")),
    ("search.js", include_bytes!("../templates/static/search.js")),
    (
        "stemmers/english.js",
        include_bytes!("../templates/static/stemmers/english.js"),
    ),
    (
        "stemmers/russian.js",
        include_bytes!("../templates/static/stemmers/russian.js"),
    ),
    (
        "stemmers/swedish.js",
        include_bytes!("../templates/static/stemmers/swedish.js"),
    ),
    (
        "stemmers/LICENSE.md",
        include_bytes!("../templates/static/stemmers/LICENSE.md"),
    ),
];

/// Parsed templates, one set per locale, and the static files that go with them.
pub struct Templates {
    by_locale: BTreeMap<String, Tera>,
    statics: BTreeMap<String, Vec<u8>>,
    /// The ids the templates give their elements (`id="…"` written out), sorted: content
    /// ids must not repeat them.
    ids: Vec<String>,
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

fn template_error(e: tera::Error) -> Error {
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

/// Everything rendering needs besides the model.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub i18n: &'a I18n,
    pub templates: &'a Templates,
    /// Content files that are not Markdown, as `locale/rel` paths.
    pub assets: &'a BTreeSet<String>,
}

/// Articles listed per page: the home page shows the first ones, `<locale>/page/N/` the rest.
pub const ARTICLES_PER_PAGE: usize = 50;
/// Codes listed per page: the home page's table shows the first ones,
/// `<locale>/codes/page/N/` the rest.
pub const CODES_PER_PAGE: usize = 200;

/// One page to render.
enum Task {
    Chooser,
    /// A locale's home page, or page `n` (from 2) of its articles or codes.
    List(usize, Listing),
    /// An article's pages in every locale, and the code pages it describes.
    Article(usize),
    Search(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listing {
    Home,
    Articles(usize),
    Codes(usize),
}

impl Listing {
    fn dir(self, locale: &str) -> String {
        match self {
            Listing::Home => format!("{locale}/"),
            Listing::Articles(n) => format!("{locale}/page/{n}/"),
            Listing::Codes(n) => format!("{locale}/codes/page/{n}/"),
        }
    }
}

/// Number of pages `len` items fill, `per` to a page (at least one).
fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
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
    let n = site.locales.len();
    // Each locale's lists of articles and codes, built once for all the pages that show them.
    let lists: Vec<Lists> = site.locales.par_iter().map(|l| ctx.lists(l)).collect();
    // The code pages of each article: (code, locale) whose text it holds.
    let mut code_pages: Vec<Vec<(usize, usize)>> = vec![Vec::new(); site.articles.len()];
    for (c, code) in site.codes.iter().enumerate() {
        for (l, locale) in site.locales.iter().enumerate() {
            let (d, _) = ctx.described(code, locale).ok_or_else(|| {
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
    let mut tasks = vec![Task::Chooser];
    for (l, list) in lists.iter().enumerate() {
        tasks.push(Task::List(l, Listing::Home));
        let articles = page_count(list.articles.len(), ARTICLES_PER_PAGE);
        tasks.extend((2..=articles).map(|p| Task::List(l, Listing::Articles(p))));
        let codes = page_count(list.codes.len(), CODES_PER_PAGE);
        tasks.extend((2..=codes).map(|p| Task::List(l, Listing::Codes(p))));
    }
    tasks.extend((0..n).map(Task::Search));
    tasks.extend((0..site.articles.len()).map(Task::Article));
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
                Task::Article(a) => {
                    let article = (text.reload)(&site.articles[a])?;
                    let mut pages = Vec::with_capacity(n + code_pages[a].len());
                    let mut diags = Vec::new();
                    // Each locale's article HTML, which its code pages show parts of.
                    let mut bodies = Vec::with_capacity(n);
                    for locale in &site.locales {
                        let body = ctx.article_html(&article, locale, &mut diags);
                        pages.push((
                            emit(ctx.article(&article, locale, &body.html)?)?,
                            Vec::new(),
                        ));
                        bodies.push(body);
                    }
                    for &(c, l) in &code_pages[a] {
                        let (file, found) = ctx.code(c, &site.locales[l], &article, &bodies)?;
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

/// The most a page's includes may add to it, for a version of `len` bytes: see
/// [`include_limit`].
fn include_budget(len: usize) -> usize {
    include_limit(len).saturating_sub(len)
}

/// The most Markdown a page is expanded to with its includes, for a version of `len` bytes:
/// ten times its own size, at least 1 MiB and at most 10 MiB (but never less than itself).
/// An include that would pass it is shown as a notice, with a warning.
fn include_limit(len: usize) -> usize {
    const MIB: usize = 1024 * 1024;
    len.saturating_mul(10).clamp(MIB, 10 * MIB).max(len)
}

/// A locale's lists for the home and listing pages; `url`s are site-relative until a page
/// makes them relative to itself.
struct Lists {
    articles: Vec<ArticleEntry>,
    codes: Vec<CodeEntry>,
    /// The title and target of an "Other error codes" section.
    other_codes: Option<(String, String)>,
}

#[derive(Clone, Serialize)]
struct ArticleEntry {
    title: String,
    url: String,
    description: String,
    codes_count: usize,
}

#[derive(Clone, Serialize)]
struct CodeEntry {
    enhanced: String,
    reply: Option<String>,
    title: String,
    url: String,
    class_digit: u8,
    subject_digit: u16,
    article_title: String,
    article_url: String,
}

/// Where a page of a list is, and its neighbours.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    /// "Page 2 of 60", localized.
    fn status(&self, i18n: &I18n, locale: &str) -> String {
        i18n.format(
            locale,
            "pager-status",
            &[("current", self.current), ("total", self.total)],
        )
    }
}

/// Page `n` (from 1) of `items`, `per` to a page.
fn page_of<T>(items: &[T], n: usize, per: usize) -> &[T] {
    let start = ((n - 1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

/// Where a code is described: an article, its version in some locale, and the code's text.
struct Described<'a> {
    article: &'a Article,
    version: &'a Version,
    text: &'a CodeText,
}

struct Ctx<'a> {
    site: &'a Site,
    inputs: &'a Inputs<'a>,
    slugs: BTreeSet<&'a str>,
    /// Codes that have a page.
    codes: BTreeSet<&'a str>,
    /// Each site locale's name, in order, for the language switcher of every page.
    names: Vec<String>,
}

#[derive(Serialize)]
struct Common {
    lang: String,
    root: String,
    home_url: String,
    page_title: String,
    canonical: String,
    alternates: Vec<Alternate>,
    notice: Notice,
    /// The locale's search page, relative to this page.
    search_url: String,
    /// Whether this is the search page (its results go in the page, not a popup).
    search_page: bool,
}

#[derive(Serialize)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    href_abs: String,
    current: bool,
    status: &'static str,
}

#[derive(Serialize, Default)]
struct Notice {
    machine_translated: bool,
    stale: Option<Stale>,
    english_fallback: bool,
}

#[derive(Serialize)]
struct Stale {
    changed: usize,
    missing: usize,
}

/// What `article.html` gets as `article`.
#[derive(Serialize)]
struct ArticleView<'a> {
    title: &'a str,
    /// The title heading's id, so `#anchor` links to it keep working.
    title_id: Option<&'a str>,
    description: &'a str,
    /// A description derived from the first paragraph would repeat it as the lead.
    lead: Option<&'a str>,
    html: &'a str,
    toc: Vec<Toc<'a>>,
    codes: Vec<CodeLink<'a>>,
    progress: Option<Progress>,
    bilingual: bool,
    translation_type: Option<&'a str>,
    handoff: Option<&'a str>,
}

#[derive(Serialize)]
struct Toc<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct CodeLink<'a> {
    enhanced: &'a str,
    reply: Option<&'a str>,
    title: &'a str,
    url: String,
}

/// How many of the English source's sentences a translation translates.
#[derive(Serialize)]
struct Progress {
    translated: usize,
    total: usize,
}

/// What `code.html` gets as `code`.
#[derive(Serialize)]
struct CodeView<'a> {
    enhanced: &'a str,
    reply: Option<&'a str>,
    class_digit: u8,
    subject_digit: u16,
    detail: String,
    /// The title every occurrence gives the code, or the name of its subject when the
    /// articles give it different titles (each has its own in `occurrences`).
    title: String,
    /// The title is the English one of an article missing in the locale.
    title_in_english: bool,
    description_html: String,
    causes_html: String,
    fixes_html: String,
    article_title: &'a str,
    article_url: String,
    prev: Option<Link>,
    next: Option<Link>,
    occurrences: Vec<OccurrenceView<'a>>,
    bilingual: bool,
}

#[derive(Serialize)]
struct OccurrenceView<'a> {
    article_title: &'a str,
    title: &'a str,
    description: &'a str,
    article_url: String,
    /// Its text is the English one (no version in the locale describes it).
    english: bool,
}

#[derive(Serialize)]
struct Link {
    enhanced: String,
    title: String,
    url: String,
}

fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Source => "source",
        Status::Current => "current",
        Status::Stale { .. } => "stale",
        Status::Missing => "missing",
    }
}

fn notice(v: &Version) -> Notice {
    Notice {
        machine_translated: v.translation.as_ref().is_some_and(|t| t.machine()),
        stale: match v.status {
            Status::Stale {
                changed, missing, ..
            } => Some(Stale { changed, missing }),
            _ => None,
        },
        english_fallback: v.origin == Origin::Fallback,
    }
}

/// Stands between a site path and its fragment in the lists' targets: a `#` may be part of
/// a file name, a control character never is (`source` refuses such names).
const FRAGMENT: char = '\u{1}';

fn article_dir(locale: &str, slug: &str) -> String {
    format!("{locale}/{slug}/")
}

fn code_dir(locale: &str, enhanced: &str) -> String {
    format!("{locale}/codes/{enhanced}/")
}

impl Ctx<'_> {
    fn common(
        &self,
        locale: &str,
        dir: &str,
        title: String,
        status_of: &dyn Fn(&str) -> (String, &'static str),
    ) -> Common {
        let base = &self.inputs.config.base_url;
        let alternates = self
            .site
            .locales
            .iter()
            .zip(&self.names)
            .map(|(l, name)| {
                let (target, status) = status_of(l);
                Alternate {
                    lang: l.clone(),
                    name: name.clone(),
                    url: output::url(dir, &target),
                    href_abs: format!("{base}{}", crate::paths::encode(&target)),
                    current: l == locale,
                    status,
                }
            })
            .collect();
        Common {
            lang: locale.to_owned(),
            root: output::url(dir, ""),
            home_url: output::url(dir, &format!("{locale}/")),
            page_title: title,
            canonical: format!("{base}{}", crate::paths::encode(dir)),
            alternates,
            notice: Notice::default(),
            search_url: output::url(dir, &format!("{locale}/search/")),
            search_page: false,
        }
        .fix_root()
    }

    /// Renders `template` for the page at `dir`; `html` is the size of the HTML the context
    /// carries, so the page's bytes are allocated once.
    fn page(
        &self,
        locale: &str,
        template: &str,
        dir: &str,
        common: Common,
        extra: Context,
        html: usize,
    ) -> Result<File, Error> {
        let mut context = Context::from_serialize(&common).map_err(template_error)?;
        context.extend(extra);
        let tera = &self.inputs.templates.by_locale[locale];
        // Rendered straight into the file's bytes (`render` would copy them into a String).
        let mut bytes = Vec::with_capacity(html + 16 * 1024);
        tera.render_to(template, &context, &mut bytes)
            .map_err(template_error)?;
        // A NUL in text outside the body (a title) is written as U+FFFD, as the body's are.
        if bytes.contains(&0) {
            bytes = String::from_utf8_lossy(&bytes)
                .replace('\0', "\u{FFFD}")
                .into_bytes();
        }
        Ok(File {
            path: output::page_path(dir),
            bytes,
        })
    }

    fn chooser(&self) -> Result<(File, Vec<Diagnostic>), Error> {
        let i18n = self.inputs.i18n;
        #[derive(Serialize)]
        struct Entry {
            lang: String,
            name: String,
            url: String,
            articles_count: usize,
            codes_count: usize,
            /// HTML: the counts, escaped, each marked with its language if it falls back.
            label: String,
        }
        let locales: Vec<Entry> = self
            .site
            .locales
            .iter()
            .map(|l| Entry {
                lang: l.clone(),
                name: i18n.language_name(l),
                url: format!("{l}/"),
                articles_count: self.site.articles.len(),
                codes_count: self.site.codes.len(),
                // HTML: a count that falls back to English is marked so.
                label: format!(
                    "{} · {}",
                    i18n.html(l, "articles-count", &[("count", self.site.articles.len())]),
                    i18n.html(l, "codes-count", &[("count", self.site.codes.len())])
                ),
            })
            .collect();
        let title = i18n.text(ENGLISH, "chooser-title");
        let common = self.common(ENGLISH, "", title, &|l| (format!("{l}/"), "current"));
        let mut extra = Context::new();
        extra.insert("locales", &locales);
        Ok((
            self.page(ENGLISH, "chooser.html", "", common, extra, 0)?,
            Vec::new(),
        ))
    }

    fn search(&self, locale: &str) -> Result<(File, Vec<Diagnostic>), Error> {
        let dir = format!("{locale}/search/");
        let title = self.inputs.i18n.text(locale, "search-page-title");
        let mut common = self.common(locale, &dir, title, &|l| {
            (format!("{l}/search/"), "current")
        });
        common.search_page = true;
        Ok((
            self.page(locale, "search.html", &dir, common, Context::new(), 0)?,
            Vec::new(),
        ))
    }

    /// A locale's articles (by title) and codes (in code order), with site-relative targets.
    fn lists(&self, locale: &str) -> Lists {
        let mut articles: Vec<ArticleEntry> = self
            .site
            .articles
            .iter()
            .filter_map(|a| {
                let v = a.versions.get(locale)?;
                Some(ArticleEntry {
                    title: v.title.clone(),
                    url: article_dir(locale, &a.slug),
                    description: v.description.clone(),
                    codes_count: v.codes.len(),
                })
            })
            .collect();
        articles.sort_by_cached_key(|a| (natural_key(&a.title), a.url.clone()));
        let codes: Vec<CodeEntry> = self
            .site
            .codes
            .iter()
            .filter_map(|c| {
                let (
                    Described {
                        article,
                        version: v,
                        text,
                    },
                    fallback,
                ) = self.described(c, locale)?;
                let article_locale = if fallback { ENGLISH } else { locale };
                Some(CodeEntry {
                    enhanced: c.enhanced.clone(),
                    reply: c.reply.clone(),
                    title: text.title.clone(),
                    url: code_dir(locale, &c.enhanced),
                    class_digit: c.class,
                    subject_digit: subject_digit(c.subject),
                    article_title: v.title.clone(),
                    article_url: format!(
                        "{}{FRAGMENT}{}",
                        article_dir(article_locale, &article.slug),
                        text.section
                    ),
                })
            })
            .collect();
        let other_codes = self.site.articles.iter().find_map(|a| {
            let id = a.other_codes.as_ref()?;
            let v = a.versions.get(locale)?;
            let section = v.sections.iter().find(|s| &s.id == id)?;
            Some((
                section.title.clone(),
                format!("{}{FRAGMENT}{id}", article_dir(locale, &a.slug)),
            ))
        });
        Lists {
            articles,
            codes,
            other_codes,
        }
    }

    /// The home page (the first page of both lists) or a further page of one of them.
    fn list(
        &self,
        locale: &str,
        lists: &Lists,
        listing: Listing,
    ) -> Result<(File, Vec<Diagnostic>), Error> {
        let dir = listing.dir(locale);
        let i18n = self.inputs.i18n;
        let rel = |target: &str| match target.split_once(FRAGMENT) {
            Some((path, id)) => format!("{}#{id}", output::url(&dir, path)),
            None => output::url(&dir, target),
        };
        let (articles_page, codes_page) = match listing {
            Listing::Home => (Some(1), Some(1)),
            Listing::Articles(n) => (Some(n), None),
            Listing::Codes(n) => (None, Some(n)),
        };
        let articles: Vec<ArticleEntry> = articles_page
            .map(|n| page_of(&lists.articles, n, ARTICLES_PER_PAGE))
            .unwrap_or_default()
            .iter()
            .map(|a| ArticleEntry {
                url: rel(&a.url),
                ..a.clone()
            })
            .collect();
        let codes: Vec<CodeEntry> = codes_page
            .map(|n| page_of(&lists.codes, n, CODES_PER_PAGE))
            .unwrap_or_default()
            .iter()
            .map(|c| CodeEntry {
                url: rel(&c.url),
                article_url: rel(&c.article_url),
                ..c.clone()
            })
            .collect();
        let pager = |current: usize, total: usize, target: &dyn Fn(usize) -> String| Pager {
            current,
            total,
            prev: (current > 1).then(|| rel(&target(current - 1))),
            next: (current < total).then(|| rel(&target(current + 1))),
        };
        let articles_pager = articles_page.map(|n| {
            let total = page_count(lists.articles.len(), ARTICLES_PER_PAGE);
            pager(n, total, &|p| match p {
                1 => Listing::Home.dir(locale),
                p => Listing::Articles(p).dir(locale),
            })
        });
        let codes_pager = codes_page.map(|n| {
            let total = page_count(lists.codes.len(), CODES_PER_PAGE);
            pager(n, total, &|p| match p {
                1 => format!("{}{FRAGMENT}codes", Listing::Home.dir(locale)),
                p => Listing::Codes(p).dir(locale),
            })
        });
        let other_codes = lists
            .other_codes
            .as_ref()
            .map(|(title, target)| serde_json::json!({ "title": title, "url": rel(target) }));
        let site_title = i18n.text(locale, "site-title");
        let (kind, title) = match (listing, &articles_pager, &codes_pager) {
            (Listing::Articles(_), Some(p), _) => (
                "articles",
                format!(
                    "{} · {}",
                    i18n.text(locale, "articles-heading"),
                    p.status(i18n, locale)
                ),
            ),
            (Listing::Codes(_), _, Some(p)) => (
                "codes",
                format!(
                    "{} · {}",
                    i18n.text(locale, "codes-heading"),
                    p.status(i18n, locale)
                ),
            ),
            _ => ("home", site_title),
        };
        let common = self.common(locale, &dir, title, &|l| (listing.dir(l), "current"));
        let mut extra = Context::new();
        extra.insert("listing", kind);
        extra.insert("articles", &articles);
        extra.insert("articles_total", &lists.articles.len());
        extra.insert("articles_pager", &articles_pager);
        extra.insert("codes", &codes);
        extra.insert("codes_total", &lists.codes.len());
        extra.insert("codes_pager", &codes_pager);
        extra.insert("other_codes", &other_codes);
        Ok((
            self.page(locale, "home.html", &dir, common, extra, 0)?,
            Vec::new(),
        ))
    }

    /// The HTML of an article's text in `locale`.
    fn article_html(
        &self,
        article: &Article,
        locale: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> markdown::Rendered {
        let v = &article.versions[locale];
        self.markdown(
            article,
            v,
            0..v.markdown.len(),
            &article_dir(locale, &article.slug),
            Some(&v.heading_ids),
            diags,
        )
    }

    /// The page of an article in `locale`, around `html`, its text.
    fn article(&self, article: &Article, locale: &str, html: &str) -> Result<File, Error> {
        let dir = article_dir(locale, &article.slug);
        let v = &article.versions[locale];
        let toc: Vec<Toc<'_>> = v
            .sections
            .iter()
            .filter(|s| (2..=3).contains(&s.level))
            .map(|s| Toc {
                level: s.level,
                id: &s.id,
                text: &s.title,
            })
            .collect();
        let codes: Vec<CodeLink<'_>> = v
            .codes
            .iter()
            .map(|c| CodeLink {
                enhanced: &c.enhanced,
                reply: c.reply.as_deref(),
                title: &c.title,
                url: output::url(&dir, &code_dir(locale, &c.enhanced)),
            })
            .collect();
        let html_len = html.len();
        let view = ArticleView {
            title: &v.title,
            title_id: v
                .sections
                .first()
                .filter(|s| s.level == 1)
                .map(|s| s.id.as_str()),
            description: &v.description,
            lead: crate::frontmatter::string(&v.frontmatter, "description"),
            html,
            toc,
            codes,
            progress: progress(article, v),
            bilingual: !v.marks.is_empty(),
            translation_type: v.translation.as_ref().and_then(|t| t.kind.as_deref()),
            handoff: v.translation.as_ref().and_then(|t| t.handoff.as_deref()),
        };
        let status_of = |l: &str| {
            let status = article
                .versions
                .get(l)
                .map_or("missing", |v| status_name(&v.status));
            (article_dir(l, &article.slug), status)
        };
        let mut common = self.common(locale, &dir, v.title.clone(), &status_of);
        common.notice = notice(v);
        let mut extra = Context::new();
        extra.insert("article", &view);
        self.page(locale, "article.html", &dir, common, extra, html_len)
    }

    /// The article, version and text of one occurrence of a code in `locale`.
    fn text_in(&self, code: &Code, o: &Occurrence, locale: &str) -> Option<Described<'_>> {
        let (article, version, text) = self.site.code_text(&code.enhanced, o, locale)?;
        Some(Described {
            article,
            version,
            text,
        })
    }

    /// The first occurrence of a code described in `locale`.
    fn occurrence(&self, code: &Code, locale: &str) -> Option<Described<'_>> {
        code.occurrences
            .iter()
            .find_map(|o| self.text_in(code, o, locale))
    }

    /// The first occurrence of a code in `locale`, or in English when no version in `locale`
    /// describes it (an older translation); the flag tells which.
    fn described(&self, code: &Code, locale: &str) -> Option<(Described<'_>, bool)> {
        self.occurrence(code, locale)
            .map(|d| (d, false))
            .or_else(|| self.occurrence(code, ENGLISH).map(|d| (d, true)))
    }

    /// The page of code `index` in `locale`, from `article`: the one whose text it shows.
    /// `bodies` are the article's HTML in each locale, which the code page shows parts of.
    fn code(
        &self,
        index: usize,
        locale: &str,
        article: &Article,
        bodies: &[markdown::Rendered],
    ) -> Result<(File, Vec<Diagnostic>), Error> {
        let code = &self.site.codes[index];
        let dir = code_dir(locale, &code.enhanced);
        let mut diags = Vec::new();
        let missing = || Error::Template(format!("code {} has no text in {locale}", code.enhanced));
        let (Described { version, text, .. }, fallback) =
            self.described(code, locale).ok_or_else(missing)?;
        // The outline says which version; the reloaded article has its text.
        let v = article.versions.get(&version.locale).ok_or_else(missing)?;
        // English text links to the English article, which has the section.
        let article_locale = if fallback { ENGLISH } else { locale };
        let body = self
            .site
            .locales
            .iter()
            .position(|l| *l == v.locale)
            .and_then(|l| bodies.get(l));
        let mut part = |range: &Range<usize>| {
            if range.is_empty() {
                return String::new();
            }
            // The article page's HTML of the range, its links made relative to this page;
            // rendered on its own when the range is not whole blocks or the page had raw HTML.
            match body.and_then(|b| b.part(range.clone())) {
                Some(html) => rebase_links(html, &article_dir(&v.locale, &article.slug), &dir),
                None => {
                    self.markdown(article, v, range.clone(), &dir, None, &mut diags)
                        .html
                }
            }
        };
        let (description_html, causes_html, fixes_html) = (
            part(&text.description_md),
            part(&text.causes_md),
            part(&text.fixes_md),
        );
        let neighbour = |i: usize| {
            let c = &self.site.codes[i];
            self.described(c, locale).map(|(d, _)| Link {
                enhanced: c.enhanced.clone(),
                title: d.text.title.clone(),
                url: output::url(&dir, &code_dir(locale, &c.enhanced)),
            })
        };
        let prev = index.checked_sub(1).and_then(neighbour);
        let next = (index + 1 < self.site.codes.len())
            .then(|| neighbour(index + 1))
            .flatten();
        let occurrences: Vec<OccurrenceView<'_>> = code
            .occurrences
            .iter()
            .filter_map(|o| {
                let (d, l) = match self.text_in(code, o, locale) {
                    Some(d) => (d, locale),
                    None => (self.text_in(code, o, ENGLISH)?, ENGLISH),
                };
                Some(OccurrenceView {
                    article_title: &d.version.title,
                    title: &d.text.title,
                    description: &d.text.description,
                    article_url: format!(
                        "{}#{}",
                        output::url(&dir, &article_dir(l, &o.article)),
                        o.section
                    ),
                    english: l == ENGLISH && locale != ENGLISH,
                })
            })
            .collect();
        let shared = occurrences.iter().all(|o| o.title == text.title);
        let title = if shared {
            text.title.clone()
        } else {
            let subject = smtp::subject_key(code.subject);
            self.inputs.i18n.text(locale, &subject)
        };
        let html_len = description_html.len() + causes_html.len() + fixes_html.len();
        let view = CodeView {
            enhanced: &code.enhanced,
            reply: code.reply.as_deref(),
            class_digit: code.class,
            subject_digit: subject_digit(code.subject),
            detail: code.detail.to_string(),
            title_in_english: fallback && shared,
            title,
            description_html,
            causes_html,
            fixes_html,
            article_title: &v.title,
            article_url: format!(
                "{}#{}",
                output::url(&dir, &article_dir(article_locale, &article.slug)),
                text.section
            ),
            prev,
            next,
            occurrences,
            bilingual: !fallback && !v.marks.is_empty(),
        };
        let status_of = |l: &str| {
            let status = self
                .occurrence(code, l)
                .map_or("missing", |d| status_name(&d.version.status));
            (code_dir(l, &code.enhanced), status)
        };
        let title = format!("{} {}", code.enhanced, view.title);
        let mut common = self.common(locale, &dir, title, &status_of);
        common.notice = notice(v);
        common.notice.english_fallback |= fallback;
        let mut extra = Context::new();
        extra.insert("code", &view);
        Ok((
            self.page(locale, "code.html", &dir, common, extra, html_len)?,
            diags,
        ))
    }

    /// Renders `range` of a version's Markdown for the page at `dir`.
    fn markdown(
        &self,
        article: &Article,
        v: &Version,
        range: Range<usize>,
        dir: &str,
        heading_ids: Option<&[String]>,
        diags: &mut Vec<Diagnostic>,
    ) -> markdown::Rendered {
        // A whole article leaves its title to the template; a fragment has no title to skip.
        let skip_title = heading_ids.is_some();
        let heading_ids = heading_ids.unwrap_or_default();
        let i18n = self.inputs.i18n;
        let locale = v.locale.as_str();
        let offset = range.start;
        let mut resolve = |link: LinkRef<'_>| {
            let (action, problem) = self.resolve(link.dest, link.kind, article, locale, dir);
            // A link in English text the file lacks is reported where that text is.
            let at = v.source_offset(offset + link.range.start);
            if let (Some((kind, message)), Some(start)) = (problem, at) {
                let end = v
                    .source_offset(offset + link.range.end)
                    .unwrap_or(start)
                    .max(start + 1);
                diags.push(Diagnostic::warning(kind, v.path.clone(), message).at(start..end));
            }
            action
        };
        let label = |key: &str| i18n.html(locale, &format!("alert-{key}"), &[]);
        let video_label = i18n.html(locale, "video-label", &[]);
        // Codes mentioned in the text link to their page in this locale.
        let code_link = |code: &str| {
            self.codes
                .contains(code)
                .then(|| output::url(dir, &code_dir(locale, code)))
        };
        let mut include_problems = Vec::new();
        let position = |range: Range<usize>| {
            let start = v.source_offset(offset + range.start).unwrap_or(0);
            let end = v
                .source_offset(offset + range.end)
                .unwrap_or(start)
                .max(start + 1);
            start..end
        };
        // What the includes may add: see `include_budget`.
        let mut budget = include_budget(v.markdown.len());
        let mut include = |target: &str, range: Range<usize>| {
            let found = self.partial(article, locale, target);
            if let Some((md, _)) = found.as_ref().filter(|(md, _)| md.len() > budget) {
                // Its line, not the blank line after it.
                let line = v.markdown.get(offset + range.start..offset + range.end);
                let line = range.start..range.start + line.unwrap_or("").trim_end().len();
                let (problem, html) = self.include_too_large(v, target, md.len());
                include_problems.push(problem.at(position(line)));
                return html;
            }
            if let Some((md, english)) = found {
                budget -= md.len();
                // Links inside resolve as the article's; an include inside an include is not
                // followed (no recursion).
                let mut nested =
                    |link: LinkRef<'_>| self.resolve(link.dest, link.kind, article, locale, dir).0;
                let mut no_include = |_: &str, _: Range<usize>| String::new();
                let html = markdown::render(
                    &md,
                    RenderOptions {
                        heading_ids: &[],
                        alert_label: &label,
                        video_label: &video_label,
                        resolve: &mut nested,
                        include: &mut no_include,
                        skip_title: false,
                        marks: &[],
                        marks_offset: 0,
                        fallback_title: "",
                        code_link: &code_link,
                        reserved_ids: &self.inputs.templates.ids,
                    },
                );
                let lang = if english { " lang=\"en\"" } else { "" };
                return format!("<div class=\"include\"{lang}>\n{html}</div>\n");
            }
            let message = format!("included file `{target}` is not in the content folder; nothing is shown in its place");
            include_problems.push(
                Diagnostic::warning("include-missing", v.path.clone(), message).at(position(range)),
            );
            String::new()
        };
        // The sentences inside `range` (sorted and not overlapping, so a slice of them).
        let first = v.marks.partition_point(|m| m.range.start < range.start);
        let mut end = first + v.marks[first..].partition_point(|m| m.range.start <= range.end);
        while end > first && v.marks[end - 1].range.end > range.end {
            end -= 1;
        }
        let marks = &v.marks[first..end];
        debug_assert!(marks.iter().map(|m| &m.range).eq(v
            .marks
            .iter()
            .map(|m| &m.range)
            .filter(|m| m.start >= range.start && m.end <= range.end)));
        let fallback_title = i18n.text(locale, "segment-untranslated");
        let html = markdown::render_blocks(
            &v.markdown[range],
            RenderOptions {
                heading_ids,
                alert_label: &label,
                video_label: &video_label,
                resolve: &mut resolve,
                include: &mut include,
                skip_title,
                marks,
                marks_offset: offset,
                fallback_title: &fallback_title,
                code_link: &code_link,
                reserved_ids: &self.inputs.templates.ids,
            },
        );
        diags.extend(include_problems);
        for problem in &html.problems {
            diags.push(
                Diagnostic::warning(problem.kind, v.path.clone(), problem.message.clone())
                    .at(position(problem.range.clone())),
            );
        }
        html
    }

    /// The warning about an include of `size` bytes that does not fit in the page of `v`,
    /// and the notice shown in its place.
    fn include_too_large(&self, v: &Version, target: &str, size: usize) -> (Diagnostic, String) {
        let message = format!(
            "included file `{target}` ({size} bytes) would make the page larger than kbsite \
             expands a page to ({} bytes in all); a notice is shown in its place",
            include_limit(v.markdown.len())
        );
        let notice = markdown::escape(&self.inputs.i18n.text(&v.locale, "include-too-large"));
        (
            Diagnostic::warning("include-too-large", v.path.clone(), message),
            format!("<p class=\"include-too-large\">{notice}</p>\n"),
        )
    }

    /// The Markdown of the include file `target` (relative to the article) for `locale`: the
    /// locale's own version, else the English (from a real `en` file or the English halves of
    /// the newest version); the flag tells whether it is English standing in.
    fn partial(&self, article: &Article, locale: &str, target: &str) -> Option<(Arc<str>, bool)> {
        let dir = article.slug.rsplit_once('/').map_or("", |(d, _)| d);
        let rel = normalize(&format!(
            "{dir}/{}",
            target.split(['#', '?']).next().unwrap_or(target)
        ))?;
        let versions = self.site.partials.get(&rel)?;
        if let Some(p) = versions.get(locale).filter(|_| locale != ENGLISH) {
            return Some((p.local.clone(), false));
        }
        if let Some(p) = versions.get(ENGLISH) {
            return Some((p.local.clone(), locale != ENGLISH));
        }
        let newest = versions.values().max_by(|a, b| a.handoff.cmp(&b.handoff))?;
        Some((newest.english.clone(), locale != ENGLISH))
    }

    /// Decides where a link in `article` leads from the page at `dir`.
    fn resolve(
        &self,
        dest: &str,
        kind: Target,
        article: &Article,
        locale: &str,
        dir: &str,
    ) -> (LinkAction, Option<(&'static str, String)>) {
        let dest = dest.trim();
        if kind == Target::Video {
            return video(dest);
        }
        let image = kind == Target::Image;
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
            return (LinkAction::Url(dest.to_owned()), None);
        }
        if let Some(scheme) = scheme(dest) {
            return if ["http", "https", "mailto", "ftp", "tel"]
                .contains(&scheme.to_ascii_lowercase().as_str())
            {
                (LinkAction::Url(dest.to_owned()), None)
            } else {
                (
                    LinkAction::Drop,
                    Some(("link-unsafe", format!("link to a `{scheme}:` URL removed"))),
                )
            };
        }
        let split = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split);
        let docs = self.inputs.config.docs_base_url.as_deref();
        let article_dir_rel = article.slug.rsplit_once('/').map_or("", |(d, _)| d);
        if path.starts_with('/') {
            let url = docs.map_or_else(
                || dest.to_owned(),
                |d| docs_url(d, path, suffix, article_dir_rel),
            );
            let message =
                format!("site-relative link `{dest}` has no page in this site; it leads to {url}");
            return (LinkAction::Url(url), Some(("link-absent", message)));
        }
        let joined = normalize(&format!("{article_dir_rel}/{path}"));
        if image {
            return match joined.filter(|j| self.inputs.assets.contains(&format!("{locale}/{j}"))) {
                Some(j) => (
                    LinkAction::Url(output::url(dir, &format!("{locale}/{j}"))),
                    None,
                ),
                None => (
                    LinkAction::Missing,
                    Some((
                        "media-missing",
                        format!(
                            "image `{dest}` is not in the content folder; its alt text is shown"
                        ),
                    )),
                ),
            };
        }
        if let Some(target) = joined.as_deref().and_then(|j| j.strip_suffix(".md")) {
            if self.slugs.contains(target) {
                return (
                    LinkAction::Url(format!(
                        "{}{suffix}",
                        output::url(dir, &article_dir(locale, target))
                    )),
                    None,
                );
            }
        }
        if let Some(j) = joined
            .as_deref()
            .filter(|j| self.inputs.assets.contains(&format!("{locale}/{j}")))
        {
            return (
                LinkAction::Url(format!(
                    "{}{suffix}",
                    output::url(dir, &format!("{locale}/{j}"))
                )),
                None,
            );
        }
        let url = docs.map_or_else(
            || dest.to_owned(),
            |d| docs_url(d, path, suffix, article_dir_rel),
        );
        (
            LinkAction::Url(url.clone()),
            Some((
                "link-absent",
                format!("link `{dest}` leads to no article in content/; it leads to {url}"),
            )),
        )
    }
}

impl Common {
    /// `output::url(dir, "")` yields `./` for the site root itself; templates want `` there.
    fn fix_root(mut self) -> Self {
        if self.root == "./" {
            self.root = String::new();
        }
        self
    }
}

/// How many of the English source's sentences a translation translates (None for English).
fn progress(article: &Article, v: &Version) -> Option<Progress> {
    let total = article.versions.get(ENGLISH)?.segments;
    let missing = match v.status {
        Status::Current => 0,
        Status::Stale { missing, .. } => missing,
        Status::Source | Status::Missing => return None,
    };
    (total > 0).then(|| Progress {
        translated: total.saturating_sub(missing),
        total,
    })
}

/// A sort key that orders titles as people read them: case-insensitive, and numbers by value
/// (`EOP 9` before `EOP 10`; `EOP 010` right after `EOP 10`).
fn natural_key(title: &str) -> Vec<Natural> {
    let mut key = Vec::with_capacity(title.len());
    let mut chars = title.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        if !c.is_ascii_digit() {
            key.push(Natural::Char(c));
            continue;
        }
        let mut digits = String::from(c);
        while let Some(d) = chars.next_if(char::is_ascii_digit) {
            digits.push(d);
        }
        // A number too long for u128 sorts after every other.
        let value = match digits.trim_start_matches('0') {
            "" => 0,
            value => value.parse::<u128>().unwrap_or(u128::MAX),
        };
        key.push(Natural::Number(value, digits.len()));
    }
    key
}

/// One character of a title, or a run of digits (its value, then its length).
#[derive(PartialEq, Eq)]
enum Natural {
    Char(char),
    Number(u128, usize),
}

impl Ord for Natural {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            (Natural::Char(a), Natural::Char(b)) => a.cmp(b),
            (Natural::Number(a, n), Natural::Number(b, m)) => (a, n).cmp(&(b, m)),
            // A number sits where its first digit would.
            (Natural::Char(a), Natural::Number(..)) => a.cmp(&'0'),
            (Natural::Number(..), Natural::Char(b)) => '0'.cmp(b),
        }
    }
}

impl PartialOrd for Natural {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// RFC 3463 defines subjects 0–7; other numbers are shown as "other".
fn subject_digit(subject: u16) -> u16 {
    if subject <= 7 {
        subject
    } else {
        0
    }
}

/// The scheme of an absolute URL (`https` in `https://…`), if any.
fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Where a DocFX video line's `dest` leads: only to an `http` or `https` URL; any other is
/// dropped (the card shows it as text) and reported.
fn video(dest: &str) -> (LinkAction, Option<(&'static str, String)>) {
    let web = scheme(dest)
        .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    if web {
        return (LinkAction::Url(dest.to_owned()), None);
    }
    let message = format!(
        "video `{dest}` is not an http(s) URL; its address is shown as text, without a link"
    );
    (LinkAction::Drop, Some(("link-unsafe", message)))
}

/// Where a link to `path` (followed by its `?query` and `#fragment`, `suffix`) that has no
/// page in this site leads on the documentation site at `docs` (`docs_base_url`): a
/// site-relative path from that site's origin, a relative one from the article's folder
/// `from_dir` under its base path, and either way without `.md`. Documentation sites built
/// from Markdown (docs.microsoft.com, learn.microsoft.com, DocFX output in general) serve
/// `exchange/admin.md` at `exchange/admin`; their own links keep `.md` only in the source.
fn docs_url(docs: &str, path: &str, suffix: &str, from_dir: &str) -> String {
    let (origin, base_path) = docs.split_at(origin(docs).len());
    let page = path.strip_suffix(".md").unwrap_or(path);
    let full = if page.starts_with('/') {
        page.to_owned()
    } else {
        format!("{base_path}{from_dir}/{page}")
    };
    let mut url = format!("{origin}/{}", normalize_lenient(&full));
    // A folder keeps its trailing slash.
    if page.ends_with('/') && !url.ends_with('/') {
        url.push('/');
    }
    url.push_str(suffix);
    url
}

/// `https://host` of `https://host/path/`.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// `html` (made for the page at `from_dir`) with its relative `href` and `src` URLs made
/// relative to the page at `to_dir` instead. The HTML is kbsite's own, unsanitized output:
/// a `"` in text or attribute values is escaped, so ` href="` only starts an attribute.
fn rebase_links(html: &str, from_dir: &str, to_dir: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut from = 0;
    // Each attribute value once, in one pass.
    while let Some(i) = html[from..].find("=\"") {
        let at = from + i + 2;
        let Some(len) = html[at..].find('"') else {
            break;
        };
        from = at + len + 1;
        let name = &html[..at - 2];
        if !(name.ends_with(" href") || name.ends_with(" src")) {
            continue;
        }
        let url = &html[at..at + len];
        if url.starts_with('/') || scheme(url).is_some() {
            continue;
        }
        out.push_str(&html[copied..at]);
        out.push_str(&rebase(url, from_dir, to_dir));
        copied = at + len;
    }
    out.push_str(&html[copied..]);
    out
}

/// The relative `url` of the page at `from_dir`, relative to the page at `to_dir`.
fn rebase(url: &str, from_dir: &str, to_dir: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(end);
    let mut target = normalize_lenient(&format!("{from_dir}{path}"));
    // A folder (`./`, `../b/`, or only a `#fragment`) keeps its trailing slash.
    let folder = matches!(path.rsplit('/').next(), Some("" | "." | ".."));
    if folder && !target.is_empty() {
        target.push('/');
    }
    let mut rebased = output::url(to_dir, &target);
    rebased.push_str(suffix);
    rebased
}

/// Resolves `.` and `..` in a `/`-separated path; `None` if it climbs above its root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Like [`normalize`], but `..` above the root is ignored (URLs on a remote site).
fn normalize_lenient(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_sort_naturally() {
        let mut titles = vec![
            "EOP 1059",
            "EOP 106",
            "eop 10",
            "EOP 9",
            "EOP 010",
            "Alpha",
            "EOP",
            "EOP 99 b",
            "EOP 99 a",
            "Ёлка 2",
            "Ёлка 12",
            "A1b",
            "A1",
            "A 0",
        ];
        titles.sort_by_cached_key(|t| natural_key(t));
        assert_eq!(
            titles,
            [
                "A 0",
                "A1",
                "A1b",
                "Alpha",
                "EOP",
                "EOP 9",
                "eop 10",
                "EOP 010",
                "EOP 99 a",
                "EOP 99 b",
                "EOP 106",
                "EOP 1059",
                "Ёлка 2",
                "Ёлка 12"
            ]
        );
    }

    /// A code page (`ru-RU/codes/4.4.316/`) shows HTML made for an article page (`ru-RU/a/`,
    /// or `en/a/` for English text): each relative link must lead where it led there.
    #[test]
    fn links_are_rebased_from_the_article_to_the_code_page() {
        let code = "ru-RU/codes/4.4.316/";
        for (url, from, expected) in [
            ("#fix", "ru-RU/a/", "../../a/#fix"),
            ("./", "ru-RU/a/", "../../a/"),
            ("../b/#x", "ru-RU/a/", "../../b/#x"),
            ("../../static/i.png", "ru-RU/a/", "../../../static/i.png"),
            ("media/i.png", "ru-RU/a/", "../../a/media/i.png"),
            ("../../en/b/?q=1#y", "ru-RU/a/", "../../../en/b/?q=1#y"),
            ("../codes/4.4.312/", "ru-RU/a/", "../4.4.312/"),
            ("../codes/4.4.316/", "ru-RU/a/", "./"),
            ("#fix", "en/a/", "../../../en/a/#fix"),
            ("../b/", "en/a/", "../../../en/b/"),
        ] {
            assert_eq!(rebase(url, from, code), expected, "{url} from {from}");
        }
        let html = "<p title=\"href=&quot;#\"><a href=\"#fix\">a</a> <img src=\"i.png\" alt=\"\"> \
                    <a href=\"https://x.org/\">b</a> <a href=\"/help/\">c</a></p>";
        assert_eq!(
            rebase_links(html, "ru-RU/a/", code),
            "<p title=\"href=&quot;#\"><a href=\"../../a/#fix\">a</a> <img src=\"../../a/i.png\" \
             alt=\"\"> <a href=\"https://x.org/\">b</a> <a href=\"/help/\">c</a></p>"
        );
    }

    #[test]
    fn url_helpers() {
        assert_eq!(scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(scheme("JaVaScRiPt:x"), Some("JaVaScRiPt"));
        assert_eq!(scheme("a.md"), None);
        assert_eq!(scheme("dir/a:b.md"), None);
        assert_eq!(
            origin("https://docs.example.com/a/b/"),
            "https://docs.example.com"
        );
        assert_eq!(normalize("a/../b/./c.md").as_deref(), Some("b/c.md"));
        assert_eq!(normalize("/../../etc/passwd"), None);
        assert_eq!(normalize_lenient("/a/b/../../../c"), "c");
    }

    #[test]
    fn absent_targets_lead_to_the_docs_site_without_md() {
        let docs = "https://docs.example.com/kb/";
        for (path, suffix, from, want) in [
            (
                "/exchange/admin.md",
                "#x",
                "guide",
                "https://docs.example.com/exchange/admin#x",
            ),
            (
                "/exchange/admin",
                "",
                "",
                "https://docs.example.com/exchange/admin",
            ),
            (
                "/exchange/",
                "?a=1",
                "",
                "https://docs.example.com/exchange/?a=1",
            ),
            (
                "../other.md",
                "#y",
                "guide/deep",
                "https://docs.example.com/kb/guide/other#y",
            ),
            ("other.md", "", "", "https://docs.example.com/kb/other"),
            (
                "sub/",
                "",
                "guide",
                "https://docs.example.com/kb/guide/sub/",
            ),
        ] {
            assert_eq!(docs_url(docs, path, suffix, from), want, "{path}");
        }
    }
}
