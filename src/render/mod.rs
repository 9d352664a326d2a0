//! The render phase: Markdown bodies and Tera templates to pages.
//!
//! Default templates are compiled into the binary; a file of the same name in
//! the site's `templates/` replaces one, and new files there add partials.
//! Markdown bodies render in parallel first (they are needed by several
//! pages), then every page renders in parallel through its template and is
//! handed to a [`Sink`] as soon as it is done, so a build never holds the
//! whole site. Each page's bytes depend only on its inputs, whatever order
//! the threads finish in, so output is deterministic.

pub mod coverage;
mod crossref;
mod cycles;
mod deps;
pub mod graph_json;
mod pages;
pub mod pictures;
mod reading;
mod source_marks;
mod typography;
pub mod views;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::{Content, Doc};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
use crate::graph::{Graph, Owner};
use crate::markdown::links::{PageDir, Target};
use crate::markdown::{self, MdOptions, PageLinks, Rendered};
use crate::output::Sink;
use crossref::{Bodies, CrossRefs};
use views::{SiteView, Views};

/// The built-in templates, also the ones `dossier init` writes out.
pub static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A file's bytes, shared between builds without copying.
pub type Bytes = std::sync::Arc<Vec<u8>>;

/// Pages rendered in memory: site-relative path (`briefings/x/index.html`) to bytes.
pub type Pages = BTreeMap<String, Bytes>;

/// The loaded templates and a fingerprint of their sources.
pub struct Templates {
    pub tera: Tera,
    pub fingerprint: u64,
}

/// Rendered Markdown and pages kept between builds, by content hash.
#[derive(Default)]
pub struct RenderCache {
    markdown: HashMap<u64, Arc<Rendered>>,
    /// Each page's key, bytes and the inputs it read (`None`: the whole
    /// site), see [`deps`].
    pages: HashMap<String, Cached>,
    /// How many templated pages the last render reused, for the serve log.
    pub reused: usize,
    /// How many templated pages the last render made in all.
    pub total: usize,
    /// How many templated pages the last render (or body edit) rendered
    /// afresh.
    pub rendered: usize,
    /// Every path the last render made (pages, feeds, `robots.txt`,
    /// `graph.json`): an asset at one of them is an error.
    pub generated: HashSet<String>,
    /// What the last render was made from, so that an edit to one body
    /// can re-render its own page alone.
    kept: Option<Kept>,
}

/// The bodies, cross-references and lists of the last render, and where
/// each briefing's and entry's page goes (path, template, URL).
struct Kept {
    bodies: Bodies,
    coverage: Vec<coverage::Coverage>,
    xref: CrossRefs,
    lists: pages::Lists,
    items: HashMap<Owner, (String, &'static str, String)>,
}

/// A page kept between builds: its key, its bytes and what it read.
type Cached = (u64, Bytes, Option<Vec<deps::Input>>);

pub use pages::page_folders;

/// The number of HTML pages in a site, as `build` and `serve` report it.
pub fn html_pages(pages: &Pages) -> usize {
    pages.keys().filter(|p| p.ends_with(".html")).count()
}

/// A 64-bit hash of anything hashable.
pub(crate) fn hash_of(value: &impl Hash) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Loads the default templates and the site's overrides, reporting every
/// template that does not parse.
pub fn load_templates(root: &Path, diags: &mut Diagnostics) -> Option<Templates> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    collect_embedded(&DEFAULT_TEMPLATES, &mut sources);
    let dir = root.join("templates");
    if dir.is_dir() {
        let canon_root = crate::content::files::canonical_root(root);
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_dir() || entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let shown = display_path(root, path);
            // Links are followed only inside the site; pipes are refused.
            match crate::content::files::read(&canon_root, path) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => {
                        sources.insert(name, (shown, text));
                    }
                    Err(_) => diags.push(
                        Diagnostic::error(shown, "the template is not valid UTF-8")
                            .help("save the file as UTF-8"),
                    ),
                },
                Err(crate::content::files::Refusal::NotRegular("a folder")) => {}
                Err(refusal) => diags.push(refusal.diagnostic(root, path)),
            }
        }
    }

    let loops = cycles::find(&sources);
    if !loops.is_empty() {
        diags.extend(loops);
        return None;
    }

    // Check each template on its own first, so every syntax error is reported.
    let mut broken = false;
    for (name, (shown, text)) in &sources {
        let mut probe = Tera::new();
        if let Err(e) = probe.add_raw_template(name, text)
            && let Some(d) = syntax_diagnostic(&e, shown)
        {
            diags.push(d);
            broken = true;
        }
    }
    if broken {
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let all: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, (_, t))| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        let shown = template_path(&sources, &e);
        diags.push(tera_diagnostic(&e, &shown));
        return None;
    }
    let fingerprint = hash_of(&sources.iter().map(|(n, (_, t))| (n, t)).collect::<Vec<_>>());
    Some(Templates { tera, fingerprint })
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, (PathBuf, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            let name = file.path().to_string_lossy().replace('\\', "/");
            out.insert(
                name.clone(),
                (
                    PathBuf::from(format!("(built-in) templates/{name}")),
                    text.to_string(),
                ),
            );
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn template_path(sources: &BTreeMap<String, (PathBuf, String)>, e: &tera::Error) -> PathBuf {
    let name = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.filename().to_string()
        }
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        _ => String::new(),
    };
    sources
        .get(&name)
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| PathBuf::from("templates"))
}

