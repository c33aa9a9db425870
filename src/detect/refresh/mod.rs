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

mod changes;
mod realign;

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::index::{
    ArticleTokens, PostingSink, pairing_limit, shingle_counts, stock_threshold,
};
use crate::detect::postings::Postings;
use crate::detect::reuse::{Progress, Reuse, Stage, assemble};
use crate::detect::wide;
use changes::{ArticleDiff, DfChange, Renumbering, frequent_ngrams, id_at, old_df};
use realign::{Reread, every_article_tokens, kept_matches, partners, tokens_of, write_postings};

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
///
/// The steps: tell what changed ([`ArticleDiff`], [`Renumbering`], [`DfChange`]); mark the
/// articles the change reaches ([`changes::marks`]) and the partners of new texts; align those
/// again; keep every other old match; find widely carried passages again (they depend on the
/// whole corpus); merge the posting list. Each step is a function of `changes.rs` or
/// `realign.rs`; what stays here is the order and the progress reports between them, which
/// read best as one list.
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
    let diff = ArticleDiff::between(previous.articles, corpus, hashes);
    let changes = diff.changes();
    if changes > MIN_BATCH.max(n / MAX_CHANGED_SHARE) {
        return Outcome::Rerun(format!("{changes} articles changed"));
    }
    let renumbering = Renumbering::new(previous.articles, &diff, corpus);

    // The n-grams of the new texts, and of the gone ones (from the posting list).
    progress(Progress {
        stage: Stage::Normalize,
        done: 0,
        total: changes,
    });
    let added_tokens = tokens_of(corpus, &diff.added);
    let added_counts: Vec<Vec<(u64, u32)>> = added_tokens
        .par_iter()
        .map(|t| shingle_counts(&t.tokens))
        .collect();
    let change = DfChange::new(
        &added_counts,
        previous.postings,
        &renumbering,
        diff.removed > 0,
    );
    let df = |h: u64| change.df(h, old_df(previous.postings, h));
    let pair_limit = pairing_limit(n, config);
    let marks = changes::marks(
        &diff.added,
        &change,
        previous.postings,
        &renumbering,
        threshold,
        pair_limit,
    );

    // Articles whose stock marks moved are read like new ones.
    let mut is_added = vec![false; n];
    for id in &diff.added {
        is_added[id.index()] = true;
    }
    let restocked: Vec<ArticleId> = (0..n)
        .filter(|&i| marks.focus[i] && !is_added[i])
        .map(id_at)
        .collect();
    let restocked_tokens = tokens_of(corpus, &restocked);
    let restocked_counts: Vec<Vec<(u64, u32)>> = restocked_tokens
        .par_iter()
        .map(|t| shingle_counts(&t.tokens))
        .collect();
    let focus_ids: Vec<ArticleId> = diff.added.iter().chain(&restocked).copied().collect();
    let focus_tokens: Vec<ArticleTokens> =
        added_tokens.into_iter().chain(restocked_tokens).collect();
    let focus_counts: Vec<&[(u64, u32)]> = added_counts
        .iter()
        .chain(&restocked_counts)
        .map(Vec::as_slice)
        .collect();

    // The articles read again: new ones, their possible partners, the rejoined ones.
    let mut reread = marks.rejoined.clone();
    let partners = partners(
        &focus_counts,
        &change,
        previous.postings,
        &renumbering,
        pair_limit,
    );
    for id in partners.iter().chain(&focus_ids) {
        reread[id.index()] = true;
    }
    let mut reread = Reread::new(corpus, &reread, &focus_ids, focus_tokens);
    let fresh = reread.align(corpus, config, &renumbering.new_rank, &marks, &df, progress);
    let reread_count = reread.ids.len();

    // Old matches between unchanged articles that were not aligned again, under their new ids.
    progress(Progress {
        stage: Stage::Cluster,
        done: 0,
        total: 1,
    });
    let mut matches = kept_matches(previous.reuse, &|old| {
        let id = diff.new_of_old.get(old.index()).copied().flatten()?;
        let i = id.index();
        (!marks.focus[i]).then_some((id, marks.rejoined[i]))
    });
    matches.extend(fresh);

    // Widely carried passages and stock phrases depend on the whole corpus: found again.
    let frequent = frequent_ngrams(previous.postings, &change, pair_limit);
    let mut all = every_article_tokens(corpus, reread);
    for t in &mut all {
        t.is_stock = Vec::new();
    }
    let found = wide::find(corpus, &all, &frequent, &renumbering.new_rank, config);
    let reuse = assemble(
        corpus,
        config,
        &renumbering.new_rank,
        matches,
        found,
        &|i| &all[i].tokens,
    );
    progress(Progress {
        stage: Stage::Cluster,
        done: 1,
        total: 1,
    });
    if let Some(sink) = postings {
        write_postings(
            sink,
            previous.postings,
            &renumbering,
            &diff.added,
            &added_counts,
        );
    }
    Outcome::Updated(Refreshed {
        reuse,
        added: diff.added.len(),
        removed: diff.removed,
        reread: reread_count,
    })
}
