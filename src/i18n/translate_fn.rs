//! The Tera functions `t()` and `t_plain()`: a page template's UI strings, from [`I18n`].

use std::sync::Arc;

use fluent::{FluentArgs, FluentValue};

use super::{html, I18n};

/// The Tera functions `t(key=…, …)` and `t_plain(key=…, …)` for one locale: other named
/// arguments become Fluent variables, numbers stay numbers so plural selectors work.
///
/// `t()` returns HTML for element content: the escaped text, inside `<span lang="en">` when
/// it falls back to another language than the page's. `t_plain()` returns the text alone
/// (Tera escapes it), for attribute values and `<title>`, which cannot hold an element:
/// there a fallback string takes the page's language.
pub struct Translate {
    i18n: Arc<I18n>,
    locale: String,
    /// `t()` (marked HTML) or `t_plain()` (text).
    marked: bool,
    /// Messages called with no argument but the key, formatted once: most of a page's
    /// strings, on every page.
    plain: std::sync::RwLock<rustc_hash::FxHashMap<String, tera::Value>>,
}

impl Translate {
    /// `t()` for `locale`.
    pub fn new(i18n: Arc<I18n>, locale: String) -> Self {
        Translate {
            i18n,
            locale,
            marked: true,
            plain: Default::default(),
        }
    }

    /// `t_plain()` for `locale`.
    pub fn plain(i18n: Arc<I18n>, locale: String) -> Self {
        Translate {
            marked: false,
            ..Translate::new(i18n, locale)
        }
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> tera::TeraResult<tera::Value> {
        let Some((text, lang)) = self.i18n.lookup(&self.locale, key, args) else {
            return Err(tera::Error::message(format!(
                "UI string `{key}` is not defined in locales/en.ftl"
            )));
        };
        Ok(if self.marked {
            tera::Value::safe_string(&html(&text, lang))
        } else {
            tera::Value::from(text)
        })
    }
}

impl tera::Function<tera::TeraResult<tera::Value>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
        let key = kwargs
            .get::<&str>("key")
            .ok()
            .flatten()
            .ok_or_else(|| tera::Error::message("t() and t_plain() need a `key` argument"))?;
        let only_key = kwargs.iter().all(|(name, _)| name.as_str() == Some("key"));
        if only_key {
            if let Some(value) = self.plain.read().ok().and_then(|m| m.get(key).cloned()) {
                return Ok(value);
            }
            let value = self.format(key, None)?;
            if let Ok(mut plain) = self.plain.write() {
                plain.insert(key.to_owned(), value.clone());
            }
            return Ok(value);
        }
        let mut names: Vec<(&str, &tera::Value)> = kwargs
            .iter()
            .filter_map(|(name, value)| Some((name.as_str()?, value)))
            .filter(|(name, _)| *name != "key")
            .collect();
        let mut fluent_args = FluentArgs::new();
        names.sort_by_key(|(name, _)| *name);
        for (name, value) in names {
            let value = if let Some(n) = value.as_i64() {
                FluentValue::from(n)
            } else if value.is_number() {
                FluentValue::from(value.as_f64().unwrap_or_default())
            } else if let Some(s) = value.as_str() {
                FluentValue::from(s.to_owned())
            } else {
                FluentValue::from(value.to_string())
            };
            fluent_args.set(name.to_owned(), value);
        }
        self.format(key, Some(&fluent_args))
    }

    fn is_safe(&self) -> bool {
        false
    }
}
