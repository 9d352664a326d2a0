//! The output directory, replaced whole and only when the new site is
//! complete.
//!
//! A build writes into a fresh sibling folder `.NAME.new-PID` while it
//! renders, then swaps it with the output in one step: on Linux with
//! `renameat2(RENAME_EXCHANGE)`, so that at every instant the output path
//! holds either the old site or the new one, even if the process is killed;
//! elsewhere with two renames. The previous site, moved to `.NAME.old-PID`,
//! is then deleted. Folders of builds that were killed are removed by the
//! next build.
//!
//! Because a build deletes what the output held, dossier marks the folders
//! it makes with a [`MARKER`] file and refuses to replace anything else: a
//! file, or a non-empty folder without the marker (unless the author says
//! `--force`).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use super::Sink;
use crate::render::Bytes;

/// The file dossier writes into every output folder, so that a later build
/// knows the folder is its own to replace.
pub const MARKER: &str = ".dossier-output";

const MARKER_TEXT: &str =
    "This folder was written by dossier; the next `dossier build` replaces all of it.\n";

/// Which existing output a build may replace.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Replace {
    /// Only a folder dossier made (it holds the marker) or an empty one.
    #[default]
    OnlyOurs,
    /// Any folder (`--force`); never a file.
    AnyFolder,
}

/// Why an output path may not be replaced: a message and a suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

/// Checks that building into `out` will not destroy something that is not
/// a previous build: a file, or a folder of other things.
pub fn check_replaceable(out: &Path, replace: Replace) -> Result<(), Refusal> {
    let meta = match fs::metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(Refusal {
                message: format!("cannot look at the output `{}`: {e}", out.display()),
                help: "choose another output folder with --output".into(),
            });
        }
    };
    if !meta.is_dir() {
        return Err(Refusal {
            message: format!(
                "the output `{}` is a file, not a folder; building would replace it",
                out.display()
            ),
            help: "choose a folder with --output (or build.output_dir in site.toml)".into(),
        });
    }
    if replace == Replace::AnyFolder || out.join(MARKER).is_file() {
        return Ok(());
    }
    let empty = fs::read_dir(out)
        .map(|mut entries| entries.next().is_none())
        .unwrap_or(false);
    if empty {
        return Ok(());
    }
    Err(Refusal {
        message: format!(
            "the output folder `{}` was not made by dossier (it has no `{MARKER}` file); \
             building would delete everything in it",
            out.display()
        ),
        help: "choose a new or empty folder with --output, or pass --force to replace it".into(),
    })
}

/// Removes the staging folders (`.NAME.new-PID`, `.NAME.old-PID`) that
/// killed builds of `out` left behind; a folder of a process still running
/// is left alone. Returns the folders removed.
pub fn remove_stale(out: &Path) -> Vec<PathBuf> {
    let (parent, name) = parent_and_name(out);
    let Ok(entries) = fs::read_dir(&parent) else {
        return Vec::new();
    };
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let pid = prefixes
            .iter()
            .find_map(|p| file_name.strip_prefix(p.as_str()))
            .and_then(|pid| pid.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !process_alive(pid)
            && fs::remove_dir_all(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 only asks whether the process exists; EPERM means it does
    // but belongs to someone else.
    // SAFETY: kill with signal 0 sends nothing and touches no memory.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap way to ask, never delete another build's folder.
    true
}

fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    (parent, name)
}

/// A site being written to a fresh folder beside the output, not yet in
/// place. It is a [`Sink`]: files are written as they arrive, from many
/// threads. Dropping it without [`Staged::commit`] removes it and leaves
/// the output as it was.
pub struct Staged {
    fresh: PathBuf,
    old: PathBuf,
    out: PathBuf,
    /// The first write that failed; later files are not attempted.
    error: Mutex<Option<io::Error>>,
    committed: bool,
}

/// What [`Staged::commit`] did, when the new site is in place.
#[derive(Debug)]
pub enum Committed {
    /// The new site replaced the output and the previous one is gone.
    Clean,
    /// The new site is in place, but the previous one could not be deleted
    /// and is left at this path.
    OldLeft(PathBuf, io::Error),
}

/// Creates the fresh folder beside `out`, holding only the marker.
pub fn stage(out: &Path) -> io::Result<Staged> {
    let (parent, name) = parent_and_name(out);
    fs::create_dir_all(&parent).map_err(|e| with_path(&parent, e))?;
    let pid = std::process::id();
    let staged = Staged {
        fresh: parent.join(format!(".{name}.new-{pid}")),
        old: parent.join(format!(".{name}.old-{pid}")),
        out: out.to_path_buf(),
        error: Mutex::new(None),
        committed: false,
    };
    if staged.fresh.exists() {
        fs::remove_dir_all(&staged.fresh).map_err(|e| with_path(&staged.fresh, e))?;
    }
    fs::create_dir(&staged.fresh).map_err(|e| with_path(&staged.fresh, e))?;
    fs::write(staged.fresh.join(MARKER), MARKER_TEXT)
        .map_err(|e| with_path(&staged.fresh.join(MARKER), e))?;
    Ok(staged)
}

/// Creates `target` for writing, and its folder where there is none yet.
/// The file is asked for first: its folder nearly always exists, made
/// beforehand ([`Staged::make_folders`]) or for an earlier file.
fn create_file(target: &Path) -> io::Result<fs::File> {
    match fs::File::create(target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder)?;
            }
            fs::File::create(target)
        }
        created => created,
    }
}

