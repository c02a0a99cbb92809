//! Frontmatter that a translation tool flattened into bilingual sentence pairs.
//!
//! Some vendor drops turn the whole frontmatter into one pair whose halves hold the fields
//! run together (`title: Error 550 ms.author: … ms.custom:`), the localized half with some
//! keys translated (`rubrik:` for `title:`), followed by list items that are pairs too:
//!
//! ```text
//! ---
//! <span data-ttu-id="1">rubrik: Fel 550 ms.date: 5/1/2020 ms.custom:</span><span class="sxs-lookup"><span data-stu-id="1">title: Error 550 ms.date: 5/1/2020 ms.custom:</span></span>
//! - <span data-ttu-id="2">"9000"</span><span class="sxs-lookup"><span data-stu-id="2">"9000"</span></span>
//! ms.contentlocale: sv-SE
//! ---
//! ```
//!
//! Such frontmatter is not YAML, but nothing of it is lost either: the fields are read from
//! the English half (a key is a word ending in `:` at the start of a line or after a space; a
//! quoted value keeps what is inside its quotes), the localized title and description from
//! the localized half when its keys line up with the English ones (else the page takes them
//! from its H1 and first paragraph), and the file is built with one `frontmatter-flattened`
//! warning.

use serde_json::Value;

use super::Fields;
use crate::diagnostics::{Diagnostic, Kind, Severity};
use crate::segments;

/// The fields whose values are in the reader's language: taken from the localized half.
const LOCALIZED: [&str; 2] = ["title", "description"];

/// Whether the frontmatter text has the flattened shape: some line is a sentence pair (or a
/// list item that is one). Real YAML never has a key starting with `<span`.
pub(super) fn is_flattened(yaml: &str) -> bool {
    // Split at `\r` too: a lone one ends a line in old Mac files.
    yaml.split(['\n', '\r']).any(|line| {
        let line = line.trim_start();
        let line = line.strip_prefix('-').map_or(line, str::trim_start);
        line.starts_with("<span data-ttu-id=")
    })
}

/// Reads the fields of flattened frontmatter `yaml` (at byte `offset` of `path`), with the
/// warning that says so. `None` when the text does not read as fields after all (a pair is
/// broken, or no key is found): then it is reported as the YAML error it is.
pub(super) fn recover(path: &str, yaml: &str, offset: usize) -> Option<(Fields, Vec<Diagnostic>)> {
    let parsed = segments::parse(path, yaml, offset);
    if parsed.segments.is_empty()
        || parsed
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    {
        return None;
    }
    let english = entries(&parsed.english)?;
    let local = entries(&parsed.local);
    let mut fields: Fields = Fields::new();
    for entry in &english {
        fields
            .entry(entry.key.clone())
            .or_insert_with(|| entry.value());
    }
    let mut localized = Vec::new();
    for key in LOCALIZED {
        match local.as_deref().and_then(|l| local_value(&english, l, key)) {
            Some(value) => {
                fields.insert(key.to_owned(), Value::String(value));
                localized.push(key);
            }
            // Never an English value in its place: the page takes its H1 and first
            // paragraph instead.
            None => drop(fields.remove(key)),
        }
    }
    let first = &parsed.segments[0];
    let took = if localized.is_empty() {
        "the title and description from the page's heading and first paragraph".to_owned()
    } else {
        format!(
            "the localized {} from its localized half",
            localized.join(" and ")
        )
    };
    let mut diags = parsed.diagnostics;
    diags.push(
        Diagnostic::new(
            Kind::FrontmatterFlattened,
            path,
            format!(
                "the frontmatter was flattened into sentence pairs by a translation tool; \
                 read {} field{} from its English half",
                english.len(),
                if english.len() == 1 { "" } else { "s" }
            ),
        )
        .at(first.span.clone())
        .help(format!(
            "kbsite took {took}; restore the `key: value` lines, one per line, from the English source"
        )),
    );
    Some((fields, diags))
}

