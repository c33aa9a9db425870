//! What changed between the corpus a result was computed from and the corpus now: which
//! articles stayed, came or went ([`ArticleDiff`]), how their ranks by name map
//! ([`Renumbering`]), and how many articles now hold each n-gram the change touched
//! ([`DfChange`]).

use std::collections::HashMap;

use crate::corpus::{ArticleId, Corpus};
use crate::detect::index::weight_step;
use crate::detect::postings::{Postings, unpack};
use crate::detect::reuse::name_ranks;

/// An id from an index in the corpus.
pub(super) fn id_at(i: usize) -> ArticleId {
    ArticleId(u32::try_from(i).unwrap_or(u32::MAX))
}

/// Which articles stayed (same name, same text), which are new or changed, which are gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ArticleDiff {
    /// For each old article, its id now, or `None` when it is gone or changed.
    pub new_of_old: Vec<Option<ArticleId>>,
    /// Articles new or changed, by id now.
    pub added: Vec<ArticleId>,
    /// Old articles gone or changed.
    pub removed: usize,
}

impl ArticleDiff {
    /// Compares `old` (name and text hash by old id) with `corpus`, whose texts hash to
    /// `hashes`.
    pub fn between(old: &[(String, u64)], corpus: &Corpus, hashes: &[u64]) -> ArticleDiff {
        let by_name: HashMap<&str, usize> = old
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.as_str(), i))
            .collect();
        let mut new_of_old: Vec<Option<ArticleId>> = vec![None; old.len()];
        let mut added = Vec::new();
        for (i, article) in corpus.articles.iter().enumerate() {
            match by_name.get(article.name.as_str()) {
                Some(&o) if old[o].1 == hashes[i] && new_of_old[o].is_none() => {
                    new_of_old[o] = Some(id_at(i));
                }
                _ => added.push(id_at(i)),
            }
        }
        let removed = new_of_old.iter().filter(|m| m.is_none()).count();
        ArticleDiff {
            new_of_old,
            added,
            removed,
        }
    }

    /// Articles added plus articles removed.
    pub fn changes(&self) -> usize {
        self.added.len() + self.removed
    }
}

/// Ranks by name, old and new: the posting list names articles by rank.
#[derive(Debug, Clone)]
pub(super) struct Renumbering {
    /// Each article's rank by name now, by id.
    pub new_rank: Vec<u32>,
    new_rank_of_old_rank: Vec<u32>,
    id_of_new_rank: Vec<ArticleId>,
}

impl Renumbering {
    /// The ranks of `corpus`, and how the ranks of `old` map to them.
    pub fn new(old: &[(String, u64)], diff: &ArticleDiff, corpus: &Corpus) -> Renumbering {
        let old_rank = ranks_of_names(old);
        let new_rank = name_ranks(corpus);
        let mut new_rank_of_old_rank = vec![u32::MAX; old.len()];
        for (o, target) in diff.new_of_old.iter().enumerate() {
            if let Some(id) = target {
                new_rank_of_old_rank[old_rank[o] as usize] = new_rank[id.index()];
            }
        }
        let mut id_of_new_rank = vec![ArticleId(0); new_rank.len()];
        for (i, &r) in new_rank.iter().enumerate() {
            id_of_new_rank[r as usize] = id_at(i);
        }
        Renumbering {
            new_rank,
            new_rank_of_old_rank,
            id_of_new_rank,
        }
    }

    /// The id now of the article that had `old_rank`, unless it is gone or changed.
    pub fn survivor(&self, old_rank: u32) -> Option<ArticleId> {
        self.new_rank_of_old_rank
            .get(old_rank as usize)
            .filter(|&&r| r != u32::MAX)
            .map(|&r| self.id_of_new_rank[r as usize])
    }
}

/// Each article's rank when `(name, hash)` entries are sorted by name.
pub(super) fn ranks_of_names(articles: &[(String, u64)]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&x, &y| articles[x].0.cmp(&articles[y].0));
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}

