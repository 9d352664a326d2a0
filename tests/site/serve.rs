//! `serve`: pages over HTTP, live reload after edits, renames and deletes,
//! the error overlay, and requests that try to leave the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::util::TempSite;

/// How long a server may take to print its address (a debug build of a
/// small site on a busy machine).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Everything it printed so far, for failure messages and counts.
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
}

/// Collects a child's output on a thread of its own (so its pipe never
/// fills), sending each line on `tx` as well.
fn collect(
    out: impl Read + Send + 'static,
    into: Arc<Mutex<Vec<String>>>,
    tx: Option<mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            into.lock().unwrap().push(line.clone());
            if let Some(tx) = &tx {
                let _ = tx.send(line);
            }
        }
    });
}

impl Server {
    fn start(site: &TempSite) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &TempSite, args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .env("NO_COLOR", "1")
            .env_remove("DOSSIER_TIMINGS")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        collect(child.stdout.take().unwrap(), Arc::clone(&stdout), Some(tx));
        collect(child.stderr.take().unwrap(), Arc::clone(&stderr), None);
        let deadline = Instant::now() + START_TIMEOUT;
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.split("http://").nth(1) {
                        break rest.split('/').next().unwrap().to_string();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "serve printed no address within {START_TIMEOUT:?}; stdout: {:?}; stderr: {:?}",
                        stdout.lock().unwrap(),
                        stderr.lock().unwrap()
                    );
                }
            }
        };
        Server {
            child,
            addr,
            stdout,
            stderr,
        }
    }

    /// What the server printed, for failure messages.
    fn output(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            self.stdout.lock().unwrap().join("\n"),
            self.stderr.lock().unwrap().join("\n")
        )
    }

    fn port(&self) -> &str {
        self.addr.rsplit(':').next().unwrap()
    }

    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.request(path, &self.addr);
        (status, body)
    }

    /// A GET with the given `Host` header: status, headers, body.
    fn request(&self, path: &str, host: &str) -> (u16, String, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = String::new();
        if let Err(e) = s.read_to_string(&mut raw) {
            panic!("GET {path}: {e}\n{}", self.output());
        }
        let status = raw
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        (status, head.to_string(), body.to_string())
    }

    /// Opens the live-reload stream and waits for its headers, so that
    /// an edit made next is sure to be announced on it.
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
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut seen = Vec::new();
        let mut buf = [0u8; 1024];
        while !String::from_utf8_lossy(&seen).contains("\r\n\r\n") {
            assert!(
                Instant::now() < deadline,
                "the reload stream sent no headers: {:?}\n{}",
                String::from_utf8_lossy(&seen),
                self.output()
            );
            match s.read(&mut buf) {
                Ok(0) => panic!("the reload stream closed\n{}", self.output()),
                Ok(n) => seen.extend_from_slice(&buf[..n]),
                Err(_) => {} // read timeout: keep waiting
            }
        }
        assert!(
            String::from_utf8_lossy(&seen).starts_with("HTTP/1.1 200"),
            "{}",
            String::from_utf8_lossy(&seen)
        );
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
                "{page}: waited for `{needle}` (present: {present})\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits for the process to exit, up to `limit`; how long it took.
    fn wait_exit(&mut self, limit: Duration) -> Option<Duration> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if self.child.try_wait().unwrap().is_some() {
                return Some(start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
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
    assert_eq!(
        server.get("/briefings/third-look/").0,
        404,
        "the deleted briefing's page is gone"
    );
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", &port, "--root"])
        .arg(&site.root)
        .env("NO_COLOR", "1")
        .env_remove("DOSSIER_TIMINGS")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve on a port in use did not exit within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("port {port} is already in use")),
        "{err}"
    );
    assert!(err.contains("--port"), "{err}");
}

#[test]
fn a_site_broken_at_start_shows_the_overlay_until_it_builds() {
    let site = TempSite::new("basic");
    let good = std::fs::read_to_string(site.root.join("content/glossary/beta.md")).unwrap();
    site.write(
        "content/glossary/beta.md",
        &good.replace("kind: state", "kind: stat"),
    );
    let server = Server::start(&site);
    for path in ["/", "/glossary/alpha/"] {
        let (status, body) = server.get(path);
        assert_eq!(status, 503, "{path}: {body}");
        assert!(body.contains("dossier-errors"), "{path}: {body}");
        assert!(body.contains("unknown value `stat`"), "{path}: {body}");
        assert!(
            body.contains("new EventSource(\"/__dossier/events\")"),
            "{path}: the reload script lets the tab recover: {body}"
        );
    }
    let mut events = server.events();
    site.write("content/glossary/beta.md", &good);
    wait_reload(&mut events);
    server.wait_for("/glossary/alpha/", "<h1>Alpha</h1>", true);
    let (status, body) = server.get("/glossary/alpha/");
    assert_eq!(status, 200);
    assert!(!body.contains("dossier-errors"), "{body}");
}

