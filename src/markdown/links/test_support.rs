//! Test helpers shared by the link transforms' tests: a small glossary,
//! one source and a page renderer.

use super::*;
use crate::config::RawHtml;
use crate::markdown::{MdOptions, PageLinks, render};

pub(super) fn term(id: &str, title: &str, autolink: bool) -> Term {
    Term {
        id: id.into(),
        title: title.into(),
        kind: "group",
        summary: format!("About {title} <b>."),
        url: format!("/g/{id}/"),
        autolink,
    }
}

pub(super) fn linker(mode: AutolinkMode, case_sensitive: bool) -> Linker {
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

pub(super) fn md(text: &str, l: &Linker, self_term: Option<usize>) -> crate::markdown::Rendered {
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

pub(super) fn linked_terms(r: &crate::markdown::Rendered) -> Vec<usize> {
    r.links.mentions.iter().map(|m| m.term).collect()
}
