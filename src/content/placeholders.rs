//! Text `dossier new` writes for the author to replace. Left in place it
//! would be published (an empty summary, "One line on who or what this
//! is." in every hover preview), so loading reports it as a warning at
//! the line it is on. The skeletons in `scaffold` use these same strings.

use crate::diagnostics::{Diagnostic, Pos};

use rayon::prelude::*;

use super::{Briefing, Content, Doc, Entry};

/// The summary a new glossary entry starts with.
pub const ENTRY_SUMMARY: &str = "One line on who or what this is.";

/// The first line of a new briefing's body.
pub const BRIEFING_BODY: &str = "Write the briefing here.";

/// Warnings for placeholder text left in briefings and entries. Every
/// body is searched, on every core.
pub fn check(content: &Content) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = content
        .briefings
        .par_iter()
        .flat_map_iter(briefing_placeholders)
        .collect();
    out.extend(content.entries.iter().filter_map(entry_placeholder));
    out
}

/// The placeholders left in one briefing.
fn briefing_placeholders(b: &Briefing) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if b.front
        .summary
        .as_deref()
        .is_some_and(|s| s.trim().is_empty())
    {
        out.push(summary_warning(
            &b.doc,
            "empty summary",
            "write one or two sentences for lists, the feed and previews, or delete the line",
        ));
    }
    if let Some(i) = memchr::memmem::find(b.doc.body().as_bytes(), BRIEFING_BODY.as_bytes()) {
        let pos = Pos::at_offset(&b.doc.text, b.doc.body_offset + i, 1);
        out.push(
            Diagnostic::warning(&b.doc.path, "placeholder text from `dossier new`")
                .at(pos)
                .spanning(BRIEFING_BODY.chars().count())
                .help("replace it with the briefing"),
        );
    }
    out
}

/// The placeholder summary or empty summary of one entry.
fn entry_placeholder(e: &Entry) -> Option<Diagnostic> {
    let help = "say in one line who or what this is: it shows in hover previews and the glossary";
    let summary = e.front.summary.trim();
    if summary == ENTRY_SUMMARY {
        Some(summary_warning(
            &e.doc,
            "placeholder summary from `dossier new`",
            help,
        ))
    } else if summary.is_empty() {
        Some(summary_warning(&e.doc, "empty summary", help))
    } else {
        None
    }
}

/// A warning at the `summary:` line of the front matter (its first line if
/// the key cannot be found, as for any whole-front-matter problem).
fn summary_warning(doc: &Doc, message: &str, help: &str) -> Diagnostic {
    let front = &doc.text[..doc.body_offset];
    let (pos, len) = front
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("summary:"))
        .map_or((Pos::new(1, 1), 1), |(i, l)| {
            (Pos::new(i + 1, 1), l.chars().count())
        });
    Diagnostic::warning(&doc.path, message)
        .at(pos)
        .spanning(len)
        .help(help)
}
