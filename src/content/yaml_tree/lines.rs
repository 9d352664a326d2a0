//! The tree read line by line, for front matter written the usual way.
//!
//! Nearly every front matter is `key: value` lines, lists of such maps
//! under `- `, and one-line `[a, b]` lists of words or quoted text. Read
//! through the YAML parser's events ([`super::events`]), each such file
//! cost about a seventh of a large build: the parser looks at every
//! character several times to decide what the full YAML grammar allows.
//! This reader knows only that usual form and takes each line apart once.
//! At the first thing outside it (a comment, a tab, a multi-line or
//! escaped string, an anchor, a flow map, a value that could be a number,
//! anything it is unsure of) it returns `None` and the file is read through
//! the events as before. Where it answers, it builds the very tree the
//! event reader builds, positions and spans included: tests hold the two
//! to that on every front matter in the repository and on generated ones.

use super::events::{map_of, node_at, plain};
use super::{Node, Value};

/// As deep as the event reader goes.
const MAX_DEPTH: usize = 32;
/// As many nodes as the event reader reads.
const MAX_NODES: usize = 10_000;

/// Reads front matter into a tree, or `None` where the event reader must.
pub(in crate::content) fn read(text: &str) -> Option<Node> {
    let body = text.strip_prefix("---\n")?;
    // Line breaks and spaces other than '\n' and ' ', and the byte-order
    // mark, are where YAML's rules get subtle: left to the parser.
    if body.bytes().any(|b| b < b' ' && b != b'\n')
        || body.contains(['\u{85}', '\u{2028}', '\u{2029}', '\u{feff}'])
    {
        return None;
    }
    let mut lines = Vec::new();
    let mut from = 0;
    let ends = memchr::memchr_iter(b'\n', body.as_bytes()).chain(std::iter::once(body.len()));
    for (n, end) in ends.enumerate() {
        let content = &body[from..end];
        let indent = content.len() - content.trim_start_matches(' ').len();
        if indent < content.len() {
            lines.push(Line {
                number: n + 2,
                start: 4 + from,
                indent,
                text: content,
            });
        }
        from = end + 1;
        if from > body.len() {
            break;
        }
    }
    let mut reader = Reader {
        lines,
        at: 0,
        nodes: 0,
    };
    let first = reader.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let root = reader.block(0, 0)?;
    // Everything must have been read, and the root be a map.
    (reader.at == reader.lines.len() && matches!(root.value, Value::Map(_))).then_some(root)
}

/// A line that is not blank.
#[derive(Clone, Copy)]
struct Line<'a> {
    /// 1-based, counting the opening `---`.
    number: usize,
    /// Byte offset of the line in the front matter.
    start: usize,
    /// Where the current node of the line starts: its indentation, or
    /// after a `- ` the place of what follows it.
    indent: usize,
    /// The whole line, without its line break.
    text: &'a str,
}

impl Line<'_> {
    /// The text from the current node on.
    fn rest(&self) -> &str {
        &self.text[self.indent..]
    }
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    /// The line being read.
    at: usize,
    nodes: usize,
}

