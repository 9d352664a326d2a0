//! `/graph.json`: the whole cross-reference graph for other tools.
//!
//! The schema is documented in `docs/graph-json.md`. Nodes are referred to
//! as `kind:id` strings (`entry:nusra-front`, `briefing:<slug>`,
//! `source:<id>`, `event:<n>`, `tag:<name>`); every edge has a `type`.
//! Drafts never appear: they are gone before the graph is built.

use std::io::Write;

use serde::Serialize;

use super::crossref::CrossRefs;
use crate::config::Config;
use crate::content::Content;
use crate::graph::{Graph, Owner};

/// Bumped when the schema changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// The file's object but its edges, which [`Edges::write`] adds last.
#[derive(Serialize)]
struct GraphJson<'a> {
    version: u32,
    site: SiteJson<'a>,
    entries: Vec<EntryJson<'a>>,
    briefings: Vec<BriefingJson<'a>>,
    sources: Vec<SourceJson<'a>>,
    events: Vec<EventJson<'a>>,
    tags: Vec<TagJson<'a>>,
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

/// One edge, in 32 bytes: its ends and kind packed in one number, which
/// is also its sort key (`from`, `to`, `kind` in their order, each in its
/// own bits). A large site has over 300,000 edges: with borrowed strings
/// in every field this file's memory was several times the size of the
/// pages being rendered beside it, and a key kept beside each edge for
/// sorting was half as much again.
#[derive(Clone, Copy)]
struct Edge {
    key: u128,
    /// Index into the edges' [`Extra`] fields, if it has any.
    extra: Option<u32>,
}

impl Edge {
    fn new(from: Node, to: Node, kind: EdgeKind, extra: Option<u32>) -> Edge {
        let node = |n: Node| u128::from(n.kind as u8) << 32 | u128::from(n.rank);
        Edge {
            key: node(from) << 39 | node(to) << 4 | u128::from(kind as u8),
            extra,
        }
    }

    fn from(&self) -> Node {
        Node::unpack(self.key >> 39)
    }

    fn to(&self) -> Node {
        Node::unpack(self.key >> 4)
    }

    fn kind(&self) -> EdgeKind {
        EdgeKind::ALL[(self.key & 0xF) as usize]
    }
}

/// What a few edges say beyond their ends.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy, Default)]
struct Extra<'a> {
    position: Option<&'a str>,
    stance: Option<&'static str>,
    relation: Option<&'a str>,
}

/// Edge types, in the alphabetical order of their names: edges sort by
/// their names as the file shows them.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum EdgeKind {
    Cites,
    Declares,
    Involves,
    Mentions,
    QuotedIn,
    Records,
    Related,
    Source,
    Stakeholder,
    Tagged,
    Uses,
}

impl EdgeKind {
    /// Every kind, in the order of their numbers.
    const ALL: [EdgeKind; 11] = [
        EdgeKind::Cites,
        EdgeKind::Declares,
        EdgeKind::Involves,
        EdgeKind::Mentions,
        EdgeKind::QuotedIn,
        EdgeKind::Records,
        EdgeKind::Related,
        EdgeKind::Source,
        EdgeKind::Stakeholder,
        EdgeKind::Tagged,
        EdgeKind::Uses,
    ];

    fn as_str(self) -> &'static str {
        use EdgeKind::*;
        match self {
            Cites => "cites",
            Declares => "declares",
            Involves => "involves",
            Mentions => "mentions",
            QuotedIn => "quoted_in",
            Records => "records",
            Related => "related",
            Source => "source",
            Stakeholder => "stakeholder",
            Tagged => "tagged",
            Uses => "uses",
        }
    }
}

/// A node as its kind and the rank of its id among the ids of that kind,
/// so that comparing two nodes is comparing `kind:id` strings: the kinds
/// are in alphabetical order and none is a prefix of another.
#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
struct Node {
    kind: NodeKind,
    rank: u32,
}

