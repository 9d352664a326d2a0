//! The link phase: every id used in front matter resolved to what it names.
//!
//! Loading gives files; this phase gives a graph. It indexes glossary entries
//! and sources by id, resolves stakeholders, related entries, event sources,
//! `involves` and quote authors, reports each unknown id at the place it was
//! written with the nearest known ids, and builds the reverse maps that
//! entry pages need (where an entry is a stakeholder, its quotes, its
//! events). Everything here is in memory and pure: no I/O.

mod terms;

use std::collections::BTreeMap;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use rayon::prelude::*;
use std::path::Path;

use crate::config::Config;
use crate::content::model::{SourceFront, Stance};
use crate::content::{Content, Located, is_slug, slugify};
use crate::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::markdown::Linker;

/// A source, wherever it was declared.
#[derive(Debug, Clone)]
pub struct Source {
    pub front: SourceFront,
    /// Where it was declared.
    pub declared_in: Owner,
}

/// The page a piece of front matter belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Owner {
    Briefing(usize),
    Entry(usize),
}

/// A stakeholder of a briefing, resolved.
#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub entry: usize,
    pub position: Option<String>,
    pub stance: Stance,
    pub source: Option<usize>,
    pub locator: Option<String>,
}

/// An event, resolved; `briefing` is where it was recorded.
#[derive(Debug, Clone)]
pub struct Event {
    pub date: PartialDate,
    pub title: String,
    pub briefing: usize,
    pub source: Option<usize>,
    pub locator: Option<String>,
    pub involves: Vec<usize>,
}

/// A quote, resolved.
#[derive(Debug, Clone)]
pub struct Quote {
    pub by: usize,
    pub text: String,
    pub source: Option<usize>,
    pub locator: Option<String>,
    pub briefing: usize,
}

/// The resolved front matter of one briefing.
#[derive(Debug, Clone, Default)]
pub struct BriefingLinks {
    pub stakeholders: Vec<Stakeholder>,
    /// Indices into [`Graph::events`].
    pub events: Vec<usize>,
    /// Indices into [`Graph::quotes`].
    pub quotes: Vec<usize>,
    /// Sources this briefing declares or uses in its front matter, in order.
    pub sources: Vec<usize>,
}

/// A typed relation between two entries, seen from one of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relation {
    /// The entry at the other end.
    pub other: usize,
    /// Free text from `related` ("affiliate of"), read from the entry that
    /// declared it: "declarer <relation> other".
    pub relation: Option<String>,
    /// True on the entry that declared the relation, false on the other end.
    pub declared: bool,
}

/// What points at one glossary entry.
#[derive(Debug, Clone, Default, Hash)]
pub struct EntryLinks {
    /// Relations declared here, then those other entries declared to this
    /// one (each pair once).
    pub related: Vec<Relation>,
    /// `(briefing, index into that briefing's stakeholders)` for every
    /// briefing that lists it as a stakeholder, newest first.
    pub stakeholder_in: Vec<(usize, usize)>,
    pub quotes: Vec<usize>,
    pub events: Vec<usize>,
    /// Sources it declares.
    pub sources: Vec<usize>,
}

/// The cross-reference graph of a site.
#[derive(Debug)]
pub struct Graph {
    pub entry_ids: HashMap<String, usize>,
    pub sources: Vec<Source>,
    pub source_ids: HashMap<String, usize>,
    pub events: Vec<Event>,
    pub quotes: Vec<Quote>,
    pub briefings: Vec<BriefingLinks>,
    pub entries: Vec<EntryLinks>,
    /// Tag -> briefings carrying it, newest first.
    pub tags: BTreeMap<String, Vec<usize>>,
    /// Briefings, newest first (by date, then slug).
    pub chronological: Vec<usize>,
    /// Each briefing's place in `chronological`, for sorting by it.
    pub rank: Vec<usize>,
    /// Names, automaton and citation targets for Markdown links.
    pub linker: Linker,
}

