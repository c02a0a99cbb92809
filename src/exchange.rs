//! Exchange with translators: `kbsite i18n export` (gettext PO or XLIFF 2.0) and
//! `kbsite i18n import` (either format back into `content/<locale>/`).
//!
//! Export lists every segment of every article in the English source's order (the newest
//! translation's English halves, as the model picks it) with the locale's translation, its
//! state (current, stale, missing) and context. Import checks every changed translation (error
//! codes, numbers, URLs, inline Markdown must survive) before anything is written, then edits
//! the localized halves of an existing file in place (no other byte changes), inserts missing
//! pairs after their predecessor, or creates a new file from the English source's structure.
//!
//! Inline Markdown is protected by [`tokens`]: code spans, link brackets and `](target)`
//! suffixes, `![`, emphasis runs, HTML tags, entities, escapes and bare URLs. PO keeps them
//! verbatim and import checks them; XLIFF replaces each with `<ph dataRef>` whose original
//! Markdown sits in the unit's `<originalData>`.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostics, Error};
use crate::model::{self, Document, SegmentState, ENGLISH};
use crate::segments::Segment;
use crate::smtp;

/// The XLIFF 2.0 core namespace.
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// `subState` of an XLIFF segment whose translation was made from an older English text.
pub const STALE: &str = "kbsite:stale";

/// One segment of an article as a translator sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub article: String,
    /// The id in the locale's file if translated, else the English source file's id.
    pub id: String,
    /// The current English text.
    pub english: String,
    /// The translation, `None` when missing (an empty localized half: not translated yet).
    pub translation: Option<String>,
    /// The English the translation was made from, when it is stale.
    pub previous: Option<String>,
    pub state: SegmentState,
    /// `content/<locale>/<article>.md` (or the English source's file when missing) and line.
    pub file: String,
    pub line: usize,
    /// Titles of the enclosing headings, outermost first (English).
    pub headings: Vec<String>,
    /// The error code of the enclosing code section.
    pub code: Option<String>,
}

/// Everything exported for one locale.
#[derive(Debug)]
pub struct Export {
    pub locale: String,
    pub units: Vec<Unit>,
}

/// One article's files: the English source (the newest translation) and the locale's file.
struct Files {
    slug: String,
    source: Document,
    source_text: String,
    target: Option<(Document, String)>,
    /// For each source segment: heading path and code.
    context: Vec<(Vec<String>, Option<String>)>,
    /// The English title and description (for a created file's frontmatter).
    title: String,
    description: String,
}

fn read_document(
    source: crate::source::Source,
    diags: &mut Diagnostics,
) -> Result<Option<(Document, String)>, Error> {
    let bytes = std::fs::read(&source.abs).map_err(|e| Error::io(&source.abs, e))?;
    let (doc, found) = model::document(source, &bytes);
    diags.extend(found);
    Ok(doc.map(|d| (d, String::from_utf8_lossy(&bytes).into_owned())))
}

