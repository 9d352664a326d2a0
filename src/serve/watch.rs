//! Watching the site's files and sorting changes into kinds.
//!
//! Events are debounced by notify-debouncer-full (which also pairs an
//! editor's write-then-rename into one change); a burst that arrives while
//! a rebuild runs is gathered into the next single rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::event::ModifyKind;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::search::Indexer;
use super::{Builder, ServeError};

/// What kind of file changed, which decides the rebuild. Paths are
/// relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Content(PathBuf),
    Template(PathBuf),
    Asset(PathBuf),
    Config,
}

impl Change {
    fn path(&self) -> PathBuf {
        match self {
            Change::Content(p) | Change::Template(p) | Change::Asset(p) => p.clone(),
            Change::Config => PathBuf::from("site.toml"),
        }
    }
}

/// How long file events settle before a rebuild: an editor's save (write a
/// temporary file, rename it over) arrives within a millisecond or two, so
/// a short window still pairs it while keeping edit-to-reload quick.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Sorts a changed path into a kind, or `None` for files the site ignores
/// (the output, editor backups, hidden files, anything outside the site's
/// folders). Every file under `assets/` counts, hidden ones too, because
/// `build` copies them all (`.nojekyll`).
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_string_lossy();
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_string_lossy();
    if first == "assets" {
        return Some(Change::Asset(rel.to_path_buf()));
    }
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return None;
    }
    match first.as_ref() {
        "site.toml" => Some(Change::Config),
        "content" => Some(Change::Content(rel.to_path_buf())),
        "templates" => Some(Change::Template(rel.to_path_buf())),
        _ => None,
    }
}

/// Starts watching `root`; each batch of changes is rebuilt on a thread of
/// its own and published through `indexer`, which then indexes it. The returned guard stops the watcher
/// when dropped.
pub fn start(root: &Path, mut builder: Builder, indexer: Indexer) -> Result<impl Drop, ServeError> {
    let (events_tx, events_rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
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
    })
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
            while let Ok(more) = events_rx.recv_timeout(DEBOUNCE) {
                paths.extend(more);
            }
            let mut changes: Vec<Change> = Vec::new();
            for p in &paths {
                // A deleted file cannot be resolved; its folder can.
                let p = match (p.parent().map(std::fs::canonicalize), p.file_name()) {
                    (Some(Ok(dir)), Some(name)) => dir.join(name),
                    _ => p.clone(),
                };
                if let Some(c) = classify(&root, &p)
                    && !changes.contains(&c)
                {
                    changes.push(c);
                }
            }
            if changes.is_empty() {
                continue;
            }
            let changed: Vec<PathBuf> = changes.iter().map(Change::path).collect();
            // A bug in a rebuild must not stop the server from watching.
            let assets_only = changes.iter().all(|c| matches!(c, Change::Asset(_)));
            let rebuilt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if assets_only {
                    builder.assets_changed(&changed)
                } else {
                    builder.edited(&changed)
                }
            }));
            let Ok(snapshot) = rebuilt else {
                eprintln!(
                    "error: the rebuild failed unexpectedly; still serving the last good build"
                );
                continue;
            };
            let good = snapshot.errors.is_empty();
            if !indexer.publish(snapshot) {
                break; // the server stopped
            }
            // After the page is served: the index follows in the background.
            if good
                && !assets_only
                && let Some((content, config)) = builder.search_input()
            {
                indexer.request(content, config);
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
            Some(Change::Content("content/briefings/a.md".into()))
        );
        assert_eq!(
            c("/site/templates/base.html"),
            Some(Change::Template("templates/base.html".into()))
        );
        assert_eq!(
            c("/site/assets/css/site.css"),
            Some(Change::Asset("assets/css/site.css".into()))
        );
        // `build` copies hidden assets, so serve follows them too.
        assert_eq!(
            c("/site/assets/.nojekyll"),
            Some(Change::Asset("assets/.nojekyll".into()))
        );
        assert_eq!(c("/site/public/index.html"), None);
        assert_eq!(c("/site/content/briefings/.a.md.swp"), None);
        assert_eq!(c("/site/content/briefings/a.md~"), None);
        assert_eq!(c("/elsewhere/x.md"), None);
    }
}
