//! The pages around the content: the Atom feed, the sitemap, the search
//! page and the not-found page.

use serde::Serialize;

use super::{PageData, PageKind};

impl PageData<'_> {
    pub(super) fn search(&self) -> SearchPage {
        SearchPage {
            search: self.config.search,
        }
    }

    /// The Atom feed: the newest `[lists] page_size` briefings, so the
    /// feed stays small at any size; its `<updated>` is the latest change
    /// of any published briefing.
    pub(super) fn feed(&self) -> FeedPage {
        let config = self.config;
        let dates = |b: usize| {
            let f = &self.content.briefings[b].front;
            let published = f.date.value;
            let updated = f
                .updated
                .as_ref()
                .map_or(published, |u| u.value.max(published));
            (published, updated)
        };
        // An empty site still needs a valid `<updated>`.
        let updated = self
            .published()
            .map(|b| dates(b).1)
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let entries: Vec<FeedEntry> = self
            .published()
            .take(config.page_size)
            .map(|b| {
                let f = &self.content.briefings[b].front;
                let (published, updated) = dates(b);
                FeedEntry {
                    title: f.title.clone(),
                    url: config.url_to(&format!(
                        "briefings/{}/",
                        self.content.briefings[b].doc.slug
                    )),
                    published: published.rfc3339(),
                    updated: updated.rfc3339(),
                    summary: f.summary.clone(),
                    authors: f.authors.clone(),
                    tags: f.tags.iter().map(|t| t.value.clone()).collect(),
                }
            })
            .collect();
        FeedPage {
            feed_url: config.url_to("atom.xml"),
            home_url: config.url_to(""),
            updated,
            entries,
        }
    }

    /// Every HTML page a reader or a crawler should find: the home page
    /// first, then the rest by address. Drafts and the 404 page are left
    /// out; list pages past the first are in.
    pub(super) fn sitemap(&self) -> SitemapPage {
        let config = self.config;
        let mut urls: Vec<SitemapUrl> = super::jobs(self)
            .into_iter()
            .filter_map(|job| {
                let lastmod = match job.kind {
                    PageKind::Briefing(b) => {
                        let f = &self.content.briefings[b].front;
                        if f.draft {
                            return None;
                        }
                        Some(
                            f.updated
                                .as_ref()
                                .map_or(f.date.value, |u| u.value)
                                .to_string(),
                        )
                    }
                    PageKind::NotFound | PageKind::Feed | PageKind::Sitemap => return None,
                    _ => None,
                };
                let rel = job.url.strip_prefix(&config.base_path).unwrap_or(&job.url);
                Some(SitemapUrl {
                    loc: config.url_to(rel),
                    lastmod,
                })
            })
            .collect();
        let home = config.url_to("");
        urls.sort_by(|a, b| (a.loc != home, &a.loc).cmp(&(b.loc != home, &b.loc)));
        SitemapPage { urls }
    }
}

#[derive(Serialize)]
pub(super) struct SearchPage {
    /// Whether this build makes a search index.
    search: bool,
}

#[derive(Serialize)]
struct FeedEntry {
    title: String,
    url: String,
    published: String,
    updated: String,
    summary: Option<String>,
    authors: Vec<String>,
    tags: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct FeedPage {
    feed_url: String,
    home_url: String,
    updated: String,
    entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
pub(super) struct SitemapPage {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
pub(super) struct NotFoundPage {
    pub(super) title: &'static str,
}
