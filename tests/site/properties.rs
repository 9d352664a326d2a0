//! Properties over generated sites: whatever text an author writes in
//! titles, summaries, positions, quotes and bodies, rendering never panics,
//! every HTML page is well-formed with no attribute broken open by a quote,
//! every XML file parses, and the output is the same bytes every time and
//! on any number of threads.

use std::fs;
use std::path::Path;

use dossier::config::Overrides;
use proptest::prelude::*;

/// Text with the characters that break HTML and YAML when not escaped.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 \"'<>&/=]{0,30}",
        Just("\" onmouseover=\"alert(1)".to_string()),
        Just("</title><script>alert(1)</script>".to_string()),
        Just("'><img src=x onerror=alert(1)>".to_string()),
        Just("Beta's \"quoted\" <b>bold</b> & co".to_string()),
        Just("{{ site.title }} {% raw %}".to_string()),
        "\\PC{0,12}",
    ]
}

/// A Markdown body made of pieces that exercise every transform.
fn body() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        hostile_text(),
        Just("Alpha met Beta.".to_string()),
        Just("[[Alpha]] and [[beta|the \"B\"]]".to_string()),
        Just("A claim [@wire-1, para. \"4\"].".to_string()),
        Just("Note.[^n]\n\n[^n]: A \"side\" note with [[Beta]].".to_string()),
        Just("> [!NOTE]\n> An editorial note on Alpha.".to_string()),
        Just("## A heading with \"quotes\" & <angles> {#h-1}".to_string()),
        Just("[a link](https://example.org/?a=\"b\"&c='d' \"title \\\" here\")".to_string()),
        Just("![an image](https://example.org/x.png \"t'\")".to_string()),
        Just("`code with <tags> & \"quotes\"`".to_string()),
        Just("<span title=\"raw\">raw html</span>".to_string()),
        Just("| a | b |\n|---|---|\n| \"1\" | <2> |".to_string()),
        Just("* item [@wire-1]\n* item two".to_string()),
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|p| p.join("\n\n"))
}

/// A YAML double-quoted string: a JSON string is one.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[derive(Debug, Clone)]
struct Gen {
    title: String,
    summary: String,
    position: String,
    quote: String,
    event: String,
    entry_summary: String,
    body: String,
    entry_body: String,
}

fn site() -> impl Strategy<Value = Gen> {
    (
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        hostile_text(),
        body(),
        body(),
    )
        .prop_map(
            |(title, summary, position, quote, event, entry_summary, body, entry_body)| Gen {
                title,
                summary,
                position,
                quote,
                event,
                entry_summary,
                body,
                entry_body,
            },
        )
}

fn write_site(root: &Path, g: &Gen) {
    let w = |rel: &str, text: &str| {
        let p = root.join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    };
    w(
        "site.toml",
        &format!(
            // Raw HTML is escaped: with `allow` it is the author's own
            // markup, which no renderer can make well-formed.
            "title = {}\nbase_url = \"https://example.org/sub/\"\ndescription = {}\n[markdown]\nraw_html = \"escape\"\n",
            q(&g.title),
            q(&g.summary)
        ),
    );
    w(
        "content/briefings/generated.md",
        &format!(
            "---\ntitle: {}\ndate: 2016-07-15\nsummary: {}\ntags: [a-tag]\nsources:\n  - id: wire-1\n    title: {}\n    publisher: {}\n    url: https://example.org/w?a=1&b=2\nstakeholders:\n  - ref: alpha\n    position: {}\n    source: wire-1\n  - beta\nevents:\n  - date: 2016-07-14\n    title: {}\n    involves: [alpha]\nquotes:\n  - by: beta\n    text: {}\n---\n{}\n",
            q(&g.title),
            q(&g.summary),
            q(&g.title),
            q(&g.event),
            q(&g.position),
            q(&g.event),
            q(&g.quote),
            g.body
        ),
    );
    w(
        "content/briefings/other.md",
        &format!(
            "---\ntitle: Other\ndate: 2016-07-16\n---\n{}\n",
            g.entry_body
        ),
    );
    w(
        "content/glossary/alpha.md",
        &format!(
            "---\ntitle: Alpha\nkind: group\naliases: [\"Alpha's\"]\nsummary: {}\n---\n{}\n",
            q(&g.entry_summary),
            g.entry_body
        ),
    );
    w(
        "content/glossary/beta.md",
        &format!(
            "---\ntitle: Beta\nkind: state\nsummary: {}\n---\n",
            q(&g.quote)
        ),
    );
}

