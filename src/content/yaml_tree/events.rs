//! The tree read straight from the YAML parser's events, for the front
//! matter nearly every file has.
//!
//! serde-saphyr reads the tree through serde, and each node then costs a
//! synthesized map (the value and two places) plus a round through its
//! typeless scalar rules: about a sixth of a large build. Plain front matter
//! (keys, text, dates, lists and maps of them) needs none of that, so it is
//! read here from the parser's events. Anything this reader does not decide
//! exactly as serde-saphyr would (anchors, aliases, tags, a `<<` merge key,
//! a repeated key, more than one document, a value that could be a number,
//! a syntax error, a tree past this reader's limits) makes it return `None`,
//! and the caller reads the file through serde-saphyr. A test holds the two
//! readers to the same tree on every front matter in the repository.

use granit_parser::{Event, Parser, ScalarStyle, Span};

use super::{Node, Value};
use crate::diagnostics::Pos;

/// Deeper than this is left to serde-saphyr, which enforces its own limit.
const MAX_DEPTH: usize = 32;
/// More nodes than this are left to serde-saphyr, which counts them.
const MAX_NODES: usize = 10_000;

/// Reads front matter into a tree, or `None` where serde-saphyr must.
pub(in crate::content) fn read(text: &str) -> Option<Node> {
    let mut options = granit_parser::Options::default();
    options.emit_comments = false;
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.ok()?;
        let node = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let is_key = matches!(stack.last(), Some(Open::Map { key: None, .. }));
                if is_key && style == ScalarStyle::Plain && value == "<<" {
                    return None;
                }
                let value = match style {
                    ScalarStyle::Plain => plain(&value)?,
                    _ => Value::Str(value.into_owned()),
                };
                node(value, &span)
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                let at = node(Value::Null, &span);
                stack.push(match event {
                    Event::SequenceStart(..) => Open::Seq {
                        at,
                        items: Vec::new(),
                    },
                    _ => Open::Map {
                        at,
                        entries: Vec::new(),
                        key: None,
                    },
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop()?.close()?,
            // Aliases, and anything a later parser version adds.
            _ => return None,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return None;
        }
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(open) => open.add(node),
        }
    }
    if !stack.is_empty() {
        return None;
    }
    // An empty document is left to serde-saphyr, which says so.
    root.filter(|r| !matches!(r.value, Value::Null))
}

/// A list or map whose end has not been read yet.
enum Open {
    Seq {
        at: Node,
        items: Vec<Node>,
    },
    Map {
        at: Node,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

impl Open {
    fn add(&mut self, node: Node) {
        match self {
            Open::Seq { items, .. } => items.push(node),
            Open::Map { entries, key, .. } => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    /// The finished node; `None` for a key that is not text or is repeated.
    fn close(self) -> Option<Node> {
        match self {
            Open::Seq { mut at, items } => {
                at.value = Value::Seq(items);
                Some(at)
            }
            Open::Map {
                mut at,
                entries,
                key,
            } => {
                if key.is_some() {
                    return None;
                }
                at.value = map_of(entries)?;
                Some(at)
            }
        }
    }
}

/// A map of `entries`, or `None` when a key is not text or is repeated
/// (serde-saphyr decides those, and words the error).
pub(super) fn map_of(entries: Vec<(Node, Node)>) -> Option<Value> {
    let mut names: Vec<&str> = Vec::with_capacity(entries.len());
    for (k, _) in &entries {
        match &k.value {
            Value::Str(s) => names.push(s),
            _ => return None,
        }
    }
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    Some(Value::Map(entries))
}

/// A node at the start of `span`, placed as serde-saphyr places it.
fn node(value: Value, span: &Span) -> Node {
    let start = &span.start;
    node_at(
        value,
        start.line(),
        start.col(),
        start
            .byte_offset()
            .zip(span.end.byte_offset())
            .map(|(s, e)| (s, e.saturating_sub(s))),
    )
}

/// A node at 1-based `line` and 0-based character column `col`, with its
/// bytes in the source (start, length) where they are known.
pub(super) fn node_at(value: Value, line: usize, col: usize, span: Option<(usize, usize)>) -> Node {
    Node {
        value,
        pos: Pos::new(line, (col + 1).max(1)),
        span,
    }
}

/// A plain scalar as serde-saphyr's typeless rules read it (YAML 1.2 core
/// schema, YAML 1.1 booleans), or `None` when it could be a number other
/// than a whole one written plainly.
pub(super) fn plain(s: &str) -> Option<Value> {
    if s.starts_with([' ', '\t', '\r', '\n']) || s.ends_with([' ', '\t', '\r', '\n']) {
        return None;
    }
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    if ["true", "yes", "y", "on"]
        .iter()
        .any(|b| s.eq_ignore_ascii_case(b))
    {
        return Some(Value::Bool(true));
    }
    if ["false", "no", "n", "off"]
        .iter()
        .any(|b| s.eq_ignore_ascii_case(b))
    {
        return Some(Value::Bool(false));
    }
    if !could_be_number(s) || is_date(s) {
        return Some(Value::Str(s.to_string()));
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, s),
    };
    let whole = digits == "0"
        || (digits.len() <= 18
            && digits.starts_with(|c: char| matches!(c, '1'..='9'))
            && digits.bytes().all(|b| b.is_ascii_digit()));
    if !whole || (negative && digits == "0") {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    Some(if negative {
        Value::Int(-(n as i64))
    } else {
        Value::UInt(n)
    })
}

/// Whether a number parser might read `s`: after an optional sign it starts
/// with a digit or a dot (`1e3`, `0x1F`, `.5`, `.inf`) and holds nothing a
/// number is not written with. Words such as `inf` or `NaN` are read as
/// numbers only to be refused as not finite, and stay text.
fn could_be_number(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'_'))
}

/// `YYYY-MM-DD`, which no number parser reads: a sign inside the digits.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use super::*;

    /// The tree serde-saphyr reads, for comparison.
    fn through_serde(text: &str) -> Option<Node> {
        let options = serde_saphyr::options! { with_snippet: false };
        serde_saphyr::from_str_with_options::<Node>(text, options).ok()
    }

    /// Both readers agree wherever the event reader answers.
    fn agrees(text: &str) -> bool {
        match read(text) {
            Some(fast) => {
                let slow = through_serde(text);
                assert_eq!(
                    format!("{:?}", Some(&fast)),
                    format!("{:?}", slow.as_ref()),
                    "the two readers differ on:\n{text}"
                );
                true
            }
            None => false,
        }
    }

    /// Every front matter in the repository (the site and the fixtures).
    pub(in crate::content::yaml_tree) fn front_matters() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        front_matters_in(&[root.join("content"), root.join("tests/fixtures")])
    }

