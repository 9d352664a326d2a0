//! `site.toml`: read into a raw, serde-shaped form, then resolved into the
//! [`Config`] the rest of dossier uses.
//!
//! Keeping the two apart means validation (an absolute base URL, a known
//! autolink mode) happens once, here, with the file's line and column, and
//! the build never sees a half-checked value.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::content::files;
use crate::diagnostics::{Diagnostic, Pos};
use crate::serde_errors;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: toml::Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    build: RawBuild,
    #[serde(default)]
    autolink: RawAutolink,
    #[serde(default)]
    markdown: RawMarkdown,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    lists: RawLists,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawSearch {
    enabled: bool,
}

impl Default for RawSearch {
    fn default() -> Self {
        RawSearch { enabled: true }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawCheck {
    citations: CheckLevel,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawLists {
    page_size: toml::Spanned<i64>,
}

impl Default for RawLists {
    fn default() -> Self {
        RawLists {
            page_size: toml::Spanned::new(0..0, DEFAULT_PAGE_SIZE as i64),
        }
    }
}

/// Items per list page when `[lists] page_size` is not set.
pub const DEFAULT_PAGE_SIZE: usize = 100;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    output_dir: Option<String>,
    #[serde(default)]
    drafts: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawAutolink {
    mode: AutolinkMode,
    case_sensitive: bool,
}

impl Default for RawAutolink {
    fn default() -> Self {
        RawAutolink {
            mode: AutolinkMode::First,
            case_sensitive: true,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawMarkdown {
    smart_punctuation: bool,
    raw_html: RawHtml,
}

impl Default for RawMarkdown {
    fn default() -> Self {
        RawMarkdown {
            smart_punctuation: true,
            raw_html: RawHtml::Allow,
        }
    }
}

/// Which mentions of a glossary term become links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutolinkMode {
    /// The first mention in each page.
    First,
    /// Every mention.
    All,
    /// None: only wikilinks link.
    Off,
}

/// How a check reports what it finds: not at all, as warnings, or as errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    Off,
    #[default]
    Warn,
    Error,
}

/// What happens to raw HTML written in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    Allow,
    Escape,
}

/// The resolved site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute, ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, starting and ending with `/` ("/syria/").
    /// Every internal link starts with it.
    pub base_path: String,
    pub description: String,
    pub language: String,
    pub output_dir: PathBuf,
    pub drafts: bool,
    pub autolink: AutolinkMode,
    pub case_sensitive: bool,
    pub smart_punctuation: bool,
    pub raw_html: RawHtml,
    /// Whether `build` writes the search index (`[search] enabled`, and not
    /// `--no-search`).
    pub search: bool,
    /// How claims without a source are reported (`[check] citations`).
    pub citations: CheckLevel,
    /// Items per list page before it paginates (`[lists] page_size`, >= 1).
    pub page_size: usize,
}

/// Overrides given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    /// `Some` decides whether drafts are built whatever `site.toml` says
    /// (`serve --drafts false` hides them even when `drafts = true`);
    /// `None` leaves it to `site.toml`.
    pub drafts: Option<bool>,
    /// `--no-search`: leave the search index out whatever `site.toml` says.
    pub no_search: bool,
}

impl Config {
    /// Reads and resolves `site.toml` in `root`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join("site.toml");
        let shown = PathBuf::from("site.toml");
        let bytes = match files::read(&files::canonical_root(root), &path) {
            Ok(b) => b,
            Err(files::Refusal::Io(e)) => {
                return Err(vec![
                    Diagnostic::error(&shown, format!("cannot read site configuration: {e}"))
                        .help("run dossier in a site folder, pass --root DIR, or create one with `dossier init DIR`"),
                ]);
            }
            Err(refusal) => return Err(vec![refusal.diagnostic(root, &path)]),
        };
        let text = decode(&bytes, &shown).map_err(|d| vec![d])?;
        Config::parse(&text, &shown, root, overrides)
    }

    /// The configuration a site is checked with when its `site.toml` has
    /// errors: the defaults, so that content and template problems are
    /// still reported in the same run.
    pub fn fallback(root: &Path, overrides: &Overrides) -> Config {
        let text = "title = \"\"\nbase_url = \"http://localhost/\"\n";
        let overrides = Overrides {
            base_url: None,
            ..overrides.clone()
        };
        Config::parse(text, Path::new("site.toml"), root, &overrides)
            .expect("the built-in fallback configuration is valid")
    }

