//! `serve`: pages over HTTP, live reload after edits, renames and deletes,
//! the error overlay, and requests that try to leave the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::TempSite;

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(site: &TempSite) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0", "--root"])
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start serve");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("serve printed its address").unwrap();
            if let Some(rest) = line.split("http://").nth(1) {
                break rest.split('/').next().unwrap().to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, addr }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = raw
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Opens the live-reload stream.
    fn events(&self) -> TcpStream {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        write!(
            s,
            "GET /__dossier/events HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.addr
        )
        .unwrap();
        s
    }

    /// Waits until `page` contains `needle` (after a rebuild), or panics.
    fn wait_for(&self, page: &str, needle: &str, present: bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let (_, body) = self.get(page);
            if body.contains(needle) == present {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "{page}: waited for `{needle}` (present: {present})"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads from the event stream until a reload event arrives.
fn wait_reload(stream: &mut TcpStream) {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut seen = String::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
                if seen.contains("event: reload") {
                    return;
                }
            }
            Err(_) => {} // read timeout: keep waiting
        }
    }
    panic!("no reload event; stream said: {seen}");
}

#[test]
fn serves_pages_from_memory_with_live_reload() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let (status, body) = server.get("/glossary/alpha/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>Alpha</h1>"));
    assert!(
        body.contains("new EventSource(\"/__dossier/events\")"),
        "reload script injected"
    );
    assert!(
        body.contains(&format!("href=\"http://{}/glossary/alpha/\"", server.addr)),
        "base URL is the local address"
    );
    assert!(!site.public().exists(), "serve writes nothing");

    let mut events = server.events();
    // An edit: the page changes and open pages are told to reload.
    site.write(
        "content/glossary/beta.md",
        "---\ntitle: Beta\nkind: state\nsummary: \"Edited summary.\"\n---\nNew body text.\n",
    );
    wait_reload(&mut events);
    server.wait_for("/glossary/beta/", "New body text.", true);
    assert!(
        server.get("/glossary/").1.contains("Edited summary."),
        "pages showing the entry follow"
    );
}

#[test]
fn renames_deletes_and_atomic_saves_are_followed() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    // An editor's atomic save: write a temporary file, rename it over.
    let tmp = site.root.join("content/briefings/.second-look.md.tmp");
    std::fs::write(
        &tmp,
        "---\ntitle: \"Saved atomically\"\ndate: 2016-08-01\n---\nText.\n",
    )
    .unwrap();
    std::fs::rename(&tmp, site.root.join("content/briefings/second-look.md")).unwrap();
    server.wait_for("/briefings/second-look/", "Saved atomically", true);
    // A rename moves the page.
    std::fs::rename(
        site.root.join("content/briefings/second-look.md"),
        site.root.join("content/briefings/third-look.md"),
    )
    .unwrap();
    server.wait_for("/briefings/third-look/", "Saved atomically", true);
    assert_eq!(server.get("/briefings/second-look/").0, 404);
    // A delete removes it.
    std::fs::remove_file(site.root.join("content/briefings/third-look.md")).unwrap();
    server.wait_for("/", "Saved atomically", false);
}

#[test]
fn a_broken_edit_shows_an_overlay_until_fixed() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let good = std::fs::read_to_string(site.root.join("content/glossary/beta.md")).unwrap();
    site.write(
        "content/glossary/beta.md",
        "---\ntitle: Beta\nkind: stat\nsummary: \"s\"\n---\n",
    );
    let body = server.wait_for("/glossary/alpha/", "dossier-errors", true);
    assert!(body.contains("unknown value `stat`"), "{body}");
    assert!(body.contains("content/glossary/beta.md:3:7"), "{body}");
    assert!(
        body.contains("<h1>Alpha</h1>"),
        "the last good page is still served"
    );
    site.write("content/glossary/beta.md", &good);
    server.wait_for("/glossary/alpha/", "dossier-errors", false);
}

#[test]
fn asset_changes_are_copied_and_templates_rerender() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    site.write("assets/css/extra.css", "p { color: red }");
    server.wait_for("/css/extra.css", "color: red", true);
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Custom missing page</p>{% endblock content %}",
    );
    let (status, body) = {
        server.wait_for("/does-not-exist", "Custom missing page", true);
        server.get("/does-not-exist")
    };
    assert_eq!(status, 404);
    assert!(body.contains("Custom missing page"));
}

#[test]
fn requests_never_leave_the_site() {
    let site = TempSite::new("basic");
    std::fs::write(site.root.join("secret.txt"), "do not serve").unwrap();
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/content/glossary/alpha.md",
        "//etc/passwd",
        "/site.toml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && !body.contains("base_url"),
            "{path}"
        );
        assert!(
            body.contains("Page not found"),
            "{path}: the site's 404 page"
        );
    }
    let (status, _) = server.get("/glossary/alpha");
    assert_eq!(status, 301, "a directory without its slash redirects");
}

#[test]
fn a_port_in_use_names_the_flag() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let site = TempSite::new("basic");
    let out = site.run(&["serve", "--port", &port]);
    assert_eq!(out.status.code(), Some(1));
    let err = crate::util::stderr(&out);
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}
