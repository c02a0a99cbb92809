//! DocFX video lines: `[!VIDEO https://…]` on a line of its own, or as the only line of a
//! block quote (`> [!VIDEO https://…]`, the form DocFX documents), in either half of a span
//! pair or outside them.
//!
//! A video becomes a link card to it (`<div class="video"><a class="video-link" …>`), never a
//! frame: the site's Content-Security-Policy has no `frame-src` and keeps it that way, and a
//! card also works from `file://` and in print. Its URL goes through the caller's resolver as
//! a [`Target::Video`](super::Target::Video), which keeps only `http` and `https` URLs; for
//! any other the card shows the address as text, without a link.

use super::{escape, is_marker};

/// The video URL of a paragraph's or block quote's Markdown, if it is a video line: one
/// `[!VIDEO url]` (any case, sentence markers around it allowed), nothing else.
pub fn target(md: &str) -> Option<&str> {
    // Most blocks are not videos: one search for the bracket's `!` rules them out.
    if !md.contains("[!") {
        return None;
    }
    let mut lines = md.lines().map(unquote).filter(|l| !l.is_empty());
    let line = lines.next()?;
    if lines.next().is_some() {
        return None;
    }
    let line = line.trim_matches(|c: char| c.is_whitespace() || is_marker(c));
    let prefix = line.get(..7)?;
    if !prefix.eq_ignore_ascii_case("[!video") {
        return None;
    }
    let inner = line[7..].strip_suffix(']')?;
    let url = inner.trim();
    let valid = inner.starts_with(char::is_whitespace)
        && !url.is_empty()
        && !url.contains(|c: char| c.is_whitespace() || is_marker(c) || c == ']');
    valid.then_some(url)
}

/// A line without its block-quote markers (`> > `) and the spaces around them.
fn unquote(line: &str) -> &str {
    let mut line = line.trim();
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    line
}

/// The card of the video at `url`: a link to `href`, or, when the resolver dropped the URL
/// (`None`), the address as text. `label` is the localized word for "Video", as HTML.
pub fn card(url: &str, href: Option<&str>, label: &str) -> String {
    match href {
        Some(href) => {
            let shown = super::schemes::without_web_scheme(url).unwrap_or(url);
            format!(
                "<div class=\"video\"><a class=\"video-link\" href=\"{}\">\
                 <span class=\"video-label\">{label}</span> \
                 <span class=\"video-url\">{}</span></a></div>\n",
                escape(href),
                escape(shown)
            )
        }
        None => format!(
            "<div class=\"video\"><span class=\"video-link link-removed\">\
             <span class=\"video-label\">{label}</span> \
             <span class=\"video-url\">{}</span></span></div>\n",
            escape(url)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{html, opts};
    use super::super::{render, LinkAction, LinkRef, Target};
    use super::*;

    #[test]
    fn video_lines_are_recognised() {
        let url = Some("https://www.youtube.com/embed/x1");
        for md in [
            "[!VIDEO https://www.youtube.com/embed/x1]",
            "[!Video https://www.youtube.com/embed/x1]\n",
            "  [!video   https://www.youtube.com/embed/x1 ]  ",
            "> [!VIDEO https://www.youtube.com/embed/x1]\n",
            ">\n> [!VIDEO https://www.youtube.com/embed/x1]\n>\n",
            "\u{2E3A}[!VIDEO https://www.youtube.com/embed/x1]\u{2E3B}",
            "> \u{2E3A}[!VIDEO https://www.youtube.com/embed/x1]\u{2E3B}\n",
        ] {
            assert_eq!(target(md), url, "{md:?}");
        }
        for md in [
            "[!VIDEO]",
            "[!VIDEO ]",
            "[!VIDEOhttps://x]",
            "[!VIDEO https://x] and text",
            "See [!VIDEO https://x]",
            "[!VIDEO https://x y]",
            "[!VIDEO https://x]\n[!VIDEO https://y]",
            "[!INCLUDE [t](a.md)]",
            "[!VIDÉO https://x]",
            "",
        ] {
            assert_eq!(target(md), None, "{md:?}");
        }
    }

    #[test]
    fn videos_become_link_cards_never_frames() {
        let card = "<div class=\"video\"><a class=\"video-link\" href=\"https://v.example.com/e/1?a=1&amp;b=2\">\
                    <span class=\"video-label\">[video]</span> \
                    <span class=\"video-url\">v.example.com/e/1?a=1&amp;b=2</span></a></div>\n";
        assert_eq!(
            html("A\n\n[!VIDEO https://v.example.com/e/1?a=1&b=2]\n\nB\n"),
            format!("<p>A</p>\n{card}<p>B</p>\n")
        );
        assert_eq!(html("> [!VIDEO https://v.example.com/e/1?a=1&b=2]\n"), card);
        // Anything else in the quote makes it a quote.
        assert!(html("> [!VIDEO https://x]\n> Text.\n").starts_with("<blockquote>"));
    }

    #[test]
    fn dropped_video_urls_are_shown_as_text() {
        let mut seen = Vec::new();
        let mut drop = |l: LinkRef<'_>| {
            seen.push((l.dest.to_owned(), l.kind, l.range));
            LinkAction::Drop
        };
        let mut include = |_: &str, _| String::new();
        let md = "Text.\n\n[!VIDEO ftp://v.example.com/1]\n";
        let out = render(md, opts(&mut drop, &mut include));
        assert!(
            out.ends_with("<span class=\"video-url\">ftp://v.example.com/1</span></span></div>\n"),
            "{out}"
        );
        assert_eq!(
            seen,
            [("ftp://v.example.com/1".to_owned(), Target::Video, 7..37)]
        );
        assert_eq!(
            card("javascript:alert(1)", None, "Video"),
            "<div class=\"video\"><span class=\"video-link link-removed\">\
             <span class=\"video-label\">Video</span> \
             <span class=\"video-url\">javascript:alert(1)</span></span></div>\n"
        );
        assert!(card(
            "https://x/\"><script>",
            Some("https://x/\"><script>"),
            "<b>"
        )
        .contains("href=\"https://x/&quot;&gt;&lt;script&gt;\""));
    }
}
