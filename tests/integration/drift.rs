//! The committed `site/` is exactly what a fresh build of the repository gives.

use std::collections::BTreeSet;

use crate::harness::{kbsite, read_tree, repo_root};

const HINT: &str = "site/ is out of date: run `cargo run --release -- build` and commit site/";

#[test]
fn committed_site_equals_a_fresh_build() {
    let committed_dir = repo_root().join("site");
    assert!(committed_dir.is_dir(), "no site/ in the repository. {HINT}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let assert = kbsite()
        .arg("build")
        .arg("--root")
        .arg(repo_root())
        .arg("--out")
        .arg(&out)
        .assert();
    let output = assert.get_output();
    assert_eq!(
        output.status.code(),
        Some(0),
        "building the repository failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fresh = read_tree(&out);
    let committed = read_tree(&committed_dir);

    let fresh_paths: BTreeSet<&String> = fresh.keys().collect();
    let committed_paths: BTreeSet<&String> = committed.keys().collect();
    let mut problems = Vec::new();
    for p in fresh_paths.difference(&committed_paths) {
        problems.push(format!("  new, not committed: site/{p}"));
    }
    for p in committed_paths.difference(&fresh_paths) {
        problems.push(format!("  committed, no longer built: site/{p}"));
    }
    for (path, bytes) in &fresh {
        if let Some(old) = committed.get(path) {
            if old != bytes {
                problems.push(format!(
                    "  differs: site/{path}{}",
                    first_difference(old, bytes)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{HINT}\n{}\n", problems.join("\n"));
}

/// ` (line N: committed `…` / fresh `…`)` for text files.
fn first_difference(old: &[u8], new: &[u8]) -> String {
    let (Ok(old), Ok(new)) = (std::str::from_utf8(old), std::str::from_utf8(new)) else {
        return format!(" ({} bytes committed, {} fresh)", old.len(), new.len());
    };
    let mut old_lines = old.lines();
    let mut new_lines = new.lines();
    let mut n = 0;
    loop {
        n += 1;
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => return String::new(),
            (a, b) => {
                let clip = |s: Option<&str>| {
                    let s = s.unwrap_or("<end of file>");
                    s.chars().take(120).collect::<String>()
                };
                return format!(
                    " (first at line {n}:\n      committed: {}\n      fresh:     {})",
                    clip(a),
                    clip(b)
                );
            }
        }
    }
}
