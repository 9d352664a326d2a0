//! Loading a site's content from disk: no rendering here.
//!
//! `content/briefings/*.md` and `content/glossary/*.md` are read in
//! parallel, each split into front matter and body, and the front matter
//! deserialized into the typed structs of [`model`]. Problems are collected
//! per file so one bad file never hides another.

#[cfg(target_os = "linux")]
mod batch_read;
pub mod files;
pub mod frontmatter;
pub mod model;
pub mod placeholders;
pub mod yaml;
mod yaml_tree;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
pub use model::{BriefingFront, EntryFront, IndexFront, Kind};
pub use yaml::Located;

/// One content file: where it is, its text, and where its body starts.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub slug: String,
    pub text: String,
    pub body_offset: usize,
    pub body_line: usize,
}

impl Doc {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A briefing: its file and typed front matter.
#[derive(Debug, Clone)]
pub struct Briefing {
    pub doc: Doc,
    pub front: BriefingFront,
}

/// A glossary entry: its file and typed front matter.
#[derive(Debug, Clone)]
pub struct Entry {
    pub doc: Doc,
    pub front: EntryFront,
}

/// The home page intro.
#[derive(Debug, Clone)]
pub struct Index {
    pub doc: Doc,
    pub front: IndexFront,
}

/// All content of a site, sorted by slug.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub briefings: Vec<Briefing>,
    pub entries: Vec<Entry>,
    pub index: Option<Index>,
    /// Ids of glossary files that exist but did not load: references to
    /// them are not reported again as unknown.
    pub broken_entries: std::collections::HashSet<String>,
}

/// The longest slug, in bytes (slugs are ASCII): a slug is a path
/// component of the output (`/tags/<tag>/`), and file systems refuse names
/// past 255 bytes; 100 leaves room and still reads as a name.
pub const MAX_SLUG_LEN: usize = 100;

/// Whether `slug` is a valid slug: `[a-z0-9]+(-[a-z0-9]+)*`, at most
/// [`MAX_SLUG_LEN`] bytes.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Why `value` is not a valid slug, in words ("is longer than …"), or
/// `None` when it is one.
pub fn slug_problem(value: &str) -> Option<String> {
    if value.len() > MAX_SLUG_LEN {
        Some(format!(
            "is {} bytes long; the limit is {MAX_SLUG_LEN}",
            value.len()
        ))
    } else if !is_slug(value) {
        Some("is not a valid slug: use [a-z0-9]+(-[a-z0-9]+)*".to_string())
    } else {
        None
    }
}

