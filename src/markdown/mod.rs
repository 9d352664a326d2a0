//! Markdown to HTML: pulldown-cmark's event stream passed through a few
//! pure transforms, each of which takes events and returns events.
//!
//! The steps, in order:
//! 1. parse with CommonMark plus tables, strikethrough, footnotes, heading
//!    attributes, GFM alerts and (per site.toml) smart punctuation;
//! 2. [`escape_raw_html`] when `raw_html = "escape"`;
//! 3. [`headings`]: every heading gets an id (its own `{#id}` or one made
//!    from its text, unique in the page) and lands in the table of contents;
//! 4. [`alerts`]: `> [!NOTE]` and friends become annotation callouts;
//! 5. [`footnotes`]: definitions move to one notes section at the end;
//! 6. pulldown-cmark's HTML writer.
//!
//! Rendering returns data ([`Rendered`]) and never touches shared state, so
//! pages render in parallel.

mod transforms;

use pulldown_cmark::{Options, Parser};
use serde::Serialize;

use crate::config::RawHtml;
pub use transforms::{alerts, escape_raw_html, footnotes, headings};

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
}

/// Renders Markdown `text` to HTML.
pub fn render(text: &str, opts: &MdOptions) -> Rendered {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if opts.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<_> = Parser::new_ext(text, options).collect();
    if opts.raw_html == RawHtml::Escape {
        events = escape_raw_html(events);
    }
    let (events, headings) = headings(events);
    let events = footnotes(alerts(events));
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, headings }
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
        let r = render("Hi <script>alert(1)</script>\n\n<div>x</div>\n", &opts);
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"), "{}", r.html);
        assert!(!r.html.contains("<div>"), "{}", r.html);
    }
}
