//! URL schemes: which ones a link, image or video of the content may keep. The one list of
//! them: the link resolver (`render/links.rs`), the sanitizer's allow-list (`sanitize`) and
//! the video card ([`super::video`]) all read it here.

/// The schemes a link or image keeps; any other (`javascript:`, `vbscript:`, `data:`,
/// `file:` …) is dropped. Relative URLs and fragments have no scheme and are kept.
pub const SAFE: &[&str] = &["ftp", "http", "https", "mailto", "tel"];

/// The schemes of [`SAFE`] a video keeps: it is a web page to open, nothing else.
const WEB: &[&str] = &["http", "https"];

/// The scheme of an absolute URL (`https` in `https://…`), if any.
pub fn scheme(url: &str) -> Option<&str> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Whether a link or image may keep a URL of `scheme` (any case).
pub fn is_safe(scheme: &str) -> bool {
    SAFE.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// Whether a video may keep a URL of `scheme` (any case): a safe scheme of the web.
pub fn is_web(scheme: &str) -> bool {
    is_safe(scheme) && WEB.iter().any(|s| s.eq_ignore_ascii_case(scheme))
}

/// `url` without its `http://` or `https://` (any case), if it has one: how a video card
/// shows its address.
pub fn without_web_scheme(url: &str) -> Option<&str> {
    let scheme = scheme(url).filter(|s| is_web(s))?;
    url[scheme.len()..].strip_prefix("://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_and_judged_in_any_case() {
        assert_eq!(scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(scheme("JaVaScRiPt:x"), Some("JaVaScRiPt"));
        assert_eq!(scheme("a.md"), None);
        assert_eq!(scheme("dir/a:b.md"), None);
        assert!(!is_safe("JavaScript") && !is_safe("data") && !is_safe("vbscript"));
        assert!(is_safe("MAILTO") && is_safe("https"));
        assert!(is_web("HTTPS") && !is_web("mailto") && !is_web("javascript"));
        assert!(
            WEB.iter().all(|s| is_safe(s)),
            "a video's schemes are safe ones"
        );
        assert_eq!(without_web_scheme("HTTPS://x.org/v"), Some("x.org/v"));
        assert_eq!(without_web_scheme("http:x"), None);
        assert_eq!(without_web_scheme("ftp://x.org/v"), None);
    }
}
