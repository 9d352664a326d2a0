//! Diagnostics: every problem dossier finds in a site, with its place.
//!
//! A build never stops at the first problem. Each phase pushes
//! [`Diagnostic`]s into a [`Diagnostics`] collector and carries on where it
//! can; the build fails at the end if any error was collected. Every
//! diagnostic names a file and, where it has one, a 1-based line and column
//! in the original file (front matter offsets already applied), so an analyst
//! can jump straight to the mistake. Rendering to a terminal uses
//! `annotate-snippets`, which shows the offending line with the span marked.

use std::fmt;
use std::path::{Path, PathBuf};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is: errors fail the build, warnings do not, and a
/// note only informs (a briefing's citation coverage, a skipped hidden file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text`, whose first line is `first_line`.
    pub fn at_offset(text: &str, offset: usize, first_line: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = first_line + before.matches('\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Pos { line, col }
    }
}

/// The line starts of one text, for the positions of many offsets in it:
/// each is a binary search instead of a count from the start.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// The same as [`Pos::at_offset`] with a first line of 1.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let col = self.text[start..offset].chars().count() + 1;
        Pos { line, col }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem found in a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, as given to dossier (relative to the site root where possible).
    pub path: PathBuf,
    /// Where in the file; `None` for a problem of the whole file.
    pub pos: Option<Pos>,
    /// How many characters the offending text spans on its line (at least 1).
    pub len: usize,
    pub message: String,
    /// A suggestion: a did-you-mean, or how to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos: None,
            len: 1,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn note(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, message)
        }
    }

    pub fn at(mut self, pos: Pos) -> Self {
        self.pos = Some(pos);
        self
    }

    /// Marks `len` characters from the position as the offending text.
    pub fn spanning(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_note(&self) -> bool {
        self.severity == Severity::Note
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// Renders the diagnostic with the offending source line, if `source` is given.
    pub fn render(&self, source: Option<&str>, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = self.path.display().to_string();
        let line_text = match (source, self.pos) {
            (Some(src), Some(pos)) => src.lines().nth(pos.line.saturating_sub(1)),
            _ => None,
        };
        let mut groups = Vec::new();
        let title = level.primary_title(&self.message);
        match (line_text, self.pos) {
            (Some(line), Some(pos)) => {
                let start = char_to_byte(line, pos.col.saturating_sub(1));
                let end = char_to_byte(line, pos.col.saturating_sub(1) + self.len).max(start);
                // An empty span would render nothing; widen it to the line end.
                let end = if end == start { line.len() } else { end };
                groups.push(
                    title.element(
                        Snippet::source(line)
                            .line_start(pos.line)
                            .path(path.as_str())
                            .annotation(AnnotationKind::Primary.span(start..end)),
                    ),
                );
            }
            _ => groups.push(title.element(annotate_snippets::Origin::path(self.location()))),
        }
        if let Some(help) = &self.help {
            groups.push(Group::with_title(Level::HELP.secondary_title(help)));
        }
        renderer.render(&groups)
    }

    /// `path:line:col`, or just the path for a whole-file problem.
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.path.display(), p.line, p.col),
            None => self.path.display().to_string(),
        }
    }
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{}: {kind}: {}", self.location(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Collects the diagnostics of one build.
///
/// A collector made with [`Diagnostics::capped`] keeps every error but only
/// the first warnings and notes (in the order [`Diagnostics::into_sorted`]
/// gives), counting the rest: a large site can have a hundred thousand
/// claims without a source, and a build prints only the first ones anyway.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    capped: Option<Capped>,
}

/// The warnings and notes a capped collector keeps, greatest on top so
/// that a smaller one can take its place.
#[derive(Debug)]
struct Capped {
    limit: usize,
    kept: std::collections::BinaryHeap<Ranked>,
    left_out: usize,
    /// Of those left out, how many are warnings (the others are notes).
    left_out_warnings: usize,
}

/// A diagnostic ordered as [`Diagnostics::into_sorted`] orders them.
#[derive(Debug)]
struct Ranked(Diagnostic);

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked {}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        order(&self.0, &other.0)
    }
}

