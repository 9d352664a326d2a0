use super::*;
use crate::config::RawHtml;
use crate::markdown::{MdOptions, PageLinks, render};

fn term(id: &str, title: &str, autolink: bool) -> Term {
    Term {
        id: id.into(),
        title: title.into(),
        kind: "group",
        summary: format!("About {title} <b>."),
        url: format!("/g/{id}/"),
        autolink,
    }
}

fn linker(mode: AutolinkMode, case_sensitive: bool) -> Linker {
    let terms = vec![
        term("nusra-front", "Nusra Front", true),
        term("syrian-army", "Syrian Army", true),
        term("free-syrian-army", "Free Syrian Army", true),
        term("al-qaida", "al-Qaida", true),
        term("hasan", "Ḥasan", true),
        term("quiet", "Quiet Group", false),
    ];
    let names = vec![
        vec![
            "Nusra Front".into(),
            "Nusra".into(),
            "Jabhat al-Nusra".into(),
        ],
        vec!["Syrian Army".into()],
        vec!["Free Syrian Army".into(), "FSA".into()],
        vec!["al-Qaida".into(), "Qaida's wing".into()],
        vec!["Ḥasan".into()],
        vec!["Quiet Group".into()],
    ];
    let sources = vec![CiteTarget {
        id: "ap-1".into(),
        title: "Wire".into(),
    }];
    let pages = SitePages {
        briefings: vec!["first".into()],
        tags: vec!["syria".into()],
        base_path: "/sub/".into(),
    };
    Linker::new(terms, names, sources, pages, mode, case_sensitive)
}

fn md(text: &str, l: &Linker, self_term: Option<usize>) -> crate::markdown::Rendered {
    let opts = MdOptions {
        smart_punctuation: true,
        raw_html: RawHtml::Allow,
    };
    render(
        text,
        &opts,
        Some(PageLinks {
            linker: l,
            self_term,
            dir: if self_term.is_some() {
                PageDir::Glossary
            } else {
                PageDir::Briefings
            },
        }),
    )
}

fn linked_terms(r: &crate::markdown::Rendered) -> Vec<usize> {
    r.links.mentions.iter().map(|m| m.term).collect()
}

#[test]
fn longest_match_wins() {
    let l = linker(AutolinkMode::All, true);
    let r = md("The Free Syrian Army and the Syrian Army.\n", &l, None);
    assert_eq!(linked_terms(&r), [2, 1]);
    assert!(r.html.contains(">Free Syrian Army</a>"), "{}", r.html);
}

#[test]
fn whole_words_only_with_unicode_names() {
    let l = linker(AutolinkMode::All, true);
    let r = md(
        "Nusraland is not Nusra. Ḥasanov is not Ḥasan, but al-Qaida's is.\n",
        &l,
        None,
    );
    assert_eq!(linked_terms(&r), [0, 4, 3]);
}

#[test]
fn first_mode_links_once_per_page() {
    let l = linker(AutolinkMode::First, true);
    let r = md("Nusra and Nusra Front and Nusra.\n", &l, None);
    assert_eq!(linked_terms(&r), [0]);
    let all = linker(AutolinkMode::All, true);
    assert_eq!(
        linked_terms(&md("Nusra and Nusra Front.\n", &all, None)),
        [0, 0]
    );
}

#[test]
fn headings_code_and_links_are_left_alone_and_do_not_use_up_first() {
    let l = linker(AutolinkMode::First, true);
    let text = "## Nusra\n\n`Nusra` and [Nusra](https://x.org) and ![Nusra](a.png)\n\n```\nNusra\n```\n\nThen Nusra.\n";
    let r = md(text, &l, None);
    assert_eq!(linked_terms(&r), [0]);
    assert!(r.html.contains("<p>Then <a class=\"term\""), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"nusra\">Nusra</h2>"), "{}", r.html);
}

#[test]
fn an_entry_never_links_to_itself_and_opt_outs_are_skipped() {
    let l = linker(AutolinkMode::All, true);
    let r = md("Nusra Front and Quiet Group and al-Qaida.\n", &l, Some(0));
    assert_eq!(linked_terms(&r), [3]);
}

#[test]
fn case_sensitivity_follows_the_setting() {
    let sensitive = linker(AutolinkMode::All, true);
    assert!(linked_terms(&md("nusra front\n", &sensitive, None)).is_empty());
    let insensitive = linker(AutolinkMode::All, false);
    assert_eq!(linked_terms(&md("nusra front\n", &insensitive, None)), [0]);
}

#[test]
fn term_links_carry_the_preview_escaped() {
    let l = linker(AutolinkMode::All, true);
    let r = md("Nusra.\n", &l, None);
    assert!(
        r.html.contains("<a class=\"term\" id=\"m-1\" href=\"/g/nusra-front/\" data-kind=\"group\" data-title=\"Nusra Front\" data-summary=\"About Nusra Front &lt;b&gt;.\">Nusra</a>"),
        "{}",
        r.html
    );
}

#[test]
fn names_split_by_smart_punctuation_are_still_found() {
    let l = linker(AutolinkMode::All, true);
    let r = md("\"Jabhat al-Nusra\" fighters.\n", &l, None);
    assert_eq!(linked_terms(&r), [0]);
}

#[test]
fn wikilinks_resolve_by_id_title_or_alias_ignoring_case() {
    let l = linker(AutolinkMode::Off, true);
    let r = md(
        "See [[nusra-front]], [[free syrian army|the FSA]] and [[JABHAT AL-NUSRA]].\n",
        &l,
        None,
    );
    assert_eq!(linked_terms(&r), [0, 2, 0]);
    assert!(r.html.contains(">the FSA</a>"), "{}", r.html);
    assert!(r.links.problems.is_empty());
}

