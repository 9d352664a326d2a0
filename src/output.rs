//! Output: static assets joined to the rendered pages, and the whole site
//! written to a fresh directory that is swapped in only once complete.
//!
//! A failed build never writes, and a build that fails while writing leaves
//! the previous output as it was: pages go to a sibling temporary directory,
//! which replaces the output directory by rename at the very end.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::render::{Bytes, Pages};

/// The built-in assets (stylesheet, scripts), also written by `dossier init`.
pub static DEFAULT_ASSETS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/assets");

/// Adds assets to `pages`: the built-in ones, then the site's `assets/`,
/// whose files replace built-in ones of the same path. An asset whose path
/// is a generated page is an error.
pub fn add_assets(root: &Path, pages: &mut Pages, diags: &mut Diagnostics) {
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
                if pages.contains_key(&rel) {
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
    for (rel, bytes) in assets {
        pages.entry(rel).or_insert(bytes);
    }
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

/// Writes `pages` into `out`, replacing what was there only when all is written.
pub fn write(out: &Path, pages: &Pages) -> io::Result<()> {
    stage(out, pages)?.commit()
}

/// A site written to a fresh directory beside the output, not yet in place.
/// Dropping it without [`Staged::commit`] removes it and leaves the output
/// as it was.
pub struct Staged {
    fresh: PathBuf,
    old: PathBuf,
    out: PathBuf,
    committed: bool,
}

/// Writes `pages` to a fresh directory beside `out`.
pub fn stage(out: &Path, pages: &Pages) -> io::Result<Staged> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let pid = std::process::id();
    let staged = Staged {
        fresh: parent.join(format!(".{name}.new-{pid}")),
        old: parent.join(format!(".{name}.old-{pid}")),
        out: out.to_path_buf(),
        committed: false,
    };
    if staged.fresh.exists() {
        fs::remove_dir_all(&staged.fresh)?;
    }
    fs::create_dir_all(&staged.fresh)?;
    staged.add(pages)?;
    Ok(staged)
}

impl Staged {
    /// Writes more files into the staged site.
    pub fn add(&self, pages: &Pages) -> io::Result<()> {
        write_all(&self.fresh, pages)
    }

    /// Puts the staged site in place of the output.
    pub fn commit(mut self) -> io::Result<()> {
        let out = self.out.clone();
        if out.exists() {
            fs::rename(&out, &self.old)?;
            if let Err(e) = fs::rename(&self.fresh, &out) {
                // Put the previous output back before reporting.
                let _ = fs::rename(&self.old, &out);
                return Err(e);
            }
            self.committed = true;
            fs::remove_dir_all(&self.old)?;
        } else {
            fs::rename(&self.fresh, &out)?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.fresh);
        }
    }
}

fn write_all(dir: &Path, pages: &Pages) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = pages
        .keys()
        .filter_map(|rel| Path::new(rel).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    pages
        .par_iter()
        .try_for_each(|(rel, bytes)| fs::write(dir.join(rel), bytes.as_slice()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_replaces_whole_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let mut pages = Pages::new();
        pages.insert("a/index.html".into(), Bytes::new(b"one".to_vec()));
        pages.insert("stale.html".into(), Bytes::new(b"x".to_vec()));
        write(&out, &pages).unwrap();
        let mut pages = Pages::new();
        pages.insert("a/index.html".into(), Bytes::new(b"two".to_vec()));
        write(&out, &pages).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary directories were left behind");
    }

    #[test]
    fn output_cannot_be_the_site_root() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(check_output_dir(tmp.path(), tmp.path()).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("content")).is_err());
        assert!(check_output_dir(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
