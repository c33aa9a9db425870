//! Reuse detection for a whole corpus: which passages outlets share, grouped into clusters, and
//! how much of each article is its own. The one entry point, [`detect`], runs the pipeline
//! normalize → index → align → cluster and returns plain data for the reader and `scan`.
//!
//! Results never depend on the order articles were loaded in: pairs are oriented by article
//! name, and matches and clusters are sorted by name and position. Turning spans into stored
//! byte offsets, and printing, is left to the callers.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::align::{AlignSide, AlignedPassage, align_pair};
use crate::detect::chain;
use crate::detect::cluster::Members;
use crate::detect::index::{ArticleTokens, Candidate, Index, PostingSink, Scope, runs_by};
use crate::detect::normalize::{Token, tokenize};
use crate::detect::wide::{self, WideCluster};

/// One side of a match or one member of a cluster: a passage of one article.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Side {
    /// The article.
    pub article: ArticleId,
    /// Byte span in the article's text ([`crate::Article::text`]).
    pub byte_span: Range<usize>,
}

/// How close two shared passages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchKind {
    /// The same words, differing at most in case, diacritics, punctuation or spacing.
    Verbatim,
    /// A light rewrite: respellings, words dropped, added or swapped, a sentence added or cut.
    Rewrite,
}

impl MatchKind {
    /// `"verbatim"` or `"rewrite"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Verbatim => "verbatim",
            MatchKind::Rewrite => "rewrite",
        }
    }

    /// `similarity` as screens and reports print it: a rewrite shows at most 0.99 (99%), so
    /// that text which is not word for word never reads "rewrite · similarity 1.00" once
    /// rounded (a one-word change in a long passage scores 0.998).
    pub fn shown_similarity(self, similarity: f64) -> f64 {
        match self {
            MatchKind::Verbatim => similarity,
            MatchKind::Rewrite => similarity.min(0.99),
        }
    }
}

/// A cluster's number, in the order clusters are listed (from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClusterId(pub u32);

/// A passage shared by two articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The passage in the article whose name sorts first.
    pub a: Side,
    /// The passage in the other article.
    pub b: Side,
    /// Similarity of the two passages, in [0, 1] ([`crate::detect::align::similarity`]).
    pub similarity: f64,
    /// Verbatim copy or rewrite.
    pub kind: MatchKind,
    /// Words the two passages have in common (after normalization).
    pub words: usize,
    /// The cluster both passages belong to.
    pub cluster: ClusterId,
}

impl Match {
    /// This match seen from `article`: `(its passage, the other passage)`, or `None` when the
    /// match does not involve it.
    pub fn from_side_of(&self, article: ArticleId) -> Option<(&Side, &Side)> {
        if self.a.article == article {
            Some((&self.a, &self.b))
        } else if self.b.article == article {
            Some((&self.b, &self.a))
        } else {
            None
        }
    }
}

/// One passage and every article that carries it. Every member is a copy of one
/// representative (aligned with it above `min_similarity`): two passages of one article are
/// never in one cluster because their spans touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Its number; `reuse.clusters[id.0]` is this cluster.
    pub id: ClusterId,
    /// The passage in each article, sorted by article name then position. An article appears
    /// more than once when it carries the passage more than once.
    pub members: Vec<Side>,
    /// True for a passage carried by too many articles to pair them all: its members were each
    /// aligned against one representative ([`crate::detect::wide`]).
    pub is_wide: bool,
    /// True when every article of the corpus (three or more) carries it: page clutter more
    /// likely than reuse, reported but marked.
    pub is_likely_boilerplate: bool,
}

/// Why text found in several articles is not reported as a shared passage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetAsideReason {
    /// A short phrase found in many articles, each time in other surroundings.
    Stock,
    /// Text shared only by articles of one outlet (a footer, a standing line).
    Boilerplate,
}

impl SetAsideReason {
    /// `"stock"` or `"boilerplate"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetAsideReason::Stock => "stock",
            SetAsideReason::Boilerplate => "boilerplate",
        }
    }
}

