//! `/graph.json`: the whole cross-reference graph for other tools.
//!
//! The schema is documented in `docs/graph-json.md`. Nodes are referred to
//! as `kind:id` strings (`entry:nusra-front`, `briefing:<slug>`,
//! `source:<id>`, `event:<n>`, `tag:<name>`); every edge has a `type`.
//! Drafts never appear: they are gone before the graph is built.

use serde::Serialize;

use super::crossref::CrossRefs;
use crate::config::Config;
use crate::content::Content;
use crate::graph::{Graph, Owner};

/// Bumped when the schema changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct GraphJson<'a> {
    version: u32,
    site: SiteJson<'a>,
    entries: Vec<EntryJson<'a>>,
    briefings: Vec<BriefingJson<'a>>,
    sources: Vec<SourceJson<'a>>,
    events: Vec<EventJson<'a>>,
    tags: Vec<TagJson<'a>>,
    edges: Vec<Edge<'a>>,
}

#[derive(Serialize)]
struct SiteJson<'a> {
    title: &'a str,
    base_url: &'a str,
}

#[derive(Serialize)]
struct EntryJson<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    aliases: Vec<&'a str>,
    summary: &'a str,
    url: String,
}

#[derive(Serialize)]
struct BriefingJson<'a> {
    id: &'a str,
    title: &'a str,
    date: String,
    summary: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct SourceJson<'a> {
    id: &'a str,
    title: Option<&'a str>,
    publisher: &'a str,
    date: Option<String>,
    url: Option<&'a str>,
    #[serde(rename = "ref")]
    reference: Option<&'a str>,
}

#[derive(Serialize)]
struct EventJson<'a> {
    id: String,
    date: String,
    title: &'a str,
}

#[derive(Serialize)]
struct TagJson<'a> {
    id: &'a str,
    url: String,
}

#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct Edge<'a> {
    from: Node<'a>,
    to: Node<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stance: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relation: Option<&'a str>,
}

/// A node as `kind:id`, kept in its two parts with the id borrowed: a
/// large site has hundreds of thousands of edges, and two owned strings
/// each made this file's memory several times its size.
///
/// Ordered by kind, then id, which is the order of the joined strings:
/// the kinds are in alphabetical order and none is a prefix of another.
#[derive(PartialEq, Eq, PartialOrd, Ord, Hash, Clone, Copy)]
struct Node<'a> {
    kind: NodeKind,
    id: &'a str,
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Hash, Clone, Copy)]
enum NodeKind {
    Briefing,
    Entry,
    Event,
    Source,
    Tag,
}

impl NodeKind {
    fn as_str(self) -> &'static str {
        match self {
            NodeKind::Briefing => "briefing",
            NodeKind::Entry => "entry",
            NodeKind::Event => "event",
            NodeKind::Source => "source",
            NodeKind::Tag => "tag",
        }
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!("{}:{}", self.kind.as_str(), self.id))
    }
}

fn node(kind: NodeKind, id: &str) -> Node<'_> {
    Node { kind, id }
}

fn edge<'a>(from: Node<'a>, to: Node<'a>, kind: &'static str) -> Edge<'a> {
    Edge {
        from,
        to,
        kind,
        position: None,
        stance: None,
        relation: None,
    }
}

