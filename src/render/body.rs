//! A version's Markdown, whole or a range of it, rendered to HTML for one page: its links
//! resolved, its codes linked, its includes expanded, its sentence pairs marked, and every
//! problem the renderer finds reported at its place in the source file.

use std::ops::Range;

use super::includes::{include_budget, Labels};
use super::Ctx;
use crate::diagnostics::{Diagnostic, Kind};
use crate::markdown::{self, LinkRef, Mark, RenderOptions};
use crate::model::{Article, Version};
use crate::paths;

impl Ctx<'_> {
    /// Renders `range` of a version's Markdown for the page at `dir`.
    pub(super) fn markdown(
        &self,
        article: &Article,
        v: &Version,
        range: Range<usize>,
        dir: &str,
        heading_ids: Option<&[String]>,
        diags: &mut Vec<Diagnostic>,
    ) -> markdown::Rendered {
        // A whole article leaves its title to the template; a fragment has no title to skip.
        let skip_title = heading_ids.is_some();
        let heading_ids = heading_ids.unwrap_or_default();
        let i18n = self.inputs.i18n;
        let locale = v.locale.as_str();
        let offset = range.start;
        let mut resolve = |link: LinkRef<'_>| {
            let (action, problem) = self.resolve(link.dest, link.kind, article, locale, dir);
            // A link in English text the file lacks is reported where that text is.
            let at = v.source_offset(offset + link.range.start);
            if let (Some((kind, message)), Some(start)) = (problem, at) {
                let end = v
                    .source_offset(offset + link.range.end)
                    .unwrap_or(start)
                    .max(start + 1);
                diags.push(Diagnostic::new(kind, v.path.clone(), message).at(start..end));
            }
            action
        };
        let label = |key: &str| i18n.html(locale, &format!("alert-{key}"), &[]);
        let video_label = i18n.html(locale, "video-label", &[]);
        // Codes mentioned in the text link to their page in this locale.
        let code_link = |code: &str| {
            self.codes
                .contains(code)
                .then(|| paths::href(dir, &paths::code_dir(locale, code)))
        };
        let mut include_problems = Vec::new();
        let position = |range: Range<usize>| source_range(v, offset, range);
        // What the includes may add: see `include_budget`.
        let mut budget = include_budget(v.markdown.len());
        let mut include = |target: &str, range: Range<usize>| {
            let found = self.partial(article, locale, target);
            if let Some((md, _)) = found.as_ref().filter(|(md, _)| md.len() > budget) {
                // Its line, not the blank line after it.
                let line = v.markdown.get(offset + range.start..offset + range.end);
                let line = range.start..range.start + line.unwrap_or("").trim_end().len();
                let (problem, html) = self.include_too_large(v, target, md.len());
                include_problems.push(problem.at(position(line)));
                return html;
            }
            if let Some((md, english)) = found {
                budget -= md.len();
                let labels = Labels {
                    alert: &label,
                    video: &video_label,
                    code_link: &code_link,
                };
                return self.include_html(&md, english, article, locale, dir, &labels);
            }
            let message = format!("included file `{target}` is not in the content folder; nothing is shown in its place");
            include_problems.push(
                Diagnostic::new(Kind::IncludeMissing, v.path.clone(), message).at(position(range)),
            );
            String::new()
        };
        let marks = marks_in(v, &range);
        let fallback_title = i18n.text(locale, "segment-untranslated");
        let html = markdown::render_blocks(
            &v.markdown[range],
            RenderOptions {
                heading_ids,
                alert_label: &label,
                video_label: &video_label,
                resolve: &mut resolve,
                include: &mut include,
                skip_title,
                marks,
                marks_offset: offset,
                fallback_title: &fallback_title,
                code_link: &code_link,
                reserved_ids: &self.inputs.templates.ids,
            },
        );
        diags.extend(include_problems);
        for problem in &html.problems {
            diags.push(
                Diagnostic::new(problem.kind, v.path.clone(), problem.message.clone())
                    .at(position(problem.range.clone())),
            );
        }
        html
    }
}

/// Where `range` of the version's Markdown, starting `offset` bytes into it, is in its source
/// file (at least one byte; English text the file lacks is placed at the file's start).
fn source_range(v: &Version, offset: usize, range: Range<usize>) -> Range<usize> {
    let start = v.source_offset(offset + range.start).unwrap_or(0);
    let end = v
        .source_offset(offset + range.end)
        .unwrap_or(start)
        .max(start + 1);
    start..end
}

/// The sentences inside `range` (sorted and not overlapping, so a slice of them).
fn marks_in<'v>(v: &'v Version, range: &Range<usize>) -> &'v [Mark] {
    let first = v.marks.partition_point(|m| m.range.start < range.start);
    let mut end = first + v.marks[first..].partition_point(|m| m.range.start <= range.end);
    while end > first && v.marks[end - 1].range.end > range.end {
        end -= 1;
    }
    let marks = &v.marks[first..end];
    debug_assert!(marks.iter().map(|m| &m.range).eq(v
        .marks
        .iter()
        .map(|m| &m.range)
        .filter(|m| m.start >= range.start && m.end <= range.end)));
    marks
}