/// A passage detection saw in several articles and chose not to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where it is.
    pub side: Side,
    /// Why it was set aside.
    pub reason: SetAsideReason,
    /// The same number for every occurrence of one phrase (for counting phrases, not
    /// occurrences; 0 for boilerplate, counted by passage).
    pub phrase: u64,
}

/// What reuse detection says about one article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleReuse {
    /// Share of its words inside passages it shares with other articles, in [0, 1].
    pub copied_share: f64,
    /// Number of its words inside shared passages.
    pub copied_words: usize,
    /// Number of its words (as detection counts them).
    pub words: usize,
    /// Number of its shared passages (cluster members in this article).
    pub shared_passages: usize,
}

/// Everything reuse detection found in a corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reuse {
    /// Pairwise matches, sorted by first article, position, second article.
    pub matches: Vec<Match>,
    /// Clusters, numbered in order of their first member.
    pub clusters: Vec<Cluster>,
    /// Per article, indexed by [`ArticleId`].
    pub articles: Vec<ArticleReuse>,
    /// Stock phrases and boilerplate: seen in several articles, not reported. Sorted by
    /// article name and position.
    pub set_aside: Vec<SetAside>,
    /// Pairwise matches not reported on their own: between copies of boilerplate, or between
    /// copies of a widely carried passage (whose cluster holds them already). Kept so that an
    /// update can judge them again (an article of another outlet makes boilerplate reuse).
    pub boilerplate_matches: Vec<Match>,
    /// Passages that the tool which found imported matches named as sources (passim's `src`),
    /// for [`crate::detect::source`]; empty for crossread's own detection.
    pub named_sources: Vec<Side>,
}

impl Reuse {
    /// The matches that involve `article`.
    pub fn matches_of(&self, article: ArticleId) -> impl Iterator<Item = &Match> {
        self.matches
            .iter()
            .filter(move |m| m.a.article == article || m.b.article == article)
    }

    /// The shared passages of `article` with their clusters, in text order.
    pub fn passages_of(&self, article: ArticleId) -> Vec<(&Side, ClusterId)> {
        let mut out: Vec<(&Side, ClusterId)> = self
            .clusters
            .iter()
            .flat_map(|c| c.members.iter().map(move |m| (m, c.id)))
            .filter(|(m, _)| m.article == article)
            .collect();
        out.sort_by_key(|(m, id)| (m.byte_span.start, *id));
        out
    }

    /// The cluster with this id.
    pub fn cluster(&self, id: ClusterId) -> Option<&Cluster> {
        self.clusters.get(id.0 as usize)
    }

    /// The passages of `article` that were set aside (stock phrases, boilerplate), in text
    /// order.
    pub fn set_aside_of(&self, article: ArticleId) -> Vec<&SetAside> {
        let mut out: Vec<&SetAside> = self
            .set_aside
            .iter()
            .filter(|s| s.side.article == article)
            .collect();
        out.sort_by_key(|s| (s.side.byte_span.start, s.side.byte_span.end));
        out
    }

    /// How many distinct stock phrases were set aside, and how many boilerplate passages.
    pub fn set_aside_counts(&self) -> (usize, usize) {
        let mut phrases: Vec<u64> = self
            .set_aside
            .iter()
            .filter(|s| s.reason == SetAsideReason::Stock)
            .map(|s| s.phrase)
            .collect();
        phrases.sort_unstable();
        phrases.dedup();
        let boilerplate = self
            .set_aside
            .iter()
            .filter(|s| s.reason == SetAsideReason::Boilerplate)
            .map(|s| s.phrase)
            .collect::<std::collections::HashSet<u64>>()
            .len();
        (phrases.len(), boilerplate)
    }

    /// What detection says about `article` (all zero for an unknown id).
    pub fn article(&self, article: ArticleId) -> ArticleReuse {
        self.articles
            .get(article.index())
            .cloned()
            .unwrap_or_default()
    }
}

