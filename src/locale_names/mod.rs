//! Locale names from Unicode CLDR, for the language switcher of a locale whose
//! `language-name` is not translated yet: a language's name in its own language
//! (`de-DE` → Deutsch, `ja-JP` → 日本語, `pt-BR` → Português (Brasil) where the region is
//! needed). The table is generated from CLDR's JSON data by `generate.mjs` beside this file
//! (its header says the CLDR version and how to regenerate); it holds CLDR's modern locales,
//! about 500 rows.

mod table;

use unic_langid::LanguageIdentifier;

/// The name of the locale `tag` in its own language: without its region (`de-AT` →
/// Deutsch), or with it when `region` is set (Deutsch (Österreich)), for a site with two
/// locales of one language. `None` when CLDR does not know the language, or, with `region`,
/// the region of that language.
pub fn autonym(tag: &str, region: bool) -> Option<&'static str> {
    let canonical = tag.parse::<LanguageIdentifier>().ok()?.to_string();
    // The tag itself, else its shorter prefixes: sr-Latn-XX → sr-Latn → sr.
    let mut key = canonical.as_str();
    loop {
        if let Ok(i) = table::AUTONYMS.binary_search_by(|row| row.0.cmp(key)) {
            let (_, short, long) = table::AUTONYMS[i];
            return match (region, key == canonical) {
                (false, _) => Some(short),
                (true, true) => Some(long),
                (true, false) => None,
            };
        }
        key = key.rsplit_once('-')?.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_their_own_language() {
        for (tag, name) in [
            ("de-DE", "Deutsch"),
            ("de", "Deutsch"),
            ("ja-JP", "日本語"),
            ("ru-RU", "Русский"),
            ("sv-SE", "Svenska"),
            ("fr-CA", "Français"),
            ("ko-KR", "한국어"),
            ("zh-CN", "中文"),
            ("zh-TW", "繁體中文"),
            ("sr-Latn-RS", "srpski (latinica)"),
            ("de-JP", "Deutsch"),
            ("sv-se", "Svenska"),
        ] {
            assert_eq!(autonym(tag, false), Some(name), "{tag}");
        }
    }

    #[test]
    fn with_the_region_when_asked() {
        assert_eq!(autonym("pt-BR", true), Some("Português (Brasil)"));
        assert_eq!(autonym("pt-PT", true), Some("português (Portugal)"));
        assert_eq!(autonym("de-AT", true), Some("Deutsch (Österreich)"));
        assert_eq!(autonym("zh-TW", true), Some("繁體中文（台灣）"));
        assert_eq!(
            autonym("de-JP", true),
            None,
            "a region CLDR has no locale for"
        );
    }

    #[test]
    fn unknown_languages_and_non_tags_have_no_name() {
        assert_eq!(autonym("qaa-QM", false), None);
        assert_eq!(autonym("not a tag", false), None);
    }

    #[test]
    fn the_table_is_sorted_for_binary_search() {
        assert!(table::AUTONYMS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
