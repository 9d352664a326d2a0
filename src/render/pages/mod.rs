//! The pages of a site, each a template plus the data it shows.
//!
//! [`jobs`] lists every page to make (path, template, URL and which page it
//! is); [`PageData`] gathers the data of one page when it renders, so pages
//! can render in parallel without sharing mutable state. Each page family
//! has its own file: the briefing lists (home and archive), a briefing, an
//! entry and its mentions, the glossary index, tags, the timeline, the
//! sources index, and the site files (feed, sitemap, search, 404). Long
//! lists split into pages as [`lists`] decides and [`pagination`] links.

mod archive;
mod briefing;
mod entry;
mod glossary;
mod lists;
mod pagination;
mod site_files;
mod sources;
mod tags;
mod timeline;

use serde::Serialize;

use super::coverage::Coverage;
use super::crossref::{Bodies, CrossRefs};
use super::views::Views;
use crate::config::Config;
use crate::content::Content;
use crate::graph::{Graph, Owner};
pub(crate) use glossary::sort_key;
pub use lists::Lists;
use pagination::{page_count, page_rel};

/// Which page a job renders. List pages carry their page number, from 1.
#[derive(Debug, Clone, Copy)]
pub enum PageKind<'a> {
    Home,
    /// A page of the archive of every briefing.
    Briefings(usize),
    Briefing(usize),
    Entry(usize),
    /// A page of every mention of an entry: (entry, page).
    Mentions(usize, usize),
    Glossary(usize),
    Tags(usize),
    Tag(&'a str, usize),
    Timeline,
    /// A page of one year of a split timeline: (index in `Lists::years`, page).
    TimelineYear(usize, usize),
    /// A page of the sources index; past page 1 only when it is split and
    /// lists more publishers than fit on a page.
    Sources(usize),
    /// A page of one publisher of a split sources index:
    /// (index in `Lists::publishers`, page).
    Publisher(usize, usize),
    NotFound,
    Feed,
    Sitemap,
    Search,
}

impl PageKind<'_> {
    /// The briefing or entry whose own page this is (the page that shows
    /// its body), if it is one.
    pub fn owner(&self) -> Option<Owner> {
        match *self {
            PageKind::Briefing(i) => Some(Owner::Briefing(i)),
            PageKind::Entry(i) => Some(Owner::Entry(i)),
            _ => None,
        }
    }
}

/// One page to render: where it goes, which template, and what it shows.
pub struct Job<'a> {
    pub path: String,
    pub template: &'static str,
    pub url: String,
    pub kind: PageKind<'a>,
}

/// The folder of a briefing's own page.
fn briefing_folder(slug: &str) -> String {
    ["briefings/", slug].concat()
}

/// The folder of an entry's own page.
fn entry_folder(slug: &str) -> String {
    ["glossary/", slug].concat()
}

/// The folders of the briefings' and entries' own pages, each after its
/// parent: nearly every folder of a site, known once the content is
/// loaded, so that a build can make them while it links.
pub fn page_folders(content: &Content) -> Vec<String> {
    let mut folders = Vec::with_capacity(content.briefings.len() + content.entries.len() + 2);
    folders.push("briefings".to_string());
    folders.extend(
        content
            .briefings
            .iter()
            .map(|b| briefing_folder(&b.doc.slug)),
    );
    folders.push("glossary".to_string());
    folders.extend(content.entries.iter().map(|e| entry_folder(&e.doc.slug)));
    folders
}

