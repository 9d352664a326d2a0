//! Cross-references that need every page's Markdown rendered first:
//! backlinks with their sentences, each page's numbered source list, which
//! briefings cite a source, and related briefings.
//!
//! Rendering returns what each page links to; this module inverts those
//! lists once, in time linear in the number of links, so no page ever scans
//! another.

use std::borrow::Cow;
use std::collections::BTreeMap;

use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::content::Content;
use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::graph::{Graph, Owner};
use crate::markdown::Rendered;

/// The rendered Markdown of every page.
pub struct Bodies {
    // Shared with the render cache: a rebuild reuses them without a copy.
    pub briefings: Vec<Arc<Rendered>>,
    pub entries: Vec<Arc<Rendered>>,
    pub index: Option<Arc<Rendered>>,
    /// After [`Bodies::release_html`]: each briefing's and entry's HTML,
    /// moved out of its body for its page to take once.
    released: Option<Released>,
}

/// The HTML of each briefing and entry, for its page to take.
struct Released {
    briefings: Vec<Mutex<String>>,
    entries: Vec<Mutex<String>>,
}

impl Bodies {
    pub fn new(
        briefings: Vec<Arc<Rendered>>,
        entries: Vec<Arc<Rendered>>,
        index: Option<Arc<Rendered>>,
    ) -> Self {
        Bodies {
            briefings,
            entries,
            index,
            released: None,
        }
    }

    /// For a build that renders each page once and keeps nothing, once
    /// the cross-references are made: the HTML of each briefing and entry
    /// goes to its page, which frees it once written, so the bodies are not
    /// all held until the last page; and what only the cross-references
    /// and the checks read (mentions, citations, claims) is freed now. A
    /// page reads nothing else of a body but its headings. A body shared
    /// with a cache keeps everything.
    pub fn release_html(&mut self) {
        let take = |list: &mut Vec<Arc<Rendered>>| -> Vec<Mutex<String>> {
            list.iter_mut()
                .map(|r| {
                    let Some(r) = Arc::get_mut(r) else {
                        return Mutex::new(String::new());
                    };
                    r.claims = Vec::new();
                    r.links.mentions = Vec::new();
                    r.links.citations = Vec::new();
                    r.links.problems = Vec::new();
                    r.links.anchors = Vec::new();
                    Mutex::new(std::mem::take(&mut r.html))
                })
                .collect()
        };
        if self.released.is_none()
            && self
                .briefings
                .iter()
                .chain(&self.entries)
                .all(|r| Arc::strong_count(r) == 1)
        {
            self.released = Some(Released {
                briefings: take(&mut self.briefings),
                entries: take(&mut self.entries),
            });
        }
    }

    /// The HTML of a briefing's or entry's body: taken, after
    /// [`Bodies::release_html`], so only its own page can ask for it.
    pub fn html(&self, owner: Owner) -> Cow<'_, str> {
        match (&self.released, owner) {
            (Some(r), Owner::Briefing(i)) => Cow::Owned(take(&r.briefings[i])),
            (Some(r), Owner::Entry(i)) => Cow::Owned(take(&r.entries[i])),
            (None, Owner::Briefing(i)) => Cow::Borrowed(&self.briefings[i].html),
            (None, Owner::Entry(i)) => Cow::Borrowed(&self.entries[i].html),
        }
    }
}

fn take(html: &Mutex<String>) -> String {
    std::mem::take(&mut *html.lock().unwrap_or_else(|e| e.into_inner()))
}

/// One page mentioning an entry, with the sentences of its mentions.
#[derive(Debug, Clone, Hash)]
pub struct Backlink {
    pub from: Owner,
    /// `(anchor, sentence)` of each mention on that page.
    pub mentions: Vec<Sentence>,
}

/// `(anchor, sentence)` of one mention, shared with the page's own
/// rendered body rather than copied.
pub type Sentence = (Arc<str>, Arc<str>);

/// A source in one page's list: its number (if cited) and the citation marks.
#[derive(Debug, Clone, Hash)]
pub struct PageSource {
    pub source: usize,
    pub cited: bool,
    /// Anchors of every citation of it on the page, in order.
    pub cites: Vec<String>,
}

