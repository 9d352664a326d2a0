//! The one place dossier touches a YAML library.
//!
//! Front matter is parsed with serde-saphyr: it rejects a duplicated key with
//! its line and column (serde_yaml silently let the last one win, and is
//! archived), and it contains no unsafe code. Everything YAML-specific, from
//! the error type to the located-value wrapper, stays behind this module so
//! the library could be swapped without touching the content model.

use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, DeserializeOwned, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::yaml_tree::{self, Node, Value};
use crate::diagnostics::{Diagnostic, Pos};
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
        struct LocatedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for LocatedVisitor<T> {
            type Value = Located<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Located<T>, A::Error> {
                let missing = || de::Error::custom("a located value without its place");
                let line: u64 = seq.next_element()?.ok_or_else(missing)?;
                let col: u64 = seq.next_element()?.ok_or_else(missing)?;
                let value: T = seq.next_element()?.ok_or_else(missing)?;
                Ok(Located::new(value, Pos::new(line as usize, col as usize)))
            }
        }
        d.deserialize_newtype_struct(yaml_tree::LOCATED, LocatedVisitor(PhantomData))
    }
}

/// Parses front matter. `text` runs from the start of the file to the end of
/// the front matter, opening `---` included (YAML reads it as the document
/// start), so the lines and columns YAML reports are those of the file.
///
/// Every problem of the front matter is returned, not the first: the YAML
/// is read into a tree of positioned nodes, and the typed front matter is
/// read from the tree, leaving out each bad value and reading again (see
/// [`yaml_tree`]). A YAML syntax error stops the reading of the file.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, Vec<Diagnostic>> {
    // The usual form line by line, else through the parser's events, else
    // (anchors, tags, numbers, syntax errors) through serde-saphyr.
    let tree = match yaml_tree::read_lines(text).or_else(|| yaml_tree::read_events(text)) {
        Some(tree) => Ok(tree),
        None => {
            let options = serde_saphyr::options! { with_snippet: false };
            serde_saphyr::from_str_with_options::<Node>(text, options)
        }
    };
    let tree = match tree {
        Ok(t) => t,
        Err(e) if is_empty_document(&e) => return Err(vec![empty(path)]),
        Err(e) => return Err(vec![syntax_diagnostic(text, path, e.without_snippet())]),
    };
    match &tree.value {
        Value::Null => return Err(vec![empty(path)]),
        Value::Map(_) => {}
        _ => {
            return Err(vec![
                Diagnostic::error(path, "the front matter must be `key: value` lines")
                    .at(tree.pos)
                    .help(
                        "write one `key: value` per line between the `---` lines, e.g. `title: …`",
                    ),
            ]);
        }
    }
    yaml_tree::read::<T>(&tree, text).map_err(|problems| {
        problems
            .into_iter()
            .map(|p| {
                // A problem of the whole front matter belongs to its first line.
                let pos = p.pos.filter(|p| p.line > 0).unwrap_or(Pos::new(1, 1));
                let len = p.len.unwrap_or_else(|| rest_of_line(text, pos));
                Diagnostic::error(path, p.message)
                    .at(pos)
                    .spanning(len)
                    .maybe_help(p.help)
            })
            .collect()
    })
}

fn empty(path: &Path) -> Diagnostic {
    Diagnostic::error(path, "the front matter is empty")
        .at(Pos::new(1, 1))
        .help("write the keys between the two `---` lines, starting with `title: …`")
}

/// Whether saphyr's error only says the document holds nothing.
fn is_empty_document(e: &serde_saphyr::Error) -> bool {
    matches!(e.without_snippet(), serde_saphyr::Error::Eof { .. })
        || e.to_string().contains("expected mapping start")
}

/// How many characters from `pos` to the end of its line (at least 1).
fn rest_of_line(text: &str, pos: Pos) -> usize {
    text.lines()
        .nth(pos.line.saturating_sub(1))
        .map(|l| l.chars().count().saturating_sub(pos.col.saturating_sub(1)))
        .unwrap_or(1)
}

/// A YAML syntax or limit error, with its place.
fn syntax_diagnostic(text: &str, path: &Path, e: &serde_saphyr::Error) -> Diagnostic {
    let (message, help) = describe(e);
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line() as usize, (l.column() as usize).max(1)))
        .unwrap_or(Pos::new(1, 1));
    Diagnostic::error(path, message)
        .at(pos)
        .spanning(rest_of_line(text, pos))
        .maybe_help(help)
}

/// A message and a suggestion for a YAML error, in our words where the
/// library's would confuse an analyst.
fn describe(e: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    match e {
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
            Some("each key may appear once; remove one of them".to_string()),
        ),
        E::Budget { breach, .. } => {
            let what = format!("{breach:?}");
            let message = if what.starts_with("ScalarBytes") || what.starts_with("InputBytes") {
                "a value here is longer than front matter may hold"
            } else if what.starts_with("Depth") || what.starts_with("InclusionDepth") {
                "the front matter is nested too deeply"
            } else if what.starts_with("Alias") || what.starts_with("Anchor") {
                "the front matter repeats itself too much through anchors and aliases"
            } else {
                "the front matter is larger than dossier reads"
            };
            (
                message.to_string(),
                Some("front matter holds short facts; put long text in the body".to_string()),
            )
        }
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
        parse(text, Path::new("a.md")).map_err(|mut ds| ds.remove(0))
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
    fn limits_are_explained_without_library_words() {
        let deep = format!("---\ntitle: {}{}\n", "[".repeat(5000), "]".repeat(5000));
        let err = parse_doc(&deep).unwrap_err();
        assert!(!err.message.contains("budget"), "{err:?}");
        assert!(!err.message.contains("Breach"), "{err:?}");
    }

    #[test]
    fn malformed_yaml_is_reported() {
        let err = parse_doc("---\ntitle: [unclosed\n").unwrap_err();
        assert!(err.pos.is_some(), "{err:?}");
    }
}
