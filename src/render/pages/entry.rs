//! A glossary entry's page, and the full list of its mentions.
//!
//! An entry mentioned in more places than `[lists] page_size` shows only
//! its most recent mentions and links to `/glossary/<id>/mentions/`, which
//! lists them all, paginated; below that size the entry page lists them all
//! itself and no mentions pages are made.

use std::sync::Arc;

use serde::Serialize;

use super::PageData;
use super::briefing::{PageSourceView, source_list};
use super::pagination::{Pager, page_slice};
use crate::graph::Owner;
use crate::render::crossref::Backlink;
use crate::render::reading::{self, Infobox};
use crate::render::views::{
    BriefingRef, EntryRef, EventView, QuoteView, RelationView, Shared, StakeholderIn, Views,
};

/// How many mentions an entry page shows when the list has its own pages.
const RECENT: usize = 10;

impl PageData<'_> {
    pub(super) fn entry(&self, i: usize) -> EntryPage<'_> {
        let (e, v, xref) = (&self.content.entries[i], self.v, self.xref);
        let links = &self.graph.entries[i];
        let backlinks = &xref.backlinks[i];
        let paged = backlinks.len() > self.lists.page_size;
        let shown = if paged {
            &backlinks[..RECENT.min(backlinks.len())]
        } else {
            backlinks
        };
        let events = v.events_sorted(&links.events);
        let briefings = reading::briefings_of(v, xref, i);
        EntryPage {
            timeline_svg: reading::timeline_picture(&events, "the events it takes part in", true),
            entry: v.entry_ref(i),
            aliases: e.front.aliases.iter().map(|a| a.value.as_str()).collect(),
            content: self.bodies.html(Owner::Entry(i)),
            related: links.related.iter().map(|r| v.relation(r)).collect(),
            stakeholder_in: links
                .stakeholder_in
                .iter()
                .map(|&(b, k)| v.stakeholder_in(b, k))
                .collect(),
            mentioned_in: shown.iter().map(|b| backlink(v, b)).collect(),
            mention_count: backlinks.len(),
            mentions_url: paged.then(|| self.config.path_to(&mentions_rel(&e.doc.slug))),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events,
            sources: source_list(v, &xref.entry_sources[i]),
            infobox: reading::infobox(v, i, &briefings),
            neighbourhood_svg: reading::neighbourhood(v, xref, i, &briefings),
        }
    }

    /// Page `n` of every mention of entry `i`.
    pub(super) fn mentions(&self, i: usize, n: usize) -> MentionsPage<'_> {
        let backlinks = &self.xref.backlinks[i];
        let size = self.lists.page_size;
        let base = mentions_rel(&self.content.entries[i].doc.slug);
        MentionsPage {
            entry: self.v.entry_ref(i),
            mentioned_in: page_slice(backlinks, n, size)
                .iter()
                .map(|b| backlink(self.v, b))
                .collect(),
            mention_count: backlinks.len(),
            pager: Pager::new(self.config, &base, n, backlinks.len(), size),
        }
    }
}

/// The site-relative path of an entry's mentions list.
fn mentions_rel(slug: &str) -> String {
    format!("glossary/{slug}/mentions/")
}

fn backlink<'a>(v: &Views<'_>, b: &'a Backlink) -> BacklinkView<'a> {
    let from = match b.from {
        Owner::Briefing(i) => From::Briefing(v.briefing_ref(i)),
        Owner::Entry(i) => From::Entry(v.entry_ref(i)),
    };
    let url = match &from {
        From::Briefing(r) => r.url(),
        From::Entry(r) => r.url.as_str(),
    };
    BacklinkView {
        mentions: b
            .mentions
            .iter()
            .map(|(anchor, sentence)| {
                // Joined by hand, without the formatting machinery: an
                // entry page links to every mention it lists.
                let mut at = String::with_capacity(url.len() + 1 + anchor.len());
                at.push_str(url);
                at.push('#');
                at.push_str(anchor);
                MentionView { url: at, sentence }
            })
            .collect(),
        from,
    }
}

#[derive(Serialize)]
struct MentionView<'a> {
    url: String,
    sentence: &'a str,
}

/// The page a backlink comes from.
enum From {
    Briefing(Arc<BriefingRef>),
    Entry(Shared<EntryRef>),
}

/// A page that mentions the entry, and its mentions: `title`, `url`,
/// `kind` ("briefing" or the entry's kind) and `mentions`.
struct BacklinkView<'a> {
    from: From,
    mentions: Vec<MentionView<'a>>,
}

impl Serialize for BacklinkView<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // The title and address are taken from the page's reference as
        // templates already see it, and shared, not copied: an entry page
        // lists every page that mentions it.
        let mut out = s.serialize_struct("BacklinkView", 4)?;
        match &self.from {
            From::Briefing(r) => {
                out.serialize_field("title", r.title_value())?;
                out.serialize_field("url", r.url_value())?;
                out.serialize_field("kind", "briefing")?;
            }
            From::Entry(r) => {
                let value = r.value();
                out.serialize_field("title", &value.get_from_path("title"))?;
                out.serialize_field("url", &value.get_from_path("url"))?;
                out.serialize_field("kind", r.kind)?;
            }
        }
        out.serialize_field("mentions", &self.mentions)?;
        out.end()
    }
}

#[derive(Serialize)]
pub(super) struct EntryPage<'a> {
    entry: Shared<EntryRef>,
    aliases: Vec<&'a str>,
    #[serde(serialize_with = "super::safe_html")]
    content: std::borrow::Cow<'a, str>,
    related: Vec<RelationView>,
    stakeholder_in: Vec<StakeholderIn>,
    /// The pages mentioning it: all of them, or the most recent when
    /// `mentions_url` lists them all.
    mentioned_in: Vec<BacklinkView<'a>>,
    /// How many pages mention it.
    mention_count: usize,
    mentions_url: Option<String>,
    quotes: Vec<QuoteView>,
    events: Vec<Shared<EventView>>,
    sources: Vec<PageSourceView>,
    infobox: Infobox,
    /// Its relations and the actors it shares briefings with, drawn.
    #[serde(serialize_with = "super::safe_html_opt")]
    neighbourhood_svg: Option<String>,
    /// Its events drawn to scale.
    #[serde(serialize_with = "super::safe_html_opt")]
    timeline_svg: Option<String>,
}

#[derive(Serialize)]
pub(super) struct MentionsPage<'a> {
    entry: Shared<EntryRef>,
    mentioned_in: Vec<BacklinkView<'a>>,
    mention_count: usize,
    pager: Option<Pager>,
}
