//! Citation coverage of a briefing body: which paragraphs and list items
//! make a claim, and whether each carries a `[@source]` citation (SPEC §6).
//!
//! It reads the parsed events with their byte offsets, before any transform
//! replaces citations with marks, and returns the claims in the order they
//! are written; the render phase turns uncited ones into diagnostics. The
//! rules, chosen so an author can predict them:
//!
//! - a paragraph is a claim, wherever it is (a plain quotation or a
//!   `> [!WARNING]` callout included);
//! - a list item is one claim, cited when any of its own paragraphs or its
//!   own text carries a citation; a nested list's items are claims of their
//!   own and do not cite their parent;
//! - text ending in a colon that is followed directly by a list ("Three
//!   parties objected:") introduces the list and is not a claim;
//! - headings, tables, code, footnotes and `> [!NOTE]` callouts (editorial
//!   notes) are not claims, and neither is a paragraph or item without any
//!   text (an image alone, say).

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

use super::links::CITE_PREFIX;

/// A paragraph or list item that states something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Byte range of the paragraph or item in the Markdown.
    pub span: Range<usize>,
    pub cited: bool,
}

/// What is being read into: text and citations land in the innermost one.
#[derive(Debug)]
struct Open {
    span: Range<usize>,
    is_item: bool,
    has_text: bool,
    cited: bool,
    /// Its text so far ends with a colon.
    colon: bool,
    /// A list follows its text-ending colon: it only introduces the list.
    intro: bool,
}

impl Open {
    fn new(span: Range<usize>, is_item: bool) -> Open {
        Open {
            span,
            is_item,
            has_text: false,
            cited: false,
            colon: false,
            intro: false,
        }
    }
}

/// The claims of a body, in the order they start.
pub fn claims(events: &[(Event<'_>, Range<usize>)]) -> Vec<Claim> {
    let mut out = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    // Inside footnotes, NOTE callouts, headings, tables, code or images.
    let mut exempt = 0usize;
    let mut ignored = 0usize;
    // Whether each open paragraph was folded into its list item.
    let mut paragraphs: Vec<bool> = Vec::new();
    for (i, (event, span)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(_))
            | Event::Start(Tag::BlockQuote(Some(BlockQuoteKind::Note))) => exempt += 1,
            Event::End(TagEnd::FootnoteDefinition)
            | Event::End(TagEnd::BlockQuote(Some(BlockQuoteKind::Note))) => {
                exempt = exempt.saturating_sub(1)
            }
            _ if exempt > 0 => {}
            Event::Start(
                Tag::Heading { .. } | Tag::Table(_) | Tag::CodeBlock(_) | Tag::Image { .. },
            ) => ignored += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Table | TagEnd::CodeBlock | TagEnd::Image) => {
                ignored = ignored.saturating_sub(1)
            }
            _ if ignored > 0 => {}
            Event::Start(Tag::Item) => open.push(Open::new(span.clone(), true)),
            Event::End(TagEnd::Item) => {
                if let Some(item) = open.pop() {
                    finish(item, &mut out);
                }
            }
            Event::Start(Tag::Paragraph) => {
                // A paragraph right inside a list item is part of that item.
                let folded = open.last().is_some_and(|o| o.is_item);
                if !folded {
                    open.push(Open::new(span.clone(), false));
                }
                paragraphs.push(folded);
            }
            Event::End(TagEnd::Paragraph) => {
                if paragraphs.pop() == Some(false)
                    && let Some(mut p) = open.pop()
                {
                    let list_follows =
                        matches!(events.get(i + 1), Some((Event::Start(Tag::List(_)), _)));
                    p.intro = p.colon && list_follows;
                    finish(p, &mut out);
                }
            }
            Event::Start(Tag::List(_)) => {
                if let Some(item) = open.last_mut()
                    && item.is_item
                    && item.colon
                {
                    item.intro = true;
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                // A quotation inside an item holds paragraphs of its own.
                open.push(Open::new(span.clone(), false));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                open.pop();
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE_PREFIX) => {
                if let Some(o) = open.last_mut() {
                    o.cited = true;
                }
            }
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some(o) = open.last_mut() {
                    o.has_text = true;
                    o.colon = t.trim_end().ends_with(':');
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|c| c.span.start);
    out
}

fn finish(o: Open, out: &mut Vec<Claim>) {
    if o.has_text && !o.intro {
        out.push(Claim {
            span: o.span,
            cited: o.cited,
        });
    }
}

#[cfg(test)]
mod tests {
    use pulldown_cmark::{BrokenLink, CowStr, Options, Parser};

    use super::*;

    /// The text of each claim's first line, and whether it is cited.
    fn judge(md: &str) -> Vec<(String, bool)> {
        let cite = |link: BrokenLink<'_>| {
            super::super::links::citation_url(&link.reference)
                .map(|url| (CowStr::from(url), CowStr::from("")))
        };
        let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_GFM | Options::ENABLE_TABLES;
        let events: Vec<_> = Parser::new_with_broken_link_callback(md, options, Some(cite))
            .into_offset_iter()
            .collect();
        claims(&events)
            .into_iter()
            .map(|c| {
                let first = md[c.span].lines().next().unwrap_or("").to_string();
                (first, c.cited)
            })
            .collect()
    }

    fn claim(text: &str, cited: bool) -> (String, bool) {
        (text.to_string(), cited)
    }

    #[test]
    fn paragraphs_are_claims_cited_by_any_citation() {
        assert_eq!(
            judge("One [@a].\n\nTwo, uncited.\n\nThree\n[@a, para. 2]\n"),
            [
                claim("One [@a].", true),
                claim("Two, uncited.", false),
                claim("Three", true)
            ]
        );
    }

    #[test]
    fn headings_footnotes_notes_tables_and_code_are_exempt() {
        let md = "## Heading\n\nText[^1] [@a].\n\n[^1]: A footnote, uncited.\n\n> [!NOTE]\n> An editorial note.\n\n| a |\n|---|\n| cell |\n\n```\ncode\n```\n\n![alt](x.png)\n";
        assert_eq!(judge(md), [claim("Text[^1] [@a].", true)]);
    }

    #[test]
    fn other_callouts_and_quotations_are_claims() {
        let md = "> [!WARNING]\n> Fighting resumed.\n\n> A quotation.\n";
        assert_eq!(
            judge(md),
            [
                claim("Fighting resumed.", false),
                claim("A quotation.", false)
            ]
        );
    }

    #[test]
    fn a_list_item_is_one_claim_whatever_its_paragraphs() {
        let md = "- tight [@a]\n- tight, uncited\n\n1. loose\n\n   second paragraph [@a]\n";
        assert_eq!(
            judge(md),
            [
                claim("- tight [@a]", true),
                claim("- tight, uncited", false),
                claim("1. loose", true)
            ]
        );
    }

    #[test]
    fn nested_items_are_claims_of_their_own() {
        let md = "- parent [@a]\n  - child\n- other\n  - child [@a]\n";
        assert_eq!(
            judge(md),
            [
                claim("- parent [@a]", true),
                claim("- child", false),
                claim("- other", false),
                claim("- child [@a]", true)
            ]
        );
    }

    #[test]
    fn a_colon_that_introduces_a_list_is_not_a_claim() {
        let md = "Three parties objected:\n\n- one [@a]\n- two:\n  - sub [@a]\n\nAn uncited colon:\n\nends a paragraph.\n";
        assert_eq!(
            judge(md),
            [
                claim("- one [@a]", true),
                claim("- sub [@a]", true),
                claim("An uncited colon:", false),
                claim("ends a paragraph.", false)
            ]
        );
    }
}
