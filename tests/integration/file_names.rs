//! File and folder names are data: whatever they are, every file a build writes is inside
//! `--out`, and every link it makes from a name is relative, has no scheme and leads to the
//! file it names. Random names (a fixed seed, so a failure reproduces) mixing `.`, `..`, `\`,
//! `:`, `%`, `#`, `?`, spaces, non-Latin letters and kbsite's reserved names.

use std::collections::BTreeMap;

use std::path::Path;

use crate::harness::{read_tree, resolve_href, tags, BuildTest};

/// Pieces names are made of: the hard ones of URLs and paths.
const PIECES: &[&str] = &[
    ".",
    "..",
    "\\",
    ":",
    "%",
    "%2e%2e",
    "%2F%2F",
    "#",
    "?",
    " ",
    "javascript:",
    "//",
    "a",
    "b",
    "почта",
    "日本",
    "search",
    "codes",
    "page",
    "static",
    "index",
    "-",
    "_",
    "~",
    "&",
    "'",
    "=",
];

/// xorshift64*: a fixed-seed source of names.
struct Names(u64);

impl Names {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn name(&mut self) -> String {
        let len = 1 + self.next() % 4;
        (0..len)
            .map(|_| PIECES[(self.next() % PIECES.len() as u64) as usize])
            .collect()
    }
}

fn article(title: &str) -> String {
    format!(
        "---\ntitle: T\n---\n# <span data-ttu-id=\"1\">{title}</span><span class=\"sxs-lookup\"><span data-stu-id=\"1\">{title}</span></span>\n"
    )
}

/// Where `href` on the page `page` leads, as a site path (`index.html` for a folder), if it
/// is a link within the site; panics on anything absolute. The path is the harness's
/// [`resolve_href`] (percent-decoded, as the names on disk are not encoded).
fn target(page: &str, href: &str) -> Option<String> {
    let path = href.split(['#', '?']).next().unwrap_or_default();
    let scheme = path
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && !s.is_empty());
    // Absolute links that templates write (the docs site, the favicon's empty `data:,`).
    if href.starts_with("https://") || href.starts_with("mailto:") || href == "data:," {
        return None;
    }
    assert!(
        !scheme && !path.starts_with('/') && !path.starts_with('\\'),
        "{page}: `{href}` is not a relative URL"
    );
    if path.is_empty() {
        return None;
    }
    resolve_href(page, href).map(|(path, _)| path)
}

/// A project of about 60 random file names under `content/en/` (a third in a random folder,
/// a fifth `.png` media, the rest articles); names a file system cannot hold are skipped.
fn random_project() -> BuildTest {
    let mut names = Names(0x9e37_79b9_7f4a_7c15);
    let mut project = BuildTest::empty();
    let mut made = 0;
    for i in 0..60 {
        let (folder, file) = (names.name(), names.name());
        let rel = if i % 3 == 0 {
            format!("{folder}/{file}")
        } else {
            file
        };
        // Names a file system cannot hold (`.`, `..`, a `/` inside a name) are not files.
        if rel
            .split('/')
            .any(|p| p.is_empty() || p == "." || p == "..")
        {
            continue;
        }
        let ext = if i % 5 == 0 { ".png" } else { ".md" };
        let path = project
            .root()
            .join("content/en")
            .join(format!("{rel}{ext}"));
        if std::fs::create_dir_all(path.parent().unwrap()).is_err() {
            continue;
        }
        project = project.file(
            &format!("content/en/{rel}{ext}"),
            article(&format!("Article {i}")),
        );
        made += 1;
    }
    // With this seed 50-odd of the 60 names make files; fewer would test little.
    assert!(made > 40, "only {made} names made files");
    project
}

/// Builds `project`, removes the files whose names the build refused (reserved, unsafe,
/// clashing: a content error, nothing written) and builds again, successfully.
fn build_without_refused_names(project: BuildTest) -> BuildTest {
    let project = project.build();
    let stderr = project.stderr();
    for line in stderr.lines().filter(|l| l.starts_with("error[")) {
        assert!(
            line.starts_with("error[path-reserved]")
                || line.starts_with("error[path-unsafe]")
                || line.starts_with("error[path-clash]"),
            "{line}\n{stderr}"
        );
    }
    for d in stderr.split("\n\n").filter(|d| d.starts_with("error[")) {
        let path = d
            .lines()
            .find_map(|l| l.strip_prefix(" = in "))
            .unwrap_or_else(|| panic!("no path in {d}"));
        let path = project.root().join(path);
        let _ = std::fs::remove_file(&path).or_else(|_| std::fs::remove_dir_all(&path));
    }
    project.build().check_status(0)
}

/// Every page is inside the output and every `href`/`src` of it leads to a file of the site;
/// returns how many links were followed.
fn check_pages_and_links(tree: &BTreeMap<String, Vec<u8>>, out: &Path) -> usize {
    let real_out = std::fs::canonicalize(out).unwrap();
    let mut links = 0;
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            std::fs::canonicalize(out.join(page))
                .unwrap()
                .starts_with(&real_out),
            "{page} is outside the output"
        );
        let html = String::from_utf8_lossy(bytes);
        for tag in tags(&html) {
            for attr in ["href", "src"] {
                let Some(href) = tag.attr(attr) else { continue };
                // Canonical and alternate links start with base_url (`/` here), by design.
                let rel = tag.attr("rel").unwrap_or_default();
                let (page, href) = match href.strip_prefix('/') {
                    Some(path)
                        if tag.name == "link" && matches!(rel, "canonical" | "alternate") =>
                    {
                        ("index.html", path)
                    }
                    _ => (page.as_str(), href),
                };
                if let Some(target) = target(page, href) {
                    assert!(
                        tree.contains_key(&target),
                        "{page}: `{href}` leads to {target}, which is not there"
                    );
                    links += 1;
                }
            }
        }
    }
    links
}

/// The search index's document URLs follow the same rule as the pages' links.
fn check_search_urls(tree: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in tree.iter().filter(|(p, _)| p.starts_with("en/search/d/")) {
        let text = String::from_utf8_lossy(bytes);
        let json = text
            .split_once(',')
            .unwrap()
            .1
            .trim_end()
            .strip_suffix(");")
            .unwrap();
        let rows: Vec<Vec<serde_json::Value>> = serde_json::from_str(json).unwrap();
        assert!(!rows.is_empty(), "{path} lists no documents");
        for row in rows {
            let url = row[0].as_str().unwrap();
            let target = target("en/search/index.html", &format!("../{url}")).unwrap();
            assert!(tree.contains_key(&target), "{path}: `{url}` leads nowhere");
        }
    }
}

fn entries(dir: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect()
}

#[test]
fn random_names_stay_inside_the_output_and_their_links_inside_the_site() {
    let project = random_project();
    let outside_before = entries(project.root());
    let project = build_without_refused_names(project);
    let new: Vec<_> = entries(project.root())
        .into_iter()
        .filter(|n| !outside_before.contains(n))
        .collect();
    assert!(
        new.iter()
            .all(|n| n.to_string_lossy() == "out" || n.to_string_lossy().ends_with(".kbsite-lock")),
        "written beside the output: {new:?}"
    );
    let tree: BTreeMap<String, Vec<u8>> = read_tree(&project.out());
    let links = check_pages_and_links(&tree, &project.out());
    // Each of the 40-odd pages links to its locale's home, search, stylesheet and more: a
    // few hundred links; fewer means the link walk found nothing to check.
    assert!(links > 200, "only {links} links checked");
    check_search_urls(&tree);
}