/// By file, then place, then severity, then message.
fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A collector that keeps every error and the first `limit` warnings
    /// and notes; [`Diagnostics::left_out`] counts the others.
    pub fn capped(limit: usize) -> Self {
        Diagnostics {
            items: Vec::new(),
            capped: Some(Capped {
                limit,
                kept: std::collections::BinaryHeap::new(),
                left_out: 0,
                left_out_warnings: 0,
            }),
        }
    }

    /// An empty collector with the same cap, for one thread of a phase
    /// that runs in parallel; see [`Diagnostics::merge`].
    pub fn empty_like(&self) -> Self {
        match &self.capped {
            Some(c) => Diagnostics::capped(c.limit),
            None => Diagnostics::new(),
        }
    }

    /// Adds what `other` (made by [`Diagnostics::empty_like`]) collected,
    /// and what it left out.
    pub fn merge(&mut self, mut other: Diagnostics) {
        if let Some(c) = other.capped.take() {
            other.items.extend(c.kept.into_iter().map(|r| r.0));
            if let Some(mine) = &mut self.capped {
                mine.left_out += c.left_out;
                mine.left_out_warnings += c.left_out_warnings;
            }
        }
        self.extend(other.items);
    }

    pub fn push(&mut self, d: Diagnostic) {
        match &mut self.capped {
            Some(c) if !d.is_error() => {
                if c.kept.len() < c.limit {
                    c.kept.push(Ranked(d));
                    return;
                }
                // The greatest of the kept ones and `d` is left out.
                let out = match c.kept.peek_mut() {
                    Some(mut last) if order(&d, &last.0).is_lt() => {
                        std::mem::replace(&mut *last, Ranked(d)).0
                    }
                    _ => d,
                };
                c.left_out += 1;
                c.left_out_warnings += usize::from(out.is_warning());
            }
            _ => self.items.push(d),
        }
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    fn all(&self) -> impl Iterator<Item = &Diagnostic> {
        let kept = self.capped.iter().flat_map(|c| c.kept.iter().map(|r| &r.0));
        self.items.iter().chain(kept)
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Warnings collected, kept or left out by a cap.
    pub fn warning_count(&self) -> usize {
        let left_out = self.capped.as_ref().map_or(0, |c| c.left_out_warnings);
        self.all().filter(|d| d.is_warning()).count() + left_out
    }

    pub fn is_empty(&self) -> bool {
        self.all().next().is_none() && self.left_out() == 0
    }

    /// How many warnings and notes a capped collector did not keep.
    pub fn left_out(&self) -> usize {
        self.capped.as_ref().map_or(0, |c| c.left_out)
    }

    /// The diagnostics in a stable order: by file, then place, then message.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        if let Some(c) = self.capped.take() {
            self.items.extend(c.kept.into_iter().map(|r| r.0));
        }
        self.items.sort_by(order);
        self.items.dedup();
        self.items
    }

    /// The build failed: every error, and the warnings and notes kept.
    pub fn into_failed(self) -> BuildFailed {
        let left_out = self.left_out();
        BuildFailed(self.into_sorted(), left_out)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.all()
    }
}

/// The build failed: every diagnostic it collected (errors and warnings),
/// and how many warnings and notes a capped collector left out.
#[derive(Debug)]
pub struct BuildFailed(pub Vec<Diagnostic>, pub usize);

impl fmt::Display for BuildFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildFailed {}

/// Up to three known names closest to `wanted`, best first, for a did-you-mean.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wanted_lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// "did you mean `a`, `b`?" for the nearest names, if any are close.
pub fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let near = nearest(wanted, known);
    if near.is_empty() {
        return None;
    }
    let list: Vec<String> = near.iter().map(|n| format!("`{n}`")).collect();
    Some(format!("did you mean {}?", list.join(" or ")))
}

