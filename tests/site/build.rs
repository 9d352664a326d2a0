//! Building valid sites: pages, links, drafts, escaping, determinism.

use std::fs;

use crate::util::{TempSite, failed, snapshot, stderr, stdout};

#[test]
fn build_writes_every_page_and_prints_a_summary() {
    let site = TempSite::new("basic");
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = stdout(&out);
    assert!(
        summary.starts_with("Built 2 briefings and 3 glossary entries: 15 pages"),
        "{summary}"
    );
    for page in [
        "index.html",
        "briefings/index.html",
        "briefings/first-offer/index.html",
        "glossary/index.html",
        "glossary/alpha/index.html",
        "glossary/beta/index.html",
        "glossary/alpha-leader/index.html",
        "tags/index.html",
        "tags/pacts/index.html",
        "404.html",
        "timeline/index.html",
        "sources/index.html",
        "graph.json",
        "css/site.css",
        "js/dossier.js",
    ] {
        assert!(site.public().join(page).is_file(), "missing {page}");
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    assert!(!site.public().join("briefings/hidden-draft").exists());
    assert!(!site.read_output("index.html").contains("Unfinished"));
    assert!(site.run(&["build", "--drafts"]).status.success());
    assert!(
        site.public()
            .join("briefings/hidden-draft/index.html")
            .is_file()
    );
    assert!(site.read_output("index.html").contains("Unfinished"));
}

#[test]
fn every_folder_of_the_output_holds_a_file() {
    // Page folders are made before the pages are rendered: none may stay
    // empty (a draft's, say).
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let mut folders = vec![site.public()];
    let mut seen = 0;
    while let Some(folder) = folders.pop() {
        let inside: Vec<_> = fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(!inside.is_empty(), "{} is empty", folder.display());
        folders.extend(inside.into_iter().filter(|p| p.is_dir()));
        seen += 1;
    }
    assert!(seen > 10, "only {seen} folders");
}

#[test]
fn front_matter_text_is_escaped() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let briefing = site.read_output("briefings/first-offer/index.html");
    assert!(
        briefing.contains("Alpha proposes &lt;joint&gt; work with Beta."),
        "{briefing}"
    );
    assert!(!briefing.contains("<joint>"));
    let entry = site.read_output("glossary/alpha-leader/index.html");
    assert!(entry.contains("Leads Alpha &lt;and&gt; speaks for it."));
}

#[test]
fn every_internal_link_carries_the_base_path() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let mut checked = 0;
    for (path, bytes) in snapshot(&site.public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for link in crate::util::links(&html) {
            if link.starts_with('#') || link.starts_with("https://") || link.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            // Root-relative links carry the sub-path; relative ones would
            // break on pages at other depths, so none are written.
            assert!(
                link.starts_with("/sub/"),
                "{path}: link without the base path: {link}"
            );
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn base_url_override_changes_links() {
    let site = TempSite::new("basic");
    let out = site.run(&["build", "--base-url", "https://other.example/deep/path/"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = site.read_output("briefings/first-offer/index.html");
    assert!(html.contains("href=\"/deep/path/glossary/alpha/\""));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://other.example/deep/path/briefings/first-offer/\">"
    ));
}

#[test]
fn two_builds_give_identical_bytes() {
    let site = TempSite::new("basic");
    let a = site.root.join("out-a");
    let b = site.root.join("out-b");
    assert!(
        site.run(&["build", "--output", a.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        site.run(&["build", "--output", b.to_str().unwrap()])
            .status
            .success()
    );
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    assert!(!sa.is_empty());
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between builds");
    }
}

#[test]
fn site_templates_override_the_built_in_ones() {
    let site = TempSite::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Lost? {{ site.title }}</p>{% endblock content %}",
    );
    assert!(site.run(&["build"]).status.success());
    assert!(
        site.read_output("404.html")
            .contains("<p>Lost? Fixture Briefings</p>")
    );
}

#[test]
fn assets_are_copied_and_may_replace_built_in_ones() {
    let site = TempSite::new("basic");
    site.write("assets/img/map.svg", "<svg/>");
    site.write("assets/css/site.css", "body{}");
    assert!(site.run(&["build"]).status.success());
    assert_eq!(site.read_output("img/map.svg"), "<svg/>");
    assert_eq!(site.read_output("css/site.css"), "body{}");
}

#[test]
fn entry_pages_show_where_the_entry_is_used() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let page = site.read_output("glossary/alpha/index.html");
    // Stakeholder in both briefings, newest first, with the position.
    let alpha = &page[page
        .find("id=\"stakeholder-heading\"")
        .expect("stakeholder section")..];
    let second = alpha.find("A second look").expect("second briefing listed");
    let first = alpha
        .find("Alpha offers Beta a pact")
        .expect("first briefing listed");
    assert!(second < first, "newest first");
    assert!(alpha.contains("Offers the pact"));
    assert!(alpha.contains("Alpha presents the offer"), "its event");
    let leader = site.read_output("glossary/alpha-leader/index.html");
    assert!(leader.contains("We hope for progress."), "its quote");
    assert!(leader.contains("Profiles Inc"), "its source");
}

#[test]
fn events_sort_partial_dates_first_and_print_at_precision() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let html = site.read_output("briefings/first-offer/index.html");
    let y = html.find(">2015</time>").expect("year-only date");
    let m = html.find(">September 2015</time>").expect("month date");
    let d = html.find(">14 July 2016</time>").expect("full date");
    assert!(y < m && m < d);
}

