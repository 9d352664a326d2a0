//! Measures how long `dossier serve` takes from saving a briefing to the
//! live-reload event, as an analyst would feel it.
//!
//! Usage: `cargo run --release --example reload_latency -- SITE_DIR [BRIEFING.md] [N]`
//! (build the binary first with `cargo build --release`). Appends a line to
//! the briefing N times (default 5), waits for each reload event and prints
//! the times; the briefing is restored at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: reload_latency SITE_DIR [BRIEFING.md] [N]");
        std::process::exit(2);
    };
    let briefing = match args.get(1) {
        Some(b) => PathBuf::from(b),
        None => first_briefing(&root),
    };
    let rounds: usize = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dossier");

    let started = Instant::now();
    let mut child = Command::new(&bin)
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dossier serve (run cargo build --release first)");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("serve output").unwrap();
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    println!(
        "first build and start: {} ms",
        started.elapsed().as_millis()
    );
    let log = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<String>>());

    let original = std::fs::read_to_string(&briefing).expect("read briefing");
    let mut times = Vec::new();
    for i in 0..rounds {
        let mut events = TcpStream::connect(&addr).unwrap();
        events
            .set_read_timeout(Some(Duration::from_millis(20)))
            .unwrap();
        write!(
            events,
            "GET /__dossier/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(300)); // let the stream open
        let saved = Instant::now();
        std::fs::write(&briefing, format!("{original}\nEdit number {i}.\n")).unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 1024];
        while !seen.contains("event: reload") {
            if let Ok(n) = events.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
            assert!(
                saved.elapsed() < Duration::from_secs(120),
                "no reload event"
            );
        }
        let ms = saved.elapsed().as_secs_f64() * 1000.0;
        println!("edit {}: reload event after {ms:.0} ms", i + 1);
        times.push(ms);
        std::thread::sleep(Duration::from_millis(200));
    }
    std::fs::write(&briefing, &original).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let _ = child.kill();
    let _ = child.wait();
    for line in log.join().unwrap_or_default() {
        println!("  serve: {line}");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "save -> reload: median {:.0} ms, min {:.0} ms, max {:.0} ms over {} edits",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

fn first_briefing(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("content/briefings"))
        .expect("content/briefings")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.into_iter().next().expect("a briefing")
}
