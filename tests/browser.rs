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

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, PointerAction, TouchActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const PREFIX: &str = "/syria/";

/// The built seed site, served on a local port.
struct Site {
    base: String,
    out: PathBuf,
    failures: &'static Mutex<Vec<String>>,
}

impl Site {
    /// How many requests have failed so far: a test notes it first and
    /// asserts with [`Site::assert_no_failures_since`] at its end, so a 404
    /// in any test fails that test (the tests run one at a time).
    fn failure_mark(&self) -> usize {
        self.failures.lock().unwrap().len()
    }

    fn assert_no_failures_since(&self, mark: usize) {
        let failed = self.failures.lock().unwrap()[mark..].to_vec();
        assert!(failed.is_empty(), "failed requests: {failed:?}");
    }

    /// Every HTML page of the built site, as paths under the base.
    fn pages(&self) -> BTreeSet<String> {
        walkdir::WalkDir::new(&self.out)
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(&self.out)
                    .unwrap()
                    .to_string_lossy()
                    .replace("index.html", "")
            })
            .collect()
    }
}

const BRIEFING: &str = "briefings/us-offers-russia-military-partnership/";

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
    session(driver, width, height, false).await
}

/// A phone: Chromium's mobile emulation with touch, `width` CSS pixels wide.
async fn phone(driver: &Driver, width: u32) -> Client {
    session(driver, width, 844, true).await
}

