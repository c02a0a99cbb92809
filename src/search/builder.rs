//! The collector: adds each article's documents (its code pages, itself, its sections) to
//! the term tables of the thread that renders it, with the numbers planned beforehand.

use std::sync::Mutex;

use super::json::Doc;
use super::plan::{CodeDoc, Plan};
use super::tables::{Tables, Terms};
use super::terms::{each_code_term, Lang};
use super::MAX_DOCS;
use crate::model::{Article, Site, Version, ENGLISH};
use crate::paths;

/// Builds every locale's search index from the articles as rendering visits them, in any
/// order and on any thread: document numbers are planned from the outline beforehand, and
/// each thread fills its own term tables, merged at the end.
pub struct Collector<'s> {
    site: &'s Site,
    plans: Vec<Plan>,
    /// Term tables, one per rayon thread and one for any other thread.
    slots: Vec<Mutex<Terms>>,
}

impl<'s> Collector<'s> {
    /// Plans the documents of every locale; an error if a locale has more than [`MAX_DOCS`].
    pub fn new(site: &'s Site) -> Result<Self, String> {
        let plans: Vec<Plan> = site.locales.iter().map(|l| Plan::new(site, l)).collect();
        if let Some((locale, plan)) = site
            .locales
            .iter()
            .zip(&plans)
            .find(|(_, p)| p.docs > MAX_DOCS)
        {
            return Err(format!(
                "{locale} has {} searchable pages and sections; the search index holds at most {MAX_DOCS}",
                plan.docs
            ));
        }
        let slots = (0..=rayon::current_num_threads())
            .map(|_| Mutex::new(Terms::new(site.locales.len())))
            .collect();
        Ok(Collector { site, plans, slots })
    }

    /// Adds the documents of article `index`, built with its text, in every locale.
    pub fn visit(&self, index: usize, article: &Article) {
        let last = self.slots.len() - 1;
        let slot = rayon::current_thread_index().map_or(last, |i| i.min(last));
        let mut terms = self.slots[slot]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (l, (locale, plan)) in self.site.locales.iter().zip(&self.plans).enumerate() {
            for doc in &plan.codes[index] {
                self.code(&mut terms, l, locale, doc, article);
            }
            if let Some(first) = plan.articles[index] {
                article_docs(&mut terms, l, locale, first, article);
            }
        }
        terms.clear_memo();
    }

    fn code(&self, terms: &mut Terms, l: usize, locale: &str, doc: &CodeDoc, article: &Article) {
        let code = &self.site.codes[doc.code];
        let o = &code.occurrences[doc.occurrence];
        let text_of = |l: &str| {
            let v = article.versions.get(l)?;
            let text = v
                .codes
                .iter()
                .find(|t| t.enhanced == code.enhanced && t.section == o.section)?;
            Some((v, text))
        };
        // The plan found this text in the outline, and a reloaded article is the same one.
        let Some((v, text)) = text_of(&doc.locale) else {
            return;
        };
        each_code_term(&code.enhanced, code.reply.as_deref(), |term, w| {
            terms.add_term(term, w)
        });
        let text_lang = if doc.locale == locale {
            Lang::of(locale)
        } else {
            Lang::English
        };
        terms.add_text(&text.title, text_lang, 10);
        terms.add_range(&v.markdown, text.description_md.clone(), text_lang, 3);
        terms.add_range(&v.markdown, text.causes_md.clone(), text_lang, 3);
        terms.add_range(&v.markdown, text.fixes_md.clone(), text_lang, 1);
        if locale != ENGLISH {
            if let Some((ev, et)) = text_of(ENGLISH) {
                terms.add_text(&et.title, Lang::English, 4);
                terms.add_range(&ev.markdown, et.description_md.clone(), Lang::English, 1);
                terms.add_range(&ev.markdown, et.causes_md.clone(), Lang::English, 1);
            }
        }
        let entry = Doc {
            url: paths::code_in_locale(&code.enhanced),
            title: &text.title,
            code: &code.enhanced,
            reply: code.reply.as_deref().unwrap_or_default(),
            article: &v.title,
        };
        terms.finish(l, doc.id, entry);
    }

