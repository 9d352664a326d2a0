//! dossier: a static site generator for annotated briefings.
//!
//! A build runs in typed phases, each returning the input of the next, so
//! the order is enforced by the compiler:
//!
//! 1. [`Site::load`]: read `site.toml`, every content file (in parallel) and
//!    the templates; front matter becomes typed structs.
//! 2. [`Site::link`]: resolve every id into a [`graph::Graph`]; unknown ids
//!    are reported where they were written.
//! 3. [`Linked::render`]: Markdown and templates to pages, each handed to
//!    an [`output::Sink`] as soon as it is made.
//! 4. [`output::Staged::commit`]: `build` streams the pages and assets into
//!    a fresh folder beside the output ([`output::stage`], made while the
//!    content links), which replaces the output only when everything is
//!    written.
//!
//! Problems are collected as [`diagnostics::Diagnostic`]s across the phases
//! rather than stopping at the first one; any error stops the build before
//! it writes, so the previous output stays as it was.

pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod graph;
pub mod markdown;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
mod serde_errors;
pub mod serve;
pub mod timing;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use config::{Config, Overrides};
use content::Content;
use diagnostics::{BuildFailed, Diagnostic, Diagnostics};
use graph::Graph;
use render::Pages;

/// A loaded site: configuration, content and templates, not yet linked.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
    pub templates: Option<render::Templates>,
    /// Briefings marked `draft: true` that this build leaves out.
    pub drafts_left_out: usize,
}

/// What one build can hand the next, so that `serve` rebuilds only what a
/// change needs: parsed files, rendered Markdown and rendered pages, each
/// reused only while what it was made from is unchanged.
#[derive(Default)]
pub struct BuildCache {
    pub load: content::LoadCache,
    pub render: render::RenderCache,
}

impl BuildCache {
    /// For a build with no next one (`build`, `check`): nothing parsed is
    /// kept, so the load holds one copy of each file, not two.
    fn one_off() -> Self {
        BuildCache {
            load: content::LoadCache::off(),
            render: render::RenderCache::default(),
        }
    }
}

/// A site whose references are resolved.
pub struct Linked {
    pub site: Site,
    pub graph: Graph,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub briefings: usize,
    pub entries: usize,
    /// Drafts left out (no `--drafts`).
    pub drafts_left_out: usize,
    /// HTML pages written.
    pub pages: usize,
    /// All files written, pages and assets.
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings that did not stop the build: the first
    /// [`diagnostics::SHOWN_WARNINGS`] warnings and notes.
    pub warnings: Vec<Diagnostic>,
    /// How many more warnings and notes there were.
    pub left_out: usize,
}

impl Site {
    /// Phase 1: reads everything from disk.
    pub fn load(
        root: &Path,
        overrides: &Overrides,
        diags: &mut Diagnostics,
        cache: &mut BuildCache,
    ) -> Option<Site> {
        // A broken site.toml is reported, and the content and templates are
        // still checked with the defaults, so one run shows every problem.
        let config = match Config::load(root, overrides) {
            Ok(c) => c,
            Err(ds) => {
                diags.extend(ds);
                Config::fallback(root, overrides)
            }
        };
        let (mut content, templates) = rayon::join(
            || {
                let mut d = Diagnostics::new();
                let c = content::load(root, &mut d, &mut cache.load);
                (c, d)
            },
            || {
                let mut d = Diagnostics::new();
                let t = render::load_templates(root, &mut d);
                (t, d)
            },
        );
        diags.extend(content.1.into_sorted());
        diags.extend(templates.1.into_sorted());
        let before = content.0.briefings.len();
        if !config.drafts {
            content.0.briefings.retain(|b| !b.front.draft);
        }
        diags.extend(content::placeholders::check(&content.0));
        Some(Site {
            root: root.to_path_buf(),
            drafts_left_out: before - content.0.briefings.len(),
            config,
            content: content.0,
            templates: templates.0,
        })
    }

    /// Phase 2: resolves references.
    pub fn link(self, diags: &mut Diagnostics) -> Linked {
        self.link_beside(diags, |_| {}).0
    }

    /// [`Site::link`], and what `beside` makes of the site meanwhile
    /// (linking leaves a core idle much of the time).
    fn link_beside<R: Send>(
        self,
        diags: &mut Diagnostics,
        beside: impl FnOnce(&Site) -> R + Send,
    ) -> (Linked, R) {
        let (graph, made) = rayon::join(
            || graph::link(&self.content, &self.config, diags),
            || beside(&self),
        );
        (Linked { site: self, graph }, made)
    }
}