/// Reads the project at `root` for `locale`: every article with bilingual pairs.
fn project(root: &Path, locale: &str, diags: &mut Diagnostics) -> Result<Vec<Files>, Error> {
    let config = crate::config::resolve(root, crate::config::Overrides::default())?;
    let (site, content, _) = crate::load(&config.root, &config.locales, diags, &mut |_| {})?;
    if diags.has_errors() {
        return Err(Error::Content {
            count: diags.errors(),
        });
    }
    let mut by_slug: BTreeMap<String, Vec<crate::source::Source>> = BTreeMap::new();
    for s in &content.markdown {
        by_slug
            .entry(s.rel.trim_end_matches(".md").to_owned())
            .or_default()
            .push(s.clone());
    }
    let mut out = Vec::new();
    for (slug, sources) in by_slug {
        let mut docs = Vec::new();
        let mut scratch = Diagnostics::default();
        for s in sources {
            if s.locale == ENGLISH {
                continue;
            }
            if let Some(d) = read_document(s, &mut scratch)? {
                docs.push(d);
            }
        }
        // The same choice as model::article: newest handoff, then the first locale.
        let Some(newest) = docs
            .iter()
            .enumerate()
            .filter(|(_, (d, _))| !d.segments.is_empty())
            .max_by(|(_, (a, _)), (_, (b, _))| {
                (&a.handoff, &b.source.locale).cmp(&(&b.handoff, &a.source.locale))
            })
            .map(|(i, _)| i)
        else {
            continue;
        };
        let target_at = docs.iter().position(|(d, _)| d.source.locale == locale);
        let (source, source_text) = if target_at == Some(newest) {
            let (d, t) = &docs[newest];
            // Parse again: the source and the target are the same file.
            let again = read_document(d.source.clone(), &mut scratch)?;
            again.ok_or_else(|| {
                Error::Usage(format!(
                    "{} changed while it was read ({} bytes before); run the import again",
                    d.source.display,
                    t.len()
                ))
            })?
        } else {
            docs.swap_remove(newest)
        };
        let target = docs.into_iter().find(|(d, _)| d.source.locale == locale);
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
        out.push(Files {
            slug,
            source,
            source_text,
            target,
            context,
            title,
            description,
        });
    }
    Ok(out)
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

fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The units of one article for `locale`, in source order, each with the index of its
/// segment in the locale's file (if any).
fn units_of(f: &Files) -> Vec<(Unit, usize, Option<usize>)> {
    let reference = model::english_keys(&f.source.segments);
    let aligned = match &f.target {
        Some((t, _)) => model::align_segments(&reference, &t.segments),
        None => (0..reference.len())
            .map(|i| model::Aligned {
                source: Some(i),
                local: None,
                state: SegmentState::Missing,
            })
            .collect(),
    };
    let mut out = Vec::new();
    for a in aligned {
        let Some(si) = a.source else { continue };
        let src = &f.source.segments[si];
        let english = src.english_or_local().to_owned();
        if english.trim().is_empty() {
            continue;
        }
        let (headings, code) = f.context[si].clone();
        let local: Option<&Segment> = a
            .local
            .and_then(|li| f.target.as_ref().map(|(t, _)| &t.segments[li]));
        let (id, file, line, translation, previous) = match (local, &f.target) {
            (Some(seg), Some((t, text))) => {
                // An empty localized half is "not translated yet"; a half equal to the English
                // (a product name) is a translation.
                let translation = seg.local.clone().filter(|l| !l.is_empty());
                let previous = (a.state == SegmentState::Stale)
                    .then(|| seg.english.clone())
                    .flatten();
                (
                    seg.id.clone(),
                    t.source.display.clone(),
                    line_of(text, seg.span.start),
                    translation,
                    previous,
                )
            }
            _ => (
                src.id.clone(),
                f.source.source.display.clone(),
                line_of(&f.source_text, src.span.start),
                None,
                None,
            ),
        };
        out.push((
            Unit {
                article: f.slug.clone(),
                id,
                english,
                translation,
                previous,
                state: a.state,
                file,
                line,
                headings,
                code,
            },
            si,
            a.local,
        ));
    }
    out
}

/// Collects every segment of every article for `locale`.
pub fn export(root: &Path, locale: &str, diags: &mut Diagnostics) -> Result<Export, Error> {
    let locale = canonical(locale)?;
    let files = project(root, &locale, diags)?;
    let units = files
        .iter()
        .flat_map(|f| units_of(f).into_iter().map(|(u, _, _)| u))
        .collect();
    Ok(Export { locale, units })
}

fn canonical(locale: &str) -> Result<String, Error> {
    match crate::locale::canonical(&locale.replace('_', "-")) {
        Ok(l) if l != ENGLISH => Ok(l),
        _ => Err(Error::Usage(format!(
            "`{locale}` is not a translation locale (a BCP 47 tag other than en)"
        ))),
    }
}

// ---------------------------------------------------------------------------------------------
// Protected inline Markdown

/// The protected inline Markdown of `text`, as byte ranges in order: code spans, `![`, `[`,
/// `]`, `](target)`, runs of `*` and of word-boundary `_`, HTML tags, entities, backslash
/// escapes and bare `http(s)://` URLs.
pub fn tokens(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let end = match b[i] {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i + 2,
            b'`' => {
                let n = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = &text[i..i + n];
                let mut j = i + n;
                let mut close = None;
                while let Some(rel) = text[j..].find(fence) {
                    let at = j + rel;
                    let run = b[at..].iter().take_while(|&&c| c == b'`').count();
                    if run == n {
                        close = Some(at + n);
                        break;
                    }
                    j = at + run;
                }
                close.unwrap_or(i + n)
            }
            b'!' if b.get(i + 1) == Some(&b'[') => i + 2,
            b'[' => i + 1,
            b']' if b.get(i + 1) == Some(&b'(') => {
                let mut depth = 0usize;
                let mut j = i + 1;
                let mut close = None;
                while j < b.len() {
                    match b[j] {
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                close = Some(j + 1);
                                break;
                            }
                        }
                        b'\n' => break,
                        _ => {}
                    }
                    j += 1;
                }
                close.unwrap_or(i + 1)
            }
            b']' => i + 1,
            b'*' => i + b[i..].iter().take_while(|&&c| c == b'*').count(),
            b'_' => {
                let n = b[i..].iter().take_while(|&&c| c == b'_').count();
                let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                let before = text[..i].chars().next_back();
                let after = text[i + n..].chars().next();
                if word(before) && word(after) {
                    i += n;
                    continue;
                }
                i + n
            }
            b'<' => match text[i + 1..].find(['<', '>', '\n']) {
                Some(rel)
                    if b[i + 1 + rel] == b'>'
                        && b.get(i + 1).is_some_and(|c| {
                            c.is_ascii_alphabetic() || *c == b'/' || *c == b'!'
                        }) =>
                {
                    i + 1 + rel + 1
                }
                _ => {
                    i += 1;
                    continue;
                }
            },
            b'&' => {
                let name = b[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
                    .count();
                if name > 0 && b.get(i + 1 + name) == Some(&b';') {
                    i + name + 2
                } else {
                    i += 1;
                    continue;
                }
            }
            b'h' if (text[i..].starts_with("http://") || text[i..].starts_with("https://"))
                && !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric) =>
            {
                let len = text[i..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ')' | '"'))
                    .unwrap_or(text.len() - i);
                let url = text[i..i + len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
                i + url.len()
            }
            _ => {
                i += text[i..].chars().next().map_or(1, char::len_utf8);
                continue;
            }
        };
        out.push(start..end);
        i = end;
    }
    out
}

/// Runs of digits (with inner `.` or `,` between digits), e.g. `24`, `4.4.316`, `1,000`.
fn numbers(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || (matches!(b[i], b'.' | b',')
                        && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                        && i > start))
            {
                i += 1;
            }
            out.push(&text[start..i]);
        } else {
            i += 1;
        }
    }
    out
}

fn counts<'a>(items: impl IntoIterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
    let mut m = BTreeMap::new();
    for i in items {
        *m.entry(i).or_insert(0) += 1;
    }
    m
}

/// What a translation lost or broke of its English source: error codes, numbers, URLs and
/// inline markup. Empty when the translation is fine.
pub fn check(english: &str, target: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let target_codes = smtp::find(target);
    for code in smtp::find(english) {
        if !target_codes.iter().any(|t| t.enhanced == code.enhanced) {
            problems.push(format!("error code {} is missing", code.enhanced));
        }
    }
    let (en_numbers, target_numbers) = (counts(numbers(english)), counts(numbers(target)));
    for (n, count) in &en_numbers {
        if target_numbers.get(n).copied().unwrap_or(0) < *count
            && !problems.iter().any(|p| p.contains(n))
        {
            problems.push(format!("number {n} is missing"));
        }
    }
    let en_tokens = counts(tokens(english).into_iter().map(|r| &english[r]));
    let target_tokens = counts(tokens(target).into_iter().map(|r| &target[r]));
    for (t, count) in &en_tokens {
        let have = target_tokens.get(t).copied().unwrap_or(0);
        if have < *count {
            let what = if t.starts_with("http") || t.starts_with("](") {
                "URL"
            } else {
                "markup"
            };
            problems.push(format!("{what} `{t}` is missing"));
        }
    }
    for (t, count) in &target_tokens {
        if en_tokens.get(t).copied().unwrap_or(0) < *count {
            problems.push(format!("markup `{t}` is not in the English text"));
        }
    }
    let en_blocks = counts(block_marks(english));
    for (mark, count) in counts(block_marks(target)) {
        if en_blocks.get(mark).copied().unwrap_or(0) < count {
            problems.push(format!(
                "{mark} would start a new block of the page (a sentence stays inside its paragraph)"
            ));
        }
    }
    problems
}

