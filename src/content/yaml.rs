//! The one place dossier touches a YAML library.
//!
//! Front matter is parsed with serde-saphyr: it rejects a duplicated key with
//! its line and column (serde_yaml silently let the last one win, and is
//! archived), and it contains no unsafe code. Everything YAML-specific, from
//! the error type to the located-value wrapper, stays behind this module so
//! the library could be swapped without touching the content model.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::serde_errors;

/// A value together with where it was written in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let loc = spanned.referenced;
        Ok(Located {
            value: spanned.value,
            pos: Pos::new(loc.line() as usize, loc.column() as usize),
        })
    }
}

/// Parses front matter. `text` runs from the start of the file to the end of
/// the front matter, opening `---` included (YAML reads it as the document
/// start), so the lines and columns YAML reports are those of the file.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, Diagnostic> {
    let options = serde_saphyr::options! { with_snippet: false };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let inner = e.without_snippet();
        let (message, help) = describe(inner);
        let key_len = match inner {
            serde_saphyr::Error::SerdeUnknownField { field, .. } => Some(field.chars().count()),
            _ => None,
        };
        let pos = inner
            .location()
            .filter(|l| l.line() > 0)
            .map(|l| Pos::new(l.line() as usize, (l.column() as usize).max(1)))
            // A missing key belongs to the whole front matter: its first line.
            .unwrap_or(Pos::new(1, 1));
        let len = key_len.unwrap_or_else(|| {
            text.lines()
                .nth(pos.line - 1)
                .map(|l| l.chars().count().saturating_sub(pos.col - 1))
                .unwrap_or(1)
        });
        Diagnostic::error(path, message)
            .at(pos)
            .spanning(len)
            .maybe_help(help)
    })
}

/// A message and a suggestion for a YAML error, in our words where the
/// library's would confuse an analyst.
fn describe(e: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    match e {
        E::SerdeUnknownField {
            field, expected, ..
        } => (
            format!("unknown key `{field}`"),
            Some(
                did_you_mean(field, expected.iter().copied())
                    .unwrap_or_else(|| format!("allowed keys here: {}", expected.join(", "))),
            ),
        ),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!("unknown value `{variant}`"),
            Some(
                did_you_mean(variant, expected.iter().copied())
                    .unwrap_or_else(|| format!("expected one of: {}", expected.join(", "))),
            ),
        ),
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
            Some("each key may appear once; remove one of them".to_string()),
        ),
        other => {
            let message = strip_location(&other.to_string());
            let help = serde_errors::suggestion(&message);
            (serde_errors::headline(&message), help)
        }
    }
}

/// serde-saphyr appends " at line L, column C"; we report places ourselves.
fn strip_location(message: &str) -> String {
    let first = message.lines().next().unwrap_or(message).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        title: String,
        #[serde(default)]
        tags: Vec<Located<String>>,
    }

    fn parse_doc(text: &str) -> Result<Doc, Diagnostic> {
        parse(text, Path::new("a.md"))
    }

    #[test]
    fn located_values_carry_file_positions() {
        let doc = parse_doc("---\ntitle: x\ntags:\n  - one\n  - two\n").unwrap();
        assert_eq!(doc.tags[1].value, "two");
        assert_eq!(doc.tags[1].pos, Pos::new(5, 5));
    }

    #[test]
    fn duplicate_key_is_an_error_with_place() {
        let err = parse_doc("---\ntitle: x\ntitle: y\n").unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(3), "{err:?}");
        assert_eq!(err.message, "duplicate key `title`");
    }

    #[test]
    fn unknown_key_has_place_and_suggestion() {
        let err = parse_doc("---\ntitle: x\ntagz: [a]\n").unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(3), "{err:?}");
        assert!(err.message.contains("unknown key `tagz`"), "{err:?}");
        assert_eq!(err.help.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn missing_key_points_at_first_line() {
        let err = parse_doc("---\ntags: [a]\n").unwrap_err();
        assert!(err.message.contains("missing field `title`"), "{err:?}");
        assert!(err.pos.is_some());
    }

    #[test]
    fn malformed_yaml_is_reported() {
        let err = parse_doc("---\ntitle: [unclosed\n").unwrap_err();
        assert!(err.pos.is_some(), "{err:?}");
    }
}