impl Linked {
    /// Phase 3: renders every page and joins the assets, handing each file
    /// to `sink` as it is done. `cache`, when given, is used and refreshed.
    pub fn render(
        &self,
        diags: &mut Diagnostics,
        cache: Option<&mut render::RenderCache>,
        sink: &dyn output::Sink,
    ) -> Rendered {
        let Some(templates) = &self.site.templates else {
            return Rendered::default();
        };
        let made = render::render_site(
            &self.site.content,
            &self.graph,
            &self.site.config,
            templates,
            diags,
            cache,
            sink,
        );
        let assets = output::add_assets(&self.site.root, &made, sink, diags);
        Rendered {
            pages: made.iter().filter(|p| p.ends_with(".html")).count(),
            files: made.len() + assets,
        }
    }
}

/// What the render phase handed to its sink.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// All files, pages and assets.
    pub files: usize,
}

/// Loads and links a site, stopping with every diagnostic if that failed.
fn load_and_link(
    root: &Path,
    overrides: &Overrides,
    diags: &mut Diagnostics,
    cache: &mut BuildCache,
) -> Option<Linked> {
    load_and_link_beside(root, overrides, diags, cache, |_| {}).map(|(linked, ())| linked)
}

/// [`load_and_link`], and what `beside` makes of the loaded site while it
/// links.
fn load_and_link_beside<R: Send>(
    root: &Path,
    overrides: &Overrides,
    diags: &mut Diagnostics,
    cache: &mut BuildCache,
    beside: impl FnOnce(&Site) -> R + Send,
) -> Option<(Linked, R)> {
    let site = timing::phase("load", || Site::load(root, overrides, diags, cache))?;
    let (linked, made) = timing::phase("link", || site.link_beside(diags, beside));
    if diags.has_errors() || linked.site.templates.is_none() {
        // The bodies of the files that did load may hold problems of their
        // own (unknown citations, wikilinks, link schemes): report them too.
        let s = &linked.site;
        render::check_bodies(&s.content, &linked.graph, &s.config, diags);
        return None;
    }
    Some((linked, made))
}

/// Loads, links and renders a site in memory: the build without writing.
pub fn build_in_memory(
    root: &Path,
    overrides: &Overrides,
) -> Result<(Linked, Pages, Vec<Diagnostic>), BuildFailed> {
    build_cached(root, overrides, &mut BuildCache::default())
}

/// [`build_in_memory`], reusing and refreshing `cache`.
pub fn build_cached(
    root: &Path,
    overrides: &Overrides,
    cache: &mut BuildCache,
) -> Result<(Linked, Pages, Vec<Diagnostic>), BuildFailed> {
    let mut diags = Diagnostics::new();
    let Some(linked) = load_and_link(root, overrides, &mut diags, cache) else {
        return Err(diags.into_failed());
    };
    let memory = output::Memory::default();
    linked.render(&mut diags, Some(&mut cache.render), &memory);
    if diags.has_errors() {
        return Err(diags.into_failed());
    }
    Ok((linked, memory.into_pages(), diags.into_sorted()))
}

/// After an edit to the file at `rel` (relative to the site root), updates
/// `linked` and `cache` and renders the one page it changed, when the edit
/// touched only the Markdown body of a briefing or entry and nothing other
/// pages show (see [`render::rerender_body`]). `None`: a full rebuild
/// through [`build_cached`] is needed, and `linked` must not be used again.
pub fn rebuild_body(
    linked: &mut Linked,
    cache: &mut BuildCache,
    rel: &Path,
) -> Option<(String, render::Bytes, Vec<Diagnostic>)> {
    let root = linked.site.root.clone();
    let content = &mut linked.site.content;
    // Same front matter text: same front matter, same line numbers.
    let front = |d: &content::Doc| d.text[..d.body_offset].to_string();
    let which = if let Some(i) = content.briefings.iter().position(|b| b.doc.path == rel) {
        let new = cache.load.reload_briefing(&root, rel)?;
        if front(&new.doc) != front(&content.briefings[i].doc) {
            return None;
        }
        content.briefings[i] = new;
        graph::Owner::Briefing(i)
    } else if let Some(i) = content.entries.iter().position(|e| e.doc.path == rel) {
        let new = cache.load.reload_entry(&root, rel)?;
        if front(&new.doc) != front(&content.entries[i].doc) {
            return None;
        }
        content.entries[i] = new;
        graph::Owner::Entry(i)
    } else {
        return None;
    };
    let site = &linked.site;
    render::rerender_body(
        &site.content,
        &linked.graph,
        &site.config,
        site.templates.as_ref()?,
        &mut cache.render,
        which,
    )
}

/// `dossier check`: everything a build does except keeping or writing the
/// pages. Returns the warnings, or every diagnostic when there are errors.
pub fn check(root: &Path, overrides: &Overrides) -> Result<Vec<Diagnostic>, BuildFailed> {
    let mut diags = Diagnostics::new();
    let mut cache = BuildCache::one_off();
    let Some(linked) = load_and_link(root, overrides, &mut diags, &mut cache) else {
        return Err(diags.into_failed());
    };
    drop(cache);
    linked.render(&mut diags, None, &output::Discard);
    if diags.has_errors() {
        return Err(diags.into_failed());
    }
    Ok(diags.into_sorted())
}

