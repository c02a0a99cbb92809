//! Link policy: where a link, image or video in an article leads from a page (an article
//! of the site, a content file, the documentation site, or nowhere when its scheme is not
//! safe), and the URL helpers it and the code pages use (rebasing HTML from one page to
//! another). Paths are normalized by [`paths::normalize`] and [`paths::normalize_url`].

use super::Ctx;
use crate::diagnostics::Kind;
use crate::markdown::schemes::{self, scheme};
use crate::markdown::{LinkAction, Target};
use crate::model::Article;
use crate::paths;

impl Ctx<'_> {
    /// Decides where a link in `article` leads from the page at `dir`.
    pub(super) fn resolve(
        &self,
        dest: &str,
        kind: Target,
        article: &Article,
        locale: &str,
        dir: &str,
    ) -> (LinkAction, Option<(Kind, String)>) {
        let dest = dest.trim();
        if kind == Target::Video {
            return video(dest);
        }
        let image = kind == Target::Image;
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") {
            return (LinkAction::Url(dest.to_owned()), None);
        }
        if let Some(scheme) = scheme(dest) {
            return if schemes::is_safe(scheme) {
                (LinkAction::Url(dest.to_owned()), None)
            } else {
                (
                    LinkAction::Drop,
                    Some((
                        Kind::LinkUnsafe,
                        format!("link to a `{scheme}:` URL removed"),
                    )),
                )
            };
        }
        let split = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split);
        let docs = self.inputs.config.docs_base_url.as_deref();
        let article_dir_rel = paths::folder_of(&article.slug);
        if path.starts_with('/') {
            let url = docs.map_or_else(
                || dest.to_owned(),
                |d| docs_url(d, path, suffix, article_dir_rel),
            );
            let message =
                format!("site-relative link `{dest}` has no page in this site; it leads to {url}");
            return (LinkAction::Url(url), Some((Kind::LinkAbsent, message)));
        }
        let joined = paths::normalize(&format!("{article_dir_rel}/{path}"));
        if image {
            return match joined
                .filter(|j| self.inputs.assets.contains(&paths::media_path(locale, j)))
            {
                Some(j) => (
                    LinkAction::Url(paths::href(dir, &paths::media_path(locale, &j))),
                    None,
                ),
                None => (
                    LinkAction::Missing,
                    Some((
                        Kind::MediaMissing,
                        format!(
                            "image `{dest}` is not in the content folder; its alt text is shown"
                        ),
                    )),
                ),
            };
        }
        if let Some(target) = joined
            .as_deref()
            .and_then(|j| j.strip_suffix(paths::MARKDOWN))
        {
            if self.slugs.contains(target) {
                return (
                    LinkAction::Url(format!(
                        "{}{suffix}",
                        paths::href(dir, &paths::article_dir(locale, target))
                    )),
                    None,
                );
            }
        }
        if let Some(j) = joined
            .as_deref()
            .filter(|j| self.inputs.assets.contains(&paths::media_path(locale, j)))
        {
            return (
                LinkAction::Url(format!(
                    "{}{suffix}",
                    paths::href(dir, &paths::media_path(locale, j))
                )),
                None,
            );
        }
        let url = docs.map_or_else(
            || dest.to_owned(),
            |d| docs_url(d, path, suffix, article_dir_rel),
        );
        (
            LinkAction::Url(url.clone()),
            Some((
                Kind::LinkAbsent,
                format!("link `{dest}` leads to no article in content/; it leads to {url}"),
            )),
        )
    }
}

/// Where a DocFX video line's `dest` leads: only to an `http` or `https` URL; any other is
/// dropped (the card shows it as text) and reported.
fn video(dest: &str) -> (LinkAction, Option<(Kind, String)>) {
    let web = scheme(dest).is_some_and(schemes::is_web);
    if web {
        return (LinkAction::Url(dest.to_owned()), None);
    }
    let message = format!(
        "video `{dest}` is not an http(s) URL; its address is shown as text, without a link"
    );
    (LinkAction::Drop, Some((Kind::LinkUnsafe, message)))
}

/// Where a link to `path` (followed by its `?query` and `#fragment`, `suffix`) that has no
/// page in this site leads on the documentation site at `docs` (`docs_base_url`): a
/// site-relative path from that site's origin, a relative one from the article's folder
/// `from_dir` under its base path, and either way without `.md`. Documentation sites built
/// from Markdown (docs.microsoft.com, learn.microsoft.com, DocFX output in general) serve
/// `exchange/admin.md` at `exchange/admin`; their own links keep `.md` only in the source.
fn docs_url(docs: &str, path: &str, suffix: &str, from_dir: &str) -> String {
    let (origin, base_path) = docs.split_at(origin(docs).len());
    let page = paths::slug(path);
    let full = if page.starts_with('/') {
        page.to_owned()
    } else {
        format!("{base_path}{from_dir}/{page}")
    };
    let mut url = format!("{origin}/{}", paths::normalize_url(&full));
    // A folder keeps its trailing slash.
    if page.ends_with('/') && !url.ends_with('/') {
        url.push('/');
    }
    url.push_str(suffix);
    url
}