/// Makes a slug out of any text ("Nur al-Din Zenki" -> "nur-al-din-zenki").
/// Letters outside ASCII are dropped after folding the common accents away;
/// a long text is cut at a word to at most [`MAX_SLUG_LEN`] bytes.
pub fn slugify(text: &str) -> String {
    let mut out = slugify_whole(text);
    if out.len() > MAX_SLUG_LEN {
        out.truncate(MAX_SLUG_LEN);
        if let Some(dash) = out.rfind('-').filter(|&d| d >= MAX_SLUG_LEN / 2) {
            out.truncate(dash);
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

fn slugify_whole(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else if c != '\'' && c != '\u{2019}' {
            dash = true;
        }
    }
    out
}

/// Whether `s` has the shape of a slug, whatever its length.
fn is_slug_shaped(s: &str) -> bool {
    is_slug(&s[..s.len().min(MAX_SLUG_LEN)])
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ḥ' => 'h',
        'ṣ' | 'š' => 's',
        'ṭ' => 't',
        'ẓ' | 'ž' => 'z',
        'ḍ' => 'd',
        other => other,
    }
}

/// When a file was last changed, as far as the file system tells: its
/// modification time and size, and on Unix its inode and change time,
/// which no tool can set back (an edit that keeps size and mtime, as
/// `cp -p` or `touch -r` make, still changes them).
type Stamp = (Option<std::time::SystemTime>, u64, u64, i64, i64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let (ino, ctime, ctime_ns) = {
        use std::os::unix::fs::MetadataExt;
        (m.ino(), m.ctime(), m.ctime_nsec())
    };
    #[cfg(not(unix))]
    let (ino, ctime, ctime_ns) = (0, 0, 0);
    Some((m.modified().ok(), m.len(), ino, ctime, ctime_ns))
}

/// Parsed content files kept between builds (by `serve`), so that an edit
/// re-reads one file, not ten thousand. A file is read again when its
/// modification time or size changes.
#[derive(Debug, Default)]
pub struct LoadCache {
    briefings: HashMap<PathBuf, (Stamp, Briefing)>,
    entries: HashMap<PathBuf, (Stamp, Entry)>,
    /// Files reported changed (by the file watcher): read again whatever
    /// their stamp says, since a stamp can miss an edit.
    changed: std::collections::HashSet<PathBuf>,
    /// Keep nothing: a one-off build or check has no next load, and a
    /// second copy of every parsed file would only add to its peak memory.
    off: bool,
}

impl LoadCache {
    /// A cache that keeps nothing, for a build that is not followed by
    /// another.
    pub fn off() -> Self {
        LoadCache {
            off: true,
            ..LoadCache::default()
        }
    }

    /// Marks files as changed, so that the next load reads them again.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        self.changed.extend(paths.iter().cloned());
    }

    /// Reads one briefing (`rel` to the site root) again as [`load`]
    /// would, keeping it for the next load; `None` if it does not load.
    pub fn reload_briefing(&mut self, root: &Path, rel: &Path) -> Option<Briefing> {
        reload(root, rel, &mut self.briefings, |doc, front| Briefing {
            doc,
            front,
        })
    }

    /// [`LoadCache::reload_briefing`] for a glossary entry.
    pub fn reload_entry(&mut self, root: &Path, rel: &Path) -> Option<Entry> {
        reload(root, rel, &mut self.entries, |doc, front| Entry {
            doc,
            front,
        })
    }
}

/// Reads one content file again and keeps it in `cache`.
fn reload<F: DeserializeOwned, T: Clone>(
    root: &Path,
    rel: &Path,
    cache: &mut HashMap<PathBuf, (Stamp, T)>,
    make: impl Fn(Doc, F) -> T,
) -> Option<T> {
    let path = root.join(rel);
    // Anything but a plain file (a link, a FIFO that would block the read)
    // is left to a full load, which has the rules for it.
    if !std::fs::symlink_metadata(&path).ok()?.file_type().is_file() {
        return None;
    }
    let st = stamp(&path)?;
    let (doc, front) =
        load_one::<F>(root, &files::canonical_root(root), &path, true, false).ok()?;
    let item = make(doc, front);
    cache.insert(path, (st, item.clone()));
    Some(item)
}

/// A briefing or an entry as [`load`] parsed it.
enum Parsed {
    Briefing(Result<Briefing, Vec<Diagnostic>>),
    Entry(Result<Entry, Vec<Diagnostic>>),
}

