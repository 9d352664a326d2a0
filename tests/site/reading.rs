//! The reading pages: the stakeholder panel by stance, source marks, typed
//! relations on both ends, and the pictures, on a fixture site.

use crate::util::{TempSite, stderr};

fn built(site: &TempSite) {
    let out = site.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A briefing whose stakeholders take stances, named in the text a
/// different number of times than the order they are written in.
const STANCES: &str = r#"---
title: 'Gamma''s "plan" -- again...'
date: 2017-03-02
sources:
  - id: wire-9
    title: "A <b>bold</b> plan"
    publisher: Wire & Co
    date: 2017-03-01
    url: https://example.org/wire-9
stakeholders:
  - ref: alpha-leader
    stance: opposes
    position: "Says 'no' to it"
    source: wire-9
    locator: "para. 4"
  - ref: alpha
    stance: supports
    position: "Backs it"
  - ref: beta
    stance: supports
  - ref: gamma-zone
events:
  - date: 2017-03-01
    title: "A <script>alert(1)</script> event"
    source: wire-9
    locator: "para. 2"
---
Beta, Beta and Beta again; Alpha once [@wire-9].
"#;

const GAMMA: &str = r#"---
title: "Gamma <Zone>"
kind: place
summary: "A zone."
related:
  - ref: beta
    relation: "rival of"
---
A place.
"#;

fn stance_site() -> TempSite {
    let site = TempSite::new("basic");
    site.write("content/briefings/gamma-plan.md", STANCES);
    site.write("content/glossary/gamma-zone.md", GAMMA);
    built(&site);
    site
}

#[test]
fn stakeholders_are_grouped_by_stance_most_mentioned_first() {
    let site = stance_site();
    let html = site.read_output("briefings/gamma-plan/index.html");
    let panel = &html[html.find("class=\"stakeholders\"").unwrap()..];
    let panel = &panel[..panel.find("</details>").unwrap()];
    let at = |needle: &str| {
        panel
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} not in {panel}"))
    };
    // Groups in the order supports, opposes, unclear; empty ones left out.
    assert!(at("stance-supports") < at("stance-opposes"));
    assert!(at("stance-opposes") < at("stance-unclear"));
    assert!(!panel.contains("stance-mixed") && !panel.contains("stance-neutral"));
    // Beta is named three times, Alpha once: Beta first though written second.
    assert!(at("/glossary/beta/") < at("/glossary/alpha/"), "{panel}");
    // An entry without a stance is unclear.
    assert!(at("stance-unclear") < at("/glossary/gamma-zone/"));
    assert!(panel.contains("Supports 2"), "{panel}");
    // The position carries its source mark and locator.
    assert!(
        panel.contains("href=\"#source-wire-9\"") && panel.contains(", para. 4</span>"),
        "{panel}"
    );
}

#[test]
fn front_matter_text_is_escaped_and_gets_smart_punctuation() {
    let site = stance_site();
    let html = site.read_output("briefings/gamma-plan/index.html");
    assert!(html.contains("<h1>Gamma’s “plan” – again…</h1>"), "title");
    assert!(html.contains("Says ‘no’ to it"), "position");
    assert!(!html.contains("<script>alert(1)"), "event title escaped");
    assert!(!html.contains("<b>bold</b>"), "source title escaped");
    // The event's picture escapes what it draws.
    let svg = &html[html
        .find("<svg class=\"picture timeline-picture\"")
        .unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    assert!(
        svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
    assert!(!svg.contains("<script"), "{svg}");
    // Smart punctuation off: the text stays as written.
    let plain = TempSite::new("basic");
    plain.write("content/briefings/gamma-plan.md", STANCES);
    plain.write("content/glossary/gamma-zone.md", GAMMA);
    let toml = std::fs::read_to_string(plain.root.join("site.toml")).unwrap();
    plain.write(
        "site.toml",
        &format!("{toml}\n[markdown]\nsmart_punctuation = false\n"),
    );
    built(&plain);
    let html = plain.read_output("briefings/gamma-plan/index.html");
    let h1 = &html[html.find("<h1>").unwrap()..];
    let h1 = &h1[..h1.find("</h1>").unwrap()];
    assert!(
        h1.contains("-- again...") && !h1.contains('’') && !h1.contains('“'),
        "{h1}"
    );
}

#[test]
fn a_typed_relation_shows_on_both_entries_and_in_the_pictures() {
    let site = stance_site();
    let gamma = site.read_output("glossary/gamma-zone/index.html");
    let beta = site.read_output("glossary/beta/index.html");
    assert!(
        gamma.contains("Gamma &lt;Zone&gt; rival of</span> <a href=\"/sub/glossary/beta/\">"),
        "declared end"
    );
    assert!(
        beta.contains("rival of Beta</span>")
            && beta.contains("href=\"/sub/glossary/gamma-zone/\""),
        "other end"
    );
    // The neighbourhood picture links both ways and names the relation.
    let svg = |html: &str| {
        let s = &html[html.find("neighbourhood-picture").unwrap()..];
        s[..s.find("</svg>").unwrap()].to_string()
    };
    let g = svg(&gamma);
    assert!(g.contains("href=\"/sub/glossary/beta/\""), "{g}");
    assert!(g.contains(">rival of</text>"), "{g}");
    assert!(g.contains("Gamma &lt;Zone&gt;"), "{g}");
    let b = svg(&beta);
    assert!(b.contains("href=\"/sub/glossary/gamma-zone/\""), "{b}");
    assert!(b.contains("← rival of"), "{b}");
    // Beta shares briefings with Alpha: a dashed line to it.
    assert!(b.contains("edge shared"), "{b}");
}

#[test]
fn the_infobox_counts_briefings_and_stances() {
    let site = stance_site();
    let beta = site.read_output("glossary/beta/index.html");
    let box_ = &beta[beta.find("class=\"infobox\"").unwrap()..];
    let box_ = &box_[..box_.find("</aside>").unwrap()];
    assert!(box_.contains("<dt>Kind</dt><dd>state</dd>"), "{box_}");
    assert!(box_.contains("<dt>Briefings</dt><dd>2</dd>"), "{box_}");
    assert!(box_.contains("First named"), "{box_}");
    assert!(box_.contains("Last named"), "{box_}");
    assert!(box_.contains("2017-03-02"), "last is the newest: {box_}");
    assert!(box_.contains("Supports</span> 1"), "{box_}");
}

#[test]
fn timeline_page_draws_every_event_to_scale() {
    let site = stance_site();
    let html = site.read_output("timeline/index.html");
    let svg = &html[html
        .find("<svg class=\"picture timeline-picture\"")
        .unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    // A year is a bar, a day a dot, each linked to its briefing.
    assert!(svg.contains("class=\"event-span\""), "{svg}");
    assert!(svg.contains("class=\"event-dot\""), "{svg}");
    assert!(svg.contains("href=\"/sub/briefings/gamma-plan/\""), "{svg}");
    assert!(svg.contains(">2015<") && svg.contains(">2017<"), "{svg}");
}
