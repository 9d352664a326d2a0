//! Hostile and careless input: links that run script, files in the wrong
//! place, pipes, links leading out of the site, and every problem of a run
//! reported together.

use std::fs;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::util::{TempSite, stderr, stdout};

/// A valid briefing whose body is `body`.
fn briefing(body: &str) -> String {
    format!("---\ntitle: \"T\"\ndate: 2016-07-15\n---\n{body}\n")
}

/// Runs dossier with a deadline: a hang is a failure, not a stuck test.
fn run_with_timeout(site: &TempSite, args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("--root")
        .arg(&site.root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dossier");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dossier {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Asserts that `err` has a diagnostic at `place` whose text holds `message`.
fn assert_diag(err: &str, place: &str, message: &str) {
    let at = err
        .find(&format!("--> {place}"))
        .unwrap_or_else(|| panic!("no diagnostic at {place} in:\n{err}"));
    let start = err[..at].rfind("error:").unwrap_or(0);
    let end = err[at..].find("\nerror:").map_or(err.len(), |i| at + i);
    assert!(
        err[start..end].contains(message),
        "{place}: expected `{message}` in:\n{}",
        &err[start..end]
    );
}

#[test]
fn source_urls_that_are_not_http_are_errors() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/bad-url.md",
        "---\ntitle: T\ndate: 2016-07-15\nsources:\n  - id: s-js\n    publisher: P\n    url: \" JaVaScRiPt:alert(1)\"\n  - id: s-tab\n    publisher: P\n    url: \"java\\tscript:alert(1)\"\n  - id: s-data\n    publisher: P\n    url: \"data:text/html,x\"\n---\nBody [@s-js] [@s-tab] [@s-data].\n",
    );
    for cmd in ["build", "check"] {
        let out = site.run(&[cmd]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = stderr(&out);
        for line in [7, 10, 13] {
            assert_diag(
                &err,
                &format!("content/briefings/bad-url.md:{line}:10"),
                "is not an absolute http(s) URL",
            );
        }
    }
    assert!(!site.public().exists());
}

#[test]
fn markdown_links_that_run_script_are_errors_in_every_raw_html_mode() {
    for mode in ["allow", "escape"] {
        let site = TempSite::new("basic");
        let toml = fs::read_to_string(site.root.join("site.toml")).unwrap();
        site.write(
            "site.toml",
            &format!("{toml}\n[markdown]\nraw_html = \"{mode}\"\n"),
        );
        site.write(
            "content/briefings/links.md",
            &briefing(
                "Fine [a](https://example.org/) and ![p](data:image/png;base64,iVBO).\n\n[x](javascript:alert(1)) and [y]( VBScript:msgbox)\n\n![z](data:text/html,hi) <java\tscript:alert(1)>\n\n[w]: JAVASCRIPT:alert(2)\n\nSee [w].\n\n<javascript:alert(3)>",
            ),
        );
        let out = site.run(&["check"]);
        assert_eq!(out.status.code(), Some(1), "{mode}");
        let err = stderr(&out);
        let f = "content/briefings/links.md";
        assert_diag(&err, &format!("{f}:7:1"), "`javascript:` scheme");
        assert_diag(&err, &format!("{f}:7:30"), "`vbscript:` scheme");
        assert_diag(
            &err,
            &format!("{f}:9:1"),
            "an image may not use the `data:` scheme",
        );
        assert_diag(&err, &format!("{f}:13:5"), "`javascript:` scheme");
        // The https link and the data:image/ picture on line 5 are fine.
        assert_diag(&err, &format!("{f}:15:1"), "`javascript:` scheme");
        assert_eq!(
            err.matches("scheme: it could run script").count(),
            5,
            "{err}"
        );
    }
}

#[test]
fn markdown_in_a_sub_folder_is_an_error_naming_it() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/sub/first-offer.md",
        &briefing("A second file with the same slug."),
    );
    site.write(
        "content/glossary/people/gamma.md",
        "---\ntitle: G\nkind: person\nsummary: s\n---\n",
    );
    for cmd in ["build", "check"] {
        let out = site.run(&[cmd]);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {}", stderr(&out));
        let err = stderr(&out);
        for f in [
            "content/briefings/sub/first-offer.md",
            "content/glossary/people/gamma.md",
        ] {
            assert!(err.contains(&format!("--> {f}")), "{cmd}: {err}");
        }
        assert!(err.contains("sub-folder"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_an_error_and_never_blocks() {
    let site = TempSite::new("basic");
    let pipe = site.root.join("content/briefings/pipe.md");
    let made = Command::new("mkfifo").arg(&pipe).status().expect("mkfifo");
    assert!(made.success());
    let glossary_pipe = site.root.join("content/glossary/pipe.md");
    assert!(
        Command::new("mkfifo")
            .arg(&glossary_pipe)
            .status()
            .unwrap()
            .success()
    );
    for cmd in ["build", "check"] {
        let out = run_with_timeout(&site, &[cmd], Duration::from_secs(30));
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = stderr(&out);
        assert!(err.contains("--> content/briefings/pipe.md"), "{err}");
        assert!(err.contains("--> content/glossary/pipe.md"), "{err}");
        assert!(err.contains("named pipe, not a regular file"), "{err}");
    }
}

#[test]
fn every_bad_date_of_a_file_is_reported() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/dates.md",
        "---\ntitle: T\ndate: 2016-07-15\nevents:\n  - date: 2016-02-30\n    title: a\n  - date: 2016-13-01\n    title: b\n  - date: 2016-00-01\n    title: c\n  - date: 2016-04-31\n    title: d\n---\nBody.\n",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    for line in [5, 7, 9, 11] {
        assert!(
            err.contains(&format!("--> content/briefings/dates.md:{line}:")),
            "line {line}:\n{err}"
        );
    }
}

#[test]
fn front_matter_errors_do_not_hide_body_errors_of_other_files() {
    let site = TempSite::new("basic");
    site.write("content/briefings/broken.md", "---\ntitle: T\n---\nBody.\n");
    site.write(
        "content/briefings/valid.md",
        &briefing("Cites [@no-such-source] and [[No Such Entry]] and [x](javascript:x)."),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_diag(
        &err,
        "content/briefings/broken.md:2:1",
        "missing field `date`",
    );
    assert_diag(&err, "content/briefings/valid.md:5:7", "no-such-source");
    assert!(err.contains("No Such Entry"), "{err}");
    assert!(err.contains("`javascript:` scheme"), "{err}");
}

#[test]
fn a_bad_site_toml_key_does_not_hide_content_and_template_errors() {
    let site = TempSite::new("basic");
    let toml = fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[build]\ndraft = true\n"));
    site.write(
        "content/briefings/broken.md",
        "---\ntitle: T\ndate: 2016-02-30\n---\n",
    );
    site.write("templates/extra.html", "{% if %}\n");
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_diag(&err, "site.toml:6:1", "unknown field `draft`");
    assert_diag(
        &err,
        "content/briefings/broken.md:3:7",
        "not a real calendar date",
    );
    assert!(err.contains("--> templates/extra.html:1:"), "{err}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_inside_the_site() {
    use std::os::unix::fs::symlink;
    let site = TempSite::new("basic");
    let outside = site.root.parent().unwrap().join("secret.md");
    fs::write(
        &outside,
        "TOP-SECRET-LINE: not for the site\n---\ntitle: S\ndate: 2016-07-15\n---\nSECRET BODY\n",
    )
    .unwrap();
    symlink(&outside, site.root.join("content/briefings/leak.md")).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_diag(&err, "content/briefings/leak.md", "outside the site folder");
    assert!(!err.contains("SECRET"), "{err}");
    assert!(!stdout(&out).contains("SECRET"));

    // Inside the site, a linked briefing is published and a linked asset copied.
    fs::remove_file(site.root.join("content/briefings/leak.md")).unwrap();
    site.write("notes/inside.md", &briefing("LINKED BODY"));
    symlink(
        site.root.join("notes/inside.md"),
        site.root.join("content/briefings/linked.md"),
    )
    .unwrap();
    site.write("images/logo.svg", "<svg/>");
    fs::create_dir_all(site.root.join("assets")).unwrap();
    symlink(
        site.root.join("images/logo.svg"),
        site.root.join("assets/logo.svg"),
    )
    .unwrap();
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        site.read_output("briefings/linked/index.html")
            .contains("LINKED BODY")
    );
    assert_eq!(site.read_output("logo.svg"), "<svg/>");
}

#[cfg(unix)]
#[test]
fn a_symlinked_asset_outside_the_site_is_an_error() {
    let site = TempSite::new("basic");
    let outside = site.root.parent().unwrap().join("outside.css");
    fs::write(&outside, "SECRET").unwrap();
    fs::create_dir_all(site.root.join("assets")).unwrap();
    std::os::unix::fs::symlink(&outside, site.root.join("assets/site-extra.css")).unwrap();
    let out = site.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diag(
        &stderr(&out),
        "assets/site-extra.css",
        "outside the site folder",
    );
}

#[test]
fn long_tags_are_errors_at_their_place() {
    let site = TempSite::new("basic");
    let tag = "a".repeat(300);
    site.write(
        "content/briefings/tagged.md",
        &format!("---\ntitle: T\ndate: 2016-07-15\ntags: [fine, {tag}]\n---\nBody.\n"),
    );
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diag(
        &stderr(&out),
        "content/briefings/tagged.md:4:14",
        "the limit is 100",
    );
}

#[test]
fn new_with_a_very_long_title_makes_a_sane_slug() {
    let site = TempSite::new("basic");
    let title = "Word ".repeat(100);
    let out = site.run(&["new", "briefing", title.trim()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let made: Vec<String> = fs::read_dir(site.root.join("content/briefings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("word"))
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(made[0].len() <= 103, "{}", made[0]);
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn template_include_cycles_name_the_file_and_line() {
    let site = TempSite::new("basic");
    site.write("templates/a.html", "<p>\n{% include \"b.html\" %}\n");
    site.write("templates/b.html", "{% include \"a.html\" %}\n");
    let out = run_with_timeout(&site, &["build"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(1));
    assert_diag(&stderr(&out), "templates/b.html:1:12", "leads back to it");
}

#[test]
fn messages_speak_the_authors_language() {
    let site = TempSite::new("basic");
    site.write("content/briefings/empty.md", "---\n---\nBody.\n");
    site.write(
        "content/briefings/null.md",
        "---\ntitle:\ndate: 2016-07-15\n---\n",
    );
    let out = site.run(&["check"]);
    let err = stderr(&out);
    assert_diag(
        &err,
        "content/briefings/empty.md:1:1",
        "the front matter is empty",
    );
    assert_diag(
        &err,
        "content/briefings/null.md:2:",
        "expected text, found an empty value",
    );
    for word in [
        "Option<",
        "mapping start",
        "budget",
        "struct ",
        "ScalarBytes",
    ] {
        assert!(!err.contains(word), "`{word}` in:\n{err}");
    }
}

#[test]
fn invalid_utf8_site_toml_has_a_line_and_column() {
    let site = TempSite::new("basic");
    fs::write(
        site.root.join("site.toml"),
        b"title = \"T\"\nbase_url = \"https://example.org/\"\ndescription = \"caf\xe9\"\n",
    )
    .unwrap();
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diag(&stderr(&out), "site.toml:3:19", "not valid UTF-8");
}

#[test]
fn hidden_files_are_skipped_with_a_note_in_check() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/.draft-idea.md",
        "not front matter at all",
    );
    let out = site.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("content/briefings/.draft-idea.md"), "{err}");
    assert!(
        err.contains("note: skipped: names starting with `.`"),
        "{err}"
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.public().join("briefings/.draft-idea").exists());
}