/// Reads every content file under `root/content`, reusing what `cache`
/// holds for files that did not change, and refreshes the cache.
pub fn load(root: &Path, diags: &mut Diagnostics, cache: &mut LoadCache) -> Content {
    let content_dir = root.join("content");
    let canon_root = files::canonical_root(root);
    let (briefing_files, entry_files) = crate::timing::phase("list", || {
        (
            list_markdown(root, &canon_root, &content_dir.join("briefings"), diags),
            list_markdown(root, &canon_root, &content_dir.join("glossary"), diags),
        )
    });

    let changed = std::mem::take(&mut cache.changed);
    let (briefings, entries) = if cache.off {
        // A build that keeps nothing reads every file, briefings and
        // entries together: a disk that answers slowly is waited for once,
        // and the files the page cache holds are parsed meanwhile.
        cache.briefings.clear();
        cache.entries.clear();
        let all: Vec<&(PathBuf, bool)> = briefing_files.iter().chain(&entry_files).collect();
        let briefing_count = briefing_files.len();
        let parsed = read_many_then(&all, &canon_root, |i, bytes| {
            let path = &all[i].0;
            if i < briefing_count {
                Parsed::Briefing(
                    parse_one(root, path, true, bytes).map(|(doc, front)| Briefing { doc, front }),
                )
            } else {
                Parsed::Entry(
                    parse_one(root, path, true, bytes).map(|(doc, front)| Entry { doc, front }),
                )
            }
        });
        let mut briefings = Vec::with_capacity(briefing_count);
        let mut entries = Vec::with_capacity(entry_files.len());
        for p in parsed {
            match p {
                Parsed::Briefing(Ok(b)) => briefings.push(b),
                Parsed::Entry(Ok(e)) => entries.push(e),
                Parsed::Briefing(Err(ds)) | Parsed::Entry(Err(ds)) => diags.extend(ds),
            }
        }
        (briefings, entries)
    } else {
        let briefings = load_all(
            root,
            &briefing_files,
            diags,
            (&canon_root, &mut cache.briefings, &changed),
            |doc, front| Briefing { doc, front },
        );
        let entries = load_all(
            root,
            &entry_files,
            diags,
            (&canon_root, &mut cache.entries, &changed),
            |doc, front| Entry { doc, front },
        );
        (briefings, entries)
    };
    let loaded: std::collections::HashSet<&str> =
        entries.iter().map(|e| e.doc.slug.as_str()).collect();
    let broken_entries = entry_files
        .iter()
        .filter_map(|(f, _)| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|slug| !loaded.contains(slug.as_str()))
        .collect();

    let index_path = content_dir.join("_index.md");
    let index = if index_path.symlink_metadata().is_ok() {
        match load_one::<IndexFront>(root, &canon_root, &index_path, false, false) {
            Ok((doc, front)) => Some(Index { doc, front }),
            Err(ds) => {
                diags.extend(ds);
                None
            }
        }
    } else {
        None
    };
    Content {
        briefings,
        entries,
        index,
        broken_entries,
    }
}

/// The items of `files`, read where they changed since `cache` was made,
/// and the cache refreshed.
fn load_all<F: DeserializeOwned + Send, T: Send + Sync + Clone>(
    root: &Path,
    files: &[(PathBuf, bool)],
    diags: &mut Diagnostics,
    (canon_root, cache, changed): (
        &Path,
        &mut HashMap<PathBuf, (Stamp, T)>,
        &std::collections::HashSet<PathBuf>,
    ),
    make: impl Fn(Doc, F) -> T + Sync,
) -> Vec<T> {
    let old: &HashMap<PathBuf, (Stamp, T)> = cache;
    type Loaded<T> = (PathBuf, Option<Stamp>, Result<T, Vec<Diagnostic>>);
    let results: Vec<Loaded<T>> = files
        .par_iter()
        .map(|(f, plain)| {
            let st = stamp(f);
            if let (Some(st), Some((cached_st, item))) = (st, old.get(f))
                && st == *cached_st
                && !changed.contains(f)
            {
                return (f.clone(), Some(st), Ok(item.clone()));
            }
            let loaded = load_one::<F>(root, canon_root, f, true, *plain)
                .map(|(doc, front)| make(doc, front));
            (f.clone(), st, loaded)
        })
        .collect();
    let mut fresh = HashMap::with_capacity(results.len());
    let mut items = Vec::with_capacity(results.len());
    for (path, st, r) in results {
        match r {
            Ok(item) => {
                if let Some(st) = st {
                    fresh.insert(path, (st, item.clone()));
                }
                items.push(item);
            }
            Err(ds) => diags.extend(ds),
        }
    }
    *cache = fresh;
    items
}

