//! Scores `crossread scan --format jsonl` output against a generated corpus's `truth.jsonl`:
//! `cargo run --release --example score -- TRUTH FOUND`. Prints `recall R precision P`.
//!
//! The rule is the generator's own (`examples/gencorpus/generator.rs`, `score`): a match finds a
//! planted pair when it covers at least half of each planted side, and a match is a true
//! positive when at least half of each of its sides lies in a planted pair. Matches are looked
//! up by their pair of documents, so 100,000-article corpora score in a moment.

use std::collections::HashMap;
use std::ops::Range;
use std::process::ExitCode;

type Side = (String, Range<usize>);

fn read_pairs(path: &str) -> Result<Vec<(Side, Side)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let side = |v: &serde_json::Value| -> Option<Side> {
        let doc = v.get("doc")?.as_str()?.to_owned();
        let start = usize::try_from(v.get("start")?.as_u64()?).ok()?;
        let end = usize::try_from(v.get("end")?.as_u64()?).ok()?;
        Some((doc, start..end))
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            let v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
            match (v.get("a").and_then(side), v.get("b").and_then(side)) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => Err(format!("{path}:{}: not a pair of spans", i + 1)),
            }
        })
        .collect()
}

fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

/// True when match `m` and planted pair `t` cover each other enough, measured against the
/// planted sides (`of_truth`) or the match's own.
fn covers(m: &(Side, Side), t: &(Side, Side), of_truth: bool) -> bool {
    let sides = [(&m.0, &t.0, &m.1, &t.1), (&m.1, &t.0, &m.0, &t.1)];
    sides.iter().any(|(ma, ta, mb, tb)| {
        ma.0 == ta.0 && mb.0 == tb.0 && {
            let (la, lb) = if of_truth {
                (ta.1.len(), tb.1.len())
            } else {
                (ma.1.len(), mb.1.len())
            };
            2 * overlap(&ma.1, &ta.1) >= la && 2 * overlap(&mb.1, &tb.1) >= lb
        }
    })
}

fn key(p: &(Side, Side)) -> (String, String) {
    if p.0.0 <= p.1.0 {
        (p.0.0.clone(), p.1.0.clone())
    } else {
        (p.1.0.clone(), p.0.0.clone())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [truth, found] = args.as_slice() else {
        eprintln!("usage: score TRUTH.jsonl FOUND.jsonl");
        return ExitCode::from(2);
    };
    let (truth, found) = match (read_pairs(truth), read_pairs(found)) {
        (Ok(t), Ok(f)) => (t, f),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("score: {e}");
            return ExitCode::from(2);
        }
    };
    let mut by_pair: HashMap<(String, String), (Vec<usize>, Vec<usize>)> = HashMap::new();
    for (i, t) in truth.iter().enumerate() {
        by_pair.entry(key(t)).or_default().0.push(i);
    }
    for (i, m) in found.iter().enumerate() {
        by_pair.entry(key(m)).or_default().1.push(i);
    }
    let mut hits = 0;
    let mut true_positives = 0;
    for (truths, matches) in by_pair.values() {
        hits += truths
            .iter()
            .filter(|&&t| matches.iter().any(|&m| covers(&found[m], &truth[t], true)))
            .count();
        true_positives += matches
            .iter()
            .filter(|&&m| truths.iter().any(|&t| covers(&found[m], &truth[t], false)))
            .count();
    }
    let recall = if truth.is_empty() {
        1.0
    } else {
        hits as f64 / truth.len() as f64
    };
    let precision = if found.is_empty() {
        1.0
    } else {
        true_positives as f64 / found.len() as f64
    };
    println!("recall {recall:.3} precision {precision:.3}");
    ExitCode::SUCCESS
}
