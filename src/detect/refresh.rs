//! Bringing a detection result up to date after articles were added, changed or removed,
//! without detecting again on the whole corpus. Only the new texts, the articles they share
//! n-grams with, and the articles joined by an n-gram whose weight changed are read again; every
//! other pair keeps its matches. The result is the one [`crate::detect::reuse::detect`] gives on the new
//! corpus, exactly: where that cannot be promised cheaply, [`refresh`] says so and the caller
//! detects again.
//!
//! Why the rest can be kept: two unchanged articles are aligned from the n-grams they share,
//! each weighed by how many articles hold it ([`crate::detect::index::weight`]), and from their stock
//! marks. Adding or removing an article changes the count of its own n-grams only. A count
//! that stays on the same weight step changes nothing for other pairs; one that changes step
//! changes the pairs of the articles holding that n-gram, which are recomputed; one that
//! crosses the stock threshold changes stock marks, and the stock threshold itself moves with
//! the size of small corpora: both are left to a full run.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::align::AlignSide;
use crate::detect::index::{
    ArticleTokens, Index, MAX_REPEATS_PER_ARTICLE, MIN_EVIDENCE, PostingSink, Scope, pairing_limit,
    shingle_counts, stock_threshold, weight, weight_step,
};
use crate::detect::normalize::tokenize;
use crate::detect::postings::{Postings, pack, unpack};
use crate::detect::reuse::{
    Match, Progress, Reuse, Side, Stage, align_candidates, assemble, name_ranks,
};
use crate::detect::wide;

/// What a detection result was computed from.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    /// Every article of that corpus, by its id then: name and [`crate::cache::hash64`] of its
    /// text.
    pub articles: &'a [(String, u64)],
    /// The result.
    pub reuse: &'a Reuse,
    /// That corpus's posting list (ranks by name among `articles`).
    pub postings: &'a Postings,
}

/// A result brought up to date.
#[derive(Debug, Clone)]
pub struct Refreshed {
    /// The result on the new corpus.
    pub reuse: Reuse,
    /// Articles new or changed since.
    pub added: usize,
    /// Articles gone or changed since.
    pub removed: usize,
    /// Articles read and aligned again (the added ones among them).
    pub reread: usize,
}

/// The outcome of [`refresh`].
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The result, updated.
    Updated(Refreshed),
    /// The update cannot be exact or would not be cheaper than detecting again: why, as a
    /// phrase.
    Rerun(String),
}

/// Changes past this share of the corpus (and past [`MIN_BATCH`]) are cheaper to detect anew.
const MAX_CHANGED_SHARE: usize = 8;

/// Changes up to this many are always applied as an update.
const MIN_BATCH: usize = 64;