/// The block-level Markdown that starts a line after the first in `text`: what turns a
/// sentence into a heading, a rule, a list or a new paragraph of its own.
fn block_marks(text: &str) -> Vec<&'static str> {
    let mut marks = Vec::new();
    for line in text.split('\n').skip(1) {
        let line = line.trim_start_matches([' ', '\t']);
        let mark = if line.trim().is_empty() {
            "a blank line"
        } else if line.starts_with('#') {
            "`#` at a line start"
        } else if ["---", "***", "___", "==="]
            .iter()
            .any(|m| line.starts_with(m))
        {
            "a `---` line"
        } else if line.starts_with("```") || line.starts_with("~~~") {
            "a code fence"
        } else if line.starts_with('>') {
            "`>` at a line start"
        } else if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
            "a list item"
        } else if line.starts_with('|') {
            "a table row"
        } else {
            continue;
        };
        marks.push(mark);
    }
    marks
}

// ---------------------------------------------------------------------------------------------
// PO

/// A PO string literal body: backslash, quote and control characters escaped.
fn po_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// `keyword "text"`, split after newlines and spaces into lines of about 76 characters when
/// long (the first line then `""`, as gettext writes it).
fn po_field(out: &mut String, prefix: &str, keyword: &str, text: &str) {
    let escaped = po_escape(text);
    if escaped.chars().count() + keyword.len() + 3 <= 79
        && !text.trim_end_matches('\n').contains('\n')
    {
        out.push_str(&format!("{prefix}{keyword} \"{escaped}\"\n"));
        return;
    }
    out.push_str(&format!("{prefix}{keyword} \"\"\n"));
    let mut line = String::new();
    let mut width = 0;
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        line.push(c);
        width += 1;
        let newline = c == 'n' && line.ends_with("\\n") && !line.ends_with("\\\\n");
        if (newline || (c == ' ' && width >= 70)) && chars.peek().is_some() {
            out.push_str(&format!("{prefix}\"{line}\"\n"));
            line.clear();
            width = 0;
        }
    }
    if !line.is_empty() {
        out.push_str(&format!("{prefix}\"{line}\"\n"));
    }
}

/// The export as a gettext PO file.
pub fn po(export: &Export) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Translation of the kbsite content into {locale}.\n# Created by `kbsite i18n export --locale {locale} --format po`; import with `kbsite i18n import`.\nmsgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: kbsite\\n\"\n\"Language: {locale}\\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"X-Generator: kbsite\\n\"\n",
        locale = export.locale
    ));
    for u in &export.units {
        out.push('\n');
        if !u.headings.is_empty() {
            out.push_str(&format!("#. {}\n", one_line(&u.headings.join(" > "))));
        }
        if let Some(code) = &u.code {
            out.push_str(&format!("#. error code: {code}\n"));
        }
        if u.state == SegmentState::Stale {
            out.push_str("#. stale: the English text changed since this was translated\n");
        }
        out.push_str(&format!(
            "#: {}:{}\n",
            u.file.replace(' ', "\u{2068}"),
            u.line
        ));
        let fuzzy = u.state == SegmentState::Stale && u.translation.is_some();
        if fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(prev) = &u.previous {
            po_field(&mut out, "#| ", "msgid", prev);
        }
        po_field(&mut out, "", "msgctxt", &format!("{}#{}", u.article, u.id));
        po_field(&mut out, "", "msgid", &u.english);
        po_field(
            &mut out,
            "",
            "msgstr",
            u.translation.as_deref().unwrap_or(""),
        );
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One translation read back from a PO or XLIFF file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Incoming {
    pub article: String,
    pub id: String,
    pub english: String,
    pub translation: String,
    /// Fuzzy in PO, or `state="initial"` with the stale `subState` in XLIFF: not applied.
    pub fuzzy: bool,
    /// Line of the entry in the exchange file.
    pub line: usize,
}

/// A parsed exchange file.
#[derive(Debug, Default)]
pub struct Parsed {
    pub locale: Option<String>,
    pub entries: Vec<Incoming>,
}

fn po_unescape(s: &str, line: usize) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            Some('a') => out.push('\u{7}'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('v') => out.push('\u{b}'),
            other => {
                return Err(format!(
                    "line {line}: unknown escape `\\{}`",
                    other.unwrap_or(' ')
                ))
            }
        }
    }
    Ok(out)
}

