//! A Markdown body as the plain text a reader sees, for the index and for
//! result excerpts.
//!
//! The text comes from the Markdown source, not from rendered pages, so it
//! has no navigation, panels or citation numbers in it: wikilinks give their
//! shown text, `[@source]` citations and footnote marks vanish, raw HTML
//! is left out, and blocks are separated by a space so words never run
//! together.

use pulldown_cmark::{BrokenLink, CowStr, Event, Parser, Tag, TagEnd};

use crate::markdown::links::{CITE_PREFIX, citation_url};
use crate::markdown::parser_options;

/// The readable text of Markdown `body`, whitespace collapsed.
pub fn plain_text(body: &str, smart_punctuation: bool) -> String {
    // Citations become links, as when rendering, so their text is skipped.
    let cite = |link: BrokenLink<'_>| {
        citation_url(&link.reference).map(|url| (CowStr::from(url), CowStr::from("")))
    };
    let mut out = String::with_capacity(body.len());
    // Inside how many citation links: their text is a source id.
    let mut in_cite = 0usize;
    let mut after_cite = false;
    let options = parser_options(smart_punctuation);
    for event in Parser::new_with_broken_link_callback(body, options, Some(cite)) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(CITE_PREFIX) => {
                in_cite += 1
            }
            Event::End(TagEnd::Link) if in_cite > 0 => {
                in_cite -= 1;
                // "in Moscow [@ap]." reads "in Moscow." without the mark.
                while out.ends_with(' ') {
                    out.pop();
                }
                space(&mut out);
                after_cite = true;
            }
            Event::Text(t) | Event::Code(t) if in_cite == 0 => {
                if std::mem::take(&mut after_cite) && t.starts_with(|c: char| ".,;:!?)".contains(c))
                {
                    out.pop();
                }
                push_words(&mut out, &t);
            }
            Event::SoftBreak | Event::HardBreak => space(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            ) => space(&mut out),
            _ => {}
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends `text` with every run of whitespace as one space.
fn push_words(out: &mut String, text: &str) {
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 {
            space(out);
        }
        out.push_str(word);
    }
}

fn space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn keeps_what_readers_see() {
        let md = "# Talks\n\nKerry met [[vladimir-putin|Putin]] in *Moscow* [@ap-1, para. 3].\n\n- one\n- two[^n]\n\n[^n]: A note.\n\n<div>raw</div>\n\n```\ncode\n```\n";
        assert_eq!(
            plain_text(md, false),
            "Talks Kerry met Putin in Moscow. one two A note. code"
        );
    }

    #[test]
    fn smart_punctuation_is_applied_when_asked() {
        assert_eq!(plain_text("\"It's\"", true), "\u{201c}It\u{2019}s\u{201d}");
        assert_eq!(plain_text("\"It's\"", false), "\"It's\"");
    }
}