/// The `.md` files directly in `dir`, sorted, each with whether it is a
/// plain file (not a link) in a folder inside the site, which needs no
/// path resolved to be read; anything else there is
/// reported: a `.md` file in a sub-folder, a link leading out of the site,
/// a pipe or other special file are errors (SPEC §9), other files warnings,
/// and names starting with `.` are skipped with a note.
fn list_markdown(
    root: &Path,
    canon_root: &Path,
    dir: &Path,
    diags: &mut Diagnostics,
) -> Vec<(PathBuf, bool)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    // The walk follows no link below `dir`: a plain file it finds is
    // inside the site when `dir` is.
    let dir_inside = std::fs::canonicalize(dir).is_ok_and(|d| d.starts_with(canon_root));
    let mut files = Vec::new();
    // Sorted by name, compared as whole paths: siblings share everything
    // before their names, and splitting each path into components to find
    // its name, twice per comparison, was most of listing 10,000 files.
    let mut walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                diags.push(Diagnostic::error(
                    display_path(root, &path),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            diags.push(
                Diagnostic::note(
                    display_path(root, path),
                    "skipped: names starting with `.` are hidden files and are not read",
                )
                .help("rename it without the leading `.` to publish it"),
            );
            continue;
        }
        if name.ends_with('~') {
            continue; // editor backups
        }
        if entry.file_type().is_dir() {
            continue; // its Markdown files are reported one by one below
        }
        let is_md = path.extension().is_some_and(|e| e == "md");
        let plain = dir_inside && !entry.path_is_symlink() && entry.file_type().is_file();
        let inspected = if plain {
            Ok((PathBuf::new(), files::Kind::File))
        } else {
            files::inspect(canon_root, path)
        };
        match inspected {
            Err(refusal) => {
                diags.push(refusal.diagnostic(root, path));
                continue;
            }
            Ok((_, files::Kind::Dir)) => {
                diags.push(
                    Diagnostic::warning(
                        display_path(root, path),
                        "a link to a folder; folders here are not read",
                    )
                    .help("put each file directly in content/briefings/ or content/glossary/"),
                );
                continue;
            }
            Ok((_, files::Kind::File)) => {}
        }
        if entry.depth() > 1 {
            if is_md {
                let folder = display_path(root, dir);
                diags.push(
                    Diagnostic::error(
                        display_path(root, path),
                        format!("this file is in a sub-folder of {}: briefings and entries live directly in their folder, so it would not be published", folder.display()),
                    )
                    .help(format!("move it to {}/ (its file name is its address)", folder.display())),
                );
            }
            continue;
        }
        if is_md {
            files.push((path.to_path_buf(), plain));
        } else {
            diags.push(
                Diagnostic::warning(
                    display_path(root, path),
                    "not a Markdown file; it is ignored",
                )
                .help("content files end in `.md`; images and other files belong in assets/"),
            );
        }
    }
    files
}

/// Reads one file, checks its name and splits and parses its front matter.
fn load_one<F: DeserializeOwned>(
    root: &Path,
    canon_root: &Path,
    path: &Path,
    needs_slug: bool,
    plain: bool,
) -> Result<(Doc, F), Vec<Diagnostic>> {
    parse_one(root, path, needs_slug, read_listed(canon_root, path, plain))
}

/// Reads a file [`list_markdown`] found: a plain one directly, anything
/// else (a link) through the rules of [`files::read`].
fn read_listed(canon_root: &Path, path: &Path, plain: bool) -> Result<Vec<u8>, files::Refusal> {
    if plain {
        files::read_plain(path)
    } else {
        files::read(canon_root, path)
    }
}

/// `then(i, bytes)` of each file `i`, its bytes read by many threads at
/// once. A disk whose cache has lost the site answers each small read in
/// turn per thread: read by the two threads that then parse them, 10,000
/// briefings took 7 s to load instead of 0.7 s. Each reader takes the next
/// file not yet taken, so one that waits long on a slow read holds up no
/// other file (a busy disk answers some reads a hundred times slower than
/// the rest). With the files cached this costs what reading them in the
/// parse would.
///
/// On Linux the files the page cache does not hold are left to the end
/// and read together ([`read_cold_together`]): a disk that answers one
/// request at a time answers them in far fewer requests, and the other
/// files go through `then` while it does.
fn read_many_then<T: Send>(
    files: &[&(PathBuf, bool)],
    canon_root: &Path,
    then: impl Fn(usize, Result<Vec<u8>, files::Refusal>) -> T + Sync,
) -> Vec<T> {
    #[cfg(target_os = "linux")]
    {
        read_cold_together(files, canon_root, then)
    }
    #[cfg(not(target_os = "linux"))]
    in_threads(files, |(path, plain)| read_listed(canon_root, path, *plain))
        .into_par_iter()
        .enumerate()
        .map(|(i, bytes)| then(i, bytes))
        .collect()
}

