//! YAML frontmatter: split it from the body and parse it into an ordered map.
//!
//! This is the only file that touches `serde_yaml` (archived upstream): a maintained
//! successor replaces it here and nowhere else. Values come out as `serde_json::Value`, which
//! the rest of kbsite already speaks.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Kind};

mod flattened;

/// Frontmatter keys and values, all of them, in key order.
pub type Fields = BTreeMap<String, Value>;

/// A file cut into its frontmatter and Markdown body.
#[derive(Debug, Default, PartialEq)]
pub struct Split<'a> {
    pub fields: Fields,
    pub body: &'a str,
    /// Byte offset of `body` in the text given to [`split`].
    pub body_offset: usize,
    /// What was recovered from (frontmatter flattened into sentence pairs), with spans in
    /// the text given to [`split`].
    pub warnings: Vec<Diagnostic>,
}

/// Splits `text` into frontmatter and body. A file without a leading `---` line has no
/// frontmatter. Lines may end in `\n`, `\r\n` or a lone `\r`. Problems come back as diagnostics against `path`, with byte spans in `text`.
/// Frontmatter that a translation tool flattened into sentence pairs is read anyway, with a
/// warning (see [`flattened`]).
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let (yaml, body_offset) = bounds(path, text)?;
    let raw = &text[yaml.clone()];
    let recovered = flattened::is_flattened(raw)
        .then(|| flattened::recover(path, raw, yaml.start))
        .flatten();
    let (fields, warnings) = match recovered {
        Some(recovered) => recovered,
        None => (parse(path, raw, yaml.start)?, Vec::new()),
    };
    Ok(Split {
        fields,
        body: &text[body_offset..],
        body_offset,
        warnings,
    })
}

/// [`split`] without parsing the frontmatter: `fields` is empty. For text whose fields were
/// read before (the same bytes give the same fields); YAML errors go unreported.
pub fn skip<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let (_, body_offset) = bounds(path, text)?;
    Ok(Split {
        fields: Fields::new(),
        body: &text[body_offset..],
        body_offset,
        warnings: Vec::new(),
    })
}

/// Where the YAML between the `---` lines is in `text`, and where the body starts (an empty
/// range and 0 without frontmatter).
fn bounds(path: &str, text: &str) -> Result<(Range<usize>, usize), Diagnostic> {
    let Some(first_len) = delimiter_len(text) else {
        return Ok((0..0, 0));
    };
    let mut line_start = first_len;
    loop {
        if line_start >= text.len() {
            return Err(Diagnostic::new(
                Kind::FrontmatterUnclosed,
                path,
                "frontmatter is not closed",
            )
            .at(0..first_len.min(text.len()))
            .help("end the frontmatter with a line containing only `---`"));
        }
        let rest = &text[line_start..];
        if let Some(len) = delimiter_len(rest) {
            return Ok((first_len..line_start, line_start + len));
        }
        line_start += line_len(rest);
    }
}

/// The length of the first line of `text`, its line end included: `\n`, `\r\n`, or a lone `\r`
/// (old Mac files; YAML and CommonMark read it as a line end too).
fn line_len(text: &str) -> usize {
    match text.find(['\n', '\r']) {
        Some(i) if text[i..].starts_with("\r\n") => i + 2,
        Some(i) => i + 1,
        None => text.len(),
    }
}

/// The length of a `---` delimiter line at the start of `text`, newline included.
fn delimiter_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("---")?;
    let trimmed = rest.trim_start_matches([' ', '\t']);
    let pad = rest.len() - trimmed.len();
    if trimmed.is_empty() {
        Some(3 + pad)
    } else if trimmed.starts_with("\r\n") {
        Some(3 + pad + 2)
    } else if trimmed.starts_with(['\n', '\r']) {
        Some(3 + pad + 1)
    } else {
        None
    }
}

