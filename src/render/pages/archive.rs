//! The briefing lists: the home page with the latest briefings, and the
//! archive of every briefing, newest first, paginated.
//!
//! Both list what this build makes, drafts included when they are built,
//! so a preview with `--drafts` can reach every page it made.

use std::sync::Arc;

use serde::Serialize;

use super::PageData;
use super::pagination::{Pager, page_slice};
use crate::render::views::BriefingRef;

/// How many briefings the home page lists; the archive has the rest.
const LATEST: usize = 20;

impl PageData<'_> {
    pub(super) fn home(&self) -> HomePage {
        let (content, config, v) = (self.content, self.config, self.v);
        HomePage {
            title: content
                .index
                .as_ref()
                .and_then(|i| i.front.title.clone())
                .unwrap_or_else(|| config.title.clone()),
            content: self
                .bodies
                .index
                .as_ref()
                .map(|r| r.html.clone())
                .unwrap_or_default(),
            latest: self
                .graph
                .chronological
                .iter()
                .take(LATEST)
                .map(|&i| v.briefing_ref(i))
                .collect(),
            briefing_count: self.graph.chronological.len(),
            briefings_url: config.path_to("briefings/"),
            glossary_url: config.path_to("glossary/"),
            timeline_url: config.path_to("timeline/"),
            sources_url: config.path_to("sources/"),
            tags_url: config.path_to("tags/"),
        }
    }

    /// Page `n` of the archive at `/briefings/`.
    pub(super) fn archive(&self, n: usize) -> ArchivePage {
        let all = &self.graph.chronological;
        let size = self.lists.page_size;
        ArchivePage {
            count: all.len(),
            briefings: page_slice(all, n, size)
                .iter()
                .map(|&b| self.v.briefing_ref(b))
                .collect(),
            pager: Pager::new(self.config, "briefings/", n, all.len(), size),
        }
    }
}

#[derive(Serialize)]
pub(super) struct HomePage {
    title: String,
    #[serde(serialize_with = "super::safe_html")]
    content: String,
    latest: Vec<Arc<BriefingRef>>,
    /// Every briefing of the build, for the link to the archive.
    briefing_count: usize,
    briefings_url: String,
    glossary_url: String,
    timeline_url: String,
    sources_url: String,
    tags_url: String,
}

#[derive(Serialize)]
pub(super) struct ArchivePage {
    /// Every briefing of the build, not only this page's.
    count: usize,
    briefings: Vec<Arc<BriefingRef>>,
    pager: Option<Pager>,
}
