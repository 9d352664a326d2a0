//! `dossier serve`: build in memory, serve it, rebuild on every change.
//!
//! The site lives in memory as a [`Snapshot`] behind a `watch` channel: the
//! HTTP side reads the newest one, and every new snapshot wakes the
//! live-reload stream (`/__dossier/events`, server-sent events), which tells
//! open pages to reload. File events are debounced, sorted into kinds
//! ([`watch::Change`]) and handled with the smallest rebuild: an asset is
//! copied alone; anything else rebuilds through a [`BuildCache`], which
//! re-reads only changed files, re-renders only Markdown whose inputs
//! changed and only pages whose data changed. A broken edit keeps the last
//! good site served and shows the diagnostics in an overlay until fixed.

mod http;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch as channel;

use crate::BuildCache;
use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
use crate::render::Pages;

/// Options of `dossier serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    pub drafts: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("`{0}` is not an address to listen on; use an IP address such as 127.0.0.1")]
    BadAddress(String),
    #[error("port {port} is already in use on {bind}; choose another with --port")]
    PortInUse { port: u16, bind: String },
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch {}: {message}", path.display())]
    Watch { path: PathBuf, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What is being served: the last good site and the current problems.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub pages: Arc<Pages>,
    /// Problems of the latest build; the pages are from the last good one.
    pub errors: Vec<Diagnostic>,
    /// The errors rendered for the overlay (plain text).
    pub overlay: Option<String>,
    pub version: u64,
}

/// Builds, serves and watches until interrupted.
pub fn serve(opts: Options) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(run(opts))
}

async fn run(opts: Options) -> Result<(), ServeError> {
    let ip: std::net::IpAddr = opts
        .bind
        .parse()
        .map_err(|_| ServeError::BadAddress(opts.bind.clone()))?;
    let addr = SocketAddr::new(ip, opts.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
                port: opts.port,
                bind: opts.bind.clone(),
            },
            _ => ServeError::Listen { addr, source: e },
        })?;
    let local = listener.local_addr()?;
    let host = match local.ip() {
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    let base_url = format!("http://{host}:{}/", local.port());

    let mut builder = Builder {
        root: opts.root.clone(),
        overrides: Overrides {
            output_dir: None,
            base_url: Some(base_url.clone()),
            drafts: opts.drafts,
            no_search: false,
        },
        cache: BuildCache::default(),
        version: 0,
        last: Arc::new(Snapshot::default()),
    };
    let first = tokio::task::block_in_place(|| builder.rebuild("first build"));
    let (tx, rx) = channel::channel(first);
    // Watch before announcing the address: an edit made right after it is seen.
    let _watcher = watch::start(&opts.root, builder, tx)?;
    println!(
        "Serving {} at {base_url} (Ctrl+C to stop)",
        opts.root.display()
    );
    let app = http::router(rx);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}

/// Rebuilds the site and keeps what the next rebuild can reuse.
pub struct Builder {
    root: PathBuf,
    overrides: Overrides,
    cache: BuildCache,
    version: u64,
    last: Arc<Snapshot>,
}

impl Builder {
    /// A full rebuild through the cache; prints what happened.
    pub fn rebuild(&mut self, why: &str) -> Arc<Snapshot> {
        let start = Instant::now();
        self.version += 1;
        let snapshot = match crate::build_cached(&self.root, &self.overrides, &mut self.cache) {
            Ok((linked, pages, warnings)) => {
                print_diagnostics(&self.root, &warnings);
                let (reused, total) = (self.cache.render.reused, self.cache.render.total);
                println!(
                    "{why}: {} briefings, {} entries; rendered {} of {} pages in {} ms",
                    linked.site.content.briefings.len(),
                    linked.site.content.entries.len(),
                    total.saturating_sub(reused),
                    total,
                    start.elapsed().as_millis()
                );
                Snapshot {
                    pages: Arc::new(pages),
                    errors: Vec::new(),
                    overlay: None,
                    version: self.version,
                }
            }
            Err(failed) => {
                print_diagnostics(&self.root, &failed.0);
                let errors: Vec<Diagnostic> =
                    failed.0.into_iter().filter(Diagnostic::is_error).collect();
                println!(
                    "{why}: {} error{}; still serving the last good build ({} ms)",
                    errors.len(),
                    if errors.len() == 1 { "" } else { "s" },
                    start.elapsed().as_millis()
                );
                let overlay = errors
                    .iter()
                    .map(|d| {
                        let source =
                            crate::content::files::read_text(&self.root, &self.root.join(&d.path));
                        d.render(source.as_deref(), false)
                    })
                    .collect::<Vec<_>>()
                    .join("\n");
                Snapshot {
                    pages: Arc::clone(&self.last.pages),
                    errors,
                    overlay: Some(overlay),
                    version: self.version,
                }
            }
        };
        let snapshot = Arc::new(snapshot);
        self.last = Arc::clone(&snapshot);
        snapshot
    }

    /// Copies changed assets into the served site without a rebuild.
    pub fn update_assets(&mut self, changed: &[PathBuf]) -> Arc<Snapshot> {
        let start = Instant::now();
        self.version += 1;
        let mut pages: Pages = (*self.last.pages).clone();
        let assets = self.root.join("assets");
        for path in changed {
            let Ok(rel) = path.strip_prefix(&assets) else {
                continue;
            };
            let key = rel.to_string_lossy().replace('\\', "/");
            // Only regular files inside the site: a pipe would block the server.
            let canon_root = crate::content::files::canonical_root(&self.root);
            match crate::content::files::read(&canon_root, path) {
                Ok(bytes) => {
                    pages.insert(key, crate::render::Bytes::new(bytes));
                }
                // Deleted: the built-in asset of that path comes back, if any.
                Err(_) => match crate::output::DEFAULT_ASSETS.get_file(rel) {
                    Some(f) => {
                        pages.insert(key, crate::render::Bytes::new(f.contents().to_vec()));
                    }
                    None => {
                        pages.remove(&key);
                    }
                },
            }
        }
        println!(
            "asset{} changed: copied {} file{} in {} ms",
            if changed.len() == 1 { "" } else { "s" },
            changed.len(),
            if changed.len() == 1 { "" } else { "s" },
            start.elapsed().as_millis()
        );
        let snapshot = Arc::new(Snapshot {
            pages: Arc::new(pages),
            errors: self.last.errors.clone(),
            overlay: self.last.overlay.clone(),
            version: self.version,
        });
        self.last = Arc::clone(&snapshot);
        snapshot
    }
}

fn print_diagnostics(root: &std::path::Path, diags: &[Diagnostic]) {
    for d in diags {
        let source = crate::content::files::read_text(root, &root.join(&d.path));
        eprintln!("{}", d.render(source.as_deref(), false));
    }
}