fn syntax_diagnostic(e: &tera::Error, shown: &Path) -> Option<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(_) => Some(tera_diagnostic(e, shown)),
        _ => None,
    }
}

/// A Tera error as a diagnostic at its template line and column.
fn tera_diagnostic(e: &tera::Error, shown: &Path) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(shown, format!("template: {}", r.message()))
                .at(Pos::new(span.start_line.max(1), span.start_col + 1))
                .spanning(len)
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(shown, format!("template: {message}"))
        }
    }
}

/// Renders every page of the site, handing each to `sink` as it is done,
/// and returns the paths made. With a `cache`, pages and Markdown whose
/// inputs did not change are reused from it and it is refreshed; without
/// one nothing is kept and nothing is hashed.
pub fn render_site(
    content: &Content,
    graph: &Graph,
    config: &Config,
    templates: &Templates,
    diags: &mut Diagnostics,
    mut cache: Option<&mut RenderCache>,
    sink: &dyn Sink,
) -> BTreeSet<String> {
    let tera = &templates.tera;
    // The lists need only the content and the graph: they are sorted on
    // one thread while the bodies render on the others.
    let (lists, (mut bodies, coverage, xref)) = rayon::join(
        || crate::timing::phase("lists", || pages::Lists::new(content, graph, config)),
        || {
            let bodies = crate::timing::phase("markdown", || {
                render_bodies(content, graph, config, diags, cache.as_deref_mut())
            });
            let coverage = crate::timing::phase("coverage", || {
                coverage::check(content, &bodies.briefings, config.citations, diags)
            });
            let xref = crate::timing::phase("crossref", || {
                CrossRefs::build(content, graph, &bodies, diags)
            });
            (bodies, coverage, xref)
        },
    );
    if cache.is_none() {
        bodies.release_html();
    }
    let v = Views::new(config, &content.briefings, &content.entries, graph);
    let data = pages::PageData {
        content,
        graph,
        config,
        v: &v,
        bodies: &bodies,
        xref: &xref,
        lists: &lists,
        coverage: &coverage,
    };
    // The briefings and entries first: each frees its body's HTML once
    // written, so that the lists, and the site-wide pages that hold every
    // event or every page at once (timeline, sitemap: some 30 MiB), come
    // when the bodies are gone. Started first, they raised the peak by
    // about that much. None takes longer than 70 ms at 10,000 briefings,
    // so finishing with them leaves no long tail. Output does not depend
    // on the order.
    let (item_jobs, list_jobs): (Vec<_>, Vec<_>) = pages::jobs(&data)
        .into_iter()
        .partition(|j| j.kind.owner().is_some());
    let site = SiteView::new(config, content.briefings.len(), content.entries.len());
    let site_hash = hash_of(&serde_json::to_string(&site).unwrap_or_default());
    // Made once: every page reads the same `site`.
    let site = tera::Value::from_serializable(&site);
    // Only a build that keeps a cache (serve) fingerprints its inputs.
    let fingerprints = cache.as_deref().map(|_| {
        let settings = hash_of(&(templates.fingerprint, site_hash, format!("{config:?}")));
        deps::Fingerprints::new(content, graph, &xref, settings)
    });
    let old_pages = cache.as_deref().map(|c| &c.pages);
    let items: HashMap<Owner, (String, &'static str, String)> = if cache.is_some() {
        item_jobs
            .iter()
            .filter_map(|j| Some((j.kind.owner()?, (j.path.clone(), j.template, j.url.clone()))))
            .collect()
    } else {
        HashMap::new()
    };
    let run = |jobs: Vec<pages::Job<'_>>| -> Vec<Done> {
        jobs.into_par_iter()
            .map(|job| {
                let started = std::time::Instant::now();
                let own = deps::declared(job.kind);
                let base = fingerprints
                    .as_ref()
                    .map_or(0, |_| hash_of(&(&job.url, job.template)));
                // Unchanged inputs, unchanged page: the inputs it read
                // last time are compared, its data is not looked at.
                if let (Some(fp), Some(old)) = (&fingerprints, old_pages)
                    && let Some((k, bytes, reads)) = old.get(&job.path)
                    && reads.is_some() == own.is_some()
                    && fp.key(base, reads.as_deref()) == *k
                {
                    sink.put(job.path.clone(), Bytes::clone(bytes));
                    return Done {
                        path: job.path,
                        template: job.template,
                        cached: Some((*k, Bytes::clone(bytes), reads.clone())),
                        error: None,
                        ms: 0.0,
                        reused: true,
                    };
                }
                // What a page reads is recorded only for a cache to keep.
                // A build that keeps no cache writes each page from the
                // buffer it was rendered into; one that does keeps a copy.
                let (out, mut reads) = if fingerprints.is_some() {
                    deps::recording(|| {
                        render_job(&job, &data, &site, tera, config, |page| {
                            let bytes = Bytes::new(page.to_vec());
                            sink.put(job.path.clone(), Bytes::clone(&bytes));
                            Some(bytes)
                        })
                    })
                } else {
                    let out = render_job(&job, &data, &site, tera, config, |page| {
                        sink.put_slice(job.path.clone(), page);
                        None
                    });
                    (out, Vec::new())
                };
                let (cached, error) = match out {
                    Ok(bytes) => {
                        let cached = fingerprints.as_ref().zip(bytes).map(|(fp, bytes)| {
                            let reads = own.map(|own| {
                                reads.extend(own);
                                reads.sort_unstable();
                                reads.dedup();
                                reads
                            });
                            (fp.key(base, reads.as_deref()), bytes, reads)
                        });
                        (cached, None)
                    }
                    Err(d) => (None, Some(d)),
                };
                Done {
                    path: job.path,
                    template: job.template,
                    cached,
                    error,
                    ms: started.elapsed().as_secs_f64() * 1000.0,
                    reused: false,
                }
            })
            .collect::<Vec<Done>>()
    };
    // graph.json is one large file, made on one thread: it runs beside the
    // lists, once the briefings and entries are out and their bodies'
    // HTML freed, so that it adds neither to the peak memory of the pages
    // in flight nor a stretch of one busy core at the end.
    let results = crate::timing::phase("templates", || {
        let mut results = run(item_jobs);
        let (more, ()) = rayon::join(
            || run(list_jobs),
            || {
                crate::timing::phase("graph.json", || {
                    sink.put_with("graph.json".to_string(), &mut |out| {
                        graph_json::write(content, graph, config, &xref, out)
                    });
                })
            },
        );
        results.extend(more);
        results
    });
    if crate::timing::enabled() {
        // Time per page family (template), CPU summed over the threads.
        let mut families: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
        for d in &results {
            let f = families.entry(d.template).or_default();
            f.0 += 1;
            f.1 += d.ms;
        }
        for (template, (pages, ms)) in &families {
            eprintln!("    {template:<16} {pages:>6} pages {ms:>9.1} ms");
        }
        let mut slow: Vec<(f64, &str)> = results.iter().map(|d| (d.ms, d.path.as_str())).collect();
        slow.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (ms, p) in slow.iter().take(4) {
            eprintln!("    {p:<40} {ms:>8.1} ms");
        }
    }
    let mut made = BTreeSet::new();
    let mut fresh = HashMap::new();
    let (mut reused, total) = (0, results.len());
    for done in results {
        if let Some(d) = done.error {
            diags.push(d);
            continue;
        }
        reused += usize::from(done.reused);
        if let Some(c) = done.cached {
            fresh.insert(done.path.clone(), c);
        }
        made.insert(done.path);
    }
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        config.url_to("sitemap.xml")
    );
    sink.put("robots.txt".to_string(), Bytes::new(robots.into_bytes()));
    made.extend(["robots.txt".to_string(), "graph.json".to_string()]);
    if let Some(cache) = cache {
        cache.pages = fresh;
        cache.reused = reused;
        cache.total = total;
        cache.rendered = total - reused;
        cache.generated = made.iter().cloned().collect();
        cache.kept = Some(Kept {
            bodies,
            coverage,
            xref,
            lists,
            items,
        });
    } else {
        // A one-off build is done with what its pages were made from.
        crate::drop_in_background((bodies, coverage, xref, lists, v.into_made()));
    }
    made
}