/// `https://host` of `https://host/path/`.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

/// `html` (made for the page at `from_dir`) with its relative `href` and `src` URLs made
/// relative to the page at `to_dir` instead. The HTML is kbsite's own, unsanitized output:
/// a `"` in text or attribute values is escaped, so ` href="` only starts an attribute.
pub(super) fn rebase_links(html: &str, from_dir: &str, to_dir: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut from = 0;
    // Each attribute value once, in one pass.
    while let Some(i) = html[from..].find("=\"") {
        let at = from + i + 2;
        let Some(len) = html[at..].find('"') else {
            break;
        };
        from = at + len + 1;
        let name = &html[..at - 2];
        if !(name.ends_with(" href") || name.ends_with(" src")) {
            continue;
        }
        let url = &html[at..at + len];
        if url.starts_with('/') || scheme(url).is_some() {
            continue;
        }
        out.push_str(&html[copied..at]);
        out.push_str(&rebase(url, from_dir, to_dir));
        copied = at + len;
    }
    out.push_str(&html[copied..]);
    out
}

/// The relative `url` of the page at `from_dir`, relative to the page at `to_dir`.
fn rebase(url: &str, from_dir: &str, to_dir: &str) -> String {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(end);
    let mut target = paths::normalize_url(&format!("{from_dir}{path}"));
    // A folder (`./`, `../b/`, or only a `#fragment`) keeps its trailing slash.
    let folder = matches!(path.rsplit('/').next(), Some("" | "." | ".."));
    if folder && !target.is_empty() {
        target.push('/');
    }
    let mut rebased = paths::href(to_dir, &target);
    rebased.push_str(suffix);
    rebased
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code page (`ru-RU/codes/4.4.316/`) shows HTML made for an article page (`ru-RU/a/`,
    /// or `en/a/` for English text): each relative link must lead where it led there.
    #[test]
    pub(super) fn links_are_rebased_from_the_article_to_the_code_page() {
        let code = "ru-RU/codes/4.4.316/";
        for (url, from, expected) in [
            ("#fix", "ru-RU/a/", "../../a/#fix"),
            ("./", "ru-RU/a/", "../../a/"),
            ("../b/#x", "ru-RU/a/", "../../b/#x"),
            ("../../static/i.png", "ru-RU/a/", "../../../static/i.png"),
            ("media/i.png", "ru-RU/a/", "../../a/media/i.png"),
            ("../../en/b/?q=1#y", "ru-RU/a/", "../../../en/b/?q=1#y"),
            ("../codes/4.4.312/", "ru-RU/a/", "../4.4.312/"),
            ("../codes/4.4.316/", "ru-RU/a/", "./"),
            ("#fix", "en/a/", "../../../en/a/#fix"),
            ("../b/", "en/a/", "../../../en/b/"),
        ] {
            assert_eq!(rebase(url, from, code), expected, "{url} from {from}");
        }
        let html = "<p title=\"href=&quot;#\"><a href=\"#fix\">a</a> <img src=\"i.png\" alt=\"\"> \
                    <a href=\"https://x.org/\">b</a> <a href=\"/help/\">c</a></p>";
        assert_eq!(
            rebase_links(html, "ru-RU/a/", code),
            "<p title=\"href=&quot;#\"><a href=\"../../a/#fix\">a</a> <img src=\"../../a/i.png\" \
             alt=\"\"> <a href=\"https://x.org/\">b</a> <a href=\"/help/\">c</a></p>"
        );
    }

    #[test]
    pub(super) fn url_helpers() {
        assert_eq!(
            origin("https://docs.example.com/a/b/"),
            "https://docs.example.com"
        );
    }

    #[test]
    pub(super) fn absent_targets_lead_to_the_docs_site_without_md() {
        let docs = "https://docs.example.com/kb/";
        for (path, suffix, from, want) in [
            (
                "/exchange/admin.md",
                "#x",
                "guide",
                "https://docs.example.com/exchange/admin#x",
            ),
            (
                "/exchange/admin",
                "",
                "",
                "https://docs.example.com/exchange/admin",
            ),
            (
                "/exchange/",
                "?a=1",
                "",
                "https://docs.example.com/exchange/?a=1",
            ),
            (
                "../other.md",
                "#y",
                "guide/deep",
                "https://docs.example.com/kb/guide/other#y",
            ),
            ("other.md", "", "", "https://docs.example.com/kb/other"),
            (
                "sub/",
                "",
                "guide",
                "https://docs.example.com/kb/guide/sub/",
            ),
        ] {
            assert_eq!(docs_url(docs, path, suffix, from), want, "{path}");
        }
    }
}
