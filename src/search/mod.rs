//! Full-text search that works from the static files alone.
//!
//! dossier writes its own index, made from the content (never from rendered
//! pages), and `assets/js/search.js` reads it in the browser. Every file is
//! small, so a query loads a few tens of kilobytes whatever the size of the
//! site:
//!
//! - `search/index.json`, the manifest: the number of documents (and of
//!   entries among them) and the key of every shard of the inverted index;
//! - `search/t/<n>.bin`, the shards: terms with their posting lists
//!   ([`shards`] has the format);
//! - `search/d/<n>.json`, one per document: its URL, title, kind, date,
//!   summary and text, loaded only for the results shown.
//!
//! Documents are the glossary entries (title, aliases, kind, summary, body)
//! and the published briefings (title, summary, tags, date, body); drafts
//! never. Entries come first, then briefings newest first, so that among
//! equal scores a name beats a mention. Terms are made by [`tokenize`], the
//! same way the browser makes them from the query.
//!
//! Every document is analysed in parallel; posting lists are then gathered
//! in parallel by buckets of terms, and the output depends only on the
//! content, whatever the number of threads. Nothing is kept between calls,
//! so `serve` can call [`index_site`] again after every edit.

pub mod shards;
pub mod text;
pub mod tokenize;

use std::sync::Arc;

use ahash::AHashMap;
use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::Content;
use shards::{IN_META, IN_TITLE, IS_NAME, Term};

/// Where the index lives in the site.
pub const DIR: &str = "search";

/// How much of a document's text its fragment keeps for excerpts: the
/// whole text is indexed, but a fragment stays small; a match further in
/// is shown with the summary instead.
const EXCERPT_TEXT: usize = 16 * 1024;

/// Longer "words" are encoded data or hashes, not something a reader types:
/// they are left out so that no shard grows past its bound for them.
const MAX_TERM_BYTES: usize = 64;

/// Buckets of terms gathered in parallel: enough to keep two to sixteen
/// cores busy, few enough that each bucket's table stays large.
const BUCKETS: usize = 64;

/// Files of the search index for the site, as (site-relative path, bytes),
/// deterministic.
pub fn index_site(content: &Content, config: &Config) -> Vec<(String, Vec<u8>)> {
    index_site_cached(content, config, &mut IndexCache::default())
}

/// What one call of [`index_site_cached`] hands the next: each document's
/// analysis, by a hash of everything it was made from. `serve` keeps one
/// so that after an edit only the changed documents are analysed again
/// (the analysis is about two thirds of the work).
#[derive(Default)]
pub struct IndexCache {
    analysed: AHashMap<u64, Arc<Analysed>>,
}

/// [`index_site`], reusing and refreshing `cache`; the same files.
pub fn index_site_cached(
    content: &Content,
    config: &Config,
    cache: &mut IndexCache,
) -> Vec<(String, Vec<u8>)> {
    let docs = documents(content);
    let smart = config.smart_punctuation;
    let analysed: Vec<(u64, Arc<Analysed>)> = crate::timing::phase("  analyse", || {
        docs.par_iter()
            .map(|d| {
                let key = d.fingerprint(smart);
                let a = match cache.analysed.get(&key) {
                    Some(a) => Arc::clone(a),
                    None => Arc::new(analyse(d, smart)),
                };
                (key, a)
            })
            .collect()
    });
    // Only what this site still has is kept for the next call.
    cache.analysed = analysed.iter().map(|(k, a)| (*k, Arc::clone(a))).collect();
    let analysed: Vec<Arc<Analysed>> = analysed.into_iter().map(|(_, a)| a).collect();
    let terms = crate::timing::phase("  gather", || gather(&analysed));
    let shards = crate::timing::phase("  shard", || shards::shard(&terms));
    drop(terms);

    let manifest = Manifest {
        version: 1,
        docs: analysed.len(),
        entries: content.entries.len(),
        shards: shards.iter().map(|(key, _)| key.as_str()).collect(),
    };
    let mut files = Vec::with_capacity(1 + shards.len() + analysed.len());
    files.push((
        format!("{DIR}/index.json"),
        serde_json::to_vec(&manifest).expect("the manifest is plain data"),
    ));
    files.extend(
        shards
            .into_iter()
            .enumerate()
            .map(|(n, (_, bytes))| (format!("{DIR}/t/{n}.bin"), bytes)),
    );
    files.extend(
        analysed
            .iter()
            .enumerate()
            .map(|(n, a)| (format!("{DIR}/d/{n}.json"), a.fragment.clone())),
    );
    files
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// Documents below this number are glossary entries.
    entries: usize,
    shards: Vec<&'a str>,
}

