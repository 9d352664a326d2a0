//! The pages of a site, each a template plus the data it shows.

use serde::Serialize;

use super::coverage::Coverage;
use super::crossref::{Backlink, Bodies, CrossRefs, PageSource};
use super::reading::{self, Infobox, StanceCount, StanceGroup};
use super::views::{
    BriefingRef, DateView, EntryRef, EventView, QuoteView, RelationView, SourceView, StakeholderIn,
    StakeholderView, TagRef, Views, toc,
};
use crate::config::Config;
use crate::content::{Content, Kind};
use crate::graph::{Graph, Owner};
use crate::markdown::Heading;

/// Which page a job renders.
#[derive(Debug, Clone, Copy)]
pub enum PageKind<'a> {
    Home,
    Briefing(usize),
    Entry(usize),
    Glossary,
    Tags,
    Tag(&'a str),
    Timeline,
    Sources,
    NotFound,
    Feed,
    Sitemap,
    Search,
}

/// One page to render: where it goes, which template, and what it shows.
pub struct Job<'a> {
    pub path: String,
    pub template: &'static str,
    pub url: String,
    pub kind: PageKind<'a>,
}

/// Every page of the site. Cheap: the data of each page is gathered by
/// [`PageData::insert`] when it renders, in parallel.
pub fn jobs<'a>(content: &'a Content, graph: &'a Graph, config: &Config) -> Vec<Job<'a>> {
    let mut jobs =
        Vec::with_capacity(content.briefings.len() + content.entries.len() + graph.tags.len() + 8);
    let mut push = |path: String, template, url: String, kind| {
        jobs.push(Job {
            path,
            template,
            url,
            kind,
        })
    };
    push(
        "index.html".into(),
        "index.html",
        config.path_to(""),
        PageKind::Home,
    );
    for (i, b) in content.briefings.iter().enumerate() {
        let rel = format!("briefings/{}/", b.doc.slug);
        push(
            format!("{rel}index.html"),
            "briefing.html",
            config.path_to(&rel),
            PageKind::Briefing(i),
        );
    }
    for (i, e) in content.entries.iter().enumerate() {
        let rel = format!("glossary/{}/", e.doc.slug);
        push(
            format!("{rel}index.html"),
            "entry.html",
            config.path_to(&rel),
            PageKind::Entry(i),
        );
    }
    push(
        "glossary/index.html".into(),
        "glossary.html",
        config.path_to("glossary/"),
        PageKind::Glossary,
    );
    push(
        "tags/index.html".into(),
        "tags.html",
        config.path_to("tags/"),
        PageKind::Tags,
    );
    for name in graph.tags.keys() {
        let rel = format!("tags/{name}/");
        push(
            format!("{rel}index.html"),
            "tag.html",
            config.path_to(&rel),
            PageKind::Tag(name),
        );
    }
    push(
        "timeline/index.html".into(),
        "timeline.html",
        config.path_to("timeline/"),
        PageKind::Timeline,
    );
    push(
        "sources/index.html".into(),
        "sources.html",
        config.path_to("sources/"),
        PageKind::Sources,
    );
    push(
        "404.html".into(),
        "404.html",
        config.path_to("404.html"),
        PageKind::NotFound,
    );
    push(
        "search/index.html".into(),
        "search.html",
        config.path_to("search/"),
        PageKind::Search,
    );
    push(
        "atom.xml".into(),
        "atom.xml",
        config.path_to("atom.xml"),
        PageKind::Feed,
    );
    push(
        "sitemap.xml".into(),
        "sitemap.xml",
        config.path_to("sitemap.xml"),
        PageKind::Sitemap,
    );
    jobs
}

/// Everything pages are made from.
pub struct PageData<'a> {
    pub content: &'a Content,
    pub graph: &'a Graph,
    pub config: &'a Config,
    pub v: &'a Views<'a>,
    pub bodies: &'a Bodies,
    pub xref: &'a CrossRefs,
    /// Citation coverage of each briefing.
    pub coverage: &'a [Coverage],
}

