//! An independent reading of the bilingual pairs of a source file, for the tests that check
//! the span parser drops nothing (`nothing_dropped`): plain string search, no code shared
//! with `kbsite::segments`, so a pair the parser loses is still counted here.
//!
//! It reads only well-formed pairs, `<span data-ttu-id="X">…</span>` followed by
//! `<span class="sxs-lookup"><span data-stu-id="X">…</span></span>` (a missing partner is
//! read as `english: None`), counting nested `<span …>` inside a half. It mirrors the one
//! documented rule under which a pair's text legitimately does not reach the page: HTML
//! comments are removed (README "Raw HTML": "Removed: … comments"), so a pair inside
//! `<!-- … -->` outside fenced code is marked [`SourcePair::in_comment`]. Pairs in fenced code
//! are ordinary pairs: the span parser reads them like any other, and the page shows their
//! localized text in the code block.

use std::ops::Range;

const TTU: &str = "<span data-ttu-id=\"";
const PARTNER: &str = "<span class=\"sxs-lookup\"><span data-stu-id=\"";
const CLOSE: &str = "</span>";

/// One pair as it is written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcePair {
    pub id: String,
    /// Byte offset of the `<span data-ttu-id` opening in the file.
    pub at: usize,
    /// The localized half, as written (Markdown, inner `<span>`s included).
    pub local: String,
    /// The English half, or `None` when no `sxs-lookup` partner follows.
    pub english: Option<String>,
    /// Inside an HTML comment outside fenced code: not on the page, by the documented rule.
    pub in_comment: bool,
}

/// Every `<span data-ttu-id="…">` opening of `text` (a whole file, frontmatter included) after
/// the frontmatter, in source order.
pub fn read_pairs(text: &str) -> Vec<SourcePair> {
    let start = body_start(text);
    let body = &text[start..];
    let comments = comments(body);
    let mut pairs = Vec::new();
    let mut from = 0;
    while let Some(found) = body[from..].find(TTU) {
        let at = from + found;
        from = at + TTU.len();
        let Some((id, after_id)) = id_at(body, from) else {
            continue;
        };
        let Some((local, after_local)) = half(body, after_id) else {
            continue;
        };
        let english = body[after_local..]
            .strip_prefix(PARTNER)
            .and_then(|_| id_at(body, after_local + PARTNER.len()))
            .filter(|(partner, _)| *partner == id)
            .and_then(|(_, after)| half(body, after))
            .map(|(english, _)| english.to_owned());
        pairs.push(SourcePair {
            id: id.to_owned(),
            at: start + at,
            local: local.to_owned(),
            english,
            in_comment: comments.iter().any(|c| c.contains(&at)),
        });
    }
    pairs
}

/// Where the body starts: after the closing `---` line of a frontmatter that opens the file.
fn body_start(text: &str) -> usize {
    if !text.starts_with("---\n") {
        return 0;
    }
    text[3..].find("\n---\n").map_or(0, |e| 3 + e + 5)
}

/// The id of a tag whose `id="` ends at `from`, and the offset after its `">`.
fn id_at(body: &str, from: usize) -> Option<(&str, usize)> {
    let end = from + body[from..].find("\">")?;
    let id = &body[from..end];
    (!id.is_empty() && !id.contains(['"', '<', '\n'])).then_some((id, end + 2))
}

/// The text of a half that starts at `from` (just after its opening tag) up to its own
/// `</span>`, inner `<span …>…</span>` counted; and the offset after that `</span>`.
fn half(body: &str, from: usize) -> Option<(&str, usize)> {
    let mut depth = 1;
    let mut at = from;
    loop {
        let next = at + body[at..].find('<')?;
        let rest = &body[next..];
        if rest.starts_with(CLOSE) {
            depth -= 1;
            if depth == 0 {
                return Some((&body[from..next], next + CLOSE.len()));
            }
        } else if rest.starts_with("<span ") || rest.starts_with("<span>") {
            depth += 1;
        }
        at = next + 1;
    }
}

/// Byte ranges of the HTML comments of `body` outside fenced code (a line starting, after
/// indentation, with three backticks or tildes opens or closes a fence).
fn comments(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut fenced = false;
    let mut line = 0;
    while line < body.len() {
        let end = body[line..].find('\n').map_or(body.len(), |e| line + e + 1);
        let trimmed = body[line..end].trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        } else if !fenced {
            let mut at = line;
            while let Some(open) = body[at..end].find("<!--") {
                let open = at + open;
                let close = body[open + 4..]
                    .find("-->")
                    .map_or(body.len(), |c| open + 4 + c + 3);
                out.push(open..close);
                at = close;
                if close >= end {
                    break;
                }
            }
            if at > end {
                // The comment went on past this line: carry on after it.
                line = body[at..].find('\n').map_or(body.len(), |e| at + e + 1);
                continue;
            }
        }
        line = end;
    }
    out
}

#[test]
fn the_reader_finds_pairs_and_comments_on_its_own() {
    let text = "---\ntitle: <span data-ttu-id=\"fm\">no</span>\n---\n\
        <span data-ttu-id=\"a\">A <span class=\"x\">b</span></span><span class=\"sxs-lookup\"><span data-stu-id=\"a\">A b</span></span>\n\
        <!-- <span data-ttu-id=\"c\">C</span>\n\n\
        <span data-ttu-id=\"d\">D</span> -->\n\
        ```\n<!-- <span data-ttu-id=\"e\">E</span>\n```\n\
        <span data-ttu-id=\"f\">F</span> <span data-ttu-id=\"g\">G</span><span class=\"sxs-lookup\"><span data-stu-id=\"h\">H</span></span>\n";
    let pairs = read_pairs(text);
    let seen: Vec<_> = pairs
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.local.as_str(),
                p.english.as_deref(),
                p.in_comment,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("a", "A <span class=\"x\">b</span>", Some("A b"), false),
            ("c", "C", None, true),
            ("d", "D", None, true),
            ("e", "E", None, false),
            ("f", "F", None, false),
            // A partner with another id is not this pair's English.
            ("g", "G", None, false),
        ]
    );
    assert_eq!(&text[pairs[0].at..pairs[0].at + 5], "<span");
}
