//! Stage timings for profiling builds: set `LOA_TIMINGS=1` to print each stage's wall time
//! to standard error.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("LOA_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `f`, printing how long it took when timings are on.
pub fn stage<T>(name: &str, f: impl FnOnce() -> T) -> T {
    crate::progress::stage(name);
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let out = f();
    eprintln!("[timing] {name}: {:.3} s{}", start.elapsed().as_secs_f64(), memory());
    out
}

/// The process's resident memory now and at its peak so far (Linux only; empty elsewhere).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().trim_end_matches(" kB").trim().to_string())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(rss), Some(peak)) => format!(", {} MB resident, {} MB peak", kb_to_mb(&rss), kb_to_mb(&peak)),
        _ => String::new(),
    }
}

fn kb_to_mb(kb: &str) -> u64 {
    kb.parse::<u64>().unwrap_or(0) / 1024
}

/// Prints a figure about a stage (how much work it did) when timings are on.
pub fn note(name: &str, what: impl FnOnce() -> String) {
    if enabled() {
        eprintln!("[timing] {name}: {}", what());
    }
}
