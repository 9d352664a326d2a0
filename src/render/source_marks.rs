//! The built-in partials write each source mark inline instead of
//! including `partials/source_mark.html` once per mark: an include (a new
//! interpreter state, three variables set) per mark cost about a twentieth
//! of a 10,000-briefing build, where entry pages carry some 80 marks each.
//! The partial stays for site templates. These tests hold the inline marks
//! to the partial's markup.

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;
    use tera::{Context, Value};

    use crate::diagnostics::Diagnostics;

    fn templates() -> tera::Tera {
        let mut diags = Diagnostics::default();
        let t = super::super::load_templates(Path::new("/no/site/here"), &mut diags)
            .expect("the built-in templates load");
        t.tera
    }

    /// Every `<a class="source-mark" …>…</a>` of a rendering, with the
    /// line break the partial ends with.
    fn marks(html: &str) -> Vec<String> {
        html.match_indices("<a class=\"source-mark\"")
            .map(|(at, _)| {
                let end = html[at..].find("</a>").expect("a closed mark") + at + "</a>".len();
                html[at..=end].to_string()
            })
            .collect()
    }

    fn sources() -> [serde_json::Value; 2] {
        [
            json!({"anchor": "src-1", "title": "Report <&> \"one\"", "publisher": "Wire",
                   "date": {"human": "1 May 2016", "iso": "2016-05-01"},
                   "url": "https://example.org/a?b=1&c=2"}),
            json!({"anchor": "src-2", "title": "Notes", "publisher": "Desk",
                   "date": null, "url": null}),
        ]
    }

    /// What the partial makes of one source, locator and base.
    fn partial(t: &tera::Tera, source: &serde_json::Value, locator: &str, base: &str) -> String {
        let mut ctx = Context::new();
        ctx.insert("mark_source", source);
        ctx.insert("mark_locator", locator);
        ctx.insert("mark_base", base);
        t.render("partials/source_mark.html", &ctx)
            .expect("the partial renders")
    }

    fn render(t: &tera::Tera, name: &str, ctx: &[(&'static str, serde_json::Value)]) -> String {
        let mut c = Context::new();
        for (k, v) in ctx {
            c.insert_value(*k, Value::from_serializable(v));
        }
        t.render(name, &c).expect("the partial renders")
    }

    #[test]
    fn inline_marks_are_the_partials_markup() {
        let t = templates();
        let briefing = json!({"url": "/briefings/b/", "title": "B"});
        for source in sources() {
            for locator in ["para. 4", ""] {
                for show_briefing in [true, false] {
                    let base = if show_briefing { "/briefings/b/" } else { "" };
                    let want = partial(&t, &source, locator, base);
                    let events = render(
                        &t,
                        "partials/events.html",
                        &[
                            (
                                "events",
                                json!([{"date": {"iso": "2016-05-01", "human": "1 May 2016"},
                                "title": "E", "source": source, "locator": locator,
                                "briefing": briefing, "involves": []}]),
                            ),
                            ("show_briefing", json!(show_briefing)),
                        ],
                    );
                    assert_eq!(
                        marks(&events),
                        std::slice::from_ref(&want),
                        "events: {events}"
                    );
                    let quotes = render(
                        &t,
                        "partials/quotes.html",
                        &[
                            (
                                "quotes",
                                json!([{"text": "Q", "by": {"url": "/g/x/", "title": "X"},
                                "briefing": briefing, "source": source, "locator": locator}]),
                            ),
                            ("show_briefing", json!(show_briefing)),
                        ],
                    );
                    assert_eq!(marks(&quotes), [want], "quotes: {quotes}");
                }
                let panel = render(
                    &t,
                    "partials/stakeholder_panel.html",
                    &[(
                        "page",
                        json!({"stance_counts": [], "stances": [{"stance": "supports",
                            "label": "Supports", "stakeholders": [{"entry": {"kind": "group",
                            "url": "/g/x/", "title": "X"}, "position": "P", "source": source,
                            "locator": locator}]}]}),
                    )],
                );
                assert_eq!(
                    marks(&panel),
                    [partial(&t, &source, locator, "")],
                    "{panel}"
                );
            }
        }
    }
}