/// What a document gives the index, borrowed from the content.
#[derive(Hash)]
struct Document<'a> {
    url: String,
    kind: &'static str,
    title: &'a str,
    /// Other names: an entry's aliases.
    aliases: Vec<&'a str>,
    summary: &'a str,
    /// Tags, kind and date words: found, but weighed below the title.
    meta: Vec<String>,
    date: Option<crate::date::PartialDate>,
    body: &'a str,
}

impl Document<'_> {
    /// A hash of everything the document's analysis is made from.
    fn fingerprint(&self, smart_punctuation: bool) -> u64 {
        const SEEDS: ahash::RandomState = ahash::RandomState::with_seeds(5, 6, 7, 8);
        SEEDS.hash_one((self, smart_punctuation))
    }
}

/// Entries by id, then published briefings newest first.
fn documents(content: &Content) -> Vec<Document<'_>> {
    let mut docs: Vec<Document<'_>> = content
        .entries
        .iter()
        .map(|e| Document {
            url: format!("glossary/{}/", e.doc.slug),
            kind: e.front.kind.as_str(),
            title: &e.front.title.value,
            aliases: e.front.aliases.iter().map(|a| a.value.as_str()).collect(),
            summary: &e.front.summary,
            meta: vec![e.front.kind.as_str().to_string()],
            date: None,
            body: e.doc.body(),
        })
        .collect();
    let mut briefings: Vec<_> = content
        .briefings
        .iter()
        .filter(|b| !b.front.draft)
        .collect();
    briefings
        .sort_by(|a, b| (b.front.date.value, &a.doc.slug).cmp(&(a.front.date.value, &b.doc.slug)));
    docs.extend(briefings.into_iter().map(|b| {
        let date = b.front.date.value;
        let mut meta: Vec<String> = b.front.tags.iter().map(|t| t.value.clone()).collect();
        meta.push(date.to_string());
        meta.push(date.human());
        Document {
            url: format!("briefings/{}/", b.doc.slug),
            kind: "briefing",
            title: &b.front.title,
            aliases: Vec::new(),
            summary: b.front.summary.as_deref().unwrap_or(""),
            meta,
            date: Some(date),
            body: b.doc.body(),
        }
    }));
    docs
}

/// One document's terms and fragment.
struct Analysed {
    /// The document's distinct terms, sorted by bucket then term, written
    /// one after another; `ends` says where each stops and its weight.
    words: String,
    ends: Vec<(u32, u8)>,
    /// Where each bucket's terms start in `ends` (`BUCKETS + 1` offsets).
    buckets: Vec<u32>,
    fragment: Vec<u8>,
}

impl Analysed {
    /// The terms of bucket `b`, with weights.
    fn bucket(&self, b: usize) -> impl Iterator<Item = (&str, u8)> {
        let (from, to) = (self.buckets[b] as usize, self.buckets[b + 1] as usize);
        (from..to).map(move |i| {
            let start = if i == 0 {
                0
            } else {
                self.ends[i - 1].0 as usize
            };
            let (end, w) = self.ends[i];
            (&self.words[start..end as usize], w)
        })
    }
}

/// The JSON a result is shown from.
#[derive(Serialize)]
struct Fragment<'a> {
    url: &'a str,
    title: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_text: Option<String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [&'a str],
    summary: &'a str,
    text: &'a str,
}

