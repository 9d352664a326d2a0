//! The timeline: every event, oldest first, grouped by year.
//!
//! Up to `[lists] page_size` events it is one page, as it always was. Past
//! that, `/timeline/` lists the years with their counts and the latest
//! events, and each year has its own page at `/timeline/<year>/`
//! (paginated again if one year alone is too long).

use serde::Serialize;

use super::PageData;
use super::lists::Lists;
use super::pagination::{Pager, page_slice};
use crate::render::reading;
use crate::render::views::{EventView, Shared};

/// How many of the latest events the index of a split timeline shows.
const LATEST: usize = 10;

impl PageData<'_> {
    /// The timeline's index (`None`), or page `n` of year `y` of a split one.
    pub(super) fn timeline(&self, year_page: Option<(usize, usize)>) -> TimelinePage {
        let (lists, v) = (self.lists, self.v);
        let split = lists.timeline_split();
        let year_index: Vec<YearLink> = if split {
            lists
                .years
                .iter()
                .map(|y| YearLink {
                    year: y.year,
                    count: y.events.len(),
                    url: self.config.path_to(&Lists::year_rel(y.year)),
                })
                .collect()
        } else {
            Vec::new()
        };
        let (shown, latest, year, pager) = match year_page {
            None if split => {
                let from = lists.events.len().saturating_sub(LATEST);
                let latest: Vec<Shared<EventView>> = lists.events[from..]
                    .iter()
                    .rev()
                    .map(|&e| v.event(e))
                    .collect();
                (&[][..], latest, None, None)
            }
            None => (&lists.events[..], Vec::new(), None, None),
            Some((y, n)) => {
                let year = &lists.years[y];
                let events = &lists.events[year.events.clone()];
                let pager = Pager::new(
                    self.config,
                    &Lists::year_rel(year.year),
                    n,
                    events.len(),
                    lists.page_size,
                );
                (
                    page_slice(events, n, lists.page_size),
                    Vec::new(),
                    Some(year.year),
                    pager,
                )
            }
        };
        let shown: Vec<Shared<EventView>> = shown.iter().map(|&e| v.event(e)).collect();
        let timeline_svg = if split && year.is_none() {
            // The index draws every event; past a few hundred the picture
            // counts them per year, so it stays small. It needs only their
            // dates, titles and briefings, not whole views.
            reading::timeline_picture_of(v, &lists.events, "every briefing")
        } else if let Some(y) = year {
            reading::timeline_picture(&shown, &format!("the events of {y} listed below"), true)
        } else {
            reading::timeline_picture(&shown, "every briefing", true)
        };
        let mut years: Vec<YearGroup> = Vec::new();
        for ev in shown {
            match years.last_mut() {
                Some(y) if y.year == ev.date.year => y.events.push(ev),
                _ => years.push(YearGroup {
                    year: ev.date.year,
                    events: vec![ev],
                }),
            }
        }
        TimelinePage {
            count: lists.events.len(),
            timeline_svg,
            years,
            year_index,
            latest,
            year,
            pager,
        }
    }
}

#[derive(Serialize)]
struct YearGroup {
    year: i16,
    events: Vec<Shared<EventView>>,
}

/// A year of a split timeline, with its page.
#[derive(Serialize)]
struct YearLink {
    year: i16,
    count: usize,
    url: String,
}

#[derive(Serialize)]
pub(super) struct TimelinePage {
    /// Every event of the site.
    count: usize,
    /// The events of this page drawn to scale (all of them on the index).
    #[serde(serialize_with = "super::safe_html_opt")]
    timeline_svg: Option<String>,
    /// The events this page shows, by year: all of them on a timeline of
    /// one page, one year's on a year page, none on a split index.
    years: Vec<YearGroup>,
    /// Every year with its count and page, when the timeline is split.
    year_index: Vec<YearLink>,
    /// The most recent events, newest first, on a split index.
    latest: Vec<Shared<EventView>>,
    /// The year of a year page.
    year: Option<i16>,
    pager: Option<Pager>,
}
