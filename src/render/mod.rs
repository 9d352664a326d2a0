//! The render phase: Markdown bodies and Tera templates to pages in memory.
//!
//! Default templates are compiled into the binary; a file of the same name in
//! the site's `templates/` replaces one, and new files there add partials.
//! Markdown bodies render in parallel first (they are needed by several
//! pages), then every page renders in parallel through its template. The
//! result is a sorted list of `(path, bytes)`, so output is deterministic.

pub mod views;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::{Content, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics, Pos, display_path};
use crate::graph::Graph;
use crate::markdown::{self, MdOptions, Rendered};
use views::{BriefingRef, EntryRef, SiteView, StakeholderIn, StakeholderView, TagRef, Views, toc};

/// The built-in templates, also the ones `dossier init` writes out.
pub static DEFAULT_TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// Pages rendered in memory: site-relative path (`briefings/x/index.html`) to bytes.
pub type Pages = BTreeMap<String, Vec<u8>>;

/// Loads the default templates and the site's overrides, reporting every
/// template that does not parse.
pub fn load_templates(root: &Path, diags: &mut Diagnostics) -> Option<Tera> {
    let mut sources: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    collect_embedded(&DEFAULT_TEMPLATES, &mut sources);
    let dir = root.join("templates");
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let path = entry.path();
            let name = path
                .strip_prefix(&dir)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let shown = display_path(root, path);
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    sources.insert(name, (shown, text));
                }
                Err(e) => diags.push(Diagnostic::error(
                    shown,
                    format!("cannot read template: {e}"),
                )),
            }
        }
    }

    // Check each template on its own first, so every syntax error is reported.
    let mut broken = false;
    for (name, (shown, text)) in &sources {
        let mut probe = Tera::new();
        if let Err(e) = probe.add_raw_template(name, text)
            && let Some(d) = syntax_diagnostic(&e, shown)
        {
            diags.push(d);
            broken = true;
        }
    }
    if broken {
        return None;
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let all: Vec<(&str, &str)> = sources
        .iter()
        .map(|(n, (_, t))| (n.as_str(), t.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        let shown = template_path(&sources, &e);
        diags.push(tera_diagnostic(&e, &shown));
        return None;
    }
    Some(tera)
}

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, (PathBuf, String)>) {
    for file in dir.files() {
        if let Some(text) = file.contents_utf8() {
            let name = file.path().to_string_lossy().replace('\\', "/");
            out.insert(
                name.clone(),
                (
                    PathBuf::from(format!("(built-in) templates/{name}")),
                    text.to_string(),
                ),
            );
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

fn template_path(sources: &BTreeMap<String, (PathBuf, String)>, e: &tera::Error) -> PathBuf {
    let name = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.filename().to_string()
        }
        tera::ErrorKind::MissingParent { current, .. } => current.clone(),
        _ => String::new(),
    };
    sources
        .get(&name)
        .map(|(p, _)| p.clone())
        .unwrap_or_else(|| PathBuf::from("templates"))
}

fn syntax_diagnostic(e: &tera::Error, shown: &Path) -> Option<Diagnostic> {
    match e.kind() {
        tera::ErrorKind::SyntaxError(_) => Some(tera_diagnostic(e, shown)),
        _ => None,
    }
}

/// A Tera error as a diagnostic at its template line and column.
fn tera_diagnostic(e: &tera::Error, shown: &Path) -> Diagnostic {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            Diagnostic::error(shown, format!("template: {}", r.message()))
                .at(Pos::new(span.start_line.max(1), span.start_col + 1))
                .spanning(len)
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            Diagnostic::error(shown, format!("template: {message}"))
        }
    }
}

/// One page to render: where it goes, which template, what it sees.
struct Job {
    path: String,
    template: &'static str,
    url: String,
    page: serde_json::Value,
}