/// Writes the graph out as it is serialized; the output is the same for the same input.
pub fn write(
    content: &Content,
    graph: &Graph,
    config: &Config,
    xref: &CrossRefs,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    use NodeKind::*;
    // Events are numbered from 1 in the order they were read.
    let event_ids: Vec<String> = (1..=graph.events.len()).map(|n| n.to_string()).collect();
    let entry = |i: usize| node(Entry, &content.entries[i].doc.slug);
    let briefing = |i: usize| node(Briefing, &content.briefings[i].doc.slug);
    let source = |i: usize| node(Source, &graph.sources[i].front.id.value);
    let event = |n: usize| node(Event, &event_ids[n]);
    let owner = |o: Owner| match o {
        Owner::Briefing(i) => briefing(i),
        Owner::Entry(i) => entry(i),
    };
    let mut edges = Vec::new();
    for (b, links) in graph.briefings.iter().enumerate() {
        for s in &links.stakeholders {
            edges.push(Edge {
                position: s.position.as_deref(),
                stance: Some(s.stance.as_str()),
                ..edge(briefing(b), entry(s.entry), "stakeholder")
            });
        }
        for &e in &xref.mentioned[b] {
            edges.push(edge(briefing(b), entry(e), "mentions"));
        }
        for ps in &xref.briefing_sources[b] {
            let kind = if ps.cited { "cites" } else { "uses" };
            edges.push(edge(briefing(b), source(ps.source), kind));
        }
        for &r in &xref.related[b] {
            edges.push(edge(briefing(b), briefing(r), "related"));
        }
        for t in &content.briefings[b].front.tags {
            edges.push(edge(briefing(b), node(Tag, &t.value), "tagged"));
        }
    }
    for (i, links) in graph.entries.iter().enumerate() {
        for r in links.related.iter().filter(|r| r.declared) {
            edges.push(Edge {
                relation: r.relation.as_deref(),
                ..edge(entry(i), entry(r.other), "related")
            });
        }
        for ps in &xref.entry_sources[i] {
            let kind = if ps.cited { "cites" } else { "uses" };
            edges.push(edge(entry(i), source(ps.source), kind));
        }
        for bl in &xref.backlinks[i] {
            if let Owner::Entry(_) = bl.from {
                edges.push(edge(owner(bl.from), entry(i), "mentions"));
            }
        }
    }
    for (n, ev) in graph.events.iter().enumerate() {
        let id = event(n);
        edges.push(edge(briefing(ev.briefing), id, "records"));
        if let Some(s) = ev.source {
            edges.push(edge(id, source(s), "source"));
        }
        for &e in &ev.involves {
            edges.push(edge(id, entry(e), "involves"));
        }
    }
    for q in &graph.quotes {
        edges.push(edge(entry(q.by), briefing(q.briefing), "quoted_in"));
    }
    for s in &graph.sources {
        edges.push(edge(
            owner(s.declared_in),
            node(Source, &s.front.id.value),
            "declares",
        ));
    }
    // Drafts built for preview still stay out of the graph.
    let drafts: std::collections::HashSet<Node> = content
        .briefings
        .iter()
        .enumerate()
        .filter(|(_, b)| b.front.draft)
        .map(|(i, _)| briefing(i))
        .collect();
    let draft_events: std::collections::HashSet<Node> = graph
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| content.briefings[e.briefing].front.draft)
        .map(|(n, _)| event(n))
        .collect();
    edges.retain(|e| {
        ![&e.from, &e.to]
            .iter()
            .any(|n| drafts.contains(*n) || draft_events.contains(*n))
    });
    edges.sort();
    edges.dedup();

    let doc = GraphJson {
        version: SCHEMA_VERSION,
        site: SiteJson {
            title: &config.title,
            base_url: &config.base_url,
        },
        entries: content
            .entries
            .iter()
            .map(|e| EntryJson {
                id: &e.doc.slug,
                title: &e.front.title.value,
                kind: e.front.kind.as_str(),
                aliases: e.front.aliases.iter().map(|a| a.value.as_str()).collect(),
                summary: &e.front.summary,
                url: config.url_to(&format!("glossary/{}/", e.doc.slug)),
            })
            .collect(),
        briefings: content
            .briefings
            .iter()
            .filter(|b| !b.front.draft)
            .map(|b| BriefingJson {
                id: &b.doc.slug,
                title: &b.front.title,
                date: b.front.date.value.to_string(),
                summary: b.front.summary.as_deref(),
                url: config.url_to(&format!("briefings/{}/", b.doc.slug)),
            })
            .collect(),
        sources: graph
            .sources
            .iter()
            .map(|s| SourceJson {
                id: &s.front.id.value,
                title: s.front.title.as_deref(),
                publisher: &s.front.publisher,
                date: s.front.date.map(|d| d.to_string()),
                url: s.front.url.as_deref(),
                reference: s.front.reference.as_deref(),
            })
            .collect(),
        events: graph
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| !content.briefings[e.briefing].front.draft)
            .map(|(n, e)| EventJson {
                id: format!("event:{}", n + 1),
                date: e.date.to_string(),
                title: &e.title,
            })
            .collect(),
        tags: graph
            .tags
            .keys()
            .map(|t| TagJson {
                id: t,
                url: config.url_to(&format!("tags/{t}/")),
            })
            .collect(),
        edges,
    };
    // Plain data of strings and numbers: serialization cannot fail.
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}