/// One `key: value` of flattened text, with the list items that follow it.
#[derive(Debug, PartialEq)]
struct Entry {
    key: String,
    value: String,
    items: Vec<String>,
}

impl Entry {
    /// The field's value as YAML would give it for text: a list, nothing, or a string.
    fn value(&self) -> Value {
        if !self.items.is_empty() && self.value.is_empty() {
            Value::Array(self.items.iter().cloned().map(Value::String).collect())
        } else if self.value.is_empty() {
            Value::Null
        } else {
            Value::String(self.value.clone())
        }
    }
}

/// The entries of one half, in order; `None` when it has no key, or text before the first.
fn entries(text: &str) -> Option<Vec<Entry>> {
    let mut entries: Vec<Entry> = Vec::new();
    for line in text.split(['\n', '\r']) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(item) = line
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with([' ', '\t']))
        {
            entries.last_mut()?.items.push(unquote(item.trim()));
            continue;
        }
        split_line(line, &mut entries)?;
    }
    (!entries.is_empty()).then_some(entries)
}

/// Adds the `key: value` pairs run together in `line` to `entries`. Text before the line's
/// first key continues the previous value; `None` when there is no previous one.
fn split_line(line: &str, entries: &mut Vec<Entry>) -> Option<()> {
    let mut value = String::new();
    let mut key: Option<&str> = None;
    let mut quote: Option<char> = None;
    let finish = |entries: &mut Vec<Entry>, key: Option<&str>, value: &str| -> Option<()> {
        let value = unquote(value.trim());
        match key {
            Some(key) => entries.push(Entry {
                key: key.to_owned(),
                value,
                items: Vec::new(),
            }),
            None if value.is_empty() => {}
            None => {
                let last = entries.last_mut()?;
                if !last.value.is_empty() {
                    last.value.push(' ');
                }
                last.value.push_str(&value);
            }
        }
        Some(())
    };
    for word in line.split_whitespace() {
        if let Some(q) = quote {
            push_word(&mut value, word);
            if word.ends_with(q) {
                quote = None;
            }
            continue;
        }
        if let Some(name) = key_of(word) {
            finish(entries, key, &value)?;
            key = Some(name);
            value.clear();
            continue;
        }
        if value.is_empty() {
            if let Some(q) = word.chars().next().filter(|c| matches!(c, '"' | '\'')) {
                if word.len() == 1 || !word.ends_with(q) {
                    quote = Some(q);
                }
            }
        }
        push_word(&mut value, word);
    }
    finish(entries, key, &value)
}

fn push_word(value: &mut String, word: &str) {
    if !value.is_empty() {
        value.push(' ');
    }
    value.push_str(word);
}

/// `word` as a key (`title:`, `ms.date:`, `rubrik:`), without its colon.
fn key_of(word: &str) -> Option<&str> {
    let name = word.strip_suffix(':')?;
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_alphabetic() || first == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '.'))
    .then_some(name)
}

/// What is inside a value's quotes, unescaped as YAML does, or the value as written.
fn unquote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        value.to_owned()
    }
}