/// Renders every page of the site.
pub fn render_site(
    content: &Content,
    graph: &Graph,
    config: &Config,
    tera: &Tera,
    diags: &mut Diagnostics,
) -> Pages {
    let opts = MdOptions {
        smart_punctuation: config.smart_punctuation,
        raw_html: config.raw_html,
    };
    let briefing_html: Vec<Rendered> = content
        .briefings
        .par_iter()
        .map(|b| markdown::render(b.doc.body(), &opts))
        .collect();
    let entry_html: Vec<Rendered> = content
        .entries
        .par_iter()
        .map(|e| markdown::render(e.doc.body(), &opts))
        .collect();
    let index_html = content
        .index
        .as_ref()
        .map(|i| markdown::render(i.doc.body(), &opts));

    let v = Views {
        config,
        briefings: &content.briefings,
        entries: &content.entries,
        graph,
    };
    let site = SiteView::new(config, content.briefings.len(), content.entries.len());
    let mut jobs = Vec::new();
    let page = |v: serde_json::Result<serde_json::Value>| v.unwrap_or(serde_json::Value::Null);

    // Home.
    let latest: Vec<BriefingRef> = graph
        .chronological
        .iter()
        .take(20)
        .map(|&i| v.briefing_ref(i))
        .collect();
    jobs.push(Job {
        path: "index.html".into(),
        template: "index.html",
        url: config.path_to(""),
        page: page(serde_json::to_value(HomePage {
            title: content
                .index
                .as_ref()
                .and_then(|i| i.front.title.clone())
                .unwrap_or_else(|| config.title.clone()),
            content: index_html.map(|r| r.html).unwrap_or_default(),
            latest,
            glossary_url: config.path_to("glossary/"),
            tags_url: config.path_to("tags/"),
        })),
    });

    // Briefings.
    for (i, b) in content.briefings.iter().enumerate() {
        let links = &graph.briefings[i];
        let r = &briefing_html[i];
        let p = BriefingPage {
            briefing: v.briefing_ref(i),
            updated: b.front.updated.as_ref().map(|d| d.value.into()),
            dateline: b.front.dateline.clone(),
            authors: b.front.authors.clone(),
            content: r.html.clone(),
            toc: toc(&r.headings),
            stakeholders: links
                .stakeholders
                .iter()
                .map(|s| StakeholderView {
                    entry: v.entry_ref(s.entry),
                    position: s.position.clone(),
                })
                .collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events: v.events_sorted(&links.events),
            sources: links.sources.iter().map(|&s| v.source(s)).collect(),
        };
        jobs.push(Job {
            path: format!("briefings/{}/index.html", b.doc.slug),
            template: "briefing.html",
            url: p.briefing.url.clone(),
            page: page(serde_json::to_value(p)),
        });
    }

    // Glossary entries.
    for (i, e) in content.entries.iter().enumerate() {
        let links = &graph.entries[i];
        let p = EntryPage {
            entry: v.entry_ref(i),
            aliases: e.front.aliases.iter().map(|a| a.value.clone()).collect(),
            content: entry_html[i].html.clone(),
            related: links.related.iter().map(|&r| v.entry_ref(r)).collect(),
            stakeholder_in: links
                .stakeholder_in
                .iter()
                .map(|(b, pos)| StakeholderIn {
                    briefing: v.briefing_ref(*b),
                    position: pos.clone(),
                })
                .collect(),
            quotes: links.quotes.iter().map(|&q| v.quote(q)).collect(),
            events: v.events_sorted(&links.events),
            sources: links.sources.iter().map(|&s| v.source(s)).collect(),
        };
        jobs.push(Job {
            path: format!("glossary/{}/index.html", e.doc.slug),
            template: "entry.html",
            url: p.entry.url.clone(),
            page: page(serde_json::to_value(p)),
        });
    }

    // Glossary index, grouped by kind, A-Z.
    let mut groups: Vec<KindGroup> = Vec::new();
    for kind in Kind::ALL {
        let mut entries: Vec<EntryRef> = (0..content.entries.len())
            .filter(|&i| content.entries[i].front.kind == kind)
            .map(|i| v.entry_ref(i))
            .collect();
        entries.sort_by(|a, b| {
            sort_key(&a.title)
                .cmp(&sort_key(&b.title))
                .then_with(|| a.id.cmp(&b.id))
        });
        if !entries.is_empty() {
            groups.push(KindGroup {
                kind: kind.as_str(),
                label: kind.plural_label(),
                entries,
            });
        }
    }
    jobs.push(Job {
        path: "glossary/index.html".into(),
        template: "glossary.html",
        url: config.path_to("glossary/"),
        page: page(serde_json::to_value(GlossaryPage { groups })),
    });

    // Tags.
    let tags: Vec<TagCount> = graph
        .tags
        .iter()
        .map(|(name, list)| TagCount {
            tag: v.tag_ref(name),
            count: list.len(),
        })
        .collect();
    jobs.push(Job {
        path: "tags/index.html".into(),
        template: "tags.html",
        url: config.path_to("tags/"),
        page: page(serde_json::to_value(TagsPage { tags })),
    });
    for (name, list) in &graph.tags {
        let p = TagPage {
            tag: v.tag_ref(name),
            briefings: list.iter().map(|&b| v.briefing_ref(b)).collect(),
        };
        jobs.push(Job {
            path: format!("tags/{name}/index.html"),
            template: "tag.html",
            url: p.tag.url.clone(),
            page: page(serde_json::to_value(p)),
        });
    }

    jobs.push(Job {
        path: "404.html".into(),
        template: "404.html",
        url: config.path_to("404.html"),
        page: serde_json::json!({ "title": "Page not found" }),
    });

    let results: Vec<(String, Result<String, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|job| {
            let mut ctx = Context::new();
            ctx.insert("site", &site);
            ctx.insert("page", &job.page);
            ctx.insert("page_url", &job.url);
            ctx.insert(
                "canonical_url",
                &config.url_to(job.url.strip_prefix(&config.base_path).unwrap_or("")),
            );
            let out = tera.render(job.template, &ctx).map_err(|e| {
                tera_diagnostic(&e, &PathBuf::from(format!("templates/{}", job.template)))
            });
            (job.path, out)
        })
        .collect();
    let mut pages = Pages::new();
    for (path, r) in results {
        match r {
            Ok(html) => {
                pages.insert(path, html.into_bytes());
            }
            Err(d) => diags.push(d),
        }
    }
    pages
}