/// Every page of the site. Cheap: the data of each page is gathered by
/// [`PageData::insert`] when it renders, in parallel.
pub fn jobs<'a>(data: &PageData<'a>) -> Vec<Job<'a>> {
    let (content, graph, config, lists) = (data.content, data.graph, data.config, data.lists);
    let size = lists.page_size;
    let mut jobs =
        Vec::with_capacity(content.briefings.len() + content.entries.len() + graph.tags.len() + 8);
    let mut push = |rel: String, template, kind| {
        jobs.push(Job {
            path: if rel.is_empty() || rel.ends_with('/') {
                [rel.as_str(), "index.html"].concat()
            } else {
                rel.clone()
            },
            template,
            url: config.path_to(&rel),
            kind,
        })
    };
    // Page 1 of a list at its own URL, the rest at `<list>/page/<n>/`.
    let mut paged = |base: &str, items: usize, template, kind: &dyn Fn(usize) -> PageKind<'a>| {
        for n in 1..=page_count(items, size) {
            push(page_rel(base, n), template, kind(n));
        }
    };
    paged("", 1, "index.html", &|_| PageKind::Home);
    paged(
        "briefings/",
        graph.chronological.len(),
        "briefings.html",
        &PageKind::Briefings,
    );
    for (i, b) in content.briefings.iter().enumerate() {
        let rel = [&briefing_folder(&b.doc.slug), "/"].concat();
        paged(&rel, 1, "briefing.html", &|_| PageKind::Briefing(i));
    }
    for (i, e) in content.entries.iter().enumerate() {
        let rel = [&entry_folder(&e.doc.slug), "/"].concat();
        paged(&rel, 1, "entry.html", &|_| PageKind::Entry(i));
        let mentions = data.xref.backlinks[i].len();
        if mentions > size {
            paged(
                &format!("{rel}mentions/"),
                mentions,
                "mentions.html",
                &|n| PageKind::Mentions(i, n),
            );
        }
    }
    paged(
        "glossary/",
        content.entries.len(),
        "glossary.html",
        &PageKind::Glossary,
    );
    paged("tags/", graph.tags.len(), "tags.html", &PageKind::Tags);
    for (name, list) in &graph.tags {
        paged(&format!("tags/{name}/"), list.len(), "tag.html", &|n| {
            PageKind::Tag(name, n)
        });
    }
    paged("timeline/", 1, "timeline.html", &|_| PageKind::Timeline);
    if lists.timeline_split() {
        for (y, year) in lists.years.iter().enumerate() {
            paged(
                &Lists::year_rel(year.year),
                year.events.len(),
                "timeline.html",
                &|n| PageKind::TimelineYear(y, n),
            );
        }
    }
    let index_items = if lists.sources_split() {
        lists.publishers.len()
    } else {
        1
    };
    paged("sources/", index_items, "sources.html", &PageKind::Sources);
    if lists.sources_split() {
        for (p, publisher) in lists.publishers.iter().enumerate() {
            paged(
                &Lists::publisher_rel(publisher),
                publisher.sources.len(),
                "sources.html",
                &|n| PageKind::Publisher(p, n),
            );
        }
    }
    push("404.html".into(), "404.html", PageKind::NotFound);
    push("search/".into(), "search.html", PageKind::Search);
    push("atom.xml".into(), "atom.xml", PageKind::Feed);
    push("sitemap.xml".into(), "sitemap.xml", PageKind::Sitemap);
    jobs
}

/// HTML dossier made and escaped itself (a body, a picture), handed to
/// templates already marked safe: `{{ page.content }}` writes it as it is,
/// where `| safe` would first copy it.
pub(super) fn safe_html<T: AsRef<str>, S: serde::Serializer>(
    html: &T,
    s: S,
) -> Result<S::Ok, S::Error> {
    tera::Value::safe_string(html.as_ref()).serialize(s)
}

/// [`safe_html`] for a picture a page may not have.
pub(super) fn safe_html_opt<S: serde::Serializer>(
    html: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match html {
        Some(h) => s.serialize_some(&tera::Value::safe_string(h)),
        None => s.serialize_none(),
    }
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
    pub lists: &'a Lists,
}

/// Something done with a page's data, whatever its type.
trait Visit {
    type Out;
    fn page<T: Serialize>(self, page: &T) -> Self::Out;
}

/// Puts the data into a template context as `page`.
struct Insert<'c>(&'c mut tera::Context);

impl Visit for Insert<'_> {
    type Out = ();
    fn page<T: Serialize>(self, page: &T) {
        self.0.insert("page", page);
    }
}

