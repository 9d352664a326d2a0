//! List pages: pagination past `[lists] page_size`, the briefings archive,
//! A-Z order on sort keys, and sites with nothing in them yet.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::util::{TempSite, main_of, snapshot, stderr};

const PREFIX: &str = "/sub/";

fn build(site: &TempSite) {
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The value of every `attr="..."` that follows `marker` in `html`.
fn after(html: &str, marker: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in html.match_indices(marker) {
        let rest = &html[i + marker.len()..];
        let key = format!("{attr}=\"");
        if let Some(at) = rest.find(&key) {
            let value = &rest[at + key.len()..];
            out.push(value[..value.find('"').unwrap()].to_string());
        }
    }
    out
}

/// The text between `open` and the next `<`, for every `open` in `html`.
fn texts(html: &str, open: &str) -> Vec<String> {
    html.match_indices(open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            rest[..rest.find('<').unwrap_or(rest.len())].to_string()
        })
        .collect()
}

/// The output file a site URL is served from.
fn file_of(url: &str) -> String {
    let rel = url.strip_prefix(PREFIX).expect("URL under the base path");
    let rel = rel.split('#').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// `href` of the `<link rel="...">` in the page's head, if any.
fn head_link(html: &str, rel: &str) -> Option<String> {
    let head = &html[..html.find("</head>").unwrap()];
    after(head, &format!("<link rel=\"{rel}\""), "href")
        .into_iter()
        .next()
}

/// Follows `rel="next"` from the first page of a list, checking that each
/// page's `rel="prev"` leads back and that the visible pager agrees.
/// Returns each page's `<main>`.
fn walk(site: &TempSite, first: &str) -> Vec<String> {
    let mut pages = Vec::new();
    let mut url = Some(format!("{PREFIX}{first}"));
    let mut prev: Option<String> = None;
    while let Some(u) = url {
        let html = site.read_output(&file_of(&u));
        assert_eq!(head_link(&html, "prev"), prev, "rel=prev of {u}");
        let next = head_link(&html, "next");
        let main = main_of(&html).to_string();
        // The visible navigation carries the same links.
        let shown_next = after(&main, "<a rel=\"next\"", "href").into_iter().next();
        assert_eq!(shown_next, next, "visible next link of {u}");
        if next.is_some() || prev.is_some() {
            let n = pages.len() + 1;
            assert!(
                main.contains(&format!("aria-current=\"page\">{n}</a>")),
                "{u} marks itself as page {n}"
            );
        }
        pages.push(main);
        prev = Some(u);
        url = next;
        assert!(pages.len() < 50, "rel=next loops");
    }
    pages
}

/// A page's `<main>` up to its pager, which links pages, not items.
fn list_of(main: &str) -> &str {
    &main[..main.find("<nav class=\"pagination\"").unwrap_or(main.len())]
}

/// Asserts every item appears exactly once across the pages, and returns
/// the items in page order.
fn once(pages: &[String], extract: impl Fn(&str) -> Vec<String>) -> Vec<String> {
    let all: Vec<String> = pages.iter().flat_map(|p| extract(p)).collect();
    let mut seen = BTreeSet::new();
    for item in &all {
        assert!(seen.insert(item), "{item} appears twice");
    }
    all
}

#[test]
fn long_lists_paginate_with_prev_next_and_every_item_once() {
    let site = TempSite::new("paged");
    build(&site);
    let briefings = |m: &str| after(m, "<h3><a", "href");

    let archive = walk(&site, "briefings/");
    assert_eq!(archive.len(), 3);
    let items = once(&archive, briefings);
    let slugs: Vec<String> = (1..=5)
        .rev()
        .map(|n| format!("{PREFIX}briefings/b{n}/"))
        .collect();
    assert_eq!(items, slugs, "the archive is newest first");

    let tagged = walk(&site, "tags/common/");
    assert_eq!(tagged.len(), 3);
    assert_eq!(once(&tagged, briefings), slugs);
    assert_eq!(walk(&site, "tags/odd/").len(), 2);

    let glossary = walk(&site, "glossary/");
    assert_eq!(glossary.len(), 3);
    assert_eq!(once(&glossary, |m| after(m, "<dt><a", "href")).len(), 5);

    let mentions = walk(&site, "glossary/zeta/mentions/");
    assert_eq!(mentions.len(), 3);
    assert_eq!(
        once(&mentions, |m| after(m, "class=\"backlink-title\"", "href")),
        slugs
    );

    let year = walk(&site, "timeline/2016/");
    assert_eq!(year.len(), 2);
    assert_eq!(
        once(&year, |m| texts(m, "<span class=\"event-title\">")),
        [
            "Event of briefing 3",
            "Event of briefing 4",
            "Event of briefing 5"
        ]
    );

    let wire = walk(&site, "sources/wire-service/");
    assert_eq!(wire.len(), 2);
    let ids = once(&wire, |m| after(m, "<li", "id"));
    assert_eq!(ids, ["source-s5", "source-s3", "source-s1"], "newest first");
    assert_eq!(walk(&site, "sources/the-daily/").len(), 1);

    // Page 1 has one address only.
    let files = snapshot(&site.public());
    assert!(!files.keys().any(|f| f.contains("/page/1/")), "no /page/1/");
    assert!(!files.contains_key("tags/common/page/4/index.html"));
}

#[test]
fn split_indexes_list_years_publishers_and_recent_mentions() {
    let site = TempSite::new("paged");
    build(&site);
    let timeline = site.read_output("timeline/index.html");
    let main = main_of(&timeline);
    assert!(
        main.contains(
            "<a href=\"/sub/timeline/2014/\">2014</a> <span class=\"count\">1 event</span>"
        ),
        "{main}"
    );
    assert!(
        main.contains(
            "<a href=\"/sub/timeline/2016/\">2016</a> <span class=\"count\">3 events</span>"
        ),
        "{main}"
    );
    assert_eq!(
        texts(main, "<span class=\"event-title\">"),
        [
            "Event of briefing 5",
            "Event of briefing 4",
            "Event of briefing 3",
            "Event of briefing 2",
            "Event of briefing 1"
        ],
        "the latest events, newest first"
    );

    let sources = site.read_output("sources/index.html");
    let main = main_of(&sources);
    assert!(main.contains("5 sources from 2 publishers"), "{main}");
    // "The Daily" files under D, before "Wire Service".
    let daily = main
        .find("/sub/sources/the-daily/\">The Daily</a> <span class=\"count\">2 sources")
        .expect("The Daily with its count");
    let wire = main
        .find("/sub/sources/wire-service/\">Wire Service</a> <span class=\"count\">3 sources")
        .expect("Wire Service with its count");
    assert!(daily < wire);
    assert!(
        !main.contains("source-index"),
        "the split index lists publishers only"
    );

    let zeta = site.read_output("glossary/zeta/index.html");
    let main = main_of(&zeta);
    assert!(
        main.contains("href=\"/sub/glossary/zeta/mentions/\">All 5 mentions</a>"),
        "{main}"
    );
    assert_eq!(
        after(main, "class=\"backlink-title\"", "href").len(),
        5,
        "up to ten recent mentions"
    );

    let sitemap = site.read_output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for page in [
        "briefings/",
        "briefings/page/3/",
        "tags/common/page/2/",
        "glossary/page/3/",
        "glossary/zeta/mentions/page/2/",
        "timeline/2016/page/2/",
        "sources/wire-service/page/2/",
    ] {
        let url = format!("https://example.org/sub/{page}");
        assert!(locs.contains(&url.as_str()), "{url} in the sitemap");
    }
    assert_eq!(locs.first(), Some(&"https://example.org/sub/"));
    assert!(!locs.iter().any(|l| l.ends_with("404.html")));
}

#[test]
fn glossary_files_entries_under_their_sort_key() {
    let site = TempSite::new("paged");
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://example.org/sub/\"\n[check]\ncitations = \"off\"\n",
    );
    build(&site);
    let html = site.read_output("glossary/index.html");
    let main = main_of(&html);
    let headings = texts(main, "<h3 class=\"glossary-letter\" id=\"");
    assert_eq!(
        headings,
        [
            "group-q\">Q",
            "person-p\">P",
            "state-b\">B",
            "state-z\">Z",
            "organization-w\">W"
        ]
    );
    assert!(main.find("al-Qaida").unwrap() < main.find("Mu Person").unwrap());
    assert!(
        !main.contains("class=\"pagination\""),
        "one page below page_size"
    );
}

