//! The search index under `serve`, built on a thread of its own.
//!
//! Indexing the whole site takes seconds at ten thousand briefings, far
//! longer than an edit may take to show, so it never runs on the rebuild
//! path: after each good build the rebuild thread hands a copy of the
//! content to the indexer and goes back to watching. The indexer waits for
//! a pause in the edits, works on the newest request only (older ones are
//! dropped), then puts the index beside the site being served without
//! telling open pages to reload: readers see results a few seconds late
//! rather than never.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use tokio::sync::watch as channel;

use super::Snapshot;
use crate::config::Config;
use crate::content::Content;
use crate::render::{Bytes, Pages};

/// How long the edits must pause before the index is made again.
const QUIET: std::time::Duration = std::time::Duration::from_millis(1000);

/// What the rebuild thread and the indexer share: the newest site as
/// built (without an index) and the newest index files. Both publish
/// under its lock, so the site served is always the newest build plus
/// the newest index.
#[derive(Default)]
struct Shared {
    base: Option<Arc<Snapshot>>,
    files: Arc<Pages>,
}

/// Publishes snapshots, adding the search index to each.
pub struct Indexer {
    requests: mpsc::Sender<(Content, Config)>,
    shared: Arc<Mutex<Shared>>,
    site: Arc<channel::Sender<Arc<Snapshot>>>,
}

impl Indexer {
    /// Starts the indexer thread, which publishes on `site`.
    pub fn start(site: channel::Sender<Arc<Snapshot>>) -> Indexer {
        let site = Arc::new(site);
        let (requests, rx) = mpsc::channel::<(Content, Config)>();
        let shared: Arc<Mutex<Shared>> = Arc::default();
        let (state, out) = (Arc::clone(&shared), Arc::clone(&site));
        std::thread::spawn(move || {
            while let Ok(mut job) = rx.recv() {
                // Only the newest content matters, and indexing waits for a
                // pause in the edits: it would take CPU from the next one.
                while let Ok(newer) = rx.recv_timeout(QUIET) {
                    job = newer;
                }
                let (content, config) = job;
                let files: Pages = crate::search::index_site(&content, &config)
                    .into_iter()
                    .map(|(path, bytes)| (path, Bytes::new(bytes)))
                    .collect();
                drop(content);
                let mut state = lock(&state);
                state.files = Arc::new(files);
                if let Some(base) = &state.base {
                    let with = with_index(base, &state.files);
                    // The page a reader looks at is the same: replace the
                    // site without waking the reload streams.
                    out.send_if_modified(|snap| {
                        *snap = with;
                        false
                    });
                }
            }
        });
        Indexer {
            requests,
            shared,
            site,
        }
    }

    /// Publishes a new build with the newest index; open pages reload.
    /// Returns `false` once the server has stopped.
    pub fn publish(&self, snapshot: Arc<Snapshot>) -> bool {
        let mut state = lock(&self.shared);
        let with = with_index(&snapshot, &state.files);
        state.base = Some(snapshot);
        self.site.send(with).is_ok()
    }

    /// Asks for the index of `content`; returns at once.
    pub fn request(&self, content: Content, config: Config) {
        let _ = self.requests.send((content, config));
    }
}

fn lock(shared: &Mutex<Shared>) -> std::sync::MutexGuard<'_, Shared> {
    // A panic while holding the lock leaves whole values: still usable.
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

/// `snapshot` with these index files (a site that never built has
/// nothing to search).
fn with_index(snapshot: &Arc<Snapshot>, files: &Arc<Pages>) -> Arc<Snapshot> {
    if !snapshot.built {
        return Arc::clone(snapshot);
    }
    Arc::new(Snapshot {
        pages: Arc::clone(&snapshot.pages),
        index: Arc::clone(files),
        errors: snapshot.errors.clone(),
        overlay: snapshot.overlay.clone(),
        built: snapshot.built,
        version: snapshot.version,
    })
}