/// Brings `previous` up to date for `corpus`, whose article texts hash to `hashes`
/// ([`crate::cache::hash64`], by article id). Hands the new posting list to `postings` when
/// given (only on [`Outcome::Updated`]).
pub fn refresh(
    corpus: &Corpus,
    hashes: &[u64],
    config: &DetectConfig,
    previous: Previous<'_>,
    postings: Option<PostingSink<'_>>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcome {
    let n = corpus.articles.len();
    let old_n = previous.articles.len();
    if previous.reuse.articles.len() != old_n || hashes.len() != n {
        return Outcome::Rerun("the saved matches do not fit their articles".to_owned());
    }
    let threshold = stock_threshold(n, config);
    if threshold != stock_threshold(old_n, config) {
        return Outcome::Rerun(format!(
            "the corpus grew from {old_n} to {n} articles, which moves the stock threshold"
        ));
    }

    // Which articles stayed (same name, same text), which are new, which are gone.
    let by_name: HashMap<&str, usize> = previous
        .articles
        .iter()
        .enumerate()
        .map(|(i, (name, _))| (name.as_str(), i))
        .collect();
    let mut new_of_old: Vec<Option<ArticleId>> = vec![None; old_n];
    let mut added: Vec<ArticleId> = Vec::new();
    for (i, article) in corpus.articles.iter().enumerate() {
        let id = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
        match by_name.get(article.name.as_str()) {
            Some(&o) if previous.articles[o].1 == hashes[i] && new_of_old[o].is_none() => {
                new_of_old[o] = Some(id);
            }
            _ => added.push(id),
        }
    }
    let removed = new_of_old.iter().filter(|m| m.is_none()).count();
    let changes = added.len() + removed;
    if changes > MIN_BATCH.max(n / MAX_CHANGED_SHARE) {
        return Outcome::Rerun(format!("{changes} articles changed"));
    }

    // Ranks by name, old and new; an old rank maps to a new one, or to none when removed.
    let old_rank = ranks_of_names(previous.articles);
    let new_rank = name_ranks(corpus);
    let mut new_rank_of_old_rank = vec![u32::MAX; old_n];
    for (o, target) in new_of_old.iter().enumerate() {
        if let Some(id) = target {
            new_rank_of_old_rank[old_rank[o] as usize] = new_rank[id.index()];
        }
    }
    let mut id_of_new_rank = vec![ArticleId(0); n];
    for (i, &r) in new_rank.iter().enumerate() {
        id_of_new_rank[r as usize] = ArticleId(u32::try_from(i).unwrap_or(u32::MAX));
    }
    let survivor = |old_rank: u32| -> Option<ArticleId> {
        new_rank_of_old_rank
            .get(old_rank as usize)
            .filter(|&&r| r != u32::MAX)
            .map(|&r| id_of_new_rank[r as usize])
    };

    // The n-grams of the new texts, and of the gone ones (from the posting list).
    progress(Progress {
        stage: Stage::Normalize,
        done: 0,
        total: changes,
    });
    let added_tokens: Vec<ArticleTokens> = added
        .par_iter()
        .map(|id| ArticleTokens {
            tokens: tokenize(corpus.articles[id.index()].text()),
            is_stock: Vec::new(),
        })
        .collect();
    let added_counts: Vec<Vec<(u64, u32)>> = added_tokens
        .par_iter()
        .map(|t| shingle_counts(&t.tokens))
        .collect();
    let mut is_added = vec![false; n];
    for id in &added {
        is_added[id.index()] = true;
    }
    let mut added_df: HashMap<u64, u32> = HashMap::new();
    for counts in &added_counts {
        for &(h, _) in counts {
            *added_df.entry(h).or_default() += 1;
        }
    }
    let mut removed_df: HashMap<u64, u32> = HashMap::new();
    if removed > 0 {
        for (h, posting) in previous.postings.iter() {
            if survivor(unpack(posting).0).is_none() {
                *removed_df.entry(h).or_default() += 1;
            }
        }
    }
    let new_df = |h: u64| -> u32 {
        let old = u32::try_from(previous.postings.range(h).len()).unwrap_or(u32::MAX);
        (old + added_df.get(&h).copied().unwrap_or(0))
            .saturating_sub(removed_df.get(&h).copied().unwrap_or(0))
    };

    // N-grams whose weight changed join pairs of unchanged articles that must be aligned again.
    // One that crossed the stock threshold changes the stock marks of every article holding
    // it, so those articles are aligned again with all their partners, like new ones.
    let mut rejoined = vec![false; n];
    let mut focus = vec![false; n];
    for id in &added {
        focus[id.index()] = true;
    }
    let is_stock = |df: u32| df as usize > threshold;
    let pair_limit = pairing_limit(n, config);
    let pairs = |df: u32| df as usize <= pair_limit;
    for &h in added_df.keys().chain(removed_df.keys()) {
        let old = u32::try_from(previous.postings.range(h).len()).unwrap_or(u32::MAX);
        let new = new_df(h);
        let marks = if is_stock(old) != is_stock(new) {
            &mut focus
        } else if (pairs(old) || pairs(new)) && weight_step(old) != weight_step(new) {
            &mut rejoined
        } else {
            continue;
        };
        for (r, _) in previous.postings.ranks(h) {
            if let Some(id) = survivor(r) {
                marks[id.index()] = true;
            }
        }
    }
    let restocked: Vec<ArticleId> = (0..n)
        .filter(|&i| focus[i] && !is_added[i])
        .map(|i| ArticleId(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let restocked_tokens: Vec<ArticleTokens> = restocked
        .par_iter()
        .map(|id| ArticleTokens {
            tokens: tokenize(corpus.articles[id.index()].text()),
            is_stock: Vec::new(),
        })
        .collect();
    let focus_ids: Vec<ArticleId> = added.iter().chain(&restocked).copied().collect();
    let focus_tokens: Vec<ArticleTokens> =
        added_tokens.into_iter().chain(restocked_tokens).collect();
    let focus_counts: Vec<Vec<(u64, u32)>> = added_counts
        .into_iter()
        .chain(
            focus_tokens[added.len()..]
                .par_iter()
                .map(|t| shingle_counts(&t.tokens))
                .collect::<Vec<_>>(),
        )
        .collect();

    // Unchanged articles that may share a passage with a focus article: those whose shared
    // n-grams could add up to the evidence a candidate needs.
    let partners: Vec<Vec<ArticleId>> = focus_counts
        .par_iter()
        .map(|counts| {
            let mut bound: HashMap<ArticleId, f64> = HashMap::new();
            for &(h, occurrences) in counts {
                let df = new_df(h);
                if df < 2 || !pairs(df) {
                    continue;
                }
                // Exactly what the pair's shared n-grams weigh in the index's first test
                // (`could_be_strong`): a hit per pair of occurrences, a few per article.
                let repeats = MAX_REPEATS_PER_ARTICLE as f64;
                let mine = weight(df) * f64::from(occurrences).min(repeats);
                for (r, theirs) in previous.postings.ranks(h) {
                    if let Some(id) = survivor(r) {
                        *bound.entry(id).or_default() += mine * f64::from(theirs).min(repeats);
                    }
                }
            }
            bound
                .into_iter()
                .filter(|&(_, b)| b >= MIN_EVIDENCE - 1e-9)
                .map(|(id, _)| id)
                .collect()
        })
        .collect();

    // The articles read again: new ones, their possible partners, the rejoined ones.
    let mut reread = vec![false; n];
    for id in partners.iter().flatten().chain(&focus_ids) {
        reread[id.index()] = true;
    }
    for (i, &r) in rejoined.iter().enumerate() {
        reread[i] |= r;
    }
    let scope_ids: Vec<ArticleId> = (0..n)
        .filter(|&i| reread[i])
        .map(|i| ArticleId(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut local_of: HashMap<ArticleId, usize> = HashMap::with_capacity(scope_ids.len());
    for (k, id) in scope_ids.iter().enumerate() {
        local_of.insert(*id, k);
    }
    let mut focus_tokens: HashMap<ArticleId, ArticleTokens> =
        focus_ids.iter().copied().zip(focus_tokens).collect();
    let mut tokens: Vec<ArticleTokens> = scope_ids
        .par_iter()
        .map(|id| match focus_tokens.get(id) {
            Some(_) => ArticleTokens::default(),
            None => ArticleTokens {
                tokens: tokenize(corpus.articles[id.index()].text()),
                is_stock: Vec::new(),
            },
        })
        .collect();
    for (k, id) in scope_ids.iter().enumerate() {
        if let Some(t) = focus_tokens.remove(id) {
            tokens[k] = t;
        }
    }
    let local_rank: Vec<u32> = scope_ids.iter().map(|id| new_rank[id.index()]).collect();
    let wants = |x: usize, y: usize| {
        let (x, y) = (scope_ids[x].index(), scope_ids[y].index());
        focus[x] || focus[y] || (rejoined[x] && rejoined[y])
    };
    let scope = Scope {
        corpus_articles: n,
        df: Some(&new_df),
        wants: Some(&wants),
    };
    let index = Index::build_in(&mut tokens, &local_rank, config, scope, None, &|d, t| {
        progress(Progress {
            stage: Stage::Index,
            done: d,
            total: t,
        });
    });
    let candidates: Vec<_> = index
        .candidates
        .into_iter()
        .map(|mut c| {
            c.a = scope_ids[c.a.index()];
            c.b = scope_ids[c.b.index()];
            c
        })
        .collect();
    let fresh = align_candidates(&candidates, config, progress, &|id| AlignSide {
        text: corpus.articles[id.index()].text(),
        tokens: &tokens[local_of[&id]],
        segmentation: &corpus.articles[id.index()].segmentation,
    });

    // Old matches between unchanged articles that were not aligned again, under their new ids.
    progress(Progress {
        stage: Stage::Cluster,
        done: 0,
        total: 1,
    });
    let mut matches = kept_matches(previous.reuse, &|old| {
        let id = new_of_old.get(old.index()).copied().flatten()?;
        let i = id.index();
        (!focus[i]).then_some((id, rejoined[i]))
    });
    matches.extend(fresh);

    // Widely carried passages and stock phrases depend on the whole corpus: found again.
    let frequent = frequent_ngrams(previous.postings, &added_df, &removed_df, pair_limit);
    let mut all = every_article_tokens(corpus, tokens, &scope_ids);
    for t in &mut all {
        t.is_stock = Vec::new();
    }
    let found = wide::find(corpus, &all, &frequent, &new_rank, config);
    let reuse = assemble(corpus, config, &new_rank, matches, found, &|i| {
        &all[i].tokens
    });
    progress(Progress {
        stage: Stage::Cluster,
        done: 1,
        total: 1,
    });

    if let Some(sink) = postings {
        let mut fresh: Vec<(u64, u32)> = added
            .iter()
            .zip(&focus_counts)
            .flat_map(|(id, counts)| {
                let rank = new_rank[id.index()];
                counts.iter().map(move |&(h, n)| (h, pack(rank, n)))
            })
            .collect();
        fresh.par_sort_unstable();
        let mut fresh = fresh.into_iter().peekable();
        for (h, posting) in previous.postings.iter() {
            let (r, occurrences) = unpack(posting);
            let Some(id) = survivor(r) else { continue };
            let entry = (h, pack(new_rank[id.index()], occurrences));
            while let Some(&next) = fresh.peek().filter(|&&f| f < entry) {
                sink(next.0, next.1);
                fresh.next();
            }
            sink(entry.0, entry.1);
        }
        for (h, r) in fresh {
            sink(h, r);
        }
    }

    Outcome::Updated(Refreshed {
        reuse,
        added: added.len(),
        removed,
        reread: scope_ids.len(),
    })
}

/// The pairwise matches of a previous result to keep, under new ids: `keep(old id)` gives an
/// article's new id and whether it was rejoined, or `None` when its matches are found again.
/// A match between two rejoined articles is found again too. Matches of widely carried
/// passages are always found again ([`wide::find`]); boilerplate matches are kept like others.
fn kept_matches(
    previous: &Reuse,
    keep: &dyn Fn(ArticleId) -> Option<(ArticleId, bool)>,
) -> Vec<Match> {
    let is_wide = |m: &Match| {
        previous
            .clusters
            .get(m.cluster.0 as usize)
            .is_some_and(|c| c.is_wide)
    };
    let pairwise = previous.matches.iter().filter(|m| !is_wide(m));
    pairwise
        .chain(&previous.boilerplate_matches)
        .filter_map(|m| {
            let (a, a_rejoined) = keep(m.a.article)?;
            let (b, b_rejoined) = keep(m.b.article)?;
            if a_rejoined && b_rejoined {
                return None;
            }
            let side = |s: &Side, article| Side {
                article,
                byte_span: s.byte_span.clone(),
            };
            Some(Match {
                a: side(&m.a, a),
                b: side(&m.b, b),
                ..m.clone()
            })
        })
        .collect()
}

/// The n-grams of the new corpus found in more than `threshold` articles (those that pair no
/// articles up), with how many:
/// the previous posting list's counts, plus the new texts', minus the gone ones'.
fn frequent_ngrams(
    postings: &Postings,
    added_df: &HashMap<u64, u32>,
    removed_df: &HashMap<u64, u32>,
    threshold: usize,
) -> HashMap<u64, u32> {
    let mut out = HashMap::new();
    let df_of = |h: u64, old: u32| {
        (old + added_df.get(&h).copied().unwrap_or(0))
            .saturating_sub(removed_df.get(&h).copied().unwrap_or(0))
    };
    let mut i = 0;
    while i < postings.len() {
        let (h, _) = postings.entry(i);
        let run = postings.range(h);
        let df = df_of(h, u32::try_from(run.len()).unwrap_or(u32::MAX));
        if df as usize > threshold {
            out.insert(h, df);
        }
        i = run.end.max(i + 1);
    }
    for (&h, &n) in added_df {
        if postings.range(h).is_empty() && n as usize > threshold {
            out.insert(h, n);
        }
    }
    out
}

/// The tokens of every article by id: those read again already (`scope_ids[k]` has
/// `tokens[k]`), the rest read now.
fn every_article_tokens(
    corpus: &Corpus,
    tokens: Vec<ArticleTokens>,
    scope_ids: &[ArticleId],
) -> Vec<ArticleTokens> {
    let mut have: Vec<Option<ArticleTokens>> = vec![None; corpus.articles.len()];
    for (id, t) in scope_ids.iter().zip(tokens) {
        have[id.index()] = Some(t);
    }
    have.into_par_iter()
        .enumerate()
        .map(|(i, t)| {
            t.unwrap_or_else(|| ArticleTokens {
                tokens: tokenize(corpus.articles[i].text()),
                is_stock: Vec::new(),
            })
        })
        .collect()
}

/// Each article's rank when `(name, hash)` entries are sorted by name.
fn ranks_of_names(articles: &[(String, u64)]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&x, &y| articles[x].0.cmp(&articles[y].0));
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}
