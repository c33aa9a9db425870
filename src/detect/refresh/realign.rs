//! Aligning again what a change reaches: the partners a new text may share a passage with,
//! the articles read again and their alignment, the old matches kept under new ids, and the
//! posting list merged with the new texts' entries.

use std::collections::HashMap;

use rayon::prelude::*;

use super::changes::{DfChange, Marks, Renumbering, id_at, old_df};
use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::align::AlignSide;
use crate::detect::index::{
    ArticleTokens, Index, MAX_REPEATS_PER_ARTICLE, MIN_EVIDENCE, PostingSink, Scope, weight,
};
use crate::detect::normalize::tokenize;
use crate::detect::postings::{Postings, pack, unpack};
use crate::detect::reuse::{Match, Progress, Reuse, Side, Stage, align_candidates};

/// The tokens of the articles `ids`, read now.
pub(super) fn tokens_of(corpus: &Corpus, ids: &[ArticleId]) -> Vec<ArticleTokens> {
    ids.par_iter()
        .map(|id| ArticleTokens {
            tokens: tokenize(corpus.articles[id.index()].text()),
            is_stock: Vec::new(),
        })
        .collect()
}

/// Unchanged articles that may share a passage with a focus article (whose n-gram counts are
/// `focus_counts`): those whose shared n-grams could add up to the evidence a candidate needs,
/// weighed exactly as the index's first test (`could_be_strong`) weighs them.
pub(super) fn partners(
    focus_counts: &[&[(u64, u32)]],
    change: &DfChange,
    postings: &Postings,
    renumbering: &Renumbering,
    pair_limit: usize,
) -> Vec<ArticleId> {
    focus_counts
        .par_iter()
        .flat_map_iter(|counts| {
            let mut bound: HashMap<ArticleId, f64> = HashMap::new();
            for &(h, occurrences) in *counts {
                let df = change.df(h, old_df(postings, h));
                if df < 2 || df as usize > pair_limit {
                    continue;
                }
                // A hit per pair of occurrences, a few per article.
                let repeats = MAX_REPEATS_PER_ARTICLE as f64;
                let mine = weight(df) * f64::from(occurrences).min(repeats);
                for (r, theirs) in postings.ranks(h) {
                    if let Some(id) = renumbering.survivor(r) {
                        *bound.entry(id).or_default() += mine * f64::from(theirs).min(repeats);
                    }
                }
            }
            bound
                .into_iter()
                .filter(|&(_, b)| b >= MIN_EVIDENCE - 1e-9)
                .map(|(id, _)| id)
        })
        .collect()
}

/// The articles read again, with their tokens: `ids[k]` has `tokens[k]`.
pub(super) struct Reread {
    /// Their ids, in corpus order.
    pub ids: Vec<ArticleId>,
    /// Their tokens.
    pub tokens: Vec<ArticleTokens>,
}

impl Reread {
    /// The articles flagged in `reread`; those among `focus_ids` take their tokens from
    /// `focus_tokens` (read already), the rest are read now.
    pub fn new(
        corpus: &Corpus,
        reread: &[bool],
        focus_ids: &[ArticleId],
        focus_tokens: Vec<ArticleTokens>,
    ) -> Reread {
        let ids: Vec<ArticleId> = (0..reread.len())
            .filter(|&i| reread[i])
            .map(id_at)
            .collect();
        let mut have: HashMap<ArticleId, ArticleTokens> =
            focus_ids.iter().copied().zip(focus_tokens).collect();
        let mut tokens: Vec<ArticleTokens> = ids
            .par_iter()
            .map(|id| match have.get(id) {
                Some(_) => ArticleTokens::default(),
                None => ArticleTokens {
                    tokens: tokenize(corpus.articles[id.index()].text()),
                    is_stock: Vec::new(),
                },
            })
            .collect();
        for (k, id) in ids.iter().enumerate() {
            if let Some(t) = have.remove(id) {
                tokens[k] = t;
            }
        }
        Reread { ids, tokens }
    }

    /// Indexes and aligns the pairs among these articles that the change reaches: a focus
    /// article with any other, or two rejoined ones. `df` gives an n-gram's article count in
    /// the whole corpus.
    pub fn align(
        &mut self,
        corpus: &Corpus,
        config: &DetectConfig,
        new_rank: &[u32],
        marks: &Marks,
        df: &(dyn Fn(u64) -> u32 + Sync),
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Vec<Match> {
        let ids = &self.ids;
        let local_rank: Vec<u32> = ids.iter().map(|id| new_rank[id.index()]).collect();
        let wants = |x: usize, y: usize| {
            let (x, y) = (ids[x].index(), ids[y].index());
            marks.focus[x] || marks.focus[y] || (marks.rejoined[x] && marks.rejoined[y])
        };
        let scope = Scope {
            corpus_articles: corpus.articles.len(),
            df: Some(df),
            wants: Some(&wants),
        };
        let index = Index::build_in(
            &mut self.tokens,
            &local_rank,
            config,
            scope,
            None,
            &|d, t| {
                progress(Progress {
                    stage: Stage::Index,
                    done: d,
                    total: t,
                });
            },
        );
        let candidates: Vec<_> = index
            .candidates
            .into_iter()
            .map(|mut c| {
                c.a = ids[c.a.index()];
                c.b = ids[c.b.index()];
                c
            })
            .collect();
        let local_of: HashMap<ArticleId, usize> =
            ids.iter().enumerate().map(|(k, id)| (*id, k)).collect();
        let tokens = &self.tokens;
        align_candidates(&candidates, config, progress, &|id| AlignSide {
            text: corpus.articles[id.index()].text(),
            tokens: &tokens[local_of[&id]],
            segmentation: &corpus.articles[id.index()].segmentation,
        })
    }
}

/// The pairwise matches of a previous result to keep, under new ids: `keep(old id)` gives an
/// article's new id and whether it was rejoined, or `None` when its matches are found again.
/// A match between two rejoined articles is found again too. Matches of widely carried
/// passages are always found again ([`crate::detect::wide::find`]); boilerplate matches are
/// kept like others.
pub(super) fn kept_matches(
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

/// The tokens of every article by id: those read again already (`reread`), the rest read now.
pub(super) fn every_article_tokens(corpus: &Corpus, reread: Reread) -> Vec<ArticleTokens> {
    let mut have: Vec<Option<ArticleTokens>> = vec![None; corpus.articles.len()];
    for (id, t) in reread.ids.iter().zip(reread.tokens) {
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

/// Writes the new posting list to `sink`, in order: the previous entries of articles that
/// stayed (under their new ranks) merged with the entries of the `added` articles (whose
/// n-gram counts are `added_counts`).
pub(super) fn write_postings(
    sink: PostingSink<'_>,
    previous: &Postings,
    renumbering: &Renumbering,
    added: &[ArticleId],
    added_counts: &[Vec<(u64, u32)>],
) {
    let new_rank = &renumbering.new_rank;
    let mut fresh: Vec<(u64, u32)> = added
        .iter()
        .zip(added_counts)
        .flat_map(|(id, counts)| {
            let rank = new_rank[id.index()];
            counts.iter().map(move |&(h, n)| (h, pack(rank, n)))
        })
        .collect();
    fresh.par_sort_unstable();
    let mut fresh = fresh.into_iter().peekable();
    for (h, posting) in previous.iter() {
        let (r, occurrences) = unpack(posting);
        let Some(id) = renumbering.survivor(r) else {
            continue;
        };
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