/// A step of detection, for progress reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Reading and segmenting the files (`done`/`total` count files); reported by loaders that
    /// take a progress callback, such as [`crate::cache::load_corpus`].
    Load,
    /// Folding each article into tokens (`done`/`total` count articles).
    Normalize,
    /// Grouping shared word sequences (`done`/`total` count n-grams).
    Index,
    /// Aligning candidate pairs (`done`/`total` count article pairs).
    Align,
    /// Grouping matches into clusters (`done`/`total` count matches).
    Cluster,
}

impl Stage {
    /// A short name for a progress line (`"aligning"`).
    pub fn label(self) -> &'static str {
        match self {
            Stage::Load => "loading",
            Stage::Normalize => "reading",
            Stage::Index => "indexing",
            Stage::Align => "aligning",
            Stage::Cluster => "grouping",
        }
    }
}

/// How far detection has come: `done` of `total` units of `stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The current step.
    pub stage: Stage,
    /// Units done so far.
    pub done: usize,
    /// Units in this step.
    pub total: usize,
}

/// Finds the passages articles of `corpus` share. See [`detect_with_progress`].
///
/// # Examples
/// ```
/// use crossread::{Corpus, config::DetectConfig, detect::reuse::{detect, MatchKind}};
/// let wire = "Putin has repeatedly raised doubts about Zelenskiy's legitimacy as his term in \
///     office was due to expire in May 2024 but the war means no new presidential election \
///     has yet been held.";
/// let rewrite = wire.replace("Zelenskiy's", "Zelenskyy’s").replace("Putin", "Vladimir Putin");
/// let a = format!("The talks stalled on Thursday. {wire}");
/// let b = format!("{rewrite} Officials gave no further details.");
/// let corpus = Corpus::from_texts([("a.txt", a.as_str()), ("b.txt", b.as_str())]);
/// let reuse = detect(&corpus, &DetectConfig::default());
/// assert_eq!(reuse.matches.len(), 1);
/// let m = &reuse.matches[0];
/// assert_eq!(&a[m.a.byte_span.clone()], wire);
/// assert_eq!(&b[m.b.byte_span.clone()], rewrite);
/// assert_eq!(m.kind, MatchKind::Rewrite);
/// assert!(m.similarity > 0.9);
/// assert_eq!(reuse.clusters[0].members.len(), 2);
/// ```
pub fn detect(corpus: &Corpus, config: &DetectConfig) -> Reuse {
    detect_with_progress(corpus, config, &|_| {})
}

/// Finds the passages articles of `corpus` share, calling `progress` as work gets done (from
/// several threads; it should be cheap).
///
/// Pipeline: every article is folded into tokens ([`crate::detect::normalize`]); hashed n-grams of
/// content words found in a few articles (not in too many: those are stock phrases) pair
/// articles up at candidate regions ([`crate::detect::index`]); each region is aligned with `similar`
/// and cut into passages ([`crate::detect::align`]); passages long and similar enough become matches,
/// grouped into clusters ([`crate::detect::cluster`]).
pub fn detect_with_progress(
    corpus: &Corpus,
    config: &DetectConfig,
    progress: &(dyn Fn(Progress) + Sync),
) -> Reuse {
    detect_with_postings(corpus, config, progress, None)
}

