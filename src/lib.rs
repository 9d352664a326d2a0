//! dossier: a static site generator for annotated briefings.
//!
//! A build runs in typed phases, each returning the input of the next, so
//! the order is enforced by the compiler:
//!
//! 1. [`Site::load`]: read `site.toml`, every content file (in parallel) and
//!    the templates; front matter becomes typed structs.
//! 2. [`Site::link`]: resolve every id into a [`graph::Graph`]; unknown ids
//!    are reported where they were written.
//! 3. [`Linked::render`]: Markdown and templates to pages in memory.
//! 4. [`output::write`]: the pages and assets go to a fresh directory that
//!    replaces the output only when everything is written.
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
    /// Warnings that did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Phase 1: reads everything from disk.
    pub fn load(
        root: &Path,
        overrides: &Overrides,
        diags: &mut Diagnostics,
        cache: &mut BuildCache,
    ) -> Option<Site> {
        let config = match Config::load(root, overrides) {
            Ok(c) => c,
            Err(ds) => {
                diags.extend(ds);
                return None;
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
        let graph = graph::link(&self.content, &self.config, diags);
        Linked { site: self, graph }
    }
}

impl Linked {
    /// Phase 3: renders every page and joins the assets, in memory.
    pub fn render(&self, diags: &mut Diagnostics, cache: &mut render::RenderCache) -> Pages {
        let Some(templates) = &self.site.templates else {
            return Pages::new();
        };
        let mut pages = render::render_site(
            &self.site.content,
            &self.graph,
            &self.site.config,
            templates,
            diags,
            cache,
        );
        output::add_assets(&self.site.root, &mut pages, diags);
        pages
    }
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
    let Some(site) = timing::phase("load", || Site::load(root, overrides, &mut diags, cache))
    else {
        return Err(BuildFailed(diags.into_sorted()));
    };
    let linked = timing::phase("link", || site.link(&mut diags));
    if diags.has_errors() || linked.site.templates.is_none() {
        return Err(BuildFailed(diags.into_sorted()));
    }
    let pages = linked.render(&mut diags, &mut cache.render);
    if diags.has_errors() {
        return Err(BuildFailed(diags.into_sorted()));
    }
    Ok((linked, pages, diags.into_sorted()))
}

/// `dossier build`: everything, then the output directory is replaced.
pub fn build(root: &Path, overrides: &Overrides) -> Result<BuildReport, BuildFailed> {
    let start = Instant::now();
    let (linked, pages, warnings) = build_in_memory(root, overrides)?;
    let out = &linked.site.config.output_dir;
    if let Err(d) = output::check_output_dir(root, out) {
        return Err(BuildFailed(vec![d]));
    }
    let write_error = |e: String| BuildFailed(vec![Diagnostic::error(out, e)]);
    // The search index is built while the pages are written.
    let (staged, index) = rayon::join(
        || timing::phase("write", || output::stage(out, &pages)),
        || {
            if linked.site.config.search {
                timing::phase("search", || {
                    search::index_site(&linked.site.content, &linked.site.config)
                        .into_iter()
                        .map(|(path, bytes)| (path, render::Bytes::new(bytes)))
                        .collect()
                })
            } else {
                Pages::new()
            }
        },
    );
    let staged = staged.map_err(|e| write_error(format!("cannot write the site: {e}")))?;
    staged
        .add(&index)
        .and_then(|()| staged.commit())
        .map_err(|e| write_error(format!("cannot write the site: {e}")))?;
    let files = pages.len() + index.len();
    Ok(BuildReport {
        briefings: linked.site.content.briefings.len(),
        entries: linked.site.content.entries.len(),
        drafts_left_out: linked.site.drafts_left_out,
        pages: pages.keys().filter(|p| p.ends_with(".html")).count(),
        files,
        elapsed: start.elapsed(),
        warnings,
    })
}