/// Sorts "al-Qaida" under Q and "The Washington Post" under W.
fn sort_key(title: &str) -> String {
    let lower = title.to_lowercase();
    let trimmed = ["the ", "al-", "al "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower);
    trimmed.to_string()
}

#[derive(Serialize)]
struct HomePage {
    title: String,
    content: String,
    latest: Vec<BriefingRef>,
    glossary_url: String,
    tags_url: String,
}

#[derive(Serialize)]
struct BriefingPage {
    briefing: BriefingRef,
    updated: Option<views::DateView>,
    dateline: Option<String>,
    authors: Vec<String>,
    content: String,
    toc: Vec<markdown::Heading>,
    stakeholders: Vec<StakeholderView>,
    quotes: Vec<views::QuoteView>,
    events: Vec<views::EventView>,
    sources: Vec<views::SourceView>,
}

#[derive(Serialize)]
struct EntryPage {
    entry: EntryRef,
    aliases: Vec<String>,
    content: String,
    related: Vec<EntryRef>,
    stakeholder_in: Vec<StakeholderIn>,
    quotes: Vec<views::QuoteView>,
    events: Vec<views::EventView>,
    sources: Vec<views::SourceView>,
}

#[derive(Serialize)]
struct KindGroup {
    kind: &'static str,
    label: &'static str,
    entries: Vec<EntryRef>,
}

#[derive(Serialize)]
struct GlossaryPage {
    groups: Vec<KindGroup>,
}

#[derive(Serialize)]
struct TagCount {
    tag: TagRef,
    count: usize,
}

#[derive(Serialize)]
struct TagsPage {
    tags: Vec<TagCount>,
}

#[derive(Serialize)]
struct TagPage {
    tag: TagRef,
    briefings: Vec<BriefingRef>,
}
