//! Cross-linking transforms: wikilinks, citations, automatic term links,
//! and links to the site's own pages, one transform per file.
//!
//! The [`Linker`] is built once per site in the link phase: one lookup of
//! every id, title and alias (lowercased) for wikilinks, and one
//! Aho-Corasick automaton over every title and alias for automatic links,
//! asked only where a word may start and a name starts with the two bytes
//! found there, so the cost per page is one pass over its text however
//! large the glossary. The transforms record what they link ([`Mention`],
//! [`Citation`]) and what they could not resolve ([`Problem`], with byte
//! offsets into the Markdown) instead of touching shared state.
//!
//! - [`resolve_links`] walks the parsed events once and hands each link to
//!   its transform: [`wikilinks`], [`citations`] or [`internal`];
//! - [`autolink`] then links mentions of glossary names in running text.

mod autolink;
mod citations;
mod internal;
#[cfg(test)]
mod test_support;
mod wikilinks;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};

use crate::config::AutolinkMode;
use crate::diagnostics::nearest;

pub use autolink::{autolink, is_word_boundary, merge_text, sentence_at};
pub use citations::{CITE_PREFIX, citation_url};

/// A glossary entry as links see it.
#[derive(Debug, Clone)]
pub struct Term {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub summary: String,
    pub url: String,
    pub autolink: bool,
}

/// A source as citations see it.
#[derive(Debug, Clone)]
pub struct CiteTarget {
    pub id: String,
    pub title: String,
}

/// Everything a page needs to resolve its links, built once per site.
#[derive(Debug)]
pub struct Linker {
    pub terms: Vec<Term>,
    /// Lowercased id, title and every alias -> term.
    names: HashMap<String, usize>,
    /// Every name that links automatically, to find in running text.
    names_found: Option<autolink::Names>,
    pub sources: Vec<CiteTarget>,
    source_ids: HashMap<String, usize>,
    mode: AutolinkMode,
    /// Whether automatic links match names in their exact case.
    case_sensitive: bool,
    /// Briefing slug -> index, for links to other briefings.
    briefings: HashMap<String, usize>,
    /// The path every internal link starts with ("/" or "/syria/").
    base_path: String,
    tags: HashSet<String>,
    /// Changes whenever anything a page's links depend on changes.
    pub fingerprint: u64,
    /// Per term, its link's escaped address and what follows the address
    /// (`" data-kind=… data-summary=…">`): the same for every mention, made
    /// once instead of escaped again at each.
    link_parts: Vec<(String, String)>,
}

/// What the site holds besides its glossary, for checking internal links.
#[derive(Debug, Clone, Default)]
pub struct SitePages {
    pub briefings: Vec<String>,
    pub tags: Vec<String>,
    pub base_path: String,
}

impl Linker {
    /// `names` lists each term's title and aliases (the id is added here).
    /// Names must already be free of clashes.
    pub fn new(
        terms: Vec<Term>,
        names: Vec<Vec<String>>,
        sources: Vec<CiteTarget>,
        pages: SitePages,
        mode: AutolinkMode,
        case_sensitive: bool,
    ) -> Linker {
        let mut lookup = HashMap::new();
        for (i, (term, term_names)) in terms.iter().zip(&names).enumerate() {
            lookup.insert(term.id.to_lowercase(), i);
            for name in term_names {
                lookup.insert(name.to_lowercase(), i);
            }
        }
        let names_found = autolink::Names::new(&terms, &names, mode, case_sensitive);
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            for (t, n) in terms.iter().zip(&names) {
                (&t.id, &t.title, t.kind, &t.summary, &t.url, t.autolink, n).hash(&mut h);
            }
            for s in &sources {
                (&s.id, &s.title).hash(&mut h);
            }
            (
                &pages.briefings,
                &pages.tags,
                &pages.base_path,
                mode as u8,
                case_sensitive,
            )
                .hash(&mut h);
            h.finish()
        };
        let source_ids = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let link_parts = terms
            .iter()
            .map(|term| {
                let tail = format!(
                    "\" data-kind=\"{}\" data-title=\"{}\" data-summary=\"{}\">",
                    term.kind,
                    escape_attr(&term.title),
                    escape_attr(&term.summary),
                );
                (escape_attr(&term.url), tail)
            })
            .collect();
        Linker {
            link_parts,
            terms,
            names: lookup,
            names_found,
            sources,
            source_ids,
            mode,
            case_sensitive,
            briefings: pages
                .briefings
                .into_iter()
                .enumerate()
                .map(|(i, b)| (b, i))
                .collect(),
            base_path: if pages.base_path.is_empty() {
                "/".to_string()
            } else {
                pages.base_path
            },
            tags: pages.tags.into_iter().collect(),
            fingerprint,
        }
    }

    fn entry_url(&self, t: usize) -> &str {
        &self.terms[t].url
    }

    fn briefing_url(&self, slug: &str) -> String {
        format!("{}briefings/{slug}/", self.base_path)
    }

    /// Resolves a wikilink target by id, title or alias, ignoring case.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.names.get(&name.trim().to_lowercase()).copied()
    }

    /// The closest entries to a name that did not resolve, by their titles.
    fn suggest_term(&self, name: &str) -> Option<String> {
        let mut near: Vec<usize> = Vec::new();
        for n in nearest(name, self.names.keys().map(String::as_str)) {
            let t = self.names[n];
            if !near.contains(&t) {
                near.push(t);
            }
        }
        if near.is_empty() {
            return None;
        }
        let titles: Vec<String> = near
            .iter()
            .map(|&t| format!("`{}`", self.terms[t].title))
            .collect();
        Some(format!("did you mean {}?", titles.join(" or ")))
    }
}

