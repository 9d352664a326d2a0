//! The pages of a site, each a template plus the data it shows.

use serde::Serialize;

use super::crossref::{Backlink, Bodies, CrossRefs, PageSource};
use super::views::{
    BriefingRef, DateView, EntryRef, EventView, QuoteView, SourceView, StakeholderIn,
    StakeholderView, TagRef, Views, toc,
};
use crate::config::Config;
use crate::content::{Content, Kind};
use crate::graph::{Graph, Owner};
use crate::markdown::Heading;

/// One page to render: where it goes, which template, what it sees.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    pub url: String,
    pub page: serde_json::Value,
}

fn job(path: String, template: &'static str, url: String, page: impl Serialize) -> Job {
    Job {
        path,
        template,
        url,
        // Our views hold only strings, numbers and lists: this cannot fail.
        page: serde_json::to_value(page).unwrap_or(serde_json::Value::Null),
    }
}

/// Every page of the site.
pub fn jobs(
    content: &Content,
    graph: &Graph,
    config: &Config,
    v: &Views<'_>,
    bodies: &Bodies,
    xref: &CrossRefs,
) -> Vec<Job> {
    let mut jobs =
        Vec::with_capacity(content.briefings.len() + content.entries.len() + graph.tags.len() + 8);

    let latest: Vec<BriefingRef> = graph
        .chronological
        .iter()
        .take(20)
        .map(|&i| v.briefing_ref(i))
        .collect();
    jobs.push(job(
        "index.html".into(),
        "index.html",
        config.path_to(""),
        HomePage {
            title: content
                .index
                .as_ref()
                .and_then(|i| i.front.title.clone())
                .unwrap_or_else(|| config.title.clone()),
            content: bodies
                .index
                .as_ref()
                .map(|r| r.html.clone())
                .unwrap_or_default(),
            latest,
            glossary_url: config.path_to("glossary/"),
            timeline_url: config.path_to("timeline/"),
            sources_url: config.path_to("sources/"),
            tags_url: config.path_to("tags/"),
        },
    ));

    for (i, b) in content.briefings.iter().enumerate() {
        let links = &graph.briefings[i];
        let r = &bodies.briefings[i];
        let p = BriefingPage {
            briefing: v.briefing_ref(i),
            updated: b.front.updated.as_ref().map(|d| d.value.into()),
            dateline: b.front.dateline.clone(),
            authors: b.front.authors.clone(),
            content: r.html.clone(),
            toc: toc(&r.headings),
            stakeholders: links
                .stakeholders
                .iter()
                .map(|s| StakeholderView {
                    entry: v.entry_ref(s.entry),
                    position: s.position.clone(),
                })
                .collect(),
            mentioned: xref.mentioned[i]
                .iter()
                .filter(|e| !links.stakeholders.iter().any(|s| s.entry == **e))
                .map(|&e| v.entry_ref(e))
                .collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events: v.events_sorted(&links.events),
            sources: source_list(v, &xref.briefing_sources[i]),
            related: xref.related[i].iter().map(|&b| v.briefing_ref(b)).collect(),
        };
        jobs.push(job(
            format!("briefings/{}/index.html", b.doc.slug),
            "briefing.html",
            p.briefing.url.clone(),
            p,
        ));
    }

    for (i, e) in content.entries.iter().enumerate() {
        let links = &graph.entries[i];
        let p = EntryPage {
            entry: v.entry_ref(i),
            aliases: e.front.aliases.iter().map(|a| a.value.clone()).collect(),
            content: bodies.entries[i].html.clone(),
            related: links.related.iter().map(|&r| v.entry_ref(r)).collect(),
            stakeholder_in: links
                .stakeholder_in
                .iter()
                .map(|(b, pos)| StakeholderIn {
                    briefing: v.briefing_ref(*b),
                    position: pos.clone(),
                })
                .collect(),
            mentioned_in: xref.backlinks[i].iter().map(|b| backlink(v, b)).collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events: v.events_sorted(&links.events),
            sources: source_list(v, &xref.entry_sources[i]),
        };
        jobs.push(job(
            format!("glossary/{}/index.html", e.doc.slug),
            "entry.html",
            p.entry.url.clone(),
            p,
        ));
    }

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
    jobs.push(job(
        "glossary/index.html".into(),
        "glossary.html",
        config.path_to("glossary/"),
        GlossaryPage { groups },
    ));

    let tags: Vec<TagCount> = graph
        .tags
        .iter()
        .map(|(name, list)| TagCount {
            tag: v.tag_ref(name),
            count: list.len(),
        })
        .collect();
    jobs.push(job(
        "tags/index.html".into(),
        "tags.html",
        config.path_to("tags/"),
        TagsPage { tags },
    ));
    for (name, list) in &graph.tags {
        let p = TagPage {
            tag: v.tag_ref(name),
            briefings: list.iter().map(|&b| v.briefing_ref(b)).collect(),
        };
        jobs.push(job(
            format!("tags/{name}/index.html"),
            "tag.html",
            p.tag.url.clone(),
            p,
        ));
    }

    jobs.push(job(
        "timeline/index.html".into(),
        "timeline.html",
        config.path_to("timeline/"),
        timeline(v, graph),
    ));
    jobs.push(job(
        "sources/index.html".into(),
        "sources.html",
        config.path_to("sources/"),
        sources_page(v, graph, xref),
    ));
    jobs.push(job(
        "404.html".into(),
        "404.html",
        config.path_to("404.html"),
        serde_json::json!({ "title": "Page not found" }),
    ));
    jobs
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
    TimelinePage {
        count: graph.events.len(),
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

#[derive(Serialize)]
struct BriefingPage {
    briefing: BriefingRef,
    updated: Option<DateView>,
    dateline: Option<String>,
    authors: Vec<String>,
    content: String,
    toc: Vec<Heading>,
    stakeholders: Vec<StakeholderView>,
    /// Entries mentioned in the text that are not stakeholders.
    mentioned: Vec<EntryRef>,
    quotes: Vec<QuoteView>,
    events: Vec<EventView>,
    sources: Vec<PageSourceView>,
    related: Vec<BriefingRef>,
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
struct EntryPage {
    entry: EntryRef,
    aliases: Vec<String>,
    content: String,
    related: Vec<EntryRef>,
    stakeholder_in: Vec<StakeholderIn>,
    mentioned_in: Vec<BacklinkView>,
    quotes: Vec<QuoteView>,
    events: Vec<EventView>,
    sources: Vec<PageSourceView>,
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
