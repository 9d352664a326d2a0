//! The tags index and each tag's list of briefings, paginated past
//! `[lists] page_size` briefings at `/tags/<tag>/page/<n>/`.

use serde::Serialize;

use super::PageData;
use super::pagination::{Pager, page_slice};
use crate::render::views::{BriefingRef, TagRef};

impl PageData<'_> {
    pub(super) fn tags(&self) -> TagsPage {
        TagsPage {
            tags: self
                .graph
                .tags
                .iter()
                .map(|(name, list)| TagCount {
                    tag: self.v.tag_ref(name),
                    count: list.len(),
                })
                .collect(),
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
    tag: TagRef,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct TagsPage {
    tags: Vec<TagCount>,
}

#[derive(Serialize)]
pub(super) struct TagPage {
    tag: TagRef,
    /// Every briefing with the tag, not only this page's.
    count: usize,
    briefings: Vec<BriefingRef>,
    pager: Option<Pager>,
}
