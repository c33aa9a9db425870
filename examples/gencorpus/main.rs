//! Writes a generated news corpus with planted reuse, for tests and benchmarks:
//! `cargo run --release --example gencorpus -- DIR N [--seed S] [--viral] [--stock-chains]
//! [--clean]`.
//!
//! DIR gets N articles and `truth.jsonl`, one line per planted pair (spans in bytes of the
//! files as written), `traps.jsonl` with the near-miss passages that must not be reported,
//! `config.toml` naming each article's outlet (so that outlet footers are boilerplate), and
//! with `--viral` `wires.jsonl`: one line per wire reprinted by 0.5 % to 15 % of the articles,
//! listing every carrier (`{"wire":0,"carriers":[{"doc":..,"start":..,"end":..},..]}`).
//! `--stock-chains` ends some sentences with two or three stock phrases in a row. `--clean`
//! writes a corpus whose articles share the planted copies and nothing else: no stock phrases,
//! no footers, no line every article carries, no near misses (`traps.jsonl` is empty), and no
//! `config.toml`, so that each article is its own outlet.

mod generator;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!("usage: gencorpus DIR N [--seed S] [--viral] [--stock-chains] [--clean]");
    ExitCode::from(2)
}

fn json_pair(pair: &generator::TruthPair) -> String {
    let side = |s: &generator::Span| {
        format!(
            r#"{{"doc":"{}","start":{},"end":{}}}"#,
            s.doc, s.bytes.start, s.bytes.end
        )
    };
    let edits: Vec<String> = pair.edits.iter().map(|e| format!("\"{e}\"")).collect();
    format!(
        r#"{{"a":{},"b":{},"edits":[{}]}}"#,
        side(&pair.a),
        side(&pair.b),
        edits.join(",")
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut positional = Vec::new();
    let mut seed = 1u64;
    let mut options = generator::Options::default();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--viral" {
            options.viral = true;
            i += 1;
        } else if args[i] == "--clean" {
            options.clean = true;
            i += 1;
        } else if args[i] == "--stock-chains" {
            options.stock_chains = true;
            i += 1;
        } else if args[i] == "--seed" {
            match args.get(i + 1).and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            }
            i += 2;
        } else {
            positional.push(args[i].clone());
            i += 1;
        }
    }
    let (Some(dir), Some(Ok(n))) = (
        positional.first(),
        positional.get(1).map(|n| n.parse::<usize>()),
    ) else {
        return usage();
    };
    let dir = PathBuf::from(dir);
    let generated = generator::generate_with(n, seed, options);
    let write = || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir)?;
        for (name, text) in &generated.articles {
            std::fs::write(dir.join(name), text)?;
        }
        let mut truth = std::io::BufWriter::new(std::fs::File::create(dir.join("truth.jsonl"))?);
        for pair in &generated.truth {
            writeln!(truth, "{}", json_pair(pair))?;
        }
        let mut traps = std::io::BufWriter::new(std::fs::File::create(dir.join("traps.jsonl"))?);
        for pair in &generated.near_misses {
            writeln!(traps, "{}", json_pair(pair))?;
        }
        if !options.clean {
            let mut config =
                std::io::BufWriter::new(std::fs::File::create(dir.join("config.toml"))?);
            writeln!(config, "[corpus]\ndir = \".\"")?;
            for ((name, _), outlet) in generated.articles.iter().zip(&generated.outlets) {
                writeln!(
                    config,
                    "\n[[source]]\nfile = \"{name}\"\noutlet = \"{outlet}\""
                )?;
            }
        }
        if options.viral {
            let mut wires =
                std::io::BufWriter::new(std::fs::File::create(dir.join("wires.jsonl"))?);
            for (k, carriers) in generated.wires.iter().enumerate() {
                let sides: Vec<String> = carriers
                    .iter()
                    .map(|s| {
                        format!(
                            r#"{{"doc":"{}","start":{},"end":{}}}"#,
                            s.doc, s.bytes.start, s.bytes.end
                        )
                    })
                    .collect();
                writeln!(wires, r#"{{"wire":{k},"carriers":[{}]}}"#, sides.join(","))?;
            }
        }
        Ok(())
    };
    match write() {
        Ok(()) => {
            eprintln!(
                "gencorpus: {} articles, {} planted pairs, {} near misses in {}",
                generated.articles.len(),
                generated.truth.len(),
                generated.near_misses.len(),
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("gencorpus: cannot write {}: {err}", dir.display());
            ExitCode::from(1)
        }
    }
}
