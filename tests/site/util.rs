//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture site.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh copy of a fixture site in a temporary directory.
pub struct TempSite {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

impl TempSite {
    pub fn new(name: &str) -> TempSite {
        let dir = tempfile::Builder::new()
            .prefix(&format!("dossier-{name}-"))
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temp dir");
        let root = dir.path().join("site");
        copy_dir(&fixture(name), &root);
        TempSite { _dir: dir, root }
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn read_output(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Runs the `dossier` binary with `args` and `--root` pointing here.
    pub fn run(&self, args: &[&str]) -> Output {
        dossier_command()
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .expect("run dossier")
    }
}

/// The `dossier` binary with an environment that changes no output:
/// no colour, and no timings on stderr (tests read stderr).
pub fn dossier_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.env("NO_COLOR", "1").env_remove("DOSSIER_TIMINGS");
    c
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The `<main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// The stderr of a run that must have failed as a build with errors does
/// (exit code 1), so an error that turned into a warning fails the test.
pub fn failed(out: &Output) -> String {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected exit code 1 (errors); stderr:\n{err}"
    );
    err
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `href` and `src` values of a page, as written.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
            }
        }
    }
    out
}

/// The site path a link points to from a page in `dir`, or `None` for an
/// external link.
pub fn resolve(dir: &str, link: &str) -> Option<String> {
    if link.starts_with("http:")
        || link.starts_with("https:")
        || link.starts_with("mailto:")
        || link.starts_with("//")
    {
        return None;
    }
    if link.starts_with('#') || link.is_empty() {
        return None; // same page
    }
    if link.starts_with('/') {
        return Some(link.to_string());
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in link.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

/// The `id` attributes of a page.
pub fn element_ids(html: &str) -> std::collections::HashSet<String> {
    html.match_indices(" id=\"")
        .filter_map(|(i, attr)| {
            let rest = &html[i + attr.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// `%XX` escapes of a URL fragment decoded, as a browser does before it
/// looks the id up.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
