//! The glossary's names: every title and alias claimed by exactly one entry,
//! gathered into the [`Linker`] that wikilinks and automatic links use.

use ahash::AHashMap as HashMap;
use std::path::Path;

use crate::config::Config;
use crate::content::{Content, Located};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::Source;
use crate::markdown::links::{CiteTarget, Linker, SitePages, Term};

/// Builds the site's linker, reporting every name two entries claim.
pub fn build_linker(
    content: &Content,
    sources: &[Source],
    tags: Vec<String>,
    config: &Config,
    diags: &mut Diagnostics,
) -> Linker {
    // Lowercased name -> (entry, where it was written, is it a title).
    let mut claims: HashMap<String, (usize, Located<String>, bool)> = HashMap::new();
    let mut names: Vec<Vec<String>> = vec![Vec::new(); content.entries.len()];
    for (i, e) in content.entries.iter().enumerate() {
        let candidates = std::iter::once((&e.front.title, true))
            .chain(e.front.aliases.iter().map(|a| (a, false)));
        for (name, is_title) in candidates {
            let key = name.value.trim().to_lowercase();
            if key.is_empty() {
                diags.push(
                    Diagnostic::error(&e.doc.path, "an empty name cannot be linked").at(name.pos),
                );
                continue;
            }
            match claims.get(&key) {
                Some((other, _, _)) if *other == i => continue, // an alias repeating the title
                Some((other, first, first_is_title)) => {
                    let other_path: &Path = &content.entries[*other].doc.path;
                    let what = |t: bool| if t { "title" } else { "alias" };
                    diags.push(
                        Diagnostic::error(
                            &e.doc.path,
                            format!(
                                "the {} `{}` is also the {} of {} (line {})",
                                what(is_title),
                                name.value,
                                what(*first_is_title),
                                other_path.display(),
                                first.pos.line
                            ),
                        )
                        .at(name.pos)
                        .spanning(name.value.chars().count())
                        .help("a name may point to one entry only: remove it from one of them"),
                    );
                }
                None => {
                    claims.insert(key, (i, name.clone(), is_title));
                    names[i].push(name.value.trim().to_string());
                }
            }
        }
    }
    // An id that is another entry's name would make wikilinks ambiguous.
    for (i, e) in content.entries.iter().enumerate() {
        if let Some((other, name, _)) = claims.get(&e.doc.slug)
            && *other != i
        {
            diags.push(
                Diagnostic::error(
                    &content.entries[*other].doc.path,
                    format!(
                        "`{}` is also the id of {}",
                        name.value,
                        e.doc.path.display()
                    ),
                )
                .at(name.pos)
                .help("a name may point to one entry only: rename one of them"),
            );
        }
    }
    let terms = content
        .entries
        .iter()
        .map(|e| Term {
            id: e.doc.slug.clone(),
            title: e.front.title.value.clone(),
            kind: e.front.kind.as_str(),
            summary: e.front.summary.clone(),
            url: config.path_to(&format!("glossary/{}/", e.doc.slug)),
            autolink: e.front.autolink,
        })
        .collect();
    let cite_targets = sources
        .iter()
        .map(|s| CiteTarget {
            id: s.front.id.value.clone(),
            title: s
                .front
                .title
                .clone()
                .unwrap_or_else(|| s.front.publisher.clone()),
        })
        .collect();
    let pages = SitePages {
        briefings: content
            .briefings
            .iter()
            .map(|b| b.doc.slug.clone())
            .collect(),
        tags,
        base_path: config.base_path.clone(),
    };
    Linker::new(
        terms,
        names,
        cite_targets,
        pages,
        config.autolink,
        config.case_sensitive,
    )
}
