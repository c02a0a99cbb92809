//! The allow-list for pages whose Markdown has raw HTML (besides the `<a name>` anchors and
//! `<br>` that [`render`](super::render) handles itself). The rendered page is parsed as a fragment by
//! html5ever and rebuilt by ammonia with only the elements and attributes below; everything
//! kbsite's own renderer writes is on the list, so such a page looks as it would without the
//! raw HTML. Pages without raw HTML never come here.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Elements kept (text, blocks, tables); any other element is removed and its content
/// kept as text, except the content of `script` and `style`, which goes too.
const TAGS: &str = "a abbr b bdi bdo br cite code del dfn em i img ins kbd mark q s samp \
    small span strike strong sub sup time u var wbr \
    blockquote dd details div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li ol p pre \
    summary ul \
    caption col colgroup table tbody td tfoot th thead tr";

/// Attributes kept on every element.
const GENERIC_ATTRIBUTES: &str = "dir lang title";

/// Attributes kept on some elements. `id`s are the heading ids and `<a name>` anchors;
/// `class` is filtered by [`CLASSES`]; `style` and `on*` handlers are never kept.
const TAG_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "class href hreflang id"),
    ("code", "class"),
    ("col", "span"),
    ("colgroup", "span"),
    ("details", "open"),
    ("div", "class role"),
    ("h1", "id"),
    ("h2", "id"),
    ("h3", "id"),
    ("h4", "id"),
    ("h5", "id"),
    ("h6", "id"),
    ("img", "alt height src width"),
    ("ol", "start"),
    ("p", "class"),
    ("span", "class"),
    ("td", "class colspan rowspan"),
    ("th", "class colspan rowspan"),
    ("time", "datetime"),
];

/// The classes kbsite's renderer writes: sentences, callouts, table wrappers, includes,
/// code links, removed links, missing media and video cards. Code blocks also keep
/// `language-*`, table cells [`CELL_CLASSES`].
const CLASSES: &str = "seg fallback callout callout-title note tip important warning \
    caution table-wrap include include-too-large code-ref link-removed media-missing \
    video video-link video-label video-url";

/// The alignment classes of table cells, kept on `td` and `th` only.
const CELL_CLASSES: &str = "align-left align-center align-right";

fn filter_class<'u>(element: &str, value: &'u str) -> Option<Cow<'u, str>> {
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|c| {
            CLASSES.split_ascii_whitespace().any(|k| k == *c)
                || (element == "code" && c.starts_with("language-"))
                || (matches!(element, "td" | "th")
                    && CELL_CLASSES.split_ascii_whitespace().any(|k| k == *c))
        })
        .collect();
    (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.split_ascii_whitespace().collect())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(GENERIC_ATTRIBUTES.split_ascii_whitespace().collect())
        .tag_attributes(
            TAG_ATTRIBUTES
                .iter()
                .map(|&(tag, attrs)| (tag, attrs.split_ascii_whitespace().collect()))
                .collect(),
        )
        // URL schemes kept in `href` and `src`: those the link resolver keeps; relative URLs
        // and fragments are kept too. `javascript:`, `vbscript:`, `data:` and the rest go.
        .url_schemes(super::schemes::SAFE.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match attribute {
            "class" => filter_class(element, value),
            _ => Some(Cow::Borrowed(value)),
        });
    builder
});

