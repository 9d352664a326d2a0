//! What templates see: plain serializable views of the site.
//!
//! Views carry everything a template needs already resolved: site-absolute
//! URLs (with the base path), dates printed at their precision, entries with
//! their kind and summary. Templates then never compute links themselves,
//! which is what keeps every link right under a sub-path.

use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::config::Config;
use crate::content::{Briefing, Entry};
use crate::graph::{Event, Graph, Quote};
use crate::markdown::Heading;

/// A view shown on many pages, with its template value made once: a page
/// that shows it copies a pointer where it would serialize the view again
/// (Tera takes a `tera::Value` inside the data it is given as it is). Used
/// for the views lists repeat (entries, tags) and for events and sources,
/// each shown on its briefing's page, its entries' pages and a timeline or
/// publisher page. Made when a page first shows them, they grow while the
/// briefings' bodies are freed page by page: at 10,000 briefings they hold
/// some 60 MiB by the end, raised the peak by about 10 MiB (365 to 375-379
/// MiB, the limit being 400) and save 3% of a build's instructions.
/// A [`BriefingRef`] keeps only its template value and the two fields code
/// reads: ten thousand of them holding both would cost more memory than
/// they save time.
pub struct Shared<T>(Arc<(T, tera::Value)>);

impl<T: Serialize> Shared<T> {
    pub(super) fn new(view: T) -> Self {
        // Views are plain data (strings, numbers, lists): serializing them
        // cannot fail.
        let value = tera::Value::from_serializable(&view);
        Shared(Arc::new((view, value)))
    }
}

impl<T> Shared<T> {
    /// What templates see of it.
    pub fn value(&self) -> &tera::Value {
        &self.0.1
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0.0
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.0.fmt(f)
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.1.serialize(s)
    }
}

/// The site as every template sees it (`site`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    /// Site-absolute path of the home page ("/" or "/syria/").
    pub base_path: String,
    pub briefing_count: usize,
    pub entry_count: usize,
}

impl SiteView {
    pub fn new(config: &Config, briefings: usize, entries: usize) -> Self {
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            briefing_count: briefings,
            entry_count: entries,
        }
    }
}

/// A glossary entry in a list or link.
#[derive(Debug, Clone, Serialize)]
pub struct EntryRef {
    pub id: String,
    pub title: String,
    pub kind: &'static str,
    pub summary: String,
    pub url: String,
}

/// A date at its precision.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// ISO form as written: "2015", "2015-09", "2015-09-30".
    pub iso: String,
    /// For readers: "2015", "September 2015", "30 September 2015".
    pub human: String,
    pub year: i16,
}

impl From<crate::date::PartialDate> for DateView {
    fn from(d: crate::date::PartialDate) -> Self {
        DateView {
            iso: d.to_string(),
            human: d.human(),
            year: d.year(),
        }
    }
}

/// A briefing in a list or link, as templates see it ([`BriefingRefData`]),
/// its template value made once: a large site shows each briefing on many
/// pages (lists, tags, related, events, quotes, sources, where an entry is
/// a stakeholder), and serializing it again for each was about 5% of a
/// build. Code reads only its title and address, which are kept apart
/// as the values the templates see too: an entry page lists up to a page
/// of briefings by them, and looking them up in the whole value each
/// time was over a third of what handing that list to Tera cost.
#[derive(Debug)]
pub struct BriefingRef {
    title: tera::Value,
    url: tera::Value,
    value: tera::Value,
}

impl BriefingRef {
    /// What templates see of it.
    pub fn value(&self) -> &tera::Value {
        &self.value
    }

    /// Its title, as templates see it (escaped when written).
    pub fn title_value(&self) -> &tera::Value {
        &self.title
    }

    /// Its address, as templates see it.
    pub fn url_value(&self) -> &tera::Value {
        &self.url
    }

    pub fn title(&self) -> &str {
        self.title.as_str().unwrap_or_default()
    }

    pub fn url(&self) -> &str {
        self.url.as_str().unwrap_or_default()
    }
}

impl Serialize for BriefingRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// What a template sees of a briefing in a list or link.
#[derive(Serialize)]
struct BriefingRefData {
    slug: String,
    title: String,
    date: DateView,
    summary: String,
    url: String,
    tags: Vec<Shared<TagRef>>,
}

/// A tag with its page.
#[derive(Debug, Clone, Serialize)]
pub struct TagRef {
    pub name: String,
    pub url: String,
}

/// A source as listed under a briefing or on the sources page.
#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: Option<DateView>,
    /// The document's own address, if it has one.
    pub url: Option<String>,
    pub reference: Option<String>,
    /// The anchor of the source in a briefing's source list.
    pub anchor: String,
}

