//! Finds templates that include, extend or import themselves, directly or
//! through others, before Tera sees them.
//!
//! Tera follows an include cycle until the stack runs out, which would
//! crash the build; a cycle is reported instead at the file and line of
//! the statement that closes it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, Pos};

/// A reference from one template to another: `{% include "x" %}`,
/// `{% extends "x" %}` or `{% import "x" as m %}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub keyword: &'static str,
    pub target: String,
    /// Where the name of the target is written.
    pub pos: Pos,
}

/// The references of one template's text, in order.
pub fn references(text: &str) -> Vec<Reference> {
    let mut refs = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find(['{']) {
        let start = i + found;
        let rest = &text[start..];
        if let Some(comment) = rest.strip_prefix("{#") {
            // Comments may hold statements that do nothing.
            i = comment
                .find("#}")
                .map_or(text.len(), |end| start + 2 + end + 2);
            continue;
        }
        i = start + 1;
        let Some(tag) = rest.strip_prefix("{%") else {
            continue;
        };
        let tag = tag.strip_prefix('-').unwrap_or(tag);
        let body = tag.trim_start();
        let Some(keyword) = ["include", "extends", "import"]
            .into_iter()
            .find(|k| body.starts_with(k))
        else {
            continue;
        };
        let after = body[keyword.len()..].trim_start();
        let Some(quote) = after
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))
        else {
            continue;
        };
        let Some(len) = after[1..].find(quote) else {
            continue;
        };
        let name_at = text.len() - after.len();
        refs.push(Reference {
            keyword,
            target: after[1..1 + len].to_string(),
            pos: Pos::at_offset(text, name_at, 1),
        });
    }
    refs
}

/// Every cycle among `sources` (name -> shown path and text), each reported
/// once at the reference that closes it.
pub fn find(sources: &BTreeMap<String, (PathBuf, String)>) -> Vec<Diagnostic> {
    let graph: BTreeMap<&str, Vec<Reference>> = sources
        .iter()
        .map(|(name, (_, text))| (name.as_str(), references(text)))
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = graph.keys().map(|k| (*k, State::Unseen)).collect();
    let mut diags = Vec::new();
    for &start in graph.keys() {
        if state[start] != State::Unseen {
            continue;
        }
        // Depth-first, without recursion: (template, next reference to follow).
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        state.insert(start, State::Open);
        while let Some(&mut (name, ref mut next)) = stack.last_mut() {
            let refs = &graph[name];
            let Some(r) = refs.get(*next) else {
                state.insert(name, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            let Some((&target, _)) = graph.get_key_value(r.target.as_str()) else {
                continue; // an unknown template is Tera's to report
            };
            match state[target] {
                State::Unseen => {
                    state.insert(target, State::Open);
                    stack.push((target, 0));
                }
                State::Open => {
                    let from = stack.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut chain: Vec<&str> = stack[from..].iter().map(|(n, _)| *n).collect();
                    chain.push(target);
                    let shown = &sources[name].0;
                    diags.push(
                        Diagnostic::error(
                            shown,
                            format!(
                                "template `{name}` {} `{}`, which leads back to it: {}",
                                verb(r.keyword),
                                r.target,
                                chain.join(" → ")
                            ),
                        )
                        .at(r.pos)
                        .spanning(r.target.chars().count() + 2)
                        .help("a template may not include, extend or import itself, directly or through others"),
                    );
                }
                State::Done => {}
            }
        }
    }
    diags
}

fn verb(keyword: &str) -> &'static str {
    match keyword {
        "include" => "includes",
        "extends" => "extends",
        _ => "imports",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(templates: &[(&str, &str)]) -> BTreeMap<String, (PathBuf, String)> {
        templates
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (PathBuf::from(format!("templates/{n}")), t.to_string()),
                )
            })
            .collect()
    }

    #[test]
    fn references_are_found_with_their_place() {
        let refs = references(
            "{# {% include \"no.html\" %} #}\n{% extends \"base.html\" %}\n  {%- include 'p.html' -%}\n{% import \"m.html\" as m %}",
        );
        let got: Vec<(&str, &str, usize, usize)> = refs
            .iter()
            .map(|r| (r.keyword, r.target.as_str(), r.pos.line, r.pos.col))
            .collect();
        assert_eq!(
            got,
            [
                ("extends", "base.html", 2, 12),
                ("include", "p.html", 3, 15),
                ("import", "m.html", 4, 11)
            ]
        );
    }

    #[test]
    fn cycles_name_the_file_and_line() {
        let d = find(&site(&[
            ("a.html", "x\n{% include \"b.html\" %}"),
            ("b.html", "{% include \"a.html\" %}"),
            ("self.html", "\n\n{% extends \"self.html\" %}"),
            ("ok.html", "{% include \"a.html\" %}"),
        ]));
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].path, PathBuf::from("templates/b.html"));
        assert_eq!(d[0].pos, Some(Pos::new(1, 12)));
        assert!(d[0].message.contains("a.html → b.html → a.html"), "{d:?}");
        assert_eq!(d[1].path, PathBuf::from("templates/self.html"));
        assert_eq!(d[1].pos, Some(Pos::new(3, 12)));
    }

    #[test]
    fn no_cycle_no_report() {
        assert!(
            find(&site(&[
                ("base.html", "{% block b %}{% endblock %}"),
                (
                    "page.html",
                    "{% extends \"base.html\" %}{% include \"p.html\" %}"
                ),
                ("p.html", "x"),
            ]))
            .is_empty()
        );
    }
}
