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

use rayon::prelude::*;

use crate::config::Config;
use crate::render::{Bytes, Pages, search_shards, shard_dir};

/// The search index for `pages`, as files under `pagefind/` (and one more
/// folder per extra shard). `skip` lists page paths not to index.
pub fn index(pages: &Pages, config: &Config, skip: &HashSet<String>) -> Result<Pages, String> {
    let docs: Vec<(String, &[u8])> = pages
        .iter()
        .filter(|(path, _)| indexable(path) && !skip.contains(*path))
        .map(|(path, bytes)| {
            // Relative to the site root: the search script adds the base path.
            (
                format!("/{}", path.trim_end_matches("index.html")),
                bytes.as_slice(),
            )
        })
        .collect();
    let shards = search_shards(docs.len());
    let per = docs.len().div_ceil(shards).max(1);
    let results: Vec<Result<Pages, String>> = docs
        .chunks(per)
        .enumerate()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(n, chunk)| index_shard(chunk, &config.language, &shard_dir(n)))
        .collect();
    let mut out = Pages::new();
    for r in results {
        out.extend(r?);
    }
    if out.is_empty() {
        // No page to index: still give the search page a bundle to load.
        out = index_shard(&[], &config.language, &shard_dir(0))?;
    }
    Ok(out)
}

fn index_shard(docs: &[(String, &[u8])], language: &str, dir: &str) -> Result<Pages, String> {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let options = PagefindServiceConfig::builder()
        .keep_index_url(false)
        .force_language(language.to_string())
        .build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let files = runtime.block_on(async {
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| e.to_string())?;
        for (url, html) in docs {
            index
                .add_html_file(
                    None,
                    Some(url.clone()),
                    String::from_utf8_lossy(html).into_owned(),
                )
                .await
                .map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })?;
    let mut out = Pages::new();
    for f in files {
        let rel = f.filename.to_string_lossy().replace('\\', "/");
        // The search page uses the default UI: leave out the other two.
        if rel.contains("pagefind-component-ui.") || rel.contains("pagefind-modular-ui.") {
            continue;
        }
        out.insert(
            format!("{dir}/{}", rel.trim_start_matches('/')),
            Bytes::new(f.contents),
        );
    }
    Ok(out)
}

/// Briefings and glossary entries are what readers search for.
pub fn indexable(path: &str) -> bool {
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
