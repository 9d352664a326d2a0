//! What the reading pages show beyond their plain data: the stakeholder
//! panel grouped by stance, an entry's infobox and neighbourhood, and the
//! pictures of both.
//!
//! Kept apart from `pages` because these are judgements about reading (who
//! comes first in a group, which neighbours are worth drawing), not about
//! which pages exist.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use super::crossref::CrossRefs;
use super::pictures::{self, Mark, Neighbour};
use super::views::{BriefingRef, EventView, Shared, StakeholderView, Views};
use crate::content::model::Stance;
use crate::graph::Owner;

/// The stakeholders of one stance, most prominent first.
#[derive(Debug, Serialize)]
pub struct StanceGroup {
    pub stance: &'static str,
    pub label: &'static str,
    pub stakeholders: Vec<Shared<StakeholderView>>,
}

/// How many stakeholders take one stance (or how often an entry took it).
#[derive(Debug, Serialize)]
pub struct StanceCount {
    pub stance: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// The stakeholder panel of briefing `b`: groups in the order of
/// [`Stance::ALL`], empty ones left out; within a group the actor the text
/// names most often comes first, ties in written order. `views` are the
/// briefing's stakeholders as listed, made once for the page.
pub fn stance_groups(
    v: &Views<'_>,
    b: usize,
    views: &[Shared<StakeholderView>],
) -> Vec<StanceGroup> {
    let list = &v.graph.briefings[b].stakeholders;
    let counts = prominence(v, b);
    Stance::ALL
        .iter()
        .filter_map(|&stance| {
            let mut members: Vec<usize> = (0..list.len())
                .filter(|&k| list[k].stance == stance)
                .collect();
            members.sort_by_key(|&k| (Reverse(counts[k]), k));
            (!members.is_empty()).then(|| StanceGroup {
                stance: stance.as_str(),
                label: stance.label(),
                stakeholders: members.iter().map(|&k| views[k].clone()).collect(),
            })
        })
        .collect()
}

/// Per stakeholder of briefing `b`, how often its title or an alias occurs
/// in the body as a whole word. Counted on the text, not on links, because
/// automatic linking links only the first mention.
fn prominence(v: &Views<'_>, b: usize) -> Vec<usize> {
    let list = &v.graph.briefings[b].stakeholders;
    let mut patterns: Vec<&str> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (k, s) in list.iter().enumerate() {
        let e = &v.entries[s.entry].front;
        for name in std::iter::once(&e.title.value).chain(e.aliases.iter().map(|a| &a.value)) {
            if !name.trim().is_empty() {
                patterns.push(name);
                owner.push(k);
            }
        }
    }
    let mut counts = vec![0; list.len()];
    let found = whole_word_counts(
        v.briefings[b].doc.body(),
        &patterns,
        v.config.case_sensitive,
    );
    for (p, n) in found.into_iter().enumerate() {
        counts[owner[p]] += n;
    }
    counts
}

/// How often each of `names` occurs in `text` as a whole word, overlapping
/// occurrences resolved leftmost first, then longest first (as one
/// Aho-Corasick automaton would), and ASCII case ignored unless
/// `case_sensitive`. A handful of names in one text: each is searched on
/// its own, because building an automaton for each briefing cost more
/// than the search (2-5% of a build at 10,000 briefings).
fn whole_word_counts(text: &str, names: &[&str], case_sensitive: bool) -> Vec<usize> {
    // ASCII case folding keeps byte offsets.
    let folded;
    let text = if case_sensitive {
        text
    } else {
        folded = text.to_ascii_lowercase();
        folded.as_str()
    };
    let mut found: Vec<(usize, Reverse<usize>, usize)> = Vec::new();
    for (p, name) in names.iter().enumerate() {
        let name = if case_sensitive {
            std::borrow::Cow::Borrowed(*name)
        } else {
            std::borrow::Cow::Owned(name.to_ascii_lowercase())
        };
        found.extend(
            memchr::memmem::find_iter(text.as_bytes(), name.as_bytes())
                .map(|at| (at, Reverse(name.len()), p)),
        );
    }
    found.sort_unstable();
    let mut counts = vec![0; names.len()];
    let mut next = 0;
    for (start, Reverse(len), p) in found {
        if start < next {
            continue;
        }
        next = start + len;
        let before = text[..start].chars().next_back();
        let after = text[start + len..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            counts[p] += 1;
        }
    }
    counts
}

/// How many stakeholders of briefing `b` take each stance, for the panel's
/// one-line summary.
pub fn stance_counts(groups: &[StanceGroup]) -> Vec<StanceCount> {
    groups
        .iter()
        .map(|g| StanceCount {
            stance: g.stance,
            label: g.label,
            count: g.stakeholders.len(),
        })
        .collect()
}

/// The facts beside an entry's text.
#[derive(Debug, Serialize)]
pub struct Infobox {
    pub kind: &'static str,
    pub aliases: Vec<String>,
    /// The earliest and latest briefing that names it (as stakeholder or
    /// in the text).
    pub first: Option<Arc<BriefingRef>>,
    pub last: Option<Arc<BriefingRef>>,
    pub briefings: usize,
    /// Stances it took as a stakeholder, with how often.
    pub stances: Vec<StanceCount>,
}

/// The briefings that name entry `e`: as stakeholder or in their text,
/// in index order. Found once for an entry's page: its infobox and its
/// neighbourhood both read them.
pub fn briefings_of(v: &Views<'_>, xref: &CrossRefs, e: usize) -> Vec<usize> {
    let mut set: Vec<usize> = v.graph.entries[e]
        .stakeholder_in
        .iter()
        .map(|&(b, _)| b)
        .collect();
    set.extend(xref.backlinks[e].iter().filter_map(|bl| match bl.from {
        Owner::Briefing(b) => Some(b),
        Owner::Entry(_) => None,
    }));
    set.sort_unstable();
    set.dedup();
    // The infobox and the neighbourhood read these briefings' dates,
    // stakeholders and mentions directly, not through the views.
    for &b in &set {
        super::deps::read(super::deps::Input::Briefing(b));
        super::deps::read(super::deps::Input::Mentioned(b));
    }
    set
}

/// The infobox of entry `e`, named in `briefings` ([`briefings_of`]).
pub fn infobox(v: &Views<'_>, e: usize, briefings: &[usize]) -> Infobox {
    let front = &v.entries[e].front;
    let key = |b: usize| (v.briefings[b].front.date.value, &v.briefings[b].doc.slug);
    let mut stances: BTreeMap<usize, usize> = BTreeMap::new();
    for &(b, k) in &v.graph.entries[e].stakeholder_in {
        let s = v.graph.briefings[b].stakeholders[k].stance;
        let rank = Stance::ALL.iter().position(|&x| x == s).unwrap_or(0);
        *stances.entry(rank).or_default() += 1;
    }
    Infobox {
        kind: front.kind.as_str(),
        aliases: front.aliases.iter().map(|a| v.text(&a.value)).collect(),
        first: briefings
            .iter()
            .copied()
            .min_by_key(|&b| key(b))
            .map(|b| v.briefing_ref(b)),
        last: briefings
            .iter()
            .copied()
            .max_by_key(|&b| key(b))
            .map(|b| v.briefing_ref(b)),
        briefings: briefings.len(),
        stances: stances
            .into_iter()
            .map(|(rank, count)| StanceCount {
                stance: Stance::ALL[rank].as_str(),
                label: Stance::ALL[rank].label(),
                count,
            })
            .collect(),
    }
}

/// Entry `e`'s neighbourhood picture: its typed relations, then the actors
/// it shares the most briefings with.
pub fn neighbourhood(
    v: &Views<'_>,
    xref: &CrossRefs,
    e: usize,
    briefings: &[usize],
) -> Option<String> {
    let links = &v.graph.entries[e];
    let me = v.text(&v.entries[e].front.title.value);
    let mut neighbours: Vec<(usize, String, String, bool)> = Vec::new();
    let mut seen: BTreeSet<usize> = BTreeSet::from([e]);
    for r in &links.related {
        if !seen.insert(r.other) {
            continue;
        }
        let other = v.text(&v.entries[r.other].front.title.value);
        let (label, tip) = match (&r.relation, r.declared) {
            (Some(rel), true) => (v.text(rel), format!("{me} {} {other}", v.text(rel))),
            (Some(rel), false) => (
                format!("← {}", v.text(rel)),
                format!("{other} {} {me}", v.text(rel)),
            ),
            (None, _) => (String::new(), format!("{me} and {other} are related")),
        };
        neighbours.push((r.other, label, tip, true));
    }
    let mut shared = shared_briefings(v, xref, briefings);
    shared.retain(|(other, _)| !seen.contains(other));
    let typed = neighbours.len();
    let room = pictures::MAX_NEIGHBOURS.saturating_sub(typed);
    let more = shared.len().saturating_sub(room);
    // Only the closest are drawn: they are picked out, then sorted.
    let key = |&(other, count): &(usize, usize)| (Reverse(count), other);
    if room > 0 && shared.len() > room {
        shared.select_nth_unstable_by_key(room - 1, key);
    }
    shared.truncate(room);
    shared.sort_by_key(key);
    for &(other, count) in shared.iter().take(room) {
        let title = v.text(&v.entries[other].front.title.value);
        let label = format!(
            "{count} shared briefing{}",
            if count == 1 { "" } else { "s" }
        );
        let tip = format!("{me} and {title}: {label}");
        neighbours.push((other, label, tip, false));
    }
    let refs: Vec<(String, String)> = neighbours
        .iter()
        .map(|&(o, ..)| {
            let r = v.entry_ref(o);
            (r.title.clone(), r.url.clone())
        })
        .collect();
    let drawn: Vec<Neighbour<'_>> = neighbours
        .iter()
        .zip(&refs)
        .map(|((_, label, tip, typed), (title, url))| Neighbour {
            title,
            href: url,
            label: label.clone(),
            tip: tip.clone(),
            typed: *typed,
        })
        .collect();
    pictures::neighbourhood(&me, &drawn, more)
}

/// How many of `briefings` (an entry's) each actor takes part in (as a
/// stakeholder or a mention), for every actor of any, in no particular
/// order.
fn shared_briefings(v: &Views<'_>, xref: &CrossRefs, briefings: &[usize]) -> Vec<(usize, usize)> {
    thread_local! {
        /// A slot per entry, zero between calls: an entry named in
        /// thousands of briefings is counted against every actor of each,
        /// and only the slots it touched are read and cleared, so no page
        /// costs as much as there are entries.
        static COUNTS: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    COUNTS.with_borrow_mut(|counts| {
        if counts.len() < v.entries.len() {
            counts.resize(v.entries.len(), 0);
        }
        let mut touched: Vec<usize> = Vec::new();
        for &b in briefings {
            for &other in &xref.actors[b] {
                if counts[other] == 0 {
                    touched.push(other);
                }
                counts[other] += 1;
            }
        }
        touched
            .into_iter()
            .map(|other| (other, std::mem::take(&mut counts[other])))
            .collect()
    })
}

/// The timeline picture of a list of events, each linked to its briefing
/// when `link` is set.
pub fn timeline_picture(events: &[Shared<EventView>], label: &str, link: bool) -> Option<String> {
    let marks: Vec<Mark<'_>> = events
        .iter()
        .map(|e| Mark {
            date: e.when,
            title: &e.title,
            href: link.then_some(e.briefing.url()),
        })
        .collect();
    pictures::timeline(&marks, label)
}

/// The timeline picture of the events `ids`, each linked to its briefing,
/// made from the events themselves: the same picture as
/// [`timeline_picture`] of their views, for a page that shows no more of
/// them.
pub fn timeline_picture_of(v: &Views<'_>, ids: &[usize], label: &str) -> Option<String> {
    let made: Vec<_> = ids
        .iter()
        .map(|&i| {
            let e = &v.graph.events[i];
            (e.date, v.text(&e.title), v.briefing_ref(e.briefing))
        })
        .collect();
    let marks: Vec<Mark<'_>> = made
        .iter()
        .map(|(date, title, briefing)| Mark {
            date: *date,
            title,
            href: Some(briefing.url()),
        })
        .collect();
    pictures::timeline(&marks, label)
}

#[cfg(test)]
mod tests {
    use super::whole_word_counts;

    #[test]
    fn names_count_as_whole_words_longest_first() {
        let text = "The Syrian Army met the Free Syrian Army; Syrian Armyless is no match. \
                    syrian army, too.";
        let names = ["Syrian Army", "Free Syrian Army", "Army"];
        // "Free Syrian Army" takes its words from the shorter names, and
        // "Syrian Armyless" is no whole word.
        assert_eq!(whole_word_counts(text, &names, true), [1, 1, 0]);
        assert_eq!(whole_word_counts(text, &names, false), [2, 1, 0]);
        assert_eq!(whole_word_counts("", &names, true), [0, 0, 0]);
    }
}