/// Parses a gettext PO file. Obsolete (`#~`) entries and previous strings (`#|`) are
/// skipped; plural entries are refused (kbsite never writes them).
pub fn parse_po(text: &str) -> Result<Parsed, String> {
    #[derive(Default)]
    struct Draft {
        line: usize,
        fuzzy: bool,
        ctxt: Option<String>,
        id: Option<String>,
        str_: Option<String>,
    }
    let mut parsed = Parsed::default();
    let mut draft = Draft::default();
    let mut field: Option<&'static str> = None;
    let finish = |d: Draft, parsed: &mut Parsed| -> Result<(), String> {
        let (Some(id), Some(msgstr)) = (d.id, d.str_) else {
            if d.line > 0 && d.ctxt.is_some() {
                return Err(format!("line {}: entry without msgid or msgstr", d.line));
            }
            return Ok(());
        };
        match d.ctxt {
            None if id.is_empty() => {
                for header in msgstr.lines() {
                    if let Some(lang) = header.strip_prefix("Language:") {
                        parsed.locale = Some(lang.trim().to_owned());
                    }
                }
            }
            None => {
                return Err(format!(
                    "line {}: entry without msgctxt (article#id)",
                    d.line
                ))
            }
            Some(ctxt) => {
                let Some((article, seg)) = ctxt.rsplit_once('#') else {
                    return Err(format!(
                        "line {}: msgctxt `{ctxt}` is not article#id",
                        d.line
                    ));
                };
                parsed.entries.push(Incoming {
                    article: article.to_owned(),
                    id: seg.to_owned(),
                    english: id,
                    translation: msgstr,
                    fuzzy: d.fuzzy,
                    line: d.line,
                });
            }
        }
        Ok(())
    };
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let l = raw.trim();
        if l.is_empty() {
            field = None;
            continue;
        }
        if l.starts_with("#~") || l.starts_with("#|") {
            continue;
        }
        let starts_entry = l.starts_with('#')
            || l.starts_with("msgctxt")
            || (l.starts_with("msgid ") && field != Some("msgctxt"));
        if starts_entry && draft.str_.is_some() {
            finish(std::mem::take(&mut draft), &mut parsed)?;
        }
        if draft.line == 0 {
            draft.line = line;
        }
        if let Some(flags) = l.strip_prefix("#,") {
            draft.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            continue;
        }
        if l.starts_with('#') {
            continue;
        }
        let quoted = |s: &str| -> Result<String, String> {
            let s = s.trim();
            let inner = s
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .filter(|_| s.len() >= 2)
                .ok_or_else(|| format!("line {line}: expected a quoted string, found `{s}`"))?;
            po_unescape(inner, line)
        };
        let (name, rest) = if let Some(rest) = l.strip_prefix("msgctxt") {
            ("msgctxt", rest)
        } else if l.starts_with("msgid_plural") || l.starts_with("msgstr[") {
            return Err(format!("line {line}: plural entries are not supported"));
        } else if let Some(rest) = l.strip_prefix("msgid") {
            ("msgid", rest)
        } else if let Some(rest) = l.strip_prefix("msgstr") {
            ("msgstr", rest)
        } else if l.starts_with('"') {
            let s = quoted(l)?;
            let slot = match field {
                Some("msgctxt") => &mut draft.ctxt,
                Some("msgid") => &mut draft.id,
                Some("msgstr") => &mut draft.str_,
                _ => return Err(format!("line {line}: a string outside an entry")),
            };
            slot.get_or_insert_with(String::new).push_str(&s);
            continue;
        } else {
            return Err(format!("line {line}: cannot read `{l}`"));
        };
        let s = quoted(rest)?;
        let slot = match name {
            "msgctxt" => &mut draft.ctxt,
            "msgid" => &mut draft.id,
            _ => &mut draft.str_,
        };
        if slot.is_some() {
            return Err(format!("line {line}: {name} given twice in one entry"));
        }
        *slot = Some(s);
        field = Some(name);
    }
    finish(draft, &mut parsed)?;
    Ok(parsed)
}

// ---------------------------------------------------------------------------------------------
// XLIFF 2.0

/// XML-escapes text for element content and attributes; carriage returns and tabs become
/// character references so they survive attribute-value normalization.
fn xml_escape(s: &str) -> String {
    crate::markdown::escape(s)
        .replace('\r', "&#13;")
        .replace('\t', "&#9;")
}