/// Every briefing can be reached from the home page by following links,
/// and every internal link of the site leads to a page that exists.
#[test]
fn every_briefing_is_reachable_from_the_home_page() {
    let site = TempSite::new("paged");
    for n in 0..25 {
        site.write(
            &format!("content/briefings/extra-{n:02}.md"),
            &format!(
                "---\ntitle: \"Extra {n}\"\ndate: 2017-01-{:02}\n---\nText.\n",
                n + 1
            ),
        );
    }
    build(&site);
    let files = snapshot(&site.public());
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    let mut broken = Vec::new();
    while let Some(file) = queue.pop_front() {
        if !file.ends_with(".html") || !seen.insert(file.clone()) {
            continue;
        }
        let html = String::from_utf8_lossy(&files[&file]).into_owned();
        for href in after(&html, "<a ", "href") {
            if !href.starts_with(PREFIX) {
                continue;
            }
            let target = file_of(&href);
            if files.contains_key(&target) {
                queue.push_back(target);
            } else {
                broken.push(format!("{file}: {href}"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let briefings: Vec<&String> = files
        .keys()
        .filter(|f| {
            f.strip_prefix("briefings/")
                .and_then(|r| r.strip_suffix("/index.html"))
                .is_some_and(|slug| !slug.contains('/'))
        })
        .collect();
    assert_eq!(briefings.len(), 30);
    let missed: Vec<&&String> = briefings.iter().filter(|b| !seen.contains(**b)).collect();
    assert!(missed.is_empty(), "not reachable from home: {missed:?}");
    let home = site.read_output("index.html");
    assert!(home.contains("href=\"/sub/briefings/\">All 30 briefings</a>"));
}

#[test]
fn small_lists_stay_on_one_page() {
    let site = TempSite::new("basic");
    build(&site);
    let files = snapshot(&site.public());
    for f in files.keys() {
        assert!(!f.contains("/page/"), "{f}: the fixture is below page_size");
        assert!(!f.contains("/mentions/"), "{f}");
        assert!(!f.starts_with("timeline/2"), "{f}");
        let text = String::from_utf8_lossy(&files[f]);
        assert!(!text.contains("rel=\"next\""), "{f}");
    }
    assert!(files.contains_key("briefings/index.html"));
}

/// Pages of a site with little or nothing to list: they render, say so,
/// and are well-formed where a parser can tell. `briefings` is what the
/// home page and the archive must show; `updated` the feed's date.
fn check_sparse_site(site: &TempSite, briefings: &str, updated: &str) {
    let files = snapshot(&site.public());
    for (file, bytes) in &files {
        if !file.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        assert!(html.starts_with("<!doctype html>"), "{file}");
        assert!(html.trim_end().ends_with("</html>"), "{file}");
        assert!(!html.contains("{{") && !html.contains("{%"), "{file}");
        let mut seen = BTreeMap::new();
        for text in texts(&html, " id=\"") {
            let id = text.split('"').next().unwrap().to_string();
            *seen.entry(id).or_insert(0) += 1;
        }
        assert!(
            seen.values().all(|&n| n == 1),
            "{file}: duplicate ids {seen:?}"
        );
    }
    for (file, text) in [
        ("index.html", briefings),
        ("briefings/index.html", briefings),
        ("glossary/index.html", "No entries yet."),
        ("timeline/index.html", "No events yet."),
        ("sources/index.html", "No sources yet."),
        ("tags/index.html", "No tags yet."),
    ] {
        let html = site.read_output(file);
        assert!(main_of(&html).contains(text), "{file} says {text:?}");
    }
    let feed = site.read_output("atom.xml");
    roxmltree::Document::parse(&feed).expect("atom.xml is well-formed");
    assert!(
        feed.contains(&format!("<updated>{updated}</updated>")),
        "the feed is dated {updated}: {feed}"
    );
    roxmltree::Document::parse(&site.read_output("sitemap.xml"))
        .expect("sitemap.xml is well-formed");
    serde_json::from_str::<serde_json::Value>(&site.read_output("graph.json")).expect("graph.json");
    assert!(files.contains_key("search/index.html"));
}

#[test]
fn a_site_with_no_content_renders_every_page() {
    let site = TempSite::new("empty");
    // With search, so the empty index is made too.
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // With no briefing to date it, the feed falls back to the epoch.
    check_sparse_site(&site, "No briefings yet.", "1970-01-01T00:00:00Z");
    let search = site.read_output("search/index.html");
    assert!(search.contains("js/search.js"), "{search}");
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read_output("search/index.json")).expect("manifest");
    assert_eq!(manifest["docs"], 0, "{manifest}");
    assert!(
        site.public().join("search/t/0.bin").is_file(),
        "one empty shard"
    );
}

#[test]
fn a_site_with_no_glossary_renders_every_page() {
    let site = TempSite::new("no-entries");
    build(&site);
    check_sparse_site(&site, "The only briefing", "2020-02-02T00:00:00Z");
}

/// List pages come out the same whatever the number of threads.
#[test]
fn paginated_output_is_the_same_on_one_thread() {
    let site = TempSite::new("paged");
    let build_with = |threads: &str, dir: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--no-search", "--output"])
            .arg(site.root.join(dir))
            .arg("--root")
            .arg(&site.root)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        snapshot(&site.root.join(dir))
    };
    let one = build_with("1", "out-one");
    let many = build_with("4", "out-many");
    assert!(one.keys().any(|k| k.contains("/page/2/")));
    assert_eq!(one, many);
}

/// The tags index and the list of publishers paginate like any list.
#[test]
fn the_tags_index_and_the_publishers_paginate_too() {
    let site = TempSite::new("paged");
    site.write(
        "content/briefings/b6.md",
        "---\ntitle: \"Briefing number 6\"\ndate: 2016-06-01\ntags: [third]\nsources:\n  - id: s6\n    title: \"Report 6\"\n    publisher: Zed Press\n---\nText [@s6].\n",
    );
    build(&site);
    let tags = walk(&site, "tags/");
    assert_eq!(tags.len(), 2);
    let names = once(&tags, |m| after(list_of(m), "<li><a", "href"));
    assert_eq!(
        names,
        ["common", "odd", "third"].map(|t| format!("{PREFIX}tags/{t}/"))
    );
    let publishers = walk(&site, "sources/");
    assert_eq!(publishers.len(), 2);
    assert!(publishers[1].contains("6 sources from 3 publishers"));
    let links = once(&publishers, |m| after(list_of(m), "<li><a", "href"));
    assert_eq!(
        links,
        ["the-daily", "wire-service", "zed-press"].map(|p| format!("{PREFIX}sources/{p}/"))
    );
}

#[test]
fn the_feed_carries_the_newest_page_of_briefings() {
    let site = TempSite::new("paged");
    build(&site);
    let xml = site.read_output("atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("atom.xml is well-formed XML");
    let links: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|c| c.has_tag_name("link")))
        .filter_map(|l| l.attribute("href"))
        .collect();
    // page_size = 2: the two newest of five, newest first.
    assert_eq!(
        links,
        [
            "https://example.org/sub/briefings/b5/",
            "https://example.org/sub/briefings/b4/"
        ]
    );
    let updated = doc
        .root_element()
        .children()
        .find(|c| c.has_tag_name("updated"))
        .and_then(|u| u.text())
        .unwrap();
    assert_eq!(updated, "2016-05-01T00:00:00Z");
}
