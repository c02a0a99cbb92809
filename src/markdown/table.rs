//! GFM table cells with their column's alignment as a class (`align-left`, `align-center`,
//! `align-right`, styled by the site's CSS) instead of the `style="text-align: …"` attribute
//! pulldown-cmark writes, which the site's Content-Security-Policy (`style-src 'self'`)
//! blocks: the alignment would be lost and the browser would log a violation per cell.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// Where the renderer is in a table: its columns' alignments, whether in its head row, and
/// the column of the next cell.
#[derive(Default)]
pub struct Cells {
    align: Vec<Alignment>,
    head: bool,
    column: usize,
}

impl Cells {
    /// A table event as the HTML writer must see it: the table without alignments (so the
    /// writer writes no `style`), an aligned cell's start as its own `<th>`/`<td>` with the
    /// class; the rest as it is.
    pub fn event<'a>(&mut self, event: Event<'a>) -> Event<'a> {
        match event {
            Event::Start(Tag::Table(align)) => {
                let columns = align.len();
                self.align = align;
                Event::Start(Tag::Table(vec![Alignment::None; columns]))
            }
            Event::Start(Tag::TableHead) => {
                self.head = true;
                self.column = 0;
                event
            }
            Event::End(TagEnd::TableHead) => {
                self.head = false;
                event
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                event
            }
            Event::Start(Tag::TableCell) => {
                let class = match self.align.get(self.column) {
                    Some(Alignment::Left) => "align-left",
                    Some(Alignment::Center) => "align-center",
                    Some(Alignment::Right) => "align-right",
                    Some(Alignment::None) | None => return event,
                };
                let cell = if self.head { "th" } else { "td" };
                Event::Html(format!("<{cell} class=\"{class}\">").into())
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                event
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::html;

    #[test]
    fn aligned_table_cells_get_classes_never_styles() {
        let md = "| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n";
        let cells = |tag: &str, texts: [&str; 4]| {
            let classes = [
                " class=\"align-left\"",
                " class=\"align-center\"",
                " class=\"align-right\"",
                "",
            ];
            texts
                .iter()
                .zip(classes)
                .map(|(t, c)| format!("<{tag}{c}>{t}</{tag}>"))
                .collect::<String>()
        };
        let want = format!(
            "<div class=\"table-wrap\"><table><thead><tr>{}</tr></thead><tbody>\n<tr>{}</tr>\n</tbody></table>\n</div>\n",
            cells("th", ["l", "c", "r", "n"]),
            cells("td", ["1", "2", "3", "4"])
        );
        assert_eq!(html(md), want);
        // A page with raw HTML goes through the sanitizer, which keeps exactly these classes,
        // and only on cells.
        let raw = html(&format!("<b>b</b>\n\n{md}"));
        assert!(raw.contains(&want), "{raw}");
        assert_eq!(
            html(
                "<table><tr><td class=\"align-right align-justify x\">a</td></tr></table>\n\n\
                 <p class=\"align-right\">b</p>\n"
            ),
            "<table><tbody><tr><td class=\"align-right\">a</td></tr></tbody></table>\n<p>b</p>\n"
        );
    }
}