/// One templated page, once rendered (and handed on) or failed.
struct Done {
    path: String,
    template: &'static str,
    /// Its cache key, bytes and inputs, when a cache is kept.
    cached: Option<Cached>,
    error: Option<Diagnostic>,
    ms: f64,
    reused: bool,
}

/// Renders one page through its template.
/// Renders one page and hands its bytes to `done`, returning what it
/// returns.
fn render_job<R>(
    job: &pages::Job<'_>,
    data: &pages::PageData<'_>,
    site: &tera::Value,
    tera: &Tera,
    config: &Config,
    done: impl FnOnce(&[u8]) -> R,
) -> Result<R, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert_value("site", site.clone());
    data.insert(job.kind, &mut ctx);
    ctx.insert("meta", &data.meta(job.kind));
    ctx.insert("page_url", &job.url);
    ctx.insert(
        "canonical_url",
        &config.url_to(job.url.strip_prefix(&config.base_path).unwrap_or("")),
    );
    // Rendered into a buffer each thread keeps: rendered into a fresh one,
    // a page grew it by doubling from the template's size to the page's (a
    // briefing page is 25 KB, an entry's 65 KB), and those copies were a
    // tenth of a 10k build.
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUFFER.with_borrow_mut(|buffer| {
        buffer.clear();
        tera.render_to(job.template, &ctx, &mut *buffer)
            .map(|()| done(buffer))
            .map_err(|e| tera_diagnostic(&e, &PathBuf::from(format!("templates/{}", job.template))))
    })
}