/// Builds the graph, reporting every reference that does not resolve.
pub fn link(content: &Content, config: &Config, diags: &mut Diagnostics) -> Graph {
    let entry_ids: HashMap<String, usize> = content
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.doc.slug.clone(), i))
        .collect();
    let briefing_slugs: HashMap<&str, &Path> = content
        .briefings
        .iter()
        .map(|b| (b.doc.slug.as_str(), b.doc.path.as_path()))
        .collect();
    for e in &content.entries {
        if let Some(other) = briefing_slugs.get(e.doc.slug.as_str()) {
            // Not a clash of URLs, but ids must name one thing site-wide.
            diags.push(Diagnostic::warning(
                &e.doc.path,
                format!(
                    "the id `{}` is also a briefing ({})",
                    e.doc.slug,
                    other.display()
                ),
            ));
        }
    }

    let (sources, source_ids) = collect_sources(content, diags);
    // The names for automatic links (an automaton over every title and
    // alias) are gathered on one thread while the briefings are linked on
    // another; the tags they need are known from the front matter.
    let tag_names: Vec<String> = content
        .briefings
        .iter()
        .flat_map(|b| &b.front.tags)
        .filter(|t| is_slug(&t.value))
        .map(|t| t.value.clone())
        .collect::<std::collections::BTreeSet<String>>()
        .into_iter()
        .collect();
    let mut linker_diags = diags.empty_like();
    let (linker, resolved) = rayon::join(
        || terms::build_linker(content, &sources, tag_names, config, &mut linker_diags),
        || resolve(content, &entry_ids, &source_ids, diags),
    );
    diags.merge(linker_diags);
    let Resolved {
        briefings,
        events,
        quotes,
        entries,
        tags,
        chronological,
        rank,
    } = resolved;
    Graph {
        linker,
        entry_ids,
        sources,
        source_ids,
        events,
        quotes,
        briefings,
        entries,
        tags,
        chronological,
        rank,
    }
}

/// The graph's lists as the front matter makes them: everything of
/// [`Graph`] but the names and the linker.
struct Resolved {
    briefings: Vec<BriefingLinks>,
    events: Vec<Event>,
    quotes: Vec<Quote>,
    entries: Vec<EntryLinks>,
    tags: BTreeMap<String, Vec<usize>>,
    chronological: Vec<usize>,
    rank: Vec<usize>,
}

/// Resolves every briefing's and entry's front matter against the ids.
fn resolve(
    content: &Content,
    entry_ids: &HashMap<String, usize>,
    source_ids: &HashMap<String, usize>,
    diags: &mut Diagnostics,
) -> Resolved {
    // Each briefing is resolved on its own, on every core; the
    // merge then numbers events and quotes site-wide and fills
    // the entries' lists, in briefing order.
    let shared: &Diagnostics = diags;
    let one_by_one: Vec<OneBriefing> = content
        .briefings
        .par_iter()
        .enumerate()
        .map(|(bi, b)| {
            let ids = (&content.broken_entries, entry_ids, source_ids);
            link_briefing(bi, b, ids, shared.empty_like())
        })
        .collect();

    let mut graph_briefings = Vec::with_capacity(content.briefings.len());
    let mut events = Vec::new();
    let mut quotes = Vec::new();
    let mut entries = vec![EntryLinks::default(); content.entries.len()];
    let mut tags: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (bi, one) in one_by_one.into_iter().enumerate() {
        let OneBriefing {
            mut links,
            events: own_events,
            quotes: own_quotes,
            tags: own_tags,
            diags: own_diags,
        } = one;
        diags.merge(own_diags);
        for (k, s) in links.stakeholders.iter().enumerate() {
            entries[s.entry].stakeholder_in.push((bi, k));
        }
        let first_event = events.len();
        for e in &mut links.events {
            *e += first_event;
        }
        for (k, ev) in own_events.into_iter().enumerate() {
            let idx = first_event + k;
            for &ei in &ev.involves {
                // Events are numbered in order: a repeat can only be the last.
                if entries[ei].events.last() != Some(&idx) {
                    entries[ei].events.push(idx);
                }
            }
            events.push(ev);
        }
        let first_quote = quotes.len();
        for q in &mut links.quotes {
            *q += first_quote;
        }
        for (k, q) in own_quotes.into_iter().enumerate() {
            entries[q.by].quotes.push(first_quote + k);
            quotes.push(q);
        }
        for t in own_tags {
            tags.entry(t).or_default().push(bi);
        }
        graph_briefings.push(links);
    }
    let mut r = Resolver {
        broken: &content.broken_entries,
        entry_ids,
        source_ids,
        diags,
    };

    // Declared (entry, other) pairs, so an entry related to many stays linear.
    let mut declared: HashSet<(usize, usize)> = HashSet::new();
    for (ei, e) in content.entries.iter().enumerate() {
        let path = &e.doc.path;
        for rel in &e.front.related {
            let id = Located::new(rel.value.id.clone(), rel.value.id_pos.unwrap_or(rel.pos));
            if id.value == e.doc.slug {
                r.diags.push(
                    Diagnostic::warning(path, "an entry need not list itself as related")
                        .at(id.pos),
                );
                continue;
            }
            if let Some(target) = r.entry(path, &id, "related entry")
                && declared.insert((ei, target))
            {
                entries[ei].related.push(Relation {
                    other: target,
                    relation: rel.value.relation.clone(),
                    declared: true,
                });
            }
        }
        let mut sources_seen: HashSet<usize> = HashSet::new();
        for s in &e.front.sources {
            if let Some(&si) = source_ids.get(&s.id.value) {
                push_unique(&mut entries[ei].sources, &mut sources_seen, si);
            }
        }
    }

    // Each relation shows on both ends; a pair both sides declared shows once
    // on each, as declared there.
    let mut inverse: Vec<(usize, Relation)> = Vec::new();
    for (ei, links) in entries.iter().enumerate() {
        for rel in &links.related {
            inverse.push((
                rel.other,
                Relation {
                    other: ei,
                    relation: rel.relation.clone(),
                    declared: false,
                },
            ));
        }
    }
    // The inverse shows unless that end declared or already got the pair.
    let mut shown: HashSet<(usize, usize)> = declared;
    for (target, rel) in inverse {
        if shown.insert((target, rel.other)) {
            entries[target].related.push(rel);
        }
    }

    let mut chronological: Vec<usize> = (0..content.briefings.len()).collect();
    let key = |i: usize| {
        let b = &content.briefings[i];
        (std::cmp::Reverse(b.front.date.value), b.doc.slug.as_str())
    };
    chronological.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let mut rank = vec![0; chronological.len()];
    for (r, &b) in chronological.iter().enumerate() {
        rank[b] = r;
    }
    for list in tags.values_mut() {
        list.sort_by_key(|&b| rank[b]);
    }
    for e in &mut entries {
        e.stakeholder_in.sort_by_key(|&(b, _)| rank[b]);
    }

    Resolved {
        briefings: graph_briefings,
        events,
        quotes,
        entries,
        tags,
        chronological,
        rank,
    }
}

