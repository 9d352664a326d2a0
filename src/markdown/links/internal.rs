//! Links written in Markdown that point inside the site: `#anchor`, a
//! relative path to a content file (`../glossary/x.md`) or a path from the
//! site root (`/glossary/x/`). They get the page's URL and base path, and
//! a link to a page that does not exist is a problem with a suggestion.

use std::ops::Range;

use pulldown_cmark::CowStr;

use super::{AnchorCheck, LinkReport, Linker, PageDir, Problem, Target};
use crate::diagnostics::did_you_mean;

/// The URL an ordinary link ends up with: the page's URL for a link inside
/// the site, `dest` as written otherwise (or when it points nowhere, which
/// is recorded as a problem).
pub(super) fn rewrite<'a>(
    dest: CowStr<'a>,
    span: Range<usize>,
    linker: &Linker,
    dir: PageDir,
    report: &mut LinkReport,
) -> CowStr<'a> {
    match internal_link(&dest, linker, dir) {
        Ok(Resolved::External) => dest,
        Ok(Resolved::Internal { url, check }) => {
            if let Some((target, anchor)) = check {
                report.anchors.push(AnchorCheck {
                    target,
                    anchor,
                    span,
                });
            }
            CowStr::from(url)
        }
        Err((message, help)) => {
            report.problems.push(Problem {
                span,
                message,
                help,
            });
            dest
        }
    }
}

/// What an ordinary Markdown link turned out to be.
enum Resolved {
    /// Another site, a mail address, or a file we cannot check.
    External,
    /// A page of this site: its URL, and an anchor to check on a page.
    Internal {
        url: String,
        check: Option<(Target, String)>,
    },
}

type LinkError = (String, Option<String>);

/// Resolves a link written in Markdown that points inside the site:
/// `#anchor`, a relative path to a content file (`../glossary/x.md`), or a
/// path from the site root (`/glossary/x/`), which gets the base path.
fn internal_link(dest: &str, linker: &Linker, dir: PageDir) -> Result<Resolved, LinkError> {
    let has_scheme = dest.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if dest.is_empty() || has_scheme || dest.starts_with("//") {
        return Ok(Resolved::External);
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (dest, None),
    };
    let with_anchor = |url: String| match &anchor {
        Some(a) => format!("{url}#{a}"),
        None => url,
    };
    if path.is_empty() {
        let anchor = anchor.unwrap_or_default();
        return Ok(Resolved::Internal {
            url: format!("#{anchor}"),
            check: (!anchor.is_empty()).then_some((Target::SamePage, anchor)),
        });
    }
    if let Some(rest) = path.strip_prefix('/') {
        let target = site_path_target(rest, linker)?;
        let check = target.zip(anchor.clone());
        return Ok(Resolved::Internal {
            url: with_anchor(format!("{}{rest}", linker.base_path)),
            check,
        });
    }
    if !path.ends_with(".md") {
        // A relative link to an asset or page we cannot see from here.
        return Ok(Resolved::External);
    }
    let mut parts: Vec<&str> = match dir {
        PageDir::Root => vec![],
        PageDir::Briefings => vec!["briefings"],
        PageDir::Glossary => vec!["glossary"],
    };
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err((
                        format!("the link `{dest}` points outside content/"),
                        Some(
                            "link to a briefing or glossary entry, e.g. ../glossary/<id>.md"
                                .to_string(),
                        ),
                    ));
                }
            }
            s => parts.push(s),
        }
    }
    let slug = parts
        .last()
        .map(|f| f.trim_end_matches(".md"))
        .unwrap_or_default();
    let (url, target) = match parts.as_slice() {
        ["glossary", _] => {
            let t = linker
                .names
                .get(slug)
                .copied()
                .filter(|&t| linker.terms[t].id == slug);
            let t = t.ok_or_else(|| {
                (
                    format!("the link `{dest}` points to no glossary entry"),
                    linker.suggest_term(slug),
                )
            })?;
            (linker.entry_url(t).to_string(), Target::Entry(t))
        }
        ["briefings", _] => {
            let b = linker.briefings.get(slug).copied().ok_or_else(|| {
                (
                    format!("the link `{dest}` points to no briefing"),
                    did_you_mean(slug, linker.briefings.keys().map(String::as_str)),
                )
            })?;
            (linker.briefing_url(slug), Target::Briefing(b))
        }
        _ => {
            return Err((
                format!("the link `{dest}` points to no briefing or glossary entry"),
                Some("link to content/briefings/<slug>.md or content/glossary/<id>.md".to_string()),
            ));
        }
    };
    Ok(Resolved::Internal {
        url: with_anchor(url),
        check: anchor.map(|a| (target, a)),
    })
}

/// Checks a path from the site root against the pages dossier makes.
fn site_path_target(rest: &str, linker: &Linker) -> Result<Option<Target>, LinkError> {
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        ["glossary", id] => match linker
            .names
            .get(*id)
            .copied()
            .filter(|&t| linker.terms[t].id == *id)
        {
            Some(t) => Ok(Some(Target::Entry(t))),
            None => Err((
                format!("no glossary entry `{id}` for the link `/{rest}`"),
                linker.suggest_term(id),
            )),
        },
        ["briefings", slug] => match linker.briefings.get(*slug) {
            Some(&b) => Ok(Some(Target::Briefing(b))),
            None => Err((
                format!("no briefing `{slug}` for the link `/{rest}`"),
                did_you_mean(slug, linker.briefings.keys().map(String::as_str)),
            )),
        },
        ["tags", tag] if !linker.tags.contains(*tag) => Err((
            format!("no tag `{tag}` for the link `/{rest}`"),
            did_you_mean(tag, linker.tags.iter().map(String::as_str)),
        )),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::*;

    #[test]
    fn relative_links_to_content_files_become_page_urls() {
        let l = linker(AutolinkMode::Off, true);
        let r = md(
            "[a](../glossary/nusra-front.md) [b](first.md#why) [c](/glossary/al-qaida/) [d](https://x.org/a.md) [e](#top)\n",
            &l,
            None,
        );
        assert!(r.links.problems.is_empty(), "{:?}", r.links.problems);
        assert!(
            r.html.contains("<a href=\"/g/nusra-front/\">a</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<a href=\"/sub/briefings/first/#why\">b</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"/sub/glossary/al-qaida/\">c</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"https://x.org/a.md\">d</a>"),
            "{}",
            r.html
        );
        let targets: Vec<(Target, &str)> = r
            .links
            .anchors
            .iter()
            .map(|a| (a.target, a.anchor.as_str()))
            .collect();
        assert_eq!(
            targets,
            [(Target::Briefing(0), "why"), (Target::SamePage, "top")]
        );
    }

    #[test]
    fn broken_internal_links_are_problems() {
        let l = linker(AutolinkMode::Off, true);
        let text = "[a](../glossary/nusra.md) [b](secnd.md) [c](/briefings/nope/) [d](../../x.md) [e](/tags/syra/)\n";
        let r = md(text, &l, None);
        let spans: Vec<&str> = r
            .links
            .problems
            .iter()
            .map(|p| &text[p.span.clone()])
            .collect();
        assert_eq!(
            spans,
            [
                "[a](../glossary/nusra.md)",
                "[b](secnd.md)",
                "[c](/briefings/nope/)",
                "[d](../../x.md)",
                "[e](/tags/syra/)"
            ]
        );
        assert_eq!(
            r.links.problems[4].help.as_deref(),
            Some("did you mean `syria`?")
        );
    }
}
