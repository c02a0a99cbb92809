//! `kbsite i18n add-locale` and `kbsite i18n status` on copies of the seed project.

use crate::harness::*;

#[test]
fn status_shows_the_seeds_ru_stale_and_sv_current() {
    let project = BuildTest::from_repo_content();
    let out = kbsite_i18n(project.root(), &["status"]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8(out.stdout).unwrap();
    let row = |locale: &str| {
        table
            .lines()
            .find(|l| l.starts_with(locale))
            .unwrap_or_else(|| panic!("no {locale} row:\n{table}"))
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        row("ru-RU"),
        [
            "ru-RU",
            "mail-flow-intelligence-in-eop",
            "stale",
            "77",
            "4",
            "4",
            "0"
        ]
    );
    assert_eq!(
        row("sv-SE"),
        [
            "sv-SE",
            "mail-flow-intelligence-in-eop",
            "current",
            "85",
            "0",
            "0",
            "0"
        ]
    );
    assert!(
        table.contains("UI strings ru-RU: 0 missing, 0 obsolete"),
        "{table}"
    );

    let out = kbsite_i18n(project.root(), &["status", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let ru = &json["locales"][0];
    assert_eq!(ru["locale"], "ru-RU");
    assert_eq!(ru["articles"][0]["state"], "stale");
    assert_eq!(
        (
            ru["articles"][0]["stale"].as_u64(),
            ru["articles"][0]["missing"].as_u64()
        ),
        (Some(4), Some(4))
    );
    assert_eq!(json["locales"][1]["articles"][0]["state"], "current");

    // The ru-RU translation is stale: --strict says so with its exit code.
    assert_eq!(
        kbsite_i18n(project.root(), &["status", "--strict"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn add_locale_scaffolds_a_language_that_builds_and_reports_what_is_missing() {
    let project = BuildTest::from_repo_content();
    let out = kbsite_i18n(project.root(), &["add-locale", "de-de"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = project.root();
    let toml = std::fs::read_to_string(root.join("kbsite.toml")).unwrap();
    assert!(
        toml.contains("locales = [\"en\", \"ru-RU\", \"sv-SE\", \"de-DE\"]"),
        "{toml}"
    );
    assert!(
        toml.contains("docs_base_url = "),
        "other settings kept:\n{toml}"
    );
    // The new content folder holds only the placeholder that keeps it in git.
    let created: Vec<_> = std::fs::read_dir(root.join("content/de-DE"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(created, [".gitkeep"]);

    // Every English message is there, marked untranslated.
    let en = std::fs::read_to_string(root.join("locales/en.ftl")).unwrap();
    let de = std::fs::read_to_string(root.join("locales/de-DE.ftl")).unwrap();
    let ids = |text: &str| -> Vec<String> {
        text.lines()
            .filter_map(|l| l.split_once(" =").map(|(id, _)| id))
            .filter(|id| !id.starts_with(' ') && !id.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(ids(&de), ids(&en));
    assert_eq!(de.matches("\n# UNTRANSLATED\n").count(), ids(&en).len());

    // Running it again changes nothing.
    let before = read_tree(root);
    assert_eq!(
        kbsite_i18n(root, &["add-locale", "de-DE"]).status.code(),
        Some(0)
    );
    assert_eq!(read_tree(root), before);

    let status = String::from_utf8(kbsite_i18n(root, &["status"]).stdout).unwrap();
    assert!(
        status
            .lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>()
                == [
                    "de-DE",
                    "mail-flow-intelligence-in-eop",
                    "missing",
                    "0",
                    "0",
                    "85",
                    "0"
                ]),
        "{status}"
    );
    let missing = format!("UI strings de-DE: {} missing", ids(&en).len());
    assert!(status.contains(&missing), "{status}");

    // The new locale builds: English content and UI, marked as such, named by CLDR's name.
    project
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            assert!(
                stderr.contains("UI string(s) missing in `de-DE`"),
                "{stderr}"
            )
        })
        .check_file("de-DE/mail-flow-intelligence-in-eop/index.html", |html| {
            assert!(html.contains("<html lang=\"de-DE\">"));
            assert!(
                html.contains("class=\"notice fallback\""),
                "English-fallback notice"
            );
            assert!(
                html.contains("hreflang=\"de-DE\" lang=\"de-DE\""),
                "switcher entry"
            );
        })
        .check_file("ru-RU/index.html", |html| {
            assert!(
                html.contains("hreflang=\"de-DE\" lang=\"de-DE\">Deutsch</a>"),
                "de-DE in the ru-RU switcher, by its CLDR name"
            )
        });
}

#[test]
fn add_locale_refuses_what_is_not_a_language_tag() {
    let project = BuildTest::from_repo_content();
    let before = read_tree(project.root());
    for bad in ["en_US", "not a tag", "de-DE-x", "e", "de-DE1"] {
        let out = kbsite_i18n(project.root(), &["add-locale", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("is not a BCP 47 language tag"),
            "{bad}: {stderr}"
        );
    }
    assert_eq!(read_tree(project.root()), before);
}

#[test]
fn add_locale_says_updated_for_an_existing_kbsite_toml_and_created_for_a_new_one() {
    let project = BuildTest::from_repo_content();
    let out = kbsite_i18n(project.root(), &["add-locale", "de-DE"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  updated kbsite.toml\n"), "{stderr}");
    assert!(!stderr.contains("created kbsite.toml"), "{stderr}");
    assert!(stderr.contains("  created locales/de-DE.ftl\n"), "{stderr}");
    assert!(stderr.contains("  created content/de-DE/\n"), "{stderr}");

    let bare = BuildTest::empty();
    let out = kbsite_i18n(bare.root(), &["add-locale", "de-DE"]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  created kbsite.toml\n"), "{stderr}");
    assert!(!stderr.contains("updated"), "{stderr}");
    let toml = std::fs::read_to_string(bare.root().join("kbsite.toml")).unwrap();
    assert!(toml.contains("\nlocales = [\"en\", \"de-DE\"]\n"), "{toml}");

    // Once registered, a second run neither creates nor updates it.
    let out = kbsite_i18n(bare.root(), &["add-locale", "de-DE"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("  kept    kbsite.toml"), "{stderr}");
    assert!(
        !stderr.contains("created") && !stderr.contains("updated"),
        "{stderr}"
    );
}

#[test]
fn a_deeply_nested_ftl_is_an_error_not_a_crash() {
    let deep = format!(
        "site-title = {}x{}\n",
        "{ ".repeat(12_000),
        " }".repeat(12_000)
    );
    BuildTest::from_repo_content()
        .file("locales/sv-SE.ftl", deep)
        .build()
        .check_status(1)
        .check_stderr(|stderr| {
            assert!(
                stderr.contains("error[ftl-too-deep]") && stderr.contains("locales/sv-SE.ftl:1:"),
                "{stderr}"
            );
        });
}

#[test]
fn a_message_that_refers_to_itself_falls_back_with_a_warning() {
    let en = std::fs::read_to_string(crate::harness::repo_root().join("locales/en.ftl")).unwrap();
    let sv =
        std::fs::read_to_string(crate::harness::repo_root().join("locales/sv-SE.ftl")).unwrap();
    let cyclic: String = sv
        .lines()
        .map(|l| {
            if l.starts_with("site-title =") {
                "site-title = { site-name }\nsite-name = { site-title }".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(cyclic, sv, "no site-title in sv-SE.ftl");
    let english_title = en
        .lines()
        .find_map(|l| l.strip_prefix("site-title = "))
        .unwrap()
        .to_owned();
    let project = BuildTest::from_repo_content()
        .file("locales/sv-SE.ftl", cyclic)
        .build()
        .check_status(0)
        .check_stderr(|stderr| {
            assert!(stderr.contains("warning[ftl-cycle]"), "{stderr}");
            assert!(stderr.contains("locales/sv-SE.ftl:"), "{stderr}");
        });
    let home = project.read("sv-SE/index.html");
    assert!(
        !home.contains("{site-title}") && !home.contains("{site-name}"),
        "{home}"
    );
    assert!(home.contains(&english_title), "English site-title expected");
    // In English, every locale's last resort, it is an error.
    BuildTest::from_repo_content()
        .file(
            "locales/en.ftl",
            format!("{en}\nloop-a = {{ loop-b }}\nloop-b = {{ loop-a }}\n"),
        )
        .build()
        .check_status(1)
        .check_stderr(|stderr| assert!(stderr.contains("error[ftl-cycle]"), "{stderr}"));
}

#[cfg(unix)]
#[test]
fn ftl_files_and_templates_that_lead_outside_the_project_are_not_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, "root:x:0:0:secret-line\n").unwrap();
    for link in [
        "locales/de-DE.ftl",
        "templates/base.html",
        "templates/static/x.css",
    ] {
        let project = BuildTest::from_repo_content();
        let path = project.root().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(&secret, &path).unwrap();
        let project = project.build().check_status(2).check_stderr(|stderr| {
            assert!(stderr.contains("outside the project"), "{link}: {stderr}");
            assert!(!stderr.contains("secret-line"), "{link}: {stderr}");
        });
        assert!(!project.out().exists(), "{link}");
    }
}
