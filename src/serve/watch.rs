//! Watching the site's files and sorting changes into kinds.
//!
//! Events are debounced by notify-debouncer-full (which also pairs an
//! editor's write-then-rename into one change); a burst that arrives while
//! a rebuild runs is gathered into the next single rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::watch as channel;

use super::{Builder, ServeError, Snapshot};

/// What kind of file changed, which decides the rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Content(PathBuf),
    Template(PathBuf),
    Asset(PathBuf),
    Config,
}

/// Sorts a changed path into a kind, or `None` for files the site ignores
/// (the output, editor backups, hidden files, anything outside the site's
/// folders).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return None;
    }
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_string_lossy();
    match first.as_ref() {
        "site.toml" => Some(Change::Config),
        "content" => Some(Change::Content(path.to_path_buf())),
        "templates" => Some(Change::Template(path.to_path_buf())),
        "assets" => Some(Change::Asset(path.to_path_buf())),
        _ => None,
    }
}

/// Starts watching `root`; each batch of changes is rebuilt on a thread of
/// its own and published on `tx`. The returned guard stops the watcher
/// when dropped.
pub fn start(
    root: &Path,
    mut builder: Builder,
    tx: channel::Sender<Arc<Snapshot>>,
) -> Result<impl Drop, ServeError> {
    let (events_tx, events_rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut debouncer = new_debouncer(
        Duration::from_millis(80),
        None,
        move |res: DebounceEventResult| {
            if let Ok(events) = res {
                // Reading files (as a build does) raises access events: only
                // writes, creations, removals and renames are changes.
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| is_change(&e.event.kind))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    let _ = events_tx.send(paths);
                }
            }
        },
    )
    .map_err(|e| ServeError::Watch {
        path: root.to_path_buf(),
        message: e.to_string(),
    })?;
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|e| ServeError::Watch {
            path: root.to_path_buf(),
            message: e.to_string(),
        })?;
    std::thread::spawn(move || {
        while let Ok(first) = events_rx.recv() {
            let mut paths = first;
            // Gather whatever else arrived: one rebuild per burst.
            while let Ok(more) = events_rx.recv_timeout(Duration::from_millis(30)) {
                paths.extend(more);
            }
            let mut changes: Vec<Change> = paths
                .iter()
                .filter_map(|p| {
                    let p = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
                    classify(&root, &p)
                })
                .collect();
            changes.dedup();
            if changes.is_empty() {
                continue;
            }
            // A bug in a rebuild must not stop the server from watching.
            let rebuilt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if changes.iter().all(is_plain_asset) {
                    let assets: Vec<PathBuf> = changes
                        .into_iter()
                        .filter_map(|c| match c {
                            Change::Asset(p) => Some(p),
                            _ => None,
                        })
                        .collect();
                    builder.update_assets(&assets)
                } else {
                    builder.rebuild(&describe(&root, &changes))
                }
            }));
            let Ok(snapshot) = rebuilt else {
                eprintln!(
                    "error: the rebuild failed unexpectedly; still serving the last good build"
                );
                continue;
            };
            if tx.send(snapshot).is_err() {
                break; // the server stopped
            }
        }
    });
    Ok(debouncer)
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// An asset file (changed or deleted) that cannot clash with a generated
/// page; a new folder of assets takes a full rebuild, which reads it whole.
fn is_plain_asset(c: &Change) -> bool {
    match c {
        Change::Asset(p) => {
            !p.is_dir()
                && !p
                    .extension()
                    .is_some_and(|e| e == "html" || e == "xml" || e == "json")
        }
        _ => false,
    }
}

fn describe(root: &Path, changes: &[Change]) -> String {
    let names: Vec<String> = changes
        .iter()
        .take(3)
        .map(|c| match c {
            Change::Content(p) | Change::Template(p) | Change::Asset(p) => {
                p.strip_prefix(root).unwrap_or(p).display().to_string()
            }
            Change::Config => "site.toml".to_string(),
        })
        .collect();
    let more = changes.len().saturating_sub(3);
    if more > 0 {
        format!("changed {} and {more} more", names.join(", "))
    } else {
        format!("changed {}", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_into_kinds() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, Path::new(p));
        assert_eq!(c("/site/site.toml"), Some(Change::Config));
        assert_eq!(
            c("/site/content/briefings/a.md"),
            Some(Change::Content("/site/content/briefings/a.md".into()))
        );
        assert_eq!(
            c("/site/templates/base.html"),
            Some(Change::Template("/site/templates/base.html".into()))
        );
        assert_eq!(
            c("/site/assets/css/site.css"),
            Some(Change::Asset("/site/assets/css/site.css".into()))
        );
        assert_eq!(c("/site/public/index.html"), None);
        assert_eq!(c("/site/content/briefings/.a.md.swp"), None);
        assert_eq!(c("/site/content/briefings/a.md~"), None);
        assert_eq!(c("/elsewhere/x.md"), None);
    }
}