    /// Merges the tables of every thread, letting go of the site.
    pub fn finish(self) -> Tables {
        let mut tables = self.slots.into_iter().map(|slot| {
            slot.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        let mut terms = tables
            .next()
            .unwrap_or_else(|| Terms::new(self.site.locales.len()));
        tables.for_each(|t| terms.merge(t));
        Tables {
            terms,
            locales: self.site.locales.clone(),
        }
    }
}

/// Adds an article's document, numbered `first`, and its sections' after it.
fn article_docs(terms: &mut Terms, l: usize, locale: &str, first: u32, article: &Article) {
    let Some(v) = article.versions.get(locale) else {
        return;
    };
    let english = article.versions.get(ENGLISH).filter(|_| locale != ENGLISH);
    let text_lang = if v.origin == crate::model::Origin::Fallback {
        Lang::English
    } else {
        Lang::of(locale)
    };
    terms.add_text(&v.title, text_lang, 10);
    terms.add_text(&v.description, text_lang, 3);
    for range in lead(v) {
        terms.add_range(&v.markdown, range, text_lang, 2);
    }
    if let Some(en) = english {
        terms.add_text(&en.title, Lang::English, 4);
        for range in lead(en) {
            terms.add_range(&en.markdown, range, Lang::English, 1);
        }
    }
    // The same percent-encoding as every link of the site's pages.
    let slug = paths::encode(&article.slug);
    let doc = Doc {
        url: paths::article_in_locale(&slug, None),
        title: &v.title,
        code: "",
        reply: "",
        article: &v.title,
    };
    terms.finish(l, first, doc);
    let mut id = first;
    for section in v.sections.iter().filter(|s| s.level >= 2) {
        id += 1;
        add_section(terms, v, section, text_lang, 8, 2);
        if let Some(en) = english {
            if let Some(es) = en.sections.iter().find(|s| s.id == section.id) {
                add_section(terms, en, es, Lang::English, 3, 1);
            }
        }
        let doc = Doc {
            url: paths::article_in_locale(&slug, Some(&section.id)),
            title: &section.title,
            code: "",
            reply: "",
            article: &v.title,
        };
        terms.finish(l, id, doc);
    }
}

/// The text of a version that belongs to no section of its own: everything outside its H2
/// (and deeper) sections but its H1 lines. Most help articles have no H2 at all, so this is
/// most of their text; it is the article's own document.
fn lead(v: &Version) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for section in v.sections.iter() {
        let start = section.range.start;
        if start < at {
            continue;
        }
        if start > at {
            ranges.push(at..start);
        }
        at = if section.level >= 2 {
            section.range.end
        } else {
            // Only the heading's own line: its text is the title.
            let line = &v.markdown[start..section.range.end];
            start + line.find('\n').map_or(line.len(), |i| i + 1)
        };
    }
    if at < v.markdown.len() {
        ranges.push(at..v.markdown.len());
    }
    ranges
}

fn add_section(
    terms: &mut Terms,
    v: &Version,
    section: &crate::model::Section,
    lang: Lang,
    title: u32,
    body: u32,
) {
    terms.add_text(&section.title, lang, title);
    // A section about a code is found by the code too, after the code's own page.
    for found in crate::smtp::find(&section.title) {
        terms.add_term(&found.enhanced, 2 * title);
    }
    // The section's own text: up to its first subsection.
    let start = section.range.start;
    let end = v
        .sections
        .iter()
        .map(|s| s.range.start)
        .find(|&s| s > start && s < section.range.end)
        .unwrap_or(section.range.end);
    let md = &v.markdown[start..end];
    let body_start = md.find('\n').map_or(md.len(), |i| i + 1);
    terms.add_range(&v.markdown, start + body_start..end, lang, body);
}
