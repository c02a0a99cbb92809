//! The search index: one per locale, sharded so that a query fetches only what it needs.
//!
//! Rules shared with `templates/static/search.js` (the table in `tests/search/tokens.json` is
//! run by both sides):
//!
//! - **Words** are maximal runs of alphabetic or numeric characters (`char::is_alphanumeric`,
//!   `/[\p{Alphabetic}\p{N}]+/u` in JavaScript), lowercased; words shorter than 2 or longer
//!   than [`MAX_TOKEN`] characters are skipped.
//! - **Terms**: `ё` becomes `е`; a word with Cyrillic letters is stemmed with Snowball Russian,
//!   another word with the stemmer of the text's language (Swedish, English; English for Latin
//!   words in Russian text; none for other languages; never for numbers); then Latin
//!   diacritics are folded (`å ä → a`, `ö → o`, `é → e` …), so `fragan` finds `frågan`.
//! - **Codes**: a code document also has the terms `4.4.316` (the code), `4.4`, `4.4.3`,
//!   `4.4.31` (its prefixes) and `450` (its reply code). The client turns every notation it
//!   sees (`4 4 316`, `44316`, `450-4-4-316`, a pasted bounce line) into these terms.
//!
//! Files, under `site/<locale>/search/` (JavaScript, so they load from `file://` too):
//!
//! - `meta.js`: `kbsearch.meta({...})` with the shard keys, document count, chunk size, the
//!   locale's stemmer and the UI strings.
//! - `t/<hex of key>.js`: `kbsearch.shard(key, {term: [doc delta, weight, …]})`. A term lives
//!   in the shard whose key is its longest prefix among the keys.
//! - `d/<n>.js`: `kbsearch.docs(n, [[url, title, code, reply, article title], …])` for
//!   documents `n × CHUNK ..`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Mutex;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use crate::i18n::I18n;
use crate::model::{Article, Site, Version, ENGLISH};
use crate::output::File;

/// Longest word indexed, in characters.
pub const MAX_TOKEN: usize = 40;
/// Documents per `d/<n>.js` file.
pub const CHUNK: usize = 32;
/// Best documents kept per term.
pub const MAX_POSTINGS: usize = 400;
/// A shard is split by one more character when its JSON is larger than this.
pub const SHARD_BYTES: usize = 24 * 1024;

/// The stemmers the index uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Russian,
    Swedish,
    English,
    /// No stemmer: words are only lowercased and folded.
    Other,
}

impl Lang {
    /// The stemmer for text in `locale`.
    pub fn of(locale: &str) -> Lang {
        match locale.split('-').next().unwrap_or_default() {
            "ru" => Lang::Russian,
            "sv" => Lang::Swedish,
            "en" => Lang::English,
            _ => Lang::Other,
        }
    }

    fn name(self) -> Option<&'static str> {
        match self {
            Lang::Russian => Some("russian"),
            Lang::Swedish => Some("swedish"),
            Lang::English => Some("english"),
            Lang::Other => None,
        }
    }
}

/// The words of `text`, lowercased, in order.
pub fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> + '_ {
    words_at(text).map(|(_, word)| word)
}

/// [`words`] with the byte offset of each in `text`.
fn words_at(text: &str) -> impl Iterator<Item = (usize, Cow<'_, str>)> + '_ {
    let base = text.as_ptr() as usize;
    text.split(|c: char| !is_word_char(c))
        .filter(|w| {
            let n = if w.is_ascii() {
                w.len()
            } else {
                w.chars().count()
            };
            (2..=MAX_TOKEN).contains(&n)
        })
        .map(move |w| {
            let at = w.as_ptr() as usize - base;
            if w.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                (at, Cow::Owned(w.to_lowercase()))
            } else {
                (at, Cow::Borrowed(w))
            }
        })
}

/// `char::is_alphanumeric`, answered without a table lookup for ASCII, Cyrillic and Latin-1
/// letters (nearly every character of our text).
fn is_word_char(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        'А'..='я' | 'Ё' | 'ё' => true,
        'À'..='ÿ' => c != '×' && c != '÷',
        _ => c.is_alphanumeric(),
    }
}

