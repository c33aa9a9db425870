//! Detecting again with other thresholds, on a corpus already read: what the reader's
//! thresholds panel does each time a value changes. The words of every article
//! ([`crate::detect::normalize`]) do not depend on `[detect]`, so they are folded once
//! ([`Prepared`]) and kept; each run then builds the index, aligns and groups as
//! [`crate::detect::reuse::detect`] does, and gives exactly its result. The index itself is
//! built again because which n-grams count as stock (and so which pairs are candidates)
//! depends on the stock settings being changed.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::Corpus;
use crate::detect::align::AlignSide;
use crate::detect::index::{ArticleTokens, Index, Scope};
use crate::detect::normalize::tokenize;
use crate::detect::reuse::{Reuse, align_candidates, assemble, name_ranks};
use crate::detect::wide;

/// A corpus's words, folded once for any number of runs.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Each article's tokens, by [`crate::ArticleId`] (stock marks empty: each run sets its own).
    tokens: Vec<ArticleTokens>,
    /// Each article's position by name.
    rank: Vec<u32>,
}

impl Prepared {
    /// Folds the words of every article of `corpus`.
    pub fn new(corpus: &Corpus) -> Prepared {
        Prepared {
            tokens: corpus
                .articles
                .par_iter()
                .map(|article| ArticleTokens {
                    tokens: tokenize(article.text()),
                    is_stock: Vec::new(),
                })
                .collect(),
            rank: name_ranks(corpus),
        }
    }

    /// True when this was prepared from a corpus of `articles` articles.
    pub fn fits(&self, corpus: &Corpus) -> bool {
        self.tokens.len() == corpus.articles.len()
    }
}

/// The passages the articles of `corpus` share under `config`, from words folded before
/// (`prepared`, made from this same corpus); the result is [`crate::detect::reuse::detect`]'s.
///
/// # Examples
/// ```
/// use crossread::{Corpus, config::DetectConfig, detect::reuse::detect};
/// use crossread::detect::redetect::{Prepared, redetect};
/// let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in \
///     office was due to expire in May 2024 but the war means no new presidential election \
///     has yet been held.";
/// let a = format!("The talks stalled on Thursday. {wire}");
/// let b = format!("{wire} Officials gave no further details.");
/// let corpus = Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())]);
/// let prepared = Prepared::new(&corpus);
/// let strict = DetectConfig { min_words: 40, ..DetectConfig::default() };
/// assert_eq!(redetect(&corpus, &prepared, &strict).matches.len(), 0);
/// let config = DetectConfig::default();
/// assert_eq!(redetect(&corpus, &prepared, &config), detect(&corpus, &config));
/// ```
pub fn redetect(corpus: &Corpus, prepared: &Prepared, config: &DetectConfig) -> Reuse {
    if !prepared.fits(corpus) {
        return crate::detect::reuse::detect(corpus, config);
    }
    let mut tokens = prepared.tokens.clone();
    let rank = &prepared.rank;
    let scope = Scope::whole(tokens.len());
    let index = Index::build_in(&mut tokens, rank, config, scope, None, &|_, _| {});
    let matches = align_candidates(&index.candidates, config, &|_| {}, &|id| AlignSide {
        text: corpus.articles[id.index()].text(),
        tokens: &tokens[id.index()],
        segmentation: &corpus.articles[id.index()].segmentation,
    });
    // The stock marks served the alignment; the widely carried passages are aligned without.
    for t in &mut tokens {
        t.is_stock = Vec::new();
    }
    let frequent: HashMap<u64, u32> = index.frequent.iter().copied().collect();
    let found = wide::find(corpus, &tokens, &frequent, rank, config);
    assemble(corpus, config, rank, matches, found, &|i| &tokens[i].tokens)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::detect::reuse::detect;

    #[test]
    fn every_setting_gives_what_a_full_detection_gives_on_the_seeds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config.toml")).unwrap();
        let (corpus, _) = Corpus::load(&root.join("seeds"), &config).unwrap();
        let prepared = Prepared::new(&corpus);
        let base = config.detect.clone();
        let settings = [
            base.clone(),
            DetectConfig {
                min_words: 6,
                min_similarity: 0.4,
                ..base.clone()
            },
            DetectConfig {
                min_words: 30,
                ..base.clone()
            },
            DetectConfig {
                stock_min_articles: 1,
                stock_share: 0.3,
                ..base.clone()
            },
            DetectConfig {
                boilerplate: false,
                ..base
            },
        ];
        let mut counts = Vec::new();
        for setting in &settings {
            let again = redetect(&corpus, &prepared, setting);
            assert_eq!(again, detect(&corpus, setting), "{setting:?}");
            counts.push(again.clusters.len());
        }
        // The settings do change what is found.
        assert!(counts[1] > counts[0], "{counts:?}");
        assert!(counts[2] < counts[0], "{counts:?}");
    }

    #[test]
    fn a_corpus_other_than_the_prepared_one_is_detected_afresh() {
        let a = Corpus::from_texts([("a.txt", "One two three.")]);
        let prepared = Prepared::new(&a);
        let b = Corpus::from_texts([("a.txt", "One."), ("b.txt", "Two.")]);
        let config = DetectConfig::default();
        assert_eq!(redetect(&b, &prepared, &config), detect(&b, &config));
    }
}