/// Renders into `staged` and, when the site has search, builds the index
/// from the content at the same time (it does not read rendered pages), then
/// writes the index beside the pages.
fn render_and_index(
    linked: &Linked,
    diags: &mut Diagnostics,
    staged: &output::Staged,
) -> (Rendered, usize) {
    let (content, config) = (&linked.site.content, &linked.site.config);
    let (rendered, index) = rayon::join(
        || timing::phase("render", || linked.render(diags, None, staged)),
        || {
            if config.search {
                timing::phase("search", || search::index_site(content, config))
            } else {
                Vec::new()
            }
        },
    );
    let files = index.len();
    for (path, bytes) in index {
        output::Sink::put(staged, path, render::Bytes::new(bytes));
    }
    (rendered, files)
}

/// `dossier build`: everything, streamed into a fresh folder that then
/// replaces the output. `replace` says which existing output may go.
pub fn build(
    root: &Path,
    overrides: &Overrides,
    replace: output::Replace,
) -> Result<BuildReport, BuildFailed> {
    let start = Instant::now();
    // Only the first warnings are printed: the rest are counted, not kept.
    let mut diags = Diagnostics::capped(diagnostics::SHOWN_WARNINGS);
    let mut cache = BuildCache::one_off();
    // The output is checked and the staged site begun while the content
    // links, its pages' folders made meanwhile.
    let prepared = load_and_link_beside(root, overrides, &mut diags, &mut cache, |site| {
        prepare_output(root, site, replace)
    });
    let Some((linked, Prepared { staged, stale })) = prepared else {
        return Err(diags.into_failed());
    };
    drop(cache);
    let out = &linked.site.config.output_dir;
    for stale in stale {
        diags.push(Diagnostic::warning(
            &stale,
            "removed this folder, left behind by a build that was stopped",
        ));
    }
    let staged = match staged {
        Ok(staged) => staged,
        Err(Unprepared::Refused(d)) => {
            diags.push(d);
            return Err(diags.into_failed());
        }
        Err(Unprepared::Failed(e)) => {
            return Err(BuildFailed(
                vec![Diagnostic::error(
                    out,
                    format!("cannot create the new site beside the output: {e}"),
                )],
                0,
            ));
        }
    };
    let write_error = |e: String| BuildFailed(vec![Diagnostic::error(out, e)], 0);
    let (rendered, index_files) = render_and_index(&linked, &mut diags, &staged);
    if diags.has_errors() {
        return Err(diags.into_failed());
    }
    let committed = timing::phase("commit", || staged.commit())
        .map_err(|e| write_error(format!("cannot write the site: {e}")))?;
    if let output::Committed::OldLeft(old, e) = committed {
        diags.push(
            Diagnostic::warning(
                &old,
                format!("the new site is in place, but the previous one could not be deleted: {e}"),
            )
            .help("delete this folder by hand"),
        );
    }
    let report = BuildReport {
        briefings: linked.site.content.briefings.len(),
        entries: linked.site.content.entries.len(),
        drafts_left_out: linked.site.drafts_left_out,
        pages: rendered.pages,
        files: rendered.files + index_files,
        elapsed: start.elapsed(),
        left_out: diags.left_out(),
        warnings: diags.into_sorted(),
    };
    drop_in_background(linked);
    Ok(report)
}

/// What [`build`] readies while the content links: the staged site, or
/// why there is none, and the folders of stopped builds it removed.
struct Prepared {
    staged: Result<output::Staged, Unprepared>,
    stale: Vec<PathBuf>,
}

/// Why a build has no staged site to write into.
enum Unprepared {
    /// The output may not be replaced (or lies inside the site).
    Refused(Diagnostic),
    /// The staged folder could not be made.
    Failed(std::io::Error),
}

/// Checks that the output of `site` may be replaced, removes what stopped
/// builds left beside it, and stages a fresh site holding the folders of
/// the briefings' and entries' pages.
fn prepare_output(root: &Path, site: &Site, replace: output::Replace) -> Prepared {
    let out = &site.config.output_dir;
    let refusal = output::check_output_dir(root, out).and_then(|()| {
        output::check_replaceable(out, replace)
            .map_err(|r| Diagnostic::error(out, r.message).help(r.help))
    });
    if let Err(d) = refusal {
        return Prepared {
            staged: Err(Unprepared::Refused(d)),
            stale: Vec::new(),
        };
    }
    let stale = output::remove_stale(out);
    let staged = output::stage(out).map_err(Unprepared::Failed);
    if let Ok(staged) = &staged {
        staged.make_folders(&render::page_folders(&site.content));
    }
    Prepared { staged, stale }
}

/// Frees `value` on a thread of its own. Freeing a large site's hundreds
/// of thousands of allocations takes tens of milliseconds at 10,000
/// briefings, and nothing needs to wait for it: the build goes on (and the
/// command exits) meanwhile. If no thread can be made, `value` is freed
/// here.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
