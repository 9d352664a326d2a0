//! The search index: built from the content, answered from its files the
//! way the browser answers (a resolver here, and the page's own script
//! under `node` when it is installed), bounded files at scale.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;

use dossier::search::shards::{self, SHARD_BYTES};
use dossier::search::tokenize;

use crate::util::{TempSite, snapshot};

/// The written index, read the way `assets/js/search.js` reads it.
struct Index {
    files: BTreeMap<String, Vec<u8>>,
    keys: Vec<String>,
    docs: usize,
    entries: u32,
}

impl Index {
    fn from_files(files: BTreeMap<String, Vec<u8>>) -> Index {
        let manifest: serde_json::Value =
            serde_json::from_slice(&files["index.json"]).expect("manifest is JSON");
        let keys = manifest["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap().to_string())
            .collect();
        let docs = manifest["docs"].as_u64().unwrap() as usize;
        let entries = manifest["entries"].as_u64().unwrap() as u32;
        Index {
            files,
            keys,
            docs,
            entries,
        }
    }

    fn shard(&self, n: usize) -> Vec<shards::Term> {
        let bytes = &self.files[&format!("t/{n}.bin")];
        shards::read_shard(bytes).expect("shard parses")
    }

    fn fragment(&self, doc: u32) -> serde_json::Value {
        serde_json::from_slice(&self.files[&format!("d/{doc}.json")]).unwrap()
    }

    /// The postings of `word`, and of the terms it starts when `prefix`
    /// (over at most three shards, as the page does).
    fn expand(&self, word: &str, prefix: bool) -> Vec<(bool, Vec<(u32, u8)>)> {
        let first = shards::shard_of(&self.keys, word);
        let mut last = first;
        let mut prefix = prefix;
        if prefix {
            last = shards::shard_of(&self.keys, &format!("{word}\u{10FFFF}"));
            if last - first >= 3 {
                (last, prefix) = (first, false);
            }
        }
        (first..=last)
            .flat_map(|n| self.shard(n))
            .filter(|t| {
                if prefix {
                    t.term.starts_with(word)
                } else {
                    t.term == word
                }
            })
            .map(|t| (t.term == word, shards::decode(&t.postings).unwrap()))
            .collect()
    }

    /// URLs of the documents matching `query`, best first.
    fn query(&self, query: &str) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for t in tokenize::terms(query) {
            if !words.contains(&t) {
                words.push(t);
            }
        }
        let typing = query.chars().last().is_some_and(char::is_alphanumeric);
        let mut scores: HashMap<u32, Vec<f64>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            for (exact, postings) in self.expand(w, typing && i + 1 == words.len()) {
                let idf = (1.0 + self.docs as f64 / postings.len() as f64).ln()
                    * if exact { 1.0 } else { 0.7 };
                for (doc, weight) in postings {
                    let s = scores.entry(doc).or_insert_with(|| vec![0.0; words.len()]);
                    s[i] = f64::max(s[i], weight_score(weight, doc < self.entries) * idf);
                }
            }
        }
        let (all, some): (Vec<_>, Vec<_>) = scores
            .into_iter()
            .map(|(doc, s)| (doc, s.iter().sum::<f64>(), s.iter().all(|&x| x > 0.0)))
            .partition(|r| r.2);
        let mut ranked = if all.is_empty() { some } else { all };
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
            .into_iter()
            .map(|(doc, ..)| self.fragment(doc)["url"].as_str().unwrap().to_string())
            .collect()
    }
}

fn weight_score(w: u8, entry: bool) -> f64 {
    let body = [0.0, 1.0, 1.5, 2.0][usize::from(w & 3)];
    let title = match (w & 8 != 0, entry) {
        (false, _) => 0.0,
        (true, true) => 9.0,
        (true, false) => 6.0,
    };
    let name = if w & 16 != 0 { 4.0 } else { 0.0 };
    name + title + (if w & 4 != 0 { 2.0 } else { 0.0 }) + body
}

