//! Full-text search that works from the static files alone.
//!
//! The Pagefind library indexes the rendered briefing and glossary pages in
//! process, while the site builds; the index is written in chunks under
//! `/pagefind/` that the browser loads on demand, so it stays fast at any
//! size. Only the element marked `data-pagefind-body` is indexed (the
//! article, not the navigation), and a glossary entry's aliases are part of
//! its text, so "Jabhat al-Nusra" finds the Nusra Front. Drafts are never
//! indexed.

use std::collections::HashSet;

use crate::config::Config;
use crate::render::{Bytes, Pages};

/// The search index for `pages`, as files under `pagefind/`. `skip` lists
/// page paths not to index.
pub fn index(pages: &Pages, config: &Config, skip: &HashSet<String>) -> Result<Pages, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let options = PagefindServiceConfig::builder()
        .keep_index_url(false)
        .force_language(config.language.clone())
        .build();
    let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
    let docs: Vec<(String, String)> = pages
        .iter()
        .filter(|(path, _)| indexable(path) && !skip.contains(*path))
        .map(|(path, bytes)| {
            // Relative to the site root: the search script adds the base path.
            let url = format!("/{}", path.trim_end_matches("index.html"));
            (url, String::from_utf8_lossy(bytes).into_owned())
        })
        .collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        for (url, html) in docs {
            index
                .add_html_file(None, Some(url), html)
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })?;
    let mut out = Pages::new();
    for f in files {
        let rel = f.filename.to_string_lossy().replace('\\', "/");
        out.insert(
            format!("pagefind/{}", rel.trim_start_matches('/')),
            Bytes::new(f.contents),
        );
    }
    Ok(out)
}

/// Briefings and glossary entries are what readers search for.
fn indexable(path: &str) -> bool {
    let is_page = |prefix: &str| {
        path.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix("/index.html"))
            .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'))
    };
    is_page("briefings/") || is_page("glossary/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_briefings_and_entries_are_indexed() {
        assert!(indexable("briefings/x/index.html"));
        assert!(indexable("glossary/nusra-front/index.html"));
        assert!(!indexable("glossary/index.html"));
        assert!(!indexable("timeline/index.html"));
        assert!(!indexable("index.html"));
    }
}