impl PageData<'_> {
    /// Puts the page's own data into `ctx` as `page`.
    pub fn insert(&self, kind: PageKind<'_>, ctx: &mut tera::Context) {
        match kind {
            PageKind::Home => ctx.insert("page", &self.home()),
            PageKind::Briefing(i) => ctx.insert("page", &self.briefing(i)),
            PageKind::Entry(i) => ctx.insert("page", &self.entry(i)),
            PageKind::Glossary => ctx.insert("page", &self.glossary()),
            PageKind::Tags => ctx.insert("page", &self.tags()),
            PageKind::Tag(name) => ctx.insert("page", &self.tag(name)),
            PageKind::Timeline => ctx.insert("page", &timeline(self.v, self.graph)),
            PageKind::Sources => ctx.insert("page", &sources_page(self.v, self.graph, self.xref)),
            PageKind::NotFound => ctx.insert(
                "page",
                &NotFoundPage {
                    title: "Page not found",
                },
            ),
            PageKind::Feed => ctx.insert("page", &self.feed()),
            PageKind::Search => ctx.insert("page", &self.search()),
            PageKind::Sitemap => ctx.insert("page", &self.sitemap()),
        }
    }

    /// A hash of the page's data, to tell whether it must render again.
    pub fn hash(&self, kind: PageKind<'_>) -> u64 {
        let mut w = std::io::BufWriter::with_capacity(
            64 * 1024,
            HashWriter(std::collections::hash_map::DefaultHasher::new()),
        );
        let r = match kind {
            PageKind::Home => serde_json::to_writer(&mut w, &self.home()),
            PageKind::Briefing(i) => serde_json::to_writer(&mut w, &self.briefing(i)),
            PageKind::Entry(i) => serde_json::to_writer(&mut w, &self.entry(i)),
            PageKind::Glossary => serde_json::to_writer(&mut w, &self.glossary()),
            PageKind::Tags => serde_json::to_writer(&mut w, &self.tags()),
            PageKind::Tag(name) => serde_json::to_writer(&mut w, &self.tag(name)),
            PageKind::Timeline => serde_json::to_writer(&mut w, &timeline(self.v, self.graph)),
            PageKind::Sources => {
                serde_json::to_writer(&mut w, &sources_page(self.v, self.graph, self.xref))
            }
            PageKind::NotFound => Ok(()),
            PageKind::Search => serde_json::to_writer(&mut w, &self.search()),
            PageKind::Feed => serde_json::to_writer(&mut w, &self.feed()),
            PageKind::Sitemap => serde_json::to_writer(&mut w, &self.sitemap()),
        };
        // Writing to a hasher cannot fail; if it did, never reuse the page.
        match (r, w.into_inner()) {
            (Ok(()), Ok(h)) => std::hash::Hasher::finish(&h.0),
            _ => never_cached_key(),
        }
    }

    /// The title, description and Open Graph type of a page, for `<head>`.
    pub fn meta(&self, kind: PageKind<'_>) -> Meta {
        let site = &self.config;
        let (title, description, og_type) = match kind {
            PageKind::Briefing(i) => {
                let f = &self.content.briefings[i].front;
                (
                    f.title.clone(),
                    f.summary
                        .clone()
                        .unwrap_or_else(|| site.description.clone()),
                    "article",
                )
            }
            PageKind::Entry(i) => {
                let f = &self.content.entries[i].front;
                (f.title.value.clone(), f.summary.clone(), "article")
            }
            PageKind::Glossary => (
                "Glossary".into(),
                format!("Every actor and term in {}", site.title),
                "website",
            ),
            PageKind::Timeline => (
                "Timeline".into(),
                format!("Every dated event in {}", site.title),
                "website",
            ),
            PageKind::Sources => (
                "Sources".into(),
                format!("Every source cited in {}", site.title),
                "website",
            ),
            PageKind::Tags => ("Tags".into(), site.description.clone(), "website"),
            PageKind::Tag(t) => (format!("#{t}"), format!("Briefings tagged {t}"), "website"),
            PageKind::NotFound => ("Page not found".into(), site.description.clone(), "website"),
            PageKind::Search => ("Search".into(), format!("Search {}", site.title), "website"),
            PageKind::Home | PageKind::Feed | PageKind::Sitemap => {
                (site.title.clone(), site.description.clone(), "website")
            }
        };
        Meta {
            title,
            description,
            og_type,
        }
    }

    fn search(&self) -> SearchPage {
        SearchPage {
            search: self.config.search,
        }
    }

    /// Published briefings, newest first: drafts never reach feeds,
    /// sitemaps or the search index, even when they are built.
    fn published(&self) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .chronological
            .iter()
            .copied()
            .filter(|&b| !self.content.briefings[b].front.draft)
    }

    fn feed(&self) -> FeedPage {
        let config = self.config;
        let entries: Vec<FeedEntry> = self
            .published()
            .map(|b| {
                let f = &self.content.briefings[b].front;
                let published = f.date.value;
                let updated = f
                    .updated
                    .as_ref()
                    .map_or(published, |u| u.value.max(published));
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
                    sort: updated,
                }
            })
            .collect();
        let updated = entries
            .iter()
            .map(|e| e.sort)
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        FeedPage {
            feed_url: config.url_to("atom.xml"),
            home_url: config.url_to(""),
            updated,
            entries,
        }
    }

    fn sitemap(&self) -> SitemapPage {
        let config = self.config;
        let mut urls = vec![SitemapUrl {
            loc: config.url_to(""),
            lastmod: None,
        }];
        let mut briefings: Vec<SitemapUrl> = self
            .published()
            .map(|b| {
                let f = &self.content.briefings[b].front;
                let last = f.updated.as_ref().map_or(f.date.value, |u| u.value);
                SitemapUrl {
                    loc: config.url_to(&format!(
                        "briefings/{}/",
                        self.content.briefings[b].doc.slug
                    )),
                    lastmod: Some(last.to_string()),
                }
            })
            .collect();
        briefings.sort_by(|a, b| a.loc.cmp(&b.loc));
        urls.extend(briefings);
        urls.extend(
            ["glossary/", "timeline/", "sources/", "tags/", "search/"]
                .iter()
                .map(|p| SitemapUrl {
                    loc: config.url_to(p),
                    lastmod: None,
                }),
        );
        urls.extend(self.content.entries.iter().map(|e| SitemapUrl {
            loc: config.url_to(&format!("glossary/{}/", e.doc.slug)),
            lastmod: None,
        }));
        urls.extend(self.graph.tags.keys().map(|t| SitemapUrl {
            loc: config.url_to(&format!("tags/{t}/")),
            lastmod: None,
        }));
        SitemapPage { urls }
    }

    fn home(&self) -> HomePage {
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
                .take(20)
                .map(|&i| v.briefing_ref(i))
                .collect(),
            glossary_url: config.path_to("glossary/"),
            timeline_url: config.path_to("timeline/"),
            sources_url: config.path_to("sources/"),
            tags_url: config.path_to("tags/"),
        }
    }

    fn briefing(&self, i: usize) -> BriefingPage<'_> {
        let (b, v, xref) = (&self.content.briefings[i], self.v, self.xref);
        let links = &self.graph.briefings[i];
        let r = &self.bodies.briefings[i];
        let events = v.events_sorted(&links.events);
        let stances = reading::stance_groups(v, i);
        BriefingPage {
            timeline_svg: reading::timeline_picture(&events, "the events of this briefing", false),
            briefing: v.briefing_ref(i),
            updated: b.front.updated.as_ref().map(|d| d.value.into()),
            dateline: b.front.dateline.as_deref(),
            authors: &b.front.authors,
            content: &r.html,
            toc: toc(&r.headings),
            stakeholders: links
                .stakeholders
                .iter()
                .map(|s| v.stakeholder(s))
                .collect(),
            stance_counts: reading::stance_counts(&stances),
            stances,
            mentioned: xref.mentioned[i]
                .iter()
                .filter(|e| !links.stakeholders.iter().any(|s| s.entry == **e))
                .map(|&e| v.entry_ref(e))
                .collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events,
            sources: source_list(v, &xref.briefing_sources[i]),
            related: xref.related[i].iter().map(|&b| v.briefing_ref(b)).collect(),
            coverage: self.coverage[i],
        }
    }

    fn entry(&self, i: usize) -> EntryPage<'_> {
        let (e, v, xref) = (&self.content.entries[i], self.v, self.xref);
        let links = &self.graph.entries[i];
        let events = v.events_sorted(&links.events);
        EntryPage {
            timeline_svg: reading::timeline_picture(&events, "the events it takes part in", true),
            entry: v.entry_ref(i),
            aliases: e.front.aliases.iter().map(|a| a.value.as_str()).collect(),
            content: &self.bodies.entries[i].html,
            related: links.related.iter().map(|r| v.relation(r)).collect(),
            stakeholder_in: links
                .stakeholder_in
                .iter()
                .map(|&(b, k)| v.stakeholder_in(b, k))
                .collect(),
            mentioned_in: xref.backlinks[i].iter().map(|b| backlink(v, b)).collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events,
            sources: source_list(v, &xref.entry_sources[i]),
            infobox: reading::infobox(v, xref, i),
            neighbourhood_svg: reading::neighbourhood(v, xref, i),
        }
    }

    fn glossary(&self) -> GlossaryPage {
        let (content, v) = (self.content, self.v);
        let mut groups: Vec<KindGroup> = Vec::new();
        for kind in Kind::ALL {
            let mut entries: Vec<EntryRef> = (0..content.entries.len())
                .filter(|&i| content.entries[i].front.kind == kind)
                .map(|i| v.entry_ref(i))
                .collect();
            entries.sort_by(|a, b| {
                sort_key(&a.title)
                    .cmp(&sort_key(&b.title))
                    .then_with(|| a.id.cmp(&b.id))
            });
            if !entries.is_empty() {
                groups.push(KindGroup {
                    kind: kind.as_str(),
                    label: kind.plural_label(),
                    entries,
                });
            }
        }
        GlossaryPage { groups }
    }

    fn tags(&self) -> TagsPage {
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

    fn tag(&self, name: &str) -> TagPage {
        let list = self
            .graph
            .tags
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        TagPage {
            tag: self.v.tag_ref(name),
            briefings: list.iter().map(|&b| self.v.briefing_ref(b)).collect(),
        }
    }
}

