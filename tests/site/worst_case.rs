//! Linear in the worst case: one page with tens of thousands of the same
//! heading, citation, footnote reference, anchor and mention, and an entry
//! involved in thousands of events. Each of these once made a pass over
//! everything before it; the tests assert what the page shows, and a
//! quadratic path shows up as a test that takes minutes.

use std::fmt::Write as _;

use crate::util::{TempSite, stderr};

const N: usize = 20_000;
const EVENTS: usize = 2_000;

fn worst_case_briefing() -> String {
    let mut text = String::from(
        "---\ntitle: \"Worst case\"\ndate: 2017-01-01\nsources:\n  - id: w-src\n    \
         title: \"One source\"\n    publisher: Wire Service\n    date: 2017-01-01\n    \
         url: https://example.org/w\nevents:\n",
    );
    for i in 0..EVENTS {
        // The entry listed twice: it must still show the event once.
        writeln!(
            text,
            "  - date: 2017-01-01\n    title: \"Worst event {i}\"\n    involves: [beta, beta]"
        )
        .unwrap();
    }
    text.push_str("---\n");
    for _ in 0..N {
        text.push_str("## Same\n\n[[alpha]] said so [@w-src].[^n] See [above](#same).\n\n");
    }
    text.push_str("[^n]: The one note.\n");
    text
}

#[test]
fn a_page_of_repeats_builds_and_shows_each_once() {
    let site = TempSite::new("basic");
    site.write("content/briefings/worst-case.md", &worst_case_briefing());
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let page = site.read_output("briefings/worst-case/index.html");

    // Headings: unique ids, numbered in order.
    assert!(page.contains("<h2 id=\"same\">"));
    assert!(page.contains("<h2 id=\"same-1\">"));
    let last = format!("<h2 id=\"same-{}\">", N - 1);
    assert!(page.contains(&last), "the last heading is {last}");
    assert!(!page.contains(&format!("id=\"same-{N}\"")));

    // Citations: one source, numbered 1, each citation its own anchor.
    assert!(page.contains("id=\"cite-w-src-1\""));
    assert!(page.contains(&format!("id=\"cite-w-src-{N}\"")));
    assert_eq!(page.matches(">[1]</a>").count(), N, "all cite source 1");

    // One footnote, referenced N times, listed once at the end.
    assert_eq!(page.matches("id=\"fnref-n\"").count(), 1);
    assert_eq!(page.matches("<li id=\"fn-n\">").count(), 1);

    // The entry shows the briefing once, with its sentence once.
    let alpha = site.read_output("glossary/alpha/index.html");
    assert_eq!(alpha.matches("said so").count(), 1, "one sentence shown");

    // The entry involved twice in each event lists each event once.
    let beta = site.read_output("glossary/beta/index.html");
    for i in [0, EVENTS / 2, EVENTS - 1] {
        let title = format!("Worst event {i}<");
        assert_eq!(beta.matches(&title).count(), 1, "{title}");
    }
}

/// One paragraph of thousands of mentions and no full stop: every mention
/// has the same sentence, found once, not once per mention.
#[test]
fn a_paragraph_of_mentions_without_a_full_stop_builds() {
    let site = TempSite::new("basic");
    let mut text = String::from("---\ntitle: \"No stop\"\ndate: 2017-01-01\n---\n");
    for i in 0..N {
        write!(text, "[[alpha]] word{i} ").unwrap();
    }
    text.push('\n');
    site.write("content/briefings/no-stop.md", &text);
    let out = site.run(&["build", "--no-search"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // The entry shows the briefing's sentence once, cut to a readable
    // length.
    let alpha = site.read_output("glossary/alpha/index.html");
    assert_eq!(alpha.matches("word0 ").count(), 1, "one sentence shown");
    assert!(
        alpha.contains("word1 "),
        "the sentence starts the paragraph"
    );
    assert!(
        !alpha.contains(&format!("word{} ", N - 1)),
        "the sentence is cut"
    );
    assert!(alpha.contains('…'));
}
