//! The output folder: what a build refuses to replace, how it swaps the new
//! site in, what it cleans up, and what it leaves alone when writing fails.

use std::fs;
use std::path::Path;

use crate::util::{TempSite, snapshot, stderr};

/// The names in `dir` that start with `.` followed by `name`: staging
/// folders of builds of `name`.
fn staging_folders(dir: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.");
    let mut found: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect();
    found.sort();
    found
}

#[test]
fn output_that_is_a_file_is_refused() {
    let site = TempSite::new("basic");
    let config = site.root.join("site.toml");
    let before = fs::read(&config).unwrap();
    let out = site.run(&["build", "--output", config.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is a file, not a folder"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&config).unwrap(), before, "site.toml untouched");
    assert!(staging_folders(&site.root, "site.toml").is_empty());
}

#[test]
fn a_folder_dossier_did_not_make_is_kept_unless_forced() {
    let site = TempSite::new("basic");
    let other = site.root.join("notes");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("keep.txt"), "mine").unwrap();
    let out = site.run(&["build", "--output", other.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("was not made by dossier"), "{err}");
    assert!(err.contains("--force"), "the way out is named: {err}");
    assert_eq!(fs::read_to_string(other.join("keep.txt")).unwrap(), "mine");

    let out = site.run(&["build", "--force", "--output", other.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!other.join("keep.txt").exists(), "--force replaces it");
    assert!(other.join("index.html").is_file());
    assert!(
        other.join(".dossier-output").is_file(),
        "now marked as ours"
    );

    // Marked as ours, it is replaced without --force.
    let out = site.run(&["build", "--output", other.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn an_empty_folder_may_become_the_output() {
    let site = TempSite::new("basic");
    fs::create_dir(site.public()).unwrap();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.public().join("index.html").is_file());
}

#[test]
fn staging_folders_of_dead_builds_are_removed() {
    let site = TempSite::new("basic");
    // A process that has exited: its pid names a dead build.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    child.wait().unwrap();
    let dead = child.id();
    let alive = std::process::id();
    for name in [
        format!(".public.new-{dead}"),
        format!(".public.old-{dead}"),
        format!(".public.new-{alive}"),
    ] {
        fs::create_dir_all(site.root.join(&name).join("briefings")).unwrap();
        fs::write(site.root.join(&name).join("briefings/x.html"), "x").unwrap();
    }
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("left behind by a build that was stopped"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        staging_folders(&site.root, "public"),
        vec![format!(".public.new-{alive}")],
        "only the folder of a running process stays"
    );
}

#[test]
fn a_staging_folder_that_cannot_be_made_fails_the_build_and_says_so() {
    let site = TempSite::new("basic");
    // The output's own name fits, `.NAME.new-PID` beside it does not.
    let out_dir = site.root.join("o".repeat(250));
    let out = site.run(&["build", "--output", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cannot create the new site beside the output"),
        "{err}"
    );
    assert!(!out_dir.exists());
}

#[test]
fn a_failed_write_leaves_the_previous_output_and_no_staging_folder() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let before = snapshot(&site.public());
    // A folder where the site writes a file: the write fails midway.
    site.write("assets/robots.txt/extra.css", "body{}");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("cannot write the site"), "{err}");
    assert!(err.contains("robots.txt"), "names the file: {err}");
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(
        snapshot(&site.public()),
        before,
        "previous output untouched"
    );
    assert!(staging_folders(&site.root, "public").is_empty());
}

#[test]
fn no_search_writes_no_index() {
    let site = TempSite::new("basic");
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.public().join("index.html").is_file());
    assert!(!site.public().join("search/index.json").exists());

    let config = fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{config}\n[search]\nenabled = false\n"),
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.public().join("search/index.html").is_file());
    let index_files = snapshot(&site.public())
        .into_keys()
        .filter(|k| k.starts_with("search/") && k != "search/index.html")
        .count();
    assert_eq!(
        index_files, 0,
        "no index files with [search] enabled = false"
    );
}

#[test]
fn search_is_built_by_default() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    assert!(site.public().join("search/index.json").is_file());
}
