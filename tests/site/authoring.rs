//! `check`, `new` and `init`.

use std::fs;
use std::process::Command;

use crate::util::{TempSite, stderr, stdout};

fn dossier(args: &[&str]) -> std::process::Output {
    crate::util::dossier_command()
        .args(args)
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
fn init_makes_a_site_on_the_built_in_theme_and_refuses_a_full_folder() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let target = dir.path().join("new-site");
    let out = dossier(&["init", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for f in [
        "site.toml",
        ".gitignore",
        "content/_index.md",
        "content/briefings/how-a-briefing-is-written.md",
    ] {
        assert!(target.join(f).is_file(), "missing {f}");
    }
    assert!(
        !target.join("templates").exists() && !target.join("assets").exists(),
        "no copies of the built-in theme"
    );
    let out = dossier(&["build", "--root", target.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).is_empty(),
        "the example site builds without warnings, fully cited: {}",
        stderr(&out)
    );
    let entry =
        fs::read_to_string(target.join("public/glossary/example-coalition/index.html")).unwrap();
    assert!(
        entry.contains("Mentioned in"),
        "the example shows cross-linking"
    );
    assert!(target.join("public/css/site.css").is_file());

    let out = dossier(&["init", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("is not empty"), "{}", stderr(&out));
}

#[test]
fn eject_copies_what_is_asked_and_never_overwrites() {
    let site = TempSite::new("basic");
    let out = site.run(&["eject", "briefing.html", "css/site.css"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ejected = site.root.join("templates/briefing.html");
    assert!(ejected.is_file());
    assert!(site.root.join("assets/css/site.css").is_file());
    assert!(!site.root.join("templates/base.html").exists());

    // The copy is what the site now uses.
    let text = fs::read_to_string(&ejected).unwrap();
    fs::write(
        &ejected,
        text.replace(
            "<article class=\"briefing\"",
            "<article class=\"briefing ejected\"",
        ),
    )
    .unwrap();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        site.read_output("briefings/first-offer/index.html")
            .contains("briefing ejected")
    );

    let before = fs::read_to_string(&ejected).unwrap();
    let out = site.run(&["eject", "briefing.html"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(before, fs::read_to_string(&ejected).unwrap());

    let out = site.run(&["eject", "briefng.html"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("no built-in template or asset is called `briefng.html`"),
        "{err}"
    );
    assert!(
        err.contains("briefing.html") && err.contains("partials/"),
        "the names are listed: {err}"
    );
}

#[test]
fn new_entry_without_kind_lists_the_kinds() {
    let site = TempSite::new("basic");
    let out = site.run(&["new", "entry", "Gamma Front"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("--kind: group, person, state, organization, place, concept, event"),
        "{err}"
    );
    assert!(!site.root.join("content/glossary/gamma-front.md").exists());
}

#[test]
fn subcommand_help_describes_every_argument() {
    for cmd in [
        &["build"][..],
        &["check"],
        &["serve"],
        &["init"],
        &["eject"],
        &["new", "briefing"],
        &["new", "entry"],
    ] {
        let mut args = cmd.to_vec();
        args.push("--help");
        let out = dossier(&args);
        let help = stdout(&out);
        // clap prints an argument without a description as its name alone.
        for line in help.lines().filter(|l| l.starts_with("  ")) {
            let words: Vec<&str> = line.split_whitespace().collect();
            let described = words.iter().any(|w| {
                !w.starts_with('-') && !w.starts_with('<') && !w.starts_with('[') && w.len() > 1
            });
            assert!(
                described,
                "`dossier {}`: {line:?} has no description",
                cmd.join(" ")
            );
        }
    }
}

#[test]
fn placeholders_from_new_are_warnings() {
    let site = TempSite::new("basic");
    let root = site.root.to_str().unwrap();
    assert!(
        dossier(&["new", "briefing", "Talks", "--root", root])
            .status
            .success()
    );
    assert!(
        dossier(&["new", "entry", "Gamma", "--kind", "group", "--root", root])
            .status
            .success()
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains(
            "warning: placeholder summary from `dossier new`\n --> content/glossary/gamma.md:5:1"
        ),
        "{err}"
    );
    assert!(
        err.contains("warning: empty summary\n --> content/briefings/talks.md:4:1"),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: placeholder text from `dossier new`\n  --> content/briefings/talks.md:18:1"
        ),
        "{err}"
    );
}

/// The round trip the README describes for a new analyst.
#[test]
fn init_new_check_delete_example_build_round_trip() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let site = dir.path().join("my-briefings");
    let root = site.to_str().unwrap();
    assert!(dossier(&["init", root]).status.success());
    let out = dossier(&["new", "briefing", "Talks resume", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = dossier(&["check", "--root", root]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 errors"), "{}", stderr(&out));
    fs::remove_file(site.join("content/briefings/how-a-briefing-is-written.md")).unwrap();
    let out = dossier(&["build", "--root", root]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Built 0 briefings and 2 glossary entries"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Left out 1 draft"),
        "{}",
        stdout(&out)
    );
    assert!(site.join("public/glossary/jane-doe/index.html").is_file());
}

#[test]
fn check_includes_drafts_unless_told_and_build_counts_them() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/new-draft.md",
        "---\ntitle: \"New\"\ndate: 2016-09-02\ndraft: true\nstakeholders: [alpah]\n---\nText [@nowhere].\n",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a draft's mistakes count: {err}"
    );
    assert!(err.contains("content/briefings/new-draft.md:5:16"), "{err}");
    assert!(err.contains("did you mean `alpha`"), "{err}");

    let out = site.run(&["check", "--no-drafts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Left out 2 drafts (build with --drafts to include them)."),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_template_looping_over_a_map_sees_its_fields_in_order() {
    // A page's values are maps whose fields keep the order they were made
    // in, so a loop over one writes the same page in every build.
    let site = TempSite::new("basic");
    site.write(
        "templates/briefing.html",
        "{% for k, v in page.briefing.date %}{{ k }}={{ v }};{% endfor %}\n\
         {% for k, v in page.briefing %}{{ k }},{% endfor %}",
    );
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = site.read_output("briefings/first-offer/index.html");
    let mut lines = page.lines();
    assert_eq!(
        lines.next(),
        Some("iso=2016-07-15;human=15 July 2016;year=2016;")
    );
    assert_eq!(lines.next(), Some("slug,title,date,summary,url,tags,"));
}