impl PageData<'_> {
    /// Hands the data of the page `kind` to `visit`.
    fn visit<V: Visit>(&self, kind: PageKind<'_>, visit: V) -> V::Out {
        match kind {
            PageKind::Home => visit.page(&self.home()),
            PageKind::Briefings(n) => visit.page(&self.archive(n)),
            PageKind::Briefing(i) => visit.page(&self.briefing(i)),
            PageKind::Entry(i) => visit.page(&self.entry(i)),
            PageKind::Mentions(i, n) => visit.page(&self.mentions(i, n)),
            PageKind::Glossary(n) => visit.page(&self.glossary(n)),
            PageKind::Tags(n) => visit.page(&self.tags(n)),
            PageKind::Tag(name, n) => visit.page(&self.tag(name, n)),
            PageKind::Timeline => visit.page(&self.timeline(None)),
            PageKind::TimelineYear(y, n) => visit.page(&self.timeline(Some((y, n)))),
            PageKind::Sources(n) => visit.page(&self.sources_index(n)),
            PageKind::Publisher(p, n) => visit.page(&self.publisher(p, n)),
            PageKind::NotFound => visit.page(&site_files::NotFoundPage {
                title: "Page not found",
            }),
            PageKind::Feed => visit.page(&self.feed()),
            PageKind::Search => visit.page(&self.search()),
            PageKind::Sitemap => visit.page(&self.sitemap()),
        }
    }

    /// Puts the page's own data into `ctx` as `page`.
    pub fn insert(&self, kind: PageKind<'_>, ctx: &mut tera::Context) {
        self.visit(kind, Insert(ctx));
    }

    /// The title, description and Open Graph type of a page, for `<head>`.
    pub fn meta(&self, kind: PageKind<'_>) -> Meta {
        let site = &self.config;
        let numbered = |title: &str, n: usize| {
            if n > 1 {
                format!("{title}, page {n}")
            } else {
                title.to_string()
            }
        };
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
            PageKind::Mentions(i, n) => {
                let f = &self.content.entries[i].front;
                (
                    numbered(&format!("Mentions of {}", f.title.value), n),
                    format!("Every briefing and entry that mentions {}", f.title.value),
                    "website",
                )
            }
            PageKind::Briefings(n) => (
                numbered("Briefings", n),
                format!("Every briefing in {}, newest first", site.title),
                "website",
            ),
            PageKind::Glossary(n) => (
                numbered("Glossary", n),
                format!("Every actor and term in {}", site.title),
                "website",
            ),
            PageKind::Timeline => (
                "Timeline".into(),
                format!("Every dated event in {}", site.title),
                "website",
            ),
            PageKind::TimelineYear(y, n) => {
                let year = self.lists.years[y].year;
                (
                    numbered(&format!("Timeline of {year}"), n),
                    format!("Every dated event of {year} in {}", site.title),
                    "website",
                )
            }
            PageKind::Sources(n) => (
                numbered("Sources", n),
                format!("Every source cited in {}", site.title),
                "website",
            ),
            PageKind::Publisher(p, n) => {
                let name = &self.lists.publishers[p].name;
                (
                    numbered(&format!("Sources from {name}"), n),
                    format!("Every source from {name} cited in {}", site.title),
                    "website",
                )
            }
            PageKind::Tags(n) => (numbered("Tags", n), site.description.clone(), "website"),
            PageKind::Tag(t, n) => (
                numbered(&format!("#{t}"), n),
                format!("Briefings tagged {t}"),
                "website",
            ),
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

    /// Published briefings, newest first: drafts never reach feeds,
    /// sitemaps or the search index, even when they are built.
    fn published(&self) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .chronological
            .iter()
            .copied()
            .filter(|&b| !self.content.briefings[b].front.draft)
    }
}

/// What `<head>` says about a page.
#[derive(Serialize, Hash)]
pub struct Meta {
    title: String,
    description: String,
    og_type: &'static str,
}
