//! The export as an XLIFF 2.0 document ([`xliff`]: a `<file>` per article, a `<unit>` per
//! segment, its context as notes, each protected token a `<ph dataRef>` whose Markdown sits
//! in the unit's `<originalData>`), and XLIFF read back ([`parse_xliff`]).

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::incoming::{Incoming, Parsed};
use super::one_line;
use super::protect::tokens;
use super::units::{Export, Unit};
use crate::diagnostics::Lines;
use crate::model::SegmentState;

/// The XLIFF 2.0 core namespace.
pub const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";
/// `subState` of an XLIFF segment whose translation was made from an older English text.
pub const STALE: &str = "kbsite:stale";

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
        let mut seen = HashSet::new();
        for (k, u) in units.iter().enumerate() {
            let unit_id = if nmtoken(&u.id) && seen.insert(u.id.clone()) {
                u.id.clone()
            } else {
                format!("u{}", k + 1)
            };
            unit(&mut out, &unit_id, u);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

/// One `<unit>`: its notes, the original data of its placeholders and its segment.
fn unit(out: &mut String, unit_id: &str, u: &Unit) {
    out.push_str(&format!(
        "    <unit id=\"{}\" name=\"{}\">\n",
        xml_escape(unit_id),
        xml_escape(&u.id),
    ));
    notes(out, u);
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

/// A unit's `<notes>`: where it is, its heading path, error code and previous English.
fn notes(out: &mut String, u: &Unit) {
    out.push_str(&format!(
        "      <notes>\n        <note category=\"location\">{}:{}</note>\n",
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
}

/// Parses an XLIFF 2.0 document written by [`xliff`] (or edited by a translation tool):
/// `<ph dataRef>` elements become their original Markdown again.
pub fn parse_xliff(text: &str) -> Result<Parsed, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut doc = Reader::new(text);
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("line {}: {e}", doc.line_at(reader.buffer_position())))?;
        match event {
            Event::Start(ref e) => doc.start(e, false, pos)?,
            Event::Empty(ref e) => doc.start(e, true, pos)?,
            Event::Text(t) => {
                let s = t
                    .unescape()
                    .map_err(|e| format!("line {}: {e}", doc.line_at(pos)))?;
                if let Some(id) = &doc.data_id {
                    doc.data.entry(id.clone()).or_default().push_str(&s);
                }
                doc.push(&s);
            }
            Event::CData(t) => doc.push(&String::from_utf8_lossy(&t)),
            Event::End(ref e) => doc.end(e.local_name().as_ref()),
            Event::Eof => break,
            _ => {}
        }
    }
    if !doc.seen_root {
        return Err("no <xliff> element".into());
    }
    Ok(doc.parsed)
}

/// Which text of a segment is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Capture {
    Source,
    Target,
}

/// An XLIFF document read event by event: the entries so far and the unit being read.
struct Reader<'t> {
    lines: Lines<'t>,
    parsed: Parsed,
    seen_root: bool,
    /// The `original` of the current `<file>`.
    article: Option<String>,
    /// The current unit's name (or id) and line.
    unit: Option<(String, usize)>,
    /// The unit's `<originalData>` by id.
    data: HashMap<String, String>,
    /// The `<data>` element being read.
    data_id: Option<String>,
    capture: Option<Capture>,
    source: String,
    target: Option<String>,
    fuzzy: bool,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Self {
        Reader {
            lines: Lines::new(text),
            parsed: Parsed::default(),
            seen_root: false,
            article: None,
            unit: None,
            data: HashMap::new(),
            data_id: None,
            capture: None,
            source: String::new(),
            target: None,
            fuzzy: false,
        }
    }

    fn line_at(&self, pos: u64) -> usize {
        self.lines.line_column(pos as usize).0
    }

    /// Text of the source or target being read.
    fn push(&mut self, s: &str) {
        match self.capture {
            Some(Capture::Source) => self.source.push_str(s),
            Some(Capture::Target) => self.target.get_or_insert_with(String::new).push_str(s),
            None => {}
        }
    }

    /// A start tag (or an empty element) at `pos`.
    fn start(&mut self, e: &BytesStart, empty: bool, pos: u64) -> Result<(), String> {
        match e.local_name().as_ref() {
            b"xliff" => {
                self.seen_root = true;
                if attr(e, b"version")?.as_deref() != Some("2.0") {
                    return Err("not an XLIFF 2.0 document (version=\"2.0\")".into());
                }
                self.parsed.locale = attr(e, b"trgLang")?;
            }
            b"file" => self.article = attr(e, b"original")?,
            b"unit" => {
                let id = match attr(e, b"name")? {
                    Some(n) => n,
                    None => attr(e, b"id")?.unwrap_or_default(),
                };
                self.unit = Some((id, self.line_at(pos)));
                self.data.clear();
                self.source.clear();
                self.target = None;
                self.fuzzy = false;
            }
            b"data" => self.data_id = attr(e, b"id")?,
            b"segment" => {
                self.fuzzy = attr(e, b"state")?.as_deref().is_none_or(|s| s == "initial")
                    && attr(e, b"subState")?.as_deref() == Some(STALE);
            }
            b"source" if !empty => self.capture = Some(Capture::Source),
            b"target" if !empty => {
                self.capture = Some(Capture::Target);
                self.target = Some(String::new());
            }
            b"ph" if self.capture.is_some() => {
                let r = attr(e, b"dataRef")?.unwrap_or_default();
                let Some(d) = self.data.get(&r).cloned() else {
                    return Err(format!(
                        "line {}: <ph> refers to unknown data `{r}`",
                        self.line_at(pos)
                    ));
                };
                self.push(&d);
            }
            other if self.capture.is_some() => {
                return Err(format!(
                    "line {}: unsupported inline element <{}> (kbsite writes <ph> only)",
                    self.line_at(pos),
                    String::from_utf8_lossy(other)
                ))
            }
            _ => {}
        }
        Ok(())
    }

    /// An end tag: a unit's end adds its entry.
    fn end(&mut self, name: &[u8]) {
        match name {
            b"data" => self.data_id = None,
            b"source" | b"target" => self.capture = None,
            b"unit" => {
                let (id, line) = self.unit.take().unwrap_or_default();
                self.parsed.entries.push(Incoming {
                    article: self.article.clone().unwrap_or_default(),
                    id,
                    english: std::mem::take(&mut self.source),
                    translation: self.target.take().unwrap_or_default(),
                    fuzzy: self.fuzzy,
                    line,
                });
            }
            _ => {}
        }
    }
}

/// The value of the attribute `name` (any namespace), unescaped.
fn attr(e: &BytesStart, name: &[u8]) -> Result<Option<String>, String> {
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