/// The path to show for a file: relative to the site root when inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_of_offset_counts_lines_and_chars() {
        let text = "ab\nçd\nef";
        assert_eq!(Pos::at_offset(text, 0, 1), Pos::new(1, 1));
        assert_eq!(Pos::at_offset(text, 5, 1), Pos::new(2, 2));
        assert_eq!(Pos::at_offset(text, 7, 10), Pos::new(12, 1));
        let lines = Lines::new(text);
        for offset in 0..=text.len() + 2 {
            assert_eq!(
                lines.pos(offset),
                Pos::at_offset(text, offset, 1),
                "{offset}"
            );
        }
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        let known = ["nusra-front", "nur-al-din-zenki", "russia"];
        assert_eq!(nearest("nusra-frnt", known), vec!["nusra-front"]);
        assert!(nearest("zzzzzz", known).is_empty());
    }

    #[test]
    fn render_shows_location_line_and_help() {
        let d = Diagnostic::error("content/a.md", "unknown id `nusra`")
            .at(Pos::new(2, 5))
            .spanning(5)
            .help("did you mean `nusra-front`?");
        let out = d.render(Some("---\n- x nusra\n"), false);
        assert!(out.contains("content/a.md:2:5"), "{out}");
        assert!(out.contains("- x nusra"), "{out}");
        assert!(out.contains("^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `nusra-front`?"), "{out}");
    }

    #[test]
    fn a_capped_collector_keeps_every_error_and_the_first_warnings() {
        let mut ds = Diagnostics::capped(2);
        for (file, line) in [
            ("c.md", 1),
            ("a.md", 9),
            ("b.md", 1),
            ("a.md", 2),
            ("d.md", 1),
        ] {
            ds.push(Diagnostic::warning(file, "w").at(Pos::new(line, 1)));
        }
        ds.push(Diagnostic::error("z.md", "e1"));
        ds.push(Diagnostic::error("y.md", "e2"));
        ds.push(Diagnostic::note("a.md", "n"));
        assert!(ds.has_errors());
        assert_eq!(ds.left_out(), 4, "3 warnings and the note past the cap");
        assert_eq!(ds.warning_count(), 5);
        let failed = ds.into_failed();
        assert_eq!(failed.1, 4);
        let kept: Vec<String> = failed.0.iter().map(|d| d.location()).collect();
        // The note has no position, so it sorts first in a.md.
        assert_eq!(kept, ["a.md", "a.md:2:1", "y.md", "z.md"]);

        // A note left out is counted, but not as a warning.
        let mut notes = Diagnostics::capped(1);
        notes.push(Diagnostic::warning("a.md", "w"));
        notes.push(Diagnostic::note("b.md", "n"));
        assert_eq!((notes.left_out(), notes.warning_count()), (1, 1));

        // Merged from threads, the same cap and count hold.
        let mut whole = Diagnostics::capped(2);
        let mut part = whole.empty_like();
        for line in 1..=4 {
            part.push(Diagnostic::warning("a.md", "w").at(Pos::new(line, 1)));
        }
        whole.push(Diagnostic::warning("a.md", "w").at(Pos::new(9, 1)));
        whole.merge(part);
        assert_eq!(whole.left_out(), 3);
        let kept: Vec<String> = whole.into_sorted().iter().map(|d| d.location()).collect();
        assert_eq!(kept, ["a.md:1:1", "a.md:2:1"]);
    }

    #[test]
    fn sorted_orders_by_file_then_place() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.md", "x").at(Pos::new(1, 1)));
        ds.push(Diagnostic::error("a.md", "y").at(Pos::new(3, 1)));
        ds.push(Diagnostic::error("a.md", "z").at(Pos::new(2, 1)));
        let sorted = ds.into_sorted();
        let msgs: Vec<&str> = sorted.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["z", "y", "x"]);
    }
}

/// How many warnings and notes `build` prints in full before it sums up the
/// rest: a large site can have thousands (claims without a source), which
/// would bury the summary line and take seconds to print. `check` prints
/// them all.
pub const SHOWN_WARNINGS: usize = 20;

/// Every error, and the first [`SHOWN_WARNINGS`] warnings and notes, in
/// their order; plus how many warnings and notes were left out.
pub fn capped(diags: &[Diagnostic]) -> (Vec<&Diagnostic>, usize) {
    let mut others = 0;
    let shown: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| {
            if d.is_error() {
                return true;
            }
            others += 1;
            others <= SHOWN_WARNINGS
        })
        .collect();
    (shown, others.saturating_sub(SHOWN_WARNINGS))
}

/// Writes `diags` to stderr, each with the line it points at. Each file is
/// read once, and only a regular file inside the site: never what a link
/// outside it points at, and never a pipe (which would block).
pub fn eprint(root: &Path, diags: &[&Diagnostic], color: bool) {
    use rayon::prelude::*;
    use std::collections::HashMap;
    use std::io::Write;

    let mut paths: Vec<&Path> = diags.iter().map(|d| d.path.as_path()).collect();
    paths.sort();
    paths.dedup();
    // The site's own path resolved once, not once per file shown.
    let canon_root = crate::content::files::canonical_root(root);
    let sources: HashMap<&Path, Option<String>> = paths
        .into_par_iter()
        .map(|p| {
            (
                p,
                crate::content::files::read_text(&canon_root, &root.join(p)),
            )
        })
        .collect();
    let rendered: Vec<String> = diags
        .par_iter()
        .map(|d| {
            let source = sources.get(d.path.as_path()).and_then(Option::as_deref);
            d.render(source, color)
        })
        .collect();
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for text in rendered {
        // A closed stderr is no reason to fail.
        let _ = writeln!(err, "{text}");
    }
    let _ = err.flush();
}

#[cfg(test)]
mod capped_tests {
    use super::*;

    #[test]
    fn capped_keeps_every_error_and_the_first_warnings() {
        let mut diags = Vec::new();
        for i in 0..SHOWN_WARNINGS + 5 {
            diags.push(Diagnostic::warning("a.md", format!("w{i}")));
        }
        diags.push(Diagnostic::error("b.md", "late error"));
        diags.push(Diagnostic::note("c.md", "a note"));
        let (shown, rest) = capped(&diags);
        assert_eq!(rest, 6, "5 warnings and 1 note left out");
        assert_eq!(shown.len(), SHOWN_WARNINGS + 1);
        assert!(shown.iter().any(|d| d.message == "late error"));
        assert_eq!(shown[0].message, "w0");
        let few = vec![Diagnostic::warning("a.md", "only")];
        assert_eq!(capped(&few).1, 0);
    }
}
