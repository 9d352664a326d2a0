//! Markdown to HTML: pulldown-cmark's event stream passed through a few
//! pure transforms, each of which takes events and returns events.
//!
//! The steps, in order:
//! 1. parse with CommonMark plus tables, strikethrough, footnotes, heading
//!    attributes, GFM alerts and (per site.toml) smart punctuation;
//! 2. [`schemes`]: links and images that could run script are refused
//!    (in every `raw_html` mode);
//! 3. [`escape_raw_html`] when `raw_html = "escape"`;
//! 4. [`headings`]: every heading gets an id (its own `{#id}` or one made
//!    from its text, unique in the page) and lands in the table of contents;
//! 5. [`alerts`]: `> [!NOTE]` and friends become annotation callouts;
//! 6. [`coverage::claims`] (briefings only): which paragraphs and list
//!    items make a claim, and whether each cites a source; it reads the
//!    parsed events with their offsets, before any step changes them;
//! 7. [`links::resolve_links`]: wikilinks and `[@source]` citations;
//! 8. [`links::autolink`]: mentions of glossary names become term links,
//!    each mention noted with the sentence around it;
//! 9. [`sidenotes`]: footnotes become margin notes, also listed at the end;
//! 10. pulldown-cmark's HTML writer.
//!
//! Rendering returns data ([`Rendered`]) and never touches shared state, so
//! pages render in parallel.

pub mod coverage;
pub mod links;
pub mod schemes;
mod transforms;

use pulldown_cmark::{BrokenLink, CowStr, Options, Parser};
use serde::Serialize;

use crate::config::RawHtml;
pub use links::{LinkReport, Linker};
pub use transforms::{alerts, escape_raw_html, headings, sidenotes};

/// How to render: the `[markdown]` settings of site.toml.
#[derive(Debug, Clone, Copy)]
pub struct MdOptions {
    pub smart_punctuation: bool,
    pub raw_html: RawHtml,
}

/// A heading of the page, for the table of contents and anchor checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The result of rendering one Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: LinkReport,
    /// The claims of a briefing body (empty for other pages).
    pub claims: Vec<coverage::Claim>,
}

/// The site's links as one page sees them.
#[derive(Debug, Clone, Copy)]
pub struct PageLinks<'a> {
    pub linker: &'a Linker,
    /// The glossary entry the page belongs to: it never links to itself.
    pub self_term: Option<usize>,
    /// Where the page's file is, for relative links.
    pub dir: links::PageDir,
}

/// pulldown-cmark's options for dossier's Markdown (step 1 above), shared
/// with the search index's plain text so both read the same syntax.
pub fn parser_options(smart_punctuation: bool) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// Renders Markdown `text` to HTML, resolving links when `links` is given.
pub fn render(text: &str, opts: &MdOptions, links: Option<PageLinks<'_>>) -> Rendered {
    let options = parser_options(opts.smart_punctuation);
    let cite = |link: BrokenLink<'_>| {
        links::citation_url(&link.reference).map(|url| (CowStr::from(url), CowStr::from("")))
    };
    let parser = Parser::new_with_broken_link_callback(text, options, Some(cite));
    let mut report = LinkReport::default();
    let mut claims = Vec::new();
    let spanned: Vec<_> = parser.into_offset_iter().collect();
    schemes::check(&spanned, &mut report);
    let mut events: Vec<_> = match links {
        Some(l) => {
            if l.dir == links::PageDir::Briefings {
                claims = coverage::claims(&spanned);
            }
            links::resolve_links(spanned, l.linker, l.dir, &mut report)
        }
        None => spanned.into_iter().map(|(e, _)| e).collect(),
    };
    if opts.raw_html == RawHtml::Escape {
        events = escape_raw_html(events);
    }
    let (events, headings) = headings(events);
    let mut events = alerts(events);
    if let Some(l) = links {
        events = links::autolink(
            links::merge_text(events),
            l.linker,
            l.self_term,
            &mut report,
        );
    }
    let events = sidenotes(events);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // A build holds every body until the pages are out: the string's
    // doubling would otherwise leave it about 70% larger than its text.
    html.shrink_to_fit();
    Rendered {
        html,
        headings,
        links: report,
        claims,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> Rendered {
        render(
            text,
            &MdOptions {
                smart_punctuation: true,
                raw_html: RawHtml::Allow,
            },
            None,
        )
    }

    #[test]
    fn tables_strikethrough_and_smart_quotes() {
        let r = md("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"new\"\n");
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert!(r.html.contains("\u{201c}new\u{201d}"), "{}", r.html);
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let opts = MdOptions {
            smart_punctuation: false,
            raw_html: RawHtml::Escape,
        };
        let r = render(
            "Hi <script>alert(1)</script>\n\n<div>x</div>\n",
            &opts,
            None,
        );
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<div>"), "{}", r.html);
    }
}
