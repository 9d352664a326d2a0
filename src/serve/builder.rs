//! The rebuild side of `serve`: turns a batch of changed files into a new
//! [`Snapshot`], keeping what the next rebuild can reuse.
//!
//! Every path is held to the same rules as `dossier build`: an asset edit
//! is copied alone only when a full build would copy it the same way (it
//! neither shadows a generated page such as `robots.txt` nor is new in a
//! way that needs the clash check); anything else goes through
//! [`crate::build_cached`], so the served site equals a fresh build.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::Snapshot;
use crate::BuildCache;
use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
use crate::render::{Bytes, Pages};

/// Rebuilds the site and keeps what the next rebuild can reuse.
pub struct Builder {
    root: PathBuf,
    overrides: Overrides,
    cache: BuildCache,
    version: u64,
    last: Arc<Snapshot>,
    /// Keys of the last good site that a build generates (pages, feeds,
    /// `robots.txt`), as opposed to copied assets: an asset at one of
    /// these paths is an error that only a full build reports.
    generated: HashSet<String>,
    /// The last good build, linked, for edits that re-render one page.
    live: Option<crate::Linked>,
}

impl Builder {
    pub fn new(root: PathBuf, overrides: Overrides) -> Builder {
        Builder {
            root,
            overrides,
            cache: BuildCache::default(),
            version: 0,
            last: Arc::new(Snapshot::default()),
            generated: HashSet::new(),
            live: None,
        }
    }

    /// Handles a batch of changed files (relative to the site root): an
    /// edit to one body re-renders its page alone when nothing else shows
    /// it (see [`crate::rebuild_body`]); anything else rebuilds through
    /// the cache.
    pub fn edited(&mut self, changed: &[PathBuf]) -> Arc<Snapshot> {
        let start = Instant::now();
        if let [one] = changed
            && self.last.built
            && self.last.errors.is_empty()
            && let Some(live) = self.live.as_mut()
        {
            if let Some((key, bytes, warnings)) = crate::rebuild_body(live, &mut self.cache, one) {
                print_diagnostics(&self.root, &warnings);
                self.version += 1;
                let mut pages: Pages = (*self.last.pages).clone();
                pages.insert(key, bytes);
                println!(
                    "changed {}: re-rendered its page alone in {} ms",
                    one.display(),
                    start.elapsed().as_millis()
                );
                return self.publish(Snapshot::good(pages, self.version));
            }
            // Half-updated: only a full rebuild may replace it.
            self.live = None;
        }
        self.rebuild(&describe(changed), changed)
    }

    /// The site being served.
    pub fn last(&self) -> &Arc<Snapshot> {
        &self.last
    }

    /// What the search index is made from, when the last build was good
    /// and the site has search.
    pub fn search_input(&self) -> Option<(crate::content::Content, crate::config::Config)> {
        let site = &self.live.as_ref()?.site;
        site.config
            .search
            .then(|| (site.content.clone(), site.config.clone()))
    }

