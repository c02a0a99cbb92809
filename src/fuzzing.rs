//! Invariants of parsing one file, whatever its bytes: shared by the span parser's unit tests,
//! the property tests, and the cargo-fuzz targets in `fuzz/` (see README.md, "Fuzzing").
//! Not part of kbsite's interface: hidden from the docs.
//!
//! Each check returns the first broken invariant as a message instead of panicking, so that a
//! test can name its case and a fuzz target can report the input.

use std::ops::Range;
use std::path::PathBuf;

use crate::diagnostics::Diagnostic;
use crate::segments::Parsed;
use crate::source::Source;
use crate::{frontmatter, model, segments};

/// The path the checks give to the file they parse.
pub const PATH: &str = "content/ru-RU/fuzz.md";

/// Returns `Err(message)` from the enclosing function unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// Checks one file the way the build reads it ([`model::document`]: size limit, UTF-8, byte
/// order mark, frontmatter, span pairs): no panic; every diagnostic names the file, has a help
/// line and a span inside the file on character boundaries; a file that is skipped says why
/// with an error (or, when blank, a warning); and for a file that is read, the body's parse
/// passes [`check_parse`] and is exactly what the document holds. Bytes before the body are
/// the byte order mark and the frontmatter, which are parsed into the document's fields.
pub fn check_file(bytes: &[u8]) -> Result<(), String> {
    let source = Source {
        locale: "ru-RU".into(),
        rel: "fuzz.md".into(),
        display: PATH.into(),
        abs: PathBuf::from(PATH),
    };
    let (doc, diags) = model::document(source, bytes);
    let text = std::str::from_utf8(bytes).ok();
    for d in &diags {
        check_diagnostic(d, text, 0..bytes.len())?;
    }
    let Some(text) = text else {
        ensure!(doc.is_none(), "a file that is not UTF-8 was read");
        ensure!(
            diags.iter().any(|d| d.kind == "not-utf8"),
            "a file that is not UTF-8 was skipped without saying so: {diags:?}"
        );
        return Ok(());
    };
    let Some(doc) = doc else {
        let why = diags.iter().any(|d| match d.kind.name() {
            "file-empty" => text.trim().is_empty(),
            _ => d.severity == crate::diagnostics::Severity::Error,
        });
        ensure!(why, "the file was skipped without an error: {diags:?}");
        return Ok(());
    };
    // The body, found the way `model::document` finds it, after every byte order mark.
    let bom = crate::source::bom_len(text);
    ensure!(
        (bom > 3) == diags.iter().any(|d| d.kind == "bom-repeated"),
        "{} byte order marks, but bom-repeated is {}reported",
        bom / 3,
        if bom > 3 { "not " } else { "" }
    );
    let split = frontmatter::split(PATH, &text[bom..])
        .map_err(|d| format!("the file was read despite {d:?}"))?;
    ensure!(
        split.fields == doc.fields,
        "the document's fields differ from the frontmatter"
    );
    let base = bom + split.body_offset;
    let parsed = segments::parse(PATH, split.body, base);
    check_parse(PATH, split.body, base, &parsed)?;
    ensure!(
        doc.segments == parsed.segments
            && *doc.local == *parsed.local
            && *doc.english == *parsed.english
            && doc.local_map == parsed.local_map
            && doc.english_map == parsed.english_map,
        "the document differs from a parse of its body"
    );
    for d in &parsed.diagnostics {
        ensure!(
            diags.contains(d),
            "the document dropped the diagnostic {d:?}"
        );
    }
    Ok(())
}

/// Checks [`frontmatter::split`] on `text`: no panic; the body is the end of the text, after a
/// `---` line when there is frontmatter; a problem is a diagnostic inside the text, on
/// character boundaries, with a help line; and with its `\n` line ends made lone `\r`s
/// (old Mac files) it reads the same.
pub fn check_frontmatter(text: &str) -> Result<(), String> {
    // Lone `\r` line ends read as `\n` ones: same fields, same body offset, same error.
    if !text.contains('\r') && text.contains('\n') {
        let cr = text.replace('\n', "\r");
        let brief = |s: &str| match frontmatter::split(PATH, s) {
            Ok(split) => Ok((split.fields, split.body_offset)),
            Err(d) => Err((d.kind, d.span)),
        };
        ensure!(
            brief(text) == brief(&cr),
            "with lone CR line ends, the frontmatter reads otherwise"
        );
    }
    match frontmatter::split(PATH, text) {
        Ok(split) => {
            let at = split.body_offset;
            ensure!(
                text.is_char_boundary(at) && text.get(at..) == Some(split.body),
                "the body is not the text from byte {at}"
            );
            ensure!(
                at == 0 || text.starts_with("---"),
                "a body at byte {at} without a `---` line"
            );
            ensure!(
                at > 0 || split.fields.is_empty(),
                "fields without frontmatter"
            );
            for d in &split.warnings {
                check_diagnostic(d, Some(text), 0..at)?;
            }
            Ok(())
        }
        Err(d) => check_diagnostic(&d, Some(text), 0..text.len()),
    }
}