fn parse(path: &str, yaml: &str, offset: usize) -> Result<Fields, Diagnostic> {
    if yaml.trim().is_empty() {
        return Ok(Fields::new());
    }
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Object(map)) => Ok(map.into_iter().collect()),
        Ok(other) => Err(Diagnostic::new(
            Kind::FrontmatterNotMapping,
            path,
            format!(
                "frontmatter must be a mapping of keys to values, found {}",
                kind(&other)
            ),
        )
        .at(offset..offset + yaml.len())
        .help("write the frontmatter as `key: value` lines")),
        Err(error) => {
            // The character at the error, or the first one when serde_yaml gives no position
            // (as for "more than one document"): a span must not split a character.
            let mut at = error
                .location()
                .map_or(0, |loc| loc.index())
                .min(yaml.len());
            while !yaml.is_char_boundary(at) {
                at -= 1;
            }
            let len = yaml[at..].chars().next().map_or(0, char::len_utf8);
            let span = offset + at..offset + at + len;
            let message = error.to_string();
            // serde_yaml appends " at line L column C": we show the position ourselves.
            let message = message.split(" at line ").next().unwrap_or(&message);
            Err(Diagnostic::new(
                Kind::FrontmatterYaml,
                path,
                format!("invalid YAML in frontmatter: {message}"),
            )
            .at(span)
            .help("quote values that contain `: `, `#`, `[` or `{`, and indent list items consistently"))
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A string field, if present and a string (numbers are shown as written).
pub fn string<'f>(fields: &'f Fields, key: &str) -> Option<&'f str> {
    match fields.get(key)? {
        Value::String(s) => Some(s.as_str()),
        _ => None,
    }
}

