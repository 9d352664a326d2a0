//! `check`, `new` and `init`.

use std::fs;
use std::process::Command;

use crate::util::{TempSite, stderr, stdout};

fn dossier(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run dossier")
}

/// The local date as the system's `date` command prints it.
fn system_date() -> String {
    let out = Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .expect("run date");
    let date = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(date.len(), 10, "unexpected date output `{date}`");
    date
}

#[test]
fn check_passes_a_clean_site_and_writes_nothing() {
    let site = TempSite::new("basic");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors"), "{}", stderr(&out));
    assert!(!site.public().exists());
}

#[test]
fn check_fails_on_errors_and_speaks_json() {
    let site = TempSite::new("invalid");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("12 errors"), "{}", stderr(&out));
    let out = site.run(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).expect("JSON array");
    assert_eq!(items.len(), 12);
    let unknown = items
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("nusra-frnt"))
        .expect("unknown id diagnostic");
    assert_eq!(unknown["path"], "content/briefings/unknown-id.md");
    assert_eq!(unknown["line"], 5);
    assert_eq!(unknown["column"], 10);
    assert_eq!(unknown["severity"], "error");
    assert_eq!(unknown["help"], "did you mean `nusra-front`?");
    let latin = items
        .iter()
        .find(|d| d["path"] == "content/briefings/latin1.md")
        .unwrap();
    assert!(latin["line"].is_null(), "a whole-file problem has no line");
    assert!(!site.public().exists());
}

#[test]
fn new_briefing_and_entry_write_skeletons_that_build() {
    let site = TempSite::new("basic");
    let root = site.root.to_str().unwrap();
    // Today's date from outside dossier, read on both sides of the run so
    // that a run across midnight passes with either date.
    let before = system_date();
    let out = dossier(&[
        "new",
        "briefing",
        "Talks resume in \"Geneva\"",
        "--root",
        root,
    ]);
    let after = system_date();
    assert!(out.status.success(), "{}", stderr(&out));
    let path = stdout(&out).trim().to_string();
    assert!(
        path.ends_with("content/briefings/talks-resume-in-geneva.md"),
        "{path}"
    );
    let text = fs::read_to_string(&path).unwrap();
    assert!(
        text.contains(&format!("date: {before}")) || text.contains(&format!("date: {after}")),
        "expected today's date ({before}) in:\n{text}"
    );
    assert!(
        text.contains("title: \"Talks resume in \\\"Geneva\\\"\""),
        "{text}"
    );

    let out = dossier(&[
        "new",
        "entry",
        "Gamma Front",
        "--kind",
        "group",
        "--root",
        root,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out)
            .trim()
            .ends_with("content/glossary/gamma-front.md")
    );

    // Both build, the draft included when drafts are on.
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        site.public()
            .join("briefings/talks-resume-in-geneva/index.html")
            .is_file()
    );
    assert!(
        site.read_output("glossary/gamma-front/index.html")
            .contains("Gamma Front")
    );
}

#[test]
fn new_refuses_to_overwrite_and_explains_bad_titles() {
    let site = TempSite::new("basic");
    let root = site.root.to_str().unwrap();
    let before = fs::read_to_string(site.root.join("content/glossary/alpha.md")).unwrap();
    let out = dossier(&["new", "entry", "Alpha", "--kind", "state", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(
        before,
        fs::read_to_string(site.root.join("content/glossary/alpha.md")).unwrap()
    );
    let out = dossier(&["new", "briefing", "???", "--root", root]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("makes an empty slug"),
        "{}",
        stderr(&out)
    );
    let out = dossier(&["new", "entry", "X", "--kind", "tribe", "--root", root]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("group"),
        "the valid kinds are listed: {}",
        stderr(&out)
    );
}

#[test]
fn init_makes_a_site_that_builds_and_refuses_a_full_folder() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let target = dir.path().join("new-site");
    let out = dossier(&["init", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for f in [
        "site.toml",
        ".gitignore",
        "templates/base.html",
        "assets/css/site.css",
        "content/_index.md",
    ] {
        assert!(target.join(f).is_file(), "missing {f}");
    }
    let out = dossier(&["build", "--root", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "the example site builds without warnings: {}",
        stderr(&out)
    );
    let entry =
        fs::read_to_string(target.join("public/glossary/example-coalition/index.html")).unwrap();
    assert!(
        entry.contains("Mentioned in"),
        "the example shows cross-linking"
    );

    let out = dossier(&["init", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
}