/// An event on a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub date: DateView,
    /// The date itself, for pictures.
    #[serde(skip)]
    pub when: crate::date::PartialDate,
    pub title: String,
    pub briefing: Arc<BriefingRef>,
    pub source: Option<Shared<SourceView>>,
    pub locator: Option<String>,
    pub involves: Vec<Shared<EntryRef>>,
}

/// A quote with its author.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteView {
    pub by: Shared<EntryRef>,
    pub text: String,
    pub source: Option<Shared<SourceView>>,
    pub locator: Option<String>,
    pub briefing: Arc<BriefingRef>,
}

/// A stakeholder with its position in one briefing.
#[derive(Debug, Clone, Serialize)]
pub struct StakeholderView {
    pub entry: Shared<EntryRef>,
    pub position: Option<String>,
    /// `supports`, `opposes`, `mixed`, `neutral` or `unclear`.
    pub stance: &'static str,
    pub source: Option<Shared<SourceView>>,
    pub locator: Option<String>,
}

/// Where an entry is a stakeholder.
#[derive(Debug, Clone, Serialize)]
pub struct StakeholderIn {
    pub briefing: Arc<BriefingRef>,
    pub position: Option<String>,
    pub stance: &'static str,
    pub source: Option<Shared<SourceView>>,
    pub locator: Option<String>,
}

/// A typed relation of an entry, seen from the page it is shown on.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub entry: Shared<EntryRef>,
    /// Free text from `related`, or none.
    pub relation: Option<String>,
    /// True when this page's entry declared it ("<this> affiliate of
    /// <entry>"); false when the other entry did ("<entry> affiliate of
    /// <this>").
    pub declared: bool,
}

/// Builds views out of the content and graph of one site.
pub struct Views<'a> {
    pub config: &'a Config,
    pub briefings: &'a [Briefing],
    pub entries: &'a [Entry],
    pub graph: &'a Graph,
    /// Each briefing's reference, made the first time a page shows it and
    /// shared after: a large site shows every briefing on many pages
    /// (lists, tags, related, events, quotes, sources).
    briefing_refs: Vec<OnceLock<Arc<BriefingRef>>>,
    /// Each entry's reference, made once.
    entry_refs: Vec<OnceLock<Shared<EntryRef>>>,
    /// Each tag's reference, made once.
    tag_refs: std::collections::HashMap<&'a str, Shared<TagRef>>,
    /// Each source's view, made the first time a page shows it.
    sources: Vec<OnceLock<Shared<SourceView>>>,
    /// Each event's view, made the first time a page shows it.
    events: Vec<OnceLock<Shared<EventView>>>,
}

