//! [`I18n::load`]: the `.ftl` files, built-in and the project's, read into one bundle each,
//! then each site locale's chain of bundles (locale → language → `en`) and how complete its
//! UI strings are, in named steps.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use fluent::FluentResource;
use unic_langid::LanguageIdentifier;

use super::checks::{cyclic, message_ids, too_deep, MAX_DEPTH};
use super::{language_of, Bundle, I18n, Link, UiStatus, BUILTIN};
use crate::diagnostics::{Diagnostic, Diagnostics, Error, Kind, Severity};

/// The `.ftl` files by locale tag: `(path shown in diagnostics, text)`.
type Sources = BTreeMap<String, (String, String)>;

/// One `.ftl` file read into a bundle.
struct Loaded {
    link: Link,
    /// Every message id of the file, translated or not.
    ids: BTreeSet<String>,
}

impl I18n {
    /// Loads the bundles for `locales` from `root/locales/` and the built-ins.
    pub fn load(root: &Path, locales: &[String], diags: &mut Diagnostics) -> Result<I18n, Error> {
        let mut bundles: BTreeMap<String, Loaded> = BTreeMap::new();
        for (tag, (path, text)) in read_sources(root)? {
            if let Some(loaded) = load_file(&tag, path, text, diags) {
                bundles.insert(tag, loaded);
            }
        }
        let Some(english) = bundles.get("en") else {
            return Err(Error::Usage("locales/en.ftl is missing".into()));
        };
        let (english, english_ids) = (english.link.clone(), english.ids.clone());
        let mut chains = BTreeMap::new();
        let mut status = BTreeMap::new();
        for locale in locales {
            let names = fallback_names(locale);
            let mut chain: Vec<Link> = names
                .iter()
                .filter(|name| *name != "en")
                .filter_map(|name| bundles.get(name))
                .map(|loaded| loaded.link.clone())
                .collect();
            if locale != "en" {
                let ui = ui_status(locale, &names, &bundles, &english_ids);
                report_missing(locale, chain.is_empty(), &ui.missing, diags);
                status.insert(locale.clone(), ui);
            }
            chain.push(english.clone());
            chains.insert(locale.clone(), chain);
        }
        Ok(I18n {
            chains,
            status,
            same_language: same_language(locales),
        })
    }
}

/// The built-in `.ftl` files, overridden by those in `root/locales/`, in name order.
fn read_sources(root: &Path) -> Result<Sources, Error> {
    let mut sources: Sources = BUILTIN
        .iter()
        .map(|(tag, text)| {
            (
                tag.to_string(),
                (format!("<built-in>/locales/{tag}.ftl"), text.to_string()),
            )
        })
        .collect();
    let dir = root.join("locales");
    if !dir.is_dir() {
        return Ok(sources);
    }
    let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let mut files: Vec<_> = entries
        .collect::<Result<_, _>>()
        .map_err(|e| Error::io(&dir, e))?;
    files.sort_by_key(|e| e.file_name());
    for entry in files {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(tag) = name.strip_suffix(".ftl") else {
            continue;
        };
        if let Some(real) = crate::source::leaves_root(root, &entry.path()) {
            return Err(Error::Usage(format!(
                "locales/{name} leads to {}, outside the project; refusing to read it",
                real.display()
            )));
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        sources.insert(tag.to_owned(), (format!("locales/{name}"), text));
    }
    Ok(sources)
}

/// The bundle of the `.ftl` file of locale `tag` at `path`, its problems reported; `None`
/// when the file is ignored (not named after a language tag, or nested too deep to parse).
fn load_file(tag: &str, path: String, text: String, diags: &mut Diagnostics) -> Option<Loaded> {
    let Ok(langid) = tag.parse::<LanguageIdentifier>() else {
        diags.push(Diagnostic::new(
            Kind::FtlName,
            path,
            format!("`{tag}` is not a language tag; file ignored"),
        ));
        return None;
    };
    // Fluent's parser recurses into nested placeables: a deep enough file overflows the
    // stack, so the depth is checked first.
    if let Some(at) = too_deep(&text) {
        diags.push(
            Diagnostic::new(
                Kind::FtlTooDeep,
                path.clone(),
                format!("placeables nested more than {MAX_DEPTH} deep; file ignored"),
            )
            .at(at..at + 1),
        );
        diags.add_source(&path, text);
        return None;
    }
    let resource = parse(&path, &text, diags);
    let ids = message_ids(&text, false);
    let mut translated = message_ids(&text, true);
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    bundle.set_use_isolating(false);
    if let Err(errors) = bundle.add_resource(resource) {
        for e in errors {
            diags.push(Diagnostic::new(
                Kind::FtlDuplicate,
                path.clone(),
                format!("Fluent error: {e}"),
            ));
        }
    }
    for (key, at) in cyclic(&bundle, &text, &ids) {
        report_cycle(tag, &path, &key, at, diags);
        translated.remove(&key);
    }
    diags.add_source(&path, text);
    Some(Loaded {
        link: Link {
            tag: tag.into(),
            bundle: Arc::new(bundle),
            translated: Arc::new(translated),
        },
        ids,
    })
}

/// `text` as a Fluent resource: what could be parsed, each syntax error reported.
fn parse(path: &str, text: &str, diags: &mut Diagnostics) -> FluentResource {
    match FluentResource::try_new(text.to_owned()) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for e in errors {
                let span = e.pos.start.min(text.len())..e.pos.end.min(text.len());
                diags.push(
                    Diagnostic::new(
                        Kind::FtlSyntax,
                        path,
                        format!("Fluent syntax error: {}", e.kind),
                    )
                    .at(span),
                );
            }
            resource
        }
    }
}

