//! `dossier new` and `dossier init`: files an analyst starts from.
//!
//! Both refuse to overwrite anything: `new` refuses an existing file and
//! `init` a folder that is not empty, so a slip of the keyboard never costs
//! work.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use include_dir::Dir;

use crate::content::{Kind, slugify};
use crate::output::DEFAULT_ASSETS;
use crate::render::DEFAULT_TEMPLATES;

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
        "---\ntitle: {title}\ndate: {date}\nsummary: \"\"\ndateline: \"\"\nauthors: []\ntags: []\ndraft: true\n# sources: [{{id: publisher-{date}, title: \"\", publisher: \"\", date: {date}, url: \"\"}}]\nsources: []\n# stakeholders: [{{ref: glossary-id, position: \"\"}}, another-glossary-id]\nstakeholders: []\n# events: [{{date: {date}, title: \"\", source: publisher-{date}, involves: [glossary-id]}}]\nevents: []\n# quotes: [{{by: glossary-id, text: \"\", source: publisher-{date}}}]\nquotes: []\n---\nWrite the briefing here. Mention actors by name and they link to their\nglossary pages; cite a source with `[@source-id]`.\n",
        title = yaml_str(title)
    );
    write_new(
        &root.join("content/briefings").join(format!("{slug}.md")),
        &text,
    )
}

/// Writes `content/glossary/<slug>.md` of the given kind.
pub fn new_entry(root: &Path, name: &str, kind: Kind) -> Result<PathBuf, ScaffoldError> {
    let slug = slug_for(name)?;
    let text = format!(
        "---\ntitle: {name}\nkind: {kind}\naliases: []\nsummary: \"One line on who or what this is.\"\nrelated: []\n---\nWhat the sources say about {plain}.\n",
        name = yaml_str(name),
        kind = kind.as_str(),
        plain = name.trim(),
    );
    write_new(
        &root.join("content/glossary").join(format!("{slug}.md")),
        &text,
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

fn write_new(path: &Path, text: &str) -> Result<PathBuf, ScaffoldError> {
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
    io::Write::write_all(&mut f, text.as_bytes()).map_err(io_err(path))?;
    Ok(path.to_path_buf())
}

const SITE_TOML: &str = r#"title = "Briefings"
base_url = "https://example.org/"
description = "Annotated briefings"
language = "en"

[build]
output_dir = "public"
drafts = false

[autolink]
mode = "first"
case_sensitive = true

[markdown]
smart_punctuation = true
raw_html = "allow"
"#;

const INDEX: &str = "---\ntitle: Briefings\n---\nAnnotated briefings: every actor explained, every claim traced to its source.\n";

const BRIEFING: &str = r#"---
title: "How a briefing is written"
date: 2024-01-15
summary: "A short example of a dossier briefing: front matter, mentions, citations and notes."
dateline: Example City
authors: ["Analysis desk"]
tags: [example]
sources:
  - id: example-report
    title: "An example report"
    publisher: Example Wire
    date: 2024-01-15
stakeholders:
  - ref: example-coalition
    position: "Proposes the plan"
  - jane-doe
events:
  - date: 2023-09
    title: "The Example Coalition is formed"
    source: example-report
    involves: [example-coalition]
quotes:
  - by: jane-doe
    text: "We expect results within the year."
    source: example-report
---
The Example Coalition has put forward a plan [@example-report]. Its
spokeswoman, Jane Doe, expects results within the year.[^1]

> [!NOTE]
> Callouts like this one carry editorial notes.

## What to watch

Whether [[example-coalition|the coalition]] holds together.

[^1]: Footnotes appear in the margin on wide screens.
"#;

const ENTRY_GROUP: &str = r#"---
title: Example Coalition
kind: group
aliases: ["the Coalition"]
summary: "An example group, to show how glossary entries work."
related: [jane-doe]
---
Every mention of the Example Coalition in a briefing links here.
"#;

const ENTRY_PERSON: &str = r#"---
title: Jane Doe
kind: person
aliases: ["Doe"]
summary: "Spokeswoman of the Example Coalition."
related: [example-coalition]
---
Jane Doe speaks for the coalition [@example-report].
"#;

/// Makes a new site in `dir`, which must be empty or not exist yet.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(io_err(dir))?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    let files: [(&str, &str); 6] = [
        ("site.toml", SITE_TOML),
        (".gitignore", "/public\n"),
        ("content/_index.md", INDEX),
        ("content/briefings/how-a-briefing-is-written.md", BRIEFING),
        ("content/glossary/example-coalition.md", ENTRY_GROUP),
        ("content/glossary/jane-doe.md", ENTRY_PERSON),
    ];
    for (rel, text) in files {
        written.push(write_new(&dir.join(rel), text)?);
    }
    write_dir(&DEFAULT_TEMPLATES, &dir.join("templates"), &mut written)?;
    write_dir(&DEFAULT_ASSETS, &dir.join("assets"), &mut written)?;
    Ok(written)
}

fn write_dir(
    embedded: &Dir<'static>,
    to: &Path,
    written: &mut Vec<PathBuf>,
) -> Result<(), ScaffoldError> {
    for file in embedded.files() {
        let path = to.join(file.path());
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, file.contents()).map_err(io_err(&path))?;
        written.push(path);
    }
    for sub in embedded.dirs() {
        write_dir(sub, to, written)?;
    }
    Ok(())
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
