//! The site's path layout: where each page and file of kbsite's output lives, the relative
//! URL from one page to another, and which names kbsite's own output takes, so that no
//! content (a locale folder, an article, a media file) can take them too. Every path and
//! URL of the layout is spelled here and nowhere else.
//!
//! ```text
//! index.html  index.json  static/…             the site root, beside one folder per locale
//! <locale>/index.html  <locale>/page/…  <locale>/codes/…  <locale>/search/…
//! <locale>/<article>/index.html  <locale>/<media path>
//! ```
//!
//! A page is named by its folder (`ru-RU/codes/4.4.312/`), the site root by ``; a page's
//! file is [`page_path`], and a link from one page to another is [`href`].

/// A locale's further pages of articles: `<locale>/page/<n>/`.
const PAGE: &str = "page";
/// A locale's code pages, and the further pages of its codes: `<locale>/codes/…`.
const CODES: &str = "codes";
/// A locale's search page and its index: `<locale>/search/…`.
const SEARCH: &str = "search";

/// The site folder of a locale's home page: `<locale>/`.
pub fn home_dir(locale: &str) -> String {
    format!("{locale}/")
}

/// The site folder of an article's page: `<locale>/<slug>/`.
pub fn article_dir(locale: &str, slug: &str) -> String {
    in_locale(locale, article_in_locale(slug, None))
}

/// A section of an article's page: `<locale>/<slug>/#<section>`.
pub fn article_section(locale: &str, slug: &str, section: &str) -> String {
    in_locale(locale, article_in_locale(slug, Some(section)))
}

/// The site folder of a code's page: `<locale>/codes/<code>/`.
pub fn code_dir(locale: &str, code: &str) -> String {
    in_locale(locale, code_in_locale(code))
}

/// The site folder of page `n` (from 2) of a locale's articles: `<locale>/page/<n>/`.
pub fn articles_page_dir(locale: &str, n: usize) -> String {
    format!("{locale}/{PAGE}/{n}/")
}

/// The site folder of page `n` (from 2) of a locale's codes: `<locale>/codes/page/<n>/`.
pub fn codes_page_dir(locale: &str, n: usize) -> String {
    format!("{locale}/{CODES}/{PAGE}/{n}/")
}

/// The site folder of a locale's search page, where its index files are too:
/// `<locale>/search/`.
pub fn search_dir(locale: &str) -> String {
    format!("{locale}/{SEARCH}/")
}

/// The site path of a content file that is not Markdown: `<locale>/<rel>`.
pub fn media_path(locale: &str, rel: &str) -> String {
    format!("{locale}/{rel}")
}

/// The output file of the page at site folder `dir` (`ru-RU/x/` → `ru-RU/x/index.html`).
pub fn page_path(dir: &str) -> String {
    format!("{dir}index.html")
}

/// An article's URL inside its locale's folder (the search index's), in pieces so that it is
/// written without being put together: `<slug>/`, or `<slug>/#<section>`. `slug` is as the
/// URL has it (encoded, [`encode`]).
pub fn article_in_locale<'a>(slug: &'a str, section: Option<&'a str>) -> [&'a str; 4] {
    match section {
        Some(id) => [slug, "/", "#", id],
        None => [slug, "/", "", ""],
    }
}

/// A code page's URL inside its locale's folder, in pieces: `codes/<code>/`.
pub fn code_in_locale(code: &str) -> [&str; 4] {
    [CODES, "/", code, "/"]
}

/// `<locale>/` and the pieces of a URL inside it.
fn in_locale(locale: &str, pieces: [&str; 4]) -> String {
    let mut out =
        String::with_capacity(locale.len() + 1 + pieces.iter().map(|p| p.len()).sum::<usize>());
    out.push_str(locale);
    out.push('/');
    for piece in pieces {
        out.push_str(piece);
    }
    out
}

/// The relative URL from the page whose folder is `from_dir` (`ru-RU/codes/4.4.312/`, or ``
/// for the site root) to the site path `to` (`ru-RU/article/`, `static/style.css`),
/// percent-encoded where a name needs it ([`encode`]).
pub fn href(from_dir: &str, to: &str) -> String {
    let from = from_dir.split('/').filter(|s| !s.is_empty());
    // The folders both paths start with, never the whole of `to` (its last segment, a file
    // name or empty, stays); `rest` is where the rest of `to` starts. Every page's links go
    // through here, so it allocates only the result.
    let cap = to.split('/').count() - 1;
    let (mut common, mut rest) = (0, 0);
    for (f, t) in from.clone().zip(to.split('/')) {
        if common == cap || f != t {
            break;
        }
        common += 1;
        rest += t.len() + 1;
    }
    let ups = from.count() - common;
    let mut out = String::with_capacity(3 * ups + to.len() - rest);
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(&encode(&to[rest..]));
    if out.is_empty() {
        out.push_str("./");
    }
    out
}

/// The content folder of an article (`a/b` of `a/b/c`, `` at the top), which its relative
/// links and includes start from.
pub fn folder_of(slug: &str) -> &str {
    slug.rsplit_once('/').map_or("", |(folder, _)| folder)
}

/// `path` (`/`-separated) with its `.` and `..` resolved and empty segments dropped; `None`
/// if a `..` climbs above its root. For paths that must stay in their tree: a link or an
/// include inside the content folder. (A URL on the web is [`normalize_url`].)
pub fn normalize(path: &str) -> Option<String> {
    resolve_dots(path, AboveRoot::Refuse)
}