fn built_index() -> (TempSite, Index) {
    let site = TempSite::new("basic");
    let out = site.run(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = Index::from_files(snapshot(&site.public().join("search")));
    (site, index)
}

#[test]
fn search_index_answers_queries_without_drafts() {
    let (site, index) = built_index();
    assert_eq!(
        index.docs, 5,
        "2 published briefings and 3 entries, not the draft"
    );
    let alias = index.query("Alphaland");
    assert_eq!(
        alias.first().map(String::as_str),
        Some("glossary/alpha/"),
        "{alias:?}"
    );
    assert!(
        alias.contains(&"glossary/beta/".to_string()),
        "Beta's text mentions it"
    );
    assert_eq!(index.query("nothing new"), ["briefings/second-look/"]);
    // The entry of that name, then entries with it in their name, then a
    // briefing with it in its title.
    let alpha = index.query("alpha ");
    assert_eq!(
        alpha[..3],
        [
            "glossary/alpha/",
            "glossary/alpha-leader/",
            "briefings/first-offer/"
        ],
        "{alpha:?}"
    );
    // Type-ahead: the last word is a prefix while it is typed.
    assert_eq!(index.query("propos"), ["briefings/first-offer/"]);
    assert!(
        index.query("propos ").is_empty(),
        "a finished word is matched whole"
    );
    // Kind and date words find documents too.
    assert!(
        index
            .query("person")
            .contains(&"glossary/alpha-leader/".to_string())
    );
    assert!(
        index
            .query("July 2016")
            .contains(&"briefings/first-offer/".to_string())
    );
    assert!(index.query("Unfinished").is_empty());
    assert!(
        !index
            .query("draft text")
            .iter()
            .any(|u| u.contains("draft"))
    );
    for n in 0..index.docs as u32 {
        assert_ne!(index.fragment(n)["url"], "briefings/hidden-draft/");
    }

    let page = site.read_output("search/index.html");
    assert!(page.contains("data-base=\"/sub/\""), "{page}");
    assert!(page.contains("src=\"/sub/js/search.js\""), "{page}");
    assert_eq!(
        page.matches("type=\"search\"").count(),
        1,
        "one search box: {page}"
    );
    let home = site.read_output("index.html");
    assert!(
        home.contains("action=\"/sub/search/\""),
        "search box in the header"
    );
    assert!(site.public().join("js/search.js").is_file());
}

#[test]
fn no_search_leaves_the_index_out() {
    let site = TempSite::new("basic");
    assert!(site.run(&["build", "--no-search"]).status.success());
    assert!(!site.public().join("search/index.json").exists());
    let page = site.read_output("search/index.html");
    assert!(page.contains("built without search"), "{page}");
}

/// `node`, if it is installed: the page's script is then run for real.
fn node() -> Option<Command> {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("node is not installed: the browser script is not run");
    }
    ok.then(|| Command::new("node"))
}

/// Runs `code` with `input` as JSON in its first argument; its output is
/// JSON on standard output.
fn run_node(mut node: Command, code: &str, input: &[&str]) -> Vec<Vec<String>> {
    let out = node
        .arg("-e")
        .arg(code)
        .arg(serde_json::to_string(input).unwrap())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn script() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/js/search.js")
        .display()
        .to_string()
}

#[test]
fn browser_and_build_cut_words_alike() {
    let tricky = [
        "Jabhat al-Nusra",
        "Ḥayʼat Taḥrīr al-Shām",
        "ÉLYSÉE ﬁnance Straße",
        "İstanbul ΟΔΟΣ Σίσυφος",
        "مُحَمَّد and עִבְרִית",
        "Assad's 2016-07-15 ½ ①",
        "naïve café — “quoted” ǅemal ﬀ",
        "हिन्दी 東京 한국어",
    ];
    let Some(node) = node() else { return };
    let code = format!(
        "const s = require({:?}); const input = JSON.parse(process.argv[1]);\
         console.log(JSON.stringify(input.map(s.terms)));",
        script()
    );
    let js: Vec<Vec<String>> = run_node(node, &code, &tricky);
    let rust: Vec<Vec<String>> = tricky.iter().map(|t| tokenize::terms(t)).collect();
    assert_eq!(js, rust);
}

