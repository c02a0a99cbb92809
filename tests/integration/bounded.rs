//! Bounded work for any input: raw HTML nested without end, includes that multiply a page,
//! content holding the characters the renderer marks sentences with, ids content repeats,
//! NUL characters. Each gives a page of bounded size and depth that keeps the text.

use crate::harness::{ids, main_of, plain_text, tags, BuildTest};
use crate::invalid::{case, run, run_with};

const HEAD: &str = "---\ntitle: Заголовок\nms.translationtype: MT\nms.lasthandoff: 08/29/2020\n---\n# <span data-ttu-id=\"1\">Заголовок</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">Title</span></span>\n\n";

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// The deepest nesting of elements in `html`, which must be well nested (every end tag
/// closes the innermost open element; `p` and `li` have their end tags written).
fn depth(html: &str) -> usize {
    let mut open: Vec<String> = Vec::new();
    let mut max = 0;
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let at = i + rel;
        if html[at..].starts_with("<!--") {
            i = html[at..].find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        let tag = &html[at + 1..end - 1];
        i = end;
        let (close, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if close {
            let top = open.pop();
            assert_eq!(top.as_deref(), Some(name.as_str()), "mis-nested at {at}");
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            open.push(name);
            max = max.max(open.len());
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    max
}

/// An article whose body is `n` nested `<div>`s around a sentence, on one line.
fn nested_divs(n: usize) -> String {
    format!(
        "{HEAD}{}Глубокий текст.{}\n",
        "<div>".repeat(n),
        "</div>".repeat(n)
    )
}

#[test]
fn deep_raw_html_is_flattened_to_text_with_a_warning() {
    let built = run(case("html-too-deep"));
    built.check_main("ru-RU/a/index.html", |main| {
        assert!(main.contains("Глубокий текст."), "{main}");
        assert!(main.contains("Конец."), "{main}");
        // 100 kept (inside the few elements of the template), the 5 past the bound as text.
        assert_eq!(main.matches("&lt;div&gt;").count(), 5, "{main}");
        assert!(depth(main) <= 100 + 10, "{}", depth(main));
    });
}

#[test]
fn megabytes_of_nested_divs_build_bounded() {
    for size in [1_000_000, 10_000_000] {
        let n = (size - HEAD.len()) / 11;
        let md = nested_divs(n);
        assert!(md.len() < 10 * 1024 * 1024);
        let built = BuildTest::empty()
            .file("content/ru-RU/deep.md", &md)
            .build()
            .check_status(0)
            .check_stderr(|stderr| {
                assert!(stderr.contains("warning[html-too-deep]"), "{stderr}");
                assert!(stderr.contains("content/ru-RU/deep.md:8:"), "{stderr}");
            });
        let page = built.read("ru-RU/deep/index.html");
        let main = main_of(&page).expect("a main element");
        assert!(main.contains("Глубокий текст."));
        assert!(depth(main) <= 100 + 10, "{size}: depth {}", depth(main));
        // Every tag is on the page, as an element or as text.
        let text = plain_text(main);
        assert_eq!(text.matches("<div>").count() + 100, n, "{size}");
    }
}

#[test]
fn includes_stop_at_the_size_bound_with_a_notice() {
    let part = "Часть текста, которую включают.\n\n".repeat(12_000);
    assert!(part.len() > 700_000 && part.len() < 1024 * 1024);
    let project = BuildTest::from_fixture("invalid/include-too-large")
        .file("content/ru-RU/includes/part.md", &part);
    let built = run_with(case("include-too-large"), project);
    built.check_main("ru-RU/a/index.html", |main| {
        assert_eq!(main.matches("Часть текста").count(), 12_000);
        assert_eq!(main.matches("class=\"include-too-large\"").count(), 1);
        assert!(main.contains("Конец."));
    });
}

#[test]
fn hundreds_of_includes_of_a_large_partial_give_a_bounded_page() {
    let part = "x".repeat(1_000_000);
    let md = format!("{HEAD}{}", "[!INCLUDE [p](includes/p.md)]\n\n".repeat(700));
    let built = BuildTest::empty()
        .file("content/ru-RU/a.md", &md)
        .file("content/ru-RU/includes/p.md", &part)
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            assert!(stderr.contains("warning[include-too-large]"), "{stderr}");
        });
    let page = built.read("ru-RU/a/index.html");
    // The bound is 1 MiB here (ten times the page's own Markdown is less): one 1 MB include
    // fits, the other 699 of the 700 are notices; 200 kB is room for them and the template.
    assert!(page.len() < 1024 * 1024 + 200_000, "{}", page.len());
    assert_eq!(page.matches("class=\"include-too-large\"").count(), 700 - 1);
}

/// Every sentence span's English original (its `title`) in `main`, in order.
fn titles(main: &str) -> Vec<String> {
    tags(main)
        .into_iter()
        .filter(|t| t.name == "span" && t.attr("class") == Some("seg"))
        .map(|t| t.attr("title").unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_characters_that_mark_sentences_in_content_are_text() {
    let pair = |id: usize, local: &str, english: &str| {
        format!("<span data-ttu-id=\"{id}\">{local}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{english}</span></span>")
    };
    let md = format!(
        "{HEAD}{} {} {}\n\n{} `code ⸻` {}\n\n- {}\n",
        pair(2, "Один ⸺ два.", "One ⸺ two."),
        pair(3, "Три ⸻.", "Three ⸻ ⸺."),
        pair(4, "Четыре &#x2E3A; &#x2E3B;.", "Four &#x2E3A;."),
        pair(5, "Пять **⸺жирный⸻**.", "Five ⸻⸺."),
        pair(6, "Шесть.", "Six."),
        pair(7, "Семь ⸻ ⸻ ⸺ ⸺.", "Seven."),
    );
    let built = BuildTest::empty()
        .file("content/ru-RU/a.md", &md)
        .build()
        .check_status(0);
    let page = built.read("ru-RU/a/index.html");
    let main = main_of(&page).expect("a main element");
    depth(main);
    assert_eq!(
        titles(main),
        [
            "One ⸺ two.",
            "Three ⸻ ⸺.",
            "Four ⸺.",
            "Five ⸻⸺.",
            "Six.",
            "Seven."
        ]
    );
    let text = plain_text(main);
    for shown in [
        "Один ⸺ два.",
        "Три ⸻.",
        "Четыре ⸺ ⸻.",
        "Пять ⸺жирный⸻.",
        "code ⸻",
        "Шесть.",
        "Семь ⸻ ⸻ ⸺ ⸺.",
    ] {
        assert!(text.contains(shown), "{shown:?} not in {text}");
    }
    // The English page shows the English halves, with their dashes.
    let en = built.read("en/a/index.html");
    let en_text = plain_text(main_of(&en).expect("a main element"));
    assert!(
        en_text.contains("One ⸺ two. Three ⸻ ⸺. Four ⸺."),
        "{en_text}"
    );
}

#[test]
fn nul_characters_never_reach_a_page() {
    let built = run(case("nul-byte"));
    for (path, page) in built.pages() {
        assert!(!page.contains('\0'), "{path} has a NUL");
    }
    built
        .check_main("ru-RU/a/index.html", |main| {
            assert!(main.contains("Лок\u{FFFD}ализованный."), "{main}");
            assert!(main.contains("title=\"Eng\u{FFFD}lish.\""), "{main}");
            assert!(main.contains("Простой\u{FFFD} текст."), "{main}");
        })
        .check_main("en/a/index.html", |main| {
            assert!(main.contains("Eng\u{FFFD}lish."), "{main}");
        });
    // A page with raw HTML goes through the sanitizer, which would drop a NUL.
    BuildTest::empty()
        .file(
            "content/ru-RU/a.md",
            format!("{HEAD}Сырой <b>жир\0ный</b> текст.\n"),
        )
        .build()
        .check_stderr(|stderr| assert!(stderr.contains("warning[nul-byte]"), "{stderr}"))
        .check_main("ru-RU/a/index.html", |main| {
            assert!(main.contains("<b>жир\u{FFFD}ный</b>"), "{main}");
        });
}

#[test]
fn content_ids_never_repeat_the_pages_ids() {
    let built = run(case("id-duplicate"));
    for (path, page) in built.pages() {
        let mut seen = std::collections::BTreeSet::new();
        for id in ids(&page) {
            assert!(seen.insert(id.clone()), "{path}: id {id} twice");
        }
    }
    let page = built.read("ru-RU/a/index.html");
    let ids = ids(&page);
    for id in [
        "main",
        "main-1",
        "intro",
        "intro-1",
        "dup",
        "dup-1",
        "search-results-1",
    ] {
        assert!(ids.iter().any(|i| i == id), "no id {id}: {ids:?}");
    }
    let main = main_of(&page).expect("a main element");
    // The link to the content's `main` leads to it, not to the template's; links to a
    // repeated id lead to the first element that has it.
    assert!(main.contains("href=\"#main-1\""), "{main}");
    assert!(main.contains("href=\"#dup\""), "{main}");
}
