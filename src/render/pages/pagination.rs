//! Splitting a long list into numbered pages, the way Zola and Hugo do.
//!
//! Page 1 of a list lives at the list's own URL (`/tags/syria/`); page `n`
//! past it at `<list>/page/<n>/`. No `/page/1/` is made, so every list has
//! exactly one address for its first page. A list that fits on one page has
//! no pager at all, which keeps small sites looking as they always did.

use serde::Serialize;

use crate::config::Config;

/// How many pages a list of `len` items takes: at least one, so an empty
/// list still has its (empty) page.
pub fn page_count(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

/// The items of page `n` (1-based); empty past the end.
pub fn page_slice<T>(items: &[T], n: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let start = n.saturating_sub(1).saturating_mul(size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    &items[start..end]
}

/// The site-relative path of page `n` of the list at `base` ("tags/x/").
pub fn page_rel(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// Pages beside the current one that the pager links by number; the first
/// and last are always linked, the rest shown as a gap.
const WINDOW: usize = 2;

/// What templates see of a paginated list (`page.pager`).
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// This page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// How many items the whole list has.
    pub items: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The numbered links, with gaps where pages are left out.
    pub pages: Vec<PagerLink>,
}

/// One numbered link of a pager, or a gap (`number` 0) standing for the
/// pages left out.
#[derive(Debug, Clone, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

impl Pager {
    /// The pager of page `current` of a list of `items` at `base`, or none
    /// when the whole list fits on one page.
    pub fn new(
        config: &Config,
        base: &str,
        current: usize,
        items: usize,
        size: usize,
    ) -> Option<Pager> {
        let total = page_count(items, size);
        if total <= 1 {
            return None;
        }
        let url = |n: usize| config.path_to(&page_rel(base, n));
        let mut pages = Vec::new();
        let mut last_shown = 0;
        for n in 1..=total {
            let near = n.abs_diff(current) <= WINDOW;
            if n == 1 || n == total || near {
                if n > last_shown + 1 {
                    pages.push(PagerLink {
                        number: 0,
                        url: String::new(),
                        current: false,
                    });
                }
                pages.push(PagerLink {
                    number: n,
                    url: url(n),
                    current: n == current,
                });
                last_shown = n;
            }
        }
        Some(Pager {
            current,
            total,
            items,
            prev: (current > 1).then(|| url(current - 1)),
            next: (current < total).then(|| url(current + 1)),
            pages,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org/sub/\"\n",
            std::path::Path::new("site.toml"),
            std::path::Path::new("/site"),
            &crate::config::Overrides::default(),
        )
        .unwrap()
    }

    #[test]
    fn counts_and_slices() {
        assert_eq!(page_count(0, 2), 1);
        assert_eq!(page_count(2, 2), 1);
        assert_eq!(page_count(3, 2), 2);
        let items = [1, 2, 3, 4, 5];
        assert_eq!(page_slice(&items, 1, 2), &[1, 2]);
        assert_eq!(page_slice(&items, 3, 2), &[5]);
        assert!(page_slice(&items, 4, 2).is_empty());
    }

    #[test]
    fn first_page_lives_at_the_list_url() {
        assert_eq!(page_rel("tags/x/", 1), "tags/x/");
        assert_eq!(page_rel("tags/x/", 3), "tags/x/page/3/");
    }

    #[test]
    fn pager_links_neighbours_and_ends() {
        let c = config();
        assert!(Pager::new(&c, "tags/x/", 1, 2, 2).is_none());
        let p = Pager::new(&c, "tags/x/", 1, 3, 2).unwrap();
        assert_eq!(p.prev, None);
        assert_eq!(p.next.as_deref(), Some("/sub/tags/x/page/2/"));
        let p = Pager::new(&c, "tags/x/", 2, 3, 2).unwrap();
        assert_eq!(p.prev.as_deref(), Some("/sub/tags/x/"));
        assert_eq!(p.next, None);
        let p = Pager::new(&c, "b/", 10, 40, 2).unwrap();
        let numbers: Vec<usize> = p.pages.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 0, 8, 9, 10, 11, 12, 0, 20]);
        assert!(p.pages.iter().filter(|l| l.current).count() == 1);
    }
}
