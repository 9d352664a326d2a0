//! Incremental equals full: one `serve` builder follows a scripted series
//! of edits, and after each the site it serves must equal a fresh full
//! build of the same files, byte for byte (or both must fail).

use std::path::PathBuf;
use std::time::Duration;

use dossier::config::Overrides;
use dossier::serve::Builder;

use crate::util::TempSite;

struct Live {
    site: TempSite,
    builder: Builder,
    overrides: Overrides,
}

impl Live {
    fn new(drafts: bool) -> Live {
        Live::of("basic", drafts)
    }

    fn of(fixture: &str, drafts: bool) -> Live {
        let site = TempSite::new(fixture);
        let overrides = Overrides {
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: Some(drafts),
            ..Overrides::default()
        };
        let mut builder = Builder::new(site.root.clone(), overrides.clone());
        builder.rebuild("first build", &[]);
        let live = Live {
            site,
            builder,
            overrides,
        };
        live.check("first build");
        live
    }

    /// Tells the builder what changed, as the watcher would, then compares.
    fn changed(&mut self, what: &str, paths: &[&str]) {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        if paths.iter().all(|p| p.starts_with("assets")) {
            self.builder.assets_changed(&paths);
        } else {
            self.builder.edited(&paths);
        }
        self.check(what);
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.site.root.join(rel)).unwrap()
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.site.root.join(rel)).unwrap();
    }

    fn check(&self, what: &str) {
        let served = self.builder.last();
        match dossier::build_in_memory(&self.site.root, &self.overrides) {
            Ok((_, full, _)) => {
                assert!(
                    served.errors.is_empty(),
                    "{what}: a full build succeeds but serve reports {:?}",
                    served.errors
                );
                let mut diff = Vec::new();
                for (k, v) in full.iter() {
                    match served.pages.get(k) {
                        None => diff.push(format!("missing in serve: {k}")),
                        Some(s) if s != v => diff.push(format!("differs: {k}")),
                        _ => {}
                    }
                }
                for k in served.pages.keys() {
                    if !full.contains_key(k) {
                        diff.push(format!("only in serve: {k}"));
                    }
                }
                assert!(diff.is_empty(), "{what}: serve != full build:\n{diff:#?}");
            }
            Err(failed) => {
                assert!(
                    !served.errors.is_empty(),
                    "{what}: a full build fails ({:?}) but serve reports no error",
                    failed.0
                );
            }
        }
    }
}