/// Like [`detect_with_progress`], handing the corpus's posting list to `postings` as it is
/// built (see [`crate::detect::postings`]), so that a later update can start from it.
pub fn detect_with_postings(
    corpus: &Corpus,
    config: &DetectConfig,
    progress: &(dyn Fn(Progress) + Sync),
    postings: Option<PostingSink<'_>>,
) -> Reuse {
    let n = corpus.articles.len();
    let report = |stage, done, total| progress(Progress { stage, done, total });

    // Normalize.
    let done = AtomicUsize::new(0);
    let mut tokens: Vec<ArticleTokens> = corpus
        .articles
        .par_iter()
        .map(|article| {
            let t = ArticleTokens {
                tokens: tokenize(article.text()),
                is_stock: Vec::new(),
            };
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d % 256 == 0 || d == n {
                report(Stage::Normalize, d, n);
            }
            t
        })
        .collect();

    // Index.
    let rank = name_ranks(corpus);
    let scope = Scope::whole(n);
    let index = Index::build_in(&mut tokens, &rank, config, scope, postings, &|d, t| {
        report(Stage::Index, d, t)
    });

    let matches = align_candidates(&index.candidates, config, progress, &|id| AlignSide {
        text: corpus.articles[id.index()].text(),
        tokens: &tokens[id.index()],
        segmentation: &corpus.articles[id.index()].segmentation,
    });

    // The stock marks served the alignment: the widely carried passages are aligned without
    // them, and the memory is better spent there.
    for t in &mut tokens {
        t.is_stock = Vec::new();
    }
    report(Stage::Cluster, 0, 1);
    let frequent: HashMap<u64, u32> = index.frequent.iter().copied().collect();
    let found = wide::find(corpus, &tokens, &frequent, &rank, config);
    let reuse = assemble(corpus, config, &rank, matches, found, &|i| {
        &tokens[i].tokens
    });
    report(Stage::Cluster, 1, 1);
    reuse
}

/// The result of detection from the pairwise matches and what [`wide::find`] found; text one
/// outlet repeats is set aside as boilerplate when `config.boilerplate` says so.
pub(crate) fn assemble<'t>(
    corpus: &Corpus,
    config: &DetectConfig,
    rank: &[u32],
    matches: Vec<Match>,
    found: wide::Found,
    tokens: &(dyn Fn(usize) -> &'t [Token] + Sync),
) -> Reuse {
    let n = corpus.articles.len();
    let same_source = |x: ArticleId, y: ArticleId| {
        config.boilerplate && corpus.articles[x.index()].outlet == corpus.articles[y.index()].outlet
    };
    let chains = |clusters: &[&[Side]]| {
        let places: Vec<Vec<chain::Place>> = clusters
            .iter()
            .map(|c| {
                c.iter()
                    .map(|s| (s.article.index(), s.byte_span.clone()))
                    .collect()
            })
            .collect();
        chain::stock_chains(n, config, tokens, &places)
    };
    let grouped = group(n, rank, matches, found.clusters, &same_source, &chains);
    let articles = (0..n)
        .into_par_iter()
        .map(|i| figures(tokens(i), &grouped.members[i]))
        .collect();
    // A common phrase inside a reported passage is part of that passage, not set aside.
    let reported = |(article, span): &(ArticleId, Range<usize>)| {
        grouped
            .members
            .get(article.index())
            .is_some_and(|m| m.position(span).is_some())
    };
    // Sized exactly up front: a corpus sets hundreds of thousands of phrases aside.
    let kept: Vec<bool> = found
        .stock
        .par_iter()
        .map(|s| !reported(&s.place()))
        .collect();
    let mut set_aside: Vec<SetAside> =
        Vec::with_capacity(kept.iter().filter(|&&k| k).count() + grouped.boilerplate.len());
    set_aside.extend(
        found
            .stock
            .into_iter()
            .zip(kept)
            .filter(|(_, kept)| *kept)
            .map(|(s, _)| SetAside {
                side: Side {
                    article: s.article,
                    byte_span: s.start as usize..s.end as usize,
                },
                reason: SetAsideReason::Stock,
                phrase: s.phrase,
            }),
    );
    set_aside.extend(grouped.boilerplate);
    let key = |s: &SetAside| {
        (
            rank.get(s.side.article.index())
                .copied()
                .unwrap_or(u32::MAX),
            s.side.byte_span.start,
            s.side.byte_span.end,
            s.reason == SetAsideReason::Boilerplate,
        )
    };
    set_aside.sort_by_key(key);
    Reuse {
        matches: grouped.matches,
        clusters: grouped.clusters,
        articles,
        set_aside,
        boilerplate_matches: grouped.boilerplate_matches,
        named_sources: Vec::new(),
    }
}

