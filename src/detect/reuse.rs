//! Reuse detection for a whole corpus: which passages outlets share, grouped into clusters, and
//! how much of each article is its own. The one entry point, [`detect`], runs the pipeline
//! normalize → index → align → cluster and returns plain data for the reader and `scan`.
//!
//! Results never depend on the order articles were loaded in: pairs are oriented by article
//! name, and matches and clusters are sorted by name and position. Turning spans into stored
//! byte offsets, and printing, is left to the callers.

use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::DetectConfig;
use crate::corpus::{ArticleId, Corpus};
use crate::detect::align::{AlignSide, AlignedPassage, align_pair};
use crate::detect::cluster::{DisjointSets, Members};
use crate::detect::index::{ArticleTokens, Candidate, Index, PostingSink, Scope, runs_by};
use crate::detect::normalize::{Token, tokenize};

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

/// One passage and every article that carries it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    /// Its number; `reuse.clusters[id.0]` is this cluster.
    pub id: ClusterId,
    /// The passage in each article, sorted by article name then position. An article appears
    /// more than once when it carries the passage more than once.
    pub members: Vec<Side>,
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

    report(Stage::Cluster, 0, 1);
    let grouped = group(n, &rank, matches);
    let articles = (0..n)
        .map(|i| figures(&tokens[i].tokens, &grouped.members[i]))
        .collect();
    report(Stage::Cluster, 1, 1);
    Reuse {
        matches: grouped.matches,
        clusters: grouped.clusters,
        articles,
    }
}

/// The [`Reuse`] of `corpus` made of matches found elsewhere (an imported result): grouped into
/// clusters and counted per article exactly as detection does with its own, so that the
/// reader and `scan` treat them alike. Cluster numbers in `matches` are ignored.
pub fn from_matches(corpus: &Corpus, matches: Vec<Match>) -> Reuse {
    let n = corpus.articles.len();
    let rank = name_ranks(corpus);
    let grouped = group(n, &rank, matches);
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
}

/// Sorts the matches of a corpus of `n` articles (ranked by name in `rank`) and groups them
/// into clusters. The result depends only on the set of matches, not on their order.
pub(crate) fn group(n: usize, rank: &[u32], mut matches: Vec<Match>) -> Grouped {
    let key = |s: &Side| (rank[s.article.index()], s.byte_span.start, s.byte_span.end);
    matches.sort_by_key(|m| (key(&m.a), key(&m.b)));

    // Members: the disjoint union of each article's matched spans.
    let mut spans: Vec<Vec<Range<usize>>> = vec![Vec::new(); n];
    for m in &matches {
        spans[m.a.article.index()].push(m.a.byte_span.clone());
        spans[m.b.article.index()].push(m.b.byte_span.clone());
    }
    let members: Vec<Members> = spans.into_iter().map(Members::from_spans).collect();
    let mut offset = Vec::with_capacity(n + 1);
    offset.push(0);
    for m in &members {
        offset.push(offset.last().copied().unwrap_or(0) + m.spans.len());
    }
    let node = |s: &Side| {
        members[s.article.index()]
            .position(&s.byte_span)
            .map(|i| offset[s.article.index()] + i)
    };
    let mut sets = DisjointSets::new(offset[n]);
    for m in &matches {
        if let (Some(x), Some(y)) = (node(&m.a), node(&m.b)) {
            sets.union(x, y);
        }
    }

    // Clusters in order of their first member (by article name, then position).
    let mut all_nodes: Vec<(u32, usize, usize, usize)> = Vec::with_capacity(offset[n]);
    for (article, m) in members.iter().enumerate() {
        for (i, span) in m.spans.iter().enumerate() {
            all_nodes.push((rank[article], span.start, article, offset[article] + i));
        }
    }
    all_nodes.sort_unstable();
    let mut cluster_of_root = std::collections::HashMap::new();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut node_cluster = vec![ClusterId(0); offset[n]];
    for &(_, _, article, id) in &all_nodes {
        let root = sets.find(id);
        let cluster = *cluster_of_root.entry(root).or_insert_with(|| {
            let id = ClusterId(u32::try_from(clusters.len()).unwrap_or(u32::MAX));
            clusters.push(Cluster {
                id,
                members: Vec::new(),
            });
            id
        });
        node_cluster[id] = cluster;
        let local = id - offset[article];
        clusters[cluster.0 as usize].members.push(Side {
            article: ArticleId(u32::try_from(article).unwrap_or(u32::MAX)),
            byte_span: members[article].spans[local].clone(),
        });
    }
    for m in &mut matches {
        if let Some(x) = node(&m.a) {
            m.cluster = node_cluster[x];
        }
    }

    Grouped {
        matches,
        clusters,
        members,
    }
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
