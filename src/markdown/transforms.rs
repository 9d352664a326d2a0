//! The event-stream transforms of [`super::render`], each pure and tested on
//! its own.

use std::collections::HashSet;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::Heading;
use crate::content::slugify;

/// Turns raw HTML into text, which the writer escapes.
pub fn escape_raw_html(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    events
        .into_iter()
        .map(|e| match e {
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            other => other,
        })
        .collect()
}

/// Gives every heading an id and collects the headings.
///
/// An explicit `{#id}` wins; otherwise the id is made from the heading's
/// text. Ids are unique within the page (`-1`, `-2` are appended).
pub fn headings(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Vec<Heading>) {
    let mut out = Vec::with_capacity(events.len());
    let mut found = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut iter = events.into_iter();
    while let Some(event) = iter.next() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push(event);
            continue;
        };
        let mut inner = Vec::new();
        for e in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::Heading(_))) {
                break;
            }
            inner.push(e);
        }
        let text = plain_text(&inner);
        let base = match id {
            Some(id) => id.to_string(),
            None => {
                let s = slugify(&text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let mut unique = base.clone();
        let mut n = 0;
        while !used.insert(unique.clone()) {
            n += 1;
            unique = format!("{base}-{n}");
        }
        found.push(Heading {
            level: level as u8,
            id: unique.clone(),
            text,
        });
        out.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(unique)),
            classes,
            attrs,
        }));
        out.extend(inner);
        out.push(Event::End(TagEnd::Heading(level)));
    }
    (out, found)
}

/// The text of a run of inline events, without markup.
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Renders GFM alerts (`> [!NOTE]`) as callouts with a visible label.
pub fn alerts(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    events
        .into_iter()
        .map(|e| match e {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = alert_label(kind);
                Event::Html(CowStr::from(format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{label}</p>\n"
                )))
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::from("</aside>\n")),
            other => other,
        })
        .collect()
}

fn alert_label(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Moves footnote definitions into one notes section at the end of the body.
pub fn footnotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut body = Vec::with_capacity(events.len());
    let mut notes = Vec::new();
    let mut depth = 0usize;
    for e in events {
        match &e {
            Event::Start(Tag::FootnoteDefinition(_)) => {
                depth += 1;
                notes.push(e);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth -= 1;
                notes.push(e);
            }
            _ if depth > 0 => notes.push(e),
            _ => body.push(e),
        }
    }
    if !notes.is_empty() {
        body.push(Event::Html(CowStr::from(
            "<section class=\"footnotes\" aria-label=\"Notes\">\n",
        )));
        body.extend(notes);
        body.push(Event::Html(CowStr::from("</section>\n")));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn events(text: &str) -> Vec<Event<'_>> {
        Parser::new_ext(
            text,
            Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_GFM | Options::ENABLE_FOOTNOTES,
        )
        .collect()
    }

    fn html(events: Vec<Event<'_>>) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, events.into_iter());
        s
    }

    #[test]
    fn headings_get_unique_ids() {
        let (ev, hs) = headings(events(
            "## What *Russia* gets\n\n## What Russia gets\n\n## Custom {#mine}\n",
        ));
        let ids: Vec<&str> = hs.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["what-russia-gets", "what-russia-gets-1", "mine"]);
        assert_eq!(hs[0].text, "What Russia gets");
        assert!(html(ev).contains("<h2 id=\"what-russia-gets\">What <em>Russia</em> gets</h2>"));
    }

    #[test]
    fn alerts_become_callouts() {
        let out = html(alerts(events("> [!WARNING]\n> Check this.\n")));
        assert!(
            out.contains("<aside class=\"callout callout-warning\" role=\"note\">"),
            "{out}"
        );
        assert!(
            out.contains("<p class=\"callout-title\">Warning</p>"),
            "{out}"
        );
        assert!(out.contains("</aside>"), "{out}");
        assert!(!out.contains("blockquote"), "{out}");
    }

    #[test]
    fn plain_quotes_stay_blockquotes() {
        let out = html(alerts(events("> Just a quote.\n")));
        assert!(out.contains("<blockquote>"), "{out}");
    }

    #[test]
    fn footnotes_move_to_the_end() {
        let out = html(footnotes(events(
            "Text[^a].\n\n[^a]: The note.\n\nMore text.\n",
        )));
        let note = out.find("The note.").unwrap();
        let more = out.find("More text.").unwrap();
        assert!(more < note, "{out}");
        assert!(out.contains("<section class=\"footnotes\""), "{out}");
    }
}