/// The [`Reuse`] of `corpus` made of matches found elsewhere (an imported result): grouped into
/// clusters and counted per article exactly as detection does with its own, so that the
/// reader and `scan` treat them alike. Cluster numbers in `matches` are ignored.
pub fn from_matches(corpus: &Corpus, matches: Vec<Match>) -> Reuse {
    let n = corpus.articles.len();
    let rank = name_ranks(corpus);
    // Imported matches come as they were judged elsewhere (passim filters boilerplate itself
    // with its series field): no wide-passage search and no outlet filter on top.
    let grouped = group(n, &rank, matches, Vec::new(), &|_, _| false, &|c| {
        vec![false; c.len()]
    });
    let articles = corpus
        .articles
        .par_iter()
        .zip(grouped.members.par_iter())
        .map(|(article, members)| figures(&tokenize(article.text()), members))
        .collect();
    Reuse {
        matches: grouped.matches,
        clusters: grouped.clusters,
        articles,
        set_aside: Vec::new(),
        boilerplate_matches: grouped.boilerplate_matches,
        named_sources: Vec::new(),
    }
}

/// Aligns candidate regions (grouped by pair) into matches, pair by pair in parallel;
/// `side(id)` gives an article's tokens and sentences. Progress counts pairs.
pub(crate) fn align_candidates<'a>(
    candidates: &[Candidate],
    config: &DetectConfig,
    progress: &(dyn Fn(Progress) + Sync),
    side: &(dyn Fn(ArticleId) -> AlignSide<'a> + Sync),
) -> Vec<Match> {
    let pairs = runs_by(candidates, |c| (c.a, c.b));
    let total_pairs = pairs.len();
    let done = AtomicUsize::new(0);
    let aligned: Vec<(ArticleId, ArticleId, Vec<AlignedPassage>)> = pairs
        .par_iter()
        .map(|range| {
            let candidates = &candidates[range.clone()];
            let (a, b) = (candidates[0].a, candidates[0].b);
            let passages = align_pair(side(a), side(b), candidates, config);
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d % 64 == 0 || d == total_pairs {
                progress(Progress {
                    stage: Stage::Align,
                    done: d,
                    total: total_pairs,
                });
            }
            (a, b, passages)
        })
        .collect();
    to_matches(aligned)
}

/// Each article's position when articles are sorted by name.
pub(crate) fn name_ranks(corpus: &Corpus) -> Vec<u32> {
    let mut order: Vec<usize> = (0..corpus.articles.len()).collect();
    order.sort_by(|&x, &y| corpus.articles[x].name.cmp(&corpus.articles[y].name));
    let mut rank = vec![0u32; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = u32::try_from(r).unwrap_or(u32::MAX);
    }
    rank
}

/// Turns aligned passages into matches (cluster numbers are set by [`group`]).
fn to_matches(aligned: Vec<(ArticleId, ArticleId, Vec<AlignedPassage>)>) -> Vec<Match> {
    aligned
        .into_iter()
        .flat_map(|(a, b, passages)| {
            passages.into_iter().map(move |p| Match {
                a: Side {
                    article: a,
                    byte_span: p.a_bytes,
                },
                b: Side {
                    article: b,
                    byte_span: p.b_bytes,
                },
                similarity: p.similarity,
                kind: if p.is_verbatim {
                    MatchKind::Verbatim
                } else {
                    MatchKind::Rewrite
                },
                words: p.matched_words,
                cluster: ClusterId(0),
            })
        })
        .collect()
}

/// Matches sorted and numbered by cluster, the clusters, and each article's shared spans.
pub(crate) struct Grouped {
    pub matches: Vec<Match>,
    pub clusters: Vec<Cluster>,
    /// Per article (by id): the disjoint union of its matched spans.
    pub members: Vec<Members>,
    /// The members of clusters found in one outlet only, and of chains of stock phrases.
    pub boilerplate: Vec<SetAside>,
    /// The pairwise matches of those clusters.
    pub boilerplate_matches: Vec<Match>,
}