/// `path` with its `.` and `..` resolved as a browser resolves a URL's path: a `..` above the
/// root stays at the root. For URLs whose root is a web site's (the documentation site's, a
/// page's HTML rebased to another page).
pub fn normalize_url(path: &str) -> String {
    resolve_dots(path, AboveRoot::Ignore).unwrap_or_default()
}

/// What a `..` above the root does.
#[derive(Clone, Copy, PartialEq)]
enum AboveRoot {
    Refuse,
    Ignore,
}

/// The one pass behind [`normalize`] and [`normalize_url`]; always `Some` with `Ignore`.
fn resolve_dots(path: &str, above: AboveRoot) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() && above == AboveRoot::Refuse {
                    return None;
                }
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Names at the top of the site that are kbsite's own.
pub const TOP_RESERVED: &[&str] = &["index.html", "index.json", "static"];

/// Names at the top of a locale's folder that are kbsite's own: listings, code pages and the
/// search page with its index.
pub const LOCALE_RESERVED: &[&str] = &["index.html", PAGE, CODES, SEARCH];

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

    /// Where each kind of page lives, and a link between two of them.
    #[test]
    fn pages_live_where_the_layout_says() {
        assert_eq!(home_dir("ru-RU"), "ru-RU/");
        assert_eq!(article_dir("ru-RU", "mail/flow"), "ru-RU/mail/flow/");
        assert_eq!(article_section("en", "a", "fix"), "en/a/#fix");
        assert_eq!(code_dir("ru-RU", "4.4.312"), "ru-RU/codes/4.4.312/");
        assert_eq!(articles_page_dir("en", 2), "en/page/2/");
        assert_eq!(codes_page_dir("en", 3), "en/codes/page/3/");
        assert_eq!(search_dir("sv-SE"), "sv-SE/search/");
        assert_eq!(media_path("en", "media/a.png"), "en/media/a.png");
        assert_eq!(
            page_path(&code_dir("en", "5.7.1")),
            "en/codes/5.7.1/index.html"
        );
        assert_eq!(article_in_locale("a", Some("fix")).concat(), "a/#fix");
        assert_eq!(article_in_locale("a", None).concat(), "a/");
        assert_eq!(code_in_locale("4.4.312").concat(), "codes/4.4.312/");
        assert_eq!(
            href(&code_dir("ru-RU", "4.4.312"), &article_dir("ru-RU", "mail")),
            "../../mail/"
        );
        assert_eq!(href(&search_dir("en"), &home_dir("en")), "../");
        // Every folder of the layout is one that no content may take.
        for dir in [
            articles_page_dir("en", 2),
            code_dir("en", "4.4.312"),
            codes_page_dir("en", 2),
            search_dir("en"),
        ] {
            let within = dir.split_once('/').unwrap().1;
            assert!(reserved_in_locale(within).is_some(), "{dir}");
        }
    }

    #[test]
    fn relative_urls() {
        let table = [
            ("ru-RU/codes/4.4.312/", "ru-RU/mail/", "../../mail/"),
            (
                "ru-RU/codes/4.4.312/",
                "ru-RU/codes/4.4.315/",
                "../4.4.315/",
            ),
            ("ru-RU/codes/4.4.312/", "ru-RU/codes/4.4.312/", "./"),
            ("ru-RU/", "static/style.css", "../static/style.css"),
            ("", "ru-RU/", "ru-RU/"),
            ("ru-RU/a/", "sv-SE/a/", "../../sv-SE/a/"),
            ("ru-RU/", "ru-RU/", "./"),
        ];
        for (from, to, want) in table {
            assert_eq!(href(from, to), want, "{from} -> {to}");
        }
    }

    #[test]
    fn relative_urls_agree_with_the_segment_lists_they_stand_for() {
        // The first implementation, which said what a relative URL is in the plainest way.
        fn by_lists(from_dir: &str, to: &str) -> String {
            let from: Vec<&str> = from_dir.split('/').filter(|s| !s.is_empty()).collect();
            let target: Vec<&str> = to.split('/').collect();
            let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            let common = common.min(target.len() - 1);
            let mut out = "../".repeat(from.len() - common);
            out.push_str(&target[common..].join("/"));
            if out.is_empty() {
                out.push_str("./");
            }
            out
        }
        let paths = [
            "",
            "a",
            "a/",
            "a/b",
            "a/b/",
            "a/b/c/",
            "a/c/",
            "b/",
            "a//b/",
            "/a/",
            "a/b/index.html",
            "static/style.css",
            "ru-RU/codes/4.4.312/",
        ];
        for from in paths {
            for to in paths {
                assert_eq!(href(from, to), by_lists(from, to), "{from:?} -> {to:?}");
            }
        }
    }

    #[test]
    fn dots_are_resolved_by_the_policy_of_the_path() {
        assert_eq!(normalize("a/../b/./c.md").as_deref(), Some("b/c.md"));
        assert_eq!(normalize("a//b/").as_deref(), Some("a/b"));
        assert_eq!(normalize("/../../etc/passwd"), None);
        assert_eq!(normalize("a/../../b"), None);
        assert_eq!(normalize_url("/a/b/../../../c"), "c");
        assert_eq!(normalize_url("../../etc/passwd"), "etc/passwd");
        assert_eq!(folder_of("a/b/c"), "a/b");
        assert_eq!(folder_of("c"), "");
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