/// A diagnostic names the file, has a help line, and a span within `within`, on character
/// boundaries of `text` when the file is text.
fn check_diagnostic(
    d: &Diagnostic,
    text: Option<&str>,
    within: Range<usize>,
) -> Result<(), String> {
    let kind = d.kind;
    ensure!(d.path == PATH, "{kind}: path {:?}", d.path);
    ensure!(d.help.is_some(), "{kind} has no help line");
    let span = d
        .span
        .clone()
        .ok_or_else(|| format!("{kind} has no span"))?;
    ensure!(
        within.start <= span.start && span.start <= span.end && span.end <= within.end,
        "{kind}: span {span:?} is outside {within:?}"
    );
    if let Some(text) = text {
        ensure!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{kind}: span {span:?} is not on character boundaries"
        );
    }
    Ok(())
}

/// The invariants of [`segments::parse`] of the body `input` at offset `base` of the file
/// `path`: each segment's text sits at its `local_out`/`english_out` range; segments are in
/// order and inside the body; diagnostics are inside the body, on character boundaries, with a
/// help line; every byte of both documents is a copy of the source byte its map points at; and
/// every source byte is in a document, in a pair tag, or in a tag that a diagnostic reports as
/// removed (a stray `</span>`, an `sxs-lookup` without `data-stu-id`), or is whitespace of a
/// blank line collapsed inside a pair reported as `span-across-blocks`.
pub fn check_parse(path: &str, input: &str, base: usize, parsed: &Parsed) -> Result<(), String> {
    check_segments(input, base, parsed)?;
    check_parse_diagnostics(path, input, base, parsed)?;
    check_no_byte_lost(input, base, parsed)
}

/// Each segment's text sits at its `local_out`/`english_out` range; segments are in order,
/// do not overlap, and end inside the body.
fn check_segments(input: &str, base: usize, parsed: &Parsed) -> Result<(), String> {
    let mut prev_span = base;
    let (mut prev_local, mut prev_english) = (0, 0);
    for seg in &parsed.segments {
        // An empty localized half is "not translated yet": the localized document shows the
        // English text in its place.
        let local = seg
            .local
            .as_deref()
            .filter(|l| !l.is_empty())
            .or(seg.english.as_deref())
            .or(seg.local.as_deref());
        let english = seg.english.as_deref().or(seg.local.as_deref());
        let id = &seg.id;
        ensure!(
            parsed.local.get(seg.local_out.clone()) == Some(local.unwrap_or_default()),
            "local_out of `{id}` {:?} is not its text",
            seg.local_out
        );
        ensure!(
            parsed.english.get(seg.english_out.clone()) == Some(english.unwrap_or_default()),
            "english_out of `{id}` {:?} is not its text",
            seg.english_out
        );
        ensure!(
            seg.local.is_some() || seg.english.is_some(),
            "segment `{id}` has no text at all"
        );
        ensure!(
            prev_span <= seg.span.start && seg.span.start <= seg.span.end,
            "span of `{id}` {:?} overlaps the previous one",
            seg.span
        );
        ensure!(
            seg.span.end <= base + input.len(),
            "span of `{id}` {:?} ends after the body",
            seg.span
        );
        ensure!(
            prev_local <= seg.local_out.start && prev_english <= seg.english_out.start,
            "the output of `{id}` overlaps the previous segment's"
        );
        prev_span = seg.span.end;
        prev_local = seg.local_out.end;
        prev_english = seg.english_out.end;
    }
    Ok(())
}

