//! The sources index: every source, by publisher, with the briefings that
//! use it.
//!
//! Up to `[lists] page_size` sources it is one page, as it always was. Past
//! that, `/sources/` lists the publishers with their counts, and each
//! publisher has its own page at `/sources/<publisher-slug>/`, paginated;
//! the list of publishers paginates too if it is that long itself.

use std::sync::Arc;

use serde::Serialize;

use super::PageData;
use super::lists::Lists;
use super::pagination::{Pager, page_slice};
use crate::render::views::{BriefingRef, Shared, SourceView};

impl PageData<'_> {
    /// Page `n` of the sources index: every source by publisher, or, when
    /// split, the publishers with their counts.
    pub(super) fn sources_index(&self, n: usize) -> SourcesPage {
        let lists = self.lists;
        if !lists.sources_split() {
            return SourcesPage {
                publishers: lists
                    .publishers
                    .iter()
                    .map(|p| self.publisher_group(&p.name, &lists.sources[p.sources.clone()]))
                    .collect(),
                ..self.sources_page()
            };
        }
        let size = lists.page_size;
        SourcesPage {
            publisher_index: page_slice(&lists.publishers, n, size)
                .iter()
                .map(|p| PublisherLink {
                    publisher: p.name.clone(),
                    count: p.sources.len(),
                    url: self.config.path_to(&Lists::publisher_rel(p)),
                })
                .collect(),
            pager: Pager::new(self.config, "sources/", n, lists.publishers.len(), size),
            ..self.sources_page()
        }
    }

    /// Page `n` of the sources of publisher `p` of a split index.
    pub(super) fn publisher(&self, p: usize, n: usize) -> SourcesPage {
        let (lists, size) = (self.lists, self.lists.page_size);
        let p = &lists.publishers[p];
        let all = &lists.sources[p.sources.clone()];
        SourcesPage {
            publishers: vec![self.publisher_group(&p.name, page_slice(all, n, size))],
            publisher: Some(p.name.clone()),
            pager: Pager::new(self.config, &Lists::publisher_rel(p), n, all.len(), size),
            ..self.sources_page()
        }
    }

    /// What every page of the sources index shows: the totals.
    fn sources_page(&self) -> SourcesPage {
        SourcesPage {
            count: self.lists.sources.len(),
            publisher_count: self.lists.publishers.len(),
            split: self.lists.sources_split(),
            publishers: Vec::new(),
            publisher_index: Vec::new(),
            publisher: None,
            pager: None,
        }
    }

    fn publisher_group(&self, name: &str, sources: &[usize]) -> PublisherGroup {
        PublisherGroup {
            publisher: name.to_string(),
            sources: sources
                .iter()
                .map(|&i| SourceUse {
                    source: self.v.source(i),
                    briefings: self.xref.source_briefings[i]
                        .iter()
                        .map(|&b| self.v.briefing_ref(b))
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct SourceUse {
    source: Shared<SourceView>,
    briefings: Vec<Arc<BriefingRef>>,
}

#[derive(Serialize)]
struct PublisherGroup {
    publisher: String,
    sources: Vec<SourceUse>,
}

/// A publisher of a split index, with its page.
#[derive(Serialize)]
struct PublisherLink {
    publisher: String,
    count: usize,
    url: String,
}

#[derive(Serialize)]
pub(super) struct SourcesPage {
    /// Every source of the site.
    count: usize,
    /// Every publisher of the site.
    publisher_count: usize,
    /// Whether the index lists publishers, each with pages of its own.
    split: bool,
    /// The sources this page shows, by publisher: all of them on an index
    /// of one page, one publisher's on a publisher page, none on a split
    /// index.
    publishers: Vec<PublisherGroup>,
    /// This page's publishers with their counts and pages, when the index
    /// is split.
    publisher_index: Vec<PublisherLink>,
    /// The publisher of a publisher page.
    publisher: Option<String>,
    pager: Option<Pager>,
}
