//! `kbsite i18n import`: the entries of an exchange file checked against the project (the
//! article and segment exist, the English is the one exported, the translation keeps what
//! [`check`] wants kept) and turned into a [`Plan`]: the files to write and what was wrong.
//! Nothing is written here (see `write`).

use std::collections::BTreeMap;
use std::path::Path;

use super::incoming::{Incoming, Parsed};
use super::project::{project, Files};
use super::protect::check;
use super::rewrite::{self, Changes, Placed};
use super::units::units_of;
use super::{canonical, one_line};
use crate::diagnostics::{Diagnostics, Error};
use crate::model::SegmentState;

/// A translation that failed the checks (or could not be placed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// `FILE:LINE` of the entry in the exchange file.
    pub at: String,
    pub article: String,
    pub id: String,
    pub message: String,
    /// Blocks writing (unless `--force`); otherwise the entry is only skipped.
    pub blocking: bool,
}

/// What an import does: files to write (relative to the root) and what was wrong.
#[derive(Debug, Default)]
pub struct Plan {
    pub locale: String,
    pub writes: Vec<(String, String)>,
    pub problems: Vec<Problem>,
    /// Translations applied (changed text).
    pub applied: usize,
    /// Fuzzy entries left out.
    pub fuzzy: usize,
    /// The text each existing file to write had when the plan was made, by path (`write`
    /// checks it is still there).
    pub(super) read: BTreeMap<String, String>,
}

impl Plan {
    pub fn blocked(&self) -> bool {
        self.problems.iter().any(|p| p.blocking)
    }
}

/// Checks `parsed` against the project at `root` and works out the files to write.
/// `display` names the exchange file in problems.
pub fn plan(
    root: &Path,
    parsed: &Parsed,
    display: &str,
    diags: &mut Diagnostics,
) -> Result<Plan, Error> {
    let Some(raw) = parsed.locale.as_deref() else {
        return Err(Error::Usage(format!(
            "{display}: no target language (PO `Language:` header or XLIFF trgLang)"
        )));
    };
    let locale = canonical(raw)?;
    let mut plan = Plan {
        locale: locale.clone(),
        ..Plan::default()
    };
    let files = project(root, &locale, diags)?;
    let mut by_article: BTreeMap<&str, Vec<&Incoming>> = BTreeMap::new();
    for e in &parsed.entries {
        by_article.entry(e.article.as_str()).or_default().push(e);
    }
    for (article, entries) in &by_article {
        let Some(f) = files.iter().find(|f| f.slug == *article) else {
            if let Some(e) = entries.first() {
                let message = format!("no article `{article}` in content/");
                plan.problems.push(problem(display, e, message, false));
            }
            continue;
        };
        plan_article(&mut plan, f, entries, display);
    }
    Ok(plan)
}

/// Adds one article's changes to `plan`: its problems, and the file to write if any.
fn plan_article(plan: &mut Plan, f: &Files, entries: &[&Incoming], display: &str) {
    let units = units_of(f);
    let changes = changes(plan, f, &units, entries, display);
    if changes.is_empty() {
        return;
    }
    plan.applied += changes.len();
    let Some((t, text)) = f.target() else {
        let rel = format!("content/{}/{}.md", plan.locale, f.slug);
        let created = rewrite::created(f, &changes, &plan.locale);
        plan.writes.push((rel, created));
        return;
    };
    let (edited, malformed) = rewrite::edit(f, t, text, &units, &changes);
    for id in malformed {
        if let Some(e) = entries.iter().find(|e| e.id == id) {
            let message = format!(
                "the pair `{id}` in {} is malformed; fix it by hand",
                t.source.display
            );
            plan.problems.push(problem(display, e, message, true));
        }
    }
    if let Some(edited) = edited {
        plan.writes.push((t.source.display.clone(), edited));
        plan.read.insert(t.source.display.clone(), text.to_owned());
    }
}

/// The translations of one article's entries that change its file, by source segment; the
/// entries that do not fit the project, and the problems [`check`] finds, go to `plan`.
fn changes(
    plan: &mut Plan,
    f: &Files,
    units: &[Placed],
    entries: &[&Incoming],
    display: &str,
) -> Changes {
    let mut changes = Changes::new();
    for e in entries {
        let Some((unit, si, li)) = units.iter().find(|(u, _, _)| u.id == e.id) else {
            let message = "no such segment (exported from an older version?)".into();
            plan.problems.push(problem(display, e, message, false));
            continue;
        };
        if one_line(&e.english) != one_line(&unit.english) {
            let message = "the English text changed since the export; export again".into();
            plan.problems.push(problem(display, e, message, false));
            continue;
        }
        if e.translation.is_empty() {
            continue;
        }
        if e.fuzzy {
            plan.fuzzy += 1;
            continue;
        }
        let unchanged = match (li, f.target()) {
            (Some(li), Some((t, _))) => {
                t.segments[*li].local.as_deref() == Some(e.translation.as_str())
                    && unit.state == SegmentState::Current
            }
            _ => false,
        };
        if unchanged {
            continue;
        }
        for m in check(&unit.english, &e.translation) {
            plan.problems.push(problem(display, e, m, true));
        }
        changes.insert(*si, e.translation.clone());
    }
    changes
}

/// A problem with entry `e` of the exchange file `display`.
fn problem(display: &str, e: &Incoming, message: String, blocking: bool) -> Problem {
    Problem {
        at: format!("{display}:{}", e.line),
        article: e.article.clone(),
        id: e.id.clone(),
        message,
        blocking,
    }
}
