//! Chains of stock phrases: "…said on Thursday, according to a statement", two or three common
//! phrases in a row that two unrelated articles happen to share in the same order. Their
//! junctions are rare, so the index pairs the articles, and the words pass as a shared
//! passage; but each piece stands in many more articles than carry the whole. A passage is
//! judged by how common the word sequences it is made of are, next to how many articles carry
//! it: a wire paragraph carried by 1,500 articles is long, and its sequences are found in
//! about as many articles as carry it; a stock chain is short, and its sequences are in
//! hundreds of articles more.

use std::ops::Range;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::detect::index::stock_threshold;
use crate::detect::normalize::Token;
use crate::hash::{HashedMap, HashedSet};

/// A passage: an article (by index) and a byte span of its text.
pub type Place = (usize, Range<usize>);
/// Words (function words included) of the sequences [`stock_chains`] counts: three, so that a
/// stock phrase of three or four words ("on Thursday evening", "according to a statement")
/// is seen whole, though it holds fewer content words than the index's n-grams.
const CHAIN_WINDOW: usize = 3;

/// How many times more articles than carry a whole passage must hold the word sequences it is
/// made of before the passage is a chain of stock phrases.
const CHAIN_FACTOR: usize = 4;

/// Passages longer than this (in words) are never a chain of stock phrases: two or three stock
/// phrases in a row are short; a wire paragraph is long whatever its frequency.
const CHAIN_MAX_WORDS: usize = 40;

/// For each group of copies in `clusters` (each a list of passages, every article's tokens
/// given by `tokens`, `articles` in all): true when it is a chain of stock phrases rather than
/// a shared passage. A passage is such a chain when almost every content word of it (all but
/// fewer than `min_content_words`) lies in a three-word sequence found in over four times as
/// many articles as carry the passage, and in more than [`stock_threshold`] allows: its words are
/// common, and only their order here is shared ("…said on Thursday, according to a
/// statement"). A group is a chain when most of its copies are.
pub fn stock_chains<'t>(
    articles: usize,
    config: &DetectConfig,
    tokens: &(dyn Fn(usize) -> &'t [Token] + Sync),
    clusters: &[Vec<Place>],
) -> Vec<bool> {
    // The windows of the short copies of each group that could be a chain.
    struct Copy {
        cluster: usize,
        /// Per token of the copy: its window hash (when a window starts there) and whether it
        /// is a content word.
        windows: Vec<Option<u64>>,
        content: Vec<bool>,
    }
    let mut limits = Vec::with_capacity(clusters.len());
    let mut copies: Vec<Copy> = Vec::new();
    for (c, members) in clusters.iter().enumerate() {
        let mut carriers: Vec<usize> = members.iter().map(|m| m.0).collect();
        carriers.sort_unstable();
        carriers.dedup();
        let limit = (CHAIN_FACTOR * carriers.len()).max(stock_threshold(articles, config));
        limits.push(limit);
        if limit >= articles {
            continue;
        }
        for (article, span) in members {
            let all = tokens(*article);
            let from = all.partition_point(|t| (t.byte_start as usize) < span.start);
            let to = all.partition_point(|t| (t.byte_end as usize) <= span.end);
            let words = all.get(from..to.max(from)).unwrap_or(&[]);
            if words.is_empty() || words.len() > CHAIN_MAX_WORDS {
                continue;
            }
            copies.push(Copy {
                cluster: c,
                windows: (0..words.len())
                    .map(|i| words.get(i..i + CHAIN_WINDOW).map(window_hash))
                    .collect(),
                content: words.iter().map(|t| t.is_content()).collect(),
            });
        }
    }
    if copies.is_empty() {
        return vec![false; clusters.len()];
    }
    let wanted: HashedSet<u64> = copies
        .iter()
        .flat_map(|c| c.windows.iter().flatten().copied())
        .collect();
    // Articles holding each wanted sequence: per article the sequences it holds, each once.
    let df: HashedMap<u64, usize> = (0..articles)
        .into_par_iter()
        .fold(
            || (HashedMap::default(), Vec::new()),
            |(mut acc, mut found): (HashedMap<u64, usize>, Vec<u64>), i| {
                found.clear();
                found.extend(
                    tokens(i)
                        .windows(CHAIN_WINDOW)
                        .map(window_hash)
                        .filter(|h| wanted.contains(h)),
                );
                found.sort_unstable();
                found.dedup();
                for &h in &found {
                    *acc.entry(h).or_insert(0) += 1;
                }
                (acc, found)
            },
        )
        .map(|(acc, _)| acc)
        .reduce(HashedMap::default, |mut a, b| {
            for (h, n) in b {
                *a.entry(h).or_insert(0) += n;
            }
            a
        });
    let mut chains = vec![0usize; clusters.len()];
    for copy in &copies {
        let limit = limits[copy.cluster];
        let mut covered = vec![false; copy.content.len()];
        for (i, w) in copy.windows.iter().enumerate() {
            if w.is_some_and(|h| df.get(&h).copied().unwrap_or(0) > limit) {
                for flag in &mut covered[i..i + CHAIN_WINDOW] {
                    *flag = true;
                }
            }
        }
        let own = copy
            .content
            .iter()
            .zip(&covered)
            .filter(|(content, covered)| **content && !**covered)
            .count();
        if own < config.min_content_words {
            chains[copy.cluster] += 1;
        }
    }
    clusters
        .iter()
        .zip(chains)
        .map(|(members, chains)| 2 * chains > members.len())
        .collect()
}

/// The hash of a word sequence (by the words' folded keys).
fn window_hash(words: &[Token]) -> u64 {
    words.iter().fold(0x5eed_u64, |h, t| {
        crate::hash::mix(h ^ u64::from(t.key())).rotate_left(11)
    })
}