/// What a reader made of a file: its bytes, or where a plain file whose
/// bytes the page cache does not hold lies on the disk, to be read later.
#[cfg(target_os = "linux")]
enum Got {
    Bytes(Vec<u8>),
    Cold(batch_read::Place),
}

/// [`read_many_then`] on Linux: each plain file is opened and, if the
/// page cache holds it ([`batch_read::cached`]), read at once; the others
/// are read at the end in batches, in the order they lie on the disk
/// ([`batch_read::Ring`]), or by the readers again where the kernel has
/// no `io_uring`. Links are read one by one, through the rules for them.
/// While the disk is waited for, the files read at once go through `then`
/// on the other threads: a build some of whose files come from the disk
/// parses the others meanwhile instead of after.
#[cfg(target_os = "linux")]
fn read_cold_together<T: Send>(
    files: &[&(PathBuf, bool)],
    canon_root: &Path,
    then: impl Fn(usize, Result<Vec<u8>, files::Refusal>) -> T + Sync,
) -> Vec<T> {
    let got = in_threads(files, |(path, plain)| {
        if !*plain {
            return read_listed(canon_root, path, false).map(Got::Bytes);
        }
        let (file, meta) = files::open_plain(path)?;
        if batch_read::cached(&file, meta.len()) == Some(false) {
            return Ok(Got::Cold(batch_read::place(&file, &meta)));
        }
        files::read_opened(file, &meta).map(Got::Bytes)
    });
    let mut read: Vec<(usize, Result<Vec<u8>, files::Refusal>)> = Vec::with_capacity(got.len());
    let mut cold: Vec<(batch_read::Place, usize)> = Vec::new();
    for (i, g) in got.into_iter().enumerate() {
        match g {
            Ok(Got::Bytes(bytes)) => read.push((i, Ok(bytes))),
            Ok(Got::Cold(place)) => cold.push((place, i)),
            Err(refusal) => read.push((i, Err(refusal))),
        }
    }
    if crate::timing::enabled() {
        // A slow load is the disk's when many files are here.
        eprintln!(
            "  ({} of {} content files not in the page cache, read from the disk)",
            cold.len(),
            files.len()
        );
    }
    cold.sort_unstable();
    let then_each = |read: Vec<(usize, Result<Vec<u8>, files::Refusal>)>| -> Vec<(usize, T)> {
        read.into_par_iter()
            .map(|(i, bytes)| (i, then(i, bytes)))
            .collect()
    };
    let (from_disk, mut done) = rayon::join(|| read_cold(files, &cold), || then_each(read));
    done.extend(then_each(from_disk));
    let mut out: Vec<Option<T>> = Vec::with_capacity(files.len());
    out.resize_with(files.len(), || None);
    for (i, t) in done {
        out[i] = Some(t);
    }
    out.into_iter()
        .enumerate()
        .map(|(i, t)| t.unwrap_or_else(|| then(i, unread())))
        .collect()
}

