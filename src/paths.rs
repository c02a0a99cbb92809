//! The site's path layout: which names kbsite's own output takes, so that no content (a
//! locale folder, an article, a media file) can take them too.
//!
//! ```text
//! index.html  index.json  static/…             the site root, beside one folder per locale
//! <locale>/index.html  <locale>/page/…  <locale>/codes/…  <locale>/search/…
//! <locale>/<article>/index.html  <locale>/<media path>
//! ```

/// Names at the top of the site that are kbsite's own.
pub const TOP_RESERVED: &[&str] = &["index.html", "index.json", "static"];

/// Names at the top of a locale's folder that are kbsite's own: listings, code pages and the
/// search page with its index.
pub const LOCALE_RESERVED: &[&str] = &["index.html", "page", "codes", "search"];

/// Whether `name` is taken by kbsite at the top of the site (compared as file systems that
/// ignore case would).
pub fn is_reserved_top(name: &str) -> bool {
    TOP_RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The reserved name that the output path `rel` inside a locale folder starts with, if any:
/// a media file's path (`search/meta.js` → `search`), an article's page folder, which is its
/// path without `.md` (`search.md` → `search`, `codes/4.4.312.md` → `codes`; `index.md` is
/// `index/`, not the home page).
pub fn reserved_in_locale(rel: &str) -> Option<&'static str> {
    let first = rel.split('/').next().unwrap_or_default();
    LOCALE_RESERVED
        .iter()
        .copied()
        .find(|r| r.eq_ignore_ascii_case(first))
}

/// The Markdown file extension: a content file `a/b.md` is the article `a/b`.
pub const MARKDOWN: &str = ".md";

/// Whether the content file `rel` is Markdown (an article or an include), not a medium.
pub fn is_markdown(rel: &str) -> bool {
    rel.ends_with(MARKDOWN)
}

/// The article a Markdown path names: the path without its one `.md` (`a/b.md` → `a/b`,
/// `a.md.md` → `a.md`, which is not `a.md`'s article `a`); any other path as it is. The one
/// home of that rule: content files, links between articles and links to the documentation
/// site all strip `.md` here.
pub fn slug(rel: &str) -> &str {
    rel.strip_suffix(MARKDOWN).unwrap_or(rel)
}

/// `path` (a `/`-separated site path made of file names) as a URL path: every byte that is
/// not safe in a relative URL's segment is percent-encoded, so a name can never read as a
/// scheme (`javascript:`), a network path (`\\\\host`), a query, a fragment or an encoded
/// `..` (`%2e%2e`). Letters of any script stay as they are (browsers show them so).
pub fn encode(path: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_byte = |b: u8| {
        b < 0x20
            || b == 0x7f
            || matches!(
                b,
                b' ' | b'"'
                    | b'#'
                    | b'%'
                    | b':'
                    | b'<'
                    | b'>'
                    | b'?'
                    | b'['
                    | b'\\'
                    | b']'
                    | b'^'
                    | b'`'
                    | b'{'
                    | b'|'
                    | b'}'
            )
    };
    if !path.bytes().any(unsafe_byte) {
        return path.into();
    }
    let mut out = String::with_capacity(path.len() + 8);
    for c in path.chars() {
        if c.is_ascii() && unsafe_byte(c as u8) {
            out.push_str(&format!("%{:02X}", c as u8));
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_url_segments_that_stay_inside_the_site() {
        for (path, want) in [
            ("ru-RU/mail-flow/", "ru-RU/mail-flow/"),
            ("ru-RU/почта/", "ru-RU/почта/"),
            (
                "en/javascript:alert(1)%2F%2F/",
                "en/javascript%3Aalert(1)%252F%252F/",
            ),
            ("en/%2e%2e/", "en/%252e%252e/"),
            ("en/a b#c?d/", "en/a%20b%23c%3Fd/"),
            ("\\\\attacker.example/", "%5C%5Cattacker.example/"),
        ] {
            assert_eq!(encode(path), want, "{path}");
        }
    }

    #[test]
    fn an_article_is_its_path_without_one_md() {
        assert_eq!(slug("a/b.md"), "a/b");
        assert_eq!(slug("a.md.md"), "a.md");
        assert_eq!(slug("a/"), "a/");
        assert!(is_markdown("a.md") && !is_markdown("a.png"));
    }

    #[test]
    fn reserved_names_are_found_at_the_start_of_a_path_only() {
        assert_eq!(reserved_in_locale("search/meta.js"), Some("search"));
        assert_eq!(reserved_in_locale("search.png"), None);
        assert_eq!(reserved_in_locale("search"), Some("search"));
        assert_eq!(reserved_in_locale("index"), None);
        assert_eq!(reserved_in_locale("Codes/4.4.312.md"), Some("codes"));
        assert_eq!(reserved_in_locale("page/2.md"), Some("page"));
        assert_eq!(reserved_in_locale("index.html"), Some("index.html"));
        assert_eq!(reserved_in_locale("guides/search/x.md"), None);
        assert!(is_reserved_top("Static") && is_reserved_top("index.json"));
        assert!(!is_reserved_top("ru-RU"));
    }
}
