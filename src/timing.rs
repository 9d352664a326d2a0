//! Phase timings for profiling a build: set `DOSSIER_TIMINGS=1` and each
//! phase prints how long it took to standard error.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether timings were asked for.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some())
}

/// Runs `f`, printing its duration under `name` when timings are on.
pub fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!(
        "  {name:<12} {:>8.1} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    out
}
