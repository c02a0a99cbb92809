//! Bytes → one decoded [`Document`]: the size limit, UTF-8, byte order marks, the
//! frontmatter (its fields and `ms.lasthandoff`), and the bilingual segments with the
//! localized and English Markdown and their source maps.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Kind};
use crate::frontmatter::{self, Fields};
use crate::segments::{self, Segment, SourceMap};
use crate::source::Source;

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// One parsed input file.
#[derive(Debug)]
pub struct Document {
    pub source: Source,
    pub fields: Fields,
    pub segments: Vec<Segment>,
    /// The localized Markdown (the whole body for a file without pairs).
    pub local: Arc<str>,
    /// The English Markdown assembled from the English halves.
    pub english: Arc<str>,
    pub local_map: SourceMap,
    pub english_map: SourceMap,
    /// `ms.lasthandoff` as `YYYY-MM-DD`.
    pub handoff: Option<String>,
    /// A hash of the file's bytes, to tell whether it changed since.
    pub digest: u64,
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The diagnostic for a file of `len` bytes, if that is over [`MAX_FILE_BYTES`] (checked
/// before reading it, too).
pub fn too_large(source: &Source, len: u64) -> Option<Diagnostic> {
    (len > MAX_FILE_BYTES as u64).then(|| {
        Diagnostic::new(
            Kind::FileTooLarge,
            source.display.as_str(),
            format!("file is {len} bytes; the limit is {MAX_FILE_BYTES} bytes"),
        )
        .help("split the article into several files")
    })
}

/// The bytes of `source`'s file, or the [`too_large`] diagnostic when it is over the limit
/// (checked before reading it): how a file is read from disk, before [`document`] decodes it.
pub fn read(source: &Source) -> Result<Result<Vec<u8>, Diagnostic>, crate::diagnostics::Error> {
    use std::io::Read as _;
    let io = |e| crate::diagnostics::Error::io(&source.abs, e);
    let mut file = std::fs::File::open(&source.abs).map_err(io)?;
    let len = file.metadata().map_err(io)?.len();
    if let Some(d) = too_large(source, len) {
        return Ok(Err(d));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(Ok(bytes))
}

/// A parsed file, `None` when it cannot be read as text at all, and what was wrong with it.
pub type Parsed = (Option<Document>, Vec<Diagnostic>);

/// Decodes and parses one file. Returns `None` (with the reason among the diagnostics) when
/// the file cannot be read as text at all.
pub fn document(source: Source, bytes: &[u8]) -> Parsed {
    parse_document(source, bytes, true)
}

/// [`document`] without the frontmatter's fields (nor the date read from them), for
/// [`reload`](super::reload): it has the fields it needs from the outline, and YAML is a
/// fifth of reading a file again.
pub fn document_body(source: Source, bytes: &[u8]) -> Parsed {
    parse_document(source, bytes, false)
}

fn parse_document(source: Source, bytes: &[u8], fields: bool) -> Parsed {
    let path = source.display.as_str();
    let mut diags = Vec::new();
    let Some(text) = decode(&source, bytes, &mut diags) else {
        return (None, diags);
    };
    let bom = bom_len(path, text, &mut diags);
    let split = if fields {
        frontmatter::split(path, &text[bom..])
    } else {
        frontmatter::skip(path, &text[bom..])
    };
    let split = match split {
        Ok(split) => split,
        Err(mut d) => {
            d.span = d.span.map(|s| s.start + bom..s.end + bom);
            diags.push(d);
            return (None, diags);
        }
    };
    diags.extend(split.warnings.iter().cloned().map(|mut d| {
        d.span = d.span.map(|s| s.start + bom..s.end + bom);
        d
    }));
    let base = bom + split.body_offset;
    let parsed = segments::parse(path, split.body, base);
    diags.extend(parsed.diagnostics);
    let handoff = handoff(path, &split.fields, &text[..base], bom, &mut diags);
    let doc = Document {
        fields: split.fields,
        segments: parsed.segments,
        local: parsed.local.into(),
        english: parsed.english.into(),
        local_map: parsed.local_map,
        english_map: parsed.english_map,
        handoff,
        source,
        digest: digest(bytes),
    };
    (Some(doc), diags)
}

/// The file's text: `None` (and why, among `diags`) when it is too large, not UTF-8, or
/// empty.
fn decode<'b>(source: &Source, bytes: &'b [u8], diags: &mut Vec<Diagnostic>) -> Option<&'b str> {
    let path = source.display.as_str();
    if let Some(d) = too_large(source, bytes.len() as u64) {
        diags.push(d);
        return None;
    }
    let text = match crate::source::utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            diags.push(
                Diagnostic::new(
                    Kind::NotUtf8,
                    path,
                    format!("file is not valid UTF-8 (invalid byte at offset {at})"),
                )
                .at(at..at + e.error_len().unwrap_or(1))
                .help("save the file as UTF-8"),
            );
            return None;
        }
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::new(
                Kind::FileEmpty,
                path,
                "file is empty; no page is made for it",
            )
            .at(0..0)
            .help("add the article's text or delete the file"),
        );
        return None;
    }
    Some(text)
}