fn nmtoken(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Writes `text` as XLIFF inline content: protected Markdown becomes `<ph>` elements whose
/// original text is registered in `data` (matching `reuse` ids for the target's tokens).
fn inline(
    text: &str,
    data: &mut Vec<String>,
    reuse: Option<&[(String, usize)]>,
) -> (String, Vec<(String, usize)>) {
    let mut out = String::new();
    let mut used: Vec<(String, usize)> = Vec::new();
    let mut taken = vec![false; reuse.map_or(0, <[_]>::len)];
    let mut at = 0;
    for r in tokens(text) {
        out.push_str(&xml_escape(&text[at..r.start]));
        let token = &text[r.clone()];
        let n = reuse
            .and_then(|ids| {
                let k = ids
                    .iter()
                    .enumerate()
                    .position(|(k, (t, _))| t == token && !taken[k])?;
                taken[k] = true;
                Some(ids[k].1)
            })
            .unwrap_or_else(|| {
                data.push(token.to_owned());
                data.len()
            });
        used.push((token.to_owned(), n));
        out.push_str(&format!(
            "<ph id=\"{n}\" dataRef=\"d{n}\" disp=\"{}\"/>",
            xml_escape(token)
        ));
        at = r.end;
    }
    out.push_str(&xml_escape(&text[at..]));
    (out, used)
}

/// The export as an XLIFF 2.0 document: a `<file>` per article, a `<unit>` per segment.
pub fn xliff(export: &Export) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{XLIFF_NS}\" version=\"2.0\" srcLang=\"en\" trgLang=\"{}\">\n",
        xml_escape(&export.locale)
    );
    let mut by_article: Vec<(&str, Vec<&Unit>)> = Vec::new();
    for u in &export.units {
        match by_article.last_mut() {
            Some((a, units)) if *a == u.article => units.push(u),
            _ => by_article.push((&u.article, vec![u])),
        }
    }
    for (n, (article, units)) in by_article.iter().enumerate() {
        out.push_str(&format!(
            "  <file id=\"f{}\" original=\"{}\">\n",
            n + 1,
            xml_escape(article)
        ));
        let mut seen = std::collections::HashSet::new();
        for (k, u) in units.iter().enumerate() {
            let unit_id = if nmtoken(&u.id) && seen.insert(u.id.clone()) {
                u.id.clone()
            } else {
                format!("u{}", k + 1)
            };
            out.push_str(&format!(
                "    <unit id=\"{}\" name=\"{}\">\n      <notes>\n        <note category=\"location\">{}:{}</note>\n",
                xml_escape(&unit_id),
                xml_escape(&u.id),
                xml_escape(&u.file),
                u.line
            ));
            if !u.headings.is_empty() {
                out.push_str(&format!(
                    "        <note category=\"heading-path\">{}</note>\n",
                    xml_escape(&one_line(&u.headings.join(" > ")))
                ));
            }
            if let Some(code) = &u.code {
                out.push_str(&format!(
                    "        <note category=\"error-code\">{code}</note>\n"
                ));
            }
            if let Some(prev) = &u.previous {
                out.push_str(&format!(
                    "        <note category=\"previous-source\">{}</note>\n",
                    xml_escape(prev)
                ));
            }
            out.push_str("      </notes>\n");
            let mut data = Vec::new();
            let (source, ids) = inline(&u.english, &mut data, None);
            let target = u
                .translation
                .as_deref()
                .map(|t| inline(t, &mut data, Some(&ids)).0);
            if !data.is_empty() {
                out.push_str("      <originalData>\n");
                for (i, d) in data.iter().enumerate() {
                    out.push_str(&format!(
                        "        <data id=\"d{}\">{}</data>\n",
                        i + 1,
                        xml_escape(d)
                    ));
                }
                out.push_str("      </originalData>\n");
            }
            let state = match (&u.translation, u.state) {
                (Some(_), SegmentState::Current) => "state=\"translated\"".to_owned(),
                (Some(_), _) => format!("state=\"initial\" subState=\"{STALE}\""),
                (None, _) => "state=\"initial\"".to_owned(),
            };
            out.push_str(&format!(
                "      <segment {state}>\n        <source xml:space=\"preserve\">{source}</source>\n"
            ));
            if let Some(t) = target {
                out.push_str(&format!(
                    "        <target xml:space=\"preserve\">{t}</target>\n"
                ));
            }
            out.push_str("      </segment>\n    </unit>\n");
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// Parses an XLIFF 2.0 document written by [`xliff`] (or edited by a translation tool):
/// `<ph dataRef>` elements become their original Markdown again.
pub fn parse_xliff(text: &str) -> Result<Parsed, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut parsed = Parsed::default();
    let line_at = |pos: u64| line_of(text, pos as usize);
    let attr = |e: &quick_xml::events::BytesStart, name: &[u8]| -> Result<Option<String>, String> {
        for a in e.attributes() {
            let a = a.map_err(|err| err.to_string())?;
            if a.key.local_name().as_ref() == name {
                return Ok(Some(
                    a.unescape_value()
                        .map_err(|err| err.to_string())?
                        .into_owned(),
                ));
            }
        }
        Ok(None)
    };
    let mut seen_root = false;
    let mut article = None::<String>;
    let mut unit: Option<(String, usize)> = None;
    let mut data: HashMap<String, String> = HashMap::new();
    let mut data_id: Option<String> = None;
    let mut capture: Option<&'static str> = None;
    let (mut source, mut target) = (String::new(), None::<String>);
    let mut fuzzy = false;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("line {}: {e}", line_at(reader.buffer_position())))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"xliff" => {
                        seen_root = true;
                        if attr(e, b"version")?.as_deref() != Some("2.0") {
                            return Err("not an XLIFF 2.0 document (version=\"2.0\")".into());
                        }
                        parsed.locale = attr(e, b"trgLang")?;
                    }
                    b"file" => article = attr(e, b"original")?,
                    b"unit" => {
                        let id = match attr(e, b"name")? {
                            Some(n) => n,
                            None => attr(e, b"id")?.unwrap_or_default(),
                        };
                        unit = Some((id, line_at(pos)));
                        data.clear();
                        source.clear();
                        target = None;
                        fuzzy = false;
                    }
                    b"data" => data_id = attr(e, b"id")?,
                    b"segment" => {
                        fuzzy = attr(e, b"state")?.as_deref().is_none_or(|s| s == "initial")
                            && attr(e, b"subState")?.as_deref() == Some(STALE);
                    }
                    b"source" if !empty => capture = Some("source"),
                    b"target" if !empty => {
                        capture = Some("target");
                        target = Some(String::new());
                    }
                    b"ph" if capture.is_some() => {
                        let r = attr(e, b"dataRef")?.unwrap_or_default();
                        let Some(d) = data.get(&r) else {
                            return Err(format!(
                                "line {}: <ph> refers to unknown data `{r}`",
                                line_at(pos)
                            ));
                        };
                        let d = d.clone();
                        match capture {
                            Some("source") => source.push_str(&d),
                            _ => target.get_or_insert_with(String::new).push_str(&d),
                        }
                    }
                    other if capture.is_some() => {
                        return Err(format!(
                            "line {}: unsupported inline element <{}> (kbsite writes <ph> only)",
                            line_at(pos),
                            String::from_utf8_lossy(other)
                        ))
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| format!("line {}: {e}", line_at(pos)))?;
                if let Some(id) = &data_id {
                    data.entry(id.clone()).or_default().push_str(&s);
                }
                match capture {
                    Some("source") => source.push_str(&s),
                    Some(_) => target.get_or_insert_with(String::new).push_str(&s),
                    None => {}
                }
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t).into_owned();
                match capture {
                    Some("source") => source.push_str(&s),
                    Some(_) => target.get_or_insert_with(String::new).push_str(&s),
                    None => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"data" => data_id = None,
                b"source" | b"target" => capture = None,
                b"unit" => {
                    let (id, line) = unit.take().unwrap_or_default();
                    parsed.entries.push(Incoming {
                        article: article.clone().unwrap_or_default(),
                        id,
                        english: std::mem::take(&mut source),
                        translation: target.take().unwrap_or_default(),
                        fuzzy,
                        line,
                    });
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err("no <xliff> element".into());
    }
    Ok(parsed)
}

// ---------------------------------------------------------------------------------------------
// Import

/// A translation that failed the checks (or could not be placed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `FILE:LINE` of the entry in the exchange file.
    pub at: String,
    pub article: String,
    pub id: String,
    pub message: String,
    /// Blocks writing (unless `--force`); otherwise the entry is only skipped.
    pub blocking: bool,
}

/// What an import does: files to write (relative to the root) and what was wrong.
#[derive(Debug, Default)]
pub struct Plan {
    pub locale: String,
    pub writes: Vec<(String, String)>,
    pub problems: Vec<Problem>,
    /// Translations applied (changed text).
    pub applied: usize,
    /// Fuzzy entries left out.
    pub fuzzy: usize,
}

impl Plan {
    pub fn blocked(&self) -> bool {
        self.problems.iter().any(|p| p.blocking)
    }
}

/// Reads an exchange file: PO by extension `.po`/`.pot`, XLIFF by `.xlf`/`.xliff`, else by
/// its content.
pub fn read(path: &Path) -> Result<Parsed, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let xml = match ext.as_str() {
        "po" | "pot" => false,
        "xlf" | "xliff" | "xml" => true,
        _ => text[crate::source::bom_len(&text)..]
            .trim_start()
            .starts_with('<'),
    };
    let parsed = if xml {
        parse_xliff(&text)
    } else {
        parse_po(&text)
    };
    parsed.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}