/// `html` with everything not on the allow-list removed.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{html, opts};
    use super::super::*;

    #[test]
    fn raw_html_is_sanitized_to_an_allow_list() {
        // (Markdown, HTML): every link target is kept by the resolver here, so what goes is
        // the sanitizer's doing.
        let cases: &[(&str, &str)] = &[
            // Formatting is kept.
            (
                "a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <sub>2</sub> <sup>3</sup> <kbd>Ctrl</kbd> <code>c</code><br>z\n",
                "<p>a <b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <s>s</s> <sub>2</sub> <sup>3</sup> <kbd>Ctrl</kbd> <code>c</code><br>z</p>\n",
            ),
            (
                "<span title=\"t\" lang=\"en\" class=\"seg x\" onmouseover=\"alert(1)\" style=\"color:red\">s</span>\n",
                "<p><span title=\"t\" lang=\"en\" class=\"seg\">s</span></p>\n",
            ),
            (
                "<table><tr><td colspan=\"2\" style=\"x\" onclick=\"alert(1)\">c</td></tr></table>\n",
                "<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>\n",
            ),
            (
                "<details open ontoggle=\"alert(1)\"><summary>S</summary>body</details>\n",
                "<details open=\"\"><summary>S</summary>body</details>\n",
            ),
            // Script and style go with their content, inside text or as a block, any case.
            ("a <script>alert(1)</script> b\n", "<p>a  b</p>\n"),
            ("a <SCRIPT>alert(1)</SCRIPT> b\n", "<p>a  b</p>\n"),
            ("<script>alert(1)</script>\n", "\n"),
            ("<style>@import url(https://evil.example/x.css);</style>after\n", "after\n"),
            // Event handlers and styles go; images keep a web or relative source only.
            ("<img src=x onerror=alert(1)>\n", "<img src=\"x\">\n"),
            (
                "<IMG SRC=\"https://example.com/a.png\" ONERROR=\"alert(1)\" alt=A style=\"x\">\n",
                "<img src=\"https://example.com/a.png\" alt=\"A\">\n",
            ),
            (
                "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\" alt=\"d\">\n",
                "<img alt=\"d\">\n",
            ),
            (
                "<img src=\"javascript:alert(1)\" srcset=\"javascript:alert(2) 1x\" alt=\"j\">\n",
                "<img alt=\"j\">\n",
            ),
            // Links keep web, mail, relative and fragment targets, with rel=noopener.
            (
                "<a href=\"https://example.com/\" onclick=\"alert(1)\" target=\"_blank\">w</a> <a href=\"mailto:a@example.com\">m</a> <a href=\"#f\">f</a> <a href=\"../r/\">r</a>\n",
                "<p><a href=\"https://example.com/\" rel=\"noopener noreferrer\">w</a> <a href=\"mailto:a@example.com\" rel=\"noopener noreferrer\">m</a> <a href=\"#f\" rel=\"noopener noreferrer\">f</a> <a href=\"../r/\" rel=\"noopener noreferrer\">r</a></p>\n",
            ),
            // Script URLs go however they are written.
            ("<a href=\"javascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\" javascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"JaVaScRiPt:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"jav&#x61;script:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"&#106;avascript:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"java&#x09;script:alert(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            ("<a href=\"vbscript:msgbox(1)\">x</a>\n", "<p><a rel=\"noopener noreferrer\">x</a></p>\n"),
            (
                "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>\n",
                "<p><a rel=\"noopener noreferrer\">x</a></p>\n",
            ),
            // Embedding, SVG, MathML, forms and document-level elements go.
            ("<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>x\n", "x\n"),
            ("<svg onload=alert(1)><script>alert(2)</script></svg> x\n", "<p> x</p>\n"),
            (
                "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math> x\n",
                "<p> x</p>\n",
            ),
            (
                "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(2)\">x\n",
                "<p>x</p>\n",
            ),
            (
                "<base href=\"javascript:alert(1)//\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(2)\"><link rel=\"stylesheet\" href=\"x.css\">x\n",
                "x\n",
            ),
            (
                "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(2)\">Go</button></form>\n",
                "Go\n",
            ),
            // Markup that hides in text stays text.
            (
                "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>\n",
                "<p>&lt;p title=\"<img src=\"x\">\"&gt;</p>\n",
            ),
            // Markup cannot close the page's elements.
            ("</div></main><b>x</b>\n", "<b>x</b>\n"),
            // The anchors documentation uses are kept.
            (
                "<a name=\"top\"></a> <b>b</b>\n",
                "<p><a id=\"top\" rel=\"noopener noreferrer\"></a> <b>b</b></p>\n",
            ),
        ];
        let mut failures = Vec::new();
        for &(md, want) in cases {
            let got = html(md);
            if got != want {
                failures.push(format!("{md:?}\n   want {want:?}\n    got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The allow-list keeps the schemes of [`schemes::SAFE`], and no other.
    #[test]
    fn the_sanitizer_keeps_the_safe_schemes_only() {
        for scheme in schemes::SAFE {
            let html = format!("<a href=\"{scheme}:x\">x</a>");
            assert!(
                super::clean(&html).contains(&format!("href=\"{scheme}:x\"")),
                "{scheme}"
            );
        }
        for scheme in ["javascript", "JavaScript", "vbscript", "data", "file"] {
            let html = format!("<a href=\"{scheme}:x\">x</a>");
            assert!(!super::clean(&html).contains("href"), "{scheme}");
        }
    }

    #[test]
    fn pages_without_raw_html_are_not_sanitized() {
        // ammonia would add `rel` and write `<hr>`: this output did not go through it.
        assert_eq!(
            html("[a](https://example.com/)<br>b <a name=\"x\"></a>\n\n---\n"),
            "<p><a href=\"https://example.com/\">a</a><br>b <a id=\"x\"></a></p>\n<hr />\n"
        );
    }

    #[test]
    fn what_the_renderer_writes_survives_the_sanitizer() {
        let md = "# <a name=\"t\"></a><b>Title</b>\n\n> [!WARNING]\n> Careful <kbd>x</kbd>.\n\n\
                  | a | b |\n|---|--:|\n| 4.4.316 | [l](a.md) ![i](gone.png) |\n\n\
                  ```sh\nrm\n```\n\n3. three\n\n[!INCLUDE [t](x.md)]\n\n[!VIDEO https://v.example.com/1]\n";
        let mut resolve = |l: LinkRef<'_>| match l.dest {
            "a.md" => LinkAction::Url("../a/".into()),
            d if d.starts_with("https:") => LinkAction::Url(d.into()),
            _ => LinkAction::Missing,
        };
        let mut include =
            |_: &str, _| "<div class=\"include\" lang=\"en\">\n<p>Inc</p>\n</div>\n".to_owned();
        let opts = RenderOptions {
            alert_label: &|k| format!("[{k}]"),
            code_link: &|code| Some(format!("../codes/{code}/")),
            ..opts(&mut resolve, &mut include)
        };
        assert_eq!(
            render(md, opts),
            "<h1 id=\"t\"><b>Title</b></h1>\n\
             <div class=\"callout warning\" role=\"note\"><p class=\"callout-title\">[warning]</p>\n<p>Careful <kbd>x</kbd>.</p>\n</div>\n\
             <div class=\"table-wrap\"><table><thead><tr><th>a</th><th class=\"align-right\">b</th></tr></thead><tbody>\n\
             <tr><td><a class=\"code-ref\" href=\"../codes/4.4.316/\" rel=\"noopener noreferrer\">4.4.316</a></td>\
             <td class=\"align-right\"><a href=\"../a/\" rel=\"noopener noreferrer\">l</a> <span class=\"media-missing\">i</span></td></tr>\n\
             </tbody></table>\n</div>\n\
             <pre><code class=\"language-sh\">rm\n</code></pre>\n<ol start=\"3\">\n<li>three</li>\n</ol>\n\
             <div class=\"include\" lang=\"en\">\n<p>Inc</p>\n</div>\n\
             <div class=\"video\"><a class=\"video-link\" href=\"https://v.example.com/1\" rel=\"noopener noreferrer\">\
             <span class=\"video-label\">video</span> <span class=\"video-url\">v.example.com/1</span></a></div>\n"
        );
    }
}
