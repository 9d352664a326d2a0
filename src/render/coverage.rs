//! Citation coverage per briefing (SPEC §6): every body claim found by
//! [`crate::markdown::coverage`] and every stakeholder position, quote and
//! event of the front matter either cites a source or is reported, per
//! `[check] citations`, as a claim without a source at its place. Each
//! briefing gets a figure ("34 of 36 claims cited") for the page and for
//! `check`; a briefing short of full coverage also gets a note with it.

use serde::Serialize;

use super::body_diagnostic_at;
use crate::config::CheckLevel;
use crate::content::{Briefing, Content};
use crate::diagnostics::{Diagnostic, Diagnostics, Lines, Severity};
use crate::markdown::Rendered;

/// How many claims of a briefing cite a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub cited: usize,
    pub claims: usize,
}

impl Coverage {
    fn count(&mut self, cited: bool) {
        self.claims += 1;
        self.cited += usize::from(cited);
    }
}

const BODY_HELP: &str = "cite the source with `[@source-id]` or `[@source-id, para. 4]`; \
headings, footnotes and `> [!NOTE]` callouts are exempt";

/// Counts every briefing's claims and reports the uncited ones.
pub fn check(
    content: &Content,
    bodies: &[std::sync::Arc<Rendered>],
    level: CheckLevel,
    diags: &mut Diagnostics,
) -> Vec<Coverage> {
    use rayon::prelude::*;
    // Each thread collects into its own collector, capped like `diags`:
    // a large site's uncited claims are never all held at once.
    let mut coverage = vec![Coverage::default(); content.briefings.len()];
    let found = content
        .briefings
        .par_iter()
        .zip(bodies)
        .zip(coverage.par_iter_mut())
        .fold(
            || diags.empty_like(),
            |mut found, ((b, r), slot)| {
                let (c, ds) = one(b, r, level);
                *slot = c;
                found.extend(ds);
                found
            },
        )
        .reduce(
            || diags.empty_like(),
            |mut a, b| {
                a.merge(b);
                a
            },
        );
    diags.merge(found);
    coverage
}

/// One briefing's coverage and what `level` makes of its uncited claims.
fn one(b: &Briefing, r: &Rendered, level: CheckLevel) -> (Coverage, Vec<Diagnostic>) {
    let severity = match level {
        CheckLevel::Off => None,
        CheckLevel::Warn => Some(Severity::Warning),
        CheckLevel::Error => Some(Severity::Error),
    };
    let mut found = Vec::new();
    let coverage = briefing(b, r, &mut found);
    let Some(severity) = severity else {
        return (coverage, Vec::new());
    };
    for d in &mut found {
        d.severity = severity;
    }
    if coverage.cited < coverage.claims {
        found.push(Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(&b.doc.path, figure(coverage))
        });
    }
    (coverage, found)
}

/// One briefing's coverage again, after an edit to it alone, with its
/// warnings; `None` when its uncited claims are errors, which only a full
/// build reports.
pub fn recheck(
    b: &Briefing,
    r: &Rendered,
    level: CheckLevel,
) -> Option<(Coverage, Vec<Diagnostic>)> {
    let (coverage, found) = one(b, r, level);
    (!found.iter().any(Diagnostic::is_error)).then_some((coverage, found))
}

/// "34 of 36 claims cited".
pub fn figure(c: Coverage) -> String {
    format!(
        "{} of {} claim{} cited",
        c.cited,
        c.claims,
        if c.claims == 1 { "" } else { "s" }
    )
}

/// One briefing: its coverage, and a diagnostic for each uncited claim.
fn briefing(b: &Briefing, r: &Rendered, found: &mut Vec<Diagnostic>) -> Coverage {
    let mut c = Coverage::default();
    let path = &b.doc.path;
    let front = |item: &str, pos, help: &str| {
        Diagnostic::warning(path, format!("{item} without a source"))
            .at(pos)
            .help(help)
    };
    for s in &b.front.stakeholders {
        if s.value.position.is_some() {
            let cited = s.value.source.is_some();
            c.count(cited);
            if !cited {
                found.push(
                    front(
                        "stakeholder position",
                        s.value.id_pos.unwrap_or(s.pos),
                        "add `source:` (and `locator:`) to this stakeholder",
                    )
                    .spanning(s.value.id.chars().count()),
                );
            }
        }
    }
    let mut located = |what: &str, pos, cited: bool| {
        c.count(cited);
        if !cited {
            found.push(front(
                what,
                pos,
                &format!("add `source:` (and `locator:`) to this {what}"),
            ));
        }
    };
    for q in &b.front.quotes {
        located("quote", q.pos, q.value.source.is_some());
    }
    for e in &b.front.events {
        located("event", e.pos, e.value.source.is_some());
    }
    // Made at the first uncited claim: most files need none.
    let mut lines = None;
    for claim in &r.claims {
        c.count(claim.cited);
        if !claim.cited {
            let lines = lines.get_or_insert_with(|| Lines::new(&b.doc.text));
            found.push(body_diagnostic_at(
                &b.doc,
                lines.pos(b.doc.body_offset + claim.span.start),
                claim.span.clone(),
                "claim without a source",
                Some(BODY_HELP.to_string()),
            ));
        }
    }
    c
}
