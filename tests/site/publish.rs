//! Publishing: feed, sitemap, robots.txt, search index, sub-path hosting
//! and drafts that never leak.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::util::{TempSite, element_ids, links, percent_decode, resolve, snapshot, stderr};

#[test]
fn feed_is_atom_with_absolute_links_and_escaped_text() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/q-and-a.md",
        "---\ntitle: \"Q&A: <live> \\\"notes\\\"\"\ndate: 2016-09-02\nsummary: \"Tom & Jerry's <b>\"\n---\nText.\n",
    );
    let out = site.run(&["build", "--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let xml = site.read_output("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let entries: Vec<_> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("title"))
                .unwrap()
                .text()
                .unwrap()
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Q&A: <live> \"notes\"",
            "A second look",
            "Alpha offers Beta a pact"
        ],
        "newest first, no draft"
    );
    for e in &entries {
        let link = e.children().find(|c| c.has_tag_name("link")).unwrap();
        assert!(
            link.attribute("href")
                .unwrap()
                .starts_with("https://example.org/sub/briefings/")
        );
        let updated = e
            .children()
            .find(|c| c.has_tag_name("updated"))
            .unwrap()
            .text()
            .unwrap();
        assert!(updated.ends_with("T00:00:00Z"), "{updated}");
    }
    let first_offer = entries[2];
    let updated = first_offer
        .children()
        .find(|c| c.has_tag_name("updated"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(updated, "2016-07-16T00:00:00Z", "the updated date is used");
    assert!(xml.contains("Tom &amp; Jerry"), "{xml}");
}

#[test]
fn sitemap_and_robots_list_published_pages() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build", "--drafts"]).status.success());
    let xml = site.read_output("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("sitemap.xml is well-formed XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap())
        .collect();
    assert!(locs.contains(&"https://example.org/sub/briefings/first-offer/"));
    assert!(locs.contains(&"https://example.org/sub/glossary/alpha/"));
    assert!(locs.contains(&"https://example.org/sub/tags/pacts/"));
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.org/sub/"))
    );
    assert!(
        !locs.iter().any(|l| l.contains("hidden-draft")),
        "drafts stay out even when built"
    );
    assert!(
        site.public()
            .join("briefings/hidden-draft/index.html")
            .is_file()
    );
    let robots = site.read_output("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/sub/sitemap.xml"),
        "{robots}"
    );
    let graph = site.read_output("graph.json");
    assert!(
        !graph.contains("hidden-draft"),
        "drafts stay out of graph.json"
    );
}

/// Every link and asset of the repository's own site resolves when it is
/// built for a sub-path and served from it, as a static server would.
#[test]
fn the_seed_site_under_a_sub_path_has_no_broken_link() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let out = out_dir.path().join("syria");
    let run = crate::util::dossier_command()
        .args([
            "build",
            "--base-url",
            "https://example.org/deep/syria/",
            "--output",
        ])
        .arg(&out)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: BTreeSet<String> = snapshot(&out).into_keys().collect();
    let prefix = "/deep/syria/";
    // Every element id of every page, for the fragments links point at.
    let ids: HashMap<&str, HashSet<String>> = files
        .iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            (
                f.as_str(),
                element_ids(&std::fs::read_to_string(out.join(f)).unwrap()),
            )
        })
        .collect();
    let mut checked = 0;
    let mut fragments = 0;
    let mut broken = Vec::new();
    for page in files.iter().filter(|f| f.ends_with(".html")) {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let dir = format!("{prefix}{}", page.rsplit_once('/').map_or("", |(d, _)| d));
        for link in links(&html) {
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.as_str(), None),
            };
            let file = if target.is_empty() {
                // A link within the page.
                page.clone()
            } else {
                let Some(path) = resolve(&dir, target) else {
                    continue;
                };
                let Some(rel) = path.strip_prefix(prefix) else {
                    broken.push(format!("{page}: {link} leaves the sub-path"));
                    continue;
                };
                let rel = rel.split('?').next().unwrap();
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            };
            checked += 1;
            if !files.contains(&file) {
                broken.push(format!("{page}: {link} -> {file}"));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                fragments += 1;
                let fragment = percent_decode(fragment);
                if !ids
                    .get(file.as_str())
                    .is_some_and(|ids| ids.contains(&fragment))
                {
                    broken.push(format!("{page}: {link} -> no id `{fragment}` in {file}"));
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    // Citation marks, back-references, mentions (#m-N), notes and the
    // table of contents all link to fragments.
    assert!(fragments > 100, "only {fragments} fragments checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    // The pages the seed must have.
    for f in [
        "glossary/nusra-front/index.html",
        "glossary/nur-al-din-zenki/index.html",
        "timeline/index.html",
        "sources/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "graph.json",
        "404.html",
    ] {
        assert!(files.contains(f), "missing {f}");
    }
}