/// An I/O error that names the path it happened at.
fn with_path(path: &Path, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Sink for Staged {
    fn put(&self, path: String, bytes: Bytes) {
        self.put_slice(path, &bytes);
    }

    fn put_slice(&self, path: String, bytes: &[u8]) {
        self.write_file(&path, |mut file| io::Write::write_all(&mut file, bytes));
    }

    fn put_with(&self, path: String, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) {
        self.write_file(&path, |file| {
            let mut out = io::BufWriter::with_capacity(1 << 16, file);
            write(&mut out)?;
            io::Write::flush(&mut out)
        });
    }
}

impl Staged {
    /// Makes the folders `folders` (site-relative, each after its parent)
    /// in the staged site before any file is written, so that writing a
    /// page is one step instead of two. One that cannot be made is left to
    /// the file written into it, which reports why.
    pub fn make_folders(&self, folders: &[String]) {
        for folder in folders {
            let _ = fs::create_dir(self.fresh.join(folder));
        }
    }

    /// Writes one file of the staged site through `write`; after the first
    /// failure nothing more is written.
    fn write_file(&self, path: &str, write: impl FnOnce(fs::File) -> io::Result<()>) {
        // Checked without holding the lock while writing: files are
        // written in parallel.
        if self
            .error
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
        {
            return;
        }
        let target = self.fresh.join(path);
        if let Err(e) = create_file(&target).and_then(write) {
            self.fail(with_path(&target, e));
        }
    }

    /// Remembers the first error, for [`Staged::commit`] to report.
    fn fail(&self, e: io::Error) {
        let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
        error.get_or_insert(e);
    }

    /// Puts the staged site in place of the output, unless a file could not
    /// be written, in which case the output stays as it was.
    pub fn commit(mut self) -> io::Result<Committed> {
        if let Some(e) = self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            return Err(e);
        }
        match fs::symlink_metadata(&self.out) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(&self.fresh, &self.out).map_err(|e| with_path(&self.out, e))?;
                self.committed = true;
                return Ok(Committed::Clean);
            }
            _ => {}
        }
        let previous = swap(&self.fresh, &self.out, &self.old)?;
        self.committed = true;
        match remove_tree(&previous) {
            Ok(()) => Ok(Committed::Clean),
            Err(e) => Ok(Committed::OldLeft(previous, e)),
        }
    }
}

/// Deletes a previous site. It holds a folder per page, thousands of them
/// under `briefings/` and `glossary/`: those are removed in parallel.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let children = |d: &Path| -> io::Result<Vec<fs::DirEntry>> { fs::read_dir(d)?.collect() };
    children(dir)?.par_iter().try_for_each(|top| {
        if !top.file_type()?.is_dir() {
            return fs::remove_file(top.path());
        }
        children(&top.path())?.par_iter().try_for_each(|e| {
            if e.file_type()?.is_dir() {
                fs::remove_dir_all(e.path())
            } else {
                fs::remove_file(e.path())
            }
        })?;
        fs::remove_dir(top.path())
    })?;
    fs::remove_dir(dir)
}

/// Puts `fresh` at `out`; returns where the previous output now is
/// (`old`, normally).
fn swap(fresh: &Path, out: &Path, old: &Path) -> io::Result<PathBuf> {
    #[cfg(target_os = "linux")]
    match exchange(fresh, out) {
        // The previous site is now at `fresh`: give it its own name, so
        // nobody takes it for a new one.
        Ok(()) => {
            return Ok(match fs::rename(fresh, old) {
                Ok(()) => old.to_path_buf(),
                Err(_) => fresh.to_path_buf(),
            });
        }
        // A file system without the exchange falls back to two renames.
        Err(e) if e.raw_os_error() == Some(libc::EINVAL) => {}
        Err(e) if e.raw_os_error() == Some(libc::ENOSYS) => {}
        Err(e) => return Err(with_path(out, e)),
    }
    swap_by_renames(fresh, out, old)
}