/// Folds Latin diacritics: `å ä á à â ã ā → a`, `ö ø ó … → o`, `ß → ss` and so on.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => out.push('i'),
            'ł' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ř' => out.push('r'),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ß' => out.push_str("ss"),
            'ť' | 'ţ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            other => out.push(other),
        }
    }
    out
}

/// The words of Markdown without its markup: HTML tags and link destinations are blanked
/// out with spaces, so every word stays at its offset (the other syntax is punctuation,
/// which [`words`] skips anyway). Much cheaper than a full Markdown parse, and the index only
/// needs the words.
pub fn searchable_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(i) = rest.find(['<', ']']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let skip = if tail.starts_with('<') {
            // A tag runs to its `>` on the same line; a lone `<` is text.
            tail.find(['>', '\n'])
                .filter(|&e| tail.as_bytes()[e] == b'>')
                .map(|e| e + 1)
        } else if tail.starts_with("](") {
            tail.find([')', '\n']).map(|e| e + 1)
        } else {
            None
        };
        match skip {
            Some(n) => {
                out.extend(std::iter::repeat_n(' ', n));
                rest = &tail[n..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Snowball stemmers, created once.
pub struct Stemmers {
    russian: Stemmer,
    swedish: Stemmer,
    english: Stemmer,
}

impl Default for Stemmers {
    fn default() -> Self {
        Stemmers {
            russian: Stemmer::create(Algorithm::Russian),
            swedish: Stemmer::create(Algorithm::Swedish),
            english: Stemmer::create(Algorithm::English),
        }
    }
}

impl Stemmers {
    /// The term of one lowercased word in text of language `lang`.
    pub fn term(&self, word: &str, lang: Lang) -> String {
        let word = word.replace('ё', "е");
        let stemmer = if word.chars().all(|c| c.is_numeric()) {
            None
        } else if word.chars().any(|c| matches!(c, '\u{400}'..='\u{4ff}')) {
            Some(&self.russian)
        } else {
            match lang {
                Lang::Swedish => Some(&self.swedish),
                Lang::English | Lang::Russian => Some(&self.english),
                Lang::Other => None,
            }
        };
        match stemmer {
            Some(s) => fold(&s.stem(&word)),
            None => fold(&word),
        }
    }
}

/// The terms of a code document for `enhanced` (`4.4.316`) with reply code `reply`.
pub fn code_terms(enhanced: &str, reply: Option<&str>) -> Vec<(String, u32)> {
    let mut terms = vec![(enhanced.to_owned(), 100)];
    let mut parts = enhanced.splitn(3, '.');
    let (class, subject, detail) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    terms.push((format!("{class}.{subject}"), 40));
    for end in 1..detail.len() {
        terms.push((format!("{class}.{subject}.{}", &detail[..end]), 50));
    }
    if let Some(r) = reply {
        terms.push((r.to_owned(), 30));
    }
    terms
}

/// One searchable thing: a code page, an article, or a section of one.
#[derive(Debug)]
struct Doc {
    url: String,
    title: String,
    code: String,
    reply: String,
    article: String,
}

impl Doc {
    /// Its row in a `d/<n>.js` file: `[url, title, code, reply, article title]` as JSON (one
    /// string per document is what the index keeps of it while it is built).
    fn row(&self) -> Box<str> {
        let row = [
            &self.url,
            &self.title,
            &self.code,
            &self.reply,
            &self.article,
        ];
        serde_json::to_string(&row)
            .expect("strings serialize")
            .into_boxed_str()
    }
}

/// A document and the weight of a term in it, packed as `document << 8 | weight`: sorting
/// postings sorts them by document.
type Posting = u32;

/// The most documents a locale may have (a posting gives a document 24 bits).
pub const MAX_DOCS: usize = 1 << 24;

fn posting(doc: u32, weight: u32) -> Posting {
    doc << 8 | weight.min(255)
}

fn doc_of(p: Posting) -> u32 {
    p >> 8
}

fn weight_of(p: Posting) -> u32 {
    p & 0xff
}

/// Every term with its postings, documents ascending.
type Postings = Vec<(String, Vec<Posting>)>;

/// Builds the inverted index of every locale, a document at a time. Terms are interned once
/// for all locales: each distinct term is stored once and documents refer to it by number.
struct Terms {
    stemmers: Stemmers,
    /// The term number of each word already seen, per language.
    cache: FxHashMap<Lang, FxHashMap<String, u32>>,
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
    /// Weights of the document being built, by term number.
    weights: FxHashMap<u32, u32>,
    /// Per locale: postings by term number.
    postings: Vec<Vec<Vec<Posting>>>,
    /// Per locale: documents by number, in any order, as their rows.
    docs: Vec<Vec<(u32, Box<str>)>>,
    /// The words of each Markdown text of the article being indexed, split once: (offset,
    /// term), by the text's address and language. A code's text is part of a section's, and
    /// the English text of an article is indexed in every locale.
    memo: FxHashMap<(usize, usize, Lang), Vec<(u32, u32)>>,
}

impl Terms {
    fn new(locales: usize) -> Self {
        Terms {
            stemmers: Stemmers::default(),
            cache: FxHashMap::default(),
            ids: FxHashMap::default(),
            names: Vec::new(),
            weights: FxHashMap::default(),
            postings: vec![Vec::new(); locales],
            docs: (0..locales).map(|_| Vec::new()).collect(),
            memo: FxHashMap::default(),
        }
    }

    fn intern(ids: &mut FxHashMap<String, u32>, names: &mut Vec<String>, term: String) -> u32 {
        if let Some(&id) = ids.get(&term) {
            return id;
        }
        let id = names.len() as u32;
        names.push(term.clone());
        ids.insert(term, id);
        id
    }

    /// Adds a term as it is (codes).
    fn add_term(&mut self, term: &str, weight: u32) {
        let id = Self::intern(&mut self.ids, &mut self.names, term.to_owned());
        *self.weights.entry(id).or_default() += weight;
    }

    fn add_text(&mut self, text: &str, lang: Lang, weight: u32) {
        self.each_term(text, lang, |weights, _, id| {
            *weights.entry(id).or_default() += weight;
        });
    }

    /// Splits `text` into words and calls `f` with the weights of the document being built,
    /// and each word's offset and term number.
    fn each_term(
        &mut self,
        text: &str,
        lang: Lang,
        mut f: impl FnMut(&mut FxHashMap<u32, u32>, usize, u32),
    ) {
        let Terms {
            stemmers,
            cache,
            ids,
            names,
            weights,
            ..
        } = self;
        let cache = cache.entry(lang).or_default();
        for (at, word) in words_at(text) {
            let id = match cache.get(word.as_ref()) {
                Some(&id) => id,
                None => {
                    let term = stemmers.term(&word, lang);
                    let id = Self::intern(ids, names, term);
                    cache.insert(word.into_owned(), id);
                    id
                }
            };
            f(weights, at, id);
        }
    }

    /// Adds the words of `range` of the Markdown `md` (a whole text: it is split into words
    /// once per article). `range` starts and ends between words.
    fn add_range(&mut self, md: &str, range: Range<usize>, lang: Lang, weight: u32) {
        if range.is_empty() {
            return;
        }
        let key = (md.as_ptr() as usize, md.len(), lang);
        if !self.memo.contains_key(&key) {
            let mut list = Vec::new();
            self.each_term(&searchable_text(md), lang, |_, at, id| {
                list.push((at as u32, id));
            });
            self.memo.insert(key, list);
        }
        let list = &self.memo[&key];
        let first = list.partition_point(|&(at, _)| (at as usize) < range.start);
        for &(at, id) in &list[first..] {
            if at as usize >= range.end {
                break;
            }
            *self.weights.entry(id).or_default() += weight;
        }
    }

    /// Ends the current document: number `id` of locale `l`.
    fn finish(&mut self, l: usize, id: u32, doc: Doc) {
        self.docs[l].push((id, doc.row()));
        let postings = &mut self.postings[l];
        postings.resize_with(self.names.len(), Vec::new);
        for (term, w) in self.weights.drain() {
            add_posting(&mut postings[term as usize], posting(id, w));
        }
    }

    /// Adds the documents and postings of `other` (built from other documents).
    fn merge(&mut self, other: Terms) {
        let ids: Vec<u32> = other
            .names
            .into_iter()
            .map(|term| Self::intern(&mut self.ids, &mut self.names, term))
            .collect();
        for (mine, theirs) in self.postings.iter_mut().zip(other.postings) {
            mine.resize_with(self.names.len(), Vec::new);
            for (term, list) in theirs.into_iter().enumerate() {
                let list_of = &mut mine[ids[term] as usize];
                for p in list {
                    add_posting(list_of, p);
                }
            }
        }
        for (mine, theirs) in self.docs.iter_mut().zip(other.docs) {
            mine.extend(theirs);
        }
    }

    /// Each locale's documents in order and every term's postings, terms in order.
    fn into_indexes(self) -> Vec<(Vec<Box<str>>, Postings)> {
        let names = self.names;
        self.docs
            .into_iter()
            .zip(self.postings)
            .map(|(mut docs, lists)| {
                docs.sort_unstable_by_key(|(id, _)| *id);
                debug_assert!(docs
                    .iter()
                    .enumerate()
                    .all(|(i, (id, _))| i == *id as usize));
                let docs = docs.into_iter().map(|(_, doc)| doc).collect();
                let mut postings: Postings = names
                    .iter()
                    .zip(lists)
                    .filter(|(_, list)| !list.is_empty())
                    .map(|(name, mut list)| {
                        list.sort_unstable();
                        (name.clone(), list)
                    })
                    .collect();
                postings.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                (docs, postings)
            })
            .collect()
    }
}

/// Adds a posting to a term's list. A common term keeps only its best documents: pruning to
/// the best [`MAX_POSTINGS`] whenever the list doubles bounds memory and gives the same list
/// as pruning once at the end, in whatever order the postings come (a pruned document is
/// beaten by [`MAX_POSTINGS`] documents that stay or are beaten in turn).
fn add_posting(list: &mut Vec<Posting>, p: Posting) {
    list.push(p);
    if list.len() >= 2 * MAX_POSTINGS {
        best_postings(list);
    }
}

/// Builds every locale's search index from the articles as rendering visits them, in any
/// order and on any thread: document numbers are planned from the outline beforehand, and
/// each thread fills its own term tables, merged at the end.
pub struct Collector<'s> {
    site: &'s Site,
    plans: Vec<Plan>,
    /// Term tables, one per rayon thread and one for any other thread.
    slots: Vec<Mutex<Terms>>,
}

/// Where one locale's documents come from.
struct Plan {
    /// Per article: the number of its first document (the article's own), if it has a
    /// version in this locale; its sections follow.
    articles: Vec<Option<u32>>,
    /// Per article: the code documents whose text it holds.
    codes: Vec<Vec<CodeDoc>>,
    /// How many documents there are.
    docs: usize,
}

/// A code document: code pages come first, in code order.
struct CodeDoc {
    id: u32,
    code: usize,
    /// The occurrence whose text it has, and the locale of that text (the page's, or `en`).
    occurrence: usize,
    locale: String,
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
        // The memo is by address: the next article's text may reuse this one's.
        terms.memo.clear();
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
        for (term, w) in code_terms(&code.enhanced, code.reply.as_deref()) {
            terms.add_term(&term, w);
        }
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
            url: format!("codes/{}/", code.enhanced),
            title: text.title.clone(),
            code: code.enhanced.clone(),
            reply: code.reply.clone().unwrap_or_default(),
            article: v.title.clone(),
        };
        terms.finish(l, doc.id, entry);
    }

    /// Merges each locale's tables and hands its files to `sink` as soon as they are ready
    /// (locales in parallel).
    pub fn files<E: Send>(
        self,
        i18n: &I18n,
        sink: &(dyn Fn(File) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        let mut tables = self.slots.into_iter().map(|slot| {
            slot.into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        });
        let mut terms = tables
            .next()
            .unwrap_or_else(|| Terms::new(self.site.locales.len()));
        tables.for_each(|t| terms.merge(t));
        self.site
            .locales
            .par_iter()
            .zip(terms.into_indexes())
            .try_for_each(|(locale, (docs, postings))| {
                write_locale(locale, i18n, Lang::of(locale), docs, postings)
                    .into_iter()
                    .try_for_each(sink)
            })
    }
}

impl Plan {
    fn new(site: &Site, locale: &str) -> Plan {
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
    if let Some(en) = english {
        terms.add_text(&en.title, Lang::English, 4);
    }
    let doc = Doc {
        url: format!("{}/", article.slug),
        title: v.title.clone(),
        code: String::new(),
        reply: String::new(),
        article: v.title.clone(),
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
            url: format!("{}/#{}", article.slug, section.id),
            title: section.title.clone(),
            code: String::new(),
            reply: String::new(),
            article: v.title.clone(),
        };
        terms.finish(l, id, doc);
    }
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

/// Keeps the best [`MAX_POSTINGS`] of a term's postings (highest weight, then lowest
/// document), in document order.
fn best_postings(list: &mut Vec<Posting>) {
    if list.len() > MAX_POSTINGS {
        // Selected, not sorted: (weight, document) orders them completely, so the best are
        // the same set whatever their order.
        list.select_nth_unstable_by_key(MAX_POSTINGS - 1, |&p| {
            (std::cmp::Reverse(weight_of(p)), doc_of(p))
        });
        list.truncate(MAX_POSTINGS);
        list.sort_unstable();
    }
}

/// Serializes one locale's index into files.
fn write_locale(
    locale: &str,
    i18n: &I18n,
    lang: Lang,
    docs: Vec<Box<str>>,
    mut postings: Postings,
) -> Vec<File> {
    // Keep the best postings of each term, then store them by document.
    let entries: Vec<(String, String)> = postings
        .iter_mut()
        .map(|(term, list)| {
            best_postings(list);
            let mut json = String::with_capacity(list.len() * 6);
            json.push('[');
            let mut last = 0;
            for (i, (doc, w)) in list.iter().map(|&p| (doc_of(p), weight_of(p))).enumerate() {
                if i > 0 {
                    json.push(',');
                }
                let _ = write!(json, "{},{}", doc - last, w);
                last = doc;
            }
            json.push(']');
            (term.clone(), json)
        })
        .collect();
    let mut shards: Vec<(String, Vec<&(String, String)>)> = Vec::new();
    split(&entries.iter().collect::<Vec<_>>(), 1, &mut shards);
    let dir = format!("{locale}/search");
    let mut files = Vec::with_capacity(shards.len() + docs.len() / CHUNK + 2);
    let mut keys = Vec::with_capacity(shards.len());
    for (key, terms) in &shards {
        let mut body = String::new();
        body.push_str("kbsearch.shard(");
        body.push_str(&json_string(key));
        body.push_str(",{");
        for (i, (term, list)) in terms.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&json_string(term));
            body.push(':');
            body.push_str(list);
        }
        body.push_str("});\n");
        files.push(File {
            path: format!("{dir}/t/{}.js", hex(key)),
            bytes: body.into_bytes(),
        });
        keys.push(key.clone());
    }
    for (n, chunk) in docs.chunks(CHUNK).enumerate() {
        let json = format!("[{}]", chunk.join(","));
        files.push(File {
            path: format!("{dir}/d/{n}.js"),
            bytes: format!("kbsearch.docs({n},{json});\n").into_bytes(),
        });
    }
    let meta = serde_json::json!({
        "version": 1,
        "locale": locale,
        "lang": lang.name(),
        "docs": docs.len(),
        "chunk": CHUNK,
        "shards": keys,
        "ui": ui_strings(i18n, locale),
    });
    files.push(File {
        path: format!("{dir}/meta.js"),
        bytes: format!("kbsearch.meta({meta});\n").into_bytes(),
    });
    files
}

/// Groups sorted `entries` (term, postings JSON) sharing a prefix of `depth` characters into
/// shards no larger than [`SHARD_BYTES`] where possible.
fn split<'e>(
    entries: &[&'e (String, String)],
    depth: usize,
    out: &mut Vec<(String, Vec<&'e (String, String)>)>,
) {
    let mut i = 0;
    while i < entries.len() {
        let key: String = entries[i].0.chars().take(depth).collect();
        let j = i + entries[i..]
            .iter()
            .take_while(|(t, _)| t.starts_with(&key))
            .count();
        let group = &entries[i..j];
        let size: usize = group.iter().map(|(t, l)| t.len() + l.len() + 4).sum();
        if size <= SHARD_BYTES || depth >= 8 || group.len() == 1 {
            out.push((key, group.to_vec()));
        } else {
            // Terms that are exactly the key stay in its shard; the rest split further.
            let exact: Vec<&(String, String)> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() <= depth)
                .collect();
            if !exact.is_empty() {
                out.push((key.clone(), exact));
            }
            let longer: Vec<&(String, String)> = group
                .iter()
                .copied()
                .filter(|(t, _)| t.chars().count() > depth)
                .collect();
            split(&longer, depth + 1, out);
        }
        i = j;
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialize")
}

/// A file-name-safe form of a shard key: its UTF-8 bytes in hex.
pub fn hex(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// The UI strings the client needs, with plural variants resolved per CLDR category.
fn ui_strings(i18n: &I18n, locale: &str) -> serde_json::Value {
    // A number in each plural category of the languages we ship; others fall back to "other".
    let samples = [("one", 1usize), ("few", 2), ("many", 5), ("other", 100)];
    let plural = |key: &str| {
        let forms: BTreeMap<&str, String> = samples
            .iter()
            .map(|(cat, n)| {
                (
                    *cat,
                    i18n.count(locale, key, *n).replace(&n.to_string(), "{n}"),
                )
            })
            .collect();
        forms
    };
    serde_json::json!({
        "results": plural("search-results-count"),
        "none": i18n.text(locale, "search-no-results"),
        "hint": i18n.text(locale, "search-hint"),
        "code": i18n.text(locale, "search-result-code"),
        "section": i18n.text(locale, "search-result-section"),
        "loading": i18n.text(locale, "search-loading"),
        "failed": i18n.text(locale, "search-failed"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_follow_the_shared_rules() {
        let s = Stemmers::default();
        assert_eq!(
            s.term("frågan", Lang::Swedish),
            s.term("fragan", Lang::Swedish)
        );
        assert_eq!(
            s.term("сертификата", Lang::Russian),
            s.term("сертификаты", Lang::Russian)
        );
        assert_eq!(s.term("ёлка", Lang::Russian), s.term("елка", Lang::Russian));
        assert_eq!(s.term("connections", Lang::Russian), "connect");
        assert_eq!(s.term("316", Lang::English), "316");
        let w: Vec<Cow<'_, str>> = words("DNS-frågan 4.4.316 x can't").collect();
        assert_eq!(w, ["dns", "frågan", "316", "can"]);
    }

    #[test]
    fn searchable_text_drops_tags_and_link_targets() {
        let md = "## <a name=\"x-y\"></a>Title\n\nSee [the docs](https://docs.example/a-b) and 1 < 2 > 0.\n";
        let text = searchable_text(md);
        let w: Vec<Cow<'_, str>> = words(&text).collect();
        assert_eq!(w, ["title", "see", "the", "docs", "and"]);
    }

    #[test]
    fn code_documents_carry_their_notations() {
        let t: Vec<String> = code_terms("4.4.316", Some("450"))
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(t, ["4.4.316", "4.4", "4.4.3", "4.4.31", "450"]);
    }

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1f600}', '𝟘', 'ǅ']) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn pruning_while_building_keeps_the_same_best_postings() {
        // Weights from a small LCG: many ties, so the tie-break by document matters.
        let mut x: u32 = 7;
        let all: Vec<Posting> = (0..5 * MAX_POSTINGS as u32)
            .map(|doc| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                posting(doc, (x >> 16) % 12)
            })
            .collect();
        let mut once = all.clone();
        best_postings(&mut once);
        // The best by sorting everything.
        let mut sorted = all.clone();
        sorted.sort_by_key(|&p| (std::cmp::Reverse(weight_of(p)), doc_of(p)));
        sorted.truncate(MAX_POSTINGS);
        sorted.sort();
        assert_eq!(once, sorted);
        // In order, and in the order two threads would interleave them.
        let shuffled: Vec<Posting> = all
            .iter()
            .step_by(2)
            .chain(all.iter().skip(1).step_by(2))
            .copied()
            .collect();
        for order in [&all, &shuffled] {
            let mut incremental = Vec::new();
            for &p in order {
                add_posting(&mut incremental, p);
            }
            best_postings(&mut incremental);
            assert_eq!(incremental, once);
        }
        assert_eq!(once.len(), MAX_POSTINGS);
        assert!(
            once.windows(2).all(|w| doc_of(w[0]) < doc_of(w[1])),
            "document order"
        );
        assert_eq!(
            (
                doc_of(posting(70_000, 300)),
                weight_of(posting(70_000, 300))
            ),
            (70_000, 255)
        );
    }

    #[test]
    fn shards_split_large_prefixes_and_keep_every_term() {
        let entries: Vec<(String, String)> = (0..3000)
            .map(|i| {
                (
                    format!("co{i:04}"),
                    "[1,2,3,4,5,6,7,8,9,10,11,12]".to_owned(),
                )
            })
            .collect();
        let refs: Vec<&(String, String)> = entries.iter().collect();
        let mut out = Vec::new();
        split(&refs, 1, &mut out);
        assert!(out.len() > 1);
        let total: usize = out.iter().map(|(_, t)| t.len()).sum();
        assert_eq!(total, 3000);
        for (key, terms) in &out {
            assert!(terms.iter().all(|(t, _)| t.starts_with(key.as_str())));
            // Every term's shard is the longest key that prefixes it.
            for (t, _) in terms {
                let longest = out
                    .iter()
                    .map(|(k, _)| k)
                    .filter(|k| t.starts_with(k.as_str()))
                    .max_by_key(|k| k.len());
                assert_eq!(longest, Some(key));
            }
        }
    }
}

#[cfg(test)]
mod shared_table {
    //! The Rust half of `tests/search/tokens.json` (the JavaScript half is
    //! `tests/search/tokens.test.js`).
    use super::*;

    fn table() -> serde_json::Value {
        serde_json::from_str(include_str!("../tests/search/tokens.json")).expect("valid JSON")
    }

    fn lang(name: &serde_json::Value) -> Lang {
        match name.as_str() {
            Some("russian") => Lang::Russian,
            Some("swedish") => Lang::Swedish,
            Some("english") => Lang::English,
            _ => Lang::Other,
        }
    }

    #[test]
    fn words_match_the_table() {
        for row in table()["words"].as_array().unwrap() {
            let text = row["text"].as_str().unwrap();
            let want: Vec<&str> = row["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(words(text).collect::<Vec<_>>(), want, "{text}");
        }
    }

    #[test]
    fn terms_match_the_table() {
        let stemmers = Stemmers::default();
        for row in table()["terms"].as_array().unwrap() {
            let word = row["word"].as_str().unwrap();
            assert_eq!(
                stemmers.term(word, lang(&row["lang"])),
                row["term"].as_str().unwrap(),
                "{word}"
            );
        }
    }

    #[test]
    fn code_terms_match_the_table() {
        for row in table()["codes"].as_array().unwrap() {
            let got: Vec<String> =
                code_terms(row["enhanced"].as_str().unwrap(), row["reply"].as_str())
                    .into_iter()
                    .map(|(t, _)| t)
                    .collect();
            let want: Vec<&str> = row["terms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            assert_eq!(got, want);
        }
    }
}