#[test]
fn unknown_wikilink_is_a_problem_with_its_span_and_suggestion() {
    let l = linker(AutolinkMode::Off, true);
    let text = "Intro.\n\nSee [[Nusra Frnt]].\n";
    let r = md(text, &l, None);
    assert_eq!(r.links.problems.len(), 1);
    let p = &r.links.problems[0];
    assert_eq!(&text[p.span.clone()], "[[Nusra Frnt]]");
    assert_eq!(p.help.as_deref(), Some("did you mean `Nusra Front`?"));
}

#[test]
fn wikilink_anchor_is_recorded_for_checking() {
    let l = linker(AutolinkMode::Off, true);
    let r = md("[[nusra-front#history]]\n", &l, None);
    assert_eq!(r.links.anchors[0].anchor, "history");
    assert_eq!(r.links.anchors[0].target, Target::Entry(0));
    assert!(
        r.html.contains("href=\"/g/nusra-front/#history\""),
        "{}",
        r.html
    );
}

#[test]
fn citations_are_numbered_by_first_use() {
    let l = linker(AutolinkMode::Off, true);
    let r = md("One [@ap-1]. Two [@ap-1, para. 4].\n", &l, None);
    let numbers: Vec<usize> = r.links.citations.iter().map(|c| c.number).collect();
    assert_eq!(numbers, [1, 1]);
    assert_eq!(r.links.citations[1].locator.as_deref(), Some("para. 4"));
    assert_eq!(r.links.cited, [0]);
    assert!(
        r.html
            .contains("<a id=\"cite-ap-1-1\" href=\"#source-ap-1\" title=\"Wire\">[1]</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("[1<span class=\"locator\">, para. 4</span>]"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("@ap-1"));
    assert!(
        r.html.contains("One<sup class=\"cite\">"),
        "the mark sits against the word: {}",
        r.html
    );
}

#[test]
fn unknown_citation_is_a_problem() {
    let l = linker(AutolinkMode::Off, true);
    let text = "Claim [@ap-2].\n";
    let r = md(text, &l, None);
    assert_eq!(r.links.problems.len(), 1);
    assert_eq!(&text[r.links.problems[0].span.clone()], "[@ap-2]");
    assert_eq!(
        r.links.problems[0].help.as_deref(),
        Some("did you mean `ap-1`?")
    );
}

#[test]
fn mentions_carry_their_sentence() {
    let l = linker(AutolinkMode::All, true);
    let r = md(
        "First sentence. The Nusra Front is strong. Last one.\n\n- In a list with [[al-qaida]].\n",
        &l,
        None,
    );
    let contexts: Vec<&str> = r
        .links
        .mentions
        .iter()
        .map(|m| m.context.as_str())
        .collect();
    // Wikilinks are resolved (and numbered) before automatic links.
    assert_eq!(
        contexts,
        ["In a list with al-qaida.", "The Nusra Front is strong."]
    );
}

#[test]
fn sentence_at_is_trimmed() {
    assert_eq!(sentence_at("A b. C d e. F.", 6), "C d e.");
    assert_eq!(sentence_at("No end here", 3), "No end here");
    assert_eq!(sentence_at("Cited claim  . Next.", 2), "Cited claim.");
    let long = "word ".repeat(100);
    assert!(sentence_at(&long, 10).ends_with('…'));
}

#[test]
fn straight_and_curly_apostrophes_match_each_other() {
    let l = linker(AutolinkMode::All, true);
    let r = md("Qaida's wing and Qaida\u{2019}s wing.\n", &l, None);
    assert_eq!(linked_terms(&r), [3, 3]);
}

#[test]
fn relative_links_to_content_files_become_page_urls() {
    let l = linker(AutolinkMode::Off, true);
    let r = md(
        "[a](../glossary/nusra-front.md) [b](first.md#why) [c](/glossary/al-qaida/) [d](https://x.org/a.md) [e](#top)\n",
        &l,
        None,
    );
    assert!(r.links.problems.is_empty(), "{:?}", r.links.problems);
    assert!(
        r.html.contains("<a href=\"/g/nusra-front/\">a</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("<a href=\"/sub/briefings/first/#why\">b</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a href=\"/sub/glossary/al-qaida/\">c</a>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<a href=\"https://x.org/a.md\">d</a>"),
        "{}",
        r.html
    );
    let targets: Vec<(Target, &str)> = r
        .links
        .anchors
        .iter()
        .map(|a| (a.target, a.anchor.as_str()))
        .collect();
    assert_eq!(
        targets,
        [(Target::Briefing(0), "why"), (Target::SamePage, "top")]
    );
}

#[test]
fn broken_internal_links_are_problems() {
    let l = linker(AutolinkMode::Off, true);
    let text = "[a](../glossary/nusra.md) [b](secnd.md) [c](/briefings/nope/) [d](../../x.md) [e](/tags/syra/)\n";
    let r = md(text, &l, None);
    let spans: Vec<&str> = r
        .links
        .problems
        .iter()
        .map(|p| &text[p.span.clone()])
        .collect();
    assert_eq!(
        spans,
        [
            "[a](../glossary/nusra.md)",
            "[b](secnd.md)",
            "[c](/briefings/nope/)",
            "[d](../../x.md)",
            "[e](/tags/syra/)"
        ]
    );
    assert_eq!(
        r.links.problems[4].help.as_deref(),
        Some("did you mean `syria`?")
    );
}