/// `ms.lasthandoff` as `YYYY-MM-DD`; a `date-invalid` warning when it is there but not a
/// date. `head` is the text up to the body (byte order marks and frontmatter), `bom` the
/// length of the marks.
fn handoff(
    path: &str,
    fields: &Fields,
    head: &str,
    bom: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let raw = frontmatter::string(fields, "ms.lasthandoff")?;
    let iso = iso_date(raw);
    if iso.is_none() {
        // The key's line in the frontmatter (never a line of the body that looks like
        // it); the opening `---` when it is written another way (quoted, inline).
        let span = frontmatter::key_span(head, "ms.lasthandoff").unwrap_or(bom..bom + 3);
        diags.push(
            Diagnostic::new(
                Kind::DateInvalid,
                path,
                format!("`ms.lasthandoff: {raw}` is not a date"),
            )
            .at(span)
            .help("write MM/DD/YYYY or YYYY-MM-DD"),
        );
    }
    iso
}

/// The bytes of the byte order marks at the start of `text`, all of them skipped; more than
/// one is reported (`bom-repeated`).
fn bom_len(path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> usize {
    let bom = crate::source::bom_len(text);
    if bom > '\u{feff}'.len_utf8() {
        diags.push(
            Diagnostic::new(
                Kind::BomRepeated,
                path,
                format!("the file starts with {} byte order marks", bom / 3),
            )
            .at(0..bom)
            .help("save the file as UTF-8 with one byte order mark, or none"),
        );
    }
    bom
}

/// `MM/DD/YYYY`, `M/D/YYYY` or `YYYY-MM-DD` as `YYYY-MM-DD`.
pub fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(['/', '-', '.']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|_| s.chars().all(|c| c.is_ascii_digit()))
    };
    let (y, m, d) = if raw.contains('/') {
        (num(c)?, num(a)?, num(b)?)
    } else if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else {
        (num(c)?, num(b)?, num(a)?)
    };
    ((1900..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invalid_date_is_reported_in_the_frontmatter() {
        let source = Source {
            locale: "sv-SE".into(),
            rel: "a.md".into(),
            display: "content/sv-SE/a.md".into(),
            abs: "/nonexistent/content/sv-SE/a.md".into(),
        };
        let at = |text: &str| {
            let (_, diags) = document(source.clone(), text.as_bytes());
            let d = diags
                .iter()
                .find(|d| d.kind == "date-invalid")
                .expect("date-invalid");
            d.span.clone().unwrap()
        };
        let plain = "---\nms.lasthandoff: soon\n---\n# A\n";
        assert_eq!(at(plain), 4..18);
        // Quoted in the frontmatter, and a body line that looks like the key.
        let quoted = "---\n\"ms.lasthandoff\": soon\n---\n# A\n\nms.lasthandoff: x\n";
        assert_eq!(at(quoted), 0..3);
    }

    #[test]
    fn dates_in_the_forms_we_meet() {
        assert_eq!(iso_date("08/29/2020").as_deref(), Some("2020-08-29"));
        assert_eq!(iso_date("3/9/2021").as_deref(), Some("2021-03-09"));
        assert_eq!(iso_date("2021-03-19").as_deref(), Some("2021-03-19"));
        assert_eq!(iso_date("19.03.2021").as_deref(), Some("2021-03-19"));
        assert_eq!(iso_date("13/01/2021"), None);
        assert_eq!(iso_date("soon"), None);
    }
}