/// Today's date (UTC) as `(year, month, day)`; `SOURCE_DATE_EPOCH` overrides the clock.
pub fn today() -> (i64, u32, u32) {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil(secs.div_euclid(86_400))
}

/// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `ms.lasthandoff` as the documentation shops write it: `MM/DD/YYYY`.
pub fn handoff_date() -> String {
    let (y, m, d) = today();
    format!("{m:02}/{d:02}/{y:04}")
}

fn pair(id: &str, local: &str, english: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>"
    )
}

/// The byte ranges of the localized and English halves of a well-formed pair, checked
/// against the parsed texts (recovered, malformed pairs are not edited).
fn halves(text: &str, seg: &Segment) -> Option<(Range<usize>, Range<usize>)> {
    let open = format!("<span data-ttu-id=\"{}\">", seg.id);
    let mid = format!(
        "</span><span class=\"sxs-lookup\"><span data-stu-id=\"{}\">",
        seg.id
    );
    let whole = text.get(seg.span.clone())?;
    let rest = whole.strip_prefix(&open)?;
    let local_len = rest.find(&mid)?;
    let inner = rest
        .get(local_len + mid.len()..)?
        .strip_suffix("</span></span>")?;
    let local = seg.span.start + open.len()..seg.span.start + open.len() + local_len;
    let en_start = local.end + mid.len();
    let english = en_start..en_start + inner.len();
    (text.get(local.clone()) == seg.local.as_deref()
        && text.get(english.clone()) == seg.english.as_deref())
    .then_some((local, english))
}

/// Sets (or adds) single-line frontmatter keys; values are written as given.
fn set_frontmatter(text: &str, values: &[(&str, String)]) -> String {
    let bom = crate::source::bom_len(text);
    let body = &text[bom..];
    let nl = if body.starts_with("---\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let Some(rest) = body
        .strip_prefix("---")
        .map(|r| r.trim_start_matches('\r'))
        .and_then(|r| r.strip_prefix('\n'))
    else {
        return text.to_owned();
    };
    let head_start = text.len() - rest.len();
    let Some(end_rel) = rest
        .find(&format!("{nl}---"))
        .map(|e| e + nl.len())
        .or_else(|| rest.starts_with("---").then_some(0))
    else {
        return text.to_owned();
    };
    let head = &rest[..end_rel];
    let mut lines: Vec<String> = head.lines().map(str::to_owned).collect();
    for (key, value) in values {
        let prefix = format!("{key}:");
        match lines.iter().position(|l| l.starts_with(&prefix)) {
            Some(i) => {
                lines[i] = format!("{key}: {value}");
                // Drop a multi-line value's continuation lines.
                while lines.get(i + 1).is_some_and(|l| l.starts_with([' ', '\t'])) {
                    lines.remove(i + 1);
                }
            }
            None => lines.push(format!("{key}: {value}")),
        }
    }
    let mut out = text[..head_start].to_owned();
    for l in &lines {
        out.push_str(l);
        out.push_str(nl);
    }
    out.push_str(&rest[end_rel..]);
    out
}

/// Replaces every pair in `text[range]` (source file) by a pair with `local` text chosen by
/// `local_of(segment index)`.
fn rewrite(
    text: &str,
    range: Range<usize>,
    segs: &[Segment],
    local_of: &dyn Fn(usize) -> String,
) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for (i, s) in segs.iter().enumerate() {
        if s.span.start < range.start || s.span.end > range.end {
            continue;
        }
        out.push_str(&text[at..s.span.start]);
        out.push_str(&pair(&s.id, &local_of(i), s.english_or_local()));
        at = s.span.end;
    }
    out.push_str(&text[at..range.end]);
    out
}

