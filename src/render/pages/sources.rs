//! The sources index: every source, by publisher, with the briefings that
//! use it.
//!
//! Up to `[lists] page_size` sources it is one page, as it always was. Past
//! that, `/sources/` lists the publishers with their counts, and each
//! publisher has its own page at `/sources/<publisher-slug>/`, paginated.

use serde::Serialize;

use super::PageData;
use super::lists::Lists;
use super::pagination::{Pager, page_slice};
use crate::render::views::{BriefingRef, SourceView};

impl PageData<'_> {
    /// The index (`None`), or page `n` of publisher `p` of a split index.
    pub(super) fn sources(&self, publisher_page: Option<(usize, usize)>) -> SourcesPage {
        let lists = self.lists;
        let split = lists.sources_split();
        let publisher_index = if split {
            lists
                .publishers
                .iter()
                .map(|p| PublisherLink {
                    publisher: p.name.clone(),
                    count: p.sources.len(),
                    url: self.config.path_to(&Lists::publisher_rel(p)),
                })
                .collect()
        } else {
            Vec::new()
        };
        let (publishers, publisher, pager) = match publisher_page {
            None if split => (Vec::new(), None, None),
            None => (
                lists
                    .publishers
                    .iter()
                    .map(|p| self.publisher_group(&p.name, &lists.sources[p.sources.clone()]))
                    .collect(),
                None,
                None,
            ),
            Some((p, n)) => {
                let p = &lists.publishers[p];
                let all = &lists.sources[p.sources.clone()];
                let size = lists.page_size;
                (
                    vec![self.publisher_group(&p.name, page_slice(all, n, size))],
                    Some(p.name.clone()),
                    Pager::new(self.config, &Lists::publisher_rel(p), n, all.len(), size),
                )
            }
        };
        SourcesPage {
            count: lists.sources.len(),
            publishers,
            publisher_index,
            publisher,
            pager,
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
    source: SourceView,
    briefings: Vec<BriefingRef>,
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
    /// The sources this page shows, by publisher: all of them on an index
    /// of one page, one publisher's on a publisher page, none on a split
    /// index.
    publishers: Vec<PublisherGroup>,
    /// Every publisher with its count and page, when the index is split.
    publisher_index: Vec<PublisherLink>,
    /// The publisher of a publisher page.
    publisher: Option<String>,
    pager: Option<Pager>,
}
