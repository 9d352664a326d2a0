//! Refuses Markdown links and images whose URL would run script.
//!
//! A briefing site is read by people who trust it, so a link that runs code
//! when clicked (`javascript:`, `vbscript:`) or smuggles a document in
//! (`data:`) is an error, whatever `raw_html` says: raw HTML the author
//! opted into stays theirs, but Markdown links are dossier's to write.
//! Images may use `data:image/…`, which browsers only ever show as a picture.
//!
//! The scheme is read the way a browser reads it: leading spaces and
//! control characters dropped, tabs and newlines anywhere removed, letters
//! case-folded, so `" JaVaScRiPt:"` and `"java\tscript:"` are caught too.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

use super::links::{LinkReport, Problem};

/// Schemes no Markdown link or image may use.
const REFUSED: [&str; 3] = ["javascript", "vbscript", "data"];

/// The scheme of `url` as a browser sees it, lowercased; `None` for a
/// relative URL.
pub fn scheme_of(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_ok && rest_ok).then(|| scheme.to_ascii_lowercase())
}

/// Why `url` may not be used by a link (`image` false) or an image, if it
/// may not.
pub fn refusal(url: &str, image: bool) -> Option<String> {
    let scheme = scheme_of(url)?;
    if !REFUSED.contains(&scheme.as_str()) {
        return None;
    }
    if image && scheme == "data" {
        let after = url.split_once(':').map_or("", |(_, rest)| rest);
        let media: String = after
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .take(6)
            .collect();
        if media.eq_ignore_ascii_case("image/") {
            return None;
        }
    }
    Some(scheme)
}

/// Records a problem for every link or image in `events` (with their byte
/// spans in the body) whose URL uses a refused scheme.
pub fn check(events: &[(Event<'_>, Range<usize>)], report: &mut LinkReport) {
    for (event, span) in events {
        let (url, image) = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) if !matches!(link_type, LinkType::WikiLink { .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        if let Some(scheme) = refusal(url, image) {
            let what = if image { "an image" } else { "a link" };
            let help = if image {
                "link to an http(s) address or a file in assets/; only `data:image/…` is allowed inline"
            } else {
                "link to an http(s) address or a page of the site"
            };
            report.problems.push(Problem {
                span: span.clone(),
                message: format!("{what} may not use the `{scheme}:` scheme: it could run script in the reader's browser"),
                help: Some(help.to_string()),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(
            scheme_of(" JaVaScRiPt:alert(1)").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("java\tscript:x").as_deref(), Some("javascript"));
        assert_eq!(
            scheme_of("\u{1}\u{0}javascript:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme_of("java\nscript:x").as_deref(), Some("javascript"));
        assert_eq!(scheme_of("https://x.org/").as_deref(), Some("https"));
        assert_eq!(scheme_of("../glossary/x/"), None);
        assert_eq!(scheme_of("/a:b"), None);
        assert_eq!(scheme_of("#a:b"), None);
    }

    #[test]
    fn refused_schemes() {
        assert!(refusal("javascript:alert(1)", false).is_some());
        assert!(refusal("VBScript:x", false).is_some());
        assert!(refusal("data:text/html,<script>", false).is_some());
        assert!(refusal("data:text/html,<script>", true).is_some());
        assert!(refusal("data:image/png;base64,AAAA", true).is_none());
        assert!(refusal("data: IMAGE/svg+xml,x", true).is_none());
        assert!(refusal("data:image/png;base64,AAAA", false).is_some());
        assert!(refusal("https://example.org/javascript:x", false).is_none());
        assert!(refusal("mailto:a@b.org", false).is_none());
    }
}