/// Reports that message `key` of locale `tag` refers back to itself.
fn report_cycle(
    tag: &str,
    path: &str,
    key: &str,
    at: std::ops::Range<usize>,
    diags: &mut Diagnostics,
) {
    // English is every locale's last resort: there a cycle is an error.
    let (severity, fallback) = if tag == "en" {
        (Severity::Error, "the build stops")
    } else {
        (Severity::Warning, "it is treated as missing")
    };
    diags.push(
        Diagnostic::new(
            Kind::FtlCycle,
            path,
            format!("`{key}` refers to itself; {fallback}"),
        )
        .with_severity(severity)
        .at(at),
    );
}

/// The locale and, for a tag with a region, its language (`de-AT`, `de`).
fn fallback_names(locale: &str) -> Vec<String> {
    let mut names = vec![locale.to_owned()];
    if let Some((language, _)) = locale.split_once('-') {
        names.push(language.to_owned());
    }
    names
}

/// Which English keys `locale` lacks in its files (`names`), and which keys of its own file
/// English no longer has.
fn ui_status(
    locale: &str,
    names: &[String],
    bundles: &BTreeMap<String, Loaded>,
    english_ids: &BTreeSet<String>,
) -> UiStatus {
    let have: BTreeSet<&String> = names
        .iter()
        .filter_map(|name| bundles.get(name))
        .flat_map(|loaded| loaded.link.translated.iter())
        .collect();
    UiStatus {
        missing: english_ids
            .iter()
            .filter(|id| !have.contains(id))
            .cloned()
            .collect(),
        obsolete: bundles.get(locale).map_or_else(Vec::new, |own| {
            own.ids.difference(english_ids).cloned().collect()
        }),
    }
}

/// Warns that `locale` has no UI strings of its own (`none`), or lacks the `missing` ones.
fn report_missing(locale: &str, none: bool, missing: &[String], diags: &mut Diagnostics) {
    if none {
        diags.push(
            Diagnostic::new(
                Kind::FtlMissingLocale,
                format!("locales/{locale}.ftl"),
                format!("no UI strings for `{locale}`; English is used"),
            )
            .help(format!("create locales/{locale}.ftl from locales/en.ftl")),
        );
    } else if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().take(8).map(String::as_str).collect();
        let more = if missing.len() > 8 {
            format!(" and {} more", missing.len() - 8)
        } else {
            String::new()
        };
        diags.push(Diagnostic::new(
            Kind::FtlMissingKey,
            format!("locales/{locale}.ftl"),
            format!(
                "{} UI string(s) missing in `{locale}`, shown from the fallback: {}{more}",
                missing.len(),
                list.join(", ")
            ),
        ));
    }
}

/// The site locales that share their language with another one (pt-BR and pt-PT).
fn same_language(locales: &[String]) -> BTreeSet<String> {
    locales
        .iter()
        .filter(|l| {
            locales
                .iter()
                .any(|other| other != *l && language_of(other) == language_of(l))
        })
        .cloned()
        .collect()
}