fn analyse(doc: &Document<'_>, smart_punctuation: bool) -> Analysed {
    let text = text::plain_text(doc.body, smart_punctuation);
    // Every field folded into one buffer, so terms borrow from it instead
    // of each being allocated; a newline keeps fields apart.
    let mut folded = String::with_capacity(text.len() + 256);
    let mut names = Vec::new();
    for name in std::iter::once(&doc.title).chain(&doc.aliases) {
        let start = folded.len();
        tokenize::fold_into(name, &mut folded);
        names.push(start..folded.len());
        folded.push('\n');
    }
    let title_end = folded.len();
    folded.push('\n');
    tokenize::fold_into(doc.summary, &mut folded);
    for m in &doc.meta {
        folded.push('\n');
        tokenize::fold_into(m, &mut folded);
    }
    let meta_end = folded.len();
    folded.push('\n');
    tokenize::fold_into(&text, &mut folded);

    // Field bits and body count of each term.
    let mut found: AHashMap<&str, (u8, u32)> = AHashMap::with_capacity(512);
    let sections = [
        (&folded[..title_end], IN_TITLE, 0),
        (&folded[title_end..meta_end], IN_META, 0),
        (&folded[meta_end..], 0, 1),
    ];
    for (section, fields, body) in sections {
        for t in tokenize::split(section).filter(|t| t.len() <= MAX_TERM_BYTES) {
            let e = found.entry(t).or_default();
            e.0 |= fields;
            e.1 += body;
        }
    }
    for range in names {
        let mut words = tokenize::split(&folded[range]);
        if let (Some(only), None) = (words.next(), words.next()) {
            found.entry(only).or_default().0 |= IS_NAME;
        }
    }

    let mut terms: Vec<(usize, &str, u8)> = found
        .into_iter()
        .map(|(t, (fields, count))| (bucket_of(t), t, shards::weight(fields, count)))
        .collect();
    terms.sort_unstable();
    let mut words = String::with_capacity(terms.iter().map(|t| t.1.len()).sum());
    let mut ends = Vec::with_capacity(terms.len());
    let mut buckets = vec![0u32; BUCKETS + 1];
    for (b, t, w) in &terms {
        words.push_str(t);
        ends.push((words.len() as u32, *w));
        buckets[b + 1] += 1;
    }
    for b in 0..BUCKETS {
        buckets[b + 1] += buckets[b];
    }

    let excerpt = &text[..floor_char_boundary(&text, EXCERPT_TEXT)];
    let fragment = Fragment {
        url: &doc.url,
        title: doc.title,
        kind: doc.kind,
        date: doc.date.map(|d| d.to_string()),
        date_text: doc.date.map(|d| d.human()),
        aliases: &doc.aliases,
        summary: doc.summary,
        text: excerpt,
    };
    Analysed {
        words,
        ends,
        buckets,
        fragment: serde_json::to_vec(&fragment).expect("a fragment is plain data"),
    }
}

/// The bucket a term is gathered in: any fixed spread will do, the output
/// is sorted afterwards.
fn bucket_of(term: &str) -> usize {
    const SPREAD: ahash::RandomState = ahash::RandomState::with_seeds(1, 2, 3, 4);
    (SPREAD.hash_one(term) % BUCKETS as u64) as usize
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    (0..=at).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(0)
}