/// How the article counts of n-grams moved: the new texts' n-grams, and the gone texts' (read
/// from the posting list).
#[derive(Debug, Clone, Default)]
pub(super) struct DfChange {
    /// Articles among the added that hold each n-gram.
    pub added: HashMap<u64, u32>,
    /// Articles among the gone that held each n-gram.
    pub removed: HashMap<u64, u32>,
}

impl DfChange {
    /// The change from the added articles' n-gram counts, and the gone ones' entries in
    /// `postings`.
    pub fn new(
        added_counts: &[Vec<(u64, u32)>],
        postings: &Postings,
        renumbering: &Renumbering,
        any_removed: bool,
    ) -> DfChange {
        let mut added: HashMap<u64, u32> = HashMap::new();
        for counts in added_counts {
            for &(h, _) in counts {
                *added.entry(h).or_default() += 1;
            }
        }
        let mut removed: HashMap<u64, u32> = HashMap::new();
        if any_removed {
            for (h, posting) in postings.iter() {
                if renumbering.survivor(unpack(posting).0).is_none() {
                    *removed.entry(h).or_default() += 1;
                }
            }
        }
        DfChange { added, removed }
    }

    /// The article count now of an n-gram that `old` articles held.
    pub fn df(&self, h: u64, old: u32) -> u32 {
        (old + self.added.get(&h).copied().unwrap_or(0))
            .saturating_sub(self.removed.get(&h).copied().unwrap_or(0))
    }

    /// The n-grams whose count moved.
    pub fn touched(&self) -> impl Iterator<Item = u64> + '_ {
        self.added.keys().chain(self.removed.keys()).copied()
    }
}

/// The article count of `h` in `postings`.
pub(super) fn old_df(postings: &Postings, h: u64) -> u32 {
    u32::try_from(postings.range(h).len()).unwrap_or(u32::MAX)
}

/// Articles to read again, by id now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marks {
    /// Aligned again with every partner: new ones, and those whose stock marks moved.
    pub focus: Vec<bool>,
    /// Aligned again with each other: they hold an n-gram whose weight changed step.
    pub rejoined: Vec<bool>,
}

/// Which unchanged articles the change reaches. An n-gram whose weight changed step joins
/// pairs of unchanged articles that must be aligned again; one that crossed the stock
/// threshold (`is_stock`) changes the stock marks of every article holding it, so those are
/// aligned again with all their partners, like new ones. Only n-grams in at most `pair_limit`
/// articles weigh in pairs; past `threshold` they are stock.
pub(super) fn marks(
    added: &[ArticleId],
    change: &DfChange,
    postings: &Postings,
    renumbering: &Renumbering,
    threshold: usize,
    pair_limit: usize,
) -> Marks {
    let n = renumbering.new_rank.len();
    let is_stock = |df: u32| df as usize > threshold;
    let pairs = |df: u32| df as usize <= pair_limit;
    let mut focus = vec![false; n];
    let mut rejoined = vec![false; n];
    for id in added {
        focus[id.index()] = true;
    }
    for h in change.touched() {
        let old = old_df(postings, h);
        let new = change.df(h, old);
        let marks = if is_stock(old) != is_stock(new) {
            &mut focus
        } else if (pairs(old) || pairs(new)) && weight_step(old) != weight_step(new) {
            &mut rejoined
        } else {
            continue;
        };
        for (r, _) in postings.ranks(h) {
            if let Some(id) = renumbering.survivor(r) {
                marks[id.index()] = true;
            }
        }
    }
    Marks { focus, rejoined }
}

/// The n-grams of the new corpus found in more than `threshold` articles (those that pair no
/// articles up), with how many: the previous posting list's counts, plus the new texts',
/// minus the gone ones'.
pub(super) fn frequent_ngrams(
    postings: &Postings,
    change: &DfChange,
    threshold: usize,
) -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < postings.len() {
        let (h, _) = postings.entry(i);
        let run = postings.range(h);
        let df = change.df(h, u32::try_from(run.len()).unwrap_or(u32::MAX));
        if df as usize > threshold {
            out.insert(h, df);
        }
        i = run.end.max(i + 1);
    }
    for (&h, &n) in &change.added {
        if postings.range(h).is_empty() && n as usize > threshold {
            out.insert(h, n);
        }
    }
    out
}

#[cfg(test)]
mod tests;
