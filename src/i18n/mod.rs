//! UI strings: Project Fluent bundles per locale, with fallback locale → language → `en`.
//!
//! The project's `locales/<tag>.ftl` files override the built-in ones (compiled in from this
//! repository's `locales/`). Bundles are the concurrent flavour so render threads share them.
//! A key missing in a locale is a warning (the fallback is used); `en` must have every key.
//! A string that falls back to another language than the page's is marked with it
//! ([`I18n::lookup`], [`html`]): the Tera function `t()` wraps it in `<span lang="en">`;
//! `t_plain()`, for attributes and `<title>`, gives the text alone. A locale whose
//! `language-name` is untranslated is named by CLDR ([`crate::locale_names`]).
//!
//! - [`load`]: [`I18n::load`], reading the files into bundles and chains, step by step;
//! - [`checks`]: what is checked of a file around Fluent's own parsing;
//! - [`translate_fn`]: the Tera functions `t()` and `t_plain()`.

mod checks;
mod load;
mod translate_fn;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};

pub use checks::MAX_DEPTH;
pub use translate_fn::Translate;

use crate::diagnostics::Error;

type Bundle = FluentBundle<FluentResource>;

/// The Fluent files shipped with kbsite.
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../locales/en.ftl")),
    ("ru-RU", include_str!("../../locales/ru-RU.ftl")),
    ("sv-SE", include_str!("../../locales/sv-SE.ftl")),
];