/// The inverted link lists of the whole site.
pub struct CrossRefs {
    /// Per entry: pages that mention it, briefings first (newest first), then
    /// entries A-Z by their sort key.
    pub backlinks: Vec<Vec<Backlink>>,
    pub briefing_sources: Vec<Vec<PageSource>>,
    pub entry_sources: Vec<Vec<PageSource>>,
    /// Per source: briefings that cite it or list it, newest first.
    pub source_briefings: Vec<Vec<usize>>,
    /// Per briefing: related briefings, best first.
    pub related: Vec<Vec<usize>>,
    /// Per briefing: entries it mentions in its text.
    pub mentioned: Vec<Vec<usize>>,
    /// Per briefing: the entries that take part in it, as stakeholders or
    /// mentions, in index order, each once.
    pub actors: Vec<Vec<usize>>,
}

impl CrossRefs {
    pub fn build(
        content: &Content,
        graph: &Graph,
        bodies: &Bodies,
        diags: &mut Diagnostics,
    ) -> CrossRefs {
        let rank = &graph.rank;
        let pages: Vec<(Owner, &Arc<Rendered>)> = bodies
            .briefings
            .iter()
            .enumerate()
            .map(|(i, r)| (Owner::Briefing(i), r))
            .chain(
                bodies
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (Owner::Entry(i), r)),
            )
            .collect();
        // Each page's mentions by term, in parallel; then handed to the
        // terms in page order, so every list is in the same order as ever.
        let per_page: Vec<BTreeMap<usize, Vec<Sentence>>> = pages
            .par_iter()
            .map(|&(owner, r)| {
                let mut per_term: BTreeMap<usize, Vec<Sentence>> = BTreeMap::new();
                // A sentence shows once per term, however often it mentions it.
                let mut seen: HashSet<(usize, &str)> = HashSet::new();
                for m in &r.links.mentions {
                    if owner == Owner::Entry(m.term) || !seen.insert((m.term, &*m.context)) {
                        continue;
                    }
                    per_term
                        .entry(m.term)
                        .or_default()
                        .push((Arc::clone(&m.anchor), Arc::clone(&m.context)));
                }
                per_term
            })
            .collect();
        let mut backlinks: Vec<Vec<Backlink>> = vec![Vec::new(); content.entries.len()];
        let mut mentioned = vec![Vec::new(); content.briefings.len()];
        for (&(owner, _), per_term) in pages.iter().zip(per_page) {
            for (term, mentions) in per_term {
                if let Owner::Briefing(b) = owner {
                    mentioned[b].push(term);
                }
                backlinks[term].push(Backlink {
                    from: owner,
                    mentions,
                });
            }
        }
        backlinks.par_iter_mut().for_each(|list| {
            list.sort_by_cached_key(|b| match b.from {
                Owner::Briefing(i) => (0, rank[i], String::new()),
                Owner::Entry(i) => {
                    let f = &content.entries[i].front;
                    (
                        1,
                        0,
                        super::pages::sort_key(&f.title.value, f.sort_as.as_deref()),
                    )
                }
            });
        });

        let briefing_sources: Vec<Vec<PageSource>> = bodies
            .briefings
            .par_iter()
            .zip(&graph.briefings)
            .map(|(r, links)| page_sources(r, &links.sources))
            .collect();
        let entry_sources: Vec<Vec<PageSource>> = bodies
            .entries
            .par_iter()
            .zip(&graph.entries)
            .map(|(r, links)| page_sources(r, &links.sources))
            .collect();

        let mut source_briefings = vec![Vec::new(); graph.sources.len()];
        for (b, list) in briefing_sources.iter().enumerate() {
            for ps in list {
                source_briefings[ps.source].push(b);
            }
        }
        for list in &mut source_briefings {
            list.sort_by_key(|&b| rank[b]);
        }
        warn_uncited(content, graph, &briefing_sources, &entry_sources, diags);

        let related = related_briefings(content, graph, &mentioned, rank);
        let actors = graph
            .briefings
            .par_iter()
            .zip(&mentioned)
            .map(|(links, mentions)| {
                let mut actors: Vec<usize> = links.stakeholders.iter().map(|s| s.entry).collect();
                actors.extend(mentions);
                actors.sort_unstable();
                actors.dedup();
                actors
            })
            .collect();
        CrossRefs {
            backlinks,
            briefing_sources,
            entry_sources,
            source_briefings,
            related,
            mentioned,
            actors,
        }
    }
}

