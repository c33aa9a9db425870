//! Times what the reader's thresholds panel (`D`) does on each change: detection run again
//! with other `[detect]` values from the words folded once (`crossread::detect::redetect`).
//! `cargo run --release --example redetect -- DIR [DIR...]` prints, per corpus folder, the
//! one-off folding, then each change of value with its time and the passages before and after.
//! Targets: under 0.2 s a change at 1,000 articles, a few seconds at 10,000. Each time is
//! given as wall seconds and as the CPU seconds of all threads (Linux: `/proc/self/stat`),
//! which a busy machine inflates less.

use std::path::PathBuf;
use std::time::Instant;

use crossread::config::DetectConfig;
use crossread::detect::redetect::{Prepared, redetect};
use crossread::{Config, Corpus};

/// CPU seconds this process has used (user + system, all threads); 0 where unknown.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let Some(rest) = stat.rsplit(')').next() else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; after the name, the state (field 3)
    // is index 0, so they are 11 and 12.
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: redetect DIR [DIR...]");
        std::process::exit(2);
    }
    for dir in dirs {
        let file = dir.join("config.toml");
        let config = if file.is_file() {
            match Config::load(&file) {
                Ok(config) => config,
                Err(err) => {
                    eprintln!("redetect: {err}");
                    std::process::exit(2);
                }
            }
        } else {
            Config::default()
        };
        let (corpus, _) = match Corpus::load(&dir, &config) {
            Ok(loaded) => loaded,
            Err(err) => {
                eprintln!("redetect: {err}");
                std::process::exit(2);
            }
        };
        let started = Instant::now();
        let cpu = cpu_seconds();
        let prepared = Prepared::new(&corpus);
        println!(
            "{}: {} articles; words folded once in {:.3} s (CPU {:.2} s)",
            dir.display(),
            corpus.articles.len(),
            started.elapsed().as_secs_f64(),
            cpu_seconds() - cpu
        );
        let base = config.detect.clone();
        let steps: [(&str, DetectConfig); 6] = [
            ("as configured", base.clone()),
            (
                "min_words 12 → 8",
                DetectConfig {
                    min_words: 8,
                    ..base.clone()
                },
            ),
            (
                "min_similarity → 0.80",
                DetectConfig {
                    min_words: 8,
                    min_similarity: 0.8,
                    ..base.clone()
                },
            ),
            (
                "stock_share → 0.05",
                DetectConfig {
                    stock_share: 0.05,
                    ..base.clone()
                },
            ),
            (
                "boilerplate off",
                DetectConfig {
                    boilerplate: false,
                    ..base.clone()
                },
            ),
            ("back as configured", base),
        ];
        let mut before: Option<usize> = None;
        for (what, setting) in steps {
            let started = Instant::now();
            let cpu = cpu_seconds();
            let reuse = redetect(&corpus, &prepared, &setting);
            let seconds = started.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu;
            let after = reuse.clusters.len();
            match before {
                Some(b) => println!(
                    "  {what:<22} {seconds:7.3} s (CPU {cpu:5.2} s)  {b} → {after} passages"
                ),
                None => {
                    println!("  {what:<22} {seconds:7.3} s (CPU {cpu:5.2} s)  {after} passages")
                }
            }
            before = Some(after);
        }
    }
}
