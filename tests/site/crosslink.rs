//! Cross-linking on a fixture site: what links where, and what is reported
//! when a link does not resolve.

use crate::util::{TempSite, failed, stderr};

fn built(site: &TempSite) {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn mentions_link_once_and_entries_show_the_sentence() {
    let site = TempSite::new("basic");
    built(&site);
    let briefing = site.read_output("briefings/first-offer/index.html");
    // First mention only: "Alpha" is linked once in the body.
    assert_eq!(
        briefing.matches("data-title=\"Alpha\"").count(),
        1,
        "{briefing}"
    );
    let alpha = site.read_output("glossary/alpha/index.html");
    assert!(
        alpha.contains("<p>Alpha offers Beta a pact. <a href=\"/sub/briefings/first-offer/#m-2\""),
        "{alpha}"
    );
    // The entry's own text never links to itself.
    assert!(!alpha.contains("class=\"term\" id=\"m-1\" href=\"/sub/glossary/alpha/\""));
}

#[test]
fn sources_list_cited_first_with_back_references() {
    let site = TempSite::new("basic");
    built(&site);
    let html = site.read_output("briefings/first-offer/index.html");
    let wire = html.find("<li id=\"source-wire-1\"").unwrap();
    let profile = html.find("<li id=\"source-profile-1\"").unwrap();
    assert!(wire < profile, "wire-1 is cited first");
    assert!(
        html.contains("<a href=\"#cite-wire-1-1\" aria-label=\"Citation 1\">"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"#cite-wire-1-2\" aria-label=\"Citation 2\">"),
        "{html}"
    );
    let sources = site.read_output("sources/index.html");
    assert!(sources.contains("<h2>Profiles Inc</h2>"));
    assert!(
        sources.contains("href=\"/sub/briefings/first-offer/#source-profile-1\""),
        "{sources}"
    );
}

#[test]
fn alias_claimed_twice_names_both_files() {
    let site = TempSite::new("basic");
    site.write(
        "content/glossary/gamma.md",
        "---\ntitle: Gamma\nkind: state\naliases: [\"alphaland\"]\nsummary: \"s\"\n---\n",
    );
    let err = failed(&site.run(&["build"]));
    assert!(err.contains("--> content/glossary/gamma.md:4:11"), "{err}");
    assert!(
        err.contains(
            "the alias `alphaland` is also the alias of content/glossary/alpha.md (line 4)"
        ),
        "{err}"
    );
}

#[test]
fn title_of_one_entry_as_alias_of_another_is_an_error() {
    let site = TempSite::new("basic");
    site.write(
        "content/glossary/gamma.md",
        "---\ntitle: Gamma\nkind: state\naliases: [Beta]\nsummary: \"s\"\n---\n",
    );
    let err = failed(&site.run(&["build"]));
    assert!(
        err.contains("the alias `Beta` is also the title of content/glossary/beta.md"),
        "{err}"
    );
}

#[test]
fn unresolved_links_in_markdown_are_reported_at_their_line() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/second-look.md",
        "---\ntitle: \"x\"\ndate: 2016-08-01\n---\nFine line.\n\nSee [[Alpha Leeder]] and [@wire-2].\n\n[Broken](../glossary/zeta.md) and [[alpha#nowhere]].\n",
    );
    let err = failed(&site.run(&["build"]));
    for (place, msg) in [
        (
            "content/briefings/second-look.md:7:5",
            "unknown wikilink target `Alpha Leeder`",
        ),
        (
            "content/briefings/second-look.md:7:26",
            "unknown source `wire-2` in citation",
        ),
        (
            "content/briefings/second-look.md:9:1",
            "the link `../glossary/zeta.md` points to no glossary entry",
        ),
        (
            "content/briefings/second-look.md:9:35",
            "`#nowhere` is not a heading of content/glossary/alpha.md",
        ),
    ] {
        assert!(
            err.contains(&format!("--> {place}")),
            "missing {place} in:\n{err}"
        );
        assert!(err.contains(msg), "missing `{msg}` in:\n{err}");
    }
    assert!(err.contains("did you mean `Alpha Leader`"), "{err}");
    assert!(err.contains("did you mean `wire-1`?"), "{err}");
}

#[test]
fn uncited_source_is_a_warning_not_an_error() {
    let site = TempSite::new("basic");
    site.write(
        "content/briefings/second-look.md",
        "---\ntitle: \"x\"\ndate: 2016-08-01\nsources:\n  - id: memo-9\n    publisher: Desk\n---\nText.\n",
    );
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning: source `memo-9` is never cited"),
        "{err}"
    );
    assert!(
        err.contains("--> content/briefings/second-look.md:5:9"),
        "{err}"
    );
}

#[test]
fn timeline_orders_every_event_by_date_at_its_precision() {
    let site = TempSite::new("basic");
    built(&site);
    let html = site.read_output("timeline/index.html");
    let order = [
        "The crisis begins",
        "Beta intervenes",
        "Alpha presents the offer",
    ];
    let at: Vec<usize> = order.iter().map(|t| html.find(t).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{html}");
    assert!(html.contains("<h2 id=\"y2015\">2015</h2>"));
    // Each event's source mark points into its briefing's source list.
    assert!(
        html.contains(
            "<a class=\"source-mark\" href=\"/sub/briefings/first-offer/#source-wire-1\""
        )
    );
}

#[test]
fn graph_json_lists_nodes_and_edges() {
    let site = TempSite::new("basic");
    built(&site);
    let g: serde_json::Value = serde_json::from_str(&site.read_output("graph.json")).unwrap();
    assert_eq!(g["version"], 1);
    assert_eq!(g["entries"].as_array().unwrap().len(), 3);
    assert_eq!(
        g["briefings"].as_array().unwrap().len(),
        2,
        "drafts stay out"
    );
    let edges = g["edges"].as_array().unwrap();
    let has = |from: &str, to: &str, kind: &str| {
        edges
            .iter()
            .any(|e| e["from"] == from && e["to"] == to && e["type"] == kind)
    };
    assert!(has("briefing:first-offer", "entry:alpha", "stakeholder"));
    assert!(has(
        "briefing:first-offer",
        "entry:alpha-leader",
        "mentions"
    ));
    assert!(has("briefing:first-offer", "source:wire-1", "cites"));
    assert!(has("entry:beta", "entry:alpha", "mentions"));
    assert!(has("event:1", "source:wire-1", "source"));
}
