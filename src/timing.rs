//! Phase timings for profiling a build: set `DOSSIER_TIMINGS=1` and each
//! phase prints how long it took to standard error, the CPU time the
//! process spent meanwhile (on all its threads: below twice the wall time
//! on two cores, a phase left a core idle), and the resident memory at its
//! end and the peak so far (where the system tells them). On Linux the
//! load also says how many content files the page cache did not hold.

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
    let cpu = cpu_ms();
    let out = f();
    let cpu = match (cpu, cpu_ms()) {
        (Some(a), Some(b)) => format!("  cpu {:>7.1} ms", b - a),
        _ => String::new(),
    };
    eprintln!(
        "  {name:<12} {:>8.1} ms{cpu}{}",
        start.elapsed().as_secs_f64() * 1000.0,
        memory()
    );
    out
}

/// User and system time of the whole process so far, in milliseconds.
fn cpu_ms() -> Option<f64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
        Some(ms(usage.ru_utime) + ms(usage.ru_stime))
    }
    #[cfg(not(unix))]
    None
}

/// `  rss N MiB, peak N MiB` from `/proc/self/status`, or nothing.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kb| kb / 1024)
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!("  rss {rss:>5} MiB, peak {peak:>5} MiB"),
        _ => String::new(),
    }
}
