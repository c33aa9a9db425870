//! What gets flagged in the seeds corpus, against the labelled list in
//! `tests/fixtures/seeds_shared.toml`: every required passage is found and nothing outside the
//! list is reported. Prints recall and precision.

use std::ops::Range;
use std::path::Path;

use crossread::{Config, Corpus, detect};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    passage: Vec<Label>,
}

#[derive(Deserialize)]
struct Label {
    name: String,
    status: String,
    #[allow(dead_code)]
    reason: String,
    a: LabelSide,
    b: LabelSide,
}

#[derive(Deserialize)]
struct LabelSide {
    doc: String,
    from: String,
    to: String,
}

fn span(corpus: &Corpus, side: &LabelSide) -> Range<usize> {
    let article = corpus.find(&side.doc).expect("labelled article exists");
    let text = article.text();
    let start = text
        .find(&side.from)
        .unwrap_or_else(|| panic!("{:?} not in {}", side.from, side.doc));
    let end = start
        + text[start..]
            .find(&side.to)
            .unwrap_or_else(|| panic!("{:?} not after {:?} in {}", side.to, side.from, side.doc))
        + side.to.len();
    start..end
}

fn overlap(x: &Range<usize>, y: &Range<usize>) -> usize {
    x.end.min(y.end).saturating_sub(x.start.max(y.start))
}

#[test]
fn seeds_shared_passages_are_found_and_nothing_else() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).unwrap();
    let (corpus, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
    let labels: Labels = toml::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/seeds_shared.toml")).unwrap(),
    )
    .unwrap();
    let reuse = detect(&corpus, &config.detect);

    let name = |id: crossread::ArticleId| corpus.articles[id.index()].name.as_str();
    // A match and a label agree when, on both sides, the overlap is at least half of either.
    let agrees = |m: &crossread::Match, l: &Label, of_label: bool| {
        let (la, lb) = (span(&corpus, &l.a), span(&corpus, &l.b));
        let sides = [
            (&m.a, &l.a, &la, &m.b, &l.b, &lb),
            (&m.b, &l.a, &la, &m.a, &l.b, &lb),
        ];
        sides.iter().any(|(ma, sa, ra, mb, sb, rb)| {
            let half = |found: &Range<usize>, label: &Range<usize>| {
                let whole = if of_label { label.len() } else { found.len() };
                2 * overlap(found, label) >= whole
            };
            name(ma.article) == sa.doc
                && name(mb.article) == sb.doc
                && half(&ma.byte_span, ra)
                && half(&mb.byte_span, rb)
        })
    };
    let required: Vec<&Label> = labels
        .passage
        .iter()
        .filter(|l| l.status == "required")
        .collect();
    let missed: Vec<&str> = required
        .iter()
        .filter(|l| !reuse.matches.iter().any(|m| agrees(m, l, true)))
        .map(|l| l.name.as_str())
        .collect();
    let wrong: Vec<String> = reuse
        .matches
        .iter()
        .filter(|m| !labels.passage.iter().any(|l| agrees(m, l, false)))
        .map(|m| {
            let text = |s: &crossread::Side| {
                &corpus.articles[s.article.index()].text()[s.byte_span.clone()]
            };
            format!(
                "{} {:?} <> {} {:?}",
                text(&m.a),
                name(m.a.article),
                text(&m.b),
                name(m.b.article)
            )
        })
        .collect();
    let recall = 1.0 - missed.len() as f64 / required.len() as f64;
    let precision = if reuse.matches.is_empty() {
        1.0
    } else {
        1.0 - wrong.len() as f64 / reuse.matches.len() as f64
    };
    println!(
        "seeds: {} labelled passages ({} required), {} matches: recall {recall:.3}, precision {precision:.3}",
        labels.passage.len(),
        required.len(),
        reuse.matches.len()
    );
    assert!(missed.is_empty(), "missed: {missed:?}");
    assert!(wrong.is_empty(), "not in the labelled list: {wrong:#?}");
}

#[test]
fn seeds_copied_shares_and_clusters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(&root.join("config.toml")).unwrap();
    let (corpus, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
    let reuse = detect(&corpus, &config.detect);
    // Every cluster here is one passage in two articles.
    assert!(reuse.clusters.iter().all(|c| c.members.len() == 2));
    // 004 shares nothing; 001 shares the most (four passages).
    let shares: Vec<(usize, f64)> = reuse
        .articles
        .iter()
        .map(|a| (a.shared_passages, a.copied_share))
        .collect();
    assert_eq!(shares[4], (0, 0.0));
    assert_eq!(shares[1].0, 4);
    assert!(shares[1].1 > 0.15 && shares[1].1 < 0.25, "{shares:?}");
    for (i, m) in reuse.matches.iter().enumerate() {
        assert!((0.0..=1.0).contains(&m.similarity));
        assert_eq!(
            reuse.clusters[m.cluster.0 as usize].id, m.cluster,
            "match {i}"
        );
    }
}