/// The localized half's value for `key`: at the same place as in the English half when the
/// halves line up (as many keys, and the keys they share by name at the same places), else
/// under the same key name.
fn local_value(english: &[Entry], local: &[Entry], key: &str) -> Option<String> {
    let names: std::collections::HashSet<&str> = english.iter().map(|e| e.key.as_str()).collect();
    let lined_up = english.len() == local.len()
        && english
            .iter()
            .zip(local)
            .all(|(e, l)| e.key == l.key || !names.contains(l.key.as_str()));
    let at = if lined_up {
        english.iter().position(|e| e.key == key)?
    } else {
        local.iter().position(|e| e.key == key)?
    };
    Some(local[at].value.clone()).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(id: &str, local: &str, english: &str) -> String {
        format!(
            "<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>"
        )
    }

    #[test]
    fn keys_are_words_ending_in_a_colon_and_quoted_values_keep_their_inside() {
        let e = entries(
            "title: \"Error 550: mailbox full\" ms.date: 5/1/2020 ROBOTS: NOINDEX, NOFOLLOW see https://x.example/a: b ms.custom:\n- \"9000\"\n- 'it''s'\nms.topic: article",
        )
        .unwrap();
        let got: Vec<(&str, &str, usize)> = e
            .iter()
            .map(|e| (e.key.as_str(), e.value.as_str(), e.items.len()))
            .collect();
        assert_eq!(
            got,
            [
                ("title", "Error 550: mailbox full", 0),
                ("ms.date", "5/1/2020", 0),
                // `https://x.example/a:` has a `/`: not a key.
                ("ROBOTS", "NOINDEX, NOFOLLOW see https://x.example/a: b", 0),
                ("ms.custom", "", 2),
                ("ms.topic", "article", 0),
            ]
        );
        assert_eq!(e[3].items, ["9000", "it's"]);
    }

    #[test]
    fn the_localized_title_comes_from_the_localized_half_when_the_keys_line_up() {
        let yaml = format!(
            "{}\n- {}\nms.contentlocale: sv-SE\n",
            pair(
                "1",
                "rubrik: Felkod 550 beskrivning: \"Så här gör du\" ms.date: 5/1/2020 ms.custom:",
                "title: Error code 550 description: \"How to fix it\" ms.date: 5/1/2020 ms.custom:"
            ),
            pair("2", "\"9000\"", "\"9000\"")
        );
        let (fields, diags) = recover("a.md", &yaml, 4).unwrap();
        assert_eq!(fields["title"], "Felkod 550");
        assert_eq!(fields["description"], "Så här gör du");
        assert_eq!(fields["ms.date"], "5/1/2020");
        assert_eq!(fields["ms.custom"], serde_json::json!(["9000"]));
        assert_eq!(fields["ms.contentlocale"], "sv-SE");
        assert!(!fields.contains_key("rubrik"));
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].kind, "frontmatter-flattened");
        assert_eq!(diags[0].span, Some(4..4 + yaml.find('\n').unwrap()));
    }

    #[test]
    fn without_lined_up_keys_the_title_is_left_to_the_heading() {
        // A word with a colon in the translation: the halves have different numbers of keys.
        let yaml = pair(
            "1",
            "rubrik: Fel: 550 beskrivning: Dålig ms.date: 5/1/2020",
            "title: Error 550 description: Bad ms.date: 5/1/2020",
        );
        // Shared keys at other places.
        let swapped = pair(
            "1",
            "ms.date: 5/1/2020 rubrik: Fel 550 beskrivning: Dålig",
            "title: Error 550 description: Bad ms.date: 5/1/2020",
        );
        let (fields, _) = recover("a.md", &swapped, 4).unwrap();
        assert!(!fields.contains_key("title") && !fields.contains_key("description"));
        let (fields, diags) = recover("a.md", &yaml, 4).unwrap();
        assert!(!fields.contains_key("title") && !fields.contains_key("description"));
        assert_eq!(fields["ms.date"], "5/1/2020");
        assert!(diags[0].help.as_deref().unwrap().contains("heading"));
    }

    #[test]
    fn shapes_that_are_not_flattened_fields_are_left_to_the_yaml_parser() {
        assert!(!is_flattened("title: <b>x</b>\nkey: [1, 2]\n"));
        assert!(is_flattened(&format!("{}\n", pair("1", "a: b", "a: b"))));
        assert!(is_flattened(&format!("k:\n- {}\n", pair("1", "b", "b"))));
        // No key in the English half; a list item before any key; a broken pair.
        assert!(recover("a.md", &pair("1", "nur Text", "just text"), 0).is_none());
        assert!(recover("a.md", &format!("- {}\n", pair("1", "b", "b")), 0).is_none());
        assert!(recover("a.md", "<span data-ttu-id=\"1\">a: b", 0).is_none());
    }
}
