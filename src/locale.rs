//! Locale tags: the one rule for what names a locale, wherever a name comes from (a folder
//! under `content/`, `locales = [...]` in `kbsite.toml`, `kbsite i18n add-locale`, an
//! exchange file's language).
//!
//! A locale names a folder at the top of the site, beside kbsite's own output (`static/`,
//! `index.json`), so a name is data that must never become a path of its own choosing: it is
//! a BCP 47 tag in its canonical spelling whose language subtag has two or three letters (as
//! every ISO 639 language has; BCP 47's five-to-eight-letter form is registered for no
//! language), which also keeps out every name kbsite writes (`static`, `search`, `codes`,
//! `page`), `.`, `..`, slashes and absolute paths.

use unic_langid::LanguageIdentifier;

use crate::paths;

/// Why a name is not a locale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not a BCP 47 tag at all (`en_US`, `not a tag`, `../x`).
    NotATag,
    /// A BCP 47 tag, but not the kind that names a language (`static`, `abcd`).
    NotALanguage,
    /// A name of kbsite's own output.
    Reserved,
    /// A locale, spelled otherwise: its canonical spelling.
    NotCanonical(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotATag => f.write_str("is not a BCP 47 language tag"),
            Refusal::NotALanguage => {
                f.write_str("is not a language tag (its language subtag must have 2 or 3 letters)")
            }
            Refusal::Reserved => f.write_str("is a name of kbsite's own output"),
            Refusal::NotCanonical(tag) => write!(f, "should be spelled `{tag}`"),
        }
    }
}

/// The canonical spelling of `tag` (`sv-se` → `sv-SE`) if it names a language.
pub fn canonical(tag: &str) -> Result<String, Refusal> {
    if paths::is_reserved_top(tag) {
        return Err(Refusal::Reserved);
    }
    if tag.contains('_') {
        return Err(Refusal::NotATag);
    }
    let id: LanguageIdentifier = tag.parse().map_err(|_| Refusal::NotATag)?;
    let language = id.language.as_str();
    if !(2..=3).contains(&language.len()) || language == "und" {
        return Err(Refusal::NotALanguage);
    }
    Ok(id.to_string())
}

/// `tag` itself if it is a locale spelled canonically.
pub fn exact(tag: &str) -> Result<&str, Refusal> {
    let canonical = canonical(tag)?;
    if canonical == tag {
        Ok(tag)
    } else {
        Err(Refusal::NotCanonical(canonical))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_canonical_language_tags_and_nothing_else() {
        let cases: [(&str, Result<&str, Refusal>); 18] = [
            ("sv-SE", Ok("sv-SE")),
            ("sv-se", Ok("sv-SE")),
            ("de", Ok("de")),
            ("ja-JP", Ok("ja-JP")),
            ("zh-Hant-TW", Ok("zh-Hant-TW")),
            ("haw", Ok("haw")),
            ("en_US", Err(Refusal::NotATag)),
            ("not a tag", Err(Refusal::NotATag)),
            ("", Err(Refusal::NotATag)),
            ("..", Err(Refusal::NotATag)),
            ("../../../escaped", Err(Refusal::NotATag)),
            ("/abs/x", Err(Refusal::NotATag)),
            ("a/b", Err(Refusal::NotATag)),
            ("und", Err(Refusal::NotALanguage)),
            // Well-formed BCP 47 (five to eight letters), but no language: and kbsite's own.
            ("search", Err(Refusal::NotALanguage)),
            ("abcdefgh", Err(Refusal::NotALanguage)),
            ("static", Err(Refusal::Reserved)),
            ("index.json", Err(Refusal::Reserved)),
        ];
        for (tag, want) in cases {
            let want: Result<&str, &Refusal> = want.as_ref().map(|t| *t);
            assert_eq!(canonical(tag).as_deref(), want, "{tag:?}");
        }
        assert_eq!(exact("sv-SE"), Ok("sv-SE"));
        assert_eq!(exact("sv-se"), Err(Refusal::NotCanonical("sv-SE".into())));
    }

    #[test]
    fn no_name_of_the_output_is_a_locale() {
        for name in paths::TOP_RESERVED.iter().chain(paths::LOCALE_RESERVED) {
            assert!(canonical(name).is_err(), "{name}");
        }
    }
}
