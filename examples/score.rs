//! Scores `crossread scan` output against a generated corpus's truth, cluster by cluster:
//! `cargo run --release --example score -- DIR FOUND`, where DIR is the folder `gencorpus`
//! wrote (or its `truth.jsonl`) (`truth.jsonl`, and `wires.jsonl` with `--viral`) and FOUND is the output of
//! `crossread scan DIR --format clusters` (one object per passage) or `--format jsonl` (pairs,
//! regrouped by their `cluster` field).
//!
//! Each planted passage is a label: a group of planted pairs joined through shared copies, or
//! one viral wire with every carrier. A reported member carries a label when at least half of
//! it lies inside one of that label's copies. Figures printed:
//!
//! - `recall`: share of planted pairs whose two copies are each covered (at least half) by
//!   members of one reported cluster;
//! - `precision`: share of reported members that carry a label (the rest are stock phrases,
//!   near misses or chance, reported as reuse);
//! - `purity`: share of labelled members that carry their cluster's commonest label (1.0: no
//!   cluster mixes two passages); `impure` counts the clusters that do;
//! - per wire: `carriers` found (covered by a member of a cluster holding another copy of the
//!   same wire) of all, and into how many clusters its copies were split.

use std::collections::HashMap;
use std::ops::Range;
use std::process::ExitCode;

type Span = (String, Range<usize>);

fn span_of(v: &serde_json::Value) -> Option<Span> {
    let doc = v.get("doc")?.as_str()?.to_owned();
    let start = usize::try_from(v.get("start")?.as_u64()?).ok()?;
    let end = usize::try_from(v.get("end")?.as_u64()?).ok()?;
    Some((doc, start..end))
}

fn json_lines(path: &str) -> Result<Vec<serde_json::Value>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| serde_json::from_str(line).map_err(|e| format!("{path}:{}: {e}", i + 1)))
        .collect()
}

/// The planted passages: each a list of copies.
struct Truth {
    /// Copies of each label.
    labels: Vec<Vec<Span>>,
    /// Planted pairs: `(label, copy, copy)` as indices into `labels[label]`.
    pairs: Vec<(usize, usize, usize)>,
    /// How many labels are wires (the last ones).
    wires: usize,
}

fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn read_truth(dir: &str) -> Result<Truth, String> {
    let pairs: Vec<(Span, Span)> = json_lines(&format!("{dir}/truth.jsonl"))?
        .iter()
        .enumerate()
        .map(
            |(i, v)| match (v.get("a").and_then(span_of), v.get("b").and_then(span_of)) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => Err(format!("{dir}/truth.jsonl:{}: not a pair of spans", i + 1)),
            },
        )
        .collect::<Result<_, _>>()?;
    // Copies: one per distinct span; pairs join copies into labels.
    let mut copies: Vec<Span> = Vec::new();
    let mut copy_of: HashMap<Span, usize> = HashMap::new();
    let mut id = |s: &Span, copies: &mut Vec<Span>| {
        *copy_of.entry(s.clone()).or_insert_with(|| {
            copies.push(s.clone());
            copies.len() - 1
        })
    };
    let ids: Vec<(usize, usize)> = pairs
        .iter()
        .map(|(a, b)| (id(a, &mut copies), id(b, &mut copies)))
        .collect();
    let mut parent: Vec<usize> = (0..copies.len()).collect();
    for &(x, y) in &ids {
        let (rx, ry) = (find(&mut parent, x), find(&mut parent, y));
        parent[rx] = ry;
    }
    let mut label_of_root: HashMap<usize, usize> = HashMap::new();
    let mut labels: Vec<Vec<Span>> = Vec::new();
    let mut place: Vec<(usize, usize)> = vec![(0, 0); copies.len()];
    for (c, copy) in copies.iter().enumerate() {
        let root = find(&mut parent, c);
        let label = *label_of_root.entry(root).or_insert_with(|| {
            labels.push(Vec::new());
            labels.len() - 1
        });
        place[c] = (label, labels[label].len());
        labels[label].push(copy.clone());
    }
    let pairs = ids
        .iter()
        .map(|&(x, y)| (place[x].0, place[x].1, place[y].1))
        .collect();
    let mut truth = Truth {
        labels,
        pairs,
        wires: 0,
    };
    let wires_path = format!("{dir}/wires.jsonl");
    if std::path::Path::new(&wires_path).exists() {
        for v in json_lines(&wires_path)? {
            let carriers: Vec<Span> = v
                .get("carriers")
                .and_then(|c| c.as_array())
                .map(|c| c.iter().filter_map(span_of).collect())
                .unwrap_or_default();
            truth.labels.push(carriers);
            truth.wires += 1;
        }
    }
    Ok(truth)
}

