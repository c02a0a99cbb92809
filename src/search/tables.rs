//! Term tables: the inverted index of every locale, built a document at a time (words split
//! once per article), merged across threads, then ordered into each locale's index; and
//! [`Tables`], what collecting ends with, handed on as files.

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::json::Doc;
use super::lexicon::Lexicon;
use super::postings::{posting, List, Postings};
use super::terms::Lang;
use super::tokenize::scan;
use super::write::write_locale;
use crate::i18n::I18n;
use crate::output::File;

/// One locale's index: its documents' rows, in order, and its terms' postings.
type Index = (Vec<Box<str>>, Postings);

/// The words of a text in order: (offset, term number).
type Words = Vec<(u32, u32)>;

/// Builds the inverted index of every locale, a document at a time. Terms are interned once
/// for all locales: each distinct term is stored once and documents refer to it by number.
pub(super) struct Terms {
    lexicon: Lexicon,
    /// Weights of the document being built, by term number (0: not in it), and the term
    /// numbers it has, in the order they came.
    weights: Vec<u32>,
    touched: Vec<u32>,
    /// Per locale: postings by term number.
    postings: Vec<Vec<List>>,
    /// Per locale: documents by number, in any order, as their rows.
    docs: Vec<Vec<(u32, Box<str>)>>,
    /// The words of each Markdown text of the article being indexed, split once: (offset,
    /// term), by the text's address and language. A code's text is part of a section's, and
    /// the English text of an article is indexed in every locale.
    memo: Vec<((usize, usize, Lang), Words)>,
    /// The lists of earlier articles' memos, emptied, to fill again.
    spare: Vec<Words>,
    /// The same for the plain texts of the article (titles, descriptions): where the term
    /// numbers of each are in `text_terms`. The English titles of sections are indexed in
    /// every locale.
    texts: FxHashMap<(usize, usize, Lang), (u32, u32)>,
    text_terms: Vec<u32>,
    /// A lowercased word.
    word: String,
    /// A document's row being written.
    row: String,
}

/// Adds `weight` (more than 0) to term `id` of the document being built.
#[inline]
fn add_weight(weights: &mut Vec<u32>, touched: &mut Vec<u32>, id: u32, weight: u32) {
    debug_assert!(
        weight > 0,
        "a weight of 0 would not mark the term as in the document"
    );
    let i = id as usize;
    if i >= weights.len() {
        weights.resize(i + 1, 0);
    }
    if weights[i] == 0 {
        touched.push(id);
    }
    weights[i] += weight;
}

impl Terms {
    pub(super) fn new(locales: usize) -> Self {
        Terms {
            lexicon: Lexicon::new(),
            weights: Vec::new(),
            touched: Vec::new(),
            postings: vec![Vec::new(); locales],
            docs: (0..locales).map(|_| Vec::new()).collect(),
            memo: Vec::new(),
            texts: FxHashMap::default(),
            text_terms: Vec::new(),
            spare: Vec::new(),
            word: String::new(),
            row: String::new(),
        }
    }

    /// Adds a term as it is (codes).
    pub(super) fn add_term(&mut self, term: &str, weight: u32) {
        let id = self.lexicon.intern(term);
        add_weight(&mut self.weights, &mut self.touched, id, weight);
    }

    /// Adds the words of a plain text (a title, a description), split once per article.
    pub(super) fn add_text(&mut self, text: &str, lang: Lang, weight: u32) {
        let Terms {
            lexicon,
            weights,
            touched,
            texts,
            text_terms,
            word,
            ..
        } = self;
        let key = (text.as_ptr() as usize, text.len(), lang);
        let (start, end) = *texts.entry(key).or_insert_with(|| {
            let start = text_terms.len() as u32;
            scan(text, false, word, |_, w| {
                text_terms.push(lexicon.id(w, lang))
            });
            (start, text_terms.len() as u32)
        });
        for &id in &text_terms[start as usize..end as usize] {
            add_weight(weights, touched, id, weight);
        }
    }