impl Node {
    /// The node packed in the low 35 bits of `bits`: its kind above its rank.
    fn unpack(bits: u128) -> Node {
        Node {
            kind: NodeKind::ALL[((bits >> 32) & 0x7) as usize],
            rank: bits as u32,
        }
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
enum NodeKind {
    Briefing,
    Entry,
    Event,
    Source,
    Tag,
}

impl NodeKind {
    const ALL: [NodeKind; 5] = [
        NodeKind::Briefing,
        NodeKind::Entry,
        NodeKind::Event,
        NodeKind::Source,
        NodeKind::Tag,
    ];

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

/// The ids of the nodes of one kind, in sorted order, and the rank of
/// each by its index in the site's own list.
struct Ids<'a> {
    sorted: Vec<&'a str>,
    rank: Vec<u32>,
}

impl<'a> Ids<'a> {
    fn new(ids: Vec<&'a str>) -> Self {
        let mut order: Vec<u32> = (0..ids.len() as u32).collect();
        order.sort_by_key(|&i| ids[i as usize]);
        let mut rank = vec![0; ids.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let sorted = order.iter().map(|&i| ids[i as usize]).collect();
        Ids { sorted, rank }
    }
}

/// The edges and what they need to be written out.
struct Edges<'a> {
    list: Vec<Edge>,
    extras: Vec<Extra<'a>>,
    ids: [Ids<'a>; 5],
}

impl Edges<'_> {
    fn extra(&self, e: &Edge) -> Extra<'_> {
        e.extra
            .map_or_else(Extra::default, |x| self.extras[x as usize])
    }

    /// The order of two edges of the same ends and kind.
    fn extra_order(&self, a: &Edge, b: &Edge) -> std::cmp::Ordering {
        self.extra(a).cmp(&self.extra(b))
    }

    /// The edges as a JSON array, written as serde_json would write them
    /// (`{"from":…,"to":…,"type":…}` and the extra fields there are), each
    /// node's quoted `"kind:id"` made once: an id shows on many edges, and
    /// escaping it again for each of some 340,000 edges at 10,000
    /// briefings was half the time of this file.
    fn write(&self, w: &mut impl Write) -> std::io::Result<()> {
        let quoted: Vec<Vec<Vec<u8>>> = NodeKind::ALL
            .iter()
            .map(|&kind| {
                self.ids[kind as usize]
                    .sorted
                    .iter()
                    .map(|id| json(&format!("{}:{id}", kind.as_str())))
                    .collect::<std::io::Result<_>>()
            })
            .collect::<std::io::Result<_>>()?;
        let node = |n: Node| quoted[n.kind as usize][n.rank as usize].as_slice();
        w.write_all(b"[")?;
        for (i, e) in self.list.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(b"{\"from\":")?;
            w.write_all(node(e.from()))?;
            w.write_all(b",\"to\":")?;
            w.write_all(node(e.to()))?;
            w.write_all(b",\"type\":\"")?;
            w.write_all(e.kind().as_str().as_bytes())?;
            w.write_all(b"\"")?;
            let x = self.extra(e);
            for (name, value) in [
                ("position", x.position),
                ("stance", x.stance),
                ("relation", x.relation),
            ] {
                if let Some(value) = value {
                    write!(w, ",\"{name}\":")?;
                    serde_json::to_writer(&mut *w, value)?;
                }
            }
            w.write_all(b"}")?;
        }
        w.write_all(b"]")
    }
}

/// Passes on everything written to it but the last byte, which it holds
/// back: an object written through it is left open for more fields.
struct WithoutLast<W> {
    inner: W,
    last: Option<u8>,
}

impl<W: Write> Write for WithoutLast<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some((&end, rest)) = buf.split_last() else {
            return Ok(0);
        };
        if let Some(held) = self.last.replace(end) {
            self.inner.write_all(&[held])?;
        }
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A string as JSON: quoted and escaped.
fn json(s: &str) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() + 2);
    serde_json::to_writer(&mut out, s)?;
    Ok(out)
}

