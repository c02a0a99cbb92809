//! The four tags of a pair, recognized at a `<`: `<span data-ttu-id="X">` (a pair starts),
//! `<span class="sxs-lookup">` (its English partner), `<span data-stu-id="X">` (the English
//! text) and `</span>`, and any other `<span …>` the halves may nest. An id is at most
//! [`MAX_ID`] bytes with no `"`, `<` or line break; a `data-ttu-id`/`data-stu-id` opening that
//! breaks the rule is [`Tag::Malformed`], which the parser reports and keeps as text.

pub(super) const CLOSE: &str = "</span>";
pub(super) const SXS: &str = "<span class=\"sxs-lookup\">";
const TTU: &str = "<span data-ttu-id=\"";
pub(super) const STU: &str = "<span data-stu-id=\"";
/// The longest id we accept; anything longer is not a pair tag.
const MAX_ID: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tag<'a> {
    /// `<span data-ttu-id="id">`: a pair starts.
    Ttu(&'a str),
    /// `<span class="sxs-lookup">`: the English partner starts.
    Sxs,
    /// `<span data-stu-id="id">`: the English text starts.
    Stu(&'a str),
    /// Any other `<span …>`.
    Other,
    Close,
    /// `<span data-ttu-id="` or `<span data-stu-id="` that does not form a tag: the id is too
    /// long, contains `"`, `<` or a line break (`\n` or `\r`), or the tag never ends with `">`.
    Malformed,
}

/// Recognizes a tag at the start of `s` and returns it with its length.
pub(super) fn tag_at(s: &str) -> Option<(Tag<'_>, usize)> {
    // Every tag but the closing one starts with `<span`: one look at the second byte tells
    // which comparisons can match (this runs at every `<` of every file, twice a file).
    if s.as_bytes().get(1) == Some(&b'/') {
        return s.starts_with(CLOSE).then_some((Tag::Close, CLOSE.len()));
    }
    let rest = s.strip_prefix("<span")?;
    if s.starts_with(SXS) {
        return Some((Tag::Sxs, SXS.len()));
    }
    for (prefix, is_ttu) in [(TTU, true), (STU, false)] {
        if let Some(rest) = s.strip_prefix(prefix) {
            let window = &rest.as_bytes()[..floor_boundary(rest, MAX_ID + 2)];
            // An id has no `"`, so the first `"` must be the one of the closing `">`. Ids
            // are short: a plain loop finds it sooner than a search set up for long texts.
            if let Some(end) = window.iter().position(|&c| c == b'"') {
                let id = &rest[..end];
                if window[end..].starts_with(b"\">")
                    && !id.bytes().any(|c| matches!(c, b'<' | b'\n' | b'\r'))
                {
                    let tag = if is_ttu { Tag::Ttu(id) } else { Tag::Stu(id) };
                    return Some((tag, prefix.len() + end + 2));
                }
            }
            return Some((Tag::Malformed, prefix.len()));
        }
    }
    if rest.starts_with([' ', '>', '\t', '\n']) {
        // Stop at the next `<`: a tag cannot contain one, and searching further for a `>`
        // would rescan the rest of the file for every unterminated `<span`.
        let end = rest.find(['<', '>'])?;
        return (rest.as_bytes()[end] == b'>').then_some((Tag::Other, 5 + end + 1));
    }
    None
}

/// The largest char boundary of `s` at or below `at`.
pub(super) fn floor_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}