/// Articles of one outlet (and none of another) that must carry a passage before it is taken
/// for that outlet's boilerplate.
const MIN_BOILERPLATE_ARTICLES: usize = 3;

/// A cluster before numbering.
struct Draft {
    members: Vec<Side>,
    is_wide: bool,
    /// Indices into the matches of the cluster.
    matches: Vec<usize>,
}

/// Sorts the matches of a corpus of `n` articles (ranked by name in `rank`) and groups them
/// into clusters, with the widely carried passages found apart (`wide`). Clusters whose
/// members all come from one outlet (`same_source`) are boilerplate and set aside, and so are
/// those `stock_chains` says are chains of stock phrases. The result depends only on the set
/// of matches, not on their order.
pub(crate) fn group(
    n: usize,
    rank: &[u32],
    mut matches: Vec<Match>,
    wide: Vec<WideCluster>,
    same_source: &dyn Fn(ArticleId, ArticleId) -> bool,
    stock_chains: &dyn Fn(&[&[Side]]) -> Vec<bool>,
) -> Grouped {
    let key = |s: &Side| {
        (
            rank.get(s.article.index()).copied().unwrap_or(u32::MAX),
            s.byte_span.start,
            s.byte_span.end,
        )
    };
    matches.sort_by(|x, y| {
        (key(&x.a), key(&x.b))
            .cmp(&(key(&y.a), key(&y.b)))
            .then(x.similarity.total_cmp(&y.similarity))
    });
    // Pairs of copies of one widely carried passage are that passage's cluster already.
    let absorbed = copies_of_wide(n, &matches, &wide);
    let mut order: Vec<usize> = (0..matches.len()).collect();
    order.sort_by_key(|&i| absorbed[i]);
    let mut slots: Vec<Option<Match>> = matches.into_iter().map(Some).collect();
    let mut matches: Vec<Match> = order.iter().filter_map(|&i| slots[i].take()).collect();
    let pairwise = matches.len();
    let own = absorbed.iter().filter(|&&a| !a).count();
    let nodes = Nodes::of(n, &matches[..own]);
    let mut drafts = pure_clusters(&nodes, &key);
    for w in wide {
        let first = matches.len();
        matches.extend(
            w.matches
                .into_iter()
                .flat_map(|(a, b, p)| to_matches(vec![(a, b, vec![p])])),
        );
        drafts.push(Draft {
            members: w
                .members
                .into_iter()
                .map(|(article, byte_span)| Side { article, byte_span })
                .collect(),
            is_wide: true,
            matches: (first..matches.len()).collect(),
        });
    }
    for d in &mut drafts {
        d.members.sort_by_key(|m| key(m));
        d.members.dedup();
    }
    drafts.sort_by(|x, y| {
        let first = |d: &Draft| d.members.first().map(&key);
        first(x).cmp(&first(y)).then(x.is_wide.cmp(&y.is_wide))
    });

    let chains = {
        let members: Vec<&[Side]> = drafts.iter().map(|d| d.members.as_slice()).collect();
        stock_chains(&members)
    };
    let mut cluster_of_match: Vec<Option<ClusterId>> = vec![None; matches.len()];
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut boilerplate = Vec::new();
    let mut boilerplate_passages = 0u64;
    for (d, is_chain) in drafts.into_iter().zip(chains) {
        let Some(first) = d.members.first() else {
            continue;
        };
        if is_chain {
            // One number per chain, the same for each of its copies.
            let phrase =
                crate::hash::mix((u64::from(first.article.0) << 32) ^ first.byte_span.start as u64);
            boilerplate.extend(d.members.into_iter().map(|side| SetAside {
                side,
                reason: SetAsideReason::Stock,
                phrase,
            }));
            continue;
        }
        let mut articles: Vec<ArticleId> = d.members.iter().map(|m| m.article).collect();
        articles.sort_unstable();
        articles.dedup();
        // Two articles of one outlet sharing a passage may be a story and its update; three
        // or more carrying it, and no other outlet, is that outlet's standing text.
        if articles.len() >= MIN_BOILERPLATE_ARTICLES
            && d.members
                .iter()
                .all(|m| same_source(first.article, m.article))
        {
            boilerplate_passages += 1;
            boilerplate.extend(d.members.into_iter().map(|side| SetAside {
                side,
                reason: SetAsideReason::Boilerplate,
                phrase: boilerplate_passages,
            }));
            continue;
        }
        let id = ClusterId(u32::try_from(clusters.len()).unwrap_or(u32::MAX));
        for &m in &d.matches {
            cluster_of_match[m].get_or_insert(id);
        }
        clusters.push(Cluster {
            id,
            is_likely_boilerplate: n >= 3 && articles.len() == n,
            members: d.members,
            is_wide: d.is_wide,
        });
    }
    let mut kept = Vec::with_capacity(matches.len());
    let mut boilerplate_matches = Vec::new();
    for (i, mut m) in matches.into_iter().enumerate() {
        match cluster_of_match[i] {
            Some(c) => {
                m.cluster = c;
                kept.push(m);
            }
            _ if i < pairwise => boilerplate_matches.push(m),
            _ => {}
        }
    }
    kept.sort_by(|x, y| {
        (key(&x.a), key(&x.b))
            .cmp(&(key(&y.a), key(&y.b)))
            .then(x.cluster.cmp(&y.cluster))
    });
    boilerplate.sort_by_key(|b| key(&b.side));

    let mut spans: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
    for c in &clusters {
        for m in &c.members {
            if let Some(s) = spans.get_mut(m.article.index()) {
                s.push(m.byte_span.clone());
            }
        }
    }
    let members = spans.into_iter().map(Members::from_spans).collect();
    Grouped {
        matches: kept,
        clusters,
        members,
        boilerplate,
        boilerplate_matches,
    }
}

