//! `dossier new`, `dossier init` and `dossier eject`: files an analyst
//! starts from.
//!
//! None of them overwrites anything: `new` and `eject` refuse an existing
//! file and `init` a folder that is not empty, so a slip of the keyboard
//! never costs work. `init` writes content and `site.toml` only: the new
//! site uses the built-in theme, so it gets every later fix to it, and
//! `eject` copies out just the templates or assets the author wants to
//! change.

mod eject;
mod starter;

pub use eject::{eject, ejectable};

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::content::{Kind, placeholders, slugify};

/// Why a file or site could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "`{title}` makes an empty slug: a file name needs at least one letter or digit (a-z, 0-9)"
    )]
    EmptySlug { title: String },
    #[error("{} already exists; dossier never overwrites content", .0.display())]
    Exists(PathBuf),
    #[error("{} is not empty; `dossier init` only fills an empty or new folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("no built-in template or asset is called `{name}`; there are: {}", known.join(", "))]
    UnknownTemplate { name: String, known: Vec<String> },
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Today's date in the local time zone, as YYYY-MM-DD.
pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

/// Quotes a string for YAML: double quotes with `\` and `"` escaped.
fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `content/briefings/<slug>.md` with today's date and a skeleton.
pub fn new_briefing(root: &Path, title: &str, date: &str) -> Result<PathBuf, ScaffoldError> {
    let slug = slug_for(title)?;
    let text = format!(
        "---\ntitle: {title}\ndate: {date}\nsummary: \"\"\ndateline: \"\"\nauthors: []\ntags: []\ndraft: true\n# sources: [{{id: publisher-{date}, title: \"\", publisher: \"\", date: {date}, url: \"\"}}]\nsources: []\n# stakeholders: [{{ref: glossary-id, position: \"\", stance: unclear, source: publisher-{date}, locator: \"para. 1\"}}, another-glossary-id]\nstakeholders: []\n# events: [{{date: {date}, title: \"\", source: publisher-{date}, locator: \"para. 1\", involves: [glossary-id]}}]\nevents: []\n# quotes: [{{by: glossary-id, text: \"\", source: publisher-{date}, locator: \"para. 1\"}}]\nquotes: []\n---\n{placeholder} Mention actors by name and they link to their\nglossary pages; cite a source with `[@source-id]`.\n",
        title = yaml_str(title),
        placeholder = placeholders::BRIEFING_BODY,
    );
    write_new(
        &root.join("content/briefings").join(format!("{slug}.md")),
        text.as_bytes(),
    )
}

/// Writes `content/glossary/<slug>.md` of the given kind.
pub fn new_entry(root: &Path, name: &str, kind: Kind) -> Result<PathBuf, ScaffoldError> {
    let slug = slug_for(name)?;
    let text = format!(
        "---\ntitle: {name}\nkind: {kind}\naliases: []\nsummary: {summary}\nrelated: []\n---\nWhat the sources say about {plain}.\n",
        name = yaml_str(name),
        kind = kind.as_str(),
        plain = name.trim(),
        summary = yaml_str(placeholders::ENTRY_SUMMARY),
    );
    write_new(
        &root.join("content/glossary").join(format!("{slug}.md")),
        text.as_bytes(),
    )
}

fn slug_for(title: &str) -> Result<String, ScaffoldError> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug {
            title: title.to_string(),
        });
    }
    Ok(slug)
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<PathBuf, ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.to_path_buf()));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    // create_new: never replace a file that appeared in the meantime.
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists => ScaffoldError::Exists(path.to_path_buf()),
            _ => ScaffoldError::Io {
                path: path.to_path_buf(),
                source: e,
            },
        })?;
    io::Write::write_all(&mut f, bytes).map_err(io_err(path))?;
    Ok(path.to_path_buf())
}

/// Makes a new site in `dir`, which must be empty or not exist yet.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io_err(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    use starter::*;
    let files: [(&str, &str); 6] = [
        ("site.toml", SITE_TOML),
        (".gitignore", "/public\n"),
        ("content/_index.md", INDEX),
        ("content/briefings/how-a-briefing-is-written.md", BRIEFING),
        ("content/glossary/example-coalition.md", ENTRY_GROUP),
        ("content/glossary/jane-doe.md", ENTRY_PERSON),
    ];
    for (rel, text) in files {
        written.push(write_new(&dir.join(rel), text.as_bytes())?);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_strings_are_escaped() {
        assert_eq!(
            yaml_str(r#"A "quoted" \ title"#),
            r#""A \"quoted\" \\ title""#
        );
    }

    #[test]
    fn new_refuses_empty_slug_and_overwrite() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(matches!(
            new_briefing(tmp.path(), "!!!", "2024-01-01"),
            Err(ScaffoldError::EmptySlug { .. })
        ));
        let p = new_briefing(tmp.path(), "Talks resume", "2024-01-01").unwrap();
        assert!(p.ends_with("content/briefings/talks-resume.md"));
        assert!(matches!(
            new_briefing(tmp.path(), "Talks resume", "2024-01-01"),
            Err(ScaffoldError::Exists(_))
        ));
    }
}
