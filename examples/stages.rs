//! Times the stages of a scan on a corpus folder, for profiling: `cargo run --release --example
//! stages -- DIR`. Prints the seconds spent loading, then in each detection stage (as the
//! progress reports mark them), with peak memory left to `/usr/bin/time -v`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use crossread::reuse::{Stage, detect_with_progress};
use crossread::{Config, Corpus};

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: stages DIR");
        std::process::exit(2);
    };
    let start = Instant::now();
    let (corpus, _) = match Corpus::load(&dir, &Config::default()) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("stages: {err}");
            std::process::exit(2);
        }
    };
    let loaded = start.elapsed().as_secs_f64();
    let first_seen: Mutex<HashMap<Stage, f64>> = Mutex::new(HashMap::new());
    let detect_start = Instant::now();
    let reuse = detect_with_progress(&corpus, &Config::default().detect, &|p| {
        if let Ok(mut seen) = first_seen.lock() {
            seen.entry(p.stage)
                .or_insert_with(|| detect_start.elapsed().as_secs_f64());
        }
    });
    let total = detect_start.elapsed().as_secs_f64();
    let seen = first_seen.into_inner().unwrap_or_default();
    let at = |s: Stage| seen.get(&s).copied();
    let stages = [Stage::Normalize, Stage::Index, Stage::Align, Stage::Cluster];
    println!(
        "load      {loaded:7.3} s  ({} articles)",
        corpus.articles.len()
    );
    let mut from = 0.0;
    for (i, stage) in stages.iter().enumerate() {
        let end = stages[i + 1..].iter().find_map(|&s| at(s)).unwrap_or(total);
        println!("{:<9} {:7.3} s", stage.label(), end - from);
        from = end;
    }
    println!("matches   {}", reuse.matches.len());
}
