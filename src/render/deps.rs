//! What each page reads, recorded while it renders, so that a rebuild in
//! `serve` re-renders only the pages whose inputs changed.
//!
//! An input is one unit of the site with a fingerprint taken once per
//! build: a briefing's or entry's file, or one row of what the cross-
//! references derive for it (its backlinks, source list, related
//! briefings...). A page of an item family declares the rows it reads
//! itself ([`declared`]); every other briefing, entry or source it shows is
//! recorded as it is read, by the [`super::views::Views`] accessors
//! calling [`read`]. The inputs are kept next to the page with a key made
//! from their fingerprints: when none changed, neither did the page, and
//! no pass over the page's data is needed to know it.
//!
//! Pages made from the whole site (lists, feeds, the sitemap) depend on a
//! fingerprint of everything, and every page on the site's structure (its
//! files, counts, configuration and templates): adding a file re-renders
//! all, as it shifts the indices inputs are named by.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::crossref::CrossRefs;
use super::hash_of;
use super::pages::PageKind;
use crate::content::Content;
use crate::graph::{Graph, Owner};

/// One input of a page, by index in this build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Input {
    /// A briefing's file: front matter and body.
    Briefing(usize),
    /// An entry's file.
    Entry(usize),
    /// The entries a briefing mentions.
    Mentioned(usize),
    /// A briefing's numbered source list.
    BriefingSources(usize),
    /// A briefing's related briefings.
    Related(usize),
    /// What points at an entry: relations, stakeholder roles, quotes, events.
    EntryLinks(usize),
    /// The pages that mention an entry, with their sentences.
    Backlinks(usize),
    /// An entry's source list.
    EntrySources(usize),
}

thread_local! {
    /// The inputs read by the page rendering on this thread, if recording.
    static READS: RefCell<Option<Vec<Input>>> = const { RefCell::new(None) };
}

/// Notes that the page being rendered read `input`.
pub fn read(input: Input) {
    READS.with(|r| {
        if let Some(reads) = r.borrow_mut().as_mut() {
            reads.push(input);
        }
    });
}

/// Runs `f` (rendering one page), returning what it read, sorted.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<Input>) {
    let outer = READS.with(|r| r.replace(Some(Vec::new())));
    let out = f();
    let mut reads = READS.with(|r| r.replace(outer)).unwrap_or_default();
    reads.sort_unstable();
    reads.dedup();
    (out, reads)
}

/// The rows a page of an item family reads itself; `None` for a page made
/// from the whole site. A new item family declares its rows here.
pub fn declared(kind: PageKind<'_>) -> Option<Vec<Input>> {
    use Input::*;
    match kind {
        PageKind::Briefing(i) => Some(vec![
            Briefing(i),
            Mentioned(i),
            BriefingSources(i),
            Related(i),
        ]),
        PageKind::Entry(i) => Some(vec![Entry(i), EntryLinks(i), Backlinks(i), EntrySources(i)]),
        PageKind::Mentions(i, _) => Some(vec![Entry(i), Backlinks(i)]),
        _ => None,
    }
}

/// The fingerprint of every input of one build.
pub struct Fingerprints {
    briefings: Vec<u64>,
    entries: Vec<u64>,
    mentioned: Vec<u64>,
    briefing_sources: Vec<u64>,
    related: Vec<u64>,
    entry_links: Vec<u64>,
    backlinks: Vec<u64>,
    entry_sources: Vec<u64>,
    /// Everything at once, for pages made from the whole site.
    pub everything: u64,
    /// The files, counts and settings: what indices and every page rest on.
    pub structure: u64,
}

fn each<T: Hash + Sync>(rows: &[T]) -> Vec<u64> {
    rows.par_iter().map(hash_of).collect()
}

impl Fingerprints {
    /// Takes the fingerprints; `settings` is a hash of everything else
    /// every page rests on (templates, configuration).
    pub fn new(content: &Content, graph: &Graph, xref: &CrossRefs, settings: u64) -> Fingerprints {
        let briefings: Vec<u64> = content
            .briefings
            .par_iter()
            .map(|b| hash_of(&b.doc.text))
            .collect();
        let entries: Vec<u64> = content
            .entries
            .par_iter()
            .map(|e| hash_of(&e.doc.text))
            .collect();
        let structure = hash_of(&(
            settings,
            graph.linker.fingerprint,
            content
                .briefings
                .iter()
                .map(|b| &b.doc.slug)
                .collect::<Vec<_>>(),
            content
                .entries
                .iter()
                .map(|e| &e.doc.slug)
                .collect::<Vec<_>>(),
            (graph.sources.len(), graph.events.len(), graph.quotes.len()),
        ));
        let mut fp = Fingerprints {
            mentioned: each(&xref.mentioned),
            briefing_sources: each(&xref.briefing_sources),
            related: each(&xref.related),
            entry_links: each(&graph.entries),
            backlinks: each(&xref.backlinks),
            entry_sources: each(&xref.entry_sources),
            briefings,
            entries,
            everything: 0,
            structure,
        };
        fp.everything = hash_of(&(
            structure,
            &fp.briefings,
            &fp.entries,
            &fp.mentioned,
            &fp.briefing_sources,
            &fp.related,
            &fp.entry_links,
            &fp.backlinks,
            &fp.entry_sources,
            &xref.source_briefings,
            content.index.as_ref().map(|i| &i.doc.text),
        ));
        fp
    }

    /// The fingerprint of one input (`None`: no such input in this build).
    fn of(&self, input: Input) -> Option<u64> {
        use Input::*;
        let (list, i) = match input {
            Briefing(i) => (&self.briefings, i),
            Entry(i) => (&self.entries, i),
            Mentioned(i) => (&self.mentioned, i),
            BriefingSources(i) => (&self.briefing_sources, i),
            Related(i) => (&self.related, i),
            EntryLinks(i) => (&self.entry_links, i),
            Backlinks(i) => (&self.backlinks, i),
            EntrySources(i) => (&self.entry_sources, i),
        };
        list.get(i).copied()
    }

    /// The key of a page: `base` (what it is: URL, template) with the
    /// fingerprints of what it read, or of everything when it read the
    /// whole site (`reads` is `None`).
    pub fn key(&self, base: u64, reads: Option<&[Input]>) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (base, self.structure).hash(&mut h);
        match reads {
            None => self.everything.hash(&mut h),
            Some(reads) => {
                for &input in reads {
                    (input, self.of(input)).hash(&mut h);
                }
            }
        }
        h.finish()
    }
}

/// Records what a source belongs to: its declaring file.
pub fn read_source_owner(owner: Owner) {
    match owner {
        Owner::Briefing(b) => read(Input::Briefing(b)),
        Owner::Entry(e) => read(Input::Entry(e)),
    }
}
