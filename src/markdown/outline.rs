//! The outline of a document: its top-level blocks (headings with their `<a name>` anchors,
//! paragraphs, lists, DocFX include and video lines) with byte ranges and plain text, so the
//! model can cut sections.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::plain::{collapsed, raw_text};
use super::raw_html::{anchor, Anchor};
use super::{options, video};

/// A top-level block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// Byte range in the Markdown.
    pub range: Range<usize>,
    /// Plain text of headings and paragraphs (empty for other blocks).
    pub text: String,
    /// The first `<a name="…">` anchor of a heading (`None` for other blocks).
    pub anchor: Option<String>,
}

impl Block {
    /// Whether [`blocks`] keeps the text of this block: the model reads only that of
    /// headings and paragraphs, so the text of lists, tables and the rest is not gathered.
    fn has_text(&self) -> bool {
        matches!(self.kind, BlockKind::Heading(_) | BlockKind::Paragraph)
    }
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    List,
    /// A DocFX include line: `[!INCLUDE [title](path)]`.
    Include,
    /// A DocFX video line: `[!VIDEO https://…]`.
    Video,
    Other,
}
/// The target of a DocFX include paragraph (`[!INCLUDE [title](path)]`), if `para` is one.
pub fn include_target(para: &str) -> Option<&str> {
    let inner = para
        .trim()
        .strip_prefix("[!INCLUDE")?
        .strip_suffix(']')?
        .trim_start();
    let inner = inner.strip_prefix('[')?;
    let close = inner.find("](")?;
    let target = inner[close + 2..].strip_suffix(')')?.trim();
    (!target.is_empty() && !target.contains(char::is_whitespace)).then_some(target)
}
/// The top-level blocks of `md`, in order.
pub fn blocks(md: &str) -> Vec<Block> {
    outline(md).blocks
}
/// The [`blocks`] of a text, and what [`outline_like`] needs to reuse them for another
/// version of the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub blocks: Vec<Block>,
    /// Whether the text defines link references. They apply to the whole text, so that a
    /// part of it does not parse on its own as it does in the whole.
    pub(super) refs: bool,
}
/// The [`blocks`] of `md`, as an [`Outline`].
pub fn outline(md: &str) -> Outline {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Block> = None;
    // Inside an inline raw-text element (see `raw_text`); it ends with its paragraph.
    let mut raw = None;
    let parser = Parser::new_ext(md, options()).into_offset_iter();
    // The first pass, done by `new_ext`, has found them all.
    let refs = parser.reference_definitions().iter().next().is_some();
    for (event, range) in parser {
        if matches!(event, Event::End(TagEnd::Paragraph | TagEnd::Heading(_))) {
            raw = None;
        }
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    let kind = match tag {
                        Tag::Heading { level, .. } => BlockKind::Heading(level_number(level)),
                        Tag::Paragraph if include_target(&md[range.clone()]).is_some() => {
                            BlockKind::Include
                        }
                        Tag::Paragraph if video::target(&md[range.clone()]).is_some() => {
                            BlockKind::Video
                        }
                        Tag::Paragraph => BlockKind::Paragraph,
                        Tag::List(_) => BlockKind::List,
                        _ => BlockKind::Other,
                    };
                    // The text is never longer than the Markdown it comes from.
                    let text = match kind {
                        BlockKind::Heading(_) | BlockKind::Paragraph => {
                            String::with_capacity(range.len())
                        }
                        _ => String::new(),
                    };
                    current = Some(Block {
                        kind,
                        range,
                        text,
                        anchor: None,
                    });
                }
                depth += 1;
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(mut block) = current.take() {
                        if let Cow::Owned(text) = collapsed(&block.text) {
                            block.text = text;
                        }
                        out.push(block);
                    }
                }
            }
            Event::Text(_) | Event::Code(_) if raw.is_some() => {}
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = current.as_mut().filter(|b| b.has_text()) {
                    block.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = current.as_mut().filter(|b| b.has_text()) {
                    block.text.push(' ');
                }
            }
            Event::InlineHtml(html) => {
                raw = raw_text(raw, &html);
                let heading = current
                    .as_mut()
                    .filter(|b| matches!(b.kind, BlockKind::Heading(_)) && b.anchor.is_none());
                if let Some(block) = heading {
                    if let Some(Anchor::Open(name)) = anchor(&html) {
                        block.anchor = Some(name);
                    }
                }
            }
            Event::Html(html) if depth == 0 => {
                out.push(Block {
                    kind: BlockKind::Other,
                    range,
                    text: String::new(),
                    anchor: None,
                });
                let _ = html;
            }
            _ => {}
        }
    }
    Outline { blocks: out, refs }
}
fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

#[cfg(test)]
mod tests {
    use super::super::tests::html;
    use super::super::*;
    use super::*;

    /// The text of inline `<script>` and `<style>` elements is not a title's, a tooltip's or
    /// the search's.
    #[test]
    fn script_and_style_text_is_not_text() {
        let md = "# Fix <script>alert(1)</script> it\n\nA <STYLE>p{}</style> *b* <script src=x></script>\
                  c\n\nD <script>open\n\nE\n";
        let texts: Vec<String> = blocks(md).into_iter().map(|b| b.text).collect();
        assert_eq!(texts, ["Fix it", "A b c", "D", "E"]);
        assert_eq!(
            plain_text("a <style>p{}</style> b <scripts>c</scripts>"),
            "a b c"
        );
    }

    #[test]
    fn blocks_give_top_level_outline_with_anchors() {
        let md = "# <a name=\"t\"></a>Title\n\nPara **one**.\n\n- a\n- b\n\n## Sub\n";
        let b = blocks(md);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::List,
                BlockKind::Heading(2)
            ]
        );
        assert_eq!(b[0].anchor.as_deref(), Some("t"));
        assert_eq!(b[0].text, "Title");
        assert_eq!(b[1].text, "Para one.");
        assert_eq!(&md[b[2].range.clone()], "- a\n- b\n\n");
    }

    #[test]
    fn include_paragraphs_are_replaced_never_shown_as_text() {
        assert_eq!(
            include_target("[!INCLUDE [Rebranding](../includes/x.md)]\n"),
            Some("../includes/x.md")
        );
        assert_eq!(include_target("[!INCLUDE[t](a.md)]"), Some("a.md"));
        assert_eq!(include_target("See [!INCLUDE [t](a.md)]"), None);
        assert_eq!(
            html("A\n\n[!INCLUDE [T](../i/x.md)]\n\nB\n"),
            "<p>A</p>\n<included ../i/x.md>\n<p>B</p>\n"
        );
        let kinds: Vec<BlockKind> = blocks("[!INCLUDE [T](x.md)]\n")
            .iter()
            .map(|b| b.kind)
            .collect();
        assert_eq!(kinds, [BlockKind::Include]);
    }
}