/// Feeds serialized bytes straight into a hasher.
struct HashWriter(std::collections::hash_map::DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A key no cached page has.
fn never_cached_key() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    u64::MAX - NEXT.fetch_add(1, Ordering::Relaxed)
}

fn backlink(v: &Views<'_>, b: &Backlink) -> BacklinkView {
    let (title, url, kind) = match b.from {
        Owner::Briefing(i) => {
            let r = v.briefing_ref(i);
            (r.title, r.url, "briefing")
        }
        Owner::Entry(i) => {
            let r = v.entry_ref(i);
            (r.title, r.url, r.kind)
        }
    };
    BacklinkView {
        mentions: b
            .mentions
            .iter()
            .map(|(anchor, sentence)| MentionView {
                url: format!("{url}#{anchor}"),
                sentence: sentence.clone(),
            })
            .collect(),
        title,
        url,
        kind,
    }
}

fn source_list(v: &Views<'_>, list: &[PageSource]) -> Vec<PageSourceView> {
    list.iter()
        .map(|ps| PageSourceView {
            source: v.source(ps.source),
            cited: ps.cited,
            cites: ps.cites.iter().map(|a| format!("#{a}")).collect(),
        })
        .collect()
}

fn timeline(v: &Views<'_>, graph: &Graph) -> TimelinePage {
    let all: Vec<usize> = (0..graph.events.len()).collect();
    let mut years: Vec<YearGroup> = Vec::new();
    for ev in v.events_sorted(&all) {
        match years.last_mut() {
            Some(y) if y.year == ev.date.year => y.events.push(ev),
            _ => years.push(YearGroup {
                year: ev.date.year,
                events: vec![ev],
            }),
        }
    }
    let all_events: Vec<EventView> = years
        .iter()
        .flat_map(|y| y.events.iter().cloned())
        .collect();
    TimelinePage {
        count: graph.events.len(),
        timeline_svg: reading::timeline_picture(&all_events, "every briefing", true),
        years,
    }
}

