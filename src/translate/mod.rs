//! Every `kbsite i18n …` command but the UI strings' loading (that is [`crate::i18n`]): the
//! translator's workflow, in the order data flows.
//!
//! - `add_locale`: `kbsite i18n add-locale TAG` registers the locale in `kbsite.toml`
//!   (comments and layout kept), creates `locales/TAG.ftl` with every English message marked
//!   untranslated, and `content/TAG/`.
//! - `status`: `kbsite i18n status` reports, per locale and article, the segments
//!   translated, stale (English changed since) and missing, and the UI strings missing or
//!   obsolete, as a table or JSON.
//! - `project`: for `export` and `import`, the project read for one locale: each article's
//!   English source (the newest translation's English halves, as the model picks it), the
//!   locale's file, and each segment's heading path and error code.
//! - `units`: `kbsite i18n export` lists every segment of every article in the English
//!   source's order with the locale's translation, its state (current, stale, missing) and
//!   context: the [`Unit`]s of an [`Export`].
//! - `protect`: the inline Markdown a translation must keep ([`tokens`]: code spans, link
//!   brackets and `](target)` suffixes, `![`, emphasis runs, HTML tags, entities, escapes and
//!   bare URLs) and [`check`], which also wants error codes and numbers kept and no new
//!   block started.
//! - `po` and `xliff`: the export written as gettext PO (tokens kept verbatim) or XLIFF 2.0
//!   (each token a `<ph dataRef>` whose Markdown sits in the unit's `<originalData>`), and
//!   either read back into [`Incoming`] entries (`incoming` holds them; [`read`], here,
//!   picks the format).
//! - `import`: `kbsite i18n import` checks every changed translation before anything is
//!   written and makes a [`Plan`]; `rewrite` edits the localized halves of an existing file
//!   in place (no other byte changes), inserts missing pairs after their predecessor, or
//!   creates a new file from the English source's structure; `dates` stamps
//!   `ms.lasthandoff`.
//! - `write`: the planned files written atomically, each checked unchanged on disk since it
//!   was read.

mod add_locale;
mod dates;
mod import;
mod incoming;
mod po;
mod project;
mod protect;
mod rewrite;
mod status;
mod units;
mod write;
mod xliff;

use std::path::Path;

use crate::diagnostics::Error;

pub use add_locale::{add_locale, untranslated_ftl, Added};
pub use dates::{handoff_date, today};
pub use import::{plan, Plan, Problem};
pub use incoming::{Incoming, Parsed};
pub use po::{parse_po, po};
pub use protect::{check, tokens};
pub use status::{status, table, ArticleStatus, LocaleStatus, Report};
pub use units::{export, Export, Unit};
pub use write::write;
pub use xliff::{parse_xliff, xliff, STALE, XLIFF_NS};

/// `s` with every run of white space as one space, trimmed (headings in comments, and the
/// English of an entry compared with the project's).
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The canonical tag of a translation locale (`_` taken for `-`), or a usage error.
fn canonical(locale: &str) -> Result<String, Error> {
    match crate::locale::canonical(&locale.replace('_', "-")) {
        Ok(l) if l != crate::model::ENGLISH => Ok(l),
        _ => Err(Error::Usage(format!(
            "`{locale}` is not a translation locale (a BCP 47 tag other than en)"
        ))),
    }
}

/// Reads an exchange file: PO by extension `.po`/`.pot`, XLIFF by `.xlf`/`.xliff`, else by
/// its content.
pub fn read(path: &Path) -> Result<Parsed, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let xml = match ext.as_str() {
        "po" | "pot" => false,
        "xlf" | "xliff" | "xml" => true,
        _ => text[crate::source::bom_len(&text)..]
            .trim_start()
            .starts_with('<'),
    };
    let parsed = if xml {
        xliff::parse_xliff(&text)
    } else {
        po::parse_po(&text)
    };
    parsed.map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
}
