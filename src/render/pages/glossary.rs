//! The glossary index: every entry, grouped by kind, A-Z under letter
//! headings, paginated past `[lists] page_size` entries.
//!
//! A-Z order follows each entry's sort key: its `sort_as`, or else its
//! title without a leading "The", "al-" or "el-", so "al-Qaida" files under
//! Q and "The Washington Post" under W, and the letter headings follow.

use serde::Serialize;

use super::PageData;
use super::pagination::{Pager, page_rel, page_slice};
use crate::render::views::{EntryRef, Shared};

/// Leading words an A-Z list passes over; case does not matter.
const IGNORED_PREFIXES: [&str; 3] = ["the ", "al-", "el-"];

/// The key an entry files under in A-Z lists, lower-cased: `sort_as` when
/// given, else the title without a leading article.
pub(crate) fn sort_key(title: &str, sort_as: Option<&str>) -> String {
    if let Some(key) = sort_as.map(str::trim).filter(|k| !k.is_empty()) {
        return key.to_lowercase();
    }
    let lower = title.trim().to_lowercase();
    IGNORED_PREFIXES
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .filter(|rest| !rest.trim().is_empty())
        .map_or_else(|| lower.clone(), |rest| rest.trim_start().to_string())
}

/// The letter heading a key files under: its first letter in capitals,
/// or "#" for keys that start with a digit or a sign.
fn letter(key: &str) -> String {
    match key.chars().next() {
        Some(c) if c.is_alphabetic() => c.to_uppercase().collect(),
        _ => "#".to_string(),
    }
}

/// The id of a letter heading within a kind: `group-q`, `place-other` for
/// "#", and the code point for letters with no ASCII form.
fn letter_anchor(kind: &str, letter: &str) -> String {
    let slug = crate::content::slugify(letter);
    if letter == "#" {
        format!("{kind}-other")
    } else if slug.is_empty() {
        let code = letter.chars().next().map_or(0, u32::from);
        format!("{kind}-u{code:x}")
    } else {
        format!("{kind}-{slug}")
    }
}

impl PageData<'_> {
    /// Page `n` of the glossary index.
    pub(super) fn glossary(&self, n: usize) -> GlossaryPage {
        let (content, v, lists) = (self.content, self.v, self.lists);
        let size = lists.page_size;
        let mut groups: Vec<KindGroup> = Vec::new();
        for &i in page_slice(&lists.glossary, n, size) {
            let front = &content.entries[i].front;
            let kind = front.kind;
            let letter = letter(&sort_key(&front.title.value, front.sort_as.as_deref()));
            if groups.last().is_none_or(|g| g.kind != kind.as_str()) {
                groups.push(KindGroup {
                    kind: kind.as_str(),
                    label: kind.plural_label(),
                    letters: Vec::new(),
                });
            }
            let Some(group) = groups.last_mut() else {
                continue;
            };
            if group.letters.last().is_none_or(|l| l.letter != letter) {
                group.letters.push(LetterGroup {
                    anchor: letter_anchor(group.kind, &letter),
                    letter,
                    entries: Vec::new(),
                });
            }
            if let Some(l) = group.letters.last_mut() {
                l.entries.push(v.entry_ref(i));
            }
        }
        // Each kind links to the page where it starts.
        let kinds = lists
            .kinds
            .iter()
            .map(|(kind, run)| KindLink {
                kind: kind.as_str(),
                label: kind.plural_label(),
                url: format!(
                    "{}#{}",
                    self.config
                        .path_to(&page_rel("glossary/", run.start / size.max(1) + 1)),
                    kind.as_str()
                ),
                count: run.len(),
            })
            .collect();
        GlossaryPage {
            count: content.entries.len(),
            kinds,
            groups,
            pager: Pager::new(self.config, "glossary/", n, lists.glossary.len(), size),
        }
    }
}

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    /// The id of its heading, unique on the page: `group-q`.
    anchor: String,
    entries: Vec<Shared<EntryRef>>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    label: &'static str,
    letters: Vec<LetterGroup>,
}

/// A kind in the index's navigation.
#[derive(Serialize)]
struct KindLink {
    kind: &'static str,
    label: &'static str,
    /// Its heading, on the page where the kind starts.
    url: String,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct GlossaryPage {
    /// Every entry of the site, not only this page's.
    count: usize,
    kinds: Vec<KindLink>,
    /// This page's entries by kind, then by letter.
    groups: Vec<KindGroup>,
    pager: Option<Pager>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_skips_leading_articles() {
        assert_eq!(sort_key("al-Qaida", None), "qaida");
        assert_eq!(sort_key("The Washington Post", None), "washington post");
        assert_eq!(sort_key("THE Guardian", None), "guardian");
        assert_eq!(sort_key("El-Baradei", None), "baradei");
        assert_eq!(sort_key("Al-Nusra Front", None), "nusra front");
        // Only whole leading words: "Theresa" and "Alan" keep their letter.
        assert_eq!(sort_key("Theresa May", None), "theresa may");
        assert_eq!(sort_key("Alan Turing", None), "alan turing");
        // A title that is nothing but the article keeps it.
        assert_eq!(sort_key("The ", None), "the");
    }

    #[test]
    fn sort_as_wins() {
        assert_eq!(
            sort_key("Bashar al-Assad", Some("Assad, Bashar")),
            "assad, bashar"
        );
        assert_eq!(sort_key("The Hague", Some("  ")), "hague");
    }

    #[test]
    fn letters_follow_the_key() {
        assert_eq!(letter(&sort_key("al-Qaida", None)), "Q");
        assert_eq!(letter(&sort_key("The Washington Post", None)), "W");
        assert_eq!(letter(&sort_key("Élysée", None)), "É");
        assert_eq!(letter("1st Division"), "#");
        assert_eq!(letter(""), "#");
        assert_eq!(letter_anchor("group", "Q"), "group-q");
        assert_eq!(letter_anchor("place", "#"), "place-other");
        assert_eq!(letter_anchor("person", "É"), "person-e");
        assert_eq!(letter_anchor("person", "ع"), "person-u639");
    }
}
