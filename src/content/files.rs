//! Reading a site's files without trusting them.
//!
//! A site may be built in CI from someone else's pull request, so what
//! dossier reads must stay inside the site folder and must be a plain file:
//! a symbolic link is followed only when its target (with every link on the
//! way resolved) lies inside the site root, and a named pipe, socket or
//! device is refused rather than read, since reading a pipe blocks for ever.
//! A refusal names the file as the site has it, never what it points at, so
//! no error message can print another file's contents.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, display_path};

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A link whose target lies outside the site folder.
    Outside,
    /// A link whose target does not exist.
    Broken,
    /// Not a regular file: what it is instead.
    NotRegular(&'static str),
    Io(io::Error),
}

impl Refusal {
    /// The diagnostic for `path` (as found under `root`).
    pub fn diagnostic(&self, root: &Path, path: &Path) -> Diagnostic {
        let shown = display_path(root, path);
        match self {
            Refusal::Outside => Diagnostic::error(
                shown,
                "this is a symbolic link to a file outside the site folder (or reached through one); it is not read",
            )
            .help("copy the file into the site, or link only to files inside the site folder"),
            Refusal::Broken => Diagnostic::error(
                shown,
                "this symbolic link points at nothing; it is not read",
            )
            .help("remove the link or make it point at a file inside the site folder"),
            Refusal::NotRegular(what) => Diagnostic::error(
                shown,
                format!("this is {what}, not a regular file; it is not read"),
            )
            .help("only regular files are read: remove it or replace it with a file"),
            Refusal::Io(e) => Diagnostic::error(shown, format!("cannot read: {e}")),
        }
    }
}

/// The site root with every link resolved, to compare targets with.
pub fn canonical_root(root: &Path) -> PathBuf {
    fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// What a directory entry is, for the walks over `content/`, `templates/`
/// and `assets/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
}

/// Resolves `path` and checks that it stays inside `canonical_root` and is
/// a file or a directory.
pub fn inspect(canonical_root: &Path, path: &Path) -> Result<(PathBuf, Kind), Refusal> {
    let is_link = fs::symlink_metadata(path)
        .map_err(Refusal::Io)?
        .file_type()
        .is_symlink();
    // Every link on the way is resolved: a folder may be the link.
    let real = fs::canonicalize(path).map_err(|e| {
        if is_link {
            Refusal::Broken
        } else {
            Refusal::Io(e)
        }
    })?;
    if !real.starts_with(canonical_root) {
        return Err(Refusal::Outside);
    }
    let meta = fs::metadata(&real).map_err(Refusal::Io)?;
    let kind = if meta.is_file() {
        Kind::File
    } else if meta.is_dir() {
        Kind::Dir
    } else {
        return Err(Refusal::NotRegular(describe(&meta.file_type())));
    };
    Ok((real, kind))
}

/// Reads a regular file inside the site.
pub fn read(canonical_root: &Path, path: &Path) -> Result<Vec<u8>, Refusal> {
    let (real, kind) = inspect(canonical_root, path)?;
    if kind == Kind::Dir {
        return Err(Refusal::NotRegular("a folder"));
    }
    read_plain(&real)
}

/// Reads a regular file at a path that needs no resolving: one that a
/// walk of a folder inside the site found as a plain file (not a link),
/// or one [`inspect`] resolved. It is opened without following a link and
/// checked again once open, in case it was replaced since.
pub fn read_plain(path: &Path) -> Result<Vec<u8>, Refusal> {
    let (file, meta) = open_plain(path)?;
    read_opened(file, &meta)
}

/// The bytes of a file [`open_plain`] opened.
pub fn read_opened(file: File, meta: &fs::Metadata) -> Result<Vec<u8>, Refusal> {
    // Read up to the size the file had when opened, and no further:
    // `read_to_end` on the file itself asks once more to see the end, one
    // system call per file of eleven thousand; the limit answers that
    // question without one. A file that grows meanwhile is read as it was
    // when opened.
    let len = meta.len();
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(len)
        .read_to_end(&mut bytes)
        .map_err(Refusal::Io)?;
    Ok(bytes)
}

/// Opens a file as [`read_plain`] does, for reading it later: the open
/// file and what it was when opened.
pub fn open_plain(path: &Path) -> Result<(File, fs::Metadata), Refusal> {
    let file = open_no_block(path).map_err(Refusal::Io)?;
    // Checked again on the open file: it may have been swapped meanwhile.
    let meta = file.metadata().map_err(Refusal::Io)?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(describe(&meta.file_type())));
    }
    Ok((file, meta))
}

/// The text of a site file for showing a diagnostic's line, or `None` when
/// it is not a regular UTF-8 file inside the site (whose path
/// [`canonical_root`] resolved).
pub fn read_text(canonical_root: &Path, path: &Path) -> Option<String> {
    let bytes = read(canonical_root, path).ok()?;
    String::from_utf8(bytes).ok()
}

/// Opens without waiting for a writer (a pipe would otherwise block the
/// open itself) and without following a link (the path is resolved).
#[cfg(unix)]
fn open_no_block(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_block(path: &Path) -> io::Result<File> {
    File::open(path)
}

fn describe(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    if ft.is_dir() {
        return "a folder";
    }
    let _ = ft;
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_whole_file_of_any_size() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0usize, 1, 4096, 3 << 20] {
            let path = dir.path().join(format!("f{len}"));
            let text: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
            fs::write(&path, &text).unwrap();
            assert_eq!(read_plain(&path).unwrap(), text, "{len} bytes");
        }
    }

    #[test]
    fn reads_files_inside_and_refuses_links_outside() {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("site");
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("a.md"), "inside").unwrap();
        fs::write(outer.path().join("secret"), "outside").unwrap();
        let canon = canonical_root(&root);
        assert_eq!(read(&canon, &root.join("a.md")).unwrap(), b"inside");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("a.md"), root.join("in.md")).unwrap();
            std::os::unix::fs::symlink(outer.path().join("secret"), root.join("out.md")).unwrap();
            std::os::unix::fs::symlink(root.join("nothing"), root.join("broken.md")).unwrap();
            assert_eq!(read(&canon, &root.join("in.md")).unwrap(), b"inside");
            assert!(matches!(
                read(&canon, &root.join("out.md")),
                Err(Refusal::Outside)
            ));
            assert!(matches!(
                read(&canon, &root.join("broken.md")),
                Err(Refusal::Broken)
            ));
            let d = Refusal::Outside.diagnostic(&root, &root.join("out.md"));
            assert_eq!(d.path, Path::new("out.md"));
            assert!(!d.message.contains("outside\n"));
        }
    }
}
