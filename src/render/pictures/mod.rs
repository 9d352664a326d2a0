//! Pictures drawn at build time as inline SVG: the timeline to scale and an
//! entry's neighbourhood graph.
//!
//! They are plain markup, so they need no JavaScript, print like text and
//! take their colours from the page's stylesheet (classes, `currentColor`),
//! which is what keeps them readable in dark mode. Every text that comes from
//! front matter is escaped here, every number is printed with a fixed
//! precision so the same input gives the same bytes, and each picture caps
//! how much it draws and says so, so no page grows without bound.

mod neighbours;
mod timeline;

pub use neighbours::{MAX_NEIGHBOURS, Neighbour, neighbourhood};
pub use timeline::{Mark, timeline};

/// Escapes text for SVG element content and double-quoted attributes: the
/// same five characters as for HTML attributes.
pub fn esc(s: &str) -> String {
    crate::markdown::links::escape_attr(s)
}

/// A label cut to `max` characters with an ellipsis, so a long name cannot
/// run out of the picture.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// A coordinate with one decimal, the same on every machine.
fn n(x: f64) -> String {
    // Never "-0".
    let x = if x.abs() < 0.05 { 0.0 } else { x };
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>"a" & 'b'"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
    }

    #[test]
    fn clips_long_labels() {
        assert_eq!(clip("Short", 10), "Short");
        assert_eq!(clip("Hay'at Tahrir al-Sham", 10), "Hay'at Ta…");
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(2.345), "2.3");
        assert_eq!(n(-0.04), "0");
    }
}