impl<'a> Views<'a> {
    pub fn new(
        config: &'a Config,
        briefings: &'a [Briefing],
        entries: &'a [Entry],
        graph: &'a Graph,
    ) -> Self {
        Views {
            config,
            briefings,
            entries,
            graph,
            briefing_refs: briefings.iter().map(|_| OnceLock::new()).collect(),
            entry_refs: entries.iter().map(|_| OnceLock::new()).collect(),
            tag_refs: graph
                .tags
                .keys()
                .map(|t| (t.as_str(), Shared::new(make_tag_ref(config, t))))
                .collect(),
            sources: graph.sources.iter().map(|_| OnceLock::new()).collect(),
            events: graph.events.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The references made so far, without the borrowed site, so that
    /// they can be freed on another thread.
    pub fn into_made(self) -> impl Send + 'static {
        (
            self.briefing_refs,
            self.entry_refs,
            self.tag_refs.into_values().collect::<Vec<_>>(),
            self.sources,
            self.events,
        )
    }

    /// Front-matter text as the page prints it: with smart punctuation
    /// when the site asks for it, like the Markdown around it.
    pub fn text(&self, s: &str) -> String {
        if self.config.smart_punctuation {
            super::typography::smarten(s).into_owned()
        } else {
            s.to_string()
        }
    }

    pub fn entry_ref(&self, i: usize) -> Shared<EntryRef> {
        super::deps::read(super::deps::Input::Entry(i));
        Shared::clone(self.entry_refs[i].get_or_init(|| Shared::new(self.make_entry_ref(i))))
    }

    fn make_entry_ref(&self, i: usize) -> EntryRef {
        let e = &self.entries[i];
        EntryRef {
            id: e.doc.slug.clone(),
            title: self.text(&e.front.title.value),
            kind: e.front.kind.as_str(),
            summary: self.text(&e.front.summary),
            url: self.config.path_to(&format!("glossary/{}/", e.doc.slug)),
        }
    }

    pub fn briefing_ref(&self, i: usize) -> Arc<BriefingRef> {
        // Recorded on every use: what a page read is what it depends on.
        super::deps::read(super::deps::Input::Briefing(i));
        Arc::clone(self.briefing_refs[i].get_or_init(|| Arc::new(self.make_briefing_ref(i))))
    }

    fn make_briefing_ref(&self, i: usize) -> BriefingRef {
        let b = &self.briefings[i];
        let data = BriefingRefData {
            slug: b.doc.slug.clone(),
            title: self.text(&b.front.title),
            date: b.front.date.value.into(),
            summary: self.text(b.front.summary.as_deref().unwrap_or_default()),
            url: self.config.path_to(&format!("briefings/{}/", b.doc.slug)),
            tags: b
                .front
                .tags
                .iter()
                .map(|t| self.tag_ref(&t.value))
                .collect(),
        };
        BriefingRef {
            value: tera::Value::from_serializable(&data),
            title: tera::Value::from(data.title),
            url: tera::Value::from(data.url),
        }
    }

    pub fn stakeholder(&self, s: &crate::graph::Stakeholder) -> StakeholderView {
        StakeholderView {
            entry: self.entry_ref(s.entry),
            position: s.position.as_deref().map(|p| self.text(p)),
            stance: s.stance.as_str(),
            source: s.source.map(|x| self.source(x)),
            locator: s.locator.clone(),
        }
    }

    pub fn stakeholder_in(&self, briefing: usize, index: usize) -> StakeholderIn {
        let s = self.stakeholder(&self.graph.briefings[briefing].stakeholders[index]);
        StakeholderIn {
            briefing: self.briefing_ref(briefing),
            position: s.position,
            stance: s.stance,
            source: s.source,
            locator: s.locator,
        }
    }

    pub fn relation(&self, r: &crate::graph::Relation) -> RelationView {
        RelationView {
            entry: self.entry_ref(r.other),
            relation: r.relation.clone(),
            declared: r.declared,
        }
    }

    pub fn tag_ref(&self, name: &str) -> Shared<TagRef> {
        match self.tag_refs.get(name) {
            Some(t) => Shared::clone(t),
            None => Shared::new(make_tag_ref(self.config, name)),
        }
    }

    pub fn source(&self, i: usize) -> Shared<SourceView> {
        super::deps::read_source_owner(self.graph.sources[i].declared_in);
        Shared::clone(self.sources[i].get_or_init(|| Shared::new(self.make_source(i))))
    }

    fn make_source(&self, i: usize) -> SourceView {
        let front = &self.graph.sources[i].front;
        SourceView {
            id: front.id.value.clone(),
            title: self.text(front.title.as_deref().unwrap_or(&front.id.value)),
            publisher: front.publisher.clone(),
            date: front.date.map(Into::into),
            url: front.url.clone(),
            reference: front.reference.clone(),
            anchor: ["source-", front.id.value.as_str()].concat(),
        }
    }

    pub fn event(&self, i: usize) -> Shared<EventView> {
        // What the view reads, recorded on every use as its parts record
        // it when they are made.
        let e = &self.graph.events[i];
        super::deps::read(super::deps::Input::Briefing(e.briefing));
        for &x in &e.involves {
            super::deps::read(super::deps::Input::Entry(x));
        }
        if let Some(s) = e.source {
            super::deps::read_source_owner(self.graph.sources[s].declared_in);
        }
        Shared::clone(self.events[i].get_or_init(|| Shared::new(self.make_event(i))))
    }

    fn make_event(&self, i: usize) -> EventView {
        let Event {
            date,
            title,
            briefing,
            source,
            locator,
            involves,
        } = &self.graph.events[i];
        EventView {
            when: *date,
            date: (*date).into(),
            title: self.text(title),
            briefing: self.briefing_ref(*briefing),
            source: source.map(|s| self.source(s)),
            locator: locator.clone(),
            involves: involves.iter().map(|&e| self.entry_ref(e)).collect(),
        }
    }

    pub fn quote(&self, i: usize) -> QuoteView {
        let Quote {
            by,
            text,
            source,
            locator,
            briefing,
        } = &self.graph.quotes[i];
        QuoteView {
            by: self.entry_ref(*by),
            text: self.text(text),
            source: source.map(|s| self.source(s)),
            locator: locator.clone(),
            briefing: self.briefing_ref(*briefing),
        }
    }

    /// Events in timeline order: by date (partial dates first), then in the
    /// order they were written, so events of the same year keep the order
    /// their author gave them.
    pub fn events_sorted(&self, ids: &[usize]) -> Vec<Shared<EventView>> {
        let mut ids = ids.to_vec();
        ids.sort_by_key(|&i| (self.graph.events[i].date, i));
        ids.into_iter().map(|i| self.event(i)).collect()
    }
}

fn make_tag_ref(config: &Config, name: &str) -> TagRef {
    TagRef {
        name: name.to_string(),
        url: config.path_to(&format!("tags/{name}/")),
    }
}

/// A page's table of contents (level-2 and level-3 headings).
pub fn toc(headings: &[Heading]) -> Vec<Heading> {
    headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .cloned()
        .collect()
}