/// Checks `parsed` against the project at `root` and works out the files to write.
/// `display` names the exchange file in problems.
pub fn plan(
    root: &Path,
    parsed: &Parsed,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Plan, Error> {
    let Some(raw) = parsed.locale.as_deref() else {
        return Err(Error::Usage(format!(
            "{display}: no target language (PO `Language:` header or XLIFF trgLang)"
        )));
    };
    let locale = canonical(raw)?;
    let mut plan = Plan {
        locale: locale.clone(),
        ..Plan::default()
    };
    let files = project(root, &locale, diags)?;
    let mut by_article: BTreeMap<&str, Vec<&Incoming>> = BTreeMap::new();
    for e in &parsed.entries {
        by_article.entry(e.article.as_str()).or_default().push(e);
    }
    for (article, entries) in &by_article {
        let problem = |e: &Incoming, message: String, blocking: bool| Problem {
            at: format!("{display}:{}", e.line),
            article: e.article.clone(),
            id: e.id.clone(),
            message,
            blocking,
        };
        let Some(f) = files.iter().find(|f| f.slug == *article) else {
            if let Some(e) = entries.first() {
                plan.problems.push(problem(
                    e,
                    format!("no article `{article}` in content/"),
                    false,
                ));
            }
            continue;
        };
        let units = units_of(f);
        // The changes: source index → new localized text.
        let mut changes: BTreeMap<usize, String> = BTreeMap::new();
        for e in entries {
            let Some((unit, si, li)) = units.iter().find(|(u, _, _)| u.id == e.id) else {
                plan.problems.push(problem(
                    e,
                    "no such segment (exported from an older version?)".into(),
                    false,
                ));
                continue;
            };
            if one_line(&e.english) != one_line(&unit.english) {
                plan.problems.push(problem(
                    e,
                    "the English text changed since the export; export again".into(),
                    false,
                ));
                continue;
            }
            if e.translation.is_empty() {
                continue;
            }
            if e.fuzzy {
                plan.fuzzy += 1;
                continue;
            }
            let unchanged = match (li, &f.target) {
                (Some(li), Some((t, _))) => {
                    let seg = &t.segments[*li];
                    seg.local.as_deref() == Some(e.translation.as_str())
                        && unit.state == SegmentState::Current
                }
                _ => false,
            };
            if unchanged {
                continue;
            }
            let found = check(&unit.english, &e.translation);
            for m in found.iter() {
                plan.problems.push(problem(e, m.clone(), true));
            }
            changes.insert(*si, e.translation.clone());
        }
        if changes.is_empty() {
            continue;
        }
        plan.applied += changes.len();
        let stamp = [
            ("ms.translationtype", "HT".to_owned()),
            ("ms.lasthandoff", handoff_date()),
        ];
        let src = &f.source;
        match &f.target {
            Some((t, text)) => {
                let mut edits: Vec<(Range<usize>, String)> = Vec::new();
                let mut inserted = std::collections::BTreeSet::new();
                for (si, translation) in &changes {
                    let Some((_, _, li)) = units.iter().find(|(_, s, _)| s == si) else {
                        continue;
                    };
                    let seg_src = &src.segments[*si];
                    if let Some(li) = li {
                        let seg = &t.segments[*li];
                        let Some((local, english)) = halves(text, seg) else {
                            if let Some(e) = entries.iter().find(|e| e.id == seg.id) {
                                plan.problems.push(problem(
                                    e,
                                    format!(
                                        "the pair `{}` in {} is malformed; fix it by hand",
                                        seg.id, t.source.display
                                    ),
                                    true,
                                ));
                            }
                            continue;
                        };
                        edits.push((local, translation.clone()));
                        if one_line(seg.english.as_deref().unwrap_or(""))
                            != one_line(seg_src.english_or_local())
                        {
                            edits.push((english, seg_src.english_or_local().to_owned()));
                        }
                        continue;
                    }
                    // Missing here: insert the run of missing source segments around it after
                    // the nearest translated predecessor (or before the successor).
                    let has = |i: usize| units.iter().any(|(_, s, l)| *s == i && l.is_some());
                    let mut start = *si;
                    while start > 0 && !has(start - 1) {
                        start -= 1;
                    }
                    let mut end = *si;
                    while end + 1 < src.segments.len() && !has(end + 1) {
                        end += 1;
                    }
                    if !inserted.insert(start) {
                        continue;
                    }
                    let target_of = |i: usize| {
                        units
                            .iter()
                            .find(|(_, s, _)| *s == i)
                            .and_then(|(_, _, l)| *l)
                    };
                    let local_of = |i: usize| changes.get(&i).cloned().unwrap_or_default();
                    let (at, range) = if start > 0 {
                        let Some(k) = target_of(start - 1) else {
                            continue;
                        };
                        (
                            t.segments[k].span.end,
                            src.segments[start - 1].span.end..src.segments[end].span.end,
                        )
                    } else if let Some(k) = (end + 1 < src.segments.len())
                        .then(|| target_of(end + 1))
                        .flatten()
                    {
                        (
                            t.segments[k].span.start,
                            src.segments[start].span.start..src.segments[end + 1].span.start,
                        )
                    } else {
                        continue;
                    };
                    edits.push((
                        at..at,
                        rewrite(&f.source_text, range, &src.segments, &local_of),
                    ));
                }
                if edits.is_empty() {
                    continue;
                }
                edits.sort_by_key(|(r, _)| std::cmp::Reverse((r.start, r.end)));
                let mut out = text.clone();
                for (r, s) in edits {
                    out.replace_range(r, &s);
                }
                // A file whose English halves all match the source is in sync with today's
                // English; one with stale pairs left keeps its handoff date, or the model
                // would take its older English halves as the English source.
                let reference = model::english_keys(&src.segments);
                let (doc, _) = model::document(t.source.clone(), out.as_bytes());
                let in_sync = doc.is_some_and(|d| {
                    model::align_segments(&reference, &d.segments)
                        .iter()
                        .all(|a| a.source.is_some() && a.state == SegmentState::Current)
                });
                let stamp = if in_sync { &stamp[..] } else { &stamp[..1] };
                plan.writes
                    .push((t.source.display.clone(), set_frontmatter(&out, stamp)));
            }
            None => {
                let local_of = |i: usize| changes.get(&i).cloned().unwrap_or_default();
                let body = rewrite(
                    &f.source_text,
                    0..f.source_text.len(),
                    &src.segments,
                    &local_of,
                );
                let json = |s: &str| serde_json::to_string(s).unwrap_or_default();
                let mut values = vec![("ms.contentlocale", locale.clone())];
                values.extend(stamp.iter().cloned());
                if !f.title.is_empty() {
                    values.push(("title", json(&f.title)));
                }
                if !f.description.is_empty() {
                    values.push(("description", json(&f.description)));
                }
                plan.writes.push((
                    format!("content/{locale}/{}.md", f.slug),
                    set_frontmatter(&body, &values),
                ));
            }
        }
    }
    Ok(plan)
}

/// Writes the planned files under `root`, each to a temporary file beside it that is synced
/// and renamed over it, so a killed import or a full disk leaves every file whole, old or
/// new. Nothing is written if a file would be over the size a build reads, or would land
/// outside `content/` (through a symbolic link).
pub fn write(root: &Path, plan: &Plan) -> Result<Vec<PathBuf>, Error> {
    let content = std::fs::canonicalize(root.join("content"))
        .map_err(|e| Error::io(root.join("content"), e))?;
    for (rel, text) in &plan.writes {
        if text.len() > model::MAX_FILE_BYTES {
            return Err(Error::Usage(format!(
                "{rel} would be {} bytes, over the {} bytes a build reads; nothing written",
                text.len(),
                model::MAX_FILE_BYTES
            )));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in &plan.writes {
        let path = root.join(rel);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let real = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        if !real.starts_with(&content) {
            return Err(Error::Usage(format!(
                "{rel}: its folder is {}, outside content/ (a symbolic link?); refusing to write",
                real.display()
            )));
        }
        replace(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Replaces `path` with `bytes` atomically: a temporary file beside it, synced, renamed.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = path.with_file_name(format!(".{name}.kbsite-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn po_parser_reads_multiline_escapes_fuzzy_and_skips_previous_and_obsolete() {
        let po = r#"# header comment
msgid ""
msgstr ""
"Language: de_DE\n"
"Content-Type: text/plain; charset=UTF-8\n"

#. a comment
#: content/de-DE/a.md:3
#, fuzzy, c-format
#| msgid "old"
msgctxt "a#x1"
msgid ""
"first line\n"
"say \"hi\" \\ back"
msgstr "tab\there"

msgctxt "dir/b#y-2"
msgid "plain"
msgstr ""
"multi "
"part"

#~ msgctxt "a#gone"
#~ msgid "obsolete"
#~ msgstr "weg"
"#;
        let parsed = parse_po(po).unwrap();
        assert_eq!(parsed.locale.as_deref(), Some("de_DE"));
        assert_eq!(
            parsed.entries,
            [
                Incoming {
                    article: "a".into(),
                    id: "x1".into(),
                    english: "first line\nsay \"hi\" \\ back".into(),
                    translation: "tab\there".into(),
                    fuzzy: true,
                    line: 7,
                },
                Incoming {
                    article: "dir/b".into(),
                    id: "y-2".into(),
                    english: "plain".into(),
                    translation: "multi part".into(),
                    fuzzy: false,
                    line: 17,
                },
            ]
        );
        for (bad, why) in [
            (
                "msgctxt \"a#1\"\nmsgid \"x\"\nmsgstr \"\\q\"\n",
                "unknown escape",
            ),
            (
                "msgctxt \"a#1\"\nmsgid \"x\"\nmsgid_plural \"xs\"\n",
                "plural",
            ),
            ("msgid \"x\"\nmsgstr \"y\"\n", "without msgctxt"),
            (
                "msgctxt \"a#1\"\nmsgid \"x\nmsgstr \"y\"\n",
                "quoted string",
            ),
        ] {
            let err = parse_po(bad).unwrap_err();
            assert!(
                err.contains(why) && err.starts_with("line "),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn po_writer_escapes_splits_and_reads_back() {
        let text = "a \"quoted\" back\\slash\nnew line and a long tail of words that goes on and on past the width of one line";
        let mut out = String::new();
        po_field(&mut out, "", "msgid", text);
        assert!(
            out.starts_with("msgid \"\"\n\"a \\\"quoted\\\" back\\\\slash\\n\"\n"),
            "{out}"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
        let po = format!("msgctxt \"a#1\"\n{out}msgstr \"\"\n");
        assert_eq!(parse_po(&po).unwrap().entries[0].english, text);
    }

    #[test]
    fn tokens_protect_markdown_and_urls() {
        let text = "See [the *docs*](https://x.test/a_(b)) and `code [x]`, ![img](p.png) <a name=\"n\"></a> **bold** snake_case _it_ \\* &amp; https://y.test/z.";
        let found: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "[",
                "*",
                "*",
                "](https://x.test/a_(b))",
                "`code [x]`",
                "![",
                "](p.png)",
                "<a name=\"n\">",
                "</a>",
                "**",
                "**",
                "_",
                "_",
                "\\*",
                "&amp;",
                "https://y.test/z"
            ]
        );
    }

    #[test]
    fn check_reports_lost_codes_numbers_urls_and_markup() {
        let en = "Error code: 450 4.4.316 see [docs](https://x.test) for **24** hours.";
        assert!(check(
            en,
            "Fehler: 450 4.4.316 siehe [Doku](https://x.test) für **24** Stunden."
        )
        .is_empty());
        let problems = check(en, "Fehler: siehe [Doku](https://y.test) für 24 Stunden.");
        assert_eq!(
            problems,
            [
                "error code 4.4.316 is missing",
                "number 450 is missing",
                "markup `**` is missing",
                "URL `](https://x.test)` is missing",
                "markup `](https://y.test)` is not in the English text"
            ]
        );
    }

    #[test]
    fn xliff_inline_placeholders_round_trip_and_stale_is_not_applied() {
        let unit = |state, translation: Option<&str>| Unit {
            article: "a/b".into(),
            id: "x-1".into(),
            english: "Use `ping` & see [this](https://x.test?a=1&b=2).\r\nNext <br> line".into(),
            translation: translation.map(str::to_owned),
            previous: None,
            state,
            file: "content/de-DE/a/b.md".into(),
            line: 3,
            headings: vec!["Top".into(), "A < B".into()],
            code: Some("4.4.316".into()),
        };
        let export = Export {
            locale: "de-DE".into(),
            units: vec![
                unit(
                    SegmentState::Current,
                    Some("Mit [dem](https://x.test?a=1&b=2) `ping` &.\r\nNext <br> Zeile"),
                ),
                unit(SegmentState::Stale, Some("alt")),
                unit(SegmentState::Missing, None),
            ],
        };
        let xml = xliff(&export);
        assert!(
            xml.contains("<ph id=\"1\" dataRef=\"d1\" disp=\"`ping`\"/>"),
            "{xml}"
        );
        assert!(xml.contains("&#13;"));
        let parsed = parse_xliff(&xml).unwrap();
        assert_eq!(parsed.locale.as_deref(), Some("de-DE"));
        assert_eq!(parsed.entries.len(), 3);
        let e = &parsed.entries[0];
        assert_eq!((e.article.as_str(), e.id.as_str()), ("a/b", "x-1"));
        assert_eq!(e.english, export.units[0].english);
        assert_eq!(
            Some(e.translation.as_str()),
            export.units[0].translation.as_deref()
        );
        assert!(!e.fuzzy);
        assert!(parsed.entries[1].fuzzy);
        assert_eq!(parsed.entries[2].translation, "");
        assert!(parse_xliff("<xliff version=\"1.2\"/>").is_err());
        assert!(parse_xliff("<xliff version=\"2.0\"><file><unit id=\"u\"><segment><source><ph dataRef=\"d9\"/></source></segment></unit></file></xliff>").unwrap_err().contains("unknown data"));
    }

    #[test]
    fn dates_and_frontmatter() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(18_503), (2020, 8, 29));
        assert_eq!(civil(11_016), (2000, 2, 29));
        let text =
            "---\ntitle: x\nms.translationtype: MT\ndescription: >\n  long\n  text\n---\nbody\n";
        assert_eq!(
            set_frontmatter(text, &[("ms.translationtype", "HT".into()), ("description", "\"d\"".into()), ("ms.contentlocale", "de-DE".into())]),
            "---\ntitle: x\nms.translationtype: HT\ndescription: \"d\"\nms.contentlocale: de-DE\n---\nbody\n"
        );
    }
}