#[test]
fn the_page_script_finds_what_the_index_holds() {
    let (site, index) = built_index();
    let Some(node) = node() else { return };
    let queries = [
        "Alphaland",
        "alpha",
        "nothing new",
        "propos",
        "state",
        "beta pact",
        "zzz",
    ];
    let code = format!(
        "const fs = require('fs'); const s = require({script:?});\
         const dir = {dir:?};\
         const index = new s.Index(p => Promise.resolve(fs.readFileSync(dir + '/' + p)));\
         (async () => {{ const out = [];\
           for (const q of JSON.parse(process.argv[1])) {{\
             const r = await index.search(q); const urls = [];\
             for (const n of r.docs) urls.push((await index.doc(n)).url);\
             out.push(urls); }}\
           const d = await index.doc(0);\
           out.push([s.excerpt(d.text, [{{word: 'alpha', prefix: false}}]) || '']);\
           console.log(JSON.stringify(out)); }})()",
        script = script(),
        dir = site.public().join("search").display().to_string(),
    );
    let mut js: Vec<Vec<String>> = run_node(node, &code, &queries);
    let excerpt = js.pop().unwrap();
    for (q, urls) in queries.iter().zip(&js) {
        assert_eq!(urls, &index.query(q), "query {q:?}");
    }
    assert_eq!(js[0].first().map(String::as_str), Some("glossary/alpha/"));
    assert!(excerpt[0].contains("<mark>Alpha</mark>"), "{excerpt:?}");
}

/// A site with enough distinct words for dozens of shards: every file the
/// manifest names is there, within bounds, and every term is found.
#[test]
fn a_large_site_has_bounded_files_that_all_exist() {
    let site = TempSite::new("basic");
    for n in 0..600 {
        let words: Vec<String> = (0..120).map(|k| format!("w{n}x{k}")).collect();
        site.write(
            &format!("content/briefings/gen-{n:04}.md"),
            &format!(
                "---\ntitle: \"Generated {n}\"\ndate: 2020-01-{:02}\n---\nCommon words here. {}\n",
                n % 28 + 1,
                words.join(" ")
            ),
        );
    }
    let mut diags = dossier::diagnostics::Diagnostics::new();
    let loaded = dossier::Site::load(
        &site.root,
        &dossier::config::Overrides::default(),
        &mut diags,
        &mut dossier::BuildCache::default(),
    )
    .expect("site loads");
    let files = dossier::search::index_site(&loaded.content, &loaded.config);
    let single = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| dossier::search::index_site(&loaded.content, &loaded.config));
    assert!(files == single, "the same bytes on one thread as on many");

    let files: BTreeMap<String, Vec<u8>> = files
        .into_iter()
        .map(|(p, b)| (p.strip_prefix("search/").unwrap().to_string(), b))
        .collect();
    let index = Index::from_files(files);
    assert_eq!(index.docs, 605, "600 generated, 2 briefings and 3 entries");
    assert!(index.keys.len() > 20, "{} shards", index.keys.len());
    let mut expected: Vec<String> = vec!["index.json".into()];
    expected.extend((0..index.keys.len()).map(|n| format!("t/{n}.bin")));
    expected.extend((0..index.docs).map(|n| format!("d/{n}.json")));
    expected.sort();
    let written: Vec<String> = index.files.keys().cloned().collect();
    assert_eq!(written, expected, "every file named is written, no other");
    for (path, bytes) in &index.files {
        assert!(bytes.len() <= SHARD_BYTES, "{path}: {} bytes", bytes.len());
    }
    for n in (0..600).step_by(37) {
        assert_eq!(
            index.query(&format!("w{n}x119")),
            [format!("briefings/gen-{n:04}/")]
        );
    }
    assert_eq!(index.query("common words here").len(), 600);
}