/// The byte range of `key:` in the frontmatter of `text`, for diagnostics about a field.
pub fn key_span(text: &str, key: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    while offset < text.len() {
        let line = &text[offset..];
        if line.starts_with(key) && line[key.len()..].starts_with(':') {
            return Some(offset..offset + key.len());
        }
        offset += line_len(line);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_frontmatter_is_all_body() {
        let s = split("a.md", "# Title\n").unwrap();
        assert!(s.fields.is_empty());
        assert_eq!(s.body, "# Title\n");
        assert_eq!(s.body_offset, 0);
    }

    #[test]
    fn keeps_every_key_including_lists_and_dotted_names() {
        let text = "---\ntitle: Заголовок\nf1.keywords:\n- NOCSH\nms.lasthandoff: 08/29/2020\nms.locfileid: \"47307921\"\n---\n# Body\n";
        let s = split("a.md", text).unwrap();
        assert_eq!(string(&s.fields, "title"), Some("Заголовок"));
        assert_eq!(s.fields["f1.keywords"], serde_json::json!(["NOCSH"]));
        assert_eq!(string(&s.fields, "ms.lasthandoff"), Some("08/29/2020"));
        assert_eq!(string(&s.fields, "ms.locfileid"), Some("47307921"));
        assert_eq!(s.body, "# Body\n");
        assert_eq!(&text[s.body_offset..], "# Body\n");
    }

    #[test]
    fn skip_finds_the_body_split_finds() {
        for text in [
            "# Title\n",
            "---\ntitle: T\n---\nbody\n",
            "---\r\ntitle: T\r\n---  \r\nbody\r\n",
            "---\n---\n",
            "---\n",
            "---\ntitle: T\n--- no\n",
            "---\rtitle: T\r---\rbody\r",
            "---\r\rtitle: T\r\n---\r",
        ] {
            match (split("a.md", text), skip("a.md", text)) {
                (Ok(full), Ok(body)) => {
                    assert!(body.fields.is_empty(), "{text:?}");
                    assert_eq!(
                        (full.body, full.body_offset),
                        (body.body, body.body_offset),
                        "{text:?}"
                    );
                }
                (Err(full), Err(body)) => assert_eq!(full.span, body.span, "{text:?}"),
                (full, body) => panic!("{text:?}: {full:?} but {body:?}"),
            }
        }
        // Only `split` reads the YAML.
        let invalid = "---\ntitle: [unclosed\n---\nbody\n";
        assert!(split("a.md", invalid).is_err());
        assert_eq!(skip("a.md", invalid).unwrap().body, "body\n");
    }

    #[test]
    fn crlf_delimiters_work() {
        let s = split("a.md", "---\r\ntitle: T\r\n---\r\nbody\r\n").unwrap();
        assert_eq!(string(&s.fields, "title"), Some("T"));
        assert_eq!(s.body, "body\r\n");
    }

    #[test]
    fn cr_only_line_ends_work_like_lf() {
        // Old Mac files end lines with a lone `\r`: the YAML was shown as page text.
        let cr =
            "---\rtitle: Заголовок\rms.custom:\r- '1'\rms.lasthandoff: 08/29/2020\r---  \r# Body\r";
        let lf = cr.replace('\r', "\n");
        let (cr_split, lf_split) = (split("a.md", cr).unwrap(), split("a.md", &lf).unwrap());
        assert_eq!(cr_split.fields, lf_split.fields);
        assert_eq!(string(&cr_split.fields, "title"), Some("Заголовок"));
        assert_eq!(cr_split.fields["ms.custom"], serde_json::json!(["1"]));
        assert_eq!(cr_split.body, "# Body\r");
        assert_eq!(cr_split.body_offset, lf_split.body_offset);
        assert_eq!(skip("a.md", cr).unwrap().body_offset, cr_split.body_offset);
        let at = cr.find("ms.lasthandoff").unwrap();
        assert_eq!(key_span(cr, "ms.lasthandoff"), Some(at..at + 14));
        // Unclosed, it is an error at the opening line, as with LF.
        let d = split("a.md", "---\rtitle: T\rbody\r").unwrap_err();
        assert_eq!(
            (d.kind.name(), d.span),
            ("frontmatter-unclosed", Some(0..4))
        );
    }

    #[test]
    fn unclosed_frontmatter_is_an_error_at_the_opening_line() {
        let d = split("a.md", "---\ntitle: T\nbody\n").unwrap_err();
        assert_eq!(d.kind, "frontmatter-unclosed");
        assert_eq!(d.span, Some(0..4));
    }

    #[test]
    fn invalid_yaml_points_into_the_file() {
        let text = "---\ntitle: T\nbad: [unclosed\n---\n";
        let d = split("a.md", text).unwrap_err();
        assert_eq!(d.kind, "frontmatter-yaml");
        let span = d.span.unwrap();
        assert!(span.start >= 4 && span.start <= text.len() - 4, "{span:?}");
    }

    #[test]
    fn yaml_errors_without_a_position_point_at_the_first_whole_character() {
        // Found by the fuzzer: the span was the first byte, inside the byte order mark or
        // the Cyrillic letter.
        for (text, first) in [
            ("---\n\u{feff}p:\r2\n---\n", "\u{feff}"),
            ("---\r\nж: 1\r\n...\r\nb: 2\r\n---\r\n", "ж"),
        ] {
            let d = split("a.md", text).unwrap_err();
            assert_eq!(d.kind, "frontmatter-yaml", "{text:?}");
            let span = d.span.unwrap();
            assert_eq!(text.get(span.clone()), Some(first), "{text:?}: {span:?}");
        }
    }

    #[test]
    fn a_scalar_frontmatter_is_rejected() {
        let d = split("a.md", "---\njust text\n---\n").unwrap_err();
        assert_eq!(d.kind, "frontmatter-not-mapping");
        assert!(d.help.is_some());
    }

    #[test]
    fn a_thematic_break_later_is_not_frontmatter() {
        let s = split("a.md", "text\n---\nmore\n").unwrap();
        assert!(s.fields.is_empty());
        assert_eq!(s.body_offset, 0);
    }
}
