//! Loading a site's content from disk: no rendering here.
//!
//! `content/briefings/*.md` and `content/glossary/*.md` are read in
//! parallel, each split into front matter and body, and the front matter
//! deserialized into the typed structs of [`model`]. Problems are collected
//! per file so one bad file never hides another.

pub mod frontmatter;
pub mod model;
pub mod placeholders;
pub mod yaml;

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

/// Whether `slug` is a valid slug: `[a-z0-9]+(-[a-z0-9]+)*`.
pub fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Makes a slug out of any text ("Nur al-Din Zenki" -> "nur-al-din-zenki").
/// Letters outside ASCII are dropped after folding the common accents away.
pub fn slugify(text: &str) -> String {
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

/// When a file was last changed, as far as the file system tells.
type Stamp = (Option<std::time::SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}

/// Parsed content files kept between builds (by `serve`), so that an edit
/// re-reads one file, not ten thousand. A file is read again when its
/// modification time or size changes.
#[derive(Debug, Default)]
pub struct LoadCache {
    briefings: HashMap<PathBuf, (Stamp, Briefing)>,
    entries: HashMap<PathBuf, (Stamp, Entry)>,
}

/// Reads every content file under `root/content`, reusing what `cache`
/// holds for files that did not change, and refreshes the cache.
pub fn load(root: &Path, diags: &mut Diagnostics, cache: &mut LoadCache) -> Content {
    let content_dir = root.join("content");
    let briefing_files = list_markdown(root, &content_dir.join("briefings"), diags);
    let entry_files = list_markdown(root, &content_dir.join("glossary"), diags);

    let briefings = load_all(
        root,
        &briefing_files,
        diags,
        &mut cache.briefings,
        |doc, front| Briefing { doc, front },
    );
    let entries = load_all(
        root,
        &entry_files,
        diags,
        &mut cache.entries,
        |doc, front| Entry { doc, front },
    );
    let loaded: std::collections::HashSet<&str> =
        entries.iter().map(|e| e.doc.slug.as_str()).collect();
    let broken_entries = entry_files
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .filter(|slug| !loaded.contains(slug.as_str()))
        .collect();

    let index_path = content_dir.join("_index.md");
    let index = if index_path.is_file() {
        match load_one::<IndexFront>(root, &index_path, false) {
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

fn load_all<F: DeserializeOwned + Send, T: Send + Sync + Clone>(
    root: &Path,
    files: &[PathBuf],
    diags: &mut Diagnostics,
    cache: &mut HashMap<PathBuf, (Stamp, T)>,
    make: impl Fn(Doc, F) -> T + Sync,
) -> Vec<T> {
    let old: &HashMap<PathBuf, (Stamp, T)> = cache;
    type Loaded<T> = (PathBuf, Option<Stamp>, Result<T, Vec<Diagnostic>>);
    let results: Vec<Loaded<T>> = files
        .par_iter()
        .map(|f| {
            let st = stamp(f);
            if let (Some(st), Some((cached_st, item))) = (st, old.get(f))
                && st == *cached_st
            {
                return (f.clone(), Some(st), Ok(item.clone()));
            }
            let loaded = load_one::<F>(root, f, true).map(|(doc, front)| make(doc, front));
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

/// The `.md` files directly in `dir`, sorted; anything else there is reported.
fn list_markdown(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
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
        if name.starts_with('.') || name.ends_with('~') {
            continue; // editor and system files
        }
        if entry.file_type().is_dir() {
            diags.push(
                Diagnostic::warning(display_path(root, path), "sub-folders here are not read")
                    .help("put each file directly in content/briefings/ or content/glossary/"),
            );
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path.to_path_buf());
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
    path: &Path,
    needs_slug: bool,
) -> Result<(Doc, F), Vec<Diagnostic>> {
    let shown = display_path(root, path);
    let mut problems = Vec::new();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if needs_slug && !is_slug(&stem) {
        let suggestion = slugify(&stem);
        let help = if suggestion.is_empty() {
            "name files with lowercase letters, digits and single hyphens".to_string()
        } else {
            format!("rename it to `{suggestion}.md`")
        };
        problems.push(
            Diagnostic::error(
                &shown,
                format!(
                    "`{stem}` is not a valid slug: file names must match [a-z0-9]+(-[a-z0-9]+)*"
                ),
            )
            .help(help),
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| vec![Diagnostic::error(&shown, format!("cannot read: {e}"))])?;
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
        Err(d) => {
            problems.push(d);
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
}