/// After an edit to the Markdown body of one briefing or entry whose front
/// matter stayed as it was (`content` already holds the new text), renders
/// that page alone, returning its path, its bytes and the warnings of the
/// edited file.
///
/// This is the dependency rule of a body: only its own page shows its
/// HTML; every other page reads it through its links, citations and
/// headings (backlinks with their sentences, source lists, related
/// briefings, anchor checks, `graph.json`). When those are unchanged, no
/// other page can change. `None` when they changed, or the page does not
/// render: a full rebuild is needed.
pub fn rerender_body(
    content: &Content,
    graph: &Graph,
    config: &Config,
    templates: &Templates,
    cache: &mut RenderCache,
    which: Owner,
) -> Option<(String, Bytes, Vec<Diagnostic>)> {
    let Kept {
        bodies,
        coverage,
        xref,
        lists,
        items,
    } = cache.kept.as_mut()?;
    let (doc, self_term, dir, slot) = match which {
        Owner::Briefing(i) => (
            &content.briefings.get(i)?.doc,
            None,
            PageDir::Briefings,
            bodies.briefings.get_mut(i)?,
        ),
        Owner::Entry(i) => (
            &content.entries.get(i)?.doc,
            Some(i),
            PageDir::Glossary,
            bodies.entries.get_mut(i)?,
        ),
    };
    let key = body_key(graph, config, doc.body(), self_term, dir);
    let fresh = Arc::new(markdown::render(
        doc.body(),
        &md_options(config),
        page_links(graph, self_term, dir),
    ));
    if fresh.links != slot.links || fresh.headings != slot.headings {
        return None;
    }
    let mut warnings = Vec::new();
    if let Owner::Briefing(i) = which {
        let (c, found) = coverage::recheck(&content.briefings[i], &fresh, config.citations)?;
        coverage[i] = c;
        warnings = found;
    }
    let previous = std::mem::replace(slot, Arc::clone(&fresh));
    let (bodies, xref, lists, coverage) = (&*bodies, &*xref, &*lists, &*coverage);
    let (path, template, url) = items.get(&which)?.clone();
    let v = Views::new(config, &content.briefings, &content.entries, graph);
    let data = pages::PageData {
        content,
        graph,
        config,
        v: &v,
        bodies,
        xref,
        lists,
        coverage,
    };
    let job = pages::Job {
        path,
        template,
        url,
        kind: match which {
            Owner::Briefing(i) => pages::PageKind::Briefing(i),
            Owner::Entry(i) => pages::PageKind::Entry(i),
        },
    };
    let site = SiteView::new(config, content.briefings.len(), content.entries.len());
    let site = tera::Value::from_serializable(&site);
    let Ok(bytes) = render_job(&job, &data, &site, &templates.tera, config, |page| {
        Bytes::new(page.to_vec())
    }) else {
        // Put the old body back: the full rebuild reports the problem.
        if let Some(kept) = cache.kept.as_mut() {
            match which {
                Owner::Briefing(i) => kept.bodies.briefings[i] = previous,
                Owner::Entry(i) => kept.bodies.entries[i] = previous,
            }
        }
        return None;
    };
    cache.markdown.insert(key, fresh);
    // The fingerprints of this build are not taken again here: the next
    // full rebuild renders the page anew, and the pages that show this
    // briefing or entry, whose file fingerprint moved.
    cache.pages.remove(&job.path);
    cache.rendered = 1;
    Some((job.path, bytes, warnings))
}