/// Reported clusters: each a list of members.
fn read_found(path: &str) -> Result<Vec<Vec<Span>>, String> {
    let mut clusters: Vec<Vec<Span>> = Vec::new();
    let mut by_number: HashMap<u64, usize> = HashMap::new();
    for (i, v) in json_lines(path)?.iter().enumerate() {
        if let Some(members) = v.get("members").and_then(|m| m.as_array()) {
            clusters.push(members.iter().filter_map(span_of).collect());
            continue;
        }
        let (Some(a), Some(b), Some(c)) = (
            v.get("a").and_then(span_of),
            v.get("b").and_then(span_of),
            v.get("cluster").and_then(|c| c.as_u64()),
        ) else {
            return Err(format!("{path}:{}: neither a cluster nor a pair", i + 1));
        };
        let k = *by_number.entry(c).or_insert_with(|| {
            clusters.push(Vec::new());
            clusters.len() - 1
        });
        for s in [a, b] {
            if !clusters[k].contains(&s) {
                clusters[k].push(s);
            }
        }
    }
    Ok(clusters)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, found] = args.as_slice() else {
        eprintln!("usage: score DIR FOUND (clusters or jsonl output of crossread scan)");
        return ExitCode::from(2);
    };
    // DIR/truth.jsonl names the folder too.
    let dir = match dir.strip_suffix("truth.jsonl") {
        Some(parent) => parent.trim_end_matches('/').to_owned(),
        None => dir.clone(),
    };
    let dir = if dir.is_empty() { ".".to_owned() } else { dir };
    let dir = dir.as_str();
    let (truth, found) = match (read_truth(dir), read_found(found)) {
        (Ok(t), Ok(f)) => (t, f),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("score: {e}");
            return ExitCode::from(2);
        }
    };
    // Planted copies by document, to label members in a moment.
    let mut copies_in: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (label, copies) in truth.labels.iter().enumerate() {
        for (k, (doc, _)) in copies.iter().enumerate() {
            copies_in.entry(doc.as_str()).or_default().push((label, k));
        }
    }
    // For each member: the label it carries, if any; for each planted copy: the clusters
    // whose members cover at least half of it.
    let mut covered_by: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut members = 0usize;
    let mut labelled = 0usize;
    let mut pure = 0usize;
    let mut impure = 0usize;
    let mut label_clusters: Vec<Vec<usize>> = vec![Vec::new(); truth.labels.len()];
    for (c, cluster) in found.iter().enumerate() {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for (doc, span) in cluster {
            members += 1;
            // The label whose copy fits the member best: copies may nest (a planted copy
            // holding the source of another).
            let mut label: Option<(usize, f64)> = None;
            for &(l, k) in copies_in.get(doc.as_str()).map_or(&[][..], Vec::as_slice) {
                let copy = &truth.labels[l][k].1;
                let o = overlap(span, copy);
                if 2 * o >= copy.len() {
                    covered_by.entry((l, k)).or_default().push(c);
                }
                let fit = o as f64 / span.len().max(copy.len()).max(1) as f64;
                if 2 * o >= span.len() && label.is_none_or(|(_, f)| fit > f) {
                    label = Some((l, fit));
                }
            }
            let label = label.map(|(l, _)| l);
            if let Some(l) = label {
                labelled += 1;
                *counts.entry(l).or_insert(0) += 1;
            }
        }
        let top = counts.values().copied().max().unwrap_or(0);
        pure += top;
        if counts.len() > 1 {
            impure += 1;
        }
        for &l in counts.keys() {
            label_clusters[l].push(c);
        }
    }
    let clusters_of = |l: usize, k: usize| covered_by.get(&(l, k)).map_or(&[][..], Vec::as_slice);
    let found_pairs = truth
        .pairs
        .iter()
        .filter(|&&(l, x, y)| {
            clusters_of(l, x)
                .iter()
                .any(|c| clusters_of(l, y).contains(c))
        })
        .count();
    let ratio = |x: usize, of: usize| if of == 0 { 1.0 } else { x as f64 / of as f64 };
    // The first line keeps the form scripts read (`read -r _ recall _ precision`).
    println!(
        "recall {:.3} precision {:.3}",
        ratio(found_pairs, truth.pairs.len()),
        ratio(labelled, members)
    );
    println!(
        "purity {:.3} impure {} clusters {} members {}",
        ratio(pure, labelled),
        impure,
        found.len(),
        members
    );
    let first_wire = truth.labels.len() - truth.wires;
    for w in 0..truth.wires {
        let l = first_wire + w;
        let carriers = truth.labels[l].len();
        // A carrier is found when a cluster covering it holds another copy of the wire.
        let found_carriers = (0..carriers)
            .filter(|&k| {
                clusters_of(l, k)
                    .iter()
                    .any(|c| (0..carriers).any(|j| j != k && clusters_of(l, j).contains(c)))
            })
            .count();
        let mut split = label_clusters[l].clone();
        split.sort_unstable();
        split.dedup();
        println!(
            "wire {w}: carriers {found_carriers}/{carriers} recall {:.3} clusters {}",
            ratio(found_carriers, carriers),
            split.len()
        );
    }
    ExitCode::SUCCESS
}
