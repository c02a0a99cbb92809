//! The export as a gettext PO file ([`po`]: a header, then one entry per unit with its
//! context as comments, `msgctxt "<article>#<id>"`, and a stale translation `fuzzy` with its
//! English as `#| msgid`), and PO files read back ([`parse_po`]).

use super::incoming::{Incoming, Parsed};
use super::one_line;
use super::units::Export;
use crate::model::SegmentState;

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

/// Parses a gettext PO file. Obsolete (`#~`) entries and previous strings (`#|`) are
/// skipped; plural entries are refused (kbsite never writes them).
pub fn parse_po(text: &str) -> Result<Parsed, String> {
    let mut reader = Reader::default();
    for (n, raw) in text.lines().enumerate() {
        reader.line(n + 1, raw.trim())?;
    }
    reader.finish_entry()?;
    Ok(reader.parsed)
}

/// The three strings of an entry.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Ctxt,
    Id,
    Str,
}

impl Field {
    fn name(self) -> &'static str {
        match self {
            Field::Ctxt => "msgctxt",
            Field::Id => "msgid",
            Field::Str => "msgstr",
        }
    }
}

/// The entry being read.
#[derive(Default)]
struct Draft {
    /// Its first line (0 until one is read).
    line: usize,
    fuzzy: bool,
    ctxt: Option<String>,
    id: Option<String>,
    str_: Option<String>,
}

impl Draft {
    fn slot(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::Ctxt => &mut self.ctxt,
            Field::Id => &mut self.id,
            Field::Str => &mut self.str_,
        }
    }
}

/// A PO file read line by line: the entries so far, the one being read, and the string a
/// continuation line (`"…"`) adds to.
#[derive(Default)]
struct Reader {
    parsed: Parsed,
    draft: Draft,
    field: Option<Field>,
}

impl Reader {
    /// One trimmed line.
    fn line(&mut self, line: usize, l: &str) -> Result<(), String> {
        if l.is_empty() {
            self.field = None;
            return Ok(());
        }
        if l.starts_with("#~") || l.starts_with("#|") {
            return Ok(());
        }
        let starts_entry = l.starts_with('#')
            || l.starts_with("msgctxt")
            || (l.starts_with("msgid ") && self.field != Some(Field::Ctxt));
        if starts_entry && self.draft.str_.is_some() {
            self.finish_entry()?;
        }
        if self.draft.line == 0 {
            self.draft.line = line;
        }
        if let Some(flags) = l.strip_prefix("#,") {
            self.draft.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            return Ok(());
        }
        if l.starts_with('#') {
            return Ok(());
        }
        self.string(line, l)
    }

    /// `msgctxt "…"`, `msgid "…"`, `msgstr "…"` or a continuation `"…"`.
    fn string(&mut self, line: usize, l: &str) -> Result<(), String> {
        let (field, rest) = if let Some(rest) = l.strip_prefix("msgctxt") {
            (Field::Ctxt, rest)
        } else if l.starts_with("msgid_plural") || l.starts_with("msgstr[") {
            return Err(format!("line {line}: plural entries are not supported"));
        } else if let Some(rest) = l.strip_prefix("msgid") {
            (Field::Id, rest)
        } else if let Some(rest) = l.strip_prefix("msgstr") {
            (Field::Str, rest)
        } else if l.starts_with('"') {
            let s = quoted(l, line)?;
            let Some(field) = self.field else {
                return Err(format!("line {line}: a string outside an entry"));
            };
            self.draft
                .slot(field)
                .get_or_insert_with(String::new)
                .push_str(&s);
            return Ok(());
        } else {
            return Err(format!("line {line}: cannot read `{l}`"));
        };
        let s = quoted(rest, line)?;
        let slot = self.draft.slot(field);
        if slot.is_some() {
            return Err(format!(
                "line {line}: {} given twice in one entry",
                field.name()
            ));
        }
        *slot = Some(s);
        self.field = Some(field);
        Ok(())
    }

    /// Adds the entry read so far (the header gives the locale) and starts the next.
    fn finish_entry(&mut self) -> Result<(), String> {
        let d = std::mem::take(&mut self.draft);
        let (Some(id), Some(msgstr)) = (d.id, d.str_) else {
            if d.line > 0 && d.ctxt.is_some() {
                return Err(format!("line {}: entry without msgid or msgstr", d.line));
            }
            return Ok(());
        };
        let Some(ctxt) = d.ctxt else {
            if !id.is_empty() {
                return Err(format!(
                    "line {}: entry without msgctxt (article#id)",
                    d.line
                ));
            }
            for header in msgstr.lines() {
                if let Some(lang) = header.strip_prefix("Language:") {
                    self.parsed.locale = Some(lang.trim().to_owned());
                }
            }
            return Ok(());
        };
        let Some((article, seg)) = ctxt.rsplit_once('#') else {
            return Err(format!(
                "line {}: msgctxt `{ctxt}` is not article#id",
                d.line
            ));
        };
        self.parsed.entries.push(Incoming {
            article: article.to_owned(),
            id: seg.to_owned(),
            english: id,
            translation: msgstr,
            fuzzy: d.fuzzy,
            line: d.line,
        });
        Ok(())
    }
}

/// The text of a quoted PO string, unescaped.
fn quoted(s: &str, line: usize) -> Result<String, String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or_else(|| format!("line {line}: expected a quoted string, found `{s}`"))?;
    po_unescape(inner, line)
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
}