/// For each match, true when both its sides lie (at least half of each) inside copies of one
/// widely carried passage: the pair is already in that passage's cluster.
fn copies_of_wide(n: usize, matches: &[Match], wide: &[WideCluster]) -> Vec<bool> {
    let mut places: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); n];
    for (w, cluster) in wide.iter().enumerate() {
        for (article, span) in &cluster.members {
            if let Some(list) = places.get_mut(article.index()) {
                list.push((span.clone(), w));
            }
        }
    }
    let inside = |side: &Side| -> Vec<usize> {
        places
            .get(side.article.index())
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|(span, _)| {
                let overlap = span
                    .end
                    .min(side.byte_span.end)
                    .saturating_sub(span.start.max(side.byte_span.start));
                2 * overlap >= side.byte_span.len().max(1)
            })
            .map(|&(_, w)| w)
            .collect()
    };
    matches
        .iter()
        .map(|m| {
            let a = inside(&m.a);
            !a.is_empty() && inside(&m.b).iter().any(|w| a.contains(w))
        })
        .collect()
}

/// The passages the matches found in each article: spans that overlap by at least half of the
/// longer one are one passage; spans that merely touch, or a short span inside a long one (one
/// sentence of a paragraph copied elsewhere on its own), are two.
struct Nodes {
    /// Node of each match's side `a` and side `b`.
    of_match: Vec<(usize, usize)>,
    /// Article and hull span of each node.
    sides: Vec<Side>,
}