/// The files `cold` names (in the order they lie on the disk, then by
/// index in `files`), each with its index: in batches where the kernel
/// has `io_uring`, by the readers otherwise.
#[cfg(target_os = "linux")]
fn read_cold(
    files: &[&(PathBuf, bool)],
    cold: &[(batch_read::Place, usize)],
) -> Vec<(usize, Result<Vec<u8>, files::Refusal>)> {
    if cold.is_empty() {
        return Vec::new();
    }
    let Some(mut ring) = batch_read::Ring::new() else {
        let listed: Vec<&(PathBuf, bool)> = cold.iter().map(|&(_, i)| files[i]).collect();
        let read = in_threads(&listed, |(path, _)| files::read_plain(path));
        return cold.iter().map(|&(_, i)| i).zip(read).collect();
    };
    let refused = std::sync::Mutex::new(Vec::new());
    let mut read: Vec<Option<std::io::Result<Vec<u8>>>> = Vec::new();
    read.resize_with(files.len(), || None);
    ring.read_batches(
        cold.len().div_ceil(batch_read::BATCH),
        |k| {
            let batch = &cold[k * batch_read::BATCH..((k + 1) * batch_read::BATCH).min(cold.len())];
            let opened: Vec<(usize, Result<_, files::Refusal>)> = batch
                .par_iter()
                .map(|&(_, i)| (i, files::open_plain(&files[i].0)))
                .collect();
            let mut ok = Vec::with_capacity(opened.len());
            for (i, r) in opened {
                match r {
                    Ok((file, meta)) => ok.push((i, batch_read::Opened { file, meta })),
                    Err(refusal) => refused
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, refusal)),
                }
            }
            ok
        },
        &mut read,
    );
    let mut out: Vec<(usize, Result<Vec<u8>, files::Refusal>)> = read
        .into_iter()
        .enumerate()
        .filter_map(|(i, bytes)| Some((i, bytes?.map_err(files::Refusal::Io))))
        .collect();
    let refused = refused.into_inner().unwrap_or_else(|e| e.into_inner());
    out.extend(refused.into_iter().map(|(i, refusal)| (i, Err(refusal))));
    out
}

/// The error of a file that no reader answered for (a bug of ours).
fn unread<T>() -> Result<T, files::Refusal> {
    Err(files::Refusal::Io(std::io::Error::other(
        "the file could not be read",
    )))
}

/// `read(file)` of each file, by many threads, in the files' order.
fn in_threads<T: Send>(
    files: &[&(PathBuf, bool)],
    read: impl Fn(&(PathBuf, bool)) -> Result<T, files::Refusal> + Sync,
) -> Vec<Result<T, files::Refusal>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    const READERS: usize = 64;
    let mut out: Vec<Option<Result<T, files::Refusal>>> = Vec::new();
    out.resize_with(files.len(), || None);
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // No more threads than files (and none for no file).
        let readers: Vec<_> = (0..READERS.min(files.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(&file) = files.get(i) else {
                            break done;
                        };
                        done.push((i, read(file)));
                    }
                })
            })
            .collect();
        for reader in readers {
            // A reader panics only on a bug of ours; its files are then
            // reported as unreadable below.
            if let Ok(done) = reader.join() {
                for (i, got) in done {
                    out[i] = Some(got);
                }
            }
        }
    });
    out.into_iter()
        .map(|got| got.unwrap_or_else(unread))
        .collect()
}

