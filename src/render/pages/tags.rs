//! The tags index and each tag's list of briefings, paginated past
//! `[lists] page_size` items (`/tags/page/<n>/`, `/tags/<tag>/page/<n>/`).

use std::sync::Arc;

use serde::Serialize;

use super::PageData;
use super::pagination::{Pager, page_slice};
use crate::render::views::{BriefingRef, Shared, TagRef};

impl PageData<'_> {
    /// Page `n` of the tags index, A-Z.
    pub(super) fn tags(&self, n: usize) -> TagsPage {
        let (names, size) = (&self.lists.tags, self.lists.page_size);
        TagsPage {
            tags: page_slice(names, n, size)
                .iter()
                .map(|name| TagCount {
                    tag: self.v.tag_ref(name),
                    count: self.graph.tags.get(name).map_or(0, Vec::len),
                })
                .collect(),
            pager: Pager::new(self.config, "tags/", n, names.len(), size),
        }
    }

    /// Page `n` of the briefings tagged `name`, newest first.
    pub(super) fn tag(&self, name: &str, n: usize) -> TagPage {
        let list = self
            .graph
            .tags
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let size = self.lists.page_size;
        TagPage {
            tag: self.v.tag_ref(name),
            count: list.len(),
            briefings: page_slice(list, n, size)
                .iter()
                .map(|&b| self.v.briefing_ref(b))
                .collect(),
            pager: Pager::new(self.config, &format!("tags/{name}/"), n, list.len(), size),
        }
    }
}

#[derive(Serialize)]
struct TagCount {
    tag: Shared<TagRef>,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct TagsPage {
    tags: Vec<TagCount>,
    pager: Option<Pager>,
}

#[derive(Serialize)]
pub(super) struct TagPage {
    tag: Shared<TagRef>,
    /// Every briefing with the tag, not only this page's.
    count: usize,
    briefings: Vec<Arc<BriefingRef>>,
    pager: Option<Pager>,
}