fn sources_page(v: &Views<'_>, graph: &Graph, xref: &CrossRefs) -> SourcesPage {
    let mut order: Vec<usize> = (0..graph.sources.len()).collect();
    let key = |i: &usize| {
        let s = &graph.sources[*i].front;
        (
            s.publisher.to_lowercase(),
            std::cmp::Reverse(s.date),
            s.id.value.clone(),
        )
    };
    order.sort_by_key(key);
    let mut publishers: Vec<PublisherGroup> = Vec::new();
    for i in order {
        let item = SourceUse {
            source: v.source(i),
            briefings: xref.source_briefings[i]
                .iter()
                .map(|&b| v.briefing_ref(b))
                .collect(),
        };
        match publishers.last_mut() {
            Some(p) if p.publisher == item.source.publisher => p.sources.push(item),
            _ => publishers.push(PublisherGroup {
                publisher: item.source.publisher.clone(),
                sources: vec![item],
            }),
        }
    }
    SourcesPage { publishers }
}

/// Sorts "al-Qaida" under Q and "The Washington Post" under W.
fn sort_key(title: &str) -> String {
    let lower = title.to_lowercase();
    let trimmed = ["the ", "al-", "al "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    trimmed.to_string()
}

#[derive(Serialize)]
struct HomePage {
    title: String,
    content: String,
    latest: Vec<BriefingRef>,
    glossary_url: String,
    timeline_url: String,
    sources_url: String,
    tags_url: String,
}

#[derive(Serialize)]
struct PageSourceView {
    source: SourceView,
    cited: bool,
    /// Links to every citation mark of this source on the page.
    cites: Vec<String>,
}

/// What `<head>` says about a page.
#[derive(Serialize, Hash)]
pub struct Meta {
    title: String,
    description: String,
    og_type: &'static str,
}

#[derive(Serialize)]
struct SearchPage {
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
    #[serde(skip)]
    sort: crate::date::PartialDate,
}

#[derive(Serialize)]
struct FeedPage {
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
struct SitemapPage {
    urls: Vec<SitemapUrl>,
}

#[derive(Serialize)]
struct NotFoundPage {
    title: &'static str,
}

#[derive(Serialize)]
struct BriefingPage<'a> {
    briefing: BriefingRef,
    updated: Option<DateView>,
    dateline: Option<&'a str>,
    authors: &'a [String],
    content: &'a str,
    toc: Vec<Heading>,
    stakeholders: Vec<StakeholderView>,
    /// Entries mentioned in the text that are not stakeholders.
    mentioned: Vec<EntryRef>,
    quotes: Vec<QuoteView>,
    events: Vec<EventView>,
    sources: Vec<PageSourceView>,
    related: Vec<BriefingRef>,
    /// The stakeholders by stance, and how many take each.
    stances: Vec<StanceGroup>,
    stance_counts: Vec<StanceCount>,
    /// Its events drawn to scale.
    timeline_svg: Option<String>,
    /// How many of its claims cite a source.
    coverage: Coverage,
}

#[derive(Serialize)]
struct MentionView {
    url: String,
    sentence: String,
}

#[derive(Serialize)]
struct BacklinkView {
    title: String,
    url: String,
    kind: &'static str,
    mentions: Vec<MentionView>,
}

#[derive(Serialize)]
struct EntryPage<'a> {
    entry: EntryRef,
    aliases: Vec<&'a str>,
    content: &'a str,
    related: Vec<RelationView>,
    stakeholder_in: Vec<StakeholderIn>,
    mentioned_in: Vec<BacklinkView>,
    quotes: Vec<QuoteView>,
    events: Vec<EventView>,
    sources: Vec<PageSourceView>,
    infobox: Infobox,
    /// Its relations and the actors it shares briefings with, drawn.
    neighbourhood_svg: Option<String>,
    /// Its events drawn to scale.
    timeline_svg: Option<String>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    label: &'static str,
    entries: Vec<EntryRef>,
}

#[derive(Serialize)]
struct GlossaryPage {
    groups: Vec<KindGroup>,
}

#[derive(Serialize)]
struct TagCount {
    tag: TagRef,
    count: usize,
}

#[derive(Serialize)]
struct TagsPage {
    tags: Vec<TagCount>,
}

#[derive(Serialize)]
struct TagPage {
    tag: TagRef,
    briefings: Vec<BriefingRef>,
}

#[derive(Serialize)]
struct YearGroup {
    year: i16,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct TimelinePage {
    count: usize,
    /// Every event drawn to scale.
    timeline_svg: Option<String>,
    years: Vec<YearGroup>,
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

#[derive(Serialize)]
struct SourcesPage {
    publishers: Vec<PublisherGroup>,
}