#[test]
fn output_may_not_replace_the_site() {
    let site = TempSite::new("basic");
    let root = site.root.to_str().unwrap().to_string();
    let err = crate::util::failed(&site.run(&["build", "--output", &root]));
    assert!(err.contains("would replace the site's own files"), "{err}");
    assert!(site.root.join("content/briefings/first-offer.md").is_file());
    assert!(!fs::exists(site.root.join("public")).unwrap());
}

/// A briefing of 30 uncited claims (30 warnings), then `tail`.
fn write_many_claims(site: &TempSite, tail: &str) {
    let body: String = (1..=30)
        .map(|i| format!("Uncited claim number {i}.\n\n"))
        .collect();
    site.write(
        "content/briefings/many-claims.md",
        &format!("---\ntitle: \"Many claims\"\ndate: 2016-09-01\n---\n{body}{tail}"),
    );
}

#[test]
fn a_failed_build_prints_every_error_and_counts_the_warnings_it_left_out() {
    let site = TempSite::new("basic");
    // Two errors of the body, found when the pages render, after the
    // claims are counted.
    write_many_claims(&site, "[a](javascript:one()) and [b](javascript:two())\n");
    let heads = |text: &str, kind: &str| text.lines().filter(|l| l.starts_with(kind)).count();
    let out = site.run(&["check", "--no-drafts"]);
    let err = failed(&out);
    let others = heads(&err, "warning:") + heads(&err, "note:");
    assert_eq!(heads(&err, "error:"), 2, "{err}");
    assert!(others > 30, "check lists every warning: {others}");
    let out = site.run(&["build"]);
    let err = failed(&out);
    assert_eq!(heads(&err, "error:"), 2, "every error:\n{err}");
    assert_eq!(heads(&err, "warning:") + heads(&err, "note:"), 20, "{err}");
    assert!(
        err.contains(&format!(
            "… and {} more warnings or notes; `dossier check` lists them all",
            others - 20
        )),
        "{err}"
    );
}

#[test]
fn build_prints_the_first_warnings_and_counts_the_rest() {
    let site = TempSite::new("basic");
    write_many_claims(&site, "");
    let heads = |text: &str| {
        text.lines()
            .filter(|l| l.starts_with("warning:") || l.starts_with("note:"))
            .count()
    };
    // What build publishes: drafts left out.
    let out = site.run(&["check", "--no-drafts"]);
    let all = heads(&stderr(&out));
    assert!(all > 30, "check lists every one: {all}");
    assert_eq!(stderr(&out).matches("Uncited claim number").count(), 30);
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(heads(&err), 20, "the first 20 in full:\n{err}");
    assert!(
        err.contains(&format!(
            "… and {} more warnings or notes; `dossier check` lists them all",
            all - 20
        )),
        "{err}"
    );
}
