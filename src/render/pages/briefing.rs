//! A briefing's page: header, stakeholders, body, quotes, events, its
//! numbered sources and related briefings.

use std::sync::Arc;

use serde::Serialize;

use super::PageData;
use crate::markdown::Heading;
use crate::render::coverage::Coverage;
use crate::render::crossref::PageSource;
use crate::render::reading::{self, StanceCount, StanceGroup};
use crate::render::views::{
    BriefingRef, DateView, EntryRef, EventView, QuoteView, Shared, SourceView, StakeholderView,
    Views, toc,
};

impl PageData<'_> {
    pub(super) fn briefing(&self, i: usize) -> BriefingPage<'_> {
        let (b, v, xref) = (&self.content.briefings[i], self.v, self.xref);
        let links = &self.graph.briefings[i];
        let r = &self.bodies.briefings[i];
        let events = v.events_sorted(&links.events);
        let stakeholders: std::collections::HashSet<usize> =
            links.stakeholders.iter().map(|s| s.entry).collect();
        // Made once: the panel's groups and the plain list share them.
        let stakeholder_views: Vec<Shared<StakeholderView>> = links
            .stakeholders
            .iter()
            .map(|s| Shared::new(v.stakeholder(s)))
            .collect();
        let stances = reading::stance_groups(v, i, &stakeholder_views);
        BriefingPage {
            timeline_svg: reading::timeline_picture(&events, "the events of this briefing", false),
            briefing: v.briefing_ref(i),
            updated: b.front.updated.as_ref().map(|d| d.value.into()),
            dateline: b.front.dateline.as_deref(),
            authors: &b.front.authors,
            content: self.bodies.html(crate::graph::Owner::Briefing(i)),
            toc: toc(&r.headings),
            stakeholders: stakeholder_views,
            stance_counts: reading::stance_counts(&stances),
            stances,
            mentioned: xref.mentioned[i]
                .iter()
                .filter(|e| !stakeholders.contains(e))
                .map(|&e| v.entry_ref(e))
                .collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events,
            sources: source_list(v, &xref.briefing_sources[i]),
            related: xref.related[i].iter().map(|&b| v.briefing_ref(b)).collect(),
            coverage: self.coverage[i],
        }
    }
}

/// A page's sources as its template lists them.
pub(super) fn source_list(v: &Views<'_>, list: &[PageSource]) -> Vec<PageSourceView> {
    list.iter()
        .map(|ps| PageSourceView {
            source: v.source(ps.source),
            cited: ps.cited,
            cites: ps.cites.iter().map(|a| format!("#{a}")).collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub(super) struct PageSourceView {
    source: Shared<SourceView>,
    cited: bool,
    /// Links to every citation mark of this source on the page.
    cites: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct BriefingPage<'a> {
    briefing: Arc<BriefingRef>,
    updated: Option<DateView>,
    dateline: Option<&'a str>,
    authors: &'a [String],
    #[serde(serialize_with = "super::safe_html")]
    content: std::borrow::Cow<'a, str>,
    toc: Vec<Heading>,
    stakeholders: Vec<Shared<StakeholderView>>,
    /// Entries mentioned in the text that are not stakeholders.
    mentioned: Vec<Shared<EntryRef>>,
    quotes: Vec<QuoteView>,
    events: Vec<Shared<EventView>>,
    sources: Vec<PageSourceView>,
    related: Vec<Arc<BriefingRef>>,
    /// The stakeholders by stance, and how many take each.
    stances: Vec<StanceGroup>,
    stance_counts: Vec<StanceCount>,
    /// Its events drawn to scale.
    #[serde(serialize_with = "super::safe_html_opt")]
    timeline_svg: Option<String>,
    /// How many of its claims cite a source.
    coverage: Coverage,
}