    /// Resolves the text of a `site.toml`; `shown` names it in diagnostics.
    pub fn parse(
        text: &str,
        shown: &Path,
        root: &Path,
        overrides: &Overrides,
    ) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let pos = e.span().map(|s| Pos::at_offset(text, s.start, 1));
            let message = e.message().trim().to_string();
            let mut d = Diagnostic::error(shown, serde_errors::headline(&message))
                .maybe_help(serde_errors::suggestion(&message));
            if let Some(span) = e.span() {
                d = d.spanning(text[span.clone()].chars().count());
            }
            // A missing key has no place of its own: point at the file's start.
            vec![d.at(pos.unwrap_or(Pos::new(1, 1)))]
        })?;

        let (base_url_text, base_pos, base_len) = match &overrides.base_url {
            Some(url) => (url.clone(), None, 1),
            None => {
                let span = raw.base_url.span();
                (
                    raw.base_url.get_ref().clone(),
                    Some(Pos::at_offset(text, span.start, 1)),
                    span.len(),
                )
            }
        };
        let (base_url, base_path) = resolve_base_url(&base_url_text).map_err(|msg| {
            let d = Diagnostic::error(shown, msg).spanning(base_len).help(
                "use an absolute http(s) URL, e.g. base_url = \"https://example.org/briefings/\"",
            );
            vec![match base_pos {
                Some(p) => d.at(p),
                None => d,
            }]
        })?;

        let page_size = match usize::try_from(*raw.lists.page_size.get_ref()) {
            Ok(n) if n >= 1 => n,
            _ => {
                let span = raw.lists.page_size.span();
                return Err(vec![
                    Diagnostic::error(shown, "`page_size` must be a whole number of 1 or more")
                        .at(Pos::at_offset(text, span.start, 1))
                        .spanning(span.len().max(1))
                        .help(format!("the default is {DEFAULT_PAGE_SIZE}")),
                ]);
            }
        };
        let output_dir = overrides
            .output_dir
            .clone()
            .unwrap_or_else(|| root.join(raw.build.output_dir.as_deref().unwrap_or("public")));
        Ok(Config {
            title: raw.title,
            base_url,
            base_path,
            description: raw.description.unwrap_or_default(),
            language: raw.language.unwrap_or_else(|| "en".to_string()),
            output_dir,
            drafts: overrides.drafts.unwrap_or(raw.build.drafts),
            autolink: raw.autolink.mode,
            case_sensitive: raw.autolink.case_sensitive,
            smart_punctuation: raw.markdown.smart_punctuation,
            raw_html: raw.markdown.raw_html,
            search: raw.search.enabled && !overrides.no_search,
            citations: raw.check.citations,
            page_size,
        })
    }

    /// The site-absolute path of a page (`briefings/x/` -> `/syria/briefings/x/`).
    pub fn path_to(&self, rel: &str) -> String {
        [self.base_path.as_str(), rel].concat()
    }

    /// The absolute URL of a page, for feeds, sitemaps and canonical links.
    pub fn url_to(&self, rel: &str) -> String {
        [self.base_url.as_str(), rel].concat()
    }
}

/// `site.toml` as text; bytes that are not UTF-8 are an error at the line
/// and column of the first of them.
pub fn decode(bytes: &[u8], shown: &Path) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.strip_prefix('\u{feff}').unwrap_or(t).to_string()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let pos = Pos::at_offset(&text, text.len(), 1);
            Err(Diagnostic::error(shown, "site.toml is not valid UTF-8")
                .at(pos)
                .help("save the file as UTF-8"))
        }
    }
}

