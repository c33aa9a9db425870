//! Times the stages of a scan on a corpus folder, for profiling: `cargo run --release --example
//! stages -- DIR`. Prints the seconds spent loading, then in each detection stage (as the
//! progress reports mark them), wall and CPU (user + system of all threads, which a shared
//! machine inflates less; Linux: `/proc/self/stat`), with the resident memory when each stage
//! began and the peak (Linux: `/proc/self/status`; elsewhere blank).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use crossread::detect::reuse::{Stage, detect_with_progress};
use crossread::{Config, Corpus};

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: stages DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let cpu_start = cpu_seconds();
    let (corpus, _) = match Corpus::load(&dir, &Config::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("stages: {err}");
            std::process::exit(2);
        }
    };
    let loaded = start.elapsed().as_secs_f64();
    let loaded_cpu = cpu_seconds() - cpu_start;
    let loaded_rss = memory("VmRSS");
    // Per stage, when it was first reported: (wall s, CPU s, resident memory).
    let first_seen: Mutex<HashMap<Stage, (f64, f64, String)>> = Mutex::new(HashMap::new());
    let detect_start = Instant::now();
    let detect_cpu = cpu_seconds();
    let reuse = detect_with_progress(&corpus, &Config::default().detect, &|p| {
        if let Ok(mut seen) = first_seen.lock() {
            seen.entry(p.stage).or_insert_with(|| {
                (
                    detect_start.elapsed().as_secs_f64(),
                    cpu_seconds() - detect_cpu,
                    memory("VmRSS"),
                )
            });
        }
    });
    let total = (
        detect_start.elapsed().as_secs_f64(),
        cpu_seconds() - detect_cpu,
    );
    let seen = first_seen.into_inner().unwrap_or_default();
    let at = |s: Stage| seen.get(&s).map(|(t, c, _)| (*t, *c));
    let rss_at = |s: Stage| seen.get(&s).map_or(String::new(), |(_, _, m)| m.clone());
    let stages = [Stage::Normalize, Stage::Index, Stage::Align, Stage::Cluster];
    println!(
        "load      {loaded:7.3} s  cpu {loaded_cpu:7.2} s  ({} articles; then {loaded_rss})",
        corpus.articles.len()
    );
    let mut from = (0.0, 0.0);
    for (i, stage) in stages.iter().enumerate() {
        let end = stages[i + 1..].iter().find_map(|&s| at(s)).unwrap_or(total);
        println!(
            "{:<9} {:7.3} s  cpu {:7.2} s  (from {})",
            stage.label(),
            end.0 - from.0,
            end.1 - from.1,
            rss_at(*stage)
        );
        from = end;
    }
    println!("matches   {}", reuse.matches.len());
    println!("peak      {}", memory("VmHWM"));
}

/// CPU seconds this process has used (user + system, all threads); 0 where unknown.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // After the command name (in parentheses, may hold spaces) the state is field 3; utime
    // and stime (fields 14 and 15, in clock ticks of 1/100 s) are then indices 11 and 12.
    let Some(rest) = stat.rsplit(')').next() else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// A line of `/proc/self/status` (`VmRSS`, `VmHWM`) in MB, or blank where there is none.
fn memory(key: &str) -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches(" kB").parse::<u64>().ok())
        .map_or(String::new(), |kb| format!("{} MB", kb / 1024))
}
