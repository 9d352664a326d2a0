//! How the site's long lists are ordered and cut into pages.
//!
//! The order of the glossary index, the timeline and the sources index, and
//! where they split (by year, by publisher), is decided once per render from
//! the content and the graph. Both the list of pages to make and the data
//! of each page read it, so the two always agree, and no page sorts the
//! whole site again while it renders.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::glossary::sort_key;
use crate::config::Config;
use crate::content::{Content, Kind, slugify};
use crate::graph::Graph;

/// The ordered lists of one site and how they split into pages.
pub struct Lists {
    /// Items per list page (`[lists] page_size`).
    pub page_size: usize,
    /// Entries in glossary order: by kind, then A-Z key, then id.
    pub glossary: Vec<usize>,
    /// The kinds of the glossary index, in order, each a run of `glossary`.
    pub kinds: Vec<(Kind, Range<usize>)>,
    /// Every event in timeline order.
    pub events: Vec<usize>,
    /// The years of the timeline, in order, each a run of `events`.
    pub years: Vec<Year>,
    /// Sources in index order: by publisher (A-Z, as the glossary sorts),
    /// newest first, then id.
    pub sources: Vec<usize>,
    /// The publishers of the sources index, each a run of `sources`.
    pub publishers: Vec<Publisher>,
    /// Every tag, A-Z, so a page of the tags index is a slice.
    pub tags: Vec<String>,
}

/// One year of the timeline.
pub struct Year {
    pub year: i16,
    pub events: Range<usize>,
}

/// One publisher of the sources index.
pub struct Publisher {
    pub name: String,
    /// Unique among publishers: `/sources/<slug>/`.
    pub slug: String,
    pub sources: Range<usize>,
}

impl Lists {
    pub fn new(content: &Content, graph: &Graph, config: &Config) -> Lists {
        let mut glossary: Vec<usize> = (0..content.entries.len()).collect();
        let keys: Vec<(usize, String)> = content
            .entries
            .iter()
            .map(|e| {
                let kind = Kind::ALL.iter().position(|&k| k == e.front.kind);
                let key = sort_key(&e.front.title.value, e.front.sort_as.as_deref());
                (kind.unwrap_or(usize::MAX), key)
            })
            .collect();
        glossary.sort_by(|&a, &b| {
            keys[a].cmp(&keys[b]).then_with(|| {
                content.entries[a]
                    .doc
                    .slug
                    .cmp(&content.entries[b].doc.slug)
            })
        });
        let mut kinds: Vec<(Kind, Range<usize>)> = Vec::new();
        for (at, &i) in glossary.iter().enumerate() {
            let kind = content.entries[i].front.kind;
            match kinds.last_mut() {
                Some((k, run)) if *k == kind => run.end = at + 1,
                _ => kinds.push((kind, at..at + 1)),
            }
        }

        // Events of a date keep the order they were written in.
        let mut events: Vec<usize> = (0..graph.events.len()).collect();
        events.sort_by_key(|&i| (graph.events[i].date, i));
        let mut years: Vec<Year> = Vec::new();
        for (at, &i) in events.iter().enumerate() {
            let year = graph.events[i].date.year();
            match years.last_mut() {
                Some(y) if y.year == year => y.events.end = at + 1,
                _ => years.push(Year {
                    year,
                    events: at..at + 1,
                }),
            }
        }

        let mut sources: Vec<usize> = (0..graph.sources.len()).collect();
        sources.sort_by_cached_key(|&i| {
            let s = &graph.sources[i].front;
            (
                sort_key(&s.publisher, None),
                s.publisher.clone(),
                std::cmp::Reverse(s.date),
                s.id.value.clone(),
            )
        });
        let mut publishers: Vec<Publisher> = Vec::new();
        let mut slugs = Slugs::default();
        for (at, &i) in sources.iter().enumerate() {
            let name = &graph.sources[i].front.publisher;
            match publishers.last_mut() {
                Some(p) if &p.name == name => p.sources.end = at + 1,
                _ => publishers.push(Publisher {
                    name: name.clone(),
                    slug: unique_slug(name, &mut slugs),
                    sources: at..at + 1,
                }),
            }
        }

        Lists {
            page_size: config.page_size,
            glossary,
            kinds,
            events,
            years,
            sources,
            publishers,
            tags: graph.tags.keys().cloned().collect(),
        }
    }

    /// Whether the timeline is too long for one page and splits by year.
    pub fn timeline_split(&self) -> bool {
        self.events.len() > self.page_size
    }

    /// Whether the sources index is too long for one page and lists
    /// publishers, each with a page of its own.
    pub fn sources_split(&self) -> bool {
        self.sources.len() > self.page_size
    }

    /// The site-relative path of a year of the timeline.
    pub fn year_rel(year: i16) -> String {
        format!("timeline/{year}/")
    }

    /// The site-relative path of a publisher's page.
    pub fn publisher_rel(p: &Publisher) -> String {
        format!("sources/{}/", p.slug)
    }
}

/// A slug for a publisher's page that no other publisher has: two names
/// that slug alike ("A.P." and "A P") get `a-p` and `a-p-2`. Each base
/// keeps its next number, so many alike names stay linear.
fn unique_slug(name: &str, taken: &mut Slugs) -> String {
    let mut base = slugify(name);
    if base.is_empty() {
        base = "publisher".to_string();
    }
    let next = taken.next.entry(base.clone()).or_insert(1);
    loop {
        let slug = if *next == 1 {
            base.clone()
        } else {
            format!("{base}-{next}")
        };
        *next += 1;
        if taken.used.insert(slug.clone()) {
            return slug;
        }
    }
}

/// Publisher slugs given out so far.
#[derive(Default)]
struct Slugs {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publisher_slugs_are_unique() {
        let mut taken = Slugs::default();
        assert_eq!(unique_slug("A P 2", &mut taken), "a-p-2");
        assert_eq!(unique_slug("A.P.", &mut taken), "a-p");
        assert_eq!(unique_slug("A P", &mut taken), "a-p-3");
        assert_eq!(
            unique_slug("Associated Press", &mut taken),
            "associated-press"
        );
        assert_eq!(unique_slug("العربية", &mut taken), "publisher");
        assert_eq!(unique_slug("?", &mut taken), "publisher-2");
    }
}
