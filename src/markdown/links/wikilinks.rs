//! Wikilinks: `[[Nusra Front]]`, `[[nusra-front|the Front]]` and
//! `[[id#anchor]]` resolve by id, title or alias, ignoring case, to the
//! glossary page, and count as mentions for backlinks. An unknown target
//! is a problem with the nearest names; its label stays readable as text.

use std::ops::Range;

use super::{
    AnchorCheck, LinkReport, Linker, Mention, Problem, Target, mention_anchor, term_link_open,
};

/// Opens the link for a wikilink to `dest`: the HTML that replaces its
/// start, and the tag that closes it.
pub(super) fn open(
    dest: &str,
    span: Range<usize>,
    linker: &Linker,
    report: &mut LinkReport,
) -> (String, &'static str) {
    let (target, anchor) = match dest.split_once('#') {
        Some((t, a)) => (t, Some(a)),
        None => (dest, None),
    };
    match linker.resolve(target) {
        Some(t) => {
            if let Some(a) = anchor {
                report.anchors.push(AnchorCheck {
                    target: Target::Entry(t),
                    anchor: a.to_string(),
                    span,
                });
            }
            let n = report.mentions.len();
            let html = term_link_open(linker, t, anchor, n);
            // Recorded even for a link to the page's own entry,
            // so anchors stay unique; backlinks skip those.
            report.mentions.push(Mention {
                term: t,
                anchor: mention_anchor(n).into(),
                context: "".into(),
            });
            (html, "</a>")
        }
        None => {
            report.problems.push(Problem {
                span,
                message: format!("unknown wikilink target `{target}`"),
                help: linker.suggest_term(target).or_else(|| {
                    Some("link to a glossary entry by its id, title or alias".to_string())
                }),
            });
            // Keep the text readable: render the label without a link.
            ("<span class=\"broken-link\">".to_string(), "</span>")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::*;

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
}
