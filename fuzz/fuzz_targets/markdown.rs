//! The Markdown pipeline with a small glossary and source list, so that
//! wikilinks, citations, automatic links and footnotes all have something
//! to resolve: any body renders without a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use dossier::config::{AutolinkMode, RawHtml};
use dossier::markdown::links::{CiteTarget, PageDir, SitePages, Term};
use dossier::markdown::{Linker, MdOptions, PageLinks, render};
use libfuzzer_sys::fuzz_target;

fn term(id: &str, title: &str) -> Term {
    Term {
        id: id.to_string(),
        title: title.to_string(),
        kind: "group",
        summary: format!("About {title} \"quoted\" <b>"),
        url: format!("/glossary/{id}/"),
        autolink: true,
    }
}

fn linker(mode: AutolinkMode, case_sensitive: bool) -> Linker {
    Linker::new(
        vec![
            term("nusra-front", "Nusra Front"),
            term("syrian-army", "Syrian Army"),
            term("free-syrian-army", "Free Syrian Army"),
            term("o-brien", "O'Brien"),
        ],
        vec![
            vec!["Nusra Front".into(), "Nusra".into(), "al-Nusra".into()],
            vec!["Syrian Army".into()],
            vec!["Free Syrian Army".into(), "FSA".into()],
            vec!["O'Brien".into()],
        ],
        vec![
            CiteTarget {
                id: "ap-2016".into(),
                title: "A wire".into(),
            },
            CiteTarget {
                id: "un".into(),
                title: "A report".into(),
            },
        ],
        SitePages {
            briefings: vec!["a-briefing".into()],
            tags: vec!["syria".into()],
            base_path: "/sub/".into(),
        },
        mode,
        case_sensitive,
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mode = match flags & 3 {
        0 => AutolinkMode::First,
        1 => AutolinkMode::All,
        _ => AutolinkMode::Off,
    };
    // Built once per setting: building the automaton is not what is tested.
    static LINKERS: [OnceLock<Linker>; 6] = [const { OnceLock::new() }; 6];
    let case_sensitive = flags & 4 == 0;
    let slot = (flags & 3).min(2) as usize * 2 + usize::from(case_sensitive);
    let linker = LINKERS[slot].get_or_init(|| linker(mode, case_sensitive));
    let opts = MdOptions {
        smart_punctuation: flags & 8 == 0,
        raw_html: if flags & 16 == 0 {
            RawHtml::Allow
        } else {
            RawHtml::Escape
        },
    };
    let dir = match (flags >> 5) & 3 {
        0 => PageDir::Briefings,
        1 => PageDir::Glossary,
        _ => PageDir::Root,
    };
    let self_term = (dir == PageDir::Glossary).then_some(0);
    let links = (flags & 128 == 0).then_some(PageLinks {
        linker,
        self_term,
        dir,
    });
    let _ = render(text, &opts, links);
});
