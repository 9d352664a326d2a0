//! The seed site in a real browser: headless Chromium driven through
//! chromedriver by fantoccini.
//!
//! These tests need Debian's `chromium` and `chromium-driver`, so a plain
//! `cargo test` skips them (they are `#[ignore]`d); `.ci/run` installs both
//! and runs `cargo test --test browser -- --ignored`, where a missing
//! browser is a failure. The site is built for a sub-path and served from
//! it by a plain static file server written here, which also records every
//! request that failed and instruments each page to collect script errors.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const PREFIX: &str = "/syria/";

/// The built seed site, served on a local port.
struct Site {
    base: String,
    out: PathBuf,
    failures: &'static Mutex<Vec<String>>,
}

fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}{PREFIX}", listener.local_addr().unwrap());
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap()
            .keep();
        let out = dir.join("syria");
        let built = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--base-url", &base, "--output"])
            .arg(&out)
            .arg("--root")
            .arg(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let failures: &'static Mutex<Vec<String>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        let root = out.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                std::thread::spawn(move || serve_one(stream, &root, failures));
            }
        });
        Site {
            base,
            out,
            failures,
        }
    })
}

/// Script that records errors of the page: thrown exceptions, console
/// errors and resources that failed to load.
const PROBE: &str = "<script>window.__errors=[];window.addEventListener('error',function(e){var t=e.target;window.__errors.push(t&&t!==window?('failed to load '+(t.src||t.href)):String(e.message));},true);(function(){var c=console.error;console.error=function(){window.__errors.push(Array.prototype.join.call(arguments,' '));c.apply(console,arguments);};})();</script>";

fn serve_one(mut stream: TcpStream, root: &Path, failures: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let clean = path.split(['?', '#']).next().unwrap_or("");
    let file = clean.strip_prefix(PREFIX).and_then(|rel| {
        if rel.split('/').any(|s| s == "..") {
            return None;
        }
        let p = root.join(rel);
        let p = if rel.is_empty() || rel.ends_with('/') {
            p.join("index.html")
        } else {
            p
        };
        p.is_file().then_some(p)
    });
    let (status, file) = match file {
        Some(f) => ("200 OK", f),
        None => {
            if !clean.ends_with("favicon.ico") {
                failures.lock().unwrap().push(path.clone());
            }
            ("404 Not Found", root.join("404.html"))
        }
    };
    let mut body = std::fs::read(&file).unwrap_or_default();
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => {
            let html =
                String::from_utf8_lossy(&body).replacen("<head>", &format!("<head>{PROBE}"), 1);
            body = html.into_bytes();
            "text/html; charset=utf-8"
        }
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

/// A chromedriver process for one test, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (apt-get install chromium chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, width: u32, height: u32) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--window-size={width},{height}")
            ]
        }),
    );
    ClientBuilder::rustls()
        .expect("TLS roots")
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

fn run<F: std::future::Future<Output = ()>>(f: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f);
}

