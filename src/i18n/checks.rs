//! Checks of a `.ftl` file before and after Fluent reads it: placeables nested too deep for
//! its parser ([`too_deep`]), messages that refer back to themselves ([`cyclic`]), and the ids
//! of the messages a file defines, translated or not ([`message_ids`]).

use std::collections::BTreeSet;

use super::{Bundle, UNTRANSLATED};

/// How deep `{ … }` placeables may nest in a `.ftl` file.
pub const MAX_DEPTH: usize = 32;

/// The byte offset of the first `{` nested deeper than [`MAX_DEPTH`], if any (braces in
/// comments and string literals count too: no real file comes near the limit).
pub(super) fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The messages of `bundle` (among `ids`) whose value refers back to itself, with where
/// each is defined in `text`.
pub(super) fn cyclic(
    bundle: &Bundle,
    text: &str,
    ids: &BTreeSet<String>,
) -> Vec<(String, std::ops::Range<usize>)> {
    let mut found = Vec::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let _ = bundle.format_pattern(pattern, None, &mut errors);
        let cycle = errors.iter().any(|e| {
            matches!(
                e,
                fluent::FluentError::ResolverError(fluent::resolver::ResolverError::Cyclic)
            )
        });
        if cycle {
            let at = text
                .match_indices(id.as_str())
                .map(|(i, _)| i)
                .find(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n')
                .unwrap_or(0);
            found.push((id.clone(), at..at + id.len()));
        }
    }
    found
}

/// The ids of the messages in Fluent source `text`; with `translated_only`, without those
/// marked [`UNTRANSLATED`] in their comment. (A full parse: the runtime one drops comments.)
pub(super) fn message_ids(text: &str, translated_only: bool) -> BTreeSet<String> {
    let resource = fluent_syntax::parser::parse(text).unwrap_or_else(|(partial, _)| partial);
    resource
        .body
        .iter()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => {
                let untranslated = m
                    .comment
                    .as_ref()
                    .is_some_and(|c| c.content.iter().any(|line| line.trim() == UNTRANSLATED));
                (!(translated_only && untranslated)).then(|| m.id.name.to_owned())
            }
            _ => None,
        })
        .collect()
}