/// A link to a glossary entry made on a page (wikilink or automatic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub term: usize,
    /// The id of the link element, for linking back to the exact spot.
    pub anchor: std::sync::Arc<str>,
    /// The sentence around the mention, as plain text. Shared: the mention
    /// lists of the entries it names hold it too.
    pub context: std::sync::Arc<str>,
}

/// One citation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub source: usize,
    /// Its number: the source's position in order of first citation.
    pub number: usize,
    pub anchor: String,
    pub locator: Option<String>,
}

/// Something in the Markdown that did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// A page an internal link points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Entry(usize),
    Briefing(usize),
    /// The page the link is on.
    SamePage,
}

/// A link to check once every page's headings are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    pub target: Target,
    pub anchor: String,
    pub span: Range<usize>,
}

/// Where a page's Markdown lives, for resolving relative links to `.md` files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageDir {
    /// `content/` itself (the home page intro).
    Root,
    Briefings,
    Glossary,
}

/// What the link transforms found on one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkReport {
    pub mentions: Vec<Mention>,
    pub citations: Vec<Citation>,
    /// Sources in order of first citation.
    pub cited: Vec<usize>,
    pub problems: Vec<Problem>,
    pub anchors: Vec<AnchorCheck>,
    /// For each cited source: its number and how often it was cited, so a
    /// page of many citations stays linear.
    cite_counts: HashMap<usize, (usize, usize)>,
}

/// Resolves wikilinks, citations and links to the site's own pages,
/// recording mentions and problems. One pass; each kind of link goes to its
/// own transform.
pub fn resolve_links<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    linker: &Linker,
    dir: PageDir,
    report: &mut LinkReport,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open link: was its start replaced by raw HTML?
    let mut link_stack: Vec<Option<&'static str>> = Vec::new();
    let mut iter = events.into_iter();
    while let Some((event, span)) = iter.next() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let (open, close) = wikilinks::open(&dest_url, span, linker, report);
                out.push(Event::Html(open.into()));
                link_stack.push(Some(close));
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.starts_with(CITE_PREFIX) => {
                // Skip the link's text: the mark replaces it.
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Link)) {
                        break;
                    }
                }
                citations::cite(
                    &dest_url[CITE_PREFIX.len()..],
                    span,
                    linker,
                    report,
                    &mut out,
                );
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_stack.push(None);
                let dest_url = internal::rewrite(dest_url, span, linker, dir, report);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => match link_stack.pop().flatten() {
                Some(close) => out.push(Event::Html(close.into())),
                None => out.push(event),
            },
            other => out.push(other),
        }
    }
    out
}

fn mention_anchor(n: usize) -> String {
    let mut s = String::with_capacity(8);
    s.push_str("m-");
    push_count(&mut s, n + 1);
    s
}

/// A count's digits onto the end of `s`, without the formatting machinery.
pub(crate) fn push_count(s: &mut String, n: usize) {
    // Writing to a `String` cannot fail.
    let _ = crate::date::write_digits(s, n as u64);
}

/// The opening tag of a link to a term, with what the hover preview shows.
fn term_link_open(linker: &Linker, t: usize, anchor: Option<&str>, n: usize) -> String {
    let (url, tail) = &linker.link_parts[t];
    let mut s = String::with_capacity(40 + url.len() + tail.len());
    s.push_str("<a class=\"term\" id=\"");
    s.push_str(&mention_anchor(n));
    s.push_str("\" href=\"");
    s.push_str(url);
    if let Some(anchor) = anchor {
        s.push('#');
        push_escaped_attr(&mut s, anchor);
    }
    s.push_str(tail);
    s
}

/// Escapes text for a double-quoted HTML attribute (and element text).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped_attr(&mut out, s);
    out
}

/// [`escape_attr`] onto the end of `out`, copying the runs between the
/// characters it replaces whole (they are ASCII, so a byte is a character).
pub fn push_escaped_attr(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}
