//! What a translation must keep of its English: the protected inline Markdown ([`tokens`]),
//! error codes and numbers, and no block of its own ([`check`]). PO files carry the tokens
//! verbatim; XLIFF turns each into a placeholder.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::smtp;

/// The protected inline Markdown of `text`, as byte ranges in order: code spans, `![`, `[`,
/// `]`, `](target)`, runs of `*` and of word-boundary `_`, HTML tags, entities, backslash
/// escapes and bare `http(s)://` URLs.
pub fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match token_at(text, i) {
            Next::Token(end) => {
                out.push(i..end);
                i = end;
            }
            Next::Skip(next) => i = next,
        }
    }
    out
}

/// What is at one offset of the text: a token ending at the offset given, or none and the
/// offset to look at next.
enum Next {
    Token(usize),
    Skip(usize),
}

fn token_at(text: &str, i: usize) -> Next {
    let b = text.as_bytes();
    match b[i] {
        b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => Next::Token(i + 2),
        b'`' => Next::Token(code_span(text, i)),
        b'!' if b.get(i + 1) == Some(&b'[') => Next::Token(i + 2),
        b'[' => Next::Token(i + 1),
        b']' if b.get(i + 1) == Some(&b'(') => Next::Token(link_target(b, i)),
        b']' => Next::Token(i + 1),
        b'*' => Next::Token(i + run(b, i, b'*')),
        b'_' => underscores(text, i),
        b'<' => html_tag(text, i),
        b'&' => entity(b, i),
        b'h' if starts_bare_url(text, i) => Next::Token(bare_url(text, i)),
        _ => Next::Skip(i + text[i..].chars().next().map_or(1, char::len_utf8)),
    }
}

/// The length of the run of `c` at `i`.
fn run(b: &[u8], i: usize, c: u8) -> usize {
    b[i..].iter().take_while(|&&x| x == c).count()
}

/// The end of the code span opened at `i` (its closing run of as many backticks), or of the
/// opening run when it is never closed.
fn code_span(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let n = run(b, i, b'`');
    let fence = &text[i..i + n];
    let mut j = i + n;
    while let Some(rel) = text[j..].find(fence) {
        let at = j + rel;
        let found = run(b, at, b'`');
        if found == n {
            return at + n;
        }
        j = at + found;
    }
    i + n
}

/// The end of `](target)` at `i` (nested parentheses counted, on one line), or of the `]`
/// alone when the parenthesis is not closed.
fn link_target(b: &[u8], i: usize) -> usize {
    let mut depth = 0usize;
    for (j, &c) in b.iter().enumerate().skip(i + 1) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            b'\n' => break,
            _ => {}
        }
    }
    i + 1
}

/// A run of `_` is markup unless it is inside a word (`snake_case`).
fn underscores(text: &str, i: usize) -> Next {
    let n = run(text.as_bytes(), i, b'_');
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let before = text[..i].chars().next_back();
    let after = text[i + n..].chars().next();
    if word(before) && word(after) {
        Next::Skip(i + n)
    } else {
        Next::Token(i + n)
    }
}

/// `<tag …>`, `</tag>` or `<!…>` on one line.
fn html_tag(text: &str, i: usize) -> Next {
    let b = text.as_bytes();
    match text[i + 1..].find(['<', '>', '\n']) {
        Some(rel)
            if b[i + 1 + rel] == b'>'
                && b.get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/' || *c == b'!') =>
        {
            Next::Token(i + 1 + rel + 1)
        }
        _ => Next::Skip(i + 1),
    }
}

/// `&name;` or `&#123;`.
fn entity(b: &[u8], i: usize) -> Next {
    let name = b[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    if name > 0 && b.get(i + 1 + name) == Some(&b';') {
        Next::Token(i + name + 2)
    } else {
        Next::Skip(i + 1)
    }
}

/// `http://` or `https://` at `i`, not inside a word.
fn starts_bare_url(text: &str, i: usize) -> bool {
    (text[i..].starts_with("http://") || text[i..].starts_with("https://"))
        && !text[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
}

/// The end of the bare URL at `i`: up to white space or `<>)"`, without trailing punctuation.
fn bare_url(text: &str, i: usize) -> usize {
    let len = text[i..]
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | ')' | '"'))
        .unwrap_or(text.len() - i);
    let url = text[i..i + len].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    i + url.len()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
