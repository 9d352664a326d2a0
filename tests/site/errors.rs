//! Bad input: every problem reported with its place, all at once, and the
//! previous output left alone.

use crate::util::{TempSite, failed, snapshot, stderr};

#[test]
fn invalid_site_reports_every_problem_with_its_place() {
    let site = TempSite::new("invalid");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let expected = [
        (
            "content/briefings/Bad_Name.md",
            "is not a valid slug",
            Some("rename it to `bad-name.md`"),
        ),
        (
            "content/briefings/bad-date.md:3:7",
            "`2016-02-30` is not a real calendar date",
            None,
        ),
        (
            "content/briefings/dup-source-b.md:5:9",
            "source id `wire-1` is declared twice",
            Some("first declared in content/briefings/dup-source-a.md"),
        ),
        (
            "content/briefings/latin1.md",
            "not valid UTF-8",
            Some("save the file as UTF-8"),
        ),
        ("content/briefings/malformed.md:2:8", "unclosed quote", None),
        (
            "content/briefings/missing-title.md:2:1",
            "missing field `title`",
            None,
        ),
        (
            "content/briefings/unknown-id.md:5:10",
            "unknown glossary entry `nusra-frnt`",
            Some("did you mean `nusra-front`?"),
        ),
        (
            "content/briefings/unknown-id.md:10:13",
            "unknown source `wire-x`",
            Some("did you mean `wire-1`?"),
        ),
        (
            "content/briefings/unknown-key.md:4:1",
            "unknown key `sumary`",
            Some("did you mean `summary`?"),
        ),
        (
            "content/glossary/bad-kind.md:3:7",
            "unknown value `grup`",
            Some("did you mean `group`?"),
        ),
        (
            "content/glossary/dup-key.md:4:1",
            "duplicate key `title`",
            None,
        ),
        ("templates/broken.html:2:7", "template:", None),
    ];
    for (place, message, help) in expected {
        let at = err
            .find(&format!("--> {place}"))
            .unwrap_or_else(|| panic!("no diagnostic at {place} in:\n{err}"));
        let block_start = err[..at].rfind("error:").unwrap();
        let block_end = err[at..].find("\nerror:").map_or(err.len(), |i| at + i);
        let block = &err[block_start..block_end];
        assert!(
            block.contains(message),
            "{place}: expected `{message}` in:\n{block}"
        );
        if let Some(help) = help {
            assert!(
                block.contains(help),
                "{place}: expected help `{help}` in:\n{block}"
            );
        }
    }
    assert!(err.contains("Build failed with 12 errors"), "{err}");
    assert!(!site.public().exists(), "a failed build wrote output");
}

#[test]
fn diagnostics_show_the_offending_line() {
    let site = TempSite::new("invalid");
    let err = failed(&site.run(&["build"]));
    assert!(
        err.contains("4 | sumary: \"A typo in a key\"\n  | ^^^^^^"),
        "{err}"
    );
    assert!(
        err.contains("5 |   - ref: nusra-frnt\n  |          ^^^^^^^^^^"),
        "{err}"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build"]).status.success());
    let before = snapshot(&site.public());
    site.write(
        "content/briefings/second-look.md",
        "---\ntitle: \"Broken now\"\ndate: 2016-08-01\nstakeholders: [gamma]\n---\nText\n",
    );
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("unknown glossary entry `gamma`"), "{err}");
    assert_eq!(
        before,
        snapshot(&site.public()),
        "output changed after a failed build"
    );
}

#[test]
fn unknown_site_toml_key_is_reported_with_suggestion() {
    let site = TempSite::new("basic");
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\n[build]\ndraft = true\n",
    );
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> site.toml:4:1"), "{err}");
    assert!(err.contains("did you mean `drafts`?"), "{err}");
}

#[test]
fn base_url_must_be_absolute() {
    let site = TempSite::new("basic");
    site.write("site.toml", "title = \"T\"\nbase_url = \"/sub/\"\n");
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> site.toml:2:12"), "{err}");
    assert!(err.contains("not an absolute http(s) URL"), "{err}");
}

#[test]
fn missing_site_toml_explains_what_to_do() {
    let site = TempSite::new("basic");
    std::fs::remove_file(site.root.join("site.toml")).unwrap();
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("cannot read site configuration"), "{err}");
    assert!(err.contains("dossier init"), "{err}");
}

#[test]
fn asset_clashing_with_a_page_is_an_error() {
    let site = TempSite::new("basic");
    site.write("assets/404.html", "<p>mine</p>");
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("assets/404.html"), "{err}");
    assert!(
        err.contains("would overwrite the generated page `/404.html`"),
        "{err}"
    );
}

#[test]
fn briefing_date_needs_a_day() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/second-look.md",
        "---\ntitle: \"x\"\ndate: 2016-08\n---\n",
    );
    let err = failed(&site.run(&["build"]));
    assert!(
        err.contains("--> content/briefings/second-look.md:3:7"),
        "{err}"
    );
    assert!(err.contains("needs a day"), "{err}");
}

#[test]
fn missing_front_matter_is_reported() {
    let site = TempSite::new("basic");
    site.write("content/glossary/gamma.md", "# Gamma\n\nNo front matter.\n");
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> content/glossary/gamma.md:1:1"), "{err}");
    assert!(err.contains("does not start with front matter"), "{err}");
}

#[test]
fn template_rendering_error_names_the_template_and_line() {
    let site = TempSite::new("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.missing.field }}</p>\n{% endblock content %}",
    );
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> templates/404.html:3:"), "{err}");
    assert!(err.contains("template:"), "{err}");
}

#[test]
fn render_phase_error_leaves_previous_output_untouched() {
    let site = TempSite::new("basic");
    let first = site.run(&["build"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = snapshot(&site.public());
    assert!(
        before.contains_key("404.html"),
        "the first build wrote the site"
    );
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ page.missing.field }}</p>\n{% endblock content %}",
    );
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> templates/404.html:3:"), "{err}");
    assert_eq!(
        before,
        snapshot(&site.public()),
        "output changed after a build that failed while rendering"
    );
}