    /// Rebuilds through the cache after the files at `changed` (relative
    /// to the site root; empty for the first build) changed; prints what
    /// happened.
    pub fn rebuild(&mut self, why: &str, changed: &[PathBuf]) -> Arc<Snapshot> {
        let start = Instant::now();
        self.version += 1;
        let changed: Vec<PathBuf> = changed.iter().map(|p| self.root.join(p)).collect();
        self.cache.load.changed(&changed);
        let snapshot = match crate::build_cached(&self.root, &self.overrides, &mut self.cache) {
            Ok((linked, pages, warnings)) => {
                print_warnings(&self.root, &warnings, &changed, self.last.built);
                let stats = &self.cache.render;
                println!(
                    "{why}: {} briefings, {} entries, {} pages ({} files rendered) in {} ms",
                    linked.site.content.briefings.len(),
                    linked.site.content.entries.len(),
                    crate::render::html_pages(&pages),
                    stats.rendered,
                    start.elapsed().as_millis()
                );
                self.generated = self.cache.render.generated.clone();
                self.live = Some(linked);
                Snapshot::good(pages, self.version)
            }
            Err(failed) => {
                self.live = None;
                let (errs, warns): (Vec<Diagnostic>, Vec<Diagnostic>) =
                    failed.0.iter().cloned().partition(Diagnostic::is_error);
                print_warnings(&self.root, &warns, &changed, self.last.built);
                print_diagnostics(&self.root, &errs);
                let errors: Vec<Diagnostic> =
                    failed.0.into_iter().filter(Diagnostic::is_error).collect();
                println!(
                    "{why}: {} error{}; {} ({} ms)",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    if self.last.built {
                        "still serving the last good build"
                    } else {
                        "nothing to serve until it builds"
                    },
                    start.elapsed().as_millis()
                );
                let canon_root = crate::content::files::canonical_root(&self.root);
                let overlay = errors
                    .iter()
                    .map(|d| {
                        let source =
                            crate::content::files::read_text(&canon_root, &self.root.join(&d.path));
                        d.render(source.as_deref(), false)
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                Snapshot {
                    index: Arc::default(),
                    pages: Arc::clone(&self.last.pages),
                    errors,
                    overlay: Some(overlay),
                    built: self.last.built,
                    version: self.version,
                }
            }
        };
        self.publish(snapshot)
    }

    /// Handles a batch of changed assets (paths relative to the site
    /// root): copied alone when that is what a full build would do,
    /// otherwise a rebuild.
    pub fn assets_changed(&mut self, changed: &[PathBuf]) -> Arc<Snapshot> {
        let keys: Option<Vec<(String, PathBuf)>> = changed
            .iter()
            .map(|p| {
                let key = asset_key(Path::new("assets"), p)?;
                let full = self.root.join(p);
                // A regular file or a deleted one; folders, links and other
                // kinds take the rules of a full build.
                let plain = match std::fs::symlink_metadata(&full) {
                    Ok(m) => m.file_type().is_file(),
                    Err(e) => e.kind() == std::io::ErrorKind::NotFound,
                };
                (plain && !self.generated.contains(&key)).then_some((key, full))
            })
            .collect();
        match keys {
            Some(keys) if self.last.built && self.last.errors.is_empty() => {
                self.update_assets(&keys)
            }
            _ => self.rebuild(&describe(changed), changed),
        }
    }

    /// Copies changed assets into the served site without a rebuild.
    fn update_assets(&mut self, changed: &[(String, PathBuf)]) -> Arc<Snapshot> {
        let start = Instant::now();
        self.version += 1;
        let mut pages: Pages = (*self.last.pages).clone();
        for (key, path) in changed {
            // Only regular files inside the site: a pipe would block the server.
            let canon_root = crate::content::files::canonical_root(&self.root);
            match crate::content::files::read(&canon_root, path).ok() {
                Some(bytes) => {
                    pages.insert(key.clone(), Bytes::new(bytes));
                }
                // Deleted: the built-in asset of that path comes back, if any.
                None => match crate::output::DEFAULT_ASSETS.get_file(key.as_str()) {
                    Some(f) => {
                        pages.insert(key.clone(), Bytes::new(f.contents().to_vec()));
                    }
                    None => {
                        pages.remove(key);
                    }
                },
            }
        }
        println!(
            "asset{} changed: copied {} file{} in {} ms",
            plural(changed.len()),
            changed.len(),
            plural(changed.len()),
            start.elapsed().as_millis()
        );
        self.publish(Snapshot::good(pages, self.version))
    }

    fn publish(&mut self, snapshot: Snapshot) -> Arc<Snapshot> {
        let snapshot = Arc::new(snapshot);
        self.last = Arc::clone(&snapshot);
        snapshot
    }
}

/// The site key of a file under `assets/` (`assets/css/a.css` -> `css/a.css`).
fn asset_key(assets: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(assets).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// "changed content/briefings/a.md and 2 more", for the log.
pub fn describe(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| p.display().to_string())
        .collect();
    let more = paths.len().saturating_sub(3);
    if more > 0 {
        format!("changed {} and {more} more", names.join(", "))
    } else {
        format!("changed {}", names.join(", "))
    }
}

/// Prints the warnings of a good build: after an edit, those of the files
/// it changed (the others were printed before), then how many there are in
/// all, so that the terminal shows what the edit did.
fn print_warnings(root: &Path, warnings: &[Diagnostic], changed: &[PathBuf], rebuilt: bool) {
    let shown: Vec<&Diagnostic> = if rebuilt {
        warnings
            .iter()
            .filter(|d| changed.iter().any(|c| root.join(&d.path) == *c))
            .collect()
    } else {
        crate::diagnostics::capped(warnings).0
    };
    print_diagnostics(root, shown.iter().copied());
    let rest = warnings.len() - shown.len();
    if rest > 0 {
        eprintln!(
            "{rest} {}warning{} in other files; `dossier check` lists them all",
            if shown.is_empty() { "" } else { "more " },
            if rest == 1 { "" } else { "s" }
        );
    }
}

fn print_diagnostics<'a>(root: &Path, diags: impl IntoIterator<Item = &'a Diagnostic>) {
    let diags: Vec<&Diagnostic> = diags.into_iter().collect();
    crate::diagnostics::eprint(root, &diags, false);
}