    /// Adds the words of `range` of the Markdown `md` (a whole text: it is split into words
    /// once per article). `range` starts and ends between words.
    pub(super) fn add_range(&mut self, md: &str, range: Range<usize>, lang: Lang, weight: u32) {
        if range.is_empty() {
            return;
        }
        let key = (md.as_ptr() as usize, md.len(), lang);
        let Terms {
            lexicon,
            weights,
            touched,
            memo,
            spare,
            word,
            ..
        } = self;
        // An article has a few texts: a list is quicker than a map.
        let list = match memo.iter().position(|(k, _)| *k == key) {
            Some(i) => &memo[i].1,
            None => {
                let mut list = spare.pop().unwrap_or_default();
                scan(md, true, word, |at, w| {
                    list.push((at as u32, lexicon.id(w, lang)))
                });
                memo.push((key, list));
                &memo[memo.len() - 1].1
            }
        };
        let first = list.partition_point(|&(at, _)| (at as usize) < range.start);
        let end = first + list[first..].partition_point(|&(at, _)| (at as usize) < range.end);
        // Every term is numbered by now: the table is made large enough once.
        if weights.len() < lexicon.names.len() {
            weights.resize(lexicon.names.len(), 0);
        }
        for &(_, id) in &list[first..end] {
            let w = &mut weights[id as usize];
            if *w == 0 {
                touched.push(id);
            }
            *w += weight;
        }
    }

    /// Forgets the words of the article's texts, keeping the lists for the next one: the memo
    /// is by address, and the next article's text may reuse this one's.
    pub(super) fn clear_memo(&mut self) {
        for (_, mut list) in self.memo.drain(..) {
            list.clear();
            self.spare.push(list);
        }
        self.texts.clear();
        self.text_terms.clear();
    }

    /// Ends the current document: number `id` of locale `l`.
    pub(super) fn finish(&mut self, l: usize, id: u32, doc: Doc) {
        self.docs[l].push((id, doc.row(&mut self.row)));
        let postings = &mut self.postings[l];
        postings.resize_with(self.lexicon.names.len(), List::new);
        for term in self.touched.drain(..) {
            let w = std::mem::take(&mut self.weights[term as usize]);
            postings[term as usize].add(posting(id, w));
        }
    }

    /// Adds the documents and postings of `other` (built from other documents).
    pub(super) fn merge(&mut self, other: Terms) {
        let ids: Vec<u32> = other
            .lexicon
            .names
            .iter()
            .map(|term| self.lexicon.intern(term))
            .collect();
        for (mine, theirs) in self.postings.iter_mut().zip(other.postings) {
            mine.resize_with(self.lexicon.names.len(), List::new);
            for (term, list) in theirs.into_iter().enumerate() {
                let list_of = &mut mine[ids[term] as usize];
                for p in list.postings {
                    list_of.add(p);
                }
            }
        }
        for (mine, theirs) in self.docs.iter_mut().zip(other.docs) {
            mine.extend(theirs);
        }
    }

    /// The term names, and each locale's documents in order and terms with postings.
    pub(super) fn into_indexes(self) -> (Vec<String>, Vec<Index>) {
        let names = self.lexicon.names;
        // Terms in order, sorted once for all locales (each is interned once).
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let indexes = self
            .docs
            .into_iter()
            .zip(self.postings)
            .map(|(mut docs, mut lists)| {
                docs.sort_unstable_by_key(|(id, _)| *id);
                debug_assert!(docs
                    .iter()
                    .enumerate()
                    .all(|(i, (id, _))| i == *id as usize));
                let docs = docs.into_iter().map(|(_, doc)| doc).collect();
                let postings: Postings = order
                    .iter()
                    .filter_map(|&term| {
                        let list = std::mem::take(&mut lists.get_mut(term as usize)?.postings);
                        (!list.is_empty()).then_some((term, list))
                    })
                    .collect();
                (docs, postings)
            })
            .collect();
        (names, indexes)
    }
}

/// The terms of every locale's documents, collected ([`Collector::finish`]).
pub struct Tables {
    pub(super) terms: Terms,
    pub(super) locales: Vec<String>,
}

impl Tables {
    /// Hands each locale's files to `sink` as soon as they are ready (locales in parallel).
    pub fn files<E: Send>(
        self,
        i18n: &I18n,
        sink: &(dyn Fn(File) -> Result<(), E> + Sync),
    ) -> Result<(), E> {
        let (names, indexes) = self.terms.into_indexes();
        self.locales
            .par_iter()
            .zip(indexes)
            .try_for_each(|(locale, (docs, postings))| {
                write_locale(locale, i18n, Lang::of(locale), &names, docs, postings)
                    .into_iter()
                    .try_for_each(sink)
            })
    }
}
