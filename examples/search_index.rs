//! Measures the search index alone on a site: time (wall and CPU), peak
//! memory before and after, and the files it makes.
//!
//! Usage: `cargo run --release --example search_index -- SITE_DIR [ROUNDS]`
//! (a corpus from `cargo run --release --example gen_corpus` will do). The
//! site is loaded once; the index is then built ROUNDS times (default 3)
//! with one cache, as `serve` would after edits: the first round from
//! nothing, the others reusing every document's analysis.

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: search_index SITE_DIR [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(3);
    let mut diags = dossier::diagnostics::Diagnostics::new();
    let Some(site) = dossier::Site::load(
        &root,
        &dossier::config::Overrides::default(),
        &mut diags,
        &mut dossier::BuildCache::default(),
    ) else {
        eprintln!("the site does not load");
        std::process::exit(1);
    };
    println!(
        "loaded {} briefings, {} entries; peak RSS {} MiB",
        site.content.briefings.len(),
        site.content.entries.len(),
        peak_rss_mib()
    );
    let mut cache = dossier::search::IndexCache::default();
    for round in 1..=rounds {
        let (wall, cpu) = (Instant::now(), cpu_seconds());
        let files = dossier::search::index_site_cached(&site.content, &site.config, &mut cache);
        let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
        let total: usize = files.iter().map(|f| f.1.len()).sum();
        let largest = files.iter().max_by_key(|f| f.1.len()).unwrap();
        let shards = files
            .iter()
            .filter(|f| f.0.starts_with("search/t/"))
            .count();
        println!(
            "round {round} ({}): {wall:.2} s wall, {cpu:.2} s CPU; {} files ({shards} shards), \
             {:.1} MiB, largest {} ({} KiB); peak RSS {} MiB",
            if round == 1 { "cold" } else { "cached" },
            files.len(),
            total as f64 / 1048576.0,
            largest.0,
            largest.1.len() / 1024,
            peak_rss_mib()
        );
    }
}

/// The process's peak resident memory, from /proc (0 elsewhere).
fn peak_rss_mib() -> u64 {
    proc_status_kib("VmHWM:") / 1024
}

fn proc_status_kib(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// User plus system CPU time of the process so far, from /proc (0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map(|r| r.1).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields
        .get(11..13)
        .map(|f| f.iter().filter_map(|t| t.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}
