//! Citation coverage (`[check] citations`): claims without a source are
//! reported at their place, with a figure per briefing.

use crate::util::{TempSite, stderr, stdout};

/// A briefing with every kind of claim, cited and not, and every exemption.
/// Line numbers matter: the tests below name them.
const BRIEFING: &str = "---
title: \"Claims\"
date: 2016-07-20
sources:
  - id: wire-9
    publisher: Wire Service
stakeholders:
  - ref: alpha
    position: \"Cited position\"
    source: wire-9
  - ref: beta
    position: \"Uncited position\"
  - alpha-leader
quotes:
  - by: alpha-leader
    text: \"Uncited words\"
events:
  - date: 2016-07-19
    title: \"Cited event\"
    source: wire-9
  - date: 2016-07-18
    title: \"Uncited event\"
---
## A heading is exempt

A cited paragraph [@wire-9, para. 1].

An uncited paragraph.

Three things follow:

- a cited item [@wire-9]
- an uncited item
  - a nested item [@wire-9]

> [!NOTE]
> An editorial note, exempt.

Text with a footnote[^1] [@wire-9].

[^1]: The footnote is exempt.
";

fn site(level: Option<&str>) -> TempSite {
    let site = TempSite::new("basic");
    let mut toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
    if let Some(level) = level {
        toml.push_str(&format!("\n[check]\ncitations = \"{level}\"\n"));
    }
    site.write("site.toml", &toml);
    site.write("content/briefings/claims.md", BRIEFING);
    site
}

/// `path:line:col` of every claim reported in human output.
fn reported(err: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = err.lines();
    while let Some(l) = lines.next() {
        if l.ends_with("without a source")
            && let Some(at) = lines.next()
            && let Some(place) = at.trim().strip_prefix("--> content/briefings/claims.md:")
        {
            out.push(place.to_string());
        }
    }
    out
}

#[test]
fn uncited_claims_are_warnings_at_their_place_with_a_figure() {
    let site = site(None);
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "warn is the default: {err}");
    // Uncited position (at its id), quote, event, paragraph, list item.
    assert_eq!(
        reported(&err),
        ["11:10", "15:5", "21:5", "28:1", "33:1"],
        "{err}"
    );
    assert!(
        err.contains("warning: stakeholder position without a source"),
        "{err}"
    );
    assert!(err.contains("warning: claim without a source"), "{err}");
    assert!(err.contains("warning: quote without a source"), "{err}");
    assert!(err.contains("warning: event without a source"), "{err}");
    // 5 front-matter claims (2 cited) and 6 in the body (4 cited).
    assert!(
        err.contains("note: 6 of 11 claims cited"),
        "the figure: {err}"
    );
    assert!(!site.public().exists());
}

#[test]
fn exempt_blocks_are_not_claims() {
    let site = site(None);
    let err = stderr(&site.run(&["check"]));
    for line in ["24", "30", "36", "37", "41"] {
        assert!(
            !reported(&err)
                .iter()
                .any(|p| p.starts_with(&format!("{line}:"))),
            "line {line} is exempt: {err}"
        );
    }
}

#[test]
fn error_level_fails_check_and_build() {
    let site = site(Some("error"));
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error: claim without a source"), "{err}");
    // Five here, five in the fixture's own briefings (its draft included).
    assert!(err.contains("10 errors, 0 warnings"), "{err}");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!site.public().exists());
}

#[test]
fn off_level_says_nothing() {
    let site = site(Some("off"));
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("without a source"), "{err}");
    assert!(!err.contains("claims cited"), "{err}");
}

#[test]
fn json_carries_claims_and_the_figure() {
    let site = site(None);
    let out = site.run(&["check", "--format", "json"]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).expect("JSON array");
    let para = items
        .iter()
        .find(|d| d["message"] == "claim without a source" && d["line"] == 28)
        .expect("the uncited paragraph");
    assert_eq!(para["path"], "content/briefings/claims.md");
    assert_eq!(para["column"], 1);
    assert_eq!(para["severity"], "warning");
    let note = items
        .iter()
        .find(|d| d["severity"] == "note")
        .expect("the figure");
    assert_eq!(note["message"], "6 of 11 claims cited");
    assert_eq!(note["path"], "content/briefings/claims.md");
}

#[test]
fn the_briefing_page_shows_its_figure() {
    let site = site(None);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = site.read_output("briefings/claims/index.html");
    assert!(
        page.contains("<span class=\"coverage\">6 of 11 claims cited</span>"),
        "{page}"
    );
}
