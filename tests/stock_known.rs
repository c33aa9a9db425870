//! The stock phrases of a scan's JSON lines, found from the n-grams detection counted while
//! indexing, are the ones a count over the whole corpus finds.

#[path = "../examples/gencorpus/generator.rs"]
mod generator;

use crossread::detect::index::{FrequentNgrams, stock_threshold};
use crossread::detect::reuse::{Side, detect_with_postings};
use crossread::detect::stock::{stock_stretches, stock_stretches_known};
use crossread::{Corpus, DetectConfig};

#[test]
fn stock_ngrams_counted_while_indexing_give_the_same_stretches() {
    let generated = generator::generate(300, 5);
    let corpus = Corpus::from_texts(
        generated
            .articles
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    let config = DetectConfig::default();
    let mut frequent = FrequentNgrams::new(stock_threshold(corpus.articles.len(), &config));
    let reuse = detect_with_postings(
        &corpus,
        &config,
        &|_| {},
        Some(&mut |hash, posting| frequent.push(hash, posting)),
    );
    let stock = frequent.finish();
    assert!(!stock.is_empty());
    assert!(stock.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
    // The first copy of every match, and whole articles (where the stock phrases are).
    let mut sides: Vec<Side> = reuse.matches.iter().map(|m| m.a.clone()).collect();
    sides.extend(corpus.articles.iter().take(60).map(|a| Side {
        article: a.id,
        byte_span: 0..a.text().len(),
    }));
    let counted = stock_stretches(&corpus, &config, &sides);
    assert!(counted.iter().any(|s| !s.is_empty()));
    assert_eq!(
        stock_stretches_known(&corpus, &config, &sides, &stock),
        counted
    );
}