/// Cited sources first, in order of first citation, then the rest.
fn page_sources(r: &Rendered, front: &[usize]) -> Vec<PageSource> {
    // Grouped in one pass: a page may cite many sources many times.
    let mut cites: HashMap<usize, Vec<String>> = HashMap::new();
    for c in &r.links.citations {
        cites.entry(c.source).or_default().push(c.anchor.clone());
    }
    let mut out: Vec<PageSource> = r
        .links
        .cited
        .iter()
        .map(|&s| PageSource {
            source: s,
            cited: true,
            cites: cites.remove(&s).unwrap_or_default(),
        })
        .collect();
    let cited: HashSet<usize> = r.links.cited.iter().copied().collect();
    for &s in front {
        if !cited.contains(&s) {
            out.push(PageSource {
                source: s,
                cited: false,
                cites: Vec::new(),
            });
        }
    }
    out
}

/// A source that no citation anywhere uses deserves a look, not a failure.
fn warn_uncited(
    content: &Content,
    graph: &Graph,
    briefing_sources: &[Vec<PageSource>],
    entry_sources: &[Vec<PageSource>],
    diags: &mut Diagnostics,
) {
    let mut cited = vec![false; graph.sources.len()];
    for ps in briefing_sources.iter().chain(entry_sources).flatten() {
        if ps.cited {
            cited[ps.source] = true;
        }
    }
    for (i, s) in graph.sources.iter().enumerate() {
        if cited[i] {
            continue;
        }
        let path = match s.declared_in {
            Owner::Briefing(b) => &content.briefings[b].doc.path,
            Owner::Entry(e) => &content.entries[e].doc.path,
        };
        let pos: Pos = s.front.id.pos;
        diags.push(
            Diagnostic::warning(
                path,
                format!("source `{}` is never cited", s.front.id.value),
            )
            .at(pos)
            .spanning(s.front.id.value.chars().count())
            .help(format!("cite it in the text with [@{}]", s.front.id.value)),
        );
    }
}

/// Briefings ranked by shared stakeholders (weight 2) and mentioned entries
/// (weight 1). Computed through an inverted index with a dense score array
/// per worker, so the cost follows the number of shared entries, not
/// briefings squared.
fn related_briefings(
    content: &Content,
    graph: &Graph,
    mentioned: &[Vec<usize>],
    rank_of: &[usize],
) -> Vec<Vec<usize>> {
    const MAX: usize = 5;
    // Entries that appear in a large share of briefings say little about
    // relatedness and would make the index quadratic: cap their fan-out.
    const MAX_FAN: usize = 200;
    let n = content.briefings.len();
    let mut by_entry: Vec<Vec<(usize, u32)>> = vec![Vec::new(); content.entries.len()];
    let mut by_briefing: Vec<Vec<(usize, u32)>> = Vec::with_capacity(n);
    for (b, (links, mentions)) in graph.briefings.iter().zip(mentioned).enumerate() {
        let mut mine: Vec<(usize, u32)> =
            Vec::with_capacity(links.stakeholders.len() + mentions.len());
        for s in &links.stakeholders {
            mine.push((s.entry, 2));
        }
        for &e in mentions {
            match mine.iter_mut().find(|(x, _)| *x == e) {
                Some((_, w)) => *w += 1,
                None => mine.push((e, 1)),
            }
        }
        mine.sort_unstable();
        for &(e, w) in &mine {
            by_entry[e].push((b, w));
        }
        by_briefing.push(mine);
    }
    by_briefing
        .par_iter()
        .enumerate()
        .map_init(
            || (vec![0u32; n], Vec::new()),
            |(score, touched), (b, mine)| {
                for &(e, w) in mine {
                    if by_entry[e].len() > MAX_FAN {
                        continue;
                    }
                    for &(other, ow) in &by_entry[e] {
                        if other != b {
                            if score[other] == 0 {
                                touched.push(other);
                            }
                            score[other] += w.min(ow);
                        }
                    }
                }
                let mut best: Vec<(u32, usize)> = Vec::with_capacity(MAX + 1);
                for &o in touched.iter() {
                    let key = (score[o], o);
                    let better = |a: &(u32, usize), b: &(u32, usize)| {
                        a.0 > b.0 || (a.0 == b.0 && rank_of[a.1] < rank_of[b.1])
                    };
                    if best.len() < MAX || better(&key, &best[best.len() - 1]) {
                        let at = best
                            .iter()
                            .position(|x| better(&key, x))
                            .unwrap_or(best.len());
                        best.insert(at, key);
                        best.truncate(MAX);
                    }
                    score[o] = 0;
                }
                touched.clear();
                best.into_iter().map(|(_, o)| o).collect()
            },
        )
        .collect()
}
