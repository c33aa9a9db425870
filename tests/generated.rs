//! Detection on a generated corpus: every planted copy is found (recall) and nothing else is
//! reported (precision), against the generator's own truth list. The traps (stock phrases, a
//! line in every article, outlet footers, near misses) are what precision measures.

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use crossread::{Corpus, DetectConfig, detect};
use generator::Span;

#[test]
fn planted_copies_are_found_and_traps_are_not() {
    let generated = generator::generate(300, 7);
    let mut corpus = Corpus::from_texts(
        generated
            .articles
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    for (article, outlet) in corpus.articles.iter_mut().zip(&generated.outlets) {
        article.outlet = outlet.clone();
    }
    let reuse = detect(&corpus, &DetectConfig::default());
    let span = |side: &crossread::Side| Span {
        doc: corpus.articles[side.article.index()].name.clone(),
        bytes: side.byte_span.clone(),
    };
    let found: Vec<(Span, Span)> = reuse
        .matches
        .iter()
        .map(|m| (span(&m.a), span(&m.b)))
        .collect();
    let (recall, precision, misses, false_alarms) = generator::score(&found, &generated.truth);
    println!(
        "generated corpus: {} planted pairs, {} matches, recall {recall:.3}, precision {precision:.3}",
        generated.truth.len(),
        found.len()
    );
    let text = |s: &Span| {
        let article = corpus.find(&s.doc).expect("generated article");
        article.text()[s.bytes.clone()].to_owned()
    };
    for &i in misses.iter().take(12) {
        let t = &generated.truth[i];
        println!(
            "missed {:?}:\n  {} {:?}: {}\n  {} {:?}: {}",
            t.edits,
            t.a.doc,
            t.a.bytes,
            text(&t.a),
            t.b.doc,
            t.b.bytes,
            text(&t.b)
        );
        for (a, b) in found.iter().filter(|(a, b)| {
            (a.doc == t.a.doc && b.doc == t.b.doc) || (a.doc == t.b.doc && b.doc == t.a.doc)
        }) {
            println!("  found instead {:?} {:?}", a.bytes, b.bytes);
        }
    }
    for &i in false_alarms.iter().take(5) {
        let (a, b) = &found[i];
        println!(
            "false alarm:\n  {} {:?}: {}\n  {} {:?}: {}",
            a.doc,
            a.bytes,
            text(a),
            b.doc,
            b.bytes,
            text(b)
        );
    }
    let lowest = reuse
        .matches
        .iter()
        .map(|m| m.similarity)
        .fold(1.0, f64::min);
    println!("lowest similarity reported: {lowest:.3}");
    assert!(
        generated.truth.len() > 100,
        "too few planted pairs to measure"
    );
    assert!(recall >= 0.98, "recall {recall:.3}");
    assert!(precision >= 0.98, "precision {precision:.3}");
    // The near misses share a few words with their source: none is reported.
    let (near_found, _, _, _) = generator::score(&found, &generated.near_misses);
    assert_eq!(near_found, 0.0, "a near miss was reported");
}
