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

#[cfg(test)]
mod tests {
    use super::*;

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