/// The parser's diagnostics name the file, sit inside the body on character boundaries and
/// have a help line.
fn check_parse_diagnostics(
    path: &str,
    input: &str,
    base: usize,
    parsed: &Parsed,
) -> Result<(), String> {
    for d in &parsed.diagnostics {
        ensure!(d.path == path, "{}: path {:?}", d.kind, d.path);
        let span = d.span.clone().unwrap_or(0..0);
        ensure!(
            d.span.is_some() && base <= span.start && span.start <= span.end,
            "{} at {:?} is outside the body",
            d.kind,
            d.span
        );
        let body = span.start - base..span.end - base;
        ensure!(
            input.get(body).is_some(),
            "{} at {span:?} is outside the body or not on character boundaries",
            d.kind
        );
        ensure!(d.help.is_some(), "{} has no help line", d.kind);
    }
    Ok(())
}

/// Every byte of both documents is a copy of the source byte its map points at, and every
/// source byte is in a document, in a pair tag, in a tag reported as removed, or is blank-line
/// whitespace collapsed inside a pair reported as `span-across-blocks`.
fn check_no_byte_lost(input: &str, base: usize, parsed: &Parsed) -> Result<(), String> {
    let src = input.as_bytes();
    let mut accounted = vec![false; input.len()];
    for (doc, map, which) in [
        (&parsed.local, &parsed.local_map, "local"),
        (&parsed.english, &parsed.english_map, "english"),
    ] {
        for (o, &byte) in doc.as_bytes().iter().enumerate() {
            let at = map.source_offset(o);
            ensure!(
                at >= base && src.get(at - base) == Some(&byte),
                "{which} byte {o} maps to source {at}, which is not the same byte"
            );
            accounted[at - base] = true;
        }
    }
    let removed = ["span-stray-close", "span-partner-malformed"];
    let covered = parsed
        .diagnostics
        .iter()
        .filter(|d| removed.contains(&d.kind.name()))
        .filter_map(|d| d.span.clone())
        .map(|s| s.start - base..s.end - base);
    for range in pair_tags(input).into_iter().chain(covered) {
        accounted[range].iter_mut().for_each(|b| *b = true);
    }
    // A pair reported as `span-across-blocks` loses the blank lines inside its halves: only
    // line ends, spaces and tabs.
    let mut across: Vec<usize> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.kind == "span-across-blocks")
        .filter_map(|d| d.span.as_ref().map(|s| s.start))
        .collect();
    across.sort_unstable();
    for seg in &parsed.segments {
        let first = across.partition_point(|&at| at < seg.span.start);
        if across.get(first).is_some_and(|at| seg.span.contains(at)) {
            let range = seg.span.start - base..seg.span.end - base;
            for (done, &byte) in accounted[range.clone()].iter_mut().zip(&src[range]) {
                *done |= matches!(byte, b'\n' | b'\r' | b' ' | b'\t');
            }
        }
    }
    if let Some(lost) = accounted.iter().position(|&b| !b) {
        let mut from = lost;
        while !input.is_char_boundary(from) {
            from -= 1;
        }
        let rest: String = input[from..].chars().take(80).collect();
        return Err(format!("source byte {lost} is lost: {rest:?}"));
    }
    Ok(())
}

/// Byte ranges of all pair tags (`data-ttu-id`, `sxs-lookup`, `data-stu-id`, `</span>`) in `s`,
/// found independently of the parser's own recognizer.
pub fn pair_tags(s: &str) -> Vec<Range<usize>> {
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(rel) = s[i..].find('<') {
        let at = i + rel;
        match pair_tag_len(&s[at..]) {
            Some(len) => {
                tags.push(at..at + len);
                i = at + len;
            }
            None => i = at + 1,
        }
    }
    tags
}

/// The length of the pair tag at the start of `s`.
fn pair_tag_len(s: &str) -> Option<usize> {
    for fixed in ["</span>", "<span class=\"sxs-lookup\">"] {
        if s.starts_with(fixed) {
            return Some(fixed.len());
        }
    }
    for prefix in ["<span data-ttu-id=\"", "<span data-stu-id=\""] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let id_len = rest.find(['"', '<', '\n', '\r'])?;
            let ok = id_len <= 256 && rest[id_len..].starts_with("\">");
            return ok.then_some(prefix.len() + id_len + 2);
        }
    }
    None
}

/// A deterministic xorshift64* generator for the tests' pseudo-random inputs, so failures
/// reproduce without new dependencies.
#[cfg(test)]
pub(crate) struct Rng(pub u64);

#[cfg(test)]
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[cfg(test)]
mod tests;
