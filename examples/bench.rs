//! Benchmark: builds a generated corpus through the library's phases and
//! prints how long each took, what was written and the peak memory.
//!
//! ```text
//! cargo run --release --example bench -- [N] [DIR]
//! ```
//!
//! - `N`: briefings in the corpus (default 1,000; glossary entries are
//!   `N / 10`, as `gen_corpus` makes them);
//! - `DIR`: where the corpus lives (default `dossier-bench-N` in the
//!   system's temporary folder); it is generated on first use and reused.
//!
//! The site is built twice, as `dossier build --no-search` and as
//! `dossier build`, into `DIR/public` and `DIR/public-search`. Each phase's
//! time comes from `DOSSIER_TIMINGS`; the peak resident memory is the
//! process's high-water mark (Linux only), read after each build, so the
//! second figure covers both.

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use dossier::config::Overrides;

#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use dossier::output::Replace;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = match args.first().map(|a| a.parse()) {
        None => 1000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: bench [N] [DIR]  (N a whole number)");
            return ExitCode::from(2);
        }
    };
    let dir = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("dossier-bench-{n}")));
    if !dir.join("site.toml").is_file() {
        eprintln!("generating {n} briefings in {}", dir.display());
        if let Err(e) = gen_corpus::run(n, &dir, (n / 10).max(10), 3) {
            eprintln!("bench: {e}");
            return ExitCode::FAILURE;
        }
    }
    // The library reads this once, at its first phase.
    // SAFETY: no other thread runs yet.
    unsafe { std::env::set_var("DOSSIER_TIMINGS", "1") };
    for (label, no_search, out) in [
        ("build --no-search", true, "public"),
        ("build", false, "public-search"),
    ] {
        eprintln!("{label}:");
        let overrides = Overrides {
            output_dir: Some(dir.join(out)),
            no_search,
            ..Overrides::default()
        };
        let start = Instant::now();
        match dossier::build(&dir, &overrides, Replace::OnlyOurs) {
            Ok(report) => eprintln!(
                "  total        {:>8.1} ms  ({} pages, {} files; peak memory {})",
                start.elapsed().as_secs_f64() * 1000.0,
                report.pages,
                report.files,
                peak_memory()
            ),
            Err(failed) => {
                for d in failed.0.iter().filter(|d| d.is_error()).take(5) {
                    eprintln!("{}", d.render(None, false));
                }
                eprintln!("bench: the build failed");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// The process's peak resident memory so far, from `/proc/self/status`.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or_else(|| "unknown".to_string(), |kb| format!("{} MiB", kb / 1024))
}
