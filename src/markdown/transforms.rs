//! The event-stream transforms of [`super::render`], each pure and tested on
//! its own.

use ahash::{AHashMap as HashMap, AHashSet as HashSet};

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::Heading;
use super::links::push_count;
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
    // The next suffix to try for each base: every smaller one is taken, so
    // a page of many equal headings stays linear.
    let mut next: HashMap<String, usize> = HashMap::new();
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
        let n = next.entry(base.clone()).or_insert(0);
        while !used.insert(unique.clone()) {
            *n += 1;
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

/// Footnotes as sidenotes: each reference carries its note, shown in the
/// margin on wide screens and opened by tapping the number on narrow ones
/// (a CSS checkbox toggle, so it works without JavaScript). The notes are
/// also listed at the end, with links back to their references, for print
/// and for readers who skim.
pub fn sidenotes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    // Most bodies have no notes: they pass as they are, not copied twice.
    if !events.iter().any(|e| {
        matches!(
            e,
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
        )
    }) {
        return events;
    }
    let mut body = Vec::with_capacity(events.len());
    let mut defs: HashMap<String, Vec<Event<'_>>> = HashMap::new();
    let mut current: Option<(String, Vec<Event<'_>>)> = None;
    for e in events {
        match e {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                current = Some((name.to_string(), Vec::new()))
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, inner)) = current.take() {
                    defs.entry(name).or_insert(inner);
                }
            }
            other => match &mut current {
                Some((_, inner)) => inner.push(other),
                None => body.push(other),
            },
        }
    }
    // Notes in order of first reference, and each one's number.
    let mut order: Vec<String> = Vec::new();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    // Room for the notes section too, so the body is not copied to grow.
    let notes: usize = defs.values().map(|d| d.len() + 2).sum();
    let mut out = Vec::with_capacity(body.len() + notes + 3);
    for e in body {
        let Event::FootnoteReference(name) = &e else {
            out.push(e);
            continue;
        };
        let Some(inner) = defs.get(name.as_ref()) else {
            out.push(Event::Text(format!("[^{name}]").into()));
            continue;
        };
        let first = !numbers.contains_key(name.as_ref());
        if first {
            order.push(name.to_string());
            numbers.insert(name.to_string(), order.len());
        }
        let n = numbers[name.as_ref()];
        let id = note_id(name);
        let mut note = String::new();
        pulldown_cmark::html::push_html(&mut note, inner.iter().cloned());
        let note = inline_note(&note);
        // Pieced together, not formatted: notes are many on a large site.
        let mut num = String::new();
        push_count(&mut num, n);
        let mut html = String::with_capacity(330 + 3 * id.len() + note.len());
        html.push_str("<span class=\"sidenote-wrap\"><label for=\"sn-");
        for piece in [&id, "-", &num, "\" class=\"sidenote-ref\""] {
            html.push_str(piece);
        }
        if first {
            for piece in [" id=\"fnref-", &id, "\""] {
                html.push_str(piece);
            }
        }
        for piece in [
            ">",
            &num,
            "</label><input type=\"checkbox\" id=\"sn-",
            &id,
            "-",
            &num,
            "\" class=\"sidenote-toggle\" aria-label=\"Show note ",
            &num,
            "\"><span class=\"sidenote\" role=\"note\"><span class=\"sidenote-number\">",
            &num,
            "</span> ",
            &note,
            "</span></span>",
        ] {
            html.push_str(piece);
        }
        out.push(Event::InlineHtml(html.into()));
    }
    if !order.is_empty() {
        out.push(Event::Html(
            "<section class=\"footnotes\" aria-label=\"Notes\">\n<h2 class=\"notes-heading\">Notes</h2>\n<ol>\n".into(),
        ));
        for (i, name) in order.iter().enumerate() {
            let id = note_id(name);
            out.push(Event::Html(format!("<li id=\"fn-{id}\">\n").into()));
            out.extend(defs.remove(name).unwrap_or_default());
            out.push(Event::Html(
                format!(
                    "<a class=\"footnote-back\" href=\"#fnref-{id}\" aria-label=\"Back to reference {}\">↩</a>\n</li>\n",
                    i + 1
                )
                .into(),
            ));
        }
        out.push(Event::Html("</ol>\n</section>\n".into()));
    }
    out
}

/// A footnote name made safe for an id.
fn note_id(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "note".to_string() } else { s }
}

/// A note's HTML made fit for inside a sentence: paragraphs become line
/// breaks, and ids are dropped (the notes list at the end keeps them).
fn inline_note(html: &str) -> String {
    html.trim()
        .trim_start_matches("<p>")
        .trim_end_matches("</p>")
        .replace("</p>\n<p>", "<br>")
        .replace(" id=\"", " data-id=\"")
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
    fn footnotes_become_sidenotes_and_end_notes() {
        let out = html(sidenotes(events(
            "Text[^a] and again[^a].\n\n[^a]: The *note*.\n\nMore text.\n",
        )));
        let side = out.find("<span class=\"sidenote\" role=\"note\"><span class=\"sidenote-number\">1</span> The <em>note</em>.</span>");
        assert!(side.is_some(), "{out}");
        assert!(side.unwrap() < out.find("More text.").unwrap(), "{out}");
        assert!(
            out.contains("<label for=\"sn-a-1\" class=\"sidenote-ref\" id=\"fnref-a\">1</label>"),
            "{out}"
        );
        assert_eq!(out.matches("id=\"fnref-a\"").count(), 1, "{out}");
        assert!(out.contains("<li id=\"fn-a\">"), "{out}");
        assert!(out.contains("href=\"#fnref-a\""), "{out}");
    }

    #[test]
    fn notes_are_numbered_by_first_reference() {
        let out = html(sidenotes(events("A[^z] B[^y].\n\n[^y]: Y.\n[^z]: Z.\n")));
        let z = out
            .find("<span class=\"sidenote-number\">1</span> Z.")
            .unwrap();
        let y = out
            .find("<span class=\"sidenote-number\">2</span> Y.")
            .unwrap();
        assert!(z < y, "{out}");
    }
}