async fn errors_of_page(c: &Client) -> Vec<String> {
    let v = c
        .execute("return window.__errors || ['probe missing'];", vec![])
        .await
        .unwrap();
    serde_json::from_value(v).unwrap_or_default()
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn focusing_a_term_shows_its_preview() {
    let site = site();
    let driver = Driver::start();
    run(async {
        let c = browser(&driver, 1280, 900).await;
        c.goto(&format!(
            "{}briefings/us-offers-russia-military-partnership/",
            site.base
        ))
        .await
        .unwrap();
        let link = c
            .find(Locator::Css("a.term[href$='/glossary/nusra-front/']"))
            .await
            .unwrap();
        let card = c.find(Locator::Css("#term-card")).await;
        assert!(card.is_err(), "no card before any interaction");
        // Keyboard: focus shows the card and describes the link by it.
        c.execute(
            "arguments[0].focus();",
            vec![serde_json::to_value(&link).unwrap()],
        )
        .await
        .unwrap();
        let card = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#term-card"))
            .await
            .unwrap();
        assert!(card.is_displayed().await.unwrap());
        let text = card.text().await.unwrap();
        assert!(text.contains("Nusra Front"), "{text}");
        assert!(text.to_lowercase().contains("group"), "{text}");
        assert_eq!(
            link.attr("aria-describedby").await.unwrap().as_deref(),
            Some("term-card")
        );
        // Escape hides it.
        c.execute(
            "document.dispatchEvent(new KeyboardEvent('keydown',{key:'Escape'}));",
            vec![],
        )
        .await
        .unwrap();
        assert!(!card.is_displayed().await.unwrap());
        // Mouse: hovering shows it again.
        c.execute(
            "arguments[0].dispatchEvent(new MouseEvent('mouseover',{bubbles:true}));",
            vec![serde_json::to_value(&link).unwrap()],
        )
        .await
        .unwrap();
        assert!(card.is_displayed().await.unwrap());
        assert!(errors_of_page(&c).await.is_empty());
        c.close().await.unwrap();
    });
}

async fn search(c: &Client, base: &str, query: &str) -> Vec<String> {
    c.goto(&format!("{base}search/?q={}", query.replace(' ', "+")))
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let links = c.find_all(Locator::Css(".search-results a")).await.unwrap();
        if !links.is_empty() {
            let mut hrefs = Vec::new();
            for l in links {
                hrefs.push(l.attr("href").await.unwrap().unwrap_or_default());
            }
            return hrefs;
        }
        assert!(Instant::now() < deadline, "no results for {query}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn search_finds_entries_by_name_and_alias() {
    let site = site();
    let driver = Driver::start();
    run(async {
        let c = browser(&driver, 1280, 900).await;
        let nusra = search(&c, &site.base, "Nusra").await;
        assert!(
            nusra
                .iter()
                .any(|h| h.ends_with("/syria/glossary/nusra-front/")),
            "{nusra:?}"
        );
        let zenki = search(&c, &site.base, "Zenki").await;
        assert!(
            zenki
                .iter()
                .any(|h| h.ends_with("/syria/glossary/nur-al-din-zenki/")),
            "{zenki:?}"
        );
        let alias = search(&c, &site.base, "Jabhat al-Nusra").await;
        assert_eq!(
            alias.first().map(|h| h.ends_with("/glossary/nusra-front/")),
            Some(true),
            "{alias:?}"
        );
        // The count, the kind badge and the marked words are shown.
        let status = c.find(Locator::Css(".search-status")).await.unwrap();
        let status = status.text().await.unwrap();
        assert!(status.contains("result"), "{status}");
        let first = c.find(Locator::Css(".search-result")).await.unwrap();
        let html = first.html(true).await.unwrap();
        assert!(html.contains("<mark>Nusra</mark>"), "{html}");
        assert!(html.contains("class=\"badge kind-group\""), "{html}");
        // Typing searches as the reader goes and keeps the query in the URL.
        let input = c.find(Locator::Css("#search-q")).await.unwrap();
        input.clear().await.unwrap();
        input.send_keys("Zenk").await.unwrap();
        let deadline = Instant::now() + Duration::from_secs(15);
        while !c.current_url().await.unwrap().as_str().ends_with("?q=Zenk") {
            assert!(
                Instant::now() < deadline,
                "the query is not kept in the URL"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert!(errors_of_page(&c).await.is_empty());
        c.close().await.unwrap();
    });
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn sidenote_opens_on_a_narrow_screen() {
    let site = site();
    let driver = Driver::start();
    run(async {
        let c = browser(&driver, 390, 844).await;
        c.goto(&format!(
            "{}briefings/us-offers-russia-military-partnership/",
            site.base
        ))
        .await
        .unwrap();
        let note = c
            .find(Locator::Css(".sidenote-wrap .sidenote"))
            .await
            .unwrap();
        assert!(
            !note.is_displayed().await.unwrap(),
            "closed on a narrow screen"
        );
        let mark = c
            .find(Locator::Css(".sidenote-wrap label.sidenote-ref"))
            .await
            .unwrap();
        c.execute(
            "arguments[0].scrollIntoView({block:'center'});",
            vec![serde_json::to_value(&mark).unwrap()],
        )
        .await
        .unwrap();
        mark.click().await.unwrap();
        assert!(
            note.is_displayed().await.unwrap(),
            "tapping the number opens the note"
        );
        assert!(note.text().await.unwrap().contains("Thursday"));
        mark.click().await.unwrap();
        assert!(!note.is_displayed().await.unwrap(), "and closes it again");
        c.close().await.unwrap();
    });
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn every_page_loads_without_errors_or_failed_requests() {
    let site = site();
    let driver = Driver::start();
    let pages: BTreeSet<String> = walkdir::WalkDir::new(&site.out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(&site.out)
                .unwrap()
                .to_string_lossy()
                .replace("index.html", "")
        })
        .collect();
    assert!(pages.len() > 40, "{pages:?}");
    run(async {
        let c = browser(&driver, 1280, 900).await;
        let mut problems = Vec::new();
        for page in &pages {
            c.goto(&format!("{}{page}", site.base)).await.unwrap();
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("footer"))
                .await
                .unwrap();
            if page.starts_with("search/") {
                // The search script loads the index after the page.
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            for e in errors_of_page(&c).await {
                problems.push(format!("{page}: {e}"));
            }
        }
        c.close().await.unwrap();
        let failed = site.failures.lock().unwrap().clone();
        assert!(
            problems.is_empty(),
            "script errors:\n{}",
            problems.join("\n")
        );
        assert!(failed.is_empty(), "failed requests: {failed:?}");
    });
}