impl Reader<'_> {
    /// A node placed at byte `at` of line `line`.
    fn node(&mut self, value: Value, line: Line<'_>, at: usize, len: usize) -> Option<Node> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return None;
        }
        // Columns count characters, as the parser does.
        let col = if line.text.is_char_boundary(at) && line.text[..at].is_ascii() {
            at
        } else {
            line.text.get(..at)?.chars().count()
        };
        Some(node_at(
            value,
            line.number,
            col,
            Some((line.start + at, len)),
        ))
    }

    /// The block map or list starting at the current line, whose node
    /// starts at `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let line = *self.lines.get(self.at)?;
        if line.indent != indent {
            return None;
        }
        if is_item(line.rest()) {
            self.list(indent, depth, false)
        } else {
            self.map(indent, depth)
        }
    }

    /// A block map: `key: value` lines at `indent`.
    fn map(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let first = *self.lines.get(self.at)?;
        let mut map = self.node(Value::Null, first, indent, 0)?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        while let Some(&line) = self.lines.get(self.at) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            let rest = line.rest();
            let key_len = key_length(rest)?;
            let key = match plain(&rest[..key_len])? {
                Value::Str(k) => k,
                _ => return None,
            };
            let key = self.node(Value::Str(key), line, indent, key_len)?;
            let after = &rest[key_len + 1..];
            let value = if after.trim_start_matches(' ').is_empty() {
                // The value is the block below: deeper, or a list at the
                // key's own indentation.
                self.at += 1;
                let next = *self.lines.get(self.at)?;
                if next.indent > indent {
                    self.block(next.indent, depth + 1)?
                } else if next.indent == indent && is_item(next.rest()) {
                    if depth + 1 >= MAX_DEPTH {
                        return None;
                    }
                    self.list(indent, depth + 1, true)?
                } else {
                    // An empty value: the parser decides how to place it.
                    return None;
                }
            } else {
                let at = line.text.len() - after.trim_start_matches(' ').len();
                let value = self.inline(line, at)?;
                self.at += 1;
                value
            };
            entries.push((key, value));
        }
        // Repeated keys are found once the map is read, as the event
        // reader finds them.
        map.value = map_of(entries)?;
        Some(map)
    }

    /// A block list: `- item` lines at `indent`. One at the indentation
    /// of the key it belongs to (`indentless`) is placed, as the parser
    /// places it, at its first item rather than at its first `-`.
    fn list(&mut self, indent: usize, depth: usize, indentless: bool) -> Option<Node> {
        let first = *self.lines.get(self.at)?;
        let place = if indentless {
            first.text.len() - first.rest()[1..].trim_start_matches(' ').len()
        } else {
            indent
        };
        let mut list = self.node(Value::Null, first, place, 0)?;
        let mut items = Vec::new();
        while let Some(&line) = self.lines.get(self.at) {
            // The list ends at a line less indented, or at one of its own
            // indentation that is no item (the next key of the map above).
            if line.indent < indent || (line.indent == indent && !is_item(line.rest())) {
                break;
            }
            if line.indent > indent {
                return None;
            }
            // What follows the `- `, as if the line were indented to it.
            let skipped = line.rest()[1..].len() - line.rest()[1..].trim_start_matches(' ').len();
            let inner = indent + 1 + skipped;
            let rest = &line.text[inner..];
            if is_item(rest) || key_length(rest).is_some() {
                self.lines[self.at].indent = inner;
                items.push(self.block(inner, depth + 1)?);
            } else {
                items.push(self.inline(line, inner)?);
                self.at += 1;
            }
        }
        list.value = Value::Seq(items);
        Some(list)
    }

    /// A value written on its line from byte `at` to the end: a quoted or
    /// plain scalar, or a one-line `[…]` list.
    fn inline(&mut self, line: Line<'_>, at: usize) -> Option<Node> {
        let text = line.text[at..].trim_end_matches(' ');
        if let Some(items) = text.strip_prefix('[') {
            let items = items.strip_suffix(']')?;
            let mut list = self.node(Value::Null, line, at, 1)?;
            let mut values = Vec::new();
            if !items.trim_matches(' ').is_empty() {
                // Each item, with where it starts on the line; a comma
                // inside quotes leaves a piece that is no item, and the
                // parser decides.
                let mut from = at + 1;
                for raw in items.split(',') {
                    let lead = raw.len() - raw.trim_start_matches(' ').len();
                    values.push(self.scalar(line, from + lead, raw.trim_matches(' '), true)?);
                    from += raw.len() + 1;
                }
            }
            list.value = Value::Seq(values);
            return Some(list);
        }
        self.scalar(line, at, text, false)
    }

    /// One scalar `text`, at byte `at` of its line; `in_list` inside `[…]`.
    fn scalar(&mut self, line: Line<'_>, at: usize, text: &str, in_list: bool) -> Option<Node> {
        let value = match text.as_bytes().first()? {
            b'"' => {
                let inner = text[1..].strip_suffix('"')?;
                if memchr::memchr2(b'"', b'\\', inner.as_bytes()).is_some() {
                    return None;
                }
                Value::Str(inner.to_string())
            }
            b'\'' => {
                let inner = text[1..].strip_suffix('\'')?;
                if memchr::memchr(b'\'', inner.as_bytes()).is_some() {
                    return None;
                }
                Value::Str(inner.to_string())
            }
            first => {
                // Plain text that could mean more than text is left to the
                // parser: an indicator first, a comment, a `key: value`
                // inside or a `:` last, or anything of list syntax inside a
                // list.
                let b = text.as_bytes();
                let special = |i: usize| match b[i] {
                    b'#' => i > 0 && b[i - 1] == b' ',
                    b':' => in_list || b.get(i + 1).is_none_or(|&n| n == b' '),
                    _ => in_list,
                };
                if b"-?:,[]{}#&*!|>%@`".contains(first)
                    || memchr::memchr3_iter(b'#', b':', b'[', b).any(special)
                    || (in_list && memchr::memchr3(b']', b'{', b'}', b).is_some())
                {
                    return None;
                }
                plain(text)?
            }
        };
        self.node(value, line, at, text.len())
    }
}

