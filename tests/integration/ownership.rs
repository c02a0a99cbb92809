//! Content can never take over the site: locale names are tags and never a name of kbsite's
//! own output, the output directory is never an input, and builds into one output directory
//! at once cannot mix their files.

use crate::harness::{kbsite, kbsite_i18n, read_tree, BuildTest};

#[test]
fn a_locale_folder_named_like_the_output_is_refused() {
    for name in ["static", "search", "codes", "page", "index.json"] {
        let project = BuildTest::from_repo_content();
        let seeds = project.root().join("content/ru-RU");
        let evil = project.root().join("content").join(name);
        crate::harness::copy_dir(&seeds, &evil);
        std::fs::write(evil.join("search.js"), "alert(1)").unwrap();
        let project = project.build().check_status(1);
        project.check_stderr(|stderr| {
            assert!(
                stderr.contains("error[locale-invalid]")
                    && stderr.contains(&format!("content/{name}")),
                "{name}: {stderr}"
            );
        });
    }
}

#[test]
fn add_locale_refuses_names_that_are_not_languages() {
    let project = BuildTest::from_repo_content();
    for name in ["static", "search", "../../x", "/abs"] {
        let out = kbsite_i18n(project.root(), &["add-locale", name]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("`{name}`")), "{stderr}");
    }
    assert!(!project.root().join("content/static").exists());
    assert!(!project.root().join("locales/static.ftl").exists());
}

#[test]
fn configured_locales_cannot_leave_the_output() {
    let project = BuildTest::from_repo_content();
    let config = std::fs::read_to_string(project.root().join("kbsite.toml")).unwrap();
    for locale in ["../escaped", "../../../escaped", "/abs/x", "static"] {
        let project = BuildTest::from_repo_content()
            .file(
                "kbsite.toml",
                format!("{config}\nlocales = [\"ru-RU\", \"{locale}\"]\n"),
            )
            .build()
            .check_status(2);
        let project = project.check_stderr(|stderr| {
            assert!(
                stderr.contains("kbsite.toml:") && stderr.contains(&format!("`{locale}`")),
                "{stderr}"
            );
        });
        assert!(!project.out().exists(), "{locale}");
        // `<out>/../escaped` is in the root.
        assert!(!project.root().join("escaped").exists(), "{locale}");
    }
}

#[test]
fn the_output_is_never_an_input_nor_around_one() {
    let project = BuildTest::from_repo_content();
    // A marker makes the root look like an old output: it must not be replaced all the same.
    std::fs::write(project.root().join(".kbsite"), "").unwrap();
    let before = read_tree(project.root());
    let root = project.root().to_path_buf();
    for out in [
        root.clone(),
        root.join("content"),
        root.join("content/site"),
        root.join("locales"),
        root.join("templates/out"),
        root.join("content/../content/ru-RU"),
    ] {
        let assert = kbsite()
            .arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains("input folder"),
            "{}: {stderr}",
            out.display()
        );
    }
    assert_eq!(read_tree(project.root()), before, "the project changed");
    // Through a symbolic link too.
    #[cfg(unix)]
    {
        let link = tempfile::tempdir().unwrap();
        let via = link.path().join("c");
        std::os::unix::fs::symlink(root.join("content"), &via).unwrap();
        kbsite()
            .arg("build")
            .arg("--root")
            .arg(&root)
            .arg("--out")
            .arg(via.join("site"))
            .assert()
            .code(2);
        assert_eq!(read_tree(project.root()), before, "the project changed");
    }
}

#[test]
fn builds_into_one_output_at_once_give_the_site_one_build_gives() {
    let project = BuildTest::from_repo_content().build().check_status(0);
    let want = read_tree(&project.out());
    let out = project.out();
    for round in 0..24 {
        let start = || {
            kbsite()
                .arg("build")
                .arg("--root")
                .arg(project.root())
                .arg("--out")
                .arg(&out)
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(start);
            let b = s.spawn(start);
            (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
        });
        for run in [&a, &b] {
            assert_eq!(
                run.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        assert!(
            read_tree(&out) == want,
            "round {round}: the site differs from one build's"
        );
    }
    let leftovers = crate::harness::staging_leftovers(project.root());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    // Two versions of the project, so the site shows which build it is from.
    let project = BuildTest::from_repo_content().build().check_status(0);
    let old = read_tree(&project.out());
    let article = project
        .root()
        .join("content/sv-SE/mail-flow-intelligence-in-eop.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, format!("{text}\nEtt stycke till.\n")).unwrap();
    let project = project.build().check_status(0);
    let new = read_tree(&project.out());
    assert!(old != new, "the edit changed nothing");
    // Killed after 0, 3, 6 … ms, past the ~90 ms a build takes: the site is the whole old
    // one or the whole new one.
    let (mut seen_old, mut seen_new) = (0, 0);
    for delay in (0..150u64).step_by(3) {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("kbsite"))
            .arg("build")
            .arg("--root")
            .arg(project.root())
            .arg("--out")
            .arg(project.out())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let site = read_tree(&project.out());
        assert!(
            site == new || site == old,
            "killed after {delay} ms: a site that is neither"
        );
        seen_old += usize::from(site == old);
        seen_new += usize::from(site == new);
        // Make the next round start from the old site again, as a failed deploy would.
        if site == new {
            let dir = project.out();
            std::fs::remove_dir_all(&dir).unwrap();
            crate::harness::write_tree(&dir, &old);
        }
    }
    assert!(
        seen_old > 0 && seen_new > 0,
        "kills landed only on one side of the commit"
    );
}