    pub(in crate::content::yaml_tree) fn front_matters_in(
        dirs: &[std::path::PathBuf],
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for dir in dirs {
            for entry in walkdir::WalkDir::new(dir) {
                let entry = entry.unwrap();
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "md") {
                    // The invalid fixtures hold a file that is not UTF-8.
                    let Ok(text) = std::fs::read_to_string(path) else {
                        continue;
                    };
                    if let Ok(split) = crate::content::frontmatter::split(&text) {
                        out.push((path.display().to_string(), split.yaml.to_string()));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn reads_the_repository_as_serde_saphyr_does() {
        let all = front_matters();
        assert!(all.len() > 50, "found only {} front matters", all.len());
        let fast = all.iter().filter(|(_, yaml)| agrees(yaml)).count();
        // Nearly every file should take the fast path, or it gains nothing.
        assert!(
            fast * 10 >= all.len() * 9,
            "{fast} of {} read from events",
            all.len()
        );
    }

    /// The same on a larger site: `DOSSIER_YAML_CORPUS=path/to/content
    /// cargo test --release -- --ignored agrees_on_a_corpus`.
    #[test]
    #[ignore = "needs a generated corpus"]
    fn agrees_on_a_corpus() {
        let dir = std::env::var("DOSSIER_YAML_CORPUS").expect("DOSSIER_YAML_CORPUS");
        let all = front_matters_in(&[dir.into()]);
        let fast = all.iter().filter(|(_, yaml)| agrees(yaml)).count();
        eprintln!("{fast} of {} read from events", all.len());
        assert!(
            fast * 10 >= all.len() * 9,
            "{fast} of {} read from events",
            all.len()
        );
    }

    #[test]
    fn reads_plain_values_as_serde_saphyr_does() {
        for text in [
            "---\ntitle: x\n",
            "---\ntitle: \"quoted\"\nsummary: 'single'\n",
            "---\ndate: 2016-07-15\nyear: 2016\nneg: -12\nzero: 0\n",
            "---\nflags: [yes, No, on, OFF, y, N, true, False]\n",
            "---\nnothing:\nnull1: ~\nnull2: null\nnull3: NULL\n",
            "---\ntags: [a, b, \"c d\"]\nnested:\n  - {k: v, w: [1, 2]}\n  - plain text here\n",
            "---\nlong: >\n  folded\n  text\nlit: |\n  kept\n  lines\n",
            "---\nmulti: a plain\n  scalar on two lines\n",
            "---\nsources:\n  - id: s1\n    url: https://example.org/a?b=c#d\n    date: 2016-07-14\n",
            "---\nunicode: Ḥasan al-Österreich’s “quote”\n",
            "---\r\ntitle: crlf\r\ntags:\r\n  - a\r\n",
            "---\n# a comment\ntitle: x # trailing\n",
            "---\nempty_list: []\nempty_map: {}\n",
            "---\nids: [b6422-s1, null1, inf, NaN, x1.5, 3 times, 1st place, 2016-07-15T10:00]\n",
        ] {
            assert!(agrees(text), "left to serde-saphyr: {text}");
        }
    }

    #[test]
    fn leaves_what_it_does_not_decide_to_serde_saphyr() {
        for text in [
            "---\nn: 1.5\n",
            "---\nn: 0x1F\n",
            "---\nn: 007\n",
            "---\nn: +5\n",
            "---\nn: .inf\n",
            "---\nn: 1_000\n",
            "---\nn: 3rd\n",
            "---\nn: 12345678901234567890\n",
            "---\nbase: &a {x: 1}\nother: *a\n",
            "---\nbase: {x: 1}\nmerged:\n  <<: {y: 2}\n",
            "---\ntagged: !!str 12\n",
            "---\ntitle: x\ntitle: y\n",
            "---\n? [complex, key]\n: v\n",
            "---\ntitle: [unclosed\n",
            "---\n",
            "---\na: 1\n---\nb: 2\n",
        ] {
            assert!(read(text).is_none(), "read from events: {text}");
        }
        let deep = format!("---\nv: {}{}\n", "[".repeat(40), "]".repeat(40));
        assert!(read(&deep).is_none());
    }
}
