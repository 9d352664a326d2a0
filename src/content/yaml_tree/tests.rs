//! Front matter read through the tree: every problem of a file, at its
//! place, in an analyst's words.

use std::path::Path;

use crate::content::model::BriefingFront;
use crate::content::yaml;

#[test]
fn source_urls_must_be_http() {
    for bad in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//example.org/x",
        "https://",
        "https://exa mple.org/",
    ] {
        let text = format!(
            "---\ntitle: t\ndate: 2016-07-15\nsources:\n  - id: s\n    publisher: P\n    url: {bad:?}\n"
        );
        let err = yaml::parse::<BriefingFront>(&text, Path::new("b.md")).unwrap_err();
        assert_eq!(
            err[0].pos.map(|p| (p.line, p.col)),
            Some((7, 10)),
            "{bad:?}: {err:?}"
        );
        assert!(err[0].message.contains("URL"), "{err:?}");
    }
    let ok = "---\ntitle: t\ndate: 2016-07-15\nsources:\n  - id: s\n    publisher: P\n    url: HTTPS://example.org/a?b#c\n";
    assert!(yaml::parse::<BriefingFront>(ok, Path::new("b.md")).is_ok());
}

#[test]
fn every_bad_value_of_a_file_is_reported() {
    let text = "---\ntitle: t\ndate: 2016-07-15\nevents:\n  - date: 2016-02-30\n    title: a\n  - date: 2016-13-01\n    title: b\n  - date: 2016-07-14\n    title: fine\n  - date: 2016-00-01\n    title: c\n  - date: yesterday\n    title: d\n";
    let errs = yaml::parse::<BriefingFront>(text, Path::new("b.md")).unwrap_err();
    let lines: Vec<usize> = errs.iter().filter_map(|e| e.pos.map(|p| p.line)).collect();
    assert_eq!(lines, [5, 7, 11, 13], "{errs:?}");
}

#[test]
fn top_level_problems_are_all_reported_without_follow_ups() {
    let text = "---\ntitle: [a]\ndate: 2016-02-30\nsumary: x\ntags: [a, {b: c}]\n";
    let errs = yaml::parse::<BriefingFront>(text, Path::new("b.md")).unwrap_err();
    let msgs: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errs.len(), 4, "{msgs:?}");
    assert!(msgs.iter().all(|m| !m.contains("missing")), "{msgs:?}");
    assert!(
        msgs.iter().any(|m| m.contains("unknown key `sumary`")),
        "{msgs:?}"
    );
}

#[test]
fn messages_speak_of_the_front_matter() {
    let errs = yaml::parse::<BriefingFront>("---\n", Path::new("b.md")).unwrap_err();
    assert_eq!(errs[0].message, "the front matter is empty");
    let errs = yaml::parse::<BriefingFront>("---\ntitle:\ndate: 2016-07-15\n", Path::new("b.md"))
        .unwrap_err();
    assert_eq!(
        errs[0].message, "expected text, found an empty value",
        "{errs:?}"
    );
    assert_eq!(errs[0].pos.map(|p| p.line), Some(2), "{errs:?}");
    let errs = yaml::parse::<BriefingFront>("---\n- a\n", Path::new("b.md")).unwrap_err();
    assert!(errs[0].message.contains("`key: value`"), "{errs:?}");
    assert!(!errs[0].message.contains("Option<"), "{errs:?}");
}