/// One briefing's front matter, resolved on its own: its links (their
/// events and quotes numbered from 0 within the briefing), events, quotes
/// and valid tags, and what was wrong in it.
struct OneBriefing {
    links: BriefingLinks,
    events: Vec<Event>,
    quotes: Vec<Quote>,
    tags: Vec<String>,
    diags: Diagnostics,
}

/// Resolves briefing `bi`'s front matter (see [`OneBriefing`]) against
/// the broken entries, the entry ids and the source ids.
fn link_briefing(
    bi: usize,
    b: &crate::content::Briefing,
    (broken, entry_ids, source_ids): (
        &std::collections::HashSet<String>,
        &HashMap<String, usize>,
        &HashMap<String, usize>,
    ),
    mut diags: Diagnostics,
) -> OneBriefing {
    let mut r = Resolver {
        broken,
        entry_ids,
        source_ids,
        diags: &mut diags,
    };
    let mut events = Vec::new();
    let mut quotes = Vec::new();
    let mut tags = Vec::new();
    let path = &b.doc.path;
    let f = &b.front;
    let mut links = BriefingLinks::default();
    // What this briefing already lists, so long lists stay linear.
    let mut stakeholder_entries: HashSet<usize> = HashSet::new();
    let mut sources_seen: HashSet<usize> = HashSet::new();
    if !f.date.value.has_day() {
        r.diags.push(
            Diagnostic::error(
                path,
                format!("a briefing's `date` needs a day, not `{}`", f.date.value),
            )
            .at(f.date.pos)
            .help("write the publication date as YYYY-MM-DD"),
        );
    }
    for s in &f.stakeholders {
        let id = Located::new(s.value.id.clone(), s.value.id_pos.unwrap_or(s.pos));
        if let Some(ei) = r.entry(path, &id, "stakeholder") {
            if !stakeholder_entries.insert(ei) {
                r.diags.push(
                    Diagnostic::error(path, format!("stakeholder `{}` is listed twice", id.value))
                        .at(id.pos),
                );
                continue;
            }
            let source = s.value.source.as_ref().and_then(|x| r.source(path, x));
            if let Some(si) = source {
                push_unique(&mut links.sources, &mut sources_seen, si);
            }
            links.stakeholders.push(Stakeholder {
                entry: ei,
                position: s.value.position.clone(),
                stance: s.value.stance,
                source,
                locator: s.value.locator.clone(),
            });
        }
    }
    for s in &f.sources {
        if let Some(&si) = source_ids.get(&s.id.value) {
            push_unique(&mut links.sources, &mut sources_seen, si);
        }
    }
    for ev in f.events.iter().map(|e| &e.value) {
        let source = ev.source.as_ref().and_then(|s| r.source(path, s));
        let involves: Vec<usize> = ev
            .involves
            .iter()
            .filter_map(|id| r.entry(path, id, "involved entry"))
            .collect();
        let idx = events.len();
        if let Some(si) = source {
            push_unique(&mut links.sources, &mut sources_seen, si);
        }
        events.push(Event {
            date: ev.date,
            title: ev.title.clone(),
            briefing: bi,
            source,
            locator: ev.locator.clone(),
            involves,
        });
        links.events.push(idx);
    }
    for q in f.quotes.iter().map(|q| &q.value) {
        let by = r.entry(path, &q.by, "quote author");
        let source = q.source.as_ref().and_then(|s| r.source(path, s));
        if let Some(si) = source {
            push_unique(&mut links.sources, &mut sources_seen, si);
        }
        if let Some(by) = by {
            let idx = quotes.len();
            quotes.push(Quote {
                by,
                text: q.text.clone(),
                source,
                locator: q.locator.clone(),
                briefing: bi,
            });
            links.quotes.push(idx);
        }
    }
    for t in &f.tags {
        if is_slug(&t.value) {
            tags.push(t.value.clone());
        } else {
            let fix = slugify(&t.value);
            let problem = crate::content::slug_problem(&t.value).unwrap_or_default();
            r.diags.push(
                Diagnostic::error(path, format!("tag `{}` {problem}", t.value))
                    .at(t.pos)
                    .spanning(t.value.chars().count())
                    .maybe_help((!fix.is_empty()).then(|| format!("write it as `{fix}`"))),
            );
        }
    }
    OneBriefing {
        links,
        events,
        quotes,
        tags,
        diags,
    }
}