/// Rewrites a file with new text of the same size and sets its mtime back.
fn same_size_same_mtime(site: &TempSite, rel: &str, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let path = site.root.join(rel);
    let old = std::fs::read_to_string(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    let new = old.replacen(from, to, 1);
    assert_ne!(old, new, "{from} is in {rel}");
    std::fs::write(&path, new).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(mtime).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

#[test]
fn incremental_rebuilds_equal_a_full_build_after_every_edit() {
    let mut live = Live::new(true);
    let first = "content/briefings/first-offer.md";

    // Body edits: one that only its page shows, one that adds a mention.
    let text = live.read(first);
    live.write(first, &format!("{text}\nA closing paragraph.\n"));
    live.changed("body edit", &[first]);
    live.write(first, &format!("{text}\nA closing paragraph on Beta.\n"));
    live.changed("body edit adding a mention", &[first]);

    // Front matter.
    let second = "content/briefings/second-look.md";
    let text = live.read(second);
    live.write(second, &text.replace("A second look", "Another look"));
    live.changed("front matter edit", &[second]);
    // A date: the order of lists and an entry's first and last briefing.
    let text = live.read(second);
    live.write(
        second,
        &text.replace("date: 2016-08-01", "date: 2014-01-01"),
    );
    live.changed("date edit", &[second]);

    // A new entry whose title is already written in old briefings.
    live.write(
        "content/glossary/intelligence.md",
        "---\ntitle: Intelligence\nkind: concept\nsummary: \"What spies gather.\"\n---\nGathered.\n",
    );
    live.changed("new entry", &["content/glossary/intelligence.md"]);

    // An alias change: "Alphaland" stops linking.
    let alpha = "content/glossary/alpha.md";
    let text = live.read(alpha);
    live.write(alpha, &text.replace("Alphaland", "Alphastan"));
    live.changed("alias change", &[alpha]);

    // Rename, then delete.
    std::fs::rename(
        live.site.root.join(second),
        live.site.root.join("content/briefings/third-look.md"),
    )
    .unwrap();
    live.changed("rename", &[second, "content/briefings/third-look.md"]);
    live.remove("content/briefings/third-look.md");
    live.changed("delete", &["content/briefings/third-look.md"]);

    // Templates and site.toml.
    live.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Custom missing page</p>{% endblock content %}",
    );
    live.changed("template edit", &["templates/404.html"]);
    let toml = live.read("site.toml");
    live.write(
        "site.toml",
        &toml.replace("Fixture Briefings", "Edited Briefings"),
    );
    live.changed("site.toml edit", &["site.toml"]);

    // A broken edit and its fix.
    let beta = "content/glossary/beta.md";
    let good = live.read(beta);
    live.write(beta, &good.replace("kind: state", "kind: stat"));
    live.changed("broken edit", &[beta]);
    live.write(beta, &good);
    live.changed("fix", &[beta]);

    // Assets: added, a hidden one, one over a generated page, deleted.
    live.write("assets/css/extra.css", "p { color: red }");
    live.changed("asset added", &["assets/css/extra.css"]);
    live.write("assets/.nojekyll", "");
    live.changed("hidden asset added", &["assets/.nojekyll"]);
    live.write("assets/robots.txt", "User-agent: *\n");
    live.changed("asset over a generated page", &["assets/robots.txt"]);
    live.remove("assets/robots.txt");
    live.changed("that asset deleted", &["assets/robots.txt"]);
    live.remove("assets/css/extra.css");
    live.remove("assets/.nojekyll");
    live.changed(
        "assets deleted",
        &["assets/css/extra.css", "assets/.nojekyll"],
    );

    // Same-size edits that keep the old mtime: a body and a front matter.
    std::thread::sleep(Duration::from_millis(20));
    same_size_same_mtime(&live.site, alpha, "**state**", "**stake**");
    live.changed("same-size body edit, old mtime", &[alpha]);
    same_size_same_mtime(&live.site, beta, "title: Beta", "title: Bete");
    live.changed("same-size front matter edit, old mtime", &[beta]);
}

/// Paginated lists (archive, tags, glossary, mentions, timeline years,
/// publishers) follow edits too.
#[test]
fn incremental_rebuilds_equal_a_full_build_on_paginated_lists() {
    let mut live = Live::of("paged", true);
    let b1 = "content/briefings/b1.md";
    let text = live.read(b1);
    live.write(b1, &format!("{text}\nOne more paragraph.\n"));
    live.changed("body edit", &[b1]);
    let toml = live.read("site.toml");
    live.write("site.toml", &toml.replace("page_size = 2", "page_size = 3"));
    live.changed("page size", &["site.toml"]);
    live.remove(b1);
    live.changed("delete", &[b1]);
    live.write(b1, &text);
    live.changed("add back", &[b1]);
    // Uncited claims as errors: a body edit adding one must fail as a
    // full build does, not slip through as an edit of one page.
    let toml = live.read("site.toml");
    live.write(
        "site.toml",
        &toml.replace("citations = \"off\"", "citations = \"error\""),
    );
    live.changed("citations are errors", &["site.toml"]);
    live.write(b1, &format!("{text}\nAn uncited claim.\n"));
    live.changed("uncited claim added", &[b1]);
    assert!(!live.builder.last().errors.is_empty());
    live.write(b1, &text);
    live.changed("uncited claim removed", &[b1]);
}

#[test]
fn deleting_an_asset_brings_back_the_built_in_one() {
    let mut live = Live::new(true);
    let builtin = live.builder.last().pages["css/site.css"].clone();
    live.write("assets/css/site.css", "body { color: teal }");
    live.changed("built-in asset replaced", &["assets/css/site.css"]);
    assert_eq!(
        live.builder.last().pages["css/site.css"].as_slice(),
        b"body { color: teal }"
    );
    live.remove("assets/css/site.css");
    live.changed("replacement deleted", &["assets/css/site.css"]);
    assert_eq!(live.builder.last().pages["css/site.css"], builtin);
}

#[test]
fn serve_shows_or_hides_drafts_whatever_site_toml_says() {
    for (site_drafts, serve_drafts) in [(true, false), (false, true), (true, true), (false, false)]
    {
        let site = TempSite::new("basic");
        if site_drafts {
            let toml = std::fs::read_to_string(site.root.join("site.toml")).unwrap();
            site.write("site.toml", &format!("{toml}\n[build]\ndrafts = true\n"));
        }
        let mut builder = Builder::new(
            site.root.clone(),
            Overrides {
                base_url: Some("http://127.0.0.1:1111/".into()),
                drafts: Some(serve_drafts),
                ..Overrides::default()
            },
        );
        let snap = builder.rebuild("first build", &[]);
        assert!(snap.errors.is_empty(), "{:?}", snap.errors);
        assert_eq!(
            snap.pages.contains_key("briefings/hidden-draft/index.html"),
            serve_drafts,
            "site.toml drafts = {site_drafts}, serve --drafts {serve_drafts}"
        );
    }
}
