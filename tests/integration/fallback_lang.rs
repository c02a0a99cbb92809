//! Locales added with `kbsite i18n add-locale` and no translated UI strings (de-DE with an
//! article, ja-JP with an article): every English string of the chrome on their pages is
//! inside an element with `lang="en"`, attribute values and `<title>` (which cannot hold an
//! element) excepted; a translated locale's pages (ru-RU) carry no such marks.
//!
//! Every message of the project's `en.ftl` starts with a marker, so English chrome can be
//! told from the localized text around it wherever it ends up.

use crate::harness::*;

const MARK: char = 'Ⓔ';

/// The `tests/fixtures/new-locale` project with de-DE and ja-JP added, English marked.
fn project() -> BuildTest {
    let project = BuildTest::from_fixture("new-locale");
    for tag in ["de-DE", "ja-JP"] {
        let out = kbsite_i18n(project.root(), &["add-locale", tag]);
        assert_eq!(out.status.code(), Some(0), "add-locale {tag}");
    }
    let en = std::fs::read_to_string(repo_root().join("locales/en.ftl")).unwrap();
    let marked: String = en
        .lines()
        .map(|line| match line.split_once(" =") {
            Some((id, value)) if !line.starts_with([' ', '#', '-']) && !id.contains(' ') => {
                format!("{id} = {MARK}{}\n", value.trim_start())
            }
            _ => format!("{line}\n"),
        })
        .collect();
    project.file("locales/en.ftl", marked)
}

/// Where the marker appears in `html`: text with the `lang` of its nearest element that has
/// one, or an attribute value.
#[derive(Debug)]
enum Seen {
    Text {
        lang: String,
        text: String,
    },
    Title(String),
    Attr {
        tag: String,
        attr: String,
        value: String,
    },
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Every occurrence of [`MARK`] in the page, in order (a small tokenizer for the
/// well-formed HTML kbsite writes: void elements, comments, raw `<script>`/`<style>`).
fn marks(html: &str) -> Vec<Seen> {
    let mut seen = Vec::new();
    // (element, its lang if it has one)
    let mut stack: Vec<(String, Option<String>)> = Vec::new();
    let mut rest = html;
    let lang_of = |stack: &[(String, Option<String>)]| {
        stack
            .iter()
            .rev()
            .find_map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            break;
        };
        let text = &rest[..lt];
        if text.contains(MARK) {
            let text = decode_entities(text);
            if stack.last().is_some_and(|(n, _)| n == "title") {
                seen.push(Seen::Title(text));
            } else {
                seen.push(Seen::Text {
                    lang: lang_of(&stack),
                    text,
                });
            }
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag_text = &rest[..end];
        rest = &rest[end..];
        if let Some(name) = tag_text.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at);
            }
            continue;
        }
        let Some(tag) = tags(tag_text).into_iter().next() else {
            continue;
        };
        for (attr, value) in &tag.attrs {
            if value.contains(MARK) {
                seen.push(Seen::Attr {
                    tag: tag.name.clone(),
                    attr: attr.clone(),
                    value: value.clone(),
                });
            }
        }
        if matches!(tag.name.as_str(), "script" | "style") {
            let close = format!("</{}", tag.name);
            rest = rest.find(&close).map_or("", |e| &rest[e..]);
            continue;
        }
        if !VOID.contains(&tag.name.as_str()) && !tag_text.ends_with("/>") {
            let lang = tag.attr("lang").map(str::to_owned);
            stack.push((tag.name, lang));
        }
    }
    seen
}

#[test]
fn english_chrome_on_a_new_locale_is_marked_lang_en() {
    let project = project().build().check_status(0);
    let pages = project.pages();
    let mut checked = 0;
    for (path, html) in &pages {
        let locale = path.split('/').next().unwrap_or_default();
        for seen in marks(html) {
            match seen {
                Seen::Text { lang, text } => {
                    assert_eq!(lang, "en", "{path}: English chrome {text:?} not in lang=en");
                    // On a translated locale's page, only the switcher's name of English.
                    if locale == "ru-RU" {
                        assert_eq!(text, format!("{MARK}English"), "{path}");
                    }
                    checked += 1;
                }
                // Where no element can go, the string takes the page's language (README).
                Seen::Title(text) => assert!(locale != "ru-RU", "{path}: {text}"),
                Seen::Attr { tag, attr, value } => {
                    assert!(locale != "ru-RU", "{path}: <{tag} {attr}={value:?}>");
                    assert!(
                        matches!(
                            attr.as_str(),
                            "placeholder" | "aria-label" | "title" | "content"
                        ),
                        "{path}: English in <{tag} {attr}>: {value:?}"
                    );
                    assert!(
                        !value.contains('<'),
                        "{path}: markup in <{tag} {attr}>: {value:?}"
                    );
                }
            }
        }
        let wrapped = html.contains("<span lang=\"en\">");
        match locale {
            "ru-RU" | "en" => assert!(!wrapped, "{path}: marked on a translated locale"),
            "de-DE" | "ja-JP" => assert!(wrapped, "{path}: nothing marked"),
            _ => {}
        }
    }
    // A lower bound against a check that finds nothing: every page of the four locales has a
    // few dozen UI strings.
    assert!(checked > 200, "the marked strings were found: {checked}");
    for locale in ["de-DE", "ja-JP"] {
        // Both the article the locale has and the English one it lacks.
        for page in [
            "connector-errors",
            "about-reports",
            "codes/4.4.316",
            "search",
        ] {
            assert!(
                pages.contains_key(&format!("{locale}/{page}/index.html")),
                "{locale}/{page}"
            );
        }
    }
}

#[test]
fn search_strings_that_fall_back_say_their_language() {
    let project = project().build().check_status(0);
    let meta = |locale: &str| -> serde_json::Value {
        let js = project.read(&format!("{locale}/search/meta.js"));
        let json = js
            .strip_prefix("kbsearch.meta(")
            .and_then(|j| j.trim_end().strip_suffix(");"))
            .expect("kbsearch.meta(...)");
        serde_json::from_str(json).expect("JSON")
    };
    let de = meta("de-DE");
    for key in [
        "none", "hint", "code", "section", "loading", "failed", "results",
    ] {
        assert_eq!(de["ui"]["lang"][key], "en", "de-DE {key}: {}", de["ui"]);
    }
    let ru = meta("ru-RU");
    assert!(ru["ui"].get("lang").is_none(), "{}", ru["ui"]);
}