impl Nodes {
    fn of(n: usize, matches: &[Match]) -> Nodes {
        let mut per_article: Vec<Vec<(Range<usize>, usize, bool)>> = vec![Vec::new(); n];
        for (i, m) in matches.iter().enumerate() {
            if let Some(v) = per_article.get_mut(m.a.article.index()) {
                v.push((m.a.byte_span.clone(), i, true));
            }
            if let Some(v) = per_article.get_mut(m.b.article.index()) {
                v.push((m.b.byte_span.clone(), i, false));
            }
        }
        let mut of_match = vec![(0, 0); matches.len()];
        let mut sides: Vec<Side> = Vec::new();
        for (article, mut spans) in per_article.into_iter().enumerate() {
            spans.sort_by_key(|(s, i, is_a)| (s.start, s.end, *i, *is_a));
            // Open nodes of this article: (node, hull).
            let mut open: Vec<usize> = Vec::new();
            for (span, i, is_a) in spans {
                let found = open.iter().copied().find(|&node| {
                    let hull = &sides[node].byte_span;
                    let overlap = hull
                        .end
                        .min(span.end)
                        .saturating_sub(hull.start.max(span.start));
                    2 * overlap >= hull.len().max(span.len()).max(1)
                });
                let node = match found {
                    Some(node) => {
                        let hull = &mut sides[node].byte_span;
                        hull.end = hull.end.max(span.end);
                        node
                    }
                    None => {
                        sides.push(Side {
                            article: ArticleId(u32::try_from(article).unwrap_or(u32::MAX)),
                            byte_span: span.clone(),
                        });
                        open.push(sides.len() - 1);
                        sides.len() - 1
                    }
                };
                open.retain(|&o| sides[o].byte_span.end > span.start);
                if is_a {
                    of_match[i].0 = node;
                } else {
                    of_match[i].1 = node;
                }
            }
        }
        Nodes { of_match, sides }
    }
}

/// Clusters of the pairwise matches, each a representative (the passage with the most copies
/// still uncovered) and the passages matched with it: no cluster chains through a passage
/// that resembles two others.
fn pure_clusters(nodes: &Nodes, key: &dyn Fn(&Side) -> (u32, usize, usize)) -> Vec<Draft> {
    let count = nodes.sides.len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(x, y) in &nodes.of_match {
        if x != y {
            neighbours[x].push(y);
            neighbours[y].push(x);
        }
    }
    for list in &mut neighbours {
        list.sort_unstable();
        list.dedup();
    }
    let mut order: Vec<usize> = (0..count).filter(|&i| !neighbours[i].is_empty()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(neighbours[i].len()), key(&nodes.sides[i])));
    let mut covered = vec![false; count];
    let mut rep_cluster: Vec<Option<usize>> = vec![None; count];
    let mut clusters_of: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut drafts: Vec<Draft> = Vec::new();
    for &rep in &order {
        if covered[rep] {
            continue;
        }
        let c = drafts.len();
        covered[rep] = true;
        rep_cluster[rep] = Some(c);
        clusters_of[rep].push(c);
        let mut members = vec![nodes.sides[rep].clone()];
        for &y in &neighbours[rep] {
            covered[y] = true;
            clusters_of[y].push(c);
            members.push(nodes.sides[y].clone());
        }
        drafts.push(Draft {
            members,
            is_wide: false,
            matches: Vec::new(),
        });
    }
    for (i, &(x, y)) in nodes.of_match.iter().enumerate() {
        let c = rep_cluster[x]
            .or(rep_cluster[y])
            .or_else(|| {
                clusters_of[x]
                    .iter()
                    .copied()
                    .find(|c| clusters_of[y].contains(c))
            })
            .or_else(|| clusters_of[x].first().copied());
        if let Some(c) = c {
            drafts[c].matches.push(i);
        }
    }
    drafts
}

/// What detection says about an article with these tokens and shared spans.
pub(crate) fn figures(tokens: &[Token], members: &Members) -> ArticleReuse {
    let copied_words = members
        .spans
        .iter()
        .map(|s| {
            tokens.partition_point(|x| (x.byte_start as usize) < s.end)
                - tokens.partition_point(|x| (x.byte_start as usize) < s.start)
        })
        .sum::<usize>();
    ArticleReuse {
        copied_share: if tokens.is_empty() {
            0.0
        } else {
            copied_words as f64 / tokens.len() as f64
        },
        copied_words,
        words: tokens.len(),
        shared_passages: members.spans.len(),
    }
}