/// Elements that have no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Checks that tags nest, and that every attribute value ends where it
/// should: a quote inside a value would end it early and leave text where
/// the next attribute or `>` belongs.
fn check_html(page: &str, html: &str) -> Result<(), String> {
    let mut open: Vec<String> = Vec::new();
    let mut i = 0;
    let b = html.as_bytes();
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = at
                + rest
                    .find("-->")
                    .ok_or(format!("{page}: unclosed comment"))?
                + 3;
            continue;
        }
        if rest.starts_with("<!") {
            i = at + rest.find('>').ok_or(format!("{page}: unclosed doctype"))? + 1;
            continue;
        }
        let closing = rest.starts_with("</");
        let mut j = at + if closing { 2 } else { 1 };
        let name_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if name.is_empty() {
            // A `<` in text: the writers escape it, so this is a stray.
            return Err(format!(
                "{page}: stray `<` at byte {at}: {}",
                snippet(html, at)
            ));
        }
        // Attributes.
        let mut self_closing = false;
        loop {
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= b.len() {
                return Err(format!("{page}: unclosed tag <{name}"));
            }
            match b[j] {
                b'>' => {
                    j += 1;
                    break;
                }
                b'/' if b.get(j + 1) == Some(&b'>') => {
                    self_closing = true;
                    j += 2;
                    break;
                }
                _ => {}
            }
            let attr_start = j;
            while j < b.len() && !b" \t\n\r=>/".contains(&b[j]) {
                if b[j] == b'"' || b[j] == b'\'' || b[j] == b'<' {
                    return Err(format!(
                        "{page}: bad attribute name in <{name}>: {}",
                        snippet(html, attr_start)
                    ));
                }
                j += 1;
            }
            if j == attr_start {
                return Err(format!("{page}: junk in <{name}>: {}", snippet(html, j)));
            }
            if b.get(j) == Some(&b'=') {
                j += 1;
                match b.get(j) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(quote as char)
                            .ok_or(format!("{page}: unclosed attribute in <{name}>"))?;
                        j += 1 + end + 1;
                        if !matches!(b.get(j), Some(b' ' | b'\t' | b'\n' | b'>' | b'/')) {
                            return Err(format!(
                                "{page}: a quote ends an attribute of <{name}> early: {}",
                                snippet(html, attr_start)
                            ));
                        }
                    }
                    _ => {
                        let v = j;
                        while j < b.len() && !b" \t\n\r>".contains(&b[j]) {
                            if b"\"'<=`".contains(&b[j]) {
                                return Err(format!(
                                    "{page}: unquoted attribute with a quote in <{name}>: {}",
                                    snippet(html, v)
                                ));
                            }
                            j += 1;
                        }
                    }
                }
            }
        }
        i = j;
        if closing {
            match open.pop() {
                Some(top) if top == name => {}
                other => {
                    return Err(format!(
                        "{page}: </{name}> closes {other:?}: {}",
                        snippet(html, at)
                    ));
                }
            }
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            if name == "script" || name == "style" {
                let end = format!("</{name}>");
                i += html[i..]
                    .find(&end)
                    .ok_or(format!("{page}: unclosed <{name}>"))?;
                open.push(name);
            } else {
                open.push(name);
            }
        }
    }
    if !open.is_empty() {
        return Err(format!("{page}: unclosed elements {open:?}"));
    }
    Ok(())
}

fn snippet(html: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !html.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 80).min(html.len());
    while !html.is_char_boundary(end) {
        end += 1;
    }
    html[start..end].to_string()
}

proptest! {
    // Each case builds a small site twice: keep `cargo test` quick.
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_sites_render_well_formed_and_deterministic(g in site()) {
        let dir = tempfile::Builder::new()
            .prefix("dossier-prop-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap();
        write_site(dir.path(), &g);
        let overrides = Overrides { no_search: true, ..Overrides::default() };
        let first = dossier::build_in_memory(dir.path(), &overrides);
        let (_, pages, _) = match first {
            Ok(r) => r,
            Err(failed) => return Err(TestCaseError::fail(format!("build failed: {failed}"))),
        };
        for (path, bytes) in &pages {
            let text = String::from_utf8_lossy(bytes);
            if path.ends_with(".html") {
                check_html(path, &text).map_err(TestCaseError::fail)?;
            } else if path.ends_with(".xml") {
                roxmltree::Document::parse(&text)
                    .map_err(|e| TestCaseError::fail(format!("{path}: {e}")))?;
            }
        }
        // The same bytes again, on one thread.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let (_, again, _) = pool
            .install(|| dossier::build_in_memory(dir.path(), &overrides))
            .map_err(|f| TestCaseError::fail(format!("second build failed: {f}")))?;
        prop_assert_eq!(pages.keys().collect::<Vec<_>>(), again.keys().collect::<Vec<_>>());
        for (path, bytes) in &pages {
            prop_assert!(again[path] == *bytes, "{} differs between runs", path);
        }
    }
}

#[test]
fn the_checker_catches_a_quote_that_breaks_out() {
    assert!(check_html("x", "<p title=\"a\"b\">x</p>").is_err());
    assert!(check_html("x", "<p title=\"a&quot;b\">x</p>").is_ok());
    assert!(check_html("x", "<div><p>x</div></p>").is_err());
    assert!(
        check_html(
            "x",
            "<!DOCTYPE html><meta charset=utf-8><script>if (a<b) {}</script><br>"
        )
        .is_ok()
    );
}