/// Checks that `url` is an absolute http(s) URL and splits off its path.
/// Returns `(base_url ending in '/', path starting and ending in '/')`.
pub fn resolve_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` is not an absolute http(s) URL"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(['?', '#', ' ', '@']) {
        return Err(format!("base_url `{url}` has no valid host"));
    }
    if path.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "base_url `{url}` may not carry a query, a fragment or spaces"
        ));
    }
    let mut path = path.to_string();
    if !path.ends_with('/') {
        path.push('/');
    }
    let scheme_len = url.len() - rest.len();
    Ok((format!("{}{host}{path}", &url[..scheme_len]), path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        Config::parse(
            text,
            Path::new("site.toml"),
            Path::new("/site"),
            &Overrides::default(),
        )
    }

    #[test]
    fn base_url_keeps_its_sub_path() {
        let (url, path) = resolve_base_url("https://example.org/syria").unwrap();
        assert_eq!(url, "https://example.org/syria/");
        assert_eq!(path, "/syria/");
        let (url, path) = resolve_base_url("http://127.0.0.1:1111").unwrap();
        assert_eq!(url, "http://127.0.0.1:1111/");
        assert_eq!(path, "/");
    }

    #[test]
    fn base_url_must_be_absolute_http() {
        assert!(resolve_base_url("/syria/").is_err());
        assert!(resolve_base_url("ftp://example.org/").is_err());
        assert!(resolve_base_url("https:///x").is_err());
        let err = parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert_eq!(err[0].pos, Some(Pos::new(2, 12)));
        assert!(err[0].message.contains("not an absolute"));
    }

    #[test]
    fn unknown_key_suggests_the_known_one() {
        let err = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[build]\ndraft = true\n")
            .unwrap_err();
        assert_eq!(err[0].pos, Some(Pos::new(4, 1)));
        assert!(
            err[0].message.contains("unknown field `draft`"),
            "{:?}",
            err[0]
        );
        assert_eq!(err[0].help.as_deref(), Some("did you mean `drafts`?"));
    }

    #[test]
    fn defaults_apply() {
        let c = parse("title = \"T\"\nbase_url = \"https://x.org/a/\"\n").unwrap();
        assert_eq!(c.autolink, AutolinkMode::First);
        assert!(c.case_sensitive && c.smart_punctuation && !c.drafts);
        assert_eq!(c.output_dir, PathBuf::from("/site/public"));
        assert_eq!(c.path_to("glossary/"), "/a/glossary/");
    }

    #[test]
    fn new_sections_resolve() {
        let c = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[search]\nenabled = false\n[check]\ncitations = \"error\"\n[lists]\npage_size = 5\n").unwrap();
        assert!(!c.search);
        assert_eq!(c.citations, CheckLevel::Error);
        assert_eq!(c.page_size, 5);
        let d = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n").unwrap();
        assert!(d.search);
        assert_eq!(d.citations, CheckLevel::Warn);
        assert_eq!(d.page_size, DEFAULT_PAGE_SIZE);
        let no_search = Config::parse(
            "title = \"T\"\nbase_url = \"https://x.org/\"\n",
            Path::new("site.toml"),
            Path::new("/site"),
            &Overrides {
                no_search: true,
                ..Overrides::default()
            },
        )
        .unwrap();
        assert!(!no_search.search);
    }

    #[test]
    fn a_drafts_override_wins_over_site_toml_both_ways() {
        let with = |text: &str, drafts| {
            Config::parse(
                text,
                Path::new("site.toml"),
                Path::new("/site"),
                &Overrides {
                    drafts,
                    ..Overrides::default()
                },
            )
            .unwrap()
            .drafts
        };
        let on = "title = \"T\"\nbase_url = \"https://x.org/\"\n[build]\ndrafts = true\n";
        let off = "title = \"T\"\nbase_url = \"https://x.org/\"\n";
        assert!(with(on, None));
        assert!(!with(on, Some(false)), "serve --drafts false hides drafts");
        assert!(with(off, Some(true)));
        assert!(!with(off, None));
    }

    #[test]
    fn page_size_must_be_positive() {
        let err = parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[lists]\npage_size = 0\n")
            .unwrap_err();
        assert_eq!(err[0].pos, Some(Pos::new(4, 13)));
        let err =
            parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[check]\ncitations = \"eror\"\n")
                .unwrap_err();
        assert_eq!(err[0].help.as_deref(), Some("did you mean `error`?"));
    }

    #[test]
    fn invalid_utf8_has_a_place() {
        let d = decode(
            b"title = \"T\"\nbase_url = \"x\xff\"\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert_eq!(d.pos, Some(Pos::new(2, 14)));
        assert!(d.message.contains("not valid UTF-8"));
    }

    #[test]
    fn fallback_is_valid() {
        let c = Config::fallback(Path::new("/site"), &Overrides::default());
        assert_eq!(c.page_size, DEFAULT_PAGE_SIZE);
    }

    #[test]
    fn unknown_mode_lists_choices() {
        let err =
            parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[autolink]\nmode = \"frist\"\n")
                .unwrap_err();
        assert_eq!(err[0].help.as_deref(), Some("did you mean `first`?"));
    }
}
