//! Output: where finished files go.
//!
//! Rendering hands every finished file to a [`Sink`] and never learns where
//! it went: `build` streams into a staging directory ([`Staged`]) that
//! replaces the output only once complete, `serve`, `check` and the tests
//! keep the site in memory ([`Memory`]) or drop it ([`Discard`]). Streaming
//! keeps a large build's memory bounded by what is being rendered, not by
//! the size of the site.
//!
//! Static assets (the built-in stylesheet and scripts, then the site's
//! `assets/`) are joined here too, after the pages, so that an asset cannot
//! silently replace a generated page.

mod staging;

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::render::{Bytes, Pages};
pub use staging::{Committed, MARKER, Replace, Staged, check_replaceable, remove_stale, stage};

/// The built-in assets (stylesheet, scripts), also written by `dossier init`.
pub static DEFAULT_ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Takes each finished file of the site, from many threads at once.
///
/// `put` cannot fail: a sink that writes remembers its first error and
/// reports it when the build asks, so rendering stays blind to where the
/// bytes go.
pub trait Sink: Sync {
    /// One finished file at its site-relative path (`briefings/x/index.html`).
    fn put(&self, path: String, bytes: Bytes);

    /// One finished file the caller keeps no copy of: a sink that writes
    /// to disk writes it from where it lies, with no copy made to hand
    /// over. By default it is copied and [`Sink::put`].
    fn put_slice(&self, path: String, bytes: &[u8]) {
        self.put(path, Bytes::new(bytes.to_vec()));
    }

    /// One large file, handed over as `write` makes it rather than whole,
    /// so that a sink that writes to disk never holds it (`graph.json` is
    /// tens of megabytes on a large site). By default it is made in memory
    /// and [`Sink::put`]; a file whose making fails is not handed over.
    fn put_with(&self, path: String, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) {
        let mut bytes = Vec::new();
        if write(&mut bytes).is_ok() {
            self.put(path, Bytes::new(bytes));
        }
    }
}

/// Keeps the whole site in memory, for `serve` and the tests.
#[derive(Default)]
pub struct Memory(Mutex<Pages>);

impl Memory {
    /// The files received, by path.
    pub fn into_pages(self) -> Pages {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, path: String, bytes: Bytes) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
    }
}

/// Drops every file: `check` renders everything and keeps nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: String, _bytes: Bytes) {}

    fn put_slice(&self, _path: String, _bytes: &[u8]) {}

    fn put_with(&self, _path: String, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) {
        // Made all the same, as a build would, into nothing.
        let _ = write(&mut io::sink());
    }
}

/// Hands the site's assets to `sink`: the built-in ones, then the site's
/// `assets/`, whose files replace built-in ones of the same path. An asset
/// whose path is a generated file is an error; returns how many were given.
pub fn add_assets(
    root: &Path,
    generated: &BTreeSet<String>,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> usize {
    let mut assets: Pages = Pages::new();
    collect_embedded(&DEFAULT_ASSETS, &mut assets);
    let dir = root.join("assets");
    let mut site_paths: Vec<(String, PathBuf)> = Vec::new();
    let canon_root = crate::content::files::canonical_root(root);
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diags.push(Diagnostic::error("assets", format!("cannot read: {e}")));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            // A link is copied when it leads to a file inside the site;
            // one leading out, or a pipe, is an error, never read.
            if !entry.file_type().is_file() {
                match crate::content::files::inspect(&canon_root, entry.path()) {
                    Ok((_, crate::content::files::Kind::File)) => {}
                    Ok((_, crate::content::files::Kind::Dir)) => continue,
                    Err(refusal) => {
                        diags.push(refusal.diagnostic(root, entry.path()));
                        continue;
                    }
                }
            }
            let rel = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            site_paths.push((rel, entry.path().to_path_buf()));
        }
    }
    type Read = (String, PathBuf, io::Result<Vec<u8>>);
    let read: Vec<Read> = site_paths
        .into_par_iter()
        .map(|(rel, path)| {
            let bytes = crate::content::files::read(&canon_root, &path).map_err(|r| match r {
                crate::content::files::Refusal::Io(e) => e,
                other => io::Error::other(other.diagnostic(root, &path).message),
            });
            (rel, path, bytes)
        })
        .collect();
    for (rel, path, bytes) in read {
        match bytes {
            Ok(b) => {
                if generated.contains(&rel) || rel == MARKER {
                    diags.push(
                        Diagnostic::error(
                            display_path(root, &path),
                            format!("this asset would overwrite the generated page `/{rel}`"),
                        )
                        .help("rename or move the asset"),
                    );
                }
                assets.insert(rel, Bytes::new(b));
            }
            Err(e) => diags.push(Diagnostic::error(
                display_path(root, &path),
                format!("cannot read: {e}"),
            )),
        }
    }
    let mut given = 0;
    for (rel, bytes) in assets {
        if !generated.contains(&rel) && rel != MARKER {
            sink.put(rel, bytes);
            given += 1;
        }
    }
    given
}

fn collect_embedded(dir: &Dir<'static>, out: &mut Pages) {
    for file in dir.files() {
        out.insert(
            file.path().to_string_lossy().replace('\\', "/"),
            Bytes::new(file.contents().to_vec()),
        );
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

/// Checks that the output directory cannot swallow the site itself.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let root_abs = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out);
    let protected = ["content", "templates", "assets", "src", ".git"];
    if root_abs.starts_with(&out_abs)
        || protected
            .iter()
            .any(|p| out_abs.starts_with(root_abs.join(p)))
    {
        return Err(Diagnostic::error(
            "site.toml",
            format!(
                "the output directory `{}` would replace the site's own files",
                out.display()
            ),
        )
        .help("choose an output directory of its own, such as `public`"));
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    // The output may not exist yet: canonicalize its parent instead.
    if let Ok(c) = fs::canonicalize(p) {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_cannot_be_the_site_root() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("content")).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
