//! Golden files: the `<main>` of selected pages of the `basic` fixture,
//! compared byte for byte. `DOSSIER_BLESS=1 cargo test` rewrites them
//! (any other value, and any run under `CI`, compares); a golden file that
//! no test uses is itself a failure.

use std::fs;
use std::path::Path;

use crate::util::{TempSite, fixture, main_of};

const PAGES: &[&str] = &[
    "index.html",
    "briefings/first-offer/index.html",
    "briefings/second-look/index.html",
    "glossary/index.html",
    "glossary/alpha/index.html",
    "glossary/alpha-leader/index.html",
    "tags/index.html",
    "tags/alpha/index.html",
    "timeline/index.html",
    "sources/index.html",
    "404.html",
    "graph.json",
];

fn golden_name(page: &str) -> String {
    if !page.ends_with(".html") {
        return page.replace('/', "__");
    }
    page.trim_end_matches("/index.html")
        .trim_end_matches(".html")
        .replace('/', "__")
        + ".html"
}

#[test]
fn basic_site_matches_golden_main() {
    let site = TempSite::new("basic");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", crate::util::stderr(&out));
    let expected_dir = fixture("basic-expected");
    let bless = bless_requested(
        std::env::var("DOSSIER_BLESS").ok().as_deref(),
        std::env::var_os("CI").is_some(),
    );
    let mut failures = Vec::new();
    for page in PAGES {
        let html = site.read_output(page);
        // JSON is compared pretty-printed, so a change reads as a diff.
        let pretty;
        let actual = if page.ends_with(".html") {
            main_of(&html)
        } else {
            let value: serde_json::Value = serde_json::from_str(&html).expect("valid JSON");
            pretty = serde_json::to_string_pretty(&value).unwrap() + "\n";
            pretty.as_str()
        };
        let path = expected_dir.join(golden_name(page));
        if bless {
            fs::create_dir_all(&expected_dir).unwrap();
            fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "missing golden {}; run with DOSSIER_BLESS=1",
                path.display()
            )
        });
        if expected != actual {
            failures.push(format!(
                "{page}:\n--- expected\n{expected}\n--- actual\n{actual}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatch:\n{}",
        failures.join("\n\n")
    );
}

/// Whether to rewrite the golden files: only on `DOSSIER_BLESS=1`, and
/// never in CI, where a blessed run would pass whatever the output.
fn bless_requested(value: Option<&str>, ci: bool) -> bool {
    match value {
        Some("1") if ci => {
            panic!("DOSSIER_BLESS=1 is refused under CI: goldens are compared there")
        }
        Some("1") => true,
        _ => false,
    }
}

#[test]
fn only_bless_one_blesses() {
    assert!(bless_requested(Some("1"), false));
    for v in [None, Some(""), Some("0"), Some("true"), Some("yes")] {
        assert!(!bless_requested(v, false), "{v:?} must compare");
        assert!(!bless_requested(v, true), "{v:?} must compare under CI");
    }
    let under_ci = std::panic::catch_unwind(|| bless_requested(Some("1"), true));
    assert!(under_ci.is_err(), "blessing under CI must be refused");
}

#[test]
fn no_golden_file_is_unused() {
    let expected_dir = fixture("basic-expected");
    let used: Vec<String> = PAGES.iter().map(|p| golden_name(p)).collect();
    for entry in fs::read_dir(&expected_dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            used.contains(&name),
            "golden file {} is not used by any test; delete it",
            Path::new(&name).display()
        );
    }
}