async fn session(driver: &Driver, width: u32, height: u32, mobile: bool) -> Client {
    let mut options = json!({
        "binary": "/usr/bin/chromium",
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync",
            format!("--window-size={width},{height}")
        ]
    });
    if mobile {
        options["mobileEmulation"] = json!({
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2, "touch": true}
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
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

/// The script errors the probe recorded on the current page. Anything but a
/// list of strings (no probe, a changed probe) is itself a failure.
async fn errors_of_page(c: &Client) -> Vec<String> {
    let v = c
        .execute("return window.__errors || ['probe missing'];", vec![])
        .await
        .unwrap();
    match serde_json::from_value(v.clone()) {
        Ok(list) => list,
        Err(e) => panic!("the error probe returned {v}: {e}"),
    }
}

/// Waits until `script` (a JavaScript expression) is true on the page.
async fn wait_until(c: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let v = c
            .execute(&format!("return !!({script});"), vec![])
            .await
            .unwrap();
        if v == json!(true) {
            return;
        }
        if Instant::now() > deadline {
            let seen = c
                .execute(
                    "return [location.href, (document.querySelector('main') || document.body).innerText.slice(0, 500), window.__errors || null];",
                    vec![],
                )
                .await
                .unwrap();
            panic!("timed out waiting for {what}; the page: {seen}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Links in the search page's results: links to briefings or entries in
/// `main` outside navigation, whatever the search client's markup.
const RESULT_LINKS: &str = "Array.prototype.filter.call(document.querySelectorAll('main a[href*=\"/glossary/\"], main a[href*=\"/briefings/\"]'), function (a) { return !a.closest('nav, header, footer'); })";
/// True once a search has answered: results, or a message saying none.
const SEARCH_SETTLED: &str = "(RESULTS).length > 0 || /no results|nothing found|no matches/i.test((document.querySelector('main') || document.body).innerText)";

fn search_settled() -> String {
    SEARCH_SETTLED.replace("RESULTS", RESULT_LINKS)
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn focusing_a_term_shows_its_preview() {
    let site = site();
    let mark = site.failure_mark();
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
        assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
        c.close().await.unwrap();
    });
    site.assert_no_failures_since(mark);
}

async fn search(c: &Client, base: &str, query: &str) -> Vec<String> {
    c.goto(&format!("{base}search/?q={}", query.replace(' ', "+")))
        .await
        .unwrap();
    wait_until(c, &search_settled(), &format!("results for {query}")).await;
    // Results may arrive in parts: read until two reads agree.
    let read = format!("return ({RESULT_LINKS}).map(function (a) {{ return a.href; }});");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last: Vec<String> = Vec::new();
    loop {
        let v = c.execute(&read, vec![]).await.unwrap();
        let now: Vec<String> = serde_json::from_value(v).unwrap();
        if now == last || Instant::now() > deadline {
            break;
        }
        last = now;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let errors = errors_of_page(c).await;
    assert!(errors.is_empty(), "search for {query}: {errors:?}");
    last
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn search_finds_entries_by_name_and_alias() {
    let site = site();
    let mark = site.failure_mark();
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
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn sidenote_opens_on_a_narrow_screen() {
    let site = site();
    let mark = site.failure_mark();
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
        assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
        c.close().await.unwrap();
    });
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn every_page_loads_without_errors_or_failed_requests() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    let pages = site.pages();
    assert!(pages.len() > 40, "{pages:?}");
    run(async {
        let c = browser(&driver, 1280, 900).await;
        let mut problems = Vec::new();
        for page in &pages {
            if page.starts_with("search/") {
                // The search page answers a query after it loads: wait for
                // its answer, then look for errors.
                c.goto(&format!("{}{page}?q=Nusra", site.base))
                    .await
                    .unwrap();
                wait_until(&c, &search_settled(), "the search page to answer").await;
            } else {
                c.goto(&format!("{}{page}", site.base)).await.unwrap();
            }
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css("footer"))
                .await
                .unwrap();
            for e in errors_of_page(&c).await {
                problems.push(format!("{page}: {e}"));
            }
        }
        c.close().await.unwrap();
        assert!(
            problems.is_empty(),
            "script errors:\n{}",
            problems.join("\n")
        );
    });
    site.assert_no_failures_since(mark);
}

/// Taps `element` with a touch pointer.
async fn tap(c: &Client, element: &fantoccini::elements::Element) {
    let finger = TouchActions::new("finger".into())
        .then(PointerAction::MoveToElement {
            element: element.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    c.perform_actions(finger).await.unwrap();
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn first_tap_on_a_term_shows_its_card_and_the_second_opens_it() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    run(async {
        let c = phone(&driver, 390).await;
        let page = format!("{}{BRIEFING}", site.base);
        c.goto(&page).await.unwrap();
        let link = c
            .find(Locator::Css(
                ".prose a.term[href$='/glossary/nusra-front/']",
            ))
            .await
            .unwrap();
        c.execute(
            "arguments[0].scrollIntoView({block:'center'});",
            vec![serde_json::to_value(&link).unwrap()],
        )
        .await
        .unwrap();
        tap(&c, &link).await;
        let card = c
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#term-card"))
            .await
            .unwrap();
        assert!(
            card.is_displayed().await.unwrap(),
            "the first tap shows the card"
        );
        assert!(card.text().await.unwrap().contains("Nusra Front"));
        assert_eq!(c.current_url().await.unwrap().as_str(), page, "and stays");
        tap(&c, &link).await;
        wait_until(
            &c,
            "location.pathname.endsWith('/glossary/nusra-front/')",
            "the second tap to open the entry",
        )
        .await;
        assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
        c.close().await.unwrap();
    });
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn a_card_near_the_bottom_edge_stays_inside_the_viewport() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    run(async {
        for c in [browser(&driver, 1280, 700).await, phone(&driver, 320).await] {
            c.goto(&format!("{}{BRIEFING}", site.base)).await.unwrap();
            let link = c.find(Locator::Css(".prose a.term")).await.unwrap();
            // The link on the last line of the viewport, then focused.
            c.execute(
                "arguments[0].scrollIntoView({block:'end'}); arguments[0].focus({preventScroll:true});",
                vec![serde_json::to_value(&link).unwrap()],
            )
            .await
            .unwrap();
            c.wait()
                .at_most(Duration::from_secs(5))
                .for_element(Locator::Css("#term-card"))
                .await
                .unwrap();
            let v = c
                .execute(
                    "var r = document.getElementById('term-card').getBoundingClientRect(); \
                     var l = arguments[0].getBoundingClientRect(); \
                     return [r.top, r.bottom, r.left, r.right, window.innerHeight, document.documentElement.clientWidth, l.top, l.bottom];",
                    vec![serde_json::to_value(&link).unwrap()],
                )
                .await
                .unwrap();
            let r: Vec<f64> = serde_json::from_value(v).unwrap();
            let [top, bottom, left, right, height, width, ltop, lbottom] = r[..] else {
                panic!("{r:?}");
            };
            assert!(
                lbottom > height - 80.0,
                "the link is near the bottom: {r:?}"
            );
            assert!(top >= 0.0 && bottom <= height, "inside vertically: {r:?}");
            assert!(left >= 0.0 && right <= width, "inside horizontally: {r:?}");
            assert!(bottom <= ltop || top >= lbottom, "not over its link: {r:?}");
            assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
            c.close().await.unwrap();
        }
    });
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn no_page_scrolls_sideways_at_320_pixels() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    let pages = site.pages();
    run(async {
        let c = phone(&driver, 320).await;
        let mut wide = Vec::new();
        for page in &pages {
            c.goto(&format!("{}{page}", site.base)).await.unwrap();
            // Under phone emulation Chromium widens the layout viewport to
            // the content, so compare the content with the device width.
            let v = c
                .execute("return document.documentElement.scrollWidth;", vec![])
                .await
                .unwrap();
            let width = v.as_f64().unwrap();
            if width > 320.0 {
                wide.push(format!("{page}: {width}px"));
            }
            for e in errors_of_page(&c).await {
                wide.push(format!("{page}: {e}"));
            }
        }
        c.close().await.unwrap();
        assert!(wide.is_empty(), "wider than 320 px:\n{}", wide.join("\n"));
    });
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn a_citation_card_shows_its_source() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    run(async {
        let c = browser(&driver, 1280, 900).await;
        // A numbered citation in the text, and a source mark on an event of
        // an entry page (its source list is on the briefing).
        for (page, selector) in [
            (BRIEFING, ".prose .cite a"),
            ("glossary/john-kerry/", ".events a.source-mark"),
        ] {
            c.goto(&format!("{}{page}", site.base)).await.unwrap();
            let mark = c.find(Locator::Css(selector)).await.unwrap();
            c.execute(
                "arguments[0].focus();",
                vec![serde_json::to_value(&mark).unwrap()],
            )
            .await
            .unwrap();
            let card = c
                .wait()
                .at_most(Duration::from_secs(5))
                .for_element(Locator::Css("#term-card"))
                .await
                .unwrap();
            let text = card.text().await.unwrap();
            assert!(
                text.contains("Unable to stop Syria") && text.contains("Associated Press"),
                "{page}: {text}"
            );
            if page == BRIEFING {
                assert!(text.contains("para."), "the locator: {text}");
            }
            let list = card
                .find(Locator::Css("a.term-card-list"))
                .await
                .unwrap()
                .attr("href")
                .await
                .unwrap()
                .unwrap_or_default();
            assert!(
                list.ends_with("#source-ap-2016-07-15"),
                "{page}: a link to the source list: {list}"
            );
            assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
        }
        c.close().await.unwrap();
    });
    site.assert_no_failures_since(mark);
}

#[test]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
fn the_text_starts_on_the_first_screen_of_a_phone() {
    let site = site();
    let mark = site.failure_mark();
    let driver = Driver::start();
    run(async {
        let c = phone(&driver, 390).await;
        c.goto(&format!("{}{BRIEFING}", site.base)).await.unwrap();
        let v = c
            .execute(
                "return document.querySelector('.prose > p').getBoundingClientRect().top + window.scrollY;",
                vec![],
            )
            .await
            .unwrap();
        let top = v.as_f64().unwrap();
        assert!(top < 900.0, "the first paragraph starts at {top}px");
        assert_eq!(errors_of_page(&c).await, Vec::<String>::new());
        c.close().await.unwrap();
    });
    site.assert_no_failures_since(mark);
}
