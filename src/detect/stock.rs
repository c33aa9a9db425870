//! Which stretches of given passages detection discounts as stock phrases: word sequences
//! found in more articles than [`stock_threshold`] allows ("said in a statement on", a
//! standing footer). Such a stretch never starts a match; inside a passage it still counts as
//! shared words, and an explanation says how many there are.
//!
//! The index marks stock words for the whole corpus while it pairs articles and then drops the
//! marks. Asking again for a few passages costs one pass over the corpus's words, counting
//! only the n-grams those passages hold, so nothing corpus-wide is kept in memory.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::Corpus;
use crate::detect::cluster::Members;
use crate::detect::index::{for_each_shingle, last_word, stock_threshold};
use crate::detect::normalize::tokenize;
use crate::detect::reuse::Side;

/// For each passage of `passages`, the byte spans (in its article's text, inside the passage,
/// sorted and disjoint) of the stock phrases it holds, by the thresholds of `config`.
///
/// # Examples
/// ```
/// use crossread::{Corpus, config::DetectConfig, detect::{reuse::Side, stock::stock_stretches}};
/// let texts: Vec<String> = (0..12)
///     .map(|i| format!("Story {i} about topic number {i}. The ministry said in a statement on Friday."))
///     .collect();
/// let corpus = Corpus::from_texts(texts.iter().enumerate().map(|(i, t)| {
///     (["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt", "h.txt", "i.txt",
///       "j.txt", "k.txt", "l.txt"][i], t.as_str())
/// }));
/// let config = DetectConfig { stock_min_articles: 3, ..DetectConfig::default() };
/// let side = Side { article: corpus.articles[0].id, byte_span: 0..texts[0].len() };
/// let stretches = stock_stretches(&corpus, &config, &[side]);
/// assert_eq!(&texts[0][stretches[0][0].clone()], "ministry said in a statement on Friday");
/// ```
pub fn stock_stretches(
    corpus: &Corpus,
    config: &DetectConfig,
    passages: &[Side],
) -> Vec<Vec<Range<usize>>> {
    stretches(corpus, config, passages, None)
}

/// Like [`stock_stretches`], when the n-grams found in more than [`stock_threshold`] articles
/// of `corpus` are known already (`stock`, sorted: what detection counted while indexing,
/// [`crate::detect::index::FrequentNgrams`]), so the corpus is not read again.
pub fn stock_stretches_known(
    corpus: &Corpus,
    config: &DetectConfig,
    passages: &[Side],
    stock: &[u64],
) -> Vec<Vec<Range<usize>>> {
    stretches(corpus, config, passages, Some(stock))
}

fn stretches(
    corpus: &Corpus,
    config: &DetectConfig,
    passages: &[Side],
    known: Option<&[u64]>,
) -> Vec<Vec<Range<usize>>> {
    // The n-grams each passage starts, with the token spans they cover.
    let mut tokens_of: HashMap<u32, Vec<crate::detect::normalize::Token>> = HashMap::new();
    for side in passages {
        tokens_of.entry(side.article.0).or_insert_with(|| {
            corpus
                .article(side.article)
                .map_or_else(Vec::new, |a| tokenize(a.text()))
        });
    }
    let mut wanted: HashSet<u64> = HashSet::new();
    let mut starts: Vec<Vec<(u64, Range<usize>)>> = Vec::with_capacity(passages.len());
    for side in passages {
        let tokens = tokens_of
            .get(&side.article.0)
            .map_or(&[][..], Vec::as_slice);
        let mut here = Vec::new();
        for_each_shingle(tokens, |hash, first| {
            let last = last_word(tokens, first) as usize;
            let (Some(a), Some(b)) = (tokens.get(first as usize), tokens.get(last)) else {
                return;
            };
            let span = a.byte_start as usize..b.byte_end as usize;
            if span.start >= side.byte_span.start && span.end <= side.byte_span.end {
                wanted.insert(hash);
                here.push((hash, span));
            }
        });
        starts.push(here);
    }
    if wanted.is_empty() {
        return vec![Vec::new(); passages.len()];
    }
    if let Some(stock) = known {
        return starts
            .into_iter()
            .map(|here| {
                let spans = here
                    .into_iter()
                    .filter(|(hash, _)| stock.binary_search(hash).is_ok())
                    .map(|(_, span)| span)
                    .collect();
                Members::from_spans(spans).spans
            })
            .collect();
    }
    // How many articles hold each wanted n-gram.
    let df: HashMap<u64, usize> = corpus
        .articles
        .par_iter()
        .map(|article| {
            let mut found = HashSet::new();
            for_each_shingle(&tokenize(article.text()), |hash, _| {
                if wanted.contains(&hash) {
                    found.insert(hash);
                }
            });
            found
        })
        .fold(HashMap::new, |mut acc: HashMap<u64, usize>, found| {
            for hash in found {
                *acc.entry(hash).or_insert(0) += 1;
            }
            acc
        })
        .reduce(HashMap::new, |mut a, b| {
            for (hash, n) in b {
                *a.entry(hash).or_insert(0) += n;
            }
            a
        });
    let threshold = stock_threshold(corpus.articles.len(), config);
    starts
        .into_iter()
        .map(|here| {
            let spans = here
                .into_iter()
                .filter(|(hash, _)| df.get(hash).copied().unwrap_or(0) > threshold)
                .map(|(_, span)| span)
                .collect();
            // Overlapping n-grams make one stretch; adjacent ones stay two.
            Members::from_spans(spans).spans
        })
        .collect()
}