/// Whether `rest` is a list item: `- ` and something.
fn is_item(rest: &str) -> bool {
    rest.strip_prefix("- ")
        .is_some_and(|r| !r.trim_start_matches(' ').is_empty())
}

/// The length of the key when `rest` is `key:` and a space or the end,
/// the key made of ASCII letters, digits, `_` and `-`.
fn key_length(rest: &str) -> Option<usize> {
    let len = rest
        .bytes()
        .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))?;
    let first = *rest.as_bytes().first()?;
    let after = rest.as_bytes().get(len + 1);
    (len > 0 && first != b'-' && rest.as_bytes()[len] == b':' && after.is_none_or(|&b| b == b' '))
        .then_some(len)
}

#[cfg(test)]
mod tests {
    use super::super::events;
    use super::*;

    /// The two readers build the same tree wherever this one answers.
    fn agrees(text: &str) -> bool {
        match read(text) {
            Some(fast) => {
                let slow = events::read(text);
                assert_eq!(
                    format!("{:?}", Some(&fast)),
                    format!("{slow:?}"),
                    "the two readers differ on:\n{text}"
                );
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_the_usual_form_as_the_events_do() {
        for text in [
            "---\ntitle: x\n",
            "---\ntitle: \"A quoted title\"\nsummary: 'single'\n",
            "---\ntitle: \"Ünïcode “quotes” é\"\ntags: [\"é\", \"b\", c]\n",
            "---\ndate: 2016-07-15\nyear: 2016\nzero: 0\nflag: yes\nnone: ~\n",
            "---\ntags: [a, b, \"c d\"]\nempty: []\nspaced: [ a ,b ]\n",
            "---\nsources:\n  - id: s1\n    url: https://example.org/a?b=c#d\n    date: 2016-07-14\n  - id: \"s2\"\n",
            "---\nsources:\n- id: s1\n  title: t\n- id: s2\n",
            "---\nevents:\n  - date: \"2025\"\n    involves: [\"d\", e]\n\n  - date: 2019-06-14\n    title:    spaced   \n",
            "---\nlist:\n  - one\n  - \"two\"\n  - [a, b]\n  -   three\n",
            "---\nnested:\n  - - a\n    - b\n  - key: v\n    deeper:\n      k: v\n",
            "---\nkey_with-dash: v\nk2: a plain value, with a comma\nurl: http://x.org/a:b\n",
            "---\ntitle: x   \n\n   \nnext: y\n",
        ] {
            assert!(agrees(text), "left to the events: {text}");
        }
    }

    #[test]
    fn leaves_the_rest_to_the_events() {
        for text in [
            "---\n# a comment\ntitle: x\n",
            "---\ntitle: x # trailing\n",
            "---\r\ntitle: crlf\r\n",
            "---\ntitle:\tx\n",
            "---\ntitle: \"esc\\\"aped\"\n",
            "---\ntitle: 'it''s'\n",
            "---\ntitle: \"two\n  lines\"\n",
            "---\nmulti: a plain\n  scalar on two lines\n",
            "---\nlong: >\n  folded\n",
            "---\nlit: |\n  kept\n",
            "---\nmap: {a: b}\n",
            "---\nn: 1.5\n",
            "---\nn: -3\n",
            "---\ntitle: x\ntitle: y\n",
            "---\nbase: &a x\nother: *a\n",
            "---\ntagged: !!str 12\n",
            "---\nnothing:\nnext: x\n",
            "---\nlast:\n",
            "---\n- a\n- b\n",
            "---\n  indented: x\n",
            "---\ntitle: a: b\n",
            "---\ntags: [a, [b]]\n",
            "---\ntags: [a,, b]\n",
            "---\ntags: [a\n",
            "---\nyes: x\n",
            "---\n\"quoted key\": x\n",
            "---\nk: v\n  deeper: x\n",
            "---\nlist:\n  - a\n  b: c\n",
            "---\n",
            "---\nk: \u{feff}v\n",
        ] {
            assert!(read(text).is_none(), "read line by line: {text}");
        }
        let deep = format!(
            "---\n{}v: x\n",
            (0..40)
                .map(|d| format!("{}k{d}:\n", "  ".repeat(d)))
                .collect::<String>()
        );
        assert!(read(&deep).is_none());
    }

    #[test]
    fn reads_the_repository_as_the_events_do() {
        let all = events::tests::front_matters();
        let answered = all.iter().filter(|(_, yaml)| agrees(yaml)).count();
        // Most files should be read line by line, or it gains nothing.
        assert!(
            answered * 10 >= all.len() * 7,
            "{answered} of {} read line by line",
            all.len()
        );
    }

    /// The same on a larger site: `DOSSIER_YAML_CORPUS=path/to/content
    /// cargo test --release -- --ignored lines_agree_on_a_corpus`.
    #[test]
    #[ignore = "needs a generated corpus"]
    fn lines_agree_on_a_corpus() {
        let dir = std::env::var("DOSSIER_YAML_CORPUS").expect("DOSSIER_YAML_CORPUS");
        let all = events::tests::front_matters_in(&[dir.into()]);
        let answered = all.iter().filter(|(_, yaml)| agrees(yaml)).count();
        eprintln!("{answered} of {} read line by line", all.len());
        assert!(answered * 10 >= all.len() * 9);
    }

    /// A small random generator, so the cases are the same on every run.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }
    }

    /// Front matters of the usual form, some bent out of it a character
    /// at a time: wherever this reader answers, it must answer as the
    /// events do.
    #[test]
    fn agrees_with_the_events_on_generated_front_matter() {
        let words = [
            "x",
            "Nusra Front",
            "\"quoted\"",
            "'single'",
            "2016-07-15",
            "2016",
            "yes",
            "~",
            "\"é “q”\"",
            "a, b",
            "http://a.b/c",
            "[a, b]",
            "[]",
            "[\"x y\", z]",
            "-",
            "1.5",
            "a #b",
            "\"\"",
            "''",
            "Ḥasan",
            "x:",
            "null",
            "0",
        ];
        let keys = ["title", "date", "tags", "id", "k-2", "url", "x_y"];
        let bends = [
            " ", "\t", "#", ":", "-", "\"", "'", "[", "]", "\n", "\n  ", "é", ",", "\\", "&",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut answered = 0;
        for case in 0..20_000u32 {
            let mut text = String::from("---\n");
            for _ in 0..1 + rng.next() % 4 {
                let key = rng.pick(&keys);
                match rng.next() % 4 {
                    0 => {
                        text += &format!("{key}:\n");
                        let indent = ["", "  ", "    "][(rng.next() % 3) as usize];
                        for _ in 0..1 + rng.next() % 3 {
                            if rng.next().is_multiple_of(2) {
                                text += &format!("{indent}- {}\n", rng.pick(&words));
                            } else {
                                text += &format!(
                                    "{indent}- {}: {}\n{indent}  {}: {}\n",
                                    rng.pick(&keys),
                                    rng.pick(&words),
                                    rng.pick(&keys),
                                    rng.pick(&words)
                                );
                            }
                        }
                    }
                    1 => text += &format!("{key}:\n  {}: {}\n", rng.pick(&keys), rng.pick(&words)),
                    _ => text += &format!("{key}: {}\n", rng.pick(&words)),
                }
            }
            if !case.is_multiple_of(2) {
                let mut chars: Vec<char> = text.chars().collect();
                for _ in 0..1 + rng.next() % 2 {
                    let at = 4 + (rng.next() as usize) % (chars.len() - 4);
                    let bend = rng.pick(&bends);
                    chars.splice(at..at, bend.chars());
                }
                text = chars.into_iter().collect();
            }
            answered += usize::from(agrees(&text));
        }
        assert!(answered > 3_000, "only {answered} cases read line by line");
    }
}