/// Writes the graph out as it is serialized; the output is the same for the same input.
pub fn write(
    content: &Content,
    graph: &Graph,
    config: &Config,
    xref: &CrossRefs,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    use EdgeKind::*;
    // Events are numbered from 1 in the order they were read.
    let event_ids: Vec<String> = (1..=graph.events.len()).map(|n| n.to_string()).collect();
    let ids = NodeKind::ALL.map(|kind| {
        Ids::new(match kind {
            NodeKind::Briefing => content.briefings.iter().map(|b| &*b.doc.slug).collect(),
            NodeKind::Entry => content.entries.iter().map(|e| &*e.doc.slug).collect(),
            NodeKind::Event => event_ids.iter().map(String::as_str).collect(),
            NodeKind::Source => graph.sources.iter().map(|s| &*s.front.id.value).collect(),
            NodeKind::Tag => graph.tags.keys().map(String::as_str).collect(),
        })
    });
    let node = |kind: NodeKind, i: usize| Node {
        kind,
        rank: ids[kind as usize].rank[i],
    };
    let tag_index: std::collections::HashMap<&str, usize> = graph
        .tags
        .keys()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect();
    let entry = |i: usize| node(NodeKind::Entry, i);
    let briefing = |i: usize| node(NodeKind::Briefing, i);
    let source = |i: usize| node(NodeKind::Source, i);
    let event = |n: usize| node(NodeKind::Event, n);
    let owner = |o: Owner| match o {
        Owner::Briefing(i) => briefing(i),
        Owner::Entry(i) => entry(i),
    };
    let mut list = Vec::new();
    let mut extras = Vec::new();
    let mut edge =
        |from: Node, to: Node, kind: EdgeKind| list.push(Edge::new(from, to, kind, None));
    for b in 0..graph.briefings.len() {
        for &e in &xref.mentioned[b] {
            edge(briefing(b), entry(e), Mentions);
        }
        for ps in &xref.briefing_sources[b] {
            let kind = if ps.cited { Cites } else { Uses };
            edge(briefing(b), source(ps.source), kind);
        }
        for &r in &xref.related[b] {
            edge(briefing(b), briefing(r), Related);
        }
        for t in &content.briefings[b].front.tags {
            if let Some(&t) = tag_index.get(t.value.as_str()) {
                edge(briefing(b), node(NodeKind::Tag, t), Tagged);
            }
        }
    }
    for i in 0..graph.entries.len() {
        for ps in &xref.entry_sources[i] {
            let kind = if ps.cited { Cites } else { Uses };
            edge(entry(i), source(ps.source), kind);
        }
        for bl in &xref.backlinks[i] {
            if let Owner::Entry(_) = bl.from {
                edge(owner(bl.from), entry(i), Mentions);
            }
        }
    }
    for (n, ev) in graph.events.iter().enumerate() {
        let id = event(n);
        edge(briefing(ev.briefing), id, Records);
        if let Some(s) = ev.source {
            edge(id, source(s), EdgeKind::Source);
        }
        for &e in &ev.involves {
            edge(id, entry(e), Involves);
        }
    }
    for q in &graph.quotes {
        edge(entry(q.by), briefing(q.briefing), QuotedIn);
    }
    for (i, s) in graph.sources.iter().enumerate() {
        edge(owner(s.declared_in), source(i), Declares);
    }
    // The edges that say more than their ends.
    let mut with_extra = |from: Node, to: Node, kind: EdgeKind, x| {
        list.push(Edge::new(from, to, kind, Some(extras.len() as u32)));
        extras.push(x);
    };
    for (b, links) in graph.briefings.iter().enumerate() {
        for s in &links.stakeholders {
            let x = Extra {
                position: s.position.as_deref(),
                stance: Some(s.stance.as_str()),
                relation: None,
            };
            with_extra(briefing(b), entry(s.entry), Stakeholder, x);
        }
    }
    for (i, links) in graph.entries.iter().enumerate() {
        for r in links.related.iter().filter(|r| r.declared) {
            let x = Extra {
                relation: r.relation.as_deref(),
                ..Extra::default()
            };
            with_extra(entry(i), entry(r.other), Related, x);
        }
    }
    // Drafts built for preview still stay out of the graph. By rank, as
    // the nodes hold them.
    let mut briefing_draft = vec![false; content.briefings.len()];
    for (i, b) in content.briefings.iter().enumerate() {
        briefing_draft[ids[NodeKind::Briefing as usize].rank[i] as usize] = b.front.draft;
    }
    let mut event_draft = vec![false; graph.events.len()];
    for (n, e) in graph.events.iter().enumerate() {
        event_draft[ids[NodeKind::Event as usize].rank[n] as usize] =
            content.briefings[e.briefing].front.draft;
    }
    let draft = |n: Node| {
        let i = n.rank as usize;
        match n.kind {
            NodeKind::Briefing => briefing_draft[i],
            NodeKind::Event => event_draft[i],
            _ => false,
        }
    };
    list.retain(|e| !draft(e.from()) && !draft(e.to()));
    let mut edges = Edges { list, extras, ids };
    let mut list = std::mem::take(&mut edges.list);
    // Stable sort: the edges come in long runs already in order (each
    // briefing's, in id order), which it merges rather than sorts again.
    list.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| edges.extra_order(a, b)));
    list.dedup_by(|a, b| a.key == b.key && edges.extra_order(a, b).is_eq());
    edges.list = list;

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
    };
    // Plain data of strings and numbers: serialization cannot fail.
    // Buffered here, where the writer's type is known: serde_json writes
    // a few bytes at a time, and each write through `dyn Write` was a call
    // that could not be inlined (some 12 million at 10,000 briefings).
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut *out);
    let w = &mut buffered;
    // The object as serde_json writes it, less its closing brace, so that
    // the edges can be written their own way.
    serde_json::to_writer(
        WithoutLast {
            inner: &mut *w,
            last: None,
        },
        &doc,
    )?;
    w.write_all(b",\"edges\":")?;
    edges.write(w)?;
    w.write_all(b"}\n")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_keys_sort_as_their_triples() {
        let kinds = [NodeKind::Briefing, NodeKind::Event, NodeKind::Tag];
        let ranks = [0, 1, 7, u32::MAX];
        let mut edges = Vec::new();
        for from_kind in kinds {
            for from_rank in ranks {
                for to_kind in kinds {
                    for to_rank in ranks {
                        for kind in [EdgeKind::Cites, EdgeKind::Stakeholder, EdgeKind::Uses] {
                            let (from, to) = (
                                Node {
                                    kind: from_kind,
                                    rank: from_rank,
                                },
                                Node {
                                    kind: to_kind,
                                    rank: to_rank,
                                },
                            );
                            let edge = Edge::new(from, to, kind, None);
                            // What is packed comes back out.
                            assert!(edge.from() == from && edge.to() == to && edge.kind() == kind);
                            edges.push(edge);
                        }
                    }
                }
            }
        }
        for a in &edges {
            for b in &edges {
                assert_eq!(
                    a.key.cmp(&b.key),
                    (a.from(), a.to(), a.kind()).cmp(&(b.from(), b.to(), b.kind()))
                );
            }
        }
    }

    #[test]
    fn edges_are_written_as_json() {
        let ids = |v: &[&'static str]| Ids::new(v.to_vec());
        let edges = Edges {
            list: vec![
                Edge::new(
                    Node {
                        kind: NodeKind::Briefing,
                        rank: 0,
                    },
                    Node {
                        kind: NodeKind::Entry,
                        rank: 0,
                    },
                    EdgeKind::Stakeholder,
                    Some(0),
                ),
                Edge::new(
                    Node {
                        kind: NodeKind::Source,
                        rank: 0,
                    },
                    Node {
                        kind: NodeKind::Tag,
                        rank: 0,
                    },
                    EdgeKind::Tagged,
                    None,
                ),
            ],
            extras: vec![Extra {
                position: Some("Says \"no\" \\ ‘never’\n"),
                stance: Some("opposes"),
                relation: None,
            }],
            ids: [
                ids(&["b"]),
                ids(&["é\"q"]),
                ids(&[]),
                ids(&["s\\1"]),
                ids(&["t\u{1}"]),
            ],
        };
        let mut out = Vec::new();
        edges.write(&mut out).unwrap();
        let written = String::from_utf8(out).unwrap();
        // Field order as the schema gives it, escapes as serde_json makes them.
        let expected = r#"[{"from":"briefing:b","to":"entry:é\"q","type":"stakeholder","position":"Says \"no\" \\ ‘never’\n","stance":"opposes"},{"from":"source:s\\1","to":"tag:t\u0001","type":"tagged"}]"#;
        assert_eq!(written, expected);
        let parsed: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(parsed[0]["to"], "entry:é\"q");
        assert_eq!(parsed[1]["to"], "tag:t\u{1}");
    }
}