/// Every term with its posting list, sorted by term.
fn gather(docs: &[Arc<Analysed>]) -> Vec<Term> {
    let mut terms: Vec<Term> = (0..BUCKETS)
        .into_par_iter()
        .flat_map_iter(|b| {
            let mut lists: AHashMap<&str, Vec<(u32, u8)>> = AHashMap::new();
            for (n, d) in docs.iter().enumerate() {
                for (t, w) in d.bucket(b) {
                    lists.entry(t).or_default().push((n as u32, w));
                }
            }
            lists.into_iter().map(|(t, list)| {
                let mut postings = Vec::with_capacity(list.len() + 4);
                shards::encode(list.iter().copied(), &mut postings);
                Term {
                    term: t.to_string(),
                    count: list.len() as u32,
                    postings,
                }
            })
        })
        .collect();
    terms.par_sort_unstable_by(|a, b| a.term.cmp(&b.term));
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Document<'_> {
        Document {
            url: "briefings/x/".into(),
            kind: "briefing",
            title: "Talks in Geneva",
            aliases: Vec::new(),
            summary: "",
            meta: vec!["2016".into()],
            date: None,
            body,
        }
    }

    fn terms_of(a: &Analysed) -> Vec<(&str, u8)> {
        let mut all: Vec<_> = (0..BUCKETS).flat_map(|b| a.bucket(b)).collect();
        all.sort_unstable();
        all
    }

    #[test]
    fn fields_set_weights_and_long_words_are_left_out() {
        let long = "x".repeat(MAX_TERM_BYTES + 1);
        let body = format!("Geneva talks, talks and talks. {long}");
        let a = analyse(&doc(&body), false);
        assert_eq!(
            terms_of(&a),
            [
                ("2016", IN_META),
                ("and", 1),
                ("geneva", IN_TITLE | 1),
                ("in", IN_TITLE),
                ("talks", IN_TITLE | 3),
            ]
        );
        let fragment: serde_json::Value = serde_json::from_slice(&a.fragment).unwrap();
        assert_eq!(fragment["url"], "briefings/x/");
        assert!(
            fragment["text"]
                .as_str()
                .unwrap()
                .starts_with("Geneva talks")
        );
    }

    #[test]
    fn a_single_word_title_is_a_name() {
        let mut d = doc("");
        d.title = "Russia";
        d.aliases = vec!["Russian Federation"];
        let a = analyse(&d, false);
        assert_eq!(
            terms_of(&a),
            [
                ("2016", IN_META),
                ("federation", IN_TITLE),
                ("russia", IS_NAME | IN_TITLE),
                ("russian", IN_TITLE),
            ]
        );
    }

    #[test]
    fn the_cache_gives_the_same_files_and_forgets_what_is_gone() {
        let mut content = Content::default();
        let mut cache = IndexCache::default();
        let config = crate::config::Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
            std::path::Path::new("site.toml"),
            std::path::Path::new("."),
            &Default::default(),
        )
        .unwrap();
        let empty = index_site_cached(&content, &config, &mut cache);
        assert_eq!(empty, index_site(&content, &config));
        assert_eq!(empty.len(), 2, "manifest and one empty shard: {empty:?}");
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/glossary")).unwrap();
        for id in ["alpha", "beta"] {
            std::fs::write(
                dir.path().join(format!("content/glossary/{id}.md")),
                format!("---\ntitle: {id}\nkind: group\nsummary: The {id}.\n---\nText.\n"),
            )
            .unwrap();
        }
        let mut diags = crate::diagnostics::Diagnostics::new();
        content = crate::content::load(dir.path(), &mut diags, &mut Default::default());
        assert!(!diags.has_errors());
        let two = index_site_cached(&content, &config, &mut cache);
        assert_eq!(cache.analysed.len(), 2);
        assert_eq!(index_site_cached(&content, &config, &mut cache), two);
        assert_eq!(two, index_site(&content, &config));
        content.entries.pop();
        let one = index_site_cached(&content, &config, &mut cache);
        assert_eq!(cache.analysed.len(), 1);
        assert_eq!(one, index_site(&content, &config));
    }

    #[test]
    fn excerpt_text_is_cut_at_a_character_boundary() {
        let text = "é".repeat(EXCERPT_TEXT);
        let cut = floor_char_boundary(&text, EXCERPT_TEXT + 1);
        assert!(text.is_char_boundary(cut) && cut <= EXCERPT_TEXT + 1);
        assert_eq!(floor_char_boundary("abc", 10), 3);
    }
}
