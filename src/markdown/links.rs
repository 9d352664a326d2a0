//! Cross-linking transforms: wikilinks, citations, automatic term links.
//!
//! The [`Linker`] is built once per site in the link phase: one lookup of
//! every id, title and alias (lowercased) for wikilinks, and one
//! Aho-Corasick automaton over every title and alias for automatic links,
//! so the cost per page is one pass over its text however large the
//! glossary. The transforms here record what they link ([`Mention`],
//! [`Citation`]) and what they could not resolve ([`Problem`], with byte
//! offsets into the Markdown) instead of touching shared state.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use crate::config::AutolinkMode;
use crate::diagnostics::{did_you_mean, nearest};

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
    automaton: Option<AhoCorasick>,
    /// Automaton pattern -> term.
    pattern_term: Vec<usize>,
    pub sources: Vec<CiteTarget>,
    source_ids: HashMap<String, usize>,
    mode: AutolinkMode,
    /// Briefing slug -> index, for links to other briefings.
    briefings: HashMap<String, usize>,
    /// The path every internal link starts with ("/" or "/syria/").
    base_path: String,
    tags: HashSet<String>,
    /// Changes whenever anything a page's links depend on changes.
    pub fingerprint: u64,
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
        let mut patterns = Vec::new();
        let mut pattern_term = Vec::new();
        for (i, (term, term_names)) in terms.iter().zip(&names).enumerate() {
            lookup.insert(term.id.to_lowercase(), i);
            for name in term_names {
                lookup.insert(name.to_lowercase(), i);
                if term.autolink && mode != AutolinkMode::Off && !name.trim().is_empty() {
                    // Smart punctuation turns ' into ’ in the text: match both.
                    for variant in apostrophe_variants(name) {
                        patterns.push(variant);
                        pattern_term.push(i);
                    }
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(!case_sensitive)
                .build(&patterns)
                .ok()
        };
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
        Linker {
            terms,
            names: lookup,
            automaton,
            pattern_term,
            sources,
            source_ids,
            mode,
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

    fn suggest_source(&self, id: &str) -> Option<String> {
        did_you_mean(id, self.source_ids.keys().map(String::as_str))
    }
}

/// A name as written, plus its spelling with the other kind of apostrophe.
fn apostrophe_variants(name: &str) -> Vec<String> {
    let mut out = vec![name.to_string()];
    if name.contains('\'') {
        out.push(name.replace('\'', "\u{2019}"));
    } else if name.contains('\u{2019}') {
        out.push(name.replace('\u{2019}', "'"));
    }
    out
}

/// A link to a glossary entry made on a page (wikilink or automatic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub term: usize,
    /// The id of the link element, for linking back to the exact spot.
    pub anchor: String,
    /// The sentence around the mention, as plain text.
    pub context: String,
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

/// The URL prefix a citation link is made with (`cite:`), set by the
/// broken-link callback for `[@id]` and `[@id, locator]`.
pub const CITE_PREFIX: &str = "cite:";

/// Whether a broken reference `[...]` is a citation; returns its URL.
pub fn citation_url(reference: &str) -> Option<String> {
    reference
        .strip_prefix('@')
        .map(|r| format!("{CITE_PREFIX}{r}"))
}

/// Resolves wikilinks and citations, recording mentions and problems.
pub fn resolve_links<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    linker: &Linker,
    dir: PageDir,
    report: &mut LinkReport,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    // For each open link: was its start replaced by raw HTML?
    let mut link_stack: Vec<Option<&'static str>> = Vec::new();
    let mut iter = events.into_iter().peekable();
    while let Some((event, span)) = iter.next() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => {
                let (target, anchor) = match dest_url.split_once('#') {
                    Some((t, a)) => (t, Some(a)),
                    None => (dest_url.as_ref(), None),
                };
                match linker.resolve(target) {
                    Some(t) => {
                        if let Some(a) = anchor {
                            report.anchors.push(AnchorCheck {
                                target: Target::Entry(t),
                                anchor: a.to_string(),
                                span: span.clone(),
                            });
                        }
                        let n = report.mentions.len();
                        let html = term_link_open(linker, t, anchor, n);
                        // Recorded even for a link to the page's own entry,
                        // so anchors stay unique; backlinks skip those.
                        report.mentions.push(Mention {
                            term: t,
                            anchor: mention_anchor(n),
                            context: String::new(),
                        });
                        out.push(Event::Html(html.into()));
                        link_stack.push(Some("</a>"));
                    }
                    None => {
                        report.problems.push(Problem {
                            span,
                            message: format!("unknown wikilink target `{target}`"),
                            help: linker.suggest_term(target).or_else(|| {
                                Some(
                                    "link to a glossary entry by its id, title or alias"
                                        .to_string(),
                                )
                            }),
                        });
                        // Keep the text readable: render the label without a link.
                        out.push(Event::Html("<span class=\"broken-link\">".into()));
                        link_stack.push(Some("</span>"));
                    }
                }
            }
            Event::Start(Tag::Link { ref dest_url, .. }) if dest_url.starts_with(CITE_PREFIX) => {
                let spec = &dest_url[CITE_PREFIX.len()..];
                let (id, locator) = match spec.split_once(',') {
                    Some((id, loc)) => (
                        id.trim(),
                        Some(loc.trim().to_string()).filter(|l| !l.is_empty()),
                    ),
                    None => (spec.trim(), None),
                };
                // Skip the link's text: the mark replaces it.
                for (e, _) in iter.by_ref() {
                    if matches!(e, Event::End(TagEnd::Link)) {
                        break;
                    }
                }
                match linker.source_ids.get(id) {
                    Some(&s) => {
                        // "claim [@src]." sets the mark against the word, so
                        // a line never starts with it.
                        if let Some(Event::Text(prev)) = out.last_mut()
                            && prev.ends_with(char::is_whitespace)
                        {
                            *prev = CowStr::from(prev.trim_end().to_string());
                        }
                        out.push(Event::Html(cite_mark(linker, s, locator, report).into()));
                    }
                    None => {
                        report.problems.push(Problem {
                            span,
                            message: format!("unknown source `{id}` in citation"),
                            help: linker.suggest_source(id).or_else(|| {
                                Some(
                                    "declare the source under `sources:` in some briefing or entry"
                                        .to_string(),
                                )
                            }),
                        });
                    }
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_stack.push(None);
                let dest_url = match internal_link(&dest_url, linker, dir) {
                    Ok(Resolved::External) => dest_url,
                    Ok(Resolved::Internal { url, check }) => {
                        if let Some((target, anchor)) = check {
                            report.anchors.push(AnchorCheck {
                                target,
                                anchor,
                                span: span.clone(),
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
                        dest_url
                    }
                };
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

fn mention_anchor(n: usize) -> String {
    format!("m-{}", n + 1)
}

/// The opening tag of a link to a term, with what the hover preview shows.
fn term_link_open(linker: &Linker, t: usize, anchor: Option<&str>, n: usize) -> String {
    let term = &linker.terms[t];
    let mut s = String::with_capacity(160);
    let _ = write!(
        s,
        "<a class=\"term\" id=\"{}\" href=\"{}{}{}\" data-kind=\"{}\" data-title=\"{}\" data-summary=\"{}\">",
        mention_anchor(n),
        escape_attr(&term.url),
        if anchor.is_some() { "#" } else { "" },
        escape_attr(anchor.unwrap_or("")),
        term.kind,
        escape_attr(&term.title),
        escape_attr(&term.summary),
    );
    s
}

fn cite_mark(
    linker: &Linker,
    s: usize,
    locator: Option<String>,
    report: &mut LinkReport,
) -> String {
    let (number, nth) = match report.cite_counts.get_mut(&s) {
        Some((number, count)) => {
            *count += 1;
            (*number, *count)
        }
        None => {
            report.cited.push(s);
            report.cite_counts.insert(s, (report.cited.len(), 1));
            (report.cited.len(), 1)
        }
    };
    let source = &linker.sources[s];
    let anchor = format!("cite-{}-{nth}", source.id);
    let title = match &locator {
        Some(l) => format!("{}, {l}", source.title),
        None => source.title.clone(),
    };
    let html = format!(
        "<sup class=\"cite\"><a id=\"{}\" href=\"#source-{}\" title=\"{}\">[{number}{}]</a></sup>",
        escape_attr(&anchor),
        escape_attr(&source.id),
        escape_attr(&title),
        locator
            .as_deref()
            .map(|l| format!("<span class=\"locator\">, {}</span>", escape_attr(l)))
            .unwrap_or_default(),
    );
    report.citations.push(Citation {
        source: s,
        number,
        anchor,
        locator,
    });
    html
}

/// Escapes text for a double-quoted HTML attribute (and element text).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Joins adjacent text events, so a name split by the parser (smart quotes,
/// entities) is still found in one piece.
pub fn merge_text(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    for e in events {
        if let Event::Text(t) = &e
            && let Some(Event::Text(prev)) = out.last_mut()
        {
            let mut joined = prev.to_string();
            joined.push_str(t);
            *prev = CowStr::from(joined);
            continue;
        }
        out.push(e);
    }
    out
}

/// Links mentions of glossary titles and aliases in running text, and fills
/// in the sentence around every mention (wikilinks included).
pub fn autolink<'a>(
    events: Vec<Event<'a>>,
    linker: &Linker,
    self_term: Option<usize>,
    report: &mut LinkReport,
) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut linked: HashSet<usize> = report.mentions.iter().map(|m| m.term).collect();
    let mut blocked = 0usize; // inside a link, heading, image or code block
    let mut block_text = String::new();
    // (mention index, byte offset in block_text)
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut wiki_seen = 0usize;
    for event in events {
        match &event {
            Event::Start(
                Tag::Link { .. } | Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => {
                blocked += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock) => {
                blocked = blocked.saturating_sub(1);
            }
            Event::Html(h) if h.starts_with("<a class=\"term\"") => {
                // The k-th term link so far is the k-th wikilink mention.
                pending.push((wiki_seen, block_text.len()));
                wiki_seen += 1;
                blocked += 1;
            }
            Event::Html(h) if h.as_ref() == "</a>" => blocked = blocked.saturating_sub(1),
            _ => {}
        }
        match event {
            Event::Text(text) if blocked == 0 && linker.automaton.is_some() => {
                link_text(
                    text,
                    linker,
                    self_term,
                    report,
                    &mut linked,
                    &mut block_text,
                    &mut pending,
                    &mut out,
                );
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                block_text.push_str(t);
                out.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                block_text.push(' ');
                out.push(event);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_),
            ) => {
                for (m, offset) in pending.drain(..) {
                    report.mentions[m].context = sentence_at(&block_text, offset);
                }
                block_text.clear();
                out.push(event);
            }
            other => out.push(other),
        }
    }
    for (m, offset) in pending.drain(..) {
        report.mentions[m].context = sentence_at(&block_text, offset);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn link_text<'a>(
    text: CowStr<'a>,
    linker: &Linker,
    self_term: Option<usize>,
    report: &mut LinkReport,
    linked: &mut HashSet<usize>,
    block_text: &mut String,
    pending: &mut Vec<(usize, usize)>,
    out: &mut Vec<Event<'a>>,
) {
    let Some(ac) = &linker.automaton else {
        return;
    };
    let mut last = 0;
    let mut pieces: Vec<Event<'a>> = Vec::new();
    for m in ac.find_iter(text.as_ref()) {
        let t = linker.pattern_term[m.pattern().as_usize()];
        if Some(t) == self_term
            || !is_word_boundary(&text, m.start(), m.end())
            || (linker.mode == AutolinkMode::First && linked.contains(&t))
        {
            continue;
        }
        linked.insert(t);
        let before = &text[last..m.start()];
        if !before.is_empty() {
            pieces.push(Event::Text(CowStr::from(before.to_string())));
        }
        block_text.push_str(before);
        let n = report.mentions.len();
        pending.push((n, block_text.len()));
        report.mentions.push(Mention {
            term: t,
            anchor: mention_anchor(n),
            context: String::new(),
        });
        pieces.push(Event::Html(term_link_open(linker, t, None, n).into()));
        let matched = &text[m.start()..m.end()];
        pieces.push(Event::Text(CowStr::from(matched.to_string())));
        block_text.push_str(matched);
        pieces.push(Event::Html("</a>".into()));
        last = m.end();
    }
    if pieces.is_empty() {
        block_text.push_str(&text);
        out.push(Event::Text(text));
        return;
    }
    let rest = &text[last..];
    block_text.push_str(rest);
    if !rest.is_empty() {
        pieces.push(Event::Text(CowStr::from(rest.to_string())));
    }
    out.extend(pieces);
}

/// Whole words only: no letter or digit right before or after the match.
pub fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Folds runs of white space and drops space left before punctuation where
/// a citation mark was taken out.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        let glued = word.starts_with(['.', ',', ';', ':', '!', '?', ')']);
        if !out.is_empty() && !glued {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The sentence of `text` that contains byte `offset`, trimmed to a readable
/// length.
pub fn sentence_at(text: &str, offset: usize) -> String {
    let offset = offset.min(text.len());
    let is_end = |i: usize, c: char| {
        matches!(c, '.' | '!' | '?')
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(|n| n.is_whitespace())
    };
    let start = text[..offset]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[offset..]
        .char_indices()
        .find(|&(i, c)| is_end(offset + i, c))
        .map_or(text.len(), |(i, c)| offset + i + c.len_utf8());
    let sentence = tidy(&text[start..end]);
    let sentence = sentence.as_str();
    const MAX: usize = 280;
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests;