/// [`load_one`] once the file's bytes are read.
fn parse_one<F: DeserializeOwned>(
    root: &Path,
    path: &Path,
    needs_slug: bool,
    bytes: Result<Vec<u8>, files::Refusal>,
) -> Result<(Doc, F), Vec<Diagnostic>> {
    let shown = display_path(root, path);
    let mut problems = Vec::new();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if needs_slug && let Some(problem) = slug_problem(&stem) {
        let suggestion = slugify(&stem);
        let help = if suggestion.is_empty() {
            "name files with lowercase letters, digits and single hyphens".to_string()
        } else {
            format!("rename it to `{suggestion}.md`")
        };
        let message = if is_slug_shaped(&stem) {
            format!("the file name `{stem}` {problem}")
        } else {
            format!("`{stem}` is not a valid slug: file names must match [a-z0-9]+(-[a-z0-9]+)*")
        };
        problems.push(Diagnostic::error(&shown, message).help(help));
    }
    let bytes = bytes.map_err(|r| vec![r.diagnostic(root, path)])?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let pos = Pos::at_offset(&String::from_utf8_lossy(valid), valid.len(), 1);
            problems.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "the file is not valid UTF-8 (first bad byte at line {}, column {})",
                        pos.line, pos.col
                    ),
                )
                .help("save the file as UTF-8"),
            );
            return Err(problems);
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(e) => {
            problems.push(
                Diagnostic::error(&shown, e.to_string())
                    .at(Pos::new(1, 1))
                    .help("start the file with a line `---`, the YAML front matter, and another `---`"),
            );
            return Err(problems);
        }
    };
    let front = match yaml::parse::<F>(split.yaml, &shown) {
        Ok(f) => f,
        Err(ds) => {
            problems.extend(ds);
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let (body_offset, body_line) = (split.body_offset, split.body_line);
    Ok((
        Doc {
            path: shown,
            slug: stem,
            text,
            body_offset,
            body_line,
        },
        front,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_files_are_read_in_their_order_each_with_its_own_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Vec::new();
        for i in 0..100 {
            let path = dir.path().join(format!("f{i}.md"));
            if i != 37 {
                std::fs::write(&path, format!("file {i}")).unwrap();
            }
            files.push((path, i % 2 == 0));
        }
        // Half of them dropped from the page cache, on Linux, where those
        // are read together at the end.
        #[cfg(target_os = "linux")]
        for (path, _) in files.iter().step_by(2) {
            if let Ok(file) = std::fs::File::open(path) {
                use std::os::unix::io::AsRawFd;
                file.sync_all().unwrap();
                // SAFETY: advice about an open file.
                unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
            }
        }
        let canon = files::canonical_root(dir.path());
        let listed: Vec<&(PathBuf, bool)> = files.iter().collect();
        let calls: Vec<std::sync::atomic::AtomicUsize> = (0..100)
            .map(|_| std::sync::atomic::AtomicUsize::new(0))
            .collect();
        let read = read_many_then(&listed, &canon, |i, bytes| {
            calls[i].fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            bytes
        });
        assert_eq!(read.len(), 100);
        // Cached or not, each file went through `then` once, with its own index.
        assert!(
            calls
                .iter()
                .all(|c| c.load(std::sync::atomic::Ordering::Relaxed) == 1)
        );
        // The readers by threads, where the batches are not used, agree.
        let by_threads = in_threads(&listed, |(path, plain)| read_listed(&canon, path, *plain));
        for (a, b) in read.iter().zip(&by_threads) {
            assert_eq!(a.as_ref().ok(), b.as_ref().ok());
        }
        for (i, bytes) in read.iter().enumerate() {
            match bytes {
                Ok(b) => assert_eq!(b, format!("file {i}").as_bytes()),
                Err(_) => assert_eq!(i, 37, "only the missing file fails"),
            }
        }
        assert!(read[37].is_err());
        assert!(
            read_many_then(&[], &canon, |_, bytes| bytes).is_empty(),
            "no file, no thread"
        );
    }

    #[test]
    fn slugs_are_checked() {
        assert!(is_slug("nusra-front"));
        assert!(is_slug("a1"));
        assert!(!is_slug("Nusra-Front"));
        assert!(!is_slug("nusra--front"));
        assert!(!is_slug("-nusra"));
        assert!(!is_slug("nusra_front"));
        assert!(!is_slug(""));
    }

    #[test]
    fn slugify_makes_valid_slugs() {
        assert_eq!(slugify("Nur al-Din Zenki"), "nur-al-din-zenki");
        assert_eq!(
            slugify("U.S. offers Russia a deal!"),
            "u-s-offers-russia-a-deal"
        );
        assert_eq!(slugify("Ḥasan's café"), "hasans-cafe");
        assert_eq!(slugify("  --  "), "");
        assert!(is_slug(&slugify("Mozahem al-Saloum")));
    }

    #[test]
    fn slugs_have_a_length_limit() {
        let long = "word ".repeat(100);
        let slug = slugify(&long);
        assert!(is_slug(&slug), "{slug}");
        assert!(slug.len() <= MAX_SLUG_LEN && slug.len() > MAX_SLUG_LEN / 2);
        assert!(!slug.ends_with('-'));
        assert!(is_slug(&slugify(&"x".repeat(500))));
        assert!(!is_slug(&"a".repeat(MAX_SLUG_LEN + 1)));
        assert!(is_slug(&"a".repeat(MAX_SLUG_LEN)));
        assert!(
            slug_problem(&"a".repeat(300))
                .unwrap()
                .contains("limit is 100")
        );
    }
}
