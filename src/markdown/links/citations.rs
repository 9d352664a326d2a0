//! Citations: `[@source-id]` or `[@source-id, para. 4]` become a numbered
//! mark linking to the source in the page's source list. Sources are
//! numbered in order of first citation; citing one again reuses its number.
//! The parser hands them over as broken references, which
//! [`citation_url`] turns into `cite:` links.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::{Citation, LinkReport, Linker, Problem, push_count, push_escaped_attr};
use crate::diagnostics::did_you_mean;

/// The URL prefix a citation link is made with (`cite:`), set by the
/// broken-link callback for `[@id]` and `[@id, locator]`.
pub const CITE_PREFIX: &str = "cite:";

/// Whether a broken reference `[...]` is a citation; returns its URL.
pub fn citation_url(reference: &str) -> Option<String> {
    reference
        .strip_prefix('@')
        .map(|r| format!("{CITE_PREFIX}{r}"))
}

/// Replaces the citation `spec` (`id` or `id, locator`) with its mark.
pub(super) fn cite(
    spec: &str,
    span: Range<usize>,
    linker: &Linker,
    report: &mut LinkReport,
    out: &mut Vec<Event<'_>>,
) {
    let (id, locator) = match spec.split_once(',') {
        Some((id, loc)) => (
            id.trim(),
            Some(loc.trim().to_string()).filter(|l| !l.is_empty()),
        ),
        None => (spec.trim(), None),
    };
    match linker.source_ids.get(id) {
        Some(&s) => {
            // "claim [@src]." sets the mark against the word, so
            // a line never starts with it.
            if let Some(Event::Text(prev)) = out.last_mut()
                && prev.ends_with(char::is_whitespace)
            {
                *prev = CowStr::from(prev.trim_end().to_string());
            }
            out.push(Event::Html(cite_mark(linker, s, locator, report).into()));
        }
        None => {
            report.problems.push(Problem {
                span,
                message: format!("unknown source `{id}` in citation"),
                help: linker.suggest_source(id).or_else(|| {
                    Some(
                        "declare the source under `sources:` in some briefing or entry".to_string(),
                    )
                }),
            });
        }
    }
}

impl Linker {
    fn suggest_source(&self, id: &str) -> Option<String> {
        did_you_mean(id, self.source_ids.keys().map(String::as_str))
    }
}

fn cite_mark(
    linker: &Linker,
    s: usize,
    locator: Option<String>,
    report: &mut LinkReport,
) -> String {
    let (number, nth) = match report.cite_counts.get_mut(&s) {
        Some((number, count)) => {
            *count += 1;
            (*number, *count)
        }
        None => {
            report.cited.push(s);
            report.cite_counts.insert(s, (report.cited.len(), 1));
            (report.cited.len(), 1)
        }
    };
    let source = &linker.sources[s];
    // Pieced together, not formatted: a briefing cites on every claim.
    let mut anchor = String::with_capacity(source.id.len() + 10);
    anchor.push_str("cite-");
    anchor.push_str(&source.id);
    anchor.push('-');
    push_count(&mut anchor, nth);
    let mut html = String::with_capacity(
        80 + 2 * anchor.len()
            + source.title.len()
            + locator.as_ref().map_or(0, |l| 2 * l.len() + 30),
    );
    html.push_str("<sup class=\"cite\"><a id=\"");
    push_escaped_attr(&mut html, &anchor);
    html.push_str("\" href=\"#source-");
    push_escaped_attr(&mut html, &source.id);
    html.push_str("\" title=\"");
    push_escaped_attr(&mut html, &source.title);
    if let Some(l) = &locator {
        html.push_str(", ");
        push_escaped_attr(&mut html, l);
    }
    html.push_str("\">[");
    push_count(&mut html, number);
    if let Some(l) = &locator {
        html.push_str("<span class=\"locator\">, ");
        push_escaped_attr(&mut html, l);
        html.push_str("</span>");
    }
    html.push_str("]</a></sup>");
    report.citations.push(Citation {
        source: s,
        number,
        anchor,
        locator,
    });
    html
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::*;

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
}
