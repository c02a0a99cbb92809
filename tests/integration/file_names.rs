//! File and folder names are data: whatever they are, every file a build writes is inside
//! `--out`, and every link it makes from a name is relative, has no scheme and leads to the
//! file it names. Random names (a fixed seed, so a failure reproduces) mixing `.`, `..`, `\`,
//! `:`, `%`, `#`, `?`, spaces, non-Latin letters and kbsite's reserved names.

use std::collections::BTreeMap;

use crate::harness::{read_tree, tags, BuildTest};

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

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Where `href` on the page `page` leads, as a site path (`index.html` for a folder), if it
/// is a link within the site; panics on anything absolute.
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
    let mut parts: Vec<String> = page.split('/').map(str::to_owned).collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: `{href}` climbs above the site"
                );
            }
            s => parts.push(percent_decode(s)),
        }
    }
    let mut joined = parts.join("/");
    if path.ends_with('/') || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

#[test]
fn random_names_stay_inside_the_output_and_their_links_inside_the_site() {
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
    assert!(made > 40, "only {made} names made files");
    let outside_before: Vec<_> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let project = project.build();
    // Some names are refused (reserved, unsafe): a content error, nothing written. Without
    // them the site builds.
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
    let project = project.build().check_status(0);
    let outside_after: Vec<_> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let new: Vec<_> = outside_after
        .iter()
        .filter(|n| !outside_before.contains(n))
        .collect();
    assert!(
        new.iter()
            .all(|n| n.to_string_lossy() == "out" || n.to_string_lossy().ends_with(".kbsite-lock")),
        "written beside the output: {new:?}"
    );
    let tree: BTreeMap<String, Vec<u8>> = read_tree(&project.out());
    let real_out = std::fs::canonicalize(project.out()).unwrap();
    let mut links = 0;
    for (page, bytes) in tree.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            std::fs::canonicalize(project.out().join(page))
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
    assert!(links > 200, "only {links} links checked");
    // The search index's document URLs follow the same rule.
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
        for row in rows {
            let url = row[0].as_str().unwrap();
            let target = target("en/search/index.html", &format!("../{url}")).unwrap();
            assert!(tree.contains_key(&target), "{path}: `{url}` leads nowhere");
        }
    }
}