/// The swap where the exchange is not available: for a moment there is no
/// output at all, and a failure puts the previous output back.
fn swap_by_renames(fresh: &Path, out: &Path, old: &Path) -> io::Result<PathBuf> {
    fs::rename(out, old).map_err(|e| with_path(out, e))?;
    if let Err(e) = fs::rename(fresh, out) {
        // Put the previous output back before reporting.
        let _ = fs::rename(old, out);
        return Err(with_path(out, e));
    }
    Ok(old.to_path_buf())
}

/// Exchanges two paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "a path holds a NUL byte"))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive
    // the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.fresh);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(out: &Path, files: &[(&str, &str)]) -> io::Result<Committed> {
        let staged = stage(out)?;
        for (path, text) in files {
            staged.put(path.to_string(), Bytes::new(text.as_bytes().to_vec()));
        }
        staged.commit()
    }

    #[test]
    fn commit_replaces_whole_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("a/index.html", "one"), ("stale.html", "x")]).unwrap();
        let done = build(&out, &[("a/index.html", "two")]).unwrap();
        assert!(matches!(done, Committed::Clean), "{done:?}");
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("stale.html").exists());
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temporary directories were left behind");
    }

    #[test]
    fn a_failed_write_is_reported_and_the_output_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        build(&out, &[("index.html", "old")]).unwrap();
        // `a` is a file, so `a/index.html` cannot be written.
        let e = build(&out, &[("a", "file"), ("a/index.html", "page")]).unwrap_err();
        assert!(e.to_string().contains("a/index.html"), "{e}");
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "the staging folder was removed");
    }

    #[test]
    fn files_go_into_folders_made_beforehand_and_others_are_made_as_needed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staged = stage(&out).unwrap();
        // `glossary/x` cannot be made before `glossary`: its file makes it.
        let folders = ["briefings", "briefings/a", "glossary/x"].map(String::from);
        staged.make_folders(&folders);
        assert!(staged.fresh.join("briefings/a").is_dir());
        assert!(!staged.fresh.join("glossary").exists());
        for path in [
            "briefings/a/index.html",
            "glossary/x/index.html",
            "tags/t/page/2/index.html",
        ] {
            staged.put(path.to_string(), Bytes::new(path.as_bytes().to_vec()));
        }
        staged.put_with("graph.json".to_string(), &mut |w| w.write_all(b"{}"));
        assert!(matches!(staged.commit().unwrap(), Committed::Clean));
        for path in [
            "briefings/a/index.html",
            "glossary/x/index.html",
            "tags/t/page/2/index.html",
        ] {
            assert_eq!(fs::read(out.join(path)).unwrap(), path.as_bytes());
        }
        assert_eq!(fs::read(out.join("graph.json")).unwrap(), b"{}");
    }

    #[test]
    fn a_folder_that_cannot_be_made_beforehand_fails_its_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staged = stage(&out).unwrap();
        staged.put("a".to_string(), Bytes::new(b"file".to_vec()));
        // `a` is a file: the folder is not made, and its page says why.
        staged.make_folders(&["a".to_string()]);
        staged.put("a/index.html".to_string(), Bytes::new(b"page".to_vec()));
        let e = staged.commit().unwrap_err();
        assert!(e.to_string().contains("a/index.html"), "{e}");
        assert!(!out.exists());
    }

    #[test]
    fn a_failed_second_rename_puts_the_output_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("index.html"), "old").unwrap();
        let missing = tmp.path().join(".public.new-1");
        let old = tmp.path().join(".public.old-1");
        assert!(swap_by_renames(&missing, &out, &old).is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"old");
        assert!(!old.exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "a").unwrap();
        fs::write(b.join("f"), "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read(a.join("f")).unwrap(), b"b");
        assert_eq!(fs::read(b.join("f")).unwrap(), b"a");
    }

    #[test]
    fn refuses_files_and_folders_it_did_not_make() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("site.toml");
        fs::write(&file, "x").unwrap();
        assert!(check_replaceable(&file, Replace::AnyFolder).is_err());
        let dir = tmp.path().join("notes");
        assert!(
            check_replaceable(&dir, Replace::OnlyOurs).is_ok(),
            "missing"
        );
        fs::create_dir(&dir).unwrap();
        assert!(check_replaceable(&dir, Replace::OnlyOurs).is_ok(), "empty");
        fs::write(dir.join("n.txt"), "x").unwrap();
        assert!(check_replaceable(&dir, Replace::OnlyOurs).is_err());
        assert!(check_replaceable(&dir, Replace::AnyFolder).is_ok());
        fs::write(dir.join(MARKER), "").unwrap();
        assert!(check_replaceable(&dir, Replace::OnlyOurs).is_ok(), "ours");
    }
}
