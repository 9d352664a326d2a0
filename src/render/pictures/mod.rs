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

/// A label cut to `max` characters with an ellipsis, so a long name cannot
/// run out of the picture.
fn clip(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    // Most labels are short: counted no further than needed, and lent.
    if s.chars().nth(max).is_none() {
        return s.into();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out.into()
}

/// A coordinate with one decimal, the same on every machine: what `{:.1}`
/// prints, without a trailing ".0" and never "-0". Printed where it is
/// used, with nothing allocated: a large site prints half a million.
fn n(x: f64) -> Num {
    Num(if x.abs() < 0.05 { 0.0 } else { x })
}

#[derive(Clone, Copy)]
struct Num(f64);

impl Num {
    fn write(self, f: &mut impl std::fmt::Write) -> std::fmt::Result {
        let x = self.0;
        let tenths = x * 10.0;
        let fraction = (tenths - tenths.trunc()).abs();
        // The common case without float formatting (a tenth of a picture's
        // cost): far from a tie, rounding the tenths is what `{:.1}` prints.
        // Near one, or out of range, the formatter decides exactly.
        if tenths.abs() < 1e15 && (fraction - 0.5).abs() > 1e-6 {
            let t = tenths.round() as i64;
            if t < 0 {
                f.write_str("-")?;
            }
            crate::date::write_digits(f, t.unsigned_abs() / 10)?;
            let tenth = t.unsigned_abs() % 10;
            if tenth != 0 {
                f.write_str(".")?;
                crate::date::write_digits(f, tenth)?;
            }
            return Ok(());
        }
        let s = format!("{x:.1}");
        f.write_str(s.strip_suffix(".0").unwrap_or(&s))
    }
}

/// Markup appended piece by piece: a picture is mostly short strings and
/// numbers, and pieced together it costs a fraction of `write!` (a large
/// site draws some 200,000 marks and 1,500 neighbourhoods).
struct Svg<'a>(&'a mut String);

impl Svg<'_> {
    /// Markup as it is.
    fn s(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// A coordinate, as [`n`] prints it.
    fn n(&mut self, x: f64) -> &mut Self {
        // Writing to a `String` cannot fail.
        let _ = n(x).write(self.0);
        self
    }

    /// A count.
    fn u(&mut self, count: usize) -> &mut Self {
        crate::markdown::links::push_count(self.0, count);
        self
    }

    /// Text, escaped for SVG element content and double-quoted attributes:
    /// the same five characters as for HTML attributes.
    fn e(&mut self, text: &str) -> &mut Self {
        crate::markdown::links::push_escaped_attr(self.0, text);
        self
    }

    /// Text cut to `max` characters, escaped.
    fn clipped(&mut self, text: &str, max: usize) -> &mut Self {
        self.e(&clip(text, max))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a picture prints for `x`.
    fn shown(x: f64) -> String {
        let mut s = String::new();
        Svg(&mut s).n(x);
        s
    }

    fn esc(text: &str) -> String {
        let mut s = String::new();
        Svg(&mut s).e(text);
        s
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<script>"a" & 'b'"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;"
        );
        assert_eq!(esc("Hay’at “Ṭaḥrīr” & Co"), "Hay’at “Ṭaḥrīr” &amp; Co");
        assert_eq!(esc("<"), "&lt;");
        assert_eq!(esc("plain"), "plain");
    }

    #[test]
    fn numbers_print_as_the_formatter_does() {
        let exact = |x: f64| {
            let x = if x.abs() < 0.05 { 0.0 } else { x };
            let s = format!("{x:.1}");
            s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
        };
        let mut x = -1000.0;
        while x < 1000.0 {
            for v in [x, x + 0.05, x - 0.05, x * 1.000_000_1] {
                assert_eq!(shown(v), exact(v), "{v}");
            }
            x += 0.0137;
        }
        for v in [
            0.0,
            -0.0,
            0.049,
            -0.049,
            0.25,
            0.35,
            -0.25,
            2.45,
            1e20,
            f64::NAN,
        ] {
            assert_eq!(shown(v), exact(v), "{v}");
        }
        assert_eq!(shown(-0.04), "0");
        assert_eq!(shown(12.0), "12");
        assert_eq!(shown(-3.26), "-3.3");
    }

    #[test]
    fn clips_long_labels() {
        assert_eq!(clip("Short", 10), "Short");
        assert_eq!(clip("Hay'at Tahrir al-Sham", 10), "Hay'at Ta…");
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(shown(1.0), "1");
        assert_eq!(shown(2.345), "2.3");
        assert_eq!(shown(-0.04), "0");
    }
}