fn md_options(config: &Config) -> MdOptions {
    MdOptions {
        smart_punctuation: config.smart_punctuation,
        raw_html: config.raw_html,
    }
}

fn page_links(graph: &Graph, self_term: Option<usize>, dir: PageDir) -> Option<PageLinks<'_>> {
    Some(PageLinks {
        linker: &graph.linker,
        self_term,
        dir,
    })
}

/// The cache key of a rendered body: it renders the same while its text,
/// the site's names and the options are the same.
fn body_key(
    graph: &Graph,
    config: &Config,
    body: &str,
    self_term: Option<usize>,
    dir: PageDir,
) -> u64 {
    hash_of(&(
        graph.linker.fingerprint,
        config.smart_punctuation,
        config.raw_html == crate::config::RawHtml::Escape,
        body,
        self_term,
        dir as u8,
    ))
}

/// Renders every Markdown body only to report what did not resolve, for a
/// build that already failed elsewhere (no page is made).
pub fn check_bodies(content: &Content, graph: &Graph, config: &Config, diags: &mut Diagnostics) {
    render_bodies(content, graph, config, diags, None);
}

/// Renders every Markdown body in parallel and reports what did not resolve.
fn render_bodies(
    content: &Content,
    graph: &Graph,
    config: &Config,
    diags: &mut Diagnostics,
    cache: Option<&mut RenderCache>,
) -> Bodies {
    let opts = md_options(config);
    let old = cache.as_deref().map(|c| &c.markdown);
    let render = |body: &str, self_term: Option<usize>, dir: PageDir| {
        let fresh = || {
            Arc::new(markdown::render(
                body,
                &opts,
                page_links(graph, self_term, dir),
            ))
        };
        let Some(old) = old else {
            return (0, fresh());
        };
        let key = body_key(graph, config, body, self_term, dir);
        let r = match old.get(&key) {
            Some(r) => Arc::clone(r),
            None => fresh(),
        };
        (key, r)
    };
    let briefings: Vec<(u64, Arc<Rendered>)> = content
        .briefings
        .par_iter()
        .map(|b| render(b.doc.body(), None, PageDir::Briefings))
        .collect();
    let entries: Vec<(u64, Arc<Rendered>)> = content
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| render(e.doc.body(), Some(i), PageDir::Glossary))
        .collect();
    let index = content
        .index
        .as_ref()
        .map(|i| render(i.doc.body(), None, PageDir::Root));
    if let Some(cache) = cache {
        cache.markdown = briefings
            .iter()
            .chain(&entries)
            .chain(index.iter())
            .map(|(k, r)| (*k, Arc::clone(r)))
            .collect();
    }
    let briefings: Vec<Arc<Rendered>> = briefings.into_iter().map(|(_, r)| r).collect();
    let entries: Vec<Arc<Rendered>> = entries.into_iter().map(|(_, r)| r).collect();
    let index: Option<Arc<Rendered>> = index.map(|(_, r)| r);

    let docs = content
        .briefings
        .iter()
        .map(|b| &b.doc)
        .zip(&briefings)
        .chain(content.entries.iter().map(|e| &e.doc).zip(&entries))
        .chain(content.index.iter().map(|i| &i.doc).zip(index.iter()));
    // Heading ids of each page an anchor points into, gathered once per
    // page rather than scanned once per anchor.
    let heading_ids = |r: &Rendered| -> std::collections::HashSet<String> {
        r.headings.iter().map(|h| h.id.clone()).collect()
    };
    let mut known_ids: HashMap<(u8, usize), std::collections::HashSet<String>> = HashMap::new();
    for (doc, r) in docs {
        for p in &r.links.problems {
            diags.push(body_diagnostic(
                doc,
                p.span.clone(),
                &p.message,
                p.help.clone(),
            ));
        }
        for a in &r.links.anchors {
            let (target, key) = match a.target {
                Target::Entry(t) => (&entries[t], (0, t)),
                Target::Briefing(b) => (&briefings[b], (1, b)),
                // Keyed by address: the same page is the one being checked.
                Target::SamePage => (r, (2, Arc::as_ptr(r) as usize)),
            };
            let ids = known_ids.entry(key).or_insert_with(|| heading_ids(target));
            if !ids.contains(&a.anchor) {
                let what = match a.target {
                    Target::Entry(t) => content.entries[t].doc.path.display().to_string(),
                    Target::Briefing(b) => content.briefings[b].doc.path.display().to_string(),
                    Target::SamePage => "this page".to_string(),
                };
                let known: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
                let help = crate::diagnostics::did_you_mean(&a.anchor, known.iter().copied())
                    .or_else(|| {
                        Some(if known.is_empty() {
                            "that page has no headings to link to".to_string()
                        } else {
                            format!("its headings are: {}", known.join(", "))
                        })
                    });
                diags.push(body_diagnostic(
                    doc,
                    a.span.clone(),
                    &format!("`#{}` is not a heading of {what}", a.anchor),
                    help,
                ));
            }
        }
    }
    Bodies::new(briefings, entries, index)
}

/// A diagnostic at a byte range of a document's Markdown body.
fn body_diagnostic(
    doc: &Doc,
    span: std::ops::Range<usize>,
    message: &str,
    help: Option<String>,
) -> Diagnostic {
    let start = doc.body_offset + span.start;
    body_diagnostic_at(
        doc,
        Pos::at_offset(&doc.text, start, 1),
        span,
        message,
        help,
    )
}

/// [`body_diagnostic`] with the position of the span's start already known
/// (see [`crate::diagnostics::Lines`] for many in one file).
fn body_diagnostic_at(
    doc: &Doc,
    pos: Pos,
    span: std::ops::Range<usize>,
    message: &str,
    help: Option<String>,
) -> Diagnostic {
    let start = doc.body_offset + span.start;
    let end = (doc.body_offset + span.end).min(doc.text.len());
    let len = doc
        .text
        .get(start..end)
        .map_or(1, |s| s.lines().next().unwrap_or("").chars().count());
    Diagnostic::error(&doc.path, message)
        .at(pos)
        .spanning(len)
        .maybe_help(help)
}
