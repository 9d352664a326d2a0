//! `dossier eject [NAME...]`: copies built-in templates and assets into the
//! site, where they override the built-in ones and can be edited.
//!
//! A name is a template (`briefing.html`, `partials/quotes.html`), an asset
//! (`css/site.css`), either with its folder (`templates/base.html`), or a
//! folder (`partials`, `css`, `assets`); no name means everything. Nothing
//! is written unless every name matches and no file would be overwritten.

use std::path::{Path, PathBuf};

use include_dir::Dir;

use super::{ScaffoldError, write_new};
use crate::output::DEFAULT_ASSETS;
use crate::render::DEFAULT_TEMPLATES;

/// One built-in file: where it goes in a site (`templates/base.html`), the
/// name it is known by (`base.html`) and its bytes.
pub struct Builtin {
    pub dest: String,
    pub name: String,
    pub bytes: &'static [u8],
}

/// Every built-in template and asset, templates first, each sorted by name.
pub fn ejectable() -> Vec<Builtin> {
    let mut out = Vec::new();
    for (dir, folder) in [
        (&DEFAULT_TEMPLATES, "templates"),
        (&DEFAULT_ASSETS, "assets"),
    ] {
        let start = out.len();
        collect(dir, folder, &mut out);
        out[start..].sort_by(|a: &Builtin, b| a.name.cmp(&b.name));
    }
    out
}

fn collect(dir: &Dir<'static>, folder: &str, out: &mut Vec<Builtin>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        out.push(Builtin {
            dest: format!("{folder}/{name}"),
            name,
            bytes: file.contents(),
        });
    }
    for sub in dir.dirs() {
        collect(sub, folder, out);
    }
}

/// Whether `wanted` names `b`: its name, its path in the site, or a folder
/// holding it.
fn matches(wanted: &str, b: &Builtin) -> bool {
    let wanted = wanted.trim_end_matches('/');
    wanted == b.name
        || wanted == b.dest
        || b.name.starts_with(&format!("{wanted}/"))
        || b.dest.starts_with(&format!("{wanted}/"))
}

/// Copies the built-in files `names` select (all when empty) into `root`.
pub fn eject(root: &Path, names: &[String]) -> Result<Vec<PathBuf>, ScaffoldError> {
    let all = ejectable();
    for name in names {
        if !all.iter().any(|b| matches(name, b)) {
            return Err(ScaffoldError::UnknownTemplate {
                name: name.clone(),
                known: all.iter().map(|b| b.name.clone()).collect(),
            });
        }
    }
    let chosen: Vec<&Builtin> = all
        .iter()
        .filter(|b| names.is_empty() || names.iter().any(|n| matches(n, b)))
        .collect();
    // Refuse before writing anything, so a refusal leaves the site as it was.
    if let Some(b) = chosen.iter().find(|b| root.join(&b.dest).exists()) {
        return Err(ScaffoldError::Exists(root.join(&b.dest)));
    }
    chosen
        .iter()
        .map(|b| write_new(&root.join(&b.dest), b.bytes))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_files_paths_and_folders() {
        let all = ejectable();
        let names = |wanted: &str| -> Vec<String> {
            all.iter()
                .filter(|b| matches(wanted, b))
                .map(|b| b.dest.clone())
                .collect()
        };
        assert_eq!(names("base.html"), ["templates/base.html"]);
        assert_eq!(names("templates/base.html"), ["templates/base.html"]);
        assert_eq!(names("css/site.css"), ["assets/css/site.css"]);
        assert!(names("partials").len() > 1);
        assert!(
            names("partials")
                .iter()
                .all(|d| d.starts_with("templates/partials/"))
        );
        assert_eq!(
            names("assets").len(),
            3,
            "css/site.css, js/dossier.js, js/search.js"
        );
        assert!(names("base").is_empty(), "no partial names");
    }

    #[test]
    fn eject_copies_refuses_overwrite_and_lists_names() {
        let tmp = tempfile::tempdir().unwrap();
        let made = eject(tmp.path(), &["briefing.html".into()]).unwrap();
        assert_eq!(made, [tmp.path().join("templates/briefing.html")]);
        assert!(matches!(
            eject(tmp.path(), &["briefing.html".into()]),
            Err(ScaffoldError::Exists(_))
        ));
        let err = eject(tmp.path(), &["briefng.html".into()]).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("`briefng.html`"), "{text}");
        assert!(
            text.contains("briefing.html, briefings.html, entry.html"),
            "{text}"
        );
        // Everything else: all but the file already there, refused as a whole.
        assert!(matches!(
            eject(tmp.path(), &[]),
            Err(ScaffoldError::Exists(_))
        ));
        assert!(!tmp.path().join("templates/base.html").exists());
    }
}