/// The English UI strings of the project at `root`: its `locales/en.ftl`, else the built-in.
pub fn english_ftl(root: &Path) -> Result<String, Error> {
    let path = root.join("locales/en.ftl");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BUILTIN[0].1.to_owned()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The comment line that marks a message as not translated yet (`kbsite i18n add-locale`
/// writes it above every message). Such a message counts as missing and falls back.
pub const UNTRANSLATED: &str = "UNTRANSLATED";

/// A locale's bundle and the ids of the messages it really translates.
#[derive(Clone)]
struct Link {
    /// The bundle's locale (`en`, `de`, `de-AT`).
    tag: Arc<str>,
    bundle: Arc<Bundle>,
    translated: Arc<BTreeSet<String>>,
}

/// UI strings for every site locale.
pub struct I18n {
    /// For each locale, its bundles in fallback order (the last one is `en`).
    chains: BTreeMap<String, Vec<Link>>,
    /// For each locale: the English keys it lacks, and its keys English no longer has.
    status: BTreeMap<String, UiStatus>,
    /// The site locales that share their language with another one (pt-BR and pt-PT).
    same_language: BTreeSet<String>,
}

/// How complete a locale's UI strings are.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UiStatus {
    /// Keys of `en.ftl` with no translation (absent or marked untranslated) in the locale's
    /// files, language file included.
    pub missing: Vec<String>,
    /// Keys of the locale's own file that `en.ftl` no longer has.
    pub obsolete: Vec<String>,
}

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("locales", &self.chains.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl I18n {
    /// The message `key` in `locale` (falling back along the chain), or `None` if even `en`
    /// lacks it.
    pub fn get(&self, locale: &str, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        self.lookup(locale, key, args).map(|(text, _)| text)
    }

    /// Like [`I18n::get`], with the language the text is in when that is not `locale`'s
    /// (a fallback to English for a locale that lacks the message or has not translated it).
    pub fn lookup(
        &self,
        locale: &str,
        key: &str,
        args: Option<&FluentArgs<'_>>,
    ) -> Option<(String, Option<&str>)> {
        let chain = self.chains.get(locale).or_else(|| self.chains.get("en"))?;
        let last = chain.len().saturating_sub(1);
        for (i, link) in chain.iter().enumerate() {
            // An untranslated message falls through, except in the last resort, English.
            if i < last && !link.translated.contains(key) {
                continue;
            }
            let bundle = &link.bundle;
            let Some(message) = bundle.get_message(key) else {
                continue;
            };
            let Some(pattern) = message.value() else {
                continue;
            };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            let foreign = language_of(&link.tag) != language_of(locale);
            return Some((text.into_owned(), foreign.then_some(&*link.tag)));
        }
        None
    }

    /// A message with numeric arguments as HTML text: escaped, and inside
    /// `<span lang="en">` when it falls back to another language (see [`html`]).
    pub fn html(&self, locale: &str, key: &str, numbers: &[(&str, usize)]) -> String {
        let mut args = FluentArgs::new();
        for &(name, n) in numbers {
            args.set(name, FluentValue::from(n));
        }
        match self.lookup(locale, key, Some(&args)) {
            Some((text, lang)) => html(&text, lang),
            None => html(&self.format(locale, key, numbers), None),
        }
    }

    /// The locale's name in its own language. While `language-name` is untranslated
    /// (English's name would mislabel it in the language switcher), CLDR's name for it: the
    /// language's alone, with the region when another site locale has the same language;
    /// the tag if CLDR does not know it.
    pub fn language_name(&self, locale: &str) -> String {
        if self
            .ui_status(locale)
            .missing
            .iter()
            .any(|k| k == "language-name")
        {
            let region = self.same_language.contains(locale);
            crate::locale_names::autonym(locale, region)
                .map_or_else(|| locale.to_owned(), str::to_owned)
        } else {
            self.text(locale, "language-name")
        }
    }

    /// How complete `locale`'s UI strings are (nothing missing for `en`).
    pub fn ui_status(&self, locale: &str) -> UiStatus {
        self.status.get(locale).cloned().unwrap_or_default()
    }

    /// Like [`I18n::get`] for keys the program itself uses: falls back to the key.
    pub fn text(&self, locale: &str, key: &str) -> String {
        self.get(locale, key, None)
            .unwrap_or_else(|| key.to_owned())
    }

    /// A message with a numeric `count` argument, for plural forms.
    pub fn count(&self, locale: &str, key: &str, count: usize) -> String {
        self.format(locale, key, &[("count", count)])
    }

    /// A message with numeric arguments; falls back to the key and the numbers.
    pub fn format(&self, locale: &str, key: &str, numbers: &[(&str, usize)]) -> String {
        let mut args = FluentArgs::new();
        for &(name, n) in numbers {
            args.set(name, FluentValue::from(n));
        }
        self.get(locale, key, Some(&args)).unwrap_or_else(|| {
            let values: Vec<String> = numbers.iter().map(|(_, n)| n.to_string()).collect();
            format!("{key} {}", values.join(" "))
        })
    }
}

/// `text` escaped for HTML, inside `<span lang="…">` when it is in another language than
/// the page's (`lang` from [`I18n::lookup`]), so that readers, screen readers and fonts
/// treat it as what it is.
pub fn html(text: &str, lang: Option<&str>) -> String {
    let escaped = crate::markdown::escape(text);
    match lang {
        Some(lang) => format!(
            "<span lang=\"{}\">{escaped}</span>",
            crate::markdown::escape(lang)
        ),
        None => escaped,
    }
}

/// The language subtag of a locale tag (`de` of `de-AT`).
fn language_of(tag: &str) -> &str {
    tag.split_once('-').map_or(tag, |(language, _)| language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;

    fn load(extra: &[(&str, &str)], locales: &[&str]) -> (I18n, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("locales")).unwrap();
        for (name, text) in extra {
            std::fs::write(dir.path().join("locales").join(name), text).unwrap();
        }
        let mut diags = Diagnostics::default();
        let locales: Vec<String> = locales.iter().map(|s| s.to_string()).collect();
        (I18n::load(dir.path(), &locales, &mut diags).unwrap(), diags)
    }

    #[test]
    fn russian_plurals_use_one_few_many() {
        let (i18n, _) = load(&[], &["en", "ru-RU", "sv-SE"]);
        let ru: Vec<String> = [1, 2, 5, 21, 22, 11]
            .iter()
            .map(|&n| i18n.count("ru-RU", "codes-count", n))
            .collect();
        assert_eq!(
            ru,
            [
                "1 код",
                "2 кода",
                "5 кодов",
                "21 код",
                "22 кода",
                "11 кодов"
            ]
        );
        assert_eq!(i18n.count("sv-SE", "codes-count", 1), "1 kod");
        assert_eq!(i18n.count("en", "codes-count", 2), "2 codes");
    }

    #[test]
    fn missing_keys_fall_back_language_then_english_with_warnings() {
        let (i18n, diags) = load(
            &[
                ("de.ftl", "language-name = Deutsch\nsite-title = Hilfe\n"),
                ("de-AT.ftl", "site-title = Hilfe (AT)\n"),
            ],
            &["en", "de-AT", "fr"],
        );
        assert_eq!(i18n.text("de-AT", "site-title"), "Hilfe (AT)");
        assert_eq!(i18n.text("de-AT", "language-name"), "Deutsch");
        assert_eq!(
            i18n.text("de-AT", "alert-note"),
            i18n.text("en", "alert-note")
        );
        assert_eq!(i18n.text("fr", "alert-note"), i18n.text("en", "alert-note"));
        let kinds: Vec<&str> = diags.sorted().iter().map(|d| d.kind.name()).collect();
        assert!(kinds.contains(&"ftl-missing-key"), "{kinds:?}");
        assert!(kinds.contains(&"ftl-missing-locale"), "{kinds:?}");
    }

    #[test]
    fn untranslated_messages_fall_back_and_count_as_missing() {
        let de =
            "# UNTRANSLATED\nsite-title = Help center\nlanguage-name = Deutsch\nold-key = Alt\n";
        let (i18n, _) = load(&[("de-DE.ftl", de)], &["en", "de-DE"]);
        assert_eq!(i18n.text("de-DE", "language-name"), "Deutsch");
        assert_eq!(
            i18n.text("de-DE", "site-title"),
            i18n.text("en", "site-title")
        );
        let status = i18n.ui_status("de-DE");
        assert!(status.missing.contains(&"site-title".to_owned()));
        assert!(!status.missing.contains(&"language-name".to_owned()));
        assert_eq!(status.obsolete, ["old-key"]);
        assert_eq!(i18n.ui_status("en"), UiStatus::default());
    }

    #[test]
    fn fallback_strings_say_their_language() {
        let (i18n, _) = load(
            &[
                ("de.ftl", "site-title = Hilfe & Support\n"),
                ("de-AT.ftl", "# UNTRANSLATED\nnav-home = Home\n"),
            ],
            &["en", "de-AT", "ru-RU"],
        );
        let lang = |l, k| i18n.lookup(l, k, None).and_then(|(_, lang)| lang);
        assert_eq!(
            lang("de-AT", "site-title"),
            None,
            "de for de-AT: same language"
        );
        assert_eq!(lang("de-AT", "nav-home"), Some("en"), "untranslated");
        assert_eq!(lang("de-AT", "footer-generator"), Some("en"), "absent");
        assert_eq!(lang("ru-RU", "nav-home"), None);
        assert_eq!(lang("en", "nav-home"), None);
        assert_eq!(i18n.html("de-AT", "site-title", &[]), "Hilfe &amp; Support");
        assert_eq!(
            i18n.html("de-AT", "nav-home", &[]),
            "<span lang=\"en\">Home</span>"
        );
        assert_eq!(
            i18n.html("de-AT", "codes-count", &[("count", 2)]),
            "<span lang=\"en\">2 codes</span>"
        );
        assert_eq!(i18n.html("ru-RU", "codes-count", &[("count", 2)]), "2 кода");
    }

    #[test]
    fn untranslated_language_names_come_from_cldr_else_the_tag() {
        let untranslated = "# UNTRANSLATED\nlanguage-name = English\n";
        let (i18n, _) = load(
            &[
                ("de-DE.ftl", untranslated),
                ("ja-JP.ftl", untranslated),
                ("pt-BR.ftl", untranslated),
                ("pt-PT.ftl", untranslated),
                ("qaa-QM.ftl", untranslated),
            ],
            &[
                "en", "ru-RU", "de-DE", "ja-JP", "pt-BR", "pt-PT", "qaa-QM", "fr",
            ],
        );
        let name = |l| i18n.language_name(l);
        assert_eq!(name("de-DE"), "Deutsch");
        assert_eq!(name("ja-JP"), "日本語");
        assert_eq!(name("fr"), "Français", "no file at all");
        // Two locales of one language are told apart by their regions.
        assert_eq!(name("pt-BR"), "Português (Brasil)");
        assert_eq!(name("pt-PT"), "português (Portugal)");
        assert_eq!(name("qaa-QM"), "qaa-QM", "unknown to CLDR: the tag");
        // A translated name wins.
        assert_eq!(name("ru-RU"), "Русский");
        assert_eq!(name("en"), "English");
    }

    #[test]
    fn syntax_errors_are_reported_with_a_span() {
        let (_, diags) = load(&[("sv-SE.ftl", "good = ok\nbad = { $x \n")], &["sv-SE"]);
        let d = diags
            .sorted()
            .into_iter()
            .find(|d| d.kind == "ftl-syntax")
            .expect("syntax error reported");
        assert_eq!(d.path, "locales/sv-SE.ftl");
        assert!(d.span.is_some());
    }
}
