//! Smart punctuation for text that does not pass through Markdown: titles,
//! summaries, positions, quotes and event titles from front matter.
//!
//! The Markdown body gets curly quotes and dashes from the parser when
//! `[markdown] smart_punctuation` is on; without this, the same page would
//! show straight quotes in its title and curly ones in its text. The rules
//! are the parser's: `--` en dash, `---` em dash, `...` ellipsis, and a
//! quote opens after a space or an opening bracket and closes otherwise.

use std::borrow::Cow;

/// `s` with typographic quotes, dashes and ellipses.
pub fn smarten(s: &str) -> Cow<'_, str> {
    // Most titles and summaries have nothing to change: they are passed
    // over with a vectorised search for the few bytes that can.
    let b = s.as_bytes();
    let quote_or_dashes = memchr::memchr3_iter(b'\'', b'"', b'-', b)
        .any(|i| b[i] != b'-' || b.get(i + 1) == Some(&b'-'));
    if !quote_or_dashes && !memchr::memchr_iter(b'.', b).any(|i| b[i..].starts_with(b"...")) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let (put, used) = if rest.starts_with("---") {
            ('—', 3)
        } else if rest.starts_with("--") {
            ('–', 2)
        } else if rest.starts_with("...") {
            ('…', 3)
        } else if c == '"' {
            (if opens(prev) { '“' } else { '”' }, 1)
        } else if c == '\'' {
            (if opens(prev) { '‘' } else { '’' }, 1)
        } else {
            (c, c.len_utf8())
        };
        out.push(put);
        prev = Some(put);
        rest = &rest[used..];
    }
    Cow::Owned(out)
}

/// Whether a quote after `prev` opens a quotation.
fn opens(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) => p.is_whitespace() || "([{-–—/“‘".contains(p),
    }
}

#[cfg(test)]
mod tests {
    use super::smarten;

    #[test]
    fn quotes_dashes_and_ellipses() {
        assert_eq!(
            smarten(r#"Kerry: "we'll make 'genuine' progress..." -- or not --- maybe"#),
            "Kerry: “we’ll make ‘genuine’ progress…” – or not — maybe"
        );
        assert_eq!(smarten("(\"quoted\")"), "(“quoted”)");
        assert_eq!(smarten("Hay'at Tahrir al-Sham"), "Hay’at Tahrir al-Sham");
    }

    #[test]
    fn plain_text_is_not_copied() {
        for plain in [
            "Nusra Front",
            "al-Sham",
            "U.S. policy.. and more",
            "-",
            "a.b.",
        ] {
            assert!(
                matches!(smarten(plain), std::borrow::Cow::Borrowed(_)),
                "{plain}"
            );
        }
        assert_eq!(smarten("end--"), "end–");
        assert_eq!(smarten("wait..."), "wait…");
        assert_eq!(smarten("x-\"y\""), "x-“y”");
    }
}