#[test]
fn redirects_keep_the_query_and_stay_on_this_host() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let (status, head, _) = server.request("/glossary/alpha?q=x&y=1", &server.addr);
    assert_eq!(status, 301, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("location: /glossary/alpha/?q=x&y=1\r\n")
            || head
                .to_ascii_lowercase()
                .ends_with("location: /glossary/alpha/?q=x&y=1"),
        "{head}"
    );
    let (status, head, _) = server.request("//glossary", &server.addr);
    assert_eq!(status, 301, "{head}");
    let location = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("location: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    assert_eq!(
        location, "/glossary/",
        "never `//glossary/`, another host: {head}"
    );
}

#[test]
fn only_requests_for_this_machine_are_answered_on_loopback() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let port = server.port().to_string();
    for host in ["evil.example", &format!("attacker.example:{port}")] {
        let (status, _, body) = server.request("/", host);
        assert_eq!(status, 403, "Host: {host}");
        assert!(!body.contains("Fixture Briefings"), "{body}");
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        assert_eq!(server.request("/", &host).0, 200, "Host: {host}");
    }
}

#[test]
fn bind_names_work_and_all_interfaces_warn_without_reaching_links() {
    let site = TempSite::new("basic");
    let server = Server::start_with(&site, &["--bind", "localhost"]);
    let (status, body) = server.get("/glossary/alpha/");
    assert_eq!(status, 200, "{}", server.output());
    assert!(body.contains("http://127.0.0.1:"), "{body}");
    drop(server);

    let server = Server::start_with(&site, &["--bind", "0.0.0.0"]);
    let (status, body) = server.get("/glossary/alpha/");
    assert_eq!(status, 200);
    assert!(!body.contains("0.0.0.0"), "no unspecified address in links");
    assert!(body.contains("http://localhost:"), "{body}");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !server.output().contains("other machines") {
        assert!(Instant::now() < deadline, "{}", server.output());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn ctrl_c_stops_serve_within_a_second_with_open_reload_streams() {
    let site = TempSite::new("basic");
    let mut server = Server::start(&site);
    let _streams = [server.events(), server.events()];
    let interrupt = |pid: u32| {
        let ok = Command::new("kill")
            .args(["-INT", &pid.to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -INT");
    };
    interrupt(server.child.id());
    let took = server.wait_exit(Duration::from_secs(5));
    assert!(
        took.is_some_and(|t| t < Duration::from_millis(1500)),
        "serve took {took:?} to stop\n{}",
        server.output()
    );
}

#[test]
fn a_burst_of_saves_gives_one_rebuild() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let before = server.stdout.lock().unwrap().len();
    for (i, name) in ["alpha", "beta", "alpha-leader"].iter().enumerate() {
        let path = format!("content/glossary/{name}.md");
        let text = std::fs::read_to_string(site.root.join(&path)).unwrap();
        site.write(&path, &format!("{text}\nBurst line {i}.\n"));
    }
    server.wait_for("/glossary/alpha-leader/", "Burst line 2.", true);
    server.wait_for("/glossary/alpha/", "Burst line 0.", true);
    std::thread::sleep(Duration::from_millis(300));
    let lines = server.stdout.lock().unwrap()[before..].to_vec();
    let rebuilds = lines.iter().filter(|l| l.starts_with("changed")).count();
    assert_eq!(rebuilds, 1, "{lines:#?}");
}

/// The number of documents in the served search index, once there is one.
fn indexed_docs(server: &Server) -> Option<usize> {
    let (status, body) = server.get("/search/index.json");
    if status != 200 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(&body).ok()?;
    v["docs"].as_u64().map(|n| n as usize)
}

#[test]
fn the_search_index_follows_edits_in_the_background() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    let wait_docs = |want: Option<usize>| {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let n = indexed_docs(&server);
            if let Some(got) = n
                && (want.is_none() || n == want)
            {
                return got;
            }
            assert!(
                Instant::now() < deadline,
                "index has {n:?} documents, waited for {want:?}\n{}",
                server.output()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    let before = wait_docs(None);
    assert!(before > 0);
    site.write(
        "content/glossary/gamma.md",
        "---\ntitle: Gamma\nkind: state\nsummary: \"A third state.\"\n---\nGamma text.\n",
    );
    server.wait_for("/glossary/gamma/", "Gamma text.", true);
    wait_docs(Some(before + 1));
}

#[test]
fn silent_and_idle_connections_are_closed() {
    let site = TempSite::new("basic");
    let server = Server::start(&site);
    // One connection sends half a request, one a whole request and then
    // nothing: both must be closed, not held open for good.
    let mut partial = TcpStream::connect(&server.addr).unwrap();
    write!(partial, "GET / HTTP/1.1\r\nHost: {}\r\n", server.addr).unwrap();
    let mut idle = TcpStream::connect(&server.addr).unwrap();
    write!(idle, "GET / HTTP/1.1\r\nHost: {}\r\n\r\n", server.addr).unwrap();
    let start = Instant::now();
    for (name, mut s) in [("partial", partial), ("idle", idle)] {
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut all = Vec::new();
        let closed = s.read_to_end(&mut all).is_ok();
        assert!(
            closed && start.elapsed() < Duration::from_secs(25),
            "{name} connection still open after {:?}",
            start.elapsed()
        );
    }
}
