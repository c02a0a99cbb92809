//! Planning document numbers: for each locale, from the outline before any article is read,
//! code pages first (in code order), then each article and its sections.

use crate::model::{Site, ENGLISH};

/// Where one locale's documents come from.
pub(super) struct Plan {
    /// Per article: the number of its first document (the article's own), if it has a
    /// version in this locale; its sections follow.
    pub(super) articles: Vec<Option<u32>>,
    /// Per article: the code documents whose text it holds.
    pub(super) codes: Vec<Vec<CodeDoc>>,
    /// How many documents there are.
    pub(super) docs: usize,
}

/// A code document: code pages come first, in code order.
pub(super) struct CodeDoc {
    pub(super) id: u32,
    pub(super) code: usize,
    /// The occurrence whose text it has, and the locale of that text (the page's, or `en`).
    pub(super) occurrence: usize,
    pub(super) locale: String,
}

impl Plan {
    pub(super) fn new(site: &Site, locale: &str) -> Plan {
        let mut next = 0;
        let mut codes: Vec<Vec<CodeDoc>> = site.articles.iter().map(|_| Vec::new()).collect();
        for (c, code) in site.codes.iter().enumerate() {
            // Its first occurrence described in this locale, else in English.
            let found = code.occurrences.iter().enumerate().find_map(|(i, o)| {
                [locale, ENGLISH].iter().find_map(|l| {
                    site.code_text(&code.enhanced, o, l)
                        .map(|(_, v, _)| (i, &o.article, v.locale.clone()))
                })
            });
            let Some((occurrence, slug, text_locale)) = found else {
                continue;
            };
            let Some(a) = site.article_index(slug) else {
                continue;
            };
            codes[a].push(CodeDoc {
                id: next,
                code: c,
                occurrence,
                locale: text_locale,
            });
            next += 1;
        }
        // Then each article and its sections.
        let articles = site
            .articles
            .iter()
            .map(|article| {
                let v = article.versions.get(locale)?;
                let first = next;
                next += 1 + v.sections.iter().filter(|s| s.level >= 2).count() as u32;
                Some(first)
            })
            .collect();
        Plan {
            articles,
            codes,
            docs: next as usize,
        }
    }
}
