//! Markdown to HTML with pulldown-cmark, the way documentation sites need it.
//!
//! - [`blocks`] gives the top-level outline of a document (headings with their `<a name>`
//!   anchors, paragraphs, lists) with byte ranges, so the model can cut sections.
//! - [`render`] turns Markdown into safe HTML: heading ids chosen by the caller (identical in
//!   every locale), links and images rewritten by a caller-supplied resolver, DocFX/GFM alerts
//!   as callouts, DocFX video lines as link cards ([`video`]), tables wrapped for scrolling
//!   with their columns' alignment as classes ([`table`]), e-mail autolinks as `mailto:`
//!   links, and the `<a name>` anchors and `<br>` that documentation uses. Other raw HTML is kept, its link and image targets resolved like
//!   Markdown ones, and then the whole page goes through an allow-list (`sanitize`, ammonia):
//!   formatting stays, script, handlers and script URLs go. Content can never inject script.
//! - Bounded for any input: the sanitizer sees at most [`nesting::MAX_DEPTH`] open elements
//!   (deeper tags become text, `html-too-deep`); content ids never repeat the template's, a
//!   heading's or each other's ([`ids`], `id-duplicate`); NUL is written as U+FFFD
//!   (`nul-byte`). These come back as [`Problem`]s in [`Rendered`] for the caller to report.
//!
//! The parts, in the order the text flows through them:
//!
//! - the outline: `outline` (the blocks of a text), `outline_like` (of a new version, from
//!   the old one's), `plain` (plain text, collapsed whitespace, slugs);
//! - rendering: `render` (what the caller gives and gets), `marks` (sentence spans),
//!   `renderer` (the pass over the events, one method per kind), `rewrite` (single events
//!   rewritten), `table`, `video`, `raw_html` (anchors, raw link targets, the one tag
//!   reader), `placeholder` (`<app>` as text), `ids` (unique ids);
//! - the written page: `finish` (written, ids relinked, NULs replaced), `nesting` (bounded
//!   depth), `sanitize` (the allow-list); [`schemes`], the URL schemes content may keep.

mod finish;
mod ids;
mod marks;
mod nesting;
mod outline;
mod outline_like;
mod placeholder;
mod plain;
mod raw_html;
mod render;
mod renderer;
mod rewrite;
mod sanitize;
pub mod schemes;
mod table;
#[cfg(test)]
mod tests;
mod video;

use pulldown_cmark::Options;

use marks::is_marker;

pub use marks::Mark;
pub use outline::{blocks, include_target, outline, Block, BlockKind, Outline};
pub use outline_like::outline_like;
pub use plain::{collapse_whitespace, collapsed, plain_text, slug, strip_inline, MAX_SLUG};
pub use render::{LinkAction, LinkRef, Problem, RenderOptions, Rendered, Target};
pub use renderer::{render, render_blocks};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_GFM
}

/// Escapes text for HTML content and double-quoted attribute values (`&`, `<`, `>`, `"`), with
/// pulldown-cmark's own escaper, which skips runs of plain text a word at a time.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// [`escape`] straight into a writer: Tera's escape function for `{{ … }}` output.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), s)
}