/// Appends `item` unless `seen` (what `list` holds) has it.
fn push_unique(list: &mut Vec<usize>, seen: &mut HashSet<usize>, item: usize) {
    if seen.insert(item) {
        list.push(item);
    }
}

/// Gathers sources from briefings and entries; ids are unique site-wide.
fn collect_sources(
    content: &Content,
    diags: &mut Diagnostics,
) -> (Vec<Source>, HashMap<String, usize>) {
    let mut sources: Vec<Source> = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let declared = content
        .briefings
        .iter()
        .enumerate()
        .flat_map(|(i, b)| {
            b.front
                .sources
                .iter()
                .map(move |s| (Owner::Briefing(i), &b.doc.path, s))
        })
        .chain(content.entries.iter().enumerate().flat_map(|(i, e)| {
            e.front
                .sources
                .iter()
                .map(move |s| (Owner::Entry(i), &e.doc.path, s))
        }));
    for (owner, path, s) in declared {
        if !is_slug(&s.id.value) {
            diags.push(
                Diagnostic::error(
                    path,
                    format!("source id `{}` is not a valid id", s.id.value),
                )
                .at(s.id.pos)
                .help(format!(
                    "ids match [a-z0-9]+(-[a-z0-9]+)*, e.g. `{}`",
                    slugify(&s.id.value)
                )),
            );
            continue;
        }
        if let Some(&first) = ids.get(&s.id.value) {
            let first_path = match sources[first].declared_in {
                Owner::Briefing(i) => &content.briefings[i].doc.path,
                Owner::Entry(i) => &content.entries[i].doc.path,
            };
            diags.push(
                Diagnostic::error(
                    path,
                    format!("source id `{}` is declared twice", s.id.value),
                )
                .at(s.id.pos)
                .spanning(s.id.value.chars().count())
                .help(format!(
                    "it is first declared in {}; cite that one or choose another id",
                    first_path.display()
                )),
            );
            continue;
        }
        ids.insert(s.id.value.clone(), sources.len());
        sources.push(Source {
            front: s.clone(),
            declared_in: owner,
        });
    }
    (sources, ids)
}

/// Looks ids up and reports the ones that are not there.
struct Resolver<'a> {
    broken: &'a std::collections::HashSet<String>,
    entry_ids: &'a HashMap<String, usize>,
    source_ids: &'a HashMap<String, usize>,
    diags: &'a mut Diagnostics,
}

impl Resolver<'_> {
    fn entry(&mut self, path: &Path, id: &Located<String>, what: &str) -> Option<usize> {
        if self.broken.contains(&id.value) {
            return None; // its own file's problem is reported already
        }
        lookup(self.entry_ids, path, id, what, "glossary entry", self.diags)
    }

    fn source(&mut self, path: &Path, id: &Located<String>) -> Option<usize> {
        lookup(self.source_ids, path, id, "source", "source", self.diags)
    }
}

fn lookup(
    ids: &HashMap<String, usize>,
    path: &Path,
    id: &Located<String>,
    what: &str,
    kind: &str,
    diags: &mut Diagnostics,
) -> Option<usize> {
    if let Some(&i) = ids.get(&id.value) {
        return Some(i);
    }
    let help = did_you_mean(&id.value, ids.keys().map(String::as_str)).unwrap_or_else(|| {
        if kind == "glossary entry" {
            format!(
                "create content/glossary/{}.md, or fix the id",
                slugify(&id.value)
            )
        } else {
            "declare the source under `sources:` in some briefing or entry".to_string()
        }
    });
    diags.push(
        Diagnostic::error(path, format!("unknown {kind} `{}` ({what})", id.value))
            .at(id.pos)
            .spanning(id.value.chars().count())
            .help(help),
    );
    None
}
