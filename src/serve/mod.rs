//! `dossier serve`: build in memory, serve it, rebuild on every change.
//!
//! The site lives in memory as a [`Snapshot`] behind a `watch` channel: the
//! HTTP side reads the newest one, and every new snapshot wakes the
//! live-reload stream (`/__dossier/events`, server-sent events), which tells
//! open pages to reload. File events are debounced, sorted into kinds
//! ([`watch::Change`]) and handed to the [`Builder`], which does the
//! smallest rebuild: an asset is copied alone; anything else rebuilds
//! through a [`crate::BuildCache`], which re-reads only the changed files
//! and re-renders only the pages whose recorded inputs changed. A broken
//! edit keeps the last good site served and shows the diagnostics in an
//! overlay until fixed. The search index follows in the background.
//!
//! The server is meant for the author's own machine: on a loopback address
//! it answers only requests whose `Host` names that machine (a web page
//! elsewhere cannot read the drafts through DNS rebinding), and slow or
//! idle connections are closed after [`HEADER_TIMEOUT`]. Ctrl+C stops it
//! within a second, at once on a second Ctrl+C.

mod builder;
mod http;
mod search;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::watch as channel;

use crate::config::Overrides;
use crate::diagnostics::Diagnostic;
use crate::render::Pages;
pub use builder::Builder;

/// How long a connection may take to send a request's headers, and how
/// long it may sit idle between requests, before it is closed: held
/// connections must not lock the author out.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long open requests (live-reload streams, slow downloads) get to end
/// after Ctrl+C before the server stops anyway.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(800);

/// Options of `dossier serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub port: u16,
    pub bind: String,
    /// Whether drafts are shown; `false` hides them whatever `site.toml` says.
    pub drafts: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "`{0}` is not an address to listen on; use an IP address such as 127.0.0.1, or localhost"
    )]
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
    /// The search index, built in the background (see [`search`]); kept
    /// apart so that adding it never copies the site.
    pub index: Arc<Pages>,
    /// Problems of the latest build; the pages are from the last good one.
    pub errors: Vec<Diagnostic>,
    /// The errors rendered for the overlay (plain text).
    pub overlay: Option<String>,
    /// Whether any build has succeeded yet; until then every request gets
    /// a minimal page with the overlay and the reload script.
    pub built: bool,
    pub version: u64,
}

/// Builds, serves and watches until interrupted.
pub fn serve(opts: Options) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(run(opts));
    // Connections still open after the grace period are dropped, not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    result
}

/// Resolves `--bind`: an IP address, or a name such as `localhost`.
fn resolve_bind(bind: &str, port: u16) -> Result<SocketAddr, ServeError> {
    if let Ok(ip) = bind.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    let trimmed = bind.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = trimmed.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    use std::net::ToSocketAddrs;
    let addrs: Vec<SocketAddr> = (bind, port)
        .to_socket_addrs()
        .map_err(|_| ServeError::BadAddress(bind.to_string()))?
        .collect();
    // Prefer IPv4: `localhost` resolves to both and browsers try both.
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or_else(|| addrs.first())
        .copied()
        .ok_or_else(|| ServeError::BadAddress(bind.to_string()))
}

/// The base URL pages are built with: the address the server answers on,
/// never an unspecified one such as `0.0.0.0`, which no browser can open.
fn base_url_for(local: SocketAddr) -> String {
    let ip = local.ip();
    let host = if ip.is_unspecified() {
        "localhost".to_string()
    } else if let IpAddr::V6(v6) = ip {
        format!("[{v6}]")
    } else {
        ip.to_string()
    };
    format!("http://{host}:{}/", local.port())
}

async fn run(opts: Options) -> Result<(), ServeError> {
    let addr = resolve_bind(&opts.bind, opts.port)?;
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
    let base_url = base_url_for(local);
    if !local.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}, so the site, drafts included, can be read by other machines on the network; use --bind 127.0.0.1 to keep it on this one",
            local.ip()
        );
    }

    let mut builder = Builder::new(
        opts.root.clone(),
        Overrides {
            output_dir: None,
            base_url: Some(base_url.clone()),
            drafts: Some(opts.drafts),
            no_search: false,
        },
    );
    let first = tokio::task::block_in_place(|| builder.rebuild("first build", &[]));
    let (tx, rx) = channel::channel(Arc::clone(&first));
    let indexer = search::Indexer::start(tx);
    indexer.publish(first);
    if let Some((content, config)) = builder.search_input() {
        indexer.request(content, config);
    }
    // Watch before announcing the address: an edit made right after it is seen.
    let _watcher = watch::start(&opts.root, builder, indexer)?;
    println!(
        "Serving {} at {base_url} (Ctrl+C to stop)",
        opts.root.display()
    );
    let (stop_tx, stop_rx) = channel::channel(false);
    let app = http::router(http::AppState {
        site: rx,
        stop: stop_rx.clone(),
        allowed_hosts: local.ip().is_loopback().then(http::loopback_hosts),
    });
    let server = tokio::spawn(accept(listener, app, stop_rx));
    let _ = tokio::signal::ctrl_c().await;
    let _ = stop_tx.send(true);
    eprintln!("stopping (Ctrl+C again to stop at once)");
    tokio::select! {
        _ = server => {}
        _ = tokio::time::sleep(SHUTDOWN_GRACE) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

/// Accepts connections until `stop` turns true, serving each with header
/// and idle timeouts; open connections are then asked to close.
async fn accept(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    mut stop: channel::Receiver<bool>,
) {
    let mut conns = tokio::task::JoinSet::new();
    loop {
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                // Out of file descriptors and the like: wait, then go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stopped(&mut stop) => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let mut stop = stop.clone();
        conns.spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT);
            let conn = http.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = stopped(&mut stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        // Reap finished connections so the set stays small.
        while conns.try_join_next().is_some() {}
    }
    while conns.join_next().await.is_some() {}
}

/// Resolves once the server is stopping.
async fn stopped(stop: &mut channel::Receiver<bool>) {
    // An error means the sender is gone: the server is stopping too.
    let _ = stop.wait_for(|s| *s).await;
}

impl Snapshot {
    /// A good build's site, with no problems to show.
    pub fn good(pages: Pages, version: u64) -> Snapshot {
        Snapshot {
            pages: Arc::new(pages),
            index: Arc::default(),
            errors: Vec::new(),
            overlay: None,
            built: true,
            version,
        }
    }

    /// The file served at `key`: a page, an asset or a file of the index.
    pub fn get(&self, key: &str) -> Option<&crate::render::Bytes> {
        self.pages.get(key).or_else(|| self.index.get(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_names_resolve_and_unspecified_addresses_never_reach_links() {
        assert_eq!(
            resolve_bind("localhost", 8).unwrap().ip(),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );
        assert_eq!(resolve_bind("[::1]", 8).unwrap().port(), 8);
        assert!(resolve_bind("not an address", 8).is_err());
        let any: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert_eq!(base_url_for(any), "http://localhost:1111/");
        let v6: SocketAddr = "[::1]:80".parse().unwrap();
        assert_eq!(base_url_for(v6), "http://[::1]:80/");
    }
}
