//! Tests of the whole renderer, and the helpers the other files' tests share.

use std::ops::Range;

use super::*;

/// Options that wrap no sentence, label alerts with their key and link no code; a test
/// changes what it needs: `RenderOptions { marks: &m, ..opts(&mut resolve, &mut include) }`.
pub(super) fn opts<'a>(
    resolve: &'a mut dyn FnMut(LinkRef<'_>) -> LinkAction,
    include: &'a mut dyn FnMut(&str, Range<usize>) -> String,
) -> RenderOptions<'a> {
    RenderOptions {
        heading_ids: &[],
        alert_label: &|k| k.into(),
        video_label: "video",
        resolve,
        include,
        skip_title: false,
        marks: &[],
        marks_offset: 0,
        fallback_title: "",
        code_link: &|_| None,
        reserved_ids: &[],
    }
}

/// A code page shows parts of its article page: each part between top-level blocks must be
/// the HTML its Markdown renders to on its own, sentences and all.
#[test]
fn parts_between_blocks_are_their_own_html() {
    let md = "# Title\n\nIntro with a [link](a.md). Second sentence.\n\n\
              ## 450 4.4.312 DNS query failed\n\n<a name=\"x\"></a>\n\n<a name=\"y\">\n\nWhat it means.\n\n\
              - cause *one*\n- cause two\n\n  nested para\n\n> [!NOTE]\n> A note.\n\n\
              | a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n### How to fix\n\n\
              1. step\n2. step\n\n[!INCLUDE [t](inc.md)]\n\nLast. words\n";
    let marks: Vec<Mark> = [
        "Intro with a [link](a.md).",
        "What it means.",
        "A note.",
        "Last.",
    ]
    .iter()
    .map(|s| {
        let start = md.find(s).unwrap();
        Mark {
            range: start..start + s.len(),
            english: format!("en {s}"),
            fallback: false,
        }
    })
    .collect();
    let render_part = |range: Range<usize>| {
        let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
        let mut include = |target: &str, _| format!("<div>{target}</div>\n");
        let first = marks.partition_point(|m| m.range.start < range.start);
        let end = first + marks[first..].partition_point(|m| m.range.end <= range.end);
        let o = RenderOptions {
            marks: &marks[first..end],
            marks_offset: range.start,
            ..opts(&mut keep, &mut include)
        };
        render_blocks(&md[range], o)
    };
    let whole = render_part(0..md.len());
    assert_eq!(whole.blocks.len(), 14, "{:?}", whole.blocks);
    // Where blocks start and end (the model's ranges run from a heading's end to a block).
    let mut bounds: Vec<usize> = whole
        .blocks
        .iter()
        .flat_map(|(r, _)| [r.start, r.end])
        .chain([0, md.len()])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    for (i, &a) in bounds.iter().enumerate() {
        for &b in &bounds[i..] {
            let expected = render_part(a..b).html;
            assert_eq!(whole.part(a..b), Some(expected.as_str()), "{a}..{b}");
        }
    }
    // A range that starts or ends inside a block has no part.
    let inside = md.find("Second").unwrap();
    assert_eq!(whole.part(inside..md.len()), None);
    assert_eq!(whole.part(0..inside), None);
    // HTML sanitized as a whole keeps no block offsets.
    let raw = render_part(0..0);
    assert!(raw.blocks.is_empty());
    let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
    let mut include = |_: &str, _| String::new();
    let sanitized = render_blocks("a\n\n<div>b</div>\n\nc\n", opts(&mut keep, &mut include));
    assert_eq!(sanitized.part(0..1), None);
}

pub(super) fn html(md: &str) -> String {
    let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
    let mut include = |target: &str, _| format!("<included {target}>");
    let opts = RenderOptions {
        alert_label: &|k| format!("[{k}]"),
        video_label: "[video]",
        ..opts(&mut keep, &mut include)
    };
    render(md, opts)
}

#[test]
fn heading_ids_come_from_anchors_then_slugs_then_the_caller() {
    assert_eq!(
        html("## <a name=\"x-1\"></a>Код ошибки\n"),
        "<h2 id=\"x-1\">Код ошибки</h2>\n"
    );
    assert_eq!(
        html("## Other error codes\n"),
        "<h2 id=\"other-error-codes\">Other error codes</h2>\n"
    );
    let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
    let mut include = |_: &str, _| String::new();
    let ids = ["given".to_owned()];
    let opts = RenderOptions {
        heading_ids: &ids,
        ..opts(&mut keep, &mut include)
    };
    let out = render("# A\n## B\n", opts);
    assert_eq!(out, "<h1 id=\"given\">A</h1>\n<h2 id=\"b\">B</h2>\n");
}

#[test]
fn the_title_heading_can_be_left_to_the_template() {
    let mut keep = |l: LinkRef<'_>| LinkAction::Url(l.dest.to_owned());
    let mut include = |_: &str, _| String::new();
    let ids = ["t".to_owned(), "s".to_owned()];
    let opts = RenderOptions {
        heading_ids: &ids,
        skip_title: true,
        ..opts(&mut keep, &mut include)
    };
    assert_eq!(
        render("# <a name=\"t\"></a>Title\n\nText\n\n## Sub\n", opts),
        "<p>Text</p>\n<h2 id=\"s\">Sub</h2>\n"
    );
}

#[test]
fn email_autolinks_stay_mailto_links() {
    // A resolver that makes targets without a scheme absolute, as `docs_base_url` does.
    let mut resolve = |l: LinkRef<'_>| match l.dest.contains(':') {
        true => LinkAction::Url(l.dest.to_owned()),
        false => LinkAction::Url(format!("https://docs.example.com/kb/{}", l.dest)),
    };
    let mut include = |_: &str, _| String::new();
    assert_eq!(
        render(
            "Write to <user@example.com> or [us](team.md).\n",
            opts(&mut resolve, &mut include)
        ),
        "<p>Write to <a href=\"mailto:user@example.com\">user@example.com</a> or \
         <a href=\"https://docs.example.com/kb/team.md\">us</a>.</p>\n"
    );
}

#[test]
fn alerts_become_localized_callouts() {
    assert_eq!(
        html("> [!NOTE]\n> Careful.\n"),
        "<div class=\"callout note\" role=\"note\"><p class=\"callout-title\">[note]</p>\n<p>Careful.</p>\n</div>\n"
    );
}

#[test]
fn resolver_rewrites_drops_and_marks_missing() {
    let mut resolve = |l: LinkRef<'_>| match l.dest {
        "a.md" => LinkAction::Url("../a/".into()),
        "javascript:alert(1)" => LinkAction::Drop,
        _ => LinkAction::Missing,
    };
    let md = "[A](a.md) [X](javascript:alert(1)) ![Icon](gone.gif) [B](b.md)\n";
    let mut include = |_: &str, _| String::new();
    let opts = RenderOptions {
        ..opts(&mut resolve, &mut include)
    };
    let out = render(md, opts);
    assert_eq!(
        out,
        "<p><a href=\"../a/\">A</a> <span class=\"link-removed\">X</span> <span class=\"media-missing\">Icon</span> <a href=\"b.md\">B</a></p>\n"
    );
}
